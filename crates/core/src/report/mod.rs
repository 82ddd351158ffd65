//! Reports: numbers computed from the records, in pure Rust (tested
//! natively on fixed data). Every report is a [`Report`]: columns, rows of
//! [`Cell`]s and a [`Chart`]; each cell names the records behind it, so the
//! page links every number to its list, and the page's table and its CSV
//! are written from the same cells.

pub mod activities;
pub mod contacts;
pub mod dashboard;
pub mod period;
pub mod sales;
pub mod support;

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use crate::model::filter::OwnerFilter;
use crate::model::lead::LeadSource;
use crate::model::pipeline::Stage;
use crate::model::quote::QuoteStatus;
use crate::model::{ActivityKind, Crm, Kind, Target};

pub use contacts::{contacts_per_organization, engagement, Engagement, LastContact, OrganizationContacts, Thresholds};
pub use period::{Period, Preset, Range, Span};

coded! {
    /// The reports, by their code in the URL (`/reports/<code>`).
    pub enum ReportId {
        #[default]
        PipelineByStage = "pipeline-by-stage",
        PipelineByMonth = "pipeline-by-month",
        WinRate = "win-rate",
        LeadsBySource = "leads-by-source",
        QuotesByStatus = "quotes-by-status",
        Activities = "activities",
        ContactsPerOrganization = "contacts-per-organization",
        ActiveContacts = "active-contacts",
        DormantContacts = "dormant-contacts",
        SlaCompliance = "sla-compliance",
        TicketsByStatus = "tickets-by-status",
        TicketsPerOrganization = "tickets-per-organization",
        TicketsPerItem = "tickets-per-item",
        ExpiringPerMonth = "expiring-per-month",
        ProjectsOnTime = "projects-on-time",
        Upsell = "upsell",
    }
}

coded! {
    /// What the rows (or, for activities, the columns) are grouped by.
    pub enum By {
        #[default]
        Month = "month",
        Quarter = "quarter",
        Owner = "owner",
        Kind = "kind",
        Priority = "priority",
    }
}

impl ReportId {
    /// The kind of record the report counts (whose tags its tag filter
    /// offers).
    pub fn counted_kind(self) -> Kind {
        match self {
            ReportId::PipelineByStage | ReportId::PipelineByMonth | ReportId::WinRate => Kind::Opportunity,
            ReportId::LeadsBySource => Kind::Lead,
            ReportId::QuotesByStatus => Kind::Quote,
            ReportId::Activities => Kind::Activity,
            ReportId::ContactsPerOrganization | ReportId::ActiveContacts | ReportId::DormantContacts => Kind::Contact,
            ReportId::SlaCompliance | ReportId::TicketsByStatus | ReportId::TicketsPerOrganization | ReportId::TicketsPerItem => Kind::Ticket,
            ReportId::ExpiringPerMonth | ReportId::Upsell => Kind::Contract,
            ReportId::ProjectsOnTime => Kind::Project,
        }
    }

    /// The period a report opens with; `None`: it is about now and takes none.
    pub fn default_period(self) -> Option<Preset> {
        match self {
            ReportId::PipelineByStage | ReportId::PipelineByMonth => Some(Preset::All),
            ReportId::WinRate | ReportId::LeadsBySource | ReportId::QuotesByStatus => Some(Preset::ThisYear),
            ReportId::Activities => Some(Preset::Last90),
            ReportId::ContactsPerOrganization | ReportId::ActiveContacts | ReportId::DormantContacts => None,
            ReportId::SlaCompliance => Some(Preset::ThisQuarter),
            ReportId::TicketsPerOrganization | ReportId::TicketsPerItem => Some(Preset::Last365),
            ReportId::ProjectsOnTime => Some(Preset::ThisYear),
            ReportId::TicketsByStatus | ReportId::ExpiringPerMonth | ReportId::Upsell => None,
        }
    }

    /// The groupings offered, the first the default (empty: none).
    pub fn groupings(self) -> &'static [By] {
        match self {
            ReportId::WinRate => &[By::Month, By::Quarter, By::Owner],
            ReportId::Activities => &[By::Kind, By::Owner],
            ReportId::SlaCompliance => &[By::Priority, By::Month, By::Quarter],
            _ => &[],
        }
    }

    /// Whether the active and dormant thresholds apply.
    pub fn uses_thresholds(self) -> bool {
        matches!(self, ReportId::ActiveContacts | ReportId::DormantContacts)
    }
}

/// A report's filters and choices, as in its URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Params {
    pub period: Period,
    pub owner: OwnerFilter,
    /// "" for any.
    pub tag: String,
    pub by: By,
    pub thresholds: Thresholds,
}

impl Params {
    pub fn new(id: ReportId) -> Params {
        Params {
            period: Period::preset(id.default_period().unwrap_or_default()),
            owner: OwnerFilter::Anyone,
            tag: String::new(),
            by: id.groupings().first().copied().unwrap_or_default(),
            thresholds: Thresholds::default(),
        }
    }

    /// The URL query: what differs from the report's defaults, in a fixed order.
    pub fn to_query(&self, id: ReportId) -> Vec<(&'static str, String)> {
        let d = Params::new(id);
        let mut q = crate::model::filter::ListFilter { owner: self.owner, tag: self.tag.clone(), since: None }.to_query();
        if id.default_period().is_some() && self.period != d.period {
            q.push(("period", self.period.preset.code().to_string()));
            if self.period.preset == Preset::Custom {
                q.extend(self.period.from.map(|f| ("from", crate::model::time::format_date(f))));
                q.extend(self.period.to.map(|t| ("to", crate::model::time::format_date(t))));
            }
        }
        if self.by != d.by {
            q.push(("by", self.by.code().to_string()));
        }
        if id.uses_thresholds() {
            if self.thresholds.active_days != d.thresholds.active_days {
                q.push(("active", self.thresholds.active_days.to_string()));
            }
            if self.thresholds.dormant_days != d.thresholds.dormant_days {
                q.push(("dormant", self.thresholds.dormant_days.to_string()));
            }
        }
        q
    }

    /// From the URL query; what does not parse (or does not apply to the
    /// report) is the default.
    pub fn from_query(id: ReportId, get: impl Fn(&str) -> Option<String>) -> Params {
        let mut p = Params::new(id);
        let list = crate::model::filter::ListFilter::from_query(&get);
        p.owner = list.owner;
        p.tag = list.tag;
        if id.default_period().is_some() {
            if let Some(preset) = get("period").as_deref().and_then(Preset::parse) {
                let day = |k: &str| get(k).and_then(|d| crate::model::time::parse_date(&d));
                p.period = Period { preset, from: day("from"), to: day("to") };
            }
        }
        if let Some(by) = get("by").as_deref().and_then(By::parse).filter(|b| id.groupings().contains(b)) {
            p.by = by;
        }
        let days = |k: &str| get(k).and_then(|v| v.parse::<u32>().ok()).filter(|d| (1..=THRESHOLD_MAX_DAYS).contains(d));
        if let Some(d) = days("active") {
            p.thresholds.active_days = d;
        }
        if let Some(d) = days("dormant") {
            p.thresholds.dormant_days = d;
        }
        p
    }

    /// Whether a record with this owner and these tags is reported.
    pub fn keeps(&self, owner: Option<Uuid>, tags: &[String], me: Option<Uuid>) -> bool {
        let owner_ok = match self.owner {
            OwnerFilter::Anyone => true,
            OwnerFilter::Me => owner.is_some() && owner == me,
            OwnerFilter::Nobody => owner.is_none(),
            OwnerFilter::Member(m) => owner == Some(m),
        };
        owner_ok && (self.tag.is_empty() || tags.contains(&self.tag))
    }
}

/// The longest threshold one can set: ten years.
pub const THRESHOLD_MAX_DAYS: u32 = 3650;

/// What a report is computed against: the time, the user's offset from
/// UTC (and, for SLA arithmetic, the user's offset at any instant, which
/// daylight saving time changes), who "me" is, and the pipeline (stored
/// or default stages).
#[derive(Clone, Copy)]
pub struct Env<'a> {
    pub now: DateTime<Utc>,
    pub offset_minutes: i32,
    pub zone: Option<crate::model::sla::Offset<'a>>,
    pub me: Option<Uuid>,
    pub stages: &'a [Stage],
}

impl Env<'_> {
    /// The user's offset from UTC at `t` (`offset_minutes` without a zone).
    pub fn offset_at(&self, t: DateTime<Utc>) -> i32 {
        self.zone.map_or(self.offset_minutes, |z| z(t))
    }

    /// The user's local day of a moment.
    pub fn day(&self, t: DateTime<Utc>) -> NaiveDate {
        crate::model::agenda::local_day(t, self.offset_minutes)
    }

    pub fn today(&self) -> NaiveDate {
        self.day(self.now)
    }
}

/// A column's heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Organization,
    Contact,
    Contacts,
    LastInteraction,
    DaysSilent,
    Silence,
    Stage,
    CloseMonth,
    Deals,
    Value,
    Weighted,
    Month,
    Quarter,
    Owner,
    Won,
    Lost,
    WinRate,
    WonValue,
    AverageDeal,
    Week,
    Kind(ActivityKind),
    Member(Option<Uuid>),
    Total,
    Source,
    Leads,
    Converted,
    ConversionRate,
    Status,
    Quotes,
    Priority,
    Tickets,
    FirstResponseMet,
    FirstResponseBreached,
    FirstResponseRate,
    ResolutionMet,
    ResolutionBreached,
    ResolutionRate,
    /// Up to a day, a week, a month, older.
    Age(u8),
    OpenTickets,
    Breached,
    Item,
    ContractsEnding,
    WarrantiesEnding,
    Projects,
    OnTime,
    Late,
    InProgress,
    OnTimeRate,
    /// What ends: a contract or a delivered item.
    Ending,
    Ends,
    DeliveredItems,
}

impl Column {
    /// Whether its cells are amounts (set right, to compare by eye).
    pub fn is_numeric(self) -> bool {
        use Column::*;
        !matches!(
            self,
            Organization
                | Contact
                | LastInteraction
                | Silence
                | Stage
                | CloseMonth
                | Month
                | Quarter
                | Owner
                | Week
                | Source
                | Status
                | Priority
                | Item
                | Ending
                | Ends
        )
    }
}

/// How long a contact has been silent, for the engagement chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Silence {
    Active,
    Between,
    Dormant,
    Never,
}

/// What a row is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    Record(Target),
    NoOrganization,
    Stage(Uuid),
    /// A span's first day.
    Month(NaiveDate),
    Quarter(NaiveDate),
    Week(NaiveDate),
    NoDate,
    Member(Option<Uuid>),
    Source(LeadSource),
    Status(QuoteStatus),
    Priority(crate::model::contract::SlaPriority),
    TicketStatus(crate::model::ticket::TicketStatus),
    Silence(Silence),
    Total,
    /// The total of the open stages.
    OpenTotal,
}

/// Money in several currencies, each summed on its own.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Amounts(pub BTreeMap<String, i64>);

impl Amounts {
    pub fn add(&mut self, currency: &str, minor: i64) {
        match self.0.get_mut(currency) {
            Some(v) => *v = v.saturating_add(minor),
            None => {
                self.0.insert(currency.to_string(), minor);
            }
        }
    }

    pub fn merge(&mut self, other: &Amounts) {
        for (c, v) in &other.0 {
            self.add(c, *v);
        }
    }

    pub fn get(&self, currency: &str) -> i64 {
        self.0.get(currency).copied().unwrap_or(0)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Empty,
    Label(Label),
    Count(usize),
    Money(Amounts),
    /// An average or ratio of nothing (no deal won): not zero, but none.
    Undefined,
    /// Tenths of a percent; None when there was nothing to divide by.
    Percent(Option<u32>),
    Date(Option<NaiveDate>),
    /// None: never.
    Days(Option<i64>),
}

/// One cell and the records behind it (empty: nothing to list).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub value: Value,
    pub records: Vec<Target>,
}

impl Cell {
    pub fn new(value: Value, records: Vec<Target>) -> Cell {
        Cell { value, records }
    }

    pub fn plain(value: Value) -> Cell {
        Cell { value, records: Vec::new() }
    }

    pub fn label(label: Label) -> Cell {
        Cell::plain(Value::Label(label))
    }

    pub fn count(records: Vec<Target>) -> Cell {
        Cell { value: Value::Count(records.len()), records }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    /// Each series its own bar.
    Grouped,
    /// The series one on another (parts of a whole).
    Stacked,
}

/// Horizontal bars: one group per label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chart {
    pub kind: ChartKind,
    pub series: Vec<Column>,
    pub bars: Vec<(Label, Vec<Value>)>,
}

impl Chart {
    /// A chart of the first `max` rows: their label (column 0) and the
    /// values of `series` (column indexes).
    pub fn of_rows(kind: ChartKind, columns: &[Column], rows: &[Vec<Cell>], series: &[usize], max: usize) -> Chart {
        let bars = rows
            .iter()
            .take(max)
            .map(|r| {
                let label = match &r[0].value {
                    Value::Label(l) => *l,
                    _ => Label::Total,
                };
                (label, series.iter().map(|&i| r[i].value.clone()).collect())
            })
            .collect();
        Chart { kind, series: series.iter().map(|&i| columns[i]).collect(), bars }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
    pub total: Option<Vec<Cell>>,
    pub chart: Chart,
}

impl Report {
    /// Whether no record is behind any number (the page then says so
    /// instead of a table of zeros).
    pub fn is_empty(&self) -> bool {
        match &self.total {
            Some(total) => total.iter().all(|c| c.records.is_empty()),
            None => self.rows.is_empty(),
        }
    }

    /// The cell at a row (`rows.len()` is the total) and column.
    pub fn cell(&self, row: usize, col: usize) -> Option<&Cell> {
        let r = if row == self.rows.len() { self.total.as_ref()? } else { self.rows.get(row)? };
        r.get(col)
    }
}

/// Computes report `id` with `params`.
pub fn compute(crm: &Crm, id: ReportId, params: &Params, env: &Env) -> Report {
    match id {
        ReportId::ContactsPerOrganization => contacts::per_organization(crm, params, env),
        ReportId::ActiveContacts => contacts::engagement_report(crm, params, env, false),
        ReportId::DormantContacts => contacts::engagement_report(crm, params, env, true),
        ReportId::PipelineByStage => sales::pipeline_by_stage(crm, params, env),
        ReportId::PipelineByMonth => sales::pipeline_by_month(crm, params, env),
        ReportId::WinRate => sales::win_rate(crm, params, env),
        ReportId::LeadsBySource => sales::leads_by_source(crm, params, env),
        ReportId::QuotesByStatus => sales::quotes_by_status(crm, params, env),
        ReportId::Activities => activities::per_week(crm, params, env),
        ReportId::SlaCompliance => support::sla_compliance(crm, params, env),
        ReportId::TicketsByStatus => support::tickets_by_status(crm, params, env),
        ReportId::TicketsPerOrganization => support::tickets_per(crm, params, env, Kind::Organization),
        ReportId::TicketsPerItem => support::tickets_per(crm, params, env, Kind::DeliveredItem),
        ReportId::ExpiringPerMonth => support::expiring_per_month(crm, params, env),
        ReportId::ProjectsOnTime => support::projects_on_time(crm, params, env),
        ReportId::Upsell => support::upsell(crm, params, env),
    }
}

/// A record's name order (its folded sort key) with the first bytes held
/// inline: sorting 100,000 contacts by name then mostly compares those
/// instead of following two pointers into the heap per comparison. Orders
/// exactly as the key does (`str` orders bytewise; no key holds a NUL).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct NameKey<'a>([u8; 16], &'a str);

impl<'a> NameKey<'a> {
    pub(crate) fn new(key: &'a str) -> Self {
        let mut head = [0u8; 16];
        let n = key.len().min(16);
        head[..n].copy_from_slice(&key.as_bytes()[..n]);
        NameKey(head, key)
    }

    pub(crate) fn of(crm: &'a Crm, id: Uuid) -> Self {
        NameKey::new(crm.sort_key(id))
    }
}

/// `part` of `whole` in tenths of a percent, rounded; None of nothing.
pub fn percent(part: usize, whole: usize) -> Option<u32> {
    (whole > 0).then(|| ((part as u64 * 1000 + whole as u64 / 2) / whole as u64) as u32)
}

/// Rows by span (week, month, quarter): every span between the first and
/// the last day that has records (only those that have records when that
/// would be more than [`SPANS_MAX`] rows), oldest first.
pub(crate) fn span_keys(span: Span, days: impl Iterator<Item = NaiveDate>, range: Range) -> Vec<NaiveDate> {
    let mut first: Option<NaiveDate> = None;
    let mut last: Option<NaiveDate> = None;
    let mut seen = std::collections::BTreeSet::new();
    for d in days {
        first = Some(first.map_or(d, |f| f.min(d)));
        last = Some(last.map_or(d, |l| l.max(d)));
        seen.insert(span.start(d));
    }
    // A bounded period shows its whole length (zeros included).
    if let (Some(f), Some(t)) = (range.from, range.to) {
        first = Some(first.map_or(f, |d| d.min(f)));
        last = Some(last.map_or(t, |d| d.max(t)));
    }
    let (Some(first), Some(last)) = (first, last) else { return Vec::new() };
    span.between(first, last, SPANS_MAX).unwrap_or_else(|| seen.into_iter().collect())
}

/// The most span rows a report fills in with zeros.
pub const SPANS_MAX: usize = 400;

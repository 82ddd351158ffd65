//! Reports in words: their names and hints, the period presets and
//! groupings, column headers, and each cell as the table, the CSV and the
//! chart show it.

use uuid::Uuid;

use super::{activity_kinds, format_date, format_month, format_number, format_totals_whole, lead_source, quote_status, Lang, T};
use crate::model::pipeline::Stage;
use crate::model::Crm;
use crate::report::{By, Column, Label, Preset, Report, ReportId, Silence, Value};

pub fn report_name(id: ReportId) -> T {
    match id {
        ReportId::PipelineByStage => T::ReportPipelineByStage,
        ReportId::PipelineByMonth => T::ReportPipelineByMonth,
        ReportId::WinRate => T::ReportWinRate,
        ReportId::LeadsBySource => T::ReportLeadsBySource,
        ReportId::QuotesByStatus => T::ReportQuotesByStatus,
        ReportId::Activities => T::ReportActivities,
        ReportId::ContactsPerOrganization => T::ReportContactsPerOrganization,
        ReportId::ActiveContacts => T::ReportActiveContacts,
        ReportId::DormantContacts => T::ReportDormantContacts,
        ReportId::SlaCompliance => T::ReportSlaCompliance,
        ReportId::TicketsByStatus => T::ReportTicketsByStatus,
        ReportId::TicketsPerOrganization => T::ReportTicketsPerOrganization,
        ReportId::TicketsPerItem => T::ReportTicketsPerItem,
        ReportId::ExpiringPerMonth => T::ReportExpiringPerMonth,
        ReportId::ProjectsOnTime => T::ReportProjectsOnTime,
        ReportId::Upsell => T::ReportUpsell,
    }
}

pub fn report_hint(id: ReportId) -> T {
    match id {
        ReportId::PipelineByStage => T::ReportPipelineByStageHint,
        ReportId::PipelineByMonth => T::ReportPipelineByMonthHint,
        ReportId::WinRate => T::ReportWinRateHint,
        ReportId::LeadsBySource => T::ReportLeadsBySourceHint,
        ReportId::QuotesByStatus => T::ReportQuotesByStatusHint,
        ReportId::Activities => T::ReportActivitiesHint,
        ReportId::ContactsPerOrganization => T::ReportContactsPerOrganizationHint,
        ReportId::ActiveContacts => T::ReportActiveContactsHint,
        ReportId::DormantContacts => T::ReportDormantContactsHint,
        ReportId::SlaCompliance => T::ReportSlaComplianceHint,
        ReportId::TicketsByStatus => T::ReportTicketsByStatusHint,
        ReportId::TicketsPerOrganization => T::ReportTicketsPerOrganizationHint,
        ReportId::TicketsPerItem => T::ReportTicketsPerItemHint,
        ReportId::ExpiringPerMonth => T::ReportExpiringPerMonthHint,
        ReportId::ProjectsOnTime => T::ReportProjectsOnTimeHint,
        ReportId::Upsell => T::ReportUpsellHint,
    }
}

pub fn period_preset(p: Preset) -> T {
    match p {
        Preset::All => T::PeriodAll,
        Preset::ThisMonth => T::PeriodThisMonth,
        Preset::LastMonth => T::PeriodLastMonth,
        Preset::ThisQuarter => T::PeriodThisQuarter,
        Preset::LastQuarter => T::PeriodLastQuarter,
        Preset::ThisYear => T::PeriodThisYear,
        Preset::LastYear => T::PeriodLastYear,
        Preset::Last30 => T::PeriodLast30,
        Preset::Last90 => T::PeriodLast90,
        Preset::Last365 => T::PeriodLast365,
        Preset::Custom => T::PeriodCustom,
    }
}

pub fn report_by(b: By) -> T {
    match b {
        By::Month => T::Month,
        By::Quarter => T::ColQuarter,
        By::Owner => T::FieldOwner,
        By::Kind => T::FieldKind,
        By::Priority => T::FieldPriority,
    }
}

pub fn report_column(crm: &Crm, lang: Lang, c: Column) -> String {
    let t = |k: T| lang.t(k).to_string();
    match c {
        Column::Organization => t(T::FieldOrganization),
        Column::Contact => t(T::ColContact),
        Column::Contacts => t(T::ColContacts),
        Column::LastInteraction => t(T::ColLastInteraction),
        Column::DaysSilent => t(T::ColDaysSilent),
        Column::Silence => t(T::ColLastInteraction),
        Column::Stage => t(T::Stage),
        Column::CloseMonth => t(T::CloseMonth),
        Column::Deals => t(T::ColDeals),
        Column::Value => t(T::FieldValue),
        Column::Weighted => t(T::WeightedValue),
        Column::Month => t(T::Month),
        Column::Quarter => t(T::ColQuarter),
        Column::Owner => t(T::FieldOwner),
        Column::Won => t(T::ColWon),
        Column::Lost => t(T::ColLost),
        Column::WinRate => t(T::ColWinRate),
        Column::WonValue => t(T::ValueWon),
        Column::AverageDeal => t(T::ColAverageDeal),
        Column::Week => t(T::ColWeekOf),
        Column::Kind(k) => lang.t(activity_kinds(k)).to_string(),
        Column::Member(m) => member(crm, lang, m),
        Column::Total => t(T::ColTotal),
        Column::Source => t(T::FieldSource),
        Column::Leads => t(T::NavLeads),
        Column::Converted => t(T::ColConverted),
        Column::ConversionRate => t(T::ColConversionRate),
        Column::Status => t(T::FieldStatus),
        Column::Quotes => t(T::NavQuotes),
        Column::Priority => t(T::FieldPriority),
        Column::Tickets => t(T::NavTickets),
        Column::FirstResponseMet => t(T::ColFirstResponseMet),
        Column::FirstResponseBreached => t(T::ColFirstResponseBreached),
        Column::FirstResponseRate => t(T::ColFirstResponseRate),
        Column::ResolutionMet => t(T::ColResolutionMet),
        Column::ResolutionBreached => t(T::ColResolutionBreached),
        Column::ResolutionRate => t(T::ColResolutionRate),
        Column::Age(0) => t(T::AgeDay),
        Column::Age(1) => t(T::AgeWeek),
        Column::Age(2) => t(T::AgeMonth),
        Column::Age(_) => t(T::AgeOlder),
        Column::OpenTickets => t(T::OpenTickets),
        Column::Breached => t(T::SlaBreached),
        Column::Item => t(T::DeliveredItem),
        Column::ContractsEnding => t(T::ColContractsEnding),
        Column::WarrantiesEnding => t(T::ColWarrantiesEnding),
        Column::Projects => t(T::NavProjects),
        Column::OnTime => t(T::ColOnTime),
        Column::Late => t(T::Late),
        Column::InProgress => t(T::ColInProgress),
        Column::OnTimeRate => t(T::ColOnTimeRate),
        Column::Ending => t(T::ColEnding),
        Column::Ends => t(T::FieldEnd),
        Column::DeliveredItems => t(T::DeliveredItems),
    }
}

fn member(crm: &Crm, lang: Lang, m: Option<Uuid>) -> String {
    match m {
        Some(_) => crm.member_name(m).to_string(),
        None => lang.t(T::NobodyOwner).to_string(),
    }
}

pub fn report_label(crm: &Crm, lang: Lang, stages: &[Stage], l: Label) -> String {
    let t = |k: T| lang.t(k).to_string();
    match l {
        Label::Record(target) => crm.label(target),
        Label::NoOrganization => t(T::NoOrganizationRow),
        Label::Stage(id) => stages.iter().find(|s| s.id == id).map(|s| s.name.clone()).unwrap_or_default(),
        Label::Month(d) => format_month(lang, d),
        Label::Quarter(d) => format!("Q{} {}", chrono::Datelike::month0(&d) / 3 + 1, chrono::Datelike::year(&d)),
        Label::Week(d) => format_date(lang, d),
        Label::NoDate => t(T::NoDateRow),
        Label::Member(m) => member(crm, lang, m),
        Label::Source(s) => t(lead_source(s)),
        Label::Status(s) => t(quote_status(s)),
        Label::Priority(p) => t(super::sla_priority(p)),
        Label::TicketStatus(s) => t(super::ticket_status(s)),
        Label::Silence(Silence::Active) => t(T::SilenceActive),
        Label::Silence(Silence::Between) => t(T::SilenceBetween),
        Label::Silence(Silence::Dormant) => t(T::SilenceDormant),
        Label::Silence(Silence::Never) => t(T::SilenceNever),
        Label::Total => t(T::ColTotal),
        Label::OpenTotal => t(T::OpenPipeline),
    }
}

fn percent_text(lang: Lang, tenths: u32) -> String {
    let n = format_number(lang, i64::from(tenths), 1);
    match lang {
        Lang::Cs => format!("{n}\u{a0}%"),
        Lang::En => format!("{n}%"),
    }
}

/// A cell as the table shows it (and the CSV has it).
pub fn report_value(crm: &Crm, lang: Lang, stages: &[Stage], v: &Value) -> String {
    match v {
        Value::Empty => String::new(),
        Value::Label(l) => report_label(crm, lang, stages, *l),
        Value::Count(n) => format_number(lang, *n as i64, 0),
        Value::Money(a) => format_totals_whole(lang, &a.0),
        Value::Percent(None) | Value::Days(None) | Value::Undefined => "–".into(),
        Value::Percent(Some(p)) => percent_text(lang, *p),
        Value::Date(d) => d.map(|d| format_date(lang, d)).unwrap_or_default(),
        Value::Days(Some(d)) => format_number(lang, *d, 0),
    }
}

/// The report as text: the header, the first `max_rows` rows and the
/// total (the page writes what it shows; the CSV, every row).
pub fn report_texts(crm: &Crm, lang: Lang, stages: &[Stage], r: &Report, max_rows: usize) -> Vec<Vec<String>> {
    let mut out = vec![r.columns.iter().map(|c| report_column(crm, lang, *c)).collect::<Vec<_>>()];
    out.extend(
        r.rows.iter().take(max_rows).chain(r.total.as_ref()).map(|row| row.iter().map(|c| report_value(crm, lang, stages, &c.value)).collect()),
    );
    out
}

//! Reports on contacts: how many each organization has, and who is active
//! (an interaction lately) or dormant (silent for long).

use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

use super::{Cell, Chart, ChartKind, Column, Env, Label, Params, Report, Silence, Value};
use crate::model::ids::IdMap;
use crate::model::{ActivityKind, Contact, Crm, Kind, Target};

/// An organization and its contacts, most contacts first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganizationContacts {
    /// None: the contacts without an organization.
    pub organization: Option<Uuid>,
    pub contacts: Vec<Uuid>,
}

/// Every organization with how many of the contacts `keep` keeps it has
/// (with no filter, those with none too), most first, then by name; the
/// contacts without an organization last, if any. One pass over the
/// contacts.
pub fn contacts_per_organization(crm: &Crm, keep: impl Fn(&Contact) -> bool, with_empty: bool) -> Vec<OrganizationContacts> {
    let mut by_org: IdMap<Vec<Uuid>> = IdMap::default();
    let mut without: Vec<Uuid> = Vec::new();
    for c in crm.contacts().filter(|c| keep(c)) {
        match c.organization_id {
            Some(o) => by_org.entry(o).or_default().push(c.id),
            None => without.push(c.id),
        }
    }
    let by_name = |a: &Uuid, b: &Uuid| crm.sort_key(*a).cmp(crm.sort_key(*b)).then(a.cmp(b));
    let mut rows: Vec<OrganizationContacts> = crm
        .organizations()
        .filter_map(|o| {
            let contacts = by_org.remove(&o.id).unwrap_or_default();
            (with_empty || !contacts.is_empty()).then_some(OrganizationContacts { organization: Some(o.id), contacts })
        })
        .collect();
    for r in &mut rows {
        r.contacts.sort_by(by_name);
    }
    rows.sort_by(|a, b| {
        let name = |r: &OrganizationContacts| r.organization.map_or("", |id| crm.sort_key(id));
        b.contacts.len().cmp(&a.contacts.len()).then_with(|| name(a).cmp(name(b))).then_with(|| a.organization.cmp(&b.organization))
    });
    if !without.is_empty() {
        without.sort_by(by_name);
        rows.push(OrganizationContacts { organization: None, contacts: without });
    }
    rows
}

/// How many organizations the chart shows.
const CHART_ORGANIZATIONS: usize = 15;

pub(super) fn per_organization(crm: &Crm, p: &Params, env: &Env) -> Report {
    let filtered = !p.tag.is_empty() || p.owner != crate::model::filter::OwnerFilter::Anyone;
    let rows: Vec<Vec<Cell>> = contacts_per_organization(crm, |c| p.keeps(c.owner_id, &c.tags, env.me), !filtered)
        .into_iter()
        .map(|r| {
            let label = match r.organization {
                Some(o) => Cell::new(Value::Label(Label::Record(Target::organization(o))), vec![Target::organization(o)]),
                None => Cell::label(Label::NoOrganization),
            };
            vec![label, Cell::count(r.contacts.into_iter().map(Target::contact).collect())]
        })
        .collect();
    let all: Vec<Target> = rows.iter().flat_map(|r| r[1].records.iter().copied()).collect();
    let columns = vec![Column::Organization, Column::Contacts];
    let chart = Chart::of_rows(ChartKind::Grouped, &columns, &rows, &[1], CHART_ORGANIZATIONS);
    Report { columns, rows, total: Some(vec![Cell::label(Label::Total), Cell::count(all)]), chart }
}

/// The thresholds of "active" and "dormant", in days (editable by the user).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Thresholds {
    /// An interaction within this many days makes a contact active.
    pub active_days: u32,
    /// No interaction for this many days (or ever, for a contact this old)
    /// makes it dormant.
    pub dormant_days: u32,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds { active_days: 30, dormant_days: 90 }
    }
}

/// A contact and its last interaction (none yet: `None`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LastContact {
    pub contact: Uuid,
    pub last: Option<DateTime<Utc>>,
}

/// Active and dormant contacts at `now`: active most recent first,
/// dormant longest silent first (never contacted before all others).
/// `between` and `never` count the others, for the chart.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Engagement {
    pub active: Vec<LastContact>,
    pub dormant: Vec<LastContact>,
    /// Contacted, but neither lately nor long ago.
    pub between: Vec<Uuid>,
}

/// Whether an activity is an interaction with the customer: an email, a
/// call or a meeting that has happened (tasks and notes are our own work).
fn interaction(kind: ActivityKind) -> bool {
    matches!(kind, ActivityKind::Email | ActivityKind::Call | ActivityKind::Meeting)
}

/// Each contact's last interaction, from one pass over the links.
pub fn last_interactions(crm: &Crm, now: DateTime<Utc>) -> IdMap<DateTime<Utc>> {
    let mut last: IdMap<DateTime<Utc>> = IdMap::default();
    for link in crm.links().filter(|l| l.record_kind == Kind::Contact) {
        let Some(a) = crm.activity(link.activity_id).filter(|a| interaction(a.kind)) else { continue };
        let when = a.when();
        if when > now {
            continue;
        }
        last.entry(link.record_id).and_modify(|t| *t = (*t).max(when)).or_insert(when);
    }
    last
}

/// Active and dormant among the contacts `keep` keeps.
pub fn engagement(crm: &Crm, now: DateTime<Utc>, t: Thresholds, keep: impl Fn(&Contact) -> bool) -> Engagement {
    let last = last_interactions(crm, now);
    let active_since = now - Duration::days(i64::from(t.active_days));
    let dormant_before = now - Duration::days(i64::from(t.dormant_days));
    let mut out = Engagement::default();
    for c in crm.contacts().filter(|c| keep(c)) {
        let when = last.get(&c.id).copied();
        let row = LastContact { contact: c.id, last: when };
        match when {
            Some(w) if w >= active_since => out.active.push(row),
            Some(w) if w <= dormant_before => out.dormant.push(row),
            // Never contacted: dormant once the contact is that old.
            None if c.created_at <= dormant_before => out.dormant.push(row),
            _ => out.between.push(c.id),
        }
    }
    let by_name = |a: &LastContact, b: &LastContact| crm.sort_key(a.contact).cmp(crm.sort_key(b.contact)).then(a.contact.cmp(&b.contact));
    out.active.sort_by(|a, b| b.last.cmp(&a.last).then_with(|| by_name(a, b)));
    out.dormant.sort_by(|a, b| a.last.cmp(&b.last).then_with(|| by_name(a, b)));
    out
}

/// The active (or dormant) contacts: name, organization, last interaction
/// and days since; the chart shows how all of them split.
pub(super) fn engagement_report(crm: &Crm, p: &Params, env: &Env, dormant: bool) -> Report {
    let e = engagement(crm, env.now, p.thresholds, |c| p.keeps(c.owner_id, &c.tags, env.me));
    let (never, silent): (Vec<LastContact>, Vec<LastContact>) = e.dormant.iter().partition(|l| l.last.is_none());
    let chart = Chart {
        kind: ChartKind::Grouped,
        series: vec![Column::Contacts],
        bars: vec![
            (Label::Silence(Silence::Active), vec![Value::Count(e.active.len())]),
            (Label::Silence(Silence::Between), vec![Value::Count(e.between.len())]),
            (Label::Silence(Silence::Dormant), vec![Value::Count(silent.len())]),
            (Label::Silence(Silence::Never), vec![Value::Count(never.len())]),
        ],
    };
    let list = if dormant { &e.dormant } else { &e.active };
    let rows: Vec<Vec<Cell>> = list
        .iter()
        .map(|l| {
            let me = vec![Target::contact(l.contact)];
            let org = crm.contact(l.contact).and_then(|c| c.organization_id);
            vec![
                Cell::new(Value::Label(Label::Record(me[0])), me.clone()),
                match org {
                    Some(o) => Cell::new(Value::Label(Label::Record(Target::organization(o))), vec![Target::organization(o)]),
                    None => Cell::plain(Value::Empty),
                },
                Cell::plain(Value::Date(l.last.map(|t| env.day(t)))),
                Cell::new(Value::Days(l.last.map(|t| (env.today() - env.day(t)).num_days())), me),
            ]
        })
        .collect();
    Report { columns: vec![Column::Contact, Column::Organization, Column::LastInteraction, Column::DaysSilent], rows, total: None, chart }
}

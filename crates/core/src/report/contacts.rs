//! Reports on contacts: how many each organization has, and who is active
//! (an interaction lately) or dormant (silent for long).

use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

use super::{Cell, Chart, ChartKind, Column, Env, Label, NameKey, Params, Report, Silence, Value};
use crate::model::ids::IdMap;
use crate::model::{Contact, Crm, Target};

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
    // Each contact's sort key is looked up once, not at every comparison:
    // at 100,000 contacts the lookups were most of the report's time.
    let mut by_org: IdMap<Vec<(NameKey, Uuid)>> = IdMap::default();
    let mut without: Vec<(NameKey, Uuid)> = Vec::new();
    for c in crm.contacts().filter(|c| keep(c)) {
        let row = (NameKey::of(crm, c.id), c.id);
        match c.organization_id {
            Some(o) => by_org.entry(o).or_default().push(row),
            None => without.push(row),
        }
    }
    let ids = |mut v: Vec<(NameKey, Uuid)>| {
        v.sort_unstable();
        v.into_iter().map(|(_, id)| id).collect::<Vec<Uuid>>()
    };
    let mut rows: Vec<(std::cmp::Reverse<usize>, NameKey, Uuid, Vec<(NameKey, Uuid)>)> = crm
        .organizations()
        .filter_map(|o| {
            let contacts = by_org.remove(&o.id).unwrap_or_default();
            (with_empty || !contacts.is_empty()).then(|| (std::cmp::Reverse(contacts.len()), NameKey::of(crm, o.id), o.id, contacts))
        })
        .collect();
    rows.sort_unstable_by(|a, b| (a.0, a.1, a.2).cmp(&(b.0, b.1, b.2)));
    let mut rows: Vec<OrganizationContacts> =
        rows.into_iter().map(|(_, _, o, contacts)| OrganizationContacts { organization: Some(o), contacts: ids(contacts) }).collect();
    if !without.is_empty() {
        rows.push(OrganizationContacts { organization: None, contacts: ids(without) });
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

/// A contact, its organization and its last interaction (none yet: `None`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LastContact {
    pub contact: Uuid,
    pub organization: Option<Uuid>,
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

/// Active and dormant among the contacts `keep` keeps.
pub fn engagement(crm: &Crm, now: DateTime<Utc>, t: Thresholds, keep: impl Fn(&Contact) -> bool) -> Engagement {
    let active_since = now - Duration::days(i64::from(t.active_days));
    let dormant_before = now - Duration::days(i64::from(t.dormant_days));
    // Sorted with each one's name key at hand (see `NameKey`): active by
    // the latest interaction first, dormant by the oldest (never first).
    let mut active: Vec<(std::cmp::Reverse<Option<DateTime<Utc>>>, NameKey, LastContact)> = Vec::new();
    let mut dormant: Vec<(Option<DateTime<Utc>>, NameKey, LastContact)> = Vec::with_capacity(crm.contact_count());
    let mut between = Vec::new();
    for c in crm.contacts().filter(|c| keep(c)) {
        let last = crm.last_interaction(c.id, now);
        let row = LastContact { contact: c.id, organization: c.organization_id, last };
        match last {
            Some(w) if w >= active_since => active.push((std::cmp::Reverse(last), NameKey::of(crm, c.id), row)),
            Some(w) if w <= dormant_before => dormant.push((last, NameKey::of(crm, c.id), row)),
            // Never contacted: dormant once the contact is that old.
            None if c.created_at <= dormant_before => dormant.push((None, NameKey::of(crm, c.id), row)),
            _ => between.push(c.id),
        }
    }
    // Ties (same time, same name) by id.
    active.sort_unstable_by(|a, b| (a.0, a.1, a.2.contact).cmp(&(b.0, b.1, b.2.contact)));
    dormant.sort_unstable_by(|a, b| (a.0, a.1, a.2.contact).cmp(&(b.0, b.1, b.2.contact)));
    Engagement { active: active.into_iter().map(|(_, _, l)| l).collect(), dormant: dormant.into_iter().map(|(_, _, l)| l).collect(), between }
}

/// The active (or dormant) contacts: name, organization, last interaction
/// and days since; the chart shows how all of them split.
pub(super) fn engagement_report(crm: &Crm, p: &Params, env: &Env, dormant: bool) -> Report {
    let e = engagement(crm, env.now, p.thresholds, |c| p.keeps(c.owner_id, &c.tags, env.me));
    // Counted, not copied: most of 100,000 contacts can be dormant.
    let never = e.dormant.iter().filter(|l| l.last.is_none()).count();
    let chart = Chart {
        kind: ChartKind::Grouped,
        series: vec![Column::Contacts],
        bars: vec![
            (Label::Silence(Silence::Active), vec![Value::Count(e.active.len())]),
            (Label::Silence(Silence::Between), vec![Value::Count(e.between.len())]),
            (Label::Silence(Silence::Dormant), vec![Value::Count(e.dormant.len() - never)]),
            (Label::Silence(Silence::Never), vec![Value::Count(never)]),
        ],
    };
    let list = if dormant { &e.dormant } else { &e.active };
    let today = env.today();
    let rows: Vec<Vec<Cell>> = list
        .iter()
        .map(|l| {
            let me = Target::contact(l.contact);
            // Only a number of days leads on (to the contact and its timeline).
            let (last, days) = match l.last.map(|t| env.day(t)) {
                Some(day) => (Cell::plain(Value::Date(Some(day))), Cell::new(Value::Days(Some((today - day).num_days())), vec![me])),
                None => (Cell::plain(Value::Label(Label::Silence(Silence::Never))), Cell::plain(Value::Days(None))),
            };
            vec![
                Cell::new(Value::Label(Label::Record(me)), vec![me]),
                match l.organization {
                    Some(o) => Cell::new(Value::Label(Label::Record(Target::organization(o))), vec![Target::organization(o)]),
                    None => Cell::plain(Value::Empty),
                },
                last,
                days,
            ]
        })
        .collect();
    Report { columns: vec![Column::Contact, Column::Organization, Column::LastInteraction, Column::DaysSilent], rows, total: None, chart }
}

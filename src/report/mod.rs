//! Reports: numbers computed from the records, in pure Rust (tested
//! natively on fixed data), each row naming the records behind it so a
//! page can link every number to its list.
//!
//! This is the first part of the reports (issue 6): contacts per
//! organization, and active and dormant contacts.

use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

use crate::model::ids::IdMap;
use crate::model::{ActivityKind, Crm, Kind};

/// An organization and its contacts, most contacts first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganizationContacts {
    /// None: the contacts without an organization.
    pub organization: Option<Uuid>,
    pub contacts: Vec<Uuid>,
}

/// Every organization with how many contacts it has (those with none
/// too), most first, then by name; the contacts without an organization
/// last, if any.
pub fn contacts_per_organization(crm: &Crm) -> Vec<OrganizationContacts> {
    let mut rows: Vec<OrganizationContacts> = crm
        .organizations()
        .map(|o| OrganizationContacts { organization: Some(o.id), contacts: crm.contacts_of(o.id).into_iter().map(|c| c.id).collect() })
        .collect();
    rows.sort_by(|a, b| {
        let name = |r: &OrganizationContacts| r.organization.map_or("", |id| crm.sort_key(id));
        b.contacts.len().cmp(&a.contacts.len()).then_with(|| name(a).cmp(name(b))).then_with(|| a.organization.cmp(&b.organization))
    });
    let mut without: Vec<Uuid> = crm.contacts().filter(|c| c.organization_id.is_none()).map(|c| c.id).collect();
    if !without.is_empty() {
        without.sort_by(|a, b| crm.sort_key(*a).cmp(crm.sort_key(*b)).then(a.cmp(b)));
        rows.push(OrganizationContacts { organization: None, contacts: without });
    }
    rows
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
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Engagement {
    pub active: Vec<LastContact>,
    pub dormant: Vec<LastContact>,
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

pub fn engagement(crm: &Crm, now: DateTime<Utc>, t: Thresholds) -> Engagement {
    let last = last_interactions(crm, now);
    let active_since = now - Duration::days(i64::from(t.active_days));
    let dormant_before = now - Duration::days(i64::from(t.dormant_days));
    let mut out = Engagement::default();
    for c in crm.contacts() {
        let when = last.get(&c.id).copied();
        let row = LastContact { contact: c.id, last: when };
        match when {
            Some(w) if w >= active_since => out.active.push(row),
            Some(w) if w <= dormant_before => out.dormant.push(row),
            // Never contacted: dormant once the contact is that old.
            None if c.created_at <= dormant_before => out.dormant.push(row),
            _ => {}
        }
    }
    let by_name = |a: &LastContact, b: &LastContact| crm.sort_key(a.contact).cmp(crm.sort_key(b.contact)).then(a.contact.cmp(&b.contact));
    out.active.sort_by(|a, b| b.last.cmp(&a.last).then_with(|| by_name(a, b)));
    out.dormant.sort_by(|a, b| a.last.cmp(&b.last).then_with(|| by_name(a, b)));
    out
}

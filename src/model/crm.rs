//! The whole CRM in memory, with the indexes the pages look things up by.
//!
//! A user action is computed here as a list of [`Change`]s without touching
//! the records; the store persists the list in one transaction and only then
//! is it [`Crm::apply`]ed. So memory never shows a change the disk refused.

use chrono::{DateTime, Utc};
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use uuid::Uuid;

use super::history::{self, Action, FieldChange, HistoryEntry};
use super::ids::IdMap;
use super::search::{digits_into, fold, fold_into, Hits, Query, SearchIndex};
use super::validate::{FieldError, Problem};
use super::{Contact, Organization};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Organization,
    Contact,
    History,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::Organization, Kind::Contact, Kind::History];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Organization => "organization",
            Kind::Contact => "contact",
            Kind::History => "history",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// One record-level write. A user action is a `Vec<Change>`.
/// Stored as `{"op": "put_contact", "record": {...}}`; see [`Change::deserialize`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Change {
    PutOrganization { record: Organization },
    PutContact { record: Contact },
    DeleteOrganization { id: Uuid },
    DeleteContact { id: Uuid },
    AddHistory { record: HistoryEntry },
}

impl Change {
    pub fn kind(&self) -> Kind {
        match self {
            Change::PutOrganization { .. } | Change::DeleteOrganization { .. } => Kind::Organization,
            Change::PutContact { .. } | Change::DeleteContact { .. } => Kind::Contact,
            Change::AddHistory { .. } => Kind::History,
        }
    }
}

#[derive(Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Op {
    PutOrganization,
    PutContact,
    DeleteOrganization,
    DeleteContact,
    AddHistory,
}

#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "snake_case")]
enum ChangeField {
    Op,
    Id,
    Record,
    #[serde(other)]
    Other,
}

/// Reads the record straight into its type once "op" has named it. serde's
/// derive for a tagged enum buffers every record first (slower, and a
/// second copy of each record's parser in the wasm). Our writer always puts
/// "op" before "record"; a migrated log (keys sorted) may have "id" first.
impl<'de> Deserialize<'de> for Change {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct ChangeVisitor;
        impl<'de> Visitor<'de> for ChangeVisitor {
            type Value = Change;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a change with an \"op\"")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Change, A::Error> {
                let (mut op, mut id, mut put) = (None, None, None);
                while let Some(field) = map.next_key::<ChangeField>()? {
                    match field {
                        ChangeField::Op => op = Some(map.next_value::<Op>()?),
                        ChangeField::Id => id = Some(map.next_value::<Uuid>()?),
                        ChangeField::Record => {
                            put = Some(match op {
                                Some(Op::PutOrganization) => Change::PutOrganization { record: map.next_value()? },
                                Some(Op::PutContact) => Change::PutContact { record: map.next_value()? },
                                Some(Op::AddHistory) => Change::AddHistory { record: map.next_value()? },
                                Some(_) => return Err(de::Error::unknown_field("record", &["op", "id"])),
                                None => return Err(de::Error::custom("\"op\" must come before \"record\"")),
                            })
                        }
                        ChangeField::Other => {
                            map.next_value::<de::IgnoredAny>()?;
                        }
                    }
                }
                let id = || id.ok_or_else(|| de::Error::missing_field("id"));
                match op.ok_or_else(|| de::Error::missing_field("op"))? {
                    Op::DeleteOrganization => Ok(Change::DeleteOrganization { id: id()? }),
                    Op::DeleteContact => Ok(Change::DeleteContact { id: id()? }),
                    _ => put.ok_or_else(|| de::Error::missing_field("record")),
                }
            }
        }
        d.deserialize_map(ChangeVisitor)
    }
}

/// What a global search found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Found {
    pub organizations: Vec<Uuid>,
    pub contacts: Vec<Uuid>,
}

/// Who and when, plus a source of fresh ids (for history entries).
pub struct Ctx<'a> {
    pub now: DateTime<Utc>,
    pub by: &'a str,
    pub new_id: &'a mut dyn FnMut() -> Uuid,
}

#[derive(Debug, Clone, Default)]
pub struct Crm {
    organizations: IdMap<Organization>,
    contacts: IdMap<Contact>,
    history: Vec<HistoryEntry>,
    contacts_by_org: IdMap<Vec<Uuid>>,
    history_by_record: IdMap<Vec<usize>>,
    /// Folded text a search matches against, per record.
    search: SearchIndex,
    /// Folded name lists sort by ("novakova jana", "pekarna u mlyna").
    sort_keys: IdMap<String>,
}

impl Crm {
    pub fn new() -> Self {
        Self::default()
    }

    /// Builds the indexes over loaded records. References are not checked
    /// here: the store only holds what was validated on the way in.
    pub fn from_records(organizations: Vec<Organization>, contacts: Vec<Contact>, history: Vec<HistoryEntry>) -> Self {
        let mut crm = Crm::default();
        crm.add_loaded(organizations, contacts, |_| true);
        crm.set_history(history);
        crm
    }

    /// Adds and indexes records read from storage, those `keep` accepts.
    /// Organizations must come before (or with) their contacts, whose
    /// search keys include the organization's name.
    pub fn add_loaded(&mut self, organizations: Vec<Organization>, contacts: Vec<Contact>, keep: impl Fn(Uuid) -> bool) {
        let records = organizations.len() + contacts.len();
        self.search.reserve(records, records * 96);
        self.sort_keys.reserve(records);
        self.organizations.reserve(organizations.len());
        self.contacts.reserve(contacts.len());
        for o in organizations.into_iter().filter(|o| keep(o.id)) {
            self.search.set_with(o.id, |k| write_org_key(k, &o));
            self.sort_keys.insert(o.id, organization_sort_key(&o));
            self.organizations.insert(o.id, o);
        }
        for c in contacts.into_iter().filter(|c| keep(c.id)) {
            if let Some(o) = c.organization_id {
                self.contacts_by_org.entry(o).or_default().push(c.id);
            }
            self.search.set_with(c.id, |k| write_contact_key(k, &c, &self.organizations));
            self.sort_keys.insert(c.id, contact_sort_key(&c));
            self.contacts.insert(c.id, c);
        }
    }

    /// Replaces the whole history (loaded or imported), in time order.
    pub fn set_history(&mut self, mut history: Vec<HistoryEntry>) {
        history.sort_by(HistoryEntry::chronological);
        self.history = history;
        self.history_by_record.clear();
        for (i, h) in self.history.iter().enumerate() {
            self.history_by_record.entry(h.record_id).or_default().push(i);
        }
    }

    /// The folded name a list sorts this record by ("" if unknown).
    pub fn sort_key(&self, id: Uuid) -> &str {
        self.sort_keys.get(&id).map(String::as_str).unwrap_or("")
    }

    // ---- reading ----

    pub fn organization(&self, id: Uuid) -> Option<&Organization> {
        self.organizations.get(&id)
    }

    pub fn contact(&self, id: Uuid) -> Option<&Contact> {
        self.contacts.get(&id)
    }

    pub fn organizations(&self) -> impl Iterator<Item = &Organization> {
        self.organizations.values()
    }

    pub fn contacts(&self) -> impl Iterator<Item = &Contact> {
        self.contacts.values()
    }

    pub fn history(&self) -> &[HistoryEntry] {
        &self.history
    }

    pub fn organization_count(&self) -> usize {
        self.organizations.len()
    }

    pub fn contact_count(&self) -> usize {
        self.contacts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.organizations.is_empty() && self.contacts.is_empty() && self.history.is_empty()
    }

    /// Contacts of an organization: the primary one first, then by name.
    pub fn contacts_of(&self, org: Uuid) -> Vec<&Contact> {
        let primary = self.organizations.get(&org).and_then(|o| o.primary_contact_id);
        let mut v: Vec<&Contact> =
            self.contacts_by_org.get(&org).map(|ids| ids.iter().filter_map(|id| self.contacts.get(id)).collect()).unwrap_or_default();
        v.sort_by_key(|c| (Some(c.id) != primary, self.sort_key(c.id)));
        v
    }

    pub fn contact_count_of(&self, org: Uuid) -> usize {
        self.contacts_by_org.get(&org).map_or(0, Vec::len)
    }

    pub fn is_primary(&self, contact: &Contact) -> bool {
        contact.organization_id.and_then(|o| self.organizations.get(&o)).is_some_and(|o| o.primary_contact_id == Some(contact.id))
    }

    /// History of one record, newest first.
    pub fn history_of(&self, id: Uuid) -> Vec<&HistoryEntry> {
        self.history_by_record.get(&id).map(|ix| ix.iter().rev().map(|&i| &self.history[i]).collect()).unwrap_or_default()
    }

    pub fn matches(&self, id: Uuid, query: &Query) -> bool {
        query.is_empty() || self.search.key(id).is_some_and(|k| query.matches(k))
    }

    /// Every record matching the query at once, by search slot.
    pub fn hits(&self, query: &Query) -> Hits {
        self.search.hits(query)
    }

    /// Every organization and contact matching the query, each list in
    /// list order (by folded name): what the global search shows.
    pub fn find(&self, query: &Query) -> Found {
        if query.is_empty() {
            return Found::default();
        }
        let hits = self.search.hits(query);
        let matching = |id: Uuid| self.search.slot(id).is_some_and(|s| hits.contains(s));
        // Keys looked up once per record, not once per comparison.
        let in_order = |ids: Vec<Uuid>| {
            let mut keyed: Vec<(&str, Uuid)> = ids.into_iter().map(|id| (self.sort_key(id), id)).collect();
            keyed.sort_unstable();
            keyed.into_iter().map(|(_, id)| id).collect()
        };
        Found {
            organizations: in_order(self.organizations.keys().copied().filter(|id| matching(*id)).collect()),
            contacts: in_order(self.contacts.keys().copied().filter(|id| matching(*id)).collect()),
        }
    }

    /// The search slot of a record (changes when the record changes).
    pub fn search_slot(&self, id: Uuid) -> Option<u32> {
        self.search.slot(id)
    }

    // ---- user actions, computed as changes ----

    pub fn save_organization(&self, mut org: Organization, ctx: &mut Ctx) -> Result<Vec<Change>, Vec<FieldError>> {
        let mut errors = org.validate();
        if let Some(p) = org.primary_contact_id {
            if self.contacts.get(&p).map(|c| c.organization_id) != Some(Some(org.id)) {
                errors.push(FieldError::new("primary_contact_id", Problem::Missing));
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let old = self.organizations.get(&org.id);
        if let Some(old) = old {
            org.created_at = old.created_at;
        } else {
            org.created_at = ctx.now;
        }
        org.updated_at = ctx.now;
        Ok(self.org_changes(old, org, ctx))
    }

    /// Saves a contact; `primary` says whether it should be its
    /// organization's primary contact (moving the mark from anyone else).
    pub fn save_contact(&self, mut contact: Contact, primary: bool, ctx: &mut Ctx) -> Result<Vec<Change>, Vec<FieldError>> {
        let mut errors = contact.validate();
        if let Some(o) = contact.organization_id {
            if !self.organizations.contains_key(&o) {
                errors.push(FieldError::new("organization_id", Problem::Missing));
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let id = contact.id;
        let old = self.contacts.get(&id);
        contact.created_at = old.map(|o| o.created_at).unwrap_or(ctx.now);
        contact.updated_at = ctx.now;
        let old_org = old.and_then(|o| o.organization_id);
        let new_org = contact.organization_id;
        let mut changes = Vec::new();
        if let Some(entry) = self.record_changes(Kind::Contact, id, old, &contact, contact.full_name(), ctx) {
            changes.push(Change::PutContact { record: contact });
            changes.push(entry);
        }
        if let Some(o) = old_org.and_then(|o| self.organizations.get(&o)) {
            if o.primary_contact_id == Some(id) && (new_org != Some(o.id) || !primary) {
                let mut o2 = o.clone();
                o2.primary_contact_id = None;
                o2.updated_at = ctx.now;
                changes.extend(self.org_changes(Some(o), o2, ctx));
            }
        }
        if primary {
            if let Some(o) = new_org.and_then(|o| self.organizations.get(&o)) {
                if o.primary_contact_id != Some(id) {
                    let mut o2 = o.clone();
                    o2.primary_contact_id = Some(id);
                    o2.updated_at = ctx.now;
                    changes.extend(self.org_changes(Some(o), o2, ctx));
                }
            }
        }
        Ok(changes)
    }

    pub fn delete_contact(&self, id: Uuid, ctx: &mut Ctx) -> Vec<Change> {
        let Some(c) = self.contacts.get(&id) else { return Vec::new() };
        let mut changes = vec![Change::DeleteContact { id }];
        changes.push(self.deleted_entry(Kind::Contact, id, c.full_name(), ctx));
        if let Some(o) = c.organization_id.and_then(|o| self.organizations.get(&o)) {
            if o.primary_contact_id == Some(id) {
                let mut o2 = o.clone();
                o2.primary_contact_id = None;
                o2.updated_at = ctx.now;
                changes.extend(self.org_changes(Some(o), o2, ctx));
            }
        }
        changes
    }

    /// Deletes an organization; its contacts stay, without an organization
    /// (the confirmation tells the user how many).
    pub fn delete_organization(&self, id: Uuid, ctx: &mut Ctx) -> Vec<Change> {
        let Some(o) = self.organizations.get(&id) else { return Vec::new() };
        let mut changes = Vec::new();
        for c in self.contacts_of(id) {
            let mut c2 = c.clone();
            c2.organization_id = None;
            c2.updated_at = ctx.now;
            if let Some(h) = self.record_changes(Kind::Contact, c2.id, Some(c), &c2, c2.full_name(), ctx) {
                changes.push(Change::PutContact { record: c2 });
                changes.push(h);
            }
        }
        changes.push(Change::DeleteOrganization { id });
        changes.push(self.deleted_entry(Kind::Organization, id, o.name.clone(), ctx));
        changes
    }

    /// Adds (or overwrites by id) whole records, each with a "created"
    /// history entry: the demo data and other bulk additions.
    pub fn add_records(&self, organizations: Vec<Organization>, contacts: Vec<Contact>, ctx: &mut Ctx) -> Vec<Change> {
        let mut changes = Vec::with_capacity(2 * (organizations.len() + contacts.len()));
        for o in organizations {
            let label = o.name.clone();
            if let Some(h) = self.record_changes(Kind::Organization, o.id, None, &o, label, ctx) {
                changes.push(Change::PutOrganization { record: o });
                changes.push(h);
            }
        }
        for c in contacts {
            let label = c.full_name();
            if let Some(h) = self.record_changes(Kind::Contact, c.id, None, &c, label, ctx) {
                changes.push(Change::PutContact { record: c });
                changes.push(h);
            }
        }
        changes
    }

    fn org_changes(&self, old: Option<&Organization>, org: Organization, ctx: &mut Ctx) -> Vec<Change> {
        let label = org.name.clone();
        match self.record_changes(Kind::Organization, org.id, old, &org, label, ctx) {
            Some(h) => vec![Change::PutOrganization { record: org }, h],
            None => Vec::new(),
        }
    }

    /// The history entry for creating or updating a record, or None when
    /// nothing but timestamps changed (then there is nothing to save).
    fn record_changes<T: Serialize>(&self, kind: Kind, record_id: Uuid, old: Option<&T>, new: &T, label: String, ctx: &mut Ctx) -> Option<Change> {
        let (action, changes) = match old {
            None => (Action::Created, Vec::new()),
            Some(old) => {
                let d = history::diff(old, new);
                if d.is_empty() {
                    return None;
                }
                (Action::Updated, d)
            }
        };
        Some(Change::AddHistory {
            record: HistoryEntry {
                id: (ctx.new_id)(),
                at: ctx.now,
                by: ctx.by.to_string(),
                record_kind: kind,
                record_id,
                record_label: label,
                action,
                changes,
            },
        })
    }

    fn deleted_entry(&self, kind: Kind, id: Uuid, label: String, ctx: &mut Ctx) -> Change {
        Change::AddHistory {
            record: HistoryEntry {
                id: (ctx.new_id)(),
                at: ctx.now,
                by: ctx.by.to_string(),
                record_kind: kind,
                record_id: id,
                record_label: label.clone(),
                action: Action::Deleted,
                changes: vec![FieldChange { field: "name".into(), old: label.into(), new: serde_json::Value::Null }],
            },
        }
    }

    // ---- applying committed changes ----

    pub fn apply(&mut self, changes: &[Change]) {
        for ch in changes {
            self.apply_one(ch.clone());
        }
    }

    pub fn apply_one(&mut self, change: Change) {
        match change {
            Change::PutOrganization { record } => {
                let renamed = self.organizations.get(&record.id).is_none_or(|o| o.name != record.name);
                let id = record.id;
                self.search.set_with(id, |k| write_org_key(k, &record));
                self.sort_keys.insert(id, organization_sort_key(&record));
                self.organizations.insert(id, record);
                if renamed {
                    for cid in self.contacts_by_org.get(&id).cloned().unwrap_or_default() {
                        if let Some(c) = self.contacts.get(&cid) {
                            self.search.set_with(cid, |k| write_contact_key(k, c, &self.organizations));
                        }
                    }
                }
            }
            Change::PutContact { record } => {
                if let Some(old) = self.contacts.get(&record.id) {
                    if old.organization_id != record.organization_id {
                        self.unindex_org_link(record.id, old.organization_id);
                        if let Some(o) = record.organization_id {
                            self.contacts_by_org.entry(o).or_default().push(record.id);
                        }
                    }
                } else if let Some(o) = record.organization_id {
                    self.contacts_by_org.entry(o).or_default().push(record.id);
                }
                self.search.set_with(record.id, |k| write_contact_key(k, &record, &self.organizations));
                self.sort_keys.insert(record.id, contact_sort_key(&record));
                self.contacts.insert(record.id, record);
            }
            Change::DeleteOrganization { id } => {
                self.organizations.remove(&id);
                self.search.remove(id);
                self.sort_keys.remove(&id);
                self.contacts_by_org.remove(&id);
            }
            Change::DeleteContact { id } => {
                if let Some(old) = self.contacts.remove(&id) {
                    self.unindex_org_link(id, old.organization_id);
                }
                self.search.remove(id);
                self.sort_keys.remove(&id);
            }
            Change::AddHistory { record } => {
                // Entries arrive in time order, except when merging bundles;
                // an out-of-order one rebuilds the small history index.
                let in_order = self.history.last().is_none_or(|l| (l.at, l.id) <= (record.at, record.id));
                self.history.push(record);
                if in_order {
                    let i = self.history.len() - 1;
                    self.history_by_record.entry(self.history[i].record_id).or_default().push(i);
                } else {
                    let all = std::mem::take(&mut self.history);
                    self.set_history(all);
                }
            }
        }
    }

    fn unindex_org_link(&mut self, contact: Uuid, org: Option<Uuid>) {
        if let Some(list) = org.and_then(|o| self.contacts_by_org.get_mut(&o)) {
            list.retain(|c| *c != contact);
        }
    }

    /// Every record in list order (organizations and contacts by folded
    /// name, history by time): how a bundle and the stored segments hold
    /// them, so a file this app exported is stored without re-sorting.
    pub fn sorted_records(&self) -> (Vec<&Organization>, Vec<&Contact>, Vec<&HistoryEntry>) {
        let o = in_list_order(self.organizations.values().map(|r| (self.sort_key(r.id), r.id, r)));
        let c = in_list_order(self.contacts.values().map(|r| (self.sort_key(r.id), r.id, r)));
        let h: Vec<&HistoryEntry> = self.history.iter().collect();
        (o, c, h)
    }
}

/// Records ordered by (sort key, id): the lists' default order.
pub fn in_list_order<K: Ord, R>(records: impl Iterator<Item = (K, Uuid, R)>) -> Vec<R> {
    let mut keyed: Vec<(K, Uuid, R)> = records.collect();
    // Already sorted input (a file this app exported) takes one pass.
    keyed.sort_unstable_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
    keyed.into_iter().map(|(_, _, r)| r).collect()
}

/// What a search finds an organization by: name, IČO, email, phone
/// digits and city.
fn write_org_key(k: &mut String, o: &Organization) {
    fold_into(k, &o.name);
    k.push(' ');
    k.push_str(&o.ico);
    k.push(' ');
    fold_into(k, &o.email);
    k.push(' ');
    digits_into(k, &o.phone);
    k.push(' ');
    fold_into(k, &o.billing_address.city);
}

/// What a search finds a contact by: name, emails, phone digits, the
/// organization's name and the position.
fn write_contact_key(k: &mut String, c: &Contact, organizations: &IdMap<Organization>) {
    for part in [&c.title, &c.first_name, &c.last_name] {
        if !part.is_empty() {
            fold_into(k, part);
            k.push(' ');
        }
    }
    for e in &c.emails {
        fold_into(k, &e.address);
        k.push(' ');
    }
    for p in &c.phones {
        digits_into(k, &p.number);
        k.push(' ');
    }
    if let Some(o) = c.organization_id.and_then(|o| organizations.get(&o)) {
        fold_into(k, &o.name);
        k.push(' ');
    }
    fold_into(k, &c.position);
}

/// "pekarna u mlyna": the folded name.
pub fn organization_sort_key(o: &Organization) -> String {
    fold(&o.name)
}

/// "novakova jana": last name first, folded.
pub fn contact_sort_key(c: &Contact) -> String {
    let mut k = String::with_capacity(c.last_name.len() + c.first_name.len() + 1);
    fold_into(&mut k, &c.last_name);
    k.push(' ');
    fold_into(&mut k, &c.first_name);
    k
}

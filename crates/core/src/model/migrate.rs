//! Record migrations between schema versions, on JSON values so the same
//! steps serve the IndexedDB upgrade and the import of an older bundle.
//!
//! - Schema 1 kept one `email` and one `phone` string per contact; schema 2
//!   keeps labelled lists (`emails`, `phones`), the first being primary.
//! - Schema 2 kept a record's `owner` and a history entry's `by` as typed
//!   names; schema 3 has team members, and `owner_id`/`by_id` point at them.
//!   The step makes one team member per distinct name it meets.
//! - Schema 4 adds the sales records (stages, products, campaigns, leads,
//!   opportunities, quotes, your company) in lists of their own; records of
//!   schema 3 are unchanged. The version still moves, so an older app
//!   refuses a bundle with sales records instead of dropping them.
//! - Schema 5 adds attachments (a list of file records, and the files
//!   themselves: a Blob store in the database, base64 in a bundle); older
//!   records are unchanged.
//! - Schema 6 adds automation: rules, email templates, firings, the
//!   reminders and drafts rules make, and follows, in lists of their own;
//!   older records are unchanged.
//! - Schema 7 adds what happens after the sale: delivery projects,
//!   handover protocols, delivered items and contracts, in lists of their
//!   own; older records are unchanged.
//! - Schema 8 adds support tickets (a list of their own) and your
//!   company's default SLA terms (a field with a default); older records
//!   are unchanged.

use chrono::{DateTime, Utc};
use serde_json::{json, Map, Value};
use uuid::Uuid;

use super::kind::Kind;
use super::SCHEMA_VERSION;

/// The oldest schema whose records are today's: every later step only
/// adds lists (so a bundle of it needs no rewriting, only reading).
pub const RECORDS_UNCHANGED_SINCE: u32 = 3;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MigrateError {
    NotAnObject,
    TooNew { found: u32 },
    Unknown { found: u32 },
}

impl std::fmt::Display for MigrateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MigrateError::NotAnObject => write!(f, "a record is not a JSON object"),
            MigrateError::TooNew { found } => {
                write!(f, "schema version {found} is newer than this app knows ({SCHEMA_VERSION}); update Vizitka first")
            }
            MigrateError::Unknown { found } => write!(f, "schema version {found} is not a version Vizitka ever used"),
        }
    }
}

/// One migration of a whole data set (a database or a bundle) from schema
/// `from`: every record goes through [`Migration::record`], then
/// [`Migration::created`] gives the records the steps made.
pub struct Migration<'a> {
    from: u32,
    now: DateTime<Utc>,
    new_id: &'a mut dyn FnMut() -> Uuid,
    /// Team members made from names, in the order met.
    team: Vec<(String, Uuid)>,
}

impl<'a> Migration<'a> {
    pub fn new(from: u32, now: DateTime<Utc>, new_id: &'a mut dyn FnMut() -> Uuid) -> Result<Self, MigrateError> {
        if from > SCHEMA_VERSION {
            return Err(MigrateError::TooNew { found: from });
        }
        if from == 0 {
            return Err(MigrateError::Unknown { found: from });
        }
        Ok(Migration { from, now, new_id, team: Vec::new() })
    }

    /// Brings one record to the current schema, in place.
    pub fn record(&mut self, kind: Kind, record: &mut Value) -> Result<(), MigrateError> {
        let obj = record.as_object_mut().ok_or(MigrateError::NotAnObject)?;
        for version in self.from..SCHEMA_VERSION {
            match (version, kind) {
                (1, Kind::Contact) => v1_contact_lists(obj),
                (2, Kind::Organization | Kind::Contact) => {
                    let id = take_string(obj, "owner").map(|name| self.member(name));
                    obj.insert("owner_id".into(), json!(id));
                }
                (2, Kind::History) => {
                    if let Some(name) = obj.get("by").and_then(Value::as_str).filter(|s| !s.trim().is_empty()).map(str::to_string) {
                        let id = self.member(name);
                        obj.insert("by_id".into(), json!(id));
                    }
                }
                (1..=7, _) => {}
                _ => unreachable!("every version below SCHEMA_VERSION has a step"),
            }
        }
        Ok(())
    }

    /// The team member named `name`, made on first sight.
    fn member(&mut self, name: String) -> Uuid {
        let name = name.trim().chars().take(super::validate::NAME_MAX).collect::<String>();
        if let Some((_, id)) = self.team.iter().find(|(n, _)| *n == name) {
            return *id;
        }
        let id = (self.new_id)();
        self.team.push((name, id));
        id
    }

    /// Records the migration made (team members), as current-schema JSON.
    pub fn created(self) -> Vec<(Kind, Value)> {
        let at = super::time::format(&self.now);
        self.team.into_iter().map(|(name, id)| (Kind::TeamMember, json!({"id": id, "created_at": at, "updated_at": at, "name": name}))).collect()
    }
}

fn v1_contact_lists(obj: &mut Map<String, Value>) {
    let email = take_string(obj, "email");
    let phone = take_string(obj, "phone");
    if !obj.contains_key("emails") {
        let list = email.map(|e| vec![json!({"address": e, "label": "work"})]).unwrap_or_default();
        obj.insert("emails".into(), Value::Array(list));
    }
    if !obj.contains_key("phones") {
        let list = phone.map(|p| vec![json!({"number": p, "label": "mobile"})]).unwrap_or_default();
        obj.insert("phones".into(), Value::Array(list));
    }
}

fn take_string(obj: &mut Map<String, Value>, key: &str) -> Option<String> {
    match obj.remove(key) {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s),
        _ => None,
    }
}

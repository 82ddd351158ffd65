//! Record migrations between schema versions, on JSON values so the same
//! steps serve the IndexedDB upgrade and the import of an older bundle.
//!
//! Schema 1 kept one `email` and one `phone` string per contact; schema 2
//! keeps labelled lists (`emails`, `phones`), the first being primary.

use serde_json::{json, Map, Value};

use super::crm::Kind;
use super::SCHEMA_VERSION;

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

/// Brings one record from schema `from` to the current one, in place.
pub fn upgrade_record(kind: Kind, from: u32, record: &mut Value) -> Result<(), MigrateError> {
    if from > SCHEMA_VERSION {
        return Err(MigrateError::TooNew { found: from });
    }
    if from == 0 {
        return Err(MigrateError::Unknown { found: from });
    }
    let obj = record.as_object_mut().ok_or(MigrateError::NotAnObject)?;
    for version in from..SCHEMA_VERSION {
        match (version, kind) {
            (1, Kind::Contact) => v1_contact_lists(obj),
            (1, _) => {}
            _ => unreachable!("every version below SCHEMA_VERSION has a step"),
        }
    }
    Ok(())
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

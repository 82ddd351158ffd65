//! Change history: every create, update and delete writes an entry in the
//! same transaction as the change itself.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

use super::kind::Kind;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Created,
    Updated,
    Deleted,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: String,
    pub old: Value,
    pub new: Value,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub id: Uuid,
    #[serde(with = "crate::model::time::utc")]
    pub at: DateTime<Utc>,
    /// Who made the change: the team member's name at the time ("" before
    /// one was chosen), and their id.
    #[serde(default)]
    pub by: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by_id: Option<Uuid>,
    pub record_kind: Kind,
    pub record_id: Uuid,
    /// The record's name at the time, so a deleted record still reads well.
    #[serde(default)]
    pub record_label: String,
    pub action: Action,
    #[serde(default)]
    pub changes: Vec<FieldChange>,
    /// A bulk action's one entry names every record it changed (the first
    /// is `record_id`); empty for a single record.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub records: Vec<Uuid>,
}

impl HistoryEntry {
    /// The records the entry is about.
    pub fn record_ids(&self) -> impl Iterator<Item = Uuid> + '_ {
        std::iter::once(self.record_id).chain(self.records.iter().copied().filter(move |id| *id != self.record_id))
    }

    /// The order history is kept and stored in: by time, ties by id.
    pub fn chronological(a: &HistoryEntry, b: &HistoryEntry) -> std::cmp::Ordering {
        a.at.cmp(&b.at).then(a.id.cmp(&b.id))
    }
}

/// Fields that change on every save and carry no meaning for a reader, and
/// a ticket's status log (its `status` change is the entry a reader reads).
const SKIPPED: [&str; 4] = ["id", "created_at", "updated_at", "statuses"];

/// Top-level fields that differ between two serialized records, by field
/// name. A field left out of the JSON when empty (most of an activity's)
/// counts as `null`.
pub fn diff<T: Serialize>(old: &T, new: &T) -> Vec<FieldChange> {
    let (Ok(Value::Object(a)), Ok(Value::Object(b))) = (serde_json::to_value(old), serde_json::to_value(new)) else {
        return Vec::new();
    };
    let mut keys: Vec<&String> = a.keys().chain(b.keys()).filter(|k| !SKIPPED.contains(&k.as_str())).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter_map(|k| {
            let ov = a.get(k).cloned().unwrap_or(Value::Null);
            let nv = b.get(k).cloned().unwrap_or(Value::Null);
            (ov != nv).then(|| FieldChange { field: k.clone(), old: ov, new: nv })
        })
        .collect()
}

//! Two devices' edits of one record, merged against the version both
//! started from (its *base*: the version last agreed with the server).
//! Field by field: what one side changed and the other did not is taken
//! from the side that changed it; objects (an address) are merged field by
//! field too; a field both changed differently is a conflict for a person
//! to review, and until then the record holds the server's value, so every
//! device shows the same. Never decided by the devices' clocks.

use serde_json::{Map, Value};

/// Stamps the app sets on every save: the later one is kept, never a
/// conflict (two saves are not a disagreement about the record).
const STAMPS: [&str; 1] = ["updated_at"];

/// A field both sides changed, differently.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FieldConflict {
    /// Its path in the record: `position`, `address.city`.
    pub field: String,
    /// `Null` where the side has no such field.
    pub base: Value,
    pub mine: Value,
    pub theirs: Value,
}

/// The merged record's fields, and what needs review.
#[derive(Debug, Clone, PartialEq)]
pub struct Merged {
    pub value: Value,
    pub conflicts: Vec<FieldConflict>,
}

/// Merges `mine` and `theirs`, both made from `base` (`Null` when the two
/// were never agreed: every field that differs is then a conflict).
pub fn merge3(base: &Value, mine: &Value, theirs: &Value) -> Merged {
    let mut conflicts = Vec::new();
    let value = merge_value("", Some(base), mine, theirs, &mut conflicts);
    Merged { value, conflicts }
}

fn merge_value(path: &str, base: Option<&Value>, mine: &Value, theirs: &Value, conflicts: &mut Vec<FieldConflict>) -> Value {
    if mine == theirs {
        return mine.clone();
    }
    if base == Some(mine) {
        return theirs.clone();
    }
    if base == Some(theirs) {
        return mine.clone();
    }
    match (mine, theirs) {
        (Value::Object(m), Value::Object(t)) => {
            let empty = Map::new();
            let b = base.and_then(Value::as_object).unwrap_or(&empty);
            Value::Object(merge_fields(path, b, m, t, conflicts))
        }
        _ => {
            conflicts.push(FieldConflict {
                field: path.to_string(),
                base: base.cloned().unwrap_or(Value::Null),
                mine: mine.clone(),
                theirs: theirs.clone(),
            });
            theirs.clone()
        }
    }
}

fn merge_fields(
    path: &str,
    base: &Map<String, Value>,
    mine: &Map<String, Value>,
    theirs: &Map<String, Value>,
    conflicts: &mut Vec<FieldConflict>,
) -> Map<String, Value> {
    let mut names: Vec<&String> = mine.keys().chain(theirs.keys()).collect();
    names.sort();
    names.dedup();
    let mut out = Map::new();
    for name in names {
        let field = if path.is_empty() { name.clone() } else { format!("{path}.{name}") };
        let (b, m, t) = (base.get(name), mine.get(name), theirs.get(name));
        let merged = match (m, t) {
            (Some(m), Some(t)) if path.is_empty() && STAMPS.contains(&name.as_str()) => Some(later(m, t).clone()),
            (Some(m), Some(t)) => Some(merge_value(&field, b, m, t, conflicts)),
            // A field only one side has: the other removed it, or never had
            // it (a newer version of the app added it).
            (Some(one), None) | (None, Some(one)) => {
                if b.is_none() || b == Some(one) {
                    // Added on one side, or removed on the other and left alone here.
                    (b.is_none()).then(|| one.clone())
                } else {
                    conflicts.push(FieldConflict {
                        field,
                        base: b.cloned().unwrap_or(Value::Null),
                        mine: m.cloned().unwrap_or(Value::Null),
                        theirs: t.cloned().unwrap_or(Value::Null),
                    });
                    t.cloned()
                }
            }
            (None, None) => None,
        };
        if let Some(v) = merged {
            out.insert(name.clone(), v);
        }
    }
    out
}

/// The later of two stamps written the same way (RFC 3339 in UTC sorts as text).
fn later<'a>(a: &'a Value, b: &'a Value) -> &'a Value {
    match (a.as_str(), b.as_str()) {
        (Some(x), Some(y)) if x < y => b,
        (Some(_), Some(_)) => a,
        _ => b,
    }
}

/// What to do when a push came back `conflict` and the server's copy is
/// known (`None` where a side deleted the record; `base` is `None` when it
/// was never agreed). Bodies only, without CouchDB's `_` fields.
#[derive(Debug, Clone, PartialEq)]
pub enum Reconciled {
    /// The server holds what we sent (a push whose reply was lost): adopt
    /// its revision.
    Same,
    /// Both edits in one record, pushed with the server's revision; the
    /// record needs review when `conflicts` is not empty.
    Merged(Merged),
    /// Edited here, deleted there: the edit is kept and "delete anyway" offered.
    EditedHereDeletedThere,
    /// Deleted here, edited there: their edit is kept and "delete anyway" offered.
    DeletedHereEditedThere,
    /// Deleted on both: nothing to do.
    BothDeleted,
}

pub fn reconcile(base: Option<&Value>, mine: Option<&Value>, theirs: Option<&Value>) -> Reconciled {
    match (mine, theirs) {
        (Some(m), Some(t)) if m == t => Reconciled::Same,
        (Some(m), Some(t)) => Reconciled::Merged(merge3(base.unwrap_or(&Value::Null), m, t)),
        (Some(_), None) => Reconciled::EditedHereDeletedThere,
        (None, Some(_)) => Reconciled::DeletedHereEditedThere,
        (None, None) => Reconciled::BothDeleted,
    }
}

//! Two versions of one record made from the same one: what another tab
//! (later, another device) stored meanwhile, and what a form holds. Which
//! fields differ, who changed each, and the record that takes some fields
//! from each. Pure data: the form's panel shows it (`ui/widgets/conflict`).

use serde_json::Value;

use super::record::Record;

/// Fields the app sets itself: never offered, never merged.
const THE_APPS: [&str; 3] = ["id", "created_at", "updated_at"];

/// One field the two versions hold differently.
#[derive(Debug, Clone, PartialEq)]
pub struct Difference {
    /// The field's name in the record (`first_name`, `phones`).
    pub field: String,
    pub theirs: Value,
    pub mine: Value,
    /// Whether each side changed it from the version both started from.
    pub theirs_changed: bool,
    pub mine_changed: bool,
}

impl Difference {
    /// What a merge keeps unless the user says otherwise: the side that
    /// changed the field; when both did, mine (the user is looking at it).
    pub fn keeps_mine(&self) -> bool {
        self.mine_changed || !self.theirs_changed
    }
}

fn fields<R: Record>(r: &R) -> Value {
    serde_json::to_value(r).unwrap_or(Value::Null)
}

/// The fields where `theirs` and `mine` differ, both made from `base`.
pub fn differences<R: Record>(base: &R, theirs: &R, mine: &R) -> Vec<Difference> {
    differences_of(&fields(base), &fields(theirs), &fields(mine))
}

/// [`differences`] of records as JSON objects: one copy for every kind.
pub fn differences_of(base: &Value, theirs: &Value, mine: &Value) -> Vec<Difference> {
    let empty = serde_json::Map::new();
    let object = |v: &'_ Value| v.as_object().cloned().unwrap_or_else(|| empty.clone());
    let (base, theirs, mine) = (object(base), object(theirs), object(mine));
    let mut names: Vec<&String> = theirs.keys().chain(mine.keys()).filter(|k| !THE_APPS.contains(&k.as_str())).collect();
    names.sort();
    names.dedup();
    names
        .into_iter()
        .filter_map(|name| {
            let get = |m: &serde_json::Map<String, Value>| m.get(name).cloned().unwrap_or(Value::Null);
            let (b, t, m) = (get(&base), get(&theirs), get(&mine));
            (t != m).then(|| Difference { field: name.clone(), theirs_changed: t != b, mine_changed: m != b, theirs: t, mine: m })
        })
        .collect()
}

/// Their version with the fields named in `take_mine` from mine.
pub fn merge<R: Record>(theirs: &R, mine: &R, take_mine: &[String]) -> Result<R, serde_json::Error> {
    serde_json::from_value(merge_of(&fields(theirs), &fields(mine), take_mine))
}

/// [`merge`] of records as JSON objects.
pub fn merge_of(theirs: &Value, mine: &Value, take_mine: &[String]) -> Value {
    let mut merged = theirs.clone();
    if let (Some(merged), Some(mine)) = (merged.as_object_mut(), mine.as_object()) {
        for name in take_mine {
            if let Some(v) = mine.get(name) {
                merged.insert(name.clone(), v.clone());
            }
        }
    }
    merged
}

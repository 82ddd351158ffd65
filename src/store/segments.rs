//! How records are laid out on disk, independent of IndexedDB: each kind is
//! a run of segments of ~1,000 records (UTF-8 JSON arrays), plus a write log
//! whose entries are the change lists of single user actions.

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::model::ids::IdSet;
use crate::model::{Change, Crm, HistoryEntry, Kind};

pub const SEGMENT_RECORDS: usize = 1_000;
/// Past this many log entries, the log is folded into segments.
pub const COMPACT_AFTER: u32 = 2_000;

pub fn segment_key(kind: Kind, index: usize) -> String {
    format!("{}/{index:05}", kind.as_str())
}

pub fn kind_of_key(key: &str) -> Option<Kind> {
    Kind::parse(key.split('/').next()?)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    BadKey(String),
    BadJson { key: String, message: String },
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecodeError::BadKey(k) => write!(f, "unknown segment {k:?}"),
            DecodeError::BadJson { key, message } => write!(f, "segment {key:?} is damaged: {message}"),
        }
    }
}

/// `records` as segments, each encoded only when the iterator gets to it.
fn chunks<'a, T: Serialize>(kind: Kind, records: Vec<&'a T>) -> impl Iterator<Item = (String, Vec<u8>)> + 'a {
    let count = records.len().div_ceil(SEGMENT_RECORDS);
    (0..count).map(move |i| {
        let chunk = &records[i * SEGMENT_RECORDS..((i + 1) * SEGMENT_RECORDS).min(records.len())];
        // Plain data always serializes.
        (segment_key(kind, i), serde_json::to_vec(chunk).unwrap_or_default())
    })
}

/// Every record of the CRM as segment (key, bytes) pairs. Organizations and
/// contacts are in list order (by folded name), so the first segments hold
/// the top of the lists and a load can show them before reading the rest.
pub fn encode(crm: &Crm) -> Vec<(String, Vec<u8>)> {
    encode_lazily(crm).collect()
}

/// [`encode`], one segment at a time, so a writer can store each one while
/// the next is encoded.
pub fn encode_lazily(crm: &Crm) -> impl Iterator<Item = (String, Vec<u8>)> + '_ {
    let o = in_list_order(crm, crm.organizations().map(|r| (r.id, r)));
    let c = in_list_order(crm, crm.contacts().map(|r| (r.id, r)));
    let h: Vec<&HistoryEntry> = crm.history().iter().collect();
    chunks(Kind::Organization, o).chain(chunks(Kind::Contact, c)).chain(chunks(Kind::History, h))
}

fn in_list_order<'a, T>(crm: &'a Crm, records: impl Iterator<Item = (uuid::Uuid, &'a T)>) -> Vec<&'a T> {
    let mut keyed: Vec<(&str, uuid::Uuid, &T)> = records.map(|(id, r)| (crm.sort_key(id), id, r)).collect();
    keyed.sort_unstable_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
    keyed.into_iter().map(|(_, _, r)| r).collect()
}

/// The order a load reads segments in: organizations (contacts' search
/// keys need their names), then contacts, then history.
pub fn load_order(kind: Kind) -> u8 {
    match kind {
        Kind::Organization => 0,
        Kind::Contact => 1,
        Kind::History => 2,
    }
}

fn parse<T: DeserializeOwned>(key: &str, bytes: &[u8]) -> Result<Vec<T>, DecodeError> {
    serde_json::from_slice(bytes).map_err(|e| DecodeError::BadJson { key: key.to_string(), message: e.to_string() })
}

/// Builds the CRM from segments, added in [`load_order`], and the write log.
///
/// Replaying the log after all segments gives each record the state of its
/// last logged put or delete, and adds the logged history entries. The
/// assembly does the same in an order that lets the first segments be shown
/// early: the log is applied once the organizations are in, and segment
/// copies of records the log touched are skipped.
pub struct Assembly {
    crm: Crm,
    log: Vec<Vec<Change>>,
    touched: IdSet,
    history: Vec<HistoryEntry>,
}

impl Assembly {
    pub fn new(log: Vec<Vec<Change>>) -> Self {
        let mut touched = IdSet::default();
        for change in log.iter().flatten() {
            match change {
                Change::PutOrganization { record } => touched.insert(record.id),
                Change::PutContact { record } => touched.insert(record.id),
                Change::DeleteOrganization { id } | Change::DeleteContact { id } => touched.insert(*id),
                Change::AddHistory { .. } => false,
            };
        }
        Assembly { crm: Crm::default(), log, touched, history: Vec::new() }
    }

    pub fn add_segment(&mut self, key: &str, bytes: &[u8]) -> Result<(), DecodeError> {
        let kind = kind_of_key(key).ok_or_else(|| DecodeError::BadKey(key.to_string()))?;
        if kind != Kind::Organization {
            self.apply_log();
        }
        let touched = &self.touched;
        let keep = |id| !touched.contains(&id);
        match kind {
            Kind::Organization => self.crm.add_loaded(parse(key, bytes)?, Vec::new(), keep),
            Kind::Contact => self.crm.add_loaded(Vec::new(), parse(key, bytes)?, keep),
            Kind::History => self.history.append(&mut parse(key, bytes)?),
        }
        Ok(())
    }

    fn apply_log(&mut self) {
        for change in std::mem::take(&mut self.log).into_iter().flatten() {
            match change {
                Change::AddHistory { record } => self.history.push(record),
                other => self.crm.apply_one(other),
            }
        }
    }

    /// What is loaded so far, without history (for showing it early).
    pub fn preview(&mut self) -> Crm {
        self.apply_log();
        self.crm.clone()
    }

    pub fn finish(mut self) -> Crm {
        self.apply_log();
        self.crm.set_history(self.history);
        self.crm
    }
}

pub fn encode_log_entry(changes: &[Change]) -> Vec<u8> {
    serde_json::to_vec(changes).unwrap_or_default()
}

pub fn decode_log_entry(key: &str, bytes: &[u8]) -> Result<Vec<Change>, DecodeError> {
    serde_json::from_slice(bytes).map_err(|e| DecodeError::BadJson { key: format!("log {key}"), message: e.to_string() })
}

//! How records are laid out on disk, independent of IndexedDB: each kind is
//! a run of segments of ~1,000 records (UTF-8 JSON arrays), plus a write log
//! whose entries are the change lists of single user actions.

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::model::{Change, Contact, Crm, HistoryEntry, Kind, Organization};

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

fn chunks<T: Serialize>(kind: Kind, records: &[&T], out: &mut Vec<(String, Vec<u8>)>) {
    for (i, chunk) in records.chunks(SEGMENT_RECORDS).enumerate() {
        // Plain data always serializes.
        out.push((segment_key(kind, i), serde_json::to_vec(chunk).unwrap_or_default()));
    }
}

/// Every record of the CRM as segment (key, bytes) pairs.
pub fn encode(crm: &Crm) -> Vec<(String, Vec<u8>)> {
    let (o, c, h) = crm.sorted_records();
    let mut out = Vec::new();
    chunks(Kind::Organization, &o, &mut out);
    chunks(Kind::Contact, &c, &mut out);
    chunks(Kind::History, &h, &mut out);
    out
}

/// Records decoded from segments, before the log is replayed.
#[derive(Default)]
pub struct Decoded {
    pub organizations: Vec<Organization>,
    pub contacts: Vec<Contact>,
    pub history: Vec<HistoryEntry>,
}

fn parse<T: DeserializeOwned>(key: &str, bytes: &[u8], into: &mut Vec<T>) -> Result<(), DecodeError> {
    let mut v: Vec<T> = serde_json::from_slice(bytes)
        .map_err(|e| DecodeError::BadJson { key: key.to_string(), message: e.to_string() })?;
    into.append(&mut v);
    Ok(())
}

impl Decoded {
    pub fn add_segment(&mut self, key: &str, bytes: &[u8]) -> Result<(), DecodeError> {
        match kind_of_key(key) {
            Some(Kind::Organization) => parse(key, bytes, &mut self.organizations),
            Some(Kind::Contact) => parse(key, bytes, &mut self.contacts),
            Some(Kind::History) => parse(key, bytes, &mut self.history),
            None => Err(DecodeError::BadKey(key.to_string())),
        }
    }

    pub fn into_crm(self) -> Crm {
        Crm::from_records(self.organizations, self.contacts, self.history)
    }
}

pub fn encode_log_entry(changes: &[Change]) -> Vec<u8> {
    serde_json::to_vec(changes).unwrap_or_default()
}

pub fn decode_log_entry(key: &str, bytes: &[u8]) -> Result<Vec<Change>, DecodeError> {
    serde_json::from_slice(bytes).map_err(|e| DecodeError::BadJson { key: format!("log {key}"), message: e.to_string() })
}

//! How records are laid out on disk, independent of IndexedDB: each kind is
//! a run of segments of ~1,000 records (UTF-8 JSON arrays), plus a write log
//! whose entries are the change lists of single user actions.

use serde::de::DeserializeOwned;
use serde::Serialize;

use std::ops::Range;

use uuid::Uuid;

use crate::model::ids::{IdMap, IdSet};
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

/// Records whose JSON already exists, such as those of the bundle file
/// being imported: a segment holds their bytes as they are instead of
/// writing them again, which is most of the cost of a replace. A load
/// parses them into the same records; the next compaction rewrites them.
#[derive(Debug, Default)]
pub struct Verbatim {
    bytes: Vec<u8>,
    /// Per kind, in [`load_order`].
    spans: [IdMap<Range<usize>>; 3],
}

impl Verbatim {
    /// `bytes` with the span of each record's JSON in it. A span that does
    /// not fit in `bytes` is ignored (the record is then encoded).
    pub fn new(bytes: Vec<u8>, records: impl IntoIterator<Item = (Kind, Uuid, Range<usize>)>) -> Self {
        let mut spans: [IdMap<Range<usize>>; 3] = Default::default();
        for (kind, id, span) in records {
            if span.end <= bytes.len() && span.start < span.end {
                spans[load_order(kind) as usize].insert(id, span);
            }
        }
        Verbatim { bytes, spans }
    }

    fn get(&self, kind: Kind, id: Uuid) -> Option<&[u8]> {
        self.spans[load_order(kind) as usize].get(&id).map(|s| &self.bytes[s.clone()])
    }
}

/// `records` as segments, each encoded only when the iterator gets to it.
fn chunks<'a, T: Serialize>(
    kind: Kind,
    records: Vec<(Uuid, &'a T)>,
    verbatim: Option<&'a Verbatim>,
) -> impl Iterator<Item = (String, Vec<u8>)> + 'a {
    let count = records.len().div_ceil(SEGMENT_RECORDS);
    (0..count).map(move |i| {
        let chunk = &records[i * SEGMENT_RECORDS..((i + 1) * SEGMENT_RECORDS).min(records.len())];
        // Sized for typical records, so the buffer rarely grows (and copies).
        let mut out = Vec::with_capacity(chunk.len() * 768);
        out.push(b'[');
        for (n, (id, record)) in chunk.iter().enumerate() {
            if n > 0 {
                out.push(b',');
            }
            match verbatim.and_then(|v| v.get(kind, *id)) {
                Some(json) => out.extend_from_slice(json),
                // Plain data always serializes.
                None => serde_json::to_writer(&mut out, record).unwrap_or_default(),
            }
        }
        out.push(b']');
        (segment_key(kind, i), out)
    })
}

/// Every record of the CRM as segment (key, bytes) pairs. Organizations and
/// contacts are in list order (by folded name), so the first segments hold
/// the top of the lists and a load can show them before reading the rest.
pub fn encode(crm: &Crm) -> Vec<(String, Vec<u8>)> {
    encode_lazily(crm, None).collect()
}

/// [`encode`], one segment at a time, so a writer can store each one while
/// the next is encoded; records found in `verbatim` are copied from it.
pub fn encode_lazily<'a>(crm: &'a Crm, verbatim: Option<&'a Verbatim>) -> impl Iterator<Item = (String, Vec<u8>)> + 'a {
    let o = in_list_order(crm, crm.organizations().map(|r| (r.id, r)));
    let c = in_list_order(crm, crm.contacts().map(|r| (r.id, r)));
    let h: Vec<(Uuid, &HistoryEntry)> = crm.history().iter().map(|h| (h.id, h)).collect();
    chunks(Kind::Organization, o, verbatim).chain(chunks(Kind::Contact, c, verbatim)).chain(chunks(Kind::History, h, verbatim))
}

fn in_list_order<'a, T>(crm: &'a Crm, records: impl Iterator<Item = (Uuid, &'a T)>) -> Vec<(Uuid, &'a T)> {
    let mut keyed: Vec<(&str, Uuid, &T)> = records.map(|(id, r)| (crm.sort_key(id), id, r)).collect();
    keyed.sort_unstable_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
    keyed.into_iter().map(|(_, id, r)| (id, r)).collect()
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

/// Stored JSON as text. Every record is parsed from a `&str` (as the bundle
/// import does): one UTF-8 check per segment instead of one per string, and
/// one copy of each record's parser in the wasm.
fn text(bytes: &[u8]) -> Result<&str, String> {
    std::str::from_utf8(bytes).map_err(|e| format!("not UTF-8 at byte {}", e.valid_up_to()))
}

/// Stored JSON as values of `T`; the key only names a damaged one.
pub fn decode<T: DeserializeOwned>(key: impl std::fmt::Display, bytes: &[u8]) -> Result<T, DecodeError> {
    text(bytes)
        .and_then(|t| serde_json::from_str(t).map_err(|e| e.to_string()))
        .map_err(|message| DecodeError::BadJson { key: key.to_string(), message })
}

fn parse<T: DeserializeOwned>(key: &str, bytes: &[u8]) -> Result<Vec<T>, DecodeError> {
    decode(key, bytes)
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

pub fn decode_log_entry(key: impl std::fmt::Display, bytes: &[u8]) -> Result<Vec<Change>, DecodeError> {
    decode(format_args!("log {key}"), bytes)
}

//! How records are laid out on disk, independent of IndexedDB: each kind is
//! a run of segments of ~1,000 records (UTF-8 JSON arrays), plus a write log
//! whose entries are the change lists of single user actions.

use serde::de::DeserializeOwned;
use serde::Serialize;

use std::ops::Range;

use crate::bundle::{Bundle, Spans};
use crate::model::crm::{in_list_order, Records, Sorted};
use crate::model::ids::IdSet;
use crate::model::record::{with_kind, KindVisitor};
use crate::model::{Change, Crm, HistoryEntry, Kind, Rec, Record};

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

/// A segment as the writer gets it: runs of records, joined by commas
/// into one JSON array. A run is records encoded here, or a byte range of
/// the file being imported where records lie one after another: a replace
/// stores a file's records without encoding them, or even copying them
/// here (the writer cuts them from the file it was handed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub key: String,
    pub runs: Vec<Run>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Run {
    Encoded(Vec<u8>),
    File(Range<usize>),
}

impl Segment {
    /// The bytes stored: what the writer assembles (tests check it here).
    pub fn bytes(&self, file: &[u8]) -> Vec<u8> {
        let mut out = vec![b'['];
        for (i, run) in self.runs.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.extend_from_slice(match run {
                Run::Encoded(b) => b,
                Run::File(r) => &file[r.clone()],
            });
        }
        out.push(b']');
        out
    }

    pub fn uses_file(&self) -> bool {
        self.runs.iter().any(|r| matches!(r, Run::File(_)))
    }
}

/// Whether `gap`, between two records in a file, is one comma and
/// whitespace: then the two are one run.
fn one_comma(gap: &[u8]) -> bool {
    let mut commas = 0;
    gap.iter().all(|&b| match b {
        b',' => {
            commas += 1;
            true
        }
        b' ' | b'\n' | b'\r' | b'\t' => true,
        _ => false,
    }) && commas == 1
}

/// `records` as segments, each made only when the iterator gets to it. A
/// record with a span is taken from `file`; consecutive ones form one run.
fn chunks<'a, T: Serialize>(kind: Kind, records: Vec<(&'a T, Option<Range<usize>>)>, file: &'a [u8]) -> impl Iterator<Item = Segment> + 'a {
    let count = records.len().div_ceil(SEGMENT_RECORDS);
    (0..count).map(move |i| {
        let chunk = &records[i * SEGMENT_RECORDS..((i + 1) * SEGMENT_RECORDS).min(records.len())];
        let mut runs = Vec::new();
        let mut encoded: Vec<u8> = Vec::new();
        let mut span: Option<Range<usize>> = None;
        for (record, json) in chunk {
            match json.clone().filter(|s| s.start < s.end && s.end <= file.len()) {
                Some(next) => {
                    if !encoded.is_empty() {
                        runs.push(Run::Encoded(std::mem::take(&mut encoded)));
                    }
                    match &mut span {
                        Some(run) if run.end <= next.start && one_comma(&file[run.end..next.start]) => run.end = next.end,
                        _ => runs.extend(span.replace(next).map(Run::File)),
                    }
                }
                None => {
                    runs.extend(span.take().map(Run::File));
                    if encoded.is_empty() {
                        // Sized for typical records, so it rarely grows (and copies).
                        encoded.reserve(chunk.len() * 768);
                    } else {
                        encoded.push(b',');
                    }
                    // Plain data always serializes.
                    serde_json::to_writer(&mut encoded, record).unwrap_or_default();
                }
            }
        }
        runs.extend(span.map(Run::File));
        if !encoded.is_empty() {
            runs.push(Run::Encoded(encoded));
        }
        Segment { key: segment_key(kind, i), runs }
    })
}

/// Every record of the CRM as segments. Organizations and contacts are in
/// list order (by folded name), so the first segments hold the top of the
/// lists and a load can show them before reading the rest.
pub fn encode(crm: &Crm) -> Vec<Segment> {
    struct Encode<'s, 'a> {
        sorted: &'s Sorted<'a>,
        out: &'s mut Vec<Segment>,
    }
    impl KindVisitor for Encode<'_, '_> {
        type Output = ();
        fn visit<T: Record>(self) {
            self.out.extend(chunks(T::KIND, T::sorted(self.sorted).iter().map(|r| (*r, None)).collect(), &[]));
        }
    }
    let sorted = crm.sorted_records();
    let mut out = Vec::new();
    for kind in Kind::ALL {
        with_kind(kind, Encode { sorted: &sorted, out: &mut out });
    }
    out
}

/// A whole bundle as segments, for an import that replaces everything: the
/// layout [`encode`] gives the CRM the bundle makes, but a record whose
/// JSON is in `file` (at its span from [`crate::bundle::parse_with_spans`])
/// is stored as those bytes instead of being encoded again. A load parses
/// them into the same records; the next compaction rewrites them.
pub fn encode_bundle(bundle: &Bundle, file: Option<(&[u8], &Spans)>) -> Vec<Segment> {
    /// One kind's records in list order, each with its span.
    struct LaidOut<'a> {
        records: &'a Records,
        file: Option<(&'a [u8], &'a Spans)>,
        out: &'a mut Vec<Segment>,
    }
    impl KindVisitor for LaidOut<'_> {
        type Output = ();
        fn visit<T: Record>(self) {
            let file = self.file;
            let span = |i: usize| file.and_then(|(_, s)| s.of(T::KIND).get(i).cloned());
            let ordered = in_list_order(T::list(self.records).iter().enumerate().map(|(i, r)| (r.list_key(), r.id(), (r, span(i)))));
            self.out.extend(chunks(T::KIND, ordered, file.map_or(&[][..], |(b, _)| b)));
        }
    }
    let mut out = Vec::new();
    for kind in Kind::ALL {
        with_kind(kind, LaidOut { records: &bundle.records, file, out: &mut out });
    }
    out
}

/// The order a load reads segments in: [`Kind::ALL`]'s (organizations
/// first: contacts' search keys need their names).
pub fn load_order(kind: Kind) -> u8 {
    kind.index() as u8
}

/// Stored JSON as text. Every record is parsed from a `&str` (as the bundle
/// import does): one UTF-8 check per segment instead of one per string, and
/// one copy of each record's parser in the wasm.
fn text(bytes: &[u8]) -> Result<&str, String> {
    crate::model::validate::utf8(bytes).map_err(|at| format!("not UTF-8 at byte {at}"))
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
            if change.kind() != Kind::History {
                touched.insert(change.id());
            }
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
        struct Load<'a, F> {
            crm: &'a mut Crm,
            key: &'a str,
            bytes: &'a [u8],
            keep: F,
        }
        impl<F: Fn(uuid::Uuid) -> bool> KindVisitor for Load<'_, F> {
            type Output = Result<(), DecodeError>;
            fn visit<T: Record>(self) -> Self::Output {
                self.crm.add_list::<T>(parse(self.key, self.bytes)?, self.keep);
                Ok(())
            }
        }
        match kind {
            // Organizations and contacts have a bulk path (their search keys).
            Kind::Organization => self.crm.add_loaded(parse(key, bytes)?, Vec::new(), keep),
            Kind::Contact => self.crm.add_loaded(Vec::new(), parse(key, bytes)?, keep),
            Kind::History => self.history.append(&mut parse(key, bytes)?),
            _ => with_kind(kind, Load { crm: &mut self.crm, key, bytes, keep })?,
        }
        Ok(())
    }

    fn apply_log(&mut self) {
        for change in std::mem::take(&mut self.log).into_iter().flatten() {
            match change {
                Change::Put(Rec::History(record)) => self.history.push(record),
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

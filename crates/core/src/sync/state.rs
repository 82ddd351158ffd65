//! What the sync keeps beside the records, and how a push's replies and a
//! pulled page move it. All of it lives in the `meta` store under `sync:`
//! keys, written in the same transaction as the records it is about:
//!
//! - `sync:connection` — the server, database and user name (never the
//!   password). Its presence is what "connected" means: every tab reads it
//!   when it catches up, and a write checks it.
//! - `sync:mark:<log key>` — written by a user action's own transaction:
//!   the records it changed, each with its version before the action. A
//!   record's earliest mark holds its *base*, the version last agreed with
//!   the server (a three-way merge needs it). The marks are the queue:
//!   append-only, so a tab that does not sync never needs the others.
//! - `sync:rev:<n>` — the server's revision of each record, as a log of
//!   small entries (one per push or pulled page), folded into chunks when
//!   it grows: at 100,000 records one value each would be 16× slower.
//!   An attachment record's file on the server is noted in the same log,
//!   under `file:<doc id>` (its bytes travel as the document's CouchDB
//!   attachment, once: they never change for an id).
//! - `sync:confidential-files` — present when the user lets confidential
//!   files' bytes go up too (their records always do).
//! - `sync:checkpoint` — the change feed's `last_seq`, stored with the
//!   records its page brought: a crash never skips or doubles a change.
//! - `sync:review:<doc id>` — a record two devices changed in the same
//!   field, or one edited and one deleted: for a person to decide on any
//!   device (it travels as a document of its own, see [`super::review`]).
//! - `sync:review-out:<doc id>` — that review was made or changed here and
//!   goes up. A review settled here is simply gone; the server's revision
//!   of it, still known, is what sends its deletion.
//!
//! A record the server has no revision of and no mark for (made before the
//! first connection) goes up too: that set is derived, never stored.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

use super::doc::{deleted_doc, doc_id, from_doc, parse_doc_id, to_doc, DocError, Incoming};
use super::merge::{reconcile, Reconciled};
use super::protocol::{ChangeRow, Rev, Saved, Seq};
use super::review::{review_doc_id, review_to_doc, Review, Why, REVIEW_DOC};
use crate::model::{Change, Crm, Kind, Rec};

pub const PREFIX: &str = "sync:";
pub const CONNECTION: &str = "sync:connection";
pub const CHECKPOINT: &str = "sync:checkpoint";
pub const MARK: &str = "sync:mark:";
pub const REV: &str = "sync:rev:";
pub const REVIEW: &str = "sync:review:";
pub const REVIEW_OUT: &str = "sync:review-out:";
pub const CONFIDENTIAL_FILES: &str = "sync:confidential-files";
/// The revision log's note that the server has a record's file.
const FILE_ON_SERVER: &str = "file:";

fn file_key(doc: &str) -> String {
    format!("{FILE_ON_SERVER}{doc}")
}
/// Revision entries kept before they are folded into chunks.
const REV_LOG_MAX: usize = 64;
/// Revisions per chunk when folded.
const REV_CHUNK: usize = 5_000;

/// Where this device syncs. The password is never kept: the server's
/// session cookie is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Connection {
    pub server: String,
    pub db: String,
    pub user: String,
}

/// One record a user action changed, with its version before the action
/// (`None`: it did not exist).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mark {
    pub doc: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<Value>,
}

/// The key of the marks a user action wrote with its log entry: ordered
/// as the log is.
pub fn mark_key(log_key: u64) -> String {
    format!("{MARK}{log_key:016}")
}

fn numbered(prefix: &str, n: u64) -> String {
    format!("{prefix}{n:016}")
}

fn number(key: &str, prefix: &str) -> Option<u64> {
    key.strip_prefix(prefix)?.parse().ok()
}

/// One write to `meta` the sync makes with its records.
#[derive(Debug, Clone, PartialEq)]
pub enum MetaWrite {
    Put(String, String),
    Delete(String),
}

/// Why the stored sync state does not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StateError {
    pub key: String,
    pub message: String,
}

impl std::fmt::Display for StateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.key, self.message)
    }
}

fn read<T: for<'de> Deserialize<'de>>(key: &str, text: &str) -> Result<T, StateError> {
    serde_json::from_str(text).map_err(|e| StateError { key: key.to_string(), message: e.to_string() })
}

fn json(v: &impl Serialize) -> String {
    // Our own types and JSON values always serialize.
    serde_json::to_string(v).unwrap_or_default()
}

/// The connection stored among `meta`'s `sync:` entries, if any.
pub fn connection(entries: &[(String, String)]) -> Result<Option<Connection>, StateError> {
    entries.iter().find(|(k, _)| k == CONNECTION).map(|(k, v)| read(k, v)).transpose()
}

/// The marks among `meta`'s `sync:` entries, by log key.
pub fn marks(entries: &[(String, String)]) -> Result<BTreeMap<u64, Vec<Mark>>, StateError> {
    entries.iter().filter_map(|(k, v)| Some((number(k, MARK)?, k, v))).map(|(n, k, v)| Ok((n, read(k, v)?))).collect()
}

/// The reviews among `meta`'s `sync:` entries.
pub fn reviews(entries: &[(String, String)]) -> Result<Vec<Review>, StateError> {
    entries.iter().filter(|(k, _)| k.starts_with(REVIEW)).map(|(k, v)| read(k, v)).collect()
}

/// The sync's state in the one tab that syncs: the server's revision of
/// every record, the checkpoint, and the marks as last read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SyncState {
    revs: HashMap<String, Rev>,
    /// Numbers of the stored revision entries, oldest first.
    rev_entries: Vec<u64>,
    pub checkpoint: Option<Seq>,
    marks: BTreeMap<u64, Vec<Mark>>,
    /// The reviews stored here, by their record's document id.
    reviews: BTreeMap<String, Review>,
    /// Reviews made or changed here that have not gone up.
    review_out: BTreeSet<String>,
    /// The records whose review the server has (each batch of a push
    /// looks for those settled here without a scan of every revision).
    reviews_on_server: BTreeSet<String>,
    /// Who this device syncs as (a review names them).
    user: Option<String>,
    /// Whether confidential files' bytes go up too.
    pub confidential_files: bool,
    writes: Vec<MetaWrite>,
}

/// One document going up.
#[derive(Debug, Clone, PartialEq)]
pub struct Outgoing {
    pub doc_id: String,
    /// The document to send; `None` when there is nothing to send (made
    /// and deleted here before it ever went up): its marks just go.
    pub doc: Option<Value>,
}

/// A pulled page as changes to the records, what it does to the sync
/// state (in [`SyncState::take_writes`]), and what it could not take.
#[derive(Debug, Default)]
pub struct Pulled {
    pub changes: Vec<Change>,
    /// Merged records that go up next, each marked with the server's
    /// version as its base.
    pub marks: Vec<Mark>,
    /// Whether the page made, changed or ended a review.
    pub reviews_changed: bool,
    pub refused: Vec<DocError>,
}

/// The documents of a page of changes that the server holds in more than
/// one version (other clients wrote them apart): the doc id, the version
/// the server chose (its body) and the losing revisions, to read, keep for
/// review and delete. Read before the page is pulled, so the reviews are
/// stored before its checkpoint moves past them.
pub fn splits(rows: &[ChangeRow]) -> Vec<(String, Value, Vec<Rev>)> {
    // Most rows have no `_conflicts`: only those are decoded here (the
    // pull decodes every row once more).
    rows.iter()
        .filter_map(|row| row.doc.as_ref().filter(|d| d.get("_conflicts").and_then(Value::as_array).is_some_and(|c| !c.is_empty())))
        .filter_map(|doc| match from_doc(doc) {
            Ok(Incoming::Put { rec, conflicts, .. }) if !conflicts.is_empty() => Some((doc_id(rec.kind(), rec.id()), rec.to_value(), conflicts)),
            _ => None,
        })
        .collect()
}

/// The records a push is still to send that the server never had (see
/// [`SyncState::unsent`]).
#[derive(Debug, Default)]
pub struct Unsent(Vec<(Kind, Uuid, usize)>);

impl Unsent {
    /// Finds the history entries left to send where they are now; those
    /// no longer there are dropped.
    fn reindex(&mut self, crm: &Crm) {
        let at: HashMap<Uuid, usize> = crm.history().iter().enumerate().map(|(i, h)| (h.id, i)).collect();
        self.0.retain_mut(|(kind, id, i)| {
            if *kind != Kind::History {
                return true;
            }
            at.get(id).map(|&now| *i = now).is_some()
        });
    }
}

/// A file to send: its attachment record's document (at `rev` on the
/// server) and the attachment's id and type.
#[derive(Debug, Clone, PartialEq)]
pub struct FileUp {
    pub doc_id: String,
    pub id: Uuid,
    pub rev: Rev,
    pub media_type: String,
}

/// What a push's replies leave to do.
#[derive(Debug, Default, PartialEq)]
pub struct Pushed {
    pub stored: usize,
    /// Someone else stored these since: fetch the server's copy and pull it.
    pub conflicts: Vec<String>,
    /// Refused by the server's security or validation: (doc id, its words).
    pub refused: Vec<(String, String)>,
    /// The session ended: log in again.
    pub unauthorized: bool,
}

impl SyncState {
    /// Reads the state from `meta`'s `sync:` entries.
    pub fn load(entries: &[(String, String)]) -> Result<SyncState, StateError> {
        let mut s = SyncState::default();
        let mut revs: Vec<(u64, &String, &String)> = entries.iter().filter_map(|(k, v)| Some((number(k, REV)?, k, v))).collect();
        revs.sort_unstable();
        for (n, k, v) in revs {
            let entry: BTreeMap<String, Option<Rev>> = read(k, v)?;
            s.fold_revs(entry);
            s.rev_entries.push(n);
        }
        if let Some((k, v)) = entries.iter().find(|(k, _)| k == CHECKPOINT) {
            s.checkpoint = Some(read(k, v)?);
        }
        s.user = connection(entries)?.map(|c| c.user);
        s.refresh(entries)?;
        Ok(s)
    }

    /// What other tabs may have changed since: the marks (their actions)
    /// and the reviews (settled anywhere). Read again before each pull and
    /// push; only marks of actions this tab's records include.
    pub fn refresh(&mut self, entries: &[(String, String)]) -> Result<(), StateError> {
        self.marks = marks(entries)?;
        self.reviews = reviews(entries)?.into_iter().map(|r| (r.doc.clone(), r)).collect();
        self.review_out = entries.iter().filter_map(|(k, _)| k.strip_prefix(REVIEW_OUT)).map(str::to_string).collect();
        self.confidential_files = entries.iter().any(|(k, _)| k == CONFIDENTIAL_FILES);
        Ok(())
    }

    /// The reviews as this state has them (after a page: with its own).
    pub fn reviews(&self) -> Vec<Review> {
        self.reviews.values().cloned().collect()
    }

    /// Stores reviews made here (with any older one of the same record)
    /// and sends them up.
    pub fn add_reviews(&mut self, reviews: Vec<Review>) {
        for mut r in reviews {
            // Who made the version not kept: this device's edit that
            // lost, or its delete that an edit undid.
            if r.by.is_none() && matches!(r.why, Why::SameField | Why::DeletedHereEditedThere) {
                r.by.clone_from(&self.user);
            }
            if let Some(older) = self.reviews.get(&r.doc) {
                r = r.with_older(older);
            }
            self.writes.push(MetaWrite::Put(format!("{REVIEW}{}", r.doc), json(&r)));
            self.writes.push(MetaWrite::Put(format!("{REVIEW_OUT}{}", r.doc), String::new()));
            self.review_out.insert(r.doc.clone());
            self.reviews.insert(r.doc.clone(), r);
        }
    }

    /// A review document from the server: it replaces the one here, unless
    /// this device changed its own since (then both are one, and go up).
    fn pulled_review(&mut self, doc: &str, theirs: Option<Review>) {
        let key = format!("{REVIEW}{doc}");
        match (theirs, self.review_out.contains(doc)) {
            (Some(t), true) => {
                if let Some(mine) = self.reviews.get_mut(doc) {
                    *mine = mine.clone().with_older(&t);
                    self.writes.push(MetaWrite::Put(key, json(mine)));
                }
            }
            (Some(t), false) => {
                self.writes.push(MetaWrite::Put(key, json(&t)));
                self.reviews.insert(doc.to_string(), t);
            }
            // Made here again since: it goes up as new.
            (None, true) => {}
            (None, false) => {
                if self.reviews.remove(doc).is_some() {
                    self.writes.push(MetaWrite::Delete(key));
                }
            }
        }
    }

    /// The review documents to send: those made or changed here, and the
    /// deletion of those settled here (the server has them, this device
    /// no longer does).
    fn outgoing_reviews(&self) -> Vec<Outgoing> {
        let mut out: Vec<Outgoing> = self
            .review_out
            .iter()
            .filter_map(|d| self.reviews.get(d))
            .map(|r| {
                let id = r.doc_id();
                let doc = review_to_doc(r, self.revs.get(&id));
                Outgoing { doc_id: id, doc: Some(doc) }
            })
            .collect();
        for doc in self.reviews_on_server.iter().filter(|d| !self.reviews.contains_key(*d)) {
            let id = review_doc_id(doc);
            if let Some(rev) = self.revs.get(&id) {
                out.push(Outgoing { doc: Some(serde_json::json!({ "_id": id, "_rev": rev.0, "_deleted": true })), doc_id: id });
            }
        }
        out
    }

    fn fold_revs(&mut self, entry: BTreeMap<String, Option<Rev>>) {
        for (doc, rev) in entry {
            if let Some(record) = doc.strip_prefix(REVIEW_DOC) {
                if rev.is_some() {
                    self.reviews_on_server.insert(record.to_string());
                } else {
                    self.reviews_on_server.remove(record);
                }
            }
            match rev {
                Some(r) => self.revs.insert(doc, r),
                None => self.revs.remove(&doc),
            };
        }
    }

    pub fn rev(&self, doc_id: &str) -> Option<&Rev> {
        self.revs.get(doc_id)
    }

    /// Whether `v` is a version of `doc` this device had since its base
    /// (the one before a later mark): one it may have pushed.
    fn made_here(&self, doc: &str, v: &Value) -> bool {
        self.marks.values().flatten().filter(|m| m.doc == doc).skip(1).any(|m| m.before.as_ref() == Some(v))
    }

    /// Each marked record's base: the version before its earliest mark.
    fn pending(&self) -> HashMap<&str, (u64, Option<&Value>)> {
        let mut p: HashMap<&str, (u64, Option<&Value>)> = HashMap::new();
        for (&key, marks) in &self.marks {
            for m in marks {
                p.entry(m.doc.as_str()).or_insert((key, m.before.as_ref()));
            }
        }
        p
    }

    /// The records waiting to go up: marked ones, and those the server has
    /// no revision of.
    pub fn waiting(&self, crm: &Crm) -> usize {
        self.pending().len() + self.unsent(crm).0.len()
    }

    /// [`SyncState::waiting`] during a push, from what is left of its
    /// [`SyncState::unsent`] list (no scan of every record).
    pub fn waiting_in_push(&self, unsent: &Unsent) -> usize {
        self.pending().len() + unsent.0.len()
    }

    /// The records the server has no revision of and that are not marked
    /// (made before the first connection; history entries, which are never
    /// marked): found by one scan of every record, at the start of a push,
    /// then taken batch by batch by [`SyncState::outgoing_next`].
    pub fn unsent(&self, crm: &Crm) -> Unsent {
        let pending = self.pending();
        let mut out = Vec::new();
        let mut keep = |kind: Kind, id: Uuid, at: usize| {
            let d = doc_id(kind, id);
            if !self.revs.contains_key(&d) && !pending.contains_key(d.as_str()) {
                out.push((kind, id, at));
            }
        };
        for kind in Kind::ALL {
            if kind == Kind::History {
                crm.history().iter().enumerate().for_each(|(at, h)| keep(kind, h.id, at));
            } else {
                crm.ids(kind).into_iter().for_each(|id| keep(kind, id, 0));
            }
        }
        // Taken from the end: in the order of `Kind::ALL`.
        out.reverse();
        Unsent(out)
    }

    /// The next documents to push, at most `n`: reviews, marked records
    /// oldest first, then records the server never had. (One batch with
    /// a scan of every record: tests and a single push.)
    pub fn outgoing(&self, crm: &Crm, n: usize) -> Vec<Outgoing> {
        self.outgoing_next(crm, n, &mut self.unsent(crm), &HashSet::new())
    }

    /// The next batch of a push, at most `n` documents, without those in
    /// `skip` (refused by the server this round): reviews, marked records
    /// oldest first, then what is left of `unsent` (taken from it).
    pub fn outgoing_next(&self, crm: &Crm, n: usize, unsent: &mut Unsent, skip: &HashSet<String>) -> Vec<Outgoing> {
        let pending = self.pending();
        let mut marked: Vec<(u64, &str)> = pending.iter().map(|(d, (k, _))| (*k, *d)).filter(|(_, d)| !skip.contains(*d)).collect();
        marked.sort_unstable();
        let mut out = self.outgoing_reviews();
        out.retain(|o| !skip.contains(&o.doc_id));
        out.truncate(n);
        let room = n - out.len();
        out.extend(marked.into_iter().take(room).filter_map(|(_, d)| {
            let (kind, id) = parse_doc_id(d)?;
            let rev = self.revs.get(d);
            // History entries are never marked (see `marks_of`).
            let doc = match (crm.get(kind, id), rev) {
                (Some(rec), rev) => Some(self.with_file(to_doc(&rec, rev))),
                (None, Some(rev)) => Some(deleted_doc(kind, id, rev)),
                (None, None) => None,
            };
            Some(Outgoing { doc_id: d.to_string(), doc })
        }));
        while out.len() < n {
            let Some((kind, id, at)) = unsent.0.pop() else { break };
            let d = doc_id(kind, id);
            // Sent, marked or refused since the list was made.
            if self.revs.contains_key(&d) || pending.contains_key(d.as_str()) || skip.contains(&d) {
                continue;
            }
            let rec = if kind == Kind::History {
                let all = crm.history();
                match all.get(at).filter(|h| h.id == id) {
                    Some(h) => Some(Rec::History(h.clone())),
                    // Entries pulled since (the history is in time order)
                    // moved it: where everything left is now, found once.
                    None => {
                        unsent.0.push((kind, id, at));
                        unsent.reindex(crm);
                        continue;
                    }
                }
            } else {
                crm.get(kind, id)
            };
            if let Some(rec) = rec {
                out.push(Outgoing { doc_id: d, doc: Some(to_doc(&rec, None)) });
            }
        }
        out
    }

    /// An attachment record's document keeps the file the server has
    /// (CouchDB drops attachments a new revision does not name).
    fn with_file(&self, mut doc: Value) -> Value {
        let has = doc.get("_id").and_then(Value::as_str).is_some_and(|d| self.revs.contains_key(&file_key(d)));
        if has {
            doc["_attachments"] = serde_json::json!({ super::protocol::FILE: { "stub": true } });
        }
        doc
    }

    /// The files to send: of attachment records the server has, whose
    /// file it has not, that this device has (`have`); confidential ones
    /// only when the user lets them go.
    pub fn files_to_send(&self, crm: &Crm, have: impl Fn(Uuid) -> bool) -> Vec<FileUp> {
        crm.ids(Kind::Attachment)
            .into_iter()
            .filter_map(|id| crm.attachment(id))
            .filter(|a| self.confidential_files || !a.confidential)
            .filter_map(|a| {
                let doc_id = doc_id(Kind::Attachment, a.id);
                let rev = self.revs.get(&doc_id)?.clone();
                (!self.revs.contains_key(&file_key(&doc_id)) && have(a.id)).then(|| FileUp {
                    doc_id,
                    id: a.id,
                    rev,
                    media_type: a.media_type.clone(),
                })
            })
            .collect()
    }

    /// A file went up: the document is at `rev` now, with its file.
    pub fn file_sent(&mut self, doc_id: &str, rev: Rev) {
        self.record_revs(BTreeMap::from([(doc_id.to_string(), Some(rev.clone())), (file_key(doc_id), Some(rev))]));
    }

    /// The server has no file for this attachment record after all.
    pub fn file_missing(&mut self, doc_id: &str) {
        self.record_revs(BTreeMap::from([(file_key(doc_id), None)]));
    }

    /// The files to fetch: of attachment records here whose file the
    /// server has and this device has not (`have`).
    pub fn files_to_fetch(&self, crm: &Crm, have: impl Fn(Uuid) -> bool) -> Vec<(String, Uuid)> {
        crm.ids(Kind::Attachment)
            .into_iter()
            .filter(|&id| !have(id))
            .map(|id| (doc_id(Kind::Attachment, id), id))
            .filter(|(d, _)| self.revs.contains_key(&file_key(d)))
            .collect()
    }

    /// Reads the server's replies to a push of `sent`, in order.
    pub fn pushed(&mut self, sent: &[Outgoing], replies: &[Saved]) -> Pushed {
        let mut out = Pushed::default();
        let mut revs = BTreeMap::new();
        let mut done: HashSet<&str> = sent.iter().filter(|o| o.doc.is_none()).map(|o| o.doc_id.as_str()).collect();
        let deleted: HashSet<&str> =
            sent.iter().filter(|o| o.doc.as_ref().is_some_and(|d| d.get("_deleted").is_some())).map(|o| o.doc_id.as_str()).collect();
        for reply in replies {
            match reply {
                Saved::Stored { id, rev } => {
                    out.stored += 1;
                    let Some(o) = sent.iter().find(|o| &o.doc_id == id) else { continue };
                    done.insert(o.doc_id.as_str());
                    revs.insert(id.clone(), (!deleted.contains(id.as_str())).then(|| rev.clone()));
                    // Deleted with its file: undone, it goes up as new, file and all.
                    if deleted.contains(id.as_str()) && self.revs.contains_key(&file_key(id)) {
                        revs.insert(file_key(id), None);
                    }
                    if let Some(doc) = id.strip_prefix(REVIEW_DOC) {
                        if self.review_out.remove(doc) {
                            self.writes.push(MetaWrite::Delete(format!("{REVIEW_OUT}{doc}")));
                        }
                    }
                }
                Saved::Conflict { id } => out.conflicts.push(id.clone()),
                Saved::Forbidden { id, reason } | Saved::Failed { id, reason, .. } => out.refused.push((id.clone(), reason.clone())),
                Saved::Unauthorized { .. } => out.unauthorized = true,
            }
        }
        let done: Vec<String> = done.into_iter().map(str::to_string).collect();
        self.unmark(&done);
        self.record_revs(revs);
        out
    }

    /// Takes `docs`' marks away (they went up, or were settled).
    fn unmark(&mut self, docs: &[String]) {
        if docs.is_empty() {
            return;
        }
        let docs: HashSet<&str> = docs.iter().map(String::as_str).collect();
        let mut writes = Vec::new();
        self.marks.retain(|&key, marks| {
            let before = marks.len();
            marks.retain(|m| !docs.contains(m.doc.as_str()));
            if marks.len() == before {
                return true;
            }
            if marks.is_empty() {
                writes.push(MetaWrite::Delete(mark_key(key)));
                false
            } else {
                writes.push(MetaWrite::Put(mark_key(key), json(marks)));
                true
            }
        });
        self.writes.extend(writes);
    }

    /// Notes the server's revisions (`None`: the record is gone there) as
    /// one entry, folding the entries when they are many.
    fn record_revs(&mut self, revs: BTreeMap<String, Option<Rev>>) {
        if revs.is_empty() {
            return;
        }
        let next = self.rev_entries.last().map_or(0, |n| n + 1);
        self.writes.push(MetaWrite::Put(numbered(REV, next), json(&revs)));
        self.fold_revs(revs);
        self.rev_entries.push(next);
        if self.rev_entries.len() > REV_LOG_MAX {
            for n in std::mem::take(&mut self.rev_entries) {
                self.writes.push(MetaWrite::Delete(numbered(REV, n)));
            }
            let mut all: Vec<(&String, &Rev)> = self.revs.iter().collect();
            all.sort_unstable();
            for (n, chunk) in (next + 1..).zip(all.chunks(REV_CHUNK)) {
                let m: BTreeMap<&String, &Rev> = chunk.iter().copied().collect();
                self.writes.push(MetaWrite::Put(numbered(REV, n), json(&m)));
                self.rev_entries.push(n);
            }
        }
    }

    /// Applies a page of the change feed to `crm`'s records: what the
    /// server changed comes down; a record changed here too is merged with
    /// its base; what both changed differently is kept for review. The
    /// checkpoint moves to `last_seq` in the same writes.
    pub fn pull(&mut self, crm: &Crm, rows: &[ChangeRow], last_seq: &Seq) -> Pulled {
        let mut out = Pulled::default();
        let mut revs = BTreeMap::new();
        let mut settled: Vec<String> = Vec::new();
        let mut history: Option<HashSet<Uuid>> = None;
        let mut new_reviews = Vec::new();
        let mut their_reviews = Vec::new();
        {
            let pending = self.pending();
            for row in rows {
                let Some(doc) = &row.doc else { continue };
                let incoming = match from_doc(doc) {
                    Ok(i) => i,
                    Err(e) => {
                        out.refused.push(e);
                        continue;
                    }
                };
                let (kind, id, rev, theirs) = match incoming {
                    Incoming::Skipped => continue,
                    Incoming::Review { review, rev } => {
                        let id = review.doc_id();
                        if self.revs.get(&id) != Some(&rev) {
                            revs.insert(id, Some(rev));
                            their_reviews.push((review.doc.clone(), Some(review)));
                        }
                        continue;
                    }
                    Incoming::ReviewGone { doc, rev: _ } => {
                        revs.insert(review_doc_id(&doc), None);
                        their_reviews.push((doc, None));
                        continue;
                    }
                    Incoming::Put { rec, rev, .. } => (rec.kind(), rec.id(), rev, Some(rec)),
                    Incoming::Deleted { kind, id, rev } => (kind, id, rev, None),
                };
                let d = doc_id(kind, id);
                // Our own push coming back, or a page seen before a crash.
                if self.revs.get(&d) == Some(&rev) {
                    continue;
                }
                if kind == Kind::Attachment {
                    let file = doc.pointer(&format!("/_attachments/{}", super::protocol::FILE)).is_some() && theirs.is_some();
                    if file != self.revs.contains_key(&file_key(&d)) {
                        revs.insert(file_key(&d), file.then(|| rev.clone()));
                    }
                }
                let mine = if kind == Kind::History {
                    let have = history.get_or_insert_with(|| crm.history().iter().map(|h| h.id).collect()).contains(&id);
                    have.then(|| theirs.clone()).flatten()
                } else {
                    crm.get(kind, id)
                };
                // A record here the server has never acknowledged (made
                // before the first connection) is an edit of no agreed base.
                let never_agreed = !self.revs.contains_key(&d) && mine.is_some();
                revs.insert(d.clone(), theirs.is_some().then(|| rev.clone()));
                let Some(base) = pending.get(d.as_str()).map(|&(_, b)| b).or(never_agreed.then_some(None)) else {
                    // Not changed here: the server's version is the record.
                    match (theirs, mine) {
                        (Some(t), Some(m)) if t == m => {}
                        (Some(t), _) => out.changes.push(Change::Put(t)),
                        (None, Some(_)) => out.changes.push(Change::Delete(kind, id)),
                        (None, None) => {}
                    }
                    continue;
                };
                let mine_v = mine.as_ref().map(Rec::to_value);
                let theirs_v = theirs.as_ref().map(Rec::to_value);
                // The server has a version this device made and pushed
                // (the reply was lost): what changed here since goes on top.
                let base = match &theirs_v {
                    Some(t) if self.made_here(&d, t) => Some(t),
                    _ => base,
                };
                settled.push(d.clone());
                match reconcile(base, mine_v.as_ref(), theirs_v.as_ref()) {
                    Reconciled::Same | Reconciled::BothDeleted => {}
                    Reconciled::Merged(m) => match Rec::from_value(kind, &m.value) {
                        Ok(rec) => {
                            if !m.conflicts.is_empty() {
                                new_reviews.push(Review { doc: d.clone(), why: Why::SameField, fields: m.conflicts, mine: mine_v.clone(), by: None });
                            }
                            // Put even when it is what is here: its mark is
                            // stored under the log entry of this put.
                            out.changes.push(Change::Put(rec));
                            // The merge goes up on top of the server's version.
                            out.marks.push(Mark { doc: d.clone(), before: theirs_v });
                        }
                        // Both halves read; their merge must too. If not,
                        // the server's version wins and ours is kept for review.
                        Err(_) => {
                            new_reviews.push(Review { doc: d.clone(), why: Why::SameField, fields: Vec::new(), mine: mine_v, by: None });
                            out.changes.extend(theirs.map(Change::Put));
                        }
                    },
                    Reconciled::EditedHereDeletedThere => {
                        // The edit stays and goes up again as the record
                        // (put again, so its mark has a log entry).
                        revs.insert(d.clone(), None);
                        out.changes.extend(mine.clone().map(Change::Put));
                        out.marks.push(Mark { doc: d.clone(), before: None });
                        new_reviews.push(Review { doc: d.clone(), why: Why::EditedHereDeletedThere, fields: Vec::new(), mine: None, by: None });
                    }
                    Reconciled::DeletedHereEditedThere => {
                        out.changes.extend(theirs.map(Change::Put));
                        new_reviews.push(Review { doc: d.clone(), why: Why::DeletedHereEditedThere, fields: Vec::new(), mine: None, by: None });
                    }
                }
            }
        }
        self.unmark(&settled);
        self.record_revs(revs);
        out.reviews_changed = !new_reviews.is_empty() || !their_reviews.is_empty();
        for (doc, theirs) in their_reviews {
            self.pulled_review(&doc, theirs);
        }
        self.add_reviews(new_reviews);
        self.checkpoint = Some(last_seq.clone());
        self.writes.push(MetaWrite::Put(CHECKPOINT.to_string(), json(last_seq)));
        out
    }

    /// Forgets the server's revision of a record the server no longer has
    /// (a push found it deleted there): it goes up again as new.
    pub fn forget(&mut self, doc_id: &str) {
        self.record_revs(BTreeMap::from([(doc_id.to_string(), None)]));
    }

    /// The writes the last transitions made, for the store (in order).
    pub fn take_writes(&mut self) -> Vec<MetaWrite> {
        std::mem::take(&mut self.writes)
    }
}

/// The marks of a user action: the records `changes` touch, with their
/// versions before it in `crm`. History entries are never edited, so they
/// need no mark (they go up as records the server has no revision of).
pub fn marks_of(crm: &Crm, changes: &[Change]) -> Vec<Mark> {
    let mut seen = HashSet::new();
    changes
        .iter()
        .filter(|c| c.kind() != Kind::History)
        .filter(|c| seen.insert((c.kind(), c.id())))
        .map(|c| Mark { doc: doc_id(c.kind(), c.id()), before: crm.get(c.kind(), c.id()).map(|r| r.to_value()) })
        .collect()
}

/// The writes that forget every trace of the sync (disconnect): the
/// records stay.
pub fn forget_all(keys: &[String]) -> Vec<MetaWrite> {
    keys.iter().filter(|k| k.starts_with(PREFIX)).map(|k| MetaWrite::Delete(k.clone())).collect()
}

/// The writes that end a review settled here: its deletion goes up (the
/// server's revision of it is still known).
pub fn settled(doc: &str) -> [MetaWrite; 2] {
    [MetaWrite::Delete(format!("{REVIEW}{doc}")), MetaWrite::Delete(format!("{REVIEW_OUT}{doc}"))]
}

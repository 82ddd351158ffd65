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
//! - `sync:checkpoint` — the change feed's `last_seq`, stored with the
//!   records its page brought: a crash never skips or doubles a change.
//! - `sync:review:<doc id>` — a record two devices changed in the same
//!   field, or one edited and one deleted: for a person to decide.
//!
//! A record the server has no revision of and no mark for (made before the
//! first connection) goes up too: that set is derived, never stored.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

use super::doc::{deleted_doc, doc_id, from_doc, parse_doc_id, to_doc, DocError, Incoming};
use super::merge::{reconcile, FieldConflict, Reconciled};
use super::protocol::{ChangeRow, Rev, Saved, Seq};
use crate::model::{Change, Crm, Kind, Rec};

pub const PREFIX: &str = "sync:";
pub const CONNECTION: &str = "sync:connection";
pub const CHECKPOINT: &str = "sync:checkpoint";
pub const MARK: &str = "sync:mark:";
pub const REV: &str = "sync:rev:";
pub const REVIEW: &str = "sync:review:";
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

/// What a person must decide about one record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Review {
    pub doc: String,
    pub why: Why,
    /// The fields both sides changed differently (`Why::SameField`): the
    /// record holds the server's value until someone picks.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldConflict>,
    /// This device's version when it lost (kept, so nothing is lost).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mine: Option<Value>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Why {
    /// Both changed the same field, differently.
    SameField,
    /// Edited here, deleted on another device: the edit was kept.
    EditedHereDeletedThere,
    /// The server held two versions (written apart by other clients); the
    /// one it chose is kept, the other's differing fields are `mine`.
    OtherVersion,
    /// Deleted here, edited on another device: their edit came back.
    DeletedHereEditedThere,
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
    pub reviews: Vec<Review>,
    pub refused: Vec<DocError>,
    /// Documents the server holds in more than one version (other clients
    /// wrote them apart): the doc id, the version the server chose (its
    /// body) and the losing revisions, to read, keep for review and delete.
    pub split: Vec<(String, Value, Vec<Rev>)>,
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
        s.marks = marks(entries)?;
        Ok(s)
    }

    fn fold_revs(&mut self, entry: BTreeMap<String, Option<Rev>>) {
        for (doc, rev) in entry {
            match rev {
                Some(r) => self.revs.insert(doc, r),
                None => self.revs.remove(&doc),
            };
        }
    }

    pub fn rev(&self, doc_id: &str) -> Option<&Rev> {
        self.revs.get(doc_id)
    }

    /// The marks as stored now (read again before each push: other tabs
    /// add theirs). Only marks of actions this tab's records include.
    pub fn set_marks(&mut self, marks: BTreeMap<u64, Vec<Mark>>) {
        self.marks = marks;
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
        let pending = self.pending();
        pending.len() + self.unsent(crm, &pending, usize::MAX).len()
    }

    fn unsent(&self, crm: &Crm, pending: &HashMap<&str, (u64, Option<&Value>)>, n: usize) -> Vec<Rec> {
        let mut out = Vec::new();
        for kind in Kind::ALL {
            if out.len() >= n {
                break;
            }
            if kind == Kind::History {
                for h in crm.history() {
                    let id = doc_id(kind, h.id);
                    if !self.revs.contains_key(&id) && !pending.contains_key(id.as_str()) {
                        out.push(Rec::History(h.clone()));
                        if out.len() >= n {
                            break;
                        }
                    }
                }
                continue;
            }
            for id in crm.ids(kind) {
                let d = doc_id(kind, id);
                if !self.revs.contains_key(&d) && !pending.contains_key(d.as_str()) {
                    if let Some(rec) = crm.get(kind, id) {
                        out.push(rec);
                    }
                    if out.len() >= n {
                        break;
                    }
                }
            }
        }
        out
    }

    /// The next documents to push, at most `n`: marked records oldest
    /// first, then records the server never had.
    pub fn outgoing(&self, crm: &Crm, n: usize) -> Vec<Outgoing> {
        let pending = self.pending();
        let mut marked: Vec<(u64, &str)> = pending.iter().map(|(d, (k, _))| (*k, *d)).collect();
        marked.sort_unstable();
        let mut out: Vec<Outgoing> = marked
            .into_iter()
            .take(n)
            .filter_map(|(_, d)| {
                let (kind, id) = parse_doc_id(d)?;
                let rev = self.revs.get(d);
                // History entries are never marked (see `marks_of`).
                let doc = match (crm.get(kind, id), rev) {
                    (Some(rec), rev) => Some(to_doc(&rec, rev)),
                    (None, Some(rev)) => Some(deleted_doc(kind, id, rev)),
                    (None, None) => None,
                };
                Some(Outgoing { doc_id: d.to_string(), doc })
            })
            .collect();
        let room = n.saturating_sub(out.len());
        out.extend(self.unsent(crm, &pending, room).into_iter().map(|rec| {
            let doc = to_doc(&rec, None);
            Outgoing { doc_id: doc_id(rec.kind(), rec.id()), doc: Some(doc) }
        }));
        out
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
                    Incoming::Put { rec, rev, conflicts } => {
                        if !conflicts.is_empty() {
                            out.split.push((doc_id(rec.kind(), rec.id()), rec.to_value(), conflicts));
                        }
                        (rec.kind(), rec.id(), rev, Some(rec))
                    }
                    Incoming::Deleted { kind, id, rev } => (kind, id, rev, None),
                };
                let d = doc_id(kind, id);
                // Our own push coming back, or a page seen before a crash.
                if self.revs.get(&d) == Some(&rev) {
                    continue;
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
                settled.push(d.clone());
                match reconcile(base, mine_v.as_ref(), theirs_v.as_ref()) {
                    Reconciled::Same | Reconciled::BothDeleted => {}
                    Reconciled::Merged(m) => match Rec::from_value(kind, &m.value) {
                        Ok(rec) => {
                            if !m.conflicts.is_empty() {
                                out.reviews.push(Review { doc: d.clone(), why: Why::SameField, fields: m.conflicts, mine: mine_v.clone() });
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
                            out.reviews.push(Review { doc: d.clone(), why: Why::SameField, fields: Vec::new(), mine: mine_v });
                            out.changes.extend(theirs.map(Change::Put));
                        }
                    },
                    Reconciled::EditedHereDeletedThere => {
                        // The edit stays and goes up again as the record
                        // (put again, so its mark has a log entry).
                        revs.insert(d.clone(), None);
                        out.changes.extend(mine.clone().map(Change::Put));
                        out.marks.push(Mark { doc: d.clone(), before: None });
                        out.reviews.push(Review { doc: d.clone(), why: Why::EditedHereDeletedThere, fields: Vec::new(), mine: None });
                    }
                    Reconciled::DeletedHereEditedThere => {
                        out.changes.extend(theirs.map(Change::Put));
                        out.reviews.push(Review { doc: d.clone(), why: Why::DeletedHereEditedThere, fields: Vec::new(), mine: None });
                    }
                }
            }
        }
        self.unmark(&settled);
        self.record_revs(revs);
        for r in &out.reviews {
            self.writes.push(MetaWrite::Put(format!("{REVIEW}{}", r.doc), json(r)));
        }
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

/// The review of a version the server did not choose (`other`) beside the
/// one it did (`kept`): the fields that differ, the other's as "mine".
pub fn other_version(doc: &str, kept: &Value, other: &Value) -> Option<Review> {
    let fields: Vec<FieldConflict> = super::merge::merge3(&Value::Null, &super::doc::body(other), kept)
        .conflicts
        .into_iter()
        // The merge keeps the later `updated_at`; a differing creation
        // stamp alone is the same record.
        .filter(|f| f.field != "created_at")
        .collect();
    (!fields.is_empty()).then(|| Review { doc: doc.to_string(), why: Why::OtherVersion, fields, mine: Some(super::doc::body(other)) })
}

/// "Use yours" on a review of fields both devices changed: the record as it
/// is now, with each of those fields set back to this device's value,
/// saved as an edit (its history entry names the fields). It goes up like
/// any edit; the server's values stay in the history.
pub fn use_mine(crm: &Crm, review: &Review, ctx: &mut crate::model::Ctx) -> Result<Vec<Change>, Vec<crate::model::FieldError>> {
    use crate::model::validate::{FieldError, Problem};
    let gone = || vec![FieldError::new("id", Problem::Missing)];
    let (kind, id) = parse_doc_id(&review.doc).ok_or_else(gone)?;
    let now = crm.get(kind, id).ok_or_else(gone)?;
    let old = now.to_value();
    let mut v = old.clone();
    for f in &review.fields {
        set_path(&mut v, &f.field, f.mine.clone());
    }
    if let Value::Object(m) = &mut v {
        if m.contains_key("updated_at") {
            m.insert("updated_at".into(), Value::String(crate::model::time::format(&ctx.now)));
        }
    }
    // Both versions read; one's field in the other can only fail to if
    // a field's value depends on another (then the form is the way).
    let rec = Rec::from_value(kind, &v)
        .map_err(|_| vec![FieldError::new(review.fields.first().map_or("id", |f| f.field.as_str()), Problem::NotAChoice)])?;
    let errors = rec.validate();
    if !errors.is_empty() {
        return Err(errors);
    }
    let label = crm.label(crate::model::Target { kind, id });
    let entry = crm.record_changes(kind, id, Some(&old), &rec.to_value(), label, ctx);
    Ok(entry.map(|h| vec![Change::Put(rec), h]).unwrap_or_default())
}

/// Sets a field at a dotted path (`address.city`); `Null` takes the field
/// away (the side had none), so the record's own default applies.
fn set_path(v: &mut Value, path: &str, to: Value) {
    let mut parts = path.split('.').peekable();
    let mut at = v;
    while let Some(p) = parts.next() {
        let Value::Object(m) = at else { return };
        if parts.peek().is_none() {
            if to.is_null() {
                m.remove(p);
            } else {
                m.insert(p.to_string(), to);
            }
            return;
        }
        let Some(next) = m.get_mut(p) else { return };
        at = next;
    }
}

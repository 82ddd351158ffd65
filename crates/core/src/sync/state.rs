//! Each record's place in the sync: the server revision it was last seen
//! at, and, while it has changes here the server has not taken, the
//! version last agreed with the server (its *base*, what a three-way merge
//! needs). The queue of what waits to go up is the set of those records,
//! oldest change first; it is data, so it survives a reload with the rest.
//!
//! Only the transitions live here; the store keeps one entry per record
//! beside the record, written in the same transaction as the change that
//! moved it, and the checkpoint with the records a pull brought.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::merge::{merge3, FieldConflict};
use super::protocol::{Rev, Seq};

/// One record's sync entry.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DocSync {
    /// The server's revision of it, once the server has it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rev: Option<Rev>,
    /// Waiting to go up since this change (a counter, not a clock).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub queued: Option<u64>,
    /// The version last agreed with the server, while queued (`None`:
    /// made here, or the server never had it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<Value>,
}

/// What a pulled document does to a record changed here meanwhile.
#[derive(Debug, Clone, PartialEq)]
pub enum Pulled {
    /// Not changed here: take the server's version (or its deletion).
    Take,
    /// Changed here too: the record becomes `merged`, which goes up next
    /// with the server's revision; `conflicts` need review.
    Merge { merged: Value, conflicts: Vec<FieldConflict> },
    /// Changed here, deleted there: the edit stays and goes up again as a
    /// new record; "delete anyway" is offered.
    KeepEdit,
    /// Deleted here, changed there: the server's version comes back, and
    /// "delete anyway" is offered.
    Restore,
}

/// Every record's sync entry and the checkpoint, by document id.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SyncState {
    docs: BTreeMap<String, DocSync>,
    next: u64,
    pub checkpoint: Option<Seq>,
}

impl SyncState {
    pub fn get(&self, doc_id: &str) -> Option<&DocSync> {
        self.docs.get(doc_id)
    }

    /// A change made here to a record whose version before it was
    /// `before` (`None`: it is new). The first change since the server
    /// last agreed keeps that version as the base; later ones keep it.
    pub fn changed_here(&mut self, doc_id: &str, before: Option<Value>) {
        let next = self.next;
        let entry = self.docs.entry(doc_id.to_string()).or_default();
        if entry.queued.is_none() {
            entry.queued = Some(next);
            entry.base = entry.rev.as_ref().and(before);
            self.next += 1;
        }
    }

    /// The records waiting to go up, oldest change first, at most `n`.
    pub fn queue(&self, n: usize) -> Vec<&str> {
        let mut q: Vec<(u64, &str)> = self.docs.iter().filter_map(|(id, d)| Some((d.queued?, id.as_str()))).collect();
        q.sort_unstable();
        q.into_iter().take(n).map(|(_, id)| id).collect()
    }

    pub fn waiting(&self) -> usize {
        self.docs.values().filter(|d| d.queued.is_some()).count()
    }

    /// The server stored what was pushed at `rev`. `changed_since`: the
    /// record changed here again while the push was on its way, so it
    /// stays queued (from the version the server now has).
    pub fn stored(&mut self, doc_id: &str, rev: Rev, pushed: Value, changed_since: bool) {
        let entry = self.docs.entry(doc_id.to_string()).or_default();
        entry.rev = Some(rev);
        if changed_since {
            entry.base = Some(pushed);
        } else {
            entry.queued = None;
            entry.base = None;
        }
    }

    /// A document came down at `rev` (`theirs`: its body, `None` when the
    /// server deleted it); `mine` is the record here (`None`: deleted here).
    pub fn pulled(&mut self, doc_id: &str, rev: Rev, mine: Option<&Value>, theirs: Option<&Value>) -> Pulled {
        let entry = self.docs.entry(doc_id.to_string()).or_default();
        entry.rev = Some(rev);
        if entry.queued.is_none() {
            return Pulled::Take;
        }
        let outcome = match (mine, theirs) {
            (Some(m), Some(t)) if m == t => Pulled::Take,
            (Some(m), Some(t)) => {
                let merged = merge3(entry.base.as_ref().unwrap_or(&Value::Null), m, t);
                Pulled::Merge { merged: merged.value, conflicts: merged.conflicts }
            }
            (Some(_), None) => Pulled::KeepEdit,
            (None, Some(_)) => Pulled::Restore,
            (None, None) => Pulled::Take,
        };
        match &outcome {
            // The server's version is now the agreed one; what merged stays
            // queued to go up on top of it.
            Pulled::Merge { .. } => entry.base = theirs.cloned(),
            // A deletion the server has not seen becomes a new record there.
            Pulled::KeepEdit => {
                entry.base = None;
            }
            Pulled::Take | Pulled::Restore => {
                entry.queued = None;
                entry.base = None;
            }
        }
        outcome
    }

    /// Forgets a record's entry (its deletion reached the server, or the
    /// user left the sync).
    pub fn forget(&mut self, doc_id: &str) {
        self.docs.remove(doc_id);
    }
}

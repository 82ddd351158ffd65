//! The only code that touches IndexedDB.
//!
//! Database `vizitka`: `segments` (key "contact/00003" → UTF-8 JSON array of
//! ~1,000 records), `log` (auto-increment key → the JSON change list of one
//! user action), `meta`, and `files` (attachment id → the file's Blob).
//! Loading reads segments and replays the log; compaction folds the log
//! into fresh segments in one transaction. Files are read one at a time,
//! when shown or downloaded.
//!
//! Every write holds one lock from the start of its transaction until the
//! caller has applied it to memory, so a compaction's snapshot always
//! includes every committed action and clearing the log never drops one.

mod writer;

use std::cell::{Cell, RefCell};
use std::collections::HashSet;
use std::future::IntoFuture;
use std::rc::Rc;

use futures::lock::Mutex;
use idb::{Database, DatabaseEvent, Event, Factory, KeyRange, ObjectStoreParams, Query, Request, Transaction, TransactionMode, TransactionResult};
use js_sys::Uint8Array;
use serde_json::Value;
use wasm_bindgen::{JsCast, JsValue};

use crate::model::migrate::Migration;
use crate::model::{Change, Crm, Kind, SCHEMA_VERSION};
use crate::segments::{self, decode_log_entry, encode_log_entry, kind_of_key, Assembly, Segment};
use crate::sync::state::{self as sync_state, Mark, MetaWrite};
use writer::{Expect, Rewrite, Writer};

pub const DB_NAME: &str = "vizitka";
const SEGMENTS: &str = "segments";
const LOG: &str = "log";
const META: &str = "meta";
const FILES: &str = "files";
const GENERATION: &str = "generation";
/// Contact segments in the first read of a load, shown before the rest.
/// Segments are written in list order, so the first holds the top 1,000
/// rows (more than any screen); five cost a cold start 130 ms at 100,000
/// contacts (decoded, indexed and cloned for the preview, unseen).
const FIRST_CONTACT_SEGMENTS: usize = 1;
/// Segments per later read.
const LATER_SEGMENTS: usize = 20;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreError {
    /// The browser has no IndexedDB (private mode in some browsers).
    Unavailable(String),
    Open(String),
    /// The disk is full or the browser's quota for this site is used up.
    Quota(String),
    /// The write did not happen; nothing changed.
    Aborted(String),
    Read(String),
    Damaged(String),
    /// Another tab upgraded the schema; this connection is closed.
    Closed,
    /// Another tab wrote since this one loaded; reload before compacting.
    Stale,
}

fn write_error(e: idb::Error) -> StoreError {
    let m = e.to_string();
    if m.contains("QuotaExceeded") {
        StoreError::Quota(m)
    } else {
        StoreError::Aborted(m)
    }
}

fn bytes(v: &[u8]) -> JsValue {
    Uint8Array::from(v).into()
}

/// A stored value's bytes. Segments and log entries are stored as
/// `Uint8Array`s, read straight into wasm memory: `new Uint8Array(view)`
/// would first copy them once more (every record's bytes at a load). An
/// `ArrayBuffer` is read through a view.
fn to_vec(v: &JsValue) -> Vec<u8> {
    match v.dyn_ref::<Uint8Array>() {
        Some(bytes) => bytes.to_vec(),
        None => Uint8Array::new(v).to_vec(),
    }
}

/// What a rewrite of every segment does to the files: an import replaces
/// them (`clear`) or adds its own, a wipe clears them.
#[derive(Debug, Default)]
pub struct FileWrites {
    pub clear: bool,
    /// Attachment id, media type, bytes.
    pub put: Vec<(uuid::Uuid, String, Vec<u8>)>,
}

impl FileWrites {
    /// Every file goes (a wipe, or an import of a bundle without files).
    pub fn clear() -> FileWrites {
        FileWrites { clear: true, put: Vec::new() }
    }
}

/// A fault to inject in tests.
#[derive(Debug, Clone, Copy, Default)]
pub struct Faults {
    /// Abort the next write once it has made this many puts: before the
    /// next put, or before the commit when there is none. A write of one
    /// action puts its files, then its log entry; a rewrite puts each
    /// segment, then each file. 0 aborts before anything is put.
    pub abort_after_puts: Option<usize>,
    /// The segment writer throws an error it does not catch, as a worker
    /// that cannot start or breaks would.
    pub writer_breaks: bool,
}

pub struct Store {
    name: String,
    db: RefCell<Option<Database>>,
    /// Rewrites all segments (import, wipe, compaction) off this thread.
    writer: Writer,
    lock: Mutex<()>,
    log_len: Cell<u32>,
    /// Log entries this connection has in memory (loaded or written). A
    /// compaction must not fold away an entry written by another tab.
    known_log: RefCell<HashSet<u64>>,
    /// Bumped by every compaction or replace; a tab that loaded an older
    /// generation has stale memory and may not compact.
    generation: Cell<f64>,
    persist_asked: Cell<bool>,
    /// Whether `meta` held a sync connection when this tab last looked:
    /// its writes then mark what they change (see `sync::state`).
    sync_on: Cell<bool>,
    pub faults: Cell<Faults>,
}

/// What other tabs wrote since this one last looked (see [`Store::catch_up`]).
#[derive(Debug)]
pub enum Feed {
    Nothing,
    /// Their changes, in the order they were stored.
    Changes(Vec<Change>),
    /// Another tab compacted the log or replaced every record: only a
    /// reload gives its records.
    Reload,
}

/// Callbacks for events the user must hear about.
pub struct Events {
    /// Another tab opened a newer schema: this one must reload.
    pub version_change: Box<dyn Fn()>,
    /// This tab wants to upgrade but an older tab holds the database open.
    pub blocked: Box<dyn Fn()>,
}

impl Store {
    /// Opens (creating or upgrading) the database. Upgrades run the ordered
    /// migrations in the versionchange transaction: all of them or none.
    pub async fn open(name: &str, events: Events) -> Result<Rc<Store>, StoreError> {
        let factory = Factory::new().map_err(|e| StoreError::Unavailable(e.to_string()))?;
        let mut request = factory.open(name, Some(SCHEMA_VERSION)).map_err(|e| StoreError::Open(e.to_string()))?;
        let migration_error: Rc<RefCell<Option<String>>> = Rc::default();
        let err_slot = migration_error.clone();
        request.on_upgrade_needed(move |event| {
            if let Err(e) = upgrade(&event, err_slot.clone()) {
                *err_slot.borrow_mut() = Some(e);
                if let Some(tx) = event.target().ok().and_then(|r| r.transaction()) {
                    let _ = tx.abort();
                }
            }
        });
        let blocked = events.blocked;
        request.on_blocked(move |_| blocked());
        let db = match request.await {
            Ok(db) => db,
            Err(e) => {
                let detail = migration_error.borrow().clone().unwrap_or_else(|| e.to_string());
                return Err(StoreError::Open(detail));
            }
        };
        let writer = Writer::spawn(name, SCHEMA_VERSION)?;
        let store = Rc::new(Store {
            name: name.to_string(),
            db: RefCell::new(Some(db)),
            writer,
            lock: Mutex::new(()),
            log_len: Cell::new(0),
            known_log: RefCell::new(HashSet::new()),
            generation: Cell::new(0.0),
            persist_asked: Cell::new(false),
            sync_on: Cell::new(false),
            faults: Cell::new(Faults::default()),
        });
        let weak = Rc::downgrade(&store);
        let on_change = events.version_change;
        if let Some(db) = store.db.borrow_mut().as_mut() {
            db.on_version_change(move |_| {
                if let Some(s) = weak.upgrade() {
                    s.close();
                }
                on_change();
            });
        }
        Ok(store)
    }

    pub fn close(&self) {
        if let Some(db) = self.db.borrow_mut().take() {
            db.close();
        }
    }

    fn transaction(&self, stores: &[&str], mode: TransactionMode) -> Result<Transaction, StoreError> {
        let db = self.db.borrow();
        let db = db.as_ref().ok_or(StoreError::Closed)?;
        db.transaction(stores, mode).map_err(|e| StoreError::Aborted(e.to_string()))
    }

    /// Every record, from segments plus the replayed log.
    pub async fn load_all(&self) -> Result<Crm, StoreError> {
        self.load(|_| ()).await
    }

    /// Like [`Store::load_all`], and hands `preview` the organizations and
    /// the first contacts (the top of the lists) as soon as they are read,
    /// when there is more to come. A preview has no history yet.
    pub async fn load(&self, preview: impl FnOnce(Crm)) -> Result<Crm, StoreError> {
        let _load = crate::web::Span::start("load");
        // Under the write lock, so a load never interleaves with a write of
        // this tab and the log keys it remembers match what it replayed.
        let _guard = self.lock.lock().await;
        let tx = self.transaction(&[SEGMENTS, LOG, META], TransactionMode::ReadOnly)?;
        let read = |e: idb::Error| StoreError::Read(e.to_string());
        let damaged = |e: segments::DecodeError| StoreError::Damaged(e.to_string());
        let generation = tx.object_store(META).map_err(read)?.get(JsValue::from_str(GENERATION)).map_err(read)?.await.map_err(read)?;
        let connected = tx.object_store(META).map_err(read)?.get(JsValue::from_str(sync_state::CONNECTION)).map_err(read)?.await.map_err(read)?;
        let log = tx.object_store(LOG).map_err(read)?;
        let log_keys = log.get_all_keys(None, None).map_err(read)?.await.map_err(read)?;
        let log_values = log.get_all(None, None).map_err(read)?.await.map_err(read)?;
        let mut entries = Vec::with_capacity(log_keys.len());
        let mut known = HashSet::with_capacity(log_keys.len());
        for (k, v) in log_keys.iter().zip(log_values.iter()) {
            // Log keys are auto-increment integers.
            let key = k.as_f64().map_or(0, |k| k as u64);
            entries.push(decode_log_entry(key, &to_vec(v)).map_err(damaged)?);
            known.insert(key);
        }
        let mut assembly = Assembly::new(entries);

        let segs = tx.object_store(SEGMENTS).map_err(read)?;
        let mut keys: Vec<(u8, String)> = Vec::new();
        for k in segs.get_all_keys(None, None).map_err(read)?.await.map_err(read)? {
            let key = k.as_string().unwrap_or_default();
            let kind = kind_of_key(&key).ok_or_else(|| damaged(segments::DecodeError::BadKey(key.clone())))?;
            keys.push((segments::load_order(kind), key));
        }
        keys.sort();
        // The first contacts are read on their own so the lists can show
        // them soon; every read is requested at once, so the browser reads
        // ahead while we parse. A read never spans two kinds (one key range).
        let mut batches = Vec::new();
        let mut at = 0;
        while at < keys.len() {
            let kind = keys[at].0;
            let first_contacts = kind == segments::load_order(Kind::Contact) && keys.get(at.wrapping_sub(1)).is_none_or(|k| k.0 != kind);
            let size = if first_contacts { FIRST_CONTACT_SEGMENTS } else { LATER_SEGMENTS };
            let same_kind = keys[at..].iter().take(size).take_while(|k| k.0 == kind).count();
            let batch = &keys[at..at + same_kind];
            at += same_kind;
            let range = KeyRange::bound(&JsValue::from_str(&batch[0].1), &JsValue::from_str(&batch[batch.len() - 1].1), None, None).map_err(read)?;
            let request = segs.get_all(Some(Query::from(range)), None).map_err(read)?.into_future();
            batches.push((batch, request, first_contacts && at < keys.len()));
        }
        let mut span = Some(crate::web::Span::start("load:first"));
        let mut preview = Some(preview);
        for (batch, request, show_after) in batches {
            let values = request.await.map_err(read)?;
            if values.len() != batch.len() {
                return Err(StoreError::Read(format!("expected {} segments from {}, got {}", batch.len(), batch[0].1, values.len())));
            }
            for ((_, key), value) in batch.iter().zip(values.iter()) {
                assembly.add_segment(key, &to_vec(value)).map_err(damaged)?;
            }
            if show_after {
                if let Some(show) = preview.take() {
                    show(assembly.preview());
                    span = None;
                    // Let the browser paint the first records.
                    crate::web::yield_to_browser().await;
                }
            }
        }
        drop(span);
        let crm = {
            let _s = crate::web::Span::start("load:finish");
            assembly.finish()
        };
        self.log_len.set(log_keys.len() as u32);
        *self.known_log.borrow_mut() = known;
        self.generation.set(generation.and_then(|g| g.as_f64()).unwrap_or(0.0));
        self.sync_on.set(connected.is_some());
        Ok(crm)
    }

    /// Reads the log entries other tabs wrote since this one loaded or
    /// last caught up, and hands them to `then` under the write lock (so
    /// no write of this tab comes between reading and applying them). The
    /// log's keys only grow, so the entries not yet known are exactly the
    /// new ones; a new generation means they were folded into segments.
    pub async fn catch_up(&self, then: impl FnOnce(Feed)) -> Result<(), StoreError> {
        let _guard = self.lock.lock().await;
        let _s = crate::web::Span::start("catch-up");
        let tx = self.transaction(&[LOG, META], TransactionMode::ReadOnly)?;
        let read = |e: idb::Error| StoreError::Read(e.to_string());
        let generation = tx.object_store(META).map_err(read)?.get(JsValue::from_str(GENERATION)).map_err(read)?.await.map_err(read)?;
        let connected = tx.object_store(META).map_err(read)?.get(JsValue::from_str(sync_state::CONNECTION)).map_err(read)?.await.map_err(read)?;
        self.sync_on.set(connected.is_some());
        if generation.and_then(|g| g.as_f64()).unwrap_or(0.0) != self.generation.get() {
            then(Feed::Reload);
            return Ok(());
        }
        let log = tx.object_store(LOG).map_err(read)?;
        let keys = log.get_all_keys(None, None).map_err(read)?.await.map_err(read)?;
        let mut unknown: Vec<u64> = {
            let known = self.known_log.borrow();
            keys.iter().filter_map(|k| k.as_f64()).map(|k| k as u64).filter(|k| !known.contains(k)).collect()
        };
        if unknown.is_empty() {
            then(Feed::Nothing);
            return Ok(());
        }
        unknown.sort_unstable();
        // Every read requested at once; the browser answers in order.
        let mut requests = Vec::with_capacity(unknown.len());
        for &key in &unknown {
            requests.push(log.get(JsValue::from_f64(key as f64)).map_err(read)?.into_future());
        }
        let mut changes = Vec::new();
        for (key, request) in unknown.iter().zip(requests) {
            if let Some(v) = request.await.map_err(read)? {
                changes.extend(decode_log_entry(key, &to_vec(&v)).map_err(|e| StoreError::Damaged(e.to_string()))?);
            }
        }
        self.known_log.borrow_mut().extend(unknown.iter().copied());
        self.log_len.set(self.log_len.get() + unknown.len() as u32);
        then(Feed::Changes(changes));
        Ok(())
    }

    /// Persists one user action in one transaction, with the bytes of the
    /// files it attaches (by attachment id); `then` runs after the commit
    /// and before any other write may start (apply it to memory there).
    ///
    /// A deleted attachment's Blob stays until the next start
    /// ([`Store::sweep_files`]), so an undo within the session finds it.
    ///
    /// Refused with [`StoreError::Stale`] (nothing written) when another
    /// tab wrote since this one last caught up ([`Store::catch_up`]): of two
    /// tabs that computed the same rule firings, only the first stores
    /// them, and an edit never lands on a record it did not see.
    pub async fn apply(&self, changes: &[Change], files: &[(uuid::Uuid, web_sys::Blob)], then: impl FnOnce()) -> Result<(), StoreError> {
        self.write(changes, files, &[], &[], then).await
    }

    /// [`Store::apply`] while syncing: the action's marks (what it changed,
    /// as it was before) are stored with its log entry, under its key. The
    /// write is refused as [`StoreError::Stale`] if the connection came or
    /// went since this tab last looked (its marks would be wrong).
    pub async fn apply_marked(
        &self,
        changes: &[Change],
        files: &[(uuid::Uuid, web_sys::Blob)],
        marks: &[Mark],
        then: impl FnOnce(),
    ) -> Result<(), StoreError> {
        self.write(changes, files, marks, &[], then).await
    }

    /// What a sync round brought or settled, in one transaction: the
    /// records a pulled page changed (a log entry other tabs catch up
    /// from, with the marks of merges that go up next) and the sync's own
    /// entries (revisions, checkpoint, marks settled, reviews).
    pub async fn apply_sync(&self, changes: &[Change], marks: &[Mark], meta: &[MetaWrite], then: impl FnOnce()) -> Result<(), StoreError> {
        self.write(changes, &[], marks, meta, then).await
    }

    /// Whether this tab last saw a sync connection (see [`Store::apply_marked`]).
    pub fn sync_on(&self) -> bool {
        self.sync_on.get()
    }

    /// Every `sync:` entry of `meta`, except the marks of actions this
    /// tab has not caught up with (their records are not in its memory
    /// yet, so a push must not settle them).
    pub async fn sync_entries(&self) -> Result<Vec<(String, String)>, StoreError> {
        let _guard = self.lock.lock().await;
        let tx = self.transaction(&[LOG, META], TransactionMode::ReadOnly)?;
        let read = |e: idb::Error| StoreError::Read(e.to_string());
        let log: HashSet<u64> = tx
            .object_store(LOG)
            .map_err(read)?
            .get_all_keys(None, None)
            .map_err(read)?
            .await
            .map_err(read)?
            .iter()
            .filter_map(|k| k.as_f64())
            .map(|k| k as u64)
            .collect();
        let range = sync_range().map_err(read)?;
        let meta = tx.object_store(META).map_err(read)?;
        let keys = meta.get_all_keys(Some(Query::from(range.clone())), None).map_err(read)?.await.map_err(read)?;
        let values = meta.get_all(Some(Query::from(range)), None).map_err(read)?.await.map_err(read)?;
        let known = self.known_log.borrow();
        Ok(keys
            .iter()
            .zip(values.iter())
            .filter_map(|(k, v)| Some((k.as_string()?, v.as_string()?)))
            .filter(|(k, _)| match k.strip_prefix(sync_state::MARK).and_then(|n| n.parse::<u64>().ok()) {
                Some(n) => !log.contains(&n) || known.contains(&n),
                None => true,
            })
            .collect())
    }

    /// The sync's reviews (any tab shows them; the loop's tab changes them).
    pub async fn sync_reviews(&self) -> Result<Vec<(String, String)>, StoreError> {
        let tx = self.transaction(&[META], TransactionMode::ReadOnly)?;
        let read = |e: idb::Error| StoreError::Read(e.to_string());
        let range = prefix_range(sync_state::REVIEW).map_err(read)?;
        let meta = tx.object_store(META).map_err(read)?;
        let keys = meta.get_all_keys(Some(Query::from(range.clone())), None).map_err(read)?.await.map_err(read)?;
        let values = meta.get_all(Some(Query::from(range)), None).map_err(read)?.await.map_err(read)?;
        Ok(keys.iter().zip(values.iter()).filter_map(|(k, v)| Some((k.as_string()?, v.as_string()?))).collect())
    }

    /// Stores the connection (connect) or forgets every `sync:` entry
    /// (disconnect: the records stay), in one transaction.
    pub async fn set_connection(&self, connection: Option<&sync_state::Connection>) -> Result<(), StoreError> {
        let _guard = self.lock.lock().await;
        let tx = self.transaction(&[META], TransactionMode::ReadWrite)?;
        let meta = tx.object_store(META).map_err(write_error)?;
        match connection {
            Some(c) => {
                let v = serde_json::to_string(c).map_err(|e| StoreError::Aborted(e.to_string()))?;
                meta.put(&JsValue::from_str(&v), Some(&JsValue::from_str(sync_state::CONNECTION))).map_err(write_error)?;
            }
            None => {
                meta.delete(Query::from(sync_range().map_err(write_error)?)).map_err(write_error)?;
            }
        }
        finish(tx).await?;
        self.sync_on.set(connection.is_some());
        Ok(())
    }

    async fn write(
        &self,
        changes: &[Change],
        files: &[(uuid::Uuid, web_sys::Blob)],
        marks: &[Mark],
        meta: &[MetaWrite],
        then: impl FnOnce(),
    ) -> Result<(), StoreError> {
        // Nothing to store is nothing to do: no log entry, and `then` (which
        // would wake every reader of the records) does not run.
        if changes.is_empty() && meta.is_empty() {
            return Ok(());
        }
        // Marks are stored under their action's log entry.
        if changes.is_empty() && !marks.is_empty() {
            return Err(StoreError::Aborted("sync marks without the changes they mark".into()));
        }
        let _guard = self.lock.lock().await;
        self.ask_persistence();
        let mut stores = vec![LOG, META];
        if !files.is_empty() {
            stores.push(FILES);
        }
        // Changes were computed from this tab's memory: if another tab wrote
        // since this one last caught up, they may rest on records that are
        // no longer so (an edit over another's, the same ticket number
        // twice, a rule's firing run twice). Refused, nothing written; the
        // caller catches up. The check and the write are one transaction,
        // and IndexedDB runs writing transactions on the log one at a time.
        let tx = self.transaction(&stores, TransactionMode::ReadWrite)?;
        if !self.is_current(&tx).await? {
            let _ = tx.abort();
            return Err(StoreError::Stale);
        }
        let fault = self.faults.get().abort_after_puts;
        let crashed = |tx: Transaction| {
            let _ = tx.abort();
            Err(StoreError::Aborted("aborted by a test fault".into()))
        };
        if !files.is_empty() {
            let store = tx.object_store(FILES).map_err(write_error)?;
            for (i, (id, blob)) in files.iter().enumerate() {
                if fault == Some(i) {
                    return crashed(tx);
                }
                store.put(blob, Some(&JsValue::from_str(&id.to_string()))).map_err(write_error)?;
            }
        }
        if fault == Some(files.len()) {
            return crashed(tx);
        }
        let mut key = None;
        if !changes.is_empty() {
            let log = tx.object_store(LOG).map_err(write_error)?;
            let entry = bytes(&encode_log_entry(changes));
            let k = log.put(&entry, None).map_err(write_error)?.await.map_err(write_error)?.as_f64().map(|k| k as u64);
            key = k;
        }
        let store = tx.object_store(META).map_err(write_error)?;
        if let (Some(k), false) = (key, marks.is_empty()) {
            let v = serde_json::to_string(marks).map_err(|e| StoreError::Aborted(e.to_string()))?;
            store.put(&JsValue::from_str(&v), Some(&JsValue::from_str(&sync_state::mark_key(k)))).map_err(write_error)?;
        }
        for w in meta {
            match w {
                MetaWrite::Put(k, v) => store.put(&JsValue::from_str(v), Some(&JsValue::from_str(k))).map(|_| ()),
                MetaWrite::Delete(k) => store.delete(Query::from(JsValue::from_str(k))).map(|_| ()),
            }
            .map_err(write_error)?;
        }
        if fault == Some(files.len() + 1) {
            return crashed(tx);
        }
        finish(tx).await?;
        if let Some(k) = key {
            self.log_len.set(self.log_len.get() + 1);
            self.known_log.borrow_mut().insert(k);
        }
        then();
        Ok(())
    }

    /// Whether the stored data is what this tab has in memory: the same
    /// generation, and no log entry it has not loaded or written. Read in
    /// `tx`, which must span `log` and `meta`.
    async fn is_current(&self, tx: &Transaction) -> Result<bool, StoreError> {
        let e = |e: idb::Error| StoreError::Aborted(e.to_string());
        let generation = tx.object_store(META).map_err(e)?.get(JsValue::from_str(GENERATION)).map_err(e)?.await.map_err(e)?;
        let connected = tx.object_store(META).map_err(e)?.get(JsValue::from_str(sync_state::CONNECTION)).map_err(e)?.await.map_err(e)?;
        let log_keys = tx.object_store(LOG).map_err(e)?.get_all_keys(None, None).map_err(e)?.await.map_err(e)?;
        let known = self.known_log.borrow();
        Ok(generation.and_then(|g| g.as_f64()).unwrap_or(0.0) == self.generation.get()
            && connected.is_some() == self.sync_on.get()
            && log_keys.iter().all(|k| k.as_f64().is_some_and(|k| known.contains(&(k as u64)))))
    }

    /// Replaces every record with `crm` in one transaction (wipe, merge).
    /// `then` runs after the commit, under the write lock.
    pub async fn replace_all(&self, crm: Crm, files: FileWrites, then: impl FnOnce(Crm)) -> Result<(), StoreError> {
        self.replace_all_encoded(segments::encode(&crm), None, files, || crm, then).await
    }

    /// Replaces every record with those `build` returns, stored as
    /// `segments` (their layout, made beforehand; `file` is what their file
    /// runs point into, handed to the writer). The browser stores them
    /// while `build` runs, so an import indexes its records for free.
    /// `then` runs after the commit, under the write lock.
    pub async fn replace_all_encoded(
        &self,
        segments: Vec<Segment>,
        file: Option<js_sys::ArrayBuffer>,
        files: FileWrites,
        build: impl FnOnce() -> Crm,
        then: impl FnOnce(Crm),
    ) -> Result<(), StoreError> {
        let _guard = self.lock.lock().await;
        self.ask_persistence();
        let _s = crate::web::Span::start("replace:write");
        let written = self.write_segments(segments, file, Some(files), false);
        let crm = {
            let _s = crate::web::Span::start("replace:build");
            build()
        };
        written.await?;
        then(crm);
        Ok(())
    }

    /// Folds the log into segments when it has grown long. `snapshot` is
    /// called under the write lock, so it sees every committed action.
    pub async fn compact_if_needed(&self, snapshot: impl FnOnce() -> Vec<Segment>) -> Result<bool, StoreError> {
        if self.log_len.get() < segments::COMPACT_AFTER {
            return Ok(false);
        }
        self.compact(snapshot).await.map(|_| true)
    }

    pub async fn compact(&self, snapshot: impl FnOnce() -> Vec<Segment>) -> Result<(), StoreError> {
        let _guard = self.lock.lock().await;
        let encoded = snapshot();
        self.write_segments(encoded, None, None, true).await
    }

    /// The generation this connection loaded or last wrote.
    pub fn generation(&self) -> f64 {
        self.generation.get()
    }

    pub fn log_len(&self) -> u32 {
        self.log_len.get()
    }

    /// Rewrites all segments and empties the log in one transaction, sent
    /// to the writer at once; the future gives the outcome. A compaction
    /// (`only_if_current`) is refused if another tab wrote anything this
    /// one has not loaded.
    fn write_segments(
        &self,
        encoded: Vec<Segment>,
        file: Option<js_sys::ArrayBuffer>,
        files: Option<FileWrites>,
        only_if_current: bool,
    ) -> impl std::future::Future<Output = Result<(), StoreError>> + '_ {
        let open = self.db.borrow().is_some();
        let known: Vec<u64> = if only_if_current { self.known_log.borrow().iter().copied().collect() } else { Vec::new() };
        let expect = only_if_current.then(|| Expect { generation: self.generation.get(), log: &known });
        let faults = self.faults.get();
        if faults.writer_breaks {
            self.writer.break_for_test();
        }
        let sent = open.then(|| {
            self.writer.rewrite(Rewrite {
                db: &self.name,
                version: SCHEMA_VERSION,
                segments: encoded,
                file,
                files,
                expect,
                abort_after: faults.abort_after_puts,
            })
        });
        async move {
            let generation = sent.ok_or(StoreError::Closed)?.await?;
            self.generation.set(generation);
            self.log_len.set(0);
            self.known_log.borrow_mut().clear();
            Ok(())
        }
    }

    /// Asks once per session that the browser keep our data under pressure.
    fn ask_persistence(&self) {
        if self.persist_asked.replace(true) {
            return;
        }
        if let Some(storage) = web_sys::window().map(|w| w.navigator().storage()) {
            let _ = storage.persist();
        }
    }

    /// An attachment's bytes, if this device has them.
    pub async fn read_file(&self, id: uuid::Uuid) -> Result<Option<web_sys::Blob>, StoreError> {
        let tx = self.transaction(&[FILES], TransactionMode::ReadOnly)?;
        let read = |e: idb::Error| StoreError::Read(e.to_string());
        let v = tx.object_store(FILES).map_err(read)?.get(JsValue::from_str(&id.to_string())).map_err(read)?.await.map_err(read)?;
        Ok(v.and_then(|v| v.dyn_into::<web_sys::Blob>().ok()))
    }

    /// Keeps a file another device sent (through the sync) for its
    /// attachment. Bytes never change for an id, so this is all it takes.
    pub async fn put_file(&self, id: uuid::Uuid, blob: &web_sys::Blob) -> Result<(), StoreError> {
        let _guard = self.lock.lock().await;
        let tx = self.transaction(&[FILES], TransactionMode::ReadWrite)?;
        tx.object_store(FILES).map_err(write_error)?.put(blob, Some(&JsValue::from_str(&id.to_string()))).map_err(write_error)?;
        finish(tx).await
    }

    /// The attachments whose bytes this device has.
    pub async fn file_ids(&self) -> Result<crate::model::ids::IdSet, StoreError> {
        let tx = self.transaction(&[FILES], TransactionMode::ReadOnly)?;
        let read = |e: idb::Error| StoreError::Read(e.to_string());
        let keys = tx.object_store(FILES).map_err(read)?.get_all_keys(None, None).map_err(read)?.await.map_err(read)?;
        Ok(keys.iter().filter_map(|k| k.as_string()).filter_map(|s| uuid::Uuid::parse_str(&s).ok()).collect())
    }

    /// Deletes the files no attachment in `live` has: those of deleted
    /// attachments (kept until now for undo). Skipped when another tab has
    /// written since this one loaded: its new files are not in `live`.
    pub async fn sweep_files(&self, live: impl Fn(uuid::Uuid) -> bool) -> Result<usize, StoreError> {
        let _guard = self.lock.lock().await;
        let tx = self.transaction(&[LOG, META, FILES], TransactionMode::ReadWrite)?;
        let e = |e: idb::Error| StoreError::Aborted(e.to_string());
        let mut swept = 0;
        if self.is_current(&tx).await? {
            let files = tx.object_store(FILES).map_err(e)?;
            for k in files.get_all_keys(None, None).map_err(e)?.await.map_err(e)? {
                let id = k.as_string().and_then(|s| uuid::Uuid::parse_str(&s).ok());
                if !id.is_some_and(&live) {
                    files.delete(Query::from(k)).map_err(e)?;
                    swept += 1;
                }
            }
        }
        finish(tx).await?;
        Ok(swept)
    }

    /// Reads a small preference-like value from `meta` (e.g. last export).
    pub async fn meta_get(&self, key: &str) -> Result<Option<String>, StoreError> {
        let tx = self.transaction(&[META], TransactionMode::ReadOnly)?;
        let read = |e: idb::Error| StoreError::Read(e.to_string());
        let v = tx.object_store(META).map_err(read)?.get(JsValue::from_str(key)).map_err(read)?.await.map_err(read)?;
        Ok(v.and_then(|v| v.as_string()))
    }

    pub async fn meta_set(&self, key: &str, value: &str) -> Result<(), StoreError> {
        let tx = self.transaction(&[META], TransactionMode::ReadWrite)?;
        tx.object_store(META).map_err(write_error)?.put(&JsValue::from_str(value), Some(&JsValue::from_str(key))).map_err(write_error)?;
        finish(tx).await
    }
}

/// The keys of every `sync:` entry in `meta`.
fn sync_range() -> Result<KeyRange, idb::Error> {
    prefix_range(sync_state::PREFIX)
}

/// The keys that start with `prefix` (which ends in ':'; ';' follows it
/// in code-unit order).
fn prefix_range(prefix: &str) -> Result<KeyRange, idb::Error> {
    let end = format!("{};", prefix.trim_end_matches(':'));
    KeyRange::bound(&JsValue::from_str(prefix), &JsValue::from_str(&end), None, Some(true))
}

async fn finish(tx: Transaction) -> Result<(), StoreError> {
    // A handle kept to ask why the browser aborted: a full disk is reported
    // only as the transaction's error, at commit.
    let raw = web_sys::IdbTransaction::from(tx);
    match Transaction::from(raw.clone()).await {
        Ok(TransactionResult::Committed) => Ok(()),
        Ok(TransactionResult::Aborted) => Err(match raw.error() {
            Some(e) if e.name() == "QuotaExceededError" => StoreError::Quota(e.message()),
            Some(e) => StoreError::Aborted(format!("{}: {}", e.name(), e.message())),
            None => StoreError::Aborted("the browser aborted the transaction".into()),
        }),
        Err(e) => Err(write_error(e)),
    }
}

/// Runs every migration step from the stored version to [`SCHEMA_VERSION`].
/// Steps that rewrite records continue asynchronously in the same
/// versionchange transaction; the open only succeeds once they finish.
fn upgrade(event: &idb::event::VersionChangeEvent, err_slot: Rc<RefCell<Option<String>>>) -> Result<(), String> {
    let old = event.old_version().map_err(|e| e.to_string())?;
    let db = event.database().map_err(|e| e.to_string())?;
    let tx = event.target().map_err(|e| e.to_string())?.transaction().ok_or("no upgrade transaction")?;
    if old < 1 {
        db.create_object_store(SEGMENTS, ObjectStoreParams::new()).map_err(|e| e.to_string())?;
        let mut log = ObjectStoreParams::new();
        log.auto_increment(true);
        db.create_object_store(LOG, log).map_err(|e| e.to_string())?;
    }
    if old < 2 {
        db.create_object_store(META, ObjectStoreParams::new()).map_err(|e| e.to_string())?;
    }
    if old < 5 {
        db.create_object_store(FILES, ObjectStoreParams::new()).map_err(|e| e.to_string())?;
    }
    if (1..SCHEMA_VERSION).contains(&old) {
        wasm_bindgen_futures::spawn_local(async move {
            if let Err(e) = migrate_records(&tx, old).await {
                *err_slot.borrow_mut() = Some(format!("upgrading stored records failed: {e}"));
                let _ = tx.abort();
            }
        });
    }
    Ok(())
}

/// Rewrites every stored record (segments and log) from schema `from`,
/// and stores the records the migration made.
async fn migrate_records(tx: &Transaction, from: u32) -> Result<(), String> {
    let e = |e: idb::Error| e.to_string();
    let mut new_id = crate::web::fresh_id;
    let mut migration = Migration::new(from, crate::web::now(), &mut new_id).map_err(|e| e.to_string())?;
    let segs = tx.object_store(SEGMENTS).map_err(e)?;
    let keys = segs.get_all_keys(None, None).map_err(e)?.await.map_err(e)?;
    let values = segs.get_all(None, None).map_err(e)?.await.map_err(e)?;
    for (k, v) in keys.iter().zip(values.iter()) {
        let key = k.as_string().unwrap_or_default();
        let kind = kind_of_key(&key).ok_or_else(|| format!("unknown segment {key:?}"))?;
        let mut records: Vec<Value> = segments::decode(&key, &to_vec(v)).map_err(|e| e.to_string())?;
        for r in records.iter_mut() {
            migration.record(kind, r).map_err(|err| format!("{key}: {err}"))?;
        }
        let data = serde_json::to_vec(&records).map_err(|err| err.to_string())?;
        segs.put(&bytes(&data), Some(k)).map_err(e)?;
    }
    let log = tx.object_store(LOG).map_err(e)?;
    let keys = log.get_all_keys(None, None).map_err(e)?.await.map_err(e)?;
    let values = log.get_all(None, None).map_err(e)?.await.map_err(e)?;
    for (k, v) in keys.iter().zip(values.iter()) {
        let mut changes: Vec<Value> = segments::decode("log", &to_vec(v)).map_err(|e| e.to_string())?;
        for ch in changes.iter_mut() {
            let op = ch.get("op").and_then(Value::as_str).unwrap_or_default();
            let Some(kind) = (if op == "add_history" { Some(Kind::History) } else { op.strip_prefix("put_").and_then(Kind::parse) }) else {
                continue;
            };
            if let Some(r) = ch.get_mut("record") {
                migration.record(kind, r).map_err(|err| format!("log: {err}"))?;
            }
        }
        let data = serde_json::to_vec(&changes).map_err(|err| err.to_string())?;
        log.put(&bytes(&data), Some(k)).map_err(e)?;
    }
    // Made records are new kinds at this version: no segment of theirs exists.
    let mut made: Vec<(Kind, Vec<Value>)> = Vec::new();
    for (kind, record) in migration.created() {
        match made.last_mut() {
            Some((k, list)) if *k == kind && list.len() < segments::SEGMENT_RECORDS => list.push(record),
            _ => made.push((kind, vec![record])),
        }
    }
    let mut index = std::collections::HashMap::<Kind, usize>::new();
    for (kind, records) in made {
        let n = index.entry(kind).or_default();
        let data = serde_json::to_vec(&records).map_err(|err| err.to_string())?;
        segs.put(&bytes(&data), Some(&JsValue::from_str(&segments::segment_key(kind, *n)))).map_err(e)?;
        *n += 1;
    }
    Ok(())
}

/// Whether the browser promised to keep our data, and how much is used.
pub struct StorageInfo {
    pub persisted: Option<bool>,
    pub usage: Option<f64>,
    pub quota: Option<f64>,
}

pub async fn storage_info() -> StorageInfo {
    let mut info = StorageInfo { persisted: None, usage: None, quota: None };
    let Some(storage) = web_sys::window().map(|w| w.navigator().storage()) else { return info };
    if let Ok(p) = storage.persisted() {
        if let Ok(v) = wasm_bindgen_futures::JsFuture::from(p).await {
            info.persisted = v.as_bool();
        }
    }
    if let Ok(p) = storage.estimate() {
        if let Ok(v) = wasm_bindgen_futures::JsFuture::from(p).await {
            let get = |k: &str| js_sys::Reflect::get(&v, &JsValue::from_str(k)).ok().and_then(|x| x.as_f64());
            info.usage = get("usage");
            info.quota = get("quota");
        }
    }
    info
}

/// Deletes the whole database (used by tests to start clean).
pub async fn delete_database(name: &str) -> Result<(), StoreError> {
    let factory = Factory::new().map_err(|e| StoreError::Unavailable(e.to_string()))?;
    factory.delete(name).map_err(|e| StoreError::Open(e.to_string()))?.await.map_err(|e| StoreError::Open(e.to_string()))?;
    Ok(())
}

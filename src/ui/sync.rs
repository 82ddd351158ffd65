//! The sync loop (issue 26): in one tab of the browser at a time (a Web
//! Lock), pull what the server has since the checkpoint, merged with what
//! waits here; push what waits here; then wait for the server's next
//! change (a longpoll the app ends on its own timer, or at once when a
//! change is made here). Every page pulled and every push's outcome is
//! stored in one transaction with the records it is about, through the
//! same path as a user action, so other tabs catch up from the log and
//! lists, indexes and rules see the records the way they see an edit.

use std::collections::HashSet;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::store::StoreError;
use crate::sync::protocol::{ChangeRow, Seq, BATCH};
use crate::sync::review::{self, Review, Settle};
use crate::sync::state::{self, Connection, SyncState};
use crate::ui::state::App;
use crate::web::couch::{Couch, SyncError};
use crate::web::{self};

/// How long one longpoll waits for the server's next change.
const LONGPOLL_MS: i32 = 25_000;
/// The longest wait before trying an unreachable server again.
const MAX_BACKOFF_MS: i32 = 15_000;

/// What the bar says about the sync.
#[derive(Debug, Clone, PartialEq)]
pub enum SyncStatus {
    /// Not connected.
    Off,
    Syncing,
    Synced,
    /// The server does not answer; changes wait here.
    Offline,
    /// Another tab of this browser is the one that syncs.
    OtherTab,
    /// The session ended: the user logs in again (Settings → Sync).
    NeedsLogin,
    /// Stopped on an error; the words say which.
    Failed(String),
}

/// The sync's signals, part of [`App`].
#[derive(Clone, Copy)]
pub struct Sync {
    pub status: RwSignal<SyncStatus>,
    pub connection: RwSignal<Option<Connection>>,
    /// Records waiting to go up, as of the last round.
    pub waiting: RwSignal<usize>,
    /// Records two devices changed in the same field (or one deleted).
    pub reviews: RwSignal<Vec<Review>>,
    /// Documents the server sent that could not be taken, or refused.
    pub refused: RwSignal<Vec<String>>,
    /// Whether confidential files' contents go up too.
    pub confidential_files: RwSignal<bool>,
    /// Bumped to stop the loop that is running.
    run: StoredValue<u64>,
    /// A change was made here since the round began: push it now.
    dirty: StoredValue<bool>,
    /// Ends the longpoll in flight.
    wake: StoredValue<Option<web_sys::AbortController>, LocalStorage>,
}

impl Sync {
    pub fn new() -> Sync {
        Sync {
            status: RwSignal::new(SyncStatus::Off),
            connection: RwSignal::new(None),
            waiting: RwSignal::new(0),
            reviews: RwSignal::new(Vec::new()),
            refused: RwSignal::new(Vec::new()),
            confidential_files: RwSignal::new(false),
            run: StoredValue::new(0),
            dirty: StoredValue::new(false),
            wake: StoredValue::new_local(None),
        }
    }

    /// A change was made here (or in another tab): push it now rather
    /// than after the longpoll.
    pub fn wake(&self) {
        self.dirty.set_value(true);
        self.wake.with_value(|w| {
            if let Some(w) = w {
                w.abort();
            }
        });
    }
}

impl Default for Sync {
    fn default() -> Self {
        Self::new()
    }
}

/// Why a round stopped.
enum RoundError {
    Store(StoreError),
    Server(SyncError),
    State(state::StateError),
}

impl From<StoreError> for RoundError {
    fn from(e: StoreError) -> Self {
        RoundError::Store(e)
    }
}

impl From<SyncError> for RoundError {
    fn from(e: SyncError) -> Self {
        RoundError::Server(e)
    }
}

impl From<state::StateError> for RoundError {
    fn from(e: state::StateError) -> Self {
        RoundError::State(e)
    }
}

/// The loop for `connection`, in this tab if no other syncs (then `true`
/// when it ends: stopped, or the session ended).
pub(crate) fn task(app: App, run: u64, connection: Connection) -> crate::ui::chunks::SyncTask {
    Box::pin(async move { web::exclusive("vizitka-sync", app.sync_loop(run, &connection)).await.is_some() })
}

impl App {
    /// Reads the stored connection (at start, and when another tab
    /// connected or disconnected) and starts or stops the loop to match.
    pub async fn resume_sync(self) {
        let Ok(store) = self.store() else { return };
        let entries = store.sync_entries().await.unwrap_or_default();
        let connection = state::connection(&entries).ok().flatten();
        if connection == self.sync.connection.get_untracked() && self.sync.status.get_untracked() != SyncStatus::Off {
            return;
        }
        self.sync.connection.set(connection);
        self.start_sync();
    }

    /// Starts the loop for the stored connection (stopping any running).
    pub fn start_sync(self) {
        let run = self.sync.run.get_value() + 1;
        self.sync.run.set_value(run);
        self.sync.wake();
        let Some(connection) = self.sync.connection.get_untracked() else {
            self.sync.status.set(SyncStatus::Off);
            return;
        };
        spawn_local(async move {
            while self.sync.run.get_value() == run {
                match crate::ui::chunks::sync_task(self, run, connection.clone()).await {
                    Ok(task) => {
                        if task.await {
                            return;
                        }
                        // Another tab syncs; this one takes over when it closes.
                        self.sync.status.set(SyncStatus::OtherTab);
                    }
                    // The sync's code did not arrive: as if the server had not answered.
                    Err(_) => self.sync.status.set(SyncStatus::Offline),
                }
                web::sleep(3_000).await;
            }
        });
    }

    /// Connects this device: stores the connection (never the password;
    /// the server's session cookie is what stays) and starts syncing.
    pub async fn connect_sync(self, connection: Connection) -> Result<(), StoreError> {
        let store = self.store()?;
        store.set_connection(Some(&connection)).await.inspect_err(|e| self.report(e))?;
        self.sync.connection.set(Some(connection));
        self.sync.refused.set(Vec::new());
        self.tell_other_tabs();
        self.start_sync();
        Ok(())
    }

    /// Stops syncing and forgets the connection and the sync's state; the
    /// records stay.
    pub async fn disconnect_sync(self) -> Result<(), StoreError> {
        let store = self.store()?;
        self.sync.run.set_value(self.sync.run.get_value() + 1);
        self.sync.wake();
        if let Some(c) = self.sync.connection.get_untracked() {
            if let Ok(couch) = Couch::new(&c.server, &c.db) {
                // The session ends too; an unreachable server keeps its cookie until it expires.
                let _ = couch.logout().await;
            }
        }
        store.set_connection(None).await.inspect_err(|e| self.report(e))?;
        self.sync.connection.set(None);
        self.sync.status.set(SyncStatus::Off);
        self.sync.reviews.set(Vec::new());
        self.sync.refused.set(Vec::new());
        self.sync.waiting.set(0);
        self.tell_other_tabs();
        Ok(())
    }

    /// "Sync now": a round at once, and after a stop (logged in again, an
    /// error) the loop again.
    pub fn sync_now(self) {
        match self.sync.status.get_untracked() {
            SyncStatus::Syncing | SyncStatus::Synced => self.sync.wake(),
            _ => self.start_sync(),
        }
    }

    /// Settles a review, on any device: keep the record as it is, save
    /// the values not kept over it (an edit that goes up like any other),
    /// or delete it after all. One transaction with the review's end,
    /// which goes up too and ends the review on every device.
    pub async fn resolve_review(self, review: Review, how: Settle) -> Result<(), Vec<crate::model::FieldError>> {
        let store = self.store().map_err(|_| Vec::new())?;
        self.catch_up().await.map_err(|_| Vec::new())?;
        let now = web::now();
        let me = self.me.get_untracked();
        let stages = self.pipeline_untracked();
        let changes = self.read_untracked(|crm| {
            let mut next = web::fresh_id;
            let mut ctx = crate::model::Ctx { now, me, new_id: &mut next };
            review::settle(crm, &review, how, &stages, &mut ctx)
        })?;
        let marks = if store.sync_on() { self.read_untracked(|crm| state::marks_of(crm, &changes)) } else { Vec::new() };
        if let Err(e) = store.apply_sync(&changes, &marks, &state::settled(&review.doc), || self.apply_changes(&changes)).await {
            self.report(&e);
            return Err(Vec::new());
        }
        self.sync.reviews.update(|r| r.retain(|x| x.doc != review.doc));
        self.tell_other_tabs();
        self.sync.wake();
        Ok(())
    }

    async fn sync_loop(self, run: u64, connection: &Connection) {
        let live = move || self.sync.run.get_value() == run;
        let couch = match Couch::new(&connection.server, &connection.db) {
            Ok(c) => c,
            Err(e) => return self.sync.status.set(SyncStatus::Failed(crate::ui::errors::sync_error(self.lang.get_untracked(), &e))),
        };
        let mut loaded: Option<SyncState> = None;
        let mut backoff = 1_000;
        while live() {
            let s = match loaded.as_mut() {
                Some(s) => s,
                None => match self.load_sync_state().await {
                    Ok(s) => loaded.insert(s),
                    Err(e) => return self.sync.status.set(SyncStatus::Failed(self.round_error(&e))),
                },
            };
            self.sync.dirty.set_value(false);
            self.sync.status.set(SyncStatus::Syncing);
            let round = self.sync_round(&couch, s).await;
            if !live() {
                return;
            }
            match round {
                Ok(()) => {
                    backoff = 1_000;
                    self.sync.waiting.set(self.read_untracked(|crm| s.waiting(crm)));
                    self.sync.status.set(SyncStatus::Synced);
                    if self.sync.dirty.get_value() {
                        continue;
                    }
                    let Ok(stop) = web_sys::AbortController::new() else { return };
                    self.sync.wake.set_value(Some(stop.clone()));
                    let since = s.checkpoint.clone().unwrap_or_else(Seq::start);
                    let waited = couch.wait_for_changes_until(&since, LONGPOLL_MS, &stop).await;
                    self.sync.wake.set_value(None);
                    if let Err(e) = waited {
                        if !self.sync_trouble(RoundError::Server(e), &mut loaded, &mut backoff, live).await {
                            return;
                        }
                    }
                }
                Err(e) => {
                    if !self.sync_trouble(e, &mut loaded, &mut backoff, live).await {
                        return;
                    }
                }
            }
        }
    }

    /// Shows what stopped a round and waits before the next; `false` when
    /// the loop must stop until the user acts (log in again).
    async fn sync_trouble(self, e: RoundError, loaded: &mut Option<SyncState>, backoff: &mut i32, live: impl Fn() -> bool) -> bool {
        match &e {
            // Another tab wrote in the moment: the state is read again and
            // the round runs at once.
            RoundError::Store(StoreError::Stale) => {
                *loaded = None;
                return true;
            }
            RoundError::Server(SyncError::Unauthorized(_)) => {
                self.sync.status.set(SyncStatus::NeedsLogin);
                return false;
            }
            RoundError::Server(SyncError::Unreachable) => {
                self.sync.waiting.set(loaded.as_ref().map_or(0, |s| self.read_untracked(|crm| s.waiting(crm))));
                self.sync.status.set(SyncStatus::Offline);
            }
            _ => self.sync.status.set(SyncStatus::Failed(self.round_error(&e))),
        }
        // What was half done is read again from the store.
        *loaded = None;
        let mut waited = 0;
        while waited < *backoff && live() && !self.sync.dirty.get_value() {
            web::sleep(250).await;
            waited += 250;
        }
        *backoff = (*backoff * 2).min(MAX_BACKOFF_MS);
        true
    }

    fn round_error(&self, e: &RoundError) -> String {
        let lang = self.lang.get_untracked();
        match e {
            RoundError::Store(e) => crate::ui::errors::store_error(lang, e),
            RoundError::Server(e) => crate::ui::errors::sync_error(lang, e),
            RoundError::State(e) => format!("{}: {e}", lang.t(crate::i18n::T::StoreDamaged)),
        }
    }

    /// The reviews and the settings as stored (every tab shows them; the
    /// syncing tab's loop changes them and tells the others).
    pub async fn load_reviews(self) {
        let Ok(store) = self.store() else { return };
        if let Ok(entries) = store.sync_reviews().await {
            self.sync.reviews.set(state::reviews(&entries).unwrap_or_default());
        }
        if let Ok(on) = store.meta_get(state::CONFIDENTIAL_FILES).await {
            self.sync.confidential_files.set(on.is_some());
        }
    }

    /// Lets confidential files' contents go up too, or not (those sent
    /// stay on the server).
    pub async fn set_confidential_files(self, on: bool) {
        let Ok(store) = self.store() else { return };
        if self.catch_up().await.is_err() {
            return;
        }
        let key = state::CONFIDENTIAL_FILES.to_string();
        let write = if on { state::MetaWrite::Put(key, String::new()) } else { state::MetaWrite::Delete(key) };
        match store.apply_sync(&[], &[], &[write], || ()).await {
            Ok(()) => {
                self.sync.confidential_files.set(on);
                self.tell_other_tabs();
                self.sync.wake();
            }
            Err(e) => self.report(&e),
        }
    }

    async fn load_sync_state(self) -> Result<SyncState, RoundError> {
        let entries = self.store()?.sync_entries().await?;
        let s = SyncState::load(&entries)?;
        self.sync.reviews.set(s.reviews());
        self.sync.confidential_files.set(s.confidential_files);
        Ok(s)
    }

    /// Down until caught up, then up until nothing waits, then the files
    /// both ways.
    async fn sync_round(self, couch: &Couch, s: &mut SyncState) -> Result<(), RoundError> {
        self.pull_all(couch, s).await?;
        self.push_all(couch, s).await?;
        self.sync_files(couch, s).await
    }

    async fn pull_all(self, couch: &Couch, s: &mut SyncState) -> Result<(), RoundError> {
        loop {
            let since = s.checkpoint.clone().unwrap_or_else(Seq::start);
            let page = couch.changes(&since).await?;
            let caught_up = page.rows.len() < BATCH;
            if !page.rows.is_empty() || s.checkpoint.as_ref() != Some(&page.last_seq) {
                self.pull_page(couch, s, &page.rows, &page.last_seq).await?;
            }
            if caught_up {
                return Ok(());
            }
        }
    }

    async fn push_all(self, couch: &Couch, s: &mut SyncState) -> Result<(), RoundError> {
        let store = self.store()?;
        let mut refused: HashSet<String> = HashSet::new();
        let mut fruitless = 0;
        self.catch_up().await?;
        s.refresh(&store.sync_entries().await?)?;
        // One scan of every record per push, not one per batch.
        let mut unsent = self.read_untracked(|crm| s.unsent(crm));
        loop {
            self.catch_up().await?;
            s.refresh(&store.sync_entries().await?)?;
            let out = self.read_untracked(|crm| s.outgoing_next(crm, BATCH, &mut unsent, &refused));
            if out.is_empty() {
                return Ok(());
            }
            let docs: Vec<serde_json::Value> = out.iter().filter_map(|o| o.doc.clone()).collect();
            let replies = if docs.is_empty() { Vec::new() } else { couch.push(&docs).await? };
            let pushed = s.pushed(&out, &replies);
            store.apply_sync(&[], &[], &s.take_writes(), || ()).await?;
            // The bar counts down through a long first push.
            self.sync.waiting.set(s.waiting_in_push(&unsent));
            if pushed.unauthorized {
                return Err(RoundError::Server(SyncError::Unauthorized(String::new())));
            }
            if !pushed.refused.is_empty() {
                self.sync.refused.update(|r| r.extend(pushed.refused.iter().map(|(id, why)| format!("{id}: {why}"))));
                refused.extend(pushed.refused.into_iter().map(|(id, _)| id));
            }
            for id in &pushed.conflicts {
                // Someone else stored it since: their copy is pulled (and
                // merged with ours), and the merge goes up next.
                match couch.get(id).await? {
                    Some(doc) => {
                        let row = ChangeRow { id: id.clone(), seq: Seq::start(), revs: Vec::new(), deleted: false, doc: Some(doc) };
                        let at = s.checkpoint.clone().unwrap_or_else(Seq::start);
                        self.pull_page(couch, s, &[row], &at).await?;
                    }
                    None => {
                        s.forget(id);
                        store.apply_sync(&[], &[], &s.take_writes(), || ()).await?;
                    }
                }
            }
            // A server that keeps refusing without saying why is not asked forever.
            fruitless = if pushed.stored == 0 { fruitless + 1 } else { 0 };
            if fruitless > 3 {
                return Ok(());
            }
        }
    }

    /// Files: each attachment's bytes go up once, as its record's
    /// document's CouchDB attachment (confidential ones only when the user
    /// lets them), and come down to the devices that lack them. One at a
    /// time: a file may be 50 MB.
    async fn sync_files(self, couch: &Couch, s: &mut SyncState) -> Result<(), RoundError> {
        let store = self.store()?;
        let have = store.file_ids().await?;
        let up = self.read_untracked(|crm| s.files_to_send(crm, |id| have.contains(&id)));
        for f in up {
            let Some(file) = store.read_file(f.id).await? else { continue };
            match couch.put_file(&f.doc_id, &f.rev, &f.media_type, &file).await {
                Ok(rev) => {
                    s.file_sent(&f.doc_id, rev);
                    store.apply_sync(&[], &[], &s.take_writes(), || ()).await?;
                }
                // The record changed on the server since: the change comes
                // down first (it is in the feed), the file goes on top of it.
                Err(SyncError::Server { status: 409, .. }) => return Ok(()),
                Err(e) => return Err(e.into()),
            }
        }
        let down = self.read_untracked(|crm| s.files_to_fetch(crm, |id| have.contains(&id)));
        for (doc, id) in down {
            match couch.get_file(&doc).await? {
                Some(file) => {
                    // Its record says how big the file is: other bytes are not
                    // its file (named, not kept, not asked for again).
                    let Some((name, size)) = self.read_untracked(|crm| crm.attachment(id).map(|a| (a.name.clone(), a.size))) else { continue };
                    if size as f64 == file.size() {
                        store.put_file(id, &file).await?;
                    } else {
                        let why = self.t(crate::i18n::T::SyncFileWrongSize);
                        self.sync.refused.update(|r| r.push(format!("{name}: {why}")));
                        s.file_missing(&doc);
                        store.apply_sync(&[], &[], &s.take_writes(), || ()).await?;
                    }
                }
                // Not there after all: asked for again when the record changes.
                None => {
                    s.file_missing(&doc);
                    store.apply_sync(&[], &[], &s.take_writes(), || ()).await?;
                }
            }
        }
        Ok(())
    }

    /// A document the server holds in more than one version (other
    /// clients wrote them apart): what the versions it did not choose say
    /// differently, as reviews, and the deletions of those versions that
    /// end the conflict on the server. (The page's checkpoint once moved
    /// before this was done: a tab closed in between lost the conflict.)
    async fn other_versions(
        couch: &Couch,
        doc: &str,
        kept: &serde_json::Value,
        losers: &[crate::sync::Rev],
        reviews: &mut Vec<Review>,
        tombstones: &mut Vec<serde_json::Value>,
    ) -> Result<(), RoundError> {
        for rev in losers {
            if let Some(other) = couch.get_rev(doc, rev).await? {
                if other.get("_deleted").and_then(serde_json::Value::as_bool) != Some(true) {
                    reviews.extend(review::other_version(doc, kept, &other));
                }
            }
            tombstones.push(serde_json::json!({ "_id": doc, "_rev": rev.0, "_deleted": true }));
        }
        Ok(())
    }

    async fn pull_page(self, couch: &Couch, s: &mut SyncState, rows: &[ChangeRow], last_seq: &Seq) -> Result<(), RoundError> {
        let store = self.store()?;
        self.catch_up().await?;
        s.refresh(&store.sync_entries().await?)?;
        // Versions the server did not choose: their reviews are stored
        // first, then those versions are deleted on the server, and only
        // then does the page move the checkpoint past them. Cut off at any
        // step (a closed tab, a failed request), the page comes again.
        let (mut split_reviews, mut tombstones) = (Vec::new(), Vec::new());
        for (doc, kept, losers) in crate::sync::state::splits(rows) {
            Self::other_versions(couch, &doc, &kept, &losers, &mut split_reviews, &mut tombstones).await?;
        }
        if !split_reviews.is_empty() {
            s.add_reviews(split_reviews);
            store.apply_sync(&[], &[], &s.take_writes(), || ()).await?;
            self.sync.reviews.set(s.reviews());
            self.tell_other_tabs();
        }
        if !tombstones.is_empty() {
            couch.push(&tombstones).await?;
        }
        let pulled = self.read_untracked(|crm| s.pull(crm, rows, last_seq));
        let writes = s.take_writes();
        let changes = pulled.changes;
        store.apply_sync(&changes, &pulled.marks, &writes, || self.apply_changes(&changes)).await?;
        if !changes.is_empty() {
            self.remember_stored();
        }
        if !changes.is_empty() || pulled.reviews_changed {
            self.tell_other_tabs();
        }
        if pulled.reviews_changed {
            self.sync.reviews.set(s.reviews());
        }
        if !pulled.refused.is_empty() {
            let lang = self.lang.get_untracked();
            self.sync.refused.update(|r| r.extend(pulled.refused.iter().map(|e| crate::ui::errors::doc_error(lang, e))));
        }
        Ok(())
    }
}

//! The app's shared state and the one path from components to the store.
//! Components call [`App::commit`]; they never see IndexedDB.

use std::rc::Rc;

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::model::agenda::{self, Handled, Reminder};

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::i18n::{Lang, T};
use crate::model::automation::FiringState;
use crate::model::ops::automation::{Defaults, Options};
use crate::model::Ctx;
use crate::model::{Change, Crm, FieldError, Kind, Kinds, Rec};
use crate::segments::{self, Segment};
use crate::store::{Feed, Store, StoreError};
use crate::web;

#[derive(Debug, Clone, PartialEq)]
pub enum Phase {
    Loading,
    Ready,
    Failed(String),
    /// Another tab upgraded the schema; this one must reload.
    MustReload,
}

/// What this device had stored, kept in localStorage beside the
/// database: when the browser deletes the database (low disk, cleared
/// site data) and leaves localStorage, this is how the app knows data is
/// missing instead of showing an empty CRM as if nothing happened.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Stored {
    pub records: usize,
    /// When the last action was stored.
    pub saved_at: String,
    /// When a backup was last exported, if ever.
    pub exported_at: Option<String>,
}

const STORED_PREF: &str = "stored";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeKind {
    Info,
    Error,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub kind: NoticeKind,
    pub text: String,
    /// A bulk action's notice offers to undo it.
    pub undo: Option<UndoHandle>,
}

/// What undoes a bulk action, held by its notice for this session.
#[derive(Debug, Clone)]
pub struct UndoHandle(pub std::sync::Arc<crate::model::ops::bulk::Undo>);

impl PartialEq for UndoHandle {
    fn eq(&self, other: &Self) -> bool {
        std::sync::Arc::ptr_eq(&self.0, &other.0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    System,
    Light,
    Dark,
}

impl Theme {
    pub fn code(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
    pub fn parse(s: &str) -> Theme {
        match s {
            "light" => Theme::Light,
            "dark" => Theme::Dark,
            _ => Theme::System,
        }
    }
}

/// A user action, computed from the current records.
type Compute<'a> = Box<dyn FnOnce(&Crm, &mut Ctx) -> Result<Vec<Change>, Vec<FieldError>> + 'a>;

/// What kind of write a commit is: it decides which rules it triggers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// A user action: triggers rules.
    Action,
    /// An import (CSV, vCard): triggers none.
    Import,
    /// Rules' firings running: trigger no further rules, and stored only
    /// if no other tab wrote since this one loaded (exactly once).
    Firings,
}

/// Why an action did not happen.
#[derive(Debug, Clone, PartialEq)]
pub enum CommitError {
    /// Refused: what is wrong, field by field.
    Invalid(Vec<FieldError>),
    /// The store failed; [`App::commit`] has told the user already.
    Store(StoreError),
    /// The rules' code did not arrive (a chunk, `ui/chunks.rs`); the user
    /// has been told, nothing was written.
    Code,
}

impl CommitError {
    /// The fields the action refused: none when the store failed, which
    /// the user has been told already.
    pub fn refused(self) -> Vec<FieldError> {
        match self {
            CommitError::Invalid(e) => e,
            CommitError::Store(_) | CommitError::Code => Vec::new(),
        }
    }
}

#[derive(Clone, Copy)]
pub struct App {
    /// The records in memory: read through [`App::read`], written only
    /// here (a commit, a load, an import), so no reader misses a change.
    crm: StoredValue<Crm>,
    /// A trigger per kind (by [`Kind::index`]), notified when records of
    /// the kind change: a reader reruns only for the kinds it reads.
    changed: [Trigger; Kind::ALL.len()],
    pub lang: RwSignal<Lang>,
    pub theme: RwSignal<Theme>,
    pub phase: RwSignal<Phase>,
    /// False while a load has shown only its first records (the lists can
    /// show them; other pages wait, and writes wait in [`App::commit`]).
    pub loaded: RwSignal<bool>,
    pub notice: RwSignal<Option<Notice>>,
    /// What long work is running ("Importing…"), shown as progress.
    pub busy: RwSignal<Option<T>>,
    /// The team member using this device ("you"): a preference, since a
    /// team can share one bundle and each device has its own user.
    pub me: RwSignal<Option<Uuid>>,
    pub last_export: RwSignal<Option<String>>,
    /// Set at start when this device had records and the database is
    /// empty: the browser deleted it. Cleared by an import or "start empty".
    pub evicted: RwSignal<Option<Stored>>,
    /// The time, moved on every half minute: what is due and overdue
    /// follows it.
    pub now: RwSignal<DateTime<Utc>>,
    /// Reminders dismissed or snoozed on this device, by key.
    pub handled: RwSignal<HashMap<String, Handled>>,
    /// Filtered lists saved by name, shown in the navigation (a device
    /// preference: they are links).
    pub saved_filters: RwSignal<Vec<SavedFilter>>,
    /// Follow every contact you create (a device preference).
    pub follow_new_contacts: RwSignal<bool>,
    /// Whether this tab is running due firings now.
    running_rules: StoredValue<bool>,
    store: StoredValue<Option<Rc<Store>>, LocalStorage>,
    /// Tells other open tabs that the data changed, so they reload.
    channel: StoredValue<Option<web_sys::BroadcastChannel>, LocalStorage>,
    /// Sync with a CouchDB server (`ui/sync.rs`).
    pub sync: crate::ui::sync::Sync,
}

/// A list with its search and filters, saved by name.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SavedFilter {
    pub name: String,
    /// The list's path with its query: `/contacts?owner=me&tag=vip`.
    pub href: String,
}

const SAVED_FILTERS: &str = "saved-filters";
const FOLLOW_NEW_CONTACTS: &str = "follow-new-contacts";
/// Refused fields one notice names (a bulk edit can refuse hundreds).
const REFUSED_SHOWN: usize = 5;
/// Batches of firings one run stores at most (then the next tick goes on).
const RULE_ROUNDS: usize = 20;

pub fn use_app() -> App {
    expect_context::<App>()
}

impl App {
    pub fn new() -> App {
        let lang = web::pref("lang")
            .and_then(|l| Lang::parse(&l))
            .unwrap_or_else(|| Lang::from_preferences(web::browser_languages().iter().map(String::as_str)));
        App {
            crm: StoredValue::new(Crm::new()),
            changed: std::array::from_fn(|_| Trigger::new()),
            lang: RwSignal::new(lang),
            theme: RwSignal::new(Theme::parse(&web::pref("theme").unwrap_or_default())),
            phase: RwSignal::new(Phase::Loading),
            loaded: RwSignal::new(false),
            notice: RwSignal::new(None),
            busy: RwSignal::new(None),
            me: RwSignal::new(web::pref("me").and_then(|s| Uuid::parse_str(&s).ok())),
            last_export: RwSignal::new(None),
            evicted: RwSignal::new(None),
            now: RwSignal::new(web::now()),
            handled: RwSignal::new(load_handled()),
            saved_filters: RwSignal::new(web::pref(SAVED_FILTERS).and_then(|s| serde_json::from_str(&s).ok()).unwrap_or_default()),
            follow_new_contacts: RwSignal::new(web::pref(FOLLOW_NEW_CONTACTS).as_deref() == Some("1")),
            running_rules: StoredValue::new(false),
            store: StoredValue::new_local(None),
            channel: StoredValue::new_local(None),
            sync: crate::ui::sync::Sync::new(),
        }
    }

    /// Reads the records. The caller (an effect, a memo, a view) runs
    /// again when records of any of `kinds` change, and only then: an
    /// edited task does not re-sort the contacts.
    pub fn read<R>(&self, kinds: &[Kind], f: impl FnOnce(&Crm) -> R) -> R {
        for k in kinds {
            self.changed[k.index()].track();
        }
        self.crm.with_value(f)
    }

    /// [`App::read`] of a reader that shows records of every kind (the
    /// search, the stream, a history).
    pub fn read_all<R>(&self, f: impl FnOnce(&Crm) -> R) -> R {
        self.read(&Kind::ALL, f)
    }

    /// Reads the records now, without running again on a change (an
    /// action computing its changes, an event handler).
    pub fn read_untracked<R>(&self, f: impl FnOnce(&Crm) -> R) -> R {
        self.crm.with_value(f)
    }

    /// Applies changes the sync stored (see [`App::apply`]).
    pub(crate) fn apply_changes(&self, changes: &[Change]) {
        self.apply(changes)
    }

    /// Applies committed changes and wakes the readers of their kinds.
    fn apply(&self, changes: &[Change]) {
        let touched = self.crm.try_update_value(|c| c.apply(changes)).unwrap_or(Kinds::ALL);
        self.notify(touched);
    }

    /// Makes `crm` the records (a load, a reload, an import) and wakes
    /// every reader.
    fn replace(&self, crm: Crm) {
        self.crm.set_value(crm);
        self.notify(Kinds::ALL);
    }

    fn notify(&self, kinds: Kinds) {
        for k in kinds.iter() {
            self.changed[k.index()].notify();
        }
    }

    /// A text in the current language (reactive).
    pub fn t(&self, key: T) -> &'static str {
        self.lang.get().t(key)
    }

    /// The default pipeline stages, named in the UI language: what the
    /// board shows (and the first opportunity stores) until there are any.
    pub fn default_stages(&self) -> Vec<crate::model::pipeline::Stage> {
        let lang = self.lang.get_untracked();
        let names =
            [T::StageQualification, T::StageNeedsAnalysis, T::StageProposal, T::StageNegotiation, T::StageWon, T::StageLost].map(|t| lang.t(t));
        crate::model::pipeline::defaults(names, web::now())
    }

    /// The built-in rules and templates in the UI language.
    pub fn automation_defaults(&self) -> Defaults {
        Defaults::new(&crate::i18n::automation_texts(self.lang.get_untracked()))
    }

    pub fn set_follow_new_contacts(&self, on: bool) {
        web::set_pref(FOLLOW_NEW_CONTACTS, if on { "1" } else { "" });
        self.follow_new_contacts.set(on);
    }

    /// Runs the firings that are due (catching up on those that came due
    /// while the app was closed, oldest first), batch by batch. A batch
    /// another tab beat us to is not stored: this tab catches up with it
    /// and looks again.
    pub fn run_rules(self) {
        if self.running_rules.get_value() || !self.loaded.get_untracked() {
            return;
        }
        self.running_rules.set_value(true);
        spawn_local(async move {
            // One tab runs the rules at a time; the others' ticks pass. A
            // chunk that did not come is asked for again at the next tick.
            if let Ok(rounds) = crate::ui::chunks::rules_task(self).await {
                web::exclusive("vizitka-rules", rounds).await;
            }
            self.running_rules.set_value(false);
        });
    }

    /// What [`App::run_rules`] runs, in the rules' chunk.
    pub(crate) async fn run_rule_rounds(self) {
        for _ in 0..RULE_ROUNDS {
            let defaults = self.automation_defaults();
            let me = self.crm.with_value(|c| c.member_name(self.me.get_untracked()).to_string());
            let offset = web::offset_at(web::now());
            let run = move |crm: &Crm, ctx: &mut Ctx| {
                let due = crm.due_firings(&defaults, ctx.now, offset);
                Ok(crm.run_firings(&defaults, due, &me, ctx))
            };
            match self.commit_boxed(Box::new(run), Vec::new(), Mode::Firings).await {
                Ok(changes) if !changes.is_empty() => continue,
                // Caught up with the tab that beat us: look again.
                Err(CommitError::Store(StoreError::Stale)) => continue,
                _ => {}
            }
            break;
        }
    }

    /// The pipeline in board order (reactive on the records and language).
    pub fn pipeline(&self) -> Vec<crate::model::pipeline::Stage> {
        self.lang.track();
        self.read(&[Kind::Stage], |crm| crm.pipeline(&self.default_stages()))
    }

    pub fn pipeline_untracked(&self) -> Vec<crate::model::pipeline::Stage> {
        self.crm.with_value(|crm| crm.pipeline(&self.default_stages()))
    }

    pub fn info(&self, text: impl Into<String>) {
        self.notice.set(Some(Notice { kind: NoticeKind::Info, text: text.into(), undo: None }));
    }

    pub fn error(&self, text: impl Into<String>) {
        self.notice.set(Some(Notice { kind: NoticeKind::Error, text: text.into(), undo: None }));
    }

    /// Tells the user, in one notice, why an action was refused field by
    /// field ("E-mail 2: not an email address; …"); nothing for none.
    pub fn tell_refused(&self, fields: &[FieldError]) {
        if fields.is_empty() {
            return;
        }
        let lang = self.lang.get_untracked();
        self.error(fields.iter().take(REFUSED_SHOWN).map(|e| crate::i18n::field_error(lang, e)).collect::<Vec<_>>().join("; "));
    }

    /// Saves (or replaces, by name) a filtered list for the navigation.
    pub fn save_filter(&self, f: SavedFilter) {
        self.saved_filters.update(|all| {
            all.retain(|x| x.name != f.name);
            all.push(f);
            web::set_pref(SAVED_FILTERS, &serde_json::to_string(all).unwrap_or_default());
        });
    }

    pub fn remove_filter(&self, name: &str) {
        self.saved_filters.update(|all| {
            all.retain(|x| x.name != name);
            web::set_pref(SAVED_FILTERS, &serde_json::to_string(all).unwrap_or_default());
        });
    }

    /// A notice with an "Undo" button that puts back what `undo` names.
    pub fn info_with_undo(&self, text: impl Into<String>, undo: crate::model::ops::bulk::Undo) {
        self.notice.set(Some(Notice { kind: NoticeKind::Info, text: text.into(), undo: Some(UndoHandle(std::sync::Arc::new(undo))) }));
    }

    /// Undoes a bulk action (one more action, with its history entry).
    pub fn undo(self, handle: UndoHandle) {
        spawn_local(async move {
            let lang = self.lang.get_untracked();
            match self.commit_import(move |crm, ctx| crm.undo(&handle.0, ctx)).await {
                Ok(_) => self.info(lang.t(T::Undone)),
                Err(e) => self.tell_refused(&e.refused()),
            }
        });
    }

    /// Opens the database and loads every record into memory.
    pub async fn boot(self) {
        let events = crate::store::Events {
            version_change: Box::new(move || self.phase.set(Phase::MustReload)),
            blocked: Box::new(move || {
                let lang = self.lang.get_untracked();
                self.notice.set(Some(Notice { kind: NoticeKind::Info, text: lang.t(T::Blocked).into(), undo: None }))
            }),
        };
        let lang = self.lang.get_untracked();
        let _boot = web::Span::start("boot");
        let opened = {
            let _s = web::Span::start("open");
            Store::open(crate::store::DB_NAME, events).await
        };
        let store = match opened {
            Ok(s) => s,
            Err(e) => return self.phase.set(Phase::Failed(format!("{} {}", lang.t(T::LoadFailed), crate::ui::errors::store_error(lang, &e)))),
        };
        self.store.set_value(Some(store.clone()));
        let shown = move |first: Crm| {
            self.replace(first);
            self.phase.set(Phase::Ready);
        };
        match store.load(shown).await {
            Ok(crm) => {
                let had = web::pref(STORED_PREF).and_then(|s| serde_json::from_str::<Stored>(&s).ok());
                let empty = crm.is_empty();
                self.replace(crm);
                self.loaded.set(true);
                self.last_export.set(store.meta_get("last_export").await.ok().flatten());
                match had {
                    Some(had) if empty && had.records > 0 => self.evicted.set(Some(had)),
                    _ => self.remember_stored(),
                }
                self.listen_to_other_tabs();
                self.phase.set(Phase::Ready);
                if store.sync_on() {
                    spawn_local(self.resume_sync());
                }
                // Files of attachments deleted in an earlier session go now.
                // What came due while the app was closed runs now.
                self.run_rules();
                let _ = store.sweep_files(|id| self.read_untracked(|c| c.attachment(id).is_some())).await;
            }
            Err(e) => self.phase.set(Phase::Failed(format!("{} {}", lang.t(T::LoadFailed), crate::ui::errors::store_error(lang, &e)))),
        }
    }

    fn listen_to_other_tabs(self) {
        let Ok(channel) = web_sys::BroadcastChannel::new("vizitka") else { return };
        let on_message = wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |_| {
            spawn_local(async move {
                let _ = self.catch_up().await;
                // The syncing tab pulled or settled reviews.
                if self.sync.connection.with_untracked(Option::is_some) {
                    self.load_reviews().await;
                }
            });
        });
        channel.set_onmessage(Some(wasm_bindgen::JsCast::unchecked_ref(on_message.as_ref())));
        on_message.forget();
        self.channel.set_value(Some(channel));
    }

    pub(crate) fn tell_other_tabs(&self) {
        self.channel.with_value(|c| {
            if let Some(c) = c {
                let _ = c.post_message(&wasm_bindgen::JsValue::from_str("changed"));
            }
        });
    }

    /// Applies what other tabs stored since this one last looked: only
    /// their new log entries, read in order; everything again only after
    /// one of them compacted or replaced the data. Errors are told.
    pub async fn catch_up(self) -> Result<(), StoreError> {
        let store = self.store()?;
        let mut reload = false;
        let connected = store.sync_on();
        let read = store
            .catch_up(|feed| match feed {
                Feed::Nothing => {}
                Feed::Changes(changes) => {
                    self.apply(&changes);
                    // Another tab's action goes up now, if this tab syncs.
                    self.sync.wake();
                }
                Feed::Reload => reload = true,
            })
            .await;
        // Another tab connected or disconnected.
        if store.sync_on() != connected {
            spawn_local(self.resume_sync());
        }
        if let Err(e) = read {
            self.report(&e);
            return Err(e);
        }
        if reload {
            self.reload().await;
        }
        Ok(())
    }

    /// Reads every record again (another tab compacted or replaced them).
    pub async fn reload(self) {
        let Ok(store) = self.store() else { return };
        match store.load_all().await {
            Ok(crm) => self.replace(crm),
            Err(e) => self.report(&e),
        }
    }

    pub(crate) fn store(&self) -> Result<Rc<Store>, StoreError> {
        self.store.get_value().ok_or(StoreError::Closed)
    }

    pub(crate) fn report(&self, e: &StoreError) {
        let lang = self.lang.get_untracked();
        if *e == StoreError::Closed {
            self.phase.set(Phase::MustReload);
        }
        self.error(format!("{} {}", lang.t(T::SaveFailed), crate::ui::errors::store_error(lang, e)));
    }

    /// Runs one user action: compute its changes from the current records,
    /// persist them in one transaction, then show them. A failed write is
    /// reported and leaves memory as it was.
    pub fn commit<'a>(
        &'a self,
        compute: impl FnOnce(&Crm, &mut Ctx) -> Result<Vec<Change>, Vec<FieldError>> + 'a,
    ) -> impl std::future::Future<Output = Result<Vec<Change>, CommitError>> + 'a {
        // One copy of the commit (an async state machine of a few KB) in
        // the wasm, instead of one per action that calls it.
        self.commit_boxed(Box::new(compute), Vec::new(), Mode::Action)
    }

    /// [`App::commit`] of an import: the records it adds trigger no rule.
    pub fn commit_import<'a>(
        &'a self,
        compute: impl FnOnce(&Crm, &mut Ctx) -> Result<Vec<Change>, Vec<FieldError>> + 'a,
    ) -> impl std::future::Future<Output = Result<Vec<Change>, CommitError>> + 'a {
        self.commit_boxed(Box::new(compute), Vec::new(), Mode::Import)
    }

    /// [`App::commit_import`] that brings files too (a bundle merged on a
    /// device that syncs), stored in the same transaction.
    pub fn commit_import_with_files<'a>(
        &'a self,
        compute: impl FnOnce(&Crm, &mut Ctx) -> Result<Vec<Change>, Vec<FieldError>> + 'a,
        files: Vec<(Uuid, web_sys::Blob)>,
    ) -> impl std::future::Future<Output = Result<Vec<Change>, CommitError>> + 'a {
        self.commit_boxed(Box::new(compute), files, Mode::Import)
    }

    /// [`App::commit`] of an action that attaches files: their bytes are
    /// stored (by attachment id) in the same transaction.
    pub fn commit_with_files<'a>(
        &'a self,
        compute: impl FnOnce(&Crm, &mut Ctx) -> Result<Vec<Change>, Vec<FieldError>> + 'a,
        files: Vec<(Uuid, web_sys::Blob)>,
    ) -> impl std::future::Future<Output = Result<Vec<Change>, CommitError>> + 'a {
        self.commit_boxed(Box::new(compute), files, Mode::Action)
    }

    /// A form's save: commits `compute` while `saving` is set; then says
    /// "Saved" (or "Nothing changed") and runs `done` (usually: go to the
    /// record), or shows the refused fields in `errors`.
    pub fn save_form(
        self,
        saving: RwSignal<bool>,
        errors: RwSignal<Vec<FieldError>>,
        compute: impl FnOnce(&Crm, &mut Ctx) -> Result<Vec<Change>, Vec<FieldError>> + 'static,
        done: impl FnOnce() + 'static,
    ) {
        if saving.get_untracked() {
            return;
        }
        saving.set(true);
        spawn_local(async move {
            let result = self.commit(compute).await;
            saving.set(false);
            match result {
                Ok(changes) => {
                    errors.set(Vec::new());
                    self.info(self.lang.get_untracked().t(if changes.is_empty() { T::NothingChanged } else { T::Saved }));
                    done();
                }
                Err(e) => errors.set(e.refused()),
            }
        });
    }

    /// An edit in place on a record's page (a status picked, a milestone
    /// ticked): commits `compute`; a refusal is told in a notice.
    pub fn act(self, compute: impl FnOnce(&Crm, &mut Ctx) -> Result<Vec<Change>, Vec<FieldError>> + 'static) {
        spawn_local(async move {
            if let Err(e) = self.commit(compute).await {
                self.tell_refused(&e.refused());
            }
        });
    }

    /// A delete confirmed by the user: commits `compute`, says "Deleted"
    /// and runs `done` (usually: back to the list).
    pub fn delete(self, compute: impl FnOnce(&Crm, &mut Ctx) -> Vec<Change> + 'static, done: impl FnOnce() + 'static) {
        spawn_local(async move {
            if self.commit(move |crm, ctx| Ok(compute(crm, ctx))).await.is_ok() {
                self.info(self.lang.get_untracked().t(T::Deleted));
                done();
            }
        });
    }

    async fn commit_boxed(&self, compute: Compute<'_>, files: Vec<(Uuid, web_sys::Blob)>, mode: Mode) -> Result<Vec<Change>, CommitError> {
        let store = self.store().map_err(|e| {
            self.report(&e);
            CommitError::Store(e)
        })?;
        // What the rules schedule on the action's changes; their code is a
        // chunk of its own, fetched with the first action, before catching
        // up (so that its fetch does not age what was caught up).
        let schedule = match mode {
            Mode::Firings => None,
            _ => match crate::ui::chunks::scheduler().await {
                Ok(schedule) => Some(schedule),
                Err(_) => {
                    self.error(self.lang.get_untracked().t(T::PartFailed));
                    return Err(CommitError::Code);
                }
            },
        };
        // Changes are computed from every record, never from a partial
        // load, and with what other tabs stored applied first (the write
        // refuses if anything was stored after this).
        if let Err(e) = self.catch_up().await {
            return Err(CommitError::Store(e));
        }
        let _span = web::Span::start("commit");
        let me = self.me.get_untracked();
        let lang = self.lang.get_untracked();
        let options = Options { triggers: mode == Mode::Action, follow_new_contacts: self.follow_new_contacts.get_untracked() };
        let now = web::now();
        let changes = self.crm.with_value(|crm| {
            let mut next = web::fresh_id;
            let mut ctx = Ctx { now, me, new_id: &mut next };
            let mut changes = compute(crm, &mut ctx)?;
            if let Some(schedule) = schedule.filter(|_| !changes.is_empty()) {
                let more = schedule(crm, lang, &changes, options, &mut ctx);
                changes.extend(more);
            }
            Ok(changes)
        });
        let changes = changes.map_err(CommitError::Invalid)?;
        // An action that changes nothing (a form saved as it was, the rules'
        // tick with nothing due) writes nothing, wakes no reader of the
        // records and makes no other tab reload.
        if changes.is_empty() {
            return Ok(changes);
        }
        // While syncing, the action marks what it changes, as it was.
        let marks = if store.sync_on() { self.crm.with_value(|crm| crate::sync::state::marks_of(crm, &changes)) } else { Vec::new() };
        let written = store.apply_marked(&changes, &files, &marks, || self.apply(&changes)).await;
        if let Err(e) = written {
            // Another tab stored something in the moment since catching up:
            // its changes are shown now. Rule firings are computed again at
            // the next tick; a user's action is told to try again.
            if e == StoreError::Stale {
                let _ = self.catch_up().await;
            }
            if e != StoreError::Stale || mode != Mode::Firings {
                self.report(&e);
            }
            return Err(CommitError::Store(e));
        }
        self.tell_other_tabs();
        self.remember_stored();
        self.sync.wake();
        // What is shown is as of the action, not of the last tick: a
        // ticket put on hold now is not shown as on hold in the future.
        if mode == Mode::Action {
            self.now.set(now);
        }
        // A rule without a delay acts at once.
        let due_now = changes.iter().any(|c| matches!(c, Change::Put(Rec::Firing(f)) if f.state == FiringState::Pending && f.due_at <= now));
        if mode != Mode::Firings && due_now {
            self.run_rules();
        }
        if store.log_len() >= segments::COMPACT_AFTER {
            let me = *self;
            spawn_local(async move {
                // The encoder is a chunk: a compaction comes after many
                // writes, never before the first screen. Not fetched, the
                // next write tries again.
                if let Ok(compaction) = crate::ui::chunks::compaction_task(me, store).await {
                    compaction.await;
                }
            });
        }
        Ok(changes)
    }

    /// Folds the store's log into segments (in the compaction's chunk).
    pub(crate) async fn compact(self, store: Rc<Store>) {
        // One tab compacts at a time; another that holds the lock is
        // folding the same log.
        let compacted = web::exclusive("vizitka-compact", store.compact_if_needed(|| self.read_untracked(segments::encode))).await;
        match compacted {
            None | Some(Ok(_)) => {}
            // Another tab wrote: catch up; the next write compacts.
            Some(Err(StoreError::Stale)) => {
                let _ = self.catch_up().await;
            }
            Some(Err(e)) => self.report(&e),
        }
    }

    /// Makes the records `build` returns the whole database (import,
    /// wipe), stored as `segments`: their layout, made beforehand so the
    /// browser stores them while `build` runs (see
    /// [`Store::replace_all_encoded`]).
    pub async fn replace_all(
        &self,
        segments: Vec<Segment>,
        file: Option<js_sys::ArrayBuffer>,
        files: crate::store::FileWrites,
        build: impl FnOnce() -> Crm,
    ) -> Result<(), StoreError> {
        let store = self.store()?;
        // Every record replaced at once is not a change the other devices
        // would get: the user disconnects first (the sync's first
        // connection offers "replace this device's data" the other way).
        if store.sync_on() {
            let text = self.lang.get_untracked().t(T::SyncDisconnectFirst);
            self.error(text);
            return Err(StoreError::Aborted(text.into()));
        }
        store.replace_all_encoded(segments, file, files, build, |c| self.replace(c)).await.inspect_err(|e| self.report(e))?;
        self.tell_other_tabs();
        // An import (or a wipe) is the user's answer to a missing database.
        self.evicted.set(None);
        self.remember_stored();
        Ok(())
    }

    /// Notes in localStorage how many records this device has stored now.
    /// Not while the database is known to be missing: the note is what
    /// says so, until the user imports a backup or starts empty.
    pub fn remember_stored(&self) {
        if self.evicted.get_untracked().is_some() {
            return;
        }
        let records = self.read_untracked(|c| Kind::ALL.iter().map(|&k| c.count(k)).sum());
        let stored = Stored { records, saved_at: crate::model::time::format(&web::now()), exported_at: self.last_export.get_untracked() };
        if let Ok(json) = serde_json::to_string(&stored) {
            web::set_pref(STORED_PREF, &json);
        }
    }

    /// The user goes on without the missing data.
    pub fn start_empty(&self) {
        self.evicted.set(None);
        self.remember_stored();
    }

    /// Chooses who "you" are on this device.
    pub fn set_me(&self, id: Option<Uuid>) {
        web::set_pref("me", &id.map(|i| i.to_string()).unwrap_or_default());
        self.me.set(id);
    }

    /// Whether "you" are a team member of the loaded data (else the shell
    /// asks who you are).
    pub fn knows_me(&self) -> bool {
        self.me.get().is_some_and(|id| self.read(&[Kind::TeamMember], |c| c.team_member(id).is_some()))
    }

    /// Today in the user's time zone, following the clock.
    pub fn today(&self) -> chrono::NaiveDate {
        self.now.track();
        self.today_untracked()
    }

    pub fn today_untracked(&self) -> chrono::NaiveDate {
        let now = self.now.get_untracked();
        crate::i18n::local_date(now, web::offset_at(now))
    }

    /// The reminders the inbox shows now, with their keys.
    pub fn visible_reminders<'a>(&self, crm: &'a Crm) -> Vec<(String, Reminder<'a>)> {
        let now = self.now.get();
        let offset = web::offset_at(now);
        let handled = self.handled.get();
        let me = self.me.get();
        // Breached and at-risk SLAs first: someone is waiting.
        agenda::support(crm, me, now, &web::offset_cache())
            .into_iter()
            .chain(agenda::reminders(crm, me, now, offset))
            .map(|r| (r.key(now, offset), r))
            .filter(|(k, _)| agenda::shown(handled.get(k).copied(), now))
            .collect()
    }

    /// How many reminders the inbox shows now: [`App::visible_reminders`]
    /// counted, without their keys or order.
    pub fn reminder_count(&self, crm: &Crm) -> usize {
        let now = self.now.get();
        let handled = self.handled.get();
        agenda::shown_count(crm, self.me.get(), now, &web::offset_cache(), web::offset_at(now), &handled)
    }

    /// Dismisses or snoozes a reminder on this device.
    pub fn handle_reminder(&self, key: String, how: Handled) {
        self.handled.update(|h| {
            h.insert(key, how);
            // Old reminders are forgotten rather than kept forever.
            if h.len() > MAX_HANDLED {
                let now = self.now.get_untracked();
                h.retain(|_, v| matches!(v, Handled::SnoozedUntil(t) if *t > now));
            }
        });
        self.handled.with_untracked(save_handled);
    }

    /// An attachment's bytes as a Blob, if this device has them.
    pub async fn read_file(&self, id: Uuid) -> Result<Option<web_sys::Blob>, StoreError> {
        self.store()?.read_file(id).await
    }

    /// The attachments whose bytes this device has.
    pub async fn file_ids(&self) -> Result<crate::model::ids::IdSet, StoreError> {
        self.store()?.file_ids().await
    }

    pub async fn note_export(&self) {
        let at = crate::model::time::format(&web::now());
        if let Ok(store) = self.store() {
            if store.meta_set("last_export", &at).await.is_ok() {
                self.last_export.set(Some(at));
                self.remember_stored();
            }
        }
    }
}

impl Default for App {
    fn default() -> Self {
        Self::new()
    }
}

/// How many handled reminders are remembered before old ones are dropped.
const MAX_HANDLED: usize = 1_000;

/// Handled reminders as a small preference: `{"key": "dismissed" | "<RFC 3339 until>"}`.
fn load_handled() -> HashMap<String, Handled> {
    let raw: HashMap<String, String> = web::pref("reminders").and_then(|s| serde_json::from_str(&s).ok()).unwrap_or_default();
    raw.into_iter()
        .filter_map(|(k, v)| {
            let h = if v == "dismissed" { Handled::Dismissed } else { Handled::SnoozedUntil(crate::model::time::parse(&v)?) };
            Some((k, h))
        })
        .collect()
}

fn save_handled(handled: &HashMap<String, Handled>) {
    let raw: HashMap<&str, String> = handled
        .iter()
        .map(|(k, h)| {
            let v = match h {
                Handled::Dismissed => "dismissed".to_string(),
                Handled::SnoozedUntil(t) => crate::model::time::format(t),
            };
            (k.as_str(), v)
        })
        .collect();
    web::set_pref("reminders", &serde_json::to_string(&raw).unwrap_or_default());
}

//! Settings → Sync (connect, log in again, sync now, disconnect, what
//! needs review) and the sync's word in the bar.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::i18n::T;
use crate::model::Crm;
use crate::store::FileWrites;
use crate::sync::parse_doc_id;
use crate::sync::state::Connection;
use crate::sync::{Review, Settle, Why};
use crate::ui::routes::{link, record_href};
use crate::ui::state::{use_app, App};
use crate::ui::sync::SyncStatus;
use crate::web::couch::Couch;

/// The bar's word about the sync: nothing when not connected.
#[component]
pub fn SyncBadge() -> impl IntoView {
    let app = use_app();
    move || {
        let status = app.sync.status.get();
        let waiting = app.sync.waiting.get();
        let (class, icon, text) = match &status {
            SyncStatus::Off => return None,
            SyncStatus::Syncing if waiting > 0 => {
                ("sync-badge", "⟳", format!("{} · {waiting} {}", app.t(T::SyncStatusSyncing), app.t(T::SyncWaiting)))
            }
            SyncStatus::Syncing => ("sync-badge", "⟳", app.t(T::SyncStatusSyncing).to_string()),
            SyncStatus::Synced => ("sync-badge ok", "✓", app.t(T::SyncStatusSynced).to_string()),
            SyncStatus::OtherTab => ("sync-badge ok", "✓", app.t(T::SyncStatusOtherTab).to_string()),
            SyncStatus::Offline => ("sync-badge warn", "⚠", format!("{} · {waiting} {}", app.t(T::SyncStatusOffline), app.t(T::SyncWaiting))),
            SyncStatus::NeedsLogin => ("sync-badge warn", "⚠", app.t(T::SyncStatusLogin).to_string()),
            SyncStatus::Failed(why) => ("sync-badge error", "⚠", format!("{}: {why}", app.t(T::SyncStatusFailed))),
        };
        let reviews = app.sync.reviews.with(Vec::len);
        let title = text.clone();
        Some(view! {
            <a class=class id="sync-status" href=link("/settings#sync") title=title>
                <span class="icon" aria-hidden="true">{icon}</span>
                <span class="label visually-hidden">{text}</span>
                {(matches!(status, SyncStatus::Offline | SyncStatus::Syncing) && waiting > 0).then(|| view! { <span class="waiting" aria-hidden="true">{waiting}</span> })}
                {(reviews > 0).then(|| view! { <span class="count" title=app.t(T::SyncReviews)>{reviews}</span> })}
            </a>
        })
    }
}

/// The records to review, as an entry of the "More" menus (the list is
/// in Settings → Sync): nothing when there are none.
#[component]
pub fn ReviewsEntry() -> impl IntoView {
    let app = use_app();
    move || {
        let n = app.sync.reviews.with(Vec::len);
        (n > 0).then(|| view! { <a class="sync-reviews-entry" href=link("/settings#sync")>{app.t(T::SyncReviews)}" ("{n}")"</a> })
    }
}

/// Connecting as typed: the fields of the form, read once.
struct Typed {
    connection: Connection,
    password: String,
}

#[component]
pub fn SyncCard() -> impl IntoView {
    let app = use_app();
    let server = RwSignal::new(String::new());
    let db = RwSignal::new(String::new());
    let user = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let working = RwSignal::new(false);
    // Both sides have data: the user chooses before anything moves.
    let choose = RwSignal::new(None::<Connection>);
    spawn_local(app.load_reviews());
    Effect::new(move || {
        if let Some(c) = app.sync.connection.get() {
            server.set(c.server);
            db.set(c.db);
            user.set(c.user);
        }
    });

    let connect = move || {
        if working.get_untracked() {
            return;
        }
        let typed = Typed {
            connection: Connection {
                server: server.get_untracked().trim().to_string(),
                db: db.get_untracked().trim().to_string(),
                user: user.get_untracked().trim().to_string(),
            },
            password: password.get_untracked(),
        };
        working.set(true);
        error.set(None);
        spawn_local(async move {
            let result = log_in(app, typed).await;
            working.set(false);
            password.set(String::new());
            match result {
                Ok(None) => {}
                Ok(Some(c)) => choose.set(Some(c)),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let finish = move |replace: bool| {
        let Some(c) = choose.get_untracked() else { return };
        choose.set(None);
        spawn_local(async move {
            if replace && app.replace_all(Vec::new(), None, FileWrites::clear(), Crm::new).await.is_err() {
                return;
            }
            let _ = app.connect_sync(c).await;
        });
    };
    let connected = move || app.sync.connection.with(Option::is_some);
    let needs_login = move || !connected() || app.sync.status.get() == SyncStatus::NeedsLogin;

    view! {
        <section class="card sync-card" id="sync" aria-labelledby="sync-title">
            <h2 id="sync-title">{move || app.t(T::SettingsSync)}</h2>
            <p class="hint">{move || app.t(T::SyncHint)}</p>
            <Show when=connected>
                <p id="sync-connected">
                    {move || app.sync.connection.get().map(|c| format!("{} {}/{} {} {}", app.t(T::SyncConnectedTo), c.server, c.db, app.t(T::SyncAs), c.user))}
                </p>
                <p class="actions">
                    <button type="button" class="button" id="sync-now" on:click=move |_| app.sync_now()>{move || app.t(T::SyncNow)}</button>
                    <button type="button" class="button danger" id="sync-disconnect" on:click=move |_| {
                        spawn_local(async move {
                            let _ = app.disconnect_sync().await;
                        })
                    }>{move || app.t(T::SyncDisconnect)}</button>
                </p>
                <p class="hint">{move || app.t(T::SyncDisconnectHint)}</p>
                <label class="check">
                    <input type="checkbox" id="sync-confidential-files" prop:checked=move || app.sync.confidential_files.get() on:change=move |ev| {
                        spawn_local(app.set_confidential_files(event_target_checked(&ev)));
                    } />
                    " "{move || app.t(T::SyncConfidentialFiles)}
                </label>
                <p class="hint">{move || app.t(T::SyncConfidentialHint)}</p>
            </Show>
            <Show when=needs_login>
                <form class="grid" id="sync-form" on:submit=move |ev| {
                    ev.prevent_default();
                    connect();
                }>
                    <div class="field">
                        <label for="sync-server">{move || app.t(T::SyncServer)}</label>
                        <input id="sync-server" type="url" required placeholder="https://couch.example.cz" prop:value=server prop:readonly=connected on:input=move |ev| server.set(event_target_value(&ev)) />
                    </div>
                    <div class="field">
                        <label for="sync-db">{move || app.t(T::SyncDatabase)}</label>
                        <input id="sync-db" required placeholder="vizitka" prop:value=db prop:readonly=connected on:input=move |ev| db.set(event_target_value(&ev)) />
                    </div>
                    <div class="field">
                        <label for="sync-user">{move || app.t(T::SyncUser)}</label>
                        <input id="sync-user" required autocomplete="username" prop:value=user prop:readonly=connected on:input=move |ev| user.set(event_target_value(&ev)) />
                    </div>
                    <div class="field">
                        <label for="sync-password">{move || app.t(T::SyncPassword)}</label>
                        <input id="sync-password" type="password" required autocomplete="current-password" prop:value=password on:input=move |ev| password.set(event_target_value(&ev)) />
                        <p class="hint">{move || app.t(T::SyncPasswordHint)}</p>
                    </div>
                    <p class="actions">
                        <button type="submit" class="button primary" id="sync-connect" disabled=move || working.get()>
                            {move || app.t(if working.get() { T::SyncConnecting } else if connected() { T::SyncLogIn } else { T::SyncConnect })}
                        </button>
                    </p>
                </form>
            </Show>
            {move || error.get().map(|e| view! { <p class="error" role="alert" id="sync-error">{e}</p> })}
            {move || choose.get().map(|_| view! {
                <div class="setting" id="sync-choose" role="group">
                    <p>{app.t(T::SyncFirstTitle)}</p>
                    <p class="actions">
                        <button type="button" class="button primary" id="sync-merge" on:click=move |_| finish(false)>{app.t(T::SyncMerge)}</button>
                        <button type="button" class="button danger" id="sync-replace" on:click=move |_| finish(true)>{app.t(T::SyncReplace)}</button>
                    </p>
                </div>
            })}
            {move || {
                let status = app.sync.status.get();
                matches!(status, SyncStatus::Failed(_)).then(|| view! { <p class="error" id="sync-failed">{move || match app.sync.status.get() { SyncStatus::Failed(w) => w, _ => String::new() }}</p> })
            }}
            <Reviews />
            {move || {
                let refused = app.sync.refused.get();
                (!refused.is_empty()).then(|| view! {
                    <h3>{app.t(T::SyncNotSynced)}</h3>
                    <ul id="sync-refused">{refused.into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}</ul>
                })
            }}
        </section>
    }
}

/// Logs in and checks the database; `Some` when both this device and the
/// server have records (the user chooses merge or replace), else connects.
async fn log_in(app: App, typed: Typed) -> Result<Option<Connection>, String> {
    let lang = app.lang.get_untracked();
    let words = |e| crate::ui::errors::sync_error(lang, &e);
    let c = typed.connection;
    let couch = Couch::new(&c.server, &c.db).map_err(words)?;
    couch.login(&c.user, &typed.password).await.map_err(words)?;
    let on_server = couch.doc_count().await.map_err(words)?;
    // Logging in again to a connection that stands: the loop goes on.
    if app.sync.connection.get_untracked().as_ref() == Some(&c) {
        app.sync_now();
        return Ok(None);
    }
    let here = app.read_untracked(|crm| !crm.is_empty());
    if here && on_server > 0 {
        return Ok(Some(c));
    }
    app.connect_sync(c).await.map_err(|e| crate::ui::errors::store_error(lang, &e))?;
    Ok(None)
}

/// The records two devices disagreed about: the kept value and the other,
/// field by field, who made the other and when, with a link to the record.
#[component]
fn Reviews() -> impl IntoView {
    let app = use_app();
    move || {
        let reviews = app.sync.reviews.get();
        (!reviews.is_empty()).then(|| {
            view! {
                <h3>{app.t(T::SyncReviews)}" ("{reviews.len()}")"</h3>
                <ul class="sync-reviews" id="sync-reviews">{reviews.into_iter().map(|r| review(app, r)).collect_view()}</ul>
            }
        })
    }
}

fn review(app: App, r: Review) -> impl IntoView {
    let name = parse_doc_id(&r.doc).and_then(|(kind, id)| {
        let t = crate::model::Target { kind, id };
        app.read_untracked(|crm| crm.exists(t).then(|| (kind, id, crm.label(t))))
    });
    let what = app.t(match r.why {
        Why::SameField => T::SyncReviewSameField,
        Why::EditedHereDeletedThere => T::SyncReviewEditedDeleted,
        Why::DeletedHereEditedThere => T::SyncReviewDeletedEdited,
        Why::OtherVersion => T::SyncReviewOtherVersion,
    });
    let lang = app.lang.get_untracked();
    // Who made the version not kept, and when (its own stamp: shown, never compared).
    let when = r.other_at().and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok());
    let when = when.map(|t| crate::i18n::format_datetime(lang, t.with_timezone(&chrono::Utc), crate::web::utc_offset_minutes()));
    let who: Vec<String> = r.by.iter().cloned().chain(when).collect();
    let who = (!who.is_empty()).then(|| format!(" ({})", who.join(", ")));
    let kind = parse_doc_id(&r.doc).map(|(k, _)| k);
    // In the user's words: the field's label, names for ids and codes.
    let field = |f: &crate::sync::FieldConflict| kind.map_or_else(|| f.field.clone(), |k| crate::i18n::field_of(lang, k, &f.field));
    let show = |f: &crate::sync::FieldConflict, v: &serde_json::Value| match kind {
        Some(k) => app.read_untracked(|crm| crate::ui::widgets::conflict::shown(lang, crm, k, &f.field, v)),
        None => v.to_string(),
    };
    let other = format!("{}{}", app.t(T::SyncOther), who.clone().unwrap_or_default());
    let choices = r.choices();
    view! {
        <li data-doc=r.doc.clone()>
            {match name {
                Some((kind, id, title)) => view! { <a href=link(record_href(kind, id))>{title}</a> }.into_any(),
                None => view! { <span>{r.doc.clone()}</span> }.into_any(),
            }}
            " — "{what}
            {(r.fields.is_empty()).then(|| who.clone()).flatten()}
            {(!r.fields.is_empty()).then(|| view! {
                <dl class="sync-fields">
                    {r.fields.iter().map(|f| view! {
                        <dt>{field(f)}</dt>
                        <dd>{format!("{}: {} · {other}: {}", app.t(T::SyncKept), show(f, &f.theirs), show(f, &f.mine))}</dd>
                    }).collect_view()}
                </dl>
            })}
            <p class="actions">
                {choices.into_iter().map(|how| {
                    let (class, label) = match how {
                        Settle::UseOther => ("button use-other", T::SyncUseOther),
                        Settle::Keep if r.fields.is_empty() => ("button keep", T::SyncKeepRecord),
                        Settle::Keep => ("button keep", T::SyncKeepKept),
                        Settle::Delete => ("button danger delete-anyway", T::SyncDeleteAnyway),
                    };
                    let r = r.clone();
                    view! { <button type="button" class=class on:click=move |_| settle(app, r.clone(), how)>{app.t(label)}</button> }
                }).collect_view()}
            </p>
        </li>
    }
}

fn settle(app: App, review: Review, how: Settle) {
    spawn_local(async move {
        let deleted = how == Settle::Delete;
        match app.resolve_review(review, how).await {
            Ok(()) => app.info(app.t(if deleted { T::Deleted } else { T::Saved })),
            Err(refused) if !refused.is_empty() => app.tell_refused(&refused),
            Err(_) => {}
        }
    });
}

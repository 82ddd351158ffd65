//! Shown on every page when this device had records and the database is
//! gone at start (see `state::Stored`): says so plainly and offers the last
//! backup, instead of an empty CRM as if nothing had happened.

use leptos::prelude::*;

use crate::i18n::{self, fill, Noun, T};
use crate::model::time;
use crate::ui::state::use_app;
use crate::ui::widgets::bundle_import::BundleImport;
use crate::web;

#[component]
pub fn EvictedNotice() -> impl IntoView {
    let app = use_app();
    let when = move |at: &str| time::parse(at).map(|t| i18n::format_datetime(app.lang.get(), t, web::utc_offset_minutes())).unwrap_or_default();
    let imported = Callback::new(move |_| {
        if !app.read_untracked(|c| c.is_empty()) {
            app.start_empty();
        }
    });
    move || {
        app.evicted.get().map(|had| {
            let lang = app.lang.get();
            let body = fill(lang.t(T::EvictedBody), &[("records", &i18n::count(lang, had.records as i64, Noun::Record)), ("saved", &when(&had.saved_at))]);
            let backup = match &had.exported_at {
                Some(at) => fill(lang.t(T::EvictedExported), &[("exported", &when(at))]),
                None => lang.t(T::EvictedNeverExported).to_string(),
            };
            view! {
                <section class="evicted error-summary" role="alert" id="evicted" aria-labelledby="evicted-title">
                    <h2 id="evicted-title">{app.t(T::EvictedTitle)}</h2>
                    <p>{body}</p>
                    <p>{backup}</p>
                    <div class="actions">
                        <BundleImport compact=true on_done=imported id="evicted-import" />
                        <button type="button" class="button" id="start-empty" on:click=move |_| app.start_empty()>{app.t(T::EvictedStartEmpty)}</button>
                    </div>
                </section>
            }
        })
    }
}

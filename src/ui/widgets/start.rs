//! The first screen of an empty database: the three ways to start (a demo,
//! your own data, a first record) in one card, so nobody lands on a
//! dashboard of zeros.

use leptos::prelude::*;

use crate::i18n::T;
use crate::ui::routes::link;
use crate::ui::state::{use_app, App};
use crate::ui::widgets::bundle_import::BundleImport;
use crate::ui::widgets::vcard_import::VcardImport;
use crate::web;

/// Fills the database with the demo company (Settings and the first screen).
pub async fn load_demo(app: App) {
    match crate::ui::chunks::demo_task(app).await {
        Ok(task) => task.await,
        Err(_) => app.error(app.lang.get_untracked().t(T::PartFailed)),
    }
}

/// [`load_demo`]'s work, in the `demo` chunk.
pub(crate) async fn add_demo(app: App) {
    let now = web::now();
    let offset = web::offset_at(now);
    let defaults = app.default_stages();
    // Sample records stand for customers you already have: like an
    // import, they set off no rule (no 20 welcome emails).
    match app.commit_import(move |crm, ctx| crm.add_demo(&defaults, now, offset, ctx)).await {
        Ok(_) => app.info(app.lang.get_untracked().t(T::DemoLoaded)),
        // A store failure was told already; a refusal is told here.
        Err(e) => app.tell_refused(&e.refused()),
    }
}

#[component]
pub fn GettingStarted() -> impl IntoView {
    let app = use_app();
    let loading = RwSignal::new(false);
    let demo = move |_| {
        loading.set(true);
        leptos::task::spawn_local(async move {
            load_demo(app).await;
            loading.set(false);
        });
    };
    view! {
        <section class="card start" id="getting-started" aria-labelledby="start-title">
            <h2 id="start-title">{move || app.t(T::StartTitle)}</h2>
            <ol class="start-ways">
                <li>
                    <h3>{move || app.t(T::StartDemo)}</h3>
                    <p class="hint">{move || app.t(T::LoadDemoHint)}</p>
                    <button type="button" class="button primary" id="load-demo" on:click=demo prop:disabled=move || loading.get()>
                        {move || app.t(T::LoadDemo)}
                    </button>
                </li>
                <li>
                    <h3>{move || app.t(T::StartImport)}</h3>
                    <p class="hint">{move || app.t(T::StartImportHint)}</p>
                    <div class="start-imports">
                        <BundleImport compact=true />
                        <a class="button" id="start-csv" href=link(crate::ui::routes::csv_import_href(crate::csv::fields::Target::Contact))>{move || app.t(T::StartCsv)}</a>
                        <VcardImport compact=true />
                    </div>
                </li>
                <li>
                    <h3>{move || app.t(T::StartScratch)}</h3>
                    <p class="hint">{move || app.t(T::StartScratchHint)}</p>
                    <a class="button" id="start-organization" href=link("/organizations/new")>{move || app.t(T::StartFirstOrganization)}</a>
                </li>
            </ol>
        </section>
    }
}

//! Settings: language, theme, your name, storage, backup and data.

use leptos::prelude::*;

use crate::bundle;
use crate::i18n::{self, format_bytes, Lang, T};
use crate::model::{time, Crm};
use crate::store::{storage_info, FileWrites};
use crate::ui::routes::link;
use crate::ui::state::{use_app, App, Theme};
use crate::ui::widgets::bundle_import::BundleImport;
use crate::ui::widgets::confirm::Confirm;
use crate::ui::widgets::pipeline_card::PipelineCard;
use crate::ui::widgets::start::load_demo;
use crate::ui::widgets::supplier_card::{SlaDefaultsCard, SupplierCard};
use crate::ui::widgets::sync::SyncCard;
use crate::ui::widgets::team::TeamCard;
use crate::ui::widgets::vcard_import::VcardImport;
use crate::web;

#[component]
pub fn SettingsPage() -> impl IntoView {
    let app = use_app();
    let persisted = RwSignal::new(None::<bool>);
    let usage = RwSignal::new(None::<(f64, f64)>);
    let refresh_storage = move || {
        leptos::task::spawn_local(async move {
            let info = storage_info().await;
            persisted.set(info.persisted);
            if let (Some(u), Some(q)) = (info.usage, info.quota) {
                usage.set(Some((u, q)));
            }
        })
    };
    refresh_storage();

    let wipe_open = RwSignal::new(false);

    let confidential = RwSignal::new(false);
    let export = move |_| {
        leptos::task::spawn_local(async move {
            app.busy.set(Some(T::Exporting));
            web::yield_to_browser().await;
            let result = export_bundle(app, confidential.get_untracked()).await;
            app.busy.set(None);
            match result {
                Ok(()) => app.note_export().await,
                Err(e) => app.error(e),
            }
            refresh_storage();
        });
    };

    let wipe = move || {
        leptos::task::spawn_local(async move {
            if app.replace_all(Vec::new(), None, FileWrites::clear(), Crm::new).await.is_ok() {
                app.info(app.lang.get_untracked().t(T::WipeDone));
            }
            refresh_storage();
        });
    };

    let last_export = move || {
        let lang = app.lang.get();
        match app.last_export.get().and_then(|s| time::parse(&s)) {
            Some(t) => format!("{}: {}", lang.t(T::LastBackup), i18n::format_datetime(lang, t, web::utc_offset_minutes())),
            None => lang.t(T::NeverBackedUp).to_string(),
        }
    };

    view! {
        <div class="page settings-page">
            <header class="page-head"><h1>{move || app.t(T::NavSettings)}</h1></header>
            <section class="card">
                <div class="grid">
                    <div class="field">
                        <label for="f-lang">{move || app.t(T::SettingsLanguage)}</label>
                        <select id="f-lang" on:change=move |ev| {
                            if let Some(l) = Lang::parse(&event_target_value(&ev)) {
                                web::set_pref("lang", l.code());
                                app.lang.set(l);
                            }
                        }>
                            <option value="cs" selected=move || app.lang.get() == Lang::Cs>"Čeština"</option>
                            <option value="en" selected=move || app.lang.get() == Lang::En>"English"</option>
                        </select>
                    </div>
                    <div class="field">
                        <label for="f-theme">{move || app.t(T::SettingsTheme)}</label>
                        <select id="f-theme" on:change=move |ev| {
                            let t = Theme::parse(&event_target_value(&ev));
                            web::set_pref("theme", t.code());
                            app.theme.set(t);
                        }>
                            {[(Theme::System, T::ThemeSystem), (Theme::Light, T::ThemeLight), (Theme::Dark, T::ThemeDark)].into_iter().map(|(t, label)| view! {
                                <option value=t.code() selected=move || app.theme.get() == t>{move || app.t(label)}</option>
                            }).collect_view()}
                        </select>
                    </div>
                </div>
                <label class="check">
                    <input type="checkbox" id="follow-new-contacts" prop:checked=move || app.follow_new_contacts.get() on:change=move |ev| app.set_follow_new_contacts(event_target_checked(&ev)) />
                    " "{move || app.t(T::FollowNewContacts)}
                </label>
                <p class="hint">{move || app.t(T::FollowNewContactsHint)}" "<a href=link("/rules")>{move || app.t(T::NavAutomation)}</a></p>
            </section>
            <TeamCard />
            <PipelineCard />
            <SupplierCard />
            <SlaDefaultsCard />
            <SyncCard />
            <section class="card" aria-labelledby="storage-title">
                <h2 id="storage-title">{move || app.t(T::SettingsStorage)}</h2>
                <p id="storage-persisted">{move || app.t(match persisted.get() {
                    Some(true) => T::StoragePersistent,
                    Some(false) => T::StorageNotPersistent,
                    None => T::StorageUnknown,
                })}</p>
                <p id="storage-usage">{move || usage.get().map(|(u, q)| {
                    let lang = app.lang.get();
                    format!("{}: {} {} {}", lang.t(T::StorageUsed), format_bytes(lang, u as u64), lang.t(T::Of), format_bytes(lang, q as u64))
                })}</p>
                <p id="storage-files">{move || {
                    let lang = app.lang.get();
                    let (n, bytes) = app.read_all(|c| c.attachment_totals());
                    format!("{}: {n} ({})", lang.t(T::StorageFiles), format_bytes(lang, bytes))
                }}</p>
                <p id="record-counts">{move || {
                    let lang = app.lang.get();
                    let (o, c) = app.read_all(|c| (c.organization_count() as i64, c.contact_count() as i64));
                    format!("{}: {}, {}", lang.t(T::StorageRecords), i18n::count(lang, o, i18n::Noun::Organization), i18n::count(lang, c, i18n::Noun::Contact))
                }}</p>
            </section>
            <section class="card" aria-labelledby="data-title">
                <h2 id="data-title">{move || app.t(T::SettingsData)}</h2>
                <div class="setting">
                    <button type="button" class="button primary" id="export-bundle" on:click=export>{move || app.t(T::ExportBundle)}</button>
                    <p class="hint">{move || app.t(T::ExportHint)}</p>
                    <label class="check">
                        <input type="checkbox" id="export-confidential" prop:checked=move || confidential.get() on:change=move |ev| confidential.set(event_target_checked(&ev)) />
                        " "{move || app.t(T::ExportConfidential)}
                    </label>
                    <p class="hint">{move || app.t(T::ExportConfidentialHint)}</p>
                    <p class="hint" id="last-export">{last_export}</p>
                </div>
                <BundleImport on_done=Callback::new(move |_| refresh_storage()) />
                <VcardImport />
                <fieldset class="setting">
                    <legend>{move || app.t(T::ImportCsv)}</legend>
                    <p class="hint">{move || app.t(T::ImportCsvHint)}</p>
                    <p class="actions">
                        {crate::csv::fields::Target::ALL.iter().map(|t| {
                            let t = *t;
                            view! { <a class="button" href=link(crate::ui::routes::csv_import_href(t))>{move || app.t(crate::i18n::csv_import_title(t))}</a> }
                        }).collect_view()}
                    </p>
                </fieldset>
                <div class="setting">
                    <button type="button" class="button" id="load-demo" on:click=move |_| {
                        leptos::task::spawn_local(async move {
                            load_demo(app).await;
                            refresh_storage();
                        })
                    }>{move || app.t(T::LoadDemo)}</button>
                    <p class="hint">{move || app.t(T::LoadDemoHint)}</p>
                </div>
                <div class="setting">
                    <button type="button" class="button danger" id="wipe-all" on:click=move |_| wipe_open.set(true)>{move || app.t(T::WipeAll)}</button>
                </div>
            </section>
            <Confirm open=wipe_open message=Signal::derive(move || app.t(T::WipeConfirm).to_string()) confirm_label=T::WipeAll on_confirm=wipe />
        </div>
    }
}

/// Downloads the whole CRM as a bundle with its files' bytes, one file at a
/// time: each part leaves wasm memory at once, so the backup is never
/// there whole. Attachments whose bytes this device lacks are left out
/// (a bundle with them would not import).
async fn export_bundle(app: App, confidential: bool) -> Result<(), String> {
    let lang = app.lang.get_untracked();
    let store_error = |e: crate::store::StoreError| crate::ui::errors::store_error(lang, &e);
    let have = app.file_ids().await.map_err(store_error)?;
    let now = web::now();
    const JSON: &str = "application/json";
    // The records go to the browser a megabyte at a time, as they are
    // written: the whole bundle never sits in wasm memory.
    let mut parts = web::BlobParts::new();
    let files = {
        let _s = web::Span::start("export:serialize");
        app.read_untracked(|c| bundle::write_head(c, now, |a| (confidential || !a.confidential) && have.contains(&a.id), |part| parts.push(part)))
    };
    for (i, id) in files.0.iter().enumerate() {
        let file = app.read_file(*id).await.map_err(store_error)?.ok_or_else(|| lang.t(T::FileContentsMissing).to_string())?;
        let bytes = web::blob_bytes(&file).await?;
        let mut part = files.open(i);
        part.push_str(&bundle::base64::encode(&bytes));
        part.push_str(bundle::FILE_CLOSE);
        parts.push(part.as_bytes());
    }
    parts.push(files.end().as_bytes());
    // Named by the user's local date, not UTC's.
    let local = now + chrono::Duration::minutes(i64::from(web::utc_offset_minutes()));
    let name = format!("vizitka-{}.json", time::format_date(local.date_naive()));
    web::download_blob(&name, &parts.into_blob(JSON)?)
}

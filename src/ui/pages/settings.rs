//! Settings: language, theme, your name, storage, backup and data.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::bundle::{self, combine, ImportMode};
use crate::i18n::{self, format_bytes, Lang, T};
use crate::model::demo::{generate, DEMO_SEED};
use crate::model::{time, Crm};
use crate::store::{segments, storage_info, FileWrites};
use crate::ui::state::{use_app, App, Theme};
use crate::ui::widgets::confirm::Confirm;
use crate::ui::widgets::pipeline_card::PipelineCard;
use crate::ui::widgets::supplier_card::SupplierCard;
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

    let mode = RwSignal::new(ImportMode::Merge);
    let import_error = RwSignal::new(None::<String>);
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

    let import = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = match ev.target().and_then(|t| t.dyn_into().ok()) {
            Some(i) => i,
            None => return,
        };
        let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
        input.set_value("");
        import_error.set(None);
        leptos::task::spawn_local(async move {
            let lang = app.lang.get_untracked();
            if file.size() > bundle::MAX_BYTES as f64 {
                let e = bundle::ImportError::TooLarge { bytes: file.size() as usize };
                import_error.set(Some(i18n::import_error(lang, &e)));
                return;
            }
            let read = web::Span::start("import:read");
            // The browser reads the file while the progress notice paints.
            let reading = web::read_file(&file);
            app.busy.set(Some(T::Importing));
            web::yield_to_browser().await;
            let bytes = reading.await;
            drop(read);
            let (bytes, buffer) = match bytes {
                Ok(b) => b,
                Err(e) => {
                    app.busy.set(None);
                    import_error.set(Some(e));
                    return;
                }
            };
            let parsed = {
                let _s = web::Span::start("import:parse");
                bundle::parse_with_spans(&bytes)
            };
            let result = match parsed {
                Ok((mut b, spans)) => {
                    // The files go to their own store, typed as their attachments say.
                    let types: std::collections::HashMap<uuid::Uuid, String> =
                        b.records.attachments.iter().map(|a| (a.id, a.media_type.clone())).collect();
                    let put =
                        std::mem::take(&mut b.files).into_iter().map(|f| (f.id, types.get(&f.id).cloned().unwrap_or_default(), f.bytes)).collect();
                    let files = FileWrites { clear: mode.get_untracked() == ImportMode::ReplaceAll, put };
                    let (segments, file, build): (_, _, Box<dyn FnOnce() -> Crm>) = match mode.get_untracked() {
                        // A replace stores each record as the file has it,
                        // and indexes the records while the browser writes.
                        ImportMode::ReplaceAll => {
                            let segments = {
                                let _s = web::Span::start("import:encode");
                                segments::encode_bundle(&b, spans.as_ref().map(|s| (&bytes[..], s)))
                            };
                            (segments, Some(buffer), Box::new(move || combine(&Crm::new(), b, ImportMode::ReplaceAll)))
                        }
                        ImportMode::Merge => {
                            let merged = app.crm.with_untracked(|c| combine(c, b, ImportMode::Merge));
                            (segments::encode(&merged), None, Box::new(move || merged))
                        }
                    };
                    drop(bytes);
                    app.replace_all(segments, file, files, build).await.map_err(|e| i18n::store_error(lang, &e))
                }
                Err(e) => Err(i18n::import_error(lang, &e)),
            };
            app.busy.set(None);
            match result {
                Ok(()) => app.info(lang.t(T::ImportDone)),
                Err(e) => import_error.set(Some(e)),
            }
            refresh_storage();
        });
    };

    let load_demo = move |_| {
        leptos::task::spawn_local(async move {
            let now = web::now();
            let (orgs, contacts) = generate(DEMO_SEED, 5, 20, now);
            let defaults = app.default_stages();
            // Sample records stand for customers you already have: like an
            // import, they set off no rule (no 20 welcome emails).
            if app.commit_import(move |crm, ctx| crm.add_demo(orgs, contacts, &defaults, now, ctx)).await.is_ok() {
                app.info(app.lang.get_untracked().t(T::DemoLoaded));
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
                <p class="hint">{move || app.t(T::FollowNewContactsHint)}" "<a href="/rules">{move || app.t(T::NavAutomation)}</a></p>
            </section>
            <TeamCard />
            <PipelineCard />
            <SupplierCard />
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
                    let (n, bytes) = app.crm.with(|c| c.attachment_totals());
                    format!("{}: {n} ({})", lang.t(T::StorageFiles), format_bytes(lang, bytes))
                }}</p>
                <p id="record-counts">{move || {
                    let (o, c) = app.crm.with(|c| (c.organization_count(), c.contact_count()));
                    format!("{}: {o} {}, {c} {}", app.t(T::StorageRecords), app.t(T::CountOrganizations), app.t(T::CountContacts))
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
                <fieldset class="setting">
                    <legend>{move || app.t(T::ImportBundle)}</legend>
                    <label class="check">
                        <input type="radio" name="import-mode" value="merge" prop:checked=move || mode.get() == ImportMode::Merge on:change=move |_| mode.set(ImportMode::Merge) />
                        " "{move || app.t(T::ImportModeMerge)}
                    </label>
                    <label class="check">
                        <input type="radio" name="import-mode" value="replace" prop:checked=move || mode.get() == ImportMode::ReplaceAll on:change=move |_| mode.set(ImportMode::ReplaceAll) />
                        " "{move || app.t(T::ImportModeReplace)}
                    </label>
                    <label class="file">
                        {move || app.t(T::ImportChooseFile)}
                        <input type="file" id="import-file" accept=".json,application/json" on:change=import />
                    </label>
                    {move || import_error.get().map(|e| view! {
                        <div class="error-summary" role="alert" id="import-error">
                            <strong>{app.t(T::ImportRefused)}</strong>
                            <pre>{e}</pre>
                        </div>
                    })}
                </fieldset>
                <VcardImport />
                <fieldset class="setting">
                    <legend>{move || app.t(T::ImportCsv)}</legend>
                    <p class="hint">{move || app.t(T::ImportCsvHint)}</p>
                    <p class="actions">
                        {crate::csv::import::Target::ALL.iter().map(|t| {
                            let t = *t;
                            view! { <a class="button" href=crate::ui::pages::csv_import::import_href(t)>{move || app.t(crate::ui::pages::csv_import::target_title(t))}</a> }
                        }).collect_view()}
                    </p>
                </fieldset>
                <div class="setting">
                    <button type="button" class="button" id="load-demo" on:click=load_demo>{move || app.t(T::LoadDemo)}</button>
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
/// time: each part becomes a Blob at once, so the backup is never in wasm
/// memory whole. Attachments whose bytes this device lacks are left out
/// (a bundle with them would not import).
async fn export_bundle(app: App, confidential: bool) -> Result<(), String> {
    let lang = app.lang.get_untracked();
    let store_error = |e: crate::store::StoreError| i18n::store_error(lang, &e);
    let have = app.file_ids().await.map_err(store_error)?;
    let now = web::now();
    let parts = {
        let _s = web::Span::start("export:serialize");
        app.crm.with_untracked(|c| bundle::export_parts(c, now, |a| (confidential || !a.confidential) && have.contains(&a.id)))
    };
    const JSON: &str = "application/json";
    let mut blobs = vec![web::blob(JSON, parts.head.as_bytes())?];
    for (i, id) in parts.files.iter().enumerate() {
        let file = app.read_file(*id).await.map_err(store_error)?.ok_or_else(|| lang.t(T::FileContentsMissing).to_string())?;
        let bytes = web::blob_bytes(&file).await?;
        let mut part = parts.file_open(i);
        part.push_str(&bundle::base64::encode(&bytes));
        part.push_str(bundle::FILE_CLOSE);
        blobs.push(web::blob(JSON, part.as_bytes())?);
    }
    blobs.push(web::blob(JSON, parts.end().as_bytes())?);
    // Named by the user's local date, not UTC's.
    let local = now + chrono::Duration::minutes(i64::from(web::utc_offset_minutes()));
    let name = format!("vizitka-{}.json", time::format_date(local.date_naive()));
    web::download_blob(&name, &web::join_blobs(JSON, &blobs)?)
}

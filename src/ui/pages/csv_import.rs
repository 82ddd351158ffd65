//! Import a CSV file as contacts, organizations, leads or products: pick
//! the file, check how its columns map to fields (guessed from the
//! headers; a mapping can be saved for the next file from the same
//! place), look at the first rows, choose what happens to rows matching a
//! record, check the rows, then import the good ones in one transaction
//! (or none). Rejected rows can be downloaded to fix.

use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::csv::fields::{Key, Mode, Target};
use crate::csv::import::{auto_map, rejected_rows, Mapping, Plan, Rejected, SavedMapping, Table};
use crate::i18n::{self, Lang, T};
use crate::model::Ctx;
use crate::ui::routes::link;
use crate::ui::state::{use_app, App};
use crate::web;

/// Rows shown before importing.
const PREVIEW_ROWS: usize = 20;
/// Rejected rows listed on the page (all are in the download).
const LISTED_REJECTED: usize = 100;
const MAPPINGS_PREF: &str = "csv-mappings";

fn saved_mappings() -> Vec<SavedMapping> {
    web::pref(MAPPINGS_PREF).and_then(|s| serde_json::from_str(&s).ok()).unwrap_or_default()
}

fn store_mappings(all: &[SavedMapping]) {
    if let Ok(s) = serde_json::to_string(all) {
        web::set_pref(MAPPINGS_PREF, &s);
    }
}

/// A rejected row's problems in words: "E-mail 1 - Value: not an email address".
fn reasons(lang: Lang, table: &Table, r: &Rejected) -> String {
    r.problems
        .iter()
        .map(|p| {
            let column = p.column.and_then(|c| table.header.get(c)).cloned().unwrap_or_else(|| i18n::field(lang, &p.field));
            format!("{column}: {}", i18n::problem(lang, &p.problem))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn plan(app: App, target: Target, table: &Table, mapping: &Mapping, mode: Mode) -> Plan {
    let lang = app.lang.get_untracked();
    let me = app.me.get_untracked();
    app.read_untracked(|crm| {
        let mut next = web::fresh_id;
        let mut ctx = Ctx { now: web::now(), me, new_id: &mut next };
        crm.plan_csv_import(target, table, mapping, mode, lang, &mut ctx)
    })
}

#[component]
pub fn CsvImportPage() -> impl IntoView {
    let params = use_params_map();
    let target = move || params.with(|p| p.get("target").and_then(|t| Target::parse(&t)));
    view! {
        {move || match target() {
            Some(t) => view! { <CsvImport target=t /> }.into_any(),
            None => view! { <crate::ui::pages::not_found::NotFound /> }.into_any(),
        }}
    }
}

#[component]
fn CsvImport(target: Target) -> impl IntoView {
    let app = use_app();
    let navigate = StoredValue::new_local(use_navigate());
    let table: RwSignal<Option<Arc<Table>>> = RwSignal::new(None);
    let file_name = RwSignal::new(String::new());
    let mapping: RwSignal<Mapping> = RwSignal::new(Vec::new());
    let mode = RwSignal::new(Mode::Both);
    let checked: RwSignal<Option<Arc<Plan>>> = RwSignal::new(None);
    let problem = RwSignal::new(None::<String>);
    let importing = RwSignal::new(false);
    let mappings = RwSignal::new(saved_mappings());
    let mapping_name = RwSignal::new(String::new());

    // What was checked no longer holds once the mapping or mode changes.
    Effect::new(move |_| {
        mapping.track();
        mode.track();
        checked.set(None);
    });

    let pick = move |ev: leptos::ev::Event| {
        let Some(file) = web::take_picked_file(&ev) else { return };
        problem.set(None);
        table.set(None);
        leptos::task::spawn_local(async move {
            let lang = app.lang.get_untracked();
            // Refused before it is read: a file of gigabytes would not fit.
            if file.size() > crate::csv::MAX_BYTES as f64 {
                return problem.set(Some(i18n::csv_error(lang, &crate::csv::CsvError::TooLarge { bytes: file.size() as usize })));
            }
            let bytes = match web::read_file(&file).await {
                Ok((bytes, _)) => bytes,
                Err(e) => return problem.set(Some(e)),
            };
            let t = match crate::csv::read(&bytes) {
                Ok(records) => Table::new(records),
                Err(e) => return problem.set(Some(i18n::csv_error(lang, &e))),
            };
            // A mapping saved for exactly these headers is used at once.
            let saved = mappings.with_untracked(|all| {
                all.iter().find(|m| m.target == target && m.columns.iter().map(|(h, _)| h).eq(t.header.iter())).map(|m| m.apply(&t.header))
            });
            mapping.set(saved.unwrap_or_else(|| auto_map(target, &t.header)));
            file_name.set(file.name());
            table.set(Some(Arc::new(t)));
        });
    };

    let check = move |_| {
        let Some(t) = table.get_untracked() else { return };
        let p = mapping.with_untracked(|m| plan(app, target, &t, m, mode.get_untracked()));
        checked.set(Some(Arc::new(p)));
    };

    let import = move |_| {
        let Some(t) = table.get_untracked() else { return };
        if importing.get_untracked() {
            return;
        }
        importing.set(true);
        let m = mapping.get_untracked();
        let md = mode.get_untracked();
        leptos::task::spawn_local(async move {
            let lang = app.lang.get_untracked();
            let summary = std::rc::Rc::new(std::cell::RefCell::new(None::<Plan>));
            let seen = summary.clone();
            let result = app
                .commit_import(move |crm, ctx| {
                    let mut p = crm.plan_csv_import(target, &t, &m, md, lang, ctx);
                    let changes = std::mem::take(&mut p.changes);
                    *seen.borrow_mut() = Some(p);
                    Ok(changes)
                })
                .await;
            importing.set(false);
            if result.is_ok() {
                if let Some(p) = summary.borrow().as_ref() {
                    app.info(format!("{}: {}", lang.t(T::CsvImported), i18n::import_counts(lang, p.created, p.updated, p.organizations)));
                }
                navigate.with_value(|n| n(crate::ui::routes::list_href(target.kind()), Default::default()));
            }
        });
    };

    let download_rejected = move |_| {
        let (Some(t), Some(p)) = (table.get_untracked(), checked.get_untracked()) else { return };
        let lang = app.lang.get_untracked();
        let rows = rejected_rows(&t, &p, |r| reasons(lang, &t, r), lang.t(T::CsvProblem));
        if let Err(e) = crate::ui::csv_export::download(lang, &format!("{}-rejected", target.code()), &rows) {
            app.error(format!("{}: {e}", lang.t(T::ExportFailed)));
        }
    };

    let save_mapping = move |_| {
        let name = mapping_name.get_untracked();
        let Some(t) = table.get_untracked() else { return };
        if name.trim().is_empty() {
            return;
        }
        let saved = mapping.with_untracked(|m| SavedMapping::new(&name, target, &t.header, m));
        mappings.update(|all| {
            all.retain(|m| !(m.target == target && m.name == saved.name));
            all.push(saved);
            store_mappings(all);
        });
        mapping_name.set(String::new());
        app.info(app.t(T::MappingSaved));
    };

    let apply_saved = move |ev: leptos::ev::Event| {
        let name = event_target_value(&ev);
        let Some(t) = table.get_untracked() else { return };
        if let Some(m) = mappings.with_untracked(|all| all.iter().find(|m| m.target == target && m.name == name).map(|m| m.apply(&t.header))) {
            mapping.set(m);
        }
    };

    view! {
        <div class="page form-page csv-import">
            <header class="page-head">
                <h1>{move || app.t(i18n::csv_import_title(target))}</h1>
                <div class="actions">
                    <a class="button" href=link(crate::ui::routes::list_href(target.kind()))>{move || app.t(T::Cancel)}</a>
                </div>
            </header>
            <p class="hint">{move || app.t(T::CsvImportHint)}</p>
            <label class="file">
                {move || app.t(T::ChooseCsv)}
                <input type="file" id="csv-file" accept=".csv,.txt,text/csv" on:change=pick />
            </label>
            {move || problem.get().map(|e| view! {
                <div class="error-summary" role="alert" id="csv-error">
                    <strong>{app.t(T::CsvUnreadable)}</strong>
                    <p>{e}</p>
                </div>
            })}
            {move || table.get().map(|t| {
                let rows = t.rows.iter().filter(|r| !r.iter().all(|c| c.trim().is_empty())).count();
                view! {
                    <p class="csv-file-info" id="csv-info">{move || format!("{} · {}: {}", file_name.get(), app.t(T::CsvRows), rows)}</p>
                }
            })}
            <Show when=move || table.with(Option::is_some)>
                <section class="csv-mapping">
                    <h2>{move || app.t(T::CsvColumns)}</h2>
                    <div class="mapping-tools">
                        <Show when=move || mappings.with(|all| all.iter().any(|m| m.target == target))>
                            <label class="inline">
                                {move || app.t(T::SavedMappings)}
                                <select id="saved-mapping" on:change=apply_saved>
                                    <option value="">"—"</option>
                                    {move || mappings.get().into_iter().filter(|m| m.target == target).map(|m| view! { <option value=m.name.clone()>{m.name.clone()}</option> }).collect_view()}
                                </select>
                            </label>
                        </Show>
                        <input
                            type="text"
                            id="mapping-name"
                            maxlength="60"
                            placeholder=move || app.t(T::MappingName)
                            aria-label=move || app.t(T::MappingName)
                            prop:value=move || mapping_name.get()
                            on:input=move |ev| mapping_name.set(event_target_value(&ev))
                        />
                        <button type="button" class="button" id="save-mapping" on:click=save_mapping prop:disabled=move || mapping_name.with(|n| n.trim().is_empty())>
                            {move || app.t(T::SaveMapping)}
                        </button>
                    </div>
                    {mapping_list(target, table, mapping)}
                </section>
                {preview(table, mapping)}
                <fieldset class="csv-mode">
                    <legend>{move || app.t(T::CsvMode)}</legend>
                    {[(Mode::Both, T::ModeBoth), (Mode::Create, T::ModeCreate), (Mode::Update, T::ModeUpdate)].into_iter().map(|(m, label)| view! {
                        <label class="radio">
                            <input type="radio" name="csv-mode" value=m.code() prop:checked=move || mode.get() == m on:change=move |_| mode.set(m) />
                            {move || app.t(label)}
                        </label>
                    }).collect_view()}
                    <p class="hint">{move || app.t(i18n::csv_match_hint(target))}</p>
                </fieldset>
                <div class="csv-actions">
                    <button type="button" class="button primary" id="csv-check" on:click=check>{move || app.t(T::CsvCheck)}</button>
                </div>
                {move || checked.get().map(|p| check_result(p, table.get_untracked().unwrap_or_default(), target, importing, import, download_rejected))}
            </Show>
        </div>
    }
}

/// Each column with a sample of its values and the field it fills (or
/// none), guessed from its header and changeable.
fn mapping_list(target: Target, table: RwSignal<Option<std::sync::Arc<Table>>>, mapping: RwSignal<Mapping>) -> impl IntoView {
    let app = use_app();
    let columns = move || {
        let Some(t) = table.get() else { return Vec::new() };
        t.header
            .iter()
            .enumerate()
            .map(|(i, h)| {
                let sample: Vec<String> =
                    t.rows.iter().filter_map(|r| r.get(i)).map(|c| c.trim()).filter(|c| !c.is_empty()).take(3).map(str::to_string).collect();
                (i, h.clone(), sample.join(" · "))
            })
            .collect::<Vec<_>>()
    };
    view! {
        <div class="mapping-list">
            {move || columns().into_iter().map(|(i, header, sample)| {
                let id = format!("map-{i}");
                view! {
                    <div class="mapping-row">
                        <label for=id.clone()>
                            <strong>{header}</strong>
                            <span class="hint">{sample}</span>
                        </label>
                        <select
                            id=id
                            class:skipped=move || mapping.with(|m| m.get(i).copied().flatten().is_none())
                            on:change=move |ev| {
                                let k = Key::parse(&event_target_value(&ev));
                                mapping.update(|m| if let Some(slot) = m.get_mut(i) { *slot = k });
                            }
                        >
                            <option value="" selected=move || mapping.with(|m| m.get(i).copied().flatten().is_none())>{move || app.t(T::SkipColumn)}</option>
                            {target.keys().iter().map(|k| {
                                let k = *k;
                                view! { <option value=k.code() selected=move || mapping.with(|m| m.get(i).copied().flatten() == Some(k))>{move || app.t(i18n::csv_key(k))}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                }
            }).collect_view()}
        </div>
    }
}

/// The first rows as the file has them, each column headed by its field.
fn preview(table: RwSignal<Option<std::sync::Arc<Table>>>, mapping: RwSignal<Mapping>) -> impl IntoView {
    let app = use_app();
    view! {
        <section class="csv-preview">
            <h2>{move || format!("{} ({})", app.t(T::CsvPreview), PREVIEW_ROWS)}</h2>
            <div class="scroll-x">
                <table class="preview" id="csv-preview">
                    <thead>
                        <tr>
                            <th>"#"</th>
                            {move || table.get().map(|t| t.header.iter().enumerate().map(|(i, h)| view! {
                                <th>
                                    {h.clone()}
                                    <span class="mapped">{move || mapping.with(|m| m.get(i).copied().flatten().map(|k| app.t(i18n::csv_key(k)).to_string()).unwrap_or_else(|| "—".into()))}</span>
                                </th>
                            }).collect_view())}
                        </tr>
                    </thead>
                    <tbody>
                        {move || table.get().map(|t| t.rows.iter().enumerate().filter(|(_, r)| !r.iter().all(|c| c.trim().is_empty())).take(PREVIEW_ROWS).map(|(n, r)| view! {
                            <tr>
                                <td class="num">{Table::row_number(n)}</td>
                                {(0..t.header.len()).map(|i| view! { <td>{r.get(i).cloned().unwrap_or_default()}</td> }).collect_view()}
                            </tr>
                        }).collect_view())}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

/// What a check found: how many rows make or update records, those that
/// look like records there already, the rejected rows with their reasons
/// (and their CSV to fix), and the buttons to import the good rows or
/// nothing.
fn check_result(
    p: Arc<Plan>,
    t: Arc<Table>,
    target: Target,
    importing: RwSignal<bool>,
    import: impl Fn(leptos::ev::MouseEvent) + 'static,
    download_rejected: impl Fn(leptos::ev::MouseEvent) + 'static,
) -> impl IntoView {
    let app = use_app();
    let lang = app.lang.get();
    let good = p.good_rows();
    let listed: Vec<(usize, String)> = p.rejected.iter().take(LISTED_REJECTED).map(|r| (Table::row_number(r.index), reasons(lang, &t, r))).collect();
    let rejected = p.rejected.len();
    view! {
        <section class="csv-summary" id="csv-summary" aria-live="polite">
            <h2>{lang.t(T::CsvCheckResult)}</h2>
            <ul>
                <li>{format!("{}: {}", lang.t(T::CsvWillCreate), p.created)}</li>
                <li>{format!("{}: {}", lang.t(T::CsvWillUpdate), p.updated)}</li>
                {(p.unchanged > 0).then(|| view! { <li>{format!("{}: {}", lang.t(T::CsvUnchanged), p.unchanged)}</li> })}
                {(p.skipped > 0).then(|| view! { <li>{format!("{}: {}", lang.t(T::CsvSkipped), p.skipped)}</li> })}
                {(p.organizations > 0).then(|| view! { <li>{format!("{}: {}", lang.t(T::CsvNewOrganizations), p.organizations)}</li> })}
                {(!p.look_alikes.is_empty()).then(|| {
                    let rows = p.look_alikes.iter().take(20).map(|i| Table::row_number(*i).to_string()).collect::<Vec<_>>().join(", ");
                    let more = if p.look_alikes.len() > 20 { " …" } else { "" };
                    view! { <li class="look-alikes" id="csv-look-alikes">{format!("{}: {} ({} {rows}{more})", lang.t(T::CsvLookAlikes), p.look_alikes.len(), lang.t(T::CsvRowsNumbered))}</li> }
                })}
            </ul>
            {(rejected > 0).then(|| view! {
                <div class="error-summary" id="csv-rejected">
                    <strong>{format!("{}: {rejected}", lang.t(T::CsvRejected))}</strong>
                    <ul>
                        {listed.into_iter().map(|(row, why)| view! { <li>{format!("{} {row}: {why}", lang.t(T::CsvRow))}</li> }).collect_view()}
                    </ul>
                    <button type="button" class="button" id="csv-download-rejected" on:click=download_rejected>{lang.t(T::DownloadRejected)}</button>
                </div>
            })}
            <div class="csv-actions">
                <button type="button" class="button primary" id="csv-import" on:click=import prop:disabled=move || importing.get() || good == 0>
                    {format!("{} ({good})", lang.t(if rejected > 0 { T::ImportGoodRows } else { T::ImportRows }))}
                </button>
                <a class="button" href=link(crate::ui::routes::list_href(target.kind()))>{lang.t(T::ImportNone)}</a>
            </div>
        </section>
    }
}

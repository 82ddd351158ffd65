//! What the record lists share: sortable column headers and a search that
//! filters an already sorted list of ids.

use std::sync::Arc;

use leptos::prelude::*;
use uuid::Uuid;

use crate::i18n::T;
use crate::model::search::Query;
use crate::model::Crm;
use crate::ui::state::use_app;
use crate::ui::widgets::selection::{all_box, BulkBar, Selection};
use crate::ui::widgets::virtual_list::VirtualList;

/// A column header that sorts by `by`; a second click reverses.
pub fn sort_button<S>(sort: RwSignal<(S, bool)>, by: S, label: T) -> impl IntoView
where
    S: Copy + PartialEq + Send + Sync + 'static,
{
    let app = use_app();
    let state = move || match sort.get() {
        (b, desc) if b == by => Some(desc),
        _ => None,
    };
    view! {
        <button
            type="button"
            class="sort"
            class:active=move || state().is_some()
            aria-sort=move || match state() {
                Some(false) => "ascending",
                Some(true) => "descending",
                None => "none",
            }
            on:click=move |_| sort.update(|s| *s = if s.0 == by { (by, !s.1) } else { (by, false) })
        >
            {move || app.t(label)}
            {move || match state() {
                Some(false) => " ▲",
                Some(true) => " ▼",
                None => "",
            }}
        </button>
    }
}

/// A list's records in display order, with each one's search slot.
#[derive(Debug, Default, PartialEq)]
pub struct Sorted {
    pub ids: Vec<Uuid>,
    slots: Vec<u32>,
}

/// Ids sorted by `key` (ties by id), reversed when `desc`.
pub fn sorted_ids<K: Ord>(crm: &Crm, rows: impl Iterator<Item = (K, Uuid)>, desc: bool) -> Arc<Sorted> {
    let _span = crate::web::Span::start("list:sort");
    let mut rows: Vec<(K, Uuid)> = rows.collect();
    rows.sort_unstable();
    if desc {
        rows.reverse();
    }
    let ids: Vec<Uuid> = rows.into_iter().map(|(_, id)| id).collect();
    let slots = ids.iter().map(|id| crm.search_slot(*id).unwrap_or(u32::MAX)).collect();
    Arc::new(Sorted { ids, slots })
}

/// Below this many previous results, narrowing them record by record is
/// cheaper than one scan of the whole search index.
const NARROW_BELOW: usize = 5_000;

/// The sorted ids that match the search: one scan of the search index per
/// query word. While the user types ("dvo" → "dvor") a small previous
/// result is narrowed instead.
pub fn search_results(crm: RwSignal<Crm>, sorted: Memo<Arc<Sorted>>, query: RwSignal<String>) -> Memo<Vec<Uuid>> {
    type Last = Option<(Arc<Sorted>, Query, Vec<Uuid>)>;
    let last: StoredValue<Last> = StoredValue::new(None);
    Memo::new(move |_| {
        let q = Query::new(&query.get());
        let base = sorted.get();
        if q.is_empty() {
            last.set_value(None);
            return base.ids.clone();
        }
        let result: Vec<Uuid> = crm.with(|crm| {
            last.with_value(|l| match l {
                Some((b, earlier, r)) if Arc::ptr_eq(b, &base) && r.len() < NARROW_BELOW && q.narrows(earlier) => {
                    r.iter().copied().filter(|id| crm.matches(*id, &q)).collect()
                }
                _ => {
                    let hits = crm.hits(&q);
                    base.ids.iter().zip(&base.slots).filter(|(_, s)| hits.contains(**s)).map(|(id, _)| *id).collect()
                }
            })
        });
        last.set_value(Some((base, q, result.clone())));
        result
    })
}

const ROW_HEIGHT: u32 = 56;

/// Texts and links that differ between the record lists.
pub struct ListTexts {
    pub title: T,
    pub new_href: &'static str,
    pub new_label: T,
    pub search_hint: T,
    pub empty: T,
    pub table_class: &'static str,
    /// The list's CSV export (of the rows shown), if it has one.
    pub csv: Option<crate::ui::csv_export::CsvExport>,
    /// Rows can be selected for bulk actions on records of this kind.
    pub bulk: Option<crate::model::Kind>,
}

/// A record list page: title, "new" button, search box with a result
/// count, and the sortable virtualized table (`header` is its head row).
#[component]
pub fn ListFrame<H, HV, F, V>(
    texts: ListTexts,
    query: RwSignal<String>,
    visible: Memo<Vec<Uuid>>,
    total: Memo<usize>,
    header: H,
    row: F,
) -> impl IntoView
where
    H: Fn() -> HV + Send + Sync + 'static,
    HV: IntoView + 'static,
    F: Fn(Uuid) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let app = use_app();
    let ListTexts { title, new_href, new_label, search_hint, empty, table_class, csv, bulk } = texts;
    let select = bulk.map(|_| Selection::new(visible));
    // Shown again each time the list goes from empty to not.
    let header = StoredValue::new(header);
    let row = StoredValue::new(row);
    view! {
        <div class="page list-page">
            <header class="page-head">
                <h1>{move || app.t(title)}</h1>
                <div class="actions">
                    {bulk.filter(|k| crate::ui::pages::duplicates::KINDS.iter().any(|(x, _)| x == k)).map(|k| view! {
                        <a class="button" id="duplicates" href=crate::ui::pages::duplicates::duplicates_href(k)>{move || app.t(T::Duplicates)}</a>
                    })}
                    {csv.map(|csv| view! { <FileButtons csv visible /> })}
                    <a class="button primary" href=new_href>{move || app.t(new_label)}</a>
                </div>
            </header>
            <div class="toolbar">
                <input
                    type="search"
                    class="search"
                    aria-label=move || app.t(T::Search)
                    placeholder=move || app.t(search_hint)
                    prop:value=move || query.get()
                    on:input=move |ev| query.set(event_target_value(&ev))
                />
                <span class="result-count" aria-live="polite">
                    {move || format!("{} {} {}", visible.with(Vec::len), app.t(T::Of), total.get())}
                    {move || (!app.loaded.get()).then(|| format!(" · {}", app.t(T::Loading)))}
                </span>
            </div>
            {bulk.zip(select).map(|(kind, sel)| view! { <BulkBar kind sel csv=csv /> })}
            <Show when=move || total.get() != 0 fallback=move || view! { <p class="empty">{move || app.t(empty)}</p> }>
                <div class=format!("table {table_class}")>
                    <div class="head-wrap" class:selectable=select.is_some()>
                        {select.map(all_box)}
                        <div class="row head" role="presentation">{header.with_value(|h| h())}</div>
                    </div>
                    <Show when=move || visible.with(|v| !v.is_empty()) fallback=move || view! { <p class="empty">{move || app.t(T::NoResults)}</p> }>
                        {move || match select {
                            Some(sel) => view! { <VirtualList ids=visible row_height=ROW_HEIGHT row=row.get_value() label=Signal::derive(move || app.t(title).to_string()) select=sel /> }.into_any(),
                            None => view! { <VirtualList ids=visible row_height=ROW_HEIGHT row=row.get_value() label=Signal::derive(move || app.t(title).to_string()) /> }.into_any(),
                        }}
                    </Show>
                </div>
            </Show>
        </div>
    }
}

/// A list's file buttons: import CSV, export the rows shown as CSV (and
/// as vCards, for contacts).
#[component]
pub fn FileButtons(csv: crate::ui::csv_export::CsvExport, visible: Memo<Vec<Uuid>>) -> impl IntoView {
    let app = use_app();
    let export = move |_| {
        let lang = app.lang.get_untracked();
        let rows = app.crm.with_untracked(|crm| visible.with_untracked(|ids| (csv.rows)(crm, lang, ids)));
        if let Err(e) = crate::ui::csv_export::download(lang, csv.name, &rows) {
            app.error(format!("{}: {e}", lang.t(T::ExportFailed)));
        }
    };
    view! {
        {csv.import.map(|t| view! {
            <a class="button" id="import-csv" href=crate::ui::pages::csv_import::import_href(t)>{move || app.t(T::ImportCsv)}</a>
        })}
        {csv.vcard.then(|| view! {
            <button type="button" class="button" id="export-vcard" on:click=move |_| visible.with_untracked(|ids| crate::ui::csv_export::download_vcards(app, ids)) prop:disabled=move || visible.with(Vec::is_empty)>
                "vCard"
            </button>
        })}
        <button type="button" class="button" id="export-csv" on:click=export prop:disabled=move || visible.with(Vec::is_empty)>
            {move || app.t(T::ExportCsv)}
        </button>
    }
}

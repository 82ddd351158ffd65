//! What the record lists share: sortable column headers and a search that
//! filters an already sorted list of ids.

use std::sync::Arc;

use leptos::prelude::*;
use uuid::Uuid;

use crate::i18n::T;
use crate::model::filter::{ListFilter, OwnerFilter};
use crate::model::search::Query;
use crate::model::{Crm, Kind};
use crate::ui::routes::link;
use crate::ui::routes::query_href;
use crate::ui::state::{use_app, App};
use crate::ui::widgets::selection::{all_box, Selection};
use crate::ui::widgets::virtual_list::VirtualList;
use leptos::prelude::ViewFn;
use leptos_router::hooks::{use_navigate, use_query_map};

/// The header of a column that sorts by `by` (`class` places it in the
/// row's grid): the header cell says how the list is sorted, the button in
/// it sorts, a second click reverses.
pub fn sort_header<S>(sort: RwSignal<(S, bool)>, by: S, label: T, class: &'static str) -> impl IntoView
where
    S: Copy + PartialEq + Send + Sync + 'static,
{
    let app = use_app();
    let state = move || match sort.get() {
        (b, desc) if b == by => Some(desc),
        _ => None,
    };
    view! {
        <span
            class=format!("cell {class}")
            role="columnheader"
            aria-sort=move || match state() {
                Some(false) => "ascending",
                Some(true) => "descending",
                None => "none",
            }
        >
            <button
                type="button"
                class="sort"
                class:active=move || state().is_some()
                on:click=move |_| sort.update(|s| *s = if s.0 == by { (by, !s.1) } else { (by, false) })
            >
                {move || app.t(label)}
                <span aria-hidden="true">{move || match state() {
                    Some(false) => " ▲",
                    Some(true) => " ▼",
                    None => "",
                }}</span>
            </button>
        </span>
    }
}

/// The header of a column that does not sort.
pub fn column_header(class: &'static str, label: T) -> impl IntoView {
    let app = use_app();
    view! { <span class=format!("cell {class}") role="columnheader">{move || app.t(label)}</span> }
}

/// A list's records in display order, with each one's search slot.
#[derive(Debug, Default, PartialEq)]
pub struct Sorted {
    pub ids: Ids,
    slots: Vec<u32>,
}

/// A list's rows, in order. Shared, not copied: at 100,000 records a copy
/// is 1.6 MB, and a keystroke in the search box passed the rows through
/// four memos.
pub type Ids = Arc<[Uuid]>;

/// Ids sorted by `key` (ties by id), reversed when `desc`.
pub fn sorted_ids<K: Ord>(crm: &Crm, rows: impl Iterator<Item = (K, Uuid)>, desc: bool) -> Arc<Sorted> {
    let _span = crate::web::Span::start("list:sort");
    let mut rows: Vec<(K, Uuid)> = rows.collect();
    rows.sort_unstable();
    if desc {
        rows.reverse();
    }
    let ids: Ids = rows.into_iter().map(|(_, id)| id).collect();
    let slots = ids.iter().map(|id| crm.search_slot(*id).unwrap_or(u32::MAX)).collect();
    Arc::new(Sorted { ids, slots })
}

/// Below this many previous results, narrowing them record by record is
/// cheaper than one scan of the whole search index.
const NARROW_BELOW: usize = 5_000;

/// The sorted ids that match the search: one scan of the search index per
/// query word. While the user types ("dvo" → "dvor") a small previous
/// result is narrowed instead. `kinds` are those the list's search keys
/// are made of (a contact is found by its organization's name too).
pub fn search_results(app: App, kinds: &'static [Kind], sorted: Memo<Arc<Sorted>>, query: RwSignal<String>) -> Memo<Ids> {
    type Last = Option<(Arc<Sorted>, Query, Ids)>;
    let last: StoredValue<Last> = StoredValue::new(None);
    Memo::new(move |_| {
        let q = Query::new(&query.get());
        let base = sorted.get();
        if q.is_empty() {
            last.set_value(None);
            return base.ids.clone();
        }
        let result: Ids = app.read(kinds, |crm| {
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

/// A list's URL: the search it opened with, the owner, tag and date
/// filters every list has, and the list's own (`own`: a lead's status, the
/// board's view), in that order. Filters are links, so a filtered list can
/// be saved, shared and reloaded.
#[derive(Clone, Copy)]
pub struct ListUrl {
    own: &'static [&'static str],
    params: Memo<leptos_router::params::ParamsMap>,
    path: Memo<String>,
    navigate: StoredValue<Box<dyn Fn(&str)>, LocalStorage>,
}

/// The filters every list has, after its own.
const COMMON: [&str; 3] = ["owner", "tag", "since"];

impl ListUrl {
    pub fn new(own: &'static [&'static str]) -> ListUrl {
        let navigate = use_navigate();
        let go: Box<dyn Fn(&str)> =
            Box::new(move |href: &str| navigate(href, leptos_router::NavigateOptions { replace: true, ..Default::default() }));
        ListUrl { own, params: use_query_map(), path: crate::ui::routes::use_path(), navigate: StoredValue::new_local(go) }
    }

    /// A parameter's value, "" when the URL has none (reactive).
    pub fn get(&self, key: &str) -> String {
        self.params.with(|p| p.get(key).unwrap_or_default())
    }

    /// The owner, tag and date filters (reactive).
    pub fn filter(&self) -> ListFilter {
        self.params.with(|p| ListFilter::from_query(|k| p.get(k)))
    }

    /// Sets parameters (an empty value removes one) and goes there.
    pub fn set(&self, changes: &[(&str, &str)]) {
        let href = self.params.with_untracked(|p| {
            let value = |k: &str| changes.iter().find(|(c, _)| *c == k).map(|(_, v)| v.to_string()).unwrap_or_else(|| p.get(k).unwrap_or_default());
            self.href_with(&value, "")
        });
        self.navigate.with_value(|go| go(&href));
    }

    /// A select of one of the list's own filters (`key` in the URL): "All"
    /// or one of `options` (code, text).
    pub fn choice(self, id: &'static str, key: &'static str, label: T, options: Vec<(&'static str, String)>) -> impl IntoView {
        let app = use_app();
        view! {
            <label class="inline">
                <span>{move || app.t(label)}</span>
                <select id=id on:change=move |ev| self.set(&[(key, &event_target_value(&ev))])>
                    <option value="">{move || app.t(T::All)}</option>
                    {options.into_iter().map(|(code, text)| view! { <option value=code selected=move || self.get(key) == code>{text}</option> }).collect_view()}
                </select>
            </label>
        }
    }

    /// Sets the owner, tag and date filters.
    pub fn set_filter(&self, f: &ListFilter) {
        let q = f.to_query();
        let changes: Vec<(&str, &str)> = COMMON.iter().map(|k| (*k, q.iter().find(|(c, _)| c == k).map_or("", |(_, v)| v.as_str()))).collect();
        self.set(&changes);
    }

    /// The list as it is now, with the search `q`: what "Save filter" keeps.
    pub fn href(&self, q: &str) -> String {
        self.params.with_untracked(|p| self.href_with(&|k: &str| p.get(k).unwrap_or_default(), q))
    }

    fn href_with(&self, value: &dyn Fn(&str) -> String, q: &str) -> String {
        let values: Vec<(&str, String)> =
            std::iter::once(("q", q.to_string())).chain(self.own.iter().chain(COMMON.iter()).map(|k| (*k, value(k)))).collect();
        let params: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
        query_href(&self.path.get_untracked(), &params)
    }
}

/// What a list shows in place of its table while `when` holds (the deals'
/// board), given the rows that pass its search and filters.
#[derive(Clone)]
pub struct Instead {
    pub when: Signal<bool>,
    pub view: std::sync::Arc<dyn Fn(Memo<Ids>) -> AnyView + Send + Sync>,
}

/// A record list page: title, "new" button, search box with a result
/// count, the filters, and the sortable virtualized table (`header` is its
/// head row). `searched` are the rows matching the search (and the list's
/// own filters), in order; the frame applies the owner, tag and date
/// filters. `filters` are the list's own filter inputs (they keep
/// themselves in `url`), `actions` more buttons in the head, `instead` a
/// view in place of the table.
#[component]
pub fn ListFrame<H, HV, F, V>(
    texts: ListTexts,
    /// The list's URL, when it has filters of its own.
    #[prop(optional)]
    url: Option<ListUrl>,
    query: RwSignal<String>,
    #[prop(name = "visible")] searched: Memo<Ids>,
    total: Memo<usize>,
    header: H,
    row: F,
    #[prop(optional, into)] filters: ViewFn,
    #[prop(optional, into)] actions: ViewFn,
    #[prop(optional)] instead: Option<Instead>,
) -> impl IntoView
where
    H: Fn() -> HV + Send + Sync + 'static,
    HV: IntoView + 'static,
    F: Fn(Uuid) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let app = use_app();
    let ListTexts { title, new_href, new_label, search_hint, empty, table_class, csv, bulk } = texts;
    let url = url.unwrap_or_else(|| ListUrl::new(&[]));
    // The search comes from the URL once, when the list opens.
    let q = url.params.with_untracked(|p| p.get("q"));
    if let Some(q) = q {
        query.set(q);
    }
    let filter = Memo::new(move |_| url.filter());
    let visible = Memo::new(move |_| {
        let f = filter.get();
        let Some(kind) = bulk.filter(|_| !f.is_empty()) else { return searched.get() };
        let me = app.me.get();
        let since = f
            .since
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|t| t.and_utc() - chrono::Duration::minutes(i64::from(crate::web::utc_offset_minutes())));
        app.read(&[kind], |crm| searched.with(|ids| ids.iter().copied().filter(|id| crm.passes(kind, *id, &f, me, since)).collect()))
    });
    let select = bulk.map(|_| Selection::new(visible));
    // Shown again each time the list goes from empty to not.
    let header = StoredValue::new(header);
    let row = StoredValue::new(row);
    let other = instead.clone().map(|i| i.when).unwrap_or_default();
    let table = move || match instead.as_ref().filter(|i| i.when.get()) {
        Some(i) => (i.view)(visible),
        None => view! { <RecordTable class=table_class title ids=visible header=move || header.with_value(|h| h()) row=row.get_value() select /> }
            .into_any(),
    };
    view! {
        // A list scrolls inside its table; a board is as tall as it is.
        <div class="page" class:list-page=move || !other.get() class:board-page=move || other.get()>
            <header class="page-head">
                <h1>{move || app.t(title)}</h1>
                <div class="actions">
                    {actions.run()}
                    {bulk.filter(|k| crate::model::ops::duplicates::KINDS.contains(k)).map(|k| view! {
                        <a class="button" id="duplicates" href=link(crate::ui::routes::duplicates_href(k))>{move || app.t(T::Duplicates)}</a>
                    })}
                    {csv.map(|csv| view! { <FileButtons csv visible /> })}
                    <a class="button primary" href=link(new_href)>{move || app.t(new_label)}</a>
                </div>
            </header>
            <div class="toolbar filters">
                <input
                    type="search"
                    class="search"
                    aria-label=move || app.t(T::Search)
                    placeholder=move || app.t(search_hint)
                    prop:value=move || query.get()
                    on:input=move |ev| query.set(event_target_value(&ev))
                />
                <span class="result-count" aria-live="polite">
                    {move || format!("{} {} {}", visible.with(|ids| ids.len()), app.t(T::Of), total.get())}
                    {move || (!app.loaded.get()).then(|| format!(" · {}", app.t(T::Loading)))}
                </span>
            </div>
            {bulk.map(|kind| view! { <FilterBar kind url filter query own=filters /> })}
            {bulk.zip(select).map(|(kind, sel)| view! { <Show when=move || sel.count() != 0>{move || crate::ui::chunks::bulk_bar(kind, sel, csv)}</Show> })}
            <Show when=move || total.get() != 0 fallback=move || view! { <p class="empty">{move || app.t(empty)}</p> }>
                {table.clone()}
            </Show>
        </div>
    }
}

/// A record list's table: column headers over virtualized rows, marked up
/// as a table (header cells say how it is sorted; a row's first cell links
/// to the record, the whole row is its click target).
#[component]
pub fn RecordTable<H, HV, F, V>(
    class: &'static str,
    /// The list's name, the table's for assistive technology.
    title: T,
    ids: Memo<Ids>,
    header: H,
    row: F,
    select: Option<Selection>,
) -> impl IntoView
where
    H: Fn() -> HV + Send + Sync + 'static,
    HV: IntoView + 'static,
    F: Fn(Uuid) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let app = use_app();
    let row = StoredValue::new(row);
    view! {
        <div class=format!("table {class}") role="table" aria-label=move || app.t(title) aria-rowcount=move || ids.with(|ids| ids.len()) + 1>
            <div class="head-wrap" class:selectable=select.is_some() role="row" aria-rowindex="1">
                {select.map(all_box)}
                <div class="row head" role="none">{header()}</div>
            </div>
            // The rows stay mounted while a search matches nothing: the
            // next keystroke that matches fills them in, instead of building
            // the list anew (and laying the page out at once to measure it).
            <Show when=move || ids.with(|v| v.is_empty())>
                <div class="empty-row" role="row"><span class="empty" role="cell">{move || app.t(T::NoResults)}</span></div>
            </Show>
            <VirtualList ids=ids row_height=ROW_HEIGHT row=row.get_value() select=select />
        </div>
    }
}

/// A list's file buttons: import CSV, export the rows shown as CSV (and
/// as vCards, for contacts).
#[component]
pub fn FileButtons(csv: crate::ui::csv_export::CsvExport, visible: Memo<Ids>) -> impl IntoView {
    let app = use_app();
    let export = move |_| {
        let lang = app.lang.get_untracked();
        let rows = app.read_untracked(|crm| visible.with_untracked(|ids| (csv.rows)(crm, lang, ids)));
        if let Err(e) = crate::ui::csv_export::download(lang, csv.name, &rows) {
            app.error(format!("{}: {e}", lang.t(T::ExportFailed)));
        }
    };
    view! {
        {csv.import.map(|t| view! {
            <a class="button" id="import-csv" href=link(crate::ui::routes::csv_import_href(t))>{move || app.t(T::ImportCsv)}</a>
        })}
        {csv.vcard.then(|| view! {
            <button type="button" class="button" id="export-vcard" on:click=move |_| visible.with_untracked(|ids| crate::ui::csv_export::download_vcards(app, ids)) prop:disabled=move || visible.with(|ids| ids.is_empty())>
                "vCard"
            </button>
        })}
        <button type="button" class="button" id="export-csv" on:click=export prop:disabled=move || visible.with(|ids| ids.is_empty())>
            {move || app.t(T::ExportCsv)}
        </button>
    }
}

/// A list's owner, tag and "changed since" filters (kept in the URL), the
/// list's `own` filters, and "Save filter", which puts the list as it is
/// into the navigation.
#[component]
fn FilterBar(kind: Kind, url: ListUrl, filter: Memo<ListFilter>, query: RwSignal<String>, own: ViewFn) -> impl IntoView {
    let app = use_app();
    let set = move |change: &dyn Fn(&mut ListFilter)| {
        let mut f = filter.get_untracked();
        change(&mut f);
        url.set_filter(&f);
    };
    // From every record of the kind, not the searched ones: a keystroke does not recompute them.
    let tags = Memo::new(move |_| app.read(&[kind], |crm| crm.tags_of(kind)));
    view! {
        <div class="toolbar filters list-filters">
            {own.run()}
            {(kind != Kind::Product).then(|| view! {
                <OwnerSelect id="filter-owner" value=Signal::derive(move || filter.with(|f| f.owner)) on_change=move |o| set(&|f| f.owner = o) />
            })}
            <TagSelect id="filter-tag" tags=tags value=Signal::derive(move || filter.with(|f| f.tag.clone())) on_change=move |t| set(&|f| f.tag = t.clone()) />
            <label class="inline">
                <span>{move || app.t(T::ChangedSince)}</span>
                <input type="date" id="filter-since" prop:value=move || filter.with(|f| f.since.map(crate::model::time::format_date).unwrap_or_default())
                    on:change=move |ev| {
                        let v = crate::model::time::parse_date(&event_target_value(&ev));
                        set(&|f| f.since = v);
                    } />
            </label>
            {move || (!filter.with(ListFilter::is_empty)).then(|| view! {
                <button type="button" class="link" id="clear-filters" on:click=move |_| set(&|f| *f = ListFilter::default())>{move || app.t(T::ClearFilters)}</button>
            })}
            <SaveFilter href=move || query.with(|q| url.href(q)) />
        </div>
    }
}

/// Whose records: anyone, me, nobody or a team member (lists and reports).
#[component]
pub fn OwnerSelect(id: &'static str, value: Signal<OwnerFilter>, on_change: impl Fn(OwnerFilter) + 'static) -> impl IntoView {
    let app = use_app();
    let option = move |v: String, is: OwnerFilter, label: T| {
        view! { <option value=v selected=move || value.get() == is>{move || app.t(label)}</option> }
    };
    view! {
        <label class="inline">
            <span>{move || app.t(T::FieldOwner)}</span>
            <select id=id on:change=move |ev| {
                on_change(match event_target_value(&ev).as_str() {
                    "me" => OwnerFilter::Me,
                    "none" => OwnerFilter::Nobody,
                    id => Uuid::parse_str(id).map(OwnerFilter::Member).unwrap_or_default(),
                });
            }>
                {option(String::new(), OwnerFilter::Anyone, T::Anyone)}
                {option("me".into(), OwnerFilter::Me, T::Me)}
                {option("none".into(), OwnerFilter::Nobody, T::NoOwner)}
                {move || app.read(&[Kind::TeamMember], |crm| crm.team().iter().map(|m| {
                    let mid = m.id;
                    view! { <option value=mid.to_string() selected=move || value.get() == OwnerFilter::Member(mid)>{m.name.clone()}</option> }
                }).collect_view())}
            </select>
        </label>
    }
}

/// One tag of `tags`, or all (""), for lists and reports.
#[component]
pub fn TagSelect(id: &'static str, tags: Memo<Vec<String>>, value: Signal<String>, on_change: impl Fn(String) + 'static) -> impl IntoView {
    let app = use_app();
    view! {
        <label class="inline">
            <span>{move || app.t(T::TagName)}</span>
            <select id=id on:change=move |ev| on_change(event_target_value(&ev))>
                <option value="" selected=move || value.with(String::is_empty)>{move || app.t(T::All)}</option>
                {move || {
                    let mut all = tags.get();
                    // A saved tag no record has any more still shows as chosen.
                    value.with(|v| if !v.is_empty() && !all.contains(v) { all.push(v.clone()) });
                    all.into_iter().map(|t| {
                        let (t2, label) = (t.clone(), t.clone());
                        view! { <option value=t selected=move || value.with(|v| *v == t2)>{label}</option> }
                    }).collect_view()
                }}
            </select>
        </label>
    }
}

/// "Save filter": names the list as it is now (`href`: its path and
/// query) and puts it in the navigation.
#[component]
pub fn SaveFilter(href: impl Fn() -> String + Copy + Send + Sync + 'static) -> impl IntoView {
    let app = use_app();
    let naming = RwSignal::new(false);
    let name = RwSignal::new(String::new());
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let n = name.get_untracked().trim().to_string();
        if n.is_empty() {
            return;
        }
        app.save_filter(crate::ui::state::SavedFilter { name: n, href: href() });
        naming.set(false);
        name.set(String::new());
        app.info(app.t(T::FilterSaved));
    };
    move || {
        if naming.get() {
            view! {
                <form class="inline-form" on:submit=save>
                    <input type="text" id="filter-name" maxlength="40" required aria-label=move || app.t(T::FilterName) placeholder=move || app.t(T::FilterName)
                        prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
                    <button type="submit" class="button small primary" id="save-filter-confirm">{move || app.t(T::Save)}</button>
                </form>
            }
            .into_any()
        } else {
            view! { <button type="button" class="button small" id="save-filter" on:click=move |_| naming.set(true)>{move || app.t(T::SaveFilter)}</button> }.into_any()
        }
    }
}

//! What the record lists share: sortable column headers and a search that
//! filters an already sorted list of ids.

use std::sync::Arc;

use leptos::prelude::*;
use uuid::Uuid;

use crate::i18n::T;
use crate::model::search::Query;
use crate::model::Crm;
use crate::ui::state::use_app;

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

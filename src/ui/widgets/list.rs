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

/// Ids sorted by `key` (ties by id), reversed when `desc`.
pub fn sorted_ids<'a, K: Ord + 'a>(rows: impl Iterator<Item = (K, Uuid)>, desc: bool) -> Arc<Vec<Uuid>> {
    let mut rows: Vec<(K, Uuid)> = rows.collect();
    rows.sort_unstable();
    if desc {
        rows.reverse();
    }
    Arc::new(rows.into_iter().map(|(_, id)| id).collect())
}

/// The sorted ids that match the search. While the user types ("dvo" →
/// "dvor") the previous result is narrowed instead of searching everything.
pub fn search_results(crm: RwSignal<Crm>, sorted: Memo<Arc<Vec<Uuid>>>, query: RwSignal<String>) -> Memo<Vec<Uuid>> {
    type Last = Option<(Arc<Vec<Uuid>>, Query, Vec<Uuid>)>;
    let last: StoredValue<Last> = StoredValue::new(None);
    Memo::new(move |_| {
        let q = Query::new(&query.get());
        let base = sorted.get();
        if q.is_empty() {
            last.set_value(None);
            return (*base).clone();
        }
        let result: Vec<Uuid> = crm.with(|crm| {
            last.with_value(|l| {
                let source: &[Uuid] = match l {
                    Some((b, earlier, r)) if Arc::ptr_eq(b, &base) && !earlier.is_empty() && q.narrows(earlier) => r,
                    _ => &base,
                };
                source.iter().copied().filter(|id| crm.matches(*id, &q)).collect()
            })
        });
        last.set_value(Some((base, q, result.clone())));
        result
    })
}

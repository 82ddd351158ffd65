//! A list that renders only the rows in view, so 100,000 rows scroll
//! smoothly: a tall spacer keeps the scrollbar honest and the visible
//! window of rows is positioned absolutely inside it.

use leptos::html::Div;
use leptos::prelude::*;
use uuid::Uuid;

/// Rows rendered above and below the viewport, so fast scrolling never
/// shows a gap.
const OVERSCAN: usize = 8;

#[component]
pub fn VirtualList<F, V>(
    #[prop(into)] ids: Signal<crate::ui::widgets::list::Ids>,
    /// Whole CSS pixels: positions stay integers (and no float formatting is linked in).
    row_height: u32,
    row: F,
    /// A plain list's name. Without one the rows are a table's (see
    /// `RecordTable`): numbered after its header row.
    #[prop(optional, into)]
    label: Option<Signal<String>>,
    /// Rows get a box to select them.
    #[prop(default = None)]
    select: Option<crate::ui::widgets::selection::Selection>,
) -> impl IntoView
where
    F: Fn(Uuid) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let scroll = RwSignal::new(0_u32);
    let height = RwSignal::new(800_u32);
    let el = NodeRef::<Div>::new();
    let measure = move || {
        if let Some(e) = el.get_untracked() {
            scroll.set(e.scroll_top().max(0) as u32);
            let h = e.client_height().max(0) as u32;
            if h > 0 {
                height.set(h);
            }
        }
    };
    Effect::new(move |_| {
        if el.get().is_some() {
            measure();
        }
    });
    let resize = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || resize.remove());
    let len = Memo::new(move |_| ids.with(|ids| ids.len()));
    // When the list changes (a new search), start from the top. Setting
    // `scrollTop` makes the browser lay the page out there and then (a
    // keystroke's cost on a phone), so only when the list is scrolled.
    Effect::new(move |_| {
        len.track();
        if scroll.get_untracked() != 0 {
            if let Some(e) = el.get_untracked() {
                e.set_scroll_top(0);
            }
            scroll.set(0);
        }
    });
    let window = Memo::new(move |_| {
        let n = len.get();
        let first = ((scroll.get() / row_height) as usize).saturating_sub(OVERSCAN).min(n);
        let count = height.get().div_ceil(row_height) as usize + 2 * OVERSCAN;
        (first, (first + count).min(n))
    });
    let rows = move || {
        let (a, b) = window.get();
        a..b
    };
    let table = label.is_none();
    view! {
        <div class="vlist" node_ref=el on:scroll=move |_| measure() role=if table { "rowgroup" } else { "list" } aria-label=move || label.map(|l| l.get())>
            <div class="vlist-spacer" style:height=move || format!("{}px", len.get() as u64 * u64::from(row_height))>
                // A row is a place in the list, not a record: when a search
                // puts another record there, its cells are patched in place
                // (a row function that returns a plain view, not a closure,
                // lets them be), which on a phone costs a fraction of
                // building the row anew.
                <For
                    each=rows
                    key=|i| *i
                    children=move |i| {
                        let row = row.clone();
                        let id = Memo::new(move |_| ids.with(|v| v.get(i).copied()));
                        view! {
                            <div
                                class="vrow"
                                class:selectable=select.is_some()
                                role=if table { "row" } else { "listitem" }
                                aria-rowindex=table.then(|| i + 2)
                                style:top=format!("{}px", i as u64 * u64::from(row_height))
                                style:height=format!("{row_height}px")
                            >
                                {move || id.get().map(|id| view! {
                                    {select.map(|s| crate::ui::widgets::selection::row_box(s, id))}
                                    {row(id)}
                                })}
                            </div>
                        }
                    }
                />
            </div>
        </div>
    }
}

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
    // When the list changes (a new search), start from the top.
    Effect::new(move |_| {
        len.track();
        if let Some(e) = el.get_untracked() {
            e.set_scroll_top(0);
        }
        scroll.set(0);
    });
    let window = Memo::new(move |_| {
        let n = len.get();
        let first = ((scroll.get() / row_height) as usize).saturating_sub(OVERSCAN).min(n);
        let count = height.get().div_ceil(row_height) as usize + 2 * OVERSCAN;
        (first, (first + count).min(n))
    });
    let rows = move || {
        let (a, b) = window.get();
        ids.with(|v| v[a..b].iter().copied().enumerate().map(|(i, id)| (a + i, id)).collect::<Vec<_>>())
    };
    let table = label.is_none();
    view! {
        <div class="vlist" node_ref=el on:scroll=move |_| measure() role=if table { "rowgroup" } else { "list" } aria-label=move || label.map(|l| l.get())>
            <div class="vlist-spacer" style:height=move || format!("{}px", len.get() as u64 * u64::from(row_height))>
                <For
                    each=rows
                    key=|(i, id)| (*i, *id)
                    children=move |(i, id)| {
                        let row = row.clone();
                        view! {
                            <div
                                class="vrow"
                                class:selectable=select.is_some()
                                role=if table { "row" } else { "listitem" }
                                aria-rowindex=table.then(|| i + 2)
                                style:top=format!("{}px", i as u64 * u64::from(row_height))
                                style:height=format!("{row_height}px")
                            >
                                {select.map(|s| crate::ui::widgets::selection::row_box(s, id))}
                                {row(id)}
                            </div>
                        }
                    }
                />
            </div>
        </div>
    }
}

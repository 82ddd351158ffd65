//! The search box in the top bar: Enter opens the global search; on the
//! search page itself the results follow each keystroke.

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use crate::i18n::T;
use crate::ui::state::use_app;

#[component]
pub fn GlobalSearch() -> impl IntoView {
    let app = use_app();
    let location = use_location();
    let params = use_query_map();
    let on_page = move || location.pathname.get() == "/search";
    let text = RwSignal::new(params.with_untracked(|p| p.get("q").unwrap_or_default()));
    // Back/forward on the search page bring their query into the box.
    Effect::new(move |_| {
        if on_page() {
            text.set(params.with(|p| p.get("q").unwrap_or_default()));
        }
    });
    let navigate = use_navigate();
    let go = move |replace: bool| {
        let q = String::from(js_sys::encode_uri_component(&text.get_untracked()));
        navigate(&format!("/search?q={q}"), NavigateOptions { replace, ..Default::default() });
    };
    let go_typing = go.clone();
    view! {
        <form class="global-search" role="search" on:submit=move |ev| {
            ev.prevent_default();
            go(on_page());
        }>
            <input
                id="global-search"
                type="search"
                class="search"
                aria-label=move || app.t(T::SearchEverything)
                placeholder=move || app.t(T::SearchEverything)
                prop:value=move || text.get()
                on:input=move |ev| {
                    text.set(event_target_value(&ev));
                    if on_page() {
                        go_typing(true);
                    }
                }
            />
        </form>
    }
}

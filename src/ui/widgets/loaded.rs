//! Pages other than the lists need every record (a detail page shows the
//! history, a form checks references, settings export): they wait here
//! while a load has shown only its first records.

use leptos::prelude::*;

use crate::i18n::T;
use crate::ui::state::use_app;

#[component]
pub fn Loaded(children: ChildrenFn) -> impl IntoView {
    let app = use_app();
    view! {
        <Show when=move || app.loaded.get() fallback=move || view! { <p class="loading" role="status">{move || app.t(T::Loading)}</p> }>
            {children()}
        </Show>
    }
}

//! What a page shows when the record its URL names is gone.

use leptos::prelude::*;

use crate::i18n::T;
use crate::ui::routes::link;
use crate::ui::state::use_app;

/// Shown where a record id in the URL no longer exists.
#[component]
pub fn MissingRecord(back: &'static str) -> impl IntoView {
    let app = use_app();
    view! {
        <div class="page">
            <p class="empty">{move || app.t(T::NotFound)}</p>
            <a class="button" href=link(back)>{move || app.t(T::Back)}</a>
        </div>
    }
}

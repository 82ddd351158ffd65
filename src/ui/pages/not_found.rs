use leptos::prelude::*;

use crate::i18n::T;
use crate::ui::routes::link;
use crate::ui::state::use_app;

#[component]
pub fn NotFound() -> impl IntoView {
    let app = use_app();
    view! {
        <div class="page">
            <p class="empty">{move || app.t(T::PageNotFound)}</p>
            <a class="button" href=link("/")>{move || app.t(T::NavDashboard)}</a>
        </div>
    }
}

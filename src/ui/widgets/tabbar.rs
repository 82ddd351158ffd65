//! The menus' entries, and a phone's bottom tab bar: Dashboard, Contacts,
//! Pipeline, Tasks and More (every other section and the saved filters),
//! as phone apps have them. Search and "Report a problem" stay in the top
//! bar, one tap away; on a wider screen the top bar's menu is shown instead.

use leptos::prelude::*;

use crate::i18n::{self, T};
use crate::ui::routes::link;
use crate::ui::routes::Section;
use crate::ui::state::use_app;

/// A section's entry in a menu, marked when the page is in it; the
/// inbox's says how many reminders wait. `ids`: the one copy of the
/// entries that tests and the page's own links may address by id.
pub fn nav_entry(section: Section, here: Memo<Option<Section>>, inbox: Memo<usize>, ids: bool) -> impl IntoView {
    let app = use_app();
    let (href, label) = section.entry();
    let current = move || here.get() == Some(section);
    view! {
        <a href=link(href) id=(ids && section == Section::Inbox).then_some("nav-inbox") class:active=current aria-current=move || current().then_some("page")>
            {move || app.t(label)}
            {move || (section == Section::Inbox).then(|| badge(inbox, ids))}
        </a>
    }
}

fn badge(inbox: Memo<usize>, ids: bool) -> impl IntoView {
    let app = use_app();
    move || {
        let n = inbox.get();
        (n > 0).then(|| {
            view! {
                <span class="count-badge" id=ids.then_some("inbox-count") aria-label=i18n::count(app.lang.get(), n as i64, i18n::Noun::Reminder)>{n}</span>
            }
        })
    }
}

/// A tab's picture: drawn, not a font's emoji, so it looks the same everywhere.
fn icon(section: Option<Section>) -> impl IntoView {
    let d = match section {
        Some(Section::Dashboard) => "M3 11 12 3l9 8v10h-6v-6H9v6H3z",
        Some(Section::Contacts) => "M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM4 21c0-4.4 3.6-7 8-7s8 2.6 8 7",
        Some(Section::Opportunities) => "M4 4h4v16H4zM10 4h4v11h-4zM16 4h4v6h-4z",
        Some(Section::Tasks) => "M4 12.5 9 17.5 20 6.5",
        _ => "M5 12h.01M12 12h.01M19 12h.01",
    };
    let width = if section.is_some() { "2" } else { "3.5" };
    view! {
        <svg viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor" stroke-width=width stroke-linecap="round" stroke-linejoin="round">
            <path d=d />
        </svg>
    }
}

/// Every section of the desktop menus that is not a tab.
fn behind_more() -> impl Iterator<Item = Section> {
    Section::BAR.into_iter().chain(Section::MORE).filter(|s| !Section::TABS.contains(s))
}

#[component]
pub fn TabBar(here: Memo<Option<Section>>, inbox: Memo<usize>) -> impl IntoView {
    let app = use_app();
    let open = RwSignal::new(false);
    // Going anywhere closes the sheet.
    Effect::new(move |_| {
        here.track();
        open.set(false);
    });
    let in_more = move || here.get().is_some_and(|s| behind_more().any(|m| m == s));
    let tab = move |section: Section| {
        let (href, label) = section.entry();
        let current = move || here.get() == Some(section);
        view! {
            <a href=link(href) class="tab" class:active=current aria-current=move || current().then_some("page")>
                {icon(Some(section))}
                <span>{move || app.t(label)}</span>
            </a>
        }
    };
    let sheet = move || {
        view! {
            <div class="tab-sheet" id="tab-more" on:click=move |_| open.set(false)>
                {behind_more().map(|s| nav_entry(s, here, inbox, false)).collect_view()}
                <crate::ui::widgets::sync::ReviewsEntry />
                {move || {
                    let filters = app.saved_filters.get();
                    (!filters.is_empty()).then(|| view! {
                        <p class="menu-heading">{app.t(T::SavedFilters)}</p>
                        {filters.into_iter().map(|f| view! { <a href=link(f.href)>{f.name}</a> }).collect_view()}
                    })
                }}
            </div>
        }
    };
    view! {
        <Show when=move || open.get()>{sheet()}</Show>
        <nav class="tabbar" aria-label=move || app.t(T::TabBar)>
            {Section::TABS.map(tab)}
            <button type="button" class="tab" id="tab-more-button" class:active=in_more aria-expanded=move || open.get().to_string() aria-controls="tab-more"
                on:click=move |_| open.update(|o| *o = !*o)>
                {icon(None)}
                <span>{move || app.t(T::More)}</span>
                {badge(inbox, false)}
            </button>
        </nav>
    }
}

//! The contact list: instant search, sort by column, virtualized.

use leptos::prelude::*;
use uuid::Uuid;

use crate::i18n::{self, T};
use crate::model::search::{fold, Query};
use crate::ui::state::use_app;
use crate::ui::widgets::virtual_list::VirtualList;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SortBy {
    Name,
    Organization,
    Role,
}

const ROW_HEIGHT: f64 = 56.0;

#[component]
pub fn ContactsPage() -> impl IntoView {
    let app = use_app();
    let query = RwSignal::new(String::new());
    let sort = RwSignal::new((SortBy::Name, false));
    // Sorting depends on the records and the column, not on the query, so
    // a keystroke only filters an already sorted list.
    let sorted = Memo::new(move |_| {
        let (by, desc) = sort.get();
        app.crm.with(|crm| {
            let mut rows: Vec<(String, Uuid)> = crm
                .contacts()
                .map(|c| {
                    let key = match by {
                        SortBy::Name => fold(&c.sort_name()),
                        SortBy::Organization => {
                            let org = c.organization_id.and_then(|o| crm.organization(o)).map(|o| fold(&o.name));
                            // Contacts without an organization sort last.
                            format!("{}\u{10FFFF}{}", org.unwrap_or_else(|| "\u{10FFFF}".into()), fold(&c.sort_name()))
                        }
                        SortBy::Role => format!("{}\u{10FFFF}{}", c.role.as_str(), fold(&c.sort_name())),
                    };
                    (key, c.id)
                })
                .collect();
            rows.sort_unstable();
            if desc {
                rows.reverse();
            }
            rows.into_iter().map(|(_, id)| id).collect::<Vec<_>>()
        })
    });
    let visible = Memo::new(move |_| {
        let q = Query::new(&query.get());
        sorted.with(|ids| {
            if q.is_empty() {
                return ids.clone();
            }
            app.crm.with(|crm| ids.iter().copied().filter(|id| crm.matches(*id, &q)).collect())
        })
    });
    let total = Memo::new(move |_| app.crm.with(|c| c.contact_count()));
    let header = move |by: SortBy, label: T| {
        view! {
            <button
                type="button"
                class="sort"
                class:active=move || sort.get().0 == by
                aria-sort=move || match sort.get() {
                    (b, false) if b == by => "ascending",
                    (b, true) if b == by => "descending",
                    _ => "none",
                }
                on:click=move |_| sort.update(|s| *s = if s.0 == by { (by, !s.1) } else { (by, false) })
            >
                {move || app.t(label)}
                {move || match sort.get() {
                    (b, false) if b == by => " ▲",
                    (b, true) if b == by => " ▼",
                    _ => "",
                }}
            </button>
        }
    };
    let row = move |id: Uuid| {
        move || {
            let lang = app.lang.get();
            app.crm.with(|crm| {
                crm.contact(id).map(|c| {
                    let org = c.organization_id.and_then(|o| crm.organization(o)).map(|o| o.name.clone()).unwrap_or_default();
                    let primary = crm.is_primary(c);
                    view! {
                        <a class="row contact-row" href=format!("/contacts/{id}")>
                            <span class="cell name">
                                <span class="line">
                                    <strong>{c.full_name()}</strong>
                                    {primary.then(|| view! { <span class="star" title=lang.t(T::PrimaryContact) aria-label=lang.t(T::PrimaryContact)>"★"</span> })}
                                </span>
                                <small class="sub">{c.position.clone()}</small>
                            </span>
                            <span class="cell org">{org}</span>
                            <span class="cell role">{i18n::role(lang, c.role)}</span>
                            <span class="cell email">{c.primary_email().unwrap_or_default().to_string()}</span>
                            <span class="cell phone">{c.primary_phone().unwrap_or_default().to_string()}</span>
                        </a>
                    }
                })
            })
        }
    };
    view! {
        <div class="page list-page">
            <header class="page-head">
                <h1>{move || app.t(T::NavContacts)}</h1>
                <a class="button primary" href="/contacts/new">{move || app.t(T::NewContact)}</a>
            </header>
            <div class="toolbar">
                <input
                    type="search"
                    class="search"
                    aria-label=move || app.t(T::Search)
                    placeholder=move || app.t(T::SearchContactsHint)
                    prop:value=move || query.get()
                    on:input=move |ev| query.set(event_target_value(&ev))
                />
                <span class="result-count" aria-live="polite">
                    {move || format!("{} {} {}", visible.with(Vec::len), app.t(T::Of), total.get())}
                </span>
            </div>
            <Show
                when=move || total.get() != 0
                fallback=move || view! { <p class="empty">{move || app.t(T::NoContactsYet)}</p> }
            >
                <div class="table contacts-table">
                    <div class="row head" role="presentation">
                        <span class="cell name">{header(SortBy::Name, T::FieldFullName)}</span>
                        <span class="cell org">{header(SortBy::Organization, T::FieldOrganization)}</span>
                        <span class="cell role">{header(SortBy::Role, T::FieldRole)}</span>
                        <span class="cell email">{move || app.t(T::FieldEmail)}</span>
                        <span class="cell phone">{move || app.t(T::FieldPhone)}</span>
                    </div>
                    <Show when=move || visible.with(|v| !v.is_empty()) fallback=move || view! { <p class="empty">{move || app.t(T::NoResults)}</p> }>
                        <VirtualList ids=visible row_height=ROW_HEIGHT row=row label=Signal::derive(move || app.t(T::NavContacts).to_string()) />
                    </Show>
                </div>
            </Show>
        </div>
    }
}

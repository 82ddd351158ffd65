//! The contact list: instant search, sort by column, virtualized.

use leptos::prelude::*;
use uuid::Uuid;

use crate::i18n::{self, T};
use crate::ui::state::use_app;
use crate::ui::widgets::list::{search_results, sort_button, sorted_ids};
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
    // Sorting depends on the records and the column, not on the query, so
    // a keystroke only filters an already sorted list.
    let sorted = Memo::new(move |_| {
        let (by, desc) = sort.get();
        app.crm.with(|crm| match by {
            SortBy::Name => sorted_ids(crm, crm.contacts().map(|c| (crm.sort_key(c.id), c.id)), desc),
            SortBy::Organization => sorted_ids(
                crm,
                crm.contacts().map(|c| {
                    // Contacts without an organization sort last.
                    let org = c.organization_id.filter(|o| crm.organization(*o).is_some()).map(|o| crm.sort_key(o));
                    ((org.is_none(), org.unwrap_or(""), crm.sort_key(c.id)), c.id)
                }),
                desc,
            ),
            SortBy::Role => sorted_ids(crm, crm.contacts().map(|c| ((c.role.as_str(), crm.sort_key(c.id)), c.id)), desc),
        })
    });
    let visible = search_results(app.crm, sorted, query);
    let total = Memo::new(move |_| app.crm.with(|c| c.contact_count()));
    let header = move |by: SortBy, label: T| sort_button(sort, by, label);
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

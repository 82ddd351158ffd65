//! The organization list: instant search, sort by column, virtualized.

use leptos::prelude::*;
use uuid::Uuid;

use crate::i18n::T;
use crate::model::search::fold;
use crate::ui::state::use_app;
use crate::ui::widgets::list::{search_results, sort_button, sorted_ids};
use crate::ui::widgets::virtual_list::VirtualList;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SortBy {
    Name,
    City,
    Contacts,
}

const ROW_HEIGHT: f64 = 56.0;

#[component]
pub fn OrganizationsPage() -> impl IntoView {
    let app = use_app();
    let query = RwSignal::new(String::new());
    let sort = RwSignal::new((SortBy::Name, false));
    let sorted = Memo::new(move |_| {
        let (by, desc) = sort.get();
        app.crm.with(|crm| match by {
            SortBy::Name => sorted_ids(crm, crm.organizations().map(|o| (crm.sort_key(o.id), o.id)), desc),
            SortBy::City => {
                sorted_ids(crm, crm.organizations().map(|o| ((fold(&o.billing_address.city), crm.sort_key(o.id)), o.id)), desc)
            }
            SortBy::Contacts => {
                sorted_ids(crm, crm.organizations().map(|o| ((crm.contact_count_of(o.id), crm.sort_key(o.id)), o.id)), desc)
            }
        })
    });
    let visible = search_results(app.crm, sorted, query);
    let total = Memo::new(move |_| app.crm.with(|c| c.organization_count()));
    let header = move |by: SortBy, label: T| sort_button(sort, by, label);
    let row = move |id: Uuid| {
        move || {
            app.crm.with(|crm| {
                crm.organization(id).map(|o| {
                    let primary = o.primary_contact_id.and_then(|p| crm.contact(p)).map(|c| c.full_name()).unwrap_or_default();
                    view! {
                        <a class="row org-row" href=format!("/organizations/{id}")>
                            <span class="cell name"><strong>{o.name.clone()}</strong><small class="sub">{o.industry.clone()}</small></span>
                            <span class="cell ico">{o.ico.clone()}</span>
                            <span class="cell city">{o.billing_address.city.clone()}</span>
                            <span class="cell primary">{primary}</span>
                            <span class="cell count">{crm.contact_count_of(id)}</span>
                        </a>
                    }
                })
            })
        }
    };
    view! {
        <div class="page list-page">
            <header class="page-head">
                <h1>{move || app.t(T::NavOrganizations)}</h1>
                <a class="button primary" href="/organizations/new">{move || app.t(T::NewOrganization)}</a>
            </header>
            <div class="toolbar">
                <input
                    type="search"
                    class="search"
                    aria-label=move || app.t(T::Search)
                    placeholder=move || app.t(T::SearchOrganizationsHint)
                    prop:value=move || query.get()
                    on:input=move |ev| query.set(event_target_value(&ev))
                />
                <span class="result-count" aria-live="polite">
                    {move || format!("{} {} {}", visible.with(Vec::len), app.t(T::Of), total.get())}
                </span>
            </div>
            <Show
                when=move || total.get() != 0
                fallback=move || view! { <p class="empty">{move || app.t(T::NoOrganizationsYet)}</p> }
            >
                <div class="table orgs-table">
                    <div class="row head" role="presentation">
                        <span class="cell name">{header(SortBy::Name, T::FieldName)}</span>
                        <span class="cell ico">{move || app.t(T::FieldIco)}</span>
                        <span class="cell city">{header(SortBy::City, T::FieldCity)}</span>
                        <span class="cell primary">{move || app.t(T::PrimaryContact)}</span>
                        <span class="cell count">{header(SortBy::Contacts, T::NavContacts)}</span>
                    </div>
                    <Show when=move || visible.with(|v| !v.is_empty()) fallback=move || view! { <p class="empty">{move || app.t(T::NoResults)}</p> }>
                        <VirtualList ids=visible row_height=ROW_HEIGHT row=row label=Signal::derive(move || app.t(T::NavOrganizations).to_string()) />
                    </Show>
                </div>
            </Show>
        </div>
    }
}

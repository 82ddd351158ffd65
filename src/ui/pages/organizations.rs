//! The organization list: instant search, sort by column, virtualized.

use leptos::prelude::*;
use uuid::Uuid;

use crate::i18n::T;
use crate::model::search::{fold, Query};
use crate::ui::state::use_app;
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
        app.crm.with(|crm| {
            let mut rows: Vec<(String, Uuid)> = crm
                .organizations()
                .map(|o| {
                    let key = match by {
                        SortBy::Name => fold(&o.name),
                        SortBy::City => format!("{}\u{10FFFF}{}", fold(&o.billing_address.city), fold(&o.name)),
                        SortBy::Contacts => format!("{:08}{}", crm.contacts_of(o.id).len(), fold(&o.name)),
                    };
                    (key, o.id)
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
    let total = Memo::new(move |_| app.crm.with(|c| c.organization_count()));
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
            app.crm.with(|crm| {
                crm.organization(id).map(|o| {
                    let primary = o.primary_contact_id.and_then(|p| crm.contact(p)).map(|c| c.full_name()).unwrap_or_default();
                    view! {
                        <a class="row org-row" href=format!("/organizations/{id}")>
                            <span class="cell name"><strong>{o.name.clone()}</strong><small class="sub">{o.industry.clone()}</small></span>
                            <span class="cell ico">{o.ico.clone()}</span>
                            <span class="cell city">{o.billing_address.city.clone()}</span>
                            <span class="cell primary">{primary}</span>
                            <span class="cell count">{crm.contacts_of(id).len()}</span>
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

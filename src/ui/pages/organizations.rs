//! The organization list: instant search, sort by column, virtualized.

use leptos::prelude::*;
use uuid::Uuid;

use crate::i18n::T;
use crate::model::search::fold;
use crate::ui::state::use_app;
use crate::ui::widgets::list::{search_results, sort_button, sorted_ids, ListFrame, ListTexts};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SortBy {
    Name,
    City,
    Contacts,
}

#[component]
pub fn OrganizationsPage() -> impl IntoView {
    let app = use_app();
    let query = RwSignal::new(String::new());
    let sort = RwSignal::new((SortBy::Name, false));
    let sorted = Memo::new(move |_| {
        let (by, desc) = sort.get();
        app.crm.with(|crm| match by {
            SortBy::Name => sorted_ids(crm, crm.organizations().map(|o| (crm.sort_key(o.id), o.id)), desc),
            SortBy::City => sorted_ids(crm, crm.organizations().map(|o| ((fold(&o.billing_address.city), crm.sort_key(o.id)), o.id)), desc),
            SortBy::Contacts => sorted_ids(crm, crm.organizations().map(|o| ((crm.contact_count_of(o.id), crm.sort_key(o.id)), o.id)), desc),
        })
    });
    let visible = search_results(app.crm, sorted, query);
    let total = Memo::new(move |_| app.crm.with(|c| c.organization_count()));
    let sort_by = move |by: SortBy, label: T| sort_button(sort, by, label);
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
    let header = move || {
        view! {
            <span class="cell name">{sort_by(SortBy::Name, T::FieldName)}</span>
            <span class="cell ico">{move || app.t(T::FieldIco)}</span>
            <span class="cell city">{sort_by(SortBy::City, T::FieldCity)}</span>
            <span class="cell primary">{move || app.t(T::PrimaryContact)}</span>
            <span class="cell count">{sort_by(SortBy::Contacts, T::NavContacts)}</span>
        }
    };
    view! {
        <ListFrame
            texts=ListTexts {
                title: T::NavOrganizations,
                new_href: "/organizations/new",
                new_label: T::NewOrganization,
                search_hint: T::SearchOrganizationsHint,
                empty: T::NoOrganizationsYet,
                table_class: "orgs-table",
                csv: Some(crate::ui::csv_export::ORGANIZATIONS),
                bulk: Some(crate::model::Kind::Organization),
            }
            query=query
            visible=visible
            total=total
            header=header
            row=row
        />
    }
}

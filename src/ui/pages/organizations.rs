//! The organization list: instant search, sort by column, virtualized.

use leptos::prelude::*;
use uuid::Uuid;

use crate::i18n::T;
use crate::model::search::fold;
use crate::model::Kind;
use crate::ui::routes::link;
use crate::ui::routes::record_href;
use crate::ui::state::use_app;
use crate::ui::widgets::list::{column_header, search_results, sort_header, sorted_ids, ListFrame, ListTexts};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SortBy {
    Name,
    City,
    Contacts,
}

/// What the list shows: an organization's fields, its primary contact's
/// name and how many contacts it has.
const SHOWN: &[Kind] = &[Kind::Organization, Kind::Contact];

#[component]
pub fn OrganizationsPage() -> impl IntoView {
    let app = use_app();
    let query = RwSignal::new(String::new());
    let sort = RwSignal::new((SortBy::Name, false));
    let sorted = Memo::new(move |_| {
        let (by, desc) = sort.get();
        app.read(SHOWN, |crm| match by {
            SortBy::Name => sorted_ids(crm, crm.organizations().map(|o| (crm.sort_key(o.id), o.id)), desc),
            SortBy::City => sorted_ids(crm, crm.organizations().map(|o| ((fold(&o.billing_address.city), crm.sort_key(o.id)), o.id)), desc),
            SortBy::Contacts => sorted_ids(crm, crm.organizations().map(|o| ((crm.contact_count_of(o.id), crm.sort_key(o.id)), o.id)), desc),
        })
    });
    let visible = search_results(app, SHOWN, sorted, query);
    let total = Memo::new(move |_| app.read(&[Kind::Organization], |c| c.organization_count()));
    let sort_by = move |by: SortBy, label: T, class: &'static str| sort_header(sort, by, label, class);
    let row = move |id: Uuid| {
        app.read(SHOWN, |crm| {
            crm.organization(id).map(|o| {
                let primary = o.primary_contact_id.and_then(|p| crm.contact(p)).map(|c| c.full_name()).unwrap_or_default();
                view! {
                    <div class="row org-row">
                        <span class="cell name" role="cell"><a class="row-link" href=link(record_href(Kind::Organization, id))><strong>{o.name.clone()}</strong><small class="sub">{o.industry.clone()}</small></a></span>
                        <span role="cell" class="cell ico">{o.ico.clone()}</span>
                        <span role="cell" class="cell city">{o.billing_address.city.clone()}</span>
                        <span role="cell" class="cell primary">{primary}</span>
                        <span role="cell" class="cell count">{crm.contact_count_of(id)}</span>
                    </div>
                }
            })
        })
    };
    let header = move || {
        view! {
            {sort_by(SortBy::Name, T::FieldName, "name")}
            {column_header("ico", T::FieldIco)}
            {sort_by(SortBy::City, T::FieldCity, "city")}
            {column_header("primary", T::PrimaryContact)}
            {sort_by(SortBy::Contacts, T::NavContacts, "count")}
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

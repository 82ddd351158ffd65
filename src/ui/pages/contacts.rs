//! The contact list: instant search, sort by column, virtualized.

use leptos::prelude::*;
use uuid::Uuid;

use crate::i18n::{self, T};
use crate::model::Kind;
use crate::ui::routes::link;
use crate::ui::routes::record_href;
use crate::ui::state::use_app;
use crate::ui::widgets::list::{column_header, search_results, sort_header, sorted_ids, ListFrame, ListTexts};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SortBy {
    Name,
    Organization,
    Role,
}

/// What the list shows: a contact's own fields and its organization's
/// name (a contact is also found and sorted by it).
const SHOWN: &[Kind] = &[Kind::Contact, Kind::Organization];

#[component]
pub fn ContactsPage() -> impl IntoView {
    let app = use_app();
    let query = RwSignal::new(String::new());
    let sort = RwSignal::new((SortBy::Name, false));
    // Sorting depends on the records and the column, not on the query, so
    // a keystroke only filters an already sorted list.
    let sorted = Memo::new(move |_| {
        let (by, desc) = sort.get();
        app.read(SHOWN, |crm| match by {
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
    let visible = search_results(app, SHOWN, sorted, query);
    let total = Memo::new(move |_| app.read(&[Kind::Contact], |c| c.contact_count()));
    let sort_by = move |by: SortBy, label: T, class: &'static str| sort_header(sort, by, label, class);
    let row = move |id: Uuid| {
        let lang = app.lang.get();
        app.read(SHOWN, |crm| {
            crm.contact(id).map(|c| {
                let org = c.organization_id.and_then(|o| crm.organization(o)).map(|o| o.name.clone()).unwrap_or_default();
                let primary = crm.is_primary(c);
                view! {
                    <div class="row contact-row">
                        <span class="cell name" role="cell"><a class="row-link" href=link(record_href(Kind::Contact, id))>
                            <span class="line">
                                <strong>{c.full_name()}</strong>
                                {primary.then(|| view! { <span class="star" role="img" title=lang.t(T::PrimaryContact) aria-label=lang.t(T::PrimaryContact)>"★"</span> })}
                            </span>
                            <small class="sub">{c.position.clone()}</small>
                        </a></span>
                        <span role="cell" class="cell org">{org}</span>
                        <span role="cell" class="cell role">{lang.t(i18n::role(c.role))}</span>
                        <span role="cell" class="cell email">{c.primary_email().unwrap_or_default().to_string()}</span>
                        <span role="cell" class="cell phone">{c.primary_phone().unwrap_or_default().to_string()}</span>
                    </div>
                }
            })
        })
    };
    let header = move || {
        view! {
            {sort_by(SortBy::Name, T::FieldFullName, "name")}
            {sort_by(SortBy::Organization, T::FieldOrganization, "org")}
            {sort_by(SortBy::Role, T::FieldRole, "role")}
            {column_header("email", T::FieldEmail)}
            {column_header("phone", T::FieldPhone)}
        }
    };
    view! {
        <ListFrame
            texts=ListTexts {
                title: T::NavContacts,
                new_href: "/contacts/new",
                new_label: T::NewContact,
                search_hint: T::SearchContactsHint,
                empty: T::NoContactsYet,
                table_class: "contacts-table",
                csv: Some(crate::ui::csv_export::CONTACTS),
                bulk: Some(crate::model::Kind::Contact),
            }
            query=query
            visible=visible
            total=total
            header=header
            row=row
        />
    }
}

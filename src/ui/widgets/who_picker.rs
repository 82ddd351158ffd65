//! Picks who a ticket is about, an organization or a contact, by typing
//! part of a name, an email, a phone number or an IČO (the global search's
//! index): what a caller says first.

use leptos::prelude::*;

use crate::i18n::T;
use crate::model::search::Query;
use crate::model::{Kind, Target};
use crate::ui::state::use_app;

/// Matches shown per kind.
const SHOWN: usize = 6;

#[component]
pub fn WhoPicker(value: RwSignal<Option<Target>>) -> impl IntoView {
    let app = use_app();
    let query = RwSignal::new(String::new());
    let name = move || value.get().map(|t| app.read_all(|c| c.label(t)));
    let matches = move || {
        let q = Query::new(&query.get());
        if q.is_empty() {
            return Vec::new();
        }
        app.read(&[Kind::Organization, Kind::Contact], |c| {
            let found = c.find_top(&q, SHOWN);
            let orgs = found.organizations.into_iter().map(Target::organization);
            let contacts = found.contacts.into_iter().map(Target::contact);
            orgs.chain(contacts)
                .map(|t| {
                    // A contact is named with its organization: two Jana Nováková differ by it.
                    let sub = match t.kind {
                        Kind::Contact => c.contact(t.id).and_then(|p| p.organization_id).and_then(|o| c.organization(o)).map(|o| o.name.clone()),
                        _ => None,
                    };
                    (t, c.label(t), sub.unwrap_or_default())
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <div class="org-picker who-picker">
            <div class="picked">
                <span id="who-picked">{move || name().unwrap_or_else(|| app.t(T::NoOrganization).to_string())}</span>
                {move || value.get().is_some().then(|| view! {
                    <button type="button" class="link" on:click=move |_| value.set(None)>{move || app.t(T::Remove)}</button>
                })}
            </div>
            <input
                id="f-who"
                type="search"
                autocomplete="off"
                placeholder=move || app.t(T::Search)
                prop:value=move || query.get()
                on:input=move |ev| query.set(event_target_value(&ev))
                aria-controls=move || (!query.with(String::is_empty)).then_some("who-options")
            />
            <Show when=move || !query.with(String::is_empty)>
                <ul class="options" id="who-options" aria-label=move || app.t(T::WhoReports)>
                    <For
                        each=matches
                        key=|(t, _, _)| t.id
                        children=move |(t, n, sub)| view! {
                            <li>
                                <button type="button" on:click=move |_| {
                                    value.set(Some(t));
                                    query.set(String::new());
                                }>
                                    <span class="kind-mark" aria-hidden="true">{if t.kind == Kind::Organization { "🏢 " } else { "👤 " }}</span>
                                    {n}
                                    {(!sub.is_empty()).then(|| view! { " " <small class="sub">{sub.clone()}</small> })}
                                </button>
                            </li>
                        }
                    />
                </ul>
            </Show>
        </div>
    }
}

//! The records an activity is linked to: chips to remove, and a search to
//! add contacts and organizations (the global search index, so it scales).

use leptos::prelude::*;

use crate::i18n::T;
use crate::model::search::Query;
use crate::model::{Kind, Target};
use crate::ui::state::use_app;

/// How many matches the search offers.
const OFFERED: usize = 8;

#[component]
pub fn LinkPicker(links: RwSignal<Vec<Target>>) -> impl IntoView {
    let app = use_app();
    let query = RwSignal::new(String::new());
    let chips = move || {
        let lang = app.lang.get();
        app.read_all(|crm| {
            links
                .get()
                .into_iter()
                .map(|t| {
                    let label = crm.label(t);
                    let kind = lang.t(crate::i18n::record_kind(t.kind));
                    view! {
                        <li class="chip linked">
                            <span class="sub">{kind}</span>" "{label.clone()}
                            <button
                                type="button"
                                class="link"
                                aria-label=format!("{} {label}", lang.t(T::Remove))
                                on:click=move |_| links.update(|l| l.retain(|x| *x != t))
                            >"×"</button>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    let offers = move || {
        let q = Query::new(&query.get());
        if q.is_empty() {
            return Vec::new();
        }
        app.read_all(|crm| {
            let have = links.get();
            let found = crm.find_top(&q, OFFERED + have.len());
            let contacts = found.contacts.into_iter().map(Target::contact);
            let orgs = found.organizations.into_iter().map(Target::organization);
            // Linking a contact brings its organization along.
            contacts
                .chain(orgs)
                .filter(|t| !have.contains(t))
                .take(OFFERED)
                .map(|t| (t, crm.label(t), crm.with_organizations(&[t])))
                .collect::<Vec<_>>()
        })
    };
    view! {
        <ul class="chips plain" id="links">{chips}</ul>
        <div class="link-search">
            <label for="f-link-search" class="visually-hidden">{move || app.t(T::LinkRecord)}</label>
            <input
                id="f-link-search"
                type="search"
                autocomplete="off"
                placeholder=move || app.t(T::LinkRecord)
                prop:value=move || query.get()
                on:input=move |ev| query.set(event_target_value(&ev))
            />
            <ul class="options" aria-label=move || app.t(T::LinkRecord)>
                {move || offers().into_iter().map(|(t, label, with_org)| view! {
                    <li>
                        <button type="button" on:click=move |_| {
                            links.update(|l| {
                                for x in &with_org {
                                    if !l.contains(x) {
                                        l.push(*x);
                                    }
                                }
                            });
                            query.set(String::new());
                        }>{label}<small class="sub">{move || app.t(if t.kind == Kind::Organization { T::Organization } else { T::Contact })}</small></button>
                    </li>
                }).collect_view()}
            </ul>
        </div>
    }
}

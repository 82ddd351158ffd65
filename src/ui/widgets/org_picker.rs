//! Picks an organization by typing part of its name: scales to thousands
//! of organizations where a <select> would not.

use leptos::prelude::*;
use uuid::Uuid;

use crate::i18n::T;
use crate::model::search::Query;
use crate::ui::state::use_app;

#[component]
pub fn OrgPicker(value: RwSignal<Option<Uuid>>) -> impl IntoView {
    let app = use_app();
    let query = RwSignal::new(String::new());
    let open = RwSignal::new(false);
    let name = move || value.get().and_then(|id| app.read_all(|c| c.organization(id).map(|o| o.name.clone())));
    let matches = move || {
        let q = Query::new(&query.get());
        app.read_all(|c| {
            // Sort by the precomputed keys; clone only the names shown.
            let mut v: Vec<(&str, Uuid)> = c.organizations().filter(|o| c.matches(o.id, &q)).map(|o| (c.sort_key(o.id), o.id)).collect();
            v.sort_unstable();
            v.truncate(12);
            v.into_iter().filter_map(|(_, id)| Some((c.organization(id)?.name.clone(), id))).collect::<Vec<_>>()
        })
    };
    view! {
        <div class="org-picker">
            <div class="picked">
                <span id="org-picked">{move || name().unwrap_or_else(|| app.t(T::NoOrganization).to_string())}</span>
                {move || value.get().is_some().then(|| view! {
                    <button type="button" class="link" on:click=move |_| value.set(None)>{move || app.t(T::Remove)}</button>
                })}
            </div>
            <input
                id="f-organization_id"
                type="search"
                autocomplete="off"
                placeholder=move || app.t(T::Search)
                prop:value=move || query.get()
                on:input=move |ev| {
                    query.set(event_target_value(&ev));
                    open.set(true);
                }
                on:focus=move |_| open.set(true)
                aria-controls=move || open.get().then_some("org-options")
            />
            <Show when=move || open.get()>
                // A list of buttons, not a listbox: an option may not hold a button.
                <ul class="options" id="org-options" aria-label=move || app.t(T::FieldOrganization)>
                    <For
                        each=matches
                        key=|(_, id)| *id
                        children=move |(n, id)| view! {
                            <li>
                                <button type="button" aria-pressed=move || (value.get() == Some(id)).to_string() on:click=move |_| {
                                    value.set(Some(id));
                                    query.set(String::new());
                                    open.set(false);
                                }>{n}</button>
                            </li>
                        }
                    />
                </ul>
            </Show>
        </div>
    }
}

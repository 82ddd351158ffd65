//! The stream: the latest changes across the whole CRM, newest first —
//! every activity logged and every record created, edited or deleted, with
//! who did it — filterable by kind and by team member.

use leptos::prelude::*;
use uuid::Uuid;

use crate::i18n::T;
use crate::model::{Crm, HistoryEntry, Kind};
use crate::ui::state::use_app;
use crate::ui::widgets::timeline::{day_groups, filter_bar, item_view, paged, Filter, Item, PAGE};
use crate::web;

/// Stream entries, newest first, as the filters select.
pub fn entries(crm: &Crm, filter: Filter, member: Option<Uuid>) -> impl Iterator<Item = &HistoryEntry> {
    crm.history().iter().rev().filter(move |h| {
        let kind_ok = match filter {
            Filter::All => true,
            Filter::Changes => h.record_kind != Kind::Activity,
            Filter::Kind(k) => h.record_kind == Kind::Activity && crm.activity(h.record_id).is_some_and(|a| a.kind == k),
        };
        kind_ok && member.is_none_or(|m| h.by_id == Some(m))
    })
}

#[component]
pub fn StreamPage() -> impl IntoView {
    let app = use_app();
    let filter = RwSignal::new(Filter::All);
    let member = RwSignal::new(None::<Uuid>);
    let shown = RwSignal::new(PAGE);
    Effect::new(move |_| {
        filter.track();
        member.track();
        shown.set(PAGE);
    });
    let total = Memo::new(move |_| app.read_all(|crm| entries(crm, filter.get(), member.get()).count()));
    let list = move || {
        let lang = app.lang.get();
        let offset = web::utc_offset_minutes();
        app.read_all(|crm| {
            let items = entries(crm, filter.get(), member.get())
                .take(shown.get())
                .map(|h| (h.at, item_view(crm, lang, offset, Item::Change(h), None)))
                .collect();
            day_groups(lang, offset, items)
        })
    };
    let members = move || app.read_all(|c| c.team().into_iter().map(|m| (m.id, m.name.clone())).collect::<Vec<_>>());
    view! {
        <div class="page stream-page">
            <header class="page-head">
                <h1>{move || app.t(T::NavStream)}</h1>
            </header>
            <section class="card">
                <div class="toolbar">
                    {filter_bar(filter, "stream")}
                    <label for="stream-member" class="visually-hidden">{move || app.t(T::TeamMember)}</label>
                    <select id="stream-member" on:change=move |ev| { member.set(Uuid::parse_str(&event_target_value(&ev)).ok()); }>
                        <option value="">{move || app.t(T::Everyone)}</option>
                        {move || members().into_iter().map(|(id, name)| view! {
                            <option value=id.to_string() selected=move || member.get() == Some(id)>{name}</option>
                        }).collect_view()}
                    </select>
                </div>
                {paged("stream", total, shown, list)}
            </section>
        </div>
    }
}

//! Tasks: open tasks by due day — overdue (highlighted), today, this week,
//! later, undated — yours or everyone's, each marked done in place.

use leptos::prelude::*;

use crate::i18n::{self, format_datetime, T};
use crate::model::agenda::{task_groups, Due};
use crate::model::Kind;
use crate::ui::routes::link;
use crate::ui::routes::record_href;
use crate::ui::state::use_app;
use crate::ui::widgets::timeline::{linked_records, task_toggle};
use crate::web;

#[component]
pub fn TasksPage() -> impl IntoView {
    let app = use_app();
    let everyone = RwSignal::new(false);
    let groups = move || {
        let lang = app.lang.get();
        let now = app.now.get();
        let offset = web::offset_at(now);
        let who = if everyone.get() { None } else { app.me.get() };
        app.read_all(|crm| {
            let groups = task_groups(crm, who, now, offset);
            if groups.is_empty() {
                return view! { <p class="muted" id="no-tasks">{lang.t(T::NoOpenTasks)}</p> }.into_any();
            }
            groups
                .into_iter()
                .map(|(due, list)| {
                    let items = list
                        .into_iter()
                        .map(|t| {
                            let when = t.at.map(|at| format_datetime(lang, at, web::offset_at(at))).unwrap_or_default();
                            let assignee = crm.member_name(t.assignee_id).to_string();
                            view! {
                                <li class="item activity kind-task" class:overdue=due == Due::Overdue data-id=t.id.to_string()>
                                    {task_toggle(t)}
                                    <div class="item-body">
                                        <div class="item-head">
                                            <a class="item-title" href=link(record_href(Kind::Activity, t.id))>{t.title()}</a>
                                            {(t.priority == crate::model::Priority::High).then(|| view! { <span class="badge danger">{lang.t(i18n::priority(t.priority))}</span> })}
                                            <time>{when}</time>
                                        </div>
                                        <p class="item-links">
                                            {linked_records(crm, t.id, None)}
                                            {(!assignee.is_empty()).then(|| view! { <span class="sub">{assignee}</span> })}
                                        </p>
                                    </div>
                                </li>
                            }
                        })
                        .collect_view();
                    view! {
                        <section class=format!("day due-{}", due as u8) aria-label=lang.t(crate::i18n::due(due))>
                            <h3 class="day-head">{lang.t(crate::i18n::due(due))}</h3>
                            <ol class="items">{items}</ol>
                        </section>
                    }
                })
                .collect_view()
                .into_any()
        })
    };
    view! {
        <div class="page tasks-page">
            <header class="page-head">
                <h1>{move || app.t(T::NavTasks)}</h1>
                <div class="chips" role="group">
                    <button type="button" class="chip" id="tasks-mine" class:active=move || !everyone.get() aria-pressed=move || (!everyone.get()).to_string() on:click=move |_| everyone.set(false)>{move || app.t(T::MyTasks)}</button>
                    <button type="button" class="chip" id="tasks-everyone" class:active=move || everyone.get() aria-pressed=move || everyone.get().to_string() on:click=move |_| everyone.set(true)>{move || app.t(T::Everyone)}</button>
                </div>
            </header>
            <section class="card" id="tasks">{groups}</section>
        </div>
    }
}

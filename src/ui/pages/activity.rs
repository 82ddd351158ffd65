//! One activity: everything it holds, what it is linked to, its history;
//! a meeting or task as an `.ics` file; a meeting's summary turned into
//! tasks.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use crate::i18n::{self, format_datetime, T};
use crate::model::Kind;
use crate::model::{ActivityKind, TaskStatus};
use crate::ui::pages::contact::safe_link;
use crate::ui::routes::link;
use crate::ui::routes::param_id;
use crate::ui::routes::{edit_href, target_href};
use crate::ui::state::use_app;
use crate::ui::widgets::attachments::AttachmentsCard;
use crate::ui::widgets::confirm::Confirm;
use crate::ui::widgets::history::entry_view;
use crate::ui::widgets::missing::MissingRecord;
use crate::ui::widgets::timeline::{kind_icon, linked_records, task_toggle};
use crate::web;

#[component]
pub fn ActivityPage() -> impl IntoView {
    let app = use_app();
    let Some(id) = param_id("id") else { return view! { <MissingRecord back="/stream" /> }.into_any() };
    let exists = Memo::new(move |_| app.read_all(|c| c.activity(id).is_some()));
    let confirm = RwSignal::new(false);
    let navigate = use_navigate();
    // Where to go after a delete: the first record it was linked to.
    let back = move || app.read_untracked(|c| c.targets_of(id).first().map(|t| target_href(*t)).unwrap_or_else(|| "/stream".into()));
    let delete = move || {
        let navigate = navigate.clone();
        let to = back();
        leptos::task::spawn_local(async move {
            if app.commit(|crm, ctx| Ok(crm.delete_activity(id, ctx))).await.is_ok() {
                app.info(app.lang.get_untracked().t(T::Deleted));
                navigate(&to, NavigateOptions::default());
            }
        });
    };
    let download_ics = move |_| {
        let file = app.read_untracked(|crm| {
            let a = crm.activity(id)?;
            let item = crate::ical::activity_item(crm, a)?;
            Some(crate::ical::calendar(&[item], web::now()))
        });
        if let Some(text) = file {
            let name = format!("{}-{}.ics", app.read_untracked(|c| c.activity(id).map(|a| a.kind.code())).unwrap_or("activity"), id);
            if let Err(e) = web::download(&name, "text/calendar;charset=utf-8", text.as_bytes()) {
                app.error(e);
            }
        }
    };
    let body = move || {
        let lang = app.lang.get();
        let offset = web::utc_offset_minutes();
        app.read_all(|crm| {
            let a = crm.activity(id)?.clone();
            let row = |label: T, value: String| (!value.is_empty()).then(|| view! { <dt>{lang.t(label)}</dt><dd class="pre">{value}</dd> });
            let time = |t: Option<chrono::DateTime<chrono::Utc>>| t.map(|t| format_datetime(lang, t, offset)).unwrap_or_default();
            let participants: Vec<String> = a
                .participants
                .iter()
                .map(|p| crm.contact(*p).map(|c| c.full_name()).unwrap_or_else(|| crm.member_name(Some(*p)).to_string()))
                .filter(|n| !n.is_empty())
                .collect();
            let is_calendar = matches!(a.kind, ActivityKind::Meeting | ActivityKind::Task);
            let history = crm.history_of(id).into_iter().map(|h| view! { <li class="item change">{entry_view(crm, lang, offset, h, false)}</li> }).collect_view();
            Some(view! {
                <header class="page-head">
                    <div>
                        <p class="subtitle"><span aria-hidden="true">{kind_icon(a.kind)}" "</span>{lang.t(i18n::activity_kind(a.kind))}</p>
                        <h1>{a.title()}</h1>
                        <p class="item-links">{linked_records(crm, id, None)}</p>
                    </div>
                    <div class="actions">
                        {(a.kind == ActivityKind::Task).then(|| task_toggle(&a))}
                        {(a.kind == ActivityKind::Meeting && a.status != TaskStatus::Done).then(|| view! {
                            <button type="button" class="button" id="meeting-held" on:click=move |_| {
                                leptos::task::spawn_local(async move {
                                    if app.commit(move |crm, ctx| crm.set_task_status(id, TaskStatus::Done, ctx)).await.is_ok() {
                                        app.info(app.lang.get_untracked().t(T::MeetingHeldNotice));
                                    }
                                });
                            }>{lang.t(T::MarkMeetingHeld)}</button>
                        })}
                        {is_calendar.then(|| view! { <button type="button" class="button" id="download-ics" on:click=download_ics>{lang.t(T::DownloadIcs)}</button> })}
                        <a class="button" href=link(edit_href(Kind::Activity, id))>{lang.t(T::Edit)}</a>
                        <button type="button" class="button danger" on:click=move |_| confirm.set(true)>{lang.t(T::Delete)}</button>
                    </div>
                </header>
                <section class="card">
                    <h2>{lang.t(T::Details)}</h2>
                    <dl class="details">
                        {row(match a.kind {
                            ActivityKind::Email => T::FieldSentAt,
                            ActivityKind::Call => T::FieldWhen,
                            ActivityKind::Meeting => T::FieldStart,
                            _ => T::FieldDue,
                        }, time(a.at))}
                        {row(T::FieldEnd, time(a.end))}
                        {matches!(a.kind, ActivityKind::Email | ActivityKind::Call).then(|| row(T::FieldDirection, lang.t(i18n::direction(a.direction)).to_string()))}
                        {row(T::FieldTo, a.to.join(", "))}
                        {row(T::FieldCc, a.cc.join(", "))}
                        {row(T::FieldDuration, a.duration_minutes.map(|m| format!("{m} min")).unwrap_or_default())}
                        {row(T::FieldOutcome, a.outcome.clone())}
                        {row(T::FieldNextSteps, a.next_steps.clone())}
                        {(!a.place.is_empty()).then(|| view! { <dt>{lang.t(T::FieldPlace)}</dt><dd>{safe_link(a.place.clone())}</dd> })}
                        {row(T::FieldParticipants, participants.join(", "))}
                        {(a.kind == ActivityKind::Meeting && a.status == TaskStatus::Done).then(|| row(T::MeetingHeld, time(a.done_at)))}
                        {(a.kind == ActivityKind::Task).then(|| view! {
                            {row(T::FieldStatus, lang.t(i18n::task_status(a.status)).to_string())}
                            {row(T::FieldPriority, lang.t(i18n::priority(a.priority)).to_string())}
                            {row(T::FieldAssignee, crm.member_name(a.assignee_id).to_string())}
                            {row(T::FieldDoneAt, time(a.done_at))}
                        })}
                        {row(match a.kind {
                            ActivityKind::Email => T::FieldBody,
                            ActivityKind::Meeting => T::FieldAgenda,
                            ActivityKind::Task => T::FieldDescription,
                            ActivityKind::Call => T::FieldNotes,
                            ActivityKind::Note => T::FieldText,
                        }, a.body.clone())}
                        {row(T::FieldOwner, crm.member_name(a.owner_id).to_string())}
                    </dl>
                </section>
                {(a.kind == ActivityKind::Meeting && !a.summary.trim().is_empty()).then(|| view! { <SummaryToTasks summary=a.summary.clone() meeting=id /> })}
                <section class="card">
                    <h2>{lang.t(T::History)}</h2>
                    <ol class="items">{history}</ol>
                </section>
            })
        })
    };
    view! {
        <Show when=move || exists.get() fallback=|| view! { <MissingRecord back="/stream" /> }>
            <div class="page detail-page">
                {body}
                <AttachmentsCard kind=crate::model::Kind::Activity id=id />
            </div>
        </Show>
        <Confirm open=confirm message=Signal::derive(move || app.t(T::ConfirmDeleteActivity).to_string()) confirm_label=T::Delete on_confirm=delete.clone() />
    }
    .into_any()
}

/// The summary's lines, each with a checkbox: the checked ones become
/// tasks linked to the meeting's records.
#[component]
fn SummaryToTasks(summary: String, meeting: uuid::Uuid) -> impl IntoView {
    let app = use_app();
    let lines: Vec<String> = summary.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect();
    let chosen = RwSignal::new(vec![false; lines.len()]);
    let lines = StoredValue::new(lines);
    let create = move |_| {
        let picked: Vec<String> = lines.with_value(|l| l.iter().zip(chosen.get_untracked()).filter(|(_, c)| *c).map(|(l, _)| l.clone()).collect());
        if picked.is_empty() {
            return;
        }
        leptos::task::spawn_local(async move {
            if app.commit(move |crm, ctx| crm.tasks_from_summary(meeting, &picked, ctx)).await.is_ok() {
                chosen.update(|c| c.iter_mut().for_each(|x| *x = false));
                app.info(app.lang.get_untracked().t(T::TasksCreated));
            }
        });
    };
    view! {
        <section class="card" aria-labelledby="summary-title">
            <h2 id="summary-title">{move || app.t(T::FieldSummary)}</h2>
            <p class="hint">{move || app.t(T::SummaryToTasksHint)}</p>
            <ul class="plain checks" id="summary-lines">
                {lines.with_value(|l| l.iter().enumerate().map(|(i, line)| view! {
                    <li><label>
                        <input type="checkbox" prop:checked=move || chosen.with(|c| c[i]) on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            chosen.update(|c| c[i] = on);
                        } />
                        " "{line.clone()}
                    </label></li>
                }).collect_view())}
            </ul>
            <button type="button" class="button" id="summary-to-tasks" on:click=create>{move || app.t(T::CreateTasks)}</button>
        </section>
    }
}

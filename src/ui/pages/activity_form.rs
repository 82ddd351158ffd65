//! Log or edit an activity: a short form per kind (email, call, meeting,
//! task, note), saved in one transaction with its links.
//!
//! Opened from a record as `/activities/new?kind=call&contact=<id>` (or
//! `organization=<id>`); `compose=1` on an email opens the email app with
//! a `mailto:` link and logs the email as sent.

use chrono::Duration;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use uuid::Uuid;

use crate::i18n::T;
use crate::model::validate::parse_tags;
use crate::model::{Activity, ActivityKind, Direction, FieldError, Kind, Priority, Problem, Target, TaskStatus};
use crate::ui::routes::link;
use crate::ui::routes::param_id;
use crate::ui::routes::{from_id, record_href};
use crate::ui::state::use_app;
use crate::ui::widgets::fields::{choice, datetime_field, error_line, tags_field, text_field};
use crate::ui::widgets::form::{lens, Form};
use crate::ui::widgets::links::LinkPicker;
use crate::ui::widgets::missing::MissingRecord;
use crate::web;

#[component]
pub fn ActivityNew() -> impl IntoView {
    let app = use_app();
    let query = use_query_map();
    let get = |k: &str| query.with_untracked(|q| q.get(k));
    let kind = get("kind").and_then(|k| ActivityKind::parse(&k)).unwrap_or(ActivityKind::Note);
    let compose = kind == ActivityKind::Email && get("compose").as_deref() == Some("1");
    let id_of = |k: &str| get(k).and_then(|s| Uuid::parse_str(&s).ok());
    let draft = if compose { id_of("draft") } else { None };
    let now = web::now();
    let mut a = Activity::new(web::fresh_id(), now, kind);
    let me = app.me.get_untracked();
    a.owner_id = me;
    let (targets, back) = app.read_untracked(|crm| {
        let mut from = Vec::new();
        let mut back = "/stream".to_string();
        if let Some(c) = from_id(Kind::Contact).filter(|id| crm.contact(*id).is_some()) {
            from.push(Target::contact(c));
            back = record_href(Kind::Contact, c);
            if kind == ActivityKind::Email {
                a.to = crm.contact(c).and_then(|c| c.primary_email()).map(|e| vec![e.to_string()]).unwrap_or_default();
            }
            if kind == ActivityKind::Meeting {
                a.participants.push(c);
            }
        }
        if let Some(o) = from_id(Kind::Organization).filter(|id| crm.organization(*id).is_some()) {
            from.push(Target::organization(o));
            if back == "/stream" {
                back = record_href(Kind::Organization, o);
            }
        }
        // Sales and delivery records: the activity is about them (and their customer).
        for kind in [Kind::Opportunity, Kind::Lead, Kind::Quote, Kind::Project, Kind::Handover, Kind::DeliveredItem, Kind::Contract, Kind::Ticket] {
            if let Some(t) = from_id(kind).map(|id| Target { kind, id }).filter(|t| crm.exists(*t)) {
                from.push(t);
                back = record_href(kind, t.id);
                if let Some(o) = crm.opportunity(t.id) {
                    from.extend(o.contacts.iter().map(|c| Target::contact(c.contact_id)));
                    from.extend(o.organization_id.map(Target::organization));
                }
                let customer = crm.project(t.id).map(|p| p.organization_id).or(crm.handover(t.id).map(|h| h.organization_id));
                let customer = customer.or(crm.delivered_item(t.id).map(|d| d.organization_id)).or(crm.contract(t.id).map(|c| c.organization_id));
                from.extend(customer.map(Target::organization));
                if let Some(x) = crm.ticket(t.id) {
                    from.extend(x.organization_id.map(Target::organization));
                    from.extend(x.contact_id.map(Target::contact));
                }
            }
        }
        // A rule's draft: its text, and the records it is about.
        if let Some(d) = draft.and_then(|id| crm.draft(id)) {
            a.to = d.to.clone();
            a.subject = d.subject.clone();
            a.body = d.body.clone();
            let about = if d.record_kind == Kind::Activity { crm.targets_of(d.record_id) } else { vec![d.target()] };
            from.extend(about.into_iter().filter(|t| crate::model::Link::linkable(t.kind) && crm.exists(*t)));
            back = "/inbox".to_string();
        }
        (crm.with_organizations(&from), back)
    });
    match kind {
        // A call is logged after (or while) it happens; a meeting and a
        // task are planned: tomorrow at the next full hour by default.
        ActivityKind::Call | ActivityKind::Email => a.at = Some(now),
        ActivityKind::Meeting => {
            let start = web::next_full_hour(now) + Duration::days(1);
            a.at = Some(start);
            a.end = Some(start + Duration::hours(1));
            a.participants.extend(me);
        }
        ActivityKind::Task => {
            a.at = Some(web::next_full_hour(now) + Duration::days(1));
            a.assignee_id = me;
        }
        ActivityKind::Note => {}
    }
    view! { <ActivityForm activity=a targets=targets is_new=true back=back compose=compose from_draft=draft /> }
}

#[component]
pub fn ActivityEdit() -> impl IntoView {
    let app = use_app();
    let existing = param_id("id").and_then(|id| app.read_untracked(|c| c.activity(id).map(|a| (a.clone(), c.targets_of(id)))));
    match existing {
        Some((a, targets)) => {
            let back = record_href(Kind::Activity, a.id);
            view! { <ActivityForm activity=a targets=targets is_new=false back=back compose=false from_draft=None /> }.into_any()
        }
        None => view! { <MissingRecord back="/stream" /> }.into_any(),
    }
}

/// Comma-separated email addresses.
fn addresses(s: &str) -> Vec<String> {
    s.split([',', ';']).map(str::trim).filter(|a| !a.is_empty()).map(str::to_string).collect()
}

#[component]
fn ActivityForm(activity: Activity, targets: Vec<Target>, is_new: bool, back: String, compose: bool, from_draft: Option<Uuid>) -> impl IntoView {
    let app = use_app();
    let kind = activity.kind;
    let id = activity.id;
    let local = |t: Option<chrono::DateTime<chrono::Utc>>| t.map(web::local_input).unwrap_or_default();
    let at = RwSignal::new(local(activity.at));
    let end = RwSignal::new(local(activity.end));
    let to = RwSignal::new(activity.to.join(", "));
    let cc = RwSignal::new(activity.cc.join(", "));
    let duration = RwSignal::new(activity.duration_minutes.map(|m| m.to_string()).unwrap_or_default());
    let tags = RwSignal::new(activity.tags.join(", "));
    let form = Form::new(activity);
    let Form { draft, errors, saving, .. } = form;
    let links = RwSignal::new(targets);
    let navigate = use_navigate();
    let cancel = back.clone();

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        let mut a = draft.get_untracked();
        let mut problems = Vec::new();
        let mut read_time = |text: String, field: &str, required: bool| match text.trim() {
            "" => {
                if required {
                    problems.push(FieldError::new(field, Problem::Required));
                }
                None
            }
            t => web::parse_local_input(t).or_else(|| {
                problems.push(FieldError::new(field, Problem::NotDate));
                None
            }),
        };
        // A composed email is sent now, whatever the form said.
        a.at =
            if compose { Some(web::now()) } else { read_time(at.get_untracked(), "at", matches!(kind, ActivityKind::Call | ActivityKind::Meeting)) };
        a.end = if kind == ActivityKind::Meeting { read_time(end.get_untracked(), "end", false) } else { None };
        a.to = addresses(&to.get_untracked());
        a.cc = addresses(&cc.get_untracked());
        a.duration_minutes = match duration.get_untracked().trim() {
            "" => None,
            d => match d.parse::<u32>() {
                Ok(m) => Some(m),
                Err(_) => {
                    problems.push(FieldError::new("duration_minutes", Problem::Malformed(app.t(T::WholeMinutes).into())));
                    None
                }
            },
        };
        a.tags = parse_tags(&tags.get_untracked());
        for s in [&mut a.subject, &mut a.place, &mut a.outcome] {
            *s = s.trim().to_string();
        }
        if compose {
            a.direction = Direction::Outbound;
        }
        let mailto = compose.then(|| a.mailto());
        let targets = links.get_untracked();
        let navigate = navigate.clone();
        let back = back.clone();
        saving.set(true);
        leptos::task::spawn_local(async move {
            let result = app
                .commit(form.checked(move |crm, ctx| match crm.save_activity(a, &targets, ctx) {
                    Ok(mut changes) if problems.is_empty() => {
                        // Sending a rule's draft logs it and closes the draft.
                        changes.extend(from_draft.and_then(|d| crm.draft_sent(d, id, ctx)));
                        Ok(changes)
                    }
                    Ok(_) => Err(problems),
                    Err(mut e) => {
                        problems.append(&mut e);
                        Err(problems)
                    }
                }))
                .await;
            saving.set(false);
            match result {
                Ok(changes) => {
                    if let Some(href) = mailto {
                        web::open_external(&href);
                    }
                    let lang = app.lang.get_untracked();
                    app.info(lang.t(if changes.is_empty() { T::NothingChanged } else { T::Saved }));
                    let to = if is_new { back } else { record_href(Kind::Activity, id) };
                    navigate(&to, NavigateOptions { replace: !is_new, ..Default::default() });
                }
                Err(e) => errors.set(e.refused()),
            }
        });
    };

    let direction = move || {
        choice(
            T::FieldDirection,
            "direction",
            vec![(Direction::Outbound, "outbound", T::Outbound), (Direction::Inbound, "inbound", T::Inbound)],
            move || draft.with(|d| d.direction),
            move |v| draft.update(|d| d.direction = v),
        )
    };
    let fields = match kind {
        ActivityKind::Email => view! {
            {form.text(T::FieldSubject, lens!(subject))}
            {text_field(T::FieldTo, "to", "text", move || to.get(), move |v| to.set(v), errors)}
            {text_field(T::FieldCc, "cc", "text", move || cc.get(), move |v| cc.set(v), errors)}
            {(!compose).then(|| view! { {direction()} {datetime_field(T::FieldSentAt, "at", at, errors)} })}
            {form.area(T::FieldBody, lens!(body))}
        }
        .into_any(),
        ActivityKind::Call => view! {
            {form.text(T::FieldTopic, lens!(subject))}
            {datetime_field(T::FieldWhen, "at", at, errors)}
            {text_field(T::FieldDuration, "duration_minutes", "number", move || duration.get(), move |v| duration.set(v), errors)}
            {direction()}
            {form.text(T::FieldOutcome, lens!(outcome))}
            {form.area(T::FieldNextSteps, lens!(next_steps))}
            {form.area(T::FieldNotes, lens!(body))}
        }
        .into_any(),
        ActivityKind::Meeting => view! {
            {form.text(T::FieldSubject, lens!(subject))}
            {datetime_field(T::FieldStart, "at", at, errors)}
            {datetime_field(T::FieldEnd, "end", end, errors)}
            {form.text(T::FieldPlace, lens!(place))}
            <Participants draft=draft links=links />
            {form.area(T::FieldAgenda, lens!(body))}
            {(!is_new).then(|| form.area(T::FieldSummary, lens!(summary)))}
        }
        .into_any(),
        ActivityKind::Task => view! {
            {form.text(T::FieldSubject, lens!(subject))}
            {datetime_field(T::FieldDue, "at", at, errors)}
            {form.member(T::FieldAssignee, lens!(assignee_id))}
            {choice(
                T::FieldPriority,
                "priority",
                vec![(Priority::Low, "low", T::PriorityLow), (Priority::Normal, "normal", T::PriorityNormal), (Priority::High, "high", T::PriorityHigh)],
                move || draft.with(|d| d.priority),
                move |v| draft.update(|d| d.priority = v),
            )}
            {choice(
                T::FieldStatus,
                "status",
                vec![(TaskStatus::Open, "open", T::StatusOpen), (TaskStatus::Done, "done", T::StatusDone), (TaskStatus::Cancelled, "cancelled", T::StatusCancelled)],
                move || draft.with(|d| d.status),
                move |v| draft.update(|d| d.status = v),
            )}
            {form.area(T::FieldDescription, lens!(body))}
        }
        .into_any(),
        ActivityKind::Note => view! {
            {form.area(T::FieldText, lens!(body))}
        }
        .into_any(),
    };
    view! {
        <form class="page form-page activity-form" on:submit=save novalidate>
            <header class="page-head">
                <h1>{move || app.t(crate::i18n::activity_heading(kind, is_new, compose))}</h1>
            </header>
            {form.summary()}
            <section class="card">
                <div class="grid">{fields}</div>
            </section>
            <section class="card">
                <h2>{move || app.t(T::LinkedTo)}</h2>
                <LinkPicker links=links />
                {error_line(errors, "links")}
                <div class="grid">{tags_field(tags, errors)}</div>
            </section>
            {if compose {
                view! {
                    <div class="form-actions">
                        <button type="submit" class="button primary" id="compose-send" prop:disabled=move || saving.get()>
                            {move || app.t(T::OpenEmailAndLog)}
                        </button>
                        <a class="button" href=link(cancel.clone())>{move || app.t(T::Cancel)}</a>
                    </div>
                }
                .into_any()
            } else {
                form.actions(cancel.clone()).into_any()
            }}
        </form>
    }
}

/// A meeting's participants: the contacts it is linked to (and those of
/// linked organizations) and the team, each a checkbox.
#[component]
fn Participants(draft: RwSignal<Activity>, links: RwSignal<Vec<Target>>) -> impl IntoView {
    let app = use_app();
    let candidates = move || {
        app.read_all(|crm| {
            let mut people: Vec<(Uuid, String, bool)> = Vec::new();
            for t in links.get() {
                match t.kind {
                    Kind::Contact => people.extend(crm.contact(t.id).map(|c| (c.id, c.full_name(), false))),
                    Kind::Organization => people.extend(crm.contacts_of(t.id).into_iter().map(|c| (c.id, c.full_name(), false))),
                    _ => {}
                }
            }
            // Anyone already chosen stays listed, even if unlinked since.
            for p in draft.with(|d| d.participants.clone()) {
                people.extend(crm.contact(p).map(|c| (c.id, c.full_name(), false)));
            }
            people.extend(crm.team().into_iter().map(|m| (m.id, m.name.clone(), true)));
            let mut seen = std::collections::HashSet::new();
            people.retain(|(id, _, _)| seen.insert(*id));
            people
        })
    };
    view! {
        <fieldset class="field wide participants">
            <legend>{move || app.t(T::FieldParticipants)}</legend>
            <ul class="plain checks" id="participants">
                {move || candidates().into_iter().map(|(id, name, team)| {
                    let checked = move || draft.with(|d| d.participants.contains(&id));
                    view! {
                        <li>
                            <label>
                                <input type="checkbox" value=id.to_string() prop:checked=checked on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    draft.update(|d| {
                                        d.participants.retain(|p| *p != id);
                                        if on {
                                            d.participants.push(id);
                                        }
                                    });
                                } />
                                " "{name}
                                {team.then(|| view! { <small class="sub">" · "{move || app.t(T::Team)}</small> })}
                            </label>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </fieldset>
    }
}

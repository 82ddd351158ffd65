//! The reminders inbox: due and overdue tasks, meetings about to start,
//! and contacts' birthdays and important dates today. Each can be
//! dismissed or snoozed; with the user's permission they also arrive as
//! browser notifications while the app is open (see `ui::Notifier`).

use chrono::Duration;
use leptos::prelude::*;

use crate::i18n::{self, format_datetime, T};
use crate::model::agenda::{DeadlineKind, DeliveryDue, Handled, Nearness, Reminder};
use crate::model::history::Action;
use crate::model::sla::SlaState;
use crate::model::Crm;
use crate::model::Kind;
use crate::ui::routes::link;
use crate::ui::routes::{draft_href, record_href};
use crate::ui::state::use_app;
use crate::ui::widgets::timeline::kind_icon;
use crate::web;

/// A reminder as a title, a line of detail and where it leads, in the UI
/// language.
pub fn describe(crm: &Crm, lang: i18n::Lang, r: &Reminder) -> (String, String, String) {
    match r {
        Reminder::Alert(a) => {
            let about = crm.label(a.target());
            (a.text.clone(), format!("{} · {about}", lang.t(i18n::record_kind(a.record_kind))), record_href(a.record_kind, a.record_id))
        }
        Reminder::Draft(d) => {
            let to = if d.to.is_empty() { lang.t(T::NoRecipient).to_string() } else { d.to.join(", ") };
            (format!("{}: {}", lang.t(T::EmailDraft), d.subject), format!("{} {to} · {}", lang.t(T::To), crm.label(d.target())), draft_href(d.id))
        }
        Reminder::Followed(h) => {
            let label = if h.record_label.is_empty() {
                crm.label(crate::model::Target { kind: h.record_kind, id: h.record_id })
            } else {
                h.record_label.clone()
            };
            let action = lang.t(match h.action {
                Action::Created => T::ActionCreated,
                Action::Updated => T::ActionUpdated,
                Action::Deleted => T::ActionDeleted,
            });
            let fields = h
                .changes
                .iter()
                .filter(|_| h.action == Action::Updated)
                .map(|f| i18n::field_of(lang, h.record_kind, &f.field))
                .collect::<Vec<_>>()
                .join(", ");
            let by = if h.by.is_empty() { crm.member_name(h.by_id).to_string() } else { h.by.clone() };
            let detail = [action.to_string(), fields, by].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" · ");
            let href = if h.action == Action::Deleted { String::new() } else { record_href(h.record_kind, h.record_id) };
            (label, detail, href)
        }
        Reminder::TaskDue(a) | Reminder::MeetingSoon(a) => {
            let when = a.at.map(|t| format_datetime(lang, t, web::offset_at(t))).unwrap_or_default();
            let what = lang.t(if matches!(r, Reminder::TaskDue(_)) { T::ReminderTaskDue } else { T::ReminderMeetingSoon });
            (a.title(), format!("{what} · {when}"), record_href(Kind::Activity, a.id))
        }
        Reminder::ImportantDate { contact, kind, label, years } => {
            let name = if label.is_empty() { lang.t(i18n::date_kind(*kind)).to_string() } else { label.to_string() };
            let years = years.map(|y| format!(" · {}", i18n::count(lang, i64::from(y), i18n::Noun::Year))).unwrap_or_default();
            (contact.full_name(), format!("{name}{years}"), record_href(Kind::Contact, contact.id))
        }
        Reminder::Delivery { record, label, due, date, .. } => {
            let text = lang.t(match due {
                DeliveryDue::MilestoneOverdue => T::ReminderMilestoneDue,
                DeliveryDue::PlannedEnd => T::ReminderProjectEnd,
                DeliveryDue::DefectFixBy => T::ReminderDefectFixBy,
                DeliveryDue::WarrantyEnds => T::ReminderWarrantyEnds,
                DeliveryDue::CancelBy => T::ReminderCancelBy,
                DeliveryDue::ContractEnds => T::ReminderContractEnds,
            });
            let detail = i18n::fill(text, &[("date", &i18n::format_date(lang, *date))]);
            (label.clone(), format!("{detail} · {}", lang.t(i18n::record_kind(record.kind))), record_href(record.kind, record.id))
        }
        Reminder::Sla { ticket, goal, state, due } => {
            let text = lang.t(if *state == SlaState::Breached { T::ReminderSlaBreached } else { T::ReminderSlaAtRisk });
            let time = format_datetime(lang, *due, web::offset_at(*due));
            let detail = i18n::fill(text, &[("goal", &lang.t(i18n::sla_goal(*goal))), ("time", &time)]);
            let org = ticket.organization_id.and_then(|o| crm.organization(o)).map(|o| format!(" · {}", o.name)).unwrap_or_default();
            (ticket.name(), format!("{detail}{org}"), record_href(Kind::Ticket, ticket.id))
        }
        Reminder::Deadline { opportunity: o, which, when } => {
            let what = lang.t(match which {
                DeadlineKind::Submission => T::FieldSubmissionDeadline,
                DeadlineKind::Close => T::FieldExpectedClose,
            });
            let date = match which {
                DeadlineKind::Submission => o.submission_deadline.map(|t| format_datetime(lang, t, web::offset_at(t))),
                DeadlineKind::Close => o.expected_close.map(|d| i18n::format_date(lang, d)),
            }
            .unwrap_or_default();
            let nearness = match when {
                Nearness::Overdue => lang.t(T::DueOverdue).to_string(),
                Nearness::Soon(0) => lang.t(T::DueToday).to_string(),
                Nearness::Soon(_) => lang.t(T::Tomorrow).to_string(),
                Nearness::InDays(d) => format!("{} {}", lang.t(T::InDays), i18n::count(lang, *d, i18n::Noun::Day)),
            };
            (o.name.clone(), format!("{what}: {date} · {nearness}"), record_href(Kind::Opportunity, o.id))
        }
    }
}

fn discard(app: crate::ui::state::App, id: uuid::Uuid) {
    leptos::task::spawn_local(async move {
        if app.commit(move |crm, ctx| Ok(crm.discard_draft(id, ctx))).await.is_ok() {
            app.info(app.lang.get_untracked().t(T::DraftDiscarded));
        }
    });
}

#[component]
pub fn InboxPage() -> impl IntoView {
    let app = use_app();
    let permission = RwSignal::new(web::notification_permission());
    let list = move || {
        let lang = app.lang.get();
        app.read_all(|crm| {
            let visible = app.visible_reminders(crm);
            if visible.is_empty() {
                return view! { <p class="muted" id="inbox-empty">{lang.t(T::InboxEmpty)}</p> }.into_any();
            }
            let items = visible
                .into_iter()
                .map(|(key, r)| {
                    let (title, detail, href) = describe(crm, lang, &r);
                    let draft = match &r {
                        Reminder::Draft(d) => Some(d.id),
                        _ => None,
                    };
                    let icon = match &r {
                        Reminder::Alert(_) => "!",
                        Reminder::Draft(_) => "@",
                        Reminder::Followed(_) => "~",
                        Reminder::TaskDue(a) | Reminder::MeetingSoon(a) => kind_icon(a.kind),
                        Reminder::ImportantDate { .. } => "★",
                        Reminder::Deadline { .. } => "⏳",
                        Reminder::Delivery { .. } => "⚑",
                        Reminder::Sla { .. } => "⏱",
                    };
                    let overdue = matches!(&r, Reminder::TaskDue(a) if a.at.is_some_and(|t| t < app.now.get_untracked()))
                        || matches!(&r, Reminder::Deadline { when: Nearness::Overdue, .. })
                        || matches!(&r, Reminder::Delivery { date, .. } if *date < app.today_untracked())
                        || matches!(&r, Reminder::Sla { state: SlaState::Breached, .. });
                    let (k1, k2) = (key.clone(), key.clone());
                    view! {
                        <li class="item reminder-item" class:overdue=overdue>
                            <span class="item-kind" aria-hidden="true">{icon}</span>
                            <div class="item-body">
                                <div class="item-head">
                                    {if href.is_empty() { view! { <strong class="item-title">{title}</strong> }.into_any() } else { view! { <a class="item-title" href=link(href)>{title}</a> }.into_any() }}
                                </div>
                                <p class="item-detail">{detail}</p>
                            </div>
                            <div class="actions">
                                {draft.map(|id| view! {
                                    <a class="button small primary write-draft" href=link(draft_href(id))>{lang.t(T::WriteEmail)}</a>
                                    <button type="button" class="button small discard-draft" on:click=move |_| discard(app, id)>{lang.t(T::Discard)}</button>
                                })}
                                <button type="button" class="button small" on:click=move |_| {
                                    app.handle_reminder(k1.clone(), Handled::SnoozedUntil(app.now.get_untracked() + Duration::hours(1)));
                                }>{lang.t(T::SnoozeHour)}</button>
                                <button type="button" class="button small" on:click=move |_| app.handle_reminder(k2.clone(), Handled::Dismissed)>{lang.t(T::Dismiss)}</button>
                            </div>
                        </li>
                    }
                })
                .collect_view();
            view! { <ol class="items" id="inbox">{items}</ol> }.into_any()
        })
    };
    let ask = move |_| {
        leptos::task::spawn_local(async move {
            permission.set(web::ask_notification_permission().await);
        });
    };
    view! {
        <div class="page inbox-page">
            <header class="page-head">
                <h1>{move || app.t(T::NavInbox)}</h1>
                {move || (permission.get().as_deref() == Some("default")).then(|| view! {
                    <button type="button" class="button" id="enable-notifications" on:click=ask>{app.t(T::EnableNotifications)}</button>
                })}
            </header>
            <section class="card">{list}</section>
        </div>
    }
}

//! The reminders inbox: due and overdue tasks, meetings about to start,
//! and contacts' birthdays and important dates today. Each can be
//! dismissed or snoozed; with the user's permission they also arrive as
//! browser notifications while the app is open (see `ui::Notifier`).

use chrono::Duration;
use leptos::prelude::*;

use crate::i18n::{self, format_datetime, T};
use crate::model::agenda::{DeadlineKind, Handled, Nearness, Reminder};
use crate::ui::state::use_app;
use crate::ui::widgets::timeline::kind_icon;
use crate::web;

/// A reminder as a title and a line of detail, in the UI language.
pub fn describe(lang: i18n::Lang, r: &Reminder) -> (String, String, String) {
    match r {
        Reminder::TaskDue(a) | Reminder::MeetingSoon(a) => {
            let when = a.at.map(|t| format_datetime(lang, t, web::offset_at(t))).unwrap_or_default();
            let what = lang.t(if matches!(r, Reminder::TaskDue(_)) { T::ReminderTaskDue } else { T::ReminderMeetingSoon });
            (a.title(), format!("{what} · {when}"), format!("/activities/{}", a.id))
        }
        Reminder::ImportantDate { contact, kind, label, years } => {
            let name = if label.is_empty() { i18n::date_kind(lang, *kind).to_string() } else { label.to_string() };
            let years = years.map(|y| format!(" · {y} {}", lang.t(T::Years))).unwrap_or_default();
            (contact.full_name(), format!("{name}{years}"), format!("/contacts/{}", contact.id))
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
                // Two or three: "za 2 dny", "in 2 days".
                Nearness::InDays(d) => format!("{} {d} {}", lang.t(T::InDays), lang.t(T::DaysFew)),
            };
            (o.name.clone(), format!("{what}: {date} · {nearness}"), format!("/opportunities/{}", o.id))
        }
    }
}

#[component]
pub fn InboxPage() -> impl IntoView {
    let app = use_app();
    let permission = RwSignal::new(web::notification_permission());
    let list = move || {
        let lang = app.lang.get();
        app.crm.with(|crm| {
            let visible = app.visible_reminders(crm);
            if visible.is_empty() {
                return view! { <p class="muted" id="inbox-empty">{lang.t(T::InboxEmpty)}</p> }.into_any();
            }
            let items = visible
                .into_iter()
                .map(|(key, r)| {
                    let (title, detail, href) = describe(lang, &r);
                    let icon = match &r {
                        Reminder::TaskDue(a) | Reminder::MeetingSoon(a) => kind_icon(a.kind),
                        Reminder::ImportantDate { .. } => "★",
                        Reminder::Deadline { .. } => "⏳",
                    };
                    let overdue = matches!(&r, Reminder::TaskDue(a) if a.at.is_some_and(|t| t < app.now.get_untracked()))
                        || matches!(&r, Reminder::Deadline { when: Nearness::Overdue, .. });
                    let (k1, k2) = (key.clone(), key.clone());
                    view! {
                        <li class="item reminder-item" class:overdue=overdue>
                            <span class="item-kind" aria-hidden="true">{icon}</span>
                            <div class="item-body">
                                <div class="item-head">
                                    <a class="item-title" href=href>{title}</a>
                                </div>
                                <p class="item-detail">{detail}</p>
                            </div>
                            <div class="actions">
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

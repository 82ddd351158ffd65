//! What is due when (PRODUCT.md flow 8): tasks grouped by due day, and the
//! reminders the inbox shows at a given moment, in the user's local day.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use common::{at, World};
use vizitka_core::model::agenda::{reminders, shown, task_groups, Due, Handled, Reminder};
use vizitka_core::model::{Activity, ActivityKind, Contact, DateKind, ImportantDate, Target, TaskStatus};

/// Prague in winter: UTC+1.
const PRAGUE: i32 = 60;

fn utc(d: u32, h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, d, h, m, 0).unwrap()
}

fn add(w: &mut World, kind: ActivityKind, subject: &str, when: Option<DateTime<Utc>>) -> Activity {
    let org = w.org(&format!("Firma {subject}"));
    let mut a = Activity::new(w.id(), at(1), kind);
    a.subject = subject.into();
    a.at = when;
    if kind == ActivityKind::Meeting {
        a.end = when.map(|t| t + Duration::hours(1));
    }
    if kind == ActivityKind::Task {
        a.assignee_id = w.me;
    }
    let saved = a.clone();
    w.act(1, |crm, ctx| crm.save_activity(saved, &[Target::organization(org)], ctx).unwrap());
    a
}

#[test]
fn tasks_group_by_the_users_local_day_and_week() {
    let mut w = World::with_tester();
    // Monday 23 November 2026, 9:00 in Prague.
    let now = utc(23, 8, 0);
    add(&mut w, ActivityKind::Task, "overdue", Some(utc(23, 7, 59)));
    add(&mut w, ActivityKind::Task, "today", Some(utc(23, 22, 30))); // 23:30 local
    add(&mut w, ActivityKind::Task, "sunday", Some(utc(29, 22, 59))); // Sun 23:59 local
    add(&mut w, ActivityKind::Task, "next monday", Some(utc(29, 23, 0))); // Mon 0:00 local
    add(&mut w, ActivityKind::Task, "someday", None);
    let done = add(&mut w, ActivityKind::Task, "done", Some(utc(20, 8, 0)));
    w.act(2, |crm, ctx| crm.set_task_status(done.id, TaskStatus::Done, ctx).unwrap());

    let groups: Vec<(Due, Vec<&str>)> =
        task_groups(&w.crm, w.me, now, PRAGUE).into_iter().map(|(d, l)| (d, l.into_iter().map(|a| a.subject.as_str()).collect())).collect();
    assert_eq!(
        groups,
        vec![
            (Due::Overdue, vec!["overdue"]),
            (Due::Today, vec!["today"]),
            (Due::ThisWeek, vec!["sunday"]),
            (Due::Later, vec!["next monday"]),
            (Due::NoDate, vec!["someday"]),
        ]
    );
    // Someone else's tasks are not "mine".
    let someone_else = w.id();
    assert!(task_groups(&w.crm, Some(someone_else), now, PRAGUE).is_empty());
}

#[test]
fn the_inbox_has_due_tasks_soon_meetings_and_todays_dates() {
    let mut w = World::with_tester();
    let now = utc(23, 8, 0);
    let due = add(&mut w, ActivityKind::Task, "call back", Some(utc(23, 8, 0)));
    add(&mut w, ActivityKind::Task, "later today", Some(utc(23, 8, 1)));
    let soon = add(&mut w, ActivityKind::Meeting, "in 15 minutes", Some(utc(23, 8, 15)));
    add(&mut w, ActivityKind::Meeting, "in 16 minutes", Some(utc(23, 8, 16)));
    let running = add(&mut w, ActivityKind::Meeting, "started", Some(utc(23, 7, 30)));
    add(&mut w, ActivityKind::Meeting, "over", Some(utc(23, 6, 0)));

    let mut c = Contact::new(w.id(), at(1));
    c.last_name = "Nováková".into();
    c.important_dates = vec![
        ImportantDate { kind: DateKind::Birthday, label: String::new(), date: NaiveDate::from_ymd_opt(1980, 11, 23).unwrap() },
        ImportantDate { kind: DateKind::Anniversary, label: String::new(), date: NaiveDate::from_ymd_opt(2020, 11, 24).unwrap() },
    ];
    w.act(1, |crm, ctx| crm.save_contact(c, false, ctx).unwrap());

    let list = reminders(&w.crm, w.me, now, PRAGUE);
    let names: Vec<String> = list
        .iter()
        .map(|r| match r {
            Reminder::TaskDue(a) | Reminder::MeetingSoon(a) => a.subject.clone(),
            Reminder::ImportantDate { contact, years, .. } => format!("{} {years:?}", contact.last_name),
            Reminder::Deadline { opportunity, .. } => opportunity.name.clone(),
            Reminder::Alert(a) => a.text.clone(),
            Reminder::Draft(d) => d.subject.clone(),
            Reminder::Followed(h) => h.record_label.clone(),
            Reminder::Delivery { label, .. } => label.clone(),
            Reminder::Sla { ticket, .. } => ticket.name(),
        })
        .collect();
    assert_eq!(names, ["started", "call back", "in 15 minutes", "Nováková Some(46)"]);
    assert!(matches!(list[1], Reminder::TaskDue(a) if a.id == due.id));
    assert!(matches!(list[2], Reminder::MeetingSoon(a) if a.id == soon.id));
    assert!(matches!(list[0], Reminder::MeetingSoon(a) if a.id == running.id));

    // A birthday is "today" in the user's day: 23:30 UTC on the 22nd is the 23rd in Prague.
    assert_eq!(reminders(&w.crm, w.me, utc(22, 23, 30), PRAGUE).iter().filter(|r| matches!(r, Reminder::ImportantDate { .. })).count(), 1);
    assert_eq!(reminders(&w.crm, w.me, utc(22, 23, 30), 0).iter().filter(|r| matches!(r, Reminder::ImportantDate { .. })).count(), 0);

    // A done task leaves the inbox.
    w.act(2, |crm, ctx| crm.set_task_status(due.id, TaskStatus::Done, ctx).unwrap());
    assert!(!reminders(&w.crm, w.me, now, PRAGUE).iter().any(|r| matches!(r, Reminder::TaskDue(a) if a.id == due.id)));
}

#[test]
fn dismissed_stays_hidden_snoozed_comes_back_and_a_moved_task_reminds_again() {
    let mut w = World::with_tester();
    let now = utc(23, 8, 0);
    let task = add(&mut w, ActivityKind::Task, "follow up", Some(utc(23, 7, 0)));
    let first = reminders(&w.crm, w.me, now, PRAGUE)[0].key(now, PRAGUE);
    assert!(!shown(Some(Handled::Dismissed), now));
    assert!(!shown(Some(Handled::SnoozedUntil(now + Duration::minutes(10))), now + Duration::minutes(9)));
    assert!(shown(Some(Handled::SnoozedUntil(now + Duration::minutes(10))), now + Duration::minutes(10)));
    // Moved to a later time, it is another reminder.
    let mut moved = w.crm.activity(task.id).unwrap().clone();
    moved.at = Some(utc(23, 7, 30));
    let targets = w.crm.targets_of(task.id);
    w.act(2, |crm, ctx| crm.save_activity(moved, &targets, ctx).unwrap());
    assert_ne!(reminders(&w.crm, w.me, now, PRAGUE)[0].key(now, PRAGUE), first);
}

#[test]
fn a_leap_day_birthday_is_celebrated_on_28_february() {
    let mut w = World::with_tester();
    let mut c = Contact::new(w.id(), at(1));
    c.last_name = "Přestupná".into();
    c.important_dates = vec![ImportantDate { kind: DateKind::Birthday, label: String::new(), date: NaiveDate::from_ymd_opt(2000, 2, 29).unwrap() }];
    w.act(1, |crm, ctx| crm.save_contact(c, false, ctx).unwrap());
    let feb28 = Utc.with_ymd_and_hms(2027, 2, 28, 12, 0, 0).unwrap();
    assert_eq!(reminders(&w.crm, w.me, feb28, PRAGUE).len(), 1);
    let feb28_leap = Utc.with_ymd_and_hms(2028, 2, 28, 12, 0, 0).unwrap();
    assert_eq!(reminders(&w.crm, w.me, feb28_leap, PRAGUE).len(), 0, "in a leap year it waits for the 29th");
}

#[test]
fn a_calendar_shows_meetings_and_tasks_on_their_local_days() {
    use vizitka_core::model::agenda::{calendar_days, month_grid, week_start};
    let mut w = World::with_tester();
    add(&mut w, ActivityKind::Meeting, "late meeting", Some(utc(24, 23, 30))); // Wed 0:30 in Prague
    add(&mut w, ActivityKind::Task, "task", Some(utc(25, 8, 0)));
    add(&mut w, ActivityKind::Meeting, "early", Some(utc(25, 6, 0)));
    add(&mut w, ActivityKind::Call, "a call is no calendar item", Some(utc(25, 9, 0)));
    let monday = week_start(NaiveDate::from_ymd_opt(2026, 11, 26).unwrap());
    assert_eq!(monday, NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
    let week = calendar_days(&w.crm, monday, monday + Duration::days(6), PRAGUE);
    let shown: Vec<(u32, Vec<&str>)> =
        week.iter().filter(|(_, l)| !l.is_empty()).map(|(d, l)| (chrono::Datelike::day(d), l.iter().map(|a| a.subject.as_str()).collect())).collect();
    assert_eq!(shown, vec![(25, vec!["late meeting", "early", "task"])]);
    // November 2026 starts on a Sunday and ends on a Monday: six weeks.
    let (first, last) = month_grid(NaiveDate::from_ymd_opt(2026, 11, 15).unwrap());
    assert_eq!((first, last), (NaiveDate::from_ymd_opt(2026, 10, 26).unwrap(), NaiveDate::from_ymd_opt(2026, 12, 6).unwrap()));
}

#[test]
fn a_changed_or_deleted_date_leaves_todays_reminders() {
    let mut w = World::with_tester();
    let mut c = Contact::new(w.id(), at(1));
    c.last_name = "Malá".into();
    c.important_dates = vec![
        ImportantDate { kind: DateKind::Birthday, label: String::new(), date: NaiveDate::from_ymd_opt(1990, 2, 28).unwrap() },
        ImportantDate { kind: DateKind::Custom, label: "Svátek".into(), date: NaiveDate::from_ymd_opt(1992, 2, 29).unwrap() },
    ];
    let id = c.id;
    let saved = c.clone();
    w.act(1, |crm, ctx| crm.save_contact(saved, false, ctx).unwrap());
    let feb28 = Utc.with_ymd_and_hms(2027, 2, 28, 12, 0, 0).unwrap();
    assert_eq!(reminders(&w.crm, w.me, feb28, PRAGUE).len(), 2, "each date once");
    c.important_dates.truncate(1);
    c.important_dates[0].date = NaiveDate::from_ymd_opt(1990, 3, 1).unwrap();
    w.act(2, |crm, ctx| crm.save_contact(c, false, ctx).unwrap());
    assert!(reminders(&w.crm, w.me, feb28, PRAGUE).is_empty());
    assert_eq!(reminders(&w.crm, w.me, feb28 + Duration::days(1), PRAGUE).len(), 1);
    w.act(3, |crm, ctx| crm.delete_contact(id, vizitka_core::model::ActivitiesOnDelete::Keep, ctx));
    assert!(reminders(&w.crm, w.me, feb28 + Duration::days(1), PRAGUE).is_empty());
}

//! Reports on a fixed data set: contacts per organization, and which
//! contacts are active (an interaction in the last 30 days) or dormant
//! (none for 90 days or more).
#![cfg(not(target_arch = "wasm32"))]

mod common;

use chrono::{Duration, TimeZone, Utc};
use common::World;
use uuid::Uuid;
use vizitka::model::{Activity, ActivityKind, Role, Target};
use vizitka::report::{contacts_per_organization, engagement, LastContact, Thresholds};

/// Logs an activity of `kind` with `contact` at `days_ago` before the report's now.
fn log(w: &mut World, contact: Uuid, kind: ActivityKind, days_ago: i64) {
    let now = Utc.with_ymd_and_hms(2026, 11, 30, 12, 0, 0).unwrap();
    let mut a = Activity::new(w.id(), now, kind);
    a.subject = format!("{kind:?} {days_ago} days ago");
    a.body = a.subject.clone();
    a.at = Some(now - Duration::days(days_ago));
    w.act(3, |crm, ctx| crm.save_activity(a, &[Target::contact(contact)], ctx).unwrap());
}

#[test]
fn contacts_per_organization_most_first_and_those_without_last() {
    let mut w = World::new();
    let small = w.org("Cukrárna Malá");
    let big = w.org("Pekárna U Mlýna");
    let empty = w.org("Autoservis Novák");
    let eva = w.contact("Eva", "Malá", Some(small), Role::Other, false);
    let jan = w.contact("Jan", "Dvořák", Some(big), Role::Other, true);
    let petr = w.contact("Petr", "Horák", Some(big), Role::Other, false);
    let free = w.contact("Zuzana", "Bílá", None, Role::Other, false);
    let rows = contacts_per_organization(&w.crm);
    let shown: Vec<(Option<Uuid>, Vec<Uuid>)> = rows.into_iter().map(|r| (r.organization, r.contacts)).collect();
    assert_eq!(shown, vec![(Some(big), vec![jan, petr]), (Some(small), vec![eva]), (Some(empty), vec![]), (None, vec![free])]);
}

#[test]
fn active_and_dormant_contacts_follow_their_last_interaction() {
    let mut w = World::new();
    let now = Utc.with_ymd_and_hms(2026, 11, 30, 12, 0, 0).unwrap();
    let recent = w.contact("Jan", "Dvořák", None, Role::Other, false);
    let middle = w.contact("Eva", "Malá", None, Role::Other, false);
    let silent = w.contact("Petr", "Horák", None, Role::Other, false);
    let only_notes = w.contact("Zuzana", "Bílá", None, Role::Other, false);
    log(&mut w, recent, ActivityKind::Call, 200);
    log(&mut w, recent, ActivityKind::Email, 3);
    log(&mut w, middle, ActivityKind::Meeting, 45);
    log(&mut w, silent, ActivityKind::Meeting, 120);
    // Notes and tasks are our own work, and a meeting next week has not happened.
    log(&mut w, only_notes, ActivityKind::Note, 1);
    log(&mut w, only_notes, ActivityKind::Task, 2);
    log(&mut w, silent, ActivityKind::Meeting, -7);

    let at = |days: i64| Some(now - Duration::days(days));
    let e = engagement(&w.crm, now, Thresholds::default());
    assert_eq!(e.active, vec![LastContact { contact: recent, last: at(3) }]);
    // Zuzana was never contacted and was created on 2 November: not yet 90 days.
    assert_eq!(e.dormant, vec![LastContact { contact: silent, last: at(120) }]);

    // A year on, never contacted counts as dormant, first; Petr's meeting
    // that was next week has happened, so he is the least silent.
    let later = now + Duration::days(365);
    let e = engagement(&w.crm, later, Thresholds::default());
    assert!(e.active.is_empty());
    assert_eq!(e.dormant.iter().map(|r| r.contact).collect::<Vec<_>>(), vec![only_notes, middle, recent, silent]);

    // The thresholds are the user's.
    let e = engagement(&w.crm, now, Thresholds { active_days: 2, dormant_days: 40 });
    assert!(e.active.is_empty(), "the last email was 3 days ago");
    assert_eq!(e.dormant.iter().map(|r| r.contact).collect::<Vec<_>>(), vec![silent, middle]);
}

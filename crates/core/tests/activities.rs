//! Activities, their links and the timeline, as flow 3 of PRODUCT.md uses
//! them: from a contact, log a call, schedule a meeting, compose an email,
//! add a task and a note; all show on the contact's and the organization's
//! timeline, newest first.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{at, World};
use uuid::Uuid;
use vizitka_core::bundle::{self, ImportError};
use vizitka_core::model::{
    Action, ActivitiesOnDelete, Activity, ActivityKind, Change, Crm, Kind, Problem, Rec, Role, Target, TaskStatus, TeamMember,
};

fn activity(w: &mut World, kind: ActivityKind, subject: &str, day: u32) -> Activity {
    let mut a = Activity::new(w.id(), at(day), kind);
    a.subject = subject.into();
    a.body = format!("{subject} text");
    a.at = Some(at(day));
    a
}

/// Saves an activity linked to `targets`; the changes it made.
fn log(w: &mut World, a: Activity, targets: &[Target], day: u32) -> Vec<Change> {
    w.act(day, |crm, ctx| crm.save_activity(a, targets, ctx).expect("valid activity"))
}

fn link_targets(changes: &[Change]) -> Vec<Target> {
    let mut t: Vec<Target> = changes
        .iter()
        .filter_map(|c| match c {
            Change::Put(Rec::Link(l)) => Some(l.target()),
            _ => None,
        })
        .collect();
    t.sort();
    t
}

#[test]
fn linking_a_contact_links_its_organization_unless_taken_away() {
    let mut w = World::with_tester();
    let org = w.org("Pekárna U Mlýna");
    let jana = w.contact("Jana", "Nováková", Some(org), Role::DecisionMaker, true);
    let loner = w.contact("Petr", "Sám", None, Role::Other, false);

    let offered = w.crm.with_organizations(&[Target::contact(jana), Target::contact(loner)]);
    assert_eq!(offered, vec![Target::contact(jana), Target::organization(org), Target::contact(loner)]);

    // The user keeps the organization: both are linked, in one action.
    let call = activity(&mut w, ActivityKind::Call, "Cena chleba", 3);
    let targets = w.crm.with_organizations(&[Target::contact(jana)]);
    let changes = log(&mut w, call.clone(), &targets, 3);
    let mut expected = vec![Target::contact(jana), Target::organization(org)];
    expected.sort();
    assert_eq!(link_targets(&changes), expected);
    assert!(changes.iter().any(|c| matches!(c, Change::Put(Rec::History(h)) if h.record_id == call.id && h.action == Action::Created)));
    assert_eq!(w.crm.activities_of(org).len(), 1);

    // Took the organization away, linked the loner: one link deleted, one added,
    // the contact's link kept as it was.
    let edited = w.crm.activity(call.id).unwrap().clone();
    let changes = log(&mut w, edited, &[Target::contact(jana), Target::contact(loner), Target::contact(jana)], 4);
    assert_eq!(link_targets(&changes), vec![Target::contact(loner)]);
    assert_eq!(changes.iter().filter(|c| matches!(c, Change::Delete(Kind::Link, _))).count(), 1);
    assert!(w.crm.activities_of(org).is_empty());
    assert_eq!(w.crm.targets_of(call.id).len(), 2);

    // A link to a record that does not exist is refused, and nothing is saved.
    let note = activity(&mut w, ActivityKind::Note, "", 5);
    let mut next = || vizitka_core::model::ids::new_id(1, [7; 10]);
    let mut ctx = vizitka_core::model::Ctx { now: at(9), me: w.me, new_id: &mut next };
    let err = w.crm.save_activity(note, &[Target::contact(Uuid::nil())], &mut ctx).unwrap_err();
    assert_eq!(err[0].field, "links");
    assert_eq!(err[0].problem, Problem::Missing);
}

#[test]
fn the_timeline_shows_every_activity_of_contact_and_organization_newest_first() {
    let mut w = World::with_tester();
    let org = w.org("Hotel Podkova");
    let jana = w.contact("Jana", "Nováková", Some(org), Role::Other, false);
    let petr = w.contact("Petr", "Dvořák", Some(org), Role::Technical, false);
    let targets = w.crm.with_organizations(&[Target::contact(jana)]);

    let call = activity(&mut w, ActivityKind::Call, "Úvodní hovor", 10);
    let mut meeting = activity(&mut w, ActivityKind::Meeting, "Prohlídka hotelu", 14);
    meeting.end = Some(at(14) + chrono::Duration::hours(1));
    meeting.participants = vec![jana, petr, w.me.unwrap()];
    let mut email = activity(&mut w, ActivityKind::Email, "Nabídka", 11);
    email.to = vec!["jana@example.cz".into()];
    let task = activity(&mut w, ActivityKind::Task, "Poslat smlouvu", 12);
    for a in [call.clone(), meeting.clone(), email.clone(), task.clone()] {
        log(&mut w, a, &targets, 9);
    }
    let ids = |list: Vec<&Activity>| list.into_iter().map(|a| a.id).collect::<Vec<_>>();
    assert_eq!(ids(w.crm.activities_of(jana)), vec![meeting.id, task.id, email.id, call.id]);
    assert_eq!(ids(w.crm.activities_of(org)), vec![meeting.id, task.id, email.id, call.id]);
    assert!(w.crm.activities_of(petr).is_empty(), "a participant is not a link");
    // The task is assigned to nobody unless chosen; the owner is the one acting.
    assert_eq!(w.crm.activity(task.id).unwrap().owner_id, w.me);
}

#[test]
fn a_task_done_gets_its_time_and_loses_it_when_reopened() {
    let mut w = World::with_tester();
    let org = w.org("Elektro Jiskra");
    let task = activity(&mut w, ActivityKind::Task, "Zavolat zpět", 3);
    log(&mut w, task.clone(), &[Target::organization(org)], 3);
    let changes = w.act(5, |crm, ctx| crm.set_task_status(task.id, TaskStatus::Done, ctx).unwrap());
    let t = w.crm.activity(task.id).unwrap();
    assert_eq!((t.status, t.done_at), (TaskStatus::Done, Some(at(5))));
    let h = w.crm.history_of(task.id);
    let fields: Vec<&str> = h[0].changes.iter().map(|c| c.field.as_str()).collect();
    assert_eq!(fields, ["done_at", "status"], "the history names what changed");
    assert!(changes.iter().all(|c| !matches!(c, Change::Put(Rec::Link(_)) | Change::Delete(Kind::Link, _))), "links untouched");
    w.act(6, |crm, ctx| crm.set_task_status(task.id, TaskStatus::Open, ctx).unwrap());
    assert_eq!(w.crm.activity(task.id).unwrap().done_at, None);
}

#[test]
fn a_meeting_summary_becomes_tasks_linked_to_the_same_records() {
    let mut w = World::with_tester();
    let org = w.org("Tiskárna Písmeno");
    let jana = w.contact("Jana", "Nováková", Some(org), Role::Other, false);
    let mut meeting = activity(&mut w, ActivityKind::Meeting, "Porada", 3);
    meeting.summary = "- poslat ceník\n\n* objednat papír\n".into();
    let targets = w.crm.with_organizations(&[Target::contact(jana)]);
    log(&mut w, meeting.clone(), &targets, 3);
    let lines = vec!["- poslat ceník".to_string(), "   ".into(), "* objednat papír".into()];
    w.act(4, |crm, ctx| crm.tasks_from_summary(meeting.id, &lines, ctx).unwrap());
    let tasks: Vec<&Activity> = w.crm.activities_of(jana).into_iter().filter(|a| a.kind == ActivityKind::Task).collect();
    let mut titles: Vec<&str> = tasks.iter().map(|t| t.subject.as_str()).collect();
    titles.sort();
    assert_eq!(titles, ["objednat papír", "poslat ceník"]);
    for t in tasks {
        assert_eq!(w.crm.targets_of(t.id), w.crm.targets_of(meeting.id));
        assert_eq!(t.assignee_id, w.me);
    }
}

#[test]
fn deleting_a_contact_keeps_or_deletes_its_activities_as_asked() {
    for choice in [ActivitiesOnDelete::Keep, ActivitiesOnDelete::Delete] {
        let mut w = World::with_tester();
        let org = w.org("Autodoprava Horák");
        let jana = w.contact("Jana", "Horáková", Some(org), Role::Other, false);
        let call = activity(&mut w, ActivityKind::Call, "Dodávka", 3);
        let targets = w.crm.with_organizations(&[Target::contact(jana)]);
        log(&mut w, call.clone(), &targets, 3);
        let links_before = w.crm.links().count();
        w.act(4, |crm, ctx| crm.delete_contact(jana, choice, ctx));
        match choice {
            ActivitiesOnDelete::Keep => {
                assert!(w.crm.activity(call.id).is_some());
                assert_eq!(w.crm.targets_of(call.id), vec![Target::organization(org)], "only the contact's link went");
                assert_eq!(w.crm.links().count(), links_before - 1);
            }
            ActivitiesOnDelete::Delete => {
                assert!(w.crm.activity(call.id).is_none());
                assert_eq!(w.crm.links().count(), 0, "no link is left pointing at nothing");
                assert_eq!(w.crm.history_of(call.id)[0].action, Action::Deleted);
            }
        }
    }
}

#[test]
fn activities_are_found_by_subject_and_text() {
    let mut w = World::with_tester();
    let org = w.org("Zahradnictví Květ");
    let mut note = activity(&mut w, ActivityKind::Note, "", 3);
    note.body = "Zákazník chce jehličnany do Říčan".into();
    log(&mut w, note.clone(), &[Target::organization(org)], 3);
    let found = w.crm.find(&vizitka_core::model::search::Query::new("ricany"));
    assert!(found.activities.is_empty(), "words match from their start");
    let found = w.crm.find(&vizitka_core::model::search::Query::new("jehlič"));
    assert_eq!(found.activities, vec![note.id]);
    assert_eq!(w.crm.activity(note.id).unwrap().title(), "Zákazník chce jehličnany do Říčan");
}

#[test]
fn activities_and_the_team_round_trip_through_the_bundle() {
    let mut w = World::with_tester();
    let org = w.org("Lékárna Na Rohu");
    let jana = w.contact("Jana", "Nováková", Some(org), Role::Other, false);
    let mut meeting = activity(&mut w, ActivityKind::Meeting, "Inventura", 4);
    meeting.participants = vec![jana, w.me.unwrap()];
    meeting.place = "https://meet.example.cz/abc".into();
    let targets = w.crm.with_organizations(&[Target::contact(jana)]);
    log(&mut w, meeting.clone(), &targets, 4);
    let text = bundle::export(&w.crm, at(20));
    let b = bundle::parse(text.as_bytes()).expect("our own export parses");
    assert_eq!(b.records.team_members.len(), 1);
    assert_eq!(b.records.activities.len(), 1);
    assert_eq!(b.records.links.len(), 2);
    let again = bundle::combine(&Crm::new(), b, bundle::ImportMode::ReplaceAll);
    assert_eq!(bundle::export(&again, at(20)), text, "lossless");

    // A link to an activity that is not in the file is named.
    let broken = text.replace(&format!("\"activity_id\":\"{}\"", meeting.id), &format!("\"activity_id\":\"{}\"", Uuid::nil()));
    match bundle::parse(broken.as_bytes()) {
        Err(ImportError::Invalid { errors, .. }) => assert_eq!(errors[0].to_string(), "links[0].activity_id: refers to a record that does not exist"),
        other => panic!("expected a missing activity, got {other:?}"),
    }
    // A `javascript:` meeting link is refused.
    let evil = text.replace("https://meet.example.cz/abc", "javascript:alert(1)");
    match bundle::parse(evil.as_bytes()) {
        Err(ImportError::Invalid { errors, .. }) => assert_eq!(errors[0].field, "activities[0].place"),
        other => panic!("expected a refused place, got {other:?}"),
    }
}

#[test]
fn a_schema_2_bundle_gets_its_owners_as_team_members() {
    let v2 = r#"{"format":"vizitka-bundle","schema_version":2,"exported_at":"2026-10-01T10:00:00Z",
      "organizations":[{"id":"01900000-0000-7000-8000-000000000001","created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z","name":"Hotel Podkova","owner":"Jana Nováková"}],
      "contacts":[{"id":"01900000-0000-7000-8000-000000000002","created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z","last_name":"Dvořák","owner":" Jana Nováková "},
                  {"id":"01900000-0000-7000-8000-000000000003","created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z","last_name":"Malá","owner":""}],
      "history":[{"id":"01900000-0000-7000-8000-000000000004","at":"2026-01-01T00:00:00Z","by":"Petr","record_kind":"contact","record_id":"01900000-0000-7000-8000-000000000003","action":"created"}]}"#;
    let b = bundle::parse(v2.as_bytes()).expect("a schema 2 bundle migrates");
    let r = &b.records;
    let names: Vec<&str> = r.team_members.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["Jana Nováková", "Petr"], "one member per distinct name");
    let jana = r.team_members[0].id;
    assert_eq!(r.organizations[0].owner_id, Some(jana));
    assert_eq!(r.contacts[0].owner_id, Some(jana), "names are trimmed");
    assert_eq!(r.contacts[1].owner_id, None);
    assert_eq!(r.history[0].by_id, Some(r.team_members[1].id));
    assert_eq!(r.history[0].by, "Petr", "the name at the time stays");
    // The same file gives the same ids (a merge of it twice adds no one twice).
    assert_eq!(bundle::parse(v2.as_bytes()).unwrap().records.team_members, r.team_members);
}

#[test]
fn changes_of_every_kind_survive_the_log_format() {
    let mut w = World::with_tester();
    let org = w.org("Kovovýroba Šťastný");
    let a = activity(&mut w, ActivityKind::Email, "Faktura", 2);
    let changes = log(&mut w, a.clone(), &[Target::organization(org)], 2);
    let member = TeamMember::new(w.id(), at(2), "Eva");
    let mut all = changes.clone();
    all.push(Change::put(member));
    all.push(Change::Delete(Kind::Activity, a.id));
    all.push(Change::Delete(Kind::TeamMember, a.id));
    let text = vizitka_core::segments::encode_log_entry(&all);
    let back = vizitka_core::segments::decode_log_entry("1", &text).unwrap();
    assert_eq!(back, all);
    let json = String::from_utf8(text).unwrap();
    for op in ["\"op\":\"put_activity\"", "\"op\":\"put_link\"", "\"op\":\"add_history\"", "\"op\":\"put_team_member\"", "\"op\":\"delete_activity\""]
    {
        assert!(json.contains(op), "{op} in {json}");
    }
    assert!(vizitka_core::segments::decode_log_entry("1", br#"[{"op":"delete_history","id":"01900000-0000-7000-8000-000000000004"}]"#).is_err());
}

#[test]
fn a_composed_email_opens_as_a_mailto_link() {
    let mut a = Activity::new(Uuid::nil(), at(1), ActivityKind::Email);
    a.to = vec!["jana@pekarna.cz".into(), "petr@pekarna.cz".into()];
    a.cc = vec!["sef@firma.cz".into()];
    a.subject = "Nabídka & ceník?".into();
    a.body = "Dobrý den,\nposílám nabídku.".into();
    assert_eq!(
        a.mailto(),
        "mailto:jana@pekarna.cz,petr@pekarna.cz?cc=sef@firma.cz&subject=Nab%C3%ADdka%20%26%20cen%C3%ADk%3F&body=Dobr%C3%BD%20den%2C%0D%0Apos%C3%ADl%C3%A1m%20nab%C3%ADdku."
    );
}

#[test]
fn an_activity_checks_its_own_fields() {
    let mut m = Activity::new(Uuid::nil(), at(1), ActivityKind::Meeting);
    m.subject = "Porada".into();
    m.at = Some(at(5));
    m.end = Some(at(4));
    m.to = vec!["není adresa".into()];
    m.duration_minutes = Some(24 * 60 + 1);
    let problems: Vec<String> = m.validate().iter().map(|e| e.to_string()).collect();
    assert_eq!(problems, ["to[0]: not an email address", "duration_minutes: must be between 0 and 1440", "end: ends before it starts"]);
    let note = Activity::new(Uuid::nil(), at(1), ActivityKind::Note);
    assert_eq!(note.validate()[0].to_string(), "body: is required");
}

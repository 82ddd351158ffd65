//! Duplicates: found by normalized email, phone, IČO and name, scored;
//! merged with the picked values, joined lists, and everything that
//! pointed at the merged records pointing at the survivor.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{at, World};
use uuid::Uuid;
use vizitka_core::model::ops::duplicates::{MergePlan, Reason};
use vizitka_core::model::{Activity, ActivityKind, Change, Kind, Phone, PhoneLabel, Rec, Role, Target};

fn person(w: &mut World, first: &str, last: &str, email: &str, phone: &str, org: Option<Uuid>) -> Uuid {
    let mut c = vizitka_core::model::Contact::new(w.id(), at(1));
    (c.first_name, c.last_name) = (first.into(), last.into());
    if !email.is_empty() {
        c.emails.push(vizitka_core::model::Email { address: email.into(), label: Default::default() });
    }
    if !phone.is_empty() {
        c.phones.push(Phone { number: phone.into(), label: PhoneLabel::Mobile });
    }
    c.organization_id = org;
    let id = c.id;
    w.act(2, |crm, ctx| crm.save_contact(c, false, ctx).unwrap());
    id
}

#[test]
fn candidates_are_grouped_by_normalized_values_and_scored() {
    let mut w = World::with_tester();
    let a = person(&mut w, "Jan", "Dvořák", "jan@firma.cz", "+420 777 123 456", None);
    let b = person(&mut w, "Jan", "Dvorak", "", "777123456", None);
    let c = person(&mut w, "Eva", "Malá", "EVA@mala.cz", "", None);
    let d = person(&mut w, "Eva", "Veselá", "eva@mala.cz", "", None);
    person(&mut w, "Petr", "Novák", "petr@x.cz", "+420 602 000 111", None);
    let groups = w.crm.duplicates(Kind::Contact);
    assert_eq!(groups.len(), 2);
    assert_eq!(groups[0].ids, [a, b], "Dvořák = Dvorak, +420 777 123 456 = 777123456");
    assert_eq!(groups[0].reasons, [Reason::Phone, Reason::Name]);
    assert_eq!(groups[0].score, 90);
    assert_eq!(groups[1].ids, [c, d]);
    assert_eq!((groups[1].reasons.as_slice(), groups[1].score), ([Reason::Email].as_slice(), 70));

    // Organizations: the same IČO, or the same name without its legal form.
    let p1 = w.org("Pekárna U Mlýna, s.r.o.");
    let p2 = w.org("Pekarna u mlyna");
    let groups = w.crm.duplicates(Kind::Organization);
    assert_eq!(groups.len(), 1);
    assert_eq!((groups[0].ids.len(), groups[0].reasons.as_slice()), (2, [Reason::Name].as_slice()));
    assert!(groups[0].ids.contains(&p1) && groups[0].ids.contains(&p2));

    // The warning on a new record: who it looks like.
    let mut new = vizitka_core::model::Contact::new(Uuid::nil(), at(3));
    new.last_name = "Nováková".into();
    new.phones.push(Phone { number: "602 000 111".into(), label: PhoneLabel::Work });
    assert_eq!(
        w.crm.duplicate_index(Kind::Contact).likely_duplicates_of(&Rec::Contact(new)).iter().map(|d| d.1).collect::<Vec<_>>(),
        [Reason::Phone]
    );
}

#[test]
fn a_shared_switchboard_number_groups_nobody() {
    let mut w = World::with_tester();
    for i in 0..60 {
        person(&mut w, &format!("Člověk{i}"), &format!("Příjmení{i}"), "", "+420 222 000 000", None);
    }
    assert!(w.crm.duplicates(Kind::Contact).is_empty());
}

#[test]
fn merging_two_contacts_keeps_both_histories_on_the_survivor() {
    let mut w = World::with_tester();
    let org = w.org("Strojírny");
    let keep = person(&mut w, "Jan", "Dvořák", "jan@strojirny.cz", "", Some(org));
    let gone = person(&mut w, "Honza", "Dvorak", "jan.dvorak@gmail.com", "+420 777 123 456", Some(org));
    // The one to merge away is the organization's primary contact, and has its own activity.
    let mut o = w.crm.organization(org).unwrap().clone();
    o.primary_contact_id = Some(gone);
    w.act(3, |crm, ctx| crm.save_organization(o, ctx).unwrap());
    let mut call = Activity::new(w.id(), at(3), ActivityKind::Call);
    call.subject = "Hovor s Honzou".into();
    call.at = Some(at(3));
    w.act(3, |crm, ctx| crm.save_activity(call, &[Target::contact(gone)], ctx).unwrap());
    let mut note = Activity::new(w.id(), at(4), ActivityKind::Note);
    note.subject = "Poznámka k Janovi".into();
    note.body = "Text".into();
    note.at = Some(at(4));
    w.act(4, |crm, ctx| crm.save_activity(note, &[Target::contact(keep)], ctx).unwrap());

    let plan = MergePlan { survivor: keep, others: vec![gone], picks: vec![("first_name".into(), gone)] };
    let changes = w.compute(5, |crm, ctx| crm.merge(Kind::Contact, &plan, ctx).unwrap());
    let undo = w.crm.undo_of(&changes);
    w.crm.apply(&changes);
    assert_eq!(changes.iter().filter(|c| matches!(c, Change::Put(Rec::History(_)))).count(), 1, "one history entry");

    assert!(w.crm.contact(gone).is_none());
    let c = w.crm.contact(keep).unwrap();
    assert_eq!((c.first_name.as_str(), c.last_name.as_str()), ("Honza", "Dvořák"), "first name picked from the other");
    assert_eq!(c.emails.len(), 2, "emails joined");
    assert_eq!(c.phones[0].number, "+420 777 123 456", "the survivor had no phone: it takes the other's");
    let subjects: Vec<String> = w.crm.activities_of(keep).iter().map(|a| a.subject.clone()).collect();
    assert!(subjects.contains(&"Hovor s Honzou".to_string()) && subjects.contains(&"Poznámka k Janovi".to_string()), "{subjects:?}");
    assert_eq!(w.crm.organization(org).unwrap().primary_contact_id, Some(keep));
    assert!(w.crm.history_of(keep).iter().any(|h| h.changes.iter().any(|f| f.field == "merged")));
    assert_eq!(role_of(&w, keep), Role::Other);

    // And undone: both back, each with its own.
    w.act(6, |crm, ctx| crm.undo(&undo, ctx).unwrap());
    assert!(w.crm.contact(gone).is_some());
    assert_eq!(w.crm.activities_of(gone).len(), 1);
    assert_eq!(w.crm.organization(org).unwrap().primary_contact_id, Some(gone));
}

fn role_of(w: &World, id: Uuid) -> Role {
    w.crm.contact(id).unwrap().role
}

#[test]
fn merging_organizations_moves_their_contacts() {
    let mut w = World::with_tester();
    let a = w.org("ACME a.s.");
    let b = w.org("Acme");
    let c = person(&mut w, "Eva", "Malá", "", "", Some(b));
    let plan = MergePlan { survivor: a, others: vec![b], picks: vec![] };
    w.act(5, |crm, ctx| crm.merge(Kind::Organization, &plan, ctx).unwrap());
    assert_eq!(w.crm.contact(c).unwrap().organization_id, Some(a));
    assert_eq!(w.crm.organization_count(), 1);
    assert_eq!(w.crm.contacts_of(a).len(), 1);
}

#[test]
fn a_new_organization_or_lead_is_told_which_records_it_looks_like() {
    let mut w = World::with_tester();
    let mut o = vizitka_core::model::Organization::new(w.id(), at(1));
    (o.name, o.ico) = ("Pekárna U Mlýna, s.r.o.".into(), "27074358".into());
    let pekarna = o.id;
    w.act(1, |crm, ctx| crm.save_organization(o, ctx).unwrap());
    let index = w.crm.duplicate_index(Kind::Organization);
    let mut typed = vizitka_core::model::Organization::new(Uuid::nil(), at(2));
    typed.ico = "27074358".into();
    assert_eq!(index.likely_duplicates_of(&Rec::Organization(typed.clone())), [(pekarna, Reason::Ico)]);
    typed.ico.clear();
    typed.name = "PEKARNA u mlyna".into();
    assert_eq!(index.likely_duplicates_of(&Rec::Organization(typed)), [(pekarna, Reason::Name)]);

    let mut lead = vizitka_core::model::lead::Lead::new(w.id(), at(1));
    (lead.last_name, lead.email) = ("Horák".into(), "horak@firma.cz".into());
    let horak = lead.id;
    w.act(2, |crm, ctx| crm.save_lead(lead, ctx).unwrap());
    let mut typed = vizitka_core::model::lead::Lead::new(Uuid::nil(), at(3));
    (typed.last_name, typed.email) = ("Novák".into(), "HORAK@firma.cz".into());
    assert_eq!(w.crm.duplicate_index(Kind::Lead).likely_duplicates_of(&Rec::Lead(typed)), [(horak, Reason::Email)]);
}

#![cfg(not(target_arch = "wasm32"))]
//! The in-memory CRM: the flows of PRODUCT.md computed as changes.

use vizitka_core::model::search::Query;
use vizitka_core::model::{Action, Change, Contact, Problem, Role};

mod common;
use common::{at, World};

#[test]
fn organization_with_three_contacts_and_one_primary() {
    let mut w = World::new();
    let org = w.org("Strojírny Vysočina s.r.o.");
    let jana = w.contact("Jana", "Nováková", Some(org), Role::DecisionMaker, false);
    let petr = w.contact("Petr", "Svoboda", Some(org), Role::Technical, true);
    let eva = w.contact("Eva", "Dvořáková", Some(org), Role::Billing, false);

    assert_eq!(w.crm.organization(org).unwrap().primary_contact_id, Some(petr));
    let names: Vec<&str> = w.crm.contacts_of(org).iter().map(|c| c.last_name.as_str()).collect();
    assert_eq!(names, ["Svoboda", "Dvořáková", "Nováková"], "primary first, then by name");

    // Marking Jana primary moves the mark in one action.
    let c = w.crm.contact(jana).unwrap().clone();
    let changes = w.act(3, |crm, ctx| crm.save_contact(c, true, ctx).unwrap());
    assert!(changes.iter().all(|c| !matches!(c, Change::Put(vizitka_core::model::Rec::Contact(_)))), "Jana herself did not change");
    assert_eq!(w.crm.organization(org).unwrap().primary_contact_id, Some(jana));
    assert!(w.crm.is_primary(w.crm.contact(jana).unwrap()));
    assert!(!w.crm.is_primary(w.crm.contact(petr).unwrap()));

    // Deleting the primary contact clears the mark; others stay.
    w.act(4, |crm, ctx| crm.delete_contact(jana, vizitka_core::model::ActivitiesOnDelete::Keep, ctx));
    assert_eq!(w.crm.organization(org).unwrap().primary_contact_id, None);
    assert_eq!(w.crm.contacts_of(org).len(), 2);
    assert!(w.crm.contact(eva).is_some());
}

#[test]
fn every_change_writes_history_with_old_and_new_values() {
    let mut w = World::with_tester();
    let org = w.org("Hotel Podkova");
    let id = w.contact("Jana", "Nováková", Some(org), Role::Other, false);
    let mut c = w.crm.contact(id).unwrap().clone();
    c.position = "Jednatelka".into();
    c.role = Role::DecisionMaker;
    w.act(5, |crm, ctx| crm.save_contact(c, false, ctx).unwrap());

    let h = w.crm.history_of(id);
    assert_eq!(h.len(), 2);
    assert_eq!(h[0].action, Action::Updated, "newest first");
    assert_eq!(h[0].at, at(5));
    assert_eq!((h[0].by.as_str(), h[0].by_id), ("Tester", w.me));
    let fields: Vec<(&str, String, String)> = h[0].changes.iter().map(|f| (f.field.as_str(), f.old.to_string(), f.new.to_string())).collect();
    assert_eq!(fields, [("position", "\"\"".into(), "\"Jednatelka\"".into()), ("role", "\"other\"".into(), "\"decision_maker\"".into())]);
    assert_eq!(h[1].action, Action::Created);
    assert_eq!(w.crm.contact(id).unwrap().created_at, at(2), "created_at is kept on edit");
    assert_eq!(w.crm.contact(id).unwrap().updated_at, at(5));

    // Saving without a change writes nothing at all.
    let same = w.crm.contact(id).unwrap().clone();
    assert!(w.act(6, |crm, ctx| crm.save_contact(same, false, ctx).unwrap()).is_empty());
}

#[test]
fn refused_input_changes_nothing() {
    let mut w = World::new();
    let mut c = Contact::new(w.id(), at(1));
    c.last_name = "Nováková".into();
    c.linkedin = "javascript:alert(1)".into();
    c.organization_id = Some(w.id()); // does not exist
    let mut next = || uuid::Uuid::nil();
    let mut ctx = vizitka_core::model::Ctx { now: at(1), me: None, new_id: &mut next };
    let errors = w.crm.save_contact(c, false, &mut ctx).unwrap_err();
    let fields: Vec<(&str, &Problem)> = errors.iter().map(|e| (e.field.as_str(), &e.problem)).collect();
    assert_eq!(fields, [("linkedin", &Problem::NotWebUrl), ("organization_id", &Problem::Missing)]);
    assert_eq!(w.crm.contact_count(), 0);
}

#[test]
fn deleting_an_organization_keeps_its_contacts_unlinked() {
    let mut w = World::new();
    let org = w.org("Elektro Jiskra");
    let a = w.contact("Jan", "Novák", Some(org), Role::Technical, true);
    let b = w.contact("Eva", "Svobodová", Some(org), Role::Billing, false);
    w.act(3, |crm, ctx| crm.delete_organization(org, vizitka_core::model::ActivitiesOnDelete::Keep, ctx));
    assert!(w.crm.organization(org).is_none());
    for id in [a, b] {
        let c = w.crm.contact(id).expect("contact kept");
        assert_eq!(c.organization_id, None);
        assert_eq!(w.crm.history_of(id)[0].changes[0].field, "organization_id");
    }
    assert_eq!(w.crm.history_of(org)[0].action, Action::Deleted);
}

#[test]
fn moving_the_primary_contact_to_another_organization_clears_the_mark() {
    let mut w = World::new();
    let a = w.org("A s.r.o.");
    let b = w.org("B s.r.o.");
    let id = w.contact("Jan", "Novák", Some(a), Role::Technical, true);
    let mut c = w.crm.contact(id).unwrap().clone();
    c.organization_id = Some(b);
    w.act(3, |crm, ctx| crm.save_contact(c, false, ctx).unwrap());
    assert_eq!(w.crm.organization(a).unwrap().primary_contact_id, None);
    assert_eq!(w.crm.organization(b).unwrap().primary_contact_id, None);
    assert!(w.crm.contacts_of(a).is_empty());
    assert_eq!(w.crm.contacts_of(b).len(), 1);
}

#[test]
fn search_folds_diacritics_and_phone_formats() {
    let mut w = World::new();
    let org = w.org("Kovovýroba Šťastný");
    let id = w.contact("Tomáš", "Dvořák", Some(org), Role::Other, false);
    let mut c = w.crm.contact(id).unwrap().clone();
    c.phones.push(vizitka_core::model::Phone { number: "+420 777 123 456".into(), label: Default::default() });
    w.act(3, |crm, ctx| crm.save_contact(c, false, ctx).unwrap());

    for q in ["dvorak", "DVOŘÁK tomas", "777123", "777 123 456", "+420 777", "777-123-456", "tomas@example", "stastny"] {
        assert!(w.crm.matches(id, &Query::new(q)), "{q}");
    }
    assert!(!w.crm.matches(id, &Query::new("novak")));

    // Renaming the organization updates its contacts' search keys.
    let mut o = w.crm.organization(org).unwrap().clone();
    o.name = "Slévárna Mír".into();
    w.act(4, |crm, ctx| crm.save_organization(o, ctx).unwrap());
    assert!(w.crm.matches(id, &Query::new("slevarna")));
    assert!(!w.crm.matches(id, &Query::new("stastny")));
}

#[test]
fn demo_data_is_deterministic_and_valid() {
    use vizitka_core::model::demo::{generate, DEMO_SEED};
    let (o1, c1) = generate(DEMO_SEED, 5, 20, at(22));
    let (o2, c2) = generate(DEMO_SEED, 5, 20, at(22));
    assert_eq!((o1.clone(), c1.clone()), (o2, c2));
    assert_eq!((o1.len(), c1.len()), (5, 20));
    for o in &o1 {
        assert!(o.validate().is_empty(), "{:?}", o.validate());
        assert!(o.primary_contact_id.is_some());
    }
    for c in &c1 {
        assert!(c.validate().is_empty(), "{:?}", c.validate());
    }
}

#[test]
fn a_longer_query_narrows_the_previous_one() {
    let q = |s| Query::new(s);
    assert!(q("dvor").narrows(&q("dvo")));
    assert!(q("dvorak jan").narrows(&q("dvorak")));
    assert!(q("jan dvorak").narrows(&q("dvo")));
    assert!(!q("dvo").narrows(&q("dvor")));
    assert!(!q("novak").narrows(&q("dvo")));
    assert!(q("Dvořák").narrows(&q("dvor")), "folded before comparing");
}

#[test]
fn the_search_index_finds_the_same_records_as_a_scan() {
    use vizitka_core::model::demo::generate;
    let (o, c) = generate(3, 300, 3_000, common::at(1));
    let mut crm = vizitka_core::model::Crm::from_records(vizitka_core::model::Records { organizations: o, contacts: c, ..Default::default() });
    let mut w = World::new();
    // Edits and deletes leave dead slots that must never match.
    let ids: Vec<uuid::Uuid> = crm.contacts().map(|c| c.id).take(1_500).collect();
    for (i, id) in ids.iter().enumerate() {
        let mut next = || w.id();
        let mut ctx = vizitka_core::model::Ctx { now: at(3), me: None, new_id: &mut next };
        let changes = if i % 3 == 0 {
            crm.delete_contact(*id, vizitka_core::model::ActivitiesOnDelete::Keep, &mut ctx)
        } else {
            let mut c = crm.contact(*id).unwrap().clone();
            c.last_name = format!("Přejmenovaný{i}");
            crm.save_contact(c, false, &mut ctx).unwrap()
        };
        crm.apply(&changes);
    }
    // One-word, rare-first and common-first multi-word queries take
    // different paths through the index.
    for text in ["dvo", "prejmenovany1", "novak jana", "777", "+420 6", "x", "a e", "jana n", "seznam", "zahradnictvi", "", "qqq"] {
        let q = Query::new(text);
        let hits = crm.hits(&q);
        for c in crm.contacts() {
            let by_index = hits.contains(crm.search_slot(c.id).unwrap());
            assert_eq!(by_index, crm.matches(c.id, &q), "{text:?} on {}", c.full_name());
        }
    }
    assert!(crm.contacts().all(|c| !c.last_name.is_empty()));
}

#[test]
fn the_global_search_finds_organizations_and_contacts_in_name_order() {
    let mut w = World::new();
    let a = w.org("Dvořák a syn s.r.o.");
    let b = w.org("Pekárna U Mlýna");
    let jan = w.contact("Jan", "Dvořák", Some(b), Role::Other, false);
    let eva = w.contact("Eva", "Dvořáková", None, Role::Billing, false);
    let _other = w.contact("Petr", "Novák", Some(b), Role::Other, false);
    let found = w.crm.find(&Query::new("dvorak"));
    assert_eq!(found.organizations, vec![a]);
    assert_eq!(found.contacts, vec![jan, eva], "Dvořák Jan before Dvořáková Eva");
    // A contact is also found by its organization's name.
    let found = w.crm.find(&Query::new("pekarna"));
    assert_eq!((found.organizations, found.contacts.len()), (vec![b], 2));
    assert_eq!(w.crm.find(&Query::new("  ")), vizitka_core::model::crm::Found::default());
}

#[test]
fn the_search_boxs_suggestions_are_the_first_of_each_list_with_how_many_matched() {
    let mut w = World::new();
    let (orgs, contacts) = vizitka_core::model::demo::generate(11, 300, 3_000, common::at(1));
    w.act(1, |crm, ctx| crm.add_records(orgs, contacts, ctx));
    for text in ["a", "no", "praha", "77", "zzz"] {
        let q = Query::new(text);
        let all = w.crm.find(&q);
        let top = w.crm.find_top(&q, 5);
        assert_eq!(top.contacts, all.contacts.iter().take(5).copied().collect::<Vec<_>>(), "{text:?}");
        assert_eq!(top.organizations, all.organizations.iter().take(5).copied().collect::<Vec<_>>(), "{text:?}");
        assert_eq!(top.matched, all.matched, "{text:?}");
        assert_eq!((all.matched.contacts, all.matched.organizations), (all.contacts.len(), all.organizations.len()));
    }
}

#[test]
fn applying_an_action_says_which_kinds_it_wrote() {
    use vizitka_core::model::{Activity, ActivityKind, Kind, Kinds, Target};
    let mut w = World::new();
    let org = w.org("Pekárna U Mlýna");
    let jan = w.contact("Jan", "Dvořák", Some(org), Role::Other, false);
    let mut task = Activity::new(w.id(), at(2), ActivityKind::Task);
    task.subject = "Zavolat".into();
    let changes = w.compute(2, |crm, ctx| crm.save_activity(task, &[Target::contact(jan)], ctx).unwrap());
    let touched = w.crm.clone().apply(&changes);
    // A task: the activity, its links and its history entry; the contacts
    // and organizations lists need not look again.
    assert_eq!(touched, Kinds::of(&[Kind::Activity, Kind::Link, Kind::History]));
    assert!(!touched.contains(Kind::Contact) && !touched.contains(Kind::Organization));
    assert_eq!(touched.iter().collect::<Vec<_>>(), [Kind::Activity, Kind::Link, Kind::History]);
    assert!(w.crm.clone().apply(&[]).is_empty());
    assert_eq!(Kinds::ALL.iter().count(), Kind::ALL.len());
}

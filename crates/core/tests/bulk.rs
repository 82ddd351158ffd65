//! Bulk actions: one action and one history entry for the whole selection,
//! and an undo that puts back exactly what it changed.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::World;
use uuid::Uuid;
use vizitka_core::model::ops::bulk::{BulkEdit, Undo};
use vizitka_core::model::{Action, Change, Kind, Problem, Rec, Role};

/// Runs a bulk action as the app does, keeping what undoes it.
fn bulk(w: &mut World, kind: Kind, ids: &[Uuid], edit: BulkEdit) -> (Vec<Change>, Undo) {
    let changes = w.compute(3, |crm, ctx| crm.bulk(kind, ids, &edit, &[], ctx).unwrap());
    let undo = w.crm.undo_of(&changes);
    w.crm.apply(&changes);
    (changes, undo)
}

fn twelve(w: &mut World) -> (Uuid, Vec<Uuid>) {
    let org = w.org("Pekárna");
    let ids = (0..12).map(|i| w.contact(&format!("Jana{i}"), "Nováková", Some(org), Role::Other, i == 0)).collect();
    (org, ids)
}

#[test]
fn tagging_ten_contacts_is_one_history_entry_and_undoes() {
    let mut w = World::with_tester();
    let (_, ids) = twelve(&mut w);
    let history_before = w.crm.history().len();
    let (_, undo) = bulk(&mut w, Kind::Contact, &ids[..10], BulkEdit::AddTag("vip".into()));
    assert_eq!(w.crm.history().len(), history_before + 1, "one entry for the ten");
    let entry = w.crm.history().last().unwrap().clone();
    assert_eq!((entry.records.len(), entry.action, entry.changes[0].field.as_str()), (10, Action::Updated, "tags_added"));
    assert!(entry.record_label.starts_with("Jana0 Nováková, ") && entry.record_label.ends_with("(+7)"), "{}", entry.record_label);
    assert!(ids[..10].iter().all(|id| w.crm.contact(*id).unwrap().tags == ["vip"]));
    assert!(w.crm.contact(ids[11]).unwrap().tags.is_empty());
    assert_eq!(w.crm.history_of(ids[4])[0].id, entry.id, "each contact's history shows it");

    // Tagging again changes nothing and writes nothing.
    assert!(w.compute(4, |crm, ctx| crm.bulk(Kind::Contact, &ids[..10], &BulkEdit::AddTag("vip".into()), &[], ctx).unwrap()).is_empty());

    let undone = w.act(4, |crm, ctx| crm.undo(&undo, ctx).unwrap());
    assert!(ids.iter().all(|id| w.crm.contact(*id).unwrap().tags.is_empty()));
    assert_eq!(undone.iter().filter(|c| matches!(c, Change::Put(Rec::History(_)))).count(), 1, "the undo is one entry too");
    assert_eq!(undo.count, 10);
}

#[test]
fn an_undo_is_refused_once_a_record_changed_since() {
    let mut w = World::with_tester();
    let (_, ids) = twelve(&mut w);
    let (_, undo) = bulk(&mut w, Kind::Contact, &ids[..3], BulkEdit::Role(Role::Billing));
    let mut c = w.crm.contact(ids[1]).unwrap().clone();
    c.position = "Účetní".into();
    w.act(4, |crm, ctx| crm.save_contact(c, false, ctx).unwrap());
    let errors = w.compute(5, |crm, ctx| crm.undo(&undo, ctx).unwrap_err());
    assert_eq!(errors[0].problem, Problem::ChangedSince);
    assert_eq!(w.crm.contact(ids[0]).unwrap().role, Role::Billing, "nothing was undone");
}

#[test]
fn a_bulk_delete_undoes_with_everything_it_touched() {
    let mut w = World::with_tester();
    let (org, ids) = twelve(&mut w);
    assert_eq!(w.crm.organization(org).unwrap().primary_contact_id, Some(ids[0]));
    let (_, undo) = bulk(&mut w, Kind::Contact, &ids[..5], BulkEdit::Delete);
    assert_eq!(w.crm.contact_count(), 7);
    assert_eq!(w.crm.organization(org).unwrap().primary_contact_id, None, "its primary contact is gone");
    assert_eq!(w.crm.history().last().unwrap().action, Action::Deleted);
    w.act(4, |crm, ctx| crm.undo(&undo, ctx).unwrap());
    assert_eq!(w.crm.contact_count(), 12);
    assert_eq!(w.crm.organization(org).unwrap().primary_contact_id, Some(ids[0]), "and back");
}

#[test]
fn owner_and_a_field_only_where_the_kind_has_it() {
    let mut w = World::with_tester();
    let (org, ids) = twelve(&mut w);
    let me = w.me;
    bulk(&mut w, Kind::Organization, &[org], BulkEdit::Owner(None));
    assert_eq!(w.crm.organization(org).unwrap().owner_id, None);
    bulk(&mut w, Kind::Organization, &[org], BulkEdit::Owner(me));
    assert_eq!(w.crm.organization(org).unwrap().owner_id, me);
    let wrong = w.compute(4, |crm, ctx| crm.bulk(Kind::Organization, &[org], &BulkEdit::Role(Role::Billing), &[], ctx));
    assert!(wrong.is_err());
    let bad_tag = w.compute(4, |crm, ctx| crm.bulk(Kind::Contact, &ids, &BulkEdit::AddTag("a, b".into()), &[], ctx));
    assert_eq!(bad_tag.unwrap_err()[0].problem, Problem::BadTag);
}

#[test]
fn a_selection_as_a_bundle_brings_what_it_refers_to() {
    let mut w = World::with_tester();
    let (org, ids) = twelve(&mut w);
    let other = w.org("Jiná");
    let me = w.me;
    bulk(&mut w, Kind::Contact, &ids[3..5], BulkEdit::Owner(me));
    let sub = w.crm.subset(&ids[3..5]);
    assert_eq!(sub.contact_count(), 3, "the two, and the organization's primary contact");
    assert!(sub.organization(org).is_some());
    assert!(sub.organization(other).is_none());
    assert_eq!(sub.team().len(), 1, "their owner");
    let text = vizitka_core::bundle::export(&sub, common::at(5));
    let back = vizitka_core::bundle::parse(text.as_bytes()).unwrap();
    assert!(vizitka_core::bundle::validate(&back).is_empty(), "it imports");
}

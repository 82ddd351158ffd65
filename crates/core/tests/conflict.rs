#![cfg(not(target_arch = "wasm32"))]
//! Two tabs edit the same contact: what differs, who changed what, and the
//! merge that keeps both people's work.

mod common;

use common::World;
use vizitka_core::model::conflict::{differences, merge};
use vizitka_core::model::{Phone, PhoneLabel, Role};

#[test]
fn each_field_goes_to_the_side_that_changed_it_and_both_edits_survive_a_merge() {
    let mut w = World::new();
    let id = w.contact("Jana", "Nováková", None, Role::Other, false);
    let base = w.crm.contact(id).unwrap().clone();

    // Tab A renames her and saves; tab B, still showing the old name,
    // adds a phone and changes the position.
    let mut theirs = base.clone();
    theirs.first_name = "Johana".into();
    theirs.position = "Ředitelka".into();
    theirs.updated_at = common::at(5);
    let mut mine = base.clone();
    mine.phones.push(Phone { number: "+420 601 123 456".into(), label: PhoneLabel::Mobile });
    mine.position = "Jednatelka".into();

    let d = differences(&base, &theirs, &mine);
    let fields: Vec<&str> = d.iter().map(|x| x.field.as_str()).collect();
    assert_eq!(fields, ["first_name", "phones", "position"], "the times the app sets are no difference");
    let keeps: Vec<(&str, bool)> = d.iter().map(|x| (x.field.as_str(), x.keeps_mine())).collect();
    assert_eq!(keeps, [("first_name", false), ("phones", true), ("position", true)]);
    assert!(d[2].theirs_changed && d[2].mine_changed, "both changed the position: a real conflict");

    let chosen: Vec<String> = d.iter().filter(|x| x.keeps_mine()).map(|x| x.field.clone()).collect();
    let merged = merge(&theirs, &mine, &chosen).unwrap();
    assert_eq!(merged.first_name, "Johana");
    assert_eq!(merged.phones.len(), 1);
    assert_eq!(merged.position, "Jednatelka");
    assert_eq!(merged.updated_at, theirs.updated_at);
    assert!(differences(&theirs, &merged, &merged).iter().all(|x| !x.theirs_changed));
}

#[test]
fn the_same_edit_on_both_sides_is_no_conflict() {
    let mut w = World::new();
    let id = w.contact("Jana", "Nováková", None, Role::Other, false);
    let base = w.crm.contact(id).unwrap().clone();
    let mut theirs = base.clone();
    theirs.last_name = "Dvořáková".into();
    let mine = theirs.clone();
    assert!(differences(&base, &theirs, &mine).is_empty());
}

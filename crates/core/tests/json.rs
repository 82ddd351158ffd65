//! An export is written by `json`, not `serde_json`, for speed. It must be
//! the same bytes: the store writes its segments with `serde_json`, and an
//! imported file's records are stored as the file's own bytes.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::World;
use serde::Serialize;
use vizitka_core::model::crm::Sorted;
use vizitka_core::model::record::{with_kind, KindVisitor, Record};
use vizitka_core::model::{Crm, Kind};
use vizitka_core::{bundle, json};

fn same<T: Serialize + ?Sized>(what: &str, value: &T) {
    let ours = json::to_vec(value).expect("plain data serializes");
    let theirs = serde_json::to_vec(value).expect("plain data serializes");
    if ours != theirs {
        let at = ours.iter().zip(&theirs).position(|(a, b)| a != b).unwrap_or(ours.len().min(theirs.len()));
        let around = |b: &[u8]| String::from_utf8_lossy(&b[at.saturating_sub(60)..(at + 60).min(b.len())]).into_owned();
        panic!("{what} differs at byte {at}:\n ours   {}\n theirs {}", around(&ours), around(&theirs));
    }
}

/// The demo company: a record of every kind with its fields set.
fn demo() -> Crm {
    let mut w = World::new();
    let stages =
        vizitka_core::model::pipeline::defaults(["Kvalifikace", "Analýza potřeb", "Nabídka", "Vyjednávání", "Vyhráno", "Prohráno"], common::at(1));
    let demo = w.compute(1, |crm, ctx| crm.add_demo(&stages, common::at(1), 60, ctx).expect("the demo is valid"));
    w.crm.apply(&demo);
    w.crm
}

struct Same<'s, 'a>(&'s Sorted<'a>, &'s mut Vec<Kind>);

impl KindVisitor for Same<'_, '_> {
    type Output = ();
    fn visit<T: Record>(self) {
        let list = T::sorted(self.0);
        if list.is_empty() {
            self.1.push(T::KIND);
        }
        same(T::KIND.list_name(), list);
    }
}

/// Every list of `crm` compared; the kinds that had no record.
fn compare_every_list(crm: &Crm) -> Vec<Kind> {
    let sorted = crm.sorted_records();
    let mut empty = Vec::new();
    for kind in Kind::ALL {
        with_kind(kind, Same(&sorted, &mut empty));
    }
    empty
}

#[test]
fn a_record_of_every_kind_with_its_fields_filled_is_written_as_serde_json_writes_it() {
    // Today's schema fixture (see tests/upgrade.rs).
    let path = format!("{}/../../tests/fixtures/schema/v{}.json", env!("CARGO_MANIFEST_DIR"), vizitka_core::model::SCHEMA_VERSION);
    let file = std::fs::read(path).expect("the fixture");
    let crm = bundle::combine(&Crm::new(), bundle::parse(&file).expect("the fixture imports"), bundle::ImportMode::ReplaceAll);
    assert_eq!(compare_every_list(&crm), Vec::<Kind>::new(), "the fixture has a record of every kind");
}

#[test]
fn the_demo_company_is_written_as_serde_json_writes_it_and_imports_again() {
    let crm = demo();
    compare_every_list(&crm);
    let exported = bundle::export(&crm, common::at(2));
    let parsed = bundle::parse(exported.as_bytes()).expect("an export imports");
    assert_eq!(parsed.records.contacts.len(), crm.contact_count());
}

#[test]
fn text_that_needs_escaping_is_escaped_as_serde_json_escapes_it() {
    let mut w = World::new();
    let id = w.org("\"Quoted\" \\ back\tslash\u{1}\u{1f}\u{7f} Žluťoučký kůň 🦀 \u{2028}");
    let org = w.crm.organization(id).expect("saved").clone();
    same("an organization with control characters", &org);
    let long = "x".repeat(1_000_003) + "\n";
    same("a long name", &long);
}

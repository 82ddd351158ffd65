//! List filters: owner ("me" stays each user's), tag, changed since; kept
//! in the URL so a filtered list is a link.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use chrono::NaiveDate;
use common::{at, World};
use vizitka_core::model::filter::{ListFilter, OwnerFilter};
use vizitka_core::model::ops::bulk::BulkEdit;
use vizitka_core::model::{Kind, Role};

#[test]
fn a_filter_round_trips_through_its_url_and_filters() {
    let f = ListFilter { owner: OwnerFilter::Me, tag: "vip".into(), since: NaiveDate::from_ymd_opt(2026, 11, 1) };
    let q = f.to_query();
    assert_eq!(q, [("owner", "me".to_string()), ("tag", "vip".to_string()), ("since", "2026-11-01".to_string())]);
    assert_eq!(ListFilter::from_query(|k| q.iter().find(|(x, _)| *x == k).map(|(_, v)| v.clone())), f);
    assert_eq!(ListFilter::from_query(|k| (k == "owner").then(|| "garbage".to_string())), ListFilter::default());

    let mut w = World::with_tester();
    let a = w.contact("Jana", "Nováková", None, Role::Other, false);
    let b = w.contact("Petr", "Dvořák", None, Role::Other, false);
    let me = w.me;
    w.act(3, |crm, ctx| crm.bulk(Kind::Contact, &[a], &BulkEdit::AddTag("vip".into()), &[], ctx).unwrap());
    w.act(3, |crm, ctx| crm.bulk(Kind::Contact, &[a], &BulkEdit::Owner(me), &[], ctx).unwrap());
    let pass = |w: &World, f: &ListFilter, since| [a, b].into_iter().filter(|id| w.crm.passes(Kind::Contact, *id, f, me, since)).collect::<Vec<_>>();
    assert_eq!(pass(&w, &ListFilter { tag: "vip".into(), ..Default::default() }, None), [a]);
    assert_eq!(pass(&w, &ListFilter { owner: OwnerFilter::Me, ..Default::default() }, None), [a]);
    assert_eq!(pass(&w, &ListFilter { owner: OwnerFilter::Nobody, ..Default::default() }, None), [b]);
    assert_eq!(pass(&w, &ListFilter { since: NaiveDate::from_ymd_opt(2026, 11, 3), ..Default::default() }, Some(at(3))), [a], "changed on the 3rd");
    assert_eq!(w.crm.tags_of(Kind::Contact), ["vip"]);
}

#![cfg(not(target_arch = "wasm32"))]
//! Sync through CouchDB (issue 26), the pure part: every kind of record
//! goes to a document and comes back the same; a server's replies are read
//! whatever they look like; two devices' edits merge field by field and
//! only a field both changed differently is left for a person.

use serde_json::{json, Value};
use std::collections::BTreeMap;

use vizitka_core::model::{Change, Crm, Kind, Rec, SCHEMA_VERSION};
use vizitka_core::sync::merge::{reconcile, Reconciled};
use vizitka_core::sync::protocol::ChangeRow;
use vizitka_core::sync::protocol::{bulk_docs_path, changes_path, Changes, ProtocolError, Saved};
use vizitka_core::sync::review::{other_version, review_to_doc, settle, use_other, Review, Settle, Why};
use vizitka_core::sync::state::{mark_key, marks_of, reviews, settled, splits, Mark, MetaWrite, REV, REVIEW, REVIEW_OUT};
use vizitka_core::sync::{doc_id, from_doc, merge3, parse_doc_id, to_doc, DocError, Incoming, Rev, Seq, SyncState};

/// A record of every kind with its fields filled: the fixture of today's
/// schema (see tests/upgrade.rs).
fn every_record() -> Vec<Rec> {
    let path = format!("{}/../../tests/fixtures/schema/v{SCHEMA_VERSION}.json", env!("CARGO_MANIFEST_DIR"));
    let b: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut out = Vec::new();
    for kind in Kind::ALL {
        for v in b.get(kind.list_name()).and_then(Value::as_array).into_iter().flatten() {
            out.push(Rec::from_value(kind, v).expect("a record of the fixture"));
        }
    }
    out
}

#[test]
fn every_kind_of_record_goes_up_as_one_document_and_comes_back_the_same() {
    let records = every_record();
    let kinds: std::collections::BTreeSet<Kind> = records.iter().map(Rec::kind).collect();
    assert_eq!(kinds.len(), Kind::ALL.len(), "a record of every kind");
    for rec in &records {
        let rev = Rev("3-abc".into());
        let doc = to_doc(rec, Some(&rev));
        let id = doc["_id"].as_str().unwrap();
        assert_eq!(parse_doc_id(id), Some((rec.kind(), rec.id())), "{id}");
        assert_eq!(id, doc_id(rec.kind(), rec.id()));
        let own: Vec<&String> = doc.as_object().unwrap().keys().filter(|k| k.starts_with('_')).collect();
        assert_eq!(own, ["_id", "_rev"], "a record has no field of CouchDB's");
        match from_doc(&doc) {
            Ok(Incoming::Put { rec: back, rev: r, conflicts }) => {
                assert_eq!(&back, rec);
                assert_eq!(r, rev);
                assert!(conflicts.is_empty());
            }
            other => panic!("{id}: {other:?}"),
        }
    }
}

#[test]
fn a_document_that_is_not_a_good_record_is_refused_by_name() {
    let contact = every_record().into_iter().find(|r| r.kind() == Kind::Contact).unwrap();
    let good = to_doc(&contact, Some(&Rev("1-a".into())));
    let id = good["_id"].as_str().unwrap().to_string();

    let mut no_rev = good.clone();
    no_rev.as_object_mut().unwrap().remove("_rev");
    assert_eq!(from_doc(&no_rev), Err(DocError::NoRev(id.clone())));

    let mut other_id = good.clone();
    other_id["id"] = json!("0190aaaa-0000-7000-8000-000000000000");
    assert_eq!(from_doc(&other_id), Err(DocError::IdMismatch(id.clone())));

    let mut unreadable = good.clone();
    unreadable["emails"] = json!("not a list");
    assert!(matches!(from_doc(&unreadable), Err(DocError::Unreadable { doc_id, .. }) if doc_id == id));

    let mut nameless = good.clone();
    nameless["first_name"] = json!("");
    nameless["last_name"] = json!("");
    assert!(matches!(from_doc(&nameless), Err(DocError::Invalid { doc_id, errors }) if doc_id == id && !errors.is_empty()));

    // Another client may write anything: a script for a web address is
    // refused as the form would refuse it.
    let org = every_record().into_iter().find(|r| r.kind() == Kind::Organization).unwrap();
    let mut hostile = to_doc(&org, Some(&Rev("1-a".into())));
    hostile["website"] = json!("javascript:alert(1)");
    match from_doc(&hostile) {
        Err(DocError::Invalid { errors, .. }) => assert_eq!(errors.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(), ["website"]),
        other => panic!("{other:?}"),
    }

    assert_eq!(from_doc(&json!({ "_id": "shopping:1", "_rev": "1-a" })), Err(DocError::NotOurs("shopping:1".into())));
    assert_eq!(from_doc(&json!([1, 2])), Err(DocError::NotAnObject));
    assert_eq!(from_doc(&json!({ "_id": "_design/vizitka", "_rev": "1-a" })), Ok(Incoming::Skipped));

    let tomb = json!({ "_id": id, "_rev": "2-b", "_deleted": true });
    assert_eq!(from_doc(&tomb), Ok(Incoming::Deleted { kind: Kind::Contact, id: contact.id(), rev: Rev("2-b".into()) }));

    let mut with_conflicts = good.clone();
    with_conflicts["_conflicts"] = json!(["1-b", "1-c"]);
    assert!(matches!(from_doc(&with_conflicts), Ok(Incoming::Put { conflicts, .. }) if conflicts == [Rev("1-b".into()), Rev("1-c".into())]));
}

#[test]
fn a_pull_asks_for_whole_documents_and_their_conflicts_and_keeps_a_sequence_as_it_came() {
    assert_eq!(changes_path("vizitka", &Seq::start(), false), "/vizitka/_changes?style=all_docs&include_docs=true&conflicts=true&limit=500&since=0");
    // CouchDB 3 sequences are strings with characters a query must escape.
    let couch = Seq(json!("12-g1AAAA+b/c="));
    assert!(changes_path("team crm", &couch, true).starts_with("/team%20crm/_changes?"));
    assert!(changes_path("vizitka", &couch, true).contains("&since=12-g1AAAA%2Bb%2Fc%3D&feed=longpoll"));
    assert_eq!(bulk_docs_path("vizitka"), "/vizitka/_bulk_docs");

    // pouchdb-server: integer sequences (and text/plain, which changes nothing here).
    let page = Changes::parse(
        r#"{"results":[{"seq":1,"id":"contact:0190aaaa-0000-7000-8000-000000000001","changes":[{"rev":"1-x"},{"rev":"1-y"}],"doc":{"_id":"x"}},
                       {"seq":2,"id":"contact:0190aaaa-0000-7000-8000-000000000002","changes":[{"rev":"2-z"}],"deleted":true}],
            "last_seq":2,"pending":0}"#,
    )
    .unwrap();
    assert_eq!(page.rows.len(), 2);
    assert_eq!(page.rows[0].revs, [Rev("1-x".into()), Rev("1-y".into())]);
    assert!(page.rows[0].doc.is_some() && page.rows[1].deleted && page.rows[1].doc.is_none());
    assert_eq!(page.last_seq, Seq(json!(2)));
    // The checkpoint is stored as it came and read back the same.
    let stored = serde_json::to_string(&Seq(json!("12-g1AAAA"))).unwrap();
    assert_eq!(serde_json::from_str::<Seq>(&stored).unwrap(), Seq(json!("12-g1AAAA")));

    assert_eq!(Changes::parse("<html>"), Err(ProtocolError::NotJson { line: 1, column: 1 }));
    assert_eq!(Changes::parse(r#"{"results":[]}"#), Err(ProtocolError::Unexpected("last_seq")));
    assert_eq!(
        Changes::parse(r#"{"error":"unauthorized","reason":"You are not authorized to access this db."}"#),
        Err(ProtocolError::Server { error: "unauthorized".into(), reason: "You are not authorized to access this db.".into() })
    );
}

#[test]
fn a_push_reply_says_per_document_what_to_do_next() {
    let reply = r#"[{"ok":true,"id":"contact:a","rev":"2-b"},
                    {"id":"contact:b","error":"conflict","reason":"Document update conflict."},
                    {"id":"contact:c","error":"forbidden","reason":"Only members may write."},
                    {"id":"contact:d","error":"unauthorized","reason":"Log in."},
                    {"id":"contact:e","error":"bad_request","reason":"Bad special document member: _x"}]"#;
    assert_eq!(
        Saved::parse_reply(reply).unwrap(),
        [
            Saved::Stored { id: "contact:a".into(), rev: Rev("2-b".into()) },
            Saved::Conflict { id: "contact:b".into() },
            Saved::Forbidden { id: "contact:c".into(), reason: "Only members may write.".into() },
            Saved::Unauthorized { id: "contact:d".into(), reason: "Log in.".into() },
            Saved::Failed { id: "contact:e".into(), error: "bad_request".into(), reason: "Bad special document member: _x".into() },
        ]
    );
    assert_eq!(Saved::parse_reply(r#"{"ok":true}"#), Err(ProtocolError::Unexpected("a list of results")));
}

fn jana() -> Value {
    json!({
        "id": "0190aaaa-0000-7000-8000-000000000001",
        "first_name": "Jana", "last_name": "Nováková", "position": "Asistentka",
        "phones": [], "tags": ["vip"],
        "address": { "street": "Dlouhá 1", "city": "Praha", "zip": "110 00" },
        "created_at": "2026-11-01T09:00:00Z", "updated_at": "2026-11-01T09:00:00Z"
    })
}

#[test]
fn different_fields_changed_on_two_devices_merge_silently() {
    let base = jana();
    let mut laptop = base.clone();
    laptop["position"] = json!("Ředitelka");
    laptop["address"]["city"] = json!("Brno");
    laptop["updated_at"] = json!("2026-11-03T10:00:00Z");
    let mut phone = base.clone();
    phone["phones"] = json!([{ "number": "+420 601 123 456", "label": "mobile" }]);
    phone["address"]["street"] = json!("Krátká 2");
    phone["updated_at"] = json!("2026-11-02T08:00:00Z");

    let m = merge3(&base, &laptop, &phone);
    assert!(m.conflicts.is_empty(), "{:?}", m.conflicts);
    assert_eq!(m.value["position"], "Ředitelka");
    assert_eq!(m.value["phones"][0]["number"], "+420 601 123 456");
    assert_eq!(m.value["address"], json!({ "street": "Krátká 2", "city": "Brno", "zip": "110 00" }), "an address merges field by field");
    assert_eq!(m.value["updated_at"], "2026-11-03T10:00:00Z", "the later save's stamp, not a conflict");
    assert_eq!(merge3(&base, &phone, &laptop).value, m.value, "the same whichever side merges");
}

#[test]
fn the_same_field_changed_on_both_is_left_for_review_with_the_servers_value_meanwhile() {
    let base = jana();
    let mut mine = base.clone();
    mine["position"] = json!("Ředitelka");
    mine["tags"] = json!(["vip", "konference"]);
    let mut theirs = base.clone();
    theirs["position"] = json!("Jednatelka");
    theirs["tags"] = json!(["vip", "konference"]);
    theirs["address"]["zip"] = json!("110 01");

    let m = merge3(&base, &mine, &theirs);
    assert_eq!(m.conflicts.len(), 1, "the same change on both sides is no conflict");
    let c = &m.conflicts[0];
    assert_eq!((c.field.as_str(), &c.base, &c.mine, &c.theirs), ("position", &json!("Asistentka"), &json!("Ředitelka"), &json!("Jednatelka")));
    assert_eq!(m.value["position"], "Jednatelka", "every device shows the same value until someone picks");
    assert_eq!(m.value["address"]["zip"], "110 01");

    // A field one side removed and the other changed is a conflict too; one
    // side added is kept.
    let mut removed = base.clone();
    removed.as_object_mut().unwrap().remove("position");
    removed["nickname"] = json!("Janička");
    let m = merge3(&base, &removed, &theirs);
    assert_eq!(m.conflicts.iter().map(|c| c.field.as_str()).collect::<Vec<_>>(), ["position"]);
    assert_eq!(m.value["nickname"], "Janička");
    // Removed on one side and left alone on the other: removed.
    let m = merge3(&base, &removed, &base);
    assert!(m.conflicts.is_empty() && m.value.get("position").is_none());

    // Never agreed (first connection, both have it): what differs is for review.
    let m = merge3(&Value::Null, &mine, &theirs);
    let fields: Vec<&str> = m.conflicts.iter().map(|c| c.field.as_str()).collect();
    assert_eq!(fields, ["address.zip", "position"]);
}

#[test]
fn a_refused_push_is_reconciled_without_a_clock() {
    let base = jana();
    let mut mine = base.clone();
    mine["position"] = json!("Ředitelka");
    assert_eq!(reconcile(Some(&base), Some(&mine), Some(&mine)), Reconciled::Same, "a lost reply: the server has it");
    let mut theirs = base.clone();
    theirs["tags"] = json!([]);
    match reconcile(Some(&base), Some(&mine), Some(&theirs)) {
        Reconciled::Merged(m) => {
            assert!(m.conflicts.is_empty());
            assert_eq!((m.value["position"].clone(), m.value["tags"].clone()), (json!("Ředitelka"), json!([])));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(reconcile(Some(&base), Some(&mine), None), Reconciled::EditedHereDeletedThere);
    assert_eq!(reconcile(Some(&base), None, Some(&theirs)), Reconciled::DeletedHereEditedThere);
    assert_eq!(reconcile(Some(&base), None, None), Reconciled::BothDeleted);
}

fn contact(v: &Value) -> Rec {
    Rec::from_value(Kind::Contact, v).unwrap()
}

fn row(doc: Value, seq: u64) -> ChangeRow {
    ChangeRow { id: doc["_id"].as_str().unwrap().into(), seq: Seq(json!(seq)), revs: vec![], deleted: doc.get("_deleted").is_some(), doc: Some(doc) }
}

/// The state as stored: the writes it made, applied to a `meta` map.
fn store(meta: &mut BTreeMap<String, String>, writes: Vec<MetaWrite>) {
    for w in writes {
        match w {
            MetaWrite::Put(k, v) => meta.insert(k, v),
            MetaWrite::Delete(k) => meta.remove(&k),
        };
    }
}

fn entries(meta: &BTreeMap<String, String>) -> Vec<(String, String)> {
    meta.iter().map(|(k, v)| (k.clone(), v.clone())).collect()
}

#[test]
fn what_waits_to_go_up_is_the_marked_records_and_those_the_server_never_had() {
    let jana = contact(&jana());
    let mut petr_v = jana.to_value();
    petr_v["id"] = json!("0190aaaa-0000-7000-8000-000000000002");
    petr_v["first_name"] = json!("Petr");
    let petr = contact(&petr_v);
    let mut crm = Crm::new();
    crm.apply(&[Change::Put(jana.clone()), Change::Put(petr.clone())]);
    let mut s = SyncState::default();
    // Made before the first connection: both go up, without a revision.
    assert_eq!(s.waiting(&crm), 2);
    let out = s.outgoing(&crm, 500);
    assert!(out.iter().all(|o| o.doc.as_ref().unwrap().get("_rev").is_none()));
    let replies: Vec<Saved> = out.iter().map(|o| Saved::Stored { id: o.doc_id.clone(), rev: Rev("1-a".into()) }).collect();
    let pushed = s.pushed(&out, &replies);
    assert_eq!(pushed.stored, 2);
    assert_eq!(s.waiting(&crm), 0, "the server has both");

    // An edit here marks Jana with her version before it: the base.
    let mut edited = jana.to_value();
    edited["position"] = json!("Ředitelka");
    let change = Change::Put(contact(&edited));
    let marks = marks_of(&crm, std::slice::from_ref(&change));
    assert_eq!(marks, [Mark { doc: doc_id(Kind::Contact, jana.id()), before: Some(jana.to_value()) }]);
    crm.apply(&[change]);
    // A second edit's mark comes later; the earliest holds the base.
    let mut again = edited.clone();
    again["tags"] = json!([]);
    let later = marks_of(&crm, &[Change::Put(contact(&again))]);
    crm.apply(&[Change::Put(contact(&again))]);
    s.refresh(&[(mark_key(7), serde_json::to_string(&marks).unwrap()), (mark_key(9), serde_json::to_string(&later).unwrap())]).unwrap();
    assert_eq!(s.waiting(&crm), 1, "one record, however many edits");
    let out = s.outgoing(&crm, 500);
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].doc.as_ref().unwrap()["_rev"], "1-a", "sent on the revision the server has");
    assert_eq!(out[0].doc.as_ref().unwrap()["tags"], json!([]), "the record as it is now");

    // Deleted here: a tombstone on the known revision.
    let del = Change::Delete(Kind::Contact, petr.id());
    let m = marks_of(&crm, std::slice::from_ref(&del));
    crm.apply(&[del]);
    s.refresh(&[(mark_key(11), serde_json::to_string(&m).unwrap())]).unwrap();
    let out = s.outgoing(&crm, 500);
    assert_eq!(out[0].doc.as_ref().unwrap()["_deleted"], true);
    assert_eq!(out[0].doc.as_ref().unwrap()["_rev"], "1-a");
    let pushed = s.pushed(&out, &[Saved::Stored { id: out[0].doc_id.clone(), rev: Rev("2-d".into()) }]);
    assert_eq!(pushed.stored, 1);
    assert_eq!(s.rev(&out[0].doc_id), None, "a deleted record has no revision left");
    assert_eq!(s.take_writes().iter().filter(|w| matches!(w, MetaWrite::Delete(k) if k == &mark_key(11))).count(), 1, "its mark goes");
}

#[test]
fn a_pulled_page_merges_with_edits_here_and_keeps_what_conflicts_for_review() {
    let base = contact(&jana()).to_value();
    let id = doc_id(Kind::Contact, contact(&base).id());
    let mut crm = Crm::new();
    let mut s = SyncState::default();
    let mut meta = BTreeMap::new();
    // The server's version arrives on a device that does not have it.
    let mut doc = base.clone();
    doc["_id"] = json!(id);
    doc["_rev"] = json!("1-a");
    let p = s.pull(&crm, &[row(doc.clone(), 1)], &Seq(json!(1)));
    assert_eq!(p.changes, [Change::Put(contact(&base))]);
    crm.apply(&p.changes);
    store(&mut meta, s.take_writes());
    // Our own push, or the same page after a crash, changes nothing.
    let again = s.pull(&crm, &[row(doc.clone(), 1)], &Seq(json!(1)));
    assert!(again.changes.is_empty() && !again.reviews_changed);

    // Here the position changes; there the city, and the position too.
    let mut mine = base.clone();
    mine["position"] = json!("Ředitelka");
    mine["tags"] = json!([]);
    let marks = marks_of(&crm, &[Change::Put(contact(&mine))]);
    crm.apply(&[Change::Put(contact(&mine))]);
    meta.insert(mark_key(3), serde_json::to_string(&marks).unwrap());
    let mut s = SyncState::load(&entries(&meta)).unwrap();
    assert_eq!(s.checkpoint, Some(Seq(json!(1))), "the checkpoint is read back");
    assert_eq!(s.rev(&id), Some(&Rev("1-a".into())), "so are the revisions");
    let mut theirs = base.clone();
    theirs["notes"] = json!("Volat po 14:00");
    theirs["position"] = json!("Jednatelka");
    let mut tdoc = theirs.clone();
    tdoc["_id"] = json!(id);
    tdoc["_rev"] = json!("2-t");
    let p = s.pull(&crm, &[row(tdoc, 2)], &Seq(json!(2)));
    let Change::Put(merged) = &p.changes[0] else { panic!("{:?}", p.changes) };
    let merged = merged.to_value();
    assert_eq!(merged["notes"], "Volat po 14:00", "their change");
    assert_eq!(merged["tags"], json!([]), "ours");
    assert_eq!(merged["position"], "Jednatelka", "a field both changed holds the server's value until someone picks");
    let r = s.reviews();
    assert_eq!(r.len(), 1);
    assert_eq!((r[0].why, r[0].fields[0].field.as_str(), &r[0].fields[0].mine), (Why::SameField, "position", &json!("Ředitelka")));
    assert_eq!(p.marks, [Mark { doc: id.clone(), before: Some(theirs.clone()) }], "the merge goes up on the server's version");
    store(&mut meta, s.take_writes());
    assert!(!meta.contains_key(&mark_key(3)), "the old mark is settled");
    assert!(meta.contains_key(&format!("{REVIEW}{id}")), "the review is stored with the records");
    assert_eq!(reviews(&entries(&meta)).unwrap().len(), 1);

    // Deleted there while edited here: the edit stays, to go up again.
    crm.apply(&p.changes);
    let mut edit = merged.clone();
    edit["position"] = json!("Ředitelka");
    meta.insert(mark_key(5), serde_json::to_string(&marks_of(&crm, &[Change::Put(contact(&edit))])).unwrap());
    crm.apply(&[Change::Put(contact(&edit))]);
    let mut s = SyncState::load(&entries(&meta)).unwrap();
    let p = s.pull(&crm, &[row(json!({ "_id": id, "_rev": "3-d", "_deleted": true }), 3)], &Seq(json!(3)));
    assert!(!p.changes.is_empty() && p.changes.iter().all(|c| matches!(c, Change::Put(_))), "nothing is deleted here");
    assert_eq!(s.reviews()[0].why, Why::EditedHereDeletedThere);
    assert_eq!(s.rev(&id), None, "it goes up as a record the server does not have");
    assert_eq!(s.outgoing(&crm, 500)[0].doc.as_ref().unwrap().get("_rev"), None);
}

#[test]
fn a_document_the_app_cannot_take_is_named_and_the_rest_of_the_page_comes_down() {
    let crm = Crm::new();
    let mut s = SyncState::default();
    let mut bad = contact(&jana()).to_value();
    bad["id"] = json!("0190aaaa-0000-7000-8000-000000000009");
    bad["_id"] = json!("contact:0190aaaa-0000-7000-8000-000000000009");
    bad["_rev"] = json!("1-b");
    bad["first_name"] = json!("");
    bad["last_name"] = json!("");
    let mut good = contact(&jana()).to_value();
    good["_id"] = json!(doc_id(Kind::Contact, contact(&jana()).id()));
    good["_rev"] = json!("1-g");
    let p = s.pull(&crm, &[row(bad, 1), row(good, 2)], &Seq(json!(2)));
    assert_eq!(p.changes.len(), 1);
    assert!(matches!(&p.refused[..], [DocError::Invalid { doc_id, .. }] if doc_id.ends_with("0009")), "{:?}", p.refused);
}

#[test]
fn revisions_are_a_short_log_folded_into_chunks_and_read_back_the_same() {
    let mut crm = Crm::new();
    let mut s = SyncState::default();
    let mut meta = BTreeMap::new();
    let base = contact(&jana()).to_value();
    for i in 0..100u32 {
        let mut v = base.clone();
        v["id"] = json!(format!("0190aaaa-0000-7000-8000-{i:012}"));
        crm.apply(&[Change::Put(contact(&v))]);
        let out = s.outgoing(&crm, 500);
        let replies: Vec<Saved> = out.iter().map(|o| Saved::Stored { id: o.doc_id.clone(), rev: Rev(format!("1-{i}")) }).collect();
        s.pushed(&out, &replies);
        store(&mut meta, s.take_writes());
    }
    let revs = meta.keys().filter(|k| k.starts_with(REV)).count();
    assert!(revs < 70, "{revs} entries: folded, not one per push");
    let back = SyncState::load(&entries(&meta)).unwrap();
    assert_eq!(back.waiting(&crm), 0);
    assert_eq!(back.rev("contact:0190aaaa-0000-7000-8000-000000000042"), Some(&Rev("1-42".into())));
    let mut broken = meta.clone();
    broken.insert(format!("{REV}{:016}", 999), "{not json".into());
    assert!(SyncState::load(&entries(&broken)).unwrap_err().key.starts_with(REV), "a damaged entry is named");
}

#[test]
fn the_servers_validation_knows_every_kind_of_record() {
    let path = format!("{}/../../docs/couchdb/validate_doc_update.js", env!("CARGO_MANIFEST_DIR"));
    let js = std::fs::read_to_string(path).unwrap();
    let line = js.lines().find(|l| l.trim_start().starts_with("var KINDS = ")).expect("the list of kinds");
    let listed: Vec<Value> = serde_json::from_str(line.trim().trim_start_matches("var KINDS = ").trim_end_matches(';')).unwrap();
    let kinds: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
    assert_eq!(listed, kinds, "docs/couchdb/validate_doc_update.js lists the kinds as Kind::ALL does");
}

#[test]
fn on_a_first_connection_a_record_both_sides_have_is_merged_not_overwritten() {
    // Both devices imported the same backup, then each changed Jana.
    let mut mine = contact(&jana()).to_value();
    mine["position"] = json!("Ředitelka");
    let mut crm = Crm::new();
    crm.apply(&[Change::Put(contact(&mine))]);
    let mut s = SyncState::default();
    let mut theirs = contact(&jana()).to_value();
    theirs["notes"] = json!("Volat po 14:00");
    let mut doc = theirs.clone();
    doc["_id"] = json!(doc_id(Kind::Contact, contact(&mine).id()));
    doc["_rev"] = json!("4-x");
    let p = s.pull(&crm, &[row(doc, 9)], &Seq(json!(9)));
    let Change::Put(merged) = &p.changes[0] else { panic!() };
    let merged = merged.to_value();
    // No agreed base: each field that differs is kept at the server's value and listed with ours.
    assert_eq!(merged["position"], "Asistentka");
    let r = s.reviews();
    assert_eq!(r.len(), 1);
    let fields: Vec<&str> = r[0].fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["notes", "position"]);
    assert_eq!(r[0].mine.as_ref().unwrap()["position"], "Ředitelka", "this device's version is kept with the review");
    assert_eq!(s.rev(&p.marks[0].doc), Some(&Rev("4-x".into())), "the merge goes up on the server's revision");
}

#[test]
fn using_the_other_version_saves_its_values_of_the_fields_both_changed_as_an_edit() {
    let mut crm = Crm::new();
    let mut theirs = contact(&jana()).to_value();
    theirs["position"] = json!("Jednatelka");
    crm.apply(&[Change::Put(contact(&theirs))]);
    let review = Review {
        doc: doc_id(Kind::Contact, contact(&theirs).id()),
        why: Why::SameField,
        fields: vec![vizitka_core::sync::FieldConflict {
            field: "position".into(),
            base: json!("Asistentka"),
            mine: json!("Ředitelka"),
            theirs: json!("Jednatelka"),
        }],
        mine: None,
        by: None,
    };
    let mut n = 0u128;
    let mut next = || {
        n += 1;
        uuid::Uuid::from_u128(n)
    };
    let now = chrono::DateTime::parse_from_rfc3339("2026-12-07T10:00:00Z").unwrap().with_timezone(&chrono::Utc);
    let mut ctx = vizitka_core::model::Ctx { now, me: None, new_id: &mut next };
    let changes = use_other(&crm, &review, &mut ctx).unwrap();
    let Change::Put(Rec::Contact(c)) = &changes[0] else { panic!("{changes:?}") };
    assert_eq!((c.position.as_str(), c.updated_at), ("Ředitelka", now));
    let Change::Put(Rec::History(h)) = &changes[1] else { panic!("{changes:?}") };
    assert_eq!(h.changes[0].old, json!("Jednatelka"), "the server's value stays in the history");
    // A record deleted meanwhile cannot take the value: said, nothing changed.
    let gone = Review { doc: doc_id(Kind::Contact, uuid::Uuid::from_u128(99)), ..review };
    assert!(use_other(&crm, &gone, &mut ctx).is_err());
}

#[test]
fn a_document_the_server_holds_in_two_versions_is_named_and_the_other_version_kept_for_review() {
    let crm = Crm::new();
    let mut s = SyncState::default();
    let kept = contact(&jana()).to_value();
    let id = doc_id(Kind::Contact, contact(&kept).id());
    let mut doc = kept.clone();
    doc["_id"] = json!(id);
    doc["_rev"] = json!("2-f0");
    doc["_conflicts"] = json!(["2-0a"]);
    let rows = [row(doc, 4)];
    assert_eq!(splits(&rows), [(id.clone(), kept.clone(), vec![Rev("2-0a".into())])]);
    s.pull(&crm, &rows, &Seq(json!(4)));
    // Another app wrote the other version: a different position, a later stamp.
    let mut other = kept.clone();
    other["position"] = json!("Konflikt");
    other["updated_at"] = json!("2026-12-01T10:00:00Z");
    other["_id"] = json!(id);
    other["_rev"] = json!("2-0a");
    let review = other_version(&id, &kept, &other).unwrap();
    assert_eq!(review.why, Why::OtherVersion);
    assert_eq!(
        review.fields.iter().map(|f| (f.field.as_str(), f.mine.clone(), f.theirs.clone())).collect::<Vec<_>>(),
        [("position", json!("Konflikt"), json!("Asistentka"))]
    );
    assert!(review.mine.as_ref().unwrap().get("_rev").is_none(), "kept as a record, without CouchDB's fields");
    // A version that differs only in its stamps is the same record: nothing to review.
    let mut stamped = kept.clone();
    stamped["updated_at"] = json!("2026-12-02T10:00:00Z");
    assert_eq!(other_version(&id, &kept, &stamped), None);
}

/// Two devices as the sync sees them: each its records, its `meta` and
/// its state, read back from `meta` as a reload would.
struct Device {
    crm: Crm,
    meta: BTreeMap<String, String>,
    s: SyncState,
}

impl Device {
    fn new(user: &str) -> Device {
        let meta = BTreeMap::from([(
            "sync:connection".to_string(),
            json!({ "server": "https://couch.example.cz", "db": "vizitka", "user": user }).to_string(),
        )]);
        let s = SyncState::load(&entries(&meta)).unwrap();
        Device { crm: Crm::new(), meta, s }
    }

    fn settle_writes(&mut self) {
        store(&mut self.meta, self.s.take_writes());
    }

    fn pull(&mut self, docs: Vec<Value>, seq: u64) {
        self.s.refresh(&entries(&self.meta)).unwrap();
        let rows: Vec<ChangeRow> = docs.into_iter().map(|d| row(d, seq)).collect();
        let p = self.s.pull(&self.crm, &rows, &Seq(json!(seq)));
        self.crm.apply(&p.changes);
        self.settle_writes();
    }

    /// Pushes what waits; the server stores all of it at revision `rev`.
    fn push(&mut self, rev: &str) -> Vec<Value> {
        self.s.refresh(&entries(&self.meta)).unwrap();
        let out = self.s.outgoing(&self.crm, 500);
        let replies: Vec<Saved> = out.iter().map(|o| Saved::Stored { id: o.doc_id.clone(), rev: Rev(rev.into()) }).collect();
        self.s.pushed(&out, &replies);
        self.settle_writes();
        out.into_iter()
            .filter_map(|o| o.doc)
            .map(|mut d| {
                d["_rev"] = json!(rev);
                d
            })
            .collect()
    }
}

#[test]
fn a_review_is_shown_on_every_device_and_settling_it_on_one_ends_it_on_the_other() {
    let jana_v = contact(&jana()).to_value();
    let id = doc_id(Kind::Contact, contact(&jana_v).id());
    let mut doc = jana_v.clone();
    doc["_id"] = json!(id);
    doc["_rev"] = json!("1-a");
    let (mut laptop, mut phone) = (Device::new("jana"), Device::new("jana"));
    laptop.pull(vec![doc.clone()], 1);
    phone.pull(vec![doc], 1);
    // The laptop's position went up first; the phone changed it too, offline.
    let mut mine = jana_v.clone();
    mine["position"] = json!("Ředitelka");
    let marks = marks_of(&phone.crm, &[Change::Put(contact(&mine))]);
    phone.crm.apply(&[Change::Put(contact(&mine))]);
    phone.meta.insert(mark_key(3), serde_json::to_string(&marks).unwrap());
    let mut theirs = jana_v.clone();
    theirs["position"] = json!("Jednatelka");
    theirs["_id"] = json!(id);
    theirs["_rev"] = json!("2-l");
    laptop.pull(vec![theirs.clone()], 2);
    phone.pull(vec![theirs], 2);
    assert_eq!(phone.s.reviews().len(), 1, "the phone, which pulled second, found the conflict");
    assert_eq!(phone.s.reviews()[0].by.as_deref(), Some("jana"), "who made the version not kept");
    assert!(phone.meta.contains_key(&format!("{REVIEW_OUT}{id}")), "made here: it goes up");

    // The review goes up beside the merged record, as a document of its own.
    let sent = phone.push("3-p");
    let review_doc = sent.iter().find(|d| d["_id"] == format!("review:{id}")).expect("the review's document").clone();
    assert_eq!(review_doc["doc"], json!(id));
    assert_eq!(review_doc["fields"][0]["mine"], "Ředitelka");
    assert!(!phone.meta.contains_key(&format!("{REVIEW_OUT}{id}")), "up: nothing left to send");
    assert!(phone.push("4-p").is_empty(), "nothing waits");

    // The laptop pulls it and shows it too.
    laptop.pull(sent, 3);
    assert_eq!(laptop.s.reviews().len(), 1);
    assert_eq!(reviews(&entries(&laptop.meta)).unwrap()[0].fields[0].theirs, "Jednatelka");
    assert!(laptop.push("5-l").is_empty(), "a pulled review does not go up again");

    // Settled on the laptop (keep this one): its deletion goes up...
    store(&mut laptop.meta, settled(&id).to_vec());
    let sent = laptop.push("4-x");
    assert_eq!(sent.len(), 1);
    assert_eq!((sent[0]["_id"].as_str(), &sent[0]["_deleted"]), (Some(format!("review:{id}").as_str()), &json!(true)));
    assert!(laptop.push("5-x").is_empty(), "deleted once");
    // ...and the phone's review ends when it pulls that.
    phone.pull(sent, 4);
    assert!(phone.s.reviews().is_empty());
    assert!(!phone.meta.contains_key(&format!("{REVIEW}{id}")));
    assert!(phone.push("6-p").is_empty(), "and sends nothing back");
}

#[test]
fn a_review_from_the_server_must_name_a_record_of_ours() {
    let id = doc_id(Kind::Contact, contact(&jana()).id());
    let review = Review { doc: id.clone(), why: Why::SameField, fields: Vec::new(), mine: None, by: Some("petr".into()) };
    let doc = review_to_doc(&review, Some(&Rev("1-r".into())));
    assert_eq!(from_doc(&doc), Ok(Incoming::Review { review: review.clone(), rev: Rev("1-r".into()) }));
    let mut other = doc.clone();
    other["doc"] = json!(doc_id(Kind::Contact, uuid::Uuid::from_u128(7)));
    assert!(matches!(from_doc(&other), Err(DocError::Unreadable { .. })), "a review of another record than its id names");
    let mut not_ours = doc;
    not_ours["_id"] = json!("review:invoice:0190aaaa-0000-7000-8000-000000000001");
    assert!(matches!(from_doc(&not_ours), Err(DocError::Unreadable { .. })));
}

#[test]
fn an_edit_kept_over_a_delete_can_still_be_deleted_from_its_review() {
    let jana = contact(&jana());
    let mut crm = Crm::new();
    crm.apply(&[Change::Put(jana.clone())]);
    let review = Review { doc: doc_id(Kind::Contact, jana.id()), why: Why::EditedHereDeletedThere, fields: Vec::new(), mine: None, by: None };
    assert_eq!(review.choices(), [Settle::Keep, Settle::Delete]);
    let mut n = 0u128;
    let mut next = || {
        n += 1;
        uuid::Uuid::from_u128(1000 + n)
    };
    let now = chrono::DateTime::parse_from_rfc3339("2026-12-07T10:00:00Z").unwrap().with_timezone(&chrono::Utc);
    let mut ctx = vizitka_core::model::Ctx { now, me: None, new_id: &mut next };
    assert!(settle(&crm, &review, Settle::Keep, &[], &mut ctx).unwrap().is_empty());
    let changes = settle(&crm, &review, Settle::Delete, &[], &mut ctx).unwrap();
    assert!(changes.contains(&Change::Delete(Kind::Contact, jana.id())), "{changes:?}");
    assert!(changes.iter().any(|c| matches!(c, Change::Put(Rec::History(_)))), "the delete is in the history");
}

#[test]
fn a_file_goes_up_once_after_its_record_and_comes_down_to_a_device_without_it() {
    use vizitka_core::sync::state::CONFIDENTIAL_FILES;
    let Some(Rec::Attachment(secret)) = every_record().into_iter().find(|r| r.kind() == Kind::Attachment) else { panic!("an attachment") };
    assert!(secret.confidential);
    let mut offer = secret.clone();
    offer.id = uuid::Uuid::from_u128(0x0190_aaaa_0000_7000_8000_0000_0000_0042);
    offer.confidential = false;
    let offer_doc = doc_id(Kind::Attachment, offer.id);
    let mut crm = Crm::new();
    crm.apply(&[Change::Put(Rec::Attachment(secret.clone())), Change::Put(Rec::Attachment(offer.clone()))]);
    let mut s = SyncState::default();
    assert!(s.files_to_send(&crm, |_| true).is_empty(), "a file goes up on its record's document, once the server has it");
    let out = s.outgoing(&crm, 500);
    let replies: Vec<Saved> = out.iter().map(|o| Saved::Stored { id: o.doc_id.clone(), rev: Rev("1-a".into()) }).collect();
    s.pushed(&out, &replies);
    let up = s.files_to_send(&crm, |_| true);
    assert_eq!(up.iter().map(|f| f.id).collect::<Vec<_>>(), [offer.id], "a confidential file stays here unless the user lets it go");
    assert_eq!((up[0].rev.0.as_str(), up[0].doc_id.as_str()), ("1-a", offer_doc.as_str()));
    assert!(s.files_to_send(&crm, |id| id != offer.id).is_empty(), "nor one whose bytes this device lacks");
    s.refresh(&[(CONFIDENTIAL_FILES.to_string(), String::new())]).unwrap();
    assert_eq!(s.files_to_send(&crm, |_| true).len(), 2, "let go: the confidential one too");
    s.file_sent(&offer_doc, Rev("2-f".into()));
    assert_eq!(s.files_to_send(&crm, |_| true).iter().map(|f| f.id).collect::<Vec<_>>(), [secret.id], "sent once");

    // The record edited here later keeps its file on the server (a stub).
    let mut renamed = offer.clone();
    renamed.folder = "Smlouvy".into();
    let marks = marks_of(&crm, &[Change::Put(Rec::Attachment(renamed.clone()))]);
    crm.apply(&[Change::Put(Rec::Attachment(renamed))]);
    s.refresh(&[(mark_key(4), serde_json::to_string(&marks).unwrap())]).unwrap();
    let out = s.outgoing(&crm, 500);
    assert_eq!(out[0].doc.as_ref().unwrap()["_rev"], "2-f");
    assert_eq!(out[0].doc.as_ref().unwrap()["_attachments"], json!({ "file": { "stub": true } }));

    // Another device pulls the document with its file: it fetches the file.
    let mut phone = SyncState::default();
    let mut phone_crm = Crm::new();
    let mut doc = to_doc(&Rec::Attachment(offer.clone()), Some(&Rev("2-f".into())));
    doc["_attachments"] = json!({ "file": { "stub": true, "content_type": "application/pdf", "length": 5, "digest": "md5-x" } });
    let plain = to_doc(&Rec::Attachment(secret.clone()), Some(&Rev("1-a".into())));
    let p = phone.pull(&phone_crm, &[row(doc, 1), row(plain, 2)], &Seq(json!(2)));
    phone_crm.apply(&p.changes);
    assert_eq!(phone.files_to_fetch(&phone_crm, |_| false), [(offer_doc.clone(), offer.id)], "only the one the server has");
    assert!(phone.files_to_fetch(&phone_crm, |_| true).is_empty(), "not once it is here");
    // Deleted there: gone here with nothing to fetch.
    let p = phone.pull(&phone_crm, &[row(json!({ "_id": offer_doc, "_rev": "3-d", "_deleted": true }), 3)], &Seq(json!(3)));
    phone_crm.apply(&p.changes);
    assert!(phone.files_to_fetch(&phone_crm, |_| false).is_empty());
}

#[test]
fn a_push_whose_reply_was_lost_comes_back_as_this_devices_own_version_and_later_edits_go_on_top() {
    // Petr made here and pushed; the server stored him, the reply never came.
    let petr = contact(&jana());
    let id = doc_id(Kind::Contact, petr.id());
    let mut crm = Crm::new();
    let made = marks_of(&crm, &[Change::Put(petr.clone())]);
    crm.apply(&[Change::Put(petr.clone())]);
    // Offline, his position changes.
    let mut edited = petr.to_value();
    edited["position"] = json!("Technik");
    let later = marks_of(&crm, &[Change::Put(contact(&edited))]);
    crm.apply(&[Change::Put(contact(&edited))]);
    let mut s = SyncState::default();
    s.refresh(&[(mark_key(1), serde_json::to_string(&made).unwrap()), (mark_key(2), serde_json::to_string(&later).unwrap())]).unwrap();
    // Back online, the feed brings the stored version: nothing to review, the edit goes on top.
    let mut doc = to_doc(&petr, Some(&Rev("1-p".into())));
    doc["_id"] = json!(id);
    let p = s.pull(&crm, &[row(doc, 1)], &Seq(json!(1)));
    assert!(s.reviews().is_empty(), "{:?}", s.reviews());
    assert_eq!(p.changes, [Change::Put(contact(&edited))], "the record stays as edited here");
    assert_eq!(p.marks, [Mark { doc: id.clone(), before: Some(petr.to_value()) }]);
    assert_eq!(s.rev(&id), Some(&Rev("1-p".into())), "on the server's revision");
}

#[test]
fn a_backup_merged_while_syncing_is_stored_as_the_changes_it_makes() {
    use vizitka_core::bundle::{changes_between, combine, parse, ImportMode};
    let path = format!("{}/../../tests/fixtures/schema/v{SCHEMA_VERSION}.json", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read(path).unwrap();
    let empty = Crm::new();
    let merged = combine(&empty, parse(&text).unwrap(), ImportMode::Merge);
    let changes = changes_between(&empty, &merged);
    assert_eq!(changes.len(), every_record().len(), "every record of the backup, once");
    assert!(changes.iter().all(|c| matches!(c, Change::Put(_))));
    assert!(changes_between(&merged, &merged).is_empty(), "the same backup again changes nothing");
    // A record the backup has in an older version stays as it is here.
    let again = combine(&merged, parse(&text).unwrap(), ImportMode::Merge);
    assert!(changes_between(&merged, &again).is_empty());
}

#[test]
fn a_long_push_sends_each_record_once_from_one_scan_even_when_history_arrives_in_between() {
    let Some(Rec::History(entry)) = every_record().into_iter().find(|r| r.kind() == Kind::History) else { panic!("a history entry") };
    let mut crm = Crm::new();
    let mut changes = Vec::new();
    for i in 0..700u128 {
        let mut v = jana();
        v["id"] = json!(uuid::Uuid::from_u128(0x0190_aaaa_0000_7000_8000_0000_0001_0000 + i).to_string());
        changes.push(Change::Put(contact(&v)));
        let mut h = entry.clone();
        h.id = uuid::Uuid::from_u128(0x0190_bbbb_0000_7000_8000_0000_0001_0000 + i);
        h.at += chrono::Duration::seconds(i as i64 + 1);
        changes.push(Change::Put(Rec::History(h)));
    }
    crm.apply(&changes);
    let mut s = SyncState::default();
    let mut unsent = s.unsent(&crm);
    let total = s.waiting_in_push(&unsent);
    assert_eq!(total, s.waiting(&crm));
    assert_eq!(total, 1_400);
    let mut seen = std::collections::HashSet::new();
    let mut batches = 0;
    loop {
        let out = s.outgoing_next(&crm, 500, &mut unsent, &Default::default());
        if out.is_empty() {
            break;
        }
        batches += 1;
        for o in &out {
            assert!(seen.insert(o.doc_id.clone()), "{} sent twice", o.doc_id);
        }
        let replies: Vec<Saved> = out.iter().map(|o| Saved::Stored { id: o.doc_id.clone(), rev: Rev("1-a".into()) }).collect();
        s.pushed(&out, &replies);
        assert_eq!(s.waiting_in_push(&unsent), total - seen.len(), "the bar counts down without a scan");
        if batches == 1 {
            // Another device's older entry comes down mid-push: the history is sorted again.
            let mut early = entry.clone();
            early.id = uuid::Uuid::from_u128(0x0190_cccc_0000_7000_8000_0000_0000_0001);
            early.at -= chrono::Duration::days(1);
            crm.apply(&[Change::Put(Rec::History(early.clone()))]);
            s.pull(&crm, &[row(to_doc(&Rec::History(early), Some(&Rev("1-e".into()))), 1)], &Seq(json!(1)));
        }
    }
    assert_eq!(batches, 3);
    assert_eq!(seen.len(), total, "every record once");
    assert_eq!(s.waiting(&crm), 0);
}

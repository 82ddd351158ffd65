#![cfg(target_arch = "wasm32")]
//! The store on real IndexedDB in headless Chromium.

use std::cell::Cell;
use std::rc::Rc;

use chrono::{TimeZone, Utc};
use idb::{Factory, ObjectStoreParams, TransactionMode};
use js_sys::Uint8Array;
use serde_json::json;
use uuid::Uuid;
use vizitka::bundle;
use vizitka::model::demo::generate;
use vizitka::model::ids::{new_id, Rng};
use vizitka::model::ops::attachments::NewFile;
use vizitka::model::search::Query;
use vizitka::model::Ctx;
use vizitka::model::{Change, Contact, Crm, Organization, Role, Target, SCHEMA_VERSION};
use vizitka::segments::encode_bundle;
use vizitka::store::{delete_database, Events, Faults, FileWrites, Store, StoreError};
use vizitka::web::now as clock_now;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn quiet() -> Events {
    Events { version_change: Box::new(|| {}), blocked: Box::new(|| {}) }
}

async fn fresh(name: &str) -> Rc<Store> {
    delete_database(name).await.unwrap();
    Store::open(name, quiet()).await.unwrap()
}

fn snapshot(crm: &Crm) -> String {
    bundle::export(crm, Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap())
}

struct Ids(Rng, u64);
impl Ids {
    fn next(&mut self) -> Uuid {
        self.1 += 1;
        new_id(self.1, self.0.bytes10())
    }
}

/// One user action, the way the app runs it: compute, persist, apply.
async fn act(store: &Store, crm: &mut Crm, ids: &mut Ids, f: impl FnOnce(&Crm, &mut Ctx) -> Vec<Change>) -> Result<(), StoreError> {
    let mut next = || ids.next();
    let mut ctx = Ctx { now: clock_now(), me: None, new_id: &mut next };
    let changes = f(crm, &mut ctx);
    let applied = Cell::new(false);
    store.apply(&changes, &[], || applied.set(true)).await?;
    assert!(applied.get());
    crm.apply(&changes);
    Ok(())
}

fn org(ids: &mut Ids, name: &str) -> Organization {
    let mut o = Organization::new(ids.next(), clock_now());
    o.name = name.into();
    o
}

fn contact(ids: &mut Ids, last: &str, org: Option<Uuid>) -> Contact {
    let mut c = Contact::new(ids.next(), clock_now());
    c.last_name = last.into();
    c.organization_id = org;
    c.role = Role::Technical;
    c
}

#[wasm_bindgen_test]
async fn records_and_indexes_survive_a_reopen() {
    let name = "t-crud";
    let store = fresh(name).await;
    let mut crm = store.load_all().await.unwrap();
    let mut ids = Ids(Rng::new(1), 1_790_000_000_000);
    let o = org(&mut ids, "Dvořák a syn s.r.o.");
    let oid = o.id;
    act(&store, &mut crm, &mut ids, |c, ctx| c.save_organization(o, ctx).unwrap()).await.unwrap();
    let c1 = contact(&mut ids, "Nováková", Some(oid));
    let c1id = c1.id;
    act(&store, &mut crm, &mut ids, |c, ctx| c.save_contact(c1, true, ctx).unwrap()).await.unwrap();
    let c2 = contact(&mut ids, "Svoboda", Some(oid));
    let c2id = c2.id;
    act(&store, &mut crm, &mut ids, |c, ctx| c.save_contact(c2, false, ctx).unwrap()).await.unwrap();
    // Update and delete are logged too.
    let mut edited = crm.contact(c1id).unwrap().clone();
    edited.position = "Jednatelka".into();
    act(&store, &mut crm, &mut ids, |c, ctx| c.save_contact(edited, true, ctx).unwrap()).await.unwrap();
    act(&store, &mut crm, &mut ids, |c, ctx| c.delete_contact(c2id, vizitka::model::ActivitiesOnDelete::Keep, ctx)).await.unwrap();
    assert_eq!(store.log_len(), 5);
    store.close();

    let again = Store::open(name, quiet()).await.unwrap();
    let loaded = again.load_all().await.unwrap();
    assert_eq!(snapshot(&loaded), snapshot(&crm));
    assert_eq!(loaded.contacts_of(oid).len(), 1);
    assert_eq!(loaded.contact(c1id).unwrap().position, "Jednatelka");
    assert_eq!(loaded.organization(oid).unwrap().primary_contact_id, Some(c1id));
    assert!(loaded.matches(c1id, &Query::new("dvorak novakova")));
    assert_eq!(loaded.history_of(c1id).len(), 2);
    assert!(loaded.contact(c2id).is_none());
    again.close();
}

#[wasm_bindgen_test]
async fn a_failed_write_leaves_no_trace() {
    let name = "t-fail";
    let store = fresh(name).await;
    let mut crm = store.load_all().await.unwrap();
    let mut ids = Ids(Rng::new(2), 1_790_000_000_000);
    let o = org(&mut ids, "Before s.r.o.");
    act(&store, &mut crm, &mut ids, |c, ctx| c.save_organization(o, ctx).unwrap()).await.unwrap();
    let before = snapshot(&crm);

    store.faults.set(Faults { abort_after_puts: Some(0), ..Faults::default() });
    let o2 = org(&mut ids, "After s.r.o.");
    let err = act(&store, &mut crm, &mut ids, |c, ctx| c.save_organization(o2, ctx).unwrap()).await.unwrap_err();
    assert!(matches!(err, StoreError::Aborted(_)), "{err:?}");
    assert_eq!(snapshot(&crm), before, "memory untouched: apply never ran");
    store.close();

    let again = Store::open(name, quiet()).await.unwrap();
    assert_eq!(snapshot(&again.load_all().await.unwrap()), before);
    again.close();
}

#[wasm_bindgen_test]
async fn a_replace_aborted_midway_keeps_the_old_state() {
    let name = "t-replace";
    let store = fresh(name).await;
    let now = Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap();
    let (o, c) = generate(1, 300, 2_500, now);
    let old = Crm::from_records(vizitka::model::Records { organizations: o, contacts: c, ..Default::default() });
    store.replace_all(old.clone(), FileWrites::default(), |_| {}).await.unwrap();

    let (o, c) = generate(2, 400, 3_500, now);
    let new = Crm::from_records(vizitka::model::Records { organizations: o, contacts: c, ..Default::default() });
    store.faults.set(Faults { abort_after_puts: Some(3), ..Faults::default() });
    let applied = Cell::new(false);
    let err = store.replace_all(new.clone(), FileWrites::default(), |_| applied.set(true)).await.unwrap_err();
    assert!(matches!(err, StoreError::Aborted(_)));
    assert!(!applied.get());
    store.close();

    let again = Store::open(name, quiet()).await.unwrap();
    let loaded = again.load_all().await.unwrap();
    assert_eq!(loaded.contact_count(), 2_500);
    assert_eq!(snapshot(&loaded), snapshot(&old));

    // And without the fault the new state lands whole.
    again.replace_all(new.clone(), FileWrites::default(), |_| {}).await.unwrap();
    assert_eq!(snapshot(&again.load_all().await.unwrap()), snapshot(&new));
    again.close();
}

#[wasm_bindgen_test]
async fn a_broken_writer_fails_every_replace_at_once_and_changes_nothing() {
    let name = "t-broken-writer";
    let store = fresh(name).await;
    let now = Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap();
    let (o, c) = generate(4, 20, 100, now);
    let old = Crm::from_records(vizitka::model::Records { organizations: o, contacts: c, ..Default::default() });
    store.replace_all(old.clone(), FileWrites::default(), |_| {}).await.unwrap();

    // The write in flight when the worker breaks fails, and so does every
    // later one, instead of waiting for an answer that never comes.
    store.faults.set(Faults { writer_breaks: true, ..Faults::default() });
    let err = store.replace_all(Crm::new(), FileWrites::default(), |_| panic!("not applied")).await.unwrap_err();
    assert!(matches!(&err, StoreError::Aborted(m) if m.contains("background writer")), "{err:?}");
    store.faults.set(Faults::default());
    let err = store.replace_all(Crm::new(), FileWrites::default(), |_| panic!("not applied")).await.unwrap_err();
    assert!(matches!(&err, StoreError::Aborted(m) if m.contains("background writer")), "{err:?}");
    store.close();

    let again = Store::open(name, quiet()).await.unwrap();
    assert_eq!(snapshot(&again.load_all().await.unwrap()), snapshot(&old));
    again.close();
}

#[wasm_bindgen_test]
async fn compaction_folds_the_log_into_segments() {
    let name = "t-compact";
    let store = fresh(name).await;
    let mut crm = store.load_all().await.unwrap();
    let mut ids = Ids(Rng::new(3), 1_790_000_000_000);
    for i in 0..30 {
        let o = org(&mut ids, &format!("Firma {i}"));
        act(&store, &mut crm, &mut ids, |c, ctx| c.save_organization(o, ctx).unwrap()).await.unwrap();
    }
    assert_eq!(store.log_len(), 30);
    store.compact(|| vizitka::segments::encode(&crm)).await.unwrap();
    assert_eq!(store.log_len(), 0);
    let loaded = store.load_all().await.unwrap();
    assert_eq!(store.log_len(), 0);
    assert_eq!(snapshot(&loaded), snapshot(&crm));
    store.close();
}

#[wasm_bindgen_test]
async fn a_large_load_shows_the_top_of_the_list_first_and_then_everything() {
    let name = "t-batches";
    let store = fresh(name).await;
    let (orgs, contacts) = generate(9, 1_200, 8_500, Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap());
    let crm = Crm::from_records(vizitka::model::Records { organizations: orgs, contacts, ..Default::default() });
    store.replace_all(crm, FileWrites::default(), |_| ()).await.unwrap();
    let mut crm = store.load_all().await.unwrap();
    // A logged edit after the replace: the preview shows it already.
    let mut ids = Ids(Rng::new(4), 1_790_000_000_000);
    let first = crm.contacts().min_by_key(|c| (crm.sort_key(c.id).to_string(), c.id)).unwrap().clone();
    let mut renamed = first.clone();
    renamed.first_name = "Přejmenovaná".into();
    act(&store, &mut crm, &mut ids, |c, ctx| c.save_contact(renamed, false, ctx).unwrap()).await.unwrap();

    let previews = Rc::new(Cell::new(0));
    let seen = previews.clone();
    let loaded = store
        .load(move |preview| {
            seen.set(seen.get() + 1);
            assert_eq!(preview.organization_count(), 1_200, "every organization");
            assert!(preview.contact_count() < 8_500, "only the first contacts");
            assert_eq!(preview.contact(first.id).unwrap().first_name, "Přejmenovaná", "with the log applied");
        })
        .await
        .unwrap();
    assert_eq!(previews.get(), 1);
    assert_eq!(snapshot(&loaded), snapshot(&crm));
    let q = Query::new("prejmenovana");
    let hits = loaded.hits(&q);
    let found: Vec<Uuid> = loaded.contacts().filter(|c| hits.contains(loaded.search_slot(c.id).unwrap())).map(|c| c.id).collect();
    assert_eq!(found, vec![first.id]);
    store.close();
}

fn u8a(v: serde_json::Value) -> JsValue {
    Uint8Array::from(serde_json::to_vec(&v).unwrap().as_slice()).into()
}

#[wasm_bindgen_test]
async fn a_failed_activity_save_leaves_neither_the_activity_nor_its_links() {
    use vizitka::model::{Activity, ActivityKind, Target};
    let name = "t-activity-fail";
    let store = fresh(name).await;
    let mut crm = store.load_all().await.unwrap();
    let mut ids = Ids(Rng::new(5), 1_790_000_000_000);
    let o = org(&mut ids, "Hotel Podkova");
    let oid = o.id;
    act(&store, &mut crm, &mut ids, |c, ctx| c.save_organization(o, ctx).unwrap()).await.unwrap();
    let jana = contact(&mut ids, "Nováková", Some(oid));
    let jid = jana.id;
    act(&store, &mut crm, &mut ids, |c, ctx| c.save_contact(jana, false, ctx).unwrap()).await.unwrap();
    let before = snapshot(&crm);

    let mut call = Activity::new(ids.next(), clock_now(), ActivityKind::Call);
    call.subject = "Rezervace sálu".into();
    call.at = Some(clock_now());
    let targets = crm.with_organizations(&[Target::contact(jid)]);
    store.faults.set(Faults { abort_after_puts: Some(0), ..Faults::default() });
    let failed = call.clone();
    let err = act(&store, &mut crm, &mut ids, |c, ctx| c.save_activity(failed, &targets, ctx).unwrap()).await.unwrap_err();
    assert!(matches!(err, StoreError::Aborted(_)), "{err:?}");
    assert_eq!(snapshot(&crm), before, "memory untouched");
    assert!(crm.activities_of(jid).is_empty() && crm.links().count() == 0);
    store.close();
    let again = Store::open(name, quiet()).await.unwrap();
    let loaded = again.load_all().await.unwrap();
    assert_eq!(snapshot(&loaded), before, "nothing on disk either");
    assert_eq!(loaded.links().count(), 0);

    // The same save once the disk takes it: the activity and both links, one action.
    let mut crm = loaded;
    act(&again, &mut crm, &mut ids, |c, ctx| c.save_activity(call, &targets, ctx).unwrap()).await.unwrap();
    assert_eq!(again.log_len(), 3, "one log entry more: the activity and its links together");
    again.close();
    let third = Store::open(name, quiet()).await.unwrap();
    let loaded = third.load_all().await.unwrap();
    assert_eq!(loaded.activities_of(jid).len(), 1);
    assert_eq!(loaded.activities_of(oid).len(), 1);
    third.close();
}

#[wasm_bindgen_test]
async fn upgrading_a_version_1_database_keeps_every_record_and_makes_owners_team_members() {
    let name = "t-upgrade";
    delete_database(name).await.unwrap();
    // Build the database exactly as schema 1 left it.
    let factory = Factory::new().unwrap();
    let mut req = factory.open(name, Some(1)).unwrap();
    req.on_upgrade_needed(|event| {
        use idb::DatabaseEvent;
        let db = event.database().unwrap();
        db.create_object_store("segments", ObjectStoreParams::new()).unwrap();
        let mut log = ObjectStoreParams::new();
        log.auto_increment(true);
        db.create_object_store("log", log).unwrap();
    });
    let db = req.await.unwrap();
    let tx = db.transaction(&["segments", "log"], TransactionMode::ReadWrite).unwrap();
    let org_id = "01900000-0000-7000-8000-000000000001";
    let segs = tx.object_store("segments").unwrap();
    segs.put(
        &u8a(json!([{"id": org_id, "created_at": "2026-01-01T08:00:00Z", "updated_at": "2026-01-01T08:00:00Z", "name": "Pekárna U Mlýna s.r.o.", "owner": "Obchod"}])),
        Some(&JsValue::from_str("organization/00000")),
    )
    .unwrap();
    let contacts: Vec<serde_json::Value> = (0..1500)
        .map(|i| {
            json!({
                "id": format!("01900000-0000-7000-8000-{:012}", 100 + i),
                "created_at": "2026-01-01T08:00:00Z", "updated_at": "2026-01-01T08:00:00Z",
                "first_name": "Jana", "last_name": format!("Nováková {i}"),
                "email": format!("jana{i}@pekarna.cz"), "phone": "+420 777 123 456",
                "organization_id": org_id
            })
        })
        .collect();
    segs.put(&u8a(json!(contacts[..1000])), Some(&JsValue::from_str("contact/00000"))).unwrap();
    segs.put(&u8a(json!(contacts[1000..])), Some(&JsValue::from_str("contact/00001"))).unwrap();
    let logged = json!([{"op": "put_contact", "record": {
        "id": "01900000-0000-7000-8000-999999999999",
        "created_at": "2026-01-02T08:00:00Z", "updated_at": "2026-01-02T08:00:00Z",
        "last_name": "Z logu", "email": "log@pekarna.cz", "owner": "Obchod"
    }}, {"op": "put_contact", "record": {
        "id": "01900000-0000-7000-8000-999999999998",
        "created_at": "2026-01-02T08:00:00Z", "updated_at": "2026-01-02T08:00:00Z",
        "last_name": "Druhý", "owner": "Petr"
    }}]);
    tx.object_store("log").unwrap().put(&u8a(logged), None).unwrap();
    tx.await.unwrap();
    db.close();

    let store = Store::open(name, quiet()).await.expect("upgrade succeeds");
    let crm = store.load_all().await.unwrap();
    assert!(store.file_ids().await.unwrap().is_empty(), "schema 5 made the files store");
    assert_eq!(crm.organization_count(), 1);
    assert_eq!(crm.contact_count(), 1502, "every record survives");
    let org = Uuid::parse_str(org_id).unwrap();
    assert_eq!(crm.contacts_of(org).len(), 1500);
    let c = crm.contact(Uuid::parse_str("01900000-0000-7000-8000-000000001599").unwrap()).unwrap();
    assert_eq!(c.emails[0].address, "jana1499@pekarna.cz");
    assert_eq!(c.phones[0].number, "+420 777 123 456");
    let from_log = crm.contact(Uuid::parse_str("01900000-0000-7000-8000-999999999999").unwrap()).unwrap();
    assert_eq!(from_log.emails[0].address, "log@pekarna.cz");
    // Schema 3: each owner's name became one team member.
    let team: Vec<(String, Uuid)> = crm.team().into_iter().map(|m| (m.name.clone(), m.id)).collect();
    assert_eq!(team.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(), ["Obchod", "Petr"]);
    assert_eq!(crm.organization(org).unwrap().owner_id, Some(team[0].1));
    assert_eq!(from_log.owner_id, Some(team[0].1));
    assert_eq!(crm.contact(Uuid::parse_str("01900000-0000-7000-8000-999999999998").unwrap()).unwrap().owner_id, Some(team[1].1));
    store.close();
    // The made team members are stored, not made again at the next open.
    let again = Store::open(name, quiet()).await.unwrap();
    assert_eq!(snapshot(&again.load_all().await.unwrap()), snapshot(&crm));
    again.close();
}

#[wasm_bindgen_test]
async fn another_tab_upgrading_closes_this_connection() {
    let name = "t-versionchange";
    delete_database(name).await.unwrap();
    let told = Rc::new(Cell::new(false));
    let t = told.clone();
    let store = Store::open(name, Events { version_change: Box::new(move || t.set(true)), blocked: Box::new(|| {}) }).await.unwrap();
    // A newer app version opening the same database.
    let newer = Factory::new().unwrap().open(name, Some(SCHEMA_VERSION + 1)).unwrap().await.expect("not blocked: we closed");
    assert!(told.get(), "the user is told to reload");
    let mut crm = Crm::new();
    let mut ids = Ids(Rng::new(4), 1_790_000_000_000);
    let o = org(&mut ids, "Late s.r.o.");
    let err = act(&store, &mut crm, &mut ids, |c, ctx| c.save_organization(o, ctx).unwrap()).await.unwrap_err();
    assert_eq!(err, StoreError::Closed);
    newer.close();
}

#[wasm_bindgen_test]
async fn a_stale_tab_cannot_write_or_compact_over_another_tabs_writes_and_catches_up_from_the_log() {
    use vizitka::store::Feed;
    let name = "t-two-tabs";
    delete_database(name).await.unwrap();
    let tab_a = Store::open(name, quiet()).await.unwrap();
    let tab_b = Store::open(name, quiet()).await.unwrap();
    let mut crm_a = tab_a.load_all().await.unwrap();
    let mut crm_b = tab_b.load_all().await.unwrap();
    let mut ids = Ids(Rng::new(5), 1_790_000_000_000);

    let o = org(&mut ids, "Written in tab A");
    let oid = o.id;
    act(&tab_a, &mut crm_a, &mut ids, |c, ctx| c.save_organization(o, ctx).unwrap()).await.unwrap();

    // Tab B has not seen A's write: its write and its compaction are refused.
    let o2 = org(&mut ids, "Written in tab B");
    let o2b = o2.clone();
    let err = act(&tab_b, &mut crm_b, &mut ids, |c, ctx| c.save_organization(o2, ctx).unwrap()).await.unwrap_err();
    assert_eq!(err, StoreError::Stale);
    let err = tab_b.compact(|| vizitka::segments::encode(&crm_b)).await.unwrap_err();
    assert_eq!(err, StoreError::Stale);

    // It catches up with A's entry alone, and then writes.
    let mut fed = Vec::new();
    tab_b.catch_up(|f| fed.push(f)).await.unwrap();
    match fed.pop() {
        Some(Feed::Changes(changes)) => {
            crm_b.apply(&changes);
        }
        other => panic!("expected A's changes, got {other:?}"),
    }
    assert_eq!(snapshot(&crm_b), snapshot(&crm_a), "B now holds what A stored");
    act(&tab_b, &mut crm_b, &mut ids, |c, ctx| c.save_organization(o2b, ctx).unwrap()).await.unwrap();
    tab_b.catch_up(|f| fed.push(f)).await.unwrap();
    assert!(matches!(fed.pop(), Some(Feed::Nothing)), "its own write is known");

    // B compacts; A is stale now, and learns it must reload.
    tab_b.compact(|| vizitka::segments::encode(&crm_b)).await.unwrap();
    let err = tab_a.compact(|| vizitka::segments::encode(&crm_a)).await.unwrap_err();
    assert_eq!(err, StoreError::Stale);
    tab_a.catch_up(|f| fed.push(f)).await.unwrap();
    assert!(matches!(fed.pop(), Some(Feed::Reload)));
    crm_a = tab_a.load_all().await.unwrap();
    assert!(crm_a.organization(oid).is_some());

    let fresh = Store::open(name, quiet()).await.unwrap();
    assert_eq!(fresh.load_all().await.unwrap().organization_count(), 2, "both tabs' writes survive");
    for s in [tab_a, tab_b, fresh] {
        s.close();
    }
}

#[wasm_bindgen_test]
async fn an_import_stores_the_files_own_bytes_and_reads_back_the_same_records() {
    let name = "t-verbatim";
    let store = fresh(name).await;
    let (orgs, contacts) = generate(3, 300, 2_400, Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap());
    let original = Crm::from_records(vizitka::model::Records { organizations: orgs, contacts, ..Default::default() });
    // A pretty-printed file: its bytes differ from what the app would write.
    let compact = bundle::export(&original, Utc.with_ymd_and_hms(2026, 2, 1, 0, 0, 0).unwrap());
    let file = serde_json::to_vec_pretty(&serde_json::from_str::<serde_json::Value>(&compact).unwrap()).unwrap();
    let (parsed, spans) = bundle::parse_with_spans(&file).unwrap();
    let segments = encode_bundle(&parsed, Some((&file, &spans.unwrap())));
    let buffer = Uint8Array::from(&file[..]).buffer();
    store
        .replace_all_encoded(
            segments,
            Some(buffer),
            FileWrites::default(),
            || bundle::combine(&Crm::new(), parsed, bundle::ImportMode::ReplaceAll),
            |_| (),
        )
        .await
        .unwrap();
    store.close();

    let again = Store::open(name, quiet()).await.unwrap();
    let loaded = again.load_all().await.unwrap();
    assert_eq!(snapshot(&loaded), snapshot(&original));
    assert_eq!(loaded.find(&Query::new("novak")), original.find(&Query::new("novak")));
    again.close();
}

/// Attaches one file of `bytes` to `to` the way the app does: its Blob is
/// stored in the action's transaction.
async fn attach(store: &Store, crm: &mut Crm, ids: &mut Ids, to: Target, bytes: &[u8]) -> Result<Uuid, StoreError> {
    let id = ids.next();
    let file = NewFile { id, name: "nabídka.pdf".into(), media_type: "application/pdf".into(), size: bytes.len() as u64 };
    let mut next = || ids.next();
    let mut ctx = Ctx { now: clock_now(), me: None, new_id: &mut next };
    let changes = crm.attach(to, vec![file], "", false, &mut ctx).unwrap();
    let blob = vizitka::web::blob("application/pdf", bytes).unwrap();
    store.apply(&changes, &[(id, blob)], || ()).await?;
    crm.apply(&changes);
    Ok(id)
}

async fn stored_bytes(store: &Store, id: Uuid) -> Option<Vec<u8>> {
    let blob = store.read_file(id).await.unwrap()?;
    Some(vizitka::web::blob_bytes(&blob).await.unwrap())
}

#[wasm_bindgen_test]
async fn a_file_is_stored_with_its_action_kept_for_undo_and_swept_at_the_next_start() {
    let name = "t-files";
    let store = fresh(name).await;
    let mut crm = store.load_all().await.unwrap();
    let mut ids = Ids(Rng::new(6), 1_790_000_000_000);
    let o = org(&mut ids, "Pekárna U Mlýna");
    let to = Target::organization(o.id);
    act(&store, &mut crm, &mut ids, |c, ctx| c.save_organization(o, ctx).unwrap()).await.unwrap();
    let bytes: Vec<u8> = (0..=255u8).cycle().take(300_001).collect();
    let id = attach(&store, &mut crm, &mut ids, to, &bytes).await.unwrap();
    assert_eq!(stored_bytes(&store, id).await.as_deref(), Some(&bytes[..]), "byte for byte");

    // A failed write stores neither the record nor the file.
    store.faults.set(Faults { abort_after_puts: Some(0), ..Faults::default() });
    assert!(attach(&store, &mut crm, &mut ids, to, b"lost").await.is_err());
    store.faults.set(Faults::default());
    assert_eq!(crm.attachment_totals().0, 1);
    assert_eq!(store.load_all().await.unwrap().attachment_totals(), (1, bytes.len() as u64));
    assert_eq!(store.file_ids().await.unwrap().len(), 1);

    // Deleted: the bytes stay for an undo until the next start sweeps them.
    act(&store, &mut crm, &mut ids, |c, ctx| c.delete_attachment(id, ctx)).await.unwrap();
    assert!(stored_bytes(&store, id).await.is_some());
    let loaded = store.load_all().await.unwrap();
    assert_eq!(store.sweep_files(|f| loaded.attachment(f).is_some()).await.unwrap(), 1);
    assert!(stored_bytes(&store, id).await.is_none());

    // An import brings its files and replaces the old ones; a wipe clears them.
    let kept = attach(&store, &mut crm, &mut ids, to, b"old").await.unwrap();
    let imported = ids.next();
    store.replace_all(crm.clone(), FileWrites { clear: true, put: vec![(imported, "text/plain".into(), b"nove".to_vec())] }, |_| ()).await.unwrap();
    assert!(stored_bytes(&store, kept).await.is_none());
    assert_eq!(stored_bytes(&store, imported).await.as_deref(), Some(&b"nove"[..]));
    assert_eq!(store.read_file(imported).await.unwrap().unwrap().type_(), "text/plain");
    store.replace_all(Crm::new(), FileWrites::clear(), |_| ()).await.unwrap();
    assert!(store.file_ids().await.unwrap().is_empty());
    store.close();
}

#[wasm_bindgen_test]
async fn a_tab_that_missed_another_tabs_file_does_not_sweep_it() {
    let name = "t-files-two-tabs";
    delete_database(name).await.unwrap();
    let tab_a = Store::open(name, quiet()).await.unwrap();
    let tab_b = Store::open(name, quiet()).await.unwrap();
    let mut crm_a = tab_a.load_all().await.unwrap();
    let mut crm_b = tab_b.load_all().await.unwrap();
    let mut ids = Ids(Rng::new(7), 1_790_000_000_000);
    let o = org(&mut ids, "Firma");
    let to = Target::organization(o.id);
    let oid = o.id;
    act(&tab_a, &mut crm_a, &mut ids, |c, ctx| c.save_organization(o, ctx).unwrap()).await.unwrap();
    // Tab B catches up with A's write, then attaches a file.
    tab_b
        .catch_up(|f| {
            if let vizitka::store::Feed::Changes(c) = f {
                crm_b.apply(&c);
            }
        })
        .await
        .unwrap();
    assert!(crm_b.organization(oid).is_some());
    let id = attach(&tab_b, &mut crm_b, &mut ids, to, b"from tab B").await.unwrap();
    // Tab A does not know the file; its log is stale, so it sweeps nothing.
    assert_eq!(tab_a.sweep_files(|f| crm_a.attachment(f).is_some()).await.unwrap(), 0);
    assert!(stored_bytes(&tab_a, id).await.is_some());
    for s in [tab_a, tab_b] {
        s.close();
    }
}

#[wasm_bindgen_test]
async fn of_two_tabs_that_run_the_same_firings_only_the_first_stores_them() {
    use vizitka::model::ops::automation::Defaults;
    let name = "t-firings-two-tabs";
    delete_database(name).await.unwrap();
    let d = Defaults::english();
    let tab_a = Store::open(name, quiet()).await.unwrap();
    let mut ids = Ids(Rng::new(9), 1_790_000_000_000);
    let mut crm = tab_a.load_all().await.unwrap();
    // A new contact schedules its welcome (due now), in the same transaction.
    let mut c = Contact::new(ids.next(), clock_now());
    (c.first_name, c.last_name) = ("Jana".into(), "Nováková".into());
    let triggers = vizitka::model::ops::automation::Options { triggers: true, follow_new_contacts: false };
    act(&tab_a, &mut crm, &mut ids, |crm, ctx| {
        let mut ch = crm.save_contact(c, false, ctx).unwrap();
        let more = crm.schedule(&d, &ch, triggers, ctx);
        ch.extend(more);
        ch
    })
    .await
    .unwrap();
    // Both tabs load the same records and compute the same due firings.
    let tab_b = Store::open(name, quiet()).await.unwrap();
    let crm_a = tab_a.load_all().await.unwrap();
    let crm_b = tab_b.load_all().await.unwrap();
    let run = |crm: &Crm, ids: &mut Ids| {
        let mut next = || ids.next();
        let mut ctx = Ctx { now: clock_now(), me: None, new_id: &mut next };
        let due = crm.due_firings(&d, ctx.now, 0);
        assert_eq!(due.len(), 1);
        crm.run_firings(&d, due, "", &mut ctx)
    };
    let a = run(&crm_a, &mut ids);
    let b = run(&crm_b, &mut ids);
    tab_a.apply(&a, &[], || ()).await.unwrap();
    assert_eq!(tab_b.apply(&b, &[], || ()).await, Err(StoreError::Stale), "tab B finds tab A's write");
    // One draft, and the firing is done: after a reload nothing is due.
    let after = tab_b.load_all().await.unwrap();
    assert_eq!(after.open_drafts(None).len(), 1);
    assert!(after.due_firings(&d, clock_now(), 0).is_empty());
    for s in [tab_a, tab_b] {
        s.close();
    }
}

#[wasm_bindgen_test]
async fn a_signed_protocol_its_delivered_items_a_contract_and_a_ticket_on_hold_survive_a_reopen_and_a_compaction() {
    use vizitka::model::handover::{HandoverItem, HandoverResult};
    use vizitka::model::money::Decimal;
    let name = "t-delivery";
    let store = fresh(name).await;
    let mut crm = store.load_all().await.unwrap();
    let mut ids = Ids(Rng::new(9), 1_790_000_000_000);
    let o = org(&mut ids, "Pekárna U Mlýna");
    let oid = o.id;
    act(&store, &mut crm, &mut ids, |c, ctx| c.save_organization(o, ctx).unwrap()).await.unwrap();
    let jana = contact(&mut ids, "Nováková", Some(oid));
    act(&store, &mut crm, &mut ids, |c, ctx| c.save_contact(jana, true, ctx).unwrap()).await.unwrap();
    let today = clock_now().date_naive();
    let member = vizitka::model::TeamMember::new(ids.next(), clock_now(), "Tester");
    let me = member.id;
    act(&store, &mut crm, &mut ids, |c, ctx| c.save_team_member(member, ctx).unwrap()).await.unwrap();
    let mut h = None;
    act(&store, &mut crm, &mut ids, |c, ctx| {
        ctx.me = Some(me);
        let mut p = c.new_project(Target::organization(oid), today, ctx).unwrap();
        p.name = "Serverovna".into();
        let mut made = c.clone();
        let changes = c.save_project(p.clone(), ctx).unwrap();
        made.apply(&changes);
        let mut handover = made.new_handover(Target::new(vizitka::model::Kind::Project, p.id), today, ctx).unwrap();
        handover.items.push(HandoverItem {
            product_id: None,
            name: "Server".into(),
            quantity: Decimal::percent(2),
            unit: "ks".into(),
            serials: vec!["SN-1".into(), "SN-2".into()],
            condition: String::new(),
            documents: vec!["Návod".into()],
            warranty_months: 24,
        });
        h = Some(handover.id);
        let mut all = changes;
        all.extend(made.save_handover(handover, ctx).unwrap());
        all
    })
    .await
    .unwrap();
    let h = h.unwrap();
    act(&store, &mut crm, &mut ids, |c, ctx| c.sign_handover(h, HandoverResult::Accepted, today, ctx).unwrap()).await.unwrap();
    act(&store, &mut crm, &mut ids, |c, ctx| {
        let mut k = c.new_contract(oid, today, ctx).unwrap();
        k.title = "Servis".into();
        c.save_contract(k, ctx).unwrap()
    })
    .await
    .unwrap();
    // A ticket put on hold: its status log is what its SLA is counted from.
    let mut ticket = None;
    act(&store, &mut crm, &mut ids, |c, ctx| {
        let mut t = c.new_ticket(Some(Target::organization(oid)), today, ctx);
        t.subject = "Server nejde zapnout".into();
        ticket = Some(t.id);
        c.save_ticket(t, ctx).unwrap()
    })
    .await
    .unwrap();
    let ticket = ticket.unwrap();
    act(&store, &mut crm, &mut ids, |c, ctx| {
        let t = c.ticket(ticket).unwrap().clone();
        c.save_ticket(vizitka::model::ticket::Ticket { status: vizitka::model::ticket::TicketStatus::WaitingOnCustomer, ..t }, ctx).unwrap()
    })
    .await
    .unwrap();
    let hash = crm.handover(h).unwrap().content_hash().unwrap();
    store.close();

    let again = Store::open(name, quiet()).await.unwrap();
    let loaded = again.load_all().await.unwrap();
    assert_eq!(snapshot(&loaded), snapshot(&crm));
    assert_eq!(loaded.delivered_items_of(oid).len(), 1);
    assert_eq!(loaded.contracts_of(oid).len(), 1);
    assert_eq!(loaded.handover(h).unwrap().content_hash().unwrap(), hash);
    assert_eq!(loaded.ticket(ticket).unwrap().statuses.len(), 2);
    assert_eq!(loaded.ticket(ticket).unwrap().pauses().len(), 1);
    again.compact(|| vizitka::segments::encode(&loaded)).await.unwrap();
    let compacted = again.load_all().await.unwrap();
    assert_eq!(snapshot(&compacted), snapshot(&crm));
    assert_eq!(compacted.projects_of(oid).len(), 1);
    assert_eq!(compacted.tickets_of(oid).len(), 1);
    again.close();
}

/// What a new connection finds: every record, and how long the log is.
async fn stored_state(name: &str) -> (String, u32) {
    let s = Store::open(name, quiet()).await.unwrap();
    let crm = s.load_all().await.unwrap();
    let state = (snapshot(&crm), s.log_len());
    s.close();
    state
}

/// Runs `op` with the store aborting after 0 puts, then 1, 2 … until it
/// goes through. After each crash a new connection must find exactly the
/// `old` state; after the write, exactly `new`. Never a mix. Returns the
/// number of points it crashed at.
async fn crash_at_every_step<F, Fut>(name: &str, store: &Rc<Store>, old: &(String, u32), new: &(String, u32), op: F) -> usize
where
    F: Fn(Rc<Store>) -> Fut,
    Fut: std::future::Future<Output = Result<(), StoreError>>,
{
    for k in 0..10_000 {
        store.faults.set(Faults { abort_after_puts: Some(k), ..Faults::default() });
        let result = op(store.clone()).await;
        store.faults.set(Faults::default());
        let found = stored_state(name).await;
        match result {
            Err(StoreError::Aborted(_)) => assert!(found == *old, "crashed after {k} puts, and the old state is not what is stored"),
            Ok(()) => {
                assert!(found == *new, "written after {k} crashes, and the new state is not what is stored");
                return k;
            }
            Err(e) => panic!("{e:?}"),
        }
    }
    unreachable!("the write never went through")
}

#[wasm_bindgen_test]
async fn a_crash_at_any_step_of_an_import_a_merge_a_conversion_a_bulk_delete_an_attachment_or_a_compaction_leaves_the_old_state_or_the_new() {
    use vizitka::model::lead::Lead;
    use vizitka::model::ops::bulk::BulkEdit;
    use vizitka::model::ops::duplicates::MergePlan;
    use vizitka::model::ops::sales::{ConvertPlan, Pick};
    use vizitka::model::{Email, EmailLabel, Kind, Records};
    let name = "t-crash-everywhere";
    let store = fresh(name).await;
    let now = Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap();
    let (o, c) = generate(3, 60, 2_500, now);
    let mut crm = Crm::from_records(Records { organizations: o, contacts: c, ..Default::default() });
    store.replace_all(crm.clone(), FileWrites::default(), |_| {}).await.unwrap();
    let mut ids = Ids(Rng::new(31), 1_790_000_000_000);
    let mut state = stored_state(name).await;
    let mut crashes = 0;

    // An import that replaces everything: 4 segments of contacts and the
    // organizations', then two files.
    let (o, c) = generate(4, 80, 3_200, now);
    let imported = Crm::from_records(Records { organizations: o, contacts: c, ..Default::default() });
    let files = || FileWrites {
        clear: true,
        put: vec![(Uuid::from_u128(1), "text/plain".into(), b"one".to_vec()), (Uuid::from_u128(2), "text/plain".into(), b"two".to_vec())],
    };
    let segments = vizitka::segments::encode(&imported).len();
    let new = (snapshot(&imported), 0);
    let n = crash_at_every_step(name, &store, &state, &new, |s| {
        let imported = imported.clone();
        async move { s.replace_all(imported, files(), |_| {}).await }
    })
    .await;
    assert_eq!(n, segments + 2 + 1, "a crash before each segment, each file, and the commit");
    assert!(stored_bytes(&store, Uuid::from_u128(2)).await.is_some());
    crashes += n;
    crm = imported;
    state = new;

    // One action (one log entry) at a time: compute it, crash at each step.
    macro_rules! action {
        ($files:expr, $compute:expr) => {{
            let mut next = || ids.next();
            let mut ctx = Ctx { now: clock_now(), me: None, new_id: &mut next };
            #[allow(clippy::redundant_closure_call)]
            let changes: Vec<Change> = ($compute)(&crm, &mut ctx);
            let mut after = crm.clone();
            after.apply(&changes);
            let new = (snapshot(&after), state.1 + 1);
            let files: Vec<(Uuid, web_sys::Blob)> = $files;
            let n = crash_at_every_step(name, &store, &state, &new, |s| {
                let (changes, files) = (changes.clone(), files.clone());
                async move { s.apply(&changes, &files, || ()).await }
            })
            .await;
            assert_eq!(n, files.len() + 2, "a crash before each file, the log entry and the commit");
            crashes += n;
            crm = after;
            state = new;
        }};
    }

    // A merge of two look-alike contacts.
    let twins: Vec<Contact> = (0..2)
        .map(|_| {
            let mut c = contact(&mut ids, "Nováková", None);
            c.emails = vec![Email { address: "jana@example.cz".into(), label: EmailLabel::Work }];
            c
        })
        .collect();
    let (survivor, other) = (twins[0].id, twins[1].id);
    act(&store, &mut crm, &mut ids, |c, ctx| twins.into_iter().flat_map(|t| c.save_contact(t, false, ctx).unwrap()).collect()).await.unwrap();
    state = (snapshot(&crm), state.1 + 1);
    action!(Vec::new(), |c: &Crm, ctx: &mut Ctx| c
        .merge(Kind::Contact, &MergePlan { survivor, others: vec![other], picks: Vec::new() }, ctx)
        .unwrap());

    // A lead converted into an organization, a contact and a deal.
    let mut lead = Lead::new(ids.next(), clock_now());
    (lead.first_name, lead.last_name, lead.company) = ("Petr".into(), "Dvořák".into(), "Pekárna U Mlýna, s.r.o.".into());
    let lead_id = lead.id;
    act(&store, &mut crm, &mut ids, |c, ctx| c.save_lead(lead, ctx).unwrap()).await.unwrap();
    state = (snapshot(&crm), state.1 + 1);
    let stages = vizitka::model::pipeline::defaults(["Kvalifikace", "Analýza", "Nabídka", "Jednání", "Vyhráno", "Prohráno"], now);
    let plan = ConvertPlan { organization: Pick::New, contact: Pick::New, opportunity: Pick::New, opportunity_name: "Pece".into() };
    action!(Vec::new(), |c: &Crm, ctx: &mut Ctx| c.convert_lead(lead_id, &plan, &stages, ctx).unwrap());

    // A bulk delete of 50 contacts.
    let doomed: Vec<Uuid> = crm.contacts().take(50).map(|c| c.id).collect();
    action!(Vec::new(), |c: &Crm, ctx: &mut Ctx| c.bulk(Kind::Contact, &doomed, &BulkEdit::Delete, &stages, ctx).unwrap());

    // A file attached to an organization: its bytes and the record.
    let to = Target::organization(crm.organizations().next().unwrap().id);
    let file_id = ids.next();
    let blob = vizitka::web::blob("application/pdf", b"%PDF-1.4").unwrap();
    let file = NewFile { id: file_id, name: "smlouva.pdf".into(), media_type: "application/pdf".into(), size: 8 };
    action!(vec![(file_id, blob)], |c: &Crm, ctx: &mut Ctx| c.attach(to, vec![file], "", false, ctx).unwrap());
    assert!(stored_bytes(&store, file_id).await.is_some());

    // The log folded into segments: the same records, an empty log.
    let segments = vizitka::segments::encode(&crm).len();
    let new = (state.0.clone(), 0);
    let n = crash_at_every_step(name, &store, &state, &new, |s| {
        let crm = crm.clone();
        async move { s.compact(|| vizitka::segments::encode(&crm)).await }
    })
    .await;
    assert_eq!(n, segments + 1);
    crashes += n;

    // The count README gives ("Reliability").
    assert_eq!(crashes, 28, "{crashes} crashes tried");
    store.close();
}

/// The bundles of `tests/fixtures/schema/`, one per schema version, and
/// what today's app makes of each.
const SCHEMA_FIXTURES: [(&str, &str); 8] = [
    (include_str!("fixtures/schema/v1.json"), include_str!("fixtures/schema/v1.expected.json")),
    (include_str!("fixtures/schema/v2.json"), include_str!("fixtures/schema/v2.expected.json")),
    (include_str!("fixtures/schema/v3.json"), include_str!("fixtures/schema/v3.expected.json")),
    (include_str!("fixtures/schema/v4.json"), include_str!("fixtures/schema/v4.expected.json")),
    (include_str!("fixtures/schema/v5.json"), include_str!("fixtures/schema/v5.expected.json")),
    (include_str!("fixtures/schema/v6.json"), include_str!("fixtures/schema/v6.expected.json")),
    (include_str!("fixtures/schema/v7.json"), include_str!("fixtures/schema/v7.expected.json")),
    (include_str!("fixtures/schema/v8.json"), include_str!("fixtures/schema/v8.expected.json")),
];

/// Every list of an export, as comparable text: team members made by an
/// upgrade get fresh ids and times, so they are named by their names.
fn lists_of(export: &serde_json::Value) -> Vec<(String, String)> {
    let members: Vec<(String, String)> = export["team_members"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|m| (m["id"].as_str().unwrap_or_default().to_string(), m["name"].as_str().unwrap_or_default().to_string()))
        .collect();
    vizitka::model::Kind::ALL
        .iter()
        .map(|k| {
            let mut list = export[k.list_name()].clone();
            if *k == vizitka::model::Kind::TeamMember {
                for m in list.as_array_mut().into_iter().flatten() {
                    m["created_at"] = serde_json::Value::Null;
                    m["updated_at"] = serde_json::Value::Null;
                }
            }
            let mut text = list.to_string();
            for (id, name) in &members {
                text = text.replace(id, &format!("member:{name}"));
            }
            (k.list_name().to_string(), text)
        })
        .collect()
}

#[wasm_bindgen_test]
async fn a_database_of_every_schema_version_upgrades_with_every_record_and_field() {
    use vizitka::model::Kind;
    assert_eq!(SCHEMA_FIXTURES.len(), SCHEMA_VERSION as usize, "a new schema version needs its stored fixture here");
    for (i, (fixture, expected)) in SCHEMA_FIXTURES.iter().enumerate() {
        let v = i as u32 + 1;
        let name = format!("t-upgrade-v{v}");
        delete_database(&name).await.unwrap();
        // The database as schema `v` left it: its stores, each list a segment.
        let factory = Factory::new().unwrap();
        let mut req = factory.open(&name, Some(v)).unwrap();
        req.on_upgrade_needed(move |event| {
            use idb::DatabaseEvent;
            let db = event.database().unwrap();
            db.create_object_store("segments", ObjectStoreParams::new()).unwrap();
            let mut log = ObjectStoreParams::new();
            log.auto_increment(true);
            db.create_object_store("log", log).unwrap();
            if v >= 2 {
                db.create_object_store("meta", ObjectStoreParams::new()).unwrap();
            }
            if v >= 5 {
                db.create_object_store("files", ObjectStoreParams::new()).unwrap();
            }
        });
        let db = req.await.unwrap();
        let bundle: serde_json::Value = serde_json::from_str(fixture).unwrap();
        let tx = db.transaction(&["segments"], TransactionMode::ReadWrite).unwrap();
        let segs = tx.object_store("segments").unwrap();
        for kind in Kind::ALL {
            if let Some(list) = bundle[kind.list_name()].as_array().filter(|l| !l.is_empty()) {
                segs.put(&u8a(json!(list)), Some(&JsValue::from_str(&vizitka::segments::segment_key(kind, 0)))).unwrap();
            }
        }
        tx.await.unwrap();
        // The files' bytes, as Blobs keyed by attachment id (schema 5 on).
        let files: Vec<(Uuid, Vec<u8>)> = bundle["files"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|f| (f["id"].as_str().unwrap().parse().unwrap(), vizitka::bundle::base64::decode(f["base64"].as_str().unwrap()).unwrap()))
            .collect();
        assert_eq!(files.is_empty(), v < 5, "schema {v}: files from schema 5 on");
        if !files.is_empty() {
            let tx = db.transaction(&["files"], TransactionMode::ReadWrite).unwrap();
            for (id, bytes) in &files {
                let blob = vizitka::web::blob("application/octet-stream", bytes).unwrap();
                tx.object_store("files").unwrap().put(&blob, Some(&JsValue::from_str(&id.to_string()))).unwrap();
            }
            tx.await.unwrap();
        }
        db.close();

        let store = Store::open(&name, quiet()).await.unwrap_or_else(|e| panic!("schema {v}: {e:?}"));
        for (id, bytes) in &files {
            assert_eq!(stored_bytes(&store, *id).await.as_ref(), Some(bytes), "schema {v}: the bytes of file {id} kept");
        }
        let got: serde_json::Value = serde_json::from_str(&snapshot(&store.load_all().await.unwrap())).unwrap();
        let want: serde_json::Value = serde_json::from_str(expected).unwrap();
        for ((list, g), (_, w)) in lists_of(&got).into_iter().zip(lists_of(&want)) {
            assert!(g == w, "schema {v}: {list} after the upgrade differs from the expected:\n{g}\n{w}");
        }
        store.close();
    }
}

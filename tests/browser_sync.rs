#![cfg(target_arch = "wasm32")]
//! The sync client against a real CouchDB-protocol server: pouchdb-server,
//! in memory on loopback, which `scripts/test` starts and names in
//! `VIZITKA_TEST_COUCH` (with CORS for the test page's origin, as
//! docs/sync.md asks of a CouchDB). It answers `text/plain` and integer
//! sequences where CouchDB 3 answers `application/json` and strings; the
//! client must read both.

use serde_json::{json, Value};
use vizitka::model::ids::new_id;
use vizitka::model::{Contact, Rec};
use vizitka::sync::protocol::{Saved, Seq};
use vizitka::sync::{from_doc, to_doc, Incoming, Rev};
use vizitka::web::couch::{Couch, SyncError};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// Read when the tests compile, so a build without it (clippy, before the
/// server starts) still compiles; a run without it fails.
fn server() -> &'static str {
    match option_env!("VIZITKA_TEST_COUCH") {
        Some(url) => url,
        None => panic!("scripts/test starts pouchdb-server and names it in VIZITKA_TEST_COUCH"),
    }
}

/// What an administrator does once (docs/sync.md): a database, and a user.
async fn admin(method: &str, path: &str, body: Value) {
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    init.set_body(&JsValue::from_str(&body.to_string()));
    let request = web_sys::Request::new_with_str_and_init(&format!("{}{path}", server()), &init).unwrap();
    request.headers().set("Content-Type", "application/json").unwrap();
    let response: web_sys::Response = JsFuture::from(web_sys::window().unwrap().fetch_with_request(&request)).await.unwrap().dyn_into().unwrap();
    assert!(response.ok(), "{method} {path}: {}", response.status());
}

/// A database of its own for each test, and a user of its own (the
/// password is "heslo").
async fn fresh() -> (Couch, String) {
    let db = format!("t{}", js_sys::Math::random().to_bits());
    let user = format!("jana-{db}");
    admin("PUT", &format!("/{db}"), json!({})).await;
    admin("PUT", &format!("/_users/org.couchdb.user:{user}"), json!({ "name": user, "password": "heslo", "roles": [], "type": "user" })).await;
    (Couch::new(server(), &db).unwrap(), user)
}

fn contact(n: u64, first: &str) -> Rec {
    let at = chrono::DateTime::from_timestamp(1_790_000_000, 0).unwrap();
    let mut c = Contact::new(new_id(1_790_000_000_000 + n, [n as u8; 10]), at);
    c.first_name = first.into();
    c.last_name = "Nováková".into();
    Rec::Contact(c)
}

#[wasm_bindgen_test]
async fn a_wrong_password_is_named_and_the_right_one_opens_a_session() {
    let (couch, jana) = fresh().await;
    match couch.login(&jana, "špatně").await {
        Err(SyncError::BadLogin(reason)) => assert!(!reason.is_empty(), "the server's words are kept"),
        other => panic!("{other:?}"),
    }
    assert_eq!(couch.login(&jana, "heslo").await, Ok(jana.clone()));
    assert_eq!(couch.session().await, Ok(Some(jana)), "the cookie carries the session");
    assert_eq!(Couch::new("javascript:alert(1)", "db"), Err(SyncError::BadAddress));
    assert_eq!(Couch::new("http://couch.example.cz", "db"), Err(SyncError::BadAddress), "a password in the clear over the network");
    assert!(Couch::new("http://localhost:5984", "db").is_ok(), "http to this computer is fine");
    assert_eq!(Couch::new("https://couch.example.cz", " "), Err(SyncError::BadDatabaseName));
    assert_eq!(Couch::new("https://couch.example.cz", "Vizitka"), Err(SyncError::BadDatabaseName));
    assert_eq!(Couch::new("https://couch.example.cz/", " vizitka-2026 ").map(|c| c.db), Ok("vizitka-2026".to_string()));
    let nobody = Couch::new("http://127.0.0.1:9", "db").unwrap();
    assert_eq!(nobody.session().await, Err(SyncError::Unreachable));
}

#[wasm_bindgen_test]
async fn records_pushed_come_back_in_the_change_feed_and_a_stale_push_is_a_conflict() {
    let (couch, user) = fresh().await;
    couch.login(&user, "heslo").await.unwrap();
    let (jana, eva) = (contact(1, "Jana"), contact(2, "Eva"));
    let saved = couch.push(&[to_doc(&jana, None), to_doc(&eva, None)]).await.unwrap();
    let revs: Vec<Rev> = saved
        .iter()
        .map(|s| match s {
            Saved::Stored { rev, .. } => rev.clone(),
            other => panic!("{other:?}"),
        })
        .collect();

    let page = couch.changes(&Seq::start()).await.unwrap();
    let back: Vec<Rec> = page
        .rows
        .iter()
        .filter_map(|row| match from_doc(row.doc.as_ref()?) {
            Ok(Incoming::Put { rec, .. }) => Some(rec),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(back.len(), 2);
    assert!(back.contains(&jana) && back.contains(&eva), "the same records, field for field");
    // Caught up: from the page's last sequence there is nothing new.
    assert!(couch.changes(&page.last_seq).await.unwrap().rows.is_empty());

    // Another device changed Jana meanwhile; a push naming the old
    // revision is refused as a conflict, and the server's copy is there to merge.
    let Rec::Contact(mut theirs) = jana.clone() else { unreachable!() };
    theirs.position = "Ředitelka".into();
    let theirs = Rec::Contact(theirs);
    assert!(matches!(couch.push(&[to_doc(&theirs, Some(&revs[0]))]).await.unwrap()[..], [Saved::Stored { .. }]));
    let Rec::Contact(mut mine) = jana.clone() else { unreachable!() };
    mine.position = "Asistentka".into();
    let reply = couch.push(&[to_doc(&Rec::Contact(mine), Some(&revs[0]))]).await.unwrap();
    assert!(matches!(&reply[..], [Saved::Conflict { .. }]), "{reply:?}");
    let server_copy = couch.get(&vizitka::sync::doc_id(jana.kind(), jana.id())).await.unwrap().unwrap();
    assert!(matches!(from_doc(&server_copy), Ok(Incoming::Put { rec, .. }) if rec == theirs));
    assert_eq!(couch.get("contact:0190aaaa-0000-7000-8000-000000000000").await, Ok(None));
}

#[wasm_bindgen_test]
async fn the_databases_validation_refuses_what_is_not_a_vizitka_record() {
    let (couch, user) = fresh().await;
    let validate = include_str!("../docs/couchdb/validate_doc_update.js");
    admin("PUT", &format!("/{}/_design/vizitka", couch.db), json!({ "validate_doc_update": validate })).await;
    couch.login(&user, "heslo").await.unwrap();

    let jana = contact(3, "Jana");
    let stored = couch.push(&[to_doc(&jana, None)]).await.unwrap();
    let [Saved::Stored { rev, .. }] = &stored[..] else { panic!("{stored:?}") };

    let mut other_id = to_doc(&jana, None);
    other_id["_id"] = json!("contact:0190aaaa-0000-7000-8000-00000000beef");
    let shopping = json!({ "_id": "shopping:list", "milk": 2 });
    let mut unknown_kind = to_doc(&jana, None);
    unknown_kind["_id"] = json!(format!("invoice:{}", jana.id()));
    let reply = couch.push(&[other_id, shopping, unknown_kind]).await.unwrap();
    let reasons: Vec<&str> = reply
        .iter()
        .map(|s| match s {
            Saved::Forbidden { reason, .. } => reason.as_str(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert!(reasons[0].contains("its id is not the one its _id names"), "{reasons:?}");
    assert!(reasons[1].contains("not a Vizitka record"), "{reasons:?}");
    assert!(reasons[2].contains("no such kind of record: invoice"), "{reasons:?}");

    // A history entry is written once; a deletion is a tombstone.
    let entry = json!({ "_id": format!("history:{}", jana.id()), "id": jana.id().to_string(), "at": "2026-12-07T08:00:00Z" });
    let first = couch.push(std::slice::from_ref(&entry)).await.unwrap();
    let [Saved::Stored { rev: entry_rev, .. }] = &first[..] else { panic!("{first:?}") };
    let mut changed = entry.clone();
    changed["_rev"] = json!(entry_rev.0);
    changed["at"] = json!("2026-12-08T08:00:00Z");
    assert!(matches!(&couch.push(&[changed]).await.unwrap()[..], [Saved::Forbidden { reason, .. }] if reason.contains("never changes")));
    let tomb = vizitka::sync::doc::deleted_doc(jana.kind(), jana.id(), rev);
    assert!(matches!(&couch.push(&[tomb]).await.unwrap()[..], [Saved::Stored { .. }]));
}

#[wasm_bindgen_test]
async fn a_longpoll_brings_the_next_change_and_ends_on_the_apps_own_timer() {
    let (couch, user) = fresh().await;
    couch.login(&user, "heslo").await.unwrap();
    let since = couch.changes(&Seq::start()).await.unwrap().last_seq;
    // Nothing comes: pouchdb-server would hold the request open for good
    // (it ignores `timeout`); the app's timer ends it.
    assert_eq!(couch.wait_for_changes(&since, 300).await, Ok(None));
    // A change made while waiting comes back at once.
    let eva = contact(4, "Eva");
    let waiting = couch.wait_for_changes(&since, 20_000);
    let pushing = async {
        vizitka::web::sleep(100).await;
        couch.push(&[to_doc(&eva, None)]).await.unwrap()
    };
    let (page, _) = futures::join!(waiting, pushing);
    let page = page.unwrap().expect("the change");
    assert_eq!(page.rows.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(), [vizitka::sync::doc_id(eva.kind(), eva.id())]);
}

fn quiet() -> vizitka::store::Events {
    vizitka::store::Events { version_change: Box::new(|| {}), blocked: Box::new(|| {}) }
}

/// The sync's state lives beside the records: a user action while
/// connected stores what it changed (as it was before) in its own
/// transaction, a tab that has not seen the connection cannot write
/// without it, a push's outcome settles the marks in one write, and
/// disconnecting forgets the sync but keeps every record.
#[wasm_bindgen_test]
async fn an_action_while_connected_is_marked_in_its_own_transaction_and_a_push_settles_it() {
    use vizitka::model::{Change, Kind};
    use vizitka::store::{delete_database, Store, StoreError};
    use vizitka::sync::state::{self, marks_of, Connection, SyncState};

    let name = "vizitka-test-sync-store";
    delete_database(name).await.unwrap();
    let tab_a = Store::open(name, quiet()).await.unwrap();
    let mut crm = tab_a.load_all().await.unwrap();
    let jana = contact(1, "Jana");
    tab_a.apply(&[Change::Put(jana.clone())], &[], || ()).await.unwrap();
    crm.apply(&[Change::Put(jana.clone())]);
    // Another tab loaded before the connection was made.
    let tab_b = Store::open(name, quiet()).await.unwrap();
    tab_b.load_all().await.unwrap();

    let conn = Connection { server: "https://couch.example.cz".into(), db: "vizitka".into(), user: "jana".into() };
    tab_a.set_connection(Some(&conn)).await.unwrap();
    assert!(tab_a.sync_on());
    // Tab B writes without knowing of the connection: refused, nothing written.
    let eva = contact(2, "Eva");
    assert_eq!(tab_b.apply(&[Change::Put(eva)], &[], || ()).await, Err(StoreError::Stale), "its action would go unmarked");
    tab_b.catch_up(|_| ()).await.unwrap();
    assert!(tab_b.sync_on(), "catching up shows the connection");
    let entries = tab_a.sync_entries().await.unwrap();
    assert_eq!(state::connection(&entries).unwrap(), Some(conn.clone()), "the connection is stored, never a password");
    let s = SyncState::load(&entries).unwrap();
    assert_eq!(s.waiting(&crm), 1, "a record made before the connection goes up too");

    // An edit while connected: its mark holds Jana as she was.
    let Rec::Contact(mut edited) = jana.clone() else { unreachable!() };
    edited.position = "Ředitelka".into();
    let changes = [Change::Put(Rec::Contact(edited))];
    let marks = marks_of(&crm, &changes);
    tab_a.apply_marked(&changes, &[], &marks, || ()).await.unwrap();
    crm.apply(&changes);
    let marks_stored = state::marks(&tab_a.sync_entries().await.unwrap()).unwrap();
    assert_eq!(marks_stored.values().flatten().cloned().collect::<Vec<_>>(), marks);
    assert_eq!(marks[0].before.as_ref().unwrap()["position"], "", "the version before the edit");

    // A push of both: the server's revisions and the settled marks in one write.
    let mut s = SyncState::load(&tab_a.sync_entries().await.unwrap()).unwrap();
    let out = s.outgoing(&crm, 500);
    assert_eq!(out.len(), 1, "Jana once, however she got in the queue");
    let replies: Vec<Saved> = out.iter().map(|o| Saved::Stored { id: o.doc_id.clone(), rev: Rev("1-a".into()) }).collect();
    s.pushed(&out, &replies);
    tab_a.apply_sync(&[], &[], &s.take_writes(), || ()).await.unwrap();
    let reopened = Store::open(name, quiet()).await.unwrap();
    let crm_again = reopened.load_all().await.unwrap();
    let back = SyncState::load(&reopened.sync_entries().await.unwrap()).unwrap();
    assert_eq!(back.waiting(&crm_again), 0, "nothing waits after a reload");
    assert_eq!(back.rev(&vizitka::sync::doc_id(Kind::Contact, jana.id())), Some(&Rev("1-a".into())));

    // Disconnect: the sync is forgotten, the records stay.
    reopened.set_connection(None).await.unwrap();
    assert!(reopened.sync_entries().await.unwrap().is_empty());
    assert_eq!(reopened.load_all().await.unwrap().count(Kind::Contact), 1);
    tab_a.close();
    tab_b.close();
    reopened.close();
}

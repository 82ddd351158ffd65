#![cfg(not(target_arch = "wasm32"))]
//! A bundle of every schema version, 1 to today, with a record of every
//! kind that version had and their fields filled (`tests/fixtures/schema/
//! v<N>.json`), opens in today's app with every record and field kept:
//! exactly the migrated export beside it (`v<N>.expected.json`), and, for
//! versions whose records are today's, exactly the records it holds. The
//! browser tests store the same fixtures as IndexedDB of that version and
//! upgrade them. A new schema version fails here until it has its files:
//! `SCHEMA_WRITE=1 cargo test -p vizitka-core --test upgrade` writes the
//! missing ones (never an existing one: they are what old versions wrote).

#[path = "common/hostile.rs"]
mod corpus;

use std::path::PathBuf;

use serde_json::{json, Map, Value};
use vizitka_core::bundle::{self, combine, ImportError, ImportMode};
use vizitka_core::model::migrate::RECORDS_UNCHANGED_SINCE;
use vizitka_core::model::{Crm, Kind, Problem, SCHEMA_VERSION};

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/schema")
}

/// The demo's fullest record of every kind, with what they refer to, and
/// only the kinds version `v` had, less records left pointing at nothing.
fn today_shaped(demo: &Value, v: u32) -> Value {
    let mut b: Map<String, Value> =
        json!({"format": "vizitka-bundle", "schema_version": SCHEMA_VERSION, "exported_at": "2026-12-02T08:30:00Z", "app_version": "fixture"})
            .as_object()
            .cloned()
            .unwrap_or_default();
    for kind in Kind::ALL {
        let list = kind.list_name();
        let Some(items) = demo[list].as_array().filter(|l| !l.is_empty()) else { continue };
        let fullest = items.iter().max_by_key(|r| r.to_string().len()).cloned().unwrap_or_default();
        let small = corpus::closure(demo, list, &fullest);
        for (name, records) in small.as_object().into_iter().flatten() {
            let Some(records) = records.as_array() else { continue };
            let into = b.entry(name.clone()).or_insert_with(|| json!([]));
            if let Some(into) = into.as_array_mut() {
                for r in records {
                    if !into.iter().any(|x| x["id"] == r["id"]) {
                        into.push(r.clone());
                    }
                }
            }
        }
    }
    // A team (the demo has none: it loads before anyone says who they
    // are), and every owner and author set, so the steps that make team
    // members of names have names to work on.
    let members = [("01930000-0000-7000-8000-00000000a001", "Jana Obchodní"), ("01930000-0000-7000-8000-00000000a002", "Petr Technik")];
    let list = b.entry("team_members").or_insert_with(|| json!([]));
    for (id, name) in members {
        if let Some(l) = list.as_array_mut() {
            l.push(json!({"id": id, "created_at": "2025-10-01T08:00:00Z", "updated_at": "2025-10-02T08:00:00Z", "name": name, "email": "tym@firma.cz", "tags": ["obchod"], "notes": "Z týmu"}));
        }
    }
    let team: Vec<Value> = members.iter().map(|(id, _)| json!(id)).collect();
    // Your company, every field set (the demo leaves it to the user).
    let mut me = vizitka_core::model::supplier::Supplier::new(corpus::now());
    (me.name, me.ico, me.dic, me.email, me.phone) =
        ("Vizitka Servis s.r.o.".into(), "25596641".into(), "CZ25596641".into(), "servis@firma.cz".into(), "+420 601 000 111".into());
    (me.website, me.bank_account, me.registration) = ("https://www.firma.cz".into(), "2000145399/2010".into(), "C 12345 vedená u KS v Brně".into());
    (me.address.street, me.address.city, me.address.postal_code, me.address.country) =
        ("Husova 5".into(), "Brno".into(), "602 00".into(), "CZ".into());
    me.default_sla = Some(vizitka_core::model::contract::Sla::default());
    b.insert("suppliers".into(), json!([me]));
    {
        for (list, field) in [("organizations", "owner_id"), ("contacts", "owner_id"), ("history", "by_id")] {
            for (i, r) in b.get_mut(list).and_then(Value::as_array_mut).into_iter().flatten().enumerate() {
                if r[field].is_null() {
                    r[field] = team[i % team.len()].clone();
                }
            }
        }
    }
    // Team members stay even before schema 3: they become owners' names.
    b.retain(|k, _| Kind::from_list_name(k).is_none_or(|kind| kind.since() <= v || kind == Kind::TeamMember));
    if v < 5 {
        b.remove("files");
    }
    let mut bundle = Value::Object(b);
    // Records pointing at a kind this version had not: gone with it.
    loop {
        match bundle::parse(bundle.to_string().as_bytes()) {
            Ok(_) => return bundle,
            Err(ImportError::Invalid { errors, .. }) => {
                let mut doomed: Vec<(String, usize)> = errors
                    .iter()
                    .filter(|e| e.problem == Problem::Missing)
                    .filter_map(|e| {
                        let (list, rest) = e.field.split_once('[')?;
                        Some((list.to_string(), rest.split(']').next()?.parse().ok()?))
                    })
                    .collect();
                assert!(!doomed.is_empty(), "v{v}: {errors:?}");
                doomed.sort();
                doomed.dedup();
                for (list, i) in doomed.into_iter().rev() {
                    if let Some(l) = bundle[list.as_str()].as_array_mut() {
                        l.remove(i);
                    }
                }
            }
            Err(e) => panic!("v{v}: {e}"),
        }
    }
}

/// Today's records in the shape version `v` wrote them (the steps of
/// `model::migrate`, undone).
fn as_written_by(mut b: Value, v: u32) -> Value {
    b["schema_version"] = json!(v);
    let members: Vec<(String, String)> = b["team_members"]
        .as_array()
        .map(|l| l.iter().map(|m| (m["id"].as_str().unwrap_or_default().to_string(), m["name"].as_str().unwrap_or_default().to_string())).collect())
        .unwrap_or_default();
    let name_of = |id: &Value| id.as_str().and_then(|id| members.iter().find(|(m, _)| m == id)).map(|(_, n)| json!(n));
    if v < 8 {
        if let Some(s) = b.get_mut("suppliers").and_then(Value::as_array_mut) {
            s.iter_mut().filter_map(Value::as_object_mut).for_each(|s| {
                s.remove("default_sla");
            });
        }
    }
    if v < 3 {
        for list in ["organizations", "contacts"] {
            for r in b[list].as_array_mut().into_iter().flatten().filter_map(Value::as_object_mut) {
                if let Some(name) = r.remove("owner_id").and_then(|id| name_of(&id)) {
                    r.insert("owner".into(), name);
                }
            }
        }
        for h in b.get_mut("history").and_then(Value::as_array_mut).into_iter().flatten().filter_map(Value::as_object_mut) {
            if let Some(name) = h.remove("by_id").and_then(|id| name_of(&id)) {
                h.insert("by".into(), name);
            }
        }
        b.as_object_mut().map(|o| o.remove("team_members"));
    }
    if v < 2 {
        for c in b["contacts"].as_array_mut().into_iter().flatten().filter_map(Value::as_object_mut) {
            let email = c.remove("emails").and_then(|l| l[0]["address"].as_str().map(str::to_string));
            let phone = c.remove("phones").and_then(|l| l[0]["number"].as_str().map(str::to_string));
            c.insert("email".into(), json!(email.unwrap_or_default()));
            c.insert("phone".into(), json!(phone.unwrap_or_default()));
        }
    }
    b
}

fn import(file: &[u8]) -> Value {
    let b = bundle::parse(file).unwrap_or_else(|e| panic!("{e}"));
    let crm = combine(&Crm::new(), b, ImportMode::ReplaceAll);
    serde_json::from_str(&bundle::export(&crm, corpus::now())).unwrap()
}

/// A list in id order (an export orders it by name or time).
fn by_id(list: &Value) -> Vec<Value> {
    let mut l = list.as_array().cloned().unwrap_or_default();
    l.sort_by(|a, b| a["id"].as_str().cmp(&b["id"].as_str()));
    l
}

#[test]
fn a_bundle_of_every_schema_version_opens_with_every_record_and_field() {
    let demo = corpus::demo_export();
    for v in 1..=SCHEMA_VERSION {
        let (fixture, expected) = (dir().join(format!("v{v}.json")), dir().join(format!("v{v}.expected.json")));
        if std::env::var_os("SCHEMA_WRITE").is_some() && !fixture.exists() {
            let written = as_written_by(today_shaped(&demo, v), v);
            std::fs::create_dir_all(dir()).unwrap();
            std::fs::write(&fixture, serde_json::to_string_pretty(&written).unwrap()).unwrap();
            let migrated = import(&std::fs::read(&fixture).unwrap());
            std::fs::write(&expected, serde_json::to_string_pretty(&migrated).unwrap()).unwrap();
        }
        let file =
            std::fs::read(&fixture).unwrap_or_else(|_| panic!("schema {v} has no fixture: SCHEMA_WRITE=1 cargo test -p vizitka-core --test upgrade"));
        let want: Value = serde_json::from_slice(&std::fs::read(&expected).unwrap()).unwrap();
        let got = import(&file);
        assert!(got == want, "schema {v}: the import differs from {}", expected.display());

        let old: Value = serde_json::from_slice(&file).unwrap();
        assert_eq!(old["schema_version"], v);
        let lists: Vec<Kind> = Kind::ALL.into_iter().filter(|k| k.since() <= v).collect();
        for kind in &lists {
            let list = kind.list_name();
            let n = old[list].as_array().map_or(0, Vec::len);
            // The demo has no attachments and no automation records yet:
            // those kinds are checked by their own round trips only.
            let in_demo = demo[list].as_array().is_some_and(|l| !l.is_empty()) || *kind == Kind::TeamMember || *kind == Kind::Supplier;
            assert!(n > 0 || !in_demo, "schema {v}: no {list} in the fixture");
            assert_eq!(got[list].as_array().map_or(0, Vec::len), n, "schema {v}: every one of the {list} kept");
            // Records that are today's come back exactly as written.
            if v >= RECORDS_UNCHANGED_SINCE && !(*kind == Kind::Supplier && v < 8) {
                assert_eq!(by_id(&got[list]), by_id(&old[list]), "schema {v}: {list} unchanged");
            }
        }
        if v < 3 {
            // Each owner's name became one team member, named so.
            let team = got["team_members"].as_array().unwrap();
            for c in old["contacts"].as_array().unwrap() {
                let made = got["contacts"].as_array().unwrap().iter().find(|x| x["id"] == c["id"]).unwrap();
                if let Some(owner) = c["owner"].as_str() {
                    assert!(team.iter().any(|m| m["id"] == made["owner_id"] && m["name"] == owner), "schema {v}: {owner}");
                }
                if v == 1 {
                    assert_eq!(made["emails"][0]["address"], c["email"]);
                }
            }
        }
    }
}

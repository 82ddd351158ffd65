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
        for record in fullest(items) {
            let small = corpus::closure(demo, list, &record);
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
        for (list, field) in [("organizations", "owner_id"), ("contacts", "owner_id"), ("activities", "owner_id"), ("history", "by_id")] {
            for (i, r) in b.get_mut(list).and_then(Value::as_array_mut).into_iter().flatten().enumerate() {
                if r[field].is_null() {
                    r[field] = team[i % team.len()].clone();
                }
            }
        }
        // What the demo never fills: copies, a task's assignee, a
        // converted lead, a bulk action's history entry.
        for a in b.get_mut("activities").and_then(Value::as_array_mut).into_iter().flatten() {
            a["tags"] = json!(["důležité"]);
            match a["kind"].as_str() {
                Some("email") => a["cc"] = json!(["asistentka@firma.cz"]),
                Some("task") => a["assignee_id"] = team[1].clone(),
                _ => {}
            }
        }
        let first = |list: &str| b[list][0]["id"].clone();
        let converted = json!({"at": "2025-11-05T10:00:00Z", "organization_id": first("organizations"), "contact_id": first("contacts"), "opportunity_id": first("opportunities")});
        if let Some(lead) = b.get_mut("leads").and_then(|l| l.get_mut(0)) {
            lead["status"] = json!("converted");
            lead["converted"] = converted;
        }
        let others: Vec<Value> = b["contacts"].as_array().into_iter().flatten().take(2).map(|c| c["id"].clone()).collect();
        if let Some(h) = b.get_mut("history").and_then(|l| l.get_mut(0)) {
            h["records"] = json!([vec![h["record_id"].clone()], others].concat());
        }
    }
    files_and_automation(&mut b, &team);
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

/// What the demo has none of: files (one confidential, in a folder) and
/// automation (rules with every trigger shape, condition and action, a
/// template, and what firing them made), every field set.
fn files_and_automation(b: &mut Map<String, Value>, team: &[Value]) {
    use vizitka_core::model::automation::{builtin, BuiltIn};
    let id = |n: u32| json!(format!("01930000-0000-7000-8000-00000000b{n:03}"));
    let (at, later) = ("2025-11-03T09:15:00Z", "2025-11-04T10:00:00.250Z");
    let contact = b["contacts"][0]["id"].clone();
    let activity = b["activities"][0]["id"].clone();
    let pdf = b"%PDF-1.4\n% Vizitka fixture: a signed contract\n";
    let note = "Vizitka fixture, note \u{17e}lu\u{165}ou\u{10d}k\u{fd}".as_bytes();
    b.insert(
        "attachments".into(),
        json!([
            {"id": id(1), "created_at": at, "updated_at": later, "record_kind": "contact", "record_id": contact, "name": "Smlouva podepsaná.pdf",
             "media_type": "application/pdf", "size": pdf.len(), "folder": "Smlouvy", "confidential": true},
            {"id": id(2), "created_at": at, "updated_at": at, "record_kind": "contact", "record_id": contact, "name": "poznámka.txt",
             "media_type": "text/plain", "size": note.len()},
        ]),
    );
    b.insert("files".into(), json!([{"id": id(1), "base64": bundle::base64::encode(pdf)}, {"id": id(2), "base64": bundle::base64::encode(note)}]));
    let texts = builtin::Texts::english();
    let mut rules: Vec<Value> =
        builtin::rules(&texts, corpus::now()).iter().filter(|r| r.builtin == Some(BuiltIn::ThankYouEmail)).map(|r| json!(r)).collect();
    rules.push(json!({
        "id": id(10), "created_at": at, "updated_at": later, "name": "Nový rozhodovatel", "enabled": true, "active_since": at,
        "trigger": {"on": "field_changed", "kind": "contact", "field": "role", "value": "decision_maker"},
        "delay": {"amount": 2, "unit": "hours"}, "match": "any",
        "conditions": [{"field": "position", "op": "contains", "value": "ředitel"}, {"field": "tags", "op": "is_not_empty"}],
        "actions": [
            {"do": "create_task", "title": "Zavolat {name}", "due_days": 3, "assignee_id": team[0]},
            {"do": "remind", "text": "{name} rozhoduje"},
            {"do": "draft_email", "template_id": id(20)},
            {"do": "set_field", "field": "position", "value": "Ředitel"},
            {"do": "add_tag", "tag": "rozhoduje"},
        ],
    }));
    rules.push(json!({
        "id": id(11), "created_at": at, "updated_at": at, "name": "Narozeniny", "enabled": false, "active_since": later,
        "trigger": {"on": "date_reached", "kind": "contact", "field": "birthday"},
        "delay": {"amount": 1, "unit": "days", "before": true}, "match": "all",
        "actions": [{"do": "remind", "text": "Zítra má {name} narozeniny"}],
    }));
    b.insert("rules".into(), json!(rules));
    let mut templates: Vec<Value> =
        builtin::templates(&texts, corpus::now()).iter().filter(|t| t.builtin == Some(BuiltIn::ThankYouEmail)).map(|t| json!(t)).collect();
    templates.push(json!({"id": id(20), "created_at": at, "updated_at": later, "name": "Rozhodovatel", "subject": "Dobrý den, {name}", "body": "Děkujeme za důvěru.\n\nS pozdravem"}));
    b.insert("templates".into(), json!(templates));
    b.insert(
        "firings".into(),
        json!([
            {"id": id(30), "created_at": at, "updated_at": later, "rule_id": id(10), "record_kind": "contact", "record_id": contact,
             "due_at": later, "state": "done", "outcome": "Hotovo", "made": [{"kind": "activity", "id": activity}], "manual": true},
            {"id": id(31), "created_at": at, "updated_at": at, "rule_id": id(11), "record_kind": "contact", "record_id": contact,
             "due_at": "2026-03-14T08:00:00Z", "state": "pending"},
        ]),
    );
    b.insert(
        "alerts".into(),
        json!([{"id": id(40), "created_at": later, "rule_id": id(10), "record_kind": "contact", "record_id": contact, "member_id": team[1], "text": "Rozhoduje"}]),
    );
    b.insert(
        "drafts".into(),
        json!([{"id": id(50), "created_at": at, "updated_at": later, "rule_id": id(10), "record_kind": "contact", "record_id": contact,
                "member_id": team[0], "to": ["jana.novakova@firma.cz"], "subject": "Dobrý den", "body": "Děkujeme.", "state": "sent", "activity_id": activity}]),
    );
    b.insert("follows".into(), json!([{"id": id(60), "created_at": at, "member_id": team[1], "record_kind": "contact", "record_id": contact}]));
}

/// The records that together fill every field the demo fills: the
/// fullest of all, and the fullest that has each field (an e-mail's
/// recipients, a call's outcome, a converted lead).
fn fullest(items: &[Value]) -> Vec<Value> {
    let size = |r: &&Value| r.to_string().len();
    let mut chosen: Vec<Value> = items.iter().max_by_key(size).cloned().into_iter().collect();
    let fields: std::collections::BTreeSet<&String> = items.iter().filter_map(Value::as_object).flat_map(|r| r.keys()).collect();
    for field in fields {
        let filled = |r: &&Value| {
            !matches!(&r[field.as_str()], Value::Null | Value::Bool(false)) && r[field.as_str()] != json!([]) && r[field.as_str()] != json!("")
        };
        if !chosen.iter().any(|r| filled(&r)) {
            chosen.extend(items.iter().filter(filled).max_by_key(size).cloned());
        }
    }
    chosen
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

/// The file imported, then exported with every file's bytes.
fn import(file: &[u8]) -> Value {
    let mut b = bundle::parse(file).unwrap_or_else(|e| panic!("{e}"));
    let files = std::mem::take(&mut b.files);
    let crm = combine(&Crm::new(), b, ImportMode::ReplaceAll);
    let bytes = |id| files.iter().find(|f| f.id == id).map(|f| f.bytes.clone()).unwrap_or_default();
    serde_json::from_str(&bundle::export_parts(&crm, corpus::now(), |_| true).assemble(bytes)).unwrap()
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
            assert!(n > 0, "schema {v}: no {list} in the fixture");
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

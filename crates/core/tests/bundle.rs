#![cfg(not(target_arch = "wasm32"))]
//! The JSON bundle: lossless round trip, every refusal, older versions.

use serde_json::{json, Value};
use vizitka_core::bundle::{self, combine, ImportError, ImportMode};
use vizitka_core::model::demo::{generate, DEMO_SEED};
use vizitka_core::model::Kind;
use vizitka_core::model::{Crm, Problem, Role, SCHEMA_VERSION};

mod common;
use common::{at, World};

fn demo_crm() -> Crm {
    let mut w = World::new();
    let (orgs, contacts) = generate(DEMO_SEED, 5, 20, at(20));
    w.crm = Crm::from_records(vizitka_core::model::Records { organizations: orgs, contacts, ..Default::default() });
    // Some history, so it is part of the round trip.
    let org = w.org("Nová s.r.o.");
    w.contact("Jana", "Nováková", Some(org), Role::Billing, true);
    w.crm
}

fn export_value(crm: &Crm) -> Value {
    serde_json::from_str(&bundle::export(crm, at(22))).unwrap()
}

fn invalid_fields(r: Result<bundle::Bundle, ImportError>) -> Vec<String> {
    match r {
        Err(ImportError::Invalid { errors, .. }) => errors.into_iter().map(|e| e.to_string()).collect(),
        other => panic!("expected Invalid, got {other:?}"),
    }
}

#[test]
fn export_wipe_import_export_is_byte_identical() {
    let crm = demo_crm();
    let first = bundle::export(&crm, at(22));
    let parsed = bundle::parse(first.as_bytes()).expect("own export imports");
    let restored = combine(&Crm::new(), parsed, ImportMode::ReplaceAll);
    let second = bundle::export(&restored, at(22));
    assert_eq!(first, second);

    let v: Value = serde_json::from_str(&first).unwrap();
    assert_eq!(v["format"], "vizitka-bundle");
    assert_eq!(v["schema_version"], SCHEMA_VERSION);
    assert_eq!(v["organizations"].as_array().unwrap().len(), 6);
    assert_eq!(v["contacts"].as_array().unwrap().len(), 21);
    assert_eq!(v["history"].as_array().unwrap().len(), 3);
}

#[test]
fn a_large_export_is_handed_over_in_parts_that_make_the_same_bytes() {
    // 10,000 contacts: about 5 MB of JSON.
    let (organizations, contacts) = generate(DEMO_SEED, 1_000, 10_000, at(20));
    let crm = Crm::from_records(vizitka_core::model::Records { organizations, contacts, ..Default::default() });
    let mut parts: Vec<Vec<u8>> = Vec::new();
    let files = bundle::write_head(&crm, at(22), |_| true, |part| parts.push(part.to_vec()));
    assert!(parts.len() >= 4, "{} parts", parts.len());
    // A part is a megabyte and the last write before it, never the whole.
    assert!(parts.iter().all(|p| p.len() < bundle::HEAD_PART + 64 * 1024));
    let mut whole = parts.concat();
    whole.extend_from_slice(files.end().as_bytes());
    assert_eq!(String::from_utf8(whole).unwrap(), bundle::export(&crm, at(22)));
}

#[test]
fn refuses_what_is_not_a_bundle() {
    assert!(matches!(bundle::parse(b"hello"), Err(ImportError::NotJson { line: 1, .. })));
    assert!(matches!(bundle::parse(b"{\"format\": \"vizitka-bundle\", "), Err(ImportError::NotJson { .. })));
    // Not UTF-8 (a Windows-1250 "ř"): the place is named.
    assert_eq!(bundle::parse(b"{\"format\": \"vizitka-bundle\",\n \"x\": \"Dvo\xF8\"}"), Err(ImportError::NotJson { line: 2, column: 11 }));
    assert_eq!(bundle::parse(b"\x89PNG\r\n"), Err(ImportError::Binary(vizitka_core::sniff::Binary::Image)));
    assert_eq!(bundle::parse(b"[1,2,3]"), Err(ImportError::NotABundle));
    assert_eq!(bundle::parse(b"{\"contacts\": []}"), Err(ImportError::NotABundle));
    assert_eq!(bundle::parse(br#"{"format":"other-crm","schema_version":1}"#), Err(ImportError::WrongFormat { found: "other-crm".into() }));
}

#[test]
fn refuses_a_newer_schema_version() {
    let mut v = export_value(&demo_crm());
    v["schema_version"] = json!(SCHEMA_VERSION + 1);
    let err = bundle::parse(v.to_string().as_bytes()).unwrap_err();
    assert_eq!(err, ImportError::TooNew { found: SCHEMA_VERSION + 1 });
    assert!(err.to_string().contains("update Vizitka"));
}

#[test]
fn refuses_files_over_200_mb_before_parsing() {
    let big = vec![b' '; bundle::MAX_BYTES + 1];
    assert!(matches!(bundle::parse(&big), Err(ImportError::TooLarge { .. })));
}

#[test]
fn names_the_place_of_each_problem() {
    let mut v = export_value(&demo_crm());
    v["contacts"][12]["emails"][0]["address"] = json!("not-an-email");
    v["contacts"][3]["linkedin"] = json!("javascript:alert(1)");
    v["organizations"][1]["name"] = json!("x".repeat(10_000));
    let got = invalid_fields(bundle::parse(v.to_string().as_bytes()));
    assert_eq!(
        got,
        [
            "organizations[1].name: is longer than 200 characters",
            "contacts[3].linkedin: not a web address (only http:// and https:// are allowed)",
            "contacts[12].emails[0]: not an email address",
        ]
    );
}

#[test]
fn names_the_place_of_a_wrong_shape() {
    let mut v = export_value(&demo_crm());
    v["contacts"][2]["emails"] = json!("jana@firma.cz");
    let got = invalid_fields(bundle::parse(v.to_string().as_bytes()));
    assert_eq!(got.len(), 1);
    assert!(got[0].starts_with("contacts[2].emails: "), "{}", got[0]);
}

#[test]
fn refuses_duplicate_ids_and_missing_references() {
    let mut v = export_value(&demo_crm());
    let dup = v["contacts"][0].clone();
    v["contacts"].as_array_mut().unwrap().push(dup);
    v["contacts"][10]["organization_id"] = json!("01900000-0000-7000-8000-000000000000");
    let got = invalid_fields(bundle::parse(v.to_string().as_bytes()));
    assert_eq!(got, ["contacts[10].organization_id: refers to a record that does not exist", "contacts[21].id: the same id appears more than once"]);
}

#[test]
fn reports_at_most_50_problems_and_counts_the_rest() {
    let mut v = export_value(&demo_crm());
    for c in v["contacts"].as_array_mut().unwrap() {
        c["last_name"] = json!("");
        c["linkedin"] = json!("data:text/html,x");
        c["emails"] = json!([{"address": "x", "label": "work"}]);
    }
    match bundle::parse(v.to_string().as_bytes()) {
        Err(ImportError::Invalid { errors, total }) => {
            assert_eq!(total, 63);
            assert_eq!(errors.len(), 50);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn migrates_a_schema_1_bundle() {
    let v1 = json!({
        "format": "vizitka-bundle",
        "schema_version": 1,
        "exported_at": "2026-01-10T08:00:00Z",
        "app_version": "0.0.9",
        "organizations": [{
            "id": "01900000-0000-7000-8000-000000000001",
            "created_at": "2026-01-01T08:00:00Z", "updated_at": "2026-01-01T08:00:00Z",
            "name": "Pekárna U Mlýna s.r.o.", "ico": "25596641",
            "primary_contact_id": "01900000-0000-7000-8000-000000000002"
        }],
        "contacts": [{
            "id": "01900000-0000-7000-8000-000000000002",
            "created_at": "2026-01-01T08:00:00Z", "updated_at": "2026-01-01T08:00:00Z",
            "first_name": "Jana", "last_name": "Nováková",
            "email": "jana@pekarna.cz", "phone": "+420 777 123 456",
            "organization_id": "01900000-0000-7000-8000-000000000001"
        }, {
            "id": "01900000-0000-7000-8000-000000000003",
            "created_at": "2026-01-01T08:00:00Z", "updated_at": "2026-01-01T08:00:00Z",
            "last_name": "Bez Telefonu", "email": "", "phone": null
        }]
    });
    let b = bundle::parse(v1.to_string().as_bytes()).expect("v1 migrates");
    assert_eq!(b.schema_version, SCHEMA_VERSION);
    assert_eq!(b.records.contacts[0].emails[0].address, "jana@pekarna.cz");
    assert_eq!(b.records.contacts[0].phones[0].number, "+420 777 123 456");
    assert!(b.records.contacts[1].emails.is_empty() && b.records.contacts[1].phones.is_empty());

    // An error in a migrated record still names its place.
    let mut bad = v1.clone();
    bad["contacts"][1]["email"] = json!("nope");
    assert_eq!(invalid_fields(bundle::parse(bad.to_string().as_bytes())), ["contacts[1].emails[0]: not an email address"]);
}

#[test]
fn merge_keeps_the_newer_version_of_each_record() {
    let mut w = World::new();
    let org = w.org("A s.r.o.");
    let jana = w.contact("Jana", "Nováková", Some(org), Role::Billing, false);
    let old_export = bundle::export(&w.crm, at(3));

    // Locally: Jana is edited later; remotely (the old export) a new contact exists.
    let mut c = w.crm.contact(jana).unwrap().clone();
    c.position = "Účetní".into();
    w.act(10, |crm, ctx| crm.save_contact(c, false, ctx).unwrap());

    let mut other = World::with_seed(99);
    other.crm = combine(&Crm::new(), bundle::parse(old_export.as_bytes()).unwrap(), ImportMode::ReplaceAll);
    let petr = other.contact("Petr", "Svoboda", Some(org), Role::Technical, false);
    let remote = bundle::parse(bundle::export(&other.crm, at(11)).as_bytes()).unwrap();

    let merged = combine(&w.crm, remote, ImportMode::Merge);
    assert_eq!(merged.contact(jana).unwrap().position, "Účetní", "the newer local edit wins");
    assert!(merged.contact(petr).is_some(), "the remote-only record is added");
    assert_eq!(merged.contacts_of(org).len(), 2);
    assert_eq!(merged.history().len(), w.crm.history().len() + 1);
}

#[test]
fn strings_with_quotes_newlines_and_emoji_survive() {
    let mut w = World::new();
    let org = w.org("\"Uvozovky\" & <značky> \\ s.r.o.");
    let mut o = w.crm.organization(org).unwrap().clone();
    o.notes = "Řádek 1\nŘádek 2\t🙂\u{0000}".into();
    w.act(2, |crm, ctx| crm.save_organization(o, ctx).unwrap());
    let text = bundle::export(&w.crm, at(3));
    let back = combine(&Crm::new(), bundle::parse(text.as_bytes()).unwrap(), ImportMode::ReplaceAll);
    assert_eq!(back.organization(org), w.crm.organization(org));
    let _ = Problem::Required;
}

#[test]
fn names_the_place_of_a_bad_value_deep_inside() {
    let mut v = export_value(&demo_crm());
    v["contacts"][5]["emails"][0]["label"] = json!("pigeon");
    let got = invalid_fields(bundle::parse(v.to_string().as_bytes()));
    assert!(got[0].starts_with("contacts[5].emails[0].label: unknown variant `pigeon`"), "{}", got[0]);

    let mut v = export_value(&demo_crm());
    v["organizations"][3].as_object_mut().unwrap().remove("name");
    let got = invalid_fields(bundle::parse(serde_json::to_string_pretty(&v).unwrap().as_bytes()));
    assert_eq!(got, ["organizations[3]: missing field `name`"]);

    let mut v = export_value(&demo_crm());
    v["contacts"][1]["created_at"] = json!("yesterday");
    let got = invalid_fields(bundle::parse(v.to_string().as_bytes()));
    assert!(got[0].starts_with("contacts[1].created_at: "), "{}", got[0]);

    // Keys with escapes and strings with brackets do not confuse the path.
    let mut v = export_value(&demo_crm());
    v["contacts"][0]["notes"] = json!("a \"quoted\" [bracket] {brace}, comma");
    v["contacts"][3]["phones"] = json!({"not": "a list"});
    let got = invalid_fields(bundle::parse(v.to_string().as_bytes()));
    assert!(got[0].starts_with("contacts[3].phones: "), "{}", got[0]);
}

/// Each span of a parsed bundle holds exactly its record's JSON.
fn assert_spans_hold_the_records(file: &[u8]) {
    let (b, spans) = bundle::parse_with_spans(file).unwrap();
    let spans = spans.expect("a current bundle has spans");
    assert_eq!(spans.of(Kind::Contact).len(), b.records.contacts.len());
    assert_eq!(spans.of(Kind::Organization).len(), b.records.organizations.len());
    assert_eq!(spans.of(Kind::History).len(), b.records.history.len());
    for (c, s) in b.records.contacts.iter().zip(spans.of(Kind::Contact)) {
        assert_eq!(&serde_json::from_slice::<vizitka_core::model::Contact>(&file[s.clone()]).unwrap(), c);
    }
    for (o, s) in b.records.organizations.iter().zip(spans.of(Kind::Organization)) {
        assert_eq!(&serde_json::from_slice::<vizitka_core::model::Organization>(&file[s.clone()]).unwrap(), o);
    }
    for (h, s) in b.records.history.iter().zip(spans.of(Kind::History)) {
        assert_eq!(&serde_json::from_slice::<vizitka_core::model::HistoryEntry>(&file[s.clone()]).unwrap(), h);
    }
}

#[test]
fn record_spans_survive_tricky_text_and_any_key_order() {
    let mut crm = demo_crm();
    let mut c = crm.contacts().next().unwrap().clone();
    // Brackets, quotes, backslashes and a list's name inside a record.
    c.notes = r#"{"contacts": [1, 2]} ] } \" \\ \\" [ { end"#.into();
    c.communication_style = "\\".into();
    let mut w = World::new();
    w.crm = std::mem::take(&mut crm);
    w.act(23, |crm, ctx| crm.save_contact(c, false, ctx).unwrap());
    let compact = bundle::export(&w.crm, at(24));
    assert_spans_hold_the_records(compact.as_bytes());

    // Pretty-printed, header first, and an unknown list of objects.
    let b = bundle::parse(compact.as_bytes()).unwrap();
    let r = &b.records;
    let pretty = serde_json::to_string_pretty(&serde_json::json!({
        "format": b.format, "schema_version": b.schema_version,
        "exported_at": vizitka_core::model::time::format(&b.exported_at), "app_version": b.app_version,
    }))
    .unwrap();
    // serde_json's maps sort their keys: the lists are added after the header.
    let lists = serde_json::to_string_pretty(&serde_json::json!({
        "organizations": r.organizations, "contacts": r.contacts, "team_members": r.team_members,
        "activities": r.activities, "links": r.links, "history": r.history,
    }))
    .unwrap();
    let pretty = format!("{},{}", pretty.trim_end().trim_end_matches('}'), lists.trim_start().trim_start_matches('{'));
    let pretty = pretty.replacen('{', "{\n  \"extra\": [{\"contacts\": [{\"id\": 1}]}, \"]\"],", 1);
    assert!(pretty.find("\"format\"").unwrap() < pretty.find("\"contacts\": [\n").unwrap());
    assert_spans_hold_the_records(pretty.as_bytes());
    let bom = [b"\xEF\xBB\xBF".as_slice(), compact.as_bytes()].concat();
    assert_spans_hold_the_records(&bom);

    // Records before the header (keys sorted): read the slower way, same result.
    let mut v: Value = serde_json::from_str(&compact).unwrap();
    v["extra"] = json!([{"contacts": [{"id": 1}]}, "]"]);
    let sorted = serde_json::to_string(&v).unwrap();
    assert!(sorted.find("\"contacts\"").unwrap() < sorted.find("\"format\"").unwrap());
    assert_spans_hold_the_records(sorted.as_bytes());
    assert_eq!(bundle::parse(sorted.as_bytes()).unwrap(), bundle::parse(compact.as_bytes()).unwrap());
}

//! The hostile-file corpus (`tests/fixtures/hostile/`): how each file is
//! imported the way the app imports it, and the generator of the cases.
//! Shared by `tests/hostile.rs` and the fuzzer (`examples/fuzz.rs`).
#![allow(dead_code)]

use std::path::PathBuf;

use chrono::{DateTime, TimeZone, Utc};
use serde_json::{json, Map, Value};
use vizitka_core::bundle::{self, combine, ImportMode};
use vizitka_core::csv::fields::{Mode, Target};
use vizitka_core::csv::import::{auto_map, Table};
use vizitka_core::i18n::{self, Lang};
use vizitka_core::model::ids::{new_id, Rng};
use vizitka_core::model::{Crm, Ctx};
use vizitka_core::vcard;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Bundle,
    Csv,
    Vcard,
}

impl Format {
    pub fn of(name: &str) -> Option<Format> {
        match name.rsplit('.').next()? {
            "json" => Some(Format::Bundle),
            "csv" => Some(Format::Csv),
            "vcf" => Some(Format::Vcard),
            _ => None,
        }
    }
}

/// What an import of a file does: refused with the message the user
/// reads (English), or accepted, giving the records after it.
pub enum Outcome {
    Refused(String),
    Accepted(Box<Crm>),
}

pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 2, 8, 30, 0).unwrap()
}

/// Imports `bytes` into `crm` as the app's import of that format does
/// (a bundle merged, a CSV as contacts, a vCard file), in memory.
pub fn import(format: Format, bytes: &[u8], crm: &Crm) -> Outcome {
    let mut rng = Rng::new(11);
    let mut ms = 1_800_000_000_000u64;
    let mut next = || {
        ms += 1;
        new_id(ms, rng.bytes10())
    };
    let mut ctx = Ctx { now: now(), me: None, new_id: &mut next };
    let applied = |changes: &[vizitka_core::model::Change]| {
        let mut after = crm.clone();
        after.apply(changes);
        Outcome::Accepted(Box::new(after))
    };
    match format {
        Format::Bundle => match bundle::parse(bytes) {
            Ok(b) => Outcome::Accepted(Box::new(combine(crm, b, ImportMode::Merge))),
            Err(e) => Outcome::Refused(e.to_string()),
        },
        Format::Csv => {
            let table = match vizitka_core::csv::read(bytes) {
                Ok(records) => Table::new(records),
                Err(e) => return Outcome::Refused(e.to_string()),
            };
            let mapping = auto_map(Target::Contact, &table.header);
            let plan = crm.plan_csv_import(Target::Contact, &table, &mapping, Mode::Both, Lang::En, &mut ctx);
            if plan.rejected.is_empty() {
                return applied(&plan.changes);
            }
            let lines: Vec<String> = plan
                .rejected
                .iter()
                .flat_map(|r| {
                    let table = &table;
                    r.problems.iter().map(move |p| {
                        let column = p.column.and_then(|c| table.header.get(c)).cloned().unwrap_or_else(|| p.field.clone());
                        // As the import page lists it.
                        format!("Row {}: {column}: {}", Table::row_number(r.index), i18n::problem(Lang::En, &p.problem))
                    })
                })
                .collect();
            Outcome::Refused(lines.join("\n"))
        }
        Format::Vcard => {
            let cards = match vcard::read(bytes) {
                Ok(c) => c,
                Err(e) => return Outcome::Refused(e.to_string()),
            };
            match crm.import_cards(&cards, &mut ctx) {
                Ok((changes, _)) => applied(&changes),
                Err(errors) => Outcome::Refused(errors.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n")),
            }
        }
    }
}

/// What a case must do: be refused with a message holding the text, or be
/// accepted (odd but legitimate input) and pass a check of the result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expect {
    Refused(String),
    Accepted(String),
}

pub struct Case {
    /// `bundle/…json`, `csv/…csv`, `vcard/…vcf`.
    pub name: String,
    pub bytes: Vec<u8>,
    pub expect: Expect,
}

fn case(name: impl Into<String>, bytes: impl Into<Vec<u8>>, refused_with: impl Into<String>) -> Case {
    Case { name: name.into(), bytes: bytes.into(), expect: Expect::Refused(refused_with.into()) }
}

fn accepted(name: &str, bytes: impl Into<Vec<u8>>, check: &str) -> Case {
    Case { name: name.into(), bytes: bytes.into(), expect: Expect::Accepted(check.into()) }
}

pub fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/hostile")
}

/// The expectations file: `name<TAB>refused|accepted<TAB>text` per line.
pub const EXPECTED: &str = "expected.tsv";

pub fn expected_line(c: &Case) -> String {
    let (how, text) = match &c.expect {
        Expect::Refused(t) => ("refused", t),
        Expect::Accepted(t) => ("accepted", t),
    };
    format!("{}\t{how}\t{}", c.name, text.replace(['\t', '\n'], " "))
}

pub fn parse_expected(line: &str) -> Option<(String, Expect)> {
    let mut parts = line.splitn(3, '\t');
    let name = parts.next()?.to_string();
    let how = parts.next()?;
    let text = parts.next().unwrap_or_default().to_string();
    Some((name, if how == "accepted" { Expect::Accepted(text) } else { Expect::Refused(text) }))
}

// ---------------------------------------------------------------- bundles

/// The demo company's export: a record of every kind with its fields set.
pub fn demo_export() -> Value {
    let st = vizitka_core::model::pipeline::defaults(["Kvalifikace", "Analýza potřeb", "Nabídka", "Vyjednávání", "Vyhráno", "Prohráno"], now());
    let mut rng = Rng::new(5);
    let mut ms = 1_790_000_000_000u64;
    let mut next = || {
        ms += 1;
        new_id(ms, rng.bytes10())
    };
    let mut ctx = Ctx { now: now(), me: None, new_id: &mut next };
    let mut crm = Crm::new();
    let changes = crm.add_demo(&st, now(), 60, &mut ctx).expect("the demo is valid");
    crm.apply(&changes);
    serde_json::from_str(&bundle::export(&crm, now())).expect("an export is JSON")
}

fn header() -> Map<String, Value> {
    let v = json!({"format": "vizitka-bundle", "schema_version": vizitka_core::model::SCHEMA_VERSION, "exported_at": "2026-12-02T08:30:00Z", "app_version": "hostile"});
    v.as_object().cloned().unwrap_or_default()
}

fn record_ids(v: &Value) -> Vec<(String, usize, String)> {
    let mut out = Vec::new();
    for (list, items) in v.as_object().into_iter().flatten() {
        for (i, r) in items.as_array().into_iter().flatten().enumerate() {
            if let Some(id) = r.get("id").and_then(Value::as_str) {
                out.push((list.clone(), i, id.to_string()));
            }
        }
    }
    out
}

/// A bundle path such as `quotes[0].lines[2].product_id` as a JSON
/// Pointer (`/quotes/0/lines/2/product_id`), which serde_json follows.
fn pointer(path: &str) -> String {
    path.split(['.', '[']).map(|part| format!("/{}", part.trim_end_matches(']'))).collect()
}

/// The smallest valid bundle holding `record` first in `list`: the
/// records it refers to are added (from `demo`) until nothing is missing.
pub fn closure(demo: &Value, list: &str, record: &Value) -> Value {
    let ids = record_ids(demo);
    let mut b = header();
    b.insert(list.into(), json!([record]));
    let mut v = Value::Object(b);
    for _ in 0..50 {
        let errors = match bundle::parse(v.to_string().as_bytes()) {
            Ok(_) => return v,
            Err(bundle::ImportError::Invalid { errors, .. }) => errors,
            Err(e) => panic!("closure of {list}: {e}"),
        };
        let mut added = false;
        for e in errors {
            let Some(missing) = v.pointer(&pointer(&e.field)).and_then(Value::as_str).map(str::to_string) else { continue };
            let Some((l, i, _)) = ids.iter().find(|(_, _, id)| *id == missing) else { continue };
            let r = demo[l.as_str()][*i].clone();
            let items = v.as_object_mut().and_then(|o| o.entry(l.clone()).or_insert_with(|| json!([])).as_array_mut());
            if let Some(items) = items {
                if !items.iter().any(|x| x["id"] == r["id"]) {
                    items.push(r);
                    added = true;
                }
            }
        }
        assert!(added, "closure of {list} stuck: {}", bundle::parse(v.to_string().as_bytes()).err().map(|e| e.to_string()).unwrap_or_default());
    }
    panic!("closure of {list} does not end")
}

/// The record of `list` with the most fields set: the one to break.
fn fullest(items: &[Value]) -> Option<&Value> {
    let filled =
        |r: &Value| r.as_object().map_or(0, |o| o.values().filter(|v| !v.is_null() && **v != "" && **v != json!([]) && **v != json!({})).count());
    items.iter().max_by_key(|r| filled(r))
}

/// A value of the wrong JSON type for `v`.
fn wrong_type(v: &Value) -> Value {
    match v {
        Value::String(_) => json!(true),
        Value::Number(_) => json!("twelve"),
        Value::Bool(_) => json!("yes"),
        Value::Array(_) => json!({"a": 1}),
        Value::Object(_) => json!([1, 2]),
        Value::Null => json!([]),
    }
}

/// Every position right after a structural character outside strings.
fn structural_points(text: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let (mut inside, mut escaped) = (false, false);
    for (i, b) in text.bytes().enumerate() {
        if inside {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => inside = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => {
                inside = true;
                out.push(i + 1);
            }
            b'{' | b'[' | b':' | b',' | b'}' | b']' => out.push(i + 1),
            _ => {}
        }
    }
    out.retain(|&i| i < text.len());
    out
}

fn with(v: &Value, f: impl FnOnce(&mut Map<String, Value>)) -> Vec<u8> {
    let mut v = v.clone();
    if let Some(o) = v.as_object_mut() {
        f(o);
    }
    serde_json::to_vec(&v).unwrap_or_default()
}

fn raw(text: &str) -> Vec<u8> {
    text.as_bytes().to_vec()
}

const HEAD: &str = r#""format": "vizitka-bundle", "schema_version": 8, "exported_at": "2026-12-02T08:30:00Z""#;

pub fn bundles(demo: &Value) -> Vec<Case> {
    let mut out = Vec::new();
    let lists: Vec<(String, Value)> = vizitka_core::model::Kind::ALL
        .iter()
        .filter_map(|k| {
            let list = k.list_name().to_string();
            let r = fullest(demo.get(&list)?.as_array()?)?.clone();
            Some((list, r))
        })
        .collect();
    let contact = lists.iter().find(|(l, _)| l == "contacts").map(|(_, r)| closure(demo, "contacts", r)).expect("the demo has contacts");

    // Truncated at every structural point of a small bundle.
    let text = serde_json::to_string(&contact).unwrap_or_default();
    for (n, at) in structural_points(&text).into_iter().enumerate() {
        out.push(case(format!("bundle/truncated-{n:03}.json"), &text.as_bytes()[..at], "not a JSON file"));
    }

    for (list, record) in &lists {
        let small = closure(demo, list, record);
        let fields: Vec<String> = record.as_object().map(|o| o.keys().cloned().collect()).unwrap_or_default();
        // Every field with a value of the wrong type: found while parsing,
        // so the record alone shows it.
        let alone = Value::Object({
            let mut h = header();
            h.insert(list.clone(), json!([record]));
            h
        });
        for field in &fields {
            if field == "id" {
                continue;
            }
            let bytes = with(&alone, |o| {
                if let Some(r) = o.get_mut(list).and_then(|l| l.get_mut(0)).and_then(Value::as_object_mut) {
                    let wrong = wrong_type(&r[field]);
                    r.insert(field.clone(), wrong);
                }
            });
            out.push(case(format!("bundle/wrong-type-{list}-{field}.json"), bytes, format!("{list}[0].{field}")));
        }
        // The same id twice.
        let bytes = with(&small, |o| {
            if let Some(l) = o.get_mut(list).and_then(Value::as_array_mut) {
                let first = l[0].clone();
                l.push(first);
            }
        });
        out.push(case(format!("bundle/duplicate-id-{list}.json"), bytes, ".id: the same id appears more than once"));
        // An id that is not a UUID.
        let bytes = with(&small, |o| {
            if let Some(r) = o.get_mut(list).and_then(|l| l.get_mut(0)).and_then(Value::as_object_mut) {
                r.insert("id".into(), json!("constructor"));
            }
        });
        out.push(case(format!("bundle/id-not-uuid-{list}.json"), bytes, format!("{list}[0].id")));
        // Every reference pointing at nothing.
        let others: Vec<String> =
            record_ids(&small).into_iter().map(|(_, _, id)| id).filter(|id| Some(id.as_str()) != record["id"].as_str()).collect();
        for (path, _) in references(record, "", &others) {
            let bytes = with(&small, |o| {
                if let Some(r) = o.get_mut(list).and_then(|l| l.get_mut(0)) {
                    if let Some(v) = r.pointer_mut(&pointer(&path)) {
                        *v = json!("01890000-0000-7000-8000-00000000dead");
                    }
                }
            });
            out.push(case(format!("bundle/dangling-{list}-{}.json", path.replace(['[', ']', '.'], "_")), bytes, format!("{list}[0].{path}")));
        }
    }

    let c0 = &contact;
    // Ids that are not UUIDs, elsewhere.
    for (n, id) in ["", "12345", "00000000-0000-0000-0000-00000000000g", "{01890000-0000-7000-8000-000000000001}x", "__proto__"].iter().enumerate() {
        let bytes = with(c0, |o| {
            if let Some(r) = o.get_mut("contacts").and_then(|l| l.get_mut(0)).and_then(Value::as_object_mut) {
                r.insert("organization_id".into(), json!(id));
            }
        });
        out.push(case(format!("bundle/reference-not-uuid-{n}.json"), bytes, "contacts[0].organization_id"));
    }
    // Nesting far deeper than any bundle.
    let deep = format!("{{{HEAD}, \"contacts\": {}{}}}", "[".repeat(10_000), "]".repeat(10_000));
    out.push(case("bundle/nested-10000-deep.json", raw(&deep), "contacts[0]"));
    out.push(case("bundle/nested-10000-deep-array.json", raw(&format!("{}{}", "[".repeat(10_000), "]".repeat(10_000))), "not a Vizitka bundle"));
    let deep_object = format!("{{{HEAD}, \"contacts\": [{{\"first_name\": {}1{}}}]}}", "{\"a\":".repeat(10_000), "}".repeat(10_000));
    out.push(case("bundle/nested-10000-deep-objects.json", raw(&deep_object), "contacts[0]"));
    // Not UTF-8.
    let name_with = |bytes: &[u8]| {
        let mut v = format!("{{{HEAD}, \"contacts\": [{{\"first_name\": \"").into_bytes();
        v.extend_from_slice(bytes);
        v.extend_from_slice(b"\"}]}");
        v
    };
    for (n, bytes) in [&b"Dvo\xF8\xE1k"[..], b"\xC3", b"\xC0\xAF", b"\xED\xA0\x80", b"\xFF\xFE", b"\xF4\x90\x80\x80", b"ok\x80"].iter().enumerate() {
        out.push(case(format!("bundle/invalid-utf8-{n}.json"), name_with(bytes), "not a JSON file (error at line 1"));
    }
    // Lone surrogates in escapes.
    for (n, s) in [r"\ud800", r"\udc00", r"\ud800\u0041", r"\ud83d"].iter().enumerate() {
        out.push(case(format!("bundle/lone-surrogate-{n}.json"), name_with(s.as_bytes()), "contacts[0].first_name: "));
    }
    // Numbers JSON has not, or that fit no field.
    let amount =
        |n: &str| raw(&format!("{{{HEAD}, \"products\": [{{\"id\": \"01890000-0000-7000-8000-000000000001\", \"name\": \"X\", \"price\": {n}}}]}}"));
    for (n, number) in ["NaN", "Infinity", "-Infinity", "1e400", "-1e400", "18446744073709551616", "1.5", "0x10", "1e5", "--1"].iter().enumerate() {
        let expect = if ["NaN", "Infinity", "-Infinity", "0x10", "--1"].contains(number) { "not a JSON file" } else { "products[0]" };
        out.push(case(format!("bundle/number-{n}.json"), amount(number), expect));
    }
    // Schema versions this app cannot read.
    for (n, (v, expect)) in [
        ("9", "newer than this app knows"),
        ("99999999999", "newer than this app knows"),
        ("0", "is not a version Vizitka ever used"),
        ("-1", "schema_version"),
        ("\"8\"", "schema_version"),
        ("8.5", "schema_version"),
        ("null", "schema_version"),
    ]
    .iter()
    .enumerate()
    {
        let text = format!(r#"{{"format": "vizitka-bundle", "schema_version": {v}, "exported_at": "2026-12-02T08:30:00Z", "contacts": []}}"#);
        out.push(case(format!("bundle/schema-version-{n}.json"), raw(&text), *expect));
    }
    out.push(case("bundle/no-schema-version.json", raw(r#"{"format": "vizitka-bundle", "exported_at": "2026-12-02T08:30:00Z"}"#), "schema_version"));
    // Keys JavaScript treats specially, where a list or a record belongs.
    out.push(case("bundle/proto-as-list.json", raw(&format!(r#"{{{HEAD}, "contacts": {{"__proto__": {{"admin": true}}}}}}"#)), "contacts"));
    out.push(case(
        "bundle/proto-in-record.json",
        raw(&format!(r#"{{{HEAD}, "organizations": [{{"__proto__": {{"name": "x"}}, "constructor": {{"prototype": 1}}}}]}}"#)),
        "organizations[0]",
    ));
    out.push(case(
        "bundle/constructor-as-list.json",
        raw(&format!(r#"{{{HEAD}, "constructor": {{"prototype": []}}, "contacts": "__proto__"}}"#)),
        "contacts",
    ));
    // Not a bundle at all.
    for (name, text, expect) in [
        ("array", "[{\"format\": \"vizitka-bundle\"}]", "not a Vizitka bundle"),
        ("empty", "", "the file is empty"),
        ("whitespace", " \n\t\r\n ", "the file is empty"),
        ("bom-only", "\u{FEFF}", "the file is empty"),
        ("null", "null", "not a Vizitka bundle"),
        ("number", "42", "not a Vizitka bundle"),
        ("string", "\"vizitka-bundle\"", "not a Vizitka bundle"),
        ("true", "true", "not a Vizitka bundle"),
        ("empty-object", "{}", "not a Vizitka bundle"),
        ("comments", "// a bundle\n{\"format\": \"vizitka-bundle\"}", "not a JSON file"),
        ("trailing-comma", &format!("{{{HEAD}, \"contacts\": [],}}"), "not a JSON file"),
        ("single-quotes", "{'format': 'vizitka-bundle'}", "not a JSON file"),
        ("two-objects", &format!("{{{HEAD}}}{{{HEAD}}}"), "not a JSON file"),
        ("trailing-garbage", &format!("{{{HEAD}}} <script>"), "not a JSON file"),
        ("html", "<!doctype html><html><script>alert(1)</script></html>", "not a JSON file"),
        ("csv", "first_name,last_name\nJana,Nováková\n", "not a JSON file"),
        ("other-format", r#"{"format": "twenty-crm", "schema_version": 1}"#, "format is \"twenty-crm\""),
        ("format-case", r#"{"format": "Vizitka-Bundle", "schema_version": 8}"#, "not a Vizitka bundle"),
        ("format-number", r#"{"format": 42, "schema_version": 8}"#, "not a Vizitka bundle"),
        ("no-exported-at", r#"{"format": "vizitka-bundle", "schema_version": 8, "contacts": []}"#, "exported_at"),
        ("bad-exported-at", r#"{"format": "vizitka-bundle", "schema_version": 8, "exported_at": "yesterday"}"#, "exported_at"),
        ("list-twice", &format!("{{{HEAD}, \"contacts\": [], \"contacts\": []}}"), "contacts"),
        ("files-twice", &format!("{{{HEAD}, \"files\": [], \"files\": []}}"), "files"),
        ("list-is-object", &format!("{{{HEAD}, \"organizations\": {{}}}}"), "organizations"),
        ("record-is-string", &format!("{{{HEAD}, \"organizations\": [\"ACME\"]}}"), "organizations[0]"),
        ("record-is-null", &format!("{{{HEAD}, \"organizations\": [null]}}"), "organizations[0]"),
    ] {
        out.push(case(format!("bundle/{name}.json"), raw(text), expect));
    }
    // Binary files renamed .json, and UTF-16.
    for (name, bytes, expect) in [
        ("zip", &b"PK\x03\x04\x14\x00\x00\x00\x08\x00bundle.json"[..], "a ZIP archive"),
        ("xlsx", b"PK\x03\x04\x14\x00\x06\x00\x08\x00[Content_Types].xml", "a ZIP archive"),
        ("pdf", b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n", "a PDF"),
        ("png", b"\x89PNG\r\n\x1A\n\x00\x00\x00\rIHDR", "an image"),
        ("gzip", b"\x1F\x8B\x08\x00\x00\x00\x00\x00", "compressed"),
        ("xls", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00", "an old Excel or Word file"),
        ("utf16", b"\xFF\xFE{\x00\"\x00f\x00", "not a JSON file"),
    ] {
        out.push(case(format!("bundle/binary-{name}.json"), bytes, expect));
    }
    // Attachments and their files.
    let file = |files: &str| raw(&format!(r#"{{{HEAD}, "files": {files}}}"#));
    out.push(case("bundle/file-without-attachment.json", file(r#"[{"id": "01890000-0000-7000-8000-000000000001", "base64": "aGk="}]"#), "files[0]"));
    out.push(case("bundle/file-bad-base64.json", file(r#"[{"id": "01890000-0000-7000-8000-000000000001", "base64": "a$$="}]"#), "not base64"));
    out.push(case("bundle/file-id-not-uuid.json", file(r#"[{"id": "x", "base64": "aGk="}]"#), "files[0].id"));
    out
}

/// Paths (under `prefix`) of the values in `v` that name one of `ids`.
fn references(v: &Value, prefix: &str, ids: &[String]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    match v {
        Value::String(s) if ids.contains(s) && !prefix.is_empty() => out.push((prefix.to_string(), s.clone())),
        Value::Array(items) => {
            for (i, x) in items.iter().enumerate() {
                out.extend(references(x, &format!("{prefix}[{i}]"), ids));
            }
        }
        Value::Object(o) => {
            for (k, x) in o {
                let p = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
                out.extend(references(x, &p, ids));
            }
        }
        _ => {}
    }
    out
}

// ---------------------------------------------------------------- CSV

pub fn csvs() -> Vec<Case> {
    let mut out = Vec::new();
    let head = "First Name,Last Name,E-mail Address,Mobile Phone\r\n";
    let with_rows = |rows: &str| format!("{head}{rows}").into_bytes();
    for (name, text, expect) in [
        ("unclosed-quote-row", "\"Jana,Nováková,jana@example.cz,\r\n", "opened on line 2 never closes"),
        ("unclosed-quote-last-cell", "Jana,Nováková,jana@example.cz,\"+420 601 123 456\r\n", "opened on line 2 never closes"),
        ("unclosed-quote-multiline", "Jana,\"Nová\r\nková,x,y\r\nPetr,Novák,p@example.cz,\r\n", "opened on line 2 never closes"),
        ("unclosed-quote-only-quote", "\"\r\n", "opened on line 2 never closes"),
        ("unclosed-quote-doubled", "\"Jana \"\"J\"\",Nováková\r\n", "opened on line 2 never closes"),
    ] {
        out.push(case(format!("csv/{name}.csv"), with_rows(text), expect));
    }
    for (name, bytes, expect) in [
        ("nul-in-cell", with_rows("Ja\0na,Nováková,jana@example.cz,\r\n"), "line 2 holds a NUL"),
        ("nul-header", "First\0Name,Last Name\r\nJana,Nováková\r\n".as_bytes().to_vec(), "line 1 holds a NUL"),
        ("utf16-without-bom", b"F\0i\0r\0s\0t\0 \0N\0a\0m\0e\0\r\0\n\0".to_vec(), "line 1 holds a NUL"),
        (
            "mixed-encoding",
            [&b"First Name,Last Name\r\nJana,Nov\xC3\xA1kov\xC3\xA1\r\n"[..], b"Petr,Dvo\xF8\xE1k\r\n"].concat(),
            "line 2 is UTF-8 but line 3 is not",
        ),
        (
            "mixed-encoding-reversed",
            [&b"First Name,Last Name\r\nPetr,Dvo\xF8\xE1k\r\n"[..], b"Jana,Nov\xC3\xA1kov\xC3\xA1\r\n"].concat(),
            "line 3 is UTF-8 but line 2 is not",
        ),
        ("zip", b"PK\x03\x04\x14\x00\x06\x00".to_vec(), "a ZIP archive"),
        ("xls", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec(), "an old Excel or Word file"),
        ("pdf", b"%PDF-1.4\n".to_vec(), "a PDF"),
        ("empty", Vec::new(), "the file is empty"),
        ("blank-lines", b"\r\n\r\n\n".to_vec(), "the file is empty"),
        ("header-only", head.as_bytes().to_vec(), "no rows below its header"),
        ("header-and-blank-rows", with_rows(",,,\r\n ,,,\r\n"), "no rows below its header"),
        ("bad-email", with_rows("Jana,Nováková,jana(at)example,\r\n"), "Row 2: E-mail Address: not an email address"),
        ("bad-phone", with_rows("Jana,Nováková,,call me\r\n"), "Row 2: Mobile Phone"),
        ("name-too-long", with_rows(&format!("{},Nováková,,\r\n", "J".repeat(300))), "Row 2: First Name"),
        ("script-in-email", with_rows("Jana,Nováková,<script>alert(1)</script>@x.cz,\r\n"), "Row 2: E-mail Address"),
        ("no-name", with_rows(",,jana@example.cz,\r\n"), "Row 2: "),
    ] {
        out.push(case(format!("csv/{name}.csv"), bytes, expect));
    }
    // Odd but legitimate: cells a spreadsheet would run, imported as text
    // and written back escaped; Excel's UTF-16 "Unicode text".
    out.push(accepted(
        "csv/formula-cells.csv",
        with_rows("=HYPERLINK(\"http://evil.example\"),@SUM(A1),,+420 601 123 456\r\n-Jana,=1+1,,\r\n"),
        "formulas",
    ));
    let mut utf16 = vec![0xFF, 0xFE];
    for u in "First Name\tLast Name\r\nŽofie\tDvořáková\r\n".encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    out.push(accepted("csv/utf16-unicode-text.csv", utf16, "Žofie Dvořáková"));
    out
}

// ---------------------------------------------------------------- vCard

pub fn vcards() -> Vec<Case> {
    let mut out = Vec::new();
    for (name, text, expect) in [
        ("no-end", "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Jana Nováková\r\n", "begins on line 1 has no END:VCARD"),
        ("no-end-second", "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:A\r\nEND:VCARD\r\nBEGIN:VCARD\r\nFN:B\r\n", "begins on line 5 has no END:VCARD"),
        ("nested-begin", "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:A\r\nBEGIN:VCARD\r\nFN:B\r\nEND:VCARD\r\n", "begins on line 1 has no END:VCARD"),
        (
            "bad-qp-letters",
            "BEGIN:VCARD\r\nVERSION:2.1\r\nN;ENCODING=QUOTED-PRINTABLE:Dvo=ZZ=E1k\r\nEND:VCARD\r\n",
            "line 3: a damaged quoted-printable",
        ),
        ("bad-qp-short", "BEGIN:VCARD\r\nVERSION:2.1\r\nFN;ENCODING=QUOTED-PRINTABLE:Jana=4\r\nEND:VCARD\r\n", "line 3: a damaged quoted-printable"),
        ("bad-qp-sign", "BEGIN:VCARD\r\nVERSION:2.1\r\nNOTE;ENCODING=QUOTED-PRINTABLE:=+1\r\nEND:VCARD\r\n", "line 3: a damaged quoted-printable"),
        ("version-5", "BEGIN:VCARD\r\nVERSION:5.0\r\nFN:Jana\r\nEND:VCARD\r\n", "line 2: vCard version \"5.0\" is unknown"),
        ("version-1", "BEGIN:VCARD\r\nVERSION:1.0\r\nFN:Jana\r\nEND:VCARD\r\n", "line 2: vCard version \"1.0\" is unknown"),
        ("version-text", "BEGIN:VCARD\r\nVERSION:<script>\r\nFN:Jana\r\nEND:VCARD\r\n", "vCard version \"<script>\" is unknown"),
        ("no-begin", "VERSION:4.0\r\nFN:Jana\r\nEND:VCARD\r\n", "no vCard in the file"),
        ("text", "Jana Nováková, +420 601 123 456", "no vCard in the file"),
        ("empty", "", "the file is empty"),
        ("blank", "\r\n \r\n", "the file is empty"),
        (
            "bad-email",
            "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Jana Nováková\r\nEMAIL:jana(at)example\r\nEND:VCARD\r\n",
            "cards[0].emails[0]: not an email address",
        ),
        (
            "second-card-bad-phone",
            "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:A B\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:4.0\r\nFN:C D\r\nTEL:call me\r\nEND:VCARD\r\n",
            "cards[1].phones[0]",
        ),
        ("no-name", "BEGIN:VCARD\r\nVERSION:4.0\r\nEMAIL:x@example.cz\r\nEND:VCARD\r\n", "cards[0]"),
    ] {
        out.push(case(format!("vcard/{name}.vcf"), raw(text), expect));
    }
    for (name, bytes, expect) in [("zip", &b"PK\x03\x04\x14\x00"[..], "a ZIP archive"), ("png", b"\x89PNG\r\n\x1A\n", "an image")] {
        out.push(case(format!("vcard/binary-{name}.vcf"), bytes, expect));
    }
    out.push(accepted(
        "vcard/javascript-url.vcf",
        raw("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Jana Nováková\r\nURL:javascript:alert(1)\r\nURL;TYPE=linkedin:javascript://linkedin.com/%0Aalert(1)\r\nEND:VCARD\r\n"),
        "no link",
    ));
    out
}

/// Every case small enough to keep as a file.
pub fn on_disk(demo: &Value) -> Vec<Case> {
    let mut all = bundles(demo);
    all.extend(csvs());
    all.extend(vcards());
    all
}

/// Cases too large to keep in the repository, made by the test.
pub fn generated(demo: &Value) -> Vec<Case> {
    let mut out = Vec::new();
    let contact = demo["contacts"].as_array().and_then(|l| fullest(l)).cloned().unwrap_or_default();
    let small = closure(demo, "contacts", &contact);
    let ten_mb = "ž".repeat(5 * 1024 * 1024);
    out.push(case(
        "bundle/10mb-name.json",
        with(&small, |o| {
            if let Some(r) = o.get_mut("contacts").and_then(|l| l.get_mut(0)).and_then(Value::as_object_mut) {
                r.insert("first_name".into(), json!(ten_mb));
            }
        }),
        "contacts[0].first_name: is longer than 200 characters",
    ));
    out.push(case(
        "bundle/10mb-key.json",
        with(&small, |o| {
            o.insert(ten_mb.clone(), json!(1));
            o.remove("exported_at");
        }),
        "exported_at",
    ));
    let mut wide = "Name,".repeat(100_000);
    wide.push_str("\r\nJana\r\n");
    out.push(case("csv/100000-columns.csv", wide.into_bytes(), "row 1 has 100001 columns"));
    out.push(case(
        "csv/1mb-cell.csv",
        format!("First Name,Last Name\r\nJana,{}\r\n", "x".repeat(1024 * 1024)).into_bytes(),
        "row 2, column 2: a cell of 1048576 characters",
    ));
    let photo: String =
        (0..20 * 1024 * 1024 / 76).map(|_| " QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0\r\n").collect();
    out.push(accepted(
        "vcard/20mb-photo.vcf",
        format!(
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jana Nováková\r\nPHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQ\r\n{photo}EMAIL:jana@example.cz\r\nEND:VCARD\r\n"
        )
        .into_bytes(),
        "Jana Nováková",
    ));
    out.push(case(
        "vcard/10mb-name.vcf",
        format!("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:{ten_mb}\r\nEND:VCARD\r\n").into_bytes(),
        "cards[0].last_name: is longer than 200 characters",
    ));
    out
}

//! The JSON bundle: every record in one file, lossless and versioned.
//!
//! Import parses and validates the whole file before anything is written,
//! so the caller either gets a complete, consistent set of records or an
//! error that names the place, and the database is never touched.

pub mod base64;
mod locate;
mod spans;

use std::fmt;
use std::ops::Range;

use chrono::{DateTime, Utc};
use serde::ser::{SerializeMap, Serializer};
use serde::{de, Deserialize};
use serde_json::Value;
use uuid::Uuid;

use crate::model::crm::{Records, Sorted};
use crate::model::ids::{IdMap, IdSet};
use crate::model::migrate::{MigrateError, Migration};
use crate::model::record::{with_kind, KindVisitor};
use crate::model::{Attachment, Crm, FieldError, Kind, Problem, Record, SCHEMA_VERSION};

pub const FORMAT: &str = "vizitka-bundle";
/// Room for 100,000 contacts with their history and a few hundred MB of
/// files (base64 makes them a third larger).
pub const MAX_BYTES: usize = 400 * 1024 * 1024;
/// How many problems an import reports; the rest are counted.
pub const MAX_REPORTED: usize = 50;

/// A parsed bundle: its header and every record, one list per kind (in a
/// file, `organizations`, `contacts`, `team_members`, `activities`,
/// `links` and `history`, named by [`Kind::list_name`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Bundle {
    pub format: String,
    pub schema_version: u32,
    pub exported_at: DateTime<Utc>,
    pub app_version: String,
    pub records: Records,
    /// The bytes of each attachment, in the order of the `files` list.
    pub files: Vec<BundleFile>,
}

/// One attachment's bytes: `{"id": …, "base64": …}` in the `files` list,
/// which comes after the records so a reader meets the header first.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct BundleFile {
    pub id: Uuid,
    #[serde(rename = "base64", deserialize_with = "from_base64")]
    pub bytes: Vec<u8>,
}

fn from_base64<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
    let text: std::borrow::Cow<'de, str> = Deserialize::deserialize(d)?;
    base64::decode(&text).map_err(|at| de::Error::custom(format!("not base64 (at character {})", at + 1)))
}

/// A bundle written in parts, so the files' bytes never have to be in
/// memory at once: `head`, then for each file `files.open(i)`, its bytes
/// as base64 and [`FILE_CLOSE`], then `files.end()`.
pub struct ExportParts {
    pub head: String,
    pub files: Files,
}

/// The attachments whose bytes follow the records, in order, and the
/// JSON around each.
pub struct Files(pub Vec<Uuid>);

pub const FILE_CLOSE: &str = "\"}";

impl Files {
    pub fn open(&self, i: usize) -> String {
        let id = self.0[i];
        format!("{}{{\"id\":\"{id}\",\"base64\":\"", if i == 0 { ",\"files\":[" } else { "," })
    }

    pub fn end(&self) -> &'static str {
        if self.0.is_empty() {
            "}"
        } else {
            "]}"
        }
    }
}

impl ExportParts {
    /// The whole bundle as one string, each file's bytes from `bytes`.
    pub fn assemble(self, mut bytes: impl FnMut(Uuid) -> Vec<u8>) -> String {
        let mut out = self.head;
        for (i, &id) in self.files.0.iter().enumerate() {
            out.push_str(&self.files.open(i));
            out.push_str(&base64::encode(&bytes(id)));
            out.push_str(FILE_CLOSE);
        }
        out.push_str(self.files.end());
        out
    }
}

/// The whole CRM as bundle JSON, for a CRM without attachments (else see
/// [`export_parts`], which asks for the files' bytes).
pub fn export(crm: &Crm, now: DateTime<Utc>) -> String {
    export_parts(crm, now, |_| true).assemble(|_| Vec::new())
}

/// The whole CRM as bundle JSON: the header, then one list per kind in
/// the order of [`Kind::ALL`], then the files. Records are in list order
/// (see [`Crm::sorted_records`]) so the same data always gives the same
/// bytes. Only the attachments `include` accepts are written (a backup
/// leaves confidential ones out unless the user opts in).
pub fn export_parts(crm: &Crm, now: DateTime<Utc>, include: impl Fn(&Attachment) -> bool) -> ExportParts {
    let mut head = Vec::new();
    let files = write_head(crm, now, include, |part| head.extend_from_slice(part));
    // serde_json writes UTF-8 only.
    ExportParts { head: String::from_utf8(head).unwrap_or_default(), files }
}

/// How much of the head [`write_head`] hands over at a time.
pub const HEAD_PART: usize = 1 << 20;

/// [`export_parts`]'s head, handed to `sink` in parts of about
/// [`HEAD_PART`] bytes (each ends between two records), so the whole
/// bundle never sits in memory at once: at 100,000 contacts it is 120 MB,
/// and wasm memory, once grown, never shrinks.
pub fn write_head(crm: &Crm, now: DateTime<Utc>, include: impl Fn(&Attachment) -> bool, mut sink: impl FnMut(&[u8])) -> Files {
    struct List<'m, 's, 'a, M> {
        map: &'m mut M,
        sorted: &'s Sorted<'a>,
    }
    impl<M: SerializeMap> KindVisitor for List<'_, '_, '_, M> {
        type Output = Result<(), M::Error>;
        fn visit<T: Record>(self) -> Self::Output {
            self.map.serialize_entry(T::KIND.list_name(), T::sorted(self.sorted))
        }
    }
    struct Head<'s, 'a> {
        sorted: &'s Sorted<'a>,
        now: DateTime<Utc>,
    }
    impl serde::Serialize for Head<'_, '_> {
        fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
            let mut map = ser.serialize_map(None)?;
            map.serialize_entry("format", FORMAT)?;
            map.serialize_entry("schema_version", &SCHEMA_VERSION)?;
            map.serialize_entry("exported_at", &crate::model::time::format(&self.now))?;
            map.serialize_entry("app_version", env!("CARGO_PKG_VERSION"))?;
            for kind in Kind::ALL {
                with_kind(kind, List { map: &mut map, sorted: self.sorted })?;
            }
            map.end()
        }
    }
    let mut sorted = crm.sorted_records();
    sorted.attachments.retain(|a| include(a));
    let files = Files(sorted.attachments.iter().map(|a| a.id).collect());
    // Compact: a third smaller than pretty-printed at 100,000 contacts,
    // and as faster to write and read.
    let mut buf = Vec::with_capacity(HEAD_PART + 64 * 1024);
    let written = crate::json::to_parts(&mut buf, HEAD_PART, &mut sink, &Head { sorted: &sorted, now });
    // Serializing plain data into memory cannot fail.
    debug_assert!(written.is_ok());
    // The closing brace comes after the files.
    buf.pop();
    if !buf.is_empty() {
        sink(&buf);
    }
    files
}

#[derive(Debug, Clone, PartialEq)]
pub enum ImportError {
    TooLarge {
        bytes: usize,
    },
    Empty,
    /// A ZIP, a PDF, an image: not text at all.
    Binary(crate::sniff::Binary),
    NotJson {
        line: usize,
        column: usize,
    },
    NotABundle,
    WrongFormat {
        found: String,
    },
    TooNew {
        found: u32,
    },
    UnknownVersion {
        found: u32,
    },
    /// Problems with the records, the first [`MAX_REPORTED`] of `total`.
    Invalid {
        errors: Vec<FieldError>,
        total: usize,
    },
}

#[derive(Deserialize)]
struct Header {
    format: Option<Value>,
    schema_version: Option<Value>,
}

/// A bundle read in one pass. When the header comes first, as every export
/// writes it, the records are parsed straight into their types; a record
/// list before a header that says "current bundle" is skipped, and the
/// caller reads the file again knowing the header ([`Reading`]).
#[derive(Default)]
struct OnePass {
    format: Option<Value>,
    schema_version: Option<Value>,
    exported_at: Option<DateTime<Utc>>,
    app_version: Option<String>,
    records: Records,
    files: Option<Vec<BundleFile>>,
    /// Which lists were read, by [`Kind::index`] (a list may come once).
    seen: [bool; Kind::ALL.len()],
    skipped: bool,
}

/// How to read a bundle: `header_known` when an earlier pass (or a
/// migration) has already found it to be a current bundle.
struct Reading {
    header_known: bool,
}

impl Reading {
    fn read(self, text: &str) -> Result<OnePass, serde_json::Error> {
        let mut de = serde_json::Deserializer::from_str(text);
        let one = de::DeserializeSeed::deserialize(self, &mut de)?;
        de.end()?;
        Ok(one)
    }
}

impl<'de> de::DeserializeSeed<'de> for Reading {
    type Value = OnePass;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<OnePass, D::Error> {
        struct V(bool);
        impl<'de> de::Visitor<'de> for V {
            type Value = OnePass;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a bundle")
            }

            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<OnePass, A::Error> {
                /// Reads one kind's list into its place.
                struct List<'m, 'o, 'de, A> {
                    map: &'m mut A,
                    o: &'o mut OnePass,
                    current: bool,
                    de: std::marker::PhantomData<&'de ()>,
                }
                impl<'de, A: de::MapAccess<'de>> KindVisitor for List<'_, '_, 'de, A> {
                    type Output = Result<(), A::Error>;
                    fn visit<T: Record>(self) -> Self::Output {
                        if std::mem::replace(&mut self.o.seen[T::KIND.index()], true) {
                            return Err(de::Error::duplicate_field(T::KIND.list_name()));
                        }
                        if self.current {
                            *T::list_mut(&mut self.o.records) = self.map.next_value()?;
                        } else {
                            self.map.next_value::<de::IgnoredAny>()?;
                            self.o.skipped = true;
                        }
                        Ok(())
                    }
                }
                let mut o = OnePass::default();
                while let Some(field) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                    let current = self.0
                        || matches!(&o.format, Some(Value::String(f)) if f == FORMAT)
                            && o.schema_version.as_ref().and_then(Value::as_u64).is_some_and(reads_as_current);
                    match &*field {
                        "format" => o.format = Some(map.next_value()?),
                        "schema_version" => o.schema_version = Some(map.next_value()?),
                        "exported_at" => o.exported_at = Some(map.next_value::<Moment>()?.0),
                        "app_version" => o.app_version = Some(map.next_value()?),
                        "files" if o.files.is_some() => return Err(de::Error::duplicate_field("files")),
                        "files" if current => o.files = Some(map.next_value()?),
                        "files" => {
                            map.next_value::<de::IgnoredAny>()?;
                            o.files = Some(Vec::new());
                            o.skipped = true;
                        }
                        name => match Kind::from_list_name(name) {
                            Some(kind) => with_kind(kind, List { map: &mut map, o: &mut o, current, de: std::marker::PhantomData })?,
                            None => {
                                map.next_value::<de::IgnoredAny>()?;
                            }
                        },
                    }
                }
                Ok(o)
            }
        }
        d.deserialize_map(V(self.header_known))
    }
}

/// Where each record of a parsed bundle lies in the file (byte ranges, in
/// the order of the bundle's lists), so a replace can store the records'
/// JSON without writing it again.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Spans {
    /// One list per kind, by [`Kind::index`].
    pub lists: [Vec<Range<usize>>; Kind::ALL.len()],
}

impl Spans {
    pub fn of(&self, kind: Kind) -> &[Range<usize>] {
        &self.lists[kind.index()]
    }
}

/// Parses and fully validates a bundle. Nothing is written anywhere.
pub fn parse(bytes: &[u8]) -> Result<Bundle, ImportError> {
    parse_with_spans(bytes).map(|(b, _)| b)
}

/// [`parse`], plus where each record is in `bytes`. There are no spans when
/// the bundle was migrated from an older schema: its records were rewritten.
pub fn parse_with_spans(bytes: &[u8]) -> Result<(Bundle, Option<Spans>), ImportError> {
    if bytes.len() > MAX_BYTES {
        return Err(ImportError::TooLarge { bytes: bytes.len() });
    }
    if let Some(kind) = crate::sniff::binary(bytes) {
        return Err(ImportError::Binary(kind));
    }
    let file = bytes;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ImportError::Empty);
    }
    let text = utf8(bytes)?;
    // A struct also deserializes from a JSON array; only an object is a bundle.
    if bytes.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
        return match serde_json::from_str::<serde::de::IgnoredAny>(text) {
            Ok(_) => Err(ImportError::NotABundle),
            Err(e) => Err(ImportError::NotJson { line: e.line(), column: e.column() }),
        };
    }
    let one = match (Reading { header_known: false }).read(text) {
        Ok(o) => o,
        Err(e) => {
            // The header is judged first: a file of another format should
            // say so, not complain about its "contacts".
            if let Ok(header) = serde_json::from_str::<Header>(text) {
                check_header(&header.format, &header.schema_version)?;
            } else if e.is_data() {
                return Err(ImportError::NotABundle);
            }
            return Err(located(bytes, &e));
        }
    };
    let version = check_header(&one.format, &one.schema_version)?;
    let (bundle, spans) = if reads_as_current(u64::from(version)) {
        // Records before the header were skipped: read them now.
        let one = if one.skipped { (Reading { header_known: true }).read(text).map_err(|e| located(bytes, &e))? } else { one };
        let bundle = one.into_bundle()?;
        let offset = bytes.as_ptr() as usize - file.as_ptr() as usize;
        let spans = spans::record_spans(bytes, offset).filter(|s| Kind::ALL.iter().all(|&k| s.of(k).len() == bundle.records.len(k)));
        (bundle, spans)
    } else {
        let mut root: Value = serde_json::from_str(text).map_err(|e| ImportError::NotJson { line: e.line(), column: e.column() })?;
        // Ids of records a migration makes come from the export time, so
        // the same file always gives the same records.
        migrate(&mut root, version)?;
        // Back to text so there is one typed parser (and error locator).
        let migrated = serde_json::to_string(&root).unwrap_or_default();
        let one = (Reading { header_known: true }).read(&migrated).map_err(|e| located(migrated.as_bytes(), &e))?;
        (one.into_bundle()?, None)
    };
    let errors = validate(&bundle);
    if errors.is_empty() {
        Ok((bundle, spans))
    } else {
        Err(invalid(errors))
    }
}

/// Whether a bundle of this schema has today's records: the later steps
/// only add lists, so it is read in one typed pass, not migrated as text.
fn reads_as_current(version: u64) -> bool {
    (u64::from(crate::model::migrate::RECORDS_UNCHANGED_SINCE)..=u64::from(SCHEMA_VERSION)).contains(&version)
}

/// The file as text. Checking UTF-8 once up front lets every parse read a
/// `&str`, which serde_json does without checking each string again.
fn utf8(bytes: &[u8]) -> Result<&str, ImportError> {
    crate::model::validate::utf8(bytes).map_err(|valid_up_to| {
        let before = &bytes[..valid_up_to];
        let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        ImportError::NotJson { line, column: before.len() - line_start + 1 }
    })
}

/// The schema version, once the header says this is a bundle we can read.
fn check_header(format: &Option<Value>, schema_version: &Option<Value>) -> Result<u32, ImportError> {
    match format {
        Some(Value::String(s)) if s == FORMAT => {}
        Some(Value::String(s)) => return Err(ImportError::WrongFormat { found: truncate(s, 60) }),
        Some(_) => return Err(ImportError::WrongFormat { found: "?".into() }),
        None => return Err(ImportError::NotABundle),
    }
    let version = match schema_version.as_ref().and_then(Value::as_u64) {
        Some(v) => u32::try_from(v).unwrap_or(u32::MAX),
        None => return Err(invalid(vec![FieldError::new("schema_version", Problem::Required)])),
    };
    if version > SCHEMA_VERSION {
        return Err(ImportError::TooNew { found: version });
    }
    if version == 0 {
        return Err(ImportError::UnknownVersion { found: version });
    }
    Ok(version)
}

fn truncate(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

fn invalid(mut errors: Vec<FieldError>) -> ImportError {
    let total = errors.len();
    errors.truncate(MAX_REPORTED);
    ImportError::Invalid { errors, total }
}

/// A serde error in `json` as an error naming its place.
fn located(json: &[u8], e: &serde_json::Error) -> ImportError {
    // serde_json calls a choice (an enum) given a number or a list a syntax
    // error; when the file is valid JSON, it is the value that is wrong.
    let wrong_value = e.is_syntax() && serde_json::from_slice::<Header>(json).is_ok();
    if (e.is_syntax() && !wrong_value) || e.is_eof() {
        return ImportError::NotJson { line: e.line(), column: e.column() };
    }
    let full = e.to_string();
    let full = if wrong_value && full.starts_with("expected value") { "not a value this field takes".to_string() } else { full };
    // serde_json appends " at line L column C"; the path says where.
    let message = full.split(" at line ").next().unwrap_or(&full).to_string();
    let path = locate::path_at(json, e.line(), e.column(), message.starts_with("missing field"));
    let path = if path.is_empty() { "bundle".to_string() } else { path };
    invalid(vec![FieldError::new(path, Problem::Malformed(message))])
}

#[derive(Deserialize)]
struct Moment(#[serde(with = "crate::model::time::utc")] DateTime<Utc>);

impl OnePass {
    fn into_bundle(self) -> Result<Bundle, ImportError> {
        let Some(exported_at) = self.exported_at else {
            return Err(invalid(vec![FieldError::new("exported_at", Problem::Required)]));
        };
        Ok(Bundle {
            format: FORMAT.to_string(),
            schema_version: SCHEMA_VERSION,
            exported_at,
            app_version: self.app_version.unwrap_or_default(),
            records: self.records,
            files: self.files.unwrap_or_default(),
        })
    }
}

fn migrate(root: &mut Value, from: u32) -> Result<(), ImportError> {
    let obj = root.as_object_mut().ok_or(ImportError::NotABundle)?;
    let exported_at = obj.get("exported_at").and_then(Value::as_str).and_then(crate::model::time::parse).unwrap_or_default();
    let mut made = 0u64;
    let mut new_id = || {
        made += 1;
        let mut random = [0u8; 10];
        random[2..].copy_from_slice(&made.to_be_bytes());
        crate::model::ids::new_id(exported_at.timestamp_millis().max(0) as u64, random)
    };
    let from_migrate = |e: MigrateError, path: &dyn Fn() -> String| match e {
        MigrateError::TooNew { found } => ImportError::TooNew { found },
        MigrateError::Unknown { found } => ImportError::UnknownVersion { found },
        MigrateError::NotAnObject => invalid(vec![FieldError::new(path(), Problem::Malformed("expected an object".into()))]),
    };
    let mut migration = Migration::new(from, exported_at, &mut new_id).map_err(|e| from_migrate(e, &|| "bundle".into()))?;
    for kind in Kind::ALL {
        if let Some(Value::Array(items)) = obj.get_mut(kind.list_name()) {
            for (i, item) in items.iter_mut().enumerate() {
                migration.record(kind, item).map_err(|e| from_migrate(e, &|| format!("{}[{i}]", kind.list_name())))?;
            }
        }
    }
    for (kind, record) in migration.created() {
        let list = obj.entry(kind.list_name()).or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(items) = list {
            items.push(record);
        }
    }
    obj.insert("schema_version".into(), Value::from(SCHEMA_VERSION));
    Ok(())
}

/// Every rule a record must meet, plus uniqueness and references.
pub fn validate(b: &Bundle) -> Vec<FieldError> {
    let r = &b.records;
    let mut errors = Vec::new();
    // The record's path is only formatted when it has a problem: a valid
    // 100,000-contact bundle should not allocate 100,000 path strings.
    let mut push = |kind: Kind, i: usize, list: Vec<FieldError>| {
        if !list.is_empty() {
            let path = format!("{}[{i}]", kind.list_name());
            errors.extend(list.into_iter().map(|e| FieldError::new(format!("{path}.{}", e.field), e.problem)));
        }
    };
    /// Each record's own rules and a unique id; `refs` adds the reference
    /// problems of one record.
    fn check<'a, T: Record>(
        list: &'a [T],
        push: &mut dyn FnMut(Kind, usize, Vec<FieldError>),
        mut refs: impl FnMut(&'a T, &mut Vec<FieldError>),
    ) -> IdSet {
        let mut ids = IdSet::default();
        ids.reserve(list.len());
        for (i, record) in list.iter().enumerate() {
            let mut problems = record.validate();
            if !ids.insert(record.id()) {
                problems.push(FieldError::new("id", Problem::DuplicateId));
            }
            refs(record, &mut problems);
            push(T::KIND, i, problems);
        }
        ids
    }
    let missing = |field: &str, problems: &mut Vec<FieldError>| problems.push(FieldError::new(field, Problem::Missing));
    let team = check(&r.team_members, &mut push, |_, _| {});
    let owner = |id: Option<Uuid>, field: &str, p: &mut Vec<FieldError>| {
        if id.is_some_and(|id| !team.contains(&id)) {
            missing(field, p);
        }
    };
    let orgs = check(&r.organizations, &mut push, |o, p| owner(o.owner_id, "owner_id", p));
    let mut contact_org: IdMap<Option<Uuid>> = IdMap::default();
    contact_org.reserve(r.contacts.len());
    let contacts = check(&r.contacts, &mut push, |c, p| {
        contact_org.insert(c.id, c.organization_id);
        if c.organization_id.is_some_and(|o| !orgs.contains(&o)) {
            missing("organization_id", p);
        }
        owner(c.owner_id, "owner_id", p);
    });
    for (i, o) in r.organizations.iter().enumerate() {
        if let Some(p) = o.primary_contact_id {
            if contact_org.get(&p) != Some(&Some(o.id)) {
                push(Kind::Organization, i, vec![FieldError::new("primary_contact_id", Problem::Missing)]);
            }
        }
    }
    let activities = check(&r.activities, &mut push, |a, p| {
        for (i, id) in a.participants.iter().enumerate() {
            if !contacts.contains(id) && !team.contains(id) {
                missing(&format!("participants[{i}]"), p);
            }
        }
        owner(a.assignee_id, "assignee_id", p);
        owner(a.owner_id, "owner_id", p);
    });
    let stages = check(&r.stages, &mut push, |_, _| {});
    let products = check(&r.products, &mut push, |_, _| {});
    let refer = |set: &IdSet, id: Option<Uuid>, field: &str, p: &mut Vec<FieldError>| {
        if id.is_some_and(|id| !set.contains(&id)) {
            missing(field, p);
        }
    };
    let campaigns = check(&r.campaigns, &mut push, |c, p| {
        owner(c.owner_id, "owner_id", p);
        for (i, id) in c.targets.iter().enumerate() {
            if !contacts.contains(id) {
                missing(&format!("targets[{i}]"), p);
            }
        }
    });
    // Leads and opportunities point at each other (conversion).
    let lead_ids: IdSet = r.leads.iter().map(|l| l.id).collect();
    let opportunity_ids: IdSet = r.opportunities.iter().map(|o| o.id).collect();
    let leads = check(&r.leads, &mut push, |l, p| {
        owner(l.owner_id, "owner_id", p);
        refer(&campaigns, l.campaign_id, "campaign_id", p);
        if let Some(c) = &l.converted {
            refer(&orgs, c.organization_id, "converted.organization_id", p);
            refer(&contacts, c.contact_id, "converted.contact_id", p);
            refer(&opportunity_ids, c.opportunity_id, "converted.opportunity_id", p);
        }
    });
    let opportunities = check(&r.opportunities, &mut push, |o, p| {
        refer(&orgs, o.organization_id, "organization_id", p);
        for (i, c) in o.contacts.iter().enumerate() {
            refer(&contacts, Some(c.contact_id), &format!("contacts[{i}].contact_id"), p);
        }
        refer(&stages, Some(o.stage_id), "stage_id", p);
        refer(&lead_ids, o.lead_id, "lead_id", p);
        refer(&campaigns, o.campaign_id, "campaign_id", p);
        owner(o.owner_id, "owner_id", p);
    });
    let mut numbers: std::collections::HashSet<&str> = std::collections::HashSet::new();
    let quotes = check(&r.quotes, &mut push, |q, p| {
        refer(&opportunities, q.opportunity_id, "opportunity_id", p);
        refer(&orgs, q.organization_id, "organization_id", p);
        refer(&contacts, q.contact_id, "contact_id", p);
        for (i, item) in q.items.iter().enumerate() {
            refer(&products, item.product_id, &format!("items[{i}].product_id"), p);
        }
        owner(q.owner_id, "owner_id", p);
        if !numbers.insert(&q.number) {
            p.push(FieldError::new("number", Problem::DuplicateNumber));
        }
    });
    let projects = check(&r.projects, &mut push, |x, p| {
        refer(&orgs, Some(x.organization_id), "organization_id", p);
        refer(&opportunities, x.opportunity_id, "opportunity_id", p);
        for (i, c) in x.contact_ids.iter().enumerate() {
            refer(&contacts, Some(*c), &format!("contact_ids[{i}]"), p);
        }
        owner(x.owner_id, "owner_id", p);
        for (i, m) in x.milestones.iter().enumerate() {
            owner(m.owner_id, &format!("milestones[{i}].owner_id"), p);
        }
        for (i, d) in x.deliverables.iter().enumerate() {
            owner(d.owner_id, &format!("deliverables[{i}].owner_id"), p);
        }
        for (i, issue) in x.issues.iter().enumerate() {
            refer(&contacts, issue.raised_by, &format!("issues[{i}].raised_by"), p);
        }
    });
    let contracts = check(&r.contracts, &mut push, |c, p| {
        refer(&orgs, Some(c.organization_id), "organization_id", p);
        for (i, x) in c.project_ids.iter().enumerate() {
            refer(&projects, Some(*x), &format!("project_ids[{i}]"), p);
        }
        owner(c.owner_id, "owner_id", p);
    });
    let handover_ids: IdSet = r.handovers.iter().map(|h| h.id).collect();
    let mut numbers: std::collections::HashSet<&str> = std::collections::HashSet::new();
    let handovers = check(&r.handovers, &mut push, |h, p| {
        refer(&orgs, Some(h.organization_id), "organization_id", p);
        refer(&projects, h.project_id, "project_id", p);
        refer(&contracts, h.contract_id, "contract_id", p);
        refer(&contacts, h.accepted_by, "accepted_by", p);
        refer(&handover_ids, h.supersedes, "supersedes", p);
        owner(h.handed_over_by, "handed_over_by", p);
        for (i, item) in h.items.iter().enumerate() {
            refer(&products, item.product_id, &format!("items[{i}].product_id"), p);
        }
        if !numbers.insert(&h.number) {
            p.push(FieldError::new("number", Problem::DuplicateNumber));
        }
    });
    let delivered = check(&r.delivered_items, &mut push, |d, p| {
        refer(&orgs, Some(d.organization_id), "organization_id", p);
        refer(&handovers, d.handover_id, "handover_id", p);
        refer(&contracts, d.contract_id, "contract_id", p);
        refer(&products, d.product_id, "product_id", p);
    });
    let mut numbers: std::collections::HashSet<&str> = std::collections::HashSet::new();
    let tickets = check(&r.tickets, &mut push, |t, p| {
        refer(&orgs, t.organization_id, "organization_id", p);
        refer(&contacts, t.contact_id, "contact_id", p);
        refer(&delivered, t.delivered_item_id, "delivered_item_id", p);
        refer(&contracts, t.contract_id, "contract_id", p);
        owner(t.assignee_id, "assignee_id", p);
        if !numbers.insert(&t.number) {
            p.push(FieldError::new("number", Problem::DuplicateNumber));
        }
    });
    check(&r.suppliers, &mut push, |_, _| {});
    check(&r.links, &mut push, |l, p| {
        if !activities.contains(&l.activity_id) {
            missing("activity_id", p);
        }
        let exists = match l.record_kind {
            Kind::Organization => orgs.contains(&l.record_id),
            Kind::Contact => contacts.contains(&l.record_id),
            Kind::Lead => leads.contains(&l.record_id),
            Kind::Opportunity => opportunities.contains(&l.record_id),
            Kind::Quote => quotes.contains(&l.record_id),
            Kind::Project => projects.contains(&l.record_id),
            Kind::Handover => handovers.contains(&l.record_id),
            Kind::DeliveredItem => delivered.contains(&l.record_id),
            Kind::Contract => contracts.contains(&l.record_id),
            Kind::Ticket => tickets.contains(&l.record_id),
            _ => false,
        };
        if !exists {
            missing("record_id", p);
        }
    });
    let attachments = check(&r.attachments, &mut push, |a, p| {
        let exists = match a.record_kind {
            Kind::Organization => orgs.contains(&a.record_id),
            Kind::Contact => contacts.contains(&a.record_id),
            Kind::Activity => activities.contains(&a.record_id),
            Kind::Product => products.contains(&a.record_id),
            Kind::Campaign => campaigns.contains(&a.record_id),
            Kind::Lead => leads.contains(&a.record_id),
            Kind::Opportunity => opportunities.contains(&a.record_id),
            Kind::Quote => quotes.contains(&a.record_id),
            Kind::Project => projects.contains(&a.record_id),
            Kind::Handover => handovers.contains(&a.record_id),
            Kind::DeliveredItem => delivered.contains(&a.record_id),
            Kind::Contract => contracts.contains(&a.record_id),
            Kind::Ticket => tickets.contains(&a.record_id),
            _ => true, // refused by the record's own rules
        };
        if !exists {
            missing("record_id", p);
        }
    });
    check(&r.history, &mut push, |_, _| {});
    // Every attachment has its bytes, exactly as many as it says, and
    // every file belongs to an attachment.
    let mut sizes: IdMap<usize> = IdMap::default();
    for (i, f) in b.files.iter().enumerate() {
        let path = |field: &str| format!("files[{i}].{field}");
        if !attachments.contains(&f.id) {
            errors.push(FieldError::new(path("id"), Problem::Missing));
        }
        if sizes.insert(f.id, f.bytes.len()).is_some() {
            errors.push(FieldError::new(path("id"), Problem::DuplicateId));
        }
    }
    for (i, a) in r.attachments.iter().enumerate() {
        if sizes.get(&a.id).is_none_or(|&n| n as u64 != a.size) {
            errors.push(FieldError::new(format!("attachments[{i}].size"), Problem::FileMissing));
        }
    }
    errors
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportMode {
    /// The bundle becomes the whole database.
    ReplaceAll,
    /// Records are matched by id; the newer `updated_at` wins.
    Merge,
}

/// What the database holds after importing `bundle` into `current`.
pub fn combine(current: &Crm, bundle: Bundle, mode: ImportMode) -> Crm {
    match mode {
        ImportMode::ReplaceAll => Crm::from_records(bundle.records),
        ImportMode::Merge => {
            struct Merge<'a, 'b> {
                mine: &'b Sorted<'a>,
                theirs: &'b mut Records,
                out: &'b mut Records,
            }
            impl KindVisitor for Merge<'_, '_> {
                type Output = ();
                fn visit<T: Record>(self) {
                    *T::list_mut(self.out) = merged(T::sorted(self.mine), std::mem::take(T::list_mut(self.theirs)));
                }
            }
            let mut theirs = bundle.records;
            let mine = current.sorted_records();
            let mut out = Records::default();
            for kind in Kind::ALL {
                with_kind(kind, Merge { mine: &mine, theirs: &mut theirs, out: &mut out });
            }
            // Each side is consistent on its own; a mix can leave an
            // organization pointing at a primary contact that moved away.
            let contact_org: IdMap<Option<Uuid>> = out.contacts.iter().map(|c| (c.id, c.organization_id)).collect();
            for o in out.organizations.iter_mut() {
                if o.primary_contact_id.is_some_and(|p| contact_org.get(&p) != Some(&Some(o.id))) {
                    o.primary_contact_id = None;
                }
            }
            Crm::from_records(out)
        }
    }
}

/// What turned `current` into `next`, as changes: a merge import on a
/// device that syncs is one action like any other, whose records go up.
pub fn changes_between(current: &Crm, next: &Crm) -> Vec<crate::model::Change> {
    use crate::model::{Change, Rec};
    let mut out = Vec::new();
    for kind in Kind::ALL {
        if kind == Kind::History {
            let had: IdSet = current.history().iter().map(|h| h.id).collect();
            out.extend(next.history().iter().filter(|h| !had.contains(&h.id)).map(|h| Change::Put(Rec::History(h.clone()))));
            continue;
        }
        for id in next.ids(kind) {
            if let Some(rec) = next.get(kind, id).filter(|r| current.get(kind, id).as_ref() != Some(r)) {
                out.push(Change::Put(rec));
            }
        }
        out.extend(current.ids(kind).into_iter().filter(|&id| next.get(kind, id).is_none()).map(|id| Change::Delete(kind, id)));
    }
    out
}

/// Records matched by id: the newer `updated_at` wins, a record that is
/// never edited (history, links) is kept as it is.
fn merged<T: Record>(mine: &[&T], theirs: Vec<T>) -> Vec<T> {
    let mut all: IdMap<T> = mine.iter().map(|r| (r.id(), (*r).clone())).collect();
    for r in theirs {
        match all.get(&r.id()) {
            Some(old) if r.updated_at().is_none() || r.updated_at() <= old.updated_at() => {}
            _ => {
                all.insert(r.id(), r);
            }
        }
    }
    all.into_values().collect()
}

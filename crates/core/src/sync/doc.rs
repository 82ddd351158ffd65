//! A record as a CouchDB document and back. One document per record:
//! `_id` is the record's kind and id (`contact:0190…`), the body is the
//! record's JSON exactly as a bundle holds it, beside CouchDB's own `_`
//! fields (no record has a field starting with `_`). History entries are
//! records of their own kind, so they travel as documents that are never
//! edited and never conflict.

use serde_json::{Map, Value};
use uuid::Uuid;

use super::protocol::Rev;
use super::review::{review_from_doc, Review, REVIEW_DOC};
use crate::model::validate::FieldError;
use crate::model::{Kind, Rec};

/// The document id of a record: its kind, a colon, its id.
pub fn doc_id(kind: Kind, id: Uuid) -> String {
    format!("{}:{id}", kind.as_str())
}

/// The kind and id a document id names, if it is one of ours.
pub fn parse_doc_id(doc_id: &str) -> Option<(Kind, Uuid)> {
    let (kind, id) = doc_id.split_once(':')?;
    Some((Kind::parse(kind)?, Uuid::parse_str(id).ok()?))
}

/// The document for `rec`, with the server revision it replaces (none for
/// a record the server has never had).
pub fn to_doc(rec: &Rec, rev: Option<&Rev>) -> Value {
    let mut doc = Map::new();
    doc.insert("_id".into(), Value::String(doc_id(rec.kind(), rec.id())));
    if let Some(rev) = rev {
        doc.insert("_rev".into(), Value::String(rev.0.clone()));
    }
    if let Value::Object(fields) = rec.to_value() {
        doc.extend(fields);
    }
    Value::Object(doc)
}

/// The document that deletes a record on the server (a tombstone).
pub fn deleted_doc(kind: Kind, id: Uuid, rev: &Rev) -> Value {
    serde_json::json!({ "_id": doc_id(kind, id), "_rev": rev.0, "_deleted": true })
}

/// The record's fields of a document: everything but CouchDB's `_` fields.
pub fn body(doc: &Value) -> Value {
    match doc {
        Value::Object(m) => Value::Object(m.iter().filter(|(k, _)| !k.starts_with('_')).map(|(k, v)| (k.clone(), v.clone())).collect()),
        _ => Value::Null,
    }
}

/// What a document from the server means here.
#[derive(Debug, Clone, PartialEq)]
pub enum Incoming {
    /// A record, new or changed, at revision `rev`; `conflicts` are the
    /// revisions other clients left beside it (CouchDB's `_conflicts`).
    Put { rec: Rec, rev: Rev, conflicts: Vec<Rev> },
    /// The record was deleted on the server.
    Deleted { kind: Kind, id: Uuid, rev: Rev },
    /// A record's review (see [`super::review`]), new or changed.
    Review { review: Review, rev: Rev },
    /// A record's review was settled on another device.
    ReviewGone { doc: String, rev: Rev },
    /// A design document or a local one: the server's, not a record.
    Skipped,
}

/// Why a document from the server cannot become a record. The change is
/// left out (and shown); nothing of it is stored.
#[derive(Debug, Clone, PartialEq)]
pub enum DocError {
    NotAnObject,
    NoId,
    /// An id that names no kind of record of ours.
    NotOurs(String),
    NoRev(String),
    /// The body's `id` is not the one its `_id` names.
    IdMismatch(String),
    /// The body does not read as a record of its kind (the parser's words).
    Unreadable {
        doc_id: String,
        message: String,
    },
    /// It reads, but validation refuses it, as it would refuse a form.
    Invalid {
        doc_id: String,
        errors: Vec<FieldError>,
    },
}

/// Reads a document from the server (a `_changes` row's `doc`, or a
/// document fetched by id) as the same checks an import makes.
pub fn from_doc(doc: &Value) -> Result<Incoming, DocError> {
    let Value::Object(m) = doc else { return Err(DocError::NotAnObject) };
    let id = m.get("_id").and_then(Value::as_str).ok_or(DocError::NoId)?;
    if id.starts_with("_design/") || id.starts_with("_local/") {
        return Ok(Incoming::Skipped);
    }
    let rev = || m.get("_rev").and_then(Value::as_str).map(|r| Rev(r.to_string())).ok_or_else(|| DocError::NoRev(id.to_string()));
    let deleted = m.get("_deleted").and_then(Value::as_bool) == Some(true);
    if let Some(record) = id.strip_prefix(REVIEW_DOC) {
        if deleted {
            return Ok(Incoming::ReviewGone { doc: record.to_string(), rev: rev()? });
        }
        let review = review_from_doc(id, &body(doc)).map_err(|message| DocError::Unreadable { doc_id: id.to_string(), message })?;
        return Ok(Incoming::Review { review, rev: rev()? });
    }
    let (kind, uuid) = parse_doc_id(id).ok_or_else(|| DocError::NotOurs(id.to_string()))?;
    let rev = rev()?;
    if deleted {
        return Ok(Incoming::Deleted { kind, id: uuid, rev });
    }
    let fields = body(doc);
    if fields.get("id").and_then(Value::as_str).and_then(|s| Uuid::parse_str(s).ok()) != Some(uuid) {
        return Err(DocError::IdMismatch(id.to_string()));
    }
    let rec = Rec::from_value(kind, &fields).map_err(|e| DocError::Unreadable { doc_id: id.to_string(), message: e.to_string() })?;
    let errors = rec.validate();
    if !errors.is_empty() {
        return Err(DocError::Invalid { doc_id: id.to_string(), errors });
    }
    let conflicts = m
        .get("_conflicts")
        .and_then(Value::as_array)
        .map(|revs| revs.iter().filter_map(Value::as_str).map(|r| Rev(r.to_string())).collect())
        .unwrap_or_default();
    Ok(Incoming::Put { rec, rev, conflicts })
}

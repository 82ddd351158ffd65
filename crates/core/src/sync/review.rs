//! What a person must decide about a record two devices changed apart, and
//! how that decision is shared. A review travels as a document of its own
//! (`review:contact:0190…`) beside its record's, so every device shows it
//! and deciding on one ends it on all: the decision deletes the document.
//!
//! A review is worded from no device's side: the record holds the version
//! that reached the server first ("kept"); the review holds the other
//! one's differing values, who made them (`by`) and their record's stamp.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::doc::parse_doc_id;
use super::merge::FieldConflict;
use super::protocol::Rev;
use crate::model::ops::bulk::BulkEdit;
use crate::model::validate::{FieldError, Problem};
use crate::model::{Change, Crm, Ctx, Kind, Rec, Target};

/// The first part of a review document's id; the rest is its record's.
pub const REVIEW_DOC: &str = "review:";

/// What a person must decide about one record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Review {
    /// The record's document id.
    pub doc: String,
    pub why: Why,
    /// The fields the two versions set differently (`Why::SameField`,
    /// `Why::OtherVersion`): `theirs` is the kept value, `mine` the other.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldConflict>,
    /// The version not kept, whole (so nothing is lost).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mine: Option<Value>,
    /// The user name of the device whose version was not kept (the
    /// edit, or the delete); unknown for a version another app wrote.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
}

/// Why a record is up for review. (The names are as stored; the words
/// shown are from no device's side.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Why {
    /// Both changed the same field, differently.
    SameField,
    /// Edited on one device, deleted on the other: the edit was kept.
    EditedHereDeletedThere,
    /// The server held two versions (written apart by other clients); the
    /// one it chose is kept, the other's differing fields are `mine`.
    OtherVersion,
    /// Deleted on one device, edited on the other: the edit came back.
    DeletedHereEditedThere,
}

/// How a person settles a review.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Settle {
    /// The record stays as it is.
    Keep,
    /// The values not kept are saved over the kept ones, as an edit.
    UseOther,
    /// The record that an edit brought back (or kept) is deleted after all.
    Delete,
}

impl Review {
    /// The id of this review's own document.
    pub fn doc_id(&self) -> String {
        review_doc_id(&self.doc)
    }

    /// When the version not kept was last changed (its record's stamp,
    /// a device's clock: shown, never compared).
    pub fn other_at(&self) -> Option<&str> {
        self.mine.as_ref()?.get("updated_at")?.as_str()
    }

    /// The settlements a person can pick.
    pub fn choices(&self) -> Vec<Settle> {
        let kind = parse_doc_id(&self.doc).map(|(k, _)| k);
        match self.why {
            Why::SameField | Why::OtherVersion if !self.fields.is_empty() => vec![Settle::UseOther, Settle::Keep],
            Why::EditedHereDeletedThere | Why::DeletedHereEditedThere if kind.is_some_and(deletable) => vec![Settle::Keep, Settle::Delete],
            _ => vec![Settle::Keep],
        }
    }

    /// Both reviews of one record in one: `self`'s fields win, `older`'s
    /// other fields stay undecided.
    pub fn with_older(mut self, older: &Review) -> Review {
        for f in &older.fields {
            if !self.fields.iter().any(|x| x.field == f.field) {
                self.fields.push(f.clone());
            }
        }
        self
    }
}

/// The id of the review document of the record document `doc`.
pub fn review_doc_id(doc: &str) -> String {
    format!("{REVIEW_DOC}{doc}")
}

/// The document of a review, on top of the server's revision of it.
pub fn review_to_doc(review: &Review, rev: Option<&Rev>) -> Value {
    let mut doc = serde_json::json!({ "_id": review.doc_id() });
    if let Some(rev) = rev {
        doc["_rev"] = Value::String(rev.0.clone());
    }
    if let (Value::Object(d), Ok(Value::Object(fields))) = (&mut doc, serde_json::to_value(review)) {
        d.extend(fields);
    }
    doc
}

/// The review a document from the server holds, read as the app's own:
/// its record must be one of ours and the one its id names.
pub fn review_from_doc(id: &str, body: &Value) -> Result<Review, String> {
    let doc = id.strip_prefix(REVIEW_DOC).ok_or_else(|| "not a review".to_string())?;
    parse_doc_id(doc).ok_or_else(|| format!("no record of ours: {doc}"))?;
    let review: Review = serde_json::from_value(body.clone()).map_err(|e| e.to_string())?;
    if review.doc != doc {
        return Err(format!("its record is {}, its id names {doc}", review.doc));
    }
    Ok(review)
}

/// The kinds "delete anyway" can delete the way their page does.
fn deletable(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::Contact
            | Kind::Organization
            | Kind::Lead
            | Kind::Opportunity
            | Kind::Quote
            | Kind::Product
            | Kind::Campaign
            | Kind::Project
            | Kind::Contract
            | Kind::Ticket
            | Kind::Activity
            | Kind::Attachment
            | Kind::DeliveredItem
    )
}

/// The review of a version the server did not choose (`other`) beside the
/// one it did (`kept`): the fields that differ, the other's as "mine".
pub fn other_version(doc: &str, kept: &Value, other: &Value) -> Option<Review> {
    let fields: Vec<FieldConflict> = super::merge::merge3(&Value::Null, &super::doc::body(other), kept)
        .conflicts
        .into_iter()
        // The merge keeps the later `updated_at`; a differing creation
        // stamp alone is the same record.
        .filter(|f| f.field != "created_at")
        .collect();
    (!fields.is_empty()).then(|| Review { doc: doc.to_string(), why: Why::OtherVersion, fields, mine: Some(super::doc::body(other)), by: None })
}

/// What settling `review` as `how` changes: nothing (keep), the values not
/// kept saved as an edit (its history entry names the fields; the kept
/// values stay in the history), or the record deleted the way its page
/// deletes it (activities kept).
pub fn settle(
    crm: &Crm,
    review: &Review,
    how: Settle,
    defaults: &[crate::model::pipeline::Stage],
    ctx: &mut Ctx,
) -> Result<Vec<Change>, Vec<FieldError>> {
    let gone = || vec![FieldError::new("id", Problem::Missing)];
    match how {
        Settle::Keep => Ok(Vec::new()),
        Settle::UseOther => use_other(crm, review, ctx),
        Settle::Delete => {
            let (kind, id) = parse_doc_id(&review.doc).ok_or_else(gone)?;
            match kind {
                Kind::Activity => Ok(crm.delete_activity(id, ctx)),
                Kind::Attachment => Ok(crm.delete_attachment(id, ctx)),
                Kind::DeliveredItem => Ok(crm.delete_delivered_item(id, ctx)),
                _ => crm.bulk(kind, &[id], &BulkEdit::Delete, defaults, ctx),
            }
        }
    }
}

/// "Use the other version": the record as it is now, with each field the
/// versions disagree on set to the other's value, saved as an edit. It
/// goes up like any edit.
pub fn use_other(crm: &Crm, review: &Review, ctx: &mut Ctx) -> Result<Vec<Change>, Vec<FieldError>> {
    let gone = || vec![FieldError::new("id", Problem::Missing)];
    let (kind, id) = parse_doc_id(&review.doc).ok_or_else(gone)?;
    let now = crm.get(kind, id).ok_or_else(gone)?;
    let old = now.to_value();
    let mut v = old.clone();
    for f in &review.fields {
        set_path(&mut v, &f.field, f.mine.clone());
    }
    if let Value::Object(m) = &mut v {
        if m.contains_key("updated_at") {
            m.insert("updated_at".into(), Value::String(crate::model::time::format(&ctx.now)));
        }
    }
    // Both versions read; one's field in the other can only fail to if
    // a field's value depends on another (then the form is the way).
    let rec = Rec::from_value(kind, &v)
        .map_err(|_| vec![FieldError::new(review.fields.first().map_or("id", |f| f.field.as_str()), Problem::NotAChoice)])?;
    let errors = rec.validate();
    if !errors.is_empty() {
        return Err(errors);
    }
    let label = crm.label(Target { kind, id });
    let entry = crm.record_changes(kind, id, Some(&old), &rec.to_value(), label, ctx);
    Ok(entry.map(|h| vec![Change::Put(rec), h]).unwrap_or_default())
}

/// Sets a field at a dotted path (`address.city`); `Null` takes the field
/// away (the side had none), so the record's own default applies.
fn set_path(v: &mut Value, path: &str, to: Value) {
    let mut parts = path.split('.').peekable();
    let mut at = v;
    while let Some(p) = parts.next() {
        let Value::Object(m) = at else { return };
        if parts.peek().is_none() {
            if to.is_null() {
                m.remove(p);
            } else {
                m.insert(p.to_string(), to);
            }
            return;
        }
        let Some(next) = m.get_mut(p) else { return };
        at = next;
    }
}

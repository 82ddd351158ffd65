//! Files attached to a record. The record here is what a file is (name,
//! type, size, folder, confidential); its bytes are a Blob the store keeps
//! under the same id, and a bundle carries as base64. Bytes never change
//! for an id: editing a file's folder or name writes only this record.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::activity::Target;
use super::kind::Kind;
use super::validate::{self as v, FieldError, Problem};

/// The largest file: 50 MB. A CRM keeps contracts and offers, not videos,
/// and every file's bytes travel through a bundle.
pub const MAX_FILE_BYTES: u64 = 50 * 1024 * 1024;
/// File names as file systems allow them (in characters).
pub const FILE_NAME_MAX: usize = 255;
pub const MEDIA_TYPE_MAX: usize = 200;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    pub id: Uuid,
    #[serde(with = "crate::model::time::utc")]
    pub created_at: DateTime<Utc>,
    #[serde(with = "crate::model::time::utc")]
    pub updated_at: DateTime<Utc>,
    /// The record the file belongs to.
    pub record_kind: Kind,
    pub record_id: Uuid,
    pub name: String,
    /// The MIME type the browser gave ("application/pdf"); empty if unknown.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub media_type: String,
    /// Bytes.
    pub size: u64,
    /// A folder the user named on this record; empty for none.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub folder: String,
    /// Hidden from lists and left out of exports unless the user opts in.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub confidential: bool,
}

impl Attachment {
    /// Kinds a file can be attached to: every record with a page of its own.
    pub fn attachable(kind: Kind) -> bool {
        matches!(
            kind,
            Kind::Organization
                | Kind::Contact
                | Kind::Activity
                | Kind::Product
                | Kind::Campaign
                | Kind::Lead
                | Kind::Opportunity
                | Kind::Quote
                | Kind::Project
                | Kind::Handover
                | Kind::DeliveredItem
                | Kind::Contract
                | Kind::Ticket
        )
    }

    pub fn target(&self) -> Target {
        Target { kind: self.record_kind, id: self.record_id }
    }

    pub fn validate(&self) -> Vec<FieldError> {
        let mut e = Vec::new();
        v::required(&mut e, "name", &self.name);
        v::max_len(&mut e, "name", &self.name, FILE_NAME_MAX);
        if self.name.chars().any(|c| c.is_control() || c == '/' || c == '\\') {
            e.push(FieldError::new("name", Problem::BadFileName));
        }
        if self.media_type.len() > MEDIA_TYPE_MAX || !is_media_type(&self.media_type) {
            e.push(FieldError::new("media_type", Problem::NotAChoice));
        }
        if self.size > MAX_FILE_BYTES {
            e.push(FieldError::new("size", Problem::FileTooLarge { max_mb: MAX_FILE_BYTES / 1024 / 1024 }));
        }
        v::max_len(&mut e, "folder", &self.folder, v::NAME_MAX);
        if self.folder.chars().any(char::is_control) {
            e.push(FieldError::new("folder", Problem::BadFileName));
        }
        if !Attachment::attachable(self.record_kind) {
            e.push(FieldError::new("record_kind", Problem::NotAChoice));
        }
        e
    }

    /// What the history says about the file: its folder and name.
    pub fn described(&self) -> String {
        if self.folder.is_empty() {
            self.name.clone()
        } else {
            format!("{} / {}", self.folder, self.name)
        }
    }
}

/// "type/subtype" in the characters RFC 6838 allows (parameters after a
/// `;` too), or empty.
pub fn is_media_type(s: &str) -> bool {
    if s.is_empty() {
        return true;
    }
    let token = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$&-^_.+".contains(&b));
    let essence = s.split(';').next().unwrap_or("");
    let params_ok = s.bytes().all(|b| (b' '..0x7f).contains(&b));
    matches!(essence.trim().split_once('/'), Some((t, sub)) if token(t) && token(sub)) && params_ok
}

/// A file name as a browser hands it over, made safe to keep: no path, no
/// control characters, not over [`FILE_NAME_MAX`] (the extension kept).
pub fn clean_file_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let clean: String = base.chars().filter(|c| !c.is_control()).collect::<String>().trim().to_string();
    if clean.chars().count() <= FILE_NAME_MAX {
        return clean;
    }
    let ext = clean.rsplit_once('.').map(|(_, e)| e).filter(|e| e.chars().count() <= 16).unwrap_or("");
    let keep = FILE_NAME_MAX - if ext.is_empty() { 0 } else { ext.chars().count() + 1 };
    let stem: String = clean.chars().take(keep).collect();
    if ext.is_empty() {
        stem
    } else {
        format!("{stem}.{ext}")
    }
}

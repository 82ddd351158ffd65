//! Files attached to a record. The record here is what a file is (name,
//! type, size, folder, confidential); its bytes are a Blob the store keeps
//! under the same id, and a bundle carries as base64. Bytes never change
//! for an id: editing a file's folder or name writes only this record.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

use super::crm::{Crm, Ctx};
use super::history::{Action, FieldChange};
use super::record::Kind;
use super::validate::{self as v, FieldError, Problem};
use super::{Change, Target};

/// The largest file: 50 MB. A CRM keeps contracts and offers, not videos,
/// and every file's bytes travel through a bundle.
pub const MAX_FILE_BYTES: u64 = 50 * 1024 * 1024;
/// File names as file systems allow them (in characters).
pub const FILE_NAME_MAX: usize = 255;
const MEDIA_TYPE_MAX: usize = 200;

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
            Kind::Organization | Kind::Contact | Kind::Activity | Kind::Product | Kind::Campaign | Kind::Lead | Kind::Opportunity | Kind::Quote
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
    fn described(&self) -> String {
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

/// A file picked or dropped, before it is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFile {
    /// Made by the caller: the store keeps the bytes under it.
    pub id: Uuid,
    pub name: String,
    pub media_type: String,
    pub size: u64,
}

/// What can be changed on a stored file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileEdit {
    pub name: String,
    pub folder: String,
    pub confidential: bool,
}

impl Crm {
    /// Attaches files to `target`: one action, one history entry on the
    /// record naming them. A file over [`MAX_FILE_BYTES`] refuses the whole
    /// action, naming the file.
    pub fn attach(
        &self,
        target: Target,
        files: Vec<NewFile>,
        folder: &str,
        confidential: bool,
        ctx: &mut Ctx,
    ) -> Result<Vec<Change>, Vec<FieldError>> {
        if !Attachment::attachable(target.kind) || !self.exists(target) {
            return Err(vec![FieldError::new("record_id", Problem::Missing)]);
        }
        let mut changes = Vec::with_capacity(files.len() + 1);
        let mut errors = Vec::new();
        let mut names = Vec::new();
        for (i, f) in files.into_iter().enumerate() {
            let a = Attachment {
                id: f.id,
                created_at: ctx.now,
                updated_at: ctx.now,
                record_kind: target.kind,
                record_id: target.id,
                name: clean_file_name(&f.name),
                media_type: if is_media_type(&f.media_type) && f.media_type.len() <= MEDIA_TYPE_MAX { f.media_type } else { String::new() },
                size: f.size,
                folder: folder.trim().to_string(),
                confidential,
            };
            errors.extend(a.validate().into_iter().map(|e| FieldError::new(format!("files[{i}].{}", e.field), e.problem)));
            names.push(serde_json::Value::String(a.described()));
            changes.push(Change::put(a));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        if changes.is_empty() {
            return Ok(changes);
        }
        let change = FieldChange { field: "attachments".into(), old: serde_json::Value::Null, new: serde_json::Value::Array(names) };
        changes.push(self.file_entry(target, vec![change], ctx));
        Ok(changes)
    }

    /// Renames a file, moves it to another folder or marks it confidential.
    pub fn edit_attachment(&self, id: Uuid, edit: FileEdit, ctx: &mut Ctx) -> Result<Vec<Change>, Vec<FieldError>> {
        let Some(old) = self.attachments.get(&id) else { return Err(vec![FieldError::new("id", Problem::Missing)]) };
        let mut a = old.clone();
        // Typed by the user: a slash is refused, not read as a path.
        a.name = edit.name.trim().to_string();
        a.folder = edit.folder.trim().to_string();
        a.confidential = edit.confidential;
        let errors = a.validate();
        if !errors.is_empty() {
            return Err(errors);
        }
        if a == *old {
            return Ok(Vec::new());
        }
        a.updated_at = ctx.now;
        let mut changes = Vec::new();
        if a.described() != old.described() {
            changes.push(FieldChange { field: "attachment".into(), old: old.described().into(), new: a.described().into() });
        }
        if a.confidential != old.confidential {
            // "Confidential file: — → contract.pdf", and back when unmarked.
            let name: Value = a.described().into();
            let (was, now) = if a.confidential { (Value::Null, name) } else { (name, Value::Null) };
            changes.push(FieldChange { field: "confidential".into(), old: was, new: now });
        }
        let entry = self.file_entry(old.target(), changes, ctx);
        Ok(vec![Change::put(a), entry])
    }

    pub fn delete_attachment(&self, id: Uuid, ctx: &mut Ctx) -> Vec<Change> {
        let Some(a) = self.attachments.get(&id) else { return Vec::new() };
        let change =
            FieldChange { field: "attachments".into(), old: serde_json::Value::Array(vec![a.described().into()]), new: serde_json::Value::Null };
        vec![Change::Delete(Kind::Attachment, id), self.file_entry(a.target(), vec![change], ctx)]
    }

    /// A record's files go with it: part of every delete.
    pub(super) fn delete_attachments_of(&self, record: Uuid) -> impl Iterator<Item = Change> + '_ {
        self.attachments_of(record).into_iter().map(|a| Change::Delete(Kind::Attachment, a.id))
    }

    /// A change to a record's files is filed under the record.
    fn file_entry(&self, on: Target, changes: Vec<FieldChange>, ctx: &mut Ctx) -> Change {
        self.entry(on.kind, on.id, self.label(on), Action::Updated, changes, ctx)
    }

    /// A record's files: by folder (no folder first), then by name.
    pub fn attachments_of(&self, record: Uuid) -> Vec<&Attachment> {
        let mut v: Vec<&Attachment> =
            self.attachments_by_record.get(&record).map(|ids| ids.iter().filter_map(|id| self.attachments.get(id)).collect()).unwrap_or_default();
        v.sort_by_cached_key(|a| (super::search::fold(&a.folder), super::search::fold(&a.name), a.id));
        v
    }

    pub fn attachment(&self, id: Uuid) -> Option<&Attachment> {
        self.attachments.get(&id)
    }

    pub fn attachments(&self) -> impl Iterator<Item = &Attachment> {
        self.attachments.values()
    }

    /// How many files there are and their bytes: what storage Settings shows.
    pub fn attachment_totals(&self) -> (usize, u64) {
        (self.attachments.len(), self.attachments.values().map(|a| a.size).sum())
    }
}

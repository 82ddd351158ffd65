//! Files on records: attaching, renaming, moving to a folder, marking
//! confidential and deleting, each one action with its history entry on
//! the record. The bytes are the store's; here only the [`Attachment`]
//! records change.

use serde_json::Value;
use uuid::Uuid;

use crate::model::attachment::{clean_file_name, is_media_type, Attachment, MEDIA_TYPE_MAX};
use crate::model::history::{Action, FieldChange};
use crate::model::kind::Kind;
use crate::model::validate::{FieldError, Problem};
use crate::model::{Change, Crm, Target};

use super::Ctx;

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
    pub(crate) fn delete_attachments_of(&self, record: Uuid) -> impl Iterator<Item = Change> + '_ {
        self.attachments_of(record).into_iter().map(|a| Change::Delete(Kind::Attachment, a.id))
    }

    /// A change to a record's files is filed under the record.
    fn file_entry(&self, on: Target, changes: Vec<FieldChange>, ctx: &mut Ctx) -> Change {
        self.entry(on.kind, on.id, self.label(on), Action::Updated, changes, ctx)
    }
}

//! Operations: user actions computed from the database as the [`Change`]s
//! they make. Nothing here changes the [`Crm`]: the store persists the
//! changes in one transaction and only then are they applied. Every
//! create, update and delete comes with its history entry in the same list.
//!
//! The direction is records → database → operations: record modules know
//! no [`Crm`], the database knows no operation, and operations (each an
//! `impl Crm` block here) use both.
//!
//! [`Change`]: crate::model::Change
//! [`Crm`]: crate::model::Crm

pub mod attachments;
pub mod automation;
pub mod batch;
pub mod bulk;
pub mod delivery;
pub mod duplicates;
pub mod records;
pub mod sales;
pub mod support;

use chrono::{DateTime, Utc};
use uuid::Uuid;

/// Who and when, plus a source of fresh ids (for history entries and links).
pub struct Ctx<'a> {
    pub now: DateTime<Utc>,
    /// The team member acting ("you"), if one is chosen yet.
    pub me: Option<Uuid>,
    pub new_id: &'a mut dyn FnMut() -> Uuid,
}

/// What happens to a deleted record's activities.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActivitiesOnDelete {
    /// They stay, no longer linked to the deleted record.
    Keep,
    /// They are deleted with it (with their links to other records).
    Delete,
}

//! Plain Rust types for every record, their validation, and the in-memory
//! database with its indexes. Nothing here touches the browser, so all of it
//! is tested natively.

#[macro_use]
mod coded;

pub mod activity;
pub mod agenda;
pub mod attachment;
pub mod automation;
pub mod campaign;
pub mod conflict;
pub mod contact;
pub mod contract;
pub mod crm;
pub mod delivered;
pub mod demo;
pub mod filter;
pub mod handover;
pub mod history;
pub mod ids;
pub mod kind;
pub mod lead;
pub mod migrate;
pub mod money;
pub mod opportunity;
pub mod ops;
pub mod organization;
pub mod phone;
pub mod pipeline;
pub mod product;
pub mod project;
pub mod quote;
pub mod record;
pub mod search;
pub mod sla;
pub mod supplier;
pub mod team;
pub mod ticket;
pub mod time;
pub mod validate;
pub mod workcal;

pub use activity::{Activity, ActivityKind, Direction, Link, Priority, Target, TaskStatus};
pub use attachment::Attachment;
pub use contact::{Contact, DateKind, Email, EmailLabel, ImportantDate, Phone, PhoneLabel, Role};
pub use crm::{Crm, Records};
pub use history::{Action, FieldChange, HistoryEntry};
pub use kind::{Kind, Kinds};
pub use ops::{ActivitiesOnDelete, Ctx};
pub use organization::{Address, Organization};
pub use record::{Change, Rec, Record};
pub use team::TeamMember;
pub use validate::{FieldError, Problem};

/// The version of the record layout, shared by the IndexedDB schema and the
/// JSON bundle. Bump it together with a step in [`migrate`].
pub const SCHEMA_VERSION: u32 = 8;

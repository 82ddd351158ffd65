//! Vizitka's pure core: the records and their validation, the in-memory
//! database (`model::Crm`) with the operations that compute a user action's
//! changes, reports, the file formats, and every user-visible text. Nothing
//! here touches the browser (the manifest has no web dependency), so all of
//! it is tested natively. See ARCHITECTURE.md.

// First: its `coded!` macro serves the modules below.
#[macro_use]
pub mod model;
pub mod bundle;
pub mod csv;
pub mod i18n;
pub mod ical;
pub mod json;
pub mod report;
pub mod segments;
pub mod sniff;
pub mod sync;
pub mod vcard;

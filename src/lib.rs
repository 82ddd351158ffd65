//! Vizitka: a CRM that runs entirely in the browser. See ARCHITECTURE.md.

// First: its `coded!` macro serves the modules below.
#[macro_use]
pub mod model;
pub mod bundle;
pub mod csv;
pub mod i18n;
pub mod ical;
pub mod report;
pub mod store;
pub mod ui;
pub mod vcard;
pub mod web;

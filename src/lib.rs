//! Vizitka: a CRM that runs entirely in the browser. See ARCHITECTURE.md.

pub mod bundle;
pub mod csv;
pub mod i18n;
pub mod ical;
pub mod model;
pub mod store;
pub mod ui;
pub mod vcard;
pub mod web;

//! Vizitka: a CRM that runs entirely in the browser. See ARCHITECTURE.md.

pub mod model;
pub mod bundle;
pub mod ical;
pub mod i18n;
pub mod store;
pub mod web;
pub mod ui;

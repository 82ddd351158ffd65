//! Vizitka: a CRM that runs entirely in the browser. See ARCHITECTURE.md.
//!
//! This crate is the browser side: the store on IndexedDB, browser glue
//! and the Leptos UI. Everything else is the pure core, `vizitka_core`,
//! whose modules keep their names here (`crate::model`, `crate::i18n`, …).

pub use vizitka_core::{bundle, csv, i18n, ical, model, report, segments, sync, vcard};

pub mod store;
pub mod ui;
pub mod web;

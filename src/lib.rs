//! Vizitka: a CRM that runs entirely in the browser. See ARCHITECTURE.md.
//!
//! This crate is the browser side: the store on IndexedDB, browser glue
//! and the Leptos UI. Everything else is the pure core, `vizitka_core`,
//! whose modules keep their names here (`crate::model`, `crate::i18n`, …).

pub use vizitka_core::{bundle, csv, i18n, ical, model, report, segments, sync, vcard};

pub mod store;
pub mod ui;
pub mod web;

/// Talc instead of the default dlmalloc: an import or a load makes a
/// million small strings, and talc allocates them faster in less code.
#[cfg(all(not(target_feature = "atomics"), target_family = "wasm"))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

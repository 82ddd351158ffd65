//! One page per file.

pub mod activity;
pub mod activity_form;
pub mod calendar;
pub mod campaigns;
pub mod contact;
pub mod contact_form;
pub mod contacts;
pub mod csv_import;
pub mod dashboard;
pub mod duplicates;
pub mod inbox;
pub mod lead_form;
pub mod leads;
pub mod not_found;
pub mod opportunities;
pub mod opportunity;
pub mod opportunity_form;
pub mod organization;
pub mod organization_form;
pub mod organizations;
pub mod products;
pub mod quote_form;
pub mod quotes;
pub mod reports;
pub mod rule_form;
pub mod rules;
pub mod search;
pub mod settings;
pub mod stream;
pub mod tasks;

use uuid::Uuid;

/// The `:id` route parameter as a record id.
pub fn param_id(name: &str) -> Option<Uuid> {
    let params = leptos_router::hooks::use_params_map();
    let value = leptos::prelude::With::with(&params, |p| p.get(name));
    value.and_then(|s| Uuid::parse_str(&s).ok())
}

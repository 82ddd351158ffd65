//! Pieces shared by several pages.

pub mod attachments;
pub mod bundle_import;
pub mod chart;
pub mod confirm;
pub mod duplicate_warning;
pub mod fields;
pub mod follow;
pub mod form;
pub mod global_search;
pub mod history;
pub mod links;
pub mod list;
pub mod loaded;
pub mod missing;
pub mod org_picker;
pub mod pipeline_card;
pub mod sales_card;
pub mod selection;
pub mod stage_move;
pub mod start;
pub mod supplier_card;
pub mod team;
pub mod timeline;
pub mod vcard_import;
pub mod virtual_list;

//! Where things live in the app: the hrefs pages and widgets link to, so a
//! widget never reaches into a page for a path.

use crate::csv::import::Target;

/// The CSV import page for records of `t`.
pub fn csv_import_href(t: Target) -> String {
    format!("/import/{}", t.code())
}

/// The likely duplicates among records of `kind`.
pub fn duplicates_href(kind: crate::model::Kind) -> String {
    format!("/duplicates/{}", kind.as_str())
}

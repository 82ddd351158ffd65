//! Where things live in the app: the hrefs pages and widgets link to, so a
//! widget never reaches into a page for a path.

use crate::csv::import::Target;

/// The CSV import page for records of `t`.
pub fn csv_import_href(t: Target) -> String {
    format!("/import/{}", t.code())
}

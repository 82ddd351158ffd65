//! While a new record is typed, the records it looks like (same email,
//! phone, IČO or name), linked, so the user opens one instead of making
//! a second.

use leptos::prelude::*;

use crate::i18n::T;
use crate::model::{Kind, Rec};
use crate::ui::routes::link;
use crate::ui::routes::record_href;
use crate::ui::state::use_app;

/// Nothing for a record being edited (`is_new` false): it is its own match.
pub fn duplicate_warning<D>(kind: Kind, is_new: bool, draft: RwSignal<D>, as_record: fn(D) -> Rec) -> impl IntoView
where
    D: Clone + Send + Sync + 'static,
{
    let app = use_app();
    // Built once from the records as the form opens; typing only looks up.
    let index = StoredValue::new(is_new.then(|| app.read_untracked(|c| c.duplicate_index(kind))));
    let likely = Memo::new(move |_| {
        let d = draft.get();
        index.with_value(|ix| ix.as_ref().map(|ix| ix.likely_duplicates_of(&as_record(d))).unwrap_or_default())
    });
    move || {
        let found = likely.get();
        (!found.is_empty()).then(|| {
            let lang = app.lang.get();
            let links = app.read_untracked(|crm| {
                found.iter().take(5).map(|(id, why)| (*id, crm.label_of(*id), lang.t(crate::i18n::duplicate_reason(*why)))).collect::<Vec<_>>()
            });
            view! {
                <div class="duplicate-warning" id="duplicate-warning" role="status">
                    {lang.t(T::LikelyDuplicates)}" "
                    {links.into_iter().map(|(id, name, why)| view! { <a href=link(record_href(kind, id))>{name}</a>" ("{why}") " }).collect_view()}
                </div>
            }
        })
    }
}

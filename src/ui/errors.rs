//! What the app's own failures say to the user. The store names what went
//! wrong ([`StoreError`]); the words come from the text table here, so the
//! store never depends on the UI language.

use crate::i18n::{with_detail, Lang, T};
use crate::store::StoreError;

/// A storage failure in words, with what the browser said (if anything).
pub fn store_error(lang: Lang, e: &StoreError) -> String {
    let (text, detail) = match e {
        StoreError::Unavailable(m) => (T::StoreUnavailable, m.as_str()),
        StoreError::Open(m) => (T::StoreOpen, m.as_str()),
        StoreError::Quota(m) => (T::StoreQuota, m.as_str()),
        StoreError::Aborted(m) => (T::StoreAborted, m.as_str()),
        StoreError::Read(m) => (T::StoreRead, m.as_str()),
        StoreError::Damaged(m) => (T::StoreDamaged, m.as_str()),
        StoreError::Closed => (T::StoreClosed, ""),
        StoreError::Stale => (T::StoreStale, ""),
    };
    with_detail(lang.t(text), detail)
}

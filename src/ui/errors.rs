//! What the app's own failures say to the user. The store names what went
//! wrong ([`StoreError`]); the words come from the text table here, so the
//! store never depends on the UI language.

use crate::i18n::{with_detail, Lang, T};
use crate::store::StoreError;
use crate::sync::DocError;
use crate::web::couch::SyncError;

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

/// A sync failure in words, with the server's own (if it said any).
pub fn sync_error(lang: Lang, e: &SyncError) -> String {
    let (text, detail) = match e {
        SyncError::BadAddress => (T::SyncErrBadAddress, String::new()),
        SyncError::BadDatabaseName => (T::SyncErrBadDatabase, String::new()),
        SyncError::Unreachable => (T::SyncErrUnreachable, String::new()),
        SyncError::BadLogin(m) => (T::SyncErrBadLogin, m.clone()),
        SyncError::Unauthorized(m) => (T::SyncErrUnauthorized, m.clone()),
        SyncError::Forbidden(m) => (T::SyncErrForbidden, m.clone()),
        SyncError::NotFound => (T::SyncErrNotFound, String::new()),
        SyncError::Server { status, error, reason } => (T::SyncErrServer, format!("{status} {error} {reason}").trim().to_string()),
        SyncError::Protocol(p) => (T::SyncErrProtocol, format!("{p:?}")),
    };
    with_detail(lang.t(text), &detail)
}

/// A document from the server the app could not take, named.
pub fn doc_error(lang: Lang, e: &DocError) -> String {
    let detail = match e {
        DocError::NotAnObject => String::new(),
        DocError::NoId => String::new(),
        DocError::NotOurs(id) | DocError::NoRev(id) | DocError::IdMismatch(id) => id.clone(),
        DocError::Unreadable { doc_id, message } => format!("{doc_id}: {message}"),
        DocError::Invalid { doc_id, errors } => {
            format!("{doc_id}: {}", errors.iter().map(|f| crate::i18n::field_error(lang, f)).collect::<Vec<_>>().join("; "))
        }
    };
    with_detail(lang.t(T::SyncDocRefused), &detail)
}

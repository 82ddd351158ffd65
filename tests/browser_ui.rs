#![cfg(target_arch = "wasm32")]
//! The UI side's own words: what a storage failure tells the user.

use vizitka::i18n::Lang;
use vizitka::store::StoreError as E;
use vizitka::ui::errors::store_error;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn storage_failures_read_in_both_languages() {
    let all = [
        E::Unavailable("x".into()),
        E::Open("x".into()),
        E::Quota(String::new()),
        E::Aborted("x".into()),
        E::Read("x".into()),
        E::Damaged("x".into()),
        E::Closed,
        E::Stale,
    ];
    for e in &all {
        assert_ne!(store_error(Lang::En, e), store_error(Lang::Cs, e), "{e:?}");
    }
    // The browser's words are kept; an empty detail leaves no dangling colon.
    assert_eq!(store_error(Lang::Cs, &E::Quota(String::new())), "úložiště je plné");
    assert_eq!(store_error(Lang::En, &E::Quota("QuotaExceededError".into())), "the storage is full: QuotaExceededError");
}

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
    assert_eq!(
        store_error(Lang::Cs, &E::Quota(String::new())),
        "disk nebo úložiště této stránky je plné (uvolněte místo, nejvíc ho zabírají velké přílohy, a uložte znovu)"
    );
    assert!(store_error(Lang::En, &E::Quota("QuotaExceededError".into())).ends_with("and save again): QuotaExceededError"));
}

#[wasm_bindgen_test]
fn every_path_has_its_section_and_every_record_its_page() {
    use vizitka::model::Kind;
    use vizitka::ui::routes::{edit_href, query_href, record_href, section, Section};
    assert_eq!(section("/"), Some(Section::Dashboard));
    assert_eq!(section("/contacts/0190-x/edit"), Some(Section::Contacts));
    assert_eq!(section("/activities/new"), Some(Section::Stream));
    assert_eq!(section("/templates/x"), Some(Section::Rules));
    // Finding duplicates and importing belong to the list of their kind.
    assert_eq!(section("/duplicates/organization"), Some(Section::Organizations));
    assert_eq!(section("/import/lead"), Some(Section::Leads));
    assert_eq!(section("/duplicates/nonsense"), None);
    assert_eq!(section("/no-such-page"), None);
    let id = uuid::Uuid::nil();
    assert_eq!(record_href(Kind::Template, id), format!("/templates/{id}"));
    assert_eq!(edit_href(Kind::Quote, id), format!("/quotes/{id}/edit"));
    assert_eq!(edit_href(Kind::Product, id), format!("/products/{id}"));
    assert_eq!(record_href(Kind::Link, id), "");
    assert_eq!(query_href("/search", &[("q", "Novák & syn"), ("tag", " ")]), "/search?q=Nov%C3%A1k%20%26%20syn");
}

/// Compaction and the rules' timer run in one tab at a time: while one
/// holds the Web Lock, another's attempt runs nothing; after, it runs.
#[wasm_bindgen_test]
async fn work_under_a_web_lock_runs_in_one_place_at_a_time() {
    use futures::channel::oneshot;
    use vizitka::web::exclusive;
    let (finish, finished) = oneshot::channel::<()>();
    let first = exclusive("vizitka-test-lock", async move {
        let _ = finished.await;
        "first"
    });
    let second = async {
        // The first holds the lock by now (it was asked first).
        vizitka::web::yield_to_browser().await;
        let skipped = exclusive("vizitka-test-lock", async { "second" }).await;
        let _ = finish.send(());
        skipped
    };
    let (a, b) = futures::join!(first, second);
    assert_eq!(a, Some("first"));
    assert_eq!(b, None, "the lock was held: the second ran nothing");
    // The browser lets the lock go once the first's promise settles.
    vizitka::web::yield_to_browser().await;
    assert_eq!(exclusive("vizitka-test-lock", async { "third" }).await, Some("third"), "released after the first");
}

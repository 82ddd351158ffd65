//! Where a bundle import spends its time, natively:
//! `cargo run --release -p vizitka-core --example parse_timing -- bench-out/bench-100000.json`
use std::time::Instant;

fn main() {
    let path = std::env::args().nth(1).expect("a bundle file");
    let bytes = std::fs::read(&path).expect("readable");
    let t = Instant::now();
    let (b, spans) = vizitka_core::bundle::parse_with_spans(&bytes).expect("valid");
    let parse = t.elapsed();
    let t = Instant::now();
    let errors = vizitka_core::bundle::validate(&b);
    let validate = t.elapsed();
    let spans = spans.expect("current");
    let t = Instant::now();
    let copied = vizitka_core::segments::encode_bundle(&b, Some((&bytes, &spans))).len();
    let copy = t.elapsed();
    let t = Instant::now();
    let crm = vizitka_core::bundle::combine(&vizitka_core::model::Crm::new(), b, vizitka_core::bundle::ImportMode::ReplaceAll);
    let combine = t.elapsed();
    let t = Instant::now();
    let segs = vizitka_core::segments::encode(&crm);
    let encode = t.elapsed();
    for q in ["d", "dv", "777", "+420 6", "praha", "tereza h", "marek 1", "x"] {
        let t = Instant::now();
        let query = vizitka_core::model::search::Query::new(q);
        let hits = crm.hits(&query);
        let n = crm.contacts().filter(|c| crm.search_slot(c.id).is_some_and(|s| hits.contains(s))).count();
        println!("search {q:?}: {n} hits in {:?}", t.elapsed());
        let t = Instant::now();
        let top = crm.find_top(&query, 5);
        println!("  suggestions {q:?}: {:?} ({} contacts matched)", t.elapsed(), top.matched.contacts);
    }
    println!("parse+validate {parse:?} (validate alone {validate:?}, {} errors), combine {combine:?}, encode {encode:?} ({} segments), from the file's bytes {copy:?} ({copied})", errors.len(), segs.len());
}

//! Profiling aid: `perf record cargo run --release -p vizitka-core --example encode_profile -- bench-out/bench-100000.json`
use std::time::Instant;

fn main() {
    let path = std::env::args().nth(1).expect("a bundle file");
    let bytes = std::fs::read(&path).expect("readable");
    let b = vizitka_core::bundle::parse(&bytes).expect("valid");
    let crm = vizitka_core::bundle::combine(&vizitka_core::model::Crm::new(), b, vizitka_core::bundle::ImportMode::ReplaceAll);
    for _ in 0..5 {
        let t = Instant::now();
        let n: usize = vizitka_core::segments::encode(&crm).iter().map(|s| s.bytes(&[]).len()).sum();
        let e = t.elapsed();
        let t = Instant::now();
        let x = vizitka_core::bundle::export(&crm, chrono::DateTime::UNIX_EPOCH);
        println!("encode {e:?} ({n} bytes), export {:?} ({} bytes)", t.elapsed(), x.len());
    }
}

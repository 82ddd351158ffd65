//! Profiling aid: `perf record cargo run --release --example encode_profile -- bench-out/bench-100000.json`
use std::time::Instant;

fn main() {
    let path = std::env::args().nth(1).expect("a bundle file");
    let bytes = std::fs::read(&path).expect("readable");
    let b = vizitka::bundle::parse(&bytes).expect("valid");
    let crm = vizitka::bundle::combine(&vizitka::model::Crm::new(), b, vizitka::bundle::ImportMode::ReplaceAll);
    for _ in 0..5 {
        let t = Instant::now();
        let n: usize = vizitka::store::segments::encode(&crm).iter().map(|s| s.bytes(&[]).len()).sum();
        let e = t.elapsed();
        let t = Instant::now();
        let x = vizitka::bundle::export(&crm, chrono::DateTime::UNIX_EPOCH);
        println!("encode {e:?} ({n} bytes), export {:?} ({} bytes)", t.elapsed(), x.len());
    }
}

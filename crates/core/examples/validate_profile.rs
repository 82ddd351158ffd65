//! Profiling aid: `perf record cargo run --release -p vizitka-core --example validate_profile -- bench-out/bench-100000.json`
use std::time::Instant;

fn main() {
    let path = std::env::args().nth(1).expect("a bundle file");
    let bytes = std::fs::read(&path).expect("readable");
    let b = vizitka_core::bundle::parse(&bytes).expect("valid");
    for _ in 0..10 {
        let t = Instant::now();
        let n = vizitka_core::bundle::validate(&b).len();
        println!("validate {:?} ({n})", t.elapsed());
    }
}

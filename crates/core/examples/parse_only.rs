//! Profiling aid: loads the segments of a bundle, as the app's start does.
//! `valgrind --tool=callgrind target/release/examples/parse_only bench-out/bench-10000.json`
fn main() {
    let path = std::env::args().nth(1).expect("a bundle file");
    let bytes = std::fs::read(&path).expect("readable");
    let b = vizitka_core::bundle::parse(&bytes).expect("parses");
    let crm = vizitka_core::bundle::combine(&vizitka_core::model::Crm::new(), b, vizitka_core::bundle::ImportMode::ReplaceAll);
    let segs = vizitka_core::segments::encode(&crm);
    drop(crm);
    let t = std::time::Instant::now();
    let mut assembly = vizitka_core::segments::Assembly::new(Vec::new());
    for s in &segs {
        assembly.add_segment(&s.key, &s.bytes(&[])).expect("decodes");
    }
    let crm = assembly.finish();
    println!("loaded {} contacts in {:?}", crm.contact_count(), t.elapsed());
}

//! Writes a benchmark bundle: `cargo run --release --example bench_bundle -- 100000 out.json`
//! gives 100,000 contacts and 10,000 organizations from the demo generator.

use chrono::{TimeZone, Utc};
use vizitka::bundle;
use vizitka::model::demo::generate;
use vizitka::model::Crm;

fn main() {
    let mut args = std::env::args().skip(1);
    let contacts: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(10_000);
    let out = args.next().unwrap_or_else(|| format!("bench-{contacts}.json"));
    let now = Utc.with_ymd_and_hms(2026, 11, 1, 9, 0, 0).single().expect("valid date");
    let (orgs, people) = generate(42, contacts / 10, contacts, now);
    let crm = Crm::from_records(vizitka::model::Records { organizations: orgs, contacts: people, ..Default::default() });
    let text = bundle::export(&crm, now);
    std::fs::write(&out, &text).expect("write the bundle");
    eprintln!("{out}: {} contacts, {} organizations, {} MB", crm.contact_count(), crm.organization_count(), text.len() / 1_000_000);
}

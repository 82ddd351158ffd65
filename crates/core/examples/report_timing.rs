//! Where a report spends its time, natively: computing it, and writing
//! its table as text (what the page and its CSV show).
//! `cargo run --release -p vizitka-core --example report_timing -- bench-out/bench-reports-100000.json`
use std::time::Instant;

use chrono::{TimeZone, Utc};
use vizitka_core::i18n::Lang;
use vizitka_core::model::pipeline;
use vizitka_core::report::{self, Env, Params, ReportId};

fn main() {
    let path = std::env::args().nth(1).expect("a bundle file");
    let bytes = std::fs::read(&path).expect("readable");
    let bundle = vizitka_core::bundle::parse(&bytes).expect("valid");
    let crm = vizitka_core::bundle::combine(&vizitka_core::model::Crm::new(), bundle, vizitka_core::bundle::ImportMode::ReplaceAll);
    let now = Utc.with_ymd_and_hms(2026, 11, 1, 9, 0, 0).single().expect("valid date");
    let stages = crm.pipeline(&pipeline::defaults(["Kvalifikace", "Analýza potřeb", "Nabídka", "Vyjednávání", "Vyhráno", "Prohráno"], now));
    let env = Env { now, offset_minutes: 60, zone: None, me: None, stages: &stages };
    // REPORT=<code> REPEAT=<n>: one report n times (for perf).
    if let (Ok(code), Ok(n)) = (std::env::var("REPORT"), std::env::var("REPEAT")) {
        let id = ReportId::parse(&code).expect("a report code");
        for _ in 0..n.parse::<usize>().expect("a count") {
            std::hint::black_box(report::compute(&crm, id, &Params::new(id), &env));
        }
        return;
    }
    for id in ReportId::ALL {
        let t = Instant::now();
        let r = report::compute(&crm, *id, &Params::new(*id), &env);
        let compute = t.elapsed();
        let t = Instant::now();
        let shown = vizitka_core::i18n::report_texts(&crm, Lang::Cs, &stages, &r, 200).len();
        let texts = t.elapsed();
        println!("{:<28} {:>7} rows  compute {compute:>10.2?}  texts of {shown} {texts:>10.2?}", id.code(), r.rows.len());
    }
    let t = Instant::now();
    let d = report::dashboard::dashboard(&crm, &env);
    println!("dashboard: {:?} ({} dormant)", t.elapsed(), d.dormant.len());
    // The SLA of every ticket (the tickets list), and the inbox's SLA
    // alerts, now (the bundle's tickets are of the 60 days before it was made).
    let offset = |_: chrono::DateTime<Utc>| 60;
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64);
    let now = chrono::DateTime::<Utc>::from_timestamp(secs, 0).unwrap_or(now);
    let t = Instant::now();
    let states = crm.tickets().filter_map(|k| crm.ticket_sla_brief(k, now, &offset)).count();
    println!("tickets' SLA, brief: {:?} ({states} with an SLA)", t.elapsed());
    let t = Instant::now();
    let full = crm.tickets().filter_map(|k| crm.ticket_sla(k, now, &offset)).count();
    println!("tickets' SLA, full: {:?} ({full})", t.elapsed());
    let t = Instant::now();
    let alerts = vizitka_core::model::agenda::support(&crm, None, now, &offset).len();
    println!("inbox SLA alerts: {:?} ({alerts})", t.elapsed());
}

#![cfg(not(target_arch = "wasm32"))]
//! Hostile files: every file of `tests/fixtures/hostile/` (and the large
//! ones this test makes) is imported as the app imports it. Each is refused
//! with a message naming what is wrong and where, or (a few odd but
//! legitimate files) accepted and checked; none panics, hangs or takes
//! memory out of proportion to its size. An import computes its records
//! before anything is stored, so a refused file changes nothing; the e2e
//! suite (`tests/e2e/hostile.spec.mjs`) checks that on the stored data.
//!
//! `HOSTILE_WRITE=1 cargo test -p vizitka-core --test hostile` writes the
//! corpus again after the generator changed.

mod common;
#[path = "common/hostile.rs"]
mod corpus;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use corpus::{Case, Expect, Format, Outcome};
use vizitka_core::model::Crm;

/// Counts the bytes allocated, to bound what one import may take.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(live, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size > layout.size() {
            let live = LIVE.fetch_add(new_size - layout.size(), Ordering::Relaxed) + new_size - layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        } else {
            LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
        }
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Far beyond any import's time here, so only a hang trips it.
const HANG: Duration = Duration::from_secs(60);

fn corpus() -> Vec<Case> {
    let dir = corpus::dir();
    let expected = std::fs::read_to_string(dir.join(corpus::EXPECTED)).expect("tests/fixtures/hostile/expected.tsv");
    expected
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|line| {
            let (name, expect) = corpus::parse_expected(line).unwrap_or_else(|| panic!("bad line in expected.tsv: {line}"));
            let bytes = std::fs::read(dir.join(&name)).unwrap_or_else(|e| panic!("{name}: {e}"));
            Case { name, bytes, expect }
        })
        .collect()
}

/// What one case did wrong, if anything.
fn check(case: &Case, base: &Crm) -> Option<String> {
    let format = Format::of(&case.name)?;
    let bytes = case.bytes.clone();
    let crm = base.clone();
    let (tx, rx) = std::sync::mpsc::channel();
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let worker = std::thread::spawn(move || {
        let outcome = corpus::import(format, &bytes, &crm);
        let _ = tx.send(());
        outcome
    });
    if rx.recv_timeout(HANG).is_err() && !worker.is_finished() {
        return Some(format!("{}: no answer in {HANG:?}", case.name));
    }
    let outcome = match worker.join() {
        Ok(o) => o,
        Err(_) => return Some(format!("{}: the import panicked", case.name)),
    };
    let used = PEAK.load(Ordering::Relaxed).saturating_sub(before);
    // The file, its text, the parsed records and their indexes: a few
    // copies of the input, plus a fixed part for the records' base.
    let bound = 8 * case.bytes.len() + 64 * 1024 * 1024;
    if used > bound {
        return Some(format!("{}: took {} MB for a {} KB file", case.name, used >> 20, case.bytes.len() >> 10));
    }
    match (&case.expect, outcome) {
        (Expect::Refused(text), Outcome::Refused(message)) if message.contains(text.as_str()) => None,
        (Expect::Refused(text), Outcome::Refused(message)) => {
            Some(format!("{}: refused, but the message does not say {text:?}: {message}", case.name))
        }
        (Expect::Refused(_), Outcome::Accepted(_)) => Some(format!("{}: accepted, but it must be refused", case.name)),
        (Expect::Accepted(_), Outcome::Refused(m)) => Some(format!("{}: refused, but it is legitimate: {m}", case.name)),
        (Expect::Accepted(what), Outcome::Accepted(after)) => accepted_right(what, &after).err().map(|e| format!("{}: {e}", case.name)),
    }
}

/// The checks of the files that are odd but must be accepted.
fn accepted_right(what: &str, crm: &Crm) -> Result<(), String> {
    let named = |full: &str| crm.contacts().find(|c| c.full_name() == full).cloned();
    match what {
        // Kept as typed, and a CSV export makes them text, never formulas.
        "formulas" => {
            let c = named("=HYPERLINK(\"http://evil.example\") @SUM(A1)").ok_or("the formula row is not a contact")?;
            let cell = vizitka_core::csv::cell(&c.first_name, b',');
            (cell.starts_with("\"'=")).then_some(()).ok_or(format!("exported as {cell}"))
        }
        "no link" => {
            let c = named("Jana Nováková").ok_or("no contact")?;
            c.linkedin.is_empty().then_some(()).ok_or(format!("linked {}", c.linkedin))
        }
        // A fuzzer's finding: that it imports without a panic is the test.
        "any" => Ok(()),
        full => named(full).map(|_| ()).ok_or(format!("no contact {full}")),
    }
}

#[test]
fn the_corpus_on_disk_is_the_generated_one() {
    let demo = corpus::demo_export();
    let cases = corpus::on_disk(&demo);
    let dir = corpus::dir();
    if std::env::var_os("HOSTILE_WRITE").is_some() {
        // Files the fuzzer found stay, with their lines.
        let kept: Vec<String> = std::fs::read_to_string(dir.join(corpus::EXPECTED))
            .unwrap_or_default()
            .lines()
            .filter(|l| l.contains("/fuzz-"))
            .map(str::to_string)
            .collect();
        for c in &cases {
            let path = dir.join(&c.name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, &c.bytes).unwrap();
        }
        let mut lines = vec!["# name\trefused|accepted\twhat the English message says (or which check an accepted file passes)".to_string()];
        lines.extend(cases.iter().map(corpus::expected_line));
        lines.extend(kept);
        // A finding of the fuzzer, once fixed, is kept with what it does
        // now: refused with its first line, or accepted ("any").
        let base = common::World::with_tester().crm;
        for format in ["bundle", "csv", "vcard"] {
            let mut names: Vec<String> = std::fs::read_dir(dir.join(format))
                .into_iter()
                .flatten()
                .flatten()
                .map(|e| format!("{format}/{}", e.file_name().to_string_lossy()))
                .filter(|n| n.contains("/fuzz-") && !lines.iter().any(|l| l.starts_with(&format!("{n}\t"))))
                .collect();
            names.sort();
            for name in names {
                let bytes = std::fs::read(dir.join(&name)).unwrap();
                let expect = match corpus::import(Format::of(&name).unwrap(), &bytes, &base) {
                    Outcome::Refused(m) => Expect::Refused(m.lines().last().unwrap_or_default().to_string()),
                    Outcome::Accepted(_) => Expect::Accepted("any".into()),
                };
                lines.push(corpus::expected_line(&Case { name, bytes, expect }));
            }
        }
        std::fs::write(dir.join(corpus::EXPECTED), lines.join("\n") + "\n").unwrap();
    }
    let expected = std::fs::read_to_string(dir.join(corpus::EXPECTED)).unwrap_or_default();
    let mut stale = Vec::new();
    for c in &cases {
        if std::fs::read(dir.join(&c.name)).ok().as_deref() != Some(&c.bytes[..]) || !expected.lines().any(|l| l == corpus::expected_line(c)) {
            stale.push(c.name.clone());
        }
    }
    assert!(stale.is_empty(), "run HOSTILE_WRITE=1 cargo test -p vizitka-core --test hostile; out of date: {stale:?}");
}

#[test]
fn every_hostile_file_is_refused_with_its_place_or_safely_accepted() {
    let demo = corpus::demo_export();
    let base = common::World::with_tester().crm;
    let on_disk = corpus();
    assert!(on_disk.len() >= 150, "the corpus has {} files", on_disk.len());
    let made = corpus::generated(&demo);
    let failures: Vec<String> = on_disk.iter().chain(&made).filter_map(|c| check(c, &base)).collect();
    assert!(failures.is_empty(), "{} of {} cases failed:\n{}", failures.len(), on_disk.len() + made.len(), failures.join("\n"));
}

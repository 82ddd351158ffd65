//! A mutation fuzzer on stable Rust for the readers of files a user picks
//! (the bundle, CSV, vCard) and for the iCalendar writer: `scripts/fuzz`
//! runs each target for a while (`cargo run --profile fuzz --example fuzz
//! -- <bundle|csv|vcard|ical> <seconds>`).
//!
//! Inputs are seeds (the hostile corpus and valid files) mutated byte-wise
//! and with format tokens. There is no coverage feedback (that needs a
//! nightly compiler or AFL here); instead an input whose outcome is of a
//! new shape (the refusal message with its numbers taken out) becomes a
//! seed. A panic, an input taking over `SLOW` or a CSV the `csv` crate
//! reads differently is a finding: it is written to
//! `tests/fixtures/hostile/<format>/fuzz-<hash>.<ext>` and named in the
//! output, to become a case of `tests/hostile.rs` once fixed.

#[path = "../tests/common/hostile.rs"]
mod corpus;

use std::collections::HashSet;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::{Duration, Instant};

use corpus::{Format, Outcome};
use vizitka_core::model::ids::Rng;
use vizitka_core::model::Crm;

const SLOW: Duration = Duration::from_secs(5);
/// A mutated input is cut to this size: repeated chunks would otherwise
/// grow the seeds without end (the first run used 17 GB).
const MAX_INPUT: usize = 256 * 1024;
const MAX_SEEDS: usize = 5_000;

const TOKENS: [&[u8]; 28] = [
    b"\"",
    b"\\",
    b"{",
    b"}",
    b"[",
    b"]",
    b",",
    b":",
    b"null",
    b"1e400",
    b"-0",
    b"\"\\ud800\"",
    b"\"__proto__\"",
    b"\xEF\xBB\xBF",
    b"\r\n",
    b"\n",
    b"\r",
    b"\0",
    b"=",
    b"=\r\n",
    b";",
    b"BEGIN:VCARD\r\n",
    b"END:VCARD\r\n",
    b"VERSION:2.1\r\n",
    b";ENCODING=QUOTED-PRINTABLE:",
    b"\"\"",
    b"\xC3",
    b"\xF8",
];

fn mutate(rng: &mut Rng, seeds: &[Vec<u8>], input: &[u8]) -> Vec<u8> {
    let mut out = input.to_vec();
    let n = |rng: &mut Rng, max: usize| if max == 0 { 0 } else { (rng.next_u64() % max as u64) as usize };
    for _ in 0..1 + n(rng, 4) {
        let at = n(rng, out.len() + 1);
        match n(rng, 8) {
            0 if !out.is_empty() => {
                let i = n(rng, out.len());
                out[i] ^= 1 << n(rng, 8);
            }
            1 if !out.is_empty() => {
                let i = n(rng, out.len());
                out[i] = [0u8, 0xFF, b'"', b'\\', b'\n', b'{', b'[', b'0', 0x80][n(rng, 9)];
            }
            2 => {
                let t = TOKENS[n(rng, TOKENS.len())];
                out.splice(at..at, t.iter().copied());
            }
            3 if at < out.len() => {
                let end = (at + 1 + n(rng, 64)).min(out.len());
                out.drain(at..end);
            }
            4 if at < out.len() => {
                let end = (at + 1 + n(rng, 256)).min(out.len());
                let chunk = out[at..end].to_vec();
                let times = 1 + n(rng, 8);
                for _ in 0..times {
                    out.splice(end..end, chunk.iter().copied());
                }
            }
            5 => {
                let other = &seeds[n(rng, seeds.len())];
                let from = n(rng, other.len() + 1);
                let to = (from + n(rng, 512)).min(other.len());
                out.splice(at..at, other[from..to].iter().copied());
            }
            6 => out.truncate(at),
            _ => {
                let len = n(rng, 16);
                let bytes: Vec<u8> = (0..len).map(|_| rng.next_u64() as u8).collect();
                out.splice(at..at, bytes);
            }
        }
    }
    out
}

/// The outcome's shape: refused for what (numbers and quoted values out),
/// or accepted.
fn shape(o: &Outcome) -> String {
    match o {
        Outcome::Accepted(_) => "accepted".into(),
        Outcome::Refused(m) => {
            let last = m.lines().last().unwrap_or_default();
            let mut s: String = last.chars().filter(|c| !c.is_ascii_digit()).take(80).collect();
            if let Some(i) = s.find('"') {
                s.truncate(i);
            }
            s
        }
    }
}

fn seeds(format: Format, demo: &serde_json::Value) -> Vec<Vec<u8>> {
    let ext = match format {
        Format::Bundle => "json",
        Format::Csv => "csv",
        Format::Vcard => "vcf",
    };
    let mut out: Vec<Vec<u8>> = corpus::on_disk(demo).into_iter().filter(|c| c.name.ends_with(ext)).map(|c| c.bytes).collect();
    match format {
        Format::Bundle => {
            let contact = demo["contacts"][0].clone();
            out.push(corpus::closure(demo, "contacts", &contact).to_string().into_bytes());
            let ticket = demo["tickets"][0].clone();
            out.push(corpus::closure(demo, "tickets", &ticket).to_string().into_bytes());
        }
        Format::Csv => out.push("First Name,Last Name,E-mail Address,Mobile Phone,Notes\r\nJana,Nováková,jana@example.cz,+420 601 123 456,\"Řekla: \"\"ano\"\", zítra\"\r\n".into()),
        Format::Vcard => out.push(
            "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Nováková;Jana;;Ing.;\r\nFN:Jana Nováková\r\nEMAIL;TYPE=work:jana@example.cz\r\nTEL;CELL:+420601123456\r\nNOTE;ENCODING=QUOTED-PRINTABLE:=C5=98ekla=\r\n ano\r\nitem1.URL:https://linkedin.com/in/jana\r\nitem1.X-ABLabel:_$!<HomePage>!$_\r\nEND:VCARD\r\n"
                .into(),
        ),
    }
    out
}

fn save(format: Format, bytes: &[u8], why: &str) {
    let (dir, ext) = match format {
        Format::Bundle => ("bundle", "json"),
        Format::Csv => ("csv", "csv"),
        Format::Vcard => ("vcard", "vcf"),
    };
    let hash = bytes.iter().fold(0xcbf29ce484222325u64, |h, &b| (h ^ b as u64).wrapping_mul(0x100000001b3));
    let path = corpus::dir().join(dir).join(format!("fuzz-{hash:016x}.{ext}"));
    let _ = std::fs::write(&path, bytes);
    println!("FOUND {why}: {}", path.display());
}

fn csv_disagrees(bytes: &[u8]) -> Option<String> {
    let (text, _) = vizitka_core::csv::decode(bytes);
    let d = vizitka_core::csv::detect_delimiter(&text);
    let theirs = |t: &str| -> Vec<Vec<String>> {
        csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(d)
            .from_reader(t.as_bytes())
            .records()
            .filter_map(Result::ok)
            .map(|r| r.iter().map(str::to_string).collect::<Vec<_>>())
            .filter(|r| !(r.len() == 1 && r[0].is_empty()))
            .collect()
    };
    match vizitka_core::csv::parse(&text, d) {
        Ok(ours) if ours != theirs(&text) => Some("differs from the csv crate".into()),
        Err(_) => {
            let closed = format!("{text}\"");
            (vizitka_core::csv::parse(&closed, d).ok() != Some(theirs(&closed))).then(|| "refused as unclosed, but differs closed".into())
        }
        _ => None,
    }
}

fn fuzz_files(format: Format, seconds: u64) {
    let demo = corpus::demo_export();
    let mut seeds = seeds(format, &demo);
    let base = Crm::new();
    let mut rng = Rng::new(std::process::id() as u64 ^ Instant::now().elapsed().as_nanos() as u64);
    let mut shapes = HashSet::new();
    let (mut runs, mut found) = (0u64, 0u64);
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(seconds) {
        let parent = seeds[(rng.next_u64() % seeds.len() as u64) as usize].clone();
        let mut input = mutate(&mut rng, &seeds, &parent);
        input.truncate(MAX_INPUT);
        let began = Instant::now();
        let outcome = catch_unwind(AssertUnwindSafe(|| corpus::import(format, &input, &base)));
        runs += 1;
        match outcome {
            Err(_) => {
                found += 1;
                save(format, &input, "a panic");
            }
            Ok(_) if began.elapsed() > SLOW => {
                found += 1;
                save(format, &input, &format!("slow ({:?})", began.elapsed()));
            }
            Ok(o) => {
                if shapes.insert(shape(&o)) && seeds.len() < MAX_SEEDS {
                    seeds.push(input.clone());
                }
            }
        }
        if format == Format::Csv {
            if let Some(why) = csv_disagrees(&input) {
                found += 1;
                save(format, &input, &why);
            }
        }
    }
    println!("{format:?}: {runs} inputs in {}s, {} outcome shapes, {found} findings", start.elapsed().as_secs(), shapes.len());
}

/// The iCalendar writer on hostile text: what it writes, the `ical` crate
/// must read, with every text back as it was (less what the format cannot
/// carry: control characters; line breaks become LF; and the whitespace
/// that ends a value, which parsers trim).
fn fuzz_ical(seconds: u64) {
    use vizitka_core::ical::{calendar, Event, Item, Person};
    const PIECES: [&str; 20] = [
        "Jana",
        " ",
        ",",
        ";",
        ":",
        "\\",
        "\\n",
        "\n",
        "\r\n",
        "\r",
        "\"",
        "💼",
        "ž",
        "\t",
        "\u{1}",
        "\u{202E}",
        "=",
        "BEGIN:VEVENT",
        "END:VCALENDAR",
        "<script>",
    ];
    let mut rng = Rng::new(std::process::id() as u64);
    let start = Instant::now();
    let (mut runs, mut found) = (0u64, 0u64);
    let at = corpus::now();
    let text = |rng: &mut Rng| -> String {
        let len = (rng.next_u64() % 200) as usize;
        (0..len).map(|_| PIECES[(rng.next_u64() % PIECES.len() as u64) as usize]).collect()
    };
    let expected =
        |s: &str| -> String { s.replace("\r\n", "\n").replace('\r', "\n").chars().filter(|c| *c == '\n' || *c == '\t' || !c.is_control()).collect() };
    while start.elapsed() < Duration::from_secs(seconds) {
        let e = Event {
            uid: "01998aff-3488-79e6-bdf9-9072eff4607e@vizitka".into(),
            sequence: (rng.next_u64() % 5) as u32,
            start: at,
            end: at + chrono::Duration::minutes(30),
            summary: text(&mut rng),
            description: text(&mut rng),
            location: text(&mut rng),
            organizer: Some(Person { name: text(&mut rng), email: "jana@example.cz".into() }),
            attendees: vec![Person { name: text(&mut rng), email: "petr@example.cz".into() }],
            updated_at: at,
            all_day: rng.next_u64().is_multiple_of(2),
            alarms: vec![chrono::Duration::minutes(15)],
        };
        let file = calendar(&[Item::Event(e.clone())], at);
        runs += 1;
        let parsed = ical::IcalParser::new(file.as_bytes()).next().and_then(Result::ok);
        let Some(cal) = parsed else {
            found += 1;
            println!("FOUND unreadable calendar for {e:?}");
            continue;
        };
        let Some(ev) = cal.events.first() else {
            found += 1;
            println!("FOUND no event for {e:?}");
            continue;
        };
        for (name, want) in [("SUMMARY", &e.summary), ("DESCRIPTION", &e.description), ("LOCATION", &e.location)] {
            let got = ev.properties.iter().find(|p| p.name == name).and_then(|p| p.value.clone()).unwrap_or_default();
            // The `ical` crate drops colons that start a value (RFC 5545
            // allows them unescaped); the rest must come back exactly.
            let want = expected(want);
            // A value of only whitespace is left out.
            let want = if want.trim().is_empty() { "" } else { want.trim_end_matches([' ', '\t']).trim_start_matches(':') };
            let got = unescape(&got);
            let got = got.trim_start_matches(':');
            if got != want {
                found += 1;
                let at = got.chars().zip(want.chars()).take_while(|(a, b)| a == b).count();
                let near = |s: &str| s.chars().skip(at.saturating_sub(5)).take(12).collect::<String>();
                println!("FOUND {name} changed at {at}: {:?} came back as {:?}", near(want), near(got));
            }
        }
    }
    println!("ical: {runs} calendars in {}s, {found} findings", start.elapsed().as_secs());
}

fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n' | 'N') => out.push('\n'),
                Some(other) => out.push(other),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn main() {
    let mut args = std::env::args().skip(1);
    let target = args.next().unwrap_or_default();
    let seconds: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(600);
    // Panics are findings, reported once each, not stack traces.
    std::panic::set_hook(Box::new(|info| println!("panic: {info}")));
    match target.as_str() {
        "bundle" => fuzz_files(Format::Bundle, seconds),
        "csv" => fuzz_files(Format::Csv, seconds),
        "vcard" => fuzz_files(Format::Vcard, seconds),
        "ical" => fuzz_ical(seconds),
        _ => {
            eprintln!("usage: fuzz <bundle|csv|vcard|ical> [seconds]");
            std::process::exit(2);
        }
    }
}

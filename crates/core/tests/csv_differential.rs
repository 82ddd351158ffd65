#![cfg(not(target_arch = "wasm32"))]
//! Our CSV reader against the `csv` crate, an independent reader of the
//! same RFC 4180 with the same leniencies (a stray quote is text, text
//! after a closing quote joins the cell; CR, LF and CRLF end a record;
//! blank lines are no records). Every generated input must give the same
//! records, or we refuse it for a quote that never closes exactly when
//! the `csv` crate reads the rest of the file into that cell.

use vizitka_core::csv::{parse, CsvError};
use vizitka_core::model::ids::Rng;

/// The `csv` crate's records; a record that is one empty cell is a blank
/// line to a spreadsheet, as it is to ours.
fn theirs(text: &str, delimiter: u8) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(text.as_bytes());
    reader
        .records()
        .map(|r| r.expect("valid UTF-8 in, records out").iter().map(str::to_string).collect::<Vec<_>>())
        .filter(|r| !(r.len() == 1 && r[0].is_empty()))
        .collect()
}

/// Whether the two readers agree on `text`; the disagreement if not.
fn agree(text: &str, delimiter: u8) -> Result<(), String> {
    match parse(text, delimiter) {
        Ok(ours) => {
            let theirs = theirs(text, delimiter);
            if ours == theirs {
                Ok(())
            } else {
                Err(format!("{text:?}: ours {ours:?}, csv {theirs:?}"))
            }
        }
        // A file ending inside quotes: closed, the two read it alike.
        Err(CsvError::UnclosedQuote { .. }) => {
            let closed = format!("{text}\"");
            match parse(&closed, delimiter) {
                Ok(ours) if ours == theirs(&closed, delimiter) && theirs(text, delimiter) == theirs(&closed, delimiter) => Ok(()),
                other => Err(format!("{text:?}: refused as unclosed, but closed: ours {other:?}, csv {:?}", theirs(&closed, delimiter))),
            }
        }
        Err(e) => Err(format!("{text:?}: {e}")),
    }
}

#[test]
fn every_file_of_up_to_six_characters_reads_as_the_csv_crate_reads_it() {
    const ALPHABET: [char; 6] = ['a', ',', '"', '\n', '\r', 'ž'];
    let mut tried = 0;
    let mut failures = Vec::new();
    for len in 0..=6u32 {
        for n in 0..ALPHABET.len().pow(len) {
            let mut rest = n;
            let text: String = (0..len)
                .map(|_| {
                    let c = ALPHABET[rest % ALPHABET.len()];
                    rest /= ALPHABET.len();
                    c
                })
                .collect();
            tried += 1;
            if let Err(e) = agree(&text, b',') {
                failures.push(e);
            }
        }
    }
    assert!(tried > 50_000);
    assert!(failures.is_empty(), "{} of {tried} differ, e.g.:\n{}", failures.len(), failures.iter().take(20).cloned().collect::<Vec<_>>().join("\n"));
}

#[test]
fn random_spreadsheet_like_files_read_as_the_csv_crate_reads_them() {
    const PIECES: [&str; 16] = ["Jana", "Nováková", ",", ";", "\t", "\"", "\"\"", "\r\n", "\n", "\r", " ", "=1+1", "a\"b", "\"x,y\"", "", "💼"];
    let mut rng = Rng::new(2026);
    let mut failures = Vec::new();
    for i in 0..50_000 {
        let delimiter = [b',', b';', b'\t'][i % 3];
        let len = (rng.next_u64() % 60) as usize;
        let text: String = (0..len).map(|_| PIECES[(rng.next_u64() % PIECES.len() as u64) as usize]).collect();
        if let Err(e) = agree(&text, delimiter) {
            failures.push(e);
        }
    }
    assert!(failures.is_empty(), "{} differ, e.g.:\n{}", failures.len(), failures.iter().take(20).cloned().collect::<Vec<_>>().join("\n"));
}

#[test]
fn the_hostile_and_fuzzed_csv_files_read_as_the_csv_crate_reads_them() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/hostile/csv");
    let mut tried = 0;
    for entry in std::fs::read_dir(dir).expect("the corpus") {
        let bytes = std::fs::read(entry.expect("a file").path()).expect("readable");
        let (text, _) = vizitka_core::csv::decode(&bytes);
        let delimiter = vizitka_core::csv::detect_delimiter(&text);
        agree(&text, delimiter).unwrap();
        tried += 1;
    }
    assert!(tried >= 20);
}

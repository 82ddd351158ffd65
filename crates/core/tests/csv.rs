//! CSV as spreadsheets write it: RFC 4180 quoting, `,` and `;`, BOMs,
//! Windows-1250 from Czech Excel; and cells written so a spreadsheet never
//! runs them as formulas.
#![cfg(not(target_arch = "wasm32"))]

use vizitka_core::csv::{cell, decode, detect_delimiter, parse, write, CsvError, Encoding};

fn rows(text: &str) -> Vec<Vec<String>> {
    parse(text, detect_delimiter(text)).expect("parses")
}

fn strs(r: &[Vec<String>]) -> Vec<Vec<&str>> {
    r.iter().map(|row| row.iter().map(String::as_str).collect()).collect()
}

#[test]
fn quoted_fields_hold_delimiters_quotes_and_newlines() {
    let text = "Name,Note,City\r\n\"Nováková, Jana\",\"Řekla \"\"ano\"\"\na pak ne\",Praha\r\nDvořák,,\"Brno\"\r\n";
    assert_eq!(
        strs(&rows(text)),
        vec![vec!["Name", "Note", "City"], vec!["Nováková, Jana", "Řekla \"ano\"\na pak ne", "Praha"], vec!["Dvořák", "", "Brno"],]
    );
}

#[test]
fn line_ends_of_every_kind_and_no_final_newline() {
    assert_eq!(strs(&rows("a,b\nc,d\re,f\r\ng,h")), vec![vec!["a", "b"], vec!["c", "d"], vec!["e", "f"], vec!["g", "h"]]);
    // Blank lines are not records; an empty last field is.
    assert_eq!(strs(&rows("a,b\n\n\nc,\n")), vec![vec!["a", "b"], vec!["c", ""]]);
    assert!(rows("").is_empty());
}

#[test]
fn semicolons_and_tabs_are_found_from_the_header() {
    assert_eq!(detect_delimiter("Jméno;Příjmení;E-mail\nJan;Novák;jan@x.cz"), b';');
    assert_eq!(detect_delimiter("\"Firma, s.r.o.\";IČO\n"), b';', "a comma inside quotes does not count");
    assert_eq!(detect_delimiter("a\tb\tc\n"), b'\t');
    assert_eq!(detect_delimiter("a,b;c,d\n"), b',');
    assert_eq!(detect_delimiter("single column\n"), b',');
    assert_eq!(strs(&rows("Jméno;Poznámka\nJan;\"1,5 h; dvakrát\"\n")), vec![vec!["Jméno", "Poznámka"], vec!["Jan", "1,5 h; dvakrát"]]);
}

#[test]
fn excel_leniency_and_an_unclosed_quote_named_by_line() {
    // A stray quote inside a field is text; text after a closing quote is kept.
    assert_eq!(strs(&rows("a,5\" disk,c\n\"x\"y,z\n")), vec![vec!["a", "5\" disk", "c"], vec!["xy", "z"]]);
    assert_eq!(parse("a,b\nc,\"open\nstill open\n", b','), Err(CsvError::UnclosedQuote { line: 2 }));
    assert_eq!(CsvError::UnclosedQuote { line: 2 }.to_string(), "a quoted cell opened on line 2 never closes");
}

#[test]
fn utf8_with_or_without_bom_and_windows_1250() {
    let (text, enc) = decode("\u{FEFF}Jméno,Město\nŽofie,Plzeň\n".as_bytes());
    assert_eq!((text.as_str(), enc), ("Jméno,Město\nŽofie,Plzeň\n", Encoding::Utf8));
    let (text, enc) = decode("Dvořák".as_bytes());
    assert_eq!((text.as_str(), enc), ("Dvořák", Encoding::Utf8));
    // "Příliš žluťoučký kůň úpěl ďábelské ódy; Šťastný, Ěě Ňň Ťť Ďď" in Windows-1250.
    let cp1250: Vec<u8> = vec![
        0x50, 0xF8, 0xED, 0x6C, 0x69, 0x9A, 0x20, 0x9E, 0x6C, 0x75, 0x9D, 0x6F, 0x75, 0xE8, 0x6B, 0xFD, 0x20, 0x6B, 0xF9, 0xF2, 0x20, 0xFA, 0x70,
        0xEC, 0x6C, 0x20, 0xEF, 0xE1, 0x62, 0x65, 0x6C, 0x73, 0x6B, 0xE9, 0x20, 0xF3, 0x64, 0x79, 0x3B, 0x20, 0x8A, 0x9D, 0x61, 0x73, 0x74, 0x6E,
        0xFD, 0x2C, 0x20, 0xCC, 0xEC, 0x20, 0xD2, 0xF2, 0x20, 0x8D, 0x9D, 0x20, 0xCF, 0xEF,
    ];
    let (text, enc) = decode(&cp1250);
    assert_eq!(enc, Encoding::Windows1250);
    assert_eq!(text, "Příliš žluťoučký kůň úpěl ďábelské ódy; Šťastný, Ěě Ňň Ťť Ďď");
    assert_eq!(decode(&[0x80, 0x84, 0x93, 0x96]).0, "€„“–");
}

#[test]
fn cells_a_spreadsheet_would_run_are_written_as_text() {
    for risky in ["=HYPERLINK(\"http://x\")", "+420 777 123 456", "-5", "@SUM(A1)", "\tx", "\rx"] {
        let c = cell(risky, b',');
        assert!(c.starts_with("\"'"), "{risky:?} → {c:?}");
        // And it reads back as the same text with the apostrophe.
        assert_eq!(parse(&c, b',').unwrap()[0][0], format!("'{risky}"));
    }
    assert_eq!(cell("Nováková", b','), "Nováková");
    assert_eq!(cell("a,b", b','), "\"a,b\"");
    assert_eq!(cell("a,b", b';'), "a,b");
    assert_eq!(cell("say \"hi\"", b';'), "\"say \"\"hi\"\"\"");
}

#[test]
fn what_we_write_we_read_back() {
    let table = vec![
        vec!["Jméno".to_string(), "Poznámka".to_string(), "Částka".to_string()],
        vec!["Nováková, Jana".into(), "řádek 1\nřádek 2 \"citace\"".into(), "1 234,50".into()],
        vec![String::new(), ";".into(), "x".into()],
    ];
    for d in [b',', b';'] {
        let out = write(&table, d);
        assert!(out.starts_with('\u{FEFF}'));
        assert!(out.ends_with("\r\n"));
        let (text, _) = decode(out.as_bytes());
        assert_eq!(detect_delimiter(&text), d);
        assert_eq!(parse(&text, d).unwrap(), table);
    }
}

/// Found by `scripts/fuzz` against the `csv` crate: a second byte-order
/// mark stayed in the first header, so "First Name" was not recognized.
#[test]
fn any_number_of_byte_order_marks_is_no_text() {
    assert_eq!(decode(b"\xEF\xBB\xBF\xEF\xBB\xBFFirst Name\r\n").0, "First Name\r\n");
    assert_eq!(decode(b"\xFF\xFE\xFF\xFEA\x00").0, "A");
}

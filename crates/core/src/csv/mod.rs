//! CSV (RFC 4180) as spreadsheets write it: quoted fields with embedded
//! delimiters, quotes and newlines; `,` or `;` (Czech Excel) found from
//! the file; UTF-8 with or without a BOM, or Windows-1250 (Czech Excel's
//! "CSV" without "UTF-8"). Writing escapes cells a spreadsheet would run as
//! a formula. Pure: tested natively.

pub mod fields;
pub mod import;

use std::fmt;

/// How the file's bytes were read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Windows1250,
    /// With a byte-order mark: Excel's "Unicode text".
    Utf16,
}

/// The text of a CSV file: UTF-8 (a BOM dropped) when the bytes are valid
/// UTF-8, UTF-16 when they start with its byte-order mark, else
/// Windows-1250, the only other encoding Czech spreadsheets write.
pub fn decode(bytes: &[u8]) -> (String, Encoding) {
    // A second mark is no text either: a program that adds one to text
    // that has one writes it (and a fuzzer found that the `csv` crate
    // skips it where we kept it in the first header).
    let unmarked = |text: String| match text.strip_prefix('\u{FEFF}') {
        Some(rest) => rest.trim_start_matches('\u{FEFF}').to_string(),
        None => text,
    };
    if let Some(text) = crate::sniff::utf16(bytes) {
        return (unmarked(text), Encoding::Utf16);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match crate::model::validate::utf8(bytes) {
        Ok(text) => (unmarked(text.to_string()), Encoding::Utf8),
        Err(_) => (windows_1250(bytes), Encoding::Windows1250),
    }
}

fn windows_1250(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| if b < 0x80 { b as char } else { CP1250[(b - 0x80) as usize] }).collect()
}

/// A file that is not valid UTF-8 as a whole but has a line that is (with
/// letters beyond ASCII): two files pasted together, or a UTF-8 file
/// edited in an old Windows program. Read as either encoding, some of its
/// names would be garbled, so it is refused. The lines (1-based) of the
/// first such UTF-8 line and of the first line that is not UTF-8.
pub fn mixed_encoding(bytes: &[u8]) -> Option<(usize, usize)> {
    if crate::model::validate::utf8(bytes).is_ok() {
        return None;
    }
    let (mut utf8, mut other) = (None, None);
    for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
        if line.is_ascii() {
            continue;
        }
        let slot = if std::str::from_utf8(line).is_ok() { &mut utf8 } else { &mut other };
        slot.get_or_insert(i + 1);
        if let (Some(u), Some(o)) = (utf8, other) {
            return Some((u, o));
        }
    }
    None
}

/// Windows-1250 bytes 0x80–0xFF (unassigned ones read as U+FFFD).
const CP1250: [char; 128] = [
    '\u{20AC}', '\u{FFFD}', '\u{201A}', '\u{FFFD}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}', '\u{FFFD}', '\u{2030}', '\u{0160}', '\u{2039}',
    '\u{015A}', '\u{0164}', '\u{017D}', '\u{0179}', '\u{FFFD}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}',
    '\u{FFFD}', '\u{2122}', '\u{0161}', '\u{203A}', '\u{015B}', '\u{0165}', '\u{017E}', '\u{017A}', '\u{00A0}', '\u{02C7}', '\u{02D8}', '\u{0141}',
    '\u{00A4}', '\u{0104}', '\u{00A6}', '\u{00A7}', '\u{00A8}', '\u{00A9}', '\u{015E}', '\u{00AB}', '\u{00AC}', '\u{00AD}', '\u{00AE}', '\u{017B}',
    '\u{00B0}', '\u{00B1}', '\u{02DB}', '\u{0142}', '\u{00B4}', '\u{00B5}', '\u{00B6}', '\u{00B7}', '\u{00B8}', '\u{0105}', '\u{015F}', '\u{00BB}',
    '\u{013D}', '\u{02DD}', '\u{013E}', '\u{017C}', '\u{0154}', '\u{00C1}', '\u{00C2}', '\u{0102}', '\u{00C4}', '\u{0139}', '\u{0106}', '\u{00C7}',
    '\u{010C}', '\u{00C9}', '\u{0118}', '\u{00CB}', '\u{011A}', '\u{00CD}', '\u{00CE}', '\u{010E}', '\u{0110}', '\u{0143}', '\u{0147}', '\u{00D3}',
    '\u{00D4}', '\u{0150}', '\u{00D6}', '\u{00D7}', '\u{0158}', '\u{016E}', '\u{00DA}', '\u{0170}', '\u{00DC}', '\u{00DD}', '\u{0162}', '\u{00DF}',
    '\u{0155}', '\u{00E1}', '\u{00E2}', '\u{0103}', '\u{00E4}', '\u{013A}', '\u{0107}', '\u{00E7}', '\u{010D}', '\u{00E9}', '\u{0119}', '\u{00EB}',
    '\u{011B}', '\u{00ED}', '\u{00EE}', '\u{010F}', '\u{0111}', '\u{0144}', '\u{0148}', '\u{00F3}', '\u{00F4}', '\u{0151}', '\u{00F6}', '\u{00F7}',
    '\u{0159}', '\u{016F}', '\u{00FA}', '\u{0171}', '\u{00FC}', '\u{00FD}', '\u{0163}', '\u{02D9}',
];

/// The delimiter of a file: `;`, `,` or a tab, whichever its first line
/// (outside quotes) has most of; `,` when it has none.
pub fn detect_delimiter(text: &str) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for b in text.bytes() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' | b'\r' if !quoted => break,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|&i| (counts[i], i == 0)).unwrap_or(0);
    if counts[best] == 0 {
        b','
    } else {
        [b',', b';', b'\t'][best]
    }
}

/// The largest CSV file an import reads.
pub const MAX_BYTES: usize = 50 * 1024 * 1024;
/// More columns than any export has (Outlook writes 92).
pub const MAX_COLUMNS: usize = 1_000;
/// No field holds more characters than this, so a longer cell is damage.
pub const MAX_CELL: usize = crate::model::validate::LONG_TEXT;

/// Why a file cannot be read as CSV. Lines and rows are 1-based; a row is
/// a record (a quoted cell may span lines), as a spreadsheet numbers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CsvError {
    TooLarge {
        bytes: usize,
    },
    Empty,
    Binary(crate::sniff::Binary),
    MixedEncoding {
        utf8_line: usize,
        other_line: usize,
    },
    /// A NUL character: binary data, or UTF-16 without its mark.
    Nul {
        line: usize,
    },
    /// A quoted field never closes; `line` is where it opened.
    UnclosedQuote {
        line: usize,
    },
    TooManyColumns {
        row: usize,
        columns: usize,
    },
    CellTooLong {
        row: usize,
        column: usize,
        chars: usize,
    },
    /// A header and nothing below it.
    NoRows,
}

impl fmt::Display for CsvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::i18n::csv_error(crate::i18n::Lang::En, self))
    }
}

/// The records of a CSV file's bytes, refused whole (and named where)
/// when they are not a spreadsheet's CSV. The header is the first record.
pub fn read(bytes: &[u8]) -> Result<Vec<Vec<String>>, CsvError> {
    if bytes.len() > MAX_BYTES {
        return Err(CsvError::TooLarge { bytes: bytes.len() });
    }
    if let Some(kind) = crate::sniff::binary(bytes) {
        return Err(CsvError::Binary(kind));
    }
    if let Some((utf8_line, other_line)) = mixed_encoding(bytes) {
        return Err(CsvError::MixedEncoding { utf8_line, other_line });
    }
    let (text, _) = decode(bytes);
    if let Some(at) = memchr::memchr(0, text.as_bytes()) {
        return Err(CsvError::Nul { line: crate::sniff::line_of(text.as_bytes(), at) });
    }
    if text.trim().is_empty() {
        return Err(CsvError::Empty);
    }
    let records = parse_rows(&text, detect_delimiter(&text))?;
    for (i, record) in records.iter().enumerate() {
        if record.len() > MAX_COLUMNS {
            return Err(CsvError::TooManyColumns { row: i + 1, columns: record.len() });
        }
        for (c, cell) in record.iter().enumerate() {
            // Bytes first: most cells are short, and a char is at most 4.
            if cell.len() > MAX_CELL {
                let chars = cell.chars().count();
                if chars > MAX_CELL {
                    return Err(CsvError::CellTooLong { row: i + 1, column: c + 1, chars });
                }
            }
        }
    }
    let blank = |r: &Vec<String>| r.iter().all(|c| c.trim().is_empty());
    if records.first().is_none_or(blank) || records.iter().skip(1).all(blank) {
        return Err(CsvError::NoRows);
    }
    Ok(records)
}

/// The records of `text`. A record ends at CRLF, LF or CR outside quotes;
/// a quote inside a quoted field is doubled (`""`). Lenient where Excel
/// is: a stray quote inside an unquoted field is kept as text, and so is
/// text after a closing quote. Blank lines are skipped.
pub fn parse(text: &str, delimiter: u8) -> Result<Vec<Vec<String>>, CsvError> {
    let mut rows = parse_rows(text, delimiter)?;
    rows.retain(|r| !r.is_empty());
    Ok(rows)
}

/// [`parse`], but a blank line is kept as an empty record, so that record
/// `i` is the spreadsheet's row `i + 1`.
pub fn parse_rows(text: &str, delimiter: u8) -> Result<Vec<Vec<String>>, CsvError> {
    let delimiter = delimiter as char;
    let mut rows = Vec::new();
    let mut row: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut line = 1;
    // Whether the current field was quoted, and whether we are inside the quotes.
    let (mut quoted, mut inside) = (false, false);
    let mut opened_at = 0;
    let end_row = |row: &mut Vec<String>, field: &mut String, rows: &mut Vec<Vec<String>>| {
        row.push(std::mem::take(field));
        let r = std::mem::take(row);
        rows.push(if r.len() == 1 && r[0].is_empty() { Vec::new() } else { r });
    };
    while let Some(c) = chars.next() {
        if inside {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => inside = false,
                '\n' => {
                    line += 1;
                    field.push(c);
                }
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.is_empty() && !quoted => {
                quoted = true;
                inside = true;
                opened_at = line;
            }
            c if c == delimiter => {
                row.push(std::mem::take(&mut field));
                quoted = false;
            }
            '\r' | '\n' => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                line += 1;
                end_row(&mut row, &mut field, &mut rows);
                quoted = false;
            }
            _ => field.push(c),
        }
    }
    if inside {
        return Err(CsvError::UnclosedQuote { line: opened_at });
    }
    if !field.is_empty() || !row.is_empty() {
        end_row(&mut row, &mut field, &mut rows);
    }
    Ok(rows)
}

/// One cell as written: quoted when it holds the delimiter, a quote or a
/// line break; and a cell a spreadsheet would take for a formula (starting
/// with `=`, `+`, `-`, `@`, a tab or CR) gets a leading `'`, so it is shown
/// as text and never run.
pub fn cell(value: &str, delimiter: u8) -> String {
    let risky = value.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let text = if risky { format!("'{value}") } else { value.to_string() };
    if risky || text.contains([delimiter as char, '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// Rows as a CSV file: UTF-8 with a BOM (so Excel reads the accents right)
/// and CRLF line ends, as RFC 4180 says.
pub fn write(rows: &[Vec<String>], delimiter: u8) -> String {
    let mut out = String::from("\u{FEFF}");
    for row in rows {
        let cells: Vec<String> = row.iter().map(|v| cell(v, delimiter)).collect();
        out.push_str(&cells.join(&(delimiter as char).to_string()));
        out.push_str("\r\n");
    }
    out
}

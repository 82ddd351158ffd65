//! Finds where each record of a bundle lies in the file, without parsing
//! it again: the quotes are found with memchr (SIMD), and only the few
//! bytes between strings are looked at for brackets. Run on JSON that has
//! already parsed; anything unexpected gives `None`, and the caller then
//! encodes the records instead of copying them.

use std::ops::Range;

use super::Spans;
use crate::model::Kind;

/// Whether the quote at `q` is escaped: an odd run of backslashes before it.
fn escaped(json: &[u8], open: usize, q: usize) -> bool {
    json[open + 1..q].iter().rev().take_while(|&&b| b == b'\\').count() % 2 == 1
}

/// The spans of the records in the top-level record lists of `json`,
/// shifted by `offset`.
pub fn record_spans(json: &[u8], offset: usize) -> Option<Spans> {
    let mut spans = Spans::default();
    let mut depth = 0usize;
    // The list being read, while inside one of the three arrays.
    let mut list: Option<&mut Vec<Range<usize>>> = None;
    let mut last_string = 0..0;
    let mut record_start = 0;
    let mut pos = 0;
    let mut quotes = memchr::memchr_iter(b'"', json);
    loop {
        let open = quotes.next();
        for (i, &b) in json[pos..open.unwrap_or(json.len())].iter().enumerate() {
            let i = pos + i;
            match b {
                b'{' | b'[' => {
                    depth += 1;
                    if depth == 2 && b == b'[' {
                        // A top-level value: the last string at depth 1 is its key.
                        let name = &json[last_string.clone()];
                        list = Kind::ALL.iter().position(|k| k.list_name().as_bytes() == name).map(|i| &mut spans.lists[i]);
                    } else if depth == 3 && b == b'{' {
                        record_start = i;
                    }
                }
                b'}' | b']' => {
                    if depth == 3 && b == b'}' {
                        if let Some(l) = list.as_mut() {
                            l.push(record_start + offset..i + 1 + offset);
                        }
                    } else if depth == 2 {
                        list = None;
                    }
                    depth = depth.checked_sub(1)?;
                }
                _ => {}
            }
        }
        let Some(open) = open else { break };
        let close = loop {
            let q = quotes.next()?;
            if !escaped(json, open, q) {
                break q;
            }
        };
        if depth == 1 {
            last_string = open + 1..close;
        }
        pos = close + 1;
    }
    (depth == 0).then_some(spans)
}

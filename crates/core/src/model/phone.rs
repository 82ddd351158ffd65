//! Phone numbers as people and address books write them:
//! `(+420) 222-333-444`, `+420 (0)602 123 456`, `00420 602 123 456`,
//! `602 123 456 ext. 12`, `+1 (555) 010-2345 x7`. A number is kept as
//! typed; what it *is* (its digits, its extension) is derived here for
//! matching, duplicates, search and `tel:` links, so a person never sees
//! their number rewritten.

/// The longest number (with its extension) a field keeps.
pub const MAX_LEN: usize = 50;

/// Words that start an extension, lowercase; longer ones first so `ext.`
/// is not read as `ext` followed by a stray dot.
const EXTENSION_MARKS: [&str; 9] = [";ext=", "extension", "ext.", "ext", "kl.", "kl", "x", "#", "linka"];

/// What a written number means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Number {
    /// The digits to dial, without the `00`/`+` prefix and without a
    /// national `(0)` written after the country code.
    pub digits: String,
    /// Written with `+` or `00`: `digits` start with the country code.
    pub international: bool,
    /// The extension's digits, if one is written.
    pub extension: Option<String>,
}

/// Spaces as typed, also the no-break ones spreadsheets and Outlook put
/// between digit groups.
fn is_space(c: char) -> bool {
    c == ' ' || c == '\u{a0}' || c == '\u{202f}' || c == '\t'
}

/// The number and its extension, when `s` ends in one.
fn split_extension(s: &str) -> (&str, Option<&str>) {
    let digits_from = s.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let (head, ext) = s.split_at(digits_from);
    if ext.is_empty() || ext.len() > 7 {
        return (s, None);
    }
    let head = head.trim_end_matches(is_space);
    for mark in EXTENSION_MARKS {
        let cut = head.len().wrapping_sub(mark.len());
        if head.len() >= mark.len() && head.is_char_boundary(cut) && head[cut..].eq_ignore_ascii_case(mark) {
            let number = &head[..cut];
            // "x" must stand apart from a word ("fax7" is no extension of "fa").
            let before = number.chars().next_back();
            if before.is_some_and(|c| c.is_ascii_digit() || is_space(c) || c == ')' || c == ',') {
                return (number.trim_end_matches(is_space).trim_end_matches(',').trim_end_matches(is_space), Some(ext));
            }
        }
    }
    (s, None)
}

/// Reads a written number, or None when it is not one. Every number the
/// earlier, stricter rule accepted (digits, spaces, `+ ( ) - / .`, one
/// leading `+`, 3–20 digits) is still accepted, so no stored record
/// becomes invalid.
pub fn parse(s: &str) -> Option<Number> {
    let s = s.trim_matches(is_space);
    if s.is_empty() || s.len() > MAX_LEN {
        return None;
    }
    let (main, extension) = split_extension(s);
    if !main.chars().all(|c| c.is_ascii_digit() || is_space(c) || matches!(c, '+' | '(' | ')' | '-' | '/' | '.')) {
        return None;
    }
    // One `+`, first, or right after an opening parenthesis that is first: "(+420) 222…".
    let plus = main.matches('+').count();
    let plus_first = main.starts_with('+') || main.strip_prefix('(').is_some_and(|r| r.trim_start_matches(is_space).starts_with('+'));
    if plus > 1 || (plus == 1 && !plus_first) {
        return None;
    }
    let international = plus == 1 || main.trim_start_matches(|c: char| c == '(' || is_space(c)).starts_with("00");
    let mut digits: String = String::with_capacity(main.len());
    let mut chars = main.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_ascii_digit() {
            digits.push(c);
        } else if c == '(' && international && !digits.is_empty() {
            // "+420 (0)602…": the national trunk zero is not dialled from abroad.
            let inner = main[i + 1..].split(')').next().unwrap_or("");
            if inner.trim_matches(is_space) == "0" && main[i + 1..].contains(')') {
                while chars.next_if(|&(_, c)| c != ')').is_some() {}
                chars.next();
            }
        }
    }
    // Counted as written (as the earlier rule did), not as dialled.
    if !(3..=20).contains(&main.bytes().filter(u8::is_ascii_digit).count()) {
        return None;
    }
    if plus == 0 && international {
        digits.drain(..2);
    }
    Some(Number { digits, international, extension: extension.map(str::to_string) })
}

pub fn is_phone(s: &str) -> bool {
    parse(s).is_some()
}

/// What two ways of writing one number share: its last nine digits, so
/// `+420 602 123 456`, `00420 602 123 456`, `(+420) 602-123-456` and
/// `602 123 456 ext. 12` are the same phone. None below six digits (too
/// short to tell two people apart).
pub fn key(s: &str) -> Option<String> {
    let n = parse(s)?;
    let d = &n.digits;
    (d.len() >= 6).then(|| d[d.len().saturating_sub(9)..].to_string())
}

/// Whether two written numbers are the same phone.
pub fn same(a: &str, b: &str) -> bool {
    match (key(a), key(b)) {
        (Some(a), Some(b)) => a == b,
        _ => a.trim() == b.trim(),
    }
}

/// An RFC 3966 `tel:` URI to dial the number (`tel:+420602123456;ext=12`),
/// or None when the text is not a number.
pub fn tel_uri(s: &str) -> Option<String> {
    let n = parse(s)?;
    let mut uri = String::with_capacity(n.digits.len() + 12);
    uri.push_str("tel:");
    if n.international {
        uri.push('+');
    }
    uri.push_str(&n.digits);
    if let Some(ext) = &n.extension {
        uri.push_str(";ext=");
        uri.push_str(ext);
    }
    Some(uri)
}

/// What a search finds a number by: its digits (with the country code,
/// without a national `(0)`), then the extension as a word of its own.
pub fn search_digits_into(out: &mut String, s: &str) {
    match parse(s) {
        Some(n) => {
            out.push_str(&n.digits);
            if let Some(ext) = n.extension {
                out.push(' ');
                out.push_str(&ext);
            }
        }
        None => out.extend(s.chars().filter(char::is_ascii_digit)),
    }
}

/// Whether `rest` (what follows a `,` or `;`) is an extension of the
/// number before it ("kl. 25", "ext=12"), not a second number.
fn is_extension_tail(rest: &str) -> bool {
    let rest = rest.trim_start_matches(is_space);
    ["ext=", "extension", "ext.", "ext", "kl.", "kl", "x", "#", "linka"].iter().any(|mark| {
        rest.len() > mark.len()
            && rest.is_char_boundary(mark.len())
            && rest[..mark.len()].eq_ignore_ascii_case(mark)
            && rest[mark.len()..].trim_start_matches(is_space).starts_with(|c: char| c.is_ascii_digit())
    })
}

/// Several numbers in one cell ("602 111 222, 603 333 444"), split at `,`
/// and `;` except where one starts an extension ("222 333 444, kl. 25").
pub fn split_list(cell: &str) -> impl Iterator<Item = &str> {
    let mut start = 0;
    let mut parts = Vec::new();
    for (i, c) in cell.char_indices() {
        if (c == ',' || c == ';') && !is_extension_tail(&cell[i + 1..]) {
            parts.push(&cell[start..i]);
            start = i + 1;
        }
    }
    parts.push(&cell[start..]);
    parts.into_iter().map(|p| p.trim_matches(is_space)).filter(|p| !p.is_empty())
}

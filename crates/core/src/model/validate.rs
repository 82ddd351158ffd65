//! Field rules shared by forms and the bundle import. A rule appends a
//! [`FieldError`] naming the field path, so the same message can point at a
//! form input or at `contacts[12].emails[0]` in a file.

/// Names, titles, short labels.
pub const NAME_MAX: usize = 200;
/// One-line free text (street, preferred call time).
pub const SHORT_TEXT: usize = 500;
/// Notes and multi-line text.
pub const LONG_TEXT: usize = 20_000;
pub const URL_MAX: usize = 2_000;
pub const TAG_MAX: usize = 50;
pub const TAGS_MAX: usize = 50;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    Required,
    TooLong {
        max: usize,
    },
    TooMany {
        max: usize,
    },
    NotEmail,
    NotPhone,
    /// Only http(s) links are kept; `javascript:` or `data:` could run code.
    NotWebUrl,
    NotLinkedIn,
    NotDate,
    /// IČO must be 8 digits whose last one is the mod-11 check digit.
    BadIco,
    BadDic,
    BadTag,
    /// A reference to a record that does not exist.
    Missing,
    DuplicateId,
    /// A number outside the range a field allows.
    OutOfRange {
        min: i64,
        max: i64,
    },
    /// An end (of a meeting) before its start.
    EndBeforeStart,
    /// Not one of [`crate::model::money::CURRENCIES`].
    NotCurrency,
    /// A quote number is `YYYY-NNNN`.
    BadQuoteNumber,
    /// The same quote number twice.
    DuplicateNumber,
    /// A quote whose totals do not fit an amount.
    TotalTooLarge,
    /// A pipeline stage cannot both win and lose.
    WonAndLost,
    /// A record still used by others (a stage holding opportunities).
    InUse {
        count: usize,
    },
    /// A lead is converted once.
    AlreadyConverted,
    /// Typed text that is not a number (a quantity, a price).
    NotANumber,
    /// Not one of the values a field can take (a role, a status).
    NotAChoice,
    /// The record was changed after the action being undone.
    ChangedSince,
    /// A file or folder name with a path separator or control character.
    BadFileName,
    /// A file over the size an attachment may have.
    FileTooLarge {
        max_mb: u64,
    },
    /// A file's bytes are not in the bundle, or not as many as it says.
    FileMissing,
    /// A quantity or length that must be more than zero.
    NotPositive,
    /// A serialized item has one serial number per piece.
    SerialsPerPiece {
        serials: usize,
    },
    /// A handover protocol's number is `PP-YYYY-NNNN`.
    BadHandoverNumber,
    /// A date (a fix-by date, the signing) before the protocol's date.
    BeforeHandoverDate,
    /// A protocol gets its result when it is signed.
    NotSigned,
    /// A signed protocol no longer changes; a new one supersedes it.
    Signed,
    /// A signed protocol whose content is not what its SHA-256 says was
    /// signed (changed outside the app).
    NotAsSigned,
    /// A ticket's number is `T-YYYY-NNNN`.
    BadTicketNumber,
    /// The value has the wrong shape (text where a list belongs, a bad date).
    Malformed(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    pub problem: Problem,
}

impl FieldError {
    pub fn new(field: impl Into<String>, problem: Problem) -> Self {
        FieldError { field: field.into(), problem }
    }
}

pub fn required(e: &mut Vec<FieldError>, field: &str, value: &str) {
    if value.trim().is_empty() {
        e.push(FieldError::new(field, Problem::Required));
    }
}

pub fn max_len(e: &mut Vec<FieldError>, field: &str, value: &str, max: usize) {
    // Bytes bound the work before counting characters in a 10 MB string.
    if value.len() > max && value.chars().count() > max {
        e.push(FieldError::new(field, Problem::TooLong { max }));
    }
}

pub fn max_items(e: &mut Vec<FieldError>, field: &str, n: usize, max: usize) {
    if n > max {
        e.push(FieldError::new(field, Problem::TooMany { max }));
    }
}

/// The problem with a required list item (an email, a phone), if any.
pub fn required_item_problem(value: &str, valid: fn(&str) -> bool, otherwise: Problem) -> Option<Problem> {
    let value = value.trim();
    if value.is_empty() {
        Some(Problem::Required)
    } else if !valid(value) {
        Some(otherwise)
    } else {
        None
    }
}

pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.rsplit_once('@') else { return false };
    if local.is_empty() || local.len() > 64 || domain.len() > 253 || s.len() > 254 {
        return false;
    }
    let bad_char =
        |c: char| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '(' | ')' | ',' | ';' | ':' | '\\' | '"' | '[' | ']' | '@');
    // Bytes when ASCII (nearly always): the same rules without decoding UTF-8.
    let local_bad = if local.is_ascii() { local.bytes().any(|b| b <= b' ' || b == 0x7f || bad_char(b as char)) } else { local.chars().any(bad_char) };
    if local_bad || local.starts_with('.') || local.ends_with('.') || local.contains("..") {
        return false;
    }
    let label_ok = |l: &str| !l.is_empty() && !l.starts_with('-') && !l.ends_with('-') && all_alnum_or_dash(l);
    let Some((_, tld)) = domain.rsplit_once('.') else { return false };
    domain.split('.').all(label_ok) && tld.chars().count() >= 2 && !tld.chars().all(|c| c.is_ascii_digit())
}

pub fn email(e: &mut Vec<FieldError>, field: &str, value: &str) {
    let value = value.trim();
    if !value.is_empty() && !is_email(value) {
        e.push(FieldError::new(field, Problem::NotEmail));
    }
}

pub use super::phone::is_phone;

/// Letters (any script), digits and '-' only.
fn all_alnum_or_dash(s: &str) -> bool {
    if s.is_ascii() {
        s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    } else {
        s.chars().all(|c| c.is_alphanumeric() || c == '-')
    }
}

pub fn phone(e: &mut Vec<FieldError>, field: &str, value: &str) {
    let value = value.trim();
    if !value.is_empty() && !is_phone(value) {
        e.push(FieldError::new(field, Problem::NotPhone));
    }
}

/// The host of an http(s) URL, or None when the URL is not a plain web link.
pub fn web_url_host(s: &str) -> Option<&str> {
    let lower_scheme_end = s.find("://")?;
    let scheme = &s[..lower_scheme_end];
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return None;
    }
    let rest = &s[lower_scheme_end + 3..];
    let host_port = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host_port.rsplit('@').next().unwrap_or("").split(':').next().unwrap_or("");
    let valid = !host.is_empty() && host.contains('.') && host.split('.').all(|l| !l.is_empty() && all_alnum_or_dash(l)) && !unsafe_in_url(s);
    valid.then_some(host)
}

fn unsafe_in_url(s: &str) -> bool {
    let bad = |c: char| c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>';
    if s.is_ascii() {
        // ASCII whitespace and control characters are exactly these bytes.
        s.bytes().any(|b| b <= b' ' || b == 0x7f || matches!(b, b'"' | b'<' | b'>'))
    } else {
        s.chars().any(bad)
    }
}

pub fn web_url(e: &mut Vec<FieldError>, field: &str, value: &str) {
    let value = value.trim();
    if value.is_empty() {
        return;
    }
    if value.len() > URL_MAX {
        e.push(FieldError::new(field, Problem::TooLong { max: URL_MAX }));
    } else if web_url_host(value).is_none() {
        e.push(FieldError::new(field, Problem::NotWebUrl));
    }
}

pub fn linkedin_url(e: &mut Vec<FieldError>, field: &str, value: &str) {
    let value = value.trim();
    if value.is_empty() {
        return;
    }
    match web_url_host(value) {
        _ if value.len() > URL_MAX => e.push(FieldError::new(field, Problem::TooLong { max: URL_MAX })),
        None => e.push(FieldError::new(field, Problem::NotWebUrl)),
        Some(host) => {
            let host = host.to_ascii_lowercase();
            if host != "linkedin.com" && !host.ends_with(".linkedin.com") {
                e.push(FieldError::new(field, Problem::NotLinkedIn));
            }
        }
    }
}

/// Czech IČO: 8 digits; weights 8..2 on the first seven, the eighth is
/// (11 - sum mod 11) mod 10.
pub fn is_ico(s: &str) -> bool {
    let d: Vec<u32> = s.chars().filter_map(|c| c.to_digit(10)).collect();
    if s.len() != 8 || d.len() != 8 {
        return false;
    }
    let sum: u32 = d[..7].iter().zip((2..=8).rev()).map(|(x, w)| x * w).sum();
    (11 - sum % 11) % 10 == d[7]
}

pub fn ico(e: &mut Vec<FieldError>, field: &str, value: &str) {
    let value = value.trim();
    if !value.is_empty() && !is_ico(value) {
        e.push(FieldError::new(field, Problem::BadIco));
    }
}

pub fn is_dic(s: &str) -> bool {
    let s = s.trim();
    // Not `split_at`: a letter like "Č" second would split a character
    // and panic (found by scripts/fuzz).
    let (Some(prefix), Some(rest)) = (s.get(..2), s.get(2..)) else { return false };
    prefix.chars().all(|c| c.is_ascii_uppercase())
        && (8..=12).contains(&rest.len())
        && rest.chars().all(|c| c.is_ascii_alphanumeric())
        && (prefix != "CZ" || (rest.len() <= 10 && rest.chars().all(|c| c.is_ascii_digit())))
}

pub fn dic(e: &mut Vec<FieldError>, field: &str, value: &str) {
    let value = value.trim();
    if !value.is_empty() && !is_dic(value) {
        e.push(FieldError::new(field, Problem::BadDic));
    }
}

/// Amounts (minor units) and counts a field allows.
pub fn range(e: &mut Vec<FieldError>, field: &str, value: i64, min: i64, max: i64) {
    if value < min || value > max {
        e.push(FieldError::new(field, Problem::OutOfRange { min, max }));
    }
}

/// The largest amount a record holds: 10^15 minor units (10 trillion CZK).
pub const AMOUNT_MAX: i64 = 1_000_000_000_000_000;

pub fn amount(e: &mut Vec<FieldError>, field: &str, minor: i64) {
    range(e, field, minor, 0, AMOUNT_MAX);
}

pub fn currency(e: &mut Vec<FieldError>, field: &str, code: &str) {
    if !super::money::is_currency(code) {
        e.push(FieldError::new(field, Problem::NotCurrency));
    }
}

pub fn tags(e: &mut Vec<FieldError>, field: &str, tags: &[String]) {
    max_items(e, field, tags.len(), TAGS_MAX);
    for (i, t) in tags.iter().enumerate() {
        let n = t.chars().count();
        if n == 0 || t.len() > TAG_MAX * 4 || n > TAG_MAX || t.contains(',') || t.trim() != t {
            e.push(FieldError::new(format!("{field}[{i}]"), Problem::BadTag));
        }
    }
}

/// Tags as typed in a form ("vip, partner , ,vip") → ["vip", "partner"].
pub fn parse_tags(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in s.split(',').map(str::trim).filter(|t| !t.is_empty()) {
        if !out.iter().any(|o| o == t) {
            out.push(t.to_string());
        }
    }
    out
}

/// `bytes` as text, or where the first invalid UTF-8 byte is. SIMD (16
/// bytes a step in wasm) instead of std's 4: a 75 MB import is checked
/// once, and every stored segment at each start.
pub fn utf8(bytes: &[u8]) -> Result<&str, usize> {
    simdutf8::basic::from_utf8(bytes).map_err(|_| std::str::from_utf8(bytes).err().map_or(0, |e| e.valid_up_to()))
}

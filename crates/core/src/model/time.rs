//! Timestamps as RFC 3339 text in UTC ("2026-11-22T14:11:25.123Z") and
//! dates as "2026-11-22": the same bytes chrono writes (fraction digits as
//! needed: 0, 3, 6 or 9), but written and read by hand. Three timestamps per
//! record made chrono's general formatter a visible share of importing
//! 100,000 contacts, and its format/parse machinery cost about 10 KB of
//! gzipped wasm; only chrono's calendar arithmetic is used.

use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};

fn digits(out: &mut [u8], mut v: u32) {
    for b in out.iter_mut().rev() {
        *b = b'0' + (v % 10) as u8;
        v /= 10;
    }
}

/// Years 0–9999 as four digits, others signed (`+10000`, `-0005`), as chrono does.
fn push_year(out: &mut String, year: i32) {
    if (0..=9999).contains(&year) {
        push2(out, year as u32 / 100);
        push2(out, year as u32 % 100);
    } else {
        out.push_str(&format!("{year:+05}"));
    }
}

fn push2(out: &mut String, v: u32) {
    out.push((b'0' + (v / 10 % 10) as u8) as char);
    out.push((b'0' + (v % 10) as u8) as char);
}

fn push_date(out: &mut String, d: NaiveDate) {
    push_year(out, d.year());
    out.push('-');
    push2(out, d.month());
    out.push('-');
    push2(out, d.day());
}

/// Writes `t` exactly as `t.to_rfc3339_opts(SecondsFormat::AutoSi, true)`.
pub fn format(t: &DateTime<Utc>) -> String {
    let mut s = String::with_capacity(32);
    write(&mut s, t);
    s
}

fn write(s: &mut String, t: &DateTime<Utc>) {
    push_date(s, t.date_naive());
    s.push('T');
    push2(s, t.hour());
    s.push(':');
    push2(s, t.minute());
    s.push(':');
    // A leap second is stored as nanoseconds past 1e9 and written as second 60.
    let (second, nanos) = match t.nanosecond() {
        n if n >= 1_000_000_000 => (t.second() + 1, n - 1_000_000_000),
        n => (t.second(), n),
    };
    push2(s, second);
    let mut frac = [0u8; 9];
    digits(&mut frac, nanos);
    let shown = match nanos {
        0 => 0,
        n if n % 1_000_000 == 0 => 3,
        n if n % 1_000 == 0 => 6,
        _ => 9,
    };
    if shown > 0 {
        s.push('.');
        s.extend(frac[..shown].iter().map(|&c| c as char));
    }
    s.push('Z');
}

/// Writes a date as chrono's `Display` does: "2026-11-22".
pub fn format_date(d: NaiveDate) -> String {
    let mut s = String::with_capacity(10);
    push_date(&mut s, d);
    s
}

fn num(b: &[u8]) -> Option<u32> {
    if b.is_empty() || b.len() > 9 {
        return None;
    }
    b.iter().try_fold(0u32, |acc, c| c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0')))
}

/// "2026-11-22" (or a signed year, as [`format_date`] writes it) and the rest of the input.
fn date_prefix(b: &[u8]) -> Option<(NaiveDate, &[u8])> {
    let (negative, body) = match b.first()? {
        b'+' => (false, &b[1..]),
        b'-' => (true, &b[1..]),
        _ => (false, b),
    };
    let year_len = body.iter().position(|&c| c == b'-')?;
    let signed = body.len() < b.len();
    if year_len < 4 || (!signed && year_len != 4) {
        return None;
    }
    let year = num(&body[..year_len])? as i32;
    let rest = &body[year_len..];
    if rest.len() < 6 || rest[0] != b'-' || rest[3] != b'-' {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(if negative { -year } else { year }, num(&rest[1..3])?, num(&rest[4..6])?)?;
    Some((date, &rest[6..]))
}

/// Reads a date written as [`format_date`] writes it.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    match date_prefix(s.as_bytes())? {
        (date, []) => Some(date),
        _ => None,
    }
}

/// Reads an RFC 3339 timestamp: what [`format`] writes, and also a `t` or
/// space separator, any fraction, and an offset (`+01:00`, `-0530`, `z`).
pub fn parse(s: &str) -> Option<DateTime<Utc>> {
    let (date, b) = date_prefix(s.as_bytes())?;
    if b.len() < 9 || !matches!(b[0], b'T' | b't' | b' ') || b[3] != b':' || b[6] != b':' {
        return None;
    }
    let (hour, minute, second) = (num(&b[1..3])?, num(&b[4..6])?, num(&b[7..9])?);
    let mut rest = &b[9..];
    let mut nanos = 0;
    if let [b'.', frac @ ..] = rest {
        let len = frac.iter().take_while(|c| c.is_ascii_digit()).count();
        if len == 0 {
            return None;
        }
        // Digits past nanoseconds are dropped, as chrono does.
        let kept = len.min(9);
        nanos = num(&frac[..kept])? * 10u32.pow(9 - kept as u32);
        rest = &frac[len..];
    }
    let offset_seconds: i64 = match rest {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] | [sign @ (b'+' | b'-'), h1, h2, m1, m2] => {
            let (h, m) = (num(&[*h1, *h2])?, num(&[*m1, *m2])?);
            if h > 23 || m > 59 {
                return None;
            }
            let secs = i64::from(h * 3600 + m * 60);
            if *sign == b'-' {
                -secs
            } else {
                secs
            }
        }
        _ => return None,
    };
    let (second, nanos) = if second == 60 { (59, nanos + 1_000_000_000) } else { (second, nanos) };
    let local = date.and_hms_nano_opt(hour, minute, second, nanos)?;
    local.checked_sub_signed(chrono::Duration::seconds(offset_seconds)).map(|t| t.and_utc())
}

/// `#[serde(with = "crate::model::time::utc")]`
pub mod utc {
    use chrono::{DateTime, Utc};
    use serde::{de, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
        // One buffer per thread instead of an allocation per timestamp:
        // an export writes three per record.
        thread_local!(static BUF: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) });
        BUF.with(|b| {
            let mut b = b.borrow_mut();
            b.clear();
            super::write(&mut b, t);
            s.serialize_str(&b)
        })
    }

    struct Visitor;

    impl de::Visitor<'_> for Visitor {
        type Value = DateTime<Utc>;

        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("an RFC 3339 date and time")
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            super::parse(v).ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &self))
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
        d.deserialize_str(Visitor)
    }
}

/// `#[serde(with = "crate::model::time::date")]`
pub mod date {
    use chrono::NaiveDate;
    use serde::{de, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(d: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::format_date(*d))
    }

    struct Visitor;

    impl de::Visitor<'_> for Visitor {
        type Value = NaiveDate;

        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a date written as YYYY-MM-DD")
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            super::parse_date(v).ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &self))
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        d.deserialize_str(Visitor)
    }
}

/// `#[serde(default, with = "crate::model::time::utc_opt")]`: an optional
/// time, `null` when absent.
pub mod utc_opt {
    use chrono::{DateTime, Utc};
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
        match t {
            Some(t) => super::utc::serialize(t, s),
            None => s.serialize_none(),
        }
    }

    #[derive(Deserialize)]
    struct Moment(#[serde(with = "super::utc")] DateTime<Utc>);

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
        Ok(Option::<Moment>::deserialize(d)?.map(|m| m.0))
    }
}

/// `#[serde(default, with = "crate::model::time::date_opt")]`: an optional
/// date, `null` when absent.
pub mod date_opt {
    use chrono::NaiveDate;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(d: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => super::date::serialize(d, s),
            None => s.serialize_none(),
        }
    }

    #[derive(Deserialize)]
    struct Day(#[serde(with = "super::date")] NaiveDate);

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
        Ok(Option::<Day>::deserialize(d)?.map(|d| d.0))
    }
}

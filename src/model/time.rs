//! Timestamps as RFC 3339 text in UTC ("2026-11-22T14:11:25.123Z"), the
//! same bytes chrono writes (fraction digits as needed: 0, 3, 6 or 9), but
//! written and read by hand: three per record made chrono's general
//! formatter a visible share of importing 100,000 contacts. Anything
//! outside the common shape goes through chrono.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, SecondsFormat, Timelike, Utc};

fn digits(out: &mut [u8], mut v: u32) {
    for b in out.iter_mut().rev() {
        *b = b'0' + (v % 10) as u8;
        v /= 10;
    }
}

/// Writes `t` exactly as `t.to_rfc3339_opts(SecondsFormat::AutoSi, true)`.
pub fn format(t: &DateTime<Utc>) -> String {
    let year = t.year();
    let nanos = t.nanosecond();
    if !(0..=9999).contains(&year) || nanos >= 1_000_000_000 {
        return t.to_rfc3339_opts(SecondsFormat::AutoSi, true);
    }
    let mut b = *b"0000-00-00T00:00:00.000000000Z";
    digits(&mut b[0..4], year as u32);
    digits(&mut b[5..7], t.month());
    digits(&mut b[8..10], t.day());
    digits(&mut b[11..13], t.hour());
    digits(&mut b[14..16], t.minute());
    digits(&mut b[17..19], t.second());
    let len = if nanos == 0 {
        19
    } else if nanos % 1_000_000 == 0 {
        digits(&mut b[20..23], nanos / 1_000_000);
        23
    } else if nanos % 1_000 == 0 {
        digits(&mut b[20..26], nanos / 1_000);
        26
    } else {
        digits(&mut b[20..29], nanos);
        29
    };
    b[len] = b'Z';
    String::from_utf8_lossy(&b[..=len]).into_owned()
}

fn num(b: &[u8]) -> Option<u32> {
    b.iter().try_fold(0u32, |acc, c| c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0')))
}

/// Reads what [`format`] writes quickly, and anything else chrono accepts.
pub fn parse(s: &str) -> Option<DateTime<Utc>> {
    fast(s.as_bytes()).or_else(|| s.parse::<DateTime<FixedOffset>>().ok().map(|t| t.to_utc()))
}

fn fast(b: &[u8]) -> Option<DateTime<Utc>> {
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' || b[16] != b':' || b[b.len() - 1] != b'Z' {
        return None;
    }
    let nanos = match &b[19..b.len() - 1] {
        [] => 0,
        [b'.', frac @ ..] if (1..=9).contains(&frac.len()) => num(frac)? * 10u32.pow(9 - frac.len() as u32),
        _ => return None,
    };
    let date = NaiveDate::from_ymd_opt(num(&b[0..4])? as i32, num(&b[5..7])?, num(&b[8..10])?)?;
    let time = date.and_hms_nano_opt(num(&b[11..13])?, num(&b[14..16])?, num(&b[17..19])?, nanos)?;
    Some(time.and_utc())
}

/// `#[serde(with = "crate::model::time::utc")]`
pub mod utc {
    use chrono::{DateTime, Utc};
    use serde::{de, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::format(t))
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

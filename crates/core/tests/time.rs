#![cfg(not(target_arch = "wasm32"))]
//! The hand-written timestamp codec writes and reads exactly what chrono does.

use chrono::NaiveDate;
use chrono::{DateTime, SecondsFormat, TimeZone, Utc};
use vizitka_core::model::ids::Rng;
use vizitka_core::model::time::{format, format_date, parse, parse_date};

#[test]
fn writes_the_same_text_as_chrono() {
    let mut rng = Rng::new(11);
    let mut cases: Vec<DateTime<Utc>> = vec![
        Utc.with_ymd_and_hms(2026, 11, 22, 14, 11, 25).unwrap(),
        Utc.with_ymd_and_hms(1970, 1, 1, 0, 0, 0).unwrap(),
        Utc.with_ymd_and_hms(9999, 12, 31, 23, 59, 59).unwrap(),
        Utc.with_ymd_and_hms(10000, 1, 1, 0, 0, 0).unwrap(),
        Utc.with_ymd_and_hms(-5, 3, 1, 0, 0, 0).unwrap(),
        Utc.with_ymd_and_hms(2016, 12, 31, 23, 59, 59).unwrap() + chrono::Duration::nanoseconds(999_999_999),
    ];
    for _ in 0..20_000 {
        let secs = (rng.next_u64() % 8_000_000_000) as i64 - 1_000_000_000;
        let nanos = match rng.below(4) {
            0 => 0,
            1 => rng.below(1000) as u32 * 1_000_000,
            2 => rng.below(1_000_000) as u32 * 1_000,
            _ => rng.below(1_000_000_000) as u32,
        };
        cases.push(Utc.timestamp_opt(secs, nanos).unwrap());
    }
    for t in cases {
        let chrono_text = t.to_rfc3339_opts(SecondsFormat::AutoSi, true);
        assert_eq!(format(&t), chrono_text);
        assert_eq!(parse(&chrono_text), Some(t), "{chrono_text}");
        assert_eq!(serde_json::to_string(&t).unwrap(), format!("\"{chrono_text}\""), "same as chrono's serde");
    }
}

#[test]
fn reads_other_rfc_3339_forms_and_refuses_nonsense() {
    let t = Utc.with_ymd_and_hms(2026, 1, 1, 7, 0, 0).unwrap();
    assert_eq!(parse("2026-01-01T08:00:00+01:00"), Some(t));
    assert_eq!(parse("2026-01-01T07:00:00.5Z"), Some(t + chrono::Duration::milliseconds(500)));
    assert_eq!(parse("2026-01-01t07:00:00z"), Some(t));
    assert_eq!(parse("2026-01-01 01:30:00-0530"), Some(t));
    assert_eq!(parse("2026-01-01T07:00:00.1234567891Z"), Some(t + chrono::Duration::nanoseconds(123_456_789)));
    // What chrono itself accepts, we accept the same way.
    for text in ["2026-01-01T08:00:00+01:00", "2026-01-01t07:00:00z", "2026-01-01 01:30:00-05:30", "1999-12-31T23:59:60.5Z"] {
        assert_eq!(parse(text), text.parse::<chrono::DateTime<chrono::FixedOffset>>().ok().map(|t| t.to_utc()), "{text}");
    }
    for bad in [
        "",
        "yesterday",
        "2026-13-01T00:00:00Z",
        "2026-02-30T00:00:00Z",
        "2026-01-01T25:00:00Z",
        "2026-01-01T00:00:00.Z",
        "2026-01-01T00:00:00",
        "2026-01-01T00:00:00+24:00",
        "26-01-01T00:00:00Z",
        "2026-1-01T00:00:00Z",
        "2026-01-01T00:00:00Zjunk",
    ] {
        assert_eq!(parse(bad), None, "{bad}");
    }
}

#[test]
fn dates_read_and_write_as_chrono_does() {
    let mut rng = Rng::new(5);
    let mut cases = vec![
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
        NaiveDate::from_ymd_opt(2024, 2, 29).unwrap(),
        NaiveDate::from_ymd_opt(0, 1, 1).unwrap(),
        NaiveDate::from_ymd_opt(10_000, 1, 1).unwrap(),
        NaiveDate::from_ymd_opt(-44, 3, 15).unwrap(),
    ];
    for _ in 0..5_000 {
        let days = rng.below(3_000_000) as i32 - 300_000;
        cases.push(NaiveDate::from_num_days_from_ce_opt(days).unwrap());
    }
    for d in cases {
        let text = d.to_string();
        assert_eq!(format_date(d), text);
        assert_eq!(parse_date(&text), Some(d), "{text}");
    }
    for bad in ["", "2026-02-30", "2026-13-01", "2026-1-1", "20261122", "2026-11-22T00:00:00Z", "2026-11-22 "] {
        assert_eq!(parse_date(bad), None, "{bad}");
    }
}

#![cfg(not(target_arch = "wasm32"))]
//! The hand-written timestamp codec writes and reads exactly what chrono does.

use chrono::{DateTime, SecondsFormat, TimeZone, Utc};
use vizitka::model::ids::Rng;
use vizitka::model::time::{format, parse};

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
    for bad in ["", "yesterday", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "2026-01-01T25:00:00Z", "2026-01-01T00:00:00.Z"] {
        assert_eq!(parse(bad), None, "{bad}");
    }
}

//! Dates, numbers and money the way each locale writes them:
//! Czech "22. 11. 2026", "1 234,50 Kč"; English "22 Nov 2026", "CZK 1,234.50".

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Timelike, Utc};

use super::Lang;

const MONTHS_EN: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
/// Narrow no-break space: Czech groups thousands with it and it never wraps.
const NNBSP: char = '\u{202F}';
const NBSP: char = '\u{00A0}';

pub fn format_date(lang: Lang, d: NaiveDate) -> String {
    match lang {
        Lang::Cs => format!("{}.{NBSP}{}.{NBSP}{}", d.day(), d.month(), d.year()),
        Lang::En => format!("{} {} {}", d.day(), MONTHS_EN[d.month0() as usize], d.year()),
    }
}

const WEEKDAYS_EN: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const WEEKDAYS_CS: [&str; 7] = ["po", "út", "st", "čt", "pá", "so", "ne"];

/// The day of the week, short: "Mon", "po".
pub fn format_weekday(lang: Lang, d: NaiveDate) -> &'static str {
    weekday_name(lang, d.weekday().num_days_from_monday() as usize)
}

/// The `i`th day of the week from Monday (0), short: "Mon", "po".
pub fn weekday_name(lang: Lang, i: usize) -> &'static str {
    match lang {
        Lang::Cs => WEEKDAYS_CS[i % 7],
        Lang::En => WEEKDAYS_EN[i % 7],
    }
}

/// A moment in the user's time zone, given as its offset from UTC.
const MONTH_NAMES_EN: [&str; 12] =
    ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const MONTH_NAMES_CS: [&str; 12] =
    ["leden", "únor", "březen", "duben", "květen", "červen", "červenec", "srpen", "září", "říjen", "listopad", "prosinec"];

/// A month and its year: "listopad 2026", "November 2026".
pub fn format_month(lang: Lang, d: NaiveDate) -> String {
    let i = d.month0() as usize;
    match lang {
        Lang::Cs => format!("{} {}", MONTH_NAMES_CS[i], d.year()),
        Lang::En => format!("{} {}", MONTH_NAMES_EN[i], d.year()),
    }
}

pub fn format_datetime(lang: Lang, t: DateTime<Utc>, offset_minutes: i32) -> String {
    let offset = FixedOffset::east_opt(offset_minutes * 60).unwrap_or(FixedOffset::east_opt(0).expect("zero offset"));
    let local = t.with_timezone(&offset);
    format!("{} {}:{:02}", format_date(lang, local.date_naive()), local.hour(), local.minute())
}

/// The local date of a moment, at an offset from UTC in minutes.
pub fn local_date(t: DateTime<Utc>, offset_minutes: i32) -> NaiveDate {
    (t + chrono::Duration::minutes(i64::from(offset_minutes))).date_naive()
}

/// "14:05" in the user's time zone.
pub fn format_time(t: DateTime<Utc>, offset_minutes: i32) -> String {
    let local = t + chrono::Duration::minutes(i64::from(offset_minutes));
    format!("{}:{:02}", local.hour(), local.minute())
}

fn group(digits: &str, sep: char) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// A fixed-point number: `value` in units of 10^-decimals.
pub fn format_number(lang: Lang, value: i64, decimals: u32) -> String {
    let (sep, point) = match lang {
        Lang::Cs => (NNBSP, ','),
        Lang::En => (',', '.'),
    };
    let neg = value < 0;
    let abs = value.unsigned_abs();
    let scale = 10u64.pow(decimals);
    let int = group(&(abs / scale).to_string(), sep);
    let mut s = String::new();
    if neg {
        s.push('-');
    }
    s.push_str(&int);
    if decimals > 0 {
        s.push(point);
        s.push_str(&format!("{:0width$}", abs % scale, width = decimals as usize));
    }
    s
}

/// Money in minor units (haléře for CZK).
pub fn format_money(lang: Lang, minor: i64, currency: &str) -> String {
    with_currency(lang, format_number(lang, minor, 2), currency)
}

fn with_currency(lang: Lang, n: String, currency: &str) -> String {
    match (lang, currency) {
        (Lang::Cs, "CZK") => format!("{n}{NBSP}Kč"),
        (Lang::Cs, c) => format!("{n}{NBSP}{c}"),
        (Lang::En, c) => format!("{c}{NBSP}{n}"),
    }
}

/// Sums per currency: "1 200 000,00 Kč + 3 000,00 EUR"; none is zero in CZK.
pub fn format_totals(lang: Lang, totals: &std::collections::BTreeMap<String, i64>) -> String {
    if totals.is_empty() {
        return format_money(lang, 0, crate::model::money::DEFAULT_CURRENCY);
    }
    totals.iter().map(|(c, v)| format_money(lang, *v, c)).collect::<Vec<_>>().join(" + ")
}

/// Money rounded to whole units, as reports show sums: "1 200 000 Kč".
pub fn format_money_whole(lang: Lang, minor: i64, currency: &str) -> String {
    let units = (i128::from(minor) + if minor < 0 { -50 } else { 50 }) / 100;
    with_currency(lang, format_number(lang, units as i64, 0), currency)
}

/// [`format_totals`] in whole units.
pub fn format_totals_whole(lang: Lang, totals: &std::collections::BTreeMap<String, i64>) -> String {
    if totals.is_empty() {
        return format_money_whole(lang, 0, crate::model::money::DEFAULT_CURRENCY);
    }
    totals.iter().map(|(c, v)| format_money_whole(lang, *v, c)).collect::<Vec<_>>().join(" + ")
}

pub fn format_bytes(lang: Lang, bytes: u64) -> String {
    const UNITS: [&str; 4] = ["B", "KB", "MB", "GB"];
    let mut unit = 0;
    let mut tenths = bytes * 10;
    while tenths >= 10_240 && unit < UNITS.len() - 1 {
        tenths /= 1024;
        unit += 1;
    }
    if unit == 0 {
        return format!("{bytes}{NBSP}B");
    }
    format!("{}{NBSP}{}", format_number(lang, tenths as i64, 1), UNITS[unit])
}

/// A quantity or a percentage: "1,5" in Czech, "1.5" in English.
pub fn format_decimal(lang: Lang, d: crate::model::money::Decimal) -> String {
    let s = d.to_string();
    match lang {
        Lang::Cs => s.replace('.', ","),
        Lang::En => s,
    }
}

/// Working time as people write it: "2 h 30 min", "4 h", "45 min" (the
/// same in Czech).
pub fn format_minutes(minutes: i64) -> String {
    let (h, m) = (minutes / 60, minutes % 60);
    match (h, m) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}

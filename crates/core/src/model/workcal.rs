//! Working time: the Czech public holidays of any year (Easter computed,
//! so Good Friday and Easter Monday move with it) and a working calendar
//! (weekdays and hours) that SLA due times are counted in (`sla.rs`).

use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};

/// Easter Sunday of a Gregorian year (the anonymous algorithm of
/// Meeus/Jones/Butcher).
pub fn easter_sunday(year: i32) -> NaiveDate {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    // Month 3 or 4 and day 1..=31 by construction.
    NaiveDate::from_ymd_opt(year, month as u32, day as u32).unwrap_or_default()
}

/// The fixed-date Czech public holidays (zákon 245/2000 Sb.), as (month, day).
const FIXED: [(u32, u32); 11] = [(1, 1), (5, 1), (5, 8), (7, 5), (7, 6), (9, 28), (10, 28), (11, 17), (12, 24), (12, 25), (12, 26)];

/// Every Czech public holiday of `year`, in date order. Good Friday has
/// been one since 2016.
pub fn czech_holidays(year: i32) -> Vec<NaiveDate> {
    let easter = easter_sunday(year);
    let mut days: Vec<NaiveDate> = FIXED.iter().filter_map(|&(m, d)| NaiveDate::from_ymd_opt(year, m, d)).collect();
    days.push(easter + Duration::days(1));
    if year >= 2016 {
        days.push(easter - Duration::days(2));
    }
    days.sort_unstable();
    days
}

pub fn is_czech_holiday(day: NaiveDate) -> bool {
    let (m, d) = (day.month(), day.day());
    if FIXED.contains(&(m, d)) {
        return true;
    }
    if !(3..=4).contains(&m) {
        return false;
    }
    let easter = easter_sunday(day.year());
    day == easter + Duration::days(1) || (day.year() >= 2016 && day == easter - Duration::days(2))
}

/// When time counts towards an SLA: every hour of the week, or working
/// hours on working days without the Czech public holidays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "mode", rename_all = "snake_case")]
pub enum WorkingCalendar {
    /// 24/7.
    Always,
    /// `days` is a bit per weekday (bit 0 = Monday); hours are minutes
    /// from midnight, `start` < `end`, local time.
    BusinessHours { days: u8, start: u16, end: u16 },
}

impl Default for WorkingCalendar {
    /// Monday to Friday, 9:00 to 17:00.
    fn default() -> Self {
        WorkingCalendar::BusinessHours { days: 0b1_1111, start: 9 * 60, end: 17 * 60 }
    }
}

impl WorkingCalendar {
    /// Whether `day` is a working day (any day, for 24/7).
    pub fn is_working_day(&self, day: NaiveDate) -> bool {
        match *self {
            WorkingCalendar::Always => true,
            WorkingCalendar::BusinessHours { days, .. } => days & (1 << day.weekday().num_days_from_monday()) != 0 && !is_czech_holiday(day),
        }
    }
}

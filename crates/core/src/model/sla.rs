//! SLA arithmetic: when a target falls due in working time, with the
//! clock paused while a ticket waits on someone else, and where a target
//! stands at a moment. Everything is recomputed from the ticket's status
//! history and today's terms (no running counter is kept), so changing
//! the terms or the calendar later gives the same ticket the same answer.
//!
//! Working hours are local time; `offset` gives the user's offset from
//! UTC at any instant (it changes with daylight saving time).

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, Utc};

use super::workcal::WorkingCalendar;

/// The user's offset from UTC in minutes at an instant.
pub type Offset<'a> = &'a dyn Fn(DateTime<Utc>) -> i32;

/// A span of time the SLA clock does not run: from `start`, to `end`
/// (None: still paused).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pause {
    pub start: DateTime<Utc>,
    pub end: Option<DateTime<Utc>>,
}

/// The pauses in a status history (in time order): each span spent in a
/// status for which `paused` holds.
pub fn pauses<S: Copy>(history: &[(DateTime<Utc>, S)], paused: impl Fn(S) -> bool) -> Vec<Pause> {
    let mut out: Vec<Pause> = Vec::new();
    let mut open: Option<DateTime<Utc>> = None;
    for &(at, status) in history {
        match (open, paused(status)) {
            (None, true) => open = Some(at),
            (Some(start), false) => {
                out.push(Pause { start, end: Some(at) });
                open = None;
            }
            _ => {}
        }
    }
    out.extend(open.map(|start| Pause { start, end: None }));
    out
}

/// Where a target stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SlaState {
    OnTrack,
    /// At least [`AT_RISK_PERCENT`] of its time used.
    AtRisk,
    Met,
    /// Past due before it was met; stays so after the ticket is resolved.
    Breached,
}

pub const AT_RISK_PERCENT: i64 = 80;

/// The UTC instant of a local time (the offset looked up at it; a local
/// time skipped by a DST change comes out an hour later, as a clock does).
fn to_utc(local: NaiveDateTime, offset: Offset) -> DateTime<Utc> {
    let guess = local.and_utc() - Duration::minutes(i64::from(offset(local.and_utc())));
    local.and_utc() - Duration::minutes(i64::from(offset(guess)))
}

fn local_date(t: DateTime<Utc>, offset: Offset) -> NaiveDate {
    (t + Duration::minutes(i64::from(offset(t)))).date_naive()
}

/// The working spans of one local day, in UTC.
fn working_span(calendar: &WorkingCalendar, day: NaiveDate, offset: Offset) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    if !calendar.is_working_day(day) {
        return None;
    }
    let (start, end) = match *calendar {
        WorkingCalendar::Always => (0, 24 * 60),
        WorkingCalendar::BusinessHours { start, end, .. } => (u32::from(start), u32::from(end)),
    };
    let at = |m: u32| {
        let local = if m >= 24 * 60 {
            day.succ_opt()?.and_time(NaiveTime::MIN)
        } else {
            day.and_time(NaiveTime::from_num_seconds_from_midnight_opt(m * 60, 0)?)
        };
        Some(to_utc(local, offset))
    };
    Some((at(start)?, at(end)?))
}

/// `[from, to)` without the pauses: the spans the clock runs in.
fn running(from: DateTime<Utc>, to: DateTime<Utc>, pauses: &[Pause]) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
    let mut spans = vec![(from, to)];
    for p in pauses {
        let end = p.end.unwrap_or(DateTime::<Utc>::MAX_UTC);
        spans = spans
            .into_iter()
            .flat_map(|(a, b)| {
                let mut v = Vec::new();
                if p.start > a {
                    v.push((a, b.min(p.start)));
                }
                if end < b {
                    v.push((a.max(end), b));
                }
                v
            })
            .filter(|(a, b)| a < b)
            .collect();
    }
    spans
}

/// Days looked at, at most: a target of a year of working hours with
/// pauses fits; a calendar with no working day gives no due time.
const DAYS_MAX: i64 = 3 * 366;

/// When `minutes` of running working time after `start` are used up: the
/// due time, or None while a pause with no end holds it back (or the
/// calendar has no working time).
pub fn due(start: DateTime<Utc>, minutes: i64, calendar: &WorkingCalendar, pauses: &[Pause], offset: Offset) -> Option<DateTime<Utc>> {
    // Counted in seconds: a ticket opened at 9:00:30 is due at 17:00:30,
    // not at the next whole minute of the next day.
    let mut left = minutes.max(0) * 60;
    let first = local_date(start, offset) - Duration::days(1);
    for i in 0..DAYS_MAX {
        let day = first + Duration::days(i);
        let Some((a, b)) = working_span(calendar, day, offset) else { continue };
        let a = a.max(start);
        if a >= b {
            continue;
        }
        if pauses.iter().any(|p| p.end.is_none() && p.start <= a) {
            return None;
        }
        for (x, y) in running(a, b, pauses) {
            let span = (y - x).num_seconds();
            if left <= span {
                return Some(x + Duration::seconds(left));
            }
            left -= span;
        }
    }
    None
}

/// Running working minutes between `start` and `until`.
pub fn used(start: DateTime<Utc>, until: DateTime<Utc>, calendar: &WorkingCalendar, pauses: &[Pause], offset: Offset) -> i64 {
    if until <= start {
        return 0;
    }
    let mut total = 0;
    let mut day = local_date(start, offset) - Duration::days(1);
    let last = local_date(until, offset) + Duration::days(1);
    while day <= last {
        if let Some((a, b)) = working_span(calendar, day, offset) {
            let (a, b) = (a.max(start), b.min(until));
            if a < b {
                total += running(a, b, pauses).iter().map(|(x, y)| (*y - *x).num_seconds()).sum::<i64>();
            }
        }
        match day.succ_opt() {
            Some(d) => day = d,
            None => break,
        }
    }
    total / 60
}

/// Where a target of `minutes` started at `start` stands at `now`, met at
/// `met` (the first response, the resolution) if it was.
pub fn state(
    start: DateTime<Utc>,
    minutes: i64,
    met: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    calendar: &WorkingCalendar,
    pauses: &[Pause],
    offset: Offset,
) -> SlaState {
    let due_at = due(start, minutes, calendar, pauses, offset);
    judge(due_at, || used(start, now, calendar, pauses, offset), minutes, met, now)
}

/// [`state`] from a due time already computed; `used_now` (the running
/// minutes until `now`) is asked for only while the target is open.
pub fn judge(
    due_at: Option<DateTime<Utc>>,
    used_now: impl FnOnce() -> i64,
    minutes: i64,
    met: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> SlaState {
    let until = met.unwrap_or(now);
    if due_at.is_some_and(|d| d < until) {
        return SlaState::Breached;
    }
    if met.is_some() {
        return SlaState::Met;
    }
    if used_now() * 100 >= minutes * AT_RISK_PERCENT {
        SlaState::AtRisk
    } else {
        SlaState::OnTrack
    }
}

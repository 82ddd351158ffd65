//! SLA arithmetic, each case with its due time to the minute: nights,
//! weekends, Czech holidays, daylight saving time, pauses inside and
//! outside working hours, terms changed mid-ticket, a breach that stays.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use chrono::{Duration, TimeZone, Utc};
use common::{local, prague};
use vizitka_core::model::sla::{due, pauses, state, used, Pause, SlaState};
use vizitka_core::model::workcal::WorkingCalendar;

/// Weekdays 8:00–16:00, as the example.
fn eight_to_four() -> WorkingCalendar {
    WorkingCalendar::BusinessHours { days: 0b1_1111, start: 8 * 60, end: 16 * 60 }
}

fn h(n: i64) -> i64 {
    n * 60
}

#[test]
fn due_times_skip_nights_weekends_and_holidays() {
    let cal = eight_to_four();
    let d = |start, minutes| due(start, minutes, &cal, &[], &prague);
    // Friday 15:00 + 4 h: one hour on Friday, three on Monday.
    assert_eq!(d(local(2026, 11, 6, 15, 0), h(4)), Some(local(2026, 11, 9, 11, 0)));
    // Thursday before Easter 15:00 + 4 h: Good Friday and Easter Monday are holidays.
    assert_eq!(d(local(2026, 4, 2, 15, 0), h(4)), Some(local(2026, 4, 7, 11, 0)));
    // Created on Christmas Eve (a holiday), 24–26 December and a Sunday off.
    assert_eq!(d(local(2026, 12, 24, 10, 0), h(2)), Some(local(2026, 12, 28, 10, 0)));
    // Created at night: counting starts at 8:00.
    assert_eq!(d(local(2026, 11, 10, 22, 0), h(2)), Some(local(2026, 11, 11, 10, 0)));
    assert_eq!(d(local(2026, 11, 11, 6, 30), 30), Some(local(2026, 11, 11, 8, 30)));
    // Exactly at the end of the day: due at 16:00, not the next morning.
    assert_eq!(d(local(2026, 11, 11, 8, 0), h(8)), Some(local(2026, 11, 11, 16, 0)));
    // Opened half a minute past 8:00: 7 h later to the second, not a
    // whole minute that spills into the next morning.
    let half = Duration::seconds(30);
    assert_eq!(d(local(2026, 11, 11, 8, 0) + half, h(7)), Some(local(2026, 11, 11, 15, 0) + half));
    assert_eq!(d(local(2026, 11, 11, 9, 0) + half, h(7)), Some(local(2026, 11, 12, 8, 0) + half));
    // 28 September and 28 October, 17 November on weekdays in 2026.
    assert_eq!(d(local(2026, 9, 25, 15, 0), h(2)), Some(local(2026, 9, 29, 9, 0)));
    assert_eq!(d(local(2026, 10, 27, 15, 0), h(2)), Some(local(2026, 10, 29, 9, 0)));
    assert_eq!(d(local(2026, 11, 16, 15, 0), h(2)), Some(local(2026, 11, 18, 9, 0)));
    // A calendar with no working day never falls due.
    let never = WorkingCalendar::BusinessHours { days: 0, start: 8 * 60, end: 16 * 60 };
    assert_eq!(due(local(2026, 11, 6, 15, 0), h(1), &never, &[], &prague), None);
}

#[test]
fn daylight_saving_time_moves_utc_not_working_hours() {
    let cal = eight_to_four();
    // Friday 27 March 2026 15:00 CET (14:00 UTC) + 4 h, over the spring change.
    let start = local(2026, 3, 27, 15, 0);
    assert_eq!(start, Utc.with_ymd_and_hms(2026, 3, 27, 14, 0, 0).unwrap());
    let due_at = due(start, h(4), &cal, &[], &prague).unwrap();
    assert_eq!(due_at, Utc.with_ymd_and_hms(2026, 3, 30, 9, 0, 0).unwrap(), "Monday 11:00 CEST");
    // And over the autumn change.
    let due_at = due(local(2026, 10, 23, 15, 0), h(4), &cal, &[], &prague).unwrap();
    assert_eq!(due_at, Utc.with_ymd_and_hms(2026, 10, 26, 10, 0, 0).unwrap(), "Monday 11:00 CET");
    // 24/7 counts real hours: the night of the spring change has 23.
    let always = WorkingCalendar::Always;
    let start = local(2026, 3, 28, 23, 0);
    assert_eq!(due(start, h(4), &always, &[], &prague), Some(start + Duration::hours(4)));
    assert_eq!(used(start, start + Duration::hours(4), &always, &[], &prague), h(4));
}

#[test]
fn the_clock_pauses_while_waiting_and_pauses_outside_hours_change_nothing() {
    let cal = eight_to_four();
    let start = local(2026, 11, 9, 8, 0);
    // Waiting on the customer Monday 10:00 to Tuesday 10:00: 2 h + 6 h.
    let wait = [Pause { start: local(2026, 11, 9, 10, 0), end: Some(local(2026, 11, 10, 10, 0)) }];
    assert_eq!(due(start, h(8), &cal, &wait, &prague), Some(local(2026, 11, 10, 16, 0)));
    // A pause from Monday 18:00 to Tuesday 9:00 costs the hour 8–9 only.
    let evening = [Pause { start: local(2026, 11, 9, 18, 0), end: Some(local(2026, 11, 10, 9, 0)) }];
    assert_eq!(due(start, h(16), &cal, &evening, &prague), Some(local(2026, 11, 11, 9, 0)));
    // A pause that started and ended at night costs nothing.
    let night = [Pause { start: local(2026, 11, 9, 20, 0), end: Some(local(2026, 11, 10, 6, 0)) }];
    assert_eq!(due(start, h(16), &cal, &night, &prague), Some(local(2026, 11, 10, 16, 0)));
    // Still waiting: no due time, and the clock stands still.
    let open = [Pause { start: local(2026, 11, 9, 12, 0), end: None }];
    assert_eq!(due(start, h(8), &cal, &open, &prague), None);
    assert_eq!(used(start, local(2026, 11, 12, 12, 0), &cal, &open, &prague), h(4));
    assert_eq!(state(start, h(8), None, local(2026, 11, 20, 12, 0), &cal, &open, &prague), SlaState::OnTrack);
}

#[test]
fn pauses_come_from_the_status_history_and_survive_changed_terms() {
    #[derive(Clone, Copy, PartialEq)]
    enum S {
        Open,
        Waiting,
        Resolved,
    }
    let history = [
        (local(2026, 11, 9, 8, 0), S::Open),
        (local(2026, 11, 9, 10, 0), S::Waiting),
        (local(2026, 11, 10, 10, 0), S::Open),
        (local(2026, 11, 10, 12, 0), S::Waiting),
        (local(2026, 11, 10, 13, 0), S::Waiting),
        (local(2026, 11, 10, 14, 0), S::Resolved),
    ];
    let p = pauses(&history, |s| s == S::Waiting);
    assert_eq!(
        p,
        [
            Pause { start: local(2026, 11, 9, 10, 0), end: Some(local(2026, 11, 10, 10, 0)) },
            Pause { start: local(2026, 11, 10, 12, 0), end: Some(local(2026, 11, 10, 14, 0)) },
        ]
    );
    let cal = eight_to_four();
    let start = history[0].0;
    // Terms of 8 h, then changed to 16 h: the same history, recomputed.
    assert_eq!(due(start, h(8), &cal, &p, &prague), Some(local(2026, 11, 11, 10, 0)));
    assert_eq!(due(start, h(16), &cal, &p, &prague), Some(local(2026, 11, 12, 10, 0)));
    // A calendar changed to 24/7 counts the same pauses: 2 h on Monday,
    // 10–12 and 14–18 on Tuesday.
    let always = WorkingCalendar::Always;
    assert_eq!(due(start, h(8), &always, &p, &prague), Some(local(2026, 11, 10, 18, 0)));
}

#[test]
fn a_target_is_at_risk_from_80_percent_and_a_breach_stays() {
    let cal = eight_to_four();
    let start = local(2026, 11, 9, 8, 0);
    let s = |met, now| state(start, h(10), met, now, &cal, &[], &prague);
    assert_eq!(s(None, local(2026, 11, 9, 15, 59)), SlaState::OnTrack);
    assert_eq!(s(None, local(2026, 11, 10, 8, 0)), SlaState::AtRisk, "8 of 10 hours used");
    assert_eq!(s(Some(local(2026, 11, 10, 9, 0)), local(2026, 11, 10, 9, 30)), SlaState::Met);
    assert_eq!(s(None, local(2026, 11, 10, 10, 1)), SlaState::Breached);
    // Resolved after the due time: breached, whenever it is looked at.
    assert_eq!(s(Some(local(2026, 11, 10, 11, 0)), local(2027, 1, 1, 0, 0)), SlaState::Breached);
}

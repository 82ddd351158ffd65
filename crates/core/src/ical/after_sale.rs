//! The dates after the sale as calendar events with their own reminders:
//! each open ticket's next SLA due times (reminded an hour and a quarter
//! of an hour before) and each live contract's cancel-by day (reminded a
//! week and a day before), so the user's own calendar warns them when
//! Vizitka is closed.

use chrono::{DateTime, Duration, Utc};

use super::{Event, Item};
use crate::model::sla::Offset;
use crate::model::ticket::SlaGoal;
use crate::model::{Action, Crm};

/// The words of the events, in the user's language.
pub struct AfterSaleTexts {
    pub first_response: String,
    pub resolution: String,
    pub cancel_by: String,
}

/// How long before an SLA due time, and before a cancel-by day, the
/// calendar reminds.
const SLA_ALARMS: [i64; 2] = [60, 15];
const CANCEL_ALARMS_DAYS: [i64; 2] = [7, 1];

/// Upcoming SLA due times of open tickets and cancel-by days of live
/// contracts, by time.
pub fn after_sale(crm: &Crm, now: DateTime<Utc>, offset: Offset, texts: &AfterSaleTexts) -> Vec<Item> {
    let mut out: Vec<Event> = Vec::new();
    let edits = |id| crm.history_of(id).iter().filter(|h| h.action == Action::Updated).count() as u32;
    for t in crm.tickets().filter(|t| !t.status.is_done()) {
        let Some(sla) = crm.ticket_sla_brief(t, now, offset) else { continue };
        for g in sla.goals.iter().filter(|g| g.met.is_none()) {
            let Some(due) = g.due.filter(|d| *d >= now) else { continue };
            let what = if g.goal == SlaGoal::FirstResponse { &texts.first_response } else { &texts.resolution };
            let org = t.organization_id.and_then(|o| crm.organization(o)).map(|o| o.name.clone()).unwrap_or_default();
            out.push(Event {
                // One event per ticket and goal: a due time moved by a pause
                // updates it (the sequence counts the ticket's edits).
                uid: format!("{}-{}@vizitka", t.id, g.goal.code()),
                sequence: edits(t.id),
                start: due,
                end: due + Duration::minutes(15),
                summary: format!("{what}: {}", t.name()),
                description: [org, t.description.clone()].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join("\n"),
                location: String::new(),
                organizer: None,
                attendees: Vec::new(),
                updated_at: t.updated_at,
                all_day: false,
                alarms: SLA_ALARMS.iter().map(|m| Duration::minutes(*m)).collect(),
            });
        }
    }
    let today = (now + Duration::minutes(i64::from(offset(now)))).date_naive();
    for c in crm.contracts().filter(|c| c.is_live()) {
        let Some(day) = c.cancel_by(today).filter(|d| *d >= today) else { continue };
        let org = crm.organization(c.organization_id).map(|o| o.name.clone()).unwrap_or_default();
        let start = day.and_hms_opt(0, 0, 0).map_or(now, |d| d.and_utc());
        out.push(Event {
            // A new term has its own day: a new event.
            uid: format!("{}-cancel-{day}@vizitka", c.id),
            sequence: edits(c.id),
            start,
            end: start,
            summary: format!("{}: {}", texts.cancel_by, c.name()),
            description: org,
            location: String::new(),
            organizer: None,
            attendees: Vec::new(),
            updated_at: c.updated_at,
            all_day: true,
            alarms: CANCEL_ALARMS_DAYS.iter().map(|d| Duration::days(*d)).collect(),
        });
    }
    out.sort_by(|a, b| (a.start, &a.uid).cmp(&(b.start, &b.uid)));
    out.into_iter().map(Item::Event).collect()
}

//! Meetings and tasks as iCalendar items.

use chrono::{DateTime, Duration, Utc};

use super::{Event, Item, Person, Priority, Todo, TodoStatus};
use crate::model::{Action, Activity, ActivityKind, Crm, TaskStatus};

/// A person by id (a contact or a team member), if they have an email.
fn person(crm: &Crm, id: uuid::Uuid) -> Option<Person> {
    if let Some(c) = crm.contact(id) {
        return Some(Person { name: c.full_name(), email: c.primary_email()?.to_string() });
    }
    let m = crm.team_member(id)?;
    (!m.email.is_empty()).then(|| Person { name: m.name.clone(), email: m.email.clone() })
}

/// A meeting as an event, a task as a to-do; other kinds are not calendar
/// items. The UID is the activity's id, the SEQUENCE its number of edits.
pub fn activity_item(crm: &Crm, a: &Activity) -> Option<Item> {
    let uid = format!("{}@vizitka", a.id);
    let sequence = crm.history_of(a.id).iter().filter(|h| h.action == Action::Updated).count() as u32;
    let mut description = a.body.clone();
    if !a.summary.is_empty() {
        if !description.is_empty() {
            description.push_str("\n\n");
        }
        description.push_str(&a.summary);
    }
    match a.kind {
        ActivityKind::Meeting => {
            let start = a.at?;
            Some(Item::Event(Event {
                uid,
                sequence,
                start,
                end: a.end.filter(|e| *e >= start).unwrap_or(start + Duration::hours(1)),
                summary: a.subject.clone(),
                description,
                location: a.place.clone(),
                organizer: a.owner_id.and_then(|o| person(crm, o)),
                attendees: a.participants.iter().filter_map(|p| person(crm, *p)).collect(),
                updated_at: a.updated_at,
                all_day: false,
                alarms: Vec::new(),
            }))
        }
        ActivityKind::Task => Some(Item::Todo(Todo {
            uid,
            sequence,
            due: a.at,
            summary: a.subject.clone(),
            description,
            priority: match a.priority {
                crate::model::Priority::High => Priority::High,
                crate::model::Priority::Normal => Priority::Normal,
                crate::model::Priority::Low => Priority::Low,
            },
            status: match a.status {
                TaskStatus::Open => TodoStatus::Open,
                TaskStatus::Done => TodoStatus::Done,
                TaskStatus::Cancelled => TodoStatus::Cancelled,
            },
            completed: a.done_at,
            assignee: a.assignee_id.and_then(|m| person(crm, m)),
            updated_at: a.updated_at,
        })),
        _ => None,
    }
}

/// Every meeting that has not ended and every open task, by time.
pub fn upcoming(crm: &Crm, now: DateTime<Utc>) -> Vec<Item> {
    let mut list: Vec<&Activity> = crm
        .activities()
        .filter(|a| match a.kind {
            ActivityKind::Meeting => a.end.or(a.at).is_some_and(|t| t >= now),
            ActivityKind::Task => a.status == TaskStatus::Open,
            _ => false,
        })
        .collect();
    list.sort_by_key(|a| (a.at.unwrap_or(DateTime::<Utc>::MAX_UTC), a.id));
    list.into_iter().filter_map(|a| activity_item(crm, a)).collect()
}

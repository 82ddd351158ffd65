//! Activities: every interaction with a customer. One record type with a
//! `kind` (email, call, meeting, task, note), so a timeline, the stream and
//! the search treat them alike; the fields a kind does not use stay empty
//! and are left out of the JSON.
//!
//! An activity links to records through [`Link`]s, kept as records of their
//! own (many-to-many, indexed both ways in [`crate::model::Crm`]).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::kind::Kind;
use super::validate::{self as v, FieldError, Problem};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActivityKind {
    Email,
    Call,
    Meeting,
    Task,
    Note,
}

impl ActivityKind {
    pub const ALL: [ActivityKind; 5] = [ActivityKind::Email, ActivityKind::Call, ActivityKind::Meeting, ActivityKind::Task, ActivityKind::Note];

    pub fn code(self) -> &'static str {
        match self {
            ActivityKind::Email => "email",
            ActivityKind::Call => "call",
            ActivityKind::Meeting => "meeting",
            ActivityKind::Task => "task",
            ActivityKind::Note => "note",
        }
    }

    pub fn parse(s: &str) -> Option<ActivityKind> {
        ActivityKind::ALL.into_iter().find(|k| k.code() == s)
    }
}

coded! {
    pub enum Direction {
        Inbound = "inbound",
        #[default]
        Outbound = "outbound",
    }
}

coded! {
    pub enum Priority {
        Low = "low",
        #[default]
        Normal = "normal",
        High = "high",
    }
}

coded! {
    pub enum TaskStatus {
        #[default]
        Open = "open",
        Done = "done",
        Cancelled = "cancelled",
    }
}

fn is_default<T: Default + PartialEq>(t: &T) -> bool {
    *t == T::default()
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Activity {
    pub id: Uuid,
    #[serde(with = "crate::model::time::utc")]
    pub created_at: DateTime<Utc>,
    #[serde(with = "crate::model::time::utc")]
    pub updated_at: DateTime<Utc>,
    pub kind: ActivityKind,
    /// Email subject, call topic, meeting or task title.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub subject: String,
    /// Email body, meeting agenda, task description, the note's text.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub body: String,
    /// When it happens: an email's sending, a call, a meeting's start, a
    /// task's due time.
    #[serde(default, with = "crate::model::time::utc_opt", skip_serializing_if = "Option::is_none")]
    pub at: Option<DateTime<Utc>>,
    /// A meeting's end.
    #[serde(default, with = "crate::model::time::utc_opt", skip_serializing_if = "Option::is_none")]
    pub end: Option<DateTime<Utc>>,
    /// Emails and calls.
    #[serde(default, skip_serializing_if = "is_default")]
    pub direction: Direction,
    /// Email recipients.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub to: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cc: Vec<String>,
    /// A call's length.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_minutes: Option<u32>,
    /// A call's outcome.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub outcome: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub next_steps: String,
    /// A meeting's place or link.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub place: String,
    /// A meeting's participants: contacts and team members, by id.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub participants: Vec<Uuid>,
    /// What a meeting concluded, written after it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub summary: String,
    /// The team member a task is for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "is_default")]
    pub priority: Priority,
    #[serde(default, skip_serializing_if = "is_default")]
    pub status: TaskStatus,
    #[serde(default, with = "crate::model::time::utc_opt", skip_serializing_if = "Option::is_none")]
    pub done_at: Option<DateTime<Utc>>,
    /// The team member who logged it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
}

pub const MAX_RECIPIENTS: usize = 100;
pub const MAX_PARTICIPANTS: usize = 200;
/// A call longer than a day is a typo.
pub const MAX_CALL_MINUTES: u32 = 24 * 60;

impl Activity {
    pub fn new(id: Uuid, now: DateTime<Utc>, kind: ActivityKind) -> Self {
        Activity {
            id,
            created_at: now,
            updated_at: now,
            kind,
            subject: String::new(),
            body: String::new(),
            at: None,
            end: None,
            direction: Direction::default(),
            to: Vec::new(),
            cc: Vec::new(),
            duration_minutes: None,
            outcome: String::new(),
            next_steps: String::new(),
            place: String::new(),
            participants: Vec::new(),
            summary: String::new(),
            assignee_id: None,
            priority: Priority::default(),
            status: TaskStatus::default(),
            done_at: None,
            owner_id: None,
            tags: Vec::new(),
        }
    }

    /// When it sits on a timeline: its own time, else when it was logged.
    pub fn when(&self) -> DateTime<Utc> {
        self.at.unwrap_or(self.created_at)
    }

    /// A one-line name for lists, the history and the stream.
    pub fn title(&self) -> String {
        let text = if self.subject.trim().is_empty() { self.body.lines().find(|l| !l.trim().is_empty()).unwrap_or("") } else { &self.subject };
        text.trim().chars().take(120).collect()
    }

    /// When it happened, if it is an interaction with the customer: an
    /// email, a call or a meeting (tasks and notes are our own work).
    pub fn interaction_time(&self) -> Option<DateTime<Utc>> {
        matches!(self.kind, ActivityKind::Email | ActivityKind::Call | ActivityKind::Meeting).then(|| self.when())
    }

    pub fn is_open_task(&self) -> bool {
        self.kind == ActivityKind::Task && self.status == TaskStatus::Open
    }

    /// Field problems of the activity on its own; references (participants,
    /// assignee, links) are checked by the [`crate::model::Crm`].
    pub fn validate(&self) -> Vec<FieldError> {
        let mut e = Vec::new();
        v::max_len(&mut e, "subject", &self.subject, v::SHORT_TEXT);
        v::max_len(&mut e, "body", &self.body, v::LONG_TEXT);
        v::max_len(&mut e, "outcome", &self.outcome, v::SHORT_TEXT);
        v::max_len(&mut e, "next_steps", &self.next_steps, v::LONG_TEXT);
        v::max_len(&mut e, "place", &self.place, v::URL_MAX);
        v::max_len(&mut e, "summary", &self.summary, v::LONG_TEXT);
        v::tags(&mut e, "tags", &self.tags);
        v::max_items(&mut e, "to", self.to.len(), MAX_RECIPIENTS);
        v::max_items(&mut e, "cc", self.cc.len(), MAX_RECIPIENTS);
        for (field, list) in [("to", &self.to), ("cc", &self.cc)] {
            for (i, a) in list.iter().enumerate() {
                if let Some(p) = v::required_item_problem(a, v::is_email, Problem::NotEmail) {
                    e.push(FieldError::new(format!("{field}[{i}]"), p));
                }
            }
        }
        v::max_items(&mut e, "participants", self.participants.len(), MAX_PARTICIPANTS);
        // A place that names a scheme is a link, and only web links are kept.
        if self.place.contains(':')
            && !self.place.contains(' ')
            && self.place.split(':').next().is_some_and(|s| s.chars().all(|c| c.is_ascii_alphabetic()))
        {
            v::web_url(&mut e, "place", &self.place);
        }
        if self.duration_minutes.is_some_and(|m| m > MAX_CALL_MINUTES) {
            e.push(FieldError::new("duration_minutes", Problem::OutOfRange { min: 0, max: i64::from(MAX_CALL_MINUTES) }));
        }
        match self.kind {
            ActivityKind::Email => {
                v::required(&mut e, "subject", &self.subject);
                if self.at.is_none() {
                    e.push(FieldError::new("at", Problem::Required));
                }
            }
            ActivityKind::Call => {
                if self.at.is_none() {
                    e.push(FieldError::new("at", Problem::Required));
                }
            }
            ActivityKind::Meeting => {
                v::required(&mut e, "subject", &self.subject);
                match (self.at, self.end) {
                    (None, _) => e.push(FieldError::new("at", Problem::Required)),
                    (Some(start), Some(end)) if end < start => e.push(FieldError::new("end", Problem::EndBeforeStart)),
                    _ => {}
                }
            }
            ActivityKind::Task => v::required(&mut e, "subject", &self.subject),
            ActivityKind::Note => v::required(&mut e, "body", &self.body),
        }
        e
    }
}

/// An activity's link to a record it concerns. Kept as a record of its own
/// so one activity can concern many records and a record's timeline is an
/// index lookup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    pub id: Uuid,
    pub activity_id: Uuid,
    pub record_kind: Kind,
    pub record_id: Uuid,
}

/// What an activity can be linked to, by kind and id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Target {
    pub kind: Kind,
    pub id: Uuid,
}

impl Target {
    pub fn new(kind: Kind, id: Uuid) -> Target {
        Target { kind, id }
    }

    pub fn contact(id: Uuid) -> Target {
        Target { kind: Kind::Contact, id }
    }

    pub fn organization(id: Uuid) -> Target {
        Target { kind: Kind::Organization, id }
    }
}

impl Link {
    pub fn target(&self) -> Target {
        Target { kind: self.record_kind, id: self.record_id }
    }

    /// Kinds an activity can concern.
    pub fn linkable(kind: Kind) -> bool {
        matches!(
            kind,
            Kind::Organization
                | Kind::Contact
                | Kind::Lead
                | Kind::Opportunity
                | Kind::Quote
                | Kind::Project
                | Kind::Handover
                | Kind::DeliveredItem
                | Kind::Contract
                | Kind::Ticket
        )
    }
}

/// Percent-encodes a mailto: header value (RFC 6068): everything but
/// unreserved characters, so spaces, `&`, `?` and non-ASCII survive.
fn mailto_encode(out: &mut String, s: &str) {
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'@' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
}

impl Activity {
    /// A `mailto:` link that opens the user's email app with this email's
    /// recipients, subject and body filled in.
    pub fn mailto(&self) -> String {
        let mut out = String::from("mailto:");
        for (i, a) in self.to.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            mailto_encode(&mut out, a);
        }
        let mut sep = '?';
        let cc = self.cc.join(",");
        for (name, value) in [("cc", cc.as_str()), ("subject", self.subject.as_str()), ("body", self.body.as_str())] {
            if !value.is_empty() {
                out.push(sep);
                sep = '&';
                out.push_str(name);
                out.push('=');
                // Line breaks in a body are CRLF in a mailto: URL.
                mailto_encode(&mut out, &value.replace("\r\n", "\n").replace('\n', "\r\n"));
            }
        }
        out
    }
}

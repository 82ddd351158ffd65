//! iCalendar (RFC 5545) files of meetings and tasks, and of the dates after
//! the sale (SLA due times, contracts' cancel-by days) with reminders of
//! their own (VALARM), for calendar apps.
//! Pure: plain values in, text out; tested natively against an independent
//! parser.
//!
//! What calendar apps rely on, and this writes: CRLF line ends; lines
//! folded at 75 octets without splitting a UTF-8 character; TEXT escaping
//! of `\`, `;`, `,` and line breaks; times in UTC with `Z`; a UID that
//! stays the same for the same item, and a SEQUENCE that grows with each
//! edit, so a re-imported meeting updates instead of duplicating.

use std::fmt::Write;

use chrono::{DateTime, Datelike, Timelike, Utc};

/// A participant or organizer. Only people with an email address can be
/// written (iCalendar names them by a `mailto:` address).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub name: String,
    pub email: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Stable across exports: the record's id plus a domain.
    pub uid: String,
    /// How many times the item was edited since it was created.
    pub sequence: u32,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub summary: String,
    pub description: String,
    /// A place or a meeting link.
    pub location: String,
    pub organizer: Option<Person>,
    pub attendees: Vec<Person>,
    pub updated_at: DateTime<Utc>,
    /// A whole day (`start`'s UTC date; written as a DATE, no time).
    pub all_day: bool,
    /// Reminders the calendar app shows this long before the start, even
    /// when Vizitka is closed.
    pub alarms: Vec<chrono::Duration>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TodoStatus {
    Open,
    Done,
    Cancelled,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Priority {
    High,
    Normal,
    Low,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Todo {
    pub uid: String,
    pub sequence: u32,
    pub due: Option<DateTime<Utc>>,
    pub summary: String,
    pub description: String,
    pub priority: Priority,
    pub status: TodoStatus,
    pub completed: Option<DateTime<Utc>>,
    pub assignee: Option<Person>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    Event(Event),
    Todo(Todo),
}

/// A calendar file holding `items`. `now` is the time of the export
/// (DTSTAMP, which RFC 5545 requires on every item).
pub fn calendar(items: &[Item], now: DateTime<Utc>) -> String {
    let mut w = Writer::default();
    w.line("BEGIN", "VCALENDAR");
    w.line("VERSION", "2.0");
    w.line("PRODID", "-//Vizitka//Vizitka CRM//CS");
    w.line("CALSCALE", "GREGORIAN");
    w.line("METHOD", "PUBLISH");
    for item in items {
        match item {
            Item::Event(e) => event(&mut w, e, now),
            Item::Todo(t) => todo(&mut w, t, now),
        }
    }
    w.line("END", "VCALENDAR");
    w.out
}

/// The lines every item starts with: identity, version and times.
fn begin(w: &mut Writer, component: &str, uid: &str, sequence: u32, updated_at: DateTime<Utc>, now: DateTime<Utc>) {
    w.line("BEGIN", component);
    w.line("UID", &escape(uid));
    w.line("DTSTAMP", &utc(now));
    w.line("SEQUENCE", &sequence.to_string());
    w.line("LAST-MODIFIED", &utc(updated_at));
}

fn event(w: &mut Writer, e: &Event, now: DateTime<Utc>) {
    begin(w, "VEVENT", &e.uid, e.sequence, e.updated_at, now);
    if e.all_day {
        let day = e.start.date_naive();
        w.line("DTSTART;VALUE=DATE", &date(day));
        w.line("DTEND;VALUE=DATE", &date(day.succ_opt().unwrap_or(day)));
    } else {
        w.line("DTSTART", &utc(e.start));
        // An end before the start is refused by calendar apps.
        w.line("DTEND", &utc(e.end.max(e.start)));
    }
    w.text("SUMMARY", &e.summary);
    w.text("DESCRIPTION", &e.description);
    w.text("LOCATION", &e.location);
    if let Some(o) = &e.organizer {
        w.person("ORGANIZER", "", o);
    }
    for a in &e.attendees {
        w.person("ATTENDEE", ";ROLE=REQ-PARTICIPANT", a);
    }
    for before in &e.alarms {
        w.line("BEGIN", "VALARM");
        w.line("ACTION", "DISPLAY");
        w.line("TRIGGER", &trigger(*before));
        // DISPLAY alarms require a description (RFC 5545 3.6.6).
        w.line("DESCRIPTION", &escape(if e.summary.trim().is_empty() { "Vizitka" } else { &e.summary }));
        w.line("END", "VALARM");
    }
    w.line("END", "VEVENT");
}

fn todo(w: &mut Writer, t: &Todo, now: DateTime<Utc>) {
    begin(w, "VTODO", &t.uid, t.sequence, t.updated_at, now);
    if let Some(due) = t.due {
        w.line("DUE", &utc(due));
    }
    w.text("SUMMARY", &t.summary);
    w.text("DESCRIPTION", &t.description);
    // RFC 5545: 1 is the highest priority, 9 the lowest.
    let priority = match t.priority {
        Priority::High => "1",
        Priority::Normal => "5",
        Priority::Low => "9",
    };
    w.line("PRIORITY", priority);
    let status = match t.status {
        TodoStatus::Open => "NEEDS-ACTION",
        TodoStatus::Done => "COMPLETED",
        TodoStatus::Cancelled => "CANCELLED",
    };
    w.line("STATUS", status);
    if let (TodoStatus::Done, Some(at)) = (t.status, t.completed) {
        w.line("COMPLETED", &utc(at));
    }
    if let Some(a) = &t.assignee {
        w.person("ATTENDEE", ";ROLE=REQ-PARTICIPANT", a);
    }
    w.line("END", "VTODO");
}

/// Content lines as iCalendar (RFC 5545) and vCard (RFC 6350) share them:
/// `NAME;PARAMS:value`, CRLF, folded at 75 octets.
#[derive(Default)]
pub(crate) struct Writer {
    pub(crate) out: String,
}

impl Writer {
    /// One content line, folded: no physical line is longer than 75
    /// octets, and a fold never splits a UTF-8 character.
    pub(crate) fn line(&mut self, name: &str, value: &str) {
        let mut width = 0;
        for c in name.chars().chain(std::iter::once(':')).chain(value.chars()) {
            let n = c.len_utf8();
            if width + n > 75 {
                // A continuation line starts with one space, which counts.
                // A line is never left ending in spaces or tabs: many
                // parsers trim them, which would lose the value's; they
                // move down (a fuzzer found tabs lost this way).
                let line_start = self.out.rfind('\n').map_or(0, |i| i + 1);
                let kept = self.out[line_start..].trim_end_matches([' ', '\t']).len();
                let moved = if kept > 1 { self.out.split_off(line_start + kept) } else { String::new() };
                self.out.push_str("\r\n ");
                width = 1 + moved.len();
                self.out.push_str(&moved);
            }
            self.out.push(c);
            width += n;
        }
        self.out.push_str("\r\n");
    }

    /// A TEXT property, left out when blank. Whitespace ending the value
    /// is left out: parsers trim the end of a line, and then one reads a
    /// value that another does not.
    pub(crate) fn text(&mut self, name: &str, value: &str) {
        if !value.chars().all(|c| c.is_whitespace() || c.is_control()) {
            self.line(name, escape(value).trim_end_matches([' ', '\t']));
        }
    }

    /// ORGANIZER or ATTENDEE: the name as a parameter, the address as a
    /// `mailto:` URI. Without an address there is nothing to write.
    fn person(&mut self, name: &str, params: &str, p: &Person) {
        let email = p.email.trim();
        if email.is_empty() {
            return;
        }
        let mut head = name.to_string();
        head.push_str(params);
        if !p.name.trim().is_empty() {
            let _ = write!(head, ";CN={}", param(&p.name));
        }
        self.line(&head, &format!("mailto:{}", email.chars().filter(|c| !c.is_control()).collect::<String>()));
    }
}

/// TEXT escaping (RFC 5545 3.3.11): backslash, semicolon, comma and line
/// breaks (any of CRLF, CR, LF becomes `\n`); other control characters,
/// which the format has no way to carry, are dropped.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A parameter value: quoted when it holds `:`, `;` or `,`; a double
/// quote cannot appear in one at all (RFC 5545 3.1), so it becomes `'`.
pub(crate) fn param(s: &str) -> String {
    let clean: String = s.chars().filter(|c| !c.is_control()).map(|c| if c == '"' { '\'' } else { c }).collect();
    if clean.contains([':', ';', ',']) {
        format!("\"{clean}\"")
    } else {
        clean
    }
}

/// A UTC date-time: `20261122T093000Z`.
/// A DATE value: "20261231".
fn date(d: chrono::NaiveDate) -> String {
    format!("{:04}{:02}{:02}", d.year(), d.month(), d.day())
}

/// A reminder `before` the start as a DURATION (RFC 5545 3.3.6): "-P7D",
/// "-PT1H", "-PT15M".
fn trigger(before: chrono::Duration) -> String {
    let m = before.num_minutes().max(0);
    if m > 0 && m % (24 * 60) == 0 {
        format!("-P{}D", m / (24 * 60))
    } else if m > 0 && m % 60 == 0 {
        format!("-PT{}H", m / 60)
    } else {
        format!("-PT{m}M")
    }
}

pub(crate) fn utc(t: DateTime<Utc>) -> String {
    format!("{:04}{:02}{:02}T{:02}{:02}{:02}Z", t.year(), t.month(), t.day(), t.hour(), t.minute(), t.second())
}

mod activity;
mod after_sale;
pub use activity::{activity_item, upcoming};
pub use after_sale::{after_sale, AfterSaleTexts};

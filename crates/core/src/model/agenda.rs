//! What is due when: tasks by due date, and the reminders the inbox shows.
//! Pure: the time and the user's offset from UTC come in, so the rules are
//! tested natively at any moment ("today" is the user's local day).

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use uuid::Uuid;

use super::automation::{Alert, Draft};
use super::history::HistoryEntry;
use super::opportunity::Opportunity;
use super::pipeline::Stage;
use super::sla::{Offset, SlaState};
use super::ticket::{SlaGoal, Ticket};
use super::{Activity, ActivityKind, Contact, Crm, DateKind, Kind, Target, TaskStatus};

/// How soon before a meeting it is in the inbox.
pub const MEETING_LEAD_MINUTES: i64 = 15;

pub fn local_day(t: DateTime<Utc>, offset_minutes: i32) -> NaiveDate {
    (t + Duration::minutes(i64::from(offset_minutes))).date_naive()
}

/// The groups of the tasks page, in the order shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Due {
    Overdue,
    Today,
    ThisWeek,
    Later,
    NoDate,
}

impl Due {
    pub const ALL: [Due; 5] = [Due::Overdue, Due::Today, Due::ThisWeek, Due::Later, Due::NoDate];

    /// Which group a task due at `at` is in at `now` (weeks end on Sunday).
    pub fn of(at: Option<DateTime<Utc>>, now: DateTime<Utc>, offset_minutes: i32) -> Due {
        let Some(at) = at else { return Due::NoDate };
        if at < now {
            return Due::Overdue;
        }
        let (day, today) = (local_day(at, offset_minutes), local_day(now, offset_minutes));
        let sunday = today + Duration::days(6 - i64::from(today.weekday().num_days_from_monday()));
        if day == today {
            Due::Today
        } else if day <= sunday {
            Due::ThisWeek
        } else {
            Due::Later
        }
    }
}

/// Open tasks (of `assignee`, or everyone's for None), soonest first, those
/// without a due date last.
pub fn open_tasks(crm: &Crm, assignee: Option<Uuid>) -> Vec<&Activity> {
    let mut list: Vec<&Activity> = crm.activities().filter(|a| a.is_open_task() && assignee.is_none_or(|m| a.assignee_id == Some(m))).collect();
    list.sort_by_key(|a| (a.at.is_none(), a.at, a.id));
    list
}

/// Open tasks grouped by [`Due`], each group soonest first.
pub fn task_groups(crm: &Crm, assignee: Option<Uuid>, now: DateTime<Utc>, offset_minutes: i32) -> Vec<(Due, Vec<&Activity>)> {
    let mut groups: Vec<(Due, Vec<&Activity>)> = Due::ALL.iter().map(|d| (*d, Vec::new())).collect();
    for t in open_tasks(crm, assignee) {
        let due = Due::of(t.at, now, offset_minutes);
        groups[due as usize].1.push(t);
    }
    groups.retain(|(_, list)| !list.is_empty());
    groups
}

/// Something the inbox tells the user about.
#[derive(Debug, Clone, PartialEq)]
pub enum Reminder<'a> {
    /// An open task whose due time has come (or passed).
    TaskDue(&'a Activity),
    /// A meeting that starts within [`MEETING_LEAD_MINUTES`] (or has just begun).
    MeetingSoon(&'a Activity),
    /// A contact's birthday, anniversary or other important date is today.
    ImportantDate { contact: &'a Contact, kind: DateKind, label: &'a str, years: Option<i32> },
    /// An open opportunity's submission deadline or expected close is near
    /// (3 days, then 1 day before) or past.
    Deadline { opportunity: &'a Opportunity, which: DeadlineKind, when: Nearness },
    /// A reminder a rule put in the inbox.
    Alert(&'a Alert),
    /// An email a rule drafted, waiting to be sent or discarded.
    Draft(&'a Draft),
    /// A change someone else made to a record the user follows.
    Followed(&'a HistoryEntry),
    /// A date after the sale: a milestone or a defect fix past due, a
    /// project's planned end, a warranty or contract ending, a contract's
    /// cancel-by date coming (30, then 7 days before). `label` names it
    /// ("Serverovna: Instalace").
    Delivery { record: Target, label: String, due: DeliveryDue, date: NaiveDate, step: u8 },
    /// A ticket's SLA goal at risk or breached (each reminds once).
    Sla { ticket: &'a Ticket, goal: SlaGoal, state: SlaState, due: DateTime<Utc> },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DeliveryDue {
    MilestoneOverdue,
    PlannedEnd,
    DefectFixBy,
    WarrantyEnds,
    CancelBy,
    ContractEnds,
}

/// How far back the inbox shows changes to followed records.
pub const FOLLOWED_DAYS: i64 = 30;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DeadlineKind {
    Submission,
    Close,
}

/// How near a deadline is; each step reminds once (a dismissed "3 days"
/// comes back at "1 day", and again when overdue).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Nearness {
    /// Two or three days left.
    InDays(i64),
    /// Today or tomorrow.
    Soon(i64),
    Overdue,
}

impl Nearness {
    /// For a deadline `days` local days away (negative: past), or None
    /// while it is more than 3 days away.
    fn of(days: i64, past: bool) -> Option<Nearness> {
        match days {
            _ if past || days < 0 => Some(Nearness::Overdue),
            0 | 1 => Some(Nearness::Soon(days)),
            2 | 3 => Some(Nearness::InDays(days)),
            _ => None,
        }
    }

    fn step(self) -> &'static str {
        match self {
            Nearness::InDays(_) => "3",
            Nearness::Soon(_) => "1",
            Nearness::Overdue => "overdue",
        }
    }
}

impl Reminder<'_> {
    /// Stable while the reminder means the same thing: dismissing a task's
    /// reminder does not hide it after the task is moved to another time,
    /// and a birthday reminds again next year.
    pub fn key(&self, now: DateTime<Utc>, offset_minutes: i32) -> String {
        match self {
            Reminder::TaskDue(a) | Reminder::MeetingSoon(a) => {
                format!("{}:{}:{}", a.kind.code(), a.id, a.at.map(|t| t.timestamp()).unwrap_or_default())
            }
            Reminder::ImportantDate { contact, label, kind, .. } => {
                format!("date:{}:{kind:?}:{label}:{}", contact.id, local_day(now, offset_minutes).year())
            }
            Reminder::Deadline { opportunity: o, which, when } => {
                let date = match which {
                    DeadlineKind::Submission => o.submission_deadline.map(|t| t.timestamp().to_string()),
                    DeadlineKind::Close => o.expected_close.map(|d| d.to_string()),
                };
                format!("deadline:{}:{which:?}:{}:{}", o.id, date.unwrap_or_default(), when.step())
            }
            Reminder::Alert(a) => format!("alert:{}", a.id),
            Reminder::Draft(d) => format!("draft:{}", d.id),
            Reminder::Followed(h) => format!("history:{}", h.id),
            Reminder::Delivery { record, label, due, date, step } => format!("delivery:{due:?}:{}:{label}:{date}:{step}", record.id),
            Reminder::Sla { ticket, goal, state, .. } => format!("sla:{}:{}:{state:?}", ticket.id, goal.code()),
        }
    }

    /// The id its [`Reminder::key`] names.
    fn key_id(&self) -> Uuid {
        match self {
            Reminder::TaskDue(a) | Reminder::MeetingSoon(a) => a.id,
            Reminder::ImportantDate { contact, .. } => contact.id,
            Reminder::Deadline { opportunity, .. } => opportunity.id,
            Reminder::Alert(a) => a.id,
            Reminder::Draft(d) => d.id,
            Reminder::Followed(h) => h.id,
            Reminder::Delivery { record, .. } => record.id,
            Reminder::Sla { ticket, .. } => ticket.id,
        }
    }

    /// When it is about, for sorting (the day's start for a date).
    pub fn at(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        match self {
            Reminder::TaskDue(a) | Reminder::MeetingSoon(a) => a.at.unwrap_or(now),
            Reminder::ImportantDate { .. } => now,
            Reminder::Deadline { opportunity: o, which: DeadlineKind::Submission, .. } => o.submission_deadline.unwrap_or(now),
            Reminder::Deadline { .. } => now,
            Reminder::Alert(a) => a.created_at,
            Reminder::Draft(d) => d.created_at,
            Reminder::Followed(h) => h.at,
            Reminder::Delivery { date, .. } => date.and_hms_opt(0, 0, 0).map_or(now, |t| t.and_utc()),
            Reminder::Sla { due, .. } => *due,
        }
    }
}

/// What [`reminders`] are made of: a reader of them reruns when records
/// of these kinds change.
pub const REMINDER_KINDS: [Kind; 14] = [
    Kind::Activity,
    Kind::Contact,
    Kind::Opportunity,
    Kind::Stage,
    Kind::Alert,
    Kind::Draft,
    Kind::Follow,
    Kind::History,
    Kind::Project,
    Kind::Handover,
    Kind::DeliveredItem,
    Kind::Contract,
    Kind::Ticket,
    Kind::Supplier,
];

/// Everything the inbox shows at `now`, before dismissals: due and overdue
/// tasks of `me` (or unassigned ones), meetings starting soon, and
/// contacts' important dates today. Overdue first, then by time.
pub fn reminders(crm: &Crm, me: Option<Uuid>, now: DateTime<Utc>, offset_minutes: i32) -> Vec<Reminder<'_>> {
    let (mut out, mut dates) = gather(crm, me, now, offset_minutes);
    out.sort_by_key(|r| r.at(now));
    dates.sort_by_cached_key(|r| match r {
        Reminder::ImportantDate { contact, .. } => crm.sort_key(contact.id).to_string(),
        _ => String::new(),
    });
    out.extend(dates);
    out
}

/// [`reminders`] unsorted: the dated ones, and today's important dates.
fn gather(crm: &Crm, me: Option<Uuid>, now: DateTime<Utc>, offset_minutes: i32) -> (Vec<Reminder<'_>>, Vec<Reminder<'_>>) {
    let mut out: Vec<Reminder> = Vec::new();
    for a in crm.activities() {
        match a.kind {
            ActivityKind::Task if a.status == TaskStatus::Open => {
                let mine = a.assignee_id.is_none() || a.assignee_id == me;
                if mine && a.at.is_some_and(|t| t <= now) {
                    out.push(Reminder::TaskDue(a));
                }
            }
            ActivityKind::Meeting => {
                let soon = a.at.is_some_and(|t| t <= now + Duration::minutes(MEETING_LEAD_MINUTES) && a.end.unwrap_or(t) >= now);
                if soon {
                    out.push(Reminder::MeetingSoon(a));
                }
            }
            _ => {}
        }
    }
    let today = local_day(now, offset_minutes);
    out.extend(deadlines(crm, me, now, offset_minutes));
    out.extend(crm.alerts_for(me).into_iter().map(Reminder::Alert));
    out.extend(crm.open_drafts(me).into_iter().map(Reminder::Draft));
    out.extend(followed(crm, me, now));
    out.extend(delivery(crm, me, today));
    let mut dates: Vec<Reminder> = Vec::new();
    // A 29 February date is also looked up on 28 February (see below).
    let mut days = vec![(today.month(), today.day())];
    if today.month() == 2 && today.day() == 28 {
        days.push((2, 29));
    }
    let mut people: Vec<&Contact> = days.into_iter().flat_map(|(m, d)| crm.contacts_with_date_on(m, d)).collect();
    people.sort_unstable_by_key(|c| c.id);
    people.dedup_by_key(|c| c.id);
    for c in people {
        for d in &c.important_dates {
            if same_day_of_year(d.date, today) {
                let years = (d.kind != DateKind::Custom).then(|| today.year() - d.date.year()).filter(|y| *y > 0);
                dates.push(Reminder::ImportantDate { contact: c, kind: d.kind, label: &d.label, years });
            }
        }
    }
    (out, dates)
}

/// Changes others made in the last [`FOLLOWED_DAYS`] to records `me`
/// follows, since they followed them.
fn followed(crm: &Crm, me: Option<Uuid>, now: DateTime<Utc>) -> Vec<Reminder<'_>> {
    let since = now - Duration::days(FOLLOWED_DAYS);
    let mut out: Vec<&HistoryEntry> = Vec::new();
    for f in crm.follows_of(me) {
        let from = f.created_at.max(since);
        out.extend(crm.history_of(f.record_id).into_iter().filter(|h| h.at > from && h.at <= now && h.by_id != me));
    }
    out.sort_unstable_by_key(|h| (h.at, h.id));
    out.dedup_by_key(|h| h.id);
    out.into_iter().map(Reminder::Followed).collect()
}

/// Deadlines of open opportunities that are `me`'s (or no one's).
fn deadlines(crm: &Crm, me: Option<Uuid>, now: DateTime<Utc>, offset_minutes: i32) -> Vec<Reminder<'_>> {
    let today = local_day(now, offset_minutes);
    let mut out = Vec::new();
    for o in crm.opportunities() {
        let open = crm.stage(o.stage_id).is_none_or(Stage::is_open);
        if !open || !(o.owner_id.is_none() || o.owner_id == me) {
            continue;
        }
        if let Some(t) = o.submission_deadline {
            let days = (local_day(t, offset_minutes) - today).num_days();
            if let Some(when) = Nearness::of(days, t < now) {
                out.push(Reminder::Deadline { opportunity: o, which: DeadlineKind::Submission, when });
            }
        }
        if let Some(d) = o.expected_close {
            if let Some(when) = Nearness::of((d - today).num_days(), false) {
                out.push(Reminder::Deadline { opportunity: o, which: DeadlineKind::Close, when });
            }
        }
    }
    out
}

/// How many days before its end a project's planned end, and a contract's
/// end, come to the inbox.
pub const END_LEAD_DAYS: i64 = 7;
/// How soon a defect's fix-by date comes to the inbox.
pub const FIX_LEAD_DAYS: i64 = 3;

/// The dates after the sale that need someone: of `me`'s (or no one's)
/// open projects and live contracts, every delivered item, and signed
/// protocols' open defects.
pub fn delivery(crm: &Crm, me: Option<Uuid>, today: NaiveDate) -> Vec<Reminder<'_>> {
    let mine = |owner: Option<Uuid>| owner.is_none() || owner == me;
    let days = |d: NaiveDate| (d - today).num_days();
    let mut out = Vec::new();
    let mut push = |kind: Kind, id: Uuid, label: String, due: DeliveryDue, date: NaiveDate, step: u8| {
        out.push(Reminder::Delivery { record: Target::new(kind, id), label, due, date, step });
    };
    for p in crm.projects().filter(|p| p.status.is_open() && mine(p.owner_id)) {
        for m in p.milestones.iter().filter(|m| m.is_overdue(today)) {
            push(Kind::Project, p.id, format!("{}: {}", p.name, m.name), DeliveryDue::MilestoneOverdue, m.due, 0);
        }
        if days(p.planned_end) <= END_LEAD_DAYS {
            push(Kind::Project, p.id, p.name.clone(), DeliveryDue::PlannedEnd, p.planned_end, u8::from(days(p.planned_end) < 0));
        }
    }
    for h in crm.handovers().filter(|h| h.is_signed()) {
        for d in h.open_defects().filter(|d| days(d.fix_by) <= FIX_LEAD_DAYS) {
            push(Kind::Handover, h.id, format!("{}: {}", h.number, d.description), DeliveryDue::DefectFixBy, d.fix_by, u8::from(days(d.fix_by) < 0));
        }
    }
    for i in crm.delivered_items().filter(|i| i.state == super::delivered::ItemState::InService) {
        if let Some(w) = i.warranty_until.filter(|w| (0..=super::delivered::WARRANTY_SOON_DAYS).contains(&days(*w))) {
            let org = crm.organization(i.organization_id).map_or("", |o| o.name.as_str());
            push(Kind::DeliveredItem, i.id, format!("{org}: {}", i.name), DeliveryDue::WarrantyEnds, w, 0);
        }
    }
    for c in crm.contracts().filter(|c| c.is_live() && mine(c.owner_id)) {
        if let Some(d) = c.cancel_by(today).filter(|d| (0..=30).contains(&days(*d))) {
            push(Kind::Contract, c.id, c.name(), DeliveryDue::CancelBy, d, if days(d) <= 7 { 7 } else { 30 });
        }
        if let Some(end) = c.term_end(today).filter(|e| (0..=END_LEAD_DAYS).contains(&days(*e))) {
            push(Kind::Contract, c.id, c.name(), DeliveryDue::ContractEnds, end, 0);
        }
    }
    out
}

/// The SLA goals of open tickets assigned to `me` (or no one) that are at
/// risk or breached at `now`, breached first, then by due time.
pub fn support<'a>(crm: &'a Crm, me: Option<Uuid>, now: DateTime<Utc>, offset: Offset) -> Vec<Reminder<'a>> {
    let mut out = sla_warnings(crm, me, now, offset);
    out.sort_by_key(|(t, goal, state, due)| (*state != SlaState::Breached, *due, t.id, *goal));
    out.into_iter().map(|(ticket, goal, state, due)| Reminder::Sla { ticket, goal, state, due }).collect()
}

/// [`support`] unsorted.
fn sla_warnings<'a>(crm: &'a Crm, me: Option<Uuid>, now: DateTime<Utc>, offset: Offset) -> Vec<(&'a Ticket, SlaGoal, SlaState, DateTime<Utc>)> {
    let mut out = Vec::new();
    for t in crm.tickets().filter(|t| !t.status.is_done() && (t.assignee_id.is_none() || t.assignee_id == me)) {
        let Some(sla) = crm.ticket_sla_brief(t, now, offset) else { continue };
        for g in sla.goals.iter().filter(|g| g.met.is_none() && matches!(g.state, SlaState::AtRisk | SlaState::Breached)) {
            out.extend(g.due.map(|due| (t, g.goal, g.state, due)));
        }
    }
    out
}

/// How many of [`support`] and [`reminders`] the inbox shows at `now`,
/// after what the user dismissed or snoozed (`handled`, by key): what its
/// badge says after every action and every tick. Neither sorted nor keyed
/// (thousands of keys at 100,000 contacts): a key is only written for a
/// reminder whose record has one handled.
pub fn shown_count(
    crm: &Crm,
    me: Option<Uuid>,
    now: DateTime<Utc>,
    offset: Offset,
    offset_minutes: i32,
    handled: &std::collections::HashMap<String, Handled>,
) -> usize {
    let named: crate::model::ids::IdSet = handled.keys().flat_map(|k| k.split(':').filter_map(|part| Uuid::try_parse(part).ok())).collect();
    let is_shown = |r: &Reminder| !named.contains(&r.key_id()) || shown(handled.get(&r.key(now, offset_minutes)).copied(), now);
    let (out, dates) = gather(crm, me, now, offset_minutes);
    let sla = sla_warnings(crm, me, now, offset).into_iter().map(|(ticket, goal, state, due)| Reminder::Sla { ticket, goal, state, due });
    sla.chain(out).chain(dates).filter(|r| is_shown(r)).count()
}

/// 29 February is celebrated on 28 February in other years.
fn same_day_of_year(date: NaiveDate, today: NaiveDate) -> bool {
    let leap = NaiveDate::from_ymd_opt(today.year(), 2, 29).is_some();
    match (date.month(), date.day()) {
        (2, 29) if !leap => today.month() == 2 && today.day() == 28,
        (m, d) => today.month() == m && today.day() == d,
    }
}

/// What the user did with a reminder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Handled {
    Dismissed,
    SnoozedUntil(DateTime<Utc>),
}

/// Whether a reminder with this handling is shown at `now`.
pub fn shown(handled: Option<Handled>, now: DateTime<Utc>) -> bool {
    match handled {
        None => true,
        Some(Handled::Dismissed) => false,
        Some(Handled::SnoozedUntil(t)) => now >= t,
    }
}

/// Meetings and tasks on each local day from `first` to `last` (both
/// included), each day's by time: what a calendar week or month shows.
pub fn calendar_days(crm: &Crm, first: NaiveDate, last: NaiveDate, offset_minutes: i32) -> Vec<(NaiveDate, Vec<&Activity>)> {
    let days = (last - first).num_days().max(-1) + 1;
    let mut out: Vec<(NaiveDate, Vec<&Activity>)> = (0..days).map(|i| (first + Duration::days(i), Vec::new())).collect();
    for a in crm.activities().filter(|a| matches!(a.kind, ActivityKind::Meeting | ActivityKind::Task)) {
        let Some(at) = a.at else { continue };
        let day = local_day(at, offset_minutes);
        if day >= first && day <= last {
            out[(day - first).num_days() as usize].1.push(a);
        }
    }
    for (_, list) in out.iter_mut() {
        list.sort_by_key(|a| (a.at, a.id));
    }
    out
}

/// The Monday of `day`'s week.
pub fn week_start(day: NaiveDate) -> NaiveDate {
    day - Duration::days(i64::from(day.weekday().num_days_from_monday()))
}

/// The days a month view shows: whole weeks from the Monday on or before
/// the 1st to the Sunday on or after the last day.
pub fn month_grid(day: NaiveDate) -> (NaiveDate, NaiveDate) {
    let first = day.with_day(1).unwrap_or(day);
    let next = if first.month() == 12 {
        NaiveDate::from_ymd_opt(first.year() + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(first.year(), first.month() + 1, 1)
    };
    let last = next.map_or(day, |n| n - Duration::days(1));
    (week_start(first), week_start(last) + Duration::days(6))
}

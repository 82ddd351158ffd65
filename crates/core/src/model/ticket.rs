//! Tickets: a customer's problem from the report to its resolution, with
//! the SLA that applies to it. A ticket keeps the history of its statuses
//! (when it entered each); its SLA clock is recomputed from that history
//! and the terms of today, never kept as a counter (see `sla.rs`).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::contract::{Sla, SlaPriority};
use super::sla::{self, Offset, Pause, SlaState};
use super::validate::{self as v, FieldError, Problem};
use super::workcal::WorkingCalendar;

coded! {
    pub enum TicketStatus {
        #[default]
        New = "new",
        Open = "open",
        WaitingOnCustomer = "waiting_on_customer",
        WaitingOnThirdParty = "waiting_on_third_party",
        Resolved = "resolved",
        Closed = "closed",
    }
}

impl TicketStatus {
    /// The SLA clock does not run while the ticket waits on someone else.
    pub fn is_paused(self) -> bool {
        matches!(self, TicketStatus::WaitingOnCustomer | TicketStatus::WaitingOnThirdParty)
    }

    /// Resolved or closed: nothing is owed any more.
    pub fn is_done(self) -> bool {
        matches!(self, TicketStatus::Resolved | TicketStatus::Closed)
    }
}

coded! {
    pub enum Channel {
        #[default]
        Phone = "phone",
        Email = "email",
        Web = "web",
        OnSite = "on_site",
        Other = "other",
    }
}

/// The ticket entered `status` at `at`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusChange {
    #[serde(with = "crate::model::time::utc")]
    pub at: DateTime<Utc>,
    pub status: TicketStatus,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ticket {
    pub id: Uuid,
    #[serde(with = "crate::model::time::utc")]
    pub created_at: DateTime<Utc>,
    #[serde(with = "crate::model::time::utc")]
    pub updated_at: DateTime<Utc>,
    /// "T-2026-0001".
    pub number: String,
    /// A ticket is about an organization, a contact, or both.
    #[serde(default)]
    pub organization_id: Option<Uuid>,
    #[serde(default)]
    pub contact_id: Option<Uuid>,
    /// What broke, one of the organization's delivered items.
    #[serde(default)]
    pub delivered_item_id: Option<Uuid>,
    /// Whose SLA applies: the item's contract, or one picked.
    #[serde(default)]
    pub contract_id: Option<Uuid>,
    pub subject: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub priority: SlaPriority,
    #[serde(default)]
    pub channel: Channel,
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub assignee_id: Option<Uuid>,
    #[serde(default)]
    pub status: TicketStatus,
    /// Every status the ticket entered, in time order, the first one at
    /// its creation; the last one is `status`.
    #[serde(default)]
    pub statuses: Vec<StatusChange>,
    /// When someone marked the customer as answered (a logged outbound
    /// email or call answers too, see `Crm::first_response`).
    #[serde(default, with = "crate::model::time::utc_opt")]
    pub responded_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub resolution: String,
    #[serde(default)]
    pub tags: Vec<String>,
}

pub const PREFIX: &str = "T-";
/// Status changes kept per ticket (a ticket bounced more often is a typo
/// or a loop; the oldest are what matters to the SLA, so more are refused).
pub const STATUSES_MAX: usize = 1_000;

impl Ticket {
    pub fn new(id: Uuid, now: DateTime<Utc>, number: String) -> Self {
        Ticket {
            id,
            created_at: now,
            updated_at: now,
            number,
            organization_id: None,
            contact_id: None,
            delivered_item_id: None,
            contract_id: None,
            subject: String::new(),
            description: String::new(),
            priority: SlaPriority::Normal,
            channel: Channel::Phone,
            category: String::new(),
            assignee_id: None,
            status: TicketStatus::New,
            statuses: vec![StatusChange { at: now, status: TicketStatus::New }],
            responded_at: None,
            resolution: String::new(),
            tags: Vec::new(),
        }
    }

    /// "T-2026-0007 Pec netopí".
    pub fn name(&self) -> String {
        format!("{} {}", self.number, self.subject)
    }

    pub fn sort_key(&self) -> String {
        self.number.clone()
    }

    /// `self` with `status` recorded as entered at `at` if it is not the
    /// status it is in already.
    pub fn with_status(mut self, status: TicketStatus, at: DateTime<Utc>) -> Self {
        self.status = status;
        if self.statuses.last().map(|s| s.status) != Some(status) {
            self.statuses.push(StatusChange { at: at.max(self.statuses.last().map_or(at, |s| s.at)), status });
        }
        self
    }

    /// When it was resolved (or closed), if it is now: the last time it
    /// entered a done status from an open one. A reopened ticket is not.
    pub fn resolved_at(&self) -> Option<DateTime<Utc>> {
        if !self.status.is_done() {
            return None;
        }
        let mut at = None;
        let mut done = false;
        for s in &self.statuses {
            if s.status.is_done() && !done {
                at = Some(s.at);
            }
            done = s.status.is_done();
        }
        at
    }

    /// The spans spent waiting on the customer or a third party.
    pub fn pauses(&self) -> Vec<Pause> {
        let history: Vec<(DateTime<Utc>, TicketStatus)> = self.statuses.iter().map(|s| (s.at, s.status)).collect();
        sla::pauses(&history, TicketStatus::is_paused)
    }

    /// Where the ticket's SLA stands at `now` under `terms`, the customer
    /// first answered at `responded` (None: no SLA for its priority), with
    /// the working time each goal used and the time paused.
    pub fn sla(&self, terms: &Sla, responded: Option<DateTime<Utc>>, now: DateTime<Utc>, offset: Offset) -> Option<TicketSla> {
        self.sla_in(terms, responded, now, offset, true)
    }

    /// [`Ticket::sla`] without the time used and paused (0 where it did
    /// not decide the state): what a list of thousands needs. A ticket
    /// breached long ago is not walked day by day up to now.
    pub fn sla_brief(&self, terms: &Sla, responded: Option<DateTime<Utc>>, now: DateTime<Utc>, offset: Offset) -> Option<TicketSla> {
        self.sla_in(terms, responded, now, offset, false)
    }

    fn sla_in(&self, terms: &Sla, responded: Option<DateTime<Utc>>, now: DateTime<Utc>, offset: Offset, full: bool) -> Option<TicketSla> {
        let target = terms.target(self.priority)?;
        let pauses = self.pauses();
        let resolved = self.resolved_at();
        // Resolving answers the customer too.
        let responded = match (responded, resolved) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        let goal = |goal: SlaGoal, hours: u32, met: Option<DateTime<Utc>>| {
            let minutes = i64::from(hours) * 60;
            let until = met.unwrap_or(now).min(now);
            let due = sla::due(self.created_at, minutes, &terms.calendar, &pauses, offset);
            let used_now = || sla::used(self.created_at, until, &terms.calendar, &pauses, offset);
            // While open, `until` is `now`: the minutes used so far. Brief,
            // they are counted only when the state depends on them.
            let mut used = full.then(used_now);
            let state = sla::judge(due, || *used.get_or_insert_with(used_now), minutes, met, now);
            GoalStatus { goal, minutes, due, met, used: used.unwrap_or(0), state }
        };
        let first_response = goal(SlaGoal::FirstResponse, target.first_response_hours, responded);
        let resolution = goal(SlaGoal::Resolution, target.resolution_hours, resolved);
        let until = resolved.unwrap_or(now).min(now);
        let paused_minutes = if full { sla::used(self.created_at, until, &terms.calendar, &[], offset) - resolution.used } else { 0 };
        Some(TicketSla { calendar: terms.calendar, pauses, paused_minutes, goals: [first_response, resolution] })
    }

    pub fn validate(&self) -> Vec<FieldError> {
        let mut e = Vec::new();
        if parse_number(&self.number).is_none() {
            e.push(FieldError::new("number", Problem::BadTicketNumber));
        }
        if self.organization_id.is_none() && self.contact_id.is_none() {
            e.push(FieldError::new("organization_id", Problem::Required));
        }
        v::required(&mut e, "subject", &self.subject);
        v::max_len(&mut e, "subject", &self.subject, v::NAME_MAX);
        v::max_len(&mut e, "description", &self.description, v::LONG_TEXT);
        v::max_len(&mut e, "category", &self.category, v::NAME_MAX);
        v::max_len(&mut e, "resolution", &self.resolution, v::LONG_TEXT);
        v::tags(&mut e, "tags", &self.tags);
        v::max_items(&mut e, "statuses", self.statuses.len(), STATUSES_MAX);
        if self.statuses.windows(2).any(|w| w[1].at < w[0].at) || self.statuses.first().is_some_and(|s| s.at < self.created_at) {
            e.push(FieldError::new("statuses", Problem::EndBeforeStart));
        }
        if self.statuses.last().map(|s| s.status) != Some(self.status) {
            e.push(FieldError::new("statuses", Problem::NotAChoice));
        }
        if self.responded_at.is_some_and(|r| r < self.created_at) {
            e.push(FieldError::new("responded_at", Problem::EndBeforeStart));
        }
        e
    }

    pub fn references(&self) -> impl Iterator<Item = Uuid> + '_ {
        self.organization_id.into_iter().chain(self.contact_id).chain(self.delivered_item_id).chain(self.contract_id)
    }
}

/// The two promises an SLA makes about a ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SlaGoal {
    FirstResponse,
    Resolution,
}

impl SlaGoal {
    pub const ALL: [SlaGoal; 2] = [SlaGoal::FirstResponse, SlaGoal::Resolution];

    pub fn code(self) -> &'static str {
        match self {
            SlaGoal::FirstResponse => "first_response",
            SlaGoal::Resolution => "resolution",
        }
    }
}

/// One goal of a ticket's SLA at a moment: its working minutes, due time,
/// when it was met, how much of it is used, and so where it stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GoalStatus {
    pub goal: SlaGoal,
    pub minutes: i64,
    /// None while a pause with no end holds it back.
    pub due: Option<DateTime<Utc>>,
    pub met: Option<DateTime<Utc>>,
    /// Working minutes run until it was met (or now).
    pub used: i64,
    pub state: SlaState,
}

impl GoalStatus {
    /// Still to be met.
    pub fn is_pending(&self) -> bool {
        matches!(self.state, SlaState::OnTrack | SlaState::AtRisk) || (self.state == SlaState::Breached && self.met.is_none())
    }
}

/// A ticket's SLA explained: the calendar, the pauses, the working minutes
/// they held back, and each goal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketSla {
    pub calendar: WorkingCalendar,
    pub pauses: Vec<Pause>,
    pub paused_minutes: i64,
    pub goals: [GoalStatus; 2],
}

impl TicketSla {
    /// The worse of the two goals (breached, at risk, on track, met).
    pub fn state(&self) -> SlaState {
        let rank = |s: SlaState| match s {
            SlaState::Breached => 0,
            SlaState::AtRisk => 1,
            SlaState::OnTrack => 2,
            SlaState::Met => 3,
        };
        self.goals.iter().map(|g| g.state).min_by_key(|s| rank(*s)).unwrap_or(SlaState::Met)
    }

    /// The nearest due time of a goal not met yet.
    pub fn next_due(&self) -> Option<DateTime<Utc>> {
        self.goals.iter().filter(|g| g.met.is_none()).filter_map(|g| g.due).min()
    }

    pub fn goal(&self, goal: SlaGoal) -> &GoalStatus {
        &self.goals[goal as usize]
    }
}

/// (year, sequence) of "T-2026-0001".
pub fn parse_number(s: &str) -> Option<(i32, u32)> {
    super::quote::parse_prefixed(PREFIX, s)
}

/// The next ticket number in `day`'s year.
pub fn next_number<'a>(day: NaiveDate, used: impl IntoIterator<Item = &'a str>) -> String {
    super::quote::next_prefixed(PREFIX, day, used)
}

//! Contracts: what a customer has signed up for, until when, and by when
//! it must be cancelled not to renew. The cancel-by date is derived (end of
//! the current term minus the notice period), never stored; so are the
//! terms of an auto-renewing contract.

use chrono::{DateTime, Months, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::money::default_currency;
use super::validate::{self as v, FieldError, Problem};
use super::workcal::WorkingCalendar;

coded! {
    pub enum ContractKind {
        #[default]
        Service = "service",
        Support = "support",
        Licence = "licence",
        Lease = "lease",
        Maintenance = "maintenance",
        Other = "other",
    }
}

coded! {
    pub enum ContractState {
        #[default]
        Draft = "draft",
        Active = "active",
        Ended = "ended",
        Cancelled = "cancelled",
    }
}

coded! {
    pub enum BillingPeriod {
        #[default]
        Monthly = "monthly",
        Quarterly = "quarterly",
        Yearly = "yearly",
        OneOff = "one_off",
    }
}

coded! {
    pub enum PeriodUnit {
        #[default]
        Days = "days",
        Months = "months",
    }
}

coded! {
    /// A ticket's priority, and the SLA row that applies to it.
    pub enum SlaPriority {
        Critical = "critical",
        High = "high",
        #[default]
        Normal = "normal",
        Low = "low",
    }
}

/// A length of time in days or months ("3 months" of notice).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub amount: u32,
    #[serde(default)]
    pub unit: PeriodUnit,
}

impl Period {
    pub fn months(amount: u32) -> Period {
        Period { amount, unit: PeriodUnit::Months }
    }

    pub fn days(amount: u32) -> Period {
        Period { amount, unit: PeriodUnit::Days }
    }

    /// `day` minus the period; a month back from the 31st is the last day
    /// of the shorter month (31 March − 1 month = 28 or 29 February).
    pub fn before(self, day: NaiveDate) -> Option<NaiveDate> {
        match self.unit {
            PeriodUnit::Days => day.checked_sub_signed(chrono::Duration::days(i64::from(self.amount))),
            PeriodUnit::Months => day.checked_sub_months(Months::new(self.amount)),
        }
    }

    pub fn after(self, day: NaiveDate) -> Option<NaiveDate> {
        match self.unit {
            PeriodUnit::Days => day.checked_add_signed(chrono::Duration::days(i64::from(self.amount))),
            PeriodUnit::Months => day.checked_add_months(Months::new(self.amount)),
        }
    }
}

/// First-response and resolution times for one priority, in hours of the
/// contract's working calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaTarget {
    pub priority: SlaPriority,
    pub first_response_hours: u32,
    pub resolution_hours: u32,
}

/// The SLA a contract promises: a target per priority and the calendar the
/// hours are counted in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sla {
    #[serde(default)]
    pub calendar: WorkingCalendar,
    #[serde(default)]
    pub targets: Vec<SlaTarget>,
}

impl Default for Sla {
    /// Common support terms: 2/8 h critical, 4/16 high, 8/40 normal,
    /// 16/80 low, in business hours.
    fn default() -> Self {
        let t = |priority, first_response_hours, resolution_hours| SlaTarget { priority, first_response_hours, resolution_hours };
        Sla {
            calendar: WorkingCalendar::default(),
            targets: vec![t(SlaPriority::Critical, 2, 8), t(SlaPriority::High, 4, 16), t(SlaPriority::Normal, 8, 40), t(SlaPriority::Low, 16, 80)],
        }
    }
}

impl Sla {
    pub fn target(&self, priority: SlaPriority) -> Option<&SlaTarget> {
        self.targets.iter().find(|t| t.priority == priority)
    }

    /// Problems of terms found at `at` ("sla", "default_sla").
    pub fn validate(&self, at: &str, e: &mut Vec<FieldError>) {
        if let WorkingCalendar::BusinessHours { days, start, end } = self.calendar {
            if days & 0b111_1111 == 0 {
                e.push(FieldError::new(format!("{at}.calendar.days"), Problem::Required));
            }
            if start >= end || end > 24 * 60 {
                e.push(FieldError::new(format!("{at}.calendar.end"), Problem::EndBeforeStart));
            }
        }
        for (i, t) in self.targets.iter().enumerate() {
            if self.targets[..i].iter().any(|o| o.priority == t.priority) {
                e.push(FieldError::new(format!("{at}.targets[{i}].priority"), Problem::DuplicateId));
            }
            v::range(e, &format!("{at}.targets[{i}].first_response_hours"), i64::from(t.first_response_hours), 1, 8_760);
            v::range(e, &format!("{at}.targets[{i}].resolution_hours"), i64::from(t.resolution_hours), 1, 8_760);
            if t.resolution_hours < t.first_response_hours {
                e.push(FieldError::new(format!("{at}.targets[{i}].resolution_hours"), Problem::EndBeforeStart));
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contract {
    pub id: Uuid,
    #[serde(with = "crate::model::time::utc")]
    pub created_at: DateTime<Utc>,
    #[serde(with = "crate::model::time::utc")]
    pub updated_at: DateTime<Utc>,
    pub organization_id: Uuid,
    #[serde(default)]
    pub kind: ContractKind,
    #[serde(default)]
    pub number: String,
    pub title: String,
    #[serde(with = "crate::model::time::date")]
    pub start: NaiveDate,
    /// None: open-ended.
    #[serde(default, with = "crate::model::time::date_opt")]
    pub end: Option<NaiveDate>,
    #[serde(default)]
    pub auto_renew: bool,
    /// How long each renewal runs.
    #[serde(default)]
    pub renewal: Period,
    /// How long before the end of a term it must be cancelled.
    #[serde(default)]
    pub notice: Period,
    /// Minor units per billing period.
    #[serde(default)]
    pub value: i64,
    #[serde(default = "default_currency")]
    pub currency: String,
    #[serde(default)]
    pub billing: BillingPeriod,
    #[serde(default)]
    pub owner_id: Option<Uuid>,
    /// The projects it covers (delivered items name their contract).
    #[serde(default)]
    pub project_ids: Vec<Uuid>,
    #[serde(default)]
    pub state: ContractState,
    /// Support contracts promise an SLA; others may leave it empty.
    #[serde(default)]
    pub sla: Option<Sla>,
    #[serde(default)]
    pub notes: String,
    #[serde(default)]
    pub tags: Vec<String>,
}

/// Renewal terms looked ahead at most (a 1-day renewal renews daily).
const TERMS_MAX: usize = 10_000;

impl Contract {
    pub fn new(id: Uuid, now: DateTime<Utc>, organization_id: Uuid, today: NaiveDate) -> Self {
        Contract {
            id,
            created_at: now,
            updated_at: now,
            organization_id,
            kind: ContractKind::Service,
            number: String::new(),
            title: String::new(),
            start: today,
            end: today.checked_add_months(Months::new(12)).and_then(|d| d.pred_opt()),
            auto_renew: false,
            renewal: Period::months(12),
            notice: Period::months(3),
            value: 0,
            currency: default_currency(),
            billing: BillingPeriod::Monthly,
            owner_id: None,
            project_ids: Vec::new(),
            state: ContractState::Draft,
            sla: None,
            notes: String::new(),
            tags: Vec::new(),
        }
    }

    /// "2026/014 Servis serverovny", or the title alone.
    pub fn name(&self) -> String {
        if self.number.is_empty() {
            self.title.clone()
        } else {
            format!("{} {}", self.number, self.title)
        }
    }

    pub fn sort_key(&self) -> String {
        super::search::fold(&self.name())
    }

    /// Draft or active: its dates are still ahead of someone.
    pub fn is_live(&self) -> bool {
        matches!(self.state, ContractState::Draft | ContractState::Active)
    }

    /// The last day of the term running on `today`: the end, or for an
    /// auto-renewing contract past its end, the end of the renewal term
    /// `today` falls in. None for an open-ended contract.
    pub fn term_end(&self, today: NaiveDate) -> Option<NaiveDate> {
        let mut end = self.end?;
        if !self.auto_renew || self.renewal.amount == 0 {
            return Some(end);
        }
        for _ in 0..TERMS_MAX {
            if end >= today {
                return Some(end);
            }
            // The day after the end starts the next term.
            end = self.renewal.after(end.succ_opt()?)?.pred_opt()?;
        }
        Some(end)
    }

    /// The last day to cancel the term running on `today`: its end minus
    /// the notice period (the end itself without one).
    pub fn cancel_by(&self, today: NaiveDate) -> Option<NaiveDate> {
        self.notice.before(self.term_end(today)?)
    }

    pub fn validate(&self) -> Vec<FieldError> {
        let mut e = Vec::new();
        v::required(&mut e, "title", &self.title);
        v::max_len(&mut e, "title", &self.title, v::NAME_MAX);
        v::max_len(&mut e, "number", &self.number, v::NAME_MAX);
        if self.end.is_some_and(|end| end < self.start) {
            e.push(FieldError::new("end", Problem::EndBeforeStart));
        }
        if self.auto_renew && self.renewal.amount == 0 {
            e.push(FieldError::new("renewal", Problem::NotPositive));
        }
        if self.auto_renew && self.end.is_none() {
            e.push(FieldError::new("end", Problem::Required));
        }
        for (field, p) in [("renewal", self.renewal), ("notice", self.notice)] {
            let max = if p.unit == PeriodUnit::Days { 3_660 } else { 120 };
            v::range(&mut e, field, i64::from(p.amount), 0, max);
        }
        v::amount(&mut e, "value", self.value);
        v::currency(&mut e, "currency", &self.currency);
        v::max_items(&mut e, "project_ids", self.project_ids.len(), super::project::PLAN_MAX);
        if let Some(sla) = &self.sla {
            sla.validate("sla", &mut e);
        }
        v::max_len(&mut e, "notes", &self.notes, v::LONG_TEXT);
        v::tags(&mut e, "tags", &self.tags);
        e
    }

    pub fn references(&self) -> impl Iterator<Item = Uuid> + '_ {
        std::iter::once(self.organization_id).chain(self.project_ids.iter().copied())
    }
}

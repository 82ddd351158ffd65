//! Delivery projects: what was sold being delivered. A project carries its
//! plan (milestones, deliverables) and the issues and change requests
//! raised on the way, inside the record: they are edited with it and
//! never shared with another project.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::money::default_currency;
use super::quote::QuoteItem;
use super::validate::{self as v, FieldError, Problem};

coded! {
    pub enum ProjectStatus {
        #[default]
        Planned = "planned",
        Running = "running",
        OnHold = "on_hold",
        Done = "done",
        Cancelled = "cancelled",
    }
}

impl ProjectStatus {
    /// Still being delivered: its dates matter.
    pub fn is_open(self) -> bool {
        matches!(self, ProjectStatus::Planned | ProjectStatus::Running | ProjectStatus::OnHold)
    }
}

coded! {
    pub enum DeliverableState {
        #[default]
        ToDo = "to_do",
        InProgress = "in_progress",
        Delivered = "delivered",
        Accepted = "accepted",
    }
}

coded! {
    pub enum IssueKind {
        #[default]
        Issue = "issue",
        ChangeRequest = "change_request",
    }
}

coded! {
    pub enum IssueState {
        #[default]
        Open = "open",
        Accepted = "accepted",
        Rejected = "rejected",
        Done = "done",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Milestone {
    pub id: Uuid,
    pub name: String,
    #[serde(with = "crate::model::time::date")]
    pub due: NaiveDate,
    #[serde(default)]
    pub owner_id: Option<Uuid>,
    #[serde(default, with = "crate::model::time::date_opt")]
    pub done_on: Option<NaiveDate>,
}

impl Milestone {
    /// Not done and due before `today`.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.done_on.is_none() && self.due < today
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deliverable {
    pub id: Uuid,
    pub what: String,
    #[serde(default)]
    pub owner_id: Option<Uuid>,
    #[serde(default)]
    pub state: DeliverableState,
}

/// An issue or a change request raised during delivery.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectIssue {
    pub id: Uuid,
    pub title: String,
    #[serde(default)]
    pub kind: IssueKind,
    /// A contact of the customer.
    #[serde(default)]
    pub raised_by: Option<Uuid>,
    #[serde(with = "crate::model::time::date")]
    pub raised_on: NaiveDate,
    #[serde(default)]
    pub state: IssueState,
    #[serde(default)]
    pub resolution: String,
    /// What it does to the plan ("+2 weeks", "new deliverable").
    #[serde(default)]
    pub effect: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Project {
    pub id: Uuid,
    #[serde(with = "crate::model::time::utc")]
    pub created_at: DateTime<Utc>,
    #[serde(with = "crate::model::time::utc")]
    pub updated_at: DateTime<Utc>,
    pub name: String,
    pub organization_id: Uuid,
    /// The won deal it delivers, if it came from one.
    #[serde(default)]
    pub opportunity_id: Option<Uuid>,
    /// The customer's people involved.
    #[serde(default)]
    pub contact_ids: Vec<Uuid>,
    /// The responsible team member.
    #[serde(default)]
    pub owner_id: Option<Uuid>,
    #[serde(with = "crate::model::time::date")]
    pub start: NaiveDate,
    #[serde(with = "crate::model::time::date")]
    pub planned_end: NaiveDate,
    #[serde(default)]
    pub status: ProjectStatus,
    /// Minor units.
    #[serde(default)]
    pub value: i64,
    #[serde(default = "default_currency")]
    pub currency: String,
    /// What is to be delivered: the accepted quote's lines, as they were.
    #[serde(default)]
    pub scope: Vec<QuoteItem>,
    #[serde(default)]
    pub milestones: Vec<Milestone>,
    #[serde(default)]
    pub deliverables: Vec<Deliverable>,
    #[serde(default)]
    pub issues: Vec<ProjectIssue>,
    #[serde(default)]
    pub notes: String,
    #[serde(default)]
    pub tags: Vec<String>,
}

/// Milestones, deliverables or issues one project may hold.
pub const PLAN_MAX: usize = 500;

impl Project {
    pub fn new(id: Uuid, now: DateTime<Utc>, organization_id: Uuid, today: NaiveDate) -> Self {
        Project {
            id,
            created_at: now,
            updated_at: now,
            name: String::new(),
            organization_id,
            opportunity_id: None,
            contact_ids: Vec::new(),
            owner_id: None,
            start: today,
            planned_end: today + chrono::Duration::days(30),
            status: ProjectStatus::Planned,
            value: 0,
            currency: default_currency(),
            scope: Vec::new(),
            milestones: Vec::new(),
            deliverables: Vec::new(),
            issues: Vec::new(),
            notes: String::new(),
            tags: Vec::new(),
        }
    }

    pub fn sort_key(&self) -> String {
        super::search::fold(&self.name)
    }

    /// Milestones by due date (then name): the plan's order.
    pub fn plan(&self) -> Vec<&Milestone> {
        let mut m: Vec<&Milestone> = self.milestones.iter().collect();
        m.sort_by(|a, b| (a.due, &a.name).cmp(&(b.due, &b.name)));
        m
    }

    /// Open and past its planned end, or holding an overdue milestone.
    pub fn is_late(&self, today: NaiveDate) -> bool {
        self.status.is_open() && (self.planned_end < today || self.milestones.iter().any(|m| m.is_overdue(today)))
    }

    pub fn validate(&self) -> Vec<FieldError> {
        let mut e = Vec::new();
        v::required(&mut e, "name", &self.name);
        v::max_len(&mut e, "name", &self.name, v::NAME_MAX);
        if self.planned_end < self.start {
            e.push(FieldError::new("planned_end", Problem::EndBeforeStart));
        }
        v::amount(&mut e, "value", self.value);
        v::currency(&mut e, "currency", &self.currency);
        v::max_items(&mut e, "scope", self.scope.len(), super::quote::ITEMS_MAX);
        v::max_items(&mut e, "contact_ids", self.contact_ids.len(), PLAN_MAX);
        for (list, n) in [("milestones", self.milestones.len()), ("deliverables", self.deliverables.len()), ("issues", self.issues.len())] {
            v::max_items(&mut e, list, n, PLAN_MAX);
        }
        for (i, m) in self.milestones.iter().enumerate() {
            v::required(&mut e, &format!("milestones[{i}].name"), &m.name);
            v::max_len(&mut e, &format!("milestones[{i}].name"), &m.name, v::NAME_MAX);
        }
        for (i, d) in self.deliverables.iter().enumerate() {
            v::required(&mut e, &format!("deliverables[{i}].what"), &d.what);
            v::max_len(&mut e, &format!("deliverables[{i}].what"), &d.what, v::SHORT_TEXT);
        }
        for (i, x) in self.issues.iter().enumerate() {
            v::required(&mut e, &format!("issues[{i}].title"), &x.title);
            v::max_len(&mut e, &format!("issues[{i}].title"), &x.title, v::SHORT_TEXT);
            v::max_len(&mut e, &format!("issues[{i}].resolution"), &x.resolution, v::LONG_TEXT);
            v::max_len(&mut e, &format!("issues[{i}].effect"), &x.effect, v::SHORT_TEXT);
        }
        v::max_len(&mut e, "notes", &self.notes, v::LONG_TEXT);
        v::tags(&mut e, "tags", &self.tags);
        e
    }

    /// The records this one points at, for the reverse index.
    pub fn references(&self) -> impl Iterator<Item = Uuid> + '_ {
        std::iter::once(self.organization_id).chain(self.opportunity_id).chain(self.contact_ids.iter().copied())
    }
}

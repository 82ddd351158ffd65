//! Workflow automation: [`Rule`]s (a trigger, an optional delay,
//! conditions, actions), the email [`Template`]s their drafts are written
//! from, and what running them leaves behind: [`Firing`]s (one rule on one
//! record, due at a time, run exactly once), [`Alert`]s (reminders a rule
//! put in the inbox), [`Draft`]s (emails a rule wrote, sent by the user)
//! and [`Follow`]s (records a team member follows).
//!
//! There is no server: the page runs the rules. A user action schedules
//! the firings its changes trigger in its own transaction
//! ([`crate::model::ops::automation`]); the app runs due firings at start (catching up, oldest
//! first) and on a timer, each batch in a transaction the store refuses
//! when another tab wrote since this one loaded — so a firing runs once.

pub mod builtin;
pub mod fields;
pub mod template;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::activity::Target;
use super::kind::Kind;
use super::validate::{self as v, FieldError, Problem};

/// Kinds a rule can watch: the records people work on.
pub const RULE_KINDS: [Kind; 9] = [
    Kind::Contact,
    Kind::Organization,
    Kind::Lead,
    Kind::Opportunity,
    Kind::Quote,
    Kind::Activity,
    Kind::DeliveredItem,
    Kind::Contract,
    Kind::Ticket,
];

/// Rules per data set: enough for any small team, few enough that every
/// save checks them all at once.
pub const RULES_MAX: usize = 200;
pub const ACTIONS_MAX: usize = 10;
pub const CONDITIONS_MAX: usize = 20;
/// The longest delay: a year.
pub const DELAY_DAYS_MAX: u32 = 366;

coded! {
    pub enum Unit {
        Minutes = "minutes",
        Hours = "hours",
        #[default]
        Days = "days",
    }
}

/// How long after the trigger a rule acts; for a date trigger also how
/// long before the date (`before`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delay {
    pub amount: u32,
    pub unit: Unit,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub before: bool,
}

impl Delay {
    pub fn none() -> Delay {
        Delay::default()
    }

    pub fn days(n: u32) -> Delay {
        Delay { amount: n, unit: Unit::Days, before: false }
    }

    pub fn is_none(&self) -> bool {
        self.amount == 0
    }

    pub fn duration(&self) -> Duration {
        let n = i64::from(self.amount);
        let d = match self.unit {
            Unit::Minutes => Duration::minutes(n),
            Unit::Hours => Duration::hours(n),
            Unit::Days => Duration::days(n),
        };
        if self.before {
            -d
        } else {
            d
        }
    }

    fn too_long(&self) -> bool {
        let max = i64::from(DELAY_DAYS_MAX);
        self.duration().num_days().abs() > max
    }
}

/// What sets a rule off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "on", rename_all = "snake_case")]
pub enum Trigger {
    /// A record of the kind is created.
    Created { kind: Kind },
    /// A record of the kind is saved with a change.
    Updated { kind: Kind },
    /// A field of the record changes to the value (its code: "sent").
    FieldChanged { kind: Kind, field: String, value: String },
    /// A date on the record is reached (a birthday every year).
    DateReached { kind: Kind, field: String },
}

impl Trigger {
    pub fn kind(&self) -> Kind {
        match self {
            Trigger::Created { kind } | Trigger::Updated { kind } | Trigger::FieldChanged { kind, .. } | Trigger::DateReached { kind, .. } => *kind,
        }
    }

    pub fn trigger_type(&self) -> TriggerType {
        match self {
            Trigger::Created { .. } => TriggerType::Created,
            Trigger::Updated { .. } => TriggerType::Updated,
            Trigger::FieldChanged { .. } => TriggerType::FieldChanged,
            Trigger::DateReached { .. } => TriggerType::DateReached,
        }
    }
}

coded! {
    /// What sets a rule off, without what it watches: the editor's choice.
    pub enum TriggerType {
        #[default]
        Created = "created",
        Updated = "updated",
        FieldChanged = "field_changed",
        DateReached = "date_reached",
    }
}

coded! {
    /// What a rule does, without its details: the editor's choice.
    pub enum ActionType {
        #[default]
        CreateTask = "create_task",
        Remind = "remind",
        DraftEmail = "draft_email",
        SetField = "set_field",
        AddTag = "add_tag",
    }
}

coded! {
    /// How a condition compares the record's field with its value.
    pub enum Op {
        #[default]
        Is = "is",
        IsNot = "is_not",
        Contains = "contains",
        IsEmpty = "is_empty",
        IsNotEmpty = "is_not_empty",
        Greater = "greater",
        Less = "less",
    }
}

impl Op {
    /// Whether the comparison reads a value.
    pub fn takes_value(self) -> bool {
        !matches!(self, Op::IsEmpty | Op::IsNotEmpty)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Condition {
    pub field: String,
    pub op: Op,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub value: String,
}

coded! {
    /// Whether every condition must hold, or one is enough.
    pub enum Match {
        #[default]
        All = "all",
        Any = "any",
    }
}

/// What a rule does. Texts are templates: `{name}` is the record's name
/// (see [`template`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "do", rename_all = "snake_case")]
pub enum RuleAction {
    /// A task linked to the record, due `due_days` after the rule acts,
    /// for `assignee_id` (None: the record's owner, else whoever runs it).
    CreateTask {
        title: String,
        #[serde(default)]
        due_days: u32,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        assignee_id: Option<Uuid>,
    },
    /// A reminder in the inbox of the record's owner (everyone's if none).
    Remind {
        text: String,
    },
    /// An email to the record's people, written from a template, that the
    /// user opens in their email app and is then logged.
    DraftEmail {
        template_id: Uuid,
    },
    /// Sets a field to a value (its code).
    SetField {
        field: String,
        value: String,
    },
    AddTag {
        tag: String,
    },
}

impl RuleAction {
    pub fn action_type(&self) -> ActionType {
        match self {
            RuleAction::CreateTask { .. } => ActionType::CreateTask,
            RuleAction::Remind { .. } => ActionType::Remind,
            RuleAction::DraftEmail { .. } => ActionType::DraftEmail,
            RuleAction::SetField { .. } => ActionType::SetField,
            RuleAction::AddTag { .. } => ActionType::AddTag,
        }
    }
}

/// Built-in rules and templates are marked, so they can be told apart
/// (and never deleted, only turned off).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BuiltIn {
    FollowUpContact,
    QuoteSent,
    WelcomeEmail,
    ThankYouEmail,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rule {
    pub id: Uuid,
    #[serde(with = "crate::model::time::utc")]
    pub created_at: DateTime<Utc>,
    #[serde(with = "crate::model::time::utc")]
    pub updated_at: DateTime<Utc>,
    pub name: String,
    pub enabled: bool,
    /// A rule acts on what happens from when it was turned on (or its
    /// trigger last changed): turning on a birthday rule does not send
    /// years of missed greetings.
    #[serde(with = "crate::model::time::utc")]
    pub active_since: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub builtin: Option<BuiltIn>,
    pub trigger: Trigger,
    #[serde(default, skip_serializing_if = "Delay::is_none")]
    pub delay: Delay,
    #[serde(default, rename = "match")]
    pub matching: Match,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<Condition>,
    pub actions: Vec<RuleAction>,
}

impl Rule {
    pub fn validate(&self) -> Vec<FieldError> {
        let mut e = Vec::new();
        v::required(&mut e, "name", &self.name);
        v::max_len(&mut e, "name", &self.name, v::NAME_MAX);
        let kind = self.trigger.kind();
        if !RULE_KINDS.contains(&kind) {
            e.push(FieldError::new("trigger.kind", Problem::NotAChoice));
        }
        match &self.trigger {
            Trigger::FieldChanged { field, value, .. } => {
                if fields::spec(kind, field).is_none_or(|f| !f.ty.is_comparable()) {
                    e.push(FieldError::new("trigger.field", Problem::NotAChoice));
                } else if let Some(p) = fields::value_problem(kind, field, value) {
                    e.push(FieldError::new("trigger.value", p));
                }
            }
            Trigger::DateReached { field, .. } => {
                if fields::date_field(kind, field).is_none() {
                    e.push(FieldError::new("trigger.field", Problem::NotAChoice));
                }
            }
            Trigger::Created { .. } | Trigger::Updated { .. } => {}
        }
        if self.delay.too_long() {
            e.push(FieldError::new("delay.amount", Problem::OutOfRange { min: 0, max: i64::from(DELAY_DAYS_MAX) }));
        }
        if self.delay.before && !matches!(self.trigger, Trigger::DateReached { .. }) {
            e.push(FieldError::new("delay.before", Problem::NotAChoice));
        }
        v::max_items(&mut e, "conditions", self.conditions.len(), CONDITIONS_MAX);
        for (i, c) in self.conditions.iter().enumerate() {
            match fields::spec(kind, &c.field) {
                None => e.push(FieldError::new(format!("conditions[{i}].field"), Problem::NotAChoice)),
                Some(f) => {
                    v::max_len(&mut e, &format!("conditions[{i}].value"), &c.value, v::SHORT_TEXT);
                    if c.op.takes_value() && matches!(c.op, Op::Is | Op::IsNot) {
                        if let Some(p) = fields::value_problem(kind, &c.field, &c.value) {
                            e.push(FieldError::new(format!("conditions[{i}].value"), p));
                        }
                    }
                    if matches!(c.op, Op::Greater | Op::Less) && !f.ty.is_number() {
                        e.push(FieldError::new(format!("conditions[{i}].op"), Problem::NotAChoice));
                    }
                }
            }
        }
        if self.actions.is_empty() {
            e.push(FieldError::new("actions", Problem::Required));
        }
        v::max_items(&mut e, "actions", self.actions.len(), ACTIONS_MAX);
        for (i, a) in self.actions.iter().enumerate() {
            let at = |f: &str| format!("actions[{i}].{f}");
            match a {
                RuleAction::CreateTask { title, due_days, .. } => {
                    v::required(&mut e, &at("title"), title);
                    v::max_len(&mut e, &at("title"), title, v::SHORT_TEXT);
                    v::range(&mut e, &at("due_days"), i64::from(*due_days), 0, i64::from(DELAY_DAYS_MAX));
                }
                RuleAction::Remind { text } => {
                    v::required(&mut e, &at("text"), text);
                    v::max_len(&mut e, &at("text"), text, v::SHORT_TEXT);
                }
                RuleAction::DraftEmail { .. } => {}
                RuleAction::SetField { field, value } => match fields::spec(kind, field) {
                    Some(f) if f.settable => {
                        if let Some(p) = fields::value_problem(kind, field, value) {
                            e.push(FieldError::new(at("value"), p));
                        }
                    }
                    _ => e.push(FieldError::new(at("field"), Problem::NotAChoice)),
                },
                RuleAction::AddTag { tag } => {
                    if v::parse_tags(tag).len() != 1 || tag.trim().chars().count() > v::TAG_MAX {
                        e.push(FieldError::new(at("tag"), Problem::BadTag));
                    }
                }
            }
        }
        e
    }
}

/// An email a rule drafts: `{name}`-style placeholders in both parts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Template {
    pub id: Uuid,
    #[serde(with = "crate::model::time::utc")]
    pub created_at: DateTime<Utc>,
    #[serde(with = "crate::model::time::utc")]
    pub updated_at: DateTime<Utc>,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub builtin: Option<BuiltIn>,
    #[serde(default)]
    pub subject: String,
    #[serde(default)]
    pub body: String,
}

impl Template {
    pub fn validate(&self) -> Vec<FieldError> {
        let mut e = Vec::new();
        v::required(&mut e, "name", &self.name);
        v::max_len(&mut e, "name", &self.name, v::NAME_MAX);
        v::max_len(&mut e, "subject", &self.subject, v::SHORT_TEXT);
        v::max_len(&mut e, "body", &self.body, v::LONG_TEXT);
        e
    }
}

coded! {
    pub enum FiringState {
        #[default]
        Pending = "pending",
        /// The actions ran.
        Done = "done",
        /// The conditions did not hold, the rule was off, or the record
        /// gone: nothing was done.
        Skipped = "skipped",
        /// An action was refused (see `outcome`); nothing was done.
        Failed = "failed",
        /// The record was deleted before the firing was due.
        Cancelled = "cancelled",
    }
}

/// One rule acting on one record at one time. Stored when scheduled (a
/// delayed trigger) or when run (a date reached), so it runs once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Firing {
    pub id: Uuid,
    #[serde(with = "crate::model::time::utc")]
    pub created_at: DateTime<Utc>,
    #[serde(with = "crate::model::time::utc")]
    pub updated_at: DateTime<Utc>,
    pub rule_id: Uuid,
    pub record_kind: Kind,
    pub record_id: Uuid,
    #[serde(with = "crate::model::time::utc")]
    pub due_at: DateTime<Utc>,
    pub state: FiringState,
    /// Why it was skipped or failed, in English (the log shows it).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub outcome: String,
    /// The records the run made (a task, a reminder, a draft).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub made: Vec<Target>,
    /// Run from the rules page ("run now on this record"), not scheduled.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub manual: bool,
}

impl Firing {
    pub fn target(&self) -> Target {
        Target { kind: self.record_kind, id: self.record_id }
    }

    pub fn validate(&self) -> Vec<FieldError> {
        let mut e = Vec::new();
        v::max_len(&mut e, "outcome", &self.outcome, v::SHORT_TEXT);
        v::max_items(&mut e, "made", self.made.len(), ACTIONS_MAX);
        e
    }
}

/// A reminder a rule put in the inbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alert {
    pub id: Uuid,
    #[serde(with = "crate::model::time::utc")]
    pub created_at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule_id: Option<Uuid>,
    pub record_kind: Kind,
    pub record_id: Uuid,
    /// Whose inbox: the record's owner; None for everyone's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member_id: Option<Uuid>,
    pub text: String,
}

impl Alert {
    pub fn target(&self) -> Target {
        Target { kind: self.record_kind, id: self.record_id }
    }

    pub fn validate(&self) -> Vec<FieldError> {
        let mut e = Vec::new();
        v::required(&mut e, "text", &self.text);
        v::max_len(&mut e, "text", &self.text, v::SHORT_TEXT);
        e
    }
}

coded! {
    pub enum DraftState {
        #[default]
        Open = "open",
        Sent = "sent",
        Discarded = "discarded",
    }
}

/// An email a rule wrote, waiting in the inbox for the user to send it
/// (in their email app, through `mailto:`) or discard it. Sending logs it
/// as an email activity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    pub id: Uuid,
    #[serde(with = "crate::model::time::utc")]
    pub created_at: DateTime<Utc>,
    #[serde(with = "crate::model::time::utc")]
    pub updated_at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule_id: Option<Uuid>,
    pub record_kind: Kind,
    pub record_id: Uuid,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub to: Vec<String>,
    #[serde(default)]
    pub subject: String,
    #[serde(default)]
    pub body: String,
    pub state: DraftState,
    /// The email activity it was logged as.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activity_id: Option<Uuid>,
}

impl Draft {
    pub fn target(&self) -> Target {
        Target { kind: self.record_kind, id: self.record_id }
    }

    pub fn validate(&self) -> Vec<FieldError> {
        let mut e = Vec::new();
        v::max_items(&mut e, "to", self.to.len(), super::activity::MAX_RECIPIENTS);
        for (i, t) in self.to.iter().enumerate() {
            v::email(&mut e, &format!("to[{i}]"), t);
        }
        v::max_len(&mut e, "subject", &self.subject, v::SHORT_TEXT);
        v::max_len(&mut e, "body", &self.body, v::LONG_TEXT);
        e
    }
}

/// A team member follows a record: its changes go to their inbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Follow {
    pub id: Uuid,
    #[serde(with = "crate::model::time::utc")]
    pub created_at: DateTime<Utc>,
    /// Who follows (None: this device's user before a team member was chosen).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member_id: Option<Uuid>,
    pub record_kind: Kind,
    pub record_id: Uuid,
}

impl Follow {
    pub fn target(&self) -> Target {
        Target { kind: self.record_kind, id: self.record_id }
    }

    pub fn validate(&self) -> Vec<FieldError> {
        let mut e = Vec::new();
        if !RULE_KINDS.contains(&self.record_kind) {
            e.push(FieldError::new("record_kind", Problem::NotAChoice));
        }
        e
    }
}

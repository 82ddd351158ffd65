//! The fields of a record a rule can compare, set or wait for, by their
//! JSON names (the same names the bundle and the history use). Conditions
//! and "set a field" work on a record's JSON form, so one comparison
//! serves every kind.

use serde_json::Value;

use super::Op;
use crate::model::kind::Kind;
use crate::model::search::fold;
use crate::model::validate::{Problem, SHORT_TEXT};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    Text,
    /// One of these codes.
    Choice(&'static [&'static str]),
    /// A team member's id ("" for nobody).
    Member,
    /// A pipeline stage's id.
    Stage,
    /// A whole number in a range.
    Number {
        min: i64,
        max: i64,
    },
    Tags,
    /// A reference compared only for being empty or not.
    Reference,
}

impl FieldType {
    /// Whether "is"/"is not" with a value makes sense (a trigger's value).
    pub fn is_comparable(self) -> bool {
        !matches!(self, FieldType::Reference)
    }

    /// The value an editor starts a field at: a choice's first code, else "".
    pub fn first_value(self) -> String {
        match self {
            FieldType::Choice(codes) => codes.first().map_or(String::new(), |c| c.to_string()),
            _ => String::new(),
        }
    }

    pub fn is_number(self) -> bool {
        matches!(self, FieldType::Number { .. })
    }

    /// The comparisons offered for the type.
    pub fn ops(self) -> &'static [Op] {
        match self {
            FieldType::Text => &[Op::Is, Op::IsNot, Op::Contains, Op::IsEmpty, Op::IsNotEmpty],
            FieldType::Choice(_) | FieldType::Stage => &[Op::Is, Op::IsNot],
            FieldType::Member => &[Op::Is, Op::IsNot, Op::IsEmpty, Op::IsNotEmpty],
            FieldType::Number { .. } => &[Op::Is, Op::IsNot, Op::Greater, Op::Less],
            FieldType::Tags => &[Op::Contains, Op::IsEmpty, Op::IsNotEmpty],
            FieldType::Reference => &[Op::IsEmpty, Op::IsNotEmpty],
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldSpec {
    pub name: &'static str,
    pub ty: FieldType,
    /// Whether "set a field" may change it: fields whose change has no
    /// other consequence (a quote's status moves its dates: not here).
    pub settable: bool,
}

const fn f(name: &'static str, ty: FieldType, settable: bool) -> FieldSpec {
    FieldSpec { name, ty, settable }
}

const ROLES: &[&str] = &["decision_maker", "technical", "billing", "other"];
const LEAD_STATUS: &[&str] = &["new", "contacted", "qualified", "disqualified", "converted"];
const LEAD_SOURCE: &[&str] = &["web", "referral", "event", "campaign", "phone", "email", "other"];
const PRIORITY: &[&str] = &["low", "normal", "high"];
const REQUEST: &[&str] = &["inquiry", "rfi", "rfp", "tender"];
const QUOTE_STATUS: &[&str] = &["draft", "sent", "accepted", "rejected", "expired"];
const ACTIVITY_KIND: &[&str] = &["email", "call", "meeting", "task", "note"];
const TASK_STATUS: &[&str] = &["open", "done", "cancelled"];
const ITEM_STATE: &[&str] = &["in_service", "returned", "replaced"];
const CONTRACT_KIND: &[&str] = &["service", "support", "licence", "lease", "maintenance", "other"];
const CONTRACT_STATE: &[&str] = &["draft", "active", "ended", "cancelled"];

const CONTACT: &[FieldSpec] = &[
    f("first_name", FieldType::Text, false),
    f("last_name", FieldType::Text, false),
    f("position", FieldType::Text, true),
    f("role", FieldType::Choice(ROLES), true),
    f("organization_id", FieldType::Reference, false),
    f("owner_id", FieldType::Member, true),
    f("tags", FieldType::Tags, false),
];
const ORGANIZATION: &[FieldSpec] = &[
    f("name", FieldType::Text, false),
    f("industry", FieldType::Text, true),
    f("owner_id", FieldType::Member, true),
    f("tags", FieldType::Tags, false),
];
const LEAD: &[FieldSpec] = &[
    f("company", FieldType::Text, false),
    f("source", FieldType::Choice(LEAD_SOURCE), true),
    f("status", FieldType::Choice(LEAD_STATUS), false),
    f("owner_id", FieldType::Member, true),
    f("tags", FieldType::Tags, false),
];
const OPPORTUNITY: &[FieldSpec] = &[
    f("name", FieldType::Text, false),
    f("stage_id", FieldType::Stage, false),
    f("priority", FieldType::Choice(PRIORITY), true),
    f("request_type", FieldType::Choice(REQUEST), true),
    f("probability", FieldType::Number { min: 0, max: 100 }, false),
    f("next_step", FieldType::Text, true),
    f("owner_id", FieldType::Member, true),
    f("tags", FieldType::Tags, false),
];
const QUOTE: &[FieldSpec] = &[
    f("number", FieldType::Text, false),
    f("status", FieldType::Choice(QUOTE_STATUS), false),
    f("owner_id", FieldType::Member, true),
    f("tags", FieldType::Tags, false),
];
const DELIVERED_ITEM: &[FieldSpec] = &[
    f("name", FieldType::Text, false),
    f("state", FieldType::Choice(ITEM_STATE), true),
    f("location", FieldType::Text, true),
    f("contract_id", FieldType::Reference, false),
];
const CONTRACT: &[FieldSpec] = &[
    f("title", FieldType::Text, false),
    f("number", FieldType::Text, false),
    f("kind", FieldType::Choice(CONTRACT_KIND), false),
    f("state", FieldType::Choice(CONTRACT_STATE), true),
    f("owner_id", FieldType::Member, true),
    f("tags", FieldType::Tags, false),
];
const TICKET_STATUS: &[&str] = &["new", "open", "waiting_on_customer", "waiting_on_third_party", "resolved", "closed"];
const SLA_PRIORITY: &[&str] = &["critical", "high", "normal", "low"];
const TICKET_CHANNEL: &[&str] = &["phone", "email", "web", "on_site", "other"];
const TICKET: &[FieldSpec] = &[
    f("subject", FieldType::Text, false),
    f("status", FieldType::Choice(TICKET_STATUS), true),
    f("priority", FieldType::Choice(SLA_PRIORITY), true),
    f("channel", FieldType::Choice(TICKET_CHANNEL), false),
    f("category", FieldType::Text, true),
    f("assignee_id", FieldType::Member, true),
    f("delivered_item_id", FieldType::Reference, false),
    f("contract_id", FieldType::Reference, false),
    f("tags", FieldType::Tags, false),
];
const ACTIVITY: &[FieldSpec] = &[
    f("kind", FieldType::Choice(ACTIVITY_KIND), false),
    f("subject", FieldType::Text, false),
    f("status", FieldType::Choice(TASK_STATUS), false),
    f("priority", FieldType::Choice(PRIORITY), true),
    f("assignee_id", FieldType::Member, true),
    f("owner_id", FieldType::Member, true),
    f("tags", FieldType::Tags, false),
];

/// The fields of a kind a rule can use, in the order offered.
pub fn specs(kind: Kind) -> &'static [FieldSpec] {
    match kind {
        Kind::Contact => CONTACT,
        Kind::Organization => ORGANIZATION,
        Kind::Lead => LEAD,
        Kind::Opportunity => OPPORTUNITY,
        Kind::Quote => QUOTE,
        Kind::Activity => ACTIVITY,
        Kind::DeliveredItem => DELIVERED_ITEM,
        Kind::Contract => CONTRACT,
        Kind::Ticket => TICKET,
        _ => &[],
    }
}

pub fn spec(kind: Kind, name: &str) -> Option<&'static FieldSpec> {
    specs(kind).iter().find(|f| f.name == name)
}

/// A date a rule can wait for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateField {
    /// A contact's birthday, every year.
    Birthday,
    /// A quote's last valid day.
    ValidUntil,
    SubmissionDeadline,
    ExpectedClose,
    /// A meeting's start or a task's due time.
    At,
    /// A delivered item's last day of warranty.
    WarrantyUntil,
    /// A contract's last day to give notice (of the term running then).
    CancelBy,
    /// A contract's end (of the term running then).
    End,
    /// When 80 % of a ticket's first-response time is used, unanswered.
    FirstResponseAtRisk,
    /// When an unanswered ticket's first response is breached.
    FirstResponseDue,
    /// When 80 % of a ticket's resolution time is used, unresolved.
    ResolutionAtRisk,
    /// When an unresolved ticket's resolution is breached.
    ResolutionDue,
}

impl DateField {
    pub fn name(self) -> &'static str {
        match self {
            DateField::Birthday => "birthday",
            DateField::ValidUntil => "valid_until",
            DateField::SubmissionDeadline => "submission_deadline",
            DateField::ExpectedClose => "expected_close",
            DateField::At => "at",
            DateField::WarrantyUntil => "warranty_until",
            DateField::CancelBy => "cancel_by",
            DateField::End => "end",
            DateField::FirstResponseAtRisk => "sla_first_response_at_risk",
            DateField::FirstResponseDue => "sla_first_response_due",
            DateField::ResolutionAtRisk => "sla_resolution_at_risk",
            DateField::ResolutionDue => "sla_resolution_due",
        }
    }
}

/// The dates of a kind a rule can wait for.
pub fn date_fields(kind: Kind) -> &'static [DateField] {
    match kind {
        Kind::Contact => &[DateField::Birthday],
        Kind::Quote => &[DateField::ValidUntil],
        Kind::Opportunity => &[DateField::SubmissionDeadline, DateField::ExpectedClose],
        Kind::Activity => &[DateField::At],
        Kind::DeliveredItem => &[DateField::WarrantyUntil],
        Kind::Contract => &[DateField::CancelBy, DateField::End],
        Kind::Ticket => &[DateField::FirstResponseAtRisk, DateField::FirstResponseDue, DateField::ResolutionAtRisk, DateField::ResolutionDue],
        _ => &[],
    }
}

pub fn date_field(kind: Kind, name: &str) -> Option<DateField> {
    date_fields(kind).iter().copied().find(|d| d.name() == name)
}

/// Why `value` cannot be the value of the field, if it cannot.
pub fn value_problem(kind: Kind, field: &str, value: &str) -> Option<Problem> {
    let spec = spec(kind, field)?;
    match spec.ty {
        FieldType::Choice(codes) if !codes.contains(&value) => Some(Problem::NotAChoice),
        FieldType::Member | FieldType::Stage if !value.is_empty() && uuid::Uuid::parse_str(value).is_err() => Some(Problem::NotAChoice),
        FieldType::Number { min, max } => match value.trim().parse::<i64>() {
            Ok(n) if (min..=max).contains(&n) => None,
            Ok(_) => Some(Problem::OutOfRange { min, max }),
            Err(_) => Some(Problem::NotANumber),
        },
        _ if value.chars().count() > SHORT_TEXT => Some(Problem::TooLong { max: SHORT_TEXT }),
        _ => None,
    }
}

/// A field's value as text: strings as they are, numbers written out,
/// nothing as "".
pub fn text_of(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(text_of).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    }
}

fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(a) => a.is_empty(),
        _ => false,
    }
}

fn number(s: &str) -> Option<f64> {
    s.trim().replace(',', ".").parse().ok()
}

/// Whether `record` (a record's JSON form) has `field` compared by `op`
/// with `value`. Text compares without case or accents ("novak" is
/// "Novák"); a list (tags) "is" or "contains" a value when one of its
/// items does.
pub fn holds(record: &Value, field: &str, op: Op, value: &str) -> bool {
    let v = record.get(field).unwrap_or(&Value::Null);
    let want = fold(value.trim());
    let is = |v: &Value| match v {
        Value::Array(items) => items.iter().any(|i| fold(&text_of(i)) == want),
        Value::Number(_) => number(&text_of(v)).zip(number(value)).is_some_and(|(a, b)| a == b),
        other => fold(&text_of(other)) == want,
    };
    match op {
        Op::Is => is(v),
        Op::IsNot => !is(v),
        Op::Contains => match v {
            Value::Array(items) => items.iter().any(|i| fold(&text_of(i)).contains(&want)),
            other => fold(&text_of(other)).contains(&want),
        },
        Op::IsEmpty => is_empty(v),
        Op::IsNotEmpty => !is_empty(v),
        Op::Greater => number(&text_of(v)).zip(number(value)).is_some_and(|(a, b)| a > b),
        Op::Less => number(&text_of(v)).zip(number(value)).is_some_and(|(a, b)| a < b),
    }
}

/// Sets `field` of a record's JSON form to `value` as the field's type
/// stores it (an id or null, a number, a code).
pub fn set(record: &mut Value, kind: Kind, field: &str, value: &str) -> Result<(), Problem> {
    let spec = spec(kind, field).filter(|s| s.settable).ok_or(Problem::NotAChoice)?;
    if let Some(p) = value_problem(kind, field, value) {
        return Err(p);
    }
    let new = match spec.ty {
        FieldType::Member | FieldType::Stage | FieldType::Reference if value.is_empty() => Value::Null,
        FieldType::Number { .. } => Value::from(value.trim().parse::<i64>().map_err(|_| Problem::NotANumber)?),
        _ => Value::String(value.trim().to_string()),
    };
    let Value::Object(map) = record else { return Err(Problem::NotAChoice) };
    map.insert(field.to_string(), new);
    Ok(())
}

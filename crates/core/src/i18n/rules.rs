//! Automation in words: what a rule does as one sentence ("When a
//! contact is created, wait 7 days, then create a task …"), and the names
//! of its triggers, conditions, delays, actions and runs.

use super::{count, field, field_value, record_kind, Lang, Noun, T};
use crate::model::automation::{ActionType, FiringState, Match, Op, Rule, RuleAction, Trigger, TriggerType, Unit};
use crate::model::ops::automation::Defaults;
use crate::model::Crm;

/// A field's label for the rules ("Status", "Birthday").
pub fn rule_field(lang: Lang, name: &str) -> String {
    match name {
        "birthday" => lang.t(T::DateBirthday).to_string(),
        "company" => lang.t(T::FieldCompany).to_string(),
        "source" => lang.t(T::FieldSource).to_string(),
        "kind" => lang.t(T::FieldKind).to_string(),
        other => field(lang, other),
    }
}

/// How a condition compares: "is", "contains".
pub fn rule_op(op: Op) -> T {
    match op {
        Op::Is => T::OpIs,
        Op::IsNot => T::OpIsNot,
        Op::Contains => T::OpContains,
        Op::IsEmpty => T::OpIsEmpty,
        Op::IsNotEmpty => T::OpIsNotEmpty,
        Op::Greater => T::OpGreater,
        Op::Less => T::OpLess,
    }
}

/// A delay's unit: "days".
pub fn delay_unit(unit: Unit) -> T {
    match unit {
        Unit::Minutes => T::UnitMinutes,
        Unit::Hours => T::UnitHours,
        Unit::Days => T::UnitDays,
    }
}

pub fn trigger_type(t: TriggerType) -> T {
    match t {
        TriggerType::Created => T::TriggerCreated,
        TriggerType::Updated => T::TriggerUpdated,
        TriggerType::FieldChanged => T::TriggerFieldChanged,
        TriggerType::DateReached => T::TriggerDateReached,
    }
}

pub fn action_type(a: ActionType) -> T {
    match a {
        ActionType::CreateTask => T::ActionCreateTaskName,
        ActionType::Remind => T::ActionRemindName,
        ActionType::DraftEmail => T::ActionDraftEmailName,
        ActionType::SetField => T::ActionSetFieldName,
        ActionType::AddTag => T::ActionAddTagName,
    }
}

/// What became of one rule on one record: "done", "skipped".
pub fn firing_state(s: FiringState) -> T {
    match s {
        FiringState::Pending => T::FiringPending,
        FiringState::Done => T::FiringDone,
        FiringState::Skipped => T::FiringSkipped,
        FiringState::Failed => T::FiringFailed,
        FiringState::Cancelled => T::FiringCancelled,
    }
}

/// "7 days", "1 den", "3 hodiny": an amount of a delay's unit.
fn amount_of(lang: Lang, n: u32, unit: Unit) -> String {
    let noun = match unit {
        Unit::Minutes => Noun::Minute,
        Unit::Hours => Noun::Hour,
        Unit::Days => Noun::Day,
    };
    count(lang, i64::from(n), noun)
}

/// What a rule does, in a sentence: "When a contact is created, wait 7
/// days, then create a task “Follow up with {name}”."
pub fn describe_rule(lang: Lang, crm: &Crm, d: &Defaults, rule: &Rule) -> String {
    let kind = rule.trigger.kind();
    // English names the kind in the sentence ("a contact"); Czech after
    // "záznam" as a name ("záznam Kontakt"), which needs no declension.
    let noun = match lang {
        Lang::En => lang.t(record_kind(kind)).to_lowercase(),
        _ => lang.t(record_kind(kind)).to_string(),
    };
    let when = |t: T| lang.t(t).replace("{}", &noun);
    let q = |s: &str| format!("{}{s}{}", lang.t(T::QuoteOpen), lang.t(T::QuoteClose));
    let mut out = match &rule.trigger {
        Trigger::Created { .. } => when(T::WhenCreated),
        Trigger::Updated { .. } => when(T::WhenUpdated),
        Trigger::FieldChanged { field, value, .. } => {
            format!(
                "{} {} {} {}",
                when(T::WhenFieldOf),
                rule_field(lang, field).to_lowercase(),
                lang.t(T::ChangesTo),
                q(&field_value(lang, crm, kind, field, value))
            )
        }
        Trigger::DateReached { field, .. } => {
            format!("{} {} {}", when(T::WhenFieldOf), rule_field(lang, field).to_lowercase(), lang.t(T::IsReached))
        }
    };
    if !rule.delay.is_none() {
        let amount = amount_of(lang, rule.delay.amount, rule.delay.unit);
        out.push_str(&format!(", {} {amount}{}", lang.t(T::Wait), if rule.delay.before { format!(" {}", lang.t(T::Before)) } else { String::new() }));
    }
    if !rule.conditions.is_empty() {
        let join = lang.t(if rule.matching == Match::All { T::And } else { T::Or });
        let conds: Vec<String> = rule
            .conditions
            .iter()
            .map(|c| {
                let value = if c.op.takes_value() { format!(" {}", q(&field_value(lang, crm, kind, &c.field, &c.value))) } else { String::new() };
                format!("{} {}{value}", rule_field(lang, &c.field), lang.t(rule_op(c.op)))
            })
            .collect();
        out.push_str(&format!(", {} {}", lang.t(T::If), conds.join(&format!(" {join} "))));
    }
    let actions: Vec<String> = rule
        .actions
        .iter()
        .map(|a| match a {
            RuleAction::CreateTask { title, due_days, .. } => {
                let due = if *due_days > 0 { format!(" ({} {})", lang.t(T::DueIn), amount_of(lang, *due_days, Unit::Days)) } else { String::new() };
                format!("{} {}{due}", lang.t(T::ActionCreateTask), q(title))
            }
            RuleAction::Remind { text } => format!("{} {}", lang.t(T::ActionRemind), q(text)),
            RuleAction::DraftEmail { template_id } => {
                let name = crm.template_in_effect(d, *template_id).map(|t| t.name.clone()).unwrap_or_default();
                format!("{} {}", lang.t(T::ActionDraftEmail), q(&name))
            }
            RuleAction::SetField { field, value } => {
                format!(
                    "{} {} {} {}",
                    lang.t(T::ActionSetField),
                    rule_field(lang, field),
                    lang.t(T::To).trim_end_matches(':').to_lowercase(),
                    q(&field_value(lang, crm, kind, field, value))
                )
            }
            RuleAction::AddTag { tag } => format!("{} {}", lang.t(T::ActionAddTag), q(tag)),
        })
        .collect();
    out.push_str(&format!(", {} {}.", lang.t(T::Then), actions.join(", ")));
    out
}

//! The rules and templates every data set starts with, on by default:
//! a follow-up task 7 days after a contact is created, a reminder 3 days
//! after a quote is sent, a welcome email for a new contact and a
//! thank-you email after a meeting. Until the user changes a rule they
//! are not stored (like the default pipeline stages): they are made in the
//! UI language, with fixed ids, and the first change stores them all.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{BuiltIn, Condition, Delay, Match, Op, Rule, RuleAction, Template, Trigger};
use crate::model::kind::Kind;

/// The built-in texts in the UI language.
#[derive(Debug, Clone)]
pub struct Texts {
    pub follow_up_rule: String,
    /// "Follow up with {name}".
    pub follow_up_task: String,
    pub quote_rule: String,
    /// "Follow up on quote {number}".
    pub quote_reminder: String,
    pub welcome_rule: String,
    pub welcome_template: String,
    pub welcome_subject: String,
    pub welcome_body: String,
    pub thank_you_rule: String,
    pub thank_you_template: String,
    pub thank_you_subject: String,
    pub thank_you_body: String,
}

impl Texts {
    /// English, for tests and tools.
    pub fn english() -> Texts {
        Texts {
            follow_up_rule: "Follow up with a new contact".into(),
            follow_up_task: "Follow up with {name}".into(),
            quote_rule: "Follow up on a sent quote".into(),
            quote_reminder: "Follow up on quote {number}".into(),
            welcome_rule: "Welcome a new contact".into(),
            welcome_template: "Welcome".into(),
            welcome_subject: "Welcome, {first_name}".into(),
            welcome_body: "Dear {title} {last_name},\n\nthank you for your interest. I am here for any questions.\n\nBest regards,\n{me}".into(),
            thank_you_rule: "Thank after a meeting".into(),
            thank_you_template: "Thank you for the meeting".into(),
            thank_you_subject: "Thank you for the meeting: {subject}".into(),
            thank_you_body: "Dear {title} {last_name},\n\nthank you for your time. What we agreed:\n\n{summary}\n\nBest regards,\n{me}".into(),
        }
    }
}

fn fixed_id(tag: &[u8; 4], i: u8) -> Uuid {
    crate::model::ids::new_id(0, [tag[0], tag[1], tag[2], tag[3], 0, 0, 0, 0, 0, i])
}

pub fn rule_id(which: BuiltIn) -> Uuid {
    fixed_id(b"Rule", which as u8)
}

pub fn template_id(which: BuiltIn) -> Uuid {
    fixed_id(b"Tmpl", which as u8)
}

/// The days after a new contact that the follow-up task is due.
pub const FOLLOW_UP_DAYS: u32 = 7;
/// The days after a quote is sent that the reminder comes.
pub const QUOTE_REMINDER_DAYS: u32 = 3;

pub fn rules(t: &Texts, at: DateTime<Utc>) -> Vec<Rule> {
    let rule = |which: BuiltIn, name: &str, trigger: Trigger, delay: Delay, conditions: Vec<Condition>, actions: Vec<RuleAction>| Rule {
        id: rule_id(which),
        created_at: at,
        updated_at: at,
        name: name.to_string(),
        enabled: true,
        active_since: at,
        builtin: Some(which),
        trigger,
        delay,
        matching: Match::All,
        conditions,
        actions,
    };
    vec![
        rule(
            BuiltIn::FollowUpContact,
            &t.follow_up_rule,
            Trigger::Created { kind: Kind::Contact },
            Delay::days(FOLLOW_UP_DAYS),
            Vec::new(),
            vec![RuleAction::CreateTask { title: t.follow_up_task.clone(), due_days: 0, assignee_id: None }],
        ),
        rule(
            BuiltIn::QuoteSent,
            &t.quote_rule,
            Trigger::FieldChanged { kind: Kind::Quote, field: "status".into(), value: "sent".into() },
            Delay::days(QUOTE_REMINDER_DAYS),
            // Not once it is accepted, rejected or expired.
            vec![Condition { field: "status".into(), op: Op::Is, value: "sent".into() }],
            vec![RuleAction::Remind { text: t.quote_reminder.clone() }],
        ),
        rule(
            BuiltIn::WelcomeEmail,
            &t.welcome_rule,
            Trigger::Created { kind: Kind::Contact },
            Delay::none(),
            Vec::new(),
            vec![RuleAction::DraftEmail { template_id: template_id(BuiltIn::WelcomeEmail) }],
        ),
        rule(
            BuiltIn::ThankYouEmail,
            &t.thank_you_rule,
            Trigger::FieldChanged { kind: Kind::Activity, field: "status".into(), value: "done".into() },
            Delay::none(),
            vec![Condition { field: "kind".into(), op: Op::Is, value: "meeting".into() }],
            vec![RuleAction::DraftEmail { template_id: template_id(BuiltIn::ThankYouEmail) }],
        ),
    ]
}

pub fn templates(t: &Texts, at: DateTime<Utc>) -> Vec<Template> {
    let template = |which: BuiltIn, name: &str, subject: &str, body: &str| Template {
        id: template_id(which),
        created_at: at,
        updated_at: at,
        name: name.to_string(),
        builtin: Some(which),
        subject: subject.to_string(),
        body: body.to_string(),
    };
    vec![
        template(BuiltIn::WelcomeEmail, &t.welcome_template, &t.welcome_subject, &t.welcome_body),
        template(BuiltIn::ThankYouEmail, &t.thank_you_template, &t.thank_you_subject, &t.thank_you_body),
    ]
}

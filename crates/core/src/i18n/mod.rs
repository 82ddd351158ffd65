//! Every user-visible string, in English and Czech, and locale formatting.
//!
//! The table is one macro invocation: a key without both texts does not
//! compile, and a native test checks none is empty or left untranslated.

mod delivery;
mod errors;
mod format;
mod labels;
mod plural;
mod report;
mod rules;
mod support;
mod texts;

pub use delivery::*;
pub use errors::{csv_error, import_error, problem, vcard_error};
pub use format::{
    format_bytes, format_date, format_datetime, format_decimal, format_minutes, format_money, format_money_whole, format_month, format_number,
    format_time, format_totals, format_totals_whole, format_weekday, local_date, weekday_name,
};
pub use labels::*;
pub use plural::{count, import_counts, noun, Noun};
pub use report::{period_preset, report_by, report_column, report_hint, report_label, report_name, report_texts, report_value};
pub use rules::{action_type, delay_unit, describe_rule, firing_state, rule_field, rule_op, trigger_type};
pub use support::*;
pub use texts::T;

use crate::model::lead::{LeadSource, LeadStatus};
use crate::model::{ActivityKind, Direction, Kind, Priority, Role, TaskStatus};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    Cs,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Cs, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Cs => "cs",
            Lang::En => "en",
        }
    }

    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.to_ascii_lowercase();
        if s.starts_with("cs") || s.starts_with("sk") {
            Some(Lang::Cs)
        } else if s.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The UI language for the browser's preferred languages, Czech when
    /// none of them is one we have.
    pub fn from_preferences<'a>(langs: impl IntoIterator<Item = &'a str>) -> Lang {
        langs.into_iter().find_map(Lang::parse).unwrap_or(Lang::Cs)
    }

    pub fn t(self, key: T) -> &'static str {
        match self {
            Lang::Cs => key.cs(),
            Lang::En => key.en(),
        }
    }
}

/// The built-in rules' and templates' texts in `lang`.
pub fn automation_texts(lang: Lang) -> crate::model::automation::builtin::Texts {
    let t = |k: T| lang.t(k).to_string();
    crate::model::automation::builtin::Texts {
        follow_up_rule: t(T::BuiltinFollowUpRule),
        follow_up_task: t(T::BuiltinFollowUpTask),
        quote_rule: t(T::BuiltinQuoteRule),
        quote_reminder: t(T::BuiltinQuoteReminder),
        welcome_rule: t(T::BuiltinWelcomeRule),
        welcome_template: t(T::BuiltinWelcomeTemplate),
        welcome_subject: t(T::BuiltinWelcomeSubject),
        welcome_body: t(T::BuiltinWelcomeBody),
        thank_you_rule: t(T::BuiltinThankYouRule),
        thank_you_template: t(T::BuiltinThankYouTemplate),
        thank_you_subject: t(T::BuiltinThankYouSubject),
        thank_you_body: t(T::BuiltinThankYouBody),
    }
}

/// A field's stored value (a code, an id) as the user reads it: a
/// status's name, a member's, a stage's. Unknown codes show as they are.
pub fn field_value(lang: Lang, crm: &crate::model::Crm, kind: Kind, field: &str, code: &str) -> String {
    use crate::model::automation::fields::{self, FieldType};
    use crate::model::campaign::{CampaignStatus, Channel};
    use crate::model::opportunity::RequestType;
    use crate::model::quote::QuoteStatus;
    let t = |k: T| lang.t(k).to_string();
    let by_ty = match fields::spec(kind, field).map(|s| s.ty) {
        Some(FieldType::Member) => Some(uuid::Uuid::parse_str(code).map(|id| crm.member_name(Some(id)).to_string()).unwrap_or_default()),
        Some(FieldType::Stage) => Some(uuid::Uuid::parse_str(code).ok().and_then(|id| crm.stage(id)).map(|s| s.name.clone()).unwrap_or_default()),
        _ => None,
    };
    if let Some(v) = by_ty {
        return if v.is_empty() { t(T::Nobody) } else { v };
    }
    let named = match (kind, field) {
        (_, "role") => Role::parse(code).map(|r| lang.t(role(r)).to_string()),
        (Kind::Lead, "status") => LeadStatus::parse(code).map(|s| t(lead_status(s))),
        (_, "source") => LeadSource::parse(code).map(|s| t(lead_source(s))),
        (_, "request_type") => RequestType::parse(code).map(|r| t(request_type(r))),
        (Kind::Quote, "status") => QuoteStatus::parse(code).map(|s| t(quote_status(s))),
        (Kind::Campaign, "status") => CampaignStatus::parse(code).map(|s| t(campaign_status(s))),
        (Kind::Campaign, "channel") => Channel::parse(code).map(|c| t(campaign_channel(c))),
        (Kind::Handover, "result") => crate::model::handover::HandoverResult::parse(code).map(|r| t(handover_result(r))),
        (Kind::Project, "status") => crate::model::project::ProjectStatus::parse(code).map(|s| t(project_status(s))),
        (Kind::Contract, "billing") => crate::model::contract::BillingPeriod::parse(code).map(|b| t(billing_period(b))),
        (Kind::Contract, "kind") => crate::model::contract::ContractKind::parse(code).map(|k| t(contract_kind(k))),
        (Kind::Contract, "state") => crate::model::contract::ContractState::parse(code).map(|s| t(contract_state(s))),
        (Kind::Ticket, "status") => crate::model::ticket::TicketStatus::parse(code).map(|s| t(ticket_status(s))),
        (Kind::Ticket, "channel") => crate::model::ticket::Channel::parse(code).map(|c| t(ticket_channel(c))),
        (Kind::Ticket, "priority") => crate::model::contract::SlaPriority::parse(code).map(|p| t(sla_priority(p))),
        (Kind::DeliveredItem, "state") => crate::model::delivered::ItemState::parse(code).map(|s| t(item_state(s))),
        (_, "kind") => ActivityKind::parse(code).map(|k| lang.t(activity_kind(k)).to_string()),
        (Kind::Activity, "status") => TaskStatus::parse(code).map(|s| lang.t(task_status(s)).to_string()),
        (_, "direction") => Direction::parse(code).map(|d| lang.t(direction(d)).to_string()),
        (_, "priority") => Priority::parse(code).map(|p| lang.t(priority(p)).to_string()),
        _ => None,
    };
    named.unwrap_or_else(|| code.to_string())
}

/// The label of a record field for error messages ("emails[1]" → "E-mail 2").
/// "Field: problem" in the UI language, the field named as a person reads it.
pub fn field_error(lang: Lang, e: &crate::model::FieldError) -> String {
    format!("{}: {}", field(lang, &e.field), problem(lang, &e.problem))
}

/// [`field`] of a record of `kind`: a person's `name` is "Jméno", a
/// thing's "Název".
pub fn field_of(lang: Lang, kind: Kind, path: &str) -> String {
    match (kind, path) {
        (Kind::TeamMember, "name") => lang.t(T::FieldFullName).to_string(),
        _ => field(lang, path),
    }
}

pub fn field(lang: Lang, path: &str) -> String {
    let (name, index) = match path.split_once('[') {
        Some((n, rest)) => {
            let (i, sub) = rest.split_once(']').unwrap_or((rest, ""));
            // A known part of a list item names the item by it: "Quantity 3".
            let sub = sub.trim_start_matches('.');
            if !sub.is_empty() && !sub.contains(['.', '[']) && field_key(sub).is_some() {
                (sub, i.parse::<usize>().ok())
            } else {
                (n, i.parse::<usize>().ok())
            }
        }
        None => (path, None),
    };
    let name = name.split('.').next().unwrap_or(name);
    let key = field_key(name);
    match (key, index) {
        (Some(k), Some(i)) => format!("{} {}", lang.t(k), i + 1),
        (Some(k), None) => lang.t(k).to_string(),
        (None, _) => path.to_string(),
    }
}

fn field_key(name: &str) -> Option<T> {
    match name {
        "name" => Some(T::FieldName),
        "ico" => Some(T::FieldIco),
        "dic" => Some(T::FieldDic),
        "industry" => Some(T::FieldIndustry),
        "website" => Some(T::FieldWebsite),
        "email" | "emails" => Some(T::FieldEmail),
        "phone" | "phones" => Some(T::FieldPhone),
        "billing_address" => Some(T::FieldBillingAddress),
        "postal_address" => Some(T::FieldPostalAddress),
        "primary_contact_id" => Some(T::PrimaryContact),
        "owner" | "owner_id" => Some(T::FieldOwner),
        "subject" => Some(T::FieldSubject),
        "body" => Some(T::FieldBody),
        "at" => Some(T::FieldWhen),
        "end" => Some(T::FieldEnd),
        "to" => Some(T::FieldTo),
        "cc" => Some(T::FieldCc),
        "duration_minutes" => Some(T::FieldDuration),
        "outcome" => Some(T::FieldOutcome),
        "next_steps" => Some(T::FieldNextSteps),
        "place" => Some(T::FieldPlace),
        "participants" => Some(T::FieldParticipants),
        "summary" => Some(T::FieldSummary),
        "assignee_id" => Some(T::FieldAssignee),
        "links" => Some(T::LinkedTo),
        "tags" => Some(T::FieldTags),
        "tags_added" => Some(T::TagsAdded),
        "merged" => Some(T::MergedWith),
        "tags_removed" => Some(T::TagsRemoved),
        "notes" => Some(T::FieldNotes),
        "title" => Some(T::FieldTitle),
        "first_name" => Some(T::FieldFirstName),
        "last_name" => Some(T::FieldLastName),
        "position" => Some(T::FieldPosition),
        "linkedin" => Some(T::FieldLinkedIn),
        "organization_id" => Some(T::FieldOrganization),
        "role" => Some(T::FieldRole),
        "preferred_call_time" => Some(T::FieldPreferredCallTime),
        "communication_style" => Some(T::FieldCommunicationStyle),
        "important_dates" => Some(T::FieldImportantDates),
        "stage_id" => Some(T::Stage),
        "value" => Some(T::FieldValue),
        "currency" => Some(T::FieldCurrency),
        "probability" => Some(T::FieldProbability),
        "expected_close" => Some(T::FieldExpectedClose),
        "request_type" => Some(T::FieldRequestType),
        "submission_deadline" => Some(T::FieldSubmissionDeadline),
        "priority" => Some(T::FieldPriority),
        "next_step" => Some(T::FieldNextStep),
        "lost_reason" => Some(T::FieldLostReason),
        "contacts" => Some(T::ContactsInvolved),
        "lead_id" => Some(T::Lead),
        "campaign_id" => Some(T::Campaign),
        "opportunity_id" => Some(T::Opportunity),
        "contact_id" => Some(T::Contact),
        "quantity" => Some(T::FieldQuantity),
        "unit" => Some(T::FieldUnit),
        "unit_price" => Some(T::FieldUnitPrice),
        "discount" => Some(T::FieldDiscount),
        "vat_rate" => Some(T::FieldVatRate),
        "items" => Some(T::Items),
        "number" => Some(T::FieldNumber),
        "issued_on" => Some(T::FieldIssuedOn),
        "valid_until" => Some(T::FieldValidUntil),
        "warranty_months" => Some(T::FieldWarrantyMonths),
        "code" => Some(T::FieldCode),
        "stages" => Some(T::Stage),
        "status" => Some(T::FieldStatus),
        "bank_account" => Some(T::FieldBankAccount),
        "registration" => Some(T::FieldRegistration),
        "attachments" | "files" => Some(T::Attachments),
        "attachment" => Some(T::Attachment),
        "folder" => Some(T::FieldFolder),
        "size" => Some(T::FieldSize),
        "media_type" => Some(T::FieldMediaType),
        "confidential" => Some(T::ConfidentialFile),
        "accepted_by" => Some(T::FieldAcceptedBy),
        "handed_over_by" => Some(T::FieldHandedOverBy),
        "fulfils" => Some(T::FieldFulfils),
        "date" => Some(T::FieldDate),
        "serials" => Some(T::FieldSerials),
        "condition" => Some(T::FieldCondition),
        "documents" => Some(T::FieldDocuments),
        "defects" => Some(T::Defects),
        "description" => Some(T::FieldDescription),
        "statuses" => Some(T::FieldStatus),
        "responded_at" => Some(T::SlaFirstResponse),
        "delivered_item_id" => Some(T::DeliveredItem),
        "category" => Some(T::FieldCategory),
        "who" => Some(T::WhoReports),
        "sla_first_response_at_risk" => Some(T::FirstResponseAtRisk),
        "sla_first_response_due" => Some(T::FirstResponseDue),
        "sla_resolution_at_risk" => Some(T::ResolutionAtRisk),
        "sla_resolution_due" => Some(T::ResolutionDue),
        "what_is_wrong" => Some(T::WhatIsWrong),
        "fix_by" => Some(T::FieldFixBy),
        "fixed_on" => Some(T::FieldFixedOn),
        "reason" => Some(T::FieldReason),
        "signed" => Some(T::Handover),
        "result" => Some(T::HandoverResultLabel),
        "supersedes" => Some(T::Supersedes),
        "project_id" | "project_ids" => Some(T::Project),
        "contract_id" => Some(T::Contract),
        "handover_id" => Some(T::Handover),
        "start" => Some(T::FieldStart),
        "planned_end" => Some(T::FieldPlannedEnd),
        "milestones" => Some(T::Milestones),
        "due" => Some(T::FieldDue),
        "done_on" => Some(T::FieldDoneOn),
        "deliverables" => Some(T::Deliverables),
        "what" => Some(T::FieldWhat),
        "issues" => Some(T::ProjectIssues),
        "raised_by" => Some(T::FieldRaisedBy),
        "resolution" => Some(T::FieldResolution),
        "effect" => Some(T::FieldEffect),
        "scope" => Some(T::FieldScope),
        "contact_ids" => Some(T::ContactsInvolved),
        "delivered_on" => Some(T::FieldDeliveredOn),
        "warranty_until" => Some(T::FieldWarrantyUntil),
        "location" => Some(T::FieldLocation),
        "renewal" => Some(T::FieldRenewal),
        "notice" => Some(T::FieldNotice),
        "billing" => Some(T::FieldBilling),
        "sla" => Some(T::SlaTerms),
        "first_response_hours" => Some(T::FieldFirstResponse),
        "resolution_hours" => Some(T::FieldResolutionTime),
        "cancel_by" => Some(T::FieldCancelBy),
        "state" => Some(T::FieldStatus),
        _ => None,
    }
}

/// A text with its `{name}` placeholders filled:
/// `fill(lang.t(T::ProblemTooLong), &[("max", &200)])`. A placeholder
/// the text does not have is ignored (the other language may use it).
pub fn fill(text: &str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
    let mut out = text.to_string();
    for (name, value) in args {
        let key = format!("{{{name}}}");
        if out.contains(&key) {
            out = out.replace(&key, &value.to_string());
        }
    }
    out
}

/// A message with what the browser (or a parser) said after it, if
/// anything: "the storage is full: QuotaExceededError". An empty detail
/// leaves no dangling colon.
pub fn with_detail(text: &str, detail: &str) -> String {
    if detail.is_empty() {
        text.to_string()
    } else {
        format!("{text}: {detail}")
    }
}

//! Every user-visible string, in English and Czech, and locale formatting.
//!
//! The table is one macro invocation: a key without both texts does not
//! compile, and a native test checks none is empty or left untranslated.

mod format;
mod plural;
mod report;
mod texts;

pub use format::{
    format_bytes, format_date, format_datetime, format_decimal, format_money, format_money_whole, format_month, format_number, format_time,
    format_totals, format_totals_whole, local_date,
};
pub use plural::{count, import_counts, noun, Noun};
pub use report::{period_preset, report_by, report_column, report_hint, report_label, report_name, report_texts, report_value};
pub use texts::T;

use crate::model::lead::{LeadSource, LeadStatus};
use crate::model::{ActivityKind, DateKind, Direction, EmailLabel, Kind, PhoneLabel, Priority, Problem, Role, TaskStatus};

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

pub fn role(lang: Lang, r: Role) -> &'static str {
    lang.t(match r {
        Role::DecisionMaker => T::RoleDecisionMaker,
        Role::Technical => T::RoleTechnical,
        Role::Billing => T::RoleBilling,
        Role::Other => T::RoleOther,
    })
}

pub fn email_label(lang: Lang, l: EmailLabel) -> &'static str {
    lang.t(match l {
        EmailLabel::Work => T::LabelWork,
        EmailLabel::Personal => T::LabelPersonal,
        EmailLabel::Other => T::LabelOther,
    })
}

pub fn phone_label(lang: Lang, l: PhoneLabel) -> &'static str {
    lang.t(match l {
        PhoneLabel::Mobile => T::LabelMobile,
        PhoneLabel::Work => T::LabelWork,
        PhoneLabel::Home => T::LabelHome,
        PhoneLabel::Fax => T::LabelFax,
        PhoneLabel::Other => T::LabelOther,
    })
}

pub fn date_kind(lang: Lang, k: DateKind) -> &'static str {
    lang.t(match k {
        DateKind::Birthday => T::DateBirthday,
        DateKind::Anniversary => T::DateAnniversary,
        DateKind::Custom => T::DateCustom,
    })
}

/// "Call" (one activity's kind).
pub fn activity_kind(lang: Lang, k: ActivityKind) -> &'static str {
    lang.t(match k {
        ActivityKind::Email => T::KindEmail,
        ActivityKind::Call => T::KindCall,
        ActivityKind::Meeting => T::KindMeeting,
        ActivityKind::Task => T::KindTask,
        ActivityKind::Note => T::KindNote,
    })
}

/// "Calls" (a filter).
pub fn activity_kinds(lang: Lang, k: ActivityKind) -> &'static str {
    lang.t(match k {
        ActivityKind::Email => T::KindEmails,
        ActivityKind::Call => T::KindCalls,
        ActivityKind::Meeting => T::KindMeetings,
        ActivityKind::Task => T::KindTasks,
        ActivityKind::Note => T::KindNotes,
    })
}

pub fn direction(lang: Lang, d: Direction) -> &'static str {
    lang.t(match d {
        Direction::Inbound => T::Inbound,
        Direction::Outbound => T::Outbound,
    })
}

pub fn task_status(lang: Lang, s: TaskStatus) -> &'static str {
    lang.t(match s {
        TaskStatus::Open => T::StatusOpen,
        TaskStatus::Done => T::StatusDone,
        TaskStatus::Cancelled => T::StatusCancelled,
    })
}

pub fn priority(lang: Lang, p: Priority) -> &'static str {
    lang.t(match p {
        Priority::Low => T::PriorityLow,
        Priority::Normal => T::PriorityNormal,
        Priority::High => T::PriorityHigh,
    })
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

/// The kind of a record, as the stream names it.
pub fn record_kind(lang: Lang, k: Kind) -> &'static str {
    lang.t(match k {
        Kind::Organization => T::Organization,
        Kind::Contact => T::Contact,
        Kind::TeamMember => T::TeamMember,
        Kind::Activity => T::Activity,
        Kind::Stage => T::Stage,
        Kind::Product => T::Product,
        Kind::Campaign => T::Campaign,
        Kind::Lead => T::Lead,
        Kind::Opportunity => T::Opportunity,
        Kind::Quote => T::Quote,
        Kind::Supplier => T::Supplier,
        Kind::Attachment => T::Attachment,
        Kind::Rule => T::Rule,
        Kind::Template => T::Template,
        Kind::Link | Kind::Firing | Kind::Alert | Kind::Draft | Kind::Follow | Kind::History => T::Record,
    })
}

/// A validation problem as a sentence in the UI language.
pub fn lead_status(s: LeadStatus) -> T {
    match s {
        LeadStatus::New => T::LeadNew,
        LeadStatus::Contacted => T::LeadContacted,
        LeadStatus::Qualified => T::LeadQualified,
        LeadStatus::Disqualified => T::LeadDisqualified,
        LeadStatus::Converted => T::LeadConverted,
    }
}

pub fn request_type(r: crate::model::opportunity::RequestType) -> T {
    use crate::model::opportunity::RequestType;
    match r {
        RequestType::Inquiry => T::RequestInquiry,
        RequestType::Rfi => T::RequestRfi,
        RequestType::Rfp => T::RequestRfp,
        RequestType::Tender => T::RequestTender,
    }
}

pub fn quote_status(s: crate::model::quote::QuoteStatus) -> T {
    use crate::model::quote::QuoteStatus;
    match s {
        QuoteStatus::Draft => T::QuoteDraft,
        QuoteStatus::Sent => T::QuoteSent,
        QuoteStatus::Accepted => T::QuoteAccepted,
        QuoteStatus::Rejected => T::QuoteRejected,
        QuoteStatus::Expired => T::QuoteExpired,
    }
}

pub fn campaign_status(s: crate::model::campaign::CampaignStatus) -> T {
    use crate::model::campaign::CampaignStatus;
    match s {
        CampaignStatus::Planned => T::CampaignPlanned,
        CampaignStatus::Active => T::CampaignActive,
        CampaignStatus::Completed => T::CampaignCompleted,
        CampaignStatus::Cancelled => T::CampaignCancelled,
    }
}

pub fn campaign_channel(c: crate::model::campaign::Channel) -> T {
    use crate::model::campaign::Channel;
    match c {
        Channel::Email => T::FieldEmail,
        Channel::Event => T::SourceEvent,
        Channel::Web => T::SourceWeb,
        Channel::Social => T::ChannelSocial,
        Channel::Phone => T::SourcePhone,
        Channel::Print => T::ChannelPrint,
        Channel::Other => T::LabelOther,
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
        (_, "role") => Role::parse(code).map(|r| role(lang, r).to_string()),
        (Kind::Lead, "status") => LeadStatus::parse(code).map(|s| t(lead_status(s))),
        (_, "source") => LeadSource::parse(code).map(|s| t(lead_source(s))),
        (_, "request_type") => RequestType::parse(code).map(|r| t(request_type(r))),
        (Kind::Quote, "status") => QuoteStatus::parse(code).map(|s| t(quote_status(s))),
        (Kind::Campaign, "status") => CampaignStatus::parse(code).map(|s| t(campaign_status(s))),
        (Kind::Campaign, "channel") => Channel::parse(code).map(|c| t(campaign_channel(c))),
        (_, "kind") => ActivityKind::parse(code).map(|k| activity_kind(lang, k).to_string()),
        (Kind::Activity, "status") => TaskStatus::parse(code).map(|s| task_status(lang, s).to_string()),
        (_, "direction") => Direction::parse(code).map(|d| direction(lang, d).to_string()),
        (_, "priority") => Priority::parse(code).map(|p| priority(lang, p).to_string()),
        _ => None,
    };
    named.unwrap_or_else(|| code.to_string())
}

pub fn lead_source(s: LeadSource) -> T {
    match s {
        LeadSource::Web => T::SourceWeb,
        LeadSource::Referral => T::SourceReferral,
        LeadSource::Event => T::SourceEvent,
        LeadSource::Campaign => T::Campaign,
        LeadSource::Phone => T::SourcePhone,
        LeadSource::Email => T::FieldEmail,
        LeadSource::Other => T::LabelOther,
    }
}

/// Why records look like one: "Same email".
pub fn duplicate_reason(r: crate::model::ops::duplicates::Reason) -> T {
    use crate::model::ops::duplicates::Reason;
    match r {
        Reason::Email => T::SameEmail,
        Reason::Phone => T::SamePhone,
        Reason::Ico => T::SameIco,
        Reason::Code => T::SameCode,
        Reason::Name => T::SimilarName,
    }
}

/// A list of records of `kind` as the bar names it: "Contacts".
pub fn kind_list(k: Kind) -> T {
    match k {
        Kind::Organization => T::NavOrganizations,
        Kind::Contact => T::NavContacts,
        Kind::Lead => T::NavLeads,
        Kind::Opportunity => T::NavOpportunities,
        Kind::Quote => T::NavQuotes,
        Kind::Product => T::NavProducts,
        Kind::Campaign => T::NavCampaigns,
        Kind::Rule | Kind::Template => T::NavAutomation,
        Kind::Activity => T::NavStream,
        _ => T::Record,
    }
}

pub fn problem(lang: Lang, p: &Problem) -> String {
    if lang == Lang::En {
        return p.to_string();
    }
    match p {
        Problem::Required => "je povinné".into(),
        Problem::TooLong { max } => format!("je delší než {max} znaků"),
        Problem::TooMany { max } => format!("má více než {max} položek"),
        Problem::NotEmail => "není e-mailová adresa".into(),
        Problem::NotPhone => "není telefonní číslo (číslice, mezery, + ( ) - / . a linka jako kl. 12)".into(),
        Problem::NotWebUrl => "není webová adresa (povolené jsou jen http:// a https://)".into(),
        Problem::NotDate => "není datum".into(),
        Problem::NotAChoice => "není jedna z možností".into(),
        Problem::ChangedSince => "se mezitím změnil, akci už nelze vrátit".into(),
        Problem::NotLinkedIn => "není adresa na LinkedIn (https://www.linkedin.com/…)".into(),
        Problem::BadIco => "není platné IČO (8 číslic se správnou kontrolní číslicí)".into(),
        Problem::BadDic => "není platné DIČ (kód země a 8–10 číslic, např. CZ12345678)".into(),
        Problem::BadTag => "štítky mají 1–50 znaků a nesmí obsahovat čárku".into(),
        Problem::Missing => "odkazuje na záznam, který neexistuje".into(),
        Problem::DuplicateId => "stejné id je v souboru vícekrát".into(),
        Problem::OutOfRange { min, max } => format!("musí být mezi {min} a {max}"),
        Problem::EndBeforeStart => "končí dřív, než začíná".into(),
        Problem::NotCurrency => "není podporovaná měna (CZK, EUR, USD, GBP, PLN, CHF)".into(),
        Problem::BadQuoteNumber => "není číslo nabídky (rok, pomlčka a aspoň čtyři číslice: 2026-0001)".into(),
        Problem::DuplicateNumber => "stejné číslo je použito dvakrát".into(),
        Problem::TotalTooLarge => "součty jsou příliš velké".into(),
        Problem::WonAndLost => "fáze nemůže být zároveň vyhraná i prohraná".into(),
        Problem::InUse { count } => format!("stále se používá (záznamů: {count})"),
        Problem::AlreadyConverted => "lead už je převedený".into(),
        Problem::NotANumber => "není číslo (např. 1,5 nebo 1 234,50)".into(),
        Problem::BadFileName => "nesmí obsahovat / \\ ani řídicí znaky".into(),
        Problem::FileTooLarge { max_mb } => format!("soubory nad {max_mb} MB nelze přiložit"),
        Problem::FileMissing => "obsah souboru chybí nebo nemá délku, kterou udává".into(),
        Problem::Malformed(m) => format!("chybný formát: {m}"),
    }
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
        _ => None,
    }
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

/// Why a bundle was refused, in the UI language, each problem on a line.
pub fn import_error(lang: Lang, e: &crate::bundle::ImportError) -> String {
    use crate::bundle::{ImportError as E, MAX_BYTES};
    use crate::model::SCHEMA_VERSION;
    if lang == Lang::En {
        return e.to_string();
    }
    match e {
        E::TooLarge { bytes } => format!("soubor má {} MB; balíky nad {} MB se nepřijímají", bytes / 1_000_000, MAX_BYTES / 1024 / 1024),
        E::NotJson { line, column } => format!("soubor není JSON (chyba na řádku {line}, sloupci {column})"),
        E::NotABundle => "soubor není balík Vizitky (chybí hlavička \"format\")".into(),
        E::WrongFormat { found } => format!("soubor není balík Vizitky (formát je \"{found}\")"),
        E::TooNew { found } => format!("balík má verzi schématu {found}, novější než tato aplikace ({SCHEMA_VERSION}); nejprve aktualizujte Vizitku"),
        E::UnknownVersion { found } => format!("verze schématu {found} nikdy neexistovala"),
        E::Invalid { errors, total } => {
            let mut s = format!("Problémy v balíku: {total}");
            for err in errors {
                s.push_str(&format!("\n{}: {}", err.field, problem(lang, &err.problem)));
            }
            if *total > errors.len() {
                s.push_str(&format!("\n… další problémy: {}", total - errors.len()));
            }
            s
        }
    }
}

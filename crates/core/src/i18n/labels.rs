//! Every coded value in words: an enum's variant as the text-table key
//! that names it (`lang.t(i18n::role(r))`). The UI, the CSV and the
//! reports all ask here, so a value reads the same everywhere.

use super::T;
use crate::csv::fields::{Key, Target as CsvTarget};
use crate::model::agenda::Due;
use crate::model::campaign::{CampaignStatus, Channel};
use crate::model::lead::{LeadPriority, LeadSource, LeadStatus};
use crate::model::opportunity::RequestType;
use crate::model::ops::sales::Likeness;
use crate::model::quote::QuoteStatus;
use crate::model::{ActivityKind, DateKind, Direction, EmailLabel, Kind, PhoneLabel, Priority, Role, TaskStatus};

pub fn role(r: Role) -> T {
    match r {
        Role::DecisionMaker => T::RoleDecisionMaker,
        Role::Technical => T::RoleTechnical,
        Role::Billing => T::RoleBilling,
        Role::Other => T::RoleOther,
    }
}

pub fn email_label(l: EmailLabel) -> T {
    match l {
        EmailLabel::Work => T::LabelWork,
        EmailLabel::Personal => T::LabelPersonal,
        EmailLabel::Other => T::LabelOther,
    }
}

pub fn phone_label(l: PhoneLabel) -> T {
    match l {
        PhoneLabel::Mobile => T::LabelMobile,
        PhoneLabel::Work => T::LabelWork,
        PhoneLabel::Home => T::LabelHome,
        PhoneLabel::Fax => T::LabelFax,
        PhoneLabel::Other => T::LabelOther,
    }
}

pub fn date_kind(k: DateKind) -> T {
    match k {
        DateKind::Birthday => T::DateBirthday,
        DateKind::Anniversary => T::DateAnniversary,
        DateKind::Custom => T::DateCustom,
    }
}

/// "Call" (one activity's kind).
pub fn activity_kind(k: ActivityKind) -> T {
    match k {
        ActivityKind::Email => T::KindEmail,
        ActivityKind::Call => T::KindCall,
        ActivityKind::Meeting => T::KindMeeting,
        ActivityKind::Task => T::KindTask,
        ActivityKind::Note => T::KindNote,
    }
}

/// "Calls" (a filter).
pub fn activity_kinds(k: ActivityKind) -> T {
    match k {
        ActivityKind::Email => T::KindEmails,
        ActivityKind::Call => T::KindCalls,
        ActivityKind::Meeting => T::KindMeetings,
        ActivityKind::Task => T::KindTasks,
        ActivityKind::Note => T::KindNotes,
    }
}

pub fn direction(d: Direction) -> T {
    match d {
        Direction::Inbound => T::Inbound,
        Direction::Outbound => T::Outbound,
    }
}

pub fn task_status(s: TaskStatus) -> T {
    match s {
        TaskStatus::Open => T::StatusOpen,
        TaskStatus::Done => T::StatusDone,
        TaskStatus::Cancelled => T::StatusCancelled,
    }
}

pub fn priority(p: Priority) -> T {
    match p {
        Priority::Low => T::PriorityLow,
        Priority::Normal => T::PriorityNormal,
        Priority::High => T::PriorityHigh,
    }
}

/// The kind of a record, as the stream names it.
pub fn record_kind(k: Kind) -> T {
    match k {
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
        Kind::Project => T::Project,
        Kind::Handover => T::Handover,
        Kind::DeliveredItem => T::DeliveredItem,
        Kind::Contract => T::Contract,
        Kind::Ticket => T::Ticket,
        Kind::Supplier => T::Supplier,
        Kind::Attachment => T::Attachment,
        Kind::Rule => T::Rule,
        Kind::Template => T::Template,
        Kind::Link | Kind::Firing | Kind::Alert | Kind::Draft | Kind::Follow | Kind::History => T::Record,
    }
}

pub fn lead_status(s: LeadStatus) -> T {
    match s {
        LeadStatus::New => T::LeadNew,
        LeadStatus::Contacted => T::LeadContacted,
        LeadStatus::Qualified => T::LeadQualified,
        LeadStatus::Disqualified => T::LeadDisqualified,
        LeadStatus::Converted => T::LeadConverted,
    }
}

pub fn request_type(r: RequestType) -> T {
    match r {
        RequestType::Inquiry => T::RequestInquiry,
        RequestType::Rfi => T::RequestRfi,
        RequestType::Rfp => T::RequestRfp,
        RequestType::Tender => T::RequestTender,
    }
}

pub fn quote_status(s: QuoteStatus) -> T {
    match s {
        QuoteStatus::Draft => T::QuoteDraft,
        QuoteStatus::Sent => T::QuoteSent,
        QuoteStatus::Accepted => T::QuoteAccepted,
        QuoteStatus::Rejected => T::QuoteRejected,
        QuoteStatus::Expired => T::QuoteExpired,
    }
}

pub fn campaign_status(s: CampaignStatus) -> T {
    match s {
        CampaignStatus::Planned => T::CampaignPlanned,
        CampaignStatus::Active => T::CampaignActive,
        CampaignStatus::Completed => T::CampaignCompleted,
        CampaignStatus::Cancelled => T::CampaignCancelled,
    }
}

pub fn campaign_channel(c: Channel) -> T {
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

/// A lead's priority from its score: "High".
pub fn lead_priority(p: LeadPriority) -> T {
    match p {
        LeadPriority::High => T::PriorityHigh,
        LeadPriority::Medium => T::PriorityMedium,
        LeadPriority::Low => T::PriorityLow,
    }
}

/// Why a converting lead may be a record already there.
pub fn likeness(l: Likeness) -> T {
    match l {
        Likeness::SameIco => T::SameIco,
        Likeness::SameEmail => T::SameEmail,
        Likeness::SamePhone => T::SamePhone,
        Likeness::SimilarName => T::SimilarName,
    }
}

/// When a task is due, as the task list groups it: "Overdue", "Today".
pub fn due(d: Due) -> T {
    match d {
        Due::Overdue => T::DueOverdue,
        Due::Today => T::DueToday,
        Due::ThisWeek => T::DueThisWeek,
        Due::Later => T::DueLater,
        Due::NoDate => T::DueNoDate,
    }
}

/// The heading of an activity's form: what the user is doing.
pub fn activity_heading(kind: ActivityKind, is_new: bool, compose: bool) -> T {
    match (kind, is_new) {
        (ActivityKind::Email, true) if compose => T::ComposeEmail,
        (ActivityKind::Email, true) => T::LogEmail,
        (ActivityKind::Call, true) => T::LogCall,
        (ActivityKind::Meeting, true) => T::ScheduleMeeting,
        (ActivityKind::Task, true) => T::AddTask,
        (ActivityKind::Note, true) => T::AddNote,
        (_, false) => T::EditActivity,
    }
}

/// The field a CSV column fills: "First name".
pub fn csv_key(k: Key) -> T {
    use Key::*;
    match k {
        Title => T::FieldTitle,
        FirstName => T::FieldFirstName,
        MiddleName => T::FieldMiddleName,
        LastName => T::FieldLastName,
        FullName => T::FieldFullName,
        Name => T::FieldName,
        Position => T::FieldPosition,
        Organization => T::FieldOrganization,
        Company => T::FieldCompany,
        Email => T::FieldEmail,
        EmailLabel => T::FieldEmailLabel,
        Phone => T::FieldPhone,
        PhoneLabel => T::FieldPhoneLabel,
        Mobile => T::FieldMobilePhone,
        WorkPhone => T::FieldWorkPhone,
        HomePhone => T::FieldHomePhone,
        Fax => T::LabelFax,
        OtherPhone => T::FieldOtherPhone,
        Role => T::FieldRole,
        LinkedIn => T::FieldLinkedIn,
        Website => T::FieldWebsite,
        Birthday => T::DateBirthday,
        Address => T::FieldAddress,
        CallTime => T::FieldPreferredCallTime,
        Style => T::FieldCommunicationStyle,
        Ico => T::FieldIco,
        Dic => T::FieldDic,
        Industry => T::FieldIndustry,
        Street => T::FieldStreet,
        City => T::FieldCity,
        PostalCode => T::FieldPostalCode,
        Country => T::FieldCountry,
        Source => T::FieldSource,
        Status => T::FieldStatus,
        Budget => T::QualBudget,
        Authority => T::QualAuthority,
        Need => T::QualNeed,
        Timeline => T::QualTimeline,
        EstimatedValue => T::FieldEstimatedValue,
        Currency => T::FieldCurrency,
        Code => T::FieldCode,
        Unit => T::FieldUnit,
        UnitPrice => T::FieldUnitPrice,
        VatRate => T::FieldVatRate,
        WarrantyMonths => T::FieldWarrantyMonths,
        Active => T::FieldActive,
        Owner => T::FieldOwner,
        Tags => T::FieldTags,
        Notes => T::FieldNotes,
    }
}

/// What rows of a CSV import are matched by, for the mode's hint.
pub fn csv_match_hint(t: CsvTarget) -> T {
    match t {
        CsvTarget::Contact => T::MatchByEmail,
        CsvTarget::Lead => T::MatchLeadByEmail,
        CsvTarget::Organization => T::MatchByIco,
        CsvTarget::Product => T::MatchByCode,
    }
}

/// The title of a CSV import: "Import contacts (CSV)".
pub fn csv_import_title(t: CsvTarget) -> T {
    match t {
        CsvTarget::Contact => T::ImportContactsCsv,
        CsvTarget::Organization => T::ImportOrganizationsCsv,
        CsvTarget::Lead => T::ImportLeadsCsv,
        CsvTarget::Product => T::ImportProductsCsv,
    }
}

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::validate::{self as v, FieldError, Problem};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    DecisionMaker,
    Technical,
    Billing,
    #[default]
    Other,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::DecisionMaker, Role::Technical, Role::Billing, Role::Other];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::DecisionMaker => "decision_maker",
            Role::Technical => "technical",
            Role::Billing => "billing",
            Role::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EmailLabel {
    #[default]
    Work,
    Personal,
    Other,
}

impl EmailLabel {
    pub const ALL: [EmailLabel; 3] = [EmailLabel::Work, EmailLabel::Personal, EmailLabel::Other];
    pub fn as_str(self) -> &'static str {
        match self {
            EmailLabel::Work => "work",
            EmailLabel::Personal => "personal",
            EmailLabel::Other => "other",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PhoneLabel {
    #[default]
    Mobile,
    Work,
    Home,
    Fax,
    Other,
}

impl PhoneLabel {
    pub const ALL: [PhoneLabel; 5] = [PhoneLabel::Mobile, PhoneLabel::Work, PhoneLabel::Home, PhoneLabel::Fax, PhoneLabel::Other];
    pub fn as_str(self) -> &'static str {
        match self {
            PhoneLabel::Mobile => "mobile",
            PhoneLabel::Work => "work",
            PhoneLabel::Home => "home",
            PhoneLabel::Fax => "fax",
            PhoneLabel::Other => "other",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Email {
    pub address: String,
    #[serde(default)]
    pub label: EmailLabel,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Phone {
    pub number: String,
    #[serde(default)]
    pub label: PhoneLabel,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateKind {
    #[default]
    Birthday,
    Anniversary,
    Custom,
}

impl DateKind {
    pub const ALL: [DateKind; 3] = [DateKind::Birthday, DateKind::Anniversary, DateKind::Custom];
    pub fn as_str(self) -> &'static str {
        match self {
            DateKind::Birthday => "birthday",
            DateKind::Anniversary => "anniversary",
            DateKind::Custom => "custom",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportantDate {
    pub kind: DateKind,
    /// Shown for custom dates ("Name day", "Started with us").
    #[serde(default)]
    pub label: String,
    #[serde(with = "crate::model::time::date")]
    pub date: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    pub id: Uuid,
    #[serde(with = "crate::model::time::utc")]
    pub created_at: DateTime<Utc>,
    #[serde(with = "crate::model::time::utc")]
    pub updated_at: DateTime<Utc>,
    /// Academic or salutation title written before the name: Ing., Mgr., Dr.
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub first_name: String,
    pub last_name: String,
    #[serde(default)]
    pub position: String,
    /// The first address is the primary one; order is meaningful.
    #[serde(default)]
    pub emails: Vec<Email>,
    #[serde(default)]
    pub phones: Vec<Phone>,
    #[serde(default)]
    pub linkedin: String,
    #[serde(default)]
    pub organization_id: Option<Uuid>,
    #[serde(default)]
    pub role: Role,
    #[serde(default)]
    pub preferred_call_time: String,
    #[serde(default)]
    pub communication_style: String,
    #[serde(default)]
    pub important_dates: Vec<ImportantDate>,
    /// The team member responsible for the record.
    #[serde(default)]
    pub owner_id: Option<Uuid>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub notes: String,
}

impl Contact {
    /// Where the contact stands in its list: "novakova jana", last name
    /// first, folded.
    pub fn sort_key(&self) -> String {
        let mut k = String::with_capacity(self.last_name.len() + self.first_name.len() + 1);
        super::search::fold_into(&mut k, &self.last_name);
        k.push(' ');
        super::search::fold_into(&mut k, &self.first_name);
        k
    }

    pub fn new(id: Uuid, now: DateTime<Utc>) -> Self {
        Contact {
            id,
            created_at: now,
            updated_at: now,
            title: String::new(),
            first_name: String::new(),
            last_name: String::new(),
            position: String::new(),
            emails: Vec::new(),
            phones: Vec::new(),
            linkedin: String::new(),
            organization_id: None,
            role: Role::Other,
            preferred_call_time: String::new(),
            communication_style: String::new(),
            important_dates: Vec::new(),
            owner_id: None,
            tags: Vec::new(),
            notes: String::new(),
        }
    }

    /// "Ing. Jana Nováková" — title, first and last name as written on a card.
    pub fn full_name(&self) -> String {
        [self.title.as_str(), self.first_name.as_str(), self.last_name.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ")
    }

    pub fn primary_email(&self) -> Option<&str> {
        self.emails.first().map(|e| e.address.as_str())
    }

    pub fn primary_phone(&self) -> Option<&str> {
        self.phones.first().map(|p| p.number.as_str())
    }

    pub fn validate(&self) -> Vec<FieldError> {
        let mut e = Vec::new();
        v::max_len(&mut e, "title", &self.title, 40);
        v::max_len(&mut e, "first_name", &self.first_name, v::NAME_MAX);
        v::required(&mut e, "last_name", &self.last_name);
        v::max_len(&mut e, "last_name", &self.last_name, v::NAME_MAX);
        v::max_len(&mut e, "position", &self.position, v::NAME_MAX);
        v::max_items(&mut e, "emails", self.emails.len(), 20);
        for (i, m) in self.emails.iter().enumerate() {
            if let Some(p) = v::required_item_problem(&m.address, v::is_email, Problem::NotEmail) {
                e.push(FieldError::new(format!("emails[{i}]"), p));
            }
        }
        v::max_items(&mut e, "phones", self.phones.len(), 20);
        for (i, p) in self.phones.iter().enumerate() {
            if let Some(problem) = v::required_item_problem(&p.number, v::is_phone, Problem::NotPhone) {
                e.push(FieldError::new(format!("phones[{i}]"), problem));
            }
        }
        v::linkedin_url(&mut e, "linkedin", &self.linkedin);
        v::max_len(&mut e, "preferred_call_time", &self.preferred_call_time, v::SHORT_TEXT);
        v::max_len(&mut e, "communication_style", &self.communication_style, v::LONG_TEXT);
        v::max_items(&mut e, "important_dates", self.important_dates.len(), 50);
        for (i, d) in self.important_dates.iter().enumerate() {
            let mut found = Vec::new();
            if d.kind == DateKind::Custom {
                v::required(&mut found, "", &d.label);
            }
            v::max_len(&mut found, "", &d.label, v::NAME_MAX);
            e.extend(found.into_iter().map(|f| FieldError::new(format!("important_dates[{i}].label"), f.problem)));
        }
        v::tags(&mut e, "tags", &self.tags);
        v::max_len(&mut e, "notes", &self.notes, v::LONG_TEXT);
        e
    }
}

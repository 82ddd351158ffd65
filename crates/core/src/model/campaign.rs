//! Campaigns: a marketing effort with a target list of contacts; the leads
//! and opportunities it produced point back at it.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::money::default_currency;
use super::validate::{self as v, FieldError, Problem};

coded! {
    pub enum Channel {
        #[default]
        Email = "email",
        Event = "event",
        Web = "web",
        Social = "social",
        Phone = "phone",
        Print = "print",
        Other = "other",
    }
}

coded! {
    pub enum CampaignStatus {
        #[default]
        Planned = "planned",
        Active = "active",
        Completed = "completed",
        Cancelled = "cancelled",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Campaign {
    pub id: Uuid,
    #[serde(with = "crate::model::time::utc")]
    pub created_at: DateTime<Utc>,
    #[serde(with = "crate::model::time::utc")]
    pub updated_at: DateTime<Utc>,
    pub name: String,
    #[serde(default)]
    pub channel: Channel,
    #[serde(default)]
    pub status: CampaignStatus,
    #[serde(default, with = "crate::model::time::date_opt")]
    pub starts_on: Option<NaiveDate>,
    #[serde(default, with = "crate::model::time::date_opt")]
    pub ends_on: Option<NaiveDate>,
    /// Minor units.
    #[serde(default)]
    pub budget: i64,
    #[serde(default = "default_currency")]
    pub currency: String,
    /// The target list: contacts, by id, in the order added.
    #[serde(default)]
    pub targets: Vec<Uuid>,
    #[serde(default)]
    pub owner_id: Option<Uuid>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub notes: String,
}

/// A target list holds at most every contact of a large CRM.
pub const TARGETS_MAX: usize = 200_000;

impl Campaign {
    /// Where the campaign stands in its list: the folded name.
    pub fn sort_key(&self) -> String {
        super::search::fold(&self.name)
    }

    pub fn new(id: Uuid, now: DateTime<Utc>) -> Self {
        Campaign {
            id,
            created_at: now,
            updated_at: now,
            name: String::new(),
            channel: Channel::Email,
            status: CampaignStatus::Planned,
            starts_on: None,
            ends_on: None,
            budget: 0,
            currency: default_currency(),
            targets: Vec::new(),
            owner_id: None,
            tags: Vec::new(),
            notes: String::new(),
        }
    }

    pub fn validate(&self) -> Vec<FieldError> {
        let mut e = Vec::new();
        v::required(&mut e, "name", &self.name);
        v::max_len(&mut e, "name", &self.name, v::NAME_MAX);
        if let (Some(s), Some(end)) = (self.starts_on, self.ends_on) {
            if end < s {
                e.push(FieldError::new("ends_on", Problem::EndBeforeStart));
            }
        }
        v::amount(&mut e, "budget", self.budget);
        v::currency(&mut e, "currency", &self.currency);
        v::max_items(&mut e, "targets", self.targets.len(), TARGETS_MAX);
        v::tags(&mut e, "tags", &self.tags);
        v::max_len(&mut e, "notes", &self.notes, v::LONG_TEXT);
        e
    }
}

//! Opportunities: a deal being worked on, moving through the pipeline.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::money::default_currency;
use super::validate::{self as v, FieldError, Problem};
use super::{Priority, Role};

coded! {
    /// What the customer asked for.
    pub enum RequestType {
        #[default]
        Inquiry = "inquiry",
        Rfi = "rfi",
        Rfp = "rfp",
        Tender = "tender",
    }
}

/// A contact taking part in the deal, and their part in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Involved {
    pub contact_id: Uuid,
    #[serde(default)]
    pub role: Role,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Opportunity {
    pub id: Uuid,
    #[serde(with = "crate::model::time::utc")]
    pub created_at: DateTime<Utc>,
    #[serde(with = "crate::model::time::utc")]
    pub updated_at: DateTime<Utc>,
    pub name: String,
    #[serde(default)]
    pub organization_id: Option<Uuid>,
    #[serde(default)]
    pub contacts: Vec<Involved>,
    pub stage_id: Uuid,
    /// Minor units.
    #[serde(default)]
    pub value: i64,
    #[serde(default = "default_currency")]
    pub currency: String,
    /// Percent, 0–100.
    #[serde(default)]
    pub probability: u8,
    #[serde(default, with = "crate::model::time::date_opt")]
    pub expected_close: Option<NaiveDate>,
    #[serde(default)]
    pub request_type: RequestType,
    /// When an offer (RFP answer, tender bid) must be in.
    #[serde(default, with = "crate::model::time::utc_opt")]
    pub submission_deadline: Option<DateTime<Utc>>,
    #[serde(default)]
    pub priority: Priority,
    #[serde(default)]
    pub next_step: String,
    /// Why a lost deal was lost (asked when it moves to a lost stage).
    #[serde(default)]
    pub lost_reason: String,
    /// The lead it was converted from.
    #[serde(default)]
    pub lead_id: Option<Uuid>,
    #[serde(default)]
    pub campaign_id: Option<Uuid>,
    #[serde(default)]
    pub owner_id: Option<Uuid>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub notes: String,
}

/// How many contacts one opportunity may involve.
pub const INVOLVED_MAX: usize = 100;

impl Opportunity {
    /// Where the deal stands in its list: the folded name.
    pub fn sort_key(&self) -> String {
        super::search::fold(&self.name)
    }

    pub fn new(id: Uuid, now: DateTime<Utc>, stage_id: Uuid) -> Self {
        Opportunity {
            id,
            created_at: now,
            updated_at: now,
            name: String::new(),
            organization_id: None,
            contacts: Vec::new(),
            stage_id,
            value: 0,
            currency: default_currency(),
            probability: 0,
            expected_close: None,
            request_type: RequestType::Inquiry,
            submission_deadline: None,
            priority: Priority::Normal,
            next_step: String::new(),
            lost_reason: String::new(),
            lead_id: None,
            campaign_id: None,
            owner_id: None,
            tags: Vec::new(),
            notes: String::new(),
        }
    }

    pub fn validate(&self) -> Vec<FieldError> {
        let mut e = Vec::new();
        v::required(&mut e, "name", &self.name);
        v::max_len(&mut e, "name", &self.name, v::NAME_MAX);
        v::max_items(&mut e, "contacts", self.contacts.len(), INVOLVED_MAX);
        for (i, c) in self.contacts.iter().enumerate() {
            if self.contacts[..i].iter().any(|o| o.contact_id == c.contact_id) {
                e.push(FieldError::new(format!("contacts[{i}].contact_id"), Problem::DuplicateId));
            }
        }
        v::amount(&mut e, "value", self.value);
        v::currency(&mut e, "currency", &self.currency);
        v::range(&mut e, "probability", i64::from(self.probability), 0, 100);
        v::max_len(&mut e, "next_step", &self.next_step, v::SHORT_TEXT);
        v::max_len(&mut e, "lost_reason", &self.lost_reason, v::SHORT_TEXT);
        v::tags(&mut e, "tags", &self.tags);
        v::max_len(&mut e, "notes", &self.notes, v::LONG_TEXT);
        e
    }

    /// The records this one points at, for the reverse index.
    pub fn references(&self) -> impl Iterator<Item = Uuid> + '_ {
        self.organization_id.into_iter().chain(self.contacts.iter().map(|c| c.contact_id)).chain(self.lead_id).chain(self.campaign_id)
    }
}

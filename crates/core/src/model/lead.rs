//! Leads: a person or company that may become a customer, as they came in,
//! qualified by BANT (budget, authority, need, timeline) and engagement,
//! and converted into an organization, a contact and an opportunity.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::money::default_currency;
use super::validate::{self as v, FieldError};

coded! {
    pub enum LeadSource {
        #[default]
        Web = "web",
        Referral = "referral",
        Event = "event",
        Campaign = "campaign",
        Phone = "phone",
        Email = "email",
        Other = "other",
    }
}

coded! {
    pub enum LeadStatus {
        #[default]
        New = "new",
        Contacted = "contacted",
        Qualified = "qualified",
        Disqualified = "disqualified",
        Converted = "converted",
    }
}

/// What a lead became: the records its conversion created or linked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conversion {
    #[serde(with = "crate::model::time::utc")]
    pub at: DateTime<Utc>,
    #[serde(default)]
    pub organization_id: Option<Uuid>,
    #[serde(default)]
    pub contact_id: Option<Uuid>,
    #[serde(default)]
    pub opportunity_id: Option<Uuid>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lead {
    pub id: Uuid,
    #[serde(with = "crate::model::time::utc")]
    pub created_at: DateTime<Utc>,
    #[serde(with = "crate::model::time::utc")]
    pub updated_at: DateTime<Utc>,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub first_name: String,
    #[serde(default)]
    pub last_name: String,
    /// The company as typed.
    #[serde(default)]
    pub company: String,
    #[serde(default)]
    pub ico: String,
    #[serde(default)]
    pub position: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub source: LeadSource,
    #[serde(default)]
    pub status: LeadStatus,
    /// Qualification, each 0–3.
    #[serde(default)]
    pub budget: u8,
    #[serde(default)]
    pub authority: u8,
    #[serde(default)]
    pub need: u8,
    #[serde(default)]
    pub timeline: u8,
    /// Minor units.
    #[serde(default)]
    pub estimated_value: i64,
    #[serde(default = "default_currency")]
    pub currency: String,
    #[serde(default)]
    pub campaign_id: Option<Uuid>,
    #[serde(default)]
    pub owner_id: Option<Uuid>,
    /// Set once, by the conversion.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub converted: Option<Conversion>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub notes: String,
}

coded! {
    pub enum LeadPriority {
        #[default]
        Low = "low",
        Medium = "medium",
        High = "high",
    }
}

/// A lead's score and what it is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Score {
    pub budget: u8,
    pub authority: u8,
    pub need: u8,
    pub timeline: u8,
    /// 0–3, from the activities logged in the last 30 days.
    pub engagement: u8,
    /// 0–100: the five parts' sum over their maximum (15), in percent.
    pub value: u8,
}

impl Score {
    pub const PART_MAX: u8 = 3;

    pub fn priority(&self) -> LeadPriority {
        match self.value {
            70.. => LeadPriority::High,
            40.. => LeadPriority::Medium,
            _ => LeadPriority::Low,
        }
    }
}

/// Engagement points for the number of activities in the last 30 days:
/// none 0, one or two 1, three or four 2, five and more 3.
pub fn engagement(recent_activities: usize) -> u8 {
    match recent_activities {
        0 => 0,
        1..=2 => 1,
        3..=4 => 2,
        _ => 3,
    }
}

/// How far back engagement looks.
pub const ENGAGEMENT_DAYS: i64 = 30;

impl Lead {
    /// Where the lead stands in its list: the folded name (the person's,
    /// else the company's).
    pub fn sort_key(&self) -> String {
        super::search::fold(&self.name())
    }

    pub fn new(id: Uuid, now: DateTime<Utc>) -> Self {
        Lead {
            id,
            created_at: now,
            updated_at: now,
            title: String::new(),
            first_name: String::new(),
            last_name: String::new(),
            company: String::new(),
            ico: String::new(),
            position: String::new(),
            email: String::new(),
            phone: String::new(),
            source: LeadSource::Web,
            status: LeadStatus::New,
            budget: 0,
            authority: 0,
            need: 0,
            timeline: 0,
            estimated_value: 0,
            currency: default_currency(),
            campaign_id: None,
            owner_id: None,
            converted: None,
            tags: Vec::new(),
            notes: String::new(),
        }
    }

    /// "Ing. Jana Nováková", or the company when no person is named.
    pub fn name(&self) -> String {
        let person = [self.title.as_str(), self.first_name.as_str(), self.last_name.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ");
        if person.is_empty() {
            self.company.clone()
        } else {
            person
        }
    }

    /// The score, given how many activities were logged with the lead in
    /// the last [`ENGAGEMENT_DAYS`].
    pub fn score(&self, recent_activities: usize) -> Score {
        let clamp = |p: u8| p.min(Score::PART_MAX);
        let (budget, authority, need, timeline) = (clamp(self.budget), clamp(self.authority), clamp(self.need), clamp(self.timeline));
        let engagement = engagement(recent_activities);
        let sum = u32::from(budget) + u32::from(authority) + u32::from(need) + u32::from(timeline) + u32::from(engagement);
        let max = 5 * u32::from(Score::PART_MAX);
        let value = ((sum * 100 + max / 2) / max) as u8;
        Score { budget, authority, need, timeline, engagement, value }
    }

    pub fn is_converted(&self) -> bool {
        self.converted.is_some() || self.status == LeadStatus::Converted
    }

    pub fn validate(&self) -> Vec<FieldError> {
        let mut e = Vec::new();
        if self.last_name.trim().is_empty() && self.company.trim().is_empty() {
            v::required(&mut e, "last_name", "");
        }
        for (field, value) in [
            ("title", &self.title),
            ("first_name", &self.first_name),
            ("last_name", &self.last_name),
            ("company", &self.company),
            ("position", &self.position),
        ] {
            v::max_len(&mut e, field, value, v::NAME_MAX);
        }
        v::ico(&mut e, "ico", &self.ico);
        v::email(&mut e, "email", &self.email);
        v::phone(&mut e, "phone", &self.phone);
        for (field, value) in [("budget", self.budget), ("authority", self.authority), ("need", self.need), ("timeline", self.timeline)] {
            v::range(&mut e, field, i64::from(value), 0, i64::from(Score::PART_MAX));
        }
        v::amount(&mut e, "estimated_value", self.estimated_value);
        v::currency(&mut e, "currency", &self.currency);
        v::tags(&mut e, "tags", &self.tags);
        v::max_len(&mut e, "notes", &self.notes, v::LONG_TEXT);
        e
    }

    /// The records this one points at, for the reverse index.
    pub fn references(&self) -> impl Iterator<Item = Uuid> + '_ {
        let c = self.converted.as_ref();
        self.campaign_id
            .into_iter()
            .chain(c.and_then(|c| c.organization_id))
            .chain(c.and_then(|c| c.contact_id))
            .chain(c.and_then(|c| c.opportunity_id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn score_is_the_five_parts_over_fifteen() {
        let mut l = Lead::new(Uuid::nil(), DateTime::default());
        assert_eq!(l.score(0).value, 0);
        assert_eq!(l.score(0).priority(), LeadPriority::Low);
        (l.budget, l.authority, l.need, l.timeline) = (3, 3, 3, 3);
        assert_eq!(l.score(0).value, 80);
        assert_eq!(l.score(5).value, 100);
        assert_eq!(l.score(5).priority(), LeadPriority::High);
        (l.budget, l.authority, l.need, l.timeline) = (2, 1, 2, 1);
        // 6 + engagement 1 (two activities) = 7 / 15 = 46.7 → 47
        assert_eq!(l.score(2).value, 47);
        assert_eq!(l.score(2).priority(), LeadPriority::Medium);
        assert_eq!(
            [engagement(0), engagement(1), engagement(2), engagement(3), engagement(4), engagement(5), engagement(500)],
            [0, 1, 1, 2, 2, 3, 3]
        );
        // Out-of-range parts (refused by validation) never push the score past 100.
        l.budget = 200;
        assert!(l.score(9).value <= 100);
    }
}

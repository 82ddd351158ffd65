//! Team members: the people who use Vizitka (a small team can share one
//! bundle). They own records, are assigned tasks and attend meetings.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::validate::{self as v, FieldError};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamMember {
    pub id: Uuid,
    #[serde(with = "crate::model::time::utc")]
    pub created_at: DateTime<Utc>,
    #[serde(with = "crate::model::time::utc")]
    pub updated_at: DateTime<Utc>,
    pub name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub notes: String,
}

impl TeamMember {
    /// Where the member stands in the team's list: the folded name.
    pub fn sort_key(&self) -> String {
        super::search::fold(&self.name)
    }

    pub fn new(id: Uuid, now: DateTime<Utc>, name: impl Into<String>) -> Self {
        TeamMember { id, created_at: now, updated_at: now, name: name.into(), email: String::new(), tags: Vec::new(), notes: String::new() }
    }

    pub fn validate(&self) -> Vec<FieldError> {
        let mut e = Vec::new();
        v::required(&mut e, "name", &self.name);
        v::max_len(&mut e, "name", &self.name, v::NAME_MAX);
        v::email(&mut e, "email", &self.email);
        v::tags(&mut e, "tags", &self.tags);
        v::max_len(&mut e, "notes", &self.notes, v::LONG_TEXT);
        e
    }
}

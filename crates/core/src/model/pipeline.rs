//! Pipeline stages: the columns an opportunity moves through. Editable in
//! Settings (name, order, default probability, won/lost); until the user
//! has stages of their own, the default set is offered, and the first
//! action that needs a stage stores it (see `actions::with_pipeline`).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::validate::{self as v, FieldError, Problem};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stage {
    pub id: Uuid,
    #[serde(with = "crate::model::time::utc")]
    pub created_at: DateTime<Utc>,
    #[serde(with = "crate::model::time::utc")]
    pub updated_at: DateTime<Utc>,
    pub name: String,
    /// Position on the board, left to right.
    pub order: u32,
    /// The probability an opportunity gets when moved here, 0–100.
    pub probability: u8,
    /// A closed stage: the deal is won, or lost.
    #[serde(default)]
    pub won: bool,
    #[serde(default)]
    pub lost: bool,
}

impl Stage {
    /// Stages are listed in board order.
    pub fn sort_key(&self) -> String {
        format!("{:010}", self.order)
    }

    pub fn is_open(&self) -> bool {
        !self.won && !self.lost
    }

    pub fn validate(&self) -> Vec<FieldError> {
        let mut e = Vec::new();
        v::required(&mut e, "name", &self.name);
        v::max_len(&mut e, "name", &self.name, v::NAME_MAX);
        v::range(&mut e, "probability", i64::from(self.probability), 0, 100);
        if self.won && self.lost {
            e.push(FieldError::new("lost", Problem::WonAndLost));
        }
        e
    }
}

/// The default stages: Qualification, Needs analysis, Proposal,
/// Negotiation, Won, Lost. Their ids are fixed, so two tabs (or two
/// devices) storing the defaults store the same records.
pub const DEFAULT_STAGES: usize = 6;

pub fn defaults(names: [&str; DEFAULT_STAGES], now: DateTime<Utc>) -> Vec<Stage> {
    const PROBABILITY: [u8; DEFAULT_STAGES] = [10, 25, 50, 75, 100, 0];
    names
        .iter()
        .enumerate()
        .map(|(i, name)| Stage {
            id: default_id(i),
            created_at: now,
            updated_at: now,
            name: name.to_string(),
            order: i as u32,
            probability: PROBABILITY[i],
            won: i == 4,
            lost: i == 5,
        })
        .collect()
}

/// The fixed id of the i-th default stage (a valid v7 id at time 0).
pub fn default_id(i: usize) -> Uuid {
    super::ids::new_id(0, [b'S', b't', b'a', b'g', b'e', 0, 0, 0, 0, i as u8])
}

/// Stages in board order.
pub fn in_order(stages: &mut [Stage]) {
    stages.sort_by(|a, b| (a.order, &a.name, a.id).cmp(&(b.order, &b.name, b.id)));
}

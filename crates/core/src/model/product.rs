//! The product and service catalogue quotes pick their lines from.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::money::{default_currency, Decimal};
use super::validate::{self as v, FieldError};

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Product {
    pub id: Uuid,
    #[serde(with = "crate::model::time::utc")]
    pub created_at: DateTime<Utc>,
    #[serde(with = "crate::model::time::utc")]
    pub updated_at: DateTime<Utc>,
    pub name: String,
    #[serde(default)]
    pub code: String,
    /// "h", "pcs", "month"…
    #[serde(default)]
    pub unit: String,
    /// Minor units, without VAT.
    #[serde(default)]
    pub unit_price: i64,
    #[serde(default = "default_currency")]
    pub currency: String,
    /// Percent.
    #[serde(default)]
    pub vat_rate: Decimal,
    #[serde(default)]
    pub warranty_months: u32,
    /// Inactive products stay on old quotes but are not offered for new ones.
    #[serde(default = "yes")]
    pub active: bool,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub notes: String,
}

impl Product {
    /// Where the product stands in the catalogue: the folded name.
    pub fn sort_key(&self) -> String {
        super::search::fold(&self.name)
    }

    pub fn new(id: Uuid, now: DateTime<Utc>) -> Self {
        Product {
            id,
            created_at: now,
            updated_at: now,
            name: String::new(),
            code: String::new(),
            unit: String::new(),
            unit_price: 0,
            currency: default_currency(),
            vat_rate: Decimal::percent(21),
            warranty_months: 0,
            active: true,
            tags: Vec::new(),
            notes: String::new(),
        }
    }

    pub fn validate(&self) -> Vec<FieldError> {
        let mut e = Vec::new();
        v::required(&mut e, "name", &self.name);
        v::max_len(&mut e, "name", &self.name, v::NAME_MAX);
        v::max_len(&mut e, "code", &self.code, v::NAME_MAX);
        v::max_len(&mut e, "unit", &self.unit, 20);
        v::range(&mut e, "unit_price", self.unit_price, -PRICE_MAX, PRICE_MAX);
        v::currency(&mut e, "currency", &self.currency);
        percent(&mut e, "vat_rate", self.vat_rate);
        v::range(&mut e, "warranty_months", i64::from(self.warranty_months), 0, 1200);
        v::tags(&mut e, "tags", &self.tags);
        v::max_len(&mut e, "notes", &self.notes, v::LONG_TEXT);
        e
    }
}

/// The largest unit price: 10^13 minor units (100 billion CZK).
pub const PRICE_MAX: i64 = 10_000_000_000_000;

/// A percentage, 0–100.
pub fn percent(e: &mut Vec<FieldError>, field: &str, p: Decimal) {
    if p < Decimal::ZERO || p > Decimal::percent(100) {
        e.push(FieldError::new(field, super::Problem::OutOfRange { min: 0, max: 100 }));
    }
}

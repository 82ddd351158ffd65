//! Quotes: priced offers with line items, numbered `YYYY-NNNN` per year.
//! Totals are derived (`model::money`), never stored.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::money::{self, default_currency, Decimal, LineAmounts, TooLarge, Totals};
use super::product::{percent, PRICE_MAX};
use super::validate::{self as v, FieldError, Problem};

coded! {
    pub enum QuoteStatus {
        #[default]
        Draft = "draft",
        Sent = "sent",
        Accepted = "accepted",
        Rejected = "rejected",
        Expired = "expired",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteItem {
    /// The catalogue product it was taken from; free text has none.
    #[serde(default)]
    pub product_id: Option<Uuid>,
    pub name: String,
    pub quantity: Decimal,
    #[serde(default)]
    pub unit: String,
    /// Minor units per unit, without VAT.
    pub unit_price: i64,
    /// Percent off.
    #[serde(default)]
    pub discount: Decimal,
    /// Percent.
    pub vat_rate: Decimal,
}

impl QuoteItem {
    pub fn amounts(&self) -> LineAmounts {
        LineAmounts { quantity: self.quantity, unit_price: self.unit_price, discount: self.discount, vat_rate: self.vat_rate }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    pub id: Uuid,
    #[serde(with = "crate::model::time::utc")]
    pub created_at: DateTime<Utc>,
    #[serde(with = "crate::model::time::utc")]
    pub updated_at: DateTime<Utc>,
    /// "2026-0001": the year it was issued and a sequence within it.
    pub number: String,
    #[serde(default)]
    pub opportunity_id: Option<Uuid>,
    #[serde(default)]
    pub organization_id: Option<Uuid>,
    #[serde(default)]
    pub contact_id: Option<Uuid>,
    #[serde(default)]
    pub status: QuoteStatus,
    #[serde(with = "crate::model::time::date")]
    pub issued_on: NaiveDate,
    #[serde(with = "crate::model::time::date")]
    pub valid_until: NaiveDate,
    /// When it reached each status.
    #[serde(default, with = "crate::model::time::date_opt")]
    pub sent_on: Option<NaiveDate>,
    #[serde(default, with = "crate::model::time::date_opt")]
    pub accepted_on: Option<NaiveDate>,
    #[serde(default, with = "crate::model::time::date_opt")]
    pub rejected_on: Option<NaiveDate>,
    #[serde(default, with = "crate::model::time::date_opt")]
    pub expired_on: Option<NaiveDate>,
    #[serde(default = "default_currency")]
    pub currency: String,
    #[serde(default)]
    pub items: Vec<QuoteItem>,
    #[serde(default)]
    pub owner_id: Option<Uuid>,
    #[serde(default)]
    pub tags: Vec<String>,
    /// Printed under the items (terms, delivery).
    #[serde(default)]
    pub notes: String,
}

pub const ITEMS_MAX: usize = 500;
/// The largest quantity: a billion units.
pub const QUANTITY_MAX: Decimal = Decimal(1_000_000_000 * Decimal::SCALE);
/// How long a new quote is valid.
pub const VALID_DAYS: i64 = 30;

impl Quote {
    /// Quotes are listed by number (2026-0001 before 2026-0002).
    pub fn sort_key(&self) -> String {
        self.number.clone()
    }

    pub fn new(id: Uuid, now: DateTime<Utc>, number: String, today: NaiveDate) -> Self {
        Quote {
            id,
            created_at: now,
            updated_at: now,
            number,
            opportunity_id: None,
            organization_id: None,
            contact_id: None,
            status: QuoteStatus::Draft,
            issued_on: today,
            valid_until: today + chrono::Duration::days(VALID_DAYS),
            sent_on: None,
            accepted_on: None,
            rejected_on: None,
            expired_on: None,
            currency: default_currency(),
            items: Vec::new(),
            owner_id: None,
            tags: Vec::new(),
            notes: String::new(),
        }
    }

    pub fn totals(&self) -> Result<Totals, TooLarge> {
        money::totals(self.items.iter().map(QuoteItem::amounts))
    }

    /// The date it reached a status (a draft: the day it was issued).
    pub fn date_of(&self, status: QuoteStatus) -> Option<NaiveDate> {
        match status {
            QuoteStatus::Draft => Some(self.issued_on),
            QuoteStatus::Sent => self.sent_on,
            QuoteStatus::Accepted => self.accepted_on,
            QuoteStatus::Rejected => self.rejected_on,
            QuoteStatus::Expired => self.expired_on,
        }
    }

    /// Moves to `status` on `day`, keeping the dates of earlier steps.
    pub fn set_status(&mut self, status: QuoteStatus, day: NaiveDate) {
        self.status = status;
        let slot = match status {
            QuoteStatus::Draft => return,
            QuoteStatus::Sent => &mut self.sent_on,
            QuoteStatus::Accepted => &mut self.accepted_on,
            QuoteStatus::Rejected => &mut self.rejected_on,
            QuoteStatus::Expired => &mut self.expired_on,
        };
        *slot = Some(day);
    }

    pub fn validate(&self) -> Vec<FieldError> {
        let mut e = Vec::new();
        if parse_number(&self.number).is_none() {
            e.push(FieldError::new("number", Problem::BadQuoteNumber));
        }
        if self.valid_until < self.issued_on {
            e.push(FieldError::new("valid_until", Problem::EndBeforeStart));
        }
        v::currency(&mut e, "currency", &self.currency);
        v::max_items(&mut e, "items", self.items.len(), ITEMS_MAX);
        for (i, item) in self.items.iter().enumerate() {
            let mut found = Vec::new();
            v::required(&mut found, "name", &item.name);
            v::max_len(&mut found, "name", &item.name, v::SHORT_TEXT);
            v::max_len(&mut found, "unit", &item.unit, 20);
            if item.quantity.0.abs() > QUANTITY_MAX.0 {
                found.push(FieldError::new("quantity", Problem::OutOfRange { min: -1_000_000_000, max: 1_000_000_000 }));
            }
            v::range(&mut found, "unit_price", item.unit_price, -PRICE_MAX, PRICE_MAX);
            percent(&mut found, "discount", item.discount);
            percent(&mut found, "vat_rate", item.vat_rate);
            e.extend(found.into_iter().map(|f| FieldError::new(format!("items[{i}].{}", f.field), f.problem)));
        }
        if self.totals().is_err() {
            e.push(FieldError::new("items", Problem::TotalTooLarge));
        }
        v::tags(&mut e, "tags", &self.tags);
        v::max_len(&mut e, "notes", &self.notes, v::LONG_TEXT);
        e
    }

    /// The records this one points at, for the reverse index.
    pub fn references(&self) -> impl Iterator<Item = Uuid> + '_ {
        self.opportunity_id.into_iter().chain(self.organization_id).chain(self.contact_id).chain(self.items.iter().filter_map(|i| i.product_id))
    }
}

/// (year, sequence) of a number like "2026-0001".
pub fn parse_number(s: &str) -> Option<(i32, u32)> {
    let (year, seq) = s.split_once('-')?;
    if year.len() != 4 || seq.len() < 4 || seq.len() > 9 || !year.bytes().chain(seq.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((year.parse().ok()?, seq.parse().ok()?))
}

/// The next number in `day`'s year, after every number already used.
pub fn next_number<'a>(day: NaiveDate, used: impl IntoIterator<Item = &'a str>) -> String {
    let year = day.year();
    let last = used.into_iter().filter_map(parse_number).filter(|(y, _)| *y == year).map(|(_, n)| n).max().unwrap_or(0);
    format!("{year}-{:04}", last + 1)
}

/// (year, sequence) of a number with a prefix ("PP-2026-0001").
pub fn parse_prefixed(prefix: &str, s: &str) -> Option<(i32, u32)> {
    parse_number(s.strip_prefix(prefix)?)
}

/// The next number with a prefix in `day`'s year ("T-2026-0008").
pub fn next_prefixed<'a>(prefix: &str, day: NaiveDate, used: impl IntoIterator<Item = &'a str>) -> String {
    format!("{prefix}{}", next_number(day, used.into_iter().filter_map(|n| n.strip_prefix(prefix))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_count_per_year() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        assert_eq!(next_number(day, []), "2026-0001");
        assert_eq!(next_number(day, ["2026-0001", "2026-0007", "2025-0042", "junk"]), "2026-0008");
        assert_eq!(next_number(day, ["2026-9999"]), "2026-10000");
        assert_eq!(parse_number("2026-10000"), Some((2026, 10000)));
        for bad in ["2026-001", "26-0001", "2026_0001", "2026-00a1", ""] {
            assert_eq!(parse_number(bad), None, "{bad}");
        }
    }
}

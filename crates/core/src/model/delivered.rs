//! Delivered items: what a customer has from us, under which warranty and
//! contract. Made when a handover protocol is signed (the warranty starts
//! on the signing date, not on the order date) or entered by hand.

use chrono::{DateTime, Months, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::money::Decimal;
use super::quote::QUANTITY_MAX;
use super::validate::{self as v, FieldError, Problem};

coded! {
    pub enum ItemState {
        #[default]
        InService = "in_service",
        Returned = "returned",
        Replaced = "replaced",
    }
}

/// Where an item's warranty stands on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum WarrantyState {
    None,
    InWarranty,
    /// Ends within [`WARRANTY_SOON_DAYS`].
    EndsSoon,
    Expired,
}

impl WarrantyState {
    pub fn code(self) -> &'static str {
        match self {
            WarrantyState::None => "none",
            WarrantyState::InWarranty => "in_warranty",
            WarrantyState::EndsSoon => "ends_soon",
            WarrantyState::Expired => "expired",
        }
    }
}

/// How close a warranty's end is "soon": the Inbox shows it from then.
pub const WARRANTY_SOON_DAYS: i64 = 30;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveredItem {
    pub id: Uuid,
    #[serde(with = "crate::model::time::utc")]
    pub created_at: DateTime<Utc>,
    #[serde(with = "crate::model::time::utc")]
    pub updated_at: DateTime<Utc>,
    #[serde(default)]
    pub product_id: Option<Uuid>,
    pub name: String,
    pub organization_id: Uuid,
    #[serde(default)]
    pub serials: Vec<String>,
    pub quantity: Decimal,
    #[serde(default)]
    pub unit: String,
    #[serde(with = "crate::model::time::date")]
    pub delivered_on: NaiveDate,
    /// The protocol it was handed over with.
    #[serde(default)]
    pub handover_id: Option<Uuid>,
    /// The contract it falls under.
    #[serde(default)]
    pub contract_id: Option<Uuid>,
    #[serde(default, with = "crate::model::time::date_opt")]
    pub warranty_until: Option<NaiveDate>,
    /// Where it is (a site, a room).
    #[serde(default)]
    pub location: String,
    #[serde(default)]
    pub state: ItemState,
    #[serde(default)]
    pub notes: String,
}

/// `from` plus whole months; the 31st becomes the month's last day.
pub fn add_months(from: NaiveDate, months: u32) -> Option<NaiveDate> {
    from.checked_add_months(Months::new(months))
}

impl DeliveredItem {
    pub fn sort_key(&self) -> String {
        super::search::fold(&self.name)
    }

    pub fn warranty_state(&self, today: NaiveDate) -> WarrantyState {
        match self.warranty_until {
            None => WarrantyState::None,
            Some(end) if end < today => WarrantyState::Expired,
            Some(end) if (end - today).num_days() <= WARRANTY_SOON_DAYS => WarrantyState::EndsSoon,
            Some(_) => WarrantyState::InWarranty,
        }
    }

    pub fn validate(&self) -> Vec<FieldError> {
        let mut e = Vec::new();
        v::required(&mut e, "name", &self.name);
        v::max_len(&mut e, "name", &self.name, v::SHORT_TEXT);
        v::max_len(&mut e, "unit", &self.unit, 20);
        if self.quantity.0 <= 0 || self.quantity.0 > QUANTITY_MAX.0 {
            e.push(FieldError::new("quantity", Problem::NotPositive));
        } else if !self.serials.is_empty() && (self.quantity.0 % Decimal::SCALE != 0 || self.quantity.0 / Decimal::SCALE != self.serials.len() as i64)
        {
            e.push(FieldError::new("serials", Problem::SerialsPerPiece { serials: self.serials.len() }));
        }
        v::max_items(&mut e, "serials", self.serials.len(), super::handover::LIST_MAX);
        for (j, s) in self.serials.iter().enumerate() {
            v::required(&mut e, &format!("serials[{j}]"), s);
            v::max_len(&mut e, &format!("serials[{j}]"), s, v::NAME_MAX);
        }
        if self.warranty_until.is_some_and(|w| w < self.delivered_on) {
            e.push(FieldError::new("warranty_until", Problem::EndBeforeStart));
        }
        v::max_len(&mut e, "location", &self.location, v::SHORT_TEXT);
        v::max_len(&mut e, "notes", &self.notes, v::LONG_TEXT);
        e
    }

    pub fn references(&self) -> impl Iterator<Item = Uuid> + '_ {
        std::iter::once(self.organization_id).chain(self.handover_id).chain(self.contract_id).chain(self.product_id)
    }
}

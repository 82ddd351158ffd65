//! Handover (acceptance) protocols, "předávací protokoly": what was handed
//! over to a customer, when, by whom, to whom, and whether it was accepted.
//! Numbered `PP-YYYY-NNNN` per year. Signing freezes the protocol: the
//! parties are copied into it as they were, and a SHA-256 of its content
//! lets a printed copy be matched to the record. Only a defect's fix date
//! changes after that.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::money::Decimal;
use super::quote::QUANTITY_MAX;
use super::validate::{self as v, FieldError, Problem};

coded! {
    pub enum HandoverResult {
        #[default]
        Draft = "draft",
        Accepted = "accepted",
        WithReservations = "with_reservations",
        NotAccepted = "not_accepted",
    }
}

impl HandoverResult {
    /// The results a protocol is signed with.
    pub const SIGNED: [HandoverResult; 3] = [HandoverResult::Accepted, HandoverResult::WithReservations, HandoverResult::NotAccepted];
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandoverItem {
    #[serde(default)]
    pub product_id: Option<Uuid>,
    pub name: String,
    pub quantity: Decimal,
    #[serde(default)]
    pub unit: String,
    /// One per piece when the item is serialized; none otherwise.
    #[serde(default)]
    pub serials: Vec<String>,
    /// "new", "refurbished"…
    #[serde(default)]
    pub condition: String,
    /// Documents handed over with it (manual, warranty card).
    #[serde(default)]
    pub documents: Vec<String>,
    /// The warranty its delivered item gets, from the signing date.
    #[serde(default)]
    pub warranty_months: u32,
}

/// A reservation: a defect the customer accepted the delivery with, to be
/// fixed by a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Defect {
    pub id: Uuid,
    pub description: String,
    #[serde(with = "crate::model::time::date")]
    pub fix_by: NaiveDate,
    #[serde(default, with = "crate::model::time::date_opt")]
    pub fixed_on: Option<NaiveDate>,
}

/// A party as printed on the protocol.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Party {
    pub name: String,
    #[serde(default)]
    pub ico: String,
    #[serde(default)]
    pub address: String,
    /// The person signing for it, and their role.
    #[serde(default)]
    pub person: String,
    #[serde(default)]
    pub role: String,
}

/// What signing fixed: when, both parties as they were, and the hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signature {
    #[serde(with = "crate::model::time::date")]
    pub on: NaiveDate,
    #[serde(with = "crate::model::time::utc")]
    pub at: DateTime<Utc>,
    pub supplier: Party,
    pub customer: Party,
    /// Lowercase hex SHA-256 of [`Handover::canonical`].
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Handover {
    pub id: Uuid,
    #[serde(with = "crate::model::time::utc")]
    pub created_at: DateTime<Utc>,
    #[serde(with = "crate::model::time::utc")]
    pub updated_at: DateTime<Utc>,
    /// "PP-2026-0001".
    pub number: String,
    pub organization_id: Uuid,
    #[serde(default)]
    pub project_id: Option<Uuid>,
    #[serde(default)]
    pub contract_id: Option<Uuid>,
    /// The contract or order it fulfils, as written on it.
    #[serde(default)]
    pub fulfils: String,
    #[serde(default)]
    pub place: String,
    #[serde(with = "crate::model::time::date")]
    pub date: NaiveDate,
    /// The team member handing over.
    #[serde(default)]
    pub handed_over_by: Option<Uuid>,
    /// The customer's contact accepting.
    #[serde(default)]
    pub accepted_by: Option<Uuid>,
    #[serde(default)]
    pub items: Vec<HandoverItem>,
    #[serde(default)]
    pub result: HandoverResult,
    /// With reservations: what is to be fixed.
    #[serde(default)]
    pub defects: Vec<Defect>,
    /// Not accepted: why.
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub notes: String,
    /// The signed protocol this one corrects.
    #[serde(default)]
    pub supersedes: Option<Uuid>,
    #[serde(default)]
    pub signed: Option<Signature>,
}

pub const PREFIX: &str = "PP-";
pub const ITEMS_MAX: usize = 500;
pub const LIST_MAX: usize = 1_000;

impl Handover {
    pub fn new(id: Uuid, now: DateTime<Utc>, number: String, organization_id: Uuid, today: NaiveDate) -> Self {
        Handover {
            id,
            created_at: now,
            updated_at: now,
            number,
            organization_id,
            project_id: None,
            contract_id: None,
            fulfils: String::new(),
            place: String::new(),
            date: today,
            handed_over_by: None,
            accepted_by: None,
            items: Vec::new(),
            result: HandoverResult::Draft,
            defects: Vec::new(),
            reason: String::new(),
            notes: String::new(),
            supersedes: None,
            signed: None,
        }
    }

    /// Listed by number.
    pub fn sort_key(&self) -> String {
        self.number.clone()
    }

    pub fn is_signed(&self) -> bool {
        self.signed.is_some()
    }

    /// Defects not fixed yet.
    pub fn open_defects(&self) -> impl Iterator<Item = &Defect> {
        self.defects.iter().filter(|d| d.fixed_on.is_none())
    }

    /// The content signing freezes, as canonical JSON: what the print
    /// shows, every field in a fixed order; ids, links to other records and
    /// times of the last edit left out, a defect without its fix date
    /// (tracked after signing). The parties are those of the signature.
    pub fn canonical(&self, supplier: &Party, customer: &Party, signed_on: NaiveDate) -> String {
        #[derive(Serialize)]
        struct Item<'a> {
            name: &'a str,
            quantity: Decimal,
            unit: &'a str,
            serials: &'a [String],
            condition: &'a str,
            documents: &'a [String],
            warranty_months: u32,
        }
        #[derive(Serialize)]
        struct Content<'a> {
            number: &'a str,
            supplier: &'a Party,
            customer: &'a Party,
            fulfils: &'a str,
            place: &'a str,
            date: String,
            items: Vec<Item<'a>>,
            result: &'static str,
            defects: Vec<(&'a str, String)>,
            reason: &'a str,
            notes: &'a str,
            signed_on: String,
        }
        let content = Content {
            number: &self.number,
            supplier,
            customer,
            fulfils: &self.fulfils,
            place: &self.place,
            date: super::time::format_date(self.date),
            items: self
                .items
                .iter()
                .map(|i| Item {
                    name: &i.name,
                    quantity: i.quantity,
                    unit: &i.unit,
                    serials: &i.serials,
                    condition: &i.condition,
                    documents: &i.documents,
                    warranty_months: i.warranty_months,
                })
                .collect(),
            result: self.result.code(),
            defects: self.defects.iter().map(|d| (d.description.as_str(), super::time::format_date(d.fix_by))).collect(),
            reason: &self.reason,
            notes: &self.notes,
            signed_on: super::time::format_date(signed_on),
        };
        serde_json::to_string(&content).unwrap_or_default()
    }

    /// The SHA-256 of the signed content, hex; None for a draft.
    pub fn content_hash(&self) -> Option<String> {
        let s = self.signed.as_ref()?;
        Some(sha256_hex(self.canonical(&s.supplier, &s.customer, s.on).as_bytes()))
    }

    /// Whether `other` is this protocol with only what may change after
    /// signing changed: a defect's fix date, and links to records since
    /// deleted (the parties are in the signature).
    pub fn same_content(&self, other: &Handover) -> bool {
        let strip = |h: &Handover| {
            let mut h = h.clone();
            h.updated_at = h.created_at;
            h.defects.iter_mut().for_each(|d| d.fixed_on = None);
            h
        };
        strip(self) == strip(other)
    }

    pub fn validate(&self) -> Vec<FieldError> {
        let mut e = Vec::new();
        if parse_number(&self.number).is_none() {
            e.push(FieldError::new("number", Problem::BadHandoverNumber));
        }
        for (field, text) in [("fulfils", &self.fulfils), ("place", &self.place)] {
            v::max_len(&mut e, field, text, v::SHORT_TEXT);
        }
        v::max_items(&mut e, "items", self.items.len(), ITEMS_MAX);
        for (i, item) in self.items.iter().enumerate() {
            let f = |name: &str| format!("items[{i}].{name}");
            v::required(&mut e, &f("name"), &item.name);
            v::max_len(&mut e, &f("name"), &item.name, v::SHORT_TEXT);
            v::max_len(&mut e, &f("unit"), &item.unit, 20);
            v::max_len(&mut e, &f("condition"), &item.condition, v::SHORT_TEXT);
            if item.quantity.0 <= 0 || item.quantity.0 > QUANTITY_MAX.0 {
                e.push(FieldError::new(f("quantity"), Problem::NotPositive));
            } else if !item.serials.is_empty()
                && (item.quantity.0 % Decimal::SCALE != 0 || item.quantity.0 / Decimal::SCALE != item.serials.len() as i64)
            {
                e.push(FieldError::new(f("serials"), Problem::SerialsPerPiece { serials: item.serials.len() }));
            }
            v::max_items(&mut e, &f("serials"), item.serials.len(), LIST_MAX);
            for (j, s) in item.serials.iter().enumerate() {
                v::required(&mut e, &format!("items[{i}].serials[{j}]"), s);
                v::max_len(&mut e, &format!("items[{i}].serials[{j}]"), s, v::NAME_MAX);
            }
            v::max_items(&mut e, &f("documents"), item.documents.len(), LIST_MAX);
            for (j, d) in item.documents.iter().enumerate() {
                v::max_len(&mut e, &format!("items[{i}].documents[{j}]"), d, v::SHORT_TEXT);
            }
            v::range(&mut e, &f("warranty_months"), i64::from(item.warranty_months), 0, 1200);
        }
        v::max_items(&mut e, "defects", self.defects.len(), ITEMS_MAX);
        for (i, d) in self.defects.iter().enumerate() {
            v::required(&mut e, &format!("defects[{i}].description"), &d.description);
            v::max_len(&mut e, &format!("defects[{i}].description"), &d.description, v::SHORT_TEXT);
            if d.fix_by < self.date {
                e.push(FieldError::new(format!("defects[{i}].fix_by"), Problem::BeforeHandoverDate));
            }
        }
        if self.result == HandoverResult::WithReservations && self.defects.is_empty() {
            e.push(FieldError::new("defects", Problem::Required));
        }
        if self.result == HandoverResult::NotAccepted {
            v::required(&mut e, "reason", &self.reason);
        }
        v::max_len(&mut e, "reason", &self.reason, v::LONG_TEXT);
        v::max_len(&mut e, "notes", &self.notes, v::LONG_TEXT);
        match &self.signed {
            Some(s) => {
                if self.result == HandoverResult::Draft {
                    e.push(FieldError::new("result", Problem::Required));
                }
                if s.on < self.date {
                    e.push(FieldError::new("signed.on", Problem::BeforeHandoverDate));
                }
                if self.content_hash().as_deref() != Some(s.sha256.as_str()) {
                    e.push(FieldError::new("signed.sha256", Problem::NotAsSigned));
                }
            }
            None if self.result != HandoverResult::Draft => e.push(FieldError::new("result", Problem::NotSigned)),
            None => {}
        }
        e
    }

    /// The records this one points at, for the reverse index.
    pub fn references(&self) -> impl Iterator<Item = Uuid> + '_ {
        std::iter::once(self.organization_id)
            .chain(self.project_id)
            .chain(self.contract_id)
            .chain(self.accepted_by)
            .chain(self.supersedes)
            .chain(self.items.iter().filter_map(|i| i.product_id))
    }
}

/// (year, sequence) of "PP-2026-0001".
pub fn parse_number(s: &str) -> Option<(i32, u32)> {
    super::quote::parse_prefixed(PREFIX, s)
}

/// The next protocol number in `day`'s year.
pub fn next_number<'a>(day: NaiveDate, used: impl IntoIterator<Item = &'a str>) -> String {
    super::quote::next_prefixed(PREFIX, day, used)
}

/// Lowercase hex SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

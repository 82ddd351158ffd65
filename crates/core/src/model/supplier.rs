//! Your own company, as quotes name the supplier: one record, edited in
//! Settings, travelling with the bundle so a team prints the same header.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::organization::Address;
use super::validate::{self as v, FieldError};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Supplier {
    pub id: Uuid,
    #[serde(with = "crate::model::time::utc")]
    pub created_at: DateTime<Utc>,
    #[serde(with = "crate::model::time::utc")]
    pub updated_at: DateTime<Utc>,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub ico: String,
    #[serde(default)]
    pub dic: String,
    #[serde(default)]
    pub address: Address,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub website: String,
    #[serde(default)]
    pub bank_account: String,
    /// The register entry Czech documents print ("C 12345 vedená u
    /// Městského soudu v Praze").
    #[serde(default)]
    pub registration: String,
    /// The SLA a ticket without a contract's terms gets (None: no SLA).
    #[serde(default)]
    pub default_sla: Option<super::contract::Sla>,
}

impl Supplier {
    /// The one supplier record's id, fixed so two devices edit the same record.
    pub fn id() -> Uuid {
        super::ids::new_id(0, [b'S', b'u', b'p', b'p', b'l', b'i', b'e', b'r', 0, 0])
    }

    pub fn new(now: DateTime<Utc>) -> Self {
        Supplier {
            id: Self::id(),
            created_at: now,
            updated_at: now,
            name: String::new(),
            ico: String::new(),
            dic: String::new(),
            address: Address::default(),
            email: String::new(),
            phone: String::new(),
            website: String::new(),
            bank_account: String::new(),
            registration: String::new(),
            default_sla: None,
        }
    }

    pub fn validate(&self) -> Vec<FieldError> {
        let mut e = Vec::new();
        v::max_len(&mut e, "name", &self.name, v::NAME_MAX);
        v::ico(&mut e, "ico", &self.ico);
        v::dic(&mut e, "dic", &self.dic);
        self.address.validate("address", &mut e);
        v::email(&mut e, "email", &self.email);
        v::phone(&mut e, "phone", &self.phone);
        v::web_url(&mut e, "website", &self.website);
        v::max_len(&mut e, "bank_account", &self.bank_account, v::NAME_MAX);
        v::max_len(&mut e, "registration", &self.registration, v::SHORT_TEXT);
        if let Some(sla) = &self.default_sla {
            sla.validate("default_sla", &mut e);
        }
        e
    }
}

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::validate::{self as v, FieldError};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Address {
    pub street: String,
    pub city: String,
    pub postal_code: String,
    pub country: String,
}

impl Address {
    pub fn is_empty(&self) -> bool {
        self.street.is_empty() && self.city.is_empty() && self.postal_code.is_empty() && self.country.is_empty()
    }

    /// One line for lists and printouts: "Street 1, 110 00 Praha, CZ".
    pub fn one_line(&self) -> String {
        let town = [self.postal_code.as_str(), self.city.as_str()].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join(" ");
        [self.street.as_str(), town.as_str(), self.country.as_str()].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join(", ")
    }

    pub(super) fn validate(&self, path: &str, errors: &mut Vec<FieldError>) {
        let mut found = Vec::new();
        v::max_len(&mut found, "street", &self.street, v::SHORT_TEXT);
        v::max_len(&mut found, "city", &self.city, v::NAME_MAX);
        v::max_len(&mut found, "postal_code", &self.postal_code, 20);
        v::max_len(&mut found, "country", &self.country, v::NAME_MAX);
        // Paths are only formatted for a problem (an import checks 10,000s).
        errors.extend(found.into_iter().map(|f| FieldError::new(format!("{path}.{}", f.field), f.problem)));
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Organization {
    pub id: Uuid,
    #[serde(with = "crate::model::time::utc")]
    pub created_at: DateTime<Utc>,
    #[serde(with = "crate::model::time::utc")]
    pub updated_at: DateTime<Utc>,
    pub name: String,
    /// IČO, the Czech company id: 8 digits with a mod-11 check digit.
    #[serde(default)]
    pub ico: String,
    /// DIČ, the VAT id: a country prefix and digits (CZ12345678).
    #[serde(default)]
    pub dic: String,
    #[serde(default)]
    pub industry: String,
    #[serde(default)]
    pub website: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub billing_address: Address,
    #[serde(default)]
    pub postal_address: Address,
    /// The one contact the organization is reached through. This is the only
    /// place "primary" is stored; a contact's badge is derived from it.
    #[serde(default)]
    pub primary_contact_id: Option<Uuid>,
    /// The team member responsible for the record.
    #[serde(default)]
    pub owner_id: Option<Uuid>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub notes: String,
}

impl Organization {
    /// Where the organization stands in its list: "pekarna u mlyna", the
    /// folded name.
    pub fn sort_key(&self) -> String {
        super::search::fold(&self.name)
    }

    pub fn new(id: Uuid, now: DateTime<Utc>) -> Self {
        Organization {
            id,
            created_at: now,
            updated_at: now,
            name: String::new(),
            ico: String::new(),
            dic: String::new(),
            industry: String::new(),
            website: String::new(),
            email: String::new(),
            phone: String::new(),
            billing_address: Address::default(),
            postal_address: Address::default(),
            primary_contact_id: None,
            owner_id: None,
            tags: Vec::new(),
            notes: String::new(),
        }
    }

    /// Field problems of this record on its own (references are checked by
    /// [`crate::model::Crm`], which knows the other records).
    pub fn validate(&self) -> Vec<FieldError> {
        let mut e = Vec::new();
        v::required(&mut e, "name", &self.name);
        v::max_len(&mut e, "name", &self.name, v::NAME_MAX);
        v::ico(&mut e, "ico", &self.ico);
        v::dic(&mut e, "dic", &self.dic);
        v::max_len(&mut e, "industry", &self.industry, v::NAME_MAX);
        v::web_url(&mut e, "website", &self.website);
        v::email(&mut e, "email", &self.email);
        v::phone(&mut e, "phone", &self.phone);
        self.billing_address.validate("billing_address", &mut e);
        self.postal_address.validate("postal_address", &mut e);
        v::tags(&mut e, "tags", &self.tags);
        v::max_len(&mut e, "notes", &self.notes, v::LONG_TEXT);
        e
    }
}

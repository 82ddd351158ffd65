//! What every kind of record shares: the [`Record`] trait
//! generic code (bundle lists, segments, merging) works through, [`Rec`]
//! (any one record) and [`Change`], one record-level write.

use chrono::{DateTime, Utc};
use serde::de::{self, DeserializeOwned, MapAccess, Visitor};
use serde::ser::SerializeStruct;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use uuid::Uuid;

use super::attachment::Attachment;
use super::automation::{Alert, Draft, Firing, Follow, Rule, Template};
use super::campaign::Campaign;
use super::contract::Contract;
use super::delivered::DeliveredItem;
use super::handover::Handover;
use super::kind::Kind;
use super::lead::Lead;
use super::opportunity::Opportunity;
use super::pipeline::Stage;
use super::product::Product;
use super::project::Project;
use super::quote::Quote;
use super::supplier::Supplier;
use super::ticket::Ticket;
use super::validate::FieldError;
use super::{Activity, Contact, HistoryEntry, Link, Organization, TeamMember};

/// A record of one kind, as generic code sees it.
pub trait Record: Serialize + DeserializeOwned + Clone + Into<Rec> + 'static {
    const KIND: Kind;
    fn id(&self) -> Uuid;
    /// None for records that are never edited (links, history).
    fn updated_at(&self) -> Option<DateTime<Utc>>;
    fn validate(&self) -> Vec<FieldError>;
    /// What the kind's list (in a bundle, in the segments) is ordered by,
    /// before the id.
    fn list_key(&self) -> ListKey;
    fn list(r: &Records) -> &Vec<Self>;
    fn list_mut(r: &mut Records) -> &mut Vec<Self>;
    fn sorted<'a, 'b>(s: &'b Sorted<'a>) -> &'b [&'a Self];
}

/// The order a list is kept in: by folded name, by time, or by id only.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum ListKey {
    Name(String),
    Time(DateTime<Utc>),
    Id,
}

/// Generic code that runs for one kind, named at run time: see [`with_kind`].
pub trait KindVisitor {
    type Output;
    fn visit<T: Record>(self) -> Self::Output;
}

macro_rules! records {
    ($($kind:ident: $ty:ty, list: $list:ident, key: $key:expr, updated_at: $updated:expr, validate: $validate:expr;)*) => {
        /// Any one record.
        #[derive(Debug, Clone, PartialEq)]
        pub enum Rec {
            $($kind($ty)),*
        }

        impl Rec {
            pub fn kind(&self) -> Kind {
                match self { $(Rec::$kind(_) => Kind::$kind),* }
            }

            pub fn id(&self) -> Uuid {
                match self { $(Rec::$kind(r) => r.id),* }
            }

            /// What validation refuses in the record, as a form would.
            pub fn validate(&self) -> Vec<FieldError> {
                match self { $(Rec::$kind(r) => Record::validate(r)),* }
            }

            /// The record's JSON form (what a bundle holds). Through text,
            /// so the wasm keeps one serializer and one parser per record
            /// type (the string ones), not a second pair for `Value`.
            pub fn to_value(&self) -> serde_json::Value {
                let text = match self { $(Rec::$kind(r) => serde_json::to_string(r)),* };
                text.ok().and_then(|t| serde_json::from_str(&t).ok()).unwrap_or_default()
            }

            /// A record of `kind` from its JSON form.
            pub fn from_value(kind: Kind, value: &serde_json::Value) -> Result<Rec, serde_json::Error> {
                let text = value.to_string();
                match kind { $(Kind::$kind => serde_json::from_str::<$ty>(&text).map(Rec::$kind)),* }
            }

            fn serialize_record<S: SerializeStruct>(&self, s: &mut S) -> Result<(), S::Error> {
                match self { $(Rec::$kind(r) => s.serialize_field("record", r)),* }
            }

            fn deserialize_record<'de, A: MapAccess<'de>>(kind: Kind, map: &mut A) -> Result<Rec, A::Error> {
                Ok(match kind { $(Kind::$kind => Rec::$kind(map.next_value()?)),* })
            }
        }

        /// Every record, one list per kind (named as in a bundle), in no
        /// particular order: what a load or an import hands over to become
        /// a [`crate::model::Crm`].
        #[derive(Debug, Clone, Default, PartialEq)]
        pub struct Records {
            $(pub $list: Vec<$ty>),*
        }

        impl Records {
            pub fn len(&self, kind: Kind) -> usize {
                match kind { $(Kind::$kind => self.$list.len()),* }
            }
        }

        /// Every record in list order (see `Crm::sorted_records`).
        #[derive(Default)]
        pub struct Sorted<'a> {
            $(pub $list: Vec<&'a $ty>),*
        }

        /// Runs `v` for the record type of `kind`.
        pub fn with_kind<V: KindVisitor>(kind: Kind, v: V) -> V::Output {
            match kind { $(Kind::$kind => v.visit::<$ty>()),* }
        }

        $(
            impl From<$ty> for Rec {
                fn from(r: $ty) -> Rec {
                    Rec::$kind(r)
                }
            }

            impl Record for $ty {
                const KIND: Kind = Kind::$kind;
                fn id(&self) -> Uuid {
                    self.id
                }
                fn updated_at(&self) -> Option<DateTime<Utc>> {
                    let f: fn(&$ty) -> Option<DateTime<Utc>> = $updated;
                    f(self)
                }
                fn validate(&self) -> Vec<FieldError> {
                    let f: fn(&$ty) -> Vec<FieldError> = $validate;
                    f(self)
                }
                fn list_key(&self) -> ListKey {
                    let f: fn(&$ty) -> ListKey = $key;
                    f(self)
                }
                fn list(r: &Records) -> &Vec<Self> {
                    &r.$list
                }
                fn list_mut(r: &mut Records) -> &mut Vec<Self> {
                    &mut r.$list
                }
                fn sorted<'a, 'b>(s: &'b Sorted<'a>) -> &'b [&'a Self] {
                    &s.$list
                }
            }
        )*
    };
}

// In the order of Kind::ALL.
records! {
    Organization: Organization, list: organizations, key: |r| ListKey::Name(r.sort_key()), updated_at: |r| Some(r.updated_at), validate: Organization::validate;
    Contact: Contact, list: contacts, key: |r| ListKey::Name(r.sort_key()), updated_at: |r| Some(r.updated_at), validate: Contact::validate;
    TeamMember: TeamMember, list: team_members, key: |r| ListKey::Name(r.sort_key()), updated_at: |r| Some(r.updated_at), validate: TeamMember::validate;
    Activity: Activity, list: activities, key: |r| ListKey::Time(r.when()), updated_at: |r| Some(r.updated_at), validate: Activity::validate;
    Link: Link, list: links, key: |_| ListKey::Id, updated_at: |_| None, validate: |_| Vec::new();
    Stage: Stage, list: stages, key: |r| ListKey::Name(r.sort_key()), updated_at: |r| Some(r.updated_at), validate: Stage::validate;
    Product: Product, list: products, key: |r| ListKey::Name(r.sort_key()), updated_at: |r| Some(r.updated_at), validate: Product::validate;
    Campaign: Campaign, list: campaigns, key: |r| ListKey::Name(r.sort_key()), updated_at: |r| Some(r.updated_at), validate: Campaign::validate;
    Lead: Lead, list: leads, key: |r| ListKey::Name(r.sort_key()), updated_at: |r| Some(r.updated_at), validate: Lead::validate;
    Opportunity: Opportunity, list: opportunities, key: |r| ListKey::Name(r.sort_key()), updated_at: |r| Some(r.updated_at), validate: Opportunity::validate;
    Quote: Quote, list: quotes, key: |r| ListKey::Name(r.sort_key()), updated_at: |r| Some(r.updated_at), validate: Quote::validate;
    Project: Project, list: projects, key: |r| ListKey::Name(r.sort_key()), updated_at: |r| Some(r.updated_at), validate: Project::validate;
    Handover: Handover, list: handovers, key: |r| ListKey::Name(r.sort_key()), updated_at: |r| Some(r.updated_at), validate: Handover::validate;
    DeliveredItem: DeliveredItem, list: delivered_items, key: |r| ListKey::Name(r.sort_key()), updated_at: |r| Some(r.updated_at), validate: DeliveredItem::validate;
    Contract: Contract, list: contracts, key: |r| ListKey::Name(r.sort_key()), updated_at: |r| Some(r.updated_at), validate: Contract::validate;
    Ticket: Ticket, list: tickets, key: |r| ListKey::Name(r.sort_key()), updated_at: |r| Some(r.updated_at), validate: Ticket::validate;
    Supplier: Supplier, list: suppliers, key: |_| ListKey::Id, updated_at: |r| Some(r.updated_at), validate: Supplier::validate;
    Attachment: Attachment, list: attachments, key: |_| ListKey::Id, updated_at: |r| Some(r.updated_at), validate: Attachment::validate;
    Rule: Rule, list: rules, key: |_| ListKey::Id, updated_at: |r| Some(r.updated_at), validate: Rule::validate;
    Template: Template, list: templates, key: |_| ListKey::Id, updated_at: |r| Some(r.updated_at), validate: Template::validate;
    Firing: Firing, list: firings, key: |_| ListKey::Id, updated_at: |r| Some(r.updated_at), validate: Firing::validate;
    Alert: Alert, list: alerts, key: |_| ListKey::Id, updated_at: |_| None, validate: Alert::validate;
    Draft: Draft, list: drafts, key: |_| ListKey::Id, updated_at: |r| Some(r.updated_at), validate: Draft::validate;
    Follow: Follow, list: follows, key: |_| ListKey::Id, updated_at: |_| None, validate: Follow::validate;
    History: HistoryEntry, list: history, key: |r| ListKey::Time(r.at), updated_at: |_| None, validate: |_| Vec::new();
}

/// One record-level write. A user action is a `Vec<Change>`.
///
/// Stored as `{"op": "put_contact", "record": {…}}` and
/// `{"op": "delete_contact", "id": "…"}`; a history entry's op is
/// `add_history` (entries are only ever added).
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    Put(Rec),
    Delete(Kind, Uuid),
}

impl Change {
    pub fn put(record: impl Into<Rec>) -> Change {
        Change::Put(record.into())
    }

    pub fn kind(&self) -> Kind {
        match self {
            Change::Put(r) => r.kind(),
            Change::Delete(k, _) => *k,
        }
    }

    /// The id of the record written.
    pub fn id(&self) -> Uuid {
        match self {
            Change::Put(r) => r.id(),
            Change::Delete(_, id) => *id,
        }
    }
}

fn op_name(put: bool, kind: Kind) -> String {
    match (put, kind) {
        (true, Kind::History) => "add_history".into(),
        (true, k) => format!("put_{}", k.as_str()),
        (false, k) => format!("delete_{}", k.as_str()),
    }
}

fn parse_op(op: &str) -> Option<(bool, Kind)> {
    if op == "add_history" {
        return Some((true, Kind::History));
    }
    let (put, kind) = match op.split_once('_')? {
        ("put", k) => (true, k),
        ("delete", k) => (false, k),
        _ => return None,
    };
    Some((put, Kind::parse(kind).filter(|k| *k != Kind::History)?))
}

impl Serialize for Change {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Change", 2)?;
        match self {
            Change::Put(r) => {
                st.serialize_field("op", &op_name(true, r.kind()))?;
                r.serialize_record(&mut st)?;
            }
            Change::Delete(kind, id) => {
                st.serialize_field("op", &op_name(false, *kind))?;
                st.serialize_field("id", id)?;
            }
        }
        st.end()
    }
}

#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "snake_case")]
enum ChangeField {
    Op,
    Id,
    Record,
    #[serde(other)]
    Other,
}

/// Reads the record straight into its type once "op" has named it. serde's
/// derive for a tagged enum buffers every record first (slower, and a
/// second copy of each record's parser in the wasm). Our writer always puts
/// "op" before "record"; a migrated log (keys sorted) may have "id" first.
impl<'de> Deserialize<'de> for Change {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct ChangeVisitor;
        impl<'de> Visitor<'de> for ChangeVisitor {
            type Value = Change;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a change with an \"op\"")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Change, A::Error> {
                let (mut op, mut id, mut put) = (None, None, None);
                while let Some(field) = map.next_key::<ChangeField>()? {
                    match field {
                        ChangeField::Op => {
                            let name: std::borrow::Cow<str> = map.next_value()?;
                            op = Some(
                                parse_op(&name).ok_or_else(|| de::Error::unknown_variant(&name, &["put_<kind>", "delete_<kind>", "add_history"]))?,
                            );
                        }
                        ChangeField::Id => id = Some(map.next_value::<Uuid>()?),
                        ChangeField::Record => {
                            put = Some(match op {
                                Some((true, kind)) => Rec::deserialize_record(kind, &mut map)?,
                                Some((false, _)) => return Err(de::Error::unknown_field("record", &["op", "id"])),
                                None => return Err(de::Error::custom("\"op\" must come before \"record\"")),
                            })
                        }
                        ChangeField::Other => {
                            map.next_value::<de::IgnoredAny>()?;
                        }
                    }
                }
                match op.ok_or_else(|| de::Error::missing_field("op"))? {
                    (false, kind) => Ok(Change::Delete(kind, id.ok_or_else(|| de::Error::missing_field("id"))?)),
                    (true, _) => put.map(Change::Put).ok_or_else(|| de::Error::missing_field("record")),
                }
            }
        }
        d.deserialize_map(ChangeVisitor)
    }
}

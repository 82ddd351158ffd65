//! What kind a record is: the word for it in storage keys, log entries,
//! bundle lists and URLs. Imports no record type, so any module can name a
//! kind without depending on the records.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Organization,
    Contact,
    TeamMember,
    Activity,
    Link,
    Stage,
    Product,
    Campaign,
    Lead,
    Opportunity,
    Quote,
    Project,
    Handover,
    DeliveredItem,
    Contract,
    Ticket,
    Supplier,
    Attachment,
    Rule,
    Template,
    Firing,
    Alert,
    Draft,
    Follow,
    History,
}

impl Kind {
    /// In the order of a bundle's lists, of the segments, and of a load:
    /// organizations first (contacts' search keys hold their names), the
    /// contacts next (the top of their list is shown early).
    pub const ALL: [Kind; 25] = [
        Kind::Organization,
        Kind::Contact,
        Kind::TeamMember,
        Kind::Activity,
        Kind::Link,
        Kind::Stage,
        Kind::Product,
        Kind::Campaign,
        Kind::Lead,
        Kind::Opportunity,
        Kind::Quote,
        Kind::Project,
        Kind::Handover,
        Kind::DeliveredItem,
        Kind::Contract,
        Kind::Ticket,
        Kind::Supplier,
        Kind::Attachment,
        Kind::Rule,
        Kind::Template,
        Kind::Firing,
        Kind::Alert,
        Kind::Draft,
        Kind::Follow,
        Kind::History,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Organization => "organization",
            Kind::Contact => "contact",
            Kind::TeamMember => "team_member",
            Kind::Activity => "activity",
            Kind::Link => "link",
            Kind::Stage => "stage",
            Kind::Product => "product",
            Kind::Campaign => "campaign",
            Kind::Lead => "lead",
            Kind::Opportunity => "opportunity",
            Kind::Quote => "quote",
            Kind::Project => "project",
            Kind::Handover => "handover",
            Kind::DeliveredItem => "delivered_item",
            Kind::Contract => "contract",
            Kind::Ticket => "ticket",
            Kind::Supplier => "supplier",
            Kind::Attachment => "attachment",
            Kind::Rule => "rule",
            Kind::Template => "template",
            Kind::Firing => "firing",
            Kind::Alert => "alert",
            Kind::Draft => "draft",
            Kind::Follow => "follow",
            Kind::History => "history",
        }
    }

    /// The schema version that brought this kind (see `model::migrate`):
    /// a bundle of an older version has no list of it.
    pub fn since(self) -> u32 {
        match self {
            Kind::Organization | Kind::Contact | Kind::History => 1,
            Kind::TeamMember | Kind::Activity | Kind::Link => 3,
            Kind::Stage | Kind::Product | Kind::Campaign | Kind::Lead | Kind::Opportunity | Kind::Quote | Kind::Supplier => 4,
            Kind::Attachment => 5,
            Kind::Rule | Kind::Template | Kind::Firing | Kind::Alert | Kind::Draft | Kind::Follow => 6,
            Kind::Project | Kind::Handover | Kind::DeliveredItem | Kind::Contract => 7,
            Kind::Ticket => 8,
        }
    }

    /// The name of the kind's list in a bundle.
    pub fn list_name(self) -> &'static str {
        match self {
            Kind::Organization => "organizations",
            Kind::Contact => "contacts",
            Kind::TeamMember => "team_members",
            Kind::Activity => "activities",
            Kind::Link => "links",
            Kind::Stage => "stages",
            Kind::Product => "products",
            Kind::Campaign => "campaigns",
            Kind::Lead => "leads",
            Kind::Opportunity => "opportunities",
            Kind::Quote => "quotes",
            Kind::Project => "projects",
            Kind::Handover => "handovers",
            Kind::DeliveredItem => "delivered_items",
            Kind::Contract => "contracts",
            Kind::Ticket => "tickets",
            Kind::Supplier => "suppliers",
            Kind::Attachment => "attachments",
            Kind::Rule => "rules",
            Kind::Template => "templates",
            Kind::Firing => "firings",
            Kind::Alert => "alerts",
            Kind::Draft => "drafts",
            Kind::Follow => "follows",
            Kind::History => "history",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn from_list_name(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.list_name() == s)
    }

    /// Position in [`Kind::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

/// A set of kinds: what an action touched, what a reader reads.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Kinds(u32);

impl Kinds {
    pub const NONE: Kinds = Kinds(0);
    pub const ALL: Kinds = Kinds((1 << Kind::ALL.len()) - 1);

    pub fn of(kinds: &[Kind]) -> Kinds {
        kinds.iter().fold(Kinds::NONE, |s, k| s.with(*k))
    }

    pub fn with(self, kind: Kind) -> Kinds {
        Kinds(self.0 | 1 << kind.index())
    }

    pub fn contains(self, kind: Kind) -> bool {
        self.0 & (1 << kind.index()) != 0
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn iter(self) -> impl Iterator<Item = Kind> {
        Kind::ALL.into_iter().filter(move |k| self.contains(*k))
    }
}

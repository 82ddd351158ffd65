//! A list's filters beyond its search: owner, tag, and changed since a
//! day. They live in the list's URL (`?owner=me&tag=vip&since=2026-11-01`),
//! so a filter is a link: it can be saved by name and shown in the
//! navigation.

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use super::crm::Crm;
use super::kind::Kind;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum OwnerFilter {
    #[default]
    Anyone,
    /// Whoever is using the app: a saved "mine" stays each user's own.
    Me,
    Nobody,
    Member(Uuid),
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListFilter {
    pub owner: OwnerFilter,
    /// "" for any.
    pub tag: String,
    pub since: Option<NaiveDate>,
}

impl ListFilter {
    pub fn is_empty(&self) -> bool {
        *self == ListFilter::default()
    }

    /// The URL query parameters, in a fixed order ("" values left out).
    pub fn to_query(&self) -> Vec<(&'static str, String)> {
        let mut q = Vec::new();
        match self.owner {
            OwnerFilter::Anyone => {}
            OwnerFilter::Me => q.push(("owner", "me".to_string())),
            OwnerFilter::Nobody => q.push(("owner", "none".to_string())),
            OwnerFilter::Member(id) => q.push(("owner", id.to_string())),
        }
        if !self.tag.is_empty() {
            q.push(("tag", self.tag.clone()));
        }
        if let Some(d) = self.since {
            q.push(("since", super::time::format_date(d)));
        }
        q
    }

    /// From the URL query; what does not parse is no filter.
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> ListFilter {
        let owner = match get("owner").as_deref() {
            Some("me") => OwnerFilter::Me,
            Some("none") => OwnerFilter::Nobody,
            Some(id) => Uuid::parse_str(id).map(OwnerFilter::Member).unwrap_or_default(),
            None => OwnerFilter::Anyone,
        };
        ListFilter { owner, tag: get("tag").unwrap_or_default(), since: get("since").and_then(|d| super::time::parse_date(&d)) }
    }
}

impl Crm {
    /// What a list filter looks at: owner, tags and last change.
    fn facts(&self, kind: Kind, id: Uuid) -> Option<(Option<Uuid>, &[String], DateTime<Utc>)> {
        Some(match kind {
            Kind::Contact => self.contact(id).map(|r| (r.owner_id, r.tags.as_slice(), r.updated_at))?,
            Kind::Organization => self.organization(id).map(|r| (r.owner_id, r.tags.as_slice(), r.updated_at))?,
            Kind::Lead => self.lead(id).map(|r| (r.owner_id, r.tags.as_slice(), r.updated_at))?,
            Kind::Opportunity => self.opportunity(id).map(|r| (r.owner_id, r.tags.as_slice(), r.updated_at))?,
            Kind::Quote => self.quote(id).map(|r| (r.owner_id, r.tags.as_slice(), r.updated_at))?,
            Kind::Product => self.product(id).map(|r| (None, r.tags.as_slice(), r.updated_at))?,
            Kind::Campaign => self.campaign(id).map(|r| (r.owner_id, r.tags.as_slice(), r.updated_at))?,
            Kind::Project => self.project(id).map(|r| (r.owner_id, r.tags.as_slice(), r.updated_at))?,
            Kind::Contract => self.contract(id).map(|r| (r.owner_id, r.tags.as_slice(), r.updated_at))?,
            // A ticket's owner is whoever it is assigned to.
            Kind::Ticket => self.ticket(id).map(|r| (r.assignee_id, r.tags.as_slice(), r.updated_at))?,
            _ => return None,
        })
    }

    /// Whether record `id` of `kind` passes `f`; `me` is who "me" is,
    /// `since` the start of the filter's day in the user's time zone.
    pub fn passes(&self, kind: Kind, id: Uuid, f: &ListFilter, me: Option<Uuid>, since: Option<DateTime<Utc>>) -> bool {
        let Some((owner, tags, updated)) = self.facts(kind, id) else { return false };
        let owner_ok = match f.owner {
            OwnerFilter::Anyone => true,
            OwnerFilter::Me => owner.is_some() && owner == me,
            OwnerFilter::Nobody => owner.is_none(),
            OwnerFilter::Member(m) => owner == Some(m),
        };
        owner_ok && (f.tag.is_empty() || tags.contains(&f.tag)) && since.is_none_or(|s| updated >= s)
    }

    /// Every tag used on records of `kind`, sorted. Records' tags are
    /// borrowed and only the distinct ones copied: at 100,000 contacts
    /// this runs on every change.
    pub fn tags_of(&self, kind: Kind) -> Vec<String> {
        let ids: Vec<Uuid> = match kind {
            Kind::Contact => self.contacts().map(|r| r.id).collect(),
            Kind::Organization => self.organizations().map(|r| r.id).collect(),
            Kind::Lead => self.leads().map(|r| r.id).collect(),
            Kind::Opportunity => self.opportunities().map(|r| r.id).collect(),
            Kind::Quote => self.quotes().map(|r| r.id).collect(),
            Kind::Product => self.products().map(|r| r.id).collect(),
            Kind::Campaign => self.campaigns().map(|r| r.id).collect(),
            Kind::Project => self.projects().map(|r| r.id).collect(),
            Kind::Contract => self.contracts().map(|r| r.id).collect(),
            Kind::Ticket => self.tickets().map(|r| r.id).collect(),
            _ => Vec::new(),
        };
        let distinct: std::collections::HashSet<&str> = if kind == Kind::Activity {
            self.activities().flat_map(|a| a.tags.iter().map(String::as_str)).collect()
        } else {
            ids.iter().filter_map(|id| self.facts(kind, *id)).flat_map(|(_, t, _)| t.iter().map(String::as_str)).collect()
        };
        let mut tags: Vec<String> = distinct.into_iter().map(str::to_string).collect();
        tags.sort_by_key(|t| super::search::fold(t));
        tags
    }
}

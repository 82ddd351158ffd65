//! The whole CRM in memory, with the indexes the pages look things up by.
//!
//! A user action is computed (in `actions.rs`) as a list of [`Change`]s
//! without touching the records; the store persists the list in one
//! transaction and only then is it [`Crm::apply`]ed. So memory never shows a
//! change the disk refused.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::attachment::Attachment;
use super::automation::{Alert, Draft, Firing, FiringState, Follow, Rule, Template};
use super::campaign::Campaign;
use super::contract::Contract;
use super::delivered::DeliveredItem;
use super::handover::Handover;
use super::history::HistoryEntry;
use super::ids::IdMap;
use super::kind::Kind;
use super::kind::Kinds;
use super::lead::Lead;
use super::opportunity::Opportunity;
use super::phone::search_digits_into as digits_into;
use super::pipeline::{self, Stage};
use super::product::Product;
use super::project::Project;
use super::quote::Quote;
use super::record::{Change, Rec, Record};
pub use super::record::{Records, Sorted};
use super::search::{fold, fold_into, Hits, Query, SearchIndex};
use super::supplier::Supplier;
use super::ticket::Ticket;
use super::{Activity, Contact, Link, Organization, Target, TeamMember};

/// What a global search found: the first of each list (see
/// [`Crm::find_top`]) and how many matched in all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Found {
    pub organizations: Vec<Uuid>,
    pub contacts: Vec<Uuid>,
    /// Newest first.
    pub activities: Vec<Uuid>,
    /// Leads, opportunities, quotes, products and campaigns, by kind and name.
    pub sales: Vec<Target>,
    /// Files by name (confidential ones are never found).
    pub files: Vec<Uuid>,
    pub matched: Matched,
}

/// How many records of each list a search matched.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Matched {
    pub organizations: usize,
    pub contacts: usize,
    pub activities: usize,
    pub sales: usize,
    pub files: usize,
}

/// The first `n` of what is pushed, by key, and how many were pushed: for
/// a small `n` a short sorted list that most pushes only compare against,
/// so 100,000 matches of a one-letter query are neither kept nor sorted.
struct First<K, T> {
    n: usize,
    items: Vec<(K, T)>,
    total: usize,
}

impl<K: Ord, T> First<K, T> {
    /// Up to this many are kept sorted as they come; more are sorted once.
    const SMALL: usize = 128;

    fn new(n: usize) -> Self {
        First { n, items: Vec::new(), total: 0 }
    }

    fn push(&mut self, key: K, item: T) {
        self.total += 1;
        if self.n > Self::SMALL {
            self.items.push((key, item));
            return;
        }
        if self.items.len() == self.n && self.items.last().is_none_or(|last| key >= last.0) {
            return;
        }
        let at = self.items.partition_point(|x| x.0 <= key);
        self.items.insert(at, (key, item));
        self.items.truncate(self.n);
    }

    fn finish(mut self) -> (Vec<T>, usize) {
        if self.n > Self::SMALL {
            self.items.sort_unstable_by(|a, b| a.0.cmp(&b.0));
            self.items.truncate(self.n);
        }
        (self.items.into_iter().map(|(_, t)| t).collect(), self.total)
    }
}

/// Runs `$body` with `$m` bound to the map of records of `$kind` (each
/// arm its own type), `$history` for the history: the one place a new
/// kind's map is named for every lookup by kind.
macro_rules! by_kind {
    ($self:ident, $kind:expr, |$m:ident| $body:expr, history: $history:expr) => {
        match $kind {
            Kind::Organization => {
                let $m = &$self.organizations;
                $body
            }
            Kind::Contact => {
                let $m = &$self.contacts;
                $body
            }
            Kind::TeamMember => {
                let $m = &$self.team_members;
                $body
            }
            Kind::Activity => {
                let $m = &$self.activities;
                $body
            }
            Kind::Link => {
                let $m = &$self.links;
                $body
            }
            Kind::Stage => {
                let $m = &$self.stages;
                $body
            }
            Kind::Product => {
                let $m = &$self.products;
                $body
            }
            Kind::Campaign => {
                let $m = &$self.campaigns;
                $body
            }
            Kind::Lead => {
                let $m = &$self.leads;
                $body
            }
            Kind::Opportunity => {
                let $m = &$self.opportunities;
                $body
            }
            Kind::Quote => {
                let $m = &$self.quotes;
                $body
            }
            Kind::Project => {
                let $m = &$self.projects;
                $body
            }
            Kind::Handover => {
                let $m = &$self.handovers;
                $body
            }
            Kind::DeliveredItem => {
                let $m = &$self.delivered_items;
                $body
            }
            Kind::Contract => {
                let $m = &$self.contracts;
                $body
            }
            Kind::Ticket => {
                let $m = &$self.tickets;
                $body
            }
            Kind::Supplier => {
                let $m = &$self.suppliers;
                $body
            }
            Kind::Attachment => {
                let $m = &$self.attachments;
                $body
            }
            Kind::Rule => {
                let $m = &$self.rules;
                $body
            }
            Kind::Template => {
                let $m = &$self.templates;
                $body
            }
            Kind::Firing => {
                let $m = &$self.firings;
                $body
            }
            Kind::Alert => {
                let $m = &$self.alerts;
                $body
            }
            Kind::Draft => {
                let $m = &$self.drafts;
                $body
            }
            Kind::Follow => {
                let $m = &$self.follows;
                $body
            }
            Kind::History => $history,
        }
    };
}

#[derive(Debug, Clone, Default)]
pub struct Crm {
    pub(super) organizations: IdMap<Organization>,
    pub(super) contacts: IdMap<Contact>,
    pub(super) team_members: IdMap<TeamMember>,
    pub(super) activities: IdMap<Activity>,
    pub(super) links: IdMap<Link>,
    pub(super) stages: IdMap<Stage>,
    pub(super) products: IdMap<Product>,
    pub(super) campaigns: IdMap<Campaign>,
    pub(super) leads: IdMap<Lead>,
    pub(super) opportunities: IdMap<Opportunity>,
    pub(super) quotes: IdMap<Quote>,
    pub(super) projects: IdMap<Project>,
    pub(super) handovers: IdMap<Handover>,
    pub(super) delivered_items: IdMap<DeliveredItem>,
    pub(super) contracts: IdMap<Contract>,
    pub(super) tickets: IdMap<Ticket>,
    pub(super) suppliers: IdMap<Supplier>,
    pub(super) attachments: IdMap<Attachment>,
    pub(super) rules: IdMap<Rule>,
    pub(super) templates: IdMap<Template>,
    pub(super) firings: IdMap<Firing>,
    pub(super) alerts: IdMap<Alert>,
    pub(super) drafts: IdMap<Draft>,
    pub(super) follows: IdMap<Follow>,
    history: Vec<HistoryEntry>,
    /// The sales records pointing at a record: opportunities at their
    /// organization and contacts, quotes at their opportunity, leads at
    /// what they became… so a page lists them and a delete detaches them
    /// by lookup.
    referrers: IdMap<Vec<Target>>,
    contacts_by_org: IdMap<Vec<Uuid>>,
    /// Contacts by the (month, day) of each of their important dates, so
    /// the inbox finds today's birthdays without reading every contact.
    dates_by_day: std::collections::HashMap<(u32, u32), Vec<Uuid>>,
    history_by_record: IdMap<Vec<usize>>,
    /// Link ids by activity, and by the record linked to: a timeline is a
    /// lookup, not a scan.
    links_by_activity: IdMap<Vec<Uuid>>,
    links_by_record: IdMap<Vec<Uuid>>,
    /// Each contact's interactions (emails, calls, meetings linked to it):
    /// their time and id, unordered. The engagement reports read a
    /// contact's last one from here instead of every link and activity.
    interactions_by_contact: IdMap<Vec<(DateTime<Utc>, Uuid)>>,
    /// File ids by the record they are attached to.
    pub(super) attachments_by_record: IdMap<Vec<Uuid>>,
    /// Firings (any state) by the record they act on, and the pending
    /// ones by when they are due: the runner's lookups.
    pub(super) firings_by_record: IdMap<Vec<Uuid>>,
    pub(super) pending_firings: std::collections::BTreeSet<(DateTime<Utc>, Uuid)>,
    /// Folded text a search matches against, per record.
    search: SearchIndex,
    /// Folded name lists sort by ("novakova jana", "pekarna u mlyna").
    sort_keys: IdMap<String>,
}

impl Crm {
    pub fn new() -> Self {
        Self::default()
    }

    /// Builds the indexes over loaded records. References are not checked
    /// here: the store only holds what was validated on the way in.
    pub fn from_records(records: Records) -> Self {
        let mut crm = Crm::default();
        let Records {
            organizations,
            contacts,
            team_members,
            activities,
            links,
            stages,
            products,
            campaigns,
            leads,
            opportunities,
            quotes,
            projects,
            handovers,
            delivered_items,
            contracts,
            tickets,
            suppliers,
            attachments,
            rules,
            templates,
            firings,
            alerts,
            drafts,
            follows,
            history,
        } = records;
        crm.add_loaded(organizations, contacts, |_| true);
        crm.add_list(team_members, |_| true);
        crm.add_list(activities, |_| true);
        crm.add_list(links, |_| true);
        crm.add_list(stages, |_| true);
        crm.add_list(products, |_| true);
        crm.add_list(campaigns, |_| true);
        crm.add_list(leads, |_| true);
        crm.add_list(opportunities, |_| true);
        crm.add_list(quotes, |_| true);
        crm.add_list(projects, |_| true);
        crm.add_list(handovers, |_| true);
        crm.add_list(delivered_items, |_| true);
        crm.add_list(contracts, |_| true);
        crm.add_list(tickets, |_| true);
        crm.add_list(suppliers, |_| true);
        crm.add_list(attachments, |_| true);
        crm.add_list(rules, |_| true);
        crm.add_list(templates, |_| true);
        crm.add_list(firings, |_| true);
        crm.add_list(alerts, |_| true);
        crm.add_list(drafts, |_| true);
        crm.add_list(follows, |_| true);
        crm.set_history(history);
        crm
    }

    /// Adds and indexes organizations and contacts read from storage,
    /// those `keep` accepts. Organizations must come before (or with) their
    /// contacts, whose search keys include the organization's name.
    pub fn add_loaded(&mut self, organizations: Vec<Organization>, contacts: Vec<Contact>, keep: impl Fn(Uuid) -> bool) {
        let records = organizations.len() + contacts.len();
        self.search.reserve(records, records * 96);
        self.sort_keys.reserve(records);
        self.organizations.reserve(organizations.len());
        self.contacts.reserve(contacts.len());
        for o in organizations.into_iter().filter(|o| keep(o.id)) {
            self.search.set_with(Kind::Organization, o.id, |k| write_org_key(k, &o));
            self.sort_keys.insert(o.id, o.sort_key());
            self.organizations.insert(o.id, o);
        }
        for c in contacts.into_iter().filter(|c| keep(c.id)) {
            if let Some(o) = c.organization_id {
                self.contacts_by_org.entry(o).or_default().push(c.id);
            }
            index_dates(&mut self.dates_by_day, &c);
            self.search.set_with(Kind::Contact, c.id, |k| write_contact_key(k, &c, &self.organizations));
            self.sort_keys.insert(c.id, c.sort_key());
            self.contacts.insert(c.id, c);
        }
    }

    /// Adds records of any kind but organizations, contacts and history
    /// (which have their own paths), those `keep` accepts.
    pub fn add_list<T: Record>(&mut self, list: Vec<T>, keep: impl Fn(Uuid) -> bool) {
        for r in list.into_iter().filter(|r| keep(r.id())) {
            self.put(r.into());
        }
    }

    /// Replaces the whole history (loaded or imported), in time order.
    pub fn set_history(&mut self, mut history: Vec<HistoryEntry>) {
        history.sort_by(HistoryEntry::chronological);
        self.history = history;
        self.history_by_record.clear();
        for (i, h) in self.history.iter().enumerate() {
            for id in h.record_ids() {
                self.history_by_record.entry(id).or_default().push(i);
            }
        }
    }

    /// The folded name a list sorts this record by ("" if unknown).
    pub fn sort_key(&self, id: Uuid) -> &str {
        self.sort_keys.get(&id).map(String::as_str).unwrap_or("")
    }

    // ---- reading ----

    /// Any record by its kind and id (history entries are not looked up).
    pub fn get(&self, kind: Kind, id: Uuid) -> Option<Rec> {
        by_kind!(self, kind, |m| m.get(&id).cloned().map(Rec::from), history: None)
    }

    /// The ids of every record of `kind`, in no order.
    pub fn ids(&self, kind: Kind) -> Vec<Uuid> {
        by_kind!(self, kind, |m| m.keys().copied().collect(), history: self.history.iter().map(|h| h.id).collect())
    }

    pub fn organization(&self, id: Uuid) -> Option<&Organization> {
        self.organizations.get(&id)
    }

    pub fn contact(&self, id: Uuid) -> Option<&Contact> {
        self.contacts.get(&id)
    }

    pub fn team_member(&self, id: Uuid) -> Option<&TeamMember> {
        self.team_members.get(&id)
    }

    pub fn activity(&self, id: Uuid) -> Option<&Activity> {
        self.activities.get(&id)
    }

    pub fn organizations(&self) -> impl Iterator<Item = &Organization> {
        self.organizations.values()
    }

    pub fn contacts(&self) -> impl Iterator<Item = &Contact> {
        self.contacts.values()
    }

    pub fn activities(&self) -> impl Iterator<Item = &Activity> {
        self.activities.values()
    }

    pub fn links(&self) -> impl Iterator<Item = &Link> {
        self.links.values()
    }

    /// Team members by name.
    pub fn team(&self) -> Vec<&TeamMember> {
        in_list_order(self.team_members.values().map(|m| (self.sort_key(m.id), m.id, m)))
    }

    /// A team member's name, "" for none (or one since deleted).
    pub fn member_name(&self, id: Option<Uuid>) -> &str {
        id.and_then(|id| self.team_members.get(&id)).map_or("", |m| m.name.as_str())
    }

    pub fn history(&self) -> &[HistoryEntry] {
        &self.history
    }

    pub fn organization_count(&self) -> usize {
        self.organizations.len()
    }

    pub fn contact_count(&self) -> usize {
        self.contacts.len()
    }

    pub fn count(&self, kind: Kind) -> usize {
        by_kind!(self, kind, |m| m.len(), history: self.history.len())
    }

    pub fn is_empty(&self) -> bool {
        Kind::ALL.iter().all(|&k| self.count(k) == 0)
    }

    /// Whether anything about customers is here yet (a team member or the
    /// pipeline alone is not): the first screen offers the ways to start
    /// until there is.
    pub fn has_customer_data(&self) -> bool {
        const CUSTOMER: [Kind; 8] =
            [Kind::Organization, Kind::Contact, Kind::Lead, Kind::Opportunity, Kind::Quote, Kind::Product, Kind::Campaign, Kind::Activity];
        CUSTOMER.iter().any(|&k| self.count(k) > 0)
    }

    // ---- sales ----

    pub fn stage(&self, id: Uuid) -> Option<&Stage> {
        self.stages.get(&id)
    }

    /// The stored pipeline stages, in board order (empty until the user's
    /// first opportunity or edit stores the defaults).
    pub fn stages(&self) -> Vec<Stage> {
        let mut v: Vec<Stage> = self.stages.values().cloned().collect();
        pipeline::in_order(&mut v);
        v
    }

    pub fn product(&self, id: Uuid) -> Option<&Product> {
        self.products.get(&id)
    }

    pub fn products(&self) -> impl Iterator<Item = &Product> {
        self.products.values()
    }

    pub fn campaign(&self, id: Uuid) -> Option<&Campaign> {
        self.campaigns.get(&id)
    }

    pub fn campaigns(&self) -> impl Iterator<Item = &Campaign> {
        self.campaigns.values()
    }

    pub fn lead(&self, id: Uuid) -> Option<&Lead> {
        self.leads.get(&id)
    }

    pub fn leads(&self) -> impl Iterator<Item = &Lead> {
        self.leads.values()
    }

    pub fn opportunity(&self, id: Uuid) -> Option<&Opportunity> {
        self.opportunities.get(&id)
    }

    pub fn opportunities(&self) -> impl Iterator<Item = &Opportunity> {
        self.opportunities.values()
    }

    pub fn quote(&self, id: Uuid) -> Option<&Quote> {
        self.quotes.get(&id)
    }

    pub fn quotes(&self) -> impl Iterator<Item = &Quote> {
        self.quotes.values()
    }

    /// Your company's details for quotes, if entered.
    pub fn supplier(&self) -> Option<&Supplier> {
        self.suppliers.get(&Supplier::id()).or_else(|| self.suppliers.values().next())
    }

    /// The sales records (leads, opportunities, quotes) pointing at a record.
    pub fn referrers(&self, id: Uuid) -> &[Target] {
        self.referrers.get(&id).map_or(&[], Vec::as_slice)
    }

    /// Opportunities of an organization or involving a contact, by name.
    pub fn opportunities_of(&self, id: Uuid) -> Vec<&Opportunity> {
        let mut v: Vec<&Opportunity> =
            self.referrers(id).iter().filter(|t| t.kind == Kind::Opportunity).filter_map(|t| self.opportunities.get(&t.id)).collect();
        v.sort_by_key(|o| (self.sort_key(o.id), o.id));
        v.dedup_by_key(|o| o.id);
        v
    }

    /// Quotes for a record (organization, contact, opportunity), newest number first.
    pub fn quotes_of(&self, id: Uuid) -> Vec<&Quote> {
        let mut v: Vec<&Quote> = self.referrers(id).iter().filter(|t| t.kind == Kind::Quote).filter_map(|t| self.quotes.get(&t.id)).collect();
        v.sort_by(|a, b| b.number.cmp(&a.number));
        v.dedup_by_key(|q| q.id);
        v
    }

    /// Contacts of an organization: the primary one first, then by name.
    pub fn contacts_of(&self, org: Uuid) -> Vec<&Contact> {
        let primary = self.organizations.get(&org).and_then(|o| o.primary_contact_id);
        let mut v: Vec<&Contact> =
            self.contacts_by_org.get(&org).map(|ids| ids.iter().filter_map(|id| self.contacts.get(id)).collect()).unwrap_or_default();
        v.sort_by_key(|c| (Some(c.id) != primary, self.sort_key(c.id)));
        v
    }

    /// Contacts with an important date on this (month, day), any year.
    pub fn contacts_with_date_on(&self, month: u32, day: u32) -> impl Iterator<Item = &Contact> {
        self.dates_by_day.get(&(month, day)).into_iter().flatten().filter_map(|id| self.contacts.get(id))
    }

    pub fn contact_count_of(&self, org: Uuid) -> usize {
        self.contacts_by_org.get(&org).map_or(0, Vec::len)
    }

    pub fn is_primary(&self, contact: &Contact) -> bool {
        contact.organization_id.and_then(|o| self.organizations.get(&o)).is_some_and(|o| o.primary_contact_id == Some(contact.id))
    }

    /// History of one record, newest first.
    pub fn history_of(&self, id: Uuid) -> Vec<&HistoryEntry> {
        self.history_by_record.get(&id).map(|ix| ix.iter().rev().map(|&i| &self.history[i]).collect()).unwrap_or_default()
    }

    /// The links of an activity.
    pub fn links_of_activity(&self, activity: Uuid) -> impl Iterator<Item = &Link> {
        self.links_by_activity.get(&activity).into_iter().flatten().filter_map(|l| self.links.get(l))
    }

    /// What an activity is linked to.
    pub fn targets_of(&self, activity: Uuid) -> Vec<Target> {
        let mut t: Vec<Target> = self.links_of_activity(activity).map(Link::target).collect();
        t.sort();
        t
    }

    /// The links to a record (organization, contact…).
    pub fn links_to(&self, record: Uuid) -> impl Iterator<Item = &Link> {
        self.links_by_record.get(&record).into_iter().flatten().filter_map(|l| self.links.get(l))
    }

    /// Activities linked to a record, newest first.
    pub fn activities_of(&self, record: Uuid) -> Vec<&Activity> {
        let mut v: Vec<&Activity> = self.links_to(record).filter_map(|l| self.activities.get(&l.activity_id)).collect();
        v.sort_unstable_by_key(|a| std::cmp::Reverse((a.when(), a.id)));
        v.dedup_by_key(|a| a.id);
        v
    }

    /// Whether the record a target names exists.
    pub fn exists(&self, t: Target) -> bool {
        by_kind!(self, t.kind, |m| m.contains_key(&t.id), history: false)
    }

    /// The name of any record, for links and the stream ("" if unknown).
    pub fn label(&self, target: Target) -> String {
        match target.kind {
            Kind::Organization => self.organizations.get(&target.id).map(|o| o.name.clone()),
            Kind::Contact => self.contacts.get(&target.id).map(Contact::full_name),
            Kind::TeamMember => self.team_members.get(&target.id).map(|m| m.name.clone()),
            Kind::Activity => self.activities.get(&target.id).map(Activity::title),
            Kind::Stage => self.stages.get(&target.id).map(|s| s.name.clone()),
            Kind::Product => self.products.get(&target.id).map(|p| p.name.clone()),
            Kind::Campaign => self.campaigns.get(&target.id).map(|c| c.name.clone()),
            Kind::Lead => self.leads.get(&target.id).map(Lead::name),
            Kind::Opportunity => self.opportunities.get(&target.id).map(|o| o.name.clone()),
            Kind::Quote => self.quotes.get(&target.id).map(|q| q.number.clone()),
            Kind::Project => self.projects.get(&target.id).map(|p| p.name.clone()),
            Kind::Handover => self.handovers.get(&target.id).map(|h| h.number.clone()),
            Kind::DeliveredItem => self.delivered_items.get(&target.id).map(|d| d.name.clone()),
            Kind::Contract => self.contracts.get(&target.id).map(Contract::name),
            Kind::Ticket => self.tickets.get(&target.id).map(Ticket::name),
            Kind::Supplier => self.suppliers.get(&target.id).map(|s| s.name.clone()),
            Kind::Attachment => self.attachments.get(&target.id).map(|a| a.name.clone()),
            Kind::Rule => self.rules.get(&target.id).map(|r| r.name.clone()),
            Kind::Template => self.templates.get(&target.id).map(|t| t.name.clone()),
            Kind::Alert => self.alerts.get(&target.id).map(|a| a.text.clone()),
            Kind::Draft => self.drafts.get(&target.id).map(|d| d.subject.clone()),
            Kind::Link | Kind::Firing | Kind::Follow | Kind::History => None,
        }
        .unwrap_or_default()
    }

    /// The name of whatever record has this id ("" if none): history shows
    /// a changed reference (`stage_id`, `owner_id`) by what it points at.
    pub fn label_of(&self, id: Uuid) -> String {
        Kind::ALL
            .into_iter()
            .filter(|k| !matches!(k, Kind::Link | Kind::History))
            .map(|kind| Target { kind, id })
            .find(|t| self.exists(*t))
            .map(|t| self.label(t))
            .unwrap_or_default()
    }

    pub fn matches(&self, id: Uuid, query: &Query) -> bool {
        query.is_empty() || self.search.key(id).is_some_and(|k| query.matches(k))
    }

    /// Every record matching the query at once, by search slot.
    pub fn hits(&self, query: &Query) -> Hits {
        self.search.hits(query)
    }

    /// Every organization, contact and activity matching the query, each
    /// list in list order (by folded name; activities newest first).
    pub fn find(&self, query: &Query) -> Found {
        self.find_top(query, usize::MAX)
    }

    /// [`Crm::find`], each list cut to its first `n`: what the search box
    /// suggests while typing. Only the matches are visited (the set bits
    /// of the hits), so a rare word costs little more than its scan, and
    /// each costs one lookup (its sort key).
    pub fn find_top(&self, query: &Query, n: usize) -> Found {
        if query.is_empty() {
            return Found::default();
        }
        let hits = self.search.hits(query);
        let (mut organizations, mut contacts, mut activities, mut sales, mut files) =
            (First::new(n), First::new(n), First::new(n), First::new(n), First::new(n));
        const SALES: [Kind; 10] = [
            Kind::Lead,
            Kind::Opportunity,
            Kind::Quote,
            Kind::Product,
            Kind::Campaign,
            Kind::Project,
            Kind::Handover,
            Kind::DeliveredItem,
            Kind::Contract,
            Kind::Ticket,
        ];
        // The index names each match's kind: no map is probed to learn it.
        for (kind, id) in self.search.records(&hits) {
            match kind {
                Kind::Contact => contacts.push((self.sort_key(id), id), id),
                Kind::Organization => organizations.push((self.sort_key(id), id), id),
                Kind::Activity => {
                    if let Some(a) = self.activities.get(&id) {
                        activities.push(std::cmp::Reverse((a.when(), id)), id);
                    }
                }
                Kind::Attachment => files.push((self.sort_key(id), id), id),
                _ if SALES.contains(&kind) => sales.push((kind, self.sort_key(id), id), Target { kind, id }),
                _ => {}
            }
        }
        let ((organizations, o), (contacts, c), (activities, a), (sales, s), (files, f)) =
            (organizations.finish(), contacts.finish(), activities.finish(), sales.finish(), files.finish());
        Found {
            organizations,
            contacts,
            activities,
            sales,
            files,
            matched: Matched { organizations: o, contacts: c, activities: a, sales: s, files: f },
        }
    }

    /// The search slot of a record (changes when the record changes).
    pub fn search_slot(&self, id: Uuid) -> Option<u32> {
        self.search.slot(id)
    }

    // ---- applying committed changes ----

    /// Applies committed changes; the kinds of records they wrote (what
    /// a reader of other kinds need not read again).
    pub fn apply(&mut self, changes: &[Change]) -> Kinds {
        let mut touched = Kinds::NONE;
        for ch in changes {
            touched = touched.with(ch.kind());
            self.apply_one(ch.clone());
        }
        touched
    }

    pub fn apply_one(&mut self, change: Change) {
        match change {
            Change::Put(r) => self.put(r),
            Change::Delete(kind, id) => self.delete(kind, id),
        }
    }

    fn put(&mut self, record: Rec) {
        match record {
            Rec::Organization(record) => {
                let renamed = self.organizations.get(&record.id).is_none_or(|o| o.name != record.name);
                let id = record.id;
                self.search.set_with(Kind::Organization, id, |k| write_org_key(k, &record));
                self.sort_keys.insert(id, record.sort_key());
                self.organizations.insert(id, record);
                if renamed {
                    for cid in self.contacts_by_org.get(&id).cloned().unwrap_or_default() {
                        if let Some(c) = self.contacts.get(&cid) {
                            self.search.set_with(Kind::Contact, cid, |k| write_contact_key(k, c, &self.organizations));
                        }
                    }
                }
            }
            Rec::Contact(record) => {
                if let Some(old) = self.contacts.get(&record.id) {
                    if old.important_dates != record.important_dates {
                        unindex_dates(&mut self.dates_by_day, old);
                        index_dates(&mut self.dates_by_day, &record);
                    }
                    if old.organization_id != record.organization_id {
                        unindex(&mut self.contacts_by_org, old.organization_id, record.id);
                        if let Some(o) = record.organization_id {
                            self.contacts_by_org.entry(o).or_default().push(record.id);
                        }
                    }
                } else {
                    if let Some(o) = record.organization_id {
                        self.contacts_by_org.entry(o).or_default().push(record.id);
                    }
                    index_dates(&mut self.dates_by_day, &record);
                }
                self.search.set_with(Kind::Contact, record.id, |k| write_contact_key(k, &record, &self.organizations));
                self.sort_keys.insert(record.id, record.sort_key());
                self.contacts.insert(record.id, record);
            }
            Rec::TeamMember(record) => {
                self.sort_keys.insert(record.id, record.sort_key());
                self.team_members.insert(record.id, record);
            }
            Rec::Activity(record) => {
                self.search.set_with(Kind::Activity, record.id, |k| write_activity_key(k, &record));
                let old = self.activities.get(&record.id).and_then(Activity::interaction_time);
                let new = record.interaction_time();
                if old != new {
                    self.reindex_interactions(record.id, old, new);
                }
                self.activities.insert(record.id, record);
            }
            Rec::Stage(r) => {
                self.sort_keys.insert(r.id, format!("{:010}", r.order));
                self.stages.insert(r.id, r);
            }
            Rec::Product(r) => {
                self.search.set_with(Kind::Product, r.id, |k| {
                    fold_into(k, &r.name);
                    k.push(' ');
                    fold_into(k, &r.code);
                });
                self.sort_keys.insert(r.id, fold(&r.name));
                self.products.insert(r.id, r);
            }
            Rec::Campaign(r) => {
                self.search.set_with(Kind::Campaign, r.id, |k| fold_into(k, &r.name));
                self.sort_keys.insert(r.id, fold(&r.name));
                self.campaigns.insert(r.id, r);
            }
            Rec::Lead(r) => {
                self.search.set_with(Kind::Lead, r.id, |k| write_lead_key(k, &r));
                self.sort_keys.insert(r.id, fold(&r.name()));
                let old = self.leads.get(&r.id).map(|o| o.references().collect::<Vec<_>>());
                self.reindex(Target { kind: Kind::Lead, id: r.id }, old, r.references().collect());
                self.leads.insert(r.id, r);
            }
            Rec::Opportunity(r) => {
                self.search.set_with(Kind::Opportunity, r.id, |k| fold_into(k, &r.name));
                self.sort_keys.insert(r.id, fold(&r.name));
                let old = self.opportunities.get(&r.id).map(|o| o.references().collect::<Vec<_>>());
                self.reindex(Target { kind: Kind::Opportunity, id: r.id }, old, r.references().collect());
                self.opportunities.insert(r.id, r);
            }
            Rec::Quote(r) => {
                self.search.set_with(Kind::Quote, r.id, |k| k.push_str(&r.number));
                self.sort_keys.insert(r.id, r.number.clone());
                let old = self.quotes.get(&r.id).map(|o| o.references().collect::<Vec<_>>());
                self.reindex(Target { kind: Kind::Quote, id: r.id }, old, r.references().collect());
                self.quotes.insert(r.id, r);
            }
            Rec::Project(r) => {
                self.search.set_with(Kind::Project, r.id, |k| fold_into(k, &r.name));
                self.sort_keys.insert(r.id, r.sort_key());
                let old = self.projects.get(&r.id).map(|o| o.references().collect::<Vec<_>>());
                self.reindex(Target { kind: Kind::Project, id: r.id }, old, r.references().collect());
                self.projects.insert(r.id, r);
            }
            Rec::Handover(r) => {
                self.search.set_with(Kind::Handover, r.id, |k| fold_into(k, &r.number));
                self.sort_keys.insert(r.id, r.sort_key());
                let old = self.handovers.get(&r.id).map(|o| o.references().collect::<Vec<_>>());
                self.reindex(Target { kind: Kind::Handover, id: r.id }, old, r.references().collect());
                self.handovers.insert(r.id, r);
            }
            Rec::DeliveredItem(r) => {
                self.search.set_with(Kind::DeliveredItem, r.id, |k| {
                    fold_into(k, &r.name);
                    for s in &r.serials {
                        k.push(' ');
                        fold_into(k, s);
                    }
                });
                self.sort_keys.insert(r.id, r.sort_key());
                let old = self.delivered_items.get(&r.id).map(|o| o.references().collect::<Vec<_>>());
                self.reindex(Target { kind: Kind::DeliveredItem, id: r.id }, old, r.references().collect());
                self.delivered_items.insert(r.id, r);
            }
            Rec::Contract(r) => {
                self.search.set_with(Kind::Contract, r.id, |k| fold_into(k, &r.name()));
                self.sort_keys.insert(r.id, r.sort_key());
                let old = self.contracts.get(&r.id).map(|o| o.references().collect::<Vec<_>>());
                self.reindex(Target { kind: Kind::Contract, id: r.id }, old, r.references().collect());
                self.contracts.insert(r.id, r);
            }
            Rec::Ticket(r) => {
                self.search.set_with(Kind::Ticket, r.id, |k| {
                    fold_into(k, &r.number);
                    k.push(' ');
                    fold_into(k, &r.subject);
                });
                self.sort_keys.insert(r.id, r.sort_key());
                let old = self.tickets.get(&r.id).map(|o| o.references().collect::<Vec<_>>());
                self.reindex(Target { kind: Kind::Ticket, id: r.id }, old, r.references().collect());
                self.tickets.insert(r.id, r);
            }
            Rec::Supplier(r) => {
                self.suppliers.insert(r.id, r);
            }
            Rec::Attachment(r) => {
                // A confidential file's name may itself be the secret.
                if r.confidential {
                    self.search.remove(r.id);
                } else {
                    self.search.set_with(Kind::Attachment, r.id, |k| {
                        fold_into(k, &r.name);
                        k.push(' ');
                        fold_into(k, &r.folder);
                    });
                }
                self.sort_keys.insert(r.id, fold(&r.name));
                let old = self.attachments.get(&r.id).map(|a| a.record_id);
                if old != Some(r.record_id) {
                    unindex(&mut self.attachments_by_record, old, r.id);
                    self.attachments_by_record.entry(r.record_id).or_default().push(r.id);
                }
                self.attachments.insert(r.id, r);
            }
            Rec::Rule(r) => {
                self.rules.insert(r.id, r);
            }
            Rec::Template(r) => {
                self.templates.insert(r.id, r);
            }
            Rec::Firing(r) => {
                match self.firings.get(&r.id) {
                    Some(old) => {
                        self.pending_firings.remove(&(old.due_at, old.id));
                    }
                    None => self.firings_by_record.entry(r.record_id).or_default().push(r.id),
                }
                if r.state == FiringState::Pending {
                    self.pending_firings.insert((r.due_at, r.id));
                }
                self.firings.insert(r.id, r);
            }
            Rec::Alert(r) => {
                self.alerts.insert(r.id, r);
            }
            Rec::Draft(r) => {
                self.drafts.insert(r.id, r);
            }
            Rec::Follow(r) => {
                self.follows.insert(r.id, r);
            }
            Rec::Link(link) => {
                // Links are never edited, only added and deleted.
                if self.links.contains_key(&link.id) {
                    return;
                }
                self.links_by_activity.entry(link.activity_id).or_default().push(link.id);
                self.links_by_record.entry(link.record_id).or_default().push(link.id);
                if link.record_kind == Kind::Contact {
                    if let Some(t) = self.activities.get(&link.activity_id).and_then(Activity::interaction_time) {
                        self.interactions_by_contact.entry(link.record_id).or_default().push((t, link.activity_id));
                    }
                }
                self.links.insert(link.id, link);
            }
            Rec::History(record) => {
                // Entries arrive in time order, except when merging bundles;
                // an out-of-order one rebuilds the small history index.
                let in_order = self.history.last().is_none_or(|l| (l.at, l.id) <= (record.at, record.id));
                self.history.push(record);
                if in_order {
                    let i = self.history.len() - 1;
                    for id in self.history[i].record_ids().collect::<Vec<_>>() {
                        self.history_by_record.entry(id).or_default().push(i);
                    }
                } else {
                    let all = std::mem::take(&mut self.history);
                    self.set_history(all);
                }
            }
        }
    }

    fn delete(&mut self, kind: Kind, id: Uuid) {
        match kind {
            Kind::Organization => {
                self.organizations.remove(&id);
                self.contacts_by_org.remove(&id);
            }
            Kind::Contact => {
                if let Some(old) = self.contacts.remove(&id) {
                    unindex(&mut self.contacts_by_org, old.organization_id, id);
                    unindex_dates(&mut self.dates_by_day, &old);
                }
            }
            Kind::TeamMember => {
                self.team_members.remove(&id);
            }
            Kind::Activity => {
                if let Some(t) = self.activities.remove(&id).as_ref().and_then(Activity::interaction_time) {
                    self.reindex_interactions(id, Some(t), None);
                }
            }
            Kind::Link => {
                if let Some(link) = self.links.remove(&id) {
                    unindex(&mut self.links_by_activity, Some(link.activity_id), id);
                    unindex(&mut self.links_by_record, Some(link.record_id), id);
                    if link.record_kind == Kind::Contact {
                        if let Some(t) = self.activities.get(&link.activity_id).and_then(Activity::interaction_time) {
                            unindex_interaction(&mut self.interactions_by_contact, link.record_id, (t, link.activity_id));
                        }
                    }
                }
            }
            Kind::Stage => {
                self.stages.remove(&id);
            }
            Kind::Product => {
                self.products.remove(&id);
            }
            Kind::Campaign => {
                self.campaigns.remove(&id);
            }
            Kind::Lead => {
                if let Some(old) = self.leads.remove(&id) {
                    self.reindex(Target { kind, id }, Some(old.references().collect()), Vec::new());
                }
            }
            Kind::Opportunity => {
                if let Some(old) = self.opportunities.remove(&id) {
                    self.reindex(Target { kind, id }, Some(old.references().collect()), Vec::new());
                }
            }
            Kind::Quote => {
                if let Some(old) = self.quotes.remove(&id) {
                    self.reindex(Target { kind, id }, Some(old.references().collect()), Vec::new());
                }
            }
            Kind::Project => {
                if let Some(old) = self.projects.remove(&id) {
                    self.reindex(Target { kind, id }, Some(old.references().collect()), Vec::new());
                }
            }
            Kind::Handover => {
                if let Some(old) = self.handovers.remove(&id) {
                    self.reindex(Target { kind, id }, Some(old.references().collect()), Vec::new());
                }
            }
            Kind::DeliveredItem => {
                if let Some(old) = self.delivered_items.remove(&id) {
                    self.reindex(Target { kind, id }, Some(old.references().collect()), Vec::new());
                }
            }
            Kind::Contract => {
                if let Some(old) = self.contracts.remove(&id) {
                    self.reindex(Target { kind, id }, Some(old.references().collect()), Vec::new());
                }
            }
            Kind::Ticket => {
                if let Some(old) = self.tickets.remove(&id) {
                    self.reindex(Target { kind, id }, Some(old.references().collect()), Vec::new());
                }
            }
            Kind::Supplier => {
                self.suppliers.remove(&id);
            }
            Kind::Attachment => {
                if let Some(old) = self.attachments.remove(&id) {
                    unindex(&mut self.attachments_by_record, Some(old.record_id), id);
                }
            }
            Kind::Rule => {
                self.rules.remove(&id);
            }
            Kind::Template => {
                self.templates.remove(&id);
            }
            Kind::Firing => {
                if let Some(old) = self.firings.remove(&id) {
                    self.pending_firings.remove(&(old.due_at, id));
                    unindex(&mut self.firings_by_record, Some(old.record_id), id);
                }
            }
            Kind::Alert => {
                self.alerts.remove(&id);
            }
            Kind::Draft => {
                self.drafts.remove(&id);
            }
            Kind::Follow => {
                self.follows.remove(&id);
            }
            // History is never deleted.
            Kind::History => {}
        }
        self.search.remove(id);
        self.sort_keys.remove(&id);
    }

    /// An activity's interaction time changed (or it became or stopped
    /// being an interaction): its contacts' entries follow.
    fn reindex_interactions(&mut self, activity: Uuid, old: Option<DateTime<Utc>>, new: Option<DateTime<Utc>>) {
        let contacts: Vec<Uuid> = self.links_of_activity(activity).filter(|l| l.record_kind == Kind::Contact).map(|l| l.record_id).collect();
        for contact in contacts {
            if let Some(t) = old {
                unindex_interaction(&mut self.interactions_by_contact, contact, (t, activity));
            }
            if let Some(t) = new {
                self.interactions_by_contact.entry(contact).or_default().push((t, activity));
            }
        }
    }

    /// A contact's last interaction (email, call or meeting) at or before
    /// `now`: a look at its few entries, not at every link.
    pub fn last_interaction(&self, contact: Uuid, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.interactions_by_contact.get(&contact)?.iter().map(|(t, _)| *t).filter(|t| *t <= now).max()
    }

    /// Moves `from`'s entries in the reverse index from the records it
    /// pointed at (`old`) to those it points at now.
    fn reindex(&mut self, from: Target, old: Option<Vec<Uuid>>, new: Vec<Uuid>) {
        let old = old.unwrap_or_default();
        if old == new {
            return;
        }
        for id in &old {
            if let Some(list) = self.referrers.get_mut(id) {
                list.retain(|t| *t != from);
            }
        }
        for id in new {
            let list = self.referrers.entry(id).or_default();
            if !list.contains(&from) {
                list.push(from);
            }
        }
    }

    /// A record's files: by folder (no folder first), then by name.
    pub fn attachments_of(&self, record: Uuid) -> Vec<&Attachment> {
        let mut v: Vec<&Attachment> =
            self.attachments_by_record.get(&record).map(|ids| ids.iter().filter_map(|id| self.attachments.get(id)).collect()).unwrap_or_default();
        v.sort_by_cached_key(|a| (fold(&a.folder), fold(&a.name), a.id));
        v
    }

    pub fn attachment(&self, id: Uuid) -> Option<&Attachment> {
        self.attachments.get(&id)
    }

    pub fn attachments(&self) -> impl Iterator<Item = &Attachment> {
        self.attachments.values()
    }

    /// How many files there are and their bytes: what storage Settings shows.
    pub fn attachment_totals(&self) -> (usize, u64) {
        (self.attachments.len(), self.attachments.values().map(|a| a.size).sum())
    }

    /// Every record in list order (organizations, contacts and team members
    /// by folded name, activities and history by time, links by id): how a
    /// bundle and the stored segments hold them, so a file this app
    /// exported is stored without re-sorting.
    pub fn sorted_records(&self) -> Sorted<'_> {
        let by_name = |id: Uuid| self.sort_key(id);
        fn listed<T: Record>(map: &IdMap<T>) -> Vec<&T> {
            in_list_order(map.values().map(|r| (r.list_key(), r.id(), r)))
        }
        Sorted {
            organizations: in_list_order(self.organizations.values().map(|r| (by_name(r.id), r.id, r))),
            contacts: in_list_order(self.contacts.values().map(|r| (by_name(r.id), r.id, r))),
            team_members: in_list_order(self.team_members.values().map(|r| (by_name(r.id), r.id, r))),
            activities: in_list_order(self.activities.values().map(|r| (r.when(), r.id, r))),
            links: in_list_order(self.links.values().map(|r| ((), r.id, r))),
            stages: listed(&self.stages),
            products: listed(&self.products),
            campaigns: listed(&self.campaigns),
            leads: listed(&self.leads),
            opportunities: listed(&self.opportunities),
            quotes: listed(&self.quotes),
            projects: listed(&self.projects),
            handovers: listed(&self.handovers),
            delivered_items: listed(&self.delivered_items),
            contracts: listed(&self.contracts),
            tickets: listed(&self.tickets),
            suppliers: listed(&self.suppliers),
            attachments: listed(&self.attachments),
            rules: listed(&self.rules),
            templates: listed(&self.templates),
            firings: listed(&self.firings),
            alerts: listed(&self.alerts),
            drafts: listed(&self.drafts),
            follows: listed(&self.follows),
            history: self.history.iter().collect(),
        }
    }
}

fn date_days(c: &Contact) -> impl Iterator<Item = (u32, u32)> + '_ {
    use chrono::Datelike;
    let mut days: Vec<(u32, u32)> = c.important_dates.iter().map(|d| (d.date.month(), d.date.day())).collect();
    days.sort_unstable();
    days.dedup();
    days.into_iter()
}

fn index_dates(index: &mut std::collections::HashMap<(u32, u32), Vec<Uuid>>, c: &Contact) {
    for day in date_days(c) {
        index.entry(day).or_default().push(c.id);
    }
}

fn unindex_dates(index: &mut std::collections::HashMap<(u32, u32), Vec<Uuid>>, c: &Contact) {
    for day in date_days(c) {
        if let Some(list) = index.get_mut(&day) {
            list.retain(|x| *x != c.id);
        }
    }
}

/// Removes one entry (an activity linked twice to a contact has two).
fn unindex_interaction(index: &mut IdMap<Vec<(DateTime<Utc>, Uuid)>>, contact: Uuid, entry: (DateTime<Utc>, Uuid)) {
    if let Some(list) = index.get_mut(&contact) {
        if let Some(i) = list.iter().position(|e| *e == entry) {
            list.swap_remove(i);
        }
        if list.is_empty() {
            index.remove(&contact);
        }
    }
}

fn unindex(index: &mut IdMap<Vec<Uuid>>, key: Option<Uuid>, id: Uuid) {
    if let Some(list) = key.and_then(|k| index.get_mut(&k)) {
        list.retain(|x| *x != id);
    }
}

/// Records ordered by (sort key, id): the lists' default order.
pub fn in_list_order<K: Ord, R>(records: impl Iterator<Item = (K, Uuid, R)>) -> Vec<R> {
    let mut keyed: Vec<(K, Uuid, R)> = records.collect();
    // Already sorted input (a file this app exported) takes one pass.
    keyed.sort_unstable_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
    keyed.into_iter().map(|(_, _, r)| r).collect()
}

/// What a search finds an organization by: name, IČO, email, phone
/// digits and city.
fn write_org_key(k: &mut String, o: &Organization) {
    fold_into(k, &o.name);
    k.push(' ');
    k.push_str(&o.ico);
    k.push(' ');
    fold_into(k, &o.email);
    k.push(' ');
    digits_into(k, &o.phone);
    k.push(' ');
    fold_into(k, &o.billing_address.city);
}

/// What a search finds a contact by: name, emails, phone digits, the
/// organization's name and the position.
fn write_contact_key(k: &mut String, c: &Contact, organizations: &IdMap<Organization>) {
    for part in [&c.title, &c.first_name, &c.last_name] {
        if !part.is_empty() {
            fold_into(k, part);
            k.push(' ');
        }
    }
    for e in &c.emails {
        fold_into(k, &e.address);
        k.push(' ');
    }
    for p in &c.phones {
        digits_into(k, &p.number);
        k.push(' ');
    }
    if let Some(o) = c.organization_id.and_then(|o| organizations.get(&o)) {
        fold_into(k, &o.name);
        k.push(' ');
    }
    fold_into(k, &c.position);
}

/// How much of an activity's long texts a search looks at: enough to
/// find a note by what it says, without a copy of every email body.
const ACTIVITY_TEXT_SEARCHED: usize = 1_000;

/// What a search finds an activity by: subject and the start of its text
/// (body, summary, outcome).
fn write_activity_key(k: &mut String, a: &Activity) {
    fold_into(k, &a.subject);
    for text in [&a.body, &a.summary, &a.outcome] {
        if !text.is_empty() {
            k.push(' ');
            let end = text.char_indices().nth(ACTIVITY_TEXT_SEARCHED).map_or(text.len(), |(i, _)| i);
            fold_into(k, &text[..end]);
        }
    }
}

/// What a search finds a lead by: name, company, email, phone digits.
fn write_lead_key(k: &mut String, l: &Lead) {
    for part in [&l.title, &l.first_name, &l.last_name, &l.company, &l.email] {
        if !part.is_empty() {
            fold_into(k, part);
            k.push(' ');
        }
    }
    digits_into(k, &l.phone);
}

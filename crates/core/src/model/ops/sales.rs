//! Sales actions: the pipeline, products, opportunities, leads and their
//! conversion, quotes, campaigns and your company. Like `actions.rs`, each
//! computes the [`Change`]s of one user action (with history entries) and
//! changes nothing itself.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use uuid::Uuid;

use crate::model::campaign::Campaign;
use crate::model::kind::Kind;
use crate::model::lead::{Conversion, Lead, LeadStatus};
use crate::model::opportunity::{Involved, Opportunity};
use crate::model::pipeline::Stage;
use crate::model::product::Product;
use crate::model::quote::{next_number, Quote, QuoteStatus};
use crate::model::record::{Change, Record};
use crate::model::search::fold;
use crate::model::supplier::Supplier;
use crate::model::validate::{FieldError, Problem};
use crate::model::{ActivitiesOnDelete, Activity, ActivityKind, Contact, Email, Link, Organization, Phone, Role, Target};
use crate::model::{Crm, Ctx};

/// Records with creation and update times and a name for the history.
pub trait Stamped: Record {
    fn created_at(&self) -> DateTime<Utc>;
    fn stamp(&mut self, created_at: DateTime<Utc>, updated_at: DateTime<Utc>);
    fn label(&self) -> String;
}

macro_rules! stamped {
    ($($ty:ty: $label:expr;)*) => {$(
        impl Stamped for $ty {
            fn created_at(&self) -> DateTime<Utc> {
                self.created_at
            }
            fn stamp(&mut self, created_at: DateTime<Utc>, updated_at: DateTime<Utc>) {
                self.created_at = created_at;
                self.updated_at = updated_at;
            }
            fn label(&self) -> String {
                let f: fn(&$ty) -> String = $label;
                f(self)
            }
        }
    )*};
}

stamped! {
    Stage: |r| r.name.clone();
    Product: |r| r.name.clone();
    Campaign: |r| r.name.clone();
    Lead: Lead::name;
    Opportunity: |r| r.name.clone();
    Quote: |r| r.number.clone();
    Supplier: |r| r.name.clone();
    Organization: |r| r.name.clone();
    Contact: Contact::full_name;
    crate::model::project::Project: |r| r.name.clone();
    crate::model::handover::Handover: |r| r.number.clone();
    crate::model::delivered::DeliveredItem: |r| r.name.clone();
    crate::model::contract::Contract: crate::model::contract::Contract::name;
    crate::model::ticket::Ticket: crate::model::ticket::Ticket::name;
}

/// What a lead's conversion does with one kind of record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pick {
    /// Makes a new record from the lead.
    New,
    /// Links the record that already exists (a likely duplicate).
    Existing(Uuid),
    /// Makes nothing.
    Skip,
}

/// The choices of the conversion dialog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConvertPlan {
    pub organization: Pick,
    pub contact: Pick,
    pub opportunity: Pick,
    /// The new opportunity's name.
    pub opportunity_name: String,
}

/// Why a record looks like the lead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Likeness {
    SameIco,
    SameEmail,
    SamePhone,
    SimilarName,
}

/// Records a lead may already be: what the conversion offers to link.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Duplicates {
    pub organizations: Vec<(Uuid, Likeness)>,
    pub contacts: Vec<(Uuid, Likeness)>,
}

/// How many likely duplicates of each kind are offered.
const DUPLICATES_SHOWN: usize = 5;

impl Crm {
    pub(crate) fn stamped<T: Stamped>(&self, mut record: T, old: Option<&T>, ctx: &mut Ctx) -> Vec<Change> {
        record.stamp(old.map_or(ctx.now, Stamped::created_at), ctx.now);
        let label = record.label();
        match self.record_changes(T::KIND, record.id(), old, &record, label, ctx) {
            Some(h) => vec![Change::put(record), h],
            None => Vec::new(),
        }
    }

    pub(crate) fn refers(&self, t: Target, field: &str, errors: &mut Vec<FieldError>) {
        if !self.exists(t) {
            errors.push(FieldError::new(field, Problem::Missing));
        }
    }

    // ---- the pipeline ----

    /// The stages in board order: the stored ones, or `defaults` (see
    /// [`crate::model::pipeline::defaults`]) until the user has any.
    pub fn pipeline(&self, defaults: &[Stage]) -> Vec<Stage> {
        let stored = self.stages();
        if stored.is_empty() {
            defaults.to_vec()
        } else {
            stored
        }
    }

    /// Stores `defaults` if no stage is stored yet: an action that puts an
    /// opportunity on a stage includes this, so the stage always exists.
    fn with_pipeline(&self, defaults: &[Stage], ctx: &mut Ctx) -> Vec<Change> {
        if self.stages.is_empty() {
            defaults.iter().flat_map(|s| self.stamped(s.clone(), None, ctx)).collect()
        } else {
            Vec::new()
        }
    }

    /// Saves the whole pipeline as edited in Settings. A stage that still
    /// holds opportunities cannot be removed; at least one stage stays open.
    pub fn save_stages(&self, mut stages: Vec<Stage>, ctx: &mut Ctx) -> Result<Vec<Change>, Vec<FieldError>> {
        let mut errors = Vec::new();
        for (i, s) in stages.iter_mut().enumerate() {
            s.order = i as u32;
            errors.extend(s.validate().into_iter().map(|e| FieldError::new(format!("stages[{i}].{}", e.field), e.problem)));
        }
        if !stages.iter().any(Stage::is_open) {
            errors.push(FieldError::new("stages", Problem::Required));
        }
        let removed: Vec<&Stage> = self.stages.values().filter(|s| !stages.iter().any(|n| n.id == s.id)).collect();
        for s in &removed {
            let using = self.opportunities.values().filter(|o| o.stage_id == s.id).count();
            if using > 0 {
                errors.push(FieldError::new(format!("stages.{}", s.name), Problem::InUse { count: using }));
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut changes = Vec::new();
        for s in removed {
            changes.push(Change::Delete(Kind::Stage, s.id));
            changes.push(self.deleted_entry(Kind::Stage, s.id, s.name.clone(), ctx));
        }
        for s in stages {
            let old = self.stages.get(&s.id);
            changes.extend(self.stamped(s, old, ctx));
        }
        Ok(changes)
    }

    // ---- products ----

    pub fn save_product(&self, product: Product, ctx: &mut Ctx) -> Result<Vec<Change>, Vec<FieldError>> {
        let errors = product.validate();
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(self.stamped(product.clone(), self.products.get(&product.id), ctx))
    }

    /// Deletes a catalogue item; quote lines made from it keep their text
    /// and prices.
    pub fn delete_product(&self, id: Uuid, ctx: &mut Ctx) -> Vec<Change> {
        let Some(p) = self.products.get(&id) else { return Vec::new() };
        let mut changes = self.detach(id, ctx);
        changes.push(Change::Delete(Kind::Product, id));
        changes.push(self.deleted_entry(Kind::Product, id, p.name.clone(), ctx));
        changes
    }

    // ---- opportunities ----

    /// Saves an opportunity. Moving it to a lost stage needs a lost reason.
    pub fn save_opportunity(&self, mut opp: Opportunity, defaults: &[Stage], ctx: &mut Ctx) -> Result<Vec<Change>, Vec<FieldError>> {
        let mut errors = opp.validate();
        let pipeline = self.pipeline(defaults);
        match pipeline.iter().find(|s| s.id == opp.stage_id) {
            None => errors.push(FieldError::new("stage_id", Problem::Missing)),
            Some(s) if s.lost && opp.lost_reason.trim().is_empty() => errors.push(FieldError::new("lost_reason", Problem::Required)),
            Some(_) => {}
        }
        if let Some(o) = opp.organization_id {
            self.refers(Target::organization(o), "organization_id", &mut errors);
        }
        for (i, c) in opp.contacts.iter().enumerate() {
            self.refers(Target::contact(c.contact_id), &format!("contacts[{i}].contact_id"), &mut errors);
        }
        if let Some(l) = opp.lead_id {
            self.refers(Target { kind: Kind::Lead, id: l }, "lead_id", &mut errors);
        }
        if let Some(c) = opp.campaign_id {
            self.refers(Target { kind: Kind::Campaign, id: c }, "campaign_id", &mut errors);
        }
        self.owner_problem(opp.owner_id, "owner_id", &mut errors);
        if !errors.is_empty() {
            return Err(errors);
        }
        let old = self.opportunities.get(&opp.id);
        opp.owner_id = opp.owner_id.or(old.and_then(|o| o.owner_id)).or(ctx.me.filter(|m| self.team_members.contains_key(m)));
        let mut changes = self.with_pipeline(defaults, ctx);
        changes.extend(self.stamped(opp, old, ctx));
        Ok(changes)
    }

    /// Moves an opportunity to another stage (the board): its probability
    /// becomes the stage's. A lost stage needs `lost_reason`.
    pub fn move_opportunity(
        &self,
        id: Uuid,
        stage: Uuid,
        lost_reason: Option<String>,
        defaults: &[Stage],
        ctx: &mut Ctx,
    ) -> Result<Vec<Change>, Vec<FieldError>> {
        let Some(o) = self.opportunities.get(&id) else { return Err(vec![FieldError::new("id", Problem::Missing)]) };
        let Some(s) = self.pipeline(defaults).into_iter().find(|s| s.id == stage) else {
            return Err(vec![FieldError::new("stage_id", Problem::Missing)]);
        };
        let mut o = o.clone();
        o.stage_id = s.id;
        o.probability = s.probability;
        if let Some(r) = lost_reason {
            o.lost_reason = r.trim().to_string();
        }
        self.save_opportunity(o, defaults, ctx)
    }

    pub fn delete_opportunity(&self, id: Uuid, activities: ActivitiesOnDelete, ctx: &mut Ctx) -> Vec<Change> {
        let Some(o) = self.opportunities.get(&id) else { return Vec::new() };
        let mut changes = self.unlink_or_delete_activities(id, activities, ctx);
        changes.extend(self.detach(id, ctx));
        changes.push(Change::Delete(Kind::Opportunity, id));
        changes.push(self.deleted_entry(Kind::Opportunity, id, o.name.clone(), ctx));
        changes
    }

    /// The changes that make the sales records pointing at `id` (about to
    /// be deleted) point at nothing instead, and delete its files.
    pub(crate) fn detach(&self, id: Uuid, ctx: &mut Ctx) -> Vec<Change> {
        let mut changes: Vec<Change> = self.delete_attachments_of(id).collect();
        // An organization's tickets go with it (delete_delivery_of).
        if self.contacts.contains_key(&id) {
            changes.extend(self.detach_tickets(id, ctx));
        }
        let clear = |x: &mut Option<Uuid>| {
            if *x == Some(id) {
                *x = None;
            }
        };
        for t in self.referrers(id) {
            match t.kind {
                Kind::Opportunity => {
                    if let Some(old) = self.opportunities.get(&t.id) {
                        let mut o = old.clone();
                        clear(&mut o.organization_id);
                        clear(&mut o.lead_id);
                        clear(&mut o.campaign_id);
                        o.contacts.retain(|c| c.contact_id != id);
                        changes.extend(self.stamped(o, Some(old), ctx));
                    }
                }
                Kind::Quote => {
                    if let Some(old) = self.quotes.get(&t.id) {
                        let mut q = old.clone();
                        clear(&mut q.opportunity_id);
                        clear(&mut q.organization_id);
                        clear(&mut q.contact_id);
                        for item in &mut q.items {
                            clear(&mut item.product_id);
                        }
                        changes.extend(self.stamped(q, Some(old), ctx));
                    }
                }
                Kind::Project => {
                    if let Some(old) = self.projects.get(&t.id) {
                        let mut p = old.clone();
                        clear(&mut p.opportunity_id);
                        p.contact_ids.retain(|c| *c != id);
                        for x in &mut p.issues {
                            clear(&mut x.raised_by);
                        }
                        changes.extend(self.stamped(p, Some(old), ctx));
                    }
                }
                // A signed protocol keeps what was signed (the parties are
                // copied into it); only the links go.
                Kind::Handover => {
                    if let Some(old) = self.handovers.get(&t.id) {
                        let mut h = old.clone();
                        clear(&mut h.accepted_by);
                        for item in &mut h.items {
                            clear(&mut item.product_id);
                        }
                        changes.extend(self.stamped(h, Some(old), ctx));
                    }
                }
                Kind::DeliveredItem => {
                    if let Some(old) = self.delivered_items.get(&t.id) {
                        let mut d = old.clone();
                        clear(&mut d.product_id);
                        changes.extend(self.stamped(d, Some(old), ctx));
                    }
                }
                Kind::Lead => {
                    if let Some(old) = self.leads.get(&t.id) {
                        let mut l = old.clone();
                        clear(&mut l.campaign_id);
                        if let Some(c) = &mut l.converted {
                            clear(&mut c.organization_id);
                            clear(&mut c.contact_id);
                            clear(&mut c.opportunity_id);
                        }
                        changes.extend(self.stamped(l, Some(old), ctx));
                    }
                }
                _ => {}
            }
        }
        // Target lists are not in the reverse index (they can be long); campaigns are few.
        for old in self.campaigns.values().filter(|c| c.targets.contains(&id)) {
            let mut c = old.clone();
            c.targets.retain(|t| *t != id);
            changes.extend(self.stamped(c, Some(old), ctx));
        }
        changes
    }

    // ---- leads ----

    pub fn save_lead(&self, mut lead: Lead, ctx: &mut Ctx) -> Result<Vec<Change>, Vec<FieldError>> {
        let mut errors = lead.validate();
        if let Some(c) = lead.campaign_id {
            self.refers(Target { kind: Kind::Campaign, id: c }, "campaign_id", &mut errors);
        }
        self.owner_problem(lead.owner_id, "owner_id", &mut errors);
        let old = self.leads.get(&lead.id);
        // The conversion is set by `convert_lead` only, and stays.
        lead.converted = old.and_then(|o| o.converted.clone());
        if lead.converted.is_some() {
            lead.status = LeadStatus::Converted;
        } else if lead.status == LeadStatus::Converted {
            errors.push(FieldError::new("status", Problem::Malformed("only the conversion makes a lead converted".into())));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        lead.owner_id = lead.owner_id.or(old.and_then(|o| o.owner_id)).or(ctx.me.filter(|m| self.team_members.contains_key(m)));
        Ok(self.stamped(lead, old, ctx))
    }

    pub fn delete_lead(&self, id: Uuid, activities: ActivitiesOnDelete, ctx: &mut Ctx) -> Vec<Change> {
        let Some(l) = self.leads.get(&id) else { return Vec::new() };
        let mut changes = self.unlink_or_delete_activities(id, activities, ctx);
        changes.extend(self.detach(id, ctx));
        changes.push(Change::Delete(Kind::Lead, id));
        changes.push(self.deleted_entry(Kind::Lead, id, l.name(), ctx));
        changes
    }

    /// Activities linked to a record within the `days` before `now`: a
    /// lead's engagement.
    pub fn recent_activity_count(&self, id: Uuid, now: DateTime<Utc>, days: i64) -> usize {
        let since = now - Duration::days(days);
        self.activities_of(id).iter().take_while(|a| a.when() >= since).filter(|a| a.when() <= now).count()
    }

    /// Organizations and contacts the lead may already be: the same IČO,
    /// email or phone, or a name that reads the same.
    pub fn lead_duplicates(&self, lead: &Lead) -> Duplicates {
        let email = lead.email.trim().to_lowercase();
        let phone = phone_key(&lead.phone);
        let company = company_key(&lead.company);
        let person = fold(&format!("{} {}", lead.first_name.trim(), lead.last_name.trim()));
        let mut organizations: Vec<(Uuid, Likeness)> = self
            .organizations
            .values()
            .filter_map(|o| {
                let likeness = if !lead.ico.trim().is_empty() && o.ico == lead.ico.trim() {
                    Likeness::SameIco
                } else if !email.is_empty() && o.email.trim().to_lowercase() == email {
                    Likeness::SameEmail
                } else if phone.is_some() && phone_key(&o.phone) == phone {
                    Likeness::SamePhone
                } else if !company.is_empty() && similar(&company_key(&o.name), &company) {
                    Likeness::SimilarName
                } else {
                    return None;
                };
                Some((o.id, likeness))
            })
            .collect();
        let mut contacts: Vec<(Uuid, Likeness)> = self
            .contacts
            .values()
            .filter_map(|c| {
                let likeness = if !email.is_empty() && c.emails.iter().any(|e| e.address.trim().to_lowercase() == email) {
                    Likeness::SameEmail
                } else if phone.is_some() && c.phones.iter().any(|p| phone_key(&p.number) == phone) {
                    Likeness::SamePhone
                } else if !lead.last_name.trim().is_empty() && similar(&fold(&format!("{} {}", c.first_name.trim(), c.last_name.trim())), &person) {
                    Likeness::SimilarName
                } else {
                    return None;
                };
                Some((c.id, likeness))
            })
            .collect();
        organizations.sort_by_key(|(id, l)| (*l, self.sort_key(*id).to_string()));
        contacts.sort_by_key(|(id, l)| (*l, self.sort_key(*id).to_string()));
        organizations.truncate(DUPLICATES_SHOWN);
        contacts.truncate(DUPLICATES_SHOWN);
        Duplicates { organizations, contacts }
    }

    /// Converts a lead in one action: makes or links an organization, a
    /// contact and an opportunity, moves the lead's activities to them, and
    /// keeps the lead as converted, pointing at what it became.
    pub fn convert_lead(&self, id: Uuid, plan: &ConvertPlan, defaults: &[Stage], ctx: &mut Ctx) -> Result<Vec<Change>, Vec<FieldError>> {
        let Some(lead) = self.leads.get(&id) else { return Err(vec![FieldError::new("id", Problem::Missing)]) };
        if lead.is_converted() {
            return Err(vec![FieldError::new("status", Problem::AlreadyConverted)]);
        }
        let mut changes = Vec::new();
        let mut errors = Vec::new();
        let owner = lead.owner_id.or(ctx.me).filter(|m| self.team_members.contains_key(m));
        let mut pick = |p: Pick, kind: Kind, field: &str, errors: &mut Vec<FieldError>| -> Option<Uuid> {
            match p {
                Pick::New => Some((ctx.new_id)()),
                Pick::Existing(id) => {
                    self.refers(Target { kind, id }, field, errors);
                    Some(id)
                }
                Pick::Skip => None,
            }
        };
        let org = pick(plan.organization, Kind::Organization, "organization", &mut errors);
        let contact = pick(plan.contact, Kind::Contact, "contact", &mut errors);
        let opportunity = pick(plan.opportunity, Kind::Opportunity, "opportunity", &mut errors);
        if !errors.is_empty() {
            return Err(errors);
        }
        if let (Pick::New, Some(org_id)) = (plan.organization, org) {
            let mut o = Organization::new(org_id, ctx.now);
            o.name = if lead.company.trim().is_empty() { lead.name() } else { lead.company.trim().to_string() };
            o.ico = lead.ico.trim().to_string();
            o.owner_id = owner;
            o.tags = lead.tags.clone();
            let mut errors = o.validate();
            if !errors.is_empty() {
                errors.iter_mut().for_each(|e| e.field = format!("organization.{}", e.field));
                return Err(errors);
            }
            changes.extend(self.stamped(o, None, ctx));
        }
        if let (Pick::New, Some(contact_id)) = (plan.contact, contact) {
            let mut c = Contact::new(contact_id, ctx.now);
            c.title = lead.title.clone();
            c.first_name = lead.first_name.clone();
            c.last_name = if lead.last_name.trim().is_empty() { lead.company.clone() } else { lead.last_name.clone() };
            c.position = lead.position.clone();
            c.emails = (!lead.email.trim().is_empty())
                .then(|| Email { address: lead.email.trim().to_string(), label: Default::default() })
                .into_iter()
                .collect();
            c.phones = (!lead.phone.trim().is_empty())
                .then(|| Phone { number: lead.phone.trim().to_string(), label: Default::default() })
                .into_iter()
                .collect();
            // A new contact joins the organization of the conversion.
            c.organization_id = org;
            c.owner_id = owner;
            c.tags = lead.tags.clone();
            let mut errors = c.validate();
            if !errors.is_empty() {
                errors.iter_mut().for_each(|e| e.field = format!("contact.{}", e.field));
                return Err(errors);
            }
            changes.extend(self.stamped(c, None, ctx));
        }
        if let (Pick::New, Some(opp_id)) = (plan.opportunity, opportunity) {
            let pipeline = self.pipeline(defaults);
            let Some(first) = pipeline.iter().find(|s| s.is_open()) else { return Err(vec![FieldError::new("stage_id", Problem::Missing)]) };
            let mut o = Opportunity::new(opp_id, ctx.now, first.id);
            o.name = if plan.opportunity_name.trim().is_empty() { lead.name() } else { plan.opportunity_name.trim().to_string() };
            o.organization_id = org;
            o.contacts = contact.map(|c| Involved { contact_id: c, role: Role::DecisionMaker }).into_iter().collect();
            o.probability = first.probability;
            o.value = lead.estimated_value;
            o.currency = lead.currency.clone();
            o.lead_id = Some(lead.id);
            o.campaign_id = lead.campaign_id;
            o.owner_id = owner;
            let mut errors = o.validate();
            if !errors.is_empty() {
                errors.iter_mut().for_each(|e| e.field = format!("opportunity.{}", e.field));
                return Err(errors);
            }
            changes.extend(self.with_pipeline(defaults, ctx));
            changes.extend(self.stamped(o, None, ctx));
        }
        // The lead's activities move to what it became.
        let targets: Vec<Target> = [(Kind::Contact, contact), (Kind::Organization, org), (Kind::Opportunity, opportunity)]
            .into_iter()
            .filter_map(|(kind, id)| id.map(|id| Target { kind, id }))
            .collect();
        for link in self.links_to(lead.id) {
            changes.push(Change::Delete(Kind::Link, link.id));
            let already: Vec<Uuid> = self.links_of_activity(link.activity_id).map(|l| l.record_id).collect();
            for t in targets.iter().filter(|t| !already.contains(&t.id)) {
                changes.push(Change::put(Link { id: (ctx.new_id)(), activity_id: link.activity_id, record_kind: t.kind, record_id: t.id }));
            }
        }
        let mut converted = lead.clone();
        converted.status = LeadStatus::Converted;
        converted.converted = Some(Conversion { at: ctx.now, organization_id: org, contact_id: contact, opportunity_id: opportunity });
        changes.extend(self.stamped(converted, Some(lead), ctx));
        Ok(changes)
    }

    // ---- quotes ----

    /// The number a new quote issued on `day` gets.
    pub fn next_quote_number(&self, day: NaiveDate) -> String {
        next_number(day, self.quotes.values().map(|q| q.number.as_str()))
    }

    /// A new draft quote for a contact, an organization or an opportunity,
    /// linked to all three as far as they are known.
    pub fn new_quote(&self, from: Target, today: NaiveDate, ctx: &mut Ctx) -> Quote {
        let mut q = Quote::new((ctx.new_id)(), ctx.now, self.next_quote_number(today), today);
        match from.kind {
            Kind::Opportunity => {
                if let Some(o) = self.opportunities.get(&from.id) {
                    q.opportunity_id = Some(o.id);
                    q.organization_id = o.organization_id;
                    q.contact_id = o.contacts.first().map(|c| c.contact_id);
                    q.currency = o.currency.clone();
                }
            }
            Kind::Contact => {
                if let Some(c) = self.contacts.get(&from.id) {
                    q.contact_id = Some(c.id);
                    q.organization_id = c.organization_id;
                }
            }
            Kind::Organization => {
                if let Some(o) = self.organizations.get(&from.id) {
                    q.organization_id = Some(o.id);
                    q.contact_id = o.primary_contact_id;
                }
            }
            _ => {}
        }
        if q.opportunity_id.is_none() {
            // An open opportunity of the organization is the likely one.
            let open = |o: &&Opportunity| self.stages.get(&o.stage_id).is_none_or(Stage::is_open);
            q.opportunity_id = q.organization_id.and_then(|org| self.opportunities_of(org).into_iter().find(open).map(|o| o.id));
        }
        q.owner_id = ctx.me.filter(|m| self.team_members.contains_key(m));
        q
    }

    pub fn save_quote(&self, quote: Quote, ctx: &mut Ctx) -> Result<Vec<Change>, Vec<FieldError>> {
        let mut errors = quote.validate();
        if self.quotes.values().any(|q| q.number == quote.number && q.id != quote.id) {
            errors.push(FieldError::new("number", Problem::DuplicateNumber));
        }
        if let Some(o) = quote.opportunity_id {
            self.refers(Target { kind: Kind::Opportunity, id: o }, "opportunity_id", &mut errors);
        }
        if let Some(o) = quote.organization_id {
            self.refers(Target::organization(o), "organization_id", &mut errors);
        }
        if let Some(c) = quote.contact_id {
            self.refers(Target::contact(c), "contact_id", &mut errors);
        }
        for (i, item) in quote.items.iter().enumerate() {
            if let Some(p) = item.product_id {
                self.refers(Target { kind: Kind::Product, id: p }, &format!("items[{i}].product_id"), &mut errors);
            }
        }
        self.owner_problem(quote.owner_id, "owner_id", &mut errors);
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(self.stamped(quote.clone(), self.quotes.get(&quote.id), ctx))
    }

    /// The records a quote's activities are linked to.
    pub fn quote_targets(&self, q: &Quote) -> Vec<Target> {
        let mut t = vec![Target { kind: Kind::Quote, id: q.id }];
        t.extend(q.contact_id.map(Target::contact));
        t.extend(q.organization_id.map(Target::organization));
        t.extend(q.opportunity_id.map(|id| Target { kind: Kind::Opportunity, id }));
        t
    }

    /// Moves a quote to `status` on `today`. Marking it sent logs the
    /// sending (an email activity linked to the same records); the
    /// follow-up is the built-in rule's (a reminder 3 days later), which
    /// the user can change or turn off.
    pub fn set_quote_status(
        &self,
        id: Uuid,
        status: QuoteStatus,
        today: NaiveDate,
        texts: &QuoteTexts,
        ctx: &mut Ctx,
    ) -> Result<Vec<Change>, Vec<FieldError>> {
        let Some(old) = self.quotes.get(&id) else { return Err(vec![FieldError::new("id", Problem::Missing)]) };
        if old.status == status {
            return Ok(Vec::new());
        }
        let mut q = old.clone();
        q.set_status(status, today);
        let mut changes = self.save_quote(q.clone(), ctx)?;
        if status == QuoteStatus::Sent {
            let targets = self.quote_targets(&q);
            let mut sent = Activity::new((ctx.new_id)(), ctx.now, ActivityKind::Email);
            sent.subject = format!("{} {}", texts.sent, q.number);
            sent.at = Some(ctx.now);
            sent.to =
                q.contact_id.and_then(|c| self.contacts.get(&c)).and_then(|c| c.emails.first()).map(|e| e.address.clone()).into_iter().collect();
            changes.extend(self.save_activity(sent, &targets, ctx)?);
        }
        Ok(changes)
    }

    pub fn delete_quote(&self, id: Uuid, ctx: &mut Ctx) -> Vec<Change> {
        let Some(q) = self.quotes.get(&id) else { return Vec::new() };
        let mut changes = self.unlink_or_delete_activities(id, ActivitiesOnDelete::Keep, ctx);
        changes.push(Change::Delete(Kind::Quote, id));
        changes.push(self.deleted_entry(Kind::Quote, id, q.number.clone(), ctx));
        changes
    }

    /// The demo company in one action: its organizations and contacts,
    /// then a year of its history, each step stored as the action it was
    /// at the time it happened (so history entries, quote numbers and links
    /// are what the app writes), in time order.
    pub fn add_demo(&self, defaults: &[Stage], now: DateTime<Utc>, offset_minutes: i32, ctx: &mut Ctx) -> Result<Vec<Change>, Vec<FieldError>> {
        use crate::model::demo::history::{history, Step};
        use crate::model::demo::{generate, DEMO_COMPANY, DEMO_SEED};
        let (organizations, mut contacts) = generate(DEMO_SEED, DEMO_COMPANY.organizations, DEMO_COMPANY.contacts, now);
        let me = ctx.me.filter(|m| self.team_members.contains_key(m));
        let steps = history(DEMO_SEED, &organizations, &mut contacts, &self.pipeline(defaults), me, now, offset_minutes);
        let entered = contacts.iter().map(|c| c.created_at).max().unwrap_or(now);
        let acting = ctx.now;
        ctx.now = entered;
        let mut changes = self.add_records(organizations, contacts, ctx);
        // Each step is checked against the records stored before it.
        let mut next = self.clone();
        next.apply(&changes);
        let sent = QuoteTexts { sent: "Odeslána nabídka".into() };
        let offset = chrono::Duration::minutes(i64::from(offset_minutes));
        let mut result = Ok(());
        for t in steps {
            ctx.now = t.at;
            let day = (t.at + offset).date_naive();
            let more = match t.step {
                Step::Product(p) => next.save_product(p, ctx),
                Step::Campaign(c) => next.save_campaign(c, ctx),
                Step::Lead(l) => next.save_lead(l, ctx),
                Step::Opportunity(o) => next.save_opportunity(o, defaults, ctx),
                Step::Move { opportunity, stage, lost_reason } => next.move_opportunity(opportunity, stage, lost_reason, defaults, ctx),
                Step::Quote(mut q) => {
                    q.number = next.next_quote_number(q.issued_on);
                    next.save_quote(q, ctx)
                }
                Step::QuoteStatus { quote, status } => next.set_quote_status(quote, status, day, &sent, ctx),
                Step::Activity { activity, targets } => next.save_activity(activity, &targets, ctx),
            };
            match more {
                Ok(more) => {
                    next.apply(&more);
                    changes.extend(more);
                }
                Err(e) => {
                    result = Err(e);
                    break;
                }
            }
        }
        if result.is_ok() {
            let today = (acting + offset).date_naive();
            match crate::model::demo::delivery::delivery(&mut next, today, offset_minutes, ctx) {
                Ok(more) => changes.extend(more),
                Err(e) => result = Err(e),
            }
        }
        if result.is_ok() {
            match crate::model::demo::support::support(&mut next, acting, offset_minutes, ctx) {
                Ok(more) => changes.extend(more),
                Err(e) => result = Err(e),
            }
        }
        ctx.now = acting;
        result.map(|()| changes)
    }

    // ---- campaigns and your company ----

    pub fn save_campaign(&self, mut campaign: Campaign, ctx: &mut Ctx) -> Result<Vec<Change>, Vec<FieldError>> {
        let mut errors = campaign.validate();
        let mut seen = crate::model::ids::IdSet::default();
        campaign.targets.retain(|t| seen.insert(*t));
        if campaign.targets.iter().any(|t| !self.contacts.contains_key(t)) {
            errors.push(FieldError::new("targets", Problem::Missing));
        }
        self.owner_problem(campaign.owner_id, "owner_id", &mut errors);
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(self.stamped(campaign.clone(), self.campaigns.get(&campaign.id), ctx))
    }

    pub fn delete_campaign(&self, id: Uuid, ctx: &mut Ctx) -> Vec<Change> {
        let Some(c) = self.campaigns.get(&id) else { return Vec::new() };
        let mut changes = self.detach(id, ctx);
        changes.push(Change::Delete(Kind::Campaign, id));
        changes.push(self.deleted_entry(Kind::Campaign, id, c.name.clone(), ctx));
        changes
    }

    pub fn save_supplier(&self, mut supplier: Supplier, ctx: &mut Ctx) -> Result<Vec<Change>, Vec<FieldError>> {
        supplier.id = Supplier::id();
        let errors = supplier.validate();
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(self.stamped(supplier, self.suppliers.get(&Supplier::id()), ctx))
    }
}

/// Subjects of the activities marking a quote sent makes, in the UI language.
pub struct QuoteTexts {
    pub sent: String,
}

pub(super) use crate::model::phone::key as phone_key;

/// A company name without case, accents, punctuation and legal form:
/// "Pekárna U Mlýna, s.r.o." → "pekarna u mlyna".
pub(crate) fn company_key(s: &str) -> String {
    const FORMS: [&str; 9] = ["s r o", "spol", "a s", "k s", "v o s", "z s", "o p s", "gmbh", "ltd"];
    let folded: String = fold(s).chars().map(|c| if c.is_alphanumeric() { c } else { ' ' }).collect();
    let mut words: Vec<&str> = folded.split_whitespace().collect();
    loop {
        let joined = words.join(" ");
        match FORMS.iter().find(|f| joined.ends_with(*f) && (joined.len() == f.len() || joined.as_bytes()[joined.len() - f.len() - 1] == b' ')) {
            Some(f) => {
                let n = f.split(' ').count();
                words.truncate(words.len() - n);
            }
            None => return joined,
        }
    }
}

/// The same, or one typo apart per six characters.
fn similar(a: &str, b: &str) -> bool {
    if a.is_empty() || b.is_empty() {
        return false;
    }
    if a == b {
        return true;
    }
    let allowed = a.chars().count().min(b.chars().count()) / 6;
    allowed > 0 && a.len().abs_diff(b.len()) <= allowed && edit_distance(a, b) <= allowed
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let next = (prev + usize::from(ca != cb)).min(row[j] + 1).min(row[j + 1] + 1);
            prev = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn company_names_compare_without_legal_form() {
        assert_eq!(company_key("Pekárna U Mlýna, s.r.o."), "pekarna u mlyna");
        assert_eq!(company_key("ACME a.s."), "acme");
        assert_eq!(company_key("Stavby spol. s r.o."), "stavby");
        assert_eq!(company_key("Vitas"), "vitas");
        assert!(similar("pekarna u mlyna", "pekarna u mlina"));
        assert!(!similar("acme", "acne"), "short names must match exactly");
        assert!(!similar("novak jan", "novotny jan"));
        assert_eq!(phone_key("+420 777 123 456"), phone_key("777123456"));
        assert_eq!(phone_key("12"), None);
    }
}

//! After the sale: delivery projects, handover protocols (signing one
//! turns its items into delivered items), delivered items and contracts,
//! and the renewal opportunity a contract or a warranty asks for.

use chrono::NaiveDate;
use uuid::Uuid;

use crate::model::contract::{BillingPeriod, Contract, PeriodUnit};
use crate::model::delivered::{add_months, DeliveredItem};
use crate::model::handover::{self, Defect, Handover, HandoverItem, HandoverResult, Party, Signature};
use crate::model::kind::Kind;
use crate::model::money::Decimal;
use crate::model::opportunity::{Involved, Opportunity};
use crate::model::pipeline::Stage;
use crate::model::project::Project;
use crate::model::quote::QuoteStatus;
use crate::model::record::Change;
use crate::model::validate::{FieldError, Problem};
use crate::model::{ActivitiesOnDelete, Crm, Ctx, Role, Target};

fn missing(field: &str) -> Vec<FieldError> {
    vec![FieldError::new(field, Problem::Missing)]
}

/// How a renewal opportunity is named: "Renewal: " before the contract's
/// or item's name, in the user's language.
pub struct RenewalTexts {
    pub prefix: String,
}

impl Crm {
    pub fn project(&self, id: Uuid) -> Option<&Project> {
        self.projects.get(&id)
    }

    pub fn projects(&self) -> impl Iterator<Item = &Project> {
        self.projects.values()
    }

    pub fn handover(&self, id: Uuid) -> Option<&Handover> {
        self.handovers.get(&id)
    }

    pub fn handovers(&self) -> impl Iterator<Item = &Handover> {
        self.handovers.values()
    }

    pub fn delivered_item(&self, id: Uuid) -> Option<&DeliveredItem> {
        self.delivered_items.get(&id)
    }

    pub fn delivered_items(&self) -> impl Iterator<Item = &DeliveredItem> {
        self.delivered_items.values()
    }

    pub fn contract(&self, id: Uuid) -> Option<&Contract> {
        self.contracts.get(&id)
    }

    pub fn contracts(&self) -> impl Iterator<Item = &Contract> {
        self.contracts.values()
    }

    /// The records of `kind` pointing at `id` (an organization's projects,
    /// a project's protocols), from the reverse index.
    pub(crate) fn referring<'a, T>(&'a self, id: Uuid, kind: Kind, map: &'a crate::model::ids::IdMap<T>) -> Vec<&'a T> {
        let mut seen = crate::model::ids::IdSet::default();
        self.referrers(id).iter().filter(|t| t.kind == kind && seen.insert(t.id)).filter_map(|t| map.get(&t.id)).collect()
    }

    /// Projects of an organization (or from an opportunity), newest start first.
    pub fn projects_of(&self, id: Uuid) -> Vec<&Project> {
        let mut v = self.referring(id, Kind::Project, &self.projects);
        v.sort_by(|a, b| (b.start, &b.name, b.id).cmp(&(a.start, &a.name, a.id)));
        v
    }

    /// Protocols of an organization, project or contract, newest number first.
    pub fn handovers_of(&self, id: Uuid) -> Vec<&Handover> {
        let mut v = self.referring(id, Kind::Handover, &self.handovers);
        v.sort_by(|a, b| b.number.cmp(&a.number));
        v
    }

    /// Delivered items of an organization, protocol or contract: newest
    /// delivery first, then by name.
    pub fn delivered_items_of(&self, id: Uuid) -> Vec<&DeliveredItem> {
        let mut v = self.referring(id, Kind::DeliveredItem, &self.delivered_items);
        v.sort_by(|a, b| (b.delivered_on, self.sort_key(a.id), a.id).cmp(&(a.delivered_on, self.sort_key(b.id), b.id)));
        v
    }

    /// Contracts of an organization (or covering a project), by end.
    pub fn contracts_of(&self, id: Uuid) -> Vec<&Contract> {
        let mut v = self.referring(id, Kind::Contract, &self.contracts);
        v.sort_by_key(|c| (c.end.is_none(), c.end, c.id));
        v
    }

    // ---- projects ----

    /// A new project from a won opportunity (its organization, contacts,
    /// value and the accepted quote's lines as the scope) or for an
    /// organization. None when `from` is neither.
    pub fn new_project(&self, from: Target, today: NaiveDate, ctx: &mut Ctx) -> Option<Project> {
        let me = ctx.me.filter(|m| self.team_members.contains_key(m));
        match from.kind {
            Kind::Opportunity => {
                let o = self.opportunities.get(&from.id)?;
                let mut p = Project::new((ctx.new_id)(), ctx.now, o.organization_id?, today);
                p.name = o.name.clone();
                p.opportunity_id = Some(o.id);
                p.contact_ids = o.contacts.iter().map(|c| c.contact_id).collect();
                if p.contact_ids.is_empty() {
                    p.contact_ids.extend(self.organizations.get(&p.organization_id).and_then(|org| org.primary_contact_id));
                }
                p.value = o.value;
                p.currency = o.currency.clone();
                p.owner_id = me.or(o.owner_id);
                let accepted = self.quotes_of(o.id).into_iter().find(|q| q.opportunity_id == Some(o.id) && q.status == QuoteStatus::Accepted);
                if let Some(q) = accepted {
                    p.scope = q.items.clone();
                    if let Ok(t) = q.totals() {
                        p.value = t.net;
                    }
                }
                Some(p)
            }
            Kind::Organization => {
                let org = self.organizations.get(&from.id)?;
                let mut p = Project::new((ctx.new_id)(), ctx.now, org.id, today);
                p.contact_ids = org.primary_contact_id.into_iter().collect();
                p.owner_id = me;
                Some(p)
            }
            _ => None,
        }
    }

    pub fn save_project(&self, mut project: Project, ctx: &mut Ctx) -> Result<Vec<Change>, Vec<FieldError>> {
        let mut errors = project.validate();
        let mut seen = crate::model::ids::IdSet::default();
        project.contact_ids.retain(|c| seen.insert(*c));
        self.refers(Target::organization(project.organization_id), "organization_id", &mut errors);
        if let Some(o) = project.opportunity_id {
            self.refers(Target::new(Kind::Opportunity, o), "opportunity_id", &mut errors);
        }
        for (i, c) in project.contact_ids.iter().enumerate() {
            self.refers(Target::contact(*c), &format!("contact_ids[{i}]"), &mut errors);
        }
        self.owner_problem(project.owner_id, "owner_id", &mut errors);
        for (i, m) in project.milestones.iter().enumerate() {
            self.owner_problem(m.owner_id, &format!("milestones[{i}].owner_id"), &mut errors);
        }
        for (i, d) in project.deliverables.iter().enumerate() {
            self.owner_problem(d.owner_id, &format!("deliverables[{i}].owner_id"), &mut errors);
        }
        for (i, x) in project.issues.iter().enumerate() {
            if let Some(c) = x.raised_by {
                self.refers(Target::contact(c), &format!("issues[{i}].raised_by"), &mut errors);
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(self.stamped(project.clone(), self.projects.get(&project.id), ctx))
    }

    /// Deletes a project; its protocols and contracts stay, no longer
    /// pointing at it.
    pub fn delete_project(&self, id: Uuid, ctx: &mut Ctx) -> Vec<Change> {
        let Some(p) = self.projects.get(&id) else { return Vec::new() };
        let mut changes = self.unlink_or_delete_activities(id, ActivitiesOnDelete::Keep, ctx);
        changes.extend(self.detach_delivery(id, ctx));
        changes.push(Change::Delete(Kind::Project, id));
        changes.push(self.deleted_entry(Kind::Project, id, p.name.clone(), ctx));
        changes
    }

    // ---- handover protocols ----

    /// The number a new protocol dated `day` gets.
    pub fn next_handover_number(&self, day: NaiveDate) -> String {
        handover::next_number(day, self.handovers.values().map(|h| h.number.as_str()))
    }

    /// A new draft protocol for a project (its organization, its scope as
    /// the items, warranties from the catalogue) or an organization.
    pub fn new_handover(&self, from: Target, today: NaiveDate, ctx: &mut Ctx) -> Option<Handover> {
        let me = ctx.me.filter(|m| self.team_members.contains_key(m));
        let number = self.next_handover_number(today);
        let mut h = match from.kind {
            Kind::Project => {
                let p = self.projects.get(&from.id)?;
                let mut h = Handover::new((ctx.new_id)(), ctx.now, number, p.organization_id, today);
                h.project_id = Some(p.id);
                h.accepted_by =
                    p.contact_ids.first().copied().or_else(|| self.organizations.get(&p.organization_id).and_then(|o| o.primary_contact_id));
                h.contract_id = self.contracts_of(p.id).first().map(|c| c.id);
                h.fulfils = p
                    .opportunity_id
                    .and_then(|o| self.quotes_of(o).into_iter().find(|q| q.status == QuoteStatus::Accepted))
                    .map(|q| q.number.clone())
                    .unwrap_or_else(|| p.name.clone());
                h.items = p
                    .scope
                    .iter()
                    .map(|line| HandoverItem {
                        product_id: line.product_id,
                        name: line.name.clone(),
                        quantity: if line.quantity.0 > 0 { line.quantity } else { Decimal::ONE },
                        unit: line.unit.clone(),
                        serials: Vec::new(),
                        condition: String::new(),
                        documents: Vec::new(),
                        warranty_months: line.product_id.and_then(|id| self.products.get(&id)).map_or(0, |p| p.warranty_months),
                    })
                    .collect();
                h
            }
            Kind::Organization => {
                let org = self.organizations.get(&from.id)?;
                let mut h = Handover::new((ctx.new_id)(), ctx.now, number, org.id, today);
                h.accepted_by = org.primary_contact_id;
                h
            }
            _ => return None,
        };
        h.handed_over_by = me;
        h.place = self.organizations.get(&h.organization_id).map(|o| o.billing_address.city.clone()).unwrap_or_default();
        Some(h)
    }

    /// Saves a draft protocol. A signed one refuses every change but a
    /// defect's fix date; a result comes only with signing.
    pub fn save_handover(&self, h: Handover, ctx: &mut Ctx) -> Result<Vec<Change>, Vec<FieldError>> {
        let old = self.handovers.get(&h.id);
        if let Some(old) = old.filter(|o| o.is_signed()) {
            if !old.same_content(&h) {
                return Err(vec![FieldError::new("signed", Problem::Signed)]);
            }
        } else if h.signed.is_some() {
            // Signing has its own action, which fixes the parties and hash.
            return Err(vec![FieldError::new("signed", Problem::NotSigned)]);
        }
        let mut errors = h.validate();
        if self.handovers.values().any(|o| o.number == h.number && o.id != h.id) {
            errors.push(FieldError::new("number", Problem::DuplicateNumber));
        }
        self.refers(Target::organization(h.organization_id), "organization_id", &mut errors);
        if let Some(p) = h.project_id {
            self.refers(Target::new(Kind::Project, p), "project_id", &mut errors);
        }
        if let Some(c) = h.contract_id {
            self.refers(Target::new(Kind::Contract, c), "contract_id", &mut errors);
        }
        if let Some(c) = h.accepted_by {
            self.refers(Target::contact(c), "accepted_by", &mut errors);
        }
        if let Some(s) = h.supersedes {
            if !self.handovers.get(&s).is_some_and(Handover::is_signed) {
                errors.push(FieldError::new("supersedes", Problem::Missing));
            }
        }
        self.owner_problem(h.handed_over_by, "handed_over_by", &mut errors);
        for (i, item) in h.items.iter().enumerate() {
            if let Some(p) = item.product_id {
                self.refers(Target::new(Kind::Product, p), &format!("items[{i}].product_id"), &mut errors);
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(self.stamped(h.clone(), old, ctx))
    }

    /// Both parties as printed: your company and the person handing over;
    /// the customer and the contact accepting.
    pub fn handover_parties(&self, h: &Handover) -> (Party, Party) {
        let supplier = match self.supplier() {
            Some(s) => Party { name: s.name.clone(), ico: s.ico.clone(), address: s.address.one_line(), ..Party::default() },
            None => Party::default(),
        };
        let person = h.handed_over_by.and_then(|m| self.team_members.get(&m));
        let supplier = Party { person: person.map(|m| m.name.clone()).unwrap_or_default(), ..supplier };
        let org = self.organizations.get(&h.organization_id);
        let contact = h.accepted_by.and_then(|c| self.contacts.get(&c));
        let customer = Party {
            name: org.map(|o| o.name.clone()).unwrap_or_default(),
            ico: org.map(|o| o.ico.clone()).unwrap_or_default(),
            address: org.map(|o| o.billing_address.one_line()).unwrap_or_default(),
            person: contact.map(|c| c.full_name()).unwrap_or_default(),
            role: contact.map(|c| c.position.clone()).unwrap_or_default(),
        };
        (supplier, customer)
    }

    /// Signs a draft protocol on `on` with `result`: the parties are
    /// copied in, the content hashed, and (unless not accepted) each item
    /// becomes a delivered item whose warranty starts on `on`. Signing a
    /// correction removes the delivered items of the protocol it
    /// supersedes, which it replaces.
    pub fn sign_handover(&self, id: Uuid, result: HandoverResult, on: NaiveDate, ctx: &mut Ctx) -> Result<Vec<Change>, Vec<FieldError>> {
        let Some(old) = self.handovers.get(&id) else { return Err(missing("id")) };
        if old.is_signed() {
            return Err(vec![FieldError::new("signed", Problem::Signed)]);
        }
        if result == HandoverResult::Draft {
            return Err(vec![FieldError::new("result", Problem::Required)]);
        }
        if old.items.is_empty() {
            return Err(vec![FieldError::new("items", Problem::Required)]);
        }
        // Who accepts must be known; who hands over may be written on the
        // print by hand (a team may not have its members in the app).
        if old.accepted_by.is_none() {
            return Err(vec![FieldError::new("accepted_by", Problem::Required)]);
        }
        let mut h = old.clone();
        h.result = result;
        if result != HandoverResult::WithReservations {
            h.defects.clear();
        }
        let (supplier, customer) = self.handover_parties(&h);
        let sha256 = handover::sha256_hex(h.canonical(&supplier, &customer, on).as_bytes());
        h.signed = Some(Signature { on, at: ctx.now, supplier, customer, sha256 });
        let errors = h.validate();
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut changes = self.stamped(h.clone(), Some(old), ctx);
        if result != HandoverResult::NotAccepted {
            if let Some(s) = h.supersedes {
                for item in self.delivered_items_of(s).into_iter().filter(|i| i.handover_id == Some(s)) {
                    changes.push(Change::Delete(Kind::DeliveredItem, item.id));
                    changes.push(self.deleted_entry(Kind::DeliveredItem, item.id, item.name.clone(), ctx));
                }
            }
            for item in &h.items {
                let mut d = DeliveredItem {
                    id: (ctx.new_id)(),
                    created_at: ctx.now,
                    updated_at: ctx.now,
                    product_id: item.product_id,
                    name: item.name.clone(),
                    organization_id: h.organization_id,
                    serials: item.serials.clone(),
                    quantity: item.quantity,
                    unit: item.unit.clone(),
                    delivered_on: on,
                    handover_id: Some(h.id),
                    contract_id: h.contract_id,
                    warranty_until: (item.warranty_months > 0).then(|| add_months(on, item.warranty_months)).flatten(),
                    location: String::new(),
                    state: Default::default(),
                    notes: String::new(),
                };
                d.location = h.place.clone();
                changes.extend(self.stamped(d, None, ctx));
            }
        }
        Ok(changes)
    }

    /// Marks a defect of a protocol fixed on `day` (or not fixed: None).
    pub fn fix_defect(&self, id: Uuid, defect: Uuid, day: Option<NaiveDate>, ctx: &mut Ctx) -> Result<Vec<Change>, Vec<FieldError>> {
        let Some(old) = self.handovers.get(&id) else { return Err(missing("id")) };
        let mut h = old.clone();
        let Some(d) = h.defects.iter_mut().find(|d| d.id == defect) else { return Err(missing("defects")) };
        if day.is_some_and(|day| day < h.date) {
            return Err(vec![FieldError::new("fixed_on", Problem::BeforeHandoverDate)]);
        }
        d.fixed_on = day;
        Ok(self.stamped(h, Some(old), ctx))
    }

    /// A draft correcting a signed protocol: its content, a new number,
    /// pointing at the one it supersedes.
    pub fn correction_of(&self, id: Uuid, today: NaiveDate, ctx: &mut Ctx) -> Option<Handover> {
        let old = self.handovers.get(&id).filter(|h| h.is_signed())?;
        let mut h = old.clone();
        h.id = (ctx.new_id)();
        h.created_at = ctx.now;
        h.updated_at = ctx.now;
        h.number = self.next_handover_number(today);
        h.date = today;
        h.result = HandoverResult::Draft;
        h.signed = None;
        h.supersedes = Some(old.id);
        h.defects = old.open_defects().map(|d| Defect { id: (ctx.new_id)(), fixed_on: None, fix_by: d.fix_by.max(today), ..d.clone() }).collect();
        Some(h)
    }

    /// The protocol that supersedes `id`, if one was written.
    pub fn superseded_by(&self, id: Uuid) -> Option<&Handover> {
        self.handovers_of(id).into_iter().find(|h| h.supersedes == Some(id))
    }

    /// Deletes a draft protocol; a signed one is a record of what happened
    /// and stays.
    pub fn delete_handover(&self, id: Uuid, ctx: &mut Ctx) -> Result<Vec<Change>, Vec<FieldError>> {
        let Some(h) = self.handovers.get(&id) else { return Ok(Vec::new()) };
        if h.is_signed() {
            return Err(vec![FieldError::new("signed", Problem::Signed)]);
        }
        let mut changes = self.unlink_or_delete_activities(id, ActivitiesOnDelete::Keep, ctx);
        changes.extend(self.delete_attachments_of(id));
        changes.push(Change::Delete(Kind::Handover, id));
        changes.push(self.deleted_entry(Kind::Handover, id, h.number.clone(), ctx));
        Ok(changes)
    }

    // ---- delivered items ----

    pub fn save_delivered_item(&self, item: DeliveredItem, ctx: &mut Ctx) -> Result<Vec<Change>, Vec<FieldError>> {
        let mut errors = item.validate();
        self.refers(Target::organization(item.organization_id), "organization_id", &mut errors);
        if let Some(h) = item.handover_id {
            self.refers(Target::new(Kind::Handover, h), "handover_id", &mut errors);
        }
        if let Some(c) = item.contract_id {
            self.refers(Target::new(Kind::Contract, c), "contract_id", &mut errors);
        }
        if let Some(p) = item.product_id {
            self.refers(Target::new(Kind::Product, p), "product_id", &mut errors);
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(self.stamped(item.clone(), self.delivered_items.get(&item.id), ctx))
    }

    pub fn delete_delivered_item(&self, id: Uuid, ctx: &mut Ctx) -> Vec<Change> {
        let Some(d) = self.delivered_items.get(&id) else { return Vec::new() };
        let mut changes: Vec<Change> = self.delete_attachments_of(id).collect();
        changes.extend(self.detach_tickets(id, ctx));
        changes.push(Change::Delete(Kind::DeliveredItem, id));
        changes.push(self.deleted_entry(Kind::DeliveredItem, id, d.name.clone(), ctx));
        changes
    }

    // ---- contracts ----

    pub fn new_contract(&self, organization: Uuid, today: NaiveDate, ctx: &mut Ctx) -> Option<Contract> {
        self.organizations.get(&organization)?;
        let mut c = Contract::new((ctx.new_id)(), ctx.now, organization, today);
        c.owner_id = ctx.me.filter(|m| self.team_members.contains_key(m));
        Some(c)
    }

    pub fn save_contract(&self, mut contract: Contract, ctx: &mut Ctx) -> Result<Vec<Change>, Vec<FieldError>> {
        let mut errors = contract.validate();
        let mut seen = crate::model::ids::IdSet::default();
        contract.project_ids.retain(|p| seen.insert(*p));
        self.refers(Target::organization(contract.organization_id), "organization_id", &mut errors);
        for (i, p) in contract.project_ids.iter().enumerate() {
            self.refers(Target::new(Kind::Project, *p), &format!("project_ids[{i}]"), &mut errors);
        }
        self.owner_problem(contract.owner_id, "owner_id", &mut errors);
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(self.stamped(contract.clone(), self.contracts.get(&contract.id), ctx))
    }

    /// Deletes a contract; its delivered items and protocols stay, no
    /// longer under it.
    pub fn delete_contract(&self, id: Uuid, ctx: &mut Ctx) -> Vec<Change> {
        let Some(c) = self.contracts.get(&id) else { return Vec::new() };
        let mut changes = self.unlink_or_delete_activities(id, ActivitiesOnDelete::Keep, ctx);
        changes.extend(self.detach_delivery(id, ctx));
        changes.push(Change::Delete(Kind::Contract, id));
        changes.push(self.deleted_entry(Kind::Contract, id, c.name(), ctx));
        changes
    }

    /// An open opportunity renewing a contract (its organization, one
    /// term's value, the covered items in its notes) or extending an
    /// item's warranty.
    pub fn renewal(
        &self,
        from: Target,
        defaults: &[Stage],
        texts: &RenewalTexts,
        today: NaiveDate,
        ctx: &mut Ctx,
    ) -> Result<(Uuid, Vec<Change>), Vec<FieldError>> {
        let pipeline = self.pipeline(defaults);
        let Some(stage) = pipeline.iter().find(|s| s.is_open()) else { return Err(missing("stage_id")) };
        let mut o = Opportunity::new((ctx.new_id)(), ctx.now, stage.id);
        o.probability = stage.probability;
        match from.kind {
            Kind::Contract => {
                let Some(c) = self.contracts.get(&from.id) else { return Err(missing("id")) };
                o.name = format!("{} {}", texts.prefix, c.name());
                o.organization_id = Some(c.organization_id);
                o.value = term_value(c);
                o.currency = c.currency.clone();
                o.expected_close = c.cancel_by(today).or(c.end);
                let items: Vec<String> =
                    self.delivered_items_of(c.id).iter().filter(|i| i.contract_id == Some(c.id)).map(|i| i.name.clone()).collect();
                o.notes = items.join("\n");
            }
            Kind::DeliveredItem => {
                let Some(d) = self.delivered_items.get(&from.id) else { return Err(missing("id")) };
                o.name = format!("{} {}", texts.prefix, d.name);
                o.organization_id = Some(d.organization_id);
                o.expected_close = d.warranty_until;
                o.notes = if d.serials.is_empty() { d.name.clone() } else { format!("{} ({})", d.name, d.serials.join(", ")) };
            }
            _ => return Err(missing("id")),
        }
        let primary = o.organization_id.and_then(|org| self.organizations.get(&org)).and_then(|org| org.primary_contact_id);
        o.contacts = primary.map(|c| Involved { contact_id: c, role: Role::DecisionMaker }).into_iter().collect();
        let id = o.id;
        self.save_opportunity(o, defaults, ctx).map(|changes| (id, changes))
    }

    /// Makes the delivery records pointing at `id` (a project or contract
    /// about to be deleted) point at nothing instead, and deletes its files.
    fn detach_delivery(&self, id: Uuid, ctx: &mut Ctx) -> Vec<Change> {
        let mut changes: Vec<Change> = self.delete_attachments_of(id).collect();
        changes.extend(self.detach_tickets(id, ctx));
        let clear = |x: &mut Option<Uuid>| {
            if *x == Some(id) {
                *x = None;
            }
        };
        for h in self.handovers_of(id) {
            let mut n = h.clone();
            clear(&mut n.project_id);
            clear(&mut n.contract_id);
            // A signed protocol keeps its content; only the link goes.
            changes.extend(self.stamped(n, Some(h), ctx));
        }
        for d in self.delivered_items_of(id) {
            let mut n = d.clone();
            clear(&mut n.contract_id);
            changes.extend(self.stamped(n, Some(d), ctx));
        }
        for c in self.contracts_of(id) {
            let mut n = c.clone();
            n.project_ids.retain(|p| *p != id);
            changes.extend(self.stamped(n, Some(c), ctx));
        }
        changes
    }

    /// The delivery records of an organization about to be deleted: they
    /// cannot be without it, so they go with it.
    pub(crate) fn delete_delivery_of(&self, organization: Uuid, ctx: &mut Ctx) -> Vec<Change> {
        let mut changes = Vec::new();
        for p in self.projects_of(organization) {
            changes.extend(self.delete_attachments_of(p.id));
            changes.push(Change::Delete(Kind::Project, p.id));
            changes.push(self.deleted_entry(Kind::Project, p.id, p.name.clone(), ctx));
        }
        for h in self.handovers_of(organization) {
            changes.extend(self.delete_attachments_of(h.id));
            changes.push(Change::Delete(Kind::Handover, h.id));
            changes.push(self.deleted_entry(Kind::Handover, h.id, h.number.clone(), ctx));
        }
        let mut gone = crate::model::ids::IdSet::default();
        for d in self.delivered_items_of(organization) {
            gone.insert(d.id);
            changes.extend(self.delete_attachments_of(d.id));
            changes.push(Change::Delete(Kind::DeliveredItem, d.id));
            changes.push(self.deleted_entry(Kind::DeliveredItem, d.id, d.name.clone(), ctx));
        }
        for c in self.contracts_of(organization) {
            gone.insert(c.id);
            changes.extend(self.delete_attachments_of(c.id));
            changes.push(Change::Delete(Kind::Contract, c.id));
            changes.push(self.deleted_entry(Kind::Contract, c.id, c.name(), ctx));
        }
        let own: Vec<Uuid> = self.tickets_of(organization).iter().map(|t| t.id).collect();
        // Another organization's ticket about these items or contracts
        // stays, without them.
        changes.extend(self.detach_tickets_from(&gone, &own, ctx));
        for t in own {
            changes.extend(self.delete_ticket(t, ctx));
        }
        changes
    }

    /// How many delivery records an organization has (what deleting it
    /// would take along).
    pub fn delivery_count_of(&self, organization: Uuid) -> usize {
        self.projects_of(organization).len()
            + self.handovers_of(organization).len()
            + self.delivered_items_of(organization).len()
            + self.contracts_of(organization).len()
            + self.tickets_of(organization).len()
    }
}

/// What one renewal term of a contract is worth: the value per billing
/// period times the periods in a term (a year when it does not renew).
fn term_value(c: &Contract) -> i64 {
    let months = match (c.auto_renew, c.renewal.unit) {
        (true, PeriodUnit::Months) if c.renewal.amount > 0 => i64::from(c.renewal.amount),
        _ => 12,
    };
    let per_period = match c.billing {
        BillingPeriod::Monthly => 1,
        BillingPeriod::Quarterly => 3,
        BillingPeriod::Yearly => 12,
        BillingPeriod::OneOff => return c.value,
    };
    c.value.saturating_mul((months / per_period).max(1))
}

//! Support: tickets, the SLA terms that apply to each, and when the
//! customer was first answered.

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use crate::model::contract::{ContractState, Sla};
use crate::model::kind::Kind;
use crate::model::record::Change;
use crate::model::sla::{Offset, SlaState};
use crate::model::ticket::{self, Ticket, TicketSla};
use crate::model::validate::{FieldError, Problem};
use crate::model::{ActivityKind, Crm, Ctx, Direction, Target};

/// Where a ticket's SLA terms come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TermsFrom {
    Contract(Uuid),
    /// Your company's defaults in Settings.
    Defaults,
}

impl Crm {
    pub fn ticket(&self, id: Uuid) -> Option<&Ticket> {
        self.tickets.get(&id)
    }

    pub fn tickets(&self) -> impl Iterator<Item = &Ticket> {
        self.tickets.values()
    }

    /// Tickets of an organization, contact, delivered item or contract,
    /// newest number first.
    pub fn tickets_of(&self, id: Uuid) -> Vec<&Ticket> {
        let mut v = self.referring(id, Kind::Ticket, &self.tickets);
        v.sort_by(|a, b| b.number.cmp(&a.number));
        v
    }

    pub fn next_ticket_number(&self, day: NaiveDate) -> String {
        ticket::next_number(day, self.tickets.values().map(|t| t.number.as_str()))
    }

    /// A new ticket about an organization, a contact (and its
    /// organization), a delivered item (its organization and contract) or
    /// a contract, assigned to `me`; or about no one yet.
    pub fn new_ticket(&self, from: Option<Target>, today: NaiveDate, ctx: &mut Ctx) -> Ticket {
        let mut t = Ticket::new((ctx.new_id)(), ctx.now, self.next_ticket_number(today));
        t.assignee_id = ctx.me.filter(|m| self.team_members.contains_key(m));
        match from {
            Some(Target { kind: Kind::Organization, id }) if self.organizations.contains_key(&id) => {
                t.organization_id = Some(id);
            }
            Some(Target { kind: Kind::Contact, id }) => {
                if let Some(c) = self.contacts.get(&id) {
                    t.contact_id = Some(id);
                    t.organization_id = c.organization_id;
                }
            }
            Some(Target { kind: Kind::DeliveredItem, id }) => {
                if let Some(d) = self.delivered_items.get(&id) {
                    t.delivered_item_id = Some(id);
                    t.organization_id = Some(d.organization_id);
                    t.contract_id = d.contract_id;
                }
            }
            Some(Target { kind: Kind::Contract, id }) => {
                if let Some(c) = self.contracts.get(&id) {
                    t.contract_id = Some(id);
                    t.organization_id = Some(c.organization_id);
                }
            }
            _ => {}
        }
        // Whom to answer: the organization's primary contact, unless named.
        if t.contact_id.is_none() {
            t.contact_id = t.organization_id.and_then(|o| self.organizations.get(&o)).and_then(|o| o.primary_contact_id);
        }
        // A customer's support contract is whose SLA a call falls under.
        if t.contract_id.is_none() {
            t.contract_id = t.organization_id.and_then(|o| self.support_contract_of(o));
        }
        t
    }

    /// The organization's active contract with SLA terms that ends last
    /// (open-ended first): the one a new ticket of theirs falls under.
    pub fn support_contract_of(&self, organization: Uuid) -> Option<Uuid> {
        self.contracts_of(organization)
            .into_iter()
            .filter(|c| c.state == ContractState::Active && c.sla.is_some())
            .max_by_key(|c| (c.end.is_none(), c.end))
            .map(|c| c.id)
    }

    /// Saves a ticket: its status change (if any) goes into its status
    /// log, an item names its contract and organization when the ticket
    /// names none.
    pub fn save_ticket(&self, ticket: Ticket, ctx: &mut Ctx) -> Result<Vec<Change>, Vec<FieldError>> {
        let old = self.tickets.get(&ticket.id);
        let mut t = match old {
            Some(old) => {
                // The log is the app's: a form cannot rewrite it.
                let status = ticket.status;
                Ticket { statuses: old.statuses.clone(), status: old.status, ..ticket }.with_status(status, ctx.now)
            }
            // The clock starts when the ticket is stored.
            None => Ticket { statuses: Vec::new(), created_at: ctx.now, ..ticket.clone() }.with_status(ticket.status, ctx.now),
        };
        if let Some(d) = t.delivered_item_id.and_then(|d| self.delivered_items.get(&d)) {
            t.organization_id.get_or_insert(d.organization_id);
            if t.contract_id.is_none() {
                t.contract_id = d.contract_id;
            }
        }
        let mut errors = t.validate();
        if self.tickets.values().any(|o| o.number == t.number && o.id != t.id) {
            errors.push(FieldError::new("number", Problem::DuplicateNumber));
        }
        if let Some(o) = t.organization_id {
            self.refers(Target::organization(o), "organization_id", &mut errors);
        }
        if let Some(c) = t.contact_id {
            self.refers(Target::contact(c), "contact_id", &mut errors);
        }
        if let Some(d) = t.delivered_item_id {
            self.refers(Target::new(Kind::DeliveredItem, d), "delivered_item_id", &mut errors);
        }
        if let Some(c) = t.contract_id {
            self.refers(Target::new(Kind::Contract, c), "contract_id", &mut errors);
        }
        self.owner_problem(t.assignee_id, "assignee_id", &mut errors);
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(self.stamped(t, old, ctx))
    }

    /// Records that the customer was answered now (a reply not logged as
    /// an email or call).
    pub fn mark_responded(&self, id: Uuid, ctx: &mut Ctx) -> Vec<Change> {
        let Some(old) = self.tickets.get(&id) else { return Vec::new() };
        if old.responded_at.is_some() {
            return Vec::new();
        }
        let mut t = old.clone();
        t.responded_at = Some(ctx.now.max(old.created_at));
        self.stamped(t, Some(old), ctx)
    }

    pub fn delete_ticket(&self, id: Uuid, ctx: &mut Ctx) -> Vec<Change> {
        let Some(t) = self.tickets.get(&id) else { return Vec::new() };
        let mut changes = self.unlink_or_delete_activities(id, crate::model::ActivitiesOnDelete::Keep, ctx);
        changes.extend(self.delete_attachments_of(id));
        changes.push(Change::Delete(Kind::Ticket, id));
        changes.push(self.deleted_entry(Kind::Ticket, id, t.name(), ctx));
        changes
    }

    /// The tickets pointing at `id` (a contact, delivered item or contract
    /// about to be deleted), pointing at nothing instead.
    pub(crate) fn detach_tickets(&self, id: Uuid, ctx: &mut Ctx) -> Vec<Change> {
        self.detach_tickets_from(&std::iter::once(id).collect(), &[], ctx)
    }

    /// The tickets pointing at any of `gone`, but those in `skip`, each
    /// written once without them.
    pub(crate) fn detach_tickets_from(&self, gone: &crate::model::ids::IdSet, skip: &[Uuid], ctx: &mut Ctx) -> Vec<Change> {
        let clear = |x: &mut Option<Uuid>| {
            if x.is_some_and(|id| gone.contains(&id)) {
                *x = None;
            }
        };
        let mut seen = crate::model::ids::IdSet::default();
        let mut changes = Vec::new();
        for id in gone {
            for old in self.tickets_of(*id) {
                if skip.contains(&old.id) || !seen.insert(old.id) {
                    continue;
                }
                let mut t = old.clone();
                clear(&mut t.contact_id);
                clear(&mut t.delivered_item_id);
                clear(&mut t.contract_id);
                changes.extend(self.stamped(t, Some(old), ctx));
            }
        }
        changes
    }

    /// The SLA terms a ticket is measured by: its contract's, else your
    /// company's defaults; None when neither has any.
    pub fn sla_terms(&self, t: &Ticket) -> Option<(&Sla, TermsFrom)> {
        let contract = t.contract_id.and_then(|c| self.contracts.get(&c)).and_then(|c| c.sla.as_ref().map(|s| (s, TermsFrom::Contract(c.id))));
        contract.or_else(|| self.supplier().and_then(|s| s.default_sla.as_ref()).map(|s| (s, TermsFrom::Defaults)))
    }

    /// When the customer was first answered: marked by hand, or the first
    /// outbound email or call logged on the ticket since it was opened.
    pub fn first_response(&self, t: &Ticket) -> Option<DateTime<Utc>> {
        // The earliest is all that matters: the links, unsorted.
        let logged = self
            .links_to(t.id)
            .filter_map(|l| self.activities.get(&l.activity_id))
            .filter(|a| matches!(a.kind, ActivityKind::Email | ActivityKind::Call) && a.direction == Direction::Outbound)
            .map(|a| a.at.unwrap_or(a.created_at).max(t.created_at))
            .min();
        match (logged, t.responded_at) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Open tickets with their SLA at `now`, as the dashboard's Support
    /// block lists them: breached first, then at risk, on track and those
    /// without an SLA; each group by its nearest due time.
    pub fn open_tickets(&self, now: DateTime<Utc>, offset: Offset) -> Vec<(&Ticket, Option<TicketSla>)> {
        let rank = |s: Option<SlaState>| match s {
            Some(SlaState::Breached) => 0,
            Some(SlaState::AtRisk) => 1,
            Some(SlaState::OnTrack) => 2,
            Some(SlaState::Met) => 3,
            None => 4,
        };
        let mut v: Vec<(&Ticket, Option<TicketSla>)> =
            self.tickets().filter(|t| !t.status.is_done()).map(|t| (t, self.ticket_sla_brief(t, now, offset))).collect();
        v.sort_by_cached_key(|(t, s)| {
            let due = s.as_ref().and_then(TicketSla::next_due);
            (rank(s.as_ref().map(TicketSla::state)), due.is_none(), due, t.number.clone())
        });
        v
    }

    /// Where a ticket's SLA stands at `now` (None: no SLA applies), with
    /// the working time used and paused: what its page explains.
    pub fn ticket_sla(&self, t: &Ticket, now: DateTime<Utc>, offset: Offset) -> Option<TicketSla> {
        let (terms, _) = self.sla_terms(t)?;
        t.sla(terms, self.first_response(t), now, offset)
    }

    /// [`Crm::ticket_sla`] without the time used and paused: states and
    /// due times, for lists, the inbox, reports and rules.
    pub fn ticket_sla_brief(&self, t: &Ticket, now: DateTime<Utc>, offset: Offset) -> Option<TicketSla> {
        let (terms, _) = self.sla_terms(t)?;
        t.sla_brief(terms, self.first_response(t), now, offset)
    }
}

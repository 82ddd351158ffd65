//! The demo company's support desk, as it stands whenever the demo is
//! loaded: a breached ticket about the kiln, one at risk, one waiting on
//! the customer, one resolved in time. Working time depends on the day and
//! hour the demo is loaded, so the at-risk ticket is dated back until 85 %
//! of its first-response time is used.

use chrono::{DateTime, Duration, Utc};

use super::super::contract::SlaPriority;
use super::super::record::Change;
use super::super::sla;
use super::super::ticket::{Channel, TicketStatus};
use super::super::validate::FieldError;
use super::super::{Activity, ActivityKind, Crm, Ctx, Direction, Kind, Target};

/// How far back the at-risk ticket is looked for (a month of quarter hours).
const STEPS_MAX: i64 = 31 * 24 * 4;

struct Desk<'c, 'x> {
    crm: &'c mut Crm,
    ctx: &'c mut Ctx<'x>,
    changes: Vec<Change>,
}

impl Desk<'_, '_> {
    fn at(&mut self, t: DateTime<Utc>, f: impl FnOnce(&Crm, &mut Ctx) -> Result<Vec<Change>, Vec<FieldError>>) -> Result<(), Vec<FieldError>> {
        self.ctx.now = t;
        let more = f(self.crm, self.ctx)?;
        self.crm.apply(&more);
        self.changes.extend(more);
        Ok(())
    }

    /// A ticket about `about`, reported at `t`; its id.
    fn report(
        &mut self,
        t: DateTime<Utc>,
        about: Target,
        subject: &str,
        priority: SlaPriority,
        channel: Channel,
    ) -> Result<uuid::Uuid, Vec<FieldError>> {
        self.ctx.now = t;
        let mut ticket = self.crm.new_ticket(Some(about), t.date_naive(), self.ctx);
        ticket.subject = subject.into();
        ticket.priority = priority;
        ticket.channel = channel;
        let id = ticket.id;
        self.at(t, |crm, ctx| crm.save_ticket(ticket, ctx))?;
        Ok(id)
    }

    fn status(&mut self, id: uuid::Uuid, t: DateTime<Utc>, status: TicketStatus, resolution: &str) -> Result<(), Vec<FieldError>> {
        let Some(mut ticket) = self.crm.ticket(id).cloned() else { return Ok(()) };
        ticket.status = status;
        if !resolution.is_empty() {
            ticket.resolution = resolution.into();
        }
        self.at(t, |crm, ctx| crm.save_ticket(ticket, ctx))
    }

    /// An outbound call logged on the ticket at `t`: the first response.
    fn call_back(&mut self, id: uuid::Uuid, t: DateTime<Utc>, subject: &str) -> Result<(), Vec<FieldError>> {
        let mut a = Activity::new((self.ctx.new_id)(), t, ActivityKind::Call);
        a.subject = subject.into();
        a.at = Some(t);
        a.direction = Direction::Outbound;
        a.duration_minutes = Some(10);
        a.owner_id = self.ctx.me;
        self.at(t, |crm, ctx| crm.save_activity(a, &[Target::new(Kind::Ticket, id)], ctx))
    }
}

/// Adds the support desk to `crm` (the demo's delivery already in it),
/// as it would be at `now`.
pub fn support(crm: &mut Crm, now: DateTime<Utc>, offset_minutes: i32, ctx: &mut Ctx) -> Result<Vec<Change>, Vec<FieldError>> {
    let local = |days_ago: i64, hour: u32| {
        let day = (now + Duration::minutes(i64::from(offset_minutes))).date_naive() - Duration::days(days_ago);
        day.and_hms_opt(hour, 0, 0).map_or(now, |t| t.and_utc() - Duration::minutes(i64::from(offset_minutes)))
    };
    let kiln = crm.delivered_items().find(|d| d.contract_id.is_some() && d.name.contains("P-200")).map(|d| d.id);
    let support_contract = crm.contracts().find(|c| c.title == "Podpora provozu pecí").map(|c| c.id);
    let (Some(kiln), Some(contract)) = (kiln, support_contract) else { return Ok(Vec::new()) };
    let mut desk = Desk { crm, ctx, changes: Vec::new() };
    let ovens = Target::new(Kind::Contract, contract);

    // Resolved in time: a question answered and closed the same morning.
    let t = local(10, 9);
    let id = desk.report(t, ovens, "Dotaz na interval revize hořáků", SlaPriority::Low, Channel::Email)?;
    desk.call_back(id, t + Duration::hours(1), "Vysvětlen interval revize")?;
    desk.status(id, t + Duration::hours(2), TicketStatus::Resolved, "Revize jednou ročně, termín domluven.")?;

    // Breached: the kiln stopped heating a week ago; called back within
    // the hour, still not fixed.
    let t = local(7, 9);
    let id = desk.report(t, Target::new(Kind::DeliveredItem, kiln), "Pec P-200 nedosahuje teploty", SlaPriority::Critical, Channel::Phone)?;
    desk.status(id, t + Duration::minutes(30), TicketStatus::Open, "")?;
    desk.call_back(id, t + Duration::minutes(50), "Diagnostika po telefonu")?;

    // Waiting on the customer since yesterday: photos of the door seal asked for.
    let t = local(2, 10);
    let id = desk.report(t, ovens, "Netěsní dvířka pece č. 2", SlaPriority::Normal, Channel::Web)?;
    desk.call_back(id, t + Duration::hours(1), "Požádáno o fotografie těsnění")?;
    desk.status(id, t + Duration::hours(1), TicketStatus::WaitingOnCustomer, "")?;

    // At risk: reported long enough ago that 85 % of its first-response
    // time is used, nobody answered yet.
    let ticket_terms = desk.crm.contract(contract).and_then(|c| c.sla.clone());
    if let Some(terms) = ticket_terms {
        let minutes = terms.target(SlaPriority::High).map_or(0, |t| i64::from(t.first_response_hours) * 60);
        let offset = |_: DateTime<Utc>| offset_minutes;
        let mut t = now - Duration::minutes(now.timestamp().rem_euclid(900) / 60);
        for _ in 0..STEPS_MAX {
            if sla::used(t, now, &terms.calendar, &[], &offset) * 100 >= minutes * 85 {
                break;
            }
            t -= Duration::minutes(15);
        }
        desk.report(t, ovens, "Chyba řídicí jednotky hořáku E-17", SlaPriority::High, Channel::Phone)?;
    }
    Ok(desk.changes)
}

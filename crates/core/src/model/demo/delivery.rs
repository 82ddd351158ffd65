//! The demo company after its sales: the kiln deal delivered (a project
//! with milestones, a protocol signed with a reservation still open, the
//! kiln a delivered item under warranty), the oven modernisation handed
//! over long ago, and contracts — one whose cancel-by date is days away.
//! Each step is the operation the app runs, done at the time it happened.

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::super::contract::{BillingPeriod, ContractKind, ContractState, Period, Sla};
use super::super::handover::{Defect, HandoverResult};
use super::super::project::{Deliverable, DeliverableState, IssueKind, IssueState, Milestone, ProjectIssue, ProjectStatus};
use super::super::record::Change;
use super::super::validate::FieldError;
use super::super::{Crm, Ctx, Kind, Target};

/// What the delivery phase runs at each step: the changes so far applied
/// to `crm`, and every change collected.
struct Run<'c, 'x> {
    crm: &'c mut Crm,
    ctx: &'c mut Ctx<'x>,
    changes: Vec<Change>,
    today: NaiveDate,
    offset: Duration,
}

impl Run<'_, '_> {
    fn at(&self, days_ago: i64, hour: u32) -> DateTime<Utc> {
        (self.today - Duration::days(days_ago)).and_hms_opt(hour, 0, 0).map_or(self.ctx.now, |t| t.and_utc() - self.offset)
    }

    fn day(&self, days_ago: i64) -> NaiveDate {
        self.today - Duration::days(days_ago)
    }

    fn step(&mut self, days_ago: i64, f: impl FnOnce(&Crm, &mut Ctx) -> Result<Vec<Change>, Vec<FieldError>>) -> Result<(), Vec<FieldError>> {
        self.ctx.now = self.at(days_ago, 10);
        let more = f(self.crm, self.ctx)?;
        self.crm.apply(&more);
        self.changes.extend(more);
        Ok(())
    }
}

fn milestone(ctx: &mut Ctx, name: &str, due: NaiveDate, done_on: Option<NaiveDate>) -> Milestone {
    Milestone { id: (ctx.new_id)(), name: name.into(), due, owner_id: ctx.me, done_on }
}

/// Runs the delivery phase on `crm` (the demo's sales already in it).
pub fn delivery(crm: &mut Crm, today: NaiveDate, offset_minutes: i32, ctx: &mut Ctx) -> Result<Vec<Change>, Vec<FieldError>> {
    let mut run = Run { crm, ctx, changes: Vec::new(), today, offset: Duration::minutes(i64::from(offset_minutes)) };
    let named = |crm: &Crm, name: &str| crm.opportunities().find(|o| o.name.starts_with(name)).map(|o| o.id);
    let (Some(kiln), Some(ovens)) = (named(run.crm, "Průmyslová pec P-200"), named(run.crm, "Modernizace pecí")) else {
        return Ok(Vec::new());
    };

    // The kiln: won 75 days ago, delivered since, one milestone left.
    let kiln_project = run.crm.new_project(Target::new(Kind::Opportunity, kiln), run.day(74), run.ctx);
    let Some(mut p) = kiln_project else { return Ok(Vec::new()) };
    let pid = p.id;
    let org = p.organization_id;
    p.start = run.day(74);
    p.planned_end = run.day(-10);
    p.status = ProjectStatus::Running;
    p.milestones = vec![
        milestone(run.ctx, "Příprava základů", run.day(50), Some(run.day(52))),
        milestone(run.ctx, "Dodávka a instalace pece", run.day(25), Some(run.day(23))),
        milestone(run.ctx, "Zaškolení obsluhy", run.day(5), None),
    ];
    p.deliverables = vec![
        Deliverable { id: (run.ctx.new_id)(), what: "Pec P-200 v provozu".into(), owner_id: run.ctx.me, state: DeliverableState::Accepted },
        Deliverable { id: (run.ctx.new_id)(), what: "Revizní zpráva".into(), owner_id: run.ctx.me, state: DeliverableState::Delivered },
        Deliverable { id: (run.ctx.new_id)(), what: "Školení dvou směn".into(), owner_id: None, state: DeliverableState::ToDo },
    ];
    p.issues = vec![ProjectIssue {
        id: (run.ctx.new_id)(),
        title: "Posunout instalaci o týden kvůli odstávce".into(),
        kind: IssueKind::ChangeRequest,
        raised_by: p.contact_ids.first().copied(),
        raised_on: run.day(35),
        state: IssueState::Accepted,
        resolution: "Instalace přesunuta.".into(),
        effect: "+1 týden".into(),
    }];
    run.step(74, |crm, ctx| crm.save_project(p, ctx))?;

    // Its protocol: written on installation day, signed two days later
    // with a reservation still open.
    let day = run.day(23);
    let h = run.crm.new_handover(Target::new(Kind::Project, pid), day, run.ctx);
    let Some(mut h) = h else { return Ok(run.changes) };
    let hid = h.id;
    for item in h.items.iter_mut().filter(|i| i.warranty_months > 0) {
        let pieces = (item.quantity.0 / super::super::money::Decimal::SCALE).max(1);
        item.serials = (1..=pieces).map(|n| format!("P200-2026-{:04}", 140 + n)).collect();
        item.documents = vec!["Návod k obsluze".into(), "Záruční list".into(), "Revizní zpráva".into()];
        item.condition = "nové".into();
    }
    h.defects = vec![Defect { id: (run.ctx.new_id)(), description: "Chybí krycí plech u dvířek".into(), fix_by: run.day(-7), fixed_on: None }];
    run.step(23, |crm, ctx| crm.save_handover(h, ctx))?;
    let signed_on = run.day(21);
    run.step(21, |crm, ctx| crm.sign_handover(hid, HandoverResult::WithReservations, signed_on, ctx))?;

    // The customer's service contract, renewing every year, its cancel-by
    // date five days away; the kiln comes under it.
    let start = run.day(330);
    let mut c = match run.crm.new_contract(org, start, run.ctx) {
        Some(c) => c,
        None => return Ok(run.changes),
    };
    c.number = format!("SML-{}-031", start.format("%Y"));
    c.title = "Servis a revize zařízení".into();
    c.kind = ContractKind::Service;
    c.state = ContractState::Active;
    c.end = Some(run.day(-35));
    c.notice = Period::months(1);
    c.auto_renew = true;
    c.renewal = Period::months(12);
    c.value = 4_500_00;
    c.billing = BillingPeriod::Monthly;
    c.sla = Some(Sla::default());
    let cid = c.id;
    run.step(330, |crm, ctx| crm.save_contract(c, ctx))?;
    let items: Vec<_> = run.crm.delivered_items_of(hid).into_iter().cloned().collect();
    for mut item in items {
        item.contract_id = Some(cid);
        run.step(20, |crm, ctx| crm.save_delivered_item(item, ctx))?;
    }

    // The ovens: handed over long ago, accepted without defects, with a
    // support contract running for another year.
    if let Some(mut p) = run.crm.new_project(Target::new(Kind::Opportunity, ovens), run.day(148), run.ctx) {
        let pid = p.id;
        p.start = run.day(148);
        p.planned_end = run.day(110);
        p.status = ProjectStatus::Done;
        p.milestones = vec![
            milestone(run.ctx, "Výměna hořáků", run.day(125), Some(run.day(124))),
            milestone(run.ctx, "Zkušební provoz", run.day(112), Some(run.day(111))),
        ];
        let org = p.organization_id;
        run.step(148, |crm, ctx| crm.save_project(p, ctx))?;
        if let Some(h) = run.crm.new_handover(Target::new(Kind::Project, pid), run.day(110), run.ctx) {
            let hid = h.id;
            run.step(110, |crm, ctx| crm.save_handover(h, ctx))?;
            let on = run.day(110);
            run.step(110, |crm, ctx| crm.sign_handover(hid, HandoverResult::Accepted, on, ctx))?;
        }
        if let Some(mut c) = run.crm.new_contract(org, run.day(110), run.ctx) {
            c.number = format!("SML-{}-018", run.day(110).format("%Y"));
            c.title = "Podpora provozu pecí".into();
            c.kind = ContractKind::Support;
            c.state = ContractState::Active;
            c.end = Some(run.day(-255));
            c.notice = Period::months(3);
            c.value = 24_000_00;
            c.billing = BillingPeriod::Yearly;
            c.sla = Some(Sla::default());
            c.project_ids = vec![pid];
            run.step(110, |crm, ctx| crm.save_contract(c, ctx))?;
        }
    }
    Ok(run.changes)
}

//! Flow 7 and 8 of PRODUCT.md: a customer reports a problem, the ticket
//! counts its SLA in the contract's working time, pauses while it waits on
//! the customer, warns when at risk and records a breach for good.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use common::{local, prague, World};
use uuid::Uuid;
use vizitka_core::bundle::{self, ImportMode};
use vizitka_core::model::agenda::{support, Reminder};
use vizitka_core::model::contract::{Sla, SlaPriority, SlaTarget};
use vizitka_core::model::delivered::DeliveredItem;
use vizitka_core::model::money::Decimal;
use vizitka_core::model::ops::bulk::BulkEdit;
use vizitka_core::model::ops::support::TermsFrom;
use vizitka_core::model::sla::{Pause, SlaState};
use vizitka_core::model::supplier::Supplier;
use vizitka_core::model::ticket::{SlaGoal, Ticket, TicketStatus};
use vizitka_core::model::workcal::WorkingCalendar;
use vizitka_core::model::{Activity, ActivityKind, Direction, FieldError, Kind, Problem, Role, Target};

/// Weekdays 8:00–16:00, critical: 4 h to respond, 8 h to resolve.
fn terms() -> Sla {
    Sla {
        calendar: WorkingCalendar::BusinessHours { days: 0b1_1111, start: 8 * 60, end: 16 * 60 },
        targets: vec![
            SlaTarget { priority: SlaPriority::Critical, first_response_hours: 4, resolution_hours: 8 },
            SlaTarget { priority: SlaPriority::Normal, first_response_hours: 8, resolution_hours: 40 },
        ],
    }
}

struct Desk {
    w: World,
    org: Uuid,
    contact: Uuid,
    contract: Uuid,
    item: Uuid,
}

/// A customer with a support contract (the terms above) and a kiln
/// delivered under it.
fn desk() -> Desk {
    let mut w = World::with_tester();
    let org = w.org("Keramika Hrubá");
    let contact = w.contact("Eva", "Hrubá", Some(org), Role::DecisionMaker, true);
    let mut c = w.compute(1, |crm, ctx| crm.new_contract(org, NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(), ctx)).unwrap();
    c.title = "Podpora pece".into();
    c.sla = Some(terms());
    let contract = c.id;
    w.act(1, |crm, ctx| crm.save_contract(c, ctx).unwrap());
    let item = DeliveredItem {
        id: w.id(),
        created_at: common::at(1),
        updated_at: common::at(1),
        product_id: None,
        name: "Pec K-200".into(),
        organization_id: org,
        serials: Vec::new(),
        quantity: Decimal::ONE,
        unit: String::new(),
        delivered_on: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
        handover_id: None,
        contract_id: Some(contract),
        warranty_until: None,
        location: String::new(),
        state: Default::default(),
        notes: String::new(),
    };
    let id = item.id;
    w.act(1, |crm, ctx| crm.save_delivered_item(item, ctx).unwrap());
    Desk { w, org, contact, contract, item: id }
}

/// Reports a problem with the kiln at `at`.
fn report(d: &mut Desk, at: DateTime<Utc>, priority: SlaPriority) -> Uuid {
    let mut t = d.w.compute(1, |crm, ctx| crm.new_ticket(Some(Target::new(Kind::DeliveredItem, d.item)), at.date_naive(), ctx));
    t.subject = "Pec netopí".into();
    t.priority = priority;
    t.contact_id = Some(d.contact);
    let id = t.id;
    d.w.act_at(at, |crm, ctx| crm.save_ticket(t, ctx).unwrap());
    id
}

fn set_status(d: &mut Desk, id: Uuid, status: TicketStatus, at: DateTime<Utc>) {
    let mut t = d.w.crm.ticket(id).unwrap().clone();
    t.status = status;
    d.w.act_at(at, |crm, ctx| crm.save_ticket(t, ctx).unwrap());
}

fn sla_at(d: &Desk, id: Uuid, now: DateTime<Utc>) -> vizitka_core::model::ticket::TicketSla {
    d.w.crm.ticket_sla(d.w.crm.ticket(id).unwrap(), now, &prague).expect("an SLA applies")
}

#[test]
fn a_critical_ticket_from_friday_afternoon_is_due_on_monday_and_waiting_moves_it() {
    let mut d = desk();
    // Friday 6 November 2026, 15:00.
    let fresh =
        d.w.compute(1, |crm, ctx| crm.new_ticket(Some(Target::new(Kind::DeliveredItem, d.item)), NaiveDate::from_ymd_opt(2026, 11, 9).unwrap(), ctx));
    assert_eq!(fresh.contact_id, Some(d.contact), "the organization's primary contact is whom to answer");
    let id = report(&mut d, local(2026, 11, 6, 15, 0), SlaPriority::Critical);
    let t = d.w.crm.ticket(id).unwrap();
    assert_eq!(t.number, "T-2026-0001");
    assert_eq!((t.organization_id, t.contract_id), (Some(d.org), Some(d.contract)), "the item names its organization and contract");
    assert_eq!(d.w.crm.sla_terms(t).map(|(_, from)| from), Some(TermsFrom::Contract(d.contract)));

    let sla = sla_at(&d, id, local(2026, 11, 6, 15, 30));
    let first = sla.goal(SlaGoal::FirstResponse);
    assert_eq!(first.due, Some(local(2026, 11, 9, 11, 0)), "1 h on Friday, 3 h on Monday");
    assert_eq!(first.state, SlaState::OnTrack);
    assert_eq!(sla.goal(SlaGoal::Resolution).due, Some(local(2026, 11, 9, 15, 0)), "1 h on Friday, 7 h on Monday");

    // Monday 9:00 the customer is asked for a photo; they send it Tuesday 9:00.
    set_status(&mut d, id, TicketStatus::WaitingOnCustomer, local(2026, 11, 9, 9, 0));
    let sla = sla_at(&d, id, local(2026, 11, 9, 12, 0));
    assert_eq!(sla.goal(SlaGoal::FirstResponse).due, None, "no due time while waiting");
    assert_eq!(sla.goal(SlaGoal::FirstResponse).state, SlaState::OnTrack);
    set_status(&mut d, id, TicketStatus::Open, local(2026, 11, 10, 9, 0));
    let sla = sla_at(&d, id, local(2026, 11, 10, 9, 30));
    // 2 h used (Fri 15–16, Mon 8–9), 2 h left from Tuesday 9:00.
    assert_eq!(sla.goal(SlaGoal::FirstResponse).due, Some(local(2026, 11, 10, 11, 0)));
    assert_eq!(sla.pauses, [Pause { start: local(2026, 11, 9, 9, 0), end: Some(local(2026, 11, 10, 9, 0)) }]);
    assert_eq!(sla.paused_minutes, 8 * 60, "Monday 9–16 and Tuesday 8–9");
    assert_eq!(sla.goal(SlaGoal::FirstResponse).used, 2 * 60 + 30);

    // At 10:36 it is at risk (3.6 of 4 h), from 11:01 breached.
    assert_eq!(sla_at(&d, id, local(2026, 11, 10, 10, 36)).goal(SlaGoal::FirstResponse).state, SlaState::AtRisk);
    assert_eq!(sla_at(&d, id, local(2026, 11, 10, 11, 1)).goal(SlaGoal::FirstResponse).state, SlaState::Breached);

    // An outbound call logged at 11:30 answers, late: the breach stays,
    // also after the ticket is resolved in time.
    let mut call = Activity::new(d.w.id(), local(2026, 11, 10, 11, 30), ActivityKind::Call);
    call.subject = "Volal jsem zpět".into();
    call.at = Some(local(2026, 11, 10, 11, 30));
    call.direction = Direction::Outbound;
    d.w.act_at(local(2026, 11, 10, 11, 30), |crm, ctx| crm.save_activity(call, &[Target::new(Kind::Ticket, id)], ctx).unwrap());
    set_status(&mut d, id, TicketStatus::Resolved, local(2026, 11, 10, 12, 0));
    let sla = sla_at(&d, id, local(2026, 12, 1, 9, 0));
    assert_eq!(sla.goal(SlaGoal::FirstResponse).met, Some(local(2026, 11, 10, 11, 30)));
    assert_eq!(sla.goal(SlaGoal::FirstResponse).state, SlaState::Breached);
    assert_eq!(sla.goal(SlaGoal::Resolution).state, SlaState::Met);
    assert_eq!(sla.state(), SlaState::Breached);
    // The lists' brief reading gives the same states and due times.
    let t = d.w.crm.ticket(id).unwrap();
    for now in [local(2026, 11, 6, 15, 30), local(2026, 11, 9, 12, 0), local(2026, 11, 10, 10, 40), local(2026, 12, 1, 9, 0)] {
        let (full, brief) = (d.w.crm.ticket_sla(t, now, &prague).unwrap(), d.w.crm.ticket_sla_brief(t, now, &prague).unwrap());
        for g in SlaGoal::ALL {
            assert_eq!((full.goal(g).state, full.goal(g).due), (brief.goal(g).state, brief.goal(g).due), "{g:?} at {now}");
        }
    }
}

#[test]
fn changed_terms_recompute_the_same_ticket_from_its_status_history() {
    let mut d = desk();
    let id = report(&mut d, local(2026, 11, 9, 8, 0), SlaPriority::Normal);
    set_status(&mut d, id, TicketStatus::WaitingOnThirdParty, local(2026, 11, 9, 10, 0));
    set_status(&mut d, id, TicketStatus::Open, local(2026, 11, 10, 10, 0));
    let now = local(2026, 11, 10, 12, 0);
    // Monday 8–10 and Tuesday 10–16.
    assert_eq!(sla_at(&d, id, now).goal(SlaGoal::FirstResponse).due, Some(local(2026, 11, 10, 16, 0)));

    // The contract now promises 16 h; the pause is counted again, not lost.
    let mut c = d.w.crm.contract(d.contract).unwrap().clone();
    c.sla.as_mut().unwrap().targets[1].first_response_hours = 16;
    d.w.act_at(now, |crm, ctx| crm.save_contract(c, ctx).unwrap());
    assert_eq!(sla_at(&d, id, now).goal(SlaGoal::FirstResponse).due, Some(local(2026, 11, 11, 16, 0)));
    // And around the clock: Monday 8–10, then Tuesday from 10:00.
    let mut c = d.w.crm.contract(d.contract).unwrap().clone();
    c.sla.as_mut().unwrap().calendar = WorkingCalendar::Always;
    d.w.act_at(now, |crm, ctx| crm.save_contract(c, ctx).unwrap());
    assert_eq!(sla_at(&d, id, now).goal(SlaGoal::FirstResponse).due, Some(local(2026, 11, 10, 10, 0) + Duration::hours(14)));
}

#[test]
fn without_a_contract_the_defaults_from_settings_apply_and_none_means_no_sla() {
    let mut d = desk();
    let mut t = d.w.compute(1, |crm, ctx| crm.new_ticket(Some(Target::contact(d.contact)), local(2026, 11, 9, 8, 0).date_naive(), ctx));
    t.subject = "Dotaz na fakturu".into();
    let id = t.id;
    d.w.act_at(local(2026, 11, 9, 8, 0), |crm, ctx| crm.save_ticket(t, ctx).unwrap());
    let t = d.w.crm.ticket(id).unwrap();
    assert_eq!(t.organization_id, Some(d.org), "a contact brings its organization");
    assert_eq!(d.w.crm.ticket_sla(t, local(2026, 11, 9, 9, 0), &prague), None, "no contract, no defaults: no SLA");

    let mut s = Supplier::new(common::at(1));
    s.name = "Pece s.r.o.".into();
    s.default_sla = Some(Sla::default());
    d.w.act(1, |crm, ctx| crm.save_supplier(s, ctx).unwrap());
    let t = d.w.crm.ticket(id).unwrap();
    assert_eq!(d.w.crm.sla_terms(t).map(|(_, f)| f), Some(TermsFrom::Defaults));
    // Normal by default: 8 business hours (9–17) to respond, from Monday 9:00.
    let sla = d.w.crm.ticket_sla(t, local(2026, 11, 9, 9, 0), &prague).unwrap();
    assert_eq!(sla.goal(SlaGoal::FirstResponse).due, Some(local(2026, 11, 9, 17, 0)));

    // "Mark responded" meets the first response once.
    d.w.act_at(local(2026, 11, 9, 10, 0), |crm, ctx| crm.mark_responded(id, ctx));
    assert!(d.w.act_at(local(2026, 11, 9, 11, 0), |crm, ctx| crm.mark_responded(id, ctx)).is_empty());
    let t = d.w.crm.ticket(id).unwrap();
    assert_eq!(t.responded_at, Some(local(2026, 11, 9, 10, 0)));
    assert_eq!(d.w.crm.ticket_sla(t, local(2026, 11, 9, 11, 0), &prague).unwrap().goal(SlaGoal::FirstResponse).state, SlaState::Met);
}

#[test]
fn a_ticket_created_on_a_holiday_starts_counting_on_the_next_working_day() {
    let mut d = desk();
    // 17 November 2026 (Tuesday) is a public holiday.
    let id = report(&mut d, local(2026, 11, 17, 10, 0), SlaPriority::Critical);
    assert_eq!(sla_at(&d, id, local(2026, 11, 17, 12, 0)).goal(SlaGoal::FirstResponse).due, Some(local(2026, 11, 18, 12, 0)));
    assert_eq!(sla_at(&d, id, local(2026, 11, 17, 23, 0)).goal(SlaGoal::FirstResponse).used, 0);
}

#[test]
fn the_inbox_warns_once_at_risk_and_once_breached() {
    let mut d = desk();
    let id = report(&mut d, local(2026, 11, 6, 15, 0), SlaPriority::Critical);
    let keys = |d: &Desk, now| -> Vec<String> { support(&d.w.crm, d.w.me, now, &prague).iter().map(|r| r.key(now, 60)).collect() };
    assert!(keys(&d, local(2026, 11, 9, 9, 0)).is_empty(), "2 of 4 h used");
    let at_risk = keys(&d, local(2026, 11, 9, 10, 12));
    assert_eq!(at_risk, [format!("sla:{id}:first_response:AtRisk")]);
    assert_eq!(keys(&d, local(2026, 11, 9, 10, 50)), at_risk, "the same reminder until it changes");
    let breached = support(&d.w.crm, d.w.me, local(2026, 11, 9, 11, 5), &prague);
    assert!(matches!(breached[0], Reminder::Sla { goal: SlaGoal::FirstResponse, state: SlaState::Breached, .. }));
    // Someone else's ticket is theirs to watch.
    let other = d.w.id();
    let mut m = vizitka_core::model::TeamMember::new(other, common::at(1), "Petr");
    m.id = other;
    d.w.act(1, |crm, ctx| crm.save_team_member(m, ctx).unwrap());
    let mut t = d.w.crm.ticket(id).unwrap().clone();
    t.assignee_id = Some(other);
    d.w.act_at(local(2026, 11, 9, 11, 6), |crm, ctx| crm.save_ticket(t, ctx).unwrap());
    assert!(keys(&d, local(2026, 11, 9, 11, 7)).is_empty());
}

fn problems(r: Result<Vec<vizitka_core::model::Change>, Vec<FieldError>>) -> Vec<(String, Problem)> {
    r.err().unwrap_or_default().into_iter().map(|e| (e.field, e.problem)).collect()
}

#[test]
fn a_ticket_needs_a_subject_someone_it_is_about_and_its_number_format() {
    let mut d = desk();
    let t = d.w.compute(1, |crm, ctx| crm.new_ticket(None, NaiveDate::from_ymd_opt(2026, 11, 9).unwrap(), ctx));
    let found = problems(d.w.compute(9, |crm, ctx| crm.save_ticket(t.clone(), ctx)));
    assert!(found.contains(&("subject".into(), Problem::Required)), "{found:?}");
    assert!(found.contains(&("organization_id".into(), Problem::Required)), "{found:?}");
    let bad = Ticket { number: "2026-0001".into(), subject: "x".into(), organization_id: Some(d.org), ..t };
    assert_eq!(problems(d.w.compute(9, |crm, ctx| crm.save_ticket(bad, ctx))), [("number".to_string(), Problem::BadTicketNumber)]);
    // A form cannot rewrite the status log.
    let id = report(&mut d, local(2026, 11, 9, 8, 0), SlaPriority::Normal);
    let mut t = d.w.crm.ticket(id).unwrap().clone();
    t.statuses.clear();
    t.subject = "Pec netopí vůbec".into();
    d.w.act_at(local(2026, 11, 9, 9, 0), |crm, ctx| crm.save_ticket(t, ctx).unwrap());
    assert_eq!(d.w.crm.ticket(id).unwrap().statuses.len(), 1);
    assert_eq!(d.w.crm.next_ticket_number(NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()), "T-2026-0002");
    assert_eq!(d.w.crm.next_ticket_number(NaiveDate::from_ymd_opt(2027, 1, 1).unwrap()), "T-2027-0001");
}

#[test]
fn bulk_assign_status_and_priority_keep_the_status_log() {
    let mut d = desk();
    let a = report(&mut d, local(2026, 11, 9, 8, 0), SlaPriority::Normal);
    let b = report(&mut d, local(2026, 11, 9, 8, 5), SlaPriority::Normal);
    let edit = |d: &mut Desk, e: BulkEdit| d.w.act_at(local(2026, 11, 9, 9, 0), |crm, ctx| crm.bulk(Kind::Ticket, &[a, b], &e, &[], ctx).unwrap());
    edit(&mut d, BulkEdit::TicketStatus(TicketStatus::WaitingOnCustomer));
    edit(&mut d, BulkEdit::TicketPriority(SlaPriority::Critical));
    edit(&mut d, BulkEdit::Owner(None));
    for id in [a, b] {
        let t = d.w.crm.ticket(id).unwrap();
        assert_eq!((t.status, t.priority, t.assignee_id), (TicketStatus::WaitingOnCustomer, SlaPriority::Critical, None));
        assert_eq!(t.statuses.iter().map(|s| s.status).collect::<Vec<_>>(), [TicketStatus::New, TicketStatus::WaitingOnCustomer]);
    }
    assert_eq!(d.w.crm.history_of(a).len(), 4, "created, then three bulk entries");
}

#[test]
fn tickets_travel_in_the_bundle_and_follow_their_records_deletes() {
    let mut d = desk();
    let id = report(&mut d, local(2026, 11, 9, 8, 0), SlaPriority::Critical);
    set_status(&mut d, id, TicketStatus::WaitingOnCustomer, local(2026, 11, 9, 10, 0));
    let now = local(2026, 11, 20, 8, 0);
    let json = bundle::export(&d.w.crm, now);
    let back = bundle::combine(&vizitka_core::model::Crm::new(), bundle::parse(json.as_bytes()).unwrap(), ImportMode::ReplaceAll);
    assert_eq!(bundle::export(&back, now), json, "lossless");
    assert_eq!(back.ticket(id).unwrap().statuses.len(), 2);

    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let mut broken = v.clone();
    broken["tickets"][0]["delivered_item_id"] = serde_json::json!(Uuid::nil());
    let err = bundle::parse(serde_json::to_string(&broken).unwrap().as_bytes()).unwrap_err();
    assert!(err.to_string().contains("tickets[0].delivered_item_id: refers to a record that does not exist"), "{err}");
    let mut broken = v.clone();
    broken["tickets"][0]["status"] = serde_json::json!("open");
    let err = bundle::parse(serde_json::to_string(&broken).unwrap().as_bytes()).unwrap_err();
    assert!(err.to_string().contains("tickets[0].statuses"), "{err}");

    // Deleting the item and the contact leaves the ticket, without them.
    d.w.act_at(now, |crm, ctx| crm.delete_delivered_item(d.item, ctx));
    d.w.act_at(now, |crm, ctx| crm.delete_contact(d.contact, vizitka_core::model::ActivitiesOnDelete::Keep, ctx));
    let t = d.w.crm.ticket(id).unwrap();
    assert_eq!((t.delivered_item_id, t.contact_id, t.contract_id), (None, None, Some(d.contract)));
    // Deleting the organization takes its tickets.
    d.w.act_at(now, |crm, ctx| crm.delete_organization(d.org, vizitka_core::model::ActivitiesOnDelete::Keep, ctx));
    assert_eq!(d.w.crm.count(Kind::Ticket), 0);
    bundle::parse(bundle::export(&d.w.crm, now).as_bytes()).expect("still a valid bundle");
}

#[test]
fn the_after_sale_reports_count_compliance_age_what_breaks_and_what_ends() {
    use vizitka_core::report::{compute, By, Column, Env, Label, Params, ReportId, Value};
    let mut d = desk();
    // Breached first response (the Friday ticket never answered), and a
    // normal one answered and resolved in time.
    let late = report(&mut d, local(2026, 11, 6, 15, 0), SlaPriority::Critical);
    let fine = report(&mut d, local(2026, 11, 9, 8, 0), SlaPriority::Normal);
    d.w.act_at(local(2026, 11, 9, 9, 0), |crm, ctx| crm.mark_responded(fine, ctx));
    set_status(&mut d, fine, TicketStatus::Resolved, local(2026, 11, 9, 12, 0));
    let now = local(2026, 11, 20, 10, 0);
    let stages = [];
    let env = Env { now, offset_minutes: 60, zone: Some(&prague), me: d.w.me, stages: &stages };
    let run = |id: ReportId, by: Option<By>| {
        let mut p = Params::new(id);
        if let Some(b) = by {
            p.by = b;
        }
        compute(&d.w.crm, id, &p, &env)
    };
    let count = |v: &Value| match v {
        Value::Count(n) => *n,
        _ => usize::MAX,
    };

    let r = run(ReportId::SlaCompliance, None);
    assert_eq!(r.columns[0], Column::Priority);
    let critical = r.rows.iter().find(|row| row[0].value == Value::Label(Label::Priority(SlaPriority::Critical))).unwrap();
    assert_eq!((count(&critical[1].value), count(&critical[3].value), count(&critical[6].value)), (1, 1, 1), "breached both ways");
    assert_eq!(critical[3].records, [Target::new(Kind::Ticket, late)], "the number leads to the ticket");
    let total = r.total.as_ref().unwrap();
    assert_eq!((count(&total[2].value), count(&total[3].value)), (1, 1), "one response met, one breached");
    assert_eq!(total[4].value, Value::Percent(Some(500)));
    let by_month = run(ReportId::SlaCompliance, Some(By::Month));
    // The quarter's three months, zeros included.
    assert_eq!(by_month.rows.iter().map(|r| count(&r[1].value)).collect::<Vec<_>>(), [0, 2, 0]);

    let r = run(ReportId::TicketsByStatus, None);
    let open = r.rows.iter().find(|row| row[0].value == Value::Label(Label::TicketStatus(TicketStatus::New))).unwrap();
    assert_eq!(count(&open[5].value), 0);
    assert_eq!(count(&open[4].value), 1, "14 days old: up to a month");
    let resolved = r.rows.iter().find(|row| row[0].value == Value::Label(Label::TicketStatus(TicketStatus::Resolved))).unwrap();
    assert_eq!(count(&resolved[2].value), 1, "resolved within a day");

    let r = run(ReportId::TicketsPerItem, None);
    assert_eq!(r.rows.len(), 1);
    assert_eq!((count(&r.rows[0][2].value), count(&r.rows[0][3].value), count(&r.rows[0][4].value)), (2, 1, 1));
    let r = run(ReportId::TicketsPerOrganization, None);
    assert_eq!(r.rows[0][0].value, Value::Label(Label::Record(Target::organization(d.org))));

    // The kiln's warranty ends in January, the contract's term in December.
    let mut item = d.w.crm.delivered_item(d.item).unwrap().clone();
    item.warranty_until = NaiveDate::from_ymd_opt(2027, 1, 15);
    d.w.act_at(now, |crm, ctx| crm.save_delivered_item(item, ctx).unwrap());
    let mut c = d.w.crm.contract(d.contract).unwrap().clone();
    c.state = vizitka_core::model::contract::ContractState::Active;
    c.end = NaiveDate::from_ymd_opt(2026, 12, 31);
    d.w.act_at(now, |crm, ctx| crm.save_contract(c, ctx).unwrap());
    let env = Env { now, offset_minutes: 60, zone: Some(&prague), me: d.w.me, stages: &stages };
    let r = compute(&d.w.crm, ReportId::ExpiringPerMonth, &Params::new(ReportId::ExpiringPerMonth), &env);
    assert_eq!(r.rows.len(), 12);
    assert_eq!((count(&r.rows[1][1].value), count(&r.rows[2][2].value)), (1, 1), "December's contract, January's warranty");
    let r = compute(&d.w.crm, ReportId::Upsell, &Params::new(ReportId::Upsell), &env);
    let ending: Vec<Target> = r.rows.iter().map(|row| row[0].records[0]).collect();
    assert_eq!(ending, [Target::new(Kind::Contract, d.contract), Target::new(Kind::DeliveredItem, d.item)], "by organization, then by end");
    assert_eq!(count(&r.rows[0][3].value), 1, "with the organization's delivered items");
}

#[test]
fn the_calendar_file_has_sla_due_times_and_cancel_by_days_with_their_own_reminders() {
    use vizitka_core::ical::{after_sale, calendar, AfterSaleTexts};
    let mut d = desk();
    let id = report(&mut d, local(2026, 11, 6, 15, 0), SlaPriority::Critical);
    let mut c = d.w.crm.contract(d.contract).unwrap().clone();
    c.state = vizitka_core::model::contract::ContractState::Active;
    c.end = NaiveDate::from_ymd_opt(2027, 3, 31);
    c.notice = vizitka_core::model::contract::Period::months(1);
    d.w.act_at(local(2026, 11, 6, 16, 0), |crm, ctx| crm.save_contract(c, ctx).unwrap());
    let texts = AfterSaleTexts { first_response: "First response".into(), resolution: "Resolution".into(), cancel_by: "Cancel by".into() };
    let now = local(2026, 11, 6, 16, 30);
    let text = calendar(&after_sale(&d.w.crm, now, &prague, &texts), now);
    // Read back by an independent parser.
    let cal = ical::IcalParser::new(text.as_bytes()).next().expect("a calendar").expect("it parses");
    let value = |e: &ical::parser::ical::component::IcalEvent, name: &str| {
        e.properties.iter().find(|p| p.name == name).and_then(|p| p.value.clone()).unwrap_or_default()
    };
    assert_eq!(cal.events.len(), 3, "two goals of the ticket, one cancel-by day");
    let first = &cal.events[0];
    assert_eq!(value(first, "UID"), format!("{id}-first_response@vizitka"));
    assert_eq!(value(first, "DTSTART"), "20261109T100000Z", "Monday 11:00 in Prague");
    assert_eq!(value(first, "SUMMARY"), "First response: T-2026-0001 Pec netopí");
    let triggers: Vec<String> =
        first.alarms.iter().map(|a| a.properties.iter().find(|p| p.name == "TRIGGER").and_then(|p| p.value.clone()).unwrap_or_default()).collect();
    assert_eq!(triggers, ["-PT1H", "-PT15M"]);
    let cancel = &cal.events[2];
    assert_eq!(value(cancel, "DTSTART"), "20270228");
    assert!(text.contains("DTSTART;VALUE=DATE:20270228\r\n"));
    let triggers: Vec<String> =
        cancel.alarms.iter().map(|a| a.properties.iter().find(|p| p.name == "TRIGGER").and_then(|p| p.value.clone()).unwrap_or_default()).collect();
    assert_eq!(triggers, ["-P7D", "-P1D"]);
    // A resolved ticket has nothing coming.
    set_status(&mut d, id, TicketStatus::Resolved, local(2026, 11, 9, 9, 0));
    assert_eq!(after_sale(&d.w.crm, local(2026, 11, 9, 9, 5), &prague, &texts).len(), 1);
}

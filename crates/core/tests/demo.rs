//! The demo company has a believable past, so a demo shows what every page
//! and report is for: a year of calls, emails and meetings, deals won and
//! lost, quotes in every state, tasks due today and overdue, meetings next
//! week and a birthday today.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use chrono::{DateTime, Datelike, Duration, TimeZone, Utc};
use common::World;
use vizitka_core::bundle;
use vizitka_core::model::agenda::{reminders, Reminder};
use vizitka_core::model::pipeline::{self, Stage};
use vizitka_core::model::quote::QuoteStatus;
use vizitka_core::model::{ActivityKind, Crm, DateKind, Role};
use vizitka_core::report::dashboard::dashboard;
use vizitka_core::report::{compute, engagement, Env, Params, ReportId, Thresholds, Value};

/// A Wednesday morning in Prague (UTC+1).
fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 2, 8, 30, 0).unwrap()
}

const OFFSET: i32 = 60;

fn stages() -> Vec<Stage> {
    pipeline::defaults(["Kvalifikace", "Analýza potřeb", "Nabídka", "Vyjednávání", "Vyhráno", "Prohráno"], common::at(1))
}

fn demo_at(now: DateTime<Utc>) -> World {
    let mut w = World::with_tester();
    let st = stages();
    w.act_at(now, |crm, ctx| crm.add_demo(&st, now, OFFSET, ctx).expect("the demo is valid"));
    w
}

fn env<'a>(w: &World, stages: &'a [Stage]) -> Env<'a> {
    Env { now: now(), offset_minutes: OFFSET, zone: None, me: w.me, stages }
}

fn count(crm: &Crm, kind: ActivityKind) -> usize {
    crm.activities().filter(|a| a.kind == kind).count()
}

#[test]
fn the_demo_company_has_a_year_of_calls_emails_and_meetings() {
    let w = demo_at(now());
    let crm = &w.crm;
    assert_eq!((crm.organization_count(), crm.contact_count()), (5, 20));
    assert_eq!((crm.products().count(), crm.leads().count(), crm.opportunities().count()), (5, 3, 11));
    // A trade fair with its invited contacts, and the lead and the deal it brought.
    let fair = crm.campaigns().next().expect("a campaign");
    assert_eq!(fair.targets.len(), 6);
    assert_eq!(crm.leads().filter(|l| l.campaign_id == Some(fair.id)).count(), 1);
    assert_eq!(crm.opportunities().filter(|o| o.campaign_id == Some(fair.id)).count(), 1);
    assert!(count(crm, ActivityKind::Call) >= 40, "calls: {}", count(crm, ActivityKind::Call));
    assert!(count(crm, ActivityKind::Email) >= 40, "emails: {}", count(crm, ActivityKind::Email));
    assert!(count(crm, ActivityKind::Meeting) >= 15, "meetings: {}", count(crm, ActivityKind::Meeting));
    assert!(count(crm, ActivityKind::Note) >= 5 && count(crm, ActivityKind::Task) >= 10);
    // Held meetings have their summary; every activity is linked to someone.
    let held: Vec<_> = crm.activities().filter(|a| a.kind == ActivityKind::Meeting && a.at.is_some_and(|t| t < now())).collect();
    assert!(held.iter().all(|m| !m.summary.is_empty() && m.done_at.is_some()));
    assert!(crm.activities().all(|a| crm.links_of_activity(a.id).next().is_some()));
    // Spread over the year: most weeks of it have an activity.
    let weeks: std::collections::BTreeSet<i64> =
        crm.activities().filter_map(|a| a.at).filter(|t| *t <= now()).map(|t| (now() - t).num_days() / 7).filter(|w| *w < 52).collect();
    assert!(weeks.len() >= 35, "{} weeks of 52", weeks.len());
    // What was done then was written then: created when it happened, in the history of that day.
    let first = crm.history().iter().map(|h| h.at).min().unwrap();
    assert!(first <= now() - Duration::days(365), "{first}");
    assert!(crm.history().windows(2).all(|p| p[0].at <= p[1].at), "the history is in time order");
    assert!(crm.activities().filter(|a| a.kind != ActivityKind::Task && a.kind != ActivityKind::Meeting).all(|a| a.created_at <= now()));

    // The same day makes the same company, and it travels in a bundle.
    let again = demo_at(now());
    assert_eq!(bundle::export(&w.crm, now()), bundle::export(&again.crm, now()));
    bundle::parse(bundle::export(crm, now()).as_bytes()).expect("a valid bundle");
}

#[test]
fn active_dormant_and_never_contacted_people_are_all_there() {
    let w = demo_at(now());
    let e = engagement(&w.crm, now(), Thresholds::default(), |_| true);
    assert_eq!(e.active.len(), 10, "contacted in the last 30 days");
    assert_eq!(e.between.len(), 4);
    assert_eq!(e.dormant.len(), 6, "four silent for 90 days or more, two never contacted");
    assert_eq!(e.dormant.iter().filter(|d| d.last.is_none()).count(), 2);
    let st = w.crm.pipeline(&stages());
    let d = dashboard(&w.crm, &env(&w, &st));
    assert!(d.dormant.len() >= 2, "decision makers gone quiet");
    assert!(d.dormant.iter().all(|l| w.crm.contact(l.contact).is_some_and(|c| c.role == Role::DecisionMaker)));
}

#[test]
fn the_dashboard_and_the_inbox_have_today_in_them() {
    let w = demo_at(now());
    let st = w.crm.pipeline(&stages());
    let d = dashboard(&w.crm, &env(&w, &st));
    assert_eq!(d.overdue.len(), 2, "two tasks overdue");
    assert_eq!(d.today.len(), 2, "two due today");
    assert_eq!(d.meetings.len(), 2, "meetings in the next 7 days");
    assert!(d.overdue.iter().chain(&d.today).all(|t| t.assignee_id == w.me), "the user's tasks");
    assert!(!d.deadlines.is_empty(), "a quote's validity and a tender's deadline this week");

    let inbox = reminders(&w.crm, w.me, now(), OFFSET);
    let birthdays: Vec<_> = inbox
        .iter()
        .filter_map(|r| match r {
            Reminder::ImportantDate { contact, kind: DateKind::Birthday, .. } => Some(contact.full_name()),
            _ => None,
        })
        .collect();
    assert_eq!(birthdays.len(), 1, "one birthday today: {birthdays:?}");
    // And one more this week.
    let today = (now() + Duration::minutes(i64::from(OFFSET))).date_naive();
    let this_week = w
        .crm
        .contacts()
        .flat_map(|c| &c.important_dates)
        .filter(|d| d.kind == DateKind::Birthday)
        .filter(|d| {
            (1..7).any(|k| {
                let day = today + Duration::days(k);
                (d.date.month(), d.date.day()) == (day.month(), day.day())
            })
        })
        .count();
    assert_eq!(this_week, 1);
}

#[test]
fn deals_were_won_and_lost_and_quotes_are_in_every_state() {
    let w = demo_at(now());
    let st = w.crm.pipeline(&stages());
    let stage = |id| st.iter().find(|s| s.id == id).unwrap();
    let won = w.crm.opportunities().filter(|o| stage(o.stage_id).won).count();
    let lost: Vec<_> = w.crm.opportunities().filter(|o| stage(o.stage_id).lost).collect();
    assert_eq!((won, lost.len()), (4, 2));
    // A deal with a quote is worth what the quote is without VAT.
    for q in w.crm.quotes() {
        let o = w.crm.opportunity(q.opportunity_id.unwrap()).unwrap();
        assert_eq!(o.value, q.totals().unwrap().net, "{}", o.name);
    }
    assert!(lost.iter().all(|o| !o.lost_reason.is_empty()));

    let status = |s| w.crm.quotes().filter(|q| q.status == s).count();
    assert_eq!(
        [QuoteStatus::Draft, QuoteStatus::Sent, QuoteStatus::Accepted, QuoteStatus::Rejected, QuoteStatus::Expired].map(status),
        [1, 1, 4, 1, 1]
    );
    assert!(w.crm.quotes().all(|q| !q.items.is_empty() && q.totals().is_ok()));
    // Numbered in the order issued, by the year of issue.
    let mut quotes: Vec<_> = w.crm.quotes().collect();
    quotes.sort_by_key(|q| (q.issued_on, q.created_at));
    let numbers: Vec<String> = quotes.iter().map(|q| q.number.clone()).collect();
    let expected: Vec<String> = (1..=8).map(|n| format!("2026-{n:04}")).collect();
    assert_eq!(numbers, expected);

    // The win-rate report sees them in the quarters they closed in.
    let env = env(&w, &st);
    let p = Params { period: vizitka_core::report::Period::preset(vizitka_core::report::Preset::Last365), ..Params::new(ReportId::WinRate) };
    let r = compute(&w.crm, ReportId::WinRate, &p, &env);
    let total = r.total.as_ref().unwrap();
    assert!(matches!(total[1].value, Value::Count(4)) && matches!(total[2].value, Value::Count(2)), "{total:?}");
    assert!(r.rows.len() >= 3, "closed in three quarters or more");
    // Every report has rows to show as it opens.
    for id in ReportId::ALL {
        assert!(!compute(&w.crm, *id, &Params::new(*id), &env).is_empty(), "{id:?} is empty");
    }
}

#[test]
fn any_day_of_the_year_the_demo_tells_the_same_story() {
    // A Sunday, a leap day, New Year's Eve late at night: the same counts.
    for t in [
        Utc.with_ymd_and_hms(2026, 12, 6, 20, 0, 0).unwrap(),
        Utc.with_ymd_and_hms(2028, 2, 29, 7, 0, 0).unwrap(),
        Utc.with_ymd_and_hms(2026, 12, 31, 21, 0, 0).unwrap(),
    ] {
        let w = demo_at(t);
        let e = engagement(&w.crm, t, Thresholds::default(), |_| true);
        assert_eq!((e.active.len(), e.between.len(), e.dormant.len()), (10, 4, 6), "at {t}");
        let inbox = reminders(&w.crm, w.me, t, OFFSET);
        assert_eq!(inbox.iter().filter(|r| matches!(r, Reminder::ImportantDate { .. })).count(), 1, "at {t}");
        let st = w.crm.pipeline(&stages());
        let d = dashboard(&w.crm, &Env { now: t, offset_minutes: OFFSET, zone: None, me: w.me, stages: &st });
        assert!(!d.deadlines.is_empty(), "a deadline this week at {t}");
        assert_eq!((d.overdue.len(), d.today.len(), d.meetings.len()), (2, 2, 2), "at {t}");
    }
}

#[test]
fn the_demo_delivered_what_it_sold_and_a_contract_is_due_for_notice() {
    use vizitka_core::model::agenda::DeliveryDue;
    use vizitka_core::model::handover::HandoverResult;
    for t in [now(), Utc.with_ymd_and_hms(2028, 2, 29, 7, 0, 0).unwrap()] {
        let w = demo_at(t);
        let crm = &w.crm;
        assert_eq!(crm.projects().count(), 2, "at {t}");
        let kiln = crm.projects().find(|p| p.name.starts_with("Průmyslová pec P-200")).expect("the kiln's project");
        assert_eq!(kiln.milestones.iter().filter(|m| m.done_on.is_some()).count(), 2);
        let protocols = crm.handovers_of(kiln.id);
        assert_eq!(protocols.len(), 1);
        assert_eq!(protocols[0].result, HandoverResult::WithReservations);
        assert_eq!(protocols[0].open_defects().count(), 1);
        let items = crm.delivered_items_of(kiln.organization_id);
        assert!(items.iter().any(|i| !i.serials.is_empty() && i.warranty_until.is_some() && i.contract_id.is_some()), "{items:?}");
        assert_eq!(crm.contracts().count(), 2);
        let inbox = reminders(crm, w.me, t, OFFSET);
        let notice: Vec<_> = inbox.iter().filter(|r| matches!(r, Reminder::Delivery { due: DeliveryDue::CancelBy, step: 7, .. })).collect();
        assert_eq!(notice.len(), 1, "the service contract's cancel-by date is days away at {t}");
        bundle::parse(bundle::export(crm, t).as_bytes()).expect("the demo is a valid bundle");
    }
}

#[test]
fn the_demo_loads_before_anyone_said_who_they_are() {
    let mut w = World::new();
    let st = stages();
    w.act_at(now(), |crm, ctx| crm.add_demo(&st, now(), OFFSET, ctx).expect("the demo needs no team member"));
    assert_eq!(w.crm.handovers().filter(|h| h.is_signed()).count(), 2);
}

#[test]
fn the_demo_support_desk_has_a_breach_a_risk_a_wait_and_a_ticket_solved_in_time() {
    use vizitka_core::model::sla::SlaState;
    use vizitka_core::model::ticket::TicketStatus;
    let offset = |_: DateTime<Utc>| OFFSET;
    // A weekday morning, a Sunday night, a leap day before work, Christmas Eve.
    for t in [
        now(),
        Utc.with_ymd_and_hms(2026, 12, 6, 20, 0, 0).unwrap(),
        Utc.with_ymd_and_hms(2028, 2, 29, 7, 0, 0).unwrap(),
        Utc.with_ymd_and_hms(2026, 12, 24, 12, 0, 0).unwrap(),
    ] {
        let w = demo_at(t);
        let crm = &w.crm;
        let states: Vec<(TicketStatus, Option<SlaState>)> =
            crm.tickets().map(|k| (k.status, crm.ticket_sla(k, t, &offset).map(|s| s.state()))).collect();
        assert_eq!(states.len(), 4, "at {t}");
        for want in [
            (TicketStatus::Open, Some(SlaState::Breached)),
            (TicketStatus::New, Some(SlaState::AtRisk)),
            (TicketStatus::WaitingOnCustomer, Some(SlaState::OnTrack)),
            (TicketStatus::Resolved, Some(SlaState::Met)),
        ] {
            assert!(states.contains(&want), "{want:?} at {t}: {states:?}");
        }
        // The inbox warns of the breach and the risk.
        let warned = vizitka_core::model::agenda::support(crm, w.me, t, &offset);
        assert!(warned.iter().any(|r| matches!(r, Reminder::Sla { state: SlaState::Breached, .. })), "at {t}");
        assert!(warned.iter().any(|r| matches!(r, Reminder::Sla { state: SlaState::AtRisk, .. })), "at {t}");
        // The kiln's ticket is under the kiln's contract.
        let kiln = crm.tickets().find(|k| k.delivered_item_id.is_some()).expect("a ticket about the kiln");
        assert!(kiln.contract_id.is_some());
    }
}

#[test]
fn the_inbox_badge_counts_what_the_inbox_shows_after_dismissals_and_snoozes() {
    use std::collections::{HashMap, HashSet};
    use vizitka_core::model::agenda::{shown, shown_count, support, Handled};
    let offset = |_: DateTime<Utc>| OFFSET;
    let t = now();
    let w = demo_at(t);
    let crm = &w.crm;
    // What the inbox lists: every reminder and SLA warning, keyed.
    let all: Vec<(String, Reminder)> =
        support(crm, w.me, t, &offset).into_iter().chain(reminders(crm, w.me, t, OFFSET)).map(|r| (r.key(t, OFFSET), r)).collect();
    let kinds: HashSet<_> = all.iter().map(|(_, r)| std::mem::discriminant(r)).collect();
    assert!(all.len() >= 8 && kinds.len() >= 4, "a full inbox to count: {} reminders of {} kinds", all.len(), kinds.len());
    let listed = |handled: &HashMap<String, Handled>| all.iter().filter(|(k, _)| shown(handled.get(k).copied(), t)).count();
    let mut handled = HashMap::new();
    assert_eq!(shown_count(crm, w.me, t, &offset, OFFSET, &handled), all.len(), "nothing handled");
    // Every third dismissed, every third snoozed for an hour, the rest
    // snoozed until a minute ago (back), and keys of reminders long gone.
    for (i, (key, _)) in all.iter().enumerate() {
        let how = match i % 3 {
            0 => Handled::Dismissed,
            1 => Handled::SnoozedUntil(t + Duration::hours(1)),
            _ => Handled::SnoozedUntil(t - Duration::minutes(1)),
        };
        handled.insert(key.clone(), how);
    }
    handled.insert("task:01998a78-a738-758e-9085-9b11dcb80c05:0".into(), Handled::Dismissed);
    handled.insert("not a key at all".into(), Handled::Dismissed);
    let expected = listed(&handled);
    assert!(expected > 0 && expected < all.len());
    assert_eq!(shown_count(crm, w.me, t, &offset, OFFSET, &handled), expected);
    // An hour later the snoozed ones are back.
    let later = t + Duration::hours(1);
    let back = support(crm, w.me, later, &offset).into_iter().chain(reminders(crm, w.me, later, OFFSET));
    let expected = back.filter(|r| shown(handled.get(&r.key(later, OFFSET)).copied(), later)).count();
    assert_eq!(shown_count(crm, w.me, later, &offset, OFFSET, &handled), expected);
}

//! Every report on a fixed data set, at a fixed time: contacts per
//! organization, active and dormant contacts, the pipeline by stage and by
//! month of close, win rate and average deal, activities per week, leads by
//! source, quotes by status, and the dashboard.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use common::World;
use uuid::Uuid;
use vizitka_core::model::filter::OwnerFilter;
use vizitka_core::model::lead::{Lead, LeadSource};
use vizitka_core::model::money::Decimal;
use vizitka_core::model::opportunity::Opportunity;
use vizitka_core::model::ops::sales::{ConvertPlan, Pick};
use vizitka_core::model::pipeline::{self, Stage};
use vizitka_core::model::quote::{Quote, QuoteItem, QuoteStatus};
use vizitka_core::model::{Activity, ActivityKind, Change, Kind, Role, Target, TeamMember};
use vizitka_core::report::dashboard::{dashboard, Deadline};
use vizitka_core::report::{
    compute, contacts_per_organization, engagement, Amounts, By, Cell, Column, Env, Label, LastContact, Params, Period, Preset, Range, Report,
    ReportId, Thresholds, Value,
};

/// The reports' now: Monday 30 November 2026, 12:00 UTC.
fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 30, 12, 0, 0).unwrap()
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn stages() -> Vec<Stage> {
    pipeline::defaults(["Qualification", "Needs analysis", "Proposal", "Negotiation", "Won", "Lost"], common::at(1))
}

/// Logs an activity of `kind` with `contact` at `days_ago` before now.
fn log(w: &mut World, contact: Uuid, kind: ActivityKind, days_ago: i64) {
    let mut a = Activity::new(w.id(), now(), kind);
    a.subject = format!("{kind:?} {days_ago} days ago");
    a.body = a.subject.clone();
    a.at = Some(now() - Duration::days(days_ago));
    w.act(3, |crm, ctx| crm.save_activity(a, &[Target::contact(contact)], ctx).unwrap());
}

fn run(w: &World, id: ReportId, p: &Params) -> Report {
    let st = w.crm.pipeline(&stages());
    compute(&w.crm, id, p, &Env { now: now(), offset_minutes: 60, zone: None, me: w.me, stages: &st })
}

/// A row as text: labels by name, counts, money as "CZK 1200.00", percents
/// as "41.7%", so a test reads like the table.
fn text(w: &World, cell: &Cell) -> String {
    match &cell.value {
        Value::Empty => String::new(),
        Value::Label(Label::Record(t)) => w.crm.label(*t),
        Value::Label(Label::Stage(id)) => w.crm.stage(*id).map(|s| s.name.clone()).unwrap_or_default(),
        Value::Label(Label::Member(m)) => {
            if m.is_some() {
                w.crm.member_name(*m).to_string()
            } else {
                "nobody".into()
            }
        }
        Value::Label(Label::Month(d) | Label::Quarter(d) | Label::Week(d)) => d.to_string(),
        Value::Label(l) => format!("{l:?}"),
        Value::Count(n) => n.to_string(),
        Value::Money(a) => a.0.iter().map(|(c, v)| format!("{c} {}.{:02}", v / 100, v % 100)).collect::<Vec<_>>().join(" + "),
        Value::Percent(None) | Value::Undefined => "–".into(),
        Value::Percent(Some(p)) => format!("{}.{}%", p / 10, p % 10),
        Value::Date(d) => d.map(|d| d.to_string()).unwrap_or_default(),
        Value::Days(d) => d.map(|d| d.to_string()).unwrap_or("never".into()),
    }
}

fn table(w: &World, r: &Report) -> Vec<Vec<String>> {
    r.rows.iter().chain(r.total.as_ref()).map(|row| row.iter().map(|c| text(w, c)).collect()).collect()
}

fn strings(rows: &[&[&str]]) -> Vec<Vec<String>> {
    rows.iter().map(|r| r.iter().map(|s| s.to_string()).collect()).collect()
}

#[test]
fn contacts_per_organization_most_first_and_those_without_last() {
    let mut w = World::new();
    let small = w.org("Cukrárna Malá");
    let big = w.org("Pekárna U Mlýna");
    let empty = w.org("Autoservis Novák");
    let eva = w.contact("Eva", "Malá", Some(small), Role::Other, false);
    let jan = w.contact("Jan", "Dvořák", Some(big), Role::Other, true);
    let petr = w.contact("Petr", "Horák", Some(big), Role::Other, false);
    let free = w.contact("Zuzana", "Bílá", None, Role::Other, false);
    let rows = contacts_per_organization(&w.crm, |_| true, true);
    let shown: Vec<(Option<Uuid>, Vec<Uuid>)> = rows.into_iter().map(|r| (r.organization, r.contacts)).collect();
    assert_eq!(shown, vec![(Some(big), vec![jan, petr]), (Some(small), vec![eva]), (Some(empty), vec![]), (None, vec![free])]);

    // The report: a tag keeps its contacts, and leaves out organizations with none.
    w.act(4, |crm, ctx| {
        let mut c = crm.contact(petr).unwrap().clone();
        c.tags = vec!["vip".into()];
        crm.save_contact(c, false, ctx).unwrap()
    });
    let all = run(&w, ReportId::ContactsPerOrganization, &Params::new(ReportId::ContactsPerOrganization));
    assert_eq!(
        table(&w, &all),
        strings(&[&["Pekárna U Mlýna", "2"], &["Cukrárna Malá", "1"], &["Autoservis Novák", "0"], &["NoOrganization", "1"], &["Total", "4"]])
    );
    assert_eq!(all.rows[0][1].records, vec![Target::contact(jan), Target::contact(petr)], "the number links to its contacts");
    assert_eq!(all.chart.bars.len(), 4);
    let vip = Params { tag: "vip".into(), ..Params::new(ReportId::ContactsPerOrganization) };
    assert_eq!(table(&w, &run(&w, ReportId::ContactsPerOrganization, &vip)), strings(&[&["Pekárna U Mlýna", "1"], &["Total", "1"]]));
}

#[test]
fn active_and_dormant_contacts_follow_their_last_interaction() {
    let mut w = World::new();
    let recent = w.contact("Jan", "Dvořák", None, Role::Other, false);
    let middle = w.contact("Eva", "Malá", None, Role::Other, false);
    let silent = w.contact("Petr", "Horák", None, Role::Other, false);
    let only_notes = w.contact("Zuzana", "Bílá", None, Role::Other, false);
    log(&mut w, recent, ActivityKind::Call, 200);
    log(&mut w, recent, ActivityKind::Email, 3);
    log(&mut w, middle, ActivityKind::Meeting, 45);
    log(&mut w, silent, ActivityKind::Meeting, 120);
    // Notes and tasks are our own work, and a meeting next week has not happened.
    log(&mut w, only_notes, ActivityKind::Note, 1);
    log(&mut w, only_notes, ActivityKind::Task, 2);
    log(&mut w, silent, ActivityKind::Meeting, -7);

    let at = |days: i64| Some(now() - Duration::days(days));
    let e = engagement(&w.crm, now(), Thresholds::default(), |_| true);
    assert_eq!(e.active, vec![LastContact { contact: recent, organization: None, last: at(3) }]);
    // Zuzana was never contacted and was created on 2 November: not yet 90 days.
    assert_eq!(e.dormant, vec![LastContact { contact: silent, organization: None, last: at(120) }]);
    let mut between = e.between.clone();
    between.sort();
    let mut expected = vec![middle, only_notes];
    expected.sort();
    assert_eq!(between, expected, "neither active nor dormant");

    // A year on, never contacted counts as dormant, first; Petr's meeting
    // that was next week has happened, so he is the least silent.
    let later = now() + Duration::days(365);
    let e = engagement(&w.crm, later, Thresholds::default(), |_| true);
    assert!(e.active.is_empty());
    assert_eq!(e.dormant.iter().map(|r| r.contact).collect::<Vec<_>>(), vec![only_notes, middle, recent, silent]);

    // The thresholds are the user's.
    let e = engagement(&w.crm, now(), Thresholds { active_days: 2, dormant_days: 40 }, |_| true);
    assert!(e.active.is_empty(), "the last email was 3 days ago");
    assert_eq!(e.dormant.iter().map(|r| r.contact).collect::<Vec<_>>(), vec![silent, middle]);

    // The dormant report: name, organization, last interaction, days since;
    // its thresholds come from the URL.
    let p = Params::from_query(ReportId::DormantContacts, |k| match k {
        "dormant" => Some("40".into()),
        "active" => Some("2".into()),
        _ => None,
    });
    assert_eq!(p.thresholds, Thresholds { active_days: 2, dormant_days: 40 });
    assert_eq!(p.to_query(ReportId::DormantContacts), vec![("active", "2".to_string()), ("dormant", "40".to_string())]);
    let r = run(&w, ReportId::DormantContacts, &p);
    assert_eq!(r.columns, vec![Column::Contact, Column::Organization, Column::LastInteraction, Column::DaysSilent]);
    assert_eq!(table(&w, &r), strings(&[&["Petr Horák", "", "2026-08-02", "120"], &["Eva Malá", "", "2026-10-16", "45"]]));
    assert_eq!(r.rows[1][3].records, vec![Target::contact(middle)], "the days link to the contact");
    // The chart splits everyone: active, between, dormant, never contacted.
    let counts: Vec<(Label, Vec<Value>)> = r.chart.bars.clone();
    assert_eq!(
        counts.iter().map(|(_, v)| v[0].clone()).collect::<Vec<_>>(),
        vec![Value::Count(0), Value::Count(2), Value::Count(2), Value::Count(0)]
    );
    let active = run(&w, ReportId::ActiveContacts, &Params::new(ReportId::ActiveContacts));
    assert_eq!(table(&w, &active), strings(&[&["Jan Dvořák", "", "2026-11-27", "3"]]));
}

/// Tester and Eva; three organizations' deals across the pipeline, some
/// closed on known days; leads from several sources; quotes in every
/// status; a few weeks of activities.
struct Fixture {
    w: World,
    eva: Uuid,
}

fn deal(w: &mut World, name: &str, stage: usize, value: i64, close: Option<NaiveDate>, owner: Option<Uuid>, created: DateTime<Utc>) -> Uuid {
    let mut o = Opportunity::new(w.id(), created, pipeline::default_id(stage));
    o.name = name.into();
    o.value = value;
    o.probability = stages()[stage].probability;
    o.expected_close = close;
    o.owner_id = owner;
    let id = o.id;
    let d = stages();
    w.act_at(created, |crm, ctx| crm.save_opportunity(o, &d, ctx).unwrap());
    id
}

fn fixture() -> Fixture {
    let mut w = World::with_tester();
    let me = w.me;
    let m = TeamMember::new(w.id(), common::at(1), "Eva");
    let eva = m.id;
    w.act(1, |crm, ctx| crm.save_team_member(m, ctx).unwrap());
    let d = stages();
    let deals = [
        // Open: Qualification 10 %, Proposal 50 %, Negotiation 75 %.
        deal(&mut w, "Linka", 0, 100_000_00, Some(day(2026, 12, 15)), me, common::at(2)),
        deal(&mut w, "Pec", 2, 40_000_00, Some(day(2026, 12, 3)), me, common::at(2)),
        deal(&mut w, "Servis", 3, 20_000_00, Some(day(2027, 2, 1)), Some(eva), common::at(2)),
        deal(&mut w, "Bez data", 2, 10_000_00, None, None, common::at(2)),
        // To be closed below.
        deal(&mut w, "Vyhraná", 3, 30_000_00, Some(day(2026, 11, 10)), me, common::at(2)),
        deal(&mut w, "Prohraná", 2, 50_000_00, Some(day(2026, 11, 20)), Some(eva), common::at(2)),
        deal(&mut w, "Vyhraná Evy", 3, 60_000_00, Some(day(2026, 10, 5)), Some(eva), Utc.with_ymd_and_hms(2026, 9, 1, 9, 0, 0).unwrap()),
    ];
    // Won on 12 November and 5 October (the latter set in the past: its
    // history says so), lost on 20 November.
    w.act(12, |crm, ctx| crm.move_opportunity(deals[4], pipeline::default_id(4), None, &d, ctx).unwrap());
    w.act(20, |crm, ctx| crm.move_opportunity(deals[5], pipeline::default_id(5), Some("Cena".into()), &d, ctx).unwrap());
    w.act_at(Utc.with_ymd_and_hms(2026, 10, 5, 9, 0, 0).unwrap(), |crm, ctx| {
        crm.move_opportunity(deals[6], pipeline::default_id(4), None, &d, ctx).unwrap()
    });
    Fixture { w, eva }
}

#[test]
fn the_pipeline_by_stage_counts_values_and_weights_each_stage() {
    let f = fixture();
    let w = &f.w;
    let r = run(w, ReportId::PipelineByStage, &Params::new(ReportId::PipelineByStage));
    assert_eq!(r.columns, vec![Column::Stage, Column::Deals, Column::Value, Column::Weighted]);
    assert_eq!(
        table(w, &r),
        strings(&[
            &["Qualification", "1", "CZK 100000.00", "CZK 10000.00"],
            &["Needs analysis", "0", "", ""],
            &["Proposal", "2", "CZK 50000.00", "CZK 25000.00"],
            &["Negotiation", "1", "CZK 20000.00", "CZK 15000.00"],
            &["Won", "2", "CZK 90000.00", "CZK 90000.00"],
            &["Lost", "1", "CZK 50000.00", "CZK 0.00"],
            // The total is the open pipeline.
            &["OpenTotal", "4", "CZK 170000.00", "CZK 50000.00"],
        ])
    );
    assert_eq!(r.rows[2][1].records.len(), 2);
    assert_eq!(r.chart.bars.len(), 6);

    // Mine only, closing this December.
    let p = Params {
        owner: OwnerFilter::Me,
        period: Period { preset: Preset::Custom, from: Some(day(2026, 12, 1)), to: Some(day(2026, 12, 31)) },
        ..Params::new(ReportId::PipelineByStage)
    };
    let mine = run(w, ReportId::PipelineByStage, &p);
    assert_eq!(table(w, &mine).last().unwrap(), &strings(&[&["OpenTotal", "2", "CZK 140000.00", "CZK 30000.00"]])[0]);
}

#[test]
fn the_pipeline_by_month_lists_every_month_and_the_undated_last() {
    let f = fixture();
    let w = &f.w;
    let r = run(w, ReportId::PipelineByMonth, &Params::new(ReportId::PipelineByMonth));
    assert_eq!(
        table(w, &r),
        strings(&[
            &["2026-12-01", "2", "CZK 140000.00", "CZK 30000.00"],
            &["2027-01-01", "0", "", ""],
            &["2027-02-01", "1", "CZK 20000.00", "CZK 15000.00"],
            &["NoDate", "1", "CZK 10000.00", "CZK 5000.00"],
            &["Total", "4", "CZK 170000.00", "CZK 50000.00"],
        ])
    );
    // A period leaves the undated out.
    let p = Params { period: Period::preset(Preset::ThisMonth), ..Params::new(ReportId::PipelineByMonth) };
    assert_eq!(table(w, &run(w, ReportId::PipelineByMonth, &p)), strings(&[&["2026-11-01", "0", "", ""], &["Total", "0", "", ""]]));
}

#[test]
fn win_rate_and_average_deal_per_month_and_per_owner() {
    let f = fixture();
    let w = &f.w;
    let p = Params { by: By::Month, ..Params::new(ReportId::WinRate) };
    assert_eq!(p.period, Period::preset(Preset::ThisYear));
    let r = run(w, ReportId::WinRate, &p);
    // This year: January to December, every month a row.
    assert_eq!(r.rows.len(), 12);
    let rows = table(w, &r);
    assert_eq!(rows[9], strings(&[&["2026-10-01", "1", "0", "100.0%", "CZK 60000.00", "CZK 60000.00"]])[0]);
    assert_eq!(rows[10], strings(&[&["2026-11-01", "1", "1", "50.0%", "CZK 30000.00", "CZK 30000.00"]])[0]);
    // No deal won: an average of none, not of zero.
    assert_eq!(rows[0], strings(&[&["2026-01-01", "0", "0", "–", "", "–"]])[0]);
    assert_eq!(rows[12], strings(&[&["Total", "2", "1", "66.7%", "CZK 90000.00", "CZK 45000.00"]])[0]);
    assert_eq!(r.rows[10][3].records.len(), 2, "the rate links to the closed deals");

    let by_owner = run(w, ReportId::WinRate, &Params { by: By::Owner, ..p.clone() });
    assert_eq!(
        table(w, &by_owner),
        strings(&[
            &["Eva", "1", "1", "50.0%", "CZK 60000.00", "CZK 60000.00"],
            &["Tester", "1", "0", "100.0%", "CZK 30000.00", "CZK 30000.00"],
            &["Total", "2", "1", "66.7%", "CZK 90000.00", "CZK 45000.00"],
        ])
    );
    // By quarter, last month only: the November closes.
    let q = Params { by: By::Quarter, period: Period::preset(Preset::ThisMonth), ..p };
    assert_eq!(
        table(w, &run(w, ReportId::WinRate, &q)),
        strings(&[&["2026-10-01", "1", "1", "50.0%", "CZK 30000.00", "CZK 30000.00"], &["Total", "1", "1", "50.0%", "CZK 30000.00", "CZK 30000.00"]])
    );
}

#[test]
fn activities_per_week_by_kind_and_by_owner() {
    let mut f = fixture();
    let me = f.w.me;
    let c = f.w.contact("Jan", "Dvořák", None, Role::Other, false);
    let logged = |w: &mut World, kind: ActivityKind, at: DateTime<Utc>, owner: Option<Uuid>| {
        let mut a = Activity::new(w.id(), at, kind);
        a.subject = "x".into();
        a.at = Some(at);
        let saved = w.act_at(at, |crm, ctx| crm.save_activity(a, &[Target::contact(c)], ctx).unwrap());
        // Saving makes the acting member its owner; a test sets another.
        if owner != me {
            let id = saved.iter().find_map(|ch| match ch {
                vizitka_core::model::Change::Put(vizitka_core::model::Rec::Activity(a)) => Some(a.id),
                _ => None,
            });
            let mut a = w.crm.activity(id.unwrap()).unwrap().clone();
            a.owner_id = owner;
            w.act_at(at, |crm, ctx| crm.save_activity(a, &[Target::contact(c)], ctx).unwrap());
        }
    };
    let t = |d: u32, h: u32| Utc.with_ymd_and_hms(2026, 11, d, h, 0, 0).unwrap();
    logged(&mut f.w, ActivityKind::Call, t(16, 9), me);
    logged(&mut f.w, ActivityKind::Call, t(17, 9), me);
    // Sunday 23:00 in Prague: still the week of the 16th.
    logged(&mut f.w, ActivityKind::Email, t(22, 22), Some(f.eva));
    // 23:30 UTC on Sunday is Monday 00:30 in Prague: next week.
    logged(&mut f.w, ActivityKind::Meeting, Utc.with_ymd_and_hms(2026, 11, 29, 23, 30, 0).unwrap(), me);
    let p = Params {
        period: Period { preset: Preset::Custom, from: Some(day(2026, 11, 16)), to: Some(day(2026, 11, 30)) },
        ..Params::new(ReportId::Activities)
    };
    let r = run(&f.w, ReportId::Activities, &p);
    assert_eq!(
        r.columns,
        vec![
            Column::Week,
            Column::Kind(ActivityKind::Email),
            Column::Kind(ActivityKind::Call),
            Column::Kind(ActivityKind::Meeting),
            Column::Kind(ActivityKind::Task),
            Column::Kind(ActivityKind::Note),
            Column::Total
        ]
        .into_iter()
        .filter(|c| r.columns.contains(c))
        .collect::<Vec<_>>()
    );
    let kinds: Vec<Column> = r.columns[1..r.columns.len() - 1].to_vec();
    let col = |k: ActivityKind| 1 + kinds.iter().position(|c| *c == Column::Kind(k)).unwrap();
    let rows = table(&f.w, &r);
    assert_eq!(rows.iter().map(|r| r[0].clone()).collect::<Vec<_>>(), vec!["2026-11-16", "2026-11-23", "2026-11-30", "Total"]);
    assert_eq!(
        (rows[0][col(ActivityKind::Call)].as_str(), rows[0][col(ActivityKind::Email)].as_str(), rows[0].last().unwrap().as_str()),
        ("2", "1", "3")
    );
    assert_eq!(rows[1].last().unwrap(), "0", "an empty week is a row too");
    assert_eq!((rows[2][col(ActivityKind::Meeting)].as_str(), rows[2].last().unwrap().as_str()), ("1", "1"));
    assert_eq!(rows[3].last().unwrap(), "4");

    let by_owner = run(&f.w, ReportId::Activities, &Params { by: By::Owner, ..p });
    assert_eq!(by_owner.columns, vec![Column::Week, Column::Member(Some(f.eva)), Column::Member(me), Column::Total]);
    assert_eq!(table(&f.w, &by_owner)[3], strings(&[&["Total", "1", "3", "4"]])[0]);
}

#[test]
fn leads_by_source_with_their_conversion_rate() {
    let mut f = fixture();
    let w = &mut f.w;
    let lead = |w: &mut World, name: &str, source: LeadSource| {
        let mut l = Lead::new(w.id(), common::at(5));
        l.last_name = name.into();
        l.company = format!("{name} s.r.o.");
        l.source = source;
        let id = l.id;
        w.act(5, |crm, ctx| crm.save_lead(l, ctx).unwrap());
        id
    };
    let a = lead(w, "Adam", LeadSource::Web);
    lead(w, "Bára", LeadSource::Web);
    lead(w, "Cyril", LeadSource::Web);
    lead(w, "Dana", LeadSource::Referral);
    let plan = ConvertPlan { organization: Pick::Skip, contact: Pick::New, opportunity: Pick::Skip, opportunity_name: String::new() };
    w.act(6, |crm, ctx| crm.convert_lead(a, &plan, &stages(), ctx).unwrap());
    let r = run(w, ReportId::LeadsBySource, &Params::new(ReportId::LeadsBySource));
    assert_eq!(table(w, &r), strings(&[&["Source(Web)", "3", "1", "33.3%"], &["Source(Referral)", "1", "0", "0.0%"], &["Total", "4", "1", "25.0%"]]));
    assert_eq!(r.rows[0][2].records, vec![Target { kind: Kind::Lead, id: a }]);
    // Last year had none.
    let last = Params { period: Period::preset(Preset::LastYear), ..Params::new(ReportId::LeadsBySource) };
    assert_eq!(table(w, &run(w, ReportId::LeadsBySource, &last)), strings(&[&["Total", "0", "0", "–"]]));
}

#[test]
fn quotes_by_status_count_and_sum_without_vat() {
    let mut f = fixture();
    let w = &mut f.w;
    let quote = |w: &mut World, n: u32, status: QuoteStatus, price: i64, currency: &str| {
        let mut q = Quote::new(w.id(), common::at(10), format!("2026-{n:04}"), day(2026, 11, 10));
        q.status = status;
        q.currency = currency.into();
        q.items = vec![QuoteItem {
            product_id: None,
            name: "Pec".into(),
            quantity: Decimal(2 * Decimal::SCALE),
            unit: "ks".into(),
            unit_price: price,
            discount: Decimal::ZERO,
            vat_rate: Decimal::percent(21),
        }];
        w.act(10, |crm, ctx| crm.save_quote(q, ctx).unwrap());
    };
    quote(w, 1, QuoteStatus::Sent, 1_000_00, "CZK");
    quote(w, 2, QuoteStatus::Sent, 500_00, "EUR");
    quote(w, 3, QuoteStatus::Accepted, 2_000_00, "CZK");
    quote(w, 4, QuoteStatus::Draft, 100_00, "CZK");
    let r = run(w, ReportId::QuotesByStatus, &Params::new(ReportId::QuotesByStatus));
    assert_eq!(
        table(w, &r),
        strings(&[
            &["Status(Draft)", "1", "CZK 200.00"],
            &["Status(Sent)", "2", "CZK 2000.00 + EUR 1000.00"],
            &["Status(Accepted)", "1", "CZK 4000.00"],
            &["Status(Rejected)", "0", ""],
            &["Status(Expired)", "0", ""],
            &["Total", "4", "CZK 6200.00 + EUR 1000.00"],
        ])
    );
    let mut sum = Amounts::default();
    sum.add("CZK", 5);
    sum.add("CZK", 7);
    assert_eq!(sum.get("CZK"), 12);
}

#[test]
fn periods_are_local_days_and_params_round_trip_through_the_url() {
    let today = day(2026, 11, 30);
    let range = |p: Preset| Period::preset(p).range(today);
    assert_eq!(range(Preset::ThisMonth), Range { from: Some(day(2026, 11, 1)), to: Some(day(2026, 11, 30)) });
    assert_eq!(range(Preset::LastMonth), Range { from: Some(day(2026, 10, 1)), to: Some(day(2026, 10, 31)) });
    assert_eq!(range(Preset::ThisQuarter), Range { from: Some(day(2026, 10, 1)), to: Some(day(2026, 12, 31)) });
    assert_eq!(range(Preset::LastQuarter), Range { from: Some(day(2026, 7, 1)), to: Some(day(2026, 9, 30)) });
    assert_eq!(range(Preset::LastYear), Range { from: Some(day(2025, 1, 1)), to: Some(day(2025, 12, 31)) });
    assert_eq!(range(Preset::Last30), Range { from: Some(day(2026, 11, 1)), to: Some(today) });
    assert_eq!(range(Preset::All), Range::default());

    let p = Params {
        period: Period { preset: Preset::Custom, from: Some(day(2026, 1, 1)), to: None },
        owner: OwnerFilter::Me,
        tag: "vip".into(),
        by: By::Owner,
        thresholds: Thresholds::default(),
    };
    let q = p.to_query(ReportId::Activities);
    assert_eq!(
        q,
        vec![
            ("owner", "me".to_string()),
            ("tag", "vip".to_string()),
            ("period", "custom".to_string()),
            ("from", "2026-01-01".to_string()),
            ("by", "owner".to_string())
        ]
    );
    let back = Params::from_query(ReportId::Activities, |k| q.iter().find(|(n, _)| *n == k).map(|(_, v)| v.clone()));
    assert_eq!(back, p);
    // A grouping the report does not offer, or a silly threshold, is the default.
    let odd = Params::from_query(ReportId::Activities, |k| match k {
        "by" => Some("quarter".into()),
        "dormant" => Some("0".into()),
        _ => None,
    });
    assert_eq!(odd, Params::new(ReportId::Activities));
    assert!(Params::new(ReportId::Activities).to_query(ReportId::Activities).is_empty());
}

#[test]
fn the_dashboard_shows_my_day_the_pipeline_quiet_key_contacts_and_this_weeks_deadlines() {
    let mut f = fixture();
    let w = &mut f.w;
    let me = w.me;
    let c = w.contact("Jana", "Nováková", None, Role::DecisionMaker, false);
    w.contact("Josef", "Král", None, Role::Technical, false);
    let task = |w: &mut World, title: &str, at: DateTime<Utc>, assignee: Option<Uuid>| {
        let mut a = Activity::new(w.id(), now(), ActivityKind::Task);
        a.subject = title.into();
        a.at = Some(at);
        a.assignee_id = assignee;
        let id = a.id;
        w.act(3, |crm, ctx| crm.save_activity(a, &[Target::contact(c)], ctx).unwrap());
        id
    };
    let overdue = task(w, "Zavolat", now() - Duration::days(2), me);
    let today = task(w, "Poslat nabídku", now() + Duration::hours(3), None);
    task(w, "Evin úkol", now() + Duration::hours(2), Some(f.eva));
    task(w, "Příští týden", now() + Duration::days(8), me);
    let mut m = Activity::new(w.id(), now(), ActivityKind::Meeting);
    m.subject = "Schůzka".into();
    m.at = Some(now() + Duration::days(2));
    m.end = Some(now() + Duration::days(2) + Duration::hours(1));
    let meeting = m.id;
    w.act(3, |crm, ctx| crm.save_activity(m, &[Target::contact(c)], ctx).unwrap());

    let st = w.crm.pipeline(&stages());
    let env = Env { now: now(), offset_minutes: 60, zone: None, me, stages: &st };
    let d = dashboard(&w.crm, &env);
    assert_eq!(d.overdue.iter().map(|a| a.id).collect::<Vec<_>>(), vec![overdue]);
    assert_eq!(d.today.iter().map(|a| a.id).collect::<Vec<_>>(), vec![today]);
    assert_eq!(d.meetings.iter().map(|a| a.id).collect::<Vec<_>>(), vec![meeting]);
    assert_eq!(d.pipeline.total.as_ref().unwrap()[1].value, Value::Count(4));
    // Jana's last interaction is the meeting: in April she has been silent for 90 days.
    assert!(d.dormant.is_empty());
    let april = Env { now: Utc.with_ymd_and_hms(2027, 4, 1, 12, 0, 0).unwrap(), ..env };
    assert_eq!(dashboard(&w.crm, &april).dormant.iter().map(|l| l.contact).collect::<Vec<_>>(), vec![c]);
    // This week (to Sunday 6 December): "Pec" closes on the 3rd; "Linka" on the 15th does not.
    let names: Vec<(NaiveDate, String)> = d
        .deadlines
        .iter()
        .map(|(day, dl)| match dl {
            Deadline::Close(o) | Deadline::Submission(o) => (*day, o.name.clone()),
            Deadline::QuoteValid(q) => (*day, q.number.clone()),
        })
        .collect();
    assert_eq!(names, vec![(day(2026, 12, 3), "Pec".to_string())]);
}

#[test]
fn a_follow_up_task_for_each_dormant_contact_once_and_for_its_owner() {
    let mut w = World::with_tester();
    let org = w.org("Pekárna U Mlýna");
    let eva = w.contact("Eva", "Malá", Some(org), Role::Other, false);
    let jan = w.contact("Jan", "Dvořák", None, Role::Other, false);
    let busy = w.contact("Petr", "Horák", None, Role::Other, false);
    let colleague = TeamMember::new(w.id(), common::at(1), "Kolegyně");
    let colleague_id = colleague.id;
    w.act(3, |crm, ctx| crm.save_team_member(colleague, ctx).unwrap());
    w.act(3, |crm, ctx| {
        let mut c = crm.contact(jan).unwrap().clone();
        c.owner_id = Some(colleague_id);
        crm.save_contact(c, false, ctx).unwrap()
    });
    // Petr already has an open task: he gets no second one.
    let mut open = Activity::new(w.id(), now(), ActivityKind::Task);
    open.subject = "Poslat ceník".into();
    w.act(3, |crm, ctx| crm.save_activity(open, &[Target::contact(busy)], ctx).unwrap());

    let due = now() + Duration::days(1);
    let made = std::cell::Cell::new(0);
    w.act(4, |crm, ctx| {
        let (changes, n) = crm.follow_up_tasks(&[eva, jan, busy], "Follow up with {name}", due, ctx).unwrap();
        made.set(n);
        changes
    });
    assert_eq!(made.get(), 2);
    let task_of = |w: &World, c: Uuid| -> Vec<Activity> { w.crm.activities_of(c).into_iter().filter(|a| a.is_open_task()).cloned().collect() };
    let eva_tasks = task_of(&w, eva);
    assert_eq!(eva_tasks.len(), 1);
    assert_eq!(eva_tasks[0].subject, "Follow up with Eva Malá");
    assert_eq!(eva_tasks[0].at, Some(due));
    assert_eq!(eva_tasks[0].assignee_id, w.me, "no owner: the user");
    assert!(w.crm.activities_of(org).iter().any(|a| a.id == eva_tasks[0].id), "on the organization's timeline too");
    assert_eq!(task_of(&w, jan)[0].assignee_id, Some(colleague_id), "the contact's owner");
    assert_eq!(task_of(&w, busy).len(), 1);

    // A second click adds nothing.
    let again = w.compute(5, |crm, ctx| crm.follow_up_tasks(&[eva, jan, busy], "Follow up with {name}", due, ctx).unwrap());
    assert_eq!(again.1, 0);
    assert!(again.0.is_empty());
}

/// A contact's last interaction as the links say, read the slow way.
fn last_by_links(w: &World, contact: Uuid, at: DateTime<Utc>) -> Option<DateTime<Utc>> {
    w.crm.activities_of(contact).iter().filter_map(|a| a.interaction_time()).filter(|t| *t <= at).max()
}

#[test]
fn the_index_of_interactions_follows_every_change_to_activities_and_links() {
    let mut w = World::new();
    let eva = w.contact("Eva", "Malá", None, Role::Other, false);
    let jan = w.contact("Jan", "Dvořák", None, Role::Other, false);
    let check = |w: &World| {
        for c in [eva, jan] {
            for at in [now() - Duration::days(30), now(), now() + Duration::days(30)] {
                assert_eq!(w.crm.last_interaction(c, at), last_by_links(w, c, at), "contact {c} at {at}");
            }
        }
    };
    log(&mut w, eva, ActivityKind::Call, 40);
    log(&mut w, eva, ActivityKind::Note, 1);
    check(&w);
    assert_eq!(w.crm.last_interaction(eva, now()), Some(now() - Duration::days(40)), "a note is no interaction");

    // A meeting with both, next week: not yet an interaction, then it is.
    let mut m = Activity::new(w.id(), now(), ActivityKind::Meeting);
    m.subject = "Schůzka".into();
    m.at = Some(now() + Duration::days(7));
    let meeting = m.id;
    w.act(5, |crm, ctx| crm.save_activity(m, &[Target::contact(eva), Target::contact(jan)], ctx).unwrap());
    check(&w);
    assert_eq!(w.crm.last_interaction(jan, now() + Duration::days(8)), Some(now() + Duration::days(7)));

    // Moved to yesterday, then made a note (no longer an interaction).
    let mut moved = w.crm.activity(meeting).unwrap().clone();
    moved.at = Some(now() - Duration::days(1));
    let links = w.crm.targets_of(meeting);
    w.act(6, |crm, ctx| crm.save_activity(moved.clone(), &links, ctx).unwrap());
    check(&w);
    assert_eq!(w.crm.last_interaction(jan, now()), Some(now() - Duration::days(1)));
    moved.kind = ActivityKind::Note;
    moved.body = "Poznámka".into();
    w.act(7, |crm, ctx| crm.save_activity(moved.clone(), &links, ctx).unwrap());
    check(&w);
    assert_eq!(w.crm.last_interaction(jan, now()), None);

    // Back to a call, unlinked from Jan, then deleted.
    moved.kind = ActivityKind::Call;
    w.act(8, |crm, ctx| crm.save_activity(moved.clone(), &[Target::contact(eva)], ctx).unwrap());
    check(&w);
    assert_eq!(w.crm.last_interaction(eva, now()), Some(now() - Duration::days(1)));
    assert_eq!(w.crm.last_interaction(jan, now()), None);
    let delete: Vec<Change> =
        w.crm.links_of_activity(meeting).map(|l| Change::Delete(Kind::Link, l.id)).chain([Change::Delete(Kind::Activity, meeting)]).collect();
    w.crm.apply(&delete);
    check(&w);
    assert_eq!(w.crm.last_interaction(eva, now()), Some(now() - Duration::days(40)));

    // The same index when the records are loaded, whatever the order.
    let json = vizitka_core::bundle::export(&w.crm, now());
    let reloaded = vizitka_core::model::Crm::from_records(vizitka_core::bundle::parse(json.as_bytes()).unwrap().records);
    for c in [eva, jan] {
        assert_eq!(reloaded.last_interaction(c, now()), w.crm.last_interaction(c, now()));
    }
}

//! Sales as flows 2, 4 and 5 of PRODUCT.md use it: a lead is scored and
//! converted (a duplicate offered and linked), an opportunity moves through
//! the pipeline, a quote is priced, numbered and sent.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use chrono::NaiveDate;
use common::{at, World};
use vizitka_core::bundle::{self, ImportMode};
use vizitka_core::model::campaign::Campaign;
use vizitka_core::model::lead::{Lead, LeadStatus};
use vizitka_core::model::money::Decimal;
use vizitka_core::model::opportunity::{Involved, Opportunity};
use vizitka_core::model::ops::sales::{ConvertPlan, Likeness, Pick, QuoteTexts};
use vizitka_core::model::pipeline::{self, Stage};
use vizitka_core::model::product::Product;
use vizitka_core::model::quote::{QuoteItem, QuoteStatus};
use vizitka_core::model::supplier::Supplier;
use vizitka_core::model::{Action, ActivitiesOnDelete, Activity, ActivityKind, Change, Kind, Problem, Rec, Role, Target};

fn defaults() -> Vec<Stage> {
    pipeline::defaults(["Qualification", "Needs analysis", "Proposal", "Negotiation", "Won", "Lost"], at(1))
}

fn opportunity(w: &mut World, name: &str, org: Option<uuid::Uuid>) -> uuid::Uuid {
    let mut o = Opportunity::new(w.id(), at(3), pipeline::default_id(0));
    o.name = name.into();
    o.organization_id = org;
    o.value = 12_000_000;
    let id = o.id;
    let d = defaults();
    w.act(3, |crm, ctx| crm.save_opportunity(o, &d, ctx).expect("valid opportunity"));
    id
}

fn problems(r: Result<Vec<Change>, Vec<vizitka_core::model::FieldError>>) -> Vec<(String, Problem)> {
    r.expect_err("refused").into_iter().map(|e| (e.field, e.problem)).collect()
}

#[test]
fn the_first_opportunity_stores_the_default_pipeline_and_moves_write_history() {
    let mut w = World::with_tester();
    assert!(w.crm.stages().is_empty());
    let org = w.org("Pekárna U Mlýna");
    let opp = opportunity(&mut w, "Nová linka", Some(org));
    let stages = w.crm.stages();
    assert_eq!(
        stages.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(),
        ["Qualification", "Needs analysis", "Proposal", "Negotiation", "Won", "Lost"]
    );
    assert_eq!(w.crm.opportunity(opp).unwrap().owner_id, w.me, "the one acting owns a new opportunity");
    assert_eq!(w.crm.opportunities_of(org).len(), 1);

    // Proposal: the probability follows the stage, the history names the move.
    let d = defaults();
    let proposal = stages[2].id;
    let changes = w.act(4, |crm, ctx| crm.move_opportunity(opp, proposal, None, &d, ctx).unwrap());
    assert_eq!(w.crm.opportunity(opp).unwrap().probability, 50);
    let moved = changes.iter().find_map(|c| match c {
        Change::Put(Rec::History(h)) if h.record_id == opp => Some(h.clone()),
        _ => None,
    });
    let moved = moved.expect("a history entry");
    assert_eq!(moved.action, Action::Updated);
    assert!(moved.changes.iter().any(|f| f.field == "stage_id"));
    assert!(w.crm.stages().len() == 6, "the defaults are stored once");

    // Lost asks for the reason.
    let lost = stages[5].id;
    let refused = problems(w.compute(9, |crm, ctx| crm.move_opportunity(opp, lost, None, &d, ctx)));
    assert_eq!(refused, vec![("lost_reason".to_string(), Problem::Required)]);
    w.act(5, |crm, ctx| crm.move_opportunity(opp, lost, Some("Too expensive".into()), &d, ctx).unwrap());
    let o = w.crm.opportunity(opp).unwrap();
    assert_eq!((o.stage_id, o.probability, o.lost_reason.as_str()), (lost, 0, "Too expensive"));

    // A stage holding opportunities cannot be removed; the rest can be edited.
    let mut edited = w.crm.stages();
    edited.retain(|s| s.id != lost);
    assert!(matches!(problems(w.compute(9, |crm, ctx| crm.save_stages(edited, ctx)))[0].1, Problem::InUse { count: 1 }));
    let mut edited = w.crm.stages();
    edited.retain(|s| s.id != stages[1].id);
    edited[0].name = "Kvalifikace".into();
    w.act(6, |crm, ctx| crm.save_stages(edited, ctx).unwrap());
    assert_eq!(w.crm.stages().len(), 5);
    assert_eq!(w.crm.stages()[0].name, "Kvalifikace");
    assert_eq!(w.crm.stages().iter().map(|s| s.order).collect::<Vec<_>>(), [0, 1, 2, 3, 4]);
}

#[test]
fn a_lead_is_scored_and_converted_into_linked_records_once() {
    let mut w = World::with_tester();
    let existing = w.contact("Jana", "Nováková", None, Role::Other, false);
    let mut lead = Lead::new(w.id(), at(2));
    (lead.first_name, lead.last_name, lead.company) = ("Jana".into(), "Nováková".into(), "Pekárna U Mlýna, s.r.o.".into());
    lead.email = "JANA@example.cz".into();
    (lead.budget, lead.authority, lead.need, lead.timeline) = (3, 2, 3, 1);
    lead.estimated_value = 50_000_000;
    let lead_id = lead.id;
    w.act(2, |crm, ctx| crm.save_lead(lead, ctx).unwrap());

    // Two activities with the lead in the last 30 days: engagement 1.
    for day in [10, 12] {
        let mut call = Activity::new(w.id(), at(day), ActivityKind::Call);
        call.subject = "Poptávka".into();
        call.at = Some(at(day));
        w.act(day, |crm, ctx| crm.save_activity(call, &[Target { kind: Kind::Lead, id: lead_id }], ctx).unwrap());
    }
    let recent = w.crm.recent_activity_count(lead_id, at(20), 30);
    assert_eq!(recent, 2);
    let score = w.crm.lead(lead_id).unwrap().score(recent);
    assert_eq!((score.engagement, score.value), (1, 67));

    // The contact with the same email is offered; the organization is new.
    let dupes = w.crm.lead_duplicates(w.crm.lead(lead_id).unwrap());
    assert_eq!(dupes.contacts, vec![(existing, Likeness::SameEmail)]);
    assert!(dupes.organizations.is_empty());

    let plan = ConvertPlan { organization: Pick::New, contact: Pick::Existing(existing), opportunity: Pick::New, opportunity_name: "Pece".into() };
    let d = defaults();
    w.act(20, |crm, ctx| crm.convert_lead(lead_id, &plan, &d, ctx).unwrap());
    let lead = w.crm.lead(lead_id).unwrap().clone();
    assert_eq!(lead.status, LeadStatus::Converted);
    let conv = lead.converted.clone().unwrap();
    assert_eq!(conv.contact_id, Some(existing));
    let org = w.crm.organization(conv.organization_id.unwrap()).unwrap();
    assert_eq!(org.name, "Pekárna U Mlýna, s.r.o.");
    let opp = w.crm.opportunity(conv.opportunity_id.unwrap()).unwrap();
    assert_eq!(opp.name, "Pece");
    assert_eq!(opp.value, 50_000_000);
    assert_eq!(opp.organization_id, Some(org.id));
    assert_eq!(opp.contacts, vec![Involved { contact_id: existing, role: Role::DecisionMaker }]);
    assert_eq!(opp.lead_id, Some(lead_id));
    // The activities moved: the lead has none, the new records both.
    assert!(w.crm.activities_of(lead_id).is_empty());
    assert_eq!(w.crm.activities_of(existing).len(), 2);
    assert_eq!(w.crm.activities_of(org.id).len(), 2);
    assert_eq!(w.crm.activities_of(opp.id).len(), 2);

    assert_eq!(problems(w.compute(9, |crm, ctx| crm.convert_lead(lead_id, &plan, &d, ctx))), vec![("status".to_string(), Problem::AlreadyConverted)]);
    // Editing a converted lead keeps the conversion.
    let mut edited = lead.clone();
    edited.converted = None;
    edited.notes = "ok".into();
    w.act(21, |crm, ctx| crm.save_lead(edited, ctx).unwrap());
    assert!(w.crm.lead(lead_id).unwrap().converted.is_some());

    // The whole conversion survives a bundle round trip, and validates.
    let json = bundle::export(&w.crm, at(22));
    let b = bundle::parse(json.as_bytes()).expect("valid bundle");
    assert_eq!(bundle::export(&bundle::combine(&w.crm, b, ImportMode::ReplaceAll), at(22)), json);
}

fn item(name: &str, q: &str, price: i64, vat: i64) -> QuoteItem {
    QuoteItem {
        product_id: None,
        name: name.into(),
        quantity: Decimal::parse(q).unwrap(),
        unit: "h".into(),
        unit_price: price,
        discount: Decimal::ZERO,
        vat_rate: Decimal::percent(vat),
    }
}

#[test]
fn a_quote_is_numbered_priced_and_sent() {
    let mut w = World::with_tester();
    let org = w.org("Pekárna U Mlýna");
    let jana = w.contact("Jana", "Nováková", Some(org), Role::DecisionMaker, true);
    let opp = opportunity(&mut w, "Nová linka", Some(org));
    w.act(3, |crm, ctx| {
        let mut o = crm.opportunity(opp).unwrap().clone();
        o.contacts = vec![Involved { contact_id: jana, role: Role::DecisionMaker }];
        crm.save_opportunity(o, &defaults(), ctx).unwrap()
    });
    let mut p = Product::new(w.id(), at(3));
    (p.name, p.unit, p.unit_price) = ("Servis".into(), "h".into(), 80_000);
    p.vat_rate = Decimal::percent(12);
    let product = p.clone();
    w.act(3, |crm, ctx| crm.save_product(p, ctx).unwrap());

    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let mut q = w.compute(9, |crm, ctx| crm.new_quote(Target { kind: Kind::Opportunity, id: opp }, today, ctx));
    assert_eq!(q.number, "2026-0001");
    assert_eq!((q.opportunity_id, q.organization_id, q.contact_id), (Some(opp), Some(org), Some(jana)));
    q.items = vec![
        item("Pec", "1", 15_000_000, 21),
        QuoteItem { product_id: Some(product.id), ..item(&product.name, "1.5", product.unit_price, 12) },
        item("Doprava", "2", 99_990, 21),
    ];
    let t = q.totals().unwrap();
    assert_eq!(
        t.by_rate.iter().map(|r| (r.rate, r.base, r.vat)).collect::<Vec<_>>(),
        vec![(Decimal::percent(21), 15_199_980, 3_191_996), (Decimal::percent(12), 120_000, 14_400)]
    );
    assert_eq!(t.gross, 15_199_980 + 3_191_996 + 120_000 + 14_400);
    let quote = q.id;
    w.act(23, |crm, ctx| crm.save_quote(q.clone(), ctx).unwrap());
    assert_eq!(w.crm.quotes_of(org).len(), 1);
    assert_eq!(w.crm.quotes_of(opp).len(), 1);

    // The next number counts on; a reused number is refused.
    let mut second = w.compute(9, |crm, ctx| crm.new_quote(Target::contact(jana), today, ctx));
    assert_eq!(second.number, "2026-0002");
    second.number = "2026-0001".into();
    assert!(problems(w.compute(9, |crm, ctx| crm.save_quote(second, ctx))).contains(&("number".to_string(), Problem::DuplicateNumber)));

    // Sent: the date, a logged email and a follow-up task three days later.
    let texts = QuoteTexts { sent: "Quote sent".into() };
    w.act(23, |crm, ctx| crm.set_quote_status(quote, QuoteStatus::Sent, today, &texts, ctx).unwrap());
    let q = w.crm.quote(quote).unwrap();
    assert_eq!((q.status, q.sent_on), (QuoteStatus::Sent, Some(today)));
    // The follow-up is the built-in rule's (tests/automation.rs).
    let on_quote = w.crm.activities_of(quote);
    assert!(on_quote.iter().all(|a| a.kind == ActivityKind::Email) && on_quote.iter().any(|a| a.to == ["jana@example.cz"]));
    assert_eq!(w.crm.activities_of(jana).len(), 1, "on the contact's timeline");
    assert_eq!(w.crm.activities_of(opp).len(), 1, "and the opportunity's");

    // Deleting the contact leaves the quote and the opportunity without it.
    w.act(24, |crm, ctx| crm.delete_contact(jana, ActivitiesOnDelete::Keep, ctx));
    assert_eq!(w.crm.quote(quote).unwrap().contact_id, None);
    assert!(w.crm.opportunity(opp).unwrap().contacts.is_empty());
    let json = bundle::export(&w.crm, at(25));
    bundle::parse(json.as_bytes()).expect("still a valid bundle");
}

#[test]
fn every_sales_record_round_trips_and_references_are_checked() {
    let mut w = World::with_tester();
    let org = w.org("ACME");
    let jana = w.contact("Jana", "Nováková", Some(org), Role::DecisionMaker, true);
    let opp = opportunity(&mut w, "Linka", Some(org));
    let mut c = Campaign::new(w.id(), at(4));
    c.name = "Veletrh".into();
    c.targets = vec![jana, jana];
    let campaign = c.id;
    w.act(4, |crm, ctx| crm.save_campaign(c, ctx).unwrap());
    assert_eq!(w.crm.campaign(campaign).unwrap().targets, vec![jana], "a target is listed once");
    let mut s = Supplier::new(at(4));
    s.name = "Vizitka s.r.o.".into();
    s.ico = "27074358".into();
    w.act(4, |crm, ctx| crm.save_supplier(s, ctx).unwrap());
    let mut lead = Lead::new(w.id(), at(4));
    lead.company = "Beta".into();
    lead.campaign_id = Some(campaign);
    w.act(4, |crm, ctx| crm.save_lead(lead, ctx).unwrap());

    let json = bundle::export(&w.crm, at(5));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    for list in ["stages", "products", "campaigns", "leads", "opportunities", "quotes", "suppliers"] {
        assert!(v[list].is_array(), "{list}");
    }
    assert_eq!(v["stages"].as_array().unwrap().len(), 6);
    let b = bundle::parse(json.as_bytes()).unwrap();
    let back = bundle::combine(&vizitka_core::model::Crm::new(), b, ImportMode::ReplaceAll);
    assert_eq!(bundle::export(&back, at(5)), json, "lossless");
    assert_eq!(back.supplier().unwrap().name, "Vizitka s.r.o.");

    // An opportunity on a stage the file does not have is named.
    let mut broken = v.clone();
    broken["stages"] = serde_json::json!([]);
    let err = bundle::parse(serde_json::to_string(&broken).unwrap().as_bytes()).unwrap_err();
    assert!(err.to_string().contains("opportunities[0].stage_id: refers to a record that does not exist"), "{err}");
    // Money is an integer: a float value is refused with its place.
    let mut broken = v.clone();
    broken["opportunities"][0]["value"] = serde_json::json!(1.5);
    let err = bundle::parse(serde_json::to_string(&broken).unwrap().as_bytes()).unwrap_err();
    assert!(err.to_string().contains("opportunities[0].value"), "{err}");

    // Deleting the campaign clears the lead's pointer to it.
    w.act(6, |crm, ctx| crm.delete_campaign(campaign, ctx));
    assert!(w.crm.leads().all(|l| l.campaign_id.is_none()));
    let _ = opp;
}

#[test]
fn a_schema_3_bundle_imports_with_no_sales_records() {
    let old = serde_json::json!({
        "format": "vizitka-bundle", "schema_version": 3, "exported_at": "2026-11-01T10:00:00Z", "app_version": "0.3.0",
        "organizations": [], "contacts": [], "team_members": [], "activities": [], "links": [], "history": []
    });
    let b = bundle::parse(old.to_string().as_bytes()).expect("older bundles import");
    assert_eq!(b.schema_version, vizitka_core::model::SCHEMA_VERSION);
    assert!(b.records.opportunities.is_empty() && b.records.stages.is_empty());
}

#[test]
fn deadlines_remind_three_days_and_one_day_before_and_when_overdue() {
    use chrono::{TimeZone, Utc};
    use vizitka_core::model::agenda::{reminders, DeadlineKind, Nearness, Reminder};
    let mut w = World::with_tester();
    let opp = opportunity(&mut w, "Tendr nemocnice", None);
    let d = defaults();
    w.act(3, |crm, ctx| {
        let mut o = crm.opportunity(opp).unwrap().clone();
        o.submission_deadline = Some(Utc.with_ymd_and_hms(2026, 11, 26, 10, 0, 0).unwrap());
        o.expected_close = NaiveDate::from_ymd_opt(2026, 11, 30);
        crm.save_opportunity(o, &d, ctx).unwrap()
    });
    let deadlines = |w: &World, day: u32, hour: u32| -> Vec<(DeadlineKind, Nearness, String)> {
        let now = Utc.with_ymd_and_hms(2026, 11, day, hour, 0, 0).unwrap();
        reminders(&w.crm, w.me, now, 60)
            .into_iter()
            .filter_map(|r| match &r {
                Reminder::Deadline { which, when, .. } => Some((*which, *when, r.key(now, 60))),
                _ => None,
            })
            .collect()
    };
    assert!(deadlines(&w, 22, 9).is_empty(), "four days ahead: nothing yet");
    let three = deadlines(&w, 23, 9);
    assert_eq!(three.iter().map(|d| (d.0, d.1)).collect::<Vec<_>>(), vec![(DeadlineKind::Submission, Nearness::InDays(3))]);
    let one = deadlines(&w, 25, 9);
    assert_eq!(one.iter().map(|d| (d.0, d.1)).collect::<Vec<_>>(), vec![(DeadlineKind::Submission, Nearness::Soon(1))]);
    assert_ne!(three[0].2, one[0].2, "a dismissed 3-day reminder comes back a day before");
    let late = deadlines(&w, 27, 9);
    assert_eq!(
        late.iter().map(|d| (d.0, d.1)).collect::<Vec<_>>(),
        vec![(DeadlineKind::Submission, Nearness::Overdue), (DeadlineKind::Close, Nearness::InDays(3))]
    );
    // A won deal reminds of nothing.
    let won = w.crm.stages().into_iter().find(|s| s.won).unwrap().id;
    w.act(27, |crm, ctx| crm.move_opportunity(opp, won, None, &d, ctx).unwrap());
    assert!(deadlines(&w, 27, 9).is_empty());
}

#[test]
fn the_demo_company_has_a_catalogue_deals_and_leads() {
    let mut w = World::with_tester();
    let d = defaults();
    w.act(1, |crm, ctx| crm.add_demo(&d, at(1), 60, ctx).expect("the demo is valid"));
    assert_eq!(w.crm.products().count(), 5);
    assert_eq!(w.crm.leads().count(), 3);
    assert_eq!(w.crm.stages().len(), 6, "the pipeline is stored with the first deal");
    assert!(w.crm.opportunities().count() >= 5);
    assert!(w.crm.opportunities().all(|o| o.organization_id.is_some() && o.contacts.len() == 1));
    let json = bundle::export(&w.crm, at(2));
    bundle::parse(json.as_bytes()).expect("a valid bundle");
}

#[test]
fn the_search_box_names_each_kind_it_found_also_after_edits_and_a_rebuilt_index() {
    use vizitka_core::model::search::Query;
    let mut w = World::new();
    let org = w.org("Dvořák a syn");
    let jan = w.contact("Jan", "Dvořák", Some(org), Role::Other, false);
    let opp = opportunity(&mut w, "Dvořákův servis", Some(org));
    let mut p = Product::new(w.id(), at(3));
    (p.name, p.unit, p.unit_price) = ("Lampa Dvořák".into(), "ks".into(), 80_000);
    let product = p.id;
    w.act(3, |crm, ctx| crm.save_product(p.clone(), ctx).unwrap());
    let expect = |w: &World| {
        let found = w.crm.find_top(&Query::new("dvorak"), 5);
        assert_eq!(found.organizations, vec![org]);
        assert_eq!(found.contacts, vec![jan]);
        let mut sales = found.sales.clone();
        sales.sort_by_key(|t| t.kind);
        assert_eq!(sales, vec![Target { kind: Kind::Product, id: product }, Target { kind: Kind::Opportunity, id: opp }]);
        assert!(found.activities.is_empty() && found.files.is_empty());
    };
    expect(&w);
    // Every edit gives the product a new slot; past a thousand dead ones
    // the index is built again from the live ones.
    for price in 1..=1_200 {
        p.unit_price = 80_000 + price;
        w.act(4, |crm, ctx| crm.save_product(p.clone(), ctx).unwrap());
    }
    expect(&w);
}

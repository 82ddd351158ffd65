//! After the sale, as flow 6 of PRODUCT.md runs it: a won deal becomes a
//! project, the delivery is handed over with a protocol, signing it makes
//! delivered items with warranties from the signing date, and contracts
//! tell by when they must be cancelled.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use chrono::NaiveDate;
use common::{at, World};
use uuid::Uuid;
use vizitka_core::bundle::{self, ImportMode};
use vizitka_core::model::contract::{Contract, Period, Sla};
use vizitka_core::model::delivered::WarrantyState;
use vizitka_core::model::handover::{self, Defect, HandoverItem, HandoverResult};
use vizitka_core::model::money::Decimal;
use vizitka_core::model::opportunity::{Involved, Opportunity};
use vizitka_core::model::ops::delivery::RenewalTexts;
use vizitka_core::model::pipeline::{self, Stage};
use vizitka_core::model::product::Product;
use vizitka_core::model::project::Milestone;
use vizitka_core::model::quote::{QuoteItem, QuoteStatus};
use vizitka_core::model::supplier::Supplier;
use vizitka_core::model::workcal::{czech_holidays, easter_sunday, is_czech_holiday};
use vizitka_core::model::{Change, FieldError, Kind, Problem, Role, Target};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn defaults() -> Vec<Stage> {
    pipeline::defaults(["Qualification", "Needs analysis", "Proposal", "Negotiation", "Won", "Lost"], at(1))
}

fn problems(r: Result<Vec<Change>, Vec<FieldError>>) -> Vec<(String, Problem)> {
    r.expect_err("refused").into_iter().map(|e| (e.field, e.problem)).collect()
}

/// A customer with a won deal whose accepted quote has a serialized
/// server (×2) and a switch, both with a warranty in the catalogue.
struct Sold {
    w: World,
    org: Uuid,
    jana: Uuid,
    opp: Uuid,
}

fn sold() -> Sold {
    let mut w = World::with_tester();
    let mut s = Supplier::new(at(1));
    s.name = "Vizitka s.r.o.".into();
    s.ico = "27074358".into();
    w.act(1, |crm, ctx| crm.save_supplier(s, ctx).unwrap());
    let org = w.org("Pekárna U Mlýna");
    let jana = w.contact("Jana", "Nováková", Some(org), Role::DecisionMaker, true);
    let mut products = Vec::new();
    for (name, months) in [("Server R740", 36), ("Switch 24p", 24)] {
        let mut p = Product::new(w.id(), at(2));
        p.name = name.into();
        p.unit = "ks".into();
        p.unit_price = 10_000_000;
        p.warranty_months = months;
        products.push(p.id);
        w.act(2, |crm, ctx| crm.save_product(p, ctx).unwrap());
    }
    let stages = defaults();
    let mut o = Opportunity::new(w.id(), at(3), pipeline::default_id(4));
    o.name = "Nová serverovna".into();
    o.organization_id = Some(org);
    o.contacts = vec![Involved { contact_id: jana, role: Role::DecisionMaker }];
    o.value = 99_000_00;
    let opp = o.id;
    w.act(3, |crm, ctx| crm.save_opportunity(o, &stages, ctx).unwrap());
    let mut q = w.compute(4, |crm, ctx| crm.new_quote(Target::new(Kind::Opportunity, opp), d(2026, 11, 4), ctx));
    for (p, qty) in products.iter().zip([2, 1]) {
        q.items.push(QuoteItem {
            product_id: Some(*p),
            name: w.crm.product(*p).unwrap().name.clone(),
            quantity: Decimal::percent(qty),
            unit: "ks".into(),
            unit_price: 10_000_000,
            discount: Decimal::ZERO,
            vat_rate: Decimal::percent(21),
        });
    }
    q.set_status(QuoteStatus::Accepted, d(2026, 11, 5));
    w.act(5, |crm, ctx| crm.save_quote(q, ctx).unwrap());
    Sold { w, org, jana, opp }
}

#[test]
fn a_won_deal_starts_a_project_with_its_scope_value_and_people() {
    let Sold { mut w, org, jana, opp } = sold();
    let p = w.compute(6, |crm, ctx| crm.new_project(Target::new(Kind::Opportunity, opp), d(2026, 11, 6), ctx)).unwrap();
    assert_eq!(p.name, "Nová serverovna");
    assert_eq!(p.organization_id, org);
    assert_eq!(p.opportunity_id, Some(opp));
    assert_eq!(p.contact_ids, vec![jana]);
    assert_eq!(p.scope.iter().map(|i| i.name.as_str()).collect::<Vec<_>>(), ["Server R740", "Switch 24p"]);
    assert_eq!(p.value, 30_000_000, "the accepted quote's net total");
    assert_eq!(p.owner_id, w.me);
    let id = p.id;
    w.act(6, |crm, ctx| crm.save_project(p, ctx).unwrap());
    assert_eq!(w.crm.projects_of(org).iter().map(|p| p.id).collect::<Vec<_>>(), [id]);
    assert_eq!(w.crm.projects_of(opp).len(), 1, "the deal lists its project");

    // A plan that ends before it starts is refused, and nothing is stored.
    let mut late = w.crm.project(id).unwrap().clone();
    late.planned_end = late.start - chrono::Duration::days(1);
    assert_eq!(problems(w.compute(7, |crm, ctx| crm.save_project(late, ctx))), [("planned_end".to_string(), Problem::EndBeforeStart)]);

    // Milestones: overdue when not done by their date; the project is late.
    let mut p = w.crm.project(id).unwrap().clone();
    let ms = |w: &mut World, name: &str, due| Milestone { id: w.id(), name: name.into(), due, owner_id: None, done_on: None };
    p.milestones = vec![ms(&mut w, "Instalace", d(2026, 11, 20)), ms(&mut w, "Školení", d(2026, 11, 10))];
    w.act(7, |crm, ctx| crm.save_project(p, ctx).unwrap());
    let p = w.crm.project(id).unwrap();
    assert_eq!(p.plan().iter().map(|m| m.name.as_str()).collect::<Vec<_>>(), ["Školení", "Instalace"], "by due date");
    assert!(!p.is_late(d(2026, 11, 10)));
    assert!(p.is_late(d(2026, 11, 11)), "a milestone is overdue");
}

#[test]
fn protocols_are_numbered_per_year_with_their_prefix() {
    let day = d(2026, 3, 1);
    assert_eq!(handover::next_number(day, []), "PP-2026-0001");
    assert_eq!(handover::next_number(day, ["PP-2026-0001", "PP-2026-0009", "PP-2025-0042", "2026-0050", "junk"]), "PP-2026-0010");
    assert_eq!(handover::next_number(d(2027, 1, 1), ["PP-2026-0009"]), "PP-2027-0001");
    assert_eq!(handover::parse_number("PP-2026-0001"), Some((2026, 1)));
    for bad in ["2026-0001", "PP-26-0001", "PP2026-0001", "pp-2026-0001"] {
        assert_eq!(handover::parse_number(bad), None, "{bad}");
    }
}

/// Writes the project's protocol: the server ×2 with its serials, the
/// switch, one reservation.
fn protocol(w: &mut World, org: Uuid) -> Uuid {
    let project = w.compute(6, |crm, ctx| crm.new_project(Target::new(Kind::Organization, org), d(2026, 11, 6), ctx)).unwrap();
    let mut project = project;
    project.name = "Serverovna".into();
    let pid = project.id;
    w.act(6, |crm, ctx| crm.save_project(project, ctx).unwrap());
    let mut h = w.compute(10, |crm, ctx| crm.new_handover(Target::new(Kind::Project, pid), d(2026, 11, 10), ctx)).unwrap();
    assert_eq!(h.number, "PP-2026-0001");
    let item = |name: &str, qty: i64, serials: &[&str], months| HandoverItem {
        product_id: None,
        name: name.into(),
        quantity: Decimal::percent(qty),
        unit: "ks".into(),
        serials: serials.iter().map(|s| s.to_string()).collect(),
        condition: "nové".into(),
        documents: vec!["Návod".into(), "Záruční list".into()],
        warranty_months: months,
    };
    h.items = vec![item("Server R740", 2, &["SN-1", "SN-2"], 36), item("Switch 24p", 1, &[], 24)];
    h.defects = vec![Defect { id: w.id(), description: "Chybí záslepka".into(), fix_by: d(2026, 11, 30), fixed_on: None }];
    let id = h.id;
    w.act(10, |crm, ctx| crm.save_handover(h, ctx).unwrap());
    id
}

#[test]
fn signing_a_protocol_makes_delivered_items_with_warranty_from_the_signing_date() {
    let Sold { mut w, org, jana, .. } = sold();
    let id = protocol(&mut w, org);
    let h = w.crm.handover(id).unwrap().clone();
    assert_eq!(h.accepted_by, Some(jana), "the customer's primary contact accepts by default");
    assert_eq!(h.handed_over_by, w.me);

    // Serial numbers: one per piece.
    let mut wrong = h.clone();
    wrong.items[0].serials.pop();
    assert_eq!(
        problems(w.compute(10, |crm, ctx| crm.save_handover(wrong, ctx))),
        [("items[0].serials".to_string(), Problem::SerialsPerPiece { serials: 1 })]
    );
    let mut wrong = h.clone();
    wrong.items[1].quantity = Decimal::ZERO;
    wrong.defects[0].fix_by = d(2026, 11, 1);
    assert_eq!(
        problems(w.compute(10, |crm, ctx| crm.save_handover(wrong, ctx))),
        [("items[1].quantity".to_string(), Problem::NotPositive), ("defects[0].fix_by".to_string(), Problem::BeforeHandoverDate)]
    );

    // Signed two days after the order, with the reservation.
    let changes = w.act(12, |crm, ctx| crm.sign_handover(id, HandoverResult::WithReservations, d(2026, 11, 12), ctx).unwrap());
    let h = w.crm.handover(id).unwrap().clone();
    let s = h.signed.as_ref().unwrap();
    assert_eq!(s.supplier.name, "Vizitka s.r.o.");
    assert_eq!(s.customer.name, "Pekárna U Mlýna");
    assert_eq!(s.customer.person, "Jana Nováková");
    assert_eq!(s.sha256.len(), 64);
    assert_eq!(h.content_hash().as_deref(), Some(s.sha256.as_str()), "the hash is of the content");
    assert_eq!(changes.iter().filter(|c| c.kind() == Kind::DeliveredItem).count(), 2);

    let items = w.crm.delivered_items_of(org);
    assert_eq!(items.len(), 2, "one delivered item per protocol line");
    let server = items.iter().find(|i| i.name == "Server R740").unwrap();
    assert_eq!(server.serials, ["SN-1", "SN-2"]);
    assert_eq!(server.delivered_on, d(2026, 11, 12));
    assert_eq!(server.warranty_until, Some(d(2029, 11, 12)), "36 months from signing, not from the order");
    assert_eq!(server.handover_id, Some(id));
    let switch = items.iter().find(|i| i.name == "Switch 24p").unwrap();
    assert_eq!(switch.warranty_until, Some(d(2028, 11, 12)));
    assert_eq!(switch.warranty_state(d(2028, 10, 12)), WarrantyState::InWarranty);
    assert_eq!(switch.warranty_state(d(2028, 10, 13)), WarrantyState::EndsSoon, "30 days before its end");
    assert_eq!(switch.warranty_state(d(2028, 11, 12)), WarrantyState::EndsSoon);
    assert_eq!(switch.warranty_state(d(2028, 11, 13)), WarrantyState::Expired);
}

#[test]
fn a_signed_protocol_refuses_edits_but_tracks_its_defects() {
    let Sold { mut w, org, .. } = sold();
    let id = protocol(&mut w, org);
    w.act(12, |crm, ctx| crm.sign_handover(id, HandoverResult::WithReservations, d(2026, 11, 12), ctx).unwrap());
    let signed = w.crm.handover(id).unwrap().clone();
    let hash = signed.signed.as_ref().unwrap().sha256.clone();

    let mut edit = signed.clone();
    edit.items[1].quantity = Decimal::percent(5);
    assert_eq!(problems(w.compute(13, |crm, ctx| crm.save_handover(edit, ctx))), [("signed".to_string(), Problem::Signed)]);
    assert_eq!(
        problems(w.compute(13, |crm, ctx| crm.sign_handover(id, HandoverResult::Accepted, d(2026, 11, 13), ctx))),
        [("signed".to_string(), Problem::Signed)]
    );
    assert_eq!(problems(w.compute(13, |crm, ctx| crm.delete_handover(id, ctx))), [("signed".to_string(), Problem::Signed)]);
    assert_eq!(w.crm.handover(id).unwrap(), &signed, "nothing changed");

    // Renaming the customer later does not change what was signed.
    let mut o = w.crm.organization(org).unwrap().clone();
    o.name = "Pekárna U Mlýna a syn".into();
    w.act(13, |crm, ctx| crm.save_organization(o, ctx).unwrap());
    assert_eq!(w.crm.handover(id).unwrap().content_hash().unwrap(), hash);

    // The defect is fixed later: that is all that changes, and the hash holds.
    let defect = signed.defects[0].id;
    w.act(20, |crm, ctx| crm.fix_defect(id, defect, Some(d(2026, 11, 20)), ctx).unwrap());
    let h = w.crm.handover(id).unwrap();
    assert_eq!(h.defects[0].fixed_on, Some(d(2026, 11, 20)));
    assert_eq!(h.open_defects().count(), 0);
    assert_eq!(h.content_hash().unwrap(), hash);

    // A correction supersedes it: signing it replaces its delivered items.
    let mut fix = w.compute(21, |crm, ctx| crm.correction_of(id, d(2026, 11, 21), ctx)).unwrap();
    assert_eq!(fix.number, "PP-2026-0002");
    assert_eq!(fix.supersedes, Some(id));
    assert!(fix.defects.is_empty(), "fixed defects are not carried over");
    fix.items.truncate(1);
    let fix_id = fix.id;
    w.act(21, |crm, ctx| crm.save_handover(fix, ctx).unwrap());
    w.act(21, |crm, ctx| crm.sign_handover(fix_id, HandoverResult::Accepted, d(2026, 11, 21), ctx).unwrap());
    assert_eq!(w.crm.superseded_by(id).map(|h| h.id), Some(fix_id));
    let items = w.crm.delivered_items_of(org);
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].handover_id, Some(fix_id));
}

#[test]
fn a_protocol_not_accepted_makes_no_delivered_items_and_needs_a_reason() {
    let Sold { mut w, org, .. } = sold();
    let id = protocol(&mut w, org);
    assert_eq!(
        problems(w.compute(12, |crm, ctx| crm.sign_handover(id, HandoverResult::NotAccepted, d(2026, 11, 12), ctx))),
        [("reason".to_string(), Problem::Required)]
    );
    let mut h = w.crm.handover(id).unwrap().clone();
    h.reason = "Servery neodpovídají specifikaci".into();
    w.act(12, |crm, ctx| crm.save_handover(h, ctx).unwrap());
    w.act(12, |crm, ctx| crm.sign_handover(id, HandoverResult::NotAccepted, d(2026, 11, 12), ctx).unwrap());
    assert!(w.crm.delivered_items_of(org).is_empty());
    assert!(w.crm.handover(id).unwrap().defects.is_empty(), "reservations belong to an acceptance");
    // A result is given by signing only.
    let mut h = w.crm.handover(id).unwrap().clone();
    h.id = w.id();
    h.number = "PP-2026-0099".into();
    h.signed = None;
    assert_eq!(problems(w.compute(12, |crm, ctx| crm.save_handover(h, ctx))), [("result".to_string(), Problem::NotSigned)]);
}

#[test]
fn warranties_add_months_and_end_on_the_last_day_of_shorter_months() {
    use vizitka_core::model::delivered::add_months;
    assert_eq!(add_months(d(2026, 1, 31), 1), Some(d(2026, 2, 28)));
    assert_eq!(add_months(d(2027, 1, 31), 13), Some(d(2028, 2, 29)), "a leap year");
    assert_eq!(add_months(d(2028, 2, 29), 12), Some(d(2029, 2, 28)));
    assert_eq!(add_months(d(2026, 11, 12), 24), Some(d(2028, 11, 12)));
}

fn contract(end: Option<NaiveDate>, notice: Period) -> Contract {
    let mut c = Contract::new(Uuid::nil(), at(1), Uuid::nil(), d(2026, 1, 1));
    c.title = "Servis".into();
    c.end = end;
    c.notice = notice;
    c
}

#[test]
fn the_cancel_by_date_is_the_end_minus_the_notice_across_month_ends_and_leap_years() {
    let today = d(2026, 1, 1);
    assert_eq!(contract(Some(d(2026, 12, 31)), Period::months(3)).cancel_by(today), Some(d(2026, 9, 30)));
    assert_eq!(contract(Some(d(2027, 3, 31)), Period::months(1)).cancel_by(today), Some(d(2027, 2, 28)));
    assert_eq!(contract(Some(d(2028, 3, 31)), Period::months(1)).cancel_by(today), Some(d(2028, 2, 29)), "leap year");
    assert_eq!(contract(Some(d(2028, 5, 31)), Period::months(3)).cancel_by(today), Some(d(2028, 2, 29)));
    assert_eq!(contract(Some(d(2026, 3, 1)), Period::days(30)).cancel_by(today), Some(d(2026, 1, 30)));
    assert_eq!(contract(Some(d(2028, 3, 1)), Period::days(1)).cancel_by(today), Some(d(2028, 2, 29)));
    assert_eq!(contract(Some(d(2026, 6, 30)), Period::days(0)).cancel_by(today), Some(d(2026, 6, 30)), "no notice: the end itself");
    assert_eq!(contract(None, Period::months(3)).cancel_by(today), None, "open-ended");

    // Auto-renewal: past its end, the term `today` falls in counts.
    let mut c = contract(Some(d(2026, 12, 31)), Period::months(3));
    c.auto_renew = true;
    c.renewal = Period::months(12);
    assert_eq!(c.term_end(d(2026, 12, 31)), Some(d(2026, 12, 31)));
    assert_eq!(c.term_end(d(2027, 1, 1)), Some(d(2027, 12, 31)));
    assert_eq!(c.cancel_by(d(2027, 1, 1)), Some(d(2027, 9, 30)));
    let mut feb = contract(Some(d(2027, 2, 28)), Period::months(1));
    feb.auto_renew = true;
    feb.renewal = Period::months(12);
    assert_eq!(feb.term_end(d(2027, 3, 1)), Some(d(2028, 2, 29)), "the term after 1 March 2027 ends with leap February");
}

#[test]
fn contracts_validate_their_dates_and_sla_and_renew_into_an_opportunity() {
    let Sold { mut w, org, jana, .. } = sold();
    let mut c = w.compute(1, |crm, ctx| crm.new_contract(org, d(2026, 1, 1), ctx)).unwrap();
    c.title = "Servisní smlouva".into();
    c.number = "2026/014".into();
    c.end = Some(d(2025, 12, 31));
    assert_eq!(problems(w.compute(1, |crm, ctx| crm.save_contract(c.clone(), ctx))), [("end".to_string(), Problem::EndBeforeStart)]);
    c.end = Some(d(2026, 12, 31));
    let mut sla = Sla::default();
    sla.targets[0].resolution_hours = 1;
    c.sla = Some(sla);
    assert_eq!(
        problems(w.compute(1, |crm, ctx| crm.save_contract(c.clone(), ctx))),
        [("sla.targets[0].resolution_hours".to_string(), Problem::EndBeforeStart)]
    );
    c.sla = Some(Sla::default());
    c.value = 5_000_00;
    c.auto_renew = true;
    let id = c.id;
    w.act(1, |crm, ctx| crm.save_contract(c, ctx).unwrap());
    assert_eq!(w.crm.contracts_of(org).len(), 1);

    let texts = RenewalTexts { prefix: "Obnovení:".into() };
    let d2 = defaults();
    let (opp, _) = {
        let mut out = None;
        w.act(20, |crm, ctx| {
            let (id, changes) = crm.renewal(Target::new(Kind::Contract, id), &d2, &texts, d(2026, 11, 20), ctx).unwrap();
            out = Some(id);
            changes
        });
        (out.unwrap(), ())
    };
    let o = w.crm.opportunity(opp).unwrap();
    assert_eq!(o.name, "Obnovení: 2026/014 Servisní smlouva");
    assert_eq!(o.organization_id, Some(org));
    assert_eq!(o.value, 60_000_00, "a year of monthly billing");
    assert_eq!(o.contacts.first().map(|c| c.contact_id), Some(jana));
    assert_eq!(o.expected_close, Some(d(2026, 9, 30)), "by the cancel-by date");
}

#[test]
fn czech_public_holidays_follow_easter_for_any_year() {
    let easter = [(2024, 3, 31), (2025, 4, 20), (2026, 4, 5), (2027, 3, 28), (2028, 4, 16), (2029, 4, 1), (2030, 4, 21)];
    for (y, m, day) in easter {
        assert_eq!(easter_sunday(y), d(y, m, day), "{y}");
        let e = d(y, m, day);
        let holidays = czech_holidays(y);
        assert_eq!(holidays.len(), 13, "{y}");
        assert!(holidays.contains(&(e - chrono::Duration::days(2))), "Good Friday {y}");
        assert!(holidays.contains(&(e + chrono::Duration::days(1))), "Easter Monday {y}");
        assert!(!holidays.contains(&e), "Easter Sunday is a Sunday anyway");
        assert!(holidays.iter().all(|h| is_czech_holiday(*h)));
    }
    assert!(is_czech_holiday(d(2026, 4, 3)) && is_czech_holiday(d(2026, 4, 6)));
    assert!(is_czech_holiday(d(2026, 12, 24)) && is_czech_holiday(d(2026, 7, 6)) && is_czech_holiday(d(2026, 11, 17)));
    assert!(!is_czech_holiday(d(2026, 4, 7)));
    assert!(!czech_holidays(2015).contains(&d(2015, 4, 3)), "Good Friday became a holiday in 2016");
}

#[test]
fn every_delivery_record_round_trips_and_references_are_checked() {
    let Sold { mut w, org, .. } = sold();
    let id = protocol(&mut w, org);
    let mut c = w.compute(1, |crm, ctx| crm.new_contract(org, d(2026, 1, 1), ctx)).unwrap();
    c.title = "Podpora".into();
    c.sla = Some(Sla::default());
    c.project_ids = w.crm.projects_of(org).iter().map(|p| p.id).collect();
    w.act(1, |crm, ctx| crm.save_contract(c, ctx).unwrap());
    w.act(12, |crm, ctx| crm.sign_handover(id, HandoverResult::Accepted, d(2026, 11, 12), ctx).unwrap());

    let json = bundle::export(&w.crm, at(22));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    for (list, n) in [("projects", 1), ("handovers", 1), ("delivered_items", 2), ("contracts", 1)] {
        assert_eq!(v[list].as_array().map(Vec::len), Some(n), "{list}");
    }
    assert_eq!(v["schema_version"], vizitka_core::model::SCHEMA_VERSION);
    let back = bundle::combine(&vizitka_core::model::Crm::new(), bundle::parse(json.as_bytes()).unwrap(), ImportMode::ReplaceAll);
    assert_eq!(bundle::export(&back, at(22)), json, "lossless");
    assert_eq!(back.handover(id).unwrap().content_hash(), w.crm.handover(id).unwrap().content_hash());

    // A delivered item whose organization is missing is named, and nothing imports.
    let mut broken = v.clone();
    broken["delivered_items"][0]["organization_id"] = serde_json::json!(Uuid::nil());
    let err = bundle::parse(serde_json::to_string(&broken).unwrap().as_bytes()).unwrap_err();
    assert!(err.to_string().contains("delivered_items[0].organization_id: refers to a record that does not exist"), "{err}");
    // A signed protocol edited in the file no longer matches its hash.
    let mut broken = v.clone();
    broken["handovers"][0]["items"][0]["quantity"] = serde_json::json!("3");
    let err = bundle::parse(serde_json::to_string(&broken).unwrap().as_bytes()).unwrap_err();
    assert!(err.to_string().contains("handovers[0].signed.sha256"), "{err}");
    let mut broken = v.clone();
    broken["handovers"][0]["number"] = serde_json::json!("2026-0001");
    let err = bundle::parse(serde_json::to_string(&broken).unwrap().as_bytes()).unwrap_err();
    assert!(err.to_string().contains("handovers[0].number"), "{err}");

    // Deleting the organization takes its delivery records along.
    w.act(23, |crm, ctx| crm.delete_organization(org, vizitka_core::model::ActivitiesOnDelete::Keep, ctx));
    for kind in [Kind::Project, Kind::Handover, Kind::DeliveredItem, Kind::Contract] {
        assert_eq!(w.crm.count(kind), 0, "{kind:?}");
    }
    bundle::parse(bundle::export(&w.crm, at(23)).as_bytes()).expect("still a valid bundle");
}

#[test]
fn the_inbox_reminds_of_cancel_by_dates_warranties_milestones_and_defects() {
    use vizitka_core::model::agenda::{delivery, DeliveryDue, Reminder};
    let Sold { mut w, org, .. } = sold();
    let id = protocol(&mut w, org);
    w.act(12, |crm, ctx| crm.sign_handover(id, HandoverResult::WithReservations, d(2026, 11, 12), ctx).unwrap());
    let mut c = w.compute(1, |crm, ctx| crm.new_contract(org, d(2026, 1, 1), ctx)).unwrap();
    c.title = "Servis".into();
    c.end = Some(d(2027, 2, 9));
    c.notice = Period::months(1);
    c.state = vizitka_core::model::contract::ContractState::Active;
    w.act(12, |crm, ctx| crm.save_contract(c, ctx).unwrap());
    let mut p = w.crm.projects_of(org)[0].clone();
    p.milestones.push(Milestone { id: w.id(), name: "Instalace".into(), due: d(2026, 11, 20), owner_id: None, done_on: None });
    p.planned_end = d(2027, 6, 30);
    w.act(12, |crm, ctx| crm.save_project(p, ctx).unwrap());

    let due = |w: &World, day: NaiveDate| -> Vec<(DeliveryDue, u8, String)> {
        delivery(&w.crm, w.me, day)
            .into_iter()
            .map(|r| match r {
                Reminder::Delivery { due, step, label, .. } => (due, step, label),
                _ => unreachable!(),
            })
            .collect()
    };
    assert_eq!(due(&w, d(2026, 11, 20)), [], "nothing is due yet");
    assert_eq!(due(&w, d(2026, 11, 21)), [(DeliveryDue::MilestoneOverdue, 0, "Serverovna: Instalace".to_string())]);
    let on = due(&w, d(2026, 11, 27));
    assert!(on.contains(&(DeliveryDue::DefectFixBy, 0, "PP-2026-0001: Chybí záslepka".to_string())), "3 days before its fix-by date: {on:?}");
    let on = due(&w, d(2026, 12, 10));
    assert!(on.contains(&(DeliveryDue::CancelBy, 30, "Servis".to_string())), "30 days before 9 January: {on:?}");
    let on = due(&w, d(2027, 1, 2));
    assert!(on.contains(&(DeliveryDue::CancelBy, 7, "Servis".to_string())), "then again 7 days before: {on:?}");
    assert!(!due(&w, d(2027, 1, 10)).iter().any(|r| r.0 == DeliveryDue::CancelBy), "past the date it is no longer cancellable");
    let on = due(&w, d(2028, 10, 13));
    assert!(on.contains(&(DeliveryDue::WarrantyEnds, 0, "Pekárna U Mlýna: Switch 24p".to_string())), "30 days before the warranty ends: {on:?}");
    assert!(!due(&w, d(2028, 10, 12)).iter().any(|r| r.0 == DeliveryDue::WarrantyEnds));
}

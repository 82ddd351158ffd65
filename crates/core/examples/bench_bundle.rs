//! Writes a benchmark bundle: `cargo run --release -p vizitka-core --example bench_bundle -- 100000 out.json`
//! gives 100,000 contacts and 10,000 organizations from the demo generator,
//! and one contact (the middle one) with 5,000 activities, linked to it and
//! its organization: the "long timeline" row of the bench; and one
//! opportunity per five contacts (20,000 at 100,000) spread over the
//! default pipeline: the kanban row.
//!
//! After the sale, one project, one contract and one delivered item per ten
//! contacts (10,000 each at 100,000), spread over the organizations; the
//! first organization has 30 of each: the "organization page with its
//! after-sale card" row, and the contracts list's. Every other contract
//! promises the default SLA, and one ticket per five contacts (20,000 at
//! 100,000) is spread over them: most resolved, some waiting on the
//! customer, the rest open: the tickets list's row, with every SLA state.
//!
//! A third argument asks for that many activities in all: the rest are
//! spread over every contact (calls, emails, meetings, notes and tasks over
//! the last 400 days, each linked to its contact), the reports row's
//! "100,000 contacts and 200,000 activities".

use chrono::{Duration, TimeZone, Utc};
use vizitka_core::bundle;
use vizitka_core::model::contract::{Contract, ContractState, Period, Sla, SlaPriority};
use vizitka_core::model::delivered::DeliveredItem;
use vizitka_core::model::demo::generate;
use vizitka_core::model::ids::{new_id, Rng};
use vizitka_core::model::money::Decimal;
use vizitka_core::model::opportunity::{Involved, Opportunity};
use vizitka_core::model::pipeline;
use vizitka_core::model::project::{Milestone, Project, ProjectStatus};
use vizitka_core::model::ticket::{Ticket, TicketStatus};
use vizitka_core::model::Organization;
use vizitka_core::model::{Activity, ActivityKind, Crm, Kind, Link, Records, Role, TaskStatus};

pub const HEAVY_ACTIVITIES: usize = 5_000;

fn main() {
    let mut args = std::env::args().skip(1);
    let contacts: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(10_000);
    let out = args.next().unwrap_or_else(|| format!("bench-{contacts}.json"));
    let total_activities: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(HEAVY_ACTIVITIES);
    let now = Utc.with_ymd_and_hms(2026, 11, 1, 9, 0, 0).single().expect("valid date");
    let (orgs, people) = generate(42, contacts / 10, contacts, now);
    let heavy = &people[people.len() / 2];
    let mut rng = Rng::new(7);
    let mut activities = Vec::with_capacity(HEAVY_ACTIVITIES);
    let mut links = Vec::with_capacity(2 * HEAVY_ACTIVITIES);
    let base = now - Duration::days(3 * 365);
    for i in 0..HEAVY_ACTIVITIES {
        let at = base + Duration::minutes((i * 3 * 365 * 24 * 60 / HEAVY_ACTIVITIES) as i64);
        let ms = at.timestamp_millis() as u64;
        let kind = ActivityKind::ALL[i % ActivityKind::ALL.len()];
        let mut a = Activity::new(new_id(ms, rng.bytes10()), at, kind);
        a.subject = format!("{} {i}", kind.code());
        a.body = "Domluvili jsme další postup a termín dodání.".into();
        a.at = Some(at);
        if kind == ActivityKind::Meeting {
            a.end = Some(at + Duration::hours(1));
            a.participants = vec![heavy.id];
        }
        if kind == ActivityKind::Email {
            a.to = heavy.primary_email().map(|e| vec![e.to_string()]).unwrap_or_default();
        }
        let mut targets = vec![(Kind::Contact, heavy.id)];
        targets.extend(heavy.organization_id.map(|o| (Kind::Organization, o)));
        for (record_kind, record_id) in targets {
            links.push(Link { id: new_id(ms, rng.bytes10()), activity_id: a.id, record_kind, record_id });
        }
        activities.push(a);
    }
    // The rest of the activities, round robin over the contacts.
    for i in 0..total_activities.saturating_sub(HEAVY_ACTIVITIES) {
        let c = &people[i % people.len()];
        let at = now - Duration::minutes(rng.below(400 * 24 * 60) as i64);
        let ms = at.timestamp_millis() as u64;
        let kind = ActivityKind::ALL[rng.below(ActivityKind::ALL.len())];
        let mut a = Activity::new(new_id(ms, rng.bytes10()), at, kind);
        a.subject = format!("{} {}", kind.code(), c.last_name);
        a.body = "Probrali jsme objednávku na příští čtvrtletí.".into();
        a.at = Some(at);
        if kind == ActivityKind::Meeting {
            a.end = Some(at + Duration::hours(1));
        }
        // Past tasks were done (forty thousand overdue ones is no one's inbox).
        if kind == ActivityKind::Task {
            a.status = TaskStatus::Done;
            a.done_at = Some(at);
        }
        links.push(Link { id: new_id(ms, rng.bytes10()), activity_id: a.id, record_kind: Kind::Contact, record_id: c.id });
        activities.push(a);
    }
    let stages = pipeline::defaults(["Kvalifikace", "Analýza potřeb", "Nabídka", "Vyjednávání", "Vyhráno", "Prohráno"], now);
    let opportunities: Vec<Opportunity> = (0..contacts / 5)
        .map(|i| {
            let c = &people[(i * 5) % people.len()];
            let at = base + Duration::minutes(i as i64 * 37);
            let stage = &stages[rng.below(stages.len())];
            let mut o = Opportunity::new(new_id(at.timestamp_millis() as u64, rng.bytes10()), at, stage.id);
            o.name = format!("Zakázka {} – {}", i + 1, c.last_name);
            o.organization_id = c.organization_id;
            o.contacts = vec![Involved { contact_id: c.id, role: Role::DecisionMaker }];
            o.value = (rng.below(2_000) as i64 + 1) * 10_000_00;
            o.probability = stage.probability;
            o.expected_close = Some((now + Duration::days(rng.below(365) as i64)).date_naive());
            o
        })
        .collect();
    let (projects, contracts, delivered_items) = after_sale(&orgs, contacts / 10, now, &mut rng);
    let tickets = tickets(&contracts, contacts / 5, now, &mut rng);
    let crm = Crm::from_records(Records {
        organizations: orgs,
        contacts: people,
        activities,
        links,
        stages,
        opportunities,
        projects,
        contracts,
        delivered_items,
        tickets,
        ..Default::default()
    });
    let text = bundle::export(&crm, now);
    std::fs::write(&out, &text).expect("write the bundle");
    eprintln!(
        "{out}: {} contacts, {} organizations, {} activities, {} MB",
        crm.contact_count(),
        crm.organization_count(),
        crm.activities().count(),
        text.len() / 1_000_000
    );
}

/// `n` projects, contracts and delivered items over the organizations, the
/// first organization holding 30 of each.
fn after_sale(orgs: &[Organization], n: usize, now: chrono::DateTime<Utc>, rng: &mut Rng) -> (Vec<Project>, Vec<Contract>, Vec<DeliveredItem>) {
    let today = now.date_naive();
    let org = |i: usize| if i < 30 { orgs[0].id } else { orgs[i % orgs.len()].id };
    let mut projects = Vec::with_capacity(n);
    let mut contracts = Vec::with_capacity(n);
    let mut items = Vec::with_capacity(n);
    for i in 0..n {
        let at = now - Duration::days(rng.below(700) as i64);
        let mut id = || new_id(at.timestamp_millis() as u64, rng.bytes10());
        let start = at.date_naive();
        let mut p = Project::new(id(), at, org(i), start);
        p.name = format!("Projekt {}", i + 1);
        p.planned_end = start + Duration::days(90);
        p.status = if p.planned_end < today { ProjectStatus::Done } else { ProjectStatus::Running };
        p.milestones = (0..3)
            .map(|k| Milestone { id: id(), name: format!("Milník {k}"), due: start + Duration::days(30 * (k + 1)), owner_id: None, done_on: None })
            .collect();
        projects.push(p);
        let mut c = Contract::new(id(), at, org(i), start);
        c.title = format!("Smlouva {}", i + 1);
        c.number = format!("SML-{:05}", i + 1);
        c.end = Some(start + Duration::days(365 + (i % 400) as i64));
        c.notice = Period::months(3);
        c.state = ContractState::Active;
        c.value = 5_000_00;
        c.sla = (i % 2 == 0).then(Sla::default);
        contracts.push(c);
        items.push(DeliveredItem {
            id: id(),
            created_at: at,
            updated_at: at,
            product_id: None,
            name: format!("Zařízení {}", i + 1),
            organization_id: org(i),
            serials: vec![format!("SN-{:06}", i + 1)],
            quantity: Decimal::ONE,
            unit: "ks".into(),
            delivered_on: start,
            handover_id: None,
            contract_id: None,
            warranty_until: start.checked_add_months(chrono::Months::new(24)),
            location: String::new(),
            state: Default::default(),
            notes: String::new(),
        });
    }
    (projects, contracts, items)
}

/// `n` tickets under the contracts, reported over the last 60 days: seven
/// in ten resolved within two days, one waiting on the customer, two open.
fn tickets(contracts: &[Contract], n: usize, now: chrono::DateTime<Utc>, rng: &mut Rng) -> Vec<Ticket> {
    if contracts.is_empty() {
        return Vec::new();
    }
    (0..n)
        .map(|i| {
            let c = &contracts[i % contracts.len()];
            let at = now - Duration::minutes(rng.below(60 * 24 * 60) as i64);
            let id = new_id(at.timestamp_millis() as u64, rng.bytes10());
            let mut t = Ticket::new(id, at, format!("T-{}-{:05}", 2026 - (i % 2) as i32, i / 2 + 1));
            t.subject = format!("Porucha {}", i + 1);
            t.organization_id = Some(c.organization_id);
            t.contract_id = Some(c.id);
            t.priority = SlaPriority::ALL[i % 4];
            let later = |h: i64| (at + Duration::hours(h)).min(now);
            t = match i % 10 {
                0..=6 => t.with_status(TicketStatus::Open, later(1)).with_status(TicketStatus::Resolved, later(1 + (i % 48) as i64)),
                7 => t.with_status(TicketStatus::WaitingOnCustomer, later(2)),
                _ => t.with_status(TicketStatus::Open, later(1)),
            };
            t.updated_at = t.statuses.last().map_or(at, |s| s.at);
            t
        })
        .collect()
}

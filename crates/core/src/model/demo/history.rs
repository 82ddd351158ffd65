//! The demo company's past: a year of calls, emails and meetings with their
//! summaries, deals moved through the pipeline and won or lost, quotes sent,
//! accepted, rejected and expired, tasks done, due today and overdue, and
//! meetings next week — so every page and report has something to show.
//!
//! Everything is relative to `now` (and the user's UTC offset, so "today"
//! is the user's day) and deterministic: the same `now` gives the same
//! company. Each contact has a place in the story ([`LAST_CONTACT`]), so the
//! active, dormant and never-contacted reports each have people in them.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc, Weekday};
use uuid::Uuid;

use super::super::activity::{Activity, ActivityKind, Direction, Priority, Target, TaskStatus};
use super::super::campaign::{Campaign, CampaignStatus, Channel};
use super::super::ids::{new_id, Rng};
use super::super::kind::Kind;
use super::super::lead::{Lead, LeadSource, LeadStatus};
use super::super::money::Decimal;
use super::super::opportunity::{Involved, Opportunity, RequestType};
use super::super::pipeline::Stage;
use super::super::product::Product;
use super::super::quote::{Quote, QuoteItem, QuoteStatus};
use super::super::{Contact, DateKind, ImportantDate, Organization, Role};
use super::ascii_slug;

/// One thing the company did, stored as the action it was (so its history
/// entry, links and numbers are what the app would have written then).
#[derive(Debug, Clone)]
pub enum Step {
    Product(Product),
    Campaign(Campaign),
    Lead(Lead),
    Opportunity(Opportunity),
    /// An opportunity to another stage (lost needs its reason).
    Move {
        opportunity: Uuid,
        stage: Uuid,
        lost_reason: Option<String>,
    },
    /// Numbered when stored (the next number of its year).
    Quote(Quote),
    QuoteStatus {
        quote: Uuid,
        status: QuoteStatus,
    },
    Activity {
        activity: Activity,
        targets: Vec<Target>,
    },
}

/// A step and when it was done.
#[derive(Debug, Clone)]
pub struct Timed {
    pub at: DateTime<Utc>,
    pub step: Step,
}

/// Days since each contact (by index) last heard from us: 0–30 active,
/// 31–89 in between, 90 and more dormant, None never contacted.
pub const LAST_CONTACT: [Option<i64>; 20] = [
    Some(3),
    Some(6),
    Some(1),
    Some(12),
    Some(20),
    Some(45),
    Some(8),
    Some(150),
    Some(60),
    None,
    Some(28),
    Some(95),
    Some(2),
    Some(70),
    Some(200),
    Some(35),
    Some(17),
    None,
    Some(120),
    Some(10),
];

/// Contacts whose silence the dashboard's "key contacts gone quiet" shows.
const QUIET_DECISION_MAKERS: [usize; 2] = [7, 14];

/// The user's local clock: `days` before today at `hour:minute` local.
struct Clock {
    now: DateTime<Utc>,
    offset: Duration,
}

impl Clock {
    fn today(&self) -> NaiveDate {
        (self.now + self.offset).date_naive()
    }

    fn at(&self, days_ago: i64, hour: u32, minute: u32) -> DateTime<Utc> {
        let day = self.today() - Duration::days(days_ago);
        day.and_hms_opt(hour, minute, 0).map_or(self.now, |t| t.and_utc() - self.offset)
    }

    /// A working day at or before `days_ago` (the past was worked Mon–Fri).
    fn workday(&self, days_ago: i64, hour: u32, minute: u32) -> DateTime<Utc> {
        let day = self.today() - Duration::days(days_ago);
        let back = match day.weekday() {
            Weekday::Sat => 1,
            Weekday::Sun => 2,
            _ => 0,
        };
        self.at(days_ago + back, hour, minute)
    }
}

const CALLS: [(&str, &str, &str); 8] = [
    ("Dotaz na termín dodávky", "Dodávka potvrzena na konec měsíce.", "Poslat potvrzení e-mailem."),
    ("Reklamace faktury", "Chyba v DIČ, fakturu opravíme.", "Vystavit opravný daňový doklad."),
    ("Domluva schůzky", "Schůzka domluvena u zákazníka.", ""),
    ("Servisní prohlídka", "Prohlídka proběhne bez odstávky výroby.", "Objednat technika."),
    ("Nabídka školení", "Mají zájem o školení pro 6 lidí.", "Připravit nabídku školení."),
    ("Ověření objednávky", "Objednávka sedí, jen změna adresy doručení.", ""),
    ("Zpětná vazba k instalaci", "Spokojenost, drobnost s dokumentací.", "Doplnit návod v češtině."),
    ("Rozpočet na příští rok", "Rozpočet schvalují v listopadu.", "Ozvat se po schválení."),
];

const EMAILS: [(&str, &str); 6] = [
    ("Podklady k nabídce", "Dobrý den,\n\nv příloze posílám technické listy a ceník.\n\nS pozdravem"),
    ("Shrnutí našeho telefonátu", "Dobrý den,\n\nděkuji za telefonát, posílám shrnutí domluvených kroků.\n\nS pozdravem"),
    ("Objednávka náhradních dílů", "Dobrý den,\n\npotvrzuji přijetí objednávky, díly odešleme do pátku.\n\nS pozdravem"),
    ("Pozvánka na veletrh", "Dobrý den,\n\nrádi vás uvidíme na našem stánku na veletrhu v Brně.\n\nS pozdravem"),
    ("Termín servisu", "Dobrý den,\n\nnavrhuji servis ve středu dopoledne, vyhovuje vám?\n\nS pozdravem"),
    ("Děkujeme za objednávku", "Dobrý den,\n\nděkujeme za objednávku, o průběhu vás budeme informovat.\n\nS pozdravem"),
];

const MEETINGS: [(&str, &str, &str); 4] = [
    (
        "Úvodní schůzka",
        "Představení firmy\nPotřeby provozu\nDalší postup",
        "Provoz potřebuje vyšší kapacitu od jara.\n[ ] Poslat referenční instalace\nRozpočet zatím neurčený.",
    ),
    (
        "Prezentace řešení",
        "Ukázka řešení\nHarmonogram\nOtázky",
        "Řešení se líbilo, chtějí variantu s delší zárukou.\n[ ] Upravit nabídku o delší záruku",
    ),
    ("Kontrolní den", "Stav dodávky\nRizika\nTermíny", "Dodávka podle plánu, riziko jen u dopravy.\nDalší kontrolní den za měsíc."),
    ("Jednání o ceně", "Cena a platební podmínky\nSleva za objem", "Dohodnuta sleva 5 % při platbě předem.\n[ ] Poslat upravenou nabídku"),
];

const NOTES: [&str; 5] = [
    "Preferuje komunikaci e-mailem, telefon jen v naléhavých věcech.",
    "Na veletrhu projevil zájem o servisní smlouvu.",
    "Firma plánuje rozšíření výroby o druhou halu.",
    "Pozor: fakturační adresa se liší od provozovny.",
    "Doporučil nás svému dodavateli.",
];

/// Tasks still open, by (due days from today, local hour, title, priority).
const OPEN_TASKS: [(i64, u32, &str, Priority); 6] = [
    (-3, 12, "Poslat ceník servisních hodin", Priority::High),
    (-1, 16, "Zavolat kvůli reklamaci faktury", Priority::Normal),
    (0, 23, "Připravit podklady na schůzku", Priority::High),
    (0, 23, "Potvrdit termín instalace", Priority::Normal),
    (2, 12, "Objednat školení obsluhy", Priority::Low),
    (9, 12, "Připravit návrh servisní smlouvy", Priority::Normal),
];

/// What one of the demo's deals was and became.
struct Deal {
    name: &'static str,
    /// Indexes into the demo's organizations and contacts.
    organization: usize,
    contact: usize,
    /// In whole CZK (a deal with a quote is worth the quote instead).
    value: i64,
    /// By place among the open stages (4 is won); None for lost.
    stage: Option<usize>,
    /// Days ago it was entered, and it last moved (or closed).
    created: i64,
    moved: i64,
}

/// What became of a quote after it was written.
#[derive(Clone, Copy)]
enum Fate {
    /// Still a draft.
    Draft,
    /// Sent two hours later, nothing since.
    Sent,
    /// Sent, then decided (accepted, rejected, expired) that many days ago.
    Decided(i64, QuoteStatus),
}

/// The deals: the open pipeline, four won and two lost. Stage places:
/// 0 qualification … 3 negotiation, 4 won. A deal with a quote is worth
/// what its quote is (without VAT).
const DEALS: [Deal; 11] = [
    Deal { name: "Nová výrobní linka", organization: 0, contact: 0, value: 1_250_000, stage: Some(0), created: 12, moved: 12 },
    Deal { name: "Servisní smlouva 2027", organization: 1, contact: 1, value: 180_000, stage: Some(1), created: 40, moved: 18 },
    Deal { name: "Modernizace pecí", organization: 1, contact: 6, value: 640_000, stage: Some(4), created: 210, moved: 150 },
    Deal { name: "Školení obsluhy", organization: 2, contact: 2, value: 96_000, stage: Some(2), created: 60, moved: 26 },
    Deal { name: "Rozšíření skladu", organization: 3, contact: 3, value: 820_000, stage: Some(3), created: 90, moved: 15 },
    Deal { name: "Dodávka náhradních dílů", organization: 3, contact: 8, value: 150_000, stage: Some(1), created: 30, moved: 21 },
    Deal { name: "Průmyslová pec P-200", organization: 4, contact: 4, value: 370_000, stage: Some(4), created: 130, moved: 75 },
    Deal { name: "Rekonstrukce kotelny", organization: 0, contact: 5, value: 450_000, stage: None, created: 160, moved: 90 },
    Deal { name: "Dodávka regálů", organization: 2, contact: 12, value: 210_000, stage: None, created: 250, moved: 200 },
    Deal { name: "Servis linky", organization: 2, contact: 2, value: 60_000, stage: Some(4), created: 330, moved: 290 },
    Deal { name: "Školení nových pracovníků", organization: 4, contact: 19, value: 48_000, stage: Some(4), created: 70, moved: 35 },
];

const LOST_REASONS: [&str; 2] = ["Nabídka vypršela, zákazník projekt odložil.", "Zvolili levnějšího dodavatele."];

/// The catalogue: (name, code, unit, price in haléře, VAT %, warranty months).
const CATALOGUE: [(&str, &str, &str, i64, i64, u32); 5] = [
    ("Servisní hodina", "SRV-H", "h", 950_00, 21, 0),
    ("Instalace na místě", "INST", "ks", 4_500_00, 21, 0),
    ("Průmyslová pec P-200", "P200", "ks", 185_000_00, 21, 24),
    ("Školení obsluhy", "SKOL", "den", 12_000_00, 21, 0),
    ("Odborná publikace", "KNIHA", "ks", 490_00, 12, 0),
];

/// Makes ids whose time is when the record was made.
struct Ids(Rng);

impl Ids {
    fn at(&mut self, t: DateTime<Utc>) -> Uuid {
        new_id(t.timestamp_millis().max(0) as u64, self.0.bytes10())
    }
}

/// The company's past, in time order. `contacts` get the birthdays the
/// story needs (one today, one in three days; no other within a week, so
/// the inbox on any day shows what the story says).
pub fn history(
    seed: u64,
    organizations: &[Organization],
    contacts: &mut [Contact],
    stages: &[Stage],
    me: Option<Uuid>,
    now: DateTime<Utc>,
    offset_minutes: i32,
) -> Vec<Timed> {
    let clock = Clock { now, offset: Duration::minutes(i64::from(offset_minutes)) };
    let mut rng = Rng::new(seed ^ 0x4849_5354);
    let mut ids = Ids(Rng::new(seed ^ 0x1D5));
    let mut steps = Vec::new();
    let today = clock.today();
    set_birthdays(contacts, today);
    for &i in &QUIET_DECISION_MAKERS {
        if let Some(c) = contacts.get_mut(i) {
            c.role = Role::DecisionMaker;
        }
    }
    let org_of = |c: &Contact| c.organization_id;
    let targets = |c: &Contact| {
        let mut t = vec![Target::contact(c.id)];
        t.extend(org_of(c).map(Target::organization));
        t
    };

    // The catalogue, a year and more ago.
    let entered = clock.at(390, 9, 0);
    let products: Vec<Product> = CATALOGUE
        .iter()
        .map(|(name, code, unit, price, vat, warranty)| {
            let mut p = Product::new(ids.at(entered), entered);
            (p.name, p.code, p.unit) = (name.to_string(), code.to_string(), unit.to_string());
            (p.unit_price, p.vat_rate, p.warranty_months) = (*price, Decimal::percent(*vat), *warranty);
            p
        })
        .collect();
    steps.extend(products.iter().cloned().map(|p| Timed { at: entered, step: Step::Product(p) }));

    // Calls, emails and meetings, each contact's last one on its day.
    for (i, c) in contacts.iter().enumerate() {
        let Some(last) = LAST_CONTACT.get(i).copied().flatten() else { continue };
        let mut days = last;
        let mut n = 0;
        while days < 360 {
            let kind = match (n + i) % 5 {
                0 | 3 => ActivityKind::Call,
                1 | 4 => ActivityKind::Email,
                _ => ActivityKind::Meeting,
            };
            let hour = 8 + rng.below(8) as u32;
            // The last one is on its day exactly; older ones fall on workdays.
            let at = if n == 0 { clock.at(days, hour, 15) } else { clock.workday(days, hour, 15) };
            let mut a = Activity::new(ids.at(at), at, kind);
            a.at = Some(at);
            match kind {
                ActivityKind::Call => {
                    let (topic, outcome, next) = *rng.pick(&CALLS);
                    a.subject = topic.to_string();
                    a.outcome = outcome.to_string();
                    a.next_steps = next.to_string();
                    a.duration_minutes = Some(5 + 5 * rng.below(7) as u32);
                    a.direction = if rng.below(3) == 0 { Direction::Inbound } else { Direction::Outbound };
                }
                ActivityKind::Email => {
                    let (subject, body) = *rng.pick(&EMAILS);
                    a.subject = subject.to_string();
                    a.body = body.to_string();
                    a.to = c.emails.first().map(|e| e.address.clone()).into_iter().collect();
                }
                _ => {
                    let (subject, agenda, summary) = *rng.pick(&MEETINGS);
                    let start = if n == 0 { clock.at(days, 10, 0) } else { clock.workday(days, 10, 0) };
                    a.at = Some(start);
                    a.end = Some(start + Duration::minutes(60 + 30 * rng.below(2) as i64));
                    a.subject = subject.to_string();
                    a.body = agenda.to_string();
                    a.summary = summary.to_string();
                    a.place = organizations
                        .iter()
                        .find(|o| Some(o.id) == c.organization_id)
                        .map(|o| format!("{}, {}", o.billing_address.street, o.billing_address.city))
                        .unwrap_or_default();
                    a.participants = std::iter::once(c.id).chain(me).collect();
                    a.status = TaskStatus::Done;
                    a.done_at = a.end;
                }
            }
            let written = a.end.unwrap_or(at);
            // A call with a next step left a task, done a few days later.
            if kind == ActivityKind::Call && !a.next_steps.is_empty() && rng.below(2) == 0 && days > 5 {
                let due = clock.workday(days - 3, 12, 0);
                let mut t = Activity::new(ids.at(written), written, ActivityKind::Task);
                t.subject = a.next_steps.clone();
                t.at = Some(due);
                t.assignee_id = me;
                t.status = TaskStatus::Done;
                t.done_at = Some(due - Duration::hours(2));
                steps.push(Timed { at: written, step: Step::Activity { activity: t, targets: targets(c) } });
            }
            steps.push(Timed { at: written, step: Step::Activity { activity: a, targets: targets(c) } });
            n += 1;
            let gap = match last {
                0..=30 => 18 + rng.below(25) as i64,
                31..=89 => 30 + rng.below(30) as i64,
                _ => 45 + rng.below(40) as i64,
            };
            days += gap;
        }
    }

    // Notes, our own work: no contact with the customer.
    for (k, note) in NOTES.iter().enumerate() {
        let Some(c) = contacts.get((k * 4 + 1) % contacts.len().max(1)) else { continue };
        let at = clock.workday(50 + 40 * k as i64, 14, 30);
        let mut a = Activity::new(ids.at(at), at, ActivityKind::Note);
        a.body = note.to_string();
        steps.push(Timed { at, step: Step::Activity { activity: a, targets: targets(c) } });
    }

    // Open tasks: overdue, due today, this week, later; entered a few days before.
    for (k, (due_in, hour, title, priority)) in OPEN_TASKS.iter().enumerate() {
        let Some(c) = contacts.get((k * 3) % contacts.len().max(1)) else { continue };
        let written = clock.at(5 - k as i64 / 2, 9, 10 + k as u32);
        let mut t = Activity::new(ids.at(written), written, ActivityKind::Task);
        t.subject = title.to_string();
        let due = clock.at(-due_in, *hour, if *hour == 23 { 30 } else { 0 });
        t.at = Some(due);
        t.assignee_id = me;
        t.priority = *priority;
        steps.push(Timed { at: written, step: Step::Activity { activity: t, targets: targets(c) } });
    }

    // Meetings in the coming week.
    for (k, (ahead, hour, who, subject)) in [(2, 14, 2, "Prezentace školení"), (5, 10, 12, "Kontrolní den")].into_iter().enumerate() {
        let Some(c) = contacts.get(who) else { continue };
        let written = clock.at(3 - k as i64, 11, 0);
        let start = clock.at(-ahead, hour, 0);
        let mut m = Activity::new(ids.at(written), written, ActivityKind::Meeting);
        m.subject = subject.to_string();
        m.at = Some(start);
        m.end = Some(start + Duration::minutes(90));
        m.body = "Stav projektu\nDalší kroky".into();
        m.place = "Microsoft Teams".into();
        m.participants = std::iter::once(c.id).chain(me).collect();
        steps.push(Timed { at: written, step: Step::Activity { activity: m, targets: targets(c) } });
    }

    // The trade fair: who we invited, and the lead and the deal it brought.
    let fair_at = clock.workday(100, 9, 0);
    let mut fair = Campaign::new(ids.at(fair_at), fair_at);
    fair.name = "Veletrh MSV Brno 2026".into();
    fair.channel = Channel::Event;
    fair.status = CampaignStatus::Completed;
    fair.starts_on = Some(clock.today() - Duration::days(75));
    fair.ends_on = Some(clock.today() - Duration::days(71));
    fair.budget = 85_000_00;
    fair.targets = [0, 3, 6, 10, 13, 16].iter().filter_map(|&i| contacts.get(i)).map(|c| c.id).collect();
    fair.owner_id = me;
    let fair_id = fair.id;
    steps.push(Timed { at: fair_at, step: Step::Campaign(fair) });

    deals(&mut steps, &mut ids, &clock, organizations, contacts, stages, &products, fair_id);
    leads(&mut steps, &mut ids, &clock, fair_id);

    steps.sort_by_key(|s| s.at);
    steps
}

/// Birthdays: one today, one in three days, and none other within a week
/// of today (a random one there is moved a month on).
fn set_birthdays(contacts: &mut [Contact], today: NaiveDate) {
    let near = |d: NaiveDate| {
        (0..=7).any(|k| {
            let a = today + Duration::days(k);
            let b = today - Duration::days(k);
            (d.month(), d.day()) == (a.month(), a.day()) || (d.month(), d.day()) == (b.month(), b.day())
        })
    };
    for c in contacts.iter_mut() {
        for d in &mut c.important_dates {
            if near(d.date) {
                d.date += Duration::days(30);
            }
        }
    }
    for (i, ahead, year) in [(12, 0, 1980), (3, 3, 1975)] {
        let day = today + Duration::days(ahead);
        // 29 February has no birthday in 1975: the 28th then.
        let date = NaiveDate::from_ymd_opt(year, day.month(), day.day()).or_else(|| NaiveDate::from_ymd_opt(year, day.month(), 28));
        if let (Some(c), Some(date)) = (contacts.get_mut(i), date) {
            c.important_dates.retain(|d| d.kind != DateKind::Birthday);
            c.important_dates.insert(0, ImportantDate { kind: DateKind::Birthday, label: String::new(), date });
        }
    }
}

fn item(p: &Product, quantity: i64) -> QuoteItem {
    QuoteItem {
        product_id: Some(p.id),
        name: p.name.clone(),
        quantity: Decimal(quantity * Decimal::SCALE),
        unit: p.unit.clone(),
        unit_price: p.unit_price,
        discount: Decimal::ZERO,
        vat_rate: p.vat_rate,
    }
}

fn deals(
    steps: &mut Vec<Timed>,
    ids: &mut Ids,
    clock: &Clock,
    organizations: &[Organization],
    contacts: &[Contact],
    stages: &[Stage],
    products: &[Product],
    fair: Uuid,
) {
    let open: Vec<&Stage> = stages.iter().filter(|s| !s.lost).collect();
    let Some(lost) = stages.iter().find(|s| s.lost) else { return };
    let (Some(first), Some(org0)) = (open.first(), organizations.first()) else { return };
    let mut lost_reasons = LOST_REASONS.iter();
    for (k, d) in DEALS.iter().enumerate() {
        let org = organizations.get(d.organization).unwrap_or(org0);
        let contact = contacts.get(d.contact).filter(|c| c.organization_id == Some(org.id));
        let created = clock.workday(d.created, 9, 30);
        let mut o = Opportunity::new(ids.at(created), created, first.id);
        o.name = format!("{} – {}", d.name, org.name.split(' ').next().unwrap_or(""));
        o.organization_id = Some(org.id);
        o.contacts = contact.map(|c| Involved { contact_id: c.id, role: Role::DecisionMaker }).into_iter().collect();
        o.value = d.value * 100;
        o.probability = first.probability;
        o.request_type = [RequestType::Inquiry, RequestType::Rfp, RequestType::Tender][k % 3];
        let closed = matches!(d.stage, None | Some(4));
        o.expected_close = Some(if closed { clock.today() - Duration::days(d.moved) } else { clock.today() + Duration::days(20 + 25 * k as i64) });
        if k == 5 {
            // Met at the trade fair.
            o.campaign_id = Some(fair);
        }
        if d.stage == Some(3) {
            // A tender to hand in: its deadline comes to the inbox this week.
            o.request_type = RequestType::Tender;
            o.submission_deadline = Some(clock.at(-3, 12, 0));
        }
        // Its quotes: issued that many days ago, and what became of each.
        let quotes: &[(i64, Fate)] = match (d.stage, k) {
            (Some(4), _) => &[(d.moved + 14, Fate::Decided(d.moved, QuoteStatus::Accepted))],
            // Sent a month ago: valid until today, a deadline whatever the weekday.
            (Some(2), _) => &[(30, Fate::Sent)],
            (Some(3), _) => &[(40, Fate::Decided(20, QuoteStatus::Rejected)), (2, Fate::Draft)],
            (None, 7) => &[(d.moved + 30, Fate::Decided(d.moved, QuoteStatus::Expired))],
            _ => &[],
        };
        let lines: Vec<QuoteItem> = match k % 3 {
            0 => vec![(2, 1), (1, 1), (3, 2)],
            1 => vec![(0, 40), (4, 6)],
            _ => vec![(3, 2), (0, 8)],
        }
        .into_iter()
        .filter_map(|(p, n)| products.get(p).map(|p| item(p, n)))
        .collect();
        if let (false, Ok(t)) = (quotes.is_empty(), super::super::money::totals(lines.iter().map(QuoteItem::amounts))) {
            o.value = t.net;
        }
        let id = o.id;
        steps.push(Timed { at: created, step: Step::Opportunity(o) });

        // Through the pipeline: one stage at a time up to where it stands.
        let target = d.stage.unwrap_or(2).min(open.len().saturating_sub(1));
        for (s, stage) in open.iter().enumerate().take(target + 1).skip(1) {
            let days = d.created - (d.created - d.moved) * s as i64 / target as i64;
            let at = clock.workday(days, 11, 0) + Duration::minutes(s as i64);
            steps.push(Timed { at, step: Step::Move { opportunity: id, stage: stage.id, lost_reason: None } });
        }
        if d.stage.is_none() {
            let at = clock.workday(d.moved, 15, 0);
            let reason = lost_reasons.next().copied().unwrap_or_default().to_string();
            steps.push(Timed { at, step: Step::Move { opportunity: id, stage: lost.id, lost_reason: Some(reason) } });
        }

        for &(issued, fate) in quotes {
            let at = clock.workday(issued, 13, 0);
            let day = clock.today() - Duration::days(issued);
            let mut q = Quote::new(ids.at(at), at, String::new(), day);
            q.opportunity_id = Some(id);
            q.organization_id = Some(org.id);
            q.contact_id = contact.map(|c| c.id);
            q.items = lines.clone();
            let qid = q.id;
            steps.push(Timed { at, step: Step::Quote(q) });
            if let Fate::Draft = fate {
                continue;
            }
            let sent = at + Duration::hours(2);
            steps.push(Timed { at: sent, step: Step::QuoteStatus { quote: qid, status: QuoteStatus::Sent } });
            if let Fate::Decided(days, status) = fate {
                // Decided just before the deal moved on that day.
                let at = clock.workday(days, 10, 30);
                steps.push(Timed { at, step: Step::QuoteStatus { quote: qid, status } });
            }
        }
    }
}

fn leads(steps: &mut Vec<Timed>, ids: &mut Ids, clock: &Clock, fair: Uuid) {
    const LEADS: [(&str, &str, &str, LeadSource, LeadStatus, i64, [u8; 4], i64); 3] = [
        ("Petra", "Malá", "Cukrárna Malá", LeadSource::Web, LeadStatus::New, 2, [3, 2, 3, 2], 80_000),
        ("Tomáš", "Veselý", "Veselý Transport s.r.o.", LeadSource::Event, LeadStatus::Contacted, 70, [1, 1, 2, 0], 15_000),
        ("Ivana", "Dušková", "Hotel Lípa", LeadSource::Referral, LeadStatus::Qualified, 30, [2, 3, 2, 1], 240_000),
    ];
    for (first, last, company, source, status, days, [budget, authority, need, timeline], value) in LEADS {
        let at = clock.workday(days, 10, 0);
        let mut l = Lead::new(ids.at(at), at);
        (l.first_name, l.last_name, l.company, l.source) = (first.to_string(), last.to_string(), company.to_string(), source);
        l.email = format!("{}@{}.cz", ascii_slug(first), ascii_slug(company));
        (l.budget, l.authority, l.need, l.timeline) = (budget, authority, need, timeline);
        l.estimated_value = value * 100;
        l.status = status;
        if source == LeadSource::Event {
            l.campaign_id = Some(fair);
        }
        let lead = Target { kind: Kind::Lead, id: l.id };
        steps.push(Timed { at, step: Step::Lead(l) });
        if status != LeadStatus::New {
            // The call that made it "contacted".
            let call_at = at + Duration::days(1);
            let mut a = Activity::new(ids.at(call_at), call_at, ActivityKind::Call);
            a.subject = "První kontakt".into();
            a.at = Some(call_at);
            a.outcome = "Zájem potvrzen, chtějí nabídku.".into();
            a.duration_minutes = Some(15);
            steps.push(Timed { at: call_at, step: Step::Activity { activity: a, targets: vec![lead] } });
        }
    }
}

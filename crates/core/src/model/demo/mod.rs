//! A deterministic generator of a realistic Czech company's CRM: the demo
//! button uses it with small counts and a year of history ([`history`]),
//! `scripts/bench` with large ones.

pub mod delivery;
pub mod history;
pub mod support;

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::ids::{new_id, Rng};
use super::organization::Address;
use super::search::fold;
use super::{Contact, DateKind, Email, EmailLabel, ImportantDate, Organization, Phone, PhoneLabel, Role};

pub const DEMO_SEED: u64 = 0x5649_5A49_544B_41;

const COMPANIES: [(&str, &str); 12] = [
    ("Strojírny Vysočina", "Strojírenství"),
    ("Pekárna U Mlýna", "Potravinářství"),
    ("Softwarové studio Brno", "IT služby"),
    ("Stavební firma Novák a syn", "Stavebnictví"),
    ("Zahradnictví Květ", "Zahradnictví"),
    ("Autodoprava Horák", "Doprava"),
    ("Účetní kancelář Pečlivá", "Účetnictví"),
    ("Hotel Podkova", "Pohostinství"),
    ("Elektro Jiskra", "Elektroinstalace"),
    ("Tiskárna Písmeno", "Polygrafie"),
    ("Kovovýroba Šťastný", "Kovovýroba"),
    ("Lékárna Na Rohu", "Zdravotnictví"),
];
const SUFFIX: [&str; 4] = ["s.r.o.", "a.s.", "s.r.o.", "v.o.s."];
const CITIES: [(&str, &str); 8] = [
    ("Praha", "110 00"),
    ("Brno", "602 00"),
    ("Ostrava", "702 00"),
    ("Plzeň", "301 00"),
    ("Olomouc", "779 00"),
    ("Liberec", "460 01"),
    ("Jihlava", "586 01"),
    ("České Budějovice", "370 01"),
];
const STREETS: [&str; 8] = ["Masarykova", "Husova", "Nádražní", "Palackého", "Komenského", "Tyršova", "Školní", "Riegrova"];
const MEN: [(&str, &str); 10] = [
    ("Jan", "Novák"),
    ("Petr", "Svoboda"),
    ("Tomáš", "Dvořák"),
    ("Martin", "Černý"),
    ("Jiří", "Procházka"),
    ("Pavel", "Kučera"),
    ("Lukáš", "Veselý"),
    ("Jakub", "Horák"),
    ("Miroslav", "Němec"),
    ("Ondřej", "Marek"),
];
const WOMEN: [(&str, &str); 10] = [
    ("Jana", "Nováková"),
    ("Eva", "Svobodová"),
    ("Hana", "Dvořáková"),
    ("Lucie", "Černá"),
    ("Petra", "Procházková"),
    ("Kateřina", "Kučerová"),
    ("Veronika", "Veselá"),
    ("Tereza", "Horáková"),
    ("Martina", "Němcová"),
    ("Lenka", "Marková"),
];
const TITLES: [&str; 6] = ["", "", "", "Ing.", "Mgr.", "Bc."];
const POSITIONS: [&str; 8] =
    ["Jednatel", "Obchodní ředitel", "Vedoucí IT", "Účetní", "Nákupčí", "Provozní ředitel", "Projektový manažer", "Asistentka"];
const CALL_TIMES: [&str; 4] = ["Dopoledne 9–11", "Po obědě", "Kdykoli kromě pátku", ""];
const STYLES: [&str; 4] = ["Stručně a věcně, nejlépe e-mailem.", "Rád telefonuje, oceňuje osobní přístup.", "Chce vše písemně.", ""];
const TAGS: [&str; 5] = ["vip", "partner", "nový", "veletrh 2026", "doporučení"];

/// A valid IČO for a number (seven digits, checksum appended).
pub fn ico_for(n: u64) -> String {
    let base = format!("{:07}", n % 10_000_000);
    let sum: u32 = base.chars().zip((2..=8).rev()).map(|(c, w)| c.to_digit(10).unwrap_or(0) * w).sum();
    format!("{base}{}", (11 - sum % 11) % 10)
}

fn ascii_slug(s: &str) -> String {
    fold(s).chars().filter(|c| c.is_ascii_alphanumeric()).collect()
}

/// `orgs` organizations and `contacts` contacts spread over them; each
/// organization gets a primary contact when it has any.
pub fn generate(seed: u64, orgs: usize, contacts: usize, now: DateTime<Utc>) -> (Vec<Organization>, Vec<Contact>) {
    let mut rng = Rng::new(seed);
    let base_ms = (now - Duration::days(400)).timestamp_millis().max(0) as u64;
    let mut organizations = Vec::with_capacity(orgs);
    for i in 0..orgs {
        let ms = base_ms + i as u64 * 1000;
        let (name, industry) = COMPANIES[i % COMPANIES.len()];
        let round = i / COMPANIES.len();
        let full =
            if round == 0 { format!("{name} {}", SUFFIX[i % SUFFIX.len()]) } else { format!("{name} {} {}", round + 1, SUFFIX[i % SUFFIX.len()]) };
        let (city, zip) = *rng.pick(&CITIES);
        let ico = ico_for(2_500_000 + i as u64 * 7 + round as u64);
        let domain = format!("{}{}.cz", ascii_slug(name), if round == 0 { String::new() } else { (round + 1).to_string() });
        let at = DateTime::<Utc>::from_timestamp_millis(ms as i64).unwrap_or(now);
        let mut o = Organization::new(new_id(ms, rng.bytes10()), at);
        o.name = full;
        o.dic = format!("CZ{ico}");
        o.ico = ico;
        o.industry = industry.to_string();
        o.website = format!("https://www.{domain}");
        o.email = format!("info@{domain}");
        o.phone = format!("+420 {} {:03} {:03}", 500 + rng.below(300), rng.below(1000), rng.below(1000));
        o.billing_address = Address {
            street: format!("{} {}", rng.pick(&STREETS), 1 + rng.below(120)),
            city: city.to_string(),
            postal_code: zip.to_string(),
            country: "CZ".into(),
        };
        if rng.below(3) == 0 {
            o.tags.push(rng.pick(&TAGS).to_string());
        }
        organizations.push(o);
    }
    let mut people = Vec::with_capacity(contacts);
    for i in 0..contacts {
        let ms = base_ms + (orgs + i) as u64 * 1000;
        let woman = rng.below(2) == 0;
        let (first, last) = if woman { *rng.pick(&WOMEN) } else { *rng.pick(&MEN) };
        let at = DateTime::<Utc>::from_timestamp_millis(ms as i64).unwrap_or(now);
        let mut c = Contact::new(new_id(ms, rng.bytes10()), at);
        c.title = rng.pick(&TITLES).to_string();
        c.first_name = first.to_string();
        c.last_name = last.to_string();
        c.position = rng.pick(&POSITIONS).to_string();
        let org = (!organizations.is_empty()).then(|| &organizations[i % organizations.len()]);
        let domain = org.map(|o| o.email.trim_start_matches("info@").to_string()).unwrap_or_else(|| "example.cz".into());
        let local = format!("{}.{}{}", ascii_slug(first), ascii_slug(last), if i >= 400 { format!(".{i}") } else { String::new() });
        c.emails.push(Email { address: format!("{local}@{domain}"), label: EmailLabel::Work });
        if rng.below(4) == 0 {
            c.emails.push(Email { address: format!("{local}@seznam.cz"), label: EmailLabel::Personal });
        }
        c.phones.push(Phone {
            number: format!("+420 {} {:03} {:03}", 600 + rng.below(200), rng.below(1000), rng.below(1000)),
            label: PhoneLabel::Mobile,
        });
        if rng.below(3) == 0 {
            c.phones.push(Phone {
                number: format!("+420 5{:02} {:03} {:03}", rng.below(100), rng.below(1000), rng.below(1000)),
                label: PhoneLabel::Work,
            });
        }
        c.linkedin = format!("https://www.linkedin.com/in/{}-{}-{i}", ascii_slug(first), ascii_slug(last));
        c.organization_id = org.map(|o| o.id);
        c.role = Role::ALL[rng.below(Role::ALL.len())];
        c.preferred_call_time = rng.pick(&CALL_TIMES).to_string();
        c.communication_style = rng.pick(&STYLES).to_string();
        if rng.below(2) == 0 {
            let date = NaiveDate::from_ymd_opt(1960 + rng.below(40) as i32, 1 + rng.below(12) as u32, 1 + rng.below(28) as u32);
            if let Some(date) = date {
                c.important_dates.push(ImportantDate { kind: DateKind::Birthday, label: String::new(), date });
            }
        }
        if rng.below(4) == 0 {
            c.tags.push(rng.pick(&TAGS).to_string());
        }
        people.push(c);
    }
    // The first contact of each organization (in order) is its primary.
    let n = organizations.len();
    for (i, c) in people.iter().enumerate().take(n) {
        organizations[i].primary_contact_id = Some(c.id);
    }
    (organizations, people)
}

/// How big the demo button's company is.
pub struct Size {
    pub organizations: usize,
    pub contacts: usize,
}

/// Five customers and twenty people: enough for every page to show what it
/// is for, few enough to read.
pub const DEMO_COMPANY: Size = Size { organizations: 5, contacts: 20 };

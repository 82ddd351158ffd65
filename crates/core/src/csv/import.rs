//! CSV rows as records: contacts, organizations, leads or products. Each
//! column is mapped to a field (guessed from its header, in Czech or
//! English, including the headers Google Contacts and Outlook write), each
//! row matched to an existing record (by email, IČO, code) or made new, and
//! the whole file planned as one action. A row that does not make a valid
//! record is rejected with its problems and the rest can still be imported.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::fields::{Key, Mode, Target};
use crate::i18n::{self, Lang, T};
use crate::model::lead::{Lead, LeadSource, LeadStatus};
use crate::model::money::{parse_amount, Decimal};
use crate::model::ops::batch::Batch;
use crate::model::product::Product;
use crate::model::search::fold;
use crate::model::validate::parse_tags;
use crate::model::Ctx;
use crate::model::{Contact, Crm, DateKind, Email, EmailLabel, ImportantDate, Organization, Phone, PhoneLabel, Problem, Role};

impl Key {
    /// Headers other programs (Google Contacts, Outlook, spreadsheets) use
    /// for the field, besides its own label in both languages. Compared
    /// without case, diacritics, digits and punctuation: "E-mail 2 - Value"
    /// is "emailvalue".
    fn aliases(self) -> &'static [&'static str] {
        use Key::*;
        match self {
            Title => &["Title", "Name Prefix", "Prefix", "Salutation", "Titul před jménem", "Oslovení"],
            FirstName => &["First Name", "Given Name", "Firstname", "Křestní jméno"],
            MiddleName => &["Middle Name", "Additional Name", "Prostřední jméno"],
            LastName => &["Last Name", "Family Name", "Surname", "Lastname"],
            FullName => &["Name", "Full Name", "Display Name", "Contact", "Contact Name", "Celé jméno", "Jméno a příjmení", "Kontakt"],
            Name => &[
                "Name",
                "Company",
                "Company Name",
                "Organization",
                "Organization Name",
                "Account Name",
                "Product",
                "Product Name",
                "Firma",
                "Společnost",
                "Organizace",
                "Produkt",
                "Název produktu",
                "Název firmy",
            ],
            Position => &["Job Title", "Organization Title", "Position", "Pozice", "Funkce"],
            Organization | Company => &[
                "Company",
                "Organization",
                "Organization Name",
                "Company Name",
                "Account Name",
                "Firma",
                "Společnost",
                "Organizace",
                "Zaměstnavatel",
            ],
            Email => &["E-mail", "Email", "E-mail Address", "E-mail Value", "Email Address", "Mail", "E-mailová adresa"],
            EmailLabel => &["E-mail Label", "E-mail Type", "Typ e-mailu"],
            Phone => {
                &["Phone", "Telephone", "Phone Value", "Phone Number", "Primary Phone", "Company Main Phone", "Telefon", "Tel", "Telefonní číslo"]
            }
            PhoneLabel => &["Phone Label", "Phone Type", "Typ telefonu"],
            Mobile => &["Mobile Phone", "Mobile", "Cell", "Cell Phone", "Mobil", "Mobilní telefon"],
            WorkPhone => &["Business Phone", "Work Phone", "Telefon do práce", "Telefon do zaměstnání", "Pracovní telefon"],
            HomePhone => &["Home Phone", "Telefon domů", "Soukromý telefon"],
            Fax => &["Business Fax", "Home Fax", "Other Fax", "Fax"],
            OtherPhone => &["Other Phone", "Jiný telefon"],
            Role => &["Role", "Contact Role"],
            LinkedIn => &["LinkedIn", "LinkedIn URL", "LinkedIn Profile"],
            Website => &["Website", "Web", "Web Page", "Website Value", "URL", "Homepage", "Webové stránky", "Webová stránka"],
            Birthday => &["Birthday", "Birth Date", "Date of Birth", "Birthdate", "Datum narození"],
            Address => &["Address", "Address Formatted", "Home Address", "Business Address", "Billing Address", "Adresa", "Fakturační adresa"],
            CallTime | Style | Industry => &[],
            Ico => &["IČO", "ICO", "IČ", "IC", "Company ID", "Registration Number", "Company Number", "Identifikační číslo"],
            Dic => &["DIČ", "DIC", "VAT ID", "VAT", "VAT Number", "Tax ID", "Daňové identifikační číslo"],
            Street => &["Street", "Address Street", "Business Street", "Billing Street", "Ulice"],
            City => &["City", "Town", "Address City", "Business City", "Billing City", "Obec"],
            PostalCode => &["Postal Code", "ZIP", "Zip Code", "Postcode", "Address Postal Code", "Business Postal Code", "Billing Postal Code"],
            Country => &["Country", "Country/Region", "Address Country", "Business Country/Region", "Billing Country", "Stát"],
            Source => &["Source", "Lead Source"],
            Status => &["Status", "Lead Status"],
            Budget | Authority | Need | Timeline => &[],
            EstimatedValue => &["Value", "Amount", "Deal Value", "Hodnota"],
            Currency => &["Currency"],
            Code => &["Code", "SKU", "Product Code", "Item Code", "Katalogové číslo"],
            Unit => &["Unit", "UoM", "MJ", "Měrná jednotka"],
            UnitPrice => &["Price", "Unit Price", "Cena", "Jednotková cena", "Cena bez DPH"],
            VatRate => &["VAT", "VAT Rate", "Tax Rate", "DPH"],
            WarrantyMonths => &["Warranty", "Záruka"],
            Active => &["Active", "Aktivní"],
            Owner => &["Owner", "Owner Name", "Assigned To", "Odpovědná osoba"],
            Tags => &["Tags", "Labels", "Group Membership", "Categories", "Kategorie", "Skupiny"],
            Notes => &["Notes", "Note", "Description", "Comments", "Poznámka", "Popis"],
        }
    }

    /// Several columns may fill it (every email column adds an email).
    pub fn repeats(self) -> bool {
        use Key::*;
        matches!(self, Email | EmailLabel | Phone | PhoneLabel | Mobile | WorkPhone | HomePhone | Fax | OtherPhone | Website | Address | Tags | Notes)
    }

    /// The record fields it fills, which a problem is named by.
    fn fields(self) -> &'static [&'static str] {
        use Key::*;
        match self {
            Title => &["title"],
            FirstName | MiddleName => &["first_name"],
            LastName | FullName => &["last_name"],
            Name => &["name"],
            Position => &["position"],
            Organization => &["organization"],
            Company => &["company"],
            Email => &["emails", "email"],
            EmailLabel => &["email_label"],
            Phone | Mobile | WorkPhone | HomePhone | Fax | OtherPhone => &["phones", "phone"],
            PhoneLabel => &["phone_label"],
            Role => &["role"],
            LinkedIn => &["linkedin"],
            Website => &["website", "linkedin", "notes"],
            Birthday => &["important_dates"],
            Address => &["billing_address", "notes"],
            CallTime => &["preferred_call_time"],
            Style => &["communication_style"],
            Ico => &["ico"],
            Dic => &["dic"],
            Industry => &["industry"],
            Street | City | PostalCode | Country => &["billing_address"],
            Source => &["source"],
            Status => &["status"],
            Budget => &["budget"],
            Authority => &["authority"],
            Need => &["need"],
            Timeline => &["timeline"],
            EstimatedValue => &["estimated_value"],
            Currency => &["currency"],
            Code => &["code"],
            Unit => &["unit"],
            UnitPrice => &["unit_price"],
            VatRate => &["vat_rate"],
            WarrantyMonths => &["warranty_months"],
            Active => &["active"],
            Owner => &["owner_id"],
            Tags => &["tags"],
            Notes => &["notes"],
        }
    }

    fn matches(self, header: &str) -> bool {
        let label = i18n::csv_key(self);
        [label.en(), label.cs()].into_iter().chain(self.aliases().iter().copied()).any(|a| normalize(a) == header)
    }
}

/// A header as compared: folded, letters only.
fn normalize(header: &str) -> String {
    fold(header).chars().filter(char::is_ascii_alphabetic).collect()
}

/// Each column's field, or `None` to skip it.
pub type Mapping = Vec<Option<Key>>;

/// The field each header names, as far as it can be told. A field that
/// takes one value goes to the first column naming it.
pub fn auto_map(target: Target, headers: &[String]) -> Mapping {
    let mut taken: Vec<Key> = Vec::new();
    headers
        .iter()
        .map(|h| {
            let h = normalize(h);
            if h.is_empty() {
                return None;
            }
            let key = target.keys().iter().copied().find(|k| k.matches(&h))?;
            if !key.repeats() && taken.contains(&key) {
                return None;
            }
            taken.push(key);
            Some(key)
        })
        .collect()
}

/// A mapping the user saved to reuse for files from the same source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedMapping {
    pub name: String,
    pub target: Target,
    /// Header → field code ("" skips the column).
    pub columns: Vec<(String, String)>,
}

impl SavedMapping {
    pub fn new(name: &str, target: Target, headers: &[String], mapping: &Mapping) -> SavedMapping {
        let columns = headers.iter().zip(mapping).map(|(h, k)| (h.clone(), k.map(Key::code).unwrap_or_default().to_string())).collect();
        SavedMapping { name: name.trim().to_string(), target, columns }
    }

    /// The mapping for a file's headers: as saved for the headers it knows,
    /// guessed for the others.
    pub fn apply(&self, headers: &[String]) -> Mapping {
        let guessed = auto_map(self.target, headers);
        headers
            .iter()
            .zip(guessed)
            .map(|(h, g)| match self.columns.iter().find(|(saved, _)| saved == h) {
                Some((_, code)) => Key::parse(code).filter(|k| self.target.keys().contains(k)),
                None => g,
            })
            .collect()
    }
}

/// The file: its header row and the rows below it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    /// The parsed records of a file, the first being the header. Blank
    /// rows (spreadsheets add them at the end) are dropped here, so row
    /// numbers stay those of the file: see [`Table::row_number`].
    pub fn new(mut records: Vec<Vec<String>>) -> Table {
        if records.is_empty() {
            return Table::default();
        }
        let header = records.remove(0).into_iter().map(|h| h.trim().to_string()).collect();
        Table { header, rows: records }
    }

    /// The row as a spreadsheet numbers it (the header is row 1).
    pub fn row_number(index: usize) -> usize {
        index + 2
    }
}

fn is_blank(row: &[String]) -> bool {
    row.iter().all(|c| c.trim().is_empty())
}

/// A reason a row was rejected: the column it is about (or, when no
/// column is, the record field) and the problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    pub column: Option<usize>,
    pub field: String,
    pub problem: Problem,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    /// Index into [`Table::rows`].
    pub index: usize,
    pub problems: Vec<RowProblem>,
}

/// What importing the file would do.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub changes: Vec<crate::model::Change>,
    pub created: usize,
    pub updated: usize,
    /// Rows matching a record that already has their values.
    pub unchanged: usize,
    /// Rows the mode leaves out: matches in "create only", new rows in
    /// "update only".
    pub skipped: usize,
    pub organizations: usize,
    pub rejected: Vec<Rejected>,
    /// New rows that look like a record already there (same phone or
    /// name: a match by email or IČO would have updated it), by index.
    pub look_alikes: Vec<usize>,
}

impl Plan {
    pub fn good_rows(&self) -> usize {
        self.created + self.updated + self.unchanged
    }
}

/// One row's cells by field, in column order.
struct Row<'a> {
    cells: Vec<(Key, usize, &'a str)>,
}

impl<'a> Row<'a> {
    fn new(row: &'a [String], mapping: &Mapping) -> Row<'a> {
        let cells = mapping
            .iter()
            .enumerate()
            .filter_map(|(i, k)| Some((((*k)?), i, row.get(i).map(|c| c.trim()).unwrap_or(""))))
            .filter(|(_, _, v)| !v.is_empty())
            .collect();
        Row { cells }
    }

    fn first(&self, key: Key) -> Option<(usize, &'a str)> {
        self.cells.iter().find(|(k, _, _)| *k == key).map(|(_, i, v)| (*i, *v))
    }

    fn get(&self, key: Key) -> Option<&'a str> {
        self.first(key).map(|(_, v)| v)
    }

    fn all(&self, key: Key) -> impl Iterator<Item = (usize, &'a str)> + '_ {
        self.cells.iter().filter(move |(k, _, _)| *k == key).map(|(_, i, v)| (*i, *v))
    }
}

/// The values of one cell: Google writes several as "a ::: b"; a list
/// exported by Vizitka separates them with commas.
fn values(cell: &str, commas: bool) -> Vec<&str> {
    let parts: Vec<&str> = cell.split(" ::: ").collect();
    let parts: Vec<&str> = if commas { parts.into_iter().flat_map(|p| p.split([',', ';'])).collect() } else { parts };
    parts.into_iter().map(str::trim).filter(|p| !p.is_empty()).collect()
}

/// A web link as address books write it: `https://…` as it is, a bare
/// `www.firma.cz` made `https://`; None for anything else (`javascript:`,
/// `mailto:`, text), so only http(s) links land in a URL field.
fn web_address(cell: &str) -> Option<String> {
    let cell = cell.trim();
    let host_part = cell.split(['/', '?', '#']).next().unwrap_or("");
    let url = if !cell.contains("://") && !host_part.contains(':') && host_part.contains('.') { format!("https://{cell}") } else { cell.to_string() };
    (url.len() <= crate::model::validate::URL_MAX && crate::model::validate::web_url_host(&url).is_some()).then_some(url)
}

/// The phone numbers in a cell: Google's ` ::: ` and `,`/`;` separate
/// numbers, but not an extension written after a comma ("…, kl. 25").
fn phone_values(cell: &str) -> impl Iterator<Item = &str> {
    cell.split(" ::: ").flat_map(crate::model::phone::split_list)
}

fn email_label(s: &str) -> EmailLabel {
    let s = fold(s.trim_start_matches('*').trim());
    if ["home", "personal", "private", "osobni", "domu", "soukromy"].iter().any(|w| s.contains(w)) {
        EmailLabel::Personal
    } else if ["other", "jiny"].iter().any(|w| s.contains(w)) {
        EmailLabel::Other
    } else {
        // "Work", "SMTP" (Outlook's type), a custom label.
        EmailLabel::Work
    }
}

fn phone_label(s: &str) -> PhoneLabel {
    let s = fold(s.trim_start_matches('*').trim());
    if s.contains("fax") {
        PhoneLabel::Fax
    } else if ["mobile", "cell", "mobil"].iter().any(|w| s.contains(w)) {
        PhoneLabel::Mobile
    } else if ["work", "business", "main", "office", "prace", "pracovni"].iter().any(|w| s.contains(w)) {
        PhoneLabel::Work
    } else if ["home", "domu", "soukrom"].iter().any(|w| s.contains(w)) {
        PhoneLabel::Home
    } else {
        PhoneLabel::Other
    }
}

/// A date as spreadsheets and address books write it: 2026-03-14,
/// 14. 3. 2026, 3/14/2026 (day first when the first number is over 12),
/// 20260314. `Ok(None)` for Outlook's empty "0/0/00".
#[derive(Debug, PartialEq, Eq)]
enum DateCell {
    Empty,
    Date(NaiveDate),
    /// Google's "--03-14": a birthday without a year.
    NoYear,
}

fn date_cell(s: &str) -> Result<DateCell, Problem> {
    let s = s.trim();
    if s.starts_with("--") {
        return Ok(DateCell::NoYear);
    }
    let nums: Vec<&str> = s.split(|c: char| !c.is_ascii_digit()).filter(|p| !p.is_empty()).collect();
    if !nums.is_empty() && nums.iter().all(|n| n.chars().all(|c| c == '0')) {
        return Ok(DateCell::Empty);
    }
    let n = |i: usize| nums.get(i).and_then(|p| p.parse::<u32>().ok()).ok_or(Problem::NotDate);
    let year = |y: u32, width: usize| {
        if width <= 2 {
            if y <= 30 {
                2000 + y
            } else {
                1900 + y
            }
        } else {
            y
        }
    };
    let (y, m, d) = if nums.len() == 1 && nums[0].len() == 8 {
        (n(0)? / 10000, n(0)? / 100 % 100, n(0)? % 100)
    } else if nums.len() >= 3 && nums[0].len() == 4 {
        (n(0)?, n(1)?, n(2)?)
    } else if nums.len() >= 3 && s.contains('/') {
        let (a, b) = (n(0)?, n(1)?);
        let (m, d) = if a > 12 { (b, a) } else { (a, b) };
        (year(n(2)?, nums[2].len()), m, d)
    } else if nums.len() >= 3 {
        (year(n(2)?, nums[2].len()), n(1)?, n(0)?)
    } else {
        return Err(Problem::NotDate);
    };
    i32::try_from(y).ok().and_then(|y| NaiveDate::from_ymd_opt(y, m, d)).map(DateCell::Date).ok_or(Problem::NotDate)
}

/// A coded value by its code or its label in either language.
fn choice<V: Copy>(s: &str, all: &[V], code: impl Fn(V) -> &'static str, label: impl Fn(V) -> T) -> Result<V, Problem> {
    let f = fold(s.trim());
    all.iter().copied().find(|v| fold(code(*v)) == f || fold(label(*v).en()) == f || fold(label(*v).cs()) == f).ok_or(Problem::NotAChoice)
}

fn yes_no(s: &str) -> Result<bool, Problem> {
    match fold(s.trim()).as_str() {
        "yes" | "y" | "true" | "1" | "ano" | "a" | "x" => Ok(true),
        "no" | "n" | "false" | "0" | "ne" => Ok(false),
        _ => Err(Problem::NotAChoice),
    }
}

/// An amount as a spreadsheet shows it: "1 234,50 Kč", "€1,234.50" is
/// not guessed (a comma is a decimal comma), "1234.5".
fn amount(s: &str) -> Result<i64, Problem> {
    let cleaned: String = s.chars().filter(|c| c.is_ascii_digit() || matches!(c, ',' | '.' | '-' | ' ' | '\u{a0}')).collect();
    parse_amount(&cleaned.replace('\u{a0}', " ")).ok_or(Problem::NotANumber)
}

fn currency(s: &str) -> String {
    match s.trim() {
        "Kč" | "kč" | "Kc" => "CZK".into(),
        "€" => "EUR".into(),
        "$" => "USD".into(),
        "£" => "GBP".into(),
        "zł" => "PLN".into(),
        other => other.to_uppercase(),
    }
}

fn qualification(s: &str) -> Result<u8, Problem> {
    match s.trim().parse::<u8>() {
        Ok(n) if n <= 3 => Ok(n),
        _ => Err(Problem::OutOfRange { min: 0, max: 3 }),
    }
}

/// "Street 1, 110 00 Praha, CZ" (an address on one line, as Vizitka
/// exports it) into its parts.
fn address_line(s: &str, a: &mut crate::model::Address) {
    let parts: Vec<&str> = s.split(',').map(str::trim).collect();
    a.street = parts.first().copied().unwrap_or("").to_string();
    if let Some(town) = parts.get(1) {
        let code_len = town.find(|c: char| !(c.is_ascii_digit() || c == ' ')).unwrap_or(town.len());
        let code = town[..code_len].trim();
        if code.chars().filter(char::is_ascii_digit).count() >= 3 {
            a.postal_code = code.to_string();
            a.city = town[code_len..].trim().to_string();
        } else {
            a.city = town.to_string();
        }
    }
    if parts.len() > 2 {
        a.country = parts[2..].join(", ");
    }
}

/// Appends a line to notes unless they already have it (a second import
/// of the same file adds nothing).
fn add_note(notes: &mut String, line: &str) {
    if line.is_empty() || notes.lines().any(|l| l.trim() == line.trim()) {
        return;
    }
    if !notes.is_empty() {
        notes.push('\n');
    }
    notes.push_str(line);
}

fn add_tags(tags: &mut Vec<String>, cell: &str) {
    for t in values(cell, true) {
        // Google's system groups ("* myContacts", "* starred").
        let t = t.trim_start_matches('*').trim();
        if t.is_empty() || t == "myContacts" {
            continue;
        }
        for t in parse_tags(t) {
            if !tags.contains(&t) {
                tags.push(t);
            }
        }
    }
}

fn set(field: &mut String, row: &Row, key: Key) {
    if let Some(v) = row.get(key) {
        *field = v.to_string();
    }
}

/// Fills what the fields of a person share (contacts and leads): the
/// first email/phone only for a lead.
struct Problems {
    list: Vec<RowProblem>,
}

impl Problems {
    fn at(&mut self, column: usize, key: Key, problem: Problem) {
        self.list.push(RowProblem { column: Some(column), field: key.fields()[0].to_string(), problem });
    }
}

fn owner(crm: &Crm, row: &Row, problems: &mut Problems) -> Option<Option<Uuid>> {
    let (col, v) = row.first(Key::Owner)?;
    let f = fold(v);
    match crm.team().into_iter().find(|m| fold(&m.name) == f || (!m.email.is_empty() && m.email.eq_ignore_ascii_case(v))) {
        Some(m) => Some(Some(m.id)),
        None => {
            problems.at(col, Key::Owner, Problem::Missing);
            None
        }
    }
}

/// First and last name from the name columns: a full name alone is split
/// before its last word.
fn names(row: &Row) -> Option<(String, String)> {
    let first = [row.get(Key::FirstName), row.get(Key::MiddleName)].into_iter().flatten().collect::<Vec<_>>().join(" ");
    let last = row.get(Key::LastName).unwrap_or("").to_string();
    if !first.is_empty() || !last.is_empty() {
        return Some((first, last));
    }
    let full = row.get(Key::FullName)?;
    Some(match full.rsplit_once(' ') {
        Some((f, l)) => (f.trim().to_string(), l.to_string()),
        None => (String::new(), full.to_string()),
    })
}

fn fill_contact(crm: &Crm, lang: Lang, c: &mut Contact, row: &Row, p: &mut Problems) -> Option<String> {
    set(&mut c.title, row, Key::Title);
    if let Some((first, last)) = names(row) {
        c.first_name = first;
        c.last_name = last;
    }
    set(&mut c.position, row, Key::Position);
    let labels: Vec<&str> = row.all(Key::EmailLabel).map(|(_, v)| v).collect();
    for (n, (_, cell)) in row.all(Key::Email).enumerate() {
        for address in values(cell, true) {
            if !c.emails.iter().any(|e| e.address.eq_ignore_ascii_case(address)) {
                let label = labels.get(n).map(|l| email_label(l)).unwrap_or_default();
                c.emails.push(Email { address: address.to_string(), label });
            }
        }
    }
    let labels: Vec<&str> = row.all(Key::PhoneLabel).map(|(_, v)| v).collect();
    let mut generic = 0;
    for (key, _, cell) in &row.cells {
        let label = match key {
            Key::Phone => {
                generic += 1;
                labels.get(generic - 1).map(|l| phone_label(l)).unwrap_or_default()
            }
            Key::Mobile => PhoneLabel::Mobile,
            Key::WorkPhone => PhoneLabel::Work,
            Key::HomePhone => PhoneLabel::Home,
            Key::Fax => PhoneLabel::Fax,
            Key::OtherPhone => PhoneLabel::Other,
            _ => continue,
        };
        for number in phone_values(cell) {
            if !c.phones.iter().any(|x| crate::model::phone::same(&x.number, number)) {
                c.phones.push(Phone { number: number.to_string(), label });
            }
        }
    }
    if let Some((col, v)) = row.first(Key::Role) {
        match choice(v, &Role::ALL, Role::as_str, |r| match r {
            Role::DecisionMaker => T::RoleDecisionMaker,
            Role::Technical => T::RoleTechnical,
            Role::Billing => T::RoleBilling,
            Role::Other => T::RoleOther,
        }) {
            Ok(r) => c.role = r,
            Err(e) => p.at(col, Key::Role, e),
        }
    }
    if let Some((col, v)) = row.first(Key::LinkedIn) {
        match web_address(v) {
            Some(url) => c.linkedin = url,
            None => p.at(col, Key::LinkedIn, Problem::NotWebUrl),
        }
    }
    for (col, cell) in row.all(Key::Website) {
        for url in values(cell, false) {
            // A contact has no website field: other links go to the notes,
            // but only as web links (a `javascript:` one is a bad value).
            let Some(url) = web_address(url) else {
                p.at(col, Key::Website, Problem::NotWebUrl);
                continue;
            };
            if crate::vcard::is_linkedin(&url) && c.linkedin.is_empty() {
                c.linkedin = url;
            } else if c.linkedin != url {
                add_note(&mut c.notes, &url);
            }
        }
    }
    if let Some((col, v)) = row.first(Key::Birthday) {
        match date_cell(v) {
            Ok(DateCell::Date(date)) => {
                c.important_dates.retain(|d| d.kind != DateKind::Birthday);
                c.important_dates.insert(0, ImportantDate { kind: DateKind::Birthday, label: String::new(), date });
            }
            // A contact's dates have a year; keep the day in the notes.
            Ok(DateCell::NoYear) => add_note(&mut c.notes, &format!("{}: {v}", lang.t(T::DateBirthday))),
            Ok(DateCell::Empty) => {}
            Err(e) => p.at(col, Key::Birthday, e),
        }
    }
    for (_, cell) in row.all(Key::Address) {
        add_note(&mut c.notes, &cell.replace("\r\n", "\n").replace('\n', ", "));
    }
    set(&mut c.preferred_call_time, row, Key::CallTime);
    set(&mut c.communication_style, row, Key::Style);
    if let Some(o) = owner(crm, row, p) {
        c.owner_id = o;
    }
    for (_, cell) in row.all(Key::Tags) {
        add_tags(&mut c.tags, cell);
    }
    for (_, cell) in row.all(Key::Notes) {
        add_note(&mut c.notes, cell);
    }
    row.get(Key::Organization).map(|o| values(o, false).first().copied().unwrap_or(o).to_string())
}

fn fill_organization(crm: &Crm, o: &mut Organization, row: &Row, p: &mut Problems) {
    set(&mut o.name, row, Key::Name);
    set(&mut o.ico, row, Key::Ico);
    o.ico.retain(|c| c != ' ');
    set(&mut o.dic, row, Key::Dic);
    o.dic.retain(|c| c != ' ');
    set(&mut o.industry, row, Key::Industry);
    let first = |key| row.get(key).and_then(|v| values(v, true).first().map(|s| s.to_string()));
    let first_phone = |key| row.get(key).and_then(|v| phone_values(v).next().map(str::to_string));
    if let Some((col, v)) = row.first(Key::Website) {
        match values(v, false).first().and_then(|w| web_address(w)) {
            Some(w) => o.website = w,
            None => p.at(col, Key::Website, Problem::NotWebUrl),
        }
    }
    if let Some(e) = first(Key::Email) {
        o.email = e;
    }
    if let Some(ph) = [Key::Phone, Key::WorkPhone, Key::Mobile, Key::OtherPhone].into_iter().find_map(first_phone) {
        o.phone = ph;
    }
    if let Some(line) = row.get(Key::Address) {
        address_line(line, &mut o.billing_address);
    }
    set(&mut o.billing_address.street, row, Key::Street);
    set(&mut o.billing_address.city, row, Key::City);
    set(&mut o.billing_address.postal_code, row, Key::PostalCode);
    set(&mut o.billing_address.country, row, Key::Country);
    if let Some(ow) = owner(crm, row, p) {
        o.owner_id = ow;
    }
    for (_, cell) in row.all(Key::Tags) {
        add_tags(&mut o.tags, cell);
    }
    for (_, cell) in row.all(Key::Notes) {
        add_note(&mut o.notes, cell);
    }
}

fn fill_lead(crm: &Crm, l: &mut Lead, row: &Row, p: &mut Problems) {
    set(&mut l.title, row, Key::Title);
    if let Some((first, last)) = names(row) {
        l.first_name = first;
        l.last_name = last;
    }
    set(&mut l.company, row, Key::Company);
    set(&mut l.ico, row, Key::Ico);
    l.ico.retain(|c| c != ' ');
    set(&mut l.position, row, Key::Position);
    if let Some(e) = row.get(Key::Email).and_then(|v| values(v, true).first().map(|s| s.to_string())) {
        l.email = e;
    }
    if let Some(ph) = row.get(Key::Phone).and_then(|v| phone_values(v).next().map(str::to_string)) {
        l.phone = ph;
    }
    if let Some((col, v)) = row.first(Key::Source) {
        match choice(v, LeadSource::ALL, LeadSource::code, i18n::lead_source) {
            Ok(s) => l.source = s,
            Err(e) => p.at(col, Key::Source, e),
        }
    }
    if let Some((col, v)) = row.first(Key::Status) {
        // A lead is converted by converting it, not by a file.
        match choice(v, LeadStatus::ALL, LeadStatus::code, i18n::lead_status) {
            Ok(LeadStatus::Converted) | Err(_) => p.at(col, Key::Status, Problem::NotAChoice),
            Ok(s) => l.status = s,
        }
    }
    for (key, part) in [(Key::Budget, &mut l.budget), (Key::Authority, &mut l.authority), (Key::Need, &mut l.need), (Key::Timeline, &mut l.timeline)]
    {
        if let Some((col, v)) = row.first(key) {
            match qualification(v) {
                Ok(n) => *part = n,
                Err(e) => p.at(col, key, e),
            }
        }
    }
    if let Some((col, v)) = row.first(Key::EstimatedValue) {
        match amount(v) {
            Ok(a) => l.estimated_value = a,
            Err(e) => p.at(col, Key::EstimatedValue, e),
        }
    }
    if let Some(v) = row.get(Key::Currency) {
        l.currency = currency(v);
    }
    if let Some(o) = owner(crm, row, p) {
        l.owner_id = o;
    }
    for (_, cell) in row.all(Key::Tags) {
        add_tags(&mut l.tags, cell);
    }
    for (_, cell) in row.all(Key::Notes) {
        add_note(&mut l.notes, cell);
    }
}

fn fill_product(pr: &mut Product, row: &Row, p: &mut Problems) {
    set(&mut pr.name, row, Key::Name);
    set(&mut pr.code, row, Key::Code);
    set(&mut pr.unit, row, Key::Unit);
    if let Some((col, v)) = row.first(Key::UnitPrice) {
        match amount(v) {
            Ok(a) => pr.unit_price = a,
            Err(e) => p.at(col, Key::UnitPrice, e),
        }
    }
    if let Some(v) = row.get(Key::Currency) {
        pr.currency = currency(v);
    }
    if let Some((col, v)) = row.first(Key::VatRate) {
        match Decimal::parse(v.trim_end_matches('%').trim()) {
            Some(d) => pr.vat_rate = d,
            None => p.at(col, Key::VatRate, Problem::NotANumber),
        }
    }
    if let Some((col, v)) = row.first(Key::WarrantyMonths) {
        match v.parse::<u32>() {
            Ok(n) => pr.warranty_months = n,
            Err(_) => p.at(col, Key::WarrantyMonths, Problem::NotANumber),
        }
    }
    if let Some((col, v)) = row.first(Key::Active) {
        // Vizitka's export says "Ano"/"Yes": only the first word counts.
        match yes_no(v.split_whitespace().next().unwrap_or(v)) {
            Ok(a) => pr.active = a,
            Err(e) => p.at(col, Key::Active, e),
        }
    }
    for (_, cell) in row.all(Key::Tags) {
        add_tags(&mut pr.tags, cell);
    }
    for (_, cell) in row.all(Key::Notes) {
        add_note(&mut pr.notes, cell);
    }
}

/// Existing records by what rows are matched with.
#[derive(Default)]
struct Index {
    keys: HashMap<String, Uuid>,
}

impl Index {
    fn add(&mut self, key: String, id: Uuid) {
        if !key.is_empty() {
            self.keys.entry(key).or_insert(id);
        }
    }

    fn find(&self, keys: impl IntoIterator<Item = String>) -> Option<Uuid> {
        keys.into_iter().filter(|k| !k.is_empty()).find_map(|k| self.keys.get(&k).copied())
    }
}

fn email_key(e: &str) -> String {
    format!("@{}", e.trim().to_lowercase())
}

fn ico_key(i: &str) -> String {
    let d: String = i.chars().filter(char::is_ascii_digit).collect();
    if d.is_empty() {
        d
    } else {
        format!("#{d}")
    }
}

fn name_key(n: &str) -> String {
    let n = fold(n.trim());
    if n.is_empty() {
        n
    } else {
        format!("={n}")
    }
}

fn code_key(c: &str) -> String {
    let c = c.trim().to_lowercase();
    if c.is_empty() {
        c
    } else {
        format!("%{c}")
    }
}

/// The keys a record is found by.
fn record_keys(target: Target, crm: &Crm, id: Uuid) -> Vec<String> {
    match target {
        Target::Contact => crm.contact(id).map(|c| c.emails.iter().map(|e| email_key(&e.address)).collect()).unwrap_or_default(),
        Target::Organization => crm.organization(id).map(|o| vec![ico_key(&o.ico), email_key(&o.email), name_key(&o.name)]).unwrap_or_default(),
        Target::Lead => crm.lead(id).map(|l| vec![email_key(&l.email)]).unwrap_or_default(),
        Target::Product => crm.product(id).map(|p| vec![code_key(&p.code), name_key(&p.name)]).unwrap_or_default(),
    }
}

/// The keys a row is matched by, most telling first.
fn row_keys(target: Target, row: &Row) -> Vec<String> {
    let emails = || row.all(Key::Email).flat_map(|(_, c)| values(c, true)).map(email_key).collect::<Vec<_>>();
    match target {
        Target::Contact | Target::Lead => emails(),
        Target::Organization => {
            let mut k = vec![row.get(Key::Ico).map(ico_key).unwrap_or_default()];
            k.extend(emails());
            k.push(row.get(Key::Name).map(name_key).unwrap_or_default());
            k
        }
        Target::Product => vec![row.get(Key::Code).map(code_key).unwrap_or_default(), row.get(Key::Name).map(name_key).unwrap_or_default()],
    }
}

fn ids_of(target: Target, crm: &Crm) -> Vec<Uuid> {
    match target {
        Target::Contact => crm.contacts().map(|c| c.id).collect(),
        Target::Organization => crm.organizations().map(|o| o.id).collect(),
        Target::Lead => crm.leads().map(|l| l.id).collect(),
        Target::Product => crm.products().map(|p| p.id).collect(),
    }
}

impl Crm {
    /// What importing `table` as `target` records would change, as one
    /// action (`lang` writes what goes to notes: "Birthday: --03-14"). Empty cells leave a matched record's values as they are;
    /// emails, phones and tags are added to its own.
    pub fn plan_csv_import(&self, target: Target, table: &Table, mapping: &Mapping, mode: Mode, lang: Lang, ctx: &mut Ctx) -> Plan {
        let mut index = Index::default();
        for id in ids_of(target, self) {
            for k in record_keys(target, self, id) {
                index.add(k, id);
            }
        }
        let mut batch = Batch::new(self);
        let mut plan = Plan::default();
        let kind = target.kind();
        let look_alike = (mode != Mode::Update).then(|| self.duplicate_index(kind));
        for (i, cells) in table.rows.iter().enumerate() {
            if is_blank(cells) {
                continue;
            }
            let row = Row::new(cells, mapping);
            let existing = index.find(row_keys(target, &row));
            match (mode, existing) {
                (Mode::Create, Some(_)) | (Mode::Update, None) => {
                    plan.skipped += 1;
                    continue;
                }
                _ => {}
            }
            let mut p = Problems { list: Vec::new() };
            let (id, saved) = match target {
                Target::Contact => {
                    let mut c = existing.and_then(|id| batch.next.contact(id)).cloned().unwrap_or_else(|| {
                        let mut c = Contact::new((ctx.new_id)(), ctx.now);
                        c.owner_id = ctx.me;
                        c
                    });
                    let org = fill_contact(self, lang, &mut c, &row, &mut p);
                    // Checked first so a bad row makes no organization.
                    p.list.extend(c.validate().into_iter().map(|e| RowProblem { column: None, field: e.field, problem: e.problem }));
                    if p.list.is_empty() {
                        if let Some(name) = org {
                            match batch.organization_named(&name, ctx) {
                                Ok(id) => c.organization_id = Some(id),
                                Err(e) => p.list.extend(e.into_iter().map(|e| RowProblem {
                                    column: None,
                                    field: "organization".into(),
                                    problem: e.problem,
                                })),
                            }
                        }
                    }
                    let primary = batch.next.is_primary(&c);
                    (c.id, if p.list.is_empty() { batch.next.save_contact(c, primary, ctx) } else { Ok(Vec::new()) })
                }
                Target::Organization => {
                    let mut o = existing.and_then(|id| batch.next.organization(id)).cloned().unwrap_or_else(|| {
                        let mut o = Organization::new((ctx.new_id)(), ctx.now);
                        o.owner_id = ctx.me;
                        o
                    });
                    fill_organization(self, &mut o, &row, &mut p);
                    (o.id, batch.next.save_organization(o, ctx))
                }
                Target::Lead => {
                    let mut l = existing.and_then(|id| batch.next.lead(id)).cloned().unwrap_or_else(|| {
                        let mut l = Lead::new((ctx.new_id)(), ctx.now);
                        l.owner_id = ctx.me;
                        l
                    });
                    fill_lead(self, &mut l, &row, &mut p);
                    (l.id, batch.next.save_lead(l, ctx))
                }
                Target::Product => {
                    let mut pr = existing.and_then(|id| batch.next.product(id)).cloned().unwrap_or_else(|| Product::new((ctx.new_id)(), ctx.now));
                    fill_product(&mut pr, &row, &mut p);
                    (pr.id, batch.next.save_product(pr, ctx))
                }
            };
            if let Err(e) = &saved {
                p.list.extend(e.iter().map(|e| RowProblem { column: None, field: e.field.clone(), problem: e.problem.clone() }));
            }
            match saved {
                Ok(changes) if p.list.is_empty() => {
                    let changed = batch.add(changes);
                    match (existing, changed) {
                        (None, _) => {
                            plan.created += 1;
                            let rec = batch.next.get(kind, id);
                            if look_alike.as_ref().zip(rec).is_some_and(|(ix, r)| !ix.likely_duplicates_of(&r).is_empty()) {
                                plan.look_alikes.push(i);
                            }
                        }
                        (Some(_), true) => plan.updated += 1,
                        (Some(_), false) => plan.unchanged += 1,
                    }
                    for k in record_keys(target, &batch.next, id) {
                        index.add(k, id);
                    }
                }
                _ => {
                    // Problems found by validation name a field: point at its column.
                    for rp in &mut p.list {
                        if rp.column.is_none() {
                            let top = rp.field.split(['.', '[']).next().unwrap_or("");
                            let filled = |c: usize| cells.get(c).is_some_and(|v| !v.trim().is_empty());
                            let columns = || mapping.iter().enumerate().filter(|(_, k)| k.is_some_and(|k| k.fields().contains(&top))).map(|(c, _)| c);
                            // A filled column first: "Last name is required" names the empty one.
                            rp.column = columns().find(|c| filled(*c)).or_else(|| columns().next());
                        }
                    }
                    plan.rejected.push(Rejected { index: i, problems: p.list });
                }
            }
        }
        plan.organizations = batch.organizations_made;
        plan.changes = batch.changes;
        plan
    }
}

/// The rejected rows as a CSV file to fix and import again: the header,
/// then each rejected row as it was with its problems in a last column.
pub fn rejected_rows(table: &Table, plan: &Plan, reasons: impl Fn(&Rejected) -> String, problem_header: &str) -> Vec<Vec<String>> {
    let mut header = table.header.clone();
    header.push(problem_header.to_string());
    let mut out = vec![header];
    for r in &plan.rejected {
        let mut row = table.rows[r.index].clone();
        row.resize(table.header.len(), String::new());
        row.push(reasons(r));
        out.push(row);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_as_written() {
        let d = |y, m, dd| Ok(DateCell::Date(NaiveDate::from_ymd_opt(y, m, dd).unwrap()));
        assert_eq!(date_cell("1985-03-14"), d(1985, 3, 14));
        assert_eq!(date_cell("14. 3. 1985"), d(1985, 3, 14));
        assert_eq!(date_cell("3/14/1985"), d(1985, 3, 14));
        assert_eq!(date_cell("14/3/1985"), d(1985, 3, 14));
        assert_eq!(date_cell("19850314"), d(1985, 3, 14));
        assert_eq!(date_cell("3/14/85"), d(1985, 3, 14));
        assert_eq!(date_cell("0/0/00"), Ok(DateCell::Empty));
        assert_eq!(date_cell("--03-14"), Ok(DateCell::NoYear));
        assert_eq!(date_cell("31. 2. 2020"), Err(Problem::NotDate));
        assert_eq!(date_cell("soon"), Err(Problem::NotDate));
    }

    #[test]
    fn amounts_and_addresses() {
        assert_eq!(amount("1 234,50 Kč"), Ok(123_450));
        assert_eq!(amount("1234.5"), Ok(123_450));
        assert_eq!(amount("lots"), Err(Problem::NotANumber));
        let mut a = crate::model::Address::default();
        address_line("Vinohradská 12, 120 00 Praha 2, CZ", &mut a);
        assert_eq!((a.street.as_str(), a.postal_code.as_str(), a.city.as_str(), a.country.as_str()), ("Vinohradská 12", "120 00", "Praha 2", "CZ"));
    }
}

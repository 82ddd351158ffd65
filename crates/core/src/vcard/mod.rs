//! vCard (RFC 6350, 4.0; read also RFC 2426, 3.0): contacts out as cards
//! with every field we have, and cards in as contacts. Reads what address
//! books write: folded lines, escaped text, quoted-printable (3.0),
//! `TYPE` labels (also 2.1's bare `TEL;CELL`), Apple's `itemN.URL` with
//! `X-ABLabel`. What Vizitka writes, it reads back unchanged. Pure.

use std::fmt;

use chrono::{Datelike, NaiveDate};

use crate::ical::Writer;
use crate::model::{Contact, DateKind, Email, EmailLabel, ImportantDate, Phone, PhoneLabel, Role};

/// One card as read: the parts a contact is made of.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Card {
    pub uid: String,
    pub full_name: String,
    /// Family, given, additional, prefixes, suffixes.
    pub name: [String; 5],
    pub organization: String,
    pub title: String,
    pub emails: Vec<(String, Vec<String>)>,
    pub phones: Vec<(String, Vec<String>)>,
    /// Addresses as one line each ("street, city, code, country").
    pub addresses: Vec<String>,
    /// (url, label).
    pub urls: Vec<(String, String)>,
    pub birthday: Option<NaiveDate>,
    pub anniversary: Option<NaiveDate>,
    pub note: String,
    pub categories: Vec<String>,
    /// Vizitka's own fields, as `X-VIZITKA-*` properties.
    pub role: String,
    pub call_time: String,
    pub style: String,
    pub custom_dates: Vec<(String, NaiveDate)>,
}

/// The largest .vcf file an import reads: an address book with photos
/// (which are skipped) can be large.
pub const MAX_BYTES: usize = 64 * 1024 * 1024;

/// Why a file cannot be read as vCards. Lines are 1-based.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VcardError {
    TooLarge {
        bytes: usize,
    },
    Empty,
    Binary(crate::sniff::Binary),
    /// No `BEGIN:VCARD` anywhere.
    NoCards,
    /// A card that never ends (no END:VCARD before the file ends or the
    /// next card begins), opened on this line.
    Unclosed {
        line: usize,
    },
    /// A quoted-printable value with `=` not followed by two hex digits.
    BadQuotedPrintable {
        line: usize,
    },
    /// A VERSION other than 2.1, 3.0 or 4.0.
    UnknownVersion {
        line: usize,
        found: String,
    },
}

impl fmt::Display for VcardError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::i18n::vcard_error(crate::i18n::Lang::En, self))
    }
}

/// Properties holding binary data (base64) that a contact has no field
/// for: skipped while unfolding, so a 20 MB photo costs no copy.
const BINARY_PROPERTIES: [&str; 4] = ["PHOTO", "LOGO", "SOUND", "KEY"];

fn is_binary_property(line: &str) -> bool {
    let name = line.split([';', ':']).next().unwrap_or_default();
    let name = name.rsplit_once('.').map_or(name, |(_, n)| n);
    BINARY_PROPERTIES.iter().any(|p| p.eq_ignore_ascii_case(name))
}

/// The cards of a .vcf file's bytes (UTF-8, UTF-16 with its mark, or
/// Windows-1250 from an old Czech Outlook), refused whole when damaged.
pub fn read(bytes: &[u8]) -> Result<Vec<Card>, VcardError> {
    if bytes.len() > MAX_BYTES {
        return Err(VcardError::TooLarge { bytes: bytes.len() });
    }
    if let Some(kind) = crate::sniff::binary(bytes) {
        return Err(VcardError::Binary(kind));
    }
    let (text, _) = crate::csv::decode(bytes);
    if text.trim().is_empty() {
        return Err(VcardError::Empty);
    }
    parse(&text)
}

/// Physical lines joined into logical ones, each with its first line
/// number: a line starting with a space or tab continues the one before,
/// and so does the line after a quoted-printable value ending in `=`.
fn unfold(text: &str) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    let mut qp_continues = false;
    let mut skipping = false;
    for (i, raw) in text.split('\n').enumerate() {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        let continues = qp_continues || raw.starts_with([' ', '\t']);
        if skipping && continues {
            continue;
        }
        skipping = false;
        if let (Some(last), true) = (out.last_mut(), continues) {
            last.1.push_str(if qp_continues { raw } else { &raw[1..] });
        } else if is_binary_property(raw) {
            skipping = true;
        } else if !raw.is_empty() {
            out.push((i + 1, raw.to_string()));
        }
        qp_continues = out.last().is_some_and(|(_, l)| l.ends_with('=') && l.to_ascii_uppercase().contains("QUOTED-PRINTABLE"));
        if qp_continues {
            if let Some(last) = out.last_mut() {
                last.1.pop();
            }
        }
    }
    out
}

/// A content line: its group, name (upper case), parameters (names upper
/// case, values as written) and raw value.
struct Line {
    group: String,
    name: String,
    params: Vec<(String, String)>,
    value: String,
}

fn split_line(line: &str) -> Option<Line> {
    // The value starts at the first ':' outside a quoted parameter.
    let mut quoted = false;
    let colon = line.char_indices().find(|&(_, c)| {
        if c == '"' {
            quoted = !quoted;
        }
        c == ':' && !quoted
    })?;
    let (head, value) = (&line[..colon.0], &line[colon.0 + 1..]);
    let mut parts = head.split(';');
    let full = parts.next()?;
    let (group, name) = match full.rsplit_once('.') {
        Some((g, n)) => (g.to_string(), n.to_ascii_uppercase()),
        None => (String::new(), full.to_ascii_uppercase()),
    };
    let params = parts
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (k.to_ascii_uppercase(), v.trim_matches('"').to_string()),
            // vCard 2.1 writes bare types: TEL;CELL;VOICE
            None => ("TYPE".to_string(), p.to_string()),
        })
        .collect();
    Some(Line { group, name, params, value: value.to_string() })
}

impl Line {
    fn param(&self, name: &str) -> Option<&str> {
        self.params.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// Every TYPE, lower case, comma lists split.
    fn types(&self) -> Vec<String> {
        self.params
            .iter()
            .filter(|(k, _)| k == "TYPE")
            .flat_map(|(_, v)| v.split(','))
            .map(|t| t.trim().to_ascii_lowercase())
            .filter(|t| !t.is_empty())
            .collect()
    }

    /// The value with quoted-printable decoded (text not yet unescaped);
    /// `None` when the quoted-printable is damaged.
    fn raw(&self) -> Option<String> {
        if self.param("ENCODING").is_some_and(|e| e.eq_ignore_ascii_case("QUOTED-PRINTABLE")) {
            quoted_printable(&self.value)
        } else {
            Some(self.value.clone())
        }
    }
}

/// Quoted-printable (RFC 2045) decoded; `=` must start two hex digits.
/// Bytes that are not UTF-8 read as Windows-1250, as old Outlook wrote.
fn quoted_printable(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'=' {
            let hex = b.get(i + 1..i + 3).filter(|h| h.iter().all(u8::is_ascii_hexdigit))?;
            out.push(u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    Some(match String::from_utf8(out) {
        Ok(text) => text,
        Err(e) => crate::csv::decode(e.as_bytes()).0,
    })
}

/// Splits on `sep` where it is not escaped, then unescapes each part.
fn components(s: &str, sep: char) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('n' | 'N') => parts.last_mut().map(|p| p.push('\n')).unwrap_or(()),
                Some(other) => parts.last_mut().map(|p| p.push(other)).unwrap_or(()),
                None => {}
            },
            c if c == sep => parts.push(String::new()),
            c => parts.last_mut().map(|p| p.push(c)).unwrap_or(()),
        }
    }
    parts
}

fn text(s: &str) -> String {
    components(s, '\u{0}').remove(0)
}

/// 4.0 `19850412` or `1985-04-12`, 3.0 with a time after; a date without a
/// year (`--0412`) is not a date a contact can keep.
fn date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if s.starts_with("--") {
        return None;
    }
    let digits: String = s.chars().take_while(|c| *c != 'T').filter(char::is_ascii_digit).collect();
    if digits.len() != 8 {
        return None;
    }
    NaiveDate::from_ymd_opt(digits[..4].parse().ok()?, digits[4..6].parse().ok()?, digits[6..8].parse().ok()?)
}

/// Every card in `text`.
pub fn parse(file: &str) -> Result<Vec<Card>, VcardError> {
    let mut cards = Vec::new();
    let mut current: Option<(usize, Card)> = None;
    let mut labels: Vec<(String, String)> = Vec::new();
    let mut url_groups: Vec<(String, usize)> = Vec::new();
    for (n, raw) in unfold(file) {
        let Some(line) = split_line(&raw) else { continue };
        match line.name.as_str() {
            "BEGIN" if line.value.eq_ignore_ascii_case("VCARD") => {
                if let Some((line, _)) = current {
                    return Err(VcardError::Unclosed { line });
                }
                current = Some((n, Card::default()));
                labels.clear();
                url_groups.clear();
                continue;
            }
            "END" if line.value.eq_ignore_ascii_case("VCARD") => {
                if let Some((_, mut card)) = current.take() {
                    for (group, i) in &url_groups {
                        if let Some((_, l)) = labels.iter().find(|(g, _)| g == group) {
                            card.urls[*i].1 = l.clone();
                        }
                    }
                    cards.push(card);
                }
                continue;
            }
            _ => {}
        }
        let Some((_, card)) = current.as_mut() else { continue };
        let value = line.raw().ok_or(VcardError::BadQuotedPrintable { line: n })?;
        match line.name.as_str() {
            "VERSION" if !["2.1", "3.0", "4.0"].contains(&value.trim()) => {
                return Err(VcardError::UnknownVersion { line: n, found: value.trim().chars().take(20).collect() });
            }
            "UID" => card.uid = text(&value),
            "FN" => card.full_name = text(&value),
            "N" => {
                for (i, part) in components(&value, ';').into_iter().take(5).enumerate() {
                    card.name[i] = part;
                }
            }
            "ORG" => card.organization = components(&value, ';').into_iter().find(|p| !p.is_empty()).unwrap_or_default(),
            "TITLE" => card.title = text(&value),
            "EMAIL" => card.emails.push((text(&value).trim().to_string(), line.types())),
            "TEL" => card.phones.push((text(&value).trim().trim_start_matches("tel:").to_string(), line.types())),
            "ADR" => {
                let parts: Vec<String> = components(&value, ';').into_iter().map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).collect();
                if !parts.is_empty() {
                    card.addresses.push(parts.join(", "));
                }
            }
            "URL" => {
                if !line.group.is_empty() {
                    url_groups.push((line.group.clone(), card.urls.len()));
                }
                card.urls.push((text(&value).trim().to_string(), line.types().first().cloned().unwrap_or_default()));
            }
            "X-ABLABEL" => labels.push((line.group.clone(), text(&value).trim_start_matches("_$!<").trim_end_matches(">!$_").to_string())),
            "BDAY" => card.birthday = date(&value),
            "ANNIVERSARY" | "X-ANNIVERSARY" => card.anniversary = date(&value),
            "NOTE" => card.note = text(&value),
            "CATEGORIES" => card.categories.extend(components(&value, ',').into_iter().map(|c| c.trim().to_string()).filter(|c| !c.is_empty())),
            "X-VIZITKA-ROLE" => card.role = text(&value),
            "X-VIZITKA-CALL-TIME" => card.call_time = text(&value),
            "X-VIZITKA-STYLE" => card.style = text(&value),
            "X-VIZITKA-DATE" => {
                if let Some(d) = date(&value) {
                    card.custom_dates.push((line.param("LABEL").unwrap_or_default().to_string(), d));
                }
            }
            _ => {}
        }
    }
    if let Some((line, _)) = current {
        return Err(VcardError::Unclosed { line });
    }
    if cards.is_empty() && !file.to_ascii_uppercase().contains("BEGIN:VCARD") {
        return Err(VcardError::NoCards);
    }
    Ok(cards)
}

fn phone_label(types: &[String]) -> PhoneLabel {
    let has = |t: &str| types.iter().any(|x| x == t);
    if has("fax") {
        PhoneLabel::Fax
    } else if has("cell") || has("mobile") || has("iphone") {
        PhoneLabel::Mobile
    } else if has("work") {
        PhoneLabel::Work
    } else if has("home") {
        PhoneLabel::Home
    } else {
        PhoneLabel::Other
    }
}

fn email_label(types: &[String]) -> EmailLabel {
    if types.iter().any(|t| t == "home") {
        EmailLabel::Personal
    } else if types.iter().any(|t| t == "other") {
        EmailLabel::Other
    } else {
        EmailLabel::Work
    }
}

pub(crate) fn is_linkedin(url: &str) -> bool {
    crate::model::validate::web_url_host(url).is_some_and(|h| {
        let h = h.to_ascii_lowercase();
        h == "linkedin.com" || h.ends_with(".linkedin.com")
    })
}

impl Card {
    /// The card as a contact's fields (into `c`, which keeps its id, times
    /// and owner), and the name of its organization ("" for none).
    /// Addresses and other links, which a contact has no field for, are
    /// added to the notes.
    pub fn fill(&self, c: &mut Contact) -> String {
        let [family, given, additional, prefix, _] = &self.name;
        if family.is_empty() && given.is_empty() {
            // Only FN: the last word is the family name.
            let full = self.full_name.trim();
            match full.rsplit_once(' ') {
                Some((first, last)) => (c.first_name, c.last_name) = (first.to_string(), last.to_string()),
                None => (c.first_name, c.last_name) = (String::new(), full.to_string()),
            }
        } else {
            c.first_name = [given.as_str(), additional.as_str()].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join(" ");
            c.last_name = family.clone();
        }
        c.title = prefix.clone();
        c.position = self.title.clone();
        c.emails = self.emails.iter().filter(|(a, _)| !a.is_empty()).map(|(a, t)| Email { address: a.clone(), label: email_label(t) }).collect();
        c.phones = self.phones.iter().filter(|(n, _)| !n.is_empty()).map(|(n, t)| Phone { number: n.clone(), label: phone_label(t) }).collect();
        c.linkedin = self.urls.iter().find(|(u, _)| is_linkedin(u)).map(|(u, _)| u.clone()).unwrap_or_default();
        c.important_dates.clear();
        c.important_dates.extend(self.birthday.map(|date| ImportantDate { kind: DateKind::Birthday, label: String::new(), date }));
        c.important_dates.extend(self.anniversary.map(|date| ImportantDate { kind: DateKind::Anniversary, label: String::new(), date }));
        c.important_dates.extend(self.custom_dates.iter().map(|(label, date)| ImportantDate {
            kind: DateKind::Custom,
            label: label.clone(),
            date: *date,
        }));
        c.role = Role::parse(&self.role).unwrap_or(c.role);
        c.preferred_call_time = self.call_time.clone();
        c.communication_style = self.style.clone();
        c.tags = self.categories.clone();
        let mut notes = vec![self.note.clone()];
        notes.extend(self.addresses.iter().cloned());
        notes.extend(self.urls.iter().filter(|(u, _)| !is_linkedin(u)).map(|(u, l)| if l.is_empty() { u.clone() } else { format!("{l}: {u}") }));
        c.notes = notes.into_iter().filter(|n| !n.trim().is_empty()).collect::<Vec<_>>().join("\n");
        self.organization.trim().to_string()
    }
}

fn vdate(d: NaiveDate) -> String {
    format!("{:04}{:02}{:02}", d.year(), d.month(), d.day())
}

/// One contact as a vCard 4.0, with its organization's name.
pub fn write(c: &Contact, organization: &str) -> String {
    let mut w = Writer::default();
    w.line("BEGIN", "VCARD");
    w.line("VERSION", "4.0");
    w.line("UID", &format!("urn:uuid:{}", c.id));
    w.line("FN", &crate::ical::escape(&c.full_name()));
    let n = [&c.last_name, &c.first_name, &String::new(), &c.title, &String::new()].map(|p| crate::ical::escape(p));
    w.line("N", &n.join(";"));
    w.text("ORG", organization);
    w.text("TITLE", &c.position);
    for (i, e) in c.emails.iter().enumerate() {
        let t = match e.label {
            EmailLabel::Work => "work",
            EmailLabel::Personal => "home",
            EmailLabel::Other => "other",
        };
        let pref = if i == 0 { ";PREF=1" } else { "" };
        w.text(&format!("EMAIL;TYPE={t}{pref}"), &e.address);
    }
    for (i, p) in c.phones.iter().enumerate() {
        let t = match p.label {
            PhoneLabel::Mobile => "cell",
            PhoneLabel::Work => "work",
            PhoneLabel::Home => "home",
            PhoneLabel::Fax => "fax",
            PhoneLabel::Other => "other",
        };
        let pref = if i == 0 { ";PREF=1" } else { "" };
        w.text(&format!("TEL;VALUE=text;TYPE={t}{pref}"), &p.number);
    }
    w.text("URL;TYPE=linkedin", &c.linkedin);
    for d in &c.important_dates {
        match d.kind {
            DateKind::Birthday => w.line("BDAY", &vdate(d.date)),
            DateKind::Anniversary => w.line("ANNIVERSARY", &vdate(d.date)),
            DateKind::Custom => w.line(&format!("X-VIZITKA-DATE;LABEL={}", crate::ical::param(&d.label)), &vdate(d.date)),
        }
    }
    if c.role != Role::Other {
        w.line("X-VIZITKA-ROLE", c.role.as_str());
    }
    w.text("X-VIZITKA-CALL-TIME", &c.preferred_call_time);
    w.text("X-VIZITKA-STYLE", &c.communication_style);
    if !c.tags.is_empty() {
        w.line("CATEGORIES", &c.tags.iter().map(|t| crate::ical::escape(t)).collect::<Vec<_>>().join(","));
    }
    w.text("NOTE", &c.notes);
    w.line("REV", &crate::ical::utc(c.updated_at));
    w.line("END", "VCARD");
    w.out
}

/// The id of a card this app wrote (`urn:uuid:<id>`).
pub fn own_id(uid: &str) -> Option<uuid::Uuid> {
    uuid::Uuid::parse_str(uid.trim().strip_prefix("urn:uuid:")?).ok()
}

/// What an import of cards did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Imported {
    pub created: usize,
    pub updated: usize,
    pub organizations: usize,
    /// New contacts that look like ones already there (same phone or
    /// name): worth a look under Duplicates.
    pub look_alikes: usize,
}

impl crate::model::Crm {
    /// Cards as contacts, in one action, all or none. A card matches the
    /// contact it was exported from (its `urn:uuid` UID), else one with
    /// the same email, and updates it: importing a file twice makes no
    /// duplicates. Organizations are linked by name, or made. Problems are
    /// named by card (`cards[3].emails[0]`).
    pub fn import_cards(
        &self,
        cards: &[Card],
        ctx: &mut crate::model::Ctx,
    ) -> Result<(Vec<crate::model::Change>, Imported), Vec<crate::model::FieldError>> {
        use crate::model::FieldError;
        use std::collections::HashMap;
        let mut by_email: HashMap<String, uuid::Uuid> = HashMap::new();
        for c in self.contacts() {
            for e in &c.emails {
                by_email.entry(e.address.trim().to_lowercase()).or_insert(c.id);
            }
        }
        let mut batch = crate::model::ops::batch::Batch::new(self);
        let mut errors = Vec::new();
        let mut done = Imported::default();
        let known = self.duplicate_index(crate::model::Kind::Contact);
        let mut seen = crate::model::ids::IdSet::default();
        for (i, card) in cards.iter().enumerate() {
            let existing = own_id(&card.uid)
                .filter(|id| batch.next.contact(*id).is_some())
                .or_else(|| card.emails.iter().find_map(|(a, _)| by_email.get(&a.trim().to_lowercase()).copied()))
                .filter(|id| !seen.contains(id));
            let mut c = match existing.and_then(|id| batch.next.contact(id)) {
                Some(c) => c.clone(),
                None => {
                    let mut c = Contact::new((ctx.new_id)(), ctx.now);
                    c.owner_id = ctx.me;
                    c
                }
            };
            seen.insert(c.id);
            let org_name = card.fill(&mut c);
            if !org_name.is_empty() {
                match batch.organization_named(&org_name, ctx) {
                    Ok(id) => c.organization_id = Some(id),
                    Err(e) => errors.extend(e.into_iter().map(|e| FieldError::new(format!("cards[{i}].organization.{}", e.field), e.problem))),
                }
            }
            let is_new = existing.is_none();
            if is_new && !known.likely_duplicates_of(&crate::model::Rec::Contact(c.clone())).is_empty() {
                done.look_alikes += 1;
            }
            // An update keeps the contact's place as its organization's primary one.
            let primary = batch.next.is_primary(&c);
            match batch.next.save_contact(c, primary, ctx) {
                Ok(more) => {
                    batch.add(more);
                    if is_new {
                        done.created += 1;
                    } else {
                        done.updated += 1;
                    }
                }
                Err(e) => errors.extend(e.into_iter().map(|e| FieldError::new(format!("cards[{i}].{}", e.field), e.problem))),
            }
        }
        done.organizations = batch.organizations_made;
        let changes = batch.changes;
        if errors.is_empty() {
            Ok((changes, done))
        } else {
            Err(errors)
        }
    }
}

//! Texts with `{placeholders}` filled from a record: a task's title, a
//! reminder, an email's subject and body. A placeholder whose value is
//! missing disappears with one space beside it ("Dear {title} {last_name}"
//! without a title reads "Dear Novák"); an unknown one stays as typed, so
//! a typo shows instead of vanishing.

use crate::model::activity::Target;
use crate::model::record::Kind;
use crate::model::Crm;

/// Every placeholder, in the order the editor lists them.
pub const PLACEHOLDERS: [&str; 11] =
    ["name", "first_name", "last_name", "title", "organization", "email", "number", "subject", "summary", "owner", "me"];

/// The values of a record's placeholders.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Vars {
    values: Vec<(&'static str, String)>,
}

impl Vars {
    pub fn new() -> Vars {
        Vars::default()
    }

    pub fn set(&mut self, name: &'static str, value: impl Into<String>) {
        let value = value.into();
        match self.values.iter_mut().find(|(n, _)| *n == name) {
            Some(slot) => slot.1 = value,
            None => self.values.push((name, value)),
        }
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.values.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str())
    }

    /// The placeholders of `target` as `crm` has it; `me` is the name of
    /// who runs the rule.
    pub fn of(crm: &Crm, target: Target, me: &str) -> Vars {
        let mut v = Vars::new();
        v.set("name", crm.label(target));
        v.set("me", me);
        let org_name = |id: Option<uuid::Uuid>| id.and_then(|o| crm.organization(o)).map(|o| o.name.clone()).unwrap_or_default();
        let email = |v: &mut Vars, c: Option<&crate::model::Contact>| {
            if let Some(e) = c.and_then(|c| c.primary_email()) {
                v.set("email", e);
            }
        };
        match target.kind {
            Kind::Contact => {
                if let Some(c) = crm.contact(target.id) {
                    v.set("first_name", c.first_name.clone());
                    v.set("last_name", c.last_name.clone());
                    v.set("title", c.title.clone());
                    v.set("organization", org_name(c.organization_id));
                    v.set("owner", crm.member_name(c.owner_id));
                    email(&mut v, Some(c));
                }
            }
            Kind::Organization => {
                if let Some(o) = crm.organization(target.id) {
                    v.set("organization", o.name.clone());
                    v.set("email", o.email.clone());
                    v.set("owner", crm.member_name(o.owner_id));
                }
            }
            Kind::Lead => {
                if let Some(l) = crm.lead(target.id) {
                    v.set("first_name", l.first_name.clone());
                    v.set("last_name", l.last_name.clone());
                    v.set("title", l.title.clone());
                    v.set("organization", l.company.clone());
                    v.set("email", l.email.clone());
                    v.set("owner", crm.member_name(l.owner_id));
                }
            }
            Kind::Opportunity => {
                if let Some(o) = crm.opportunity(target.id) {
                    v.set("organization", org_name(o.organization_id));
                    v.set("owner", crm.member_name(o.owner_id));
                    email(&mut v, o.contacts.first().and_then(|c| crm.contact(c.contact_id)));
                }
            }
            Kind::Quote => {
                if let Some(q) = crm.quote(target.id) {
                    v.set("number", q.number.clone());
                    v.set("organization", org_name(q.organization_id));
                    v.set("owner", crm.member_name(q.owner_id));
                    let contact = q.contact_id.and_then(|c| crm.contact(c));
                    if let Some(c) = contact {
                        v.set("first_name", c.first_name.clone());
                        v.set("last_name", c.last_name.clone());
                        v.set("title", c.title.clone());
                    }
                    email(&mut v, contact);
                }
            }
            Kind::Activity => {
                if let Some(a) = crm.activity(target.id) {
                    v.set("subject", a.subject.clone());
                    v.set("summary", a.summary.clone());
                    v.set("owner", crm.member_name(a.owner_id));
                    let targets = crm.targets_of(a.id);
                    let org = targets.iter().find(|t| t.kind == Kind::Organization).map(|t| t.id);
                    v.set("organization", org_name(org));
                    // A meeting's people: its first participant who is a contact.
                    let contact = a
                        .participants
                        .iter()
                        .chain(targets.iter().filter(|t| t.kind == Kind::Contact).map(|t| &t.id))
                        .find_map(|id| crm.contact(*id));
                    if let Some(c) = contact {
                        v.set("first_name", c.first_name.clone());
                        v.set("last_name", c.last_name.clone());
                        v.set("title", c.title.clone());
                    }
                    email(&mut v, contact);
                }
            }
            _ => {}
        }
        v
    }
}

/// `text` with every known placeholder replaced by its value in `vars`.
pub fn render(text: &str, vars: &Vars) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let Some(len) = rest[open + 1..].find('}') else { break };
        let name = &rest[open + 1..open + 1 + len];
        out.push_str(&rest[..open]);
        rest = &rest[open + len + 2..];
        if !PLACEHOLDERS.contains(&name) {
            out.push('{');
            out.push_str(name);
            out.push('}');
            continue;
        }
        match vars.get(name).map(str::trim).filter(|v| !v.is_empty()) {
            Some(value) => out.push_str(value),
            // Gone with one space beside it: the one before, else the one after.
            None => {
                if out.ends_with(' ') {
                    out.pop();
                } else if let Some(r) = rest.strip_prefix(' ') {
                    rest = r;
                }
            }
        }
    }
    out.push_str(rest);
    out
}

/// The placeholders in `text` that are not known (typos), each once.
pub fn unknown_placeholders(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let Some(len) = rest[open + 1..].find('}') else { break };
        let name = &rest[open + 1..open + 1 + len];
        if !PLACEHOLDERS.contains(&name) && !out.iter().any(|n| n == name) {
            out.push(name.to_string());
        }
        rest = &rest[open + len + 2..];
    }
    out
}

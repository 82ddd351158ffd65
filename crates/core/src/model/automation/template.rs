//! Texts with `{placeholders}` filled from a record: a task's title, a
//! reminder, an email's subject and body. A placeholder whose value is
//! missing disappears with one space beside it ("Dear {title} {last_name}"
//! without a title reads "Dear Novák"); an unknown one stays as typed, so
//! a typo shows instead of vanishing.

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

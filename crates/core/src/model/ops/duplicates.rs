//! Likely duplicates among the records of a kind (same email, phone, IČO,
//! code, or the same name once case, accents and legal form are set
//! aside), and merging them: the values picked per field, lists joined,
//! every record pointing at the merged ones pointed at the survivor, one
//! action and one history entry.

use std::collections::HashMap;

use serde_json::Value;
use uuid::Uuid;

use crate::model::history::{Action, FieldChange};
use crate::model::kind::Kind;
use crate::model::ops::sales::{company_key, phone_key};
use crate::model::record::{Change, Rec};
use crate::model::search::fold;
use crate::model::validate::{FieldError, Problem};
use crate::model::{Crm, Ctx};

coded! {
    /// Why records look like one.
    pub enum Reason {
        #[default]
        Email = "email",
        Phone = "phone",
        Ico = "ico",
        Code = "code",
        Name = "name",
    }
}

/// The kinds whose likely duplicates are looked for (and merged).
pub const KINDS: [Kind; 4] = [Kind::Contact, Kind::Organization, Kind::Lead, Kind::Product];

impl Reason {
    /// How much the reason says, out of 100 (a group's score is the sum of
    /// its reasons', at most 100).
    pub fn weight(self) -> u8 {
        match self {
            Reason::Ico => 80,
            Reason::Email => 70,
            Reason::Code => 70,
            Reason::Phone => 50,
            Reason::Name => 40,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// In list order of their names.
    pub ids: Vec<Uuid>,
    pub reasons: Vec<Reason>,
    pub score: u8,
}

/// A value more records share than this is not a duplicate's mark but
/// a shared one (a company's switchboard, "info@"): it groups nothing.
const SHARED_BY_MANY: usize = 50;

/// The values a record is compared by.
fn keys(crm: &Crm, kind: Kind, id: Uuid) -> Vec<(Reason, String)> {
    let mut k = Vec::new();
    let email = |k: &mut Vec<(Reason, String)>, e: &str| {
        let e = e.trim().to_lowercase();
        if !e.is_empty() {
            k.push((Reason::Email, e));
        }
    };
    let phone = |k: &mut Vec<(Reason, String)>, p: &str| k.extend(phone_key(p).map(|p| (Reason::Phone, p)));
    let name = |k: &mut Vec<(Reason, String)>, n: String| {
        if !n.trim().is_empty() {
            k.push((Reason::Name, n));
        }
    };
    match kind {
        Kind::Contact => {
            if let Some(c) = crm.contact(id) {
                c.emails.iter().for_each(|e| email(&mut k, &e.address));
                c.phones.iter().for_each(|p| phone(&mut k, &p.number));
                if !c.last_name.trim().is_empty() {
                    name(&mut k, fold(&format!("{} {}", c.first_name.trim(), c.last_name.trim())));
                }
            }
        }
        Kind::Organization => {
            if let Some(o) = crm.organization(id) {
                let ico: String = o.ico.chars().filter(char::is_ascii_digit).collect();
                if !ico.is_empty() {
                    k.push((Reason::Ico, ico));
                }
                email(&mut k, &o.email);
                phone(&mut k, &o.phone);
                name(&mut k, company_key(&o.name));
            }
        }
        Kind::Lead => {
            if let Some(l) = crm.lead(id) {
                email(&mut k, &l.email);
                phone(&mut k, &l.phone);
                name(&mut k, fold(&format!("{} {} {}", l.first_name.trim(), l.last_name.trim(), company_key(&l.company))));
            }
        }
        Kind::Product => {
            if let Some(p) = crm.product(id) {
                let code = p.code.trim().to_lowercase();
                if !code.is_empty() {
                    k.push((Reason::Code, code));
                }
                name(&mut k, fold(p.name.trim()));
            }
        }
        _ => {}
    }
    k.sort();
    k.dedup();
    k
}

fn ids_of(crm: &Crm, kind: Kind) -> Vec<Uuid> {
    match kind {
        Kind::Contact => crm.contacts().map(|c| c.id).collect(),
        Kind::Organization => crm.organizations().map(|o| o.id).collect(),
        Kind::Lead => crm.leads().map(|l| l.id).collect(),
        Kind::Product => crm.products().map(|p| p.id).collect(),
        _ => Vec::new(),
    }
}

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

impl Crm {
    /// Groups of records of `kind` that look like one, most likely first.
    /// Linear: records meet in buckets of equal keys, never pairwise.
    pub fn duplicates(&self, kind: Kind) -> Vec<Group> {
        let mut ids = ids_of(self, kind);
        ids.sort_by(|a, b| self.sort_key(*a).cmp(self.sort_key(*b)).then(a.cmp(b)));
        let mut buckets: HashMap<(Reason, String), Vec<usize>> = HashMap::new();
        for (i, id) in ids.iter().enumerate() {
            for key in keys(self, kind, *id) {
                buckets.entry(key).or_default().push(i);
            }
        }
        let mut parent: Vec<usize> = (0..ids.len()).collect();
        let shared = |b: &Vec<usize>| b.len() >= 2 && b.len() <= SHARED_BY_MANY;
        for b in buckets.values().filter(|b| shared(b)) {
            let root = find(&mut parent, b[0]);
            for &i in &b[1..] {
                let r = find(&mut parent, i);
                parent[r] = root;
            }
        }
        let mut members: HashMap<usize, Vec<usize>> = HashMap::new();
        for i in 0..ids.len() {
            let r = find(&mut parent, i);
            members.entry(r).or_default().push(i);
        }
        let mut reasons: HashMap<usize, Vec<Reason>> = HashMap::new();
        for ((reason, _), b) in buckets.iter().filter(|(_, b)| shared(b)) {
            let r = find(&mut parent, b[0]);
            let list = reasons.entry(r).or_default();
            if !list.contains(reason) {
                list.push(*reason);
            }
        }
        let mut groups: Vec<Group> = members
            .into_iter()
            .filter(|(_, m)| m.len() > 1)
            .map(|(root, m)| {
                let mut rs = reasons.remove(&root).unwrap_or_default();
                rs.sort_by_key(|r| std::cmp::Reverse(r.weight()));
                let score = rs.iter().map(|r| u32::from(r.weight())).sum::<u32>().min(100) as u8;
                Group { ids: m.into_iter().map(|i| ids[i]).collect(), reasons: rs, score }
            })
            .collect();
        groups.sort_by(|a, b| b.score.cmp(&a.score).then_with(|| self.sort_key(a.ids[0]).cmp(self.sort_key(b.ids[0]))));
        groups
    }

    /// Every record of `kind` by the values it is compared by: built once
    /// (a form, an import), then asked per candidate.
    pub fn duplicate_index(&self, kind: Kind) -> DuplicateIndex {
        let mut map: HashMap<(Reason, String), Vec<Uuid>> = HashMap::new();
        for id in ids_of(self, kind) {
            for k in keys(self, kind, id) {
                map.entry(k).or_default().push(id);
            }
        }
        DuplicateIndex { map }
    }
}

pub struct DuplicateIndex {
    map: HashMap<(Reason, String), Vec<Uuid>>,
}

impl DuplicateIndex {
    /// Records that `candidate` (not yet saved, or being edited) would
    /// duplicate, with why; a value many share is no sign.
    pub fn likely_duplicates_of(&self, candidate: &Rec) -> Vec<(Uuid, Reason)> {
        let id = candidate.id();
        let mut probe = Crm::new();
        probe.apply(&[Change::Put(candidate.clone())]);
        let mut out: Vec<(Uuid, Reason)> = Vec::new();
        for k in keys(&probe, candidate.kind(), id) {
            let Some(ids) = self.map.get(&k).filter(|ids| ids.len() <= SHARED_BY_MANY) else { continue };
            for other in ids {
                if *other != id && !out.iter().any(|(o, _)| o == other) {
                    out.push((*other, k.0));
                }
            }
        }
        out
    }
}

/// Which record each field's value comes from; fields not named keep the
/// survivor's value, or take the first non-empty one of the others.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MergePlan {
    pub survivor: Uuid,
    pub others: Vec<Uuid>,
    pub picks: Vec<(String, Uuid)>,
}

/// The fields a merge offers a choice for, per kind (lists are joined).
pub fn merge_fields(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Contact => &[
            "title",
            "first_name",
            "last_name",
            "position",
            "organization_id",
            "role",
            "linkedin",
            "preferred_call_time",
            "communication_style",
            "owner_id",
            "notes",
        ],
        Kind::Organization => &[
            "name",
            "ico",
            "dic",
            "industry",
            "website",
            "email",
            "phone",
            "billing_address",
            "postal_address",
            "primary_contact_id",
            "owner_id",
            "notes",
        ],
        Kind::Lead => &["title", "first_name", "last_name", "company", "ico", "position", "email", "phone", "source", "status", "owner_id", "notes"],
        Kind::Product => &["name", "code", "unit", "unit_price", "currency", "vat_rate", "warranty_months", "active", "notes"],
        _ => &[],
    }
}

/// Lists that a merge joins instead of picking.
const JOINED: [&str; 5] = ["emails", "phones", "important_dates", "tags", "targets"];

fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.values().all(is_empty),
        _ => false,
    }
}

/// A record as its JSON fields (the bundle's form). Through text, with
/// the log's own (de)serializers: serde_json's `Value` (de)serializer would
/// put a second copy of every record type's in the wasm.
pub fn fields_of(r: &Rec) -> serde_json::Map<String, Value> {
    let text = serde_json::to_string(&Change::Put(r.clone())).unwrap_or_default();
    match serde_json::from_str::<Value>(&text) {
        Ok(Value::Object(mut o)) => match o.remove("record") {
            Some(Value::Object(f)) => f,
            _ => serde_json::Map::new(),
        },
        _ => serde_json::Map::new(),
    }
}

fn from_fields(kind: Kind, fields: serde_json::Map<String, Value>) -> Option<Rec> {
    let mut o = serde_json::Map::new();
    o.insert("op".into(), Value::String(format!("put_{}", kind.as_str())));
    o.insert("record".into(), Value::Object(fields));
    let text = serde_json::to_string(&Value::Object(o)).ok()?;
    match serde_json::from_str::<Change>(&text) {
        Ok(Change::Put(r)) => Some(r),
        _ => None,
    }
}

/// `v` with every `from` id replaced by `to`.
fn repoint(v: &mut Value, from: &[String], to: &str) {
    match v {
        Value::String(s) if from.contains(s) => *s = to.to_string(),
        Value::Array(a) => {
            a.iter_mut().for_each(|x| repoint(x, from, to));
            // A list that now names the survivor twice names it once.
            let mut seen = Vec::new();
            a.retain(|x| {
                let keep = !seen.contains(x);
                seen.push(x.clone());
                keep
            });
        }
        Value::Object(o) => o.values_mut().for_each(|x| repoint(x, from, to)),
        _ => {}
    }
}

impl Crm {
    /// The merged survivor, as the plan picks its values.
    pub fn merged(&self, kind: Kind, plan: &MergePlan) -> Option<Rec> {
        let survivor = self.get(kind, plan.survivor)?;
        let others: Vec<(Uuid, serde_json::Map<String, Value>)> =
            plan.others.iter().filter_map(|id| self.get(kind, *id).map(|r| (*id, fields_of(&r)))).collect();
        let mut fields = fields_of(&survivor);
        for f in merge_fields(kind) {
            let picked = plan.picks.iter().find(|(name, _)| name == f).map(|(_, id)| *id);
            let value = match picked {
                Some(id) if id != plan.survivor => others.iter().find(|(o, _)| *o == id).and_then(|(_, o)| o.get(*f).cloned()),
                Some(_) => None,
                None if fields.get(*f).is_none_or(is_empty) => others.iter().filter_map(|(_, o)| o.get(*f)).find(|v| !is_empty(v)).cloned(),
                None => None,
            };
            if let Some(v) = value {
                fields.insert(f.to_string(), v);
            }
        }
        for f in JOINED {
            let Some(Value::Array(list)) = fields.get(f).cloned() else { continue };
            let mut list = list;
            for (_, o) in &others {
                if let Some(Value::Array(more)) = o.get(f) {
                    for x in more {
                        if !list.contains(x) {
                            list.push(x.clone());
                        }
                    }
                }
            }
            fields.insert(f.to_string(), Value::Array(list));
        }
        // The merged ones' references to one another (a primary contact
        // among the merged contacts) point at the survivor.
        let from: Vec<String> = plan.others.iter().map(Uuid::to_string).collect();
        let mut v = Value::Object(fields);
        repoint(&mut v, &from, &plan.survivor.to_string());
        let Value::Object(fields) = v else { return None };
        from_fields(kind, fields)
    }

    /// Merges `plan.others` into `plan.survivor`: its fields as picked,
    /// lists joined, every activity, link, file, deal, quote, lead and campaign
    /// pointing at the others pointed at it, the others deleted. One
    /// action, one history entry.
    pub fn merge(&self, kind: Kind, plan: &MergePlan, ctx: &mut Ctx) -> Result<Vec<Change>, Vec<FieldError>> {
        if plan.others.is_empty() || plan.others.contains(&plan.survivor) || plan.others.iter().any(|id| self.get(kind, *id).is_none()) {
            return Err(vec![FieldError::new("others", Problem::Missing)]);
        }
        let Some(mut merged) = self.merged(kind, plan) else { return Err(vec![FieldError::new("survivor", Problem::Missing)]) };
        let errors = match &mut merged {
            Rec::Contact(c) => {
                c.updated_at = ctx.now;
                c.validate()
            }
            Rec::Organization(o) => {
                o.updated_at = ctx.now;
                o.validate()
            }
            Rec::Lead(l) => {
                l.updated_at = ctx.now;
                l.validate()
            }
            Rec::Product(p) => {
                p.updated_at = ctx.now;
                p.validate()
            }
            _ => return Err(vec![FieldError::new("kind", Problem::NotAChoice)]),
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut changes = vec![Change::Put(merged)];
        let from: Vec<String> = plan.others.iter().map(Uuid::to_string).collect();
        let to = plan.survivor.to_string();
        let mut touched = crate::model::ids::IdSet::default();
        let mut referring: Vec<Rec> = Vec::new();
        let mut add = |r: Option<Rec>| {
            if let Some(r) = r {
                if touched.insert(r.id()) {
                    referring.push(r);
                }
            }
        };
        let mut survivor_links: Vec<Uuid> = self.links_to(plan.survivor).map(|l| l.activity_id).collect();
        for other in &plan.others {
            for l in self.links_to(*other) {
                // Links are never edited: the old one goes, a new one
                // names the survivor (unless the activity is already its).
                changes.push(Change::Delete(Kind::Link, l.id));
                if !survivor_links.contains(&l.activity_id) {
                    let mut moved = l.clone();
                    moved.id = (ctx.new_id)();
                    moved.record_id = plan.survivor;
                    changes.push(Change::put(moved));
                    survivor_links.push(l.activity_id);
                }
            }
            for t in self.referrers(*other) {
                add(self.get(t.kind, t.id));
            }
            for c in self.contacts_of(*other) {
                add(Some(Rec::Contact(c.clone())));
            }
            for f in self.attachments_of(*other) {
                add(Some(Rec::Attachment(f.clone())));
            }
        }
        // References without an index: few records, or one field each.
        for o in self.organizations().filter(|o| o.primary_contact_id.is_some_and(|p| plan.others.contains(&p))) {
            add(Some(Rec::Organization(o.clone())));
        }
        for a in self.activities().filter(|a| a.participants.iter().any(|p| plan.others.contains(p))) {
            add(Some(Rec::Activity(a.clone())));
        }
        for c in self.campaigns().filter(|c| c.targets.iter().any(|t| plan.others.contains(t))) {
            add(Some(Rec::Campaign(c.clone())));
        }
        for r in referring {
            if plan.others.contains(&r.id()) || r.id() == plan.survivor {
                continue;
            }
            let kind = r.kind();
            let mut v = Value::Object(fields_of(&r));
            repoint(&mut v, &from, &to);
            if let Value::Object(f) = v {
                if let Some(r) = from_fields(kind, f) {
                    changes.push(Change::Put(r));
                }
            }
        }
        let mut labels = vec![self.label_of(plan.survivor)];
        for other in &plan.others {
            labels.push(self.label_of(*other));
            changes.push(Change::Delete(kind, *other));
        }
        let merged = vec![FieldChange {
            field: "merged".into(),
            old: Value::Null,
            new: Value::Array(labels[1..].iter().cloned().map(Value::String).collect()),
        }];
        let records = std::iter::once(plan.survivor).chain(plan.others.iter().copied()).collect();
        changes.push(self.group_entry(kind, records, labels[0].clone(), Action::Updated, merged, ctx));
        Ok(changes)
    }
}

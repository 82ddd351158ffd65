//! Bulk actions on a selection of records of one kind (set the owner, a
//! role, a status or a stage; add or remove a tag; delete): one action,
//! one transaction and one history entry naming every record; and their
//! undo, which puts back exactly what the action changed.

use serde_json::Value;
use uuid::Uuid;

use crate::model::contract::SlaPriority;
use crate::model::history::{Action, FieldChange};
use crate::model::kind::Kind;
use crate::model::lead::LeadStatus;
use crate::model::ops::batch::Batch;
use crate::model::pipeline::Stage;
use crate::model::record::{Change, Rec};
use crate::model::ticket::TicketStatus;
use crate::model::validate::{FieldError, Problem};
use crate::model::{ActivitiesOnDelete, Role};
use crate::model::{Crm, Ctx};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BulkEdit {
    Owner(Option<Uuid>),
    /// Contacts only.
    Role(Role),
    /// Leads only; converting is not a bulk action.
    LeadStatus(LeadStatus),
    /// Opportunities only.
    Stage(Uuid),
    /// Tickets only (their owner is the assignee).
    TicketStatus(TicketStatus),
    TicketPriority(SlaPriority),
    AddTag(String),
    RemoveTag(String),
    /// Activities stay, unlinked from the deleted records.
    Delete,
}

impl BulkEdit {
    /// The one history entry's field changes: what was set, for all.
    fn changes(&self, kind: Kind) -> Vec<FieldChange> {
        let set = |field: &str, new: Value| vec![FieldChange { field: field.into(), old: Value::Null, new }];
        let owner = if kind == Kind::Ticket { "assignee_id" } else { "owner_id" };
        match self {
            BulkEdit::Owner(o) => set(owner, o.map(|o| Value::String(o.to_string())).unwrap_or(Value::Null)),
            BulkEdit::TicketStatus(s) => set("status", s.code().into()),
            BulkEdit::TicketPriority(p) => set("priority", p.code().into()),
            BulkEdit::Role(r) => set("role", r.as_str().into()),
            BulkEdit::LeadStatus(s) => set("status", s.code().into()),
            BulkEdit::Stage(s) => set("stage_id", s.to_string().into()),
            BulkEdit::AddTag(t) => set("tags_added", Value::Array(vec![t.clone().into()])),
            BulkEdit::RemoveTag(t) => set("tags_removed", Value::Array(vec![t.clone().into()])),
            BulkEdit::Delete => Vec::new(),
        }
    }
}

/// What a bulk action changed, to undo it: each record it wrote, as it
/// was before (`None`: it did not exist) and as the action left it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Undo {
    kind: Option<Kind>,
    records: Vec<(Kind, Uuid, Option<Rec>, Option<Rec>)>,
    pub count: usize,
}

fn edit_tags(tags: &mut Vec<String>, edit: &BulkEdit) {
    match edit {
        BulkEdit::AddTag(t) if !tags.contains(t) => tags.push(t.clone()),
        BulkEdit::RemoveTag(t) => tags.retain(|x| x != t),
        _ => {}
    }
}

fn wrong_kind() -> Vec<FieldError> {
    vec![FieldError::new("edit", Problem::NotAChoice)]
}

impl Crm {
    /// `edit` applied to the records `ids` of `kind`, as one action. Each
    /// record is saved the way its form saves it (validated, references
    /// kept right); their history entries become one for all of them.
    pub fn bulk(&self, kind: Kind, ids: &[Uuid], edit: &BulkEdit, defaults: &[Stage], ctx: &mut Ctx) -> Result<Vec<Change>, Vec<FieldError>> {
        if let BulkEdit::AddTag(t) = edit {
            let mut e = Vec::new();
            crate::model::validate::tags(&mut e, "tags", std::slice::from_ref(t));
            if !e.is_empty() {
                return Err(e);
            }
        }
        let mut batch = Batch::new(self);
        let mut changed: Vec<Uuid> = Vec::new();
        let mut labels: Vec<String> = Vec::new();
        for &id in ids {
            let label = batch.next.label_of(id);
            let next = &batch.next;
            let more = match (kind, edit) {
                (Kind::Contact, BulkEdit::Delete) => Ok(next.delete_contact(id, ActivitiesOnDelete::Keep, ctx)),
                (Kind::Organization, BulkEdit::Delete) => Ok(next.delete_organization(id, ActivitiesOnDelete::Keep, ctx)),
                (Kind::Lead, BulkEdit::Delete) => Ok(next.delete_lead(id, ActivitiesOnDelete::Keep, ctx)),
                (Kind::Opportunity, BulkEdit::Delete) => Ok(next.delete_opportunity(id, ActivitiesOnDelete::Keep, ctx)),
                (Kind::Quote, BulkEdit::Delete) => Ok(next.delete_quote(id, ctx)),
                (Kind::Product, BulkEdit::Delete) => Ok(next.delete_product(id, ctx)),
                (Kind::Campaign, BulkEdit::Delete) => Ok(next.delete_campaign(id, ctx)),
                (Kind::Project, BulkEdit::Delete) => Ok(next.delete_project(id, ctx)),
                (Kind::Contract, BulkEdit::Delete) => Ok(next.delete_contract(id, ctx)),
                (Kind::Ticket, BulkEdit::Delete) => Ok(next.delete_ticket(id, ctx)),
                (Kind::Ticket, _) => match next.ticket(id).cloned() {
                    Some(mut t) => {
                        match edit {
                            BulkEdit::Owner(o) => t.assignee_id = *o,
                            BulkEdit::TicketStatus(s) => t.status = *s,
                            BulkEdit::TicketPriority(p) => t.priority = *p,
                            BulkEdit::AddTag(_) | BulkEdit::RemoveTag(_) => edit_tags(&mut t.tags, edit),
                            _ => return Err(wrong_kind()),
                        }
                        next.save_ticket(t, ctx)
                    }
                    None => continue,
                },
                (Kind::Contact, _) => match next.contact(id).cloned() {
                    Some(mut c) => {
                        match edit {
                            BulkEdit::Owner(o) => c.owner_id = *o,
                            BulkEdit::Role(r) => c.role = *r,
                            BulkEdit::AddTag(_) | BulkEdit::RemoveTag(_) => edit_tags(&mut c.tags, edit),
                            _ => return Err(wrong_kind()),
                        }
                        let primary = next.is_primary(&c);
                        next.save_contact(c, primary, ctx)
                    }
                    None => continue,
                },
                (Kind::Organization, _) => match next.organization(id).cloned() {
                    Some(mut o) => {
                        match edit {
                            BulkEdit::Owner(ow) => o.owner_id = *ow,
                            BulkEdit::AddTag(_) | BulkEdit::RemoveTag(_) => edit_tags(&mut o.tags, edit),
                            _ => return Err(wrong_kind()),
                        }
                        next.save_organization(o, ctx)
                    }
                    None => continue,
                },
                (Kind::Lead, _) => match next.lead(id).cloned() {
                    // A converted lead stays as its conversion left it.
                    Some(l) if l.converted.is_some() && matches!(edit, BulkEdit::LeadStatus(_)) => continue,
                    Some(mut l) => {
                        match edit {
                            BulkEdit::Owner(o) => l.owner_id = *o,
                            BulkEdit::LeadStatus(LeadStatus::Converted) => return Err(wrong_kind()),
                            BulkEdit::LeadStatus(s) => l.status = *s,
                            BulkEdit::AddTag(_) | BulkEdit::RemoveTag(_) => edit_tags(&mut l.tags, edit),
                            _ => return Err(wrong_kind()),
                        }
                        next.save_lead(l, ctx)
                    }
                    None => continue,
                },
                (Kind::Opportunity, _) => match next.opportunity(id).cloned() {
                    Some(mut o) => {
                        match edit {
                            BulkEdit::Owner(ow) => o.owner_id = *ow,
                            BulkEdit::Stage(s) => o.stage_id = *s,
                            BulkEdit::AddTag(_) | BulkEdit::RemoveTag(_) => edit_tags(&mut o.tags, edit),
                            _ => return Err(wrong_kind()),
                        }
                        next.save_opportunity(o, defaults, ctx)
                    }
                    None => continue,
                },
                (Kind::Quote, _) => match next.quote(id).cloned() {
                    Some(mut q) => {
                        match edit {
                            BulkEdit::Owner(o) => q.owner_id = *o,
                            BulkEdit::AddTag(_) | BulkEdit::RemoveTag(_) => edit_tags(&mut q.tags, edit),
                            _ => return Err(wrong_kind()),
                        }
                        next.save_quote(q, ctx)
                    }
                    None => continue,
                },
                (Kind::Product, _) => match next.product(id).cloned() {
                    Some(mut p) => {
                        match edit {
                            BulkEdit::AddTag(_) | BulkEdit::RemoveTag(_) => edit_tags(&mut p.tags, edit),
                            _ => return Err(wrong_kind()),
                        }
                        next.save_product(p, ctx)
                    }
                    None => continue,
                },
                (Kind::Campaign, _) => match next.campaign(id).cloned() {
                    Some(mut c) => {
                        match edit {
                            BulkEdit::Owner(o) => c.owner_id = *o,
                            BulkEdit::AddTag(_) | BulkEdit::RemoveTag(_) => edit_tags(&mut c.tags, edit),
                            _ => return Err(wrong_kind()),
                        }
                        next.save_campaign(c, ctx)
                    }
                    None => continue,
                },
                (Kind::Project, _) => match next.project(id).cloned() {
                    Some(mut p) => {
                        match edit {
                            BulkEdit::Owner(o) => p.owner_id = *o,
                            BulkEdit::AddTag(_) | BulkEdit::RemoveTag(_) => edit_tags(&mut p.tags, edit),
                            _ => return Err(wrong_kind()),
                        }
                        next.save_project(p, ctx)
                    }
                    None => continue,
                },
                (Kind::Contract, _) => match next.contract(id).cloned() {
                    Some(mut c) => {
                        match edit {
                            BulkEdit::Owner(o) => c.owner_id = *o,
                            BulkEdit::AddTag(_) | BulkEdit::RemoveTag(_) => edit_tags(&mut c.tags, edit),
                            _ => return Err(wrong_kind()),
                        }
                        next.save_contract(c, ctx)
                    }
                    None => continue,
                },
                _ => return Err(wrong_kind()),
            };
            let more = more.map_err(|e| e.into_iter().map(|e| FieldError::new(format!("{label}: {}", e.field), e.problem)).collect::<Vec<_>>())?;
            // The records' own entries give way to the one entry below;
            // other records' (an organization losing its primary contact) stay.
            let more: Vec<Change> = more.into_iter().filter(|c| !matches!(c, Change::Put(Rec::History(h)) if h.record_id == id)).collect();
            if batch.add(more) {
                changed.push(id);
                labels.push(label);
            }
        }
        if changed.is_empty() {
            return Ok(Vec::new());
        }
        let mut changes = batch.changes;
        changes.push(self.bulk_entry(kind, &changed, &labels, edit, ctx));
        Ok(changes)
    }

    fn bulk_entry(&self, kind: Kind, ids: &[Uuid], labels: &[String], edit: &BulkEdit, ctx: &mut Ctx) -> Change {
        let label = names(labels);
        let action = if *edit == BulkEdit::Delete { Action::Deleted } else { Action::Updated };
        self.group_entry(kind, ids.to_vec(), label, action, edit.changes(kind), ctx)
    }

    /// What undoing `changes` (as computed from this state, not yet
    /// applied) needs.
    pub fn undo_of(&self, changes: &[Change]) -> Undo {
        let mut undo = Undo::default();
        let mut at: std::collections::HashMap<Uuid, usize> = std::collections::HashMap::new();
        for c in changes {
            let after = match c {
                Change::Put(Rec::History(h)) => {
                    if !h.records.is_empty() {
                        undo.kind = Some(h.record_kind);
                        undo.count = h.records.len();
                    }
                    continue;
                }
                Change::Put(r) => Some(r.clone()),
                Change::Delete(..) => None,
            };
            // A record written twice ends as its last write left it.
            match at.get(&c.id()) {
                Some(&i) => undo.records[i].3 = after,
                None => {
                    at.insert(c.id(), undo.records.len());
                    undo.records.push((c.kind(), c.id(), self.get(c.kind(), c.id()), after));
                }
            }
        }
        undo
    }

    /// Puts back what a bulk action changed, as one action with its own
    /// history entry, unless a record changed since (then nothing).
    pub fn undo(&self, undo: &Undo, ctx: &mut Ctx) -> Result<Vec<Change>, Vec<FieldError>> {
        let mut changes = Vec::new();
        for (kind, id, before, after) in &undo.records {
            if self.get(*kind, *id) != *after {
                return Err(vec![FieldError::new(self.label_of(*id), Problem::ChangedSince)]);
            }
            changes.push(match before {
                Some(r) => Change::Put(r.clone()),
                None => Change::Delete(*kind, *id),
            });
        }
        let Some(kind) = undo.kind else { return Ok(changes) };
        let ids: Vec<Uuid> = undo.records.iter().filter(|(k, ..)| *k == kind).map(|(_, id, ..)| *id).collect();
        let labels: Vec<String> = undo
            .records
            .iter()
            .filter(|(k, ..)| *k == kind)
            .filter_map(|(_, _, before, after)| before.as_ref().or(after.as_ref()).map(rec_label))
            .collect();
        if !ids.is_empty() {
            let undone = vec![FieldChange { field: "undo".into(), old: Value::Null, new: Value::Bool(true) }];
            changes.push(self.group_entry(kind, ids, names(&labels), Action::Updated, undone, ctx));
        }
        Ok(changes)
    }
}

/// A bulk entry's label, in no language: "Jana Nováková, Petr Dvořák,
/// Eva Malá (+7)".
fn names(labels: &[String]) -> String {
    let mut label = labels.iter().take(3).cloned().collect::<Vec<_>>().join(", ");
    if labels.len() > 3 {
        label.push_str(&format!(" (+{})", labels.len() - 3));
    }
    label
}

fn rec_label(r: &Rec) -> String {
    match r {
        Rec::Contact(c) => c.full_name(),
        Rec::Organization(o) => o.name.clone(),
        Rec::Lead(l) => l.name(),
        Rec::Opportunity(o) => o.name.clone(),
        Rec::Quote(q) => q.number.clone(),
        Rec::Product(p) => p.name.clone(),
        Rec::Campaign(c) => c.name.clone(),
        other => other.id().to_string(),
    }
}

impl Crm {
    /// The records `ids` and every record they refer to, directly or
    /// through another (an organization, its primary contact, an owner, a
    /// stage), as a database of their own: a bundle of a selection that
    /// imports anywhere. Activities and history stay out.
    pub fn subset(&self, ids: &[Uuid]) -> Crm {
        let mut seen = crate::model::ids::IdSet::default();
        let mut queue: Vec<Uuid> = ids.to_vec();
        let mut puts = Vec::new();
        while let Some(id) = queue.pop() {
            if !seen.insert(id) {
                continue;
            }
            let Some(rec) = Kind::ALL.iter().filter(|k| !matches!(k, Kind::History | Kind::Activity | Kind::Link)).find_map(|k| self.get(*k, id))
            else {
                continue;
            };
            // Any id in the record is a reference (the record's own is seen).
            collect_ids(&Value::Object(crate::model::ops::duplicates::fields_of(&rec)), &mut queue);
            puts.push(Change::Put(rec));
        }
        let mut out = Crm::new();
        out.apply(&puts);
        out
    }
}

fn collect_ids(v: &Value, out: &mut Vec<Uuid>) {
    match v {
        Value::String(s) if s.len() == 36 => out.extend(Uuid::parse_str(s).ok()),
        Value::Array(a) => a.iter().for_each(|x| collect_ids(x, out)),
        Value::Object(o) => o.values().for_each(|x| collect_ids(x, out)),
        _ => {}
    }
}

impl Crm {
    /// A follow-up task for each of `contacts` (the dormant report's
    /// "create a follow-up task for all"), as one action: titled
    /// `title` with `{name}` the contact's name, due at `due`, for the
    /// contact's owner (else the user), linked to the contact and its
    /// organization. A contact that already has an open task gets none, so
    /// a second click adds nothing. Returns the changes and how many tasks
    /// they make.
    pub fn follow_up_tasks(
        &self,
        contacts: &[Uuid],
        title: &str,
        due: chrono::DateTime<chrono::Utc>,
        ctx: &mut Ctx,
    ) -> Result<(Vec<Change>, usize), Vec<FieldError>> {
        let mut changes = Vec::new();
        let mut made = 0;
        for id in contacts {
            let Some(c) = self.contact(*id) else { continue };
            if self.links_to(c.id).filter_map(|l| self.activity(l.activity_id)).any(|a| a.is_open_task()) {
                continue;
            }
            let mut task = crate::model::Activity::new((ctx.new_id)(), ctx.now, crate::model::ActivityKind::Task);
            task.subject = title.replace("{name}", &c.full_name());
            task.at = Some(due);
            task.assignee_id = c.owner_id.filter(|m| self.team_member(*m).is_some()).or(ctx.me);
            let links = self.with_organizations(&[crate::model::Target::contact(c.id)]);
            changes.extend(self.save_activity(task, &links, ctx)?);
            made += 1;
        }
        Ok((changes, made))
    }
}

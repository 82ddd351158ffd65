//! User actions, computed as the [`Change`]s they make. Nothing here
//! changes the [`Crm`]: the store persists the changes in one transaction
//! and only then are they applied. Every create, update and delete comes
//! with its history entry in the same list.

use serde::Serialize;
use uuid::Uuid;

use super::{ActivitiesOnDelete, Ctx};
use crate::model::history::{self, Action, FieldChange, HistoryEntry};
use crate::model::ids::IdSet;
use crate::model::kind::Kind;
use crate::model::record::Change;
use crate::model::validate::{FieldError, Problem};
use crate::model::Crm;
use crate::model::{Activity, ActivityKind, Contact, Link, Organization, Target, TaskStatus, TeamMember};

impl Crm {
    pub(crate) fn owner_problem(&self, owner: Option<Uuid>, field: &str, errors: &mut Vec<FieldError>) {
        if owner.is_some_and(|id| !self.team_members.contains_key(&id)) {
            errors.push(FieldError::new(field, Problem::Missing));
        }
    }

    pub fn save_organization(&self, mut org: Organization, ctx: &mut Ctx) -> Result<Vec<Change>, Vec<FieldError>> {
        let mut errors = org.validate();
        if let Some(p) = org.primary_contact_id {
            if self.contacts.get(&p).map(|c| c.organization_id) != Some(Some(org.id)) {
                errors.push(FieldError::new("primary_contact_id", Problem::Missing));
            }
        }
        self.owner_problem(org.owner_id, "owner_id", &mut errors);
        if !errors.is_empty() {
            return Err(errors);
        }
        let old = self.organizations.get(&org.id);
        org.created_at = old.map_or(ctx.now, |o| o.created_at);
        org.updated_at = ctx.now;
        Ok(self.org_changes(old, org, ctx))
    }

    /// Saves a contact; `primary` says whether it should be its
    /// organization's primary contact (moving the mark from anyone else).
    pub fn save_contact(&self, mut contact: Contact, primary: bool, ctx: &mut Ctx) -> Result<Vec<Change>, Vec<FieldError>> {
        let mut errors = contact.validate();
        if let Some(o) = contact.organization_id {
            if !self.organizations.contains_key(&o) {
                errors.push(FieldError::new("organization_id", Problem::Missing));
            }
        }
        self.owner_problem(contact.owner_id, "owner_id", &mut errors);
        if !errors.is_empty() {
            return Err(errors);
        }
        let id = contact.id;
        let old = self.contacts.get(&id);
        contact.created_at = old.map(|o| o.created_at).unwrap_or(ctx.now);
        contact.updated_at = ctx.now;
        let old_org = old.and_then(|o| o.organization_id);
        let new_org = contact.organization_id;
        let mut changes = Vec::new();
        if let Some(entry) = self.record_changes(Kind::Contact, id, old, &contact, contact.full_name(), ctx) {
            changes.push(Change::put(contact));
            changes.push(entry);
        }
        if let Some(o) = old_org.and_then(|o| self.organizations.get(&o)) {
            if o.primary_contact_id == Some(id) && (new_org != Some(o.id) || !primary) {
                let mut o2 = o.clone();
                o2.primary_contact_id = None;
                o2.updated_at = ctx.now;
                changes.extend(self.org_changes(Some(o), o2, ctx));
            }
        }
        if primary {
            if let Some(o) = new_org.and_then(|o| self.organizations.get(&o)) {
                if o.primary_contact_id != Some(id) {
                    let mut o2 = o.clone();
                    o2.primary_contact_id = Some(id);
                    o2.updated_at = ctx.now;
                    changes.extend(self.org_changes(Some(o), o2, ctx));
                }
            }
        }
        Ok(changes)
    }

    pub fn delete_contact(&self, id: Uuid, activities: ActivitiesOnDelete, ctx: &mut Ctx) -> Vec<Change> {
        let Some(c) = self.contacts.get(&id) else { return Vec::new() };
        let mut changes = self.unlink_or_delete_activities(id, activities, ctx);
        changes.extend(self.detach(id, ctx));
        changes.push(Change::Delete(Kind::Contact, id));
        changes.push(self.deleted_entry(Kind::Contact, id, c.full_name(), ctx));
        if let Some(o) = c.organization_id.and_then(|o| self.organizations.get(&o)) {
            if o.primary_contact_id == Some(id) {
                let mut o2 = o.clone();
                o2.primary_contact_id = None;
                o2.updated_at = ctx.now;
                changes.extend(self.org_changes(Some(o), o2, ctx));
            }
        }
        changes
    }

    /// Deletes an organization; its contacts stay, without an organization
    /// (the confirmation tells the user how many).
    pub fn delete_organization(&self, id: Uuid, activities: ActivitiesOnDelete, ctx: &mut Ctx) -> Vec<Change> {
        let Some(o) = self.organizations.get(&id) else { return Vec::new() };
        let mut changes = self.unlink_or_delete_activities(id, activities, ctx);
        changes.extend(self.detach(id, ctx));
        changes.extend(self.delete_delivery_of(id, ctx));
        for c in self.contacts_of(id) {
            let mut c2 = c.clone();
            c2.organization_id = None;
            c2.updated_at = ctx.now;
            if let Some(h) = self.record_changes(Kind::Contact, c2.id, Some(c), &c2, c2.full_name(), ctx) {
                changes.push(Change::put(c2));
                changes.push(h);
            }
        }
        changes.push(Change::Delete(Kind::Organization, id));
        changes.push(self.deleted_entry(Kind::Organization, id, o.name.clone(), ctx));
        changes
    }

    /// How many activities are linked to a record (what a delete asks about).
    pub fn activity_count_of(&self, record: Uuid) -> usize {
        self.activities_of(record).len()
    }

    pub(crate) fn unlink_or_delete_activities(&self, record: Uuid, what: ActivitiesOnDelete, ctx: &mut Ctx) -> Vec<Change> {
        match what {
            ActivitiesOnDelete::Keep => self.links_to(record).map(|l| Change::Delete(Kind::Link, l.id)).collect(),
            ActivitiesOnDelete::Delete => self.activities_of(record).into_iter().flat_map(|a| self.delete_activity(a.id, ctx)).collect(),
        }
    }

    /// Adds (or overwrites by id) whole records, each with a "created"
    /// history entry: the demo data and other bulk additions.
    pub fn add_records(&self, organizations: Vec<Organization>, contacts: Vec<Contact>, ctx: &mut Ctx) -> Vec<Change> {
        let mut changes = Vec::with_capacity(2 * (organizations.len() + contacts.len()));
        let me = ctx.me.filter(|id| self.team_members.contains_key(id));
        for mut o in organizations {
            o.owner_id = o.owner_id.or(me);
            let label = o.name.clone();
            if let Some(h) = self.record_changes(Kind::Organization, o.id, None, &o, label, ctx) {
                changes.push(Change::put(o));
                changes.push(h);
            }
        }
        for mut c in contacts {
            c.owner_id = c.owner_id.or(me);
            let label = c.full_name();
            if let Some(h) = self.record_changes(Kind::Contact, c.id, None, &c, label, ctx) {
                changes.push(Change::put(c));
                changes.push(h);
            }
        }
        changes
    }

    pub fn save_team_member(&self, mut member: TeamMember, ctx: &mut Ctx) -> Result<Vec<Change>, Vec<FieldError>> {
        let errors = member.validate();
        if !errors.is_empty() {
            return Err(errors);
        }
        let old = self.team_members.get(&member.id);
        member.created_at = old.map_or(ctx.now, |m| m.created_at);
        member.updated_at = ctx.now;
        let label = member.name.clone();
        Ok(match self.record_changes(Kind::TeamMember, member.id, old, &member, label, ctx) {
            Some(h) => vec![Change::put(member), h],
            None => Vec::new(),
        })
    }

    /// `targets` plus the organization of each contact among them: linking
    /// an activity to a contact links it to the contact's organization too,
    /// unless the user takes that link away (forms start from this).
    pub fn with_organizations(&self, targets: &[Target]) -> Vec<Target> {
        let mut out: Vec<Target> = Vec::with_capacity(targets.len() * 2);
        for t in targets {
            out.push(*t);
            if t.kind == Kind::Contact {
                if let Some(o) = self.contacts.get(&t.id).and_then(|c| c.organization_id) {
                    out.push(Target::organization(o));
                }
            }
        }
        dedup(out)
    }

    /// Saves an activity linked to exactly `targets` (links to others are
    /// removed, new ones added), with its history entry: one transaction.
    pub fn save_activity(&self, mut activity: Activity, targets: &[Target], ctx: &mut Ctx) -> Result<Vec<Change>, Vec<FieldError>> {
        let mut errors = activity.validate();
        for (i, p) in activity.participants.iter().enumerate() {
            if !self.contacts.contains_key(p) && !self.team_members.contains_key(p) {
                errors.push(FieldError::new(format!("participants[{i}]"), Problem::Missing));
            }
        }
        self.owner_problem(activity.assignee_id, "assignee_id", &mut errors);
        self.owner_problem(activity.owner_id, "owner_id", &mut errors);
        let targets = dedup(targets.to_vec());
        for t in &targets {
            if !Link::linkable(t.kind) || !self.exists(*t) {
                errors.push(FieldError::new("links", Problem::Missing));
                break;
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let old = self.activities.get(&activity.id);
        activity.created_at = old.map_or(ctx.now, |a| a.created_at);
        activity.updated_at = ctx.now;
        activity.owner_id = activity.owner_id.or(old.and_then(|a| a.owner_id)).or(ctx.me);
        activity.done_at = match (activity.kind, activity.status) {
            (ActivityKind::Task | ActivityKind::Meeting, TaskStatus::Done) => activity.done_at.or(Some(ctx.now)),
            _ => None,
        };
        let id = activity.id;
        let label = activity.title();
        let mut changes = Vec::new();
        if let Some(h) = self.record_changes(Kind::Activity, id, old, &activity, label, ctx) {
            changes.push(Change::put(activity));
            changes.push(h);
        }
        let wanted: IdSet = targets.iter().map(|t| t.id).collect();
        let mut have = IdSet::default();
        for l in self.links_of_activity(id) {
            if wanted.contains(&l.record_id) {
                have.insert(l.record_id);
            } else {
                changes.push(Change::Delete(Kind::Link, l.id));
            }
        }
        for t in targets.into_iter().filter(|t| !have.contains(&t.id)) {
            changes.push(Change::put(Link { id: (ctx.new_id)(), activity_id: id, record_kind: t.kind, record_id: t.id }));
        }
        Ok(changes)
    }

    /// A task marked done (or open again) from a list.
    pub fn set_task_status(&self, id: Uuid, status: TaskStatus, ctx: &mut Ctx) -> Result<Vec<Change>, Vec<FieldError>> {
        let Some(a) = self.activities.get(&id) else { return Err(vec![FieldError::new("id", Problem::Missing)]) };
        let mut a = a.clone();
        a.status = status;
        a.done_at = None;
        self.save_activity(a, &self.targets_of(id), ctx)
    }

    /// Turns lines of a meeting's summary into tasks linked to the same
    /// records, assigned to the one acting.
    pub fn tasks_from_summary(&self, meeting: Uuid, lines: &[String], ctx: &mut Ctx) -> Result<Vec<Change>, Vec<FieldError>> {
        let Some(m) = self.activities.get(&meeting) else { return Err(vec![FieldError::new("id", Problem::Missing)]) };
        let targets = self.targets_of(m.id);
        let mut changes = Vec::new();
        for line in lines.iter().map(|l| l.trim().trim_start_matches(['-', '*', '•']).trim()).filter(|l| !l.is_empty()) {
            let mut task = Activity::new((ctx.new_id)(), ctx.now, ActivityKind::Task);
            task.subject = line.to_string();
            task.assignee_id = ctx.me;
            changes.extend(self.save_activity(task, &targets, ctx)?);
        }
        Ok(changes)
    }

    /// Deletes an activity and its links.
    pub fn delete_activity(&self, id: Uuid, ctx: &mut Ctx) -> Vec<Change> {
        let Some(a) = self.activities.get(&id) else { return Vec::new() };
        let mut changes: Vec<Change> = self.links_of_activity(id).map(|l| Change::Delete(Kind::Link, l.id)).collect();
        changes.extend(self.delete_attachments_of(id));
        changes.push(Change::Delete(Kind::Activity, id));
        changes.push(self.deleted_entry(Kind::Activity, id, a.title(), ctx));
        changes
    }

    fn org_changes(&self, old: Option<&Organization>, org: Organization, ctx: &mut Ctx) -> Vec<Change> {
        let label = org.name.clone();
        match self.record_changes(Kind::Organization, org.id, old, &org, label, ctx) {
            Some(h) => vec![Change::put(org), h],
            None => Vec::new(),
        }
    }

    /// The history entry for creating or updating a record, or None when
    /// nothing but timestamps changed (then there is nothing to save).
    pub(crate) fn record_changes<T: Serialize>(
        &self,
        kind: Kind,
        record_id: Uuid,
        old: Option<&T>,
        new: &T,
        label: String,
        ctx: &mut Ctx,
    ) -> Option<Change> {
        let (action, changes) = match old {
            None => (Action::Created, Vec::new()),
            Some(old) => {
                let d = history::diff(old, new);
                if d.is_empty() {
                    return None;
                }
                (Action::Updated, d)
            }
        };
        Some(self.entry(kind, record_id, label, action, changes, ctx))
    }

    pub(crate) fn deleted_entry(&self, kind: Kind, id: Uuid, label: String, ctx: &mut Ctx) -> Change {
        let changes = vec![FieldChange { field: "name".into(), old: label.clone().into(), new: serde_json::Value::Null }];
        self.entry(kind, id, label, Action::Deleted, changes, ctx)
    }

    pub(crate) fn entry(&self, kind: Kind, record_id: Uuid, label: String, action: Action, changes: Vec<FieldChange>, ctx: &mut Ctx) -> Change {
        self.history_entry(kind, record_id, Vec::new(), label, action, changes, ctx)
    }

    /// One entry for an action over several records (a bulk change, a
    /// merge), filed under `records[0]` and naming them all.
    pub(crate) fn group_entry(
        &self,
        kind: Kind,
        records: Vec<Uuid>,
        label: String,
        action: Action,
        changes: Vec<FieldChange>,
        ctx: &mut Ctx,
    ) -> Change {
        let first = records.first().copied().unwrap_or_default();
        self.history_entry(kind, first, records, label, action, changes, ctx)
    }

    #[allow(clippy::too_many_arguments)]
    fn history_entry(
        &self,
        kind: Kind,
        record_id: Uuid,
        records: Vec<Uuid>,
        label: String,
        action: Action,
        changes: Vec<FieldChange>,
        ctx: &mut Ctx,
    ) -> Change {
        Change::put(HistoryEntry {
            id: (ctx.new_id)(),
            at: ctx.now,
            by: self.member_name(ctx.me).to_string(),
            by_id: ctx.me.filter(|id| self.team_members.contains_key(id)),
            record_kind: kind,
            record_id,
            record_label: label,
            action,
            changes,
            records,
        })
    }
}

/// Targets without repeats, in a stable order.
fn dedup(mut targets: Vec<Target>) -> Vec<Target> {
    let mut seen = IdSet::default();
    targets.retain(|t| seen.insert(t.id));
    targets
}

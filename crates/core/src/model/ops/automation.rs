//! Running the rules: what a user action triggers ([`Crm::schedule`]),
//! which firings are due ([`Crm::due_firings`]) and what running them
//! writes ([`Crm::run_firings`]). Pure: the time and the user's offset
//! from UTC come in, so scheduling and catch-up are tested with a fixed
//! clock.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use serde_json::Value;
use uuid::Uuid;

use crate::model::activity::{Activity, ActivityKind, Link, Target};
use crate::model::automation::builtin::{self, Texts};
use crate::model::automation::fields::{self, DateField};
use crate::model::automation::template::{render, Vars};
use crate::model::automation::{Alert, Draft, DraftState, Firing, FiringState, Follow, Match, Rule, RuleAction, Template, Trigger, RULE_KINDS};
use crate::model::ids::IdSet;
use crate::model::kind::Kind;
use crate::model::record::{Change, Rec};
use crate::model::ticket::SlaGoal;
use crate::model::validate::{FieldError, Problem};
use crate::model::DateKind;
use crate::model::{Crm, Ctx};

/// The built-in rules and templates, in the UI language: in effect until
/// the user stores rules (or templates) of their own.
#[derive(Debug, Clone)]
pub struct Defaults {
    pub rules: Vec<Rule>,
    pub templates: Vec<Template>,
}

impl Defaults {
    pub fn new(texts: &Texts) -> Defaults {
        // Time 0: a default was never "created"; it is stored when changed.
        let at = DateTime::<Utc>::UNIX_EPOCH;
        Defaults { rules: builtin::rules(texts, at), templates: builtin::templates(texts, at) }
    }

    pub fn english() -> Defaults {
        Defaults::new(&Texts::english())
    }
}

/// What a user action may set off besides its triggers.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// False for imports and undo: a file of 5,000 contacts is not 5,000
    /// welcomes (nor 5,000 follows).
    pub triggers: bool,
    /// The user follows every contact they create.
    pub follow_new_contacts: bool,
}

/// At most this many firings run in one transaction.
pub const BATCH: usize = 200;
/// How far back a date trigger catches up (a birthday missed while the app
/// was closed for a while is still greeted; one from years ago is not).
/// A firing run within this many hours of its time makes its records as
/// of that time (the same on every device that runs it).
const ON_TIME_HOURS: i64 = 24;
const CATCH_UP_DAYS: i64 = 400;
/// The local hour at which a date (a birthday, a quote's last day) is "reached".
const DATE_HOUR: u32 = 8;

impl Crm {
    pub fn rule(&self, id: Uuid) -> Option<&Rule> {
        self.rules.get(&id)
    }

    pub fn firing(&self, id: Uuid) -> Option<&Firing> {
        self.firings.get(&id)
    }

    pub fn draft(&self, id: Uuid) -> Option<&Draft> {
        self.drafts.get(&id)
    }

    pub fn alert(&self, id: Uuid) -> Option<&Alert> {
        self.alerts.get(&id)
    }

    /// Whether the user has stored rules (else the built-ins are in effect).
    pub fn has_rules(&self) -> bool {
        !self.rules.is_empty()
    }

    /// The rules in effect, built-ins first, then by name.
    pub fn rules_in_effect<'a>(&'a self, d: &'a Defaults) -> Vec<&'a Rule> {
        let mut list: Vec<&Rule> = if self.rules.is_empty() { d.rules.iter().collect() } else { self.rules.values().collect() };
        list.sort_by_cached_key(|r| (r.builtin.is_none(), r.builtin.map(|b| b as u8), crate::model::search::fold(&r.name), r.id));
        list
    }

    pub fn rule_in_effect<'a>(&'a self, d: &'a Defaults, id: Uuid) -> Option<&'a Rule> {
        if self.rules.is_empty() {
            d.rules.iter().find(|r| r.id == id)
        } else {
            self.rules.get(&id)
        }
    }

    /// The templates in effect, built-ins first, then by name.
    pub fn templates_in_effect<'a>(&'a self, d: &'a Defaults) -> Vec<&'a Template> {
        let mut list: Vec<&Template> = if self.templates.is_empty() { d.templates.iter().collect() } else { self.templates.values().collect() };
        list.sort_by_cached_key(|t| (t.builtin.is_none(), t.builtin.map(|b| b as u8), crate::model::search::fold(&t.name), t.id));
        list
    }

    pub fn template_in_effect<'a>(&'a self, d: &'a Defaults, id: Uuid) -> Option<&'a Template> {
        if self.templates.is_empty() {
            d.templates.iter().find(|t| t.id == id)
        } else {
            self.templates.get(&id)
        }
    }

    /// Every firing of a record, in any state.
    pub fn firings_of(&self, record: Uuid) -> impl Iterator<Item = &Firing> {
        self.firings_by_record.get(&record).into_iter().flatten().filter_map(|id| self.firings.get(id))
    }

    /// The last `n` firings that ran (or were skipped, failed, cancelled),
    /// newest first: the rules page's log.
    pub fn firing_log(&self, rule: Option<Uuid>, n: usize) -> Vec<&Firing> {
        let mut list: Vec<&Firing> =
            self.firings.values().filter(|f| f.state != FiringState::Pending && rule.is_none_or(|r| f.rule_id == r)).collect();
        list.sort_unstable_by_key(|f| std::cmp::Reverse((f.updated_at, f.id)));
        list.truncate(n);
        list
    }

    /// Pending firings, soonest first.
    pub fn pending_firings(&self) -> impl Iterator<Item = &Firing> {
        self.pending_firings.iter().filter_map(|(_, id)| self.firings.get(id))
    }

    /// Reminders rules put in the inbox of `me` (or everyone's), newest first.
    pub fn alerts_for(&self, me: Option<Uuid>) -> Vec<&Alert> {
        let mut list: Vec<&Alert> = self.alerts.values().filter(|a| a.member_id.is_none() || a.member_id == me).collect();
        list.sort_unstable_by_key(|x| std::cmp::Reverse((x.created_at, x.id)));
        list
    }

    /// Open drafts for `me` (or anyone), newest first.
    pub fn open_drafts(&self, me: Option<Uuid>) -> Vec<&Draft> {
        let mut list: Vec<&Draft> =
            self.drafts.values().filter(|d| d.state == DraftState::Open && (d.member_id.is_none() || d.member_id == me)).collect();
        list.sort_unstable_by_key(|x| std::cmp::Reverse((x.created_at, x.id)));
        list
    }

    /// `member`'s follow of a record, if they follow it.
    pub fn follow_of(&self, member: Option<Uuid>, record: Uuid) -> Option<&Follow> {
        self.follows.values().find(|f| f.member_id == member && f.record_id == record)
    }

    /// The records `member` follows.
    pub fn follows_of(&self, member: Option<Uuid>) -> Vec<&Follow> {
        self.follows.values().filter(|f| f.member_id == member).collect()
    }

    /// What a user action's `changes` set off, to be stored with them (one
    /// transaction): a firing for each rule a change triggers (due after
    /// the rule's delay), the cancelling of a deleted record's pending
    /// firings (its reminders, drafts and follows go too), and a follow of
    /// each new contact when the user asked for that.
    pub fn schedule(&self, d: &Defaults, changes: &[Change], options: Options, ctx: &mut Ctx) -> Vec<Change> {
        let rules: Vec<&Rule> = self.rules_in_effect(d).into_iter().filter(|r| r.enabled).collect();
        let mut out = Vec::new();
        let mut scheduled: Vec<(Uuid, Uuid)> = Vec::new();
        let mut deleted = IdSet::default();
        let pending = |rule: Uuid, record: Uuid| self.firings_of(record).any(|f| f.rule_id == rule && f.state == FiringState::Pending);
        for ch in changes {
            match ch {
                Change::Put(rec) if RULE_KINDS.contains(&rec.kind()) => {
                    let (kind, id) = (rec.kind(), rec.id());
                    let old = self.get(kind, id);
                    if !options.triggers {
                        continue;
                    }
                    if options.follow_new_contacts && old.is_none() && kind == Kind::Contact && self.follow_of(ctx.me, id).is_none() {
                        out.push(Change::put(Follow {
                            id: (ctx.new_id)(),
                            created_at: ctx.now,
                            member_id: ctx.me,
                            record_kind: kind,
                            record_id: id,
                        }));
                    }
                    let mut new_json: Option<Value> = None;
                    let mut old_json: Option<Option<Value>> = None;
                    for rule in rules.iter().filter(|r| r.trigger.kind() == kind) {
                        let fires = match &rule.trigger {
                            Trigger::Created { .. } => old.is_none(),
                            Trigger::Updated { .. } => old.as_ref().is_some_and(|o| o != rec),
                            Trigger::FieldChanged { field, value, .. } => {
                                let new = new_json.get_or_insert_with(|| rec.to_value());
                                let old = old_json.get_or_insert_with(|| old.as_ref().map(Rec::to_value));
                                let is = |v: &Value| fields::holds(v, field, crate::model::automation::Op::Is, value);
                                is(new) && !old.as_ref().is_some_and(is)
                            }
                            Trigger::DateReached { .. } => false,
                        };
                        if !fires || pending(rule.id, id) || scheduled.contains(&(rule.id, id)) {
                            continue;
                        }
                        scheduled.push((rule.id, id));
                        out.push(Change::put(Firing {
                            id: (ctx.new_id)(),
                            created_at: ctx.now,
                            updated_at: ctx.now,
                            rule_id: rule.id,
                            record_kind: kind,
                            record_id: id,
                            due_at: ctx.now + rule.delay.duration(),
                            state: FiringState::Pending,
                            outcome: String::new(),
                            made: Vec::new(),
                            manual: false,
                        }));
                    }
                }
                Change::Delete(kind, id) if RULE_KINDS.contains(kind) => {
                    deleted.insert(*id);
                }
                _ => {}
            }
        }
        if !deleted.is_empty() {
            out.extend(self.forget(&deleted, ctx));
        }
        out
    }

    /// Deleted records' pending firings cancelled, and their reminders,
    /// open drafts and follows deleted: one pass over those lists however
    /// many records a bulk delete removes.
    fn forget(&self, records: &IdSet, ctx: &mut Ctx) -> Vec<Change> {
        let mut out = Vec::new();
        for f in records.iter().flat_map(|r| self.firings_of(*r)).filter(|f| f.state == FiringState::Pending) {
            let mut f = f.clone();
            f.state = FiringState::Cancelled;
            f.outcome = "the record was deleted".into();
            f.updated_at = ctx.now;
            out.push(Change::put(f));
        }
        out.extend(self.alerts.values().filter(|a| records.contains(&a.record_id)).map(|a| Change::Delete(Kind::Alert, a.id)));
        out.extend(
            self.drafts.values().filter(|d| records.contains(&d.record_id) && d.state == DraftState::Open).map(|d| Change::Delete(Kind::Draft, d.id)),
        );
        out.extend(self.follows.values().filter(|f| records.contains(&f.record_id)).map(|f| Change::Delete(Kind::Follow, f.id)));
        out
    }

    /// The firings due at `now`, oldest first: stored pending ones whose
    /// time has come, and dates reached (since each rule was turned on)
    /// that have no firing yet, as new pending firings.
    pub fn due_firings(&self, d: &Defaults, now: DateTime<Utc>, offset_minutes: i32) -> Vec<Firing> {
        let mut out: Vec<Firing> = self.pending_firings.range(..=(now, Uuid::max())).filter_map(|(_, id)| self.firings.get(id).cloned()).collect();
        for rule in self.rules_in_effect(d).into_iter().filter(|r| r.enabled) {
            let Trigger::DateReached { kind, field } = &rule.trigger else { continue };
            let Some(field) = fields::date_field(*kind, field) else { continue };
            let from = rule.active_since.max(now - Duration::days(CATCH_UP_DAYS));
            for (record, due) in self.dates_reached(field, rule.delay.duration(), from, now, offset_minutes) {
                if self.firings_of(record).any(|f| f.rule_id == rule.id && f.due_at == due) {
                    continue;
                }
                // The same on every device that finds the date reached.
                let id = crate::model::ids::derived_id(&[rule.id.as_bytes(), record.as_bytes(), &due.timestamp_millis().to_le_bytes()], due);
                out.push(Firing {
                    id,
                    created_at: due,
                    updated_at: due,
                    rule_id: rule.id,
                    record_kind: *kind,
                    record_id: record,
                    due_at: due,
                    state: FiringState::Pending,
                    outcome: String::new(),
                    made: Vec::new(),
                    manual: false,
                });
            }
        }
        out.sort_by_key(|f| (f.due_at, f.id));
        out
    }

    /// Records whose `field` (shifted by `delay`) falls in
    /// (`from`, `to`], with that time.
    fn dates_reached(&self, field: DateField, delay: Duration, from: DateTime<Utc>, to: DateTime<Utc>, offset: i32) -> Vec<(Uuid, DateTime<Utc>)> {
        let at_hour = |day: NaiveDate| day.and_hms_opt(DATE_HOUR, 0, 0).map(|t| t.and_utc() - Duration::minutes(i64::from(offset)) + delay);
        let within = |t: DateTime<Utc>| t > from && t <= to;
        let mut out = Vec::new();
        match field {
            DateField::Birthday => {
                // The days whose birthdays come due in the window.
                let local = |t: DateTime<Utc>| (t + Duration::minutes(i64::from(offset)) - delay).date_naive();
                let (first, last) = (local(from) - Duration::days(1), local(to) + Duration::days(1));
                let mut day = first;
                while day <= last {
                    for c in self.contacts_with_date_on(day.month(), day.day()) {
                        if c.important_dates
                            .iter()
                            .any(|d| d.kind == DateKind::Birthday && d.date.month() == day.month() && d.date.day() == day.day())
                        {
                            if let Some(t) = at_hour(day).filter(|t| within(*t)) {
                                out.push((c.id, t));
                            }
                        }
                    }
                    day += Duration::days(1);
                }
            }
            DateField::ValidUntil => {
                out.extend(self.quotes.values().filter_map(|q| at_hour(q.valid_until).filter(|t| within(*t)).map(|t| (q.id, t))));
            }
            DateField::ExpectedClose => {
                out.extend(self.opportunities.values().filter_map(|o| o.expected_close.and_then(at_hour).filter(|t| within(*t)).map(|t| (o.id, t))));
            }
            DateField::SubmissionDeadline => {
                out.extend(
                    self.opportunities.values().filter_map(|o| o.submission_deadline.map(|t| t + delay).filter(|t| within(*t)).map(|t| (o.id, t))),
                );
            }
            DateField::At => {
                out.extend(self.activities.values().filter_map(|a| a.at.map(|t| t + delay).filter(|t| within(*t)).map(|t| (a.id, t))));
            }
            DateField::WarrantyUntil => {
                out.extend(
                    self.delivered_items.values().filter_map(|i| i.warranty_until.and_then(at_hour).filter(|t| within(*t)).map(|t| (i.id, t))),
                );
            }
            DateField::CancelBy | DateField::End => {
                // The term running on the window's last day, before the delay.
                let day = (to + Duration::minutes(i64::from(offset)) - delay).date_naive();
                for c in self.contracts.values().filter(|c| c.is_live()) {
                    let date = if field == DateField::CancelBy { c.cancel_by(day) } else { c.term_end(day) };
                    if let Some(t) = date.and_then(at_hour).filter(|t| within(*t)) {
                        out.push((c.id, t));
                    }
                }
            }
            DateField::FirstResponseAtRisk | DateField::FirstResponseDue | DateField::ResolutionAtRisk | DateField::ResolutionDue => {
                // Only for goals still open: a met one warns no one.
                let (goal, share) = match field {
                    DateField::FirstResponseAtRisk => (SlaGoal::FirstResponse, crate::model::sla::AT_RISK_PERCENT),
                    DateField::FirstResponseDue => (SlaGoal::FirstResponse, 100),
                    DateField::ResolutionAtRisk => (SlaGoal::Resolution, crate::model::sla::AT_RISK_PERCENT),
                    _ => (SlaGoal::Resolution, 100),
                };
                let fixed = |_: DateTime<Utc>| offset;
                for t in self.tickets.values().filter(|t| !t.status.is_done()) {
                    let Some(sla) = self.ticket_sla_brief(t, to, &fixed) else { continue };
                    let g = sla.goal(goal);
                    if g.met.is_some() {
                        continue;
                    }
                    let Some((terms, _)) = self.sla_terms(t) else { continue };
                    let minutes = (g.minutes * share + 99) / 100;
                    let when = crate::model::sla::due(t.created_at, minutes, &terms.calendar, &sla.pauses, &fixed);
                    if let Some(at) = when.map(|w| w + delay).filter(|w| within(*w)) {
                        out.push((t.id, at));
                    }
                }
            }
        }
        out
    }

    /// Runs `firings` (due ones, or one run by hand) as one action: each
    /// rule's actions on its record, and the firing stored as done,
    /// skipped or failed. Firings on a record another of them already
    /// acts on wait for the next batch, so each is computed from the
    /// records as they are. `me_name` is who runs them, for templates.
    pub fn run_firings(&self, d: &Defaults, firings: Vec<Firing>, me_name: &str, ctx: &mut Ctx) -> Vec<Change> {
        let mut out = Vec::new();
        let mut records = IdSet::default();
        for f in firings.into_iter().take(BATCH) {
            if !records.insert(f.record_id) {
                continue;
            }
            out.extend(self.run_firing(d, f, me_name, ctx));
        }
        out
    }

    fn run_firing(&self, d: &Defaults, mut f: Firing, me_name: &str, ctx: &mut Ctx) -> Vec<Change> {
        f.updated_at = ctx.now;
        let finish = |mut f: Firing, state: FiringState, outcome: &str| {
            f.state = state;
            f.outcome = outcome.to_string();
            vec![Change::put(f)]
        };
        let Some(rule) = self.rule_in_effect(d, f.rule_id) else { return finish(f, FiringState::Skipped, "the rule was deleted") };
        if !rule.enabled && !f.manual {
            return finish(f, FiringState::Skipped, "the rule is off");
        }
        let Some(record) = self.get(f.record_kind, f.record_id) else { return finish(f, FiringState::Skipped, "the record was deleted") };
        let json = record.to_value();
        let holds = |c: &crate::model::automation::Condition| fields::holds(&json, &c.field, c.op, &c.value);
        let ok = rule.conditions.is_empty()
            || match rule.matching {
                Match::All => rule.conditions.iter().all(holds),
                Match::Any => rule.conditions.iter().any(holds),
            };
        if !ok {
            return finish(f, FiringState::Skipped, "the conditions did not hold");
        }
        // What the firing makes has ids derived from the firing, so two
        // devices that ran it offline converge on one task, not two, and
        // within a day of its time it is made as of that time, so the two
        // agree field for field. Later it is made as of the run: a task
        // from a firing the app was closed for is not backdated (if two
        // devices ran it at different such times, the difference is left
        // for review).
        let (seed, due) = (f.id, f.due_at);
        let mut n = 0u64;
        let mut derived = move || {
            n += 1;
            crate::model::ids::derived_id(&[seed.as_bytes(), &n.to_le_bytes()], due)
        };
        let as_of = if ctx.now - due <= Duration::hours(ON_TIME_HOURS) { due } else { ctx.now };
        let mut fctx = Ctx { now: as_of, me: ctx.me, new_id: &mut derived };
        match self.act(d, rule, &record, json, me_name, &mut fctx) {
            Ok((mut changes, made)) => {
                f.state = FiringState::Done;
                f.outcome = String::new();
                f.made = made;
                changes.push(Change::put(f));
                changes
            }
            Err(errors) => {
                let why = errors.iter().map(|e| format!("{}: {}", e.field, e.problem)).collect::<Vec<_>>().join("; ");
                let why: String = why.chars().take(crate::model::validate::SHORT_TEXT).collect();
                finish(f, FiringState::Failed, &why)
            }
        }
    }

    /// The changes of a rule's actions on `record`, and the records made.
    fn act(
        &self,
        d: &Defaults,
        rule: &Rule,
        record: &Rec,
        mut json: Value,
        me_name: &str,
        ctx: &mut Ctx,
    ) -> Result<(Vec<Change>, Vec<Target>), Vec<FieldError>> {
        let target = Target { kind: record.kind(), id: record.id() };
        let vars = template_vars(self, target, me_name);
        // A ticket's owner is whoever it is assigned to.
        let owner_field = if target.kind == Kind::Ticket { "assignee_id" } else { "owner_id" };
        let owner = json.get(owner_field).and_then(Value::as_str).and_then(|s| Uuid::parse_str(s).ok()).filter(|m| self.team_members.contains_key(m));
        // What an activity made for the record is linked to: the record, or
        // for an activity the records it is linked to.
        let links = || {
            let t = if record.kind() == Kind::Activity { self.targets_of(record.id()) } else { vec![target] };
            self.with_organizations(&t.into_iter().filter(|t| Link::linkable(t.kind)).collect::<Vec<_>>())
        };
        let mut changes = Vec::new();
        let mut made = Vec::new();
        let mut edited = false;
        for (i, action) in rule.actions.iter().enumerate() {
            let at = |f: &str| format!("actions[{i}].{f}");
            match action {
                RuleAction::CreateTask { title, due_days, assignee_id } => {
                    let mut task = Activity::new((ctx.new_id)(), ctx.now, ActivityKind::Task);
                    task.subject = render(title, &vars);
                    task.at = Some(ctx.now + Duration::days(i64::from(*due_days)));
                    task.assignee_id =
                        assignee_id.filter(|m| self.team_members.contains_key(m)).or(owner).or(ctx.me.filter(|m| self.team_members.contains_key(m)));
                    made.push(Target { kind: Kind::Activity, id: task.id });
                    changes.extend(self.save_activity(task, &links(), ctx)?);
                }
                RuleAction::Remind { text } => {
                    let alert = Alert {
                        id: (ctx.new_id)(),
                        created_at: ctx.now,
                        rule_id: Some(rule.id),
                        record_kind: target.kind,
                        record_id: target.id,
                        member_id: owner,
                        text: render(text, &vars),
                    };
                    check(alert.validate(), &at("text"))?;
                    made.push(Target { kind: Kind::Alert, id: alert.id });
                    changes.push(Change::put(alert));
                }
                RuleAction::DraftEmail { template_id } => {
                    let Some(t) = self.template_in_effect(d, *template_id) else {
                        return Err(vec![FieldError::new(at("template_id"), crate::model::Problem::Missing)]);
                    };
                    let to = vars.get("email").filter(|e| crate::model::validate::is_email(e)).map(|e| vec![e.to_string()]).unwrap_or_default();
                    let draft = Draft {
                        id: (ctx.new_id)(),
                        created_at: ctx.now,
                        updated_at: ctx.now,
                        rule_id: Some(rule.id),
                        record_kind: target.kind,
                        record_id: target.id,
                        member_id: owner.or(ctx.me),
                        to,
                        subject: render(&t.subject, &vars),
                        body: render(&t.body, &vars),
                        state: DraftState::Open,
                        activity_id: None,
                    };
                    check(draft.validate(), &at("template_id"))?;
                    made.push(Target { kind: Kind::Draft, id: draft.id });
                    changes.push(Change::put(draft));
                }
                RuleAction::SetField { field, value } => {
                    fields::set(&mut json, target.kind, field, value).map_err(|p| vec![FieldError::new(at("value"), p)])?;
                    edited = true;
                }
                RuleAction::AddTag { tag } => {
                    let tag = tag.trim();
                    if let Some(Value::Array(tags)) = json.get_mut("tags") {
                        if !tags.iter().any(|t| t.as_str() == Some(tag)) {
                            tags.push(Value::String(tag.to_string()));
                        }
                    } else if let Value::Object(map) = &mut json {
                        map.insert("tags".into(), Value::Array(vec![Value::String(tag.to_string())]));
                    }
                    edited = true;
                }
            }
        }
        if edited {
            let rec =
                Rec::from_value(target.kind, &json).map_err(|e| vec![FieldError::new("record", crate::model::Problem::Malformed(e.to_string()))])?;
            changes.extend(self.save_rec(rec, ctx)?);
        }
        Ok((changes, made))
    }

    /// Saves a record the way its form does (validated, history written).
    fn save_rec(&self, rec: Rec, ctx: &mut Ctx) -> Result<Vec<Change>, Vec<FieldError>> {
        match rec {
            Rec::Contact(c) => {
                let primary = self.is_primary(&c);
                self.save_contact(c, primary, ctx)
            }
            Rec::Organization(o) => self.save_organization(o, ctx),
            Rec::Lead(l) => self.save_lead(l, ctx),
            Rec::Opportunity(o) => self.save_opportunity(o, &[], ctx),
            Rec::Quote(q) => self.save_quote(q, ctx),
            Rec::Activity(a) => {
                let targets = self.targets_of(a.id);
                self.save_activity(a, &targets, ctx)
            }
            Rec::DeliveredItem(i) => self.save_delivered_item(i, ctx),
            Rec::Contract(c) => self.save_contract(c, ctx),
            Rec::Ticket(t) => self.save_ticket(t, ctx),
            _ => Err(vec![FieldError::new("record_kind", crate::model::Problem::NotAChoice)]),
        }
    }

    /// Saves a rule (new or changed). The first rule saved stores the
    /// built-ins with it, so they stay in effect beside it. A rule turned
    /// on, or given another trigger, acts on what happens from now.
    pub fn save_rule(&self, mut rule: Rule, d: &Defaults, ctx: &mut Ctx) -> Result<Vec<Change>, Vec<FieldError>> {
        let mut errors = rule.validate();
        for (i, a) in rule.actions.iter().enumerate() {
            match a {
                RuleAction::DraftEmail { template_id } if self.template_in_effect(d, *template_id).is_none() => {
                    errors.push(FieldError::new(format!("actions[{i}].template_id"), Problem::Missing));
                }
                RuleAction::CreateTask { assignee_id: Some(m), .. } if !self.team_members.contains_key(m) => {
                    errors.push(FieldError::new(format!("actions[{i}].assignee_id"), Problem::Missing));
                }
                _ => {}
            }
        }
        let old = self.rule_in_effect(d, rule.id);
        if old.is_none() && self.rules_in_effect(d).len() >= crate::model::automation::RULES_MAX {
            errors.push(FieldError::new("rules", Problem::TooMany { max: crate::model::automation::RULES_MAX }));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let stored = self.rules.get(&rule.id);
        rule.created_at = stored.map_or(ctx.now, |o| o.created_at);
        rule.updated_at = ctx.now;
        rule.builtin = old.and_then(|o| o.builtin);
        let fresh = old.is_none_or(|o| !o.enabled || o.trigger != rule.trigger);
        rule.active_since = match old {
            Some(o) if !fresh && stored.is_some() => o.active_since,
            _ => ctx.now,
        };
        let mut changes = self.store_defaults(d, rule.id, ctx);
        let label = rule.name.clone();
        if let Some(h) = self.record_changes(Kind::Rule, rule.id, stored, &rule, label, ctx) {
            changes.push(Change::put(rule));
            changes.push(h);
        }
        Ok(changes)
    }

    /// The built-in rules stored (all but `except`), if none are yet.
    fn store_defaults(&self, d: &Defaults, except: Uuid, ctx: &mut Ctx) -> Vec<Change> {
        if self.has_rules() {
            return Vec::new();
        }
        d.rules
            .iter()
            .filter(|r| r.id != except)
            .map(|r| Change::put(Rule { created_at: ctx.now, updated_at: ctx.now, active_since: ctx.now, ..r.clone() }))
            .collect()
    }

    /// Deletes a rule of the user's (a built-in one is only turned off);
    /// its pending firings are cancelled.
    pub fn delete_rule(&self, id: Uuid, ctx: &mut Ctx) -> Result<Vec<Change>, Vec<FieldError>> {
        let Some(rule) = self.rules.get(&id) else { return Err(vec![FieldError::new("id", Problem::Missing)]) };
        if rule.builtin.is_some() {
            return Err(vec![FieldError::new("builtin", Problem::NotAChoice)]);
        }
        let mut changes: Vec<Change> = self
            .pending_firings()
            .filter(|f| f.rule_id == id)
            .map(|f| Change::put(Firing { state: FiringState::Cancelled, outcome: "the rule was deleted".into(), updated_at: ctx.now, ..f.clone() }))
            .collect();
        changes.push(Change::Delete(Kind::Rule, id));
        changes.push(self.deleted_entry(Kind::Rule, id, rule.name.clone(), ctx));
        Ok(changes)
    }

    /// Saves an email template; the first saved stores the built-in ones too.
    pub fn save_template(&self, mut t: Template, d: &Defaults, ctx: &mut Ctx) -> Result<Vec<Change>, Vec<FieldError>> {
        let errors = t.validate();
        if !errors.is_empty() {
            return Err(errors);
        }
        let stored = self.templates.get(&t.id);
        let old = self.template_in_effect(d, t.id);
        t.created_at = stored.map_or(ctx.now, |o| o.created_at);
        t.updated_at = ctx.now;
        t.builtin = old.and_then(|o| o.builtin);
        let mut changes: Vec<Change> = if self.templates.is_empty() {
            d.templates
                .iter()
                .filter(|x| x.id != t.id)
                .map(|x| Change::put(Template { created_at: ctx.now, updated_at: ctx.now, ..x.clone() }))
                .collect()
        } else {
            Vec::new()
        };
        let label = t.name.clone();
        if let Some(h) = self.record_changes(Kind::Template, t.id, stored, &t, label, ctx) {
            changes.push(Change::put(t));
            changes.push(h);
        }
        Ok(changes)
    }

    /// Follows a record, or stops following it.
    pub fn toggle_follow(&self, target: Target, ctx: &mut Ctx) -> Vec<Change> {
        match self.follow_of(ctx.me, target.id) {
            Some(f) => vec![Change::Delete(Kind::Follow, f.id)],
            None => vec![Change::put(Follow {
                id: (ctx.new_id)(),
                created_at: ctx.now,
                member_id: ctx.me,
                record_kind: target.kind,
                record_id: target.id,
            })],
        }
    }

    /// A draft the user threw away.
    pub fn discard_draft(&self, id: Uuid, ctx: &mut Ctx) -> Vec<Change> {
        self.drafts
            .get(&id)
            .filter(|d| d.state == DraftState::Open)
            .map_or_else(Vec::new, |d| vec![Change::put(Draft { state: DraftState::Discarded, updated_at: ctx.now, ..d.clone() })])
    }

    /// A draft sent as the email activity `activity` (in the same action).
    pub fn draft_sent(&self, id: Uuid, activity: Uuid, ctx: &mut Ctx) -> Option<Change> {
        let d = self.drafts.get(&id).filter(|d| d.state == DraftState::Open)?;
        Some(Change::put(Draft { state: DraftState::Sent, activity_id: Some(activity), updated_at: ctx.now, ..d.clone() }))
    }

    /// A firing of `rule` on `record` now, by hand ("run now on this
    /// record"): it runs even when the rule is off.
    pub fn run_now(&self, d: &Defaults, rule: Uuid, record: Target, me_name: &str, ctx: &mut Ctx) -> Vec<Change> {
        let f = Firing {
            id: (ctx.new_id)(),
            created_at: ctx.now,
            updated_at: ctx.now,
            rule_id: rule,
            record_kind: record.kind,
            record_id: record.id,
            due_at: ctx.now,
            state: FiringState::Pending,
            outcome: String::new(),
            made: Vec::new(),
            manual: true,
        };
        self.run_firing(d, f, me_name, ctx)
    }
}

/// An action's record refused: its problems named at the action.
fn check(errors: Vec<FieldError>, at: &str) -> Result<(), Vec<FieldError>> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.into_iter().map(|e| FieldError::new(format!("{at} ({})", e.field), e.problem)).collect())
    }
}

/// The placeholders of `target` as `crm` has it; `me` is the name of who
/// runs the rule.
pub fn template_vars(crm: &Crm, target: Target, me: &str) -> Vars {
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
        Kind::DeliveredItem => {
            if let Some(i) = crm.delivered_item(target.id) {
                v.set("organization", org_name(Some(i.organization_id)));
            }
        }
        Kind::Contract => {
            if let Some(c) = crm.contract(target.id) {
                v.set("organization", org_name(Some(c.organization_id)));
                v.set("owner", crm.member_name(c.owner_id));
            }
        }
        Kind::Ticket => {
            if let Some(t) = crm.ticket(target.id) {
                v.set("number", t.number.clone());
                v.set("subject", t.subject.clone());
                v.set("organization", org_name(t.organization_id));
                v.set("owner", crm.member_name(t.assignee_id));
                let contact = t.contact_id.and_then(|c| crm.contact(c));
                if let Some(c) = contact {
                    v.set("first_name", c.first_name.clone());
                    v.set("last_name", c.last_name.clone());
                    v.set("title", c.title.clone());
                }
                email(&mut v, contact);
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
                let contact =
                    a.participants.iter().chain(targets.iter().filter(|t| t.kind == Kind::Contact).map(|t| &t.id)).find_map(|id| crm.contact(*id));
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

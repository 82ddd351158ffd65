//! Workflow rules: what a user action triggers, when firings come due
//! (with a fixed clock), that each runs once, what the built-in rules
//! make, and how templates fill in.

mod common;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use common::{at, World};
use uuid::Uuid;
use vizitka_core::model::automation::builtin::{self, rule_id, template_id};
use vizitka_core::model::automation::template::{render, unknown_placeholders, Vars};
use vizitka_core::model::automation::{BuiltIn, Condition, Delay, DraftState, FiringState, Match, Op, Rule, RuleAction, Trigger, Unit};
use vizitka_core::model::ops::automation::{Defaults, Options};
use vizitka_core::model::ops::sales::QuoteTexts;
use vizitka_core::model::quote::QuoteStatus;
use vizitka_core::model::Ctx;
use vizitka_core::model::{
    ActivitiesOnDelete, Activity, ActivityKind, Change, Contact, Crm, DateKind, Email, EmailLabel, ImportantDate, Kind, Problem, Rec, Target,
    TaskStatus,
};

const ON: Options = Options { triggers: true, follow_new_contacts: false };

/// A user action as the app commits it: its changes and what they trigger.
fn user(w: &mut World, now: DateTime<Utc>, options: Options, f: impl FnOnce(&Crm, &mut Ctx) -> Vec<Change>) -> Vec<Change> {
    let d = Defaults::english();
    w.act_at(now, |crm, ctx| {
        let mut changes = f(crm, ctx);
        let more = crm.schedule(&d, &changes, options, ctx);
        changes.extend(more);
        changes
    })
}

/// What the app's runner does at `now`: run every due firing.
fn run_due(w: &mut World, now: DateTime<Utc>) -> Vec<Change> {
    let d = Defaults::english();
    w.act_at(now, |crm, ctx| {
        let due = crm.due_firings(&d, ctx.now, 0);
        crm.run_firings(&d, due, "Tester", ctx)
    })
}

fn due_rules(w: &World, now: DateTime<Utc>) -> Vec<Uuid> {
    w.crm.due_firings(&Defaults::english(), now, 0).into_iter().map(|f| f.rule_id).collect()
}

fn new_contact(w: &mut World, first: &str, last: &str, now: DateTime<Utc>) -> Uuid {
    let mut c = Contact::new(w.id(), now);
    c.first_name = first.into();
    c.last_name = last.into();
    c.emails.push(Email { address: format!("{}@example.cz", first.to_lowercase()), label: EmailLabel::Work });
    c.owner_id = w.me;
    let id = c.id;
    user(w, now, ON, |crm, ctx| crm.save_contact(c, false, ctx).unwrap());
    id
}

fn tasks_of(crm: &Crm, record: Uuid) -> Vec<&Activity> {
    crm.activities_of(record).into_iter().filter(|a| a.kind == ActivityKind::Task).collect()
}

#[test]
fn a_new_contact_gets_a_welcome_draft_now_and_a_follow_up_task_seven_days_later() {
    let mut w = World::with_tester();
    let created = at(3);
    let jana = new_contact(&mut w, "Jana", "Nováková", created);

    // Two firings are stored with the contact: the welcome is due at once.
    let pending: Vec<_> = w.crm.pending_firings().map(|f| (f.rule_id, f.due_at)).collect();
    assert_eq!(pending.len(), 2);
    assert!(pending.contains(&(rule_id(BuiltIn::WelcomeEmail), created)));
    assert!(pending.contains(&(rule_id(BuiltIn::FollowUpContact), created + Duration::days(7))));
    assert_eq!(due_rules(&w, created), [rule_id(BuiltIn::WelcomeEmail)]);

    run_due(&mut w, created);
    let drafts = w.crm.open_drafts(w.me);
    assert_eq!(drafts.len(), 1);
    assert_eq!(drafts[0].to, ["jana@example.cz"]);
    assert_eq!(drafts[0].subject, "Welcome, Jana");
    assert!(drafts[0].body.starts_with("Dear Nováková,"), "no title: it goes with its space: {:?}", drafts[0].body);
    assert!(drafts[0].body.ends_with("Tester"));
    assert!(tasks_of(&w.crm, jana).is_empty());

    // Six days on nothing is due; on the seventh the task is made, once.
    assert!(due_rules(&w, created + Duration::days(6)).is_empty());
    let day7 = created + Duration::days(7);
    assert_eq!(due_rules(&w, day7), [rule_id(BuiltIn::FollowUpContact)]);
    run_due(&mut w, day7);
    let tasks = tasks_of(&w.crm, jana);
    assert_eq!(tasks.len(), 1);
    assert_eq!(tasks[0].subject, "Follow up with Jana Nováková");
    assert_eq!(tasks[0].assignee_id, w.me, "the contact's owner");
    assert_eq!(tasks[0].at, Some(day7));
    let task = tasks[0].id;
    assert!(run_due(&mut w, day7 + Duration::days(1)).is_empty(), "a firing that ran never runs again");
    assert_eq!(tasks_of(&w.crm, jana).len(), 1);

    // The log names what each run made.
    let log = w.crm.firing_log(None, 10);
    assert_eq!(log.len(), 2);
    assert_eq!(log[0].state, FiringState::Done);
    assert_eq!(log[0].made, [Target { kind: Kind::Activity, id: task }]);
}

#[test]
fn firings_that_came_due_while_the_app_was_closed_run_at_the_next_start_oldest_first() {
    let mut w = World::with_tester();
    let a = new_contact(&mut w, "Adam", "První", at(1));
    let b = new_contact(&mut w, "Bára", "Druhá", at(2));
    run_due(&mut w, at(2));
    // The app opens again on day 20: both follow-ups are due, Adam's first.
    let due = w.crm.due_firings(&Defaults::english(), at(20), 0);
    assert_eq!(due.iter().map(|f| f.record_id).collect::<Vec<_>>(), [a, b]);
    run_due(&mut w, at(20));
    assert_eq!((tasks_of(&w.crm, a).len(), tasks_of(&w.crm, b).len()), (1, 1));
    // Made when run (day 20), due then: not backdated into the past.
    assert_eq!(tasks_of(&w.crm, a)[0].at, Some(at(20)));
}

#[test]
fn deleting_a_record_cancels_its_pending_firings_and_drops_its_drafts() {
    let mut w = World::with_tester();
    let jana = new_contact(&mut w, "Jana", "Nováková", at(3));
    run_due(&mut w, at(3));
    assert_eq!(w.crm.open_drafts(w.me).len(), 1);
    user(&mut w, at(4), ON, |crm, ctx| crm.delete_contact(jana, ActivitiesOnDelete::Keep, ctx));
    assert_eq!(w.crm.pending_firings().count(), 0);
    let cancelled: Vec<_> = w.crm.firings_of(jana).filter(|f| f.state == FiringState::Cancelled).collect();
    assert_eq!(cancelled.len(), 1);
    assert!(w.crm.open_drafts(w.me).is_empty());
    assert!(run_due(&mut w, at(20)).is_empty());
}

#[test]
fn an_import_triggers_no_rule_and_a_rule_that_is_off_does_nothing() {
    let mut w = World::with_tester();
    let c = Contact { first_name: "Iva".into(), last_name: "Malá".into(), ..Contact::new(w.id(), at(2)) };
    user(&mut w, at(2), Options { triggers: false, follow_new_contacts: true }, |crm, ctx| crm.save_contact(c, false, ctx).unwrap());
    assert_eq!(w.crm.pending_firings().count(), 0);
    assert!(w.crm.follows_of(w.me).is_empty());

    // Stored rules replace the built-ins; with the follow-up off, a new
    // contact only gets its welcome.
    let d = Defaults::english();
    let mut rules = d.rules.clone();
    rules[0].enabled = false;
    w.act(2, |_, _| rules.into_iter().map(Change::put).collect());
    new_contact(&mut w, "Jana", "Nováková", at(3));
    assert_eq!(w.crm.pending_firings().map(|f| f.rule_id).collect::<Vec<_>>(), [rule_id(BuiltIn::WelcomeEmail)]);
}

#[test]
fn following_new_contacts_adds_a_follow_for_you() {
    let mut w = World::with_tester();
    let c = Contact { first_name: "Iva".into(), last_name: "Malá".into(), ..Contact::new(w.id(), at(2)) };
    let id = c.id;
    user(&mut w, at(2), Options { triggers: true, follow_new_contacts: true }, |crm, ctx| crm.save_contact(c, false, ctx).unwrap());
    assert!(w.crm.follow_of(w.me, id).is_some());
}

fn quote_for(w: &mut World, contact: Uuid) -> Uuid {
    let today = at(5).date_naive();
    let q = w.compute(5, |crm, ctx| crm.new_quote(Target::contact(contact), today, ctx));
    let id = q.id;
    user(w, at(5), ON, |crm, ctx| crm.save_quote(q, ctx).unwrap());
    id
}

fn set_quote(w: &mut World, id: Uuid, status: QuoteStatus, now: DateTime<Utc>) {
    let texts = QuoteTexts { sent: "Quote sent".into() };
    user(w, now, ON, |crm, ctx| crm.set_quote_status(id, status, now.date_naive(), &texts, ctx).unwrap());
}

#[test]
fn a_sent_quote_is_followed_up_by_a_reminder_three_days_later_unless_it_was_decided() {
    let mut w = World::with_tester();
    let jana = new_contact(&mut w, "Jana", "Nováková", at(1));
    let q = quote_for(&mut w, jana);
    let number = w.crm.quote(q).unwrap().number.clone();
    set_quote(&mut w, q, QuoteStatus::Sent, at(5));
    run_due(&mut w, at(7));
    assert!(w.crm.alerts_for(w.me).is_empty());
    run_due(&mut w, at(8));
    let alerts = w.crm.alerts_for(w.me);
    assert_eq!(alerts.len(), 1);
    assert_eq!(alerts[0].text, format!("Follow up on quote {number}"));
    assert_eq!(alerts[0].target(), Target { kind: Kind::Quote, id: q });

    // A second quote, accepted before its reminder: the firing is skipped.
    let q2 = quote_for(&mut w, jana);
    set_quote(&mut w, q2, QuoteStatus::Sent, at(10));
    // Saving it again while sent triggers nothing new.
    let again = w.crm.quote(q2).unwrap().clone();
    user(&mut w, at(11), ON, |crm, ctx| {
        let mut q = again;
        q.notes = "Called".into();
        crm.save_quote(q, ctx).unwrap()
    });
    assert_eq!(w.crm.firings_of(q2).count(), 1);
    set_quote(&mut w, q2, QuoteStatus::Accepted, at(12));
    run_due(&mut w, at(14));
    let f = w.crm.firings_of(q2).next().unwrap();
    assert_eq!((f.state, f.outcome.as_str()), (FiringState::Skipped, "the conditions did not hold"));
    assert_eq!(w.crm.alerts_for(w.me).len(), 1);
}

#[test]
fn a_meeting_marked_done_drafts_a_thank_you_with_its_summary() {
    let mut w = World::with_tester();
    let jana = new_contact(&mut w, "Jana", "Nováková", at(1));
    let mut m = Activity::new(w.id(), at(2), ActivityKind::Meeting);
    m.subject = "Kick-off".into();
    m.at = Some(at(3));
    m.participants = vec![jana];
    let id = m.id;
    user(&mut w, at(2), ON, |crm, ctx| crm.save_activity(m.clone(), &[Target::contact(jana)], ctx).unwrap());
    run_due(&mut w, at(2));
    let drafts_before = w.crm.open_drafts(w.me).len();
    m.summary = "Pilot in December.".into();
    m.status = TaskStatus::Done;
    user(&mut w, at(3), ON, |crm, ctx| crm.save_activity(m, &[Target::contact(jana)], ctx).unwrap());
    run_due(&mut w, at(3));
    let drafts = w.crm.open_drafts(w.me);
    assert_eq!(drafts.len(), drafts_before + 1);
    let thanks = drafts.iter().find(|d| d.record_id == id).expect("a thank-you draft");
    assert_eq!(thanks.subject, "Thank you for the meeting: Kick-off");
    assert!(thanks.body.contains("Pilot in December."));
    assert_eq!(thanks.to, ["jana@example.cz"]);
    assert_eq!(w.crm.activity(id).unwrap().done_at, Some(at(3)));
}

#[test]
fn a_task_marked_done_is_not_a_meeting_so_nobody_is_thanked() {
    let mut w = World::with_tester();
    let mut t = Activity::new(w.id(), at(2), ActivityKind::Task);
    t.subject = "Call back".into();
    let id = t.id;
    user(&mut w, at(2), ON, |crm, ctx| crm.save_activity(t, &[], ctx).unwrap());
    user(&mut w, at(3), ON, |crm, ctx| crm.set_task_status(id, TaskStatus::Done, ctx).unwrap());
    run_due(&mut w, at(3));
    assert!(w.crm.open_drafts(w.me).is_empty());
    assert_eq!(w.crm.firings_of(id).next().map(|f| f.state), Some(FiringState::Skipped));
}

fn custom_rule(w: &mut World, trigger: Trigger, delay: Delay, matching: Match, conditions: Vec<Condition>, actions: Vec<RuleAction>) -> Uuid {
    let rule = Rule {
        id: w.id(),
        created_at: at(1),
        updated_at: at(1),
        name: "Custom".into(),
        enabled: true,
        active_since: at(1),
        builtin: None,
        trigger,
        delay,
        matching,
        conditions,
        actions,
    };
    assert_eq!(rule.validate(), Vec::new());
    let id = rule.id;
    w.act(1, |_, _| vec![Change::put(rule)]);
    id
}

#[test]
fn conditions_combine_with_and_or_and_actions_set_fields_and_tags() {
    let mut w = World::with_tester();
    let cond = |field: &str, op: Op, value: &str| Condition { field: field.into(), op, value: value.into() };
    let tag_vip = custom_rule(
        &mut w,
        Trigger::Updated { kind: Kind::Contact },
        Delay::none(),
        Match::Any,
        vec![cond("position", Op::Contains, "ředitel"), cond("tags", Op::Contains, "vip")],
        vec![RuleAction::AddTag { tag: "key".into() }, RuleAction::SetField { field: "role".into(), value: "decision_maker".into() }],
    );
    let both = custom_rule(
        &mut w,
        Trigger::Updated { kind: Kind::Contact },
        Delay { amount: 2, unit: Unit::Hours, before: false },
        Match::All,
        vec![cond("position", Op::Contains, "ředitel"), cond("tags", Op::Contains, "vip")],
        vec![RuleAction::Remind { text: "Call {first_name} {unknown}".into() }],
    );
    let c = Contact { first_name: "Petr".into(), last_name: "Malý".into(), ..Contact::new(w.id(), at(2)) };
    let id = c.id;
    user(&mut w, at(2), ON, |crm, ctx| crm.save_contact(c.clone(), false, ctx).unwrap());
    // "Reditel" matches "ředitel" (no accents, no case); one condition is enough for "any".
    user(&mut w, at(3), ON, |crm, ctx| crm.save_contact(Contact { position: "Ředitel".into(), ..c.clone() }, false, ctx).unwrap());
    run_due(&mut w, at(3));
    let saved = w.crm.contact(id).unwrap();
    assert_eq!(saved.tags, ["key"]);
    assert_eq!(saved.role, vizitka_core::model::Role::DecisionMaker);
    assert!(w.crm.history_of(id).iter().any(|h| h.changes.iter().any(|c| c.field == "role")), "the change is in the history");
    // "All" needed the vip tag too: skipped two hours later.
    run_due(&mut w, at(3) + Duration::hours(2));
    let f = w.crm.firings_of(id).find(|f| f.rule_id == both).unwrap();
    assert_eq!(f.state, FiringState::Skipped);
    assert!(w.crm.firings_of(id).any(|f| f.rule_id == tag_vip && f.state == FiringState::Done));
    // The rule's own edit triggered nothing further (no loops): its changes
    // are not a user action.
    assert_eq!(w.crm.pending_firings().count(), 0);
}

#[test]
fn an_action_that_is_refused_fails_the_firing_and_changes_nothing_else() {
    let mut w = World::with_tester();
    let gone = w.id();
    custom_rule(
        &mut w,
        Trigger::Created { kind: Kind::Organization },
        Delay::none(),
        Match::All,
        Vec::new(),
        vec![RuleAction::Remind { text: "New: {name}".into() }, RuleAction::SetField { field: "owner_id".into(), value: gone.to_string() }],
    );
    let mut o = vizitka_core::model::Organization::new(w.id(), at(1));
    o.name = "Pekárna".into();
    let org = o.id;
    user(&mut w, at(1), ON, |crm, ctx| crm.save_organization(o, ctx).unwrap());
    let before = w.crm.alerts_for(w.me).len();
    run_due(&mut w, at(1));
    let f = w.crm.firings_of(org).next().unwrap();
    assert_eq!(f.state, FiringState::Failed);
    assert!(f.outcome.contains("owner_id"), "{}", f.outcome);
    assert_eq!(w.crm.alerts_for(w.me).len(), before, "no half-done actions");
}

fn with_birthday(w: &mut World, name: &str, month: u32, day: u32) -> Uuid {
    let mut c = Contact { first_name: name.into(), last_name: "Dvořák".into(), ..Contact::new(w.id(), at(1)) };
    c.important_dates.push(ImportantDate {
        kind: DateKind::Birthday,
        label: String::new(),
        date: NaiveDate::from_ymd_opt(1980, month, day).unwrap(),
    });
    let id = c.id;
    w.act(1, |crm, ctx| crm.save_contact(c, false, ctx).unwrap());
    id
}

#[test]
fn a_date_reached_fires_once_per_occurrence_from_when_the_rule_was_turned_on() {
    let mut w = World::with_tester();
    let early = with_birthday(&mut w, "Early", 11, 2);
    let eve = with_birthday(&mut w, "Eve", 11, 12);
    let rule = custom_rule(
        &mut w,
        Trigger::DateReached { kind: Kind::Contact, field: "birthday".into() },
        Delay { amount: 1, unit: Unit::Days, before: true },
        Match::All,
        Vec::new(),
        vec![RuleAction::CreateTask { title: "Birthday gift for {first_name}".into(), due_days: 1, assignee_id: None }],
    );
    // Eve's birthday is on the 12th; the rule acts a day before, at 08:00.
    let when = Utc.with_ymd_and_hms(2026, 11, 11, 8, 0, 0).unwrap();
    assert!(due_rules(&w, when - Duration::minutes(1)).is_empty());
    assert_eq!(due_rules(&w, when), [rule]);
    // The app was closed until the 20th: it still catches up, once.
    run_due(&mut w, at(20));
    assert_eq!(tasks_of(&w.crm, eve).len(), 1);
    assert_eq!(tasks_of(&w.crm, eve)[0].subject, "Birthday gift for Eve");
    assert!(run_due(&mut w, at(21)).is_empty());
    // Early's birthday (the 1st, a day before) came before the rule was on.
    assert!(tasks_of(&w.crm, early).is_empty());
    // Next year it comes again.
    let next = Utc.with_ymd_and_hms(2027, 11, 11, 9, 0, 0).unwrap();
    run_due(&mut w, next);
    assert_eq!(tasks_of(&w.crm, eve).len(), 2);
}

#[test]
fn templates_fill_in_the_record_and_drop_what_is_missing() {
    let mut vars = Vars::new();
    vars.set("first_name", "Jana");
    vars.set("last_name", "Nováková");
    vars.set("title", "");
    assert_eq!(render("Dear {title} {last_name},", &vars), "Dear Nováková,");
    assert_eq!(render("Hi {first_name}, about {number}.", &vars), "Hi Jana, about.");
    assert_eq!(render("Follow up with {name}", &vars), "Follow up with");
    assert_eq!(render("{first_name}{last_name}", &vars), "JanaNováková");
    assert_eq!(render("Call {nmae} {unclosed", &vars), "Call {nmae} {unclosed");
    assert_eq!(render("{{first_name}}", &vars), "{{first_name}}");
    assert_eq!(unknown_placeholders("Hi {nmae} and {nmae}, {name}"), ["nmae"]);
    assert_eq!(render("", &vars), "");
}

#[test]
fn a_rule_is_validated_field_by_field() {
    let d = Defaults::english();
    for r in &d.rules {
        assert_eq!(r.validate(), Vec::new(), "{}", r.name);
    }
    let mut r = d.rules[0].clone();
    r.name = String::new();
    r.trigger = Trigger::FieldChanged { kind: Kind::Quote, field: "status".into(), value: "mailed".into() };
    r.delay = Delay { amount: 400, unit: Unit::Days, before: true };
    r.conditions = vec![Condition { field: "shoe_size".into(), op: Op::Is, value: "42".into() }];
    r.actions = vec![RuleAction::SetField { field: "status".into(), value: "sent".into() }, RuleAction::AddTag { tag: "a,b".into() }];
    let fields: Vec<(String, Problem)> = r.validate().into_iter().map(|e| (e.field, e.problem)).collect();
    assert_eq!(
        fields,
        [
            ("name".to_string(), Problem::Required),
            ("trigger.value".to_string(), Problem::NotAChoice),
            ("delay.amount".to_string(), Problem::OutOfRange { min: 0, max: 366 }),
            ("delay.before".to_string(), Problem::NotAChoice),
            ("conditions[0].field".to_string(), Problem::NotAChoice),
            ("actions[0].field".to_string(), Problem::NotAChoice),
            ("actions[1].tag".to_string(), Problem::BadTag),
        ]
    );
}

#[test]
fn built_ins_are_in_effect_until_rules_are_stored_and_travel_in_a_bundle() {
    let mut w = World::with_tester();
    let d = Defaults::english();
    assert_eq!(w.crm.rules_in_effect(&d).len(), 4);
    assert!(w.crm.template_in_effect(&d, template_id(BuiltIn::WelcomeEmail)).is_some());
    let _ = new_contact(&mut w, "Jana", "Nováková", at(2));
    run_due(&mut w, at(2));
    let mut rules = builtin::rules(&builtin::Texts::english(), at(2));
    rules[1].name = "Quote nudge".into();
    w.act(2, |_, _| rules.into_iter().map(Change::put).collect());
    assert!(w.crm.has_rules());
    assert_eq!(w.crm.rules_in_effect(&d)[1].name, "Quote nudge");

    // Rules, firings, drafts and follows are in the bundle and come back.
    let json = vizitka_core::bundle::export(&w.crm, at(5));
    let back = Crm::from_records(vizitka_core::bundle::parse(json.as_bytes()).expect("a valid bundle").records);
    for kind in [Kind::Rule, Kind::Firing, Kind::Draft] {
        assert_eq!(back.count(kind), w.crm.count(kind), "{kind:?}");
        assert!(back.count(kind) > 0, "{kind:?}");
    }
    assert_eq!(back.open_drafts(w.me).len(), 1);
    assert_eq!(back.pending_firings().count(), 1);
    assert_eq!(back.rules_in_effect(&d)[1].name, "Quote nudge");
    let draft = back.open_drafts(w.me)[0];
    assert_eq!(draft.state, DraftState::Open);
    assert!(matches!(back.get(Kind::Draft, draft.id), Some(Rec::Draft(_))));
}

#[test]
fn changes_others_make_to_a_followed_record_reach_the_inbox_and_your_own_do_not() {
    use vizitka_core::model::agenda::{reminders, Reminder};
    let mut w = World::with_tester();
    let tester = w.me;
    let jana = w.contact("Jana", "Nováková", None, vizitka_core::model::Role::Other, false);
    w.act(3, |crm, ctx| crm.toggle_follow(Target::contact(jana), ctx));
    let petra = vizitka_core::model::TeamMember::new(w.id(), at(3), "Petra");
    let petra_id = petra.id;
    w.act(3, |crm, ctx| crm.save_team_member(petra, ctx).unwrap());
    let edit = |w: &mut World, position: &str, day: u32| {
        let c = Contact { position: position.into(), ..w.crm.contact(jana).unwrap().clone() };
        w.act(day, |crm, ctx| crm.save_contact(c, false, ctx).unwrap());
    };
    edit(&mut w, "Účetní", 4);
    let followed = |w: &World| reminders(&w.crm, tester, at(6), 60).into_iter().filter(|r| matches!(r, Reminder::Followed(_))).count();
    assert_eq!(followed(&w), 0, "your own change");
    w.me = Some(petra_id);
    edit(&mut w, "Ředitelka", 5);
    w.me = tester;
    assert_eq!(followed(&w), 1);
    // Unfollowed, nothing more.
    w.act(6, |crm, ctx| crm.toggle_follow(Target::contact(jana), ctx));
    assert_eq!(followed(&w), 0);
}

#[test]
fn a_rule_waits_for_a_delivered_items_warranty_end_and_a_contracts_cancel_by_date() {
    use vizitka_core::model::contract::{ContractState, Period};
    use vizitka_core::model::delivered::DeliveredItem;
    use vizitka_core::model::money::Decimal;
    let mut w = World::with_tester();
    let org = w.org("Pekárna U Mlýna");
    let item = DeliveredItem {
        id: w.id(),
        created_at: at(1),
        updated_at: at(1),
        product_id: None,
        name: "Pec P-200".into(),
        organization_id: org,
        serials: vec!["P200-1".into()],
        quantity: Decimal::ONE,
        unit: "ks".into(),
        delivered_on: NaiveDate::from_ymd_opt(2024, 12, 20).unwrap(),
        handover_id: None,
        contract_id: None,
        warranty_until: NaiveDate::from_ymd_opt(2026, 12, 20),
        location: String::new(),
        state: Default::default(),
        notes: String::new(),
    };
    let item_id = item.id;
    w.act(1, |crm, ctx| crm.save_delivered_item(item, ctx).unwrap());
    let rule = custom_rule(
        &mut w,
        Trigger::DateReached { kind: Kind::DeliveredItem, field: "warranty_until".into() },
        Delay { amount: 30, unit: Unit::Days, before: true },
        Match::All,
        vec![Condition { field: "state".into(), op: Op::Is, value: "in_service".into() }],
        vec![RuleAction::Remind { text: "Warranty of {name} ends, offer an extension to {organization}".into() }],
    );
    // 30 days before 20 December, at 08:00 UTC (offset 0 here).
    let when = Utc.with_ymd_and_hms(2026, 11, 20, 8, 0, 0).unwrap();
    assert!(due_rules(&w, when - Duration::minutes(1)).is_empty());
    assert_eq!(due_rules(&w, when), [rule]);
    run_due(&mut w, when);
    let alerts = w.crm.alerts_for(w.me);
    assert_eq!(alerts.len(), 1);
    assert_eq!(alerts[0].text, "Warranty of Pec P-200 ends, offer an extension to Pekárna U Mlýna");
    assert_eq!(alerts[0].record_id, item_id);

    // A contract's cancel-by date, 7 days before.
    let mut c = w.compute(1, |crm, ctx| crm.new_contract(org, NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(), ctx)).unwrap();
    c.title = "Servis".into();
    c.state = ContractState::Active;
    c.end = NaiveDate::from_ymd_opt(2027, 1, 31);
    c.notice = Period::months(1);
    w.act(1, |crm, ctx| crm.save_contract(c, ctx).unwrap());
    let notice = custom_rule(
        &mut w,
        Trigger::DateReached { kind: Kind::Contract, field: "cancel_by".into() },
        Delay { amount: 7, unit: Unit::Days, before: true },
        Match::All,
        Vec::new(),
        vec![RuleAction::CreateTask { title: "Decide on {name}".into(), due_days: 0, assignee_id: None }],
    );
    // Cancel by 31 December; the rule acts on the 24th.
    let when = Utc.with_ymd_and_hms(2026, 12, 24, 8, 0, 0).unwrap();
    assert!(!due_rules(&w, when - Duration::minutes(1)).contains(&notice));
    assert!(due_rules(&w, when).contains(&notice));
}

#[test]
fn a_critical_tickets_risk_makes_a_task_for_its_assignee_and_rules_set_ticket_fields() {
    use vizitka_core::model::contract::{ContractState, Sla, SlaPriority, SlaTarget};
    use vizitka_core::model::ticket::TicketStatus;
    use vizitka_core::model::workcal::WorkingCalendar;
    let mut w = World::with_tester();
    let org = w.org("Keramika Hrubá");
    let mut c = w.compute(1, |crm, ctx| crm.new_contract(org, NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(), ctx)).unwrap();
    c.title = "Podpora".into();
    c.state = ContractState::Active;
    c.sla = Some(Sla {
        calendar: WorkingCalendar::Always,
        targets: vec![SlaTarget { priority: SlaPriority::Critical, first_response_hours: 10, resolution_hours: 20 }],
    });
    w.act(1, |crm, ctx| crm.save_contract(c, ctx).unwrap());
    let risk = custom_rule(
        &mut w,
        Trigger::DateReached { kind: Kind::Ticket, field: "sla_first_response_at_risk".into() },
        Delay::default(),
        Match::All,
        vec![Condition { field: "priority".into(), op: Op::Is, value: "critical".into() }],
        vec![RuleAction::CreateTask { title: "Call back {organization} about {number}".into(), due_days: 0, assignee_id: None }],
    );
    // An outage reported as normal is made critical by a rule.
    custom_rule(
        &mut w,
        Trigger::Created { kind: Kind::Ticket },
        Delay::default(),
        Match::All,
        vec![Condition { field: "category".into(), op: Op::Is, value: "outage".into() }],
        vec![RuleAction::SetField { field: "priority".into(), value: "critical".into() }],
    );
    let waiting = custom_rule(
        &mut w,
        Trigger::FieldChanged { kind: Kind::Ticket, field: "status".into(), value: "waiting_on_customer".into() },
        Delay { amount: 2, unit: Unit::Days, before: false },
        Match::All,
        Vec::new(),
        vec![RuleAction::Remind { text: "Has {organization} answered on {number}?".into() }],
    );
    let opened = at(10);
    let mut t = w.compute(10, |crm, ctx| crm.new_ticket(Some(Target::organization(org)), opened.date_naive(), ctx));
    t.subject = "Pec netopí".into();
    t.category = "outage".into();
    let id = t.id;
    user(&mut w, opened, ON, |crm, ctx| crm.save_ticket(t, ctx).unwrap());
    run_due(&mut w, opened);
    assert_eq!(w.crm.ticket(id).unwrap().priority, SlaPriority::Critical, "set by the rule");
    // 8 of 10 hours around the clock: the task, for the assignee.
    assert!(!due_rules(&w, opened + Duration::hours(8) - Duration::minutes(1)).contains(&risk));
    assert!(due_rules(&w, opened + Duration::hours(8)).contains(&risk));
    run_due(&mut w, opened + Duration::hours(8));
    let tasks = tasks_of(&w.crm, id);
    assert_eq!(tasks.len(), 1);
    assert_eq!(tasks[0].subject, "Call back Keramika Hrubá about T-2026-0001");
    assert_eq!(tasks[0].assignee_id, w.me);

    // Waiting on the customer: a reminder two days later.
    let mut t = w.crm.ticket(id).unwrap().clone();
    t.status = TicketStatus::WaitingOnCustomer;
    let asked = opened + Duration::hours(9);
    user(&mut w, asked, ON, |crm, ctx| crm.save_ticket(t, ctx).unwrap());
    assert!(!due_rules(&w, asked + Duration::days(2) - Duration::minutes(1)).contains(&waiting));
    assert!(due_rules(&w, asked + Duration::days(2)).contains(&waiting));
    // Answered before the due time: the breach rule for it never comes.
    let breach = custom_rule(
        &mut w,
        Trigger::DateReached { kind: Kind::Ticket, field: "sla_first_response_due".into() },
        Delay::default(),
        Match::All,
        Vec::new(),
        vec![RuleAction::Remind { text: "{number} breached".into() }],
    );
    w.act_at(asked, |crm, ctx| crm.mark_responded(id, ctx));
    assert!(!due_rules(&w, asked + Duration::days(30)).contains(&breach));
}

#[test]
fn two_devices_that_ran_the_same_firing_offline_made_the_same_task() {
    // The same data on two devices (a laptop and a phone, synced before
    // going offline), each with its own ids for what it makes itself.
    let mut laptop = World::with_tester();
    let jana = new_contact(&mut laptop, "Jana", "Nováková", at(1));
    let mut phone = World::with_seed(99);
    phone.crm = laptop.crm.clone();
    phone.me = laptop.me;
    // The follow-up is due a week after (day 8, 9:00); the laptop runs what
    // came due at 10:00, the phone at 15:00 (a firing per record a round).
    let rounds = |w: &mut World, hours: i64| -> Vec<Change> { (0..3).flat_map(|_| run_due(w, at(8) + Duration::hours(hours))).collect() };
    let a = rounds(&mut laptop, 1);
    let b = rounds(&mut phone, 6);
    let made =
        |changes: &[Change]| -> Vec<(Kind, Uuid)> { changes.iter().filter(|c| c.kind() != Kind::Firing).map(|c| (c.kind(), c.id())).collect() };
    assert!(
        made(&a).iter().any(|(k, _)| *k == Kind::Draft) && made(&a).iter().any(|(k, _)| *k == Kind::Activity),
        "a welcome draft and a follow-up task"
    );
    assert_eq!(made(&a), made(&b), "the same ids on both: one task once synced, not two");
    // Run within a day of its time, the follow-up is made as of that time:
    // the same task on both, field for field.
    let follow_up = |changes: &[Change]| -> Vec<Change> {
        changes.iter().filter(|c| matches!(c.kind(), Kind::Activity | Kind::History | Kind::Link)).cloned().collect()
    };
    assert_eq!(follow_up(&a), follow_up(&b));
    // The welcome draft came due a week before the app opened: made as of
    // the run on each (not backdated), one draft whose times differ.
    let draft = |changes: &[Change]| changes.iter().find(|c| c.kind() == Kind::Draft).cloned();
    let (Some(Change::Put(Rec::Draft(da))), Some(Change::Put(Rec::Draft(db)))) = (draft(&a), draft(&b)) else { panic!("a draft on both") };
    assert_eq!((da.id, da.created_at, db.created_at), (db.id, at(8) + Duration::hours(1), at(8) + Duration::hours(6)));
    assert_eq!(tasks_of(&laptop.crm, jana).len(), 1, "{:?}", made(&a));
}

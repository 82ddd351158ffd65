//! A rule's editor: trigger, delay, conditions and actions, with what the
//! rule will do written out as it is edited, and "run now on this record"
//! to try it. Also the email template editor.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use uuid::Uuid;

use crate::i18n::{self, T};
use crate::model::automation::fields::{self, FieldType};
use crate::model::automation::template::{unknown_placeholders, PLACEHOLDERS};
use crate::model::automation::{
    ActionType, Condition, Delay, FiringState, Match, Op, Rule, RuleAction, Template, Trigger, TriggerType, Unit, RULE_KINDS,
};
use crate::model::search::Query;
use crate::model::{Kind, Target};
use crate::ui::routes::link;
use crate::ui::routes::param_id;
use crate::ui::state::{use_app, App};
use crate::ui::widgets::confirm::Confirm;
use crate::ui::widgets::form::Form;
use crate::ui::widgets::missing::MissingRecord;
use crate::web;

#[component]
pub fn RuleNew() -> impl IntoView {
    let now = web::now();
    let rule = Rule {
        id: web::fresh_id(),
        created_at: now,
        updated_at: now,
        name: String::new(),
        enabled: true,
        active_since: now,
        builtin: None,
        trigger: Trigger::Created { kind: Kind::Contact },
        delay: Delay::none(),
        matching: Match::All,
        conditions: Vec::new(),
        actions: vec![RuleAction::CreateTask { title: String::new(), due_days: 0, assignee_id: None }],
    };
    view! { <RuleForm rule=rule is_new=true /> }
}

#[component]
pub fn RuleEdit() -> impl IntoView {
    let app = use_app();
    let d = app.automation_defaults();
    match param_id("id").and_then(|id| app.read_untracked(|c| c.rule_in_effect(&d, id).cloned())) {
        Some(rule) => view! { <RuleForm rule=rule is_new=false /> }.into_any(),
        None => view! { <MissingRecord back="/rules" /> }.into_any(),
    }
}

fn trigger_of(t: TriggerType, kind: Kind) -> Trigger {
    match t {
        TriggerType::Created => Trigger::Created { kind },
        TriggerType::Updated => Trigger::Updated { kind },
        TriggerType::FieldChanged => {
            let f = fields::specs(kind).iter().find(|f| matches!(f.ty, FieldType::Choice(_))).or(fields::specs(kind).first());
            let value = f.map(|f| f.ty.first_value()).unwrap_or_default();
            Trigger::FieldChanged { kind, field: f.map_or("", |f| f.name).to_string(), value }
        }
        TriggerType::DateReached => Trigger::DateReached { kind, field: fields::date_fields(kind).first().map_or("", |d| d.name()).to_string() },
    }
}

/// A select or a text input for a value of `field`, by its type.
fn value_input(
    app: App,
    kind: Kind,
    field: String,
    value: String,
    class: &'static str,
    set: impl Fn(String) + Clone + Send + Sync + 'static,
) -> AnyView {
    let lang = app.lang.get_untracked();
    let options: Option<Vec<(String, String)>> = app.read_untracked(|crm| match fields::spec(kind, &field).map(|f| f.ty) {
        Some(FieldType::Choice(codes)) => Some(codes.iter().map(|c| (c.to_string(), i18n::field_value(lang, crm, kind, &field, c))).collect()),
        Some(FieldType::Member) => {
            let mut o = vec![(String::new(), lang.t(T::Nobody).to_string())];
            o.extend(crm.team().into_iter().map(|m| (m.id.to_string(), m.name.clone())));
            Some(o)
        }
        Some(FieldType::Stage) => Some(app.pipeline_untracked().into_iter().map(|s| (s.id.to_string(), s.name)).collect()),
        _ => None,
    });
    match options {
        Some(options) => {
            let items =
                options.into_iter().map(|(code, label)| view! { <option value=code.clone() selected=code == value>{label}</option> }).collect_view();
            view! { <select class=class aria-label=lang.t(T::FieldValue) on:change=move |ev| set(event_target_value(&ev))>{items}</select> }.into_any()
        }
        None => view! { <input type="text" class=class aria-label=lang.t(T::FieldValue) prop:value=value on:input=move |ev| set(event_target_value(&ev)) /> }.into_any(),
    }
}

#[component]
fn RuleForm(rule: Rule, is_new: bool) -> impl IntoView {
    let app = use_app();
    let form = Form::new(rule);
    let Form { draft, errors, saving, .. } = form;
    let confirm = RwSignal::new(false);
    let navigate = StoredValue::new_local(use_navigate());
    let id = draft.with_untracked(|r| r.id);
    let builtin = draft.with_untracked(|r| r.builtin.is_some());
    let kind = move || draft.with(|r| r.trigger.kind());

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let rule = draft.get_untracked();
        let d = app.automation_defaults();
        let done = move || navigate.with_value(|n| n("/rules", NavigateOptions::default()));
        app.save_form(saving, errors, form.checked(move |crm, ctx| crm.save_rule(rule, &d, ctx)), done);
    };
    let delete = move || {
        leptos::task::spawn_local(async move {
            if app.commit(move |crm, ctx| crm.delete_rule(id, ctx)).await.is_ok() {
                app.info(app.lang.get_untracked().t(T::Deleted));
                navigate.with_value(|n| n("/rules", NavigateOptions::default()));
            }
        });
    };

    let kinds = move || {
        let lang = app.lang.get();
        RULE_KINDS
            .iter()
            .map(|k| view! { <option value=k.as_str() selected=move || kind() == *k>{lang.t(i18n::record_kind(*k))}</option> })
            .collect_view()
    };
    let set_kind = move |code: String| {
        let Some(k) = Kind::parse(&code) else { return };
        draft.update(|r| {
            r.trigger = trigger_of(r.trigger.trigger_type(), k);
            if fields::date_fields(k).is_empty() && matches!(r.trigger, Trigger::DateReached { .. }) {
                r.trigger = Trigger::Created { kind: k };
            }
            r.conditions.clear();
            r.actions.retain(|a| !matches!(a, RuleAction::SetField { .. }));
            if r.actions.is_empty() {
                r.actions.push(RuleAction::CreateTask { title: String::new(), due_days: 0, assignee_id: None });
            }
            r.delay.before = false;
        });
    };
    let triggers = move || {
        let lang = app.lang.get();
        let k = kind();
        TriggerType::ALL
            .iter()
            .filter(move |t| **t != TriggerType::DateReached || !fields::date_fields(k).is_empty())
            .map(|&t| view! { <option value=t.code() selected=move || draft.with(|r| r.trigger.trigger_type() == t)>{lang.t(i18n::trigger_type(t))}</option> })
            .collect_view()
    };

    let add_condition = move |_| {
        let k = kind();
        if let Some(f) = fields::specs(k).first() {
            draft.update(|r| r.conditions.push(Condition { field: f.name.to_string(), op: f.ty.ops()[0], value: f.ty.first_value() }));
        }
    };

    let description = move || {
        let lang = app.lang.get();
        let d = app.automation_defaults();
        draft.with(|r| app.read_all(|crm| i18n::describe_rule(lang, crm, &d, r)))
    };

    view! {
        <form class="page form-page rule-form" on:submit=save novalidate>
            <header class="page-head">
                <h1>{move || app.t(if is_new { T::NewRule } else { T::EditRule })}</h1>
            </header>
            {form.summary()}
            <section class="card">
                <p class="rule-description live" id="rule-description" aria-live="polite">{description}</p>
                <div class="grid">
                    <div class="field">
                        <label for="rule-name">{move || app.t(T::FieldName)}</label>
                        <input id="rule-name" type="text" prop:value=move || draft.with(|r| r.name.clone()) on:input=move |ev| draft.update(|r| r.name = event_target_value(&ev)) />
                    </div>
                    <label class="check">
                        <input type="checkbox" id="rule-enabled" prop:checked=move || draft.with(|r| r.enabled) on:change=move |ev| draft.update(|r| r.enabled = event_target_checked(&ev)) />
                        {move || app.t(T::RuleOn)}
                    </label>
                </div>
            </section>
            <section class="card">
                <h2>{move || app.t(T::Trigger)}</h2>
                <div class="grid">
                    <div class="field"><label for="rule-kind">{move || app.t(T::Record)}</label><select id="rule-kind" on:change=move |ev| set_kind(event_target_value(&ev))>{kinds}</select></div>
                    <div class="field"><label for="rule-trigger">{move || app.t(T::Trigger)}</label>
                        <select id="rule-trigger" on:change=move |ev| { let k = kind(); if let Some(t) = TriggerType::parse(&event_target_value(&ev)) { draft.update(|r| r.trigger = trigger_of(t, k)) } }>{triggers}</select>
                    </div>
                    {trigger_detail_view(draft)}
                    {delay_view(draft)}
                </div>
            </section>
            <section class="card">
                <h2>{move || app.t(T::Conditions)}</h2>
                <div class="field">
                    <select id="rule-match" aria-label=move || app.t(T::Conditions) on:change=move |ev| { if let Some(m) = Match::parse(&event_target_value(&ev)) { draft.update(|r| r.matching = m) } }>
                        <option value="all" selected=move || draft.with(|r| r.matching == Match::All)>{move || app.t(T::MatchAll)}</option>
                        <option value="any" selected=move || draft.with(|r| r.matching == Match::Any)>{move || app.t(T::MatchAny)}</option>
                    </select>
                </div>
                <ol class="conditions" id="conditions">{conditions_view(draft)}</ol>
                <button type="button" class="button small" id="add-condition" on:click=add_condition>{move || format!("+ {}", app.t(T::AddCondition))}</button>
            </section>
            <section class="card">
                <h2>{move || app.t(T::Actions)}</h2>
                <ol class="rule-actions" id="actions">{actions_view(draft)}</ol>
                <button type="button" class="button small" id="add-action" on:click=move |_| draft.update(|r| r.actions.push(RuleAction::CreateTask { title: String::new(), due_days: 0, assignee_id: None }))>
                    {move || format!("+ {}", app.t(T::AddAction))}
                </button>
                <p class="muted">{move || format!("{} {}", app.t(T::Placeholders), PLACEHOLDERS.map(|p| format!("{{{p}}}")).join(" "))}</p>
            </section>
            <div class="form-actions">
                <button type="submit" class="button primary" prop:disabled=move || saving.get()>{move || app.t(T::Save)}</button>
                <a class="button" href=link("/rules")>{move || app.t(T::Cancel)}</a>
                {(!is_new && !builtin).then(|| view! { <button type="button" class="button danger" id="delete-rule" on:click=move |_| confirm.set(true)>{move || app.t(T::Delete)}</button> })}
            </div>
            {(!is_new).then(|| view! { <RunNow rule=id kind=Signal::derive(kind) /> })}
            <Confirm open=confirm message=Signal::derive(move || app.t(T::ConfirmDeleteRule).to_string()) confirm_label=T::Delete on_confirm=delete />
        </form>
    }
}

/// What the trigger watches: the field and the value it changes to, or the date.
fn trigger_detail_view(draft: RwSignal<Rule>) -> impl IntoView {
    let app = use_app();
    let kind = move || draft.with(|r| r.trigger.kind());
    move || {
        let lang = app.lang.get();
        let k = kind();
        match draft.get().trigger {
            Trigger::FieldChanged { field, value, .. } => {
                let options = fields::specs(k)
                    .iter()
                    .filter(|f| f.ty.is_comparable() && !matches!(f.ty, FieldType::Tags))
                    .map(|f| view! { <option value=f.name selected=f.name == field>{i18n::rule_field(lang, f.name)}</option> })
                    .collect_view();
                let set_field = move |ev| {
                    let f = event_target_value(&ev);
                    let value = fields::spec(k, &f).map(|s| s.ty.first_value()).unwrap_or_default();
                    draft.update(|r| r.trigger = Trigger::FieldChanged { kind: k, field: f, value });
                };
                let f2 = field.clone();
                let value_box = value_input(app, k, field.clone(), value, "trigger-value", move |v| {
                    draft.update(|r| r.trigger = Trigger::FieldChanged { kind: k, field: f2.clone(), value: v })
                });
                view! {
                    <div class="field"><label for="trigger-field">{lang.t(T::Field)}</label><select id="trigger-field" on:change=set_field>{options}</select></div>
                    <div class="field"><label>{lang.t(T::ChangesTo)}</label>{value_box}</div>
                }
                .into_any()
            }
            Trigger::DateReached { field, .. } => {
                let options = fields::date_fields(k)
                    .iter()
                    .map(|d| view! { <option value=d.name() selected=d.name() == field>{i18n::rule_field(lang, d.name())}</option> })
                    .collect_view();
                view! {
                    <div class="field"><label for="trigger-date">{lang.t(T::Field)}</label>
                        <select id="trigger-date" on:change=move |ev| draft.update(|r| r.trigger = Trigger::DateReached { kind: k, field: event_target_value(&ev) })>{options}</select>
                    </div>
                }
                .into_any()
            }
            _ => ().into_any(),
        }
    }
}

/// How long after (or before a date) the rule acts.
fn delay_view(draft: RwSignal<Rule>) -> impl IntoView {
    let app = use_app();
    move || {
        let lang = app.lang.get();
        let d = draft.with(|r| r.delay);
        let is_date = draft.with(|r| matches!(r.trigger, Trigger::DateReached { .. }));
        let units =
            Unit::ALL.iter().map(|u| view! { <option value=u.code() selected=*u == d.unit>{lang.t(i18n::delay_unit(*u))}</option> }).collect_view();
        view! {
            <div class="field">
                <label for="delay-amount">{lang.t(T::Delay)}</label>
                <div class="inline">
                    <input id="delay-amount" type="number" min="0" prop:value=if d.amount == 0 { String::new() } else { d.amount.to_string() }
                        on:input=move |ev| { let n = event_target_value(&ev).trim().parse().unwrap_or(0); draft.update(|r| r.delay.amount = n) } />
                    <select id="delay-unit" aria-label=lang.t(T::DelayUnit) on:change=move |ev| { if let Some(u) = Unit::parse(&event_target_value(&ev)) { draft.update(|r| r.delay.unit = u) } }>{units}</select>
                    {is_date.then(|| view! {
                        <select id="delay-direction" aria-label=lang.t(T::DelayDirection) on:change=move |ev| { let before = event_target_value(&ev) == "before"; draft.update(|r| r.delay.before = before) }>
                            <option value="after" selected=!d.before>{lang.t(T::After)}</option>
                            <option value="before" selected=d.before>{lang.t(T::Before)}</option>
                        </select>
                    })}
                </div>
            </div>
        }
    }
}

/// The conditions, a row each: a field, a comparison, a value.
fn conditions_view(draft: RwSignal<Rule>) -> impl IntoView {
    let app = use_app();
    let kind = move || draft.with(|r| r.trigger.kind());
    move || {
        let lang = app.lang.get();
        let k = kind();
        let list = draft.with(|r| r.conditions.clone());
        list.into_iter()
            .enumerate()
            .map(|(i, c)| {
                let field_options =
                    fields::specs(k).iter().map(|f| view! { <option value=f.name selected=f.name == c.field>{i18n::rule_field(lang, f.name)}</option> }).collect_view();
                let ty = fields::spec(k, &c.field).map(|s| s.ty);
                let op_options = ty
                    .map(|t| t.ops())
                    .unwrap_or(&[])
                    .iter()
                    .map(|o| view! { <option value=o.code() selected=*o == c.op>{lang.t(i18n::rule_op(*o))}</option> })
                    .collect_view();
                let set_field = move |ev| {
                    let f = event_target_value(&ev);
                    let op = fields::spec(k, &f).map(|s| s.ty.ops()[0]).unwrap_or_default();
                    let value = fields::spec(k, &f).filter(|_| op.takes_value()).map(|s| s.ty.first_value()).unwrap_or_default();
                    draft.update(|r| r.conditions[i] = Condition { field: f, op, value });
                };
                let value_box = c.op.takes_value().then(|| value_input(app, k, c.field.clone(), c.value.clone(), "cond-value", move |v| draft.update(|r| r.conditions[i].value = v)));
                view! {
                    <li class="condition">
                        <select class="cond-field" aria-label=lang.t(T::Field) on:change=set_field>{field_options}</select>
                        <select class="cond-op" aria-label=lang.t(T::Comparison) on:change=move |ev| { if let Some(o) = Op::parse(&event_target_value(&ev)) { draft.update(|r| r.conditions[i].op = o) } }>{op_options}</select>
                        {value_box}
                        <button type="button" class="button small remove-condition" on:click=move |_| draft.update(|r| { r.conditions.remove(i); })>{lang.t(T::Remove)}</button>
                    </li>
                }
            })
            .collect_view()
    }
}

/// The actions, a row each: what the rule does, with its details.
fn actions_view(draft: RwSignal<Rule>) -> impl IntoView {
    let app = use_app();
    let kind = move || draft.with(|r| r.trigger.kind());
    move || {
        let lang = app.lang.get();
        let k = kind();
        let d = app.automation_defaults();
        let list = draft.with(|r| r.actions.clone());
        list.into_iter()
            .enumerate()
            .map(|(i, a)| {
                let current = a.action_type();
                let types = ActionType::ALL
                    .iter()
                    .map(|&t| view! { <option value=t.code() selected=t == current>{lang.t(i18n::action_type(t))}</option> })
                    .collect_view();
                let set_type = move |ev| {
                    let Some(t) = ActionType::parse(&event_target_value(&ev)) else { return };
                    let d = app.automation_defaults();
                    let new = match t {
                        ActionType::Remind => RuleAction::Remind { text: String::new() },
                        ActionType::DraftEmail => {
                            let t = app.read_untracked(|c| c.templates_in_effect(&d).first().map(|t| t.id)).unwrap_or_default();
                            RuleAction::DraftEmail { template_id: t }
                        }
                        ActionType::SetField => {
                            let f = fields::specs(k).iter().find(|f| f.settable);
                            let value = f.map(|f| f.ty.first_value()).unwrap_or_default();
                            RuleAction::SetField { field: f.map_or("", |f| f.name).to_string(), value }
                        }
                        ActionType::AddTag => RuleAction::AddTag { tag: String::new() },
                        ActionType::CreateTask => RuleAction::CreateTask { title: String::new(), due_days: 0, assignee_id: None },
                    };
                    draft.update(|r| r.actions[i] = new);
                };
                let params = match a {
                    RuleAction::CreateTask { title, due_days, .. } => view! {
                        <input type="text" class="action-title" aria-label=lang.t(T::TaskTitle) placeholder=lang.t(T::TaskTitle) prop:value=title
                            on:input=move |ev| draft.update(|r| if let RuleAction::CreateTask { title, .. } = &mut r.actions[i] { *title = event_target_value(&ev) }) />
                        <label class="inline-label">{lang.t(T::DueIn)}
                            <input type="number" min="0" class="action-days" prop:value=due_days.to_string()
                                on:input=move |ev| draft.update(|r| if let RuleAction::CreateTask { due_days, .. } = &mut r.actions[i] { *due_days = event_target_value(&ev).trim().parse().unwrap_or(0) }) />
                            {lang.t(i18n::delay_unit(Unit::Days))}
                        </label>
                    }
                    .into_any(),
                    RuleAction::Remind { text } => view! {
                        <input type="text" class="action-text" aria-label=lang.t(T::ReminderText) placeholder=lang.t(T::ReminderText) prop:value=text
                            on:input=move |ev| draft.update(|r| if let RuleAction::Remind { text } = &mut r.actions[i] { *text = event_target_value(&ev) }) />
                    }
                    .into_any(),
                    RuleAction::DraftEmail { template_id } => {
                        let options = app.read_untracked(|c| {
                            c.templates_in_effect(&d).into_iter().map(|t| view! { <option value=t.id.to_string() selected=t.id == template_id>{t.name.clone()}</option> }).collect_view()
                        });
                        view! {
                            <select class="action-template" aria-label=lang.t(T::Template)
                                on:change=move |ev| { if let Ok(t) = Uuid::parse_str(&event_target_value(&ev)) { draft.update(|r| r.actions[i] = RuleAction::DraftEmail { template_id: t }) } }>{options}</select>
                        }
                        .into_any()
                    }
                    RuleAction::SetField { field, value } => {
                        let options = fields::specs(k)
                            .iter()
                            .filter(|f| f.settable)
                            .map(|f| view! { <option value=f.name selected=f.name == field>{i18n::rule_field(lang, f.name)}</option> })
                            .collect_view();
                        let set_field = move |ev| {
                            let f = event_target_value(&ev);
                            let value = fields::spec(k, &f).map(|s| s.ty.first_value()).unwrap_or_default();
                            draft.update(|r| r.actions[i] = RuleAction::SetField { field: f, value });
                        };
                        let value_box = value_input(app, k, field, value, "action-value", move |v| {
                            draft.update(|r| if let RuleAction::SetField { value, .. } = &mut r.actions[i] { *value = v })
                        });
                        view! { <select class="action-field" aria-label=lang.t(T::Field) on:change=set_field>{options}</select>{value_box} }.into_any()
                    }
                    RuleAction::AddTag { tag } => view! {
                        <input type="text" class="action-tag" aria-label=lang.t(T::FieldTags) placeholder=lang.t(T::FieldTags) prop:value=tag
                            on:input=move |ev| draft.update(|r| if let RuleAction::AddTag { tag } = &mut r.actions[i] { *tag = event_target_value(&ev) }) />
                    }
                    .into_any(),
                };
                view! {
                    <li class="rule-action">
                        <select class="action-type" aria-label=lang.t(T::Action) on:change=set_type>{types}</select>
                        {params}
                        <button type="button" class="button small remove-action" on:click=move |_| draft.update(|r| { r.actions.remove(i); })>{lang.t(T::Remove)}</button>
                    </li>
                }
            })
            .collect_view()
    }
}

/// Runs the rule (as saved) on one record now, to try it.
#[component]
fn RunNow(rule: Uuid, kind: Signal<Kind>) -> impl IntoView {
    let app = use_app();
    let query = RwSignal::new(String::new());
    let picked = RwSignal::new(None::<Uuid>);
    let matches = move || {
        let k = kind.get();
        let q = Query::new(&query.get());
        app.read_all(|crm| {
            let found = crm.find_top(&q, 20);
            let ids: Vec<Uuid> = match k {
                Kind::Contact => found.contacts,
                Kind::Organization => found.organizations,
                Kind::Activity => found.activities,
                _ => found.sales.iter().filter(|t| t.kind == k).map(|t| t.id).collect(),
            };
            ids.into_iter().map(|id| (id, crm.label(Target { kind: k, id }))).collect::<Vec<_>>()
        })
    };
    let run = move |_| {
        let Some(id) = picked.get_untracked().or_else(|| matches().first().map(|(id, _)| *id)) else { return };
        let k = kind.get_untracked();
        leptos::task::spawn_local(async move {
            let d = app.automation_defaults();
            let me = app.read_untracked(|c| c.member_name(app.me.get_untracked()).to_string());
            let lang = app.lang.get_untracked();
            match app.commit(move |crm, ctx| Ok(crm.run_now(&d, rule, Target { kind: k, id }, &me, ctx))).await {
                Ok(changes) => {
                    let outcome = changes.iter().find_map(|c| match c {
                        crate::model::Change::Put(crate::model::Rec::Firing(f)) => Some((f.state, f.outcome.clone())),
                        _ => None,
                    });
                    match outcome {
                        Some((FiringState::Done, _)) => app.info(lang.t(T::RuleRan)),
                        Some((_, why)) => app.error(format!("{} {why}", lang.t(T::RuleDidNothing))),
                        None => {}
                    }
                }
                Err(e) => app.tell_refused(&e.refused()),
            }
        });
    };
    view! {
        <section class="card run-now">
            <h2>{move || app.t(T::RunNow)}</h2>
            <p class="muted">{move || app.t(T::RunNowHint)}</p>
            <div class="inline">
                <input type="search" id="run-query" aria-label=move || app.t(T::Search) placeholder=move || app.t(T::Search) prop:value=move || query.get() on:input=move |ev| query.set(event_target_value(&ev)) />
                <select id="run-record" aria-label=move || app.t(T::Record) on:change=move |ev| picked.set(Uuid::parse_str(&event_target_value(&ev)).ok())>
                    {move || matches().into_iter().map(|(id, label)| view! { <option value=id.to_string()>{label}</option> }).collect_view()}
                </select>
                <button type="button" class="button" id="run-now" on:click=run>{move || app.t(T::RunNowButton)}</button>
            </div>
        </section>
    }
}

#[component]
pub fn TemplateEdit() -> impl IntoView {
    let app = use_app();
    let d = app.automation_defaults();
    let Some(t) = param_id("id").and_then(|id| app.read_untracked(|c| c.template_in_effect(&d, id).cloned())) else {
        return view! { <MissingRecord back="/rules" /> }.into_any();
    };
    let form = Form::new(t);
    let Form { draft, errors, saving, .. } = form;
    let navigate = StoredValue::new_local(use_navigate());
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let t: Template = draft.get_untracked();
        let d = app.automation_defaults();
        app.save_form(saving, errors, form.checked(move |crm, ctx| crm.save_template(t, &d, ctx)), move || {
            navigate.with_value(|n| n("/rules", NavigateOptions::default()))
        });
    };
    let unknown = move || draft.with(|t| unknown_placeholders(&format!("{} {}", t.subject, t.body)));
    view! {
        <form class="page form-page template-form" on:submit=save novalidate>
            <header class="page-head"><h1>{move || app.t(T::Template)}</h1></header>
            {form.summary()}
            <section class="card">
                <div class="field">
                    <label for="template-name">{move || app.t(T::FieldName)}</label>
                    <input id="template-name" type="text" prop:value=move || draft.with(|t| t.name.clone()) on:input=move |ev| draft.update(|t| t.name = event_target_value(&ev)) />
                </div>
                <div class="field">
                    <label for="template-subject">{move || app.t(T::FieldSubject)}</label>
                    <input id="template-subject" type="text" prop:value=move || draft.with(|t| t.subject.clone()) on:input=move |ev| draft.update(|t| t.subject = event_target_value(&ev)) />
                </div>
                <div class="field">
                    <label for="template-body">{move || app.t(T::FieldMessage)}</label>
                    <textarea id="template-body" rows="10" prop:value=move || draft.with(|t| t.body.clone()) on:input=move |ev| draft.update(|t| t.body = event_target_value(&ev))></textarea>
                </div>
                <p class="muted">{move || format!("{} {}", app.t(T::Placeholders), PLACEHOLDERS.map(|p| format!("{{{p}}}")).join(" "))}</p>
                {move || {
                    let u = unknown();
                    (!u.is_empty()).then(|| view! { <p class="field-error" id="unknown-placeholders">{format!("{} {}", app.t(T::UnknownPlaceholders), u.iter().map(|p| format!("{{{p}}}")).collect::<Vec<_>>().join(" "))}</p> })
                }}
            </section>
            <div class="form-actions">
                <button type="submit" class="button primary" prop:disabled=move || saving.get()>{move || app.t(T::Save)}</button>
                <a class="button" href=link("/rules")>{move || app.t(T::Cancel)}</a>
            </div>
        </form>
    }
    .into_any()
}

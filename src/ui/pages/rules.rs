//! Automation: the rules with their on/off switches and what each does in
//! a sentence, the email templates, and the log of the last firings.

use leptos::prelude::*;

use crate::i18n::{self, format_datetime, Lang, T};
use crate::model::automation::{Delay, FiringState, Match, Op, Rule, RuleAction, Trigger, Unit};
use crate::model::ops::automation::Defaults;
use crate::model::Crm;
use crate::ui::state::{use_app, App};
use crate::ui::widgets::history::record_href;
use crate::web;

/// Firings the log shows.
const LOG_SHOWN: usize = 50;

/// A field's label for the rules ("Status", "Birthday").
pub fn field_label(lang: Lang, field: &str) -> String {
    match field {
        "birthday" => lang.t(T::DateBirthday).to_string(),
        "company" => lang.t(T::FieldCompany).to_string(),
        "source" => lang.t(T::FieldSource).to_string(),
        "kind" => lang.t(T::FieldKind).to_string(),
        other => i18n::field(lang, other),
    }
}

fn op_text(lang: Lang, op: Op) -> &'static str {
    lang.t(match op {
        Op::Is => T::OpIs,
        Op::IsNot => T::OpIsNot,
        Op::Contains => T::OpContains,
        Op::IsEmpty => T::OpIsEmpty,
        Op::IsNotEmpty => T::OpIsNotEmpty,
        Op::Greater => T::OpGreater,
        Op::Less => T::OpLess,
    })
}

pub fn op_label(lang: Lang, op: Op) -> &'static str {
    op_text(lang, op)
}

fn unit_text(lang: Lang, unit: Unit) -> &'static str {
    lang.t(match unit {
        Unit::Minutes => T::UnitMinutes,
        Unit::Hours => T::UnitHours,
        Unit::Days => T::UnitDays,
    })
}

pub fn unit_label(lang: Lang, unit: Unit) -> &'static str {
    unit_text(lang, unit)
}

/// "7 days", "1 den", "3 hodiny": an amount of a delay's unit.
fn amount_of(lang: Lang, n: u32, unit: Unit) -> String {
    let noun = match unit {
        Unit::Minutes => i18n::Noun::Minute,
        Unit::Hours => i18n::Noun::Hour,
        Unit::Days => i18n::Noun::Day,
    };
    i18n::count(lang, i64::from(n), noun)
}

/// What a rule does, in a sentence: "When a contact is created, wait 7
/// days, then create a task “Follow up with {name}”."
pub fn describe_rule(lang: Lang, crm: &Crm, d: &Defaults, rule: &Rule) -> String {
    let kind = rule.trigger.kind();
    // English names the kind in the sentence ("a contact"); Czech after
    // "záznam" as a name ("záznam Kontakt"), which needs no declension.
    let noun = match lang {
        Lang::En => i18n::record_kind(lang, kind).to_lowercase(),
        _ => i18n::record_kind(lang, kind).to_string(),
    };
    let when = |t: T| lang.t(t).replace("{}", &noun);
    let q = |s: &str| format!("{}{s}{}", lang.t(T::QuoteOpen), lang.t(T::QuoteClose));
    let mut out = match &rule.trigger {
        Trigger::Created { .. } => when(T::WhenCreated),
        Trigger::Updated { .. } => when(T::WhenUpdated),
        Trigger::FieldChanged { field, value, .. } => {
            format!(
                "{} {} {} {}",
                when(T::WhenFieldOf),
                field_label(lang, field).to_lowercase(),
                lang.t(T::ChangesTo),
                q(&i18n::field_value(lang, crm, kind, field, value))
            )
        }
        Trigger::DateReached { field, .. } => {
            format!("{} {} {}", when(T::WhenFieldOf), field_label(lang, field).to_lowercase(), lang.t(T::IsReached))
        }
    };
    if !rule.delay.is_none() {
        let amount = amount_of(lang, rule.delay.amount, rule.delay.unit);
        out.push_str(&format!(", {} {amount}{}", lang.t(T::Wait), if rule.delay.before { format!(" {}", lang.t(T::Before)) } else { String::new() }));
    }
    if !rule.conditions.is_empty() {
        let join = lang.t(if rule.matching == Match::All { T::And } else { T::Or });
        let conds: Vec<String> = rule
            .conditions
            .iter()
            .map(|c| {
                let value =
                    if c.op.takes_value() { format!(" {}", q(&i18n::field_value(lang, crm, kind, &c.field, &c.value))) } else { String::new() };
                format!("{} {}{value}", field_label(lang, &c.field), op_text(lang, c.op))
            })
            .collect();
        out.push_str(&format!(", {} {}", lang.t(T::If), conds.join(&format!(" {join} "))));
    }
    let actions: Vec<String> = rule
        .actions
        .iter()
        .map(|a| match a {
            RuleAction::CreateTask { title, due_days, .. } => {
                let due = if *due_days > 0 { format!(" ({} {})", lang.t(T::DueIn), amount_of(lang, *due_days, Unit::Days)) } else { String::new() };
                format!("{} {}{due}", lang.t(T::ActionCreateTask), q(title))
            }
            RuleAction::Remind { text } => format!("{} {}", lang.t(T::ActionRemind), q(text)),
            RuleAction::DraftEmail { template_id } => {
                let name = crm.template_in_effect(d, *template_id).map(|t| t.name.clone()).unwrap_or_default();
                format!("{} {}", lang.t(T::ActionDraftEmail), q(&name))
            }
            RuleAction::SetField { field, value } => {
                format!(
                    "{} {} {} {}",
                    lang.t(T::ActionSetField),
                    field_label(lang, field),
                    lang.t(T::To).trim_end_matches(':').to_lowercase(),
                    q(&i18n::field_value(lang, crm, kind, field, value))
                )
            }
            RuleAction::AddTag { tag } => format!("{} {}", lang.t(T::ActionAddTag), q(tag)),
        })
        .collect();
    out.push_str(&format!(", {} {}.", lang.t(T::Then), actions.join(", ")));
    out
}

/// A rule turned on or off (the first change stores the built-ins).
pub fn set_enabled(app: App, rule: Rule, on: bool) {
    leptos::task::spawn_local(async move {
        let d = app.automation_defaults();
        let _ = app.commit(move |crm, ctx| crm.save_rule(Rule { enabled: on, ..rule }, &d, ctx)).await;
    });
}

fn state_text(lang: Lang, s: FiringState) -> &'static str {
    lang.t(match s {
        FiringState::Pending => T::FiringPending,
        FiringState::Done => T::FiringDone,
        FiringState::Skipped => T::FiringSkipped,
        FiringState::Failed => T::FiringFailed,
        FiringState::Cancelled => T::FiringCancelled,
    })
}

#[component]
pub fn RulesPage() -> impl IntoView {
    let app = use_app();
    let rules = move || {
        let lang = app.lang.get();
        let d = app.automation_defaults();
        app.crm.with(|crm| {
            crm.rules_in_effect(&d)
                .into_iter()
                .map(|r| {
                    let rule = r.clone();
                    let id = r.id;
                    let text = describe_rule(lang, crm, &d, r);
                    view! {
                        <li class="item rule-item" data-rule=id.to_string()>
                            <label class="switch">
                                <input type="checkbox" class="rule-toggle" prop:checked=r.enabled
                                    aria-label=format!("{}: {}", lang.t(T::RuleOn), r.name)
                                    on:change=move |ev| set_enabled(app, rule.clone(), event_target_checked(&ev)) />
                            </label>
                            <div class="item-body">
                                <div class="item-head">
                                    <a class="item-title rule-name" href=format!("/rules/{id}")>{r.name.clone()}</a>
                                    {r.builtin.is_some().then(|| view! { <span class="badge">{lang.t(T::BuiltIn)}</span> })}
                                    {(!r.enabled).then(|| view! { <span class="badge muted">{lang.t(T::RuleOff)}</span> })}
                                </div>
                                <p class="item-detail rule-description">{text}</p>
                            </div>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    let templates = move || {
        let d = app.automation_defaults();
        app.crm.with(|crm| {
            crm.templates_in_effect(&d)
                .into_iter()
                .map(|t| view! { <li class="item"><a class="item-title template-name" href=format!("/templates/{}", t.id)>{t.name.clone()}</a><p class="item-detail">{t.subject.clone()}</p></li> })
                .collect_view()
        })
    };
    let log = move || {
        let lang = app.lang.get();
        let d = app.automation_defaults();
        let offset = web::utc_offset_minutes();
        app.crm.with(|crm| {
            let list = crm.firing_log(None, LOG_SHOWN);
            if list.is_empty() {
                return view! { <p class="muted" id="log-empty">{lang.t(T::NoFiringsYet)}</p> }.into_any();
            }
            let rows = list
                .into_iter()
                .map(|f| {
                    let rule = crm.rule_in_effect(&d, f.rule_id).map(|r| r.name.clone()).unwrap_or_default();
                    let label = crm.label(f.target());
                    let href = record_href(f.record_kind, f.record_id);
                    let record = if crm.exists(f.target()) && !href.is_empty() {
                        view! { <a href=href>{label}</a> }.into_any()
                    } else {
                        view! { <span>{label}</span> }.into_any()
                    };
                    let outcome = if f.outcome.is_empty() { String::new() } else { format!(" · {}", f.outcome) };
                    view! {
                        <tr class=format!("firing {}", f.state.code())>
                            <td>{format_datetime(lang, f.updated_at, offset)}</td>
                            <td>{rule}{f.manual.then(|| format!(" ({})", lang.t(T::RunByHand)))}</td>
                            <td>{record}</td>
                            <td>{state_text(lang, f.state)}{outcome}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <div class="table-wrap"><table class="items" id="firing-log">
                    <thead><tr><th>{lang.t(T::FieldWhen)}</th><th>{lang.t(T::Rule)}</th><th>{lang.t(T::Record)}</th><th>{lang.t(T::Outcome)}</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table></div>
            }
            .into_any()
        })
    };
    let pending = move || app.crm.with(|c| c.pending_firings().count());
    view! {
        <div class="page rules-page">
            <header class="page-head">
                <div>
                    <h1>{move || app.t(T::NavAutomation)}</h1>
                    <p class="subtitle">{move || app.t(T::AutomationHint)}</p>
                </div>
                <div class="actions">
                    <a class="button primary" id="new-rule" href="/rules/new">{move || app.t(T::NewRule)}</a>
                </div>
            </header>
            <section class="card">
                <h2>{move || app.t(T::Rules)}</h2>
                <ol class="items" id="rules">{rules}</ol>
            </section>
            <section class="card">
                <h2>{move || app.t(T::Templates)}</h2>
                <ol class="items" id="templates">{templates}</ol>
            </section>
            <section class="card">
                <h2>{move || app.t(T::FiringLog)}</h2>
                <p class="muted" id="pending-count">{move || format!("{}: {}", app.t(T::FiringsWaiting), pending())}</p>
                {log}
            </section>
        </div>
    }
}

/// A rule's delay for the editor's inputs.
pub fn delay_parts(d: Delay) -> (String, Unit, bool) {
    (if d.amount == 0 { String::new() } else { d.amount.to_string() }, d.unit, d.before)
}

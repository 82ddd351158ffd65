//! Automation: the rules with their on/off switches and what each does in
//! a sentence, the email templates, and the log of the last firings.

use leptos::prelude::*;

use crate::i18n::{self, format_datetime, T};
use crate::model::automation::{Delay, Rule, Unit};
use crate::model::Kind;
use crate::ui::routes::link;
use crate::ui::routes::record_href;
use crate::ui::state::{use_app, App};
use crate::web;

/// Firings the log shows.
const LOG_SHOWN: usize = 50;

/// A rule turned on or off (the first change stores the built-ins).
pub fn set_enabled(app: App, rule: Rule, on: bool) {
    leptos::task::spawn_local(async move {
        let d = app.automation_defaults();
        let _ = app.commit(move |crm, ctx| crm.save_rule(Rule { enabled: on, ..rule }, &d, ctx)).await;
    });
}

#[component]
pub fn RulesPage() -> impl IntoView {
    let app = use_app();
    let rules = move || {
        let lang = app.lang.get();
        let d = app.automation_defaults();
        app.read_all(|crm| {
            crm.rules_in_effect(&d)
                .into_iter()
                .map(|r| {
                    let rule = r.clone();
                    let id = r.id;
                    let text = i18n::describe_rule(lang, crm, &d, r);
                    view! {
                        <li class="item rule-item" data-rule=id.to_string()>
                            <label class="switch">
                                <input type="checkbox" class="rule-toggle" prop:checked=r.enabled
                                    aria-label=format!("{}: {}", lang.t(T::RuleOn), r.name)
                                    on:change=move |ev| set_enabled(app, rule.clone(), event_target_checked(&ev)) />
                            </label>
                            <div class="item-body">
                                <div class="item-head">
                                    <a class="item-title rule-name" href=link(record_href(Kind::Rule, id))>{r.name.clone()}</a>
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
        app.read_all(|crm| {
            crm.templates_in_effect(&d)
                .into_iter()
                .map(|t| view! { <li class="item"><a class="item-title template-name" href=link(record_href(Kind::Template, t.id))>{t.name.clone()}</a><p class="item-detail">{t.subject.clone()}</p></li> })
                .collect_view()
        })
    };
    let log = move || {
        let lang = app.lang.get();
        let d = app.automation_defaults();
        let offset = web::utc_offset_minutes();
        app.read_all(|crm| {
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
                        view! { <a href=link(href)>{label}</a> }.into_any()
                    } else {
                        view! { <span>{label}</span> }.into_any()
                    };
                    let outcome = if f.outcome.is_empty() { String::new() } else { format!(" · {}", f.outcome) };
                    view! {
                        <tr class=format!("firing {}", f.state.code())>
                            <td>{format_datetime(lang, f.updated_at, offset)}</td>
                            <td>{rule}{f.manual.then(|| format!(" ({})", lang.t(T::RunByHand)))}</td>
                            <td>{record}</td>
                            <td>{lang.t(i18n::firing_state(f.state))}{outcome}</td>
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
    let pending = move || app.read_all(|c| c.pending_firings().count());
    view! {
        <div class="page rules-page">
            <header class="page-head">
                <div>
                    <h1>{move || app.t(T::NavAutomation)}</h1>
                    <p class="subtitle">{move || app.t(T::AutomationHint)}</p>
                </div>
                <div class="actions">
                    <a class="button primary" id="new-rule" href=link("/rules/new")>{move || app.t(T::NewRule)}</a>
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

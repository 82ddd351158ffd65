//! Create or edit a lead, with its qualification (BANT, 0–3 each).

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use crate::i18n::T;
use crate::model::lead::{Lead, LeadSource, LeadStatus};
use crate::model::money::{amount_input, parse_amount, CURRENCIES};
use crate::model::validate::parse_tags;
use crate::model::Kind;
use crate::model::{FieldError, Problem};
use crate::ui::pages::campaigns::campaign_select;
use crate::ui::routes::record_href;
use crate::ui::state::use_app;
use crate::ui::widgets::duplicate_warning::duplicate_warning;
use crate::ui::widgets::fields::{choice, tags_field, text_input};
use crate::ui::widgets::form::{edit_page, lens, Form};
use crate::web;

#[component]
pub fn LeadNew() -> impl IntoView {
    let mut l = Lead::new(web::fresh_id(), web::now());
    l.owner_id = use_app().me.get_untracked();
    view! { <LeadForm lead=l is_new=true /> }
}

#[component]
pub fn LeadEdit() -> impl IntoView {
    edit_page("/leads", |c, id| c.lead(id).cloned(), |l| view! { <LeadForm lead=l is_new=false /> }.into_any())
}

/// What each qualification level means, 0–3.
fn level_texts(part: T) -> [T; 4] {
    match part {
        T::QualBudget => [T::BudgetNone, T::BudgetUnclear, T::BudgetLikely, T::BudgetApproved],
        T::QualAuthority => [T::AuthorityNone, T::AuthorityInfluencer, T::AuthorityRecommender, T::AuthorityDecides],
        T::QualNeed => [T::NeedNone, T::NeedVague, T::NeedClear, T::NeedUrgent],
        _ => [T::TimelineNone, T::TimelineYear, T::TimelineQuarter, T::TimelineMonth],
    }
}

/// A 0–3 select for one qualification part.
fn level(
    part: T,
    field: &'static str,
    get: impl Fn() -> u8 + Copy + Send + Sync + 'static,
    set: impl Fn(u8) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let app = use_app();
    let id = format!("f-{field}");
    view! {
        <div class="field">
            <label for=id.clone()>{move || app.t(part)}</label>
            <select id=id on:change=move |ev| set(event_target_value(&ev).parse().unwrap_or(0))>
                {level_texts(part).into_iter().enumerate().map(|(i, t)| {
                    let v = i as u8;
                    view! { <option value=v.to_string() selected=move || get() == v>{move || format!("{v} – {}", app.t(t))}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

#[component]
fn LeadForm(lead: Lead, is_new: bool) -> impl IntoView {
    let app = use_app();
    let id = lead.id;
    let tags = RwSignal::new(lead.tags.join(", "));
    let value = RwSignal::new(if lead.estimated_value == 0 { String::new() } else { amount_input(lead.estimated_value) });
    let converted = lead.converted.is_some();
    let form = Form::new(lead);
    let Form { draft, errors, saving, .. } = form;
    let navigate = use_navigate();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        let mut l = draft.get_untracked();
        for s in [&mut l.title, &mut l.first_name, &mut l.last_name, &mut l.company, &mut l.ico, &mut l.position, &mut l.email, &mut l.phone] {
            *s = s.trim().to_string();
        }
        l.ico.retain(|c| !c.is_whitespace());
        l.tags = parse_tags(&tags.get_untracked());
        l.estimated_value = match value.get_untracked().trim() {
            "" => 0,
            v => match parse_amount(v) {
                Some(v) => v,
                None => {
                    errors.set(vec![FieldError::new("estimated_value", Problem::Malformed(app.t(T::NotAnAmount).into()))]);
                    return;
                }
            },
        };
        let navigate = navigate.clone();
        app.save_form(saving, errors, form.checked(move |crm, ctx| crm.save_lead(l, ctx)), move || {
            navigate(&record_href(Kind::Lead, id), NavigateOptions { replace: is_new, ..Default::default() })
        });
    };
    let sources = LeadSource::ALL.iter().map(|s| (*s, s.code(), crate::i18n::lead_source(*s))).collect();
    // "Converted" is set by the conversion only.
    let statuses =
        LeadStatus::ALL.iter().filter(|s| converted || **s != LeadStatus::Converted).map(|s| (*s, s.code(), crate::i18n::lead_status(*s))).collect();
    let cancel_href = if is_new { "/leads".to_string() } else { record_href(Kind::Lead, id) };
    view! {
        <form class="page form-page" on:submit=save novalidate>
            <header class="page-head">
                <h1>{move || app.t(if is_new { T::NewLead } else { T::EditLead })}</h1>
            </header>
            {form.summary()}
            {duplicate_warning(crate::model::Kind::Lead, is_new, draft, crate::model::Rec::Lead)}
            <section class="card">
                <div class="grid">
                    {form.text(T::FieldTitle, lens!(title))}
                    {form.text(T::FieldFirstName, lens!(first_name))}
                    {form.text(T::FieldLastName, lens!(last_name))}
                    {form.text(T::FieldCompany, lens!(company))}
                    {form.text(T::FieldIco, lens!(ico))}
                    {form.text(T::FieldPosition, lens!(position))}
                    {form.input(T::FieldEmail, "email", lens!(email))}
                    {form.input(T::FieldPhone, "tel", lens!(phone))}
                    {choice(T::FieldSource, "source", sources, move || draft.with(|d| d.source), move |v| draft.update(|d| d.source = v))}
                    {(!converted).then(|| choice(T::FieldStatus, "status", statuses, move || draft.with(|d| d.status), move |v| draft.update(|d| d.status = v)))}
                </div>
            </section>
            <section class="card">
                <h2>{move || app.t(T::Qualification)}</h2>
                <div class="grid">
                    {level(T::QualBudget, "budget", move || draft.with(|d| d.budget), move |v| draft.update(|d| d.budget = v))}
                    {level(T::QualAuthority, "authority", move || draft.with(|d| d.authority), move |v| draft.update(|d| d.authority = v))}
                    {level(T::QualNeed, "need", move || draft.with(|d| d.need), move |v| draft.update(|d| d.need = v))}
                    {level(T::QualTimeline, "timeline", move || draft.with(|d| d.timeline), move |v| draft.update(|d| d.timeline = v))}
                    {text_input(T::FieldEstimatedValue, "estimated_value", value, errors)}
                    <div class="field">
                        <label for="f-currency">{move || app.t(T::FieldCurrency)}</label>
                        <select id="f-currency" on:change=move |ev| draft.update(|d| d.currency = event_target_value(&ev))>
                            {CURRENCIES.iter().map(|c| view! { <option value=*c selected=move || draft.with(|d| d.currency == *c)>{*c}</option> }).collect_view()}
                        </select>
                    </div>
                </div>
                <p class="hint">{move || app.t(T::EngagementHint)}</p>
            </section>
            <section class="card">
                <div class="grid">
                    {campaign_select(move || draft.with(|d| d.campaign_id), move |v| draft.update(|d| d.campaign_id = v), errors)}
                    {form.member(T::FieldOwner, lens!(owner_id))}
                    {tags_field(tags, errors)}
                </div>
                {form.area(T::FieldNotes, lens!(notes))}
            </section>
            {form.actions(cancel_href)}
        </form>
    }
}

//! Create or edit an opportunity.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use uuid::Uuid;

use crate::i18n::{self, T};
use crate::model::money::{amount_input, parse_amount, CURRENCIES};
use crate::model::opportunity::{Involved, Opportunity, RequestType};
use crate::model::search::Query;
use crate::model::validate::parse_tags;
use crate::model::Kind;
use crate::model::{FieldError, Priority, Problem, Role};
use crate::ui::pages::campaigns::campaign_select;
use crate::ui::routes::{from_id, record_href};
use crate::ui::state::use_app;
use crate::ui::widgets::fields::{choice, date_field, datetime_field, error_line, tags_field, text_input};
use crate::ui::widgets::form::{edit_page, lens, Form};
use crate::ui::widgets::org_picker::OrgPicker;
use crate::web;

#[component]
pub fn OpportunityNew() -> impl IntoView {
    let app = use_app();
    let first = app.pipeline_untracked().into_iter().find(|s| s.is_open());
    let mut o = Opportunity::new(web::fresh_id(), web::now(), first.as_ref().map_or(Uuid::nil(), |s| s.id));
    o.probability = first.map_or(0, |s| s.probability);
    o.owner_id = app.me.get_untracked();
    app.read_untracked(|crm| {
        if let Some(c) = from_id(Kind::Contact).and_then(|c| crm.contact(c)) {
            o.contacts.push(Involved { contact_id: c.id, role: c.role });
            o.organization_id = c.organization_id;
        }
        if let Some(org) = from_id(Kind::Organization).filter(|x| crm.organization(*x).is_some()) {
            o.organization_id = Some(org);
        }
    });
    view! { <OpportunityForm opp=o is_new=true /> }
}

#[component]
pub fn OpportunityEdit() -> impl IntoView {
    edit_page("/opportunities", |c, id| c.opportunity(id).cloned(), |o| view! { <OpportunityForm opp=o is_new=false /> }.into_any())
}

/// The contacts involved, each with a role, and a search to add more.
fn involved_editor(draft: RwSignal<Opportunity>, errors: RwSignal<Vec<FieldError>>) -> impl IntoView {
    let app = use_app();
    let query = RwSignal::new(String::new());
    let rows = move || {
        let lang = app.lang.get();
        let list = draft.with(|d| d.contacts.clone());
        app.read_all(|crm| {
            list.into_iter()
                .map(|inv| {
                    let cid = inv.contact_id;
                    let name = crm.contact(cid).map(|c| c.full_name()).unwrap_or_default();
                    view! {
                        <li class="involved">
                            <span>{name.clone()}</span>
                            <select aria-label=format!("{} {name}", lang.t(T::FieldRole)) on:change=move |ev| {
                                if let Some(r) = Role::parse(&event_target_value(&ev)) {
                                    draft.update(|d| d.contacts.iter_mut().filter(|c| c.contact_id == cid).for_each(|c| c.role = r));
                                }
                            }>
                                {Role::ALL.iter().map(|r| view! { <option value=r.as_str() selected=*r == inv.role>{lang.t(i18n::role(*r))}</option> }).collect_view()}
                            </select>
                            <button type="button" class="link" on:click=move |_| draft.update(|d| d.contacts.retain(|c| c.contact_id != cid))>{lang.t(T::Remove)}</button>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    let offers = move || {
        let q = Query::new(&query.get());
        if q.is_empty() {
            return Vec::new();
        }
        let have: Vec<Uuid> = draft.with(|d| d.contacts.iter().map(|c| c.contact_id).collect());
        app.read_all(|crm| {
            crm.find_top(&q, 8 + have.len())
                .contacts
                .into_iter()
                .filter(|c| !have.contains(c))
                .take(8)
                .filter_map(|c| crm.contact(c).map(|x| (c, x.full_name(), x.role)))
                .collect::<Vec<_>>()
        })
    };
    view! {
        <div class="field wide">
            <label for="f-involved-search">{move || app.t(T::ContactsInvolved)}</label>
            <ul class="involved-list">{rows}</ul>
            <input id="f-involved-search" type="search" autocomplete="off" placeholder=move || app.t(T::AddContact) prop:value=move || query.get() on:input=move |ev| query.set(event_target_value(&ev)) />
            <ul class="options" aria-label=move || app.t(T::ContactsInvolved)>
                {move || offers().into_iter().map(|(id, name, role)| view! {
                    <li>
                        <button type="button" on:click=move |_| {
                            draft.update(|d| d.contacts.push(Involved { contact_id: id, role }));
                            query.set(String::new());
                        }>{name}</button>
                    </li>
                }).collect_view()}
            </ul>
            {error_line(errors, "contacts")}
        </div>
    }
}

#[component]
fn OpportunityForm(opp: Opportunity, is_new: bool) -> impl IntoView {
    let app = use_app();
    let id = opp.id;
    let tags = RwSignal::new(opp.tags.join(", "));
    let value = RwSignal::new(if opp.value == 0 && is_new { String::new() } else { amount_input(opp.value) });
    let probability = RwSignal::new(opp.probability.to_string());
    let close = RwSignal::new(opp.expected_close.map(crate::model::time::format_date).unwrap_or_default());
    let deadline = RwSignal::new(opp.submission_deadline.map(web::local_input).unwrap_or_default());
    let org = RwSignal::new(opp.organization_id);
    let form = Form::new(opp);
    let Form { draft, errors, saving, .. } = form;
    let navigate = use_navigate();
    let stages = Memo::new(move |_| app.pipeline());
    let lost = move || draft.with(|d| stages.with(|s| s.iter().any(|s| s.id == d.stage_id && s.lost)));

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        let mut o = draft.get_untracked();
        let mut problems = Vec::new();
        o.name = o.name.trim().to_string();
        o.organization_id = org.get_untracked();
        o.tags = parse_tags(&tags.get_untracked());
        o.value = match value.get_untracked().trim() {
            "" => 0,
            v => parse_amount(v).unwrap_or_else(|| {
                problems.push(FieldError::new("value", Problem::Malformed(app.t(T::NotAnAmount).into())));
                0
            }),
        };
        o.probability = match probability.get_untracked().trim().parse::<u8>() {
            Ok(p) if p <= 100 => p,
            _ => {
                problems.push(FieldError::new("probability", Problem::OutOfRange { min: 0, max: 100 }));
                0
            }
        };
        o.expected_close = match close.get_untracked().trim() {
            "" => None,
            d => crate::model::time::parse_date(d).or_else(|| {
                problems.push(FieldError::new("expected_close", Problem::NotDate));
                None
            }),
        };
        o.submission_deadline = match deadline.get_untracked().trim() {
            "" => None,
            t => web::parse_local_input(t).or_else(|| {
                problems.push(FieldError::new("submission_deadline", Problem::NotDate));
                None
            }),
        };
        if !problems.is_empty() {
            errors.set(problems);
            return;
        }
        let navigate = navigate.clone();
        let defaults = app.default_stages();
        app.save_form(saving, errors, form.checked(move |crm, ctx| crm.save_opportunity(o, &defaults, ctx)), move || {
            navigate(&record_href(Kind::Opportunity, id), NavigateOptions { replace: is_new, ..Default::default() })
        });
    };
    let cancel_href = if is_new { "/opportunities".to_string() } else { record_href(Kind::Opportunity, id) };
    let request_types = RequestType::ALL.iter().map(|r| (*r, r.code(), request_type_text(*r))).collect();
    let priorities =
        vec![(Priority::Low, "low", T::PriorityLow), (Priority::Normal, "normal", T::PriorityNormal), (Priority::High, "high", T::PriorityHigh)];
    view! {
        <form class="page form-page" on:submit=save novalidate>
            <header class="page-head">
                <h1>{move || app.t(if is_new { T::NewOpportunity } else { T::EditOpportunity })}</h1>
            </header>
            {form.summary()}
            <section class="card">
                <div class="grid">
                    {form.text(T::FieldName, lens!(name))}
                    <div class="field">
                        <label for="f-organization_id">{move || app.t(T::Organization)}</label>
                        <OrgPicker value=org />
                        {error_line(errors, "organization_id")}
                    </div>
                    <div class="field">
                        <label for="f-stage_id">{move || app.t(T::Stage)}</label>
                        <select id="f-stage_id" on:change=move |ev| {
                            if let Ok(sid) = Uuid::parse_str(&event_target_value(&ev)) {
                                let p = stages.with_untracked(|s| s.iter().find(|s| s.id == sid).map(|s| s.probability));
                                draft.update(|d| d.stage_id = sid);
                                if let Some(p) = p {
                                    probability.set(p.to_string());
                                }
                            }
                        }>
                            {move || stages.get().into_iter().map(|s| view! {
                                <option value=s.id.to_string() selected=move || draft.with(|d| d.stage_id == s.id)>{s.name.clone()}</option>
                            }).collect_view()}
                        </select>
                        {error_line(errors, "stage_id")}
                    </div>
                    <Show when=lost>
                        {form.text(T::FieldLostReason, lens!(lost_reason))}
                    </Show>
                    {text_input(T::FieldValue, "value", value, errors)}
                    <div class="field">
                        <label for="f-currency">{move || app.t(T::FieldCurrency)}</label>
                        <select id="f-currency" on:change=move |ev| draft.update(|d| d.currency = event_target_value(&ev))>
                            {CURRENCIES.iter().map(|c| view! { <option value=*c selected=move || draft.with(|d| d.currency == *c)>{*c}</option> }).collect_view()}
                        </select>
                    </div>
                    {text_input(T::FieldProbability, "probability", probability, errors)}
                    {date_field(T::FieldExpectedClose, "expected_close", close, errors)}
                    {choice(T::FieldRequestType, "request_type", request_types, move || draft.with(|d| d.request_type), move |v| draft.update(|d| d.request_type = v))}
                    {datetime_field(T::FieldSubmissionDeadline, "submission_deadline", deadline, errors)}
                    {choice(T::FieldPriority, "priority", priorities, move || draft.with(|d| d.priority), move |v| draft.update(|d| d.priority = v))}
                    {campaign_select(move || draft.with(|d| d.campaign_id), move |v| draft.update(|d| d.campaign_id = v), errors)}
                    {form.text(T::FieldNextStep, lens!(next_step))}
                </div>
            </section>
            <section class="card">
                {involved_editor(draft, errors)}
            </section>
            <section class="card">
                <div class="grid">
                    {form.member(T::FieldOwner, lens!(owner_id))}
                    {tags_field(tags, errors)}
                </div>
                {form.area(T::FieldNotes, lens!(notes))}
            </section>
            {form.actions(cancel_href)}
        </form>
    }
}

pub use crate::i18n::request_type as request_type_text;

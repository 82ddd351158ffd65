//! Create or edit a contract: kind, number and title, the term (end or
//! open-ended, auto-renewal, notice period), value and billing, owner, the
//! projects it covers, and its SLA terms per priority with the working
//! calendar they count in.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use uuid::Uuid;

use crate::i18n::{self, T};
use crate::model::contract::{BillingPeriod, Contract, ContractKind, ContractState, PeriodUnit};
use crate::model::money::{amount_input, parse_amount, CURRENCIES};
use crate::model::validate::parse_tags;
use crate::model::{Ctx, FieldError, Kind, Problem};
use crate::ui::routes::{from_id, record_href};
use crate::ui::state::use_app;
use crate::ui::widgets::fields::{choice, date_field, error_line, tags_field, text_input};
use crate::ui::widgets::form::{edit_page, lens, Form};
use crate::ui::widgets::org_picker::OrgPicker;
use crate::ui::widgets::sla_terms::{sla_editor, SlaInputs};
use crate::web;

#[component]
pub fn ContractNew() -> impl IntoView {
    let app = use_app();
    let now = web::now();
    let today = i18n::local_date(now, web::offset_at(now));
    let me = app.me.get_untracked();
    let mut fresh = web::fresh_id;
    let c = from_id(Kind::Organization)
        .and_then(|org| app.read_untracked(|crm| crm.new_contract(org, today, &mut Ctx { now, me, new_id: &mut fresh })))
        .unwrap_or_else(|| Contract::new(web::fresh_id(), now, Uuid::nil(), today));
    view! { <ContractForm contract=c is_new=true /> }
}

#[component]
pub fn ContractEdit() -> impl IntoView {
    edit_page("/contracts", |c, id| c.contract(id).cloned(), |c| view! { <ContractForm contract=c is_new=false /> }.into_any())
}

#[component]
fn ContractForm(contract: Contract, is_new: bool) -> impl IntoView {
    let app = use_app();
    let id = contract.id;
    let tags = RwSignal::new(contract.tags.join(", "));
    let start = RwSignal::new(crate::model::time::format_date(contract.start));
    let end = RwSignal::new(contract.end.map(crate::model::time::format_date).unwrap_or_default());
    let value = RwSignal::new(if contract.value == 0 { String::new() } else { amount_input(contract.value) });
    let notice = RwSignal::new(contract.notice.amount.to_string());
    let renewal = RwSignal::new(contract.renewal.amount.to_string());
    let org = RwSignal::new(Some(contract.organization_id).filter(|o| !o.is_nil()));
    let sla = SlaInputs::new(contract.sla.as_ref());
    let form = Form::new(contract);
    let Form { draft, errors, .. } = form;
    let navigate = use_navigate();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut c = draft.get_untracked();
        let mut problems = Vec::new();
        c.organization_id = org.get_untracked().unwrap_or_default();
        c.tags = parse_tags(&tags.get_untracked());
        match crate::model::time::parse_date(&start.get_untracked()) {
            Some(d) => c.start = d,
            None => problems.push(FieldError::new("start", Problem::NotDate)),
        }
        let e = end.get_untracked();
        c.end = if e.trim().is_empty() {
            None
        } else {
            match crate::model::time::parse_date(&e) {
                Some(d) => Some(d),
                None => {
                    problems.push(FieldError::new("end", Problem::NotDate));
                    None
                }
            }
        };
        let v = value.get_untracked();
        match if v.trim().is_empty() { Some(0) } else { parse_amount(&v) } {
            Some(m) => c.value = m,
            None => problems.push(FieldError::new("value", Problem::NotANumber)),
        }
        for (field, text, slot) in [("notice", notice, &mut c.notice), ("renewal", renewal, &mut c.renewal)] {
            match text.get_untracked().trim().parse::<u32>() {
                Ok(n) => slot.amount = n,
                Err(_) => problems.push(FieldError::new(field, Problem::NotANumber)),
            }
        }
        c.sla = sla.read(&mut problems);
        if !problems.is_empty() {
            errors.set(problems);
            return;
        }
        let navigate = navigate.clone();
        form.save(
            move |crm, ctx| crm.save_contract(c, ctx),
            move || navigate(&record_href(Kind::Contract, id), NavigateOptions { replace: is_new, ..Default::default() }),
        );
    };
    let projects = move || {
        let o = org.get();
        let options: Vec<(Uuid, String)> =
            app.read_all(|crm| o.map(|o| crm.projects_of(o).into_iter().map(|x| (x.id, x.name.clone())).collect()).unwrap_or_default());
        form.checkboxes(lens!(project_ids), options)
    };
    let kinds: Vec<(ContractKind, &'static str, T)> = ContractKind::ALL.iter().map(|k| (*k, k.code(), i18n::contract_kind(*k))).collect();
    let states: Vec<(ContractState, &'static str, T)> = ContractState::ALL.iter().map(|s| (*s, s.code(), i18n::contract_state(*s))).collect();
    let billing: Vec<(BillingPeriod, &'static str, T)> = BillingPeriod::ALL.iter().map(|b| (*b, b.code(), i18n::billing_period(*b))).collect();
    let units = |get: fn(&Contract) -> PeriodUnit, set: fn(&mut Contract, PeriodUnit), id: &'static str| {
        view! {
            <select id=id aria-label=move || app.t(T::UnitMonths) on:change=move |ev| if let Some(u) = PeriodUnit::parse(&event_target_value(&ev)) { draft.update(|d| set(d, u)) }>
                {PeriodUnit::ALL.iter().map(|u| view! { <option value=u.code() selected=move || draft.with(|d| get(d) == *u)>{move || app.t(i18n::period_unit(*u))}</option> }).collect_view()}
            </select>
        }
    };
    let cancel_href = if is_new { "/contracts".to_string() } else { record_href(Kind::Contract, id) };
    view! {
        <form class="page form-page" on:submit=save novalidate>
            <header class="page-head">
                <h1>{move || app.t(if is_new { T::NewContract } else { T::EditContract })}</h1>
            </header>
            {form.summary()}
            <section class="card">
                <div class="grid">
                    {form.text(T::FieldName, lens!(title))}
                    {form.text(T::FieldNumber, lens!(number))}
                    <div class="field">
                        <label for="f-organization_id">{move || app.t(T::Organization)}</label>
                        <OrgPicker value=org />
                        {error_line(errors, "organization_id")}
                    </div>
                    {choice(T::FieldContractKind, "kind", kinds, move || draft.with(|d| d.kind), move |k| draft.update(|d| d.kind = k))}
                    {choice(T::FieldStatus, "state", states, move || draft.with(|d| d.state), move |s| draft.update(|d| d.state = s))}
                    {form.member(T::FieldOwner, lens!(owner_id))}
                    {date_field(T::FieldStart, "start", start, errors)}
                    {date_field(T::FieldEnd, "end", end, errors)}
                    <div class="field">
                        <label for="f-notice">{move || app.t(T::FieldNotice)}</label>
                        <span class="inline"><input type="text" inputmode="numeric" id="f-notice" prop:value=move || notice.get() on:input=move |ev| notice.set(event_target_value(&ev)) />
                        {units(|c| c.notice.unit, |c, u| c.notice.unit = u, "f-notice-unit")}</span>
                        {error_line(errors, "notice")}
                    </div>
                    <div class="field">
                        <label class="check"><input type="checkbox" id="f-auto_renew" prop:checked=move || draft.with(|d| d.auto_renew) on:change=move |ev| { let on = event_target_checked(&ev); draft.update(|d| d.auto_renew = on) } />{move || app.t(T::FieldAutoRenew)}</label>
                        <label for="f-renewal">{move || app.t(T::FieldRenewal)}</label>
                        <span class="inline"><input type="text" inputmode="numeric" id="f-renewal" prop:value=move || renewal.get() on:input=move |ev| renewal.set(event_target_value(&ev)) />
                        {units(|c| c.renewal.unit, |c, u| c.renewal.unit = u, "f-renewal-unit")}</span>
                        {error_line(errors, "renewal")}
                    </div>
                    {text_input(T::FieldValue, "value", value, errors)}
                    {choice(T::FieldBilling, "billing", billing, move || draft.with(|d| d.billing), move |b| draft.update(|d| d.billing = b))}
                    <div class="field">
                        <label for="f-currency">{move || app.t(T::FieldCurrency)}</label>
                        <select id="f-currency" on:change=move |ev| draft.update(|d| d.currency = event_target_value(&ev))>
                            {CURRENCIES.iter().map(|c| view! { <option value=*c selected=move || draft.with(|d| d.currency == *c)>{*c}</option> }).collect_view()}
                        </select>
                    </div>
                </div>
                <fieldset class="field wide">
                    <legend>{move || app.t(T::FieldCovers)}</legend>
                    {projects}
                </fieldset>
            </section>
            <section class="card">
                <h2>{move || app.t(T::SlaTerms)}</h2>
                {sla_editor(sla, T::SlaTerms, errors)}
            </section>
            <section class="card">
                {tags_field(tags, errors)}
                {form.area(T::FieldNotes, lens!(notes))}
            </section>
            {form.actions(cancel_href)}
        </form>
    }
}

//! Create or edit a contract: kind, number and title, the term (end or
//! open-ended, auto-renewal, notice period), value and billing, owner, the
//! projects it covers, and its SLA terms per priority with the working
//! calendar they count in.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use uuid::Uuid;

use crate::i18n::{self, T};
use crate::model::contract::{BillingPeriod, Contract, ContractKind, ContractState, PeriodUnit, Sla, SlaTarget};
use crate::model::money::{amount_input, parse_amount, CURRENCIES};
use crate::model::validate::parse_tags;
use crate::model::workcal::WorkingCalendar;
use crate::model::{Ctx, FieldError, Kind, Problem};
use crate::ui::routes::{from_id, record_href};
use crate::ui::state::use_app;
use crate::ui::widgets::fields::{choice, date_field, error_line, tags_field, text_input};
use crate::ui::widgets::form::{edit_page, lens, Form};
use crate::ui::widgets::org_picker::OrgPicker;
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

fn hours(minutes: u16) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

fn parse_hours(s: &str) -> Option<u16> {
    let (h, m) = s.trim().split_once(':')?;
    let (h, m): (u16, u16) = (h.parse().ok()?, m.parse().ok()?);
    (h <= 24 && m < 60 && h * 60 + m <= 24 * 60).then_some(h * 60 + m)
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
    let has_sla = RwSignal::new(contract.sla.is_some());
    let sla = contract.sla.clone().unwrap_or_default();
    let always = RwSignal::new(sla.calendar == WorkingCalendar::Always);
    let (days, from, to) = match sla.calendar {
        WorkingCalendar::BusinessHours { days, start, end } => (days, start, end),
        WorkingCalendar::Always => (0b1_1111, 9 * 60, 17 * 60),
    };
    let weekdays = RwSignal::new(days);
    let open = RwSignal::new(hours(from));
    let close = RwSignal::new(hours(to));
    let targets: Vec<(SlaTarget, RwSignal<String>, RwSignal<String>)> =
        sla.targets.iter().map(|t| (*t, RwSignal::new(t.first_response_hours.to_string()), RwSignal::new(t.resolution_hours.to_string()))).collect();
    let targets = StoredValue::new(targets);
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
        c.sla = if has_sla.get_untracked() {
            let calendar = if always.get_untracked() {
                WorkingCalendar::Always
            } else {
                let days = weekdays.get_untracked();
                match (parse_hours(&open.get_untracked()), parse_hours(&close.get_untracked())) {
                    (Some(start), Some(end)) => WorkingCalendar::BusinessHours { days, start, end },
                    _ => {
                        problems.push(FieldError::new("sla.calendar.end", Problem::NotANumber));
                        WorkingCalendar::default()
                    }
                }
            };
            let targets = targets.with_value(|list| {
                list.iter()
                    .enumerate()
                    .map(|(i, (t, first, resolve))| {
                        let mut t = *t;
                        match (first.get_untracked().trim().parse(), resolve.get_untracked().trim().parse()) {
                            (Ok(f), Ok(r)) => {
                                t.first_response_hours = f;
                                t.resolution_hours = r;
                            }
                            _ => problems.push(FieldError::new(format!("sla.targets[{i}].first_response_hours"), Problem::NotANumber)),
                        }
                        t
                    })
                    .collect()
            });
            Some(Sla { calendar, targets })
        } else {
            None
        };
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
    let sla_rows = move || {
        targets.with_value(|list| {
            list.iter()
                .map(|(t, first, resolve)| {
                    let (first, resolve) = (*first, *resolve);
                    let p = t.priority;
                    view! {
                        <tr>
                            <th scope="row">{move || app.t(i18n::sla_priority(p))}</th>
                            <td><input type="text" inputmode="numeric" class="num" id=format!("sla-first-{}", p.code()) aria-label=move || format!("{} {}", app.t(T::FieldFirstResponse), app.t(i18n::sla_priority(p))) prop:value=move || first.get() on:input=move |ev| first.set(event_target_value(&ev)) /></td>
                            <td><input type="text" inputmode="numeric" class="num" id=format!("sla-resolve-{}", p.code()) aria-label=move || format!("{} {}", app.t(T::FieldResolutionTime), app.t(i18n::sla_priority(p))) prop:value=move || resolve.get() on:input=move |ev| resolve.set(event_target_value(&ev)) /></td>
                        </tr>
                    }
                })
                .collect_view()
        })
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
                <label class="check"><input type="checkbox" id="f-has-sla" prop:checked=move || has_sla.get() on:change=move |ev| has_sla.set(event_target_checked(&ev)) />{move || app.t(T::SlaTerms)}</label>
                <Show when=move || has_sla.get()>
                    <fieldset>
                        <label class="check"><input type="radio" name="calendar" prop:checked=move || !always.get() on:change=move |_| always.set(false) />{move || app.t(T::SlaBusinessHours)}</label>
                        <label class="check"><input type="radio" name="calendar" prop:checked=move || always.get() on:change=move |_| always.set(true) />{move || app.t(T::SlaAlways)}</label>
                    </fieldset>
                    <Show when=move || !always.get()>
                        <fieldset class="weekdays">
                            <legend>{move || app.t(T::WorkingDays)}</legend>
                            {(0..7u8).map(|i| view! {
                                <label class="check">
                                    <input type="checkbox" id=format!("sla-day-{i}") prop:checked=move || weekdays.get() & (1 << i) != 0 on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        weekdays.update(|d| if on { *d |= 1 << i } else { *d &= !(1 << i) });
                                    } />
                                    {move || i18n::weekday_name(app.lang.get(), usize::from(i))}
                                </label>
                            }).collect_view()}
                            {error_line(errors, "sla.calendar.days")}
                        </fieldset>
                        <div class="grid">
                            {text_input(T::FieldHoursFrom, "sla.calendar.start", open, errors)}
                            {text_input(T::FieldHoursTo, "sla.calendar.end", close, errors)}
                        </div>
                    </Show>
                    <div class="table-wrap"><table class="items sla-terms">
                        <thead><tr><th>{move || app.t(T::FieldPriority)}</th><th>{move || app.t(T::FieldFirstResponse)}</th><th>{move || app.t(T::FieldResolutionTime)}</th></tr></thead>
                        <tbody>{sla_rows}</tbody>
                    </table></div>
                    {error_line(errors, "sla")}
                </Show>
            </section>
            <section class="card">
                {tags_field(tags, errors)}
                {form.area(T::FieldNotes, lens!(notes))}
            </section>
            {form.actions(cancel_href)}
        </form>
    }
}

//! Create or edit a ticket, and "Report a problem": the quick form a
//! phone reaches from the bar (who, what is wrong, how bad), which opens
//! the ticket with its SLA already counting.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use uuid::Uuid;

use crate::i18n::{self, T};
use crate::model::contract::SlaPriority;
use crate::model::ticket::{Channel, Ticket, TicketStatus};
use crate::model::validate::{parse_tags, NAME_MAX};
use crate::model::{Ctx, FieldError, Kind, Problem, Target};
use crate::ui::routes::link;
use crate::ui::routes::{from_id, record_href};
use crate::ui::state::{use_app, App};
use crate::ui::widgets::fields::{choice, error_line, tags_field};
use crate::ui::widgets::form::{edit_page, lens, Form};
use crate::ui::widgets::org_picker::OrgPicker;
use crate::ui::widgets::who_picker::WhoPicker;
use crate::web;

/// A new ticket about `from`, numbered and assigned to the user.
fn fresh(app: App, from: Option<Target>) -> Ticket {
    let now = web::now();
    let today = i18n::local_date(now, web::offset_at(now));
    let me = app.me.get_untracked();
    let mut ids = web::fresh_id;
    app.read_untracked(|crm| crm.new_ticket(from, today, &mut Ctx { now, me, new_id: &mut ids }))
}

/// What the new form starts from: `?organization=`, `?contact=`,
/// `?delivered_item=` or `?contract=`.
fn start_from() -> Option<Target> {
    [Kind::DeliveredItem, Kind::Contract, Kind::Contact, Kind::Organization].into_iter().find_map(|k| from_id(k).map(|id| Target::new(k, id)))
}

#[component]
pub fn TicketNew() -> impl IntoView {
    let app = use_app();
    let t = fresh(app, start_from());
    view! { <TicketForm ticket=t is_new=true /> }
}

#[component]
pub fn TicketEdit() -> impl IntoView {
    edit_page("/tickets", |c, id| c.ticket(id).cloned(), |t| view! { <TicketForm ticket=t is_new=false /> }.into_any())
}

/// Options of a select of the organization's records (id, name), with
/// "none" first.
fn record_select(
    label: T,
    field: &'static str,
    options: impl Fn() -> Vec<(Uuid, String)> + Send + Sync + 'static,
    get: impl Fn() -> Option<Uuid> + Copy + Send + Sync + 'static,
    set: impl Fn(Option<Uuid>) + Copy + Send + Sync + 'static,
    errors: RwSignal<Vec<FieldError>>,
) -> impl IntoView {
    let app = use_app();
    let id = format!("f-{field}");
    view! {
        <div class="field">
            <label for=id.clone()>{move || app.t(label)}</label>
            <select id=id on:change=move |ev| set(Uuid::parse_str(&event_target_value(&ev)).ok())>
                <option value="" selected=move || get().is_none()>"—"</option>
                {move || options().into_iter().map(|(v, name)| view! { <option value=v.to_string() selected=move || get() == Some(v)>{name}</option> }).collect_view()}
            </select>
            {error_line(errors, field)}
        </div>
    }
}

fn priorities() -> Vec<(SlaPriority, &'static str, T)> {
    SlaPriority::ALL.iter().map(|p| (*p, p.code(), i18n::sla_priority(*p))).collect()
}

#[component]
fn TicketForm(ticket: Ticket, is_new: bool) -> impl IntoView {
    let app = use_app();
    let id = ticket.id;
    let tags = RwSignal::new(ticket.tags.join(", "));
    let org = RwSignal::new(ticket.organization_id);
    let form = Form::new(ticket);
    let Form { draft, errors, .. } = form;
    let navigate = use_navigate();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut t = draft.get_untracked();
        t.organization_id = org.get_untracked();
        t.tags = parse_tags(&tags.get_untracked());
        let navigate = navigate.clone();
        form.save(
            move |crm, ctx| crm.save_ticket(t, ctx),
            move || navigate(&record_href(Kind::Ticket, id), NavigateOptions { replace: is_new, ..Default::default() }),
        );
    };
    // The organization's people, items and contracts to pick from.
    let of_org = move |list: fn(&crate::model::Crm, Uuid) -> Vec<(Uuid, String)>| {
        move || org.get().map(|o| app.read_all(|crm| list(crm, o))).unwrap_or_default()
    };
    let contacts = of_org(|crm, o| crm.contacts_of(o).into_iter().map(|c| (c.id, c.full_name())).collect());
    let items = of_org(|crm, o| crm.delivered_items_of(o).into_iter().map(|d| (d.id, d.name.clone())).collect());
    let contracts = of_org(|crm, o| crm.contracts_of(o).into_iter().map(|c| (c.id, c.name())).collect());
    let statuses: Vec<(TicketStatus, &'static str, T)> = TicketStatus::ALL.iter().map(|s| (*s, s.code(), i18n::ticket_status(*s))).collect();
    let channels: Vec<(Channel, &'static str, T)> = Channel::ALL.iter().map(|c| (*c, c.code(), i18n::ticket_channel(*c))).collect();
    let cancel_href = if is_new { "/tickets".to_string() } else { record_href(Kind::Ticket, id) };
    view! {
        <form class="page form-page" on:submit=save novalidate>
            <header class="page-head">
                <h1>{move || app.t(if is_new { T::NewTicket } else { T::EditTicket })}" "<small class="sub">{move || draft.with(|d| d.number.clone())}</small></h1>
            </header>
            {form.summary()}
            <section class="card">
                <div class="grid">
                    {form.text(T::FieldSubject, lens!(subject))}
                    <div class="field">
                        <label for="f-organization_id">{move || app.t(T::Organization)}</label>
                        <OrgPicker value=org />
                        {error_line(errors, "organization_id")}
                    </div>
                    {record_select(T::Contact, "contact_id", contacts, move || draft.with(|d| d.contact_id), move |v| draft.update(|d| d.contact_id = v), errors)}
                    {record_select(T::DeliveredItem, "delivered_item_id", items, move || draft.with(|d| d.delivered_item_id), move |v| draft.update(|d| {
                        d.delivered_item_id = v;
                        // The item's contract is the one whose SLA applies.
                        if let Some(c) = v.and_then(|i| app.read_untracked(|crm| crm.delivered_item(i).and_then(|x| x.contract_id))) {
                            d.contract_id = Some(c);
                        }
                    }), errors)}
                    {record_select(T::Contract, "contract_id", contracts, move || draft.with(|d| d.contract_id), move |v| draft.update(|d| d.contract_id = v), errors)}
                    {choice(T::FieldPriority, "priority", priorities(), move || draft.with(|d| d.priority), move |p| draft.update(|d| d.priority = p))}
                    {choice(T::FieldStatus, "status", statuses, move || draft.with(|d| d.status), move |s| draft.update(|d| d.status = s))}
                    {choice(T::FieldChannel, "channel", channels, move || draft.with(|d| d.channel), move |c| draft.update(|d| d.channel = c))}
                    {form.text(T::FieldCategory, lens!(category))}
                    {form.member(T::FieldAssignee, lens!(assignee_id))}
                </div>
                {form.area(T::FieldDescription, lens!(description))}
                {form.area(T::FieldResolutionText, lens!(resolution))}
            </section>
            <section class="card">{tags_field(tags, errors)}</section>
            {form.actions(cancel_href)}
        </form>
    }
}

/// The subject of a problem described in `text`: its first line, cut to
/// a name's length at a character boundary.
fn subject_of(text: &str) -> String {
    text.trim().lines().next().unwrap_or("").chars().take(NAME_MAX).collect()
}

/// "Report a problem": who (an organization or a contact, by search), what
/// is wrong, the priority; saving opens the new ticket.
#[component]
pub fn ReportProblemPage() -> impl IntoView {
    let app = use_app();
    let who = RwSignal::new(start_from().filter(|t| matches!(t.kind, Kind::Organization | Kind::Contact)));
    let what = RwSignal::new(String::new());
    let priority = RwSignal::new(SlaPriority::Normal);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let saving = RwSignal::new(false);
    let navigate = use_navigate();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = what.get_untracked();
        // Named as the form names them, before the ticket's own rules.
        let mut missing = Vec::new();
        if who.get_untracked().is_none() {
            missing.push(FieldError::new("who", Problem::Required));
        }
        if text.trim().is_empty() {
            missing.push(FieldError::new("what_is_wrong", Problem::Required));
        }
        if !missing.is_empty() {
            errors.set(missing);
            return;
        }
        let mut t = fresh(app, who.get_untracked());
        t.subject = subject_of(&text);
        t.description = if text.trim() == t.subject { String::new() } else { text.trim().to_string() };
        t.priority = priority.get_untracked();
        let id = t.id;
        let navigate = navigate.clone();
        app.save_form(
            saving,
            errors,
            move |crm, ctx| crm.save_ticket(t, ctx),
            move || navigate(&record_href(Kind::Ticket, id), NavigateOptions::default()),
        );
    };
    view! {
        <form class="page form-page report-problem" on:submit=save novalidate>
            <header class="page-head"><h1>{move || app.t(T::ReportProblem)}</h1></header>
            {crate::ui::widgets::fields::error_summary(errors)}
            <section class="card">
                <div class="field">
                    <label for="f-who">{move || app.t(T::WhoReports)}</label>
                    <WhoPicker value=who />
                    {error_line(errors, "who")}
                </div>
                <div class="field">
                    <label for="f-what">{move || app.t(T::WhatIsWrong)}</label>
                    <textarea id="f-what" rows="4" prop:value=move || what.get() on:input=move |ev| what.set(event_target_value(&ev)) />
                    {error_line(errors, "what_is_wrong")}
                    {error_line(errors, "subject")}
                </div>
                <fieldset class="field priorities">
                    <legend>{move || app.t(T::FieldPriority)}</legend>
                    {SlaPriority::ALL.iter().map(|p| {
                        let p = *p;
                        view! {
                            <label class="check">
                                <input type="radio" name="priority" id=format!("priority-{}", p.code()) prop:checked=move || priority.get() == p on:change=move |_| priority.set(p) />
                                {move || app.t(i18n::sla_priority(p))}
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
            </section>
            <div class="form-actions">
                <button type="submit" class="button primary" id="report-save" prop:disabled=move || saving.get()>{move || app.t(T::ReportProblem)}</button>
                <a class="button" href=link("/tickets")>{move || app.t(T::Cancel)}</a>
            </div>
        </form>
    }
}

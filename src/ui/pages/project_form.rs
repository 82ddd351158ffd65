//! Create or edit a delivery project: customer, the deal it delivers,
//! who is responsible, dates, status, value, the people involved.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use uuid::Uuid;

use crate::i18n::T;
use crate::model::money::{amount_input, parse_amount, CURRENCIES};
use crate::model::project::{Project, ProjectStatus};
use crate::model::validate::parse_tags;
use crate::model::{Ctx, FieldError, Kind, Problem, Target};
use crate::ui::routes::{from_id, record_href};
use crate::ui::state::use_app;
use crate::ui::widgets::fields::{choice, date_field, error_line, tags_field, text_input};
use crate::ui::widgets::form::{edit_page, lens, Form};
use crate::ui::widgets::org_picker::OrgPicker;
use crate::web;

#[component]
pub fn ProjectNew() -> impl IntoView {
    let app = use_app();
    let from = [Kind::Opportunity, Kind::Organization].into_iter().find_map(|kind| from_id(kind).map(|id| Target { kind, id }));
    let now = web::now();
    let today = crate::i18n::local_date(now, web::offset_at(now));
    let mut fresh = web::fresh_id;
    let me = app.me.get_untracked();
    let p = from
        .and_then(|from| app.read_untracked(|crm| crm.new_project(from, today, &mut Ctx { now, me, new_id: &mut fresh })))
        .unwrap_or_else(|| Project::new(web::fresh_id(), now, Uuid::nil(), today));
    view! { <ProjectForm project=p is_new=true /> }
}

#[component]
pub fn ProjectEdit() -> impl IntoView {
    edit_page("/projects", |c, id| c.project(id).cloned(), |p| view! { <ProjectForm project=p is_new=false /> }.into_any())
}

#[component]
fn ProjectForm(project: Project, is_new: bool) -> impl IntoView {
    let app = use_app();
    let id = project.id;
    let tags = RwSignal::new(project.tags.join(", "));
    let start = RwSignal::new(crate::model::time::format_date(project.start));
    let end = RwSignal::new(crate::model::time::format_date(project.planned_end));
    let value = RwSignal::new(if project.value == 0 { String::new() } else { amount_input(project.value) });
    let org = RwSignal::new(Some(project.organization_id).filter(|o| !o.is_nil()));
    let form = Form::new(project);
    let Form { draft, errors, .. } = form;
    let navigate = use_navigate();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut p = draft.get_untracked();
        let mut problems = Vec::new();
        p.organization_id = org.get_untracked().unwrap_or_default();
        p.tags = parse_tags(&tags.get_untracked());
        match crate::model::time::parse_date(&start.get_untracked()) {
            Some(d) => p.start = d,
            None => problems.push(FieldError::new("start", Problem::NotDate)),
        }
        match crate::model::time::parse_date(&end.get_untracked()) {
            Some(d) => p.planned_end = d,
            None => problems.push(FieldError::new("planned_end", Problem::NotDate)),
        }
        let v = value.get_untracked();
        match if v.trim().is_empty() { Some(0) } else { parse_amount(&v) } {
            Some(m) => p.value = m,
            None => problems.push(FieldError::new("value", Problem::NotANumber)),
        }
        if !problems.is_empty() {
            errors.set(problems);
            return;
        }
        let navigate = navigate.clone();
        form.save(
            move |crm, ctx| crm.save_project(p, ctx),
            move || navigate(&record_href(Kind::Project, id), NavigateOptions { replace: is_new, ..Default::default() }),
        );
    };
    let opportunity_options = move || {
        let o = org.get();
        app.read_all(|crm| {
            let mut list: Vec<(Uuid, String)> = o.map(|o| crm.opportunities_of(o).into_iter().map(|x| (x.id, x.name.clone())).collect()).unwrap_or_default();
            if let Some(x) = draft.with(|d| d.opportunity_id).filter(|x| !list.iter().any(|(id, _)| id == x)).and_then(|x| crm.opportunity(x)) {
                list.push((x.id, x.name.clone()));
            }
            list.into_iter()
                .map(|(oid, name)| view! { <option value=oid.to_string() selected=move || draft.with(|d| d.opportunity_id == Some(oid))>{name}</option> })
                .collect_view()
        })
    };
    let contact_boxes = move || {
        let o = org.get();
        let options: Vec<(Uuid, String)> =
            app.read_all(|crm| o.map(|o| crm.contacts_of(o).into_iter().map(|x| (x.id, x.full_name())).collect()).unwrap_or_default());
        form.checkboxes(lens!(contact_ids), options)
    };
    let statuses: Vec<(ProjectStatus, &'static str, T)> =
        ProjectStatus::ALL.iter().map(|s| (*s, s.code(), crate::i18n::project_status(*s))).collect();
    let cancel_href = if is_new { "/projects".to_string() } else { record_href(Kind::Project, id) };
    view! {
        <form class="page form-page" on:submit=save novalidate>
            <header class="page-head">
                <h1>{move || app.t(if is_new { T::NewProject } else { T::EditProject })}</h1>
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
                        <label for="f-opportunity_id">{move || app.t(T::Opportunity)}</label>
                        <select id="f-opportunity_id" on:change=move |ev| draft.update(|d| d.opportunity_id = Uuid::parse_str(&event_target_value(&ev)).ok())>
                            <option value="" selected=move || draft.with(|d| d.opportunity_id.is_none())>{move || app.t(T::Nobody)}</option>
                            {opportunity_options}
                        </select>
                    </div>
                    {form.member(T::FieldResponsible, lens!(owner_id))}
                    {date_field(T::FieldStart, "start", start, errors)}
                    {date_field(T::FieldPlannedEnd, "planned_end", end, errors)}
                    {choice(T::FieldStatus, "status", statuses, move || draft.with(|d| d.status), move |s| draft.update(|d| d.status = s))}
                    {text_input(T::FieldValue, "value", value, errors)}
                    <div class="field">
                        <label for="f-currency">{move || app.t(T::FieldCurrency)}</label>
                        <select id="f-currency" on:change=move |ev| draft.update(|d| d.currency = event_target_value(&ev))>
                            {CURRENCIES.iter().map(|c| view! { <option value=*c selected=move || draft.with(|d| d.currency == *c)>{*c}</option> }).collect_view()}
                        </select>
                    </div>
                </div>
                <fieldset class="field wide">
                    <legend>{move || app.t(T::ContactsInvolved)}</legend>
                    {contact_boxes}
                </fieldset>
            </section>
            <section class="card">
                {tags_field(tags, errors)}
                {form.area(T::FieldNotes, lens!(notes))}
            </section>
            {form.actions(cancel_href)}
        </form>
    }
}

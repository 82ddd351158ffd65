//! An opportunity's page: its stage (one click to move), details, the
//! contacts involved, and its timeline.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use crate::i18n::{self, T};
use crate::model::money::percent_of;
use crate::model::ActivitiesOnDelete;
use crate::model::Kind;
use crate::ui::pages::opportunity_form::request_type_text;
use crate::ui::routes::link;
use crate::ui::routes::param_id;
use crate::ui::routes::{edit_href, record_href};
use crate::ui::state::use_app;
use crate::ui::widgets::attachments::AttachmentsCard;
use crate::ui::widgets::confirm::Confirm;
use crate::ui::widgets::missing::MissingRecord;
use crate::ui::widgets::sales_card::SalesCard;
use crate::ui::widgets::stage_move::{request_move, LostReason, PendingMove};
use crate::ui::widgets::timeline::{activities_choice, log_buttons, Timeline};

#[component]
pub fn OpportunityPage() -> impl IntoView {
    let app = use_app();
    let Some(id) = param_id("id") else { return view! { <MissingRecord back="/opportunities" /> }.into_any() };
    let exists = Memo::new(move |_| app.read_all(|c| c.opportunity(id).is_some()));
    let confirm = RwSignal::new(false);
    let keep = RwSignal::new(true);
    let pending = RwSignal::new(None::<PendingMove>);
    let stages = Memo::new(move |_| app.pipeline());
    let navigate = use_navigate();
    let delete = move || {
        let navigate = navigate.clone();
        let what = if keep.get_untracked() { ActivitiesOnDelete::Keep } else { ActivitiesOnDelete::Delete };
        app.delete(move |crm, ctx| crm.delete_opportunity(id, what, ctx), move || navigate("/opportunities", NavigateOptions::default()));
    };
    // One click: the project is made from the deal and opened.
    let start_project = StoredValue::new_local({
        let navigate = use_navigate();
        move || {
            let navigate = navigate.clone();
            let today = app.today();
            leptos::task::spawn_local(async move {
                let made = std::cell::Cell::new(None);
                let result = app
                    .commit(|crm, ctx| {
                        let Some(p) = crm.new_project(crate::model::Target::new(Kind::Opportunity, id), today, ctx) else { return Ok(Vec::new()) };
                        made.set(Some(p.id));
                        crm.save_project(p, ctx)
                    })
                    .await;
                match (result, made.get()) {
                    (Ok(_), Some(p)) => navigate(&record_href(Kind::Project, p), NavigateOptions::default()),
                    (Err(e), _) => app.tell_refused(&e.refused()),
                    _ => {}
                }
            });
        }
    });
    let stage_bar = move || {
        let current = app.read_all(|c| c.opportunity(id).map(|o| o.stage_id));
        let buttons = stages
            .get()
            .into_iter()
            .map(|s| {
                let sid = s.id;
                let here = current == Some(sid);
                view! {
                    <button type="button" class="stage" class:won=s.won class:lost=s.lost aria-pressed=here.to_string() on:click=move |_| request_move(app, id, sid, pending, || {})>
                        {s.name.clone()}
                    </button>
                }
            })
            .collect_view();
        view! { <div class="stage-bar" role="group" aria-label=move || app.t(T::Stage)>{buttons}</div> }
    };
    let body = move || {
        let lang = app.lang.get();
        let offset = crate::web::offset_at(app.now.get());
        app.read_all(|crm| {
            let o = crm.opportunity(id)?.clone();
            let won = crm.stage(o.stage_id).is_some_and(|s| s.won);
            let projects = crm.projects_of(id);
            let delivery = won.then(|| {
                let links = projects
                    .iter()
                    .map(|p| view! { <li><a href=link(record_href(Kind::Project, p.id))>{p.name.clone()}</a>" "<span class=format!("badge project-{}", p.status.code())>{lang.t(i18n::project_status(p.status))}</span></li> })
                    .collect_view();
                view! {
                    <section class="card delivery" id="delivery">
                        <h2>{lang.t(T::NavProjects)}</h2>
                        {(!projects.is_empty()).then(|| view! { <ul class="plain">{links}</ul> })}
                        <button type="button" class="button primary" id="start-project" on:click=move |_| start_project.with_value(|f| f())>{lang.t(T::StartProject)}</button>
                    </section>
                }
            });
            let row = |label: T, value: String| (!value.is_empty()).then(|| view! { <dt>{lang.t(label)}</dt><dd class="pre">{value}</dd> });
            let link_row = |label: T, href: String, text: String| (!text.is_empty()).then(|| view! { <dt>{lang.t(label)}</dt><dd><a href=link(href)>{text}</a></dd> });
            let org = o.organization_id.and_then(|x| crm.organization(x));
            let lead = o.lead_id.and_then(|x| crm.lead(x));
            let campaign = o.campaign_id.and_then(|x| crm.campaign(x));
            let involved = o
                .contacts
                .iter()
                .filter_map(|inv| {
                    let c = crm.contact(inv.contact_id)?;
                    Some(view! {
                        <li><a href=link(record_href(Kind::Contact, c.id))>{c.full_name()}</a>" "<span class="badge">{lang.t(i18n::role(inv.role))}</span></li>
                    })
                })
                .collect_view();
            Some(view! {
                <header class="page-head">
                    <div>
                        <h1>{o.name.clone()}</h1>
                        <p class="subtitle">{i18n::format_money(lang, o.value, &o.currency)}" · "{format!("{} %", o.probability)}</p>
                        <p class="badges">{o.tags.iter().map(|t| view! { <span class="tag">{t.clone()}</span> }).collect_view()}</p>
                    </div>
                    <div class="actions">
                        <crate::ui::widgets::follow::FollowButton kind=crate::model::Kind::Opportunity id=id />
                        <a class="button" href=link(edit_href(Kind::Opportunity, id))>{lang.t(T::Edit)}</a>
                        <button type="button" class="button danger" on:click=move |_| confirm.set(true)>{lang.t(T::Delete)}</button>
                    </div>
                </header>
                {stage_bar}
                {delivery}
                {log_buttons(crate::model::Target::new(Kind::Opportunity, id))}
                <section class="card">
                    <h2>{lang.t(T::Details)}</h2>
                    <dl class="details">
                        {link_row(T::Organization, org.map(|x| record_href(Kind::Organization, x.id)).unwrap_or_default(), org.map(|x| x.name.clone()).unwrap_or_default())}
                        {row(T::FieldValue, i18n::format_money(lang, o.value, &o.currency))}
                        {row(T::WeightedValue, i18n::format_money(lang, percent_of(o.value, o.probability), &o.currency))}
                        {row(T::FieldExpectedClose, o.expected_close.map(|d| i18n::format_date(lang, d)).unwrap_or_default())}
                        {row(T::FieldRequestType, lang.t(request_type_text(o.request_type)).to_string())}
                        {row(T::FieldSubmissionDeadline, o.submission_deadline.map(|t| i18n::format_datetime(lang, t, offset)).unwrap_or_default())}
                        {row(T::FieldPriority, lang.t(i18n::priority(o.priority)).to_string())}
                        {row(T::FieldNextStep, o.next_step.clone())}
                        {row(T::FieldLostReason, o.lost_reason.clone())}
                        {link_row(T::Lead, record_href(Kind::Lead, o.lead_id.unwrap_or_default()), lead.map(|l| l.name()).unwrap_or_default())}
                        {link_row(T::Campaign, record_href(Kind::Campaign, o.campaign_id.unwrap_or_default()), campaign.map(|c| c.name.clone()).unwrap_or_default())}
                        {row(T::FieldOwner, crm.member_name(o.owner_id).to_string())}
                        {row(T::FieldNotes, o.notes.clone())}
                    </dl>
                </section>
                <section class="card">
                    <h2>{lang.t(T::ContactsInvolved)}</h2>
                    {if o.contacts.is_empty() {
                        view! { <p class="muted">{lang.t(T::NoContactsInvolved)}</p> }.into_any()
                    } else {
                        view! { <ul class="plain" id="involved">{involved}</ul> }.into_any()
                    }}
                </section>
            })
        })
    };
    view! {
        <Show when=move || exists.get() fallback=|| view! { <MissingRecord back="/opportunities" /> }>
            <div class="page detail-page">
                {body}
                <SalesCard record=crate::model::Target::new(Kind::Opportunity, id) />
                <AttachmentsCard kind=crate::model::Kind::Opportunity id=id />
                <Timeline id=id />
            </div>
        </Show>
        <LostReason pending=pending />
        <Confirm open=confirm message=Signal::derive(move || app.t(T::ConfirmDeleteOpportunity).to_string()) confirm_label=T::Delete on_confirm=delete.clone()>
            {activities_choice(id, keep)}
        </Confirm>
    }
    .into_any()
}

//! The start page: my tasks (overdue and today), meetings of the coming
//! week, the open pipeline, key contacts gone quiet and this week's
//! deadlines; each block leads on to its page or report.

use leptos::prelude::*;

use crate::i18n::{self, format_date, format_datetime, Lang, T};
use crate::model::Activity;
use crate::model::Kind;
use crate::report::dashboard::{dashboard, Deadline, BLOCK_MAX};
use crate::report::{Env, Label, Value};
use crate::ui::routes::link;
use crate::ui::routes::record_href;
use crate::ui::state::use_app;
use crate::ui::widgets::start::GettingStarted;
use crate::ui::widgets::timeline::{linked_records, task_toggle};
use crate::web;

fn nothing(lang: Lang) -> AnyView {
    view! { <p class="muted empty">{lang.t(T::DashNothing)}</p> }.into_any()
}

fn more(lang: Lang, n: usize, href: &'static str) -> Option<AnyView> {
    (n > BLOCK_MAX)
        .then(|| view! { <p class="more"><a href=link(href)>{lang.t(T::DashMore).replace("{n}", &(n - BLOCK_MAX).to_string())}</a></p> }.into_any())
}

/// Open tickets by SLA state (each count a link to the list so filtered),
/// then the most urgent of them, breached first.
fn support_block(crm: &crate::model::Crm, lang: Lang, now: chrono::DateTime<chrono::Utc>) -> AnyView {
    use crate::model::sla::SlaState;
    use crate::model::ticket::TicketSla;
    let open = crm.open_tickets(now, &web::offset_cache());
    let states = [SlaState::Breached, SlaState::AtRisk, SlaState::OnTrack];
    let counts = states
        .iter()
        .map(|s| {
            let n = open.iter().filter(|(_, sla)| sla.as_ref().map(TicketSla::state) == Some(*s)).count();
            let code = crate::ui::pages::tickets::sla_code(*s);
            let href = crate::ui::routes::query_href("/tickets", &[("status", "active"), ("sla", code)]);
            view! {
                <li class=format!("sla-count sla-{code}")><a href=link(href)><strong>{n}</strong>" "{lang.t(i18n::sla_state(*s))}</a></li>
            }
        })
        .collect_view();
    let items = open
        .iter()
        .take(BLOCK_MAX)
        .map(|(t, sla)| {
            let due = sla.as_ref().and_then(TicketSla::next_due).map(|d| format_datetime(lang, d, web::offset_at(d)));
            view! {
                <li>
                    <a href=link(record_href(Kind::Ticket, t.id))>{t.name()}</a>
                    {sla.as_ref().map(|s| crate::ui::pages::tickets::sla_badge(lang, s.state()))}
                    <span class="sub when">{due}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="card dash-block" id="dash-support">
            <h2><a href=link("/tickets?status=active")>{lang.t(T::Support)}</a></h2>
            {if open.is_empty() { nothing(lang) } else { view! { <ul class="sla-counts">{counts}</ul><ul class="plain-list">{items}</ul> }.into_any() }}
            {more(lang, open.len(), "/tickets?status=active")}
        </section>
    }
    .into_any()
}

fn activity_item(crm: &crate::model::Crm, lang: Lang, a: &Activity, overdue: bool) -> impl IntoView {
    let when = a.at.map(|t| format_datetime(lang, t, web::offset_at(t))).unwrap_or_default();
    let toggle = (a.kind == crate::model::ActivityKind::Task).then(|| task_toggle(a));
    view! {
        <li class="item activity" class:overdue=overdue data-id=a.id.to_string()>
            {toggle}
            <div class="item-body">
                <div class="item-head">
                    <a class="item-title" href=link(record_href(Kind::Activity, a.id))>{a.title()}</a>
                    <time>{when}</time>
                </div>
                <p class="item-links">{linked_records(crm, a.id, None)}</p>
            </div>
        </li>
    }
}

#[component]
pub fn DashboardPage() -> impl IntoView {
    let app = use_app();
    let body = move || {
        let lang = app.lang.get();
        let now = app.now.get();
        let me = app.me.get();
        let stages = app.pipeline();
        app.read_all(|crm| {
            let env = Env { now, offset_minutes: web::offset_at(now), zone: None, me, stages: &stages };
            let d = dashboard(crm, &env);

            let tasks_n = d.overdue.len() + d.today.len();
            let tasks = if tasks_n == 0 {
                nothing(lang)
            } else {
                let items = d
                    .overdue
                    .iter()
                    .map(|a| (a, true))
                    .chain(d.today.iter().map(|a| (a, false)))
                    .take(BLOCK_MAX)
                    .map(|(a, overdue)| activity_item(crm, lang, a, overdue))
                    .collect_view();
                view! { <ol class="items">{items}</ol> }.into_any()
            };

            let meetings = if d.meetings.is_empty() {
                nothing(lang)
            } else {
                let items = d.meetings.iter().take(BLOCK_MAX).map(|a| activity_item(crm, lang, a, false)).collect_view();
                view! { <ol class="items">{items}</ol> }.into_any()
            };

            let pipeline = {
                let open: Vec<_> = d
                    .pipeline
                    .rows
                    .iter()
                    .filter(|row| matches!(row[0].value, Value::Label(Label::Stage(id)) if stages.iter().any(|s| s.id == id && s.is_open())))
                    .chain(d.pipeline.total.as_ref())
                    .map(|row| {
                        let cells: Vec<String> = row.iter().map(|c| i18n::report_value(crm, lang, &stages, &c.value)).collect();
                        let total = matches!(row[0].value, Value::Label(Label::OpenTotal));
                        view! {
                            <tr class:total=total>
                                <th scope="row">{cells[0].clone()}</th>
                                <td class="num">{cells[1].clone()}</td>
                                <td class="num">{cells[2].clone()}</td>
                                <td class="num">{cells[3].clone()}</td>
                            </tr>
                        }
                    })
                    .collect_view();
                view! {
                    <div class="table-scroll">
                        <table class="report-table compact" id="dash-pipeline-table">
                            <thead><tr>
                                <th scope="col">{lang.t(T::Stage)}</th>
                                <th scope="col" class="num">{lang.t(T::ColDeals)}</th>
                                <th scope="col" class="num">{lang.t(T::FieldValue)}</th>
                                <th scope="col" class="num">{lang.t(T::WeightedValue)}</th>
                            </tr></thead>
                            <tbody>{open}</tbody>
                        </table>
                    </div>
                }
                .into_any()
            };

            let dormant_n = d.dormant.len();
            let dormant = if dormant_n == 0 {
                nothing(lang)
            } else {
                let items = d
                    .dormant
                    .iter()
                    .take(BLOCK_MAX)
                    .map(|l| {
                        let name = crm.contact(l.contact).map(|c| c.full_name()).unwrap_or_default();
                        let org = crm.contact(l.contact).and_then(|c| c.organization_id).and_then(|o| crm.organization(o)).map(|o| o.name.clone());
                        let last = match l.last {
                            Some(t) => format_date(lang, i18n::local_date(t, web::offset_at(t))),
                            None => lang.t(T::SilenceNever).to_string(),
                        };
                        view! {
                            <li>
                                <a href=link(record_href(Kind::Contact, l.contact))>{name}</a>
                                {org.map(|o| view! { <span class="sub">{o}</span> })}
                                <span class="sub when">{last}</span>
                            </li>
                        }
                    })
                    .collect_view();
                view! { <ul class="plain-list">{items}</ul> }.into_any()
            };

            let deadlines = if d.deadlines.is_empty() {
                nothing(lang)
            } else {
                let items = d
                    .deadlines
                    .iter()
                    .take(BLOCK_MAX)
                    .map(|(day, dl)| {
                        let (what, href, name) = match dl {
                            Deadline::Submission(o) => (T::DeadlineSubmission, record_href(Kind::Opportunity, o.id), o.name.clone()),
                            Deadline::Close(o) => (T::DeadlineClose, record_href(Kind::Opportunity, o.id), o.name.clone()),
                            Deadline::QuoteValid(q) => (T::DeadlineQuote, record_href(Kind::Quote, q.id), q.number.clone()),
                        };
                        view! {
                            <li>
                                <time>{format_date(lang, *day)}</time>
                                <a href=link(href)>{name}</a>
                                <span class="sub">{lang.t(what)}</span>
                            </li>
                        }
                    })
                    .collect_view();
                view! { <ul class="plain-list">{items}</ul> }.into_any()
            };

            let after_sale_n = d.after_sale.len();
            let after_sale = if d.after_sale.is_empty() {
                nothing(lang)
            } else {
                let items = d
                    .after_sale
                    .iter()
                    .take(BLOCK_MAX)
                    .map(|r| {
                        let (title, detail, href) = crate::ui::pages::inbox::describe(crm, lang, r);
                        view! {
                            <li>
                                <a href=link(href)>{title}</a>
                                <span class="sub">{detail}</span>
                            </li>
                        }
                    })
                    .collect_view();
                view! { <ul class="plain-list">{items}</ul> }.into_any()
            };

            let support = support_block(crm, lang, app.now.get());
            view! {
                <div class="dashboard-grid">
                    <section class="card dash-block" id="dash-tasks">
                        <h2><a href=link("/tasks")>{lang.t(T::DashTasks)}</a></h2>
                        {tasks}
                        {more(lang, tasks_n, "/tasks")}
                    </section>
                    <section class="card dash-block" id="dash-meetings">
                        <h2><a href=link("/calendar")>{lang.t(T::DashMeetings)}</a></h2>
                        {meetings}
                        {more(lang, d.meetings.len(), "/calendar")}
                    </section>
                    <section class="card dash-block" id="dash-pipeline">
                        <h2><a href=link("/reports/pipeline-by-stage")>{lang.t(T::DashPipeline)}</a></h2>
                        {pipeline}
                    </section>
                    <section class="card dash-block" id="dash-dormant">
                        <h2><a href=link("/reports/dormant-contacts")>{lang.t(T::DashDormant)}</a></h2>
                        <p class="muted hint">{lang.t(T::DashDormantHint)}</p>
                        {dormant}
                        {more(lang, dormant_n, "/reports/dormant-contacts")}
                    </section>
                    <section class="card dash-block" id="dash-deadlines">
                        <h2>{lang.t(T::DashDeadlines)}</h2>
                        {deadlines}
                    </section>
                    {support}
                    <section class="card dash-block" id="dash-after-sale">
                        <h2><a href=link("/contracts")>{lang.t(T::AfterSale)}</a></h2>
                        {after_sale}
                        {more(lang, after_sale_n, "/inbox")}
                    </section>
                </div>
            }
        })
    };
    view! {
        <div class="page dashboard-page">
            <header class="page-head">
                <h1>{move || app.t(T::NavDashboard)}</h1>
                <a class="button" href=link("/reports") id="all-reports">{move || app.t(T::AllReports)}</a>
            </header>
            // An empty database has nothing to count: the ways to start instead.
            {move || if app.read_all(|c| c.has_customer_data()) { body().into_any() } else { view! { <GettingStarted /> }.into_any() }}
        </div>
    }
}

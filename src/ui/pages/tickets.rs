//! Tickets: the list sorted by the nearest SLA due time (mine or all, by
//! status, priority, SLA state and organization, in the URL), and a
//! ticket's page: its status set in place, the SLA explained (each goal's
//! due time, the working time used and paused, the status history), the
//! organization's after-sale card beside it.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use uuid::Uuid;

use crate::i18n::{self, format_datetime, format_minutes, Lang, T};
use crate::model::contract::SlaPriority;
use crate::model::ops::support::TermsFrom;
use crate::model::sla::SlaState;
use crate::model::ticket::{Ticket, TicketSla, TicketStatus};
use crate::model::{Crm, Kind, Target};
use crate::ui::pages::contracts::calendar_text;
use crate::ui::routes::link;
use crate::ui::routes::{edit_href, param_id, record_href};
use crate::ui::state::{use_app, App};
use crate::ui::widgets::after_sale::AfterSaleCard;
use crate::ui::widgets::attachments::AttachmentsCard;
use crate::ui::widgets::confirm::Confirm;
use crate::ui::widgets::list::Ids;
use crate::ui::widgets::list::{column_header, ListFrame, ListTexts, ListUrl};
use crate::ui::widgets::missing::MissingRecord;
use crate::ui::widgets::timeline::{log_buttons, Timeline};
use crate::web;

/// What the list and the page read: tickets, and what their SLA and rows
/// are made of.
pub const READS: &[Kind] = &[Kind::Ticket, Kind::Contract, Kind::Supplier, Kind::Activity, Kind::Link, Kind::Organization, Kind::TeamMember];

fn when(lang: Lang, t: DateTime<Utc>) -> String {
    format_datetime(lang, t, web::offset_at(t))
}

pub fn status_badge(lang: Lang, s: TicketStatus) -> impl IntoView {
    view! { <span class=format!("badge ticket-{}", s.code())>{lang.t(i18n::ticket_status(s))}</span> }
}

pub fn priority_badge(lang: Lang, p: SlaPriority) -> impl IntoView {
    view! { <span class=format!("badge priority-{}", p.code())>{lang.t(i18n::sla_priority(p))}</span> }
}

pub fn sla_badge(lang: Lang, s: SlaState) -> impl IntoView {
    let code = match s {
        SlaState::OnTrack => "on-track",
        SlaState::AtRisk => "at-risk",
        SlaState::Met => "met",
        SlaState::Breached => "breached",
    };
    view! { <span class=format!("badge sla-{code}")>{lang.t(i18n::sla_state(s))}</span> }
}

/// The URL code of an SLA state filter.
pub fn sla_code(s: SlaState) -> &'static str {
    match s {
        SlaState::OnTrack => "on_track",
        SlaState::AtRisk => "at_risk",
        SlaState::Met => "met",
        SlaState::Breached => "breached",
    }
}

/// Each ticket's SLA state and nearest due time at `now` (None: no SLA).
fn sla_table(crm: &Crm, now: DateTime<Utc>) -> HashMap<Uuid, (Option<SlaState>, Option<DateTime<Utc>>)> {
    let offset = web::offset_cache();
    crm.tickets()
        .map(|t| {
            let sla = crm.ticket_sla_brief(t, now, &offset);
            (t.id, (sla.as_ref().map(TicketSla::state), sla.as_ref().and_then(TicketSla::next_due)))
        })
        .collect()
}

#[component]
pub fn TicketsPage() -> impl IntoView {
    let app = use_app();
    let url = ListUrl::new(&["status", "priority", "sla", "organization"]);
    let query = RwSignal::new(String::new());
    // Recomputed as the clock moves (every 30 s) and when records change.
    let slas = Memo::new(move |_| {
        let now = app.now.get();
        app.read(READS, |crm| sla_table(crm, now))
    });
    // Open tickets by the nearest due time, those without one after; then
    // the resolved and closed, newest first.
    let searched = Memo::new(move |_| -> Ids {
        let ids: Vec<Uuid> = {
            let (status, priority, sla, org) = (url.get("status"), url.get("priority"), url.get("sla"), url.get("organization"));
            let org = Uuid::parse_str(&org).ok();
            let q = crate::model::search::Query::new(&query.get());
            slas.with(|table| {
                app.read(READS, |crm| {
                    let mut rows: Vec<_> = crm
                        .tickets()
                        .filter(|t| match status.as_str() {
                            "" => true,
                            "active" => !t.status.is_done(),
                            s => t.status.code() == s,
                        })
                        .filter(|t| priority.is_empty() || t.priority.code() == priority)
                        .filter(|t| org.is_none() || t.organization_id == org)
                        .filter(|t| sla.is_empty() || table.get(&t.id).and_then(|s| s.0).is_some_and(|s| sla_code(s) == sla))
                        .filter(|t| crm.matches(t.id, &q) || t.organization_id.is_some_and(|o| crm.matches(o, &q)))
                        .map(|t| {
                            let due = table.get(&t.id).and_then(|s| s.1);
                            let done = t.status.is_done();
                            (done, due.is_none() || done, if done { None } else { due }, std::cmp::Reverse(t.number.as_str()), t.id)
                        })
                        .collect();
                    rows.sort_unstable();
                    rows.into_iter().map(|r| r.4).collect::<Vec<Uuid>>()
                })
            })
        };
        ids.into()
    });
    let total = Memo::new(move |_| app.read(&[Kind::Ticket], |c| c.count(Kind::Ticket)));
    let row = move |id: Uuid| {
        let lang = app.lang.get();
        let (state, due) = slas.with(|t| t.get(&id).copied().unwrap_or_default());
        app.read(READS, |crm| {
            crm.ticket(id).map(|t| {
                let org = t.organization_id.and_then(|o| crm.organization(o)).map(|o| o.name.clone()).unwrap_or_default();
                view! {
                    <div class="row ticket-row" class:breached=state == Some(SlaState::Breached)>
                        <span class="cell name" role="cell"><a class="row-link" href=link(record_href(Kind::Ticket, id))><strong>{t.name()}</strong><small class="sub">{org}</small></a></span>
                        <span role="cell" class="cell priority">{priority_badge(lang, t.priority)}</span>
                        <span role="cell" class="cell status">{status_badge(lang, t.status)}</span>
                        <span role="cell" class="cell sla">{state.map(|s| sla_badge(lang, s))}</span>
                        <span role="cell" class="cell due">{due.filter(|_| !t.status.is_done()).map(|d| when(lang, d))}</span>
                        <span role="cell" class="cell owner">{crm.member_name(t.assignee_id).to_string()}</span>
                    </div>
                }
            })
        })
    };
    let header = move || {
        view! {
            {column_header("name", T::Ticket)}
            {column_header("priority", T::FieldPriority)}
            {column_header("status", T::FieldStatus)}
            {column_header("sla", T::SlaLabel)}
            {column_header("due", T::NextDue)}
            {column_header("owner", T::FieldAssignee)}
        }
    };
    let filters = move || {
        let lang = app.lang.get();
        let mut statuses = vec![("active", lang.t(T::OpenTickets).to_string())];
        statuses.extend(TicketStatus::ALL.iter().map(|s| (s.code(), lang.t(i18n::ticket_status(*s)).to_string())));
        let org = Uuid::parse_str(&url.get("organization")).ok();
        let org_name = org.and_then(|o| app.read(&[Kind::Organization], |crm| crm.organization(o).map(|x| x.name.clone())));
        view! {
            <span class="segmented" role="group">
                <button type="button" class="button small" id="my-tickets" aria-pressed=move || (url.get("owner") == "me").to_string() on:click=move |_| url.set(&[("owner", "me")])>{lang.t(T::MyTickets)}</button>
                <button type="button" class="button small" id="all-tickets" aria-pressed=move || url.get("owner").is_empty().to_string() on:click=move |_| url.set(&[("owner", "")])>{lang.t(T::AllTickets)}</button>
            </span>
            {url.choice("filter-status", "status", T::FieldStatus, statuses)}
            {url.choice("filter-priority", "priority", T::FieldPriority, SlaPriority::ALL.iter().map(|p| (p.code(), lang.t(i18n::sla_priority(*p)).to_string())).collect())}
            {url.choice("filter-sla", "sla", T::SlaState, [SlaState::Breached, SlaState::AtRisk, SlaState::OnTrack, SlaState::Met].iter().map(|s| (sla_code(*s), lang.t(i18n::sla_state(*s)).to_string())).collect())}
            {org_name.map(|n| view! {
                <span class="chip" id="filter-organization">{n}" "
                    <button type="button" class="link" aria-label=lang.t(T::ClearFilters) on:click=move |_| url.set(&[("organization", "")])>"×"</button>
                </span>
            })}
        }
    };
    view! {
        <ListFrame
            texts=ListTexts {
                title: T::NavTickets,
                new_href: crate::ui::routes::REPORT_PROBLEM,
                new_label: T::ReportProblem,
                search_hint: T::SearchTicketsHint,
                empty: T::NoTicketsYet,
                table_class: "tickets-table",
                csv: Some(crate::ui::csv_export::TICKETS),
                bulk: Some(Kind::Ticket),
            }
            url=url
            query=query
            visible=searched
            total=total
            header=header
            row=row
            filters=filters
            actions=move || view! {
                <button type="button" class="button" id="due-dates-ics" on:click=move |_| download_due_dates(app)>{move || app.t(T::DueDatesIcs)}</button>
            }
        />
    }
}

/// The tickets about a delivered item or under a contract (what was
/// already solved, what is open), and "Report a problem" about it.
pub fn tickets_card(crm: &Crm, lang: Lang, about: Target) -> AnyView {
    let rows: Vec<AnyView> = crm.tickets_of(about.id).into_iter().map(|t| crate::ui::widgets::after_sale::ticket_item(lang, t)).collect();
    let href = crate::ui::routes::new_from_href(Kind::Ticket, about);
    view! {
        <section class="card" id="tickets-card">
            <h2>{lang.t(T::NavTickets)}</h2>
            {if rows.is_empty() { view! { <p class="muted">{lang.t(T::NoTicketsYet)}</p> }.into_any() } else { view! { <ul class="plain">{rows}</ul> }.into_any() }}
            <p class="actions"><a class="button small" id="report-about" href=link(href)>{lang.t(T::ReportProblem)}</a></p>
        </section>
    }
    .into_any()
}

/// Downloads the SLA due times and cancel-by days to come as a calendar
/// file with reminders.
pub fn download_due_dates(app: App) {
    let lang = app.lang.get_untracked();
    let texts = crate::ical::AfterSaleTexts {
        first_response: lang.t(T::SlaFirstResponse).to_string(),
        resolution: lang.t(T::SlaResolution).to_string(),
        cancel_by: lang.t(T::FieldCancelBy).to_string(),
    };
    let now = web::now();
    let text = app.read_untracked(|crm| {
        let items = crate::ical::after_sale(crm, now, &web::offset_cache(), &texts);
        (!items.is_empty()).then(|| crate::ical::calendar(&items, now))
    });
    match text {
        Some(t) => {
            if let Err(e) = web::download("vizitka-due-dates.ics", "text/calendar;charset=utf-8", t.as_bytes()) {
                app.error(e);
            }
        }
        None => app.info(lang.t(T::NothingUpcoming)),
    }
}

/// Sets a ticket's status now (its log gets the change).
fn set_status(app: App, id: Uuid, status: TicketStatus) {
    app.act(move |crm, ctx| {
        let Some(t) = crm.ticket(id).cloned() else { return Ok(Vec::new()) };
        crm.save_ticket(Ticket { status, ..t }, ctx)
    });
}

/// The SLA card: where the terms come from, each goal (target, due time,
/// working time used, state), the pauses and the status history, so the
/// arithmetic can be checked.
fn sla_card(crm: &Crm, lang: Lang, t: &Ticket, now: DateTime<Utc>) -> AnyView {
    let offset = web::offset_cache();
    let (Some((terms, from)), Some(sla)) = (crm.sla_terms(t), crm.ticket_sla(t, now, &offset)) else {
        return view! { <section class="card" id="sla"><h2>{lang.t(T::SlaLabel)}</h2><p class="muted" id="sla-none">{lang.t(T::SlaNoTerms)}</p></section> }
            .into_any();
    };
    let source = match from {
        TermsFrom::Contract(c) => {
            let name = crm.contract(c).map(|c| c.name()).unwrap_or_default();
            view! { <a href=link(record_href(Kind::Contract, c))>{i18n::fill(lang.t(T::SlaFromContract), &[("name", &name)])}</a> }.into_any()
        }
        TermsFrom::Defaults => view! { <a href=link("/settings#sla-defaults")>{lang.t(T::SlaFromDefaults)}</a> }.into_any(),
    };
    let paused_now = t.status.is_paused();
    let goals = sla
        .goals
        .iter()
        .map(|g| {
            let due = match (g.met, g.due) {
                (Some(m), _) => i18n::fill(lang.t(T::SlaMetAt), &[("time", &when(lang, m))]),
                (None, Some(d)) if g.state == SlaState::Breached => i18n::fill(lang.t(T::SlaWasDue), &[("time", &when(lang, d))]),
                (None, Some(d)) => i18n::fill(lang.t(T::SlaDue), &[("time", &when(lang, d))]),
                (None, None) => lang.t(T::SlaPausedNow).to_string(),
            };
            view! {
                <tr id=format!("sla-{}", g.goal.code())>
                    <th scope="row" class="goal">{lang.t(i18n::sla_goal(g.goal))}</th>
                    <td class="num terms">{format_minutes(g.minutes)}</td>
                    <td class="due">{due}</td>
                    <td class="num used">{format!("{} / {}", format_minutes(g.used), format_minutes(g.minutes))}</td>
                    <td class="state">{sla_badge(lang, g.state)}</td>
                </tr>
            }
        })
        .collect_view();
    let pauses = sla
        .pauses
        .iter()
        .map(|p| {
            let end = p.end.map(|e| when(lang, e)).unwrap_or_else(|| lang.t(T::SlaPausedNow).to_string());
            view! { <li class="pause">{format!("{} – {end}", when(lang, p.start))}</li> }
        })
        .collect_view();
    let history = t
        .statuses
        .iter()
        .map(|s| view! { <li class=if s.status.is_paused() { "paused" } else { "" }><time>{when(lang, s.at)}</time>" "{status_badge(lang, s.status)}</li> })
        .collect_view();
    view! {
        <section class="card" id="sla">
            <h2>{lang.t(T::SlaLabel)}" "{sla_badge(lang, sla.state())}</h2>
            <p class="muted">{source}" · "{calendar_text(lang, terms.calendar)}</p>
            {paused_now.then(|| view! { <p class="notice-inline" id="sla-paused">{lang.t(T::SlaPausedNow)}</p> })}
            <div class="table-wrap"><table class="items sla-goals">
                <thead><tr><th></th><th class="num">{lang.t(T::SlaTerms)}</th><th>{lang.t(T::NextDue)}</th><th class="num">{lang.t(T::SlaUsed)}</th><th>{lang.t(T::SlaState)}</th></tr></thead>
                <tbody>{goals}</tbody>
            </table></div>
            <p id="sla-paused-total">{format!("{}: {}", lang.t(T::SlaPaused), format_minutes(sla.paused_minutes))}</p>
            <ul class="plain sla-pauses">{pauses}</ul>
            <h3>{lang.t(T::StatusHistory)}</h3>
            <ol class="sla-timeline" id="status-history">{history}</ol>
        </section>
    }
    .into_any()
}

#[component]
pub fn TicketPage() -> impl IntoView {
    let app = use_app();
    let Some(id) = param_id("id") else { return view! { <MissingRecord back="/tickets" /> }.into_any() };
    let exists = Memo::new(move |_| app.read(&[Kind::Ticket], |c| c.ticket(id).is_some()));
    let org = Memo::new(move |_| app.read(&[Kind::Ticket], |c| c.ticket(id).and_then(|t| t.organization_id)));
    let confirm = RwSignal::new(false);
    let navigate = use_navigate();
    let delete = move || {
        let navigate = navigate.clone();
        app.delete(move |crm, ctx| crm.delete_ticket(id, ctx), move || navigate("/tickets", NavigateOptions::default()));
    };
    let body = move || {
        let lang = app.lang.get();
        let now = app.now.get();
        app.read_all(|crm| {
            let t: Ticket = crm.ticket(id)?.clone();
            let row = |label: T, value: String| (!value.is_empty()).then(|| view! { <dt>{lang.t(label)}</dt><dd class="pre">{value}</dd> });
            let link_row = |label: T, target: Option<Target>| {
                target.filter(|x| crm.exists(*x)).map(|x| view! { <dt>{lang.t(label)}</dt><dd><a href=link(record_href(x.kind, x.id))>{crm.label(x)}</a></dd> })
            };
            let responded = crm.first_response(&t);
            let statuses = TicketStatus::ALL
                .iter()
                .map(|s| view! { <option value=s.code() selected=t.status == *s>{lang.t(i18n::ticket_status(*s))}</option> })
                .collect_view();
            Some(view! {
                <header class="page-head">
                    <div>
                        <h1>{t.name()}</h1>
                        <p class="badges">{status_badge(lang, t.status)}" "{priority_badge(lang, t.priority)}" "<span class="badge">{lang.t(i18n::ticket_channel(t.channel))}</span>
                            {t.tags.iter().map(|g| view! { " " <span class="tag">{g.clone()}</span> }).collect_view()}</p>
                    </div>
                    <div class="actions">
                        <label class="inline">
                            <span>{lang.t(T::FieldStatus)}</span>
                            <select id="ticket-status" on:change=move |ev| if let Some(s) = TicketStatus::parse(&event_target_value(&ev)) { set_status(app, id, s) }>{statuses}</select>
                        </label>
                        {responded.is_none().then(|| view! {
                            <button type="button" class="button" id="mark-responded" on:click=move |_| app.act(move |crm, ctx| Ok(crm.mark_responded(id, ctx)))>{lang.t(T::MarkResponded)}</button>
                        })}
                        <a class="button" href=link(edit_href(Kind::Ticket, id))>{lang.t(T::Edit)}</a>
                        <button type="button" class="button danger" on:click=move |_| confirm.set(true)>{lang.t(T::Delete)}</button>
                    </div>
                </header>
                {log_buttons(Target::new(Kind::Ticket, id))}
                {sla_card(crm, lang, &t, now)}
                <section class="card">
                    <h2>{lang.t(T::Details)}</h2>
                    <dl class="details">
                        {link_row(T::Organization, t.organization_id.map(Target::organization))}
                        {link_row(T::Contact, t.contact_id.map(Target::contact))}
                        {link_row(T::DeliveredItem, t.delivered_item_id.map(|d| Target::new(Kind::DeliveredItem, d)))}
                        {link_row(T::Contract, t.contract_id.map(|c| Target::new(Kind::Contract, c)))}
                        {row(T::FieldCategory, t.category.clone())}
                        {row(T::FieldAssignee, crm.member_name(t.assignee_id).to_string())}
                        {row(T::FieldCreated, when(lang, t.created_at))}
                        {row(T::SlaFirstResponse, responded.map(|r| when(lang, r)).unwrap_or_default())}
                        {row(T::FieldDescription, t.description.clone())}
                        {row(T::FieldResolutionText, t.resolution.clone())}
                    </dl>
                </section>
            })
        })
    };
    view! {
        <Show when=move || exists.get() fallback=|| view! { <MissingRecord back="/tickets" /> }>
            <div class="page detail-page ticket-page">
                {body}
                {move || org.get().map(|o| view! { <AfterSaleCard organization=o /> })}
                <AttachmentsCard kind=Kind::Ticket id=id />
                <Timeline id=id />
            </div>
        </Show>
        <Confirm open=confirm message=Signal::derive(move || app.t(T::ConfirmDeleteTicket).to_string()) confirm_label=T::Delete on_confirm=delete.clone() />
    }
    .into_any()
}

//! An organization's after-sale card: its projects, handover protocols,
//! delivered items (with where their warranty stands), contracts and
//! tickets in one screen: what was delivered to it, when, under which
//! terms, and what was already solved.

use leptos::prelude::*;
use uuid::Uuid;

use crate::i18n::{self, T};
use crate::model::{Kind, Target};
use crate::ui::routes::link;
use crate::ui::routes::{new_from_href, query_href, record_href, REPORT_PROBLEM};
use crate::ui::state::use_app;

/// What the card reads.
const READS: &[Kind] = &[Kind::Project, Kind::Handover, Kind::DeliveredItem, Kind::Contract, Kind::Ticket];

/// Tickets shown: the open ones and the latest solved, up to this many.
const TICKETS_SHOWN: usize = 8;

#[component]
pub fn AfterSaleCard(organization: Uuid) -> impl IntoView {
    let app = use_app();
    let from = Target::organization(organization);
    move || {
        let lang = app.lang.get();
        let today = app.today();
        app.read(READS, |crm| {
            let projects = crm.projects_of(organization);
            let handovers = crm.handovers_of(organization);
            let items = crm.delivered_items_of(organization);
            let contracts = crm.contracts_of(organization);
            let mut tickets = crm.tickets_of(organization);
            // Open first, each group newest first (the list is by number, newest first).
            tickets.sort_by_key(|t| t.status.is_done());
            tickets.truncate(TICKETS_SHOWN);
            let empty = projects.is_empty() && handovers.is_empty() && items.is_empty() && contracts.is_empty() && tickets.is_empty();
            let group = |title: T, id: &'static str, rows: Vec<AnyView>| {
                (!rows.is_empty()).then(|| view! { <h3>{lang.t(title)}</h3><ul class="plain" id=id>{rows}</ul> })
            };
            let projects: Vec<AnyView> = projects
                .into_iter()
                .map(|p| {
                    view! {
                        <li><a href=link(record_href(Kind::Project, p.id))>{p.name.clone()}</a>" "
                        <span class=format!("badge project-{}", p.status.code())>{lang.t(i18n::project_status(p.status))}</span>
                        {p.is_late(today).then(|| view! { " " <span class="badge overdue">{lang.t(T::Late)}</span> })}</li>
                    }
                    .into_any()
                })
                .collect();
            let handovers: Vec<AnyView> = handovers
                .into_iter()
                .map(|h| {
                    view! {
                        <li><a href=link(record_href(Kind::Handover, h.id))>{h.number.clone()}</a>" "
                        <span class=format!("badge handover-{}", h.result.code())>{lang.t(i18n::handover_result(h.result))}</span>" "
                        <small class="sub">{i18n::format_date(lang, h.signed.as_ref().map_or(h.date, |s| s.on))}</small></li>
                    }
                    .into_any()
                })
                .collect();
            let items: Vec<AnyView> = items
                .into_iter()
                .map(|d| {
                    let state = d.warranty_state(today);
                    view! {
                        <li class="delivered-item">
                            <a href=link(record_href(Kind::DeliveredItem, d.id))>{d.name.clone()}</a>
                            {(!d.serials.is_empty()).then(|| view! { " " <small class="sub serials">{d.serials.join(", ")}</small> })}
                            " "<small class="sub">{format!("{} {}", lang.t(T::FieldDeliveredOn), i18n::format_date(lang, d.delivered_on))}</small>
                            " "<span class=format!("badge warranty-{}", state.code())>{lang.t(i18n::warranty_state(state))}</span>
                            {d.warranty_until.map(|w| view! { " " <small class="sub warranty-until">{format!("{} {}", lang.t(T::FieldWarrantyUntil), i18n::format_date(lang, w))}</small> })}
                        </li>
                    }
                    .into_any()
                })
                .collect();
            let contracts: Vec<AnyView> = contracts
                .into_iter()
                .map(|c| {
                    view! {
                        <li><a href=link(record_href(Kind::Contract, c.id))>{c.name()}</a>" "
                        <span class=format!("badge contract-{}", c.state.code())>{lang.t(i18n::contract_state(c.state))}</span>
                        {c.cancel_by(today).map(|d| view! { " " <small class="sub">{format!("{} {}", lang.t(T::FieldCancelBy), i18n::format_date(lang, d))}</small> })}</li>
                    }
                    .into_any()
                })
                .collect();
            let tickets: Vec<AnyView> = tickets.into_iter().map(|t| ticket_item(lang, t)).collect();
            let report = query_href(REPORT_PROBLEM, &[("organization", &organization.to_string())]);
            view! {
                <section class="card after-sale" id="after-sale">
                    <h2>{lang.t(T::AfterSale)}</h2>
                    {empty.then(|| view! { <p class="muted">{lang.t(T::AfterSaleEmpty)}</p> })}
                    {group(T::NavProjects, "after-sale-projects", projects)}
                    {group(T::NavHandovers, "after-sale-handovers", handovers)}
                    {group(T::DeliveredItems, "after-sale-items", items)}
                    {group(T::NavContracts, "after-sale-contracts", contracts)}
                    {(!tickets.is_empty()).then(|| {
                        let all = query_href("/tickets", &[("organization", &organization.to_string())]);
                        view! {
                            {group(T::NavTickets, "after-sale-tickets", tickets)}
                            <p><a href=link(all) id="org-tickets">{lang.t(T::AllTickets)}</a></p>
                        }
                    })}
                    <p class="actions">
                        <a class="button small" href=link(new_from_href(Kind::Project, from))>{lang.t(T::NewProjectHere)}</a>
                        <a class="button small" href=link(new_from_href(Kind::Handover, from))>{lang.t(T::NewHandover)}</a>
                        <a class="button small" href=link(new_from_href(Kind::Contract, from))>{lang.t(T::NewContractHere)}</a>
                        <a class="button small" href=link(report)>{lang.t(T::ReportProblem)}</a>
                    </p>
                </section>
            }
        })
    }
}

/// A ticket in a short list: its number and subject, its status, and the
/// first line of how it was solved.
pub fn ticket_item(lang: i18n::Lang, t: &crate::model::ticket::Ticket) -> AnyView {
    view! {
        <li><a href=link(record_href(Kind::Ticket, t.id))>{t.name()}</a>" "
        <span class=format!("badge ticket-{}", t.status.code())>{lang.t(i18n::ticket_status(t.status))}</span>
        {(!t.resolution.is_empty()).then(|| view! { " " <small class="sub">{t.resolution.lines().next().unwrap_or("").to_string()}</small> })}</li>
    }
    .into_any()
}

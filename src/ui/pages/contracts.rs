//! Contracts: the list by what expires next (filtered by kind, state and
//! how soon they expire, in the URL), and a contract's page: its terms,
//! the cancel-by date, SLA, what it covers, and "Renew".

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use uuid::Uuid;

use crate::i18n::{self, Lang, T};
use crate::model::contract::{Contract, ContractKind, ContractState};
use crate::model::ops::delivery::RenewalTexts;
use crate::model::workcal::WorkingCalendar;
use crate::model::{Kind, Target};
use crate::ui::routes::link;
use crate::ui::routes::{edit_href, param_id, record_href};
use crate::ui::state::{use_app, App};
use crate::ui::widgets::attachments::AttachmentsCard;
use crate::ui::widgets::confirm::Confirm;
use crate::ui::widgets::list::Ids;
use crate::ui::widgets::list::{column_header, ListFrame, ListTexts, ListUrl};
use crate::ui::widgets::missing::MissingRecord;
use crate::ui::widgets::timeline::{log_buttons, Timeline};

const SHOWN: &[Kind] = &[Kind::Contract, Kind::Organization, Kind::TeamMember];

fn state_badge(lang: Lang, s: ContractState) -> impl IntoView {
    view! { <span class=format!("badge contract-{}", s.code())>{lang.t(i18n::contract_state(s))}</span> }
}

/// "14 days", "3 months".
pub fn period_text(lang: Lang, p: crate::model::contract::Period) -> String {
    format!("{} {}", p.amount, lang.t(i18n::period_unit(p.unit)))
}

#[component]
pub fn ContractsPage() -> impl IntoView {
    let app = use_app();
    let url = ListUrl::new(&["kind", "state", "within"]);
    let query = RwSignal::new(String::new());
    // What expires next first (by the cancel-by date, else the end);
    // open-ended and finished contracts after.
    let searched = Memo::new(move |_| -> Ids {
        let ids: Vec<Uuid> = {
            let (kind, state) = (url.get("kind"), url.get("state"));
            let within: Option<i64> = url.get("within").parse().ok();
            let today = app.today();
            let q = crate::model::search::Query::new(&query.get());
            app.read(SHOWN, |crm| {
                let mut rows: Vec<_> = crm
                    .contracts()
                    .filter(|c| kind.is_empty() || c.kind.code() == kind)
                    .filter(|c| state.is_empty() || c.state.code() == state)
                    .filter(|c| crm.matches(c.id, &q) || crm.organization(c.organization_id).is_some_and(|o| crm.matches(o.id, &q)))
                    .filter_map(|c| {
                        let next = c.cancel_by(today).filter(|d| *d >= today).or(c.term_end(today));
                        if let Some(days) = within {
                            if !c.is_live() || next.is_none_or(|n| (n - today).num_days() > days) {
                                return None;
                            }
                        }
                        Some((!c.is_live(), next.is_none(), next, crm.sort_key(c.id), c.id))
                    })
                    .collect();
                rows.sort_unstable();
                rows.into_iter().map(|r| r.4).collect::<Vec<Uuid>>()
            })
        };
        ids.into()
    });
    let total = Memo::new(move |_| app.read(&[Kind::Contract], |c| c.count(Kind::Contract)));
    let row = move |id: Uuid| {
        let lang = app.lang.get();
        let today = app.today();
        app.read(SHOWN, |crm| {
            crm.contract(id).map(|c| {
                let org = crm.organization(c.organization_id).map(|o| o.name.clone()).unwrap_or_default();
                let cancel_by = c.cancel_by(today);
                let soon = c.is_live() && cancel_by.is_some_and(|d| d >= today && (d - today).num_days() <= 30);
                view! {
                    <div class="row contract-row">
                        <span class="cell name" role="cell"><a class="row-link" href=link(record_href(Kind::Contract, id))><strong>{c.name()}</strong><small class="sub">{org}</small></a></span>
                        <span role="cell" class="cell kind">{lang.t(i18n::contract_kind(c.kind))}</span>
                        <span role="cell" class="cell status">{state_badge(lang, c.state)}</span>
                        <span role="cell" class="cell end">{c.term_end(today).map(|d| i18n::format_date(lang, d)).unwrap_or_else(|| lang.t(T::OpenEnded).to_string())}</span>
                        <span role="cell" class="cell cancel-by" class:soon=soon>{cancel_by.map(|d| i18n::format_date(lang, d))}</span>
                        <span role="cell" class="cell value">{(c.value != 0).then(|| format!("{} / {}", i18n::format_money(lang, c.value, &c.currency), lang.t(i18n::billing_period(c.billing))))}</span>
                    </div>
                }
            })
        })
    };
    let header = move || {
        view! {
            {column_header("name", T::FieldName)}
            {column_header("kind", T::FieldContractKind)}
            {column_header("status", T::FieldStatus)}
            {column_header("end", T::FieldEnd)}
            {column_header("cancel-by", T::FieldCancelBy)}
            {column_header("value", T::FieldValue)}
        }
    };
    let filters = move || {
        let lang = app.lang.get();
        view! {
            {url.choice("filter-kind", "kind", T::FieldContractKind, ContractKind::ALL.iter().map(|k| (k.code(), lang.t(i18n::contract_kind(*k)).to_string())).collect())}
            {url.choice("filter-state", "state", T::FieldStatus, ContractState::ALL.iter().map(|s| (s.code(), lang.t(i18n::contract_state(*s)).to_string())).collect())}
            {url.choice("filter-within", "within", T::ExpiringWithin, vec![("30", lang.t(T::Days30).to_string()), ("90", lang.t(T::Days90).to_string())])}
        }
    };
    view! {
        <ListFrame
            texts=ListTexts {
                title: T::NavContracts,
                new_href: "/contracts/new",
                new_label: T::NewContract,
                search_hint: T::SearchContractsHint,
                empty: T::NoContractsYet,
                table_class: "contracts-table",
                csv: Some(crate::ui::csv_export::CONTRACTS),
                bulk: Some(Kind::Contract),
            }
            url=url
            query=query
            visible=searched
            total=total
            header=header
            row=row
            filters=filters
        />
    }
}

/// Makes a renewal opportunity for a contract or a delivered item, and
/// opens it.
pub fn renew(app: App, from: Target, navigate: impl Fn(&str, NavigateOptions) + 'static) {
    let lang = app.lang.get_untracked();
    let texts = RenewalTexts { prefix: lang.t(T::RenewalOf).to_string() };
    let defaults = app.default_stages();
    let today = app.today_untracked();
    leptos::task::spawn_local(async move {
        let made = std::cell::Cell::new(None);
        let result = app
            .commit(|crm, ctx| {
                let (id, changes) = crm.renewal(from, &defaults, &texts, today, ctx)?;
                made.set(Some(id));
                Ok(changes)
            })
            .await;
        match (result, made.get()) {
            (Ok(_), Some(id)) => navigate(&record_href(Kind::Opportunity, id), NavigateOptions::default()),
            (Err(e), _) => app.tell_refused(&e.refused()),
            _ => {}
        }
    });
}

/// "Business hours…: Mon, Tue, Wed, Thu, Fri 09:00–17:00" or "24/7".
pub fn calendar_text(lang: Lang, c: WorkingCalendar) -> String {
    match c {
        WorkingCalendar::Always => lang.t(T::SlaAlways).to_string(),
        WorkingCalendar::BusinessHours { days, start, end } => {
            let days: Vec<&str> = (0..7).filter(|i| days & (1 << i) != 0).map(|i| i18n::weekday_name(lang, i)).collect();
            format!("{}: {} {:02}:{:02}–{:02}:{:02}", lang.t(T::SlaBusinessHours), days.join(", "), start / 60, start % 60, end / 60, end % 60)
        }
    }
}

#[component]
pub fn ContractPage() -> impl IntoView {
    let app = use_app();
    let Some(id) = param_id("id") else { return view! { <MissingRecord back="/contracts" /> }.into_any() };
    let exists = Memo::new(move |_| app.read(&[Kind::Contract], |c| c.contract(id).is_some()));
    let confirm = RwSignal::new(false);
    let navigate = use_navigate();
    let delete = {
        let navigate = navigate.clone();
        move || {
            let navigate = navigate.clone();
            app.delete(move |crm, ctx| crm.delete_contract(id, ctx), move || navigate("/contracts", NavigateOptions::default()));
        }
    };
    let renew_now = StoredValue::new_local(move || renew(app, Target::new(Kind::Contract, id), navigate.clone()));
    let body = move || {
        let lang = app.lang.get();
        let today = app.today();
        app.read_all(|crm| {
            let c: Contract = crm.contract(id)?.clone();
            let row = |label: T, value: String| (!value.is_empty()).then(|| view! { <dt>{lang.t(label)}</dt><dd class="pre">{value}</dd> });
            let org = crm.organization(c.organization_id);
            let items = crm
                .delivered_items_of(id)
                .into_iter()
                .map(|d| view! { <li><a href=link(record_href(Kind::DeliveredItem, d.id))>{d.name.clone()}</a>" "<small class="sub">{d.serials.join(", ")}</small></li> })
                .collect_view();
            let projects = c
                .project_ids
                .iter()
                .filter_map(|p| crm.project(*p))
                .map(|p| view! { <li><a href=link(record_href(Kind::Project, p.id))>{p.name.clone()}</a></li> })
                .collect_view();
            let sla = c.sla.as_ref().map(|sla| {
                let rows = sla
                    .targets
                    .iter()
                    .map(|t| {
                        view! {
                            <tr><td>{lang.t(i18n::sla_priority(t.priority))}</td><td class="num">{t.first_response_hours}</td><td class="num">{t.resolution_hours}</td></tr>
                        }
                    })
                    .collect_view();
                view! {
                    <section class="card" id="sla">
                        <h2>{lang.t(T::SlaTerms)}</h2>
                        <p>{calendar_text(lang, sla.calendar)}</p>
                        <div class="table-wrap"><table class="items">
                            <thead><tr><th>{lang.t(T::FieldPriority)}</th><th class="num">{lang.t(T::FieldFirstResponse)}</th><th class="num">{lang.t(T::FieldResolutionTime)}</th></tr></thead>
                            <tbody>{rows}</tbody>
                        </table></div>
                    </section>
                }
            });
            let term_end = c.term_end(today);
            Some(view! {
                <header class="page-head">
                    <div>
                        <h1>{c.name()}</h1>
                        <p class="subtitle">{org.map(|o| view! { <a href=link(record_href(Kind::Organization, o.id))>{o.name.clone()}</a> })}</p>
                        <p class="badges">{state_badge(lang, c.state)}" "<span class="badge">{lang.t(i18n::contract_kind(c.kind))}</span>
                            {c.tags.iter().map(|t| view! { " " <span class="tag">{t.clone()}</span> }).collect_view()}</p>
                    </div>
                    <div class="actions">
                        <button type="button" class="button primary" id="renew" on:click=move |_| renew_now.with_value(|f| f())>{lang.t(T::Renew)}</button>
                        <a class="button" href=link(edit_href(Kind::Contract, id))>{lang.t(T::Edit)}</a>
                        <button type="button" class="button danger" on:click=move |_| confirm.set(true)>{lang.t(T::Delete)}</button>
                    </div>
                </header>
                {log_buttons(Target::new(Kind::Contract, id))}
                <section class="card">
                    <h2>{lang.t(T::Details)}</h2>
                    <dl class="details">
                        {row(T::FieldStart, i18n::format_date(lang, c.start))}
                        {row(T::FieldEnd, term_end.map(|d| i18n::format_date(lang, d)).unwrap_or_else(|| lang.t(T::OpenEnded).to_string()))}
                        {row(T::FieldAutoRenew, if c.auto_renew { period_text(lang, c.renewal) } else { String::new() })}
                        {row(T::FieldNotice, if c.notice.amount == 0 { String::new() } else { period_text(lang, c.notice) })}
                        <dt>{lang.t(T::FieldCancelBy)}</dt><dd id="cancel-by"><strong>{c.cancel_by(today).map(|d| i18n::format_date(lang, d)).unwrap_or_default()}</strong></dd>
                        {row(T::FieldValue, if c.value == 0 { String::new() } else { format!("{} / {}", i18n::format_money(lang, c.value, &c.currency), lang.t(i18n::billing_period(c.billing))) })}
                        {row(T::FieldOwner, crm.member_name(c.owner_id).to_string())}
                        {row(T::FieldNotes, c.notes.clone())}
                    </dl>
                </section>
                {sla}
                <section class="card" id="covers">
                    <h2>{lang.t(T::FieldCovers)}</h2>
                    <ul class="plain">{projects}{items}</ul>
                </section>
                {crate::ui::pages::tickets::tickets_card(crm, lang, Target::new(Kind::Contract, id))}
            })
        })
    };
    view! {
        <Show when=move || exists.get() fallback=|| view! { <MissingRecord back="/contracts" /> }>
            <div class="page detail-page">
                {body}
                <AttachmentsCard kind=Kind::Contract id=id />
                <Timeline id=id />
            </div>
        </Show>
        <Confirm open=confirm message=Signal::derive(move || app.t(T::ConfirmDeleteContract).to_string()) confirm_label=T::Delete on_confirm=delete.clone() />
    }
    .into_any()
}

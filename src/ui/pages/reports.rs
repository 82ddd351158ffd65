//! Reports: the list of them, and one report — filters in the URL, a bar
//! chart, a table whose every number links to the records behind it, and
//! a CSV of exactly the table. The numbers come from `crate::report`.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use uuid::Uuid;

use crate::i18n::{self, Lang, T};
use crate::model::pipeline::Stage;
use crate::model::{Crm, Kind};
use crate::report::{self, By, Cell, Env, Params, Preset, Report, ReportId, Value};
use crate::ui::routes::link;
use crate::ui::routes::{record_href, report_href, report_records_href};
use crate::ui::state::use_app;
use crate::ui::widgets::chart::{Bar, BarChart, ChartData};
use crate::ui::widgets::confirm::Confirm;
use crate::ui::widgets::list::{OwnerSelect, SaveFilter, TagSelect};
use crate::web;

/// The chart in words and one unit: money in the currency with the most.
fn chart_data(crm: &Crm, lang: Lang, stages: &[Stage], id: ReportId, r: &Report) -> ChartData {
    let mut sums: std::collections::BTreeMap<&str, i64> = Default::default();
    for (_, values) in &r.chart.bars {
        for v in values {
            if let Value::Money(a) = v {
                for (c, x) in &a.0 {
                    *sums.entry(c.as_str()).or_default() += x.abs();
                }
            }
        }
    }
    let currency =
        sums.iter().max_by_key(|(_, v)| **v).map(|(c, _)| c.to_string()).unwrap_or_else(|| crate::model::money::DEFAULT_CURRENCY.to_string());
    let number = |v: &Value| match v {
        Value::Count(n) => *n as i64,
        Value::Money(a) => a.get(&currency),
        Value::Percent(p) => i64::from(p.unwrap_or(0)),
        Value::Days(d) => d.unwrap_or(0),
        _ => 0,
    };
    let text = |v: &Value| match v {
        Value::Money(a) => i18n::format_money_whole(lang, a.get(&currency), &currency),
        _ => i18n::report_value(crm, lang, stages, v),
    };
    ChartData {
        title: lang.t(i18n::report_name(id)).to_string(),
        series: r.chart.series.iter().map(|c| i18n::report_column(crm, lang, *c)).collect(),
        bars: r
            .chart
            .bars
            .iter()
            .map(|(label, values)| {
                let nums: Vec<i64> = values.iter().map(number).collect();
                Bar {
                    label: i18n::report_label(crm, lang, stages, *label),
                    total: i18n::format_number(lang, nums.iter().sum(), 0),
                    values: nums,
                    texts: values.iter().map(text).collect(),
                }
            })
            .collect(),
        stacked: r.chart.kind == report::ChartKind::Stacked,
    }
}

/// The report `id` with the URL's params, recomputed when the records,
/// the params or the clock change.
fn computed(id: ReportId, params: Memo<Params>) -> Memo<(Report, Vec<Stage>)> {
    let app = use_app();
    Memo::new(move |_| {
        let stages = app.pipeline();
        let (now, me) = (app.now.get(), app.me.get());
        let offset = web::offset_at(now);
        let p = params.get();
        let r = app.read_all(|crm| {
            let _span = web::Span::start("report");
            let zone = web::offset_cache();
            report::compute(crm, id, &p, &Env { now, offset_minutes: offset, zone: Some(&zone), me, stages: &stages })
        });
        (r, stages)
    })
}

fn report_id() -> Option<ReportId> {
    let params = leptos_router::hooks::use_params_map();
    params.with_untracked(|p| p.get("id")).and_then(|s| ReportId::parse(&s))
}

fn url_params(id: ReportId) -> Memo<Params> {
    let query = use_query_map();
    Memo::new(move |_| query.with(|q| Params::from_query(id, |k| q.get(k))))
}

/// Where a number leads: one record's page, or the list of the records
/// behind it.
fn cell_href(id: ReportId, p: &Params, row: usize, col: usize, cell: &Cell) -> Option<String> {
    match cell.records.as_slice() {
        [] => None,
        [one] => Some(record_href(one.kind, one.id)).filter(|h| !h.is_empty()),
        _ => Some(report_records_href(id, p, row, col)),
    }
}

#[component]
pub fn ReportsPage() -> impl IntoView {
    let app = use_app();
    let groups: [(T, &[ReportId]); 4] = [
        (
            T::NavOpportunities,
            &[ReportId::PipelineByStage, ReportId::PipelineByMonth, ReportId::WinRate, ReportId::LeadsBySource, ReportId::QuotesByStatus],
        ),
        (T::NavStream, &[ReportId::Activities]),
        (T::NavContacts, &[ReportId::ContactsPerOrganization, ReportId::ActiveContacts, ReportId::DormantContacts]),
        (
            T::ReportsAfterSale,
            &[
                ReportId::SlaCompliance,
                ReportId::TicketsByStatus,
                ReportId::TicketsPerOrganization,
                ReportId::TicketsPerItem,
                ReportId::ExpiringPerMonth,
                ReportId::ProjectsOnTime,
                ReportId::Upsell,
            ],
        ),
    ];
    view! {
        <div class="page reports-page">
            <header class="page-head"><h1>{move || app.t(T::NavReports)}</h1></header>
            {groups.into_iter().map(|(title, ids)| view! {
                <section class="card report-group">
                    <h2>{move || app.t(title)}</h2>
                    <ul class="report-list">
                        {ids.iter().map(|id| {
                            let id = *id;
                            view! {
                                <li>
                                    <a href=link(report_href(id, &Params::new(id))) id=format!("report-{}", id.code())>{move || app.t(i18n::report_name(id))}</a>
                                    <p class="muted">{move || app.t(i18n::report_hint(id))}</p>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </section>
            }).collect_view()}
        </div>
    }
}

/// Rows the table shows at first (the CSV always has all).
const ROWS_SHOWN: usize = 200;

#[component]
pub fn ReportPage() -> impl IntoView {
    let Some(id) = report_id() else { return view! { <crate::ui::pages::not_found::NotFound /> }.into_any() };
    view! { <ReportView id=id /> }.into_any()
}

#[component]
fn ReportView(id: ReportId) -> impl IntoView {
    let app = use_app();
    let params = url_params(id);
    let report = computed(id, params);
    let all_rows = RwSignal::new(false);
    let shown = move || if all_rows.get() { usize::MAX } else { ROWS_SHOWN };
    // Only the rows shown are written out (a dormant report at 100,000
    // contacts has most of them).
    let texts = Memo::new(move |_| {
        let lang = app.lang.get();
        let max = shown();
        report.with(|(r, stages)| app.read_all(|crm| i18n::report_texts(crm, lang, stages, r, max)))
    });
    let download = move |_| {
        let lang = app.lang.get_untracked();
        let all = report.with_untracked(|(r, stages)| app.read_untracked(|crm| i18n::report_texts(crm, lang, stages, r, usize::MAX)));
        if let Err(e) = crate::ui::csv_export::download(lang, &format!("report-{}", id.code()), &all) {
            app.error(e);
        }
    };
    let chart = move || {
        let lang = app.lang.get();
        report.with(|(r, stages)| {
            let data = app.read_all(|crm| chart_data(crm, lang, stages, id, r));
            (!r.is_empty()).then(|| view! { <BarChart data=data /> })
        })
    };
    let navigate = use_navigate();
    let table = move || {
        let p = params.get();
        let shown = shown();
        report.with(|(r, _)| {
            texts.with(|t| {
                if r.is_empty() {
                    return view! { <p class="muted" id="report-empty">{app.t(T::ReportEmpty)}</p> }.into_any();
                }
                let cell_view = |row: usize, col: usize, cell: &Cell, text: String| {
                    let numeric = r.columns.get(col).is_some_and(|c| c.is_numeric());
                    let inner = match cell_href(id, &p, row, col, cell) {
                        Some(href) => view! { <a href=link(href)>{text}</a> }.into_any(),
                        None => text.into_any(),
                    };
                    if col == 0 {
                        view! { <th scope="row">{inner}</th> }.into_any()
                    } else {
                        view! { <td class:num=numeric>{inner}</td> }.into_any()
                    }
                };
                let body = r
                    .rows
                    .iter()
                    .enumerate()
                    .take(shown)
                    .map(|(i, row)| {
                        let cells = row.iter().enumerate().map(|(j, c)| cell_view(i, j, c, t[i + 1][j].clone())).collect_view();
                        // The upsell list renews each contract or item in place.
                        let renew = row.first().and_then(|c| c.records.first().copied()).filter(|_| id == ReportId::Upsell).map(|target| {
                            let navigate = navigate.clone();
                            view! { <td><button type="button" class="button small renew" on:click=move |_| crate::ui::pages::contracts::renew(app, target, navigate.clone())>{app.t(T::Renew)}</button></td> }
                        });
                        view! { <tr>{cells}{renew}</tr> }
                    })
                    .collect_view();
                let total = r.total.as_ref().map(|row| {
                    // The total's link names it by `rows.len()`; its text follows the rows shown.
                    let (i, at) = (r.rows.len(), r.rows.len().min(shown) + 1);
                    let cells = row.iter().enumerate().map(|(j, c)| cell_view(i, j, c, t[at][j].clone())).collect_view();
                    view! { <tfoot><tr class="total">{cells}</tr></tfoot> }
                });
                let more = (r.rows.len() > shown).then(|| {
                    let note = app.t(T::RowsShown).replace("{shown}", &shown.to_string()).replace("{total}", &r.rows.len().to_string());
                    view! {
                        <p class="muted rows-shown">{note}" "
                            <button type="button" class="link" id="show-all-rows" on:click=move |_| all_rows.set(true)>{app.t(T::ShowAllRows)}</button>
                        </p>
                    }
                });
                view! {
                    <div class="table-scroll">
                        <table class="report-table" id="report-table">
                            <caption class="visually-hidden">{app.t(i18n::report_name(id))}</caption>
                            <thead><tr>{t[0].iter().zip(&r.columns).map(|(h, c)| view! { <th scope="col" class:num=c.is_numeric()>{h.clone()}</th> }).collect_view()}
                                {(id == ReportId::Upsell).then(|| view! { <th scope="col"><span class="visually-hidden">{app.t(T::Renew)}</span></th> })}</tr></thead>
                            <tbody>{body}</tbody>
                            {total}
                        </table>
                    </div>
                    {more}
                }
                .into_any()
            })
        })
    };
    // "Create a follow-up task for each" (active and dormant contacts).
    let asking = RwSignal::new(false);
    let contacts = move || report.with(|(r, _)| r.rows.iter().filter_map(|row| row.first()?.records.first().map(|t| t.id)).collect::<Vec<Uuid>>());
    let follow_up = move || {
        let ids = contacts();
        let lang = app.lang.get_untracked();
        let title = lang.t(T::BuiltinFollowUpTask).to_string();
        leptos::task::spawn_local(async move {
            let made = std::cell::Cell::new(0);
            let result = app
                .commit(|crm, ctx| {
                    let due = ctx.now + chrono::Duration::days(1);
                    crm.follow_up_tasks(&ids, &title, due, ctx).map(|(changes, n)| {
                        made.set(n);
                        changes
                    })
                })
                .await;
            if result.is_ok() {
                app.info(lang.t(T::FollowUpAllDone).replace("{n}", &made.get().to_string()));
            }
        });
    };
    view! {
        <div class="page report-page" data-report=id.code()>
            <header class="page-head">
                <div>
                    <p class="crumbs"><a href=link("/reports")>{move || app.t(T::AllReports)}</a></p>
                    <h1>{move || app.t(i18n::report_name(id))}</h1>
                    <p class="muted">{move || app.t(i18n::report_hint(id))}</p>
                </div>
                <div class="actions">
                    <button type="button" class="button" id="report-csv" on:click=download>{move || app.t(T::ExportCsv)}</button>
                    {id.uses_thresholds().then(|| view! {
                        <button type="button" class="button" id="follow-up-all" disabled=move || report.with(|(r, _)| r.rows.is_empty()) on:click=move |_| asking.set(true)>
                            {move || app.t(T::FollowUpAll)}
                        </button>
                    })}
                </div>
            </header>
            <ReportFilters id=id params=params />
            <section class="card report-body">
                {chart}
                {table}
            </section>
            <Confirm
                open=asking
                message=Signal::derive(move || app.t(T::FollowUpAllConfirm).replace("{n}", &report.with(|(r, _)| r.rows.len()).to_string()))
                confirm_label=T::FollowUpAll
                on_confirm=follow_up
            />
        </div>
    }
}

/// The filters of a report: period (with custom days), owner, tag,
/// grouping and thresholds, whichever apply; each change is a new URL.
#[component]
fn ReportFilters(id: ReportId, params: Memo<Params>) -> impl IntoView {
    let app = use_app();
    let navigate = StoredValue::new_local(use_navigate());
    let set = move |change: &dyn Fn(&mut Params)| {
        let mut p = params.get_untracked();
        change(&mut p);
        let href = report_href(id, &p);
        navigate.with_value(|n| n(&href, leptos_router::NavigateOptions { replace: true, ..Default::default() }));
    };
    let kind = id.counted_kind();
    let tags = Memo::new(move |_| app.read_all(|crm| crm.tags_of(kind)));
    let date_input = move |key: &'static str, get: fn(&Params) -> Option<chrono::NaiveDate>, put: fn(&mut Params, Option<chrono::NaiveDate>)| {
        view! {
            <label class="inline">
                <span>{move || app.t(if key == "from" { T::DateFrom } else { T::DateTo })}</span>
                <input type="date" id=format!("report-{key}") prop:value=move || params.with(|p| get(p).map(crate::model::time::format_date).unwrap_or_default())
                    on:change=move |ev| {
                        let d = crate::model::time::parse_date(&event_target_value(&ev));
                        set(&|p| put(p, d));
                    } />
            </label>
        }
    };
    let days_input = move |key: &'static str, label: T, get: fn(&Params) -> u32, put: fn(&mut Params, u32)| {
        view! {
            <label class="inline">
                <span>{move || app.t(label)}</span>
                <input type="number" min="1" max=report::THRESHOLD_MAX_DAYS.to_string() id=format!("report-{key}") class="days"
                    prop:value=move || params.with(|p| get(p).to_string())
                    on:change=move |ev| {
                        if let Ok(d) = event_target_value(&ev).trim().parse::<u32>() {
                            let d = d.clamp(1, report::THRESHOLD_MAX_DAYS);
                            set(&|p| put(p, d));
                        }
                    } />
            </label>
        }
    };
    view! {
        <div class="toolbar filters report-filters">
            {id.default_period().is_some().then(|| view! {
                <label class="inline">
                    <span>{move || app.t(T::Period)}</span>
                    <select id="report-period" on:change=move |ev| {
                        if let Some(preset) = Preset::parse(&event_target_value(&ev)) {
                            set(&|p| p.period = report::Period { preset, ..p.period });
                        }
                    }>
                        {Preset::ALL.iter().map(|pr| {
                            let pr = *pr;
                            view! { <option value=pr.code() selected=move || params.with(|p| p.period.preset == pr)>{move || app.t(i18n::period_preset(pr))}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <Show when=move || params.with(|p| p.period.preset == Preset::Custom)>
                    {date_input("from", |p| p.period.from, |p, d| p.period.from = d)}
                    {date_input("to", |p| p.period.to, |p, d| p.period.to = d)}
                </Show>
            })}
            <OwnerSelect id="report-owner" value=Signal::derive(move || params.with(|p| p.owner)) on_change=move |o| set(&|p| p.owner = o) />
            <TagSelect id="report-tag" tags=tags value=Signal::derive(move || params.with(|p| p.tag.clone())) on_change=move |t| set(&|p| p.tag = t.clone()) />
            {(!id.groupings().is_empty()).then(|| view! {
                <label class="inline">
                    <span>{move || app.t(T::GroupBy)}</span>
                    <select id="report-by" on:change=move |ev| {
                        if let Some(b) = By::parse(&event_target_value(&ev)) {
                            set(&|p| p.by = b);
                        }
                    }>
                        {id.groupings().iter().map(|b| {
                            let b = *b;
                            view! { <option value=b.code() selected=move || params.with(|p| p.by == b)>{move || app.t(i18n::report_by(b))}</option> }
                        }).collect_view()}
                    </select>
                </label>
            })}
            {id.uses_thresholds().then(|| view! {
                {days_input("active", T::ActiveWithinDays, |p| p.thresholds.active_days, |p, d| p.thresholds.active_days = d)}
                {days_input("dormant", T::DormantAfterDays, |p| p.thresholds.dormant_days, |p, d| p.thresholds.dormant_days = d)}
            })}
            <SaveFilter href=move || report_href(id, &params.get_untracked()) />
            {(id == ReportId::PipelineByStage).then(|| view! { <p class="muted hint">{move || app.t(T::PeriodByCloseHint)}</p> })}
        </div>
    }
}

/// The records behind one number of a report: the report computed again
/// with the same filters, and the cell's records listed.
#[component]
pub fn ReportRecordsPage() -> impl IntoView {
    let Some(id) = report_id() else { return view! { <crate::ui::pages::not_found::NotFound /> }.into_any() };
    let app = use_app();
    let query = use_query_map();
    let params = url_params(id);
    let report = computed(id, params);
    let at = move || query.with(|q| (q.get("row").and_then(|r| r.parse::<usize>().ok()), q.get("col").and_then(|c| c.parse::<usize>().ok())));
    let records = Memo::new(move |_| match at() {
        (Some(row), Some(col)) => report.with(|(r, _)| r.cell(row, col).map(|c| c.records.clone()).unwrap_or_default()),
        _ => Vec::new(),
    });
    let heading = move || {
        let lang = app.lang.get();
        let (Some(row), Some(col)) = at() else { return String::new() };
        report.with(|(r, stages)| {
            app.read_all(|crm| {
                let row_label = r.cell(row, 0).map(|c| i18n::report_value(crm, lang, stages, &c.value)).unwrap_or_default();
                let column = r.columns.get(col).map(|c| i18n::report_column(crm, lang, *c)).unwrap_or_default();
                format!("{row_label} — {column}")
            })
        })
    };
    let ids = Signal::derive(move || records.with(|r| r.iter().map(|t| t.id).collect::<crate::ui::widgets::list::Ids>()));
    let kind_of = move |rid: Uuid| records.with_untracked(|r| r.iter().find(|t| t.id == rid).map(|t| t.kind)).unwrap_or(Kind::Contact);
    let back = move || report_href(id, &params.get());
    view! {
        <div class="page list-page report-records-page">
            <header class="page-head">
                <div>
                    <p class="crumbs"><a href=move || link(back()) id="back-to-report">{move || format!("← {}", app.t(i18n::report_name(id)))}</a></p>
                    <h1>{heading}</h1>
                    <p class="muted result-count" id="records-count">{move || format!("{} — {}", app.t(T::RecordsBehind), records.with(Vec::len))}</p>
                </div>
            </header>
            <section class="table records-table">
                <crate::ui::widgets::virtual_list::VirtualList
                    ids=ids
                    row_height=44
                    label=Signal::derive(move || app.t(T::RecordsBehind).to_string())
                    row=move |rid: Uuid| {
                        let kind = kind_of(rid);
                        let lang = app.lang.get_untracked();
                        let name = app.read_untracked(|crm| crm.label(crate::model::Target { kind, id: rid }));
                        view! {
                            <div class="row record-row">
                                <a href=link(record_href(kind, rid))>{name}</a>
                                <span class="sub">{lang.t(i18n::record_kind(kind))}</span>
                            </div>
                        }
                    }
                />
            </section>
        </div>
    }
    .into_any()
}

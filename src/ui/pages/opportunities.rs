//! Opportunities: the pipeline as a kanban board (a column per stage with
//! its count and total value; cards move by drag and drop, by the arrow
//! keys, or with a "move to" menu) and the same data as a table. Filters
//! by owner, tag and close month apply to both.

use std::collections::BTreeMap;

use chrono::Datelike;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use uuid::Uuid;

use crate::i18n::{self, T};
use crate::model::opportunity::Opportunity;
use crate::model::pipeline::Stage;
use crate::model::search::Query;
use crate::model::Crm;
use crate::model::Kind;
use crate::ui::routes::{query_href, record_href};
use crate::ui::state::{use_app, App};
use crate::ui::widgets::list::{column_header, RecordTable, SaveFilter};
use crate::ui::widgets::stage_move::{request_move, LostReason, PendingMove};

/// Cards a column shows before "show more": the first screen of a 20,000
/// deal pipeline renders a few hundred cards, not 20,000.
const CARDS_SHOWN: usize = 50;

#[derive(Debug, Clone, Default, PartialEq)]
struct Filters {
    /// "" everyone, "me", or a team member's id.
    owner: String,
    tag: String,
    /// "2026-11" or "".
    month: String,
    query: String,
}

impl Filters {
    fn keeps(&self, crm: &Crm, o: &Opportunity, me: Option<Uuid>, query: &Query) -> bool {
        let owner_ok = match self.owner.as_str() {
            "" => true,
            "me" => me.is_some() && o.owner_id == me,
            id => o.owner_id.map(|x| x.to_string()).as_deref() == Some(id),
        };
        let month_ok = self.month.is_empty() || o.expected_close.is_some_and(|d| format!("{}-{:02}", d.year(), d.month()) == self.month);
        owner_ok && month_ok && (self.tag.is_empty() || o.tags.contains(&self.tag)) && crm.matches(o.id, query)
    }
}

/// One column of the board.
#[derive(Debug, Clone, PartialEq)]
struct Column {
    stage: Stage,
    ids: Vec<Uuid>,
    /// Sum of values per currency.
    totals: BTreeMap<String, i64>,
}

/// Deals in a column: the soonest expected close first, then by name.
fn columns(crm: &Crm, stages: &[Stage], filters: &Filters, me: Option<Uuid>) -> Vec<Column> {
    let _span = crate::web::Span::start("board:columns");
    let query = Query::new(&filters.query);
    let mut by_stage: BTreeMap<Uuid, Vec<&Opportunity>> = stages.iter().map(|s| (s.id, Vec::new())).collect();
    for o in crm.opportunities().filter(|o| filters.keeps(crm, o, me, &query)) {
        if let Some(list) = by_stage.get_mut(&o.stage_id) {
            list.push(o);
        }
    }
    stages
        .iter()
        .map(|s| {
            let mut list = by_stage.remove(&s.id).unwrap_or_default();
            list.sort_by(|a, b| {
                (a.expected_close.is_none(), a.expected_close, crm.sort_key(a.id)).cmp(&(
                    b.expected_close.is_none(),
                    b.expected_close,
                    crm.sort_key(b.id),
                ))
            });
            let mut totals = BTreeMap::new();
            for o in &list {
                *totals.entry(o.currency.clone()).or_insert(0i64) += o.value;
            }
            Column { stage: s.clone(), ids: list.into_iter().map(|o| o.id).collect(), totals }
        })
        .collect()
}

fn focus_card(id: Uuid) {
    // After the move re-renders the card in its new column.
    request_animation_frame(move || {
        if let Some(el) = document().get_element_by_id(&format!("deal-{id}")) {
            use wasm_bindgen::JsCast;
            if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        }
    });
}

/// What the board and the table show: deals with their organization and
/// contact names and owners (a deal is also found by its organization's
/// name). Not activities: logging a call does not rebuild the board.
const SHOWN: &[Kind] = &[Kind::Opportunity, Kind::Organization, Kind::Contact, Kind::TeamMember];

#[component]
pub fn OpportunitiesPage() -> impl IntoView {
    let app = use_app();
    let query_map = use_query_map();
    let table = Memo::new(move |_| query_map.with(|q| q.get("view").as_deref() == Some("table")));
    // The view and the filters live in the URL, so a filtered board can be saved.
    let filters = RwSignal::new(query_map.with_untracked(|p| {
        let get = |k: &str| p.get(k).unwrap_or_default();
        Filters { owner: get("owner"), tag: get("tag"), month: get("month"), query: get("q") }
    }));
    let href = move |table: bool| {
        let f = filters.get_untracked();
        let view = if table { "table" } else { "" };
        query_href("/opportunities", &[("view", view), ("q", &f.query), ("owner", &f.owner), ("tag", &f.tag), ("month", &f.month)])
    };
    let stages = Memo::new(move |_| app.pipeline());
    let pending = RwSignal::new(None::<PendingMove>);
    let board = Memo::new(move |_| {
        let f = filters.get();
        let me = app.me.get();
        let stages = stages.get();
        app.read(SHOWN, |crm| columns(crm, &stages, &f, me))
    });
    let total = Memo::new(move |_| app.read(&[Kind::Opportunity], |c| c.opportunities().count()));
    // The deals shown (filtered), in board order: what "Export CSV" writes.
    let shown = Memo::new(move |_| board.with(|cols| cols.iter().flat_map(|c| c.ids.iter().copied()).collect::<Vec<Uuid>>()));
    let navigate = StoredValue::new_local(use_navigate());
    let go = move |href: String| navigate.with_value(|n| n(&href, NavigateOptions { replace: true, ..Default::default() }));
    Effect::new(move |first: Option<()>| {
        filters.track();
        if first.is_some() {
            go(href(table.get_untracked()));
        }
    });
    let set_view = move |table: bool| go(href(table));
    view! {
        <div class="page board-page" class:list-page=move || table.get()>
            <header class="page-head">
                <h1>{move || app.t(T::NavOpportunities)}</h1>
                <div class="actions">
                    <div class="segmented" role="group" aria-label=move || app.t(T::ViewAs)>
                        <button type="button" class="button small" aria-pressed=move || (!table.get()).to_string() on:click=move |_| set_view(false)>{move || app.t(T::Board)}</button>
                        <button type="button" class="button small" aria-pressed=move || table.get().to_string() on:click=move |_| set_view(true)>{move || app.t(T::Table)}</button>
                    </div>
                    <crate::ui::widgets::list::FileButtons csv=crate::ui::csv_export::OPPORTUNITIES visible=shown />
                    <a class="button primary" href="/opportunities/new">{move || app.t(T::NewOpportunity)}</a>
                </div>
            </header>
            {filter_bar(app, filters, move || href(table.get_untracked()))}
            <Show when=move || total.get() != 0 fallback=move || view! { <p class="empty">{move || app.t(T::NoOpportunitiesYet)}</p> }>
                {move || if table.get() {
                    view! { <OpportunityTable board=board /> }.into_any()
                } else {
                    view! { <Board board=board stages=stages pending=pending /> }.into_any()
                }}
            </Show>
            <LostReason pending=pending />
        </div>
    }
}

fn filter_bar(app: App, filters: RwSignal<Filters>, href: impl Fn() -> String + Copy + Send + Sync + 'static) -> impl IntoView {
    let tags = Memo::new(move |_| {
        app.read(SHOWN, |crm| {
            let mut t: Vec<String> = crm.opportunities().flat_map(|o| o.tags.iter().cloned()).collect();
            t.sort();
            t.dedup();
            t
        })
    });
    let set = move |f: fn(&mut Filters, String)| move |ev: leptos::ev::Event| filters.update(|x| f(x, event_target_value(&ev)));
    view! {
        <div class="toolbar filters">
            <input
                type="search"
                class="search"
                aria-label=move || app.t(T::Search)
                placeholder=move || app.t(T::SearchOpportunitiesHint)
                prop:value=move || filters.with(|f| f.query.clone())
                on:input=set(|f, v| f.query = v)
            />
            <label class="inline">
                <span>{move || app.t(T::FieldOwner)}</span>
                <select id="filter-owner" on:change=set(|f, v| f.owner = v)>
                    <option value="">{move || app.t(T::Everyone)}</option>
                    <option value="me" selected=move || filters.with(|f| f.owner == "me")>{move || app.t(T::Mine)}</option>
                    {move || app.read(SHOWN, |crm| crm.team().into_iter().map(|m| {
                        let id = m.id.to_string();
                        let chosen = id.clone();
                        view! { <option value=id selected=move || filters.with(|f| f.owner == chosen)>{m.name.clone()}</option> }
                    }).collect_view())}
                </select>
            </label>
            <label class="inline">
                <span>{move || app.t(T::FieldTags)}</span>
                <select id="filter-tag" on:change=set(|f, v| f.tag = v)>
                    <option value="">{move || app.t(T::AnyTag)}</option>
                    {move || tags.get().into_iter().map(|t| {
                        let chosen = t.clone();
                        view! { <option value=t.clone() selected=move || filters.with(|f| f.tag == chosen)>{t.clone()}</option> }
                    }).collect_view()}
                </select>
            </label>
            <label class="inline">
                <span>{move || app.t(T::CloseMonth)}</span>
                <input id="filter-month" type="month" prop:value=move || filters.with(|f| f.month.clone()) on:input=set(|f, v| f.month = v) />
            </label>
            <SaveFilter href />
        </div>
    }
}

#[component]
fn Board(board: Memo<Vec<Column>>, stages: Memo<Vec<Stage>>, pending: RwSignal<Option<PendingMove>>) -> impl IntoView {
    let app = use_app();
    let shown = RwSignal::new(BTreeMap::<Uuid, usize>::new());
    let over = RwSignal::new(None::<Uuid>);
    let move_to = move |id: Uuid, stage: Uuid| request_move(app, id, stage, pending, move || focus_card(id));
    // Arrow keys move the focused card to the neighbouring stage.
    let step = move |id: Uuid, by: isize| {
        let list = stages.get_untracked();
        let current = app.read_untracked(|c| c.opportunity(id).map(|o| o.stage_id));
        if let Some(i) = list.iter().position(|s| Some(s.id) == current) {
            let j = i as isize + by;
            if j >= 0 && (j as usize) < list.len() {
                move_to(id, list[j as usize].id);
            }
        }
    };
    let navigate = use_navigate();
    let card = move |id: Uuid| {
        let lang = app.lang.get();
        let navigate = navigate.clone();
        app.read(SHOWN, |crm| {
            let o = crm.opportunity(id)?;
            let org = o.organization_id.and_then(|x| crm.organization(x)).map(|x| x.name.clone()).unwrap_or_default();
            let close = o.expected_close.map(|d| i18n::format_date(lang, d)).unwrap_or_default();
            let options = stages
                .get()
                .into_iter()
                .map(|s| view! { <option value=s.id.to_string() selected=s.id == o.stage_id>{s.name}</option> })
                .collect_view();
            Some(view! {
                <li
                    class="deal-card"
                    id=format!("deal-{id}")
                    tabindex="0"
                    draggable="true"
                    aria-label=o.name.clone()
                    aria-keyshortcuts="ArrowLeft ArrowRight Enter"
                    on:dragstart=move |ev: leptos::ev::DragEvent| {
                        if let Some(dt) = ev.data_transfer() {
                            let _ = dt.set_data("text/plain", &id.to_string());
                            dt.set_effect_allowed("move");
                        }
                    }
                    on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                        // Only the card itself: the menu and the link keep their keys.
                        let on_card = ev.target().zip(ev.current_target()).is_some_and(|(t, c)| t == c);
                        if !on_card {
                            return;
                        }
                        match ev.key().as_str() {
                            "ArrowRight" => { ev.prevent_default(); step(id, 1) }
                            "ArrowLeft" => { ev.prevent_default(); step(id, -1) }
                            "Enter" => navigate(&record_href(Kind::Opportunity, id), NavigateOptions::default()),
                            _ => {}
                        }
                    }
                >
                    <a class="deal-name" href=record_href(Kind::Opportunity, id) tabindex="-1">{o.name.clone()}</a>
                    <span class="sub">{org}</span>
                    <span class="deal-value">{i18n::format_money(lang, o.value, &o.currency)}</span>
                    <span class="sub">{close}</span>
                    <select
                        class="move-to"
                        aria-label=lang.t(T::MoveTo)
                        on:change=move |ev| {
                            if let Ok(stage) = Uuid::parse_str(&event_target_value(&ev)) {
                                move_to(id, stage);
                            }
                        }
                    >
                        {options}
                    </select>
                </li>
            })
        })
    };
    let column_view = move |col: Column| {
        let lang = app.lang.get();
        let sid = col.stage.id;
        let limit = shown.with(|s| s.get(&sid).copied().unwrap_or(CARDS_SHOWN));
        let more = col.ids.len().saturating_sub(limit);
        let cards = col.ids.iter().take(limit).map(|id| card(*id)).collect_view();
        let class = if col.stage.won {
            "column won"
        } else if col.stage.lost {
            "column lost"
        } else {
            "column"
        };
        view! {
            <section
                class=class
                class:drop-target=move || over.get() == Some(sid)
                aria-labelledby=format!("stage-{sid}")
                data-stage=col.stage.name.clone()
                on:dragover=move |ev: leptos::ev::DragEvent| {
                    ev.prevent_default();
                    over.set(Some(sid));
                }
                on:dragleave=move |_| over.set(None)
                on:drop=move |ev: leptos::ev::DragEvent| {
                    ev.prevent_default();
                    over.set(None);
                    if let Some(id) = ev.data_transfer().and_then(|dt| dt.get_data("text/plain").ok()).and_then(|s| Uuid::parse_str(&s).ok()) {
                        move_to(id, sid);
                    }
                }
            >
                <header class="column-head">
                    <h2 id=format!("stage-{sid}")>{col.stage.name.clone()}</h2>
                    <span class="count" aria-label=lang.t(T::Count)>{col.ids.len()}</span>
                    <span class="total">{i18n::format_totals(lang, &col.totals)}</span>
                </header>
                <ul class="cards">{cards}</ul>
                {(more > 0).then(|| view! {
                    <button type="button" class="link more" on:click=move |_| shown.update(|s| { s.insert(sid, limit + CARDS_SHOWN); })>
                        {format!("{} ({more})", lang.t(T::ShowMore))}
                    </button>
                })}
            </section>
        }
    };
    view! {
        <div class="board" role="region" aria-label=move || app.t(T::Board)>
            {move || board.get().into_iter().map(&column_view).collect_view()}
        </div>
        <p class="hint">{move || app.t(T::BoardKeysHint)}</p>
    }
}

#[component]
fn OpportunityTable(board: Memo<Vec<Column>>) -> impl IntoView {
    let app = use_app();
    // Board order: by stage, then as in the column.
    let ids = Memo::new(move |_| board.with(|cols| cols.iter().flat_map(|c| c.ids.iter().copied()).collect::<Vec<Uuid>>()));
    let sel = crate::ui::widgets::selection::Selection::new(ids);
    let row = move |id: Uuid| {
        move || {
            let lang = app.lang.get();
            app.read(SHOWN, |crm| {
                crm.opportunity(id).map(|o| {
                    let org = o.organization_id.and_then(|x| crm.organization(x)).map(|x| x.name.clone()).unwrap_or_default();
                    let stage = crm.stage(o.stage_id).map(|s| s.name.clone()).unwrap_or_default();
                    view! {
                        <div class="row deal-row">
                            <span class="cell name" role="cell"><a class="row-link" href=record_href(Kind::Opportunity, id)><strong>{o.name.clone()}</strong><small class="sub">{org}</small></a></span>
                            <span role="cell" class="cell stage">{stage}</span>
                            <span role="cell" class="cell value">{i18n::format_money(lang, o.value, &o.currency)}</span>
                            <span role="cell" class="cell probability">{format!("{} %", o.probability)}</span>
                            <span role="cell" class="cell close">{o.expected_close.map(|d| i18n::format_date(lang, d)).unwrap_or_default()}</span>
                            <span role="cell" class="cell owner">{crm.member_name(o.owner_id).to_string()}</span>
                        </div>
                    }
                })
            })
        }
    };
    let header = move || {
        view! {
            {column_header("name", T::FieldName)}
            {column_header("stage", T::Stage)}
            {column_header("value", T::FieldValue)}
            {column_header("probability", T::FieldProbability)}
            {column_header("close", T::FieldExpectedClose)}
            {column_header("owner", T::FieldOwner)}
        }
    };
    view! {
        <crate::ui::widgets::selection::BulkBar kind=crate::model::Kind::Opportunity sel csv=Some(crate::ui::csv_export::OPPORTUNITIES) />
        <RecordTable class="deals-table" title=T::NavOpportunities ids=ids header=header row=row select=Some(sel) />
    }
}

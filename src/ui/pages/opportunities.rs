//! Opportunities: the pipeline as a kanban board (a column per stage with
//! its count and total value; cards move by drag and drop, by the arrow
//! keys, or with a "move to" menu) and the same data as a table, both in
//! the shared list frame. Filters by owner, tag, date and close month apply
//! to both.

use std::collections::BTreeMap;

use chrono::Datelike;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use uuid::Uuid;

use crate::i18n::{self, T};
use crate::model::opportunity::Opportunity;
use crate::model::pipeline::Stage;
use crate::model::search::Query;
use crate::model::Crm;
use crate::model::Kind;
use crate::ui::routes::link;
use crate::ui::routes::record_href;
use crate::ui::state::use_app;
use crate::ui::widgets::list::Ids;
use crate::ui::widgets::list::{column_header, Instead, ListFrame, ListTexts, ListUrl};
use crate::ui::widgets::stage_move::{request_move, LostReason, PendingMove};

/// Cards a column shows before "show more": the first screen of a 20,000
/// deal pipeline renders a few hundred cards, not 20,000.
const CARDS_SHOWN: usize = 50;

/// One column of the board.
#[derive(Debug, Clone, PartialEq)]
struct Column {
    stage: Stage,
    ids: Vec<Uuid>,
    /// Sum of values per currency.
    totals: BTreeMap<String, i64>,
}

/// The deals that match the search and the close `month` ("2026-11" or
/// ""), in board order: by stage, then the soonest expected close, then by
/// name. The table lists them so too.
fn board_order(crm: &Crm, stages: &[Stage], month: &str, query: &Query) -> Vec<Uuid> {
    let _span = crate::web::Span::start("board:columns");
    let column: BTreeMap<Uuid, usize> = stages.iter().enumerate().map(|(i, s)| (s.id, i)).collect();
    let in_month = |o: &Opportunity| month.is_empty() || o.expected_close.is_some_and(|d| format!("{}-{:02}", d.year(), d.month()) == month);
    let mut rows: Vec<(usize, bool, Option<chrono::NaiveDate>, &str, Uuid)> = crm
        .opportunities()
        .filter(|o| in_month(o) && crm.matches(o.id, query))
        .filter_map(|o| Some((*column.get(&o.stage_id)?, o.expected_close.is_none(), o.expected_close, crm.sort_key(o.id), o.id)))
        .collect();
    rows.sort_unstable();
    rows.into_iter().map(|r| r.4).collect()
}

/// The board's columns: the deals shown (in board order) by stage.
fn columns(crm: &Crm, stages: &[Stage], ids: &[Uuid]) -> Vec<Column> {
    let mut by_stage: BTreeMap<Uuid, Column> =
        stages.iter().map(|s| (s.id, Column { stage: s.clone(), ids: Vec::new(), totals: BTreeMap::new() })).collect();
    for o in ids.iter().filter_map(|id| crm.opportunity(*id)) {
        if let Some(c) = by_stage.get_mut(&o.stage_id) {
            c.ids.push(o.id);
            *c.totals.entry(o.currency.clone()).or_insert(0i64) += o.value;
        }
    }
    stages.iter().filter_map(|s| by_stage.remove(&s.id)).collect()
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
    // The view (board or table) and the close month are the deals' own
    // filters, in the URL with the owner, tag and date every list has.
    let url = ListUrl::new(&["view", "month"]);
    let table = Memo::new(move |_| url.get("view") == "table");
    let query = RwSignal::new(String::new());
    let stages = Memo::new(move |_| app.pipeline());
    let pending = RwSignal::new(None::<PendingMove>);
    let searched = Memo::new(move |_| -> Ids {
        let ids: Vec<Uuid> = {
            let month = url.get("month");
            let q = Query::new(&query.get());
            let stages = stages.get();
            app.read(SHOWN, |crm| board_order(crm, &stages, &month, &q))
        };
        ids.into()
    });
    let total = Memo::new(move |_| app.read(&[Kind::Opportunity], |c| c.opportunities().count()));
    let row = move |id: Uuid| {
        let lang = app.lang.get();
        app.read(SHOWN, |crm| {
            crm.opportunity(id).map(|o| {
                let org = o.organization_id.and_then(|x| crm.organization(x)).map(|x| x.name.clone()).unwrap_or_default();
                let stage = crm.stage(o.stage_id).map(|s| s.name.clone()).unwrap_or_default();
                view! {
                    <div class="row deal-row">
                        <span class="cell name" role="cell"><a class="row-link" href=link(record_href(Kind::Opportunity, id))><strong>{o.name.clone()}</strong><small class="sub">{org}</small></a></span>
                        <span role="cell" class="cell stage">{stage}</span>
                        <span role="cell" class="cell value">{i18n::format_money(lang, o.value, &o.currency)}</span>
                        <span role="cell" class="cell probability">{format!("{} %", o.probability)}</span>
                        <span role="cell" class="cell close">{o.expected_close.map(|d| i18n::format_date(lang, d)).unwrap_or_default()}</span>
                        <span role="cell" class="cell owner">{crm.member_name(o.owner_id).to_string()}</span>
                    </div>
                }
            })
        })
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
    let actions = move || {
        view! {
            <div class="segmented" role="group" aria-label=move || app.t(T::ViewAs)>
                <button type="button" class="button small" aria-pressed=move || (!table.get()).to_string() on:click=move |_| url.set(&[("view", "")])>{move || app.t(T::Board)}</button>
                <button type="button" class="button small" aria-pressed=move || table.get().to_string() on:click=move |_| url.set(&[("view", "table")])>{move || app.t(T::Table)}</button>
            </div>
        }
    };
    let filters = move || {
        view! {
            <label class="inline">
                <span>{move || app.t(T::CloseMonth)}</span>
                <input id="filter-month" type="month" prop:value=move || url.get("month") on:input=move |ev| url.set(&[("month", &event_target_value(&ev))]) />
            </label>
        }
    };
    let board = Instead {
        when: Signal::derive(move || !table.get()),
        view: std::sync::Arc::new(move |ids| {
            let columns = Memo::new(move |_| {
                let stages = stages.get();
                app.read(SHOWN, |crm| ids.with(|ids| columns(crm, &stages, ids)))
            });
            view! { <Board board=columns stages=stages pending=pending /> }.into_any()
        }),
    };
    view! {
        <ListFrame
            texts=ListTexts {
                title: T::NavOpportunities,
                new_href: "/opportunities/new",
                new_label: T::NewOpportunity,
                search_hint: T::SearchOpportunitiesHint,
                empty: T::NoOpportunitiesYet,
                table_class: "deals-table",
                csv: Some(crate::ui::csv_export::OPPORTUNITIES),
                bulk: Some(Kind::Opportunity),
            }
            url=url
            query=query
            visible=searched
            total=total
            header=header
            row=row
            filters=filters
            actions=actions
            instead=board
        />
        <LostReason pending=pending />
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
                    <a class="deal-name" href=link(record_href(Kind::Opportunity, id)) tabindex="-1">{o.name.clone()}</a>
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

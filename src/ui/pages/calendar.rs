//! The calendar: meetings and tasks by week or by month. Keyboard: the
//! arrow keys move the selected day (a week with up and down), Page Up and
//! Page Down change the week or month, Home goes to today, Enter opens the
//! day's first item. All upcoming meetings and open tasks download as one
//! `.ics` file.

use chrono::{Datelike, Duration, NaiveDate};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::i18n::{self, format_date, Lang, T};
use crate::model::agenda::{calendar_days, month_grid, week_start};
use crate::model::Kind;
use crate::model::{Activity, TaskStatus};
use crate::ui::routes::link;
use crate::ui::routes::record_href;
use crate::ui::state::use_app;
use crate::ui::widgets::timeline::kind_icon;
use crate::web;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum View {
    Week,
    Month,
}

fn day_id(d: NaiveDate) -> String {
    format!("day-{}", crate::model::time::format_date(d))
}

/// One meeting or task in a day cell.
fn entry(lang: Lang, a: &Activity) -> impl IntoView {
    let time = a.at.map(|t| i18n::format_time(t, web::offset_at(t))).unwrap_or_default();
    let icon = kind_icon(a.kind);
    let done = a.status == TaskStatus::Done;
    view! {
        <li class=format!("cal-item kind-{}", a.kind.code()) class:done=done>
            <a href=link(record_href(Kind::Activity, a.id)) tabindex="-1" title=lang.t(i18n::activity_kind(a.kind))>
                <span aria-hidden="true">{icon}" "</span><time>{time}</time>" "{a.title()}
            </a>
        </li>
    }
}

#[component]
pub fn CalendarPage() -> impl IntoView {
    let app = use_app();
    let today = move || i18n::local_date(app.now.get(), web::offset_at(app.now.get()));
    let view_kind = RwSignal::new(View::Week);
    let selected = RwSignal::new(today());
    // The days shown: they change when the selection leaves them, not at
    // every move (a move within them only marks another cell).
    let range = Memo::new(move |_| match view_kind.get() {
        View::Week => {
            let first = week_start(selected.get());
            (first, first + Duration::days(6))
        }
        View::Month => month_grid(selected.get()),
    });
    let range = move || range.get();
    // Keyboard focus follows the selected day as it moves. A move within
    // the days shown only marks another cell; one past them renders new
    // cells, so the focus is set in a microtask, after this tick's
    // rendering (whichever of the grid and this effect runs first) and
    // before the next key arrives.
    let focus_pending = StoredValue::new(false);
    let focus_selected = move || focus_pending.set_value(true);
    Effect::new(move |_| {
        let day = selected.get();
        view_kind.track();
        if focus_pending.get_value() {
            focus_pending.set_value(false);
            queue_microtask(move || {
                if let Some(el) = document().get_element_by_id(&day_id(day)).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
                    let _ = el.focus();
                }
            });
        }
    });
    let shift = move |days: i64| {
        selected.update(|d| *d += Duration::days(days));
        focus_selected();
    };
    let page = move |forward: bool| {
        let step = match view_kind.get_untracked() {
            View::Week => 7,
            View::Month => {
                let d = selected.get_untracked();
                let (first, last) = month_grid(d);
                if forward {
                    (last - d).num_days() + 1
                } else {
                    -((d - first).num_days() + 1)
                }
            }
        };
        shift(step);
    };
    let navigate = leptos_router::hooks::use_navigate();
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let handled = match ev.key().as_str() {
            "ArrowLeft" => Some(-1),
            "ArrowRight" => Some(1),
            "ArrowUp" => Some(-7),
            "ArrowDown" => Some(7),
            _ => None,
        };
        if let Some(days) = handled {
            ev.prevent_default();
            shift(days);
            return;
        }
        match ev.key().as_str() {
            "PageUp" => page(false),
            "PageDown" => page(true),
            "Home" => {
                selected.set(today());
                focus_selected();
            }
            "Enter" => {
                // The day with the focus (a click or Tab may have moved it).
                let focused = document().active_element().and_then(|e| crate::model::time::parse_date(e.id().strip_prefix("day-")?));
                let first = app.read_untracked(|crm| {
                    let d = focused.unwrap_or_else(|| selected.get_untracked());
                    calendar_days(crm, d, d, web::offset_at(app.now.get_untracked())).first().and_then(|(_, l)| l.first().map(|a| a.id))
                });
                if let Some(id) = first {
                    navigate(&record_href(Kind::Activity, id), Default::default());
                }
            }
            _ => return,
        }
        ev.prevent_default();
    };
    let title = move || {
        let lang = app.lang.get();
        let (first, last) = range();
        match view_kind.get() {
            View::Week => format!("{} – {}", format_date(lang, first), format_date(lang, last)),
            View::Month => i18n::format_month(lang, selected.get()),
        }
    };
    let grid = move || {
        let lang = app.lang.get();
        let (first, last) = range();
        // The month a month grid shows: the one its middle day is in.
        let month = (first + Duration::days(15)).month();
        let today = today();
        let is_month = view_kind.get() == View::Month;
        app.read_all(|crm| {
            let days = calendar_days(crm, first, last, web::offset_at(app.now.get()));
            // A grid's cells sit in rows: one a week (laid out by the grid, not by the row).
            days.chunks(7)
                .map(|week| {
                    view! { <div class="cal-week" role="row">{week.iter().map(|(d, list)| {
                        let d = *d;
                        let count = list.len();
                        let shown: Vec<_> = list.iter().take(if is_month { 3 } else { usize::MAX }).map(|a| entry(lang, a)).collect();
                        let more = (is_month && count > 3).then(|| view! { <li class="more">{format!("+{}", count - 3)}</li> });
                        let label = format!("{} {}, {count}", crate::i18n::format_weekday(lang, d), format_date(lang, d));
                        view! {
                            <div
                                class="cal-day"
                                class:today=d == today
                                class:selected=move || selected.get() == d
                                class:other-month=is_month && d.month() != month
                                id=day_id(d)
                                role="gridcell"
                                tabindex=move || if selected.get() == d { "0" } else { "-1" }
                                aria-selected=move || (selected.get() == d).to_string()
                                aria-label=label
                                on:click=move |_| selected.set(d)
                            >
                                <div class="cal-date"><span class="wd">{crate::i18n::format_weekday(lang, d)}</span>" "<span class="dn">{d.day()}</span></div>
                                <ul class="cal-items">{shown}{more}</ul>
                            </div>
                        }
                    }).collect_view()}</div> }
                })
                .collect_view()
        })
    };
    let download_upcoming = move |_| {
        let text = app.read_untracked(|crm| {
            let items = crate::ical::upcoming(crm, web::now());
            (!items.is_empty()).then(|| crate::ical::calendar(&items, web::now()))
        });
        match text {
            Some(t) => {
                if let Err(e) = web::download("vizitka-upcoming.ics", "text/calendar;charset=utf-8", t.as_bytes()) {
                    app.error(e);
                }
            }
            None => app.info(app.lang.get_untracked().t(T::NothingUpcoming)),
        }
    };
    view! {
        <div class="page calendar-page">
            <header class="page-head">
                <h1>{move || app.t(T::NavCalendar)}</h1>
                <div class="actions">
                    <button type="button" class="button" id="download-upcoming" on:click=download_upcoming>{move || app.t(T::DownloadUpcoming)}</button>
                    <button type="button" class="button" id="due-dates-ics" on:click=move |_| crate::ui::pages::tickets::download_due_dates(app)>{move || app.t(T::DueDatesIcs)}</button>
                </div>
            </header>
            <section class="card">
                <div class="toolbar cal-toolbar">
                    <button type="button" class="button small" id="cal-prev" aria-label=move || app.t(T::Previous) on:click=move |_| page(false)>"‹"</button>
                    <button type="button" class="button small" id="cal-today" on:click=move |_| selected.set(today())>{move || app.t(T::DueToday)}</button>
                    <button type="button" class="button small" id="cal-next" aria-label=move || app.t(T::Next) on:click=move |_| page(true)>"›"</button>
                    <h2 id="cal-title" aria-live="polite">{title}</h2>
                    <div class="chips" role="group">
                        <button type="button" class="chip" id="cal-week" class:active=move || view_kind.get() == View::Week aria-pressed=move || (view_kind.get() == View::Week).to_string() on:click=move |_| view_kind.set(View::Week)>{move || app.t(T::Week)}</button>
                        <button type="button" class="chip" id="cal-month" class:active=move || view_kind.get() == View::Month aria-pressed=move || (view_kind.get() == View::Month).to_string() on:click=move |_| view_kind.set(View::Month)>{move || app.t(T::Month)}</button>
                    </div>
                </div>
                <p class="hint">{move || app.t(T::CalendarKeysHint)}</p>
                <div class="cal-grid" class:month=move || view_kind.get() == View::Month role="grid" aria-labelledby="cal-title" on:keydown=on_key>{grid}</div>
            </section>
        </div>
    }
}

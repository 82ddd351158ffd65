//! A project's milestones on a line from its start to its planned end (or
//! the last milestone, if later): planned against done, today's line,
//! overdue ones in red. SVG in integer geometry like the charts; for a
//! screen reader it is an image whose description says it in words.

use chrono::NaiveDate;
use leptos::prelude::*;
use uuid::Uuid;

use crate::i18n::{self, fill, T};
use crate::model::Kind;
use crate::ui::state::use_app;

/// Drawn this wide and scaled to the card: a phone shows it about life
/// size, so its dates stay readable at 360 px.
const WIDTH: i64 = 360;
const PAD: i64 = 16;
const LINE_Y: i64 = 28;
const HEIGHT: i64 = 56;

/// The x of `day` on a line from `from` to `to`.
fn x_of(day: NaiveDate, from: NaiveDate, to: NaiveDate) -> i64 {
    let span = (to - from).num_days().max(1);
    let at = (day - from).num_days().clamp(0, span);
    PAD + at * (WIDTH - 2 * PAD) / span
}

#[component]
pub fn MilestoneStrip(id: Uuid) -> impl IntoView {
    let app = use_app();
    move || {
        let lang = app.lang.get();
        let today = app.today();
        app.read(&[Kind::Project], |crm| {
            let p = crm.project(id)?;
            let plan = p.plan();
            let from = plan.iter().map(|m| m.due).chain([p.start]).min().unwrap_or(p.start);
            let to = plan.iter().map(|m| m.done_on.unwrap_or(m.due).max(m.due)).chain([p.planned_end]).max().unwrap_or(p.planned_end);
            let x = |d: NaiveDate| x_of(d, from, to);
            let overdue = plan.iter().filter(|m| m.is_overdue(today)).count();
            let done = plan.iter().filter(|m| m.done_on.is_some()).count();
            let summary = fill(
                lang.t(T::MilestoneStripSummary),
                &[
                    ("done", &done),
                    ("total", &plan.len()),
                    ("overdue", &overdue),
                    ("start", &i18n::format_date(lang, p.start)),
                    ("end", &i18n::format_date(lang, p.planned_end)),
                ],
            );
            let words = plan
                .iter()
                .map(|m| {
                    let state = if m.done_on.is_some() {
                        lang.t(T::MarkDone)
                    } else if m.is_overdue(today) {
                        lang.t(T::Overdue)
                    } else {
                        ""
                    };
                    format!("{} {} {}", m.name, i18n::format_date(lang, m.due), state).trim().to_string()
                })
                .collect::<Vec<_>>()
                .join("; ");
            let marks = plan
                .iter()
                .map(|m| {
                    let cx = x(m.due);
                    let class = if m.done_on.is_some() {
                        "mark done"
                    } else if m.is_overdue(today) {
                        "mark overdue"
                    } else {
                        "mark planned"
                    };
                    // A milestone done on another day than planned: where it was done.
                    let done_at = m.done_on.filter(|d| *d != m.due).map(|d| {
                        let dx = x(d);
                        view! { <line class="done-shift" x1=cx y1=LINE_Y x2=dx y2=LINE_Y /><circle class="mark done" cx=dx cy=LINE_Y r="4" /> }
                    });
                    let points = format!("{cx},{} {},{LINE_Y} {cx},{} {},{LINE_Y}", LINE_Y - 7, cx + 7, LINE_Y + 7, cx - 7);
                    view! {
                        <g>
                            <title>{format!("{} · {}", m.name, i18n::format_date(lang, m.due))}</title>
                            {done_at}
                            <polygon class=class points=points />
                        </g>
                    }
                })
                .collect_view();
            let tx = x(today.clamp(from, to));
            let near_end = tx > WIDTH - 40;
            let (anchor, dx) = if near_end { ("end", "-4") } else { ("start", "4") };
            let today_line = (today >= from && today <= to).then(|| {
                view! {
                    <line class="today" x1=tx y1="6" x2=tx y2=HEIGHT - 6 />
                    <text class="today-label" x=tx y="12" text-anchor=anchor dx=dx>{lang.t(T::Today)}</text>
                }
            });
            let (sx, ex) = (x(p.start), x(p.planned_end));
            Some(view! {
                <section class="card milestone-strip" id="milestone-strip">
                    <h2 class="visually-hidden">{lang.t(T::MilestoneStrip)}</h2>
                    <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img" aria-label=format!("{summary} {words}") preserveAspectRatio="xMidYMid meet">
                        <line class="axis" x1=PAD y1=LINE_Y x2=WIDTH - PAD y2=LINE_Y />
                        <line class="planned" x1=sx y1=LINE_Y x2=ex y2=LINE_Y />
                        {today_line}
                        {marks}
                        <text class="date" x=PAD y=HEIGHT - 4>{i18n::format_date(lang, from)}</text>
                        <text class="date" x=WIDTH - PAD y=HEIGHT - 4 text-anchor="end">{i18n::format_date(lang, to)}</text>
                    </svg>
                    <p class="strip-summary">{summary}</p>
                </section>
            })
        })
    }
}

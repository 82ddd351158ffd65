//! A record's timeline: its activities and its own changes, newest first,
//! grouped by day, filterable by kind, shown a page at a time (a contact
//! may have thousands of activities; a page renders 50).

use chrono::{DateTime, NaiveDate, Utc};
use leptos::prelude::*;
use uuid::Uuid;

use crate::i18n::{self, format_date, Lang, T};
use crate::model::{Activity, ActivityKind, Crm, HistoryEntry, Kind, Target, TaskStatus};
use crate::ui::routes::link;
use crate::ui::routes::{new_href, record_href};
use crate::ui::state::use_app;
use crate::ui::widgets::history::entry_view;
use crate::web;

/// Items a timeline or the stream shows at first, and adds per "Show more".
pub const PAGE: usize = 50;

/// What a timeline or the stream is filtered to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Filter {
    All,
    Kind(ActivityKind),
    /// Changes of records (the history).
    Changes,
}

impl Filter {
    pub const ALL: [Filter; 7] = [
        Filter::All,
        Filter::Kind(ActivityKind::Email),
        Filter::Kind(ActivityKind::Call),
        Filter::Kind(ActivityKind::Meeting),
        Filter::Kind(ActivityKind::Task),
        Filter::Kind(ActivityKind::Note),
        Filter::Changes,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Filter::All => "all",
            Filter::Kind(k) => k.code(),
            Filter::Changes => "changes",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Filter::All => lang.t(T::FilterAll),
            Filter::Kind(k) => lang.t(i18n::activity_kinds(k)),
            Filter::Changes => lang.t(T::FilterChanges),
        }
    }
}

/// One line of a timeline.
#[derive(Clone, Copy)]
pub enum Item<'a> {
    Activity(&'a Activity),
    Change(&'a HistoryEntry),
}

impl Item<'_> {
    pub fn at(&self) -> DateTime<Utc> {
        match self {
            Item::Activity(a) => a.when(),
            Item::Change(h) => h.at,
        }
    }
}

/// The timeline of `record`, newest first, as `filter` selects.
pub fn items(crm: &Crm, record: Uuid, filter: Filter) -> Vec<Item<'_>> {
    let activities = match filter {
        Filter::Changes => Vec::new(),
        Filter::All => crm.activities_of(record),
        Filter::Kind(k) => crm.activities_of(record).into_iter().filter(|a| a.kind == k).collect(),
    };
    let changes = if matches!(filter, Filter::All | Filter::Changes) { crm.history_of(record) } else { Vec::new() };
    // Both lists are newest first: merge them.
    let mut out = Vec::with_capacity(activities.len() + changes.len());
    let (mut a, mut c) = (activities.into_iter().peekable(), changes.into_iter().peekable());
    loop {
        let take_activity = match (a.peek(), c.peek()) {
            (Some(x), Some(y)) => x.when() >= y.at,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => break,
        };
        out.push(if take_activity { a.next().map(Item::Activity) } else { c.next().map(Item::Change) }.expect("peeked"));
    }
    out
}

/// Filter chips; `counts` is a closure telling how many items each has.
pub fn filter_bar(filter: RwSignal<Filter>, id_prefix: &'static str) -> impl IntoView {
    let app = use_app();
    view! {
        <div class="chips" role="group" aria-label=move || app.t(T::FilterBy)>
            {Filter::ALL.into_iter().map(|f| view! {
                <button
                    type="button"
                    class="chip"
                    id=format!("{id_prefix}-filter-{}", f.code())
                    class:active=move || filter.get() == f
                    aria-pressed=move || (filter.get() == f).to_string()
                    on:click=move |_| filter.set(f)
                >{move || f.label(app.lang.get())}</button>
            }).collect_view()}
        </div>
    }
}

/// The timeline of one organization or contact.
#[component]
pub fn Timeline(id: Uuid) -> impl IntoView {
    let app = use_app();
    let filter = RwSignal::new(Filter::All);
    let shown = RwSignal::new(PAGE);
    Effect::new(move |_| {
        filter.track();
        shown.set(PAGE);
    });
    let total = Memo::new(move |_| app.read_all(|crm| items(crm, id, filter.get()).len()));
    let list = move || {
        let lang = app.lang.get();
        let offset = web::utc_offset_minutes();
        app.read_all(|crm| {
            let all = items(crm, id, filter.get());
            day_groups(
                lang,
                offset,
                all.into_iter().take(shown.get()).map(|item| (item.at(), item_view(crm, lang, offset, item, Some(id)))).collect(),
            )
        })
    };
    view! {
        <section class="card timeline" aria-labelledby="timeline-title">
            <h2 id="timeline-title">{move || app.t(T::Timeline)}</h2>
            {filter_bar(filter, "timeline")}
            {paged("timeline", total, shown, list)}
        </section>
    }
}

/// A list shown a page at a time (`#<id>`, then `#<id>-more` while
/// `total` is more than is `shown`), or "nothing yet" when empty.
pub fn paged<V: IntoView + 'static>(
    id: &'static str,
    total: Memo<usize>,
    shown: RwSignal<usize>,
    list: impl Fn() -> V + Send + Sync + 'static,
) -> impl IntoView {
    let app = use_app();
    let list = StoredValue::new(list);
    view! {
        <Show when=move || { total.get() > 0 } fallback=move || view! { <p class="muted">{move || app.t(T::NothingYet)}</p> }>
            <div id=id>{move || list.with_value(|l| l())}</div>
        </Show>
        <Show when=move || { total.get() > shown.get() }>
            <button type="button" class="button more" id=format!("{id}-more") on:click=move |_| shown.update(|n| *n += PAGE)>
                {move || format!("{} ({})", app.t(T::ShowMore), total.get() - shown.get())}
            </button>
        </Show>
    }
}

/// Views of items (with their time), under a heading per local day.
pub fn day_groups(lang: Lang, offset: i32, items: Vec<(DateTime<Utc>, AnyView)>) -> AnyView {
    let mut groups: Vec<(NaiveDate, Vec<AnyView>)> = Vec::new();
    for (at, view) in items {
        let day = i18n::local_date(at, offset);
        match groups.last_mut() {
            Some((d, list)) if *d == day => list.push(view),
            _ => groups.push((day, vec![view])),
        }
    }
    groups
        .into_iter()
        .map(|(day, list)| {
            view! {
                <section class="day">
                    <h3 class="day-head"><time datetime={crate::model::time::format_date(day)}>{format_date(lang, day)}</time></h3>
                    <ol class="items">{list}</ol>
                </section>
            }
        })
        .collect_view()
        .into_any()
}

/// One timeline or stream line. `context` is the record whose timeline
/// this is (its own name is not repeated among the links).
pub fn item_view(crm: &Crm, lang: Lang, offset: i32, item: Item, context: Option<Uuid>) -> AnyView {
    match item {
        Item::Activity(a) => activity_view(crm, lang, offset, a, context).into_any(),
        Item::Change(h) => view! { <li class="item change">{entry_view(crm, lang, offset, h, context.is_none())}</li> }.into_any(),
    }
}

/// The records an activity concerns, as links (but `except`).
pub fn linked_records(crm: &Crm, activity: Uuid, except: Option<Uuid>) -> impl IntoView {
    crm.targets_of(activity)
        .into_iter()
        .filter(|t| Some(t.id) != except)
        .map(|t| {
            view! { <a class="tag link-tag" href=link(record_href(t.kind, t.id))>{crm.label(t)}</a> }
        })
        .collect_view()
}

fn activity_view(crm: &Crm, lang: Lang, offset: i32, a: &Activity, context: Option<Uuid>) -> impl IntoView {
    let id = a.id;
    let time = i18n::format_time(a.when(), offset);
    let detail = activity_detail(crm, lang, offset, a);
    let done = a.kind == ActivityKind::Task && a.status == TaskStatus::Done;
    let overdue = a.is_open_task() && a.at.is_some_and(|t| t < web::now());
    view! {
        <li class=format!("item activity kind-{}", a.kind.code()) class:done=done class:overdue=overdue data-id=id.to_string()>
            <span class="item-kind" aria-hidden="true">{kind_icon(a.kind)}</span>
            <div class="item-body">
                <div class="item-head">
                    <span class="item-type">{lang.t(i18n::activity_kind(a.kind))}</span>
                    <a class="item-title" href=link(record_href(Kind::Activity, id))>{a.title()}</a>
                    <time datetime={crate::model::time::format(&a.when())}>{time}</time>
                    {(a.kind == ActivityKind::Task).then(|| task_toggle(a))}
                </div>
                {(!detail.is_empty()).then(|| view! { <p class="item-detail">{detail}</p> })}
                <p class="item-links">{linked_records(crm, id, context)}</p>
            </div>
        </li>
    }
}

/// A short line of what matters for the kind.
pub fn activity_detail(crm: &Crm, lang: Lang, offset: i32, a: &Activity) -> String {
    let mut parts: Vec<String> = Vec::new();
    match a.kind {
        ActivityKind::Email => {
            parts.push(lang.t(i18n::direction(a.direction)).to_string());
            if !a.to.is_empty() {
                parts.push(a.to.join(", "));
            }
        }
        ActivityKind::Call => {
            parts.push(lang.t(i18n::direction(a.direction)).to_string());
            if let Some(m) = a.duration_minutes {
                parts.push(format!("{m} min"));
            }
            if !a.outcome.is_empty() {
                parts.push(a.outcome.clone());
            }
        }
        ActivityKind::Meeting => {
            if let Some(end) = a.end {
                parts.push(format!("{}–{}", i18n::format_time(a.when(), offset), i18n::format_time(end, offset)));
            }
            if !a.place.is_empty() {
                parts.push(a.place.clone());
            }
            let names: Vec<String> = a
                .participants
                .iter()
                .map(|p| {
                    let contact = crm.contact(*p).map(|c| c.full_name());
                    contact.unwrap_or_else(|| crm.member_name(Some(*p)).to_string())
                })
                .filter(|n| !n.is_empty())
                .collect();
            if !names.is_empty() {
                parts.push(names.join(", "));
            }
        }
        ActivityKind::Task => {
            parts.push(lang.t(i18n::task_status(a.status)).to_string());
            let who = crm.member_name(a.assignee_id);
            if !who.is_empty() {
                parts.push(who.to_string());
            }
        }
        ActivityKind::Note => {
            if !a.subject.is_empty() {
                parts.push(a.body.chars().take(200).collect());
            }
        }
    }
    parts.join(" · ")
}

pub fn kind_icon(kind: ActivityKind) -> &'static str {
    match kind {
        ActivityKind::Email => "✉",
        ActivityKind::Call => "☎",
        ActivityKind::Meeting => "◷",
        ActivityKind::Task => "☐",
        ActivityKind::Note => "✎",
    }
}

/// A checkbox that marks a task done (or open again), saved at once.
pub fn task_toggle(a: &Activity) -> impl IntoView {
    let app = use_app();
    let id = a.id;
    let done = a.status == TaskStatus::Done;
    view! {
        <label class="task-toggle">
            <input
                type="checkbox"
                prop:checked=done
                aria-label=move || app.t(T::MarkDone)
                on:change=move |ev| {
                    let status = if event_target_checked(&ev) { TaskStatus::Done } else { TaskStatus::Open };
                    leptos::task::spawn_local(async move {
                        let _ = app.commit(move |crm, ctx| crm.set_task_status(id, status, ctx)).await;
                    });
                }
            />
            <span class="visually-hidden">{move || app.t(T::MarkDone)}</span>
        </label>
    }
}

/// The buttons that log an activity on `record`.
pub fn log_buttons(record: Target) -> impl IntoView {
    let app = use_app();
    let link = move |kind: ActivityKind, compose: bool, label: T| {
        let id = record.id.to_string();
        let mut params = vec![("kind", kind.code()), (record.kind.as_str(), id.as_str())];
        if compose {
            params.push(("compose", "1"));
        }
        let href = new_href(Kind::Activity, &params);
        view! { <a class="button small" id=format!("log-{}{}", kind.code(), if compose { "-compose" } else { "" }) href=link(href)>{move || app.t(label)}</a> }
    };
    view! {
        <div class="log-buttons" role="group" aria-label=move || app.t(T::LogActivity)>
            {link(ActivityKind::Call, false, T::LogCall)}
            {link(ActivityKind::Meeting, false, T::ScheduleMeeting)}
            {link(ActivityKind::Email, true, T::ComposeEmail)}
            {link(ActivityKind::Task, false, T::AddTask)}
            {link(ActivityKind::Note, false, T::AddNote)}
            {link(ActivityKind::Email, false, T::LogEmail)}
        </div>
    }
}

/// In a delete confirmation: keep the record's activities (unlinked) or
/// delete them too. Nothing to ask when it has none.
pub fn activities_choice(id: Uuid, keep: RwSignal<bool>) -> impl IntoView {
    let app = use_app();
    let count = move || app.read_all(|c| c.activity_count_of(id));
    move || {
        let n = count();
        (n > 0).then(|| {
            view! {
                <fieldset class="choice">
                    <legend>{move || format!("{} ({n})", app.t(T::ItsActivities))}</legend>
                    <label><input type="radio" name="on-delete" value="keep" prop:checked=move || keep.get() on:change=move |_| keep.set(true) />" "{move || app.t(T::KeepActivities)}</label>
                    <label><input type="radio" name="on-delete" value="delete" prop:checked=move || !keep.get() on:change=move |_| keep.set(false) />" "{move || app.t(T::DeleteActivities)}</label>
                </fieldset>
            }
        })
    }
}

//! A record's change history, newest first.

use leptos::prelude::*;
use serde_json::Value;
use uuid::Uuid;

use crate::i18n::{self, format_datetime, T};
use crate::model::Action;
use crate::ui::state::use_app;
use crate::web;

fn show(v: &Value, empty: &str) -> String {
    match v {
        Value::Null => empty.to_string(),
        Value::String(s) if s.is_empty() => empty.to_string(),
        Value::String(s) => s.chars().take(120).collect(),
        Value::Array(a) if a.is_empty() => empty.to_string(),
        other => other.to_string().chars().take(120).collect(),
    }
}

#[component]
pub fn History(id: Uuid) -> impl IntoView {
    let app = use_app();
    let entries = move || {
        let lang = app.lang.get();
        let offset = web::utc_offset_minutes();
        app.crm.with(|crm| {
            crm.history_of(id)
                .into_iter()
                .take(200)
                .map(|h| {
                    let action = lang.t(match h.action {
                        Action::Created => T::ActionCreated,
                        Action::Updated => T::ActionUpdated,
                        Action::Deleted => T::ActionDeleted,
                    });
                    let empty = lang.t(T::Empty);
                    let fields = h
                        .changes
                        .iter()
                        .map(|f| {
                            view! {
                                <li>
                                    <span class="field-name">{i18n::field(lang, &f.field)}</span>": "
                                    <del>{show(&f.old, empty)}</del>" → "<ins>{show(&f.new, empty)}</ins>
                                </li>
                            }
                        })
                        .collect_view();
                    view! {
                        <li class="history-entry">
                            <div class="history-head">
                                <time datetime=crate::model::time::format(&h.at)>{format_datetime(lang, h.at, offset)}</time>
                                " · "<span>{action}</span>
                                {(!h.by.is_empty()).then(|| format!(" · {}", h.by))}
                            </div>
                            <ul class="history-fields">{fields}</ul>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    let empty = move || app.crm.with(|crm| crm.history_of(id).is_empty());
    view! {
        <section class="card" aria-labelledby="history-title">
            <h2 id="history-title">{move || app.t(T::History)}</h2>
            <Show when=move || !empty() fallback=move || view! { <p class="muted">{move || app.t(T::NoHistory)}</p> }>
                <ol class="history">{entries}</ol>
            </Show>
        </section>
    }
}

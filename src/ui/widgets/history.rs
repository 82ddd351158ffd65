//! One change-history entry as the timeline and the stream show it:
//! when, what, who, and each field's old → new value.

use leptos::prelude::*;
use serde_json::Value;

use crate::i18n::{self, format_datetime, Lang, T};
use crate::model::{Action, Crm, HistoryEntry};
use crate::ui::routes::link;
use crate::ui::routes::record_href;

fn show(v: &Value, empty: &str) -> String {
    match v {
        Value::Null => empty.to_string(),
        Value::String(s) if s.is_empty() => empty.to_string(),
        Value::String(s) => s.chars().take(120).collect(),
        Value::Array(a) if a.is_empty() => empty.to_string(),
        // Labelled lists (phones, emails, dates) read as "value (label)".
        Value::Array(a) => a.iter().map(item).collect::<Vec<_>>().join(", ").chars().take(200).collect(),
        // A record's part (a signature, an SLA): its short texts, not its JSON.
        Value::Object(o) => {
            let parts: Vec<&str> =
                o.iter().filter(|(k, _)| k.as_str() != "at").filter_map(|(_, v)| v.as_str()).filter(|s| !s.is_empty() && s.len() <= 40).collect();
            if parts.is_empty() {
                empty.to_string()
            } else {
                parts.join(", ").chars().take(120).collect()
            }
        }
        other => other.to_string().chars().take(120).collect(),
    }
}

fn item(v: &Value) -> String {
    match v {
        Value::Object(o) => {
            let label = o.get("label").or_else(|| o.get("kind")).and_then(Value::as_str).filter(|l| !l.is_empty());
            let values: Vec<&str> = o.iter().filter(|(k, _)| !matches!(k.as_str(), "label" | "kind")).filter_map(|(_, v)| v.as_str()).collect();
            match label {
                Some(l) => format!("{} ({l})", values.join(" ")),
                None => values.join(" "),
            }
        }
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// `v` with every record id in it replaced by that record's name, so a
/// changed reference (`stage_id`, a lead's conversion, the contacts of an
/// opportunity) reads as what it points at. Times inside objects are left out.
fn named(crm: &Crm, v: &Value) -> Value {
    match v {
        Value::String(s) => match uuid::Uuid::parse_str(s) {
            Ok(id) => Value::String(Some(crm.label_of(id)).filter(|l| !l.is_empty()).unwrap_or_else(|| s.clone())),
            Err(_) => v.clone(),
        },
        Value::Array(a) => Value::Array(a.iter().map(|x| named(crm, x)).collect()),
        // Labelled values (emails, phones) keep their "value (label)" form.
        Value::Object(o) if !o.keys().any(|k| k.ends_with("_id")) => v.clone(),
        Value::Object(o) => {
            let parts: Vec<String> = o
                .iter()
                .filter(|(k, x)| k.as_str() != "at" && !x.is_null())
                .filter_map(|(_, x)| match named(crm, x) {
                    Value::String(s) if !s.is_empty() => Some(s),
                    _ => None,
                })
                .collect();
            Value::String(parts.join(", "))
        }
        _ => v.clone(),
    }
}

/// A field's value as a person reads it: ids as the records' names, lists
/// as "value (label)", empty as `empty`.
pub fn value_text(crm: &Crm, v: &Value, empty: &str) -> String {
    show(&named(crm, v), empty)
}

/// `with_record`: also name the record changed (in the stream; a record's
/// own timeline does not repeat it). A deleted record is named, not linked.
pub fn entry_view(crm: &Crm, lang: Lang, offset: i32, h: &HistoryEntry, with_record: bool) -> impl IntoView {
    let action = lang.t(match h.action {
        Action::Created => T::ActionCreated,
        Action::Updated => T::ActionUpdated,
        Action::Deleted => T::ActionDeleted,
    });
    let empty = lang.t(T::Empty);
    let fields = h
        .changes
        .iter()
        .filter(|_| h.action == Action::Updated)
        .map(|f| {
            // A code ("qualified") reads as its label; ids as their records' names.
            let shown = |v: &Value| match v {
                Value::String(s) if !s.is_empty() && uuid::Uuid::parse_str(s).is_err() => {
                    i18n::field_value(lang, crm, h.record_kind, &f.field, s).chars().take(120).collect()
                }
                _ => show(&named(crm, v), empty),
            };
            if f.field == "undo" {
                return view! { <li>{lang.t(T::Undone)}</li> }.into_any();
            }
            // A bulk entry says what was set for all, not what each had.
            if !h.records.is_empty() {
                return view! { <li><span class="field-name">{i18n::field_of(lang, h.record_kind, &f.field)}</span>": "<ins>{shown(&f.new)}</ins></li> }.into_any();
            }
            view! {
                <li>
                    <span class="field-name">{i18n::field_of(lang, h.record_kind, &f.field)}</span>": "
                    <del>{shown(&f.old)}</del>" → "<ins>{shown(&f.new)}</ins>
                </li>
            }
            .into_any()
        })
        .collect_view();
    let bulk = (!h.records.is_empty()).then(|| format!(" · {} {}", i18n::count(lang, h.records.len() as i64, i18n::Noun::Record), lang.t(T::AtOnce)));
    let record = with_record.then(|| {
        let label =
            if h.record_label.is_empty() { crm.label(crate::model::Target { kind: h.record_kind, id: h.record_id }) } else { h.record_label.clone() };
        let kind = lang.t(i18n::record_kind(h.record_kind));
        let alive = h.action != Action::Deleted && crm.exists(crate::model::Target { kind: h.record_kind, id: h.record_id });
        let href = record_href(h.record_kind, h.record_id);
        view! {
            " · "<span class="sub">{kind}</span>" "
            {if alive && !href.is_empty() { view! { <a href=link(href)>{label}</a> }.into_any() } else { view! { <strong>{label}</strong> }.into_any() }}
        }
    });
    let by = if h.by.is_empty() { crm.member_name(h.by_id).to_string() } else { h.by.clone() };
    view! {
        <div class="history-head">
            <time datetime={crate::model::time::format(&h.at)}>{format_datetime(lang, h.at, offset)}</time>
            " · "<span class="action">{action}</span>
            {record}
            {bulk}
            {(!by.is_empty()).then(|| view! { " · "<span class="by">{by}</span> })}
        </div>
        <ul class="history-fields">{fields}</ul>
    }
}

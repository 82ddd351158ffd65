//! Form inputs that show the validation problem of their field.

use leptos::prelude::*;

use crate::i18n::{self, T};
use crate::model::FieldError;
use crate::ui::routes::link;
use crate::ui::state::use_app;

/// The first problem reported for `field` (or any of its parts).
pub fn field_error(errors: RwSignal<Vec<FieldError>>, field: &'static str) -> impl Fn() -> Option<String> + Send + Sync + Copy {
    move || {
        let app = use_app();
        let lang = app.lang.get();
        errors.with(|list| {
            list.iter()
                .find(|e| e.field == field || e.field.starts_with(&format!("{field}.")) || e.field.starts_with(&format!("{field}[")))
                .map(|e| i18n::problem(lang, &e.problem))
        })
    }
}

pub fn error_line(errors: RwSignal<Vec<FieldError>>, field: &'static str) -> impl IntoView {
    let err = field_error(errors, field);
    move || err().map(|m| view! { <p class="field-error" role="alert" id=format!("err-{field}")>{m}</p> })
}

/// A labelled single-line input bound to a string.
pub fn text_field(
    label: T,
    field: &'static str,
    input_type: &'static str,
    get: impl Fn() -> String + Send + Sync + 'static,
    set: impl Fn(String) + Send + Sync + 'static,
    errors: RwSignal<Vec<FieldError>>,
) -> impl IntoView {
    let app = use_app();
    let err = field_error(errors, field);
    let id = format!("f-{}", field.replace(['.', '[', ']'], "-"));
    view! {
        <div class="field" class:invalid=move || err().is_some()>
            <label for=id.clone()>{move || app.t(label)}</label>
            <input
                id=id
                type=input_type
                prop:value=get
                on:input=move |ev| set(event_target_value(&ev))
                aria-invalid=move || err().is_some().to_string()
            />
            {error_line(errors, field)}
        </div>
    }
}

pub fn text_area(
    label: T,
    field: &'static str,
    get: impl Fn() -> String + Send + Sync + 'static,
    set: impl Fn(String) + Send + Sync + 'static,
    errors: RwSignal<Vec<FieldError>>,
) -> impl IntoView {
    let app = use_app();
    let err = field_error(errors, field);
    let id = format!("f-{field}");
    view! {
        <div class="field wide" class:invalid=move || err().is_some()>
            <label for=id.clone()>{move || app.t(label)}</label>
            <textarea id=id rows="4" prop:value=get on:input=move |ev| set(event_target_value(&ev))></textarea>
            {error_line(errors, field)}
        </div>
    }
}

/// A summary above the form: "Please fix the highlighted fields" with the
/// list of problems, each naming its field.
pub fn error_summary(errors: RwSignal<Vec<FieldError>>) -> impl IntoView {
    let app = use_app();
    move || {
        let lang = app.lang.get();
        errors.with(|list| {
            (!list.is_empty()).then(|| {
                let items = list.iter().map(|e| view! { <li>{i18n::field_error(lang, e)}</li> }).collect_view();
                view! {
                    <div class="error-summary" role="alert">
                        <strong>{lang.t(T::FixErrors)}</strong>
                        <ul>{items}</ul>
                    </div>
                }
            })
        })
    }
}

/// Tags typed comma-separated, with their problems.
pub fn tags_field(tags: RwSignal<String>, errors: RwSignal<Vec<FieldError>>) -> impl IntoView {
    let app = use_app();
    view! {
        <div class="field">
            <label for="f-tags">{move || app.t(T::FieldTags)}</label>
            <input id="f-tags" type="text" prop:value=move || tags.get() on:input=move |ev| tags.set(event_target_value(&ev)) />
            <p class="hint">{move || app.t(T::TagsHint)}</p>
            {error_line(errors, "tags")}
        </div>
    }
}

/// Save (disabled while saving) and Cancel back to `cancel_href`.
pub fn form_actions(saving: RwSignal<bool>, cancel_href: String) -> impl IntoView {
    let app = use_app();
    view! {
        <div class="form-actions">
            <button type="submit" class="button primary" prop:disabled=move || saving.get()>
                {move || app.t(if saving.get() { T::Saving } else { T::Save })}
            </button>
            <a class="button" href=link(cancel_href)>{move || app.t(T::Cancel)}</a>
        </div>
    }
}

/// A `datetime-local` input over a text signal.
pub fn datetime_field(label: T, field: &'static str, value: RwSignal<String>, errors: RwSignal<Vec<FieldError>>) -> impl IntoView {
    let app = use_app();
    let id = format!("f-{field}");
    view! {
        <div class="field">
            <label for=id.clone()>{move || app.t(label)}</label>
            <input id=id type="datetime-local" prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev)) />
            {error_line(errors, field)}
        </div>
    }
}

/// A labelled select of an enum's values.
pub fn choice<V: Copy + PartialEq + Send + Sync + 'static>(
    label: T,
    field: &'static str,
    options: Vec<(V, &'static str, T)>,
    get: impl Fn() -> V + Copy + Send + Sync + 'static,
    set: impl Fn(V) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let app = use_app();
    let id = format!("f-{field}");
    let codes: Vec<(V, &'static str)> = options.iter().map(|(v, c, _)| (*v, *c)).collect();
    view! {
        <div class="field">
            <label for=id.clone()>{move || app.t(label)}</label>
            <select id=id on:change=move |ev| {
                let code = event_target_value(&ev);
                if let Some((v, _)) = codes.iter().find(|(_, c)| *c == code) {
                    set(*v);
                }
            }>
                {options.into_iter().map(|(v, code, text)| view! {
                    <option value=code selected=move || get() == v>{move || app.t(text)}</option>
                }).collect_view()}
            </select>
        </div>
    }
}

/// A labelled `date` input over a text signal ("2026-11-23" or "").
pub fn date_field(label: T, field: &'static str, value: RwSignal<String>, errors: RwSignal<Vec<FieldError>>) -> impl IntoView {
    let app = use_app();
    let id = format!("f-{field}");
    view! {
        <div class="field">
            <label for=id.clone()>{move || app.t(label)}</label>
            <input id=id type="date" prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev)) />
            {error_line(errors, field)}
        </div>
    }
}

/// A labelled text input over a text signal (amounts and numbers are
/// typed as text and parsed on save, so "1 234,50" works).
pub fn text_input(label: T, field: &'static str, value: RwSignal<String>, errors: RwSignal<Vec<FieldError>>) -> impl IntoView {
    text_field(label, field, "text", move || value.get(), move |v| value.set(v), errors)
}

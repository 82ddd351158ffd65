//! When a form's record was saved in another tab while it was open: the
//! fields that differ, theirs beside the user's, each to keep from one
//! side (preset to the side that changed it), or one version whole. The
//! choice goes into the form; nothing is saved until the user saves. When
//! it was deleted there: saying so, and saving it again only if asked.
//!
//! The panel works on the records as JSON, so one copy of it serves every
//! form (a generic panel cost a copy per record type in the wasm).

use leptos::prelude::*;
use serde_json::Value;

use crate::i18n::{self, Lang, T};
use crate::model::conflict::{differences_of, merge_of, Difference};
use crate::model::record::Record;
use crate::model::{Crm, Kind};
use crate::ui::state::use_app;
use crate::ui::widgets::form::Form;

/// A field's value as the user reads it: names for ids and codes, lists
/// joined, "—" for nothing.
pub fn shown(lang: Lang, crm: &Crm, kind: Kind, field: &str, v: &Value) -> String {
    match v {
        Value::Null => "—".into(),
        Value::String(s) if s.is_empty() => "—".into(),
        Value::String(s) => match uuid::Uuid::parse_str(s) {
            Ok(id) => Some(crm.label_of(id)).filter(|l| !l.is_empty()).unwrap_or_else(|| s.clone()),
            Err(_) => i18n::field_value(lang, crm, kind, field, s),
        },
        Value::Bool(b) => lang.t(if *b { T::Yes } else { T::No }).into(),
        Value::Number(n) => n.to_string(),
        Value::Array(items) if items.is_empty() => "—".into(),
        Value::Array(items) => items.iter().map(|x| shown(lang, crm, kind, field, x)).collect::<Vec<_>>().join(", "),
        Value::Object(o) => o.values().map(|x| shown(lang, crm, kind, field, x)).filter(|s| s != "—").collect::<Vec<_>>().join(" "),
    }
}

/// What the panel needs of a form, as JSON.
#[derive(Clone, Copy)]
struct Sides {
    kind: Kind,
    /// Base, theirs and mine, while a conflict is shown.
    conflict: Signal<Option<(Value, Value, Value)>>,
    gone: RwSignal<Option<bool>>,
    /// Settles the conflict: theirs becomes the base; the form holds the
    /// given version (none: the user's, unchanged).
    settle: Callback<Option<Value>>,
}

/// A record as JSON through text: the record's serializer and parser for
/// text are in the wasm already (the bundle), ones for `Value` would be
/// another copy of each.
fn to_value<R: Record>(r: &R) -> Value {
    serde_json::to_string(r).ok().and_then(|s| serde_json::from_str(&s).ok()).unwrap_or(Value::Null)
}

pub(crate) fn from_value<R: Record>(v: &Value) -> Option<R> {
    serde_json::from_str(&v.to_string()).ok()
}

pub fn conflict_panel<R: Record + PartialEq + Send + Sync>(form: Form<R>) -> AnyView {
    let conflict = Signal::derive(move || {
        let theirs = form.conflict.get()?;
        Some((to_value(&form.base.get_untracked()), to_value(&theirs), to_value(&form.draft.get_untracked())))
    });
    let settle = Callback::new(move |draft: Option<Value>| {
        if let Some(theirs) = form.conflict.get_untracked() {
            form.base.set(theirs);
        }
        if let Some(d) = draft.and_then(|v| from_value::<R>(&v)) {
            form.draft.set(d);
        }
        form.conflict.set(None);
    });
    panel(Sides { kind: R::KIND, conflict, gone: form.gone, settle })
}

fn panel(sides: Sides) -> AnyView {
    let app = use_app();
    let kind = sides.kind;
    // The fields taking the user's value, preset when a conflict appears.
    let take_mine = RwSignal::new(Vec::<String>::new());
    let diffs = Memo::new(move |_| {
        let (base, theirs, mine) = sides.conflict.get()?;
        let d = differences_of(&base, &theirs, &mine);
        take_mine.set(d.iter().filter(|x| x.keeps_mine()).map(|x| x.field.clone()).collect());
        Some(d)
    });
    let settle = move |draft: Option<Value>| {
        sides.settle.run(draft);
        app.info(app.t(T::ConflictSettled));
    };
    let apply = move |_| {
        let Some((_, theirs, mine)) = sides.conflict.get_untracked() else { return };
        settle(Some(merge_of(&theirs, &mine, &take_mine.get_untracked())));
    };
    let row = move |d: Difference| {
        let lang = app.lang.get();
        let label = i18n::field_of(lang, kind, &d.field);
        let (theirs, mine) = app.read(&[kind], |crm| (shown(lang, crm, kind, &d.field, &d.theirs), shown(lang, crm, kind, &d.field, &d.mine)));
        let field = d.field.clone();
        let name = format!("conflict-{}", d.field);
        let mine_picked = {
            let field = field.clone();
            move || take_mine.with(|l| l.contains(&field))
        };
        let pick = move |mine: bool| {
            let field = field.clone();
            move |_| {
                take_mine.update(|l| {
                    l.retain(|f| *f != field);
                    if mine {
                        l.push(field.clone());
                    }
                })
            }
        };
        let both = d.theirs_changed && d.mine_changed;
        let not_mine = mine_picked.clone();
        view! {
            <tr class:both=both>
                <th scope="row">{label}{both.then(|| view! { <span class="badge">{app.t(T::ConflictBoth)}</span> })}</th>
                // On a phone the rows stack; each cell then says whose it is.
                <td data-label=app.t(T::ConflictTheirs)><label class="check"><input type="radio" name=name.clone() value="theirs" prop:checked=move || !not_mine() on:change=pick(false) />" "{theirs}</label></td>
                <td data-label=app.t(T::ConflictMine)><label class="check"><input type="radio" name=name value="mine" prop:checked=mine_picked on:change=pick(true) />" "{mine}</label></td>
            </tr>
        }
    };
    let gone = move || {
        (sides.gone.get() == Some(false)).then(|| {
            view! {
                <section class="conflict error-summary" role="alert" id="gone" aria-labelledby="gone-title">
                    <h2 id="gone-title">{app.t(T::GoneTitle)}</h2>
                    <p>{app.t(T::GoneBody)}</p>
                    <div class="actions">
                        <button type="button" class="button primary" id="gone-restore" on:click=move |_| {
                            sides.gone.set(Some(true));
                            app.info(app.t(T::GoneRestoring));
                        }>{app.t(T::GoneRestore)}</button>
                    </div>
                </section>
            }
        })
    };
    let conflict = move || {
        diffs.get().map(|d| {
            view! {
                <section class="conflict error-summary" role="alert" id="conflict" aria-labelledby="conflict-title">
                    <h2 id="conflict-title">{app.t(T::ConflictTitle)}</h2>
                    <p>{app.t(T::ConflictBody)}</p>
                    <div class="table-scroll">
                        <table class="conflict-table">
                            <thead><tr><th scope="col">{app.t(T::ConflictField)}</th><th scope="col">{app.t(T::ConflictTheirs)}</th><th scope="col">{app.t(T::ConflictMine)}</th></tr></thead>
                            <tbody>{d.into_iter().map(row).collect_view()}</tbody>
                        </table>
                    </div>
                    <div class="actions">
                        <button type="button" class="button primary" id="conflict-apply" on:click=apply>{app.t(T::ConflictApply)}</button>
                        <button type="button" class="button" id="conflict-theirs" on:click=move |_| settle(sides.conflict.get_untracked().map(|(_, theirs, _)| theirs))>{app.t(T::ConflictTakeTheirs)}</button>
                        <button type="button" class="button" id="conflict-mine" on:click=move |_| settle(None)>{app.t(T::ConflictKeepMine)}</button>
                    </div>
                    <p class="hint">{app.t(T::ConflictThenSave)}</p>
                </section>
            }
        })
    };
    view! { {gone} {conflict} }.into_any()
}

//! Settings: the pipeline's stages (name, order, default probability,
//! won/lost), edited as a list and saved as one action.

use leptos::prelude::*;
use uuid::Uuid;

use crate::i18n::{self, T};
use crate::model::pipeline::Stage;
use crate::model::FieldError;
use crate::ui::state::use_app;
use crate::ui::widgets::stale::Guard;
use crate::web;

/// What the editor shows of the stages, in order: the default stages
/// are made afresh (with new times) until stored, so times do not count.
fn shown(stages: &[Stage]) -> Vec<(Uuid, String, u8, bool, bool)> {
    stages.iter().map(|s| (s.id, s.name.clone(), s.probability, s.won, s.lost)).collect()
}

#[component]
pub fn PipelineCard() -> impl IntoView {
    let app = use_app();
    let draft = RwSignal::new(app.pipeline_untracked());
    let guard = Guard::new(shown(&draft.get_untracked()));
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let saving = RwSignal::new(false);
    let take = move |stages: Vec<Stage>| {
        guard.reset(shown(&stages));
        draft.set(stages);
    };
    // Another tab (or an import) changed the stages: an untouched editor
    // shows those; edits stay, and their save says what happened.
    Effect::new(move |_| {
        let stored = app.pipeline();
        if !saving.get_untracked() && guard.moved(&shown(&stored)) && draft.with_untracked(|d| guard.untouched(&shown(d))) {
            take(stored);
        }
    });
    let edit = move |id: Uuid, f: Box<dyn Fn(&mut Stage)>| draft.update(|d| d.iter_mut().filter(|s| s.id == id).for_each(f));
    let shift = move |i: usize, up: bool| {
        draft.update(|d| {
            let j = if up { i.checked_sub(1) } else { Some(i + 1).filter(|j| *j < d.len()) };
            if let Some(j) = j {
                d.swap(i, j);
            }
        })
    };
    let add = move |_| {
        draft.update(|d| {
            let now = web::now();
            let at = d.iter().position(|s| !s.is_open()).unwrap_or(d.len());
            d.insert(
                at,
                Stage {
                    id: web::fresh_id(),
                    created_at: now,
                    updated_at: now,
                    name: String::new(),
                    order: 0,
                    probability: 50,
                    won: false,
                    lost: false,
                },
            );
        })
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let stages: Vec<Stage> = draft
            .get_untracked()
            .into_iter()
            .map(|mut s| {
                s.name = s.name.trim().to_string();
                s
            })
            .collect();
        let defaults = app.default_stages();
        app.save_form(
            saving,
            errors,
            move |crm, ctx| {
                guard.check(shown(&crm.pipeline(&defaults)))?;
                crm.save_stages(stages, ctx)
            },
            move || take(app.pipeline_untracked()),
        );
    };
    let rows = move || {
        let lang = app.lang.get();
        let list = draft.get();
        let n = list.len();
        list.into_iter()
            .enumerate()
            .map(|(i, s)| {
                let id = s.id;
                let kind = if s.won { "won" } else if s.lost { "lost" } else { "open" };
                view! {
                    <li class="stage-row">
                        <input type="text" class="stage-name" aria-label=format!("{} {}", lang.t(T::FieldName), i + 1) prop:value=s.name.clone()
                            on:input=move |ev| { let v = event_target_value(&ev); edit(id, Box::new(move |s| s.name = v.clone())) } />
                        <input type="number" min="0" max="100" class="stage-probability" aria-label=format!("{} {}", lang.t(T::FieldProbability), i + 1) prop:value=s.probability.to_string()
                            on:input=move |ev| { let p = event_target_value(&ev).parse::<u8>().unwrap_or(0).min(100); edit(id, Box::new(move |s| s.probability = p)) } />
                        <select aria-label=format!("{} {}", lang.t(T::StageKind), i + 1) on:change=move |ev| {
                            let v = event_target_value(&ev);
                            edit(id, Box::new(move |s| { s.won = v == "won"; s.lost = v == "lost"; }))
                        }>
                            <option value="open" selected=kind == "open">{lang.t(T::StageOpen)}</option>
                            <option value="won" selected=kind == "won">{lang.t(T::StageWon)}</option>
                            <option value="lost" selected=kind == "lost">{lang.t(T::StageLost)}</option>
                        </select>
                        <button type="button" class="button small" aria-label=lang.t(T::MoveUp) prop:disabled=i == 0 on:click=move |_| shift(i, true)>"↑"</button>
                        <button type="button" class="button small" aria-label=lang.t(T::MoveDown) prop:disabled=i + 1 == n on:click=move |_| shift(i, false)>"↓"</button>
                        <button type="button" class="link" on:click=move |_| draft.update(|d| d.retain(|s| s.id != id))>{lang.t(T::Remove)}</button>
                    </li>
                }
            })
            .collect_view()
    };
    let problems = move || {
        let lang = app.lang.get();
        errors.with(|e| {
            (!e.is_empty()).then(|| {
                let items = e.iter().map(|e| view! { <li>{format!("{}: {}", e.field, i18n::problem(lang, &e.problem))}</li> }).collect_view();
                view! { <div class="error-summary" role="alert"><ul>{items}</ul></div> }
            })
        })
    };
    view! {
        <section class="card" aria-labelledby="pipeline-title">
            <h2 id="pipeline-title">{move || app.t(T::Pipeline)}</h2>
            <p class="hint">{move || app.t(T::PipelineHint)}</p>
            <form on:submit=save novalidate id="pipeline-form">
                {guard.notice("pipeline-stale", move |_| take(app.pipeline_untracked()))}
                {problems}
                <ol class="stage-list">{rows}</ol>
                <div class="form-actions">
                    <button type="button" class="button" on:click=add>{move || format!("+ {}", app.t(T::AddStage))}</button>
                    <button type="submit" class="button primary" prop:disabled=move || saving.get()>{move || app.t(T::Save)}</button>
                </div>
            </form>
        </section>
    }
}

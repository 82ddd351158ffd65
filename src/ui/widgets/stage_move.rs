//! Moving an opportunity to another stage, from the board or its page. A
//! lost stage first asks why the deal was lost.

use leptos::prelude::*;
use uuid::Uuid;

use crate::i18n::T;
use crate::ui::state::{use_app, App};

/// A move waiting for its lost reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PendingMove {
    pub opportunity: Uuid,
    pub stage: Uuid,
}

/// Moves `opportunity` to `stage`, or asks for the lost reason first (by
/// setting `pending`). `then` runs after a move is saved.
pub fn request_move(app: App, opportunity: Uuid, stage: Uuid, pending: RwSignal<Option<PendingMove>>, then: impl Fn() + 'static) {
    let lost = app.pipeline_untracked().iter().any(|s| s.id == stage && s.lost);
    let current = app.read_untracked(|c| c.opportunity(opportunity).map(|o| o.stage_id));
    if current == Some(stage) {
        return;
    }
    if lost {
        pending.set(Some(PendingMove { opportunity, stage }));
    } else {
        commit_move(app, opportunity, stage, None, then);
    }
}

fn commit_move(app: App, opportunity: Uuid, stage: Uuid, reason: Option<String>, then: impl Fn() + 'static) {
    let defaults = app.default_stages();
    leptos::task::spawn_local(async move {
        if app.commit(move |crm, ctx| crm.move_opportunity(opportunity, stage, reason, &defaults, ctx)).await.is_ok() {
            then();
        }
    });
}

/// The "why was it lost?" dialog for a pending move.
#[component]
pub fn LostReason(pending: RwSignal<Option<PendingMove>>) -> impl IntoView {
    let app = use_app();
    let reason = RwSignal::new(String::new());
    let missing = RwSignal::new(false);
    let close = move || {
        pending.set(None);
        reason.set(String::new());
        missing.set(false);
    };
    let confirm = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(m) = pending.get_untracked() else { return };
        let r = reason.get_untracked().trim().to_string();
        if r.is_empty() {
            missing.set(true);
            return;
        }
        close();
        commit_move(app, m.opportunity, m.stage, Some(r), || {});
    };
    view! {
        <Show when=move || pending.get().is_some()>
            <div class="modal-backdrop" on:click=move |_| close()>
                <form
                    class="modal"
                    role="dialog"
                    aria-modal="true"
                    aria-labelledby="lost-title"
                    on:click=|ev| ev.stop_propagation()
                    on:keydown=move |ev| if ev.key() == "Escape" { close() }
                    on:submit=confirm
                >
                    <h2 id="lost-title">{move || app.t(T::WhyLost)}</h2>
                    <div class="field" class:invalid=move || missing.get()>
                        <label for="f-lost_reason">{move || app.t(T::FieldLostReason)}</label>
                        <input id="f-lost_reason" type="text" autofocus prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev)) />
                        {move || missing.get().then(|| view! { <p class="field-error" role="alert">{app.t(T::LostReasonRequired)}</p> })}
                    </div>
                    <div class="actions">
                        <button type="button" class="button" on:click=move |_| close()>{move || app.t(T::Cancel)}</button>
                        <button type="submit" class="button danger">{move || app.t(T::MarkLost)}</button>
                    </div>
                </form>
            </div>
        </Show>
    }
}

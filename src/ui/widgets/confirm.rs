//! A modal confirmation for destructive actions.

use leptos::prelude::*;

use crate::i18n::T;
use crate::ui::state::use_app;

/// Shows `message` with Cancel and a destructive confirm button while
/// `open` is true.
#[component]
pub fn Confirm<F>(
    open: RwSignal<bool>,
    #[prop(into)] message: Signal<String>,
    confirm_label: T,
    on_confirm: F,
    /// More to decide before confirming (e.g. what happens to activities).
    #[prop(optional)]
    children: Option<ChildrenFn>,
) -> impl IntoView
where
    F: Fn() + Clone + Send + Sync + 'static,
{
    let app = use_app();
    view! {
        <Show when=move || open.get()>
            <div class="modal-backdrop" on:click=move |_| open.set(false)>
                <div
                    class="modal"
                    role="alertdialog"
                    aria-modal="true"
                    aria-labelledby="confirm-message"
                    on:click=|ev| ev.stop_propagation()
                    on:keydown=move |ev| if ev.key() == "Escape" { open.set(false) }
                >
                    <p id="confirm-message">{move || message.get()}</p>
                    {children.as_ref().map(|c| c())}
                    <div class="actions">
                        <button type="button" class="button" on:click=move |_| open.set(false) autofocus>
                            {move || app.t(T::Cancel)}
                        </button>
                        <button type="button" class="button danger" on:click={
                            let on_confirm = on_confirm.clone();
                            move |_| {
                                open.set(false);
                                on_confirm();
                            }
                        }>{move || app.t(confirm_label)}</button>
                    </div>
                </div>
            </div>
        </Show>
    }
}

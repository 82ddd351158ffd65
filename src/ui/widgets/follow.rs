//! "Follow" on a record's page: its changes by others then come to your
//! inbox.

use leptos::prelude::*;
use uuid::Uuid;

use crate::i18n::T;
use crate::model::{Kind, Target};
use crate::ui::state::use_app;

#[component]
pub fn FollowButton(kind: Kind, id: Uuid) -> impl IntoView {
    let app = use_app();
    let following = Memo::new(move |_| app.read_all(|c| c.follow_of(app.me.get(), id).is_some()));
    let toggle = move |_| {
        leptos::task::spawn_local(async move {
            let _ = app.commit(move |crm, ctx| Ok(crm.toggle_follow(Target { kind, id }, ctx))).await;
        });
    };
    view! {
        <button type="button" class="button" id="follow" aria-pressed=move || following.get().to_string() title=move || app.t(T::FollowHint) on:click=toggle>
            {move || app.t(if following.get() { T::Following } else { T::Follow })}
        </button>
    }
}

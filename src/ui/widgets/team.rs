//! Team members in the UI: the picker used for owners and assignees, the
//! first-run question "who are you?", and the team card in Settings.

use leptos::prelude::*;
use uuid::Uuid;

use crate::i18n::T;
use crate::model::{FieldError, TeamMember};
use crate::ui::state::{use_app, App};
use crate::ui::widgets::fields::{error_line, error_summary};
use crate::ui::widgets::stale::Guard;
use crate::web;

/// A labelled select of team members, with "nobody".
pub fn member_select(
    label: T,
    field: &'static str,
    get: impl Fn() -> Option<Uuid> + Send + Sync + Copy + 'static,
    set: impl Fn(Option<Uuid>) + Send + Sync + 'static,
    errors: RwSignal<Vec<FieldError>>,
) -> impl IntoView {
    let app = use_app();
    let id = format!("f-{field}");
    let options = move || {
        app.read_all(|crm| {
            crm.team()
                .into_iter()
                .map(|m| {
                    let mid = m.id;
                    view! { <option value=mid.to_string() selected=move || get() == Some(mid)>{m.name.clone()}</option> }
                })
                .collect_view()
        })
    };
    view! {
        <div class="field">
            <label for=id.clone()>{move || app.t(label)}</label>
            <select id=id on:change=move |ev| { set(Uuid::parse_str(&event_target_value(&ev)).ok()); }>
                <option value="" selected=move || get().is_none()>{move || app.t(T::Nobody)}</option>
                {options}
            </select>
            {error_line(errors, field)}
        </div>
    }
}

/// Saves a team member (new, or edited from what `guard` holds); Ok with its id.
async fn save_member(app: App, member: TeamMember, errors: RwSignal<Vec<FieldError>>, guard: Option<Guard<Option<TeamMember>>>) -> Option<Uuid> {
    let id = member.id;
    let compute = move |crm: &crate::model::Crm, ctx: &mut crate::model::Ctx| {
        if let Some(guard) = guard {
            guard.check(crm.team_member(id).cloned())?;
        }
        crm.save_team_member(member, ctx)
    };
    match app.commit(compute).await {
        Ok(_) => {
            errors.set(Vec::new());
            Some(id)
        }
        Err(e) => {
            errors.set(e.refused());
            None
        }
    }
}

/// Name and email inputs of a team member being added.
fn member_inputs(prefix: &'static str, name: RwSignal<String>, email: RwSignal<String>, errors: RwSignal<Vec<FieldError>>) -> impl IntoView {
    let app = use_app();
    view! {
        <div class="field">
            <label for=format!("{prefix}-name")>{move || app.t(T::FieldFullName)}</label>
            <input id=format!("{prefix}-name") type="text" maxlength="200" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
            {error_line(errors, "name")}
        </div>
        <div class="field">
            <label for=format!("{prefix}-email")>{move || app.t(T::FieldEmail)}</label>
            <input id=format!("{prefix}-email") type="email" prop:value=move || email.get() on:input=move |ev| email.set(event_target_value(&ev)) />
            {error_line(errors, "email")}
        </div>
    }
}

/// Asks, until answered, which team member is using this device: pick one
/// of the team or add yourself. Records made meanwhile have no owner.
#[component]
pub fn WhoAreYou() -> impl IntoView {
    let app = use_app();
    // The name typed in an earlier version's "Your name" setting.
    let name = RwSignal::new(web::pref("user").unwrap_or_default());
    let email = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let member = {
            let mut m = TeamMember::new(web::fresh_id(), web::now(), name.get_untracked().trim());
            m.email = email.get_untracked().trim().to_string();
            m
        };
        leptos::task::spawn_local(async move {
            if let Some(id) = save_member(app, member, errors, None).await {
                app.set_me(Some(id));
            }
        });
    };
    let team = move || app.read_all(|c| c.team().into_iter().map(|m| (m.id, m.name.clone())).collect::<Vec<_>>());
    view! {
        <Show when=move || app.loaded.get() && !app.knows_me()>
            <section class="welcome card" aria-labelledby="who-title">
                <h2 id="who-title">{move || app.t(T::WhoAreYou)}</h2>
                <p class="hint">{move || app.t(T::WhoAreYouHint)}</p>
                {move || {
                    let team = team();
                    (!team.is_empty()).then(|| view! {
                        <p class="choices">
                            {team.into_iter().map(|(id, n)| view! {
                                <button type="button" class="button" on:click=move |_| app.set_me(Some(id))>{n}</button>
                            }).collect_view()}
                        </p>
                    })
                }}
                <form class="inline-form" id="who-form" on:submit=add novalidate>
                    {error_summary(errors)}
                    {member_inputs("who", name, email, errors)}
                    <button type="submit" class="button primary">{move || app.t(T::ThisIsMe)}</button>
                </form>
            </section>
        </Show>
    }
}

/// The team in Settings: who is on it, who "you" are, adding and editing
/// members.
#[component]
pub fn TeamCard() -> impl IntoView {
    let app = use_app();
    let name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    // The member being edited in the form; None adds a new one.
    let editing = RwSignal::new(None::<Uuid>);
    // The member as the edit found it: another tab's save meanwhile is not overwritten unasked.
    let guard = Guard::new(None::<TeamMember>);
    let clear = move || {
        editing.set(None);
        guard.reset(None);
        name.set(String::new());
        email.set(String::new());
        errors.set(Vec::new());
    };
    let edit = move |m: Option<TeamMember>| match m {
        Some(m) => {
            editing.set(Some(m.id));
            name.set(m.name.clone());
            email.set(m.email.clone());
            guard.reset(Some(m));
        }
        None => clear(),
    };
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let existing = editing.get_untracked().and_then(|id| app.read_untracked(|c| c.team_member(id).cloned()));
        let mut m = existing.unwrap_or_else(|| TeamMember::new(web::fresh_id(), web::now(), ""));
        m.name = name.get_untracked().trim().to_string();
        m.email = email.get_untracked().trim().to_string();
        leptos::task::spawn_local(async move {
            if save_member(app, m, errors, Some(guard)).await.is_some() {
                clear();
            }
        });
    };
    let rows = move || {
        let lang = app.lang.get();
        let me = app.me.get();
        app.read_all(|crm| {
            crm.team()
                .into_iter()
                .map(|m| {
                    let id = m.id;
                    let member = m.clone();
                    view! {
                        <li>
                            <strong>{m.name.clone()}</strong>
                            <span class="sub">{m.email.clone()}</span>
                            <button type="button" class="link" on:click=move |_| edit(Some(member.clone()))>{lang.t(T::Edit)}</button>
                            {if me == Some(id) {
                                view! { <span class="badge primary">{lang.t(T::You)}</span> }.into_any()
                            } else {
                                view! { <button type="button" class="link" on:click=move |_| app.set_me(Some(id))>{lang.t(T::ThisIsMe)}</button> }.into_any()
                            }}
                        </li>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <section class="card" aria-labelledby="team-title">
            <h2 id="team-title">{move || app.t(T::Team)}</h2>
            <p class="hint">{move || app.t(T::TeamHint)}</p>
            <ul class="plain team-list" id="team-list">{rows}</ul>
            <form class="inline-form" id="team-form" on:submit=add novalidate>
                {guard.notice("team-stale", edit)}
                {error_summary(errors)}
                {member_inputs("member", name, email, errors)}
                <button type="submit" class="button">
                    {move || if editing.get().is_some() { app.t(T::Save).to_string() } else { format!("+ {}", app.t(T::AddTeamMember)) }}
                </button>
                {move || editing.get().is_some().then(|| view! { <button type="button" class="button" on:click=move |_| clear()>{app.t(T::Cancel)}</button> })}
            </form>
        </section>
    }
}

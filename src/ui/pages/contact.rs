//! A contact's detail page.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use crate::i18n::{self, format_date, T};
use crate::model::validate::web_url_host;
use crate::model::ActivitiesOnDelete;
use crate::model::Kind;
use crate::ui::routes::link;
use crate::ui::routes::param_id;
use crate::ui::routes::{edit_href, record_href};
use crate::ui::state::use_app;
use crate::ui::widgets::attachments::AttachmentsCard;
use crate::ui::widgets::confirm::Confirm;
use crate::ui::widgets::missing::MissingRecord;
use crate::ui::widgets::sales_card::SalesCard;
use crate::ui::widgets::timeline::{activities_choice, log_buttons, Timeline};

/// An outbound link only for http(s) URLs; anything else is shown as text.
pub fn safe_link(url: String) -> impl IntoView {
    if web_url_host(&url).is_some() {
        let href = url.clone();
        view! { <a href=href target="_blank" rel="noopener noreferrer">{url}</a> }.into_any()
    } else {
        view! { <span>{url}</span> }.into_any()
    }
}

#[component]
pub fn ContactPage() -> impl IntoView {
    let app = use_app();
    let Some(id) = param_id("id") else { return view! { <MissingRecord back="/contacts" /> }.into_any() };
    let exists = Memo::new(move |_| app.read_all(|c| c.contact(id).is_some()));
    let confirm = RwSignal::new(false);
    let keep = RwSignal::new(true);
    let navigate = use_navigate();
    let delete = move || {
        let navigate = navigate.clone();
        let what = if keep.get_untracked() { ActivitiesOnDelete::Keep } else { ActivitiesOnDelete::Delete };
        app.delete(move |crm, ctx| crm.delete_contact(id, what, ctx), move || navigate("/contacts", NavigateOptions::default()));
    };
    let body = move || {
        let lang = app.lang.get();
        app.read_all(|crm| {
            let c = crm.contact(id)?.clone();
            let org = c.organization_id.and_then(|o| crm.organization(o)).cloned();
            let primary = crm.is_primary(&c);
            let emails = c
                .emails
                .iter()
                .enumerate()
                .map(|(i, e)| {
                    view! {
                        <li>
                            <a href=format!("mailto:{}", e.address)>{e.address.clone()}</a>
                            <small class="sub">{lang.t(i18n::email_label(e.label))}{(i == 0 && c.emails.len() > 1).then(|| format!(" · {}", lang.t(T::Primary)))}</small>
                        </li>
                    }
                })
                .collect_view();
            let phones = c
                .phones
                .iter()
                .map(|p| {
                    let tel = crate::model::phone::tel_uri(&p.number).unwrap_or_default();
                    view! {
                        <li>
                            <a href=tel>{p.number.clone()}</a>
                            <small class="sub">{lang.t(i18n::phone_label(p.label))}</small>
                        </li>
                    }
                })
                .collect_view();
            let dates = c
                .important_dates
                .iter()
                .map(|d| {
                    let label = if d.label.is_empty() { lang.t(i18n::date_kind(d.kind)).to_string() } else { d.label.clone() };
                    view! { <li>{label}": "{format_date(lang, d.date)}</li> }
                })
                .collect_view();
            let opt_row = |label: T, value: String| {
                (!value.is_empty()).then(|| view! { <dt>{lang.t(label)}</dt><dd class="pre">{value}</dd> })
            };
            Some(view! {
                <header class="page-head">
                    <div>
                        <h1>{c.full_name()}</h1>
                        <p class="subtitle">
                            {c.position.clone()}
                            {org.clone().map(|o| view! { " · "<a href=link(record_href(Kind::Organization, o.id))>{o.name}</a> })}
                        </p>
                        <p class="badges">
                            <span class="badge">{lang.t(i18n::role(c.role))}</span>
                            {primary.then(|| view! { <span class="badge primary">"★ "{lang.t(T::PrimaryContact)}</span> })}
                            {c.tags.iter().map(|t| view! { <span class="tag">{t.clone()}</span> }).collect_view()}
                        </p>
                    </div>
                    <div class="actions">
                        <button type="button" class="button" id="download-vcard" on:click=move |_| crate::ui::csv_export::download_vcards(app, &[id])>"vCard"</button>
                        <crate::ui::widgets::follow::FollowButton kind=crate::model::Kind::Contact id=id />
                        <a class="button" href=link(edit_href(Kind::Contact, id))>{lang.t(T::Edit)}</a>
                        <button type="button" class="button danger" on:click=move |_| confirm.set(true)>{lang.t(T::Delete)}</button>
                    </div>
                </header>
                {log_buttons(crate::model::Target::new(Kind::Contact, id))}
                {org.is_none().then(|| view! { <p class="hint">{lang.t(T::NoOrganizationHint)}</p> })}
                <section class="card">
                    <h2>{lang.t(T::Details)}</h2>
                    <dl class="details">
                        {(!c.emails.is_empty()).then(|| view! { <dt>{lang.t(T::FieldEmails)}</dt><dd><ul class="plain">{emails}</ul></dd> })}
                        {(!c.phones.is_empty()).then(|| view! { <dt>{lang.t(T::FieldPhones)}</dt><dd><ul class="plain">{phones}</ul></dd> })}
                        {(!c.linkedin.is_empty()).then(|| view! { <dt>{lang.t(T::FieldLinkedIn)}</dt><dd>{safe_link(c.linkedin.clone())}</dd> })}
                        {opt_row(T::FieldPreferredCallTime, c.preferred_call_time.clone())}
                        {opt_row(T::FieldCommunicationStyle, c.communication_style.clone())}
                        {(!c.important_dates.is_empty()).then(|| view! { <dt>{lang.t(T::FieldImportantDates)}</dt><dd><ul class="plain">{dates}</ul></dd> })}
                        {opt_row(T::FieldOwner, crm.member_name(c.owner_id).to_string())}
                        {opt_row(T::FieldNotes, c.notes.clone())}
                        <dt>{lang.t(T::FieldCreated)}</dt><dd>{i18n::format_datetime(lang, c.created_at, crate::web::utc_offset_minutes())}</dd>
                        <dt>{lang.t(T::FieldUpdated)}</dt><dd>{i18n::format_datetime(lang, c.updated_at, crate::web::utc_offset_minutes())}</dd>
                    </dl>
                </section>
            })
        })
    };
    view! {
        <Show when=move || exists.get() fallback=|| view! { <MissingRecord back="/contacts" /> }>
            <div class="page detail-page">
                {body}
                <SalesCard record=crate::model::Target::new(Kind::Contact, id) />
                <AttachmentsCard kind=crate::model::Kind::Contact id=id />
                <Timeline id=id />
            </div>
        </Show>
        <Confirm
            open=confirm
            message=Signal::derive(move || app.t(T::ConfirmDeleteContact).to_string())
            confirm_label=T::Delete
            on_confirm=delete.clone()
        >
            {activities_choice(id, keep)}
        </Confirm>
    }
    .into_any()
}

//! An organization's detail page with its contacts and their roles.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use uuid::Uuid;

use crate::i18n::{self, T};
use crate::model::ActivitiesOnDelete;
use crate::model::Kind;
use crate::ui::pages::contact::safe_link;
use crate::ui::routes::link;
use crate::ui::routes::param_id;
use crate::ui::routes::{edit_href, new_from_href, record_href};
use crate::ui::state::use_app;
use crate::ui::widgets::attachments::AttachmentsCard;
use crate::ui::widgets::confirm::Confirm;
use crate::ui::widgets::missing::MissingRecord;
use crate::ui::widgets::sales_card::SalesCard;
use crate::ui::widgets::timeline::{activities_choice, log_buttons, Timeline};

#[component]
pub fn OrganizationPage() -> impl IntoView {
    let app = use_app();
    let Some(id) = param_id("id") else { return view! { <MissingRecord back="/organizations" /> }.into_any() };
    let exists = Memo::new(move |_| app.read_all(|c| c.organization(id).is_some()));
    let confirm = RwSignal::new(false);
    let keep = RwSignal::new(true);
    let navigate = use_navigate();
    let delete = move || {
        let navigate = navigate.clone();
        let what = if keep.get_untracked() { ActivitiesOnDelete::Keep } else { ActivitiesOnDelete::Delete };
        app.delete(move |crm, ctx| crm.delete_organization(id, what, ctx), move || navigate("/organizations", NavigateOptions::default()));
    };
    let mark_primary = move |contact: Uuid| {
        leptos::task::spawn_local(async move {
            let _ = app
                .commit(move |crm, ctx| match crm.contact(contact) {
                    Some(c) => crm.save_contact(c.clone(), true, ctx),
                    None => Ok(Vec::new()),
                })
                .await;
        });
    };
    let contacts = move || {
        let lang = app.lang.get();
        app.read_all(|crm| {
            let list = crm.contacts_of(id);
            if list.is_empty() {
                return view! { <p class="muted">{lang.t(T::NoContactsInOrganization)}</p> }.into_any();
            }
            let items = list
                .into_iter()
                .map(|c| {
                    let cid = c.id;
                    let primary = crm.is_primary(c);
                    view! {
                        <li class="org-contact" class:is-primary=primary>
                            <a href=link(record_href(Kind::Contact, cid))><strong>{c.full_name()}</strong></a>
                            <span class="sub">{c.position.clone()}</span>
                            <span class="badge">{lang.t(i18n::role(c.role))}</span>
                            {if primary {
                                view! { <span class="badge primary">"★ "{lang.t(T::PrimaryContact)}</span> }.into_any()
                            } else {
                                view! { <button type="button" class="link" on:click=move |_| mark_primary(cid)>{lang.t(T::MarkPrimary)}</button> }.into_any()
                            }}
                            <span class="sub">{c.primary_email().unwrap_or_default().to_string()}</span>
                        </li>
                    }
                })
                .collect_view();
            view! { <ul class="org-contacts">{items}</ul> }.into_any()
        })
    };
    let body = move || {
        let lang = app.lang.get();
        app.read_all(|crm| {
            let o = crm.organization(id)?.clone();
            let row = |label: T, value: String| (!value.is_empty()).then(|| view! { <dt>{lang.t(label)}</dt><dd class="pre">{value}</dd> });
            let tel = crate::model::phone::tel_uri(&o.phone).unwrap_or_default();
            Some(view! {
                <header class="page-head">
                    <div>
                        <h1>{o.name.clone()}</h1>
                        <p class="subtitle">{o.industry.clone()}</p>
                        <p class="badges">{o.tags.iter().map(|t| view! { <span class="tag">{t.clone()}</span> }).collect_view()}</p>
                    </div>
                    <div class="actions">
                        <crate::ui::widgets::follow::FollowButton kind=crate::model::Kind::Organization id=id />
                        <a class="button" href=link(edit_href(Kind::Organization, id))>{lang.t(T::Edit)}</a>
                        <button type="button" class="button danger" on:click=move |_| confirm.set(true)>{lang.t(T::Delete)}</button>
                    </div>
                </header>
                {log_buttons(crate::model::Target::new(Kind::Organization, id))}
                <section class="card">
                    <h2>{lang.t(T::Details)}</h2>
                    <dl class="details">
                        {row(T::FieldIco, o.ico.clone())}
                        {row(T::FieldDic, o.dic.clone())}
                        {(!o.website.is_empty()).then(|| view! { <dt>{lang.t(T::FieldWebsite)}</dt><dd>{safe_link(o.website.clone())}</dd> })}
                        {(!o.email.is_empty()).then(|| view! { <dt>{lang.t(T::FieldEmail)}</dt><dd><a href=format!("mailto:{}", o.email)>{o.email.clone()}</a></dd> })}
                        {(!o.phone.is_empty()).then(|| view! { <dt>{lang.t(T::FieldPhone)}</dt><dd><a href=tel>{o.phone.clone()}</a></dd> })}
                        {row(T::FieldBillingAddress, o.billing_address.one_line())}
                        {row(T::FieldPostalAddress, o.postal_address.one_line())}
                        {row(T::FieldOwner, crm.member_name(o.owner_id).to_string())}
                        {row(T::FieldNotes, o.notes.clone())}
                    </dl>
                </section>
            })
        })
    };
    view! {
        <Show when=move || exists.get() fallback=|| view! { <MissingRecord back="/organizations" /> }>
            <div class="page detail-page">
                {body}
                <section class="card" aria-labelledby="org-contacts-title">
                    <div class="card-head">
                        <h2 id="org-contacts-title">{move || app.t(T::ContactsOfOrganization)}</h2>
                        <a class="button small" href=link(new_from_href(Kind::Contact, crate::model::Target::new(Kind::Organization, id)))>{move || format!("+ {}", app.t(T::AddContactHere))}</a>
                    </div>
                    {contacts}
                </section>
                <SalesCard record=crate::model::Target::new(Kind::Organization, id) />
                <crate::ui::widgets::after_sale::AfterSaleCard organization=id />
                <AttachmentsCard kind=crate::model::Kind::Organization id=id />
                <Timeline id=id />
            </div>
        </Show>
        <Confirm
            open=confirm
            message=Signal::derive(move || {
                let (n, delivery) = app.read_all(|c| (c.contact_count_of(id), c.delivery_count_of(id)));
                let mut text = app.t(T::ConfirmDeleteOrganization).to_string();
                if n > 0 {
                    text = format!("{text} {}: {n}.", app.t(T::ContactsKept));
                }
                if delivery > 0 {
                    text = format!("{text} {}: {delivery}.", app.t(T::DeliveryDeleted));
                }
                text
            })
            confirm_label=T::Delete
            on_confirm=delete.clone()
        >
            {activities_choice(id, keep)}
        </Confirm>
    }
    .into_any()
}

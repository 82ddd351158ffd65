//! Create or edit an organization.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use crate::i18n::T;
use crate::model::validate::parse_tags;
use crate::model::Kind;
use crate::model::{Address, FieldError, Organization};
use crate::ui::pages::not_found::MissingRecord;
use crate::ui::pages::param_id;
use crate::ui::routes::record_href;
use crate::ui::state::use_app;
use crate::ui::widgets::duplicate_warning::duplicate_warning;
use crate::ui::widgets::fields::{error_summary, form_actions, tags_field, text_area, text_field};
use crate::ui::widgets::team::member_select;
use crate::web;

#[component]
pub fn OrganizationNew() -> impl IntoView {
    let mut o = Organization::new(web::fresh_id(), web::now());
    o.owner_id = use_app().me.get_untracked();
    view! { <OrganizationForm org=o is_new=true /> }
}

#[component]
pub fn OrganizationEdit() -> impl IntoView {
    let app = use_app();
    match param_id("id").and_then(|id| app.read_untracked(|c| c.organization(id).cloned())) {
        Some(o) => view! { <OrganizationForm org=o is_new=false /> }.into_any(),
        None => view! { <MissingRecord back="/organizations" /> }.into_any(),
    }
}

fn address_fields(postal: bool, draft: RwSignal<Organization>, errors: RwSignal<Vec<FieldError>>) -> impl IntoView {
    let get = move |f: fn(&Address) -> &String| move || draft.with(|d| f(if postal { &d.postal_address } else { &d.billing_address }).clone());
    let set = move |f: fn(&mut Address) -> &mut String| {
        move |v: String| draft.update(|d| *f(if postal { &mut d.postal_address } else { &mut d.billing_address }) = v)
    };
    let (street, city, zip, country) = if postal {
        ("postal_address.street", "postal_address.city", "postal_address.postal_code", "postal_address.country")
    } else {
        ("billing_address.street", "billing_address.city", "billing_address.postal_code", "billing_address.country")
    };
    view! {
        <div class="grid">
            {text_field(T::FieldStreet, street, "text", get(|a| &a.street), set(|a| &mut a.street), errors)}
            {text_field(T::FieldCity, city, "text", get(|a| &a.city), set(|a| &mut a.city), errors)}
            {text_field(T::FieldPostalCode, zip, "text", get(|a| &a.postal_code), set(|a| &mut a.postal_code), errors)}
            {text_field(T::FieldCountry, country, "text", get(|a| &a.country), set(|a| &mut a.country), errors)}
        </div>
    }
}

#[component]
fn OrganizationForm(org: Organization, is_new: bool) -> impl IntoView {
    let app = use_app();
    let id = org.id;
    let same_postal = RwSignal::new(org.postal_address.is_empty() || org.postal_address == org.billing_address);
    let tags = RwSignal::new(org.tags.join(", "));
    let draft = RwSignal::new(org);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let saving = RwSignal::new(false);
    let navigate = use_navigate();

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        let mut o = draft.get_untracked();
        o.tags = parse_tags(&tags.get_untracked());
        for s in [&mut o.name, &mut o.ico, &mut o.dic, &mut o.industry, &mut o.website, &mut o.email, &mut o.phone] {
            *s = s.trim().to_string();
        }
        o.ico.retain(|c| !c.is_whitespace());
        if same_postal.get_untracked() {
            o.postal_address = Address::default();
        }
        let navigate = navigate.clone();
        app.save_form(
            saving,
            errors,
            move |crm, ctx| crm.save_organization(o, ctx),
            move || navigate(&record_href(Kind::Organization, id), NavigateOptions { replace: is_new, ..Default::default() }),
        );
    };
    let cancel_href = if is_new { "/organizations".to_string() } else { record_href(Kind::Organization, id) };
    view! {
        <form class="page form-page" on:submit=save novalidate>
            <header class="page-head">
                <h1>{move || app.t(if is_new { T::NewOrganization } else { T::EditOrganization })}</h1>
            </header>
            {error_summary(errors)}
            {duplicate_warning(crate::model::Kind::Organization, is_new, draft, crate::model::Rec::Organization)}
            <section class="card">
                <div class="grid">
                    {text_field(T::FieldName, "name", "text", move || draft.with(|d| d.name.clone()), move |v| draft.update(|d| d.name = v), errors)}
                    {text_field(T::FieldIndustry, "industry", "text", move || draft.with(|d| d.industry.clone()), move |v| draft.update(|d| d.industry = v), errors)}
                    {text_field(T::FieldIco, "ico", "text", move || draft.with(|d| d.ico.clone()), move |v| draft.update(|d| d.ico = v), errors)}
                    {text_field(T::FieldDic, "dic", "text", move || draft.with(|d| d.dic.clone()), move |v| draft.update(|d| d.dic = v), errors)}
                    {text_field(T::FieldWebsite, "website", "url", move || draft.with(|d| d.website.clone()), move |v| draft.update(|d| d.website = v), errors)}
                    {text_field(T::FieldEmail, "email", "email", move || draft.with(|d| d.email.clone()), move |v| draft.update(|d| d.email = v), errors)}
                    {text_field(T::FieldPhone, "phone", "tel", move || draft.with(|d| d.phone.clone()), move |v| draft.update(|d| d.phone = v), errors)}
                </div>
            </section>
            <section class="card">
                <h2>{move || app.t(T::FieldBillingAddress)}</h2>
                {address_fields(false, draft, errors)}
                <label class="check">
                    <input type="checkbox" prop:checked=move || same_postal.get() on:change=move |ev| same_postal.set(event_target_checked(&ev)) />
                    " "{move || app.t(T::SameAsBilling)}
                </label>
                <Show when=move || !same_postal.get()>
                    <h2>{move || app.t(T::FieldPostalAddress)}</h2>
                    {address_fields(true, draft, errors)}
                </Show>
            </section>
            <section class="card">
                <div class="grid">
                    {member_select(T::FieldOwner, "owner_id", move || draft.with(|d| d.owner_id), move |v| draft.update(|d| d.owner_id = v), errors)}
                    {tags_field(tags, errors)}
                </div>
                {text_area(T::FieldNotes, "notes", move || draft.with(|d| d.notes.clone()), move |v| draft.update(|d| d.notes = v), errors)}
            </section>
            {form_actions(saving, cancel_href)}
        </form>
    }
}

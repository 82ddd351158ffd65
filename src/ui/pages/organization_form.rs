//! Create or edit an organization.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use crate::i18n::T;
use crate::model::validate::parse_tags;
use crate::model::Kind;
use crate::model::{Address, Organization};
use crate::ui::routes::record_href;
use crate::ui::state::use_app;
use crate::ui::widgets::duplicate_warning::duplicate_warning;
use crate::ui::widgets::fields::tags_field;
use crate::ui::widgets::form::{edit_page, lens, Form};
use crate::web;

#[component]
pub fn OrganizationNew() -> impl IntoView {
    let mut o = Organization::new(web::fresh_id(), web::now());
    o.owner_id = use_app().me.get_untracked();
    view! { <OrganizationForm org=o is_new=true /> }
}

#[component]
pub fn OrganizationEdit() -> impl IntoView {
    edit_page("/organizations", |c, id| c.organization(id).cloned(), |o| view! { <OrganizationForm org=o is_new=false /> }.into_any())
}

fn address_fields(postal: bool, form: Form<Organization>) -> impl IntoView {
    if postal {
        view! {
            <div class="grid">
                {form.text(T::FieldStreet, lens!(postal_address.street))}
                {form.text(T::FieldCity, lens!(postal_address.city))}
                {form.text(T::FieldPostalCode, lens!(postal_address.postal_code))}
                {form.text(T::FieldCountry, lens!(postal_address.country))}
            </div>
        }
    } else {
        view! {
            <div class="grid">
                {form.text(T::FieldStreet, lens!(billing_address.street))}
                {form.text(T::FieldCity, lens!(billing_address.city))}
                {form.text(T::FieldPostalCode, lens!(billing_address.postal_code))}
                {form.text(T::FieldCountry, lens!(billing_address.country))}
            </div>
        }
    }
}

#[component]
fn OrganizationForm(org: Organization, is_new: bool) -> impl IntoView {
    let app = use_app();
    let id = org.id;
    let same_postal = RwSignal::new(org.postal_address.is_empty() || org.postal_address == org.billing_address);
    let tags = RwSignal::new(org.tags.join(", "));
    let form = Form::new(org);
    let navigate = use_navigate();

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut o = form.draft.get_untracked();
        o.tags = parse_tags(&tags.get_untracked());
        for s in [&mut o.name, &mut o.ico, &mut o.dic, &mut o.industry, &mut o.website, &mut o.email, &mut o.phone] {
            *s = s.trim().to_string();
        }
        o.ico.retain(|c| !c.is_whitespace());
        if same_postal.get_untracked() {
            o.postal_address = Address::default();
        }
        let navigate = navigate.clone();
        form.save(
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
            {form.summary()}
            {duplicate_warning(Kind::Organization, is_new, form.draft, crate::model::Rec::Organization)}
            <section class="card">
                <div class="grid">
                    {form.text(T::FieldName, lens!(name))}
                    {form.text(T::FieldIndustry, lens!(industry))}
                    {form.text(T::FieldIco, lens!(ico))}
                    {form.text(T::FieldDic, lens!(dic))}
                    {form.input(T::FieldWebsite, "url", lens!(website))}
                    {form.input(T::FieldEmail, "email", lens!(email))}
                    {form.input(T::FieldPhone, "tel", lens!(phone))}
                </div>
            </section>
            <section class="card">
                <h2>{move || app.t(T::FieldBillingAddress)}</h2>
                {address_fields(false, form)}
                <label class="check">
                    <input type="checkbox" prop:checked=move || same_postal.get() on:change=move |ev| same_postal.set(event_target_checked(&ev)) />
                    " "{move || app.t(T::SameAsBilling)}
                </label>
                <Show when=move || !same_postal.get()>
                    <h2>{move || app.t(T::FieldPostalAddress)}</h2>
                    {address_fields(true, form)}
                </Show>
            </section>
            <section class="card">
                <div class="grid">
                    {form.member(T::FieldOwner, lens!(owner_id))}
                    {tags_field(tags, form.errors)}
                </div>
                {form.area(T::FieldNotes, lens!(notes))}
            </section>
            {form.actions(cancel_href)}
        </form>
    }
}

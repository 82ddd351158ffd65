//! Settings: your company, as quotes name the supplier, and the default
//! SLA terms it gives tickets without a contract's.

use leptos::prelude::*;

use crate::i18n::T;
use crate::model::contract::Sla;
use crate::model::supplier::Supplier;
use crate::model::Kind;
use crate::ui::state::use_app;
use crate::ui::widgets::fields::error_summary;
use crate::ui::widgets::form::{lens, Form};
use crate::ui::widgets::sla_terms::{sla_editor, SlaInputs};
use crate::ui::widgets::stale::Guard;
use crate::web;

#[component]
pub fn SupplierCard() -> impl IntoView {
    let app = use_app();
    let stored = move || app.read(&[Kind::Supplier], |c| c.supplier().cloned()).unwrap_or_else(|| Supplier::new(web::now()));
    let form = Form::new(app.read_untracked(|c| c.supplier().cloned()).unwrap_or_else(|| Supplier::new(web::now())));
    let Form { draft, saving, .. } = form;
    form.follow(stored);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut s = draft.get_untracked();
        for f in [&mut s.name, &mut s.ico, &mut s.dic, &mut s.email, &mut s.phone, &mut s.website, &mut s.bank_account, &mut s.registration] {
            *f = f.trim().to_string();
        }
        form.save(move |crm, ctx| crm.save_supplier(s, ctx), || {});
    };
    view! {
        <section class="card" aria-labelledby="supplier-title">
            <h2 id="supplier-title">{move || app.t(T::Supplier)}</h2>
            <p class="hint">{move || app.t(T::SupplierHint)}</p>
            <form on:submit=save novalidate id="supplier-form">
                {form.summary()}
                <div class="grid">
                    {form.text(T::FieldName, lens!(name))}
                    {form.text(T::FieldIco, lens!(ico))}
                    {form.text(T::FieldDic, lens!(dic))}
                    {form.text(T::FieldStreet, lens!(address.street))}
                    {form.text(T::FieldCity, lens!(address.city))}
                    {form.text(T::FieldPostalCode, lens!(address.postal_code))}
                    {form.text(T::FieldCountry, lens!(address.country))}
                    {form.input(T::FieldEmail, "email", lens!(email))}
                    {form.input(T::FieldPhone, "tel", lens!(phone))}
                    {form.input(T::FieldWebsite, "url", lens!(website))}
                    {form.text(T::FieldBankAccount, lens!(bank_account))}
                    {form.text(T::FieldRegistration, lens!(registration))}
                </div>
                <div class="form-actions">
                    <button type="submit" class="button primary" prop:disabled=move || saving.get()>{move || app.t(T::Save)}</button>
                </div>
            </form>
        </section>
    }
}

/// Settings: the SLA tickets get when their contract has no terms (or
/// they have no contract); none means such tickets have no SLA.
#[component]
pub fn SlaDefaultsCard() -> impl IntoView {
    let app = use_app();
    let stored = move || app.read(&[Kind::Supplier], |c| c.supplier().and_then(|s| s.default_sla.clone()));
    let first = app.read_untracked(|c| c.supplier().and_then(|s| s.default_sla.clone()));
    let inputs = RwSignal::new(SlaInputs::new(first.as_ref()));
    let guard = Guard::new(first);
    let errors = RwSignal::new(Vec::new());
    let saving = RwSignal::new(false);
    // New inputs belong to the card, not to the notice or effect that
    // asked for them (those are disposed when they rerun).
    let owner = StoredValue::new(Owner::current().unwrap_or_default());
    let take = move |sla: Option<Sla>| {
        inputs.set(owner.with_value(|o| o.with(|| SlaInputs::new(sla.as_ref()))));
        guard.reset(sla);
    };
    // Another tab (or an import) changed the terms: an untouched editor
    // shows those; edits stay, and their save says what happened.
    Effect::new(move |_| {
        let sla = stored();
        if !saving.get_untracked() && guard.moved(&sla) && guard.untouched(&inputs.get_untracked().read(&mut Vec::new())) {
            take(sla);
        }
    });
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut problems = Vec::new();
        let sla = inputs.get_untracked().read(&mut problems);
        if !problems.is_empty() {
            errors.set(problems);
            return;
        }
        app.save_form(
            saving,
            errors,
            move |crm, ctx| {
                let s = crm.supplier().cloned().unwrap_or_else(|| Supplier::new(ctx.now));
                guard.check(s.default_sla.clone())?;
                crm.save_supplier(Supplier { default_sla: sla, ..s }, ctx)
            },
            move || guard.reset(app.read_untracked(|c| c.supplier().and_then(|s| s.default_sla.clone()))),
        );
    };
    view! {
        <section class="card" id="sla-defaults" aria-labelledby="sla-defaults-title">
            <h2 id="sla-defaults-title">{move || app.t(T::SlaDefaults)}</h2>
            <p class="hint">{move || app.t(T::SlaDefaultsHint)}</p>
            <form on:submit=save novalidate id="sla-defaults-form">
                {guard.notice("sla-defaults-stale", take)}
                {error_summary(errors)}
                {move || sla_editor(inputs.get(), T::SlaTerms, errors)}
                <div class="form-actions">
                    <button type="submit" class="button primary" prop:disabled=move || saving.get()>{move || app.t(T::Save)}</button>
                </div>
            </form>
        </section>
    }
}

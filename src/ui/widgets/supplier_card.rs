//! Settings: your company, as quotes name the supplier.

use leptos::prelude::*;

use crate::i18n::T;
use crate::model::supplier::Supplier;
use crate::model::FieldError;
use crate::ui::state::use_app;
use crate::ui::widgets::fields::{error_summary, text_field};
use crate::web;

#[component]
pub fn SupplierCard() -> impl IntoView {
    let app = use_app();
    let stored = move || app.read_all(|c| c.supplier().cloned()).unwrap_or_else(|| Supplier::new(web::now()));
    let draft = RwSignal::new(app.read_untracked(|c| c.supplier().cloned()).unwrap_or_else(|| Supplier::new(web::now())));
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let saving = RwSignal::new(false);
    // Another tab (or an import) changed it: show that.
    Effect::new(move |_| {
        let s = stored();
        if !saving.get_untracked() {
            draft.set(s);
        }
    });
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut s = draft.get_untracked();
        for f in [&mut s.name, &mut s.ico, &mut s.dic, &mut s.email, &mut s.phone, &mut s.website, &mut s.bank_account, &mut s.registration] {
            *f = f.trim().to_string();
        }
        app.save_form(saving, errors, move |crm, ctx| crm.save_supplier(s, ctx), || {});
    };
    macro_rules! field {
        ($label:expr, $name:literal, $kind:literal, $($f:tt)+) => {
            text_field($label, $name, $kind, move || draft.with(|d| d.$($f)+.clone()), move |v| draft.update(|d| d.$($f)+ = v), errors)
        };
    }
    view! {
        <section class="card" aria-labelledby="supplier-title">
            <h2 id="supplier-title">{move || app.t(T::Supplier)}</h2>
            <p class="hint">{move || app.t(T::SupplierHint)}</p>
            <form on:submit=save novalidate id="supplier-form">
                {error_summary(errors)}
                <div class="grid">
                    {field!(T::FieldName, "name", "text", name)}
                    {field!(T::FieldIco, "ico", "text", ico)}
                    {field!(T::FieldDic, "dic", "text", dic)}
                    {field!(T::FieldStreet, "address.street", "text", address.street)}
                    {field!(T::FieldCity, "address.city", "text", address.city)}
                    {field!(T::FieldPostalCode, "address.postal_code", "text", address.postal_code)}
                    {field!(T::FieldCountry, "address.country", "text", address.country)}
                    {field!(T::FieldEmail, "email", "email", email)}
                    {field!(T::FieldPhone, "phone", "tel", phone)}
                    {field!(T::FieldWebsite, "website", "url", website)}
                    {field!(T::FieldBankAccount, "bank_account", "text", bank_account)}
                    {field!(T::FieldRegistration, "registration", "text", registration)}
                </div>
                <div class="form-actions">
                    <button type="submit" class="button primary" prop:disabled=move || saving.get()>{move || app.t(T::Save)}</button>
                </div>
            </form>
        </section>
    }
}

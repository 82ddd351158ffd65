//! Settings: your company, as quotes name the supplier.

use leptos::prelude::*;

use crate::i18n::T;
use crate::model::supplier::Supplier;
use crate::ui::state::use_app;
use crate::ui::widgets::form::{lens, Form};
use crate::web;

#[component]
pub fn SupplierCard() -> impl IntoView {
    let app = use_app();
    let stored = move || app.read_all(|c| c.supplier().cloned()).unwrap_or_else(|| Supplier::new(web::now()));
    let form = Form::new(app.read_untracked(|c| c.supplier().cloned()).unwrap_or_else(|| Supplier::new(web::now())));
    let Form { draft, saving, .. } = form;
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

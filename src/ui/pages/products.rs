//! The product and service catalogue: a searchable list, and a form to add
//! or edit an item (quotes pick their lines from here).

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use uuid::Uuid;

use crate::i18n::{self, T};
use crate::model::money::{amount_input, parse_amount, Decimal, CURRENCIES, CZECH_VAT_RATES};
use crate::model::product::Product;
use crate::model::validate::parse_tags;
use crate::model::Kind;
use crate::model::{FieldError, Problem};
use crate::ui::routes::link;
use crate::ui::routes::record_href;
use crate::ui::state::use_app;
use crate::ui::widgets::attachments::AttachmentsCard;
use crate::ui::widgets::confirm::Confirm;
use crate::ui::widgets::fields::{error_line, tags_field, text_input};
use crate::ui::widgets::form::{edit_page, lens, Form};
use crate::ui::widgets::list::{column_header, search_results, sort_header, sorted_ids, ListFrame, ListTexts};
use crate::web;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SortBy {
    Name,
    Price,
}

/// What the list shows: the catalogue.
const SHOWN: &[Kind] = &[Kind::Product];

#[component]
pub fn ProductsPage() -> impl IntoView {
    let app = use_app();
    let query = RwSignal::new(String::new());
    let sort = RwSignal::new((SortBy::Name, false));
    let sorted = Memo::new(move |_| {
        let (by, desc) = sort.get();
        app.read(SHOWN, |crm| match by {
            SortBy::Name => sorted_ids(crm, crm.products().map(|p| ((!p.active, crm.sort_key(p.id).to_string()), p.id)), desc),
            SortBy::Price => sorted_ids(crm, crm.products().map(|p| ((p.unit_price, crm.sort_key(p.id).to_string()), p.id)), desc),
        })
    });
    let visible = search_results(app, SHOWN, sorted, query);
    let total = Memo::new(move |_| app.read(SHOWN, |c| c.products().count()));
    let row = move |id: Uuid| {
        let lang = app.lang.get();
        app.read(SHOWN, |crm| {
            crm.product(id).map(|p| {
                view! {
                    <div class="row product-row" class:inactive=!p.active>
                        <span class="cell name" role="cell"><a class="row-link" href=link(record_href(Kind::Product, id))><strong>{p.name.clone()}</strong><small class="sub">{p.code.clone()}</small></a></span>
                        <span role="cell" class="cell unit">{p.unit.clone()}</span>
                        <span role="cell" class="cell price">{i18n::format_money(lang, p.unit_price, &p.currency)}</span>
                        <span role="cell" class="cell vat">{format!("{} %", p.vat_rate)}</span>
                        <span role="cell" class="cell active">{if p.active { "" } else { lang.t(T::Inactive) }}</span>
                    </div>
                }
            })
        })
    };
    let header = move || {
        view! {
            {sort_header(sort, SortBy::Name, T::FieldName, "name")}
            {column_header("unit", T::FieldUnit)}
            {sort_header(sort, SortBy::Price, T::FieldUnitPrice, "price")}
            {column_header("vat", T::FieldVatRate)}
            {column_header("active", T::FieldStatus)}
        }
    };
    view! {
        <ListFrame
            texts=ListTexts {
                title: T::NavProducts,
                new_href: "/products/new",
                new_label: T::NewProduct,
                search_hint: T::SearchProductsHint,
                empty: T::NoProductsYet,
                table_class: "products-table",
                csv: Some(crate::ui::csv_export::PRODUCTS),
                bulk: Some(crate::model::Kind::Product),
            }
            query=query
            visible=visible
            total=total
            header=header
            row=row
        />
    }
}

#[component]
pub fn ProductNew() -> impl IntoView {
    view! { <ProductForm product=Product::new(web::fresh_id(), web::now()) is_new=true /> }
}

#[component]
pub fn ProductEdit() -> impl IntoView {
    edit_page("/products", |c, id| c.product(id).cloned(), |p| view! { <ProductForm product=p is_new=false /> }.into_any())
}

/// A VAT rate select: the Czech rates, plus the record's own if different.
pub fn vat_options(current: Decimal) -> Vec<Decimal> {
    let mut rates = CZECH_VAT_RATES.to_vec();
    if !rates.contains(&current) {
        rates.push(current);
    }
    rates
}

#[component]
fn ProductForm(product: Product, is_new: bool) -> impl IntoView {
    let app = use_app();
    let id = product.id;
    let tags = RwSignal::new(product.tags.join(", "));
    let price = RwSignal::new(if is_new { String::new() } else { amount_input(product.unit_price) });
    let warranty = RwSignal::new(if product.warranty_months == 0 { String::new() } else { product.warranty_months.to_string() });
    let rates = vat_options(product.vat_rate);
    let form = Form::new(product);
    let Form { draft, errors, saving, .. } = form;
    let confirm = RwSignal::new(false);
    let navigate = use_navigate();
    let nav = navigate.clone();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut p = draft.get_untracked();
        let mut problems = Vec::new();
        p.name = p.name.trim().to_string();
        p.code = p.code.trim().to_string();
        p.unit = p.unit.trim().to_string();
        p.tags = parse_tags(&tags.get_untracked());
        p.unit_price = parse_amount(&price.get_untracked()).unwrap_or_else(|| {
            problems.push(FieldError::new("unit_price", Problem::Malformed(app.t(T::NotAnAmount).into())));
            0
        });
        p.warranty_months = match warranty.get_untracked().trim() {
            "" => 0,
            w => w.parse().unwrap_or_else(|_| {
                problems.push(FieldError::new("warranty_months", Problem::OutOfRange { min: 0, max: 1200 }));
                0
            }),
        };
        if !problems.is_empty() {
            errors.set(problems);
            return;
        }
        let navigate = nav.clone();
        app.save_form(saving, errors, form.checked(move |crm, ctx| crm.save_product(p, ctx)), move || {
            navigate("/products", NavigateOptions { replace: is_new, ..Default::default() })
        });
    };
    let delete = move || {
        let navigate = navigate.clone();
        app.delete(move |crm, ctx| crm.delete_product(id, ctx), move || navigate("/products", NavigateOptions::default()));
    };
    view! {
        <form class="page form-page" on:submit=save novalidate>
            <header class="page-head">
                <h1>{move || app.t(if is_new { T::NewProduct } else { T::EditProduct })}</h1>
                {(!is_new).then(|| view! {
                    <div class="actions"><button type="button" class="button danger" on:click=move |_| confirm.set(true)>{move || app.t(T::Delete)}</button></div>
                })}
            </header>
            {form.summary()}
            <section class="card">
                <div class="grid">
                    {form.text(T::FieldName, lens!(name))}
                    {form.text(T::FieldCode, lens!(code))}
                    {form.text(T::FieldUnit, lens!(unit))}
                    {text_input(T::FieldUnitPrice, "unit_price", price, errors)}
                    <div class="field">
                        <label for="f-currency">{move || app.t(T::FieldCurrency)}</label>
                        <select id="f-currency" on:change=move |ev| draft.update(|d| d.currency = event_target_value(&ev))>
                            {CURRENCIES.iter().map(|c| view! { <option value=*c selected=move || draft.with(|d| d.currency == *c)>{*c}</option> }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="f-vat_rate">{move || app.t(T::FieldVatRate)}</label>
                        <select id="f-vat_rate" on:change=move |ev| if let Some(r) = Decimal::parse(&event_target_value(&ev)) { draft.update(|d| d.vat_rate = r) }>
                            {rates.into_iter().map(|r| view! { <option value=r.to_string() selected=move || draft.with(|d| d.vat_rate == r)>{format!("{r} %")}</option> }).collect_view()}
                        </select>
                        {error_line(errors, "vat_rate")}
                    </div>
                    {text_input(T::FieldWarrantyMonths, "warranty_months", warranty, errors)}
                    <label class="check">
                        <input type="checkbox" id="f-active" prop:checked=move || draft.with(|d| d.active) on:change=move |ev| draft.update(|d| d.active = event_target_checked(&ev)) />
                        " "{move || app.t(T::FieldActive)}
                    </label>
                </div>
            </section>
            <section class="card">
                {tags_field(tags, errors)}
                {form.area(T::FieldNotes, lens!(notes))}
            </section>
            {form.actions("/products".to_string())}
        </form>
        {(!is_new).then(|| view! { <div class="page form-page"><AttachmentsCard kind=crate::model::Kind::Product id=id /></div> })}
        <Confirm open=confirm message=Signal::derive(move || app.t(T::ConfirmDeleteProduct).to_string()) confirm_label=T::Delete on_confirm=delete.clone() />
    }
}

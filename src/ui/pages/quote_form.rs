//! Create or edit a quote: the customer (organization, contact,
//! opportunity), validity, and line items from the catalogue or free text,
//! with totals per VAT rate as you type.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use uuid::Uuid;

use crate::i18n::{self, Lang, T};
use crate::model::money::{amount_input, parse_amount, Decimal, CURRENCIES, CZECH_VAT_RATES};
use crate::model::quote::{Quote, QuoteItem};
use crate::model::validate::parse_tags;
use crate::model::Ctx;
use crate::model::{FieldError, Kind, Problem, Target};
use crate::ui::routes::{from_id, record_href};
use crate::ui::state::use_app;
use crate::ui::widgets::fields::{date_field, error_line, tags_field, text_field};
use crate::ui::widgets::form::{edit_page, lens, Form};
use crate::ui::widgets::org_picker::OrgPicker;
use crate::web;

#[component]
pub fn QuoteNew() -> impl IntoView {
    let app = use_app();
    let from = [Kind::Opportunity, Kind::Contact, Kind::Organization]
        .into_iter()
        .find_map(|kind| from_id(kind).map(|id| Target { kind, id }))
        .unwrap_or(Target { kind: Kind::Quote, id: Uuid::nil() });
    let now = web::now();
    let today = i18n::local_date(now, web::offset_at(now));
    let mut fresh = web::fresh_id;
    let me = app.me.get_untracked();
    let q = app.read_untracked(|crm| crm.new_quote(from, today, &mut Ctx { now, me, new_id: &mut fresh }));
    view! { <QuoteForm quote=q is_new=true /> }
}

#[component]
pub fn QuoteEdit() -> impl IntoView {
    edit_page("/quotes", |c, id| c.quote(id).cloned(), |q| view! { <QuoteForm quote=q is_new=false /> }.into_any())
}

/// A line as typed: numbers stay text until saved, so "1,5" can be typed.
#[derive(Debug, Clone, PartialEq)]
struct Line {
    key: u32,
    product_id: Option<Uuid>,
    name: String,
    quantity: String,
    unit: String,
    unit_price: String,
    discount: String,
    vat_rate: Decimal,
}

impl Line {
    fn from_item(key: u32, i: &QuoteItem) -> Line {
        Line {
            key,
            product_id: i.product_id,
            name: i.name.clone(),
            quantity: i.quantity.to_string(),
            unit: i.unit.clone(),
            unit_price: amount_input(i.unit_price),
            discount: if i.discount.is_zero() { String::new() } else { i.discount.to_string() },
            vat_rate: i.vat_rate,
        }
    }

    /// The item, or the fields that do not parse.
    fn item(&self, index: usize) -> Result<QuoteItem, Vec<FieldError>> {
        let mut e = Vec::new();
        let mut bad = |field: &str| e.push(FieldError::new(format!("items[{index}].{field}"), Problem::NotANumber));
        let quantity = Decimal::parse(&self.quantity);
        let unit_price = parse_amount(&self.unit_price);
        let discount = if self.discount.trim().is_empty() { Some(Decimal::ZERO) } else { Decimal::parse(&self.discount) };
        if quantity.is_none() {
            bad("quantity");
        }
        if unit_price.is_none() {
            bad("unit_price");
        }
        if discount.is_none() {
            bad("discount");
        }
        match (quantity, unit_price, discount) {
            (Some(quantity), Some(unit_price), Some(discount)) => Ok(QuoteItem {
                product_id: self.product_id,
                name: self.name.trim().to_string(),
                quantity,
                unit: self.unit.trim().to_string(),
                unit_price,
                discount,
                vat_rate: self.vat_rate,
            }),
            _ => Err(e),
        }
    }
}

/// "1 234,50 Kč" in the quote's currency.
fn money(lang: Lang, minor: i64, currency: &str) -> String {
    i18n::format_money(lang, minor, currency)
}

#[component]
fn QuoteForm(quote: Quote, is_new: bool) -> impl IntoView {
    let app = use_app();
    let id = quote.id;
    let tags = RwSignal::new(quote.tags.join(", "));
    let issued = RwSignal::new(crate::model::time::format_date(quote.issued_on));
    let valid = RwSignal::new(crate::model::time::format_date(quote.valid_until));
    let org = RwSignal::new(quote.organization_id);
    let next_key = StoredValue::new(quote.items.len() as u32);
    let lines = RwSignal::new(quote.items.iter().enumerate().map(|(i, item)| Line::from_item(i as u32, item)).collect::<Vec<_>>());
    let form = Form::new(quote);
    let Form { draft, errors, saving, .. } = form;
    let currency = Signal::derive(move || draft.with(|d| d.currency.clone()));
    let navigate = use_navigate();
    let add_line = move |product: Option<Uuid>| {
        let key = next_key.get_value();
        next_key.set_value(key + 1);
        let line = app.read_untracked(|crm| match product.and_then(|p| crm.product(p)) {
            Some(p) => Line {
                key,
                product_id: Some(p.id),
                name: p.name.clone(),
                quantity: "1".into(),
                unit: p.unit.clone(),
                unit_price: amount_input(p.unit_price),
                discount: String::new(),
                vat_rate: p.vat_rate,
            },
            None => Line {
                key,
                product_id: None,
                name: String::new(),
                quantity: "1".into(),
                unit: String::new(),
                unit_price: String::new(),
                discount: String::new(),
                vat_rate: Decimal::percent(21),
            },
        });
        lines.update(|l| l.push(line));
    };
    // Totals of the lines that parse, as they are typed.
    let totals = Memo::new(move |_| {
        let items: Vec<QuoteItem> = lines.with(|l| l.iter().enumerate().filter_map(|(i, line)| line.item(i).ok()).collect());
        crate::model::money::totals(items.iter().map(QuoteItem::amounts)).ok()
    });

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        let mut q = draft.get_untracked();
        let mut problems = Vec::new();
        q.organization_id = org.get_untracked();
        q.tags = parse_tags(&tags.get_untracked());
        q.items = lines.with_untracked(|l| l.iter().enumerate().filter_map(|(i, line)| line.item(i).map_err(|e| problems.extend(e)).ok()).collect());
        match crate::model::time::parse_date(&issued.get_untracked()) {
            Some(d) => q.issued_on = d,
            None => problems.push(FieldError::new("issued_on", Problem::NotDate)),
        }
        match crate::model::time::parse_date(&valid.get_untracked()) {
            Some(d) => q.valid_until = d,
            None => problems.push(FieldError::new("valid_until", Problem::NotDate)),
        }
        if !problems.is_empty() {
            errors.set(problems);
            return;
        }
        let navigate = navigate.clone();
        app.save_form(saving, errors, form.checked(move |crm, ctx| crm.save_quote(q, ctx)), move || {
            navigate(&record_href(Kind::Quote, id), NavigateOptions { replace: is_new, ..Default::default() })
        });
    };
    let contact_options = move || {
        let o = org.get();
        app.read_all(|crm| {
            let mut list: Vec<(Uuid, String)> = match o {
                Some(o) => crm.contacts_of(o).into_iter().map(|c| (c.id, c.full_name())).collect(),
                None => Vec::new(),
            };
            // The chosen contact stays offered even outside the organization.
            if let Some(c) = draft.with(|d| d.contact_id).filter(|c| !list.iter().any(|(id, _)| id == c)).and_then(|c| crm.contact(c)) {
                list.push((c.id, c.full_name()));
            }
            list.into_iter()
                .map(|(cid, name)| view! { <option value=cid.to_string() selected=move || draft.with(|d| d.contact_id == Some(cid))>{name}</option> })
                .collect_view()
        })
    };
    let opportunity_options = move || {
        let o = org.get();
        app.read_all(|crm| {
            let mut list: Vec<(Uuid, String)> = o.map(|o| crm.opportunities_of(o).into_iter().map(|x| (x.id, x.name.clone())).collect()).unwrap_or_default();
            if let Some(x) = draft.with(|d| d.opportunity_id).filter(|x| !list.iter().any(|(id, _)| id == x)).and_then(|x| crm.opportunity(x)) {
                list.push((x.id, x.name.clone()));
            }
            list.into_iter()
                .map(|(oid, name)| view! { <option value=oid.to_string() selected=move || draft.with(|d| d.opportunity_id == Some(oid))>{name}</option> })
                .collect_view()
        })
    };
    let catalogue = move || {
        app.read_all(|crm| {
            let mut v: Vec<_> = crm.products().filter(|p| p.active).map(|p| (crm.sort_key(p.id).to_string(), p.id, p.name.clone())).collect();
            v.sort();
            v.into_iter().map(|(_, pid, name)| view! { <option value=pid.to_string()>{name}</option> }).collect_view()
        })
    };
    let cancel_href = if is_new { "/quotes".to_string() } else { record_href(Kind::Quote, id) };
    view! {
        <form class="page form-page quote-form" on:submit=save novalidate>
            <header class="page-head">
                <h1>{move || format!("{} {}", app.t(if is_new { T::NewQuote } else { T::EditQuote }), draft.with(|d| d.number.clone()))}</h1>
            </header>
            {form.summary()}
            <section class="card">
                <div class="grid">
                    <div class="field">
                        <label for="f-organization_id">{move || app.t(T::Organization)}</label>
                        <OrgPicker value=org />
                        {error_line(errors, "organization_id")}
                    </div>
                    <div class="field">
                        <label for="f-contact_id">{move || app.t(T::Contact)}</label>
                        <select id="f-contact_id" on:change=move |ev| draft.update(|d| d.contact_id = Uuid::parse_str(&event_target_value(&ev)).ok())>
                            <option value="" selected=move || draft.with(|d| d.contact_id.is_none())>{move || app.t(T::Nobody)}</option>
                            {contact_options}
                        </select>
                    </div>
                    <div class="field">
                        <label for="f-opportunity_id">{move || app.t(T::Opportunity)}</label>
                        <select id="f-opportunity_id" on:change=move |ev| draft.update(|d| d.opportunity_id = Uuid::parse_str(&event_target_value(&ev)).ok())>
                            <option value="" selected=move || draft.with(|d| d.opportunity_id.is_none())>{move || app.t(T::Nobody)}</option>
                            {opportunity_options}
                        </select>
                    </div>
                    {text_field(T::FieldNumber, "number", "text", move || draft.with(|d| d.number.clone()), move |v| draft.update(|d| d.number = v.trim().to_string()), errors)}
                    {date_field(T::FieldIssuedOn, "issued_on", issued, errors)}
                    {date_field(T::FieldValidUntil, "valid_until", valid, errors)}
                    <div class="field">
                        <label for="f-currency">{move || app.t(T::FieldCurrency)}</label>
                        <select id="f-currency" on:change=move |ev| draft.update(|d| d.currency = event_target_value(&ev))>
                            {CURRENCIES.iter().map(|c| view! { <option value=*c selected=move || draft.with(|d| d.currency == *c)>{*c}</option> }).collect_view()}
                        </select>
                    </div>
                </div>
            </section>
            <section class="card">
                <h2>{move || app.t(T::Items)}</h2>
                <div class="lines-wrap">
                    <table class="lines">
                        <thead>
                            <tr>
                                <th>{move || app.t(T::FieldItem)}</th>
                                <th class="num">{move || app.t(T::FieldQuantity)}</th>
                                <th>{move || app.t(T::FieldUnit)}</th>
                                <th class="num">{move || app.t(T::FieldUnitPrice)}</th>
                                <th class="num">{move || app.t(T::FieldDiscount)}</th>
                                <th>{move || app.t(T::FieldVatRate)}</th>
                                <th class="num">{move || app.t(T::LineTotal)}</th>
                                <th></th>
                            </tr>
                        </thead>
                        <tbody>{line_rows(lines, currency)}</tbody>
                    </table>
                </div>
                {error_line(errors, "items")}
                <div class="add-lines">
                    <label class="inline">
                        <span>{move || app.t(T::AddFromCatalogue)}</span>
                        <select id="add-product" on:change=move |ev| {
                            if let Ok(p) = Uuid::parse_str(&event_target_value(&ev)) {
                                add_line(Some(p));
                            }
                            // Back to the prompt, ready for the next pick.
                            if let Some(el) = ev.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlSelectElement>(t).ok()) {
                                el.set_value("");
                            }
                        }>
                            <option value="">"—"</option>
                            {catalogue}
                        </select>
                    </label>
                    <button type="button" class="button small" id="add-line" on:click=move |_| add_line(None)>{move || format!("+ {}", app.t(T::AddFreeLine))}</button>
                </div>
                {totals_table(totals, currency)}
            </section>
            <section class="card">
                {tags_field(tags, errors)}
                {form.area(T::QuoteTerms, lens!(notes))}
            </section>
            {form.actions(cancel_href)}
        </form>
    }
}

/// The quote's lines as table rows, each with its net amount as typed.
fn line_rows(lines: RwSignal<Vec<Line>>, currency: Signal<String>) -> impl IntoView {
    let app = use_app();
    let edit = move |key: u32, f: Box<dyn Fn(&mut Line)>| lines.update(|l| l.iter_mut().filter(|x| x.key == key).for_each(f));
    move || {
        let lang = app.lang.get();
        let currency = currency.get();
        let list = lines.get();
        list.into_iter()
            .enumerate()
            .map(|(i, line)| {
                let key = line.key;
                let net = line.item(i).ok().map(|it| crate::model::money::line_net(&it.amounts()));
                let net = net.and_then(|n| i64::try_from(n).ok()).map(|n| money(lang, n, &currency)).unwrap_or_default();
                let mut rates = CZECH_VAT_RATES.to_vec();
                if !rates.contains(&line.vat_rate) {
                    rates.push(line.vat_rate);
                }
                let n = i + 1;
                view! {
                    <tr class="line">
                        <td><input type="text" class="line-name" placeholder=lang.t(T::FieldItem) aria-label=format!("{} {n}", lang.t(T::FieldItem)) prop:value=line.name.clone()
                            on:input=move |ev| { let v = event_target_value(&ev); edit(key, Box::new(move |l| l.name = v.clone())) } /></td>
                        <td><input type="text" inputmode="decimal" class="line-quantity num" placeholder=lang.t(T::FieldQuantity) aria-label=format!("{} {n}", lang.t(T::FieldQuantity)) prop:value=line.quantity.clone()
                            on:input=move |ev| { let v = event_target_value(&ev); edit(key, Box::new(move |l| l.quantity = v.clone())) } /></td>
                        <td><input type="text" class="line-unit" placeholder=lang.t(T::FieldUnit) aria-label=format!("{} {n}", lang.t(T::FieldUnit)) prop:value=line.unit.clone()
                            on:input=move |ev| { let v = event_target_value(&ev); edit(key, Box::new(move |l| l.unit = v.clone())) } /></td>
                        <td><input type="text" inputmode="decimal" class="line-price num" placeholder=lang.t(T::FieldUnitPrice) aria-label=format!("{} {n}", lang.t(T::FieldUnitPrice)) prop:value=line.unit_price.clone()
                            on:input=move |ev| { let v = event_target_value(&ev); edit(key, Box::new(move |l| l.unit_price = v.clone())) } /></td>
                        <td><input type="text" inputmode="decimal" class="line-discount num" placeholder=lang.t(T::FieldDiscount) aria-label=format!("{} {n}", lang.t(T::FieldDiscount)) prop:value=line.discount.clone()
                            on:input=move |ev| { let v = event_target_value(&ev); edit(key, Box::new(move |l| l.discount = v.clone())) } /></td>
                        <td><select class="line-vat" aria-label=format!("{} {n}", lang.t(T::FieldVatRate)) on:change=move |ev| {
                            if let Some(r) = Decimal::parse(&event_target_value(&ev)) { edit(key, Box::new(move |l| l.vat_rate = r)) }
                        }>
                            {rates.into_iter().map(|r| view! { <option value=r.to_string() selected=r == line.vat_rate>{format!("{r} %")}</option> }).collect_view()}
                        </select></td>
                        <td class="num line-total">{net}</td>
                        <td><button type="button" class="link" aria-label=format!("{} {n}", lang.t(T::Remove)) on:click=move |_| lines.update(|l| l.retain(|x| x.key != key))>"×"</button></td>
                    </tr>
                }
            })
            .collect_view()
    }
}

/// The totals per VAT rate and the grand total of the lines that parse.
fn totals_table(totals: Memo<Option<crate::model::money::Totals>>, currency: Signal<String>) -> impl IntoView {
    let app = use_app();
    move || {
        let lang = app.lang.get();
        let currency = currency.get();
        totals.get().map(|t| {
            let rates = t
                .by_rate
                .iter()
                .map(|r| {
                    view! {
                        <tr class="vat-line"><th scope="row">{format!("{} {} %", lang.t(T::VatBase), r.rate)}</th><td class="num">{money(lang, r.base, &currency)}</td></tr>
                        <tr class="vat-line"><th scope="row">{format!("{} {} %", lang.t(T::Vat), r.rate)}</th><td class="num">{money(lang, r.vat, &currency)}</td></tr>
                    }
                })
                .collect_view();
            view! {
                <table class="totals" id="quote-totals">
                    <tbody>
                        {rates}
                        <tr class="grand"><th scope="row">{lang.t(T::GrandTotal)}</th><td class="num" id="grand-total">{money(lang, t.gross, &currency)}</td></tr>
                    </tbody>
                </table>
            }
        })
    }
}

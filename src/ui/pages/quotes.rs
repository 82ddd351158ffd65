//! Quotes: the list, a quote's page (status steps, items and totals,
//! timeline) and its printable A4 page.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use uuid::Uuid;

use crate::i18n::{self, Lang, T};
use crate::model::ops::sales::QuoteTexts;
use crate::model::quote::{Quote, QuoteStatus};
use crate::model::Crm;
use crate::model::Kind;
use crate::ui::routes::link;
use crate::ui::routes::param_id;
use crate::ui::routes::{edit_href, print_href, record_href};
use crate::ui::state::use_app;
use crate::ui::widgets::attachments::AttachmentsCard;
use crate::ui::widgets::confirm::Confirm;
use crate::ui::widgets::list::{column_header, search_results, sort_header, sorted_ids, ListFrame, ListTexts};
use crate::ui::widgets::missing::MissingRecord;
use crate::ui::widgets::timeline::{log_buttons, Timeline};
use crate::web;

/// Who a quote is for: the organization, else the contact.
fn customer(crm: &Crm, q: &Quote) -> String {
    q.organization_id
        .and_then(|o| crm.organization(o))
        .map(|o| o.name.clone())
        .or_else(|| q.contact_id.and_then(|c| crm.contact(c)).map(|c| c.full_name()))
        .unwrap_or_default()
}

fn gross(q: &Quote) -> i64 {
    q.totals().map(|t| t.gross).unwrap_or_default()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SortBy {
    Number,
    Total,
}

/// What the list shows: a quote and its customer's name.
const SHOWN: &[Kind] = &[Kind::Quote, Kind::Organization, Kind::Contact];

#[component]
pub fn QuotesPage() -> impl IntoView {
    let app = use_app();
    let query = RwSignal::new(String::new());
    // Newest number first.
    let sort = RwSignal::new((SortBy::Number, true));
    let sorted = Memo::new(move |_| {
        let (by, desc) = sort.get();
        app.read(SHOWN, |crm| match by {
            SortBy::Number => sorted_ids(crm, crm.quotes().map(|q| (q.number.clone(), q.id)), desc),
            SortBy::Total => sorted_ids(crm, crm.quotes().map(|q| (gross(q), q.id)), desc),
        })
    });
    let visible = search_results(app, SHOWN, sorted, query);
    let total = Memo::new(move |_| app.read(&[Kind::Quote], |c| c.quotes().count()));
    let row = move |id: Uuid| {
        let lang = app.lang.get();
        app.read(SHOWN, |crm| {
            crm.quote(id).map(|q| {
                view! {
                    <div class="row quote-row">
                        <span class="cell name" role="cell"><a class="row-link" href=link(record_href(Kind::Quote, id))><strong>{q.number.clone()}</strong><small class="sub">{customer(crm, q)}</small></a></span>
                        <span role="cell" class="cell status"><span class=format!("badge status-{}", q.status.code())>{lang.t(crate::i18n::quote_status(q.status))}</span></span>
                        <span role="cell" class="cell total">{i18n::format_money(lang, gross(q), &q.currency)}</span>
                        <span role="cell" class="cell valid">{i18n::format_date(lang, q.valid_until)}</span>
                    </div>
                }
            })
        })
    };
    let header = move || {
        view! {
            {sort_header(sort, SortBy::Number, T::FieldNumber, "name")}
            {column_header("status", T::FieldStatus)}
            {sort_header(sort, SortBy::Total, T::GrandTotal, "total")}
            {column_header("valid", T::FieldValidUntil)}
        }
    };
    view! {
        <ListFrame
            texts=ListTexts {
                title: T::NavQuotes,
                new_href: "/quotes/new",
                new_label: T::NewQuote,
                search_hint: T::SearchQuotesHint,
                empty: T::NoQuotesYet,
                table_class: "quotes-table",
                csv: Some(crate::ui::csv_export::QUOTES),
                bulk: Some(crate::model::Kind::Quote),
            }
            query=query
            visible=visible
            total=total
            header=header
            row=row
        />
    }
}

/// The items and totals of a quote, as its page and the print show them.
fn items_table(crm: &Crm, lang: Lang, q: &Quote) -> impl IntoView {
    let _ = crm;
    let money = |m: i64| i18n::format_money(lang, m, &q.currency);
    let totals = q.totals().unwrap_or_default();
    let rows = q
        .items
        .iter()
        .zip(&totals.lines)
        .enumerate()
        .map(|(i, (item, net))| {
            view! {
                <tr>
                    <td class="num">{i + 1}</td>
                    <td>{item.name.clone()}</td>
                    <td class="num">{format!("{} {}", i18n::format_decimal(lang, item.quantity), item.unit)}</td>
                    <td class="num">{money(item.unit_price)}</td>
                    <td class="num">{if item.discount.is_zero() { String::new() } else { format!("{} %", i18n::format_decimal(lang, item.discount)) }}</td>
                    <td class="num">{format!("{} %", i18n::format_decimal(lang, item.vat_rate))}</td>
                    <td class="num">{money(*net)}</td>
                </tr>
            }
        })
        .collect_view();
    let vat_rows = totals
        .by_rate
        .iter()
        .map(|r| {
            view! {
                <tr class="vat-line">
                    <td>{format!("{} %", i18n::format_decimal(lang, r.rate))}</td>
                    <td class="num">{money(r.base)}</td>
                    <td class="num">{money(r.vat)}</td>
                    <td class="num">{money(r.base + r.vat)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap"><table class="items">
            <thead>
                <tr>
                    <th class="num">"#"</th>
                    <th>{lang.t(T::FieldItem)}</th>
                    <th class="num">{lang.t(T::FieldQuantity)}</th>
                    <th class="num">{lang.t(T::FieldUnitPrice)}</th>
                    <th class="num">{lang.t(T::FieldDiscount)}</th>
                    <th class="num">{lang.t(T::FieldVatRate)}</th>
                    <th class="num">{lang.t(T::LineTotal)}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table></div>
        <div class="totals-block">
            <div class="table-wrap"><table class="vat-summary" id="vat-summary">
                <thead>
                    <tr>
                        <th>{lang.t(T::FieldVatRate)}</th>
                        <th class="num">{lang.t(T::VatBase)}</th>
                        <th class="num">{lang.t(T::Vat)}</th>
                        <th class="num">{lang.t(T::WithVat)}</th>
                    </tr>
                </thead>
                <tbody>{vat_rows}</tbody>
            </table></div>
            <p class="grand">
                <span>{lang.t(T::GrandTotal)}</span>
                <strong id="grand-total">{money(totals.gross)}</strong>
            </p>
        </div>
    }
}

#[component]
pub fn QuotePage() -> impl IntoView {
    let app = use_app();
    let Some(id) = param_id("id") else { return view! { <MissingRecord back="/quotes" /> }.into_any() };
    let exists = Memo::new(move |_| app.read_all(|c| c.quote(id).is_some()));
    let confirm = RwSignal::new(false);
    let navigate = use_navigate();
    let delete = move || {
        let navigate = navigate.clone();
        app.delete(move |crm, ctx| crm.delete_quote(id, ctx), move || navigate("/quotes", NavigateOptions::default()));
    };
    let set_status = move |status: QuoteStatus| {
        let lang = app.lang.get_untracked();
        let texts = QuoteTexts { sent: lang.t(T::QuoteSentSubject).to_string() };
        let now = web::now();
        let today = i18n::local_date(now, web::offset_at(now));
        leptos::task::spawn_local(async move {
            if app.commit(move |crm, ctx| crm.set_quote_status(id, status, today, &texts, ctx)).await.is_ok() && status == QuoteStatus::Sent {
                app.info(lang.t(T::QuoteSentNotice));
            }
        });
    };
    let body = move || {
        let lang = app.lang.get();
        app.read_all(|crm| {
            let q = crm.quote(id)?.clone();
            let row = |label: T, value: String| (!value.is_empty()).then(|| view! { <dt>{lang.t(label)}</dt><dd>{value}</dd> });
            let link_row = |label: T, href: String, text: String| (!text.is_empty()).then(|| view! { <dt>{lang.t(label)}</dt><dd><a href=link(href)>{text}</a></dd> });
            let steps = QuoteStatus::ALL
                .iter()
                .map(|&s| {
                    let here = q.status == s;
                    let date = q.date_of(s).map(|d| i18n::format_date(lang, d)).unwrap_or_default();
                    view! {
                        <button type="button" class="stage" aria-pressed=here.to_string() id=format!("status-{}", s.code()) on:click=move |_| set_status(s)>
                            {lang.t(crate::i18n::quote_status(s))}
                            {(!date.is_empty()).then(|| view! { <small class="sub">{format!(" {date}")}</small> })}
                        </button>
                    }
                })
                .collect_view();
            let org = q.organization_id.and_then(|o| crm.organization(o));
            let contact = q.contact_id.and_then(|c| crm.contact(c));
            let opp = q.opportunity_id.and_then(|o| crm.opportunity(o));
            Some(view! {
                <header class="page-head">
                    <div>
                        <h1>{format!("{} {}", lang.t(T::Quote), q.number)}</h1>
                        <p class="subtitle">{customer(crm, &q)}</p>
                    </div>
                    <div class="actions">
                        <a class="button" href=link(print_href(Kind::Quote, id)) id="print-quote">{lang.t(T::Print)}</a>
                        <crate::ui::widgets::follow::FollowButton kind=crate::model::Kind::Quote id=id />
                        <a class="button" href=link(edit_href(Kind::Quote, id))>{lang.t(T::Edit)}</a>
                        <button type="button" class="button danger" on:click=move |_| confirm.set(true)>{lang.t(T::Delete)}</button>
                    </div>
                </header>
                <div class="stage-bar" role="group" aria-label=lang.t(T::FieldStatus)>{steps}</div>
                {log_buttons(crate::model::Target::new(Kind::Quote, id))}
                <section class="card">
                    <dl class="details">
                        {link_row(T::Organization, org.map(|o| record_href(Kind::Organization, o.id)).unwrap_or_default(), org.map(|o| o.name.clone()).unwrap_or_default())}
                        {link_row(T::Contact, contact.map(|c| record_href(Kind::Contact, c.id)).unwrap_or_default(), contact.map(|c| c.full_name()).unwrap_or_default())}
                        {link_row(T::Opportunity, opp.map(|o| record_href(Kind::Opportunity, o.id)).unwrap_or_default(), opp.map(|o| o.name.clone()).unwrap_or_default())}
                        {row(T::FieldIssuedOn, i18n::format_date(lang, q.issued_on))}
                        {row(T::FieldValidUntil, i18n::format_date(lang, q.valid_until))}
                        {row(T::FieldOwner, crm.member_name(q.owner_id).to_string())}
                    </dl>
                </section>
                <section class="card quote-items">
                    <h2>{lang.t(T::Items)}</h2>
                    {items_table(crm, lang, &q)}
                    {(!q.notes.is_empty()).then(|| view! { <p class="pre">{q.notes.clone()}</p> })}
                </section>
            })
        })
    };
    view! {
        <Show when=move || exists.get() fallback=|| view! { <MissingRecord back="/quotes" /> }>
            <div class="page detail-page">
                {body}
                <AttachmentsCard kind=crate::model::Kind::Quote id=id />
                <Timeline id=id />
            </div>
        </Show>
        <Confirm open=confirm message=Signal::derive(move || app.t(T::ConfirmDeleteQuote).to_string()) confirm_label=T::Delete on_confirm=delete.clone() />
    }
    .into_any()
}

/// The quote as a document: supplier, customer, items, VAT summary and
/// validity on A4, for the browser's print to PDF.
#[component]
pub fn QuotePrint() -> impl IntoView {
    let app = use_app();
    let Some(id) = param_id("id") else { return view! { <MissingRecord back="/quotes" /> }.into_any() };
    let doc = move || {
        let lang = app.lang.get();
        app.read_all(|crm| {
            let q = crm.quote(id)?.clone();
            let supplier = crm.supplier().cloned();
            let org = q.organization_id.and_then(|o| crm.organization(o)).cloned();
            let contact = q.contact_id.and_then(|c| crm.contact(c)).cloned();
            let line = |label: T, v: &str| (!v.is_empty()).then(|| view! { <p>{format!("{}: {v}", lang.t(label))}</p> });
            let supplier_block = match supplier {
                Some(s) => view! {
                    <p class="party-name">{s.name.clone()}</p>
                    <p>{s.address.one_line()}</p>
                    {line(T::FieldIco, &s.ico)}
                    {line(T::FieldDic, &s.dic)}
                    {line(T::FieldBankAccount, &s.bank_account)}
                    {line(T::FieldEmail, &s.email)}
                    {line(T::FieldPhone, &s.phone)}
                    {(!s.registration.is_empty()).then(|| view! { <p class="sub">{s.registration.clone()}</p> })}
                }
                .into_any(),
                None => view! { <p class="no-print-hint"><a href=link("/settings#supplier-title")>{lang.t(T::SupplierMissing)}</a></p> }.into_any(),
            };
            let customer_block = view! {
                {org.as_ref().map(|o| view! {
                    <p class="party-name">{o.name.clone()}</p>
                    <p>{o.billing_address.one_line()}</p>
                    {line(T::FieldIco, &o.ico)}
                    {line(T::FieldDic, &o.dic)}
                })}
                {contact.as_ref().map(|c| view! { <p>{c.full_name()}</p><p>{c.primary_email().unwrap_or_default().to_string()}</p> })}
            };
            Some(view! {
                <article class="quote-doc">
                    <header class="doc-head">
                        <h1>{format!("{} {}", lang.t(T::Quote), q.number)}</h1>
                        <dl>
                            <dt>{lang.t(T::FieldIssuedOn)}</dt><dd>{i18n::format_date(lang, q.issued_on)}</dd>
                            <dt>{lang.t(T::FieldValidUntil)}</dt><dd>{i18n::format_date(lang, q.valid_until)}</dd>
                        </dl>
                    </header>
                    <div class="parties">
                        <section><h2>{lang.t(T::SupplierHeading)}</h2>{supplier_block}</section>
                        <section><h2>{lang.t(T::CustomerHeading)}</h2>{customer_block}</section>
                    </div>
                    {items_table(crm, lang, &q)}
                    {(!q.notes.is_empty()).then(|| view! { <p class="pre terms">{q.notes.clone()}</p> })}
                    <p class="validity">{format!("{} {}.", lang.t(T::ValidUntilSentence), i18n::format_date(lang, q.valid_until))}</p>
                </article>
            })
        })
    };
    view! {
        <div class="page print-page">
            <div class="print-actions">
                <a class="button" href=link(record_href(Kind::Quote, id))>{move || app.t(T::Back)}</a>
                <button type="button" class="button primary" on:click=|_| { let _ = window().print(); }>{move || app.t(T::Print)}</button>
            </div>
            {move || match doc() {
                Some(d) => d.into_any(),
                None => view! { <MissingRecord back="/quotes" /> }.into_any(),
            }}
        </div>
    }
    .into_any()
}

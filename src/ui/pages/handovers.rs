//! Handover protocols: the list, a protocol's page (signing it, its
//! defects tracked until fixed, the delivered items it made) and its
//! printable A4 page with both parties and signature blocks.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use uuid::Uuid;

use crate::i18n::{self, Lang, T};
use crate::model::handover::{Handover, HandoverResult, Party};
use crate::model::{Crm, Kind, Target};
use crate::ui::routes::link;
use crate::ui::routes::{edit_href, new_from_href, param_id, print_href, record_href};
use crate::ui::state::use_app;
use crate::ui::widgets::attachments::AttachmentsCard;
use crate::ui::widgets::confirm::Confirm;
use crate::ui::widgets::list::{column_header, sort_header, sorted_ids, ListFrame, ListTexts};
use crate::ui::widgets::missing::MissingRecord;
use crate::ui::widgets::timeline::{log_buttons, Timeline};

const SHOWN: &[Kind] = &[Kind::Handover, Kind::Organization];

fn result_badge(lang: Lang, r: HandoverResult) -> impl IntoView {
    view! { <span class=format!("badge handover-{}", r.code())>{lang.t(i18n::handover_result(r))}</span> }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SortBy {
    Number,
    Date,
}

#[component]
pub fn HandoversPage() -> impl IntoView {
    let app = use_app();
    let query = RwSignal::new(String::new());
    let sort = RwSignal::new((SortBy::Number, true));
    let sorted = Memo::new(move |_| {
        let (by, desc) = sort.get();
        app.read(SHOWN, |crm| match by {
            SortBy::Number => sorted_ids(crm, crm.handovers().map(|h| (h.number.clone(), h.id)), desc),
            SortBy::Date => sorted_ids(crm, crm.handovers().map(|h| (h.date, h.id)), desc),
        })
    });
    let visible = crate::ui::widgets::list::search_results(app, SHOWN, sorted, query);
    let total = Memo::new(move |_| app.read(&[Kind::Handover], |c| c.count(Kind::Handover)));
    let row = move |id: Uuid| {
        let lang = app.lang.get();
        app.read(SHOWN, |crm| {
            crm.handover(id).map(|h| {
                let org = crm.organization(h.organization_id).map(|o| o.name.clone()).unwrap_or_default();
                let open = h.open_defects().count();
                view! {
                    <div class="row handover-row">
                        <span class="cell name" role="cell"><a class="row-link" href=link(record_href(Kind::Handover, id))><strong>{h.number.clone()}</strong><small class="sub">{org}</small></a></span>
                        <span role="cell" class="cell status">{result_badge(lang, h.result)}</span>
                        <span role="cell" class="cell date">{i18n::format_date(lang, h.date)}</span>
                        <span role="cell" class="cell defects">{(open > 0).then(|| view! { <span class="badge overdue">{format!("{} {open}", lang.t(T::OpenDefects))}</span> })}</span>
                    </div>
                }
            })
        })
    };
    let header = move || {
        view! {
            {sort_header(sort, SortBy::Number, T::FieldNumber, "name")}
            {column_header("status", T::HandoverResultLabel)}
            {sort_header(sort, SortBy::Date, T::FieldDate, "date")}
            {column_header("defects", T::Defects)}
        }
    };
    view! {
        <ListFrame
            texts=ListTexts {
                title: T::NavHandovers,
                new_href: "/handovers/new",
                new_label: T::NewHandover,
                search_hint: T::SearchHandoversHint,
                empty: T::NoHandoversYet,
                table_class: "handovers-table",
                csv: Some(crate::ui::csv_export::HANDOVERS),
                bulk: None,
            }
            query=query
            visible=visible
            total=total
            header=header
            row=row
        />
    }
}

/// The items as the page and the print show them.
fn items_table(lang: Lang, h: &Handover) -> impl IntoView {
    let rows = h
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            view! {
                <tr>
                    <td class="num">{i + 1}</td>
                    <td>{item.name.clone()}</td>
                    <td class="num">{format!("{} {}", i18n::format_decimal(lang, item.quantity), item.unit)}</td>
                    <td class="serials">{item.serials.join(", ")}</td>
                    <td>{item.condition.clone()}</td>
                    <td>{item.documents.join(", ")}</td>
                    <td class="num">{(item.warranty_months > 0).then(|| format!("{} {}", item.warranty_months, lang.t(T::UnitMonths)))}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap"><table class="items handover-items">
            <thead>
                <tr>
                    <th class="num">"#"</th>
                    <th>{lang.t(T::FieldItem)}</th>
                    <th class="num">{lang.t(T::FieldQuantity)}</th>
                    <th>{lang.t(T::FieldSerials)}</th>
                    <th>{lang.t(T::FieldCondition)}</th>
                    <th>{lang.t(T::FieldDocuments)}</th>
                    <th class="num">{lang.t(T::FieldWarrantyMonths)}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table></div>
    }
}

/// Both parties: as signed, or (a draft) as they are now.
fn parties(crm: &Crm, h: &Handover) -> (Party, Party) {
    match &h.signed {
        Some(s) => (s.supplier.clone(), s.customer.clone()),
        None => crm.handover_parties(h),
    }
}

#[component]
pub fn HandoverPage() -> impl IntoView {
    let app = use_app();
    let Some(id) = param_id("id") else { return view! { <MissingRecord back="/handovers" /> }.into_any() };
    let exists = Memo::new(move |_| app.read(&[Kind::Handover], |c| c.handover(id).is_some()));
    let confirm = RwSignal::new(false);
    let result = RwSignal::new(HandoverResult::Accepted);
    let sign_on = RwSignal::new(crate::model::time::format_date(app.today_untracked()));
    let navigate = use_navigate();
    let delete = move || {
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match app.commit(move |crm, ctx| crm.delete_handover(id, ctx)).await {
                Ok(_) => {
                    app.info(app.lang.get_untracked().t(T::Deleted));
                    navigate("/handovers", NavigateOptions::default());
                }
                Err(e) => app.tell_refused(&e.refused()),
            }
        });
    };
    let sign = move || {
        let r = result.get_untracked();
        let on = crate::model::time::parse_date(&sign_on.get_untracked()).unwrap_or_else(|| app.today_untracked());
        let lang = app.lang.get_untracked();
        leptos::task::spawn_local(async move {
            match app.commit(move |crm, ctx| crm.sign_handover(id, r, on, ctx)).await {
                Ok(_) => app.info(lang.t(T::SignedNotice)),
                Err(e) => app.tell_refused(&e.refused()),
            }
        });
    };
    let fix = move |defect: Uuid, fixed: bool| {
        let day = fixed.then(|| app.today_untracked());
        leptos::task::spawn_local(async move {
            if let Err(e) = app.commit(move |crm, ctx| crm.fix_defect(id, defect, day, ctx)).await {
                app.tell_refused(&e.refused());
            }
        });
    };
    let body = move || {
        let lang = app.lang.get();
        app.read_all(|crm| {
            let h = crm.handover(id)?.clone();
            let signed = h.is_signed();
            let (supplier, customer) = parties(crm, &h);
            let row = |label: T, value: String| (!value.is_empty()).then(|| view! { <dt>{lang.t(label)}</dt><dd class="pre">{value}</dd> });
            let link_row = |label: T, t: Option<Target>| {
                t.filter(|t| crm.exists(*t)).map(|t| view! { <dt>{lang.t(label)}</dt><dd><a href=link(record_href(t.kind, t.id))>{crm.label(t)}</a></dd> })
            };
            let superseded = crm.superseded_by(id).map(|n| n.id);
            let sign_panel = (!signed).then(|| {
                let options = HandoverResult::SIGNED
                    .iter()
                    .map(|&r| {
                        view! {
                            <label class="check">
                                <input type="radio" name="result" value=r.code() prop:checked=move || result.get() == r on:change=move |_| result.set(r) />
                                {lang.t(i18n::handover_result(r))}
                            </label>
                        }
                    })
                    .collect_view();
                view! {
                    <section class="card sign" id="sign">
                        <h2>{lang.t(T::Sign)}</h2>
                        <fieldset><legend>{lang.t(T::HandoverResultLabel)}</legend>{options}</fieldset>
                        <div class="field">
                            <label for="sign-on">{lang.t(T::SignedOn)}</label>
                            <input type="date" id="sign-on" prop:value=move || sign_on.get() on:input=move |ev| sign_on.set(event_target_value(&ev)) />
                        </div>
                        <p class="hint">{lang.t(T::FrozenNote)}</p>
                        <button type="button" class="button primary" id="sign-handover" on:click=move |_| sign()>{lang.t(T::Sign)}</button>
                    </section>
                }
            });
            let defects = h
                .defects
                .iter()
                .map(|d| {
                    let did = d.id;
                    view! {
                        <li class="defect" class:fixed=d.fixed_on.is_some()>
                            <label class="check">
                                <input type="checkbox" disabled=!signed prop:checked=d.fixed_on.is_some() on:change=move |ev| fix(did, event_target_checked(&ev)) />
                                {d.description.clone()}
                            </label>
                            " "<small class="sub">{format!("{} {}", lang.t(T::FieldFixBy), i18n::format_date(lang, d.fix_by))}</small>
                            {d.fixed_on.map(|f| view! { " " <small class="sub">{format!("{} {}", lang.t(T::FieldFixedOn), i18n::format_date(lang, f))}</small> })}
                        </li>
                    }
                })
                .collect_view();
            let delivered = crm
                .delivered_items_of(id)
                .into_iter()
                .map(|d| {
                    view! {
                        <li><a href=link(record_href(Kind::DeliveredItem, d.id))>{d.name.clone()}</a>
                        {d.warranty_until.map(|w| view! { " " <small class="sub">{format!("{} {}", lang.t(T::FieldWarrantyUntil), i18n::format_date(lang, w))}</small> })}</li>
                    }
                })
                .collect_view();
            Some(view! {
                <header class="page-head">
                    <div>
                        <h1>{format!("{} {}", lang.t(T::Handover), h.number)}</h1>
                        <p class="subtitle"><a href=link(record_href(Kind::Organization, h.organization_id))>{customer.name.clone()}</a></p>
                        <p class="badges">{result_badge(lang, h.result)}</p>
                    </div>
                    <div class="actions">
                        <a class="button" href=link(print_href(Kind::Handover, id)) id="print-handover">{lang.t(T::Print)}</a>
                        {(signed && superseded.is_none()).then(|| view! { <a class="button" id="supersede" href=link(new_from_href(Kind::Handover, Target::new(Kind::Handover, id)))>{lang.t(T::Supersede)}</a> })}
                        {(!signed).then(|| view! {
                            <a class="button" href=link(edit_href(Kind::Handover, id))>{lang.t(T::Edit)}</a>
                            <button type="button" class="button danger" on:click=move |_| confirm.set(true)>{lang.t(T::Delete)}</button>
                        })}
                    </div>
                </header>
                {signed.then(|| view! { <p class="frozen" role="note">{lang.t(T::FrozenNote)}</p> })}
                {sign_panel}
                {log_buttons(Target::new(Kind::Handover, id))}
                <section class="card">
                    <dl class="details">
                        {row(T::HandingOverParty, [supplier.name.clone(), supplier.person.clone()].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" · "))}
                        {row(T::AcceptingParty, [customer.name.clone(), customer.person.clone()].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" · "))}
                        {row(T::FieldDate, i18n::format_date(lang, h.date))}
                        {row(T::FieldHandoverPlace, h.place.clone())}
                        {row(T::FieldFulfils, h.fulfils.clone())}
                        {link_row(T::Project, h.project_id.map(|p| Target::new(Kind::Project, p)))}
                        {link_row(T::Contract, h.contract_id.map(|c| Target::new(Kind::Contract, c)))}
                        {link_row(T::Supersedes, h.supersedes.map(|s| Target::new(Kind::Handover, s)))}
                        {link_row(T::SupersededBy, superseded.map(|s| Target::new(Kind::Handover, s)))}
                        {row(T::SignedOn, h.signed.as_ref().map(|s| i18n::format_date(lang, s.on)).unwrap_or_default())}
                        {row(T::FieldReason, h.reason.clone())}
                        {row(T::FieldNotes, h.notes.clone())}
                    </dl>
                    {h.signed.as_ref().map(|s| view! { <p class="hash"><small>{lang.t(T::ContentHash)}": "<code id="content-hash">{s.sha256.clone()}</code></small></p> })}
                </section>
                <section class="card">
                    <h2>{lang.t(T::Items)}</h2>
                    {items_table(lang, &h)}
                </section>
                {(!h.defects.is_empty()).then(|| view! { <section class="card" id="defects"><h2>{lang.t(T::Defects)}</h2><ul class="plain">{defects}</ul></section> })}
                {signed.then(|| view! { <section class="card" id="delivered"><h2>{lang.t(T::DeliveredItems)}</h2><ul class="plain">{delivered}</ul></section> })}
            })
        })
    };
    view! {
        <Show when=move || exists.get() fallback=|| view! { <MissingRecord back="/handovers" /> }>
            <div class="page detail-page">
                {body}
                <AttachmentsCard kind=Kind::Handover id=id />
                <Timeline id=id />
            </div>
        </Show>
        <Confirm open=confirm message=Signal::derive(move || app.t(T::ConfirmDeleteHandover).to_string()) confirm_label=T::Delete on_confirm=delete.clone() />
    }
    .into_any()
}

/// One party's block on the print, and its signature lines.
fn party_block(lang: Lang, heading: T, p: &Party) -> impl IntoView {
    let line = |label: T, v: &str| (!v.is_empty()).then(|| view! { <p>{format!("{}: {v}", lang.t(label))}</p> });
    view! {
        <section>
            <h2>{lang.t(heading)}</h2>
            <p class="party-name">{p.name.clone()}</p>
            {(!p.address.is_empty()).then(|| view! { <p>{p.address.clone()}</p> })}
            {line(T::FieldIco, &p.ico)}
        </section>
    }
}

fn signature_block(lang: Lang, heading: T, p: &Party, date: String) -> impl IntoView {
    view! {
        <section class="signature">
            <h3>{lang.t(heading)}</h3>
            <dl>
                <dt>{lang.t(T::SignatureName)}</dt><dd>{p.person.clone()}</dd>
                <dt>{lang.t(T::SignatureRole)}</dt><dd>{p.role.clone()}</dd>
                <dt>{lang.t(T::SignatureDate)}</dt><dd>{date}</dd>
                <dt>{lang.t(T::SignatureSign)}</dt><dd class="sign-line"></dd>
            </dl>
        </section>
    }
}

/// The protocol as a document: both parties, items, result, defects and
/// signature blocks on A4, for the browser's print to PDF; a signed one
/// carries its content's SHA-256.
#[component]
pub fn HandoverPrint() -> impl IntoView {
    let app = use_app();
    let Some(id) = param_id("id") else { return view! { <MissingRecord back="/handovers" /> }.into_any() };
    let doc = move || {
        let lang = app.lang.get();
        app.read_all(|crm| {
            let h = crm.handover(id)?.clone();
            let (supplier, customer) = parties(crm, &h);
            let signed_on = h.signed.as_ref().map(|s| i18n::format_date(lang, s.on)).unwrap_or_default();
            let defects = h
                .defects
                .iter()
                .map(|d| view! { <li>{d.description.clone()}" — "{format!("{} {}", lang.t(T::FieldFixBy), i18n::format_date(lang, d.fix_by))}</li> })
                .collect_view();
            Some(view! {
                <article class="quote-doc handover-doc">
                    <header class="doc-head">
                        <h1>{format!("{} {}", lang.t(T::HandoverTitle), h.number)}</h1>
                        <dl>
                            <dt>{lang.t(T::FieldDate)}</dt><dd>{i18n::format_date(lang, h.date)}</dd>
                            {(!h.place.is_empty()).then(|| view! { <dt>{lang.t(T::FieldHandoverPlace)}</dt><dd>{h.place.clone()}</dd> })}
                            {(!h.fulfils.is_empty()).then(|| view! { <dt>{lang.t(T::FieldFulfils)}</dt><dd>{h.fulfils.clone()}</dd> })}
                        </dl>
                    </header>
                    <div class="parties">
                        {party_block(lang, T::HandingOverParty, &supplier)}
                        {party_block(lang, T::AcceptingParty, &customer)}
                    </div>
                    {items_table(lang, &h)}
                    <p class="result"><strong>{lang.t(T::HandoverResultLabel)}": "</strong><span id="print-result">{lang.t(i18n::handover_result(h.result))}</span></p>
                    {(!h.defects.is_empty()).then(|| view! { <h2>{lang.t(T::Defects)}</h2><ul>{defects}</ul> })}
                    {(!h.reason.is_empty()).then(|| view! { <p class="pre"><strong>{lang.t(T::FieldReason)}": "</strong>{h.reason.clone()}</p> })}
                    {(!h.notes.is_empty()).then(|| view! { <p class="pre">{h.notes.clone()}</p> })}
                    <p class="statement">{lang.t(T::HandoverStatement)}</p>
                    <div class="signatures">
                        {signature_block(lang, T::HandingOverParty, &supplier, signed_on.clone())}
                        {signature_block(lang, T::AcceptingParty, &customer, signed_on)}
                    </div>
                    {h.signed.as_ref().map(|s| view! { <p class="hash"><small>{lang.t(T::ContentHash)}": "<code>{s.sha256.clone()}</code></small></p> })}
                </article>
            })
        })
    };
    view! {
        <div class="page print-page">
            <div class="print-actions">
                <a class="button" href=link(record_href(Kind::Handover, id))>{move || app.t(T::Back)}</a>
                <button type="button" class="button primary" on:click=|_| { let _ = window().print(); }>{move || app.t(T::Print)}</button>
            </div>
            {move || match doc() {
                Some(d) => d.into_any(),
                None => view! { <MissingRecord back="/handovers" /> }.into_any(),
            }}
        </div>
    }
    .into_any()
}

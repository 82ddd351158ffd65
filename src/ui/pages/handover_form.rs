//! Write or edit a draft handover protocol: the customer and what it
//! fulfils, who hands over and who accepts, the items (serial numbers one
//! per piece, documents handed over, warranty), reservations and notes.
//! A signed protocol is not edited: its page offers a correction instead.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use uuid::Uuid;

use crate::i18n::T;
use crate::model::handover::{Defect, Handover, HandoverItem};
use crate::model::money::Decimal;
use crate::model::validate::parse_tags;
use crate::model::{Ctx, FieldError, Kind, Problem, Target};
use crate::ui::routes::link;
use crate::ui::routes::{from_id, record_href};
use crate::ui::state::use_app;
use crate::ui::widgets::fields::{date_field, error_line};
use crate::ui::widgets::form::{edit_page, lens, Form};
use crate::ui::widgets::org_picker::OrgPicker;
use crate::web;

#[component]
pub fn HandoverNew() -> impl IntoView {
    let app = use_app();
    let now = web::now();
    let today = crate::i18n::local_date(now, web::offset_at(now));
    let me = app.me.get_untracked();
    let mut fresh = web::fresh_id;
    let mut ctx = Ctx { now, me, new_id: &mut fresh };
    let h = app.read_untracked(|crm| {
        if let Some(fix) = from_id(Kind::Handover).and_then(|old| crm.correction_of(old, today, &mut ctx)) {
            return fix;
        }
        [Kind::Project, Kind::Organization]
            .into_iter()
            .find_map(|kind| from_id(kind).map(|id| Target { kind, id }))
            .and_then(|from| crm.new_handover(from, today, &mut ctx))
            .unwrap_or_else(|| Handover::new(web::fresh_id(), now, crm.next_handover_number(today), Uuid::nil(), today))
    });
    view! { <HandoverForm handover=h is_new=true /> }
}

#[component]
pub fn HandoverEdit() -> impl IntoView {
    edit_page(
        "/handovers",
        |c, id| c.handover(id).cloned(),
        |h| {
            if h.is_signed() {
                view! {
                    <div class="page"><div class="error-summary" role="alert">
                        <p>{move || use_app().t(T::FrozenNote)}</p>
                        <a class="button" href=link(record_href(Kind::Handover, h.id))>{move || use_app().t(T::Back)}</a>
                    </div></div>
                }
                .into_any()
            } else {
                view! { <HandoverForm handover=h is_new=false /> }.into_any()
            }
        },
    )
}

/// An item as typed: numbers and lists stay text until saved.
#[derive(Debug, Clone, PartialEq)]
struct Line {
    key: u32,
    product_id: Option<Uuid>,
    name: String,
    quantity: String,
    unit: String,
    serials: String,
    condition: String,
    documents: String,
    warranty: String,
}

impl Line {
    fn from_item(key: u32, i: &HandoverItem) -> Line {
        Line {
            key,
            product_id: i.product_id,
            name: i.name.clone(),
            quantity: i.quantity.to_string(),
            unit: i.unit.clone(),
            serials: i.serials.join(", "),
            condition: i.condition.clone(),
            documents: i.documents.join(", "),
            warranty: if i.warranty_months == 0 { String::new() } else { i.warranty_months.to_string() },
        }
    }

    fn item(&self, index: usize) -> Result<HandoverItem, Vec<FieldError>> {
        let mut e = Vec::new();
        let quantity = Decimal::parse(&self.quantity);
        let warranty = if self.warranty.trim().is_empty() { Some(0) } else { self.warranty.trim().parse::<u32>().ok() };
        if quantity.is_none() {
            e.push(FieldError::new(format!("items[{index}].quantity"), Problem::NotANumber));
        }
        if warranty.is_none() {
            e.push(FieldError::new(format!("items[{index}].warranty_months"), Problem::NotANumber));
        }
        match (quantity, warranty) {
            (Some(quantity), Some(warranty_months)) => Ok(HandoverItem {
                product_id: self.product_id,
                name: self.name.trim().to_string(),
                quantity,
                unit: self.unit.trim().to_string(),
                serials: parse_tags(&self.serials),
                condition: self.condition.trim().to_string(),
                documents: parse_tags(&self.documents),
                warranty_months,
            }),
            _ => Err(e),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
struct DefectLine {
    id: Uuid,
    description: String,
    fix_by: String,
}

#[component]
fn HandoverForm(handover: Handover, is_new: bool) -> impl IntoView {
    let app = use_app();
    let id = handover.id;
    let date = RwSignal::new(crate::model::time::format_date(handover.date));
    let org = RwSignal::new(Some(handover.organization_id).filter(|o| !o.is_nil()));
    let next_key = StoredValue::new(handover.items.len() as u32);
    let lines = RwSignal::new(handover.items.iter().enumerate().map(|(i, item)| Line::from_item(i as u32, item)).collect::<Vec<_>>());
    let defects = RwSignal::new(
        handover
            .defects
            .iter()
            .map(|d| DefectLine { id: d.id, description: d.description.clone(), fix_by: crate::model::time::format_date(d.fix_by) })
            .collect::<Vec<_>>(),
    );
    let fixed: Vec<(Uuid, Option<chrono::NaiveDate>)> = handover.defects.iter().map(|d| (d.id, d.fixed_on)).collect();
    let form = Form::new(handover);
    let Form { draft, errors, .. } = form;
    let navigate = use_navigate();
    let add_line = move |product: Option<Uuid>| {
        let key = next_key.get_value();
        next_key.set_value(key + 1);
        let line = app.read_untracked(|crm| {
            let p = product.and_then(|p| crm.product(p));
            Line {
                key,
                product_id: p.map(|p| p.id),
                name: p.map(|p| p.name.clone()).unwrap_or_default(),
                quantity: "1".into(),
                unit: p.map(|p| p.unit.clone()).unwrap_or_default(),
                serials: String::new(),
                condition: String::new(),
                documents: String::new(),
                warranty: p.filter(|p| p.warranty_months > 0).map(|p| p.warranty_months.to_string()).unwrap_or_default(),
            }
        });
        lines.update(|l| l.push(line));
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut h = draft.get_untracked();
        let mut problems = Vec::new();
        h.organization_id = org.get_untracked().unwrap_or_default();
        match crate::model::time::parse_date(&date.get_untracked()) {
            Some(d) => h.date = d,
            None => problems.push(FieldError::new("date", Problem::NotDate)),
        }
        h.items = lines.with_untracked(|l| l.iter().enumerate().filter_map(|(i, line)| line.item(i).map_err(|e| problems.extend(e)).ok()).collect());
        h.defects = defects.with_untracked(|list| {
            list.iter()
                .enumerate()
                .filter_map(|(i, d)| match crate::model::time::parse_date(&d.fix_by) {
                    Some(fix_by) => Some(Defect {
                        id: d.id,
                        description: d.description.trim().to_string(),
                        fix_by,
                        fixed_on: fixed.iter().find(|(x, _)| *x == d.id).and_then(|(_, f)| *f),
                    }),
                    None => {
                        problems.push(FieldError::new(format!("defects[{i}].fix_by"), Problem::NotDate));
                        None
                    }
                })
                .collect()
        });
        if !problems.is_empty() {
            errors.set(problems);
            return;
        }
        let navigate = navigate.clone();
        form.save(
            move |crm, ctx| crm.save_handover(h, ctx),
            move || navigate(&record_href(Kind::Handover, id), NavigateOptions { replace: is_new, ..Default::default() }),
        );
    };
    let projects = move || {
        let o = org.get();
        app.read_all(|crm| {
            o.map(|o| {
                crm.projects_of(o)
                    .into_iter()
                    .map(|p| {
                        let pid = p.id;
                        view! { <option value=pid.to_string() selected=move || draft.with(|d| d.project_id == Some(pid))>{p.name.clone()}</option> }
                    })
                    .collect_view()
            })
        })
    };
    let contracts = move || {
        let o = org.get();
        app.read_all(|crm| {
            o.map(|o| {
                crm.contracts_of(o)
                    .into_iter()
                    .map(|c| {
                        let cid = c.id;
                        view! { <option value=cid.to_string() selected=move || draft.with(|d| d.contract_id == Some(cid))>{c.name()}</option> }
                    })
                    .collect_view()
            })
        })
    };
    let people = move || {
        let o = org.get();
        app.read_all(|crm| {
            o.map(|o| {
                crm.contacts_of(o)
                    .into_iter()
                    .map(|c| {
                        let cid = c.id;
                        view! { <option value=cid.to_string() selected=move || draft.with(|d| d.accepted_by == Some(cid))>{c.full_name()}</option> }
                    })
                    .collect_view()
            })
        })
    };
    let catalogue = move || {
        app.read_all(|crm| {
            let mut v: Vec<_> = crm.products().filter(|p| p.active).map(|p| (crm.sort_key(p.id).to_string(), p.id, p.name.clone())).collect();
            v.sort();
            v.into_iter().map(|(_, pid, name)| view! { <option value=pid.to_string()>{name}</option> }).collect_view()
        })
    };
    let edit = move |key: u32, f: Box<dyn Fn(&mut Line)>| lines.update(|l| l.iter_mut().filter(|x| x.key == key).for_each(f));
    let item_rows = move || {
        let lang = app.lang.get();
        lines
            .get()
            .into_iter()
            .enumerate()
            .map(|(i, line)| {
                let key = line.key;
                let n = i + 1;
                let input = move |class: &'static str, label: T, value: String, set: fn(&mut Line, String)| {
                    view! {
                        <td><input type="text" class=class aria-label=format!("{} {n}", lang.t(label)) placeholder=lang.t(label) prop:value=value
                            on:input=move |ev| { let v = event_target_value(&ev); edit(key, Box::new(move |l| set(l, v.clone()))) } /></td>
                    }
                };
                view! {
                    <tr class="line">
                        {input("line-name", T::FieldItem, line.name.clone(), |l, v| l.name = v)}
                        {input("line-quantity num", T::FieldQuantity, line.quantity.clone(), |l, v| l.quantity = v)}
                        {input("line-unit", T::FieldUnit, line.unit.clone(), |l, v| l.unit = v)}
                        {input("line-serials", T::FieldSerials, line.serials.clone(), |l, v| l.serials = v)}
                        {input("line-condition", T::FieldCondition, line.condition.clone(), |l, v| l.condition = v)}
                        {input("line-documents", T::FieldDocuments, line.documents.clone(), |l, v| l.documents = v)}
                        {input("line-warranty num", T::FieldWarrantyMonths, line.warranty.clone(), |l, v| l.warranty = v)}
                        <td><button type="button" class="link" aria-label=format!("{} {n}", lang.t(T::Remove)) on:click=move |_| lines.update(|l| l.retain(|x| x.key != key))>"×"</button></td>
                    </tr>
                }
            })
            .collect_view()
    };
    let defect_rows = move || {
        let lang = app.lang.get();
        defects
            .get()
            .into_iter()
            .enumerate()
            .map(|(i, d)| {
                let did = d.id;
                let n = i + 1;
                view! {
                    <tr class="defect">
                        <td><input type="text" class="defect-description" aria-label=format!("{} {n}", lang.t(T::Defects)) prop:value=d.description.clone()
                            on:input=move |ev| { let v = event_target_value(&ev); defects.update(|l| l.iter_mut().filter(|x| x.id == did).for_each(|x| x.description = v.clone())) } /></td>
                        <td><input type="date" class="defect-fix-by" aria-label=format!("{} {n}", lang.t(T::FieldFixBy)) prop:value=d.fix_by.clone()
                            on:input=move |ev| { let v = event_target_value(&ev); defects.update(|l| l.iter_mut().filter(|x| x.id == did).for_each(|x| x.fix_by = v.clone())) } /></td>
                        <td><button type="button" class="link" aria-label=format!("{} {n}", lang.t(T::Remove)) on:click=move |_| defects.update(|l| l.retain(|x| x.id != did))>"×"</button></td>
                    </tr>
                }
            })
            .collect_view()
    };
    let cancel_href = if is_new { "/handovers".to_string() } else { record_href(Kind::Handover, id) };
    view! {
        <form class="page form-page handover-form" on:submit=save novalidate>
            <header class="page-head">
                <h1>{move || format!("{} {}", app.t(if is_new { T::NewHandover } else { T::EditHandover }), draft.with(|d| d.number.clone()))}</h1>
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
                        <label for="f-project_id">{move || app.t(T::Project)}</label>
                        <select id="f-project_id" on:change=move |ev| draft.update(|d| d.project_id = Uuid::parse_str(&event_target_value(&ev)).ok())>
                            <option value="" selected=move || draft.with(|d| d.project_id.is_none())>{move || app.t(T::Nobody)}</option>
                            {projects}
                        </select>
                    </div>
                    <div class="field">
                        <label for="f-contract_id">{move || app.t(T::Contract)}</label>
                        <select id="f-contract_id" on:change=move |ev| draft.update(|d| d.contract_id = Uuid::parse_str(&event_target_value(&ev)).ok())>
                            <option value="" selected=move || draft.with(|d| d.contract_id.is_none())>{move || app.t(T::Nobody)}</option>
                            {contracts}
                        </select>
                    </div>
                    {form.text(T::FieldFulfils, lens!(fulfils))}
                    {form.text(T::FieldHandoverPlace, lens!(place))}
                    {date_field(T::FieldDate, "date", date, errors)}
                    {form.member(T::FieldHandedOverBy, lens!(handed_over_by))}
                    <div class="field">
                        <label for="f-accepted_by">{move || app.t(T::FieldAcceptedBy)}</label>
                        <select id="f-accepted_by" on:change=move |ev| draft.update(|d| d.accepted_by = Uuid::parse_str(&event_target_value(&ev)).ok())>
                            <option value="" selected=move || draft.with(|d| d.accepted_by.is_none())>{move || app.t(T::Nobody)}</option>
                            {people}
                        </select>
                        {error_line(errors, "accepted_by")}
                    </div>
                </div>
            </section>
            <section class="card">
                <h2>{move || app.t(T::Items)}</h2>
                <p class="hint">{move || format!("{}: {}. {}: {}", app.t(T::FieldSerials), app.t(T::SerialsHint), app.t(T::FieldDocuments), app.t(T::DocumentsHint))}</p>
                <div class="lines-wrap">
                    <table class="lines handover-lines">
                        <thead>
                            <tr>
                                <th>{move || app.t(T::FieldItem)}</th>
                                <th class="num">{move || app.t(T::FieldQuantity)}</th>
                                <th>{move || app.t(T::FieldUnit)}</th>
                                <th>{move || app.t(T::FieldSerials)}</th>
                                <th>{move || app.t(T::FieldCondition)}</th>
                                <th>{move || app.t(T::FieldDocuments)}</th>
                                <th class="num">{move || app.t(T::FieldWarrantyMonths)}</th>
                                <th></th>
                            </tr>
                        </thead>
                        <tbody>{item_rows}</tbody>
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
            </section>
            <section class="card">
                <h2>{move || app.t(T::Defects)}</h2>
                <div class="lines-wrap">
                    <table class="lines">
                        <thead><tr><th>{move || app.t(T::Defects)}</th><th>{move || app.t(T::FieldFixBy)}</th><th></th></tr></thead>
                        <tbody>{defect_rows}</tbody>
                    </table>
                </div>
                {error_line(errors, "defects")}
                <button type="button" class="button small" id="add-defect" on:click=move |_| {
                    let day = crate::model::time::format_date(app.today_untracked() + chrono::Duration::days(14));
                    defects.update(|l| l.push(DefectLine { id: web::fresh_id(), description: String::new(), fix_by: day }))
                }>{move || format!("+ {}", app.t(T::AddDefect))}</button>
                {form.area(T::FieldReason, lens!(reason))}
                {form.area(T::FieldNotes, lens!(notes))}
            </section>
            {form.actions(cancel_href)}
        </form>
    }
}

//! A delivered item: what it is, where it came from (the protocol), its
//! warranty and the contract it falls under, kept up to date in place
//! (state, location, warranty end, contract), and "Renew" for a warranty
//! about to end.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use uuid::Uuid;

use crate::i18n::{self, T};
use crate::model::delivered::{DeliveredItem, ItemState};
use crate::model::{Kind, Target};
use crate::ui::pages::contracts::renew;
use crate::ui::routes::link;
use crate::ui::routes::{param_id, record_href};
use crate::ui::state::{use_app, App};
use crate::ui::widgets::attachments::AttachmentsCard;
use crate::ui::widgets::confirm::Confirm;
use crate::ui::widgets::missing::MissingRecord;
use crate::ui::widgets::timeline::{log_buttons, Timeline};

/// Saves the item with `edit` applied; a refusal is told in a notice.
fn edit_item(app: App, id: Uuid, edit: impl FnOnce(&mut DeliveredItem) + 'static) {
    app.act(move |crm, ctx| {
        let Some(mut d) = crm.delivered_item(id).cloned() else { return Ok(Vec::new()) };
        edit(&mut d);
        crm.save_delivered_item(d, ctx)
    });
}

#[component]
pub fn DeliveredItemPage() -> impl IntoView {
    let app = use_app();
    let Some(id) = param_id("id") else { return view! { <MissingRecord back="/contracts" /> }.into_any() };
    let exists = Memo::new(move |_| app.read(&[Kind::DeliveredItem], |c| c.delivered_item(id).is_some()));
    let confirm = RwSignal::new(false);
    let navigate = use_navigate();
    let back = StoredValue::new(String::new());
    let delete = {
        let navigate = navigate.clone();
        move || {
            let navigate = navigate.clone();
            let to = back.get_value();
            app.delete(move |crm, ctx| crm.delete_delivered_item(id, ctx), move || navigate(&to, NavigateOptions::default()));
        }
    };
    let renew_now = StoredValue::new_local(move || renew(app, Target::new(Kind::DeliveredItem, id), navigate.clone()));
    let body = move || {
        let lang = app.lang.get();
        let today = app.today();
        app.read_all(|crm| {
            let d = crm.delivered_item(id)?.clone();
            back.set_value(record_href(Kind::Organization, d.organization_id));
            let org = crm.organization(d.organization_id);
            let state = d.warranty_state(today);
            let contracts: Vec<(Uuid, String)> = crm.contracts_of(d.organization_id).into_iter().map(|c| (c.id, c.name())).collect();
            let row = |label: T, value: String| (!value.is_empty()).then(|| view! { <dt>{lang.t(label)}</dt><dd class="pre">{value}</dd> });
            Some(view! {
                <header class="page-head">
                    <div>
                        <h1>{d.name.clone()}</h1>
                        <p class="subtitle">{org.map(|o| view! { <a href=link(record_href(Kind::Organization, o.id))>{o.name.clone()}</a> })}</p>
                        <p class="badges"><span class=format!("badge warranty-{}", state.code()) id="warranty-state">{lang.t(i18n::warranty_state(state))}</span></p>
                    </div>
                    <div class="actions">
                        <button type="button" class="button" id="renew" on:click=move |_| renew_now.with_value(|f| f())>{lang.t(T::Renew)}</button>
                        <button type="button" class="button danger" on:click=move |_| confirm.set(true)>{lang.t(T::Delete)}</button>
                    </div>
                </header>
                {log_buttons(Target::new(Kind::DeliveredItem, id))}
                <section class="card">
                    <dl class="details">
                        {row(T::FieldQuantity, format!("{} {}", i18n::format_decimal(lang, d.quantity), d.unit))}
                        {row(T::FieldSerials, d.serials.join(", "))}
                        {row(T::FieldDeliveredOn, i18n::format_date(lang, d.delivered_on))}
                        {d.handover_id.and_then(|h| crm.handover(h)).map(|h| view! { <dt>{lang.t(T::Handover)}</dt><dd><a href=link(record_href(Kind::Handover, h.id))>{h.number.clone()}</a></dd> })}
                    </dl>
                    <div class="grid">
                        <div class="field">
                            <label for="f-warranty_until">{lang.t(T::FieldWarrantyUntil)}</label>
                            <input type="date" id="f-warranty_until" prop:value=d.warranty_until.map(crate::model::time::format_date).unwrap_or_default()
                                on:change=move |ev| { let w = crate::model::time::parse_date(&event_target_value(&ev)); edit_item(app, id, move |d| d.warranty_until = w) } />
                        </div>
                        <div class="field">
                            <label for="f-state">{lang.t(T::FieldStatus)}</label>
                            <select id="f-state" on:change=move |ev| if let Some(s) = ItemState::parse(&event_target_value(&ev)) { edit_item(app, id, move |d| d.state = s) }>
                                {ItemState::ALL.iter().map(|s| view! { <option value=s.code() selected=*s == d.state>{lang.t(i18n::item_state(*s))}</option> }).collect_view()}
                            </select>
                        </div>
                        <div class="field">
                            <label for="f-contract_id">{lang.t(T::Contract)}</label>
                            <select id="f-contract_id" on:change=move |ev| { let c = Uuid::parse_str(&event_target_value(&ev)).ok(); edit_item(app, id, move |d| d.contract_id = c) }>
                                <option value="" selected=d.contract_id.is_none()>{lang.t(T::Nobody)}</option>
                                {contracts.into_iter().map(|(cid, name)| view! { <option value=cid.to_string() selected=d.contract_id == Some(cid)>{name}</option> }).collect_view()}
                            </select>
                        </div>
                        <div class="field">
                            <label for="f-location">{lang.t(T::FieldLocation)}</label>
                            <input type="text" id="f-location" prop:value=d.location.clone() on:change=move |ev| { let v = event_target_value(&ev); edit_item(app, id, move |d| d.location = v.trim().to_string()) } />
                        </div>
                        <div class="field wide">
                            <label for="f-notes">{lang.t(T::FieldNotes)}</label>
                            <textarea id="f-notes" rows="3" prop:value=d.notes.clone() on:change=move |ev| { let v = event_target_value(&ev); edit_item(app, id, move |d| d.notes = v) }></textarea>
                        </div>
                    </div>
                </section>
                {crate::ui::pages::tickets::tickets_card(crm, lang, Target::new(Kind::DeliveredItem, id))}
            })
        })
    };
    view! {
        <Show when=move || exists.get() fallback=|| view! { <MissingRecord back="/contracts" /> }>
            <div class="page detail-page">
                {body}
                <AttachmentsCard kind=Kind::DeliveredItem id=id />
                <Timeline id=id />
            </div>
        </Show>
        <Confirm open=confirm message=Signal::derive(move || app.t(T::ConfirmDeleteDeliveredItem).to_string()) confirm_label=T::Delete on_confirm=delete.clone() />
    }
    .into_any()
}

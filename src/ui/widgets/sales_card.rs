//! A record's sales on its page: the opportunities and quotes of an
//! organization or contact (quotes only, for an opportunity), with buttons
//! to start new ones from here.

use leptos::prelude::*;

use crate::i18n::{self, T};
use crate::model::{Kind, Target};
use crate::ui::routes::link;
use crate::ui::routes::{new_from_href, record_href};
use crate::ui::state::use_app;

/// The deals and quotes of `record` (an organization, a contact or a
/// deal), with links to new ones that start from it; deals are listed
/// unless it is one.
#[component]
pub fn SalesCard(record: Target) -> impl IntoView {
    let app = use_app();
    let id = record.id;
    let with_opportunities = record.kind != Kind::Opportunity;
    let opportunities = move || {
        let lang = app.lang.get();
        app.read_all(|crm| {
            crm.opportunities_of(id)
                .into_iter()
                .map(|o| {
                    let stage = crm.stage(o.stage_id).map(|s| s.name.clone()).unwrap_or_default();
                    view! {
                        <li>
                            <a href=link(record_href(Kind::Opportunity, o.id))>{o.name.clone()}</a>
                            <span class="badge">{stage}</span>
                            <span class="sub">{i18n::format_money(lang, o.value, &o.currency)}</span>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    let quotes = move || {
        let lang = app.lang.get();
        app.read_all(|crm| {
            crm.quotes_of(id)
                .into_iter()
                .map(|q| {
                    let total = q.totals().map(|t| t.gross).unwrap_or_default();
                    view! {
                        <li>
                            <a href=link(record_href(Kind::Quote, q.id))>{q.number.clone()}</a>
                            <span class=format!("badge status-{}", q.status.code())>{lang.t(crate::i18n::quote_status(q.status))}</span>
                            <span class="sub">{i18n::format_money(lang, total, &q.currency)}</span>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <section class="card sales-card" aria-labelledby=format!("sales-{id}")>
            <div class="card-head">
                <h2 id=format!("sales-{id}")>{move || app.t(if with_opportunities { T::Sales } else { T::NavQuotes })}</h2>
                <div class="actions">
                    {with_opportunities.then(|| view! {
                        <a class="button small" id="new-opportunity-here" href=link(new_from_href(Kind::Opportunity, record))>{move || format!("+ {}", app.t(T::Opportunity))}</a>
                    })}
                    <a class="button small" id="new-quote-here" href=link(new_from_href(Kind::Quote, record))>{move || format!("+ {}", app.t(T::Quote))}</a>
                </div>
            </div>
            {with_opportunities.then(|| view! { <ul class="plain sales-list" id="record-opportunities">{opportunities}</ul> })}
            <ul class="plain sales-list" id="record-quotes">{quotes}</ul>
        </section>
    }
}

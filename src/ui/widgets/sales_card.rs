//! A record's sales on its page: the opportunities and quotes of an
//! organization or contact (quotes only, for an opportunity), with buttons
//! to start new ones from here.

use leptos::prelude::*;
use uuid::Uuid;

use crate::i18n::{self, T};
use crate::ui::state::use_app;

/// `param` names the record in the "new" links (`organization`, `contact`
/// or `opportunity`); opportunities are listed unless it is one.
#[component]
pub fn SalesCard(id: Uuid, param: &'static str) -> impl IntoView {
    let app = use_app();
    let with_opportunities = param != "opportunity";
    let opportunities = move || {
        let lang = app.lang.get();
        app.crm.with(|crm| {
            crm.opportunities_of(id)
                .into_iter()
                .map(|o| {
                    let stage = crm.stage(o.stage_id).map(|s| s.name.clone()).unwrap_or_default();
                    view! {
                        <li>
                            <a href=format!("/opportunities/{}", o.id)>{o.name.clone()}</a>
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
        app.crm.with(|crm| {
            crm.quotes_of(id)
                .into_iter()
                .map(|q| {
                    let total = q.totals().map(|t| t.gross).unwrap_or_default();
                    view! {
                        <li>
                            <a href=format!("/quotes/{}", q.id)>{q.number.clone()}</a>
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
                        <a class="button small" id="new-opportunity-here" href=format!("/opportunities/new?{param}={id}")>{move || format!("+ {}", app.t(T::Opportunity))}</a>
                    })}
                    <a class="button small" id="new-quote-here" href=format!("/quotes/new?{param}={id}")>{move || format!("+ {}", app.t(T::Quote))}</a>
                </div>
            </div>
            {with_opportunities.then(|| view! { <ul class="plain sales-list" id="record-opportunities">{opportunities}</ul> })}
            <ul class="plain sales-list" id="record-quotes">{quotes}</ul>
        </section>
    }
}

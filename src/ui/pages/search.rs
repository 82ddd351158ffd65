//! The global search: organizations, contacts, activities, the sales
//! records and files (by name) matching one query,
//! reached from the search box in the top bar (`/search?q=…`).

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use uuid::Uuid;

use crate::i18n::T;
use crate::model::search::Query;
use crate::model::Kind;
use crate::ui::routes::link;
use crate::ui::routes::{record_href, target_href};
use crate::ui::state::use_app;

/// Results shown per kind; more means the query should be narrower.
const SHOWN: usize = 100;

#[component]
pub fn SearchPage() -> impl IntoView {
    let app = use_app();
    let params = use_query_map();
    let text = Memo::new(move |_| params.with(|p| p.get("q").unwrap_or_default()));
    let found = Memo::new(move |_| {
        let q = Query::new(&text.get());
        app.read_all(|crm| crm.find_top(&q, SHOWN))
    });
    let organization = move |id: Uuid| {
        app.read_all(|crm| {
            crm.organization(id).map(|o| {
                view! {
                    <li>
                        <a href=link(record_href(Kind::Organization, id))>{o.name.clone()}</a>
                        <small class="sub">{o.billing_address.city.clone()}</small>
                    </li>
                }
            })
        })
    };
    let contact = move |id: Uuid| {
        app.read_all(|crm| {
            crm.contact(id).map(|c| {
                let org = c.organization_id.and_then(|o| crm.organization(o)).map(|o| o.name.clone()).unwrap_or_default();
                view! {
                    <li>
                        <a href=link(record_href(Kind::Contact, id))>{c.full_name()}</a>
                        <small class="sub">{org}</small>
                        <small class="sub">{c.primary_email().unwrap_or_default().to_string()}</small>
                    </li>
                }
            })
        })
    };
    let activity = move |id: Uuid| {
        let lang = app.lang.get_untracked();
        app.read_all(|crm| {
            crm.activity(id).map(|a| {
                let when = crate::i18n::format_datetime(lang, a.when(), crate::web::utc_offset_minutes());
                view! {
                    <li>
                        <a href=link(record_href(Kind::Activity, id))>{a.title()}</a>
                        <small class="sub">{lang.t(crate::i18n::activity_kind(a.kind))}</small>
                        <small class="sub">{when}</small>
                    </li>
                }
            })
        })
    };
    let sales = move |t: crate::model::Target| {
        let lang = app.lang.get_untracked();
        app.read_all(|crm| {
            crm.exists(t).then(|| {
                view! {
                    <li>
                        <a href=link(target_href(t))>{crm.label(t)}</a>
                        <small class="sub">{lang.t(crate::i18n::record_kind(t.kind))}</small>
                    </li>
                }
            })
        })
    };
    // A file is found by its name and opens the record it is attached to.
    let file = move |id: Uuid| {
        let lang = app.lang.get_untracked();
        app.read_all(|crm| {
            crm.attachment(id).map(|a| {
                let on = format!("{} {}", lang.t(crate::i18n::record_kind(a.record_kind)), crm.label(a.target()));
                view! {
                    <li>
                        <a href=link(record_href(a.record_kind, a.record_id))>{a.name.clone()}</a>
                        <small class="sub">{on}</small>
                        {(!a.folder.is_empty()).then(|| view! { <small class="sub">{a.folder.clone()}</small> })}
                    </li>
                }
            })
        })
    };
    let section = move |title: T, ids: Vec<Uuid>, total: usize, row: &dyn Fn(Uuid) -> Option<AnyView>| {
        let rows: Vec<AnyView> = ids.into_iter().filter_map(row).collect();
        view! {
            <section class="found">
                <h2>{move || app.t(title)} " " <span class="result-count">{total}</span></h2>
                {(total == 0).then(|| view! { <p class="empty">{move || app.t(T::NoResults)}</p> })}
                <ul class="found-list">{rows}</ul>
                {(total > SHOWN).then(|| view! { <p class="sub">{move || app.t(T::OnlyFirstShown)}</p> })}
            </section>
        }
    };
    view! {
        <div class="page search-page">
            <header class="page-head">
                <h1>{move || app.t(T::SearchTitle)}</h1>
            </header>
            {move || {
                if Query::new(&text.get()).is_empty() {
                    return view! { <p class="empty">{move || app.t(T::SearchPrompt)}</p> }.into_any();
                }
                let f = found.get();
                view! {
                    {section(T::NavOrganizations, f.organizations, f.matched.organizations, &|id| organization(id).map(IntoAny::into_any))}
                    {section(T::NavContacts, f.contacts, f.matched.contacts, &|id| contact(id).map(IntoAny::into_any))}
                    {section(T::Activities, f.activities, f.matched.activities, &|id| activity(id).map(IntoAny::into_any))}
                    {(!f.files.is_empty()).then(|| section(T::Attachments, f.files, f.matched.files, &|id| file(id).map(IntoAny::into_any)))}
                    {(!f.sales.is_empty()).then(|| {
                        let total = f.matched.sales;
                        let rows: Vec<AnyView> = f.sales.into_iter().filter_map(|t| sales(t).map(IntoAny::into_any)).collect();
                        view! {
                            <section class="found" id="found-sales">
                                <h2>{move || app.t(T::SalesFound)} " " <span class="result-count">{total}</span></h2>
                                <ul class="found-list">{rows}</ul>
                                {(total > SHOWN).then(|| view! { <p class="sub">{move || app.t(T::OnlyFirstShown)}</p> })}
                            </section>
                        }
                    })}
                }
                .into_any()
            }}
        </div>
    }
}

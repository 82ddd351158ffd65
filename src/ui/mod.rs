//! The Leptos app: shell, routes and pages. Components read the in-memory
//! records through [`state::App`] and write only through `App::commit`.

pub mod csv_export;
pub mod errors;
pub mod pages;
pub mod routes;
pub mod state;
pub mod widgets;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::use_location;
use leptos_router::path;

use crate::i18n::T;
use pages::activity::ActivityPage;
use pages::activity_form::{ActivityEdit, ActivityNew};
use pages::calendar::CalendarPage;
use pages::campaigns::{CampaignEdit, CampaignNew, CampaignPage, CampaignsPage};
use pages::contact::ContactPage;
use pages::contact_form::{ContactEdit, ContactNew};
use pages::contacts::ContactsPage;
use pages::csv_import::CsvImportPage;
use pages::dashboard::DashboardPage;
use pages::duplicates::DuplicatesPage;
use pages::inbox::InboxPage;
use pages::lead_form::{LeadEdit, LeadNew};
use pages::leads::{LeadPage, LeadsPage};
use pages::not_found::NotFound;
use pages::opportunities::OpportunitiesPage;
use pages::opportunity::OpportunityPage;
use pages::opportunity_form::{OpportunityEdit, OpportunityNew};
use pages::organization::OrganizationPage;
use pages::organization_form::{OrganizationEdit, OrganizationNew};
use pages::organizations::OrganizationsPage;
use pages::products::{ProductEdit, ProductNew, ProductsPage};
use pages::quote_form::{QuoteEdit, QuoteNew};
use pages::quotes::{QuotePage, QuotePrint, QuotesPage};
use pages::reports::{ReportPage, ReportRecordsPage, ReportsPage};
use pages::rule_form::{RuleEdit, RuleNew, TemplateEdit};
use pages::rules::RulesPage;
use pages::search::SearchPage;
use pages::settings::SettingsPage;
use pages::stream::StreamPage;
use pages::tasks::TasksPage;
use state::{App as AppState, NoticeKind, Phase};
use widgets::global_search::GlobalSearch;
use widgets::loaded::Loaded;
use widgets::team::WhoAreYou;

#[component]
pub fn App() -> impl IntoView {
    let app = AppState::new();
    provide_context(app);
    leptos::task::spawn_local(app.boot());

    // <html lang> and the theme follow the settings.
    Effect::new(move |_| {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", app.lang.get().code());
            let _ = root.set_attribute("data-theme", app.theme.get().code());
        }
    });
    Effect::new(move |_| {
        let lang = app.lang.get();
        document().set_title(&format!("{} — {}", lang.t(T::AppName), lang.t(T::AppTagline)));
    });

    view! {
        <Router>
            <Shell>
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=|| view! { <Loaded><DashboardPage /></Loaded> } />
                    <Route path=path!("/contacts") view=ContactsPage />
                    <Route path=path!("/contacts/new") view=|| view! { <Loaded><ContactNew /></Loaded> } />
                    <Route path=path!("/contacts/:id") view=|| view! { <Loaded><ContactPage /></Loaded> } />
                    <Route path=path!("/contacts/:id/edit") view=|| view! { <Loaded><ContactEdit /></Loaded> } />
                    <Route path=path!("/organizations") view=OrganizationsPage />
                    <Route path=path!("/organizations/new") view=|| view! { <Loaded><OrganizationNew /></Loaded> } />
                    <Route path=path!("/organizations/:id") view=|| view! { <Loaded><OrganizationPage /></Loaded> } />
                    <Route path=path!("/organizations/:id/edit") view=|| view! { <Loaded><OrganizationEdit /></Loaded> } />
                    <Route path=path!("/leads") view=|| view! { <Loaded><LeadsPage /></Loaded> } />
                    <Route path=path!("/leads/new") view=|| view! { <Loaded><LeadNew /></Loaded> } />
                    <Route path=path!("/leads/:id") view=|| view! { <Loaded><LeadPage /></Loaded> } />
                    <Route path=path!("/leads/:id/edit") view=|| view! { <Loaded><LeadEdit /></Loaded> } />
                    <Route path=path!("/campaigns") view=|| view! { <Loaded><CampaignsPage /></Loaded> } />
                    <Route path=path!("/campaigns/new") view=|| view! { <Loaded><CampaignNew /></Loaded> } />
                    <Route path=path!("/campaigns/:id") view=|| view! { <Loaded><CampaignPage /></Loaded> } />
                    <Route path=path!("/campaigns/:id/edit") view=|| view! { <Loaded><CampaignEdit /></Loaded> } />
                    <Route path=path!("/opportunities") view=|| view! { <Loaded><OpportunitiesPage /></Loaded> } />
                    <Route path=path!("/opportunities/new") view=|| view! { <Loaded><OpportunityNew /></Loaded> } />
                    <Route path=path!("/opportunities/:id") view=|| view! { <Loaded><OpportunityPage /></Loaded> } />
                    <Route path=path!("/opportunities/:id/edit") view=|| view! { <Loaded><OpportunityEdit /></Loaded> } />
                    <Route path=path!("/quotes") view=|| view! { <Loaded><QuotesPage /></Loaded> } />
                    <Route path=path!("/quotes/new") view=|| view! { <Loaded><QuoteNew /></Loaded> } />
                    <Route path=path!("/quotes/:id") view=|| view! { <Loaded><QuotePage /></Loaded> } />
                    <Route path=path!("/quotes/:id/edit") view=|| view! { <Loaded><QuoteEdit /></Loaded> } />
                    <Route path=path!("/quotes/:id/print") view=|| view! { <Loaded><QuotePrint /></Loaded> } />
                    <Route path=path!("/products") view=|| view! { <Loaded><ProductsPage /></Loaded> } />
                    <Route path=path!("/products/new") view=|| view! { <Loaded><ProductNew /></Loaded> } />
                    <Route path=path!("/products/:id") view=|| view! { <Loaded><ProductEdit /></Loaded> } />
                    <Route path=path!("/activities/new") view=|| view! { <Loaded><ActivityNew /></Loaded> } />
                    <Route path=path!("/activities/:id") view=|| view! { <Loaded><ActivityPage /></Loaded> } />
                    <Route path=path!("/activities/:id/edit") view=|| view! { <Loaded><ActivityEdit /></Loaded> } />
                    <Route path=path!("/stream") view=|| view! { <Loaded><StreamPage /></Loaded> } />
                    <Route path=path!("/tasks") view=|| view! { <Loaded><TasksPage /></Loaded> } />
                    <Route path=path!("/calendar") view=|| view! { <Loaded><CalendarPage /></Loaded> } />
                    <Route path=path!("/inbox") view=|| view! { <Loaded><InboxPage /></Loaded> } />
                    <Route path=path!("/duplicates/:kind") view=|| view! { <Loaded><DuplicatesPage /></Loaded> } />
                    <Route path=path!("/import/:target") view=|| view! { <Loaded><CsvImportPage /></Loaded> } />
                    <Route path=path!("/search") view=|| view! { <Loaded><SearchPage /></Loaded> } />
                    <Route path=path!("/settings") view=|| view! { <Loaded><SettingsPage /></Loaded> } />
                    <Route path=path!("/rules") view=|| view! { <Loaded><RulesPage /></Loaded> } />
                    <Route path=path!("/rules/new") view=|| view! { <Loaded><RuleNew /></Loaded> } />
                    <Route path=path!("/rules/:id") view=|| view! { <Loaded><RuleEdit /></Loaded> } />
                    <Route path=path!("/reports") view=|| view! { <Loaded><ReportsPage /></Loaded> } />
                    <Route path=path!("/reports/:id") view=|| view! { <Loaded><ReportPage /></Loaded> } />
                    <Route path=path!("/reports/:id/records") view=|| view! { <Loaded><ReportRecordsPage /></Loaded> } />
                    <Route path=path!("/templates/:id") view=|| view! { <Loaded><TemplateEdit /></Loaded> } />
                </Routes>
            </Shell>
        </Router>
    }
}

/// Browser notifications shown at once; more are summed up in one.
const NOTIFY_AT_ONCE: usize = 3;

#[component]
fn Shell(children: ChildrenFn) -> impl IntoView {
    let app = state::use_app();
    let location = use_location();
    let section = move || {
        let mut p = location.pathname.get();
        // Finding duplicates and importing belong to the list of their kind.
        if let Some(kind) = p.strip_prefix("/duplicates/").or_else(|| p.strip_prefix("/import/")) {
            p = format!("/{}s", kind.trim_end_matches('s'));
        }
        if p == "/" {
            "dashboard"
        } else if p.starts_with("/reports") {
            "reports"
        } else if p.starts_with("/organizations") {
            "organizations"
        } else if p.starts_with("/settings") {
            "settings"
        } else if p.starts_with("/rules") || p.starts_with("/templates") {
            "rules"
        } else if p.starts_with("/tasks") {
            "tasks"
        } else if p.starts_with("/calendar") {
            "calendar"
        } else if p.starts_with("/inbox") {
            "inbox"
        } else if p.starts_with("/stream") || p.starts_with("/activities") {
            "stream"
        } else if p.starts_with("/opportunities") {
            "opportunities"
        } else if p.starts_with("/leads") {
            "leads"
        } else if p.starts_with("/campaigns") {
            "campaigns"
        } else if p.starts_with("/quotes") {
            "quotes"
        } else if p.starts_with("/products") {
            "products"
        } else if p.starts_with("/search") {
            "search"
        } else if p.starts_with("/contacts") {
            "contacts"
        } else {
            // An unknown page is in no section.
            ""
        }
    };
    let online = RwSignal::new(crate::web::is_online());
    let on = window_event_listener(leptos::ev::online, move |_| online.set(true));
    let off = window_event_listener(leptos::ev::offline, move |_| online.set(false));
    on_cleanup(move || {
        on.remove();
        off.remove();
    });
    // A notice fades after a while unless it is an error.
    Effect::new(move |_| {
        if let Some(n) = app.notice.get() {
            if n.kind == NoticeKind::Info {
                let secs = if n.undo.is_some() { 12 } else { 4 };
                set_timeout(
                    move || {
                        if app.notice.get_untracked().as_ref() == Some(&n) {
                            app.notice.set(None);
                        }
                    },
                    // Long enough to reach for "Undo".
                    std::time::Duration::from_secs(secs),
                );
            }
        }
    });
    let nav_link = move |href: &'static str, key: &'static str, label: T| {
        view! {
            <a href=href class:active=move || section() == key aria-current=move || (section() == key).then_some("page")>
                {move || app.t(label)}
            </a>
        }
    };
    let children = StoredValue::new(children);
    let more = RwSignal::new(false);
    // The "More" menu closes on a click anywhere else.
    let outside = window_event_listener(leptos::ev::click, move |ev| {
        use wasm_bindgen::JsCast;
        let inside = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).and_then(|e| e.closest(".more-menu").ok().flatten()).is_some();
        if !inside && more.get_untracked() {
            more.set(false);
        }
    });
    on_cleanup(move || outside.remove());
    // What is due follows the clock.
    let tick = set_interval_with_handle(
        move || {
            app.now.set(crate::web::now());
            app.run_rules();
        },
        std::time::Duration::from_secs(30),
    )
    .ok();
    on_cleanup(move || {
        if let Some(t) = tick {
            t.clear();
        }
    });
    let inbox_count = Memo::new(move |_| if app.loaded.get() { app.crm.with(|crm| app.visible_reminders(crm).len()) } else { 0 });
    // New reminders also arrive as browser notifications, once each, when
    // the user allowed them (a few at a time: a long inbox is one more).
    let notified = StoredValue::new(std::collections::HashSet::<String>::new());
    Effect::new(move |_| {
        // Checked again at every tick: permission may come later.
        app.now.track();
        if !app.loaded.get() || crate::web::notification_permission().as_deref() != Some("granted") {
            return;
        }
        let lang = app.lang.get_untracked();
        app.crm.with(|crm| {
            let fresh: Vec<_> = app.visible_reminders(crm).into_iter().filter(|(k, _)| notified.with_value(|n| !n.contains(k))).collect();
            for (key, r) in fresh.iter().take(NOTIFY_AT_ONCE) {
                let (title, detail, _) = pages::inbox::describe(crm, lang, r);
                crate::web::notify(&title, &detail, key);
            }
            if fresh.len() > NOTIFY_AT_ONCE {
                let more = format!("+{}", crate::i18n::count(lang, (fresh.len() - NOTIFY_AT_ONCE) as i64, crate::i18n::Noun::Reminder));
                crate::web::notify(lang.t(T::NavInbox), &more, "vizitka-inbox");
            }
            notified.update_value(|n| n.extend(fresh.into_iter().map(|(k, _)| k)));
        });
    });
    view! {
        <div class="shell">
            <div class="top">
                <header class="topbar">
                    <a class="brand" href="/" title=move || app.t(T::NavDashboard)>
                        <img src="/icons/icon.svg" alt="" width="28" height="28" />
                        <span>{move || app.t(T::AppName)}</span>
                    </a>
                    <nav aria-label=move || app.t(T::Menu)>
                        {nav_link("/contacts", "contacts", T::NavContacts)}
                        {nav_link("/organizations", "organizations", T::NavOrganizations)}
                        {nav_link("/leads", "leads", T::NavLeads)}
                        {nav_link("/opportunities", "opportunities", T::NavOpportunities)}
                        {nav_link("/quotes", "quotes", T::NavQuotes)}
                        {nav_link("/tasks", "tasks", T::NavTasks)}
                        {nav_link("/calendar", "calendar", T::NavCalendar)}
                        <a href="/inbox" id="nav-inbox" class:active=move || section() == "inbox" aria-current=move || (section() == "inbox").then_some("page")>
                            {move || app.t(T::NavInbox)}
                            {move || (inbox_count.get() > 0).then(|| view! {
                                <span class="count-badge" id="inbox-count" aria-label=crate::i18n::count(app.lang.get(), inbox_count.get() as i64, crate::i18n::Noun::Reminder)>{inbox_count.get()}</span>
                            })}
                        </a>
                        {nav_link("/reports", "reports", T::NavReports)}
                        // The rest behind "More", so the bar fits a laptop.
                        <details class="more-menu" prop:open=move || more.get() on:toggle=move |ev| more.set(event_target::<web_sys::HtmlDetailsElement>(&ev).open())>
                            <summary class:active=move || matches!(section(), "stream" | "products" | "campaigns" | "rules" | "settings")>{move || app.t(T::More)}</summary>
                            <div class="menu" on:click=move |_| more.set(false)>
                                {nav_link("/stream", "stream", T::NavStream)}
                                {nav_link("/products", "products", T::NavProducts)}
                                {nav_link("/campaigns", "campaigns", T::NavCampaigns)}
                                {nav_link("/rules", "rules", T::NavAutomation)}
                                {nav_link("/settings", "settings", T::NavSettings)}
                                <Show when=move || app.saved_filters.with(|f| !f.is_empty())>
                                    <p class="menu-heading">{move || app.t(T::SavedFilters)}</p>
                                    {move || app.saved_filters.get().into_iter().map(|f| {
                                        let name = f.name.clone();
                                        view! {
                                            <span class="saved-filter">
                                                <a href=f.href.clone()>{f.name.clone()}</a>
                                                <button type="button" class="link" title=move || app.t(T::RemoveSavedFilter) aria-label=move || format!("{} {}", app.t(T::RemoveSavedFilter), name) on:click={
                                                    let name = f.name.clone();
                                                    move |ev| {
                                                        ev.stop_propagation();
                                                        app.remove_filter(&name);
                                                    }
                                                }>"×"</button>
                                            </span>
                                        }
                                    }).collect_view()}
                                </Show>
                            </div>
                        </details>
                    </nav>
                    <GlobalSearch />
                    <div class="status" aria-live="polite">
                        {move || app.busy.get().map(|t| view! { <span class="busy" role="status">{app.t(t)}</span> })}
                        {move || (!online.get()).then(|| view! { <span class="offline" title=app.t(T::Offline)>"offline"</span> })}
                    </div>
                </header>
                {move || app.notice.get().map(|n| {
                    let class = if n.kind == NoticeKind::Error { "notice error" } else { "notice" };
                    view! {
                        <div class=class role=if n.kind == NoticeKind::Error { "alert" } else { "status" }>
                            <span>{n.text}</span>
                            {n.undo.map(|u| view! {
                                <button type="button" class="button small" id="undo" on:click=move |_| {
                                    app.notice.set(None);
                                    app.undo(u.clone());
                                }>{app.t(T::Undo)}</button>
                            })}
                            <button type="button" class="link" on:click=move |_| app.notice.set(None)>{app.t(T::Dismiss)}</button>
                        </div>
                    }
                })}
            </div>
            <BackupReminder />
            <WhoAreYou />
            <main id="main">
                {move || match app.phase.get() {
                    Phase::Loading => view! { <p class="loading" role="status">{app.t(T::Loading)}</p> }.into_any(),
                    Phase::Failed(msg) => view! { <div class="error-summary" role="alert"><p>{msg}</p></div> }.into_any(),
                    Phase::MustReload => view! {
                        <div class="error-summary" role="alert">
                            <p>{app.t(T::UpgradedElsewhere)}</p>
                            <button type="button" class="button primary" on:click=|_| { let _ = window().location().reload(); }>{app.t(T::Reload)}</button>
                        </div>
                    }.into_any(),
                    Phase::Ready => children.with_value(|c| c()).into_any(),
                }}
            </main>
        </div>
    }
}

/// Nudges the user to export a backup when there is data and none was
/// exported in the last 7 days. Dismissed for the rest of the session.
#[component]
fn BackupReminder() -> impl IntoView {
    let app = state::use_app();
    let dismissed = RwSignal::new(false);
    let due = move || {
        if dismissed.get() || app.phase.get() != Phase::Ready || app.crm.with(|c| c.is_empty()) {
            return None;
        }
        let last = app.last_export.get().and_then(|s| crate::model::time::parse(&s));
        match last {
            None => Some(T::NeverBackedUp),
            Some(t) if crate::web::now().signed_duration_since(t) > chrono::Duration::days(7) => Some(T::BackupReminder),
            Some(_) => None,
        }
    };
    move || {
        due().map(|text| {
            view! {
                <div class="reminder" role="note">
                    <span>{app.t(text)}</span>
                    <a href="/settings">{app.t(T::BackupNow)}</a>
                    <button type="button" class="link" on:click=move |_| dismissed.set(true)>{app.t(T::Dismiss)}</button>
                </div>
            }
        })
    }
}

//! The Leptos app: shell, routes and pages. Components read the in-memory
//! records through [`state::App`] and write only through `App::commit`.

pub mod chunks;
pub mod csv_export;
pub mod errors;
pub mod pages;
pub mod routes;
pub mod state;
pub mod sync;
pub mod widgets;

use leptos::prelude::*;
use leptos_router::components::{Outlet, ParentRoute, Route, Router, Routes};
use leptos_router::path;

use crate::i18n::T;
use crate::model::agenda::REMINDER_KINDS;
// Every page comes from its own chunk of wasm (see chunks.rs).
use crate::ui::routes::link;
use chunks::*;
use pages::not_found::NotFound;
use routes::Section;
use state::{App as AppState, NoticeKind, Phase};
use widgets::global_search::GlobalSearch;
use widgets::loaded::Loaded;
use widgets::tabbar::{nav_entry, TabBar};
use widgets::team::WhoAreYou;

#[component]
pub fn App() -> impl IntoView {
    let app = AppState::new();
    provide_context(app);
    // The first page's code comes beside the records, not after them.
    chunks::preload(routes::bare(&window().location().pathname().unwrap_or_default()));
    chunks::preload_on_intent();
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
        <Router base=crate::web::base()>
            <Shell>
                <Routes fallback=NotFound>
                    // The lists show the first records while the rest load.
                    <Route path=path!("/contacts") view=ContactsPage />
                    <Route path=path!("/organizations") view=OrganizationsPage />
                    // Every other page needs every record: it waits for the load.
                    <ParentRoute path=path!("") view=|| view! { <Loaded><Outlet /></Loaded> }>
                        <Route path=path!("/") view=DashboardPage />
                        <Route path=path!("/contacts/new") view=ContactNew />
                        <Route path=path!("/contacts/:id") view=ContactPage />
                        <Route path=path!("/contacts/:id/edit") view=ContactEdit />
                        <Route path=path!("/organizations/new") view=OrganizationNew />
                        <Route path=path!("/organizations/:id") view=OrganizationPage />
                        <Route path=path!("/organizations/:id/edit") view=OrganizationEdit />
                        <Route path=path!("/leads") view=LeadsPage />
                        <Route path=path!("/leads/new") view=LeadNew />
                        <Route path=path!("/leads/:id") view=LeadPage />
                        <Route path=path!("/leads/:id/edit") view=LeadEdit />
                        <Route path=path!("/campaigns") view=CampaignsPage />
                        <Route path=path!("/campaigns/new") view=CampaignNew />
                        <Route path=path!("/campaigns/:id") view=CampaignPage />
                        <Route path=path!("/campaigns/:id/edit") view=CampaignEdit />
                        <Route path=path!("/opportunities") view=OpportunitiesPage />
                        <Route path=path!("/opportunities/new") view=OpportunityNew />
                        <Route path=path!("/opportunities/:id") view=OpportunityPage />
                        <Route path=path!("/opportunities/:id/edit") view=OpportunityEdit />
                        <Route path=path!("/quotes") view=QuotesPage />
                        <Route path=path!("/quotes/new") view=QuoteNew />
                        <Route path=path!("/quotes/:id") view=QuotePage />
                        <Route path=path!("/quotes/:id/edit") view=QuoteEdit />
                        <Route path=path!("/quotes/:id/print") view=QuotePrint />
                        <Route path=path!("/projects") view=ProjectsPage />
                        <Route path=path!("/projects/new") view=ProjectNew />
                        <Route path=path!("/projects/:id") view=ProjectPage />
                        <Route path=path!("/projects/:id/edit") view=ProjectEdit />
                        <Route path=path!("/handovers") view=HandoversPage />
                        <Route path=path!("/handovers/new") view=HandoverNew />
                        <Route path=path!("/handovers/:id") view=HandoverPage />
                        <Route path=path!("/handovers/:id/edit") view=HandoverEdit />
                        <Route path=path!("/handovers/:id/print") view=HandoverPrint />
                        <Route path=path!("/contracts") view=ContractsPage />
                        <Route path=path!("/contracts/new") view=ContractNew />
                        <Route path=path!("/contracts/:id") view=ContractPage />
                        <Route path=path!("/contracts/:id/edit") view=ContractEdit />
                        <Route path=path!("/delivered-items/:id") view=DeliveredItemPage />
                        <Route path=path!("/tickets") view=TicketsPage />
                        <Route path=path!("/tickets/new") view=TicketNew />
                        <Route path=path!("/tickets/report") view=ReportProblemPage />
                        <Route path=path!("/tickets/:id") view=TicketPage />
                        <Route path=path!("/tickets/:id/edit") view=TicketEdit />
                        <Route path=path!("/products") view=ProductsPage />
                        <Route path=path!("/products/new") view=ProductNew />
                        <Route path=path!("/products/:id") view=ProductEdit />
                        <Route path=path!("/activities/new") view=ActivityNew />
                        <Route path=path!("/activities/:id") view=ActivityPage />
                        <Route path=path!("/activities/:id/edit") view=ActivityEdit />
                        <Route path=path!("/stream") view=StreamPage />
                        <Route path=path!("/tasks") view=TasksPage />
                        <Route path=path!("/calendar") view=CalendarPage />
                        <Route path=path!("/inbox") view=InboxPage />
                        <Route path=path!("/duplicates/:kind") view=DuplicatesPage />
                        <Route path=path!("/import/:target") view=CsvImportPage />
                        <Route path=path!("/search") view=SearchPage />
                        <Route path=path!("/settings") view=SettingsPage />
                        <Route path=path!("/rules") view=RulesPage />
                        <Route path=path!("/rules/new") view=RuleNew />
                        <Route path=path!("/rules/:id") view=RuleEdit />
                        <Route path=path!("/reports") view=ReportsPage />
                        <Route path=path!("/reports/:id") view=ReportPage />
                        <Route path=path!("/reports/:id/records") view=ReportRecordsPage />
                        <Route path=path!("/templates/:id") view=TemplateEdit />
                    </ParentRoute>
                </Routes>
            </Shell>
        </Router>
    }
}

/// True from the first time `wanted` holds on.
fn sticky(wanted: impl Fn() -> bool + Send + Sync + 'static) -> Memo<bool> {
    Memo::new(move |was: Option<&bool>| was.copied().unwrap_or(false) || wanted())
}

/// Browser notifications shown at once; more are summed up in one.
const NOTIFY_AT_ONCE: usize = 3;

/// How many reminders the inbox shows; with `notified`, notifies those not
/// notified yet (a few at a time: a long inbox is one more) and forgets
/// those no longer shown. One look at every reminder for both. In the
/// reminders' chunk.
pub(crate) fn refresh_reminders(app: AppState, crm: &crate::model::Crm, notified: Option<StoredValue<std::collections::HashSet<String>>>) -> usize {
    let Some(notified) = notified else { return app.reminder_count(crm) };
    let visible = app.visible_reminders(crm);
    let count = visible.len();
    let lang = app.lang.get_untracked();
    let shown: std::collections::HashSet<String> = visible.iter().map(|(k, _)| k.clone()).collect();
    let fresh: Vec<_> = visible.into_iter().filter(|(k, _)| notified.with_value(|n| !n.contains(k))).collect();
    for (key, r) in fresh.iter().take(NOTIFY_AT_ONCE) {
        let (title, detail, _) = pages::inbox::describe(crm, lang, r);
        crate::web::notify(&title, &detail, key);
    }
    if fresh.len() > NOTIFY_AT_ONCE {
        let more = format!("+{}", crate::i18n::count(lang, (fresh.len() - NOTIFY_AT_ONCE) as i64, crate::i18n::Noun::Reminder));
        crate::web::notify(lang.t(T::NavInbox), &more, "vizitka-inbox");
    }
    notified.update_value(|n| {
        let before = n.len();
        n.retain(|k| shown.contains(k));
        let dropped = n.len() != before;
        let added = !fresh.is_empty();
        n.extend(fresh.into_iter().map(|(k, _)| k));
        if added || dropped {
            crate::web::set_pref("notified", &serde_json::to_string(n).unwrap_or_default());
        }
    });
    count
}

#[component]
fn Shell(children: ChildrenFn) -> impl IntoView {
    let app = state::use_app();
    let path = routes::use_path();
    let section = Memo::new(move |_| routes::section(&path.get()));
    // The page is built once per phase. The load's end sets "ready" again
    // after its preview; a rebuilt page had lost what the user did in
    // between (a search typed while the rest of the records came).
    let phase = Memo::new(move |_| app.phase.get());
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
    // The inbox's count and the browser notifications need the reminders'
    // code (every SLA, every due task), a chunk fetched once the records are
    // loaded; until then the count is not shown.
    let reminders = RwSignal::new(None::<chunks::Reminders>);
    let fetching = StoredValue::new(false);
    Effect::new(move |_| {
        // Tried again at every tick if it did not come.
        app.now.track();
        if app.loaded.get() && reminders.get_untracked().is_none() && !fetching.get_value() {
            fetching.set_value(true);
            leptos::task::spawn_local(async move {
                if let Ok(r) = chunks::reminders().await {
                    reminders.set(Some(r));
                }
                fetching.set_value(false);
            });
        }
    });
    // New reminders also arrive as browser notifications, once each, when
    // the user allowed them. What was notified is remembered across reloads
    // (an SLA at risk is told once, not at every start), only while it is
    // still shown.
    let notified = StoredValue::new(
        crate::web::pref("notified").and_then(|s| serde_json::from_str::<std::collections::HashSet<String>>(&s).ok()).unwrap_or_default(),
    );
    // Counted again after every action and tick, when the browser is idle:
    // a look at every open ticket's SLA and every due task takes 130–190 ms on
    // a phone at 100,000 contacts, which a save's page or a keystroke should
    // not wait for. Only the last of several asks is counted (none while
    // the records are replaced).
    let counted = RwSignal::new(0usize);
    let asked = StoredValue::new(0u64);
    Effect::new(move |_| {
        // At every tick: SLAs come due, permission to notify may come later.
        app.now.track();
        let ask = asked.get_value() + 1;
        asked.set_value(ask);
        let Some(r) = reminders.get().filter(|_| app.loaded.get()) else { return counted.set(0) };
        app.me.track();
        app.handled.track();
        app.read(&REMINDER_KINDS, |_| ());
        crate::web::when_idle(1_000, move || {
            if asked.try_get_value() != Some(ask) {
                return;
            }
            let notify = (crate::web::notification_permission().as_deref() == Some("granted")).then_some(notified);
            let count = untrack(|| app.read(&REMINDER_KINDS, |crm| (r.refresh)(app, crm, notify)));
            counted.try_set(count);
        });
    });
    // Recounted at every tick; the badge changes only when the number does.
    let inbox_count = Memo::new(move |_| counted.get());
    let entry = move |s: Section| nav_entry(s, section, inbox_count, true);
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
    // The lost-database notice is a chunk fetched the first time it is
    // wanted, then kept: it shows itself while it applies (a view dropped
    // while its chunk was on its way would run without its owner).
    let evicted_wanted = sticky(move || app.evicted.with(Option::is_some));
    view! {
        <div class="shell">
            <div class="top">
                <header class="topbar">
                    <a class="brand" href=link("/") title=move || app.t(T::NavDashboard)>
                        <img src=link("/icons/icon.svg") alt="" width="28" height="28" />
                        <span>{move || app.t(T::AppName)}</span>
                    </a>
                    <nav aria-label=move || app.t(T::Menu)>
                        {Section::BAR.map(entry)}
                        // The rest behind "More", so the bar fits a laptop.
                        <details class="more-menu" prop:open=move || more.get() on:toggle=move |ev| more.set(event_target::<web_sys::HtmlDetailsElement>(&ev).open())>
                            <summary class:active=move || section.get().is_some_and(|s| Section::MORE.contains(&s))>{move || app.t(T::More)}</summary>
                            <div class="menu" on:click=move |_| more.set(false)>
                                {Section::MORE.map(entry)}
                                <widgets::sync::ReviewsEntry />
                                <Show when=move || app.saved_filters.with(|f| !f.is_empty())>
                                    <p class="menu-heading">{move || app.t(T::SavedFilters)}</p>
                                    {move || app.saved_filters.get().into_iter().map(|f| {
                                        let name = f.name.clone();
                                        view! {
                                            <span class="saved-filter">
                                                <a href=link(f.href.clone())>{f.name.clone()}</a>
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
                    // One tap from any page: a customer is on the phone.
                    <a class="button report-problem" id="report-problem" href=link(routes::REPORT_PROBLEM) title=move || app.t(T::ReportProblem)>
                        <span aria-hidden="true">"⚠ "</span><span class="label">{move || app.t(T::ReportProblem)}</span>
                    </a>
                    <GlobalSearch />
                    <div class="status" aria-live="polite">
                        {move || app.busy.get().map(|t| view! { <span class="busy" role="status">{app.t(t)}</span> })}
                        <widgets::sync::SyncBadge />
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
            {move || evicted_wanted.get().then(chunks::evicted_notice)}
            <BackupReminder />
            <WhoAreYou />
            <main id="main">
                {move || match phase.get() {
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
            <TabBar here=section inbox=inbox_count />
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
        if dismissed.get() || app.phase.get() != Phase::Ready || app.read_all(|c| c.is_empty()) {
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
                    <a href=link("/settings")>{app.t(T::BackupNow)}</a>
                    <button type="button" class="link" on:click=move |_| dismissed.set(true)>{app.t(T::Dismiss)}</button>
                </div>
            }
        })
    }
}

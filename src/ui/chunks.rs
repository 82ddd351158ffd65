//! Every page is a chunk of wasm of its own, loaded when the page is
//! opened, so a phone downloads the shell and the store before the first
//! screen and nothing else (issue 25: ≤ 400 KB gzipped).
//!
//! With the `split` feature (the release build, `scripts/build`) each page
//! below is a `wasm_split` point: `wasm-split-cli` cuts the module there.
//! Without it (tests, `cargo check`) the same names call the page directly,
//! since an unsplit module cannot resolve a split point's import.
//!
//! A chunk that fails to load (the network dropped) shows a message with
//! "Try again"; nothing is cached on failure, so the next navigation or the
//! button loads it afresh. The app around it keeps working.

use leptos::__reexports::send_wrapper::SendWrapper;
use leptos::prelude::*;

use crate::i18n::T;
use crate::ui::state::use_app;

/// A page's code did not arrive.
#[derive(Debug, Clone, Copy)]
pub struct ChunkError;

impl From<leptos::wasm_split::SplitLoaderError> for ChunkError {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        ChunkError
    }
}

/// A chunk's view as it comes: a page, or a tool within one.
type Coming = std::pin::Pin<Box<dyn std::future::Future<Output = Result<AnyView, ChunkError>>>>;

/// A page's loader, boxed: one copy of [`lazy`] in the shell instead of
/// one per page (21 KB of wasm).
type Load = std::sync::Arc<dyn Fn() -> Coming + Send + Sync>;

/// What a lazy view is: a page says "Opening the page…" while its chunk
/// comes; a tool within a page (the bulk bar) shows nothing until it is
/// there.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Part {
    Page,
    Tool,
}

/// Shows the view `load` brings, and a way to try again when it does not
/// come.
fn lazy(load: Load, part: Part) -> AnyView {
    let app = use_app();
    let attempt = RwSignal::new(0u32);
    let loading = move || (part == Part::Page).then(|| view! { <p class="loading" role="status">{move || app.t(T::PageLoading)}</p> });
    let failed = if part == Part::Page { T::PageFailed } else { T::PartFailed };
    view! {
        <Suspense fallback=loading>
            {move || {
                attempt.track();
                let page = load();
                Suspend::new(SendWrapper::new(async move {
                    match page.await {
                        Ok(page) => page,
                        Err(ChunkError) => view! {
                            <section class="page-failed" class:page=part == Part::Page role="alert">
                                <p>{move || app.t(failed)}</p>
                                <button type="button" class="button" id="page-retry" on:click=move |_| attempt.update(|n| *n += 1)>
                                    {move || app.t(T::TryAgain)}
                                </button>
                            </section>
                        }
                        .into_any(),
                    }
                }))
            }}
        </Suspense>
    }
    .into_any()
}

/// The bulk bar of a list (`widgets/selection.rs`), once something is
/// selected: its editors and the bulk operations are the largest part of
/// a list's code, and most visits select nothing.
pub fn bulk_bar(kind: crate::model::Kind, sel: crate::ui::widgets::selection::Selection, csv: Option<crate::ui::csv_export::CsvExport>) -> AnyView {
    lazy(std::sync::Arc::new(move || Box::pin(load_bulk_bar(kind, sel, csv))), Part::Tool)
}

#[cfg(feature = "split")]
#[leptos::wasm_split::wasm_split(bulk, wasm_split_path = ::leptos::wasm_split, fallible)]
fn load_bulk_bar(
    kind: crate::model::Kind,
    sel: crate::ui::widgets::selection::Selection,
    csv: Option<crate::ui::csv_export::CsvExport>,
) -> Result<AnyView, ChunkError> {
    Ok(untrack(|| crate::ui::widgets::selection::BulkBar(crate::ui::widgets::selection::BulkBarProps { kind, sel, csv }).into_any()))
}

#[cfg(not(feature = "split"))]
async fn load_bulk_bar(
    kind: crate::model::Kind,
    sel: crate::ui::widgets::selection::Selection,
    csv: Option<crate::ui::csv_export::CsvExport>,
) -> Result<AnyView, ChunkError> {
    Ok(untrack(|| crate::ui::widgets::selection::BulkBar(crate::ui::widgets::selection::BulkBarProps { kind, sel, csv }).into_any()))
}

/// The notice that the database was gone at start, and its restore
/// (`widgets/evicted.rs`): shown to few, so a chunk of its own.
pub fn evicted_notice() -> AnyView {
    lazy(std::sync::Arc::new(|| Box::pin(load_evicted_notice())), Part::Tool)
}

#[cfg(feature = "split")]
#[leptos::wasm_split::wasm_split(rare, wasm_split_path = ::leptos::wasm_split, fallible)]
fn load_evicted_notice() -> Result<AnyView, ChunkError> {
    Ok(untrack(|| crate::ui::widgets::evicted::EvictedNotice().into_any()))
}

#[cfg(not(feature = "split"))]
async fn load_evicted_notice() -> Result<AnyView, ChunkError> {
    Ok(untrack(|| crate::ui::widgets::evicted::EvictedNotice().into_any()))
}

macro_rules! chunks {
    ($($chunk:ident { $($module:ident :: $page:ident),* $(,)? })*) => {
        /// The split points: one function per page, one chunk per group.
        #[allow(non_snake_case)]
        mod load {
            use super::ChunkError;
            use leptos::prelude::*;
            $($(
                #[cfg(feature = "split")]
                #[leptos::wasm_split::wasm_split($chunk, wasm_split_path = ::leptos::wasm_split, fallible)]
                pub fn $page() -> Result<AnyView, ChunkError> {
                    Ok(untrack(|| crate::ui::pages::$module::$page().into_any()))
                }
                #[cfg(not(feature = "split"))]
                pub async fn $page() -> Result<AnyView, ChunkError> {
                    Ok(untrack(|| crate::ui::pages::$module::$page().into_any()))
                }
            )*
            /// `preload()` fetches the group's chunk without opening a page.
            pub mod $chunk {
                #[cfg(feature = "split")]
                #[leptos::wasm_split::wasm_split($chunk, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload))]
                #[allow(dead_code)]
                pub fn anchor() -> Result<(), super::ChunkError> {
                    Ok(())
                }
                #[cfg(not(feature = "split"))]
                pub async fn preload() -> Result<(), leptos::wasm_split::SplitLoaderError> {
                    Ok(())
                }
            }
            )*
        }
        $($(
            #[allow(non_snake_case)]
            pub fn $page() -> impl IntoView {
                lazy(std::sync::Arc::new(|| Box::pin(load::$page())), Part::Page)
            }
        )*)*

        /// Starts fetching a group's chunk (by its name in `chunks!`).
        fn preload_group(group: &str) {
            match group {
                $(stringify!($chunk) => leptos::task::spawn_local(async {
                    // A failure shows when the page asks for it again.
                    let _ = load::$chunk::preload().await;
                }),)*
                _ => {}
            }
        }
    };
}

/// Starts fetching the code of the page a link leads to as soon as the
/// user may be about to open it: the pointer over the link, a finger or a
/// button down on it, the keyboard's focus on it. The click then seldom
/// waits for the chunk. (Readying every page's code once the records were
/// loaded cost a phone about a second of work in the moments it starts
/// being used: its search keystrokes' p95 went from 80 to 107–166 ms.)
pub fn preload_on_intent() {
    fn intent(ev: &web_sys::Event) {
        use wasm_bindgen::JsCast;
        let link = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).and_then(|e| e.closest("a[href]").ok().flatten());
        if let Some(href) = link.and_then(|a| a.get_attribute("href")) {
            let path = href.split(['?', '#']).next().unwrap_or_default();
            preload(crate::ui::routes::bare(path));
        }
    }
    // Listened to for as long as the app runs.
    let _ = window_event_listener(leptos::ev::pointerover, |ev| intent(&ev));
    let _ = window_event_listener(leptos::ev::pointerdown, |ev| intent(&ev));
    let _ = window_event_listener(leptos::ev::focusin, |ev| intent(&ev));
}

/// The sync loop (`ui/sync.rs`) as a future: only a device that syncs
/// fetches its code (the HTTP client, the merge), not every first screen.
pub type SyncTask = std::pin::Pin<Box<dyn std::future::Future<Output = bool>>>;

#[cfg(feature = "split")]
#[leptos::wasm_split::wasm_split(sync, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn sync_task(app: crate::ui::state::App, run: u64, connection: crate::sync::state::Connection) -> Result<SyncTask, ChunkError> {
    Ok(crate::ui::sync::task(app, run, connection))
}

#[cfg(not(feature = "split"))]
pub async fn sync_task(app: crate::ui::state::App, run: u64, connection: crate::sync::state::Connection) -> Result<SyncTask, ChunkError> {
    Ok(crate::ui::sync::task(app, run, connection))
}

/// Reading a backup (`widgets/bundle_import.rs`) as a future: the
/// bundle's parser, its migrations and the merge come when a file is
/// picked, not with every first screen (the first run and a lost database
/// offer a restore from the shell).
pub type ImportTask = std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), String>>>>;

#[cfg(feature = "split")]
#[leptos::wasm_split::wasm_split(import, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn import_task(app: crate::ui::state::App, file: web_sys::File, mode: crate::bundle::ImportMode) -> Result<ImportTask, ChunkError> {
    Ok(Box::pin(crate::ui::widgets::bundle_import::import_file(app, file, mode)))
}

#[cfg(not(feature = "split"))]
pub async fn import_task(app: crate::ui::state::App, file: web_sys::File, mode: crate::bundle::ImportMode) -> Result<ImportTask, ChunkError> {
    Ok(Box::pin(crate::ui::widgets::bundle_import::import_file(app, file, mode)))
}

/// Work that comes as a chunk of its own, started from the shell.
pub type Task<T> = std::pin::Pin<Box<dyn std::future::Future<Output = T>>>;

/// Filling an empty database with the demo company (`widgets/start.rs`):
/// its generator and its tables of names are wanted once, if ever, so they
/// are not part of the dashboard a first run opens.
#[cfg(feature = "split")]
#[leptos::wasm_split::wasm_split(demo, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn demo_task(app: crate::ui::state::App) -> Result<Task<()>, ChunkError> {
    Ok(Box::pin(crate::ui::widgets::start::add_demo(app)))
}

#[cfg(not(feature = "split"))]
pub async fn demo_task(app: crate::ui::state::App) -> Result<Task<()>, ChunkError> {
    Ok(Box::pin(crate::ui::widgets::start::add_demo(app)))
}

/// Reading a `.vcf` file (`widgets/vcard_import.rs`): the vCard parser and
/// the matching of cards to contacts come when a file is picked.
#[cfg(feature = "split")]
#[leptos::wasm_split::wasm_split(vcard, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn vcard_task(app: crate::ui::state::App, file: web_sys::File) -> Result<Task<Result<String, String>>, ChunkError> {
    Ok(Box::pin(crate::ui::widgets::vcard_import::import_file(app, file)))
}

#[cfg(not(feature = "split"))]
pub async fn vcard_task(app: crate::ui::state::App, file: web_sys::File) -> Result<Task<Result<String, String>>, ChunkError> {
    Ok(Box::pin(crate::ui::widgets::vcard_import::import_file(app, file)))
}

/// What the rules schedule on an action's changes
/// (`Crm::schedule` with the built-in rules in `Lang`).
pub type Scheduler = fn(
    &crate::model::Crm,
    crate::i18n::Lang,
    &[crate::model::Change],
    crate::model::ops::automation::Options,
    &mut crate::model::Ctx,
) -> Vec<crate::model::Change>;

fn schedule(
    crm: &crate::model::Crm,
    lang: crate::i18n::Lang,
    changes: &[crate::model::Change],
    options: crate::model::ops::automation::Options,
    ctx: &mut crate::model::Ctx,
) -> Vec<crate::model::Change> {
    let defaults = crate::model::ops::automation::Defaults::new(&crate::i18n::automation_texts(lang));
    crm.schedule(&defaults, changes, options, ctx)
}

/// The rules' engine (`model::ops::automation`): every device runs it,
/// but after the first screen, so it is a chunk fetched by the first
/// action or tick of the rules (a sixth of the shell before).
#[cfg(feature = "split")]
#[leptos::wasm_split::wasm_split(background, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn scheduler() -> Result<Scheduler, ChunkError> {
    Ok(schedule)
}

#[cfg(not(feature = "split"))]
pub async fn scheduler() -> Result<Scheduler, ChunkError> {
    Ok(schedule)
}

/// Running what came due (`App::run_rule_rounds`), in the rules' chunk.
#[cfg(feature = "split")]
#[leptos::wasm_split::wasm_split(background, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn rules_task(app: crate::ui::state::App) -> Result<Task<()>, ChunkError> {
    Ok(Box::pin(app.run_rule_rounds()))
}

#[cfg(not(feature = "split"))]
pub async fn rules_task(app: crate::ui::state::App) -> Result<Task<()>, ChunkError> {
    Ok(Box::pin(app.run_rule_rounds()))
}

/// Folding the write log into segments (`App::compact`): the encoder of
/// every record is wanted after many writes, not for the first screen.
#[cfg(feature = "split")]
#[leptos::wasm_split::wasm_split(background, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn compaction_task(app: crate::ui::state::App, store: std::rc::Rc<crate::store::Store>) -> Result<Task<()>, ChunkError> {
    Ok(Box::pin(app.compact(store)))
}

#[cfg(not(feature = "split"))]
pub async fn compaction_task(app: crate::ui::state::App, store: std::rc::Rc<crate::store::Store>) -> Result<Task<()>, ChunkError> {
    Ok(Box::pin(app.compact(store)))
}

/// What the shell does with the reminders (`App::visible_reminders`):
/// every SLA and due task looked at, the inbox's wording for a
/// notification. Wanted once the records are loaded, not to paint.
#[derive(Clone, Copy)]
pub struct Reminders {
    /// How many the inbox shows; with `notified`, also notifies those not
    /// notified yet (`ui::refresh_reminders`).
    pub refresh: fn(crate::ui::state::App, &crate::model::Crm, Option<StoredValue<std::collections::HashSet<String>>>) -> usize,
}

fn reminders_now() -> Reminders {
    Reminders { refresh: crate::ui::refresh_reminders }
}

#[cfg(feature = "split")]
#[leptos::wasm_split::wasm_split(background, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn reminders() -> Result<Reminders, ChunkError> {
    Ok(reminders_now())
}

#[cfg(not(feature = "split"))]
pub async fn reminders() -> Result<Reminders, ChunkError> {
    Ok(reminders_now())
}

/// The top bar's search as you type (`widgets::global_search::suggestions`).
pub type Suggest = fn(&crate::model::Crm, crate::i18n::Lang, &crate::model::search::Query) -> Vec<crate::ui::widgets::global_search::Suggestion>;

#[cfg(feature = "split")]
#[leptos::wasm_split::wasm_split(background, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn suggester() -> Result<Suggest, ChunkError> {
    Ok(crate::ui::widgets::global_search::suggestions)
}

#[cfg(not(feature = "split"))]
pub async fn suggester() -> Result<Suggest, ChunkError> {
    Ok(crate::ui::widgets::global_search::suggestions)
}

/// Starts fetching the chunk of the page at `path`, the address the app
/// opens at, beside the load of the records. The page is mounted when the
/// first records are shown, and from then on the load decodes records in
/// long tasks; a chunk asked for only then arrived when the load was over
/// (a cold start at 100,000 contacts took 2.3 s to its first row instead
/// of 0.8). A path this table does not know loads its chunk when opened.
pub fn preload(path: &str) {
    let mut parts = path.trim_start_matches('/').split('/');
    let (first, deeper) = (parts.next().unwrap_or_default(), parts.next().is_some());
    let group = match first {
        "" => "dashboard",
        "contacts" | "organizations" if !deeper => first,
        "contacts" | "organizations" => "people",
        "activities" | "stream" | "tasks" | "calendar" | "inbox" => "agenda",
        "leads" | "opportunities" | "quotes" | "campaigns" | "products" => "sales",
        "projects" | "handovers" | "contracts" | "delivered-items" | "tickets" => "after_sale",
        "settings" | "rules" | "templates" | "reports" | "import" | "duplicates" | "search" => "admin",
        _ => return,
    };
    preload_group(group);
}

// The first screens (dashboard, the two lists) are chunks of their own, so
// a phone fetches only the one it opens; the rest is grouped by area: one
// chunk per page would make ~800 files of shared code, each a request.
chunks! {
    dashboard { dashboard::DashboardPage }
    contacts { contacts::ContactsPage }
    organizations { organizations::OrganizationsPage }
    people {
        contact::ContactPage, contact_form::ContactNew, contact_form::ContactEdit,
        organization::OrganizationPage, organization_form::OrganizationNew, organization_form::OrganizationEdit,
    }
    agenda {
        activity::ActivityPage, activity_form::ActivityNew, activity_form::ActivityEdit,
        stream::StreamPage, tasks::TasksPage, calendar::CalendarPage, inbox::InboxPage,
    }
    sales {
        leads::LeadsPage, leads::LeadPage, lead_form::LeadNew, lead_form::LeadEdit,
        opportunities::OpportunitiesPage, opportunity::OpportunityPage,
        opportunity_form::OpportunityNew, opportunity_form::OpportunityEdit,
        quotes::QuotesPage, quotes::QuotePage, quotes::QuotePrint, quote_form::QuoteNew, quote_form::QuoteEdit,
        campaigns::CampaignsPage, campaigns::CampaignNew, campaigns::CampaignEdit, campaigns::CampaignPage,
        products::ProductsPage, products::ProductNew, products::ProductEdit,
    }
    after_sale {
        projects::ProjectsPage, projects::ProjectPage, project_form::ProjectNew, project_form::ProjectEdit,
        handovers::HandoversPage, handovers::HandoverPage, handovers::HandoverPrint,
        handover_form::HandoverNew, handover_form::HandoverEdit,
        contracts::ContractsPage, contracts::ContractPage, contract_form::ContractNew, contract_form::ContractEdit,
        delivered_item::DeliveredItemPage,
        tickets::TicketsPage, tickets::TicketPage,
        ticket_form::TicketNew, ticket_form::TicketEdit, ticket_form::ReportProblemPage,
    }
    admin {
        settings::SettingsPage, rules::RulesPage, rule_form::RuleNew, rule_form::RuleEdit, rule_form::TemplateEdit,
        reports::ReportsPage, reports::ReportPage, reports::ReportRecordsPage,
        csv_import::CsvImportPage, duplicates::DuplicatesPage, search::SearchPage,
    }
}

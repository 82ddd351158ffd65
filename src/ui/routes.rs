//! Where things live in the app: every path a page or widget links to, and
//! the section of the bar a path belongs to. A path is written here once;
//! pages and widgets ask for it by what it shows.

use uuid::Uuid;

use crate::csv::fields::Target as CsvTarget;
use crate::i18n::T;
use crate::model::{Kind, Target};
use crate::report::{Params, ReportId};

/// `path` as the page links to it: under the base path the app is served
/// from (web::base). Everything else — routes, `navigate` (the router adds
/// the base itself), links kept in the data like saved filters — uses the
/// bare path; a link that is not a path of the app passes unchanged.
pub fn link(path: impl Into<String>) -> String {
    let path = path.into();
    let base = crate::web::base();
    if base.is_empty() || !path.starts_with('/') || path.starts_with("//") {
        path
    } else {
        format!("{base}{path}")
    }
}

/// The path of the page shown, without the base path (reactive).
pub fn use_path() -> leptos::prelude::Memo<String> {
    let location = leptos_router::hooks::use_location();
    leptos::prelude::Memo::new(move |_| leptos::prelude::With::with(&location.pathname, |p| bare(p).to_string()))
}

/// `path` (as the browser has it) without the base path.
pub fn bare(path: &str) -> &str {
    match path.strip_prefix(crate::web::base()) {
        Some("") => "/",
        Some(rest) if rest.starts_with('/') => rest,
        _ => path,
    }
}

/// The route parameter `name` (`:id`) as a record id.
pub fn param_id(name: &str) -> Option<Uuid> {
    let params = leptos_router::hooks::use_params_map();
    let value = leptos::prelude::With::with(&params, |p| p.get(name));
    value.and_then(|s| Uuid::parse_str(&s).ok())
}

/// A kind's list ("" for kinds without one).
pub fn list_href(kind: Kind) -> &'static str {
    match kind {
        Kind::Organization => "/organizations",
        Kind::Contact => "/contacts",
        Kind::Lead => "/leads",
        Kind::Opportunity => "/opportunities",
        Kind::Quote => "/quotes",
        Kind::Project => "/projects",
        Kind::Handover => "/handovers",
        Kind::DeliveredItem => "/delivered-items",
        Kind::Contract => "/contracts",
        Kind::Ticket => "/tickets",
        Kind::Product => "/products",
        Kind::Campaign => "/campaigns",
        Kind::Activity => "/stream",
        Kind::Rule | Kind::Template => "/rules",
        Kind::TeamMember | Kind::Stage | Kind::Supplier => "/settings",
        Kind::Link | Kind::Attachment | Kind::Firing | Kind::Alert | Kind::Draft | Kind::Follow | Kind::History => "",
    }
}

/// Where a record lives in the app ("" for kinds without a page; the team,
/// the stages and your company are edited in Settings).
pub fn record_href(kind: Kind, id: Uuid) -> String {
    match kind {
        Kind::Organization
        | Kind::Contact
        | Kind::Activity
        | Kind::Lead
        | Kind::Opportunity
        | Kind::Quote
        | Kind::Project
        | Kind::Handover
        | Kind::DeliveredItem
        | Kind::Contract
        | Kind::Ticket
        | Kind::Product
        | Kind::Campaign
        | Kind::Rule => format!("{}/{id}", page_root(kind)),
        Kind::Template => format!("/templates/{id}"),
        Kind::TeamMember | Kind::Stage | Kind::Supplier => "/settings".into(),
        Kind::Link | Kind::Attachment | Kind::Firing | Kind::Alert | Kind::Draft | Kind::Follow | Kind::History => String::new(),
    }
}

/// [`record_href`] of what a link or reference points at.
pub fn target_href(t: Target) -> String {
    record_href(t.kind, t.id)
}

/// The form that edits a record (a product's page is its form).
pub fn edit_href(kind: Kind, id: Uuid) -> String {
    match kind {
        Kind::Product | Kind::Rule | Kind::Template => record_href(kind, id),
        _ => format!("{}/edit", record_href(kind, id)),
    }
}

/// The form for a new record of `kind`, with `params` (what it starts
/// from: `?organization=<id>`).
pub fn new_href(kind: Kind, params: &[(&str, &str)]) -> String {
    query_href(&format!("{}/new", page_root(kind)), params)
}

/// The form for a new record that starts from `from` (a contact's new
/// deal, an organization's new quote): the form links it.
pub fn new_from_href(kind: Kind, from: Target) -> String {
    let id = from.id.to_string();
    new_href(kind, &[(from.kind.as_str(), &id)])
}

/// The record of `kind` a new form starts from, as [`new_from_href`]
/// names it in the query (`?contact=<id>`).
pub fn from_id(kind: Kind) -> Option<Uuid> {
    let query = leptos_router::hooks::use_query_map();
    leptos::prelude::WithUntracked::with_untracked(&query, |q| q.get(kind.as_str())).and_then(|s| Uuid::parse_str(&s).ok())
}

/// The page a record kind's pages live under ("/contacts").
fn page_root(kind: Kind) -> &'static str {
    match kind {
        Kind::Activity => "/activities",
        Kind::Rule => "/rules",
        Kind::Template => "/templates",
        k => list_href(k),
    }
}

/// A quote or a handover protocol as an A4 page for the browser's print.
pub fn print_href(kind: Kind, id: Uuid) -> String {
    format!("{}/print", record_href(kind, id))
}

/// The quick "Report a problem" form.
pub const REPORT_PROBLEM: &str = "/tickets/report";

/// The likely duplicates among records of `kind`.
pub fn duplicates_href(kind: Kind) -> String {
    format!("/duplicates/{}", kind.as_str())
}

/// The CSV import page for records of `t`.
pub fn csv_import_href(t: CsvTarget) -> String {
    format!("/import/{}", t.code())
}

/// The search page with every match of `q`.
pub fn search_href(q: &str) -> String {
    query_href("/search", &[("q", q)])
}

/// The compose form, filled from a rule's email draft.
pub fn draft_href(id: Uuid) -> String {
    let id = id.to_string();
    new_href(Kind::Activity, &[("kind", "email"), ("compose", "1"), ("draft", &id)])
}

/// A report with its filters.
pub fn report_href(id: ReportId, p: &Params) -> String {
    href_with(&format!("/reports/{}", id.code()), p.to_query(id))
}

/// The records behind one number of a report: the cell at `row`, `col`.
pub fn report_records_href(id: ReportId, p: &Params, row: usize, col: usize) -> String {
    let mut q = p.to_query(id);
    q.push(("row", row.to_string()));
    q.push(("col", col.to_string()));
    href_with(&format!("/reports/{}/records", id.code()), q)
}

fn href_with(path: &str, q: Vec<(&'static str, String)>) -> String {
    let params: Vec<(&str, &str)> = q.iter().map(|(k, v)| (*k, v.as_str())).collect();
    query_href(path, &params)
}

/// `path` with the non-empty `params` as its query: a list as its URL
/// keeps it (search and filters), so it can be saved and shared.
pub fn query_href(path: &str, params: &[(&str, &str)]) -> String {
    let parts: Vec<String> =
        params.iter().filter(|(_, v)| !v.trim().is_empty()).map(|(k, v)| format!("{k}={}", js_sys::encode_uri_component(v.trim()))).collect();
    if parts.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{}", parts.join("&"))
    }
}

/// A part of the bar: the section a page belongs to is marked in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Dashboard,
    Contacts,
    Organizations,
    Leads,
    Opportunities,
    Quotes,
    Projects,
    Handovers,
    Contracts,
    Tickets,
    Tasks,
    Calendar,
    Inbox,
    Reports,
    Stream,
    Products,
    Campaigns,
    Rules,
    Settings,
    Search,
}

impl Section {
    /// The desktop bar, in order.
    pub const BAR: [Section; 11] = [
        Section::Contacts,
        Section::Organizations,
        Section::Leads,
        Section::Opportunities,
        Section::Quotes,
        Section::Projects,
        Section::Tickets,
        Section::Tasks,
        Section::Calendar,
        Section::Inbox,
        Section::Reports,
    ];
    /// The sections behind the desktop bar's "More" (the bar marks "More" for them).
    pub const MORE: [Section; 7] =
        [Section::Contracts, Section::Handovers, Section::Stream, Section::Products, Section::Campaigns, Section::Rules, Section::Settings];
    /// A phone's tab bar, before its "More" (which holds every other section).
    pub const TABS: [Section; 4] = [Section::Dashboard, Section::Contacts, Section::Opportunities, Section::Tasks];

    /// Where the section's menu entry goes, and what it says.
    pub fn entry(self) -> (&'static str, T) {
        match self {
            Section::Dashboard => ("/", T::NavDashboard),
            Section::Contacts => ("/contacts", T::NavContacts),
            Section::Organizations => ("/organizations", T::NavOrganizations),
            Section::Leads => ("/leads", T::NavLeads),
            Section::Opportunities => ("/opportunities", T::NavOpportunities),
            Section::Quotes => ("/quotes", T::NavQuotes),
            Section::Projects => ("/projects", T::NavProjects),
            Section::Handovers => ("/handovers", T::NavHandovers),
            Section::Contracts => ("/contracts", T::NavContracts),
            Section::Tickets => ("/tickets", T::NavTickets),
            Section::Tasks => ("/tasks", T::NavTasks),
            Section::Calendar => ("/calendar", T::NavCalendar),
            Section::Inbox => ("/inbox", T::NavInbox),
            Section::Reports => ("/reports", T::NavReports),
            Section::Stream => ("/stream", T::NavStream),
            Section::Products => ("/products", T::NavProducts),
            Section::Campaigns => ("/campaigns", T::NavCampaigns),
            Section::Rules => ("/rules", T::NavAutomation),
            Section::Settings => ("/settings", T::NavSettings),
            Section::Search => ("/search", T::Search),
        }
    }
}

/// The section `path` belongs to; an unknown page is in none. Finding
/// duplicates and importing belong to the list of their kind.
pub fn section(path: &str) -> Option<Section> {
    let first = path.trim_start_matches('/').split(['/', '?']).next().unwrap_or("");
    let rest = path.trim_start_matches('/').split('/').nth(1).unwrap_or("");
    let of_kind = |k: Kind| section(list_href(k));
    Some(match first {
        "" => Section::Dashboard,
        "contacts" => Section::Contacts,
        "organizations" => Section::Organizations,
        "leads" => Section::Leads,
        "opportunities" => Section::Opportunities,
        "quotes" => Section::Quotes,
        "projects" => Section::Projects,
        "handovers" => Section::Handovers,
        "contracts" | "delivered-items" => Section::Contracts,
        "tickets" => Section::Tickets,
        "tasks" => Section::Tasks,
        "calendar" => Section::Calendar,
        "inbox" => Section::Inbox,
        "reports" => Section::Reports,
        "stream" | "activities" => Section::Stream,
        "products" => Section::Products,
        "campaigns" => Section::Campaigns,
        "rules" | "templates" => Section::Rules,
        "settings" => Section::Settings,
        "search" => Section::Search,
        "duplicates" => return Kind::parse(rest).and_then(of_kind),
        "import" => return CsvTarget::parse(rest).map(CsvTarget::kind).and_then(of_kind),
        _ => return None,
    })
}

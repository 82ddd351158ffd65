//! Lists as CSV (the columns each list exports, in the UI language; the
//! rows are the list's current ones, its search and sort applied), and
//! contacts as vCards.

use leptos::prelude::*;
use uuid::Uuid;

use crate::i18n::{self, Lang, T};
use crate::model::money::amount_input;
use crate::model::Crm;

/// What a list exports: the file's name and its rows, header first.
#[derive(Clone, Copy)]
pub struct CsvExport {
    pub name: &'static str,
    pub rows: fn(&Crm, Lang, &[Uuid]) -> Vec<Vec<String>>,
    /// The rows are contacts, which also export as vCards.
    pub vcard: bool,
    /// What the list's "Import CSV" makes.
    pub import: Option<crate::csv::fields::Target>,
}

fn header(lang: Lang, cols: &[T]) -> Vec<String> {
    cols.iter().map(|t| lang.t(*t).to_string()).collect()
}

use crate::csv::fields::Target;

pub const CONTACTS: CsvExport = CsvExport { name: "contacts", rows: contacts, vcard: true, import: Some(Target::Contact) };
pub const ORGANIZATIONS: CsvExport = CsvExport { name: "organizations", rows: organizations, vcard: false, import: Some(Target::Organization) };
pub const PRODUCTS: CsvExport = CsvExport { name: "products", rows: products, vcard: false, import: Some(Target::Product) };
pub const LEADS: CsvExport = CsvExport { name: "leads", rows: leads, vcard: false, import: Some(Target::Lead) };
pub const OPPORTUNITIES: CsvExport = CsvExport { name: "opportunities", rows: opportunities, vcard: false, import: None };
pub const QUOTES: CsvExport = CsvExport { name: "quotes", rows: quotes, vcard: false, import: None };
pub const PROJECTS: CsvExport = CsvExport { name: "projects", rows: projects, vcard: false, import: None };
pub const HANDOVERS: CsvExport = CsvExport { name: "handovers", rows: handovers, vcard: false, import: None };
pub const CONTRACTS: CsvExport = CsvExport { name: "contracts", rows: contracts, vcard: false, import: None };
pub const TICKETS: CsvExport = CsvExport { name: "tickets", rows: tickets, vcard: false, import: None };
pub const CAMPAIGNS: CsvExport = CsvExport { name: "campaigns", rows: campaigns, vcard: false, import: None };

/// An amount as a plain number a spreadsheet reads in the file's locale.
fn number(lang: Lang, minor: i64) -> String {
    amount_input(minor).replace('.', if lang == Lang::Cs { "," } else { "." })
}

fn day(d: Option<chrono::NaiveDate>) -> String {
    d.map(crate::model::time::format_date).unwrap_or_default()
}

fn org_name(crm: &Crm, id: Option<Uuid>) -> String {
    id.and_then(|o| crm.organization(o)).map(|o| o.name.clone()).unwrap_or_default()
}

fn leads(crm: &Crm, lang: Lang, ids: &[Uuid]) -> Vec<Vec<String>> {
    use T::*;
    let mut out = vec![header(
        lang,
        &[
            FieldTitle,
            FieldFirstName,
            FieldLastName,
            FieldCompany,
            FieldIco,
            FieldPosition,
            FieldEmail,
            FieldPhone,
            FieldSource,
            FieldStatus,
            QualBudget,
            QualAuthority,
            QualNeed,
            QualTimeline,
            FieldEstimatedValue,
            FieldCurrency,
            FieldOwner,
            FieldTags,
            FieldNotes,
        ],
    )];
    out.extend(ids.iter().filter_map(|id| crm.lead(*id)).map(|l| {
        vec![
            l.title.clone(),
            l.first_name.clone(),
            l.last_name.clone(),
            l.company.clone(),
            l.ico.clone(),
            l.position.clone(),
            l.email.clone(),
            l.phone.clone(),
            lang.t(i18n::lead_source(l.source)).to_string(),
            lang.t(i18n::lead_status(l.status)).to_string(),
            l.budget.to_string(),
            l.authority.to_string(),
            l.need.to_string(),
            l.timeline.to_string(),
            number(lang, l.estimated_value),
            l.currency.clone(),
            crm.member_name(l.owner_id).to_string(),
            l.tags.join(", "),
            l.notes.clone(),
        ]
    }));
    out
}

fn opportunities(crm: &Crm, lang: Lang, ids: &[Uuid]) -> Vec<Vec<String>> {
    use T::*;
    let mut out = vec![header(
        lang,
        &[FieldName, FieldOrganization, Stage, FieldValue, FieldCurrency, FieldProbability, FieldExpectedClose, FieldOwner, FieldTags],
    )];
    out.extend(ids.iter().filter_map(|id| crm.opportunity(*id)).map(|o| {
        vec![
            o.name.clone(),
            org_name(crm, o.organization_id),
            crm.stage(o.stage_id).map(|s| s.name.clone()).unwrap_or_default(),
            number(lang, o.value),
            o.currency.clone(),
            o.probability.to_string(),
            day(o.expected_close),
            crm.member_name(o.owner_id).to_string(),
            o.tags.join(", "),
        ]
    }));
    out
}

fn quotes(crm: &Crm, lang: Lang, ids: &[Uuid]) -> Vec<Vec<String>> {
    use T::*;
    let mut out = vec![header(
        lang,
        &[FieldNumber, FieldOrganization, FieldStatus, FieldIssuedOn, FieldValidUntil, LineTotal, GrandTotal, FieldCurrency, FieldOwner],
    )];
    out.extend(ids.iter().filter_map(|id| crm.quote(*id)).map(|q| {
        let totals = q.totals().ok();
        vec![
            q.number.clone(),
            org_name(crm, q.organization_id),
            lang.t(i18n::quote_status(q.status)).to_string(),
            day(Some(q.issued_on)),
            day(Some(q.valid_until)),
            totals.as_ref().map(|t| number(lang, t.net)).unwrap_or_default(),
            totals.as_ref().map(|t| number(lang, t.gross)).unwrap_or_default(),
            q.currency.clone(),
            crm.member_name(q.owner_id).to_string(),
        ]
    }));
    out
}

fn projects(crm: &Crm, lang: Lang, ids: &[Uuid]) -> Vec<Vec<String>> {
    use T::*;
    let mut out =
        vec![header(lang, &[FieldName, FieldOrganization, FieldStatus, FieldStart, FieldPlannedEnd, FieldValue, FieldCurrency, FieldResponsible])];
    out.extend(ids.iter().filter_map(|id| crm.project(*id)).map(|p| {
        vec![
            p.name.clone(),
            org_name(crm, Some(p.organization_id)),
            lang.t(i18n::project_status(p.status)).to_string(),
            day(Some(p.start)),
            day(Some(p.planned_end)),
            number(lang, p.value),
            p.currency.clone(),
            crm.member_name(p.owner_id).to_string(),
        ]
    }));
    out
}

fn handovers(crm: &Crm, lang: Lang, ids: &[Uuid]) -> Vec<Vec<String>> {
    use T::*;
    let mut out = vec![header(
        lang,
        &[FieldNumber, FieldOrganization, FieldDate, HandoverResultLabel, SignedOn, FieldHandedOverBy, FieldAcceptedBy, OpenDefects],
    )];
    out.extend(ids.iter().filter_map(|id| crm.handover(*id)).map(|h| {
        vec![
            h.number.clone(),
            org_name(crm, Some(h.organization_id)),
            day(Some(h.date)),
            lang.t(i18n::handover_result(h.result)).to_string(),
            day(h.signed.as_ref().map(|s| s.on)),
            crm.member_name(h.handed_over_by).to_string(),
            h.accepted_by.and_then(|c| crm.contact(c)).map(|c| c.full_name()).unwrap_or_default(),
            h.open_defects().count().to_string(),
        ]
    }));
    out
}

/// Tickets with their SLA as it stands now (state and nearest due time).
fn tickets(crm: &Crm, lang: Lang, ids: &[Uuid]) -> Vec<Vec<String>> {
    use T::*;
    let now = crate::web::now();
    let offset = crate::web::offset_cache();
    // Local time, as a spreadsheet reads it: "2026-11-06 15:00".
    let time = |t: chrono::DateTime<chrono::Utc>| crate::web::local_input(t).replace('T', " ");
    let mut out = vec![header(
        lang,
        &[
            FieldNumber,
            FieldSubject,
            FieldOrganization,
            Contact,
            DeliveredItem,
            Contract,
            FieldPriority,
            FieldStatus,
            FieldChannel,
            FieldCategory,
            FieldAssignee,
            FieldCreated,
            SlaFirstResponse,
            SlaState,
            NextDue,
            FieldTags,
        ],
    )];
    out.extend(ids.iter().filter_map(|id| crm.ticket(*id)).map(|t| {
        let sla = crm.ticket_sla_brief(t, now, &offset);
        vec![
            t.number.clone(),
            t.subject.clone(),
            org_name(crm, t.organization_id),
            t.contact_id.and_then(|c| crm.contact(c)).map(|c| c.full_name()).unwrap_or_default(),
            t.delivered_item_id.and_then(|d| crm.delivered_item(d)).map(|d| d.name.clone()).unwrap_or_default(),
            t.contract_id.and_then(|c| crm.contract(c)).map(|c| c.name()).unwrap_or_default(),
            lang.t(i18n::sla_priority(t.priority)).to_string(),
            lang.t(i18n::ticket_status(t.status)).to_string(),
            lang.t(i18n::ticket_channel(t.channel)).to_string(),
            t.category.clone(),
            crm.member_name(t.assignee_id).to_string(),
            time(t.created_at),
            crm.first_response(t).map(time).unwrap_or_default(),
            sla.as_ref().map(|s| lang.t(i18n::sla_state(s.state())).to_string()).unwrap_or_default(),
            sla.as_ref().and_then(|s| s.next_due()).filter(|_| !t.status.is_done()).map(time).unwrap_or_default(),
            t.tags.join(", "),
        ]
    }));
    out
}

fn contracts(crm: &Crm, lang: Lang, ids: &[Uuid]) -> Vec<Vec<String>> {
    use T::*;
    let today = crate::web::now().date_naive();
    let mut out = vec![header(
        lang,
        &[
            FieldNumber,
            FieldName,
            FieldOrganization,
            FieldContractKind,
            FieldStatus,
            FieldStart,
            FieldEnd,
            FieldCancelBy,
            FieldValue,
            FieldBilling,
            FieldCurrency,
            FieldOwner,
        ],
    )];
    out.extend(ids.iter().filter_map(|id| crm.contract(*id)).map(|c| {
        vec![
            c.number.clone(),
            c.title.clone(),
            org_name(crm, Some(c.organization_id)),
            lang.t(i18n::contract_kind(c.kind)).to_string(),
            lang.t(i18n::contract_state(c.state)).to_string(),
            day(Some(c.start)),
            day(c.term_end(today)),
            day(c.cancel_by(today)),
            number(lang, c.value),
            lang.t(i18n::billing_period(c.billing)).to_string(),
            c.currency.clone(),
            crm.member_name(c.owner_id).to_string(),
        ]
    }));
    out
}

fn campaigns(crm: &Crm, lang: Lang, ids: &[Uuid]) -> Vec<Vec<String>> {
    use T::*;
    let mut out = vec![header(lang, &[FieldName, FieldChannel, FieldStatus, FieldStartsOn, FieldEndsOn, FieldBudget, FieldCurrency, FieldOwner])];
    out.extend(ids.iter().filter_map(|id| crm.campaign(*id)).map(|c| {
        vec![
            c.name.clone(),
            lang.t(i18n::campaign_channel(c.channel)).to_string(),
            lang.t(i18n::campaign_status(c.status)).to_string(),
            day(c.starts_on),
            day(c.ends_on),
            number(lang, c.budget),
            c.currency.clone(),
            crm.member_name(c.owner_id).to_string(),
        ]
    }));
    out
}

fn contacts(crm: &Crm, lang: Lang, ids: &[Uuid]) -> Vec<Vec<String>> {
    use T::*;
    let mut out = vec![header(
        lang,
        &[
            FieldTitle,
            FieldFirstName,
            FieldLastName,
            FieldPosition,
            FieldOrganization,
            FieldRole,
            FieldEmail,
            FieldPhone,
            FieldOwner,
            FieldTags,
            FieldNotes,
        ],
    )];
    out.extend(ids.iter().filter_map(|id| crm.contact(*id)).map(|c| {
        vec![
            c.title.clone(),
            c.first_name.clone(),
            c.last_name.clone(),
            c.position.clone(),
            c.organization_id.and_then(|o| crm.organization(o)).map(|o| o.name.clone()).unwrap_or_default(),
            lang.t(i18n::role(c.role)).to_string(),
            c.emails.iter().map(|e| e.address.as_str()).collect::<Vec<_>>().join(", "),
            c.phones.iter().map(|p| p.number.as_str()).collect::<Vec<_>>().join(", "),
            crm.member_name(c.owner_id).to_string(),
            c.tags.join(", "),
            c.notes.clone(),
        ]
    }));
    out
}

fn organizations(crm: &Crm, lang: Lang, ids: &[Uuid]) -> Vec<Vec<String>> {
    use T::*;
    let mut out = vec![header(
        lang,
        &[
            FieldName,
            FieldIco,
            FieldDic,
            FieldIndustry,
            FieldWebsite,
            FieldEmail,
            FieldPhone,
            FieldBillingAddress,
            PrimaryContact,
            FieldOwner,
            FieldTags,
        ],
    )];
    out.extend(ids.iter().filter_map(|id| crm.organization(*id)).map(|o| {
        vec![
            o.name.clone(),
            o.ico.clone(),
            o.dic.clone(),
            o.industry.clone(),
            o.website.clone(),
            o.email.clone(),
            o.phone.clone(),
            o.billing_address.one_line(),
            o.primary_contact_id.and_then(|c| crm.contact(c)).map(|c| c.full_name()).unwrap_or_default(),
            crm.member_name(o.owner_id).to_string(),
            o.tags.join(", "),
        ]
    }));
    out
}

fn products(crm: &Crm, lang: Lang, ids: &[Uuid]) -> Vec<Vec<String>> {
    use T::*;
    let mut out =
        vec![header(lang, &[FieldName, FieldCode, FieldUnit, FieldUnitPrice, FieldCurrency, FieldVatRate, FieldWarrantyMonths, FieldActive])];
    out.extend(ids.iter().filter_map(|id| crm.product(*id)).map(|p| {
        vec![
            p.name.clone(),
            p.code.clone(),
            p.unit.clone(),
            number(lang, p.unit_price),
            p.currency.clone(),
            i18n::format_decimal(lang, p.vat_rate),
            p.warranty_months.to_string(),
            lang.t(if p.active { T::Yes } else { T::No }).to_string(),
        ]
    }));
    out
}

/// Downloads `rows` as `vizitka-<name>-<date>.csv`: `;`-separated in
/// Czech (what Czech Excel opens), `,` in English.
pub fn download(lang: Lang, name: &str, rows: &[Vec<String>]) -> Result<(), String> {
    let delimiter = if lang == Lang::Cs { b';' } else { b',' };
    let text = crate::csv::write(rows, delimiter);
    let now = crate::web::now();
    let day = i18n::local_date(now, crate::web::offset_at(now));
    crate::web::download(&format!("vizitka-{name}-{}.csv", crate::model::time::format_date(day)), "text/csv;charset=utf-8", text.as_bytes())
}

/// Downloads contacts as one `.vcf` (vCard 4.0): `<name>.vcf` for one,
/// `vizitka-contacts-<date>.vcf` for several.
pub fn download_vcards(app: crate::ui::state::App, ids: &[Uuid]) {
    let lang = app.lang.get_untracked();
    let (text, one) = app.read_untracked(|crm| {
        let cards: String = ids
            .iter()
            .filter_map(|id| crm.contact(*id))
            .map(|c| crate::vcard::write(c, &c.organization_id.and_then(|o| crm.organization(o)).map(|o| o.name.clone()).unwrap_or_default()))
            .collect();
        let one = (ids.len() == 1).then(|| ids.first().and_then(|id| crm.contact(*id)).map(|c| c.full_name())).flatten();
        (cards, one)
    });
    let name = match one {
        Some(n) => format!("{}.vcf", crate::model::search::fold(&n).replace(' ', "-")),
        None => {
            let now = crate::web::now();
            format!("vizitka-contacts-{}.vcf", crate::model::time::format_date(i18n::local_date(now, crate::web::offset_at(now))))
        }
    };
    if let Err(e) = crate::web::download(&name, "text/vcard;charset=utf-8", text.as_bytes()) {
        app.error(format!("{}: {e}", lang.t(T::ExportFailed)));
    }
}

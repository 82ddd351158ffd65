//! Leads: the list (by score, filtered by status, source and score), a
//! lead's page with its score and how it is made, and the conversion into
//! an organization, a contact and an opportunity.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use uuid::Uuid;

use crate::i18n::{self, Lang, T};
use crate::model::lead::{Lead, LeadSource, LeadStatus, Score, ENGAGEMENT_DAYS};
use crate::model::ops::sales::{ConvertPlan, Likeness, Pick};
use crate::model::search::Query;
use crate::model::Kind;
use crate::model::{ActivitiesOnDelete, Crm, Target};
use crate::ui::routes::link;
use crate::ui::routes::param_id;
use crate::ui::routes::{edit_href, record_href};
use crate::ui::state::use_app;
use crate::ui::widgets::attachments::AttachmentsCard;
use crate::ui::widgets::confirm::Confirm;
use crate::ui::widgets::list::Ids;
use crate::ui::widgets::list::{column_header, ListFrame, ListTexts, ListUrl};
use crate::ui::widgets::missing::MissingRecord;
use crate::ui::widgets::timeline::{activities_choice, log_buttons, Timeline};

/// A lead's score now: engagement counts the activities of the last 30 days.
pub fn score_of(crm: &Crm, l: &Lead, now: chrono::DateTime<chrono::Utc>) -> Score {
    l.score(crm.recent_activity_count(l.id, now, ENGAGEMENT_DAYS))
}

fn score_badge(lang: Lang, s: Score) -> impl IntoView {
    let p = s.priority();
    view! {
        <span class=format!("score priority-{}", p.code()) title=lang.t(crate::i18n::lead_priority(p))>
            <strong>{s.value}</strong>" "<span class="badge">{lang.t(crate::i18n::lead_priority(p))}</span>
        </span>
    }
}

/// What the list shows: leads, their score (from the activities linked to
/// them in the last 30 days) and the campaign they came from.
const SHOWN: &[Kind] = &[Kind::Lead, Kind::Activity, Kind::Link];

#[component]
pub fn LeadsPage() -> impl IntoView {
    let app = use_app();
    // Status, source and score are the leads' own filters, in the URL
    // with the owner, tag and date every list has.
    let url = ListUrl::new(&["status", "source", "score"]);
    let query = RwSignal::new(String::new());
    // Highest score first; converted and disqualified leads last.
    let searched = Memo::new(move |_| -> Ids {
        let ids: Vec<Uuid> = {
            let (status, source) = (url.get("status"), url.get("source"));
            let min: u8 = url.get("score").parse().unwrap_or(0);
            let now = app.now.get();
            let query = Query::new(&query.get());
            app.read(SHOWN, |crm| {
                let mut rows: Vec<(bool, std::cmp::Reverse<u8>, &str, Uuid)> = crm
                    .leads()
                    .filter(|l| status.is_empty() || l.status.code() == status)
                    .filter(|l| source.is_empty() || l.source.code() == source)
                    .filter(|l| crm.matches(l.id, &query))
                    .filter_map(|l| {
                        let s = score_of(crm, l, now);
                        (s.value >= min).then(|| {
                            (
                                matches!(l.status, LeadStatus::Converted | LeadStatus::Disqualified),
                                std::cmp::Reverse(s.value),
                                crm.sort_key(l.id),
                                l.id,
                            )
                        })
                    })
                    .collect();
                rows.sort_unstable();
                rows.into_iter().map(|r| r.3).collect::<Vec<Uuid>>()
            })
        };
        ids.into()
    });
    let total = Memo::new(move |_| app.read(&[Kind::Lead], |c| c.leads().count()));
    let row = move |id: Uuid| {
        let lang = app.lang.get();
        let now = app.now.get();
        app.read(SHOWN, |crm| {
            crm.lead(id).map(|l| {
                let s = score_of(crm, l, now);
                view! {
                    <div class="row lead-row">
                        <span class="cell name" role="cell"><a class="row-link" href=link(record_href(Kind::Lead, id))><strong>{l.name()}</strong><small class="sub">{if l.company == l.name() { String::new() } else { l.company.clone() }}</small></a></span>
                        <span role="cell" class="cell status"><span class=format!("badge lead-{}", l.status.code())>{lang.t(crate::i18n::lead_status(l.status))}</span></span>
                        <span role="cell" class="cell source">{lang.t(crate::i18n::lead_source(l.source))}</span>
                        <span role="cell" class="cell score">{score_badge(lang, s)}</span>
                        <span role="cell" class="cell value">{(l.estimated_value != 0).then(|| i18n::format_money(lang, l.estimated_value, &l.currency))}</span>
                    </div>
                }
            })
        })
    };
    let header = move || {
        view! {
            {column_header("name", T::FieldFullName)}
            {column_header("status", T::FieldStatus)}
            {column_header("source", T::FieldSource)}
            {column_header("score", T::Score)}
            {column_header("value", T::FieldEstimatedValue)}
        }
    };
    let filters = move || {
        let lang = app.lang.get();
        view! {
            {url.choice("filter-status", "status", T::FieldStatus, LeadStatus::ALL.iter().map(|s| (s.code(), lang.t(crate::i18n::lead_status(*s)).to_string())).collect())}
            {url.choice("filter-source", "source", T::FieldSource, LeadSource::ALL.iter().map(|s| (s.code(), lang.t(crate::i18n::lead_source(*s)).to_string())).collect())}
            {url.choice("filter-score", "score", T::MinScore, vec![("40", "≥ 40".to_string()), ("70", "≥ 70".to_string())])}
        }
    };
    view! {
        <ListFrame
            texts=ListTexts {
                title: T::NavLeads,
                new_href: "/leads/new",
                new_label: T::NewLead,
                search_hint: T::SearchLeadsHint,
                empty: T::NoLeadsYet,
                table_class: "leads-table",
                csv: Some(crate::ui::csv_export::LEADS),
                bulk: Some(Kind::Lead),
            }
            url=url
            query=query
            visible=searched
            total=total
            header=header
            row=row
            filters=filters
        />
    }
}

#[component]
pub fn LeadPage() -> impl IntoView {
    let app = use_app();
    let Some(id) = param_id("id") else { return view! { <MissingRecord back="/leads" /> }.into_any() };
    let exists = Memo::new(move |_| app.read_all(|c| c.lead(id).is_some()));
    let confirm = RwSignal::new(false);
    let keep = RwSignal::new(true);
    let converting = RwSignal::new(false);
    let navigate = use_navigate();
    let delete = move || {
        let navigate = navigate.clone();
        let what = if keep.get_untracked() { ActivitiesOnDelete::Keep } else { ActivitiesOnDelete::Delete };
        app.delete(move |crm, ctx| crm.delete_lead(id, what, ctx), move || navigate("/leads", NavigateOptions::default()));
    };
    let body = move || {
        let lang = app.lang.get();
        let now = app.now.get();
        app.read_all(|crm| {
            let l = crm.lead(id)?.clone();
            let s = score_of(crm, &l, now);
            let row = |label: T, value: String| (!value.is_empty()).then(|| view! { <dt>{lang.t(label)}</dt><dd class="pre">{value}</dd> });
            let tel = crate::model::phone::tel_uri(&l.phone).unwrap_or_default();
            let became = l.converted.as_ref().map(|c| {
                let link_row = |href: String, text: String| (!text.is_empty()).then(|| view! { <li><a href=link(href)>{text}</a></li> });
                view! {
                    <section class="card converted" id="converted">
                        <h2>{format!("{} {}", lang.t(T::ConvertedOn), i18n::format_date(lang, c.at.date_naive()))}</h2>
                        <ul class="plain">
                            {c.organization_id.and_then(|o| crm.organization(o)).map(|o| link_row(record_href(Kind::Organization, o.id), o.name.clone()))}
                            {c.contact_id.and_then(|x| crm.contact(x)).map(|x| link_row(record_href(Kind::Contact, x.id), x.full_name()))}
                            {c.opportunity_id.and_then(|x| crm.opportunity(x)).map(|x| link_row(record_href(Kind::Opportunity, x.id), x.name.clone()))}
                        </ul>
                    </section>
                }
            });
            let converted = l.is_converted();
            Some(view! {
                <header class="page-head">
                    <div>
                        <h1>{l.name()}</h1>
                        <p class="subtitle">{[l.position.clone(), l.company.clone()].into_iter().filter(|s| !s.is_empty() && *s != l.name()).collect::<Vec<_>>().join(", ")}</p>
                        <p class="badges">
                            <span class=format!("badge lead-{}", l.status.code())>{lang.t(crate::i18n::lead_status(l.status))}</span>
                            {l.tags.iter().map(|t| view! { <span class="tag">{t.clone()}</span> }).collect_view()}
                        </p>
                    </div>
                    <div class="actions">
                        {(!converted).then(|| view! { <button type="button" class="button primary" id="convert-lead" on:click=move |_| converting.set(true)>{lang.t(T::ConvertLead)}</button> })}
                        <crate::ui::widgets::follow::FollowButton kind=crate::model::Kind::Lead id=id />
                        <a class="button" href=link(edit_href(Kind::Lead, id))>{lang.t(T::Edit)}</a>
                        <button type="button" class="button danger" on:click=move |_| confirm.set(true)>{lang.t(T::Delete)}</button>
                    </div>
                </header>
                {became}
                {log_buttons(Target::new(Kind::Lead, id))}
                <section class="card lead-score" id="lead-score">
                    <h2>{lang.t(T::Score)}" "{score_badge(lang, s)}</h2>
                    <p class="formula" id="score-formula">
                        {format!(
                            "({} {} + {} {} + {} {} + {} {} + {} {}) / 15 × 100 = {}",
                            lang.t(T::QualBudget), s.budget,
                            lang.t(T::QualAuthority), s.authority,
                            lang.t(T::QualNeed), s.need,
                            lang.t(T::QualTimeline), s.timeline,
                            lang.t(T::Engagement), s.engagement,
                            s.value
                        )}
                    </p>
                    <p class="hint">{lang.t(T::EngagementHint)}</p>
                </section>
                <section class="card">
                    <h2>{lang.t(T::Details)}</h2>
                    <dl class="details">
                        {row(T::FieldCompany, l.company.clone())}
                        {row(T::FieldIco, l.ico.clone())}
                        {(!l.email.is_empty()).then(|| view! { <dt>{lang.t(T::FieldEmail)}</dt><dd><a href=format!("mailto:{}", l.email)>{l.email.clone()}</a></dd> })}
                        {(!l.phone.is_empty()).then(|| view! { <dt>{lang.t(T::FieldPhone)}</dt><dd><a href=tel>{l.phone.clone()}</a></dd> })}
                        {row(T::FieldSource, lang.t(crate::i18n::lead_source(l.source)).to_string())}
                        {row(T::FieldEstimatedValue, if l.estimated_value == 0 { String::new() } else { i18n::format_money(lang, l.estimated_value, &l.currency) })}
                        {row(T::Campaign, l.campaign_id.and_then(|c| crm.campaign(c)).map(|c| c.name.clone()).unwrap_or_default())}
                        {row(T::FieldOwner, crm.member_name(l.owner_id).to_string())}
                        {row(T::FieldNotes, l.notes.clone())}
                    </dl>
                </section>
            })
        })
    };
    view! {
        <Show when=move || exists.get() fallback=|| view! { <MissingRecord back="/leads" /> }>
            <div class="page detail-page">
                {body}
                <AttachmentsCard kind=crate::model::Kind::Lead id=id />
                <Timeline id=id />
            </div>
        </Show>
        <ConvertDialog id=id open=converting />
        <Confirm open=confirm message=Signal::derive(move || app.t(T::ConfirmDeleteLead).to_string()) confirm_label=T::Delete on_confirm=delete.clone()>
            {activities_choice(id, keep)}
        </Confirm>
    }
    .into_any()
}

/// The choice for one kind of record: new, one of the likely duplicates,
/// or nothing. A duplicate is preselected when there is one.
fn pick_group(
    lang: Lang,
    name: &'static str,
    legend: T,
    new_label: String,
    existing: Vec<(Uuid, String, Likeness)>,
    pick: RwSignal<Pick>,
) -> impl IntoView {
    let options = existing
        .into_iter()
        .map(|(id, label, why)| {
            view! {
                <label class="duplicate">
                    <input type="radio" name=name value=id.to_string() prop:checked=move || pick.get() == Pick::Existing(id) on:change=move |_| pick.set(Pick::Existing(id)) />
                    " "{format!("{} {label}", lang.t(T::LinkExisting))}" "<span class="badge warn">{lang.t(crate::i18n::likeness(why))}</span>
                </label>
            }
        })
        .collect_view();
    view! {
        <fieldset class="choice" id=format!("convert-{name}")>
            <legend>{lang.t(legend)}</legend>
            <label>
                <input type="radio" name=name value="new" prop:checked=move || pick.get() == Pick::New on:change=move |_| pick.set(Pick::New) />
                " "{format!("{} {new_label}", lang.t(T::CreateNew))}
            </label>
            {options}
            <label>
                <input type="radio" name=name value="skip" prop:checked=move || pick.get() == Pick::Skip on:change=move |_| pick.set(Pick::Skip) />
                " "{lang.t(T::DoNotCreate)}
            </label>
        </fieldset>
    }
}

#[component]
fn ConvertDialog(id: Uuid, open: RwSignal<bool>) -> impl IntoView {
    let app = use_app();
    let org = RwSignal::new(Pick::New);
    let contact = RwSignal::new(Pick::New);
    let opportunity = RwSignal::new(Pick::New);
    let opp_name = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::new());
    let navigate = use_navigate();
    // Fresh choices each time the dialog opens: a duplicate is offered first.
    Effect::new(move |_| {
        if !open.get() {
            return;
        }
        app.read_untracked(|crm| {
            if let Some(l) = crm.lead(id) {
                let d = crm.lead_duplicates(l);
                org.set(
                    d.organizations.first().map_or(if l.company.trim().is_empty() { Pick::Skip } else { Pick::New }, |(o, _)| Pick::Existing(*o)),
                );
                contact.set(d.contacts.first().map_or(Pick::New, |(c, _)| Pick::Existing(*c)));
                opportunity.set(Pick::New);
                opp_name.set(if l.company.trim().is_empty() { l.name() } else { l.company.trim().to_string() });
            }
        });
        errors.set(Vec::new());
    });
    let convert = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let plan = ConvertPlan {
            organization: org.get_untracked(),
            contact: contact.get_untracked(),
            opportunity: opportunity.get_untracked(),
            opportunity_name: opp_name.get_untracked(),
        };
        let defaults = app.default_stages();
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match app.commit(move |crm, ctx| crm.convert_lead(id, &plan, &defaults, ctx)).await {
                Ok(_) => {
                    open.set(false);
                    app.info(app.lang.get_untracked().t(T::LeadConvertedNotice));
                    let to = app.read_untracked(|c| c.lead(id).and_then(|l| l.converted.clone()));
                    if let Some(o) = to.as_ref().and_then(|c| c.opportunity_id) {
                        navigate(&record_href(Kind::Opportunity, o), NavigateOptions::default());
                    }
                }
                Err(e) => errors.set(e.refused()),
            }
        });
    };
    let groups = move || {
        let lang = app.lang.get();
        app.read_all(|crm| {
            let l = crm.lead(id)?.clone();
            let d = crm.lead_duplicates(&l);
            let orgs = d.organizations.iter().filter_map(|(o, why)| crm.organization(*o).map(|x| (*o, x.name.clone(), *why))).collect();
            let contacts = d
                .contacts
                .iter()
                .filter_map(|(c, why)| {
                    crm.contact(*c).map(|x| {
                        let org = x.organization_id.and_then(|o| crm.organization(o)).map(|o| format!(" ({})", o.name)).unwrap_or_default();
                        (*c, format!("{}{org}", x.full_name()), *why)
                    })
                })
                .collect();
            // The open deals of an organization the lead may be: one may be this.
            let open_deals: Vec<(Uuid, String)> = d
                .organizations
                .iter()
                .flat_map(|(o, _)| crm.opportunities_of(*o))
                .filter(|o| crm.stage(o.stage_id).is_none_or(|s| s.is_open()))
                .map(|o| (o.id, o.name.clone()))
                .collect();
            let company = if l.company.trim().is_empty() { l.name() } else { l.company.trim().to_string() };
            Some(view! {
                {pick_group(lang, "organization", T::Organization, format!("„{company}“"), orgs, org)}
                {pick_group(lang, "contact", T::Contact, format!("„{}“", l.name()), contacts, contact)}
                <fieldset class="choice" id="convert-opportunity">
                    <legend>{lang.t(T::Opportunity)}</legend>
                    <label>
                        <input type="radio" name="opportunity" value="new" prop:checked=move || opportunity.get() == Pick::New on:change=move |_| opportunity.set(Pick::New) />
                        " "{lang.t(T::CreateNew)}
                    </label>
                    <input type="text" id="f-opportunity-name" aria-label=lang.t(T::FieldName) prop:value=move || opp_name.get() on:input=move |ev| opp_name.set(event_target_value(&ev)) />
                    {open_deals.into_iter().map(|(oid, name)| view! {
                        <label class="duplicate">
                            <input type="radio" name="opportunity" value=oid.to_string() prop:checked=move || opportunity.get() == Pick::Existing(oid) on:change=move |_| opportunity.set(Pick::Existing(oid)) />
                            " "{format!("{} {name}", lang.t(T::LinkExisting))}
                        </label>
                    }).collect_view()}
                    <label>
                        <input type="radio" name="opportunity" value="skip" prop:checked=move || opportunity.get() == Pick::Skip on:change=move |_| opportunity.set(Pick::Skip) />
                        " "{lang.t(T::DoNotCreate)}
                    </label>
                </fieldset>
            })
        })
    };
    view! {
        <Show when=move || open.get()>
            <div class="modal-backdrop" on:click=move |_| open.set(false)>
                <form class="modal wide" role="dialog" aria-modal="true" aria-labelledby="convert-title" id="convert-form"
                    on:click=|ev| ev.stop_propagation()
                    on:keydown=move |ev| if ev.key() == "Escape" { open.set(false) }
                    on:submit=convert.clone()
                >
                    <h2 id="convert-title">{move || app.t(T::ConvertLead)}</h2>
                    <p class="hint">{move || app.t(T::ConvertHint)}</p>
                    {crate::ui::widgets::fields::error_summary(errors)}
                    {groups}
                    <div class="actions">
                        <button type="button" class="button" on:click=move |_| open.set(false)>{move || app.t(T::Cancel)}</button>
                        <button type="submit" class="button primary">{move || app.t(T::ConvertLead)}</button>
                    </div>
                </form>
            </div>
        </Show>
    }
}

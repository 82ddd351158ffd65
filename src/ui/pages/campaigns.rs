//! Campaigns: the list, the form, and a campaign's page with its numbers
//! (targets, leads and opportunities it produced, the value won) and its
//! target list, added by selection or by filter.

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use uuid::Uuid;

use crate::i18n::{self, T};
use crate::model::campaign::{Campaign, CampaignStatus, Channel};
use crate::model::money::{amount_input, parse_amount, CURRENCIES};
use crate::model::search::Query;
use crate::model::validate::parse_tags;
use crate::model::{Crm, FieldError, Kind, Problem};
use crate::ui::routes::link;
use crate::ui::routes::param_id;
use crate::ui::routes::{edit_href, record_href};
use crate::ui::state::use_app;
use crate::ui::widgets::attachments::AttachmentsCard;
use crate::ui::widgets::confirm::Confirm;
use crate::ui::widgets::fields::{choice, date_field, tags_field, text_input};
use crate::ui::widgets::form::{edit_page, lens, Form};
use crate::ui::widgets::list::{column_header, search_results, sorted_ids, ListFrame, ListTexts};
use crate::ui::widgets::missing::MissingRecord;
use crate::web;

/// A select of the campaigns (by name) a lead or opportunity came from.
pub fn campaign_select(
    get: impl Fn() -> Option<Uuid> + Copy + Send + Sync + 'static,
    set: impl Fn(Option<Uuid>) + Send + Sync + 'static,
    errors: RwSignal<Vec<FieldError>>,
) -> impl IntoView {
    let app = use_app();
    let options = move || {
        app.read_all(|crm| {
            let mut list: Vec<_> = crm.campaigns().map(|c| (crm.sort_key(c.id).to_string(), c.id, c.name.clone())).collect();
            list.sort();
            list.into_iter()
                .map(|(_, cid, name)| view! { <option value=cid.to_string() selected=move || get() == Some(cid)>{name}</option> })
                .collect_view()
        })
    };
    view! {
        <div class="field">
            <label for="f-campaign_id">{move || app.t(T::Campaign)}</label>
            <select id="f-campaign_id" on:change=move |ev| set(Uuid::parse_str(&event_target_value(&ev)).ok())>
                <option value="" selected=move || get().is_none()>{move || app.t(T::Nobody)}</option>
                {options}
            </select>
            {crate::ui::widgets::fields::error_line(errors, "campaign_id")}
        </div>
    }
}

/// What a campaign produced.
struct Results {
    leads: usize,
    opportunities: usize,
    /// Value of its opportunities in won stages, per currency.
    won: BTreeMap<String, i64>,
}

fn results(crm: &Crm, id: Uuid) -> Results {
    let refs = crm.referrers(id);
    let mut won = BTreeMap::new();
    let mut opportunities = 0;
    for o in refs.iter().filter(|t| t.kind == Kind::Opportunity).filter_map(|t| crm.opportunity(t.id)) {
        opportunities += 1;
        if crm.stage(o.stage_id).is_some_and(|s| s.won) {
            *won.entry(o.currency.clone()).or_insert(0) += o.value;
        }
    }
    Results { leads: refs.iter().filter(|t| t.kind == Kind::Lead).count(), opportunities, won }
}

/// What the list shows: a campaign and the leads and deals it brought.
const SHOWN: &[Kind] = &[Kind::Campaign, Kind::Lead, Kind::Opportunity];

#[component]
pub fn CampaignsPage() -> impl IntoView {
    let app = use_app();
    let query = RwSignal::new(String::new());
    let sorted = Memo::new(move |_| app.read(SHOWN, |crm| sorted_ids(crm, crm.campaigns().map(|c| (crm.sort_key(c.id).to_string(), c.id)), false)));
    let visible = search_results(app, SHOWN, sorted, query);
    let total = Memo::new(move |_| app.read(&[Kind::Campaign], |c| c.campaigns().count()));
    let row = move |id: Uuid| {
        let lang = app.lang.get();
        app.read(SHOWN, |crm| {
            crm.campaign(id).map(|c| {
                let r = results(crm, id);
                view! {
                    <div class="row campaign-row">
                        <span class="cell name" role="cell"><a class="row-link" href=link(record_href(Kind::Campaign, id))><strong>{c.name.clone()}</strong><small class="sub">{lang.t(crate::i18n::campaign_channel(c.channel))}</small></a></span>
                        <span role="cell" class="cell status"><span class="badge">{lang.t(crate::i18n::campaign_status(c.status))}</span></span>
                        <span role="cell" class="cell count">{c.targets.len()}</span>
                        <span role="cell" class="cell count">{r.leads}</span>
                        <span role="cell" class="cell count">{r.opportunities}</span>
                    </div>
                }
            })
        })
    };
    let header = move || {
        view! {
            {column_header("name", T::FieldName)}
            {column_header("status", T::FieldStatus)}
            {column_header("count", T::Targets)}
            {column_header("count", T::NavLeads)}
            {column_header("count", T::NavOpportunities)}
        }
    };
    view! {
        <ListFrame
            texts=ListTexts {
                title: T::NavCampaigns,
                new_href: "/campaigns/new",
                new_label: T::NewCampaign,
                search_hint: T::SearchCampaignsHint,
                empty: T::NoCampaignsYet,
                table_class: "campaigns-table",
                csv: Some(crate::ui::csv_export::CAMPAIGNS),
                bulk: Some(crate::model::Kind::Campaign),
            }
            query=query
            visible=visible
            total=total
            header=header
            row=row
        />
    }
}

#[component]
pub fn CampaignNew() -> impl IntoView {
    let mut c = Campaign::new(web::fresh_id(), web::now());
    c.owner_id = use_app().me.get_untracked();
    view! { <CampaignForm campaign=c is_new=true /> }
}

#[component]
pub fn CampaignEdit() -> impl IntoView {
    edit_page("/campaigns", |c, id| c.campaign(id).cloned(), |c| view! { <CampaignForm campaign=c is_new=false /> }.into_any())
}

#[component]
fn CampaignForm(campaign: Campaign, is_new: bool) -> impl IntoView {
    let app = use_app();
    let id = campaign.id;
    let tags = RwSignal::new(campaign.tags.join(", "));
    let budget = RwSignal::new(if campaign.budget == 0 { String::new() } else { amount_input(campaign.budget) });
    let starts = RwSignal::new(campaign.starts_on.map(crate::model::time::format_date).unwrap_or_default());
    let ends = RwSignal::new(campaign.ends_on.map(crate::model::time::format_date).unwrap_or_default());
    let form = Form::new(campaign);
    let Form { draft, errors, saving, .. } = form;
    let navigate = use_navigate();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut c = draft.get_untracked();
        let mut problems = Vec::new();
        c.name = c.name.trim().to_string();
        c.tags = parse_tags(&tags.get_untracked());
        c.budget = match budget.get_untracked().trim() {
            "" => 0,
            b => parse_amount(b).unwrap_or_else(|| {
                problems.push(FieldError::new("budget", Problem::Malformed(app.t(T::NotAnAmount).into())));
                0
            }),
        };
        let mut date = |text: String, field: &str| match text.trim() {
            "" => None,
            d => crate::model::time::parse_date(d).or_else(|| {
                problems.push(FieldError::new(field, Problem::NotDate));
                None
            }),
        };
        c.starts_on = date(starts.get_untracked(), "starts_on");
        c.ends_on = date(ends.get_untracked(), "ends_on");
        if !problems.is_empty() {
            errors.set(problems);
            return;
        }
        let navigate = navigate.clone();
        app.save_form(saving, errors, form.checked(move |crm, ctx| crm.save_campaign(c, ctx)), move || {
            navigate(&record_href(Kind::Campaign, id), NavigateOptions { replace: is_new, ..Default::default() })
        });
    };
    let channels = Channel::ALL.iter().map(|c| (*c, c.code(), crate::i18n::campaign_channel(*c))).collect();
    let statuses = CampaignStatus::ALL.iter().map(|s| (*s, s.code(), crate::i18n::campaign_status(*s))).collect();
    let cancel_href = if is_new { "/campaigns".to_string() } else { record_href(Kind::Campaign, id) };
    view! {
        <form class="page form-page" on:submit=save novalidate>
            <header class="page-head">
                <h1>{move || app.t(if is_new { T::NewCampaign } else { T::EditCampaign })}</h1>
            </header>
            {form.summary()}
            <section class="card">
                <div class="grid">
                    {form.text(T::FieldName, lens!(name))}
                    {choice(T::FieldChannel, "channel", channels, move || draft.with(|d| d.channel), move |v| draft.update(|d| d.channel = v))}
                    {choice(T::FieldStatus, "status", statuses, move || draft.with(|d| d.status), move |v| draft.update(|d| d.status = v))}
                    {date_field(T::FieldStartsOn, "starts_on", starts, errors)}
                    {date_field(T::FieldEndsOn, "ends_on", ends, errors)}
                    {text_input(T::FieldBudget, "budget", budget, errors)}
                    <div class="field">
                        <label for="f-currency">{move || app.t(T::FieldCurrency)}</label>
                        <select id="f-currency" on:change=move |ev| draft.update(|d| d.currency = event_target_value(&ev))>
                            {CURRENCIES.iter().map(|c| view! { <option value=*c selected=move || draft.with(|d| d.currency == *c)>{*c}</option> }).collect_view()}
                        </select>
                    </div>
                    {form.member(T::FieldOwner, lens!(owner_id))}
                    {tags_field(tags, errors)}
                </div>
                {form.area(T::FieldNotes, lens!(notes))}
            </section>
            {form.actions(cancel_href)}
        </form>
    }
}

/// How many targets the page lists (the count is always whole).
const TARGETS_SHOWN: usize = 200;

#[component]
pub fn CampaignPage() -> impl IntoView {
    let app = use_app();
    let Some(id) = param_id("id") else { return view! { <MissingRecord back="/campaigns" /> }.into_any() };
    let exists = Memo::new(move |_| app.read_all(|c| c.campaign(id).is_some()));
    let confirm = RwSignal::new(false);
    let navigate = use_navigate();
    let delete = move || {
        let navigate = navigate.clone();
        app.delete(move |crm, ctx| crm.delete_campaign(id, ctx), move || navigate("/campaigns", NavigateOptions::default()));
    };
    // Adds or removes targets as one save of the campaign.
    let change_targets = move |f: Box<dyn FnOnce(&mut Vec<Uuid>) + Send>| {
        leptos::task::spawn_local(async move {
            let _ = app
                .commit(move |crm, ctx| match crm.campaign(id) {
                    Some(c) => {
                        let mut c = c.clone();
                        f(&mut c.targets);
                        crm.save_campaign(c, ctx)
                    }
                    None => Ok(Vec::new()),
                })
                .await;
        });
    };
    let query = RwSignal::new(String::new());
    let picked = RwSignal::new(Vec::<Uuid>::new());
    let by_tag = RwSignal::new(String::new());
    let offers = move || {
        let q = Query::new(&query.get());
        if q.is_empty() {
            return Vec::new();
        }
        app.read_all(|crm| {
            let have = crm.campaign(id).map(|c| c.targets.clone()).unwrap_or_default();
            crm.find_top(&q, 20 + have.len())
                .contacts
                .into_iter()
                .filter(|c| !have.contains(c))
                .take(20)
                .filter_map(|c| crm.contact(c).map(|x| (c, x.full_name())))
                .collect::<Vec<_>>()
        })
    };
    let contact_tags = Memo::new(move |_| {
        app.read_all(|crm| {
            let mut t: Vec<String> = crm.contacts().flat_map(|c| c.tags.iter().cloned()).collect();
            t.sort();
            t.dedup();
            t
        })
    });
    let body = move || {
        let lang = app.lang.get();
        app.read_all(|crm| {
            let c = crm.campaign(id)?.clone();
            let r = results(crm, id);
            let won = if r.won.is_empty() {
                i18n::format_money(lang, 0, &c.currency)
            } else {
                r.won.iter().map(|(cur, v)| i18n::format_money(lang, *v, cur)).collect::<Vec<_>>().join(" + ")
            };
            let period = match (c.starts_on, c.ends_on) {
                (Some(s), Some(e)) => format!("{} – {}", i18n::format_date(lang, s), i18n::format_date(lang, e)),
                (Some(s), None) => format!("{} –", i18n::format_date(lang, s)),
                (None, Some(e)) => format!("– {}", i18n::format_date(lang, e)),
                (None, None) => String::new(),
            };
            let targets = c
                .targets
                .iter()
                .take(TARGETS_SHOWN)
                .filter_map(|t| crm.contact(*t))
                .map(|x| {
                    let cid = x.id;
                    view! {
                        <li>
                            <a href=link(record_href(Kind::Contact, cid))>{x.full_name()}</a>
                            <button type="button" class="link" on:click=move |_| change_targets(Box::new(move |t| t.retain(|x| *x != cid)))>{lang.t(T::Remove)}</button>
                        </li>
                    }
                })
                .collect_view();
            let more = c.targets.len().saturating_sub(TARGETS_SHOWN);
            Some(view! {
                <header class="page-head">
                    <div>
                        <h1>{c.name.clone()}</h1>
                        <p class="subtitle">{format!("{} · {}", lang.t(crate::i18n::campaign_channel(c.channel)), period)}</p>
                        <p class="badges"><span class="badge">{lang.t(crate::i18n::campaign_status(c.status))}</span></p>
                    </div>
                    <div class="actions">
                        <a class="button" href=link(edit_href(Kind::Campaign, id))>{lang.t(T::Edit)}</a>
                        <button type="button" class="button danger" on:click=move |_| confirm.set(true)>{lang.t(T::Delete)}</button>
                    </div>
                </header>
                <section class="card">
                    <dl class="stats" id="campaign-stats">
                        <div><dt>{lang.t(T::Targets)}</dt><dd>{c.targets.len()}</dd></div>
                        <div><dt>{lang.t(T::NavLeads)}</dt><dd>{r.leads}</dd></div>
                        <div><dt>{lang.t(T::NavOpportunities)}</dt><dd>{r.opportunities}</dd></div>
                        <div><dt>{lang.t(T::ValueWon)}</dt><dd>{won}</dd></div>
                        <div><dt>{lang.t(T::FieldBudget)}</dt><dd>{i18n::format_money(lang, c.budget, &c.currency)}</dd></div>
                    </dl>
                    {(!c.notes.is_empty()).then(|| view! { <p class="pre">{c.notes.clone()}</p> })}
                </section>
                <section class="card" aria-labelledby="targets-title">
                    <h2 id="targets-title">{format!("{} ({})", lang.t(T::TargetList), c.targets.len())}</h2>
                    <ul class="plain target-list" id="targets">{targets}</ul>
                    {(more > 0).then(|| view! { <p class="muted">{format!("+ {more}")}</p> })}
                </section>
            })
        })
    };
    let add_picked = move |_| {
        let ids = picked.get_untracked();
        picked.set(Vec::new());
        query.set(String::new());
        change_targets(Box::new(move |t| t.extend(ids)));
    };
    let add_by_tag = move |_| {
        let tag = by_tag.get_untracked();
        if tag.is_empty() {
            return;
        }
        let ids: Vec<Uuid> = app.read_untracked(|crm| {
            let mut v: Vec<(&str, Uuid)> = crm.contacts().filter(|c| c.tags.contains(&tag)).map(|c| (crm.sort_key(c.id), c.id)).collect();
            v.sort_unstable();
            v.into_iter().map(|(_, id)| id).collect()
        });
        change_targets(Box::new(move |t| t.extend(ids)));
    };
    view! {
        <Show when=move || exists.get() fallback=|| view! { <MissingRecord back="/campaigns" /> }>
            <div class="page detail-page">
                {body}
                <AttachmentsCard kind=Kind::Campaign id=id />
                <section class="card" aria-labelledby="add-targets-title">
                    <h2 id="add-targets-title">{move || app.t(T::AddTargets)}</h2>
                    <div class="add-targets">
                        <label class="inline">
                            <span>{move || app.t(T::AllWithTag)}</span>
                            <select id="targets-tag" on:change=move |ev| by_tag.set(event_target_value(&ev))>
                                <option value="">"—"</option>
                                {move || contact_tags.get().into_iter().map(|t| view! { <option value=t.clone()>{t.clone()}</option> }).collect_view()}
                            </select>
                        </label>
                        <button type="button" class="button small" id="add-by-tag" on:click=add_by_tag>{move || app.t(T::Add)}</button>
                    </div>
                    <input type="search" id="targets-search" autocomplete="off" placeholder=move || app.t(T::AddContact) prop:value=move || query.get() on:input=move |ev| query.set(event_target_value(&ev)) />
                    <ul class="plain picks">
                        {move || offers().into_iter().map(|(cid, name)| view! {
                            <li>
                                <label>
                                    <input type="checkbox" prop:checked=move || picked.with(|p| p.contains(&cid)) on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        picked.update(|p| if on { p.push(cid) } else { p.retain(|x| *x != cid) });
                                    } />
                                    " "{name}
                                </label>
                            </li>
                        }).collect_view()}
                    </ul>
                    <button type="button" class="button small" id="add-picked" prop:disabled=move || picked.with(Vec::is_empty) on:click=add_picked>
                        {move || format!("{} ({})", app.t(T::AddSelected), picked.with(Vec::len))}
                    </button>
                </section>
            </div>
        </Show>
        <Confirm open=confirm message=Signal::derive(move || app.t(T::ConfirmDeleteCampaign).to_string()) confirm_label=T::Delete on_confirm=delete.clone() />
    }
    .into_any()
}

//! Delivery projects: the list (late ones first, filtered by status in the
//! URL) and a project's page: status, milestone strip, the plan edited in
//! place (milestones, deliverables, issues and change requests), scope,
//! protocols, files and timeline.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use uuid::Uuid;

use crate::i18n::{self, Lang, T};
use crate::model::project::{Deliverable, DeliverableState, IssueKind, IssueState, Milestone, Project, ProjectIssue, ProjectStatus};
use crate::model::{Crm, Kind, Target};
use crate::ui::routes::link;
use crate::ui::routes::{edit_href, new_from_href, param_id, record_href};
use crate::ui::state::{use_app, App};
use crate::ui::widgets::attachments::AttachmentsCard;
use crate::ui::widgets::confirm::Confirm;
use crate::ui::widgets::list::Ids;
use crate::ui::widgets::list::{column_header, ListFrame, ListTexts, ListUrl};
use crate::ui::widgets::milestone_strip::MilestoneStrip;
use crate::ui::widgets::missing::MissingRecord;
use crate::ui::widgets::timeline::{log_buttons, Timeline};
use crate::web;

/// What the list shows: projects and their customers' names.
const SHOWN: &[Kind] = &[Kind::Project, Kind::Organization, Kind::TeamMember];

fn status_badge(lang: Lang, s: ProjectStatus) -> impl IntoView {
    view! { <span class=format!("badge project-{}", s.code())>{lang.t(i18n::project_status(s))}</span> }
}

#[component]
pub fn ProjectsPage() -> impl IntoView {
    let app = use_app();
    let url = ListUrl::new(&["status"]);
    let query = RwSignal::new(String::new());
    // Late ones first, then by planned end; finished ones last.
    let searched = Memo::new(move |_| -> Ids {
        let ids: Vec<Uuid> = {
            let status = url.get("status");
            let today = app.today();
            let q = crate::model::search::Query::new(&query.get());
            app.read(SHOWN, |crm| {
                let mut rows: Vec<_> = crm
                    .projects()
                    .filter(|p| status.is_empty() || p.status.code() == status)
                    .filter(|p| crm.matches(p.id, &q) || crm.organization(p.organization_id).is_some_and(|o| crm.matches(o.id, &q)))
                    .map(|p| (!p.status.is_open(), !p.is_late(today), p.planned_end, crm.sort_key(p.id), p.id))
                    .collect();
                rows.sort_unstable();
                rows.into_iter().map(|r| r.4).collect::<Vec<Uuid>>()
            })
        };
        ids.into()
    });
    let total = Memo::new(move |_| app.read(&[Kind::Project], |c| c.count(Kind::Project)));
    let row = move |id: Uuid| {
        let lang = app.lang.get();
        let today = app.today();
        app.read(SHOWN, |crm| {
            crm.project(id).map(|p| {
                let org = crm.organization(p.organization_id).map(|o| o.name.clone()).unwrap_or_default();
                let done = p.milestones.iter().filter(|m| m.done_on.is_some()).count();
                let late = p.is_late(today);
                view! {
                    <div class="row project-row" class:late=late>
                        <span class="cell name" role="cell"><a class="row-link" href=link(record_href(Kind::Project, id))><strong>{p.name.clone()}</strong><small class="sub">{org}</small></a></span>
                        <span role="cell" class="cell status">{status_badge(lang, p.status)}{late.then(|| view! { " " <span class="badge overdue">{lang.t(T::Late)}</span> })}</span>
                        <span role="cell" class="cell owner">{crm.member_name(p.owner_id).to_string()}</span>
                        <span role="cell" class="cell end">{i18n::format_date(lang, p.planned_end)}</span>
                        <span role="cell" class="cell milestones">{format!("{done}/{}", p.milestones.len())}</span>
                    </div>
                }
            })
        })
    };
    let header = move || {
        view! {
            {column_header("name", T::FieldName)}
            {column_header("status", T::FieldStatus)}
            {column_header("owner", T::FieldResponsible)}
            {column_header("end", T::FieldPlannedEnd)}
            {column_header("milestones", T::Milestones)}
        }
    };
    let filters = move || {
        let lang = app.lang.get();
        view! {
            <label class="inline">
                <span>{lang.t(T::FieldStatus)}</span>
                <select id="filter-status" on:change=move |ev| url.set(&[("status", &event_target_value(&ev))])>
                    <option value="">{lang.t(T::All)}</option>
                    {ProjectStatus::ALL.iter().map(|s| view! { <option value=s.code() selected=move || url.get("status") == s.code()>{lang.t(i18n::project_status(*s))}</option> }).collect_view()}
                </select>
            </label>
        }
    };
    view! {
        <ListFrame
            texts=ListTexts {
                title: T::NavProjects,
                new_href: "/projects/new",
                new_label: T::NewProject,
                search_hint: T::SearchProjectsHint,
                empty: T::NoProjectsYet,
                table_class: "projects-table",
                csv: Some(crate::ui::csv_export::PROJECTS),
                bulk: Some(Kind::Project),
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

/// Saves the project with `edit` applied; a refusal is told in a notice.
fn edit_project(app: App, id: Uuid, edit: impl FnOnce(&mut Project) + 'static) {
    app.act(move |crm, ctx| {
        let Some(mut p) = crm.project(id).cloned() else { return Ok(Vec::new()) };
        edit(&mut p);
        crm.save_project(p, ctx)
    });
}

fn parse_day(s: &str) -> Option<chrono::NaiveDate> {
    crate::model::time::parse_date(s)
}

#[component]
pub fn ProjectPage() -> impl IntoView {
    let app = use_app();
    let Some(id) = param_id("id") else { return view! { <MissingRecord back="/projects" /> }.into_any() };
    let exists = Memo::new(move |_| app.read(&[Kind::Project], |c| c.project(id).is_some()));
    let confirm = RwSignal::new(false);
    let navigate = use_navigate();
    let delete = move || {
        let navigate = navigate.clone();
        app.delete(move |crm, ctx| crm.delete_project(id, ctx), move || navigate("/projects", NavigateOptions::default()));
    };
    let head = move || {
        let lang = app.lang.get();
        app.read_all(|crm| {
            let p = crm.project(id)?;
            let org = crm.organization(p.organization_id);
            let steps = ProjectStatus::ALL
                .iter()
                .map(|&s| {
                    let here = p.status == s;
                    view! {
                        <button type="button" class="stage" aria-pressed=here.to_string() id=format!("status-{}", s.code()) on:click=move |_| edit_project(app, id, move |p| p.status = s)>
                            {lang.t(i18n::project_status(s))}
                        </button>
                    }
                })
                .collect_view();
            Some(view! {
                <header class="page-head">
                    <div>
                        <h1>{p.name.clone()}</h1>
                        <p class="subtitle">{org.map(|o| view! { <a href=link(record_href(Kind::Organization, o.id))>{o.name.clone()}</a> })}</p>
                        <p class="badges">{p.tags.iter().map(|t| view! { <span class="tag">{t.clone()}</span> }).collect_view()}</p>
                    </div>
                    <div class="actions">
                        <a class="button" id="new-handover" href=link(new_from_href(Kind::Handover, Target::new(Kind::Project, id)))>{lang.t(T::NewHandover)}</a>
                        <a class="button" href=link(edit_href(Kind::Project, id))>{lang.t(T::Edit)}</a>
                        <button type="button" class="button danger" on:click=move |_| confirm.set(true)>{lang.t(T::Delete)}</button>
                    </div>
                </header>
                <div class="stage-bar" role="group" aria-label=lang.t(T::FieldStatus)>{steps}</div>
            })
        })
    };
    let details = move || {
        let lang = app.lang.get();
        app.read_all(|crm| {
            let p = crm.project(id)?;
            let row = |label: T, value: String| (!value.is_empty()).then(|| view! { <dt>{lang.t(label)}</dt><dd class="pre">{value}</dd> });
            let opp = p.opportunity_id.and_then(|o| crm.opportunity(o));
            let contacts = p
                .contact_ids
                .iter()
                .filter_map(|c| crm.contact(*c))
                .map(|c| view! { <li><a href=link(record_href(Kind::Contact, c.id))>{c.full_name()}</a></li> })
                .collect_view();
            Some(view! {
                <section class="card">
                    <h2>{lang.t(T::Details)}</h2>
                    <dl class="details">
                        {opp.map(|o| view! { <dt>{lang.t(T::Opportunity)}</dt><dd><a href=link(record_href(Kind::Opportunity, o.id))>{o.name.clone()}</a></dd> })}
                        {row(T::FieldResponsible, crm.member_name(p.owner_id).to_string())}
                        {row(T::FieldStart, i18n::format_date(lang, p.start))}
                        {row(T::FieldPlannedEnd, i18n::format_date(lang, p.planned_end))}
                        {row(T::FieldValue, if p.value == 0 { String::new() } else { i18n::format_money(lang, p.value, &p.currency) })}
                        {row(T::FieldNotes, p.notes.clone())}
                    </dl>
                    {(!p.contact_ids.is_empty()).then(|| view! { <h3>{lang.t(T::ContactsInvolved)}</h3><ul class="plain">{contacts}</ul> })}
                </section>
            })
        })
    };
    let scope = move || {
        let lang = app.lang.get();
        app.read(&[Kind::Project], |crm| {
            let p = crm.project(id)?;
            (!p.scope.is_empty()).then(|| {
                let rows = p
                    .scope
                    .iter()
                    .map(|i| view! { <tr><td>{i.name.clone()}</td><td class="num">{format!("{} {}", i18n::format_decimal(lang, i.quantity), i.unit)}</td></tr> })
                    .collect_view();
                view! {
                    <section class="card" id="scope">
                        <h2>{lang.t(T::FieldScope)}</h2>
                        <div class="table-wrap"><table class="items"><thead><tr><th>{lang.t(T::FieldItem)}</th><th class="num">{lang.t(T::FieldQuantity)}</th></tr></thead><tbody>{rows}</tbody></table></div>
                    </section>
                }
            })
        })
    };
    let handovers = move || {
        let lang = app.lang.get();
        app.read(&[Kind::Handover, Kind::Project], |crm| {
            let list = crm.handovers_of(id);
            (!list.is_empty()).then(|| {
                let items = list
                    .into_iter()
                    .map(|h| {
                        view! {
                            <li>
                                <a href=link(record_href(Kind::Handover, h.id))>{h.number.clone()}</a>" "
                                <span class=format!("badge handover-{}", h.result.code())>{lang.t(i18n::handover_result(h.result))}</span>" "
                                <small class="sub">{i18n::format_date(lang, h.date)}</small>
                            </li>
                        }
                    })
                    .collect_view();
                view! { <section class="card" id="project-handovers"><h2>{lang.t(T::NavHandovers)}</h2><ul class="plain">{items}</ul></section> }
            })
        })
    };
    view! {
        <Show when=move || exists.get() fallback=|| view! { <MissingRecord back="/projects" /> }>
            <div class="page detail-page project-page">
                {head}
                {log_buttons(Target::new(Kind::Project, id))}
                <MilestoneStrip id=id />
                <Milestones id=id />
                <Deliverables id=id />
                <Issues id=id />
                {details}
                {scope}
                {handovers}
                <AttachmentsCard kind=Kind::Project id=id />
                <Timeline id=id />
            </div>
        </Show>
        <Confirm open=confirm message=Signal::derive(move || app.t(T::ConfirmDeleteProject).to_string()) confirm_label=T::Delete on_confirm=delete.clone() />
    }
    .into_any()
}

/// The team as options of a select, `current` chosen.
fn member_options(crm: &Crm, lang: Lang, current: Option<Uuid>) -> impl IntoView {
    let team: Vec<(Uuid, String)> = crm.team().into_iter().map(|m| (m.id, m.name.clone())).collect();
    view! {
        <option value="" selected=current.is_none()>{lang.t(T::Nobody)}</option>
        {team.into_iter().map(|(mid, name)| view! { <option value=mid.to_string() selected=current == Some(mid)>{name}</option> }).collect_view()}
    }
}

/// The milestones by due date, each edited in place (name, due, owner,
/// done), and a line to add one: Enter in it adds.
#[component]
fn Milestones(id: Uuid) -> impl IntoView {
    let app = use_app();
    let name = RwSignal::new(String::new());
    let due = RwSignal::new(String::new());
    let add = move || {
        let n = name.get_untracked().trim().to_string();
        let Some(d) = parse_day(&due.get_untracked()) else {
            app.tell_refused(&[crate::model::FieldError::new("milestones.due", crate::model::Problem::NotDate)]);
            return;
        };
        let mid = web::fresh_id();
        edit_project(app, id, move |p| p.milestones.push(Milestone { id: mid, name: n, due: d, owner_id: None, done_on: None }));
        name.set(String::new());
    };
    let rows = move || {
        let lang = app.lang.get();
        let today = app.today();
        app.read(&[Kind::Project, Kind::TeamMember], |crm| {
            let p = crm.project(id)?;
            let rows = p
                .plan()
                .into_iter()
                .map(|m| {
                    let mid = m.id;
                    let overdue = m.is_overdue(today);
                    let label = m.name.clone();
                    view! {
                        <tr class="milestone" class:overdue=overdue class:done=m.done_on.is_some()>
                            <td><input type="text" class="milestone-name" aria-label=format!("{} {}", lang.t(T::Milestone), label) prop:value=m.name.clone()
                                on:change=move |ev| { let v = event_target_value(&ev); edit_project(app, id, move |p| p.milestones.iter_mut().filter(|m| m.id == mid).for_each(|m| m.name = v.trim().to_string())) } /></td>
                            <td><input type="date" class="milestone-due" aria-label=format!("{} {}", lang.t(T::FieldDue), label) prop:value=crate::model::time::format_date(m.due)
                                on:change=move |ev| if let Some(d) = parse_day(&event_target_value(&ev)) { edit_project(app, id, move |p| p.milestones.iter_mut().filter(|m| m.id == mid).for_each(|m| m.due = d)) } />
                                {overdue.then(|| view! { <span class="badge overdue">{lang.t(T::Overdue)}</span> })}</td>
                            <td><select aria-label=format!("{} {}", lang.t(T::FieldOwner), label) on:change=move |ev| { let o = Uuid::parse_str(&event_target_value(&ev)).ok(); edit_project(app, id, move |p| p.milestones.iter_mut().filter(|m| m.id == mid).for_each(|m| m.owner_id = o)) }>
                                {member_options(crm, lang, m.owner_id)}
                            </select></td>
                            <td><label class="inline"><input type="checkbox" class="milestone-done" prop:checked=m.done_on.is_some() on:change=move |ev| {
                                let done = event_target_checked(&ev);
                                let day = today;
                                edit_project(app, id, move |p| p.milestones.iter_mut().filter(|m| m.id == mid).for_each(|m| m.done_on = done.then_some(day)))
                            } />{m.done_on.map(|d| i18n::format_date(lang, d)).unwrap_or_else(|| lang.t(T::MarkDone).to_string())}</label></td>
                            <td><button type="button" class="link" aria-label=format!("{} {}", lang.t(T::Remove), label) on:click=move |_| edit_project(app, id, move |p| p.milestones.retain(|m| m.id != mid))>"×"</button></td>
                        </tr>
                    }
                })
                .collect_view();
            Some(view! {
                {p.milestones.is_empty().then(|| view! { <p class="muted">{lang.t(T::NoMilestones)}</p> })}
                <div class="table-wrap"><table class="plan" id="milestones">
                    <thead><tr><th>{lang.t(T::FieldName)}</th><th>{lang.t(T::FieldDue)}</th><th>{lang.t(T::FieldOwner)}</th><th>{lang.t(T::FieldDoneOn)}</th><th></th></tr></thead>
                    <tbody>{rows}</tbody>
                </table></div>
            })
        })
    };
    view! {
        <section class="card" id="milestones-card">
            <h2>{move || app.t(T::Milestones)}</h2>
            {rows}
            <form class="add-row" on:submit=move |ev| { ev.prevent_default(); add(); }>
                <input type="text" id="new-milestone-name" required aria-label=move || app.t(T::Milestone) placeholder=move || app.t(T::Milestone) prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
                <input type="date" id="new-milestone-due" required aria-label=move || app.t(T::FieldDue) prop:value=move || due.get() on:input=move |ev| due.set(event_target_value(&ev)) />
                <button type="submit" class="button small" id="add-milestone">{move || format!("+ {}", app.t(T::AddMilestone))}</button>
            </form>
        </section>
    }
}

/// The deliverables in their order (moved up and down with buttons), each
/// edited in place.
#[component]
fn Deliverables(id: Uuid) -> impl IntoView {
    let app = use_app();
    let what = RwSignal::new(String::new());
    let add = move || {
        let w = what.get_untracked().trim().to_string();
        let did = web::fresh_id();
        edit_project(app, id, move |p| p.deliverables.push(Deliverable { id: did, what: w, owner_id: None, state: DeliverableState::ToDo }));
        what.set(String::new());
    };
    let mv = move |did: Uuid, up: bool| {
        edit_project(app, id, move |p| {
            if let Some(i) = p.deliverables.iter().position(|d| d.id == did) {
                let j = if up { i.checked_sub(1) } else { Some(i + 1).filter(|j| *j < p.deliverables.len()) };
                if let Some(j) = j {
                    p.deliverables.swap(i, j);
                }
            }
        })
    };
    let rows = move || {
        let lang = app.lang.get();
        app.read(&[Kind::Project, Kind::TeamMember], |crm| {
            let p = crm.project(id)?;
            let n = p.deliverables.len();
            let rows = p
                .deliverables
                .iter()
                .enumerate()
                .map(|(i, d)| {
                    let did = d.id;
                    let label = d.what.clone();
                    view! {
                        <tr class="deliverable">
                            <td><input type="text" aria-label=format!("{} {}", lang.t(T::FieldWhat), label) prop:value=d.what.clone()
                                on:change=move |ev| { let v = event_target_value(&ev); edit_project(app, id, move |p| p.deliverables.iter_mut().filter(|d| d.id == did).for_each(|d| d.what = v.trim().to_string())) } /></td>
                            <td><select aria-label=format!("{} {}", lang.t(T::FieldOwner), label) on:change=move |ev| { let o = Uuid::parse_str(&event_target_value(&ev)).ok(); edit_project(app, id, move |p| p.deliverables.iter_mut().filter(|d| d.id == did).for_each(|d| d.owner_id = o)) }>
                                {member_options(crm, lang, d.owner_id)}
                            </select></td>
                            <td><select class="deliverable-state" aria-label=format!("{} {}", lang.t(T::FieldStatus), label) on:change=move |ev| {
                                if let Some(s) = DeliverableState::parse(&event_target_value(&ev)) { edit_project(app, id, move |p| p.deliverables.iter_mut().filter(|d| d.id == did).for_each(|d| d.state = s)) }
                            }>
                                {DeliverableState::ALL.iter().map(|s| view! { <option value=s.code() selected=*s == d.state>{lang.t(i18n::deliverable_state(*s))}</option> }).collect_view()}
                            </select></td>
                            <td class="order">
                                <button type="button" class="link" disabled=i == 0 aria-label=format!("↑ {label}") on:click=move |_| mv(did, true)>"↑"</button>
                                <button type="button" class="link" disabled=i + 1 == n aria-label=format!("↓ {label}") on:click=move |_| mv(did, false)>"↓"</button>
                                <button type="button" class="link" aria-label=format!("{} {}", lang.t(T::Remove), label) on:click=move |_| edit_project(app, id, move |p| p.deliverables.retain(|d| d.id != did))>"×"</button>
                            </td>
                        </tr>
                    }
                })
                .collect_view();
            Some(view! {
                {p.deliverables.is_empty().then(|| view! { <p class="muted">{lang.t(T::NoDeliverables)}</p> })}
                <div class="table-wrap"><table class="plan" id="deliverables">
                    <thead><tr><th>{lang.t(T::FieldWhat)}</th><th>{lang.t(T::FieldOwner)}</th><th>{lang.t(T::FieldStatus)}</th><th></th></tr></thead>
                    <tbody>{rows}</tbody>
                </table></div>
            })
        })
    };
    view! {
        <section class="card" id="deliverables-card">
            <h2>{move || app.t(T::Deliverables)}</h2>
            {rows}
            <form class="add-row" on:submit=move |ev| { ev.prevent_default(); add(); }>
                <input type="text" id="new-deliverable" required aria-label=move || app.t(T::FieldWhat) placeholder=move || app.t(T::FieldWhat) prop:value=move || what.get() on:input=move |ev| what.set(event_target_value(&ev)) />
                <button type="submit" class="button small" id="add-deliverable">{move || format!("+ {}", app.t(T::AddDeliverable))}</button>
            </form>
        </section>
    }
}

/// Issues and change requests raised during delivery, newest first.
#[component]
fn Issues(id: Uuid) -> impl IntoView {
    let app = use_app();
    let title = RwSignal::new(String::new());
    let kind = RwSignal::new(IssueKind::Issue);
    let add = move || {
        let t = title.get_untracked().trim().to_string();
        let k = kind.get_untracked();
        let xid = web::fresh_id();
        let day = app.today();
        edit_project(app, id, move |p| {
            p.issues.push(ProjectIssue {
                id: xid,
                title: t,
                kind: k,
                raised_by: None,
                raised_on: day,
                state: IssueState::Open,
                resolution: String::new(),
                effect: String::new(),
            })
        });
        title.set(String::new());
    };
    let rows = move || {
        let lang = app.lang.get();
        app.read(&[Kind::Project, Kind::Contact], |crm| {
            let p = crm.project(id)?;
            let people: Vec<(Uuid, String)> = crm.contacts_of(p.organization_id).into_iter().map(|c| (c.id, c.full_name())).collect();
            let mut issues: Vec<&ProjectIssue> = p.issues.iter().collect();
            issues.sort_by_key(|x| std::cmp::Reverse((x.raised_on, x.id)));
            let rows = issues
                .into_iter()
                .map(|x| {
                    let xid = x.id;
                    let label = x.title.clone();
                    let people = people.clone();
                    let set = move |f: Box<dyn Fn(&mut ProjectIssue) + Send + Sync>| edit_project(app, id, move |p| p.issues.iter_mut().filter(|x| x.id == xid).for_each(&f));
                    view! {
                        <tr class="project-issue">
                            <td>
                                <input type="text" aria-label=format!("{} {}", lang.t(T::FieldName), label) prop:value=x.title.clone() on:change=move |ev| { let v = event_target_value(&ev); set(Box::new(move |x| x.title = v.trim().to_string())) } />
                                <small class="sub">{format!("{} · {}", lang.t(i18n::issue_kind(x.kind)), i18n::format_date(lang, x.raised_on))}</small>
                            </td>
                            <td><select aria-label=format!("{} {}", lang.t(T::FieldRaisedBy), label) on:change=move |ev| { let c = Uuid::parse_str(&event_target_value(&ev)).ok(); set(Box::new(move |x| x.raised_by = c)) }>
                                <option value="" selected=x.raised_by.is_none()>{lang.t(T::Nobody)}</option>
                                {people.into_iter().map(|(cid, n)| view! { <option value=cid.to_string() selected=x.raised_by == Some(cid)>{n}</option> }).collect_view()}
                            </select></td>
                            <td><select class="issue-state" aria-label=format!("{} {}", lang.t(T::FieldStatus), label) on:change=move |ev| {
                                if let Some(s) = IssueState::parse(&event_target_value(&ev)) { set(Box::new(move |x| x.state = s)) }
                            }>
                                {IssueState::ALL.iter().map(|s| view! { <option value=s.code() selected=*s == x.state>{lang.t(i18n::issue_state(*s))}</option> }).collect_view()}
                            </select></td>
                            <td><input type="text" aria-label=format!("{} {}", lang.t(T::FieldResolution), label) placeholder=lang.t(T::FieldResolution) prop:value=x.resolution.clone() on:change=move |ev| { let v = event_target_value(&ev); set(Box::new(move |x| x.resolution = v.trim().to_string())) } /></td>
                            <td><input type="text" aria-label=format!("{} {}", lang.t(T::FieldEffect), label) placeholder=lang.t(T::FieldEffect) prop:value=x.effect.clone() on:change=move |ev| { let v = event_target_value(&ev); set(Box::new(move |x| x.effect = v.trim().to_string())) } /></td>
                        </tr>
                    }
                })
                .collect_view();
            Some(view! {
                {p.issues.is_empty().then(|| view! { <p class="muted">{lang.t(T::NoProjectIssues)}</p> })}
                <div class="table-wrap"><table class="plan" id="project-issues">
                    <thead><tr><th>{lang.t(T::FieldName)}</th><th>{lang.t(T::FieldRaisedBy)}</th><th>{lang.t(T::FieldStatus)}</th><th>{lang.t(T::FieldResolution)}</th><th>{lang.t(T::FieldEffect)}</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table></div>
            })
        })
    };
    view! {
        <section class="card" id="issues-card">
            <h2>{move || app.t(T::ProjectIssues)}</h2>
            {rows}
            <form class="add-row" on:submit=move |ev| { ev.prevent_default(); add(); }>
                <input type="text" id="new-issue" required aria-label=move || app.t(T::FieldName) placeholder=move || app.t(T::FieldName) prop:value=move || title.get() on:input=move |ev| title.set(event_target_value(&ev)) />
                <select id="new-issue-kind" aria-label=move || app.t(T::FieldContractKind) on:change=move |ev| if let Some(k) = IssueKind::parse(&event_target_value(&ev)) { kind.set(k) }>
                    {IssueKind::ALL.iter().map(|k| view! { <option value=k.code() selected=move || kind.get() == *k>{move || app.t(i18n::issue_kind(*k))}</option> }).collect_view()}
                </select>
                <button type="submit" class="button small" id="add-issue">{move || format!("+ {}", app.t(T::AddProjectIssue))}</button>
            </form>
        </section>
    }
}

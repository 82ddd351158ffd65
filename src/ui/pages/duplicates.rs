//! Likely duplicates of a kind (contacts, organizations, leads, products),
//! grouped with their score and reasons, and merging a group: keep one
//! record, pick each differing field's value, everything else joins it.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use uuid::Uuid;

use crate::i18n::{self, T};
use crate::model::ops::duplicates::{fields_of, merge_fields, Group, MergePlan, KINDS};
use crate::model::Kind;
use crate::ui::routes::link;
use crate::ui::routes::{duplicates_href, record_href};
use crate::ui::state::use_app;
use crate::ui::widgets::history::value_text;

/// Groups shown at once: the most likely come first.
const SHOWN_GROUPS: usize = 200;

/// A coded value (a role, a lead's status) in words.
fn coded(lang: crate::i18n::Lang, kind: Kind, field: &str, v: &serde_json::Value) -> Option<String> {
    use crate::model::lead::{LeadSource, LeadStatus};
    let code = v.as_str()?;
    Some(match (kind, field) {
        (Kind::Contact, "role") => lang.t(i18n::role(crate::model::Role::parse(code)?)).to_string(),
        (Kind::Lead, "status") => lang.t(i18n::lead_status(LeadStatus::parse(code)?)).to_string(),
        (Kind::Lead, "source") => lang.t(i18n::lead_source(LeadSource::parse(code)?)).to_string(),
        _ => return None,
    })
}

#[component]
pub fn DuplicatesPage() -> impl IntoView {
    let params = use_params_map();
    let kind = move || params.with(|p| p.get("kind").and_then(|k| Kind::parse(&k))).filter(|k| KINDS.contains(k));
    view! {
        {move || match kind() {
            Some(k) => view! { <Duplicates kind=k /> }.into_any(),
            None => view! { <crate::ui::pages::not_found::NotFound /> }.into_any(),
        }}
    }
}

#[component]
fn Duplicates(kind: Kind) -> impl IntoView {
    let app = use_app();
    let groups = Memo::new(move |_| app.read_all(|crm| crm.duplicates(kind)));
    let merging: RwSignal<Option<Vec<Uuid>>> = RwSignal::new(None);
    view! {
        <div class="page duplicates-page">
            <header class="page-head">
                <h1>{move || app.t(T::Duplicates)}</h1>
            </header>
            <nav class="tabs" aria-label=move || app.t(T::Duplicates)>
                {KINDS.iter().map(|&k| {
                    let label = i18n::kind_list(k);
                    view! { <a href=link(duplicates_href(k)) class:active=k == kind aria-current=(k == kind).then_some("page")>{move || app.t(label)}</a> }
                }).collect_view()}
            </nav>
            <p class="hint">{move || app.t(T::DuplicatesHint)}</p>
            {move || {
                let lang = app.lang.get();
                let all = groups.get();
                if all.is_empty() {
                    return view! { <p class="empty" id="no-duplicates">{lang.t(T::NoDuplicates)}</p> }.into_any();
                }
                let count = all.len();
                view! {
                    <p class="result-count">{format!("{} {count}", lang.t(T::DuplicateGroups))}</p>
                    <ul class="duplicate-groups">
                        {all.into_iter().take(SHOWN_GROUPS).map(|g| group_view(kind, g, merging)).collect_view()}
                    </ul>
                }
                .into_any()
            }}
            {move || merging.get().map(|ids| view! { <MergeDialog kind ids merging /> })}
        </div>
    }
}

fn group_view(kind: Kind, g: Group, merging: RwSignal<Option<Vec<Uuid>>>) -> impl IntoView {
    let app = use_app();
    let lang = app.lang.get_untracked();
    let reasons = g.reasons.iter().map(|r| lang.t(i18n::duplicate_reason(*r))).collect::<Vec<_>>().join(", ");
    let rows = app.read_untracked(|crm| {
        g.ids
            .iter()
            .map(|id| {
                let detail = match kind {
                    Kind::Contact => crm.contact(*id).map(|c| {
                        let org = c.organization_id.map(|o| crm.label_of(o)).unwrap_or_default();
                        [c.primary_email().unwrap_or(""), c.primary_phone().unwrap_or(""), org.as_str()]
                            .iter()
                            .filter(|s| !s.is_empty())
                            .copied()
                            .collect::<Vec<_>>()
                            .join(" · ")
                    }),
                    Kind::Organization => crm.organization(*id).map(|o| {
                        [o.ico.as_str(), o.email.as_str(), o.phone.as_str()].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join(" · ")
                    }),
                    Kind::Lead => crm.lead(*id).map(|l| {
                        [l.company.as_str(), l.email.as_str(), l.phone.as_str()]
                            .iter()
                            .filter(|s| !s.is_empty())
                            .copied()
                            .collect::<Vec<_>>()
                            .join(" · ")
                    }),
                    Kind::Product => crm.product(*id).map(|p| p.code.clone()),
                    _ => None,
                }
                .unwrap_or_default();
                (*id, crm.label_of(*id), detail)
            })
            .collect::<Vec<_>>()
    });
    let ids = g.ids.clone();
    view! {
        <li class="duplicate-group">
            <div class="group-head">
                <span class=format!("score {}", if g.score >= 70 { "priority-high" } else if g.score >= 50 { "priority-medium" } else { "priority-low" })><strong>{g.score}</strong></span>
                <span class="reasons">{reasons}</span>
                <button type="button" class="button" on:click=move |_| merging.set(Some(ids.clone()))>{lang.t(T::MergeEllipsis)}</button>
            </div>
            <ul class="group-records">
                {rows.into_iter().map(|(id, name, detail)| view! {
                    <li><a href=link(record_href(kind, id))>{name}</a>" "<span class="sub">{detail}</span></li>
                }).collect_view()}
            </ul>
        </li>
    }
}

#[component]
fn MergeDialog(kind: Kind, ids: Vec<Uuid>, merging: RwSignal<Option<Vec<Uuid>>>) -> impl IntoView {
    let app = use_app();
    let survivor = RwSignal::new(ids[0]);
    let picks: RwSignal<Vec<(String, Uuid)>> = RwSignal::new(Vec::new());
    let running = RwSignal::new(false);
    let ids = StoredValue::new(ids);
    // Each record's fields once; only the fields whose values differ are offered.
    let table = app.read_untracked(|crm| {
        let records: Vec<(Uuid, serde_json::Map<String, serde_json::Value>)> =
            ids.get_value().iter().filter_map(|id| crm.get(kind, *id).map(|r| (*id, fields_of(&r)))).collect();
        let empty = app.t(T::Empty);
        merge_fields(kind)
            .iter()
            .filter(|f| records.windows(2).any(|w| w[0].1.get(**f) != w[1].1.get(**f)))
            .map(|f| {
                let lang = app.lang.get_untracked();
                let cells: Vec<(Uuid, String)> = records
                    .iter()
                    .map(|(id, r)| {
                        let text = r
                            .get(*f)
                            .map(|v| coded(lang, kind, f, v).unwrap_or_else(|| value_text(crm, v, empty)))
                            .unwrap_or_else(|| empty.to_string());
                        (*id, text)
                    })
                    .collect();
                (f.to_string(), cells)
            })
            .collect::<Vec<_>>()
    });
    let chosen = move |field: &str, id: Uuid| {
        let s = survivor.get();
        picks.with(|p| p.iter().find(|(f, _)| f == field).map(|(_, x)| *x)).unwrap_or(s) == id
    };
    let merge = move |_| {
        if running.get_untracked() {
            return;
        }
        running.set(true);
        let s = survivor.get_untracked();
        let plan = MergePlan { survivor: s, others: ids.get_value().into_iter().filter(|id| *id != s).collect(), picks: picks.get_untracked() };
        leptos::task::spawn_local(async move {
            let lang = app.lang.get_untracked();
            let undo = std::rc::Rc::new(std::cell::RefCell::new(None));
            let keep = undo.clone();
            let result = app
                .commit(move |crm, ctx| {
                    let changes = crm.merge(kind, &plan, ctx)?;
                    *keep.borrow_mut() = Some(crm.undo_of(&changes));
                    Ok(changes)
                })
                .await;
            running.set(false);
            match result {
                Ok(_) => {
                    app.info_with_undo(lang.t(T::Merged), undo.borrow_mut().take().unwrap_or_default());
                    merging.set(None);
                }
                Err(e) => app.tell_refused(&e.refused()),
            }
        });
    };
    let names: Vec<(Uuid, String)> = app.read_untracked(|crm| ids.get_value().iter().map(|id| (*id, crm.label_of(*id))).collect());
    view! {
        <div class="modal-backdrop" on:click=move |_| merging.set(None)>
            <div class="modal merge-dialog" role="dialog" aria-modal="true" aria-labelledby="merge-title" on:click=|ev| ev.stop_propagation()>
                <h2 id="merge-title">{move || app.t(T::MergeRecords)}</h2>
                <p class="hint">{move || app.t(T::MergeHint)}</p>
                <div class="scroll-x">
                    <table class="merge">
                        <thead>
                            <tr>
                                <th>{move || app.t(T::KeepRecord)}</th>
                                {names.iter().cloned().map(|(id, name)| view! {
                                    <th>
                                        <label class="radio">
                                            <input type="radio" name="survivor" value=id.to_string() prop:checked=move || survivor.get() == id on:change=move |_| {
                                                survivor.set(id);
                                                picks.set(Vec::new());
                                            } />
                                            {name}
                                        </label>
                                    </th>
                                }).collect_view()}
                            </tr>
                        </thead>
                        <tbody>
                            {table.into_iter().map(|(field, cells)| {
                                let label = i18n::field(app.lang.get_untracked(), &field);
                                let name = format!("pick-{field}");
                                view! {
                                    <tr>
                                        <th>{label}</th>
                                        {cells.into_iter().map(|(id, text)| {
                                            let (f1, f2) = (field.clone(), field.clone());
                                            let name = name.clone();
                                            view! {
                                                <td>
                                                    <label class="radio">
                                                        <input type="radio" name=name value=id.to_string() prop:checked=move || chosen(&f1, id) on:change=move |_| picks.update(|p| {
                                                            p.retain(|(f, _)| *f != f2);
                                                            p.push((f2.clone(), id));
                                                        }) />
                                                        {text}
                                                    </label>
                                                </td>
                                            }
                                        }).collect_view()}
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
                <div class="actions">
                    <button type="button" class="button" on:click=move |_| merging.set(None)>{move || app.t(T::Cancel)}</button>
                    <button type="button" class="button primary" id="merge-confirm" on:click=merge prop:disabled=move || running.get()>{move || app.t(T::Merge)}</button>
                </div>
            </div>
        </div>
    }
}

//! Row selection on a list (click a row's box, shift-click for a range,
//! the header's box for every row the search matches) and the bar of what
//! can be done to the selection: set a field, add or remove a tag, delete,
//! export. A change is one action with an "Undo" in its notice.

use std::collections::HashSet;

use leptos::prelude::*;
use uuid::Uuid;

use crate::i18n::{self, T};
use crate::model::contract::SlaPriority;
use crate::model::lead::LeadStatus;
use crate::model::ops::bulk::BulkEdit;
use crate::model::ticket::TicketStatus;
use crate::model::{Kind, Role};
use crate::ui::csv_export::CsvExport;
use crate::ui::state::use_app;
use crate::ui::widgets::confirm::Confirm;

#[derive(Clone, Copy)]
pub struct Selection {
    ids: RwSignal<HashSet<Uuid>>,
    /// The last row clicked without shift: a range starts there.
    anchor: RwSignal<Option<Uuid>>,
    visible: Memo<crate::ui::widgets::list::Ids>,
}

impl Selection {
    pub fn new(visible: Memo<crate::ui::widgets::list::Ids>) -> Selection {
        let s = Selection { ids: RwSignal::new(HashSet::new()), anchor: RwSignal::new(None), visible };
        // Rows a new search hides leave the selection: an action only
        // ever touches rows the user can see selected.
        Effect::new(move |_| {
            visible.with(|v| {
                if s.ids.with_untracked(|ids| !ids.is_empty()) {
                    let shown: HashSet<Uuid> = v.iter().copied().collect();
                    s.ids.update(|ids| ids.retain(|id| shown.contains(id)));
                }
            })
        });
        s
    }

    pub fn is_selected(&self, id: Uuid) -> bool {
        self.ids.with(|ids| ids.contains(&id))
    }

    pub fn count(&self) -> usize {
        self.ids.with(HashSet::len)
    }

    /// A click on a row's box; with shift, every row from the last one
    /// clicked takes this one's new state.
    pub fn click(&self, id: Uuid, shift: bool) {
        let on = !self.ids.with_untracked(|ids| ids.contains(&id));
        let range = shift
            .then(|| self.anchor.get_untracked())
            .flatten()
            .and_then(|a| self.visible.with_untracked(|v| Some((v.iter().position(|x| *x == a)?, v.iter().position(|x| *x == id)?))));
        self.ids.update(|ids| {
            let mut set = |id: Uuid| {
                if on {
                    ids.insert(id);
                } else {
                    ids.remove(&id);
                }
            };
            match range {
                Some((a, b)) => self.visible.with_untracked(|v| v[a.min(b)..=a.max(b)].iter().copied().for_each(&mut set)),
                None => set(id),
            }
        });
        if !shift {
            self.anchor.set(Some(id));
        }
    }

    pub fn all_selected(&self) -> bool {
        let n = self.count();
        n > 0 && n == self.visible.with(|ids| ids.len())
    }

    pub fn toggle_all(&self) {
        if self.all_selected() {
            self.clear();
        } else {
            self.ids.set(self.visible.with_untracked(|v| v.iter().copied().collect()));
        }
    }

    pub fn clear(&self) {
        self.ids.set(HashSet::new());
        self.anchor.set(None);
    }

    /// The selected ids in the list's order.
    pub fn in_order(&self) -> Vec<Uuid> {
        self.ids.with_untracked(|ids| self.visible.with_untracked(|v| v.iter().copied().filter(|id| ids.contains(id)).collect()))
    }
}

/// A row's box.
pub fn row_box(sel: Selection, id: Uuid) -> impl IntoView {
    let app = use_app();
    view! {
        <span class="pick" role="cell">
            <label>
                <input
                    type="checkbox"
                    aria-label=move || app.t(T::SelectRow)
                    prop:checked=move || sel.is_selected(id)
                    on:click=move |ev| sel.click(id, ev.shift_key())
                />
            </label>
        </span>
    }
}

/// The header's box: every row the search matches, or none.
pub fn all_box(sel: Selection) -> impl IntoView {
    let app = use_app();
    view! {
        <span class="pick" role="columnheader">
            <label>
                <input type="checkbox" id="select-all" aria-label=move || app.t(T::SelectAll) prop:checked=move || sel.all_selected() on:click=move |_| sel.toggle_all() />
            </label>
        </span>
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Op {
    Owner,
    Role,
    Status,
    Stage,
    Priority,
    AddTag,
    RemoveTag,
    Delete,
}

impl Op {
    fn code(self) -> &'static str {
        match self {
            Op::Owner => "owner",
            Op::Role => "role",
            Op::Status => "status",
            Op::Stage => "stage",
            Op::Priority => "priority",
            Op::AddTag => "add_tag",
            Op::RemoveTag => "remove_tag",
            Op::Delete => "delete",
        }
    }

    fn label(self, kind: Kind) -> T {
        match self {
            // A ticket is assigned, not owned.
            Op::Owner if kind == Kind::Ticket => T::Assign,
            Op::Owner => T::SetOwner,
            Op::Role => T::SetRole,
            Op::Status => T::SetStatus,
            Op::Stage => T::SetStage,
            Op::Priority => T::SetPriority,
            Op::AddTag => T::AddTag,
            Op::RemoveTag => T::RemoveTag,
            Op::Delete => T::Delete,
        }
    }

    /// What can be done to a selection of `kind`.
    fn of(kind: Kind) -> Vec<Op> {
        let mut ops = Vec::new();
        if kind != Kind::Product {
            ops.push(Op::Owner);
        }
        match kind {
            Kind::Contact => ops.push(Op::Role),
            Kind::Lead => ops.push(Op::Status),
            Kind::Opportunity => ops.push(Op::Stage),
            Kind::Ticket => ops.extend([Op::Status, Op::Priority]),
            _ => {}
        }
        ops.extend([Op::AddTag, Op::RemoveTag, Op::Delete]);
        ops
    }
}

/// The bar shown while rows are selected.
#[component]
pub fn BulkBar(kind: Kind, sel: Selection, csv: Option<CsvExport>) -> impl IntoView {
    let app = use_app();
    let ops = StoredValue::new(Op::of(kind));
    let op = RwSignal::new(None::<Op>);
    let value = RwSignal::new(String::new());
    let confirm = RwSignal::new(false);
    let running = RwSignal::new(false);

    let run = move |edit: BulkEdit| {
        if running.get_untracked() {
            return;
        }
        running.set(true);
        let ids = sel.in_order();
        let defaults = app.default_stages();
        leptos::task::spawn_local(async move {
            let lang = app.lang.get_untracked();
            let undo = std::rc::Rc::new(std::cell::RefCell::new(None));
            let keep = undo.clone();
            let n = ids.len();
            let result = app
                .commit(move |crm, ctx| {
                    let changes = crm.bulk(kind, &ids, &edit, &defaults, ctx)?;
                    *keep.borrow_mut() = Some(crm.undo_of(&changes));
                    Ok(changes)
                })
                .await;
            running.set(false);
            match result {
                Ok(changes) if changes.is_empty() => app.info(lang.t(T::NothingChanged)),
                Ok(_) => {
                    let u = undo.borrow_mut().take().unwrap_or_default();
                    app.info_with_undo(format!("{}: {}", lang.t(T::BulkDone), u.count.max(1).min(n)), u);
                    sel.clear();
                    op.set(None);
                    value.set(String::new());
                }
                Err(e) => app.tell_refused(&e.refused()),
            }
        });
    };

    let apply = move |_| {
        let v = value.get_untracked();
        let edit = match op.get_untracked() {
            Some(Op::Owner) => BulkEdit::Owner(Uuid::parse_str(&v).ok()),
            Some(Op::Role) => match Role::parse(&v) {
                Some(r) => BulkEdit::Role(r),
                None => return,
            },
            Some(Op::Status) if kind == Kind::Ticket => match TicketStatus::parse(&v) {
                Some(s) => BulkEdit::TicketStatus(s),
                None => return,
            },
            Some(Op::Status) => match LeadStatus::parse(&v) {
                Some(s) => BulkEdit::LeadStatus(s),
                None => return,
            },
            Some(Op::Priority) => match SlaPriority::parse(&v) {
                Some(p) => BulkEdit::TicketPriority(p),
                None => return,
            },
            Some(Op::Stage) => match Uuid::parse_str(&v) {
                Ok(s) => BulkEdit::Stage(s),
                Err(_) => return,
            },
            Some(Op::AddTag) if !v.trim().is_empty() => BulkEdit::AddTag(v.trim().to_string()),
            Some(Op::RemoveTag) if !v.trim().is_empty() => BulkEdit::RemoveTag(v.trim().to_string()),
            Some(Op::Delete) => return confirm.set(true),
            _ => return,
        };
        run(edit);
    };

    let value_input = move || {
        let lang = app.lang.get();
        match op.get() {
            Some(Op::Owner) => {
                let members: Vec<(String, String)> = app.read_all(|crm| crm.team().iter().map(|m| (m.id.to_string(), m.name.clone())).collect());
                view! {
                    <select id="bulk-value" aria-label=lang.t(T::FieldOwner) on:change=move |ev| value.set(event_target_value(&ev))>
                        <option value="" selected=true>{lang.t(T::NoOwner)}</option>
                        {members.into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
                    </select>
                }
                .into_any()
            }
            Some(Op::Role) => view! {
                <select id="bulk-value" aria-label=lang.t(T::FieldRole) on:change=move |ev| value.set(event_target_value(&ev))>
                    <option value="">"—"</option>
                    {Role::ALL.iter().map(|r| view! { <option value=r.as_str()>{lang.t(i18n::role(*r))}</option> }).collect_view()}
                </select>
            }
            .into_any(),
            Some(Op::Status) if kind == Kind::Ticket => view! {
                <select id="bulk-value" aria-label=lang.t(T::FieldStatus) on:change=move |ev| value.set(event_target_value(&ev))>
                    <option value="">"—"</option>
                    {TicketStatus::ALL.iter().map(|s| view! { <option value=s.code()>{lang.t(i18n::ticket_status(*s))}</option> }).collect_view()}
                </select>
            }
            .into_any(),
            Some(Op::Priority) => view! {
                <select id="bulk-value" aria-label=lang.t(T::FieldPriority) on:change=move |ev| value.set(event_target_value(&ev))>
                    <option value="">"—"</option>
                    {SlaPriority::ALL.iter().map(|p| view! { <option value=p.code()>{lang.t(i18n::sla_priority(*p))}</option> }).collect_view()}
                </select>
            }
            .into_any(),
            Some(Op::Status) => view! {
                <select id="bulk-value" aria-label=lang.t(T::FieldStatus) on:change=move |ev| value.set(event_target_value(&ev))>
                    <option value="">"—"</option>
                    {LeadStatus::ALL.iter().filter(|s| **s != LeadStatus::Converted).map(|s| view! { <option value=s.code()>{lang.t(i18n::lead_status(*s))}</option> }).collect_view()}
                </select>
            }
            .into_any(),
            Some(Op::Stage) => {
                let stages = app.pipeline();
                view! {
                    <select id="bulk-value" aria-label=lang.t(T::Stage) on:change=move |ev| value.set(event_target_value(&ev))>
                        <option value="">"—"</option>
                        {stages.into_iter().map(|s| view! { <option value=s.id.to_string()>{s.name}</option> }).collect_view()}
                    </select>
                }
                .into_any()
            }
            Some(Op::AddTag) | Some(Op::RemoveTag) => view! {
                <input type="text" id="bulk-value" maxlength="50" aria-label=lang.t(T::FieldTags) placeholder=lang.t(T::TagName)
                    prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev)) />
            }
            .into_any(),
            _ => ().into_any(),
        }
    };

    let export_csv = move |_| {
        let Some(csv) = csv else { return };
        let lang = app.lang.get_untracked();
        let ids = sel.in_order();
        let rows = app.read_untracked(|crm| (csv.rows)(crm, lang, &ids));
        if let Err(e) = crate::ui::csv_export::download(lang, csv.name, &rows) {
            app.error(format!("{}: {e}", lang.t(T::ExportFailed)));
        }
    };
    let export_bundle = move |_| {
        let lang = app.lang.get_untracked();
        let ids = sel.in_order();
        let now = crate::web::now();
        let text = app.read_untracked(|crm| crate::bundle::export(&crm.subset(&ids), now));
        let day = i18n::local_date(now, crate::web::offset_at(now));
        let name = format!("vizitka-selection-{}.json", crate::model::time::format_date(day));
        if let Err(e) = crate::web::download(&name, "application/json", text.as_bytes()) {
            app.error(format!("{}: {e}", lang.t(T::ExportFailed)));
        }
    };

    view! {
        <Show when=move || sel.count() != 0>
            <div class="bulk-bar" id="bulk-bar" role="toolbar" aria-label=move || app.t(T::Selection)>
                <strong class="bulk-count">{move || crate::i18n::count(app.lang.get(), sel.count() as i64, crate::i18n::Noun::Selected)}</strong>
                <select id="bulk-action" aria-label=move || app.t(T::BulkAction) on:change=move |ev| {
                    let code = event_target_value(&ev);
                    value.set(String::new());
                    op.set(ops.with_value(|ops| ops.iter().copied().find(|o| o.code() == code)));
                }>
                    <option value="" selected=move || op.get().is_none()>{move || app.t(T::BulkAction)}</option>
                    {ops.get_value().into_iter().map(|o| view! { <option value=o.code() selected=move || op.get() == Some(o)>{move || app.t(o.label(kind))}</option> }).collect_view()}
                </select>
                {value_input}
                <button type="button" class="button primary" id="bulk-apply" on:click=apply prop:disabled=move || running.get() || op.get().is_none()>
                    {move || app.t(T::Apply)}
                </button>
                <span class="bulk-exports">
                    {csv.map(|_| view! { <button type="button" class="button" id="bulk-export-csv" on:click=export_csv>"CSV"</button> })}
                    {(kind == Kind::Contact).then(|| view! {
                        <button type="button" class="button" id="bulk-export-vcard" on:click=move |_| crate::ui::csv_export::download_vcards(app, &sel.in_order())>"vCard"</button>
                    })}
                    <button type="button" class="button" id="bulk-export-bundle" on:click=export_bundle>{move || app.t(T::Bundle)}</button>
                </span>
                <button type="button" class="link" id="bulk-clear" on:click=move |_| sel.clear()>{move || app.t(T::ClearSelection)}</button>
            </div>
        </Show>
        <Confirm
            open=confirm
            message=Signal::derive(move || format!("{} ({})", app.t(T::ConfirmBulkDelete), sel.count()))
            confirm_label=T::Delete
            on_confirm=move || run(BulkEdit::Delete)
        />
    }
}

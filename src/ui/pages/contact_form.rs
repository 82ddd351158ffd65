//! Create or edit a contact.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use crate::i18n::{self, T};
use crate::model::time;
use crate::model::validate::parse_tags;
use crate::model::Kind;
use crate::model::{Contact, DateKind, FieldError, ImportantDate, Problem, Role};
use crate::ui::routes::{from_id, record_href};
use crate::ui::state::use_app;
use crate::ui::widgets::duplicate_warning::duplicate_warning;
use crate::ui::widgets::fields::tags_field;
use crate::ui::widgets::form::{edit_page, labelled_rows, lens, Form};
use crate::ui::widgets::org_picker::OrgPicker;
use crate::web;

#[derive(Debug, Clone, PartialEq)]
struct DateRow {
    kind: DateKind,
    label: String,
    date: String,
}

#[component]
pub fn ContactNew() -> impl IntoView {
    let org = from_id(Kind::Organization);
    let mut c = Contact::new(web::fresh_id(), web::now());
    c.organization_id = org;
    c.owner_id = use_app().me.get_untracked();
    view! { <ContactForm contact=c is_new=true /> }
}

#[component]
pub fn ContactEdit() -> impl IntoView {
    edit_page("/contacts", |c, id| c.contact(id).cloned(), |c| view! { <ContactForm contact=c is_new=false /> }.into_any())
}

#[component]
fn ContactForm(contact: Contact, is_new: bool) -> impl IntoView {
    let app = use_app();
    let id = contact.id;
    let was_primary = app.read_untracked(|c| c.is_primary(&contact));
    let org = RwSignal::new(contact.organization_id);
    let primary = RwSignal::new(was_primary);
    let tags = RwSignal::new(contact.tags.join(", "));
    let dates = RwSignal::new(
        contact.important_dates.iter().map(|d| DateRow { kind: d.kind, label: d.label.clone(), date: time::format_date(d.date) }).collect::<Vec<_>>(),
    );
    let form = Form::new(contact);
    let Form { draft, errors, saving, .. } = form;
    let navigate = use_navigate();

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        let mut c = draft.get_untracked();
        c.organization_id = org.get_untracked();
        c.tags = parse_tags(&tags.get_untracked());
        for s in [&mut c.title, &mut c.first_name, &mut c.last_name, &mut c.position, &mut c.linkedin] {
            *s = s.trim().to_string();
        }
        c.emails.retain(|e| !e.address.trim().is_empty());
        c.emails.iter_mut().for_each(|e| e.address = e.address.trim().to_string());
        c.phones.retain(|p| !p.number.trim().is_empty());
        c.phones.iter_mut().for_each(|p| p.number = p.number.trim().to_string());
        let mut date_errors = Vec::new();
        c.important_dates = dates
            .get_untracked()
            .into_iter()
            .enumerate()
            .filter_map(|(i, r)| match time::parse_date(r.date.trim()) {
                Some(date) => Some(ImportantDate { kind: r.kind, label: r.label.trim().to_string(), date }),
                None => {
                    let problem = if r.date.trim().is_empty() { Problem::Required } else { Problem::NotDate };
                    date_errors.push(FieldError::new(format!("important_dates[{i}]"), problem));
                    None
                }
            })
            .collect();
        let is_primary = primary.get_untracked() && c.organization_id.is_some();
        let navigate = navigate.clone();
        saving.set(true);
        leptos::task::spawn_local(async move {
            let result = app
                .commit(form.checked(move |crm, ctx| {
                    let mut all = date_errors;
                    match crm.save_contact(c, is_primary, ctx) {
                        Ok(changes) if all.is_empty() => Ok(changes),
                        Ok(_) => Err(all),
                        Err(mut e) => {
                            all.append(&mut e);
                            Err(all)
                        }
                    }
                }))
                .await;
            saving.set(false);
            match result {
                Ok(changes) => {
                    let lang = app.lang.get_untracked();
                    app.info(lang.t(if changes.is_empty() { T::NothingChanged } else { T::Saved }));
                    navigate(&record_href(Kind::Contact, id), NavigateOptions { replace: is_new, ..Default::default() });
                }
                Err(e) => errors.set(e.refused()),
            }
        });
    };

    let title = move || app.t(if is_new { T::NewContact } else { T::EditContact });
    let cancel_href = if is_new { "/contacts".to_string() } else { record_href(Kind::Contact, id) };

    view! {
        <form class="page form-page" on:submit=save novalidate>
            <header class="page-head">
                <h1>{title}</h1>
            </header>
            {form.summary()}
            {duplicate_warning(Kind::Contact, is_new, draft, crate::model::Rec::Contact)}
            <section class="card">
                <div class="grid">
                    {form.text(T::FieldTitle, lens!(title))}
                    {form.text(T::FieldFirstName, lens!(first_name))}
                    {form.text(T::FieldLastName, lens!(last_name))}
                    {form.text(T::FieldPosition, lens!(position))}
                </div>
            </section>
            <section class="card">
                <div class="grid">
                    <div class="field">
                        <label for="f-organization_id">{move || app.t(T::FieldOrganization)}</label>
                        <OrgPicker value=org />
                        {form.error("organization_id")}
                        <Show when=move || org.get().is_none()>
                            <p class="hint">{move || app.t(T::NoOrganizationHint)}</p>
                        </Show>
                    </div>
                    <div class="field">
                        <label for="f-role">{move || app.t(T::FieldRole)}</label>
                        <select id="f-role" on:change=move |ev| {
                            let v = event_target_value(&ev);
                            draft.update(|d| d.role = Role::parse(&v).unwrap_or_default());
                        }>
                            {Role::ALL.into_iter().map(|r| view! {
                                <option value=r.as_str() selected=move || draft.with(|d| d.role == r)>{move || app.lang.get().t(i18n::role(r))}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <div class="field check">
                        <label>
                            <input
                                type="checkbox"
                                id="f-primary"
                                prop:checked=move || primary.get()
                                prop:disabled=move || org.get().is_none()
                                on:change=move |ev| primary.set(event_target_checked(&ev))
                            />
                            " "{move || app.t(T::IsPrimaryContact)}
                        </label>
                    </div>
                </div>
            </section>
            <section class="card">
                <h2>{move || app.t(T::FieldEmails)}</h2>
                <p class="hint">{move || app.t(T::PrimaryEmailHint)}</p>
                {labelled_rows(form, lens!(emails), T::FieldEmail, "email", T::AddEmail)}
                <h2>{move || app.t(T::FieldPhones)}</h2>
                {labelled_rows(form, lens!(phones), T::FieldPhone, "tel", T::AddPhone)}
                <div class="grid">
                    {form.input(T::FieldLinkedIn, "url", lens!(linkedin))}
                    {form.text(T::FieldPreferredCallTime, lens!(preferred_call_time))}
                </div>
                {form.area(T::FieldCommunicationStyle, lens!(communication_style))}
            </section>
            <section class="card">
                <h2>{move || app.t(T::FieldImportantDates)}</h2>
                {important_dates(dates, errors)}
            </section>
            <section class="card">
                <div class="grid">
                    {form.member(T::FieldOwner, lens!(owner_id))}
                    {tags_field(tags, errors)}
                </div>
                {form.area(T::FieldNotes, lens!(notes))}
            </section>
            {form.actions(cancel_href)}
        </form>
    }
}

/// A contact's important dates as rows: a kind, a label and a date each,
/// with its problem; rows are added and removed.
fn important_dates(dates: RwSignal<Vec<DateRow>>, errors: RwSignal<Vec<FieldError>>) -> impl IntoView {
    let app = use_app();
    let n_dates = Memo::new(move |_| dates.with(Vec::len));
    let rows = move || {
        (0..n_dates.get())
            .map(|i| {
                let err = move || {
                    errors.with(|l| {
                        l.iter()
                            .find(|e| e.field == format!("important_dates[{i}]") || e.field == format!("important_dates[{i}].label"))
                            .map(|e| e.problem.clone())
                    })
                };
                view! {
                    <li class="multi-row" class:invalid=move || err().is_some()>
                        <select
                            aria-label=move || format!("{} {}", app.t(T::FieldImportantDates), i + 1)
                            on:change=move |ev| {
                                let v = event_target_value(&ev);
                                dates.update(|d| d[i].kind = DateKind::parse(&v).unwrap_or_default());
                            }
                        >
                            {DateKind::ALL.into_iter().map(|k| view! {
                                <option value=k.as_str() selected=move || dates.with(|d| d.get(i).map(|r| r.kind) == Some(k))>
                                    {move || app.lang.get().t(i18n::date_kind(k))}
                                </option>
                            }).collect_view()}
                        </select>
                        <input
                            type="text"
                            placeholder=move || app.t(T::FieldLabel)
                            aria-label=move || format!("{} {}", app.t(T::FieldLabel), i + 1)
                            prop:value=move || dates.with(|d| d.get(i).map(|r| r.label.clone()).unwrap_or_default())
                            on:input=move |ev| {
                                let v = event_target_value(&ev);
                                dates.update(|d| d[i].label = v);
                            }
                        />
                        <input
                            type="date"
                            aria-label=move || format!("{} {}", app.t(T::FieldDate), i + 1)
                            prop:value=move || dates.with(|d| d.get(i).map(|r| r.date.clone()).unwrap_or_default())
                            on:input=move |ev| {
                                let v = event_target_value(&ev);
                                dates.update(|d| d[i].date = v);
                            }
                        />
                        <button type="button" class="link danger" aria-label=move || app.t(T::Remove)
                            on:click=move |_| dates.update(|d| { d.remove(i); })>"✕"</button>
                        {move || err().map(|p| view! { <p class="field-error" role="alert">{i18n::problem(app.lang.get(), &p)}</p> })}
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <ul class="multi">{rows}</ul>
        <button type="button" class="button small" on:click=move |_| dates.update(|d| d.push(DateRow { kind: DateKind::Birthday, label: String::new(), date: String::new() }))>
            {move || format!("+ {}", app.t(T::AddDate))}
        </button>
    }
}

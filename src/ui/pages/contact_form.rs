//! Create or edit a contact.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use uuid::Uuid;

use crate::i18n::{self, T};
use crate::model::time;
use crate::model::validate::parse_tags;
use crate::model::Kind;
use crate::model::{Contact, DateKind, Email, EmailLabel, FieldError, ImportantDate, Phone, PhoneLabel, Problem, Role};
use crate::ui::pages::not_found::MissingRecord;
use crate::ui::pages::param_id;
use crate::ui::routes::record_href;
use crate::ui::state::use_app;
use crate::ui::widgets::duplicate_warning::duplicate_warning;
use crate::ui::widgets::fields::{error_line, error_summary, form_actions, tags_field, text_area, text_field};
use crate::ui::widgets::org_picker::OrgPicker;
use crate::ui::widgets::team::member_select;
use crate::web;

#[derive(Debug, Clone, PartialEq)]
struct DateRow {
    kind: DateKind,
    label: String,
    date: String,
}

#[component]
pub fn ContactNew() -> impl IntoView {
    let query = use_query_map();
    let org = query.with_untracked(|q| q.get("organization")).and_then(|s| Uuid::parse_str(&s).ok());
    let mut c = Contact::new(web::fresh_id(), web::now());
    c.organization_id = org;
    c.owner_id = use_app().me.get_untracked();
    view! { <ContactForm contact=c is_new=true /> }
}

#[component]
pub fn ContactEdit() -> impl IntoView {
    let app = use_app();
    let existing = param_id("id").and_then(|id| app.read_untracked(|c| c.contact(id).cloned()));
    match existing {
        Some(c) => view! { <ContactForm contact=c is_new=false /> }.into_any(),
        None => view! { <MissingRecord back="/contacts" /> }.into_any(),
    }
}

#[component]
fn ContactForm(contact: Contact, is_new: bool) -> impl IntoView {
    let app = use_app();
    let id = contact.id;
    let was_primary = app.read_untracked(|c| c.is_primary(&contact));
    let draft = RwSignal::new(contact.clone());
    let org = RwSignal::new(contact.organization_id);
    let primary = RwSignal::new(was_primary);
    let tags = RwSignal::new(contact.tags.join(", "));
    let dates = RwSignal::new(
        contact.important_dates.iter().map(|d| DateRow { kind: d.kind, label: d.label.clone(), date: time::format_date(d.date) }).collect::<Vec<_>>(),
    );
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let saving = RwSignal::new(false);
    let navigate = use_navigate();

    let n_emails = Memo::new(move |_| draft.with(|d| d.emails.len()));
    let n_phones = Memo::new(move |_| draft.with(|d| d.phones.len()));
    let n_dates = Memo::new(move |_| dates.with(Vec::len));

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
                .commit(move |crm, ctx| {
                    let mut all = date_errors;
                    match crm.save_contact(c, is_primary, ctx) {
                        Ok(changes) if all.is_empty() => Ok(changes),
                        Ok(_) => Err(all),
                        Err(mut e) => {
                            all.append(&mut e);
                            Err(all)
                        }
                    }
                })
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

    let email_rows = move || {
        (0..n_emails.get())
            .map(|i| {
                let field = format!("emails[{i}]");
                let err = move || errors.with(|l| l.iter().find(|e| e.field == format!("emails[{i}]")).map(|e| e.problem.clone()));
                view! {
                    <li class="multi-row" class:invalid=move || err().is_some()>
                        <select
                            aria-label=move || format!("{} {}", app.t(T::FieldLabel), i + 1)
                            on:change=move |ev| {
                                let v = event_target_value(&ev);
                                draft.update(|d| d.emails[i].label = EmailLabel::parse(&v).unwrap_or_default());
                            }
                        >
                            {EmailLabel::ALL.into_iter().map(|l| view! {
                                <option value=l.as_str() selected=move || draft.with(|d| d.emails.get(i).map(|e| e.label) == Some(l))>
                                    {move || app.lang.get().t(i18n::email_label(l))}
                                </option>
                            }).collect_view()}
                        </select>
                        <input
                            type="email"
                            id=field
                            aria-label=move || format!("{} {}", app.t(T::FieldEmail), i + 1)
                            prop:value=move || draft.with(|d| d.emails.get(i).map(|e| e.address.clone()).unwrap_or_default())
                            on:input=move |ev| {
                                let v = event_target_value(&ev);
                                draft.update(|d| d.emails[i].address = v);
                            }
                        />
                        {(i > 0).then(|| view! {
                            <button type="button" class="link" on:click=move |_| draft.update(|d| { let e = d.emails.remove(i); d.emails.insert(0, e); })>
                                {move || app.t(T::MakeFirst)}
                            </button>
                        })}
                        <button type="button" class="link danger" aria-label=move || format!("{} {} {}", app.t(T::Remove), app.t(T::FieldEmail), i + 1)
                            on:click=move |_| draft.update(|d| { d.emails.remove(i); })>"✕"</button>
                        {move || err().map(|p| view! { <p class="field-error" role="alert">{i18n::problem(app.lang.get(), &p)}</p> })}
                    </li>
                }
            })
            .collect_view()
    };

    let phone_rows = move || {
        (0..n_phones.get())
            .map(|i| {
                let err = move || errors.with(|l| l.iter().find(|e| e.field == format!("phones[{i}]")).map(|e| e.problem.clone()));
                view! {
                    <li class="multi-row" class:invalid=move || err().is_some()>
                        <select
                            aria-label=move || format!("{} {}", app.t(T::FieldLabel), i + 1)
                            on:change=move |ev| {
                                let v = event_target_value(&ev);
                                draft.update(|d| d.phones[i].label = PhoneLabel::parse(&v).unwrap_or_default());
                            }
                        >
                            {PhoneLabel::ALL.into_iter().map(|l| view! {
                                <option value=l.as_str() selected=move || draft.with(|d| d.phones.get(i).map(|p| p.label) == Some(l))>
                                    {move || app.lang.get().t(i18n::phone_label(l))}
                                </option>
                            }).collect_view()}
                        </select>
                        <input
                            type="tel"
                            id=format!("phones[{i}]")
                            aria-label=move || format!("{} {}", app.t(T::FieldPhone), i + 1)
                            prop:value=move || draft.with(|d| d.phones.get(i).map(|p| p.number.clone()).unwrap_or_default())
                            on:input=move |ev| {
                                let v = event_target_value(&ev);
                                draft.update(|d| d.phones[i].number = v);
                            }
                        />
                        <button type="button" class="link danger" aria-label=move || format!("{} {} {}", app.t(T::Remove), app.t(T::FieldPhone), i + 1)
                            on:click=move |_| draft.update(|d| { d.phones.remove(i); })>"✕"</button>
                        {move || err().map(|p| view! { <p class="field-error" role="alert">{i18n::problem(app.lang.get(), &p)}</p> })}
                    </li>
                }
            })
            .collect_view()
    };

    let date_rows = move || {
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

    let title = move || app.t(if is_new { T::NewContact } else { T::EditContact });
    let cancel_href = if is_new { "/contacts".to_string() } else { record_href(Kind::Contact, id) };

    view! {
        <form class="page form-page" on:submit=save novalidate>
            <header class="page-head">
                <h1>{title}</h1>
            </header>
            {error_summary(errors)}
            {duplicate_warning(crate::model::Kind::Contact, is_new, draft, crate::model::Rec::Contact)}
            <section class="card">
                <div class="grid">
                    {text_field(T::FieldTitle, "title", "text", move || draft.with(|d| d.title.clone()), move |v| draft.update(|d| d.title = v), errors)}
                    {text_field(T::FieldFirstName, "first_name", "text", move || draft.with(|d| d.first_name.clone()), move |v| draft.update(|d| d.first_name = v), errors)}
                    {text_field(T::FieldLastName, "last_name", "text", move || draft.with(|d| d.last_name.clone()), move |v| draft.update(|d| d.last_name = v), errors)}
                    {text_field(T::FieldPosition, "position", "text", move || draft.with(|d| d.position.clone()), move |v| draft.update(|d| d.position = v), errors)}
                </div>
            </section>
            <section class="card">
                <div class="grid">
                    <div class="field">
                        <label for="f-organization_id">{move || app.t(T::FieldOrganization)}</label>
                        <OrgPicker value=org />
                        {error_line(errors, "organization_id")}
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
                <ul class="multi">{email_rows}</ul>
                <button type="button" class="button small" on:click=move |_| draft.update(|d| d.emails.push(Email { address: String::new(), label: EmailLabel::Work }))>
                    {move || format!("+ {}", app.t(T::AddEmail))}
                </button>
                <h2>{move || app.t(T::FieldPhones)}</h2>
                <ul class="multi">{phone_rows}</ul>
                <button type="button" class="button small" on:click=move |_| draft.update(|d| d.phones.push(Phone { number: String::new(), label: PhoneLabel::Mobile }))>
                    {move || format!("+ {}", app.t(T::AddPhone))}
                </button>
                <div class="grid">
                    {text_field(T::FieldLinkedIn, "linkedin", "url", move || draft.with(|d| d.linkedin.clone()), move |v| draft.update(|d| d.linkedin = v), errors)}
                    {text_field(T::FieldPreferredCallTime, "preferred_call_time", "text", move || draft.with(|d| d.preferred_call_time.clone()), move |v| draft.update(|d| d.preferred_call_time = v), errors)}
                </div>
                {text_area(T::FieldCommunicationStyle, "communication_style", move || draft.with(|d| d.communication_style.clone()), move |v| draft.update(|d| d.communication_style = v), errors)}
            </section>
            <section class="card">
                <h2>{move || app.t(T::FieldImportantDates)}</h2>
                <ul class="multi">{date_rows}</ul>
                <button type="button" class="button small" on:click=move |_| dates.update(|d| d.push(DateRow { kind: DateKind::Birthday, label: String::new(), date: String::new() }))>
                    {move || format!("+ {}", app.t(T::AddDate))}
                </button>
            </section>
            <section class="card">
                <div class="grid">
                    {member_select(T::FieldOwner, "owner_id", move || draft.with(|d| d.owner_id), move |v| draft.update(|d| d.owner_id = v), errors)}
                    {tags_field(tags, errors)}
                </div>
                {text_area(T::FieldNotes, "notes", move || draft.with(|d| d.notes.clone()), move |v| draft.update(|d| d.notes = v), errors)}
            </section>
            {form_actions(saving, cancel_href)}
        </form>
    }
}

//! The form kit: a record's draft with its refused fields, inputs bound to
//! a field of it by a [`Lens`] (`form.text(T::FieldName, lens!(name))`),
//! rows of labelled values (a contact's emails and phones), and the page
//! that edits a stored record or says it is gone.

use leptos::prelude::*;
use uuid::Uuid;

use crate::i18n::{self, T};
use crate::model::record::Record;
use crate::model::{Change, Crm, Ctx, Email, EmailLabel, FieldError, Phone, PhoneLabel};
use crate::ui::state::use_app;
use crate::ui::widgets::fields::{error_line, error_summary, form_actions, text_area, text_field};
use crate::ui::widgets::missing::MissingRecord;
use crate::ui::widgets::team::member_select;

/// A field of a form's record: where it is in the record and its path in
/// validation errors ("billing_address.city"). Made by [`lens!`].
pub struct Lens<R, V> {
    pub path: &'static str,
    pub get: fn(&R) -> &V,
    pub get_mut: fn(&mut R) -> &mut V,
}

impl<R, V> Clone for Lens<R, V> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<R, V> Copy for Lens<R, V> {}

/// `lens!(billing_address.city)`: the [`Lens`] of a field, its path as
/// validation names it.
#[macro_export]
macro_rules! lens {
    ($head:ident $(. $rest:ident)*) => {
        $crate::ui::widgets::form::Lens {
            path: concat!(stringify!($head) $(, ".", stringify!($rest))*),
            get: |r| &r.$head $(.$rest)*,
            get_mut: |r| &mut r.$head $(.$rest)*,
        }
    };
}
pub use lens;

/// A record being edited: its draft, the fields the last save refused, and
/// whether a save is running.
pub struct Form<R: 'static> {
    pub draft: RwSignal<R>,
    pub errors: RwSignal<Vec<FieldError>>,
    pub saving: RwSignal<bool>,
    /// The record as it was when the form opened (or when a conflict was
    /// settled): a save finds out whether someone changed it since.
    pub base: RwSignal<R>,
    /// The stored version, when a save found it changed since `base`
    /// (another tab saved it): the form offers theirs, mine or a merge.
    pub conflict: RwSignal<Option<R>>,
    /// A save found the record deleted (in another tab) since the form
    /// opened; `Some(true)` once the user chose to save it again.
    pub gone: RwSignal<Option<bool>>,
}

impl<R> Clone for Form<R> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<R> Copy for Form<R> {}

impl<R: Clone + Send + Sync + 'static> Form<R> {
    pub fn new(record: R) -> Form<R> {
        Form {
            base: RwSignal::new(record.clone()),
            draft: RwSignal::new(record),
            errors: RwSignal::new(Vec::new()),
            saving: RwSignal::new(false),
            conflict: RwSignal::new(None),
            gone: RwSignal::new(None),
        }
    }

    /// A text input for a field.
    pub fn text(self, label: T, lens: Lens<R, String>) -> impl IntoView {
        self.input(label, "text", lens)
    }

    /// An input of `input_type` ("email", "url", "tel", "number") for a
    /// text field.
    pub fn input(self, label: T, input_type: &'static str, lens: Lens<R, String>) -> impl IntoView {
        let draft = self.draft;
        text_field(
            label,
            lens.path,
            input_type,
            move || draft.with(|d| (lens.get)(d).clone()),
            move |v| draft.update(|d| *(lens.get_mut)(d) = v),
            self.errors,
        )
    }

    /// A multi-line text field.
    pub fn area(self, label: T, lens: Lens<R, String>) -> impl IntoView {
        let draft = self.draft;
        text_area(label, lens.path, move || draft.with(|d| (lens.get)(d).clone()), move |v| draft.update(|d| *(lens.get_mut)(d) = v), self.errors)
    }

    /// Who the record belongs to (a team member, or nobody).
    pub fn member(self, label: T, lens: Lens<R, Option<Uuid>>) -> impl IntoView {
        let draft = self.draft;
        member_select(label, lens.path, move || draft.with(|d| *(lens.get)(d)), move |v| draft.update(|d| *(lens.get_mut)(d) = v), self.errors)
    }

    /// A checkbox per record of `options` (id, name): the ids ticked are
    /// the field's list (the people on a project, the projects a contract
    /// covers).
    pub fn checkboxes(self, lens: Lens<R, Vec<Uuid>>, options: Vec<(Uuid, String)>) -> impl IntoView {
        let draft = self.draft;
        options
            .into_iter()
            .map(|(id, name)| {
                view! {
                    <label class="check">
                        <input type="checkbox" prop:checked=move || draft.with(|d| (lens.get)(d).contains(&id)) on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            draft.update(|d| {
                                let list = (lens.get_mut)(d);
                                list.retain(|x| *x != id);
                                if on {
                                    list.push(id);
                                }
                            })
                        } />
                        {name}
                    </label>
                }
            })
            .collect_view()
    }

    /// The problem of one field, under a custom input.
    pub fn error(self, path: &'static str) -> impl IntoView {
        error_line(self.errors, path)
    }

    /// Save and Cancel (back to `cancel_href`).
    pub fn actions(self, cancel_href: String) -> impl IntoView {
        form_actions(self.saving, cancel_href)
    }
}

impl<R: Record + PartialEq + Send + Sync> Form<R> {
    /// "Please fix the highlighted fields", with each problem; and, when
    /// the record changed under the form, the choice between versions.
    pub fn summary(self) -> impl IntoView {
        view! {
            {crate::ui::widgets::conflict::conflict_panel(self)}
            {error_summary(self.errors)}
        }
    }

    /// Saves through `compute` (see [`crate::ui::state::App::save_form`]);
    /// `done` runs after a save (usually: go to the record). Refused,
    /// with nothing written, when the stored record is no longer the one
    /// the form opened: another tab saved it meanwhile. Never a silent
    /// overwrite: the form shows both versions ([`Form::conflict`]).
    pub fn save(self, compute: impl FnOnce(&Crm, &mut Ctx) -> Result<Vec<Change>, Vec<FieldError>> + 'static, done: impl FnOnce() + 'static) {
        let app = use_app();
        let id = self.base.with_untracked(Record::id);
        let saved = move || {
            // The form now edits what it stored: a form that stays open
            // (Settings) compares its next save with this one, not with
            // what it opened with.
            let stored = app.read_untracked(|c| c.get(R::KIND, id)).and_then(|r| crate::ui::widgets::conflict::from_value::<R>(&r.to_value()));
            if let Some(stored) = stored {
                self.base.set(stored.clone());
                self.draft.set(stored);
            }
            done();
        };
        app.save_form(self.saving, self.errors, self.checked(compute), saved);
    }

    /// Keeps a form nobody has typed in showing `stored` as it changes
    /// (another tab, an import); a form with edits keeps them, and its
    /// save shows both versions. For forms on a page that stays open.
    pub fn follow(self, stored: impl Fn() -> R + 'static) {
        Effect::new(move |_| {
            let s = stored();
            let untouched = self.draft.with_untracked(|d| self.base.with_untracked(|b| d == b));
            if !self.saving.get_untracked() && untouched && self.base.with_untracked(|b| *b != s) {
                self.base.set(s.clone());
                self.draft.set(s);
            }
        });
    }

    /// `compute`, run only when the stored record is still the one the
    /// form opened; else refused with no field errors and the stored
    /// version in [`Form::conflict`]. For forms that commit themselves.
    pub fn checked(
        self,
        compute: impl FnOnce(&Crm, &mut Ctx) -> Result<Vec<Change>, Vec<FieldError>> + 'static,
    ) -> impl FnOnce(&Crm, &mut Ctx) -> Result<Vec<Change>, Vec<FieldError>> + 'static {
        let base: crate::model::Rec = self.base.get_untracked().into();
        let (conflict, gone) = (self.conflict, self.gone);
        let restore = gone.get_untracked() == Some(true);
        move |crm: &Crm, ctx: &mut Ctx| {
            // The app catches up with other tabs before this runs, and the
            // write refuses if anything is stored after: this check and
            // the save see the same stored record.
            match changed_since(crm, &base, restore) {
                Some(Changed::Saved(stored)) => {
                    conflict.set(crate::ui::widgets::conflict::from_value::<R>(&stored));
                    Err(Vec::new())
                }
                Some(Changed::Deleted) => {
                    gone.set(Some(false));
                    Err(Vec::new())
                }
                None => compute(crm, ctx),
            }
        }
    }
}

/// How a form's record changed in the store since the form opened.
enum Changed {
    /// Saved: the stored version, as JSON.
    Saved(serde_json::Value),
    Deleted,
}

/// One copy for every form: the stored record against `base`. Not stored
/// but with a history means deleted (unless the user chose to `restore`).
fn changed_since(crm: &Crm, base: &crate::model::Rec, restore: bool) -> Option<Changed> {
    match crm.get(base.kind(), base.id()) {
        Some(stored) if stored != *base => Some(Changed::Saved(stored.to_value())),
        None if !restore && !crm.history_of(base.id()).is_empty() => Some(Changed::Deleted),
        _ => None,
    }
}

/// A labelled value a record keeps several of, the first being the primary
/// one: a contact's emails and phones.
pub trait Labelled: Clone + Send + Sync + 'static {
    type Label: Copy + PartialEq + Send + Sync + 'static;
    /// The labels to choose from.
    fn labels() -> &'static [Self::Label];
    fn code(label: Self::Label) -> &'static str;
    fn parse(code: &str) -> Option<Self::Label>;
    fn label_text(label: Self::Label) -> T;
    /// A new empty row.
    fn blank() -> Self;
    fn label(&self) -> Self::Label;
    fn set_label(&mut self, label: Self::Label);
    fn value(&self) -> &str;
    fn set_value(&mut self, value: String);
}

impl Labelled for Email {
    type Label = EmailLabel;
    fn labels() -> &'static [EmailLabel] {
        &EmailLabel::ALL
    }
    fn code(label: EmailLabel) -> &'static str {
        label.as_str()
    }
    fn parse(code: &str) -> Option<EmailLabel> {
        EmailLabel::parse(code)
    }
    fn label_text(label: EmailLabel) -> T {
        i18n::email_label(label)
    }
    fn blank() -> Email {
        Email { address: String::new(), label: EmailLabel::Work }
    }
    fn label(&self) -> EmailLabel {
        self.label
    }
    fn set_label(&mut self, label: EmailLabel) {
        self.label = label;
    }
    fn value(&self) -> &str {
        &self.address
    }
    fn set_value(&mut self, value: String) {
        self.address = value;
    }
}

impl Labelled for Phone {
    type Label = PhoneLabel;
    fn labels() -> &'static [PhoneLabel] {
        &PhoneLabel::ALL
    }
    fn code(label: PhoneLabel) -> &'static str {
        label.as_str()
    }
    fn parse(code: &str) -> Option<PhoneLabel> {
        PhoneLabel::parse(code)
    }
    fn label_text(label: PhoneLabel) -> T {
        i18n::phone_label(label)
    }
    fn blank() -> Phone {
        Phone { number: String::new(), label: PhoneLabel::Mobile }
    }
    fn label(&self) -> PhoneLabel {
        self.label
    }
    fn set_label(&mut self, label: PhoneLabel) {
        self.label = label;
    }
    fn value(&self) -> &str {
        &self.number
    }
    fn set_value(&mut self, value: String) {
        self.number = value;
    }
}

/// Rows of labelled values (`lens`: the list, e.g. a contact's emails): a
/// label and a value per row, each with its problem, the first is the
/// primary one ("Make first" moves a row up), rows are added and removed.
/// `noun` names a value ("Email"), `input_type` its input, `add` the button.
pub fn labelled_rows<R, I>(form: Form<R>, lens: Lens<R, Vec<I>>, noun: T, input_type: &'static str, add: T) -> impl IntoView
where
    R: Clone + Send + Sync + 'static,
    I: Labelled,
{
    let app = use_app();
    let draft = form.draft;
    let list = move |f: &dyn Fn(&mut Vec<I>)| draft.update(|d| f((lens.get_mut)(d)));
    let count = Memo::new(move |_| draft.with(|d| (lens.get)(d).len()));
    let rows = move || {
        (0..count.get())
            .map(|i| {
                let path = format!("{}[{i}]", lens.path);
                let err = move || form.errors.with(|l| l.iter().find(|e| e.field == format!("{}[{i}]", lens.path)).map(|e| e.problem.clone()));
                let item = move || draft.with(|d| (lens.get)(d).get(i).cloned());
                view! {
                    <li class="multi-row" class:invalid=move || err().is_some()>
                        <select
                            aria-label=move || format!("{} {}", app.t(T::FieldLabel), i + 1)
                            on:change=move |ev| {
                                if let Some(l) = I::parse(&event_target_value(&ev)) {
                                    list(&|v| v[i].set_label(l));
                                }
                            }
                        >
                            {I::labels().iter().map(|&l| view! {
                                <option value=I::code(l) selected=move || item().map(|x| x.label()) == Some(l)>
                                    {move || app.t(I::label_text(l))}
                                </option>
                            }).collect_view()}
                        </select>
                        <input
                            type=input_type
                            id=path
                            aria-label=move || format!("{} {}", app.t(noun), i + 1)
                            prop:value=move || item().map(|x| x.value().to_string()).unwrap_or_default()
                            on:input=move |ev| {
                                let v = event_target_value(&ev);
                                list(&|l| l[i].set_value(v.clone()));
                            }
                        />
                        {(i > 0).then(|| view! {
                            <button type="button" class="link" on:click=move |_| list(&|l| { let x = l.remove(i); l.insert(0, x); })>
                                {move || app.t(T::MakeFirst)}
                            </button>
                        })}
                        <button type="button" class="link danger" aria-label=move || format!("{} {} {}", app.t(T::Remove), app.t(noun), i + 1)
                            on:click=move |_| list(&|l| { l.remove(i); })>"✕"</button>
                        {move || err().map(|p| view! { <p class="field-error" role="alert">{i18n::problem(app.lang.get(), &p)}</p> })}
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <ul class="multi">{rows}</ul>
        <button type="button" class="button small" on:click=move |_| list(&|l| l.push(I::blank()))>
            {move || format!("+ {}", app.t(add))}
        </button>
    }
}

/// The page that edits a stored record: the record `find` finds by the
/// `:id` of the URL, in `form`; "not found" (back to `back`) when there is
/// none.
pub fn edit_page<R: 'static>(back: &'static str, find: impl Fn(&Crm, Uuid) -> Option<R>, form: impl FnOnce(R) -> AnyView) -> AnyView {
    let app = use_app();
    match crate::ui::routes::param_id("id").and_then(|id| app.read_untracked(|c| find(c, id))) {
        Some(r) => form(r),
        None => view! { <MissingRecord back=back /> }.into_any(),
    }
}

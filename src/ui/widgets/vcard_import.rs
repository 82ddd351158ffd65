//! Settings: import contacts from a `.vcf` file (one or many cards), all
//! or nothing; importing the same file again updates instead of adding.

use leptos::prelude::*;

use crate::i18n::{self, T};
use crate::ui::state::{use_app, App};
use crate::vcard::{self, Imported};
use crate::web;

#[component]
pub fn VcardImport(
    /// Only the file button, for the first screen.
    #[prop(optional)]
    compact: bool,
) -> impl IntoView {
    let app = use_app();
    let problem = RwSignal::new(None::<String>);
    let import = move |ev: leptos::ev::Event| {
        let Some(file) = web::take_picked_file(&ev) else { return };
        problem.set(None);
        leptos::task::spawn_local(async move {
            let lang = app.lang.get_untracked();
            // The parser is a chunk of its own: it comes when a file is picked.
            let result = match crate::ui::chunks::vcard_task(app, file).await {
                Ok(task) => task.await,
                Err(_) => Err(lang.t(T::PartFailed).to_string()),
            };
            match result {
                Ok(done) => app.info(done),
                Err(e) => problem.set((!e.is_empty()).then_some(e)),
            }
        });
    };
    // Compact: a button that opens the file picker, for the first screen.
    let picker = move |label: T| {
        view! {
            <label class="file" class:button=compact>
                {move || app.t(label)}
                <input type="file" class:visually-hidden=compact id="import-vcard" accept=".vcf,text/vcard,text/x-vcard" on:change=import />
            </label>
            {move || problem.get().map(|e| view! {
                <div class="error-summary" role="alert" id="vcard-error">
                    <strong>{app.t(T::ImportRefused)}</strong>
                    <pre>{e}</pre>
                </div>
            })}
        }
    };
    if compact {
        return picker(T::StartVcard).into_any();
    }
    view! {
        <fieldset class="setting">
            <legend>{move || app.t(T::ImportVcard)}</legend>
            <p class="hint">{move || app.t(T::ImportVcardHint)}</p>
            {picker(T::ImportChooseVcf)}
        </fieldset>
    }
    .into_any()
}

/// Reads `file` and imports its cards as one action: what to tell the
/// user when it is done, or why nothing changed (empty when that was said
/// already). (The `vcard` chunk.)
pub(crate) async fn import_file(app: App, file: web_sys::File) -> Result<String, String> {
    let lang = app.lang.get_untracked();
    if file.size() > vcard::MAX_BYTES as f64 {
        return Err(i18n::vcard_error(lang, &vcard::VcardError::TooLarge { bytes: file.size() as usize }));
    }
    let (bytes, _) = web::read_file(&file).await?;
    let cards = vcard::read(&bytes).map_err(|e| i18n::vcard_error(lang, &e))?;
    let summary = std::rc::Rc::new(std::cell::Cell::new(Imported::default()));
    let seen = summary.clone();
    let result = app
        .commit_import(move |crm, ctx| {
            crm.import_cards(&cards, ctx).map(|(changes, done)| {
                seen.set(done);
                changes
            })
        })
        .await;
    match result {
        Ok(_) => {
            let d = summary.get();
            let mut text = format!("{}: {}", lang.t(T::VcardImported), i18n::import_counts(lang, d.created, d.updated, d.organizations));
            if d.look_alikes > 0 {
                text.push_str(&format!(". {}: {}", lang.t(T::VcardLookAlikes), d.look_alikes));
            }
            Ok(text)
        }
        Err(e) => {
            let lines: Vec<String> = e.refused().iter().take(50).map(|e| format!("{}: {}", e.field, i18n::problem(lang, &e.problem))).collect();
            Err(lines.join("\n"))
        }
    }
}

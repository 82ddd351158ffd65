//! Importing a JSON bundle (a backup): read, checked whole, then stored in
//! one step or not at all. Settings offers merge or replace; the first
//! screen's "bring your data" merges (an empty database has nothing to lose,
//! but the team member just added must stay).

use leptos::prelude::*;

use crate::bundle::{self, combine, ImportMode};
use crate::i18n::{self, T};
use crate::model::Crm;
use crate::segments;
use crate::store::FileWrites;
use crate::ui::state::{use_app, App, CommitError};
use crate::web;

#[component]
pub fn BundleImport(
    /// Only the file button (merge), for the first screen.
    #[prop(optional)]
    compact: bool,
    /// Runs after an import, stored or refused.
    #[prop(optional)]
    on_done: Option<Callback<()>>,
    /// The ids of its file input and error: `{id}-file`, `{id}-error`
    /// (another on the same page needs others).
    #[prop(default = "import")]
    id: &'static str,
) -> impl IntoView {
    let app = use_app();
    let mode = RwSignal::new(ImportMode::Merge);
    let import_error = RwSignal::new(None::<String>);
    let import = move |ev: leptos::ev::Event| {
        let Some(file) = web::take_picked_file(&ev) else { return };
        import_error.set(None);
        leptos::task::spawn_local(async move {
            let lang = app.lang.get_untracked();
            // The reader (parser, migrations, merge) is a chunk of its own:
            // it comes when a file is picked, not with the first screen.
            let result = match crate::ui::chunks::import_task(app, file, mode.get_untracked()).await {
                Ok(task) => task.await,
                Err(_) => Err(lang.t(T::PartFailed).to_string()),
            };
            app.busy.set(None);
            match result {
                Ok(()) => app.info(lang.t(T::ImportDone)),
                Err(e) => import_error.set(Some(e)),
            }
            if let Some(done) = on_done {
                done.run(());
            }
        });
    };

    let error = move || {
        import_error.get().map(|e| {
            view! {
                <div class="error-summary" role="alert" id=format!("{id}-error")>
                    <strong>{app.t(T::ImportRefused)}</strong>
                    <pre>{e}</pre>
                </div>
            }
        })
    };
    if compact {
        return view! {
            <label class="file button">
                {move || app.t(T::RestoreBackup)}
                <input type="file" class="visually-hidden" id=format!("{id}-file") accept=".json,application/json" on:change=import />
            </label>
            {error}
        }
        .into_any();
    }
    view! {
        <fieldset class="setting">
            <legend>{move || app.t(T::ImportBundle)}</legend>
            <label class="check">
                <input type="radio" name="import-mode" value="merge" prop:checked=move || mode.get() == ImportMode::Merge on:change=move |_| mode.set(ImportMode::Merge) />
                " "{move || app.t(T::ImportModeMerge)}
            </label>
            <label class="check">
                <input type="radio" name="import-mode" value="replace" prop:checked=move || mode.get() == ImportMode::ReplaceAll on:change=move |_| mode.set(ImportMode::ReplaceAll) />
                " "{move || app.t(T::ImportModeReplace)}
            </label>
            <label class="file">
                {move || app.t(T::ImportChooseFile)}
                <input type="file" id=format!("{id}-file") accept=".json,application/json" on:change=import />
            </label>
            {error}
        </fieldset>
    }
    .into_any()
}

/// Reads the picked backup and stores it as `mode` says, in one step or
/// not at all; an error in the user's words. (The `import` chunk.)
pub(crate) async fn import_file(app: App, file: web_sys::File, mode: ImportMode) -> Result<(), String> {
    let lang = app.lang.get_untracked();
    if file.size() > bundle::MAX_BYTES as f64 {
        return Err(i18n::import_error(lang, &bundle::ImportError::TooLarge { bytes: file.size() as usize }));
    }
    let read = web::Span::start("import:read");
    // The browser reads the file while the progress notice paints.
    let reading = web::read_file(&file);
    app.busy.set(Some(T::Importing));
    web::yield_to_browser().await;
    let (bytes, buffer) = reading.await?;
    drop(read);
    let parsed = {
        let _s = web::Span::start("import:parse");
        bundle::parse_with_spans(&bytes)
    };
    let (mut b, spans) = parsed.map_err(|e| i18n::import_error(lang, &e))?;
    // The files go to their own store, typed as their attachments say.
    let types: std::collections::HashMap<uuid::Uuid, String> = b.records.attachments.iter().map(|a| (a.id, a.media_type.clone())).collect();
    let put: Vec<(uuid::Uuid, String, Vec<u8>)> =
        std::mem::take(&mut b.files).into_iter().map(|f| (f.id, types.get(&f.id).cloned().unwrap_or_default(), f.bytes)).collect();
    // While syncing, a merge is one action whose records go up like any
    // other (a replace is refused: it would not).
    if app.sync.connection.with_untracked(Option::is_some) && mode == ImportMode::Merge {
        let blobs = put.into_iter().map(|(id, mime, bytes)| Ok((id, web::blob(&mime, &bytes)?))).collect::<Result<Vec<_>, String>>()?;
        let done = app.commit_import_with_files(move |crm, _| Ok(bundle::changes_between(crm, &combine(crm, b, ImportMode::Merge))), blobs).await;
        return done.map(|_| ()).map_err(|e| match e {
            CommitError::Invalid(fields) => fields.iter().map(|f| i18n::field_error(lang, f)).collect::<Vec<_>>().join("\n"),
            CommitError::Store(e) => crate::ui::errors::store_error(lang, &e),
            CommitError::Code => lang.t(T::PartFailed).to_string(),
        });
    }
    let files = FileWrites { clear: mode == ImportMode::ReplaceAll, put };
    let (segments, file, build): (_, _, Box<dyn FnOnce() -> Crm>) = match mode {
        // A replace stores each record as the file has it, and indexes the
        // records while the browser writes.
        ImportMode::ReplaceAll => {
            let segments = {
                let _s = web::Span::start("import:encode");
                segments::encode_bundle(&b, spans.as_ref().map(|s| (&bytes[..], s)))
            };
            (segments, Some(buffer), Box::new(move || combine(&Crm::new(), b, ImportMode::ReplaceAll)))
        }
        ImportMode::Merge => {
            let merged = app.read_untracked(|c| combine(c, b, ImportMode::Merge));
            (segments::encode(&merged), None, Box::new(move || merged))
        }
    };
    drop(bytes);
    app.replace_all(segments, file, files, build).await.map_err(|e| crate::ui::errors::store_error(lang, &e))
}

//! A record's files on its page: drop or pick files to attach (into a
//! folder, marked confidential if asked), preview images, PDFs and text,
//! download, rename, move and delete. Confidential files stay hidden until
//! the user asks to see them.

use leptos::prelude::*;
use uuid::Uuid;
use wasm_bindgen::JsCast;

use crate::i18n::{self, format_bytes, Lang, T};
use crate::model::attachment::{Attachment, MAX_FILE_BYTES};
use crate::model::ops::attachments::{FileEdit, NewFile};
use crate::model::{Kind, Target};
use crate::ui::state::{use_app, App};
use crate::ui::widgets::confirm::Confirm;
use crate::web;

/// Image types an `<img>` shows safely (an SVG there runs no script).
const IMAGE_TYPES: [&str; 7] = ["image/png", "image/jpeg", "image/gif", "image/webp", "image/avif", "image/bmp", "image/svg+xml"];
/// Text shown in a preview, at most.
const TEXT_PREVIEW_BYTES: f64 = 200_000.0;

/// How a file is previewed in the page.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Look {
    Image,
    Pdf,
    Text,
    None,
}

fn look(media_type: &str) -> Look {
    let essence = media_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    if IMAGE_TYPES.contains(&essence.as_str()) {
        Look::Image
    } else if essence == "application/pdf" {
        Look::Pdf
    } else if matches!(essence.as_str(), "text/plain" | "text/csv" | "text/markdown" | "application/json") {
        Look::Text
    } else {
        Look::None
    }
}

/// What the preview panel shows.
#[derive(Clone, PartialEq)]
struct Shown {
    id: Uuid,
    name: String,
    look: Look,
    /// An object URL (images, PDFs), revoked when the preview closes.
    url: Option<String>,
    text: Option<String>,
}

fn revoke(shown: Option<Shown>) {
    if let Some(url) = shown.and_then(|s| s.url) {
        let _ = web_sys::Url::revoke_object_url(&url);
    }
}

/// The files of the record `kind`/`id`.
#[component]
pub fn AttachmentsCard(kind: Kind, id: Uuid) -> impl IntoView {
    let app = use_app();
    let target = Target { kind, id };
    let folder = RwSignal::new(String::new());
    let confidential = RwSignal::new(false);
    let show_confidential = RwSignal::new(false);
    let dragging = RwSignal::new(false);
    let attaching = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let preview = RwSignal::new(None::<Shown>);
    let editing = RwSignal::new(None::<Uuid>);
    let deleting = RwSignal::new(None::<Uuid>);
    let confirm_open = RwSignal::new(false);
    on_cleanup(move || revoke(preview.get_untracked()));
    // A file dropped beside the drop zone would make the browser open it
    // in place of the app; on this page such a drop does nothing.
    fn keep_files(e: web_sys::DragEvent) {
        if e.data_transfer().is_some_and(|d| d.types().includes(&"Files".into(), 0)) {
            e.prevent_default();
        }
    }
    let over = window_event_listener(leptos::ev::dragover, keep_files);
    let dropped = window_event_listener(leptos::ev::drop, keep_files);
    on_cleanup(move || {
        over.remove();
        dropped.remove();
    });

    let files = Memo::new(move |_| app.read_all(|c| c.attachments_of(id).into_iter().cloned().collect::<Vec<Attachment>>()));
    let folders = Memo::new(move |_| {
        let mut f: Vec<String> = files.get().into_iter().map(|a| a.folder).filter(|f| !f.is_empty()).collect();
        f.dedup();
        f
    });
    let hidden = move || files.with(|f| f.iter().filter(|a| a.confidential).count());

    let attach = move |picked: Vec<web_sys::File>| {
        if picked.is_empty() || attaching.get_untracked() {
            return;
        }
        let lang = app.lang.get_untracked();
        error.set(None);
        let too_large: Vec<String> = picked.iter().filter(|f| f.size() > MAX_FILE_BYTES as f64).map(|f| f.name()).collect();
        if !too_large.is_empty() {
            // Nothing is attached when one file is refused: drop again without it.
            error.set(Some(too_large.iter().map(|n| format!("{n} {}", lang.t(T::FileTooLargeNamed))).collect::<Vec<_>>().join("\n")));
            return;
        }
        let new: Vec<NewFile> =
            picked.iter().map(|f| NewFile { id: web::fresh_id(), name: f.name(), media_type: f.type_(), size: f.size() as u64 }).collect();
        let blobs: Vec<(Uuid, web_sys::Blob)> = new.iter().zip(picked.iter()).map(|(n, f)| (n.id, f.clone().unchecked_into())).collect();
        let (into, secret) = (folder.get_untracked(), confidential.get_untracked());
        attaching.set(true);
        leptos::task::spawn_local(async move {
            let result = app.commit_with_files(move |crm, ctx| crm.attach(target, new, &into, secret, ctx), blobs).await;
            attaching.set(false);
            match result {
                Ok(_) => app.info(lang.t(T::AttachedFiles)),
                Err(e) => error.set(problems(lang, &e.refused())),
            }
        });
    };

    let on_pick = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        let picked = input.files().map(|l| file_list(&l)).unwrap_or_default();
        input.set_value("");
        attach(picked);
    };
    let on_drop = move |ev: web_sys::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        let picked = ev.data_transfer().and_then(|d| d.files()).map(|l| file_list(&l)).unwrap_or_default();
        attach(picked);
    };

    let open = move |a: Attachment| {
        leptos::task::spawn_local(async move {
            match load_preview(app, a).await {
                Ok(shown) => {
                    revoke(preview.get_untracked());
                    preview.set(Some(shown));
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let close = move || {
        revoke(preview.get_untracked());
        preview.set(None);
    };

    let download = move |a: Attachment| leptos::task::spawn_local(download_file(app, a, error));

    let delete = move || {
        let Some(file) = deleting.get_untracked() else { return };
        if preview.with_untracked(|p| p.as_ref().is_some_and(|s| s.id == file)) {
            close();
        }
        app.delete(move |crm, ctx| crm.delete_attachment(file, ctx), || {});
    };

    let row = move |a: Attachment| {
        let lang = app.lang.get();
        let file_id = a.id;
        let meta = format!(
            "{} · {} · {}",
            if a.media_type.is_empty() { "?".to_string() } else { a.media_type.clone() },
            format_bytes(lang, a.size),
            i18n::format_datetime(lang, a.created_at, web::utc_offset_minutes())
        );
        let (for_open, for_download) = (a.clone(), a.clone());
        if editing.get() == Some(file_id) {
            return view! { <li class="attachment editing"><FileEditor file=a editing=editing error=error /></li> }.into_any();
        }
        view! {
            <li class="attachment" data-id=file_id.to_string()>
                <div class="attachment-main">
                    <button type="button" class="link file-name" on:click=move |_| open(for_open.clone())>{a.name.clone()}</button>
                    {a.confidential.then(|| view! { <span class="badge confidential">{lang.t(T::Confidential)}</span> })}
                    <small class="sub">{meta}</small>
                </div>
                <div class="actions">
                    <button type="button" class="button small download" on:click=move |_| download(for_download.clone())>{lang.t(T::Download)}</button>
                    <button type="button" class="button small edit" on:click=move |_| editing.set(Some(file_id))>{lang.t(T::Edit)}</button>
                    <button type="button" class="button small danger delete" on:click=move |_| {
                        deleting.set(Some(file_id));
                        confirm_open.set(true);
                    }>{lang.t(T::Delete)}</button>
                </div>
            </li>
        }
        .into_any()
    };

    let list = move || {
        let lang = app.lang.get();
        let shown: Vec<Attachment> = files.get().into_iter().filter(|a| show_confidential.get() || !a.confidential).collect();
        if shown.is_empty() {
            return view! { <p class="muted" id="no-attachments">{lang.t(T::NoAttachments)}</p> }.into_any();
        }
        let groups = by_folder(shown);
        let many_groups = groups.len() > 1 || groups.first().is_some_and(|(f, _)| !f.is_empty());
        groups
            .into_iter()
            .map(|(name, list)| {
                let heading = many_groups.then(|| {
                    let title = if name.is_empty() { lang.t(T::NoFolder).to_string() } else { name.clone() };
                    view! { <h3 class="folder-name">{title}</h3> }
                });
                view! {
                    <div class="attachment-folder" data-folder=name.clone()>
                        {heading}
                        <ul class="plain attachment-list">{list.into_iter().map(row).collect_view()}</ul>
                    </div>
                }
            })
            .collect_view()
            .into_any()
    };

    let folder_list = format!("folders-{id}");
    let folder_options = move || folders.get().into_iter().map(|f| view! { <option value=f></option> }).collect_view();
    view! {
        <section class="card attachments-card" aria-labelledby=format!("files-{id}")>
            <div class="card-head">
                <h2 id=format!("files-{id}")>{move || app.t(T::Attachments)}{move || files.with(|f| (!f.is_empty()).then(|| format!(" ({})", f.len())))}</h2>
            </div>
            <datalist id=folder_list.clone()>{folder_options}</datalist>
            <div
                class="drop-zone"
                class:dragging=move || dragging.get()
                id="drop-zone"
                on:dragover=move |ev: web_sys::DragEvent| {
                    ev.prevent_default();
                    dragging.set(true);
                }
                on:dragleave=move |_| dragging.set(false)
                on:drop=on_drop
            >
                <p>
                    {move || app.t(T::DropFilesHere)}" "
                    <label class="button small">
                        {move || app.t(T::ChooseFiles)}
                        <input type="file" multiple id="attach-file" class="visually-hidden" on:change=on_pick disabled=move || attaching.get() />
                    </label>
                </p>
                <div class="drop-options">
                    <label>
                        {move || app.t(T::UploadTo)}" "
                        <input type="text" id="attach-folder" list=folder_list.clone() placeholder=move || app.t(T::NoFolder) prop:value=move || folder.get() on:input=move |ev| folder.set(event_target_value(&ev)) maxlength="200" />
                    </label>
                    <label class="check">
                        <input type="checkbox" id="attach-confidential" prop:checked=move || confidential.get() on:change=move |ev| confidential.set(event_target_checked(&ev)) />
                        " "{move || app.t(T::Confidential)}
                    </label>
                </div>
                <p class="hint">{move || app.t(if attaching.get() { T::Attaching } else { T::AttachmentsHint })}</p>
            </div>
            {move || error.get().map(|e| view! { <div class="error-summary" role="alert" id="attach-error"><pre>{e}</pre></div> })}
            {move || (hidden() > 0).then(|| show_confidential_box(show_confidential, hidden))}
            <div id="attachments">{list}</div>
            {move || preview.get().map(|s| preview_view(s, close))}
            <Confirm open=confirm_open message=Signal::derive(move || app.t(T::ConfirmDeleteAttachment).to_string()) confirm_label=T::Delete on_confirm=delete />
        </section>
    }
}

/// "Show confidential files", with how many are hidden.
fn show_confidential_box(show: RwSignal<bool>, hidden: impl Fn() -> usize + Copy + Send + Sync + 'static) -> impl IntoView {
    let app = use_app();
    view! {
        <label class="check show-confidential">
            <input type="checkbox" id="show-confidential" prop:checked=move || show.get() on:change=move |ev| show.set(event_target_checked(&ev)) />
            " "{app.t(T::ShowConfidential)}
            {move || (!show.get()).then(|| format!(" ({} {})", app.t(T::ConfidentialHidden), hidden()))}
        </label>
    }
}

/// Files (sorted by folder) in a group per folder.
fn by_folder(files: Vec<Attachment>) -> Vec<(String, Vec<Attachment>)> {
    let mut groups: Vec<(String, Vec<Attachment>)> = Vec::new();
    for a in files {
        match groups.last_mut() {
            Some((f, list)) if *f == a.folder => list.push(a),
            _ => groups.push((a.folder.clone(), vec![a])),
        }
    }
    groups
}

/// A file's preview: an image or a PDF as a Blob URL typed as what the
/// preview expects (whatever the file claimed, the browser never renders
/// it as a page of ours), the start of a text, or nothing to show.
async fn load_preview(app: App, a: Attachment) -> Result<Shown, String> {
    let lang = app.lang.get_untracked();
    let look = look(&a.media_type);
    let blob = match app.read_file(a.id).await {
        Ok(Some(b)) => b,
        Ok(None) => return Err(format!("{}: {}", a.name, lang.t(missing(app)))),
        Err(e) => return Err(crate::ui::errors::store_error(lang, &e)),
    };
    let mut shown = Shown { id: a.id, name: a.name.clone(), look, url: None, text: None };
    match look {
        Look::Image | Look::Pdf => {
            let essence = a.media_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
            let typed = blob.slice_with_f64_and_f64_and_content_type(0.0, blob.size(), &essence);
            shown.url = typed.ok().and_then(|b| web_sys::Url::create_object_url_with_blob(&b).ok());
        }
        Look::Text => {
            if let Ok(part) = blob.slice_with_f64_and_f64(0.0, blob.size().min(TEXT_PREVIEW_BYTES)) {
                if let Ok(text) = wasm_bindgen_futures::JsFuture::from(part.text()).await {
                    shown.text = text.as_string();
                }
            }
        }
        Look::None => {}
    }
    Ok(shown)
}

/// Downloads a file as bytes to save, never as something to show.
async fn download_file(app: App, a: Attachment, error: RwSignal<Option<String>>) {
    let lang = app.lang.get_untracked();
    match app.read_file(a.id).await {
        Ok(Some(blob)) => {
            let saved = blob.slice_with_f64_and_f64_and_content_type(0.0, blob.size(), "application/octet-stream").unwrap_or(blob);
            if let Err(e) = web::download_blob(&a.name, &saved) {
                app.error(e);
            }
        }
        Ok(None) => error.set(Some(format!("{}: {}", a.name, lang.t(missing(app))))),
        Err(e) => error.set(Some(crate::ui::errors::store_error(lang, &e))),
    }
}

/// The preview of a file under the list, with its name and "Close".
fn preview_view(s: Shown, close: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let app = use_app();
    let lang = app.lang.get();
    let body = match (s.look, s.url.clone(), s.text.clone()) {
        (Look::Image, Some(url), _) => view! { <img src=url alt=s.name.clone() /> }.into_any(),
        (Look::Pdf, Some(url), _) => view! { <iframe src=url title=s.name.clone()></iframe> }.into_any(),
        (Look::Text, _, Some(text)) => view! { <pre>{text}</pre> }.into_any(),
        _ => view! { <p class="muted">{lang.t(T::NoPreview)}</p> }.into_any(),
    };
    view! {
        <div class="attachment-preview" id="attachment-preview" role="region" aria-label=format!("{}: {}", lang.t(T::Preview), s.name)>
            <div class="card-head">
                <h3>{s.name.clone()}</h3>
                <button type="button" class="button small" id="close-preview" on:click=move |_| close()>{lang.t(T::Close)}</button>
            </div>
            {body}
        </div>
    }
}

/// Name, folder and confidential mark of one file, edited in its row.
#[component]
fn FileEditor(file: Attachment, editing: RwSignal<Option<Uuid>>, error: RwSignal<Option<String>>) -> impl IntoView {
    let app = use_app();
    let name = RwSignal::new(file.name.clone());
    let folder = RwSignal::new(file.folder.clone());
    let confidential = RwSignal::new(file.confidential);
    let id = file.id;
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let edit = FileEdit { name: name.get_untracked(), folder: folder.get_untracked(), confidential: confidential.get_untracked() };
        let lang = app.lang.get_untracked();
        leptos::task::spawn_local(async move {
            match app.commit(move |crm, ctx| crm.edit_attachment(id, edit, ctx)).await {
                Ok(_) => {
                    error.set(None);
                    editing.set(None);
                }
                Err(e) => error.set(problems(lang, &e.refused())),
            }
        });
    };
    let list = format!("folders-{}", file.record_id);
    view! {
        <form class="inline-form file-editor" on:submit=save>
            <label>{move || app.t(T::FieldName)}" "<input type="text" class="file-name-input" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) required maxlength="255" /></label>
            <label>{move || app.t(T::FieldFolder)}" "<input type="text" class="file-folder-input" list=list placeholder=move || app.t(T::NoFolder) prop:value=move || folder.get() on:input=move |ev| folder.set(event_target_value(&ev)) maxlength="200" /></label>
            <label class="check"><input type="checkbox" class="file-confidential-input" prop:checked=move || confidential.get() on:change=move |ev| confidential.set(event_target_checked(&ev)) />" "{move || app.t(T::Confidential)}</label>
            <div class="actions">
                <button type="submit" class="button small primary">{move || app.t(T::Save)}</button>
                <button type="button" class="button small" on:click=move |_| editing.set(None)>{move || app.t(T::Cancel)}</button>
            </div>
        </form>
    }
}

fn file_list(list: &web_sys::FileList) -> Vec<web_sys::File> {
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

/// The refused fields, a line each; None for none.
fn problems(lang: Lang, errors: &[crate::model::FieldError]) -> Option<String> {
    (!errors.is_empty()).then(|| errors.iter().map(|e| i18n::field_error(lang, e)).collect::<Vec<_>>().join("\n"))
}

/// Why a file's contents are not here: still to come through the sync,
/// or gone (deleted, or the data was restored without it).
fn missing(app: App) -> T {
    if app.sync.connection.with_untracked(Option::is_some) {
        T::FileContentsComing
    } else {
        T::FileContentsMissing
    }
}

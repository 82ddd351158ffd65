//! HTTP to a CouchDB server (issue 26): the session login and the
//! replication endpoints, carried by `fetch`. What is sent and what the
//! replies mean is the core's (`vizitka_core::sync::protocol`); this only
//! moves text. The session is CouchDB's cookie (`POST /_session`), so the
//! password is sent once and never kept.
//!
//! Replies are read as JSON whatever their content type: pouchdb-server,
//! the test stand-in, answers `text/plain`.

use crate::sync::protocol::{self, Changes, ProtocolError, Saved, Seq};
use serde_json::Value;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Why a request to the server did not do what it was for.
#[derive(Debug, Clone, PartialEq)]
pub enum SyncError {
    /// The address is not an `https://` URL of a server (`http://` only
    /// on this computer).
    BadAddress,
    /// Not a name CouchDB takes: a lowercase letter first, then lowercase
    /// letters, digits and `_ $ ( ) + - /`.
    BadDatabaseName,
    /// No answer: offline, the server is down, or it refused the app's
    /// origin (CORS), which a browser does not tell apart.
    Unreachable,
    /// The server does not know this name and password (its words).
    BadLogin(String),
    /// Logged out, or the session expired: log in again.
    Unauthorized(String),
    /// The database's security or validation refused it (its words).
    Forbidden(String),
    /// No such database (or document).
    NotFound,
    /// Any other error reply.
    Server { status: u16, error: String, reason: String },
    /// A reply that is not the protocol's.
    Protocol(ProtocolError),
}

/// One database on one server.
#[derive(Debug, Clone, PartialEq)]
pub struct Couch {
    server: String,
    pub db: String,
}

impl Couch {
    /// `server` as the user typed it (`https://couch.example.cz/`); `db`
    /// the database's name.
    pub fn new(server: &str, db: &str) -> Result<Couch, SyncError> {
        let server = server.trim().trim_end_matches('/');
        let url = web_sys::Url::new(server).map_err(|_| SyncError::BadAddress)?;
        // Plain http only to this computer: the password and every record
        // would cross the network readable (and the page's Content
        // Security Policy lets the app reach https: and loopback only).
        let local = matches!(url.hostname().as_str(), "localhost" | "127.0.0.1");
        let scheme_ok = url.protocol() == "https:" || (url.protocol() == "http:" && local);
        if !scheme_ok || url.host().is_empty() {
            return Err(SyncError::BadAddress);
        }
        let db = db.trim();
        let mut chars = db.chars();
        let first_ok = chars.next().is_some_and(|c| c.is_ascii_lowercase());
        if !first_ok || !chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "_$()+-/".contains(c)) {
            return Err(SyncError::BadDatabaseName);
        }
        Ok(Couch { server: server.to_string(), db: db.to_string() })
    }

    /// Logs in; the server's session cookie carries every later request.
    /// The name the server knows the user by.
    pub async fn login(&self, name: &str, password: &str) -> Result<String, SyncError> {
        let body = serde_json::json!({ "name": name, "password": password }).to_string();
        match self.request("POST", "/_session", Some(&body)).await {
            Ok(v) => Ok(v.get("name").and_then(Value::as_str).unwrap_or(name).to_string()),
            Err(SyncError::Unauthorized(reason)) => Err(SyncError::BadLogin(reason)),
            Err(e) => Err(e),
        }
    }

    /// Who the session is of (`None`: not logged in).
    pub async fn session(&self) -> Result<Option<String>, SyncError> {
        let v = self.request("GET", "/_session", None).await?;
        Ok(v.pointer("/userCtx/name").and_then(Value::as_str).map(str::to_string))
    }

    pub async fn logout(&self) -> Result<(), SyncError> {
        self.request("DELETE", "/_session", None).await.map(|_| ())
    }

    /// One page of changes after `since`.
    pub async fn changes(&self, since: &Seq) -> Result<Changes, SyncError> {
        let text = self.text("GET", &protocol::changes_path(&self.db, since, false), None).await?;
        Changes::parse(&text).map_err(SyncError::Protocol)
    }

    /// Waits for the changes after `since`, at most `wait_ms`; `None`
    /// when none came. CouchDB answers a longpoll at its `timeout`;
    /// pouchdb-server only when a change comes, so the request is aborted
    /// on the app's own timer either way.
    pub async fn wait_for_changes(&self, since: &Seq, wait_ms: i32) -> Result<Option<Changes>, SyncError> {
        let controller = web_sys::AbortController::new().map_err(|_| SyncError::Unreachable)?;
        self.wait_for_changes_until(since, wait_ms, &controller).await
    }

    /// [`Couch::wait_for_changes`] that `stop` also ends (a change made
    /// here wants to go up now), as the timer does: no page.
    pub async fn wait_for_changes_until(
        &self,
        since: &Seq,
        wait_ms: i32,
        controller: &web_sys::AbortController,
    ) -> Result<Option<Changes>, SyncError> {
        let window = web_sys::window().ok_or(SyncError::Unreachable)?;
        let abort = {
            let controller = controller.clone();
            wasm_bindgen::closure::Closure::once(move || controller.abort())
        };
        let timer = window
            .set_timeout_with_callback_and_timeout_and_arguments_0(abort.as_ref().unchecked_ref(), wait_ms)
            .map_err(|_| SyncError::Unreachable)?;
        let reply = self.fetch_text("GET", &protocol::changes_path(&self.db, since, true), None, Some(&controller.signal())).await;
        window.clear_timeout_with_handle(timer);
        drop(abort);
        // The timer may end the request while its reply is being read: a
        // page cut short is no page (the next wait asks from the same `since`).
        let ended = controller.signal().aborted();
        match reply.and_then(|text| Changes::parse(&text).map_err(SyncError::Protocol)) {
            Ok(page) => Ok((!page.rows.is_empty()).then_some(page)),
            Err(_) if ended => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// How many documents the database holds (it exists, and this user
    /// may read it).
    pub async fn doc_count(&self) -> Result<u64, SyncError> {
        let v = self.request("GET", &protocol::db_path(&self.db), None).await?;
        Ok(v.get("doc_count").and_then(Value::as_u64).unwrap_or(0))
    }

    /// Sends documents; what became of each, in order.
    pub async fn push(&self, docs: &[Value]) -> Result<Vec<Saved>, SyncError> {
        let body = protocol::bulk_docs_body(docs);
        let text = self.text("POST", &protocol::bulk_docs_path(&self.db), Some(&body)).await?;
        Saved::parse_reply(&text).map_err(SyncError::Protocol)
    }

    /// The server's copy of a document, with its conflicting revisions
    /// (`None`: it has none, or it is deleted).
    pub async fn get(&self, doc_id: &str) -> Result<Option<Value>, SyncError> {
        match self.request("GET", &protocol::doc_path(&self.db, doc_id), None).await {
            Ok(v) => Ok(Some(v)),
            Err(SyncError::NotFound) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// One revision of a document (`None`: the server has no such).
    pub async fn get_rev(&self, doc_id: &str, rev: &protocol::Rev) -> Result<Option<Value>, SyncError> {
        match self.request("GET", &protocol::doc_rev_path(&self.db, doc_id, rev), None).await {
            Ok(v) => Ok(Some(v)),
            Err(SyncError::NotFound) => Ok(None),
            Err(e) => Err(e),
        }
    }

    async fn request(&self, method: &str, path: &str, body: Option<&str>) -> Result<Value, SyncError> {
        let text = self.text(method, path, body).await?;
        serde_json::from_str(&text).map_err(|e| SyncError::Protocol(ProtocolError::NotJson { line: e.line(), column: e.column() }))
    }

    /// The reply's text when its status is a success; an error reply as
    /// the error it names.
    async fn text(&self, method: &str, path: &str, body: Option<&str>) -> Result<String, SyncError> {
        self.fetch_text(method, path, body, None).await
    }

    async fn fetch_text(&self, method: &str, path: &str, body: Option<&str>, signal: Option<&web_sys::AbortSignal>) -> Result<String, SyncError> {
        let body = body.map(|b| (JsValue::from_str(b), "application/json"));
        let response = self.fetch(method, path, body.as_ref().map(|(b, t)| (b, *t)), "application/json", signal).await?;
        Ok(text_of(&response).await)
    }

    /// Sends an attachment record's file as its document's CouchDB
    /// attachment, on top of revision `rev`; the document's new revision.
    pub async fn put_file(&self, doc_id: &str, rev: &protocol::Rev, media_type: &str, file: &web_sys::Blob) -> Result<protocol::Rev, SyncError> {
        let media_type = if media_type.is_empty() { "application/octet-stream" } else { media_type };
        let path = protocol::file_path(&self.db, doc_id, Some(rev));
        let response = self.fetch("PUT", &path, Some((file.as_ref(), media_type)), "application/json", None).await?;
        let text = text_of(&response).await;
        protocol::parse_written(&text).map_err(SyncError::Protocol)
    }

    /// An attachment record's file (`None`: the server has none).
    pub async fn get_file(&self, doc_id: &str) -> Result<Option<web_sys::Blob>, SyncError> {
        let response = match self.fetch("GET", &protocol::file_path(&self.db, doc_id, None), None, "*/*", None).await {
            Ok(r) => r,
            Err(SyncError::NotFound) => return Ok(None),
            Err(e) => return Err(e),
        };
        let blob = JsFuture::from(response.blob().map_err(|_| SyncError::Unreachable)?).await.map_err(|_| SyncError::Unreachable)?;
        Ok(blob.dyn_into::<web_sys::Blob>().ok())
    }

    /// The reply when its status is a success; an error reply as the
    /// error it names.
    async fn fetch(
        &self,
        method: &str,
        path: &str,
        body: Option<(&JsValue, &str)>,
        accept: &str,
        signal: Option<&web_sys::AbortSignal>,
    ) -> Result<web_sys::Response, SyncError> {
        let init = web_sys::RequestInit::new();
        init.set_signal(signal);
        init.set_method(method);
        init.set_credentials(web_sys::RequestCredentials::Include);
        init.set_mode(web_sys::RequestMode::Cors);
        if let Some((body, _)) = body {
            init.set_body(body);
        }
        let url = format!("{}{path}", self.server);
        let request = web_sys::Request::new_with_str_and_init(&url, &init).map_err(|_| SyncError::BadAddress)?;
        let headers = request.headers();
        let _ = headers.set("Accept", accept);
        if let Some((_, content_type)) = body {
            let _ = headers.set("Content-Type", content_type);
        }
        let window = web_sys::window().ok_or(SyncError::Unreachable)?;
        let response: web_sys::Response = JsFuture::from(window.fetch_with_request(&request))
            .await
            .map_err(|_| SyncError::Unreachable)?
            .dyn_into()
            .map_err(|_| SyncError::Unreachable)?;
        let status = response.status();
        if (200..300).contains(&status) {
            return Ok(response);
        }
        let text = text_of(&response).await;
        let v: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        let word = |k: &str| v.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
        Err(match status {
            401 => SyncError::Unauthorized(word("reason")),
            403 => SyncError::Forbidden(word("reason")),
            404 => SyncError::NotFound,
            _ => SyncError::Server { status, error: word("error"), reason: word("reason") },
        })
    }
}

/// A reply's body as text (empty if it does not read).
async fn text_of(response: &web_sys::Response) -> String {
    match response.text() {
        Ok(p) => JsFuture::from(p).await.ok().and_then(|t| t.as_string()).unwrap_or_default(),
        Err(_) => String::new(),
    }
}

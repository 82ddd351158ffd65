//! The subset of CouchDB's replication protocol the app speaks
//! (docs.couchdb.org, "Replication Protocol"): `_changes` pages to pull,
//! `_bulk_docs` to push. Requests are built and replies read here; the
//! app only carries them over HTTP.
//!
//! Replies are read as JSON whatever their content type (pouchdb-server
//! says `text/plain`), and a sequence is opaque: CouchDB 3 writes strings
//! (`"12-g1AAAA…"`), pouchdb-server integers, and either is handed back
//! exactly as it came.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A document revision, as the server wrote it (`"3-a1b2…"`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Rev(pub String);

/// A position in the server's change feed: the JSON it came as, string
/// or number, never interpreted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Seq(pub Value);

impl Seq {
    /// Before the first change: a pull from here brings everything.
    pub fn start() -> Seq {
        Seq(Value::from(0))
    }

    /// The value of a `since=` parameter: a string's text, a number's digits.
    fn as_param(&self) -> String {
        match &self.0 {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        }
    }
}

/// How many changes one pull asks for; a push sends as many documents.
pub const BATCH: usize = 500;

/// The path (after the server's URL) of one page of changes after `since`:
/// whole documents, every leaf revision, and the conflicts beside each.
/// `longpoll`: wait for the next change when there is none.
pub fn changes_path(db: &str, since: &Seq, longpoll: bool) -> String {
    let mut path =
        format!("/{}/_changes?style=all_docs&include_docs=true&conflicts=true&limit={BATCH}&since={}", encode(db), encode(&since.as_param()));
    if longpoll {
        // pouchdb-server ignores `timeout`: the app aborts a longpoll on
        // its own timer and asks again.
        path.push_str("&feed=longpoll&timeout=25000&heartbeat=false");
    }
    path
}

/// The path of `_bulk_docs`, and of one document (to fetch the server's
/// copy after a conflict, with its conflicting revisions).
/// The path of the database itself (its size, whether it exists).
pub fn db_path(db: &str) -> String {
    format!("/{}", encode(db))
}

pub fn bulk_docs_path(db: &str) -> String {
    format!("/{}/_bulk_docs", encode(db))
}

pub fn doc_path(db: &str, doc_id: &str) -> String {
    format!("/{}/{}?conflicts=true", encode(db), encode(doc_id))
}

/// The path of one revision of a document (one the server did not choose).
pub fn doc_rev_path(db: &str, doc_id: &str, rev: &Rev) -> String {
    format!("/{}/{}?rev={}", encode(db), encode(doc_id), encode(&rev.0))
}

/// The name of the one CouchDB attachment an attachment record's
/// document carries: the file's bytes.
pub const FILE: &str = "file";

/// The path of an attachment record's file on the server: to send it on
/// top of the document's revision `rev`, or (`None`) to fetch it.
pub fn file_path(db: &str, doc_id: &str, rev: Option<&Rev>) -> String {
    let mut path = format!("/{}/{}/{FILE}", encode(db), encode(doc_id));
    if let Some(rev) = rev {
        path.push_str(&format!("?rev={}", encode(&rev.0)));
    }
    path
}

/// The document's new revision a reply to a write of one document names
/// (`{"ok":true,"id":…,"rev":…}`).
pub fn parse_written(text: &str) -> Result<Rev, ProtocolError> {
    let v = json(text)?;
    v.get("rev").and_then(Value::as_str).map(|r| Rev(r.to_string())).ok_or(ProtocolError::Unexpected("rev"))
}

/// The body of a `_bulk_docs` request.
pub fn bulk_docs_body(docs: &[Value]) -> String {
    serde_json::json!({ "docs": docs }).to_string()
}

/// Percent-encodes everything but the unreserved characters, so a database
/// name or a sequence with `/`, `+` or `=` stays one path or query part.
fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A reply that is not what the protocol says.
#[derive(Debug, Clone, PartialEq)]
pub enum ProtocolError {
    NotJson {
        line: usize,
        column: usize,
    },
    /// JSON, but without what a reply of this kind has (what is missing).
    Unexpected(&'static str),
    /// An error reply (`{"error": …, "reason": …}`) where data was expected.
    Server {
        error: String,
        reason: String,
    },
}

fn json(text: &str) -> Result<Value, ProtocolError> {
    let v: Value = serde_json::from_str(text).map_err(|e| ProtocolError::NotJson { line: e.line(), column: e.column() })?;
    if let Some(error) = v.get("error").and_then(Value::as_str) {
        let reason = v.get("reason").and_then(Value::as_str).unwrap_or_default();
        return Err(ProtocolError::Server { error: error.to_string(), reason: reason.to_string() });
    }
    Ok(v)
}

/// One page of `_changes`.
#[derive(Debug, Clone, PartialEq)]
pub struct Changes {
    pub rows: Vec<ChangeRow>,
    /// Where the next pull starts: stored with the records this page
    /// brought, in one transaction.
    pub last_seq: Seq,
    /// Changes the server has after this page, when it says.
    pub pending: Option<u64>,
}

/// One row of a `_changes` page: the document as it is now.
#[derive(Debug, Clone, PartialEq)]
pub struct ChangeRow {
    pub id: String,
    pub seq: Seq,
    /// Its leaf revisions (`style=all_docs`).
    pub revs: Vec<Rev>,
    pub deleted: bool,
    pub doc: Option<Value>,
}

impl Changes {
    pub fn parse(text: &str) -> Result<Changes, ProtocolError> {
        let v = json(text)?;
        let results = v.get("results").and_then(Value::as_array).ok_or(ProtocolError::Unexpected("results"))?;
        let last_seq = Seq(v.get("last_seq").cloned().ok_or(ProtocolError::Unexpected("last_seq"))?);
        let rows = results
            .iter()
            .map(|r| {
                Ok(ChangeRow {
                    id: r.get("id").and_then(Value::as_str).ok_or(ProtocolError::Unexpected("a change's id"))?.to_string(),
                    seq: Seq(r.get("seq").cloned().ok_or(ProtocolError::Unexpected("a change's seq"))?),
                    revs: r
                        .get("changes")
                        .and_then(Value::as_array)
                        .map(|c| c.iter().filter_map(|x| x.get("rev")?.as_str()).map(|s| Rev(s.to_string())).collect())
                        .unwrap_or_default(),
                    deleted: r.get("deleted").and_then(Value::as_bool).unwrap_or(false),
                    doc: r.get("doc").filter(|d| !d.is_null()).cloned(),
                })
            })
            .collect::<Result<_, _>>()?;
        Ok(Changes { rows, last_seq, pending: v.get("pending").and_then(Value::as_u64) })
    }
}

/// What the server did with one document of a `_bulk_docs` push.
#[derive(Debug, Clone, PartialEq)]
pub enum Saved {
    Stored {
        id: String,
        rev: Rev,
    },
    /// Someone else stored it since the revision we named: fetch theirs
    /// and merge.
    Conflict {
        id: String,
    },
    /// The database's validation or security refused it: shown, not retried.
    Forbidden {
        id: String,
        reason: String,
    },
    Unauthorized {
        id: String,
        reason: String,
    },
    Failed {
        id: String,
        error: String,
        reason: String,
    },
}

impl Saved {
    /// Reads a `_bulk_docs` reply: one entry per document sent.
    pub fn parse_reply(text: &str) -> Result<Vec<Saved>, ProtocolError> {
        let v = json(text)?;
        let items = v.as_array().ok_or(ProtocolError::Unexpected("a list of results"))?;
        items
            .iter()
            .map(|r| {
                let id = r.get("id").and_then(Value::as_str).ok_or(ProtocolError::Unexpected("a result's id"))?.to_string();
                let text = |k: &str| r.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
                Ok(match r.get("error").and_then(Value::as_str) {
                    None => Saved::Stored {
                        rev: Rev(r.get("rev").and_then(Value::as_str).ok_or(ProtocolError::Unexpected("a result's rev"))?.to_string()),
                        id,
                    },
                    Some("conflict") => Saved::Conflict { id },
                    Some("forbidden") => Saved::Forbidden { id, reason: text("reason") },
                    Some("unauthorized") => Saved::Unauthorized { id, reason: text("reason") },
                    Some(error) => Saved::Failed { id, error: error.to_string(), reason: text("reason") },
                })
            })
            .collect()
    }
}

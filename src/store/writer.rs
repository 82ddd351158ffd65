//! The segment writer: a dedicated worker (writer.js, compiled into the
//! wasm, so it can never be a different version than the page) that
//! rewrites every segment and empties the log in one transaction.
//!
//! Why a worker: on the page's thread, IndexedDB makes no progress on a
//! transaction while the page computes. An import hands the writer its
//! 65 MB of segments and builds the in-memory indexes meanwhile; the two
//! take about as long, so the write costs almost nothing.

use std::cell::RefCell;
use std::rc::Rc;

use futures::channel::oneshot;
use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use super::StoreError;
use crate::segments::{Run, Segment};

const SOURCE: &str = include_str!("writer.js");

/// One rewrite of every segment: the database, its layout, and checks.
pub struct Rewrite<'a> {
    pub db: &'a str,
    pub version: u32,
    pub segments: Vec<Segment>,
    /// What [`Run::File`] ranges point into; handed over without a copy,
    /// and unusable on the page afterwards.
    pub file: Option<js_sys::ArrayBuffer>,
    /// None leaves the files as they are (a compaction).
    pub files: Option<super::FileWrites>,
    pub expect: Option<Expect<'a>>,
    /// A test fault: abort before this many puts.
    pub abort_after: Option<usize>,
}

/// What a compaction expects to find: the generation it loaded and every
/// log entry it has in memory. Anything else means another tab wrote.
pub struct Expect<'a> {
    pub generation: f64,
    pub log: &'a [u64],
}

type Reply = Result<JsValue, String>;

pub struct Writer {
    worker: web_sys::Worker,
    url: String,
    /// The one rewrite in flight (the store's lock allows no second).
    waiting: Rc<RefCell<Option<oneshot::Sender<Reply>>>>,
    /// Set when the worker reported an error it did not catch: it could
    /// not start (a Content-Security-Policy without `worker-src blob:`) or
    /// broke. Nothing posted to it would ever be answered.
    broken: Rc<RefCell<Option<String>>>,
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::ErrorEvent)>,
}

fn set(o: &Object, key: &str, value: &JsValue) {
    // Setting a property on a plain object cannot fail.
    let _ = Reflect::set(o, &JsValue::from_str(key), value);
}

fn error_text(e: JsValue) -> String {
    e.as_string().or_else(|| js_sys::Error::from(e).message().as_string()).unwrap_or_default()
}

impl Writer {
    /// Starts the worker and has it open `db` already, so the first write
    /// does not wait for the connection.
    pub fn spawn(db: &str, version: u32) -> Result<Writer, StoreError> {
        let unavailable = |e: JsValue| StoreError::Unavailable(format!("the background writer could not start: {}", error_text(e)));
        let options = web_sys::BlobPropertyBag::new();
        options.set_type("text/javascript");
        let parts = Array::of1(&JsValue::from_str(SOURCE));
        let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(unavailable)?;
        let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(unavailable)?;
        let worker = web_sys::Worker::new(&url).map_err(unavailable)?;
        let waiting: Rc<RefCell<Option<oneshot::Sender<Reply>>>> = Rc::default();
        let w = waiting.clone();
        let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            if let Some(tx) = w.borrow_mut().take() {
                let _ = tx.send(Ok(e.data()));
            }
        });
        let w = waiting.clone();
        let broken: Rc<RefCell<Option<String>>> = Rc::default();
        let b = broken.clone();
        let on_error = Closure::<dyn FnMut(web_sys::ErrorEvent)>::new(move |e: web_sys::ErrorEvent| {
            let why = format!("the background writer failed: {}", e.message());
            *b.borrow_mut() = Some(why.clone());
            if let Some(tx) = w.borrow_mut().take() {
                let _ = tx.send(Err(why));
            }
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        let warm = Object::new();
        set(&warm, "open", &JsValue::from_str(db));
        set(&warm, "version", &JsValue::from(version));
        worker.post_message(&warm).map_err(unavailable)?;
        Ok(Writer { worker, url, waiting, broken, _on_message: on_message, _on_error: on_error })
    }

    /// Sends the rewrite now and returns its outcome as a future: the new
    /// generation, or why nothing was written. Encoded runs are copied out
    /// of wasm memory once; the file is handed over without a copy.
    pub fn rewrite(&self, rewrite: Rewrite) -> impl std::future::Future<Output = Result<f64, StoreError>> + use<> {
        let (tx, rx) = oneshot::channel();
        let broken = self.broken.borrow().clone();
        let sent = match broken {
            Some(why) => Err(StoreError::Aborted(why)),
            None => self.post(rewrite),
        };
        if sent.is_ok() {
            *self.waiting.borrow_mut() = Some(tx);
        }
        async move {
            sent?;
            let reply = rx.await.map_err(|_| StoreError::Aborted("the background writer stopped".into()))?.map_err(StoreError::Aborted)?;
            outcome(&reply)
        }
    }

    /// Makes the worker throw an error it does not catch (see `Faults`).
    pub fn break_for_test(&self) {
        let m = Object::new();
        set(&m, "breakForTest", &JsValue::TRUE);
        let _ = self.worker.post_message(&m);
    }

    fn post(&self, Rewrite { db, version, segments, file, files, expect, abort_after }: Rewrite) -> Result<(), StoreError> {
        if file.is_none() && segments.iter().any(Segment::uses_file) {
            return Err(StoreError::Aborted("segments point into a file the writer was not given".into()));
        }
        let keys = Array::new();
        let runs = Array::new();
        let transfer = Array::new();
        for segment in segments {
            keys.push(&JsValue::from_str(&segment.key));
            let parts = Array::new();
            for run in segment.runs {
                match run {
                    Run::Encoded(bytes) => {
                        let part = Uint8Array::from(&bytes[..]);
                        transfer.push(&part.buffer());
                        parts.push(&part);
                    }
                    Run::File(r) => {
                        parts.push(&Array::of2(&JsValue::from_f64(r.start as f64), &JsValue::from_f64(r.end as f64)));
                    }
                }
            }
            runs.push(&parts);
        }
        let m = Object::new();
        set(&m, "rewrite", &JsValue::from_str(db));
        set(&m, "version", &JsValue::from(version));
        set(&m, "keys", &keys);
        set(&m, "runs", &runs);
        if let Some(file) = file {
            transfer.push(&file);
            set(&m, "file", &file);
        }
        if let Some(files) = files {
            let o = Object::new();
            set(&o, "clear", &JsValue::from_bool(files.clear));
            let put = Array::new();
            for (id, media_type, bytes) in files.put {
                let data = Uint8Array::from(&bytes[..]);
                transfer.push(&data.buffer());
                let entry = Array::of3(&JsValue::from_str(&id.to_string()), &JsValue::from_str(&media_type), &data);
                put.push(&entry);
            }
            set(&o, "put", &put);
            set(&m, "files", &o);
        }
        let expect = match expect {
            Some(e) => {
                let o = Object::new();
                set(&o, "generation", &JsValue::from_f64(e.generation));
                set(&o, "log", &e.log.iter().map(|&k| JsValue::from_f64(k as f64)).collect::<Array>());
                o.into()
            }
            None => JsValue::NULL,
        };
        set(&m, "expect", &expect);
        set(&m, "abortAfter", &abort_after.map_or(JsValue::NULL, |n| JsValue::from_f64(n as f64)));
        self.worker
            .post_message_with_transfer(&m, &transfer)
            .map_err(|e| StoreError::Aborted(format!("the background writer could not be reached: {}", error_text(e))))
    }
}

/// The worker's reply as the store's result.
fn outcome(reply: &JsValue) -> Result<f64, StoreError> {
    let get = |key: &str| Reflect::get(reply, &JsValue::from_str(key)).ok().filter(|v| !v.is_undefined() && !v.is_null());
    if let Some(g) = get("generation").and_then(|g| g.as_f64()) {
        return Ok(g);
    }
    if get("stale").is_some() {
        return Err(StoreError::Stale);
    }
    if let Some(why) = get("aborted").and_then(|a| a.as_string()) {
        return Err(StoreError::Aborted(why));
    }
    let name = get("error").and_then(|n| n.as_string()).unwrap_or_default();
    let message = get("message").and_then(|m| m.as_string()).unwrap_or_default();
    Err(match name.as_str() {
        "QuotaExceededError" => StoreError::Quota(message),
        "" => StoreError::Aborted("the browser aborted the transaction".into()),
        _ => StoreError::Aborted(format!("{name}: {message}")),
    })
}

impl Drop for Writer {
    fn drop(&mut self) {
        self.worker.terminate();
        let _ = web_sys::Url::revoke_object_url(&self.url);
    }
}

//! Browser glue that is not storage: the clock, random ids, small
//! preferences in localStorage, and moving files in and out.

pub mod couch;

use chrono::{DateTime, Utc};
use uuid::Uuid;
use wasm_bindgen::{JsCast, JsValue};

use crate::model::ids::new_id;

/// The path the app is served under, without its last "/": "" at the site
/// root, "/vizitka" for https://name.github.io/vizitka/. The release build
/// writes it into the page (`<meta name="vizitka-base">`, scripts/build.mjs);
/// a page without it is at the root.
pub fn base() -> &'static str {
    static BASE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    BASE.get_or_init(|| {
        let meta = web_sys::window().and_then(|w| w.document()).and_then(|d| d.query_selector("meta[name=vizitka-base]").ok().flatten());
        meta.and_then(|m| m.get_attribute("content")).unwrap_or_default().trim_end_matches('/').to_string()
    })
}

pub fn now() -> DateTime<Utc> {
    DateTime::<Utc>::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default()
}

/// Minutes east of UTC for the user's time zone right now.
pub fn utc_offset_minutes() -> i32 {
    -(js_sys::Date::new_0().get_timezone_offset() as i32)
}

/// Minutes east of UTC in the user's time zone at the moment `t` (summer
/// and winter differ).
pub fn offset_at(t: DateTime<Utc>) -> i32 {
    -(js_sys::Date::new(&JsValue::from_f64(t.timestamp_millis() as f64)).get_timezone_offset() as i32)
}

/// [`offset_at`], remembered per quarter of an hour (offsets change on
/// those boundaries): SLA arithmetic asks for it many times per ticket.
pub fn offset_cache() -> impl Fn(DateTime<Utc>) -> i32 {
    let seen = std::cell::RefCell::new(std::collections::HashMap::new());
    move |t: DateTime<Utc>| *seen.borrow_mut().entry(t.timestamp().div_euclid(900)).or_insert_with(|| offset_at(t))
}

/// `t` as a `<input type="datetime-local">` value in the user's time zone
/// ("2026-11-22T14:30").
pub fn local_input(t: DateTime<Utc>) -> String {
    use chrono::{Datelike, Timelike};
    let local = t + chrono::Duration::minutes(i64::from(offset_at(t)));
    format!("{:04}-{:02}-{:02}T{:02}:{:02}", local.year(), local.month(), local.day(), local.hour(), local.minute())
}

/// A `datetime-local` value, read in the user's time zone.
pub fn parse_local_input(s: &str) -> Option<DateTime<Utc>> {
    let (date, time) = s.trim().split_once('T')?;
    let d = crate::model::time::parse_date(date)?;
    let (h, m) = time.split_once(':')?;
    let (h, m): (u32, u32) = (h.parse().ok()?, m.get(..2)?.parse().ok()?);
    use chrono::Datelike;
    let date = js_sys::Date::new_with_year_month_day_hr_min(d.year() as u32, d.month0() as i32, d.day() as i32, h as i32, m as i32);
    let ms = date.get_time();
    (!ms.is_nan()).then(|| DateTime::<Utc>::from_timestamp_millis(ms as i64)).flatten()
}

/// The next full hour after `t` in the user's time zone (offsets are whole
/// or half hours, so a full UTC minute count works for both).
pub fn next_full_hour(t: DateTime<Utc>) -> DateTime<Utc> {
    let offset = i64::from(offset_at(t)) * 60_000;
    let hour = 3_600_000;
    let local = t.timestamp_millis() + offset;
    DateTime::<Utc>::from_timestamp_millis((local / hour + 1) * hour - offset).unwrap_or(t)
}

/// A fresh UUID v7 from the clock and the browser's crypto RNG.
pub fn fresh_id() -> Uuid {
    let mut random = [0u8; 10];
    let filled = web_sys::window().and_then(|w| w.crypto().ok()).is_some_and(|c| c.get_random_values_with_u8_array(&mut random).is_ok());
    if !filled {
        for b in random.iter_mut() {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    new_id(js_sys::Date::now() as u64, random)
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// A tiny preference (language, theme, your name): never a record.
pub fn pref(key: &str) -> Option<String> {
    local_storage()?.get_item(&format!("vizitka.{key}")).ok()?
}

pub fn set_pref(key: &str, value: &str) {
    if let Some(s) = local_storage() {
        let _ = s.set_item(&format!("vizitka.{key}"), value);
    }
}

/// The browser's preferred languages, most preferred first.
pub fn browser_languages() -> Vec<String> {
    let Some(nav) = web_sys::window().map(|w| w.navigator()) else { return Vec::new() };
    let mut out: Vec<String> = nav.languages().iter().filter_map(|v| v.as_string()).collect();
    if out.is_empty() {
        out.extend(nav.language());
    }
    out
}

/// Offers `data` to the user as a downloaded file.
pub fn download(filename: &str, mime: &str, data: &[u8]) -> Result<(), String> {
    download_blob(filename, &blob(mime, data)?)
}

/// `data` as a Blob of type `mime`.
pub fn blob(mime: &str, data: &[u8]) -> Result<web_sys::Blob, String> {
    // The Blob copies straight out of wasm memory (an attached file can be
    // large; a Uint8Array copy first would double it).
    // SAFETY: the view is only read by the Blob constructor, which copies
    // it; nothing in between allocates here, so memory cannot grow and
    // detach it.
    let view = unsafe { js_sys::Uint8Array::view(data) };
    let blob = blob_of(&js_sys::Array::of1(&view), mime);
    drop(view);
    blob
}

fn blob_of(parts: &js_sys::Array, mime: &str) -> Result<web_sys::Blob, String> {
    let props = web_sys::BlobPropertyBag::new();
    props.set_type(mime);
    web_sys::Blob::new_with_u8_array_sequence_and_options(parts, &props).map_err(|e| format!("{e:?}"))
}

/// Bytes on their way into one Blob, a part at a time: each part is copied
/// out of wasm memory at once, so a 120 MB export never sits there whole.
/// A plain copy per part and one Blob of them all at the end: a Blob per
/// megabyte cost the browser twice as long (250–380 ms at 120 MB).
#[derive(Default)]
pub struct BlobParts(js_sys::Array);

impl BlobParts {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, data: &[u8]) {
        self.0.push(&js_sys::Uint8Array::from(data));
    }

    pub fn into_blob(self, mime: &str) -> Result<web_sys::Blob, String> {
        blob_of(&self.0, mime)
    }
}

/// A Blob's bytes.
pub async fn blob_bytes(blob: &web_sys::Blob) -> Result<Vec<u8>, String> {
    let buf = wasm_bindgen_futures::JsFuture::from(blob.array_buffer()).await.map_err(|e| format!("{e:?}"))?;
    Ok(js_sys::Uint8Array::new(&buf).to_vec())
}

/// Offers a Blob to the user as a downloaded file named `filename`.
pub fn download_blob(filename: &str, blob: &web_sys::Blob) -> Result<(), String> {
    let err = |e: JsValue| format!("{e:?}");
    let url = web_sys::Url::create_object_url_with_blob(blob).map_err(err)?;
    let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let a: web_sys::HtmlAnchorElement = document.create_element("a").map_err(err)?.unchecked_into();
    a.set_href(&url);
    a.set_download(filename);
    a.click();
    // Revoke on the next task so the download has started.
    let revoke = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    if let Some(w) = web_sys::window() {
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 1000);
    }
    Ok(())
}

/// The file just picked in the `<input type=file>` of `ev`; the input is
/// cleared so picking the same file again fires again.
pub fn take_picked_file(ev: &web_sys::Event) -> Option<web_sys::File> {
    let input = ev.target()?.dyn_into::<web_sys::HtmlInputElement>().ok()?;
    let file = input.files()?.get(0)?;
    input.set_value("");
    Some(file)
}

/// The bytes of a file the user picked, here and as the browser read them
/// (which the store's writer can take without a copy). The browser starts
/// reading at once, so the caller can show progress while it does.
pub fn read_file(file: &web_sys::File) -> impl std::future::Future<Output = Result<(Vec<u8>, js_sys::ArrayBuffer), String>> {
    let reading = wasm_bindgen_futures::JsFuture::from(file.array_buffer());
    async move {
        let buf: js_sys::ArrayBuffer = reading.await.map_err(|e| format!("{e:?}"))?.unchecked_into();
        Ok((js_sys::Uint8Array::new(&buf).to_vec(), buf))
    }
}

pub fn is_online() -> bool {
    web_sys::window().map(|w| w.navigator().on_line()).unwrap_or(true)
}

/// Runs `f` when the browser has nothing more urgent to do (an input, a
/// paint), or after `timeout_ms` at the latest. Where `requestIdleCallback`
/// is missing (Safari), after the current task.
pub fn when_idle(timeout_ms: u32, f: impl FnOnce() + 'static) {
    let Some(w) = web_sys::window() else { return };
    let f = wasm_bindgen::closure::Closure::once_into_js(f);
    let idle = js_sys::Reflect::get(&w, &JsValue::from_str("requestIdleCallback")).ok().and_then(|v| v.dyn_into::<js_sys::Function>().ok());
    let asked = idle.is_some_and(|idle| {
        let options = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&options, &JsValue::from_str("timeout"), &JsValue::from(timeout_ms));
        idle.call2(&w, &f, &options).is_ok()
    });
    if !asked {
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(f.unchecked_ref(), 0);
    }
}

/// Lets the browser paint (e.g. a progress message) before heavy work.
pub async fn yield_to_browser() {
    sleep(16).await;
}

/// Waits `ms` milliseconds on the browser's timer.
pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Times a phase as a `performance.measure` entry named `vizitka:<name>`:
/// visible in the browser's performance panel and read by `scripts/bench`.
pub struct Span {
    name: &'static str,
    start: f64,
}

impl Span {
    pub fn start(name: &'static str) -> Span {
        let start = web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or(0.0);
        Span { name, start }
    }
}

impl Drop for Span {
    fn drop(&mut self) {
        let Some(perf) = web_sys::window().and_then(|w| w.performance()) else { return };
        let end = perf.now();
        let name = format!("vizitka:{}", self.name);
        // measure(name, {start, end}) through Reflect: no extra web-sys types.
        let options = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&options, &"start".into(), &self.start.into());
        let _ = js_sys::Reflect::set(&options, &"end".into(), &end.into());
        if let Ok(measure) = js_sys::Reflect::get(&perf, &"measure".into()) {
            if let Ok(f) = measure.dyn_into::<js_sys::Function>() {
                let _ = f.call2(&perf, &name.into(), &options);
            }
        }
    }
}

/// Follows a link to another app (a `mailto:` link) as a click on it would,
/// without leaving the page.
pub fn open_external(href: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let Ok(a) = doc.create_element("a") else { return };
    let _ = a.set_attribute("href", href);
    if let (Some(body), Ok(a)) = (doc.body(), a.dyn_into::<web_sys::HtmlElement>()) {
        let _ = body.append_child(&a);
        a.click();
        a.remove();
    }
}

/// Whether this browser has notifications at all (some mobile ones do not,
/// and calling into a missing `Notification` would throw).
fn has_notifications() -> bool {
    web_sys::window().is_some_and(|w| js_sys::Reflect::has(&w, &JsValue::from_str("Notification")).unwrap_or(false))
}

/// "default" (not asked yet), "granted" or "denied"; None without support.
pub fn notification_permission() -> Option<String> {
    has_notifications()
        .then(|| match web_sys::Notification::permission() {
            web_sys::NotificationPermission::Granted => "granted",
            web_sys::NotificationPermission::Denied => "denied",
            _ => "default",
        })
        .map(str::to_string)
}

/// Asks the user to allow notifications; the answer.
pub async fn ask_notification_permission() -> Option<String> {
    if !has_notifications() {
        return None;
    }
    if let Ok(p) = web_sys::Notification::request_permission() {
        let _ = wasm_bindgen_futures::JsFuture::from(p).await;
    }
    notification_permission()
}

/// Shows a browser notification, if the user allowed them. `tag` makes a
/// repeated one replace the earlier instead of stacking.
pub fn notify(title: &str, body: &str, tag: &str) {
    if notification_permission().as_deref() != Some("granted") {
        return;
    }
    let options = web_sys::NotificationOptions::new();
    options.set_body(body);
    options.set_tag(tag);
    options.set_icon("/icons/icon.svg");
    let _ = web_sys::Notification::new_with_options(title, &options);
}

/// Runs `work` holding the Web Lock `name`, if no other tab of this site
/// holds it; `None` (nothing run) when one does. Work that must run in one
/// tab at a time (compaction, the rules' timer) goes through here. Where
/// the browser has no Web Locks, `work` runs, and the store's check that
/// no other tab wrote meanwhile is what keeps it safe.
pub async fn exclusive<T>(name: &str, work: impl std::future::Future<Output = T>) -> Option<T> {
    use futures::channel::oneshot;
    use js_sys::{Function, Object, Promise, Reflect};
    use wasm_bindgen::closure::Closure;

    let locks = web_sys::window().and_then(|w| Reflect::get(&w.navigator(), &JsValue::from_str("locks")).ok()).filter(|l| !l.is_undefined());
    let request = locks.as_ref().and_then(|l| Reflect::get(l, &JsValue::from_str("request")).ok()).and_then(|f| f.dyn_into::<Function>().ok());
    let (Some(locks), Some(request)) = (locks, request) else { return Some(work.await) };
    // The browser calls `granted` with the lock (or null when another tab
    // holds it) and keeps the lock until the promise it returns settles.
    let (tell, told) = oneshot::channel::<Option<Function>>();
    let mut tell = Some(tell);
    let granted = Closure::<dyn FnMut(JsValue) -> JsValue>::new(move |lock: JsValue| {
        let mut release = None;
        let held = Promise::new(&mut |resolve, _| release = Some(resolve));
        if let Some(tell) = tell.take() {
            let _ = tell.send((!lock.is_null()).then_some(release).flatten());
        }
        held.into()
    });
    let options = Object::new();
    let _ = Reflect::set(&options, &JsValue::from_str("ifAvailable"), &JsValue::TRUE);
    if request.call3(&locks, &JsValue::from_str(name), &options, granted.as_ref().unchecked_ref()).is_err() {
        return Some(work.await);
    }
    let release = told.await.ok().flatten()?;
    let out = work.await;
    let _ = release.call0(&JsValue::NULL);
    drop(granted);
    Some(out)
}

//! The search box in the top bar. Ctrl+K (⌘K) or "/" reaches it from
//! anywhere; typing shows the best matches of every kind under it, which
//! ↑ ↓ choose and Enter opens (Enter with none chosen opens every result
//! on the search page, where the results follow each keystroke).

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use wasm_bindgen::JsCast;

use crate::i18n::{self, T};
use crate::model::search::Query;
use crate::model::Kind;
use crate::ui::routes::record_href;
use crate::ui::state::use_app;

/// Matches shown per kind under the box.
const PER_KIND: usize = 5;

#[derive(Clone, PartialEq)]
pub struct Suggestion {
    kind: &'static str,
    href: String,
    title: String,
    sub: String,
}

/// Whether a key press belongs to a field being typed in ("/" is text there).
fn typing_in_field(ev: &web_sys::KeyboardEvent) -> bool {
    ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).is_some_and(|e| {
        matches!(e.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT") || e.get_attribute("contenteditable").is_some_and(|v| v != "false")
    })
}

fn focus_box() {
    if let Some(input) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("global-search"))
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
    {
        let _ = input.focus();
        input.select();
    }
}

#[component]
pub fn GlobalSearch() -> impl IntoView {
    let app = use_app();
    let path = crate::ui::routes::use_path();
    let params = use_query_map();
    let on_page = move || path.get() == "/search";
    let text = RwSignal::new(params.with_untracked(|p| p.get("q").unwrap_or_default()));
    let open = RwSignal::new(false);
    let active = RwSignal::new(None::<usize>);
    // Back/forward on the search page bring their query into the box.
    Effect::new(move |_| {
        if on_page() {
            text.set(params.with(|p| p.get("q").unwrap_or_default()));
        }
    });
    // Ctrl+K / ⌘K anywhere, "/" outside a field.
    let keys = window_event_listener(leptos::ev::keydown, move |ev| {
        let k = ev.key();
        if ((ev.ctrl_key() || ev.meta_key()) && k.eq_ignore_ascii_case("k"))
            || (k == "/" && !ev.ctrl_key() && !ev.meta_key() && !typing_in_field(&ev))
        {
            ev.prevent_default();
            focus_box();
        }
    });
    on_cleanup(move || keys.remove());

    // The search's code (the index's scan, the matches' titles) is a chunk,
    // fetched when the box is focused or typed in.
    let suggest = RwSignal::new(None::<crate::ui::chunks::Suggest>);
    let fetching = StoredValue::new(false);
    let fetch = move || {
        if suggest.get_untracked().is_none() && !fetching.get_value() {
            fetching.set_value(true);
            leptos::task::spawn_local(async move {
                if let Ok(f) = crate::ui::chunks::suggester().await {
                    suggest.set(Some(f));
                }
                fetching.set_value(false);
            });
        }
    };
    let suggestions = Memo::new(move |_| {
        let q = Query::new(&text.get());
        if q.is_empty() || on_page() {
            return Vec::new();
        }
        let Some(suggest) = suggest.get() else { return Vec::new() };
        let lang = app.lang.get();
        app.read_all(|crm| suggest(crm, lang, &q))
    });
    // A new list starts with nothing chosen.
    Effect::new(move |_| {
        suggestions.track();
        active.set(None);
    });

    let navigate = StoredValue::new_local(use_navigate());
    let go_search = move |replace: bool| {
        let href = crate::ui::routes::search_href(&text.get_untracked());
        navigate.with_value(|n| n(&href, NavigateOptions { replace, ..Default::default() }));
    };
    let open_href = move |href: String| {
        open.set(false);
        navigate.with_value(|n| n(&href, Default::default()));
    };
    let keydown = move |ev: web_sys::KeyboardEvent| {
        let n = suggestions.with_untracked(Vec::len);
        match ev.key().as_str() {
            "ArrowDown" if n > 0 => {
                ev.prevent_default();
                open.set(true);
                active.update(|a| *a = Some(a.map_or(0, |i| (i + 1) % n)));
            }
            "ArrowUp" if n > 0 => {
                ev.prevent_default();
                active.update(|a| *a = Some(a.map_or(n - 1, |i| (i + n - 1) % n)));
            }
            // The first Escape closes the list; the browser's (clearing a
            // search box) waits for the second.
            "Escape" if open.get_untracked() && n > 0 => {
                ev.prevent_default();
                open.set(false);
                active.set(None);
            }
            "Enter" => {
                if let Some(s) = active.get_untracked().and_then(|i| suggestions.with_untracked(|v| v.get(i).cloned())) {
                    ev.prevent_default();
                    open_href(s.href);
                }
            }
            _ => {}
        }
    };
    view! {
        <form class="global-search" role="search" on:submit=move |ev| {
            ev.prevent_default();
            open.set(false);
            go_search(on_page());
        }>
            <input
                id="global-search"
                type="search"
                class="search"
                role="combobox"
                autocomplete="off"
                aria-expanded=move || (open.get() && suggestions.with(|s| !s.is_empty())).to_string()
                aria-controls="search-suggestions"
                aria-activedescendant=move || active.get().map(|i| format!("suggestion-{i}"))
                aria-label=move || app.t(T::SearchEverything)
                placeholder=move || app.t(T::SearchEverythingKeys)
                prop:value=move || text.get()
                on:pointerdown=move |_| fetch()
                on:input=move |ev| {
                    fetch();
                    text.set(event_target_value(&ev));
                    open.set(true);
                    if on_page() {
                        go_search(true);
                    }
                }
                on:keydown=keydown
                on:focus=move |_| {
                    fetch();
                    open.set(true);
                }
                // Later than a click on a suggestion.
                on:blur=move |_| set_timeout(move || open.set(false), std::time::Duration::from_millis(200))
            />
            <Show when=move || open.get() && suggestions.with(|s| !s.is_empty())>
                <ul class="suggestions" id="search-suggestions" role="listbox" aria-label=move || app.t(T::SearchEverything)>
                    {move || suggestions.get().into_iter().enumerate().map(|(i, s)| {
                        let href = s.href.clone();
                        view! {
                            <li
                                id=format!("suggestion-{i}")
                                role="option"
                                class:active=move || active.get() == Some(i)
                                aria-selected=move || (active.get() == Some(i)).to_string()
                                on:mousedown=move |ev| {
                                    ev.prevent_default();
                                    open_href(href.clone());
                                }
                            >
                                <span class="kind">{s.kind}</span>
                                <span class="title">{s.title}</span>
                                <span class="sub">{s.sub}</span>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </Show>
        </form>
    }
}

/// The best matches of every kind for `q`, as the list under the box shows
/// them (in the search's chunk, `ui/chunks.rs`).
pub fn suggestions(crm: &crate::model::Crm, lang: i18n::Lang, q: &Query) -> Vec<Suggestion> {
    let f = crm.find_top(q, PER_KIND);
    let mut out = Vec::new();
    let kind = |k: Kind| lang.t(i18n::record_kind(k));
    out.extend(f.organizations.iter().take(PER_KIND).filter_map(|id| {
        crm.organization(*id).map(|o| Suggestion {
            kind: kind(Kind::Organization),
            href: record_href(Kind::Organization, *id),
            title: o.name.clone(),
            sub: o.billing_address.city.clone(),
        })
    }));
    out.extend(f.contacts.iter().take(PER_KIND).filter_map(|id| {
        crm.contact(*id).map(|c| Suggestion {
            kind: kind(Kind::Contact),
            href: record_href(Kind::Contact, *id),
            title: c.full_name(),
            sub: c.organization_id.map(|o| crm.label_of(o)).unwrap_or_default(),
        })
    }));
    out.extend(f.sales.iter().take(PER_KIND).map(|t| Suggestion {
        kind: kind(t.kind),
        href: record_href(t.kind, t.id),
        title: crm.label(*t),
        sub: String::new(),
    }));
    out.extend(f.files.iter().take(PER_KIND).filter_map(|id| {
        crm.attachment(*id).map(|a| Suggestion {
            kind: lang.t(T::Attachment),
            href: record_href(a.record_kind, a.record_id),
            title: a.name.clone(),
            sub: crm.label(a.target()),
        })
    }));
    out.extend(f.activities.iter().take(PER_KIND).filter_map(|id| {
        crm.activity(*id).map(|a| Suggestion {
            kind: lang.t(i18n::activity_kind(a.kind)),
            href: record_href(Kind::Activity, *id),
            title: a.title(),
            sub: String::new(),
        })
    }));
    out
}

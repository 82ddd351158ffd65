//! The Settings editors that are not one record's form (the stages, a
//! team member, the default SLA terms) keep the stored value their edit
//! started from, so a save never silently replaces what another tab saved
//! meanwhile: it is refused once, saying so, with the saved version one
//! tap away; pressing Save again keeps yours, knowingly. An editor nobody
//! has typed in simply shows what the other tab saved.

use leptos::prelude::*;

use crate::i18n::T;
use crate::model::FieldError;
use crate::ui::state::use_app;

pub struct Guard<V: 'static> {
    /// The stored value the edit builds on.
    base: RwSignal<V>,
    /// A save found the stored value changed since `base`.
    stale: RwSignal<bool>,
}

impl<V> Clone for Guard<V> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<V> Copy for Guard<V> {}

impl<V: Clone + PartialEq + Send + Sync + 'static> Guard<V> {
    pub fn new(stored: V) -> Guard<V> {
        Guard { base: RwSignal::new(stored), stale: RwSignal::new(false) }
    }

    /// The edit now builds on `stored` (just saved, or taken).
    pub fn reset(self, stored: V) {
        self.base.set(stored);
        self.stale.set(false);
    }

    /// Whether `draft` is still what the edit started from.
    pub fn untouched(self, draft: &V) -> bool {
        self.base.with_untracked(|b| b == draft)
    }

    /// Whether `stored` differs from what the edit started from.
    pub fn moved(self, stored: &V) -> bool {
        self.base.with_untracked(|b| b != stored)
    }

    /// Inside a commit, before the save's changes: refused (with no field
    /// errors) when `stored` is not what the edit started from; the edit
    /// then builds on `stored`, so the next Save goes through.
    pub fn check(self, stored: V) -> Result<(), Vec<FieldError>> {
        if self.moved(&stored) {
            self.base.set(stored);
            self.stale.set(true);
            Err(Vec::new())
        } else {
            if self.stale.get_untracked() {
                self.stale.set(false);
            }
            Ok(())
        }
    }

    /// What a refused save says, with the button that takes the saved
    /// version (`take_saved` gets it).
    pub fn notice(self, id: &'static str, take_saved: impl Fn(V) + Copy + Send + Sync + 'static) -> impl IntoView {
        let app = use_app();
        move || {
            self.stale.get().then(|| {
                view! {
                    <section class="conflict error-summary" role="alert" id=id>
                        <strong>{app.t(T::ConflictTitle)}</strong>
                        <p>{app.t(T::StaleBody)}</p>
                        <div class="actions">
                            <button type="button" class="button" on:click=move |_| {
                                let saved = self.base.get_untracked();
                                self.stale.set(false);
                                take_saved(saved);
                            }>{app.t(T::ConflictTakeTheirs)}</button>
                        </div>
                    </section>
                }
            })
        }
    }
}

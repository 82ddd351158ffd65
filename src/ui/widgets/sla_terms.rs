//! The SLA terms editor: none or some, 24/7 or business hours (weekdays
//! and hours), first-response and resolution hours per priority. A
//! contract's form and the default terms in Settings both use it; its
//! inputs are named `sla.…` in both.

use leptos::prelude::*;

use crate::i18n::{self, T};
use crate::model::contract::{Sla, SlaTarget};
use crate::model::workcal::WorkingCalendar;
use crate::model::{FieldError, Problem};
use crate::ui::state::use_app;
use crate::ui::widgets::fields::{error_line, text_input};

fn hours(minutes: u16) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

fn parse_hours(s: &str) -> Option<u16> {
    let (h, m) = s.trim().split_once(':')?;
    let (h, m): (u16, u16) = (h.parse().ok()?, m.parse().ok()?);
    (h <= 24 && m < 60 && h * 60 + m <= 24 * 60).then_some(h * 60 + m)
}

/// What the editor's inputs hold, as typed.
#[derive(Clone, Copy)]
pub struct SlaInputs {
    has: RwSignal<bool>,
    always: RwSignal<bool>,
    weekdays: RwSignal<u8>,
    open: RwSignal<String>,
    close: RwSignal<String>,
    targets: StoredValue<Vec<(SlaTarget, RwSignal<String>, RwSignal<String>)>>,
}

impl SlaInputs {
    /// Inputs showing `sla` (None: no SLA; the defaults are offered).
    pub fn new(sla: Option<&Sla>) -> Self {
        let shown = sla.cloned().unwrap_or_default();
        let (days, from, to) = match shown.calendar {
            WorkingCalendar::BusinessHours { days, start, end } => (days, start, end),
            WorkingCalendar::Always => (0b1_1111, 9 * 60, 17 * 60),
        };
        let targets = shown
            .targets
            .iter()
            .map(|t| (*t, RwSignal::new(t.first_response_hours.to_string()), RwSignal::new(t.resolution_hours.to_string())))
            .collect();
        SlaInputs {
            has: RwSignal::new(sla.is_some()),
            always: RwSignal::new(shown.calendar == WorkingCalendar::Always),
            weekdays: RwSignal::new(days),
            open: RwSignal::new(hours(from)),
            close: RwSignal::new(hours(to)),
            targets: StoredValue::new(targets),
        }
    }

    /// The terms typed (None when "no SLA"); what cannot be read goes to
    /// `problems`.
    pub fn read(&self, problems: &mut Vec<FieldError>) -> Option<Sla> {
        if !self.has.get_untracked() {
            return None;
        }
        let calendar = if self.always.get_untracked() {
            WorkingCalendar::Always
        } else {
            let days = self.weekdays.get_untracked();
            match (parse_hours(&self.open.get_untracked()), parse_hours(&self.close.get_untracked())) {
                (Some(start), Some(end)) => WorkingCalendar::BusinessHours { days, start, end },
                _ => {
                    problems.push(FieldError::new("sla.calendar.end", Problem::NotANumber));
                    WorkingCalendar::default()
                }
            }
        };
        let targets = self.targets.with_value(|list| {
            list.iter()
                .enumerate()
                .map(|(i, (t, first, resolve))| {
                    let mut t = *t;
                    match (first.get_untracked().trim().parse(), resolve.get_untracked().trim().parse()) {
                        (Ok(f), Ok(r)) => {
                            t.first_response_hours = f;
                            t.resolution_hours = r;
                        }
                        _ => problems.push(FieldError::new(format!("sla.targets[{i}].first_response_hours"), Problem::NotANumber)),
                    }
                    t
                })
                .collect()
        });
        let sla = Sla { calendar, targets };
        sla.validate("sla", problems);
        Some(sla)
    }
}

/// The editor: a switch for having terms, then the calendar and the table
/// of hours per priority. `label` names the switch.
pub fn sla_editor(inputs: SlaInputs, label: T, errors: RwSignal<Vec<FieldError>>) -> impl IntoView {
    let app = use_app();
    let SlaInputs { has, always, weekdays, open, close, targets } = inputs;
    let rows = move || {
        targets.with_value(|list| {
            list.iter()
                .map(|(t, first, resolve)| {
                    let (first, resolve) = (*first, *resolve);
                    let p = t.priority;
                    view! {
                        <tr>
                            <th scope="row">{move || app.t(i18n::sla_priority(p))}</th>
                            <td><input type="text" inputmode="numeric" class="num" id=format!("sla-first-{}", p.code()) aria-label=move || format!("{} {}", app.t(T::FieldFirstResponse), app.t(i18n::sla_priority(p))) prop:value=move || first.get() on:input=move |ev| first.set(event_target_value(&ev)) /></td>
                            <td><input type="text" inputmode="numeric" class="num" id=format!("sla-resolve-{}", p.code()) aria-label=move || format!("{} {}", app.t(T::FieldResolutionTime), app.t(i18n::sla_priority(p))) prop:value=move || resolve.get() on:input=move |ev| resolve.set(event_target_value(&ev)) /></td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <label class="check"><input type="checkbox" id="f-has-sla" prop:checked=move || has.get() on:change=move |ev| has.set(event_target_checked(&ev)) />{move || app.t(label)}</label>
        <Show when=move || has.get()>
            <fieldset>
                <label class="check"><input type="radio" name="calendar" prop:checked=move || !always.get() on:change=move |_| always.set(false) />{move || app.t(T::SlaBusinessHours)}</label>
                <label class="check"><input type="radio" name="calendar" id="sla-always" prop:checked=move || always.get() on:change=move |_| always.set(true) />{move || app.t(T::SlaAlways)}</label>
            </fieldset>
            <Show when=move || !always.get()>
                <fieldset class="weekdays">
                    <legend>{move || app.t(T::WorkingDays)}</legend>
                    {(0..7u8).map(|i| view! {
                        <label class="check">
                            <input type="checkbox" id=format!("sla-day-{i}") prop:checked=move || weekdays.get() & (1 << i) != 0 on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                weekdays.update(|d| if on { *d |= 1 << i } else { *d &= !(1 << i) });
                            } />
                            {move || i18n::weekday_name(app.lang.get(), usize::from(i))}
                        </label>
                    }).collect_view()}
                    {error_line(errors, "sla.calendar.days")}
                </fieldset>
                <div class="grid">
                    {text_input(T::FieldHoursFrom, "sla.calendar.start", open, errors)}
                    {text_input(T::FieldHoursTo, "sla.calendar.end", close, errors)}
                </div>
            </Show>
            <div class="table-wrap"><table class="items sla-terms">
                <thead><tr><th>{move || app.t(T::FieldPriority)}</th><th>{move || app.t(T::FieldFirstResponse)}</th><th>{move || app.t(T::FieldResolutionTime)}</th></tr></thead>
                <tbody>{rows}</tbody>
            </table></div>
            {error_line(errors, "sla")}
        </Show>
    }
}

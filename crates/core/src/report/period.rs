//! The period a report covers ("this quarter", "last 90 days", or days
//! picked by hand) and the spans its rows are cut into (weeks, months,
//! quarters). All in the user's local days.

use chrono::{Datelike, Duration, Months, NaiveDate};

coded! {
    /// A period relative to today, or a custom one.
    pub enum Preset {
        #[default]
        All = "all",
        ThisMonth = "this-month",
        LastMonth = "last-month",
        ThisQuarter = "this-quarter",
        LastQuarter = "last-quarter",
        ThisYear = "this-year",
        LastYear = "last-year",
        Last30 = "last-30-days",
        Last90 = "last-90-days",
        Last365 = "last-365-days",
        Custom = "custom",
    }
}

/// The period of a report: a preset, or (custom) the days from and to,
/// either open.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Period {
    pub preset: Preset,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl Period {
    pub fn preset(preset: Preset) -> Period {
        Period { preset, from: None, to: None }
    }

    /// The days it covers, `today` being the user's local day.
    pub fn range(&self, today: NaiveDate) -> Range {
        let month = first_of_month(today);
        let quarter = Span::Quarter.start(today);
        let year = NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today);
        let back = |days: i64| Range { from: Some(today - Duration::days(days - 1)), to: Some(today) };
        let between = |from: NaiveDate, next: NaiveDate| Range { from: Some(from), to: next.pred_opt() };
        match self.preset {
            Preset::All => Range::default(),
            Preset::ThisMonth => between(month, Span::Month.next(month)),
            Preset::LastMonth => between(month - Months::new(1), month),
            Preset::ThisQuarter => between(quarter, Span::Quarter.next(quarter)),
            Preset::LastQuarter => between(quarter - Months::new(3), quarter),
            Preset::ThisYear => between(year, year + Months::new(12)),
            Preset::LastYear => between(year - Months::new(12), year),
            Preset::Last30 => back(30),
            Preset::Last90 => back(90),
            Preset::Last365 => back(365),
            Preset::Custom => Range { from: self.from, to: self.to },
        }
    }
}

/// Days from and to, both included; `None` is open.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Range {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl Range {
    pub fn contains(&self, day: NaiveDate) -> bool {
        self.from.is_none_or(|f| day >= f) && self.to.is_none_or(|t| day <= t)
    }

    pub fn is_all(&self) -> bool {
        self.from.is_none() && self.to.is_none()
    }
}

/// What a report's rows are cut into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Span {
    /// Monday to Sunday.
    Week,
    Month,
    Quarter,
}

impl Span {
    /// The first day of the span `day` is in.
    pub fn start(self, day: NaiveDate) -> NaiveDate {
        match self {
            Span::Week => crate::model::agenda::week_start(day),
            Span::Month => first_of_month(day),
            Span::Quarter => NaiveDate::from_ymd_opt(day.year(), (day.month0() / 3) * 3 + 1, 1).unwrap_or(day),
        }
    }

    /// The first day of the next span, from a span's first day.
    pub fn next(self, start: NaiveDate) -> NaiveDate {
        match self {
            Span::Week => start + Duration::days(7),
            Span::Month => start + Months::new(1),
            Span::Quarter => start + Months::new(3),
        }
    }

    /// The spans from the one holding `first` to the one holding `last`,
    /// when there are at most `max` of them (else None: a report then
    /// lists only the spans that have records).
    pub fn between(self, first: NaiveDate, last: NaiveDate, max: usize) -> Option<Vec<NaiveDate>> {
        let mut out = Vec::new();
        let mut s = self.start(first);
        while s <= last {
            if out.len() == max {
                return None;
            }
            out.push(s);
            s = self.next(s);
        }
        Some(out)
    }
}

fn first_of_month(day: NaiveDate) -> NaiveDate {
    day.with_day(1).unwrap_or(day)
}

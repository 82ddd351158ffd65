//! Sales reports: the pipeline by stage and by month of expected close,
//! win rate and average deal size, leads by source and their conversion,
//! quotes by status.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use uuid::Uuid;

use super::{percent, span_keys, Amounts, By, Cell, Chart, ChartKind, Column, Env, Label, Params, Report, Span, Value};
use crate::model::history::Action;
use crate::model::lead::{LeadSource, LeadStatus};
use crate::model::money::percent_of;
use crate::model::opportunity::Opportunity;
use crate::model::quote::QuoteStatus;
use crate::model::{Crm, Kind, Target};

fn opportunity(id: Uuid) -> Target {
    Target { kind: Kind::Opportunity, id }
}

/// Deals summed: how many, their value and their weighted value.
#[derive(Default)]
struct Deals {
    records: Vec<Target>,
    value: Amounts,
    weighted: Amounts,
}

impl Deals {
    fn add(&mut self, o: &Opportunity) {
        self.records.push(opportunity(o.id));
        self.value.add(&o.currency, o.value);
        self.weighted.add(&o.currency, percent_of(o.value, o.probability));
    }

    fn merge(&mut self, other: &Deals) {
        self.records.extend_from_slice(&other.records);
        self.value.merge(&other.value);
        self.weighted.merge(&other.weighted);
    }

    fn row(self, label: Label) -> Vec<Cell> {
        vec![
            Cell::label(label),
            Cell::count(self.records.clone()),
            Cell::new(Value::Money(self.value), self.records.clone()),
            Cell::new(Value::Money(self.weighted), self.records),
        ]
    }
}

const DEAL_COLUMNS: [usize; 2] = [2, 3];

/// Every stage in board order: its deals, their value and weighted value
/// (each deal's value times its probability); the total is of the open
/// stages. The period, when not "all time", keeps the deals expected to
/// close in it.
pub(super) fn pipeline_by_stage(crm: &Crm, p: &Params, env: &Env) -> Report {
    let range = p.period.range(env.today());
    let mut by_stage: BTreeMap<Uuid, Deals> = env.stages.iter().map(|s| (s.id, Deals::default())).collect();
    let kept = crm
        .opportunities()
        .filter(|o| p.keeps(o.owner_id, &o.tags, env.me) && (range.is_all() || o.expected_close.is_some_and(|d| range.contains(d))));
    for o in kept {
        if let Some(d) = by_stage.get_mut(&o.stage_id) {
            d.add(o);
        }
    }
    let mut open = Deals::default();
    let mut rows = Vec::new();
    for s in env.stages {
        let d = by_stage.remove(&s.id).unwrap_or_default();
        if s.is_open() {
            open.merge(&d);
        }
        rows.push(d.row(Label::Stage(s.id)));
    }
    let columns = vec![Column::Stage, Column::Deals, Column::Value, Column::Weighted];
    let chart = Chart::of_rows(ChartKind::Grouped, &columns, &rows, &DEAL_COLUMNS, rows.len());
    Report { columns, rows, total: Some(open.row(Label::OpenTotal)), chart }
}

/// Open deals by the month they are expected to close (those without a
/// date last, when the period is all time).
pub(super) fn pipeline_by_month(crm: &Crm, p: &Params, env: &Env) -> Report {
    let range = p.period.range(env.today());
    let open = |o: &&Opportunity| env.stages.iter().find(|s| s.id == o.stage_id).is_none_or(|s| s.is_open());
    let deals: Vec<&Opportunity> = crm
        .opportunities()
        .filter(open)
        .filter(|o| p.keeps(o.owner_id, &o.tags, env.me))
        .filter(|o| match o.expected_close {
            Some(d) => range.contains(d),
            None => range.is_all(),
        })
        .collect();
    let mut by_month: BTreeMap<NaiveDate, Deals> = BTreeMap::new();
    let mut undated = Deals::default();
    for o in &deals {
        match o.expected_close {
            Some(d) => by_month.entry(Span::Month.start(d)).or_default().add(o),
            None => undated.add(o),
        }
    }
    let months = span_keys(Span::Month, deals.iter().filter_map(|o| o.expected_close), range);
    let mut total = Deals::default();
    let mut rows = Vec::new();
    for m in months {
        let d = by_month.remove(&m).unwrap_or_default();
        total.merge(&d);
        rows.push(d.row(Label::Month(m)));
    }
    if !undated.records.is_empty() {
        total.merge(&undated);
        rows.push(undated.row(Label::NoDate));
    }
    let columns = vec![Column::CloseMonth, Column::Deals, Column::Value, Column::Weighted];
    let chart = Chart::of_rows(ChartKind::Grouped, &columns, &rows, &DEAL_COLUMNS, rows.len());
    Report { columns, rows, total: Some(total.row(Label::Total)), chart }
}

/// The local day a closed deal was closed: when it last moved to a stage
/// (or was created), from its history; without history, its last change.
pub fn closed_on(crm: &Crm, o: &Opportunity, env: &Env) -> NaiveDate {
    let at = crm
        .history_of(o.id)
        .into_iter()
        .find(|h| h.action == Action::Created || h.changes.iter().any(|c| c.field == "stage_id"))
        .map_or(o.updated_at, |h| h.at);
    env.day(at)
}

/// Won and lost deals of a period or an owner.
#[derive(Default)]
struct Closed {
    won: Vec<Target>,
    lost: Vec<Target>,
    value: Amounts,
    /// Won deals per currency, for the average.
    counts: BTreeMap<String, i64>,
}

impl Closed {
    fn merge(&mut self, other: &Closed) {
        self.won.extend_from_slice(&other.won);
        self.lost.extend_from_slice(&other.lost);
        self.value.merge(&other.value);
        for (c, n) in &other.counts {
            *self.counts.entry(c.clone()).or_default() += n;
        }
    }

    fn row(self, label: Label) -> Vec<Cell> {
        let closed: Vec<Target> = self.won.iter().chain(&self.lost).copied().collect();
        let average = Amounts(self.value.0.iter().map(|(c, v)| (c.clone(), v / self.counts.get(c).copied().unwrap_or(1).max(1))).collect());
        vec![
            Cell::label(label),
            Cell::count(self.won.clone()),
            Cell::count(self.lost),
            Cell::new(Value::Percent(percent(self.won.len(), closed.len())), closed),
            Cell::new(Value::Money(self.value), self.won.clone()),
            if self.won.is_empty() { Cell::plain(Value::Undefined) } else { Cell::new(Value::Money(average), self.won) },
        ]
    }
}

/// Deals closed in the period, by month, quarter or owner: won, lost, the
/// win rate (won of closed), the value won and the average won deal.
pub(super) fn win_rate(crm: &Crm, p: &Params, env: &Env) -> Report {
    let range = p.period.range(env.today());
    let stage = |o: &Opportunity| env.stages.iter().find(|s| s.id == o.stage_id).filter(|s| !s.is_open());
    let closed: Vec<(&Opportunity, bool, NaiveDate)> = crm
        .opportunities()
        .filter(|o| p.keeps(o.owner_id, &o.tags, env.me))
        .filter_map(|o| stage(o).map(|s| (o, s.won, closed_on(crm, o, env))))
        .filter(|(_, _, day)| range.contains(*day))
        .collect();
    let add = |c: &mut Closed, o: &Opportunity, won: bool| {
        if won {
            c.won.push(opportunity(o.id));
            c.value.add(&o.currency, o.value);
            *c.counts.entry(o.currency.clone()).or_default() += 1;
        } else {
            c.lost.push(opportunity(o.id));
        }
    };
    let mut total = Closed::default();
    let mut rows = Vec::new();
    let first = match p.by {
        By::Owner => {
            let mut by_owner: BTreeMap<Option<Uuid>, Closed> = BTreeMap::new();
            for (o, won, _) in &closed {
                add(by_owner.entry(o.owner_id).or_default(), o, *won);
            }
            let mut owners: Vec<Option<Uuid>> = by_owner.keys().copied().collect();
            owners.sort_by(|a, b| (a.is_none(), a.map(|m| crm.member_name(Some(m)))).cmp(&(b.is_none(), b.map(|m| crm.member_name(Some(m))))));
            for m in owners {
                let c = by_owner.remove(&m).unwrap_or_default();
                total.merge(&c);
                rows.push(c.row(Label::Member(m)));
            }
            Column::Owner
        }
        _ => {
            let span = if p.by == By::Quarter { Span::Quarter } else { Span::Month };
            let mut by_span: BTreeMap<NaiveDate, Closed> = BTreeMap::new();
            for (o, won, day) in &closed {
                add(by_span.entry(span.start(*day)).or_default(), o, *won);
            }
            for s in span_keys(span, closed.iter().map(|(_, _, d)| *d), range) {
                let c = by_span.remove(&s).unwrap_or_default();
                total.merge(&c);
                rows.push(c.row(if span == Span::Quarter { Label::Quarter(s) } else { Label::Month(s) }));
            }
            if span == Span::Quarter {
                Column::Quarter
            } else {
                Column::Month
            }
        }
    };
    let columns = vec![first, Column::Won, Column::Lost, Column::WinRate, Column::WonValue, Column::AverageDeal];
    let chart = Chart::of_rows(ChartKind::Stacked, &columns, &rows, &[1, 2], rows.len());
    Report { columns, rows, total: Some(total.row(Label::Total)), chart }
}

/// Leads that came in during the period, by source: how many, how many
/// were converted, and the conversion rate.
pub(super) fn leads_by_source(crm: &Crm, p: &Params, env: &Env) -> Report {
    let range = p.period.range(env.today());
    let mut by_source: BTreeMap<LeadSource, (Vec<Target>, Vec<Target>)> = BTreeMap::new();
    for l in crm.leads().filter(|l| p.keeps(l.owner_id, &l.tags, env.me) && range.contains(env.day(l.created_at))) {
        let t = Target { kind: Kind::Lead, id: l.id };
        let (all, converted) = by_source.entry(l.source).or_default();
        all.push(t);
        if l.status == LeadStatus::Converted || l.converted.is_some() {
            converted.push(t);
        }
    }
    let row = |label: Label, all: Vec<Target>, converted: Vec<Target>| {
        vec![
            Cell::label(label),
            Cell::count(all.clone()),
            Cell::count(converted.clone()),
            Cell::new(Value::Percent(percent(converted.len(), all.len())), all),
        ]
    };
    let (mut all, mut converted) = (Vec::new(), Vec::new());
    let mut rows = Vec::new();
    for source in LeadSource::ALL {
        if let Some((a, c)) = by_source.remove(source) {
            all.extend_from_slice(&a);
            converted.extend_from_slice(&c);
            rows.push(row(Label::Source(*source), a, c));
        }
    }
    let columns = vec![Column::Source, Column::Leads, Column::Converted, Column::ConversionRate];
    let chart = Chart::of_rows(ChartKind::Grouped, &columns, &rows, &[1, 2], rows.len());
    Report { columns, rows, total: Some(row(Label::Total, all, converted)), chart }
}

/// Quotes issued in the period, by status: how many and their value
/// without VAT.
pub(super) fn quotes_by_status(crm: &Crm, p: &Params, env: &Env) -> Report {
    let range = p.period.range(env.today());
    let mut by_status: BTreeMap<QuoteStatus, (Vec<Target>, Amounts)> = QuoteStatus::ALL.iter().map(|s| (*s, Default::default())).collect();
    for q in crm.quotes().filter(|q| p.keeps(q.owner_id, &q.tags, env.me) && range.contains(q.issued_on)) {
        let (list, value) = by_status.entry(q.status).or_default();
        list.push(Target { kind: Kind::Quote, id: q.id });
        // A quote too large to total is counted, not summed.
        if let Ok(t) = q.totals() {
            value.add(&q.currency, t.net);
        }
    }
    let row =
        |label: Label, list: Vec<Target>, value: Amounts| vec![Cell::label(label), Cell::count(list.clone()), Cell::new(Value::Money(value), list)];
    let (mut all, mut sum) = (Vec::new(), Amounts::default());
    let mut rows = Vec::new();
    for s in QuoteStatus::ALL {
        let (list, value) = by_status.remove(s).unwrap_or_default();
        all.extend_from_slice(&list);
        sum.merge(&value);
        rows.push(row(Label::Status(*s), list, value));
    }
    let columns = vec![Column::Status, Column::Quotes, Column::Value];
    let chart = Chart::of_rows(ChartKind::Grouped, &columns, &rows, &[1], rows.len());
    Report { columns, rows, total: Some(row(Label::Total, all, sum)), chart }
}

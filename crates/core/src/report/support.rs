//! After-sale reports: SLA compliance, tickets by status and age, what
//! breaks (tickets per organization and per delivered item), contracts and
//! warranties expiring per month, projects on time or late, and the upsell
//! list of what ends in the next 90 days.

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate};
use uuid::Uuid;

use super::{percent, span_keys, By, Cell, Chart, ChartKind, Column, Env, Label, Params, Report, Span, Value};
use crate::model::contract::SlaPriority;
use crate::model::delivered::ItemState;
use crate::model::sla::SlaState;
use crate::model::ticket::{SlaGoal, Ticket, TicketSla, TicketStatus};
use crate::model::{Crm, Kind, Target};

fn ticket(id: Uuid) -> Target {
    Target::new(Kind::Ticket, id)
}

/// The tickets a report counts: kept by its owner (assignee) and tag
/// filters, created in its period.
fn kept<'a>(crm: &'a Crm, p: &'a Params, env: &'a Env) -> impl Iterator<Item = &'a Ticket> + 'a {
    let range = p.period.range(env.today());
    crm.tickets().filter(move |t| p.keeps(t.assignee_id, &t.tags, env.me) && range.contains(env.day(t.created_at)))
}

/// Met and breached tickets of one goal.
#[derive(Default, Clone)]
struct Goal {
    met: Vec<Target>,
    breached: Vec<Target>,
}

impl Goal {
    fn add(&mut self, id: Uuid, state: SlaState) {
        match state {
            SlaState::Met => self.met.push(ticket(id)),
            SlaState::Breached => self.breached.push(ticket(id)),
            SlaState::OnTrack | SlaState::AtRisk => {}
        }
    }

    fn cells(&self) -> [Cell; 3] {
        let rate = percent(self.met.len(), self.met.len() + self.breached.len());
        [Cell::count(self.met.clone()), Cell::count(self.breached.clone()), Cell::plain(Value::Percent(rate))]
    }
}

#[derive(Default, Clone)]
struct Compliance {
    tickets: Vec<Target>,
    first: Goal,
    resolution: Goal,
}

impl Compliance {
    fn add(&mut self, id: Uuid, sla: &TicketSla) {
        self.tickets.push(ticket(id));
        self.first.add(id, sla.goal(SlaGoal::FirstResponse).state);
        self.resolution.add(id, sla.goal(SlaGoal::Resolution).state);
    }

    fn merge(&mut self, o: &Compliance) {
        self.tickets.extend_from_slice(&o.tickets);
        self.first.met.extend_from_slice(&o.first.met);
        self.first.breached.extend_from_slice(&o.first.breached);
        self.resolution.met.extend_from_slice(&o.resolution.met);
        self.resolution.breached.extend_from_slice(&o.resolution.breached);
    }

    fn row(&self, label: Label) -> Vec<Cell> {
        let mut row = vec![Cell::label(label), Cell::count(self.tickets.clone())];
        row.extend(self.first.cells());
        row.extend(self.resolution.cells());
        row
    }
}

/// Tickets with an SLA created in the period, by priority (or month or
/// quarter of their creation): first responses and resolutions met and
/// breached, and the share met of those decided (a goal still running
/// counts in neither).
pub(super) fn sla_compliance(crm: &Crm, p: &Params, env: &Env) -> Report {
    let mut groups: BTreeMap<(u8, NaiveDate), Compliance> = BTreeMap::new();
    let priority_rank = |pr: SlaPriority| SlaPriority::ALL.iter().position(|x| *x == pr).unwrap_or(0) as u8;
    let mut days = Vec::new();
    for t in kept(crm, p, env) {
        let Some(sla) = crm.ticket_sla_brief(t, env.now, &|at| env.offset_at(at)) else { continue };
        let key = match p.by {
            By::Month => (0, Span::Month.start(env.day(t.created_at))),
            By::Quarter => (0, Span::Quarter.start(env.day(t.created_at))),
            _ => (priority_rank(t.priority), NaiveDate::MIN),
        };
        days.push(env.day(t.created_at));
        groups.entry(key).or_default().add(t.id, &sla);
    }
    let (first, label_of): (Column, Box<dyn Fn(&(u8, NaiveDate)) -> Label>) = match p.by {
        By::Month => (Column::Month, Box::new(|k| Label::Month(k.1))),
        By::Quarter => (Column::Quarter, Box::new(|k| Label::Quarter(k.1))),
        _ => (Column::Priority, Box::new(|k| Label::Priority(SlaPriority::ALL[usize::from(k.0)]))),
    };
    // Months and quarters without tickets show as zeros between the first and the last.
    if let By::Month | By::Quarter = p.by {
        let span = if p.by == By::Month { Span::Month } else { Span::Quarter };
        for d in span_keys(span, days.into_iter(), p.period.range(env.today())) {
            groups.entry((0, d)).or_default();
        }
    } else {
        for pr in SlaPriority::ALL {
            groups.entry((priority_rank(*pr), NaiveDate::MIN)).or_default();
        }
    }
    let mut total = Compliance::default();
    let rows: Vec<Vec<Cell>> = groups
        .iter()
        .map(|(k, c)| {
            total.merge(c);
            c.row(label_of(k))
        })
        .collect();
    let columns = vec![
        first,
        Column::Tickets,
        Column::FirstResponseMet,
        Column::FirstResponseBreached,
        Column::FirstResponseRate,
        Column::ResolutionMet,
        Column::ResolutionBreached,
        Column::ResolutionRate,
    ];
    let chart = Chart::of_rows(ChartKind::Grouped, &columns, &rows, &[3, 6], rows.len());
    Report { total: Some(total.row(Label::Total)), columns, rows, chart }
}

/// How old a ticket is: until it was resolved, or until now.
const AGE_DAYS: [i64; 3] = [1, 7, 30];

fn age_bucket(days: i64) -> usize {
    AGE_DAYS.iter().position(|d| days <= *d).unwrap_or(AGE_DAYS.len())
}

/// Every status: its tickets by age (up to a day, a week, a month, older).
pub(super) fn tickets_by_status(crm: &Crm, p: &Params, env: &Env) -> Report {
    let mut by: BTreeMap<TicketStatus, [Vec<Target>; 4]> = TicketStatus::ALL.iter().map(|s| (*s, Default::default())).collect();
    for t in crm.tickets().filter(|t| p.keeps(t.assignee_id, &t.tags, env.me)) {
        let until = t.resolved_at().unwrap_or(env.now);
        let days = (until - t.created_at).num_days();
        if let Some(b) = by.get_mut(&t.status) {
            b[age_bucket(days)].push(ticket(t.id));
        }
    }
    let mut total: [Vec<Target>; 4] = Default::default();
    let rows: Vec<Vec<Cell>> = by
        .into_iter()
        .map(|(s, buckets)| {
            let all: Vec<Target> = buckets.iter().flatten().copied().collect();
            let mut row = vec![Cell::label(Label::TicketStatus(s)), Cell::count(all)];
            for (i, b) in buckets.into_iter().enumerate() {
                total[i].extend_from_slice(&b);
                row.push(Cell::count(b));
            }
            row
        })
        .collect();
    let mut total_row = vec![Cell::label(Label::Total), Cell::count(total.iter().flatten().copied().collect())];
    total_row.extend(total.into_iter().map(Cell::count));
    let columns = vec![Column::Status, Column::Tickets, Column::Age(0), Column::Age(1), Column::Age(2), Column::Age(3)];
    let chart = Chart::of_rows(ChartKind::Stacked, &columns, &rows, &[2, 3, 4, 5], rows.len());
    Report { columns, rows, total: Some(total_row), chart }
}

/// Tickets per organization or per delivered item (what breaks), most
/// first: all of them in the period, the open ones, the breached ones.
pub(super) fn tickets_per(crm: &Crm, p: &Params, env: &Env, kind: Kind) -> Report {
    let mut by: BTreeMap<Uuid, [Vec<Target>; 3]> = BTreeMap::new();
    for t in kept(crm, p, env) {
        let key = if kind == Kind::DeliveredItem { t.delivered_item_id } else { t.organization_id };
        let Some(key) = key else { continue };
        let e = by.entry(key).or_default();
        e[0].push(ticket(t.id));
        if !t.status.is_done() {
            e[1].push(ticket(t.id));
        }
        if crm.ticket_sla_brief(t, env.now, &|at| env.offset_at(at)).is_some_and(|s| s.state() == SlaState::Breached) {
            e[2].push(ticket(t.id));
        }
    }
    let mut list: Vec<(Uuid, [Vec<Target>; 3])> = by.into_iter().collect();
    list.sort_by(|a, b| b.1[0].len().cmp(&a.1[0].len()).then_with(|| crm.sort_key(a.0).cmp(crm.sort_key(b.0))));
    let mut total: [Vec<Target>; 3] = Default::default();
    let rows: Vec<Vec<Cell>> = list
        .into_iter()
        .map(|(id, cells)| {
            let mut row = vec![Cell::new(Value::Label(Label::Record(Target::new(kind, id))), vec![Target::new(kind, id)])];
            if kind == Kind::DeliveredItem {
                let org = crm.delivered_item(id).map(|d| Target::organization(d.organization_id));
                row.push(org.map_or(Cell::plain(Value::Empty), |o| Cell::new(Value::Label(Label::Record(o)), vec![o])));
            }
            for (i, c) in cells.into_iter().enumerate() {
                total[i].extend_from_slice(&c);
                row.push(Cell::count(c));
            }
            row
        })
        .collect();
    let mut columns = vec![if kind == Kind::DeliveredItem { Column::Item } else { Column::Organization }];
    if kind == Kind::DeliveredItem {
        columns.push(Column::Organization);
    }
    let first_count = columns.len();
    columns.extend([Column::Tickets, Column::OpenTickets, Column::Breached]);
    let mut total_row = vec![Cell::label(Label::Total)];
    if kind == Kind::DeliveredItem {
        total_row.push(Cell::plain(Value::Empty));
    }
    total_row.extend(total.into_iter().map(Cell::count));
    let chart = Chart::of_rows(ChartKind::Grouped, &columns, &rows, &[first_count, first_count + 2], 15);
    Report { columns, rows, total: Some(total_row), chart }
}

/// Months ahead shown by the expiry report.
const MONTHS_AHEAD: u32 = 12;

/// The next twelve months: live contracts whose term ends in each, and
/// in-service delivered items whose warranty does.
pub(super) fn expiring_per_month(crm: &Crm, p: &Params, env: &Env) -> Report {
    let today = env.today();
    let first = Span::Month.start(today);
    let months: Vec<NaiveDate> = (0..MONTHS_AHEAD).filter_map(|i| first.checked_add_months(chrono::Months::new(i))).collect();
    let mut by: BTreeMap<NaiveDate, [Vec<Target>; 2]> = months.iter().map(|m| (*m, Default::default())).collect();
    for c in crm.contracts().filter(|c| c.is_live() && p.keeps(c.owner_id, &c.tags, env.me)) {
        if let Some(e) = c.term_end(today).and_then(|end| by.get_mut(&Span::Month.start(end))) {
            e[0].push(Target::new(Kind::Contract, c.id));
        }
    }
    // Items have no owner or tags: the filters are the contracts'.
    if p.tag.is_empty() && p.owner == crate::model::filter::OwnerFilter::Anyone {
        for i in crm.delivered_items().filter(|i| i.state == ItemState::InService) {
            if let Some(e) = i.warranty_until.filter(|w| *w >= today).and_then(|w| by.get_mut(&Span::Month.start(w))) {
                e[1].push(Target::new(Kind::DeliveredItem, i.id));
            }
        }
    }
    let mut total: [Vec<Target>; 2] = Default::default();
    let rows: Vec<Vec<Cell>> = by
        .into_iter()
        .map(|(m, [c, w])| {
            total[0].extend_from_slice(&c);
            total[1].extend_from_slice(&w);
            vec![Cell::label(Label::Month(m)), Cell::count(c), Cell::count(w)]
        })
        .collect();
    let columns = vec![Column::Month, Column::ContractsEnding, Column::WarrantiesEnding];
    let chart = Chart::of_rows(ChartKind::Grouped, &columns, &rows, &[1, 2], rows.len());
    let [c, w] = total;
    Report { columns, rows, total: Some(vec![Cell::label(Label::Total), Cell::count(c), Cell::count(w)]), chart }
}

/// Projects by the month of their planned end: finished on time (their
/// last milestone done by the planned end), late (finished after it, or
/// open past it), and still running on plan; the share on time of those
/// finished or late.
pub(super) fn projects_on_time(crm: &Crm, p: &Params, env: &Env) -> Report {
    let today = env.today();
    let range = p.period.range(today);
    let mut by: BTreeMap<NaiveDate, [Vec<Target>; 3]> = BTreeMap::new();
    let kept: Vec<_> = crm.projects().filter(|x| p.keeps(x.owner_id, &x.tags, env.me) && range.contains(x.planned_end)).collect();
    for d in span_keys(Span::Month, kept.iter().map(|x| x.planned_end), range) {
        by.entry(d).or_default();
    }
    for x in kept {
        let finished = x.milestones.iter().filter_map(|m| m.done_on).max();
        let slot = if x.status.is_open() {
            if x.is_late(today) {
                1
            } else {
                2
            }
        } else if finished.is_none_or(|f| f <= x.planned_end) {
            0
        } else {
            1
        };
        by.entry(Span::Month.start(x.planned_end)).or_default()[slot].push(Target::new(Kind::Project, x.id));
    }
    let mut total: [Vec<Target>; 3] = Default::default();
    let row = |label: Label, c: &[Vec<Target>; 3]| {
        let all: Vec<Target> = c.iter().flatten().copied().collect();
        vec![
            Cell::label(label),
            Cell::count(all),
            Cell::count(c[0].clone()),
            Cell::count(c[1].clone()),
            Cell::count(c[2].clone()),
            Cell::plain(Value::Percent(percent(c[0].len(), c[0].len() + c[1].len()))),
        ]
    };
    let rows: Vec<Vec<Cell>> = by
        .iter()
        .map(|(m, c)| {
            for i in 0..3 {
                total[i].extend_from_slice(&c[i]);
            }
            row(Label::Month(*m), c)
        })
        .collect();
    let columns = vec![Column::Month, Column::Projects, Column::OnTime, Column::Late, Column::InProgress, Column::OnTimeRate];
    let chart = Chart::of_rows(ChartKind::Stacked, &columns, &rows, &[2, 3, 4], rows.len());
    Report { total: Some(row(Label::Total, &total)), columns, rows, chart }
}

/// How far ahead the upsell list looks.
pub const UPSELL_DAYS: i64 = 90;

/// What ends in the next 90 days, by organization: live contracts (their
/// term) and in-service items (their warranty), each with its end and the
/// organization's delivered items; each row can be renewed.
pub(super) fn upsell(crm: &Crm, p: &Params, env: &Env) -> Report {
    let today = env.today();
    let until = today + Duration::days(UPSELL_DAYS);
    let soon = |d: NaiveDate| d >= today && d <= until;
    let mut rows: Vec<(String, NaiveDate, Vec<Cell>)> = Vec::new();
    let items_of = |org: Uuid| {
        crm.delivered_items_of(org)
            .iter()
            .filter(|i| i.state == ItemState::InService)
            .map(|i| Target::new(Kind::DeliveredItem, i.id))
            .collect::<Vec<_>>()
    };
    let row = |what: Target, org: Uuid, end: NaiveDate| {
        let o = Target::organization(org);
        vec![
            Cell::new(Value::Label(Label::Record(what)), vec![what]),
            Cell::new(Value::Label(Label::Record(o)), vec![o]),
            Cell::plain(Value::Date(Some(end))),
            Cell::count(items_of(org)),
        ]
    };
    for c in crm.contracts().filter(|c| c.is_live() && p.keeps(c.owner_id, &c.tags, env.me)) {
        if let Some(end) = c.term_end(today).filter(|d| soon(*d)) {
            rows.push((crm.sort_key(c.organization_id).to_string(), end, row(Target::new(Kind::Contract, c.id), c.organization_id, end)));
        }
    }
    if p.tag.is_empty() && p.owner == crate::model::filter::OwnerFilter::Anyone {
        for i in crm.delivered_items().filter(|i| i.state == ItemState::InService) {
            if let Some(end) = i.warranty_until.filter(|d| soon(*d)) {
                rows.push((crm.sort_key(i.organization_id).to_string(), end, row(Target::new(Kind::DeliveredItem, i.id), i.organization_id, end)));
            }
        }
    }
    rows.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
    let rows: Vec<Vec<Cell>> = rows.into_iter().map(|r| r.2).collect();
    let columns = vec![Column::Ending, Column::Organization, Column::Ends, Column::DeliveredItems];
    // By month of the end: how many end when.
    let mut per_month: BTreeMap<NaiveDate, usize> = BTreeMap::new();
    for r in &rows {
        if let Value::Date(Some(d)) = r[2].value {
            *per_month.entry(NaiveDate::from_ymd_opt(d.year(), d.month(), 1).unwrap_or(d)).or_default() += 1;
        }
    }
    let chart = Chart {
        kind: ChartKind::Grouped,
        series: vec![Column::Ending],
        bars: per_month.into_iter().map(|(m, n)| (Label::Month(m), vec![Value::Count(n)])).collect(),
    };
    Report { columns, rows, total: None, chart }
}

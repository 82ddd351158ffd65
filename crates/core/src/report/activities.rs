//! Activities per week, by kind or by the team member who logged them.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use uuid::Uuid;

use super::{span_keys, By, Cell, Chart, ChartKind, Column, Env, Label, Params, Report, Span};
use crate::model::{ActivityKind, Crm, Kind, Target};

/// Weeks (Monday to Sunday, local days) of the period, each with its
/// activities counted per kind (or per owner) and in all; every activity
/// counts in the week of its own time (a task: its due time).
pub(super) fn per_week(crm: &Crm, p: &Params, env: &Env) -> Report {
    let range = p.period.range(env.today());
    let kept: Vec<(Target, ActivityKind, Option<Uuid>, NaiveDate)> = crm
        .activities()
        .filter(|a| p.keeps(a.owner_id, &a.tags, env.me))
        .map(|a| (Target { kind: Kind::Activity, id: a.id }, a.kind, a.owner_id, env.day(a.when())))
        .filter(|(_, _, _, day)| range.contains(*day))
        .collect();
    let groups: Vec<Column> = match p.by {
        By::Owner => {
            let mut owners: Vec<Option<Uuid>> = kept.iter().map(|k| k.2).collect::<std::collections::BTreeSet<_>>().into_iter().collect();
            owners.sort_by(|a, b| (a.is_none(), a.map(|m| crm.member_name(Some(m)))).cmp(&(b.is_none(), b.map(|m| crm.member_name(Some(m))))));
            owners.into_iter().map(Column::Member).collect()
        }
        _ => ActivityKind::ALL.iter().map(|k| Column::Kind(*k)).collect(),
    };
    let group_of = |kind: ActivityKind, owner: Option<Uuid>| {
        groups.iter().position(|g| *g == if p.by == By::Owner { Column::Member(owner) } else { Column::Kind(kind) })
    };
    let mut by_week: BTreeMap<NaiveDate, Vec<Vec<Target>>> = BTreeMap::new();
    for (t, kind, owner, day) in &kept {
        let Some(g) = group_of(*kind, *owner) else { continue };
        by_week.entry(Span::Week.start(*day)).or_insert_with(|| vec![Vec::new(); groups.len()])[g].push(*t);
    }
    let row = |label: Label, cells: Vec<Vec<Target>>| {
        let all: Vec<Target> = cells.iter().flatten().copied().collect();
        let mut row = vec![Cell::label(label)];
        row.extend(cells.into_iter().map(Cell::count));
        row.push(Cell::count(all));
        row
    };
    let mut totals: Vec<Vec<Target>> = vec![Vec::new(); groups.len()];
    let mut rows = Vec::new();
    for w in span_keys(Span::Week, kept.iter().map(|k| k.3), range) {
        let cells = by_week.remove(&w).unwrap_or_else(|| vec![Vec::new(); groups.len()]);
        for (t, c) in totals.iter_mut().zip(&cells) {
            t.extend_from_slice(c);
        }
        rows.push(row(Label::Week(w), cells));
    }
    let mut columns = vec![Column::Week];
    columns.extend(groups.iter().copied());
    columns.push(Column::Total);
    let series: Vec<usize> = (1..=groups.len()).collect();
    let chart = Chart::of_rows(ChartKind::Stacked, &columns, &rows, &series, rows.len());
    Report { columns, rows, total: Some(row(Label::Total, totals)), chart }
}

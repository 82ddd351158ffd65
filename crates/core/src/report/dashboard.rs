//! The start page's numbers: my tasks overdue and due today, meetings of
//! the coming days, the open pipeline, key contacts gone quiet, and the
//! deadlines of this week. "Mine" is as the inbox has it: mine or no one's.

use chrono::{Duration, NaiveDate};
use uuid::Uuid;

use super::{contacts, Env, LastContact, Params, Report, ReportId};
use crate::model::agenda::{delivery, task_groups, Due, Reminder};
use crate::model::opportunity::Opportunity;
use crate::model::quote::Quote;
use crate::model::quote::QuoteStatus;
use crate::model::{Activity, ActivityKind, Crm, Role};

/// How far ahead the dashboard looks for meetings and deadlines.
pub const AHEAD_DAYS: i64 = 7;
/// How many items each block lists (the rest are a link away).
pub const BLOCK_MAX: usize = 8;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deadline<'a> {
    Submission(&'a Opportunity),
    Close(&'a Opportunity),
    QuoteValid(&'a Quote),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Dashboard<'a> {
    pub overdue: Vec<&'a Activity>,
    pub today: Vec<&'a Activity>,
    /// Meetings from now to [`AHEAD_DAYS`] ahead, soonest first.
    pub meetings: Vec<&'a Activity>,
    /// The pipeline by stage, all owners.
    pub pipeline: Report,
    /// Decision makers silent for the dormant threshold, longest first
    /// (all of them: the page shows the first few and the count).
    pub dormant: Vec<LastContact>,
    /// From today to the end of the week (Sunday), soonest first.
    pub deadlines: Vec<(NaiveDate, Deadline<'a>)>,
    /// After the sale: overdue milestones, planned ends, defects to fix,
    /// warranties and contracts ending, cancel-by dates; soonest first.
    pub after_sale: Vec<Reminder<'a>>,
}

fn mine(owner: Option<Uuid>, me: Option<Uuid>) -> bool {
    owner.is_none() || owner == me
}

pub fn dashboard<'a>(crm: &'a Crm, env: &Env) -> Dashboard<'a> {
    let mut overdue = Vec::new();
    let mut today = Vec::new();
    for (due, tasks) in task_groups(crm, None, env.now, env.offset_minutes) {
        let tasks = tasks.into_iter().filter(|t| mine(t.assignee_id, env.me));
        match due {
            Due::Overdue => overdue.extend(tasks),
            Due::Today => today.extend(tasks),
            _ => {}
        }
    }
    let until = env.now + Duration::days(AHEAD_DAYS);
    let mut meetings: Vec<&Activity> = crm
        .activities()
        .filter(|a| a.kind == ActivityKind::Meeting)
        .filter(|a| a.at.is_some_and(|t| t < until && a.end.unwrap_or(t) >= env.now))
        .filter(|a| mine(a.owner_id, env.me) || env.me.is_some_and(|m| a.participants.contains(&m)))
        .collect();
    meetings.sort_by_key(|a| (a.at, a.id));

    // The report itself, not `compute`: that dispatcher names every report,
    // and the dashboard's chunk would carry them all (50 KB of wasm).
    let pipeline = super::sales::pipeline_by_stage(crm, &Params::new(ReportId::PipelineByStage), env);

    let dormant =
        contacts::engagement(crm, env.now, super::Thresholds::default(), |c| c.role == Role::DecisionMaker && mine(c.owner_id, env.me)).dormant;

    let first = env.today();
    let sunday = first + Duration::days(6 - i64::from(chrono::Datelike::weekday(&first).num_days_from_monday()));
    let this_week = |d: NaiveDate| d >= first && d <= sunday;
    let mut deadlines: Vec<(NaiveDate, Deadline)> = Vec::new();
    for o in crm.opportunities().filter(|o| mine(o.owner_id, env.me)) {
        if !env.stages.iter().find(|s| s.id == o.stage_id).is_none_or(|s| s.is_open()) {
            continue;
        }
        if let Some(d) = o.submission_deadline.map(|t| env.day(t)).filter(|d| this_week(*d)) {
            deadlines.push((d, Deadline::Submission(o)));
        }
        if let Some(d) = o.expected_close.filter(|d| this_week(*d)) {
            deadlines.push((d, Deadline::Close(o)));
        }
    }
    for q in crm.quotes().filter(|q| q.status == QuoteStatus::Sent && mine(q.owner_id, env.me) && this_week(q.valid_until)) {
        deadlines.push((q.valid_until, Deadline::QuoteValid(q)));
    }
    let id = |d: &Deadline| match d {
        Deadline::Submission(o) | Deadline::Close(o) => o.id,
        Deadline::QuoteValid(q) => q.id,
    };
    deadlines.sort_by_key(|(day, d)| (*day, id(d)));
    let mut after_sale = delivery(crm, env.me, first);
    after_sale.sort_by_key(|r| match r {
        Reminder::Delivery { date, record, .. } => (*date, record.id),
        _ => (first, Uuid::nil()),
    });
    Dashboard { overdue, today, meetings, pipeline, dormant, deadlines, after_sale }
}

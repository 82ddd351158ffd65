//! The words for the delivery records' states and kinds.

use super::T;
use crate::model::contract::{BillingPeriod, ContractKind, ContractState, PeriodUnit, SlaPriority};
use crate::model::delivered::{ItemState, WarrantyState};
use crate::model::handover::HandoverResult;
use crate::model::project::{DeliverableState, IssueKind, IssueState, ProjectStatus};

pub fn project_status(s: ProjectStatus) -> T {
    match s {
        ProjectStatus::Planned => T::ProjectPlanned,
        ProjectStatus::Running => T::ProjectRunning,
        ProjectStatus::OnHold => T::ProjectOnHold,
        ProjectStatus::Done => T::ProjectDone,
        ProjectStatus::Cancelled => T::ProjectCancelled,
    }
}

pub fn deliverable_state(s: DeliverableState) -> T {
    match s {
        DeliverableState::ToDo => T::DeliverableToDo,
        DeliverableState::InProgress => T::DeliverableInProgress,
        DeliverableState::Delivered => T::DeliverableDelivered,
        DeliverableState::Accepted => T::DeliverableAccepted,
    }
}

pub fn issue_kind(k: IssueKind) -> T {
    match k {
        IssueKind::Issue => T::IssueKindIssue,
        IssueKind::ChangeRequest => T::IssueKindChange,
    }
}

pub fn issue_state(s: IssueState) -> T {
    match s {
        IssueState::Open => T::IssueOpen,
        IssueState::Accepted => T::IssueAccepted,
        IssueState::Rejected => T::IssueRejected,
        IssueState::Done => T::IssueDone,
    }
}

pub fn handover_result(r: HandoverResult) -> T {
    match r {
        HandoverResult::Draft => T::HandoverDraft,
        HandoverResult::Accepted => T::HandoverAccepted,
        HandoverResult::WithReservations => T::HandoverWithReservations,
        HandoverResult::NotAccepted => T::HandoverNotAccepted,
    }
}

pub fn item_state(s: ItemState) -> T {
    match s {
        ItemState::InService => T::ItemInService,
        ItemState::Returned => T::ItemReturned,
        ItemState::Replaced => T::ItemReplaced,
    }
}

pub fn warranty_state(s: WarrantyState) -> T {
    match s {
        WarrantyState::None => T::WarrantyNone,
        WarrantyState::InWarranty => T::WarrantyIn,
        WarrantyState::EndsSoon => T::WarrantySoon,
        WarrantyState::Expired => T::WarrantyExpired,
    }
}

pub fn contract_kind(k: ContractKind) -> T {
    match k {
        ContractKind::Service => T::ContractService,
        ContractKind::Support => T::ContractSupport,
        ContractKind::Licence => T::ContractLicence,
        ContractKind::Lease => T::ContractLease,
        ContractKind::Maintenance => T::ContractMaintenance,
        ContractKind::Other => T::ContractOther,
    }
}

pub fn contract_state(s: ContractState) -> T {
    match s {
        ContractState::Draft => T::ContractDraft,
        ContractState::Active => T::ContractActive,
        ContractState::Ended => T::ContractEnded,
        ContractState::Cancelled => T::ContractCancelled,
    }
}

pub fn billing_period(b: BillingPeriod) -> T {
    match b {
        BillingPeriod::Monthly => T::BillingMonthly,
        BillingPeriod::Quarterly => T::BillingQuarterly,
        BillingPeriod::Yearly => T::BillingYearly,
        BillingPeriod::OneOff => T::BillingOneOff,
    }
}

pub fn period_unit(u: PeriodUnit) -> T {
    match u {
        PeriodUnit::Days => T::UnitDays,
        PeriodUnit::Months => T::UnitMonths,
    }
}

pub fn sla_priority(p: SlaPriority) -> T {
    match p {
        SlaPriority::Critical => T::PriorityCritical,
        SlaPriority::High => T::PriorityHigh,
        SlaPriority::Normal => T::PriorityNormal,
        SlaPriority::Low => T::PriorityLow,
    }
}

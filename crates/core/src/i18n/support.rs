//! The words for tickets and their SLA.

use super::T;
use crate::model::sla::SlaState;
use crate::model::ticket::{Channel, SlaGoal, TicketStatus};

pub fn ticket_status(s: TicketStatus) -> T {
    match s {
        TicketStatus::New => T::TicketNew,
        TicketStatus::Open => T::TicketOpen,
        TicketStatus::WaitingOnCustomer => T::TicketWaitingOnCustomer,
        TicketStatus::WaitingOnThirdParty => T::TicketWaitingOnThirdParty,
        TicketStatus::Resolved => T::TicketResolved,
        TicketStatus::Closed => T::TicketClosed,
    }
}

pub fn ticket_channel(c: Channel) -> T {
    match c {
        Channel::Phone => T::ChannelPhone,
        Channel::Email => T::ChannelEmail,
        Channel::Web => T::ChannelWeb,
        Channel::OnSite => T::ChannelOnSite,
        Channel::Other => T::ChannelOther,
    }
}

pub fn sla_state(s: SlaState) -> T {
    match s {
        SlaState::OnTrack => T::SlaOnTrack,
        SlaState::AtRisk => T::SlaAtRisk,
        SlaState::Met => T::SlaMet,
        SlaState::Breached => T::SlaBreached,
    }
}

pub fn sla_goal(g: SlaGoal) -> T {
    match g {
        SlaGoal::FirstResponse => T::SlaFirstResponse,
        SlaGoal::Resolution => T::SlaResolution,
    }
}

//! Building the activity events (`domain::events`) the flows record.

use crate::domain::events::{EventData, MessageEvent, StatusChange, Subject};
use crate::domain::message::{Direction, Source};
use crate::storage::{Contact, NewEvent};

pub fn subject(contact: &Contact) -> Subject {
    Subject {
        contact_id: contact.id.clone(),
        phone: contact.phone.clone(),
        name: contact.name.clone(),
    }
}

/// An event on `route_id` (whose bot is `bot_name`, when known).
pub fn on_route(route_id: Option<&str>, bot_name: Option<&str>, data: EventData) -> NewEvent {
    NewEvent {
        route_id: route_id.map(str::to_owned),
        bot_name: bot_name.map(str::to_owned),
        data,
    }
}

/// The facts of a message event.
pub struct MessageFacts<'a> {
    pub id: i64,
    pub body: &'a str,
    pub direction: Direction,
    pub source: Source,
    pub status: Option<&'a str>,
}

pub fn message(contact: &Contact, m: MessageFacts<'_>) -> MessageEvent {
    MessageEvent {
        subject: subject(contact),
        message_id: m.id.to_string(),
        body: m.body.to_owned(),
        direction: m.direction,
        source: m.source,
        twilio_status: m.status.map(str::to_owned),
        mode: contact.mode,
        contact_status: contact.status.clone(),
    }
}

/// The facts of a status change.
pub struct StatusFacts<'a> {
    pub id: i64,
    pub body: Option<&'a str>,
    pub sid: Option<&'a str>,
    pub status: &'a str,
    pub error_code: Option<&'a str>,
    pub error_message: Option<&'a str>,
}

pub fn status_change(contact: &Contact, s: StatusFacts<'_>) -> EventData {
    EventData::StatusChange(StatusChange {
        subject: subject(contact),
        message_id: s.id.to_string(),
        body: s.body.map(str::to_owned),
        twilio_sid: s.sid.map(str::to_owned),
        twilio_status: s.status.to_owned(),
        error_code: s.error_code.map(str::to_owned),
        error_message: s.error_message.map(str::to_owned),
        error_explanation: s
            .error_code
            .and_then(crate::domain::twilio_errors::describe)
            .map(str::to_owned),
    })
}

//! Shapes of the activity events (`data` of the `events` table and of SSE).

use serde_json::{json, Value};

use crate::storage::{Contact, NewEvent};

/// An event about a contact: `type`, `contactId`, `phone` and `name`, plus `extra`.
pub fn contact_event(
    kind: &'static str,
    contact: &Contact,
    route_id: Option<&str>,
    extra: Value,
) -> NewEvent {
    let mut data = json!({
        "type": kind,
        "contactId": contact.id,
        "phone": contact.phone,
        "name": contact.name,
    });
    if let (Some(map), Value::Object(more)) = (data.as_object_mut(), extra) {
        map.extend(more);
    }
    NewEvent {
        kind,
        contact_id: Some(contact.id.clone()),
        route_id: route_id.map(str::to_owned),
        data,
    }
}

/// A message event also carries `messageId`, `body`, `direction` and `source`.
pub struct MessageFacts<'a> {
    pub id: i64,
    pub body: &'a str,
    pub direction: &'static str,
    pub source: &'static str,
    pub bot_name: Option<&'a str>,
    pub status: Option<&'a str>,
}

pub fn message_event(
    kind: &'static str,
    contact: &Contact,
    route_id: Option<&str>,
    m: MessageFacts<'_>,
) -> NewEvent {
    contact_event(
        kind,
        contact,
        route_id,
        json!({
            "messageId": m.id.to_string(),
            "body": m.body,
            "direction": m.direction,
            "source": m.source,
            "botName": m.bot_name,
            "twilioStatus": m.status,
            "mode": contact.mode,
            "contactStatus": contact.status,
        }),
    )
}

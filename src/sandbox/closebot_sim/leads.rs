//! The simulated CloseBot's leads: found by phone, read with what the demo
//! bot collected (`fields`, `tags`), and their AI switched off and on.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

use super::rest::{not_found, Keyed, Shared};
use super::{rfc3339, Lead, State as Sim};

fn lead_dto(state: &Sim, lead: &Lead) -> Value {
    let source = state.sources.iter().find(|s| s.id == lead.source_id);
    let c = &lead.conversation;
    let mut fields = Vec::new();
    if let Some(owner) = c.homeowner {
        fields.push(json!({ "field": "homeowner", "name": "Homeowner", "value": if owner { "Yes" } else { "No (renting)" }, "aiProduced": true }));
    }
    if let Some(bill) = c.monthly_bill {
        fields.push(json!({ "field": "monthly_bill", "name": "Monthly electric bill", "value": format!("${bill}"), "aiProduced": true }));
    }
    if let Some(slot) = c.booked_slot {
        fields.push(json!({ "field": "appointment", "name": "Consultation", "value": slot, "aiProduced": true }));
    }
    json!({
        "id": lead.id, "name": null, "contactId": lead.contact_id,
        "lastMessageTime": lead.last_message_ms.map(rfc3339), "lastMessage": lead.last_message,
        "lastMessageDirection": "outbound", "starred": false, "unread": false,
        "source": source.map(|s| json!({ "id": s.id, "name": s.name })),
        "tags": lead.tags, "fields": fields, "instances": [],
    })
}

#[derive(Deserialize)]
pub(super) struct Search {
    search: Option<String>,
}

pub(super) async fn search(
    State(world): Shared,
    _key: Keyed,
    Json(body): Json<Search>,
) -> Response {
    let state = world.lock();
    let wanted = body.search.unwrap_or_default();
    let leads: Vec<Value> = state
        .leads
        .iter()
        .filter(|l| wanted.is_empty() || l.contact_id.contains(wanted.trim()))
        .map(|l| lead_dto(&state, l))
        .collect();
    Json(json!({ "total": leads.len(), "leads": leads })).into_response()
}

pub(super) async fn lead(State(world): Shared, _key: Keyed, Path(id): Path<String>) -> Response {
    let state = world.lock();
    match state.leads.iter().find(|l| l.id == id) {
        Some(lead) => Json(lead_dto(&state, lead)).into_response(),
        None => not_found("The lead"),
    }
}

fn toggle_dto(lead: &Lead) -> Value {
    json!({ "enabled": lead.ai_enabled, "applicable": true, "reason": null })
}

pub(super) async fn ai_toggle(
    State(world): Shared,
    _key: Keyed,
    Path(id): Path<String>,
) -> Response {
    match world.lock().leads.iter().find(|l| l.id == id) {
        Some(lead) => Json(toggle_dto(lead)).into_response(),
        None => not_found("The lead"),
    }
}

#[derive(Deserialize)]
pub(super) struct Toggle {
    enabled: bool,
}

pub(super) async fn set_ai_toggle(
    State(world): Shared,
    _key: Keyed,
    Path(id): Path<String>,
    Json(body): Json<Toggle>,
) -> Response {
    let mut state = world.lock();
    match state.leads.iter_mut().find(|l| l.id == id) {
        Some(lead) => {
            lead.ai_enabled = body.enabled;
            Json(toggle_dto(lead)).into_response()
        }
        None => not_found("The lead"),
    }
}

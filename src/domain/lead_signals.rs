//! What a CloseBot callback says about the lead besides its reply text:
//! booked, or qualified. CloseBot does not document its callback body, so
//! these forms are all accepted, at the top level or inside a `lead` or
//! `contact` object:
//!
//! * a flag that is `true` (or `"true"`/`"yes"`): `booked`, `isBooked`,
//!   `appointmentBooked`, `bookingConfirmed` → booked; `qualified`,
//!   `isQualified` → qualified;
//! * a word in `event`, `type`, `eventType`, `action` or `status`, and
//! * `tags`, as strings, objects with a `name` (or `tag`, `label`), or one
//!   comma-separated string:
//!   matching /book|appointment/i → booked, /qualif/i → qualified.
//!
//! A word or tag that says the opposite ("not booked", "appointment
//! cancelled", "unqualified", "disqualified", "no appointment") means nothing.

use serde_json::{Map, Value};

/// The strongest status a callback asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum LeadSignal {
    Qualified,
    Booked,
}

impl LeadSignal {
    /// The contact status it stands for.
    pub fn status(self) -> &'static str {
        match self {
            Self::Qualified => "qualified",
            Self::Booked => "booked",
        }
    }
}

const BOOKED_FLAGS: [&str; 4] = [
    "booked",
    "isBooked",
    "appointmentBooked",
    "bookingConfirmed",
];
const QUALIFIED_FLAGS: [&str; 2] = ["qualified", "isQualified"];
const WORD_FIELDS: [&str; 5] = ["event", "type", "eventType", "action", "status"];
const TAG_NAME_FIELDS: [&str; 3] = ["name", "tag", "label"];
const NESTED: [&str; 2] = ["lead", "contact"];

/// The strongest signal anywhere in the callback body, if any.
pub fn signal_of(body: &Map<String, Value>) -> Option<LeadSignal> {
    let nested = NESTED
        .iter()
        .filter_map(|key| body.get(*key).and_then(Value::as_object));
    std::iter::once(body)
        .chain(nested)
        .filter_map(signal_in)
        .max()
}

fn signal_in(fields: &Map<String, Value>) -> Option<LeadSignal> {
    let flag = |names: &[&str]| names.iter().any(|name| is_true(fields.get(*name)));
    let mut found = Vec::new();
    if flag(&BOOKED_FLAGS) {
        found.push(LeadSignal::Booked);
    }
    if flag(&QUALIFIED_FLAGS) {
        found.push(LeadSignal::Qualified);
    }
    for field in WORD_FIELDS {
        if let Some(Value::String(word)) = fields.get(field) {
            found.extend(signal_of_word(word));
        }
    }
    found.extend(
        tags_of(fields.get("tags"))
            .iter()
            .filter_map(|t| signal_of_word(t)),
    );
    found.into_iter().max()
}

fn is_true(value: Option<&Value>) -> bool {
    match value {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => matches!(s.trim().to_lowercase().as_str(), "true" | "yes"),
        _ => false,
    }
}

fn tags_of(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::String(list)) => list.split(',').map(str::to_owned).collect(),
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|item| match item {
                Value::String(tag) => Some(tag.clone()),
                Value::Object(tag) => TAG_NAME_FIELDS
                    .iter()
                    .find_map(|k| tag.get(*k).and_then(Value::as_str))
                    .map(str::to_owned),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// What one tag or event word means.
pub fn signal_of_word(word: &str) -> Option<LeadSignal> {
    let lower = word.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let negated = words.iter().any(|w| {
        matches!(*w, "not" | "no" | "non" | "never" | "failed")
            || w.starts_with("cancel")
            || w.starts_with("un") && (w.contains("book") || w.contains("qualif"))
            || w.starts_with("dis") && w.contains("qualif")
            || w.starts_with("non") && w.contains("qualif")
    });
    if negated {
        return None;
    }
    if lower.contains("book") || lower.contains("appointment") {
        Some(LeadSignal::Booked)
    } else if lower.contains("qualif") {
        Some(LeadSignal::Qualified)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn signal(body: Value) -> Option<LeadSignal> {
        signal_of(body.as_object().unwrap())
    }

    #[test]
    fn booking_flags_and_events_mean_booked() {
        for body in [
            json!({ "booked": true }),
            json!({ "appointmentBooked": "true" }),
            json!({ "isBooked": "yes" }),
            json!({ "event": "booking" }),
            json!({ "type": "appointment_booked" }),
            json!({ "eventType": "AppointmentBooked" }),
            json!({ "lead": { "booked": true } }),
        ] {
            assert_eq!(signal(body.clone()), Some(LeadSignal::Booked), "{body}");
        }
    }

    #[test]
    fn tags_as_strings_objects_or_a_list_say_booked_or_qualified() {
        assert_eq!(
            signal(json!({ "tags": ["hot", "Appointment Set"] })),
            Some(LeadSignal::Booked)
        );
        assert_eq!(
            signal(json!({ "tags": [{ "name": "Booked" }] })),
            Some(LeadSignal::Booked)
        );
        assert_eq!(
            signal(json!({ "tags": [{ "name": "Qualified lead" }] })),
            Some(LeadSignal::Qualified)
        );
        assert_eq!(
            signal(json!({ "tags": "warm, qualified" })),
            Some(LeadSignal::Qualified)
        );
        assert_eq!(
            signal(json!({ "tags": ["qualified", "booked"] })),
            Some(LeadSignal::Booked),
            "the strongest wins"
        );
        assert_eq!(
            signal(json!({ "contact": { "tags": [{ "label": "QUALIFIED" }] } })),
            Some(LeadSignal::Qualified)
        );
    }

    #[test]
    fn plain_replies_and_words_that_say_the_opposite_mean_nothing() {
        for body in [
            json!({ "message": "Hi", "type": "message" }),
            json!({ "booked": false, "qualified": "no" }),
            json!({ "tags": ["hot", 7, { "id": "x" }] }),
            json!({ "event": "appointment_cancelled" }),
            json!({ "tags": ["Not booked", "unqualified", "Disqualified", "no appointment", "non-qualified"] }),
            json!({ "status": "success" }),
        ] {
            assert_eq!(signal(body.clone()), None, "{body}");
        }
    }
}

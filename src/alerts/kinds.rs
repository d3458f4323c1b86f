//! Which events are worth an alert, and the one line each adds to a digest.

use crate::domain::events::EventData;

use super::config::AlertKinds;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AlertKind {
    DeliveryFailure,
    NewLead,
    OptOut,
}

impl AlertKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::DeliveryFailure => "delivery_failure",
            Self::NewLead => "new_lead",
            Self::OptOut => "opt_out",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Some(match raw {
            "delivery_failure" => Self::DeliveryFailure,
            "new_lead" => Self::NewLead,
            "opt_out" => Self::OptOut,
            _ => return None,
        })
    }

    /// "3 delivery failures", "1 new lead"…
    pub fn counted(self, n: usize) -> String {
        let (one, many) = match self {
            Self::DeliveryFailure => ("delivery failure", "delivery failures"),
            Self::NewLead => ("new lead", "new leads"),
            Self::OptOut => ("opt-out", "opt-outs"),
        };
        format!("{n} {}", if n == 1 { one } else { many })
    }
}

/// The alert an event makes under `kinds`, with its line for the digest.
pub fn alert_for(event: &EventData, kinds: &AlertKinds) -> Option<(AlertKind, String)> {
    let who = |s: &crate::domain::events::Subject| match &s.name {
        Some(name) if !name.trim().is_empty() => format!("{name} ({})", s.phone),
        _ => s.phone.clone(),
    };
    match event {
        EventData::StatusChange(change)
            if kinds.delivery_failures
                && matches!(change.twilio_status.as_str(), "failed" | "undelivered") =>
        {
            let why = change
                .error_explanation
                .clone()
                .or_else(|| change.error_message.clone())
                .unwrap_or_else(|| "no reason given".into());
            let code = change
                .error_code
                .as_deref()
                .map(|c| format!(" (error {c})"))
                .unwrap_or_default();
            let text = change
                .body
                .as_deref()
                .map(|b| format!(": “{}”", snippet(b)))
                .unwrap_or_default();
            Some((
                AlertKind::DeliveryFailure,
                format!(
                    "to {} {}{code}{text} — {why}",
                    who(&change.subject),
                    change.twilio_status
                ),
            ))
        }
        EventData::NewLead(lead) if kinds.new_leads => Some((
            AlertKind::NewLead,
            format!("{} texted for the first time", who(&lead.subject)),
        )),
        EventData::OptOut(opt_out) if kinds.opt_outs => Some((
            AlertKind::OptOut,
            format!("{} opted out ({})", who(&opt_out.subject), opt_out.keyword),
        )),
        _ => None,
    }
}

/// The first 60 characters of a text, on one line.
fn snippet(body: &str) -> String {
    let line: String = body.split_whitespace().collect::<Vec<_>>().join(" ");
    match line.char_indices().nth(60) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None => line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::events::{KeywordEvent, NewLead, StatusChange, Subject};

    fn subject() -> Subject {
        Subject {
            contact_id: "c".into(),
            phone: "+15551234567".into(),
            name: Some("Ada".into()),
        }
    }

    fn status(status: &str) -> EventData {
        EventData::StatusChange(StatusChange {
            subject: subject(),
            message_id: "1".into(),
            body: Some("Your estimate is ready, reply YES to book".into()),
            twilio_sid: None,
            twilio_status: status.into(),
            error_code: Some("30006".into()),
            error_message: None,
            error_explanation: Some("The number is a landline.".into()),
        })
    }

    #[test]
    fn failures_leads_and_opt_outs_alert_only_when_switched_on() {
        let all = AlertKinds {
            delivery_failures: true,
            new_leads: true,
            opt_outs: true,
        };
        let (kind, line) = alert_for(&status("undelivered"), &all).unwrap();
        assert_eq!(kind, AlertKind::DeliveryFailure);
        assert!(
            line.contains("Ada (+15551234567)") && line.contains("30006"),
            "{line}"
        );
        assert!(alert_for(&status("delivered"), &all).is_none());
        let lead = EventData::NewLead(NewLead { subject: subject() });
        assert_eq!(alert_for(&lead, &all).unwrap().0, AlertKind::NewLead);
        let stop = EventData::OptOut(KeywordEvent {
            subject: subject(),
            keyword: "STOP".into(),
            message_sid: None,
            twilio_number: None,
        });
        assert_eq!(alert_for(&stop, &all).unwrap().0, AlertKind::OptOut);
        let none = AlertKinds {
            delivery_failures: false,
            new_leads: false,
            opt_outs: false,
        };
        for event in [status("failed"), lead, stop] {
            assert!(alert_for(&event, &none).is_none());
        }
    }

    #[test]
    fn counts_read_naturally() {
        assert_eq!(AlertKind::DeliveryFailure.counted(1), "1 delivery failure");
        assert_eq!(AlertKind::NewLead.counted(500), "500 new leads");
    }
}

//! What Twilio's error codes mean for the bridge: whether a retry can help,
//! and a sentence a dashboard user understands.

/// Twilio: the recipient has opted out (replied STOP) from this sender.
pub const OPTED_OUT: &str = "21610";

/// A plain-language explanation of a Twilio error code, when we know it.
pub fn describe(code: &str) -> Option<&'static str> {
    Some(match code {
        "20003" => {
            "Twilio rejected the credentials: check the Account SID and Auth Token in Settings."
        }
        "20429" => "Twilio is rate-limiting requests; the message will be retried.",
        "21211" => "The recipient's number is not a valid phone number.",
        "21408" => {
            "Sending to this country is not enabled in the Twilio console (Geo Permissions)."
        }
        "21606" => "The sending number cannot send SMS to this destination.",
        "21610" => "The recipient replied STOP and has unsubscribed from this number.",
        "21612" => "Twilio cannot route a message between these two numbers.",
        "21614" => "The recipient's number cannot receive SMS (landline or invalid mobile number).",
        "21617" => "The message is longer than 1,600 characters.",
        "30001" => "Twilio's queue for this number overflowed; too many messages were waiting.",
        "30002" => "The Twilio account is suspended.",
        "30003" => "The recipient's phone is switched off or out of coverage.",
        "30004" => "The recipient blocked messages from this number.",
        "30005" => "The recipient's number is unknown or no longer in service.",
        "30006" => "The number is a landline or its carrier cannot receive SMS.",
        "30007" => "The carrier filtered the message as spam or unregistered traffic.",
        "30008" => "The carrier reported an unknown delivery error.",
        "30032" => "The toll-free number is not verified for sending.",
        "30034" => "The number is not registered for A2P 10DLC messaging.",
        _ => return None,
    })
}

/// Errors that say the request itself will never succeed (no retry), as
/// opposed to rate limits, outages and credential problems an operator fixes.
pub fn is_permanent_rejection(http_status: u16, code: Option<&str>) -> bool {
    match http_status {
        401 | 403 | 408 | 429 => false,
        400..=499 => !matches!(code, Some("20003") | Some("20429")),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_numbers_and_opt_outs_are_permanent() {
        assert!(is_permanent_rejection(400, Some("21211")));
        assert!(is_permanent_rejection(400, Some(OPTED_OUT)));
        assert!(is_permanent_rejection(404, None));
    }

    #[test]
    fn outages_limits_and_credentials_are_retried() {
        assert!(!is_permanent_rejection(429, Some("20429")));
        assert!(!is_permanent_rejection(401, Some("20003")));
        assert!(!is_permanent_rejection(503, None));
    }

    #[test]
    fn common_codes_are_explained() {
        assert!(describe("21610").unwrap().contains("STOP"));
        assert_eq!(describe("99999"), None);
    }
}

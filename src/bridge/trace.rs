//! Trace hops as the flows note them (`domain::trace`), with what only the
//! flows know: the contact's opt-out evidence behind an `optedOut` reason.

use crate::domain::eligibility::Verdict;
use crate::domain::trace::{Hop, HopKind, SkipReason};
use crate::storage::Contact;

/// A step as the eligibility rule decided it for `contact`.
pub fn verdict_hop(kind: HopKind, verdict: Verdict, contact: &Contact, at_ms: i64) -> Hop {
    with_opt_out(Hop::of_verdict(kind, verdict, at_ms), contact)
}

/// An opted-out step carries the evidence: which keyword, and when.
pub fn with_opt_out(hop: Hop, contact: &Contact) -> Hop {
    if hop.detail.reason != Some(SkipReason::OptedOut) {
        return hop;
    }
    hop.with(|d| {
        d.opted_out_at = contact.opted_out_at;
        d.opt_out_keyword = contact.opt_out_keyword.clone();
    })
}

//! Pure rules of the analytics: ranges and buckets in a time zone, response
//! time histograms, outcomes, and the contact sets kept per quarter hour.

pub mod contact_set;
pub mod outcome;
pub mod period;
pub mod response_times;

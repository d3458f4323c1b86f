//! Figures the dashboard shows that come from more than one table or from
//! CloseBot's metrics, computed (and cached) here rather than in handlers.

pub mod account_cache;
pub mod analytics;
pub mod bookings;
pub mod bot_figures;
pub mod leads;

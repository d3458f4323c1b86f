//! The Analytics page's figures over any range in the business's time zone,
//! from the quarter-hour counts and activity rows, CloseBot's booking
//! metrics and our own CSAT survey answers.

pub mod backfill;

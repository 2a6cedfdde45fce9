//! mockloop: a local-first spoken mock-interview coach.
//!
//! See ARCHITECTURE.md for the stages and the data that flows between them.

pub mod analysis;
pub mod audio;
pub mod follow_up;
pub mod model;
pub mod output;
pub mod paths;
pub mod practice;
pub mod questions;
pub mod report;
pub mod review;
pub mod rng;
pub mod session;
pub mod speak;
pub mod stream;
pub mod transcribe;
pub mod types;

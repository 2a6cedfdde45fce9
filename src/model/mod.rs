//! Whisper models: names, where they live on disk, fetching and importing.

pub mod convert;

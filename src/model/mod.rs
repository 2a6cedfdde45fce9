//! Whisper models: names, where they live on disk, fetching and importing.

pub mod convert;
mod ct2;
mod ggml;
mod mel;
mod vocab;

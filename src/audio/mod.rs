//! Audio in and out: WAV decoding, resampling, voice activity, capture.

pub mod decode;
pub mod resample;
pub mod vad;

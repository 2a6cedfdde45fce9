//! Audio in and out: WAV decoding, resampling, voice activity, capture.

pub mod capture;
pub mod devices;
pub mod level;
pub mod wav_writer;

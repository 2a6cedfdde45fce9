//! Audio in and out: WAV decoding, resampling, voice activity, capture.

pub mod capture;
pub mod decode;
pub mod devices;
pub mod level;
pub mod resample;
pub mod vad;
pub mod wav_writer;

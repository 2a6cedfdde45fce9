//! Audio in and out: WAV decoding, resampling, voice activity, capture.

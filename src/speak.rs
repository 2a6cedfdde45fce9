//! Reads questions aloud with the `tts` crate (speech-dispatcher on Linux, the OS voice on
//! macOS and Windows). Speech is a nicety: when it is missing or hangs, the caller prints the
//! question and carries on.

use std::time::{Duration, Instant};

#[derive(Debug, thiserror::Error)]
pub enum SpeakError {
    #[error("text-to-speech is not available ({0}); on Linux install speech-dispatcher and speech-dispatcher-espeak-ng, or use --no-speak")]
    Unavailable(String),
    #[error("text-to-speech did not finish within {0:.0} s (is an audio server running?)")]
    TimedOut(f64),
    #[error("text-to-speech failed: {0}")]
    Failed(String),
}

pub struct Speaker {
    tts: tts::Tts,
}

impl Speaker {
    pub fn new() -> Result<Self, SpeakError> {
        let tts = tts::Tts::default().map_err(|e| SpeakError::Unavailable(e.to_string()))?;
        Ok(Self { tts })
    }

    /// Speaks `text` and waits until it is done, or gives up after a time proportional to its
    /// length (speech-dispatcher without an audio server reports "speaking" forever).
    pub fn say(&mut self, text: &str) -> Result<(), SpeakError> {
        self.tts
            .speak(text, true)
            .map_err(|e| SpeakError::Failed(e.to_string()))?;
        let words = text.split_whitespace().count() as f64;
        let limit = Duration::from_secs_f64(4.0 + words / 1.5);
        let start = Instant::now();
        // Speech may take a moment to start; then wait for it to end.
        std::thread::sleep(Duration::from_millis(200));
        loop {
            match self.tts.is_speaking() {
                Ok(false) => return Ok(()),
                Ok(true) => {}
                // Backends without the feature: estimate the duration instead.
                Err(_) => {
                    let est = Duration::from_secs_f64(words / 2.6);
                    std::thread::sleep(est.saturating_sub(start.elapsed()));
                    return Ok(());
                }
            }
            if start.elapsed() > limit {
                let _ = self.tts.stop();
                return Err(SpeakError::TimedOut(limit.as_secs_f64()));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

//! Input level maths, the live meter, and the "silence after speech" stop detector.
//!
//! Everything here works on short blocks of mono samples (the capture loop uses 20 ms)
//! and is pure, so it is unit-tested with synthetic frames.

/// Level reported for digital silence; keeps the maths finite.
pub const FLOOR_DB: f32 = -100.0;

/// Root mean square of a block (0 for an empty block).
pub fn rms(samples: &[f32]) -> f32 {
    if samples.is_empty() {
        return 0.0;
    }
    let sum: f64 = samples.iter().map(|&s| (s as f64) * (s as f64)).sum();
    (sum / samples.len() as f64).sqrt() as f32
}

/// Absolute peak of a block.
pub fn peak(samples: &[f32]) -> f32 {
    samples.iter().fold(0.0f32, |m, &s| m.max(s.abs()))
}

/// Amplitude to dB relative to full scale, clamped at [`FLOOR_DB`].
pub fn to_dbfs(amplitude: f32) -> f32 {
    if amplitude <= 0.0 || !amplitude.is_finite() {
        return FLOOR_DB;
    }
    (20.0 * amplitude.log10()).max(FLOOR_DB)
}

/// dBFS RMS level of a block.
pub fn block_dbfs(samples: &[f32]) -> f32 {
    to_dbfs(rms(samples))
}

/// Averages interleaved frames of `channels` samples into mono, appending to `out`.
/// A trailing partial frame is ignored (callers keep frames whole).
pub fn downmix_into(interleaved: &[f32], channels: usize, out: &mut Vec<f32>) {
    if channels <= 1 {
        out.extend_from_slice(interleaved);
        return;
    }
    let scale = 1.0 / channels as f32;
    out.extend(
        interleaved
            .chunks_exact(channels)
            .map(|frame| frame.iter().sum::<f32>() * scale),
    );
}

/// Levels the meter and detector treat as speech / silence.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SpeechThresholds {
    /// A block is never speech below this level (dBFS), however quiet the room.
    pub min_speech_db: f32,
    /// A block is speech when it is this far above the running noise floor.
    pub margin_db: f32,
}

impl Default for SpeechThresholds {
    fn default() -> Self {
        // -45 dBFS is well below normal speech on a laptop or headset mic (-30..-10 dBFS)
        // and above the self-noise of most (-70..-55 dBFS).
        Self {
            min_speech_db: -45.0,
            margin_db: 12.0,
        }
    }
}

/// Tracks the background noise level: follows drops at once and rises slowly, so a
/// steady fan raises it but a sentence does not.
#[derive(Debug, Clone, Copy)]
pub struct NoiseFloor {
    db: Option<f32>,
    /// dB per second the floor may rise.
    rise_db_per_s: f32,
}

impl Default for NoiseFloor {
    fn default() -> Self {
        Self {
            db: None,
            rise_db_per_s: 1.0,
        }
    }
}

impl NoiseFloor {
    pub fn update(&mut self, level_db: f32, block_s: f32) -> f32 {
        let next = match self.db {
            None => level_db,
            Some(f) if level_db < f => level_db,
            Some(f) => (f + self.rise_db_per_s * block_s).min(level_db),
        };
        self.db = Some(next);
        next
    }

    pub fn db(&self) -> Option<f32> {
        self.db
    }
}

/// Where the silence detector is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SilenceState {
    /// No speech heard yet: silence here never stops the recording.
    WaitingForSpeech { speech_s: f32 },
    /// Speech heard; counting the current run of silence.
    AfterSpeech { silence_s: f32 },
    /// Enough silence after speech: stop.
    Done,
}

/// Decides when "the speaker has finished": `silence_s` of continuous silence after at
/// least `min_speech_s` of (not necessarily continuous) speech.
#[derive(Debug, Clone)]
pub struct SilenceDetector {
    pub thresholds: SpeechThresholds,
    pub min_speech_s: f32,
    pub silence_s: f32,
    floor: NoiseFloor,
    state: SilenceState,
}

impl SilenceDetector {
    pub fn new(silence_s: f32) -> Self {
        Self {
            thresholds: SpeechThresholds::default(),
            // A cough or a click is shorter than this; a spoken word is longer.
            min_speech_s: 0.3,
            silence_s,
            floor: NoiseFloor::default(),
            state: SilenceState::WaitingForSpeech { speech_s: 0.0 },
        }
    }

    pub fn state(&self) -> SilenceState {
        self.state
    }

    pub fn speech_heard(&self) -> bool {
        !matches!(self.state, SilenceState::WaitingForSpeech { .. })
    }

    /// The level above which the current block counts as speech.
    pub fn speech_threshold_db(&self) -> f32 {
        let floor = self.floor.db().unwrap_or(FLOOR_DB);
        (floor + self.thresholds.margin_db).max(self.thresholds.min_speech_db)
    }

    /// Feeds one block's level; returns true once the stop condition is met (and stays true).
    pub fn feed(&mut self, level_db: f32, block_s: f32) -> bool {
        // Judge the block against the floor as it was before this block.
        let is_speech = level_db >= self.speech_threshold_db();
        self.floor.update(level_db, block_s);
        self.state = match self.state {
            SilenceState::WaitingForSpeech { speech_s } => {
                let speech_s = if is_speech {
                    speech_s + block_s
                } else {
                    speech_s
                };
                if speech_s >= self.min_speech_s {
                    SilenceState::AfterSpeech { silence_s: 0.0 }
                } else {
                    SilenceState::WaitingForSpeech { speech_s }
                }
            }
            SilenceState::AfterSpeech { silence_s } => {
                let silence_s = if is_speech { 0.0 } else { silence_s + block_s };
                if silence_s >= self.silence_s {
                    SilenceState::Done
                } else {
                    SilenceState::AfterSpeech { silence_s }
                }
            }
            SilenceState::Done => SilenceState::Done,
        };
        self.state == SilenceState::Done
    }
}

/// Smoothed level for display: jumps up at once, falls back at `fall_db_per_s`, so short
/// syllables stay visible on a meter redrawn ten times a second.
#[derive(Debug, Clone, Copy)]
pub struct LevelMeter {
    db: f32,
    fall_db_per_s: f32,
    /// Loudest block seen, for the `devices` verdict.
    pub max_db: f32,
}

impl Default for LevelMeter {
    fn default() -> Self {
        Self {
            db: FLOOR_DB,
            fall_db_per_s: 30.0,
            max_db: FLOOR_DB,
        }
    }
}

impl LevelMeter {
    pub fn update(&mut self, level_db: f32, block_s: f32) -> f32 {
        self.db = level_db.max(self.db - self.fall_db_per_s * block_s);
        self.max_db = self.max_db.max(level_db);
        self.db
    }

    pub fn db(&self) -> f32 {
        self.db
    }
}

/// Meter range shown: -60 dBFS (empty) to 0 dBFS (full).
pub const METER_MIN_DB: f32 = -60.0;

/// A text bar `[#####.....]` of `width` cells for a dBFS level.
pub fn meter_bar(level_db: f32, width: usize) -> String {
    let frac = ((level_db - METER_MIN_DB) / -METER_MIN_DB).clamp(0.0, 1.0);
    let filled = (frac * width as f32).round() as usize;
    let mut s = String::with_capacity(width + 2);
    s.push('[');
    s.push_str(&"#".repeat(filled));
    s.push_str(&".".repeat(width - filled));
    s.push(']');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    const BLOCK: f32 = 0.02;

    fn sine(amp: f32, n: usize) -> Vec<f32> {
        (0..n)
            .map(|i| amp * (i as f32 * 2.0 * std::f32::consts::PI * 440.0 / 16_000.0).sin())
            .collect()
    }

    #[test]
    fn rms_and_dbfs_of_known_signals() {
        assert_eq!(rms(&[]), 0.0);
        assert!((rms(&[0.5, -0.5, 0.5, -0.5]) - 0.5).abs() < 1e-6);
        // A full-scale sine has RMS 1/sqrt(2) = -3.01 dBFS.
        let s = sine(1.0, 16_000);
        assert!((block_dbfs(&s) + 3.01).abs() < 0.02, "{}", block_dbfs(&s));
        // Halving the amplitude costs 6.02 dB.
        let h = sine(0.5, 16_000);
        assert!((block_dbfs(&s) - block_dbfs(&h) - 6.02).abs() < 0.02);
        assert_eq!(to_dbfs(0.0), FLOOR_DB);
        assert_eq!(to_dbfs(f32::NAN), FLOOR_DB);
        assert_eq!(to_dbfs(1e-9), FLOOR_DB);
        assert!((peak(&[0.1, -0.7, 0.3]) - 0.7).abs() < 1e-6);
    }

    #[test]
    fn downmix_averages_channels_and_drops_partial_frame() {
        let mut out = Vec::new();
        downmix_into(&[1.0, 0.0, 0.5, 0.5, -1.0, 1.0, 0.9], 2, &mut out);
        assert_eq!(out, vec![0.5, 0.5, 0.0]);
        let mut mono = vec![0.1];
        downmix_into(&[0.2, 0.3], 1, &mut mono);
        assert_eq!(mono, vec![0.1, 0.2, 0.3]);
        let mut six = Vec::new();
        downmix_into(&[0.6; 12], 6, &mut six);
        assert_eq!(six.len(), 2);
        assert!(six.iter().all(|&v| (v - 0.6).abs() < 1e-6));
    }

    fn feed_for(det: &mut SilenceDetector, db: f32, seconds: f32) -> bool {
        let blocks = (seconds / BLOCK).round() as usize;
        let mut done = false;
        for _ in 0..blocks {
            done = det.feed(db, BLOCK);
        }
        done
    }

    #[test]
    fn silence_before_speech_never_stops() {
        let mut d = SilenceDetector::new(3.0);
        assert!(!feed_for(&mut d, -70.0, 30.0));
        assert!(matches!(d.state(), SilenceState::WaitingForSpeech { .. }));
        assert!(!d.speech_heard());
    }

    #[test]
    fn stops_after_sustained_silence_following_speech() {
        let mut d = SilenceDetector::new(3.0);
        feed_for(&mut d, -65.0, 1.0);
        assert!(!feed_for(&mut d, -20.0, 2.0));
        assert!(d.speech_heard());
        assert!(!feed_for(&mut d, -65.0, 2.9));
        assert!(feed_for(&mut d, -65.0, 0.2));
        assert_eq!(d.state(), SilenceState::Done);
        // Done is sticky.
        assert!(d.feed(-10.0, BLOCK));
    }

    #[test]
    fn pauses_between_sentences_reset_the_silence_run() {
        let mut d = SilenceDetector::new(3.0);
        feed_for(&mut d, -22.0, 1.0);
        for _ in 0..5 {
            assert!(!feed_for(&mut d, -65.0, 2.5));
            assert!(!feed_for(&mut d, -22.0, 0.5));
        }
        assert!(matches!(d.state(), SilenceState::AfterSpeech { .. }));
    }

    #[test]
    fn a_click_is_not_speech() {
        let mut d = SilenceDetector::new(3.0);
        feed_for(&mut d, -65.0, 1.0);
        feed_for(&mut d, -10.0, 0.1);
        assert!(!feed_for(&mut d, -65.0, 10.0));
        assert!(!d.speech_heard());
    }

    #[test]
    fn steady_noise_raises_the_threshold() {
        let mut d = SilenceDetector::new(3.0);
        // A fan at -40 dBFS: above the absolute minimum, but it is background.
        feed_for(&mut d, -40.0, 5.0);
        assert!(
            d.speech_threshold_db() >= -28.5,
            "{}",
            d.speech_threshold_db()
        );
        assert!(!d.speech_heard());
        // Speech over the fan, then the fan alone again: stops.
        feed_for(&mut d, -18.0, 1.5);
        assert!(d.speech_heard());
        assert!(feed_for(&mut d, -40.0, 3.1));
    }

    #[test]
    fn quiet_room_uses_absolute_minimum() {
        let mut d = SilenceDetector::new(1.0);
        feed_for(&mut d, FLOOR_DB, 1.0);
        assert_eq!(d.speech_threshold_db(), -45.0);
        // Barely audible hiss at -50 dBFS is not speech even in digital silence.
        feed_for(&mut d, -50.0, 0.05);
        assert!(!d.speech_heard());
    }

    #[test]
    fn meter_falls_back_slowly_and_bar_scales() {
        let mut m = LevelMeter::default();
        assert_eq!(m.update(-10.0, BLOCK), -10.0);
        // 0.1 s later at 30 dB/s: 3 dB lower, not at the new block's level.
        let mut v = 0.0;
        for _ in 0..5 {
            v = m.update(-60.0, BLOCK);
        }
        assert!((v + 13.0).abs() < 1e-3, "{v}");
        assert_eq!(m.max_db, -10.0);
        assert_eq!(meter_bar(FLOOR_DB, 10), "[..........]");
        assert_eq!(meter_bar(0.0, 10), "[##########]");
        assert_eq!(meter_bar(-30.0, 10), "[#####.....]");
        assert_eq!(meter_bar(12.0, 4), "[####]");
    }
}

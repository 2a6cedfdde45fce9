//! Voice-activity detection: which parts of 16 kHz audio hold speech.
//!
//! Whisper invents text on silence and noise, so every stage that hands audio to whisper
//! first asks this module whether anyone spoke. Uses earshot's small neural VAD (pure Rust,
//! weights built in), smoothed into speech regions with hangover so short pauses between
//! words don't split a sentence.

use crate::types::SAMPLE_RATE;

/// earshot works on 16 ms frames.
pub const FRAME: usize = 256;
const FRAME_S: f64 = FRAME as f64 / SAMPLE_RATE as f64;

/// Tuning for turning per-frame scores into speech regions.
#[derive(Debug, Clone, Copy)]
pub struct VadConfig {
    /// Frame score at or above which a frame counts as voiced.
    pub threshold: f32,
    /// Voiced time needed to open a region (rejects clicks and coughs).
    pub min_speech_s: f64,
    /// Unvoiced time that closes a region (pauses inside speech are shorter).
    pub hangover_s: f64,
    /// Audio kept before and after each region so word onsets aren't clipped.
    pub pad_s: f64,
}

impl Default for VadConfig {
    fn default() -> Self {
        Self {
            threshold: 0.5,
            min_speech_s: 0.15,
            hangover_s: 0.6,
            pad_s: 0.2,
        }
    }
}

/// A stretch of speech, in seconds from the start of the audio.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SpeechRegion {
    pub start_s: f64,
    pub end_s: f64,
}

impl SpeechRegion {
    pub fn duration_s(&self) -> f64 {
        self.end_s - self.start_s
    }
}

/// Streaming voice detector: feed 16 kHz samples in any chunk size, read per-frame decisions.
pub struct Vad {
    detector: Box<earshot::Detector>,
    buf: Vec<f32>,
    cfg: VadConfig,
    frames_seen: u64,
    voiced_run: u32,
    unvoiced_run: u32,
    in_speech: bool,
    region_start_frame: u64,
    regions: Vec<SpeechRegion>,
    voiced_frames: u64,
    /// Short pauses inside speech (seconds), where audio can be cut without splitting a word.
    pauses: Vec<f64>,
}

/// earshot scores steady noise at 0.5–0.65 for its first ~0.2 s while it adapts to the
/// background, long enough to open a region that whisper then hears as "Yeah.". Speech scores
/// 0.7 and up within a few frames, so the warm-up frames must clear a higher bar.
const WARMUP_FRAMES: u64 = 20;
const WARMUP_THRESHOLD: f32 = 0.7;

/// A pause this long inside speech is a safe place to cut (between words or clauses).
const PAUSE_S: f64 = 0.2;

impl Vad {
    pub fn new(cfg: VadConfig) -> Self {
        Self {
            detector: earshot::Detector::default_boxed(),
            buf: Vec::with_capacity(FRAME),
            cfg,
            frames_seen: 0,
            voiced_run: 0,
            unvoiced_run: 0,
            in_speech: false,
            region_start_frame: 0,
            regions: Vec::new(),
            voiced_frames: 0,
            pauses: Vec::new(),
        }
    }

    /// Feeds samples. Returns the regions that closed during this call.
    pub fn push(&mut self, samples: &[f32]) -> Vec<SpeechRegion> {
        let before = self.regions.len();
        for &s in samples {
            self.buf.push(s);
            if self.buf.len() == FRAME {
                let score = self.detector.predict_f32(&self.buf);
                self.buf.clear();
                let threshold = if self.frames_seen < WARMUP_FRAMES {
                    self.cfg.threshold.max(WARMUP_THRESHOLD)
                } else {
                    self.cfg.threshold
                };
                self.step(score >= threshold);
            }
        }
        self.regions[before..].to_vec()
    }

    fn frames(&self, secs: f64) -> u32 {
        (secs / FRAME_S).ceil().max(1.0) as u32
    }

    fn step(&mut self, voiced: bool) {
        let frame = self.frames_seen;
        self.frames_seen += 1;
        if voiced {
            self.voiced_frames += 1;
            self.voiced_run += 1;
            self.unvoiced_run = 0;
            if !self.in_speech && self.voiced_run >= self.frames(self.cfg.min_speech_s) {
                self.in_speech = true;
                self.region_start_frame = frame + 1 - self.voiced_run as u64;
            }
        } else {
            self.voiced_run = 0;
            self.unvoiced_run += 1;
            if self.in_speech && self.unvoiced_run == self.frames(PAUSE_S) {
                // Cut in the middle of what is silent so far.
                let start = frame + 1 - self.unvoiced_run as u64;
                self.pauses
                    .push((start as f64 + self.unvoiced_run as f64 / 2.0) * FRAME_S);
            }
            if self.in_speech && self.unvoiced_run >= self.frames(self.cfg.hangover_s) {
                self.in_speech = false;
                let end_frame = frame + 1 - self.unvoiced_run as u64;
                self.close(end_frame);
            }
        }
    }

    fn close(&mut self, end_frame: u64) {
        let start = (self.region_start_frame as f64 * FRAME_S - self.cfg.pad_s).max(0.0);
        let end = end_frame as f64 * FRAME_S + self.cfg.pad_s;
        self.regions.push(SpeechRegion {
            start_s: start,
            end_s: end,
        });
    }

    /// Pauses inside speech found since the last call (seconds from the start).
    pub fn take_pauses(&mut self) -> Vec<f64> {
        std::mem::take(&mut self.pauses)
    }

    /// True while the speaker is (still) talking, after hangover smoothing.
    pub fn in_speech(&self) -> bool {
        self.in_speech
    }

    /// Seconds of audio fed so far.
    pub fn position_s(&self) -> f64 {
        self.frames_seen as f64 * FRAME_S
    }

    /// Seconds since the last voiced frame (0 while speaking).
    pub fn silence_s(&self) -> f64 {
        self.unvoiced_run as f64 * FRAME_S
    }

    /// Total seconds judged voiced (before smoothing).
    pub fn voiced_s(&self) -> f64 {
        self.voiced_frames as f64 * FRAME_S
    }

    /// Ends the stream: closes an open region and returns every region, clamped to the audio length.
    pub fn finish(mut self) -> Vec<SpeechRegion> {
        if self.in_speech {
            self.close(self.frames_seen);
        }
        let total = self.frames_seen as f64 * FRAME_S + self.buf.len() as f64 / SAMPLE_RATE as f64;
        let mut merged: Vec<SpeechRegion> = Vec::new();
        for mut r in self.regions {
            r.end_s = r.end_s.min(total);
            match merged.last_mut() {
                Some(last) if r.start_s <= last.end_s => last.end_s = last.end_s.max(r.end_s),
                _ => merged.push(r),
            }
        }
        merged
    }
}

/// Speech regions of a whole 16 kHz buffer.
pub fn speech_regions(samples: &[f32], cfg: VadConfig) -> Vec<SpeechRegion> {
    let mut v = Vad::new(cfg);
    v.push(samples);
    v.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn noise(n: usize, amp: f32, seed: u64) -> Vec<f32> {
        // xorshift: deterministic, no extra dependency.
        let mut s = seed | 1;
        (0..n)
            .map(|_| {
                s ^= s << 13;
                s ^= s >> 7;
                s ^= s << 17;
                ((s % 20_000) as f32 / 10_000.0 - 1.0) * amp
            })
            .collect()
    }

    #[test]
    fn silence_and_white_noise_have_no_speech() {
        assert!(speech_regions(&vec![0.0; 16_000 * 3], VadConfig::default()).is_empty());
        assert!(speech_regions(&noise(16_000 * 3, 0.3, 7), VadConfig::default()).is_empty());
        assert!(speech_regions(&noise(16_000 * 3, 0.01, 9), VadConfig::default()).is_empty());
    }

    /// Pink noise (Paul Kellet's filter over white noise) at a given RMS, like a fan or hum.
    fn pink(n: usize, rms: f32, seed: u64) -> Vec<f32> {
        let (mut b0, mut b1, mut b2) = (0.0f32, 0.0f32, 0.0f32);
        let raw: Vec<f32> = noise(n, 1.0, seed)
            .into_iter()
            .map(|w| {
                b0 = 0.99765 * b0 + w * 0.0990460;
                b1 = 0.96300 * b1 + w * 0.2965164;
                b2 = 0.57000 * b2 + w * 1.0526913;
                b0 + b1 + b2 + w * 0.1848
            })
            .collect();
        let now = (raw.iter().map(|x| x * x).sum::<f32>() / n as f32).sqrt();
        raw.into_iter().map(|x| x * rms / now).collect()
    }

    #[test]
    fn noise_at_the_very_start_does_not_open_a_region() {
        // earshot scores noise high while it adapts; these clips once opened a region.
        // Without the warm-up bar, 12 of these 400 one-second clips opened a region.
        for rms in [0.04, 0.06] {
            let opened: Vec<u64> = (1..=200)
                .filter(|&seed| {
                    !speech_regions(&pink(16_000, rms, seed), VadConfig::default()).is_empty()
                })
                .collect();
            assert!(opened.is_empty(), "rms {rms}: seeds {opened:?}");
        }
    }

    #[test]
    fn a_pure_tone_is_not_speech() {
        let tone: Vec<f32> = (0..48_000)
            .map(|i| (i as f32 * 2.0 * std::f32::consts::PI * 1000.0 / 16_000.0).sin() * 0.3)
            .collect();
        assert!(speech_regions(&tone, VadConfig::default()).is_empty());
    }

    #[test]
    fn region_state_machine_closes_after_hangover() {
        let mut v = Vad::new(VadConfig::default());
        // Drive the smoother directly: 0.5 s voiced, 1 s unvoiced.
        for _ in 0..31 {
            v.step(true);
        }
        assert!(v.in_speech());
        for _ in 0..62 {
            v.step(false);
        }
        assert!(!v.in_speech());
        let r = v.finish();
        assert_eq!(r.len(), 1);
        assert!(
            r[0].start_s == 0.0 && (r[0].end_s - (0.496 + 0.2)).abs() < 0.02,
            "{r:?}"
        );
    }

    #[test]
    fn short_pauses_inside_speech_are_cut_points() {
        let mut v = Vad::new(VadConfig::default());
        for _ in 0..40 {
            v.step(true);
        }
        for _ in 0..20 {
            v.step(false); // 0.32 s: a pause, not the end of speech
        }
        for _ in 0..40 {
            v.step(true);
        }
        let p = v.take_pauses();
        assert_eq!(p.len(), 1, "{p:?}");
        assert!((p[0] - (40.0 + 6.5) * FRAME_S).abs() < 1e-9, "{p:?}");
        assert!(v.take_pauses().is_empty());
        assert!(v.in_speech());
    }

    #[test]
    fn short_blips_do_not_open_a_region() {
        let mut v = Vad::new(VadConfig::default());
        for _ in 0..5 {
            v.step(true);
            v.step(false);
            v.step(false);
        }
        assert!(v.finish().is_empty());
    }
}

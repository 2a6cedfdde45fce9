//! Sample-rate conversion to whisper's 16 kHz, with rubato's FFT resampler (band-limited,
//! unlike linear interpolation which aliases consonants into the speech band).

use rubato::{FftFixedIn, Resampler};

use crate::types::SAMPLE_RATE;

#[derive(Debug, thiserror::Error)]
pub enum ResampleError {
    #[error("cannot resample from {from} Hz to {to} Hz: {reason}")]
    Setup { from: u32, to: u32, reason: String },
    #[error("resampling failed: {0}")]
    Process(String),
}

/// Input frames handed to rubato per call; small enough for live capture, big enough to be cheap.
const CHUNK: usize = 1024;

/// Streaming mono resampler: push any number of samples, get the converted ones as they are ready.
/// The output is aligned with the input (rubato's filter delay is removed).
pub struct StreamResampler {
    inner: Option<FftFixedIn<f32>>,
    pending: Vec<f32>,
    /// Output samples still to drop at the start (the resampler's delay).
    delay_left: usize,
    from: u32,
    to: u32,
    consumed_in: u64,
    produced_out: u64,
}

impl StreamResampler {
    pub fn new(from: u32, to: u32) -> Result<Self, ResampleError> {
        if from == 0 || to == 0 {
            return Err(ResampleError::Setup {
                from,
                to,
                reason: "sample rate must be above zero".into(),
            });
        }
        let inner = if from == to {
            None
        } else {
            Some(
                FftFixedIn::<f32>::new(from as usize, to as usize, CHUNK, 2, 1).map_err(|e| {
                    ResampleError::Setup {
                        from,
                        to,
                        reason: e.to_string(),
                    }
                })?,
            )
        };
        let delay_left = inner.as_ref().map_or(0, |r| r.output_delay());
        Ok(Self {
            inner,
            pending: Vec::new(),
            delay_left,
            from,
            to,
            consumed_in: 0,
            produced_out: 0,
        })
    }

    /// Converts to 16 kHz, the rate every later stage uses.
    pub fn to_whisper_rate(from: u32) -> Result<Self, ResampleError> {
        Self::new(from, SAMPLE_RATE)
    }

    /// Feeds samples; returns whatever output is complete so far.
    pub fn push(&mut self, input: &[f32]) -> Result<Vec<f32>, ResampleError> {
        self.consumed_in += input.len() as u64;
        let Some(r) = self.inner.as_mut() else {
            self.produced_out += input.len() as u64;
            return Ok(input.to_vec());
        };
        self.pending.extend_from_slice(input);
        let mut out = Vec::with_capacity(input.len() * self.to as usize / self.from as usize + 16);
        let mut start = 0;
        while self.pending.len() - start >= r.input_frames_next() {
            let n = r.input_frames_next();
            let chunk = [&self.pending[start..start + n]];
            let res = r
                .process(&chunk, None)
                .map_err(|e| ResampleError::Process(e.to_string()))?;
            out.extend_from_slice(&res[0]);
            start += n;
        }
        self.pending.drain(..start);
        Ok(self.take_aligned(out))
    }

    /// Flushes the tail; the total output length matches the input duration.
    pub fn finish(&mut self) -> Result<Vec<f32>, ResampleError> {
        if self.inner.is_none() {
            return Ok(Vec::new());
        }
        let expected = (self.consumed_in as u128 * self.to as u128 / self.from as u128) as u64;
        let mut out = Vec::new();
        let mut pending = Some(std::mem::take(&mut self.pending));
        // Zero-padded chunks push the last real samples through the filter delay; bounded for safety.
        for _ in 0..64 {
            if self.produced_out >= expected {
                break;
            }
            let r = self.inner.as_mut().expect("checked above");
            let res = match pending.take() {
                Some(p) => r.process_partial(Some(&[&p[..]]), None),
                None => r.process_partial::<&[f32]>(None, None),
            }
            .map_err(|e| ResampleError::Process(e.to_string()))?;
            let chunk = res.into_iter().next().unwrap_or_default();
            out.extend(self.take_aligned(chunk));
        }
        let excess = self.produced_out.saturating_sub(expected) as usize;
        out.truncate(out.len().saturating_sub(excess));
        self.produced_out = expected;
        Ok(out)
    }

    fn take_aligned(&mut self, mut out: Vec<f32>) -> Vec<f32> {
        if self.delay_left > 0 {
            let drop = self.delay_left.min(out.len());
            out.drain(..drop);
            self.delay_left -= drop;
        }
        self.produced_out += out.len() as u64;
        out
    }
}

/// Resamples a whole mono buffer.
pub fn resample(samples: &[f32], from: u32, to: u32) -> Result<Vec<f32>, ResampleError> {
    let mut r = StreamResampler::new(from, to)?;
    let mut out = r.push(samples)?;
    out.extend(r.finish()?);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sine(freq: f32, rate: u32, secs: f32) -> Vec<f32> {
        (0..(rate as f32 * secs) as usize)
            .map(|i| (2.0 * std::f32::consts::PI * freq * i as f32 / rate as f32).sin() * 0.5)
            .collect()
    }

    /// Goertzel power of `freq` in `x`, normalised by length.
    fn tone_power(x: &[f32], freq: f32, rate: u32) -> f32 {
        let w = 2.0 * std::f32::consts::PI * freq / rate as f32;
        let (mut s1, mut s2) = (0.0f32, 0.0f32);
        for &v in x {
            let s = v + 2.0 * w.cos() * s1 - s2;
            s2 = s1;
            s1 = s;
        }
        (s1 * s1 + s2 * s2 - 2.0 * w.cos() * s1 * s2) / (x.len() as f32).powi(2)
    }

    #[test]
    fn keeps_duration_and_tone() {
        for from in [8_000, 22_050, 44_100, 48_000] {
            let x = sine(440.0, from, 1.0);
            let y = resample(&x, from, 16_000).unwrap();
            assert_eq!(y.len(), 16_000, "from {from}");
            // The tone survives: most of the energy is still at 440 Hz.
            let mid = &y[2000..14000];
            let p440 = tone_power(mid, 440.0, 16_000);
            let p1000 = tone_power(mid, 1000.0, 16_000);
            assert!(p440 > 100.0 * p1000, "from {from}: {p440} vs {p1000}");
        }
    }

    #[test]
    fn output_is_aligned_with_input() {
        // A click at 0.5 s must come out at 0.5 s, not shifted by the filter delay.
        let mut x = vec![0.0f32; 48_000];
        x[24_000] = 1.0;
        let y = resample(&x, 48_000, 16_000).unwrap();
        let peak = y
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.abs().total_cmp(&b.1.abs()))
            .unwrap()
            .0;
        assert!((peak as i64 - 8_000).abs() <= 2, "peak at {peak}");
    }

    #[test]
    fn removes_content_above_new_nyquist() {
        // 12 kHz is above 8 kHz Nyquist: a proper resampler removes it instead of folding it to 4 kHz.
        let x = sine(12_000.0, 48_000, 1.0);
        let y = resample(&x, 48_000, 16_000).unwrap();
        let rms = (y.iter().map(|v| v * v).sum::<f32>() / y.len() as f32).sqrt();
        assert!(rms < 0.01, "alias energy {rms}");
    }

    #[test]
    fn streaming_equals_batch() {
        let x = sine(300.0, 44_100, 2.0);
        let batch = resample(&x, 44_100, 16_000).unwrap();
        let mut r = StreamResampler::new(44_100, 16_000).unwrap();
        let mut s = Vec::new();
        for c in x.chunks(777) {
            s.extend(r.push(c).unwrap());
        }
        s.extend(r.finish().unwrap());
        assert_eq!(s.len(), batch.len());
        let diff = s
            .iter()
            .zip(&batch)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f32::max);
        assert!(diff < 1e-4, "max diff {diff}");
    }

    #[test]
    fn same_rate_is_identity_and_zero_rate_errors() {
        let x = sine(100.0, 16_000, 0.1);
        assert_eq!(resample(&x, 16_000, 16_000).unwrap(), x);
        assert!(StreamResampler::new(0, 16_000).is_err());
    }
}

//! A mono 16-bit WAV written while it is recorded, kept valid on disk at all times.
//!
//! hound's `flush()` rewrites the RIFF and data sizes in the header before flushing, so
//! flushing every half second means a crash or Ctrl-C loses at most that half second and
//! never leaves a file other programs refuse to open.

use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use thiserror::Error;

#[derive(Debug, Error)]
pub enum WavWriteError {
    #[error(
        "cannot create the WAV file {path}: {source}. Check the folder exists and is writable"
    )]
    Create {
        path: PathBuf,
        #[source]
        source: hound::Error,
    },
    #[error("cannot write to the WAV file {path}: {source} (is the disk full?)")]
    Write {
        path: PathBuf,
        #[source]
        source: hound::Error,
    },
}

pub struct LiveWavWriter {
    path: PathBuf,
    sample_rate: u32,
    writer: Option<hound::WavWriter<BufWriter<File>>>,
    frames: u64,
    unflushed: u64,
    flush_every: u64,
}

impl LiveWavWriter {
    /// Flush interval used by the recorder.
    pub const FLUSH_EVERY_S: f64 = 0.5;

    /// Creates (or truncates) `path` as a mono 16-bit PCM WAV at `sample_rate`.
    pub fn create(path: &Path, sample_rate: u32) -> Result<Self, WavWriteError> {
        let spec = hound::WavSpec {
            channels: 1,
            sample_rate,
            bits_per_sample: 16,
            sample_format: hound::SampleFormat::Int,
        };
        let mut writer =
            hound::WavWriter::create(path, spec).map_err(|source| WavWriteError::Create {
                path: path.to_path_buf(),
                source,
            })?;
        // Make the empty file valid straight away.
        writer.flush().map_err(|source| WavWriteError::Write {
            path: path.to_path_buf(),
            source,
        })?;
        Ok(Self {
            path: path.to_path_buf(),
            sample_rate,
            writer: Some(writer),
            frames: 0,
            unflushed: 0,
            flush_every: ((sample_rate as f64 * Self::FLUSH_EVERY_S) as u64).max(1),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn sample_rate(&self) -> u32 {
        self.sample_rate
    }

    /// Frames written so far.
    pub fn frames(&self) -> u64 {
        self.frames
    }

    pub fn duration_s(&self) -> f64 {
        self.frames as f64 / self.sample_rate as f64
    }

    /// Appends mono samples in [-1, 1] (clipped), flushing the header when due.
    pub fn write(&mut self, samples: &[f32]) -> Result<(), WavWriteError> {
        let Some(w) = self.writer.as_mut() else {
            return Ok(());
        };
        let err = |source| WavWriteError::Write {
            path: self.path.clone(),
            source,
        };
        {
            let mut i16w = w.get_i16_writer(samples.len() as u32);
            for &s in samples {
                i16w.write_sample(f32_to_i16(s));
            }
            i16w.flush().map_err(err)?;
        }
        self.frames += samples.len() as u64;
        self.unflushed += samples.len() as u64;
        if self.unflushed >= self.flush_every {
            w.flush().map_err(err)?;
            self.unflushed = 0;
        }
        Ok(())
    }

    /// Writes the final header. Dropping without this still leaves a valid file
    /// (hound finalizes on drop) but hides any error.
    pub fn finalize(mut self) -> Result<(), WavWriteError> {
        if let Some(w) = self.writer.take() {
            w.finalize().map_err(|source| WavWriteError::Write {
                path: self.path.clone(),
                source,
            })?;
        }
        Ok(())
    }
}

/// Scales to i16 with clipping; NaN becomes 0.
pub fn f32_to_i16(s: f32) -> i16 {
    if s.is_nan() {
        return 0;
    }
    (s.clamp(-1.0, 1.0) * i16::MAX as f32).round() as i16
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_is_valid_before_finalize_and_holds_flushed_audio() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.wav");
        let mut w = LiveWavWriter::create(&path, 16_000).unwrap();
        // Valid and empty right after creation.
        assert_eq!(hound::WavReader::open(&path).unwrap().len(), 0);
        // 0.6 s written: at least one flush happened.
        let tone: Vec<f32> = (0..9_600).map(|i| ((i % 32) as f32 / 32.0) - 0.5).collect();
        w.write(&tone).unwrap();
        let r = hound::WavReader::open(&path).unwrap();
        assert_eq!(r.spec().sample_rate, 16_000);
        assert_eq!(r.spec().channels, 1);
        assert_eq!(r.len(), 9_600);
        // Simulate a crash: forget the writer without running hound's drop/finalize.
        w.write(&tone[..100]).unwrap();
        std::mem::forget(w);
        let r = hound::WavReader::open(&path).unwrap();
        assert_eq!(
            r.len(),
            9_600,
            "unflushed tail is lost, flushed part is intact"
        );
        let s: Vec<i16> = r.into_samples().map(|s| s.unwrap()).collect();
        assert_eq!(s[1], f32_to_i16(tone[1]));
    }

    #[test]
    fn finalize_writes_everything() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.wav");
        let mut w = LiveWavWriter::create(&path, 48_000).unwrap();
        w.write(&[0.25; 1234]).unwrap();
        assert_eq!(w.frames(), 1234);
        w.finalize().unwrap();
        let r = hound::WavReader::open(&path).unwrap();
        assert_eq!(r.len(), 1234);
        assert_eq!(r.spec().sample_rate, 48_000);
    }

    #[test]
    fn conversion_clips_and_handles_nan() {
        assert_eq!(f32_to_i16(0.0), 0);
        assert_eq!(f32_to_i16(1.0), i16::MAX);
        assert_eq!(f32_to_i16(7.0), i16::MAX);
        assert_eq!(f32_to_i16(-7.0), -i16::MAX);
        assert_eq!(f32_to_i16(f32::NAN), 0);
    }

    #[test]
    fn unwritable_path_is_a_clear_error() {
        let err = LiveWavWriter::create(Path::new("/nonexistent-dir/x.wav"), 16_000)
            .err()
            .unwrap();
        assert!(err.to_string().contains("/nonexistent-dir/x.wav"));
    }
}

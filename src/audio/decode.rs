//! Reads WAV files in any common encoding and turns them into whisper-ready audio
//! (16 kHz mono f32).

use std::path::{Path, PathBuf};

use hound::{SampleFormat, WavReader};

use super::resample::{resample, ResampleError};
use crate::types::{Audio, SAMPLE_RATE};

#[derive(Debug, thiserror::Error)]
pub enum DecodeError {
    #[error("{}: cannot open: {source}", path.display())]
    Open {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: not a readable WAV file ({reason}); mockloop reads WAV (PCM 8/16/24/32-bit or 32-bit float) — convert other formats first, e.g. `sox in.mp3 out.wav`", path.display())]
    NotWav { path: PathBuf, reason: String },
    #[error("{}: unsupported WAV encoding: {reason}; convert it first, e.g. `sox in.wav -b 16 out.wav`", path.display())]
    Unsupported { path: PathBuf, reason: String },
    #[error("{}: the file is truncated: its header promises {expected} samples but only {got} are there (was the recording cut off while being copied?)", path.display())]
    Truncated {
        path: PathBuf,
        expected: u64,
        got: u64,
    },
    #[error("{}: the WAV holds no audio (zero samples)", path.display())]
    Empty { path: PathBuf },
    #[error("{}: {source}", path.display())]
    Resample {
        path: PathBuf,
        source: ResampleError,
    },
}

/// A decoded file before conversion: interleaved channels as f32 at the file's own rate.
#[derive(Debug, Clone)]
pub struct RawAudio {
    pub samples: Vec<f32>,
    pub channels: u16,
    pub sample_rate: u32,
}

impl RawAudio {
    /// Averages channels into one.
    pub fn to_mono(&self) -> Vec<f32> {
        downmix(&self.samples, self.channels)
    }
}

/// Averages interleaved channels into mono.
pub fn downmix(interleaved: &[f32], channels: u16) -> Vec<f32> {
    let ch = channels.max(1) as usize;
    if ch == 1 {
        return interleaved.to_vec();
    }
    interleaved
        .chunks_exact(ch)
        .map(|frame| frame.iter().sum::<f32>() / ch as f32)
        .collect()
}

/// Reads a WAV file into f32 samples, checking every failure mode a user can hit.
pub fn read_wav_raw(path: &Path) -> Result<RawAudio, DecodeError> {
    let file = std::fs::File::open(path).map_err(|source| DecodeError::Open {
        path: path.to_path_buf(),
        source,
    })?;
    let reader = WavReader::new(std::io::BufReader::new(file)).map_err(|e| match e {
        hound::Error::Unsupported => DecodeError::Unsupported {
            path: path.to_path_buf(),
            reason: "an encoding hound cannot read (compressed or exotic format)".into(),
        },
        hound::Error::IoError(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
            DecodeError::NotWav {
                path: path.to_path_buf(),
                reason: "the file ends inside its header".into(),
            }
        }
        other => DecodeError::NotWav {
            path: path.to_path_buf(),
            reason: other.to_string(),
        },
    })?;
    let spec = reader.spec();
    if spec.channels == 0 || spec.sample_rate == 0 {
        return Err(DecodeError::Unsupported {
            path: path.to_path_buf(),
            reason: format!("{} channels at {} Hz", spec.channels, spec.sample_rate),
        });
    }
    let expected = reader.len() as u64;
    let samples = match (spec.sample_format, spec.bits_per_sample) {
        (SampleFormat::Float, 32) => collect(path, expected, reader.into_samples::<f32>(), |v| v)?,
        (SampleFormat::Int, bits @ 1..=32) => {
            // Full scale of a signed integer of `bits` bits.
            let scale = 1.0 / (1u64 << (bits - 1)) as f32;
            collect(path, expected, reader.into_samples::<i32>(), |v| {
                v as f32 * scale
            })?
        }
        (fmt, bits) => {
            return Err(DecodeError::Unsupported {
                path: path.to_path_buf(),
                reason: format!("{bits}-bit {fmt:?} samples"),
            })
        }
    };
    if samples.is_empty() {
        return Err(DecodeError::Empty {
            path: path.to_path_buf(),
        });
    }
    Ok(RawAudio {
        samples,
        channels: spec.channels,
        sample_rate: spec.sample_rate,
    })
}

fn collect<S, I: Iterator<Item = hound::Result<S>>>(
    path: &Path,
    expected: u64,
    iter: I,
    conv: impl Fn(S) -> f32,
) -> Result<Vec<f32>, DecodeError> {
    let mut out = Vec::with_capacity(expected.min(1 << 28) as usize);
    for s in iter {
        match s {
            Ok(v) => out.push(conv(v)),
            // The header was valid, so a read failure part-way means the data ends early.
            Err(_) if (out.len() as u64) < expected => {
                return Err(DecodeError::Truncated {
                    path: path.to_path_buf(),
                    expected,
                    got: out.len() as u64,
                })
            }
            Err(e) => {
                return Err(DecodeError::NotWav {
                    path: path.to_path_buf(),
                    reason: e.to_string(),
                })
            }
        }
    }
    Ok(out)
}

/// Reads a WAV file and converts it to 16 kHz mono.
pub fn read_wav(path: &Path) -> Result<Audio, DecodeError> {
    let raw = read_wav_raw(path)?;
    let mono = raw.to_mono();
    let samples =
        resample(&mono, raw.sample_rate, SAMPLE_RATE).map_err(|source| DecodeError::Resample {
            path: path.to_path_buf(),
            source,
        })?;
    Ok(Audio::new(samples))
}

#[cfg(test)]
mod tests {
    use super::*;
    use hound::{WavSpec, WavWriter};

    fn write<S: hound::Sample + Copy>(
        dir: &Path,
        name: &str,
        spec: WavSpec,
        samples: &[S],
    ) -> PathBuf {
        let p = dir.join(name);
        let mut w = WavWriter::create(&p, spec).unwrap();
        for &s in samples {
            w.write_sample(s).unwrap();
        }
        w.finalize().unwrap();
        p
    }

    fn spec(ch: u16, rate: u32, bits: u16, fmt: SampleFormat) -> WavSpec {
        WavSpec {
            channels: ch,
            sample_rate: rate,
            bits_per_sample: bits,
            sample_format: fmt,
        }
    }

    #[test]
    fn decodes_every_common_encoding_to_the_same_values() {
        let dir = tempfile::tempdir().unwrap();
        let half = 0.5f32;
        let cases: Vec<RawAudio> = vec![
            read_wav_raw(&write(
                dir.path(),
                "i8.wav",
                spec(1, 16000, 8, SampleFormat::Int),
                &[64i8, -64],
            ))
            .unwrap(),
            read_wav_raw(&write(
                dir.path(),
                "i16.wav",
                spec(1, 16000, 16, SampleFormat::Int),
                &[16384i16, -16384],
            ))
            .unwrap(),
            read_wav_raw(&write(
                dir.path(),
                "i24.wav",
                spec(1, 16000, 24, SampleFormat::Int),
                &[4194304i32, -4194304],
            ))
            .unwrap(),
            read_wav_raw(&write(
                dir.path(),
                "i32.wav",
                spec(1, 16000, 32, SampleFormat::Int),
                &[1073741824i32, -1073741824],
            ))
            .unwrap(),
            read_wav_raw(&write(
                dir.path(),
                "f32.wav",
                spec(1, 16000, 32, SampleFormat::Float),
                &[half, -half],
            ))
            .unwrap(),
        ];
        for raw in cases {
            assert_eq!(raw.samples.len(), 2);
            assert!((raw.samples[0] - 0.5).abs() < 1e-6, "{:?}", raw.samples);
            assert!((raw.samples[1] + 0.5).abs() < 1e-6, "{:?}", raw.samples);
        }
    }

    #[test]
    fn stereo_44k_becomes_16k_mono() {
        let dir = tempfile::tempdir().unwrap();
        let frames: Vec<i16> = (0..44_100)
            .flat_map(|i| {
                let v = ((i as f32 * 0.05).sin() * 10_000.0) as i16;
                [v, v]
            })
            .collect();
        let p = write(
            dir.path(),
            "st.wav",
            spec(2, 44_100, 16, SampleFormat::Int),
            &frames,
        );
        let a = read_wav(&p).unwrap();
        assert_eq!(a.samples.len(), 16_000);
        assert!((a.duration_s() - 1.0).abs() < 1e-9);
    }

    #[test]
    fn downmix_averages_channels() {
        assert_eq!(downmix(&[1.0, 0.0, 0.5, 0.5], 2), vec![0.5, 0.5]);
        assert_eq!(downmix(&[0.25], 1), vec![0.25]);
    }

    #[test]
    fn bad_files_give_errors_naming_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let text = dir.path().join("notes.wav");
        std::fs::write(&text, "this is not audio at all, just text").unwrap();
        let e = read_wav(&text).unwrap_err();
        assert!(matches!(e, DecodeError::NotWav { .. }), "{e}");
        assert!(e.to_string().contains("notes.wav"));

        let empty_file = dir.path().join("zero.wav");
        std::fs::write(&empty_file, b"").unwrap();
        assert!(matches!(
            read_wav(&empty_file).unwrap_err(),
            DecodeError::NotWav { .. }
        ));

        let no_samples = write::<i16>(
            dir.path(),
            "nosamples.wav",
            spec(1, 16000, 16, SampleFormat::Int),
            &[],
        );
        assert!(matches!(
            read_wav(&no_samples).unwrap_err(),
            DecodeError::Empty { .. }
        ));

        let missing = dir.path().join("missing.wav");
        assert!(matches!(
            read_wav(&missing).unwrap_err(),
            DecodeError::Open { .. }
        ));
    }

    #[test]
    fn truncated_file_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(
            dir.path(),
            "full.wav",
            spec(1, 16000, 16, SampleFormat::Int),
            &vec![1000i16; 16000],
        );
        let bytes = std::fs::read(&p).unwrap();
        let cut = dir.path().join("cut.wav");
        std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
        let e = read_wav(&cut).unwrap_err();
        assert!(matches!(e, DecodeError::Truncated { .. }), "{e}");
        assert!(e.to_string().contains("cut.wav"));
    }
}

//! Shared by the converter's end-to-end test and benchmark: synthetic speech, transcription
//! with whisper-rs, and a word error rate.

#![allow(dead_code)] // each user takes a different subset

use std::path::Path;
use std::process::Command;

use whisper_rs::{FullParams, SamplingStrategy, WhisperContext, WhisperContextParameters};

/// Speaks `text` with espeak-ng and returns 16 kHz mono samples (via sox).
pub fn speak(text: &str, dir: &Path) -> Result<Vec<f32>, String> {
    let raw = dir.join("speech-raw.wav");
    let wav = dir.join("speech-16k.wav");
    let run = |cmd: &mut Command, what: &str| -> Result<(), String> {
        let out = cmd
            .output()
            .map_err(|e| format!("cannot run {what}: {e} (install espeak-ng and sox)"))?;
        if !out.status.success() {
            return Err(format!(
                "{what} failed: {}",
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        Ok(())
    };
    run(
        Command::new("espeak-ng").arg("-w").arg(&raw).arg(text),
        "espeak-ng",
    )?;
    run(
        Command::new("sox")
            .arg(&raw)
            .args(["-r", "16000", "-c", "1", "-b", "16"])
            .arg(&wav),
        "sox",
    )?;
    let reader = hound::WavReader::open(&wav).map_err(|e| format!("{}: {e}", wav.display()))?;
    reader
        .into_samples::<i16>()
        .map(|s| s.map(|v| f32::from(v) / 32768.0))
        .collect::<Result<_, _>>()
        .map_err(|e| format!("{}: {e}", wav.display()))
}

pub fn load(model: &Path) -> Result<WhisperContext, String> {
    whisper_rs::install_logging_hooks();
    WhisperContext::new_with_params(model, WhisperContextParameters::default())
        .map_err(|e| format!("whisper-rs cannot load {}: {e}", model.display()))
}

/// Greedy English transcription, as the app runs it.
pub fn transcribe(ctx: &WhisperContext, samples: &[f32], threads: i32) -> Result<String, String> {
    let mut state = ctx.create_state().map_err(|e| e.to_string())?;
    let mut params = FullParams::new(SamplingStrategy::Greedy { best_of: 1 });
    params.set_n_threads(threads);
    params.set_language(Some("en"));
    params.set_print_progress(false);
    params.set_print_realtime(false);
    params.set_print_special(false);
    params.set_print_timestamps(false);
    state.full(params, samples).map_err(|e| e.to_string())?;
    let mut text = String::new();
    for seg in state.as_iter() {
        text.push_str(&seg.to_str_lossy().map_err(|e| e.to_string())?);
    }
    Ok(text.trim().to_string())
}

/// Lowercase words without punctuation ("Manager," → "manager").
pub fn words(s: &str) -> Vec<String> {
    s.split(|c: char| c.is_whitespace() || c == '-')
        .map(|w| {
            w.chars()
                .filter(|c| c.is_alphanumeric() || *c == '\'')
                .collect::<String>()
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// Word error rate of `hyp` against `reference` (edit distance over words / reference length).
pub fn wer(reference: &str, hyp: &str) -> f64 {
    let (r, h) = (words(reference), words(hyp));
    let mut prev: Vec<usize> = (0..=h.len()).collect();
    for (i, rw) in r.iter().enumerate() {
        let mut cur = vec![i + 1; h.len() + 1];
        for (j, hw) in h.iter().enumerate() {
            let sub = prev[j] + usize::from(rw != hw);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[h.len()] as f64 / r.len().max(1) as f64
}

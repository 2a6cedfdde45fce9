#![allow(dead_code)] // each test binary uses a different subset of these helpers
//! Test helper: the real whisper model, fetched once through the product's own `model fetch`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_mockloop")
}

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Path of the whisper model the tests use: `MOCKLOOP_MODEL` if set, else `models/ggml-tiny.en.bin`,
/// fetched on first use (test binaries run in parallel, so a lock file serialises the fetch).
pub fn model_path() -> PathBuf {
    if let Some(p) = std::env::var_os("MOCKLOOP_MODEL").filter(|v| !v.is_empty()) {
        return PathBuf::from(p);
    }
    let models = repo_root().join("models");
    let model = models.join("ggml-tiny.en.bin");
    if model.is_file() {
        return model;
    }
    let lock = models.join(".test-fetch.lock");
    let start = Instant::now();
    loop {
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&lock)
        {
            Ok(_) => break,
            Err(_) if model.is_file() => return model,
            Err(_) if start.elapsed() > Duration::from_secs(600) => {
                let _ = std::fs::remove_file(&lock);
            }
            Err(_) => std::thread::sleep(Duration::from_millis(500)),
        }
    }
    let out = Command::new(bin())
        .args(["model", "fetch"])
        .current_dir(repo_root())
        .env("MOCKLOOP_MODELS_DIR", &models)
        .output()
        .expect("run mockloop model fetch");
    let _ = std::fs::remove_file(&lock);
    assert!(
        out.status.success() && model.is_file(),
        "mockloop model fetch failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    model
}

/// Lower-case words without punctuation, for comparing transcripts.
pub fn normalise(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|w| {
            w.chars()
                .filter(|c| c.is_alphanumeric() || *c == '%' || *c == '\'')
                .collect::<String>()
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// Word error rate of `hyp` against `reference` (word-level edit distance / reference length).
pub fn wer(reference: &str, hyp: &str) -> f64 {
    let r = normalise(reference);
    let h = normalise(hyp);
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

/// Speaks `text` into a WAV with espeak-ng (22.05 kHz mono 16-bit).
pub fn espeak(text: &str, out: &Path, voice: &str, wpm: u32) {
    let st = Command::new("espeak-ng")
        .args(["-v", voice, "-s", &wpm.to_string(), "-w"])
        .arg(out)
        .arg(text)
        .status()
        .expect("espeak-ng is installed (apt-get install espeak-ng)");
    assert!(st.success(), "espeak-ng failed");
}

/// Runs sox with the given arguments.
pub fn sox(args: &[&str]) {
    let st = Command::new("sox")
        .args(args)
        .status()
        .expect("sox is installed (apt-get install sox)");
    assert!(st.success(), "sox {args:?} failed");
}

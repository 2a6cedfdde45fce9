#![allow(dead_code)] // each test binary uses a different subset of these helpers
//! Test helper: real saved sessions made with the library, without a microphone. Labelled
//! answers are spoken with espeak-ng, transcribed with the real whisper model and analysed,
//! exactly as `practice` stores them.

use std::path::{Path, PathBuf};

use mockloop::analysis::{analyze_transcript, AnalyzeOptions};
use mockloop::audio::decode::read_wav;
use mockloop::session::{SessionDir, SessionStore};
use mockloop::transcribe::{TranscribeOptions, Transcriber};
use mockloop::types::{
    AnalysisInput, Answer, AnswerShape, InputKind, Question, StopReason, Timings, Transcript,
};

use super::support::{espeak, model_path, repo_root};

/// A labelled answer from tests/fixtures/answers.
pub struct Fixture {
    pub question: String,
    pub principles: Vec<String>,
    pub text: String,
}

pub fn fixture(rel: &str) -> Fixture {
    let p = repo_root().join("tests/fixtures/answers").join(rel);
    let v: toml::Value = toml::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
    let text = v["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["text"].as_str().unwrap().to_string())
        .collect::<Vec<_>>()
        .join(" ");
    Fixture {
        question: v["question"].as_str().unwrap().to_string(),
        principles: v
            .get("principles")
            .and_then(|p| p.as_array())
            .map(|a| a.iter().map(|x| x.as_str().unwrap().to_string()).collect())
            .unwrap_or_default(),
        text,
    }
}

/// A spoken, transcribed answer, ready to be copied into sessions.
pub struct Clip {
    pub wav: PathBuf,
    pub transcript: Transcript,
}

pub fn transcriber() -> Transcriber {
    Transcriber::load(&model_path(), TranscribeOptions::default()).expect("load whisper model")
}

pub fn speak(tr: &mut Transcriber, text: &str, dir: &Path, name: &str) -> Clip {
    let wav = dir.join(format!("{name}.wav"));
    espeak(text, &wav, "en-us", 165);
    let audio = read_wav(&wav).unwrap();
    let transcript = tr.transcribe(&audio, None).unwrap();
    assert!(
        !transcript.words.is_empty(),
        "whisper heard nothing in {name}"
    );
    Clip { wav, transcript }
}

pub fn question(id: &str, f: &Fixture, limit: u32) -> Question {
    Question {
        id: id.into(),
        text: f.question.clone(),
        rounds: vec!["phone-screen".into()],
        roles: vec![],
        principles: f.principles.clone(),
        shape: AnswerShape::Star,
        time_limit_s: limit,
        probes: vec![],
    }
}

/// Copies the clip into the session as `rel` and analyses it, as `practice` does.
pub fn answer(s: &SessionDir, rel: &str, clip: &Clip, question: &str, limit: u32) -> Answer {
    let dest = s.dir.join(rel);
    std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
    std::fs::copy(&clip.wav, &dest).unwrap();
    let analysis = analyze_transcript(
        &clip.transcript,
        AnalysisInput {
            path: rel.into(),
            kind: InputKind::Audio,
        },
        &AnalyzeOptions {
            question: Some(question.into()),
            time_limit_s: f64::from(limit),
        },
    );
    Answer {
        audio: rel.into(),
        started_at: mockloop::session::now_rfc3339(),
        duration_s: clip.transcript.duration_s,
        stop_reason: StopReason::Silence,
        transcript: Some(clip.transcript.clone()),
        analysis: Some(analysis),
        timings: Timings::default(),
    }
}

pub fn store(dir: &Path) -> SessionStore {
    SessionStore::new(dir)
}

//! Shared fixtures for the review unit tests: sessions built with the library from text
//! answers given synthetic word timings (no whisper needed).

use std::path::Path;

use super::{load, LoadedSession};
use crate::analysis::{analyze_transcript, AnalyzeOptions};
use crate::session::SessionStore;
use crate::types::{
    AnalysisInput, Answer, AnswerShape, Attempt, FollowUp, InputKind, Question, Segment,
    SessionQuestion, StopReason, Timings, Transcript, Word,
};

pub const GOOD: &str = "At my last job checkout took 12 seconds. My goal was to fix it. \
    So I moved images to a CDN and I rewrote the cache. \
    As a result latency dropped to 1.8 seconds.";
pub const VAGUE: &str = "We had a slow checkout page. I needed to make it faster. \
    So I looked at the images and we changed some things. \
    In the end customers were much happier.";

/// A transcript of `text` spoken at a steady 150 words a minute.
pub fn timed_transcript(text: &str) -> Transcript {
    let step = 60.0 / 150.0;
    let words: Vec<Word> = text
        .split_whitespace()
        .enumerate()
        .map(|(i, w)| Word {
            text: w.to_string(),
            start_s: i as f64 * step,
            end_s: i as f64 * step + step * 0.8,
            probability: 0.9,
        })
        .collect();
    let end = words.last().map_or(0.0, |w| w.end_s);
    let seg = Segment {
        text: text.to_string(),
        start_s: 0.0,
        end_s: end,
        words,
    };
    Transcript::from_segments(vec![seg], end + 0.5, "synthetic", "en")
}

pub fn text_answer(text: &str, limit: f64) -> Answer {
    let t = timed_transcript(text);
    let a = analyze_transcript(
        &t,
        AnalysisInput {
            path: "a.wav".into(),
            kind: InputKind::Audio,
        },
        &AnalyzeOptions {
            question: None,
            time_limit_s: limit,
        },
    );
    Answer {
        audio: "a.wav".into(),
        started_at: "2026-11-22T10:00:00Z".into(),
        duration_s: t.duration_s,
        stop_reason: StopReason::Key,
        transcript: Some(t),
        analysis: Some(a),
        timings: Timings::default(),
    }
}

pub fn question(id: &str, principle: &str) -> Question {
    Question {
        id: id.into(),
        text: format!("Tell me about a time you showed {principle}."),
        rounds: vec![],
        roles: vec![],
        principles: vec![principle.into()],
        shape: AnswerShape::Star,
        time_limit_s: 120,
        probes: vec![],
    }
}

/// A session with a good answer + follow-up, a vague retry, and an interrupted second question
/// whose WAV is missing. WAV files are written as placeholders (the review never decodes them).
pub fn fake_session(root: &Path) -> LoadedSession {
    let store = SessionStore::new(root);
    let mut s = store.create("synthetic").unwrap();
    let mut good = text_answer(GOOD, 120.0);
    good.audio = "q1-a1.wav".into();
    let mut retry = text_answer(VAGUE, 120.0);
    retry.audio = "q1-a2.wav".into();
    let mut fu = text_answer("I measured it with the p95 latency dashboard.", 120.0);
    fu.audio = "q1-a1-followup.wav".into();
    for f in ["q1-a1.wav", "q1-a2.wav", "q1-a1-followup.wav"] {
        std::fs::write(s.dir.join(f), b"RIFF").unwrap();
    }
    s.session.questions.push(SessionQuestion {
        question: question("q1", "Customer Obsession"),
        time_limit_s: 120,
        attempts: vec![
            Attempt {
                answer: good,
                follow_up: Some(FollowUp {
                    question: "How did you measure it?".into(),
                    reason: "probe".into(),
                    answer: Some(fu),
                }),
            },
            Attempt {
                answer: retry,
                follow_up: None,
            },
        ],
    });
    s.session.questions.push(SessionQuestion {
        question: question("q2", "Ownership"),
        time_limit_s: 90,
        attempts: vec![Attempt {
            answer: Answer {
                audio: "q2-a1.wav".into(),
                started_at: "2026-11-22T10:05:00Z".into(),
                duration_s: 0.0,
                stop_reason: StopReason::Interrupted,
                transcript: None,
                analysis: None,
                timings: Timings::default(),
            },
            follow_up: None,
        }],
    });
    s.save().unwrap();
    load(&s.dir).unwrap()
}

#[test]
fn strict_and_lenient_loads_agree_on_a_current_session() {
    let tmp = tempfile::tempdir().unwrap();
    let s = fake_session(tmp.path());
    assert_eq!(s.session.questions.len(), 2);
    assert!(
        s.problems
            .iter()
            .any(|p| p.contains("q2-a1.wav is missing")),
        "{:?}",
        s.problems
    );
    assert!(s.problems.iter().any(|p| p.contains("interrupted")));
}

#[test]
fn old_session_with_missing_fields_still_loads() {
    let json = r#"{"schema":"mockloop.session.v1","id":"old","started_at":"2025-01-01T09:00:00Z",
      "questions":[{"question":{"id":"x","text":"Tell me about a failure."},
        "attempts":[{"answer":{"audio":"a.wav","duration_s":30.5,
           "transcript":{"schema":"mockloop.transcript.v1","text":"I shipped late.","duration_s":3.0,
             "model":"tiny.en","language":"en","segments":[],"words":[
               {"text":"I","start_s":0.0,"end_s":0.2},{"text":"shipped","start_s":0.3,"end_s":0.8},
               {"text":"late.","start_s":0.9,"end_s":1.3}]},
           "analysis":{"schema":"old"}}}, {"answer": 3}]}]}"#;
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("session.json"), json).unwrap();
    let s = load(tmp.path()).unwrap();
    let q = &s.session.questions[0];
    assert_eq!(q.time_limit_s, super::FALLBACK_TIME_LIMIT_S);
    let a = &q.attempts[0].answer;
    assert_eq!(a.duration_s, 30.5);
    // The unreadable analysis was redone from the transcript.
    assert_eq!(a.analysis.as_ref().unwrap().stats.words, 3);
    assert!(
        s.problems.iter().any(|p| p.contains("analysis unreadable")),
        "{:?}",
        s.problems
    );
}

#[test]
fn corrupt_and_foreign_files_are_clear_errors() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("session.json"), "{ broken").unwrap();
    let e = load(tmp.path()).unwrap_err().to_string();
    assert!(e.contains("damaged") && e.contains("not valid JSON"), "{e}");
    std::fs::write(tmp.path().join("session.json"), r#"{"schema":"x"}"#).unwrap();
    let e = load(tmp.path()).unwrap_err().to_string();
    assert!(e.contains("not a mockloop session"), "{e}");
}

#[test]
fn find_resolves_latest_name_and_missing() {
    let tmp = tempfile::tempdir().unwrap();
    let e = super::find(tmp.path(), "latest").unwrap_err().to_string();
    assert!(e.contains("mockloop practice"), "{e}");
    let s = fake_session(tmp.path());
    assert_eq!(
        super::find(tmp.path(), "latest").unwrap().session.id,
        s.session.id
    );
    assert_eq!(super::find(tmp.path(), &s.session.id).unwrap().dir, s.dir);
    assert!(super::find(tmp.path(), "nope")
        .unwrap_err()
        .to_string()
        .contains("mockloop history"));
}

//! Looking back at saved sessions: the terminal and HTML review of one session, the history
//! and progress across sessions, and the per-answer export.
//!
//! Everything here reads sessions through [`load`], which is lenient: an old or partial
//! `session.json` (missing fields, an unfinished answer, a missing WAV) still loads, and what
//! is wrong is listed in [`LoadedSession::problems`] instead of failing the whole command.

pub mod charts;
pub mod export;
pub mod html;
pub mod index;
pub mod progress;
pub mod summary;
pub mod terminal;

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::analysis::{analyze_transcript, AnalyzeOptions};
use crate::session::SESSION_FILE;
use crate::types::{
    AnalysisInput, Answer, AnswerShape, Attempt, FollowUp, InputKind, Question, Session,
    SessionQuestion, StopReason, Timings,
};

/// Time limit assumed when an old session does not record one.
pub const FALLBACK_TIME_LIMIT_S: u32 = 120;

#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{} is damaged and cannot be read ({reason}); move that session folder away or restore it from a backup", path.display())]
    Damaged { path: PathBuf, reason: String },
    #[error("no session '{id}' in {}; run `mockloop history` to see the saved ones", dir.display())]
    NotFound { id: String, dir: PathBuf },
    #[error("no saved sessions in {}; run `mockloop practice` first, or pass --sessions DIR", .0.display())]
    NoneSaved(PathBuf),
    #[error("cannot write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// A session read leniently, with what was wrong with it.
#[derive(Debug, Clone)]
pub struct LoadedSession {
    pub dir: PathBuf,
    pub session: Session,
    /// Human-readable notes on damage or gaps (missing WAV, unfinished answer, bad field).
    pub problems: Vec<String>,
}

impl LoadedSession {
    /// Absolute path of an answer's WAV.
    pub fn audio_path(&self, a: &Answer) -> PathBuf {
        self.dir.join(&a.audio)
    }

    pub fn audio_present(&self, a: &Answer) -> bool {
        !a.audio.is_empty() && self.audio_path(a).is_file()
    }
}

/// Reads a session folder leniently. Only an unreadable or non-session `session.json` is an
/// error; anything else wrong becomes a note in `problems`.
pub fn load(dir: &Path) -> Result<LoadedSession, ReviewError> {
    let path = dir.join(SESSION_FILE);
    let bytes = std::fs::read(&path).map_err(|source| ReviewError::Read {
        path: path.clone(),
        source,
    })?;
    let id = dir
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("session")
        .to_string();
    let session = parse(&bytes, &id).map_err(|reason| ReviewError::Damaged {
        path: path.clone(),
        reason,
    })?;
    let mut s = LoadedSession {
        dir: dir.to_path_buf(),
        session: session.0,
        problems: session.1,
    };
    check(&mut s);
    Ok(s)
}

/// Parses `session.json` bytes: strictly when they match today's format, field by field
/// otherwise. Returns the session and notes on what had to be guessed or dropped.
pub fn parse(bytes: &[u8], folder_id: &str) -> Result<(Session, Vec<String>), String> {
    let v: Value = serde_json::from_slice(bytes).map_err(|e| format!("not valid JSON: {e}"))?;
    let schema = v.get("schema").and_then(Value::as_str).unwrap_or_default();
    if !v.is_object() || !schema.starts_with("mockloop.session.") {
        return Err(format!(
            "not a mockloop session (schema {})",
            if schema.is_empty() {
                "missing".to_string()
            } else {
                format!("\"{schema}\"")
            }
        ));
    }
    let mut problems = Vec::new();
    if schema != Session::SCHEMA {
        problems.push(format!(
            "written in format {schema}; read as {} where fields match",
            Session::SCHEMA
        ));
    }
    if let Ok(s) = serde_json::from_value::<Session>(v.clone()) {
        return Ok((s, problems));
    }
    Ok((lenient_session(&v, folder_id, &mut problems), problems))
}

fn str_of(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_string)
}

fn lenient_session(v: &Value, folder_id: &str, problems: &mut Vec<String>) -> Session {
    let questions = v
        .get("questions")
        .and_then(Value::as_array)
        .map(|qs| {
            qs.iter()
                .enumerate()
                .map(|(i, q)| lenient_question(q, i + 1, problems))
                .collect()
        })
        .unwrap_or_default();
    Session {
        schema: Session::SCHEMA.to_string(),
        id: str_of(v, "id").unwrap_or_else(|| folder_id.to_string()),
        started_at: str_of(v, "started_at").unwrap_or_else(|| started_from_id(folder_id)),
        finished_at: str_of(v, "finished_at"),
        mockloop_version: str_of(v, "mockloop_version").unwrap_or_default(),
        model: str_of(v, "model").unwrap_or_default(),
        questions,
    }
}

/// "2026-11-22T10-15-00" (a folder name) → "2026-11-22T10:15:00".
fn started_from_id(id: &str) -> String {
    let mut s: String = id.chars().take(19).collect();
    if s.len() == 19 && s.is_char_boundary(13) && s.is_char_boundary(16) {
        s.replace_range(13..14, ":");
        s.replace_range(16..17, ":");
    }
    s
}

fn lenient_question(q: &Value, n: usize, problems: &mut Vec<String>) -> SessionQuestion {
    let qv = q.get("question").cloned().unwrap_or(Value::Null);
    let limit = q
        .get("time_limit_s")
        .and_then(Value::as_u64)
        .or_else(|| qv.get("time_limit_s").and_then(Value::as_u64))
        .map(|l| l.min(u32::MAX as u64) as u32)
        .unwrap_or(FALLBACK_TIME_LIMIT_S);
    let question = serde_json::from_value::<Question>(qv.clone()).unwrap_or_else(|_| {
        let text = qv
            .as_str()
            .map(str::to_string)
            .or_else(|| str_of(&qv, "text"))
            .unwrap_or_else(|| {
                problems.push(format!("question {n}: its text is missing"));
                "(question text missing)".to_string()
            });
        Question {
            id: str_of(&qv, "id").unwrap_or_else(|| format!("q{n}")),
            text,
            rounds: vec![],
            roles: vec![],
            principles: qv
                .get("principles")
                .and_then(|p| serde_json::from_value(p.clone()).ok())
                .unwrap_or_default(),
            shape: AnswerShape::Star,
            time_limit_s: limit,
            probes: vec![],
        }
    });
    let attempts = q
        .get("attempts")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .enumerate()
                .filter_map(|(i, at)| {
                    let where_ = format!("question {n}, attempt {}", i + 1);
                    let Some(answer) = at
                        .get("answer")
                        .and_then(|a| lenient_answer(a, &where_, problems))
                    else {
                        problems.push(format!("{where_}: no readable answer, left out"));
                        return None;
                    };
                    let follow_up =
                        at.get("follow_up")
                            .filter(|f| !f.is_null())
                            .map(|f| FollowUp {
                                question: str_of(f, "question").unwrap_or_default(),
                                reason: str_of(f, "reason").unwrap_or_default(),
                                answer: f.get("answer").and_then(|a| {
                                    lenient_answer(a, &format!("{where_} follow-up"), problems)
                                }),
                            });
                    Some(Attempt { answer, follow_up })
                })
                .collect()
        })
        .unwrap_or_default();
    SessionQuestion {
        question,
        time_limit_s: limit,
        attempts,
    }
}

fn lenient_answer(a: &Value, where_: &str, problems: &mut Vec<String>) -> Option<Answer> {
    if !a.is_object() {
        return None;
    }
    let field = |key: &str| -> Option<Value> {
        let x = a.get(key).filter(|x| !x.is_null())?;
        Some(x.clone())
    };
    let transcript = field("transcript").and_then(|t| match serde_json::from_value(t) {
        Ok(t) => Some(t),
        Err(e) => {
            problems.push(format!("{where_}: transcript unreadable ({e})"));
            None
        }
    });
    let analysis = field("analysis").and_then(|t| match serde_json::from_value(t) {
        Ok(t) => Some(t),
        Err(e) => {
            problems.push(format!(
                "{where_}: analysis unreadable, redone from the transcript ({e})"
            ));
            None
        }
    });
    Some(Answer {
        audio: str_of(a, "audio").unwrap_or_default(),
        started_at: str_of(a, "started_at").unwrap_or_default(),
        duration_s: a
            .get("duration_s")
            .and_then(Value::as_f64)
            .filter(|d| d.is_finite() && *d >= 0.0)
            .unwrap_or(0.0),
        stop_reason: field("stop_reason")
            .and_then(|s| serde_json::from_value(s).ok())
            .unwrap_or(StopReason::Interrupted),
        transcript,
        analysis,
        timings: field("timings")
            .and_then(|t| serde_json::from_value(t).ok())
            .unwrap_or_else(Timings::default),
    })
}

/// Notes gaps (missing WAVs, unfinished answers) and re-analyses answers that have a
/// transcript but no analysis (an older or interrupted session), in memory only.
fn check(s: &mut LoadedSession) {
    let dir = s.dir.clone();
    let mut notes = Vec::new();
    if s.session.finished_at.is_none() {
        notes.push("interrupted: the session was not finished".to_string());
    }
    for (qi, q) in s.session.questions.iter_mut().enumerate() {
        let limit = q.time_limit_s;
        let text = q.question.text.clone();
        for (ai, at) in q.attempts.iter_mut().enumerate() {
            let where_ = format!("question {}, attempt {}", qi + 1, ai + 1);
            check_answer(&dir, &mut at.answer, &where_, &text, limit, &mut notes);
            if let Some(f) = &mut at.follow_up {
                if let Some(a) = &mut f.answer {
                    let fq = f.question.clone();
                    check_answer(
                        &dir,
                        a,
                        &format!("{where_} follow-up"),
                        &fq,
                        limit,
                        &mut notes,
                    );
                }
            }
        }
    }
    s.problems.extend(notes);
}

fn check_answer(
    dir: &Path,
    a: &mut Answer,
    where_: &str,
    question: &str,
    limit: u32,
    notes: &mut Vec<String>,
) {
    if a.audio.is_empty() {
        notes.push(format!("{where_}: no audio file recorded"));
    } else if !dir.join(&a.audio).is_file() {
        notes.push(format!("{where_}: audio {} is missing", a.audio));
    }
    if a.analysis.is_none() {
        match &a.transcript {
            Some(t) if !t.is_empty() => {
                let opts = AnalyzeOptions {
                    question: Some(question.to_string()),
                    time_limit_s: f64::from(limit.max(1)),
                };
                let input = AnalysisInput {
                    path: a.audio.clone(),
                    kind: InputKind::Audio,
                };
                a.analysis = Some(analyze_transcript(t, input, &opts));
            }
            Some(_) => notes.push(format!("{where_}: no speech in the recording")),
            None => notes.push(format!(
                "{where_}: not transcribed (cut off before analysis)"
            )),
        }
    }
}

/// Every session folder in `dir`, oldest first, each loaded or with the reason it could not be.
pub fn load_all(dir: &Path) -> Vec<(String, Result<LoadedSession, ReviewError>)> {
    crate::session::SessionStore::new(dir)
        .ids()
        .into_iter()
        .map(|id| {
            let r = load(&dir.join(&id));
            (id, r)
        })
        .collect()
}

/// Resolves "latest", a session folder name, or a path to a session folder.
pub fn find(sessions: &Path, which: &str) -> Result<LoadedSession, ReviewError> {
    let store = crate::session::SessionStore::new(sessions);
    let dir = if which == "latest" {
        let id = store
            .ids()
            .pop()
            .ok_or_else(|| ReviewError::NoneSaved(sessions.to_path_buf()))?;
        sessions.join(id)
    } else if sessions.join(which).join(SESSION_FILE).is_file() {
        sessions.join(which)
    } else if Path::new(which).join(SESSION_FILE).is_file() {
        PathBuf::from(which)
    } else {
        return Err(ReviewError::NotFound {
            id: which.to_string(),
            dir: sessions.to_path_buf(),
        });
    };
    load(&dir)
}

#[cfg(test)]
pub(crate) mod tests;

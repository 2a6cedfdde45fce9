//! Per-answer and per-session measures: what `history`, `progress` and `export` show.

use serde::{Deserialize, Serialize};

use super::LoadedSession;
use crate::report::verdict;
use crate::types::{Analysis, Answer, Part, StopReason};

/// Whether an answer could be measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AnswerStatus {
    /// Transcribed and analysed.
    Analysed,
    /// Transcribed, but no words were heard.
    Empty,
    /// Cut off before transcription (no transcript saved).
    NotTranscribed,
}

/// Main answer to a question, or the answer to its follow-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AnswerKind {
    Answer,
    FollowUp,
}

/// One answer with its measures: a row of `mockloop export`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnswerSummary {
    pub session: String,
    pub session_started_at: String,
    /// 1-based position of the question in the session.
    pub question_number: usize,
    pub question_id: String,
    pub question: String,
    pub principles: Vec<String>,
    /// 1-based attempt number (2 and up are retries).
    pub attempt: usize,
    pub kind: AnswerKind,
    /// The follow-up question, for a follow-up answer.
    pub follow_up: Option<String>,
    pub audio: String,
    pub audio_present: bool,
    pub started_at: String,
    pub duration_s: f64,
    pub time_limit_s: u32,
    pub over_time: bool,
    pub stop_reason: StopReason,
    pub status: AnswerStatus,
    pub words: Option<usize>,
    pub wpm: Option<f64>,
    pub fillers: Option<usize>,
    pub fillers_per_min: Option<f64>,
    pub situation_s: Option<f64>,
    pub task_s: Option<f64>,
    pub action_s: Option<f64>,
    pub result_s: Option<f64>,
    pub missing_parts: Vec<Part>,
    pub has_result: bool,
    /// The Result states a number.
    pub quantified_result: bool,
    pub numbers: usize,
    pub flags: Vec<String>,
    /// 0–100, see [`score`]; None when not analysed.
    pub score: Option<u32>,
    pub verdict: Option<String>,
}

impl AnswerSummary {
    pub fn analysed(&self) -> bool {
        self.status == AnswerStatus::Analysed
    }
}

/// One session's measures: a line of `mockloop history`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionSummary {
    pub id: String,
    pub started_at: String,
    pub finished: bool,
    pub questions: usize,
    /// Every recorded answer, follow-ups included.
    pub answers: usize,
    pub analysed: usize,
    /// Median length of the main answers (follow-ups are short by design and left out).
    pub median_answer_s: Option<f64>,
    /// Share of analysed main answers whose Result has a number.
    pub quantified_share: Option<f64>,
    /// Over all analysed speech of the session.
    pub fillers_per_min: Option<f64>,
    pub wpm: Option<f64>,
    pub problems: Vec<String>,
    pub answer_rows: Vec<AnswerSummary>,
}

/// A simple, explainable 0–100 mark used to pick a best attempt: start at 100, lose 20 per
/// missing part, 15 for a Result without a number, 10 per other flag, 10 for running over time.
pub fn score(a: &Analysis, over_time: bool) -> u32 {
    let mut s: i64 = 100;
    s -= 20 * a.missing_parts.len() as i64;
    for f in &a.flags {
        s -= match f.code.as_str() {
            c if c.starts_with("missing_") => 0,
            "unquantified_result" => 15,
            "over_time" => 0,
            _ => 10,
        };
    }
    if over_time {
        s -= 10;
    }
    s.clamp(0, 100) as u32
}

pub fn quantified_result(a: &Analysis) -> bool {
    a.numbers.iter().any(|n| n.part == Some(Part::Result))
}

fn part_seconds(a: &Analysis, p: Part) -> Option<f64> {
    if !a.parts.iter().any(|s| s.part == p) {
        return None;
    }
    a.parts
        .iter()
        .filter(|s| s.part == p)
        .map(|s| s.duration_s)
        .try_fold(0.0, |acc, d| d.map(|d| acc + d))
}

pub fn median(v: &mut [f64]) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let m = v.len() / 2;
    Some(if v.len() % 2 == 0 {
        (v[m - 1] + v[m]) / 2.0
    } else {
        v[m]
    })
}

struct Ctx<'a> {
    s: &'a LoadedSession,
    qn: usize,
    question_id: &'a str,
    question: &'a str,
    principles: &'a [String],
    limit: u32,
}

fn answer_row(
    c: &Ctx,
    attempt: usize,
    kind: AnswerKind,
    fq: Option<&str>,
    a: &Answer,
) -> AnswerSummary {
    let status = match (&a.transcript, &a.analysis) {
        (_, Some(an)) if an.stats.words > 0 => AnswerStatus::Analysed,
        (Some(_), _) | (None, Some(_)) => AnswerStatus::Empty,
        (None, None) => AnswerStatus::NotTranscribed,
    };
    let an = a
        .analysis
        .as_ref()
        .filter(|_| status == AnswerStatus::Analysed);
    // Follow-ups get no limit of their own; only main answers can run over.
    let over_time = kind == AnswerKind::Answer && c.limit > 0 && a.duration_s > f64::from(c.limit);
    AnswerSummary {
        session: c.s.session.id.clone(),
        session_started_at: c.s.session.started_at.clone(),
        question_number: c.qn,
        question_id: c.question_id.to_string(),
        question: c.question.to_string(),
        principles: c.principles.to_vec(),
        attempt,
        kind,
        follow_up: fq.map(str::to_string),
        audio: a.audio.clone(),
        audio_present: c.s.audio_present(a),
        started_at: a.started_at.clone(),
        duration_s: a.duration_s,
        time_limit_s: c.limit,
        over_time,
        stop_reason: a.stop_reason,
        status,
        words: an.map(|x| x.stats.words),
        wpm: an.and_then(|x| x.stats.wpm),
        fillers: an.map(|x| x.stats.fillers),
        fillers_per_min: an.and_then(|x| x.stats.fillers_per_min),
        situation_s: an.and_then(|x| part_seconds(x, Part::Situation)),
        task_s: an.and_then(|x| part_seconds(x, Part::Task)),
        action_s: an.and_then(|x| part_seconds(x, Part::Action)),
        result_s: an.and_then(|x| part_seconds(x, Part::Result)),
        missing_parts: an.map(|x| x.missing_parts.clone()).unwrap_or_default(),
        has_result: an.is_some_and(|x| x.parts.iter().any(|p| p.part == Part::Result)),
        quantified_result: an.is_some_and(quantified_result),
        numbers: an.map_or(0, |x| x.numbers.len()),
        flags: an
            .map(|x| x.flags.iter().map(|f| f.code.clone()).collect())
            .unwrap_or_default(),
        score: an.map(|x| score(x, over_time)),
        verdict: an.map(verdict),
    }
}

/// Every answer of a session, in order: each attempt, then its follow-up.
pub fn answer_rows(s: &LoadedSession) -> Vec<AnswerSummary> {
    let mut rows = Vec::new();
    for (qi, q) in s.session.questions.iter().enumerate() {
        let c = Ctx {
            s,
            qn: qi + 1,
            question_id: &q.question.id,
            question: &q.question.text,
            principles: &q.question.principles,
            limit: q.time_limit_s,
        };
        for (ai, at) in q.attempts.iter().enumerate() {
            rows.push(answer_row(&c, ai + 1, AnswerKind::Answer, None, &at.answer));
            if let Some(f) = &at.follow_up {
                if let Some(a) = &f.answer {
                    rows.push(answer_row(
                        &c,
                        ai + 1,
                        AnswerKind::FollowUp,
                        Some(&f.question),
                        a,
                    ));
                }
            }
        }
    }
    rows
}

/// Session-level measures from its answer rows.
pub fn summarize(s: &LoadedSession) -> SessionSummary {
    let rows = answer_rows(s);
    let main: Vec<&AnswerSummary> = rows
        .iter()
        .filter(|r| r.kind == AnswerKind::Answer)
        .collect();
    let mut lengths: Vec<f64> = main
        .iter()
        .filter(|r| r.status != AnswerStatus::NotTranscribed || r.duration_s > 0.0)
        .map(|r| r.duration_s)
        .collect();
    let analysed_main: Vec<&&AnswerSummary> = main.iter().filter(|r| r.analysed()).collect();
    let quantified_share = (!analysed_main.is_empty()).then(|| {
        analysed_main.iter().filter(|r| r.quantified_result).count() as f64
            / analysed_main.len() as f64
    });
    let (fpm, wpm) = rates(rows.iter());
    SessionSummary {
        id: s.session.id.clone(),
        started_at: s.session.started_at.clone(),
        finished: s.session.finished_at.is_some(),
        questions: s.session.questions.len(),
        answers: rows.len(),
        analysed: rows.iter().filter(|r| r.analysed()).count(),
        median_answer_s: median(&mut lengths),
        quantified_share,
        fillers_per_min: fpm,
        wpm,
        problems: s.problems.clone(),
        answer_rows: rows,
    }
}

/// Fillers per minute and words per minute over the speaking time of several answers:
/// each answer's speaking minutes are its words over its pace.
pub fn rates<'a>(rows: impl Iterator<Item = &'a AnswerSummary>) -> (Option<f64>, Option<f64>) {
    let (mut words, mut fillers, mut minutes) = (0usize, 0usize, 0.0f64);
    for r in rows {
        if let (Some(w), Some(p), Some(f)) = (r.words, r.wpm, r.fillers) {
            if p > 0.0 && w > 0 {
                words += w;
                fillers += f;
                minutes += w as f64 / p;
            }
        }
    }
    if minutes <= 0.0 {
        return (None, None);
    }
    (Some(fillers as f64 / minutes), Some(words as f64 / minutes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::tests::{fake_session, text_answer};

    #[test]
    fn median_of_even_and_odd() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&mut [4.0, 1.0, 3.0, 2.0]), Some(2.5));
    }

    #[test]
    fn rows_cover_attempts_follow_ups_and_gaps() {
        let tmp = tempfile::tempdir().unwrap();
        let s = fake_session(tmp.path());
        let sum = summarize(&s);
        // q1: attempt 1 + follow-up, attempt 2 (retry); q2: interrupted answer.
        assert_eq!(sum.questions, 2);
        assert_eq!(sum.answers, 4);
        assert_eq!(sum.analysed, 3);
        let r = &sum.answer_rows;
        assert_eq!(r[0].kind, AnswerKind::Answer);
        assert_eq!(r[1].kind, AnswerKind::FollowUp);
        assert_eq!(r[2].attempt, 2);
        assert_eq!(r[3].status, AnswerStatus::NotTranscribed);
        assert!(!r[3].audio_present);
        assert!(r[0].quantified_result, "{:?}", r[0]);
        assert!(!r[2].quantified_result);
        assert!(r[0].score.unwrap() > r[2].score.unwrap());
        // Two analysed main answers, one quantified.
        assert_eq!(sum.quantified_share, Some(0.5));
        assert!(
            sum.problems.iter().any(|p| p.contains("not transcribed")),
            "{:?}",
            sum.problems
        );
    }

    #[test]
    fn score_is_bounded() {
        let a = text_answer("Um.", 10.0).analysis.unwrap();
        let s = score(&a, true);
        assert!(s <= 100);
    }
}

//! Terminal views: one session's review (each answer through `report::text`), and the history.

use std::fmt::Write;

use super::index::History;
use super::summary::{answer_rows, AnswerKind, AnswerStatus, AnswerSummary};
use super::LoadedSession;
use crate::report::{self, clock};
use crate::types::{Answer, Part, StopReason};

const BOLD: &str = "\x1b[1m";
const DIM: &str = "\x1b[2m";
const RED: &str = "\x1b[1;31m";
const RESET: &str = "\x1b[0m";

fn paint(on: bool, code: &str, s: &str) -> String {
    if on {
        format!("{code}{s}{RESET}")
    } else {
        s.to_string()
    }
}

/// "2026-11-22T10:15:00+01:00" → "2026-11-22 10:15".
pub fn short_date(rfc3339: &str) -> String {
    let d: String = rfc3339.chars().take(10).collect();
    let t: String = rfc3339.chars().skip(11).take(5).collect();
    if t.is_empty() {
        d
    } else {
        format!("{d} {t}")
    }
}

pub fn stop_label(r: StopReason) -> &'static str {
    match r {
        StopReason::Key => "you pressed Enter",
        StopReason::Silence => "silence",
        StopReason::TimeLimit => "time limit",
        StopReason::Interrupted => "interrupted",
        StopReason::File => "answer file",
    }
}

/// The parts an analysed answer has, as letters ("S T A R").
pub fn part_letters(r: &AnswerSummary) -> String {
    if !r.analysed() {
        return "—".into();
    }
    let s: Vec<&str> = Part::ALL
        .iter()
        .filter(|p| !r.missing_parts.contains(p))
        .map(|p| &p.label()[..1])
        .collect();
    if s.is_empty() {
        "none".into()
    } else {
        s.join(" ")
    }
}

fn yes_no(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}

/// What changed from one attempt to the next: duration, parts, quantified result.
pub fn changes(prev: &AnswerSummary, cur: &AnswerSummary) -> Vec<(&'static str, String, String)> {
    vec![
        ("Duration", clock(prev.duration_s), clock(cur.duration_s)),
        ("Parts", part_letters(prev), part_letters(cur)),
        (
            "Quantified result",
            yes_no(prev.quantified_result).into(),
            yes_no(cur.quantified_result).into(),
        ),
        (
            "Flags",
            prev.flags.len().to_string(),
            cur.flags.len().to_string(),
        ),
    ]
}

fn timing_line(a: &Answer, limit: u32, kind: AnswerKind, color: bool) -> String {
    let mut s = clock(a.duration_s);
    if kind == AnswerKind::Answer && limit > 0 {
        let _ = write!(s, " of {} limit", clock(f64::from(limit)));
        if a.duration_s > f64::from(limit) {
            let over = format!(" (over by {})", clock(a.duration_s - f64::from(limit)));
            s.push_str(&paint(color, RED, &over));
        }
    }
    let _ = write!(s, " · stopped: {}", stop_label(a.stop_reason));
    s
}

fn answer_block(
    o: &mut String,
    s: &LoadedSession,
    a: &Answer,
    row: &AnswerSummary,
    color: bool,
    indent: &str,
) {
    let audio = if row.audio_present {
        a.audio.clone()
    } else if a.audio.is_empty() {
        "none recorded".into()
    } else {
        paint(color, RED, &format!("{} (missing)", a.audio))
    };
    let _ = writeln!(
        o,
        "{indent}{} · audio {audio}",
        timing_line(a, row.time_limit_s, row.kind, color)
    );
    match (&a.analysis, row.status) {
        (Some(an), AnswerStatus::Analysed) => {
            for line in report::text::render(an, color).lines() {
                if line.is_empty() {
                    o.push('\n');
                } else {
                    let _ = writeln!(o, "{indent}{line}");
                }
            }
        }
        (_, AnswerStatus::Empty) => {
            let _ = writeln!(o, "{indent}No speech was heard in this recording.");
        }
        _ => {
            let hint = if s.audio_present(a) {
                format!(
                    "; analyse the recording with `mockloop analyze {}`",
                    s.audio_path(a).display()
                )
            } else {
                String::new()
            };
            let _ = writeln!(
                o,
                "{indent}{}",
                paint(
                    color,
                    RED,
                    &format!("Not transcribed: the answer was cut off before analysis{hint}.")
                )
            );
        }
    }
}

/// The whole session for a terminal: each question, each attempt with its follow-up, the
/// transcript with parts and numbers marked and the flags with times (via `report::text`).
pub fn render_session(s: &LoadedSession, color: bool) -> String {
    let mut o = String::new();
    let ss = &s.session;
    let state = if ss.finished_at.is_some() {
        "finished".to_string()
    } else {
        paint(color, RED, "interrupted")
    };
    let _ = writeln!(
        o,
        "{} {}",
        paint(color, BOLD, &format!("Session {}", ss.id)),
        paint(
            color,
            DIM,
            &format!(
                "started {} · {state} · {} question{} · model {}",
                short_date(&ss.started_at),
                ss.questions.len(),
                if ss.questions.len() == 1 { "" } else { "s" },
                if ss.model.is_empty() { "?" } else { &ss.model }
            )
        )
    );
    if !s.problems.is_empty() {
        let _ = writeln!(o, "{}", paint(color, RED, "Problems in this session:"));
        for p in &s.problems {
            let _ = writeln!(o, "  ! {p}");
        }
    }
    let rows = answer_rows(s);
    let mut ri = rows.iter();
    let nq = ss.questions.len();
    for (qi, q) in ss.questions.iter().enumerate() {
        let _ = writeln!(o);
        let mut meta = vec![format!("limit {}", clock(f64::from(q.time_limit_s)))];
        if !q.question.principles.is_empty() {
            meta.insert(0, q.question.principles.join(", "));
        }
        let _ = writeln!(
            o,
            "{} {}",
            paint(
                color,
                BOLD,
                &format!("━━ Question {} of {nq}: {}", qi + 1, q.question.text)
            ),
            paint(color, DIM, &format!("({})", meta.join(" · ")))
        );
        if q.attempts.is_empty() {
            let _ = writeln!(o, "  (not answered)");
        }
        let mut first: Option<&AnswerSummary> = None;
        for (ai, at) in q.attempts.iter().enumerate() {
            let Some(row) = ri.next() else { break };
            let title = if ai == 0 {
                "Attempt 1".to_string()
            } else {
                format!("Attempt {} (retry)", ai + 1)
            };
            let _ = writeln!(o);
            let _ = writeln!(o, "{}", paint(color, BOLD, &format!("── {title}")));
            answer_block(&mut o, s, &at.answer, row, color, "  ");
            if let (Some(f), true) = (first, ai > 0) {
                let _ = writeln!(o, "  {}", paint(color, BOLD, "Compared with attempt 1:"));
                for (what, a, b) in changes(f, row) {
                    let _ = writeln!(o, "    {what:<18} {a} → {b}");
                }
            }
            if ai == 0 {
                first = Some(row);
            }
            if let Some(fu) = &at.follow_up {
                let _ = writeln!(o);
                let _ = writeln!(o, "  {} {}", paint(color, BOLD, "Follow-up:"), fu.question);
                match &fu.answer {
                    Some(a) => {
                        if let Some(frow) = ri.next() {
                            answer_block(&mut o, s, a, frow, color, "    ");
                        }
                    }
                    None => {
                        let _ = writeln!(o, "    (not answered)");
                    }
                }
            }
        }
    }
    o
}

fn pct(x: Option<f64>) -> String {
    x.map(|v| format!("{:.0}%", v * 100.0))
        .unwrap_or_else(|| "—".into())
}

fn num(x: Option<f64>, prec: usize) -> String {
    x.map(|v| format!("{v:.prec$}"))
        .unwrap_or_else(|| "—".into())
}

/// One line per session for `mockloop history`.
pub fn render_history(h: &History, color: bool) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{}",
        paint(
            color,
            BOLD,
            &format!(
                "{:<16}  {:>3}  {:>7}  {:>6}  {:>10}  {:>11}  {:>4}  {}",
                "Date", "Qs", "Answers", "Median", "Quantified", "Fillers/min", "WPM", "Session"
            )
        )
    );
    let mut damaged = 0;
    for (id, r) in &h.sessions {
        match r {
            Ok(s) => {
                let mut note = String::new();
                if !s.finished {
                    note.push_str(" · interrupted");
                }
                let gaps = s.problems.len() - usize::from(!s.finished);
                if gaps > 0 {
                    let _ = write!(
                        note,
                        " · {gaps} problem{}",
                        if gaps == 1 { "" } else { "s" }
                    );
                }
                let _ = writeln!(
                    o,
                    "{:<16}  {:>3}  {:>7}  {:>6}  {:>10}  {:>11}  {:>4}  {id}{}",
                    short_date(&s.started_at),
                    s.questions,
                    s.answers,
                    s.median_answer_s.map(clock).unwrap_or_else(|| "—".into()),
                    pct(s.quantified_share),
                    num(s.fillers_per_min, 1),
                    num(s.wpm, 0),
                    paint(color, RED, &note)
                );
            }
            Err(reason) => {
                damaged += 1;
                let _ = writeln!(
                    o,
                    "{:<16}  {}",
                    id.chars().take(16).collect::<String>(),
                    paint(color, RED, &format!("skipped: {reason}"))
                );
            }
        }
    }
    let n = h.sessions.len();
    let _ = writeln!(
        o,
        "{}",
        paint(
            color,
            DIM,
            &format!(
                "{n} session{}{}. Median = median main-answer length; Quantified = answers whose Result has a number.",
                if n == 1 { "" } else { "s" },
                if damaged > 0 {
                    format!(", {damaged} damaged")
                } else {
                    String::new()
                }
            )
        )
    );
    o
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::tests::fake_session;

    #[test]
    fn session_review_shows_attempts_follow_ups_and_gaps() {
        let tmp = tempfile::tempdir().unwrap();
        let s = fake_session(tmp.path());
        let out = render_session(&s, false);
        for needle in [
            "Question 1 of 2",
            "Attempt 2 (retry)",
            "Compared with attempt 1:",
            "Quantified result  yes → no",
            "Follow-up: How did you measure it?",
            "*12 seconds*",
            "of 2:00 limit",
            "q2-a1.wav (missing)",
            "Not transcribed",
            "interrupted",
        ] {
            assert!(out.contains(needle), "missing {needle}:\n{out}");
        }
        assert!(!out.contains('\x1b'));
    }

    #[test]
    fn history_lists_sessions_and_damage() {
        let tmp = tempfile::tempdir().unwrap();
        fake_session(tmp.path());
        std::fs::create_dir_all(tmp.path().join("zz-broken")).unwrap();
        std::fs::write(tmp.path().join("zz-broken/session.json"), "{").unwrap();
        let h = crate::review::index::history(tmp.path());
        let out = render_history(&h, false);
        assert!(out.contains("50%"), "{out}");
        assert!(out.contains("interrupted"), "{out}");
        assert!(
            out.contains("skipped:") && out.contains("is damaged"),
            "{out}"
        );
        assert!(out.contains("2 sessions, 1 damaged"), "{out}");
    }
}

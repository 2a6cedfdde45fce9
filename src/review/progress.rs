//! Progress across sessions: trends of the history measures, Leadership Principle coverage,
//! recurring weaknesses and what to practise next.

use std::collections::BTreeMap;
use std::fmt::Write;

use serde::Serialize;

use super::index::History;
use super::summary::{AnswerKind, AnswerSummary};
use super::terminal::short_date;
use crate::questions::PRINCIPLES;
use crate::report::clock;

/// How many recent answers the weakness counts look at.
pub const RECENT: usize = 5;

/// One measure over time: a point per session that has it.
#[derive(Debug, Clone, Serialize)]
pub struct Trend {
    pub measure: &'static str,
    pub unit: &'static str,
    /// Whether a rising line is good news.
    pub higher_is_better: Option<bool>,
    /// (session start, value), oldest first.
    pub points: Vec<(String, f64)>,
}

impl Trend {
    /// Mean of the first and of the last `n` points (n = a third of them, 1 to 5).
    pub fn early_recent(&self) -> Option<(f64, f64)> {
        let len = self.points.len();
        if len < 2 {
            return None;
        }
        let n = (len / 3).clamp(1, 5);
        let mean = |s: &[(String, f64)]| s.iter().map(|p| p.1).sum::<f64>() / s.len() as f64;
        Some((mean(&self.points[..n]), mean(&self.points[len - n..])))
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Best {
    pub session: String,
    pub started_at: String,
    pub question: String,
    pub attempt: usize,
    pub score: u32,
    pub verdict: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Coverage {
    pub principle: String,
    /// Analysed main answers to questions probing it.
    pub answers: usize,
    pub best: Option<Best>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Progress {
    pub sessions: usize,
    pub damaged: Vec<(String, String)>,
    pub answers: usize,
    pub trends: Vec<Trend>,
    pub coverage: Vec<Coverage>,
    pub never_practised: Vec<String>,
    pub weaknesses: Vec<String>,
    pub next: Vec<String>,
}

/// What a flag says about an answer, as the end of "N of your last M answers …".
fn weakness_phrase(code: &str) -> Option<&'static str> {
    Some(match code {
        "missing_situation" => "had no Situation",
        "missing_task" => "had no Task",
        "missing_action" => "had no Action",
        "missing_result" => "had no Result",
        "vague_result" => "ended on a vague result (\"significantly\", \"a lot\")",
        "long_situation" => "spent too long on the Situation",
        "we_heavy_action" => "told the Action as \"we\" instead of \"I\"",
        "filler_heavy" => "were heavy on fillers",
        "too_fast" => "were spoken too fast",
        "too_slow" => "were spoken too slowly",
        "over_time" => "ran over the time limit",
        _ => return None,
    })
}

fn tip(code: &str) -> &'static str {
    match code {
        "no_number" => "end every story on a number: what changed, by how much, by when",
        "missing_result" | "vague_result" => "close each story with a measurable Result",
        "missing_situation" | "long_situation" => {
            "set the scene in two sentences, then move to what you did"
        }
        "missing_task" => "say what you were asked or chose to own before the actions",
        "missing_action" => "walk through the steps you personally took",
        "we_heavy_action" => "tell the Action with \"I\": what you did, not the team",
        "filler_heavy" => "pause instead of saying um or uh",
        "too_fast" => "slow down: aim for 140–160 words a minute",
        "too_slow" => "tighten the story: aim for 140–160 words a minute",
        "over_time" => "trim the Situation to stay within the time limit",
        _ => "retell your weakest story",
    }
}

pub fn compute(h: &History) -> Progress {
    let ok: Vec<_> = h.ok().collect();
    let damaged = h
        .sessions
        .iter()
        .filter_map(|(id, r)| r.as_ref().err().map(|e| (id.clone(), e.clone())))
        .collect();
    let trend =
        |measure, unit, better, f: &dyn Fn(&super::summary::SessionSummary) -> Option<f64>| Trend {
            measure,
            unit,
            higher_is_better: better,
            points: ok
                .iter()
                .filter_map(|s| Some((s.started_at.clone(), f(s)?)))
                .collect(),
        };
    let trends = vec![
        trend("Median answer length", "s", None, &|s| s.median_answer_s),
        trend("Quantified results", "%", Some(true), &|s| {
            s.quantified_share.map(|x| x * 100.0)
        }),
        trend("Fillers per minute", "/min", Some(false), &|s| {
            s.fillers_per_min
        }),
        trend("Words per minute", "wpm", None, &|s| s.wpm),
    ];

    let main: Vec<&AnswerSummary> = ok
        .iter()
        .flat_map(|s| s.answer_rows.iter())
        .filter(|r| r.kind == AnswerKind::Answer && r.analysed())
        .collect();

    // Coverage: the official principles first, then any others the questions carried.
    let mut cov: BTreeMap<String, (usize, Option<Best>)> = BTreeMap::new();
    for r in &main {
        for p in &r.principles {
            let e = cov.entry(p.clone()).or_default();
            e.0 += 1;
            let score = r.score.unwrap_or(0);
            // Later attempts win ties: they show where the user is now.
            if e.1.as_ref().map_or(true, |b| score >= b.score) {
                e.1 = Some(Best {
                    session: r.session.clone(),
                    started_at: r.session_started_at.clone(),
                    question: r.question.clone(),
                    attempt: r.attempt,
                    score,
                    verdict: r.verdict.clone(),
                });
            }
        }
    }
    let mut coverage: Vec<Coverage> = PRINCIPLES
        .iter()
        .map(|p| {
            let (answers, best) = cov.remove(*p).unwrap_or_default();
            Coverage {
                principle: p.to_string(),
                answers,
                best,
            }
        })
        .collect();
    coverage.extend(cov.into_iter().map(|(p, (answers, best))| Coverage {
        principle: p,
        answers,
        best,
    }));
    let never_practised: Vec<String> = coverage
        .iter()
        .filter(|c| c.answers == 0)
        .map(|c| c.principle.clone())
        .collect();

    // Recurring weaknesses over the most recent analysed main answers.
    let recent: Vec<&&AnswerSummary> = main.iter().rev().take(RECENT).collect();
    let m = recent.len();
    let mut found: Vec<(usize, String, String)> = Vec::new();
    if m > 0 {
        let no_number = recent.iter().filter(|r| !r.quantified_result).count();
        if no_number * 2 >= m && no_number > 0 {
            found.push((
                no_number,
                "no_number".into(),
                format!("{no_number} of your last {m} results had no number"),
            ));
        }
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for r in &recent {
            for c in &r.flags {
                counts
                    .entry(c.as_str())
                    .and_modify(|n| *n += 1)
                    .or_insert(1);
            }
        }
        for (code, n) in counts {
            // unquantified_result is the "no number" line above.
            if code == "unquantified_result" || n < 2.min(m) {
                continue;
            }
            if let Some(phrase) = weakness_phrase(code) {
                // Flags repeat within an answer; count answers, not flags.
                let answers = recent
                    .iter()
                    .filter(|r| r.flags.iter().any(|f| f == code))
                    .count();
                if answers >= 2.min(m) {
                    found.push((
                        answers,
                        code.into(),
                        format!("{answers} of your last {m} answers {phrase}"),
                    ));
                }
            }
        }
    }
    found.sort_by_key(|f| std::cmp::Reverse(f.0));

    let mut next = Vec::new();
    if let Some((_, code, _)) = found.first() {
        next.push(format!("Fix the habit: {}.", tip(code)));
    }
    if let Some(p) = never_practised
        .iter()
        .find(|p| PRINCIPLES.contains(&p.as_str()))
    {
        next.push(format!(
            "Prepare a story for {p} (never practised): `mockloop questions --principle \"{p}\"` lists its questions."
        ));
    }
    if let Some(weak) = coverage
        .iter()
        .filter_map(|c| Some((c, c.best.as_ref()?)))
        .filter(|(_, b)| b.score < 80)
        .min_by_key(|(_, b)| b.score)
    {
        next.push(format!(
            "Retell your {} story: its best attempt scores {}/100 ({}).",
            weak.0.principle,
            weak.1.score,
            weak.1.verdict.as_deref().unwrap_or("not analysed")
        ));
    }
    if next.is_empty() && !main.is_empty() {
        next.push(
            "Keep going: every principle has a strong story. Practise under a shorter time limit."
                .into(),
        );
    }
    if main.is_empty() {
        next.push("Record a few answers with `mockloop practice` to see your progress.".into());
    }

    Progress {
        sessions: ok.len(),
        damaged,
        answers: main.len(),
        trends,
        coverage,
        never_practised,
        weaknesses: found.into_iter().map(|f| f.2).collect(),
        next,
    }
}

/// Eight-level bars for the last `width` values.
pub fn sparkline(values: &[f64], width: usize) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let v = &values[values.len().saturating_sub(width)..];
    let (lo, hi) = v
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| {
            (a.min(x), b.max(x))
        });
    v.iter()
        .map(|&x| {
            let t = if hi > lo { (x - lo) / (hi - lo) } else { 0.5 };
            BARS[((t * 7.0).round() as usize).min(7)]
        })
        .collect()
}

pub fn fmt_value(t: &Trend, v: f64) -> String {
    match t.unit {
        "s" => clock(v),
        "%" => format!("{v:.0}%"),
        "/min" => format!("{v:.1}/min"),
        _ => format!("{v:.0} {}", t.unit),
    }
}

/// "better", "worse" or "steady" for the change from early to recent.
pub fn direction(t: &Trend) -> Option<&'static str> {
    let (a, b) = t.early_recent()?;
    let scale = a.abs().max(b.abs()).max(1e-9);
    if ((b - a) / scale).abs() < 0.05 {
        return Some("steady");
    }
    Some(match t.higher_is_better {
        Some(up) if (b > a) == up => "better",
        Some(_) => "worse",
        None if b > a => "up",
        None => "down",
    })
}

pub fn render_text(p: &Progress) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "Progress over {} session{} ({} analysed answers)",
        p.sessions,
        if p.sessions == 1 { "" } else { "s" },
        p.answers
    );
    for (id, e) in &p.damaged {
        let _ = writeln!(o, "  ! {id}: skipped: {e}");
    }
    let _ = writeln!(o, "\nTrends (earliest sessions → latest)");
    for t in &p.trends {
        let vals: Vec<f64> = t.points.iter().map(|x| x.1).collect();
        match t.early_recent() {
            Some((a, b)) => {
                let _ = writeln!(
                    o,
                    "  {:<22} {:>9} → {:<9} {:<7} {}",
                    t.measure,
                    fmt_value(t, a),
                    fmt_value(t, b),
                    direction(t).unwrap_or(""),
                    sparkline(&vals, 30)
                );
            }
            None => {
                let last = vals.last().map(|v| fmt_value(t, *v));
                let _ = writeln!(
                    o,
                    "  {:<22} {}",
                    t.measure,
                    last.map(|l| format!("{l} (one session so far)"))
                        .unwrap_or_else(|| "no data yet".into())
                );
            }
        }
    }
    let _ = writeln!(o, "\nLeadership Principles");
    let _ = writeln!(o, "  {:<46} {:>7}  Best attempt", "Principle", "Answers");
    for c in p.coverage.iter().filter(|c| c.answers > 0) {
        let best = c
            .best
            .as_ref()
            .map(|b| {
                format!(
                    "{}/100 on {} (attempt {}): {}",
                    b.score,
                    short_date(&b.started_at),
                    b.attempt,
                    b.verdict.as_deref().unwrap_or("")
                )
            })
            .unwrap_or_default();
        let _ = writeln!(o, "  {:<46} {:>7}  {best}", c.principle, c.answers);
    }
    if p.never_practised.is_empty() {
        let _ = writeln!(o, "  Every principle has at least one practised story.");
    } else {
        let _ = writeln!(
            o,
            "  Never practised ({}): {}",
            p.never_practised.len(),
            p.never_practised.join(" · ")
        );
    }
    let _ = writeln!(o, "\nRecurring weaknesses");
    if p.weaknesses.is_empty() {
        let _ = writeln!(o, "  None in your last {RECENT} answers.");
    }
    for w in &p.weaknesses {
        let _ = writeln!(o, "  - {w}");
    }
    let _ = writeln!(o, "\nPractise next");
    for n in &p.next {
        let _ = writeln!(o, "  - {n}");
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::tests::fake_session;

    #[test]
    fn progress_covers_principles_and_weaknesses() {
        let tmp = tempfile::tempdir().unwrap();
        fake_session(tmp.path());
        fake_session(tmp.path());
        let h = crate::review::index::history(tmp.path());
        let p = compute(&h);
        assert_eq!(p.sessions, 2);
        // Two analysed main answers per session (the interrupted one is not analysed).
        assert_eq!(p.answers, 4);
        let co = p
            .coverage
            .iter()
            .find(|c| c.principle == "Customer Obsession")
            .unwrap();
        assert_eq!(co.answers, 4);
        assert_eq!(co.best.as_ref().unwrap().attempt, 1);
        assert!(p.never_practised.contains(&"Ownership".to_string()));
        assert!(!p
            .never_practised
            .contains(&"Customer Obsession".to_string()));
        assert!(
            p.weaknesses
                .iter()
                .any(|w| w == "2 of your last 4 results had no number"),
            "{:?}",
            p.weaknesses
        );
        let out = render_text(&p);
        assert!(out.contains("Never practised (15)"), "{out}");
        assert!(out.contains("Practise next"), "{out}");
    }

    #[test]
    fn sparkline_and_direction() {
        assert_eq!(sparkline(&[0.0, 1.0], 10), "▁█");
        let t = Trend {
            measure: "x",
            unit: "/min",
            higher_is_better: Some(false),
            points: vec![("a".into(), 4.0), ("b".into(), 3.0), ("c".into(), 1.0)],
        };
        assert_eq!(direction(&t), Some("better"));
    }

    #[test]
    fn empty_history_suggests_practice() {
        let tmp = tempfile::tempdir().unwrap();
        let p = compute(&crate::review::index::history(tmp.path()));
        assert_eq!(p.never_practised.len(), 16);
        assert!(
            p.next[0].contains("mockloop practice")
                || p.next.iter().any(|n| n.contains("practice"))
        );
    }
}

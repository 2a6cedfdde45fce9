//! Evaluation against labelled answers (`tests/fixtures/answers/{dev,holdout}/*.toml`):
//! word-level part accuracy (with a naive positional baseline) and flag precision/recall.
//! Shared by `tests/star_eval.rs` and the hidden `mockloop eval-star` command.

use super::star_model::StarModel;
use super::{analyze_text_with, analyze_transcript_with, token_parts, AnalyzeOptions};
use crate::types::{AnalysisInput, InputKind, Part, Transcript};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// Flags that text input can show (the rest need timing).
pub const TEXT_FLAGS: &[&str] = &[
    "missing_situation",
    "missing_task",
    "missing_action",
    "missing_result",
    "unquantified_result",
    "vague_result",
    "we_heavy_action",
    "long_situation",
];

#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is not a valid labelled answer: {source}")]
    Parse {
        path: PathBuf,
        source: toml::de::Error,
    },
    #[error("no labelled answers (*.toml) in {0}: point at a folder of answer files")]
    Empty(PathBuf),
}

#[derive(Debug, Clone, Deserialize)]
pub struct LabelledSentence {
    pub part: Part,
    pub text: String,
}

/// One labelled answer file.
#[derive(Debug, Clone, Deserialize)]
pub struct Fixture {
    pub id: String,
    #[serde(default)]
    pub question: Option<String>,
    #[serde(default)]
    pub spoken_s: Option<f64>,
    #[serde(default)]
    pub expected_flags: Vec<String>,
    #[serde(default)]
    pub notes: Option<String>,
    pub sentences: Vec<LabelledSentence>,
    /// Expectations for the spoken rendering (`[audio]` table).
    #[serde(default)]
    pub audio: Option<AudioSpec>,
}

/// The `[audio]` table: flags the rendering must raise on top of `expected_flags`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct AudioSpec {
    #[serde(default)]
    pub expected_flags: Vec<String>,
}

impl Fixture {
    pub fn text(&self) -> String {
        self.sentences
            .iter()
            .map(|s| s.text.trim())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The gold part of every whitespace-separated word.
    pub fn word_labels(&self) -> Vec<Part> {
        self.sentences
            .iter()
            .flat_map(|s| std::iter::repeat(s.part).take(s.text.split_whitespace().count()))
            .collect()
    }
}

/// Loads every `*.toml` in `dir` (not recursive), sorted by file name.
pub fn load_dir(dir: &Path) -> Result<Vec<Fixture>, EvalError> {
    let io = |source| EvalError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(io)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    paths.sort();
    let mut out = Vec::new();
    for p in paths {
        let text = std::fs::read_to_string(&p).map_err(|source| EvalError::Io {
            path: p.clone(),
            source,
        })?;
        let f: Fixture = toml::from_str(&text).map_err(|source| EvalError::Parse {
            path: p.clone(),
            source,
        })?;
        out.push(f);
    }
    if out.is_empty() {
        return Err(EvalError::Empty(dir.to_path_buf()));
    }
    Ok(out)
}

/// Counts for one flag code.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Prf {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Prf {
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

/// One disagreement, for reading what went wrong.
#[derive(Debug, Clone)]
pub struct Miss {
    pub id: String,
    pub detail: String,
}

#[derive(Debug, Clone, Default)]
pub struct Report {
    pub answers: usize,
    pub words: usize,
    pub correct_words: usize,
    pub baseline_correct_words: usize,
    pub flags: BTreeMap<String, Prf>,
    pub misses: Vec<Miss>,
}

impl Report {
    pub fn part_accuracy(&self) -> f64 {
        ratio(self.correct_words, self.words)
    }
    pub fn baseline_accuracy(&self) -> f64 {
        ratio(self.baseline_correct_words, self.words)
    }
    /// Adds another report's counts (cross-validation folds).
    pub fn merge(&mut self, o: Report) {
        self.answers += o.answers;
        self.words += o.words;
        self.correct_words += o.correct_words;
        self.baseline_correct_words += o.baseline_correct_words;
        for (code, p) in o.flags {
            let e = self.flags.entry(code).or_default();
            e.tp += p.tp;
            e.fp += p.fp;
            e.fn_ += p.fn_;
        }
        self.misses.extend(o.misses);
    }
    pub fn overall(&self) -> Prf {
        self.flags.values().fold(Prf::default(), |a, p| Prf {
            tp: a.tp + p.tp,
            fp: a.fp + p.fp,
            fn_: a.fn_ + p.fn_,
        })
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "answers: {}   words: {}", self.answers, self.words)?;
        writeln!(
            f,
            "part accuracy (per word): {:.1}%   positional baseline (20/10/50/20): {:.1}%",
            self.part_accuracy() * 100.0,
            self.baseline_accuracy() * 100.0
        )?;
        writeln!(
            f,
            "{:<22} {:>4} {:>4} {:>4} {:>9} {:>7}",
            "flag", "tp", "fp", "fn", "precision", "recall"
        )?;
        for (code, p) in &self.flags {
            writeln!(
                f,
                "{:<22} {:>4} {:>4} {:>4} {:>8.1}% {:>6.1}%",
                code,
                p.tp,
                p.fp,
                p.fn_,
                p.precision() * 100.0,
                p.recall() * 100.0
            )?;
        }
        let o = self.overall();
        writeln!(
            f,
            "{:<22} {:>4} {:>4} {:>4} {:>8.1}% {:>6.1}%",
            "overall",
            o.tp,
            o.fp,
            o.fn_,
            o.precision() * 100.0,
            o.recall() * 100.0
        )
    }
}

/// The naive split a rule must beat: first 20% Situation, 10% Task, 50% Action, 20% Result.
pub fn positional_baseline(n: usize) -> Vec<Part> {
    (0..n)
        .map(|i| {
            let p = (i as f64 + 0.5) / n as f64;
            if p < 0.2 {
                Part::Situation
            } else if p < 0.3 {
                Part::Task
            } else if p < 0.8 {
                Part::Action
            } else {
                Part::Result
            }
        })
        .collect()
}

fn short(p: Option<Part>) -> char {
    match p {
        Some(Part::Situation) => 'S',
        Some(Part::Task) => 'T',
        Some(Part::Action) => 'A',
        Some(Part::Result) => 'R',
        None => '-',
    }
}

/// Evaluates the text analyzer on labelled answers.
pub fn evaluate_text(fixtures: &[Fixture]) -> Report {
    evaluate_text_with(fixtures, StarModel::shipped())
}

/// [`evaluate_text`] with other segmenter weights.
pub fn evaluate_text_with(fixtures: &[Fixture], model: &StarModel) -> Report {
    let mut r = Report::default();
    for code in TEXT_FLAGS {
        r.flags.insert((*code).to_string(), Prf::default());
    }
    for fx in fixtures {
        let text = fx.text();
        let opts = AnalyzeOptions {
            question: fx.question.clone(),
            ..AnalyzeOptions::default()
        };
        let input = AnalysisInput {
            path: format!("{}.txt", fx.id),
            kind: InputKind::Text,
        };
        let a = analyze_text_with(&text, input, &opts, model);
        let gold = fx.word_labels();
        let pred = token_parts(&a);
        score_parts(&mut r, fx, &gold, &pred);
        let got: Vec<&str> = a.flags.iter().map(|f| f.code.as_str()).collect();
        score_flags(&mut r, fx, &got, TEXT_FLAGS, false);
    }
    r
}

fn score_parts(r: &mut Report, fx: &Fixture, gold: &[Part], pred: &[Option<Part>]) {
    let base = positional_baseline(gold.len());
    r.answers += 1;
    r.words += gold.len();
    let mut wrong = 0;
    for (i, g) in gold.iter().enumerate() {
        let p = pred.get(i).copied().flatten();
        if p == Some(*g) {
            r.correct_words += 1;
        } else {
            wrong += 1;
        }
        if base[i] == *g {
            r.baseline_correct_words += 1;
        }
    }
    if wrong > 0 {
        // Per-sentence view: gold letter, then the predicted letters of its words.
        let mut k = 0;
        let mut lines = Vec::new();
        for s in &fx.sentences {
            let n = s.text.split_whitespace().count();
            let got: String = (k..k + n)
                .map(|i| short(pred.get(i).copied().flatten()))
                .collect();
            let mark = if got.chars().all(|c| c == short(Some(s.part))) {
                "  "
            } else {
                "!!"
            };
            lines.push(format!(
                "{mark} {} {} | {}",
                short(Some(s.part)),
                dedup(&got),
                s.text
            ));
            k += n;
        }
        r.misses.push(Miss {
            id: fx.id.clone(),
            detail: format!("{wrong} words mislabelled\n{}", lines.join("\n")),
        });
    }
}

fn dedup(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if !out.ends_with(c) {
            out.push(c);
        }
    }
    out
}

fn score_flags(r: &mut Report, fx: &Fixture, got: &[&str], codes: &[&str], audio: bool) {
    let audio_flags = fx
        .audio
        .as_ref()
        .map(|a| a.expected_flags.as_slice())
        .unwrap_or(&[]);
    for code in codes {
        let want = fx.expected_flags.iter().any(|f| f == code)
            || (audio && audio_flags.iter().any(|f| f == code));
        let have = got.contains(code);
        let e = r.flags.entry((*code).to_string()).or_default();
        match (want, have) {
            (true, true) => e.tp += 1,
            (false, true) => {
                e.fp += 1;
                r.misses.push(Miss {
                    id: fx.id.clone(),
                    detail: format!("unexpected flag {code}"),
                });
            }
            (true, false) => {
                e.fn_ += 1;
                r.misses.push(Miss {
                    id: fx.id.clone(),
                    detail: format!("missed flag {code}"),
                });
            }
            (false, false) => {}
        }
    }
}

/// Evaluates the analyzer on transcripts of spoken renderings: `DIR/<id>.transcript.json` for each
/// fixture that has one. Gold labels are carried onto the transcript's words by aligning the
/// two word sequences (whisper writes "12%" where the fixture says "twelve percent").
pub fn evaluate_audio(fixtures: &[Fixture], transcripts: &Path) -> Result<Report, EvalError> {
    evaluate_audio_with(fixtures, transcripts, StarModel::shipped())
}

/// Reads `DIR/<id>.transcript.json` for a fixture: `Ok(None)` when there is none.
pub fn load_transcript(
    fx: &Fixture,
    dir: &Path,
) -> Result<Option<Result<Transcript, PathBuf>>, EvalError> {
    let p = dir.join(format!("{}.transcript.json", fx.id));
    if !p.exists() {
        return Ok(None);
    }
    let text = std::fs::read_to_string(&p).map_err(|source| EvalError::Io {
        path: p.clone(),
        source,
    })?;
    Ok(Some(
        serde_json::from_str::<Transcript>(&text).map_err(|_| p),
    ))
}

/// [`evaluate_audio`] with other segmenter weights.
pub fn evaluate_audio_with(
    fixtures: &[Fixture],
    transcripts: &Path,
    model: &StarModel,
) -> Result<Report, EvalError> {
    let mut r = Report::default();
    let codes: Vec<&str> = TEXT_FLAGS
        .iter()
        .copied()
        .chain(["over_time", "filler_heavy", "too_fast", "too_slow"])
        .collect();
    for code in &codes {
        r.flags.insert((*code).to_string(), Prf::default());
    }
    for fx in fixtures {
        let t = match load_transcript(fx, transcripts)? {
            None => continue,
            Some(Ok(t)) => t,
            Some(Err(p)) => {
                r.misses.push(Miss {
                    id: fx.id.clone(),
                    detail: format!("{} is not a transcript JSON; skipped", p.display()),
                });
                continue;
            }
        };
        let p = transcripts.join(format!("{}.transcript.json", fx.id));
        let opts = AnalyzeOptions {
            question: fx.question.clone(),
            ..AnalyzeOptions::default()
        };
        let input = AnalysisInput {
            path: p.display().to_string(),
            kind: InputKind::Audio,
        };
        let a = analyze_transcript_with(&t, input, &opts, model);
        let hyp: Vec<String> = a
            .sentences
            .iter()
            .flat_map(|s| s.text.split_whitespace().map(super::tokens::normalize))
            .collect();
        let gold_words: Vec<String> = fx
            .text()
            .split_whitespace()
            .map(super::tokens::normalize)
            .collect();
        let gold_parts = fx.word_labels();
        let projected = project_labels(&gold_words, &gold_parts, &hyp);
        let pred = token_parts(&a);
        r.answers += 1;
        r.words += projected.len();
        let base = positional_baseline(projected.len());
        for (i, g) in projected.iter().enumerate() {
            if pred.get(i).copied().flatten() == Some(*g) {
                r.correct_words += 1;
            }
            if base[i] == *g {
                r.baseline_correct_words += 1;
            }
        }
        let got: Vec<&str> = a.flags.iter().map(|f| f.code.as_str()).collect();
        score_flags(&mut r, fx, &got, &codes, true);
    }
    Ok(r)
}

/// Gives each hypothesis word the gold label of the gold word it aligns to (edit distance),
/// or of the nearest aligned word before it.
pub fn project_labels(gold: &[String], labels: &[Part], hyp: &[String]) -> Vec<Part> {
    let (n, m) = (gold.len(), hyp.len());
    if n == 0 {
        return vec![Part::Action; m];
    }
    let mut d = vec![vec![0u32; m + 1]; n + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i as u32;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j as u32;
    }
    for i in 1..=n {
        for j in 1..=m {
            let sub = u32::from(gold[i - 1] != hyp[j - 1]);
            d[i][j] = (d[i - 1][j - 1] + sub)
                .min(d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1);
        }
    }
    let mut out = vec![None; m];
    let (mut i, mut j) = (n, m);
    while i > 0 && j > 0 {
        let sub = u32::from(gold[i - 1] != hyp[j - 1]);
        if d[i][j] == d[i - 1][j - 1] + sub {
            out[j - 1] = Some(labels[i - 1]);
            i -= 1;
            j -= 1;
        } else if d[i][j] == d[i - 1][j] + 1 {
            i -= 1;
        } else {
            out[j - 1] = Some(labels[i.saturating_sub(1)]);
            j -= 1;
        }
    }
    let mut last = labels[0];
    out.into_iter()
        .map(|p| {
            if let Some(p) = p {
                last = p;
            }
            last
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn baseline_split_is_20_10_50_20() {
        let b = positional_baseline(10);
        use Part::*;
        assert_eq!(
            b,
            vec![
                Situation, Situation, Task, Action, Action, Action, Action, Action, Result, Result
            ]
        );
    }

    #[test]
    fn projection_follows_alignment() {
        let g: Vec<String> = "we had a bug so i fixed it latency fell twelve percent"
            .split(' ')
            .map(String::from)
            .collect();
        use Part::*;
        let labels = [
            Situation, Situation, Situation, Situation, Action, Action, Action, Action, Result,
            Result, Result, Result,
        ];
        let h: Vec<String> = "we had a bug so i fixed it latency fell 12%"
            .split(' ')
            .map(String::from)
            .collect();
        let p = project_labels(&g, &labels, &h);
        assert_eq!(p.len(), h.len());
        assert_eq!(p[0], Situation);
        assert_eq!(p[5], Action);
        assert_eq!(p[10], Result);
    }

    #[test]
    fn fixture_parses_readme_format() {
        let f: Fixture = toml::from_str(
            r#"
id = "x"
question = "q"
expected_flags = ["missing_task"]
[[sentences]]
part = "situation"
text = "So last year I was the PM."
[[sentences]]
part = "action"
text = "I fixed it."
"#,
        )
        .unwrap();
        assert_eq!(f.word_labels().len(), 10);
        assert_eq!(f.text(), "So last year I was the PM. I fixed it.");
    }
}

//! STAR analysis of an answer transcript.
//!
//! tokens → sentences → per-sentence STAR part (rules + Viterbi) → numbers, fillers, stats →
//! flags. Pure functions, no I/O: the practice loop, the `analyze` command and the review
//! pages all call [`analyze_transcript`] or [`analyze_text`].

pub mod eval;
pub mod fillers;
pub mod flags;
pub mod numbers;
pub mod sentences;
pub mod star;
pub mod star_model;
pub mod stats;
pub mod tokens;
pub mod train;

use crate::types::{Analysis, AnalysisInput, NumberMention, Part, PartSpan, Sentence, Transcript};
use star_model::StarModel;
use std::ops::Range;
use tokens::Token;

/// Default answer length a panel expects (seconds).
pub const DEFAULT_TIME_LIMIT_S: f64 = 120.0;

#[derive(Debug, Clone, PartialEq)]
pub struct AnalyzeOptions {
    /// The question that was asked, echoed into the analysis.
    pub question: Option<String>,
    /// Answers longer than this get `over_time` (needs timing).
    pub time_limit_s: f64,
}

impl Default for AnalyzeOptions {
    fn default() -> Self {
        Self {
            question: None,
            time_limit_s: DEFAULT_TIME_LIMIT_S,
        }
    }
}

/// Analyses a transcript, using whisper's word times when it has them.
pub fn analyze_transcript(t: &Transcript, input: AnalysisInput, opts: &AnalyzeOptions) -> Analysis {
    analyze_transcript_with(t, input, opts, StarModel::shipped())
}

/// Analyses plain text (no timing: shares are by words, times are null).
pub fn analyze_text(text: &str, input: AnalysisInput, opts: &AnalyzeOptions) -> Analysis {
    analyze_text_with(text, input, opts, StarModel::shipped())
}

/// [`analyze_transcript`] with other segmenter weights (evaluation and training).
pub fn analyze_transcript_with(
    t: &Transcript,
    input: AnalysisInput,
    opts: &AnalyzeOptions,
    model: &StarModel,
) -> Analysis {
    let toks = tokens::from_transcript(t);
    let duration = (t.duration_s.is_finite() && t.duration_s > 0.0).then_some(t.duration_s);
    analyze_tokens(toks, input, opts, duration, model)
}

/// [`analyze_text`] with other segmenter weights (evaluation and training).
pub fn analyze_text_with(
    text: &str,
    input: AnalysisInput,
    opts: &AnalyzeOptions,
    model: &StarModel,
) -> Analysis {
    analyze_tokens(tokens::from_text(text), input, opts, None, model)
}

/// What the segmenter sees of a text or transcript, for training: per sentence, its features
/// and how many whitespace-separated words it has (the unit [`token_parts`] labels by).
pub fn segmenter_view(
    text_or_transcript: Result<&str, &Transcript>,
) -> Vec<(Vec<star::Feature>, usize)> {
    let toks = match text_or_transcript {
        Ok(text) => tokens::from_text(text),
        Err(t) => tokens::from_transcript(t),
    };
    let prep = prepare(&toks);
    let feats = star::answer_features(&prep.features);
    prep.units
        .iter()
        .zip(feats)
        .map(|(r, f)| (f, join_tokens(&toks[r.clone()]).split_whitespace().count()))
        .collect()
}

/// Sentences, number mentions and the segmenter's per-sentence input.
struct Prepared<'a> {
    units: Vec<Range<usize>>,
    mentions: Vec<numbers::Mention>,
    unit_of: Vec<usize>,
    features: Vec<star::UnitFeatures<'a>>,
}

fn prepare(toks: &[Token]) -> Prepared<'_> {
    let units = sentences::split(toks);
    let mentions = numbers::find(toks);
    let mut has_number = vec![false; units.len()];
    let mut unit_of = vec![0usize; toks.len()];
    for (u, r) in units.iter().enumerate() {
        for t in r.clone() {
            unit_of[t] = u;
        }
    }
    for m in &mentions {
        if let Some(&u) = unit_of.get(m.tokens.start) {
            has_number[u] = true;
        }
    }
    let features: Vec<star::UnitFeatures> = units
        .iter()
        .zip(&has_number)
        .map(|(r, &n)| {
            let words: Vec<&str> = toks[r.clone()]
                .iter()
                .map(|t| t.norm.as_str())
                .filter(|w| !w.is_empty())
                .collect();
            star::UnitFeatures {
                len: words.len(),
                words,
                has_number: n,
            }
        })
        .collect();
    Prepared {
        units,
        mentions,
        unit_of,
        features,
    }
}

/// Everything the flag rules need to look at, with helpers that map units to text and time.
pub(crate) struct Ctx<'a> {
    pub tokens: &'a [Token],
    pub units: &'a [Range<usize>],
    pub parts: &'a [Part],
    pub numbers: &'a [numbers::Mention],
    pub fillers: &'a [Range<usize>],
    /// Token index → unit index.
    pub unit_of: Vec<usize>,
    pub timed: bool,
    pub duration_s: Option<f64>,
}

impl Ctx<'_> {
    pub fn unit_text(&self, u: usize) -> String {
        join_tokens(&self.tokens[self.units[u].clone()])
    }
    /// Normalized words with spaces around, for phrase lookups.
    pub fn unit_hay(&self, u: usize) -> String {
        let mut s = String::from(" ");
        for t in &self.tokens[self.units[u].clone()] {
            if !t.norm.is_empty() {
                s.push_str(&t.norm);
                s.push(' ');
            }
        }
        s
    }
    pub fn unit_start(&self, u: usize) -> Option<f64> {
        self.tokens[self.units[u].clone()]
            .iter()
            .find_map(|t| t.start_s)
    }
    pub fn unit_end(&self, u: usize) -> Option<f64> {
        self.tokens[self.units[u].clone()]
            .iter()
            .rev()
            .find_map(|t| t.end_s)
    }
    pub fn unit_words(&self, u: usize) -> usize {
        self.tokens[self.units[u].clone()]
            .iter()
            .filter(|t| t.is_word())
            .count()
    }
    pub fn unit_wpm(&self, u: usize) -> Option<f64> {
        let d = self.unit_end(u)? - self.unit_start(u)?;
        (d > 0.5).then(|| self.unit_words(u) as f64 / (d / 60.0))
    }
    pub fn unit_of_token(&self, t: usize) -> Option<usize> {
        self.unit_of.get(t).copied()
    }
    pub fn person_counts(&self, u: usize) -> (usize, usize) {
        stats::person_counts(&self.tokens[self.units[u].clone()])
    }
    pub fn fillers_in(&self, u: usize) -> usize {
        self.fillers
            .iter()
            .filter(|f| self.units[u].contains(&f.start))
            .count()
    }
    /// When the speaker stopped: the last word's end, else the recording length.
    pub fn speech_end(&self) -> Option<f64> {
        stats::speech_span(self.tokens)
            .map(|(_, e)| e)
            .or(self.duration_s)
    }
    pub fn speech_len(&self) -> Option<f64> {
        stats::speech_span(self.tokens).map(|(a, b)| b - a)
    }
}

fn join_tokens(toks: &[Token]) -> String {
    let mut s = String::new();
    for t in toks {
        if !s.is_empty() {
            s.push(' ');
        }
        s.push_str(&t.text);
    }
    s
}

/// Labels every token with the part of its sentence (used by the evaluation and the reports).
pub fn token_parts(a: &Analysis) -> Vec<Option<Part>> {
    a.sentences
        .iter()
        .flat_map(|s| std::iter::repeat(s.part).take(s.text.split_whitespace().count()))
        .collect()
}

fn analyze_tokens(
    toks: Vec<Token>,
    input: AnalysisInput,
    opts: &AnalyzeOptions,
    duration_s: Option<f64>,
    model: &StarModel,
) -> Analysis {
    let Prepared {
        units,
        mentions,
        unit_of,
        features,
    } = prepare(&toks);
    let parts = star::segment(&features, model);
    let fill = fillers::find(&toks, &units);
    let stats_v = stats::compute(&toks, &fill);
    let timed = stats::speech_span(&toks).is_some();
    let ctx = Ctx {
        tokens: &toks,
        units: &units,
        parts: &parts,
        numbers: &mentions,
        fillers: &fill,
        unit_of,
        timed,
        duration_s,
    };

    let sentences_v: Vec<Sentence> = (0..units.len())
        .map(|u| Sentence {
            text: ctx.unit_text(u),
            start_s: ctx.unit_start(u),
            end_s: ctx.unit_end(u),
            part: Some(parts[u]),
        })
        .collect();
    let spans = part_spans(&ctx);
    let missing_parts: Vec<Part> = Part::ALL
        .into_iter()
        .filter(|p| !parts.contains(p))
        .collect();
    let numbers_v: Vec<NumberMention> = mentions
        .iter()
        .map(|m| {
            let u = ctx.unit_of_token(m.tokens.start);
            NumberMention {
                text: join_tokens(&toks[m.tokens.clone()])
                    .trim_end_matches([',', '.', ';', ':', '!', '?', ')', '"'])
                    .trim_start_matches(['(', '"'])
                    .to_string(),
                value: m.value.filter(|v| v.is_finite()),
                kind: m.kind,
                part: u.map(|u| parts[u]),
                start_s: toks[m.tokens.start].start_s,
            }
        })
        .collect();
    let flags_v = flags::compute(&ctx, &spans, &stats_v, opts.time_limit_s);
    Analysis {
        schema: Analysis::SCHEMA.to_string(),
        input,
        question: opts.question.clone(),
        duration_s: duration_s.or_else(|| stats::speech_span(&toks).map(|(_, e)| e)),
        transcript: join_tokens(&toks),
        sentences: sentences_v,
        parts: spans,
        missing_parts,
        numbers: numbers_v,
        flags: flags_v,
        stats: stats_v,
    }
}

/// Contiguous runs of one part. Audio shares are by time (a run lasts until the next run
/// starts, so pauses count toward the part they follow); text shares are by words.
fn part_spans(ctx: &Ctx) -> Vec<PartSpan> {
    let mut runs: Vec<(Part, Range<usize>)> = Vec::new();
    for (u, &p) in ctx.parts.iter().enumerate() {
        match runs.last_mut() {
            Some((lp, r)) if *lp == p => r.end = u + 1,
            _ => runs.push((p, u..u + 1)),
        }
    }
    let total_words: usize = (0..ctx.units.len()).map(|u| ctx.unit_words(u)).sum();
    let span = stats::speech_span(ctx.tokens);
    let mut out = Vec::with_capacity(runs.len());
    for (k, (p, r)) in runs.iter().enumerate() {
        let word_count: usize = r.clone().map(|u| ctx.unit_words(u)).sum();
        let text = r
            .clone()
            .map(|u| ctx.unit_text(u))
            .collect::<Vec<_>>()
            .join(" ");
        let start = r.clone().find_map(|u| ctx.unit_start(u));
        let end = match runs.get(k + 1) {
            Some((_, nr)) => nr.clone().find_map(|u| ctx.unit_start(u)),
            None => r.clone().rev().find_map(|u| ctx.unit_end(u)),
        };
        let duration = match (start, end) {
            (Some(a), Some(b)) if b >= a => Some(stats::round2(b - a)),
            _ => None,
        };
        let share = match (span, duration) {
            (Some((a, b)), Some(d)) if b > a => d / (b - a),
            _ if total_words > 0 => word_count as f64 / total_words as f64,
            _ => 0.0,
        };
        out.push(PartSpan {
            part: *p,
            start_s: start.map(stats::round2),
            end_s: end.map(stats::round2),
            duration_s: duration,
            share: (share * 1000.0).round() / 1000.0,
            word_count,
            text,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::{InputKind, Segment, Word};

    fn text_input() -> AnalysisInput {
        AnalysisInput {
            path: "answer.txt".into(),
            kind: InputKind::Text,
        }
    }

    const GOOD: &str = "At my last job I was the PM for checkout in our European marketplace. \
        Customers were complaining that checkout took twelve seconds and seven percent of carts were abandoned. \
        My job was to get latency under two seconds before the holiday peak. \
        So I pulled the traces and found the image service was the bottleneck. \
        I worked with the infrastructure lead to move images to a CDN, and I ran an A/B test on the new flow. \
        As a result latency dropped to 1.8 seconds and abandonment fell to 3.2 percent, worth $2.4 million a quarter.";

    #[test]
    fn good_answer_has_all_parts_and_no_content_flags() {
        let a = analyze_text(GOOD, text_input(), &AnalyzeOptions::default());
        assert!(a.missing_parts.is_empty(), "{:?}", a.sentences);
        assert!(a.flags.is_empty(), "{:?}", a.flags);
        assert_eq!(a.schema, "mockloop.analysis.v1");
        assert!(a.numbers.iter().any(|n| n.part == Some(Part::Result)));
        let share: f64 = a.parts.iter().map(|p| p.share).sum();
        assert!((share - 1.0).abs() < 0.01);
        assert_eq!(a.duration_s, None);
        assert!(a.parts.iter().all(|p| p.start_s.is_none()));
    }

    #[test]
    fn unquantified_and_vague_result() {
        let t = "At my last job our onboarding was confusing. My goal was to fix it this quarter. \
                 I interviewed customers and I rewrote the setup guide with design. \
                 In the end it was a huge improvement and customers were much happier.";
        let a = analyze_text(t, text_input(), &AnalyzeOptions::default());
        assert!(a.has_flag("unquantified_result"), "{:?}", a.flags);
        assert!(a.has_flag("vague_result"), "{:?}", a.flags);
        let f = a.flags.iter().find(|f| f.code == "vague_result").unwrap();
        assert!(f.quote.as_deref().unwrap().contains("huge improvement"));
    }

    #[test]
    fn empty_and_one_word_inputs_do_not_panic() {
        let a = analyze_text("", text_input(), &AnalyzeOptions::default());
        assert_eq!(a.missing_parts.len(), 4);
        assert_eq!(a.stats.words, 0);
        let a = analyze_text("Hello", text_input(), &AnalyzeOptions::default());
        assert_eq!(a.sentences.len(), 1);
        assert_eq!(a.missing_parts.len(), 3);
    }

    /// `n` words of GOOD, one every `gap` seconds, as a transcript.
    fn timed(n: usize, gap: f64) -> Transcript {
        let words: Vec<Word> = GOOD
            .split_whitespace()
            .cycle()
            .take(n)
            .enumerate()
            .map(|(k, w)| Word {
                text: format!(" {w}"),
                start_s: k as f64 * gap,
                end_s: k as f64 * gap + gap * 0.8,
                probability: 0.9,
            })
            .collect();
        let end = n as f64 * gap;
        let seg = Segment {
            text: words.iter().map(|w| w.text.as_str()).collect(),
            start_s: 0.0,
            end_s: end,
            words,
        };
        Transcript::from_segments(vec![seg], end, "tiny.en", "en")
    }

    #[test]
    fn a_short_rushed_answer_is_too_fast_but_a_few_seconds_get_no_rate_flags() {
        let input = || AnalysisInput {
            path: "a.wav".into(),
            kind: InputKind::Audio,
        };
        let codes = |t: &Transcript| -> Vec<String> {
            analyze_transcript(t, input(), &AnalyzeOptions::default())
                .flags
                .into_iter()
                .map(|f| f.code)
                .collect()
        };
        // 47 words in 14 s: about 200 words a minute.
        assert!(codes(&timed(47, 0.3)).contains(&"too_fast".to_string()));
        // 20 words in 6 s: too little speech to judge the pace.
        assert!(!codes(&timed(20, 0.3)).contains(&"too_fast".to_string()));
    }

    #[test]
    fn audio_gets_times_and_over_time() {
        // 300 words at 2 words a second: 150 s against a 120 s limit.
        let words: Vec<Word> = GOOD
            .split_whitespace()
            .cycle()
            .take(300)
            .enumerate()
            .map(|(k, w)| Word {
                text: format!(" {w}"),
                start_s: k as f64 * 0.5,
                end_s: k as f64 * 0.5 + 0.4,
                probability: 0.9,
            })
            .collect();
        let seg = Segment {
            text: words.iter().map(|w| w.text.as_str()).collect(),
            start_s: 0.0,
            end_s: 150.0,
            words,
        };
        let t = Transcript::from_segments(vec![seg], 150.0, "tiny.en", "en");
        let input = AnalysisInput {
            path: "a.wav".into(),
            kind: InputKind::Audio,
        };
        let a = analyze_transcript(&t, input, &AnalyzeOptions::default());
        assert_eq!(a.duration_s, Some(150.0));
        assert!(a.sentences.iter().all(|s| s.start_s.is_some()));
        let f = a
            .flags
            .iter()
            .find(|f| f.code == "over_time")
            .expect("over_time");
        assert_eq!(f.start_s, Some(120.0));
        assert!(f.quote.is_some());
        // 300 words from 0 s to 149.9 s.
        assert_eq!(a.stats.wpm, Some(120.1));
        let share: f64 = a.parts.iter().map(|p| p.share).sum();
        assert!((share - 1.0).abs() < 0.01);
    }

    #[test]
    fn token_parts_cover_every_word() {
        let a = analyze_text(GOOD, text_input(), &AnalyzeOptions::default());
        assert_eq!(token_parts(&a).len(), GOOD.split_whitespace().count());
    }
}

//! Property tests ("fuzzing") for the text analyzer: no input may panic, and the output keeps
//! its invariants. `PROPTEST_CASES=20000 cargo test --test analysis_fuzz` for a longer run.

use mockloop::analysis::{analyze_text, analyze_transcript, token_parts, AnalyzeOptions};
use mockloop::report;
use mockloop::types::{AnalysisInput, InputKind, Segment, Transcript, Word};
use proptest::prelude::*;

fn input(kind: InputKind) -> AnalysisInput {
    AnalysisInput {
        path: "fuzz".into(),
        kind,
    }
}

/// Words that exercise the number, filler, marker and cue rules.
const VOCAB: &[&str] = &[
    "so",
    "I",
    "we",
    "our",
    "and",
    "then",
    "the",
    "result",
    "in",
    "end",
    "my",
    "job",
    "was",
    "to",
    "12",
    "$2.4M",
    "85%",
    "twelve",
    "percent",
    "two",
    "point",
    "four",
    "million",
    "dollars",
    "three",
    "hundred",
    "basis",
    "points",
    "from",
    "to",
    "10-15%",
    "a",
    "third",
    "half",
    "cut",
    "doubled",
    "3x",
    "times",
    "faster",
    "one",
    "of",
    "um,",
    "uh",
    "like,",
    "you",
    "know",
    "kind",
    "sort",
    "basically",
    "actually,",
    "I'm",
    "we're",
    "2019",
    "Q3",
    "-",
    ".",
    "?",
    "...",
    ",",
    "e.g.",
    "significant",
    "improvement",
    "huge",
    "impact",
    "learned",
    "as",
    "result,",
    "—",
    "ünïcödé",
    "😀",
    "\u{0}",
    "point.",
    "and.",
    "hundreds",
    "dozen",
    "between",
    "or",
];

fn vocab_text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(VOCAB), 0..200).prop_map(|w| w.join(" "))
}

fn check(text: &str) {
    let a = analyze_text(text, input(InputKind::Text), &AnalyzeOptions::default());
    let joined = a
        .sentences
        .iter()
        .map(|s| s.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    assert_eq!(joined, a.transcript);
    assert_eq!(token_parts(&a).len(), text.split_whitespace().count());
    if a.stats.words > 0 {
        let share: f64 = a.parts.iter().map(|p| p.share).sum();
        assert!((share - 1.0).abs() < 0.01, "shares add to {share}");
    }
    for n in &a.numbers {
        assert!(
            a.transcript.contains(&n.text),
            "number {:?} not in transcript",
            n.text
        );
        assert!(n.value.map_or(true, f64::is_finite));
    }
    for f in &a.flags {
        assert!(
            f.quote.is_some() || a.sentences.is_empty(),
            "{f:?} has no quote"
        );
    }
    let _ = report::text::render(&a, true);
    let _ = report::markdown::render(&a);
    let _ = report::html::render(&a);
    serde_json::to_string(&a).expect("serialises");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn arbitrary_text_never_panics(s in any::<String>()) {
        check(&s);
    }

    #[test]
    fn answer_like_text_keeps_invariants(s in vocab_text()) {
        check(&s);
    }

    #[test]
    fn arbitrary_timings_never_panic(
        words in prop::collection::vec(
            (prop::sample::select(VOCAB), any::<f64>(), any::<f64>()), 0..120),
        duration in any::<f64>(),
        limit in any::<f64>(),
    ) {
        let words: Vec<Word> = words
            .into_iter()
            .map(|(t, s, e)| Word { text: t.to_string(), start_s: s, end_s: e, probability: 0.5 })
            .collect();
        let seg = Segment { text: String::new(), start_s: 0.0, end_s: 1.0, words };
        let t = Transcript::from_segments(vec![seg], duration, "m", "en");
        let opts = AnalyzeOptions { question: None, time_limit_s: limit };
        let a = analyze_transcript(&t, input(InputKind::Audio), &opts);
        let _ = report::text::render(&a, false);
        for f in &a.flags {
            prop_assert!(f.start_s.map_or(true, f64::is_finite));
        }
    }
}

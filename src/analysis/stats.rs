//! Delivery statistics: words, pace, fillers, I-vs-we, pauses.

use super::tokens::Token;
use crate::types::Stats;
use std::ops::Range;

pub const I_WORDS: &[&str] = &[
    "i", "my", "me", "i'm", "i've", "i'd", "i'll", "myself", "mine",
];
pub const WE_WORDS: &[&str] = &[
    "we",
    "our",
    "us",
    "we're",
    "we've",
    "we'd",
    "we'll",
    "ourselves",
    "ours",
    "let's",
];

/// (I-words, we-words) among the tokens.
pub fn person_counts(tokens: &[Token]) -> (usize, usize) {
    let i = tokens
        .iter()
        .filter(|t| I_WORDS.contains(&t.norm.as_str()))
        .count();
    let we = tokens
        .iter()
        .filter(|t| WE_WORDS.contains(&t.norm.as_str()))
        .count();
    (i, we)
}

/// Time from the first word's start to the last word's end, when the tokens carry times.
pub fn speech_span(tokens: &[Token]) -> Option<(f64, f64)> {
    let first = tokens.iter().find_map(|t| t.start_s)?;
    let last = tokens.iter().rev().find_map(|t| t.end_s)?;
    (last > first).then_some((first, last))
}

pub fn compute(tokens: &[Token], fillers: &[Range<usize>]) -> Stats {
    let words = tokens.iter().filter(|t| t.is_word()).count();
    let minutes = speech_span(tokens).map(|(a, b)| (b - a) / 60.0);
    let (i_count, we_count) = person_counts(tokens);
    let longest_pause_s = speech_span(tokens).map(|_| {
        tokens
            .windows(2)
            .filter_map(|w| Some(w[1].start_s? - w[0].end_s?))
            .fold(0.0f64, f64::max)
    });
    Stats {
        words,
        wpm: minutes.map(|m| round1(words as f64 / m)),
        fillers: fillers.len(),
        fillers_per_min: minutes.map(|m| round1(fillers.len() as f64 / m)),
        i_count,
        we_count,
        longest_pause_s: longest_pause_s.map(round2),
    }
}

pub fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

pub fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::tokens::from_text;

    #[test]
    fn counts_people_and_words() {
        let toks = from_text("We shipped it, and I wrote our plan — my call.");
        let s = compute(&toks, &[]);
        assert_eq!(s.words, 10);
        assert_eq!((s.i_count, s.we_count), (2, 2));
        assert_eq!(s.wpm, None);
        assert_eq!(s.longest_pause_s, None);
    }

    #[test]
    fn pace_and_pauses_from_times() {
        let toks: Vec<Token> = (0..120)
            .map(|k| {
                let s = k as f64 * 0.5 + if k >= 60 { 2.0 } else { 0.0 };
                Token::new("word", Some(s), Some(s + 0.4))
            })
            .collect();
        let s = compute(&toks, &[0..1, 5..6]);
        // 120 words over 61.9 s
        assert!((s.wpm.unwrap() - 116.3).abs() < 0.2, "{:?}", s.wpm);
        assert!((s.longest_pause_s.unwrap() - 2.1).abs() < 1e-9);
        assert!((s.fillers_per_min.unwrap() - 1.9).abs() < 1e-9);
    }
}

//! Word tokens: the unit every other analysis step indexes into.
//!
//! Text input is split on whitespace; audio input takes whisper's words (with their times).
//! Keeping one flat token list lets sentences, numbers and fillers refer to words by index,
//! and lets evaluation compare labels word by word.

use crate::types::Transcript;

#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    /// The word as written/transcribed, punctuation included.
    pub text: String,
    /// Lowercase, straight apostrophes, surrounding punctuation removed (keeps `$`, `%`, `€`, `£`).
    pub norm: String,
    pub start_s: Option<f64>,
    pub end_s: Option<f64>,
}

impl Token {
    pub fn new(text: &str, start_s: Option<f64>, end_s: Option<f64>) -> Self {
        Token {
            norm: normalize(text),
            text: text.to_string(),
            start_s,
            end_s,
        }
    }

    /// Does the written word end a sentence (`.`, `!`, `?`, ellipsis excluded)?
    pub fn ends_sentence(&self) -> bool {
        let t = self.text.trim_end_matches(['"', '\'', ')', '”', '’']);
        if t.ends_with("...") || t.ends_with('…') {
            return false;
        }
        if !(t.ends_with('.') || t.ends_with('!') || t.ends_with('?')) {
            return false;
        }
        // Abbreviations that end in a dot but rarely end a sentence.
        !matches!(
            self.norm.as_str(),
            "e.g" | "i.e" | "mr" | "mrs" | "ms" | "dr" | "vs" | "etc" | "approx" | "st" | "jr"
        ) || t.ends_with('?')
            || t.ends_with('!')
    }

    /// Comma, semicolon, colon or dash right after the word (a clause boundary in writing).
    pub fn ends_clause(&self) -> bool {
        let t = self.text.trim_end_matches(['"', '\'', ')', '”', '’']);
        t.ends_with(',')
            || t.ends_with(';')
            || t.ends_with(':')
            || t.ends_with('—')
            || t.ends_with('–')
    }

    /// True if the token has letters or digits (not a lone dash or punctuation).
    pub fn is_word(&self) -> bool {
        self.norm.chars().any(|c| c.is_alphanumeric())
    }
}

/// Does `hay` (" w1 w2 ... ") hold the phrase as whole words?
pub fn has_phrase(hay: &str, phrase: &str) -> bool {
    // A match must have a space on both sides (word boundaries).
    let phrase = phrase.trim_end_matches(',');
    hay.match_indices(phrase)
        .any(|(i, _)| hay[..i].ends_with(' ') && hay[i + phrase.len()..].starts_with(' '))
}

/// A unit that measures a stretch of time in planning terms ("six weeks", "a quarter").
pub fn is_duration_word(w: &str) -> bool {
    matches!(
        w,
        "day"
            | "days"
            | "week"
            | "weeks"
            | "month"
            | "months"
            | "quarter"
            | "quarters"
            | "year"
            | "years"
            | "sprint"
            | "sprints"
    )
}

/// A month, a season or Christmas: a point in the calendar ("by october", "over the summer").
pub fn is_calendar_word(w: &str) -> bool {
    matches!(
        w,
        "january"
            | "february"
            | "march"
            | "april"
            | "may"
            | "june"
            | "july"
            | "august"
            | "september"
            | "october"
            | "november"
            | "december"
            | "spring"
            | "summer"
            | "autumn"
            | "fall"
            | "winter"
            | "christmas"
    )
}

/// Lowercases and strips punctuation around a word, keeping what numbers need.
pub fn normalize(word: &str) -> String {
    let lower: String = word
        .chars()
        .map(|c| match c {
            '’' | '‘' | '`' => '\'',
            '–' | '—' => '-',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect();
    let keep_start = |c: char| c.is_alphanumeric() || matches!(c, '$' | '€' | '£');
    let keep_end = |c: char| c.is_alphanumeric() || c == '%';
    let start = lower.find(keep_start).unwrap_or(lower.len());
    let trimmed = &lower[start..];
    let end = trimmed
        .char_indices()
        .rev()
        .find(|&(_, c)| keep_end(c))
        .map(|(i, c)| i + c.len_utf8())
        .unwrap_or(0);
    trimmed[..end].to_string()
}

/// Splits plain text into tokens without timing.
pub fn from_text(text: &str) -> Vec<Token> {
    text.split_whitespace()
        .map(|w| Token::new(w, None, None))
        .collect()
}

/// "about$410,000" (older transcripts glued a currency sign to the word before) is two words.
/// Only for transcripts: typed text keeps one token per whitespace word.
fn unglue_currency(w: &str) -> impl Iterator<Item = &str> {
    let cut = w.char_indices().find_map(|(i, c)| {
        (matches!(c, '$' | '€' | '£') && w[..i].chars().last().is_some_and(char::is_alphabetic))
            .then_some(i)
    });
    let (a, b) = match cut {
        Some(i) => (&w[..i], Some(&w[i..])),
        None => (w, None),
    };
    std::iter::once(a).chain(b)
}

/// Tokens of a transcript: whisper words with times when present, else segment text with
/// times spread over the segment by character length, else the plain text.
pub fn from_transcript(t: &Transcript) -> Vec<Token> {
    if !t.words.is_empty() {
        let mut out: Vec<Token> = Vec::with_capacity(t.words.len());
        for w in &t.words {
            let (s, e) = sane_span(w.start_s, w.end_s);
            for text in unglue_currency(w.text.trim()) {
                push_transcript_word(&mut out, text, s, e);
            }
        }
        return out;
    }

    if !t.segments.is_empty() {
        let mut out = Vec::new();
        for seg in &t.segments {
            let words: Vec<&str> = seg
                .text
                .split_whitespace()
                .flat_map(unglue_currency)
                .collect();
            let total: usize = words.iter().map(|w| w.chars().count() + 1).sum();
            let (s0, e0) = sane_span(seg.start_s, seg.end_s);
            let mut acc = 0usize;
            for w in words {
                let len = w.chars().count() + 1;
                let (s, e) = match (s0, e0) {
                    (Some(a), Some(b)) if total > 0 => {
                        let span = b - a;
                        (
                            Some(a + span * acc as f64 / total as f64),
                            Some(a + span * (acc + len) as f64 / total as f64),
                        )
                    }
                    _ => (None, None),
                };
                acc += len;
                out.push(Token::new(w, s, e));
            }
        }
        return out;
    }
    from_text(&t.text)
}

fn push_transcript_word(out: &mut Vec<Token>, text: &str, s: Option<f64>, e: Option<f64>) {
    if text.is_empty() {
        return;
    }
    // Whisper emits some pieces as their own "word": punctuation, ".8" after "1", "%",
    // "'s", "-page". A word that starts with such a mark continues the previous one.
    let glue =
        text.chars().next().is_some_and(|c| {
            !c.is_alphanumeric() && !matches!(c, '$' | '€' | '£' | '(' | '"' | '“')
        }) && !out.is_empty();
    if glue {
        let prev = out.last_mut().expect("checked non-empty");
        prev.text.push_str(text);
        prev.norm = normalize(&prev.text);
        if let Some(e) = e {
            prev.end_s = Some(prev.end_s.map_or(e, |pe| pe.max(e)));
        }
    } else {
        out.push(Token::new(text, s, e));
    }
}

/// Drops times that are not finite or run backwards (bad JSON must not poison the maths).
fn sane_span(s: f64, e: f64) -> (Option<f64>, Option<f64>) {
    if s.is_finite() && e.is_finite() && s >= 0.0 && e >= s {
        (Some(s), Some(e))
    } else {
        (None, None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::{Segment, Word};

    #[test]
    fn normalize_keeps_number_marks() {
        assert_eq!(normalize("$2.4M,"), "$2.4m");
        assert_eq!(normalize("85%."), "85%");
        assert_eq!(normalize("\"Hello!\""), "hello");
        assert_eq!(normalize("don’t"), "don't");
        assert_eq!(normalize("..."), "");
    }

    #[test]
    fn sentence_ends() {
        assert!(Token::new("done.", None, None).ends_sentence());
        assert!(Token::new("why?", None, None).ends_sentence());
        assert!(!Token::new("e.g.", None, None).ends_sentence());
        assert!(!Token::new("so...", None, None).ends_sentence());
        assert!(!Token::new("$2.4", None, None).ends_sentence());
    }

    #[test]
    fn a_currency_sign_glued_to_a_word_starts_a_new_one() {
        let t = Transcript {
            text: "at about$410,000 and $2.4M".into(),
            words: ["at", "about$410,000", "and", "$2.4M"]
                .iter()
                .enumerate()
                .map(|(i, w)| Word {
                    text: (*w).into(),
                    start_s: i as f64,
                    end_s: i as f64 + 0.5,
                    probability: 0.9,
                })
                .collect(),
            schema: Transcript::SCHEMA.into(),
            duration_s: 4.0,
            model: "m".into(),
            language: "en".into(),
            segments: vec![],
        };
        let norms: Vec<String> = from_transcript(&t).into_iter().map(|t| t.norm).collect();
        assert_eq!(norms, ["at", "about", "$410,000", "and", "$2.4m"]);
        // Typed text keeps one token per word.
        assert_eq!(from_text("at about$410,000").len(), 2);
    }

    #[test]
    fn transcript_words_glue_punctuation() {
        let w = |t: &str, s: f64| Word {
            text: t.into(),
            start_s: s,
            end_s: s + 0.2,
            probability: 0.9,
        };
        let t = Transcript::from_segments(
            vec![Segment {
                text: "Hi there.".into(),
                start_s: 0.0,
                end_s: 1.0,
                words: vec![
                    w(" Hi", 0.0),
                    w(" there", 0.3),
                    w(".", 0.5),
                    w(" 1", 0.8),
                    w(".8", 0.9),
                    w(" $2", 1.0),
                ],
            }],
            1.0,
            "m",
            "en",
        );
        let toks = from_transcript(&t);
        assert_eq!(toks.len(), 4);
        assert_eq!(toks[1].text, "there.");
        assert_eq!(toks[1].end_s, Some(0.7));
        assert_eq!(toks[2].text, "1.8");
        assert_eq!(toks[3].text, "$2");
    }

    #[test]
    fn segments_without_words_get_spread_times() {
        let t = Transcript {
            schema: Transcript::SCHEMA.into(),
            text: "a b".into(),
            duration_s: 2.0,
            model: "m".into(),
            language: "en".into(),
            segments: vec![Segment {
                text: "one two".into(),
                start_s: 0.0,
                end_s: 2.0,
                words: vec![],
            }],
            words: vec![],
        };
        let toks = from_transcript(&t);
        assert_eq!(toks.len(), 2);
        assert_eq!(toks[0].start_s, Some(0.0));
        assert!((toks[1].end_s.unwrap() - 2.0).abs() < 1e-9);
    }
}

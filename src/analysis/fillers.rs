//! Filler words, counted conservatively: a word that is only sometimes a filler ("like",
//! "actually", "kind of") counts only where its grammar says it is filling, so a clean answer
//! is never marked down for ordinary English. The rules are listed in docs/analysis.md.

use super::tokens::Token;
use std::ops::Range;

/// Always fillers.
const PURE: &[&str] = &[
    "um", "umm", "uh", "uhh", "uhm", "er", "erm", "ah", "hmm", "hm", "mm",
];

/// Is this (normalised) word a sound that is never anything but a filler ("um", "uh")?
pub fn is_pure(word: &str) -> bool {
    PURE.contains(&word)
}

/// Words before "kind of"/"sort of" that make it a noun phrase ("what kind of", "a sort of").
const KIND_NOUN_BEFORE: &[&str] = &[
    "a",
    "an",
    "the",
    "this",
    "that",
    "these",
    "those",
    "what",
    "which",
    "any",
    "some",
    "every",
    "each",
    "same",
    "other",
    "different",
    "all",
    "no",
    "one",
    "our",
    "my",
    "their",
    "whatever",
    "right",
    "wrong",
    "new",
    "only",
    "particular",
    "that's",
    "its",
];

/// Before "you know", these make it a real question or clause ("do you know", "as you know").
const YOU_KNOW_REAL_BEFORE: &[&str] = &[
    "do", "did", "don't", "didn't", "if", "as", "would", "will", "to", "let", "i'd", "you'll",
    "might", "could", "should", "i", "whether", "can", "because", "so", "that",
];
/// After "you know", these make it a real verb with an object ("you know what happened").
const YOU_KNOW_REAL_AFTER: &[&str] = &[
    "what", "how", "why", "where", "who", "whether", "when", "if", "about", "him", "her", "them",
    "me", "us", "it", "that", "this", "the",
];

/// Returns the token span of every filler, in order.
pub fn find(tokens: &[Token], units: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for u in units {
        let toks = &tokens[u.clone()];
        let w = |k: usize| toks.get(k).map(|t| t.norm.as_str()).unwrap_or("");
        let pause_after = |k: usize| toks.get(k).is_some_and(|t| t.ends_clause());
        let pause_before = |k: usize| k == 0 || toks[k - 1].ends_clause();
        let mut k = 0;
        while k < toks.len() {
            let cur = w(k);
            let prev = if k > 0 { w(k - 1) } else { "" };
            let next = w(k + 1);
            let hit_len = if PURE.contains(&cur) {
                1
            } else if cur == "you" && next == "know" {
                let real = YOU_KNOW_REAL_BEFORE.contains(&prev)
                    || (YOU_KNOW_REAL_AFTER.contains(&w(k + 2)) && !pause_after(k + 1));
                if real {
                    0
                } else {
                    2
                }
            } else if cur == "i" && next == "mean" {
                // "I mean," or "I mean" opening a sentence; not "I mean it" / "what I mean is".
                let real = matches!(w(k + 2), "it" | "that" | "is" | "to") && !pause_after(k + 1)
                    || matches!(prev, "what" | "if");
                if !real && (pause_after(k + 1) || pause_before(k)) {
                    2
                } else {
                    0
                }
            } else if cur == "like" {
                // Only the discourse "like": set off by pauses (", like," / "Like, ...").
                let set_off = (pause_before(k) && pause_after(k))
                    || (k == 0 && pause_after(k))
                    || (pause_before(k) && matches!(next, "um" | "uh"));
                if set_off {
                    1
                } else {
                    0
                }
            } else if (cur == "kind" || cur == "sort") && next == "of" {
                // The hedge ("it was kind of slow"), not the noun ("what kind of tool").
                let noun = KIND_NOUN_BEFORE.contains(&prev)
                    || matches!(
                        w(k + 2),
                        "a" | "an" | "the" | "thing" | "things" | "stuff" | ""
                    )
                    || cur.ends_with('s');
                if noun {
                    0
                } else {
                    2
                }
            } else if cur == "basically" {
                1
            } else if cur == "actually" || cur == "literally" {
                // Counted only as a sentence opener or set off by a pause; mid-clause it can carry
                // meaning ("it actually shipped").
                if pause_before(k) || pause_after(k) || matches!(prev, "so" | "and" | "but") {
                    1
                } else {
                    0
                }
            } else {
                0
            };
            if hit_len > 0 {
                out.push(u.start + k..u.start + k + hit_len);
                k += hit_len;
            } else {
                k += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{sentences, tokens::from_text};

    fn count(s: &str) -> usize {
        let toks = from_text(s);
        let units = sentences::split(&toks);
        find(&toks, &units).len()
    }

    #[test]
    fn pure_fillers() {
        assert_eq!(count("Um, so I, uh, fixed it. Hmm."), 3);
    }

    #[test]
    fn like_only_as_filler() {
        assert_eq!(count("I'd like to say it looks like a win."), 0);
        assert_eq!(count("It was like a nightmare."), 0);
        assert_eq!(count("We were, like, totally stuck."), 1);
        assert_eq!(count("Like, nobody owned it."), 1);
    }

    #[test]
    fn you_know_and_i_mean() {
        assert_eq!(count("Do you know what happened?"), 0);
        assert_eq!(count("It was, you know, hard."), 1);
        assert_eq!(count("I mean, it was fine."), 1);
        assert_eq!(count("I mean it when I say that."), 0);
    }

    #[test]
    fn hedges() {
        assert_eq!(count("It was kind of slow."), 1);
        assert_eq!(count("What kind of tool was it?"), 0);
        assert_eq!(count("I built a sort of dashboard."), 0);
        assert_eq!(count("That kind of thing happens."), 0);
    }

    #[test]
    fn basically_and_actually() {
        assert_eq!(count("Basically we rewrote it."), 1);
        assert_eq!(count("It actually shipped on time."), 0);
        assert_eq!(count("Actually, it shipped."), 1);
    }
}

//! What the words of a sentence say beyond cue phrases: action verbs (past and present),
//! time passing, work still under way, number-like words, and whole-word phrase matching.

use super::cues::SKIP;
use crate::analysis::tokens::{is_calendar_word, is_duration_word};

/// Past-tense verbs that describe doing something (not being or having).
pub(super) const IRREGULAR_PAST: &[&str] = &[
    "built",
    "wrote",
    "ran",
    "met",
    "set",
    "made",
    "took",
    "led",
    "brought",
    "went",
    "sat",
    "spoke",
    "told",
    "found",
    "got",
    "gave",
    "drove",
    "kept",
    "sent",
    "began",
    "chose",
    "put",
    "cut",
    "spent",
    "sought",
    "bought",
    "dug",
    "held",
    "split",
    "shut",
    "rebuilt",
    "rewrote",
    "undertook",
    "thought",
    "paid",
    "laid",
    "caught",
    "taught",
    "fought",
    "stood",
    "left",
    "won",
];

/// "-ed" words that are not actions by the speaker.
pub(super) const NOT_ACTION_ED: &[&str] = &[
    "needed",
    "wanted",
    "learned",
    "realized",
    "realised",
    "noticed",
    "used",
    "seemed",
    "happened",
    "tasked",
    "asked",
    "supposed",
    "expected",
    "assigned",
    "responsible",
    "based",
    "called",
    "named",
    "worked",
    "started",
    "involved",
    "owned",
    "hired",
    "promoted",
    "loved",
    "reduced",
    "increased",
    "improved",
    "dropped",
    "decreased",
    "doubled",
    "tripled",
    "saved",
    "succeeded",
    "exceeded",
    "achieved",
    "renewed",
    "retained",
    "ended",
    "resulted",
    "impressed",
    "excited",
    "thrilled",
    "interested",
    "concerned",
    "worried",
    "frustrated",
    "stressed",
    "tired",
    "shocked",
    "surprised",
    "pleased",
    "satisfied",
    "missed",
    "lacked",
    "tried",
];

pub(super) fn is_action_verb(w: &str) -> bool {
    if IRREGULAR_PAST.contains(&w) {
        return true;
    }
    w.len() > 4 && w.ends_with("ed") && !NOT_ACTION_ED.contains(&w)
}

/// Action verbs in the present ("I take", "she shows" is not counted: the subject is I/we).
/// Not "work", "manage", "lead", "own": "I work at a bank" sets the scene.
pub(super) const PRESENT_ACTION: &[&str] = &[
    "take", "go", "call", "ask", "tell", "say", "show", "put", "make", "build", "write", "send",
    "meet", "start", "check", "look", "pull", "set", "bring", "sit", "find", "give", "try", "move",
    "change", "create", "prepare", "explain", "fix", "test", "review", "propose", "analyze",
    "analyse", "split", "push", "talk", "organize", "organise", "schedule", "contact", "correct",
    "adjust", "collect", "decide", "escalate", "offer", "present", "rewrite",
];

pub(super) fn is_present_action(w: &str) -> bool {
    PRESENT_ACTION.contains(&w)
        || w.strip_suffix('s').is_some_and(|b| {
            PRESENT_ACTION.contains(&b)
                || b.strip_suffix('e')
                    .is_some_and(|b| PRESENT_ACTION.contains(&b))
        })
}

/// Other words that name a stretch or a point in time (with `is_duration_word` and
/// `is_calendar_word`).
const TIME_WORDS: &[&str] = &[
    "season", "q1", "q2", "q3", "q4", "launch", "deadline", "holidays",
];

fn is_time_word(w: &str) -> bool {
    TIME_WORDS.contains(&w) || is_duration_word(w) || is_calendar_word(w)
}

/// Does the sentence open by letting time pass ("By December", "Within a month", "Two weeks
/// later", "Over the next quarter")? Speakers start their outcome that way far
/// more often than their actions.
pub(super) fn time_lapse(words: &[&str]) -> bool {
    let head: Vec<&str> = words.iter().take(6).copied().collect();
    let time_at = |k: usize| head.get(k).is_some_and(|w| is_time_word(w));
    let first = head.first().copied().unwrap_or("");
    // "by/within/over/after [the|a|about|next|following|N] <time>"
    if matches!(first, "by" | "within" | "over" | "after") {
        return (1..5).any(time_at);
    }
    // "<N> <time> later", "a few months later"
    head.windows(2)
        .any(|p| is_time_word(p[0]) && p[1] == "later")
}

pub(super) use crate::analysis::tokens::has_phrase;

/// Does `head` (" w1 w2 ... ") start with the phrase as whole words?
pub(super) fn starts_with_phrase(head: &str, phrase: &str) -> bool {
    let phrase = phrase.trim_end_matches(',');
    head.strip_prefix(' ')
        .and_then(|h| h.strip_prefix(phrase))
        .is_some_and(|rest| rest.starts_with(' '))
}

/// The sentence's words without fillers, "you know"/"I mean", and stutters ("I, I went").
pub(super) fn clean<'a>(words: &[&'a str]) -> Vec<&'a str> {
    let mut out: Vec<&'a str> = Vec::with_capacity(words.len());
    let mut k = 0;
    while k < words.len() {
        let w = words[k];
        let next = words.get(k + 1).copied().unwrap_or("");
        if SKIP.contains(&w) {
            k += 1;
            continue;
        }
        if (w == "you" && next == "know") || (w == "i" && next == "mean") {
            k += 2;
            continue;
        }
        if out.last() == Some(&w) && !w.chars().any(|c| c.is_ascii_digit()) {
            k += 1;
            continue;
        }
        out.push(w);
        k += 1;
    }
    out
}

/// Work still under way when the story stops: "we're rolling it out", "I'm prototyping",
/// "we were still working through the fix". An answer that ends there has no result yet.
/// `all` is the sentence as " w1 w2 … " (for phrase matching).
pub(super) fn ongoing(words: &[&str], all: &str) -> bool {
    let progressive = words.iter().enumerate().any(|(k, w)| {
        let be = match *w {
            "i'm" | "we're" | "they're" => true,
            "am" | "are" => k > 0 && matches!(words[k - 1], "i" | "we" | "they"),
            "was" | "were" => words.get(k + 1) == Some(&"still"),
            _ => false,
        };
        // The first word after the verb and any "still"/"now": "we're now rolling".
        be && words[k + 1..]
            .iter()
            .take(3)
            .find(|x| !matches!(**x, "still" | "now" | "currently" | "just" | "also"))
            .is_some_and(|x| x.len() > 4 && x.ends_with("ing"))
    });
    progressive
        || ["at the moment", "right now", "as we speak"]
            .iter()
            .any(|c| has_phrase(all, c))
}

/// Looks like part of a number: digits, or a spoken number word.
pub(super) fn numberish(w: &str) -> bool {
    w.chars().any(|c| c.is_ascii_digit())
        || matches!(
            w,
            "one"
                | "two"
                | "three"
                | "four"
                | "five"
                | "six"
                | "seven"
                | "eight"
                | "nine"
                | "ten"
                | "eleven"
                | "twelve"
                | "fifteen"
                | "twenty"
                | "thirty"
                | "forty"
                | "fifty"
                | "sixty"
                | "seventy"
                | "eighty"
                | "ninety"
                | "hundred"
                | "half"
                | "about"
                | "around"
                | "roughly"
                | "nearly"
                | "almost"
                | "over"
                | "under"
        )
}

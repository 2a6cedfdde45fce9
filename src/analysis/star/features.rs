//! A sentence described as named features (cues, grammar, numbers, position, words): what the
//! model weighs per state.

use super::cues::{
    ANY_CUES, CHANGE_WORDS, CLAUSE_JOINERS, LEAD_NOISE, START_CUES, STATIVE_SUBJ, SUBORDINATE,
    UNFINISHED,
};
use super::grammar::{
    clean, has_phrase, is_action_verb, is_present_action, numberish, ongoing, starts_with_phrase,
    time_lapse,
};
use super::{UnitFeatures, N_STATES};
use crate::analysis::star_model::STATE_NAMES;
use std::collections::HashSet;

/// One observation feature of a sentence: a name and its value (1.0 for a present cue).
pub type Feature = (String, f64);

/// Describes a sentence as named features; the model weighs each one per state.
///
/// Cue features keep the hand-built tables' shape: for each part only the strongest matching
/// sentence-start cue fires, every matching anywhere-cue fires. Grammar, number and position
/// features say who acts, whether a quantity moved, and where in the answer the sentence sits.
pub fn features(u: &UnitFeatures, pos: f64, last: bool) -> Vec<Feature> {
    let mut out: Vec<Feature> = Vec::with_capacity(32);
    let words = clean(&u.words);
    let mut start = 0;
    while start < words.len() && LEAD_NOISE.contains(&words[start]) {
        start += 1;
    }
    let head1 = format!(" {} ", words[start..].join(" "));
    // The same head without a leading "so"/"then", so "so my job was" finds "my job".
    let mut s2 = start;
    while s2 < words.len() && matches!(words[s2], "so" | "then" | "and" | "but") {
        s2 += 1;
    }
    let head2 = format!(" {} ", words[s2..].join(" "));
    let all = format!(" {} ", words.join(" "));

    // Start cues: the strongest matching cue per part counts once.
    let mut best_start: [Option<(&str, f64, f64)>; N_STATES] = [None; N_STATES];
    for &(cue, part, w) in START_CUES {
        let hit = if starts_with_phrase(&head1, cue) {
            1.0
        } else if s2 > start && starts_with_phrase(&head2, cue) {
            0.9
        } else {
            continue;
        };
        if best_start[part].map_or(true, |(_, bw, bv)| w * hit > bw * bv) {
            best_start[part] = Some((cue, w, hit));
        }
    }
    for (cue, _, v) in best_start.iter().flatten() {
        out.push((format!("s:{cue}"), *v));
    }
    // The same cues where a later clause opens ("It wasn't my area, but nobody owned it, so I
    // decided I'd own it"): one feature per part, valued by the strongest cue.
    let mut best_clause = [0.0f64; N_STATES];
    for k in start + 2..words.len() {
        if !CLAUSE_JOINERS.contains(&words[k - 1]) {
            continue;
        }
        let head = format!(" {} ", words[k..].join(" "));
        for &(cue, part, w) in START_CUES {
            if w > best_clause[part] && starts_with_phrase(&head, cue) {
                best_clause[part] = w;
            }
        }
    }
    for (p, w) in best_clause.iter().enumerate() {
        if *w > 0.0 {
            out.push((format!("cs:{}", STATE_NAMES[p]), *w));
        }
    }
    for &(cue, _, _) in ANY_CUES {
        if has_phrase(&all, cue) {
            out.push((format!("a:{cue}"), 1.0));
        }
    }

    // Grammar: who acts, and how.
    let mut i_action = false;
    let mut we_action = false;
    let mut other_past = false;
    let mut stative = false;
    let mut had_change = false;
    let mut modal_future = false;
    let mut i_verb = None;
    let mut present_action = false;
    for (k, w) in words.iter().enumerate() {
        let prev = if k > 0 { words[k - 1] } else { "" };
        let next = words.get(k + 1).copied().unwrap_or("");
        let next2 = words.get(k + 2).copied().unwrap_or("");
        let subj_i = *w == "i";
        let subj_we = *w == "we";
        // "I quickly built", "we then ran"
        let verb = if next.ends_with("ly") || matches!(next, "then" | "also" | "first" | "just") {
            next2
        } else {
            next
        };
        if (subj_i || subj_we) && !SUBORDINATE.contains(&prev) {
            if subj_i && i_verb.is_none() && !verb.is_empty() {
                i_verb = Some(verb);
            }
            // "I decided I would own it" sets the task; "I decided to cut X" is an action.
            let after_verb = words.get(k + 2).copied().unwrap_or("");
            let decided_clause = verb == "decided" && matches!(after_verb, "i" | "we" | "that");
            if is_action_verb(verb) && !decided_clause {
                if subj_i {
                    i_action = true;
                } else {
                    we_action = true;
                }
            }
            // Historical present and non-native tense: "so I go to him", "I take the data".
            if is_present_action(verb) {
                present_action = true;
            }
            if matches!(verb, "would" | "will" | "should") {
                modal_future = true;
            }
        }
        if k <= 4 && !subj_i && !subj_we && is_action_verb(next) && !STATIVE_SUBJ.contains(w) {
            other_past = true;
        }
        if matches!(*w, "was" | "were" | "is" | "are") || (*w == "had" && next != "to") {
            stative = true;
        }
        if *w == "had"
            && (next.ends_with("ed") || matches!(next, "been" | "grown" | "fallen" | "gone"))
        {
            had_change = true;
        }
        if matches!(*w, "i'd" | "i'll") {
            modal_future = true;
        }
    }
    let mut flag = |name: &str, on: bool, v: f64| {
        if on {
            out.push((name.to_string(), v));
        }
    };
    flag("g:i_action", i_action, 1.0);
    flag("g:we_action", we_action, 1.0);
    flag(
        "g:present_action",
        present_action && !i_action && !we_action,
        1.0,
    );
    flag("g:time_lapse", time_lapse(&words[s2..]), 1.0);
    flag("g:stative_only", stative && !i_action && !we_action, 1.0);
    flag("g:had_change", had_change, 1.0);
    flag("g:ongoing", ongoing(&words, &all), 1.0);
    flag(
        "g:unfinished",
        UNFINISHED.iter().any(|c| has_phrase(&all, c)),
        1.0,
    );
    // Future/conditional and someone else's deed weigh more the later they come: "I'd do it
    // earlier next time", "the vendor managers started using it".
    flag("g:modal_late", modal_future, pos);
    flag(
        "g:other_past_late",
        other_past && !i_action && !we_action,
        pos,
    );

    // Numbers: a quantity goes with the outcome, and (less) with the pain that set things up.
    // A change verb, or "from <number>": the number is a movement, not a level.
    let change = CHANGE_WORDS.iter().any(|c| has_phrase(&all, c))
        || words
            .iter()
            .enumerate()
            .any(|(k, w)| *w == "from" && words[k + 1..].iter().take(3).any(|x| numberish(x)));
    let moved = u.has_number && change && !had_change;
    flag("n:moved", moved, 1.0);
    flag("n:level", u.has_number && !moved, 1.0);
    // A quantity in the opening lines is often the headline told first (the hook).
    flag("n:early_moved", moved && pos < 0.12, 1.0);
    flag("n:early_level", u.has_number && !moved && pos < 0.12, 1.0);

    // Position: smooth shapes plus coarse bins the weights can bend.
    flag("p:bias", true, 1.0);
    flag("p:pos", true, pos);
    flag("p:pos_min08", true, pos.min(0.8));
    flag("p:dist02", true, (pos - 0.2).abs());
    flag("p:dist055", true, (pos - 0.55).abs());
    flag("p:last", last, 1.0);
    flag(
        &format!("p:bin{}", ((pos * 10.0) as usize).min(9)),
        true,
        1.0,
    );

    // Light lexical evidence the hand tables may lack: the opening words and the speaker's verb.
    let lead: Vec<&str> = words[s2..].iter().take(2).copied().collect();
    if let Some(w1) = lead.first() {
        out.push((format!("w1:{w1}"), 1.0));
        if let Some(w2) = lead.get(1) {
            out.push((format!("w2:{w1} {w2}"), 1.0));
        }
    }
    if let Some(v) = i_verb {
        out.push((format!("iv:{v}"), 1.0));
    }
    // Every clause a speaker opens ("..., and I had to", "so we built"): who, and which verb.
    let mut seen: HashSet<String> = HashSet::new();
    let mut lexical: Vec<String> = Vec::new();
    let mut add = |f: String| {
        if seen.insert(f.clone()) {
            lexical.push(f);
        }
    };
    for k in 1..words.len() {
        let (w, next) = (words[k], words.get(k + 1).copied().unwrap_or(""));
        if matches!(
            words[k - 1],
            "and" | "so" | "but" | "because" | "then" | "until"
        ) && matches!(w, "i" | "we" | "my" | "our" | "it" | "they")
            && !next.is_empty()
        {
            add(format!("c:{w} {next}"));
        }
    }
    // The words themselves: "mine", "myself", "handed", "deadline" say more than any one cue.
    for w in &words {
        let w = if w.chars().any(|c| c.is_ascii_digit()) {
            "<num>"
        } else {
            w
        };
        add(format!("u:{w}"));
    }
    for p in words.windows(2) {
        add(format!("b:{} {}", p[0], p[1]));
    }
    out.extend(lexical.into_iter().map(|f| (f, 1.0)));
    let len_bin = match words.len() {
        0..=7 => "len:short",
        8..=30 => "len:mid",
        _ => "len:long",
    };
    out.push((len_bin.to_string(), 1.0));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feature_names(sentence: &str) -> Vec<String> {
        let words: Vec<String> = sentence
            .split_whitespace()
            .map(crate::analysis::tokens::normalize)
            .collect();
        let u = UnitFeatures {
            words: words.iter().map(|s| s.as_str()).collect(),
            has_number: false,
            len: words.len(),
        };
        features(&u, 0.5, false)
            .into_iter()
            .map(|(n, _)| n)
            .collect()
    }

    #[test]
    fn present_tense_deeds_count_as_action_but_a_present_job_does_not() {
        let has = |s: &str| feature_names(s).contains(&"g:present_action".to_string());
        assert!(has(
            "I take the data of six months and I check it by customer."
        ));
        assert!(has("So I go to my manager and I tell him straight."));
        assert!(has("Then she shows me the logs and I checks them."));
        assert!(!has("I work at a bank and I manage a team of five."));
        assert!(!has("When I take a call, the script is long."));
        // A past-tense deed already says action.
        assert!(!has("I took the data and I put it together."));
    }

    #[test]
    fn work_still_under_way_is_told_apart_from_an_outcome() {
        let ongoing = |s: &str| feature_names(s).contains(&"g:ongoing".to_string());
        assert!(ongoing(
            "And at the moment we're rolling that setup out to the other two services."
        ));
        assert!(ongoing(
            "So I'm prototyping that with one of our engineers."
        ));
        assert!(ongoing(
            "We were still working through the mapping fix when the quarter ended."
        ));
        assert!(!ongoing("We rolled it out to the other two services."));
        assert!(!ongoing("I'm proud of how the team took it."));
        let unfinished = |s: &str| feature_names(s).contains(&"g:unfinished".to_string());
        assert!(unfinished(
            "I got moved to another region, so I never saw how it landed."
        ));
        assert!(unfinished("And I don't have the final numbers."));
        assert!(!unfinished(
            "Churn fell from 9% to 4% by the end of the year."
        ));
    }

    #[test]
    fn time_passing_at_the_start_reads_as_an_outcome() {
        let has = |s: &str| feature_names(s).contains(&"g:time_lapse".to_string());
        assert!(has("By December she was running the review on her own."));
        assert!(has("And within a couple of weeks the queue was empty."));
        assert!(has("Two months later they renewed."));
        assert!(has("So after about three weeks the errors stopped."));
        assert!(!has("By then I had called every customer."));
        assert!(!has("I spent two weeks on it."));
    }

    #[test]
    fn a_movement_in_the_opening_lines_is_marked_as_a_possible_headline() {
        let words = ["i", "cut", "late", "deliveries", "from", "14%", "to", "4%"];
        let u = UnitFeatures {
            words: words.to_vec(),
            has_number: true,
            len: words.len(),
        };
        let names = |pos| -> Vec<String> {
            features(&u, pos, false)
                .into_iter()
                .map(|(n, _)| n)
                .collect()
        };
        assert!(names(0.05).contains(&"n:early_moved".to_string()));
        assert!(!names(0.6).contains(&"n:early_moved".to_string()));
        assert!(names(0.6).contains(&"n:moved".to_string()));
    }
}

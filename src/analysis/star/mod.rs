//! STAR segmentation: score each sentence for each part, then decode the most likely sequence.
//!
//! Scores come from cue phrases (at the start of a sentence they weigh more), grammar (who does
//! what, and in which tense), numbers next to change verbs, and a position prior. A Viterbi
//! decoder over five states — a result *hook* that may open the answer, then Situation, Task,
//! Action, Result — keeps the parts mostly in order while allowing the shapes real answers take:
//! no task, a result up front, a lesson after the result, a step back into action.

mod cues;
mod features;
mod grammar;

pub use features::{features, Feature};

use cues::{ANY_CUES, START_CUES};

use super::star_model::{StarModel, NEG};
use crate::types::Part;

/// Per-sentence input to the segmenter.
pub struct UnitFeatures<'a> {
    /// Normalized words of the sentence.
    pub words: Vec<&'a str>,
    /// Does the sentence state a quantity?
    pub has_number: bool,
    /// Word count (for position).
    pub len: usize,
}

pub const N_STATES: usize = 5;
pub const HOOK: usize = 0;
pub const S: usize = 1;
pub const T: usize = 2;
pub const A: usize = 3;
pub const R: usize = 4;

pub fn state_part(s: usize) -> Part {
    match s {
        S => Part::Situation,
        T => Part::Task,
        A => Part::Action,
        _ => Part::Result,
    }
}

/// The hand-set weight of every feature, per state: the tables' cue weights, and the grammar,
/// number and position terms. This is the prior the trained weights start from.
pub(crate) fn prior_weights() -> Vec<(String, [f64; N_STATES])> {
    // A result cue also marks a result told first as a hook.
    let cue = |part: usize, w: f64| {
        let mut a = [0.0; N_STATES];
        a[part] = w;
        if part == R {
            a[HOOK] = w;
        }
        a
    };
    let mut out: Vec<(String, [f64; N_STATES])> = Vec::new();
    for &(c, p, w) in START_CUES {
        out.push((format!("s:{c}"), cue(p, w)));
    }
    for &(c, p, w) in ANY_CUES {
        out.push((format!("a:{c}"), cue(p, w)));
    }
    //                    HOOK    S     T     A     R
    let fixed: &[(&str, [f64; N_STATES])] = &[
        // A cue opening a later clause counts for less than one opening the sentence.
        ("cs:situation", [0.0, 0.3, 0.0, 0.0, 0.0]),
        ("cs:task", [0.0, 0.0, 0.4, 0.0, 0.0]),
        ("cs:action", [0.0, 0.0, 0.0, 0.2, 0.0]),
        ("cs:result", [0.2, 0.0, 0.0, 0.0, 0.2]),
        ("g:i_action", [0.0, 0.0, 0.0, 1.2, 0.0]),
        ("g:we_action", [0.0, 0.0, 0.0, 0.7, 0.0]),
        ("g:present_action", [0.0, 0.0, 0.0, 0.8, 0.0]),
        ("g:time_lapse", [0.8, 0.0, 0.0, 0.0, 0.8]),
        ("g:stative_only", [0.0, 0.5, 0.0, 0.0, 0.0]),
        ("g:had_change", [0.0, 0.8, 0.0, 0.0, 0.0]),
        ("g:modal_late", [0.6, 0.0, 0.0, 0.0, 0.6]),
        ("g:other_past_late", [0.8, 0.0, 0.0, 0.0, 0.8]),
        // "I cut latency by 85%" as an opener is a headline, not the scene.
        ("n:moved", [2.5, 0.0, 0.0, 0.0, 1.5]),
        ("n:level", [0.3, 0.3, 0.0, 0.0, 0.3]),
        // Situation early, task near the start, action in the middle, result late; a Task
        // needs evidence. The hook is a result told first: no late prior, falls off fast.
        ("p:bias", [-0.7, 0.6, -0.3, 0.5, -1.9]),
        ("p:pos", [-4.0, 0.0, 0.0, 0.0, 3.0]),
        ("p:pos_min08", [0.0, -2.0, 0.0, 0.0, 0.0]),
        ("p:dist02", [0.0, 0.0, -1.5, 0.0, 0.0]),
        ("p:dist055", [0.0, 0.0, 0.0, -1.2, 0.0]),
        // Answers end on their outcome far more often than not.
        ("p:last", [0.6, 0.0, 0.0, 0.0, 0.6]),
    ];
    out.extend(fixed.iter().map(|(n, w)| (n.to_string(), *w)));
    out
}

/// Hand-set log-potential of moving from one state to the next (`NEG` = not allowed).
#[rustfmt::skip]
pub(crate) const TRANS_PRIOR: [[f64; N_STATES]; N_STATES] = [
    //  HOOK   S     T     A     R
    [   0.0, -0.1, -0.8, -1.5, NEG ], // from HOOK
    [   NEG,  0.0, -0.6, -1.2, -2.5 ], // from S
    [   NEG, -2.0,  0.0, -0.6, -1.5 ], // from T
    [   NEG, -3.5, -2.5,  0.0, -0.8 ], // from A
    [   NEG, -4.5, -4.0, -1.6,  0.0 ], // from R
];
pub(crate) const START_PRIOR: [f64; N_STATES] = [-0.2, 0.0, -0.6, -1.0, -3.0];

/// The features of every sentence, with its place in the answer (by words).
pub fn answer_features(units: &[UnitFeatures]) -> Vec<Vec<Feature>> {
    let total: usize = units.iter().map(|u| u.len.max(1)).sum();
    let mut acc = 0usize;
    units
        .iter()
        .map(|u| {
            let centre = acc as f64 + u.len.max(1) as f64 / 2.0;
            acc += u.len.max(1);
            features(u, centre / total as f64, acc == total)
        })
        .collect()
}

/// Decodes states (hook, situation, task, action, result) for sentences' features.
pub fn decode_states(model: &StarModel, feats: &[Vec<Feature>]) -> Vec<usize> {
    let em: Vec<[f64; N_STATES]> = feats.iter().map(|f| model.emissions(f)).collect();
    model.decode(&em)
}

/// Labels each sentence with a STAR part.
pub fn segment(units: &[UnitFeatures], model: &StarModel) -> Vec<Part> {
    decode_states(model, &answer_features(units))
        .into_iter()
        .map(state_part)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(sentences: &[&str], numbers: &[bool]) -> Vec<Part> {
        let normed: Vec<Vec<String>> = sentences
            .iter()
            .map(|s| {
                s.split_whitespace()
                    .map(crate::analysis::tokens::normalize)
                    .collect()
            })
            .collect();
        let units: Vec<UnitFeatures> = normed
            .iter()
            .zip(numbers)
            .map(|(w, &n)| UnitFeatures {
                words: w.iter().map(|s| s.as_str()).collect(),
                has_number: n,
                len: w.len(),
            })
            .collect();
        segment(&units, StarModel::shipped())
    }

    #[test]
    fn classic_order() {
        use Part::*;
        let p = label(
            &[
                "At my last job I was the PM for checkout in our European marketplace.",
                "Customers were complaining that checkout took twelve seconds.",
                "My job was to get latency down before the holiday peak.",
                "So I pulled the traces and found the image service was the bottleneck.",
                "I worked with the infra team to move images to a CDN.",
                "As a result latency dropped to 1.8 seconds and abandonment fell 3 percent.",
            ],
            &[false, true, false, false, false, true],
        );
        assert_eq!(p, vec![Situation, Situation, Task, Action, Action, Result]);
    }

    #[test]
    fn hook_then_story() {
        use Part::*;
        let p = label(
            &[
                "I cut our checkout latency by 85 percent in six weeks.",
                "At my last job customers were abandoning carts because checkout was slow.",
                "I needed to fix it before the holiday peak.",
                "I profiled the service and rewrote the image pipeline.",
                "Latency dropped to 1.8 seconds.",
            ],
            &[true, false, false, false, true],
        );
        assert_eq!(p[0], Result);
        assert_eq!(p[1], Situation);
        assert_eq!(p[4], Result);
    }

    #[test]
    fn no_task_stays_without_task() {
        let p = label(
            &[
                "At my last company our onboarding was confusing and churn was high.",
                "So I interviewed ten customers and mapped where they got stuck.",
                "Then I rewrote the setup wizard with the design team.",
                "In the end churn fell by two points.",
            ],
            &[false, true, false, true],
        );
        assert!(!p.contains(&Part::Task), "{p:?}");
    }

    #[test]
    fn empty_is_empty() {
        assert!(segment(&[], &StarModel::prior()).is_empty());
    }
}

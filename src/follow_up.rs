//! Choosing the follow-up question after an answer, the way a bar raiser would: press on the
//! weakest part of the story first, and only then use the question's own probes.

use crate::rng::SplitMix64;
use crate::types::{Analysis, AnswerShape, Question};
use serde::{Deserialize, Serialize};

/// The follow-up to ask and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUpChoice {
    pub question: String,
    /// The analysis flag code it presses on (e.g. "missing_result"), or "probe".
    pub reason: String,
}

/// Weak spots in the order a debrief panel cares about them, each with a few wordings so a
/// retried question doesn't get the identical follow-up. The first wording is the plainest.
const BY_FLAG: &[(&str, &[&str])] = &[
    (
        "missing_result",
        &[
            "How did it end? What was the outcome?",
            "Where did it land? What actually happened in the end?",
            "You stopped before the ending. What was the result?",
        ],
    ),
    (
        "unquantified_result",
        &[
            "What was the measurable result? Give me the number.",
            "You said it got better. By how much, exactly?",
            "What was the exact number, before and after?",
        ],
    ),
    (
        "vague_result",
        &[
            "What was the measurable result? Give me the number.",
            "What changed, concretely, and how did you measure it?",
            "How would I know it worked? What was the number?",
        ],
    ),
    (
        "we_heavy_action",
        &[
            "What did you personally do?",
            "I heard a lot of \"we\". What was your part, specifically?",
            "Which of those steps did you do yourself?",
        ],
    ),
    (
        "long_situation",
        &[
            "In one sentence, what was the problem?",
            "Give me the problem in one sentence.",
            "Skip the background: what was the problem you had to solve?",
        ],
    ),
    (
        "missing_action",
        &[
            "What exactly did you do, step by step?",
            "Walk me through what you actually did.",
            "What did you do first, and then what?",
        ],
    ),
    (
        "missing_task",
        &[
            "What were you responsible for? What was the goal?",
            "What was your job in this, and what did success look like?",
            "What were you on the hook to deliver, and by when?",
        ],
    ),
    (
        "missing_situation",
        &[
            "Set the scene: where were you, and what was at stake?",
            "Give me the context first: what team, what product, what was going wrong?",
            "What was the situation before you got involved?",
        ],
    ),
];

/// Asked when the answer has no weak spot we know and the question's probes are used up.
const GENERIC_PROBES: &[&str] = &[
    "What would you do differently if you did it again?",
    "Why that approach over the obvious one?",
    "What was the hardest part, and how did you handle it?",
    "Who disagreed with you, and how did you bring them along?",
    "What data told you it was the right call?",
];

/// Picks the follow-up for `q` given its answer's analysis. `asked` holds follow-ups already asked
/// for this question (compared ignoring case and punctuation) and is never repeated while any
/// alternative is left. The same `seed` gives the same wording.
///
/// Story-structure flags only apply to STAR questions; product and metrics answers aren't stories,
/// so they get the question's probes.
pub fn choose_follow_up(q: &Question, a: &Analysis, asked: &[String], seed: u64) -> FollowUpChoice {
    let asked: Vec<String> = asked.iter().map(|s| key(s)).collect();
    let fresh = |s: &&str| !asked.contains(&key(s));
    let mut rng = SplitMix64::new(seed);

    if q.shape == AnswerShape::Star {
        for (code, wordings) in BY_FLAG {
            if !a.has_flag(code) {
                continue;
            }
            let options: Vec<&str> = wordings.iter().copied().filter(|s| fresh(s)).collect();
            if !options.is_empty() {
                return FollowUpChoice {
                    question: options[rng.below(options.len())].to_string(),
                    reason: (*code).to_string(),
                };
            }
        }
    }

    let probes: Vec<&str> = q
        .probes
        .iter()
        .map(String::as_str)
        .filter(|s| fresh(s))
        .collect();
    let pool = if probes.is_empty() {
        GENERIC_PROBES
            .iter()
            .copied()
            .filter(|s| fresh(s))
            .collect()
    } else {
        probes
    };
    let question = if pool.is_empty() {
        // Everything has been asked; repeating a generic probe beats asking nothing.
        GENERIC_PROBES[rng.below(GENERIC_PROBES.len())]
    } else {
        pool[rng.below(pool.len())]
    };
    FollowUpChoice {
        question: question.to_string(),
        reason: "probe".to_string(),
    }
}

fn key(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::{AnalysisInput, Flag, InputKind, Stats};

    fn question(shape: AnswerShape, probes: &[&str]) -> Question {
        Question {
            id: "t".into(),
            text: "Tell me about a time you obsessed over a customer.".into(),
            rounds: vec!["loop".into()],
            roles: vec![],
            principles: vec!["Customer Obsession".into()],
            shape,
            time_limit_s: 150,
            probes: probes.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn analysis(codes: &[&str]) -> Analysis {
        Analysis {
            schema: Analysis::SCHEMA.into(),
            input: AnalysisInput {
                path: "answer.txt".into(),
                kind: InputKind::Text,
            },
            question: None,
            duration_s: None,
            transcript: "We fixed it.".into(),
            sentences: vec![],
            parts: vec![],
            missing_parts: vec![],
            numbers: vec![],
            flags: codes
                .iter()
                .map(|c| Flag {
                    code: c.to_string(),
                    message: String::new(),
                    part: None,
                    start_s: None,
                    end_s: None,
                    quote: None,
                })
                .collect(),
            stats: Stats {
                words: 3,
                wpm: None,
                fillers: 0,
                fillers_per_min: None,
                i_count: 0,
                we_count: 1,
                longest_pause_s: None,
            },
        }
    }

    const PROBES: &[&str] = &[
        "What did the customer feel?",
        "Did you talk to a real customer?",
    ];

    fn reason(codes: &[&str]) -> String {
        choose_follow_up(
            &question(AnswerShape::Star, PROBES),
            &analysis(codes),
            &[],
            7,
        )
        .reason
    }

    #[test]
    fn weakest_part_wins_in_priority_order() {
        let all = [
            "missing_task",
            "missing_action",
            "long_situation",
            "we_heavy_action",
            "vague_result",
            "unquantified_result",
            "missing_result",
        ];
        // Drop the highest-priority flag each time; the next one must be chosen.
        for i in 0..all.len() {
            let present = &all[..all.len() - i];
            assert_eq!(reason(present), *present.last().unwrap(), "{present:?}");
        }
        assert_eq!(
            reason(&["filler_heavy", "missing_situation"]),
            "missing_situation"
        );
    }

    #[test]
    fn plain_wording_matches_the_spec_phrasing() {
        let w = |code: &str| BY_FLAG.iter().find(|(c, _)| *c == code).unwrap().1[0];
        assert_eq!(w("missing_result"), "How did it end? What was the outcome?");
        assert_eq!(
            w("unquantified_result"),
            "What was the measurable result? Give me the number."
        );
        assert_eq!(w("we_heavy_action"), "What did you personally do?");
        assert_eq!(
            w("long_situation"),
            "In one sentence, what was the problem?"
        );
    }

    #[test]
    fn strong_answer_gets_one_of_its_own_probes() {
        let c = choose_follow_up(
            &question(AnswerShape::Star, PROBES),
            &analysis(&["too_fast"]),
            &[],
            1,
        );
        assert_eq!(c.reason, "probe");
        assert!(PROBES.contains(&c.question.as_str()), "{c:?}");
    }

    #[test]
    fn same_seed_same_wording_and_seeds_vary_it() {
        let q = question(AnswerShape::Star, PROBES);
        let a = analysis(&["we_heavy_action"]);
        let first = choose_follow_up(&q, &a, &[], 99);
        assert_eq!(first, choose_follow_up(&q, &a, &[], 99));
        let wordings: std::collections::HashSet<String> = (0..50)
            .map(|s| choose_follow_up(&q, &a, &[], s).question)
            .collect();
        assert!(wordings.len() > 1, "{wordings:?}");
        assert!(wordings.iter().all(|w| BY_FLAG[3].1.contains(&w.as_str())));
    }

    #[test]
    fn asked_follow_ups_are_not_repeated() {
        let q = question(AnswerShape::Star, PROBES);
        let a = analysis(&["missing_result"]);
        let mut asked: Vec<String> = Vec::new();
        let mut seen = Vec::new();
        for _ in 0..(3 + PROBES.len()) {
            let c = choose_follow_up(&q, &a, &asked, 5);
            assert!(!seen.contains(&c.question), "repeated {c:?}");
            seen.push(c.question.clone());
            // Asked text may differ in case and punctuation from ours.
            asked.push(c.question.to_uppercase().replace('?', ""));
        }
        // Three result wordings first, then the question's probes.
        let mut first3 = seen[..3].to_vec();
        first3.sort();
        let mut result_wordings: Vec<String> = BY_FLAG[0].1.iter().map(|s| s.to_string()).collect();
        result_wordings.sort();
        assert_eq!(first3, result_wordings);
        assert!(PROBES.iter().all(|p| seen.contains(&p.to_string())));
        // Then generic probes rather than nothing.
        let c = choose_follow_up(&q, &a, &asked, 5);
        assert!(GENERIC_PROBES.contains(&c.question.as_str()));
        assert_eq!(c.reason, "probe");
    }

    #[test]
    fn product_and_metrics_answers_skip_story_flags() {
        for shape in [AnswerShape::Product, AnswerShape::Metrics] {
            let c = choose_follow_up(
                &question(shape, PROBES),
                &analysis(&["missing_result", "missing_task"]),
                &[],
                3,
            );
            assert_eq!(c.reason, "probe");
            assert!(PROBES.contains(&c.question.as_str()));
        }
    }

    #[test]
    fn question_without_probes_falls_back_to_generic_ones() {
        let c = choose_follow_up(&question(AnswerShape::Star, &[]), &analysis(&[]), &[], 11);
        assert!(GENERIC_PROBES.contains(&c.question.as_str()), "{c:?}");
    }
}

//! Refines the STAR segmenter's weights on labelled answers (developer tool behind
//! `mockloop eval-star --train`).
//!
//! An averaged structured perceptron: decode each answer with the current weights, and where a
//! sentence's state is wrong, move weight from the predicted state to the gold one on that
//! sentence's features (and on the transitions the two paths took). It starts from the hand-set
//! prior, so a feature the data never contradicts keeps its hand-set weight. Averaging the
//! weights over every step keeps one unlucky answer from swinging them.

use super::eval::{
    evaluate_audio_with, evaluate_text_with, load_transcript, EvalError, Fixture, Report,
};
use super::segmenter_view;
use super::star::{self, Feature, HOOK, N_STATES, R};
use super::star_model::{part_bit, StarModel, NEG};
use crate::types::{Part, Transcript};
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// One answer as the trainer sees it: per sentence, features and gold state.
#[derive(Debug, Clone)]
pub struct Example {
    pub id: String,
    pub feats: Vec<Vec<Feature>>,
    pub gold: Vec<usize>,
}

#[derive(Debug, Clone, Copy)]
pub struct TrainOptions {
    pub epochs: usize,
    /// Step size of one correction, relative to the hand-set weights (which are ~1–3).
    pub rate: f64,
    /// Learn opening-word and verb features the hand tables do not have.
    pub lexical: bool,
    /// Added to the learned presence weights (situation, task, action, result) after training:
    /// the decision threshold for "this part is missing", chosen by cross-validation.
    pub presence_offset: [f64; 4],
    /// Training runs (answer orders) whose weights are averaged.
    pub runs: usize,
    /// Word features must occur in at least this many training answers to be learned.
    pub min_answers: usize,
    /// Also train on the transcripts of spoken renderings, when given (the shipped weights
    /// are trained on text only).
    pub train_on_transcripts: bool,
    /// Margin: while training, each wrong state of a sentence scores this much extra, so the
    /// weights keep moving until the gold path wins by a margin rather than by a hair
    /// (cost-augmented decoding).
    pub margin: f64,
    /// The same for each wrong answer to "is this part there": the missing-part flags hang on it.
    pub presence_margin: f64,
}

impl Default for TrainOptions {
    fn default() -> Self {
        Self {
            epochs: 10,
            rate: 0.1,
            lexical: true,
            presence_offset: [0.0, 0.5, 0.0, 0.0],
            runs: 5,
            min_answers: 3,
            train_on_transcripts: false,
            margin: 0.0,
            presence_margin: 4.0,
        }
    }
}

fn state_of(p: Part) -> usize {
    match p {
        Part::Situation => star::S,
        Part::Task => star::T,
        Part::Action => star::A,
        Part::Result => R,
    }
}

/// Gold states for the analyzer's sentences: each takes the majority label of its words, and
/// results before anything else are the hook.
fn gold_states(words_per_unit: &[usize], word_labels: &[Part]) -> Vec<usize> {
    let mut k = 0;
    let mut out: Vec<usize> = words_per_unit
        .iter()
        .map(|&n| {
            let mut count = [0usize; N_STATES];
            for p in word_labels.iter().skip(k).take(n) {
                count[state_of(*p)] += 1;
            }
            k += n;
            // Ties go to the earlier part, as a panel reads a sentence by what it opens with.
            (0..N_STATES)
                .rev()
                .max_by_key(|&s| count[s])
                .unwrap_or(star::A)
        })
        .collect();
    for s in out.iter_mut() {
        if *s != R {
            break;
        }
        *s = HOOK;
    }
    out
}

/// The trainer's view of a labelled answer's text.
pub fn text_example(fx: &Fixture) -> Example {
    let view = segmenter_view(Ok(&fx.text()));
    let counts: Vec<usize> = view.iter().map(|(_, n)| *n).collect();
    Example {
        id: fx.id.clone(),
        gold: gold_states(&counts, &fx.word_labels()),
        feats: view.into_iter().map(|(f, _)| f).collect(),
    }
}

/// The trainer's view of a transcript of the answer spoken aloud, its labels carried over by
/// aligning the words.
pub fn transcript_example(fx: &Fixture, t: &Transcript) -> Example {
    let view = segmenter_view(Err(t));
    let counts: Vec<usize> = view.iter().map(|(_, n)| *n).collect();
    let norm =
        |s: &str| -> Vec<String> { s.split_whitespace().map(super::tokens::normalize).collect() };
    let hyp: Vec<String> = t.segments.iter().flat_map(|s| norm(&s.text)).collect();
    let labels = super::eval::project_labels(&norm(&fx.text()), &fx.word_labels(), &hyp);
    Example {
        id: format!("{} (audio)", fx.id),
        gold: gold_states(&counts, &labels),
        feats: view.into_iter().map(|(f, _)| f).collect(),
    }
}

fn lexical(name: &str) -> bool {
    ["w1:", "w2:", "iv:", "c:", "u:", "b:", "len:"]
        .iter()
        .any(|p| name.starts_with(p))
}

/// Trains weights on the examples, starting from the hand-set prior.
///
/// Word features are kept only with `opts.lexical` and where they occur in enough answers.
///
/// The result is the mean of several averaged perceptrons, each fed the answers in a different
/// (fixed-seed) order: one run's weights depend on the order by about half a point of accuracy,
/// and the mean does not.
pub fn train(examples: &[Example], opts: &TrainOptions) -> StarModel {
    // A word seen in one or two answers is more likely their topic than a sign of a part, and
    // learning it costs accuracy on answers from other people (measured on dev-e/f).
    // Counted by answer id: other renderings of one answer are not more evidence.
    let mut ids_with: HashMap<&str, HashSet<&str>> = HashMap::new();
    for ex in examples {
        for (n, _) in ex.feats.iter().flatten() {
            ids_with
                .entry(n.as_str())
                .or_default()
                .insert(ex.id.as_str());
        }
    }
    let answers_with: HashMap<&str, usize> = ids_with
        .into_iter()
        .map(|(n, ids)| (n, ids.len()))
        .collect();
    let pruned: Vec<Example> = examples
        .iter()
        .map(|ex| Example {
            feats: ex
                .feats
                .iter()
                .map(|f| {
                    f.iter()
                        .filter(|(n, _)| {
                            !lexical(n)
                                || (opts.lexical && answers_with[n.as_str()] >= opts.min_answers)
                        })
                        .cloned()
                        .collect()
                })
                .collect(),
            ..ex.clone()
        })
        .collect();
    let examples = &pruned[..];
    let runs: Vec<StarModel> = (0..opts.runs.max(1))
        .map(|r| train_one(examples, opts, 0x5354_4152 + r as u64))
        .collect();
    let mut m = mean(&runs);
    for (s, off) in opts.presence_offset.iter().enumerate() {
        m.presence[s + 1] += off;
    }
    m
}

/// The element-wise mean of models (a feature missing from a model weighs 0 there).
fn mean(models: &[StarModel]) -> StarModel {
    let k = models.len() as f64;
    let mut m = models[0].clone();
    m.obs.clear();
    for x in models {
        for (name, w) in &x.obs {
            let e = m.obs.entry(name.clone()).or_insert([0.0; N_STATES]);
            for s in 0..N_STATES {
                e[s] += w[s] / k;
            }
        }
    }
    for s in 0..N_STATES {
        m.start[s] = models.iter().map(|x| x.start[s]).sum::<f64>() / k;
        m.presence[s] = models.iter().map(|x| x.presence[s]).sum::<f64>() / k;
        for t in 0..N_STATES {
            if m.trans[s][t] > NEG {
                m.trans[s][t] = models.iter().map(|x| x.trans[s][t]).sum::<f64>() / k;
            }
        }
    }
    m
}

fn train_one(examples: &[Example], opts: &TrainOptions, seed: u64) -> StarModel {
    let mut m = StarModel::prior();
    // Averaging with the usual trick: `acc` holds each update times the step it happened at,
    // so the mean over all steps is `w - acc / steps`.
    let mut acc: HashMap<String, [f64; N_STATES]> = HashMap::new();
    let mut acc_trans = [[0.0; N_STATES]; N_STATES];
    let mut acc_start = [0.0; N_STATES];
    let mut acc_presence = [0.0; N_STATES];
    let mut step = 1.0f64;
    let rate = opts.rate;
    // A fixed-seed shuffle per epoch: files sorted by name put similar answers side by side,
    // and a perceptron fed them in runs overfits each run in turn.
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = crate::rng::SplitMix64::new(seed);
    for _ in 0..opts.epochs {
        rng.shuffle(&mut order);
        for ex in order.iter().map(|&i| &examples[i]) {
            let feats = &ex.feats;
            let pred = augmented_decode(&m, ex, opts.margin, opts.presence_margin);
            if pred != ex.gold {
                for (i, f) in feats.iter().enumerate() {
                    let (g, p) = (ex.gold[i], pred[i]);
                    if g == p {
                        continue;
                    }
                    for (name, v) in f {
                        let d = rate * v;
                        let w = m.obs.entry(name.clone()).or_insert([0.0; N_STATES]);
                        w[g] += d;
                        w[p] -= d;
                        let a = acc.entry(name.clone()).or_insert([0.0; N_STATES]);
                        a[g] += step * d;
                        a[p] -= step * d;
                    }
                }
                let mut bump = |path: &[usize], sign: f64| {
                    let d = sign * rate;
                    m.start[path[0]] += d;
                    acc_start[path[0]] += step * d;
                    for w in path.windows(2) {
                        // Forbidden moves stay forbidden.
                        if m.trans[w[0]][w[1]] > NEG {
                            m.trans[w[0]][w[1]] += d;
                            acc_trans[w[0]][w[1]] += step * d;
                        }
                    }
                };
                bump(&ex.gold, 1.0);
                bump(&pred, -1.0);
                let (gm, pm) = (part_set(&ex.gold), part_set(&pred));
                // The hook shares the result's presence weight (index 0 stays unused).
                for (s, (w, a)) in m
                    .presence
                    .iter_mut()
                    .zip(&mut acc_presence)
                    .enumerate()
                    .skip(1)
                {
                    let d = rate * (has(gm, s) - has(pm, s));
                    *w += d;
                    *a += step * d;
                }
            }
            step += 1.0;
        }
    }
    for (name, w) in m.obs.iter_mut() {
        if let Some(a) = acc.get(name) {
            for s in 0..N_STATES {
                w[s] -= a[s] / step;
            }
        }
    }
    for (from, row) in m.trans.iter_mut().enumerate() {
        for (to, w) in row.iter_mut().enumerate() {
            if *w > NEG {
                *w -= acc_trans[from][to] / step;
            }
        }
    }
    for s in 0..N_STATES {
        m.start[s] -= acc_start[s] / step;
        m.presence[s] -= acc_presence[s] / step;
    }
    m
}

/// Decodes with every wrong choice scored `margin` higher (`presence_margin` for a part's
/// presence), so training pushes until the gold path wins by that much.
fn augmented_decode(m: &StarModel, ex: &Example, margin: f64, presence_margin: f64) -> Vec<usize> {
    if margin == 0.0 && presence_margin == 0.0 {
        return star::decode_states(m, &ex.feats);
    }
    let em: Vec<[f64; N_STATES]> = ex
        .feats
        .iter()
        .zip(&ex.gold)
        .map(|(f, &g)| {
            let mut e = m.emissions(f);
            for (s, v) in e.iter_mut().enumerate() {
                if s != g {
                    *v += margin;
                }
            }
            e
        })
        .collect();
    let gm = part_set(&ex.gold);
    let mut presence = m.presence;
    for (s, p) in presence.iter_mut().enumerate().skip(1) {
        *p += if has(gm, s) > 0.0 {
            -presence_margin
        } else {
            presence_margin
        };
    }
    m.decode_with_presence(&em, &presence)
}

fn part_set(path: &[usize]) -> usize {
    path.iter().fold(0, |m, &s| m | part_bit(s))
}

fn has(set: usize, s: usize) -> f64 {
    f64::from(u8::from(set & part_bit(s) != 0))
}

/// Sentence-level accuracy of a model on examples (a quick check while training).
pub fn sentence_accuracy(m: &StarModel, examples: &[Example]) -> f64 {
    let (mut ok, mut n) = (0usize, 0usize);
    for ex in examples {
        let pred = star::decode_states(m, &ex.feats);
        ok += pred.iter().zip(&ex.gold).filter(|(a, b)| a == b).count();
        n += pred.len();
    }
    if n == 0 {
        0.0
    } else {
        ok as f64 / n as f64
    }
}

/// Training examples for fixtures: their text, and their spoken transcripts when a folder of
/// `<id>.transcript.json` is given.
pub fn examples(
    fixtures: &[Fixture],
    transcripts: Option<&Path>,
) -> Result<Vec<Example>, EvalError> {
    let mut out: Vec<Example> = fixtures.iter().map(text_example).collect();
    // Every other answer again as a hand transcript without punctuation or capitals: users
    // paste those too, and the segmenter splits them differently. Measured: unpunctuated
    // copies of new writers' answers 83.5% -> 85.8%; a copy of every answer cost more
    // cross-validation accuracy on punctuated text than half did.
    out.extend(
        fixtures
            .iter()
            .step_by(2)
            .filter_map(run_on)
            .map(|fx| text_example(&fx)),
    );
    if let Some(dir) = transcripts {
        for fx in fixtures {
            if let Some(Ok(t)) = load_transcript(fx, dir)? {
                out.push(transcript_example(fx, &t));
            }
        }
    }
    Ok(out)
}

/// The answer lower-cased with its punctuation stripped from every word (a "$" or "%", and a
/// point inside a number, stay), or None when it has no punctuation to strip.
fn run_on(fx: &Fixture) -> Option<Fixture> {
    const MARKS: &[char] = &[
        '.', ',', ';', ':', '!', '?', '"', '“', '”', '—', '–', '(', ')',
    ];
    let strip = |t: &str| -> String {
        t.split_whitespace()
            .map(|w| w.trim_matches(MARKS).to_lowercase())
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut out = fx.clone();
    for s in &mut out.sentences {
        s.text = strip(&s.text);
    }
    (out.text() != fx.text()).then_some(out)
}

/// What cross-validation measured: each answer scored by weights trained without it.
#[derive(Debug, Default)]
pub struct CrossValidation {
    pub prior_text: Report,
    pub trained_text: Report,
    pub prior_audio: Report,
    pub trained_audio: Report,
}

/// k-fold cross-validation (answer i is in fold i mod k), against the hand-set prior.
pub fn cross_validate(
    fixtures: &[Fixture],
    transcripts: Option<&Path>,
    k: usize,
    opts: &TrainOptions,
) -> Result<CrossValidation, EvalError> {
    let k = k.max(2);
    let prior = StarModel::prior();
    let mut cv = CrossValidation::default();
    for fold in 0..k {
        let (test, train_set): (Vec<_>, Vec<_>) = fixtures
            .iter()
            .enumerate()
            .partition(|(i, _)| i % k == fold);
        let test: Vec<Fixture> = test.into_iter().map(|(_, f)| f.clone()).collect();
        let train_set: Vec<Fixture> = train_set.into_iter().map(|(_, f)| f.clone()).collect();
        let train_from = transcripts.filter(|_| opts.train_on_transcripts);
        let m = train(&examples(&train_set, train_from)?, opts);
        cv.prior_text.merge(evaluate_text_with(&test, &prior));
        cv.trained_text.merge(evaluate_text_with(&test, &m));
        if let Some(dir) = transcripts {
            cv.prior_audio
                .merge(evaluate_audio_with(&test, dir, &prior)?);
            cv.trained_audio.merge(evaluate_audio_with(&test, dir, &m)?);
        }
    }
    Ok(cv)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn run_on_copies_keep_every_word_and_its_label() {
        let fx = Fixture {
            id: "x".into(),
            question: None,
            spoken_s: None,
            expected_flags: vec![],
            notes: None,
            audio: None,
            sentences: vec![
                super::super::eval::LabelledSentence {
                    part: Part::Task,
                    text: "My goal: cut costs — fast.".into(),
                },
                super::super::eval::LabelledSentence {
                    part: Part::Result,
                    text: "We saved $2.4 million, about 85%.".into(),
                },
            ],
        };
        let r = run_on(&fx).unwrap();
        assert_eq!(
            r.text(),
            "my goal cut costs fast we saved $2.4 million about 85%"
        );
        let labels = r.word_labels();
        assert_eq!(labels.len(), 11);
        assert_eq!(labels[..5], [Part::Task; 5]);
        assert_eq!(labels[5..], [Part::Result; 6]);
        assert!(run_on(&r).is_none());
    }

    #[test]
    fn gold_states_take_the_majority_and_mark_the_hook() {
        use Part::*;
        let labels = [
            Result, Result, Situation, Situation, Task, Action, Action, Result,
        ];
        // Units of 2, 2, 1, 1, 2 words.
        let g = gold_states(&[2, 2, 1, 1, 2], &labels);
        assert_eq!(g, vec![HOOK, star::S, star::T, star::A, star::A]);
    }

    #[test]
    fn margin_decoding_leans_to_the_wrong_answer_about_each_part() {
        use star::{A, S, T};
        let ex = Example {
            id: "x".into(),
            feats: vec![vec![("p:bias".to_string(), 1.0)]; 3],
            gold: vec![S, A, R],
        };
        let m = StarModel::prior();
        let plain = star::decode_states(&m, &ex.feats);
        assert_eq!(augmented_decode(&m, &ex, 0.0, 0.0), plain);
        // A huge presence margin makes the answer the gold path lacks (a task) win, and the
        // parts it has lose.
        let pred = augmented_decode(&m, &ex, 0.0, 100.0);
        assert!(pred.contains(&T), "{pred:?}");
        assert!(!pred.contains(&S) && !pred.contains(&A), "{pred:?}");
        // A huge state margin makes every sentence take a state other than its gold one.
        let pred = augmented_decode(&m, &ex, 100.0, 0.0);
        assert!(pred.iter().zip(&ex.gold).all(|(p, g)| p != g), "{pred:?}");
    }

    #[test]
    fn training_fits_what_the_prior_misses() {
        // A task phrased in words the hand tables do not know, twice; training must learn it.
        let fx = |id: &str, task: &str| Fixture {
            id: id.into(),
            question: None,
            spoken_s: None,
            expected_flags: vec![],
            notes: None,
            audio: None,
            sentences: [
                (
                    Part::Situation,
                    "At my last job our checkout was slow and customers were leaving.",
                ),
                (Part::Task, task),
                (
                    Part::Action,
                    "So I profiled the service and rewrote the image pipeline.",
                ),
                (Part::Result, "As a result latency dropped by 80 percent."),
            ]
            .into_iter()
            .map(|(part, text)| super::super::eval::LabelledSentence {
                part,
                text: text.into(),
            })
            .collect(),
        };
        let train_set: Vec<Example> = (0..6)
            .map(|i| {
                text_example(&fx(
                    &format!("a{i}"),
                    "Zorbling the frobnicator fell squarely to me.",
                ))
            })
            .collect();
        let prior = StarModel::prior();
        let before = sentence_accuracy(&prior, &train_set);
        let m = train(&train_set, &TrainOptions::default());
        let after = sentence_accuracy(&m, &train_set);
        assert!(after > before, "before {before}, after {after}");
        assert_eq!(after, 1.0);
    }
}

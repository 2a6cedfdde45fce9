//! Measures the STAR analyzer on the labelled answers in tests/fixtures/answers/{dev,holdout}.
//! Run with `cargo test --release --test star_eval -- --nocapture` to see the figures.
//!
//! The shipped weights are trained on dev/, so dev is measured by cross-validation (each answer
//! scored by weights trained without it); holdout/ is never trained on and is scored with the
//! shipped weights.

use mockloop::analysis::eval::{evaluate_text, load_dir, Fixture, Report};
use mockloop::analysis::star_model::StarModel;
use mockloop::analysis::train::{cross_validate, examples, train, TrainOptions};
use std::path::{Path, PathBuf};

fn dir(set: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/answers")
        .join(set)
}

fn load(set: &str) -> Vec<Fixture> {
    load_dir(&dir(set)).unwrap_or_else(|e| panic!("labelled {set} answers load: {e}"))
}

fn show(title: &str, r: &Report) {
    println!("== {title}\n{r}");
    if std::env::var_os("STAR_EVAL_MISSES").is_some() {
        for m in &r.misses {
            println!("-- {}: {}", m.id, m.detail);
        }
    }
}

#[test]
fn shipped_weights_are_what_training_on_dev_gives() {
    // Changing the features, the trainer or the dev answers changes the weights: retrain so
    // the binary ships what the code and the data say.
    let m = train(
        &examples(&load("dev"), None).unwrap(),
        &TrainOptions::default(),
    );
    let shipped = StarModel::shipped();
    assert!(
        m.to_text() == shipped.to_text(),
        "src/analysis/star_weights.tsv is stale: run \
         `cargo run --release -- eval-star tests/fixtures/answers --train src/analysis/star_weights.tsv`"
    );
}

#[test]
fn dev_cross_validation_beats_the_hand_set_weights_and_the_baseline() {
    let fixtures = load("dev");
    assert!(
        fixtures.len() >= 100,
        "too few dev answers: {}",
        fixtures.len()
    );
    let cv = cross_validate(&fixtures, None, 5, &TrainOptions::default()).unwrap();
    show(
        "dev, 5-fold cross-validation, hand-set weights (text)",
        &cv.prior_text,
    );
    show(
        "dev, 5-fold cross-validation, trained (text)",
        &cv.trained_text,
    );
    let (prior, trained) = (&cv.prior_text, &cv.trained_text);
    assert!(
        trained.part_accuracy() > prior.part_accuracy(),
        "training should beat the hand-set weights: {:.3} vs {:.3}",
        trained.part_accuracy(),
        prior.part_accuracy()
    );
    assert!(trained.part_accuracy() > trained.baseline_accuracy() + 0.15);
    // Floors a regression would break; the measured figures are in the printed report.
    assert!(
        trained.part_accuracy() >= 0.93,
        "{:.3}",
        trained.part_accuracy()
    );
    let o = trained.overall();
    assert!(o.precision() >= 0.85, "flag precision {:.3}", o.precision());
    assert!(o.recall() >= 0.82, "flag recall {:.3}", o.recall());
}

#[test]
fn holdout_with_the_shipped_weights() {
    let r = evaluate_text(&load("holdout"));
    show("holdout (text), shipped weights", &r);
    assert!(r.answers >= 50, "too few holdout answers: {}", r.answers);
    assert!(
        r.part_accuracy() > r.baseline_accuracy() + 0.15,
        "holdout accuracy {:.3} vs baseline {:.3}",
        r.part_accuracy(),
        r.baseline_accuracy()
    );
    assert!(r.part_accuracy() >= 0.94, "{:.3}", r.part_accuracy());
    let o = r.overall();
    assert!(o.precision() >= 0.90, "flag precision {:.3}", o.precision());
    assert!(o.recall() >= 0.88, "flag recall {:.3}", o.recall());
}

//! Measures the STAR analyzer on the labelled answers in tests/fixtures/answers/{dev,holdout}.
//! Run with `cargo test --test star_eval -- --nocapture` to see the figures.

use mockloop::analysis::eval::{evaluate_text, load_dir, Report};
use std::path::Path;

fn run(set: &str) -> Option<Report> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/answers")
        .join(set);
    if !dir.is_dir() {
        eprintln!("no {set} answers at {}", dir.display());
        return None;
    }
    let fixtures = load_dir(&dir).expect("labelled answers load");
    let r = evaluate_text(&fixtures);
    println!("== {set} (text)\n{r}");
    if std::env::var_os("STAR_EVAL_MISSES").is_some() {
        for m in &r.misses {
            println!("-- {}: {}", m.id, m.detail);
        }
    }
    Some(r)
}

#[test]
fn dev_set_meets_targets() {
    let r = run("dev").expect("tests/fixtures/answers/dev holds the labelled dev answers");
    assert!(r.answers >= 10, "too few dev answers: {}", r.answers);
    // The rules were tuned on dev: hold them to the targets there.
    assert!(
        r.part_accuracy() >= 0.95,
        "dev part accuracy {:.3} below 0.95",
        r.part_accuracy()
    );
    assert!(r.part_accuracy() > r.baseline_accuracy() + 0.15);
    let o = r.overall();
    assert!(
        o.precision() >= 0.95,
        "dev flag precision {:.3}",
        o.precision()
    );
    assert!(o.recall() >= 0.95, "dev flag recall {:.3}", o.recall());
}

#[test]
fn holdout_set_beats_the_positional_baseline() {
    // Held-out answers were never used to tune; only require clear generalisation here and
    // report the figures (the 95% targets are tracked in the printed output).
    let Some(r) = run("holdout") else { return };
    assert!(
        r.part_accuracy() > r.baseline_accuracy() + 0.10,
        "holdout accuracy {:.3} vs baseline {:.3}",
        r.part_accuracy(),
        r.baseline_accuracy()
    );
}

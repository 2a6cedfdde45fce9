//! `mockloop eval-star DIR` (hidden): part accuracy and flag precision/recall on labelled
//! answers, and training of the segmenter's weights on them.

use super::GlobalOpts;
use anyhow::Context;
use mockloop::analysis::eval::{evaluate_audio_with, evaluate_text_with, load_dir, Report};
use mockloop::analysis::star_model::StarModel;
use mockloop::analysis::train::{cross_validate, examples, train, TrainOptions};
use std::path::{Path, PathBuf};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// A folder of labelled answers (*.toml), or a folder holding dev/ and holdout/.
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// Also evaluate spoken renderings: a folder of `<id>.transcript.json` transcripts.
    #[arg(long, value_name = "DIR")]
    pub transcripts: Option<PathBuf>,
    /// Print every mislabelled answer and wrong flag.
    #[arg(long)]
    pub show_misses: bool,
    /// Evaluate with these weights instead of the shipped ones (`prior` = the hand-set weights).
    #[arg(long, value_name = "FILE|prior")]
    pub weights: Option<String>,
    /// Train weights on the dev answers, write them here, and evaluate with them. Never trains
    /// on holdout/.
    #[arg(long, value_name = "FILE")]
    pub train: Option<PathBuf>,
    /// Cross-validate training on the dev answers with this many folds, against the prior.
    #[arg(long, value_name = "K")]
    pub cv: Option<usize>,
    /// Training passes over the answers.
    #[arg(long, default_value_t = TrainOptions::default().epochs)]
    pub epochs: usize,
    /// Training step size.
    #[arg(long, default_value_t = TrainOptions::default().rate)]
    pub rate: f64,
    /// Train only the hand-built features' weights, not opening words and verbs.
    #[arg(long)]
    pub no_lexical: bool,
    /// Added to the trained presence weights of situation, task, action, result.
    #[arg(long, value_name = "S,T,A,R", value_delimiter = ',', num_args = 1,
          default_values_t = TrainOptions::default().presence_offset)]
    pub presence_offset: Vec<f64>,
    /// Training runs, each over the answers in another order, whose weights are averaged.
    #[arg(long, default_value_t = TrainOptions::default().runs)]
    pub runs: usize,
    /// Learn a word feature only if it occurs in at least this many training answers.
    #[arg(long, default_value_t = TrainOptions::default().min_answers)]
    pub min_answers: usize,
    /// With --train or --cv, also train on the --transcripts of the dev answers.
    #[arg(long, requires = "transcripts")]
    pub train_on_transcripts: bool,
    /// Training margin per wrong sentence state (cost-augmented decoding).
    #[arg(long, default_value_t = TrainOptions::default().margin)]
    pub margin: f64,
    /// Training margin per wrong part presence.
    #[arg(long, default_value_t = TrainOptions::default().presence_margin)]
    pub presence_margin: f64,
}

pub fn run(_g: &GlobalOpts, a: Args) -> anyhow::Result<()> {
    let sets: Vec<(String, PathBuf)> = ["dev", "holdout"]
        .iter()
        .map(|s| (s.to_string(), a.dir.join(s)))
        .filter(|(_, p)| p.is_dir())
        .collect();
    let sets = if sets.is_empty() {
        vec![("dev".to_string(), a.dir.clone())]
    } else {
        sets
    };
    let opts = TrainOptions {
        epochs: a.epochs,
        rate: a.rate,
        lexical: !a.no_lexical,
        runs: a.runs,
        min_answers: a.min_answers,
        train_on_transcripts: a.train_on_transcripts,
        margin: a.margin,
        presence_margin: a.presence_margin,
        presence_offset: a
            .presence_offset
            .clone()
            .try_into()
            .map_err(|_| anyhow::anyhow!("--presence-offset takes four numbers: S,T,A,R"))?,
    };
    let dev_dir = sets
        .iter()
        .find(|(n, _)| n == "dev")
        .map(|(_, p)| p.clone());
    let transcripts = a.transcripts.as_deref();

    if let Some(k) = a.cv {
        let dir = dev_dir
            .as_ref()
            .context("cross-validation needs a dev/ folder")?;
        let fixtures = load_dir(dir).with_context(|| format!("loading {}", dir.display()))?;
        let cv = cross_validate(&fixtures, transcripts, k, &opts)?;
        println!("== dev, {k}-fold cross-validation, hand-set prior (text)");
        print_report(&cv.prior_text, false);
        println!("== dev, {k}-fold cross-validation, trained (text)");
        print_report(&cv.trained_text, a.show_misses);
        if transcripts.is_some() {
            println!("== dev, {k}-fold cross-validation, hand-set prior (audio)");
            print_report(&cv.prior_audio, false);
            println!("== dev, {k}-fold cross-validation, trained (audio)");
            print_report(&cv.trained_audio, a.show_misses);
        }
        return Ok(());
    }

    let model: StarModel = if let Some(out) = &a.train {
        let dir = dev_dir.as_ref().context("training needs a dev/ folder")?;
        let fixtures = load_dir(dir).with_context(|| format!("loading {}", dir.display()))?;
        let ex = examples(&fixtures, transcripts.filter(|_| opts.train_on_transcripts))?;
        let m = train(&ex, &opts);
        std::fs::write(out, m.to_text())
            .with_context(|| format!("writing weights to {}", out.display()))?;
        println!(
            "trained on {} examples; weights written to {}\n",
            ex.len(),
            out.display()
        );
        m
    } else {
        match a.weights.as_deref() {
            None => StarModel::shipped().clone(),
            Some("prior") => StarModel::prior(),
            Some(f) => {
                let text = std::fs::read_to_string(f).with_context(|| format!("reading {f}"))?;
                StarModel::parse(&text).map_err(|e| anyhow::anyhow!("{f}: {e}"))?
            }
        }
    };

    for (name, dir) in sets {
        let fixtures = load_dir(&dir).with_context(|| format!("loading {}", dir.display()))?;
        println!("== {name} (text)");
        print_report(&evaluate_text_with(&fixtures, &model), a.show_misses);
        if let Some(t) = transcripts {
            let r = evaluate_audio_with(&fixtures, t, &model)
                .with_context(|| format!("evaluating transcripts in {}", t.display()))?;
            println!("== {name} (audio transcripts in {})", display(t));
            print_report(&r, a.show_misses);
        }
    }
    Ok(())
}

fn display(p: &Path) -> String {
    p.display().to_string()
}

fn print_report(r: &Report, misses: bool) {
    print!("{r}");
    if misses {
        for m in &r.misses {
            println!("-- {}: {}", m.id, m.detail);
        }
    }
    println!();
}

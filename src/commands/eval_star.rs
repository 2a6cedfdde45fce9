//! `mockloop eval-star DIR` (hidden): part accuracy and flag precision/recall on labelled answers.

use super::GlobalOpts;
use anyhow::Context;
use mockloop::analysis::eval::{evaluate_audio, evaluate_text, load_dir, Report};
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
}

pub fn run(_g: &GlobalOpts, a: Args) -> anyhow::Result<()> {
    let sets: Vec<(String, PathBuf)> = ["dev", "holdout"]
        .iter()
        .map(|s| (s.to_string(), a.dir.join(s)))
        .filter(|(_, p)| p.is_dir())
        .collect();
    let sets = if sets.is_empty() {
        vec![(a.dir.display().to_string(), a.dir.clone())]
    } else {
        sets
    };
    for (name, dir) in sets {
        let fixtures = load_dir(&dir).with_context(|| format!("loading {}", dir.display()))?;
        println!("== {name} (text)");
        print_report(&evaluate_text(&fixtures), a.show_misses);
        if let Some(t) = &a.transcripts {
            let r = evaluate_audio(&fixtures, t)
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

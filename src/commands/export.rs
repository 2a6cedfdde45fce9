//! `mockloop export --format csv|json`: every answer with its measures.

use super::review::{print, SessionsArg};
use super::GlobalOpts;
use anyhow::Context;
use mockloop::review::export;
use std::path::PathBuf;

#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One row per answer, for a spreadsheet.
    Csv,
    /// An array of answers with the same fields.
    Json,
}

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub sessions: SessionsArg,
    #[arg(long, value_enum, default_value_t = Format::Csv)]
    pub format: Format,
    /// Write to FILE instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub fn run(_g: &GlobalOpts, a: Args) -> anyhow::Result<()> {
    let h = a.sessions.history()?;
    for (id, r) in &h.sessions {
        if let Err(e) = r {
            eprintln!("warning: session {id} is damaged and was left out: {e}");
        }
    }
    let rows: Vec<_> = h.ok().flat_map(|s| s.answer_rows.iter().cloned()).collect();
    let out = match a.format {
        Format::Csv => export::csv(&rows),
        Format::Json => export::json(&rows),
    };
    match &a.output {
        Some(p) => std::fs::write(p, out).with_context(|| {
            format!(
                "cannot write {}: pick another file with -o FILE",
                p.display()
            )
        }),
        None => print(&out),
    }
}

//! `mockloop progress`: trends, principle coverage, recurring weaknesses, what to practise next.

use super::review::{print, write_page, SessionsArg};
use super::GlobalOpts;
use mockloop::review::{html, progress};
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub sessions: SessionsArg,
    /// Write an HTML page with the trends drawn as charts (default: progress.html in the
    /// sessions folder).
    #[arg(long)]
    pub html: bool,
    /// Where to write the HTML page (implies --html).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Open the HTML page in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Print the progress as JSON.
    #[arg(long, conflicts_with_all = ["html", "output", "open"])]
    pub json: bool,
}

pub fn run(_g: &GlobalOpts, a: Args) -> anyhow::Result<()> {
    let dir = a.sessions.dir();
    let h = a.sessions.history()?;
    let p = progress::compute(&h);
    if a.json {
        let mut s = serde_json::to_string_pretty(&p)?;
        s.push('\n');
        return print(&s);
    }
    if a.html || a.output.is_some() || a.open {
        let out = a.output.unwrap_or_else(|| dir.join("progress.html"));
        return write_page(&out, &html::render_progress(&p), a.open);
    }
    print(&progress::render_text(&p))
}

//! `mockloop review [SESSION|latest]`: one session in the terminal, or as an HTML page.

use super::GlobalOpts;
use anyhow::Context;
use mockloop::review::{self, html::AudioLinks};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

/// Where the saved sessions are (shared by review, history, progress and export).
#[derive(clap::Args, Debug, Clone)]
pub struct SessionsArg {
    /// Folder of saved sessions (default: the mockloop data folder's `sessions`).
    #[arg(long, value_name = "DIR")]
    pub sessions: Option<PathBuf>,
}

impl SessionsArg {
    pub fn dir(&self) -> PathBuf {
        self.sessions
            .clone()
            .unwrap_or_else(mockloop::paths::sessions_dir)
    }

    /// Every saved session's summary (from the index); an empty folder is an error that says
    /// how to make a first session.
    pub fn history(&self) -> anyhow::Result<mockloop::review::index::History> {
        let dir = self.dir();
        let h = mockloop::review::index::history(&dir);
        if h.sessions.is_empty() {
            anyhow::bail!(
                "no saved sessions in {}; run `mockloop practice` first, or pass --sessions DIR",
                dir.display()
            );
        }
        Ok(h)
    }
}

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The session: "latest", a folder name from `mockloop history`, or a session folder path.
    #[arg(value_name = "SESSION", default_value = "latest")]
    pub session: String,
    #[command(flatten)]
    pub sessions: SessionsArg,
    /// Write a self-contained HTML page (default: review.html in the session folder).
    #[arg(long)]
    pub html: bool,
    /// Where to write the HTML page (implies --html).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Open the HTML page in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Put the audio inside the page instead of linking the session's WAV files.
    #[arg(long)]
    pub embed_audio: bool,
}

/// Colour when stdout is a terminal and NO_COLOR is unset or empty.
pub fn use_color() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or_empty()
}

trait EmptyOs {
    fn is_none_or_empty(&self) -> bool;
}

impl EmptyOs for Option<std::ffi::OsString> {
    fn is_none_or_empty(&self) -> bool {
        self.as_ref().map_or(true, |v| v.is_empty())
    }
}

/// Writes to stdout; a closed pipe (`| head`) is not an error worth reporting.
pub fn print(s: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(s.as_bytes()).and_then(|_| out.flush()) {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            return Err(e).context("writing to stdout");
        }
    }
    Ok(())
}

/// Writes an HTML page and optionally opens it.
pub fn write_page(path: &std::path::Path, html: &str, open: bool) -> anyhow::Result<()> {
    mockloop::paths::write_atomic(path, html.as_bytes()).with_context(|| {
        format!(
            "cannot write {}: pick another file with -o FILE",
            path.display()
        )
    })?;
    eprintln!("wrote {}", path.display());
    if open {
        open_in_browser(path);
    }
    Ok(())
}

fn open_in_browser(path: &std::path::Path) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(opener).arg(path).spawn() {
        eprintln!(
            "could not open a browser ({opener}: {e}); open {} yourself",
            path.display()
        );
    }
}

pub fn run(_g: &GlobalOpts, a: Args) -> anyhow::Result<()> {
    let dir = a.sessions.dir();
    let s = review::find(&dir, &a.session)?;
    if !(a.html || a.output.is_some() || a.open) {
        return print(&review::terminal::render_session(&s, use_color()));
    }
    let out = a
        .output
        .clone()
        .unwrap_or_else(|| s.dir.join("review.html"));
    let page_dir = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("."));
    let links = if a.embed_audio {
        AudioLinks::Embed
    } else {
        AudioLinks::RelativeTo(page_dir)
    };
    let html = review::html::render_session(&s, &links);
    for p in &s.problems {
        eprintln!("note: {}: {p}", s.session.id);
    }
    write_page(&out, &html, a.open)
}

//! `mockloop questions`: list the question bank, filtered.

use super::GlobalOpts;
use anyhow::Context;
use mockloop::questions::{shape_name, Filter, QuestionBank};
use mockloop::types::Question;
use serde::Serialize;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A table for reading.
    Text,
    /// `{"schema": "mockloop.questions.v1", "count": N, "questions": [...]}`.
    Json,
}

#[derive(clap::Args, Debug)]
#[command(
    after_help = "Filters ignore case and punctuation: --principle \"customer obsession\", \
--principle customer-obsession and --principle customer all work. An unknown value lists the valid ones."
)]
pub struct Args {
    /// Only questions probing this Leadership Principle, e.g. "Customer Obsession" or dive-deep.
    #[arg(long, short = 'p', value_name = "PRINCIPLE")]
    pub principle: Option<String>,
    /// Only questions for this round: phone-screen, loop, recruiter-screen, written-exercise,
    /// product-design, execution-metrics, analytical-technical, leadership-stakeholder, bar-raiser.
    #[arg(long, value_name = "ROUND")]
    pub round: Option<String>,
    /// Only questions suiting this role: pm, csm or engineer (questions for any role are kept).
    #[arg(long, value_name = "ROLE")]
    pub role: Option<String>,
    /// Only questions expecting this answer shape: star, product or metrics.
    #[arg(long, value_name = "SHAPE")]
    pub shape: Option<String>,
    /// Output format.
    #[arg(long, value_enum, ignore_case = true, default_value_t = Format::Text)]
    pub format: Format,
    /// Also show each question's follow-up probes (text format).
    #[arg(long)]
    pub probes: bool,
    /// Read questions from this folder of *.toml files (or one file) instead of the built-in bank.
    #[arg(long, env = "MOCKLOOP_PROMPTS", value_name = "DIR")]
    pub prompts: Option<PathBuf>,
}

#[derive(Serialize)]
struct JsonOut<'a> {
    schema: &'static str,
    source: &'a str,
    filter: &'a Filter,
    count: usize,
    questions: Vec<&'a Question>,
}

pub fn run(_g: &GlobalOpts, a: Args) -> anyhow::Result<()> {
    let filter = Filter::from_args(
        a.principle.as_deref(),
        a.round.as_deref(),
        a.role.as_deref(),
        a.shape.as_deref(),
    )?;
    let bank = QuestionBank::load(a.prompts.as_deref())?;
    let found = bank.filter(&filter);

    match print(&a, &bank, &filter, found) {
        // `mockloop questions | head` closing the pipe early is not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => r.context("writing the question list"),
    }
}

fn print(
    a: &Args,
    bank: &QuestionBank,
    filter: &Filter,
    found: Vec<&Question>,
) -> std::io::Result<()> {
    let stdout = std::io::stdout();
    let tty = stdout.is_terminal();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match a.format {
        Format::Json => {
            let doc = JsonOut {
                schema: "mockloop.questions.v1",
                source: bank.source(),
                filter,
                count: found.len(),
                questions: found,
            };
            serde_json::to_writer_pretty(&mut out, &doc)?;
            writeln!(out)?;
        }
        Format::Text => {
            let width = if tty {
                crossterm::terminal::size().map_or(100, |(w, _)| w as usize)
            } else {
                100
            };
            let dim = tty && std::env::var_os("NO_COLOR").is_none();
            write_table(&mut out, &found, width, dim, a.probes)?;
            if found.is_empty() {
                writeln!(
                    out,
                    "No questions match {}. Loosen a filter, or run `mockloop questions` to see them all.",
                    describe(filter)
                )?;
            } else {
                let of = if filter.is_empty() {
                    String::new()
                } else {
                    format!(" matching {} (of {})", describe(filter), bank.len())
                };
                writeln!(
                    out,
                    "\n{} questions{of}; bank: {}",
                    found.len(),
                    bank.source()
                )?;
            }
        }
    }
    out.flush()
}

fn describe(f: &Filter) -> String {
    let mut parts = Vec::new();
    if let Some(p) = f.principle {
        parts.push(format!("principle \"{p}\""));
    }
    if let Some(r) = f.round {
        parts.push(format!("round {r}"));
    }
    if let Some(r) = f.role {
        parts.push(format!("role {r}"));
    }
    if let Some(s) = f.shape {
        parts.push(format!("shape {}", shape_name(s)));
    }
    if parts.is_empty() {
        "no filter".into()
    } else {
        parts.join(", ")
    }
}

/// ID, time and shape columns, then the question wrapped to the terminal, with its principles,
/// rounds and roles on a dimmed line underneath.
fn write_table(
    out: &mut impl Write,
    qs: &[&Question],
    width: usize,
    dim: bool,
    probes: bool,
) -> std::io::Result<()> {
    if qs.is_empty() {
        return Ok(());
    }
    let id_w = qs
        .iter()
        .map(|q| q.id.len())
        .max()
        .unwrap_or(2)
        .clamp(2, 32);
    let indent = id_w + 2 + 5 + 2 + 7 + 2;
    let text_w = width.saturating_sub(indent + 1).max(30);
    let pad = " ".repeat(indent);
    let (d0, d1) = if dim {
        ("\x1b[2m", "\x1b[0m")
    } else {
        ("", "")
    };
    writeln!(
        out,
        "{:id_w$}  {:>5}  {:7}  QUESTION",
        "ID", "TIME", "SHAPE"
    )?;
    for q in qs {
        let time = format!("{}:{:02}", q.time_limit_s / 60, q.time_limit_s % 60);
        let lines = wrap(&q.text, text_w);
        for (i, line) in lines.iter().enumerate() {
            if i == 0 {
                writeln!(
                    out,
                    "{:id_w$}  {time:>5}  {:7}  {line}",
                    q.id,
                    shape_name(q.shape)
                )?;
            } else {
                writeln!(out, "{pad}{line}")?;
            }
        }
        let roles = if q.roles.is_empty() {
            "any role".to_string()
        } else {
            q.roles.join(", ")
        };
        let mut meta = vec![];
        if !q.principles.is_empty() {
            // " / " because principle names contain commas.
            meta.push(q.principles.join(" / "));
        }
        meta.push(q.rounds.join(", "));
        meta.push(roles);
        for line in wrap(&meta.join(" · "), text_w) {
            writeln!(out, "{pad}{d0}{line}{d1}")?;
        }
        if probes {
            for p in &q.probes {
                for (i, line) in wrap(p, text_w.saturating_sub(2).max(20)).iter().enumerate() {
                    let mark = if i == 0 { "→ " } else { "  " };
                    writeln!(out, "{pad}{mark}{line}")?;
                }
            }
        }
    }
    Ok(())
}

/// Greedy word wrap; a word longer than the width gets a line of its own.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut cur = String::new();
    for word in text.split_whitespace() {
        if !cur.is_empty() && cur.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut cur));
        }
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(word);
    }
    if !cur.is_empty() || lines.is_empty() {
        lines.push(cur);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_respects_width() {
        let lines = wrap("Tell me about a time you disagreed with your manager.", 20);
        assert!(lines.iter().all(|l| l.chars().count() <= 20), "{lines:?}");
        assert_eq!(
            lines.join(" "),
            "Tell me about a time you disagreed with your manager."
        );
        assert_eq!(wrap("", 10), [""]);
    }

    #[test]
    fn table_lists_every_question_with_its_metadata() {
        let bank = QuestionBank::load(None).unwrap();
        let f = Filter::new().with_principle("frugality").unwrap();
        let qs = bank.filter(&f);
        let mut buf = Vec::new();
        write_table(&mut buf, &qs, 100, false, true).unwrap();
        let text = String::from_utf8(buf).unwrap();
        for q in &qs {
            assert!(text.contains(&q.id));
        }
        let probes: usize = qs.iter().map(|q| q.probes.len()).sum();
        assert_eq!(text.matches("→ ").count(), probes);
        assert!(text.contains("Frugality"));
        assert!(text.lines().all(|l| l.chars().count() <= 100), "{text}");
    }
}

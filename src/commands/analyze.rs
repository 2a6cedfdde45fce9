//! `mockloop analyze INPUT`: STAR parts, timing, numbers and flags for one answer.

use super::GlobalOpts;
use anyhow::{bail, Context};
use mockloop::analysis::{analyze_text, analyze_transcript, AnalyzeOptions};
use mockloop::report;
use mockloop::types::{Analysis, AnalysisInput, InputKind, Transcript};
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// For a terminal (colour when stdout is one and NO_COLOR is unset).
    Text,
    /// The mockloop.analysis.v1 contract (docs/analysis.md).
    Json,
    /// Markdown.
    Md,
    /// A self-contained HTML page.
    Html,
}

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The answer: a WAV recording, a plain-text transcript (.txt), or transcript JSON from
    /// `mockloop transcribe --format json`. `-` reads text from stdin.
    #[arg(value_name = "INPUT")]
    pub input: PathBuf,
    /// The question that was asked (shown in the report).
    #[arg(long, value_name = "TEXT")]
    pub question: Option<String>,
    /// Time limit for the answer, in seconds (audio only: text has no timing).
    #[arg(long, value_name = "SECS", default_value_t = 120.0)]
    pub time_limit: f64,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Write the report to FILE instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub engine: super::transcribe::EngineArgs,
}

pub fn run(g: &GlobalOpts, a: Args) -> anyhow::Result<()> {
    if !a.time_limit.is_finite() || a.time_limit <= 0.0 {
        bail!(
            "--time-limit must be a positive number of seconds (got {}); e.g. --time-limit 120",
            a.time_limit
        );
    }
    let opts = AnalyzeOptions {
        question: a.question.clone(),
        time_limit_s: a.time_limit,
    };
    let analysis = analyze_input(g, &a.input, &opts, &a.engine)?;
    let to_terminal = a.output.is_none() && std::io::stdout().is_terminal();
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let rendered = match a.format {
        Format::Text => report::text::render(&analysis, to_terminal && !no_color),
        Format::Json => {
            let mut s =
                serde_json::to_string_pretty(&analysis).context("serialising the analysis")?;
            s.push('\n');
            s
        }
        Format::Md => report::markdown::render(&analysis),
        Format::Html => report::html::render(&analysis),
    };
    match &a.output {
        Some(p) => std::fs::write(p, rendered)
            .with_context(|| format!("cannot write the report to {}", p.display()))?,
        None => {
            let mut out = std::io::stdout().lock();
            // A closed pipe (`| head`) is not an error worth reporting.
            if let Err(e) = out.write_all(rendered.as_bytes()).and_then(|_| out.flush()) {
                if e.kind() != std::io::ErrorKind::BrokenPipe {
                    return Err(e).context("writing the report to stdout");
                }
            }
        }
    }
    Ok(())
}

/// What INPUT turned out to be.
#[derive(Debug, PartialEq)]
enum Detected {
    Wav,
    Json,
    Text,
}

fn detect(path: &Path, bytes: &[u8]) -> Detected {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase());
    if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WAVE" {
        return Detected::Wav;
    }
    match ext.as_deref() {
        Some("wav") | Some("wave") => Detected::Wav,
        Some("json") => Detected::Json,
        Some("txt") | Some("text") | Some("md") => Detected::Text,
        _ if bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{') => Detected::Json,
        _ => Detected::Text,
    }
}

fn analyze_input(
    g: &GlobalOpts,
    path: &Path,
    opts: &AnalyzeOptions,
    engine: &super::transcribe::EngineArgs,
) -> anyhow::Result<Analysis> {
    let shown = path.display().to_string();
    let bytes = if shown == "-" {
        let mut b = Vec::new();
        std::io::stdin()
            .read_to_end(&mut b)
            .context("cannot read the answer from stdin")?;
        b
    } else {
        std::fs::read(path).with_context(|| {
            format!(
                "cannot read {shown}: check the path (INPUT is a .wav, .txt or transcript .json)"
            )
        })?
    };
    match detect(path, &bytes) {
        Detected::Wav => {
            let t = super::transcribe::transcribe_file(g, path, engine)?;
            if t.is_empty() {
                bail!("no speech found in {shown}: check the recording has your answer in it");
            }
            let input = AnalysisInput {
                path: shown,
                kind: InputKind::Audio,
            };
            Ok(analyze_transcript(&t, input, opts))
        }
        Detected::Json => {
            let t = parse_transcript(&bytes, &shown)?;
            if t.is_empty() {
                bail!("the transcript {shown} has no words: nothing to analyse");
            }
            let input = AnalysisInput {
                path: shown,
                kind: InputKind::Audio,
            };
            Ok(analyze_transcript(&t, input, opts))
        }
        Detected::Text => {
            let text = match String::from_utf8(bytes) {
                Ok(s) => s,
                Err(e) => {
                    log::warn!(
                        "{shown} is not UTF-8 text; unreadable bytes are replaced (save it as UTF-8 for an exact transcript)"
                    );
                    String::from_utf8_lossy(e.as_bytes()).into_owned()
                }
            };
            if text.trim().is_empty() {
                bail!("{shown} is empty: nothing to analyse (write or record an answer first)");
            }
            let input = AnalysisInput {
                path: shown,
                kind: InputKind::Text,
            };
            Ok(analyze_text(&text, input, opts))
        }
    }
}

fn parse_transcript(bytes: &[u8], shown: &str) -> anyhow::Result<Transcript> {
    let v: serde_json::Value = serde_json::from_slice(bytes).with_context(|| {
        format!("{shown} is not valid JSON: pass a transcript from `mockloop transcribe --format json`, a .txt or a .wav")
    })?;
    let schema = v.get("schema").and_then(|s| s.as_str());
    if schema != Some(Transcript::SCHEMA) {
        bail!(
            "{shown} is JSON but not a mockloop transcript (schema {}, expected \"{}\"): \
             pass the output of `mockloop transcribe --format json`, a .txt or a .wav",
            schema
                .map(|s| format!("\"{s}\""))
                .unwrap_or_else(|| "missing".into()),
            Transcript::SCHEMA
        );
    }
    serde_json::from_value(v).with_context(|| {
        format!("{shown} says it is a transcript but its fields are malformed: re-create it with `mockloop transcribe --format json`")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_inputs() {
        assert_eq!(detect(Path::new("a.wav"), b""), Detected::Wav);
        assert_eq!(
            detect(Path::new("x"), b"RIFF\0\0\0\0WAVEfmt "),
            Detected::Wav
        );
        assert_eq!(detect(Path::new("a.json"), b"{}"), Detected::Json);
        assert_eq!(detect(Path::new("a"), b"  {\"schema\":1}"), Detected::Json);
        assert_eq!(detect(Path::new("a.txt"), b"{not json"), Detected::Text);
        assert_eq!(detect(Path::new("-"), b"So I fixed it."), Detected::Text);
    }

    #[test]
    fn rejects_json_that_is_not_a_transcript() {
        let e = parse_transcript(br#"{"schema":"mockloop.analysis.v1"}"#, "x.json").unwrap_err();
        assert!(e.to_string().contains("not a mockloop transcript"), "{e}");
        let e = parse_transcript(b"[1,2", "x.json").unwrap_err();
        assert!(e.to_string().contains("not valid JSON"), "{e}");
        let e = parse_transcript(br#"{"schema":"mockloop.transcript.v1","text":3}"#, "x.json")
            .unwrap_err();
        assert!(e.to_string().contains("malformed"), "{e}");
    }
}

//! `mockloop transcribe FILE`: prints a WAV's transcript with timestamps.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};

use super::GlobalOpts;
use mockloop::audio::decode::read_wav;
use mockloop::output::{render, TranscriptFormat};
use mockloop::transcribe::{ProgressFn, TranscribeOptions, Transcriber, DEFAULT_BEAM_SIZE};
use mockloop::types::{Audio, Transcript};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// WAV file (any sample rate, mono or multi-channel, 8/16/24/32-bit PCM or 32-bit float).
    pub file: PathBuf,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = TranscriptFormat::Txt)]
    pub format: TranscriptFormat,
    /// Write to this file instead of standard output.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Plain text without segment times (txt only).
    #[arg(long)]
    pub no_timestamps: bool,
    #[command(flatten)]
    pub engine: EngineArgs,
}

/// Transcription settings shared by every command that transcribes.
#[derive(clap::Args, Debug, Clone)]
pub struct EngineArgs {
    /// CPU threads for whisper (default: number of cores).
    #[arg(long, env = "MOCKLOOP_THREADS")]
    pub threads: Option<usize>,
    /// Let whisper clean up "um"/"uh" instead of keeping them (slightly cleaner text, no filler counts).
    #[arg(long)]
    pub no_fillers: bool,
    /// Candidate transcripts whisper keeps while decoding (1 = greedy: about 30% faster,
    /// about 2 points fewer words right). At most 5: a beam of 8 took up to 13 times as long.
    #[arg(long, default_value_t = DEFAULT_BEAM_SIZE, value_parser = clap::value_parser!(u16).range(1..=5))]
    pub beam: u16,
}

impl EngineArgs {
    pub fn options(&self) -> TranscribeOptions {
        let mut o = TranscribeOptions::default();
        if let Some(t) = self.threads {
            o.threads = t.max(1);
        }
        o.keep_fillers = !self.no_fillers;
        o.beam_size = self.beam;
        o
    }
}

pub fn run(g: &GlobalOpts, a: Args) -> anyhow::Result<()> {
    // Decode first: a bad file should fail before we spend time loading the model.
    let audio = read_wav(&a.file)?;
    let mut transcriber = load(g, &a.engine)?;
    let t = transcribe_with_progress(&mut transcriber, &audio, g.quiet)
        .with_context(|| format!("transcribing {}", a.file.display()))?;
    let text = render(&t, a.format, !a.no_timestamps);
    match &a.output {
        Some(p) => mockloop::paths::write_atomic(p, text.as_bytes())
            .with_context(|| format!("writing {}", p.display()))?,
        None => print!("{text}"),
    }
    if t.is_empty() {
        eprintln!("No speech found in {}.", a.file.display());
    }
    Ok(())
}

/// Finds (or fetches) the model and loads it.
pub fn load(g: &GlobalOpts, engine: &EngineArgs) -> anyhow::Result<Transcriber> {
    let model = super::model::ensure_model(g)?;
    Ok(Transcriber::load(&model, engine.options())?)
}

/// Transcribes with a progress bar on stderr for long audio (hidden when not a terminal).
pub fn transcribe_with_progress(
    tr: &mut Transcriber,
    audio: &Audio,
    quiet: bool,
) -> anyhow::Result<Transcript> {
    let show = !quiet && audio.duration_s() > 30.0 && std::io::stderr().is_terminal();
    let pb = if show {
        let pb = ProgressBar::new(100);
        pb.set_style(
            ProgressStyle::with_template("transcribing [{bar:40.cyan/blue}] {pos}% eta {eta}")
                .expect("static template")
                .progress_chars("=> "),
        );
        pb
    } else {
        ProgressBar::hidden()
    };
    let pb2 = pb.clone();
    let progress: ProgressFn = Box::new(move |p| pb2.set_position(p.clamp(0, 100) as u64));
    let t = tr.transcribe(audio, Some(progress))?;
    pb.finish_and_clear();
    Ok(t)
}

/// Reads and transcribes a WAV (used by `analyze` for audio input).
pub fn transcribe_file(
    g: &GlobalOpts,
    path: &Path,
    engine: &EngineArgs,
) -> anyhow::Result<Transcript> {
    let audio = read_wav(path)?;
    let mut tr = load(g, engine)?;
    transcribe_with_progress(&mut tr, &audio, g.quiet)
        .with_context(|| format!("transcribing {}", path.display()))
}

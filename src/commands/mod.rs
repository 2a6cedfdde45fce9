//! Command-line interface: one module per subcommand, each with its own clap `Args` and `run`.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

mod analyze;
mod devices;
mod eval_star;
mod export;
mod history;
mod model;
mod practice;
mod progress;
mod questions;
mod record;
mod review;
mod transcribe;

#[derive(Parser, Debug)]
#[command(
    name = "mockloop",
    version,
    about = "Local-first spoken mock-interview coach",
    long_about = "mockloop reads an interview question aloud, records your spoken answer, transcribes it \
locally with whisper (nothing leaves your machine), and shows what a debrief panel would see: \
Situation / Task / Action / Result, timing, numbers, and the weak spots."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalOpts,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every subcommand accepts.
#[derive(Args, Debug, Clone)]
pub struct GlobalOpts {
    /// More log output (-v info, -vv debug, -vvv trace).
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    pub verbose: u8,
    /// Only errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Whisper model file (ggml .bin). Overrides MOCKLOOP_MODEL and the models directory.
    #[arg(long, global = true, env = "MOCKLOOP_MODEL", value_name = "PATH")]
    pub model: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// A spoken mock interview: hear a question, answer out loud, get STAR feedback and a follow-up.
    Practice(practice::Args),
    /// Fetch, list or import whisper models.
    Model(model::Args),
    /// Transcribe a WAV file with timestamps.
    Transcribe(transcribe::Args),
    /// Analyse a spoken or written answer: STAR parts, timing, numbers and flags.
    Analyze(analyze::Args),
    /// List the interview questions in the bank.
    Questions(questions::Args),
    /// List audio devices and check the microphone's level.
    Devices(devices::Args),
    /// Record one answer from the microphone to a WAV file.
    Record(record::Args),
    /// Review a saved session: transcripts, STAR parts, numbers and flags (terminal or HTML).
    Review(review::Args),
    /// One line per saved session: answers, lengths, quantified results, fillers, pace.
    History(history::Args),
    /// Trends across sessions, Leadership Principle coverage and what to practise next.
    Progress(progress::Args),
    /// Every answer with its measures, as CSV or JSON for a spreadsheet.
    Export(export::Args),
    /// Measure the STAR analyzer on labelled answers (developer tool).
    #[command(hide = true, name = "eval-star")]
    EvalStar(eval_star::Args),
}

pub fn init_logging(g: &GlobalOpts) {
    let level = if g.quiet {
        log::LevelFilter::Error
    } else {
        match g.verbose {
            0 => log::LevelFilter::Warn,
            1 => log::LevelFilter::Info,
            2 => log::LevelFilter::Debug,
            _ => log::LevelFilter::Trace,
        }
    };
    env_logger::Builder::new()
        .filter_level(level)
        // whisper.cpp's own logs are very chatty; keep them below our level.
        .filter_module("whisper_rs", log::LevelFilter::Error)
        .format_timestamp(None)
        .parse_env("MOCKLOOP_LOG")
        .init();
}

pub fn run(cli: Cli) -> anyhow::Result<()> {
    let g = cli.global;
    match cli.command {
        Command::Practice(a) => practice::run(&g, a),
        Command::Model(a) => model::run(&g, a),
        Command::Transcribe(a) => transcribe::run(&g, a),
        Command::Analyze(a) => analyze::run(&g, a),
        Command::Questions(a) => questions::run(&g, a),
        Command::Devices(a) => devices::run(&g, a),
        Command::Record(a) => record::run(&g, a),
        Command::Review(a) => review::run(&g, a),
        Command::History(a) => history::run(&g, a),
        Command::Progress(a) => progress::run(&g, a),
        Command::Export(a) => export::run(&g, a),
        Command::EvalStar(a) => eval_star::run(&g, a),
    }
}

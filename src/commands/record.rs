//! `mockloop record OUT.wav`: record one answer from the microphone.

use std::io::IsTerminal;
use std::path::PathBuf;

use anyhow::Context;
use mockloop::audio::capture::{RecordOptions, Recorder, RecordingSummary};
use mockloop::types::StopReason;

use super::GlobalOpts;

/// Exit code after Ctrl-C, as shells report for SIGINT.
pub const EXIT_INTERRUPTED: i32 = 130;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// WAV file to write (mono 16-bit at the microphone's rate; written as you speak).
    #[arg(value_name = "OUT.wav")]
    pub out: PathBuf,
    /// Microphone to record from, by name or id (see `mockloop devices`). Default: the system's.
    #[arg(long, value_name = "NAME")]
    pub input_device: Option<String>,
    /// Hard time limit in seconds.
    #[arg(long, value_name = "N", default_value_t = 120.0)]
    pub max_seconds: f64,
    /// Stop after this many seconds of silence once you have spoken.
    #[arg(long, value_name = "SECS", default_value_t = 3.0)]
    pub silence_stop: f32,
    /// Never stop on silence (only on Enter, Ctrl-C or the time limit).
    #[arg(long)]
    pub no_silence_stop: bool,
}

pub fn stop_reason_text(r: StopReason) -> &'static str {
    match r {
        StopReason::Key => "Enter pressed",
        StopReason::Silence => "silence after speech",
        StopReason::TimeLimit => "time limit reached",
        StopReason::Interrupted => "interrupted",
        StopReason::File => "answer from a file",
    }
}

pub fn run(g: &GlobalOpts, a: Args) -> anyhow::Result<()> {
    let interactive = std::io::stdin().is_terminal();
    let opts = RecordOptions {
        max_seconds: a.max_seconds,
        silence_stop_s: (!a.no_silence_stop).then_some(a.silence_stop),
        stop_on_enter: interactive,
        live_line: std::io::stderr().is_terminal() && !g.quiet,
        deliver_chunks: false,
        ..RecordOptions::default()
    };
    let rec = Recorder::start(a.input_device.as_deref(), &a.out, opts)
        .with_context(|| format!("could not start recording to {}", a.out.display()))?;
    let stop = rec.stop_handle();
    // Ctrl-C ends the recording cleanly: the WAV is finalized with everything so far.
    ctrlc::set_handler(move || stop.stop(StopReason::Interrupted))
        .context("cannot install the Ctrl-C handler")?;
    if !g.quiet {
        let how = if interactive {
            "press Enter to stop"
        } else {
            "stops on silence or the time limit"
        };
        eprintln!(
            "Recording from {} ({} Hz, {} ch) into {} — speak now; {how}, Ctrl-C to abort.",
            rec.device().label(),
            rec.sample_rate(),
            rec.channels(),
            a.out.display()
        );
    }
    let summary = rec
        .wait()
        .with_context(|| format!("recording to {} failed", a.out.display()))?;
    report(g, &summary, &a.out);
    if summary.stop_reason == StopReason::Interrupted {
        eprintln!(
            "interrupted: the partial recording ({:.1} s) is saved in {}",
            summary.duration_s,
            a.out.display()
        );
        std::process::exit(EXIT_INTERRUPTED);
    }
    Ok(())
}

fn report(g: &GlobalOpts, s: &RecordingSummary, out: &std::path::Path) {
    if g.quiet {
        return;
    }
    eprintln!(
        "Saved {:.1} s to {} (stopped: {}).",
        s.duration_s,
        out.display(),
        stop_reason_text(s.stop_reason)
    );
    if !s.speech_heard {
        eprintln!(
            "warning: only silence was recorded (loudest {:.0} dBFS): check the mic is unmuted \
             and its level is up, or pick another with --input-device \"NAME\".",
            s.max_level_db
        );
    }
    if s.dropped_samples > 0 {
        eprintln!(
            "warning: {} samples were lost because the machine was too busy.",
            s.dropped_samples
        );
    }
}

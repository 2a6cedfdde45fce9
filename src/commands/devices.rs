//! `mockloop devices`: list audio devices and check the microphone's level.

use std::io::IsTerminal;

use anyhow::Context;
use mockloop::audio::capture::{RecordOptions, Recorder};
use mockloop::audio::devices::{list_devices, DeviceInfo};

use super::GlobalOpts;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Input device to level-check, by name or id. Default: the system's default input.
    #[arg(long, value_name = "NAME")]
    pub input_device: Option<String>,
    /// Only list devices; skip the level check.
    #[arg(long)]
    pub no_check: bool,
    /// Length of the level check in seconds.
    #[arg(long, value_name = "SECS", default_value_t = 5.0)]
    pub check_seconds: f64,
}

fn print_section(title: &str, devs: &[DeviceInfo]) {
    println!("{title}:");
    let (usable, unusable): (Vec<&DeviceInfo>, Vec<&DeviceInfo>) =
        devs.iter().partition(|d| d.config_error.is_none());
    if usable.is_empty() {
        println!("  (none usable)");
    }
    for d in usable {
        let mark = if d.is_default { "*" } else { " " };
        if d.name == d.id {
            println!(" {mark} {}", d.id);
        } else {
            println!(" {mark} {}  —  {}", d.id, d.name);
        }
        for c in &d.configs {
            println!("       {c}");
        }
    }
    if !unusable.is_empty() {
        // ALSA lists plugins (jack, oss, rate converters) that cannot open on this machine.
        let ids: Vec<&str> = unusable.iter().map(|d| d.id.as_str()).collect();
        println!("   not usable here: {}", ids.join(", "));
        if let Some(d) = unusable.iter().find(|d| d.is_default) {
            println!(
                "   the default device ({}) fails: {}",
                d.id,
                d.config_error.as_deref().unwrap_or("unknown error")
            );
        }
    }
}

pub fn run(g: &GlobalOpts, a: Args) -> anyhow::Result<()> {
    let list = list_devices();
    println!("Audio host: {}", list.host);
    print_section("Input devices", &list.inputs);
    print_section("Output devices", &list.outputs);
    println!("(* = default; pick an input with --input-device \"NAME\" using the first column)");
    if a.no_check {
        return Ok(());
    }
    if !(a.check_seconds > 0.0 && a.check_seconds.is_finite()) {
        anyhow::bail!("--check-seconds must be a positive number");
    }

    println!();
    let opts = RecordOptions {
        max_seconds: a.check_seconds,
        silence_stop_s: None,
        stop_on_enter: false,
        live_line: std::io::stderr().is_terminal() && !g.quiet,
        deliver_chunks: false,
        ..RecordOptions::default()
    };
    let rec = Recorder::monitor(a.input_device.as_deref(), opts)
        .context("the microphone level check could not start")?;
    println!(
        "Level check on {} ({} Hz, {} ch): say something for {:.0} seconds...",
        rec.device().label(),
        rec.sample_rate(),
        rec.channels(),
        a.check_seconds
    );
    let s = rec.wait().context("the microphone level check failed")?;
    if s.speech_heard {
        println!(
            "Verdict: heard speech-level audio (loudest {:.0} dBFS). The microphone works.",
            s.max_level_db
        );
    } else {
        println!(
            "Verdict: only silence (loudest {:.0} dBFS): check the mic is unmuted and its input \
             level is up, or pick another device with --input-device \"NAME\".",
            s.max_level_db
        );
    }
    Ok(())
}

//! Transcription speed: mockloop's pipeline against a plain whisper-rs `full()` call on the same
//! samples, each in its own process so peak memory is its own.
//!
//! `cargo bench --bench transcribe [-- WAV]` (default: ~60 s of espeak-ng speech made on the fly).
//! Prints real-time factor, model load time and peak RSS for both, and mockloop's overhead.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use mockloop::audio::decode::read_wav;
use mockloop::transcribe::{TranscribeOptions, Transcriber, DEFAULT_BEAM_SIZE, FILLER_PROMPT};
use whisper_rs::{
    DtwMode, DtwModelPreset, FullParams, SamplingStrategy, WhisperContext, WhisperContextParameters,
};

const ANSWER: &str = "At my last company I was the product manager for checkout in Europe. \
Customers were seeing a twelve second delay when they paid, and about seven percent of them abandoned their carts. \
My job was to get the delay under two seconds before the holiday peak, which gave me about thirty days. \
First I sat with the support team and listened to calls from customers who had given up. \
Then I set up a daily latency dashboard so that everyone could see the same numbers every morning. \
I worked with the infrastructure team to move the payment service closer to our European customers, \
and I ran an A B test on a smaller checkout page. \
When the test showed a clear gain, I pushed for a full rollout and wrote the plan for the on call team. \
In the end latency dropped from twelve seconds to one point eight seconds. \
Cart abandonment fell to three point two percent, and weekly revenue went up by about two point four million dollars. \
What I learned is that one clear customer number gets a whole team moving in the same direction.";

fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn model() -> PathBuf {
    std::env::var_os("MOCKLOOP_MODEL")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("models/ggml-tiny.en.bin")
        })
}

fn threads() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get())
}

/// Child mode: run one engine, print "load_s total_s audio_s peak_mb".
fn child(mode: &str, wav: &Path) {
    let model = model();
    match mode {
        "mockloop" => {
            let t0 = Instant::now();
            let mut tr = Transcriber::load(&model, TranscribeOptions::default()).expect("load");
            let load = t0.elapsed().as_secs_f64();
            let t1 = Instant::now();
            // Everything a user pays for: decode, resample, VAD, whisper, word merging.
            let audio = read_wav(wav).expect("wav");
            let t = tr.transcribe(&audio, None).expect("transcribe");
            let total = t1.elapsed().as_secs_f64();
            eprintln!("mockloop: {} words", t.words.len());
            println!("{load} {total} {} {}", audio.duration_s(), peak_rss_mb());
        }
        // A plain whisper-rs call: "raw" with whisper's defaults, "raw-same" with the whisper
        // settings mockloop uses (filler prompt, DTW word timing, beam search), to separate the
        // cost of those features from mockloop's own overhead (decode, resample, VAD, word
        // merging).
        raw => {
            let same = raw == "raw-same";
            let audio = read_wav(wav).expect("wav");
            let t0 = Instant::now();
            let mut cp = WhisperContextParameters::default();
            if same {
                cp.dtw_parameters.mode = DtwMode::ModelPreset {
                    model_preset: DtwModelPreset::TinyEn,
                };
            }
            let ctx = WhisperContext::new_with_params(model.to_str().unwrap(), cp).expect("load");
            let mut state = ctx.create_state().expect("state");
            let load = t0.elapsed().as_secs_f64();
            let t1 = Instant::now();
            let strategy = if same {
                SamplingStrategy::BeamSearch {
                    beam_size: i32::from(DEFAULT_BEAM_SIZE),
                    patience: -1.0,
                }
            } else {
                SamplingStrategy::Greedy { best_of: 1 }
            };
            let mut p = FullParams::new(strategy);
            p.set_n_threads(threads() as i32);
            p.set_language(Some("en"));
            p.set_token_timestamps(true);
            p.set_print_progress(false);
            if same {
                p.set_initial_prompt(FILLER_PROMPT);
            }
            state.full(p, &audio.samples).expect("full");
            let total = t1.elapsed().as_secs_f64();
            eprintln!("{raw}: {} segments", state.full_n_segments());
            println!("{load} {total} {} {}", audio.duration_s(), peak_rss_mb());
        }
    }
}

fn run(mode: &str, wav: &Path) -> [f64; 4] {
    let out = Command::new(std::env::current_exe().unwrap())
        .args(["--child", mode])
        .arg(wav)
        .output()
        .expect("spawn bench child");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let s = String::from_utf8_lossy(&out.stdout);
    let v: Vec<f64> = s
        .split_whitespace()
        .filter_map(|x| x.parse().ok())
        .collect();
    [v[0], v[1], v[2], v[3]]
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    if args.first().map(String::as_str) == Some("--child") {
        whisper_rs::install_logging_hooks();
        child(&args[1], Path::new(&args[2]));
        return;
    }
    if !model().is_file() {
        eprintln!(
            "no model at {}: run `cargo run --release -- model fetch` first",
            model().display()
        );
        std::process::exit(1);
    }
    let dir = tempfile::tempdir().unwrap();
    let wav = match args.first() {
        Some(p) => PathBuf::from(p),
        None => {
            let p = dir.path().join("answer.wav");
            let st = Command::new("espeak-ng")
                .args(["-v", "en-us", "-s", "150", "-w"])
                .arg(&p)
                .arg(ANSWER)
                .status()
                .expect("espeak-ng");
            assert!(st.success());
            p
        }
    };
    let rounds = 3;
    let best = |mode: &str| {
        (0..rounds)
            .map(|_| run(mode, &wav))
            .min_by(|a, b| a[1].total_cmp(&b[1]))
            .unwrap()
    };
    let raw = best("raw");
    let same = best("raw-same");
    let ml = best("mockloop");
    println!(
        "transcription bench: {} ({:.1} s of audio), {} threads, best of {rounds}",
        wav.display(),
        raw[2],
        threads()
    );
    println!(
        "{:<37} {:>7} {:>8} {:>8} {:>8}",
        "engine", "load s", "total s", "RTF", "peak MB"
    );
    for (name, r) in [
        ("whisper-rs full(), defaults", raw),
        ("whisper-rs full(), mockloop settings", same),
        ("mockloop transcribe (whole stage)", ml),
    ] {
        println!(
            "{:<37} {:>7.3} {:>8.2} {:>8.4} {:>8.0}",
            name,
            r[0],
            r[1],
            r[1] / r[2],
            r[3]
        );
    }
    println!(
        "mockloop's own overhead (vs the same whisper settings): {:+.1}%",
        (ml[1] / same[1] - 1.0) * 100.0
    );
    println!(
        "cost of the filler prompt, DTW word timing and beam search (vs defaults): {:+.1}%",
        (same[1] / raw[1] - 1.0) * 100.0
    );
}

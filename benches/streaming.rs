//! Post-stop latency of the live path: a recording is replayed in real time through the same
//! streaming transcriber `practice` uses; the figure is the time from the end of the audio to
//! the transcript being ready (analysis time is printed separately), against a batch
//! transcription of the same audio.
//!
//! `cargo bench --bench streaming [-- WAV]` (default: ~2 minutes of espeak-ng speech).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use mockloop::analysis::{analyze_transcript, AnalyzeOptions};
use mockloop::audio::decode::read_wav;
use mockloop::audio::vad::VadConfig;
use mockloop::stream::{ChunkPolicy, StreamingTranscriber};
use mockloop::transcribe::{TranscribeOptions, Transcriber};
use mockloop::types::SAMPLE_RATE;
use mockloop::types::{AnalysisInput, InputKind};

const PARAGRAPH: &str = "At my last company I owned the checkout flow for our European marketplace. \
Customers were waiting twelve seconds to pay, and seven percent of them gave up before the order went through. \
I was asked to bring that delay under two seconds within a month, before the holiday peak. \
So first I listened to twenty support calls, and then I built a daily dashboard of latency by country. \
I found that most of the time went into a payment call that crossed the Atlantic twice. \
I worked with the infrastructure team to move that service into the Frankfurt region, \
and I ran an experiment on a lighter checkout page at the same time. ";

fn model() -> PathBuf {
    std::env::var_os("MOCKLOOP_MODEL")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("models/ggml-tiny.en.bin")
        })
}

fn speech(dir: &Path) -> PathBuf {
    let p = dir.join("answer.wav");
    // Three passes of the paragraph and an ending: a bit over two minutes at 150 wpm.
    let text = format!(
        "{PARAGRAPH} {PARAGRAPH} {PARAGRAPH} In the end, latency fell to one point eight seconds, abandonment fell to three point two percent, \
and weekly revenue rose by two point four million dollars. What I learned is to start from one customer number."
    );
    let st = Command::new("espeak-ng")
        .args(["-v", "en-us", "-s", "150", "-w"])
        .arg(&p)
        .arg(text)
        .status()
        .expect("espeak-ng");
    assert!(st.success());
    p
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    whisper_rs::install_logging_hooks();
    let dir = tempfile::tempdir().unwrap();
    let wav = args
        .first()
        .map(PathBuf::from)
        .unwrap_or_else(|| speech(dir.path()));
    let audio = read_wav(&wav).expect("wav");
    let secs = audio.duration_s();

    let tr = Transcriber::load(&model(), TranscribeOptions::default()).expect("model");
    let mut st = StreamingTranscriber::new(tr, VadConfig::default(), ChunkPolicy::default());
    // Real-time replay in 100 ms blocks, as the capture thread delivers them.
    let block = SAMPLE_RATE as usize / 10;
    let t0 = Instant::now();
    for (i, c) in audio.samples.chunks(block).enumerate() {
        let due = Duration::from_secs_f64((i + 1) as f64 * 0.1);
        if let Some(wait) = due.checked_sub(t0.elapsed()) {
            std::thread::sleep(wait);
        }
        st.push(c);
    }
    let lag = t0.elapsed().as_secs_f64() - secs;
    let stop = Instant::now();
    let (t, mut tr, stats) = st.finish().expect("finish");
    let post_stop = stop.elapsed().as_secs_f64();
    let a0 = Instant::now();
    let analysis = analyze_transcript(
        &t,
        AnalysisInput {
            path: wav.display().to_string(),
            kind: InputKind::Audio,
        },
        &AnalyzeOptions::default(),
    );
    let analysis_s = a0.elapsed().as_secs_f64();
    let words = t.words.len();

    let b0 = Instant::now();
    let batch = tr.transcribe(&audio, None).expect("batch");
    let batch_s = b0.elapsed().as_secs_f64();

    println!(
        "streaming bench: {} ({secs:.1} s of audio), replayed in real time",
        wav.display()
    );
    println!("  chunks sent to whisper        {}", stats.chunks);
    println!(
        "  whisper busy during replay    {:.2} s ({:.0}% of the audio time)",
        stats.whisper_s,
        stats.whisper_s / secs * 100.0
    );
    println!("  replay lag behind real time   {lag:.2} s");
    println!("  transcript ready after stop   {post_stop:.2} s");
    println!(
        "  analysis after transcript     {:.4} s ({} parts, {} flags)",
        analysis_s,
        analysis.parts.len(),
        analysis.flags.len()
    );
    println!(
        "  POST-STOP LATENCY             {:.2} s  (target <= 1.5 s)",
        post_stop + analysis_s
    );
    println!("  batch transcription instead   {batch_s:.2} s");
    println!(
        "  words streamed / batch        {words} / {}",
        batch.words.len()
    );
}

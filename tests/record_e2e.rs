//! End to end: the real binary records from a virtual microphone (isolated PulseAudio, see
//! tests/support/virtual_mic.rs) while known espeak-ng speech is played into it.

#[path = "support/virtual_mic.rs"]
mod virtual_mic;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use virtual_mic::{
    best_alignment, envelope_db, espeak_wav, interrupt, no_audio_env, read_wav, wait_exit,
    StderrWatch, VirtualMic,
};

const SPEECH: &str = "I led the migration of our checkout service. \
The latency dropped from four seconds to under one second.";

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_mockloop")
}

/// Starts `mockloop record` on the virtual mic; returns once it says it is recording.
fn start_record(
    mic: &VirtualMic,
    out: &Path,
    extra: &[&str],
) -> (std::process::Child, StderrWatch) {
    let mut cmd = Command::new(bin());
    cmd.arg("record").arg(out).args(extra);
    mic.apply(&mut cmd);
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut watch = StderrWatch::new(&mut child);
    watch.wait_for("Recording from", Duration::from_secs(20));
    (child, watch)
}

fn rms(s: &[f32]) -> f32 {
    (s.iter().map(|&x| x * x).sum::<f32>() / s.len().max(1) as f32).sqrt()
}

#[test]
fn records_speech_from_the_mic_and_stops_on_silence() {
    let mic = VirtualMic::start();
    let dir = tempfile::tempdir().unwrap();
    let clip = dir.path().join("speech.wav");
    espeak_wav(SPEECH, &clip);
    let (src, src_rate) = read_wav(&clip);
    let clip_s = src.len() as f64 / src_rate as f64;

    let out = dir.path().join("answer.wav");
    let (mut child, mut watch) =
        start_record(&mic, &out, &["--max-seconds", "30", "--silence-stop", "2"]);
    std::thread::sleep(Duration::from_millis(300));
    mic.play(&clip);
    let status = wait_exit(&mut child, Duration::from_secs(20));
    let log = watch.rest();
    assert!(status.success(), "record failed: {log}");
    assert!(log.contains("silence after speech"), "{log}");

    let (rec, rate) = read_wav(&out);
    let rec_s = rec.len() as f64 / rate as f64;
    // Clip + start delay + 2 s of silence; well under the 30 s limit.
    assert!(
        rec_s > clip_s + 1.5 && rec_s < clip_s + 5.0,
        "recorded {rec_s:.2} s for a {clip_s:.2} s clip"
    );
    assert!(rms(&rec) > 0.01, "recording is silent (rms {})", rms(&rec));

    // The recorded loudness envelope follows the clip's.
    let hop = 0.02;
    let e_src = envelope_db(&src, src_rate, hop);
    let e_rec = envelope_db(&rec, rate, hop);
    let (corr, lag) = best_alignment(&e_rec, &e_src);
    let lag_s = lag as f64 * hop;
    assert!(
        corr > 0.85,
        "envelope correlation {corr:.3} at lag {lag_s:.2} s"
    );
    assert!((0.0..1.5).contains(&lag_s), "speech starts {lag_s:.2} s in");
    eprintln!(
        "recorded {rec_s:.2} s at {rate} Hz for a {clip_s:.2} s clip; envelope r={corr:.3}, \
         offset {lag_s:.2} s"
    );
}

#[test]
fn time_limit_without_silence_stop() {
    // A 48 kHz stereo source for variety (ALSA's pulse plugin opens 48 kHz stereo whatever
    // the source, so the downmix and a non-16 kHz device rate are exercised in every test).
    let mic = VirtualMic::start_with(48_000, 2);
    let dir = tempfile::tempdir().unwrap();
    let clip = dir.path().join("speech.wav");
    espeak_wav("One two three four five.", &clip);
    let out = dir.path().join("limit.wav");
    let (mut child, mut watch) =
        start_record(&mic, &out, &["--max-seconds", "4", "--no-silence-stop"]);
    mic.play(&clip);
    let status = wait_exit(&mut child, Duration::from_secs(20));
    let log = watch.rest();
    assert!(status.success(), "{log}");
    assert!(log.contains("time limit reached"), "{log}");
    let r = hound::WavReader::open(&out).unwrap();
    assert_eq!(r.spec().channels, 1);
    let secs = r.duration() as f64 / r.spec().sample_rate as f64;
    assert!((secs - 4.0).abs() < 0.01, "{secs} s");
    let (rec, _) = read_wav(&out);
    assert!(rms(&rec) > 0.01);
}

#[test]
fn ctrl_c_keeps_a_valid_wav_with_the_audio_so_far() {
    let mic = VirtualMic::start();
    let dir = tempfile::tempdir().unwrap();
    let clip = dir.path().join("speech.wav");
    espeak_wav(SPEECH, &clip);
    let out = dir.path().join("partial.wav");
    let (mut child, mut watch) =
        start_record(&mic, &out, &["--max-seconds", "60", "--no-silence-stop"]);
    let mut player = mic.play_async(&clip);
    std::thread::sleep(Duration::from_millis(2500));
    interrupt(&child);
    let status = wait_exit(&mut child, Duration::from_secs(10));
    let _ = player.wait();
    let log = watch.rest();
    assert_eq!(status.code(), Some(130), "{log}");
    assert!(log.contains("partial recording"), "{log}");
    assert!(log.contains(&out.display().to_string()), "{log}");
    let (rec, rate) = read_wav(&out);
    let secs = rec.len() as f64 / rate as f64;
    assert!((1.8..4.0).contains(&secs), "{secs} s kept");
    assert!(rms(&rec) > 0.01, "partial recording is silent");
}

#[test]
fn unknown_input_device_lists_devices_and_leaves_no_file() {
    let mic = VirtualMic::start();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("none.wav");
    let mut cmd = Command::new(bin());
    cmd.arg("record")
        .arg(&out)
        .args(["--input-device", "no-such-microphone"]);
    mic.apply(&mut cmd);
    let o = cmd.stdin(Stdio::null()).output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success());
    assert!(err.contains("no-such-microphone"), "{err}");
    assert!(err.contains("Available input devices"), "{err}");
    assert!(err.contains("pulse"), "{err}");
    assert!(err.contains("--input-device \"NAME\""), "{err}");
    assert!(!out.exists(), "a failed start must not leave a file");
}

#[test]
fn no_audio_server_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("none.wav");
    let o = Command::new(bin())
        .arg("record")
        .arg(&out)
        .envs(no_audio_env(dir.path()))
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success());
    assert!(err.contains("no working microphone found"), "{err}");
    assert!(
        err.contains("--input-device") || err.contains("No input devices"),
        "{err}"
    );
    assert!(!out.exists());
}

#[test]
fn devices_lists_inputs_and_level_check_hears_speech() {
    let mic = VirtualMic::start();
    let dir = tempfile::tempdir().unwrap();
    let clip = dir.path().join("speech.wav");
    espeak_wav(SPEECH, &clip);

    let mut cmd = Command::new(bin());
    cmd.args(["devices", "--check-seconds", "3"]);
    mic.apply(&mut cmd);
    let child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(700));
    let mut player = mic.play_async(&clip);
    let o = child.wait_with_output().unwrap();
    let _ = player.kill();
    let _ = player.wait();
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success(),
        "{text}\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(text.contains("Input devices:"), "{text}");
    assert!(text.contains("pulse"), "{text}");
    assert!(text.contains("heard speech-level audio"), "{text}");

    // Nothing played: the verdict says so.
    let mut cmd = Command::new(bin());
    cmd.args(["devices", "--check-seconds", "2"]);
    mic.apply(&mut cmd);
    let o = cmd.stdin(Stdio::null()).output().unwrap();
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success());
    assert!(text.contains("only silence"), "{text}");
}

#[test]
fn library_recorder_streams_16k_chunks_matching_the_wav() {
    use mockloop::audio::capture::{RecordOptions, Recorder};
    use mockloop::types::StopReason;

    let mic = VirtualMic::start_with(44_100, 2);
    // cpal runs in this process: point it at the virtual mic. The other tests here only start
    // child processes with their own explicit environment, so this does not leak into them.
    for (k, v) in mic.env() {
        std::env::set_var(k, v);
    }
    let dir = tempfile::tempdir().unwrap();
    let clip = dir.path().join("speech.wav");
    espeak_wav(SPEECH, &clip);
    let out = dir.path().join("lib.wav");
    let opts = RecordOptions {
        max_seconds: 20.0,
        silence_stop_s: Some(1.5),
        stop_on_enter: false,
        live_line: false,
        ..RecordOptions::default()
    };
    let mut rec = Recorder::start(None, &out, opts).expect("recorder starts on the virtual mic");
    assert_eq!(rec.chunk_rate(), 16_000);
    let device_rate = rec.sample_rate();
    let chunks = rec.chunks().expect("chunks receiver");
    let reader = std::thread::spawn(move || {
        let mut all = Vec::new();
        let mut n = 0usize;
        for c in chunks {
            assert_eq!(c.sample_rate, 16_000);
            all.extend(c.samples);
            n += 1;
        }
        (all, n)
    });
    std::thread::sleep(Duration::from_millis(300));
    mic.play(&clip);
    let summary = rec.wait().expect("recording finishes");
    let (streamed, pieces) = reader.join().unwrap();
    assert_eq!(summary.stop_reason, StopReason::Silence);
    assert!(summary.speech_heard);
    assert_eq!(summary.sample_rate, device_rate);
    assert_eq!(summary.dropped_samples, 0);
    // Streamed live in many pieces, and exactly as long as the WAV.
    assert!(pieces > 20, "only {pieces} chunks");
    let expected = (summary.duration_s * 16_000.0).round() as i64;
    assert!(
        (streamed.len() as i64 - expected).abs() <= 1,
        "{} streamed samples for {:.3} s",
        streamed.len(),
        summary.duration_s
    );
    let (wav, rate) = read_wav(&out);
    let e_wav = envelope_db(&wav, rate, 0.02);
    let e_str = envelope_db(&streamed, 16_000, 0.02);
    let n = e_wav.len().min(e_str.len());
    let (corr, lag) = best_alignment(&e_wav[..n], &e_str[..n]);
    assert!(corr > 0.95 && lag.abs() <= 1, "r={corr:.3} lag={lag}");
}

//! End to end: `mockloop practice` with the real model and a virtual microphone. A spoken STAR
//! answer (espeak-ng) is played into the mic while practice records; then the follow-up answer.

#[path = "support/model.rs"]
mod support;
#[path = "support/virtual_mic.rs"]
mod virtual_mic;

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use mockloop::session::SessionStore;
use mockloop::types::{Part, Session, StopReason};
use support::{bin, model_path, wer};
use virtual_mic::{
    espeak_wav, interrupt, no_audio_env, read_wav, wait_exit, StderrWatch, VirtualMic,
};

const ANSWER: &str = "At my last job I was the product manager for checkout in Europe. \
Customers were waiting twelve seconds to pay, and seven percent of them gave up. \
My goal was to bring that under two seconds within a month. \
I set up a daily latency dashboard, and I worked with the infrastructure team to move the payment service. \
In the end latency dropped to one point eight seconds and abandonment fell to three percent.";

const FOLLOW_UP: &str =
    "I personally wrote the rollout plan and I ran the launch review every morning.";

fn practice_cmd(sessions: &Path, extra: &[&str]) -> Command {
    let mut cmd = Command::new(bin());
    cmd.args([
        "practice",
        "--count",
        "1",
        "--seed",
        "11",
        "--silence-stop",
        "2",
    ])
    .arg("--sessions")
    .arg(sessions)
    .args(extra)
    .env("MOCKLOOP_MODEL", model_path())
    .env("NO_COLOR", "1")
    .stdin(Stdio::null())
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    cmd
}

fn stdout_of(child: &mut Child) -> String {
    let mut s = String::new();
    use std::io::Read;
    child.stdout.take().unwrap().read_to_string(&mut s).unwrap();
    s
}

fn only_session(dir: &Path) -> (Session, std::path::PathBuf) {
    let store = SessionStore::new(dir);
    let ids = store.ids();
    assert_eq!(ids.len(), 1, "sessions: {ids:?}");
    let s = store.load(&ids[0]).unwrap();
    (s.session, s.dir)
}

#[test]
fn practice_records_from_the_mic_analyses_and_asks_a_follow_up() {
    let mic = VirtualMic::start();
    let dir = tempfile::tempdir().unwrap();
    let answer = dir.path().join("answer.wav");
    let follow = dir.path().join("follow.wav");
    espeak_wav(ANSWER, &answer);
    espeak_wav(FOLLOW_UP, &follow);
    let sessions = dir.path().join("sessions");
    let mut cmd = practice_cmd(&sessions, &["--no-speak"]);
    mic.apply(&mut cmd);
    let mut child = cmd.spawn().unwrap();
    let mut watch = StderrWatch::new(&mut child);
    watch.wait_for_nth("speak now", 1, Duration::from_secs(60));
    mic.play(&answer);
    // The answer ends on 2 s of silence; then the follow-up is asked and recorded.
    watch.wait_for_nth("speak now", 2, Duration::from_secs(60));
    mic.play(&follow);
    let status = wait_exit(&mut child, Duration::from_secs(120));
    let out = stdout_of(&mut child);
    let log = watch.rest();
    assert!(status.success(), "practice failed:\n{log}\n{out}");

    // What the user saw: the analysis and a follow-up question.
    assert!(out.contains("STAR analysis"), "{out}");
    assert!(out.contains("Follow-up:"), "{out}");
    assert!(log.contains("feedback ready"), "{log}");

    let (s, folder) = only_session(&sessions);
    assert!(s.finished_at.is_some());
    assert_eq!(s.questions.len(), 1);
    let att = &s.questions[0].attempts;
    assert_eq!(att.len(), 1, "{att:#?}");
    let a = &att[0].answer;
    assert_eq!(a.stop_reason, StopReason::Silence);
    // The saved WAV holds the spoken answer.
    let (rec, rate) = read_wav(&folder.join(&a.audio));
    let secs = rec.len() as f64 / rate as f64;
    assert!(secs > 15.0 && secs < 40.0, "{secs} s recorded");
    // The transcript's words match what was said.
    let t = a.transcript.as_ref().expect("transcript saved");
    let e = wer(ANSWER, &t.text);
    assert!(e < 0.3, "WER {e:.2}: {}", t.text);
    // STAR parts were found in order.
    let an = a.analysis.as_ref().expect("analysis saved");
    let parts: Vec<Part> = an.parts.iter().map(|p| p.part).collect();
    for p in [Part::Situation, Part::Action, Part::Result] {
        assert!(parts.contains(&p), "{parts:?}");
    }
    assert!(!an.has_flag("missing_result"), "{:?}", an.flags);
    assert!(an.numbers.len() >= 3, "{:?}", an.numbers);
    // A follow-up was asked, recorded and transcribed.
    let fu = att[0].follow_up.as_ref().expect("follow-up asked");
    assert!(!fu.question.is_empty());
    let fa = fu.answer.as_ref().expect("follow-up answered");
    let ft = fa.transcript.as_ref().expect("follow-up transcript");
    assert!(
        ft.text.to_lowercase().contains("rollout") || ft.text.to_lowercase().contains("plan"),
        "{}",
        ft.text
    );
    assert!(folder.join(&fa.audio).is_file());
}

#[test]
fn ctrl_c_mid_answer_keeps_the_wav_and_the_session() {
    let mic = VirtualMic::start();
    let dir = tempfile::tempdir().unwrap();
    let answer = dir.path().join("answer.wav");
    espeak_wav(ANSWER, &answer);
    let sessions = dir.path().join("sessions");
    let mut cmd = practice_cmd(&sessions, &["--no-speak"]);
    mic.apply(&mut cmd);
    let mut child = cmd.spawn().unwrap();
    let mut watch = StderrWatch::new(&mut child);
    watch.wait_for_nth("speak now", 1, Duration::from_secs(60));
    let mut player = mic.play_async(&answer);
    std::thread::sleep(Duration::from_secs(5));
    interrupt(&child);
    let status = wait_exit(&mut child, Duration::from_secs(60));
    let _ = player.kill();
    let _ = player.wait();
    let log = watch.rest();
    assert_eq!(status.code(), Some(130), "{log}");
    // The interrupted session is listed, unfinished, with a valid WAV of what was said.
    let (s, folder) = only_session(&sessions);
    assert!(s.finished_at.is_none());
    let a = &s.questions[0].attempts[0].answer;
    assert_eq!(a.stop_reason, StopReason::Interrupted);
    let (rec, rate) = read_wav(&folder.join(&a.audio));
    let secs = rec.len() as f64 / rate as f64;
    assert!((3.0..8.0).contains(&secs), "{secs} s kept");
    let rms = (rec.iter().map(|x| x * x).sum::<f32>() / rec.len() as f32).sqrt();
    assert!(rms > 0.01, "the kept audio is silent");
}

#[test]
fn answer_files_need_no_audio_device_and_tts_failure_is_not_fatal() {
    let dir = tempfile::tempdir().unwrap();
    let answer = dir.path().join("answer.wav");
    let follow = dir.path().join("follow.wav");
    espeak_wav(ANSWER, &answer);
    espeak_wav(FOLLOW_UP, &follow);
    let sessions = dir.path().join("sessions");
    // No --no-speak, and no audio server: speech fails or times out, practice goes on.
    let mut cmd = practice_cmd(&sessions, &[]);
    cmd.arg("--answer-file")
        .arg(&answer)
        .arg("--answer-file")
        .arg(&follow);
    for (k, v) in no_audio_env(dir.path()) {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    let log = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{log}\n{stdout}");
    assert!(stdout.contains("Follow-up:"), "{stdout}");
    let (s, folder) = only_session(&sessions);
    let att = &s.questions[0].attempts[0];
    assert_eq!(att.answer.stop_reason, StopReason::File);
    assert!(folder.join(&att.answer.audio).is_file());
    assert!(wer(ANSWER, &att.answer.transcript.as_ref().unwrap().text) < 0.3);
    assert!(att
        .follow_up
        .as_ref()
        .unwrap()
        .answer
        .as_ref()
        .unwrap()
        .transcript
        .is_some());
}

#[test]
fn question_is_spoken_into_the_audio_server() {
    if Command::new("sh")
        .args(["-c", "command -v speech-dispatcher"])
        .output()
        .map_or(true, |o| !o.status.success())
    {
        assert!(
            std::env::var_os("CI").is_none(),
            "speech-dispatcher must be installed in CI"
        );
        eprintln!("note: speech-dispatcher not installed; skipping the TTS check");
        return;
    }
    let mic = VirtualMic::start();
    let dir = tempfile::tempdir().unwrap();
    let answer = dir.path().join("answer.wav");
    espeak_wav(FOLLOW_UP, &answer);
    // Capture the sink's monitor while practice speaks the question, then answers from a file.
    let spoken = dir.path().join("spoken.wav");
    let mut rec = mic.command("parec");
    rec.args([
        "--device=vsink.monitor",
        "--file-format=wav",
        "--rate=16000",
        "--channels=1",
    ])
    .arg(&spoken);
    let mut parec = rec.spawn().unwrap();
    let sessions = dir.path().join("sessions");
    let mut cmd = practice_cmd(&sessions, &["--no-follow-up"]);
    cmd.arg("--answer-file").arg(&answer);
    mic.apply(&mut cmd);
    let out = cmd.output().unwrap();
    std::thread::sleep(Duration::from_millis(300));
    interrupt(&parec);
    let _ = parec.wait();
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{log}");
    assert!(
        !log.contains("questions will only be printed"),
        "TTS failed: {log}"
    );
    let (samples, rate) = read_wav(&spoken);
    let loud = samples
        .chunks(rate as usize / 10)
        .filter(|c| (c.iter().map(|x| x * x).sum::<f32>() / c.len() as f32).sqrt() > 0.01);
    let speech_s = loud.count() as f64 / 10.0;
    assert!(
        speech_s > 1.0,
        "only {speech_s} s of sound reached the sink: {log}"
    );
}

#[test]
fn no_microphone_is_a_clear_error_and_leaves_no_session() {
    let dir = tempfile::tempdir().unwrap();
    let sessions = dir.path().join("sessions");
    let mut cmd = practice_cmd(&sessions, &["--no-speak"]);
    for (k, v) in no_audio_env(dir.path()) {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("no working microphone") && err.contains("mockloop devices"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        SessionStore::new(&sessions).ids().is_empty(),
        "a session was left behind"
    );
}

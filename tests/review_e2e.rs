//! End to end: history, progress, export and review on a folder of real sessions (espeak-ng
//! speech, transcribed by the real whisper model), one finished with a retry and a follow-up,
//! one interrupted mid-answer, one whose WAV was deleted, and one with a corrupt session.json.

#[path = "support/sessions.rs"]
mod sessions;
#[path = "support/model.rs"]
mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use mockloop::types::{Answer, Attempt, FollowUp, Part, SessionQuestion, StopReason, Timings};
use sessions::{answer, fixture, question, speak, store, transcriber};

fn run(sessions: &Path, args: &[&str]) -> Output {
    Command::new(support::bin())
        .args(args)
        .arg("--sessions")
        .arg(sessions)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn ok(o: &Output) -> String {
    assert!(
        o.status.success(),
        "failed: {}\n{}",
        String::from_utf8_lossy(&o.stderr),
        String::from_utf8_lossy(&o.stdout)
    );
    String::from_utf8(o.stdout.clone()).unwrap()
}

struct Folder {
    _tmp: tempfile::TempDir,
    root: PathBuf,
    finished: String,
    interrupted: String,
    missing_wav: String,
    corrupt: String,
    /// Whether each analysed main answer's Result has a number, oldest first.
    quantified: Vec<bool>,
}

fn quantified(a: &Answer) -> bool {
    a.analysis
        .as_ref()
        .unwrap()
        .numbers
        .iter()
        .any(|n| n.part == Some(Part::Result))
}

fn build() -> Folder {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("sessions");
    let clips = tmp.path().join("clips");
    std::fs::create_dir_all(&clips).unwrap();
    let mut tr = transcriber();
    let short = fixture("dev/dev-041-short-fix-unquantified.toml");
    let full = fixture("dev/dev-049-replica-too-slow.toml");
    let a = speak(&mut tr, &short.text, &clips, "short");
    let b = speak(&mut tr, &full.text, &clips, "full");
    let f = speak(
        &mut tr,
        "I checked the error dashboard every morning for two weeks.",
        &clips,
        "followup",
    );
    let st = store(&root);
    let mut q = vec![];

    // 1. Finished: an answer with a follow-up, then a retry.
    let mut s1 = st.create("tiny.en").unwrap();
    let qq = question("q-short", &short, 90);
    let a1 = answer(&s1, "q1-a1.wav", &a, &qq.text, 90);
    let fu = answer(&s1, "q1-a1-followup.wav", &f, "How did you know?", 90);
    let a2 = answer(&s1, "q1-a2.wav", &b, &qq.text, 90);
    q.extend([quantified(&a1), quantified(&a2)]);
    s1.session.questions.push(SessionQuestion {
        question: qq,
        time_limit_s: 90,
        attempts: vec![
            Attempt {
                answer: a1,
                follow_up: Some(FollowUp {
                    question: "How did you know it worked?".into(),
                    reason: "unquantified_result".into(),
                    answer: Some(fu),
                }),
            },
            Attempt {
                answer: a2,
                follow_up: None,
            },
        ],
    });
    s1.finish().unwrap();

    // 2. Interrupted: the second answer was being recorded when the process died.
    let mut s2 = st.create("tiny.en").unwrap();
    let qq = question("q-full", &full, 120);
    let b1 = answer(&s2, "answers/q1-a1.wav", &b, &qq.text, 120);
    q.push(quantified(&b1));
    s2.session.questions.push(SessionQuestion {
        question: qq,
        time_limit_s: 120,
        attempts: vec![Attempt {
            answer: b1,
            follow_up: None,
        }],
    });
    std::fs::copy(&a.wav, s2.dir.join("answers/q2-a1.wav")).unwrap();
    s2.session.questions.push(SessionQuestion {
        question: question("q-short", &short, 90),
        time_limit_s: 90,
        attempts: vec![Attempt {
            answer: Answer {
                audio: "answers/q2-a1.wav".into(),
                started_at: mockloop::session::now_rfc3339(),
                duration_s: 0.0,
                stop_reason: StopReason::Interrupted,
                transcript: None,
                analysis: None,
                timings: Timings::default(),
            },
            follow_up: None,
        }],
    });
    s2.save().unwrap();

    // 3. Finished, but its WAV was deleted afterwards.
    let mut s3 = st.create("tiny.en").unwrap();
    let qq = question("q-short", &short, 90);
    let c1 = answer(&s3, "q1-a1.wav", &a, &qq.text, 90);
    q.push(quantified(&c1));
    s3.session.questions.push(SessionQuestion {
        question: qq,
        time_limit_s: 90,
        attempts: vec![Attempt {
            answer: c1,
            follow_up: None,
        }],
    });
    s3.finish().unwrap();
    std::fs::remove_file(s3.dir.join("q1-a1.wav")).unwrap();

    // 4. A session.json cut off mid-write by something other than mockloop.
    let s4 = st.create("tiny.en").unwrap();
    std::fs::write(
        s4.dir.join("session.json"),
        "{\"schema\":\"mockloop.session.v1\",\"id\":",
    )
    .unwrap();

    Folder {
        _tmp: tmp,
        root,
        finished: s1.session.id,
        interrupted: s2.session.id,
        missing_wav: s3.session.id,
        corrupt: s4.session.id,
        quantified: q,
    }
}

#[test]
fn history_progress_export_and_review_survive_damaged_sessions() {
    let f = build();
    // To look at the folder by hand: MOCKLOOP_KEEP_REVIEW_SESSIONS=DIR keeps a copy there.
    if let Some(keep) = std::env::var_os("MOCKLOOP_KEEP_REVIEW_SESSIONS") {
        let st = Command::new("cp")
            .arg("-r")
            .arg(&f.root)
            .arg(&keep)
            .status();
        assert!(st.is_ok_and(|s| s.success()));
    }

    // history: a line per session; the damaged one is reported, not fatal.
    let out = ok(&run(&f.root, &["history"]));
    let line = |id: &str| {
        out.lines()
            .find(|l| l.contains(id))
            .unwrap_or("")
            .to_string()
    };
    assert!(line(&f.finished).contains("  1  "), "{out}");
    assert!(line(&f.interrupted).contains("interrupted"), "{out}");
    assert!(line(&f.missing_wav).contains("1 problem"), "{out}");
    let damaged = out
        .lines()
        .find(|l| l.contains("skipped:") && l.contains(&f.corrupt))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(damaged.contains("not valid JSON"), "{damaged}");
    assert!(out.contains("4 sessions, 1 damaged"), "{out}");
    // Quantified share of the finished session: one of its two attempts, as analysed.
    let share = f.quantified[..2].iter().filter(|q| **q).count() * 50;
    assert!(line(&f.finished).contains(&format!("{share}%")), "{out}");
    assert!(f.root.join(".mockloop-review-index.json").is_file());
    // A second run answers from the index with the same output.
    assert_eq!(ok(&run(&f.root, &["history"])), out);

    // progress: principles, coverage gaps, weaknesses from the real analyses.
    let out = ok(&run(&f.root, &["progress"]));
    for needle in [
        "Progress over 3 sessions (4 analysed answers)",
        "is damaged",
        "Leadership Principles",
        "Never practised",
        "Practise next",
        "Words per minute",
    ] {
        assert!(out.contains(needle), "missing {needle}:\n{out}");
    }
    let unq = f.quantified.iter().filter(|q| !**q).count();
    if unq * 2 >= f.quantified.len() {
        let w = format!(
            "{unq} of your last {} results had no number",
            f.quantified.len()
        );
        assert!(out.contains(&w), "missing {w}:\n{out}");
    }
    let html = f.root.join("progress.html");
    ok(&run(
        &f.root,
        &["progress", "--html", "-o", html.to_str().unwrap()],
    ));
    let page = std::fs::read_to_string(&html).unwrap();
    assert_eq!(page.matches("<svg").count(), 4);

    // export: every answer of the readable sessions (3 + 2 + 1), the damaged one warned about.
    let o = run(&f.root, &["export", "--format", "csv"]);
    let csv = ok(&o);
    assert_eq!(csv.lines().count(), 1 + 6, "{csv}");
    assert!(String::from_utf8_lossy(&o.stderr).contains(&f.corrupt));
    let rows: Vec<serde_json::Value> =
        serde_json::from_str(&ok(&run(&f.root, &["export", "--format", "json"]))).unwrap();
    assert_eq!(rows.len(), 6);
    let cut = rows
        .iter()
        .find(|r| r["status"] == "not_transcribed")
        .unwrap();
    assert_eq!(cut["session"], f.interrupted.as_str());
    assert_eq!(cut["audio_present"], true);
    let gone = rows
        .iter()
        .find(|r| r["session"] == f.missing_wav.as_str())
        .unwrap();
    assert_eq!(gone["audio_present"], false);
    assert!(gone["words"].as_u64().unwrap() > 10);

    // review: "latest" is the corrupt one: a clear error, not a panic.
    let o = run(&f.root, &["review"]);
    assert!(!o.status.success());
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(e.contains("damaged") && e.contains("session.json"), "{e}");
    assert!(!e.contains("panicked"), "{e}");

    let out = ok(&run(&f.root, &["review", &f.interrupted]));
    assert!(out.contains("Not transcribed"), "{out}");
    assert!(out.contains("mockloop analyze"), "{out}");
    let out = ok(&run(&f.root, &["review", &f.finished]));
    assert!(
        out.contains("Attempt 2 (retry)") && out.contains("Compared with attempt 1"),
        "{out}"
    );
    assert!(
        out.contains("Follow-up: How did you know it worked?"),
        "{out}"
    );
    assert!(out.contains("of 1:30 limit"), "{out}");

    ok(&run(&f.root, &["review", &f.missing_wav, "--html"]));
    let page = std::fs::read_to_string(f.root.join(&f.missing_wav).join("review.html")).unwrap();
    assert!(page.contains("Audio q1-a1.wav is missing"));
    assert!(page.contains("class=\"w"));

    let out = f.root.join("embedded.html");
    ok(&run(
        &f.root,
        &[
            "review",
            &f.finished,
            "--embed-audio",
            "-o",
            out.to_str().unwrap(),
        ],
    ));
    let page = std::fs::read_to_string(&out).unwrap();
    assert_eq!(page.matches("src=\"data:audio/wav;base64,UklGR").count(), 3);
}

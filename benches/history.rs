//! `history` / `progress` with 1,000 saved sessions (target: under a second).
//!
//! Generates sessions with the library (synthetic word timings on labelled-style answers,
//! analysed by the real analyzer; no whisper), then times the index cold (no cache), warm,
//! and with one session changed, in-process and through the release binary.
//! `MOCKLOOP_BENCH_SESSIONS` changes the count.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use mockloop::analysis::{analyze_transcript, AnalyzeOptions};
use mockloop::review::{index, progress};
use mockloop::session::SessionDir;
use mockloop::types::{
    AnalysisInput, Answer, AnswerShape, Attempt, FollowUp, InputKind, Question, Segment, Session,
    SessionQuestion, StopReason, Timings, Transcript, Word,
};

const ANSWERS: &[&str] = &[
    "At my last job checkout took 12 seconds and customers were leaving. My goal was to get it under two seconds before the holiday peak. So I profiled the page, I moved the images to a CDN and I rewrote the cache layer with the platform team. As a result latency dropped to 1.8 seconds and conversion went up 4%.",
    "We had a vendor who kept shipping late. I needed to fix the relationship. So we met every week and we changed the contract. In the end things got a lot better and everyone was happier.",
    "Um, so basically our on-call rotation was, uh, burning people out. I was asked to reduce the pages. I grouped the alerts, I deleted the noisy ones and I wrote runbooks for the rest. Pages fell from 40 a week to 9 a week within a month.",
    "Our database was about to run out of disk in about three weeks. I had to get ahead of it before it became an outage. So I moved the old audit logs to cheaper storage and I fixed the alarm threshold. Disk usage went from 91% to 54%.",
    "A customer escalated that invoices were wrong. I owned the fix. I dug into the billing code, found a rounding bug and shipped a patch the same day. We refunded 320 customers and complaints dropped to zero.",
];
const PRINCIPLES: &[&str] = &[
    "Customer Obsession",
    "Ownership",
    "Dive Deep",
    "Deliver Results",
    "Bias for Action",
    "Earn Trust",
];

fn timed(text: &str, wpm: f64) -> Transcript {
    let step = 60.0 / wpm;
    let words: Vec<Word> = text
        .split_whitespace()
        .enumerate()
        .map(|(i, w)| Word {
            text: w.into(),
            start_s: 0.5 + i as f64 * step,
            end_s: 0.5 + i as f64 * step + step * 0.8,
            probability: 0.9,
        })
        .collect();
    let end = words.last().map_or(0.0, |w| w.end_s);
    let seg = Segment {
        text: text.into(),
        start_s: 0.0,
        end_s: end,
        words,
    };
    Transcript::from_segments(vec![seg], end + 0.8, "synthetic", "en")
}

fn answer(text: &str, wpm: f64, rel: &str) -> Answer {
    let t = timed(text, wpm);
    let a = analyze_transcript(
        &t,
        AnalysisInput {
            path: rel.into(),
            kind: InputKind::Audio,
        },
        &AnalyzeOptions::default(),
    );
    Answer {
        audio: rel.into(),
        started_at: "2026-01-01T10:00:00Z".into(),
        duration_s: t.duration_s,
        stop_reason: StopReason::Silence,
        transcript: Some(t),
        analysis: Some(a),
        timings: Timings::default(),
    }
}

fn generate(root: &Path, n: usize) {
    // A pool of analysed answers, reused across sessions (analysis is not what is measured).
    let pool: Vec<Answer> = (0..ANSWERS.len() * 3)
        .map(|i| {
            answer(
                ANSWERS[i % ANSWERS.len()],
                130.0 + 15.0 * (i / ANSWERS.len()) as f64,
                "x.wav",
            )
        })
        .collect();
    let follow = answer(
        "I tracked it on a dashboard every morning for two weeks.",
        150.0,
        "x.wav",
    );
    for s in 0..n {
        let day = time::Date::from_ordinal_date(2024, 1).unwrap() + time::Duration::days(s as i64);
        let id = format!("{day}T10-00-00");
        let dir = root.join(&id);
        std::fs::create_dir_all(&dir).unwrap();
        let mut questions = Vec::new();
        for q in 0..3 {
            let mut attempts = Vec::new();
            for at in 0..(1 + (s + q) % 2) {
                let rel = format!("q{}-a{}.wav", q + 1, at + 1);
                std::fs::write(dir.join(&rel), b"RIFF").unwrap();
                let mut a = pool[(s * 3 + q + at) % pool.len()].clone();
                a.audio = rel.clone();
                let follow_up = (at == 0).then(|| {
                    let mut f = follow.clone();
                    f.audio = format!("q{}-a1-followup.wav", q + 1);
                    FollowUp {
                        question: "How did you measure it?".into(),
                        reason: "probe".into(),
                        answer: Some(f),
                    }
                });
                attempts.push(Attempt {
                    answer: a,
                    follow_up,
                });
            }
            let p = PRINCIPLES[(s + q) % PRINCIPLES.len()];
            questions.push(SessionQuestion {
                question: Question {
                    id: format!("q{}", (s + q) % 40),
                    text: format!("Tell me about a time you showed {p}."),
                    rounds: vec![],
                    roles: vec![],
                    principles: vec![p.into()],
                    shape: AnswerShape::Star,
                    time_limit_s: 120,
                    probes: vec![],
                },
                time_limit_s: 120,
                attempts,
            });
        }
        SessionDir {
            dir,
            session: Session {
                schema: Session::SCHEMA.into(),
                id: id.clone(),
                started_at: format!("{day}T10:00:00Z"),
                finished_at: Some(format!("{day}T10:20:00Z")),
                mockloop_version: "0.1.0".into(),
                model: "synthetic".into(),
                questions,
            },
        }
        .save()
        .unwrap();
    }
}

fn time_cli(root: &Path, cmd: &str) -> f64 {
    let t = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_mockloop"))
        .arg(cmd)
        .arg("--sessions")
        .arg(root)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    t.elapsed().as_secs_f64()
}

fn main() {
    let n: usize = std::env::var("MOCKLOOP_BENCH_SESSIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let t = Instant::now();
    generate(root, n);
    let bytes: u64 = walk_size(root);
    println!(
        "generated {n} sessions ({:.1} MB of session.json) in {:.1} s",
        bytes as f64 / 1e6,
        t.elapsed().as_secs_f64()
    );

    let t = Instant::now();
    let h = index::history(root);
    let cold = t.elapsed().as_secs_f64();
    assert_eq!(h.rebuilt, n);
    let index_mb = std::fs::metadata(index::index_path(root)).unwrap().len() as f64 / 1e6;
    println!("history, cold (parse every session, write index {index_mb:.1} MB): {cold:.3} s");

    let mut warm = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        let h = index::history(root);
        warm.push(t.elapsed().as_secs_f64());
        assert_eq!(h.reused, n);
    }
    warm.sort_by(f64::total_cmp);
    println!("history, warm (index fresh), median of 5: {:.3} s", warm[2]);

    let t = Instant::now();
    let p = progress::compute(&h);
    let text = progress::render_text(&p);
    let html = mockloop::review::html::render_progress(&p);
    println!(
        "progress compute + text + HTML on {} answers: {:.3} s ({} + {} bytes)",
        p.answers,
        t.elapsed().as_secs_f64(),
        text.len(),
        html.len()
    );

    // One session changes (a retry appended): only it is re-read.
    std::thread::sleep(std::time::Duration::from_millis(20));
    let one = root.join(&h.sessions[n / 2].0);
    let mut s = mockloop::review::load(&one).unwrap();
    s.session.finished_at = None;
    SessionDir {
        dir: one,
        session: s.session,
    }
    .save()
    .unwrap();
    let t = Instant::now();
    let h2 = index::history(root);
    println!(
        "history, one session changed: {:.3} s (rebuilt {}, reused {})",
        t.elapsed().as_secs_f64(),
        h2.rebuilt,
        h2.reused
    );

    for cmd in ["history", "progress"] {
        let warm = time_cli(root, cmd);
        println!("`mockloop {cmd}` process, warm index: {warm:.3} s");
    }
    std::fs::remove_file(index::index_path(root)).unwrap();
    let cold = time_cli(root, "history");
    println!("`mockloop history` process, no index: {cold:.3} s");
}

fn walk_size(root: &Path) -> u64 {
    std::fs::read_dir(root)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path().join("session.json"))
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum()
}

//! The HTML review page of a real session in a real headless browser (Debian's chromium,
//! driven by Playwright through `tests/review_browser.cjs`): the four parts are drawn,
//! numbers and flags are shown, and clicking a word seeks the audio to that word's start.
//! Saves `build/review-screenshot.png`. Without chromium or node it skips, unless CI is set.

#[path = "support/sessions.rs"]
mod sessions;
#[path = "support/model.rs"]
mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use mockloop::types::{Attempt, SessionQuestion};
use sessions::{answer, fixture, question, speak, store, transcriber};

/// Playwright release the helper is written against.
const PLAYWRIGHT: &str = "playwright-core@1";

fn which(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    names.iter().find_map(|n| {
        std::env::split_paths(&path)
            .map(|d| d.join(n))
            .find(|p| p.is_file())
    })
}

/// Skips (returns None) when a tool is missing, except under CI where the test must run.
fn need<T>(what: Option<T>, why: &str) -> Option<T> {
    if what.is_none() {
        if std::env::var_os("CI").is_some() {
            panic!("{why} (CI is set, so the browser test cannot be skipped)");
        }
        eprintln!("skipping the browser test: {why}");
    }
    what
}

fn playwright(build: &Path) -> Option<PathBuf> {
    let dir = build.join("pw");
    let module = dir.join("node_modules").join("playwright-core");
    if !module.is_dir() {
        std::fs::create_dir_all(&dir).unwrap();
        let ok = Command::new("npm")
            .args([
                "install",
                "--no-save",
                "--no-audit",
                "--no-fund",
                "--prefix",
            ])
            .arg(&dir)
            .arg(PLAYWRIGHT)
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            return None;
        }
    }
    module.is_dir().then_some(module)
}

#[test]
fn review_page_draws_parts_and_seeks_audio_on_click() {
    let Some(browser) = need(
        std::env::var_os("CHROMIUM")
            .map(PathBuf::from)
            .or_else(|| which(&["chromium", "chromium-browser", "google-chrome"])),
        "no chromium (apt-get install chromium)",
    ) else {
        return;
    };
    let Some(node) = need(which(&["node"]), "no node (apt-get install nodejs npm)") else {
        return;
    };
    let build = support::repo_root().join("build");
    let Some(pw) = need(
        playwright(&build),
        "cannot install playwright-core with npm",
    ) else {
        return;
    };

    // A real session: a complete STAR answer with numbers, spoken past a short time limit so
    // it also carries the over_time flag.
    let tmp = tempfile::tempdir().unwrap();
    let f = fixture("dev/dev-049-replica-too-slow.toml");
    let mut tr = transcriber();
    let clip = speak(&mut tr, &f.text, tmp.path(), "answer");
    let limit = (clip.transcript.duration_s * 0.7).floor() as u32;
    let st = store(&tmp.path().join("sessions"));
    let mut s = st.create("tiny.en").unwrap();
    let q = question("q-full", &f, limit);
    let a = answer(&s, "q1-a1.wav", &clip, &q.text, limit);
    let analysis = a.analysis.clone().unwrap();
    assert!(
        analysis.missing_parts.is_empty(),
        "{:?}",
        analysis.sentences
    );
    s.session.questions.push(SessionQuestion {
        question: q,
        time_limit_s: limit,
        attempts: vec![Attempt {
            answer: a,
            follow_up: None,
        }],
    });
    s.finish().unwrap();
    let out = Command::new(support::bin())
        .args(["review", "latest", "--html", "--sessions"])
        .arg(&st.dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page = s.dir.join("review.html");

    let started = Instant::now();
    let shot = build.join("review-screenshot.png");
    let _ = std::fs::remove_file(&shot);
    let profile = tempfile::tempdir().unwrap();
    let out = Command::new(node)
        .arg(support::repo_root().join("tests/review_browser.cjs"))
        .arg(&page)
        .arg(&shot)
        .arg(&browser)
        .arg(profile.path())
        .env("PW_CORE", &pw)
        .output()
        .unwrap();
    let browser_s = started.elapsed().as_secs_f64();
    assert!(
        out.status.success(),
        "browser run failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    eprintln!("browser: {browser_s:.1} s; {r}");

    assert_eq!(r["errors"].as_array().unwrap().len(), 0, "{r}");
    assert_eq!(
        r["external"].as_array().unwrap().len(),
        0,
        "network use: {r}"
    );
    // The four parts are drawn with a visible width each.
    let parts = r["parts"].as_array().unwrap();
    for p in ["situation", "task", "action", "result"] {
        assert!(
            parts
                .iter()
                .any(|x| x["part"] == p && x["width"].as_f64().unwrap() > 2.0),
            "{p} not drawn: {r}"
        );
    }
    assert_eq!(r["limit_drawn"], 1, "{r}");
    // Every number the analyzer found is highlighted.
    let shown: Vec<&str> = r["numbers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect();
    assert!(!analysis.numbers.is_empty());
    for n in &analysis.numbers {
        let first = n.text.split_whitespace().next().unwrap();
        assert!(
            shown
                .iter()
                .any(|s| s.contains(first.trim_end_matches(['.', ',']))),
            "{} not highlighted: {shown:?}",
            n.text
        );
    }
    let flags: Vec<&str> = r["flags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect();
    let expected: Vec<&str> = analysis.flags.iter().map(|f| f.code.as_str()).collect();
    assert_eq!(flags, expected);
    assert!(flags.contains(&"over_time"), "{flags:?}");

    // Clicking moved the player to the word (and highlighted it).
    assert_eq!(r["audio_ready"], true, "{r}");
    let start = r["clicked_start"].as_f64().unwrap();
    assert!(start > 1.0, "{r}");
    let now = r["current_after_word"].as_f64().unwrap();
    assert!(
        (now - start).abs() < 0.05,
        "currentTime {now} after clicking a word at {start}"
    );
    assert_eq!(r["highlighted"][0], r["clicked_word"], "{r}");
    if let Some(t) = r["flag_t"].as_f64() {
        assert!(
            (r["current_after_flag"].as_f64().unwrap() - t).abs() < 0.05,
            "{r}"
        );
    }
    let rt = r["result_t"].as_f64().unwrap();
    assert!(
        (r["current_after_part"].as_f64().unwrap() - rt).abs() < 0.05,
        "{r}"
    );
    assert!(
        std::fs::metadata(&shot).unwrap().len() > 10_000,
        "screenshot too small"
    );
    assert!(browser_s < 30.0, "the browser part took {browser_s:.1} s");
}

//! End-to-end: `mockloop analyze` on text and transcript JSON, every format, and bad input.

use assert_cmd::Command;
use predicates::prelude::*;
use std::fs;

const ANSWER: &str =
    "At my last job checkout took 12 seconds and customers were abandoning carts. \
My goal was to get it under two seconds before the holiday peak. \
So I profiled the service and I moved the images to a CDN. \
As a result latency dropped to 1.8 seconds and abandonment fell by 3 percent.";

fn mockloop() -> Command {
    let mut c = Command::cargo_bin("mockloop").expect("binary builds");
    c.env("NO_COLOR", "1").env_remove("MOCKLOOP_MODEL");
    c
}

#[test]
fn text_answer_as_json_follows_the_contract() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("answer.txt");
    fs::write(&p, ANSWER).unwrap();
    let out = mockloop()
        .args([
            "analyze",
            "--format",
            "json",
            "--question",
            "Tell me about a time",
        ])
        .arg(&p)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["schema"], "mockloop.analysis.v1");
    assert_eq!(v["input"]["kind"], "text");
    assert_eq!(v["question"], "Tell me about a time");
    assert!(v["duration_s"].is_null());
    assert_eq!(v["missing_parts"].as_array().unwrap().len(), 0);
    let parts: Vec<&str> = v["parts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["part"].as_str().unwrap())
        .collect();
    assert_eq!(parts, ["situation", "task", "action", "result"]);
    assert!(v["numbers"]
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n["kind"] == "duration" && n["part"] == "result"));
    assert!(v["stats"]["wpm"].is_null());
}

#[test]
fn default_text_view_is_plain_when_piped() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("answer.txt");
    fs::write(&p, ANSWER).unwrap();
    mockloop()
        .arg("analyze")
        .arg(&p)
        .assert()
        .success()
        .stdout(predicate::str::contains("Verdict:"))
        .stdout(predicate::str::contains("*1.8 seconds*"))
        .stdout(predicate::str::contains("\u{1b}[").not());
}

#[test]
fn markdown_and_html_go_to_files() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("answer.txt");
    fs::write(&p, ANSWER).unwrap();
    let md = dir.path().join("r.md");
    let html = dir.path().join("r.html");
    mockloop()
        .arg("analyze")
        .arg(&p)
        .args(["--format", "md", "-o"])
        .arg(&md)
        .assert()
        .success();
    mockloop()
        .arg("analyze")
        .arg(&p)
        .args(["--format", "html", "-o"])
        .arg(&html)
        .assert()
        .success();
    assert!(fs::read_to_string(&md).unwrap().contains("## Timeline"));
    let h = fs::read_to_string(&html).unwrap();
    assert!(h.starts_with("<!DOCTYPE html>") && h.contains("<mark>"));
}

#[test]
fn transcript_json_gets_times_and_over_time() {
    // 200 words at 2 words a second: 100 s, against a 60 s limit.
    let words: Vec<serde_json::Value> = ANSWER
        .split_whitespace()
        .cycle()
        .take(200)
        .enumerate()
        .map(|(k, w)| {
            serde_json::json!({"text": format!(" {w}"), "start_s": k as f64 * 0.5,
                               "end_s": k as f64 * 0.5 + 0.4, "probability": 0.9})
        })
        .collect();
    let t = serde_json::json!({
        "schema": "mockloop.transcript.v1", "text": "", "duration_s": 100.0, "model": "tiny.en",
        "language": "en",
        "segments": [{"text": "", "start_s": 0.0, "end_s": 100.0, "words": words.clone()}],
        "words": words,
    });
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("t.json");
    fs::write(&p, t.to_string()).unwrap();
    let out = mockloop()
        .args(["analyze", "--format", "json", "--time-limit", "60"])
        .arg(&p)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["input"]["kind"], "audio");
    assert!(v["sentences"][0]["start_s"].is_number());
    let over = v["flags"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "over_time")
        .expect("over_time flag");
    assert_eq!(over["start_s"], 60.0);
    assert!(over["quote"].is_string());
}

#[test]
fn bad_inputs_fail_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.txt");
    fs::write(&empty, "  \n").unwrap();
    mockloop()
        .arg("analyze")
        .arg(&empty)
        .assert()
        .failure()
        .stderr(predicate::str::contains("is empty"));
    let other = dir.path().join("other.json");
    fs::write(&other, r#"{"hello": "world"}"#).unwrap();
    mockloop()
        .arg("analyze")
        .arg(&other)
        .assert()
        .failure()
        .stderr(predicate::str::contains("not a mockloop transcript"));
    mockloop()
        .args(["analyze", "/nonexistent/answer.txt"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("cannot read"));
    mockloop()
        .args(["analyze", "--time-limit", "0"])
        .arg(&empty)
        .assert()
        .failure()
        .stderr(predicate::str::contains("--time-limit"));
}

#[test]
fn non_utf8_text_still_gets_a_report() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("latin1.txt");
    let mut bytes = ANSWER.as_bytes().to_vec();
    bytes.extend_from_slice(b" Caf\xe9 r\xe9sum\xe9.");
    fs::write(&p, bytes).unwrap();
    mockloop()
        .args(["analyze", "--format", "json"])
        .arg(&p)
        .assert()
        .success()
        .stdout(predicate::str::contains("mockloop.analysis.v1"))
        .stderr(predicate::str::contains("not UTF-8"));
}

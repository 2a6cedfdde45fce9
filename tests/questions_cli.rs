//! End-to-end: `mockloop questions` as a user runs it.

use assert_cmd::Command;
use predicates::prelude::*;

fn mockloop() -> Command {
    let mut c = Command::cargo_bin("mockloop").unwrap();
    c.env_remove("MOCKLOOP_PROMPTS");
    c
}

#[test]
fn lists_filtered_questions_as_json() {
    let out = mockloop()
        .args([
            "questions",
            "--principle",
            "Customer Obsession",
            "--role",
            "CSM",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["schema"], "mockloop.questions.v1");
    let qs = doc["questions"].as_array().unwrap();
    assert_eq!(doc["count"].as_u64().unwrap() as usize, qs.len());
    assert!(qs.len() >= 4);
    for q in qs {
        let principles = q["principles"].as_array().unwrap();
        assert!(principles.iter().any(|p| p == "Customer Obsession"), "{q}");
        let roles = q["roles"].as_array().unwrap();
        assert!(roles.is_empty() || roles.iter().any(|r| r == "csm"), "{q}");
    }
}

#[test]
fn text_table_has_header_and_summary() {
    mockloop()
        .args(["questions", "--round", "bar raiser", "--shape", "star"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("ID"))
        .stdout(predicate::str::contains("br-biggest-mistake"))
        .stdout(predicate::str::contains(
            "matching round bar-raiser, shape star",
        ));
}

#[test]
fn unknown_filter_lists_valid_values() {
    mockloop()
        .args(["questions", "--round", "lunch"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("unknown round 'lunch'"))
        .stderr(predicate::str::contains("product-design"));
}

#[test]
fn malformed_prompts_dir_names_file_line_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("mine.toml");
    std::fs::write(
        &file,
        "[[question]]\nid = \"mine\"\ntext = \"Tell me about a time.\"\nrounds = [\"loop\"]\nshape = \"essay\"\ntime_limit_s = 120\n",
    )
    .unwrap();
    mockloop()
        .args(["questions", "--prompts"])
        .arg(dir.path())
        .assert()
        .failure()
        .stderr(predicate::str::contains(format!(
            "{}:5:9: field `shape`",
            file.display()
        )));

    std::fs::write(
        &file,
        "[[question]]\nid = \"mine\"\ntext = \"Tell me about a time.\"\nrounds = [\"loop\"]\ntime_limit_s = 120\n",
    )
    .unwrap();
    let out = mockloop()
        .args(["questions", "--format", "json"])
        .env("MOCKLOOP_PROMPTS", dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["count"], 1);
    assert_eq!(doc["questions"][0]["id"], "mine");
}

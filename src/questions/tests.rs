use super::*;
use std::collections::{HashMap, HashSet};

fn bank() -> QuestionBank {
    QuestionBank::load(None).expect("the built-in bank must be valid")
}

#[test]
fn embedded_bank_is_big_and_covers_every_principle_and_round() {
    let b = bank();
    assert!(b.len() >= 100, "only {} questions", b.len());
    for p in PRINCIPLES {
        let n = b
            .questions()
            .iter()
            .filter(|q| q.principles.iter().any(|x| x == p))
            .count();
        assert!(n >= 4, "{p}: only {n} questions");
    }
    for r in ROUNDS {
        let n = b
            .questions()
            .iter()
            .filter(|q| q.rounds.iter().any(|x| x == r.id))
            .count();
        assert!(n >= 3, "round {}: only {n} questions", r.id);
    }
    for role in ROLES {
        let n = b
            .questions()
            .iter()
            .filter(|q| q.roles.iter().any(|x| x == role.id))
            .count();
        assert!(n >= 5, "role {}: only {n} role-specific questions", role.id);
    }
    for (shape, name) in vocab::SHAPES {
        let n = b.questions().iter().filter(|q| q.shape == shape).count();
        assert!(n >= 5, "shape {name}: only {n}");
    }
}

#[test]
fn csm_phone_screen_and_loop_have_their_own_questions() {
    let b = bank();
    for round in ["phone-screen", "loop"] {
        let f = Filter::new()
            .with_role("csm")
            .unwrap()
            .with_round(round)
            .unwrap();
        let csm_only = b
            .filter(&f)
            .into_iter()
            .filter(|q| q.roles == ["csm"])
            .count();
        assert!(csm_only >= 10, "{round}: {csm_only}");
    }
    let vendor = b
        .questions()
        .iter()
        .filter(|q| q.text.contains("vendor"))
        .count();
    assert!(vendor >= 10, "{vendor} questions mention vendors");
}

#[test]
fn every_embedded_question_has_probes_and_a_sane_limit() {
    for q in bank().questions() {
        assert!(
            q.probes.len() >= 2,
            "{} has {} probes",
            q.id,
            q.probes.len()
        );
        assert!(q.text.ends_with('?') || q.text.ends_with('.'), "{}", q.id);
        let limit = q.time_limit_s as i64;
        assert!(
            (MIN_TIME_LIMIT_S..=MAX_TIME_LIMIT_S).contains(&limit),
            "{}",
            q.id
        );
        if q.shape == AnswerShape::Star {
            assert!(
                !q.principles.is_empty(),
                "{}: behavioral question without a principle",
                q.id
            );
        }
    }
}

#[test]
fn embedded_list_matches_prompts_folder() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("prompts");
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml"))
        .collect();
    on_disk.sort();
    let mut embedded: Vec<String> = EMBEDDED.iter().map(|(n, _)| n.to_string()).collect();
    embedded.sort();
    assert_eq!(
        on_disk, embedded,
        "add new prompt files to EMBEDDED in src/questions/mod.rs"
    );
    // And the folder loads to the same bank as the embedded copy.
    let from_dir = QuestionBank::load(Some(&dir)).unwrap();
    let mut a: Vec<_> = from_dir.questions().iter().map(|q| q.id.clone()).collect();
    let mut b: Vec<_> = bank().questions().iter().map(|q| q.id.clone()).collect();
    a.sort();
    b.sort();
    assert_eq!(a, b);
}

#[test]
fn filters_combine_and_match_leniently() {
    let b = bank();
    let all = b.filter(&Filter::new()).len();
    assert_eq!(all, b.len());
    let co = Filter::new().with_principle("customer-obsession").unwrap();
    let co_qs = b.filter(&co);
    assert!(co_qs
        .iter()
        .all(|q| q.principles.iter().any(|p| p == "Customer Obsession")));
    for spelling in [
        "Customer Obsession",
        "customer obsession",
        "CUSTOMER_OBSESSION",
    ] {
        let f = Filter::new().with_principle(spelling).unwrap();
        assert_eq!(b.filter(&f).len(), co_qs.len(), "{spelling}");
    }
    let narrow = Filter::from_args(
        Some("customer obsession"),
        Some("Phone Screen"),
        Some("CSM"),
        Some("star"),
    )
    .unwrap();
    let n = b.filter(&narrow);
    assert!(!n.is_empty() && n.len() < co_qs.len());
    for q in &n {
        assert!(q.rounds.iter().any(|r| r == "phone-screen"));
        assert!(q.roles.is_empty() || q.roles.iter().any(|r| r == "csm"));
        assert_eq!(q.shape, AnswerShape::Star);
    }
    // Role filters keep any-role questions but drop other roles' questions.
    let eng = b.filter(&Filter::new().with_role("engineer").unwrap());
    assert!(eng.iter().any(|q| q.roles.is_empty()));
    assert!(eng
        .iter()
        .all(|q| q.roles.is_empty() || q.roles.iter().any(|r| r == "engineer")));
    let metrics = b.filter(&Filter::new().with_shape("METRICS").unwrap());
    assert!(metrics.iter().all(|q| q.shape == AnswerShape::Metrics));
}

#[test]
fn unknown_filter_values_list_the_valid_ones() {
    let e = Filter::new()
        .with_principle("customer obssession")
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("customer obssession")
            && e.contains("Customer Obsession")
            && e.contains("Frugality"),
        "{e}"
    );
    let e = Filter::new().with_round("lunch").unwrap_err().to_string();
    assert!(
        e.contains("lunch") && e.contains("bar-raiser") && e.contains("phone-screen"),
        "{e}"
    );
    let e = Filter::new().with_role("chef").unwrap_err().to_string();
    assert!(e.contains("pm, csm, engineer"), "{e}");
    let e = Filter::new().with_shape("essay").unwrap_err().to_string();
    assert!(e.contains("star, product, metrics"), "{e}");
}

#[test]
fn pick_is_deterministic_distinct_and_spread() {
    let b = bank();
    let f = Filter::new();
    let a = b.pick(&f, 8, Some(42));
    assert_eq!(a, b.pick(&f, 8, Some(42)));
    assert_ne!(
        a.iter().map(|q| &q.id).collect::<Vec<_>>(),
        b.pick(&f, 8, Some(43))
            .iter()
            .map(|q| &q.id)
            .collect::<Vec<_>>()
    );
    let ids: HashSet<_> = a.iter().map(|q| &q.id).collect();
    assert_eq!(ids.len(), 8, "repeats in {ids:?}");
    // Eight questions from a bank covering 16 principles should never double up on one.
    for seed in 0..50 {
        let picks = b.pick(&Filter::new().with_shape("star").unwrap(), 8, Some(seed));
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for q in &picks {
            for p in &q.principles {
                *counts.entry(p.as_str()).or_default() += 1;
            }
        }
        let primaries: HashSet<_> = picks.iter().map(|q| q.principles[0].as_str()).collect();
        assert!(primaries.len() >= 7, "seed {seed}: {primaries:?}");
        assert!(counts.values().all(|&c| c <= 2), "seed {seed}: {counts:?}");
    }
}

#[test]
fn pick_never_repeats_and_stops_at_pool_size() {
    let b = bank();
    let f = Filter::new().with_principle("frugality").unwrap();
    let pool = b.filter(&f).len();
    let picks = b.pick(&f, pool + 10, Some(1));
    assert_eq!(picks.len(), pool);
    let ids: HashSet<_> = picks.iter().map(|q| &q.id).collect();
    assert_eq!(ids.len(), pool);
    assert!(b.pick(&f, 0, Some(1)).is_empty());
    // No metrics-shaped question probes this principle.
    let none = Filter::new()
        .with_principle("best employer")
        .unwrap()
        .with_shape("metrics")
        .unwrap();
    assert!(b.pick(&none, 3, None).is_empty());
}

#[test]
fn pick_without_seed_still_gives_distinct_questions() {
    let b = bank();
    let picks = b.pick(&Filter::new(), 5, None);
    let ids: HashSet<_> = picks.iter().map(|q| &q.id).collect();
    assert_eq!(ids.len(), 5);
}

#[test]
fn load_dir_reports_file_line_and_field() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.toml"),
        "[[question]]\nid = \"a\"\ntext = \"Tell me.\"\nrounds = [\"loop\"]\ntime_limit_s = 60\nprobes = [\"Why?\"]\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("b.toml"),
        "[[question]]\nid = \"b\"\ntext = \"Tell me more.\"\nrounds = [\"loop\"]\n\ntime_limit_s = 4000\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("notes.txt"), "not a question file").unwrap();
    let err = QuestionBank::load(Some(dir.path())).unwrap_err();
    let msg = err.to_string();
    let b = dir.path().join("b.toml").display().to_string();
    assert!(
        msg.contains(&format!("{b}:6:16: field `time_limit_s`")),
        "{msg}"
    );
    assert!(msg.contains("30 to 900"), "{msg}");

    std::fs::remove_file(dir.path().join("b.toml")).unwrap();
    let ok = QuestionBank::load(Some(dir.path())).unwrap();
    assert_eq!(ok.len(), 1);
    assert_eq!(ok.get("a").unwrap().probes, ["Why?"]);
    assert_eq!(ok.source(), dir.path().display().to_string());
    // A single file works too.
    assert_eq!(
        QuestionBank::load(Some(&dir.path().join("a.toml")))
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn load_dir_errors_say_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let e = QuestionBank::load(Some(dir.path()))
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("no question files") && e.contains("--prompts"),
        "{e}"
    );
    let e = QuestionBank::load(Some(&dir.path().join("missing")))
        .unwrap_err()
        .to_string();
    assert!(e.contains("missing") && e.contains("--prompts"), "{e}");
}

#[test]
fn duplicate_ids_across_files_are_rejected() {
    let src = "[[question]]\nid = \"same\"\ntext = \"t\"\nrounds = [\"loop\"]\ntime_limit_s = 60\n";
    let e = QuestionBank::from_sources([("one.toml", src), ("two.toml", src)], "test")
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("two.toml:2:1: field `id`: duplicate id 'same' (first defined at one.toml:2)"),
        "{e}"
    );
}

#[test]
fn json_round_trip_keeps_every_field() {
    let b = bank();
    let q = b.get("co-vendor-end-customer").unwrap();
    let back: Question = serde_json::from_str(&serde_json::to_string(q).unwrap()).unwrap();
    assert_eq!(&back, q);
    assert_eq!(q.roles, ["csm"]);
    assert_eq!(q.principles, ["Customer Obsession", "Earn Trust"]);
}

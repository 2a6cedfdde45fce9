//! Renders an Analysis for people: terminal text, Markdown and HTML.
//!
//! All three show the same content: a timeline of the four parts with seconds and shares, the
//! transcript with parts marked and numbers highlighted, the flags with quotes and times, and a
//! one-line verdict. They take an [`Analysis`] and return a `String`; no I/O, no CLI concerns.

pub mod html;
pub mod markdown;
pub mod text;

use crate::types::{Analysis, Part};

/// A one-line verdict a candidate can act on.
pub fn verdict(a: &Analysis) -> String {
    if a.stats.words == 0 {
        return "Nothing to analyse: the answer is empty.".into();
    }
    const DELIVERY: &[&str] = &["filler_heavy", "too_fast", "too_slow", "over_time"];
    let has = |c: &str| a.flags.iter().any(|f| f.code == c);
    let delivery = a
        .flags
        .iter()
        .filter(|f| DELIVERY.contains(&f.code.as_str()))
        .count();
    if a.flags.is_empty() && a.missing_parts.is_empty() {
        return "Strong STAR answer: all four parts, a quantified result, told in the first person."
            .into();
    }
    if a.flags.is_empty() {
        // A follow-up reply: only some parts by design, and nothing the panel would punish.
        let present: Vec<&str> = Part::ALL
            .iter()
            .filter(|p| !a.missing_parts.contains(p))
            .map(|p| p.label())
            .collect();
        return format!("Focused answer ({}); nothing to flag.", join_and(&present));
    }
    let first = if !a.missing_parts.is_empty() {
        let names: Vec<&str> = a.missing_parts.iter().map(|p| p.label()).collect();
        format!("Missing {}", join_and(&names))
    } else if has("unquantified_result") {
        "Complete STAR, but the Result has no number".into()
    } else if has("we_heavy_action") {
        "Complete STAR, but the Action is told as \"we\"".into()
    } else if has("long_situation") {
        "Complete STAR, but the Situation runs long".into()
    } else {
        "Complete STAR with a quantified result".into()
    };
    let total = a.flags.len();
    if delivery > 0 {
        format!(
            "{first}; {total} flag{} to fix ({delivery} on timing or delivery).",
            plural(total)
        )
    } else {
        format!("{first}; {total} flag{} to fix.", plural(total))
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn join_and(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [a] => (*a).to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// `text` with each (byte) span in `spans` passed through `mark` and everything else through
/// `plain`: the one place that weaves highlighted numbers into a sentence for every view.
pub fn highlight(
    text: &str,
    spans: &[(usize, usize)],
    plain: impl Fn(&str) -> String,
    mark: impl Fn(&str) -> String,
) -> String {
    let mut out = String::with_capacity(text.len() + spans.len() * 8);
    let mut last = 0;
    for &(b, e) in spans {
        out.push_str(&plain(&text[last..b]));
        out.push_str(&mark(&text[b..e]));
        last = e;
    }
    out.push_str(&plain(&text[last..]));
    out
}

/// Seconds as m:ss.
pub fn clock(s: f64) -> String {
    let s = s.max(0.0).round() as u64;
    format!("{}:{:02}", s / 60, s % 60)
}

/// One part over the whole answer (all its runs), for the timeline tables.
#[derive(Debug, Clone, PartialEq)]
pub struct PartTotal {
    pub part: Part,
    /// Does the answer have this part at all?
    pub present: bool,
    /// 0..1 of the answer (time for audio, words for text).
    pub share: f64,
    /// Seconds, for audio with the part present.
    pub secs: Option<f64>,
    pub words: usize,
    /// Each run as "m:ss–m:ss" (empty without timing).
    pub when: Vec<String>,
}

/// Every part's totals, in STAR order: the one place the views add up runs.
pub fn totals(a: &Analysis) -> Vec<PartTotal> {
    Part::ALL
        .iter()
        .map(|&part| {
            let runs: Vec<_> = a.parts.iter().filter(|s| s.part == part).collect();
            let present = !runs.is_empty();
            PartTotal {
                part,
                present,
                share: runs.iter().map(|s| s.share).sum(),
                secs: runs
                    .iter()
                    .map(|s| s.duration_s)
                    .try_fold(0.0, |acc, d| d.map(|d| acc + d))
                    .filter(|_| present),
                words: runs.iter().map(|s| s.word_count).sum(),
                when: runs
                    .iter()
                    .filter_map(|s| Some(format!("{}–{}", clock(s.start_s?), clock(s.end_s?))))
                    .collect(),
            }
        })
        .collect()
}

/// Byte ranges of the number mentions inside each sentence's text. Mentions come in
/// transcript order, so a cursor walks the sentences once; a mention not found is skipped.
pub fn number_spans(a: &Analysis) -> Vec<Vec<(usize, usize)>> {
    let mut out = vec![Vec::new(); a.sentences.len()];
    let (mut si, mut off) = (0usize, 0usize);
    for n in &a.numbers {
        if n.text.is_empty() {
            continue;
        }
        let (mut s, mut o) = (si, off);
        while s < a.sentences.len() {
            let text = &a.sentences[s].text;
            if let Some(i) = text.get(o..).and_then(|t| t.find(n.text.as_str())) {
                let b = o + i;
                out[s].push((b, b + n.text.len()));
                si = s;
                off = b + n.text.len();
                break;
            }
            s += 1;
            o = 0;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{analyze_text, AnalyzeOptions};
    use crate::types::{AnalysisInput, InputKind};

    pub(crate) fn sample() -> Analysis {
        analyze_text(
            "At my last job checkout took 12 seconds. My goal was to fix it. \
             So I moved images to a CDN and we rewrote the cache. \
             As a result latency dropped to 1.8 seconds.",
            AnalysisInput {
                path: "a.txt".into(),
                kind: InputKind::Text,
            },
            &AnalyzeOptions::default(),
        )
    }

    #[test]
    fn verdict_for_clean_answer() {
        let a = sample();
        assert!(verdict(&a).starts_with("Strong STAR"), "{:?}", a.flags);
    }

    #[test]
    fn verdict_does_not_claim_missing_parts() {
        // A follow-up reply with its missing-part flags waived, as practice stores it.
        let mut a = sample();
        a.missing_parts = vec![Part::Situation, Part::Task];
        a.flags.clear();
        let v = verdict(&a);
        assert_eq!(v, "Focused answer (Action and Result); nothing to flag.");
    }

    #[test]
    fn numbers_are_found_in_their_sentences() {
        let a = sample();
        let per = number_spans(&a);
        let (s, e) = per[0][0];
        assert_eq!(&a.sentences[0].text[s..e], "12 seconds");
        let last = a.sentences.len() - 1;
        let (s, e) = per[last][0];
        assert_eq!(&a.sentences[last].text[s..e], "1.8 seconds");
    }

    #[test]
    fn join_and_lists() {
        assert_eq!(join_and(&["Task"]), "Task");
        assert_eq!(join_and(&["Task", "Result"]), "Task and Result");
        assert_eq!(join_and(&["S", "T", "R"]), "S, T and R");
    }
}

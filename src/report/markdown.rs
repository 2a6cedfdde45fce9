//! Markdown view: the same content as the terminal view, for notes and review pages.

use super::{clock, highlight, number_spans, totals, verdict};
use crate::types::{Analysis, InputKind};
use std::fmt::Write;

/// Escapes characters Markdown would read as formatting.
fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '|'
        ) {
            o.push('\\');
        }
        o.push(c);
    }
    o
}

pub fn render(a: &Analysis) -> String {
    let mut o = String::new();
    let kind = match a.input.kind {
        InputKind::Audio => "audio",
        InputKind::Text => "text",
    };
    let _ = writeln!(o, "# STAR analysis: {}\n", esc(&a.input.path));
    if let Some(q) = &a.question {
        let _ = writeln!(o, "**Question:** {}\n", esc(q));
    }
    let dur = a
        .duration_s
        .map(|d| format!(", {}", clock(d)))
        .unwrap_or_default();
    let _ = writeln!(o, "*{kind}, {} words{dur}*\n", a.stats.words);
    let _ = writeln!(o, "**Verdict:** {}\n", esc(&verdict(a)));

    let _ = writeln!(o, "## Timeline\n");
    if !a.parts.is_empty() {
        let order: Vec<String> = a
            .parts
            .iter()
            .map(|s| format!("{} {:.0}%", s.part.label(), s.share * 100.0))
            .collect();
        let _ = writeln!(o, "{}\n", order.join(" → "));
    }
    let _ = writeln!(o, "| Part | Time | Share | Words |");
    let _ = writeln!(o, "|---|---|---|---|");
    for t in totals(a) {
        if !t.present {
            let _ = writeln!(o, "| {} | — | **missing** | 0 |", t.part.label());
            continue;
        }
        let time = match t.secs {
            Some(s) => format!("{s:.0} s ({})", t.when.join(", ")),
            None => "—".into(),
        };
        let _ = writeln!(
            o,
            "| {} | {time} | {:.0}% | {} |",
            t.part.label(),
            t.share * 100.0,
            t.words
        );
    }

    let _ = writeln!(o, "\n## Transcript\n");
    let spans = number_spans(a);
    for (i, s) in a.sentences.iter().enumerate() {
        let part = s.part.map(|p| p.label()).unwrap_or("?");
        let at = s
            .start_s
            .map(|t| format!(" {}", clock(t)))
            .unwrap_or_default();
        let body = highlight(&s.text, &spans[i], esc, |n| format!("**{}**", esc(n)));
        let _ = writeln!(o, "- `{part}{at}` {body}");
    }

    if !a.numbers.is_empty() {
        let _ = writeln!(o, "\n## Numbers\n");
        let _ = writeln!(o, "| Number | Kind | Part | At |");
        let _ = writeln!(o, "|---|---|---|---|");
        for n in &a.numbers {
            let kind = serde_json::to_value(n.kind)
                .ok()
                .and_then(|v| v.as_str().map(String::from))
                .unwrap_or_default();
            let _ = writeln!(
                o,
                "| {} | {kind} | {} | {} |",
                esc(&n.text),
                n.part.map(|p| p.label()).unwrap_or("—"),
                n.start_s.map(clock).unwrap_or_else(|| "—".into())
            );
        }
    }

    let _ = writeln!(o, "\n## Flags\n");
    if a.flags.is_empty() {
        let _ = writeln!(o, "None.");
    }
    for f in &a.flags {
        let mut tag = format!("`{}`", f.code);
        if let Some(p) = f.part {
            let _ = write!(tag, " · {}", p.label());
        }
        if let Some(t) = f.start_s {
            let _ = write!(tag, " · {}", clock(t));
        }
        let _ = writeln!(o, "- {tag}: {}", esc(&f.message));
        if let Some(q) = &f.quote {
            let _ = writeln!(o, "  > {}", esc(q));
        }
    }

    let s = &a.stats;
    let _ = writeln!(o, "\n## Delivery\n");
    let _ = writeln!(o, "- Words: {}", s.words);
    if let Some(w) = s.wpm {
        let _ = writeln!(o, "- Pace: {w:.0} words a minute");
    }
    let per = s
        .fillers_per_min
        .map(|f| format!(" ({f:.1} a minute)"))
        .unwrap_or_default();
    let _ = writeln!(o, "- Fillers: {}{per}", s.fillers);
    let _ = writeln!(o, "- I / we: {} / {}", s.i_count, s.we_count);
    if let Some(p) = s.longest_pause_s {
        let _ = writeln!(o, "- Longest pause: {p:.1} s");
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::tests::sample;

    #[test]
    fn markdown_has_sections_and_bold_numbers() {
        let out = render(&sample());
        for needle in [
            "# STAR analysis",
            "## Timeline",
            "**12 seconds**",
            "## Flags",
            "**Verdict:**",
        ] {
            assert!(out.contains(needle), "missing {needle}:\n{out}");
        }
    }

    #[test]
    fn escapes_markdown() {
        assert_eq!(esc("a*b_c"), "a\\*b\\_c");
    }
}

//! Terminal view. `color` is decided by the caller (is stdout a terminal, is NO_COLOR set).

use super::{clock, highlight, number_spans, totals, verdict};
use crate::types::{Analysis, InputKind, Part};
use std::fmt::Write;

const BAR_WIDTH: usize = 60;
const RESET: &str = "\x1b[0m";
const BOLD: &str = "\x1b[1m";
const DIM: &str = "\x1b[2m";
const NUMBER: &str = "\x1b[1;4m";
const FLAG: &str = "\x1b[1;31m";

fn fg(p: Part) -> &'static str {
    match p {
        Part::Situation => "\x1b[34m",
        Part::Task => "\x1b[35m",
        Part::Action => "\x1b[32m",
        Part::Result => "\x1b[33m",
    }
}

fn bg(p: Part) -> &'static str {
    match p {
        Part::Situation => "\x1b[44;97m",
        Part::Task => "\x1b[45;97m",
        Part::Action => "\x1b[42;30m",
        Part::Result => "\x1b[43;30m",
    }
}

fn letter(p: Option<Part>) -> char {
    match p {
        Some(Part::Situation) => 'S',
        Some(Part::Task) => 'T',
        Some(Part::Action) => 'A',
        Some(Part::Result) => 'R',
        None => '?',
    }
}

struct Style {
    on: bool,
}

impl Style {
    fn paint(&self, code: &str, s: &str) -> String {
        if self.on {
            format!("{code}{s}{RESET}")
        } else {
            s.to_string()
        }
    }
}

/// Character widths for each run, proportional to share (largest remainder, at least 1).
pub(crate) fn bar_widths(shares: &[f64], width: usize) -> Vec<usize> {
    if shares.is_empty() {
        return Vec::new();
    }
    let total: f64 = shares.iter().sum::<f64>().max(1e-9);
    let exact: Vec<f64> = shares.iter().map(|s| s / total * width as f64).collect();
    let mut w: Vec<usize> = exact.iter().map(|e| (e.floor() as usize).max(1)).collect();
    let mut used: usize = w.iter().sum();
    let mut order: Vec<usize> = (0..shares.len()).collect();
    order.sort_by(|&a, &b| (exact[b] - exact[b].floor()).total_cmp(&(exact[a] - exact[a].floor())));
    let mut k = 0;
    while used < width && !order.is_empty() {
        w[order[k % order.len()]] += 1;
        used += 1;
        k += 1;
    }
    w
}

pub fn render(a: &Analysis, color: bool) -> String {
    let st = Style { on: color };
    let mut o = String::new();
    let kind = match a.input.kind {
        InputKind::Audio => "audio",
        InputKind::Text => "text",
    };
    let dur = a
        .duration_s
        .map(|d| format!(", {}", clock(d)))
        .unwrap_or_default();
    let _ = writeln!(
        o,
        "{} {}",
        st.paint(BOLD, "STAR analysis"),
        st.paint(
            DIM,
            &format!("{} ({kind}, {} words{dur})", a.input.path, a.stats.words)
        )
    );
    if let Some(q) = &a.question {
        let _ = writeln!(o, "Question: {q}");
    }

    // Timeline: one block per run, then a line per part with time and share.
    let _ = writeln!(o);
    let shares: Vec<f64> = a.parts.iter().map(|s| s.share).collect();
    let widths = bar_widths(&shares, BAR_WIDTH);
    let mut bar = String::new();
    for (span, w) in a.parts.iter().zip(&widths) {
        let label = letter(Some(span.part)).to_string();
        let block = if *w >= 1 {
            format!("{label}{}", " ".repeat(w - 1))
        } else {
            String::new()
        };
        if color {
            bar.push_str(&st.paint(bg(span.part), &block));
        } else {
            bar.push_str(&label.repeat(*w));
        }
    }
    if !a.parts.is_empty() {
        let _ = writeln!(o, "  |{bar}|");
    }
    for t in totals(a) {
        let line = if !t.present {
            st.paint(FLAG, &format!("  {:<10} missing", t.part.label()))
        } else {
            let secs = t.secs.map(|s| format!("{s:>5.0} s  ")).unwrap_or_default();
            let line = format!(
                "  {:<10} {secs}{:>4.0}%  {:>4} words  {}",
                t.part.label(),
                t.share * 100.0,
                t.words,
                t.when.join(", ")
            );
            st.paint(fg(t.part), &line)
        };
        let _ = writeln!(o, "{}", line.trim_end());
    }

    // Transcript, one sentence a line, part-marked, numbers highlighted.
    let _ = writeln!(o);
    let _ = writeln!(o, "{}", st.paint(BOLD, "Transcript"));
    let spans = number_spans(a);
    let mut prev: Option<Part> = None;
    for (i, s) in a.sentences.iter().enumerate() {
        let mark = if s.part != prev {
            format!("[{}]", letter(s.part))
        } else {
            "   ".to_string()
        };
        prev = s.part;
        let at = s
            .start_s
            .map(|t| format!("{:>5} ", clock(t)))
            .unwrap_or_default();
        let body = highlight(&s.text, &spans[i], str::to_string, |n| {
            if color {
                st.paint(NUMBER, n)
            } else {
                format!("*{n}*")
            }
        });
        let mark = match s.part {
            Some(p) => st.paint(fg(p), &mark),
            None => mark,
        };
        let _ = writeln!(o, "  {mark} {}{body}", st.paint(DIM, &at));
    }

    if !a.numbers.is_empty() {
        let _ = writeln!(o);
        let _ = writeln!(o, "{}", st.paint(BOLD, "Numbers"));
        for n in &a.numbers {
            let part = n.part.map(|p| p.label()).unwrap_or("-");
            let at = n
                .start_s
                .map(|t| format!(" at {}", clock(t)))
                .unwrap_or_default();
            let kind = serde_json::to_value(n.kind)
                .ok()
                .and_then(|v| v.as_str().map(String::from))
                .unwrap_or_default();
            let _ = writeln!(o, "  {:<28} {kind:<13} {part}{at}", n.text);
        }
    }

    let _ = writeln!(o);
    if a.flags.is_empty() {
        let _ = writeln!(o, "{}", st.paint(BOLD, "Flags: none"));
    } else {
        let _ = writeln!(
            o,
            "{}",
            st.paint(BOLD, &format!("Flags ({})", a.flags.len()))
        );
        for f in &a.flags {
            let mut tag = f.code.clone();
            if let Some(p) = f.part {
                let _ = write!(tag, " · {}", p.label());
            }
            if let Some(t) = f.start_s {
                let _ = write!(tag, " · {}", clock(t));
            }
            let _ = writeln!(o, "  {} {}", st.paint(FLAG, "!"), st.paint(BOLD, &tag));
            let _ = writeln!(o, "    {}", f.message);
            if let Some(q) = &f.quote {
                let _ = writeln!(o, "    {}", st.paint(DIM, &format!("“{q}”")));
            }
        }
    }

    let s = &a.stats;
    let mut line = format!("{} words", s.words);
    if let Some(w) = s.wpm {
        let _ = write!(line, " · {w:.0} wpm");
    }
    let _ = write!(line, " · {} fillers", s.fillers);
    if let Some(f) = s.fillers_per_min {
        let _ = write!(line, " ({f:.1}/min)");
    }
    let _ = write!(line, " · I {} / we {}", s.i_count, s.we_count);
    if let Some(p) = s.longest_pause_s {
        let _ = write!(line, " · longest pause {p:.1} s");
    }
    let _ = writeln!(o);
    let _ = writeln!(o, "{}", st.paint(DIM, &line));
    let _ = writeln!(o, "{} {}", st.paint(BOLD, "Verdict:"), verdict(a));
    o
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::tests::sample;

    #[test]
    fn plain_render_has_every_section_and_no_escapes() {
        let a = sample();
        let out = render(&a, false);
        assert!(!out.contains('\x1b'));
        for needle in [
            "STAR analysis",
            "Situation",
            "Transcript",
            "*12 seconds*",
            "Verdict:",
        ] {
            assert!(out.contains(needle), "missing {needle}:\n{out}");
        }
    }

    #[test]
    fn colour_render_uses_ansi() {
        assert!(render(&sample(), true).contains("\x1b["));
    }

    #[test]
    fn bar_widths_fill_the_bar() {
        let w = bar_widths(&[0.2, 0.1, 0.5, 0.2], 60);
        assert_eq!(w.iter().sum::<usize>(), 60);
        assert_eq!(w, vec![12, 6, 30, 12]);
        assert!(bar_widths(&[], 60).is_empty());
    }
}

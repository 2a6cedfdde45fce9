//! Self-contained HTML view (inline CSS, no scripts, no network).

use super::{clock, highlight, number_spans, totals, verdict};
use crate::types::{Analysis, InputKind, Part};
use std::fmt::Write;

/// HTML-escapes text for element content and attribute values.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

fn class(p: Option<Part>) -> &'static str {
    p.map(|p| p.as_str()).unwrap_or("none")
}

const CSS: &str = "body{font:15px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#222}\
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:1.6rem}.meta{color:#666}\
.verdict{padding:.6rem .8rem;background:#f4f4f4;border-left:4px solid #444}\
.bar{display:flex;height:1.6rem;border-radius:4px;overflow:hidden;margin:.5rem 0}\
.bar div{color:#fff;font-size:.8rem;padding:.2rem .3rem;white-space:nowrap;overflow:hidden}\
.situation{background:#3b6fb6}.task{background:#9b4fb0}.action{background:#3a8a4a}.result{background:#c08a12}.none{background:#999}\
table{border-collapse:collapse}td,th{padding:.2rem .6rem;border-bottom:1px solid #ddd;text-align:left}\
.sent{margin:.2rem 0;padding-left:.6rem;border-left:4px solid #ccc}.sent.situation{border-color:#3b6fb6;background:none}\
.sent.task{border-color:#9b4fb0;background:none}.sent.action{border-color:#3a8a4a;background:none}.sent.result{border-color:#c08a12;background:none}\
.tag{font-size:.75rem;color:#666;margin-right:.4rem}mark{background:#ffe58a;font-weight:600}\
.flag{margin:.6rem 0}.code{font-family:monospace;color:#b00020;font-weight:600}blockquote{margin:.2rem 0 .2rem 1rem;color:#555;font-style:italic}\
.missing{color:#b00020;font-weight:600}";

pub fn render(a: &Analysis) -> String {
    let mut o = String::new();
    let kind = match a.input.kind {
        InputKind::Audio => "audio",
        InputKind::Text => "text",
    };
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <title>STAR analysis: {}</title><style>{CSS}</style></head><body>\n",
        esc(&a.input.path)
    );
    let _ = writeln!(o, "<h1>STAR analysis</h1>");
    let dur = a
        .duration_s
        .map(|d| format!(", {}", clock(d)))
        .unwrap_or_default();
    let _ = writeln!(
        o,
        "<p class=\"meta\">{} ({kind}, {} words{dur})</p>",
        esc(&a.input.path),
        a.stats.words
    );
    if let Some(q) = &a.question {
        let _ = writeln!(o, "<p><strong>Question:</strong> {}</p>", esc(q));
    }
    let _ = writeln!(o, "<p class=\"verdict\">{}</p>", esc(&verdict(a)));

    let _ = writeln!(o, "<h2>Timeline</h2>\n<div class=\"bar\">");
    for s in &a.parts {
        let _ = writeln!(
            o,
            "<div class=\"{}\" style=\"width:{:.1}%\" title=\"{} {:.0}%\">{}</div>",
            s.part.as_str(),
            s.share * 100.0,
            s.part.label(),
            s.share * 100.0,
            s.part.label()
        );
    }
    let _ = writeln!(
        o,
        "</div>\n<table><tr><th>Part</th><th>Time</th><th>Share</th><th>Words</th></tr>"
    );
    for t in totals(a) {
        if !t.present {
            let _ = writeln!(
                o,
                "<tr><td>{}</td><td>—</td><td class=\"missing\">missing</td><td>0</td></tr>",
                t.part.label()
            );
            continue;
        }
        let time = t
            .secs
            .map(|s| format!("{s:.0} s ({})", t.when.join(", ")))
            .unwrap_or_else(|| "—".into());
        let _ = writeln!(
            o,
            "<tr><td>{}</td><td>{time}</td><td>{:.0}%</td><td>{}</td></tr>",
            t.part.label(),
            t.share * 100.0,
            t.words
        );
    }
    let _ = writeln!(o, "</table>");

    let _ = writeln!(o, "<h2>Transcript</h2>");
    let spans = number_spans(a);
    for (i, s) in a.sentences.iter().enumerate() {
        let part = s.part.map(|p| p.label()).unwrap_or("?");
        let at = s
            .start_s
            .map(|t| format!(" {}", clock(t)))
            .unwrap_or_default();
        let body = highlight(&s.text, &spans[i], esc, |n| {
            format!("<mark>{}</mark>", esc(n))
        });
        let _ = writeln!(
            o,
            "<p class=\"sent {}\"><span class=\"tag\">{part}{at}</span>{body}</p>",
            class(s.part)
        );
    }

    if !a.numbers.is_empty() {
        let _ = writeln!(
            o,
            "<h2>Numbers</h2>\n<table><tr><th>Number</th><th>Kind</th><th>Part</th><th>At</th></tr>"
        );
        for n in &a.numbers {
            let kind = serde_json::to_value(n.kind)
                .ok()
                .and_then(|v| v.as_str().map(String::from))
                .unwrap_or_default();
            let _ = writeln!(
                o,
                "<tr><td>{}</td><td>{kind}</td><td>{}</td><td>{}</td></tr>",
                esc(&n.text),
                n.part.map(|p| p.label()).unwrap_or("—"),
                n.start_s.map(clock).unwrap_or_else(|| "—".into())
            );
        }
        let _ = writeln!(o, "</table>");
    }

    let _ = writeln!(o, "<h2>Flags</h2>");
    if a.flags.is_empty() {
        let _ = writeln!(o, "<p>None.</p>");
    }
    for f in &a.flags {
        let mut tag = String::new();
        if let Some(p) = f.part {
            let _ = write!(tag, " · {}", p.label());
        }
        if let Some(t) = f.start_s {
            let _ = write!(tag, " · {}", clock(t));
        }
        let _ = write!(
            o,
            "<div class=\"flag\"><span class=\"code\">{}</span>{}<br>{}",
            esc(&f.code),
            esc(&tag),
            esc(&f.message)
        );
        if let Some(q) = &f.quote {
            let _ = write!(o, "<blockquote>“{}”</blockquote>", esc(q));
        }
        let _ = writeln!(o, "</div>");
    }

    let s = &a.stats;
    let _ = writeln!(o, "<h2>Delivery</h2>\n<table>");
    let _ = writeln!(o, "<tr><td>Words</td><td>{}</td></tr>", s.words);
    if let Some(w) = s.wpm {
        let _ = writeln!(o, "<tr><td>Pace</td><td>{w:.0} words a minute</td></tr>");
    }
    let per = s
        .fillers_per_min
        .map(|f| format!(" ({f:.1} a minute)"))
        .unwrap_or_default();
    let _ = writeln!(o, "<tr><td>Fillers</td><td>{}{per}</td></tr>", s.fillers);
    let _ = writeln!(
        o,
        "<tr><td>I / we</td><td>{} / {}</td></tr>",
        s.i_count, s.we_count
    );
    if let Some(p) = s.longest_pause_s {
        let _ = writeln!(o, "<tr><td>Longest pause</td><td>{p:.1} s</td></tr>");
    }
    let _ = writeln!(o, "</table>\n</body></html>");
    o
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::tests::sample;

    #[test]
    fn html_is_self_contained_and_escaped() {
        let mut a = sample();
        a.question = Some("<script>alert(1)</script>".into());
        let out = render(&a);
        assert!(out.starts_with("<!DOCTYPE html>"));
        assert!(out.contains("<style>"));
        assert!(!out.contains("<script>"));
        assert!(!out.contains("http://") && !out.contains("https://"));
        assert!(out.contains("<mark>12 seconds</mark>"));
    }
}

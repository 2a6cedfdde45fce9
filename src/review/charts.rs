//! Small self-contained SVG line charts for the progress page. Hand-written rather than a
//! plotting crate: one polyline, axes and a few labels need no font files or extra build time.

use std::fmt::Write;

use super::html::esc;

const W: f64 = 560.0;
const H: f64 = 180.0;
const LEFT: f64 = 56.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 24.0;
const BOTTOM: f64 = 30.0;

/// A line chart of `values` (oldest first) with min/max ticks, first/last x labels and a dot
/// per point (with a tooltip). `fmt` formats the y values.
pub fn line_chart(
    title: &str,
    labels: &[String],
    values: &[f64],
    fmt: &dyn Fn(f64) -> String,
) -> String {
    let mut o = String::new();
    let _ = write!(
        o,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 {W} {H}\" \
         role=\"img\" aria-label=\"{t}\"><text x=\"{LEFT}\" y=\"15\" class=\"ct\">{t}</text>",
        t = esc(title)
    );
    if values.is_empty() {
        let _ = write!(
            o,
            "<text x=\"{LEFT}\" y=\"{}\" class=\"cl\">no data yet</text></svg>",
            H / 2.0
        );
        return o;
    }
    let (mut lo, mut hi) = values
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| {
            (a.min(x), b.max(x))
        });
    if hi - lo < 1e-9 {
        lo -= 1.0;
        hi += 1.0;
    }
    let pw = W - LEFT - RIGHT;
    let ph = H - TOP - BOTTOM;
    let x = |i: usize| {
        if values.len() == 1 {
            LEFT + pw / 2.0
        } else {
            LEFT + pw * i as f64 / (values.len() - 1) as f64
        }
    };
    let y = |v: f64| TOP + ph * (1.0 - (v - lo) / (hi - lo));
    let _ = write!(
        o,
        "<line x1=\"{LEFT}\" y1=\"{TOP}\" x2=\"{LEFT}\" y2=\"{b}\" class=\"ax\"/>\
         <line x1=\"{LEFT}\" y1=\"{b}\" x2=\"{r}\" y2=\"{b}\" class=\"ax\"/>\
         <text x=\"{tx}\" y=\"{yt}\" class=\"cl\" text-anchor=\"end\">{hi_s}</text>\
         <text x=\"{tx}\" y=\"{yb}\" class=\"cl\" text-anchor=\"end\">{lo_s}</text>",
        b = TOP + ph,
        r = W - RIGHT,
        tx = LEFT - 6.0,
        yt = TOP + 4.0,
        yb = TOP + ph,
        hi_s = esc(&fmt(hi)),
        lo_s = esc(&fmt(lo)),
    );
    let pts: Vec<String> = values
        .iter()
        .enumerate()
        .map(|(i, &v)| format!("{:.1},{:.1}", x(i), y(v)))
        .collect();
    let _ = write!(o, "<polyline points=\"{}\" class=\"ln\"/>", pts.join(" "));
    // Dots only while they stay readable.
    if values.len() <= 60 {
        for (i, &v) in values.iter().enumerate() {
            let label = labels.get(i).map(String::as_str).unwrap_or("");
            let _ = write!(
                o,
                "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"3\" class=\"pt\"><title>{}: {}</title></circle>",
                x(i),
                y(v),
                esc(label),
                esc(&fmt(v))
            );
        }
    }
    if let (Some(f), Some(l)) = (labels.first(), labels.last()) {
        let _ = write!(
            o,
            "<text x=\"{LEFT}\" y=\"{yy}\" class=\"cl\">{}</text>\
             <text x=\"{r}\" y=\"{yy}\" class=\"cl\" text-anchor=\"end\">{}</text>",
            esc(f),
            esc(l),
            yy = H - 8.0,
            r = W - RIGHT
        );
    }
    o.push_str("</svg>");
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chart_has_a_point_per_value_and_escapes_labels() {
        let labels = vec!["a<b".to_string(), "c".to_string(), "d".to_string()];
        let svg = line_chart("Fillers", &labels, &[1.0, 3.0, 2.0], &|v| format!("{v:.1}"));
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert_eq!(svg.matches("<circle").count(), 3);
        assert!(svg.contains("a&lt;b") && !svg.contains("a<b"));
        assert!(svg.contains(">3.0<") && svg.contains(">1.0<"));
        let empty = line_chart("x", &[], &[], &|v| v.to_string());
        assert!(empty.contains("no data yet"));
        // A single value is drawn, not divided by zero.
        assert!(!line_chart("x", &labels[..1], &[5.0], &|v| v.to_string()).contains("NaN"));
    }
}

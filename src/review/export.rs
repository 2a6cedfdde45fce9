//! `mockloop export`: every answer with its measures, as CSV (for a spreadsheet) or JSON.

use std::fmt::Write;

use super::summary::AnswerSummary;

pub const CSV_COLUMNS: &[&str] = &[
    "session",
    "session_started_at",
    "question_number",
    "question_id",
    "question",
    "principles",
    "attempt",
    "kind",
    "follow_up",
    "audio",
    "audio_present",
    "started_at",
    "duration_s",
    "time_limit_s",
    "over_time",
    "stop_reason",
    "status",
    "words",
    "wpm",
    "fillers",
    "fillers_per_min",
    "situation_s",
    "task_s",
    "action_s",
    "result_s",
    "missing_parts",
    "has_result",
    "quantified_result",
    "numbers",
    "flags",
    "score",
    "verdict",
];

/// RFC 4180 quoting; a leading =, +, - or @ is prefixed with ' so spreadsheets do not run
/// a transcript snippet as a formula.
fn cell(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@']) && s.parse::<f64>().is_err() {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

fn json_str(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(a) => a.iter().map(json_str).collect::<Vec<_>>().join("; "),
        serde_json::Value::Number(n) => match n.as_f64() {
            Some(f) if n.is_f64() => format!("{f:.2}"),
            _ => n.to_string(),
        },
        other => other.to_string(),
    }
}

pub fn csv(rows: &[AnswerSummary]) -> String {
    let mut o = CSV_COLUMNS.join(",");
    o.push('\n');
    for r in rows {
        let v = serde_json::to_value(r).expect("summary serialises");
        let line: Vec<String> = CSV_COLUMNS
            .iter()
            .map(|c| cell(&json_str(&v[*c])))
            .collect();
        let _ = writeln!(o, "{}", line.join(","));
    }
    o
}

pub fn json(rows: &[AnswerSummary]) -> String {
    let mut s = serde_json::to_string_pretty(rows).expect("summaries serialise");
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::summary::answer_rows;
    use crate::review::tests::fake_session;

    #[test]
    fn csv_has_every_column_and_quotes() {
        let tmp = tempfile::tempdir().unwrap();
        let rows = answer_rows(&fake_session(tmp.path()));
        let out = csv(&rows);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), rows.len() + 1);
        assert_eq!(lines[0].split(',').count(), CSV_COLUMNS.len());
        assert!(lines[1].contains("Customer Obsession"));
        assert!(lines[1].contains(",true,"), "{}", lines[1]);
        assert!(out.contains("not_transcribed"));
        assert_eq!(cell("a,\"b\""), "\"a,\"\"b\"\"\"");
        assert_eq!(cell("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(cell("-3.5"), "-3.5");
        let back: Vec<AnswerSummary> = serde_json::from_str(&json(&rows)).unwrap();
        assert_eq!(back, rows);
    }
}

//! Parsing and validating question files.
//!
//! A file holds an optional `[defaults]` table and any number of `[[question]]` tables:
//!
//! ```toml
//! [defaults]            # applied to every question in this file that leaves the field out
//! rounds = ["phone-screen", "loop"]
//! shape = "star"
//! time_limit_s = 150
//!
//! [[question]]
//! id = "co-angry-customer"
//! text = "Tell me about a time you turned around an unhappy customer."
//! principles = ["Customer Obsession"]
//! roles = ["csm"]       # empty or left out = any role
//! probes = ["What did the customer feel?"]
//! ```
//!
//! Every value is read with its span so a problem can be reported as `file:line:column` with the
//! field's name, and all problems of all files are reported together.

use super::vocab;
use crate::types::{AnswerShape, Question};
use serde::Deserialize;
use std::collections::HashMap;
use std::ops::Range;
use toml::Spanned;

/// Where a problem is and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    pub line: usize,
    pub column: usize,
    /// The TOML key concerned, when known.
    pub field: Option<String>,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}: ", self.file, self.line, self.column)?;
        if let Some(field) = &self.field {
            write!(f, "field `{field}`: ")?;
        }
        f.write_str(&self.message)
    }
}

/// Shortest and longest sensible answer time: below 30 s nobody finishes a story, and even a
/// product-design answer spoken in one go is done within 15 minutes.
pub const MIN_TIME_LIMIT_S: i64 = 30;
pub const MAX_TIME_LIMIT_S: i64 = 900;
const MAX_TEXT_CHARS: usize = 600;

type SList = Spanned<Vec<Spanned<String>>>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    defaults: Option<Spanned<RawDefaults>>,
    #[serde(default, rename = "question")]
    questions: Vec<Spanned<RawQuestion>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDefaults {
    #[serde(alias = "round")]
    rounds: Option<SList>,
    #[serde(alias = "role")]
    roles: Option<SList>,
    #[serde(alias = "principle")]
    principles: Option<SList>,
    shape: Option<Spanned<String>>,
    #[serde(alias = "time_limit")]
    time_limit_s: Option<Spanned<i64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuestion {
    id: Option<Spanned<String>>,
    text: Option<Spanned<String>>,
    #[serde(alias = "round")]
    rounds: Option<SList>,
    #[serde(alias = "role")]
    roles: Option<SList>,
    #[serde(alias = "principle")]
    principles: Option<SList>,
    shape: Option<Spanned<String>>,
    #[serde(alias = "time_limit")]
    time_limit_s: Option<Spanned<i64>>,
    probes: Option<SList>,
}

/// A validated question and where it was defined (for duplicate-id reports).
pub(crate) struct Located {
    pub question: Question,
    pub file: String,
    pub line: usize,
}

struct Ctx<'a> {
    file: &'a str,
    src: &'a str,
    problems: &'a mut Vec<Problem>,
}

impl Ctx<'_> {
    fn pos(&self, offset: usize) -> (usize, usize) {
        line_col(self.src, offset)
    }

    fn push(&mut self, span: Range<usize>, field: Option<&str>, message: impl Into<String>) {
        let (line, column) = self.pos(span.start);
        self.problems.push(Problem {
            file: self.file.to_string(),
            line,
            column,
            field: field.map(str::to_string),
            message: message.into(),
        });
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub(crate) fn line_col(src: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(src.len());
    let before = &src[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// The key on the line a span starts in, e.g. `time_limit_s` for `time_limit_s = "two"`, so toml's
/// own type errors can name the field too.
fn key_at(src: &str, offset: usize) -> Option<String> {
    let offset = offset.min(src.len());
    let start = src[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = src[start..].lines().next().unwrap_or("");
    let (key, _) = line.split_once('=')?;
    let key = key.trim();
    (!key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'))
    .then(|| key.to_string())
}

/// Parses and validates one file, appending its problems; returns the questions that were valid.
pub(crate) fn parse_file(file: &str, src: &str, problems: &mut Vec<Problem>) -> Vec<Located> {
    let raw: RawFile = match toml::from_str(src) {
        Ok(r) => r,
        Err(e) => {
            let span = e.span().unwrap_or(0..0);
            let (line, column) = line_col(src, span.start);
            problems.push(Problem {
                file: file.to_string(),
                line,
                column,
                field: key_at(src, span.start).or_else(|| field_in_message(e.message())),
                message: e.message().trim().to_string(),
            });
            return Vec::new();
        }
    };
    let mut ctx = Ctx {
        file,
        src,
        problems,
    };
    let defaults = raw.defaults.map(Spanned::into_inner);
    if raw.questions.is_empty() {
        ctx.push(
            0..0,
            None,
            "no questions in this file (each question starts with a [[question]] header)",
        );
    }
    raw.questions
        .into_iter()
        .filter_map(|q| validate(&mut ctx, q, defaults.as_ref()))
        .collect()
}

/// toml names a missing field in its message ("missing field `text`"); use that when the span
/// points at a table header rather than a `key = value` line.
fn field_in_message(msg: &str) -> Option<String> {
    let start = msg.find('`')? + 1;
    let len = msg[start..].find('`')?;
    Some(msg[start..start + len].to_string())
}

fn validate(ctx: &mut Ctx, sq: Spanned<RawQuestion>, d: Option<&RawDefaults>) -> Option<Located> {
    let table_span = sq.span();
    let q = sq.into_inner();
    let before = ctx.problems.len();

    let id = match &q.id {
        Some(id) => {
            let v = id.get_ref().trim();
            if v.is_empty() {
                ctx.push(
                    id.span(),
                    Some("id"),
                    "id is empty; give the question a short unique id such as \"co-angry-vendor\"",
                );
            } else if !v
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
            {
                ctx.push(
                    id.span(),
                    Some("id"),
                    format!("id '{v}' may only use lowercase letters, digits, '-' and '_'"),
                );
            }
            v.to_string()
        }
        None => {
            ctx.push(
                table_span.clone(),
                Some("id"),
                "missing id; every question needs a unique `id = \"...\"`",
            );
            String::new()
        }
    };

    let text = match &q.text {
        Some(t) => {
            let v = collapse_ws(t.get_ref());
            if v.is_empty() {
                ctx.push(t.span(), Some("text"), "question text is empty");
            } else if v.chars().count() > MAX_TEXT_CHARS {
                ctx.push(
                    t.span(),
                    Some("text"),
                    format!("question text is {} characters; keep it under {MAX_TEXT_CHARS} so it can be read aloud", v.chars().count()),
                );
            }
            v
        }
        None => {
            ctx.push(
                table_span.clone(),
                Some("text"),
                "missing text; add `text = \"Tell me about a time...\"`",
            );
            String::new()
        }
    };

    let before_rounds = ctx.problems.len();
    let rounds = list(
        ctx,
        q.rounds.as_ref().or(d.and_then(|d| d.rounds.as_ref())),
        "rounds",
        |s| {
            vocab::round(s).map(str::to_string).ok_or_else(|| {
                format!("unknown round '{s}'; valid rounds: {}", vocab::round_list())
            })
        },
    );
    if rounds.is_empty() && ctx.problems.len() == before_rounds {
        let span = q.rounds.as_ref().map_or(table_span.clone(), |r| r.span());
        ctx.push(
            span,
            Some("rounds"),
            format!("no rounds; list at least one of: {}", vocab::round_list()),
        );
    }
    let roles = list(
        ctx,
        q.roles.as_ref().or(d.and_then(|d| d.roles.as_ref())),
        "roles",
        |s| {
            vocab::role(s).map(str::to_string).ok_or_else(|| {
                format!(
                    "unknown role '{s}'; valid roles: {} (leave roles out for any role)",
                    vocab::role_list()
                )
            })
        },
    );
    let principles = list(
        ctx,
        q.principles
            .as_ref()
            .or(d.and_then(|d| d.principles.as_ref())),
        "principles",
        |s| {
            vocab::principle(s).map(str::to_string).ok_or_else(|| {
                format!(
                    "unknown Leadership Principle '{s}'; valid principles: {}",
                    vocab::principle_list()
                )
            })
        },
    );

    let shape = match q.shape.as_ref().or(d.and_then(|d| d.shape.as_ref())) {
        Some(s) => vocab::shape(s.get_ref()).unwrap_or_else(|| {
            ctx.push(
                s.span(),
                Some("shape"),
                format!(
                    "unknown answer shape '{}'; valid shapes: {}",
                    s.get_ref(),
                    vocab::shape_list()
                ),
            );
            AnswerShape::Star
        }),
        None => AnswerShape::Star,
    };

    let time_limit_s = match q
        .time_limit_s
        .as_ref()
        .or(d.and_then(|d| d.time_limit_s.as_ref()))
    {
        Some(t) => {
            let v = *t.get_ref();
            if !(MIN_TIME_LIMIT_S..=MAX_TIME_LIMIT_S).contains(&v) {
                ctx.push(
                    t.span(),
                    Some("time_limit_s"),
                    format!("time limit {v} s is out of range; use {MIN_TIME_LIMIT_S} to {MAX_TIME_LIMIT_S} seconds"),
                );
            }
            v.clamp(0, u32::MAX as i64) as u32
        }
        None => {
            ctx.push(
                table_span.clone(),
                Some("time_limit_s"),
                "missing time_limit_s; add a suggested answer time in seconds (e.g. 150), here or in [defaults]",
            );
            0
        }
    };

    let probes = match &q.probes {
        Some(p) => p
            .get_ref()
            .iter()
            .filter_map(|s| {
                let v = collapse_ws(s.get_ref());
                if v.is_empty() {
                    ctx.push(
                        s.span(),
                        Some("probes"),
                        "empty follow-up probe; remove it or write the question",
                    );
                    None
                } else {
                    Some(v)
                }
            })
            .collect(),
        None => Vec::new(),
    };

    if ctx.problems.len() > before {
        return None;
    }
    let (line, _) = ctx.pos(q.id.as_ref().map_or(table_span.start, |i| i.span().start));
    Some(Located {
        question: Question {
            id,
            text,
            rounds,
            roles,
            principles,
            shape,
            time_limit_s,
            probes,
        },
        file: ctx.file.to_string(),
        line,
    })
}

/// Validates a list field, mapping each entry to its canonical form and dropping duplicates.
fn list(
    ctx: &mut Ctx,
    raw: Option<&SList>,
    field: &str,
    canon: impl Fn(&str) -> Result<String, String>,
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in raw.map(|l| l.get_ref().as_slice()).unwrap_or_default() {
        match canon(item.get_ref()) {
            Ok(v) if !out.contains(&v) => out.push(v),
            Ok(_) => {}
            Err(msg) => ctx.push(item.span(), Some(field), msg),
        }
    }
    out
}

fn collapse_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Reports ids defined more than once, across all files.
pub(crate) fn check_unique_ids(items: &[Located], problems: &mut Vec<Problem>) {
    let mut first: HashMap<&str, &Located> = HashMap::new();
    for it in items {
        if let Some(prev) = first.get(it.question.id.as_str()) {
            problems.push(Problem {
                file: it.file.clone(),
                line: it.line,
                column: 1,
                field: Some("id".into()),
                message: format!(
                    "duplicate id '{}' (first defined at {}:{}); ids must be unique across all files",
                    it.question.id, prev.file, prev.line
                ),
            });
        } else {
            first.insert(&it.question.id, it);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(src: &str) -> (Vec<Located>, Vec<Problem>) {
        let mut p = Vec::new();
        let q = parse_file("t.toml", src, &mut p);
        (q, p)
    }

    const GOOD: &str = r#"
[defaults]
rounds = ["phone-screen", "Bar Raiser"]
time_limit_s = 150

[[question]]
id = "co-1"
text = """Tell me about a time
   you obsessed over a customer."""
principles = ["customer-obsession", "Dive Deep", "customer obsession"]
probes = ["What did the customer feel?"]

[[question]]
id = "pd-1"
text = "Design a product for renters."
rounds = ["product design & strategy"]
roles = ["PM"]
shape = "Product"
time_limit_s = 300
"#;

    #[test]
    fn parses_defaults_canonical_names_and_overrides() {
        let (qs, problems) = parse(GOOD);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(qs.len(), 2);
        let a = &qs[0].question;
        assert_eq!(a.text, "Tell me about a time you obsessed over a customer.");
        assert_eq!(a.rounds, ["phone-screen", "bar-raiser"]);
        assert_eq!(a.principles, ["Customer Obsession", "Dive Deep"]);
        assert_eq!(a.shape, AnswerShape::Star);
        assert_eq!(a.time_limit_s, 150);
        assert!(a.roles.is_empty());
        assert_eq!(qs[0].line, 7);
        let b = &qs[1].question;
        assert_eq!(b.rounds, ["product-design"]);
        assert_eq!(b.roles, ["pm"]);
        assert_eq!(b.shape, AnswerShape::Product);
        assert_eq!(b.time_limit_s, 300);
        assert!(b.probes.is_empty());
    }

    fn one_problem(src: &str) -> Problem {
        let (_, p) = parse(src);
        assert_eq!(p.len(), 1, "{p:?}");
        p.into_iter().next().unwrap()
    }

    #[test]
    fn unknown_principle_names_file_line_and_field() {
        let p = one_problem(
            "[[question]]\nid = \"x\"\ntext = \"t\"\nrounds = [\"loop\"]\ntime_limit_s = 60\nprinciples = [\"Ownership\", \"Customer Obssession\"]\n",
        );
        assert_eq!((p.line, p.field.as_deref()), (6, Some("principles")));
        let msg = p.to_string();
        assert!(msg.starts_with("t.toml:6:"), "{msg}");
        assert!(msg.contains("field `principles`"), "{msg}");
        assert!(
            msg.contains("Customer Obssession") && msg.contains("Earn Trust"),
            "{msg}"
        );
    }

    #[test]
    fn syntax_error_has_line_and_column() {
        let p = one_problem("[[question]]\nid = \"x\"\ntext = \"unterminated\n");
        assert_eq!(p.line, 3);
        assert!(p.to_string().starts_with("t.toml:3:"), "{p}");
    }

    #[test]
    fn wrong_type_names_the_field() {
        let p = one_problem(
            "[[question]]\nid = \"x\"\ntext = \"t\"\nrounds = [\"loop\"]\ntime_limit_s = \"two minutes\"\n",
        );
        assert_eq!((p.line, p.field.as_deref()), (5, Some("time_limit_s")));
    }

    #[test]
    fn unknown_field_is_rejected() {
        let p = one_problem(
            "[[question]]\nid = \"x\"\ntext = \"t\"\nrounds = [\"loop\"]\ntime_limit_s = 60\nprobs = [\"a\"]\n",
        );
        assert_eq!(p.line, 6);
        assert!(p.message.contains("probs"), "{p}");
    }

    #[test]
    fn missing_fields_and_bad_values_are_each_reported() {
        let (qs, p) = parse(
            "[[question]]\nid = \"Bad Id\"\ntext = \"  \"\nrounds = [\"loop\", \"lunch\"]\nroles = [\"chef\"]\nshape = \"essay\"\ntime_limit_s = 5\nprobes = [\"\"]\n\n[[question]]\ntext = \"no id\"\nrounds = [\"loop\"]\n",
        );
        assert!(qs.is_empty());
        let fields: Vec<_> = p
            .iter()
            .map(|p| (p.line, p.field.clone().unwrap()))
            .collect();
        assert_eq!(
            fields,
            [
                (2, "id".to_string()),
                (3, "text".into()),
                (4, "rounds".into()),
                (5, "roles".into()),
                (6, "shape".into()),
                (7, "time_limit_s".into()),
                (8, "probes".into()),
                (10, "id".into()),
                (10, "time_limit_s".into()),
            ]
        );
    }

    #[test]
    fn file_without_questions_is_an_error() {
        let p = one_problem("# nothing here\n");
        assert!(p.message.contains("no questions"), "{p}");
    }

    #[test]
    fn duplicate_ids_point_at_both_places() {
        let src =
            "[[question]]\nid = \"x\"\ntext = \"t\"\nrounds = [\"loop\"]\ntime_limit_s = 60\n";
        let mut problems = Vec::new();
        let mut items = parse_file("a.toml", src, &mut problems);
        items.extend(parse_file("b.toml", src, &mut problems));
        check_unique_ids(&items, &mut problems);
        assert_eq!(problems.len(), 1);
        assert_eq!(
            problems[0].to_string(),
            "b.toml:2:1: field `id`: duplicate id 'x' (first defined at a.toml:2); ids must be unique across all files"
        );
    }

    #[test]
    fn line_col_counts_characters() {
        let s = "ab\ncé d";
        assert_eq!(line_col(s, 0), (1, 1));
        assert_eq!(line_col(s, 3), (2, 1));
        assert_eq!(line_col(s, s.find('d').unwrap()), (2, 4));
    }
}

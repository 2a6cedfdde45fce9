//! The question bank: `prompts/*.toml`, embedded in the binary at build time, or a `--prompts DIR`
//! that replaces it.
//!
//! ```no_run
//! use mockloop::questions::{Filter, QuestionBank};
//! let bank = QuestionBank::load(None)?;
//! let filter = Filter::new().with_principle("customer obsession")?.with_role("csm")?;
//! let three = bank.pick(&filter, 3, Some(42));
//! # Ok::<(), mockloop::questions::QuestionError>(())
//! ```

mod parse;
mod pick;
pub mod vocab;

pub use parse::{Problem, MAX_TIME_LIMIT_S, MIN_TIME_LIMIT_S};
pub use pick::random_seed;
pub use vocab::{RoleInfo, RoundInfo, PRINCIPLES, ROLES, ROUNDS};

use crate::types::{AnswerShape, Question};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// Everything that can go wrong loading the bank or reading a filter.
#[derive(Debug, thiserror::Error)]
pub enum QuestionError {
    // The io error is part of the message rather than a `source`, so it isn't printed twice.
    #[error("cannot read questions from {}: {err}. Check the path given to --prompts.", path.display())]
    Io { path: PathBuf, err: std::io::Error },
    #[error(
        "no question files (*.toml) in {}. Point --prompts at a folder of question TOML files, or leave it out to use the built-in bank.",
        dir.display()
    )]
    NoFiles { dir: PathBuf },
    #[error("{}", invalid_message(.0))]
    Invalid(Vec<Problem>),
    #[error(
        "unknown {kind} '{value}'. Valid {kind}s: {valid} (case and punctuation don't matter)"
    )]
    UnknownValue {
        kind: &'static str,
        value: String,
        valid: String,
    },
}

fn invalid_message(problems: &[Problem]) -> String {
    let mut s = match problems.len() {
        1 => "invalid question file:".to_string(),
        n => format!("{n} problems in the question files:"),
    };
    for p in problems {
        s.push_str("\n  ");
        s.push_str(&p.to_string());
    }
    s.push_str("\nFix the entries above (see prompts/README.md for the format).");
    s
}

/// Question files compiled into the binary, in load order. A test checks this matches `prompts/`.
macro_rules! embedded {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/prompts/", $name)))),*]
    };
}

pub const EMBEDDED: &[(&str, &str)] = embedded![
    "lp-01-customer-obsession.toml",
    "lp-02-ownership.toml",
    "lp-03-invent-and-simplify.toml",
    "lp-04-are-right-a-lot.toml",
    "lp-05-learn-and-be-curious.toml",
    "lp-06-hire-and-develop.toml",
    "lp-07-highest-standards.toml",
    "lp-08-think-big.toml",
    "lp-09-bias-for-action.toml",
    "lp-10-frugality.toml",
    "lp-11-earn-trust.toml",
    "lp-12-dive-deep.toml",
    "lp-13-backbone.toml",
    "lp-14-deliver-results.toml",
    "lp-15-best-employer.toml",
    "lp-16-broad-responsibility.toml",
    "csm-functional.toml",
    "pm-recruiter-screen.toml",
    "pm-written-exercise.toml",
    "pm-product-design.toml",
    "pm-execution-metrics.toml",
    "pm-analytical-technical.toml",
    "pm-leadership-stakeholder.toml",
    "bar-raiser.toml",
    "engineer.toml",
];

/// The loaded, validated questions.
#[derive(Debug, Clone)]
pub struct QuestionBank {
    questions: Vec<Question>,
    source: String,
}

impl QuestionBank {
    /// Loads `dir` (a folder of `*.toml`, or one file) if given, else the built-in bank.
    /// A folder replaces the built-in bank entirely.
    pub fn load(dir: Option<&Path>) -> Result<QuestionBank, QuestionError> {
        match dir {
            None => Self::embedded(),
            Some(dir) => Self::load_dir(dir),
        }
    }

    /// The bank compiled into the binary.
    pub fn embedded() -> Result<QuestionBank, QuestionError> {
        let files: Vec<(String, &str)> = EMBEDDED
            .iter()
            .map(|(name, src)| (format!("prompts/{name} (built in)"), *src))
            .collect();
        Self::from_sources(files.iter().map(|(n, s)| (n.as_str(), *s)), "built-in")
    }

    fn load_dir(dir: &Path) -> Result<QuestionBank, QuestionError> {
        let io = |err| QuestionError::Io {
            path: dir.to_path_buf(),
            err,
        };
        let meta = std::fs::metadata(dir).map_err(io)?;
        let mut paths: Vec<PathBuf> = if meta.is_file() {
            vec![dir.to_path_buf()]
        } else {
            std::fs::read_dir(dir)
                .map_err(io)?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "toml") && p.is_file())
                .collect()
        };
        // Sorted so ids, listing order and seeded picks don't depend on the filesystem.
        paths.sort();
        if paths.is_empty() {
            return Err(QuestionError::NoFiles {
                dir: dir.to_path_buf(),
            });
        }
        let mut files = Vec::with_capacity(paths.len());
        for p in paths {
            let src = std::fs::read_to_string(&p).map_err(|err| QuestionError::Io {
                path: p.clone(),
                err,
            })?;
            files.push((p.display().to_string(), src));
        }
        Self::from_sources(
            files.iter().map(|(n, s)| (n.as_str(), s.as_str())),
            &dir.display().to_string(),
        )
    }

    /// Parses and validates `(file name, TOML text)` pairs; names are used in error messages.
    pub fn from_sources<'a>(
        files: impl IntoIterator<Item = (&'a str, &'a str)>,
        source: &str,
    ) -> Result<QuestionBank, QuestionError> {
        let mut problems = Vec::new();
        let mut items = Vec::new();
        for (name, src) in files {
            items.extend(parse::parse_file(name, src, &mut problems));
        }
        parse::check_unique_ids(&items, &mut problems);
        if !problems.is_empty() {
            return Err(QuestionError::Invalid(problems));
        }
        Ok(QuestionBank {
            questions: items.into_iter().map(|l| l.question).collect(),
            source: source.to_string(),
        })
    }

    /// Every question, in file order.
    pub fn questions(&self) -> &[Question] {
        &self.questions
    }

    pub fn len(&self) -> usize {
        self.questions.len()
    }

    pub fn is_empty(&self) -> bool {
        self.questions.is_empty()
    }

    /// "built-in" or the folder the bank was loaded from.
    pub fn source(&self) -> &str {
        &self.source
    }

    pub fn get(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }

    /// The questions matching every set part of `filter`, in file order.
    pub fn filter(&self, filter: &Filter) -> Vec<&Question> {
        self.questions
            .iter()
            .filter(|q| filter.matches(q))
            .collect()
    }

    /// Up to `count` distinct questions matching `filter`, spread across principles (and, for
    /// questions without one, across answer shapes). The same seed and bank give the same picks;
    /// `None` picks a fresh random seed.
    pub fn pick(&self, filter: &Filter, count: usize, seed: Option<u64>) -> Vec<Question> {
        pick::pick(self.filter(filter), count, seed.unwrap_or_else(random_seed))
    }
}

/// Which questions to keep. Every set field must match; values are stored canonically
/// (official principle name, round id, role id), so build it with the `with_*` methods.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Filter {
    pub principle: Option<&'static str>,
    pub round: Option<&'static str>,
    pub role: Option<&'static str>,
    pub shape: Option<AnswerShape>,
}

impl Filter {
    pub fn new() -> Self {
        Self::default()
    }

    /// Builds a filter from optional user input, e.g. straight from CLI flags.
    pub fn from_args(
        principle: Option<&str>,
        round: Option<&str>,
        role: Option<&str>,
        shape: Option<&str>,
    ) -> Result<Self, QuestionError> {
        let mut f = Self::new();
        if let Some(p) = principle {
            f = f.with_principle(p)?;
        }
        if let Some(r) = round {
            f = f.with_round(r)?;
        }
        if let Some(r) = role {
            f = f.with_role(r)?;
        }
        if let Some(s) = shape {
            f = f.with_shape(s)?;
        }
        Ok(f)
    }

    /// Leniently matched: "customer-obsession", "Customer Obsession", "dive" all work.
    pub fn with_principle(mut self, p: &str) -> Result<Self, QuestionError> {
        self.principle = Some(
            vocab::principle(p).ok_or_else(|| unknown("principle", p, vocab::principle_list()))?,
        );
        Ok(self)
    }

    pub fn with_round(mut self, r: &str) -> Result<Self, QuestionError> {
        self.round = Some(vocab::round(r).ok_or_else(|| unknown("round", r, vocab::round_list()))?);
        Ok(self)
    }

    pub fn with_role(mut self, r: &str) -> Result<Self, QuestionError> {
        self.role = Some(vocab::role(r).ok_or_else(|| unknown("role", r, vocab::role_list()))?);
        Ok(self)
    }

    pub fn with_shape(mut self, s: &str) -> Result<Self, QuestionError> {
        self.shape = Some(vocab::shape(s).ok_or_else(|| unknown("shape", s, vocab::shape_list()))?);
        Ok(self)
    }

    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// A question without roles suits every role.
    pub fn matches(&self, q: &Question) -> bool {
        self.principle
            .map_or(true, |p| q.principles.iter().any(|x| x == p))
            && self.round.map_or(true, |r| q.rounds.iter().any(|x| x == r))
            && self.role.map_or(true, |r| {
                q.roles.is_empty() || q.roles.iter().any(|x| x == r)
            })
            && self.shape.map_or(true, |s| q.shape == s)
    }
}

fn unknown(kind: &'static str, value: &str, valid: String) -> QuestionError {
    QuestionError::UnknownValue {
        kind,
        value: value.to_string(),
        valid,
    }
}

/// Official names of the 16 Leadership Principles.
pub fn known_principles() -> &'static [&'static str] {
    &PRINCIPLES
}

/// The rounds questions can be tagged with.
pub fn known_rounds() -> &'static [RoundInfo] {
    ROUNDS
}

/// The roles questions can be tagged with.
pub fn known_roles() -> &'static [RoleInfo] {
    ROLES
}

pub use vocab::shape_name;

#[cfg(test)]
mod tests;

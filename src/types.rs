//! The data that flows between mockloop's stages, in one place.
//!
//! audio (16 kHz mono `Audio`) → transcribe (`Transcript`) → analysis (`Analysis`)
//! → report / practice / session storage. Every stage takes and returns these types
//! and nothing else of another stage's internals.

use serde::{Deserialize, Serialize};

/// Sample rate every stage after decoding works at (whisper's native rate).
pub const SAMPLE_RATE: u32 = 16_000;

/// Mono PCM audio at [`SAMPLE_RATE`], samples in [-1, 1].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Audio {
    pub samples: Vec<f32>,
}

impl Audio {
    pub fn new(samples: Vec<f32>) -> Self {
        Self { samples }
    }

    pub fn duration_s(&self) -> f64 {
        self.samples.len() as f64 / SAMPLE_RATE as f64
    }
}

/// One spoken word with its time span in the audio.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Word {
    pub text: String,
    pub start_s: f64,
    pub end_s: f64,
    /// Mean token probability whisper gave the word (0..1).
    #[serde(default)]
    pub probability: f32,
}

/// A whisper segment: a run of words, roughly a sentence or clause.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Segment {
    pub text: String,
    pub start_s: f64,
    pub end_s: f64,
    pub words: Vec<Word>,
}

/// The output of the transcription stage (`mockloop transcribe --format json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Transcript {
    /// Always "mockloop.transcript.v1"; lets `analyze` tell a transcript from other JSON.
    pub schema: String,
    pub text: String,
    pub duration_s: f64,
    pub model: String,
    pub language: String,
    pub segments: Vec<Segment>,
    /// All words of all segments, in order (duplicated from segments for easy consumption).
    pub words: Vec<Word>,
}

impl Transcript {
    pub const SCHEMA: &'static str = "mockloop.transcript.v1";

    /// Builds a transcript from segments, deriving `text` and `words`.
    pub fn from_segments(
        segments: Vec<Segment>,
        duration_s: f64,
        model: impl Into<String>,
        language: impl Into<String>,
    ) -> Self {
        let text = segments
            .iter()
            .map(|s| s.text.trim())
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        let words = segments.iter().flat_map(|s| s.words.clone()).collect();
        Self {
            schema: Self::SCHEMA.to_string(),
            text,
            duration_s,
            model: model.into(),
            language: language.into(),
            segments,
            words,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty() && self.text.trim().is_empty()
    }
}

/// A STAR part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Part {
    Situation,
    Task,
    Action,
    Result,
}

impl Part {
    pub const ALL: [Part; 4] = [Part::Situation, Part::Task, Part::Action, Part::Result];

    pub fn as_str(self) -> &'static str {
        match self {
            Part::Situation => "situation",
            Part::Task => "task",
            Part::Action => "action",
            Part::Result => "result",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Part::Situation => "Situation",
            Part::Task => "Task",
            Part::Action => "Action",
            Part::Result => "Result",
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

impl std::fmt::Display for Part {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Part {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "situation" | "s" => Ok(Part::Situation),
            "task" | "t" => Ok(Part::Task),
            "action" | "a" => Ok(Part::Action),
            "result" | "r" => Ok(Part::Result),
            other => Err(format!(
                "unknown STAR part '{other}' (expected situation, task, action or result)"
            )),
        }
    }
}

/// What the analyzer was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum InputKind {
    Audio,
    Text,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnalysisInput {
    pub path: String,
    pub kind: InputKind,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sentence {
    pub text: String,
    pub start_s: Option<f64>,
    pub end_s: Option<f64>,
    pub part: Option<Part>,
}

/// One contiguous run of sentences labelled with the same part.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartSpan {
    pub part: Part,
    pub start_s: Option<f64>,
    pub end_s: Option<f64>,
    pub duration_s: Option<f64>,
    /// Share of the answer (time for audio, words for text), 0..1.
    pub share: f64,
    pub word_count: usize,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NumberKind {
    Percent,
    Currency,
    Duration,
    Count,
    BasisPoints,
    Multiplier,
    Other,
}

/// A quantity stated in the answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NumberMention {
    pub text: String,
    pub value: Option<f64>,
    pub kind: NumberKind,
    pub part: Option<Part>,
    pub start_s: Option<f64>,
}

/// Something a debrief panel would punish, with the evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Flag {
    pub code: String,
    pub message: String,
    pub part: Option<Part>,
    pub start_s: Option<f64>,
    pub end_s: Option<f64>,
    pub quote: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stats {
    pub words: usize,
    pub wpm: Option<f64>,
    pub fillers: usize,
    pub fillers_per_min: Option<f64>,
    pub i_count: usize,
    pub we_count: usize,
    pub longest_pause_s: Option<f64>,
}

/// The analyzer's output: the public `mockloop.analysis.v1` contract.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    pub schema: String,
    pub input: AnalysisInput,
    pub question: Option<String>,
    pub duration_s: Option<f64>,
    pub transcript: String,
    pub sentences: Vec<Sentence>,
    pub parts: Vec<PartSpan>,
    pub missing_parts: Vec<Part>,
    pub numbers: Vec<NumberMention>,
    pub flags: Vec<Flag>,
    pub stats: Stats,
}

impl Analysis {
    pub const SCHEMA: &'static str = "mockloop.analysis.v1";

    pub fn has_flag(&self, code: &str) -> bool {
        self.flags.iter().any(|f| f.code == code)
    }
}

/// The shape of answer a question expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AnswerShape {
    /// Behavioral story: Situation, Task, Action, Result.
    #[default]
    Star,
    /// PM product design & strategy answer.
    Product,
    /// PM execution & metrics answer.
    Metrics,
}

/// One interview question from the bank (`prompts/*.toml`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Question {
    pub id: String,
    pub text: String,
    /// Interview rounds it belongs to, e.g. "phone-screen", "bar-raiser".
    #[serde(default)]
    pub rounds: Vec<String>,
    /// Roles it suits: "pm", "csm", "engineer" (empty = any).
    #[serde(default)]
    pub roles: Vec<String>,
    /// Amazon Leadership Principles it probes, e.g. "Customer Obsession".
    #[serde(default)]
    pub principles: Vec<String>,
    #[serde(default)]
    pub shape: AnswerShape,
    /// Suggested time limit in seconds.
    pub time_limit_s: u32,
    /// Follow-up probes a bar raiser might ask.
    #[serde(default)]
    pub probes: Vec<String>,
}

/// Why a recording stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StopReason {
    /// The user pressed Enter.
    Key,
    /// Sustained silence after speech.
    Silence,
    /// The hard time limit.
    TimeLimit,
    /// Ctrl-C or the process ended mid-answer.
    Interrupted,
    /// Answer came from a file (`--answer-file`).
    File,
}

/// Latency figures for one recorded answer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Timings {
    /// Seconds from end of recording to transcript + analysis ready.
    pub post_stop_s: Option<f64>,
    /// Seconds whisper spent in total on this answer.
    pub transcribe_s: Option<f64>,
}

/// One recorded answer (to a question or to a follow-up).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Answer {
    /// WAV file, relative to the session folder.
    pub audio: String,
    /// RFC 3339 time the recording started.
    pub started_at: String,
    pub duration_s: f64,
    pub stop_reason: StopReason,
    pub transcript: Option<Transcript>,
    pub analysis: Option<Analysis>,
    #[serde(default)]
    pub timings: Timings,
}

/// A follow-up question asked after an answer, and its answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FollowUp {
    pub question: String,
    /// Why this follow-up was chosen: a flag code (e.g. "missing_result") or "probe".
    pub reason: String,
    pub answer: Option<Answer>,
}

/// One attempt at a question: the answer and its follow-up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attempt {
    pub answer: Answer,
    pub follow_up: Option<FollowUp>,
}

/// A question as asked in a session, with every attempt (retries kept side by side).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionQuestion {
    pub question: Question,
    pub time_limit_s: u32,
    pub attempts: Vec<Attempt>,
}

/// A practice session, saved as `session.json` in its own folder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Session {
    /// Always "mockloop.session.v1".
    pub schema: String,
    /// Folder name, e.g. "2026-11-22T10-15-00".
    pub id: String,
    pub started_at: String,
    /// None while running or if interrupted.
    pub finished_at: Option<String>,
    pub mockloop_version: String,
    pub model: String,
    pub questions: Vec<SessionQuestion>,
}

impl Session {
    pub const SCHEMA: &'static str = "mockloop.session.v1";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transcript_from_segments_joins_text_and_words() {
        let w = |t: &str, s: f64| Word {
            text: t.into(),
            start_s: s,
            end_s: s + 0.3,
            probability: 0.9,
        };
        let t = Transcript::from_segments(
            vec![
                Segment {
                    text: " Hello there.".into(),
                    start_s: 0.0,
                    end_s: 1.0,
                    words: vec![w("Hello", 0.0), w("there.", 0.4)],
                },
                Segment {
                    text: " Bye.".into(),
                    start_s: 1.0,
                    end_s: 2.0,
                    words: vec![w("Bye.", 1.2)],
                },
            ],
            2.0,
            "tiny.en",
            "en",
        );
        assert_eq!(t.text, "Hello there. Bye.");
        assert_eq!(t.words.len(), 3);
        assert_eq!(t.schema, Transcript::SCHEMA);
    }

    #[test]
    fn part_round_trips_through_json_and_str() {
        for p in Part::ALL {
            let j = serde_json::to_string(&p).unwrap();
            assert_eq!(j, format!("\"{}\"", p.as_str()));
            assert_eq!(p.as_str().parse::<Part>().unwrap(), p);
        }
        assert!("nope".parse::<Part>().is_err());
    }
}

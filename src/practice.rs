//! One answer in a practice session: record it (microphone or file) into the session folder,
//! transcribe it (live, while the person speaks, for the microphone), and analyse it.
//!
//! The interactive loop around it (questions, keys, follow-ups) lives in `commands/practice.rs`.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use crate::analysis::{analyze_transcript, AnalyzeOptions};
use crate::audio::capture::{CaptureError, RecordOptions, Recorder, StopHandle};
use crate::audio::decode::{read_wav, DecodeError};
use crate::audio::vad::VadConfig;
use crate::session::now_rfc3339;
use crate::stream::{ChunkPolicy, StreamingTranscriber};
use crate::transcribe::{TranscribeError, Transcriber};
use crate::types::{AnalysisInput, Answer, InputKind, StopReason, Timings, SAMPLE_RATE};

#[derive(Debug, thiserror::Error)]
pub enum PracticeError {
    #[error(transparent)]
    Capture(#[from] CaptureError),
    #[error(transparent)]
    Decode(#[from] DecodeError),
    #[error(transparent)]
    Transcribe(#[from] TranscribeError),
    #[error("cannot copy the answer file {} into the session: {source}", from.display())]
    Copy {
        from: PathBuf,
        source: std::io::Error,
    },
}

/// Where an answer comes from.
pub enum AnswerSource<'a> {
    /// A recording on disk (`--answer-file`): copied into the session, transcribed in one go.
    File(&'a Path),
    /// The microphone, recorded live.
    Mic {
        device: Option<&'a str>,
        options: RecordOptions,
    },
}

/// The stop handle of the recording in progress, so a Ctrl-C handler can end it cleanly.
pub type ActiveStop = Arc<Mutex<Option<StopHandle>>>;

/// Records, transcribes and analyses one answer. `wav` is the file to write inside the session
/// folder; `rel` is its name as stored in `session.json`.
pub struct AnswerJob<'a> {
    pub source: AnswerSource<'a>,
    pub wav: &'a Path,
    pub rel: &'a str,
    pub question: &'a str,
    pub time_limit_s: f64,
    pub active_stop: &'a ActiveStop,
    /// A follow-up answer is a focused reply, not a whole story: missing Situation/Task is no fault.
    pub follow_up: bool,
    /// Called once the microphone is live (with the device's label), e.g. to say "speak now".
    pub on_recording: &'a dyn Fn(&str),
}

/// Runs one answer. The transcriber is lent out and given back (the streaming path moves it to
/// a worker thread while the person speaks).
pub fn run_answer(
    job: AnswerJob<'_>,
    tr: &mut Option<Transcriber>,
) -> Result<Answer, PracticeError> {
    let started_at = now_rfc3339();
    let (mut answer, transcript) = match job.source {
        AnswerSource::File(src) => {
            std::fs::copy(src, job.wav).map_err(|source| PracticeError::Copy {
                from: src.to_path_buf(),
                source,
            })?;
            let audio = read_wav(job.wav)?;
            let t0 = Instant::now();
            let engine = tr.as_mut().expect("transcriber present");
            let t = engine.transcribe(&audio, None)?;
            let elapsed = t0.elapsed().as_secs_f64();
            let answer = Answer {
                audio: job.rel.to_string(),
                started_at,
                duration_s: audio.duration_s(),
                stop_reason: StopReason::File,
                transcript: None,
                analysis: None,
                timings: Timings {
                    post_stop_s: Some(elapsed),
                    transcribe_s: Some(engine.last_whisper_s),
                },
            };
            (answer, Some((t, t0)))
        }
        AnswerSource::Mic {
            device,
            mut options,
        } => {
            options.deliver_chunks = true;
            options.chunk_rate = Some(SAMPLE_RATE);
            let mut rec = Recorder::start(device, job.wav, options)?;
            *job.active_stop.lock().expect("stop slot") = Some(rec.stop_handle());
            (job.on_recording)(&rec.device().label());
            let chunks = rec.chunks().expect("chunks requested");
            let engine = tr.take().expect("transcriber present");
            let mut st =
                StreamingTranscriber::new(engine, VadConfig::default(), ChunkPolicy::default());
            // The capture thread closes the channel after the last chunk.
            for c in chunks.iter() {
                st.push(&c.samples);
            }
            let stopped = Instant::now();
            *job.active_stop.lock().expect("stop slot") = None;
            let summary = rec.wait();
            let (t, engine, stats) = st.finish()?;
            *tr = Some(engine);
            let summary = summary?;
            let answer = Answer {
                audio: job.rel.to_string(),
                started_at,
                duration_s: summary.duration_s,
                stop_reason: summary.stop_reason,
                transcript: None,
                analysis: None,
                timings: Timings {
                    post_stop_s: None,
                    transcribe_s: Some(stats.whisper_s),
                },
            };
            (answer, Some((t, stopped)))
        }
    };
    if let Some((t, since)) = transcript {
        let input = AnalysisInput {
            path: job.rel.to_string(),
            kind: InputKind::Audio,
        };
        let opts = AnalyzeOptions {
            question: Some(job.question.to_string()),
            time_limit_s: job.time_limit_s,
        };
        let analysis = (!t.is_empty()).then(|| {
            let mut a = analyze_transcript(&t, input, &opts);
            if job.follow_up {
                a.flags
                    .retain(|f| f.code != "missing_situation" && f.code != "missing_task");
            }
            a
        });
        answer.transcript = Some(t);
        answer.analysis = analysis;
        if answer.stop_reason != StopReason::File {
            answer.timings.post_stop_s = Some(since.elapsed().as_secs_f64());
        }
    }
    Ok(answer)
}

/// A placeholder written to `session.json` before recording starts, so a crash mid-answer still
/// leaves the WAV referenced by the session.
pub fn pending_answer(rel: &str) -> Answer {
    Answer {
        audio: rel.to_string(),
        started_at: now_rfc3339(),
        duration_s: 0.0,
        stop_reason: StopReason::Interrupted,
        transcript: None,
        analysis: None,
        timings: Timings::default(),
    }
}

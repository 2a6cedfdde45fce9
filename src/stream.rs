//! Transcribes while the person speaks: audio is cut at pauses the VAD finds and each chunk is
//! handed to whisper on a worker thread, so when the speaker stops only the last few seconds
//! remain to transcribe.

use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::Instant;

use crate::audio::vad::{SpeechRegion, Vad, VadConfig};
use crate::transcribe::{last_words, tidy_segments, TranscribeError, Transcriber};
use crate::types::{Segment, Transcript, SAMPLE_RATE};

/// When to cut a chunk.
#[derive(Debug, Clone, Copy)]
pub struct ChunkPolicy {
    /// Cut at the first pause once this much audio is pending.
    pub min_chunk_s: f64,
    /// Cut at the latest pause once this much is pending, or hard-cut with no pause at all.
    pub max_chunk_s: f64,
}

impl Default for ChunkPolicy {
    fn default() -> Self {
        // Short enough that the tail after "stop" transcribes in well under a second with a
        // shrunken encoder window; long enough that whisper has context for each sentence.
        Self {
            min_chunk_s: 4.0,
            max_chunk_s: 24.0,
        }
    }
}

struct Job {
    samples: Vec<f32>,
    offset_s: f64,
}

struct Done {
    segments: Result<Vec<Segment>, TranscribeError>,
    whisper_s: f64,
}

/// What the streaming transcriber measured.
#[derive(Debug, Clone, Default)]
pub struct StreamStats {
    pub chunks: usize,
    /// Seconds whisper worked in total (all chunks).
    pub whisper_s: f64,
    /// Seconds from `finish()` to the transcript being ready.
    pub finish_s: f64,
}

pub struct StreamingTranscriber {
    tx: Option<mpsc::Sender<Job>>,
    rx: mpsc::Receiver<Done>,
    worker: Option<JoinHandle<Transcriber>>,
    vad: Vad,
    policy: ChunkPolicy,
    /// All audio so far (16 kHz); chunks are slices of it.
    audio: Vec<f32>,
    /// Sample index where the next chunk starts.
    cut: usize,
    /// Speech regions closed since the last cut.
    pending_regions: Vec<SpeechRegion>,
    /// Latest safe cut point (a pause inside speech, or a region end) after the last cut.
    last_cut_point: Option<f64>,
    all_regions: Vec<SpeechRegion>,
    /// (start, end) of every chunk sent to the worker, in seconds.
    spans: Vec<(f64, f64)>,
}

impl StreamingTranscriber {
    pub fn new(transcriber: Transcriber, vad: VadConfig, policy: ChunkPolicy) -> Self {
        let (tx, job_rx) = mpsc::channel::<Job>();
        let (done_tx, rx) = mpsc::channel::<Done>();
        let worker = std::thread::Builder::new()
            .name("whisper-stream".into())
            .spawn(move || {
                let mut tr = transcriber;
                // Leave a core to the capture thread: ggml's worker threads spin while they wait
                // for each other, and one preempted spinner stalls them all (measured here: 2
                // threads next to other work ran chunks up to 10x slower than 1 thread).
                let threads = tr.options().threads;
                let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
                tr.set_threads(threads.min(cores.saturating_sub(1)).max(1));
                let mut context = String::new();
                for job in job_rx {
                    let ctx = (!context.is_empty()).then_some(context.as_str());
                    let segments = tr.transcribe_span(&job.samples, job.offset_s, ctx, None);
                    log::debug!(
                        "chunk of {:.2} s at {:.1} s transcribed in {:.2} s",
                        job.samples.len() as f64 / SAMPLE_RATE as f64,
                        job.offset_s,
                        tr.last_whisper_s
                    );
                    if let Ok(segs) = &segments {
                        context = last_words(segs, 30);
                    }
                    let whisper_s = tr.last_whisper_s;
                    if done_tx
                        .send(Done {
                            segments,
                            whisper_s,
                        })
                        .is_err()
                    {
                        break;
                    }
                }
                tr
            })
            .expect("spawn whisper worker thread");
        Self {
            tx: Some(tx),
            rx,
            worker: Some(worker),
            vad: Vad::new(vad),
            policy,
            audio: Vec::new(),
            cut: 0,
            pending_regions: Vec::new(),
            last_cut_point: None,
            all_regions: Vec::new(),
            spans: Vec::new(),
        }
    }

    /// Seconds of audio received.
    pub fn position_s(&self) -> f64 {
        self.audio.len() as f64 / SAMPLE_RATE as f64
    }

    /// The voice detector's view: speaking now, and seconds of silence since the last speech.
    pub fn in_speech(&self) -> bool {
        self.vad.in_speech()
    }

    pub fn silence_s(&self) -> f64 {
        self.vad.silence_s()
    }

    pub fn heard_speech(&self) -> bool {
        !self.all_regions.is_empty() || self.vad.in_speech()
    }

    /// Feeds 16 kHz mono samples as they are recorded.
    pub fn push(&mut self, samples: &[f32]) {
        self.audio.extend_from_slice(samples);
        let closed = self.vad.push(samples);
        self.all_regions.extend_from_slice(&closed);
        self.pending_regions.extend(closed);
        let cut_s = self.cut as f64 / SAMPLE_RATE as f64;
        let points = self
            .vad
            .take_pauses()
            .into_iter()
            .chain(self.pending_regions.last().map(|r| r.end_s));
        for p in points.filter(|p| *p > cut_s) {
            self.last_cut_point = Some(self.last_cut_point.map_or(p, |q| q.max(p)));
        }
        let pending_s = (self.audio.len() - self.cut) as f64 / SAMPLE_RATE as f64;
        match self.last_cut_point {
            Some(at) if pending_s >= self.policy.min_chunk_s && at - cut_s >= 1.0 => {
                self.send_until(at)
            }
            // Long silence with no speech since the cut: skip it (nothing lost, it is silence).
            _ if pending_s >= self.policy.max_chunk_s
                && !self.vad.in_speech()
                && self.pending_regions.is_empty()
                && self.last_cut_point.is_none() =>
            {
                self.cut = self.audio.len();
            }
            _ if pending_s >= self.policy.max_chunk_s + 4.0 => {
                // Continuous speech with no pause at all: hard cut so no chunk exceeds whisper's window.
                let end = self.audio.len() as f64 / SAMPLE_RATE as f64;
                self.send_until(end);
            }
            _ => {}
        }
    }

    fn send_until(&mut self, end_s: f64) {
        let end = ((end_s * SAMPLE_RATE as f64) as usize).clamp(self.cut, self.audio.len());
        if end > self.cut {
            let offset_s = self.cut as f64 / SAMPLE_RATE as f64;
            let samples = self.audio[self.cut..end].to_vec();
            if let Some(tx) = &self.tx {
                if tx.send(Job { samples, offset_s }).is_ok() {
                    self.spans.push((offset_s, end as f64 / SAMPLE_RATE as f64));
                }
            }
        }
        self.cut = end;
        self.pending_regions.clear();
        self.last_cut_point = None;
    }

    /// Ends the stream: transcribes what is left, waits for every chunk, and returns the
    /// transcript, the transcriber (for reuse) and timings.
    pub fn finish(mut self) -> Result<(Transcript, Transcriber, StreamStats), TranscribeError> {
        let started = Instant::now();
        let vad = std::mem::replace(&mut self.vad, Vad::new(VadConfig::default()));
        let regions = vad.finish();
        // Send the tail only up to the end of the last speech: the trailing silence that ended
        // the answer would cost whisper time for nothing.
        let tail_start = self.cut as f64 / SAMPLE_RATE as f64;
        if let Some(last) = regions.iter().rev().find(|r| r.end_s > tail_start + 0.05) {
            let end = (last.end_s + 0.3).min(self.audio.len() as f64 / SAMPLE_RATE as f64);
            self.send_until(end);
        }
        drop(self.tx.take());
        let mut segments = Vec::new();
        let mut stats = StreamStats {
            chunks: self.spans.len(),
            ..Default::default()
        };
        let mut first_err = None;
        for done in self.rx.iter().take(self.spans.len()) {
            stats.whisper_s += done.whisper_s;
            match done.segments {
                Ok(s) => segments.extend(s),
                Err(e) => {
                    first_err.get_or_insert(e);
                }
            }
        }
        let mut transcriber = self
            .worker
            .take()
            .expect("worker present")
            .join()
            .map_err(|_| TranscribeError::Whisper("the transcription thread crashed".into()))?;
        if let Some(e) = first_err {
            return Err(e);
        }
        let segments =
            transcriber.hear_dropped_tails(&self.audio, &self.spans, segments, &regions)?;
        let segments = tidy_segments(segments, &regions);
        let duration = self.audio.len() as f64 / SAMPLE_RATE as f64;
        let transcript = transcriber.assemble(segments, duration);
        stats.finish_s = started.elapsed().as_secs_f64();
        Ok((transcript, transcriber, stats))
    }

    /// All audio received so far (16 kHz mono).
    pub fn audio(&self) -> &[f32] {
        &self.audio
    }
}

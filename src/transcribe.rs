//! The transcription stage: 16 kHz mono audio in, a `Transcript` with word timings out.
//!
//! One `Transcriber` holds the whisper model for the life of the process (loading costs
//! ~0.15 s, and the practice loop transcribes many chunks). Audio is gated by the voice
//! activity detector first, because whisper invents text on silence and noise.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::Once;
use std::time::Instant;

use whisper_rs::{
    DtwMode, DtwModelPreset, FullParams, SamplingStrategy, WhisperContext, WhisperContextParameters,
};

use crate::audio::vad::{speech_regions, SpeechRegion, VadConfig};
use crate::types::{Audio, Segment, Transcript, Word, SAMPLE_RATE};

/// An initial prompt written with disfluencies: whisper imitates the prompt's style, so it
/// keeps more "um"/"uh" instead of cleaning them away (we need them to count fillers).
pub const FILLER_PROMPT: &str =
    "Umm, so, uh, I was like, you know, hmm, working on the, uh, project.";

#[derive(Debug, thiserror::Error)]
pub enum TranscribeError {
    #[error("model file {} does not exist; run `mockloop model fetch` or pass --model PATH", .0.display())]
    MissingModel(PathBuf),
    #[error("{}: whisper could not load this model ({reason}). Is it a whisper.cpp ggml file? Re-fetch it with `mockloop model fetch`, or convert a faster-whisper model with `mockloop model import`", path.display())]
    LoadModel { path: PathBuf, reason: String },
    #[error("whisper failed while transcribing: {0}")]
    Whisper(String),
}

#[derive(Debug, Clone)]
pub struct TranscribeOptions {
    /// CPU threads whisper uses (defaults to the number of cores).
    pub threads: usize,
    /// Prompt whisper to keep filler words ("um", "uh").
    pub keep_fillers: bool,
    pub language: String,
    pub vad: VadConfig,
    /// Beam width for decoding; 1 is greedy.
    pub beam_size: u16,
}

/// Beam search with 5 candidates: on 32 espeak-ng and Piper renderings it found 2.4 points
/// more of the spoken words than greedy decoding (never 1 point fewer), for 1.4x the time.
pub const DEFAULT_BEAM_SIZE: u16 = 5;

impl Default for TranscribeOptions {
    fn default() -> Self {
        Self {
            threads: std::env::var("MOCKLOOP_THREADS")
                .ok()
                .and_then(|v| v.parse().ok())
                .filter(|n| *n > 0)
                .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get())),
            keep_fillers: true,
            language: "en".into(),
            vad: VadConfig::default(),
            beam_size: DEFAULT_BEAM_SIZE,
        }
    }
}

/// Progress in percent, called from whisper's worker.
pub type ProgressFn = Box<dyn FnMut(i32) + 'static>;

pub struct Transcriber {
    ctx: WhisperContext,
    state: whisper_rs::WhisperState,
    model_name: String,
    opts: TranscribeOptions,
    /// Token ids at or above this are special (timestamps, task tokens), not text.
    token_eot: i32,
    /// Seconds the last `transcribe` call spent inside whisper.
    pub last_whisper_s: f64,
}

static LOG_HOOKS: Once = Once::new();

impl Transcriber {
    pub fn load(model_path: &Path, opts: TranscribeOptions) -> Result<Self, TranscribeError> {
        // Route whisper.cpp's own logging into `log` so it obeys -v/-q.
        LOG_HOOKS.call_once(whisper_rs::install_logging_hooks);
        if !model_path.is_file() {
            return Err(TranscribeError::MissingModel(model_path.to_path_buf()));
        }
        let load_err = |reason: String| TranscribeError::LoadModel {
            path: model_path.to_path_buf(),
            reason,
        };
        // whisper.cpp aborts the process on some malformed files; check the header first.
        let hp = read_hparams(model_path).map_err(load_err)?;
        let path_str = model_path
            .to_str()
            .ok_or_else(|| load_err("the path is not valid UTF-8".into()))?;
        let mut cparams = WhisperContextParameters::default();
        // Token timestamps from the decoder drift by seconds across pauses; DTW over the
        // alignment heads places words where they are spoken.
        cparams.dtw_parameters.mode = dtw_mode(&hp);
        let ctx = WhisperContext::new_with_params(path_str, cparams)
            .map_err(|e| load_err(e.to_string()))?;
        let state = ctx.create_state().map_err(|e| load_err(e.to_string()))?;
        let token_eot = ctx.token_eot();
        Ok(Self {
            ctx,
            state,
            model_name: crate::model::name_from_path(model_path),
            opts,
            token_eot,
            last_whisper_s: 0.0,
        })
    }

    pub fn model_name(&self) -> &str {
        &self.model_name
    }

    pub fn options(&self) -> &TranscribeOptions {
        &self.opts
    }

    pub fn set_threads(&mut self, threads: usize) {
        self.opts.threads = threads.max(1);
    }

    /// Transcribes a whole recording: voice-gated, with word timings.
    pub fn transcribe(
        &mut self,
        audio: &Audio,
        progress: Option<ProgressFn>,
    ) -> Result<Transcript, TranscribeError> {
        let regions = speech_regions(&audio.samples, self.opts.vad);
        log::debug!("speech regions {regions:?}");
        let total_s = audio.duration_s();
        let planned = plan_chunks(&regions, total_s, MAX_SPAN_S, |a, b| {
            quietest_point(&audio.samples, a, b)
        });
        let n_planned = planned.len();
        // (start, end, is a retry of a dropped tail)
        let mut chunks: VecDeque<(f64, f64, bool)> =
            planned.into_iter().map(|(a, b)| (a, b, false)).collect();
        let mut progress = progress;
        let mut segs: Vec<Segment> = Vec::new();
        let mut whisper_s = 0.0;
        let mut done = 0;
        while let Some((a, b, retry)) = chunks.pop_front() {
            let n = audio.samples.len();
            let (i, j) = (sample_at(a, n), sample_at(b, n));
            if j <= i {
                continue;
            }
            // The previous chunk's last words keep style and spelling across the cut.
            let context = last_words(&segs, 30);
            let context = (!context.is_empty()).then_some(context.as_str());
            let mut out = self.transcribe_span(&audio.samples[i..j], a, context, None)?;
            whisper_s += self.last_whisper_s;
            if !retry {
                if let Some(halves) =
                    self.rehear_dropped_head(&audio.samples, (a, b), context, &out, &regions)?
                {
                    whisper_s += self.last_whisper_s;
                    out = halves;
                }
            }
            drop_heard_twice(&segs, &mut out);
            // Whisper sometimes stops seconds before the end of a span that is still speech
            // (tiny.en above all, at a cut inside a long stretch of talk): hear that tail again,
            // with the next span when it follows on, else on its own (once).
            let heard_to = out.last().and_then(|s| s.words.last()).map(|w| w.end_s);
            if let Some(resume) = heard_to
                .filter(|_| !retry)
                .and_then(|h| dropped_tail(h, b, &regions))
            {
                log::debug!("whisper stopped at {resume:.2} s in a span ending at {b:.2} s; hearing the rest again");
                match chunks.front_mut() {
                    Some(next) if next.0 <= b + 1e-6 && next.1 - resume <= MAX_RESUMED_SPAN_S => {
                        next.0 = resume;
                    }
                    _ => chunks.push_front((resume, b, true)),
                }
            }
            segs.append(&mut out);
            if !retry {
                done += 1;
                if let Some(p) = progress.as_mut() {
                    p((100 * done / n_planned.max(1)) as i32);
                }
            }
        }
        self.last_whisper_s = whisper_s;
        Ok(self.assemble(tidy_segments(segs, &regions), total_s))
    }

    /// When whisper skipped the start of the span `a..b` (seconds of `samples`) it heard as
    /// `heard`, hears the span again in two halves cut at a quiet point near the middle and
    /// returns whichever of the two hearings holds more words (`None`: nothing skipped, nothing
    /// heard again). Whisper's time for its first word is unreliable then, so it cannot say
    /// where the skipped part ends. `last_whisper_s` is then the time both halves took.
    fn rehear_dropped_head(
        &mut self,
        samples: &[f32],
        (a, b): (f64, f64),
        context: Option<&str>,
        heard: &[Segment],
        regions: &[SpeechRegion],
    ) -> Result<Option<Vec<Segment>>, TranscribeError> {
        let heard_from = heard
            .first()
            .and_then(|s| s.words.first())
            .map(|w| w.start_s);
        if b - a < MIN_SPLIT_SPAN_S || !heard_from.is_some_and(|h| dropped_head(a, h, regions)) {
            return Ok(None);
        }
        let m = quietest_point(samples, a + 0.4 * (b - a), a + 0.6 * (b - a));
        log::debug!("whisper skipped the start of {a:.2}–{b:.2} s; hearing it again in halves cut at {m:.2} s");
        let at = |t: f64| sample_at(t, samples.len());
        let mut halves = self.transcribe_span(&samples[at(a)..at(m)], a, context, None)?;
        let took = self.last_whisper_s;
        let mid = last_words(&halves, 30);
        let mid = if mid.is_empty() {
            context
        } else {
            Some(mid.as_str())
        };
        let mut second = self.transcribe_span(&samples[at(m)..at(b)], m, mid, None)?;
        self.last_whisper_s += took;
        drop_heard_twice(&halves, &mut second);
        halves.append(&mut second);
        Ok(Some(if word_count(&halves) > word_count(heard) {
            halves
        } else {
            heard.to_vec()
        }))
    }

    /// Hears again the start or end of any span whisper skipped or stopped short of while it
    /// was still speech (the live path's chunks, transcribed before the answer ended). `spans`
    /// are the chunks' (start, end) in seconds of `samples`; the new words join `segs` in time
    /// order.
    pub fn hear_dropped_tails(
        &mut self,
        samples: &[f32],
        spans: &[(f64, f64)],
        mut segs: Vec<Segment>,
        regions: &[SpeechRegion],
    ) -> Result<Vec<Segment>, TranscribeError> {
        segs.sort_by(|a, b| a.start_s.total_cmp(&b.start_s));
        let mut extra = Vec::new();
        for &(a, b) in spans {
            let in_span = |s: &Segment| s.start_s >= a - 0.05 && s.start_s < b;
            let mut before: Vec<Segment> = segs.iter().filter(|s| in_span(s)).cloned().collect();
            // `segs` is in time order: the words before the span are a prefix of it.
            let earlier = segs.partition_point(|s| s.start_s < a - 0.05);
            let context = last_words(&segs[..earlier], 30);
            let context = (!context.is_empty()).then_some(context.as_str());
            if let Some(halves) =
                self.rehear_dropped_head(samples, (a, b), context, &before, regions)?
            {
                segs.retain(|s| !in_span(s));
                segs.extend(halves.iter().cloned());
                segs.sort_by(|a, b| a.start_s.total_cmp(&b.start_s));
                before = halves;
            }
            let Some(heard_to) = before.last().and_then(|s| s.words.last()).map(|w| w.end_s) else {
                continue;
            };
            let Some(resume) = dropped_tail(heard_to, b, regions) else {
                continue;
            };
            log::debug!("whisper stopped at {resume:.2} s in a chunk ending at {b:.2} s; hearing the rest again");
            let at = |t: f64| sample_at(t, samples.len());
            let context = last_words(&before, 30);
            let context = (!context.is_empty()).then_some(context.as_str());
            let mut out =
                self.transcribe_span(&samples[at(resume)..at(b)], resume, context, None)?;
            drop_heard_twice(&before, &mut out);
            extra.append(&mut out);
        }
        segs.append(&mut extra);
        segs.sort_by(|a, b| a.start_s.total_cmp(&b.start_s));
        Ok(segs)
    }

    /// Builds a `Transcript` from segments this transcriber produced.
    pub fn assemble(&self, segments: Vec<Segment>, duration_s: f64) -> Transcript {
        Transcript::from_segments(
            segments,
            duration_s,
            self.model_name.clone(),
            self.opts.language.clone(),
        )
    }

    /// Runs whisper on raw samples (no voice gating); times are offset by `offset_s`.
    /// The streaming path calls this per speech chunk; short chunks get a shrunken encoder
    /// window, which is several times faster than whisper's fixed 30 s window.
    /// `context` is the text just before this span (the previous chunk), so whisper continues
    /// the same sentence style and spelling across chunk boundaries.
    pub fn transcribe_span(
        &mut self,
        samples: &[f32],
        offset_s: f64,
        context: Option<&str>,
        progress: Option<ProgressFn>,
    ) -> Result<Vec<Segment>, TranscribeError> {
        let strategy = match self.opts.beam_size {
            0 | 1 => SamplingStrategy::Greedy { best_of: 1 },
            b => SamplingStrategy::BeamSearch {
                beam_size: i32::from(b),
                patience: -1.0,
            },
        };
        let mut params = FullParams::new(strategy);
        params.set_n_threads(self.opts.threads.max(1) as i32);
        params.set_language(Some(&self.opts.language));
        params.set_token_timestamps(true);
        params.set_print_progress(false);
        params.set_print_realtime(false);
        params.set_print_special(false);
        params.set_print_timestamps(false);
        params.set_suppress_blank(true);
        let secs = samples.len() as f64 / SAMPLE_RATE as f64;
        // One decoding pass per span of up to 30 s. whisper.cpp aborts the process (an assert
        // in its DTW median filter) when a pass ends on a timestamp under ~0.14 s into its
        // window; a single segment per window makes every pass cover the whole span.
        if secs <= 30.0 {
            params.set_single_segment(true);
        }
        let prompt = match (self.opts.keep_fillers, context) {
            (true, Some(c)) => format!("{FILLER_PROMPT} {c}"),
            (true, None) => FILLER_PROMPT.to_string(),
            (false, Some(c)) => c.to_string(),
            (false, None) => String::new(),
        };
        if !prompt.is_empty() {
            params.set_initial_prompt(&prompt);
        }
        if let Some(ctx) = audio_ctx_for(secs) {
            params.set_audio_ctx(ctx);
        }
        if let Some(p) = progress {
            params.set_progress_callback_safe(p);
        }
        // whisper needs at least 1 s of input; pad short chunks with silence.
        let mut padded;
        let input = if samples.len() < SAMPLE_RATE as usize + 1600 {
            padded = samples.to_vec();
            padded.resize(SAMPLE_RATE as usize + 1600, 0.0);
            &padded[..]
        } else {
            samples
        };
        let t0 = Instant::now();
        self.state
            .full(params, input)
            .map_err(|e| TranscribeError::Whisper(e.to_string()))?;
        self.last_whisper_s = t0.elapsed().as_secs_f64();
        let mut out = Vec::new();
        for seg in self.state.as_iter() {
            let mut pieces = Vec::with_capacity(seg.n_tokens() as usize);
            for i in 0..seg.n_tokens() {
                let Some(tok) = seg.get_token(i) else {
                    continue;
                };
                if tok.token_id() >= self.token_eot {
                    continue;
                }
                let data = tok.token_data();
                pieces.push(TokenPiece {
                    bytes: tok.to_bytes().map(|b| b.to_vec()).unwrap_or_default(),
                    t0: data.t0 as f64 / 100.0 + offset_s,
                    t1: data.t1 as f64 / 100.0 + offset_s,
                    t_dtw: (data.t_dtw >= 0).then(|| data.t_dtw as f64 / 100.0 + offset_s),
                    p: data.p,
                });
            }
            if log::log_enabled!(log::Level::Trace) {
                for p in &pieces {
                    log::trace!(
                        "token {:?} t0 {:.2} t1 {:.2} dtw {:?}",
                        String::from_utf8_lossy(&p.bytes),
                        p.t0,
                        p.t1,
                        p.t_dtw
                    );
                }
            }
            let words = merge_tokens(&pieces);
            let text = seg
                .to_str_lossy()
                .map(|s| s.trim().to_string())
                .unwrap_or_default();
            log::debug!(
                "segment {:?} no_speech {:.3} mean token p {:.2}",
                text,
                seg.no_speech_probability(),
                pieces.iter().map(|p| p.p).sum::<f32>() / pieces.len().max(1) as f32
            );
            if words.is_empty() || is_non_speech_annotation(&text) {
                continue;
            }
            let clip = |t: f64| t.min(offset_s + secs);
            let words: Vec<Word> = words
                .into_iter()
                .map(|mut w| {
                    w.start_s = clip(w.start_s);
                    w.end_s = clip(w.end_s);
                    w
                })
                .collect();
            out.extend(split_sentences(words));
        }
        let _ = &self.ctx;
        // Here as well as in `tidy_segments`: the next span's prompt is built from these words,
        // and a loop in the prompt invites another.
        Ok(drop_repeats(out))
    }
}

/// The last pass over a recording's segments, in time order: drops decoding loops (one can
/// straddle two spans, as the prompt carries the first copy over), snaps times to the speech
/// regions and drops segments heard outside them.
pub fn tidy_segments(segments: Vec<Segment>, regions: &[SpeechRegion]) -> Vec<Segment> {
    let mut segs = drop_repeats(segments);
    snap_segments(&mut segs, regions);
    keep_spoken(segs, regions)
}

/// The sample at `t` seconds, clamped to a buffer of `len` samples (a negative time is 0).
fn sample_at(t: f64, len: usize) -> usize {
    ((t.max(0.0) * SAMPLE_RATE as f64) as usize).min(len)
}

/// A word as compared for repeats: lower-case letters and digits only.
fn word_key(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Shortest run of words whose verbatim, back-to-back repeat counts as a decoding loop.
/// People restart two or three words ("I think, I think"), not four.
const MIN_REPEAT_WORDS: usize = 4;

/// Removes decoding loops: whisper (tiny.en above all) sometimes emits the same sentence two or
/// three times over for audio that holds it once. Keeps the first copy of any run of at least
/// `MIN_REPEAT_WORDS` words repeated back to back, across segment boundaries, and rebuilds the
/// segments that lost words.
pub fn drop_repeats(segments: Vec<Segment>) -> Vec<Segment> {
    let key = |w: &Word| word_key(&w.text);
    let mut flat: Vec<(usize, Word)> = segments
        .iter()
        .enumerate()
        .flat_map(|(i, s)| s.words.iter().map(move |w| (i, w.clone())))
        .collect();
    let mut keys: Vec<String> = flat.iter().map(|(_, w)| key(w)).collect();
    let mut i = 0;
    while i < keys.len() {
        let longest = (keys.len() - i) / 2;
        let run = (MIN_REPEAT_WORDS..=longest)
            .rev()
            .find(|&k| keys[i..i + k] == keys[i + k..i + 2 * k]);
        match run {
            Some(k) => {
                keys.drain(i + k..i + 2 * k);
                flat.drain(i + k..i + 2 * k);
            }
            None => i += 1,
        }
    }
    if flat.len() == word_count(&segments) {
        return segments;
    }
    let mut groups: Vec<Vec<Word>> = Vec::new();
    let mut last_seg = None;
    for (seg, w) in flat {
        if last_seg != Some(seg) {
            groups.push(Vec::new());
            last_seg = Some(seg);
        }
        groups.last_mut().expect("pushed above").push(w);
    }
    groups.into_iter().map(segment_of).collect()
}

/// Longest span given to whisper at once: under its 30 s window, with room for padding.
const MAX_SPAN_S: f64 = 26.0;
/// A span that starts again where whisper stopped may grow to this (still one window).
const MAX_RESUMED_SPAN_S: f64 = 29.5;
/// Unheard time at the end of a span that counts as a dropped tail, and how much of it
/// must be speech.
const DROPPED_TAIL_S: f64 = 1.2;
const DROPPED_TAIL_SPEECH_S: f64 = 0.8;

/// Where to start hearing again when whisper's last word in a span ending at `span_end`
/// ended at `heard_to` and the rest of the span is still speech.
fn dropped_tail(heard_to: f64, span_end: f64, regions: &[SpeechRegion]) -> Option<f64> {
    if span_end - heard_to < DROPPED_TAIL_S {
        return None;
    }
    (speech_between(regions, heard_to, span_end) >= DROPPED_TAIL_SPEECH_S).then_some(heard_to)
}

/// Speech before the first word heard in a span that counts as a dropped head.
const DROPPED_HEAD_SPEECH_S: f64 = 2.0;
/// Shortest span worth hearing again in two halves.
const MIN_SPLIT_SPAN_S: f64 = 8.0;

/// Whisper (tiny.en above all) now and then skips the first sentence or two of a span and
/// starts its transcript at a later one: seconds of speech before the first word it heard.
fn dropped_head(span_start: f64, heard_from: f64, regions: &[SpeechRegion]) -> bool {
    speech_between(regions, span_start, heard_from) >= DROPPED_HEAD_SPEECH_S
}

/// Seconds of speech between `a` and `b`.
fn speech_between(regions: &[SpeechRegion], a: f64, b: f64) -> f64 {
    regions
        .iter()
        .map(|r| (r.end_s.min(b) - r.start_s.max(a)).max(0.0))
        .sum()
}

fn word_count(segs: &[Segment]) -> usize {
    segs.iter().map(|s| s.words.len()).sum()
}

/// A span that starts where the last one stopped can hear its last word again: drop a first
/// word that repeats the last one heard and starts before that one ended (plus slack for
/// whisper's word times).
fn drop_heard_twice(before: &[Segment], out: &mut Vec<Segment>) {
    let Some(last) = before.last().and_then(|s| s.words.last()) else {
        return;
    };
    let Some(first_seg) = out.first_mut() else {
        return;
    };
    let repeat = first_seg.words.first().is_some_and(|w| {
        let key = word_key(&w.text);
        !key.is_empty() && key == word_key(&last.text) && w.start_s < last.end_s + 0.3
    });
    if repeat {
        let words: Vec<Word> = first_seg.words.drain(1..).collect();
        if words.is_empty() {
            out.remove(0);
        } else {
            *first_seg = segment_of(words);
        }
    }
}

/// How far before the limit a cut inside one long stretch of talk may go to find a pause.
const CUT_SEARCH_S: f64 = 6.0;

/// The middle of the quietest 100 ms of `samples` between `a` and `b` seconds: where a cut
/// inside a long stretch of talk splits no word (a breath, or the gap between two words).
pub fn quietest_point(samples: &[f32], a: f64, b: f64) -> f64 {
    const WIN: usize = SAMPLE_RATE as usize / 10;
    const HOP: usize = SAMPLE_RATE as usize / 100;
    let at = |t: f64| sample_at(t, samples.len());
    let (i, j) = (at(a), at(b));
    if j < i + WIN {
        return b;
    }
    let mut best = (f32::INFINITY, j);
    let mut k = i;
    while k + WIN <= j {
        let energy: f32 = samples[k..k + WIN].iter().map(|x| x * x).sum();
        // Ties go to the later window: spans stay as long as they may.
        if energy <= best.0 {
            best = (energy, k + WIN / 2);
        }
        k += HOP;
    }
    best.1 as f64 / SAMPLE_RATE as f64
}

/// Splits a recording into spans for whisper: consecutive speech regions grouped while the
/// span stays under `max_s`, cut in the silence between regions. A region longer than `max_s`
/// is cut at `quiet(lo, hi)`, the quietest point in the last few seconds before the limit.
/// Each span gets a little of the silence around its speech.
pub fn plan_chunks(
    regions: &[SpeechRegion],
    total_s: f64,
    max_s: f64,
    quiet: impl Fn(f64, f64) -> f64,
) -> Vec<(f64, f64)> {
    const LEAD_S: f64 = 0.2;
    const TAIL_S: f64 = 0.3;
    let mut out: Vec<(f64, f64)> = Vec::new();
    let mut cur: Option<(f64, f64)> = None;
    for r in regions {
        let (mut start, end) = (
            (r.start_s - LEAD_S).max(0.0),
            (r.end_s + TAIL_S).min(total_s),
        );
        if let Some((a, b)) = cur {
            if end - a <= max_s {
                cur = Some((a, end.max(b)));
                continue;
            }
            out.push((a, b));
            // Never overlap the previous span: a word must not be heard twice.
            start = start.max(b);
        }
        while end - start > max_s {
            let limit = start + max_s;
            let cut = quiet(limit - CUT_SEARCH_S.min(max_s / 2.0), limit).clamp(start + 1.0, limit);
            out.push((start, cut));
            start = cut;
        }
        cur = Some((start, end));
    }
    out.extend(cur);
    out.retain(|(a, b)| b > a);
    out
}

/// The last `n` words of some segments, as prompt context for the next span.
pub fn last_words(segs: &[Segment], n: usize) -> String {
    let words: Vec<&str> = segs
        .iter()
        .flat_map(|s| s.words.iter().map(|w| w.text.as_str()))
        .collect();
    words[words.len().saturating_sub(n)..].join(" ")
}

/// The hyper-parameters at the start of a ggml whisper file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hparams {
    pub n_vocab: i32,
    pub n_audio_layer: i32,
    pub n_text_layer: i32,
    pub n_text_head: i32,
    pub n_mels: i32,
}

/// Reads and sanity-checks a ggml whisper header.
pub fn read_hparams(path: &Path) -> Result<Hparams, String> {
    use std::io::Read;
    let mut f = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let mut buf = [0u8; 48];
    f.read_exact(&mut buf)
        .map_err(|_| "the file is too short to be a model".to_string())?;
    let v = |i: usize| i32::from_le_bytes(buf[i * 4..i * 4 + 4].try_into().expect("4 bytes"));
    if v(0) as u32 != 0x6767_6d6c {
        return Err("it does not start with the ggml magic number".into());
    }
    // Layout: magic, n_vocab, n_audio_ctx, n_audio_state, n_audio_head, n_audio_layer,
    // n_text_ctx, n_text_state, n_text_head, n_text_layer, n_mels, ftype.
    let hp = Hparams {
        n_vocab: v(1),
        n_audio_layer: v(5),
        n_text_layer: v(9),
        n_text_head: v(8),
        n_mels: v(10),
    };
    if hp.n_vocab <= 0
        || hp.n_text_layer <= 0
        || hp.n_audio_layer <= 0
        || !(1..=256).contains(&hp.n_mels)
    {
        return Err(format!("its header is implausible ({hp:?})"));
    }
    Ok(hp)
}

/// DTW alignment heads for the model: whisper.cpp's preset for the standard sizes (told apart
/// by layer counts and vocabulary), else the top half of the text layers.
fn dtw_mode(hp: &Hparams) -> DtwMode<'static> {
    use DtwModelPreset as P;
    let en = hp.n_vocab == 51864;
    let preset = match (hp.n_audio_layer, hp.n_text_layer, en) {
        (4, 4, true) => Some(P::TinyEn),
        (4, 4, false) => Some(P::Tiny),
        (6, 6, true) => Some(P::BaseEn),
        (6, 6, false) => Some(P::Base),
        (12, 12, true) => Some(P::SmallEn),
        (12, 12, false) => Some(P::Small),
        (24, 24, true) => Some(P::MediumEn),
        (24, 24, false) => Some(P::Medium),
        (32, 32, false) if hp.n_mels == 128 => Some(P::LargeV3),
        (32, 32, false) => Some(P::LargeV2),
        (32, 4, false) => Some(P::LargeV3Turbo),
        _ => None,
    };
    match preset {
        Some(model_preset) => DtwMode::ModelPreset { model_preset },
        None => DtwMode::TopMost {
            n_top: (hp.n_text_layer / 2).max(1),
        },
    }
}

/// Encoder window (in 20 ms frames) for a clip of `secs`, or None for the full 30 s window.
/// A margin keeps whisper from cutting the last word.
pub fn audio_ctx_for(secs: f64) -> Option<i32> {
    if secs >= 27.0 {
        return None;
    }
    let frames = ((secs + 1.5) * 50.0).ceil() as i32;
    // Round up to a multiple of 64 and never below 256: tiny windows degrade the encoder.
    Some(((frames + 63) / 64 * 64).clamp(256, 1500))
}

/// A text token with its timing, before merging into words.
#[derive(Debug, Clone)]
pub struct TokenPiece {
    pub bytes: Vec<u8>,
    /// Decoder timestamps (coarse).
    pub t0: f64,
    pub t1: f64,
    /// DTW-aligned time of the token, when available (more precise).
    pub t_dtw: Option<f64>,
    pub p: f32,
}

/// Merges whisper's sub-word tokens into words: a token starting with a space begins a word;
/// punctuation-only tokens stick to the word before. Bytes are joined before decoding because
/// whisper may split one UTF-8 character across tokens.
pub fn merge_tokens(pieces: &[TokenPiece]) -> Vec<Word> {
    struct Acc {
        bytes: Vec<u8>,
        t0: f64,
        t1: f64,
        psum: f32,
        n: u32,
    }
    // With DTW, a token's time marks where its sound ends, so a word spans from the previous
    // token's time to its own last sounding token's time.
    let use_dtw = !pieces.is_empty() && pieces.iter().all(|p| p.t_dtw.is_some());
    let mut words: Vec<Acc> = Vec::new();
    let mut prev_dtw: Option<f64> = None;
    for p in pieces {
        if p.bytes.is_empty() {
            continue;
        }
        let (t0, t1) = match (use_dtw, p.t_dtw) {
            (true, Some(d)) => (prev_dtw.unwrap_or((d - 0.4).max(p.t0)).min(d), d),
            _ => (p.t0, p.t1),
        };
        prev_dtw = p.t_dtw;
        let starts_word = p.bytes[0] == b' ';
        let is_punct = p
            .bytes
            .iter()
            .all(|b| b.is_ascii_punctuation() || *b == b' ')
            && !p.bytes.iter().all(|b| *b == b' ');
        // Punctuation that opens a word (a quote, "$" before an amount, a bracket) starts one,
        // so " about" + " $" + "410" reads "about $410", not "about$410".
        let opens_word = starts_word && p.bytes.get(1).is_some_and(|b| b"\"$#([{".contains(b));
        let glue = !words.is_empty() && (!starts_word || (is_punct && !opens_word));
        if glue {
            let w = words.last_mut().expect("non-empty");
            if is_punct {
                w.bytes.extend(p.bytes.iter().skip_while(|b| **b == b' '));
            } else {
                w.bytes.extend_from_slice(&p.bytes);
            }
            // Sentence punctuation carries no sound; "%" or "5" do.
            let silent = p.bytes.iter().all(|b| b" .,!?;:".contains(b));
            if !silent {
                w.t1 = w.t1.max(t1);
            }
            w.psum += p.p;
            w.n += 1;
        } else {
            words.push(Acc {
                bytes: p.bytes.clone(),
                t0,
                t1,
                psum: p.p,
                n: 1,
            });
        }
    }
    words
        .into_iter()
        .filter_map(|a| {
            let text = String::from_utf8_lossy(&a.bytes).trim().to_string();
            let has_content = text.chars().any(|c| c.is_alphanumeric());
            (has_content).then(|| Word {
                text,
                start_s: a.t0,
                end_s: a.t1.max(a.t0),
                probability: a.psum / a.n as f32,
            })
        })
        .collect()
}

/// Pulls word edges out of silences the voice detector found: alignment can smear a word
/// across a pause, and a word cannot be spoken where nobody speaks.
pub fn snap_to_speech(words: &mut [Word], regions: &[SpeechRegion]) {
    if regions.is_empty() {
        return;
    }
    let inside = |t: f64| regions.iter().any(|r| t >= r.start_s && t <= r.end_s);
    for w in words.iter_mut() {
        if !inside(w.start_s) {
            if let Some(r) = regions
                .iter()
                .find(|r| r.start_s > w.start_s && r.start_s < w.end_s)
            {
                w.start_s = r.start_s;
            }
        }
        if !inside(w.end_s) {
            if let Some(r) = regions
                .iter()
                .rev()
                .find(|r| r.end_s < w.end_s && r.end_s > w.start_s)
            {
                w.end_s = r.end_s;
            }
        }
    }
}

/// Applies `snap_to_speech` to every segment and refreshes segment bounds.
fn snap_segments(segments: &mut [Segment], regions: &[SpeechRegion]) {
    for s in segments.iter_mut() {
        snap_to_speech(&mut s.words, regions);
        if let (Some(f), Some(l)) = (s.words.first(), s.words.last()) {
            s.start_s = f.start_s;
            s.end_s = l.end_s;
        }
    }
}

/// Splits a whisper segment into one segment per sentence. Whisper's own segments can run
/// for 20 s (more so with a disfluent prompt); sentences make readable subtitles and give the
/// analyzer timed sentences.
pub fn split_sentences(words: Vec<Word>) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut cur: Vec<Word> = Vec::new();
    let n = words.len();
    for (i, w) in words.into_iter().enumerate() {
        let ends = w.text.ends_with(['.', '?', '!']) && !is_abbreviation(&w.text);
        cur.push(w);
        if ends || i + 1 == n {
            out.push(segment_of(std::mem::take(&mut cur)));
        }
    }
    out
}

/// A segment of these (non-empty) words: their text joined, from the first start to the last end.
fn segment_of(words: Vec<Word>) -> Segment {
    Segment {
        text: words
            .iter()
            .map(|w| w.text.as_str())
            .collect::<Vec<_>>()
            .join(" "),
        start_s: words.first().map_or(0.0, |w| w.start_s),
        end_s: words.last().map_or(0.0, |w| w.end_s),
        words,
    }
}

fn is_abbreviation(w: &str) -> bool {
    matches!(
        w.to_ascii_lowercase().as_str(),
        "mr."
            | "mrs."
            | "ms."
            | "dr."
            | "vs."
            | "e.g."
            | "i.e."
            | "etc."
            | "st."
            | "jr."
            | "inc."
            | "u.s."
    )
}

/// Whisper's markers for non-speech ("[BLANK_AUDIO]", "(music)", "[silence]").
fn is_non_speech_annotation(text: &str) -> bool {
    let t = text.trim();
    !t.is_empty()
        && t.split_whitespace().all(|w| {
            (w.starts_with('[') && w.ends_with(']'))
                || (w.starts_with('(') && w.ends_with(')'))
                || w.starts_with('[')
                || w.ends_with(']')
                || w.starts_with('(')
                || w.ends_with(')')
        })
        && (t.starts_with('[') || t.starts_with('('))
}

/// Drops segments lying wholly outside detected speech: whisper's inventions in long silences.
fn keep_spoken(segments: Vec<Segment>, regions: &[SpeechRegion]) -> Vec<Segment> {
    segments
        .into_iter()
        .filter(|s| {
            regions
                .iter()
                .any(|r| s.start_s < r.end_s + 0.3 && s.end_s > r.start_s - 0.3)
        })
        .collect()
}

/// Wall-clock time of a closure, for benchmarks and timings.
pub fn timed<T>(f: impl FnOnce() -> T) -> (T, f64) {
    let t = Instant::now();
    let v = f();
    (v, t.elapsed().as_secs_f64())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tp(s: &str, t0: f64, t1: f64) -> TokenPiece {
        TokenPiece {
            bytes: s.as_bytes().to_vec(),
            t0,
            t1,
            t_dtw: None,
            p: 0.8,
        }
    }

    #[test]
    fn merges_subwords_and_punctuation() {
        let w = merge_tokens(&[
            tp(" Lat", 0.0, 0.2),
            tp("ency", 0.2, 0.5),
            tp(" dropped", 0.5, 0.9),
            tp(" 85", 1.0, 1.2),
            tp("%", 1.2, 1.3),
            tp(".", 1.3, 1.3),
        ]);
        let texts: Vec<_> = w.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(texts, ["Latency", "dropped", "85%."]);
        assert_eq!((w[0].start_s, w[0].end_s), (0.0, 0.5));
        assert_eq!((w[2].start_s, w[2].end_s), (1.0, 1.3));
    }

    #[test]
    fn a_span_whisper_stopped_early_in_speech_is_heard_again_from_where_it_stopped() {
        let r = |a: f64, b: f64| SpeechRegion {
            start_s: a,
            end_s: b,
        };
        let talk = [r(0.0, 55.0)];
        // Stopped 3.5 s before a cut inside one long stretch of talk.
        assert_eq!(dropped_tail(22.5, 26.0, &talk), Some(22.5));
        // Heard to (nearly) the end: nothing to do.
        assert_eq!(dropped_tail(25.2, 26.0, &talk), None);
        // The unheard end is the pause after the last region, not speech.
        let pause = [r(0.0, 20.0), r(30.0, 40.0)];
        assert_eq!(dropped_tail(19.9, 23.0, &pause), None);
    }

    #[test]
    fn a_span_whose_first_seconds_of_speech_whisper_skipped_has_a_dropped_head() {
        let r = |a: f64, b: f64| SpeechRegion {
            start_s: a,
            end_s: b,
        };
        // One stretch of talk from the start; whisper's first word at 4.2 s.
        assert!(dropped_head(0.0, 4.2, &[r(0.0, 52.0)]));
        // First word right where the talk starts.
        assert!(!dropped_head(0.0, 0.6, &[r(0.0, 52.0)]));
        // A long silence before the talk is not a skipped start.
        assert!(!dropped_head(0.0, 4.2, &[r(3.8, 52.0)]));
        // Speech before the first word, split by pauses, adds up.
        assert!(dropped_head(10.0, 14.0, &[r(10.0, 11.2), r(11.6, 13.0)]));
        assert_eq!(speech_between(&[r(0.0, 1.0), r(2.0, 5.0)], 0.5, 3.0), 1.5);
    }

    #[test]
    fn a_word_heard_at_both_sides_of_a_resume_is_kept_once() {
        let w = |t: &str, a: f64| Word {
            text: t.into(),
            start_s: a,
            end_s: a + 0.4,
            probability: 0.9,
        };
        let before = vec![segment_of(vec![w("would", 21.6), w("stick.", 22.0)])];
        let mut out = vec![segment_of(vec![
            w("stick.", 22.1),
            w("I", 22.7),
            w("stopped", 22.9),
        ])];
        drop_heard_twice(&before, &mut out);
        assert_eq!(out[0].text, "I stopped");
        // A later, separate use of the same word stays.
        let mut out = vec![segment_of(vec![w("Stick", 24.0), w("to", 24.4)])];
        drop_heard_twice(&before, &mut out);
        assert_eq!(out[0].text, "Stick to");
    }

    #[test]
    fn spans_group_speech_under_the_limit_and_cut_in_silence() {
        let r = |a: f64, b: f64| SpeechRegion {
            start_s: a,
            end_s: b,
        };
        // Three regions within 26 s make one span; the fourth starts a new one.
        let at_limit = |_: f64, b: f64| b;
        let c = plan_chunks(
            &[r(1.0, 8.0), r(9.0, 15.0), r(16.0, 24.0), r(25.0, 40.0)],
            41.0,
            26.0,
            at_limit,
        );
        assert_eq!(c, vec![(0.8, 24.3), (24.8, 40.3)]);
        // One region of 60 s with no pause is cut every 26 s; spans never overlap.
        let c = plan_chunks(&[r(0.0, 60.0)], 60.0, 26.0, at_limit);
        assert_eq!(c, vec![(0.0, 26.0), (26.0, 52.0), (52.0, 60.0)]);
        for w in c.windows(2) {
            assert!(w[0].1 <= w[1].0);
        }
        assert!(plan_chunks(&[], 10.0, 26.0, at_limit).is_empty());
        // A long region is cut where `quiet` says, within the last seconds before the limit.
        let c = plan_chunks(&[r(0.0, 60.0)], 60.0, 26.0, |a, _| a + 1.5);
        assert_eq!(c, vec![(0.0, 21.5), (21.5, 43.0), (43.0, 60.0)]);
    }

    #[test]
    fn a_long_stretch_of_talk_is_cut_in_its_quietest_moment() {
        // A 440 Hz tone with a 150 ms hush at 22.3 s.
        let sr = SAMPLE_RATE as f64;
        let samples: Vec<f32> = (0..(30.0 * sr) as usize)
            .map(|i| {
                let t = i as f64 / sr;
                let loud = if (22.25..22.4).contains(&t) {
                    0.001
                } else {
                    0.3
                };
                (loud * (2.0 * std::f64::consts::PI * 440.0 * t).sin()) as f32
            })
            .collect();
        let cut = quietest_point(&samples, 20.0, 26.0);
        assert!((22.25..22.4).contains(&cut), "{cut}");
        // Too short a window to search: the limit itself.
        assert_eq!(quietest_point(&samples, 25.97, 26.0), 26.0);
    }

    #[test]
    fn a_currency_sign_opens_a_word() {
        let w = merge_tokens(&[
            tp(" at", 0.0, 0.2),
            tp(" about", 0.2, 0.5),
            tp(" $", 0.5, 0.6),
            tp("410", 0.6, 0.9),
            tp(",000", 0.9, 1.2),
            tp(" total", 1.2, 1.5),
        ]);
        let texts: Vec<_> = w.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(texts, ["at", "about", "$410,000", "total"]);
        assert_eq!((w[2].start_s, w[2].end_s), (0.5, 1.2));
    }

    #[test]
    fn joins_utf8_split_across_tokens_and_drops_bare_punctuation() {
        let euro = "€".as_bytes();
        let w = merge_tokens(&[
            TokenPiece {
                bytes: vec![b' ', euro[0]],
                t0: 0.0,
                t1: 0.1,
                t_dtw: None,
                p: 0.5,
            },
            TokenPiece {
                bytes: euro[1..].to_vec(),
                t0: 0.1,
                t1: 0.2,
                t_dtw: None,
                p: 0.5,
            },
            tp("5", 0.2, 0.3),
            tp(" -", 0.3, 0.4),
        ]);
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].text, "€5-");
    }

    #[test]
    fn dtw_times_span_from_previous_token_and_snap_out_of_silence() {
        let d = |s: &str, t: f64| TokenPiece {
            bytes: s.as_bytes().to_vec(),
            t0: 0.0,
            t1: 0.0,
            t_dtw: Some(t),
            p: 0.9,
        };
        let mut w = merge_tokens(&[
            d(" thirty", 2.7),
            d(" days", 5.2),
            d(".", 6.5),
            d(" Late", 6.8),
            d("ncy", 7.0),
        ]);
        let r2 = |x: f64| (x * 100.0).round() / 100.0;
        let spans: Vec<_> = w
            .iter()
            .map(|w| (w.text.as_str(), r2(w.start_s), r2(w.end_s)))
            .collect();
        assert_eq!(
            spans,
            [
                ("thirty", 2.3, 2.7),
                ("days.", 2.7, 5.2),
                ("Latency", 6.5, 7.0)
            ]
        );
        let regions = [
            SpeechRegion {
                start_s: 0.0,
                end_s: 3.5,
            },
            SpeechRegion {
                start_s: 6.4,
                end_s: 8.0,
            },
        ];
        snap_to_speech(&mut w, &regions);
        assert_eq!((w[1].start_s, w[1].end_s), (2.7, 3.5));
        assert_eq!((w[2].start_s, w[2].end_s), (6.5, 7.0));
    }

    #[test]
    fn segments_split_at_sentence_ends() {
        let w = |t: &str, a: f64| Word {
            text: t.into(),
            start_s: a,
            end_s: a + 0.4,
            probability: 0.9,
        };
        let segs = split_sentences(vec![
            w("I", 0.0),
            w("met", 0.4),
            w("Dr.", 0.8),
            w("Lee.", 1.2),
            w("Then", 2.0),
            w("what?", 2.4),
            w("More", 3.0),
        ]);
        let texts: Vec<_> = segs.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(texts, ["I met Dr. Lee.", "Then what?", "More"]);
        assert_eq!((segs[1].start_s, segs[1].end_s), (2.0, 2.8));
    }

    #[test]
    fn audio_ctx_shrinks_only_short_clips() {
        assert_eq!(audio_ctx_for(2.0), Some(256));
        assert_eq!(audio_ctx_for(10.0), Some(576));
        assert_eq!(audio_ctx_for(26.0), Some(1408));
        assert_eq!(audio_ctx_for(28.0), None);
    }

    #[test]
    fn annotations_are_recognised() {
        assert!(is_non_speech_annotation("[BLANK_AUDIO]"));
        assert!(is_non_speech_annotation("(upbeat music)"));
        assert!(!is_non_speech_annotation("I cut latency (by half)."));
    }

    #[test]
    fn segments_outside_speech_are_dropped() {
        let seg = |a: f64, b: f64| Segment {
            text: "x".into(),
            start_s: a,
            end_s: b,
            words: vec![],
        };
        let kept = keep_spoken(
            vec![seg(0.0, 2.0), seg(10.0, 12.0)],
            &[SpeechRegion {
                start_s: 0.5,
                end_s: 3.0,
            }],
        );
        assert_eq!(kept.len(), 1);
    }

    /// Segments from sentences, one word per 0.3 s.
    fn segs(sentences: &[&str]) -> Vec<Segment> {
        let mut t = 0.0;
        let words: Vec<Word> = sentences
            .iter()
            .flat_map(|s| s.split_whitespace())
            .map(|w| {
                t += 0.3;
                Word {
                    text: w.to_string(),
                    start_s: t - 0.3,
                    end_s: t,
                    probability: 0.9,
                }
            })
            .collect();
        split_sentences(words)
    }

    fn texts(s: &[Segment]) -> Vec<&str> {
        s.iter().map(|s| s.text.as_str()).collect()
    }

    #[test]
    fn a_sentence_decoded_three_times_is_kept_once() {
        let looped = segs(&[
            "Sure, in my last role I led the migration.",
            "Sure, in my last role I led the migration.",
            "Sure, in my last role I led the migration.",
            "It took six weeks.",
        ]);
        let out = drop_repeats(looped);
        assert_eq!(
            texts(&out),
            [
                "Sure, in my last role I led the migration.",
                "It took six weeks."
            ]
        );
        // The kept words keep their own times.
        assert!((out[1].words[0].start_s - 8.1).abs() < 1e-9);
    }

    #[test]
    fn a_loop_inside_one_segment_and_case_or_punctuation_changes_are_caught() {
        let out = drop_repeats(segs(&[
            "we cut the queue by half, We cut the queue by half.",
        ]));
        assert_eq!(texts(&out), ["we cut the queue by half,"]);
    }

    #[test]
    fn short_restarts_and_distinct_sentences_are_left_alone() {
        let speech = segs(&[
            "I think, I think the the problem was ownership.",
            "We tested it. We tested it again on Monday.",
            "Very very very good.",
        ]);
        let out = drop_repeats(speech.clone());
        assert_eq!(out, speech);
    }
}

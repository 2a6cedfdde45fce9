//! Recording one spoken answer from the microphone.
//!
//! Threads:
//! - cpal's audio callback converts whatever sample format the device delivers to f32 and
//!   pushes it into a lock-free SPSC ring buffer (`rtrb`, preallocated; no allocation, lock
//!   or IO in the callback; overflow is counted, not blocked on).
//! - the capture thread owns the stream; it drains the ring every 10 ms, downmixes to mono,
//!   appends to the WAV (flushed every 0.5 s so the file on disk is always valid), meters the
//!   level, runs the silence detector, draws the live line and hands mono chunks to the
//!   consumer (resampled to 16 kHz by default, ready for whisper).
//! - optionally a key thread that waits for Enter on the terminal.
//!
//! The WAV is written at the device rate: it is exactly what was captured, with no DSP on
//! the capture path, and every later stage decodes WAVs of any rate anyway. Only the chunks
//! for the live consumer are resampled (rubato, FFT-based, streaming), because a streaming
//! transcriber needs 16 kHz as the audio arrives.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicU8, Ordering};
use std::sync::mpsc;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::resample::StreamResampler;
use cpal::traits::{DeviceTrait, StreamTrait};
use cpal::{SampleFormat, SizedSample};
use thiserror::Error;

use super::devices::{self, AvailableInputs, DeviceInfo};
use super::level::{self, LevelMeter, SilenceDetector};
use super::wav_writer::{LiveWavWriter, WavWriteError};
use crate::types::{StopReason, SAMPLE_RATE};

#[derive(Debug, Error)]
pub enum CaptureError {
    #[error(
        "no working microphone found: {detail}. Connect or unmute a microphone and make sure \
         your audio server (PulseAudio or PipeWire) is running; `mockloop devices` shows what \
         mockloop can hear.{available}"
    )]
    NoMicrophone {
        detail: String,
        available: AvailableInputs,
    },
    #[error("no input device matches \"{name}\"{}.{available}", ambiguous_note(.ambiguous))]
    DeviceNotFound {
        name: String,
        ambiguous: Vec<String>,
        available: AvailableInputs,
    },
    #[error(
        "the input device {device} is busy: {detail}. Close the other program using it \
         (video call, recorder) or pick another device.{available}"
    )]
    DeviceBusy {
        device: String,
        detail: String,
        available: AvailableInputs,
    },
    #[error("cannot record from the input device {device}: {detail}.{available}")]
    DeviceFailed {
        device: String,
        detail: String,
        available: AvailableInputs,
    },
    #[error(
        "the input device {device} delivered no audio for {waited_s:.0} s. Check it is not \
         muted or used exclusively by another program, or pick another with \
         --input-device \"NAME\" (see `mockloop devices`)"
    )]
    NoAudio { device: String, waited_s: f64 },
    #[error(
        "the input device {device} stopped delivering audio after {recorded_s:.1} s{}",
        partial_note(.partial)
    )]
    StreamLost {
        device: String,
        recorded_s: f64,
        partial: Option<PathBuf>,
    },
    #[error(transparent)]
    Wav(#[from] WavWriteError),
    #[error("invalid recording options: {0}")]
    Options(String),
    #[error("the capture thread failed unexpectedly: {0}")]
    Thread(String),
}

fn ambiguous_note(hits: &[String]) -> String {
    if hits.is_empty() {
        String::new()
    } else {
        format!(
            " unambiguously (it matches {}; give the full name)",
            hits.join(", ")
        )
    }
}

fn partial_note(p: &Option<PathBuf>) -> String {
    match p {
        Some(p) => format!("; what was recorded is kept in {}", p.display()),
        None => String::new(),
    }
}

/// How a recording behaves.
#[derive(Debug, Clone)]
pub struct RecordOptions {
    /// Hard limit in seconds of audio.
    pub max_seconds: f64,
    /// Stop after this much silence once speech was heard; `None` disables it.
    pub silence_stop_s: Option<f32>,
    /// Stop when Enter is pressed on the terminal (never reads a non-terminal stdin).
    pub stop_on_enter: bool,
    /// Draw the live time / level line on stderr.
    pub live_line: bool,
    /// Warn on the live line this many seconds before the limit.
    pub warn_before_end_s: f64,
    /// Hand mono chunks to [`Recording::chunks`] (off when nobody reads them, so they
    /// do not pile up in memory).
    pub deliver_chunks: bool,
    /// Rate of the chunks handed to [`Recording::chunks`]; `None` = device rate.
    pub chunk_rate: Option<u32>,
    /// Give up if the device delivers nothing for this long.
    pub no_audio_timeout_s: f64,
}

impl Default for RecordOptions {
    fn default() -> Self {
        Self {
            max_seconds: 120.0,
            silence_stop_s: Some(3.0),
            stop_on_enter: std::io::stdin().is_terminal(),
            live_line: std::io::stderr().is_terminal(),
            warn_before_end_s: 15.0,
            deliver_chunks: true,
            chunk_rate: Some(SAMPLE_RATE),
            no_audio_timeout_s: 5.0,
        }
    }
}

/// Mono audio handed to the live consumer as it is recorded.
#[derive(Debug, Clone, PartialEq)]
pub struct AudioChunk {
    pub samples: Vec<f32>,
    pub sample_rate: u32,
}

/// What a finished recording was.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordingSummary {
    /// The WAV written (`None` for a level check without a file).
    pub path: Option<PathBuf>,
    pub duration_s: f64,
    pub stop_reason: StopReason,
    /// Rate of the WAV (the device's rate).
    pub sample_rate: u32,
    /// `id (name)` of the device recorded from.
    pub device: String,
    /// Whether the silence detector heard speech.
    pub speech_heard: bool,
    /// Loudest 20 ms block, dBFS.
    pub max_level_db: f32,
    /// Samples lost because the capture thread fell behind (should be 0).
    pub dropped_samples: u64,
}

const NOT_STOPPED: u8 = 0;

fn reason_code(r: StopReason) -> u8 {
    match r {
        StopReason::Key => 1,
        StopReason::Silence => 2,
        StopReason::TimeLimit => 3,
        StopReason::Interrupted => 4,
        StopReason::File => 5,
    }
}

fn code_reason(c: u8) -> Option<StopReason> {
    Some(match c {
        1 => StopReason::Key,
        2 => StopReason::Silence,
        3 => StopReason::TimeLimit,
        4 => StopReason::Interrupted,
        5 => StopReason::File,
        _ => return None,
    })
}

/// Stops a recording from anywhere (a Ctrl-C handler, another thread). The first reason wins.
#[derive(Debug, Clone)]
pub struct StopHandle(Arc<AtomicU8>);

impl StopHandle {
    fn new() -> Self {
        Self(Arc::new(AtomicU8::new(NOT_STOPPED)))
    }

    pub fn stop(&self, reason: StopReason) {
        let _ = self.0.compare_exchange(
            NOT_STOPPED,
            reason_code(reason),
            Ordering::SeqCst,
            Ordering::SeqCst,
        );
    }

    pub fn reason(&self) -> Option<StopReason> {
        code_reason(self.0.load(Ordering::SeqCst))
    }
}

/// A recording in progress.
pub struct Recording {
    stop: StopHandle,
    chunks: Option<mpsc::Receiver<AudioChunk>>,
    thread: Option<JoinHandle<Result<RecordingSummary, CaptureError>>>,
    key_thread: Option<JoinHandle<()>>,
    device: DeviceInfo,
    sample_rate: u32,
    channels: u16,
    chunk_rate: u32,
    path: Option<PathBuf>,
}

pub struct Recorder;

impl Recorder {
    /// Opens `device` (by id or name; `None` = default input), creates `wav_path` once the
    /// stream works, and records until Enter, silence after speech, the time limit, or
    /// [`Recording::stop`]. On error no file is left behind.
    pub fn start(
        device: Option<&str>,
        wav_path: &Path,
        opts: RecordOptions,
    ) -> Result<Recording, CaptureError> {
        start_inner(device, Some(wav_path.to_path_buf()), opts)
    }

    /// Same as [`Recorder::start`] without writing a file: for level checks.
    pub fn monitor(device: Option<&str>, opts: RecordOptions) -> Result<Recording, CaptureError> {
        start_inner(device, None, opts)
    }
}

impl Recording {
    /// Mono chunks as they are recorded, at [`Recording::chunk_rate`]. Can be taken once;
    /// the channel closes when the recording ends (after the last, flushed chunk).
    pub fn chunks(&mut self) -> Option<mpsc::Receiver<AudioChunk>> {
        self.chunks.take()
    }

    pub fn chunk_rate(&self) -> u32 {
        self.chunk_rate
    }

    /// Device rate (and the WAV's).
    pub fn sample_rate(&self) -> u32 {
        self.sample_rate
    }

    pub fn channels(&self) -> u16 {
        self.channels
    }

    pub fn device(&self) -> &DeviceInfo {
        &self.device
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// A handle to stop this recording from another thread or a signal handler.
    pub fn stop_handle(&self) -> StopHandle {
        self.stop.clone()
    }

    /// Stops as if Enter was pressed.
    pub fn stop(&self) {
        self.stop.stop(StopReason::Key);
    }

    /// Blocks until the recording ends; the WAV is finalized when this returns.
    pub fn wait(mut self) -> Result<RecordingSummary, CaptureError> {
        self.join()
    }

    fn join(&mut self) -> Result<RecordingSummary, CaptureError> {
        let res = match self.thread.take() {
            Some(t) => t
                .join()
                .map_err(|_| CaptureError::Thread("the capture thread panicked".into()))?,
            None => Err(CaptureError::Thread("recording already finished".into())),
        };
        // The key thread polls the stop flag; make sure it sees one.
        self.stop.stop(StopReason::Key);
        if let Some(k) = self.key_thread.take() {
            let _ = k.join();
        }
        res
    }
}

impl Drop for Recording {
    fn drop(&mut self) {
        if self.thread.is_some() {
            self.stop.stop(StopReason::Interrupted);
            let _ = self.join();
        }
    }
}

struct Ready {
    device: DeviceInfo,
    sample_rate: u32,
    channels: u16,
}

fn start_inner(
    device: Option<&str>,
    wav_path: Option<PathBuf>,
    opts: RecordOptions,
) -> Result<Recording, CaptureError> {
    if !(opts.max_seconds > 0.0 && opts.max_seconds.is_finite()) {
        return Err(CaptureError::Options(format!(
            "the time limit must be a positive number of seconds (got {})",
            opts.max_seconds
        )));
    }
    if let Some(s) = opts.silence_stop_s {
        if !(s > 0.0 && s.is_finite()) {
            return Err(CaptureError::Options(format!(
                "the silence stop must be a positive number of seconds (got {s})"
            )));
        }
    }
    let stop = StopHandle::new();
    let (ready_tx, ready_rx) = mpsc::sync_channel::<Result<Ready, CaptureError>>(1);
    let (chunk_tx, chunk_rx) = mpsc::channel::<AudioChunk>();
    let device_name = device.map(str::to_string);
    let thread_stop = stop.clone();
    let thread_opts = opts.clone();
    let thread_path = wav_path.clone();
    let thread = std::thread::Builder::new()
        .name("mockloop-capture".into())
        .spawn(move || {
            capture_thread(
                device_name.as_deref(),
                thread_path,
                thread_opts,
                thread_stop,
                ready_tx,
                chunk_tx,
            )
        })
        .map_err(|e| CaptureError::Thread(e.to_string()))?;

    let ready = match ready_rx.recv() {
        Ok(Ok(r)) => r,
        Ok(Err(e)) => {
            let _ = thread.join();
            return Err(e);
        }
        Err(_) => {
            // The thread ended without reporting: it returned an error or panicked.
            return match thread.join() {
                Ok(Err(e)) => Err(e),
                _ => Err(CaptureError::Thread(
                    "the capture thread ended before the stream started".into(),
                )),
            };
        }
    };

    let key_thread = if opts.stop_on_enter && std::io::stdin().is_terminal() {
        let s = stop.clone();
        std::thread::Builder::new()
            .name("mockloop-keys".into())
            .spawn(move || wait_for_enter(&s))
            .ok()
    } else {
        None
    };

    Ok(Recording {
        stop,
        chunks: Some(chunk_rx),
        thread: Some(thread),
        key_thread,
        chunk_rate: opts.chunk_rate.unwrap_or(ready.sample_rate),
        device: ready.device,
        sample_rate: ready.sample_rate,
        channels: ready.channels,
        path: wav_path,
    })
}

/// Waits for Enter without blocking forever: polls the terminal so the thread ends with
/// the recording and never swallows input meant for whatever runs next.
fn wait_for_enter(stop: &StopHandle) {
    use crossterm::event::{self, Event, KeyCode, KeyEventKind};
    while stop.reason().is_none() {
        match event::poll(Duration::from_millis(100)) {
            Ok(true) => {
                if let Ok(Event::Key(k)) = event::read() {
                    if k.code == KeyCode::Enter && k.kind == KeyEventKind::Press {
                        stop.stop(StopReason::Key);
                    }
                }
            }
            Ok(false) => {}
            // No usable terminal after all: Enter cannot stop this recording.
            Err(_) => return,
        }
    }
}

/// The producer half, moved into cpal's callback.
struct Feed {
    tx: rtrb::Producer<f32>,
    dropped: Arc<AtomicU64>,
}

impl Feed {
    /// Realtime-safe: converts into preallocated ring slots; drops (and counts) what
    /// does not fit.
    fn push<T>(&mut self, data: &[T])
    where
        T: SizedSample,
        f32: cpal::FromSample<T>,
    {
        let n = data.len().min(self.tx.slots());
        if n < data.len() {
            self.dropped
                .fetch_add((data.len() - n) as u64, Ordering::Relaxed);
        }
        if n == 0 {
            return;
        }
        if let Ok(chunk) = self.tx.write_chunk_uninit(n) {
            chunk.fill_from_iter(data[..n].iter().map(|&s| f32::from_sample_(s)));
        }
    }
}

use cpal::FromSample;

fn build_stream(
    dev: &cpal::Device,
    config: &cpal::SupportedStreamConfig,
    feed: Feed,
    errors: mpsc::SyncSender<cpal::Error>,
) -> Result<cpal::Stream, cpal::Error> {
    let mut cfg: cpal::StreamConfig = config.config();
    // Ask for ~20 ms periods. Left to choose, ALSA's PulseAudio plugin uses periods of about
    // a second: audio then arrives late and in lumps, and the last period before a stop is lost.
    let want = (cfg.sample_rate / 50).max(64);
    cfg.buffer_size = match config.buffer_size() {
        cpal::SupportedBufferSize::Range { min, max } if *min <= *max => {
            cpal::BufferSize::Fixed(want.clamp(*min, *max))
        }
        _ => cpal::BufferSize::Fixed(want),
    };
    let err_fn = move |e: cpal::Error| {
        // Overruns are reported and survivable; anything else ends the recording.
        if !matches!(
            e.kind(),
            cpal::ErrorKind::Xrun
                | cpal::ErrorKind::DeviceChanged
                | cpal::ErrorKind::RealtimeDenied
        ) {
            let _ = errors.try_send(e);
        }
    };
    let timeout = Some(Duration::from_secs(5));
    macro_rules! typed {
        ($t:ty) => {{
            let mut feed = feed;
            dev.build_input_stream::<$t, _, _>(
                cfg,
                move |data: &[$t], _: &cpal::InputCallbackInfo| feed.push(data),
                err_fn,
                timeout,
            )
        }};
    }
    match config.sample_format() {
        SampleFormat::I8 => typed!(i8),
        SampleFormat::I16 => typed!(i16),
        SampleFormat::I24 => typed!(cpal::I24),
        SampleFormat::I32 => typed!(i32),
        SampleFormat::I64 => typed!(i64),
        SampleFormat::U8 => typed!(u8),
        SampleFormat::U16 => typed!(u16),
        SampleFormat::U24 => typed!(cpal::U24),
        SampleFormat::U32 => typed!(u32),
        SampleFormat::U64 => typed!(u64),
        SampleFormat::F32 => typed!(f32),
        SampleFormat::F64 => typed!(f64),
        other => Err(cpal::Error::with_message(
            cpal::ErrorKind::UnsupportedConfig,
            format!("sample format {other} cannot be recorded as PCM"),
        )),
    }
}

fn fmt_clock(s: f64) -> String {
    let s = s.max(0.0) as u64;
    format!("{}:{:02}", s / 60, s % 60)
}

/// The live status line (without the leading `\r`).
pub fn live_line(elapsed_s: f64, max_s: f64, level_db: f32, warn_before_end_s: f64) -> String {
    let left = max_s - elapsed_s;
    let mut s = format!(
        "● REC {} / {}  {} {:>4.0} dB",
        fmt_clock(elapsed_s),
        fmt_clock(max_s),
        level::meter_bar(level_db, 24),
        level_db.max(level::METER_MIN_DB)
    );
    if left <= warn_before_end_s {
        s.push_str(&format!("  ⚠ {:.0} s left", left.max(0.0).ceil()));
    } else {
        s.push_str("  (Enter to stop)");
    }
    s
}

fn capture_thread(
    wanted: Option<&str>,
    wav_path: Option<PathBuf>,
    opts: RecordOptions,
    stop: StopHandle,
    ready: mpsc::SyncSender<Result<Ready, CaptureError>>,
    chunks: mpsc::Sender<AudioChunk>,
) -> Result<RecordingSummary, CaptureError> {
    let host = devices::quiet_stderr(cpal::default_host);
    let explicit = wanted.is_some();
    let (dev, info) = match devices::quiet_stderr(|| devices::find_input(&host, wanted)) {
        Ok(x) => x,
        Err(e) => {
            let _ = ready.send(Err(e));
            return Err(CaptureError::Thread("reported".into()));
        }
    };
    let available = || AvailableInputs::probe(&host);
    let fail = |e: &cpal::Error| devices::open_error(&info, explicit, e, available());

    let config = match devices::quiet_stderr(|| dev.default_input_config()) {
        Ok(c) => c,
        Err(e) => {
            let _ = ready.send(Err(fail(&e)));
            return Err(CaptureError::Thread("reported".into()));
        }
    };
    let rate = config.sample_rate();
    let channels = config.channels().max(1);
    let ch = channels as usize;
    // Two seconds of slack: the capture thread drains every 10 ms.
    let (tx, mut rx) = rtrb::RingBuffer::<f32>::new((rate as usize * ch * 2).max(8192));
    let dropped = Arc::new(AtomicU64::new(0));
    let (err_tx, err_rx) = mpsc::sync_channel::<cpal::Error>(4);
    let feed = Feed {
        tx,
        dropped: dropped.clone(),
    };
    let stream = match devices::quiet_stderr(|| {
        build_stream(&dev, &config, feed, err_tx).and_then(|s| s.play().map(|_| s))
    }) {
        Ok(s) => s,
        Err(e) => {
            let _ = ready.send(Err(fail(&e)));
            return Err(CaptureError::Thread("reported".into()));
        }
    };

    let chunk_rate = opts.chunk_rate.unwrap_or(rate);
    let mut resampler = match StreamResampler::new(rate, chunk_rate) {
        Ok(r) => r,
        Err(e) => {
            drop(stream);
            let _ = ready.send(Err(CaptureError::Options(e.to_string())));
            return Err(CaptureError::Thread("reported".into()));
        }
    };

    // Only now, with a working stream, does the file appear.
    let mut wav = match wav_path.as_deref().map(|p| LiveWavWriter::create(p, rate)) {
        None => None,
        Some(Ok(w)) => Some(w),
        Some(Err(e)) => {
            drop(stream);
            let _ = ready.send(Err(e.into()));
            return Err(CaptureError::Thread("reported".into()));
        }
    };
    let device_label = info.label();
    let _ = ready.send(Ok(Ready {
        device: info,
        sample_rate: rate,
        channels,
    }));

    let max_frames = (opts.max_seconds * rate as f64).round() as u64;
    let block = (rate as usize / 50).max(1); // 20 ms
    let block_s = block as f32 / rate as f32;
    let mut detector = opts.silence_stop_s.map(SilenceDetector::new);
    // Tracks speech for the summary even when silence-stop is off.
    let mut speech = SilenceDetector::new(f32::MAX);
    let mut meter = LevelMeter::default();
    let mut interleaved: Vec<f32> = Vec::with_capacity(rate as usize * ch);
    let mut mono: Vec<f32> = Vec::with_capacity(rate as usize);
    let mut level_buf: Vec<f32> = Vec::with_capacity(block * 2);
    let mut frames: u64 = 0;
    let started = Instant::now();
    let mut last_data = Instant::now();
    let mut last_draw = Instant::now() - Duration::from_secs(1);
    let mut stderr = std::io::stderr();
    let outcome: Result<StopReason, CaptureError>;
    let mut stream = Some(stream);
    let mut stream_error: Option<cpal::Error> = None;

    loop {
        let stopping = stop.reason();
        if stopping.is_some() {
            // Stop the callback first, then take what it already delivered.
            stream.take();
        }
        let avail = rx.slots();
        let take = avail - avail % ch;
        if take > 0 {
            if let Ok(chunk) = rx.read_chunk(take) {
                let (a, b) = chunk.as_slices();
                interleaved.clear();
                interleaved.extend_from_slice(a);
                interleaved.extend_from_slice(b);
                chunk.commit_all();
            }
            mono.clear();
            level::downmix_into(&interleaved, ch, &mut mono);
            let room = max_frames.saturating_sub(frames) as usize;
            if mono.len() > room {
                mono.truncate(room);
            }
            if frames == 0 {
                log::debug!(
                    "first audio {:.0} ms after the stream started ({} frames)",
                    started.elapsed().as_secs_f64() * 1000.0,
                    mono.len()
                );
            }
            frames += mono.len() as u64;
            last_data = Instant::now();

            if let Some(w) = wav.as_mut() {
                if let Err(e) = w.write(&mono) {
                    outcome = Err(e.into());
                    break;
                }
            }
            level_buf.extend_from_slice(&mono);
            let mut silent_stop = false;
            let whole = level_buf.len() - level_buf.len() % block;
            for b in level_buf[..whole].chunks_exact(block) {
                let db = level::block_dbfs(b);
                meter.update(db, block_s);
                speech.feed(db, block_s);
                if let Some(d) = detector.as_mut() {
                    silent_stop |= d.feed(db, block_s);
                }
            }
            level_buf.drain(..whole);
            let out = if opts.deliver_chunks {
                // Cannot fail after construction (mono, fixed rates); an empty chunk is harmless.
                resampler.push(&mono).unwrap_or_default()
            } else {
                Vec::new()
            };
            if !out.is_empty() {
                let _ = chunks.send(AudioChunk {
                    samples: out,
                    sample_rate: chunk_rate,
                });
            }
            if silent_stop {
                stop.stop(StopReason::Silence);
            }
            if frames >= max_frames {
                stop.stop(StopReason::TimeLimit);
            }
        } else if let Some(r) = stopping {
            outcome = Ok(r);
            break;
        } else {
            if let Ok(e) = err_rx.try_recv() {
                stream_error = Some(e);
            }
            let quiet_for = last_data.elapsed().as_secs_f64();
            if stream_error.is_some() || quiet_for > opts.no_audio_timeout_s {
                outcome = Err(if frames == 0 {
                    CaptureError::NoAudio {
                        device: device_label.clone(),
                        waited_s: started.elapsed().as_secs_f64(),
                    }
                } else {
                    CaptureError::StreamLost {
                        device: device_label.clone(),
                        recorded_s: frames as f64 / rate as f64,
                        partial: wav_path.clone(),
                    }
                });
                break;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        if opts.live_line && last_draw.elapsed() >= Duration::from_millis(100) {
            last_draw = Instant::now();
            let line = live_line(
                frames as f64 / rate as f64,
                opts.max_seconds,
                meter.db(),
                opts.warn_before_end_s,
            );
            let _ = write!(stderr, "\r{line}\x1b[K");
            let _ = stderr.flush();
        }
    }
    drop(stream);
    if opts.live_line {
        let _ = writeln!(stderr);
    }
    let tail = resampler.finish().unwrap_or_default();
    if !tail.is_empty() {
        let _ = chunks.send(AudioChunk {
            samples: tail,
            sample_rate: chunk_rate,
        });
    }
    drop(chunks);
    let duration_s = frames as f64 / rate as f64;
    let mut finalize_err = None;
    if let Some(w) = wav.take() {
        if let Err(e) = w.finalize() {
            finalize_err = Some(e);
        }
    }
    let reason = match outcome {
        Ok(r) => r,
        Err(e) => {
            // A recording that failed before any audio must not leave an empty file behind.
            if frames == 0 {
                if let Some(p) = wav_path.as_deref() {
                    let _ = std::fs::remove_file(p);
                }
            }
            return Err(e);
        }
    };
    if let Some(e) = finalize_err {
        return Err(e.into());
    }
    Ok(RecordingSummary {
        path: wav_path,
        duration_s,
        stop_reason: reason,
        sample_rate: rate,
        device: device_label,
        speech_heard: speech.speech_heard(),
        max_level_db: meter.max_db,
        dropped_samples: dropped.load(Ordering::Relaxed),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_handle_keeps_the_first_reason() {
        let h = StopHandle::new();
        assert_eq!(h.reason(), None);
        h.stop(StopReason::Silence);
        h.clone().stop(StopReason::Key);
        assert_eq!(h.reason(), Some(StopReason::Silence));
    }

    #[test]
    fn feed_converts_formats_and_counts_overflow() {
        let (tx, mut rx) = rtrb::RingBuffer::<f32>::new(4);
        let dropped = Arc::new(AtomicU64::new(0));
        let mut f = Feed {
            tx,
            dropped: dropped.clone(),
        };
        f.push::<i16>(&[i16::MIN, 0, 16384]);
        f.push::<u16>(&[32768, 0]);
        let got: Vec<f32> = std::iter::from_fn(|| rx.pop().ok()).collect();
        assert_eq!(got, vec![-1.0, 0.0, 0.5, 0.0]);
        assert_eq!(dropped.load(Ordering::Relaxed), 1);
    }

    #[test]
    fn live_line_warns_near_the_limit() {
        let l = live_line(30.0, 120.0, -20.0, 15.0);
        assert!(l.contains("0:30 / 2:00"), "{l}");
        assert!(l.contains("Enter to stop"));
        let w = live_line(106.2, 120.0, -20.0, 15.0);
        assert!(w.contains("14 s left"), "{w}");
    }
}

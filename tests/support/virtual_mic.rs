//! Test helper: a virtual microphone. An isolated user-space PulseAudio with a null sink whose
//! monitor is the default source; whatever is played into the sink is what the program under
//! test hears, in real time. Each instance has its own runtime dir and socket, so tests running
//! in parallel (and other people's PulseAudio) never collide. The daemon is killed on drop.
//!
//! Use from a test file with:
//! ```ignore
//! #[path = "support/virtual_mic.rs"]
//! mod virtual_mic;
//! let mic = virtual_mic::VirtualMic::start();
//! let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_mockloop"));
//! mic.apply(&mut cmd);
//! mic.play(&clip); // blocks until played
//! ```
//! Needs `pulseaudio pulseaudio-utils libasound2-plugins` (and `espeak-ng` for [`espeak_wav`]).

#![allow(dead_code)]

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct VirtualMic {
    dir: tempfile::TempDir,
    daemon: Child,
    keepalive: Option<Child>,
    socket: PathBuf,
    /// Sink to play "the speaker" into.
    pub sink: String,
}

impl VirtualMic {
    /// A 16 kHz mono virtual mic (what the notes measured).
    pub fn start() -> Self {
        Self::start_with(16_000, 1)
    }

    /// A virtual mic at the given rate and channel count, to exercise resampling and downmix.
    pub fn start_with(rate: u32, channels: u16) -> Self {
        let dir = tempfile::Builder::new()
            .prefix("mockloop-vmic-")
            .tempdir()
            .expect("temp dir for PulseAudio");
        let socket = dir.path().join("native");
        let script = dir.path().join("vmic.pa");
        let sink = "vsink".to_string();
        std::fs::write(
            &script,
            format!(
                "load-module module-native-protocol-unix auth-anonymous=1 socket={sock}\n\
                 load-module module-null-sink sink_name={sink} rate={rate} channels={channels}\n\
                 set-default-sink {sink}\n\
                 set-default-source {sink}.monitor\n",
                sock = socket.display()
            ),
        )
        .unwrap();
        std::fs::write(dir.path().join("client.conf"), "autospawn = no\n").unwrap();
        let mut cmd = Command::new("pulseaudio");
        cmd.args([
            "-n",
            "--daemonize=no",
            "--exit-idle-time=-1",
            "--use-pid-file=no",
        ])
        .arg("-F")
        .arg(&script)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
        let mut mic = Self {
            daemon: {
                apply_env(&mut cmd, dir.path(), &socket);
                cmd.spawn().expect(
                    "cannot start pulseaudio for the virtual microphone: install \
                     pulseaudio pulseaudio-utils libasound2-plugins",
                )
            },
            keepalive: None,
            dir,
            socket,
            sink,
        };
        mic.wait_ready();
        mic.hold_low_latency();
        mic
    }

    /// A null sink renders in 2 s blocks unless a client asks for less, and the switch only
    /// happens at the next block: a program that starts recording would get its first audio
    /// 2 s late, in one lump. A real sound card delivers small periods from the start, so a
    /// low-latency reader is kept attached for the mic's lifetime, and we wait until it gets
    /// audio (the switch has happened).
    fn hold_low_latency(&mut self) {
        use std::io::Read;
        let mut rec = self
            .command("parec")
            .args(["--latency-msec=10", "--raw"])
            .arg(format!("--device={}.monitor", self.sink))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("parec (pulseaudio-utils) must be installed");
        let mut out = rec.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            let mut first = true;
            while let Ok(n) = out.read(&mut buf) {
                if n == 0 {
                    break;
                }
                if first {
                    let _ = tx.send(());
                    first = false;
                }
            }
        });
        self.keepalive = Some(rec);
        rx.recv_timeout(Duration::from_secs(10))
            .expect("the virtual mic's monitor delivered no audio within 10 s");
    }

    fn wait_ready(&mut self) {
        let start = Instant::now();
        loop {
            let ok = self
                .command("pactl")
                .arg("info")
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .map(|s| s.success())
                .unwrap_or(false);
            if ok {
                return;
            }
            if let Ok(Some(status)) = self.daemon.try_wait() {
                let mut err = String::new();
                if let Some(mut e) = self.daemon.stderr.take() {
                    use std::io::Read;
                    let _ = e.read_to_string(&mut err);
                }
                panic!("pulseaudio exited ({status}) before it was ready:\n{err}");
            }
            if start.elapsed() > Duration::from_secs(20) {
                panic!("pulseaudio did not answer `pactl info` within 20 s");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The runtime dir (holds the socket); unique to this instance.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// The environment a client needs to use this server and only this one.
    pub fn env(&self) -> Vec<(&'static str, OsString)> {
        client_env(self.dir.path(), &self.socket)
    }

    /// Points `cmd` at this virtual mic.
    pub fn apply<'a>(&self, cmd: &'a mut Command) -> &'a mut Command {
        apply_env(cmd, self.dir.path(), &self.socket)
    }

    /// A command (e.g. `pactl`, `paplay`) talking to this server.
    pub fn command(&self, program: &str) -> Command {
        let mut c = Command::new(program);
        self.apply(&mut c);
        c
    }

    /// Plays a WAV into the sink (the mic hears it) and waits until it has played.
    pub fn play(&self, wav: &Path) {
        let status = self.play_async(wav).wait().expect("paplay");
        assert!(status.success(), "paplay failed on {}", wav.display());
    }

    /// Starts playing a WAV into the sink without waiting.
    pub fn play_async(&self, wav: &Path) -> Child {
        self.command("paplay")
            .arg(format!("--device={}", self.sink))
            .arg(wav)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("paplay (pulseaudio-utils) must be installed")
    }
}

impl Drop for VirtualMic {
    fn drop(&mut self) {
        if let Some(mut k) = self.keepalive.take() {
            let _ = k.kill();
            let _ = k.wait();
        }
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}

fn client_env(dir: &Path, socket: &Path) -> Vec<(&'static str, OsString)> {
    let mut server = OsString::from("unix:");
    server.push(socket);
    vec![
        ("PULSE_SERVER", server),
        ("PULSE_RUNTIME_PATH", dir.as_os_str().to_owned()),
        ("XDG_RUNTIME_DIR", dir.as_os_str().to_owned()),
        // No autospawn: a missing server must be an error, not a surprise daemon.
        (
            "PULSE_CLIENTCONFIG",
            dir.join("client.conf").into_os_string(),
        ),
        // Keeps PulseAudio's cookie and state files out of the real home.
        ("HOME", dir.as_os_str().to_owned()),
    ]
}

fn apply_env<'a>(cmd: &'a mut Command, dir: &Path, socket: &Path) -> &'a mut Command {
    for (k, v) in client_env(dir, socket) {
        cmd.env(k, v);
    }
    cmd
}

/// The environment of a machine with no audio server at all: clients find no PulseAudio
/// (and may not start one), so ALSA falls back to the (absent) sound card.
pub fn no_audio_env(dir: &Path) -> Vec<(&'static str, OsString)> {
    std::fs::write(dir.join("client.conf"), "autospawn = no\n").unwrap();
    client_env(dir, &dir.join("no-such-socket"))
}

/// Speech from espeak-ng as a WAV (22.05 kHz mono).
pub fn espeak_wav(text: &str, out: &Path) {
    let status = Command::new("espeak-ng")
        .args(["-s", "150", "-w"])
        .arg(out)
        .arg(text)
        .status()
        .expect("espeak-ng must be installed");
    assert!(status.success(), "espeak-ng failed");
}

/// Writes mono f32 samples as a 16-bit WAV.
pub fn write_wav(path: &Path, rate: u32, samples: &[f32]) {
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: rate,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut w = hound::WavWriter::create(path, spec).unwrap();
    for &s in samples {
        w.write_sample((s.clamp(-1.0, 1.0) * 32767.0) as i16)
            .unwrap();
    }
    w.finalize().unwrap();
}

/// Reads any 16-bit/float WAV as mono f32 plus its rate.
pub fn read_wav(path: &Path) -> (Vec<f32>, u32) {
    let mut r = hound::WavReader::open(path)
        .unwrap_or_else(|e| panic!("{} is not a valid WAV: {e}", path.display()));
    let spec = r.spec();
    let ch = spec.channels as usize;
    let inter: Vec<f32> = match spec.sample_format {
        hound::SampleFormat::Int => {
            let scale = (1i64 << (spec.bits_per_sample - 1)) as f32;
            r.samples::<i32>()
                .map(|s| s.unwrap() as f32 / scale)
                .collect()
        }
        hound::SampleFormat::Float => r.samples::<f32>().map(|s| s.unwrap()).collect(),
    };
    let mono = inter
        .chunks_exact(ch)
        .map(|f| f.iter().sum::<f32>() / ch as f32)
        .collect();
    (mono, spec.sample_rate)
}

/// RMS envelope in dB, one value per `hop_s`.
pub fn envelope_db(samples: &[f32], rate: u32, hop_s: f64) -> Vec<f32> {
    let hop = ((rate as f64 * hop_s) as usize).max(1);
    samples
        .chunks(hop)
        .map(|c| {
            let e = c.iter().map(|&s| (s as f64).powi(2)).sum::<f64>() / c.len() as f64;
            (10.0 * e.max(1e-10).log10()) as f32
        })
        .collect()
}

/// Best Pearson correlation of `needle` against `hay` over all lags where it fits
/// (or overlaps by at least 80 %), and that lag in hops.
pub fn best_alignment(hay: &[f32], needle: &[f32]) -> (f32, isize) {
    let n = needle.len() as isize;
    let min_overlap = (needle.len() as f32 * 0.8) as isize;
    let mut best = (-1.0f32, 0isize);
    for lag in -(n - min_overlap)..=(hay.len() as isize - min_overlap) {
        let pairs: Vec<(f32, f32)> = (0..n)
            .filter_map(|i| {
                let j = i + lag;
                (j >= 0 && (j as usize) < hay.len()).then(|| (needle[i as usize], hay[j as usize]))
            })
            .collect();
        if (pairs.len() as isize) < min_overlap {
            continue;
        }
        let c = pearson(&pairs);
        if c > best.0 {
            best = (c, lag);
        }
    }
    best
}

fn pearson(pairs: &[(f32, f32)]) -> f32 {
    let n = pairs.len() as f64;
    let (ma, mb) = pairs
        .iter()
        .fold((0.0, 0.0), |(a, b), &(x, y)| (a + x as f64, b + y as f64));
    let (ma, mb) = (ma / n, mb / n);
    let (mut sab, mut saa, mut sbb) = (0.0, 0.0, 0.0);
    for &(x, y) in pairs {
        let (dx, dy) = (x as f64 - ma, y as f64 - mb);
        sab += dx * dy;
        saa += dx * dx;
        sbb += dy * dy;
    }
    if saa == 0.0 || sbb == 0.0 {
        return 0.0;
    }
    (sab / (saa * sbb).sqrt()) as f32
}

/// Reads a child's stderr line by line on a thread, so tests can wait for a line and still
/// see everything when they fail.
pub struct StderrWatch {
    rx: std::sync::mpsc::Receiver<String>,
    pub seen: Vec<String>,
}

impl StderrWatch {
    pub fn new(child: &mut Child) -> Self {
        let err = child.stderr.take().expect("stderr must be piped");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            use std::io::BufRead;
            for line in std::io::BufReader::new(err).lines() {
                let Ok(l) = line else { break };
                if tx.send(l).is_err() {
                    break;
                }
            }
        });
        Self {
            rx,
            seen: Vec::new(),
        }
    }

    /// Waits for a line containing `needle`; panics with everything seen on timeout.
    pub fn wait_for(&mut self, needle: &str, timeout: Duration) {
        let deadline = Instant::now() + timeout;
        loop {
            if self.seen.iter().any(|l| l.contains(needle)) {
                return;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok(l) => self.seen.push(l),
                Err(_) => panic!(
                    "no stderr line containing {needle:?} within {timeout:?}; saw:\n{}",
                    self.seen.join("\n")
                ),
            }
        }
    }

    /// Waits until `n` lines containing `needle` have been seen.
    #[allow(dead_code)]
    pub fn wait_for_nth(&mut self, needle: &str, n: usize, timeout: Duration) {
        let deadline = Instant::now() + timeout;
        while self.seen.iter().filter(|l| l.contains(needle)).count() < n {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok(l) => self.seen.push(l),
                Err(_) => panic!(
                    "fewer than {n} stderr lines containing {needle:?} within {timeout:?}; saw:\n{}",
                    self.seen.join("\n")
                ),
            }
        }
    }

    /// Everything until the child closes stderr.
    pub fn rest(&mut self) -> String {
        while let Ok(l) = self.rx.recv_timeout(Duration::from_secs(30)) {
            self.seen.push(l);
        }
        self.seen.join("\n")
    }
}

/// Sends SIGINT (what Ctrl-C sends) to a child.
pub fn interrupt(child: &Child) {
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
}

/// Writes to a child's stdin if piped (e.g. a newline).
pub fn send_line(child: &mut Child, line: &str) {
    if let Some(i) = child.stdin.as_mut() {
        let _ = writeln!(i, "{line}");
    }
}

/// Waits for a child to exit; kills it and fails the test after `timeout`.
#[allow(dead_code)]
pub fn wait_exit(child: &mut Child, timeout: Duration) -> std::process::ExitStatus {
    let start = Instant::now();
    loop {
        if let Some(s) = child.try_wait().unwrap() {
            return s;
        }
        if start.elapsed() > timeout {
            let _ = child.kill();
            panic!("the process did not exit within {timeout:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

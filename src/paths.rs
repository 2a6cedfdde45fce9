//! Where mockloop keeps its files: models, sessions, caches.
//!
//! Run from a checkout (a `Cargo.toml` and `models/` in the current directory), models live in
//! `./models/` so a newcomer sees them next to the code; otherwise in the platform data directory.
//! Environment variables override both, which is also how tests isolate themselves.

use std::path::{Path, PathBuf};

fn env_dir(var: &str) -> Option<PathBuf> {
    std::env::var_os(var)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

fn project_dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "mockloop")
}

/// The current directory, if it is a mockloop checkout.
fn checkout_root() -> Option<PathBuf> {
    let cwd = std::env::current_dir().ok()?;
    let manifest = std::fs::read_to_string(cwd.join("Cargo.toml")).ok()?;
    (manifest.contains("name = \"mockloop\"") && cwd.join("models").is_dir()).then_some(cwd)
}

/// Base data directory (`MOCKLOOP_DATA_DIR`, else e.g. `~/.local/share/mockloop`).
pub fn data_dir() -> PathBuf {
    env_dir("MOCKLOOP_DATA_DIR")
        .or_else(|| project_dirs().map(|d| d.data_dir().to_path_buf()))
        .unwrap_or_else(|| PathBuf::from(".mockloop"))
}

/// Directory of whisper models (`MOCKLOOP_MODELS_DIR`, `./models` in a checkout, else `<data>/models`).
pub fn models_dir() -> PathBuf {
    env_dir("MOCKLOOP_MODELS_DIR")
        .or_else(|| checkout_root().map(|r| r.join("models")))
        .unwrap_or_else(|| data_dir().join("models"))
}

/// Directory of saved practice sessions (`<data>/sessions`).
pub fn sessions_dir() -> PathBuf {
    data_dir().join("sessions")
}

/// Download cache (`MOCKLOOP_CACHE_DIR`, `./.cache` in a checkout, else the platform cache dir).
pub fn cache_dir() -> PathBuf {
    env_dir("MOCKLOOP_CACHE_DIR")
        .or_else(|| checkout_root().map(|r| r.join(".cache")))
        .or_else(|| project_dirs().map(|d| d.cache_dir().to_path_buf()))
        .unwrap_or_else(|| data_dir().join("cache"))
}

/// Writes `bytes` to `path` so that readers see the old file or the new one, never half of it:
/// a temporary file in the same directory, flushed to disk, then renamed over the target.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty());
    let dir = dir.unwrap_or_else(|| Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_atomic_replaces_whole_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("sub").join("a.json");
        write_atomic(&p, b"first").unwrap();
        write_atomic(&p, b"second").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"second");
        // No temporary files are left behind.
        assert_eq!(std::fs::read_dir(p.parent().unwrap()).unwrap().count(), 1);
    }
}

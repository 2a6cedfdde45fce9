//! A cache of every session's summary, so `history` and `progress` stay fast with a thousand
//! sessions: `session.json` files (with full transcripts) are parsed only when they changed.
//!
//! The index lives in the sessions folder as [`INDEX_FILE`]. An entry is reused while its
//! stamp matches: the size and modification time of `session.json` and the modification time
//! of every folder holding the session's WAVs (so a deleted or restored WAV is noticed).
//! A missing, unreadable or other-version index is simply rebuilt.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};

use super::summary::{summarize, SessionSummary};
use crate::session::{SessionStore, SESSION_FILE};

pub const INDEX_FILE: &str = ".mockloop-review-index.json";
/// Bump when the summary's meaning changes, so old caches are rebuilt.
const INDEX_SCHEMA: &str = "mockloop.review-index.v1";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Stamp {
    len: u64,
    /// Nanoseconds since the epoch: session.json, then each audio folder.
    mtimes: Vec<u64>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
enum State {
    Ok { summary: Box<SessionSummary> },
    Damaged { reason: String },
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Entry {
    stamp: Stamp,
    /// Folders (relative to the session) that hold its WAVs; "" is the session folder.
    audio_dirs: Vec<String>,
    state: State,
}

#[derive(Debug, Serialize, Deserialize)]
struct IndexFile {
    schema: String,
    mockloop_version: String,
    entries: BTreeMap<String, Entry>,
}

/// Every session's summary, oldest first, or why it could not be read.
#[derive(Debug)]
pub struct History {
    pub sessions: Vec<(String, Result<SessionSummary, String>)>,
    /// Sessions parsed this time (new or changed).
    pub rebuilt: usize,
    /// Sessions taken from the index unchanged.
    pub reused: usize,
    /// Why the index could not be saved, if it could not (the answer is still correct).
    pub save_error: Option<String>,
}

impl History {
    pub fn ok(&self) -> impl Iterator<Item = &SessionSummary> {
        self.sessions.iter().filter_map(|(_, s)| s.as_ref().ok())
    }
}

fn mtime_ns(p: &Path) -> Option<u64> {
    let m = std::fs::metadata(p).ok()?.modified().ok()?;
    Some(m.duration_since(UNIX_EPOCH).ok()?.as_nanos() as u64)
}

fn stamp(dir: &Path, audio_dirs: &[String]) -> Option<Stamp> {
    let file = dir.join(SESSION_FILE);
    let len = std::fs::metadata(&file).ok()?.len();
    let mut mtimes = vec![mtime_ns(&file)?];
    for d in audio_dirs {
        // A vanished folder stamps as 0, which differs from any real time.
        mtimes.push(mtime_ns(&dir.join(d)).unwrap_or(0));
    }
    Some(Stamp { len, mtimes })
}

fn build(dir: &Path) -> Entry {
    let (state, audio_dirs) = match super::load(dir) {
        Ok(s) => {
            let mut dirs: Vec<String> = summarize_dirs(&s);
            dirs.sort();
            dirs.dedup();
            (
                State::Ok {
                    summary: Box::new(summarize(&s)),
                },
                dirs,
            )
        }
        Err(e) => (
            State::Damaged {
                reason: e.to_string(),
            },
            Vec::new(),
        ),
    };
    // Stamp after reading: a change made while we read shows up as stale next time.
    let stamp = stamp(dir, &audio_dirs).unwrap_or(Stamp {
        len: 0,
        mtimes: vec![],
    });
    Entry {
        stamp,
        audio_dirs,
        state,
    }
}

fn summarize_dirs(s: &super::LoadedSession) -> Vec<String> {
    let mut dirs = vec![String::new()];
    for q in &s.session.questions {
        for at in &q.attempts {
            let answers = std::iter::once(&at.answer)
                .chain(at.follow_up.as_ref().and_then(|f| f.answer.as_ref()));
            for a in answers {
                if let Some(parent) = Path::new(&a.audio).parent() {
                    dirs.push(parent.to_string_lossy().into_owned());
                }
            }
        }
    }
    dirs
}

fn read_index(path: &Path) -> BTreeMap<String, Entry> {
    let Ok(bytes) = std::fs::read(path) else {
        return BTreeMap::new();
    };
    match serde_json::from_slice::<IndexFile>(&bytes) {
        Ok(f) if f.schema == INDEX_SCHEMA && f.mockloop_version == env!("CARGO_PKG_VERSION") => {
            f.entries
        }
        Ok(_) => BTreeMap::new(),
        Err(e) => {
            log::info!("rebuilding the review index {}: {e}", path.display());
            BTreeMap::new()
        }
    }
}

pub fn index_path(sessions: &Path) -> PathBuf {
    sessions.join(INDEX_FILE)
}

/// Summaries of every session in `sessions`, from the index where it is fresh; stale or new
/// entries are rebuilt (in parallel) and the index is saved when anything changed.
pub fn history(sessions: &Path) -> History {
    let ids = SessionStore::new(sessions).ids();
    let path = index_path(sessions);
    let mut old = read_index(&path);
    let mut entries: Vec<Option<Entry>> = ids
        .iter()
        .map(|id| {
            let e = old.remove(id)?;
            let fresh = stamp(&sessions.join(id), &e.audio_dirs)? == e.stamp;
            fresh.then_some(e)
        })
        .collect();
    let stale: Vec<usize> = (0..ids.len()).filter(|&i| entries[i].is_none()).collect();
    let reused = ids.len() - stale.len();
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8)
        .min(stale.len().max(1));
    let built: Vec<(usize, Entry)> = std::thread::scope(|sc| {
        let handles: Vec<_> = stale
            .chunks(stale.len().div_ceil(threads).max(1))
            .map(|chunk| {
                let ids = &ids;
                sc.spawn(move || {
                    chunk
                        .iter()
                        .map(|&i| (i, build(&sessions.join(&ids[i]))))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    });
    let rebuilt = built.len();
    for (i, e) in built {
        entries[i] = Some(e);
    }
    let mut save_error = None;
    // Also save when sessions were deleted (old still holds their entries).
    if rebuilt > 0 || !old.is_empty() {
        let file = IndexFile {
            schema: INDEX_SCHEMA.into(),
            mockloop_version: env!("CARGO_PKG_VERSION").into(),
            entries: ids
                .iter()
                .zip(&entries)
                .filter_map(|(id, e)| Some((id.clone(), e.clone()?)))
                .collect(),
        };
        let json = serde_json::to_vec(&file).expect("index serialises");
        if let Err(e) = crate::paths::write_atomic(&path, &json) {
            let msg = format!("cannot save the review index {}: {e}", path.display());
            log::warn!("{msg}");
            save_error = Some(msg);
        }
    }
    let sessions = ids
        .into_iter()
        .zip(entries)
        .map(|(id, e)| {
            let r = match e.map(|e| e.state) {
                Some(State::Ok { summary }) => Ok(*summary),
                Some(State::Damaged { reason }) => Err(reason),
                None => Err("could not be read".to_string()),
            };
            (id, r)
        })
        .collect();
    History {
        sessions,
        rebuilt,
        reused,
        save_error,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::tests::fake_session;

    #[test]
    fn index_is_reused_until_a_session_changes() {
        let tmp = tempfile::tempdir().unwrap();
        let s = fake_session(tmp.path());
        std::fs::create_dir_all(tmp.path().join("broken")).unwrap();
        std::fs::write(tmp.path().join("broken").join(SESSION_FILE), "{").unwrap();

        let h = history(tmp.path());
        assert_eq!((h.rebuilt, h.reused), (2, 0));
        assert!(h.save_error.is_none());
        assert!(index_path(tmp.path()).is_file());
        let damaged = h.sessions.iter().find(|(id, _)| id == "broken").unwrap();
        assert!(damaged.1.as_ref().unwrap_err().contains("not valid JSON"));

        let h = history(tmp.path());
        assert_eq!((h.rebuilt, h.reused), (0, 2));

        // Restoring the missing WAV changes the folder's time: that session is rebuilt.
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(s.dir.join("q2-a1.wav"), b"RIFF").unwrap();
        let h = history(tmp.path());
        assert_eq!((h.rebuilt, h.reused), (1, 1));
        let sum = h.ok().next().unwrap();
        assert!(sum.answer_rows.iter().all(|r| r.audio_present));
    }

    #[test]
    fn a_garbage_index_is_rebuilt() {
        let tmp = tempfile::tempdir().unwrap();
        fake_session(tmp.path());
        std::fs::write(index_path(tmp.path()), "not json").unwrap();
        let h = history(tmp.path());
        assert_eq!((h.rebuilt, h.reused), (1, 0));
        assert_eq!(h.ok().count(), 1);
    }
}

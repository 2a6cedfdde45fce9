//! Saved practice sessions: one folder per session holding `session.json` and the answer WAVs.
//!
//! `session.json` is rewritten atomically after every change, so a session cut off at any
//! moment (Ctrl-C, crash, power loss) is still a valid, listable, reviewable record.

use std::path::{Path, PathBuf};

use crate::types::Session;

pub const SESSION_FILE: &str = "session.json";

#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    #[error("cannot create the sessions folder {}: {source}; pick another with --sessions DIR", path.display())]
    CreateDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot save {}: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{} is not a mockloop session file: {reason}", path.display())]
    Invalid { path: PathBuf, reason: String },
    #[error("no session '{id}' in {}; run `mockloop history` to see the saved ones", dir.display())]
    NotFound { id: String, dir: PathBuf },
    #[error("no saved sessions in {}; run `mockloop practice` first", .0.display())]
    NoneSaved(PathBuf),
}

/// The folder that holds every session.
#[derive(Debug, Clone)]
pub struct SessionStore {
    pub dir: PathBuf,
}

/// A session being recorded or read, with its folder.
#[derive(Debug, Clone)]
pub struct SessionDir {
    pub dir: PathBuf,
    pub session: Session,
}

/// RFC 3339 local time now (UTC when the offset is unknown).
pub fn now_rfc3339() -> String {
    let now = time::OffsetDateTime::now_local().unwrap_or_else(|_| time::OffsetDateTime::now_utc());
    now.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

impl SessionStore {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    /// Starts a new session folder named after the start time (unique even within a second).
    pub fn create(&self, model: &str) -> Result<SessionDir, SessionError> {
        std::fs::create_dir_all(&self.dir).map_err(|source| SessionError::CreateDir {
            path: self.dir.clone(),
            source,
        })?;
        let started = now_rfc3339();
        let stamp: String = started
            .chars()
            .take(19)
            .map(|c| if c == ':' { '-' } else { c })
            .collect();
        let mut id = stamp.clone();
        let mut n = 1;
        let dir = loop {
            let d = self.dir.join(&id);
            match std::fs::create_dir(&d) {
                Ok(()) => break d,
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    n += 1;
                    id = format!("{stamp}-{n}");
                }
                Err(source) => return Err(SessionError::CreateDir { path: d, source }),
            }
        };
        let s = SessionDir {
            dir,
            session: Session {
                schema: Session::SCHEMA.to_string(),
                id,
                started_at: started,
                finished_at: None,
                mockloop_version: env!("CARGO_PKG_VERSION").to_string(),
                model: model.to_string(),
                questions: Vec::new(),
            },
        };
        s.save()?;
        Ok(s)
    }

    /// Folder names of every session, oldest first (names sort by start time).
    pub fn ids(&self) -> Vec<String> {
        let Ok(rd) = std::fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        let mut ids: Vec<String> = rd
            .filter_map(|e| e.ok())
            .filter(|e| e.path().join(SESSION_FILE).is_file())
            .filter_map(|e| e.file_name().to_str().map(str::to_string))
            .collect();
        ids.sort();
        ids
    }

    pub fn load(&self, id: &str) -> Result<SessionDir, SessionError> {
        let dir = self.dir.join(id);
        if !dir.join(SESSION_FILE).is_file() {
            return Err(SessionError::NotFound {
                id: id.to_string(),
                dir: self.dir.clone(),
            });
        }
        SessionDir::open(&dir)
    }

    /// Resolves "latest", a folder name, or a path to a session folder.
    pub fn find(&self, which: &str) -> Result<SessionDir, SessionError> {
        if which == "latest" {
            let id = self
                .ids()
                .pop()
                .ok_or_else(|| SessionError::NoneSaved(self.dir.clone()))?;
            return self.load(&id);
        }
        let p = Path::new(which);
        if p.join(SESSION_FILE).is_file() {
            return SessionDir::open(p);
        }
        self.load(which)
    }
}

impl SessionDir {
    pub fn open(dir: &Path) -> Result<Self, SessionError> {
        let path = dir.join(SESSION_FILE);
        let bytes = std::fs::read(&path).map_err(|source| SessionError::Read {
            path: path.clone(),
            source,
        })?;
        let session: Session =
            serde_json::from_slice(&bytes).map_err(|e| SessionError::Invalid {
                path: path.clone(),
                reason: e.to_string(),
            })?;
        if session.schema != Session::SCHEMA {
            return Err(SessionError::Invalid {
                path,
                reason: format!(
                    "schema is '{}', expected '{}'",
                    session.schema,
                    Session::SCHEMA
                ),
            });
        }
        Ok(Self {
            dir: dir.to_path_buf(),
            session,
        })
    }

    /// Writes `session.json` atomically.
    pub fn save(&self) -> Result<(), SessionError> {
        let path = self.dir.join(SESSION_FILE);
        let json = serde_json::to_vec_pretty(&self.session).expect("session serialises");
        crate::paths::write_atomic(&path, &json)
            .map_err(|source| SessionError::Write { path, source })
    }

    /// Absolute path of a file named in the session (WAVs are stored relative to the folder).
    pub fn file(&self, rel: &str) -> PathBuf {
        self.dir.join(rel)
    }

    /// Marks the session finished and saves it.
    pub fn finish(&mut self) -> Result<(), SessionError> {
        self.session.finished_at = Some(now_rfc3339());
        self.save()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::{AnswerShape, Question, SessionQuestion};

    #[test]
    fn create_save_list_and_reload() {
        let tmp = tempfile::tempdir().unwrap();
        let store = SessionStore::new(tmp.path().join("sessions"));
        let mut a = store.create("tiny.en").unwrap();
        let b = store.create("tiny.en").unwrap();
        assert_ne!(a.session.id, b.session.id);
        a.session.questions.push(SessionQuestion {
            question: Question {
                id: "q1".into(),
                text: "Tell me about a time...".into(),
                rounds: vec![],
                roles: vec![],
                principles: vec!["Ownership".into()],
                shape: AnswerShape::Star,
                time_limit_s: 120,
                probes: vec![],
            },
            time_limit_s: 120,
            attempts: vec![],
        });
        a.finish().unwrap();
        assert_eq!(store.ids().len(), 2);
        let back = store.find(&a.session.id).unwrap();
        assert_eq!(back.session, a.session);
        assert_eq!(store.find("latest").unwrap().session.id, store.ids()[1]);
        assert!(matches!(
            store.find("nope"),
            Err(SessionError::NotFound { .. })
        ));
    }

    #[test]
    fn invalid_file_is_reported_not_fatal() {
        let tmp = tempfile::tempdir().unwrap();
        let d = tmp.path().join("broken");
        std::fs::create_dir_all(&d).unwrap();
        std::fs::write(d.join(SESSION_FILE), "{ not json").unwrap();
        let e = SessionDir::open(&d).unwrap_err();
        assert!(e.to_string().contains("session.json"), "{e}");
    }

    #[test]
    fn empty_store_says_how_to_start() {
        let tmp = tempfile::tempdir().unwrap();
        let e = SessionStore::new(tmp.path()).find("latest").unwrap_err();
        assert!(e.to_string().contains("mockloop practice"));
    }
}

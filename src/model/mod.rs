//! Whisper models: the catalog of names, where files live, resolving which one to use,
//! fetching and importing.

pub mod convert;
mod ct2;
pub mod fetch;
mod ggml;
mod mel;
mod vocab;

use std::path::{Path, PathBuf};

/// The model used when none is named: small and fast enough for live feedback on a laptop.
pub const DEFAULT_MODEL: &str = "tiny.en";

/// A model whisper.cpp publishes, with the SHA-1 its models/README lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KnownModel {
    pub name: &'static str,
    pub size_mib: u32,
    pub sha1: &'static str,
}

/// whisper.cpp's published ggml models (names as in its download script).
pub const KNOWN_MODELS: &[KnownModel] = &[
    KnownModel {
        name: "tiny",
        size_mib: 75,
        sha1: "bd577a113a864445d4c299885e0cb97d4ba92b5f",
    },
    KnownModel {
        name: "tiny.en",
        size_mib: 75,
        sha1: "c78c86eb1a8faa21b369bcd33207cc90d64ae9df",
    },
    KnownModel {
        name: "base",
        size_mib: 142,
        sha1: "465707469ff3a37a2b9b8d8f89f2f99de7299dac",
    },
    KnownModel {
        name: "base.en",
        size_mib: 142,
        sha1: "137c40403d78fd54d454da0f9bd998f78703390c",
    },
    KnownModel {
        name: "small",
        size_mib: 466,
        sha1: "55356645c2b361a969dfd0ef2c5a50d530afd8d5",
    },
    KnownModel {
        name: "small.en",
        size_mib: 466,
        sha1: "db8a495a91d927739e50b3fc1cc4c6b8f6c2d022",
    },
    KnownModel {
        name: "medium",
        size_mib: 1536,
        sha1: "fd9727b6e1217c2f614f9b698455c4ffd82463b4",
    },
    KnownModel {
        name: "medium.en",
        size_mib: 1536,
        sha1: "8c30f0e44ce9560643ebd10bbe50cd20eafd3723",
    },
    KnownModel {
        name: "large-v1",
        size_mib: 2970,
        sha1: "b1caaf735c4cc1429223d5a74f0f4d0b9b59a299",
    },
    KnownModel {
        name: "large-v2",
        size_mib: 2970,
        sha1: "0f4c8e34f21cf1a914c59d8b3ce882345ad349d6",
    },
    KnownModel {
        name: "large-v3",
        size_mib: 2970,
        sha1: "ad82bf6a9043ceed055076d0fd39f5f186ff8062",
    },
];

pub fn known_model(name: &str) -> Option<&'static KnownModel> {
    KNOWN_MODELS.iter().find(|m| m.name == name)
}

/// whisper.cpp's file name for a model name: `tiny.en` → `ggml-tiny.en.bin`.
pub fn file_name(name: &str) -> String {
    format!("ggml-{name}.bin")
}

/// The model name a file stands for: `ggml-tiny.en.bin` → `tiny.en`; other names are kept as they are.
pub fn name_from_path(path: &Path) -> String {
    let stem = path
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = stem.strip_suffix(".bin").unwrap_or(&stem);
    stem.strip_prefix("ggml-").unwrap_or(stem).to_string()
}

#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("model file {} does not exist. Check the path, or run `mockloop model fetch` to get the default model ({DEFAULT_MODEL})", .0.display())]
    MissingFile(PathBuf),
    #[error("no whisper model found in {}. Run `mockloop model fetch` to download {DEFAULT_MODEL} (75 MB), `mockloop model import PATH` to convert a faster-whisper model you have, or pass --model PATH", .0.display())]
    NoneInstalled(PathBuf),
    #[error("unknown model name '{0}'. Known names: {known}", known = KNOWN_MODELS.iter().map(|m| m.name).collect::<Vec<_>>().join(", "))]
    UnknownName(String),
}

/// Where a model choice came from, for messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ModelChoice {
    /// `--model PATH` or `MOCKLOOP_MODEL`: used as given.
    Explicit(PathBuf),
    /// Found in the models directory.
    Installed(PathBuf),
    /// Nothing installed; this is the file the default model would be fetched to.
    Missing { dir: PathBuf, name: String },
}

/// Decides which model file to use: an explicit path or name, else the models directory
/// (the default model first, then any other ggml file, smallest known first).
pub fn resolve(explicit: Option<&Path>, models_dir: &Path) -> Result<ModelChoice, ModelError> {
    if let Some(p) = explicit {
        // `--model base.en` names a model in the models directory.
        let s = p.to_string_lossy();
        if !s.contains(std::path::MAIN_SEPARATOR) && !s.ends_with(".bin") {
            if known_model(&s).is_none() {
                return Err(ModelError::UnknownName(s.into_owned()));
            }
            let f = models_dir.join(file_name(&s));
            return Ok(if f.is_file() {
                ModelChoice::Installed(f)
            } else {
                ModelChoice::Missing {
                    dir: models_dir.to_path_buf(),
                    name: s.into_owned(),
                }
            });
        }
        return if p.is_file() {
            Ok(ModelChoice::Explicit(p.to_path_buf()))
        } else {
            Err(ModelError::MissingFile(p.to_path_buf()))
        };
    }
    let default = models_dir.join(file_name(DEFAULT_MODEL));
    if default.is_file() {
        return Ok(ModelChoice::Installed(default));
    }
    let installed = installed_models(models_dir);
    if let Some(first) = installed.into_iter().next() {
        return Ok(ModelChoice::Installed(first));
    }
    Ok(ModelChoice::Missing {
        dir: models_dir.to_path_buf(),
        name: DEFAULT_MODEL.to_string(),
    })
}

/// ggml model files in a directory, known models in catalog order (small first), then others by name.
pub fn installed_models(dir: &Path) -> Vec<PathBuf> {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = rd
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.is_file()
                && p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with("ggml-") && n.ends_with(".bin"))
        })
        .collect();
    let rank = |p: &PathBuf| {
        let n = name_from_path(p);
        (
            KNOWN_MODELS
                .iter()
                .position(|m| m.name == n)
                .unwrap_or(usize::MAX),
            n,
        )
    };
    files.sort_by_key(rank);
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_files_round_trip() {
        assert_eq!(file_name("tiny.en"), "ggml-tiny.en.bin");
        assert_eq!(name_from_path(Path::new("/x/ggml-tiny.en.bin")), "tiny.en");
        assert_eq!(name_from_path(Path::new("mine.bin")), "mine");
    }

    #[test]
    fn resolution_order() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        // Nothing installed: the default is missing.
        assert_eq!(
            resolve(None, d).unwrap(),
            ModelChoice::Missing {
                dir: d.to_path_buf(),
                name: "tiny.en".into()
            }
        );
        // Another model installed: it is used.
        std::fs::write(d.join("ggml-base.en.bin"), b"x").unwrap();
        assert_eq!(
            resolve(None, d).unwrap(),
            ModelChoice::Installed(d.join("ggml-base.en.bin"))
        );
        // The default wins once present.
        std::fs::write(d.join("ggml-tiny.en.bin"), b"x").unwrap();
        assert_eq!(
            resolve(None, d).unwrap(),
            ModelChoice::Installed(d.join("ggml-tiny.en.bin"))
        );
        // An explicit name or path beats the directory.
        assert_eq!(
            resolve(Some(Path::new("base.en")), d).unwrap(),
            ModelChoice::Installed(d.join("ggml-base.en.bin"))
        );
        let other = d.join("custom.bin");
        std::fs::write(&other, b"x").unwrap();
        assert_eq!(
            resolve(Some(&other), d).unwrap(),
            ModelChoice::Explicit(other)
        );
        assert!(matches!(
            resolve(Some(&d.join("nope.bin")), d),
            Err(ModelError::MissingFile(_))
        ));
        assert!(matches!(
            resolve(Some(Path::new("huge")), d),
            Err(ModelError::UnknownName(_))
        ));
    }
}

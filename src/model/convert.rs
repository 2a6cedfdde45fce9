//! Converts a CTranslate2 whisper model (directory, .whl or .zip) into a whisper.cpp ggml file.

use std::path::{Path, PathBuf};

/// Weight type for 2-D matrices in the written ggml file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Quantize {
    /// Half precision, as whisper.cpp's own conversion writes.
    #[default]
    F16,
    /// 8-bit blocks (whisper.cpp q8_0).
    Q8_0,
}

#[derive(Debug, thiserror::Error)]
pub enum ConvertError {
    #[error("{path}: {reason}")]
    BadInput { path: PathBuf, reason: String },
    #[error("writing {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

#[derive(Debug, Clone)]
pub struct ConvertReport {
    pub tensors: usize,
    pub bytes_written: u64,
    /// whisper.cpp name of the model size, e.g. "tiny.en".
    pub model_kind: String,
}

/// Reads a CTranslate2 whisper model at `src` and writes a ggml model to `dest` (atomically).
pub fn convert_ct2_to_ggml(
    src: &Path,
    dest: &Path,
    quantize: Quantize,
) -> Result<ConvertReport, ConvertError> {
    let _ = (dest, quantize);
    Err(ConvertError::BadInput {
        path: src.to_path_buf(),
        reason: "converter not built yet".into(),
    })
}

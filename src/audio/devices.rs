//! Finding audio devices with cpal: listing them, and picking the input to record from.
//!
//! cpal 0.18 identifies a device by `id()` (on ALSA the PCM name, e.g. `pulse`, `default`,
//! `hw:CARD=0,DEV=0`) and describes it with `description().name()` (e.g. "PulseAudio Sound
//! Server"). Users may pass either to `--input-device`. `Device`'s `Display` fails when the
//! description does, so names always go through [`device_name`].

use std::fmt;

use cpal::traits::{DeviceTrait, HostTrait};

use super::capture::CaptureError;

/// Runs `f` with file descriptor 2 pointed at /dev/null.
///
/// alsa-lib, and the JACK and OSS plugins it loads while probing devices, print diagnostics
/// ("Cannot get card index for 0", "jack server is not running") straight to stderr. The
/// failures that matter come back to us as cpal errors and are reported properly, so the raw
/// noise is hidden unless debug logging is on. Only used while no other thread writes
/// to stderr (device probing happens before the live line starts).
pub fn quiet_stderr<T>(f: impl FnOnce() -> T) -> T {
    #[cfg(unix)]
    {
        if log::log_enabled!(log::Level::Debug) {
            return f();
        }
        // SAFETY: plain POSIX fd calls on fds we own; fd 2 is restored before returning.
        unsafe {
            let devnull = libc::open(c"/dev/null".as_ptr(), libc::O_WRONLY | libc::O_CLOEXEC);
            if devnull < 0 {
                return f();
            }
            let saved = libc::dup(2);
            if saved < 0 {
                libc::close(devnull);
                return f();
            }
            libc::dup2(devnull, 2);
            libc::close(devnull);
            let out = f();
            libc::dup2(saved, 2);
            libc::close(saved);
            out
        }
    }
    #[cfg(not(unix))]
    {
        f()
    }
}

/// One device as shown to the user.
#[derive(Debug, Clone, PartialEq)]
pub struct DeviceInfo {
    /// Stable identifier (what `--input-device` matches first).
    pub id: String,
    /// Human-readable name.
    pub name: String,
    pub is_default: bool,
    /// Supported configurations, e.g. "2 ch, 8000-192000 Hz, i16"; empty unless asked for.
    pub configs: Vec<String>,
    /// Why the configurations could not be read (the device is probably unusable).
    pub config_error: Option<String>,
}

impl DeviceInfo {
    /// `NAME (id)` or just the id when they are the same.
    pub fn label(&self) -> String {
        if self.name == self.id {
            self.id.clone()
        } else {
            format!("{} ({})", self.id, self.name)
        }
    }
}

/// The input devices offered in an error message, with how to pick one.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AvailableInputs(pub Vec<DeviceInfo>);

impl fmt::Display for AvailableInputs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return write!(
                f,
                "\nNo input devices were found at all: connect a microphone, or start your \
                 audio server (PulseAudio or PipeWire)."
            );
        }
        write!(f, "\nAvailable input devices:")?;
        for d in &self.0 {
            let mark = if d.is_default { " [default]" } else { "" };
            write!(f, "\n  {}{}", d.label(), mark)?;
        }
        write!(
            f,
            "\nPick one with --input-device \"NAME\" (the first word above), and check it with \
             `mockloop devices`."
        )
    }
}

impl AvailableInputs {
    /// The inputs worth suggesting: ones that open, minus ALSA's `null` (it only produces
    /// zeros, never a voice).
    pub fn probe(host: &cpal::Host) -> Self {
        let all = input_devices(host);
        let usable = quiet_stderr(|| {
            all.into_iter()
                .filter(|d| d.id != "null")
                .filter(|d| {
                    find_by_id(host, &d.id)
                        .map(|dev| dev.supported_input_configs().is_ok())
                        .unwrap_or(false)
                })
                .collect()
        });
        Self(usable)
    }
}

/// Both directions, for `mockloop devices`.
#[derive(Debug, Clone)]
pub struct DeviceList {
    pub host: String,
    pub inputs: Vec<DeviceInfo>,
    pub outputs: Vec<DeviceInfo>,
}

pub fn device_name(d: &cpal::Device) -> String {
    d.description()
        .map(|desc| desc.name().to_string())
        .or_else(|_| d.id().map(|id| id.id().to_string()))
        .unwrap_or_else(|_| "(unnamed device)".to_string())
}

pub fn device_id(d: &cpal::Device) -> String {
    d.id()
        .map(|id| id.id().to_string())
        .unwrap_or_else(|_| device_name(d))
}

fn info(d: &cpal::Device, default_id: Option<&str>, configs: Option<bool>) -> DeviceInfo {
    let id = device_id(d);
    let mut out = DeviceInfo {
        is_default: default_id == Some(id.as_str()),
        name: device_name(d),
        id,
        configs: Vec::new(),
        config_error: None,
    };
    // Some(true) = input configs, Some(false) = output configs.
    if let Some(input) = configs {
        let ranges = if input {
            d.supported_input_configs().map(|c| c.collect::<Vec<_>>())
        } else {
            d.supported_output_configs().map(|c| c.collect::<Vec<_>>())
        };
        match ranges {
            Ok(r) => out.configs = summarize_configs(&r),
            Err(e) => out.config_error = Some(e.to_string()),
        }
    }
    out
}

/// Channel counts and formats offered over one (min, max) rate range.
type RateGroup = ((u32, u32), Vec<u16>, Vec<String>);

/// One line per distinct rate range: the channel counts and PCM sample formats it offers.
fn summarize_configs(ranges: &[cpal::SupportedStreamConfigRange]) -> Vec<String> {
    let mut lines: Vec<RateGroup> = Vec::new();
    for r in ranges {
        if r.sample_format().is_dsd() {
            continue;
        }
        let key = (r.min_sample_rate(), r.max_sample_rate());
        let i = match lines.iter().position(|l| l.0 == key) {
            Some(i) => i,
            None => {
                lines.push((key, Vec::new(), Vec::new()));
                lines.len() - 1
            }
        };
        let l = &mut lines[i];
        if !l.1.contains(&r.channels()) {
            l.1.push(r.channels());
        }
        let fmt = r.sample_format().to_string();
        if !l.2.contains(&fmt) {
            l.2.push(fmt);
        }
    }
    lines
        .into_iter()
        .map(|((lo, hi), mut chans, fmts)| {
            chans.sort_unstable();
            let ch = match (chans.first(), chans.last()) {
                (Some(a), Some(b)) if a != b => format!("{a}-{b} ch"),
                (Some(a), _) => format!("{a} ch"),
                _ => "? ch".to_string(),
            };
            let rate = if lo == hi {
                format!("{lo} Hz")
            } else if hi > 1_000_000 {
                // Plugins such as `null` accept any rate at all.
                format!("{lo} Hz and up")
            } else {
                format!("{lo}-{hi} Hz")
            };
            format!("{ch}, {rate}, {}", fmts.join("/"))
        })
        .collect()
}

fn default_input_id(host: &cpal::Host) -> Option<String> {
    host.default_input_device().map(|d| device_id(&d))
}

/// Input devices without opening them (cheap; used in error messages).
pub fn input_devices(host: &cpal::Host) -> Vec<DeviceInfo> {
    quiet_stderr(|| input_devices_noisy(host))
}

fn input_devices_noisy(host: &cpal::Host) -> Vec<DeviceInfo> {
    let default_id = default_input_id(host);
    let mut out: Vec<DeviceInfo> = match host.input_devices() {
        Ok(devs) => devs
            .map(|d| info(&d, default_id.as_deref(), None))
            .collect(),
        Err(_) => Vec::new(),
    };
    // ALSA's `default` has no declared direction, so cpal may not list it as an input.
    if let (Some(id), Some(d)) = (default_id.as_deref(), host.default_input_device()) {
        if !out.iter().any(|i| i.id == id) {
            out.insert(0, info(&d, Some(id), None));
        }
    }
    out
}

/// Every device with its supported configurations (opens each one).
pub fn list_devices() -> DeviceList {
    quiet_stderr(list_devices_noisy)
}

fn list_devices_noisy() -> DeviceList {
    let host = cpal::default_host();
    let in_default = default_input_id(&host);
    let out_default = host.default_output_device().map(|d| device_id(&d));
    let mut inputs: Vec<DeviceInfo> = host
        .input_devices()
        .map(|devs| {
            devs.map(|d| info(&d, in_default.as_deref(), Some(true)))
                .collect()
        })
        .unwrap_or_default();
    let mut outputs: Vec<DeviceInfo> = host
        .output_devices()
        .map(|devs| {
            devs.map(|d| info(&d, out_default.as_deref(), Some(false)))
                .collect()
        })
        .unwrap_or_default();
    if let (Some(id), Some(d)) = (in_default.as_deref(), host.default_input_device()) {
        if !inputs.iter().any(|i| i.id == id) {
            inputs.insert(0, info(&d, Some(id), Some(true)));
        }
    }
    if let (Some(id), Some(d)) = (out_default.as_deref(), host.default_output_device()) {
        if !outputs.iter().any(|i| i.id == id) {
            outputs.insert(0, info(&d, Some(id), Some(false)));
        }
    }
    DeviceList {
        host: host.id().name().to_string(),
        inputs,
        outputs,
    }
}

/// How a user-given name picks a device: exact id, then exact name (case-insensitive),
/// then a unique case-insensitive substring of either. Returns the index into `devices`.
pub fn match_device(devices: &[DeviceInfo], wanted: &str) -> Result<usize, Vec<usize>> {
    let w = wanted.trim();
    if let Some(i) = devices.iter().position(|d| d.id == w) {
        return Ok(i);
    }
    let lw = w.to_lowercase();
    if let Some(i) = devices.iter().position(|d| d.name.to_lowercase() == lw) {
        return Ok(i);
    }
    let hits: Vec<usize> = devices
        .iter()
        .enumerate()
        .filter(|(_, d)| {
            !lw.is_empty()
                && (d.id.to_lowercase().contains(&lw) || d.name.to_lowercase().contains(&lw))
        })
        .map(|(i, _)| i)
        .collect();
    if hits.len() == 1 {
        Ok(hits[0])
    } else {
        Err(hits)
    }
}

/// Turns a cpal failure on a device into the error the user sees.
pub(crate) fn open_error(
    chosen: &DeviceInfo,
    explicit: bool,
    err: &cpal::Error,
    available: AvailableInputs,
) -> CaptureError {
    let detail = err.to_string().trim_end_matches('.').to_string();
    match err.kind() {
        // With no sound card and no audio server, ALSA's `default` is card 0, which does
        // not exist ("cannot find card '0'"): there is no microphone at all.
        cpal::ErrorKind::DeviceNotAvailable | cpal::ErrorKind::HostUnavailable if !explicit => {
            CaptureError::NoMicrophone {
                detail: format!(
                    "the default input ({}) cannot be opened ({detail}); on Linux this usually \
                     means there is no sound card and no audio server answering",
                    chosen.id
                ),
                available,
            }
        }
        cpal::ErrorKind::DeviceBusy => CaptureError::DeviceBusy {
            device: chosen.label(),
            detail,
            available,
        },
        _ => CaptureError::DeviceFailed {
            device: chosen.label(),
            detail,
            available,
        },
    }
}

fn find_by_id(host: &cpal::Host, id: &str) -> Option<cpal::Device> {
    host.input_devices()
        .ok()
        .and_then(|mut it| it.find(|d| device_id(d) == id))
        .or_else(|| host.default_input_device().filter(|d| device_id(d) == id))
}

/// The device to record from: `wanted` by name/id, or the default input.
pub fn find_input(
    host: &cpal::Host,
    wanted: Option<&str>,
) -> Result<(cpal::Device, DeviceInfo), CaptureError> {
    match wanted {
        None => {
            let d = host
                .default_input_device()
                .ok_or_else(|| CaptureError::NoMicrophone {
                    detail: "the audio system reports no default input device".into(),
                    available: AvailableInputs::probe(host),
                })?;
            let i = info(&d, Some(&device_id(&d)), None);
            Ok((d, i))
        }
        Some(name) => {
            let infos = input_devices(host);
            let idx = match match_device(&infos, name) {
                Ok(i) => i,
                Err(hits) => {
                    let ambiguous: Vec<String> =
                        hits.iter().map(|&i| infos[i].id.clone()).collect();
                    return Err(CaptureError::DeviceNotFound {
                        name: name.to_string(),
                        ambiguous,
                        available: AvailableInputs::probe(host),
                    });
                }
            };
            let id = infos[idx].id.clone();
            let found = host
                .input_devices()
                .ok()
                .and_then(|mut it| it.find(|d| device_id(d) == id))
                .or_else(|| host.default_input_device().filter(|d| device_id(d) == id));
            match found {
                Some(d) => Ok((d, infos[idx].clone())),
                None => Err(CaptureError::DeviceNotFound {
                    name: name.to_string(),
                    ambiguous: Vec::new(),
                    available: AvailableInputs(infos),
                }),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dev(id: &str, name: &str) -> DeviceInfo {
        DeviceInfo {
            id: id.into(),
            name: name.into(),
            is_default: id == "default",
            configs: vec![],
            config_error: None,
        }
    }

    fn devs() -> Vec<DeviceInfo> {
        vec![
            dev(
                "default",
                "Default ALSA Output (currently PulseAudio Sound Server)",
            ),
            dev("pulse", "PulseAudio Sound Server"),
            dev("hw:CARD=0,DEV=0", "HDA Intel PCH, ALC257 Analog"),
            dev("plughw:CARD=0,DEV=0", "HDA Intel PCH, ALC257 Analog"),
        ]
    }

    #[test]
    fn matches_id_then_name_then_unique_substring() {
        let d = devs();
        assert_eq!(match_device(&d, "pulse"), Ok(1));
        assert_eq!(match_device(&d, "  hw:CARD=0,DEV=0 "), Ok(2));
        assert_eq!(match_device(&d, "pulseaudio sound server"), Ok(1));
        assert_eq!(match_device(&d, "plughw"), Ok(3));
        // "ALC257" is in two devices' names: ambiguous, both offered.
        assert_eq!(match_device(&d, "alc257"), Err(vec![2, 3]));
        assert_eq!(match_device(&d, "usb mic"), Err(vec![]));
        assert_eq!(match_device(&d, ""), Err(vec![]));
    }

    #[test]
    fn available_list_says_how_to_pick() {
        let s = AvailableInputs(devs()).to_string();
        assert!(s.contains("pulse (PulseAudio Sound Server)"));
        assert!(s.contains("[default]"));
        assert!(s.contains("--input-device \"NAME\""));
        let none = AvailableInputs(vec![]).to_string();
        assert!(none.contains("No input devices"));
    }
}

//! Mel filterbank that whisper.cpp expects in the model file.
//!
//! OpenAI whisper ships `librosa.filters.mel(sr=16000, n_fft=400, n_mels=80|128)` (Slaney mel
//! scale, Slaney area normalisation) and whisper.cpp copies it verbatim into ggml files. We
//! compute the same matrix here so a converted file needs nothing but the CTranslate2 model.

/// Sample rate whisper's front end runs at.
pub const SAMPLE_RATE: f64 = 16_000.0;
/// FFT size whisper uses (25 ms window at 16 kHz).
pub const N_FFT: usize = 400;
/// Number of frequency bins of a real FFT of size [`N_FFT`].
pub const N_FREQS: usize = N_FFT / 2 + 1;

// Slaney's mel scale: linear below 1 kHz, logarithmic above.
const F_SP: f64 = 200.0 / 3.0;
const MIN_LOG_HZ: f64 = 1000.0;
const MIN_LOG_MEL: f64 = MIN_LOG_HZ / F_SP;

fn log_step() -> f64 {
    6.4f64.ln() / 27.0
}

pub fn hz_to_mel(hz: f64) -> f64 {
    if hz >= MIN_LOG_HZ {
        MIN_LOG_MEL + (hz / MIN_LOG_HZ).ln() / log_step()
    } else {
        hz / F_SP
    }
}

pub fn mel_to_hz(mel: f64) -> f64 {
    if mel >= MIN_LOG_MEL {
        MIN_LOG_HZ * (log_step() * (mel - MIN_LOG_MEL)).exp()
    } else {
        F_SP * mel
    }
}

/// Row-major `[n_mels][N_FREQS]` filterbank, identical to librosa's (computed in f64, stored f32).
pub fn mel_filterbank(n_mels: usize) -> Vec<f32> {
    // Arithmetic follows numpy/librosa step by step so the f32 result is bit-identical.
    // np.fft.rfftfreq: k * (1 / (n * d)) with d = 1 / sr.
    let bin_hz = 1.0 / (N_FFT as f64 * (1.0 / SAMPLE_RATE));
    let fft_freqs: Vec<f64> = (0..N_FREQS).map(|k| k as f64 * bin_hz).collect();

    // n_mels + 2 band edges evenly spaced on the mel scale from 0 Hz to Nyquist.
    let mel_max = hz_to_mel(SAMPLE_RATE / 2.0);
    let n_edges = n_mels + 2;
    // np.linspace(0, mel_max, n): i * step, with the endpoint set exactly.
    let step = mel_max / (n_edges - 1) as f64;
    let edges: Vec<f64> = (0..n_edges)
        .map(|i| {
            mel_to_hz(if i == n_edges - 1 {
                mel_max
            } else {
                i as f64 * step
            })
        })
        .collect();

    let mut out = Vec::with_capacity(n_mels * N_FREQS);
    for m in 0..n_mels {
        let (lo, mid, hi) = (edges[m], edges[m + 1], edges[m + 2]);
        // Slaney normalisation: every triangle has unit area in Hz.
        let enorm = 2.0 / (hi - lo);
        for &f in &fft_freqs {
            // -(lo - f) rather than (f - lo): at f == lo librosa gets -0.0, and the reference
            // bytes keep that sign (np.maximum(0, -0.0) is -0.0).
            let rising = -(lo - f) / (mid - lo);
            let falling = (hi - f) / (hi - mid);
            let tri = if rising <= falling { rising } else { falling };
            let w = if tri >= 0.0 { tri as f32 } else { 0.0 };
            out.push((f64::from(w) * enorm) as f32);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    // Reference values from whisper's own `assets/mel_filters.npz` (openai-whisper 20250625),
    // which equals `librosa.filters.mel(sr=16000, n_fft=400, n_mels=n)` bit for bit. The digests
    // are SHA-256 of the whole little-endian f32 matrices from that file.
    const MEL80_SHA256: &str = "4f2701b1d287d74a0dc9871026e9519d98cb76426615f2539b0d151a0ae4ec2e";
    const MEL128_SHA256: &str = "2a5f9822897750e047c85dea37cc268d3be0ecfd23c28a5f10da129d99d05afe";
    const MEL80_REF: &[(usize, usize, f64)] = &[
        (0, 1, 0.02486259490251541),
        (5, 6, 0.014908484183251858),
        (20, 20, 0.013890394009649754),
        (40, 43, 0.014735566452145576),
        (60, 93, 0.006591092795133591),
        (79, 193, 0.003141313325613737),
    ];
    const MEL128_REF: &[(usize, usize, f64)] = &[
        (0, 1, 0.012373986653983593),
        (5, 4, 0.006729394197463989),
        (20, 12, 0.022578367963433266),
        (40, 24, 0.040376365184783936),
        (60, 39, 0.021224552765488625),
        (127, 195, 0.005041601601988077),
    ];

    fn check(n_mels: usize, refs: &[(usize, usize, f64)], digest: &str) {
        use sha2::Digest;
        let fb = mel_filterbank(n_mels);
        assert_eq!(fb.len(), n_mels * N_FREQS);
        for &(r, c, want) in refs {
            assert_eq!(fb[r * N_FREQS + c], want as f32, "mel{n_mels}[{r}][{c}]");
        }
        let bytes: Vec<u8> = fb.iter().flat_map(|v| v.to_le_bytes()).collect();
        assert_eq!(
            hex::encode(sha2::Sha256::digest(&bytes)),
            digest,
            "mel{n_mels} matrix"
        );
    }

    #[test]
    fn matches_whisper_mel80() {
        check(80, MEL80_REF, MEL80_SHA256);
        let fb = mel_filterbank(80);
        // Known zeros: the first filter only covers bin 1; bin 0 (DC) is in no filter.
        assert_eq!(fb[2], 0.0);
        assert!((0..80).all(|m| fb[m * N_FREQS] == 0.0));
        // Row sums from the reference asset.
        let row_sum = |m: usize| fb[m * N_FREQS..(m + 1) * N_FREQS].iter().sum::<f32>();
        assert!((row_sum(40) - 0.026_664_86).abs() < 1e-6);
        assert!((row_sum(79) - 0.024_925_34).abs() < 1e-6);
    }

    #[test]
    fn matches_whisper_mel128() {
        check(128, MEL128_REF, MEL128_SHA256);
    }

    #[test]
    fn mel_scale_round_trips() {
        for hz in [0.0, 100.0, 999.0, 1000.0, 4321.0, 8000.0] {
            assert!((mel_to_hz(hz_to_mel(hz)) - hz).abs() < 1e-9);
        }
        assert!((hz_to_mel(1000.0) - 15.0).abs() < 1e-12);
    }
}

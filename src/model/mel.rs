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
    let fft_freqs: Vec<f64> = (0..N_FREQS)
        .map(|k| k as f64 * SAMPLE_RATE / N_FFT as f64)
        .collect();

    // n_mels + 2 band edges evenly spaced on the mel scale from 0 Hz to Nyquist.
    let mel_max = hz_to_mel(SAMPLE_RATE / 2.0);
    let n_edges = n_mels + 2;
    let edges: Vec<f64> = (0..n_edges)
        .map(|i| mel_to_hz(mel_max * i as f64 / (n_edges - 1) as f64))
        .collect();

    let mut out = Vec::with_capacity(n_mels * N_FREQS);
    for m in 0..n_mels {
        let (lo, mid, hi) = (edges[m], edges[m + 1], edges[m + 2]);
        // Slaney normalisation: every triangle has unit area in Hz.
        let enorm = 2.0 / (hi - lo);
        for &f in &fft_freqs {
            let rising = (f - lo) / (mid - lo);
            let falling = (hi - f) / (hi - mid);
            let w = rising.min(falling).max(0.0);
            out.push((w * enorm) as f32);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    // Reference values from whisper's own `assets/mel_filters.npz` (openai-whisper 20250625),
    // which equals `librosa.filters.mel(sr=16000, n_fft=400, n_mels=n)` bit for bit.
    const MEL80_REF: &[(usize, usize, f32)] = &[
        (0, 1, 0.024_862_595),
        (5, 6, 0.014_908_484),
        (20, 20, 0.013_890_394),
        (40, 43, 0.014_735_566),
        (60, 93, 0.006_591_093),
        (79, 193, 0.003_141_313_3),
    ];
    const MEL128_REF: &[(usize, usize, f32)] = &[
        (0, 1, 0.012_373_987),
        (5, 4, 0.006_729_394),
        (20, 12, 0.022_578_368),
        (40, 24, 0.040_376_365),
        (60, 39, 0.021_224_553),
        (127, 195, 0.005_041_601_6),
    ];

    fn check(n_mels: usize, refs: &[(usize, usize, f32)]) {
        let fb = mel_filterbank(n_mels);
        assert_eq!(fb.len(), n_mels * N_FREQS);
        for &(r, c, want) in refs {
            let got = fb[r * N_FREQS + c];
            assert!(
                (got - want).abs() <= 1e-6 * want.abs().max(1e-3),
                "mel{n_mels}[{r}][{c}] = {got}, want {want}"
            );
        }
    }

    #[test]
    fn matches_whisper_mel80() {
        check(80, MEL80_REF);
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
        check(128, MEL128_REF);
    }

    #[test]
    fn mel_scale_round_trips() {
        for hz in [0.0, 100.0, 999.0, 1000.0, 4321.0, 8000.0] {
            assert!((mel_to_hz(hz_to_mel(hz)) - hz).abs() < 1e-9);
        }
        assert!((hz_to_mel(1000.0) - 15.0).abs() < 1e-12);
    }
}

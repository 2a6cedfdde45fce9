//! Writing whisper.cpp's legacy ggml model format and ggml's q8_0 block quantization.
//!
//! Layout (what `whisper_model_load` in whisper.cpp 1.8.3 reads): u32 magic, 11 i32 hparams,
//! mel filters (i32 n_mel, i32 n_fft, f32 data), vocabulary (i32 count, then u32 length + bytes
//! per token), then tensors: i32 n_dims, i32 name length, i32 ggml type, i32 dims (innermost
//! first), name bytes, data.

use std::io::{self, Write};

use half::f16;

pub const GGML_MAGIC: u32 = 0x6767_6d6c;

/// ggml quantization format version, folded into `ftype` as whisper.cpp's quantizer does.
pub const GGML_QNT_VERSION: i32 = 2;
pub const GGML_QNT_VERSION_FACTOR: i32 = 1000;

/// `ggml_ftype` values for the hparams.
pub const FTYPE_MOSTLY_F16: i32 = 1;
pub const FTYPE_MOSTLY_Q8_0: i32 = 7;

/// Values per q8_0 block and bytes per block (f16 scale + 32 × i8).
pub const QK8_0: usize = 32;
pub const Q8_0_BLOCK_BYTES: usize = 2 + QK8_0;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GgmlType {
    F32,
    F16,
    Q8_0,
}

impl GgmlType {
    /// `ggml_type` id.
    pub fn id(self) -> i32 {
        match self {
            Self::F32 => 0,
            Self::F16 => 1,
            Self::Q8_0 => 8,
        }
    }

    /// Bytes a tensor of `numel` elements takes.
    pub fn nbytes(self, numel: usize) -> usize {
        match self {
            Self::F32 => numel * 4,
            Self::F16 => numel * 2,
            Self::Q8_0 => numel / QK8_0 * Q8_0_BLOCK_BYTES,
        }
    }
}

fn put_i32(w: &mut impl Write, v: i32) -> io::Result<()> {
    w.write_all(&v.to_le_bytes())
}

pub fn write_header(w: &mut impl Write, hparams: &[i32; 11]) -> io::Result<()> {
    w.write_all(&GGML_MAGIC.to_le_bytes())?;
    for &v in hparams {
        put_i32(w, v)?;
    }
    Ok(())
}

pub fn write_mel_filters(
    w: &mut impl Write,
    n_mel: usize,
    n_fft: usize,
    data: &[f32],
) -> io::Result<()> {
    put_i32(w, n_mel as i32)?;
    put_i32(w, n_fft as i32)?;
    let bytes: Vec<u8> = data.iter().flat_map(|v| v.to_le_bytes()).collect();
    w.write_all(&bytes)
}

pub fn write_vocab(w: &mut impl Write, tokens: &[Vec<u8>]) -> io::Result<()> {
    put_i32(w, tokens.len() as i32)?;
    for t in tokens {
        w.write_all(&(t.len() as u32).to_le_bytes())?;
        w.write_all(t)?;
    }
    Ok(())
}

/// Writes one tensor. `shape` is in PyTorch order (outermost first), as whisper's names imply;
/// ggml stores dims innermost first.
pub fn write_tensor(
    w: &mut impl Write,
    name: &str,
    shape: &[usize],
    ty: GgmlType,
    data: &[u8],
) -> io::Result<()> {
    debug_assert_eq!(data.len(), ty.nbytes(shape.iter().product()));
    put_i32(w, shape.len() as i32)?;
    put_i32(w, name.len() as i32)?;
    put_i32(w, ty.id())?;
    for &d in shape.iter().rev() {
        put_i32(w, d as i32)?;
    }
    w.write_all(name.as_bytes())?;
    w.write_all(data)
}

/// Appends `x` as q8_0 blocks, exactly as ggml's `quantize_row_q8_0_ref` does.
/// `x.len()` must be a multiple of [`QK8_0`].
pub fn quantize_q8_0(x: &[f32], out: &mut Vec<u8>) {
    debug_assert_eq!(x.len() % QK8_0, 0);
    out.reserve(x.len() / QK8_0 * Q8_0_BLOCK_BYTES);
    for block in x.chunks_exact(QK8_0) {
        let amax = block.iter().fold(0.0f32, |m, v| m.max(v.abs()));
        let d = amax / 127.0;
        // ggml scales by the f32 inverse, not the rounded f16 scale; keep that for identical bytes.
        let id = if d != 0.0 { 1.0 / d } else { 0.0 };
        out.extend_from_slice(&f16::from_f32(d).to_le_bytes());
        out.extend(block.iter().map(|&v| (v * id).round() as i8 as u8));
    }
}

/// Decodes q8_0 blocks back to f32 (for checks; whisper.cpp does this in its kernels).
#[cfg(test)]
pub fn dequantize_q8_0(bytes: &[u8]) -> Vec<f32> {
    let mut out = Vec::with_capacity(bytes.len() / Q8_0_BLOCK_BYTES * QK8_0);
    for block in bytes.chunks_exact(Q8_0_BLOCK_BYTES) {
        let d = f16::from_le_bytes([block[0], block[1]]).to_f32();
        out.extend(block[2..].iter().map(|&q| f32::from(q as i8) * d));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn q8_0_round_trip_error_is_bounded() {
        // Deterministic pseudo-random data with a wide dynamic range across blocks.
        let mut s = 0x1234_5678u32;
        let x: Vec<f32> = (0..QK8_0 * 64)
            .map(|i| {
                s = s.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                let u = (s >> 8) as f32 / (1 << 24) as f32 - 0.5;
                u * 10f32.powi((i / QK8_0) as i32 % 5 - 2)
            })
            .collect();
        let mut q = Vec::new();
        quantize_q8_0(&x, &mut q);
        assert_eq!(q.len(), x.len() / QK8_0 * Q8_0_BLOCK_BYTES);
        let y = dequantize_q8_0(&q);
        for (bx, by) in x.chunks(QK8_0).zip(y.chunks(QK8_0)) {
            let amax = bx.iter().fold(0f32, |m, v| m.max(v.abs()));
            // Rounding to the 127-step grid costs at most half a step; the f16 scale adds
            // a relative error of at most 2^-11 on top.
            let bound = amax / 127.0 * 0.5 + amax * 2f32.powi(-11) + 1e-12;
            for (a, b) in bx.iter().zip(by) {
                assert!((a - b).abs() <= bound, "{a} vs {b}, bound {bound}");
            }
        }
    }

    #[test]
    fn q8_0_block_layout() {
        let mut x = [0f32; QK8_0];
        x[0] = 1.27;
        x[1] = -0.633;
        x[2] = 0.004; // rounds to 0.4 → 0
        x[3] = 0.006; // 0.6 → 1
        let mut q = Vec::new();
        quantize_q8_0(&x, &mut q);
        assert_eq!(f16::from_le_bytes([q[0], q[1]]), f16::from_f32(0.01));
        assert_eq!(q[2] as i8, 127);
        assert_eq!(q[3] as i8, -63);
        assert_eq!(q[4] as i8, 0);
        assert_eq!(q[5] as i8, 1);
        // An all-zero block has scale 0 and zero quants.
        let mut z = Vec::new();
        quantize_q8_0(&[0.0; QK8_0], &mut z);
        assert!(z.iter().all(|&b| b == 0));
    }

    #[test]
    fn tensor_record_reverses_dims() {
        let mut out = Vec::new();
        write_tensor(&mut out, "ab", &[3, 2], GgmlType::F32, &[0u8; 24]).unwrap();
        let ints: Vec<i32> = out[..20]
            .chunks(4)
            .map(|c| i32::from_le_bytes(c.try_into().unwrap()))
            .collect();
        assert_eq!(ints, vec![2, 2, 0, 2, 3]);
        assert_eq!(&out[20..22], b"ab");
        assert_eq!(out.len(), 22 + 24);
    }
}

//! The whole output, fast, with each value summed exactly as a frame sums
//! it: over the group's input channels, then kernel rows, then kernel
//! columns, from `0.0`, then `+ bias` (when there is one).
//!
//! Speed comes from doing many *different* output values at once, never
//! from reordering one value's sum:
//!
//! - the padded input is built once as contiguous rows (`Planes`); with a
//!   column stride `s` each row is stored as its `s` column phases
//!   (`x % s`), so the values one tap reads for consecutive output columns
//!   are consecutive in memory whatever the stride and dilation;
//! - a block of `OB` output channels times `VB` SIMD vectors of output
//!   columns of one output row is kept in registers while the taps run
//!   in summation order; each tap loads the input row once and uses it for
//!   all `OB` channels.

use std::mem::MaybeUninit;
use std::ops::Range;

use crate::core::engine::lanes::{Baseline, Lanes, Scalar, Vectors};
use crate::core::engine::plan::Plan;
use crate::core::engine::planes::{Planes, SPARE};

/// SIMD vectors per block of output columns.
const VB: usize = 2;
/// Output channels per block.
const OB: usize = 4;
/// The most output columns in a block (`VB` vectors of at most 4 lanes).
const MAX_BW: usize = VB * 4;
// The last block of the last row may read this far past its values.
const _: () = assert!(MAX_BW <= SPARE);

impl Plan {
    /// Where tap `(cl, a, b)` of a sum reads, relative to the cell the
    /// group's first channel reads at tap `(0, 0, 0)`, in summation order.
    fn tap_offsets(&self, planes: &Planes) -> Vec<usize> {
        let [kh, kw] = self.kernel_hw();
        let [dh, dw] = self.dilation;
        let mut taps = Vec::with_capacity(self.group_in() * kh * kw);
        for cl in 0..self.group_in() {
            for a in 0..kh {
                for b in 0..kw {
                    taps.push(planes.at(cl, a * dh, b * dw));
                }
            }
        }
        taps
    }

    /// Write output channels `channels` (all of them for every batch item)
    /// into `out`, the row-major `(N, C_out, H_out, W_out)` values, and
    /// count the values written. Each `(n, c_out, i, j)` is written at most
    /// once (exactly once unless `out` is too short), so a count of
    /// `out.len()` for all channels means every value was written.
    pub(crate) fn write_channels(
        &self,
        planes: &Planes,
        out: &mut [MaybeUninit<f64>],
        channels: Range<usize>,
        vectors: Vectors,
    ) -> usize {
        match vectors {
            Vectors::Scalar => self.write_channels_with(Scalar, planes, out, channels),
            Vectors::Widest | Vectors::Baseline => {
                #[cfg(target_arch = "x86_64")]
                if let (Vectors::Widest, Some(avx)) =
                    (vectors, crate::core::engine::lanes::Avx::detect())
                {
                    // SAFETY: the token proves the CPU has AVX.
                    return unsafe { write_channels_avx(self, avx, planes, out, channels) };
                }
                self.write_channels_with(Baseline::default(), planes, out, channels)
            }
        }
    }

    #[inline(always)]
    fn write_channels_with<T: Lanes>(
        &self,
        lanes: T,
        planes: &Planes,
        out: &mut [MaybeUninit<f64>],
        channels: Range<usize>,
    ) -> usize
    where
        Kernel: Block<T, OB> + Block<T, 1>,
    {
        let taps = self.tap_offsets(planes);
        let mut written = 0;
        let mut o = channels.start;
        while o < channels.end {
            // A block never straddles two groups: they read other channels.
            let group_end = (self.group_of(o) + 1) * self.group_out();
            let left = channels.end.min(group_end) - o;
            if left >= OB {
                written += self.channel_block::<T, OB>(lanes, planes, &taps, out, o);
                o += OB;
            } else {
                written += self.channel_block::<T, 1>(lanes, planes, &taps, out, o);
                o += 1;
            }
        }
        written
    }

    /// Output channels `o0..o0 + K`, all of one group.
    #[inline(always)]
    fn channel_block<T: Lanes, const K: usize>(
        &self,
        lanes: T,
        planes: &Planes,
        taps: &[usize],
        out: &mut [MaybeUninit<f64>],
        o0: usize,
    ) -> usize
    where
        Kernel: Block<T, K>,
    {
        let mut written = 0;
        let bw = VB * T::L;
        let [kh, kw] = self.kernel_hw();
        let mut weights: Vec<[T::V; K]> = Vec::with_capacity(taps.len());
        for cl in 0..self.group_in() {
            for a in 0..kh {
                for b in 0..kw {
                    let mut w = [lanes.splat(0.0); K];
                    for (k, w) in w.iter_mut().enumerate() {
                        *w = lanes.splat(self.tap_weight(o0 + k, cl, a, b).0);
                    }
                    weights.push(w);
                }
            }
        }
        let bias: [Option<T::V>; K] = std::array::from_fn(|k| {
            let b = self.bias.as_ref().and_then(|b| b.get(o0 + k));
            b.map(|b| lanes.splat(*b))
        });
        let [n_b, o_n, ho, wo] = self.output_dim();
        let c0 = self.channels_of(o0).start;
        let sh = self.stride[0];
        let data = &planes.data[..];
        for n in 0..n_b {
            for i in 0..ho {
                let base = planes.at(n * self.in_channels() + c0, i * sh, 0);
                for j in (0..wo).step_by(bw) {
                    let acc = Kernel::block(lanes, data, base + j, taps, &weights);
                    let width = bw.min(wo - j);
                    for (k, acc) in acc.iter().enumerate() {
                        let acc = match bias[k] {
                            Some(b) => [lanes.add(acc[0], b), lanes.add(acc[1], b)],
                            None => *acc,
                        };
                        let at = (n * o_n + o0 + k) * ho * wo;
                        let row = out.get_mut(at + i * wo + j..at + i * wo + j + bw);
                        match row {
                            // The common case: a whole block, in place.
                            Some(d) if width == bw && !self.reversed && bw <= d.len() => {
                                let p = d.as_mut_ptr().cast::<f64>();
                                // SAFETY: `d` holds `bw == VB * L` values.
                                unsafe {
                                    lanes.store(acc[0], p);
                                    lanes.store(acc[1], p.add(T::L));
                                }
                                written += bw;
                            }
                            _ => {
                                // Spilled here, in the caller's vector width.
                                let mut sums = [0.0f64; MAX_BW];
                                if bw <= MAX_BW {
                                    let p = sums.as_mut_ptr();
                                    // SAFETY: the `VB` vectors fill `sums[..bw]`.
                                    unsafe {
                                        lanes.store(acc[0], p);
                                        lanes.store(acc[1], p.add(T::L));
                                    }
                                }
                                let plane = out.get_mut(at..).unwrap_or_default();
                                let sums = sums.get(..width).unwrap_or_default();
                                written += self.store_part(sums, plane, [i, j]);
                            }
                        }
                    }
                }
            }
        }
        written
    }

    /// The values of a block's first columns at sliding position `[i, j]`,
    /// into one output plane, where they are shown; how many were written.
    #[inline(never)]
    fn store_part(
        &self,
        sums: &[f64],
        plane: &mut [MaybeUninit<f64>],
        [i, j]: [usize; 2],
    ) -> usize {
        let wo = self.out_hw[1];
        let mut written = 0;
        for (l, s) in sums.iter().enumerate() {
            let (ti, tj) = self.shown_at([i, j + l]);
            if let Some(d) = plane.get_mut(ti * wo + tj) {
                d.write(*s);
                written += 1;
            }
        }
        written
    }
}

/// [`Plan::write_channels_with`] compiled for AVX.
///
/// # Safety
/// The CPU must have AVX (which holding an `Avx` token proves).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx")]
unsafe fn write_channels_avx(
    plan: &Plan,
    avx: crate::core::engine::lanes::Avx,
    planes: &Planes,
    out: &mut [MaybeUninit<f64>],
    channels: Range<usize>,
) -> usize {
    plan.write_channels_with(avx, planes, out, channels)
}

/// The sums of `K` output channels for `VB` vectors of consecutive output
/// columns whose first reads `data[start + tap]` at each tap: every lane
/// adds the taps' products in order, starting from `0.0`.
///
/// Written out by hand for `K = 4` and `K = 1`: the release profile
/// optimises for size (`opt-level = "z"`), which unrolls nothing, and the
/// accumulators must live in registers.
pub(crate) trait Block<T: Lanes, const K: usize> {
    fn block(
        lanes: T,
        data: &[f64],
        start: usize,
        taps: &[usize],
        w: &[[T::V; K]],
    ) -> [[T::V; VB]; K];
}

pub(crate) struct Kernel;

/// The input a block reads from (`data[start..]`) and the largest offset
/// at which `VB` vectors can still be read from it.
#[inline(always)]
fn window<T: Lanes>(data: &[f64], start: usize) -> (&[f64], usize) {
    let win = data.get(start..).unwrap_or(&[]);
    match win.len().checked_sub(VB * T::L) {
        Some(limit) => (win, limit),
        None => (&[], 0),
    }
}

/// The `VB` vectors at `win[t..]`. The tap offsets are always in range
/// (`Planes` keeps spare values past the end); clamping `t` anyway makes
/// that a local fact, which lets the read skip the bounds check: a branch
/// per tap is a sizeable share of the loop.
#[inline(always)]
fn inputs<T: Lanes>(lanes: T, win: &[f64], limit: usize, t: usize) -> [T::V; VB] {
    let t = t.min(limit);
    // SAFETY: `window` returns `limit == win.len() - VB * L`, so with
    // `t <= limit`, the `VB` vectors from `t` lie inside `win`.
    unsafe {
        let p = win.as_ptr().add(t);
        [lanes.load(p), lanes.load(p.add(T::L))]
    }
}

impl<T: Lanes> Block<T, 4> for Kernel {
    #[inline(always)]
    fn block(
        lanes: T,
        data: &[f64],
        start: usize,
        taps: &[usize],
        w: &[[T::V; 4]],
    ) -> [[T::V; VB]; 4] {
        let z = lanes.splat(0.0);
        let (mut a00, mut a01) = (z, z);
        let (mut a10, mut a11) = (z, z);
        let (mut a20, mut a21) = (z, z);
        let (mut a30, mut a31) = (z, z);
        let (win, limit) = window::<T>(data, start);
        if win.is_empty() {
            return [[z; VB]; 4];
        }
        for (&t, &[w0, w1, w2, w3]) in taps.iter().zip(w) {
            let [x0, x1] = inputs(lanes, win, limit, t);
            a00 = lanes.add_product(a00, x0, w0);
            a01 = lanes.add_product(a01, x1, w0);
            a10 = lanes.add_product(a10, x0, w1);
            a11 = lanes.add_product(a11, x1, w1);
            a20 = lanes.add_product(a20, x0, w2);
            a21 = lanes.add_product(a21, x1, w2);
            a30 = lanes.add_product(a30, x0, w3);
            a31 = lanes.add_product(a31, x1, w3);
        }
        [[a00, a01], [a10, a11], [a20, a21], [a30, a31]]
    }
}

impl<T: Lanes> Block<T, 1> for Kernel {
    #[inline(always)]
    fn block(
        lanes: T,
        data: &[f64],
        start: usize,
        taps: &[usize],
        w: &[[T::V; 1]],
    ) -> [[T::V; VB]; 1] {
        let z = lanes.splat(0.0);
        let (mut a0, mut a1) = (z, z);
        let (win, limit) = window::<T>(data, start);
        if win.is_empty() {
            return [[z; VB]; 1];
        }
        for (&t, &[w]) in taps.iter().zip(w) {
            let [x0, x1] = inputs(lanes, win, limit, t);
            a0 = lanes.add_product(a0, x0, w);
            a1 = lanes.add_product(a1, x1, w);
        }
        [[a0, a1]]
    }
}

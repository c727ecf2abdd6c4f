//! A few output values at once: the SIMD vector the whole-output kernel
//! accumulates in, chosen at compile time.
//!
//! Every lane is a different output value, so vectorising changes nothing
//! in any one value's sum: each lane does exactly the scalar `acc + x * k`,
//! a multiply rounded to `f64` and then an add rounded to `f64` (never a
//! fused multiply-add, which would round once and change the bits).
//!
//! - x86_64: SSE2 (always there), or AVX when the build enables it
//!   (`RUSTFLAGS="-C target-cpu=native"`).
//! - wasm32 with `simd128` (`RUSTFLAGS="-C target-feature=+simd128"`): `f64x2`.
//! - anything else: one plain `f64` per "vector".
//!
//! The x86_64 intrinsics need `unsafe` (see the SAFETY note); the wasm32
//! ones are safe functions.

// SAFETY (both x86_64 versions): these intrinsics are `unsafe` only
// because the CPU must support the instruction set. SSE2 is part of every
// x86_64 CPU, and AVX is compiled in only when the build targets it. The
// loads and stores go through references to exactly `L` values.

#[cfg(all(target_arch = "x86_64", target_feature = "avx"))]
mod imp {
    use core::arch::x86_64::*;
    pub type V = __m256d;
    pub const L: usize = 4;
    #[inline(always)]
    pub fn splat(x: f64) -> V {
        unsafe { _mm256_set1_pd(x) }
    }
    #[inline(always)]
    pub fn load(s: &[f64; L]) -> V {
        unsafe { _mm256_loadu_pd(s.as_ptr()) }
    }
    #[inline(always)]
    pub fn add_product(acc: V, x: V, w: V) -> V {
        unsafe { _mm256_add_pd(acc, _mm256_mul_pd(x, w)) }
    }
    #[inline(always)]
    pub fn store(v: V, d: &mut [f64; L]) {
        unsafe { _mm256_storeu_pd(d.as_mut_ptr(), v) }
    }
}

#[cfg(all(target_arch = "x86_64", not(target_feature = "avx")))]
mod imp {
    use core::arch::x86_64::*;
    pub type V = __m128d;
    pub const L: usize = 2;
    #[inline(always)]
    pub fn splat(x: f64) -> V {
        unsafe { _mm_set1_pd(x) }
    }
    #[inline(always)]
    pub fn load(s: &[f64; L]) -> V {
        unsafe { _mm_loadu_pd(s.as_ptr()) }
    }
    #[inline(always)]
    pub fn add_product(acc: V, x: V, w: V) -> V {
        unsafe { _mm_add_pd(acc, _mm_mul_pd(x, w)) }
    }
    #[inline(always)]
    pub fn store(v: V, d: &mut [f64; L]) {
        unsafe { _mm_storeu_pd(d.as_mut_ptr(), v) }
    }
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod imp {
    use core::arch::wasm32::*;
    pub type V = v128;
    pub const L: usize = 2;
    #[inline(always)]
    pub fn splat(x: f64) -> V {
        f64x2_splat(x)
    }
    #[inline(always)]
    pub fn load(s: &[f64; L]) -> V {
        f64x2(s[0], s[1])
    }
    #[inline(always)]
    pub fn add_product(acc: V, x: V, w: V) -> V {
        f64x2_add(acc, f64x2_mul(x, w))
    }
    #[inline(always)]
    pub fn store(v: V, d: &mut [f64; L]) {
        d[0] = f64x2_extract_lane::<0>(v);
        d[1] = f64x2_extract_lane::<1>(v);
    }
}

#[cfg(not(any(
    target_arch = "x86_64",
    all(target_arch = "wasm32", target_feature = "simd128")
)))]
mod imp {
    pub type V = f64;
    pub const L: usize = 1;
    #[inline(always)]
    pub fn splat(x: f64) -> V {
        x
    }
    #[inline(always)]
    pub fn load(s: &[f64; L]) -> V {
        s[0]
    }
    #[inline(always)]
    pub fn add_product(acc: V, x: V, w: V) -> V {
        acc + x * w
    }
    #[inline(always)]
    pub fn store(v: V, d: &mut [f64; L]) {
        d[0] = v;
    }
}

pub use imp::{load, add_product, splat, store, L, V};

/// What this build vectorises with (for benchmarks and reports).
pub const NAME: &str = if cfg!(all(target_arch = "x86_64", target_feature = "avx")) {
    "avx (4 x f64)"
} else if cfg!(target_arch = "x86_64") {
    "sse2 (2 x f64)"
} else if cfg!(all(target_arch = "wasm32", target_feature = "simd128")) {
    "simd128 (f64x2)"
} else {
    "scalar"
};

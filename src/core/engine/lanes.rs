//! A few output values at once: the SIMD vectors the whole-output kernel
//! accumulates in.
//!
//! Every lane is a different output value, so vectorising changes nothing
//! in any one value's sum: each lane does exactly the scalar `acc + x * k`,
//! a multiply rounded to `f64` and then an add rounded to `f64` (never a
//! fused multiply-add, which would round once and change the bits).
//!
//! - x86_64: SSE2 (every x86_64 CPU has it), or AVX when the CPU running
//!   the program has it ([`Avx::detect`]; no build flag needed).
//! - wasm32 built with `simd128` (`RUSTFLAGS="-C target-feature=+simd128"`):
//!   `f64x2`.
//! - anything else: one plain `f64` per "vector".
//!
//! Each set of vectors is a zero-sized token: [`Avx`] can only be had from
//! [`Avx::detect`], so its methods only run where AVX exists.

/// Vectors of `L` values.
///
/// `load` and `store` take raw pointers so the hot loop calls nothing that
/// checks bounds (at `opt-level = "z"` such a check is an out-of-line call,
/// which also costs AVX its registers). Callers check the range once.
pub trait Lanes: Copy {
    type V: Copy;
    const L: usize;
    fn splat(self, x: f64) -> Self::V;
    /// # Safety
    /// `p` must be valid for reading `L` values.
    unsafe fn load(self, p: *const f64) -> Self::V;
    /// `acc + x * w`, lane by lane, rounding after the multiply.
    fn add_product(self, acc: Self::V, x: Self::V, w: Self::V) -> Self::V;
    /// `a + b`, lane by lane.
    fn add(self, a: Self::V, b: Self::V) -> Self::V;
    /// # Safety
    /// `p` must be valid for writing `L` values.
    unsafe fn store(self, v: Self::V, p: *mut f64);
}

/// Which vectors to compute with. Every choice gives the same values, bit
/// for bit; only the speed differs. (For tests and benchmarks: the app
/// always uses `Widest`.)
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Vectors {
    /// The widest this CPU has: AVX if detected, else [`Baseline`].
    Widest,
    /// What every CPU of the target has: SSE2 on x86_64, `f64x2` on
    /// wasm32 built with `simd128`, else scalar.
    Baseline,
    /// One `f64` at a time.
    Scalar,
}

/// The vectors this build uses when nothing better is detected.
#[cfg(target_arch = "x86_64")]
pub type Baseline = Sse2;
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
pub type Baseline = Simd128;
#[cfg(not(any(
    target_arch = "x86_64",
    all(target_arch = "wasm32", target_feature = "simd128")
)))]
pub type Baseline = Scalar;

/// What the whole output is computed with on this machine.
pub fn name(vectors: Vectors) -> &'static str {
    if vectors == Vectors::Scalar {
        return "scalar";
    }
    #[cfg(target_arch = "x86_64")]
    if vectors == Vectors::Widest && Avx::detect().is_some() {
        return "avx (4 x f64)";
    }
    if cfg!(target_arch = "x86_64") {
        "sse2 (2 x f64)"
    } else if cfg!(all(target_arch = "wasm32", target_feature = "simd128")) {
        "simd128 (f64x2)"
    } else {
        "scalar"
    }
}

#[derive(Clone, Copy, Debug, Default)]
pub struct Scalar;

impl Lanes for Scalar {
    type V = f64;
    const L: usize = 1;
    #[inline(always)]
    fn splat(self, x: f64) -> f64 {
        x
    }
    #[inline(always)]
    unsafe fn load(self, p: *const f64) -> f64 {
        unsafe { *p }
    }
    #[inline(always)]
    fn add_product(self, acc: f64, x: f64, w: f64) -> f64 {
        acc + x * w
    }
    #[inline(always)]
    fn add(self, a: f64, b: f64) -> f64 {
        a + b
    }
    #[inline(always)]
    unsafe fn store(self, v: f64, p: *mut f64) {
        unsafe { *p = v }
    }
}

// SAFETY (x86_64): these intrinsics are `unsafe` only because the CPU must
// support their instruction set. SSE2 is part of every x86_64 CPU; an
// `Avx` token exists only after `is_x86_feature_detected!("avx")`. Loads
// and stores are as valid as their callers promise (see `Lanes`).

#[cfg(target_arch = "x86_64")]
#[derive(Clone, Copy, Debug, Default)]
pub struct Sse2;

#[cfg(target_arch = "x86_64")]
impl Lanes for Sse2 {
    type V = core::arch::x86_64::__m128d;
    const L: usize = 2;
    #[inline(always)]
    fn splat(self, x: f64) -> Self::V {
        unsafe { core::arch::x86_64::_mm_set1_pd(x) }
    }
    #[inline(always)]
    unsafe fn load(self, p: *const f64) -> Self::V {
        unsafe { core::arch::x86_64::_mm_loadu_pd(p) }
    }
    #[inline(always)]
    fn add_product(self, acc: Self::V, x: Self::V, w: Self::V) -> Self::V {
        use core::arch::x86_64::{_mm_add_pd, _mm_mul_pd};
        unsafe { _mm_add_pd(acc, _mm_mul_pd(x, w)) }
    }
    #[inline(always)]
    fn add(self, a: Self::V, b: Self::V) -> Self::V {
        unsafe { core::arch::x86_64::_mm_add_pd(a, b) }
    }
    #[inline(always)]
    unsafe fn store(self, v: Self::V, p: *mut f64) {
        unsafe { core::arch::x86_64::_mm_storeu_pd(p, v) }
    }
}

/// AVX's 4 x f64: only from [`Avx::detect`].
#[cfg(target_arch = "x86_64")]
#[derive(Clone, Copy, Debug)]
pub struct Avx(());

#[cfg(target_arch = "x86_64")]
impl Avx {
    pub fn detect() -> Option<Avx> {
        std::is_x86_feature_detected!("avx").then_some(Avx(()))
    }
}

#[cfg(target_arch = "x86_64")]
impl Lanes for Avx {
    type V = core::arch::x86_64::__m256d;
    const L: usize = 4;
    #[inline(always)]
    fn splat(self, x: f64) -> Self::V {
        unsafe { core::arch::x86_64::_mm256_set1_pd(x) }
    }
    #[inline(always)]
    unsafe fn load(self, p: *const f64) -> Self::V {
        unsafe { core::arch::x86_64::_mm256_loadu_pd(p) }
    }
    #[inline(always)]
    fn add_product(self, acc: Self::V, x: Self::V, w: Self::V) -> Self::V {
        use core::arch::x86_64::{_mm256_add_pd, _mm256_mul_pd};
        unsafe { _mm256_add_pd(acc, _mm256_mul_pd(x, w)) }
    }
    #[inline(always)]
    fn add(self, a: Self::V, b: Self::V) -> Self::V {
        unsafe { core::arch::x86_64::_mm256_add_pd(a, b) }
    }
    #[inline(always)]
    unsafe fn store(self, v: Self::V, p: *mut f64) {
        unsafe { core::arch::x86_64::_mm256_storeu_pd(p, v) }
    }
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
#[derive(Clone, Copy, Debug, Default)]
pub struct Simd128;

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
impl Lanes for Simd128 {
    type V = core::arch::wasm32::v128;
    const L: usize = 2;
    #[inline(always)]
    fn splat(self, x: f64) -> Self::V {
        core::arch::wasm32::f64x2_splat(x)
    }
    #[inline(always)]
    unsafe fn load(self, p: *const f64) -> Self::V {
        unsafe { core::arch::wasm32::v128_load(p.cast()) }
    }
    #[inline(always)]
    fn add_product(self, acc: Self::V, x: Self::V, w: Self::V) -> Self::V {
        use core::arch::wasm32::{f64x2_add, f64x2_mul};
        f64x2_add(acc, f64x2_mul(x, w))
    }
    #[inline(always)]
    fn add(self, a: Self::V, b: Self::V) -> Self::V {
        core::arch::wasm32::f64x2_add(a, b)
    }
    #[inline(always)]
    unsafe fn store(self, v: Self::V, p: *mut f64) {
        unsafe { core::arch::wasm32::v128_store(p.cast(), v) }
    }
}

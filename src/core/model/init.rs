//! Deterministic random numbers for the fill helpers and for initialising
//! a kernel the way `nn.Conv2d` does (same distribution, not the same
//! numbers: PyTorch's generator is not reproduced).

/// SplitMix64: tiny, fast, and good enough for teaching data.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in `[lo, hi)`.
    pub fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    /// A whole number in `lo..=hi`.
    pub fn int(&mut self, lo: i64, hi: i64) -> i64 {
        let span = (hi - lo + 1).max(1) as u64;
        lo + (self.next_u64() % span) as i64
    }

    /// Standard normal, like `torch.randn` (Marsaglia's polar method: the
    /// same distribution as Box-Muller without a cosine, whose argument
    /// reduction was 7 KB of the page's WebAssembly).
    pub fn normal(&mut self) -> f64 {
        loop {
            let u = self.uniform(-1.0, 1.0);
            let v = self.uniform(-1.0, 1.0);
            let s = u * u + v * v;
            if s > 0.0 && s < 1.0 {
                return u * (-2.0 * s.ln() / s).sqrt();
            }
        }
    }
}

/// `nn.Conv2d`'s bound for weight and bias: `1/sqrt(fan_in)` with
/// `fan_in = (C_in/groups) * kH * kW` (kaiming_uniform with a = sqrt(5)).
pub fn conv_init_bound(group_in: usize, kh: usize, kw: usize) -> f64 {
    1.0 / ((group_in * kh * kw).max(1) as f64).sqrt()
}

/// Weight `(C_out, C_in/groups, kH, kW)` and bias `(C_out)` drawn as
/// `nn.Conv2d` draws them, from `seed`.
pub fn conv_init([o, cg, kh, kw]: [usize; 4], seed: u64) -> (ndarray::Array4<f64>, Vec<f64>) {
    let bound = conv_init_bound(cg, kh, kw);
    let mut rng = Rng::new(seed);
    let weight =
        ndarray::Array4::from_shape_simple_fn((o, cg, kh, kw), || rng.uniform(-bound, bound));
    let bias = (0..o).map(|_| rng.uniform(-bound, bound)).collect();
    (weight, bias)
}

#[cfg(test)]
mod tests {
    use super::Rng;

    #[test]
    fn normal_is_standard_normal() {
        let mut rng = Rng::new(7);
        let n = 200_000;
        let xs: Vec<f64> = (0..n).map(|_| rng.normal()).collect();
        let mean = xs.iter().sum::<f64>() / n as f64;
        let var = xs.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / n as f64;
        // Standard errors at n = 200,000: 0.0022 for the mean, 0.0032 for
        // the variance; the bounds are 5 of them.
        assert!(mean.abs() < 0.011, "mean {mean}");
        assert!((var - 1.0).abs() < 0.016, "variance {var}");
        // The normal's quantiles: P(|x| > 1.96) = 0.05, P(x < -1) = 0.1587.
        let tails = xs.iter().filter(|x| x.abs() > 1.96).count() as f64 / n as f64;
        let below = xs.iter().filter(|x| **x < -1.0).count() as f64 / n as f64;
        assert!((tails - 0.05).abs() < 0.0025, "P(|x| > 1.96) = {tails}");
        assert!((below - 0.1587).abs() < 0.004, "P(x < -1) = {below}");
        // Deterministic for a seed.
        let mut again = Rng::new(7);
        assert!(xs
            .iter()
            .take(100)
            .all(|x| x.to_bits() == again.normal().to_bits()));
    }
}

//! Where a padded cell's value comes from.
//!
//! Padding "hallucinates" a border around the input. Each rule below says,
//! for a position outside the input, which real cell it copies (or that it
//! is a constant), so the UI can show the border honestly.

/// How cells outside the input are filled.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Fill {
    /// PyTorch `zeros` (0) and SciPy `fill` (its `fillvalue`).
    Constant(f64),
    /// PyTorch `reflect`: mirror without repeating the edge (`d c b | a b c d | c b a`).
    Reflect,
    /// PyTorch `replicate`: repeat the edge (`a a a | a b c d | d d d`).
    Replicate,
    /// PyTorch `circular` and SciPy `wrap`: wrap around (`b c d | a b c d | a b c`).
    Circular,
    /// SciPy `symm`: mirror including the edge (`c b a | a b c d | d c b`).
    Symmetric,
}

impl Fill {
    /// The input index that padded position `p` (relative to the input's
    /// first cell, so negative before it) copies, or `None` for a constant.
    /// Positions far outside fold back as many times as needed.
    pub fn source(self, p: i64, size: usize) -> Option<usize> {
        let n = size as i64;
        if (0..n).contains(&p) {
            return Some(p as usize);
        }
        let i = match self {
            Fill::Constant(_) => return None,
            Fill::Replicate => p.clamp(0, n - 1),
            Fill::Circular => p.rem_euclid(n),
            Fill::Reflect => {
                if n == 1 {
                    0
                } else {
                    let period = 2 * (n - 1);
                    let q = p.rem_euclid(period);
                    if q < n {
                        q
                    } else {
                        period - q
                    }
                }
            }
            Fill::Symmetric => {
                let period = 2 * n;
                let q = p.rem_euclid(period);
                if q < n {
                    q
                } else {
                    period - 1 - q
                }
            }
        };
        Some(i as usize)
    }

    pub fn describe(self) -> &'static str {
        match self {
            Fill::Constant(_) => "a constant",
            Fill::Reflect => "mirrored without the edge",
            Fill::Replicate => "a copy of the nearest edge cell",
            Fill::Circular => "wrapped around from the other side",
            Fill::Symmetric => "mirrored including the edge",
        }
    }
}

/// Where one cell of the padded input comes from.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Source {
    /// A real input cell at `[row, col]`.
    Real([usize; 2]),
    /// Padding that copies the input cell at `[row, col]`.
    Copy([usize; 2]),
    /// Padding with a constant value.
    Constant,
    /// A zero a transposed convolution's stride inserted between two input
    /// cells (not padding: it lies inside the input).
    Inserted,
}

impl Source {
    /// Padding around the input (copied or constant).
    pub fn is_padding(self) -> bool {
        matches!(self, Source::Copy(_) | Source::Constant)
    }
    /// A zero inserted between input cells by a transposed convolution.
    pub fn is_inserted(self) -> bool {
        self == Source::Inserted
    }
    /// Anything but a real input cell: padding or an inserted zero.
    pub fn is_invented(self) -> bool {
        !matches!(self, Source::Real(_))
    }
}

/// Rows and columns added on each side.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Pads {
    pub top: usize,
    pub bottom: usize,
    pub left: usize,
    pub right: usize,
}

impl Pads {
    pub fn is_zero(&self) -> bool {
        *self == Pads::default()
    }
}

//! Real pictures as the input: the bytes a browser decodes become exactly the
//! tensor PyTorch users build with Pillow and torchvision.
//!
//! The pipeline, step by step, as the exported code repeats it:
//!
//! 1. `Image.open(path).convert('RGB')`: the decoded pixels, alpha dropped
//!    (Pillow drops it too; it does not blend over a background).
//! 2. Box downscale by the smallest whole factor `f` that brings both sides
//!    to at most `max_side`: the remainder rows and columns (`h % f`,
//!    `w % f`) are cropped, and each output byte is the mean of its `f x f`
//!    block rounded half up, in integers: `(sum + f*f // 2) // (f*f)`.
//! 3. Optionally `Image.fromarray(a).convert('L')`: Pillow's integer
//!    luma, `(19595 R + 38470 G + 7471 B + 0x8000) >> 16` (ITU-R 601-2).
//! 4. torchvision's `ToTensor`: `(H, W, C)` bytes become `(C, H, W)`
//!    float32 values `byte / 255` (`permute(2, 0, 1)`, `.float().div(255)`),
//!    and `unsqueeze(0)` gives `(1, C, H, W)`. The engine computes in
//!    float64, so each float32 is widened exactly (`.double()`).

use ndarray::Array4;
use serde::{Deserialize, Serialize};

/// Longest side a picture is brought down to, unless the user picks another.
pub const DEFAULT_MAX_SIDE: usize = 128;
/// The sides the user may pick from.
pub const MAX_SIDES: [usize; 5] = [16, 32, 64, 128, 256];
/// Largest decoded picture accepted (a 64-megapixel photo), before downscaling.
pub const MAX_SOURCE_PIXELS: usize = 1 << 26;

/// 8-bit pixels, row-major, `(H, W, C)` with `C` 1 (L) or 3 (RGB).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pixels {
    pub height: usize,
    pub width: usize,
    pub channels: usize,
    pub data: Vec<u8>,
}

/// Where a scene's input came from, so the code export can rebuild it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImageInfo {
    /// The file's name as the user gave it (or a sample's).
    pub name: String,
    /// The decoded picture's `[H, W]`, before downscaling.
    pub source: [usize; 2],
    /// The box downscale factor `f` (1: none).
    pub factor: usize,
    /// Converted to one channel with Pillow's `convert('L')`.
    #[serde(default)]
    pub gray: bool,
}

/// Why a picture cannot become an input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImageError {
    Empty,
    TooLarge {
        height: usize,
        width: usize,
    },
    BadLength {
        expected: usize,
        got: usize,
    },
    TooThin {
        height: usize,
        width: usize,
        factor: usize,
    },
}

impl std::fmt::Display for ImageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ImageError::Empty => write!(f, "the picture has no pixels"),
            ImageError::TooLarge { height, width } => write!(
                f,
                "the picture is {width}x{height} pixels, more than ConvLab reads ({} megapixels at most)",
                MAX_SOURCE_PIXELS >> 20
            ),
            ImageError::BadLength { expected, got } => write!(
                f,
                "the decoded picture has {got} bytes where {expected} were expected"
            ),
            ImageError::TooThin {
                height,
                width,
                factor,
            } => write!(
                f,
                "the picture is {width}x{height}: shrinking it {factor} times to fit would leave no pixels on its short side"
            ),
        }
    }
}

impl Pixels {
    /// RGBA bytes as a browser's canvas gives them, alpha dropped.
    pub fn from_rgba(width: usize, height: usize, rgba: &[u8]) -> Result<Pixels, ImageError> {
        if width == 0 || height == 0 {
            return Err(ImageError::Empty);
        }
        if width.saturating_mul(height) > MAX_SOURCE_PIXELS {
            return Err(ImageError::TooLarge { height, width });
        }
        let expected = width * height * 4;
        if rgba.len() != expected {
            return Err(ImageError::BadLength {
                expected,
                got: rgba.len(),
            });
        }
        let mut data = Vec::with_capacity(width * height * 3);
        for px in rgba.chunks_exact(4) {
            data.extend_from_slice(&px[..3]);
        }
        Ok(Pixels {
            height,
            width,
            channels: 3,
            data,
        })
    }

    /// The smallest whole factor that brings both sides to `max_side` or less.
    pub fn factor_for(&self, max_side: usize) -> usize {
        let side = self.height.max(self.width);
        side.div_ceil(max_side.max(1)).max(1)
    }

    /// Box downscale by `factor` (see the module's step 2).
    pub fn downscale(&self, factor: usize) -> Result<Pixels, ImageError> {
        let f = factor.max(1);
        let (h, w, c) = (self.height / f, self.width / f, self.channels);
        if h == 0 || w == 0 {
            return Err(ImageError::TooThin {
                height: self.height,
                width: self.width,
                factor: f,
            });
        }
        if f == 1 {
            return Ok(self.clone());
        }
        let area = (f * f) as u64;
        let mut data = vec![0u8; h * w * c];
        let mut sums = vec![0u64; w * c];
        for i in 0..h {
            sums.iter_mut().for_each(|s| *s = 0);
            for y in i * f..(i + 1) * f {
                let row = &self.data[y * self.width * c..];
                for j in 0..w {
                    for x in j * f..(j + 1) * f {
                        for k in 0..c {
                            sums[j * c + k] += u64::from(row[x * c + k]);
                        }
                    }
                }
            }
            for (out, s) in data[i * w * c..(i + 1) * w * c].iter_mut().zip(&sums) {
                *out = ((s + area / 2) / area) as u8;
            }
        }
        Ok(Pixels {
            height: h,
            width: w,
            channels: c,
            data,
        })
    }

    /// Pillow's `convert('L')` (see the module's step 3); one channel stays.
    pub fn grayscale(&self) -> Pixels {
        if self.channels == 1 {
            return self.clone();
        }
        let data = self
            .data
            .chunks_exact(3)
            .map(|p| {
                ((u32::from(p[0]) * 19595
                    + u32::from(p[1]) * 38470
                    + u32::from(p[2]) * 7471
                    + 0x8000)
                    >> 16) as u8
            })
            .collect();
        Pixels {
            height: self.height,
            width: self.width,
            channels: 1,
            data,
        }
    }

    /// torchvision's `ToTensor` then `unsqueeze(0)`, widened to float64.
    pub fn to_tensor(&self) -> Array4<f64> {
        let (h, w, c) = (self.height, self.width, self.channels);
        Array4::from_shape_fn((1, c, h, w), |(_, k, i, j)| {
            byte_value(self.data[(i * w + j) * c + k])
        })
    }
}

/// `byte / 255` as float32 (what `ToTensor` stores), widened to float64.
pub fn byte_value(b: u8) -> f64 {
    f64::from(f32::from(b) / 255.0)
}

/// The byte a tensor value came from, if it is exactly some `byte_value`.
pub fn value_byte(v: f64) -> Option<u8> {
    let b = (v * 255.0).round();
    if (0.0..=255.0).contains(&b) && byte_value(b as u8).to_bits() == v.to_bits() {
        Some(b as u8)
    } else {
        None
    }
}

/// The whole pipeline: decoded RGBA to the scene's input and its record.
pub fn prepare(
    name: &str,
    width: usize,
    height: usize,
    rgba: &[u8],
    max_side: usize,
    gray: bool,
) -> Result<(Array4<f64>, ImageInfo), ImageError> {
    let source = Pixels::from_rgba(width, height, rgba)?;
    prepare_pixels(name, &source, max_side, gray)
}

/// Steps 2 to 4 of the pipeline, from pixels already decoded.
pub fn prepare_pixels(
    name: &str,
    source: &Pixels,
    max_side: usize,
    gray: bool,
) -> Result<(Array4<f64>, ImageInfo), ImageError> {
    let factor = source.factor_for(max_side);
    let mut small = source.downscale(factor)?;
    if gray {
        small = small.grayscale();
    }
    let info = ImageInfo {
        name: name.to_string(),
        source: [source.height, source.width],
        factor,
        gray,
    };
    Ok((small.to_tensor(), info))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_byte_round_trips() {
        for b in 0..=255u8 {
            assert_eq!(value_byte(byte_value(b)), Some(b));
        }
        assert_eq!(value_byte(0.5), None);
        assert_eq!(value_byte(1.0 / 3.0), None);
        assert_eq!(value_byte(-1.0), None);
    }

    #[test]
    fn downscale_crops_and_rounds_half_up() {
        // 5x5, one channel, factor 2: a 2x2 result, the last row and column cropped.
        let data: Vec<u8> = (0..25).map(|v| v as u8).collect();
        let p = Pixels {
            height: 5,
            width: 5,
            channels: 1,
            data,
        };
        let d = p.downscale(2).unwrap();
        // Blocks sum to 12, 20, 52, 60; (sum + 2) / 4 rounds half up.
        assert_eq!((d.height, d.width), (2, 2));
        assert_eq!(d.data, vec![3, 5, 13, 15]);
        assert_eq!(p.factor_for(2), 3);
    }

    #[test]
    fn thin_pictures_are_refused() {
        let p = Pixels::from_rgba(300, 1, &[7; 1200]).unwrap();
        assert!(matches!(
            p.downscale(p.factor_for(128)),
            Err(ImageError::TooThin { .. })
        ));
    }

    #[test]
    fn bad_lengths_are_refused() {
        assert_eq!(
            Pixels::from_rgba(2, 2, &[0; 15]),
            Err(ImageError::BadLength {
                expected: 16,
                got: 15
            })
        );
        assert_eq!(Pixels::from_rgba(0, 2, &[]), Err(ImageError::Empty));
    }
}

/// The lecture's patterns as pictures, for a first try without a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Synthetic {
    /// The lecture's step edge: bright on the left half, dark on the right.
    StepEdge,
    /// A one-pixel vertical line on black (the lecture's line detector).
    Line,
    /// Squares of 8 pixels.
    Checker,
    /// A bright disc: edges in every direction.
    Disc,
}

impl Synthetic {
    pub const ALL: [Synthetic; 4] = [Self::StepEdge, Self::Line, Self::Checker, Self::Disc];
    pub fn title(self) -> &'static str {
        match self {
            Self::StepEdge => "Step edge",
            Self::Line => "Line",
            Self::Checker => "Checkerboard",
            Self::Disc => "Disc",
        }
    }
    /// The file name the export's code expects (Download saves it so).
    pub fn file_name(self) -> &'static str {
        match self {
            Self::StepEdge => "step-edge.png",
            Self::Line => "line.png",
            Self::Checker => "checkerboard.png",
            Self::Disc => "disc.png",
        }
    }
    /// The pattern as `side x side` RGB pixels (gray: R = G = B).
    pub fn pixels(self, side: usize) -> Pixels {
        let s = side.max(2);
        let level = |i: usize, j: usize| -> u8 {
            match self {
                Self::StepEdge => {
                    if j < s / 2 {
                        200
                    } else {
                        50
                    }
                }
                Self::Line => {
                    if j == s / 2 {
                        255
                    } else {
                        0
                    }
                }
                Self::Checker => {
                    if (i / 8 + j / 8) % 2 == 0 {
                        230
                    } else {
                        25
                    }
                }
                Self::Disc => {
                    let c = (s as f64 - 1.0) / 2.0;
                    let (dy, dx) = (i as f64 - c, j as f64 - c);
                    if dy * dy + dx * dx <= (s as f64 * 0.3).powi(2) {
                        240
                    } else {
                        30
                    }
                }
            }
        };
        let mut data = Vec::with_capacity(s * s * 3);
        for i in 0..s {
            for j in 0..s {
                let v = level(i, j);
                data.extend_from_slice(&[v, v, v]);
            }
        }
        Pixels {
            height: s,
            width: s,
            channels: 3,
            data,
        }
    }
}

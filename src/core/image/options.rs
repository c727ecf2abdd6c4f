//! The picture panel's choices, kept across visits: the longest side,
//! grayscale, how kernel presets map channels, and the photo stack's depth
//! and padding. Stored as five numbers (`"128,0,0,4,0"`: side, grayscale,
//! all-into-one, depth, padding 1), which earlier versions kept too; what
//! cannot be read (damaged, out of range) gives the defaults, never an
//! error. (Plain numbers rather than JSON: no serde code in the first load
//! for five values.)

use crate::core::image::decode::{DEFAULT_MAX_SIDE, MAX_SIDES};
use crate::core::image::presets::Mapping;

/// Fewest and most layers of the photo stack.
pub const STACK_DEPTHS: std::ops::RangeInclusive<usize> = 1..=6;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PictureOptions {
    /// The longest side a picture is brought down to (one of [`MAX_SIDES`]).
    pub max_side: usize,
    /// Pillow's `convert('L')`.
    pub gray: bool,
    /// Kernel presets: all channels into one output, or each by itself.
    pub all_into_one: bool,
    /// Layers of the photo stack.
    pub depth: usize,
    /// The photo stack pads 1 (keeps the size) rather than none.
    pub same: bool,
}

impl Default for PictureOptions {
    fn default() -> Self {
        PictureOptions {
            max_side: DEFAULT_MAX_SIDE,
            gray: false,
            all_into_one: false,
            depth: 4,
            same: false,
        }
    }
}

impl PictureOptions {
    /// The options as kept; anything unreadable or out of range gives the
    /// defaults.
    pub fn from_saved(text: &str) -> PictureOptions {
        Self::from_numbers(text)
            .filter(PictureOptions::is_valid)
            .unwrap_or_default()
    }

    fn from_numbers(text: &str) -> Option<PictureOptions> {
        let n: Vec<usize> = text
            .split(',')
            .map(|p| p.trim().parse().ok())
            .collect::<Option<_>>()?;
        let flag = |v: usize| match v {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        };
        match n[..] {
            [max_side, gray, one, depth, same] => Some(PictureOptions {
                max_side,
                gray: flag(gray)?,
                all_into_one: flag(one)?,
                depth,
                same: flag(same)?,
            }),
            _ => None,
        }
    }

    fn is_valid(&self) -> bool {
        MAX_SIDES.contains(&self.max_side) && STACK_DEPTHS.contains(&self.depth)
    }

    /// The text to keep.
    pub fn to_saved(&self) -> String {
        let flag = |b: bool| u8::from(b);
        format!(
            "{},{},{},{},{}",
            self.max_side,
            flag(self.gray),
            flag(self.all_into_one),
            self.depth,
            flag(self.same)
        )
    }

    /// How kernel presets map channels.
    pub fn mapping(&self) -> Mapping {
        if self.all_into_one {
            Mapping::ToOne
        } else {
            Mapping::Depthwise
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_round_trip_and_anything_unreadable_gives_the_defaults() {
        let o = PictureOptions {
            max_side: 64,
            gray: true,
            all_into_one: true,
            depth: 2,
            same: true,
        };
        assert_eq!(o.to_saved(), "64,1,1,2,1");
        assert_eq!(PictureOptions::from_saved(&o.to_saved()), o);
        assert_eq!(o.mapping(), Mapping::ToOne);
        for bad in [
            "",
            "{",
            "nonsense",
            "100,0,0,4,0",
            "64,0,0,9,0",
            "64,0,0,4,0,1",
            "128,0,0,4",
            "128,2,0,4,0",
            "128,0,0,0,0",
            "-1,0,0,4,0",
        ] {
            assert_eq!(
                PictureOptions::from_saved(bad),
                PictureOptions::default(),
                "{bad:?}"
            );
        }
    }

    /// What earlier versions kept reads the same.
    #[test]
    fn the_numbers_earlier_versions_kept_are_read() {
        let o = PictureOptions::from_saved("256,1,0,6,1");
        assert_eq!(
            o,
            PictureOptions {
                max_side: 256,
                gray: true,
                all_into_one: false,
                depth: 6,
                same: true,
            }
        );
        assert_eq!(o.mapping(), Mapping::Depthwise);
        assert_eq!(PictureOptions::default().max_side, 128);
    }
}

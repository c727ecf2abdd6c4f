//! The kinds of exercise, by the names the page's `data-kind` carries,
//! and the levels of difficulty.

/// What an exercise asks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// An output's shape: conv2d, SciPy's modes, pooling, transposed.
    Shape,
    /// One output value of a small integer scene.
    Value,
    /// Which input cells one output value reads.
    Sources,
    /// A layer's weight shape under `groups`, or which input channels
    /// feed an output channel.
    WeightShape,
    /// A transposed convolution's output shape.
    TransposeSize,
    /// The `output_padding` that gives a wanted size, or "impossible".
    OutputPadding,
    /// A stack's receptive field: its size and jump.
    ReceptiveField,
    /// Where a model breaks, and the number that fixes it.
    ModelBreak,
}

/// The highest level; a higher one asked for is taken as this.
pub const MAX_LEVEL: u8 = 4;

impl Kind {
    pub const ALL: [Kind; 8] = [
        Kind::Shape,
        Kind::Value,
        Kind::Sources,
        Kind::WeightShape,
        Kind::TransposeSize,
        Kind::OutputPadding,
        Kind::ReceptiveField,
        Kind::ModelBreak,
    ];

    /// The name in `data-kind`, links and saved progress.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Shape => "shape",
            Kind::Value => "value",
            Kind::Sources => "sources",
            Kind::WeightShape => "weight-shape",
            Kind::TransposeSize => "transpose-size",
            Kind::OutputPadding => "output-padding",
            Kind::ReceptiveField => "receptive-field",
            Kind::ModelBreak => "model-break",
        }
    }

    /// The kind named `name` (as [`Kind::as_str`] writes it; case and
    /// surrounding spaces are forgiven, `_` reads as `-`).
    pub fn parse(name: &str) -> Option<Kind> {
        let n = name.trim().to_ascii_lowercase().replace('_', "-");
        Kind::ALL.into_iter().find(|k| k.as_str() == n)
    }

    /// A few words for the page and the summary.
    pub fn title(self) -> &'static str {
        match self {
            Kind::Shape => "Output shape",
            Kind::Value => "One output value",
            Kind::Sources => "Which input cells an output reads",
            Kind::WeightShape => "Weight shape and channel wiring",
            Kind::TransposeSize => "Transposed convolution: output size",
            Kind::OutputPadding => "Transposed convolution: output_padding",
            Kind::ReceptiveField => "Receptive field of a stack",
            Kind::ModelBreak => "Where a model breaks, and the fix",
        }
    }

    /// The kinds that practise what lesson section `section` teaches
    /// (empty for a section with none): the lesson bar's "Practise this
    /// section" opens a set of them.
    pub fn for_section(section: u8) -> &'static [Kind] {
        match section {
            // The definition and SciPy's modes: the sums and the sizes.
            1 | 2 => &[Kind::Value, Kind::Shape],
            // The specs and squeezing: the shapes.
            3 | 4 => &[Kind::Shape],
            // F.conv2d: its values and the cells each one reads.
            5 => &[Kind::Value, Kind::Sources],
            6 => &[Kind::WeightShape, Kind::Value],
            // Convolution or cross-correlation: the flip shows in values.
            7 => &[Kind::Value],
            8 => &[Kind::WeightShape],
            9 => &[Kind::TransposeSize, Kind::OutputPadding],
            10 => &[Kind::ReceptiveField, Kind::Sources],
            11 => &[Kind::ModelBreak, Kind::Shape],
            _ => &[],
        }
    }

    /// The position in [`Kind::ALL`].
    pub fn index(self) -> usize {
        Kind::ALL.iter().position(|k| *k == self).unwrap_or(0)
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_reads_back_from_its_name() {
        for (i, k) in Kind::ALL.into_iter().enumerate() {
            assert_eq!(Kind::parse(k.as_str()), Some(k));
            assert_eq!(k.index(), i);
        }
        assert_eq!(Kind::parse(" Weight_Shape "), Some(Kind::WeightShape));
        assert_eq!(Kind::parse("shapes"), None);
        assert_eq!(Kind::parse(""), None);
        let names: std::collections::BTreeSet<&str> =
            Kind::ALL.iter().map(|k| k.as_str()).collect();
        assert_eq!(names.len(), Kind::ALL.len());
    }
}

//! Which tensor an edit is about: a leaf every layer can name.

/// Which tensor an edit is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Target {
    /// The input (`input`, or SciPy's `in1`).
    Input,
    /// The kernel (`weight`, or SciPy's `in2`); a stack's layer 0 weight.
    Kernel,
    /// Layer `l`'s weight of a stack (`Layer(0)` is its `Kernel`); nothing
    /// in any other scene.
    Layer(usize),
}

impl Target {
    /// The stack layer whose weight this is: the kernel is layer 0's.
    pub fn layer(self) -> usize {
        match self {
            Target::Layer(l) => l,
            _ => 0,
        }
    }
}

//! One timeline through the whole stack: layer 0's frames, then layer 1's,
//! and so on. Global step `g` is step `g - start(l)` of layer `l`'s plan,
//! whose frames end exactly on that layer's output values.

use crate::core::engine::frame::Frame;
use crate::core::ops::stack::pool_frame::PoolStep;

/// Where each layer's frames start on the stack's timeline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Timeline {
    /// `starts[l]` is layer `l`'s first global step; the last entry is the
    /// frame count. At most `MAX_LAYERS + 1` entries.
    starts: Vec<usize>,
}

/// A frame of the stack: which layer, and that layer's frame.
#[derive(Clone, Debug, PartialEq)]
pub struct StackFrame {
    pub layer: usize,
    /// The step within the layer (the `step` of `frame`).
    pub local: usize,
    pub frame: Frame,
    /// A pool layer's arithmetic: the pick, or the sum and divisor.
    pub pool: Option<PoolStep>,
}

impl Timeline {
    /// A timeline of layers with these frame counts.
    pub fn new(counts: impl IntoIterator<Item = usize>) -> Timeline {
        let mut starts = vec![0];
        let mut total = 0usize;
        for c in counts {
            total = total.saturating_add(c);
            starts.push(total);
        }
        Timeline { starts }
    }

    /// Frames of every layer together.
    pub fn frame_count(&self) -> usize {
        self.starts.last().copied().unwrap_or(0)
    }

    pub fn layers(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    /// Layer `layer`'s global steps.
    pub fn range(&self, layer: usize) -> Option<std::ops::Range<usize>> {
        Some(*self.starts.get(layer)?..*self.starts.get(layer + 1)?)
    }

    /// `(layer, step in layer)` of global step `step`, `None` past the end.
    /// A search over at most nine numbers.
    pub fn locate(&self, step: usize) -> Option<(usize, usize)> {
        if step >= self.frame_count() {
            return None;
        }
        // The last layer whose start is <= step (layers with no frames are skipped).
        let layer = self.starts.partition_point(|s| *s <= step) - 1;
        Some((layer, step - self.starts.get(layer)?))
    }

    /// The global step of `local` in layer `layer`.
    pub fn global(&self, layer: usize, local: usize) -> Option<usize> {
        let r = self.range(layer)?;
        (local < r.len()).then(|| r.start + local)
    }
}

/// What a level's grid `[n, c]` shows of the current step: the kernel
/// window, when the step's layer reads this level, or the cursor, when it
/// writes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Overlay {
    /// The kernel window (`true`) or the cursor on the value written.
    pub window: bool,
    /// Top-left `[row, column]` in the level's own (unpadded) cells; the
    /// window can start in the padding, above or left of the level.
    pub at: [i64; 2],
    /// Rows and columns covered.
    pub span: [usize; 2],
    /// A max pool's pick, `[row, column]` in the level's own cells.
    pub picked: Option<[i64; 2]>,
}

#[cfg(test)]
mod tests {
    use crate::core::model::scene::Padding;
    use crate::core::ops::stack::{Stack, StackLayer, StackScene};
    use ndarray::Array4;

    #[test]
    fn the_window_sits_on_the_level_read_and_the_cursor_on_the_level_written() {
        // 5x5 input, one 3x3 layer with padding 1: the first window starts
        // one cell above and left of the input, the cursor at output (0, 0).
        let scene = StackScene::new(
            Array4::zeros((1, 1, 5, 5)),
            vec![StackLayer::conv(
                Array4::ones((1, 1, 3, 3)),
                Padding::Explicit([1, 1]),
            )],
        );
        let stack = Stack::new(&scene).unwrap();
        let f = stack.frame_at(0).unwrap();
        let window = stack.overlay(&f, 0, 0, 0).unwrap();
        assert_eq!(
            (window.window, window.at, window.span),
            (true, [-1, -1], [3, 3])
        );
        let cursor = stack.overlay(&f, 1, 0, 0).unwrap();
        assert_eq!(
            (cursor.window, cursor.at, cursor.span),
            (false, [0, 0], [1, 1])
        );
        // Layer 0 pads the input by 1 on every side; the last level has no ring.
        let (pads, mode) = stack.ring(0).unwrap();
        assert_eq!(
            [pads.top, pads.bottom, pads.left, pads.right, mode.len()],
            [1, 1, 1, 1, "zeros".len()]
        );
        assert!(stack.ring(1).is_none());
        // Step 7 writes output (1, 2): its window starts at input (0, 1).
        let f = stack.frame_at(7).unwrap();
        assert_eq!(stack.overlay(&f, 0, 0, 0).unwrap().at, [0, 1]);
        assert_eq!(stack.overlay(&f, 1, 0, 0).unwrap().at, [1, 2]);
        // Another batch item shows nothing.
        assert_eq!(stack.overlay(&f, 0, 1, 0), None);
    }
}

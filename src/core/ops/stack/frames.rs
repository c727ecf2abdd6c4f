//! Stepping through a stack: the frame at a global step, what each level's
//! grid shows of it (the window on the level read, the cursor on the level
//! written, a max pool's pick), and the invented border each layer adds
//! around the level it reads.

use crate::core::engine::padding::Pads;
use crate::core::model::layer::StackLayer;
use crate::core::model::pool::PoolKind;
use crate::core::ops::stack::chain::Stack;
use crate::core::ops::stack::layer::LayerPlan;
use crate::core::ops::stack::timeline::{Overlay, StackFrame};

impl Stack {
    /// The invented border layer `level` adds around level `level` before
    /// it slides over it (`None` for the last level, or a layer that does
    /// not pad), and how it fills it: `"zeros"`, `"reflect"`, ..., and for
    /// a max pool `"-inf"`. A pool's includes the cells past its padding
    /// that only `ceil_mode` reaches ([`Stack::ceil`] says how many).
    pub fn ring(&self, level: usize) -> Option<(Pads, &'static str)> {
        let p = self.plan(level)?;
        let pads = p.pads();
        if pads.is_zero() {
            return None;
        }
        let mode = match self.layers().get(level)? {
            StackLayer::Conv(c) => c.padding_mode.as_str(),
            StackLayer::Pool(q) if q.pool == PoolKind::Max => "-inf",
            StackLayer::Pool(_) => "zeros",
        };
        Some((pads, mode))
    }

    /// Rows below and columns right of level `level` (past the padding)
    /// that exist only because layer `level` is a pool with `ceil_mode`:
    /// `None` when there are none.
    pub fn ceil(&self, level: usize) -> Option<[usize; 2]> {
        let c = self.plan(level)?.pool()?.ceil;
        (c != [0, 0]).then_some(c)
    }

    /// The overlay of `frame` on grid `[n, c]` of level `k` (0 = input).
    pub fn overlay(&self, frame: &StackFrame, k: usize, n: usize, c: usize) -> Option<Overlay> {
        let [fn_, o, i, j] = frame.frame.index;
        if fn_ != n {
            return None;
        }
        if frame.layer + 1 == k && o == c {
            return Some(Overlay {
                window: false,
                at: [i as i64, j as i64],
                span: [1, 1],
                picked: None,
            });
        }
        if frame.layer == k && frame.frame.channels.contains(&c) {
            let p = self.plan(k)?;
            let pads = p.pads();
            let [oy, ox] = frame.frame.origin;
            let picked = frame
                .pool
                .as_ref()
                .and_then(|s| s.picked)
                .map(|[y, x]| [y as i64, x as i64]);
            return Some(Overlay {
                window: true,
                at: [oy as i64 - pads.top as i64, ox as i64 - pads.left as i64],
                span: p.span_hw(),
                picked,
            });
        }
        None
    }

    /// Frames of every layer together.
    pub fn frame_count(&self) -> usize {
        self.timeline().frame_count()
    }

    /// Global frame `step`: the frame of the layer it falls in (with a
    /// pool layer's arithmetic).
    pub fn frame_at(&self, step: usize) -> Option<StackFrame> {
        let (layer, local) = self.timeline().locate(step)?;
        let plan = self.plan(layer)?;
        let frame = plan.frame_at(local)?;
        let pool = match plan {
            LayerPlan::Pool(p) => Some(p.step_at(local)?),
            LayerPlan::Conv(_) => None,
        };
        Some(StackFrame {
            layer,
            local,
            frame,
            pool,
        })
    }
}

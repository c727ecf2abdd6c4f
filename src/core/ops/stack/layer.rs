//! One layer of a computed stack, [`LayerPlan`]: a conv layer's [`Plan`] or
//! a pool layer's [`PoolPlan`], with what both share: a window sliding
//! over a padded level ([`Footprint`]), frames and output shape.

use ndarray::Array4;

use crate::core::engine::frame::Frame;
use crate::core::engine::padding::{Fill, Pads};
use crate::core::engine::plan::Plan;
use crate::core::ops::stack::pool::PoolPlan;

/// A computed layer of a stack.
#[derive(Clone, Debug, PartialEq)]
pub enum LayerPlan {
    Conv(Plan),
    Pool(PoolPlan),
}

/// How a layer's window slides over its padded input: all the border maps
/// and receptive fields need.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Footprint {
    pub input_hw: [usize; 2],
    /// A pool's include the cells only `ceil_mode` reaches.
    pub pads: Pads,
    pub kernel_hw: [usize; 2],
    pub stride: [usize; 2],
    pub dilation: [usize; 2],
    pub out_hw: [usize; 2],
    pub fill: Fill,
}

impl Footprint {
    pub fn padded_hw(&self) -> [usize; 2] {
        let [h, w] = self.input_hw;
        let p = self.pads;
        [h + p.top + p.bottom, w + p.left + p.right]
    }
}

impl LayerPlan {
    /// The conv layer's plan, if this is one.
    pub fn conv(&self) -> Option<&Plan> {
        match self {
            LayerPlan::Conv(p) => Some(p),
            LayerPlan::Pool(_) => None,
        }
    }

    /// The pool layer's plan, if this is one.
    pub fn pool(&self) -> Option<&PoolPlan> {
        match self {
            LayerPlan::Pool(p) => Some(p),
            LayerPlan::Conv(_) => None,
        }
    }

    /// The level this layer reads.
    pub fn input(&self) -> &Array4<f64> {
        match self {
            LayerPlan::Conv(p) => &p.input,
            LayerPlan::Pool(p) => &p.input,
        }
    }

    pub fn footprint(&self) -> Footprint {
        match self {
            LayerPlan::Conv(p) => Footprint {
                input_hw: p.input_hw(),
                pads: p.pads,
                kernel_hw: p.kernel_hw(),
                stride: p.stride,
                dilation: p.dilation,
                out_hw: p.out_hw,
                fill: p.fill,
            },
            LayerPlan::Pool(p) => Footprint {
                input_hw: p.input_hw(),
                pads: p.pads,
                kernel_hw: p.kernel,
                stride: p.stride,
                dilation: p.dilation,
                out_hw: p.out_hw,
                fill: p.fill(),
            },
        }
    }

    pub fn pads(&self) -> Pads {
        self.footprint().pads
    }

    pub fn kernel_hw(&self) -> [usize; 2] {
        self.footprint().kernel_hw
    }

    pub fn span_hw(&self) -> [usize; 2] {
        match self {
            LayerPlan::Conv(p) => p.span_hw(),
            LayerPlan::Pool(p) => p.span_hw(),
        }
    }

    /// `(N, C_out, H_out, W_out)`.
    pub fn output_dim(&self) -> [usize; 4] {
        match self {
            LayerPlan::Conv(p) => p.output_dim(),
            LayerPlan::Pool(p) => p.output_dim(),
        }
    }

    /// Input channels one output reads: a conv's `C_in/groups`, a pool's 1.
    pub fn group_in(&self) -> usize {
        match self {
            LayerPlan::Conv(p) => p.group_in(),
            LayerPlan::Pool(_) => 1,
        }
    }

    /// One frame per output value.
    pub fn frame_count(&self) -> usize {
        self.output_dim().iter().product()
    }

    /// The frame that writes output `index`.
    pub fn step_of(&self, index: [usize; 4]) -> Option<usize> {
        match self {
            LayerPlan::Conv(p) => p.step_of(index),
            LayerPlan::Pool(p) => p.step_of(index),
        }
    }

    /// Frame `step` of this layer, or `None` past the end.
    pub fn frame_at(&self, step: usize) -> Option<Frame> {
        match self {
            LayerPlan::Conv(p) => p.frame_at(step),
            LayerPlan::Pool(p) => p.frame_at(step),
        }
    }
}

//! A stack's pool layer, laid out for the view ([`PoolPlan`]): the window
//! sliding over the level below, its padding (`-inf` for a max pool, zeros
//! for an average) and the cells past it that only `ceil_mode`'s last
//! window reaches. The shapes, values and refusals are the network
//! module's (`ops::network::pool`, `ops::network::pooling`): one pooling
//! implementation for the whole app. Frames: see [`super::pool_frame`].

use ndarray::Array4;

use crate::core::engine::padding::{Fill, Pads};
use crate::core::model::layer::StackLayer;
use crate::core::model::pool::{PoolArgs, PoolKind};
use crate::core::ops::network::layers::{AvgPool2d, Layer, MaxPool2d, Size2};
use crate::core::ops::network::pool::{pool_shape, Pool, PoolError, Window};
use crate::core::ops::network::pooling::pool2d;
use crate::core::ops::network::repr::layer_repr;

/// The network module's layer for these arguments (for its shape rules,
/// its values, `print(model)` and the exported source).
pub fn network_layer(a: &PoolArgs) -> Layer {
    let size = Size2::of;
    match a.pool {
        PoolKind::Max => Layer::MaxPool2d(MaxPool2d {
            kernel_size: size(a.kernel_size),
            stride: a.stride.map(size),
            padding: size(a.padding),
            dilation: size(a.dilation),
            ceil_mode: a.ceil_mode,
        }),
        PoolKind::Avg => Layer::AvgPool2d(AvgPool2d {
            kernel_size: size(a.kernel_size),
            stride: a.stride.map(size),
            padding: size(a.padding),
            ceil_mode: a.ceil_mode,
            count_include_pad: a.count_include_pad,
            divisor_override: a.divisor_override,
        }),
    }
}

/// The network module's [`Pool`] for these arguments.
pub fn network_pool(a: &PoolArgs) -> Pool {
    match network_layer(a) {
        Layer::MaxPool2d(m) => Pool::Max(m),
        Layer::AvgPool2d(p) => Pool::Avg(p),
        _ => unreachable!("network_layer makes a windowed pool"),
    }
}

/// A validated pool layer on its input.
#[derive(Clone, Debug, PartialEq)]
pub struct PoolPlan {
    pub input: Array4<f64>,
    pub args: PoolArgs,
    pub pool: Pool,
    pub window: Window,
    /// The padding on each side; below and to the right, also the cells
    /// past it that `ceil_mode`'s last window reaches ([`PoolPlan::ceil`]).
    pub pads: Pads,
    /// Rows below and columns right of the padding that exist only because
    /// `ceil_mode` let one more window start: no value is read there.
    pub ceil: [usize; 2],
    pub kernel: [usize; 2],
    pub stride: [usize; 2],
    pub dilation: [usize; 2],
    pub out_hw: [usize; 2],
}

impl PoolPlan {
    /// Validate the layer on `input` as PyTorch's forward does and compute
    /// it: the plan and the output, or PyTorch's refusal. Never panics.
    pub fn new(args: &PoolArgs, input: Array4<f64>) -> Result<(PoolPlan, Array4<f64>), PoolError> {
        let pool = network_pool(args);
        let (n, c, h, w) = input.dim();
        let shape = pool_shape(&pool, &[n, c, h, w].map(|v| v as i64))?;
        let output = pool2d(&input, &pool)?;
        let window = pool.window().expect("a windowed pool");
        // pool_shape checked every one of these: positive, the padding at
        // most half the kernel, at least one output.
        let us = |v: i64| usize::try_from(v).unwrap_or(0);
        let [oh, ow] = [us(shape[2]), us(shape[3])];
        let kernel = window.kernel.map(us);
        let stride = window.stride.map(us);
        let dilation = window.dilation.map(us);
        let pad = window.padding.map(us);
        // Where the last window ends, in padded coordinates; past `n + 2p`
        // lie the cells only ceil_mode reaches.
        let extra = |axis: usize, out: usize, n: usize| {
            let end = (out - 1) * stride[axis] + (kernel[axis] - 1) * dilation[axis] + 1;
            end.saturating_sub(n + 2 * pad[axis])
        };
        let ceil = [extra(0, oh, h), extra(1, ow, w)];
        let pads = Pads {
            top: pad[0],
            bottom: pad[0] + ceil[0],
            left: pad[1],
            right: pad[1] + ceil[1],
        };
        let plan = PoolPlan {
            input,
            args: args.clone(),
            pool,
            window,
            pads,
            ceil,
            kernel,
            stride,
            dilation,
            out_hw: [oh, ow],
        };
        Ok((plan, output))
    }

    pub fn kind(&self) -> PoolKind {
        self.args.pool
    }

    /// What the padding is filled with: `-inf` for a max pool (it never
    /// wins), zeros for an average.
    pub fn fill(&self) -> Fill {
        match self.kind() {
            PoolKind::Max => Fill::Constant(f64::NEG_INFINITY),
            PoolKind::Avg => Fill::Constant(0.0),
        }
    }

    /// `(N, C, H_out, W_out)`: a pool keeps the channels.
    pub fn output_dim(&self) -> [usize; 4] {
        let (n, c, _, _) = self.input.dim();
        [n, c, self.out_hw[0], self.out_hw[1]]
    }

    pub fn input_hw(&self) -> [usize; 2] {
        let (_, _, h, w) = self.input.dim();
        [h, w]
    }

    /// The window's footprint after dilation.
    pub fn span_hw(&self) -> [usize; 2] {
        [0, 1].map(|a| self.dilation[a] * (self.kernel[a] - 1) + 1)
    }

    /// Window taps read per output (`kH * kW`).
    pub fn taps(&self) -> usize {
        self.kernel[0] * self.kernel[1]
    }
}

/// What PyTorch prints for layer `l` (its `repr`, as `print(model)` shows
/// it): a conv's [`Conv2dArgs::module_repr`], a pool's as the network page
/// prints it.
///
/// [`Conv2dArgs::module_repr`]: crate::core::model::conv2d::Conv2dArgs::module_repr
pub fn module_repr(l: &StackLayer) -> String {
    match l {
        StackLayer::Conv(c) => c.module_repr(),
        StackLayer::Pool(p) => layer_repr(&network_layer(p)),
    }
}

//! A validated, computed stack ([`Stack`]): one plan and one output per
//! layer, updated from the last one after an edit, with its shapes, its
//! structure ([`Geometry`]) and its frames.

use ndarray::Array4;

use crate::core::engine::error::ConvError;
use crate::core::engine::incremental::same_bits;
use crate::core::engine::plan::Plan;
use crate::core::model::conv2d::{Conv2dArgs, Padding, PaddingMode};
use crate::core::model::layer::StackLayer;
use crate::core::model::limits::MAX_LAYERS;
use crate::core::model::limits::{MAX_ELEMENTS, MAX_MACS};
use crate::core::model::pool::PoolArgs;
use crate::core::model::scene::{Op, Scene};
use crate::core::model::sequential::StackScene;
use crate::core::ops::stack::error::StackError;
use crate::core::ops::stack::layer::LayerPlan;
use crate::core::ops::stack::pool::PoolPlan;
use crate::core::ops::stack::timeline::Timeline;

/// The same layer, its weight and bias bit for bit.
fn same_layer(a: &StackLayer, b: &StackLayer) -> bool {
    match (a, b) {
        (StackLayer::Conv(a), StackLayer::Conv(b)) => same_conv(a, b),
        (StackLayer::Pool(a), StackLayer::Pool(b)) => a == b,
        _ => false,
    }
}

fn same_conv(a: &Conv2dArgs, b: &Conv2dArgs) -> bool {
    let bias_bits = |b: &Option<Vec<f64>>| {
        b.as_ref()
            .map(|b| b.iter().map(|x| x.to_bits()).collect::<Vec<_>>())
    };
    same_bits(&a.weight, &b.weight)
        && bias_bits(&a.bias) == bias_bits(&b.bias)
        && a.stride == b.stride
        && a.padding == b.padding
        && a.dilation == b.dilation
        && a.groups == b.groups
        && a.padding_mode == b.padding_mode
}

/// The checks of `nn.Conv2d.__init__`, in its order. `nn.Sequential`
/// builds every layer before the first one runs, so these come first.
fn constructor_check(layer: &Conv2dArgs) -> Result<(), ConvError> {
    let groups = layer.groups;
    if groups <= 0 {
        return Err(ConvError::GroupsNotPositiveInteger { groups });
    }
    // in_channels = C_in/groups * groups is a multiple of groups.
    let out_channels = layer.weight.dim().0;
    if out_channels as i64 % groups != 0 {
        return Err(ConvError::OutChannelsNotDivisible {
            out_channels,
            groups,
        });
    }
    if layer.padding == Padding::SAME && layer.stride != [1, 1] {
        return Err(ConvError::SameWithStride {
            stride: layer.stride,
        });
    }
    Ok(())
}

/// A stack's structure without its values: the input's shape and every
/// layer's weight shape, stride, padding, dilation, groups and padding mode.
/// The border maps and the receptive fields follow from this alone, so a
/// view recomputes them only when it changes, not on every typed value.
#[derive(Clone, Debug, PartialEq)]
pub struct Geometry {
    input: [usize; 4],
    layers: Vec<LayerGeometry>,
}

#[derive(Clone, Debug, PartialEq)]
enum LayerGeometry {
    Conv {
        weight: [usize; 4],
        stride: [i64; 2],
        padding: Padding,
        dilation: [i64; 2],
        groups: i64,
        padding_mode: PaddingMode,
    },
    /// A pool's arguments are all geometry.
    Pool(PoolArgs),
}

/// A validated, computed stack: one plan and one output per layer.
#[derive(Clone, Debug)]
pub struct Stack {
    /// Layer `l`'s plan; its input is level `l` of the chain. Never empty.
    plans: Vec<LayerPlan>,
    /// Layer `l`'s output, `(N, C_out, H_out, W_out)`: level `l + 1`.
    outputs: Vec<Array4<f64>>,
    /// The layers as the scene gives them (for words and formulas).
    layers: Vec<StackLayer>,
    timeline: Timeline,
    /// Per level, a number that changes whenever that level is computed
    /// anew ([`Stack::version`]).
    versions: Vec<u64>,
}

/// Two stacks are equal when they hold the same layers and values; the
/// versions only say which levels were computed anew.
impl PartialEq for Stack {
    fn eq(&self, other: &Stack) -> bool {
        self.plans == other.plans
            && self.outputs == other.outputs
            && self.layers == other.layers
            && self.timeline == other.timeline
    }
}

/// A version no level has had yet.
fn fresh_version() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

impl Stack {
    /// Validate `scene` as `nn.Sequential(*layers)(input)` would, and compute
    /// every layer. Never panics.
    pub fn new(scene: &StackScene) -> Result<Stack, StackError> {
        Stack::build(scene, None)
    }

    /// [`Stack::new`] for `scene`, the scene of `before` after an edit, with
    /// the same result bit for bit. A layer whose input and arguments are
    /// unchanged keeps `before`'s plan and output (and its level keeps its
    /// [`version`](Stack::version)); a layer whose input or weight differs
    /// in one value recomputes only the outputs that value reaches
    /// ([`Plan::output_after`]); any other layer is computed whole. So an
    /// edit in layer `l` leaves the levels up to `l` as they were.
    pub fn update(before: &Stack, scene: &StackScene) -> Result<Stack, StackError> {
        Stack::build(scene, Some(before))
    }

    fn build(scene: &StackScene, before: Option<&Stack>) -> Result<Stack, StackError> {
        let n_layers = scene.layers.len();
        if n_layers == 0 || n_layers > MAX_LAYERS {
            return Err(StackError::LayerCount { layers: n_layers });
        }
        let at = |layer: usize| move |error: ConvError| StackError::Layer { layer, error };
        for (l, layer) in scene.layers.iter().enumerate() {
            if let StackLayer::Conv(c) = layer {
                constructor_check(c).map_err(at(l))?;
            }
        }
        let mut plans: Vec<LayerPlan> = Vec::with_capacity(n_layers);
        let mut outputs: Vec<Array4<f64>> = Vec::with_capacity(n_layers);
        let mut versions = Vec::with_capacity(n_layers + 1);
        // Level 0 keeps its version while the input is the same.
        let mut same = before.is_some_and(|b| same_bits(b.input(), &scene.input));
        versions.push(match before {
            Some(b) if same => b.versions[0],
            _ => fresh_version(),
        });
        let (mut frames, mut macs) = (0usize, 0usize);
        for (l, layer) in scene.layers.iter().enumerate() {
            // The layer before the edit, if this one still reads the same
            // level: kept whole when its arguments are the same too.
            let prior =
                before.and_then(|b| Some((b.plans.get(l)?, b.outputs.get(l)?, b.layers.get(l)?)));
            let kept = prior.filter(|&(_, _, was)| same && same_layer(was, layer));
            // A pool is computed whole when it is not kept (it is cheap).
            let mut pooled = None;
            let plan = match (kept, layer) {
                (Some((plan, _, _)), _) => plan.clone(),
                (None, StackLayer::Conv(c)) => {
                    let input = outputs.last().unwrap_or(&scene.input).clone();
                    LayerPlan::Conv(
                        Plan::new(&Scene::new(Op::Torch(c.conv(input)))).map_err(at(l))?,
                    )
                }
                (None, StackLayer::Pool(p)) => {
                    let input = outputs.last().unwrap_or(&scene.input).clone();
                    let (plan, out) = PoolPlan::new(p, input)
                        .map_err(|error| StackError::Pool { layer: l, error })?;
                    pooled = Some(out);
                    LayerPlan::Pool(plan)
                }
            };
            // The chain's totals stay within what one scene may cost.
            let [n, o, ho, wo] = plan.output_dim();
            let [kh, kw] = plan.kernel_hw();
            let product = |xs: &[usize]| xs.iter().fold(1usize, |p, &x| p.saturating_mul(x));
            frames = frames.saturating_add(product(&[n, o, ho, wo]));
            macs = macs.saturating_add(product(&[n, o, ho, wo, kh, kw, plan.group_in()]));
            let caps = [
                (
                    "stack's outputs up to this layer (animation frames)",
                    frames,
                    MAX_ELEMENTS,
                ),
                (
                    "stack's computation up to this layer (multiply-adds)",
                    macs,
                    MAX_MACS,
                ),
            ];
            if let Some((what, size, cap)) = caps.into_iter().find(|(_, s, c)| s > c) {
                return Err(at(l)(ConvError::TooLarge { what, size, cap }));
            }
            let (output, version) = match (kept, prior, &plan, pooled) {
                (Some((_, out, _)), ..) => (out.clone(), before.map_or(0, |b| b.versions[l + 1])),
                (None, _, _, Some(out)) => (out, fresh_version()),
                (None, Some((LayerPlan::Conv(was), out, _)), LayerPlan::Conv(p), None) => {
                    (p.output_after(was, out), fresh_version())
                }
                (None, _, LayerPlan::Conv(p), None) => (p.output(), fresh_version()),
                (None, _, LayerPlan::Pool(_), None) => {
                    unreachable!("a pool that is not kept was computed above")
                }
            };
            same = kept.is_some();
            outputs.push(output);
            versions.push(version);
            plans.push(plan);
        }
        let timeline = Timeline::new(plans.iter().map(LayerPlan::frame_count));
        Ok(Stack {
            plans,
            outputs,
            layers: scene.layers.clone(),
            timeline,
            versions,
        })
    }

    /// A number that stays the same while level `level` (0 = input,
    /// `l + 1` = layer `l`'s output) keeps its values through
    /// [`Stack::update`], and changes when the level is computed anew: a
    /// view redraws a level only when its version changes.
    pub fn version(&self, level: usize) -> Option<u64> {
        self.versions.get(level).copied()
    }

    /// The structure the border maps and receptive fields depend on.
    pub fn geometry(&self) -> Geometry {
        let (n, c, h, w) = self.input().dim();
        Geometry {
            input: [n, c, h, w],
            layers: self
                .layers
                .iter()
                .map(|l| match l {
                    StackLayer::Conv(l) => {
                        let (o, i, kh, kw) = l.weight.dim();
                        LayerGeometry::Conv {
                            weight: [o, i, kh, kw],
                            stride: l.stride,
                            padding: l.padding,
                            dilation: l.dilation,
                            groups: l.groups,
                            padding_mode: l.padding_mode,
                        }
                    }
                    StackLayer::Pool(p) => LayerGeometry::Pool(p.clone()),
                })
                .collect(),
        }
    }

    /// Every layer's plan, in order.
    pub fn plans(&self) -> &[LayerPlan] {
        &self.plans
    }

    /// Layer `layer`'s plan (its frames, shapes and padding).
    pub fn plan(&self, layer: usize) -> Option<&LayerPlan> {
        self.plans.get(layer)
    }

    /// Layer `layer`'s plan, if it is a conv layer.
    pub fn conv_plan(&self, layer: usize) -> Option<&Plan> {
        self.plans.get(layer)?.conv()
    }

    /// Every layer's output, in order.
    pub fn outputs(&self) -> &[Array4<f64>] {
        &self.outputs
    }

    /// The layers as the scene gives them.
    pub fn layers(&self) -> &[StackLayer] {
        &self.layers
    }

    /// Number of layers.
    pub fn len(&self) -> usize {
        self.plans.len()
    }

    /// Never true: a stack has at least one layer.
    pub fn is_empty(&self) -> bool {
        self.plans.is_empty()
    }

    /// The stack's input (level 0).
    pub fn input(&self) -> &Array4<f64> {
        // A stack has at least one plan; its first plan's input is the stack's.
        self.plans[0].input()
    }

    /// The last layer's output.
    pub fn output(&self) -> &Array4<f64> {
        &self.outputs[self.outputs.len() - 1]
    }

    /// The tensor at `level` (0 = input, `l + 1` = layer `l`'s output).
    pub fn level(&self, level: usize) -> Option<&Array4<f64>> {
        match level {
            0 => Some(self.input()),
            _ => self.outputs.get(level - 1),
        }
    }

    /// `[N, C, H, W]` of the input, then of each layer's output: the oracle's `shapes`.
    pub fn shapes(&self) -> Vec<[usize; 4]> {
        let dim = |a: &Array4<f64>| {
            let (n, c, h, w) = a.dim();
            [n, c, h, w]
        };
        std::iter::once(dim(self.input()))
            .chain(self.outputs.iter().map(dim))
            .collect()
    }

    /// `[H, W]` at `level`.
    pub fn hw(&self, level: usize) -> Option<[usize; 2]> {
        self.level(level).map(|a| [a.dim().2, a.dim().3])
    }

    /// Stepping through the chain: every layer's frames, one layer after another.
    pub fn timeline(&self) -> &Timeline {
        &self.timeline
    }

    /// The global step that writes cell `index` of `level` (`None` for the
    /// input, level 0, and for a cell outside the level).
    pub fn written_at(&self, level: usize, index: [usize; 4]) -> Option<usize> {
        let layer = level.checked_sub(1)?;
        self.timeline
            .global(layer, self.plan(layer)?.step_of(index)?)
    }

    /// With *Hide the answer*: whether cell `index` of `level` is still blank
    /// at global `step`, as in the lab ([`crate::core::app::nav::answer_hidden_at`]):
    /// the stack has not computed it yet, or `asking` and this is the step
    /// that asks before writing it. The input is never hidden; on the last
    /// step every level shows.
    pub fn blank_at(&self, level: usize, index: [usize; 4], step: usize, asking: bool) -> bool {
        if level == 0 {
            return false;
        }
        let at = self.written_at(level, index);
        at.is_none_or(|g| g > step) || (asking && at == Some(step))
    }
}

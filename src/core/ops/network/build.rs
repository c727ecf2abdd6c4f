//! What PyTorch refuses when a layer is built (`nn.Conv2d(6, 8, 3,
//! groups=4)` raises before any input is seen), in the constructors' order.

use crate::core::engine::error::ConvError;
use crate::core::ops::network::error::NetError;
use crate::core::ops::network::layers::{ConvPadding, Layer};

fn u(v: i64) -> usize {
    v.clamp(0, i64::from(i32::MAX)) as usize
}

/// `_ConvNd.__init__`'s checks on groups and channels.
fn groups_check(in_channels: i64, out_channels: i64, groups: i64) -> Result<(), NetError> {
    if groups <= 0 {
        return Err(NetError::Conv(ConvError::GroupsNotPositiveInteger {
            groups,
        }));
    }
    if in_channels.rem_euclid(groups) != 0 {
        return Err(NetError::Conv(ConvError::InChannelsNotDivisible {
            in_channels: u(in_channels),
            groups,
        }));
    }
    if out_channels.rem_euclid(groups) != 0 {
        return Err(NetError::Conv(ConvError::OutChannelsNotDivisible {
            out_channels: u(out_channels),
            groups,
        }));
    }
    Ok(())
}

/// The first tensor the constructor would make with a negative size.
fn tensors(shapes: &[Vec<i64>]) -> Result<(), NetError> {
    match shapes.iter().find(|s| s.iter().any(|v| *v < 0)) {
        Some(shape) => Err(NetError::NegativeDimension {
            shape: shape.clone(),
        }),
        None => Ok(()),
    }
}

/// Building `layer`: `Ok` where PyTorch's constructor accepts it.
pub fn build_check(layer: &Layer) -> Result<(), NetError> {
    match layer {
        Layer::Conv2d(c) => {
            groups_check(c.in_channels, c.out_channels, c.groups)?;
            if let ConvPadding::Named(s) = &c.padding {
                if s != "same" && s != "valid" {
                    return Err(NetError::BadPaddingString { got: s.clone() });
                }
                let stride = c.stride.pair();
                if s == "same" && stride != [1, 1] {
                    return Err(NetError::Conv(ConvError::SameWithStride { stride }));
                }
            }
            if c.mode().is_none() {
                return Err(NetError::BadPaddingMode {
                    got: c.padding_mode.clone(),
                });
            }
            let [kh, kw] = c.kernel_size.pair();
            tensors(&[vec![
                c.out_channels,
                c.in_channels.div_euclid(c.groups),
                kh,
                kw,
            ]])
        }
        Layer::ConvTranspose2d(t) => {
            if t.padding_mode != "zeros" {
                return Err(NetError::TransposeModeNotZeros);
            }
            groups_check(t.in_channels, t.out_channels, t.groups)?;
            let [kh, kw] = t.kernel_size.pair();
            tensors(&[vec![
                t.in_channels,
                t.out_channels.div_euclid(t.groups),
                kh,
                kw,
            ]])
        }
        Layer::BatchNorm2d(b) if b.affine || b.track_running_stats => {
            tensors(&[vec![b.num_features]])
        }
        Layer::Linear(l) => tensors(&[vec![l.out_features, l.in_features]]),
        Layer::Dropout { p, .. } | Layer::Dropout2d { p, .. } => {
            if (0.0..=1.0).contains(&p.value()) {
                Ok(())
            } else {
                Err(NetError::DropoutProbability { p: *p })
            }
        }
        _ => Ok(()),
    }
}

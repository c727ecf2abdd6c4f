//! One layer run on a shape: the output shape, or PyTorch's refusal with
//! its exact message. Conv layers go through [`super::conv`] (the engine's
//! rules), pools through [`super::pool`].

use crate::core::ops::network::conv::{conv2d_shape, conv_transpose2d_shape};
use crate::core::ops::network::error::NetError;
use crate::core::ops::network::layers::Layer;
use crate::core::ops::network::pool::{pool_shape, Pool};

/// Largest size along any axis ConvLab follows.
pub const MAX_SIZE: i64 = i32::MAX as i64;

/// PyTorch's wrapping of a dimension index (`-1` is the last axis).
fn wrap(dim: i64, rank: usize) -> Result<usize, NetError> {
    let r = rank as i64;
    if dim < -r || dim >= r {
        return Err(NetError::DimOutOfRange { rank, dim });
    }
    Ok(if dim < 0 { dim + r } else { dim } as usize)
}

fn product(dims: &[i64]) -> Result<i64, NetError> {
    let p = dims
        .iter()
        .fold(1i128, |acc, d| (acc * *d as i128).min(i64::MAX as i128));
    if p > MAX_SIZE as i128 {
        return Err(NetError::TooLarge {
            what: "flattened axis",
            size: p as i64,
        });
    }
    Ok(p as i64)
}

/// `layer(x)`'s shape for an input of shape `x`, the layer built already.
pub fn layer_shape(layer: &Layer, x: &[i64]) -> Result<Vec<i64>, NetError> {
    if x.is_empty() {
        return Err(NetError::BadInput {
            detail: "a tensor needs at least one axis".into(),
        });
    }
    let rank = x.len();
    match layer {
        Layer::Conv2d(c) => conv2d_shape(c, x),
        Layer::ConvTranspose2d(t) => conv_transpose2d_shape(t, x),
        Layer::MaxPool2d(_)
        | Layer::AvgPool2d(_)
        | Layer::AdaptiveAvgPool2d(_)
        | Layer::AdaptiveMaxPool2d(_) => {
            let pool = Pool::of(layer).expect("a pool layer");
            let out = pool_shape(&pool, x).map_err(NetError::Pool)?;
            if let Some(big) = out.iter().copied().find(|v| *v > MAX_SIZE) {
                return Err(NetError::TooLarge {
                    what: "output",
                    size: big,
                });
            }
            Ok(out)
        }
        Layer::BatchNorm2d(b) => {
            if rank != 4 {
                return Err(NetError::BatchNormRank { rank });
            }
            let channels = x[1];
            if b.track_running_stats {
                if channels != b.num_features {
                    return Err(NetError::BatchNormChannels {
                        buffer: "running_mean",
                        channels,
                        features: b.num_features,
                    });
                }
            } else {
                // Batch statistics, as in training.
                if x[0] as i128 * x[2] as i128 * x[3] as i128 == 1 {
                    return Err(NetError::BatchNormOneValue { shape: x.to_vec() });
                }
                if b.affine && channels != b.num_features {
                    return Err(NetError::BatchNormChannels {
                        buffer: "weight",
                        channels,
                        features: b.num_features,
                    });
                }
            }
            Ok(x.to_vec())
        }
        Layer::GELU { approximate } if approximate != "none" && approximate != "tanh" => {
            Err(NetError::GeluApproximate)
        }
        Layer::Flatten { start_dim, end_dim } => {
            let (s, e) = (wrap(*start_dim, rank)?, wrap(*end_dim, rank)?);
            if s > e {
                return Err(NetError::FlattenOrder);
            }
            let mut out = x[..s].to_vec();
            out.push(product(&x[s..=e])?);
            out.extend_from_slice(&x[e + 1..]);
            Ok(out)
        }
        Layer::Linear(l) => {
            let last = x[rank - 1];
            if last != l.in_features {
                return Err(NetError::MatMul {
                    bias: l.bias,
                    mat1: [product(&x[..rank - 1])?, last],
                    mat2: [l.in_features, l.out_features],
                });
            }
            let mut out = x[..rank - 1].to_vec();
            out.push(l.out_features);
            Ok(out)
        }
        _ => Ok(x.to_vec()),
    }
}

//! A stack's layer, [`StackLayer`]: an `nn.Conv2d` ([`Conv2dArgs`]) or a
//! pool ([`PoolArgs`]).
//!
//! In a scene's JSON a conv layer is written exactly as before pools
//! existed (saved scenes and share links open as they did); a pool layer
//! carries a `pool` field (`"max"` or `"avg"`), which no conv layer has.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::core::model::conv2d::{Conv2dArgs, Padding};
use crate::core::model::pool::PoolArgs;

/// One layer of a stack.
#[derive(Clone, Debug, PartialEq)]
pub enum StackLayer {
    Conv(Conv2dArgs),
    Pool(PoolArgs),
}

impl From<Conv2dArgs> for StackLayer {
    fn from(c: Conv2dArgs) -> StackLayer {
        StackLayer::Conv(c)
    }
}

impl From<PoolArgs> for StackLayer {
    fn from(p: PoolArgs) -> StackLayer {
        StackLayer::Pool(p)
    }
}

impl StackLayer {
    /// A conv layer with this weight and padding, PyTorch's defaults for
    /// the rest ([`Conv2dArgs::new`]).
    pub fn conv(weight: ndarray::Array4<f64>, padding: Padding) -> StackLayer {
        StackLayer::Conv(Conv2dArgs::new(weight, padding))
    }

    /// The conv layer's arguments, if it is one.
    pub fn as_conv(&self) -> Option<&Conv2dArgs> {
        match self {
            StackLayer::Conv(c) => Some(c),
            StackLayer::Pool(_) => None,
        }
    }

    pub fn as_conv_mut(&mut self) -> Option<&mut Conv2dArgs> {
        match self {
            StackLayer::Conv(c) => Some(c),
            StackLayer::Pool(_) => None,
        }
    }

    /// The pool layer's arguments, if it is one.
    pub fn as_pool(&self) -> Option<&PoolArgs> {
        match self {
            StackLayer::Pool(p) => Some(p),
            StackLayer::Conv(_) => None,
        }
    }

    pub fn as_pool_mut(&mut self) -> Option<&mut PoolArgs> {
        match self {
            StackLayer::Pool(p) => Some(p),
            StackLayer::Conv(_) => None,
        }
    }

    /// Channels out, given `c` channels in: a conv's `out_channels`; a
    /// pool keeps its input's.
    pub fn channels_out(&self, c: usize) -> usize {
        match self {
            StackLayer::Conv(l) => l.weight.dim().0,
            StackLayer::Pool(_) => c,
        }
    }

    /// The padding in a few words, for the border sentence.
    pub fn padding_words(&self) -> String {
        match self {
            StackLayer::Conv(c) => c.padding_words(),
            StackLayer::Pool(p) => p.padding_words(),
        }
    }
}

impl Serialize for StackLayer {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            StackLayer::Conv(c) => c.serialize(s),
            StackLayer::Pool(p) => p.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for StackLayer {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<StackLayer, D::Error> {
        use serde::de::Error;
        let v = serde_json::Value::deserialize(d)?;
        let pool = v.get("pool").is_some();
        if pool {
            PoolArgs::deserialize(v)
                .map(StackLayer::Pool)
                .map_err(D::Error::custom)
        } else {
            Conv2dArgs::deserialize(v)
                .map(StackLayer::Conv)
                .map_err(D::Error::custom)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::model::pool::PoolKind;

    #[test]
    fn a_pool_layer_is_told_from_a_conv_layer_by_its_pool_field() {
        let json = r#"{"pool":"avg","kernel_size":[3,2],"padding":[1,1],"ceil_mode":true,"count_include_pad":false,"divisor_override":5}"#;
        let l: StackLayer = serde_json::from_str(json).unwrap();
        let want = PoolArgs {
            padding: [1, 1],
            ceil_mode: true,
            count_include_pad: false,
            divisor_override: Some(5),
            ..PoolArgs::new(PoolKind::Avg, [3, 2])
        };
        assert_eq!(l, StackLayer::Pool(want));
        assert_eq!(serde_json::to_string(&l).unwrap(), json);
        // A conv layer's errors still name what is wrong with it.
        let bad = serde_json::from_str::<StackLayer>(r#"{"weight":[[[[1.0]]]],"stride":"x"}"#);
        assert!(bad.unwrap_err().to_string().contains("invalid type"));
        let bad = serde_json::from_str::<StackLayer>(r#"{"pool":"min","kernel_size":[2,2]}"#);
        assert!(bad.unwrap_err().to_string().contains("min"));
    }
}

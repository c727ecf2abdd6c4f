//! The scene of op `torch.sequential`: an input and its `nn.Conv2d`
//! layers, applied one after the other (see `crate::core::ops::stack`).

use ndarray::Array4;
use serde::{Deserialize, Serialize};

use crate::core::model::conv2d::TorchConv;
use crate::core::model::layer::StackLayer;
use crate::core::model::tensor::nested4;

/// The scene of op `torch.sequential`: an input and its layers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StackScene {
    /// `[N][C][H][W]`
    #[serde(with = "nested4")]
    pub input: Array4<f64>,
    pub layers: Vec<StackLayer>,
}

impl StackScene {
    pub fn new(input: Array4<f64>, layers: Vec<StackLayer>) -> StackScene {
        StackScene { input, layers }
    }

    /// A one-layer stack of a conv2d: `nn.Sequential(conv)`, every argument kept.
    pub fn of_conv(t: TorchConv) -> StackScene {
        StackScene::new(t.input, vec![StackLayer::Conv(t.args)])
    }
}

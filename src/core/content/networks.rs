//! Ready-made models for "Your own network": the architectures people
//! paste (LeNet-5, VGG-16 and AlexNet features, the ResNet-18 stem, the
//! start of MobileNet v1, a DCGAN generator, a U-Net level) and the classic
//! mistakes, each with its input shape. They are the oracle's first model
//! cases, word for word (`tests/network_presets.rs` checks it), so what the
//! table shows for them is what PyTorch computed.

use crate::core::ops::network::model::Model;

/// The presets as the oracle holds them (texts and shapes, no answers).
const PRESETS: &str = include_str!("network_presets.json");

/// Whether a preset runs or shows a break.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PresetKind {
    Architecture,
    Mistake,
}

/// One ready-made model.
#[derive(Clone, Debug, PartialEq, serde::Deserialize)]
pub struct NetworkPreset {
    /// The oracle case's name, e.g. `model-0-lenet5`.
    pub name: String,
    /// `LeNet-5`.
    pub title: String,
    pub kind: PresetKind,
    /// `repr` (what print(model) shows) or `source`.
    pub format: String,
    pub input_shape: Vec<i64>,
    pub text: String,
}

impl NetworkPreset {
    /// The preset's model (the texts are known to parse).
    pub fn model(&self) -> Model {
        Model::parse(&self.text).unwrap_or_default()
    }
}

/// Every preset, architectures first.
pub fn network_presets() -> &'static [NetworkPreset] {
    static ALL: std::sync::OnceLock<Vec<NetworkPreset>> = std::sync::OnceLock::new();
    ALL.get_or_init(|| serde_json::from_str(PRESETS).unwrap_or_default())
}

/// A preset by its name.
pub fn network_preset(name: &str) -> Option<&'static NetworkPreset> {
    network_presets().iter().find(|p| p.name == name)
}

/// A shape as a person types it: `(1, 3, 224, 224)`.
pub fn shape_text(shape: &[i64]) -> String {
    let parts: Vec<String> = shape.iter().map(|x| x.to_string()).collect();
    format!("({})", parts.join(", "))
}

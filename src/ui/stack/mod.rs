//! The layer-stack screen (`nn.Sequential` of `nn.Conv2d`): the layer list
//! in the side panel, and the view of every level with its border map,
//! receptive fields and the timeline through every layer.

mod field;
mod grid;
mod layers;
mod level;
mod picture;
mod view;

pub use layers::LayerList;
pub use view::StackView;

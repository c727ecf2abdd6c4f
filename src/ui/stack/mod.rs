//! The layer-stack screen (`nn.Sequential` of `nn.Conv2d` and pools): the layer list
//! in the side panel, and the view of every level with its border map,
//! receptive fields and the timeline through every layer.

pub(crate) mod ctx;
pub(crate) mod field;
pub(crate) mod grid;
pub(crate) mod layers;
pub(crate) mod level;
pub(crate) mod picture;
pub(crate) mod pool_card;
pub(crate) mod view;

pub use crate::ui::stack::layers::LayerList;
pub use crate::ui::stack::view::StackView;

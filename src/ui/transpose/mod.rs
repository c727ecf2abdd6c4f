//! The transposed convolution's own components: its settings, the
//! gather/scatter toggle, the scatter (stamp) view, the matrix view and
//! "Undo this shape". The gather view is the lab's own picture.

pub mod matrix;
pub mod scatter;
pub mod scatter_canvas;
pub mod settings;
pub mod stamp_list;
pub mod toggle;
pub mod undo;

//! What a user can set: the scene, its tensors, the edits, the caps.

pub mod base64;
pub mod conv2d;
pub mod edit;
pub mod init;
pub mod layer;
pub mod limits;
pub mod pool;
pub mod scene;
pub mod sequential;
pub mod target;
pub mod tensor;

//! What a user can set: the scene, its tensors, the edits, the caps.

pub mod base64;
pub mod edit;
pub mod init;
pub mod limits;
pub mod scene;
pub mod target;
pub mod tensor;

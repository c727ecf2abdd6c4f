//! Where the pasted model and its input shape are kept across reloads
//! (the browser's local storage), and how a share link brings them.

use crate::core::model::scene::SharedModel;

/// Two plain strings, no JSON: this module is part of the first load.
const TEXT: &str = "convlab-network-text";
const SHAPE: &str = "convlab-network-shape";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The model last typed or opened, if any.
pub fn saved() -> Option<SharedModel> {
    let s = storage()?;
    Some(SharedModel {
        text: s.get_item(TEXT).ok().flatten()?,
        input_shape: s.get_item(SHAPE).ok().flatten()?,
    })
}

/// Keep `model` (every keystroke: the text is the person's).
pub fn save(model: &SharedModel) {
    if let Some(s) = storage() {
        let _ = s.set_item(TEXT, &model.text);
        let _ = s.set_item(SHAPE, &model.input_shape);
    }
}

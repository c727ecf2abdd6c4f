//! Where the pasted model and its input shape are kept across reloads
//! (the browser's local storage), and how a share link brings them.

use crate::core::model::scene::SharedModel;

const KEY: &str = "convlab-network";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The model last typed or opened, if any.
pub fn saved() -> Option<SharedModel> {
    let text = storage()?.get_item(KEY).ok().flatten()?;
    let (text, input_shape) = serde_json::from_str::<(String, String)>(&text).ok()?;
    Some(SharedModel { text, input_shape })
}

/// Keep `model` (every keystroke: the text is the person's).
pub fn save(model: &SharedModel) {
    if let (Some(s), Ok(v)) = (
        storage(),
        serde_json::to_string(&(&model.text, &model.input_shape)),
    ) {
        let _ = s.set_item(KEY, &v);
    }
}

//! Share links: the whole scene in the URL fragment.
//!
//! Format: `#scene=` followed by the scene's JSON (the oracle case format
//! plus the optional `title`, `step` and `view`), encoded as base64url
//! (RFC 4648 section 5) without padding.

use crate::core::model::base64::Base64Error;
pub use crate::core::model::base64::{decode_base64url, encode_base64url};
use crate::core::model::scene::Scene;

const PREFIX: &str = "#scene=";
/// Longest fragment accepted (an 8 MiB scene is far beyond what a link carries).
pub const MAX_LINK_CHARS: usize = 8 << 20;

/// Why a link could not be opened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkError {
    NotAScene,
    TooLong { chars: usize },
    BadCharacter { at: usize, ch: char },
    Truncated,
    NotText,
    BadScene { detail: String },
}

impl std::fmt::Display for LinkError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LinkError::NotAScene => write!(f, "the link has no #scene= part"),
            LinkError::TooLong { chars } => write!(
                f,
                "the link is {chars} characters long, more than ConvLab reads"
            ),
            LinkError::BadCharacter { at, ch } => {
                write!(f, "the link has a character that cannot be in it ({ch:?} at position {at}); was it cut or edited?")
            }
            LinkError::Truncated => write!(
                f,
                "the link ends in the middle of a character; it looks cut short"
            ),
            LinkError::NotText => write!(f, "the link does not decode to text; it looks damaged"),
            LinkError::BadScene { detail } => {
                write!(f, "the link's scene is damaged or incomplete ({detail})")
            }
        }
    }
}

impl From<Base64Error> for LinkError {
    fn from(e: Base64Error) -> LinkError {
        match e {
            Base64Error::BadCharacter { at, ch } => LinkError::BadCharacter { at, ch },
            Base64Error::Truncated => LinkError::Truncated,
        }
    }
}

/// Longest link the Share button makes. Chromium, Firefox and Safari open
/// far longer ones, but chat and mail programs start cutting links around
/// this size. A 128x128 RGB picture (49,152 bytes) gives a link of about
/// 66,000 characters; larger scenes go by Export JSON.
pub const SHARE_MAX_CHARS: usize = 100_000;

/// The link fragment for a scene, or its length when it is longer than
/// [`SHARE_MAX_CHARS`].
pub fn share_fragment(scene: &Scene) -> Result<String, usize> {
    let f = scene_fragment(scene);
    if f.len() > SHARE_MAX_CHARS {
        Err(f.len())
    } else {
        Ok(f)
    }
}

/// `#scene=...` for a scene.
pub fn scene_fragment(scene: &Scene) -> String {
    format!("{PREFIX}{}", encode_base64url(scene.to_json().as_bytes()))
}

/// The scene a URL fragment carries (`#scene=...`, with or without `#`).
pub fn scene_from_fragment(fragment: &str) -> Result<Scene, LinkError> {
    let frag = fragment.strip_prefix('#').unwrap_or(fragment);
    let data = frag.strip_prefix("scene=").ok_or(LinkError::NotAScene)?;
    if data.len() > MAX_LINK_CHARS {
        return Err(LinkError::TooLong { chars: data.len() });
    }
    let bytes = decode_base64url(data.trim_end_matches('='))?;
    let text = String::from_utf8(bytes).map_err(|_| LinkError::NotText)?;
    Scene::from_json(&text).map_err(|e| LinkError::BadScene {
        detail: match e {
            crate::core::engine::error::ConvError::Decode { detail } => detail,
            other => other.to_string(),
        },
    })
}

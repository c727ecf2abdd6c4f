//! The browser's side of a picture: fetching a sample, decoding a file
//! with no colour conversion (the bytes are the file's, as Pillow reads
//! them), and saving the picture as a PNG.

use leptos::prelude::document;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::core::image::decode::{Pixels, MAX_SOURCE_PIXELS};

pub(crate) async fn fetch_blob(url: &str) -> Result<web_sys::Blob, String> {
    let window = web_sys::window().ok_or("no window")?;
    let resp: web_sys::Response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|_| "the network request failed".to_string())?
        .dyn_into()
        .map_err(|_| "no response".to_string())?;
    if !resp.ok() {
        return Err(format!("HTTP {}", resp.status()));
    }
    let blob = resp.blob().map_err(|_| "no body".to_string())?;
    JsFuture::from(blob)
        .await
        .ok()
        .and_then(|b| b.dyn_into::<web_sys::Blob>().ok())
        .ok_or_else(|| "the body could not be read".to_string())
}

/// Decoded RGB pixels, and whether any pixel was not opaque. The colours
/// are read as stored: no colour management (Pillow applies none either).
pub(crate) async fn decode(blob: &web_sys::Blob) -> Result<(Pixels, bool), String> {
    let window = web_sys::window().ok_or("no window")?;
    let opts = web_sys::ImageBitmapOptions::new();
    opts.set_color_space_conversion(web_sys::ColorSpaceConversion::None);
    opts.set_premultiply_alpha(web_sys::PremultiplyAlpha::None);
    let promise = window
        .create_image_bitmap_with_blob_and_image_bitmap_options(blob, &opts)
        .map_err(|_| "the browser refused it".to_string())?;
    let bitmap: web_sys::ImageBitmap = JsFuture::from(promise)
        .await
        .map_err(|_| {
            "it is not an image the browser can decode (PNG, JPEG, GIF, WebP, BMP)".to_string()
        })?
        .dyn_into()
        .map_err(|_| "it did not decode to a picture".to_string())?;
    let (w, h) = (bitmap.width() as usize, bitmap.height() as usize);
    if w == 0 || h == 0 {
        return Err("it has no pixels".into());
    }
    if w * h > MAX_SOURCE_PIXELS {
        return Err(format!(
            "it is {w}x{h} pixels, more than the {} megapixels ConvLab reads",
            MAX_SOURCE_PIXELS >> 20
        ));
    }
    let canvas = canvas(w, h)?;
    let ctx = context(&canvas)?;
    ctx.draw_image_with_image_bitmap(&bitmap, 0.0, 0.0)
        .map_err(|_| "it could not be drawn".to_string())?;
    bitmap.close();
    let data = ctx
        .get_image_data(0.0, 0.0, w as f64, h as f64)
        .map_err(|_| "its pixels could not be read".to_string())?
        .data();
    let translucent = data.0.chunks_exact(4).any(|p| p[3] != 255);
    let pixels = Pixels::from_rgba(w, h, &data.0).map_err(|e| e.to_string())?;
    Ok((pixels, translucent))
}

pub(crate) fn canvas(w: usize, h: usize) -> Result<web_sys::HtmlCanvasElement, String> {
    let canvas: web_sys::HtmlCanvasElement = document()
        .create_element("canvas")
        .ok()
        .and_then(|e| e.dyn_into().ok())
        .ok_or("no canvas")?;
    canvas.set_width(w as u32);
    canvas.set_height(h as u32);
    Ok(canvas)
}

pub(crate) fn context(
    canvas: &web_sys::HtmlCanvasElement,
) -> Result<web_sys::CanvasRenderingContext2d, String> {
    canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into().ok())
        .ok_or_else(|| "no 2-D canvas".to_string())
}

/// Writes `px` to a PNG (the browser's encoder, lossless) and downloads it.
pub(crate) fn save_png(name: &str, px: &Pixels) -> Result<(), String> {
    let (w, h) = (px.width, px.height);
    let mut rgba = Vec::with_capacity(w * h * 4);
    for p in px.data.chunks_exact(px.channels) {
        match p {
            [l] => rgba.extend_from_slice(&[*l, *l, *l, 255]),
            [r, g, b] => rgba.extend_from_slice(&[*r, *g, *b, 255]),
            _ => return Err("odd pixels".into()),
        }
    }
    let canvas = canvas(w, h)?;
    let ctx = context(&canvas)?;
    let img = web_sys::ImageData::new_with_u8_clamped_array_and_sh(
        wasm_bindgen::Clamped(&rgba),
        w as u32,
        h as u32,
    )
    .map_err(|_| "no image data")?;
    ctx.put_image_data(&img, 0.0, 0.0)
        .map_err(|_| "not drawn")?;
    let file = png_name(name);
    let done = wasm_bindgen::closure::Closure::once_into_js(move |blob: Option<web_sys::Blob>| {
        let Some(blob) = blob else { return };
        let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
            return;
        };
        if let Some(a) = document()
            .create_element("a")
            .ok()
            .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())
        {
            a.set_href(&url);
            a.set_download(&file);
            a.click();
        }
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    canvas
        .to_blob(done.unchecked_ref())
        .map_err(|_| "not encoded".to_string())
}

/// `photo.jpg` -> `photo.png`: what Download writes is always a PNG.
pub(crate) fn png_name(name: &str) -> String {
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    format!("{}.png", if stem.is_empty() { "picture" } else { stem })
}

/// The first image among a list of files (a drop or a paste).
pub fn first_image(files: Option<web_sys::FileList>) -> Option<web_sys::File> {
    let files = files?;
    (0..files.length())
        .filter_map(|k| files.get(k))
        .find(|f| f.type_().starts_with("image/"))
        .or_else(|| files.get(0))
}

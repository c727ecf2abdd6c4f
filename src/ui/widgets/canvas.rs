//! Canvases behind grids and pictures: painting RGBA pixels, repainting
//! only what changed, and reading which pixel a click landed on.

use wasm_bindgen::{Clamped, JsCast};

/// Paints `rgba` (`w x h` pixels) into a canvas.
pub(crate) fn put(canvas: &web_sys::HtmlCanvasElement, w: usize, h: usize, rgba: &[u8]) {
    if rgba.len() != w * h * 4 || w == 0 || h == 0 {
        return;
    }
    let Ok(Some(ctx)) = canvas.get_context("2d") else {
        return;
    };
    let Ok(ctx) = ctx.dyn_into::<web_sys::CanvasRenderingContext2d>() else {
        return;
    };
    if let Ok(img) =
        web_sys::ImageData::new_with_u8_clamped_array_and_sh(Clamped(rgba), w as u32, h as u32)
    {
        let _ = ctx.put_image_data(&img, 0.0, 0.0);
    }
    if counting_paints() {
        let paints = canvas
            .get_attribute("data-paints")
            .and_then(|p| p.parse::<u64>().ok())
            .unwrap_or(0);
        let _ = canvas.set_attribute("data-paints", &(paints + 1).to_string());
    }
}

/// Whether each canvas counts its repaints (`data-paints`): only on a page
/// opened with `?count-paints` (the browser bench, and the test of which
/// levels a stack edit repaints), never in normal use.
fn counting_paints() -> bool {
    thread_local! {
        static ON: bool = web_sys::window()
            .and_then(|w| w.location().search().ok())
            .is_some_and(|q| q.trim_start_matches('?').split('&').any(|p| p == "count-paints"));
    }
    ON.with(|on| *on)
}

/// The pixels of a heat map's canvas (one per cell, behind a number grid),
/// as last written; the canvas is painted only when one of them changed.
#[derive(Default)]
pub(crate) struct HeatPixels {
    px: Vec<u8>,
    dirty: bool,
}

impl HeatPixels {
    /// Room for `cells` pixels (all cleared when the count changes).
    pub(crate) fn size(&mut self, cells: usize) {
        if self.px.len() != cells * 4 {
            self.px = vec![0; cells * 4];
            self.dirty = true;
        }
    }

    /// Cell `k`'s colour.
    pub(crate) fn set(&mut self, k: usize, colour: [u8; 4]) {
        if let Some(at) = self.px.get_mut(4 * k..4 * k + 4) {
            if *at != colour {
                at.copy_from_slice(&colour);
                self.dirty = true;
            }
        }
    }

    /// Paints `canvas` (`w x h`) if a pixel changed since it was last painted.
    pub(crate) fn paint(&mut self, canvas: Option<web_sys::HtmlCanvasElement>, w: usize, h: usize) {
        if let (true, Some(canvas)) = (self.dirty, canvas) {
            put(&canvas, w, h, &self.px);
            self.dirty = false;
        }
    }
}

/// The `[row, column]` of an `h x w` picture under a click on its canvas.
pub(crate) fn clicked_pixel(
    canvas: &web_sys::HtmlCanvasElement,
    ev: &web_sys::MouseEvent,
    h: usize,
    w: usize,
) -> Option<[usize; 2]> {
    let (cw, ch) = (
        f64::from(canvas.client_width()),
        f64::from(canvas.client_height()),
    );
    if cw <= 0.0 || ch <= 0.0 || h == 0 || w == 0 {
        return None;
    }
    let j = ((f64::from(ev.offset_x()) / cw * w as f64) as usize).min(w - 1);
    let i = ((f64::from(ev.offset_y()) / ch * h as f64) as usize).min(h - 1);
    Some([i, j])
}

/// Width and height in CSS px of a `h x w` picture fitted into `room` px.
pub(crate) fn fit(h: usize, w: usize, room: f64) -> (f64, f64) {
    let side = h.max(w).max(1) as f64;
    let px = (room / side).max(0.25);
    (w as f64 * px, h as f64 * px)
}

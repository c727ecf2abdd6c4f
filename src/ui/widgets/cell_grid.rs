//! The one cell grid: the stage's input planes, the output grids and the
//! stack's levels are all this widget.
//!
//! The cells are written once per shape as markup (thousands of them on a
//! 64x64 grid, so as one HTML string, not one view per cell). After that an
//! effect asks the caller for every cell's [`Look`] (plain data, from the
//! core's pure functions in [`crate::core::present::cells`]), the core's
//! [`patch`] diffs them against the last looks, and one call into
//! JavaScript applies the changes: a typed value touches the few cells it
//! changes, with no per-attribute round trip between WebAssembly and the
//! page. The colours are pixels of a canvas behind the cells, one per cell,
//! so a new colour scale repaints pixels, not thousands of cells.
//!
//! Clicks are read from the grid (one listener, not one per cell) and
//! reported as the clicked cell's `data-index`.

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::core::present::cells::{patch, Look};
use crate::ui::widgets::canvas::HeatPixels;

/// The markup of `h x w` cells, each written by `cell(out, i, j)`.
pub fn markup(h: usize, w: usize, cell: impl Fn(&mut String, usize, usize)) -> String {
    let mut s = String::with_capacity(h * w * 100);
    for i in 0..h {
        for j in 0..w {
            cell(&mut s, i, j);
        }
    }
    s
}

/// Writes every cell's look (see [`CellGrid`]). One type for every grid:
/// the widget is compiled once, not once per caller.
pub type Looks = Box<dyn Fn(&mut Vec<Look>)>;

/// `"n,c,i,j"` of the cell under a click.
fn clicked_index(ev: &web_sys::MouseEvent) -> Option<[usize; 4]> {
    let el: web_sys::Element = ev.target()?.dyn_into().ok()?;
    let cell = el.closest("[data-index]").ok()??;
    let text = cell.get_attribute("data-index")?;
    let v: Vec<usize> = text.split(',').filter_map(|x| x.parse().ok()).collect();
    match v.as_slice() {
        [a, b, c, d] => Some([*a, *b, *c, *d]),
        _ => None,
    }
}

/// A grid of `h x w` cells: the canvas of their colours, then the cells.
/// The caller places it in its `.plane__grid` with its own overlays.
#[component]
pub fn CellGrid(
    h: usize,
    w: usize,
    /// The cells, as [`markup`] writes them.
    html: String,
    /// The classes every cell's `class` attribute starts with.
    base: &'static str,
    /// Each cell's data and text live on its first child element (the
    /// stack's last level: a button around the level's cell); `data-value`
    /// is on both.
    #[prop(optional)]
    nested: bool,
    /// The canvas's classes.
    #[prop(default = "plane__heat")]
    canvas_class: &'static str,
    /// Writes every cell's look, row by row, into the empty vector it is
    /// given; run in an effect, so what it reads is tracked. Writing
    /// nothing leaves the grid as it is.
    looks: Looks,
    /// Called with the `data-index` of a clicked cell.
    #[prop(optional, into)]
    on_pick: Option<Callback<[usize; 4]>>,
    /// The grid is one tab stop: its cells' markup has `tabindex="0"` on
    /// the first and `-1` on the others, and the arrow keys (with Home and
    /// End) move between them (the roving tabindex of the WAI-ARIA grid
    /// pattern). Tab leaves the grid at once.
    #[prop(optional)]
    roving: bool,
) -> impl IntoView {
    let cells: NodeRef<html::Div> = NodeRef::new();
    let canvas: NodeRef<html::Canvas> = NodeRef::new();
    let pixels = StoredValue::new(HeatPixels::default());
    let last = StoredValue::new(Vec::<Option<Look>>::new());
    let now = StoredValue::new(Vec::<Look>::new());
    Effect::new(move |_| {
        let Some(el) = cells.get() else { return };
        let mut looks_now = now.try_update_value(std::mem::take).unwrap_or_default();
        looks_now.clear();
        looks(&mut looks_now);
        if looks_now.len() == h * w {
            let mut ops = String::new();
            last.update_value(|last| patch(last, &looks_now, base, &mut ops));
            pixels.update_value(|px| {
                px.size(h * w);
                for (k, look) in looks_now.iter().enumerate() {
                    px.set(k, look.colour);
                }
                px.paint(canvas.get(), w, h);
            });
            if !ops.is_empty() {
                patch_cells(&el, &ops, nested);
            }
        }
        now.set_value(looks_now);
    });
    // The roving tab stop moves to cell `to` (row-major), and takes focus.
    let rove = move |to: usize, focus: bool| {
        let Some(el) = cells.get_untracked() else {
            return;
        };
        let children = el.children();
        for k in 0..children.length() {
            if let Some(c) = children.item(k) {
                if c.get_attribute("tabindex").as_deref() == Some("0") && k as usize != to {
                    let _ = c.set_attribute("tabindex", "-1");
                }
            }
        }
        if let Some(c) = children
            .item(to as u32)
            .and_then(|c| c.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = c.set_attribute("tabindex", "0");
            if focus {
                let _ = c.focus();
            }
        }
    };
    let on_click = move |ev: web_sys::MouseEvent| {
        if let Some(idx) = clicked_index(&ev) {
            if roving {
                rove(idx[2] * w + idx[3], false);
            }
            if let Some(pick) = on_pick {
                pick.run(idx);
            }
        }
    };
    let on_key = move |ev: web_sys::KeyboardEvent| {
        if !roving || w == 0 {
            return;
        }
        let Some(at) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("[data-index]").ok().flatten())
            .and_then(|e| e.get_attribute("data-index"))
        else {
            return;
        };
        let v: Vec<usize> = at.split(',').filter_map(|x| x.parse().ok()).collect();
        let [_, _, i, j] = v[..] else { return };
        let to = match ev.key().as_str() {
            "ArrowUp" => Some((i.saturating_sub(1), j)),
            "ArrowDown" => Some(((i + 1).min(h - 1), j)),
            "ArrowLeft" => Some((i, j.saturating_sub(1))),
            "ArrowRight" => Some((i, (j + 1).min(w - 1))),
            "Home" => Some((i, 0)),
            "End" => Some((i, w - 1)),
            _ => None,
        };
        if let Some((i, j)) = to {
            // The page's own keys (stepping, scrolling) wait outside the grid.
            ev.prevent_default();
            ev.stop_propagation();
            rove(i * w + j, true);
        }
    };
    view! {
        <canvas class=canvas_class width=w height=h aria-hidden="true" node_ref=canvas></canvas>
        <div class="plane__cells" node_ref=cells inner_html=html on:click=on_click on:keydown=on_key></div>
    }
}

#[wasm_bindgen::prelude::wasm_bindgen(inline_js = r#"
export function patch_cells(grid, ops, nested) {
  const cells = grid.children;
  const same = '\u0001', gone = '\u0002';
  const put = (el, name, v) => {
    if (v === same) return;
    if (v === gone) el.removeAttribute(name); else el.setAttribute(name, v);
  };
  for (const rec of ops.split('\u001e')) {
    if (!rec) continue;
    const [k, value, cls, label, title, text, border, paths] = rec.split('\u001f');
    const cell = cells[Number(k)];
    if (!cell) continue;
    const inner = nested ? cell.firstElementChild : cell;
    if (!inner) continue;
    put(cell, 'data-value', value);
    if (nested) put(inner, 'data-value', value);
    put(cell, 'class', cls);
    put(cell, 'aria-label', label);
    put(cell, 'title', title);
    put(inner, 'data-border', border);
    put(inner, 'data-paths', paths);
    // The text node's data only: no HTML to parse, and no node swapped
    // (a new text node costs style and layout work of its own).
    if (text !== same) {
      const span = inner.firstElementChild || inner, t = span.firstChild;
      if (t && t.nodeType === 3 && !t.nextSibling) t.data = text;
      else span.textContent = text;
    }
  }
}
"#)]
extern "C" {
    /// Applies `ops` (the format of [`crate::core::present::cells`]) to the
    /// children of `grid`.
    fn patch_cells(grid: &web_sys::HtmlElement, ops: &str, nested: bool);
}

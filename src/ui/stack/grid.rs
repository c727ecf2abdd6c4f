//! One 2-D grid of one level of the stack: `level[n, c]`.
//!
//! The cells are written once as HTML (thousands of them on a 64x64 level)
//! and one effect writes what changed: the value, whether the position
//! touches the invented border, and the path count to the picked cell.
//! The colours are a canvas behind the cells, one pixel per cell (as the
//! lab's grids have): a typed value that moves a level's scale recolours
//! every cell of it, which as classes was hundreds of restyled and
//! repainted cells per key press. Clicks are read from the grid (one
//! listener, not one per cell).
//!
//! Contract for tests: a layer's cells carry `data-testid="stack-cell"`,
//! `data-layer`, `data-index="n,c,i,j"`, `data-value` and `data-border`; the
//! input's carry `data-testid="stack-input-cell"`; the last layer's cells
//! sit inside `out-cell` buttons with their own `data-index` and
//! `data-value`; with a picked cell, the cells below it carry `data-paths`.
//! A grid drawn inside the ring of padding the next layer invents carries
//! `data-ring="top,bottom,left,right"` (its level, `data-pads`, always).

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::core::present::colour::stack_rgba;
use crate::core::present::display::compact;
use crate::ui::shell::state::{use_lab, Event};
use crate::ui::stack::ctx::LevelCtx;
use crate::ui::widgets::canvas::HeatPixels;

/// What decides one cell's look; compared with the last write.
#[derive(Clone, Copy, PartialEq)]
struct Shown {
    value: f64,
    scale: f64,
    border: bool,
    /// Path count and the level's largest, with a picked cell.
    paths: Option<(u128, u128)>,
    picked: bool,
}

/// What a cell shows: its path count (with a picked cell), else its value;
/// nothing in a grid drawn without numbers.
fn text_of(s: Shown, numbers: bool) -> String {
    match s.paths {
        Some((count, _)) if numbers && count > 0 => compact(count as f64),
        Some(_) => String::new(),
        None if numbers => compact(s.value),
        None => String::new(),
    }
}

/// The classes that mark a cell's state, after its base classes.
fn class_of(s: Shown) -> &'static str {
    let rf = s.paths.map(|(x, _)| x > 0);
    match (s.border, rf, s.picked) {
        (_, _, true) if s.border => " stack-cell--border stack-cell--picked",
        (_, _, true) => " stack-cell--picked",
        (true, Some(true), _) => " stack-cell--border stack-cell--rf",
        (true, Some(false), _) => " stack-cell--border stack-cell--outside",
        (true, None, _) => " stack-cell--border",
        (false, Some(true), _) => " stack-cell--rf",
        (false, Some(false), _) => " stack-cell--outside",
        (false, None, _) => "",
    }
}

fn cells_html(k: usize, last: bool, n: usize, c: usize, h: usize, w: usize) -> String {
    let mut s = String::with_capacity(h * w * 110);
    for i in 0..h {
        for j in 0..w {
            let idx = format!("{n},{c},{i},{j}");
            if k == 0 {
                s.push_str(&format!(
                    "<span class=\"cell stack-cell\" data-testid=\"stack-input-cell\" data-index=\"{idx}\"></span>"
                ));
            } else if last {
                s.push_str(&format!(
                    "<button class=\"cell out-cell stack-out\" data-testid=\"out-cell\" data-index=\"{idx}\" title=\"output {idx}\"><span class=\"stack-cell stack-cell--in\" data-testid=\"stack-cell\" data-layer=\"{}\" data-index=\"{idx}\"></span></button>",
                    k - 1
                ));
            } else {
                s.push_str(&format!(
                    "<span class=\"cell stack-cell\" data-testid=\"stack-cell\" data-layer=\"{}\" data-index=\"{idx}\"></span>",
                    k - 1
                ));
            }
        }
    }
    s
}

/// `"n,c,i,j"` of the clicked cell.
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

#[component]
pub fn LevelGrid(
    ctx: LevelCtx,
    n: usize,
    c: usize,
    h: usize,
    w: usize,
    /// Cell size in px before the page's zoom.
    pitch: f64,
    /// Whether cells carry their numbers.
    numbers: bool,
    big: bool,
    /// Whether the padding the next layer invents is drawn around the grid.
    ringed: bool,
) -> impl IntoView {
    let lab = use_lab();
    let LevelCtx {
        k,
        last,
        scale,
        borders,
        field,
        frame,
        ..
    } = ctx;
    let grid: NodeRef<leptos::html::Div> = NodeRef::new();
    let html = cells_html(k, last, n, c, h, w);

    let written = StoredValue::new(Vec::<Option<Shown>>::new());
    let canvas: NodeRef<leptos::html::Canvas> = NodeRef::new();
    let pixels = StoredValue::new(HeatPixels::default());
    Effect::new(move |_| {
        let Some(el) = grid.get() else { return };
        // The level's version before the scale derived from it: a memo
        // already brought up to date through another would not report its
        // change (see OutputGrid).
        ctx.version.with(|_| ());
        let scale = scale.get();
        let pick = lab.pick.get();
        borders.track();
        field.track();
        lab.shown_stack.with_untracked(|st| {
            let Some(level) = st.as_ref().and_then(|s| s.level(k)) else {
                return;
            };
            let children = el.children();
            let bmap = if k == 0 {
                None
            } else {
                borders.with(|b| b.get(k - 1).map(|m| m.map.clone()))
            };
            let paths = field.with(|f| {
                f.as_ref().and_then(|f| {
                    f.paths
                        .get(k)
                        .map(|g| (g.clone(), g.iter().copied().max().unwrap_or(0)))
                })
            });
            pixels.update_value(|px| {
                px.size(h * w);
                written.update_value(|written| {
                    written.resize(h * w, None);
                    for q in 0..h * w {
                        let (i, j) = (q / w, q % w);
                        let Some(&value) = level.get([n, c, i, j]) else {
                            continue;
                        };
                        let border = bmap
                            .as_ref()
                            .and_then(|m| m.get([i, j]))
                            .is_some_and(|v| *v > 0);
                        let p = paths
                            .as_ref()
                            .and_then(|(g, max)| g.get([i, j]).map(|v| (*v, *max)));
                        let picked = pick.is_some_and(|(l, idx)| l + 1 == k && idx == [n, c, i, j]);
                        let shown = Shown {
                            value,
                            scale,
                            border,
                            paths: p,
                            picked,
                        };
                        let before = written.get(q).copied().flatten();
                        if before == Some(shown) {
                            continue;
                        }
                        px.set(q, stack_rgba(value, scale, p));
                        let Some(cell) = children
                            .item(q as u32)
                            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
                        else {
                            continue;
                        };
                        let inner: web_sys::HtmlElement = if last {
                            match cell.first_element_child().and_then(|e| e.dyn_into().ok()) {
                                Some(e) => e,
                                None => continue,
                            }
                        } else {
                            cell.clone()
                        };
                        // Only what changed is written: a typed value touches a
                        // few cells, a new weight every cell of every level.
                        if before.is_none_or(|b| b.value != value) {
                            let v = format!("{value}");
                            let _ = cell.set_attribute("data-value", &v);
                            if last {
                                let _ = inner.set_attribute("data-value", &v);
                            }
                        }
                        if k > 0 && before.is_none_or(|b| b.border != border) {
                            let _ =
                                inner.set_attribute("data-border", if border { "1" } else { "0" });
                        }
                        if before.is_none_or(|b| b.paths.map(|x| x.0) != p.map(|x| x.0)) {
                            match p {
                                Some((count, _)) => {
                                    let _ = inner.set_attribute("data-paths", &count.to_string());
                                }
                                None => {
                                    let _ = inner.remove_attribute("data-paths");
                                }
                            }
                        }
                        // One class attribute carries the marks: one DOM call
                        // per cell whose marks changed.
                        let now = class_of(shown);
                        if before.map(class_of) != Some(now) {
                            let base = if last {
                                "cell out-cell stack-out"
                            } else {
                                "cell stack-cell"
                            };
                            let _ = cell.set_attribute("class", &format!("{base}{now}"));
                        }
                        // The text only where it changed: a new colour scale
                        // (a typed value that moves the level's largest)
                        // passes every cell through here, and rewrites none.
                        let text = text_of(shown, numbers);
                        if before.is_none_or(|b| text_of(b, numbers) != text) {
                            crate::ui::widgets::format::set_text(&inner, &text);
                        }
                        if let Some(slot) = written.get_mut(q) {
                            *slot = Some(shown);
                        }
                    }
                });
                px.paint(canvas.get(), w, h);
            });
        });
    });

    // The kernel window on the level the current layer reads, the cursor
    // on the level it writes.
    let overlay = Memo::new(move |_| {
        frame.with(|f| {
            let f = f.as_ref()?;
            lab.shown_stack
                .with_untracked(|s| s.as_ref()?.overlay(f, k, n, c))
        })
    });
    // The invented border the next layer adds around this level, drawn as
    // a hatched ring: the kernel window hangs into it at the edges.
    let ring = move || ctx.ring.get().filter(|_| ringed);
    let grid_style = move || {
        ring().map(|[t, b, l, r]| {
            format!("padding: calc({t} * var(--pitch)) calc({r} * var(--pitch)) calc({b} * var(--pitch)) calc({l} * var(--pitch)); --ring-t: {t}; --ring-l: {l}")
        })
    };
    let ring_attr = move || ring().map(|[t, b, l, r]| format!("{t},{b},{l},{r}"));
    let overlay_style = move || match overlay.get() {
        Some(o) => {
            let [t, _, l, _] = ring().unwrap_or([0; 4]);
            format!(
                "--wy:{}; --wx:{}; --wh:{}; --ww:{}",
                o.at[0] + t as i64,
                o.at[1] + l as i64,
                o.span[0],
                o.span[1]
            )
        }
        None => "display:none".to_string(),
    };
    let overlay_class = move || match overlay.get() {
        Some(o) if o.window => "window",
        _ => "cursor",
    };
    let on_click = move |ev: web_sys::MouseEvent| {
        if k == 0 {
            return;
        }
        if let Some(idx) = clicked_index(&ev) {
            lab.send(Event::TogglePick((k - 1, idx)));
        }
    };
    // The exact value on hover, written when the pointer gets there.
    let on_over = move |ev: web_sys::MouseEvent| {
        let Some(el) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        else {
            return;
        };
        if let Ok(Some(cell)) = el.closest("[data-index]") {
            let idx = cell.get_attribute("data-index").unwrap_or_default();
            let v = cell.get_attribute("data-value").unwrap_or_default();
            let paths = cell
                .get_attribute("data-paths")
                .map(|p| format!(", {p} paths"))
                .unwrap_or_default();
            let _ = cell.set_attribute("title", &format!("[{idx}] = {v}{paths}"));
        }
    };
    let heat = !numbers;
    let clickable = k > 0;
    let title = if k == 0 {
        format!("input[{n}, {c}]")
    } else {
        format!("layer {} output[{n}, {c}]", k - 1)
    };
    view! {
        <figure class="plane stack-plane" class:stack-plane--big=big style=format!("--rows:{h}; --cols:{w}; --pitch-big:{pitch}px")>
            <figcaption class="plane__title">{title}</figcaption>
            <div class="plane__grid plane__grid--layered" class:stack-grid--heat=heat class:stack-grid--click=clickable
                class:stack-grid--ring=move || ring().is_some() style=grid_style data-ring=ring_attr
                on:click=on_click on:mouseover=on_over>
                <canvas class="plane__heat stack-heat" width=w height=h aria-hidden="true" node_ref=canvas></canvas>
                <div class="plane__cells" node_ref=grid inner_html=html></div>
                <div class=overlay_class style=overlay_style aria-hidden="true"></div>
            </div>
        </figure>
    }
}

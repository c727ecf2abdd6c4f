//! One 2-D grid of one level of the stack: `level[n, c]`.
//!
//! A [`CellGrid`]: each cell's look is the core's `level_cell` of its value,
//! whether the position touches the invented border, and its path count to
//! the picked cell. Clicking a layer's cell picks it.
//!
//! Contract for tests: a layer's cells carry `data-testid="stack-cell"`,
//! `data-layer`, `data-index="n,c,i,j"`, `data-value` and `data-border`; the
//! input's carry `data-testid="stack-input-cell"`; the last layer's cells
//! sit inside `out-cell` buttons with their own `data-index` and
//! `data-value`; with a picked cell, the cells below it carry `data-paths`.
//! A grid drawn inside the ring of padding the next layer invents carries
//! `data-ring="top,bottom,left,right"` (its level, `data-pads`, always);
//! where the next layer is a pool with `ceil_mode`, `data-ceil="rows,cols"`
//! says how much of the ring's bottom and right only ceil_mode reaches
//! (drawn dotted). While a max pool reads the grid, `pool-pick` carries the
//! picked cell as `data-picked="row,col"`.

use std::fmt::Write;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::core::present::cells::{level_cell, Look};
use crate::ui::shell::state::{use_lab, Event};
use crate::ui::stack::ctx::LevelCtx;
use crate::ui::widgets::cell_grid::{markup, CellGrid};

fn cells_html(k: usize, last: bool, n: usize, c: usize, h: usize, w: usize) -> String {
    markup(h, w, |s, i, j| {
        let idx = format!("{n},{c},{i},{j}");
        let _ = if k == 0 {
            write!(s, "<span class=\"cell stack-cell\" data-testid=\"stack-input-cell\" data-index=\"{idx}\"></span>")
        } else if last {
            write!(s, "<button class=\"cell out-cell stack-out\" data-testid=\"out-cell\" data-index=\"{idx}\" title=\"output {idx}\" tabindex=\"{}\"><span class=\"stack-cell stack-cell--in\" data-testid=\"stack-cell\" data-layer=\"{}\" data-index=\"{idx}\"></span></button>", if i + j == 0 { 0 } else { -1 }, k - 1)
        } else {
            write!(s, "<span class=\"cell stack-cell\" data-testid=\"stack-cell\" data-layer=\"{}\" data-index=\"{idx}\"></span>", k - 1)
        };
    })
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
    let html = cells_html(k, last, n, c, h, w);
    let looks = move |out: &mut Vec<Look>| {
        // The level's version before the scale derived from it: a memo
        // already brought up to date through another would not report its
        // change (see OutputGrid).
        ctx.version.with(|_| ());
        let scale = scale.get();
        let pick = lab.pick.get();
        // Hide the answer: a level's cell is blank until the stack has
        // computed it (the input never is).
        let reached = (k > 0 && lab.hide_answer.get())
            .then(|| lab.timeline.with(|t| (t.step(), t.is_asking())));
        borders.track();
        field.track();
        lab.shown_stack.with_untracked(|st| {
            let Some(level) = st.as_ref().and_then(|s| s.level(k)) else {
                return;
            };
            borders.with(|b| {
                let bmap = if k == 0 {
                    None
                } else {
                    b.get(k - 1).map(|m| &m.map)
                };
                field.with(|f| {
                    let paths = f.as_ref().and_then(|f| {
                        f.paths
                            .get(k)
                            .map(|g| (g, g.iter().copied().max().unwrap_or(0)))
                    });
                    for q in 0..h * w {
                        let (i, j) = (q / w, q % w);
                        let value = level.get([n, c, i, j]).copied().unwrap_or(0.0);
                        let border = bmap.map(|m| m.get([i, j]).is_some_and(|v| *v > 0));
                        let p = paths.and_then(|(g, max)| g.get([i, j]).map(|v| (*v, max)));
                        let picked = pick.is_some_and(|(l, idx)| l + 1 == k && idx == [n, c, i, j]);
                        let hidden = reached.is_some_and(|(step, asking)| {
                            st.as_ref()
                                .is_some_and(|s| s.blank_at(k, [n, c, i, j], step, asking))
                        });
                        out.push(level_cell(value, scale, border, p, picked, numbers, hidden));
                    }
                });
            });
        });
    };
    let base = if last {
        "cell out-cell stack-out"
    } else {
        "cell stack-cell"
    };

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
    // A max pool's pick, on the level it reads.
    let pick_style = move || match overlay.get().and_then(|o| o.picked) {
        Some([y, x]) => {
            let [t, _, l, _] = ring().unwrap_or([0; 4]);
            format!("--wy:{}; --wx:{}", y + t as i64, x + l as i64)
        }
        None => "display:none".to_string(),
    };
    let picked_attr = move || {
        overlay
            .get()
            .and_then(|o| o.picked)
            .map(|[y, x]| format!("{y},{x}"))
    };
    // The rows and columns only ceil_mode's last window reaches, inside the
    // ring: drawn dotted, apart from the padding.
    let ceil = move || ctx.ceil.get().filter(|_| ring().is_some());
    let ceil_attr = move || ceil().map(|[a, b]| format!("{a},{b}"));
    let ceil_rows = move || match (ceil(), ring()) {
        (Some([cy, _]), Some([t, b, _, _])) if cy > 0 => {
            format!(
                "top: calc({} * var(--pitch)); height: calc({cy} * var(--pitch))",
                t + h + b - cy
            )
        }
        _ => "display:none".to_string(),
    };
    let ceil_cols = move || match (ceil(), ring()) {
        (Some([_, cx]), Some([_, _, l, r])) if cx > 0 => {
            format!(
                "left: calc({} * var(--pitch)); width: calc({cx} * var(--pitch))",
                l + w + r - cx
            )
        }
        _ => "display:none".to_string(),
    };
    let overlay_class = move || match overlay.get() {
        Some(o) if o.window => "window",
        _ => "cursor",
    };
    let on_pick = move |idx: [usize; 4]| {
        if k > 0 {
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
                data-ceil=ceil_attr on:mouseover=on_over>
                <CellGrid h w html base nested=last canvas_class="plane__heat stack-heat" looks=Box::new(looks) on_pick roving=last />
                <div class="ceil-strip ceil-strip--rows" style=ceil_rows aria-hidden="true"></div>
                <div class="ceil-strip ceil-strip--cols" style=ceil_cols aria-hidden="true"></div>
                <div class=overlay_class style=overlay_style aria-hidden="true"></div>
                <div class="pick" data-testid="pool-pick" data-picked=picked_attr style=pick_style aria-hidden="true"></div>
            </div>
        </figure>
    }
}

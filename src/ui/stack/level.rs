//! One level of the stack: the input, or one layer's output. Its shape axis
//! by axis, the layer that made it, the border sentence, and its grids:
//! `[0, 0]` large (numbers where they fit), every other `[n, c]` as a
//! small heatmap.

use leptos::prelude::*;

use crate::core::ops::stack::pool::module_repr;
use crate::core::ops::stack::{BorderMap, ReceptiveField, StackFrame};
use crate::core::present::display::{grid_look, longest};
use crate::ui::shell::state::use_lab;
use crate::ui::stack::ctx::LevelCtx;
use crate::ui::stack::grid::LevelGrid;
use crate::ui::stack::picture::LevelPictures;
use crate::ui::widgets::format::max_abs;

/// Grids larger than this are drawn as pictures.
const MAX_CELLS: usize = 32 * 32;
/// At most this many grids per level.
const MAX_GRIDS: usize = 64;
/// Room for the large grid and for each small one, px before zoom.
const BIG_BUDGET: f64 = 240.0;
const SMALL_BUDGET: f64 = 84.0;

#[component]
pub fn Level(
    k: usize,
    last: bool,
    borders: Memo<Vec<BorderMap>>,
    field: Memo<Option<ReceptiveField>>,
    frame: Memo<Option<StackFrame>>,
) -> impl IntoView {
    let lab = use_lab();
    let dims = Memo::new(move |_| {
        lab.shown_stack
            .with(|s| s.as_ref().and_then(|s| s.shapes().get(k).copied()))
    });
    let version = Memo::new(move |_| lab.shown_stack.with(|s| s.as_ref()?.version(k)));
    let scale = Memo::new(move |_| {
        version.with(|_| ());
        lab.shown_stack.with_untracked(|s| {
            s.as_ref()
                .and_then(|s| s.level(k))
                .map_or(1.0, |a| max_abs(a.iter()))
        })
    });
    let chars = Memo::new(move |_| {
        version.with(|_| ());
        lab.shown_stack.with_untracked(|s| {
            s.as_ref().and_then(|s| s.level(k)).map_or(1, |a| {
                let (_, _, h, w) = a.dim();
                let plane = (0..h).flat_map(|i| (0..w).map(move |j| (i, j)));
                let mut v = Vec::with_capacity(h * w);
                for (i, j) in plane {
                    if let Some(x) = a.get([0, 0, i, j]) {
                        v.push(*x);
                    }
                }
                longest(v.iter())
            })
        })
    });
    // Numbers only when the large grid has room for its longest one:
    // the layout is redrawn when that changes, not on every edit.
    // The ring of padding the next layer invents is drawn in the grid's
    // room, not beside it: the level keeps its size with or without one.
    // Numbers come first: when the ring would shrink the cells below what
    // the numbers need, the grid keeps its numbers and draws no ring.
    let padding = Memo::new(move |_| {
        lab.shown_stack.with(|s| {
            s.as_ref()?
                .ring(k)
                .map(|(p, mode)| ([p.top, p.bottom, p.left, p.right], mode))
        })
    });
    let ring = Memo::new(move |_| padding.get().map(|(sides, _)| sides));
    let ceil = Memo::new(move |_| lab.shown_stack.with(|s| s.as_ref()?.ceil(k)));
    let look = Memo::new(move |_| {
        dims.get().map(|[_, _, h, w]| {
            let plain = grid_look(h, w, BIG_BUDGET, chars.get());
            let small = |rh, rw| grid_look(h + rh, w + rw, SMALL_BUDGET, usize::MAX);
            match ring.get() {
                Some([t, b, l, r]) => {
                    let ringed = grid_look(h + t + b, w + l + r, BIG_BUDGET, chars.get());
                    if ringed.numbers == plain.numbers {
                        (ringed, small(t + b, l + r), true)
                    } else {
                        (plain, small(0, 0), false)
                    }
                }
                None => (plain, small(0, 0), false),
            }
        })
    });
    let heading = Memo::new(move |_| {
        lab.shown_stack.with(|s| {
            let s = s.as_ref()?;
            if k == 0 {
                return Some(("Input".to_string(), None));
            }
            let l = k - 1;
            let layer = s.layers().get(l)?;
            // As print(model) shows it.
            let words = format!("Layer {l}: {}", module_repr(layer));
            let border = borders.with(|b| {
                let m = b.get(l)?;
                let t = s.border_sentence_for(l, m)?;
                Some(format!("{t} ({:.0}%)", m.fraction() * 100.0))
            });
            Some((words, border))
        })
    });
    // What the next layer invents around this level before sliding over it
    // (the number grids draw it as a hatched ring).
    let ring_words = move || {
        let cells = dims.get().is_some_and(|[_, _, h, w]| h * w <= MAX_CELLS)
            && !lab.pictures.get()
            && look.with(|l| l.is_some_and(|l| l.2));
        padding.get().map(|([top, bottom, left, right], mode)| {
            let how = match mode {
                "zeros" => "with zeros".to_string(),
                "-inf" => "with -inf (a max pool's padding never wins)".to_string(),
                _ => format!("in {mode} mode (copies of its pixels)"),
            };
            // A pool's ceil_mode cells are part of the ring: say which.
            let [cy, cx] = ceil.get().unwrap_or([0, 0]);
            let (bottom, right) = (bottom - cy, right - cx);
            let drawn = if cells { " (hatched ring)" } else { "" };
            let sides = if top == bottom && top == left && top == right {
                format!("{top} on every side")
            } else {
                format!("{top} above, {bottom} below, {left} left, {right} right")
            };
            let past = if cy + cx > 0 {
                format!("; ceil_mode's last window reaches {cy} more below and {cx} more right, where nothing is read (dotted)")
            } else {
                String::new()
            };
            format!("Layer {k} pads it {how}: {sides}{drawn}{past}")
        })
    };
    let ctx = LevelCtx {
        k,
        last,
        version,
        scale,
        borders,
        field,
        frame,
        ring,
        ceil,
    };
    let picked_here = move || lab.pick.get().is_some_and(|(l, _)| l + 1 == k);
    let in_field = move || field.with(|f| f.as_ref().is_some_and(|f| k < f.paths.len()));
    view! {
        <article class="level" data-testid="stack-level" data-level=k data-pads=move || ring.get().map(|[t, b, l, r]| format!("{t},{b},{l},{r}")) class:level--picked=picked_here class:level--field=in_field>
            <header class="level__head">
                <h3 class="level__title">{move || heading.get().map(|h| h.0)}</h3>
                <span class="level__shape" data-testid="level-shape">{move || dims.get().map(|[n, c, h, w]| {
                    format!("N={n} \u{00b7} C={c} \u{00b7} H={h} \u{00b7} W={w}")
                })}</span>
            </header>
            <div class="level__grids">
                {move || {
                    let Some([nb, cb, h, w]) = dims.get() else { return ().into_any() };
                    let Some((big, small, ringed)) = look.get() else { return ().into_any() };
                    // A photo, or a level too large for number cells: pictures.
                    if h * w > MAX_CELLS || lab.pictures.get() {
                        return view! { <LevelPictures ctx nb cb h w /> }.into_any();
                    }
                    let grids: Vec<(usize, usize)> = (0..nb).flat_map(|n| (0..cb).map(move |c| (n, c))).collect();
                    let hidden = grids.len().saturating_sub(MAX_GRIDS);
                    view! {
                        {grids.into_iter().take(MAX_GRIDS).map(|(n, c)| {
                            let first = n == 0 && c == 0;
                            let look = if first { big } else { small };
                            view! { <LevelGrid ctx n c h w pitch=look.pitch numbers=look.numbers big=first ringed /> }
                        }).collect_view()}
                        {(hidden > 0).then(|| view! { <p class="note">{format!("{hidden} more grids not drawn.")}</p> })}
                    }.into_any()
                }}
            </div>
            // What the grid shows, under it: the grid comes first in the view.
            {move || heading.get().and_then(|h| h.1).map(|b| view! {
                <p class="level__border" data-testid="border-sentence"><span class="swatch swatch--border"></span>{b}</p>
            })}
            {move || ring_words().map(|t| view! {
                <p class="level__ring" data-testid="ring-sentence"><span class="swatch swatch--ring"></span>{t}</p>
            })}
            {move || field.with(|f| f.as_ref().filter(|f| k < f.paths.len()).map(|f| {
                let inside = f.inside(k);
                let total: u128 = f.paths.get(k).map_or(0, |g| g.iter().fold(0u128, |a, b| a.saturating_add(*b)));
                view! { <p class="level__paths">{format!("{inside} cells reach the picked cell, through {total} paths in all (numbers: paths per cell)")}</p> }
            }))}
        </article>
    }
}

//! A stack level too large for number grids (a photo and what the layers
//! make of it) as pictures: each `[n, c]` as a canvas, one pixel per value,
//! with the level's border map shaded over it (what depends on invented
//! pixels), the picked cell's receptive field outlined on every level below
//! it, and the kernel window or the cursor of the current step. Clicking a
//! pixel picks that cell, as clicking a number cell does.

use leptos::html;
use leptos::prelude::*;

use crate::core::present::picture::{paint, paint_rgb, Range, Tone};
use crate::ui::image::picture::PictureLegend;
use crate::ui::shell::state::{use_lab, Event};
use crate::ui::stack::ctx::LevelCtx;
use crate::ui::widgets::canvas::{clicked_pixel, fit, put};

/// At most this many pictures per level.
const MAX_PICTURES: usize = 16;
/// Room for the `[0, 0]` picture and for each other one, px before zoom.
const BIG: f64 = 240.0;
const SMALL: f64 = 96.0;

#[component]
pub fn LevelPictures(ctx: LevelCtx, nb: usize, cb: usize, h: usize, w: usize) -> impl IntoView {
    let lab = use_lab();
    let k = ctx.k;
    // The level's colour scale, over all its channels.
    let range = Memo::new(move |_| {
        ctx.version.with(|_| ());
        lab.shown_stack.with_untracked(|s| {
            s.as_ref()
                .and_then(|s| s.level(k))
                .map_or(Range::of(&[]), |a| match a.as_slice() {
                    Some(all) => Range::of(all),
                    None => Range::of(a.iter()),
                })
        })
    });
    let colour = move || k == 0 && cb == 3 && range.with(|r| r.tone() == Tone::Plain);
    let grids: Vec<(usize, usize)> = (0..nb).flat_map(|n| (0..cb).map(move |c| (n, c))).collect();
    let hidden = grids.len().saturating_sub(MAX_PICTURES);
    let label = if k == 0 {
        "input".to_string()
    } else {
        format!("layer {} output", k - 1)
    };
    view! {
        <div class="pics">
            {move || colour().then(|| view! { <LevelColour ctx h w /> })}
            {grids
                .into_iter()
                .take(MAX_PICTURES)
                .map(|(n, c)| view! { <LevelPicture ctx range n c h w big={n == 0 && c == 0} /> })
                .collect_view()}
            {(hidden > 0).then(|| view! { <p class="note">{format!("{hidden} more pictures not drawn.")}</p> })}
        </div>
        <PictureLegend range label />
    }
}

/// The input's three channels as the photo looks.
#[component]
fn LevelColour(ctx: LevelCtx, h: usize, w: usize) -> impl IntoView {
    let lab = use_lab();
    let k = ctx.k;
    let canvas: NodeRef<html::Canvas> = NodeRef::new();
    Effect::new(move |_| {
        let Some(el) = canvas.get() else { return };
        ctx.version.with(|_| ());
        lab.shown_stack.with_untracked(|s| {
            let Some(a) = s.as_ref().and_then(|s| s.level(k)) else {
                return;
            };
            if a.dim() != (a.dim().0, 3, h, w) {
                return;
            }
            let plane = |c: usize| {
                a.slice(ndarray::s![0, c, .., ..])
                    .iter()
                    .copied()
                    .collect::<Vec<f64>>()
            };
            put(&el, w, h, &paint_rgb(&plane(0), &plane(1), &plane(2)));
        });
    });
    let (pw, _) = fit(h, w, SMALL * 1.5);
    view! {
        <figure class="pic pic--colour" style=format!("width:calc({pw:.1}px * var(--zoom, 1))")>
            <figcaption class="plane__title">"the picture (R, G, B)"</figcaption>
            <canvas class="pic__canvas" width=w height=h node_ref=canvas aria-label="the input's three channels as one colour picture"></canvas>
        </figure>
    }
}

#[component]
fn LevelPicture(
    ctx: LevelCtx,
    range: Memo<Range>,
    n: usize,
    c: usize,
    h: usize,
    w: usize,
    big: bool,
) -> impl IntoView {
    let lab = use_lab();
    let k = ctx.k;
    let canvas: NodeRef<html::Canvas> = NodeRef::new();
    let shade: NodeRef<html::Canvas> = NodeRef::new();
    Effect::new(move |_| {
        let Some(el) = canvas.get() else { return };
        // The version before the range derived from it (see LevelGrid).
        ctx.version.with(|_| ());
        let tone = range.get().tone();
        lab.shown_stack.with_untracked(|s| {
            let Some(a) = s.as_ref().and_then(|s| s.level(k)) else {
                return;
            };
            // Another shape: this picture is about to be replaced.
            let (an, ac, ah, aw) = a.dim();
            if n >= an || c >= ac || ah != h || aw != w {
                return;
            }
            put(
                &el,
                w,
                h,
                &paint(a.slice(ndarray::s![n, c, .., ..]).iter().copied(), tone),
            );
        });
    });
    // The border map: positions that depend on invented pixels, shaded.
    Effect::new(move |_| {
        let Some(el) = shade.get() else { return };
        ctx.borders.with(|b| {
            let Some(m) = k.checked_sub(1).and_then(|l| b.get(l)) else {
                return;
            };
            if m.map.dim() != (h, w) {
                return;
            }
            let mut rgba = vec![0u8; h * w * 4];
            for (px, v) in rgba.chunks_exact_mut(4).zip(m.map.iter()) {
                if *v > 0 {
                    px.copy_from_slice(&[60, 60, 60, 150]);
                }
            }
            put(&el, w, h, &rgba);
        });
    });
    // The picked cell's receptive field on this level, as a rectangle.
    let field = move || {
        ctx.field.with(|f| {
            let b = f.as_ref()?.bounds(k)?;
            Some(format!(
                "--wy:{}; --wx:{}; --wh:{}; --ww:{}",
                b[0][0],
                b[1][0],
                b[0][1] - b[0][0] + 1,
                b[1][1] - b[1][0] + 1
            ))
        })
    };
    // The kernel window on the level the current layer reads, the cursor on
    // the level it writes.
    let overlay = Memo::new(move |_| {
        ctx.frame.with(|f| {
            let f = f.as_ref()?;
            lab.shown_stack
                .with_untracked(|s| s.as_ref()?.overlay(f, k, n, c))
        })
    });
    let overlay_style = move || match overlay.get() {
        Some(o) => format!(
            "--wy:{}; --wx:{}; --wh:{}; --ww:{}",
            o.at[0], o.at[1], o.span[0], o.span[1]
        ),
        None => "display:none".to_string(),
    };
    let overlay_class = move || match overlay.get() {
        Some(o) if o.window => "pic__window",
        _ => "pic__cursor",
    };
    let picked = move || {
        lab.pick.with(|p| match p {
            Some((l, [pn, pc, i, j])) if l + 1 == k && *pn == n && *pc == c => {
                format!("--wy:{i}; --wx:{j}")
            }
            _ => "display:none".to_string(),
        })
    };
    let on_click = move |ev: web_sys::MouseEvent| {
        if k == 0 {
            return;
        }
        let Some(el) = canvas.get_untracked() else {
            return;
        };
        let Some([i, j]) = clicked_pixel(&el, &ev, h, w) else {
            return;
        };
        lab.send(Event::TogglePick((k - 1, [n, c, i, j])));
    };
    let (pw, _) = fit(h, w, if big { BIG } else { SMALL });
    let title = if k == 0 {
        format!("input[{n}, {c}]")
    } else {
        format!("[{n}, {c}]")
    };
    let label = if k == 0 {
        format!("input[{n}, {c}] as a picture")
    } else {
        format!(
            "layer {} output[{n}, {c}]: click a pixel to see its receptive field",
            k - 1
        )
    };
    view! {
        <figure class="pic" style=format!("--rows:{h}; --cols:{w}; width:calc({pw:.1}px * var(--zoom, 1))")>
            <figcaption class="plane__title">{title}</figcaption>
            <div class="pic__frame">
                <canvas
                    class="pic__canvas"
                    class:pic__canvas--click={k > 0}
                    width=w
                    height=h
                    node_ref=canvas
                    on:click=on_click
                    aria-label=label
                    data-testid=if ctx.last { "out-picture" } else { "stack-picture" }
                    data-level=k
                    data-index=format!("{n},{c}")
                ></canvas>
                <canvas class="pic__shade" width=w height=h node_ref=shade aria-hidden="true"></canvas>
                <div class="pic__field" style=move || field().unwrap_or_else(|| "display:none".to_string()) aria-hidden="true"></div>
                <div class="pic__picked" style=picked aria-hidden="true"></div>
                <div class=overlay_class style=overlay_style aria-hidden="true"></div>
            </div>
        </figure>
    }
}

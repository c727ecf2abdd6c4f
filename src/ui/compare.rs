//! Flipped against unflipped: the same input and kernel as a true
//! convolution and as a cross-correlation, side by side and in lockstep,
//! with the output cells that differ marked.

use leptos::prelude::*;
use ndarray::Array4;

use crate::core::app::nav::answers_shown;
use crate::core::model::tensor::rot180_2;
use crate::core::present::compare::count_differences;
use crate::core::present::display::compact;
use crate::core::{Op, OpKind, Plan, Scene};
use crate::ui::lab::output_grid::OutputGrids;
use crate::ui::lab::stage::Stage;
use crate::ui::lab::sum_line::SumLine;
use crate::ui::shell::state::{frame_memo, use_lab};

/// The plan framed one way, keeping the last valid one while the scene is not.
fn framed(scene: RwSignal<Scene>, flip: bool) -> Memo<Option<Plan>> {
    Memo::new(
        move |prev: Option<&Option<Plan>>| match scene.with(|s| Plan::framed(s, flip)) {
            Ok(p) => Some(p),
            Err(_) => prev.cloned().flatten(),
        },
    )
}

#[component]
pub fn Compare() -> impl IntoView {
    let lab = use_lab();
    let kind = Memo::new(move |_| lab.scene.with(Scene::kind));
    let flipped = framed(lab.scene, true);
    let unflipped = framed(lab.scene, false);
    let out_f = Memo::new(move |_| flipped.with(|p| p.as_ref().map(Plan::output)));
    let out_u = Memo::new(move |_| unflipped.with(|p| p.as_ref().map(Plan::output)));
    let frame_f = frame_memo(lab, flipped.into());
    let frame_u = frame_memo(lab, unflipped.into());
    let shown = Memo::new(move |_| {
        answers_shown(lab.hide_answer.get(), lab.current_step(), lab.frame_count())
    });
    let differ = Memo::new(move |_| {
        if !shown.get() {
            return "Hide the answer is on: how many cells differ shows at the last frame."
                .to_string();
        }
        out_f.with(|a| {
            out_u.with(|b| match (a, b) {
                (Some(a), Some(b)) => match count_differences(a, b) {
                    Some(n) => format!("The outputs differ in {n} of {} cells.", a.len()),
                    None => format!(
                        "The outputs have different shapes: {:?} and {:?}.",
                        a.shape(),
                        b.shape()
                    ),
                },
                _ => String::new(),
            })
        })
    });
    let own_flips = move || kind.get().flips();
    let title_f = move || match kind.get() {
        OpKind::Torch => "True convolution: conv2d(input, weight.flip(-2, -1))",
        _ => "True convolution: scipy.signal.convolve2d",
    };
    let title_u = move || match kind.get() {
        OpKind::Torch => "Cross-correlation: torch F.conv2d",
        _ => "Cross-correlation: scipy.signal.correlate2d",
    };
    view! {
        <div class="compare" data-testid="compare">
            <FlipDemo />
            <p class="compare__diff" data-testid="compare-diff">{move || differ.get()}</p>
            <div class="compare__cols">
                <CompareColumn testid="compare-flipped" title=Signal::derive(title_f) plan=flipped output=out_f frame=frame_f
                    other=out_u own=Signal::derive(own_flips) />
                <CompareColumn testid="compare-unflipped" title=Signal::derive(title_u) plan=unflipped output=out_u frame=frame_u
                    other=out_f own=Signal::derive(move || !own_flips()) />
            </div>
        </div>
    }
}

/// One side of the comparison: its sliding window and its output. The side
/// that is the scene's own op carries the `out-cell` test ids.
#[component]
fn CompareColumn(
    testid: &'static str,
    title: Signal<&'static str>,
    plan: Memo<Option<Plan>>,
    output: Memo<Option<Array4<f64>>>,
    frame: Memo<Option<crate::core::Frame>>,
    other: Memo<Option<Array4<f64>>>,
    own: Signal<bool>,
) -> impl IntoView {
    view! {
        // A named region: a screen reader says which side a grid is on as
        // it enters it (the two sides' cells are named alike).
        <section class="compare__col" data-testid=testid aria-labelledby=format!("{testid}-title")>
            <h2 class="compare__title" id=format!("{testid}-title")>{title}</h2>
            // This side's sum: the two side by side show where the flip
            // changes the arithmetic.
            <SumLine plan=Signal::from(plan) frame testid="compare-sum" />
            <div class="flow">
                <Stage plan frame testid=format!("stage-{testid}") budget=180.0 />
                <div class="flow__arrow" aria-hidden="true">"\u{2192}"</div>
                {move || {
                    let id = if own.get() { "out-cell" } else { "compare-cell" };
                    view! { <OutputGrids plan output frame cell_testid=id other budget=170.0 /> }
                }}
            </div>
        </section>
    }
}

/// The kernel rotating by 180 degrees: the flip a true convolution makes.
/// The numbers turn back upright so they stay readable.
#[component]
fn FlipDemo() -> impl IntoView {
    let lab = use_lab();
    let kernel = Memo::new(move |_| {
        lab.scene.with(|s| {
            let k: Array4<f64> = match &s.op {
                Op::Torch(t) => t.weight.clone(),
                Op::Transpose(t) => t.weight.clone(),
                Op::Convolve(c) | Op::Correlate(c) => {
                    crate::core::content::presets::as_nchw(&c.in2)
                }
                Op::Sequential(st) => st
                    .layers
                    .iter()
                    .find_map(|l| l.as_conv())
                    .map_or_else(|| Array4::zeros((1, 1, 1, 1)), |l| l.weight.clone()),
            };
            let (_, _, kh, kw) = k.dim();
            (
                kh,
                kw,
                (0..kh * kw)
                    .map(|i| k[[0, 0, i / kw, i % kw]])
                    .collect::<Vec<f64>>(),
            )
        })
    });
    // Replay the animation when asked.
    let run = RwSignal::new(0u32);
    view! {
        <div class="flip" aria-label="The flip">
            {move || {
                let (kh, kw, vals) = kernel.get();
                let _ = run.get();
                let grid = |class: &'static str, vals: Vec<f64>| {
                    view! {
                        <div class=class style=format!("--cols:{kw}; --rows:{kh}")>
                            {vals.into_iter().map(|v| view! { <span class="flip__k"><span>{compact(v)}</span></span> }).collect_view()}
                        </div>
                    }
                };
                let rotated = rot180_2(&ndarray::Array2::from_shape_vec((kh, kw), vals.clone()).unwrap_or_default());
                let rotated: Vec<f64> = rotated.iter().copied().collect();
                view! {
                    <figure class="flip__fig">
                        <figcaption>"kernel as written"</figcaption>
                        {grid("flip__grid", vals.clone())}
                    </figure>
                    <figure class="flip__fig">
                        <figcaption>"rotating 180\u{00b0}\u{2026}"</figcaption>
                        {grid("flip__grid flip__grid--spin", vals)}
                    </figure>
                    <figure class="flip__fig" data-testid="flipped-kernel">
                        <figcaption>"as a true convolution uses it"</figcaption>
                        {grid("flip__grid", rotated)}
                    </figure>
                }
            }}
            <button class="btn btn--small" on:click=move |_| run.update(|r| *r += 1)>"Replay the flip"</button>
        </div>
    }
}

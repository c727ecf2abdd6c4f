//! The matrix view: one channel plane of the convolution as a matrix
//! times the flattened input. For conv2d the matrix is `C` (a row per
//! output position, a column per input position); for a transposed
//! convolution it is `C^T`, the transpose of the conv2d's. The entries
//! the current frame (or stamp) uses are highlighted. The core builds
//! the matrix (`Plan::matrix`), multiplies (`ConvMatrix::apply`) and
//! says which entry a tap uses (`gather_entry`, `scatter_entry`).

use leptos::prelude::*;

use crate::core::present::display::{compact, grid_look, longest};
use crate::core::present::matrix::ConvMatrix;
use crate::core::Plan;
use crate::ui::shell::state::{use_lab, Lab};
use crate::ui::widgets::format::{diverging, exact, max_abs};

#[derive(Clone, Debug, PartialEq)]
struct Shown {
    m: ConvMatrix,
    n: usize,
    o: usize,
    c: usize,
    transpose: bool,
    /// The flattened input plane `[n, c]`.
    x: Vec<f64>,
    /// `m * x`.
    y: Vec<f64>,
    /// The flattened output plane `[n, o]` (with every channel and bias).
    out: Vec<f64>,
    /// Entries `[row, col]` the current frame or stamp uses.
    used: Vec<[usize; 2]>,
    /// Whether `y` alone is the output (one input channel, no bias).
    whole: bool,
}

fn build(lab: Lab, p: &Plan) -> Result<Shown, String> {
    let scatter = lab.scatter_on();
    let step = lab.current_step();
    let (n, o, c, at) = if scatter {
        let f = p.scatter_frame_at(step).ok_or("no stamp")?;
        (f.index[0], f.channels.start, f.index[1], None)
    } else {
        let f = lab.frame.get().ok_or("no frame")?;
        let c = f.channel_reached(lab.current_sub()).ok_or("no channel")?;
        (f.index[0], f.index[1], c, Some(f))
    };
    let m = p.matrix(o, c).map_err(|e| e.explanation())?;
    let [h, w] = p.input_hw();
    let x: Vec<f64> = (0..h * w)
        .filter_map(|k| p.input.get([n, c, k / w, k % w]).copied())
        .collect();
    let y = m.apply(&x).ok_or("size mismatch")?;
    let [ho, wo] = p.out_hw;
    let out = lab.output.with(|out| {
        out.as_ref()
            .map(|out| {
                (0..ho * wo)
                    .filter_map(|k| out.get([n, o, k / wo, k % wo]).copied())
                    .collect()
            })
            .unwrap_or_default()
    });
    let used = m.used(&p, at.as_ref(), step, c, o);
    Ok(Shown {
        m,
        n,
        o,
        c,
        transpose: p.spread.is_some(),
        x,
        y,
        out,
        used,
        whole: p.group_in() == 1 && p.bias.is_none(),
    })
}

#[component]
pub fn MatrixView() -> impl IntoView {
    let lab = use_lab();
    let shown = Memo::new(move |_| {
        if !lab.matrix.get() {
            return None;
        }
        lab.shown.with(|p| p.as_ref().map(|p| build(lab, p)))
    });
    move || {
        let r = shown.get()?;
        Some(match r {
            Err(why) => view! {
                <section class="matrix" data-testid="matrix"><p class="note">{format!("No matrix view here: {why}")}</p></section>
            }
            .into_any(),
            Ok(s) => matrix_view(s).into_any(),
        })
    }
}

fn column(values: &[f64], testid: &'static str, lit: &[usize], scale: f64) -> impl IntoView {
    values
        .iter()
        .enumerate()
        .map(|(k, &v)| {
            view! {
                <div class="cell" class:mx-cell--lit=lit.contains(&k) data-testid=testid data-index=k.to_string()
                    data-value=format!("{v}") style=diverging(v, scale) title=format!("{k}: {v}")>
                    <span class="cell__v">{compact(v)}</span>
                </div>
            }
        })
        .collect_view()
}

fn matrix_view(s: Shown) -> impl IntoView {
    let (rows, cols) = (s.m.rows, s.m.cols);
    let [ho, wo] = s.m.out_hw;
    let [h, w] = s.m.in_hw;
    let name = if s.transpose { "C\u{1d40}" } else { "C" };
    let all = s.m.values.iter().chain(&s.x).chain(&s.y);
    let chars = longest(all.clone());
    let look = grid_look(rows.max(cols), cols + 4, 640.0, chars);
    let scale = max_abs(all);
    let lit_rows: Vec<usize> = s.used.iter().map(|e| e[0]).collect();
    let lit_cols: Vec<usize> = s.used.iter().map(|e| e[1]).collect();
    let entries = (0..rows * cols)
        .map(|k| {
            let (r, q) = (k / cols, k % cols);
            let v = s.m.values.get(k).copied().unwrap_or(0.0);
            let used = s.used.contains(&[r, q]);
            view! {
                <div class="cell mx-cell" class:mx-cell--zero=v == 0.0 class:mx-cell--used=used
                    data-testid=if used { "matrix-used" } else { "matrix-entry" }
                    style=if v == 0.0 { String::new() } else { diverging(v, scale) }
                    title=format!("row {r} = output ({}, {}), column {q} = input ({}, {}): {}", r / wo, r % wo, q / w, q % w, exact(v))>
                    <span class="cell__v">{if v == 0.0 { String::new() } else { compact(v) }}</span>
                </div>
            }
        })
        .collect_view();
    let (n, o, c) = (s.n, s.o, s.c);
    let fig = move |rows: usize, cols: usize, title: String, body: AnyView| {
        view! {
            <figure class="plane plane--group" class:scatter--heat=!look.numbers
                style=format!("--rows:{rows}; --cols:{cols}; --pitch-big:{}px", look.pitch)>
                <figcaption class="plane__title">{title}</figcaption>
                <div class="plane__grid"><div class="plane__cells">{body}</div></div>
            </figure>
        }
    };
    view! {
        <section class="matrix" aria-label="Matrix view" data-testid="matrix">
            <p class="matrix__head">
                {format!(
                    "vec(output[{n}, {o}]) = {name} \u{00b7} vec(input[{n}, {c}]): {name} has a row per output position ({ho}x{wo} = {rows}) and a column per input position ({h}x{w} = {cols}), rows and columns counted row by row. {}",
                    if s.transpose { "It is the transpose of the matrix of the conv2d (same weight, stride, padding, dilation) that goes from the output size back down to the input size." } else { "Each row holds the kernel, placed where the window sits." }
                )}
            </p>
            <div class="flow matrix__flow">
                {fig(rows, cols, format!("{name} ({rows}x{cols})"), entries.into_any())}
                <div class="flow__arrow" aria-hidden="true">"\u{00b7}"</div>
                {fig(cols, 1, format!("input[{n}, {c}]"), column(&s.x, "matrix-x", &lit_cols, scale).into_any())}
                <div class="flow__arrow" aria-hidden="true">"="</div>
                {fig(rows, 1, "product".to_string(), column(&s.y, "matrix-product", &lit_rows, scale).into_any())}
                {(!s.whole).then(|| fig(rows, 1, format!("output[{n}, {o}]"), column(&s.out, "matrix-out", &lit_rows, scale).into_any()))}
            </div>
            <p class="note">
                {if s.whole {
                    "With one input channel and no bias, the product is the output itself.".to_string()
                } else {
                    format!("The product is input channel {c}'s share; output[{n}, {o}] adds the products of every input channel of its group, and the bias.")
                }}
            </p>
        </section>
    }
}

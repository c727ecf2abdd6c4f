//! The matrix view's figure: one channel plane of the convolution as a
//! matrix `C` (`C^T` for a transposed convolution) times the flattened
//! input, equal to the product (and the output, when one input channel
//! and no bias make them the same); the entries the frame uses dashed.

use crate::core::engine::plan::Plan;
use crate::core::export::figure::base::{finish, refused, refused_by, Figure, Options};
use crate::core::export::figure::caption::call;
use crate::core::export::figure::grid::{label, plane, Cell, Plane};
use crate::core::export::figure::svg::{Caption, Flow};
use crate::core::model::scene::Scene;
use crate::core::present::colour::heat_rgba;
use crate::core::present::display::{compact, longest, max_abs};

/// The matrix figure at frame `o.step` (a stamp when `scatter`), for the
/// input channel the frame's sum has reached, `sub` channels in.
pub fn matrix(scene: &Scene, o: &Options, sub: usize, scatter: bool) -> Figure {
    let plan = match Plan::new(scene) {
        Ok(p) => p,
        Err(e) => return refused_by(scene, "matrix", &(&e).into()),
    };
    let scatter = scatter && plan.spread.is_some();
    let picked = if scatter {
        plan.scatter_frame_at(o.step)
            .map(|f| (f.index[0], f.channels.start, f.index[1], None))
    } else {
        plan.frame_at(o.step).and_then(|f| {
            let c = f.channel_reached(sub)?;
            Some((f.index[0], f.index[1], c, Some(f)))
        })
    };
    let Some((n, oc, c, frame)) = picked else {
        return refused(
            scene,
            "matrix",
            "no frame",
            "There is no frame to show.",
            "ConvLab",
            None,
        );
    };
    let m = match plan.matrix(oc, c) {
        Ok(m) => m,
        Err(e) => {
            return refused(
                scene,
                "matrix",
                "no matrix view",
                &e.explanation(),
                "ConvLab",
                None,
            )
        }
    };
    let [h, w] = plan.input_hw();
    let x: Vec<f64> = (0..h * w)
        .map(|k| plan.input[[n, c, k / w, k % w]])
        .collect();
    let y = m.apply(&x).unwrap_or_default();
    let [ho, wo] = plan.out_hw;
    let out_all = plan.output();
    let out: Vec<f64> = (0..ho * wo)
        .map(|k| out_all[[n, oc, k / wo, k % wo]])
        .collect();
    let used = m.used(&plan, frame.as_ref(), o.step, c, oc);
    let whole = plan.group_in() == 1 && plan.bias.is_none();
    let all = || m.values.iter().chain(&x).chain(&y);
    let scale = max_abs(all());
    let chars = longest(all());
    let name = if plan.spread.is_some() {
        "C\u{1d40}"
    } else {
        "C"
    };
    let mut flow = Flow::default();
    let entry = |r: usize, q: usize| {
        let v = m.get(r, q).unwrap_or(0.0);
        Cell {
            fill: heat_rgba(v, scale),
            text: (v != 0.0).then(|| compact(v)),
            pad: false,
            mark: used.contains(&[r, q]),
        }
    };
    flow.push(plane(&Plane {
        title: format!("{name} ({}x{})", m.rows, m.cols),
        h: m.rows,
        w: m.cols,
        role: "matrix",
        nc: [oc, c],
        cell: &entry,
        window: None,
        cursor: None,
        pixels: None,
        chars,
    }));
    let lit_rows: Vec<usize> = used.iter().map(|e| e[0]).collect();
    let lit_cols: Vec<usize> = used.iter().map(|e| e[1]).collect();
    let column =
        |flow: &mut Flow, title: String, role: &str, nc: [usize; 2], v: &[f64], lit: &[usize]| {
            let cell = |k: usize, _: usize| Cell {
                fill: heat_rgba(v[k], scale),
                text: Some(compact(v[k])),
                pad: false,
                mark: lit.contains(&k),
            };
            flow.push(plane(&Plane {
                title,
                h: v.len(),
                w: 1,
                role,
                nc,
                cell: &cell,
                window: None,
                cursor: None,
                pixels: None,
                chars,
            }));
        };
    flow.push(label("\u{00b7}", 34.0, 80.0));
    column(
        &mut flow,
        format!("input[{n}, {c}]"),
        "x",
        [n, c],
        &x,
        &lit_cols,
    );
    flow.push(label("=", 34.0, 80.0));
    column(
        &mut flow,
        "product".into(),
        "product",
        [n, oc],
        &y,
        &lit_rows,
    );
    if !whole {
        column(
            &mut flow,
            format!("output[{n}, {oc}]"),
            "output",
            [n, oc],
            &out,
            &lit_rows,
        );
    }
    let notes = vec![
        format!(
            "vec(output[{n}, {oc}]) = {name} \u{00b7} vec(input[{n}, {c}]): a row per output position ({ho}x{wo} = {}), a column per input position ({h}x{w} = {}); the entries this step uses are dashed.",
            m.rows, m.cols
        ),
        if whole {
            "With one input channel and no bias, the product is the output itself.".to_string()
        } else {
            format!("The product is input channel {c}'s share; output[{n}, {oc}] adds the products of every input channel of its group, and the bias.")
        },
    ];
    let cap = Caption {
        code: call(scene, Some(&plan)),
        notes,
    };
    finish(flow, &cap, "matrix")
}

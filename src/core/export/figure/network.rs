//! The network page's figure: the layer table as an SVG table (layer,
//! module, output shape, parameters, receptive field), where PyTorch
//! refuses the model its message, and the input shape as the caption.

use crate::core::export::figure::base::{finish, Figure};
use crate::core::export::figure::svg::{Block, Caption, Flow, LINE, MONO, WINDOW};
use crate::core::ops::network::{infer, layer_source, parse_shape, Model, Report, When};

const PX: f64 = 14.0;
const ROW_H: f64 = 26.0;
const HEAD: [&str; 5] = [
    "Layer",
    "Module",
    "Output shape",
    "Parameters",
    "Receptive field",
];

fn tuple(shape: &[i64]) -> String {
    let parts: Vec<String> = shape.iter().map(|x| x.to_string()).collect();
    format!("({})", parts.join(", "))
}

/// The table's cells, row by row (the head first), and each row's
/// `data-role`.
fn cells(r: &Report) -> Vec<(Vec<String>, &'static str)> {
    let mut rows = vec![(HEAD.map(String::from).to_vec(), "head")];
    rows.push((
        vec![
            "input".into(),
            String::new(),
            tuple(&r.input),
            String::new(),
            String::new(),
        ],
        "input",
    ));
    for row in &r.rows {
        let rf = row
            .receptive
            .as_ref()
            .map(|[h, w]| format!("{}x{}, jump {}x{}", h.size, w.size, h.jump, w.jump))
            .unwrap_or_default();
        rows.push((
            vec![
                row.path.clone(),
                layer_source(&row.layer),
                tuple(&row.output),
                row.params.count.to_string(),
                rf,
            ],
            "layer",
        ));
    }
    rows
}

/// The figure of `report`, the model run on its input shape.
pub fn table(r: &Report) -> Figure {
    let rows = cells(r);
    // Each column as wide as its widest cell (monospace for the module).
    let widths: Vec<f64> = (0..HEAD.len())
        .map(|c| {
            rows.iter()
                .map(|(cells, _)| {
                    cells[c].chars().count() as f64 * PX * if c == 1 { 0.62 } else { 0.58 }
                })
                .fold(0.0, f64::max)
                + 20.0
        })
        .collect();
    let width: f64 = widths.iter().sum();
    let broken = r.broken.as_ref();
    let extra = if broken.is_some() { 2 } else { 0 };
    let mut b = Block::new(width, (rows.len() + extra) as f64 * ROW_H);
    for (k, (cells, role)) in rows.iter().enumerate() {
        let y = k as f64 * ROW_H;
        if k % 2 == 1 {
            b.rect(0.0, y, width, ROW_H, "#f6f7f9", "");
        }
        let mut x = 0.0;
        for (c, text) in cells.iter().enumerate() {
            let font = if c == 1 && k > 0 {
                format!(" font-family=\"{MONO}\"")
            } else {
                String::new()
            };
            let weight = if k == 0 { " font-weight=\"700\"" } else { "" };
            b.text(
                x + 8.0,
                y + ROW_H / 2.0 + PX * 0.35,
                PX,
                "start",
                &format!("{font}{weight} data-role=\"{role}\" data-col=\"{c}\" data-row=\"{k}\""),
                text,
            );
            x += widths[c];
        }
        b.body.push_str(&format!(
            "<path d=\"M0 {y1}H{w}\" stroke=\"{LINE}\"/>",
            y1 = y + ROW_H,
            w = width
        ));
    }
    let mut notes = Vec::new();
    if let Some(bk) = broken {
        let y = rows.len() as f64 * ROW_H;
        let when = match bk.when {
            When::Build => "when the model is built",
            When::Forward => "when the input runs through it",
        };
        b.text(
            8.0,
            y + ROW_H / 2.0 + PX * 0.35,
            PX,
            "start",
            &format!(" fill=\"{WINDOW}\" font-weight=\"700\" data-role=\"broken\""),
            &format!("{} {}: PyTorch refuses here {when}", bk.path, bk.kind),
        );
        b.text(
            8.0,
            y + ROW_H * 1.5 + PX * 0.35,
            PX,
            "start",
            &format!(" font-family=\"{MONO}\" data-role=\"message\""),
            &bk.message(),
        );
        b.width = b
            .width
            .max(bk.message().chars().count() as f64 * PX * 0.62 + 16.0);
        notes.push("PyTorch stops at the marked layer.".to_string());
    }
    if let Some(total) = r.params {
        notes.push(format!("Total parameters: {total}"));
    }
    let mut flow = Flow::default();
    flow.push(b);
    let cap = Caption {
        code: vec![format!("Input shape: {}", tuple(&r.input))],
        notes,
    };
    finish(flow, &cap, "network")
}

/// The figure of a pasted model on a typed shape, or why there is none
/// (the text does not parse, the shape is not one).
pub fn network(text: &str, shape: &str) -> Result<Figure, String> {
    let model = Model::parse(text).map_err(|e| format!("The model does not parse: {}", e))?;
    let input =
        parse_shape(shape).map_err(|e| format!("The input shape is not one: {}", e.message()))?;
    let report =
        infer(&model, &input).map_err(|e| format!("The model cannot run: {}", e.message()))?;
    Ok(table(&report))
}

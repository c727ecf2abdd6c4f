//! What one output pixel sees: the input positions that reach a picked
//! cell of a spatial layer, drawn over the input's H x W, with the cell's
//! row and column editable.

use leptos::prelude::*;

use crate::core::ops::network::report::Report;
use crate::core::ops::network::NetError;

#[component]
pub fn FieldView(
    report: Memo<Option<Result<Report, NetError>>>,
    picked: RwSignal<Option<(usize, [i64; 2])>>,
) -> impl IntoView {
    move || {
        let (k, cell) = picked.get()?;
        report.with(|r| {
            let r = r.as_ref()?.as_ref().ok()?;
            let row = r.rows.get(k)?;
            let [h, w] = [*r.input.get(2)?, *r.input.get(3)?];
            let [ho, wo] = [*row.output.get(2)?, *row.output.get(3)?];
            let field = r.receptive_box(k, cell);
            let set = move |axis: usize, v: String| {
                if let Ok(v) = v.trim().parse::<i64>() {
                    let max = if axis == 0 { ho } else { wo };
                    if (0..max).contains(&v) {
                        picked.update(|p| {
                            if let Some((_, c)) = p {
                                c[axis] = v;
                            }
                        });
                    }
                }
            };
            let words = match field {
                Some(b) => format!(
                    "output[:, :, {}, {}] of layer {} reads input rows {} to {} and columns {} to {}: {}x{} = {} positions in each channel it reads.",
                    cell[0],
                    cell[1],
                    row.path,
                    b.rows[0],
                    b.rows[1],
                    b.cols[0],
                    b.cols[1],
                    b.rows[1] - b.rows[0] + 1,
                    b.cols[1] - b.cols[0] + 1,
                    (b.rows[1] - b.rows[0] + 1) * (b.cols[1] - b.cols[0] + 1)
                ),
                None => format!(
                    "Layer {} is past the spatial layers (a Flatten or a Linear mixes every position), or the model is too large to trace here.",
                    row.path
                ),
            };
            // The input as a rectangle of H x W units; the field on top.
            let rect = field.map(|b| {
                view! {
                    <rect class="net__field-box" x=b.cols[0] y=b.rows[0]
                        width=b.cols[1] - b.cols[0] + 1 height=b.rows[1] - b.rows[0] + 1 />
                }
            });
            Some(view! {
                <section class="net__field" data-testid="model-rf" aria-label="What a pixel sees"
                    data-cell=format!("{},{}", cell[0], cell[1])
                    data-rows=field.map(|b| format!("{},{}", b.rows[0], b.rows[1]))
                    data-cols=field.map(|b| format!("{},{}", b.cols[0], b.cols[1]))>
                    <h3>"What a pixel sees"</h3>
                    <div class="net__field-cell">
                        <label class="field"><span class="field__label">"row"</span>
                            <input class="field__input" type="text" inputmode="numeric" aria-label="output row" data-testid="net-cell-row"
                                prop:value=cell[0].to_string() on:change=move |e| set(0, event_target_value(&e)) /></label>
                        <label class="field"><span class="field__label">"column"</span>
                            <input class="field__input" type="text" inputmode="numeric" aria-label="output column" data-testid="net-cell-col"
                                prop:value=cell[1].to_string() on:change=move |e| set(1, event_target_value(&e)) /></label>
                        <span class="note">{format!("of {ho}x{wo}")}</span>
                    </div>
                    <p data-testid="net-field-words" data-box=field.map(|b| format!("{},{},{},{}", b.rows[0], b.rows[1], b.cols[0], b.cols[1]))>{words}</p>
                    <svg class="net__field-map" viewBox=format!("0 0 {w} {h}") preserveAspectRatio="xMidYMid meet"
                        role="img" aria-label=format!("the {h}x{w} input with the field marked")>
                        <rect class="net__field-input" x="0" y="0" width=w height=h />
                        {rect}
                    </svg>
                </section>
            })
        })
    }
}

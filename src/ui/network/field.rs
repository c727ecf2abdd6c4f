//! What one output pixel sees: the input positions that reach a picked
//! cell of a spatial layer, drawn over the input (or over a photo
//! stretched to the input's H x W), beside the layer's output with the
//! outputs that depend on invented padding shaded; and that border map
//! layer by layer. Click or use the arrow keys on the output to pick a cell.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::core::ops::network::border::BorderAxes;
use crate::core::ops::network::report::Report;
use crate::core::ops::network::NetError;
use crate::ui::image::panel::SAMPLES;

type Picked = RwSignal<Option<(usize, [i64; 2])>>;

/// Border bands (whole rows and whole columns) of a `h x w` map.
fn bands(b: &BorderAxes, h: usize, w: usize) -> impl IntoView {
    let rows = b.runs(0).into_iter().map(move |[r0, r1]| {
        view! { <rect class="net__border" x="0" y=r0 width=w height=r1 - r0 + 1 /> }
    });
    let cols = b.runs(1).into_iter().map(move |[c0, c1]| {
        view! { <rect class="net__border" x=c0 y="0" width=c1 - c0 + 1 height=h /> }
    });
    // One group at one opacity: where a row band crosses a column band the
    // shade is the same, not darker (a cell is at the border or not).
    view! { <g class="net__bands">{rows.collect_view()}{cols.collect_view()}</g> }
}

fn runs_text(runs: &[[usize; 2]]) -> String {
    let parts: Vec<String> = runs.iter().map(|[a, b]| format!("{a}-{b}")).collect();
    parts.join(",")
}

/// The cell under a click on an `h x w` map drawn in `el`.
fn cell_at(ev: &web_sys::MouseEvent, [h, w]: [i64; 2]) -> Option<[i64; 2]> {
    let el = ev.current_target()?.dyn_into::<web_sys::Element>().ok()?;
    let r = el.get_bounding_client_rect();
    if r.width() <= 0.0 || r.height() <= 0.0 {
        return None;
    }
    // The map keeps its aspect ratio, centred in the element's box.
    let scale = (r.width() / w as f64).min(r.height() / h as f64);
    let x0 = r.left() + (r.width() - scale * w as f64) / 2.0;
    let y0 = r.top() + (r.height() - scale * h as f64) / 2.0;
    let i = ((f64::from(ev.client_y()) - y0) / scale).floor() as i64;
    let j = ((f64::from(ev.client_x()) - x0) / scale).floor() as i64;
    ((0..h).contains(&i) && (0..w).contains(&j)).then_some([i, j])
}

/// The words under the figure: what the cell reads, and whether padding
/// reaches it.
fn field_words(r: &Report, k: usize, cell: [i64; 2]) -> String {
    let Some(row) = r.rows.get(k) else {
        return String::new();
    };
    let on_border = r
        .border_axes(k)
        .is_some_and(|b| b.at([cell[0].max(0) as usize, cell[1].max(0) as usize]));
    match r.receptive_box(k, cell) {
        Some(b) => format!(
            "output[:, :, {}, {}] of layer {} reads input rows {} to {} and columns {} to {}: {}x{} = {} positions in each channel it reads.{}",
            cell[0],
            cell[1],
            row.path,
            b.rows[0],
            b.rows[1],
            b.cols[0],
            b.cols[1],
            b.rows[1] - b.rows[0] + 1,
            b.cols[1] - b.cols[0] + 1,
            (b.rows[1] - b.rows[0] + 1) * (b.cols[1] - b.cols[0] + 1),
            if on_border { " Its window reaches invented padding at some layer (shaded)." } else { " No padding reaches it: it sees real pixels only." }
        ),
        None => format!(
            "Layer {} is past the spatial layers (a Flatten or a Linear mixes every position), or the model is too large to trace here.",
            row.path
        ),
    }
}

#[component]
pub fn FieldView(report: Memo<Option<Result<Report, NetError>>>, picked: Picked) -> impl IntoView {
    let photo = RwSignal::new(String::new());
    let section = NodeRef::<leptos::html::Section>::new();
    // The layer picked; the figure is drawn again only when it changes, so
    // the map keeps its focus while the arrow keys move the cell.
    let layer = Memo::new(move |_| picked.get().map(|(k, _)| k));
    let cell = Memo::new(move |_| picked.get().map_or([0, 0], |(_, c)| c));
    // A new layer brings the figure into view (the table can be long).
    Effect::new(move |prev: Option<Option<usize>>| {
        let now = layer.get();
        if prev.is_some_and(|p| p != now) {
            if let Some(el) = section.get_untracked() {
                el.scroll_into_view_with_bool(false);
            }
        }
        now
    });
    let field = Memo::new(move |_| {
        let k = layer.get()?;
        let c = cell.get();
        report.with(|r| r.as_ref()?.as_ref().ok()?.receptive_box(k, c))
    });
    let words = Memo::new(move |_| {
        let Some(k) = layer.get() else {
            return String::new();
        };
        let c = cell.get();
        report.with(|r| match r {
            Some(Ok(r)) => field_words(r, k, c),
            _ => String::new(),
        })
    });
    move || {
        let k = layer.get()?;
        report.with(|r| {
            let r = r.as_ref()?.as_ref().ok()?;
            let row = r.rows.get(k)?;
            let [h, w] = [*r.input.get(2)?, *r.input.get(3)?];
            let [ho, wo] = [*row.output.get(2)?, *row.output.get(3)?];
            let path = row.path.clone();
            let border = r.border_axes(k);
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
            let rect = move || {
                field.get().map(|b| {
                    view! {
                        <rect class="net__field-box" x=b.cols[0] y=b.rows[0]
                            width=b.cols[1] - b.cols[0] + 1 height=b.rows[1] - b.rows[0] + 1 />
                    }
                })
            };
            let image = move || {
                let file = photo.get();
                (!file.is_empty()).then(|| view! {
                    <image href=format!("samples/{file}") x="0" y="0" width=w height=h preserveAspectRatio="none" />
                })
            };
            let summary = border.as_ref().map(|b| {
                format!("{} of {} outputs ({}%) depend on invented padding, shaded.", b.count(), b.total(),
                    if b.total() == 0 { 0 } else { (b.count() * 100 + b.total() / 2) / b.total() })
            });
            let (border_rows, border_cols) = border
                .as_ref()
                .map_or((String::new(), String::new()), |b| (runs_text(&b.runs(0)), runs_text(&b.runs(1))));
            let out_bands = border.as_ref().map(|b| bands(b, ho as usize, wo as usize));
            let keys = move |ev: web_sys::KeyboardEvent| {
                let step = match ev.key().as_str() {
                    "ArrowUp" => [-1, 0],
                    "ArrowDown" => [1, 0],
                    "ArrowLeft" => [0, -1],
                    "ArrowRight" => [0, 1],
                    _ => return,
                };
                ev.prevent_default();
                picked.update(|p| {
                    if let Some((_, c)) = p {
                        c[0] = (c[0] + step[0]).clamp(0, ho - 1);
                        c[1] = (c[1] + step[1]).clamp(0, wo - 1);
                    }
                });
            };
            let label_path = path.clone();
            Some(view! {
                <section class="net__field" data-testid="model-rf" aria-label="What a pixel sees" node_ref=section
                    data-cell=move || { let c = cell.get(); format!("{},{}", c[0], c[1]) }
                    data-rows=move || field.get().map(|b| format!("{},{}", b.rows[0], b.rows[1]))
                    data-cols=move || field.get().map(|b| format!("{},{}", b.cols[0], b.cols[1]))>
                    <h3>{format!("What a pixel of layer {path} sees")}</h3>
                    <div class="net__field-cell">
                        <label class="field"><span class="field__label">"row"</span>
                            <input class="field__input" type="text" inputmode="numeric" aria-label="output row" data-testid="net-cell-row"
                                prop:value=move || cell.get()[0].to_string() on:change=move |e| set(0, event_target_value(&e)) /></label>
                        <label class="field"><span class="field__label">"column"</span>
                            <input class="field__input" type="text" inputmode="numeric" aria-label="output column" data-testid="net-cell-col"
                                prop:value=move || cell.get()[1].to_string() on:change=move |e| set(1, event_target_value(&e)) /></label>
                        <span class="note">{format!("of {ho}x{wo}")}</span>
                        <label class="field"><span class="field__label">"Input picture"</span>
                            <select data-testid="net-field-photo" aria-label="Input picture" on:change=move |e| photo.set(event_target_value(&e))>
                                <option value="" selected=move || photo.get().is_empty()>"None (the input's grid)"</option>
                                {SAMPLES.iter().map(|(file, name)| view! {
                                    <option value=*file selected=move || photo.get() == *file>{*name}</option>
                                }).collect_view()}
                            </select>
                        </label>
                    </div>
                    <p data-testid="net-field-words" role="status"
                        data-box=move || field.get().map(|b| format!("{},{},{},{}", b.rows[0], b.rows[1], b.cols[0], b.cols[1]))>{move || words.get()}</p>
                    <div class="net__field-figs">
                        <figure class="net__fig">
                            <svg class="net__field-map" viewBox=format!("0 0 {w} {h}") preserveAspectRatio="xMidYMid meet"
                                role="img" aria-label=format!("the {h}x{w} input with the field marked")>
                                <rect class="net__field-input" x="0" y="0" width=w height=h />
                                {image}
                                {rect}
                            </svg>
                            <figcaption>{move || if photo.get().is_empty() {
                                format!("input, {h}x{w}")
                            } else {
                                format!("input, {h}x{w}: the photo stretched to it")
                            }}</figcaption>
                        </figure>
                        <figure class="net__fig">
                            <svg class="net__field-map net__field-out" viewBox=format!("0 0 {wo} {ho}") preserveAspectRatio="xMidYMid meet"
                                tabindex="0" role="img" data-testid="net-field-out"
                                data-border=border.as_ref().map(|b| b.count().to_string())
                                data-border-rows=border_rows data-border-cols=border_cols
                                aria-label=move || { let c = cell.get(); format!("layer {label_path} output, {ho}x{wo}; cell {}, {} picked; click or use the arrow keys to pick another", c[0], c[1]) }
                                on:click=move |ev| {
                                    if let Some(c) = cell_at(&ev, [ho, wo]) {
                                        picked.update(|p| if let Some((_, at)) = p { *at = c });
                                    }
                                }
                                on:keydown=keys>
                                <rect class="net__field-input" x="0" y="0" width=wo height=ho />
                                {out_bands}
                                <rect class="net__field-cellmark" x=move || cell.get()[1] y=move || cell.get()[0] width="1" height="1" />
                            </svg>
                            <figcaption>{format!("layer {} output, {ho}x{wo}. ", row.path)}{summary}</figcaption>
                        </figure>
                    </div>
                    <LayerBorders report picked />
                </section>
            })
        })
    }
}

/// The border map of every layer on the spatial chain, small, in order:
/// how the invented border grows into the picture layer by layer. A map
/// picks its layer (at its centre cell).
#[component]
fn LayerBorders(report: Memo<Option<Result<Report, NetError>>>, picked: Picked) -> impl IntoView {
    move || {
        report.with(|r| {
            let r = r.as_ref()?.as_ref().ok()?;
            let now = picked.get().map(|(k, _)| k);
            let maps = (0..r.spatial_len())
                .filter_map(|k| {
                    let row = r.rows.get(k)?;
                    let b = r.border_axes(k)?;
                    let [ho, wo] = [*row.output.get(2)?, *row.output.get(3)?];
                    let centre = [ho / 2, wo / 2];
                    let count = b.count();
                    let total = b.total();
                    let bands = bands(&b, ho as usize, wo as usize);
                    Some(view! {
                        <li>
                            <button class="net__layer-border" class:net__layer-border--picked=now == Some(k)
                                data-testid="net-border-layer" data-path=row.path.clone()
                                data-border=count.to_string() data-total=total.to_string()
                                aria-label=format!("{} {} {ho}x{wo}: {count}/{total}, outputs at the border", row.path, row.kind)
                                on:click=move |_| picked.set(Some((k, centre)))>
                                <svg viewBox=format!("0 0 {wo} {ho}") preserveAspectRatio="xMidYMid meet" aria-hidden="true">
                                    <rect class="net__field-input" x="0" y="0" width=wo height=ho />
                                    {bands}
                                </svg>
                                <span>{format!("{} {}", row.path, row.kind)}</span>
                                " "
                                <span class="note">{format!("{ho}x{wo}: {count}/{total}")}</span>
                            </button>
                        </li>
                    })
                })
                .collect_view();
            Some(view! {
                <h4>"Invented padding, layer by layer"</h4>
                <p class="note">"Shaded outputs depend on padding somewhere below them: each padded layer widens the band, and what is left clean is what sees only the real picture."</p>
                <ol class="net__borders">{maps}</ol>
            })
        })
    }
}

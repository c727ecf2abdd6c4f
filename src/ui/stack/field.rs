//! The receptive field of the picked cell in numbers: how many input cells
//! it spans per axis and how far apart neighbouring fields sit (the
//! effective stride), with the layers' numbers put into the formulas.

use leptos::prelude::*;

use crate::core::ops::stack::ReceptiveField;
use crate::ui::shell::state::{use_lab, Event};

#[component]
pub fn FieldPanel(field: Memo<Option<ReceptiveField>>) -> impl IntoView {
    let lab = use_lab();
    let rows = Memo::new(move |_| {
        let (layer, idx) = lab.pick.get()?;
        lab.shown_stack.with(|s| {
            let s = s.as_ref()?;
            let steps: Vec<_> = (0..=layer).filter_map(|m| s.receptive_size(m)).collect();
            Some((layer, idx, steps))
        })
    });
    view! {
        <section class="rf" aria-label="Receptive field" data-testid="receptive-field">
            <h3 class="rf__head">"Receptive field"</h3>
            {move || match rows.get() {
                None => view! {
                    <p class="note">"Click a cell of any layer to see which input cells it depends on, and through how many paths (all weights taken as 1)."</p>
                }.into_any(),
                Some((layer, [n, c, i, j], steps)) => {
                    let bounds = field.with(|f| f.as_ref().and_then(|f| f.bounds(0)));
                    // The count is per channel: say which channels it spans.
                    let (channels, all) = lab.shown_stack.with(|s| {
                        s.as_ref().map_or((Vec::new(), 0), |s| {
                            (s.channels_read(layer, c), s.level(0).map_or(0, |a| a.dim().1))
                        })
                    });
                    let which = match channels.as_slice() {
                        [one] if all == 1 => format!("of the input's one channel (input channel {one})"),
                        [one] => format!("in input channel {one} only"),
                        list if list.len() == all => format!("in each of the input's {all} channels"),
                        list => format!(
                            "in each of input channels {} (groups keep it to these)",
                            list.iter().map(|x| x.to_string()).collect::<Vec<_>>().join(", ")
                        ),
                    };
                    let span = bounds.map(|[[t, b], [l, r]]| {
                        format!(
                            "On the input it covers rows {t} to {b} and columns {l} to {r}: {}x{} = {} positions {which}.",
                            b - t + 1,
                            r - l + 1,
                            (b - t + 1) * (r - l + 1)
                        )
                    });
                    let last = steps.last().cloned();
                    view! {
                        <p class="rf__cell" data-testid="rf-cell">{format!("Picked: layer {layer} output[{n}, {c}, {i}, {j}]")}</p>
                        {span.map(|t| view! { <p class="rf__span">{t}</p> })}
                        {last.map(|[h, w]| view! {
                            <div class="rf__formulas" data-testid="rf-size">
                                {[h, w].into_iter().map(|a| view! {
                                    <p class="rf__f"><strong>{format!("{}: size ", a.axis)}</strong><code>{a.total.substituted.clone()}</code></p>
                                    <p class="rf__f"><strong>{format!("{}: jump (effective stride) ", a.axis)}</strong><code>{a.jump.substituted.clone()}</code></p>
                                }).collect_view()}
                            </div>
                        })}
                        <details class="rf__steps">
                            <summary>"Layer by layer"</summary>
                            {steps.into_iter().map(|[h, w]| view! {
                                <p class="rf__f"><code>{format!("H: {}   {}", h.size.substituted, h.jump.substituted)}</code></p>
                                <p class="rf__f"><code>{format!("W: {}   {}", w.size.substituted, w.jump.substituted)}</code></p>
                            }).collect_view()}
                            <p class="note">"The size ignores the edges, where padding may clip the field (zeros) or fold it back (reflect, replicate, circular)."</p>
                        </details>
                        <button class="btn btn--small" on:click=move |_| { lab.send(Event::Pick(None)); }>"Clear the pick"</button>
                    }.into_any()
                }
            }}
        </section>
    }
}

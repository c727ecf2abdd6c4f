//! The scatter view's arithmetic: each tap of the current stamp, for one
//! output channel: the cell's value times the weight, added where it lands.

use leptos::prelude::*;

use crate::core::ops::transpose::scatter::ScatterFrame;
use crate::ui::widgets::format::{exact, exact_term};

/// Rows listed before the rest are summarised.
const MAX_ROWS: usize = 16;

#[component]
pub fn StampList(frame: ScatterFrame, o: usize) -> impl IntoView {
    let n = frame.index[0];
    let taps: Vec<_> = frame
        .stamps
        .iter()
        .filter(|t| t.channel == o)
        .copied()
        .collect();
    let more = taps.len().saturating_sub(MAX_ROWS);
    view! {
        <div class="stamps" data-testid="stamp-list">
            <h3 class="stamps__title">{format!("This stamp on output channel {o}, tap by tap")}</h3>
            <ul class="stamps__list">
                {taps.into_iter().take(MAX_ROWS).map(|t| {
                    let [c, ol, a, b] = t.weight_index;
                    let lands = if t.inside {
                        match (t.before, t.after) {
                            (Some(before), Some(after)) => format!(
                                "output[{n}, {o}, {}, {}]: {} + {} = {}",
                                t.pos[0], t.pos[1], exact(before), exact_term(t.product), exact(after)
                            ),
                            _ => format!("output[{n}, {o}, {}, {}] += {}", t.pos[0], t.pos[1], exact(t.product)),
                        }
                    } else {
                        format!("row {}, column {}: outside the output, dropped", t.pos[0], t.pos[1])
                    };
                    view! {
                        <li class="stamps__row" class:stamps__row--out=!t.inside>
                            <code>{format!("{} \u{00d7} weight[{c}, {ol}, {a}, {b}] ({}) = {}", exact(frame.value), exact(t.weight), exact(t.product))}</code>
                            " \u{2192} "
                            <code>{lands}</code>
                        </li>
                    }
                }).collect_view()}
            </ul>
            {(more > 0).then(|| view! { <p class="note">{format!("{more} more taps not listed.")}</p> })}
        </div>
    }
}

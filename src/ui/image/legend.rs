//! The colour scale of a tensor's pictures, and its range.

use leptos::prelude::*;

use crate::core::present::display::compact;
use crate::core::present::picture::{legend_gradient, Range, Tone};

/// The colour scale of a tensor, and its range, under its pictures.
#[component]
pub fn PictureLegend(range: Memo<Range>, #[prop(into)] label: Signal<String>) -> impl IntoView {
    view! {
        <div class="pic-legend" data-testid="picture-legend">
            <span class="pic-legend__label">{label}</span>
            {move || {
                let r = range.get();
                let tone = r.tone();
                let (lo, mid, hi) = match tone {
                    Tone::Plain => ("0 black".to_string(), None, "1 white".to_string()),
                    Tone::Diverging { scale } => (compact(-scale), Some("0"), compact(scale)),
                };
                view! {
                    <span class="pic-legend__end">{lo}</span>
                    <span class="pic-legend__bar" style=format!("background: {}", legend_gradient(tone))>
                        {mid.map(|m| view! { <span class="pic-legend__mid">{m}</span> })}
                    </span>
                    <span class="pic-legend__end">{hi}</span>
                    <span class="pic-legend__range">
                        {format!("values {} to {}", compact(r.min), compact(r.max))}
                        {r.non_finite.then_some(", some not finite (magenta)")}
                    </span>
                }
            }}
        </div>
    }
}

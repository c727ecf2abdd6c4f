//! The magnifier: the kernel window of the channel being summed, enlarged,
//! with each tap's input value, the kernel value it meets and their product.
//! The picture's window only outlines the taps; the numbers are read here.

use leptos::prelude::*;

use super::state::use_lab;
use crate::core::display::compact;
use crate::core::Frame;

/// Kernels with more taps than this are summarised (the arithmetic lists them).
const MAX_TAPS: usize = 81;

#[component]
pub fn Magnifier(frame: Memo<Option<Frame>>) -> impl IntoView {
    let lab = use_lab();
    move || {
        let sub = lab.current_sub();
        frame.with(|f| {
            let f = f.as_ref()?;
            let ch = (f.channels.start + sub).min(f.channels.end.saturating_sub(1));
            let s = f.substeps.iter().find(|s| s.channel == ch)?;
            let kh = s.taps.iter().map(|t| t.tap[0] + 1).max().unwrap_or(1);
            let kw = s.taps.iter().map(|t| t.tap[1] + 1).max().unwrap_or(1);
            if s.taps.len() > MAX_TAPS {
                return Some(
                    view! {
                        <p class="note" data-testid="magnifier">{format!("The window has {} taps: too many to magnify; the arithmetic lists them.", s.taps.len())}</p>
                    }
                    .into_any(),
                );
            }
            let multi = f.substeps.len() > 1;
            let caption = if multi { format!("window on channel {ch}: input \u{00d7} kernel") } else { "window: input \u{00d7} kernel".to_string() };
            Some(
                view! {
                    <figure class="mag" data-testid="magnifier">
                        <figcaption class="mag__title">{caption}</figcaption>
                        <div class="mag__grid" style=format!("--cols:{kw}; --rows:{kh}")>
                            {s.taps.iter().map(|t| {
                                let title = format!("{} \u{00d7} {} = {}", t.input, t.weight, t.product);
                                view! {
                                    <div class="mag__tap" class:mag__tap--pad=t.source.is_padding() title=title
                                        style=format!("grid-row:{}; grid-column:{}", t.tap[0] + 1, t.tap[1] + 1)>
                                        <span class="mag__vw">{format!("{}\u{00d7}{}", compact(t.input), term_compact(t.weight))}</span>
                                        <span class="mag__p focal">{compact(t.product)}</span>
                                    </div>
                                }
                            }).collect_view()}
                        </div>
                    </figure>
                }
                .into_any(),
            )
        })
    }
}

/// A kernel value in a product: in parentheses when negative.
fn term_compact(v: f64) -> String {
    let s = compact(v);
    if s.starts_with('-') {
        format!("({s})")
    } else {
        s
    }
}

//! Which input channels feed each output channel: all-to-all for
//! `groups=1`, blocks for `groups=g`, one-to-one for depthwise. The active
//! output channel and the channels it reads light up as the frames play.

use leptos::prelude::*;

use crate::core::present::connections::Wiring;
use crate::core::{Frame, Plan};

#[component]
pub fn Connections(
    #[prop(into)] plan: Signal<Option<Plan>>,
    frame: Memo<Option<Frame>>,
) -> impl IntoView {
    let info = Memo::new(move |_| plan.with(|p| p.as_ref().map(Wiring::of)));
    view! {
        <section class="conn" aria-label="Channel connections" data-testid="connections">
            {move || {
                let w = info.get()?;
                if let Some(note) = w.too_many() {
                    return Some(view! { <p class="note">{note}</p> }.into_any());
                }
                let (why, label) = (w.why(), w.label());
                let (c, o, reads) = (w.in_channels, w.out_channels, w.reads);
                let rows = c.max(o) as f64;
                let height = (rows * 16.0).clamp(60.0, 260.0);
                let y = move |k: usize, n: usize| 10.0 + (height - 20.0) * (k as f64 + 0.5) / n as f64;
                // Lines grouped by output channel: one reactive class per group.
                let lines = reads
                    .into_iter()
                    .enumerate()
                    .map(|(oc, (grp, channels))| {
                        let active = move || frame.with(|f| f.as_ref().is_some_and(|f| f.index[1] == oc));
                        let lines = channels
                            .map(|ic| view! { <line x1="40" y1=y(ic, c) x2="200" y2=y(oc, o) /> })
                            .collect_view();
                        view! {
                            <g class=format!("conn__line conn__line--g{}", grp % 6) class:conn__line--active=active>
                                {lines}
                            </g>
                        }
                    })
                    .collect_view();
                // Label every k-th node, so that labels (up to 20 px tall in
                // classroom mode) never run into each other.
                let every = move |n: usize| ((22.0 * n as f64) / (height - 20.0)).ceil().max(1.0) as usize;
                let (ein, eout) = (every(c), every(o));
                let ins = (0..c).map(|ic| {
                    let active = move || frame.with(|f| f.as_ref().is_some_and(|f| f.channels.contains(&ic)));
                    view! {
                        <circle cx="40" cy=y(ic, c) r="6" class="conn__node" class:conn__node--active=active />
                        {(ic % ein == 0).then(|| view! { <text x="28" y=y(ic, c) class="conn__text conn__text--in">{ic}</text> })}
                    }
                }).collect_view();
                let outs = (0..o).map(|oc| {
                    let active = move || frame.with(|f| f.as_ref().is_some_and(|f| f.index[1] == oc));
                    view! {
                        <circle cx="200" cy=y(oc, o) r="6" class="conn__node" class:conn__node--active=active />
                        {(oc % eout == 0).then(|| view! { <text x="212" y=y(oc, o) class="conn__text">{oc}</text> })}
                    }
                }).collect_view();
                Some(view! {
                    <svg class="conn__svg" viewBox=format!("0 0 240 {height}") width="240" height=height role="img"
                        aria-label=label>
                        {lines}{ins}{outs}
                    </svg>
                    <p class="conn__why" data-testid="connections-why">{why}</p>
                }.into_any())
            }}
        </section>
    }
}

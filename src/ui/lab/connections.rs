//! Which input channels feed each output channel: all-to-all for
//! `groups=1`, blocks for `groups=g`, one-to-one for depthwise. The active
//! output channel and the channels it reads light up as the frames play.

use leptos::prelude::*;

use crate::core::{Frame, Plan};

const MAX_NODES: usize = 64;

#[component]
pub fn Connections(
    #[prop(into)] plan: Signal<Option<Plan>>,
    frame: Memo<Option<Frame>>,
) -> impl IntoView {
    let info = Memo::new(move |_| {
        plan.with(|p| {
            p.as_ref().map(|p| {
                // Which input channels each output channel reads (the core's rule).
                let reads: Vec<(usize, std::ops::Range<usize>)> = (0..p.out_channels())
                    .map(|o| (p.group_of(o), p.channels_of(o)))
                    .collect();
                (
                    p.in_channels(),
                    p.out_channels(),
                    p.groups,
                    p.group_in(),
                    p.kernel_hw(),
                    reads,
                )
            })
        })
    });
    view! {
        <section class="conn" aria-label="Channel connections" data-testid="connections">
            {move || {
                let (c, o, g, gi, [kh, kw], reads) = info.get()?;
                if c > MAX_NODES || o > MAX_NODES {
                    return Some(view! {
                        <p class="note">{format!("{c} inputs and {o} outputs in {g} groups: too many to draw.")}</p>
                    }.into_any());
                }
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
                let why = format!(
                    "groups={g}: each of the {o} filters reads C_in/groups = {c}/{g} = {gi} channel{}, so weight is ({o}, {gi}, {kh}, {kw}).",
                    if gi == 1 { "" } else { "s" }
                );
                Some(view! {
                    <svg class="conn__svg" viewBox=format!("0 0 240 {height}") width="240" height=height role="img"
                        aria-label=format!("{c} input channels to {o} output channels in {g} groups")>
                        {lines}{ins}{outs}
                    </svg>
                    <p class="conn__why" data-testid="connections-why">{why}</p>
                }.into_any())
            }}
        </section>
    }
}

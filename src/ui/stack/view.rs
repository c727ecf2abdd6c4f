//! The stack view: every level from the input to the last layer's output,
//! the current frame's arithmetic, and the picked cell's receptive field.
//! Play and Step walk the stack's timeline: layer 0's frames, then layer
//! 1's, each layer's kernel sliding over the level below. A pool layer's
//! frame shows its pick, or its sum and divisor (`pool-arithmetic`, with
//! `data-kind`, `data-picked`, `data-sum` and `data-divisor`).

use leptos::prelude::*;

use crate::core::ops::stack::{PoolKind, Stack, StackFrame};
use crate::core::present::display::exact;
use crate::core::present::pool::pool_said;
use crate::core::{Frame, Plan};
use crate::ui::lab::arithmetic::Arithmetic;
use crate::ui::shell::state::use_lab;
use crate::ui::stack::field::FieldPanel;
use crate::ui::stack::level::Level;

#[component]
pub fn StackView() -> impl IntoView {
    let lab = use_lab();
    let levels = Memo::new(move |_| {
        lab.shown_stack
            .with(|s| s.as_ref().map_or(0, |s| s.len() + 1))
    });
    // The border maps and the receptive field follow the stack's geometry,
    // not its values: a typed value does not recompute them. They read the
    // geometry memo, not just `track()` it: a memo that is never read never
    // runs, so it never learns that the stack changed, and nor would they.
    let geometry = Memo::new(move |_| lab.shown_stack.with(|s| s.as_ref().map(Stack::geometry)));
    let borders = Memo::new(move |_| {
        geometry.with(|_| ());
        lab.shown_stack
            .with_untracked(|s| s.as_ref().map(Stack::border_maps).unwrap_or_default())
    });
    let field = Memo::new(move |_| {
        geometry.with(|_| ());
        let (layer, [_, _, i, j]) = lab.pick.get()?;
        lab.shown_stack
            .with_untracked(|s| s.as_ref()?.receptive_field(layer, [i, j]))
    });
    let frame: Memo<Option<StackFrame>> = Memo::new(move |_| {
        let step = lab.current_step();
        lab.shown_stack.with(|s| s.as_ref()?.frame_at(step))
    });
    let layer = Memo::new(move |_| frame.with(|f| f.as_ref().map_or(0, |f| f.layer)));
    let plan: Memo<Option<Plan>> = Memo::new(move |_| {
        let l = layer.get();
        lab.shown_stack.with(|s| s.as_ref()?.conv_plan(l).cloned())
    });
    let plan: Signal<Option<Plan>> = plan.into();
    // A conv layer's frame goes to the arithmetic panel; a pool layer's
    // has its own words.
    let current: Memo<Option<Frame>> = Memo::new(move |_| {
        frame.with(|f| {
            f.as_ref()
                .filter(|f| f.pool.is_none())
                .map(|f| f.frame.clone())
        })
    });
    let pooled = Memo::new(move |_| {
        frame.with(|f| {
            let f = f.as_ref()?;
            let s = f.pool.as_ref()?;
            let kind = match s.kind {
                PoolKind::Max => "max",
                PoolKind::Avg => "avg",
            };
            let divisor = s.divisor.map(|d| d.value().to_string());
            let picked = s.picked.map(|[y, x]| format!("{y},{x}"));
            Some((pool_said(f.layer, s), kind, divisor, picked, exact(s.sum)))
        })
    });
    let where_ = move || {
        frame.with(|f| {
            f.as_ref().map(|f| {
                let [n, o, i, j] = f.frame.index;
                let reads = match f.layer {
                    0 => "the input".to_string(),
                    l => format!("layer {}'s output", l - 1),
                };
                format!(
                    "Layer {} slides over {reads} and writes its output[{n}, {o}, {i}, {j}] (step {} of that layer).",
                    f.layer,
                    f.local + 1
                )
            })
        })
    };
    view! {
        <div class="stackv" data-testid="stack-view">
            <div class="stackv__levels">
                {move || {
                    let count = levels.get();
                    (0..count).map(|k| {
                        let last = k + 1 == count && k > 0;
                        view! { <Level k last borders field frame /> }
                    }).collect_view()
                }}
            </div>
            <aside class="stackv__info" tabindex="0" aria-label="The current step and the receptive field">
                <p class="stackv__where" data-testid="stack-where">{where_}</p>
                <FieldPanel field />
                <Arithmetic plan frame=current />
                {move || pooled.get().map(|(said, kind, divisor, picked, sum)| view! {
                    <section class="arith pool-arith" aria-label="Pool arithmetic" data-testid="pool-arithmetic"
                        data-kind=kind data-divisor=divisor data-picked=picked data-sum=sum>
                        <h2 class="arith__head">{said.head}</h2>
                        <ul class="pool-arith__lines">
                            {said.lines.into_iter().map(|l| view! { <li data-testid="pool-line">{l}</li> }).collect_view()}
                        </ul>
                        <div class="arith__total" data-testid="pool-result">{said.result}</div>
                    </section>
                })}
                <div class="legend" aria-label="Legend">
                    <span class="legend__item"><span class="swatch swatch--neg"></span>"negative"</span>
                    <span class="legend__item"><span class="swatch swatch--pos"></span>"positive"</span>
                    <span class="legend__item"><span class="swatch swatch--border"></span>"depends on an invented (padding) pixel"</span>
                    <span class="legend__item"><span class="swatch swatch--ring"></span>"invented border the next layer pads with"</span>
                    <span class="legend__item"><span class="swatch swatch--rf"></span>"in the receptive field"</span>
                    <span class="legend__item"><span class="swatch swatch--win"></span>"kernel window"</span>
                    <span class="legend__item"><span class="swatch swatch--pick"></span>"a max pool's pick"</span>
                    <span class="legend__item"><span class="swatch swatch--ceil"></span>"only ceil_mode's last window reaches here (nothing read)"</span>
                </div>
            </aside>
        </div>
    }
}

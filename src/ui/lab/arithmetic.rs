//! The sum of products as an equation with the numbers: channel by channel
//! (so it is plain that an output sums over every input channel of its
//! group), then the bias, then the value.
//!
//! The text is worked out once per frame in a memo; the elements are built
//! once and their text replaced in place, so an edit that changes a number
//! re-lays out that number only. A row is new (and plays its arrival) when
//! the step or the channel it shows is new, not when an edit changes it.

use leptos::prelude::*;

use crate::core::present::arithmetic::{said, Row, Said};
use crate::core::{Frame, Plan};
use crate::ui::lab::magnifier::Magnifier;
use crate::ui::shell::state::use_lab;

#[component]
pub fn Arithmetic(
    #[prop(into)] plan: Signal<Option<Plan>>,
    frame: Memo<Option<Frame>>,
) -> impl IntoView {
    let lab = use_lab();
    let text = Memo::new(move |_| {
        let sub = lab.current_sub();
        let kind = plan.with(|p| p.as_ref().map(|p| p.kind));
        let asking = lab.asking();
        frame.with(|f| {
            f.as_ref().map(|f| {
                let s = said(f, kind, sub);
                if asking {
                    s.asked()
                } else {
                    s
                }
            })
        })
    });
    // One of the text's parts, or the empty string while there is none.
    let part = move |get: fn(&Said) -> String| {
        move || text.with(|t| t.as_ref().map(get).unwrap_or_default())
    };
    let row = move |key: (usize, usize), get: fn(&Row) -> String| {
        move || {
            text.with(|t| {
                t.as_ref()
                    .and_then(|t| t.rows.iter().find(|r| r.key == key))
                    .map(get)
                    .unwrap_or_default()
            })
        }
    };
    let keys = move || {
        text.with(|t| {
            t.as_ref()
                .map(|t| t.rows.iter().map(|r| r.key).collect::<Vec<_>>())
                .unwrap_or_default()
        })
    };
    view! {
        <section class="arith" id="arithmetic" tabindex="-1" aria-label="Arithmetic" data-testid="arithmetic">
            <Show when=move || text.with(Option::is_some)>
                <h2 class="arith__head">{part(|t| t.head.clone())}</h2>
                <Magnifier frame />
                <For each=keys key=|k| *k let:key>
                    <div
                        class="arith__row"
                        class:arith__row--new=move || text.with(|t| t.as_ref().is_some_and(|t| t.rows.iter().any(|r| r.key == key && r.new)))
                    >
                        <span class="arith__label">{row(key, |r| r.label.clone())}</span>
                        <span class="arith__terms">{row(key, |r| r.terms.clone())}</span>
                        <span class="arith__eq">{row(key, |r| r.eq.clone())}</span>
                    </div>
                </For>
                <Show when=move || text.with(|t| t.as_ref().is_some_and(|t| t.total.is_some()))>
                    <div class="arith__total">{part(|t| t.total.clone().unwrap_or_default())}</div>
                </Show>
                <div
                    class="arith__result focal"
                    data-testid="arith-result"
                    data-complete=move || text.with(|t| t.as_ref().is_some_and(|t| t.complete)).to_string()
                    // The exact value, as Python prints it, on hover.
                    title=part(|t| format!("exactly {}", t.exact))
                >
                    {part(|t| t.result.clone())}
                </div>
            </Show>
        </section>
    }
}

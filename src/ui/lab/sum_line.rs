//! The current step's sum of products on one line, under the player (in
//! compare, above each side's grids): on the first screen, where the full
//! arithmetic panel may not be, as in classroom mode on a projector.

use leptos::prelude::*;

use crate::core::present::arithmetic::said;
use crate::core::{Frame, Plan};
use crate::ui::shell::state::use_lab;

#[component]
pub fn SumLine(
    plan: Signal<Option<Plan>>,
    frame: Memo<Option<Frame>>,
    testid: &'static str,
) -> impl IntoView {
    let lab = use_lab();
    let sum = Memo::new(move |_| {
        let sub = lab.current_sub();
        let kind = plan.with(|p| p.as_ref().map(|p| p.kind));
        let asking = lab.asking();
        frame.with(|f| {
            f.as_ref().map(|f| {
                let s = said(f, kind, sub);
                let s = if asking { s.asked() } else { s };
                // One channel: its products, then the result. Several: each
                // channel's products and partial sum, then the result.
                let terms: Vec<String> = match s.rows.as_slice() {
                    [one] => vec![one.terms.clone()],
                    rows => rows
                        .iter()
                        .map(|r| format!("{}{}", r.terms, r.eq))
                        .collect(),
                };
                (
                    format!("{}: {}", s.head, terms.join("; ")),
                    s.result,
                    s.exact,
                )
            })
        })
    });
    move || {
        sum.get().map(|(terms, result, exact)| {
            let whole = format!("{terms} {result} (exactly {exact})");
            view! {
                <p class="sum-line" data-testid=testid title=whole>
                    <span class="sum-line__terms">{terms}</span>" "<strong class="sum-line__result">{result}</strong>
                </p>
            }
        })
    }
}

//! The sum of products as an equation with the numbers: channel by channel
//! (so it is plain that an output sums over every input channel of its
//! group), then the bias, then the value.

use leptos::prelude::*;

use super::format::{exact as short, exact_term as term};
use super::magnifier::Magnifier;
use super::state::use_lab;
use crate::core::{Frame, OpKind, Plan};

/// Terms written out per channel before the rest is summarised.
const MAX_TERMS: usize = 25;

#[component]
pub fn Arithmetic(
    #[prop(into)] plan: Signal<Option<Plan>>,
    frame: Memo<Option<Frame>>,
) -> impl IntoView {
    let lab = use_lab();
    view! {
        <section class="arith" aria-label="Arithmetic" data-testid="arithmetic">
            {move || {
                let sub = lab.current_sub();
                let kind = plan.with(|p| p.as_ref().map(|p| p.kind));
                frame.with(|f| {
                    let f = f.as_ref()?;
                    let [n, o, i, j] = f.index;
                    let head = if kind == Some(OpKind::Torch) {
                        format!("output[{n}, {o}, {i}, {j}]")
                    } else {
                        format!("output[{i}, {j}]")
                    };
                    let last = (f.channels.start + sub).min(f.channels.end - 1);
                    let complete = last + 1 == f.channels.end;
                    let multi = f.substeps.len() > 1;
                    let rows = f
                        .substeps
                        .iter()
                        .filter(|s| s.channel <= last)
                        .map(|s| {
                            let terms: Vec<String> = s
                                .taps
                                .iter()
                                .take(MAX_TERMS)
                                .map(|t| format!("{}\u{00d7}{}", term(t.input), term(t.weight)))
                                .collect();
                            let more = s.taps.len().saturating_sub(MAX_TERMS);
                            let tail = if more > 0 { format!(" + \u{2026} ({more} more)") } else { String::new() };
                            let label = if kind == Some(OpKind::Torch) {
                                format!("channel {} \u{00b7} weight[{o}, {}]", s.channel, s.slice)
                            } else {
                                String::new()
                            };
                            view! {
                                <div class="arith__row" class:arith__row--new=s.channel == last>
                                    <span class="arith__label">{label}</span>
                                    <span class="arith__terms">{terms.join(" + ")}{tail}</span>
                                    <span class="arith__eq">" = " {short(s.partial)}</span>
                                </div>
                            }
                        })
                        .collect_view();
                    let running = f.substeps.iter().find(|s| s.channel == last).map_or(0.0, |s| s.running);
                    let total = if multi {
                        let parts: Vec<String> = f.substeps.iter().filter(|s| s.channel <= last).map(|s| term(s.partial)).collect();
                        Some(format!("sum over channels: {} = {}", parts.join(" + "), short(running)))
                    } else {
                        None
                    };
                    let result = if complete {
                        match f.bias {
                            Some(b) => format!("{} + bias {} = {}", short(running), term(b), short(f.value)),
                            None => format!("= {}", short(f.value)),
                        }
                    } else {
                        format!("{} of {} channels summed so far\u{2026}", last + 1 - f.channels.start, f.substeps.len())
                    };
                    Some(view! {
                        <h2 class="arith__head">{head}</h2>
                        <Magnifier frame />
                        {rows}
                        {total.map(|t| view! { <div class="arith__total">{t}</div> })}
                        <div class="arith__result focal" data-testid="arith-result" data-complete=complete.to_string()>{result}</div>
                    })
                })
            }}
        </section>
    }
}

//! The sum of products as an equation with the numbers: channel by channel
//! (so it is plain that an output sums over every input channel of its
//! group), then the bias, then the value.
//!
//! The text is worked out once per frame in a memo; the elements are built
//! once and their text replaced in place, so an edit that changes a number
//! re-lays out that number only. A row is new (and plays its arrival) when
//! the step or the channel it shows is new, not when an edit changes it.

use leptos::prelude::*;

use crate::core::{Frame, OpKind, Plan};
use crate::ui::lab::magnifier::Magnifier;
use crate::ui::shell::state::use_lab;
use crate::ui::widgets::format::{exact as short, exact_term as term};

/// Terms written out per channel before the rest is summarised.
const MAX_TERMS: usize = 25;

/// One channel's row: its label, products and partial sum.
#[derive(Clone, PartialEq)]
struct Row {
    /// `(step, channel)`: a row is built again for a new step or channel.
    key: (usize, usize),
    label: String,
    terms: String,
    eq: String,
    new: bool,
}

/// Everything the panel says about one frame.
#[derive(Clone, PartialEq)]
struct Said {
    head: String,
    rows: Vec<Row>,
    total: Option<String>,
    result: String,
    complete: bool,
}

fn said(f: &Frame, kind: Option<OpKind>, sub: usize) -> Said {
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
            let tail = if more > 0 {
                format!(" + \u{2026} ({more} more)")
            } else {
                String::new()
            };
            let label = if kind == Some(OpKind::Torch) {
                format!("channel {} \u{00b7} weight[{o}, {}]", s.channel, s.slice)
            } else {
                String::new()
            };
            Row {
                key: (f.step, s.channel),
                label,
                terms: format!("{}{tail}", terms.join(" + ")),
                eq: format!(" = {}", short(s.partial)),
                new: s.channel == last,
            }
        })
        .collect();
    let running = f
        .substeps
        .iter()
        .find(|s| s.channel == last)
        .map_or(0.0, |s| s.running);
    let total = multi.then(|| {
        let parts: Vec<String> = f
            .substeps
            .iter()
            .filter(|s| s.channel <= last)
            .map(|s| term(s.partial))
            .collect();
        format!(
            "sum over channels: {} = {}",
            parts.join(" + "),
            short(running)
        )
    });
    let result = if complete {
        match f.bias {
            Some(b) => format!("{} + bias {} = {}", short(running), term(b), short(f.value)),
            None => format!("= {}", short(f.value)),
        }
    } else {
        format!(
            "{} of {} channels summed so far\u{2026}",
            last + 1 - f.channels.start,
            f.substeps.len()
        )
    };
    Said {
        head,
        rows,
        total,
        result,
        complete,
    }
}

#[component]
pub fn Arithmetic(
    #[prop(into)] plan: Signal<Option<Plan>>,
    frame: Memo<Option<Frame>>,
) -> impl IntoView {
    let lab = use_lab();
    let text = Memo::new(move |_| {
        let sub = lab.current_sub();
        let kind = plan.with(|p| p.as_ref().map(|p| p.kind));
        frame.with(|f| f.as_ref().map(|f| said(f, kind, sub)))
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
        <section class="arith" aria-label="Arithmetic" data-testid="arithmetic">
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
                >
                    {part(|t| t.result.clone())}
                </div>
            </Show>
        </section>
    }
}

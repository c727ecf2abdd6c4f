//! The magnifier: the kernel window of the channel being summed, enlarged,
//! with each tap's input value, the kernel value it meets and their product.
//! The picture's window only outlines the taps; the numbers are read here.
//!
//! The taps are built once per window shape; a new step or an edit replaces
//! their text in place.

use leptos::prelude::*;

use crate::core::present::magnifier::{said, Said, TapSaid};
use crate::core::Frame;
use crate::ui::shell::state::use_lab;

/// The part of [`Said`] that decides which elements there are.
#[derive(Clone, PartialEq)]
enum Shape {
    None,
    TooMany(usize),
    Taps {
        rows: usize,
        cols: usize,
        at: Vec<[usize; 2]>,
    },
}

#[component]
pub fn Magnifier(frame: Memo<Option<Frame>>) -> impl IntoView {
    let lab = use_lab();
    let text = Memo::new(move |_| {
        let sub = lab.current_sub();
        frame.with(|f| f.as_ref().and_then(|f| said(f, sub)))
    });
    let shape = Memo::new(move |_| {
        text.with(|t| match t {
            None => Shape::None,
            Some(Said::TooMany(n)) => Shape::TooMany(*n),
            Some(Said::Taps {
                rows, cols, taps, ..
            }) => Shape::Taps {
                rows: *rows,
                cols: *cols,
                at: taps.iter().map(|t| t.at).collect(),
            },
        })
    });
    // Tap `k`'s part of the text, or the empty string while there is none.
    let tap = move |k: usize, get: fn(&TapSaid) -> String| {
        move || {
            text.with(|t| match t {
                Some(Said::Taps { taps, .. }) => taps.get(k).map(get).unwrap_or_default(),
                _ => String::new(),
            })
        }
    };
    let pad = move |k: usize| {
        move || {
            text.with(|t| matches!(t, Some(Said::Taps { taps, .. }) if taps.get(k).is_some_and(|t| t.pad)))
        }
    };
    let caption = move || {
        text.with(|t| match t {
            Some(Said::Taps { caption, .. }) => caption.clone(),
            _ => String::new(),
        })
    };
    move || {
        match shape.get() {
        Shape::None => None,
        Shape::TooMany(n) => Some(
            view! {
                <p class="note" data-testid="magnifier">{format!("The window has {n} taps: too many to magnify; the arithmetic lists them.")}</p>
            }
            .into_any(),
        ),
        Shape::Taps { rows, cols, at } => Some(
            view! {
                // Focusable: on a narrow pane it scrolls sideways, by keys too.
                <figure class="mag" data-testid="magnifier" tabindex="0">
                    <figcaption class="mag__title">{caption}</figcaption>
                    <div class="mag__grid" style=format!("--cols:{cols}; --rows:{rows}")>
                        {at.into_iter().enumerate().map(|(k, [r, c])| {
                            view! {
                                <div class="mag__tap" class:mag__tap--pad=pad(k) title=tap(k, |t| t.title.clone())
                                    style=format!("grid-row:{}; grid-column:{}", r + 1, c + 1)>
                                    <span class="mag__vw">{tap(k, |t| t.vw.clone())}</span>
                                    <span class="mag__p focal">{tap(k, |t| t.product.clone())}</span>
                                </div>
                            }
                        }).collect_view()}
                    </div>
                </figure>
            }
            .into_any(),
        ),
    }
    }
}

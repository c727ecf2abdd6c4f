//! Above the lab's picture: "Gather (equivalent convolution) | Scatter
//! (stamp)" for a transposed convolution, and the matrix view's switch.
//! Switching keeps the position (see `Lab::set_framing`).

use leptos::prelude::*;

use crate::ui::shell::state::{use_lab, Event, Framing};

#[component]
pub fn ViewToggle() -> impl IntoView {
    let lab = use_lab();
    let transpose = Memo::new(move |_| {
        lab.shown
            .with(|p| p.as_ref().is_some_and(|p| p.spread.is_some()))
    });
    let button = move |f: Framing, label: &'static str, testid: &'static str| {
        let on = move || lab.framing.get() == f && transpose.get();
        view! {
            <button
                class="tab"
                class:tab--on=on
                aria-pressed=move || on().to_string()
                data-testid=testid
                on:click=move |_| lab.set_framing(f)
            >
                {label}
            </button>
        }
    };
    view! {
        <div class="tview" role="group" aria-label="How the picture is drawn">
            <Show when=move || transpose.get()>
                {button(Framing::Gather, "Gather (equivalent convolution)", "framing-gather")}
                {button(Framing::Scatter, "Scatter (stamp)", "framing-scatter")}
            </Show>
            <button
                class="tab"
                class:tab--on=move || lab.matrix.get()
                aria-pressed=move || lab.matrix.get().to_string()
                data-testid="matrix-toggle"
                on:click=move |_| lab.send(Event::ToggleMatrix)
            >
                "Matrix"
            </button>
        </div>
    }
}

//! Play, pause, step, scrub, speed and loop. Space, Left/Right and
//! Home/End do the same from the keyboard, except while typing in a field.

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::clock::use_clock;
use super::state::use_lab;

#[component]
pub fn Player() -> impl IntoView {
    let lab = use_lab();
    let clock = use_clock(lab.playing, lab.speed, move || lab.forward());
    let count = Memo::new(move |_| lab.frame_count());
    let step = Memo::new(move |_| lab.current_step());
    let is_active = clock.is_active;
    let toggle = move || {
        if lab.playing.get_untracked() {
            lab.playing.set(false);
        } else {
            // Playing from the last frame without looping starts over.
            if !lab.looping.get_untracked() && lab.current_step() + 1 >= lab.frame_count() {
                lab.go_to(0);
            }
            lab.playing.set(true);
        }
    };

    let _keys = window_event_listener(ev::keydown, move |e: web_sys::KeyboardEvent| {
        if e.ctrl_key() || e.meta_key() || e.alt_key() {
            return;
        }
        let typing = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA" | "BUTTON"));
        if typing {
            return;
        }
        match e.key().as_str() {
            " " => {
                e.prevent_default();
                toggle();
            }
            "ArrowRight" => {
                e.prevent_default();
                lab.playing.set(false);
                lab.forward();
            }
            "ArrowLeft" => {
                e.prevent_default();
                lab.playing.set(false);
                lab.back();
            }
            "Home" => {
                e.prevent_default();
                lab.go_to(0);
            }
            "End" => {
                e.prevent_default();
                lab.go_to(usize::MAX);
            }
            _ => {}
        }
    });

    view! {
        <div class="player" role="toolbar" aria-label="Animation">
            <button class="btn" on:click=move |_| lab.go_to(0)>"First"</button>
            <button class="btn" on:click=move |_| { lab.playing.set(false); lab.back(); }>"Step back"</button>
            <button class="btn btn--primary" data-testid="play" on:click=move |_| toggle()>
                {move || if is_active.get() { "Pause" } else { "Play" }}
            </button>
            <button class="btn" on:click=move |_| { lab.playing.set(false); lab.forward(); }>"Step forward"</button>
            <button class="btn" on:click=move |_| lab.go_to(usize::MAX)>"Last"</button>
            <label class="player__scrub">
                <span>"Frame"</span>
                <input
                    type="range"
                    min="0"
                    max=move || count.get().saturating_sub(1)
                    prop:value=move || step.get()
                    on:input=move |e| {
                        if let Ok(v) = event_target_value(&e).parse::<usize>() {
                            lab.playing.set(false);
                            lab.go_to(v);
                        }
                    }
                />
            </label>
            <span class="player__pos" data-testid="frame-pos">{move || format!("{} / {}", step.get() + 1, count.get())}</span>
            <label class="player__speed">
                <span>"Speed"</span>
                <input
                    type="range"
                    min="0"
                    max="8"
                    step="1"
                    prop:value=move || (lab.speed.get().log2() + 2.0).round()
                    on:input=move |e| {
                        if let Ok(v) = event_target_value(&e).parse::<f64>() {
                            lab.speed.set(2f64.powf(v - 2.0));
                        }
                    }
                />
                <span class="player__speedval">{move || format!("{}/s", super::format::short(lab.speed.get()))}</span>
            </label>
            <label class="player__loop">
                <input type="checkbox" prop:checked=move || lab.looping.get() on:change=move |e| lab.looping.set(event_target_checked(&e)) />
                <span>"Loop"</span>
            </label>
        </div>
    }
}

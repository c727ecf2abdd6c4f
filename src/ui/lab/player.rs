//! Play, pause, step, scrub, speed and loop (their keys are in `shortcuts`).

use leptos::prelude::*;

use crate::core::present::arithmetic::said;
use crate::ui::shell::clock::use_clock;
use crate::ui::shell::state::{use_lab, Event};

/// Put the step's arithmetic in the page's polite live region, once, for a
/// screen reader to say (it is not announced on every step by itself).
pub fn announce_step(lab: crate::ui::shell::state::Lab) {
    let words = lab.frame.with_untracked(|f| {
        f.as_ref().map(|f| {
            let kind = lab.shown.with_untracked(|p| p.as_ref().map(|p| p.kind));
            let s = said(
                f,
                kind,
                lab.timeline.with_untracked(|t| t.channel_reached()),
            );
            let s = if lab.timeline.with_untracked(|t| t.is_asking()) {
                s.asked()
            } else {
                s
            };
            s.spoken(
                lab.timeline.with_untracked(|t| t.step()),
                lab.timeline.with_untracked(|t| t.frames()),
            )
        })
    });
    let words =
        words.unwrap_or_else(|| "There is no step to read: this scene has no frames.".into());
    announce(words);
}

/// Say `words` once through the page's polite live region. Orca 43 says
/// nothing for live text equal to the last it said, however long ago and
/// even after the region was emptied (heard in the Orca pass), so every
/// other time the words end in a zero-width space: the same step asked for
/// twice is said twice. The region is emptied first and filled a moment
/// later, for screen readers that only hear changes.
pub fn announce(words: String) {
    thread_local! {
        static ODD: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }
    let odd = ODD.with(|o| {
        o.set(!o.get());
        o.get()
    });
    let words = if odd {
        words
    } else {
        format!("{words}\u{200b}")
    };
    if let Some(el) = document().get_element_by_id("announcer") {
        el.set_text_content(None);
        set_timeout(
            move || el.set_text_content(Some(&words)),
            std::time::Duration::from_millis(250),
        );
    }
}

#[component]
pub fn Player() -> impl IntoView {
    let lab = use_lab();
    use_clock(lab.timeline, lab.speed, move || lab.forward());
    let count = Memo::new(move |_| lab.frame_count());
    let step = Memo::new(move |_| lab.current_step());
    let is_active = Memo::new(move |_| lab.timeline.with(|t| t.is_playing()));
    let position = Memo::new(move |_| lab.timeline.with(|t| t.position()));
    let toggle = move || lab.toggle_play();
    let asking = Memo::new(move |_| lab.asking());
    // The question, for the class and for a screen reader.
    let question = move || {
        asking.get().then(|| {
            lab.frame.with(|f| {
                f.as_ref().map(|f| {
                    let kind = lab.shown.with(|p| p.as_ref().map(|p| p.kind));
                    let head = said(f, kind, 0).head;
                    format!("What is {head}? Call it out, then reveal it.")
                })
            })
        })
    };

    view! {
        <div class="player" id="player" role="toolbar" aria-label="Animation">
            <button class="btn" aria-keyshortcuts="Home" on:click=move |_| lab.go_to(0)>"First"</button>
            <button class="btn" aria-keyshortcuts="ArrowLeft" on:click=move |_| { lab.pause(); lab.back(); }>"Step back"</button>
            <button class="btn btn--primary" data-testid="play" aria-keyshortcuts="Space" on:click=move |_| toggle()>
                {move || if is_active.get() { "Pause" } else if asking.get() { "Reveal and play" } else { "Play" }}
            </button>
            <Show when=move || asking.get()>
                <button class="btn btn--primary player__reveal" data-testid="reveal" aria-keyshortcuts="R" on:click=move |_| lab.send(Event::Reveal)>
                    "Reveal (R)"
                </button>
            </Show>
            <button class="btn" aria-keyshortcuts="ArrowRight" on:click=move |_| { lab.pause(); lab.forward(); }>"Step forward"</button>
            <button class="btn" aria-keyshortcuts="End" on:click=move |_| lab.go_to(usize::MAX)>"Last"</button>
            <button class="btn" data-testid="announce" aria-keyshortcuts="A" title="Read this step's arithmetic aloud with a screen reader (A)"
                on:click=move |_| announce_step(lab)>"Say this step"</button>
            <label class="player__scrub">
                <span>"Frame"</span>
                <input
                    type="range"
                    min="0"
                    max=move || count.get().saturating_sub(1)
                    prop:value=move || step.get()
                    on:input=move |e| {
                        if let Ok(v) = event_target_value(&e).parse::<usize>() {
                            lab.pause();
                            lab.go_to(v);
                        }
                    }
                />
            </label>
            <span class="player__pos" data-testid="frame-pos">{move || match position.get() {
                Some((k, n)) => format!("{k} / {n}"),
                None => "no frames".to_string(),
            }}</span>
            <label class="player__speed">
                <span>"Speed"</span>
                <input
                    type="range"
                    min="0"
                    max="12"
                    step="1"
                    prop:value=move || (lab.speed.get().log2() + 2.0).round()
                    on:input=move |e| {
                        if let Ok(v) = event_target_value(&e).parse::<f64>() {
                            lab.speed.set(2f64.powf(v - 2.0));
                        }
                    }
                />
                <span class="player__speedval">{move || format!("{}/s", crate::core::present::display::compact(lab.speed.get()))}</span>
            </label>
            <label class="player__loop">
                <input type="checkbox" prop:checked=move || lab.timeline.with(|t| t.is_looping()) on:change=move |e| {
                    let on = event_target_checked(&e);
                    lab.send(Event::SetLooping(on));
                } />
                <span>"Loop"</span>
            </label>
            <p class="player__ask" role="status" data-testid="ask-question">{question}</p>
        </div>
    }
}

//! The engine's refusal, in place: which rule broke, why, and what the
//! reference itself would print. The last valid picture stays on screen.

use leptos::prelude::*;

use crate::core::app::computed::Computed;
use crate::ui::shell::state::use_lab;

#[component]
pub fn ErrorBox() -> impl IntoView {
    let lab = use_lab();
    let has_picture = Memo::new(move |_| match lab.computed.with(Computed::is_stack) {
        true => lab.shown_stack.with(Option::is_some),
        false => lab.shown.with(Option::is_some),
    });
    // One refusal, whichever engine made it (a stack's names its layer).
    let refusal = Memo::new(move |_| lab.computed.with(Computed::refusal));
    move || {
        let kept = if has_picture.get() {
            "The last valid picture is kept below, dimmed. Nothing you typed is lost."
        } else {
            "There is no valid picture to show yet: change the setting named above. Nothing you typed is lost."
        };
        refusal.get().map(|r| {
            view! {
                <div class="error" role="alert" data-testid="scene-error" data-layer=r.layer.map(|l| l.to_string())>
                    <strong class="error__rule">{r.rule}</strong>
                    <p class="error__why">{r.explanation}</p>
                    {r.reference_message.map(|m| view! {
                        <p class="error__ref">{format!("{} would say: ", r.reference)}<code>{m}</code></p>
                    })}
                    <p class="error__keep">{kept}</p>
                </div>
            }
        })
    }
}

//! The engine's refusal, in place: which rule broke, why, and what the
//! reference itself would print. The last valid picture stays on screen.

use leptos::prelude::*;

use crate::ui::shell::state::use_lab;

#[component]
pub fn ErrorBox() -> impl IntoView {
    let lab = use_lab();
    let has_picture = Memo::new(move |_| match lab.stack.with(|s| s.is_some()) {
        true => lab.shown_stack.with(Option::is_some),
        false => lab.shown.with(Option::is_some),
    });
    move || {
        let kept = if has_picture.get() {
            "The last valid picture is kept below, dimmed. Nothing you typed is lost."
        } else {
            "There is no valid picture to show yet: change the setting named above. Nothing you typed is lost."
        };
        // A stack's refusal names its layer; a stack is never one plan.
        if let Some(refusal) = lab
            .stack
            .with(|s| s.as_ref().map(|r| r.as_ref().err().cloned()))
        {
            return refusal.map(|e| {
                let who = e.reference().name();
                let said = e.reference_message();
                view! {
                    <div class="error" role="alert" data-testid="scene-error" data-layer=e.layer().map(|l| l.to_string())>
                        <strong class="error__rule">{e.rule()}</strong>
                        <p class="error__why">{e.explanation()}</p>
                        {said.map(|m| view! {
                            <p class="error__ref">{format!("{who} would say: ")}<code>{m}</code></p>
                        })}
                        <p class="error__keep">{kept}</p>
                    </div>
                }
                .into_any()
            });
        }
        lab.plan.with(|p| {
            p.as_ref().err().map(|e| {
                let who = e.reference().name();
                let said = e.reference_message();
                view! {
                    <div class="error" role="alert" data-testid="scene-error">
                        <strong class="error__rule">{e.rule()}</strong>
                        <p class="error__why">{e.explanation()}</p>
                        {said.map(|m| view! {
                            <p class="error__ref">{format!("{who} would say: ")}<code>{m}</code></p>
                        })}
                        <p class="error__keep">{kept}</p>
                    </div>
                }
                .into_any()
            })
        })
    }
}

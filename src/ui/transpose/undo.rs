//! "Undo this shape": from a `torch.conv2d` scene, load the
//! `ConvTranspose2d` that maps its output size back to its input size
//! (the core's `undo_shape`), and say why several input sizes would do.

use leptos::prelude::*;

use crate::core::ops::transpose::undo::undo_shape;
use crate::core::{OpKind, Scene};
use crate::ui::shell::state::{use_lab, Source};

/// The button, under a conv2d's settings.
#[component]
pub fn UndoShape() -> impl IntoView {
    let lab = use_lab();
    let refused = RwSignal::new(None::<String>);
    let ok = Memo::new(move |_| lab.computed.with(|c| c.plan().is_some()));
    view! {
        <div class="undo">
            <button
                class="btn btn--small"
                data-testid="undo-shape"
                disabled=move || !ok.get()
                title="Load the ConvTranspose2d that maps this output size back to the input size"
                on:click=move |_| {
                    let made = lab.scene.with_untracked(|s| undo_shape(s, false));
                    match made {
                        Ok(u) => {
                            refused.set(None);
                            let note = u.note();
                            lab.open(u.scene.with_title("Going back up to the input size"), Source::Undo);
                            lab.undo_note.set(Some(note));
                        }
                        Err(e) => refused.set(Some(e.explanation())),
                    }
                }
            >
                "Go back up to the input size (ConvTranspose2d)"
            </button>
            {move || refused.get().map(|m| view! { <p class="note" role="status">{m}</p> })}
        </div>
    }
}

/// The explanation, above the picture, while the transposed scene is open.
#[component]
pub fn UndoNote() -> impl IntoView {
    let lab = use_lab();
    let transpose = Memo::new(move |_| lab.scene.with(Scene::kind) == OpKind::Transpose);
    move || {
        let note = lab.undo_note.get().filter(|_| transpose.get())?;
        Some(view! {
            <section class="undo-note" aria-label="Why this output padding" data-testid="undo-note">
                <h2 class="undo-note__title">"Going back up to the input size"</h2>
                {note.lines().map(|l| view! { <p>{l.to_string()}</p> }).collect_view()}
                <button class="btn btn--small" on:click=move |_| lab.undo_note.set(None)>"Close"</button>
            </section>
        })
    }
}

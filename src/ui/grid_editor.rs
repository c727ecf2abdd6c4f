//! An editable grid: one 2-D slice of the input or of the kernel.
//!
//! Typing edits the value live; a half-typed number (`-`, `1.`, empty) is
//! kept as typed and changes nothing until it is a number. Arrow keys move
//! between cells, Enter commits and moves down, Tab moves on, Escape puts
//! back the value the cell had when it got focus.

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::format::{parse_number, short};
use super::state::use_lab;
use crate::core::edit::Target;

/// Grids larger than this are not drawn as editors (a share link or file
/// can bring one; the editor itself stops at 32x32).
const MAX_EDIT_CELLS: usize = 32 * 32;

#[component]
pub fn GridEditor(
    target: Target,
    /// The slice: `(n, c)` of the input, `(c_out, c_in/groups)` of the weight.
    slice: (usize, usize),
    #[prop(into)] label: String,
) -> impl IntoView {
    let lab = use_lab();
    let dims = Memo::new(move |_| {
        let d = lab.scene.with(|s| s.dim(target));
        (d[2], d[3])
    });
    let grid: NodeRef<html::Div> = NodeRef::new();
    let aria = label.clone();
    view! {
        <div class="editor" role="group" aria-label=aria>
            <div class="editor__label">{label.clone()}</div>
            <div
                class="editor__grid"
                node_ref=grid
                style=move || format!("grid-template-columns: repeat({}, var(--edit-cell))", dims.get().1)
            >
                {move || {
                    let (h, w) = dims.get();
                    if h * w > MAX_EDIT_CELLS {
                        return view! { <p class="note">{format!("{h}x{w} is too large to edit cell by cell here (at most {MAX_EDIT_CELLS} cells); use the fill buttons.")}</p> }.into_any();
                    }
                    let label = label.clone();
                    (0..h)
                        .flat_map(|i| (0..w).map(move |j| (i, j)))
                        .map(|(i, j)| {
                            view! { <EditCell target slice i j grid label=label.clone() /> }
                        })
                        .collect_view()
                        .into_any()
                }}
            </div>
        </div>
    }
}

#[component]
fn EditCell(
    target: Target,
    slice: (usize, usize),
    i: usize,
    j: usize,
    grid: NodeRef<html::Div>,
    label: String,
) -> impl IntoView {
    let lab = use_lab();
    let index = [slice.0, slice.1, i, j];
    let value = Memo::new(move |_| lab.scene.with(|s| s.value(target, index)));
    let input: NodeRef<html::Input> = NodeRef::new();
    let before = StoredValue::new(None::<f64>);
    let pending = RwSignal::new(false);

    // Show the scene's value, but never overwrite what the user is typing.
    Effect::new(move |_| {
        let v = value.get();
        if let (Some(el), Some(v)) = (input.get(), v) {
            let el_ref: &web_sys::Element = el.as_ref();
            let focused = document().active_element().is_some_and(|a| &a == el_ref);
            if !focused {
                el.set_value(&short_exact(v));
                pending.set(false);
            }
        }
    });

    let commit = move |text: &str| match parse_number(text) {
        Some(v) => {
            pending.set(false);
            if value.get_untracked() != Some(v) {
                lab.edit(|s| s.set_value(target, index, v));
            }
        }
        None => pending.set(true),
    };

    let focus_cell = move |r: isize, c: isize| {
        let Some(g) = grid.get_untracked() else {
            return;
        };
        let sel = format!("input[data-row=\"{r}\"][data-col=\"{c}\"]");
        if let Ok(Some(el)) = g.query_selector(&sel) {
            if let Ok(el) = el.dyn_into::<web_sys::HtmlInputElement>() {
                let _ = el.focus();
                el.select();
            }
        }
    };

    let on_key = move |ev: web_sys::KeyboardEvent| {
        let (r, c) = (i as isize, j as isize);
        match ev.key().as_str() {
            "ArrowUp" => {
                ev.prevent_default();
                focus_cell(r - 1, c);
            }
            "ArrowDown" => {
                ev.prevent_default();
                focus_cell(r + 1, c);
            }
            "ArrowLeft" => {
                ev.prevent_default();
                focus_cell(r, c - 1);
            }
            "ArrowRight" => {
                ev.prevent_default();
                focus_cell(r, c + 1);
            }
            "Enter" => {
                ev.prevent_default();
                if let Some(el) = input.get_untracked() {
                    commit(&el.value());
                }
                focus_cell(r + 1, c);
            }
            "Escape" => {
                ev.prevent_default();
                if let (Some(el), Some(v)) = (input.get_untracked(), before.get_value()) {
                    lab.edit(|s| s.set_value(target, index, v));
                    el.set_value(&short_exact(v));
                    pending.set(false);
                    el.select();
                }
            }
            _ => {}
        }
    };

    view! {
        <input
            class="editor__cell"
            class:editor__cell--pending=move || pending.get()
            type="text"
            inputmode="decimal"
            autocomplete="off"
            spellcheck="false"
            data-row=i
            data-col=j
            aria-label=format!("{label} row {i} column {j}")
            title=move || if pending.get() { "Not a number yet: the last value is kept" } else { "" }
            node_ref=input
            on:focus=move |ev| {
                before.set_value(value.get_untracked());
                if let Some(el) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                    el.select();
                }
            }
            on:input=move |ev| commit(&event_target_value(&ev))
            on:blur=move |_| {
                // Leaving a half-typed cell shows the value that is in effect.
                if let (Some(el), Some(v)) = (input.get_untracked(), value.get_untracked()) {
                    el.set_value(&short_exact(v));
                    pending.set(false);
                }
            }
            on:keydown=on_key
        />
    }
}

/// The value as it is, in full (cells are where exact numbers are typed).
fn short_exact(v: f64) -> String {
    let s = format!("{v}");
    if s.len() > 8 {
        short(v)
    } else {
        s
    }
}

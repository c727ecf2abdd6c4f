//! An editable grid: one 2-D slice of the input or of the kernel.
//!
//! Typing edits the value live; a half-typed number (`-`, `1.`, empty) is
//! kept as typed, marked as pending (also after the cell loses focus), and
//! changes nothing until it is a number. Arrow keys move
//! between cells, Enter commits and moves down, Tab moves on, Escape puts
//! back the value the cell had when it got focus.
//!
//! One effect per grid writes the scene's values into the cells, skipping
//! the cell being typed in.

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::core::app::edit::Edit;
use crate::core::model::edit::Target;
use crate::ui::shell::state::use_lab;
use crate::ui::widgets::format::{exact, parse_number};

/// Grids larger than this are not drawn as editors (a share link or file
/// can bring one; the editor itself stops at 32x32).
const MAX_EDIT_CELLS: usize = 32 * 32;

/// The value exactly as stored: cells are where exact numbers are typed,
/// so they are never rounded.
fn cell_text(v: f64) -> String {
    exact(v)
}

/// Change the sign of the text in the cell being edited in `grid`, as if
/// typed: the cell's own input handler takes it from there.
fn negate_focused(grid: NodeRef<html::Div>) {
    let Some(grid) = grid.get_untracked() else {
        return;
    };
    let Some(cell) = document()
        .active_element()
        .filter(|a| grid.contains(Some(a)))
        .and_then(|a| a.dyn_into::<web_sys::HtmlInputElement>().ok())
    else {
        return;
    };
    let text = cell.value();
    let t = text.trim();
    let flipped = match t.strip_prefix(['-', '\u{2212}']) {
        Some(rest) => rest.to_string(),
        None => format!("-{t}"),
    };
    cell.set_value(&flipped);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    if let Ok(ev) = web_sys::Event::new_with_event_init_dict("input", &init) {
        let _ = cell.dispatch_event(&ev);
    }
}

fn input_at(grid: &web_sys::Element, r: isize, c: isize) -> Option<web_sys::HtmlInputElement> {
    let sel = format!("input[data-row=\"{r}\"][data-col=\"{c}\"]");
    grid.query_selector(&sel).ok().flatten()?.dyn_into().ok()
}

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

    // Write the scene's values into the cells, except where the user types;
    // only cells whose value changed since the last write are touched.
    let written = StoredValue::new(Vec::<Option<f64>>::new());
    let seen = StoredValue::new(lab.opened.get_untracked());
    Effect::new(move |_| {
        let (h, w) = dims.get();
        let Some(el) = grid.get() else { return };
        // A grid too large to edit has no cells to write (a photo's
        // 128x128 planes): looking for them cost 16,384 DOM calls a plane
        // on every edit.
        if h * w > MAX_EDIT_CELLS {
            return;
        }
        let cells = el.children();
        let focused = document().active_element();
        // A scene opened (or brought back by undo): every cell is written
        // again, its half-typed text included (it was about the scene before).
        let opened = lab.opened.get();
        let fresh = seen
            .try_update_value(|k| std::mem::replace(k, opened) != opened)
            .unwrap_or(false);
        written.update_value(|written| {
            if written.len() != h * w || fresh {
                *written = vec![None; h * w];
            }
            lab.scene.with(|s| {
                for k in 0..h * w {
                    let v = s.value(target, [slice.0, slice.1, k / w, k % w]);
                    if v.is_none() || written[k] == v {
                        continue;
                    }
                    let Some(input) = cells
                        .item(k as u32)
                        .and_then(|c| c.dyn_into::<web_sys::HtmlInputElement>().ok())
                    else {
                        continue;
                    };
                    let el_ref: &web_sys::Element = input.as_ref();
                    if focused.as_ref() == Some(el_ref) {
                        // The user is typing here; the text is theirs.
                        written[k] = v;
                        continue;
                    }
                    // Half-typed text over the value it was typed on stays;
                    // a value changed since (a fill, an undo) replaces it.
                    let at = (target, [slice.0, slice.1, k / w, k % w]);
                    let kept = lab
                        .pending
                        .with_value(|p| p.get(&at).is_some_and(|(_, was)| *was == v));
                    if kept {
                        written[k] = v;
                        continue;
                    }
                    lab.pending.update_value(|p| {
                        p.remove(&at);
                    });
                    input.set_value(&v.map(cell_text).unwrap_or_default());
                    let _ = input.class_list().remove_1("editor__cell--pending");
                    written[k] = v;
                }
            });
        });
    });

    let aria = label.clone();
    view! {
        <div class="editor" role="group" aria-label=aria>
            <div class="editor__label">
                {label.clone()}
                // A touch keyboard may have no minus key (iOS's decimal pad):
                // this changes the sign of the cell being typed, as typing would.
                <button type="button" class="btn btn--small editor__negate" data-testid="negate"
                    aria-label=format!("\u{00b1} change the sign of the {label} cell being edited")
                    on:pointerdown=|e| e.prevent_default() on:mousedown=|e| e.prevent_default()
                    on:click=move |_| negate_focused(grid)>"\u{00b1}"</button>
            </div>
            <div
                class="editor__grid"
                node_ref=grid
                style=move || {
                    let (h, w) = dims.get();
                    // The note for a grid too large to edit takes the whole width.
                    if h * w > MAX_EDIT_CELLS {
                        "grid-template-columns: minmax(0, 1fr); width: auto; background: none; border: none".to_string()
                    } else {
                        format!("grid-template-columns: repeat({w}, auto); --rows:{h}; --cols:{w}")
                    }
                }
            >
                {move || {
                    let (h, w) = dims.get();
                    if h * w > MAX_EDIT_CELLS {
                        return view! {
                            <p class="note">{format!("{h}x{w} is too large to edit cell by cell here (at most {MAX_EDIT_CELLS} cells); use the fill buttons.")}</p>
                        }
                        .into_any();
                    }
                    let label = label.clone();
                    (0..h)
                        .flat_map(|i| (0..w).map(move |j| (i, j)))
                        .map(|(i, j)| view! { <EditCell target slice i j grid label=label.clone() /> })
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
    let value = move || lab.scene.with_untracked(|s| s.value(target, index));
    let input: NodeRef<html::Input> = NodeRef::new();
    let before = StoredValue::new(None::<f64>);
    // Text typed here before the grid was drawn again, if not a number yet.
    let typed = lab
        .pending
        .with_value(|p| p.get(&(target, index)).cloned())
        .filter(|(_, was)| *was == value())
        .map(|(text, _)| text);
    let was_pending = typed.is_some();
    let initial = typed.unwrap_or_else(|| value().map(cell_text).unwrap_or_default());

    // Handlers below may run after this cell's owner is gone: a focused
    // cell that is removed (the scene was replaced) still gets its blur.
    // They use the fallible accessors and then do nothing.
    let el = move || input.try_get_untracked().flatten();
    let set_pending = move |on: bool| {
        if let Some(el) = el() {
            let text = el.value();
            lab.pending.try_update_value(|p| {
                if on {
                    p.insert((target, index), (text, value()));
                } else {
                    p.remove(&(target, index));
                }
            });
            let _ = el
                .class_list()
                .toggle_with_force("editor__cell--pending", on);
            let title = if on {
                match value() {
                    Some(v) => format!("Not a number yet: the value in effect is {v}"),
                    None => "Not a number yet".to_string(),
                }
            } else {
                String::new()
            };
            let _ = el.set_attribute("title", &title);
        }
    };
    let commit = move |text: &str| match parse_number(text) {
        Some(v) => {
            set_pending(false);
            if value() != Some(v) {
                lab.apply(Edit::Value(target, index, v));
            }
        }
        None => set_pending(true),
    };
    let focus_cell = move |r: isize, c: isize| {
        if let Some(el) = grid
            .try_get_untracked()
            .flatten()
            .and_then(|g| input_at(&g, r, c))
        {
            let _ = el.focus();
            el.select();
        }
    };
    let on_key = move |ev: web_sys::KeyboardEvent| {
        let (r, c) = (i as isize, j as isize);
        let go = |dr: isize, dc: isize| {
            ev.prevent_default();
            focus_cell(r + dr, c + dc);
        };
        match ev.key().as_str() {
            "ArrowUp" => go(-1, 0),
            "ArrowDown" => go(1, 0),
            "ArrowLeft" => go(0, -1),
            "ArrowRight" => go(0, 1),
            "Enter" => {
                if let Some(el) = el() {
                    commit(&el.value());
                }
                go(1, 0);
            }
            "Escape" => {
                ev.prevent_default();
                if let (Some(el), Some(v)) = (el(), before.try_get_value().flatten()) {
                    lab.apply(Edit::Value(target, index, v));
                    el.set_value(&cell_text(v));
                    set_pending(false);
                    el.select();
                }
            }
            _ => {}
        }
    };

    view! {
        <input
            class="editor__cell"
            type="text"
            inputmode="decimal"
            autocomplete="off"
            spellcheck="false"
            data-row=i
            data-col=j
            aria-label=format!("{label} row {i} column {j}")
            value=initial
            class:editor__cell--pending=was_pending
            node_ref=input
            on:focus=move |ev| {
                before.try_set_value(value());
                if let Some(el) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                    el.select();
                }
            }
            on:input=move |ev| commit(&event_target_value(&ev))
            on:blur=move |_| {
                // A half-typed cell keeps its text, marked as pending, with
                // the value in effect on hover: nothing typed is replaced.
                if let Some(el) = el() {
                    match parse_number(&el.value()) {
                        None => set_pending(true),
                        // A number typed with spaces (" 3 ") reads as it is
                        // stored, as it will after a reload.
                        Some(v) if value() == Some(v) && el.value() != cell_text(v) => el.set_value(&cell_text(v)),
                        Some(_) => {}
                    }
                }
            }
            on:keydown=on_key
        />
    }
}

//! The tensors an exercise is about, drawn with the one cell grid: the
//! input and the filter for a value, the input to click for "which cells".
//! What is drawn and each cell's look are the core's
//! (`core::present::practice`).

use std::collections::BTreeSet;
use std::fmt::Write as _;

use leptos::prelude::*;

use crate::core::practice::Exercise;
use crate::core::present::display::compact;
use crate::core::present::practice::{cell, planes, scale, Plane};
use crate::ui::widgets::cell_grid::{markup, CellGrid};

fn plane(ex: &Exercise, p: Plane, cells: RwSignal<BTreeSet<[usize; 4]>>) -> impl IntoView {
    let Plane {
        title,
        target,
        a,
        b,
        h,
        w,
        clickable,
    } = p;
    let scene = ex.scene.clone();
    let sc = scale(&scene, target);
    let html = markup(h, w, |s, i, j| {
        let tag = if clickable { "button" } else { "div" };
        // The name starts with the number the cell shows.
        let v = compact(scene.value(target, [a, b, i, j]).unwrap_or(0.0));
        let _ = write!(
            s,
            "<{tag} class=\"cell\" data-testid=\"practice-cell\" data-index=\"{a},{b},{i},{j}\" aria-label=\"{v}: {title} row {i} column {j}\"{}><span class=\"cell__v\"></span></{tag}>",
            if clickable { if i + j == 0 { " tabindex=\"0\"" } else { " tabindex=\"-1\"" } } else { "" }
        );
    });
    let looks = move |out: &mut Vec<crate::core::present::cells::Look>| {
        let picked = cells.get();
        for i in 0..h {
            for j in 0..w {
                let v = scene.value(target, [a, b, i, j]).unwrap_or(0.0);
                out.push(cell(
                    v,
                    [i, j],
                    clickable && picked.contains(&[a, b, i, j]),
                    sc,
                ));
            }
        }
    };
    let on_pick = clickable.then(|| {
        Callback::new(move |at: [usize; 4]| {
            cells.update(|s| {
                if !s.remove(&at) {
                    s.insert(at);
                }
            })
        })
    });
    view! {
        <figure class="plane exercise__plane" style=format!("--rows:{h}; --cols:{w}")>
            <figcaption class="plane__title">{title.clone()}</figcaption>
            <div class="plane__grid plane__grid--layered">
                {match on_pick {
                    Some(on_pick) => view! { <CellGrid h w html base="cell" looks=Box::new(looks) on_pick roving=true /> }.into_any(),
                    None => view! { <CellGrid h w html base="cell" looks=Box::new(looks) /> }.into_any(),
                }}
            </div>
        </figure>
    }
}

#[component]
pub fn ExerciseGrids(ex: Exercise, cells: RwSignal<BTreeSet<[usize; 4]>>) -> impl IntoView {
    let ps = planes(&ex);
    let clickable = ps.iter().any(|p| p.clickable);
    (!ps.is_empty()).then(|| view! {
        <div class="exercise__grids">
            {clickable.then(|| view! { <p class="note">"Click the input cells it reads (again to unpick), or type them."</p> })}
            <div class="exercise__planes">{ps.into_iter().map(|p| plane(&ex, p, cells)).collect_view()}</div>
        </div>
    })
}

//! The lecture as a guided path: pick a step, read what to look at, try
//! one thing, move on.

use leptos::prelude::*;

use crate::core::content::lessons::{all as lessons, int8_view, Extra, LessonStep};
use crate::ui::shell::chunk::Chunk;
use crate::ui::shell::parts::squeeze_part;
use crate::ui::shell::state::{use_lab, Lab, Source};
use crate::ui::widgets::format::exact;

/// Load lesson step `k` into the lab.
pub fn load_lesson(lab: Lab, k: usize) {
    let all = lessons();
    if let Some(step) = all.get(k) {
        let mut scene = step.scene();
        scene.view = Some(step.view.to_string());
        scene.step = Some(0);
        lab.open(scene, Source::Lesson(k));
    }
}

#[component]
pub fn LessonNav() -> impl IntoView {
    let lab = use_lab();
    let all = StoredValue::new(lessons());
    let count = all.with_value(|ls| ls.len());
    let current = Memo::new(move |_| lab.lesson.get());
    view! {
        <div class="lesson__nav" role="group" aria-label="Lessons">
            <select aria-label="Lesson" data-testid="lesson-select" on:change=move |e| {
                if let Ok(k) = event_target_value(&e).parse::<usize>() { load_lesson(lab, k) }
            }>
                <option value="" prop:selected=move || current.get().is_none()>"Lessons: free play"</option>
                {all.with_value(|ls| ls.iter().enumerate().map(|(k, s)| {
                    let text = format!("{}.{} {}", s.section, k + 1, s.title);
                    view! { <option value=k prop:selected=move || current.get() == Some(k)>{text}</option> }
                }).collect_view())}
            </select>
            <button class="btn btn--small" disabled=move || current.get().is_none_or(|k| k == 0)
                on:click=move |_| { if let Some(k) = current.get_untracked() { load_lesson(lab, k.saturating_sub(1)) } }>"Previous"</button>
            <button class="btn btn--small" data-testid="lesson-next" disabled=move || current.get().is_some_and(|k| k + 1 >= count)
                on:click=move |_| load_lesson(lab, current.get_untracked().map_or(0, |k| k + 1))>"Next"</button>
        </div>
    }
}

#[component]
pub fn LessonText() -> impl IntoView {
    let lab = use_lab();
    let all = StoredValue::new(lessons());
    let current = Memo::new(move |_| lab.lesson.get());
    move || {
        current.get().and_then(|k| all.with_value(|ls| ls.get(k).cloned())).map(|s: LessonStep| view! {
        <section class="lesson" aria-label="Lesson" data-testid="lesson">
            <h2 class="lesson__title" data-testid="lesson-title">{format!("Section {}: {}", s.section, s.title)}</h2>
            <p>{s.body}</p>
            <p class="lesson__try"><strong>"Try this: "</strong>{s.try_this}</p>
            {match s.extra {
                Extra::SqueezeExplorer => Some(view! { <Chunk part=squeeze_part() /> }.into_any()),
                Extra::Int8View => Some(view! { <Int8View /> }.into_any()),
                Extra::Dtype => Some(view! {
                    <p class="note">"Data type: torch.from_numpy keeps NumPy's float64; nn.Conv2d's weights are float32 unless asked otherwise, so feeding it float64 data needs dtype=torch.float64 (or .float() on the input). ConvLab computes in float64 throughout, as the reference cases do."</p>
                }.into_any()),
                Extra::None => None,
            }}
        </section>
    })
    }
}

/// The lecture's trick: `(output * 10 + 0.5).type(torch.int8)`.
#[component]
fn Int8View() -> impl IntoView {
    let lab = use_lab();
    let rows = Memo::new(move |_| {
        lab.output.with(|out| {
            out.as_ref().map(|out| {
                let (_, _, h, w) = out.dim();
                (0..h)
                    .map(|i| {
                        (0..w)
                            .map(|j| (out[[0, 0, i, j]], int8_view(out[[0, 0, i, j]])))
                            .collect::<Vec<_>>()
                    })
                    .collect::<Vec<_>>()
            })
        })
    });
    view! {
        <div class="int8" data-testid="int8-view">
            <p class="note">"output[0, 0] as (output * 10 + 0.5).type(torch.int8): small values become readable integers."</p>
            <table class="int8__table">
                {move || rows.get().unwrap_or_default().into_iter().map(|r| view! {
                    <tr>{r.into_iter().map(|(v, q)| view! { <td title=exact(v)>{q}</td> }).collect_view()}</tr>
                }).collect_view()}
            </table>
        </div>
    }
}

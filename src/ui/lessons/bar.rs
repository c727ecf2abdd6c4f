//! The lecture as a guided path: pick a step, read what to look at, try
//! one thing, move on.

use leptos::prelude::*;

use crate::core::app::nav::answer_hidden_at;
use crate::core::content::lessons::words::{resolve, revealed, Said, HIDDEN};
use crate::core::content::lessons::{all as lessons, int8_view, same_scene, Extra, LessonStep};
use crate::core::practice::Kind;
use crate::ui::lab::player::announce;
use crate::ui::practice::store::practise;
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
        // A screen reader hears where the person now is (a lesson changes
        // rarely and on purpose; steps are said on demand only).
        let stop = if step.title.ends_with(['?', '!', '.']) {
            ""
        } else {
            "."
        };
        announce(format!(
            "Lesson {}.{} of {}: {}{stop}",
            step.section,
            k + 1,
            all.len(),
            step.title
        ));
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
                match event_target_value(&e).parse::<usize>() {
                    Ok(k) => load_lesson(lab, k),
                    // "Free play": back to the person's own scene.
                    Err(_) => lab.free_play(),
                }
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

/// A lesson's text with its facts filled in: answers read as hidden
/// until `revealed`.
fn words(said: Vec<Said>, revealed: Memo<bool>) -> impl IntoView {
    said.into_iter()
        .map(|p| match p {
            Said::Answer(v) => view! {
                <span class="lesson__answer">{move || if revealed.get() {
                    v.clone().into_any()
                } else {
                    view! { <span class="note note--inline lesson__hidden">{HIDDEN}</span> }.into_any()
                }}</span>
            }
            .into_any(),
            other => other.text(true).to_string().into_any(),
        })
        .collect_view()
}

#[component]
pub fn LessonText() -> impl IntoView {
    let lab = use_lab();
    let all = StoredValue::new(lessons());
    let current = Memo::new(move |_| lab.lesson.get());
    // The step's own scene, built once per step: the words describe it.
    let original = Memo::new(move |_| {
        current
            .get()
            .and_then(|k| all.with_value(|ls| ls.get(k).map(LessonStep::scene)))
    });
    // Edited away from the step's scene (or, on the network page, its
    // model): the words no longer describe it.
    let stale = Memo::new(move |_| {
        original.with(|o| {
            o.as_ref().is_some_and(|o| {
                let model = o.showing.as_ref().and_then(|s| s.model.as_ref());
                match model {
                    Some(m) => lab.net.with(|now| now.as_ref() != Some(m)),
                    None => lab.scene.with(|s| !same_scene(o, s)),
                }
            })
        })
    });
    let revealed =
        Memo::new(move |_| revealed(lab.hide_answer.get(), lab.current_step(), lab.frame_count()));
    move || {
        let k = current.get()?;
        let s: LessonStep = all.with_value(|ls| ls.get(k).cloned())?;
        let (body, try_this) = original.with_untracked(|o| {
            o.as_ref()
                .map(|o| (resolve(s.body, o), resolve(s.try_this, o)))
        })?;
        Some(view! {
        <section class="lesson" aria-label="Lesson" data-testid="lesson">
            <div class="lesson__head">
                <h2 class="lesson__title" data-testid="lesson-title">{format!("Section {}: {}", s.section, s.title)}</h2>
                {practise_section(lab, s.section)}
            </div>
            <Show when=move || stale.get()>
                <p class="note lesson__stale" role="status" data-testid="lesson-stale">
                    {if s.view == "network" { "You changed this model: the text below describes the original. " } else { "You changed this scene: the text below describes the original. " }}
                    <button class="btn btn--small" data-testid="lesson-restore"
                        on:click=move |_| load_lesson(lab, k)>"Restore the lesson's scene"</button>
                </p>
            </Show>
            <p>{words(body, revealed)}</p>
            <p class="lesson__try"><strong>"Try this: "</strong>{words(try_this, revealed)}</p>
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

/// "Practise section N": a new set of the exercises that practise what the
/// section teaches, on the practice page.
fn practise_section(lab: Lab, section: u8) -> Option<impl IntoView> {
    let kinds = Kind::for_section(section);
    let what: Vec<String> = kinds.iter().map(|k| k.title().to_lowercase()).collect();
    let names: Vec<&str> = kinds.iter().map(|k| k.as_str()).collect();
    let names = names.join(",");
    (!kinds.is_empty()).then(|| {
        view! {
            <button class="btn btn--small lesson__practice" data-testid="lesson-practice" data-kinds=names
                title=format!("Exercises on section {section}: {}", what.join(", "))
                on:click=move |_| practise(lab, kinds)>
                "Practise this section"
            </button>
        }
    })
}

/// The lecture's trick: `(output * 10 + 0.5).type(torch.int8)`.
#[component]
fn Int8View() -> impl IntoView {
    let lab = use_lab();
    // With the answer hidden, a cell shows once the kernel has reached it,
    // as in the output grid.
    let rows = Memo::new(move |_| {
        let reached = lab.hide_answer.get().then(|| lab.timeline.get());
        lab.output.with(|out| {
            out.as_ref().map(|out| {
                let (_, _, h, w) = out.dim();
                (0..h)
                    .map(|i| {
                        (0..w)
                            .map(|j| {
                                let hidden = reached.as_ref().is_some_and(|t| {
                                    lab.shown
                                        .with(|p| answer_hidden_at(p.as_ref(), [0, 0, i, j], t))
                                });
                                let v = out[[0, 0, i, j]];
                                (!hidden).then(|| (v, int8_view(v)))
                            })
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
                    <tr>{r.into_iter().map(|cell| match cell {
                        Some((v, q)) => view! { <td title=exact(v)>{q}</td> }.into_any(),
                        None => view! { <td class="int8__hidden" aria-label="hidden"></td> }.into_any(),
                    }).collect_view()}</tr>
                }).collect_view()}
            </table>
        </div>
    }
}

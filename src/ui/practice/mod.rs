//! Practice: predict, then check. The core generates each exercise, reads
//! the answer and says whether it is right, or which mistake made it
//! (`core::practice`); this folder only draws it and keeps the progress.

pub(crate) mod grids;
pub(crate) mod store;

use std::collections::BTreeSet;

use leptos::prelude::*;

use crate::core::practice::{check, Answer, Exercise, Kind, Mastery, PracticeSet, Task, Verdict};
use crate::ui::practice::grids::ExerciseGrids;
use crate::ui::practice::store::{load_mastery, new_seed, save_mastery, take_link};
use crate::ui::shell::state::{use_lab, Source};
use crate::ui::shell::toolbar::copy_to_clipboard;

#[component]
pub fn PracticeView() -> impl IntoView {
    let lab = use_lab();
    // A teacher's link (`#practice=…`) fixes the seed and the kinds.
    let (set0, broken) = match take_link() {
        Some(Ok(set)) => (set, None),
        Some(Err(e)) => (
            PracticeSet::new(new_seed(), &[], None),
            Some(format!(
                "This practice link could not be opened: {e}. Here is a set of every kind instead."
            )),
        ),
        None => (PracticeSet::new(new_seed(), &[], None), None),
    };
    let set = RwSignal::new(set0);
    let index = RwSignal::new(0usize);
    let mastery = RwSignal::new(load_mastery());
    let typed = RwSignal::new(String::new());
    let cells = RwSignal::new(BTreeSet::<[usize; 4]>::new());
    let channels = RwSignal::new(BTreeSet::<usize>::new());
    let verdict = RwSignal::new(None::<Verdict>);
    let exercise = Memo::new(move |_| set.with(|s| s.exercise(index.get())));
    let fresh = move || {
        typed.set(String::new());
        cells.set(BTreeSet::new());
        channels.set(BTreeSet::new());
        verdict.set(None);
    };
    let submit = move || {
        let answer = exercise.with_untracked(|ex| match ex.task {
            Task::Sources { .. } if typed.with_untracked(|t| t.trim().is_empty()) => {
                Answer::cells(cells.get_untracked())
            }
            Task::Channels { .. } if typed.with_untracked(|t| t.trim().is_empty()) => {
                Answer::channels(channels.get_untracked())
            }
            _ => Answer::parse(&typed.get_untracked()),
        });
        let v = exercise.with_untracked(|ex| check(ex, &answer));
        if v.counts() {
            let kind = exercise.with_untracked(|ex| ex.kind);
            mastery.update(|m| m.record(kind, &v));
            mastery.with_untracked(save_mastery);
        }
        verdict.set(Some(v));
    };
    let next = move || {
        index.update(|i| *i += 1);
        fresh();
    };
    let pick_kind = move |name: String| {
        let kinds: Vec<Kind> = name.split(',').filter_map(Kind::parse).collect();
        set.update(|s| *s = PracticeSet::new(s.seed, &kinds, s.level));
        index.set(0);
        fresh();
    };
    let show_me = move || {
        let mut scene = exercise.with_untracked(Exercise::show_me);
        let network = scene.showing.as_ref().is_some_and(|s| s.model.is_some());
        scene.view = Some(if network { "network" } else { "lab" }.into());
        lab.open(scene, Source::File);
    };
    let link = Memo::new(move |_| {
        let here = window().location();
        let base = format!(
            "{}{}",
            here.origin().unwrap_or_default(),
            here.pathname().unwrap_or_default()
        );
        format!("{base}{}", set.with(PracticeSet::fragment))
    });
    // The select's value: one kind, every kind (""), or a lesson
    // section's few, as a comma list with an option of their own.
    let kind_now = Memo::new(move |_| {
        set.with(|s| {
            if s.kinds.len() == Kind::ALL.len() {
                String::new()
            } else {
                s.kinds
                    .iter()
                    .map(|k| k.as_str())
                    .collect::<Vec<_>>()
                    .join(",")
            }
        })
    });
    view! {
        <section class="practice" data-testid="practice" aria-label="Practice">
            <h2 class="practice__title">"Practice: predict, then check"</h2>
            {broken.map(|m| view! { <p class="net__error" role="alert" data-testid="practice-link-error">{m}</p> })}
            <div class="practice__bar">
                <label class="field">
                    <span class="field__label">"Exercises"</span>
                    <select data-testid="practice-kind" aria-label="Exercises" on:change=move |e| pick_kind(event_target_value(&e))>
                        <option value="" selected=move || kind_now.get().is_empty()>"Every kind, in turn"</option>
                        {move || kind_now.get().contains(',').then(|| view! {
                            <option value=kind_now.get() selected=true>
                                {set.with(|s| s.kinds.iter().map(|k| k.title()).collect::<Vec<_>>().join(" and "))}
                            </option>
                        })}
                        {Kind::ALL.into_iter().map(|k| view! {
                            <option value=k.as_str() selected=move || kind_now.with(|n| n == k.as_str())>{k.title()}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label class="field practice__link">
                    <span class="field__label">"Link to this set (everyone who opens it gets the same exercises)"</span>
                    <textarea class="field__input practice__url" readonly rows="1" data-testid="practice-link" aria-label="Link to this set"
                        prop:value=move || link.get()></textarea>
                </label>
            </div>
            {move || {
                let ex = exercise.get();
                let kind = ex.kind;
                let n = index.get() + 1;
                let data_cell = ex.data_cell();
                let channel_count = match ex.task {
                    Task::Channels { .. } => ex.scene.dim(crate::core::model::target::Target::Input)[1],
                    _ => 0,
                };
                let form = ex.form();
                view! {
                    <article class="exercise" data-testid="exercise" data-kind=kind.as_str() data-level=ex.level.to_string()
                        data-scene=ex.scene_fragment() data-cell=data_cell aria-label=format!("Exercise {n}")>
                        <p class="exercise__head">{format!("Exercise {n} \u{00b7} {} \u{00b7} level {}", kind.title(), ex.level)}</p>
                        <pre class="exercise__question" data-testid="exercise-question">{ex.question.clone()}</pre>
                        <ExerciseGrids ex=ex.clone() cells />
                        {(channel_count > 0).then(|| view! {
                            <div class="exercise__channels" role="group" aria-label="Input channels">
                                {(0..channel_count).map(|c| view! {
                                    <button class="btn btn--small exercise__channel" data-testid="answer-channel"
                                        aria-pressed=move || channels.with(|s| s.contains(&c)).to_string()
                                        on:click=move |_| channels.update(|s| if !s.remove(&c) { s.insert(c); })>
                                        {format!("channel {c}")}
                                    </button>
                                }).collect_view()}
                            </div>
                        })}
                        <form class="exercise__answer" on:submit=move |e| { e.prevent_default(); submit(); }>
                            <label class="field">
                                <span class="field__label">{format!("Your answer: {form}")}</span>
                                <input class="field__input" type="text" data-testid="answer" aria-label="Your answer" spellcheck="false" autocomplete="off"
                                    prop:value=move || typed.get() on:input=move |e| typed.set(event_target_value(&e)) />
                            </label>
                            <button class="btn" type="submit" data-testid="check">"Check"</button>
                        </form>
                    </article>
                }
            }}
            {move || verdict.get().map(|v| {
                let correct = v.data_correct();
                let step = v.step;
                view! {
                    <div class="verdict" class:verdict--right=v.is_correct() class:verdict--wrong=correct == Some("false")
                        data-testid="verdict" data-correct=correct data-mistake=v.mistake().map(|m| m.as_str()) role="status">
                        <p class="verdict__head">{match correct {
                            Some("true") => "Right.",
                            Some(_) => "Not quite.",
                            None => "Not an answer yet.",
                        }}</p>
                        <p class="verdict__text">{v.text.clone()}</p>
                        <div class="verdict__actions">
                            {v.counts().then(|| view! {
                                <button class="btn btn--small" data-testid="show-me" title="Open this scene in the lab at the step that answers it"
                                    on:click=move |_| show_me()>{if step.is_some() { "Show me in the lab" } else { "Open it" }}</button>
                            })}
                            <button class="btn btn--small" data-testid="next-exercise" on:click=move |_| next()>"Next exercise"</button>
                        </div>
                    </div>
                }
            })}
            {move || verdict.with(Option::is_none).then(|| view! {
                <p class="practice__skip"><button class="btn btn--small" data-testid="next-exercise" on:click=move |_| next()>"Skip to the next exercise"</button></p>
            })}
            <Progress mastery />
        </section>
    }
}

/// Each kind's streak and whether it is mastered (three right in a row),
/// with a reset and a summary to copy.
#[component]
fn Progress(mastery: RwSignal<Mastery>) -> impl IntoView {
    let lab = use_lab();
    view! {
        <section class="practice__progress" aria-label="Progress">
            <h3>"Progress"</h3>
            <ul class="practice__kinds">
                {Kind::ALL.into_iter().map(|k| view! {
                    <li data-testid=format!("mastery-{}", k.as_str())
                        data-mastered=move || mastery.with(|m| m.is_mastered(k)).to_string()>
                        <span>{k.title()}</span>
                        <span class="note">{move || mastery.with(|m| {
                            let r = m.get(k);
                            if m.is_mastered(k) {
                                format!("mastered \u{2713} ({} of {} right)", r.right, r.tried)
                            } else {
                                format!("{} in a row of 3 ({} of {} right)", r.streak, r.right, r.tried)
                            }
                        })}</span>
                    </li>
                }).collect_view()}
            </ul>
            <button class="btn btn--small" data-testid="practice-summary" on:click=move |_| {
                copy_to_clipboard(&mastery.with_untracked(Mastery::summary));
                lab.notice.set(Some("Your progress is on the clipboard, as text.".into()));
            }>"Copy a summary"</button>
            " "
            <button class="btn btn--small" data-testid="practice-reset" on:click=move |_| {
                mastery.update(Mastery::reset);
                mastery.with_untracked(save_mastery);
            }>"Reset progress"</button>
        </section>
    }
}

//! The page: settings and editors on the left, the sliding kernel and the
//! output in the middle, the arithmetic, shapes and channel diagram below.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::core::app::computed::Computed;
use crate::core::content::lessons::all as lessons;
use crate::core::export::embed::is_embed_query;
use crate::core::present::layout::{lab_fit, swipe_step, OneOfEach};
use crate::core::{OpKind, Plan};
use crate::ui::image::files::first_image;
use crate::ui::image::panel::{ImagePanel, Loader};
use crate::ui::lab::arithmetic::Arithmetic;
use crate::ui::lab::connections::Connections;
use crate::ui::lab::output_grid::OutputGrids;
use crate::ui::lab::player::Player;
use crate::ui::lab::settings::{OpSelect, Settings};
use crate::ui::lab::stage::Stage;
use crate::ui::lab::sum_line::SumLine;
use crate::ui::lessons::bar::{load_lesson, LessonNav};
use crate::ui::lessons::parts::lesson_part;
use crate::ui::shell::chunk::Chunk;
use crate::ui::shell::error_box::ErrorBox;
use crate::ui::shell::later::Later;
use crate::ui::shell::parts::{
    compare_part, matrix_part, network_part, practice_part, scatter_part, shortcuts_part,
    stack_part,
};
use crate::ui::shell::persist::{initial_scene, use_autosave};
use crate::ui::shell::shortcuts::use_shortcuts;
use crate::ui::shell::state::{use_lab, Event, Lab, View};
use crate::ui::shell::toolbar::{Notices, SceneTitle, Toolbar};
use crate::ui::transpose::toggle::ViewToggle;
use crate::ui::transpose::undo::UndoNote;
use crate::ui::widgets::code_panel::CodePanel;
use crate::ui::widgets::pane::use_pane_width;
use crate::ui::widgets::shape_chips::ShapeChips;
use crate::ui::widgets::tensor_panel::{InputPanel, KernelPanel};

#[component]
pub fn App() -> impl IntoView {
    let (scene, link_error) = initial_scene();
    let lab = Lab::new(scene);
    lab.notice.set(link_error);
    // Once the page is whole, the other views' chunks are fetched.
    crate::ui::shell::later::when_whole(crate::ui::shell::parts::prefetch);
    provide_context(lab);
    let loader = Loader::new();
    provide_context(loader);
    // `?embed`: a course site's iframe shows the stage, the output and the
    // player, and leaves the person's own saved scene alone.
    let embedded = is_embed_query(&window().location().search().unwrap_or_default());
    if !embedded {
        use_autosave(lab);
    }
    // A picture pasted anywhere on the page (not into a text field) becomes the input.
    let paste = window_event_listener(leptos::ev::paste, move |ev: web_sys::ClipboardEvent| {
        let Some(file) = first_image(ev.clipboard_data().and_then(|d| d.files())) else {
            return;
        };
        if !file.type_().starts_with("image/") {
            return;
        }
        ev.prevent_default();
        loader.load_blob(lab, "pasted.png".to_string(), file.into());
    });
    on_cleanup(move || paste.remove());
    let dragging = RwSignal::new(false);
    let on_drop = move |ev: web_sys::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        let Some(file) = first_image(ev.data_transfer().and_then(|d| d.files())) else {
            return;
        };
        let name = file.name();
        loader.load_blob(
            lab,
            if name.is_empty() {
                "dropped.png".into()
            } else {
                name
            },
            file.into(),
        );
    };
    use_shortcuts(Callback::new(move |delta: i32| {
        let count = lessons().len() as i64;
        let next = lab
            .lesson
            .get_untracked()
            .map_or(0, |k| k as i64 + delta as i64);
        if (0..count).contains(&next) {
            load_lesson(lab, next as usize);
        }
    }));
    let invalid = Memo::new(move |_| lab.computed.with(Computed::is_refused));
    let is_stack = Memo::new(move |_| lab.scene.with(|s| s.kind() == OpKind::Sequential));
    let tab = move |v: View, label: &'static str| {
        let testid = match v {
            View::Network => Some("model-open"),
            View::Practice => Some("practice-open"),
            _ => None,
        };
        view! {
            <button
                class="tab"
                data-testid=testid
                class:tab--on=move || lab.view.get() == v
                aria-pressed=move || (lab.view.get() == v).to_string()
                on:click=move |_| lab.send(Event::Show(v))
            >
                {label}
            </button>
        }
    };
    let menu = RwSignal::new(false);
    // A phone's menu folds again once it has done its work: a lesson picked,
    // another view opened.
    Effect::new(move |seen: Option<()>| {
        lab.lesson.track();
        lab.view.track();
        if seen.is_some() {
            menu.set(false);
        }
    });
    view! {
        <div class="app" data-testid="app" class:app--classroom=move || lab.classroom.get() class:app--drawer=move || lab.drawer.get() class:app--network=move || !lab.view.get().shows_scene() class:app--embed=embedded>
            <header class="top" class:top--menu=move || menu.get() class:top--lesson=move || lab.lesson.with(Option::is_some)>
                // The first stop of the Tab key: past the header, the editors and
                // the grids' cells, straight to the player (a screen reader took
                // 142 Tabs to get there).
                <Show when=move || lab.view.get().shows_scene()>
                    <button class="skip" data-testid="skip-to-player" on:click=move |_| {
                        if let Some(el) = document().query_selector("#player button").ok().flatten().and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
                            el.scroll_into_view();
                            let _ = el.focus();
                        }
                    }>"Skip to the player"</button>
                </Show>
                <h1 class="top__title">"ConvLab"</h1>
                // A phone: the operation, the lessons and the toolbar fold
                // into one menu (the styles show this button under 801 px).
                <button class="btn btn--small menu-toggle" data-testid="menu" aria-controls="top-menu"
                    aria-expanded=move || menu.get().to_string() on:click=move |_| menu.update(|m| *m = !*m)>
                    {move || if menu.get() { "Close menu" } else { "Menu" }}
                </button>
                <button
                    class="btn btn--small drawer-toggle"
                    aria-controls="settings"
                    aria-expanded=move || lab.drawer.get().to_string()
                    on:click=move |_| lab.drawer.update(|d| *d = !*d)
                >
                    {move || if lab.drawer.get() { "Hide settings" } else { "Settings" }}
                </button>
                <OpSelect />
                <nav class="tabs" aria-label="View">{tab(View::Lab, "Lab")} {tab(View::Compare, "Compare")} {tab(View::Network, "Network")} {tab(View::Practice, "Practice")}</nav>
                // The first task builds the title, the operation and the views;
                // the rest of the header and everything under it follow.
                <Later rank=0>
                    <LessonNav />
                    <Toolbar />
                </Later>
            </header>
            <aside class="side" id="settings" aria-label="Settings and editors">
                // Built after the picture, the player and what is below them
                // (on a phone it is below them all).
                <Later rank=6>
                    <Settings />
                    <ImagePanel />
                </Later>
                <Later rank=7>
                    <InputPanel />
                    // A stack's weights are in its layer cards.
                    <Show when=move || lab.scene.with(|s| s.kind() != crate::core::OpKind::Sequential)>
                        <KernelPanel />
                    </Show>
                </Later>
            </aside>
            <main class="main">
                // A task each, in the order they are on screen.
                <Later rank=1>
                    <Notices />
                    <SceneTitle />
                    // A lesson's words are about its scene: a network lesson's
                    // show on the network page, the others' everywhere else.
                    <Show when=move || lab.lesson.get().and_then(|k| lessons().get(k)).is_some_and(|s| (s.view == "network") == (lab.view.get() == View::Network))>
                        <Chunk part=lesson_part() />
                    </Show>
                    <UndoNote />
                    <ErrorBox />
                </Later>
                <Later rank=2>
                    <div
                        class="picture"
                        class:picture--stale=move || invalid.get()
                        class:picture--drop=move || dragging.get()
                        on:dragover=move |ev: web_sys::DragEvent| {
                            ev.prevent_default();
                            dragging.set(true);
                        }
                        on:dragleave=move |_| dragging.set(false)
                        on:drop=on_drop
                    >
                        {move || match lab.view.get() {
                            View::Network => view! { <Chunk part=network_part() /> }.into_any(),
                            View::Practice => view! { <Chunk part=practice_part() /> }.into_any(),
                            _ if is_stack.get() => view! { <Chunk part=stack_part() /> }.into_any(),
                            View::Lab => view! { <LabView /> }.into_any(),
                            View::Compare => view! { <Chunk part=compare_part() /> }.into_any(),
                        }}
                    </div>
                </Later>
                // The scene's player, arithmetic and code: not on the network page.
                <Later rank=3>
                    <Show when=move || lab.view.get().shows_scene()>
                        <Player />
                    </Show>
                    // A phone: the kernel's editor opens as a sheet under the
                    // output, not 1,800 px further down the page.
                    <Show when=move || lab.view.get() == View::Lab && !is_stack.get()>
                        <button class="btn sheet-toggle" data-testid="edit-kernel" aria-controls="kernel-panel"
                            aria-expanded=move || lab.drawer.get().to_string()
                            on:click=move |_| lab.drawer.update(|d| *d = !*d)>
                            {move || if lab.drawer.get() { "Close the kernel editor" } else { "Edit the kernel" }}
                        </button>
                    </Show>
                    // The step's sum right under the player: its length
                    // changes as the sum builds up, and nothing the pointer
                    // is on moves with it.
                    <Show when=move || lab.view.get() == View::Lab && !is_stack.get() && !lab.scatter_on()>
                        <SumLine plan=lab.shown.into() frame=lab.frame testid="sum-line" />
                    </Show>
                </Later>
                // Below the picture and the player.
                <Later rank=4>
                    <Show when=move || !is_stack.get() && lab.view.get().shows_scene()>
                        <Info />
                    </Show>
                </Later>
                <Later rank=5>
                    <Show when=move || lab.view.get().shows_scene()>
                        <CodePanel />
                    </Show>
                </Later>
            </main>
            <Show when=move || lab.help.get()>
                <Chunk part=shortcuts_part() />
            </Show>
            {embedded.then(|| view! {
                <a class="embed__open" data-testid="embed-open" target="_blank" rel="noopener"
                    href=move || {
                        let here = window().location();
                        let page = format!("{}{}", here.origin().unwrap_or_default(), here.pathname().unwrap_or_default());
                        format!("{page}{}", lab.scene.with(crate::core::export::share::scene_fragment))
                    }>"Open in ConvLab \u{2197}"</a>
            })}
            // What "Say this step" (A) gives a screen reader to say.
            <p id="announcer" class="sr-only" aria-live="polite" data-testid="announcer"></p>
        </div>
    }
}

#[component]
fn LabView() -> impl IntoView {
    let lab = use_lab();
    let plan: Signal<Option<Plan>> = lab.shown.into();
    let output = lab.output;
    let frame = lab.frame;
    // Room for the planes the kernel reads (less per plane as the group
    // grows) and for the output, in the width the pane has.
    let pane = use_pane_width(lab.classroom.into());
    let swipe_from = StoredValue::new(None::<(f64, f64)>);
    let fit = Memo::new(move |_| {
        let (width, stacked) = pane.get();
        lab.shown.with(|p| {
            let g = p.as_ref().map_or(1, Plan::group_in);
            let one_of_each = p.as_ref().and_then(|p| {
                let [n, o, ho, wo] = p.output_dim();
                (p.in_channels() == 1 && n * o == 1).then(|| OneOfEach {
                    stage: p.padded_hw(),
                    output: [ho, wo],
                })
            });
            lab_fit(g, width, stacked, one_of_each)
        })
    });
    let budgets = Memo::new(move |_| fit.with(|f| (f.stage, f.output)));
    // A phone that fits a small scene side by side (the styles stack it).
    let row = Memo::new(move |_| pane.get().1 && fit.get().one_row);
    let budget = Signal::derive(move || budgets.get().0);
    let out_budget = Signal::derive(move || budgets.get().1);
    // A transposed convolution also has the scatter view; any op the matrix view.
    let scatter = Memo::new(move |_| lab.scatter_on());
    // Past the grids to the sum of products, for keyboards and screen readers.
    let skip = move |_| {
        if let Some(el) = document()
            .get_element_by_id("arithmetic")
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            el.scroll_into_view();
            let _ = el.focus();
        }
    };
    view! {
        <button class="skip" data-testid="skip-to-arithmetic" on:click=skip>"Skip the grids: to the arithmetic"</button>
        <ViewToggle />
        <Show when=move || !scatter.get() fallback=|| view! { <Chunk part=scatter_part() /> }>
            <div class="flow" class:flow--row=move || row.get()
                // A finger swiped sideways over the grids steps the animation.
                on:pointerdown=move |e: web_sys::PointerEvent| {
                    if e.pointer_type() == "touch" {
                        swipe_from.set_value(Some((e.client_x() as f64, e.client_y() as f64)));
                    }
                }
                on:pointercancel=move |_| swipe_from.set_value(None)
                on:pointerup=move |e: web_sys::PointerEvent| {
                    let Some((x, y)) = swipe_from.get_value() else { return };
                    swipe_from.set_value(None);
                    match swipe_step(e.client_x() as f64 - x, e.client_y() as f64 - y) {
                        1 => { lab.pause(); lab.forward(); }
                        -1 => { lab.pause(); lab.back(); }
                        _ => {}
                    }
                }>
                <Stage plan frame testid="stage" budget />
                <div class="flow__arrow" aria-hidden="true">"\u{2192}"</div>
                <OutputGrids plan output frame cell_testid="out-cell" budget=out_budget />
            </div>

        </Show>
        <Show when=move || lab.matrix.get()>
            <Chunk part=matrix_part() />
        </Show>
    }
}

#[component]
fn Info() -> impl IntoView {
    let lab = use_lab();
    let plan: Signal<Option<Plan>> = lab.shown.into();
    let frame = lab.frame;
    let torch = Memo::new(move |_| {
        lab.shown
            .with(|p| p.as_ref().is_some_and(|p| p.kind == OpKind::Torch))
    });
    view! {
        <div class="info">
            <Arithmetic plan frame />
            <ShapeChips plan />
            <div class="info__side">
                <Show when=move || torch.get()>
                    <Connections plan frame />
                </Show>
                <Legend />
            </div>
        </div>
    }
}

#[component]
fn Legend() -> impl IntoView {
    view! {
        <div class="legend" aria-label="Legend">
            <span class="legend__item"><span class="swatch swatch--neg"></span>"negative"</span>
            <span class="legend__item"><span class="swatch swatch--pos"></span>"positive"</span>
            <span class="legend__item"><span class="swatch swatch--const"></span>"padding: constant"</span>
            <span class="legend__item"><span class="swatch swatch--copy"></span>"padding: copied cell"</span>
            <span class="legend__item"><span class="swatch swatch--inserted"></span>"zero inserted by the stride (transposed)"</span>
            <span class="legend__item"><span class="swatch swatch--win"></span>"kernel window"</span>
        </div>
    }
}

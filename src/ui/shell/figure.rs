//! *Figure*: the view on screen as an SVG file, or as a PNG at twice its
//! size, for slides and notes. The core draws the figure
//! (`core::export::figure`, in a chunk of its own); this saves it. The
//! PNG is the SVG drawn into a canvas by the browser (an `Image` from a
//! blob URL, then `canvas.toBlob`). What goes wrong says so in the notice.

#![allow(improper_ctypes_definitions)]

use leptos::prelude::*;
use wasm_split_helpers::{wasm_split, SplitLoaderError};

use crate::core::app::nav::answer_hidden_at;
use crate::core::engine::timeline::Timeline;
use crate::core::export::figure::{self, Figure, Options};
use crate::core::{OpKind, Plan, Scene};
use crate::ui::shell::chunk::NotLoaded;
use crate::ui::shell::state::{use_lab, Lab, View};

/// What to draw, taken from the page when the button is pressed.
pub enum Ask {
    /// The lab at a frame, the compare view, or a stack at its step; with
    /// the timeline when *Hide the answer* is on.
    Scene {
        scene: Box<Scene>,
        view: View,
        /// The scatter view of a transposed convolution (`step` is a stamp).
        scatter: bool,
        /// The matrix view is open, at input channel `sub` of the frame.
        matrix: Option<usize>,
        step: usize,
        hiding: Option<Timeline>,
    },
    /// The network page: the pasted model and the input shape as typed.
    Network { text: String, shape: String },
}

/// The figure, or why there is none.
#[wasm_split(figure, fallible, preload(preload_figure))]
fn draw(ask: Ask) -> Result<Result<Figure, String>, NotLoaded> {
    Ok(match ask {
        Ask::Network { text, shape } => figure::network(&text, &shape),
        Ask::Scene {
            scene,
            view,
            scatter,
            matrix,
            step,
            hiding,
        } => {
            let hide = move |p: &Plan, at: [usize; 4]| {
                hiding
                    .as_ref()
                    .is_some_and(|t| answer_hidden_at(Some(p), at, t))
            };
            let o = Options {
                step,
                hidden: hiding.is_some().then_some(&hide as figure::Hidden),
            };
            Ok(if scene.kind() == OpKind::Sequential {
                figure::stack(&scene, &o)
            } else if let Some(sub) = matrix {
                figure::matrix(&scene, &o, sub, scatter)
            } else if scatter {
                figure::scatter(&scene, &o)
            } else if view == View::Compare {
                figure::compare(&scene, &o)
            } else {
                figure::lab(&scene, &o)
            })
        }
    })
}

/// Fetches the figure's chunk.
pub async fn preload() -> Result<(), SplitLoaderError> {
    preload_figure().await
}

/// Why this view has no figure, if it has none.
fn no_figure(view: View) -> Option<&'static str> {
    (view == View::Practice)
        .then_some("The practice page has no figure: open the lab, Compare, a stack or Network.")
}

/// What the page shows now, to draw.
fn ask(lab: Lab) -> Result<Ask, String> {
    let view = lab.view.get_untracked();
    if let Some(why) = no_figure(view) {
        return Err(why.into());
    }
    if view == View::Network {
        return match lab.net.get_untracked() {
            Some(m) => Ok(Ask::Network {
                text: m.text,
                shape: m.input_shape,
            }),
            None => Err("The network page has no model yet.".into()),
        };
    }
    let timeline = lab.timeline.get_untracked();
    let scatter = view == View::Lab && untrack(|| lab.scatter_on());
    // The lab shows the gather frame that matches the step (a stamp, in
    // the scatter framing); the compare view and a stack, the step.
    let step = match view {
        View::Lab if !scatter => lab
            .frame
            .with_untracked(|f| f.as_ref().map(|f| f.step))
            .unwrap_or_else(|| timeline.step()),
        _ => timeline.step(),
    };
    Ok(Ask::Scene {
        scene: Box::new(lab.scene.get_untracked()),
        view,
        scatter,
        matrix: (view == View::Lab && lab.matrix.get_untracked())
            .then(|| untrack(|| lab.current_sub())),
        step,
        hiding: lab.hide_answer.get_untracked().then_some(timeline),
    })
}

#[wasm_bindgen::prelude::wasm_bindgen(inline_js = r#"
export function save_blob(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
export function save_svg(svg, name) {
  save_blob(new Blob([svg], { type: 'image/svg+xml' }), name);
}
export function save_png(svg, width, height, scale, name) {
  return new Promise((resolve, reject) => {
    const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
    const img = new Image();
    img.onload = () => {
      try {
        const canvas = document.createElement('canvas');
        canvas.width = Math.round(width * scale);
        canvas.height = Math.round(height * scale);
        const ctx = canvas.getContext('2d');
        if (!ctx) throw new Error('the browser gave no canvas to draw on');
        ctx.fillStyle = '#ffffff';
        ctx.fillRect(0, 0, canvas.width, canvas.height);
        ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
        URL.revokeObjectURL(url);
        canvas.toBlob((png) => {
          if (png) { save_blob(png, name); resolve(); }
          else reject('the canvas could not be written as a PNG (it may be too large)');
        }, 'image/png');
      } catch (e) {
        URL.revokeObjectURL(url);
        reject(String(e && e.message || e));
      }
    };
    img.onerror = () => { URL.revokeObjectURL(url); reject('the browser could not draw the SVG'); };
    img.src = url;
  });
}
"#)]
extern "C" {
    fn save_svg(svg: &str, name: &str);
    fn save_png(svg: &str, width: f64, height: f64, scale: f64, name: &str) -> js_sys::Promise;
}

/// Draw the view and save it as SVG (`png`: as a PNG at twice the size).
fn save(lab: Lab, png: bool) {
    let ask = match ask(lab) {
        Ok(a) => a,
        Err(why) => return lab.notice.set(Some(why)),
    };
    leptos::task::spawn_local(async move {
        let fig = match draw(ask).await {
            Ok(Ok(f)) => f,
            Ok(Err(why)) => {
                let _ = lab.notice.try_set(Some(format!("No figure: {why}")));
                return;
            }
            Err(NotLoaded) => {
                let _ = lab.notice.try_set(Some(
                    "The figure's code could not be loaded: check the connection and press the button again.".into(),
                ));
                return;
            }
        };
        if !png {
            save_svg(&fig.svg, &format!("convlab-{}.svg", fig.name));
            return;
        }
        let done = save_png(
            &fig.svg,
            fig.width,
            fig.height,
            2.0,
            &format!("convlab-{}.png", fig.name),
        );
        if let Err(e) = wasm_bindgen_futures::JsFuture::from(done).await {
            let why = e
                .as_string()
                .unwrap_or_else(|| "the browser refused".to_string());
            let _ = lab.notice.try_set(Some(format!(
                "The PNG could not be made: {why}. Save SVG still works."
            )));
        }
    });
}

/// The toolbar's *Figure* buttons.
#[component]
pub fn FigureButtons() -> impl IntoView {
    let lab = use_lab();
    let why = Memo::new(move |_| no_figure(lab.view.get()));
    let title = move |what: &'static str| {
        move || {
            why.get()
                .map_or_else(|| what.to_string(), |w| w.to_string())
        }
    };
    view! {
        <span class="toolbar__group" role="group" aria-label="Figure of this view">
            <span class="toolbar__label" aria-hidden="true">"Figure"</span>
            <button class="btn btn--small" data-testid="figure-svg" aria-label="Save a figure of this view as SVG"
                title=title("Save a figure of this view as SVG, for slides and notes")
                disabled=move || why.get().is_some() on:click=move |_| save(lab, false)>"SVG"</button>
            <button class="btn btn--small" data-testid="figure-png" aria-label="Save a figure of this view as PNG 2x (twice the size)"
                title=title("Save a figure of this view as PNG at twice its size")
                disabled=move || why.get().is_some() on:click=move |_| save(lab, true)>"PNG 2x"</button>
        </span>
    }
}

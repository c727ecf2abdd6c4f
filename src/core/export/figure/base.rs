//! What every figure shares: the figure itself, how the scene is shown,
//! the document around the drawing and the figure of a refused scene.

use crate::core::app::computed::Refusal;
use crate::core::engine::plan::Plan;
use crate::core::export::figure::caption;
use crate::core::export::figure::svg::{document, Block, Caption, Flow, WINDOW};
use crate::core::model::scene::Scene;

/// At most this many planes of one tensor are drawn.
pub const MAX_PLANES: usize = 8;

/// An SVG figure and its size in px.
#[derive(Clone, Debug, PartialEq)]
pub struct Figure {
    pub svg: String,
    pub width: f64,
    pub height: f64,
    /// `lab`, `compare`, `stack`, `network`: the file is `convlab-<name>.svg`.
    pub name: &'static str,
}

/// Whether output `[n, c, i, j]` of a plan is blank on screen.
pub type Hidden<'a> = &'a dyn Fn(&Plan, [usize; 4]) -> bool;

/// How the scene is shown: the frame, and which outputs are hidden.
#[derive(Clone, Copy, Default)]
pub struct Options<'a> {
    /// The animation's frame (a stack's step on its timeline).
    pub step: usize,
    /// With *Hide the answer*: whether output `[n, c, i, j]` of a plan is
    /// still blank on screen (`None`: every answer shows).
    pub hidden: Option<Hidden<'a>>,
}

pub(super) fn finish(flow: Flow, cap: &Caption, name: &'static str) -> Figure {
    let (svg, width, height) = document(flow.into_block(), cap, name);
    Figure {
        svg,
        width,
        height,
        name,
    }
}

/// The figure of a scene the engine refuses, in the words the page uses.
pub(super) fn refused_by(scene: &Scene, name: &'static str, r: &Refusal) -> Figure {
    refused(
        scene,
        name,
        r.rule,
        &r.explanation,
        r.reference,
        r.reference_message.clone(),
    )
}

/// The figure of a refused scene: the call, and the refusal in words.
pub(super) fn refused(
    scene: &Scene,
    name: &'static str,
    rule: &str,
    explanation: &str,
    reference: &str,
    message: Option<String>,
) -> Figure {
    let head = format!("{reference} refuses this: {rule}");
    let px = 20.0;
    let mut b = Block::new(head.chars().count() as f64 * px * 0.55, 34.0);
    b.text(
        0.0,
        px,
        px,
        "start",
        &format!(" fill=\"{WINDOW}\" font-weight=\"700\" data-role=\"refused\""),
        &head,
    );
    let mut flow = Flow::default();
    flow.push(b);
    let mut notes = vec![explanation.to_string()];
    if let Some(m) = message {
        notes.push(format!("{reference} says: {m}"));
    }
    let cap = Caption {
        code: caption::call(scene, None),
        notes,
    };
    finish(flow, &cap, name)
}

//! A lesson step: its words, its scene (built on demand) and what it shows.

use std::sync::Arc;

use crate::core::content::lessons::claim::Claim;
use crate::core::model::scene::Scene;

/// Something a step shows besides the lab.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Extra {
    None,
    /// The squeeze/unsqueeze explorer (section 4).
    SqueezeExplorer,
    /// The output as `int8` of `x*10 + 0.5` (section 8).
    Int8View,
    /// The data type note (section 3).
    Dtype,
}

/// How a lesson step builds its scene. Scenes are built when a step is
/// opened, not with the list: building every step's scene for the lesson
/// menu was a sixth of the page's first task.
pub type MakeScene = Arc<dyn Fn() -> Scene + Send + Sync>;

/// A [`MakeScene`] from a closure.
pub fn lazy(make: impl Fn() -> Scene + Send + Sync + 'static) -> MakeScene {
    Arc::new(make)
}

#[derive(Clone)]
pub struct LessonStep {
    pub id: &'static str,
    /// The lecture's section, 1 to 8; 9 for [`crate::core::content::lessons::transpose`]; 10 for the stacks of [`crate::core::content::lessons::stack`]; 11 for "your network" ([`crate::core::content::lessons::network`]).
    pub section: u8,
    pub title: &'static str,
    /// The words, with `{fact}`s the engine fills in from the scene (see
    /// [`crate::core::content::lessons::words`]).
    pub body: &'static str,
    /// One thing to try, written as the body is.
    pub try_this: &'static str,
    /// What the words claim about the scene besides the facts they quote;
    /// `tests/lesson_claims.rs` checks each.
    pub claims: &'static [Claim],
    /// Phrases of the title, body or try-this whose digits are not facts:
    /// code (`nn.Conv2d(2, 1, 3)`), the lecture's own picture, or numbers a
    /// claim checks. Any other digit in the words fails the tests.
    pub literal: &'static [&'static str],
    make: MakeScene,
    /// `"lab"` or `"compare"`; `"scatter"` and `"matrix"` open the lab
    /// in those views of a transposed convolution.
    pub view: &'static str,
    pub extra: Extra,
}

impl LessonStep {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        id: &'static str,
        section: u8,
        title: &'static str,
        body: &'static str,
        try_this: &'static str,
        make: MakeScene,
        view: &'static str,
        extra: Extra,
    ) -> Self {
        LessonStep {
            id,
            section,
            title,
            body,
            try_this,
            claims: &[],
            literal: &[],
            make,
            view,
            extra,
        }
    }

    /// The step with its claims and the phrases whose digits are literal.
    pub fn checks(mut self, claims: &'static [Claim], literal: &'static [&'static str]) -> Self {
        self.claims = claims;
        self.literal = literal;
        self
    }

    /// Whether `scene` is still this step's scene, as far as the words go:
    /// the same operation with the same numbers (and picture). Its title,
    /// the frame shown and the view do not change what the text describes.
    pub fn describes(&self, scene: &Scene) -> bool {
        same_scene(&self.scene(), scene)
    }

    /// The step's scene, titled with the step's title (built on each call).
    pub fn scene(&self) -> Scene {
        (self.make)().with_title(self.title)
    }
}

/// Whether two scenes are the same for a lesson's words: the same op with
/// the same numbers, and the same picture; title, step and view aside.
pub fn same_scene(a: &Scene, b: &Scene) -> bool {
    a.op == b.op && a.image == b.image
}

impl std::fmt::Debug for LessonStep {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LessonStep")
            .field("id", &self.id)
            .field("section", &self.section)
            .field("title", &self.title)
            .field("view", &self.view)
            .field("extra", &self.extra)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use crate::core::content::lessons::lessons;
    use crate::core::model::edit::Target;

    #[test]
    fn a_scene_is_the_steps_until_its_numbers_or_op_change() {
        let step = &lessons()[0];
        let mut scene = step.scene();
        assert!(step.describes(&scene));
        // What the words do not describe: the title, the frame, the view.
        scene.title = None;
        scene.step = Some(3);
        scene.view = Some("compare".into());
        assert!(step.describes(&scene));
        // One value typed into the input, then put back.
        let v = scene.value(Target::Input, [0, 0, 0, 0]).unwrap();
        scene.set_value(Target::Input, [0, 0, 0, 0], v + 1.0);
        assert!(!step.describes(&scene));
        scene.set_value(Target::Input, [0, 0, 0, 0], v);
        assert!(step.describes(&scene));
        // Another operation on the same numbers.
        scene.set_kind(crate::core::model::scene::OpKind::Correlate);
        assert!(!step.describes(&scene));
        // Another step's scene.
        assert!(!lessons()[1].describes(&step.scene()));
    }
}

//! What the page does around the scene: what opening a scene does to the
//! rest of the page, which tensors are drawn as pictures, what an edit does
//! to a picture's record, and the seeds of the random fills.

use ndarray::Array4;

use crate::core::content::lessons;
use crate::core::model::scene::{Op, Scene, Showing};

/// Where an opened scene comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// Lesson step `k`.
    Lesson(usize),
    /// A picture (a file, a drop, a paste, a sample, a pattern) or the
    /// photo stack made of it.
    Picture,
    /// An imported scene file.
    File,
    /// Reset: the first example.
    Reset,
    /// "Undo this shape": the transposed convolution that undoes it.
    Undo,
    /// Free play: the person's own scene, back from the lessons.
    FreePlay,
}

/// What opening a scene does to the page around it. The navigation's part
/// (view, step, pick) is `nav::Event::Opened`; the undo note is cleared on
/// every opening (an undo sets its own after).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Opening {
    /// The lesson step the page is on afterwards: only a lesson's own.
    pub lesson: Option<usize>,
    /// The view the scene opens in when it is not the scene's own: a
    /// picture and an undo open in the lab.
    pub view: Option<&'static str>,
    /// Whether the page's notice goes. A picture keeps the note its
    /// decoding has just written (transparent pixels); every other opening
    /// leaves no notice about what was there before.
    pub clears_notice: bool,
}

/// The rule for opening a scene from `source`.
pub fn opening(source: Source) -> Opening {
    match source {
        Source::Lesson(k) => Opening {
            lesson: Some(k),
            view: None,
            clears_notice: true,
        },
        Source::Picture => Opening {
            lesson: None,
            view: Some("lab"),
            clears_notice: false,
        },
        Source::File | Source::Reset | Source::FreePlay => Opening {
            lesson: None,
            view: None,
            clears_notice: true,
        },
        Source::Undo => Opening {
            lesson: None,
            view: Some("lab"),
            clears_notice: true,
        },
    }
}

/// Longest side, in values, that a photo's planes keep number grids for;
/// past it they are drawn as pictures.
pub const MAX_GRID_PHOTO_SIDE: usize = 16;

/// The input a picture can have been made into (a conv2d's or a stack's).
fn picture_input(scene: &Scene) -> Option<&Array4<f64>> {
    match &scene.op {
        Op::Torch(t) => Some(&t.input),
        Op::Sequential(s) => Some(&s.input),
        _ => None,
    }
}

/// Whether the input and the outputs are drawn as pictures rather than
/// number grids: a photo larger than [`MAX_GRID_PHOTO_SIDE`] a side.
pub fn draws_pictures(scene: &Scene) -> bool {
    scene.image.is_some()
        && picture_input(scene).is_some_and(|a| a.dim().2.max(a.dim().3) > MAX_GRID_PHOTO_SIDE)
}

/// Apply `edit` to `scene`. An input that is no longer the picture's loses
/// the picture's record, or the export would rebuild the old picture.
pub fn edit_scene(scene: &mut Scene, edit: impl FnOnce(&mut Scene)) {
    let before = scene
        .image
        .as_ref()
        .and_then(|_| picture_input(scene).cloned());
    edit(scene);
    if before.is_some() && picture_input(scene) != before.as_ref() {
        scene.image = None;
    }
}

/// How the page shows a scene, as a link or a save carries it: `None` when
/// it is the default (no lesson, both switches off), so such links stay as
/// they were.
pub fn showing(lesson: Option<usize>, classroom: bool, hide_answer: bool) -> Option<Showing> {
    let lesson = lesson
        .and_then(|k| lessons::all().get(k))
        .map(|s| s.id.to_string());
    let s = Showing {
        lesson,
        classroom,
        hide_answer,
        model: None,
    };
    (s != Showing::default()).then_some(s)
}

/// The lesson step a carried [`Showing`] opens in (none for an id no step
/// has any more).
pub fn lesson_shown(showing: Option<&Showing>) -> Option<usize> {
    showing
        .and_then(|s| s.lesson.as_deref())
        .and_then(lessons::index_of)
}

/// The seed of the `counter`-th random fill: counters 1, 2, 3, ... give
/// seeds far apart, so two fills in a row never look alike.
pub fn fill_seed(counter: u64) -> u64 {
    counter.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0x5EED
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_showing_goes_through_the_lessons_ids() {
        assert_eq!(showing(None, false, false), None);
        let k = lessons::index_of("xcorr").unwrap();
        let s = showing(Some(k), true, true).unwrap();
        assert_eq!(s.lesson.as_deref(), Some("xcorr"));
        assert_eq!(lesson_shown(Some(&s)), Some(k));
        let gone = Showing {
            lesson: Some("no-such-step".into()),
            ..s
        };
        assert_eq!(lesson_shown(Some(&gone)), None);
    }
    use crate::core::image::decode::ImageInfo;
    use crate::core::model::edit::Pattern;
    use crate::core::model::target::Target;

    fn photo(side: usize) -> Scene {
        let mut s = crate::core::content::presets::default_scene();
        s.set_kind(crate::core::model::scene::OpKind::Torch);
        s.resize(Target::Input, [1, 1, side, side]);
        s.image = Some(ImageInfo {
            name: "photo.png".into(),
            source: [side, side],
            factor: 1,
            gray: true,
        });
        s
    }

    #[test]
    fn a_photo_past_16_a_side_is_drawn_as_pictures() {
        assert!(!draws_pictures(&photo(16)));
        assert!(draws_pictures(&photo(17)));
        let mut plain = photo(17);
        plain.image = None;
        assert!(!draws_pictures(&plain));
    }

    #[test]
    fn an_edit_of_the_input_drops_the_pictures_record_and_a_kernel_edit_keeps_it() {
        let mut s = photo(17);
        edit_scene(&mut s, |s| s.fill(Target::Kernel, Pattern::Ones, 1));
        assert!(s.image.is_some());
        edit_scene(&mut s, |s| s.set_value(Target::Input, [0, 0, 3, 3], 0.25));
        assert!(s.image.is_none());
    }

    #[test]
    fn only_a_lesson_is_a_lesson_and_only_a_picture_keeps_its_note() {
        assert_eq!(opening(Source::Lesson(7)).lesson, Some(7));
        for s in [Source::Picture, Source::File, Source::Reset, Source::Undo] {
            assert_eq!(opening(s).lesson, None, "{s:?}");
            assert_eq!(opening(s).clears_notice, s != Source::Picture, "{s:?}");
        }
        assert_eq!(opening(Source::Picture).view, Some("lab"));
        assert_eq!(opening(Source::Undo).view, Some("lab"));
        assert_eq!(opening(Source::File).view, None, "a file's own view");
    }

    #[test]
    fn fill_seeds_differ() {
        let seeds: std::collections::BTreeSet<u64> = (1..1000).map(fill_seed).collect();
        assert_eq!(seeds.len(), 999);
        assert_eq!(fill_seed(1), 0x9E37_79B9_7F4A_7C15 ^ 0x5EED);
    }
}

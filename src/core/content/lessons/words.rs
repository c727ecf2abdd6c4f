//! A lesson's words with the engine's numbers in: the text of a step is a
//! template whose `{name args}` are facts ([`crate::core::content::lessons::fact`]),
//! filled in from the step's scene. Facts that quote the answer can be
//! hidden until the person has seen it computed.

use crate::core::content::lessons::fact::{is_answer, Engine};
use crate::core::model::scene::Scene;

/// What a hidden answer reads as.
pub const HIDDEN: &str = "(hidden: press play)";

/// Whether a lesson's answers show at frame `step` of `frames` (the rule
/// of everything that quotes outputs as a whole).
pub use crate::core::app::nav::answers_shown as revealed;

/// A piece of a template: words as written, or a fact's spec.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Piece<'a> {
    Words(&'a str),
    Fact(&'a str),
}

/// A template cut into words and facts; `None` if a brace is unmatched.
pub fn pieces(template: &str) -> Option<Vec<Piece<'_>>> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find(['{', '}']) {
        if rest[open..].starts_with('}') {
            return None;
        }
        let close = open + rest[open..].find('}')?;
        let spec = rest[open + 1..close].trim();
        if spec.contains('{') || spec.is_empty() {
            return None;
        }
        if open > 0 {
            out.push(Piece::Words(&rest[..open]));
        }
        out.push(Piece::Fact(spec));
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        out.push(Piece::Words(rest));
    }
    Some(out)
}

/// A piece of a lesson's text with its fact filled in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Said {
    /// Words, or a fact that is not an answer: always shown.
    Shown(String),
    /// A fact quoting the answer: shown once revealed.
    Answer(String),
    /// A fact the scene cannot give (a mistake the tests catch): the spec.
    Missing(String),
}

impl Said {
    /// The text on the page: an answer reads [`HIDDEN`] until revealed.
    pub fn text(&self, revealed: bool) -> &str {
        match self {
            Said::Shown(t) => t,
            Said::Answer(t) if revealed => t,
            Said::Answer(_) => HIDDEN,
            Said::Missing(_) => "?",
        }
    }
}

/// The template's words with each fact computed from `scene`.
pub fn resolve(template: &str, scene: &Scene) -> Vec<Said> {
    let Some(parts) = pieces(template) else {
        return vec![Said::Missing(template.to_string())];
    };
    let engine = Engine::new(scene);
    parts
        .into_iter()
        .map(|p| match p {
            Piece::Words(w) => Said::Shown(w.to_string()),
            Piece::Fact(spec) => match engine.fact(spec) {
                Some(v) if is_answer(spec) => Said::Answer(v),
                Some(v) => Said::Shown(v),
                None => Said::Missing(spec.to_string()),
            },
        })
        .collect()
}

/// The whole text, answers hidden unless `revealed`.
pub fn render(said: &[Said], revealed: bool) -> String {
    said.iter().map(|s| s.text(revealed)).collect()
}

/// [`resolve`] then [`render`].
pub fn say(template: &str, scene: &Scene, revealed: bool) -> String {
    render(&resolve(template, scene), revealed)
}

/// Names of code whose digits are no number: `conv2d`, `int8`.
pub const CODE_NAMES: [&str; 6] = [
    "conv_transpose2d",
    "convolve2d",
    "correlate2d",
    "conv2d",
    "Conv2d",
    "int8",
];

/// The runs of digits in a template's own words (outside its facts) that
/// are not inside one of the `allowed` phrases or a name of
/// [`CODE_NAMES`]: numbers typed by hand that no fact computes. A template
/// that does not parse is all unchecked.
pub fn typed_numbers(template: &str, allowed: &[&str]) -> Vec<String> {
    let Some(parts) = pieces(template) else {
        return vec![template.to_string()];
    };
    let mut found = Vec::new();
    for p in parts {
        let Piece::Words(w) = p else { continue };
        let mut text = w.to_string();
        for a in allowed.iter().chain(&CODE_NAMES) {
            text = text.replace(a, " ");
        }
        let mut run = String::new();
        for ch in text.chars().chain([' ']) {
            if ch.is_ascii_digit() {
                run.push(ch);
            } else if !run.is_empty() {
                found.push(std::mem::take(&mut run));
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::content::presets::default_scene;

    #[test]
    fn a_template_splits_into_words_and_facts() {
        assert_eq!(
            pieces("a {in} b {value 0 0 2}"),
            Some(vec![
                Piece::Words("a "),
                Piece::Fact("in"),
                Piece::Words(" b "),
                Piece::Fact("value 0 0 2"),
            ])
        );
        assert_eq!(pieces("no facts"), Some(vec![Piece::Words("no facts")]));
        assert_eq!(pieces("open {in"), None);
        assert_eq!(pieces("close } here"), None);
        assert_eq!(pieces("empty {}"), None);
    }

    #[test]
    fn facts_come_from_the_engine_and_answers_hide() {
        // The step edge convolved: 8x8 in, 6x6 out, 9 where the step is.
        let scene = default_scene();
        let t = "{in} to {out}: {value 0 0 2} at the step, {kernel-row 0}";
        assert_eq!(say(t, &scene, true), "8x8 to 6x6: 9 at the step, [-1 0 1]");
        assert_eq!(
            say(t, &scene, false),
            format!("8x8 to 6x6: {HIDDEN} at the step, [-1 0 1]")
        );
        assert!(resolve("{differ}", &scene)
            .iter()
            .all(|s| matches!(s, Said::Answer(_))));
        assert_eq!(say("{differ}", &scene, true), "12 of 36");
        assert_eq!(say("{conv.row 0 0}", &scene, true), "[0, 0, 9, 9, 0, 0]");
        assert_eq!(say("{xcorr.value 0 0 2}", &scene, true), "-9");
    }

    #[test]
    fn answers_show_on_the_last_frame_or_when_not_hidden() {
        assert!(revealed(false, 0, 36));
        assert!(!revealed(true, 0, 36));
        assert!(!revealed(true, 34, 36));
        assert!(revealed(true, 35, 36));
        // Nothing to play (a refused scene): nothing left to hide behind.
        assert!(revealed(true, 0, 0));
    }

    #[test]
    fn a_fact_the_scene_cannot_give_is_missing() {
        let scene = default_scene();
        assert_eq!(
            resolve("{nonsense}", &scene),
            vec![Said::Missing("nonsense".into())]
        );
        assert_eq!(
            resolve("{value 0 0 99}", &scene),
            vec![Said::Missing("value 0 0 99".into())]
        );
        assert_eq!(say("{size 0}", &scene, true), "?");
    }

    #[test]
    fn typed_numbers_are_the_digits_outside_facts_and_allowed_phrases() {
        assert_eq!(
            typed_numbers(
                "{in} grows to 10x10, rotated by 180 degrees",
                &["180 degrees"]
            ),
            vec!["10", "10"]
        );
        assert!(typed_numbers(
            "{value 0 0 2} at nn.Conv2d(1, 1, 3)",
            &["nn.Conv2d(1, 1, 3)"]
        )
        .is_empty());
        assert_eq!(typed_numbers("broken {", &[]), vec!["broken {"]);
        assert!(typed_numbers("torch.nn.functional.conv2d and convolve2d", &[]).is_empty());
        assert_eq!(typed_numbers("conv2d gives 9", &[]), vec!["9"]);
    }
}

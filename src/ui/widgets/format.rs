//! Numbers as people read them; the exact value stays in `data-value`.

pub use crate::core::present::display::{exact, exact_term};

/// Background for a signed value: the heat map of `core::present::colour::heat`
/// as an inline style (grids whose colours are not on a canvas).
pub fn diverging(v: f64, max_abs: f64) -> String {
    match crate::core::present::colour::heat(v, max_abs) {
        None => "background-color: var(--zero)".into(),
        Some(([r, g, b], alpha)) => format!("background-color: rgba({r}, {g}, {b}, {alpha:.3})"),
    }
}

/// The colour scale for a set of values: the largest magnitude, rounded up
/// to a power of two so that most edits leave every other cell's colour
/// (and the page's style) untouched.
pub fn max_abs<'a>(values: impl IntoIterator<Item = &'a f64>) -> f64 {
    let m = values
        .into_iter()
        .filter(|v| v.is_finite())
        .fold(0.0f64, |m, v| m.max(v.abs()));
    if m > 0.0 {
        2f64.powi(m.log2().ceil() as i32)
    } else {
        1.0
    }
}

/// Parse what the user typed; `None` for an edit in progress (`-`, `1.`, ``).
pub fn parse_number(text: &str) -> Option<f64> {
    let t = text.trim();
    if t.is_empty()
        || t == "-"
        || t == "+"
        || t == "."
        || t == "-."
        || t.ends_with('.')
        || t.ends_with('e')
        || t.ends_with("e-")
    {
        return None;
    }
    t.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// Replaces `el`'s text. A lone text node keeps its place and only its data
/// changes: no node is removed or inserted, so the browser re-lays out the
/// text alone (setting `textContent` would swap the node).
pub fn set_text(el: &web_sys::Element, text: &str) {
    match el.first_child() {
        Some(node)
            if node.node_type() == web_sys::Node::TEXT_NODE && node.next_sibling().is_none() =>
        {
            node.set_node_value(Some(text));
        }
        _ => el.set_text_content(Some(text)),
    }
}

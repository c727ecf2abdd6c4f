//! Numbers as people read them; the exact value stays in `data-value`.

pub use crate::core::present::display::{exact, exact_term, max_abs, parse_number};

/// Background for a signed value: the heat map of `core::present::colour::heat`
/// as an inline style (grids whose colours are not on a canvas).
pub fn diverging(v: f64, max_abs: f64) -> String {
    match crate::core::present::colour::heat(v, max_abs) {
        None => "background-color: var(--zero)".into(),
        Some(([r, g, b], alpha)) => format!("background-color: rgba({r}, {g}, {b}, {alpha:.3})"),
    }
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

//! Numbers as people read them; the exact value stays in `data-value`.

/// The exact value (the shortest form that reads back to the same f64):
/// plain where that is short, else in scientific notation (`1e308`, not
/// 309 digits). The arithmetic panel and the editors show this.
pub fn exact(v: f64) -> String {
    if v == 0.0 {
        return "0".into();
    }
    let plain = format!("{v}");
    if plain.len() <= 12 {
        plain
    } else {
        format!("{v:e}")
    }
}

/// [`exact`] in parentheses when negative, for equations.
pub fn exact_term(v: f64) -> String {
    let s = exact(v);
    if s.starts_with('-') {
        format!("({s})")
    } else {
        s
    }
}

/// Background for a signed value: blue for negative, orange for positive,
/// white at zero (diverging, readable with the numbers on top).
pub fn diverging(v: f64, max_abs: f64) -> String {
    if !v.is_finite() || max_abs <= 0.0 || v == 0.0 {
        return "background-color: var(--zero)".into();
    }
    let t = (v.abs() / max_abs).clamp(0.0, 1.0);
    // Up to 0.62: dark text keeps a contrast of at least 4.5:1 (WCAG AA) on
    // the strongest blue and orange.
    let alpha = 0.10 + 0.52 * t;
    if v > 0.0 {
        format!("background-color: rgba(230, 120, 20, {alpha:.3})")
    } else {
        format!("background-color: rgba(40, 100, 220, {alpha:.3})")
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

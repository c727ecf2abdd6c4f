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

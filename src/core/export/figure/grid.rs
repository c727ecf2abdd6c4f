//! One plane of a figure: a title over a grid of cells (coloured rects,
//! with the numbers where they fit), or over a picture when the plane is
//! too large for cells.
//!
//! Every number is an SVG `<text>` with `data-role` (`input`, `weight`,
//! `output`, `level`, ...) and `data-index` (`n,c,i,j`), so a test can read
//! the figure as it reads the page.

use crate::core::export::figure::png::data_url;
use crate::core::export::figure::svg::{
    escape, num, over_white, Block, INK, LINE, MUTED, PAD_BG, WINDOW,
};

/// Planes up to this many cells a side carry their numbers.
pub const NUMBERS_MAX_SIDE: usize = 24;
/// Planes up to this many cells are drawn cell by cell; larger ones as a
/// picture (a `<image>`, one pixel per value).
pub const RECTS_MAX_CELLS: usize = 48 * 48;

const TITLE_PX: f64 = 15.0;
const TITLE_H: f64 = 24.0;
const NUMBER_PX: f64 = 14.0;

/// How a plane is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Draw {
    /// Cells with their numbers.
    Numbers,
    /// Coloured cells, no numbers.
    Colours,
    /// One pixel per value, scaled up.
    Picture,
}

impl Draw {
    pub fn of(h: usize, w: usize) -> Draw {
        if h.max(w) <= NUMBERS_MAX_SIDE {
            Draw::Numbers
        } else if h * w <= RECTS_MAX_CELLS {
            Draw::Colours
        } else {
            Draw::Picture
        }
    }
}

/// What one cell shows.
#[derive(Clone, Debug)]
pub struct Cell {
    /// Its colour, straight-alpha RGBA over white (the page's canvas pixel).
    pub fill: [u8; 4],
    /// Its number as the page writes it (`None`: blank, a hidden answer).
    pub text: Option<String>,
    /// Padding: grey, muted number.
    pub pad: bool,
    /// Marked (an output that differs from the other side of a comparison).
    pub mark: bool,
}

/// A plane to draw.
pub struct Plane<'a> {
    pub title: String,
    pub h: usize,
    pub w: usize,
    /// `data-role` of its numbers.
    pub role: &'a str,
    /// `[n, c]` of its numbers' `data-index`.
    pub nc: [usize; 2],
    pub cell: &'a dyn Fn(usize, usize) -> Cell,
    /// The kernel window: top-left cell and span.
    pub window: Option<([usize; 2], [usize; 2])>,
    /// The cell being written.
    pub cursor: Option<[usize; 2]>,
    /// For [`Draw::Picture`]: the plane's RGBA pixels (row-major).
    pub pixels: Option<Vec<u8>>,
    /// The longest number of the tensor, in characters (sizes the cells).
    pub chars: usize,
}

/// The side of a cell in px.
fn pitch(draw: Draw, h: usize, w: usize, chars: usize) -> f64 {
    match draw {
        Draw::Numbers => (chars.max(1) as f64 * NUMBER_PX * 0.62 + 12.0).max(34.0),
        Draw::Colours => (288.0 / h.max(w).max(1) as f64).clamp(4.0, 14.0),
        Draw::Picture => (256.0 / h.max(w).max(1) as f64).max(1.0),
    }
}

/// The plane's title, then its grid; `draw` as [`Draw::of`] says unless the
/// caller has a reason (a picture whose pixels are not given is drawn as
/// coloured cells).
pub fn plane(p: &Plane) -> Block {
    let mut draw = Draw::of(p.h, p.w);
    if draw == Draw::Picture && p.pixels.is_none() {
        draw = Draw::Colours;
    }
    let s = pitch(draw, p.h, p.w, p.chars);
    let gw = s * p.w as f64;
    let gh = s * p.h as f64;
    let title_w = p.title.chars().count() as f64 * TITLE_PX * 0.6;
    let mut b = Block::new(gw.max(title_w), TITLE_H + gh);
    b.text(
        0.0,
        TITLE_PX,
        TITLE_PX,
        "start",
        " font-weight=\"600\"",
        &p.title,
    );
    let top = TITLE_H;
    match draw {
        Draw::Picture => {
            let url = p
                .pixels
                .as_ref()
                .and_then(|px| data_url(p.w, p.h, px))
                .unwrap_or_default();
            b.body.push_str(&format!(
                "<image x=\"0\" y=\"{}\" width=\"{}\" height=\"{}\" preserveAspectRatio=\"none\" style=\"image-rendering:pixelated\" href=\"{}\"/>",
                num(top),
                num(gw),
                num(gh),
                escape(&url)
            ));
        }
        Draw::Numbers | Draw::Colours => {
            for i in 0..p.h {
                for j in 0..p.w {
                    let c = (p.cell)(i, j);
                    let (x, y) = (j as f64 * s, top + i as f64 * s);
                    let fill = if c.pad {
                        PAD_BG.to_string()
                    } else {
                        over_white(c.fill)
                    };
                    b.rect(x, y, s, s, &fill, "");
                    if draw == Draw::Numbers {
                        if let Some(t) = &c.text {
                            let colour = if c.pad { MUTED } else { INK };
                            let italic = if c.pad { " font-style=\"italic\"" } else { "" };
                            b.text(
                                x + s / 2.0,
                                y + s / 2.0 + NUMBER_PX * 0.35,
                                NUMBER_PX,
                                "middle",
                                &format!(
                                    " fill=\"{colour}\"{italic} data-role=\"{}\" data-index=\"{},{},{i},{j}\"",
                                    p.role, p.nc[0], p.nc[1]
                                ),
                                t,
                            );
                        }
                    }
                    if c.mark {
                        b.rect(
                            x + 2.0,
                            y + 2.0,
                            s - 4.0,
                            s - 4.0,
                            "none",
                            &format!(
                                " stroke=\"{WINDOW}\" stroke-width=\"2\" stroke-dasharray=\"4 2\""
                            ),
                        );
                    }
                }
            }
            // Grid lines, where the cells are large enough to see them.
            if s >= 8.0 {
                let mut lines = String::new();
                for i in 0..=p.h {
                    lines.push_str(&format!("M0 {}H{}", num(top + i as f64 * s), num(gw)));
                }
                for j in 0..=p.w {
                    lines.push_str(&format!(
                        "M{} {}V{}",
                        num(j as f64 * s),
                        num(top),
                        num(top + gh)
                    ));
                }
                b.body.push_str(&format!(
                    "<path d=\"{lines}\" fill=\"none\" stroke=\"{LINE}\" stroke-width=\"1\"/>"
                ));
            }
        }
    }
    if let Some(([y, x], [sh, sw])) = p.window {
        b.rect(
            x as f64 * s,
            top + y as f64 * s,
            sw as f64 * s,
            sh as f64 * s,
            "none",
            &format!(" stroke=\"{WINDOW}\" stroke-width=\"3\" data-role=\"window\""),
        );
    }
    if let Some([y, x]) = p.cursor {
        b.rect(
            x as f64 * s,
            top + y as f64 * s,
            s,
            s,
            "none",
            &format!(" stroke=\"{WINDOW}\" stroke-width=\"3\" data-role=\"cursor\""),
        );
    }
    b
}

/// A word or symbol between planes (the arrow from input to output).
pub fn label(text: &str, px: f64, height: f64) -> Block {
    let w = text.chars().count() as f64 * px * 0.6 + 8.0;
    let mut b = Block::new(w, height);
    b.text(
        w / 2.0,
        height / 2.0 + px * 0.35,
        px,
        "middle",
        &format!(" fill=\"{MUTED}\""),
        text,
    );
    b
}

/// A heading over a row of planes.
pub fn heading(text: &str) -> Block {
    let px = 18.0;
    let mut b = Block::new(text.chars().count() as f64 * px * 0.62, 26.0);
    b.text(0.0, px, px, "start", " font-weight=\"700\"", text);
    b
}

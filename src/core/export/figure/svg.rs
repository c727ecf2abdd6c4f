//! A small SVG writer: blocks drawn in their own coordinates, placed by a
//! flowing layout, and the document around them (white background, the
//! page's fonts, the caption at the bottom).

use std::fmt::Write;

/// The page's text colour, its muted grey and its window red.
pub const INK: &str = "#1b1f24";
pub const MUTED: &str = "#5b6573";
pub const WINDOW: &str = "#d4145a";
/// Padding cells' background (the stylesheet's `--pad-bg`).
pub const PAD_BG: &str = "#eceff3";
pub const LINE: &str = "#d5dae1";

const SANS: &str = "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', Arial, sans-serif";
pub const MONO: &str = "ui-monospace, Menlo, Consolas, 'DejaVu Sans Mono', monospace";

/// Room around the figure and between blocks, in px.
const MARGIN: f64 = 24.0;
const GAP: f64 = 28.0;
/// Blocks wrap to a new row past this width.
pub const MAX_WIDTH: f64 = 1400.0;
/// Caption lines: size and spacing.
const CAPTION_PX: f64 = 16.0;
const CAPTION_LINE: f64 = 24.0;

/// Text as SVG character data or an attribute value.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters are not XML.
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// A straight-alpha RGBA colour painted over white, as `#rrggbb` (the page
/// paints its cells' colours over its white cells).
pub fn over_white(c: [u8; 4]) -> String {
    let a = f64::from(c[3]) / 255.0;
    let mix = |v: u8| (f64::from(v) * a + 255.0 * (1.0 - a)).round() as u8;
    format!("#{:02x}{:02x}{:02x}", mix(c[0]), mix(c[1]), mix(c[2]))
}

/// A short number for coordinates: `12`, `12.5`.
pub fn num(v: f64) -> String {
    let r = (v * 100.0).round() / 100.0;
    if r == r.trunc() {
        format!("{}", r as i64)
    } else {
        format!("{r}")
    }
}

/// Something drawn in its own box, `(0, 0)` at its top left.
#[derive(Clone, Debug, Default)]
pub struct Block {
    pub width: f64,
    pub height: f64,
    pub body: String,
}

impl Block {
    pub fn new(width: f64, height: f64) -> Block {
        Block {
            width,
            height,
            body: String::new(),
        }
    }

    pub fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, fill: &str, extra: &str) {
        let _ = write!(
            self.body,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{fill}\"{extra}/>",
            num(x),
            num(y),
            num(w),
            num(h)
        );
    }

    /// Text at `(x, y)` (its baseline), `anchor` `start`, `middle` or `end`;
    /// `extra` holds more attributes (`class`, `data-*`, `font-*`).
    pub fn text(&mut self, x: f64, y: f64, px: f64, anchor: &str, extra: &str, text: &str) {
        let _ = write!(
            self.body,
            "<text x=\"{}\" y=\"{}\" font-size=\"{}\" text-anchor=\"{anchor}\"{extra}>{}</text>",
            num(x),
            num(y),
            num(px),
            escape(text)
        );
    }

    /// Another block drawn inside this one at `(x, y)`.
    pub fn place(&mut self, x: f64, y: f64, b: &Block) {
        let _ = write!(
            self.body,
            "<g transform=\"translate({},{})\">{}</g>",
            num(x),
            num(y),
            b.body
        );
    }
}

/// Blocks placed left to right, wrapping at [`MAX_WIDTH`]; [`Flow::row`]
/// starts a new row.
#[derive(Default)]
pub struct Flow {
    placed: Vec<(f64, f64, Block)>,
    x: f64,
    y: f64,
    row_h: f64,
    width: f64,
}

impl Flow {
    pub fn push(&mut self, b: Block) {
        if self.x > 0.0 && self.x + b.width > MAX_WIDTH {
            self.row();
        }
        self.row_h = self.row_h.max(b.height);
        self.width = self.width.max(self.x + b.width);
        let x = self.x;
        self.x += b.width + GAP;
        self.placed.push((x, self.y, b));
    }

    /// Blocks after this go on a new row.
    pub fn row(&mut self) {
        if self.x > 0.0 {
            self.y += self.row_h + GAP;
        }
        self.x = 0.0;
        self.row_h = 0.0;
    }

    /// All rows as one block.
    pub fn into_block(mut self) -> Block {
        let height = if self.x > 0.0 {
            self.y + self.row_h
        } else {
            (self.y - GAP).max(0.0)
        };
        let mut b = Block::new(self.width, height);
        for (x, y, p) in std::mem::take(&mut self.placed) {
            b.place(x, y, &p);
        }
        b
    }
}

/// The caption under a figure: the call (its lines in monospace), then
/// notes in words (what was left out, a refusal).
#[derive(Clone, Debug, Default)]
pub struct Caption {
    pub code: Vec<String>,
    pub notes: Vec<String>,
}

/// The document: `content` above the caption, on white.
pub fn document(content: Block, cap: &Caption, name: &str) -> (String, f64, f64) {
    let caption: Vec<(&String, bool)> = cap
        .code
        .iter()
        .map(|l| (l, true))
        .chain(cap.notes.iter().map(|l| (l, false)))
        .collect();
    let chars = caption
        .iter()
        .map(|(l, code)| l.chars().count() as f64 * if *code { 1.0 } else { 0.85 })
        .fold(0.0, f64::max);
    // A monospace character is about 0.6 em.
    let caption_w = chars * CAPTION_PX * 0.6;
    let width = (content.width.max(caption_w) + 2.0 * MARGIN).ceil();
    let caption_h = caption.len() as f64 * CAPTION_LINE;
    let height =
        (content.height + 2.0 * MARGIN + caption_h + if caption.is_empty() { 0.0 } else { 12.0 })
            .ceil();
    let mut s = String::with_capacity(content.body.len() + 1024);
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" font-family=\"{SANS}\" data-figure=\"{}\">",
        escape(name),
        w = num(width),
        h = num(height),
    );
    let _ = write!(s, "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>");
    let _ = write!(
        s,
        "<g transform=\"translate({m},{m})\" fill=\"{INK}\">{}</g>",
        content.body,
        m = num(MARGIN)
    );
    let mut y = MARGIN + content.height + 12.0 + CAPTION_PX;
    for (line, code) in caption {
        let (font, colour, role) = if code {
            (MONO, INK, "call")
        } else {
            (SANS, MUTED, "note")
        };
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" font-size=\"{}\" font-family=\"{font}\" fill=\"{colour}\" data-caption=\"{role}\" xml:space=\"preserve\">{}</text>",
            num(MARGIN),
            num(y),
            num(CAPTION_PX),
            escape(line)
        );
        y += CAPTION_LINE;
    }
    s.push_str("</svg>");
    (s, width, height)
}

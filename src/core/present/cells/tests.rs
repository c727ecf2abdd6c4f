//! The diff against a model of the page: whatever sequence of looks a grid
//! goes through, the cells the bridge patched read exactly as cells written
//! from blank markup with the last looks.

use std::collections::BTreeMap;

use proptest::prelude::*;

use super::*;

/// One cell as the page has it, patched the way the JavaScript bridge does.
#[derive(Clone, Debug, Default, PartialEq)]
struct Cell {
    attrs: BTreeMap<&'static str, String>,
    text: String,
}

const NAMES: [&str; FIELDS] = [
    "data-value",
    "class",
    "aria-label",
    "title",
    "",
    "data-border",
    "data-paths",
];

fn apply(cells: &mut [Cell], ops: &str) {
    for rec in ops.split('\u{1e}').filter(|r| !r.is_empty()) {
        let parts: Vec<&str> = rec.split('\u{1f}').collect();
        assert_eq!(parts.len(), FIELDS + 2, "{rec:?}");
        let cell = &mut cells[parts[0].parse::<usize>().unwrap()];
        for (name, f) in NAMES.iter().zip(&parts[1..=FIELDS]) {
            let same = f.len() == 1 && f.starts_with(SAME);
            let remove = f.len() == 1 && f.starts_with(REMOVE);
            match (*name, same, remove) {
                (_, true, _) => {}
                ("", _, _) => cell.text = f.to_string(),
                (n, _, true) => {
                    cell.attrs.remove(n);
                }
                (n, _, _) => {
                    cell.attrs.insert(n, f.to_string());
                }
            }
        }
    }
}

fn blank(n: usize, base: &str) -> Vec<Cell> {
    let mut c = Cell::default();
    c.attrs.insert("class", base.to_string());
    vec![c; n]
}

fn drawn(looks: &[Look], base: &str) -> Vec<Cell> {
    let mut cells = blank(looks.len(), base);
    let mut ops = String::new();
    patch(&mut Vec::new(), looks, base, &mut ops);
    apply(&mut cells, &ops);
    cells
}

#[test]
fn a_first_write_skips_what_the_markup_already_says() {
    let mut ops = String::new();
    patch(
        &mut Vec::new(),
        &[output_cell([0, 1, 2, 3], 1.5, 2.0, false, false, false)],
        "cell out-cell",
        &mut ops,
    );
    let s = |c: char| c.to_string();
    let want = format!(
        "0\u{1f}1.5\u{1f}{}\u{1f}output 0,1,2,3 = 1.5\u{1f}{}\u{1f}1.5\u{1f}{}\u{1f}{}\u{1f}\u{1e}",
        s(SAME),
        s(SAME),
        s(SAME),
        s(SAME)
    );
    assert_eq!(ops, want);
}

#[test]
fn an_unchanged_grid_writes_nothing_and_a_new_colour_alone_no_field() {
    let looks = [output_cell([0, 0, 0, 0], 3.0, 9.0, false, false, false)];
    let mut last = Vec::new();
    let mut ops = String::new();
    patch(&mut last, &looks, "cell", &mut ops);
    ops.clear();
    patch(&mut last, &looks, "cell", &mut ops);
    assert_eq!(ops, "");
    // A new colour scale: a new pixel, the same number and label.
    patch(
        &mut last,
        &[output_cell([0, 0, 0, 0], 3.0, 4.0, false, false, false)],
        "cell",
        &mut ops,
    );
    assert_eq!(ops, "");
}

#[test]
fn marking_a_difference_rewrites_the_class_only() {
    let at = [0, 0, 1, 1];
    let mut last = Vec::new();
    let mut ops = String::new();
    patch(
        &mut last,
        &[output_cell(at, 2.0, 2.0, false, false, false)],
        "cell out-cell",
        &mut ops,
    );
    ops.clear();
    patch(
        &mut last,
        &[output_cell(at, 2.0, 2.0, false, true, false)],
        "cell out-cell",
        &mut ops,
    );
    let fields: Vec<&str> = ops.trim_end_matches('\u{1e}').split('\u{1f}').collect();
    assert_eq!(fields[2], "cell out-cell out-cell--differs");
    let same = SAME.to_string();
    for k in [1, 3, 4, 5, 6, 7] {
        assert_eq!(fields[k], same, "field {k} of {ops:?}");
    }
}

#[test]
fn a_hidden_answer_gives_away_no_number_colour_or_difference() {
    let l = output_cell([0, 0, 0, 0], 7.0, 7.0, true, true, false);
    assert_eq!(l.text, Text::Blank);
    assert_eq!(l.colour, HEAT_ZERO);
    assert!(!l.marks.has(Marks::DIFFERS));
    let cells = drawn(&[l], "cell");
    assert_eq!(cells[0].text, "");
    assert_eq!(cells[0].attrs["aria-label"], "output 0,0,0,0 hidden");
}

#[test]
fn a_heat_maps_cells_are_named_without_their_numbers() {
    let cells = drawn(
        &[output_cell([1, 2, 3, 4], -2.5, 3.0, false, false, true)],
        "c",
    );
    assert_eq!(cells[0].attrs["aria-label"], "output 1,2,3,4");
    assert_eq!(cells[0].attrs["data-value"], "-2.5");
    assert_eq!(cells[0].text, "");
}

#[test]
fn input_cells_say_where_their_value_comes_from() {
    let cases = [
        (Source::Real([1, 2]), "input[1][2] = 4", "c"),
        (
            Source::Copy([0, 3]),
            "padding: copy of input[0][3] = 4",
            "c cell--pad cell--copy",
        ),
        (
            Source::Constant,
            "padding: constant 4",
            "c cell--pad cell--const",
        ),
        (
            Source::Inserted,
            "zero inserted by the stride",
            "c cell--inserted",
        ),
    ];
    for (source, title, class) in cases {
        let cells = drawn(&[input_cell(4.0, source, 4.0)], "c");
        assert_eq!(cells[0].attrs["title"], title);
        assert_eq!(cells[0].attrs["class"], class);
        assert_eq!(cells[0].text, "4");
    }
}

#[test]
fn a_hidden_level_cell_gives_away_neither_its_number_nor_its_colour() {
    let shown = level_cell(-3.0, 4.0, Some(true), None, false, true, false);
    let hidden = level_cell(-3.0, 4.0, Some(true), None, false, true, true);
    assert_eq!(shown.text, Text::Number(-3.0));
    assert_eq!(hidden.text, Text::Blank);
    assert_eq!(
        hidden.colour,
        level_cell(0.0, 4.0, Some(true), None, false, true, false).colour
    );
    assert_ne!(hidden.colour, shown.colour);
    assert_eq!(hidden.marks, shown.marks, "its border is not the answer");
    // A picked cell's path counts are not the answer either.
    let paths = level_cell(-3.0, 4.0, None, Some((2, 3)), false, true, true);
    assert_eq!(paths.text, Text::Count(2));
}

#[test]
fn a_picked_level_cell_is_marked_picked_not_inside_its_own_field() {
    let l = level_cell(1.0, 1.0, Some(true), Some((3, 3)), true, true, false);
    assert_eq!(
        l.marks.class("b"),
        "b stack-cell--border stack-cell--picked"
    );
    let l = level_cell(1.0, 1.0, Some(false), Some((0, 3)), false, true, false);
    assert_eq!(l.marks.class("b"), "b stack-cell--outside");
    assert_eq!(l.text, Text::Blank);
    let l = level_cell(1.0, 1.0, None, Some((2, 3)), false, true, false);
    assert_eq!(
        (l.marks.class("b").as_str(), l.text),
        ("b stack-cell--rf", Text::Count(2))
    );
    // Without numbers, nothing is written in the cell.
    assert_eq!(
        level_cell(1.0, 1.0, None, None, false, false, false).text,
        Text::Blank
    );
}

#[test]
fn unpicking_removes_the_path_counts() {
    let mut cells = blank(1, "b");
    let mut last = Vec::new();
    let mut ops = String::new();
    patch(
        &mut last,
        &[level_cell(
            1.0,
            1.0,
            Some(false),
            Some((2, 2)),
            false,
            true,
            false,
        )],
        "b",
        &mut ops,
    );
    apply(&mut cells, &ops);
    assert_eq!(cells[0].attrs["data-paths"], "2");
    ops.clear();
    patch(
        &mut last,
        &[level_cell(1.0, 1.0, Some(false), None, false, true, false)],
        "b",
        &mut ops,
    );
    apply(&mut cells, &ops);
    assert!(!cells[0].attrs.contains_key("data-paths"));
    assert_eq!(cells[0].attrs["data-border"], "0");
    assert_eq!(cells[0].text, "1");
}

#[test]
fn negative_zero_is_written_again() {
    let mut last = Vec::new();
    let mut ops = String::new();
    patch(
        &mut last,
        &[output_cell([0; 4], 0.0, 1.0, false, false, true)],
        "c",
        &mut ops,
    );
    ops.clear();
    patch(
        &mut last,
        &[output_cell([0; 4], -0.0, 1.0, false, false, true)],
        "c",
        &mut ops,
    );
    assert!(ops.starts_with("0\u{1f}-0\u{1f}"), "{ops:?}");
}

fn any_look() -> impl Strategy<Value = Look> {
    let value = prop_oneof![
        Just(0.0),
        Just(-0.0),
        Just(1.0),
        Just(-2.5),
        Just(1e-9),
        Just(123456.0)
    ];
    let source = prop_oneof![
        Just(Source::Real([0, 1])),
        Just(Source::Copy([1, 0])),
        Just(Source::Constant),
        Just(Source::Inserted)
    ];
    prop_oneof![
        (value.clone(), source, 0.5f64..10.0).prop_map(|(v, s, sc)| input_cell(v, s, sc)),
        (value.clone(), any::<bool>(), any::<bool>(), any::<bool>())
            .prop_map(|(v, h, d, heat)| output_cell([0, 1, 0, 2], v, 3.0, h, d, heat)),
        (
            value,
            prop::option::of(any::<bool>()),
            prop::option::of((0u128..4, Just(3u128))),
            any::<bool>(),
            any::<bool>()
        )
            .prop_map(|(v, b, p, picked, n)| level_cell(v, 2.0, b, p, picked, n, v > 1.0)),
    ]
}

proptest! {
    #[test]
    fn patched_cells_read_as_freshly_drawn_ones(
        frames in prop::collection::vec(prop::collection::vec(any_look(), 3), 1..8)
    ) {
        let base = "cell base";
        let mut cells = blank(3, base);
        let mut last = Vec::new();
        for looks in &frames {
            let mut ops = String::new();
            patch(&mut last, looks, base, &mut ops);
            apply(&mut cells, &ops);
        }
        prop_assert_eq!(&cells, &drawn(frames.last().unwrap(), base));
    }
}

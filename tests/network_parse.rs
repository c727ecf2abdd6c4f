//! Reading pasted models: clear errors with line and column for text that
//! is not a model, no panic on any text (random, truncated, or token soup),
//! and the export that reads back as the same model.

use convlab::core::ops::network::{infer, parse_layer, parse_shape, to_repr, to_source, Model};
use proptest::prelude::*;

mod common;

fn oracle_texts() -> Vec<(String, String)> {
    let doc = common::load(&common::oracle_file("model_cases.json"));
    doc["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["format"].as_str().unwrap().to_string(),
                c["text"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// The error for `text`, as `(line, column, message)`.
fn error(text: &str) -> (usize, usize, String) {
    let e = Model::parse(text).expect_err("this text is not a model");
    (e.span.line, e.span.column, e.message)
}

#[test]
fn an_error_says_where_and_what_was_expected() {
    let (l, c, m) = error("nn.Sequential(\n    nn.Conv2d(3, 16, 3),\n    nn.ReLU()\n");
    assert_eq!((l, c), (4, 1), "at the end: {m}");
    assert!(
        m.contains("expected ',' or ')'") && m.contains("the end of the text"),
        "{m}"
    );

    let (l, c, m) = error("nn.Sequential(\n    nn.Conv2d(3, 16, 3, padding=1 stride=2),\n)");
    assert_eq!((l, c), (2, 35), "{m}");
    assert!(
        m.contains("expected ',' or ')'") && m.contains("'stride'"),
        "{m}"
    );

    let (l, c, m) = error("nn.Sequential(nn.Upsample(scale_factor=2))");
    assert_eq!((l, c), (1, 18));
    assert!(
        m.contains("does not know the layer 'Upsample'") && m.contains("Conv2d"),
        "{m}"
    );

    let (_, _, m) = error("Net(\n  (conv1): Conv2d(1, 6, kernel_size=(5, 5), stride=(1, 1))\n)");
    assert!(
        m.contains("expected nn.Sequential") && m.contains("'Net'"),
        "{m}"
    );

    let (l, c, m) = error("nn.Sequential(nn.Conv2d(3, 16, 'a'))");
    assert_eq!((l, c), (1, 32));
    assert!(
        m.contains("kernel_size must be an int or a pair of ints"),
        "{m}"
    );

    let (l, c, m) = error("nn.Sequential(nn.Conv2d(3, 16, 3, bias=3))");
    assert_eq!((l, c), (1, 40));
    assert!(m.contains("bias must be True or False"), "{m}");

    let (_, _, m) = error("");
    assert!(m.contains("empty"), "{m}");
    let (l, c, m) = error("nn.Sequential(nn.ReLU(), 'x)");
    assert_eq!((l, c), (1, 26));
    assert!(m.contains("no closing quote"), "{m}");
    let (_, _, m) = error("nn.Sequential(nn.MaxPool2d(2, return_indices=True))");
    assert!(m.contains("return_indices=True"), "{m}");
    let (_, _, m) = error(&format!(
        "nn.Sequential({}{})",
        "(".repeat(100),
        ")".repeat(100)
    ));
    assert!(m.contains("nest too deeply"), "{m}");
    let (_, _, m) = error("nn.Sequential(nn.Conv2d(3, 16, 99999999999999999999))");
    assert!(m.contains("too large a number"), "{m}");
    let (_, _, m) = error("foo.Sequential(nn.ReLU())");
    assert!(
        m.contains("expected nn.Sequential or torch.nn.Sequential"),
        "{m}"
    );
}

#[test]
fn python_binds_the_arguments() {
    // Python's own TypeError wording (tests/network_torch.rs checks it
    // against Python itself).
    let (_, c, m) = error("nn.Sequential(nn.Conv2d(3, 16, 3, foo=1))");
    assert_eq!(c, 35);
    assert_eq!(
        m,
        "Conv2d.__init__() got an unexpected keyword argument 'foo'"
    );
    let (_, c, m) = error("nn.Sequential(nn.Conv2d(3, 16))");
    assert_eq!(c, 30, "at the closing parenthesis");
    assert_eq!(
        m,
        "Conv2d.__init__() missing 1 required positional argument: 'kernel_size'"
    );
    let (_, _, m) = error("nn.Sequential(nn.Linear())");
    assert_eq!(m, "Linear.__init__() missing 2 required positional arguments: 'in_features' and 'out_features'");
    let (_, _, m) = error("nn.Sequential(nn.Conv2d(3, 16, 3, in_channels=3))");
    assert_eq!(
        m,
        "Conv2d.__init__() got multiple values for argument 'in_channels'"
    );
    let (_, _, m) = error("nn.Sequential(nn.ReLU(True, 1))");
    assert_eq!(
        m,
        "ReLU.__init__() takes from 1 to 2 positional arguments but 3 were given"
    );
    // Inherited constructors carry their class's name.
    let (_, _, m) = error("nn.Sequential(nn.Sigmoid(1))");
    assert_eq!(
        m,
        "Sigmoid.__init__() takes 1 positional argument but 2 were given"
    );
    let (_, _, m) = error("nn.Sequential(nn.MaxPool2d(2, foo=1))");
    assert_eq!(
        m,
        "_MaxPoolNd.__init__() got an unexpected keyword argument 'foo'"
    );
    // Anything goes for Identity; BatchNorm2d's bias is keyword-only.
    assert!(Model::parse("nn.Sequential(nn.Identity(54, unused_argument1=0.1))").is_ok());
    let (_, _, m) =
        error("nn.Sequential(nn.BatchNorm2d(3, 1e-5, 0.1, True, True, None, None, False))");
    assert_eq!(
        m,
        "_BatchNorm.__init__() takes from 2 to 8 positional arguments but 9 were given"
    );
}

#[test]
fn both_forms_and_their_variants_read() {
    let forms = [
        "nn.Sequential(nn.Conv2d(3, 16, 3, padding=1), nn.ReLU())",
        "torch.nn.Sequential(torch.nn.Conv2d(in_channels=3, out_channels=16, kernel_size=(3, 3), padding=(1, 1)), torch.nn.ReLU(),)",
        "model = nn.Sequential(  # a comment\n  Conv2d(3, 16, 3, padding=1),\n  nn.ReLU(inplace=False),\n)",
        "Sequential(\n  (0): Conv2d(3, 16, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))\n  (1): ReLU()\n)",
        "nn.Sequential(OrderedDict([('0', nn.Conv2d(3, 16, 3, padding=1)), ('1', nn.ReLU())]))",
    ];
    let reports: Vec<_> = forms
        .iter()
        .map(|t| {
            infer(
                &Model::parse(t).unwrap_or_else(|e| panic!("{t}: {e}")),
                &[1, 3, 8, 8],
            )
            .unwrap()
        })
        .collect();
    for r in &reports {
        let shapes: Vec<_> = r
            .rows
            .iter()
            .map(|row| (row.path.clone(), row.output.clone()))
            .collect();
        assert_eq!(
            shapes,
            vec![
                ("0".into(), vec![1, 16, 8, 8]),
                ("1".into(), vec![1, 16, 8, 8])
            ]
        );
        assert_eq!(r.params, Some(448));
    }
    // Names print(model) shows become the paths, and runs of equal layers
    // (`(0-2): 3 x ReLU()`) expand.
    let m = Model::parse("Sequential(\n  (features): Sequential(\n    (0-1): 2 x ReLU()\n  )\n  (head): Flatten(start_dim=1, end_dim=-1)\n)").unwrap();
    let paths: Vec<String> = m.leaves().iter().map(|l| l.path.clone()).collect();
    assert_eq!(paths, ["features.0", "features.1", "head"]);
    assert_eq!(
        Model::parse(&to_source(&m)).unwrap(),
        m,
        "{}",
        to_source(&m)
    );
    assert!(parse_layer("Conv2d(3, 16, kernel_size=(3, 3), stride=(1, 1))").is_ok());
    assert_eq!(
        parse_shape("torch.Size([1, 3, 224, 224])").unwrap(),
        [1, 3, 224, 224]
    );
    assert_eq!(parse_shape("(2, 3, 32, 32)").unwrap(), [2, 3, 32, 32]);
    assert!(parse_shape("1, 0, 3").is_err() && parse_shape("a, b").is_err());
}

#[test]
fn each_leaf_knows_where_it_stands_in_the_text() {
    let text = "nn.Sequential(\n    nn.Conv2d(3, 16, 3, padding=1),\n    nn.Sequential(torch.nn.ReLU()),\n)";
    let m = Model::parse(text).unwrap();
    let spans: Vec<&str> = m.spans.iter().map(|s| &text[s.offset..s.end]).collect();
    assert_eq!(spans, ["nn.Conv2d(3, 16, 3, padding=1)", "torch.nn.ReLU()"]);
    assert_eq!((m.spans[1].line, m.spans[1].column), (3, 19));
    let repr = "Sequential(\n  (0): Conv2d(3, 16, kernel_size=(3, 3), stride=(1, 1))\n)";
    let m = Model::parse(repr).unwrap();
    assert_eq!(
        &repr[m.spans[0].offset..m.spans[0].end],
        "Conv2d(3, 16, kernel_size=(3, 3), stride=(1, 1))"
    );
}

#[test]
fn print_model_of_every_repr_case_is_the_text_itself() {
    for (format, text) in oracle_texts() {
        let m = Model::parse(&text).unwrap();
        if format == "repr" {
            assert_eq!(to_repr(&m), text);
        }
        // And the source reads back as the same model, whatever the form.
        let src = to_source(&m);
        assert_eq!(Model::parse(&src).unwrap(), m, "{text}\n->\n{src}");
    }
}

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("nn.".to_string()),
        Just("torch.nn.".to_string()),
        prop::sample::select(vec![
            "Sequential",
            "Conv2d",
            "ConvTranspose2d",
            "MaxPool2d",
            "AvgPool2d",
            "AdaptiveAvgPool2d",
            "AdaptiveMaxPool2d",
            "BatchNorm2d",
            "ReLU",
            "LeakyReLU",
            "GELU",
            "Flatten",
            "Linear",
            "Dropout2d",
            "Identity",
            "OrderedDict",
            "padding",
            "stride",
            "groups",
            "kernel_size",
            "dilation",
            "output_padding",
            "ceil_mode",
            "output_size",
            "start_dim",
            "padding_mode",
            "None",
            "True",
            "False",
            "x",
        ])
        .prop_map(str::to_string),
        prop::sample::select(vec![
            "(",
            ")",
            "[",
            "]",
            ",",
            "=",
            ":",
            "-",
            ".",
            "\n",
            " ",
            "'same'",
            "'reflect'",
            "# c\n"
        ])
        .prop_map(str::to_string),
        (-3i64..300).prop_map(|i| i.to_string()),
        prop::sample::select(vec![
            "0.5",
            "1e-05",
            "1e999",
            "99999999999999999999",
            "1__0",
            ".5",
            "5."
        ])
        .prop_map(str::to_string),
    ]
}

/// Everything the page would do with a text: read it, run it, fix it,
/// export it. None of it may panic.
fn exercise(text: &str, shape: &[i64]) {
    let Ok(m) = Model::parse(text) else { return };
    let _ = to_repr(&m);
    let again = Model::parse(&to_source(&m)).expect("the export reads back");
    assert_eq!(again, m);
    if let Ok(r) = infer(&m, shape) {
        let _ = r.centre_field();
        if let Some(fix) = r.broken.as_ref().and_then(|b| b.fix.as_ref()) {
            let _ = infer(&fix.apply(&m), shape);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn random_text_never_panics(text in "\\PC{0,200}") {
        let _ = Model::parse(&text);
        let _ = parse_layer(&text);
        let _ = parse_shape(&text);
    }

    #[test]
    fn token_soup_never_panics(parts in prop::collection::vec(piece(), 0..60), shape in prop::collection::vec(1i64..40, 1..6)) {
        exercise(&parts.concat(), &shape);
        exercise(&format!("nn.Sequential({})", parts.concat()), &shape);
    }

    #[test]
    fn truncated_and_mangled_cases_never_panic(case in 0usize..200, cut in 0.0f64..1.0, junk in piece()) {
        let texts = oracle_texts();
        let text = &texts[case].1;
        let mut at = (text.len() as f64 * cut) as usize;
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        if let Err(e) = Model::parse(&text[..at]) {
            // The error points inside the text (or just after it).
            prop_assert!(e.span.line >= 1 && e.span.line <= text[..at].lines().count() + 1);
            prop_assert!(e.span.offset <= at);
        }
        exercise(&format!("{}{junk}{}", &text[..at], &text[at..]), &[1, 3, 32, 32]);
    }
}

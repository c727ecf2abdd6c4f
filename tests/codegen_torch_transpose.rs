//! The exported Python for every accepted `conv_transpose2d` case, run by
//! real PyTorch: `F.conv_transpose2d`, `nn.ConvTranspose2d` (with
//! `output_size` where the case has one) and the NumPy stamp loop must
//! each print the reference's output. The cases are `CONVLAB_ORACLE`'s
//! when it is set, else `tests/oracle/transpose_cases.json`'s.
//!
//! Needs a Python with torch and numpy: `common::torch_python()`
//! (`CONVLAB_TORCH_PYTHON`, else the venv `scripts/test.sh` installs).

use convlab::core::export::codegen::{pytorch_code, scipy_code};
use convlab::core::Scene;
use serde_json::Value;

mod common;
use common::{close, flatten, run_torch_python};

#[test]
fn exported_transpose_code_prints_the_reference_output_in_real_pytorch() {
    let oracle = common::cases(common::Kind::Transpose);
    let mut script = String::from(
        "import json, sys\nimport numpy as np\nimport torch\nresults = {}\n\
         def grab(printed):\n    def p(*a, **k):\n        x = a[0]\n        printed.append((x.detach().numpy() if hasattr(x, 'detach') else np.asarray(x, dtype=float)).tolist())\n    return p\n",
    );
    let mut expected = Vec::new();
    for case in &oracle.cases {
        let Some(want) = case.get("expected") else {
            continue;
        };
        let scene = Scene::from_json(&case.to_string()).expect("decodes");
        let name = case["name"].as_str().unwrap().to_string();
        for (label, code) in [
            ("torch", pytorch_code(&scene)),
            ("numpy", scipy_code(&scene)),
        ] {
            let key = format!("{name}/{label}");
            script += &format!("printed = []\nexec({code:?}, {{'print': grab(printed)}})\nresults[{key:?}] = printed\n");
            let prints = if label == "torch" { 2 } else { 1 };
            expected.push((key, flatten(want), prints));
        }
    }
    script += "json.dump(results, sys.stdout)\n";
    let results: Value =
        serde_json::from_str(&run_torch_python(&script)).expect("JSON from python");
    for (key, (shape, want), prints) in &expected {
        let printed = results[key]
            .as_array()
            .unwrap_or_else(|| panic!("{key}: nothing printed"));
        assert_eq!(
            printed.len(),
            *prints,
            "{key}: printed {} arrays",
            printed.len()
        );
        for p in printed {
            let (got_shape, got) = flatten(p);
            assert_eq!(&got_shape, shape, "{key}");
            for (k, (g, w)) in got.iter().zip(want).enumerate() {
                assert!(close(*g, *w), "{key}: element {k} is {g}, reference {w}");
            }
        }
    }
    println!(
        "codegen transpose: {} snippets run by real PyTorch print the reference output",
        expected.len()
    );
}

//! Pictures, end to end against real Pillow and PyTorch.
//!
//! Pillow writes PNG files (RGB, RGBA with transparent pixels, odd sizes)
//! and gives their decoded RGBA bytes, as a browser's canvas gives them to
//! the app. The engine turns those bytes into the scene's input
//! (`core::image`): it must equal, bit for bit, what the documented Python
//! pipeline makes of the file (Pillow's convert('RGB'), the integer box
//! downscale, Pillow's convert('L'), torchvision's ToTensor steps). Then the
//! exported PyTorch code, run for real on the file, must rebuild that input
//! and print and save PyTorch's conv2d of it, which must match the engine's
//! output.
//!
//! Needs PyTorch and Pillow: `common::torch_python()`.

use convlab::core::export::codegen::pytorch_code;
use convlab::core::image::decode::prepare;
use convlab::core::image::presets::{apply, image_scene, KernelPreset, Mapping};
use convlab::core::{Op, Plan, Scene};
use serde_json::Value;

mod common;
use common::{close, run_torch_python_in};

/// Pillow writes the pictures into `dir` and returns their RGBA bytes.
fn make_pictures(dir: &std::path::Path) -> Value {
    let script = r#"
import base64, json
import numpy as np
from PIL import Image
rng = np.random.default_rng(20261124)
out = {}
def save(name, arr, mode):
    img = Image.fromarray(arr, mode)
    img.save(name)
    back = Image.open(name).convert('RGBA')
    out[name] = {'w': back.width, 'h': back.height, 'rgba': base64.b64encode(back.tobytes()).decode()}
# A smooth colour picture with noise: 53x37.
y, x = np.mgrid[0:37, 0:53]
rgb = np.stack([x * 4.8, y * 6.9, 128 + 0 * x], -1) + rng.integers(-40, 40, (37, 53, 3))
save('rgb.png', np.clip(rgb, 0, 255).astype(np.uint8), 'RGB')
# Opaque RGBA (alpha 255): 130x97, so the 64 and 128 caps downscale it.
big = rng.integers(0, 256, (97, 130, 4), dtype=np.uint8)
big[:, :, 3] = 255
save('rgba.png', big, 'RGBA')
# A gray (L) file: Pillow and the browser both give R = G = B.
save('gray.png', rng.integers(0, 256, (21, 18), dtype=np.uint8), 'L')
print(json.dumps(out))
"#;
    serde_json::from_str(&run_torch_python_in(script, dir)).expect("pictures as JSON")
}

fn b64(text: &str) -> Vec<u8> {
    // Standard base64 (Python's b64encode), with padding.
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0);
    for ch in text.bytes().filter(|&c| c != b'=') {
        let v = alphabet.iter().position(|&a| a == ch).expect("base64") as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

#[test]
fn pictures_become_totensor_and_the_export_reproduces_pytorch() {
    let dir = std::env::temp_dir().join(format!("convlab-picture-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let pictures = make_pictures(&dir);

    let cases: [(&str, usize, bool, KernelPreset, Mapping); 6] = [
        (
            "rgb.png",
            128,
            false,
            KernelPreset::SobelX,
            Mapping::Depthwise,
        ),
        (
            "rgb.png",
            16,
            true,
            KernelPreset::Gaussian,
            Mapping::Depthwise,
        ),
        ("rgba.png", 64, false, KernelPreset::Sharpen, Mapping::ToOne),
        (
            "rgba.png",
            128,
            false,
            KernelPreset::Laplacian,
            Mapping::Depthwise,
        ),
        ("rgba.png", 32, true, KernelPreset::Edge, Mapping::ToOne),
        ("gray.png", 128, false, KernelPreset::Box, Mapping::ToOne),
    ];
    let mut checked = 0;
    for (file, max_side, gray, preset, mapping) in cases {
        let p = &pictures[file];
        let (w, h) = (
            p["w"].as_u64().unwrap() as usize,
            p["h"].as_u64().unwrap() as usize,
        );
        let rgba = b64(p["rgba"].as_str().unwrap());
        let path = dir.join(file);
        let (input, info) = prepare(path.to_str().unwrap(), w, h, &rgba, max_side, gray)
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        let mut scene: Scene = image_scene(input.clone(), info, None);
        if let Op::Torch(t) = &mut scene.op {
            *t = apply(t, preset, mapping);
        }
        let expected = Plan::new(&scene).unwrap().output();

        // The exported code, run on the file, plus what it must print.
        let mut code = pytorch_code(&scene);
        code += "\nimport json\n";
        code += "print('INPUT', json.dumps(input.flatten().tolist()))\n";
        code += "saved = np.load('convlab-output.npy')\n";
        code += "assert saved.dtype == np.float64 and saved.shape == tuple(output.shape)\n";
        code += "print('SHAPE', json.dumps(list(saved.shape)))\n";
        code += "print('OUTPUT', json.dumps(saved.flatten().tolist()))\n";
        // Kept beside the picture for a look when this fails.
        std::fs::write(dir.join(format!("export-{checked}.py")), &code).unwrap();
        let printed = run_torch_python_in(&code, &dir);
        let line = |tag: &str| {
            printed
                .lines()
                .find_map(|l| l.strip_prefix(tag))
                .unwrap_or_else(|| {
                    panic!("{file}: no {tag} line in\n{printed}\n--- code ---\n{code}")
                })
                .trim()
                .to_string()
        };
        let torch_input: Vec<f64> = serde_json::from_str(&line("INPUT ")).unwrap();
        assert_eq!(torch_input.len(), input.len(), "{file}: input size");
        for (k, (a, b)) in torch_input.iter().zip(input.iter()).enumerate() {
            assert_eq!(
                a.to_bits(),
                b.to_bits(),
                "{file} (max side {max_side}, gray {gray}): input value {k} is {b} in ConvLab, {a} in PyTorch"
            );
        }
        let shape: Vec<usize> = serde_json::from_str(&line("SHAPE ")).unwrap();
        let values: Vec<f64> = serde_json::from_str(&line("OUTPUT ")).unwrap();
        assert_eq!(shape, expected.shape(), "{file}: output shape");
        for (k, (a, b)) in values.iter().zip(expected.iter()).enumerate() {
            assert!(
                close(*a, *b),
                "{file} ({preset:?}, {mapping:?}): output value {k} is {b} in ConvLab, {a} in PyTorch"
            );
        }
        checked += 1;
    }
    assert_eq!(checked, 6);
    let _ = std::fs::remove_dir_all(&dir);
}

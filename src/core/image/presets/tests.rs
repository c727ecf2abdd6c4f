use super::*;
use crate::core::engine::plan::Plan;

fn info() -> ImageInfo {
    ImageInfo {
        name: "p.png".into(),
        source: [4, 5],
        factor: 1,
        gray: false,
    }
}

fn picture(c: usize) -> Array4<f64> {
    Array4::from_shape_fn((1, c, 4, 5), |(_, k, i, j)| {
        crate::core::image::decode::byte_value((k * 60 + i * 20 + j * 7) as u8)
    })
}

#[test]
fn loading_a_picture_says_what_it_set() {
    let first = image_scene(picture(3), info(), None);
    let said = photo_note(None, &first).unwrap();
    let Op::Torch(t) = &first.op else { panic!() };
    assert!(said.contains("Sobel x"), "{said}");
    assert!(said.contains(&format!("groups={}", t.groups)), "{said}");
    assert_eq!(t.groups, 3);
    let plan = Plan::new(&first).unwrap();
    assert!(
        said.contains(&format!("{}x{}", plan.out_hw[0], plan.out_hw[1])),
        "{said}"
    );
    // A second picture under the same kernel keeps it, and says so.
    let second = image_scene(picture(3), info(), Some(&first));
    assert!(photo_note(Some(&first), &second)
        .unwrap()
        .starts_with("Your kernel is kept"));
}

#[test]
fn the_preset_in_use_is_the_one_that_would_change_nothing() {
    let first = image_scene(picture(3), info(), None);
    let Op::Torch(t) = &first.op else { panic!() };
    assert_eq!(
        preset_in_use(t, Mapping::Depthwise),
        Some(KernelPreset::SobelX)
    );
    assert_eq!(preset_in_use(t, Mapping::ToOne), None);
    let blurred = apply(t, KernelPreset::Gaussian, Mapping::ToOne);
    assert_eq!(
        preset_in_use(&blurred, Mapping::ToOne),
        Some(KernelPreset::Gaussian)
    );
}

#[test]
fn kernels_are_what_their_names_say() {
    assert_eq!(
        KernelPreset::SobelY.kernel(),
        KernelPreset::SobelX.kernel().t()
    );
    for p in [
        KernelPreset::Identity,
        KernelPreset::Box,
        KernelPreset::Gaussian,
        KernelPreset::Sharpen,
    ] {
        assert!(
            (p.kernel().sum() - 1.0).abs() < 1e-12,
            "{p:?} keeps brightness"
        );
    }
    for p in [
        KernelPreset::SobelX,
        KernelPreset::SobelY,
        KernelPreset::Laplacian,
        KernelPreset::Edge,
    ] {
        assert_eq!(p.kernel().sum(), 0.0, "{p:?} gives 0 on a flat picture");
    }
}

#[test]
fn identity_keeps_each_channel_or_gives_their_mean() {
    let s = image_scene(picture(3), info(), None);
    let Op::Torch(t) = &s.op else { panic!() };
    let depth = apply(t, KernelPreset::Identity, Mapping::Depthwise);
    let out = Plan::new(&Scene::new(Op::Torch(depth.clone())))
        .unwrap()
        .output();
    assert_eq!(out, depth.input);
    let one = apply(t, KernelPreset::Identity, Mapping::ToOne);
    assert_eq!(one.weight.dim(), (1, 3, 3, 3));
    let out = Plan::new(&Scene::new(Op::Torch(one.clone())))
        .unwrap()
        .output();
    let mean = (one.input[[0, 0, 1, 2]] + one.input[[0, 1, 1, 2]] + one.input[[0, 2, 1, 2]]) / 3.0;
    assert!((out[[0, 0, 1, 2]] - mean).abs() < 1e-15);
}

#[test]
fn a_photo_stack_shrinks_by_two_per_valid_layer() {
    let photo = Array4::from_shape_fn((1, 3, 10, 9), |(_, c, i, j)| {
        crate::core::image::decode::byte_value((c * 50 + i * 9 + j * 13) as u8)
    });
    let s = photo_stack(photo.clone(), info(), 2, Padding::VALID);
    let Op::Sequential(st) = &s.op else {
        panic!("not a stack")
    };
    assert_eq!(st.layers.len(), 2);
    assert_eq!(st.layers[0].as_conv().unwrap().weight.dim(), (1, 3, 3, 3));
    assert_eq!(st.layers[1].as_conv().unwrap().weight.dim(), (1, 1, 3, 3));
    let stack = crate::core::ops::stack::Stack::new(st).unwrap();
    assert_eq!(
        stack.shapes(),
        vec![[1, 3, 10, 9], [1, 1, 8, 7], [1, 1, 6, 5]]
    );
    assert_eq!(s.image, Some(info()));
    assert_eq!(
        shrink_words(&stack.shapes()).as_deref(),
        Some("After 2 layers the 9x10 picture is a 5x6 map: 33% of its positions are left, 4 rows and 4 columns fewer.")
    );
    // 'same' keeps the size.
    let same = photo_stack(photo, info(), 3, Padding::Explicit([1, 1]));
    let Op::Sequential(st) = &same.op else {
        panic!("not a stack")
    };
    let stack = crate::core::ops::stack::Stack::new(st).unwrap();
    assert_eq!(stack.shapes().last(), Some(&[1, 1, 10, 9]));
    assert_eq!(shrink_words(&stack.shapes()), None);
}

#[test]
fn a_new_picture_keeps_a_kernel_that_fits() {
    let first = image_scene(picture(3), info(), None);
    let Op::Torch(t) = &first.op else { panic!() };
    assert_eq!((t.groups, t.weight.dim()), (3, (3, 1, 3, 3)));
    assert_eq!(first.image, Some(info()));
    let mut blurred = first.clone();
    if let Op::Torch(t) = &mut blurred.op {
        *t = apply(t, KernelPreset::Box, Mapping::ToOne);
    }
    let again = image_scene(picture(3), info(), Some(&blurred));
    let Op::Torch(t) = &again.op else { panic!() };
    assert_eq!(t.weight, apply(t, KernelPreset::Box, Mapping::ToOne).weight);
    // A gray picture (1 channel) cannot keep a 3-channel kernel.
    let gray = image_scene(picture(1), info(), Some(&blurred));
    let Op::Torch(t) = &gray.op else { panic!() };
    assert_eq!((t.groups, t.weight.dim()), (1, (1, 1, 3, 3)));
    assert!(Plan::new(&gray).is_ok());
}

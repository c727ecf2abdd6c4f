use super::*;
use crate::core::content::presets::{
    default_scene, edge_kernel, step_edge, torch_scene, transpose_scene,
};
use crate::core::model::sequential::StackScene;

fn stack() -> Scene {
    let Op::Torch(t) = torch_scene(&step_edge(), &edge_kernel()).op else {
        unreachable!()
    };
    StackScene::of_conv(t).scene()
}

#[test]
fn typed_cells_undo_as_runs_and_sizes_as_resizes() {
    let cell = Edit::Value(Target::Kernel, [0, 0, 1, 2], 3.0);
    assert_eq!(
        cell.how(),
        How::Edit(Some(Run::Cell(Target::Kernel, [0, 0, 1, 2])))
    );
    assert_eq!(Edit::Size(Target::Input, 2, 5).how(), How::Resize);
    assert_eq!(Edit::Layer(LayerEdit::Add).how(), How::Resize);
    assert_eq!(Edit::Bias(0, 1.0).how(), How::Edit(None));
    assert_eq!(Edit::Kind(OpKind::Convolve).how(), How::Edit(None));
}

#[test]
fn a_size_typed_below_one_is_one_and_above_the_limit_is_the_limit() {
    let mut s = torch_scene(&step_edge(), &edge_kernel());
    s.apply(&Edit::Size(Target::Input, 2, 0));
    assert_eq!(s.dim(Target::Input)[2], 1);
    s.apply(&Edit::Size(Target::Input, 3, -7));
    assert_eq!(s.dim(Target::Input)[3], 1);
    s.apply(&Edit::Size(Target::Input, 1, 1000));
    assert_eq!(
        s.dim(Target::Input)[1],
        crate::core::model::limits::EDIT_MAX_CHANNELS
    );
    // No fifth axis: nothing changes.
    let before = s.clone();
    s.apply(&Edit::Size(Target::Input, 4, 3));
    assert_eq!(s, before);
}

#[test]
fn a_value_lands_where_it_was_typed() {
    let mut s = default_scene();
    s.apply(&Edit::Value(Target::Input, [0, 0, 1, 1], -2.5));
    assert_eq!(s.value(Target::Input, [0, 0, 1, 1]), Some(-2.5));
}

#[test]
fn an_empty_title_is_no_title() {
    let mut s = default_scene();
    s.apply(&Edit::Title(Some("Edges".into())));
    assert_eq!(s.title.as_deref(), Some("Edges"));
    s.apply(&Edit::Title(Some("  ".into())));
    assert_eq!(s.title, None);
}

#[test]
fn scipy_edits_change_only_scipy_scenes() {
    let mut torch = torch_scene(&step_edge(), &edge_kernel());
    let before = torch.clone();
    torch.apply(&Edit::Scipy(ScipyEdit::Mode(Mode::Same)));
    torch.apply(&Edit::Transpose(TransposeEdit::Stride(0, 3)));
    torch.apply(&Edit::Layer(LayerEdit::Add));
    assert_eq!(torch, before);
    let mut scipy = torch.clone();
    scipy.apply(&Edit::Kind(OpKind::Convolve));
    scipy.apply(&Edit::Scipy(ScipyEdit::Mode(Mode::Same)));
    scipy.apply(&Edit::Scipy(ScipyEdit::Boundary(Boundary::Wrap)));
    scipy.apply(&Edit::Scipy(ScipyEdit::FillValue(-2.0)));
    let Op::Convolve(c) = &scipy.op else {
        panic!("not convolve2d")
    };
    assert_eq!(
        (c.mode, c.boundary, c.fillvalue),
        (Mode::Same, Boundary::Wrap, -2.0)
    );
}

#[test]
fn a_transposed_output_size_is_given_then_edited_per_axis() {
    let mut s = transpose_scene(&step_edge(), &edge_kernel());
    // No output_size given: an axis edit changes nothing.
    let before = s.clone();
    s.apply(&Edit::Transpose(TransposeEdit::OutputSizeAxis(0, 9)));
    assert_eq!(s, before);
    s.apply(&Edit::Transpose(TransposeEdit::OutputSize(Some([7, 8]))));
    s.apply(&Edit::Transpose(TransposeEdit::OutputSizeAxis(1, 10)));
    s.apply(&Edit::Transpose(TransposeEdit::Stride(1, 3)));
    s.apply(&Edit::Transpose(TransposeEdit::OutputPadding(0, 1)));
    let Op::Transpose(t) = &s.op else {
        panic!("not transposed")
    };
    assert_eq!(t.output_size.as_deref(), Some(&[7, 10][..]));
    assert_eq!(t.stride[1], 3);
    assert_eq!(t.output_padding, [1, 0]);
    // A four-long output_size keeps H and W in its last two places.
    assert_eq!(output_size_slot(4, 0), 2);
    assert_eq!(output_size_slot(4, 1), 3);
    assert_eq!(output_size_slot(2, 7), 1);
}

#[test]
fn a_layer_kernel_axis_keeps_the_other_axis() {
    let mut s = stack();
    s.apply(&Edit::Layer(LayerEdit::KernelSize(0, 0, 5)));
    assert_eq!(s.dim(Target::Layer(0))[2..], [5, 3]);
    s.apply(&Edit::Layer(LayerEdit::KernelSize(0, 1, 0)));
    assert_eq!(s.dim(Target::Layer(0))[2..], [5, 1]);
    s.apply(&Edit::Layer(LayerEdit::Add));
    s.apply(&Edit::Layer(LayerEdit::OutChannels(1, 4)));
    assert_eq!(s.stack().map(|st| st.layers.len()), Some(2));
    assert_eq!(s.dim(Target::Layer(1))[0], 4);
    s.apply(&Edit::Layer(LayerEdit::Remove(0)));
    assert_eq!(s.stack().map(|st| st.layers.len()), Some(1));
}

#[test]
fn an_edit_replayed_on_the_same_scene_gives_the_same_scene() {
    let edits = [
        Edit::Size(Target::Input, 1, 2),
        Edit::Fill(Target::Input, Pattern::RandomInt, 7),
        Edit::InitLikeConv2d(3),
        Edit::Args(ArgsAt::Lab, ArgsEdit::Groups(2)),
        Edit::Preset(KernelPreset::SobelX, Mapping::Depthwise),
        Edit::Value(Target::Kernel, [0, 0, 0, 0], 4.0),
    ];
    let play = || {
        let mut s = torch_scene(&step_edge(), &edge_kernel());
        for e in &edits {
            s.apply(e);
        }
        s
    };
    let (a, b) = (play(), play());
    assert_eq!(a, b);
    assert_ne!(a, torch_scene(&step_edge(), &edge_kernel()));
}



def pair(v):
    return tuple(v) if isinstance(v, (tuple, list)) else (v, v)


def field_step(m, a, r, j, n, k):
    """The running receptive field (size r, jump j, in input pixels) along
    axis a (0 rows, 1 columns) after layer m, whose input has n cells on
    that axis and whose output k; None where it is not followed."""
    if isinstance(m, (nn.Conv2d, nn.MaxPool2d, nn.AvgPool2d)):
        size, stride = pair(m.kernel_size)[a], pair(m.stride)[a]
        dilation = pair(getattr(m, "dilation", 1))[a]
        return r + (size - 1) * dilation * j, j * stride
    if isinstance(m, nn.ConvTranspose2d):
        size, stride = pair(m.kernel_size)[a], pair(m.stride)[a]
        dilation = pair(m.dilation)[a]
        # An output gathers the inputs of the taps t with t*dilation on its
        # phase modulo the stride: they lie (t1 - t0)*dilation/stride apart.
        span = 0
        for phase in range(min(stride, 1024)):
            taps = [t for t in range(min(size, 1024)) if (t * dilation - phase) % stride == 0]
            if taps:
                span = max(span, (taps[-1] - taps[0]) * dilation // stride)
        return r + span * j, j / stride
    if isinstance(m, (nn.AdaptiveAvgPool2d, nn.AdaptiveMaxPool2d)):
        if k == 0:
            return None
        # PyTorch's window for output i: [floor(i*n/k), ceil((i+1)*n/k)).
        widest = max(-(-(i + 1) * n // k) - i * n // k for i in range(k))
        return r + (widest - 1) * j, j * Fraction(n, k)
    if isinstance(m, nn.Linear):
        return None
    return (r, j) if n == k else None


def first_line(e):
    s = str(e)
    return s.splitlines()[0] if s else type(e).__name__


def refusing_class(e):
    """The class of the layer whose constructor raised e."""
    tb = e.__traceback__
    while tb is not None:
        me = tb.tb_frame.f_locals.get("self")
        if isinstance(me, nn.Module):
            return type(me).__name__
        tb = tb.tb_next
    return "the model"


def layer_table(build, input_shape):
    """The lines of the layer table: build the model, run it in eval mode
    on zeros of input_shape with a forward hook on every leaf layer."""
    head = [["Path", "Kind", "Output shape", "Params", "RF", "Jump"]]
    rows, tail = [], []
    try:
        model = build()
    except Exception as e:
        return table_lines(input_shape, head, [f"Error building {refusing_class(e)}: {first_line(e)}"])
    model.eval()
    one = Fraction(1)
    field = [(one, one), (one, one)] if len(input_shape) in (3, 4) else None
    running = []

    def before(m, inputs):
        running.append(m)

    def after(m, inputs, out):
        nonlocal field
        running.pop()
        x, y = list(inputs[0].shape), list(out.shape)
        if field is not None and len(y) in (3, 4) and len(x) == len(y):
            field = [field_step(m, a, *field[a], x[a - 2], y[a - 2]) for a in (0, 1)]
            if None in field or (isinstance(m, nn.Flatten) and x != y):
                field = None
        else:
            field = None
        rf = f"[{field[0][0]}, {field[1][0]}]" if field else "-"
        jump = f"[{field[0][1]}, {field[1][1]}]" if field else "-"
        params = sum(p.numel() for p in m.parameters())
        rows.append([names[m], type(m).__name__, str(y), str(params), rf, jump])

    names = {}
    for name, m in model.named_modules():
        if not list(m.children()) and not isinstance(m, nn.Sequential):
            names[m] = name
            m.register_forward_pre_hook(before)
            m.register_forward_hook(after)
    try:
        with torch.no_grad():
            model(torch.zeros(input_shape))
    except Exception as e:
        if not running:
            raise
        m = running[-1]
        tail.append(f"Error at {names[m]} ({type(m).__name__}): {first_line(e)}")
    total = sum(p.numel() for p in model.parameters())
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    tail += [f"Total params: {total}", f"Trainable params: {trainable}"]
    return table_lines(input_shape, head + rows, tail)


def table_lines(input_shape, cells, tail):
    widths = [max(len(r[c]) for r in cells) for c in range(len(cells[0]))]
    lines = ["  ".join(s.ljust(w) for s, w in zip(r, widths)).rstrip() for r in cells]
    return [f"Input shape: {list(input_shape)}"] + lines + tail


if __name__ == "__main__":
    print("\n".join(layer_table(build_model, INPUT_SHAPE)))

"""The answers to practice exercises, computed by PyTorch and SciPy.

Reads a JSON list of exercises as the page shows them ({kind, scene,
cell, question}, the scene decoded from data-scene) on stdin and prints,
for each, {"right": text, "wrong": text or null, "phrase": words or null}:
the right answer as a person types it, and a wrong answer one named
mistake gives, with the words the verdict must use for that mistake. Every
right answer is computed by the reference library on the scene itself;
nothing here reads ConvLab's own answers.
"""

import json
import re
import sys
import warnings

import numpy as np
import scipy.signal as sig
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
warnings.filterwarnings("ignore")


def t(a):
    return torch.tensor(a, dtype=torch.float64)


def commas(xs):
    return ", ".join(str(int(x)) for x in xs)


def number(v):
    v = float(v)
    return str(int(v)) if v == int(v) else repr(v)


def conv(s, x=None, w=None, padding=None):
    """nn.Conv2d (padding modes included) on the scene's tensors."""
    x = t(s["input"]) if x is None else x
    w = t(s["weight"]) if w is None else w
    pad = s["padding"] if padding is None else padding
    pad = pad if isinstance(pad, str) else tuple(pad)
    m = nn.Conv2d(x.shape[1], w.shape[0], tuple(w.shape[2:]), stride=tuple(s["stride"]), padding=pad,
                  dilation=tuple(s["dilation"]), groups=s["groups"], bias=s.get("bias") is not None,
                  padding_mode=s.get("padding_mode", "zeros"))
    m.weight = nn.Parameter(w)
    if s.get("bias") is not None:
        m.bias = nn.Parameter(t(s["bias"]))
    return m(x)


def transpose(s, x=None, w=None, padding=None, output_padding=None):
    x = t(s["input"]) if x is None else x
    w = t(s["weight"]) if w is None else w
    b = None if s.get("bias") is None else t(s["bias"])
    return F.conv_transpose2d(x, w, b, stride=tuple(s["stride"]), padding=tuple(s["padding"] if padding is None else padding),
                              output_padding=tuple(s["output_padding"] if output_padding is None else output_padding),
                              groups=s["groups"], dilation=tuple(s["dilation"]))


def scipy_op(s, in1=None, flip=False):
    f = sig.convolve2d if (s["op"] == "scipy.convolve2d") != flip else sig.correlate2d
    a = np.array(s["in1"] if in1 is None else in1, dtype=float)
    return f(a, np.array(s["in2"], dtype=float), mode=s["mode"], boundary=s["boundary"], fillvalue=s["fillvalue"])


def run(s, x=None, w=None):
    """The scene's op, on its input (or `x`) and weight (or `w`)."""
    if s["op"] == "torch.conv2d":
        return conv(s, x, w)
    if s["op"] == "torch.conv_transpose2d":
        return transpose(s, x, w)
    out = scipy_op(s, None if x is None else x[0, 0].numpy())
    return torch.tensor(out)[None, None]


def reads(s, cell):
    """The input cells output `cell` reads: one-hot probes, weights of ones."""
    scipy = s["op"].startswith("scipy")
    shape = (1, 1, *np.array(s["in1"]).shape) if scipy else tuple(t(s["input"]).shape)
    found = []
    for idx in np.ndindex(*shape):
        x = torch.zeros(shape)
        x[idx] = 1.0
        if scipy:
            s2 = dict(s, in2=np.ones_like(np.array(s["in2"], dtype=float)).tolist())
            y = run(s2, x)
        else:
            y = run(dict(s, bias=None), x, torch.ones_like(t(s["weight"])))
        if abs(float(y[tuple(cell)])) > 0:
            found.append(idx)
    return found


def cells_text(cells):
    return ", ".join("(" + commas(c) + ")" for c in cells)


def model_source(text):
    """print(model)'s text as the Python that builds it, else the text."""
    if not text.lstrip().startswith("Sequential("):
        return text
    out = []
    for line in text.splitlines():
        line = line.strip()
        line = re.sub(r"padding_mode=(\w+)", r"padding_mode='\1'", line)
        m = re.match(r"^\((\w+)\): Sequential\($", line)
        leaf = re.match(r"^\((\w+)\): (\w+)\((.*)\)$", line)
        if line == "Sequential(":
            out.append("nn.Sequential(")
        elif m:
            out.append("nn.Sequential(")
        elif leaf:
            out.append(f"nn.{leaf.group(2)}({leaf.group(3)}),")
        elif line == ")":
            out.append("),")
    return "\n".join(out).rstrip(",")


def model_run(text, shape):
    """(the leaves that ran with their output shapes, the break or None)."""
    model = eval(model_source(text), {"nn": nn, "torch": torch}).eval()
    x = torch.zeros(shape)
    ran = []
    with torch.no_grad():
        for name, m in model.named_modules():
            if not name or list(m.children()):
                continue
            try:
                y = m(x)
            except Exception:
                return ran, (name, list(x.shape))
            ran.append((name, list(y.shape)))
            x = y
    return ran, None


def field(s):
    """(size, jump) along H of the last layer's cells, with weights of ones
    on an input large enough for a cell away from every border."""
    layers = s["layers"]
    h = 400
    x = torch.zeros((1, t(s["input"]).shape[1], h, 64))
    x.requires_grad_(True)
    y = x
    for l in layers:
        w = torch.ones_like(t(l["weight"]))
        pad = l["padding"] if isinstance(l["padding"], str) else tuple(l["padding"])
        y = F.conv2d(y, w, None, stride=tuple(l["stride"]), padding=pad, dilation=tuple(l["dilation"]), groups=l["groups"])
    mid = y.shape[2] // 2
    rows = []
    for i in (mid, mid + 1):
        g, = torch.autograd.grad(y[0, 0, i, :].sum(), x, retain_graph=True)
        nz = torch.nonzero(g[0].sum(0).sum(1)).flatten().tolist()
        rows.append((nz[0], nz[-1]))
    return rows[0][1] - rows[0][0] + 1, rows[1][0] - rows[0][0]


def answer(ex):
    s, kind, q, cell = ex["scene"], ex["kind"], ex["question"], ex.get("cell")
    model = (s.get("showing") or {}).get("model")
    if kind == "shape":
        if model:
            shape = [int(v) for v in re.findall(r"-?\d+", model["input_shape"])]
            ran, _ = model_run(model["text"], shape)
            return {"right": commas(ran[-1][1]), "wrong": None, "phrase": None}
        if s["op"].startswith("scipy"):
            right = scipy_op(s).shape
            other = "full" if s["mode"] != "full" else "same"
            wrong = scipy_op(dict(s, mode=other)).shape
            return {"right": commas(right), "wrong": commas(wrong) if wrong != right else None, "phrase": f"with mode='{other}'"}
        right = list(run(s).shape)
        wrong = None
        if s["op"] == "torch.conv2d" and isinstance(s["padding"], list) and any(s["padding"]):
            try:
                wrong = commas(conv(s, padding=[0, 0]).shape)
            except RuntimeError:
                wrong = None
        return {"right": commas(right), "wrong": wrong if wrong != commas(right) else None, "phrase": "without the padding"}
    if kind == "value":
        right = float(run(s).detach()[tuple(cell)])
        if s["op"] == "torch.conv2d":
            other = float(conv(s, w=torch.flip(t(s["weight"]), [2, 3])).detach()[tuple(cell)])
            phrase = "flipping the kernel"
        elif s["op"].startswith("scipy"):
            other = float(torch.tensor(scipy_op(s, flip=True))[tuple(cell[2:])])
            phrase = "without flipping the kernel" if s["op"] == "scipy.convolve2d" else "flipping the kernel"
        else:
            other, phrase = right, None
        return {"right": number(right), "wrong": number(other) if other != right else None, "phrase": phrase}
    if kind == "sources":
        right = reads(s, cell)
        wrong = None
        if s["op"] == "torch.conv2d" and isinstance(s["padding"], list) and any(s["padding"]):
            try:
                w = reads(dict(s, padding=[0, 0]), cell)
                wrong = cells_text(w) if w and w != right else None
            except (RuntimeError, IndexError):
                wrong = None
        return {"right": cells_text(right), "wrong": wrong, "phrase": "without the padding"}
    if kind == "weight-shape":
        m = re.search(r"feed output channel (\d+)", q)
        if m:
            o = int(m.group(1))
            c = t(s["input"]).shape[1]
            feeds = []
            for k in range(c):
                x = torch.zeros(t(s["input"]).shape)
                x[:, k] = 1.0
                y = conv(dict(s, bias=None, padding_mode="zeros"), x, torch.ones_like(t(s["weight"])))
                if float(y[0, o].abs().sum()) > 0:
                    feeds.append(k)
            wrong = commas(range(c)) if s["groups"] > 1 else None
            return {"right": commas(feeds), "wrong": wrong, "phrase": "ignoring groups"}
        w = t(s["weight"])
        if s["op"] == "torch.conv2d":
            mod = nn.Conv2d(t(s["input"]).shape[1], w.shape[0], tuple(w.shape[2:]), groups=s["groups"])
            plain = [w.shape[0], t(s["input"]).shape[1], *w.shape[2:]]
        else:
            mod = nn.ConvTranspose2d(t(s["input"]).shape[1], w.shape[1] * s["groups"], tuple(w.shape[2:]), groups=s["groups"])
            plain = [t(s["input"]).shape[1], w.shape[1] * s["groups"], *w.shape[2:]]
        right = list(mod.weight.shape)
        return {"right": commas(right), "wrong": commas(plain) if s["groups"] > 1 and plain != right else None, "phrase": "ignoring groups"}
    if kind == "transpose-size":
        right = list(transpose(s).shape)
        wrong = None
        if any(s["padding"]):
            try:
                wrong = commas(transpose(s, padding=[0, 0]).shape)
            except RuntimeError:
                pass
        return {"right": commas(right), "wrong": wrong if wrong != commas(right) else None, "phrase": "without the padding"}
    if kind == "output-padding":
        want = [int(v) for v in re.search(r"\)\(x\) (\d+) × (\d+)\?", q).groups()]

        def find(padding):
            hits = []
            for ph in range(max(s["stride"][0], s["dilation"][0])):
                for pw in range(max(s["stride"][1], s["dilation"][1])):
                    try:
                        if list(transpose(s, padding=padding, output_padding=[ph, pw]).shape[2:]) == want:
                            hits.append((ph, pw))
                    except RuntimeError:
                        pass
            return hits
        right = find(s["padding"])
        right = commas(right[0]) if right else "impossible"
        # Adding output_padding on both sides, as padding is: PyTorch's
        # size with output_padding 0, and half of what is missing.
        base = list(transpose(s, output_padding=[0, 0]).shape[2:])
        extra = [w - b for w, b in zip(want, base)]
        twice = commas([e // 2 for e in extra]) if all(e >= 0 and e % 2 == 0 for e in extra) else "impossible"
        wrong = twice if twice != right else None
        return {"right": right, "wrong": wrong, "phrase": "adding output_padding on both sides"}
    if kind == "receptive-field":
        size, jump = field(s)
        plain = 1 + sum((len(l["weight"][0][0]) - 1) * l["dilation"][0] for l in s["layers"])
        last = s["layers"][-1]["stride"][0]
        wrong = commas([plain, last]) if (plain, last) != (size, jump) else None
        return {"right": commas([size, jump]), "wrong": wrong, "phrase": "without multiplying by the jumps"}
    if kind == "model-break":
        shape = [int(v) for v in re.findall(r"-?\d+", model["input_shape"])]
        _, broke = model_run(model["text"], shape)
        name, reached = broke
        layer = int(name.split(".")[0])
        axis = 2 if "height" in q else 1
        return {"right": commas([layer, reached[axis]]), "wrong": commas([layer + 1, reached[axis]]), "phrase": "counting the layers from 1"}
    raise ValueError(f"no reference for kind {kind}")


print(json.dumps([answer(e) for e in json.load(sys.stdin)]))

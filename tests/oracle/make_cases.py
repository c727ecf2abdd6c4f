"""Re-derives the reference cases in tests/oracle/ with real PyTorch and SciPy.

Every case file here stores, for each case, its inputs and what the reference
made of them (`expected`, or `error`: see README.md). This script takes each
case's inputs, runs them through PyTorch and SciPy again, in float64 (the
model cases build their modules as PyTorch does, in float32, and only compare
shapes, counts and receptive fields), and compares the result with what is
stored:

    make_cases.py [--check]   recompute every case of every file and compare:
                              values within 1e-9 (relative or absolute, as in
                              README.md), shapes and integers equal, errors by
                              their first line (and their layer). One summary
                              line per file; exits 1 listing the mismatches
                              (and any case it could not re-derive).
    make_cases.py --write     rewrite the stored `expected` / `error` (and
                              `error_layer`) of every case that mismatches
                              from the recomputation, keeping each case's key
                              order and the files' compact JSON; cases that
                              agree are left as they are. A file with such
                              cases gets a new `generator` field naming this
                              script and the versions that ran it.

    --dir DIR                 the folder of case files (default: this one)
    --only FILE               only this file (may be repeated)

Needs torch, numpy and scipy: run it with the PyTorch venv that
scripts/setup.sh makes (`~/.cache/convlab/torch-venv/bin/python`), e.g.

    ~/.cache/convlab/torch-venv/bin/python tests/oracle/make_cases.py --check

How each op is recomputed (see PROVENANCE.md for why):

- `torch.conv2d` with `padding_mode` `zeros`: `F.conv2d`. With another
  padding mode: an `nn.Conv2d` built from the case (its in_channels are the
  input's channels, so its constructor refuses what PyTorch's refuses), given
  the case's weight and bias, then called: `F.pad` in that mode and
  `F.conv2d` with padding 0, as `nn.Conv2d._conv_forward` does.
- `scipy.convolve2d` / `scipy.correlate2d`: `scipy.signal` itself.
- `torch.conv_transpose2d`: `F.conv_transpose2d`; with an `output_size`, an
  `nn.ConvTranspose2d` built from the case and called with
  `forward(input, output_size=...)`.
- `torch.sequential`: the layers one after the other (each as a
  `torch.conv2d` case); the border maps and the receptive fields as README.md
  defines them (a conv2d of the padded 0/1 map with a kernel of ones; autograd
  through one-channel layers with every weight 1 and no bias).
- pools: the module `nn.MaxPool2d` / `nn.AvgPool2d` / `nn.AdaptiveAvgPool2d`
  / `nn.AdaptiveMaxPool2d` built with the case's `args`, called on the input.
- `torch.nn.Sequential` (whole models): the `source` text is evaluated with
  `nn` and `torch` in scope; the `repr` text (what `print(model)` shows) is
  parsed line by line, each leaf built from its own line. A build error is
  located by building the leaves one by one in order. Then every leaf runs in
  eval mode, in order, on `zeros(input_shape)`; the receptive field is
  autograd through the substitutions README.md lists.
"""

import argparse
import ast
import json
import math
import os
import sys
import time
import warnings
from collections import OrderedDict

import numpy as np
import scipy
import scipy.signal
import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
FILES = [
    "conv_cases.json",
    "transpose_cases.json",
    "stack_cases.json",
    "pool_cases.json",
    "model_cases.json",
]
# The keys of a case that hold what the reference made of it.
RESULT_KEYS = ("expected", "error", "error_layer")

torch.set_grad_enabled(False)
# PyTorch's note that padding="same" with an even kernel copies the input.
warnings.filterwarnings("ignore", message="Using padding='same'")


def first_line(exc):
    text = str(exc)
    return text.splitlines()[0] if text else type(exc).__name__


def t64(x):
    return torch.tensor(x, dtype=torch.float64)


# ---------------------------------------------------------------- conv2d ---


def conv2d_layer(x, spec, weight=None, bias="case", groups=None):
    """One conv2d of a `torch.conv2d` case (or a stack's layer) on `x`.

    `weight`, `bias` and `groups` replace the case's own (the receptive
    fields' one-channel layers of ones)."""
    w = t64(spec["weight"]) if weight is None else weight
    if bias == "case":
        b = None if spec["bias"] is None else t64(spec["bias"])
    else:
        b = bias
    g = spec["groups"] if groups is None else groups
    padding = spec["padding"]
    padding = padding if isinstance(padding, str) else tuple(padding)
    stride, dilation = tuple(spec["stride"]), tuple(spec["dilation"])
    if spec["padding_mode"] == "zeros":
        return F.conv2d(x, w, b, stride, padding, dilation, g)
    module = nn.Conv2d(
        x.shape[1],
        w.shape[0],
        tuple(w.shape[2:]),
        stride=stride,
        padding=padding,
        dilation=dilation,
        groups=g,
        bias=b is not None,
        padding_mode=spec["padding_mode"],
        dtype=torch.float64,
    )
    module.weight = nn.Parameter(w, requires_grad=w.requires_grad)
    if b is not None:
        module.bias = nn.Parameter(b, requires_grad=False)
    return module(x)


def derive_conv(case):
    op = case["op"]
    if op == "torch.conv2d":
        try:
            out = conv2d_layer(t64(case["input"]), case)
        except Exception as e:  # the reference refused: its message is the result
            return {"error": first_line(e)}
        return {"expected": out.tolist()}
    if op in ("scipy.convolve2d", "scipy.correlate2d"):
        fn = scipy.signal.convolve2d if op == "scipy.convolve2d" else scipy.signal.correlate2d
        try:
            out = fn(
                np.array(case["in1"], dtype=np.float64),
                np.array(case["in2"], dtype=np.float64),
                mode=case["mode"],
                boundary=case["boundary"],
                fillvalue=case["fillvalue"],
            )
        except Exception as e:
            return {"error": first_line(e)}
        return {"expected": out.tolist()}
    raise NotRederivable(f"unknown op {op}")


# ------------------------------------------------------ conv_transpose2d ---


def derive_transpose(case):
    x, w = t64(case["input"]), t64(case["weight"])
    b = None if case["bias"] is None else t64(case["bias"])
    stride, padding = tuple(case["stride"]), tuple(case["padding"])
    output_padding, dilation = tuple(case["output_padding"]), tuple(case["dilation"])
    groups = case["groups"]
    try:
        if case["output_size"] is None:
            out = F.conv_transpose2d(x, w, b, stride, padding, output_padding, groups, dilation)
        else:
            module = nn.ConvTranspose2d(
                x.shape[1],
                w.shape[1] * groups,
                tuple(w.shape[2:]),
                stride=stride,
                padding=padding,
                output_padding=output_padding,
                groups=groups,
                bias=b is not None,
                dilation=dilation,
                dtype=torch.float64,
            )
            module.weight = nn.Parameter(w, requires_grad=False)
            if b is not None:
                module.bias = nn.Parameter(b, requires_grad=False)
            out = module(x, output_size=list(case["output_size"]))
    except Exception as e:
        return {"error": first_line(e)}
    return {"expected": out.tolist()}


# ----------------------------------------------------------- layer stacks ---


def layer_pads(spec):
    """(top, bottom, left, right) padding of a stack layer, as nn.Conv2d pads."""
    k_h, k_w = len(spec["weight"][0][0]), len(spec["weight"][0][0][0])
    d_h, d_w = spec["dilation"]
    padding = spec["padding"]
    if padding == "valid":
        return 0, 0, 0, 0
    if padding == "same":
        # nn.Conv2d: the extra cell of an even (dilated) kernel goes last.
        total_h, total_w = d_h * (k_h - 1), d_w * (k_w - 1)
        return total_h // 2, total_h - total_h // 2, total_w // 2, total_w - total_w // 2
    p_h, p_w = padding
    return p_h, p_h, p_w, p_w


def stack_cells(h, w):
    """The positions of the last layer whose receptive fields are kept: the
    first, the centre and the last, without repeats."""
    cells = []
    for cell in ([0, 0], [h // 2, w // 2], [h - 1, w - 1]):
        if cell not in cells:
            cells.append(cell)
    return cells


def derive_stack(case):
    layers = case["layers"]
    x = t64(case["input"])
    shapes = [list(x.shape)]
    for index, spec in enumerate(layers):
        try:
            x = conv2d_layer(x, spec)
        except Exception as e:
            return {"error": first_line(e), "error_layer": index}
        shapes.append(list(x.shape))

    # Border maps: 1 where an output depends on a padding position, of this
    # layer or of one below.
    _, _, h, w = shapes[0]
    m = torch.zeros(1, 1, h, w, dtype=torch.float64)
    border = []
    for spec in layers:
        top, bottom, left, right = layer_pads(spec)
        k_h, k_w = len(spec["weight"][0][0]), len(spec["weight"][0][0][0])
        m = F.pad(m, (left, right, top, bottom), value=1.0)
        m = F.conv2d(
            m,
            torch.ones(1, 1, k_h, k_w, dtype=torch.float64),
            stride=tuple(spec["stride"]),
            dilation=tuple(spec["dilation"]),
        )
        m = (m > 0).to(torch.float64)
        border.append(m[0, 0].to(torch.int64).tolist())

    # Receptive fields: d out[i, j] / d input through one-channel layers with
    # every weight 1 and no bias (the padding modes copy real pixels, so their
    # paths go back to those pixels).
    _, _, out_h, out_w = shapes[-1]
    fields = []
    for cell in stack_cells(out_h, out_w):
        with torch.enable_grad():
            x1 = torch.zeros(1, 1, h, w, dtype=torch.float64, requires_grad=True)
            y = x1
            for spec in layers:
                k_h, k_w = len(spec["weight"][0][0]), len(spec["weight"][0][0][0])
                ones = torch.ones(1, 1, k_h, k_w, dtype=torch.float64)
                y = conv2d_layer(y, spec, weight=ones, bias=None, groups=1)
            (grad,) = torch.autograd.grad(y[0, 0, cell[0], cell[1]], x1)
        paths = [[int(round(v)) for v in row] for row in grad[0, 0].tolist()]
        fields.append({"cell": cell, "paths": paths})

    return {
        "expected": {
            "shapes": shapes,
            "output": x.tolist(),
            "border": border,
            "receptive_fields": fields,
        }
    }


# ------------------------------------------------------------------ pools ---

POOLS = {
    "torch.max_pool2d": nn.MaxPool2d,
    "torch.avg_pool2d": nn.AvgPool2d,
    "torch.adaptive_avg_pool2d": nn.AdaptiveAvgPool2d,
    "torch.adaptive_max_pool2d": nn.AdaptiveMaxPool2d,
}


def derive_pool(case):
    if case["op"] not in POOLS:
        raise NotRederivable(f"unknown op {case['op']}")
    x = t64(case["input"])
    try:
        module = POOLS[case["op"]](**case["args"])
        out = module(x)
    except Exception as e:
        return {"error": first_line(e)}
    return {"expected": {"shape": list(out.shape), "output": out.tolist()}}


# ------------------------------------------------------------ whole models ---


class NotRederivable(Exception):
    """A case this script cannot recompute (reported, never a silent pass)."""


class _Names(dict):
    """Names for evaluating a repr line: `nn`, and every other bare word as a
    string (print(model) writes `padding=same`, `padding_mode=reflect`)."""

    def __missing__(self, key):
        return key


def build_repr_leaf(kind, args):
    names = _Names(nn=nn)
    return eval(f"nn.{kind}({args})", {"__builtins__": {}}, names)  # noqa: S307


def parse_repr(text):
    """print(model) of an nn.Sequential -> a tree: ("seq", [children]) or
    ("leaf", kind, args). Each leaf's line holds its constructor's arguments."""
    lines = text.split("\n")
    if lines[0] != "Sequential(" or lines[-1] != ")":
        raise NotRederivable("a repr that is not an nn.Sequential")
    stack = [[]]
    for line in lines[1:-1]:
        body = line.strip()
        if body == ")":
            children = stack.pop()
            stack[-1].append(("seq", children))
            continue
        if not body.startswith("(") or "): " not in body:
            raise NotRederivable(f"cannot read the repr line {line!r}")
        rest = body.split("): ", 1)[1]
        if rest == "Sequential(":
            stack.append([])
            continue
        kind, _, args = rest.partition("(")
        if not args.endswith(")"):
            raise NotRederivable(f"cannot read the repr line {line!r}")
        stack[-1].append(("leaf", kind, args[:-1]))
    if len(stack) != 1:
        raise NotRederivable("unbalanced repr")
    return ("seq", stack[0])


def parse_source(text):
    """The source of an nn.Sequential -> the same tree, leaves holding their
    ast.Call."""
    node = ast.parse(text.strip(), mode="eval").body

    def walk(call):
        if not isinstance(call, ast.Call):
            raise NotRederivable("a source argument that is not a module")
        kind = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "?")
        if kind == "Sequential":
            if call.keywords:
                raise NotRederivable("nn.Sequential with keywords")
            return ("seq", [walk(a) for a in call.args])
        return ("leaf", kind, call)

    return walk(node)


def build_tree(tree, build_leaf, path=()):
    """The module of a tree; a constructor's refusal is raised as BuildError
    with the leaf's path and kind, the leaves built in source order."""
    if tree[0] == "seq":
        return nn.Sequential(*[build_tree(child, build_leaf, path + (str(i),)) for i, child in enumerate(tree[1])])
    kind = tree[1]
    try:
        return build_leaf(tree)
    except Exception as e:
        raise BuildError(".".join(path), kind, first_line(e)) from e


class BuildError(Exception):
    def __init__(self, layer, kind, message):
        super().__init__(message)
        self.layer, self.kind, self.message = layer, kind, message


def build_model(case):
    text = case["text"]
    if case["format"] == "source":
        tree = parse_source(text)
        scope = {"nn": nn, "torch": torch}

        def leaf(t):
            return eval(compile(ast.Expression(t[2]), "<case>", "eval"), scope)  # noqa: S307

        model = build_tree(tree, leaf)
        # The whole text must build the same model as its leaves one by one.
        whole = eval(text, dict(scope))  # noqa: S307
        if str(whole) != str(model):
            raise NotRederivable("the source does not rebuild leaf by leaf")
        return whole
    if case["format"] == "repr":
        tree = parse_repr(text)
        model = build_tree(tree, lambda t: build_repr_leaf(t[1], t[2]))
        if str(model) != text:
            raise NotRederivable("print(model) of the rebuilt model differs from the text")
        return model
    raise NotRederivable(f"unknown format {case['format']}")


def leaves(model):
    return [(name, m) for name, m in model.named_modules() if name and not list(m.children())]


IDENTITY_KINDS = (
    nn.BatchNorm2d,
    nn.ReLU,
    nn.LeakyReLU,
    nn.GELU,
    nn.SiLU,
    nn.Sigmoid,
    nn.Tanh,
    nn.Dropout2d,
    nn.Identity,
)


def ones_layer(module):
    """The receptive field's substitute of a leaf: one channel, weights 1, no
    bias; max pools as average pools; activations, batch norm, dropout as
    identity."""
    if isinstance(module, nn.Conv2d):
        sub = nn.Conv2d(
            1,
            1,
            module.kernel_size,
            stride=module.stride,
            padding=module.padding,
            dilation=module.dilation,
            bias=False,
            padding_mode=module.padding_mode,
            dtype=torch.float64,
        )
    elif isinstance(module, nn.ConvTranspose2d):
        sub = nn.ConvTranspose2d(
            1,
            1,
            module.kernel_size,
            stride=module.stride,
            padding=module.padding,
            output_padding=module.output_padding,
            bias=False,
            dilation=module.dilation,
            dtype=torch.float64,
        )
    elif isinstance(module, nn.MaxPool2d):
        if module.dilation not in (1, (1, 1), [1, 1]):
            raise NotRederivable("a dilated max pool has no average pool of the same geometry")
        return nn.AvgPool2d(module.kernel_size, module.stride, module.padding, ceil_mode=module.ceil_mode)
    elif isinstance(module, (nn.AvgPool2d, nn.AdaptiveAvgPool2d)):
        return module
    elif isinstance(module, IDENTITY_KINDS):
        return nn.Identity()
    else:
        raise NotRederivable(f"no receptive-field substitute for {type(module).__name__}")
    nn.init.ones_(sub.weight)
    sub.weight.requires_grad_(False)
    return sub


def derive_model(case):
    try:
        model = build_model(case)
    except BuildError as e:
        return {"error": {"layer": e.layer, "kind": e.kind, "message": e.message, "when": "build"}}
    model.eval()
    parts = leaves(model)
    x = torch.zeros(case["input_shape"])
    layers = []
    for path, module in parts:
        try:
            x = module(x)
        except Exception as e:
            return {
                "error": {
                    "layer": path,
                    "kind": type(module).__name__,
                    "message": first_line(e),
                    "when": "forward",
                }
            }
        layers.append(
            {
                "path": path,
                "kind": type(module).__name__,
                "shape": list(x.shape),
                "params": sum(p.numel() for p in module.parameters()),
            }
        )
    expected = {"layers": layers, "params": sum(p.numel() for p in model.parameters())}

    four_d = [i for i, layer in enumerate(layers) if len(layer["shape"]) == 4]
    if not four_d:
        raise NotRederivable("no layer with a 4-D output")
    last = four_d[-1]
    _, _, out_h, out_w = layers[last]["shape"]
    cell = [out_h // 2, out_w // 2]
    _, _, h, w = case["input_shape"]
    chain = [ones_layer(module) for _, module in parts[: last + 1]]
    with torch.enable_grad():
        x1 = torch.zeros(1, 1, h, w, dtype=torch.float64, requires_grad=True)
        y = x1
        for sub in chain:
            y = sub(y)
        (grad,) = torch.autograd.grad(y[0, 0, cell[0], cell[1]], x1)
    rows, cols = torch.nonzero(grad[0, 0], as_tuple=True)
    if rows.numel() == 0:
        raise NotRederivable("the centre cell reaches no input position")
    expected["receptive_field"] = {
        "cell": cell,
        "rows": [int(rows.min()), int(rows.max())],
        "cols": [int(cols.min()), int(cols.max())],
    }
    return {"expected": expected}


# ------------------------------------------------------------- comparing ---

DERIVE = {
    "conv_cases.json": derive_conv,
    "transpose_cases.json": derive_transpose,
    "stack_cases.json": derive_stack,
    "pool_cases.json": derive_pool,
    "model_cases.json": derive_model,
}


def close(a, b):
    """README.md's tolerance: 1e-9, relative or absolute."""
    return abs(a - b) <= 1e-9 * (1.0 + abs(b))


def differences(got, want, where="", out=None, limit=3):
    """Where `got` (recomputed) differs from `want` (stored), at most `limit`."""
    out = [] if out is None else out
    if len(out) >= limit:
        return out
    if isinstance(want, bool) or isinstance(got, bool):
        if got is not want:
            out.append(f"{where or '.'}: {got!r} != stored {want!r}")
    elif isinstance(want, (int, float)) and isinstance(got, (int, float)):
        if isinstance(want, int) and isinstance(got, int):
            if got != want:
                out.append(f"{where or '.'}: {got} != stored {want}")
        elif not (math.isfinite(got) and math.isfinite(want) and close(got, want)) and not (
            got == want or (math.isnan(got) and math.isnan(want))
        ):
            out.append(f"{where or '.'}: {got!r} != stored {want!r}")
    elif isinstance(want, list) and isinstance(got, list):
        if len(got) != len(want):
            out.append(f"{where or '.'}: length {len(got)} != stored {len(want)}")
        else:
            for i, (g, w) in enumerate(zip(got, want)):
                differences(g, w, f"{where}[{i}]", out, limit)
    elif isinstance(want, dict) and isinstance(got, dict):
        if list(got) != list(want):
            out.append(f"{where or '.'}: keys {list(got)} != stored {list(want)}")
        else:
            for k in want:
                differences(got[k], want[k], f"{where}.{k}", out, limit)
    elif got != want:
        out.append(f"{where or '.'}: {got!r} != stored {want!r}")
    return out


def stored_result(case):
    return {k: case[k] for k in RESULT_KEYS if k in case}


def with_result(case, result):
    """The case with its result keys replaced, where the old ones were."""
    out, placed = OrderedDict(), False
    for key, value in case.items():
        if key in RESULT_KEYS:
            if not placed:
                out.update(result)
                placed = True
            continue
        out[key] = value
    if not placed:
        out.update(result)
    return out


def versions():
    return (
        f"tests/oracle/make_cases.py, PyTorch {torch.__version__}, SciPy {scipy.__version__}, "
        f"NumPy {np.__version__}, float64"
    )


def run_file(folder, name, write):
    path = os.path.join(folder, name)
    with open(path, encoding="utf-8") as f:
        doc = json.load(f, object_pairs_hook=OrderedDict)
    derive = DERIVE[name]
    mismatches, skipped, new_cases = [], [], []
    started = time.monotonic()
    for case in doc["cases"]:
        try:
            result = derive(case)
        except NotRederivable as e:
            skipped.append(f"{name}: {case.get('name')}: not re-derived: {e}")
            new_cases.append(case)
            continue
        stored = stored_result(case)
        if ("error" in result) != ("error" in stored):
            said = f"refused: {result['error']!r}" if "error" in result else "accepted"
            was = f"refused: {stored['error']!r}" if "error" in stored else "accepted"
            diffs = [f"recomputed {said}, stored {was}"]
        else:
            diffs = differences(result, stored)
        if diffs:
            mismatches.append(f"{name}: {case.get('name')}: " + "; ".join(diffs))
        # --write replaces only what disagrees: a case within the tolerance
        # keeps its stored numbers (they differ from this machine's in the
        # last bits, from the order of the sums).
        new_cases.append(with_result(case, result) if diffs else case)
    seconds = time.monotonic() - started
    done = len(doc["cases"]) - len(skipped)
    line = f"{name}: {done} cases re-derived, {len(mismatches)} mismatches"
    if skipped:
        line += f", {len(skipped)} not re-derived"
    if write and mismatches:
        doc["cases"] = new_cases
        doc["generator"] = versions()
        with open(path, "w", encoding="utf-8") as f:
            f.write(json.dumps(doc, separators=(",", ":"), ensure_ascii=False))
        line += f" (rewritten: {len(mismatches)} cases now as recomputed)"
    return line, mismatches, skipped, seconds


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="compare (the default)")
    mode.add_argument("--write", action="store_true", help="rewrite expected/error from the recomputation")
    parser.add_argument("--dir", default=HERE, help="folder of the case files (default: tests/oracle/)")
    parser.add_argument("--only", action="append", choices=FILES, help="only this file (repeatable)")
    args = parser.parse_args(argv)

    # The cases are small: one thread is fastest, and stays fast on a busy
    # machine (more threads spin-wait for each other between tiny ops).
    torch.set_num_threads(1)
    started = time.monotonic()
    problems, not_done, times = [], [], []
    for name in args.only or FILES:
        line, mismatches, skipped, seconds = run_file(args.dir, name, args.write)
        print(line, flush=True)
        problems += mismatches
        not_done += skipped
        times.append(f"{name.split('_')[0]} {seconds:.1f}")
    for s in not_done:
        print(s)
    print(
        f"# {versions()}: {time.monotonic() - started:.1f} s ({', '.join(times)})",
        file=sys.stderr,
    )
    if args.write:
        return 0
    if problems:
        print(f"\n{len(problems)} mismatches:")
        for p in problems:
            print("  " + p)
    # A case that cannot be re-derived is not vouched for: it fails the check too.
    return 1 if problems or not_done else 0


if __name__ == "__main__":
    sys.exit(main())

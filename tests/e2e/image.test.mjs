// Real pictures as the input, as a new user would try them: a PNG through the
// file picker gives exactly torchvision ToTensor's tensor (the share link
// carries it) and PyTorch's conv2d of it; a larger one is drawn as pictures
// with the window, the magnifier and click-to-jump; grayscale is Pillow's
// convert('L'); presets, samples, the lecture's patterns, drop and paste
// work; a file that is not a picture is refused with a message and changes
// nothing. Expected values come from real Pillow and PyTorch, run here.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir, homedir } from 'node:os';
import { join } from 'node:path';
import { startSession, outCells, byTestId, compareCells, screenshot } from './harness.mjs';
import { png, pixels } from './png.mjs';

const TORCH_PYTHON =
  process.env.CONVLAB_TORCH_PYTHON ?? join(homedir(), '.cache', 'convlab', 'torch-venv', 'bin', 'python');

const dir = mkdtempSync(join(tmpdir(), 'convlab-image-'));
function writePng(name, w, h, seed) {
  const path = join(dir, name);
  writeFileSync(path, png(w, h, pixels(w, h, seed)));
  return path;
}

// ---------------------------------------------------------------- reference

/**
 * Real Pillow + PyTorch: the picture at `path` as ConvLab documents the
 * pipeline (convert('RGB'), whole-factor box downscale cropping the rest,
 * optional convert('L'), ToTensor, unsqueeze(0), float64), and F.conv2d of it
 * with `scene`'s weight and arguments. Returns { input, output } as nested lists.
 */
function reference(path, maxSide, gray, scene) {
  const program = `
import json, sys
import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image
data = json.loads(sys.stdin.read())
img = Image.open(data['path']).convert('RGB')
a = np.asarray(img)
h, w = a.shape[:2]
f = max(1, -(-max(h, w) // data['max_side']))
H, W = h // f, w // f
s = a[:H * f, :W * f].astype(np.int64).reshape(H, f, W, f, 3).sum(axis=(1, 3))
a = ((s + f * f // 2) // (f * f)).astype(np.uint8)
if data['gray']:
    a = np.asarray(Image.fromarray(a).convert('L'))[:, :, None]
x = torch.from_numpy(np.ascontiguousarray(a)).permute(2, 0, 1).float().div(255).unsqueeze(0).double()
sc = data['scene']
wt = torch.tensor(sc['weight'], dtype=torch.float64)
b = torch.tensor(sc['bias'], dtype=torch.float64) if sc.get('bias') else None
pad = sc.get('padding', [0, 0])
y = F.conv2d(x, wt, b, stride=sc.get('stride', [1, 1]), padding=pad if isinstance(pad, str) else tuple(pad), dilation=sc.get('dilation', [1, 1]), groups=sc.get('groups', 1))
print(json.dumps({'input': x.tolist(), 'output': y.tolist()}))
`;
  const out = execFileSync(TORCH_PYTHON, ['-c', program], {
    input: JSON.stringify({ path, max_side: maxSide, gray, scene }),
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  return JSON.parse(out);
}

/** Every number of a nested array as Map("i0,i1,...") -> value. */
function flat(v) {
  const out = new Map();
  const walk = (x, idx) => (Array.isArray(x) ? x.forEach((y, k) => walk(y, [...idx, k])) : out.set(idx.join(','), x));
  walk(v, []);
  return out;
}

/** The scene the page holds, read back from its share link. */
async function sharedScene(page) {
  await byTestId(page, 'share').click();
  const url = await byTestId(page, 'share-url').inputValue();
  const frag = url.slice(url.indexOf('#scene=') + '#scene='.length);
  return JSON.parse(Buffer.from(frag, 'base64url').toString('utf8'));
}

/** A scene's input as nested lists, from either wire form. */
function inputOf(scene) {
  const inp = scene.input;
  if (Array.isArray(inp)) return inp;
  const bytes = Buffer.from(inp.bytes, 'base64url');
  const [n, c, h, w] = inp.shape;
  const f32 = new Float32Array(1);
  const value = (b) => ((f32[0] = Math.fround(b / 255)), f32[0]);
  let k = 0;
  return Array.from({ length: n }, () =>
    Array.from({ length: c }, () => Array.from({ length: h }, () => Array.from({ length: w }, () => value(bytes[k++])))),
  );
}

async function openPicture(page, path, { maxSide = null, gray = false } = {}) {
  if (maxSide !== null) await byTestId(page, 'image-max-side').selectOption(String(maxSide));
  if (gray) await byTestId(page, 'image-gray').check();
  await byTestId(page, 'image-file').setInputFiles(path);
  await byTestId(page, 'image-info').waitFor();
}

let s;
before(async () => {
  assert.ok(existsSync(TORCH_PYTHON), `no PyTorch python at ${TORCH_PYTHON} (scripts/test.sh installs it)`);
  s = await startSession();
});
after(async () => {
  await s?.close();
});

test('a small PNG gives exactly ToTensor\'s tensor, and PyTorch\'s conv2d of it', { timeout: 120_000 }, async (t) => {
  const path = writePng('small.png', 13, 11, 7);
  await s.withApp(t, async ({ page }) => {
    await openPicture(page, path);
    assert.match(await byTestId(page, 'image-info').innerText(), /small\.png: 13x11 pixels, RGB/);
    const scene = await sharedScene(page);
    assert.equal(scene.op, 'torch.conv2d');
    const ref = reference(path, 128, false, scene);
    // The input, bit for bit (float32 k/255 widened, as the link carries it).
    assert.deepEqual(inputOf(scene), ref.input);
    // Up to 16x16 the output stays a number grid with the out-cell contract.
    assert.deepEqual(compareCells(await outCells(page), flat(ref.output), 1e-12), []);
    await screenshot(page, 'image-small');
  });
});

test('grayscale is Pillow\'s convert(\'L\'), and a preset is PyTorch\'s conv2d', { timeout: 120_000 }, async (t) => {
  const path = writePng('gray.png', 12, 9, 11);
  await s.withApp(t, async ({ page }) => {
    await openPicture(page, path, { gray: true });
    assert.match(await byTestId(page, 'image-info').innerText(), /, L/);
    await byTestId(page, 'preset-sobel-y').click();
    const scene = await sharedScene(page);
    assert.equal(scene.input.shape?.[1] ?? scene.input[0].length, 1);
    const ref = reference(path, 128, true, scene);
    assert.deepEqual(inputOf(scene), ref.input);
    assert.deepEqual(scene.weight, [[[[-1, -2, -1], [0, 0, 0], [1, 2, 1]]]]);
    assert.deepEqual(compareCells(await outCells(page), flat(ref.output), 1e-12), []);
  });
});

test('a larger PNG is downscaled as documented and drawn as pictures; clicking the output jumps there', { timeout: 180_000 }, async (t) => {
  const path = writePng('large.png', 203, 150, 3);
  await s.withApp(t, async ({ page }) => {
    await openPicture(page, path, { maxSide: 64 });
    // 203x150 -> factor 4 -> 50x37, the remainder cropped.
    assert.match(await byTestId(page, 'image-info').innerText(), /203x150 pixels, box-averaged 4x4 to 50x37/);
    const scene = await sharedScene(page);
    const ref = reference(path, 64, false, scene);
    assert.deepEqual(inputOf(scene), ref.input);
    // Pictures, not number grids: one per output channel, drawn (not blank).
    assert.equal(await byTestId(page, 'out-cell').count(), 0);
    const pics = byTestId(page, 'out-picture');
    assert.equal(await pics.count(), ref.output[0].length);
    const distinct = await pics.first().evaluate((c) => {
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      const seen = new Set();
      for (let k = 0; k < d.length; k += 4) seen.add(`${d[k]},${d[k + 1]},${d[k + 2]}`);
      return [c.width, c.height, seen.size];
    });
    assert.deepEqual(distinct.slice(0, 2), [50, 37]);
    assert.ok(distinct[2] > 20, `the output picture looks blank (${distinct[2]} colours)`);
    await byTestId(page, 'picture-legend').first().waitFor();
    // Click the pixel at (row 20, column 30) of the first output channel.
    const box = await pics.first().boundingBox();
    await pics.first().click({ position: { x: ((30 + 0.5) / 50) * box.width, y: ((20 + 0.5) / 37) * box.height } });
    // The arithmetic now explains output[0, 0, 20, 30], with PyTorch's value.
    const arith = await byTestId(page, 'arithmetic').innerText();
    assert.match(arith, /\[0, 0, 20, 30\]|0,0,20,30|\(0, 0, 20, 30\)/);
    const mag = byTestId(page, 'magnifier');
    await mag.waitFor();
    assert.ok((await mag.locator('.mag__tap').count()) >= 9);
    await screenshot(page, 'image-large');
  });
});

// The pictures' colour map as src/core/present/picture.rs defines it (color): gray
// levels when every value is in [0, 1], else blue below zero, white at zero,
// orange above, scaled by the largest magnitude of the whole output.
function pictureColour(v, tone) {
  if (Number.isNaN(v)) return [200, 0, 200];
  if (tone.plain) {
    const g = Math.round(Math.min(1, Math.max(0, v)) * 255);
    return [g, g, g];
  }
  const t = Math.min(1, Math.max(-1, v / tone.scale));
  const end = t < 0 ? [40, 100, 220] : [230, 120, 20];
  return end.map((e) => Math.round(255 + (e - 255) * Math.abs(t)));
}
function toneOf(values) {
  const finite = values.filter(Number.isFinite);
  const min = Math.min(...finite), max = Math.max(...finite);
  if (finite.length === values.length && min >= 0 && max <= 1) return { plain: true };
  const scale = Math.max(Math.abs(min), Math.abs(max));
  return { plain: false, scale: scale > 0 ? scale : 1 };
}
/**
 * The values a picture's colour scale is taken from: with the border left
 * out (the default), the output cells whose window reads no padding, from
 * the scene's own geometry (conv2d: output i reads padded rows i*s to
 * i*s + d*(k-1); the real rows are pad to pad + H - 1).
 */
function scaleValues(output, scene, unpadded) {
  if (!unpadded) return output.flat(3);
  const [ph, pw] = Array.isArray(scene.padding) ? scene.padding : [0, 0];
  const [sh, sw] = scene.stride ?? [1, 1];
  const [dh, dw] = scene.dilation ?? [1, 1];
  const [kh, kw] = [scene.weight[0][0].length, scene.weight[0][0][0].length];
  const input = inputOf(scene);
  const [H, W] = [input[0][0].length, input[0][0][0].length];
  const inside = (i, s, d, k, p, n) => i * s >= p && i * s + d * (k - 1) <= p + n - 1;
  const values = [];
  for (const batch of output) for (const plane of batch) plane.forEach((row, i) => row.forEach((v, j) => {
    if (inside(i, sh, dh, kh, ph, H) && inside(j, sw, dw, kw, pw, W)) values.push(v);
  }));
  return values.length > 0 ? values : output.flat(3);
}

/** Every output picture's pixels against PyTorch's output in the colour map: the mismatches. */
async function wrongPictures(page, output, scene = null, unpadded = false) {
  const tone = toneOf(scene ? scaleValues(output, scene, unpadded) : output.flat(3));
  const shown = await byTestId(page, 'out-picture').evaluateAll((cs) =>
    cs.map((c) => ({ index: c.dataset.index, w: c.width, h: c.height, data: [...c.getContext('2d').getImageData(0, 0, c.width, c.height).data] })),
  );
  const wrong = [];
  if (shown.length !== output[0].length) wrong.push(`${shown.length} pictures for ${output[0].length} output channels`);
  for (const pic of shown) {
    const [n, o] = pic.index.split(',').map(Number);
    const plane = output[n][o];
    let bad = 0, first = '';
    plane.forEach((row, i) => row.forEach((v, j) => {
      const want = pictureColour(v, tone);
      const at = 4 * (i * pic.w + j);
      // The page looks colours up in a table finer than a level.
      if (!want.every((x, q) => Math.abs(x - pic.data[at + q]) <= 1)) {
        if (!bad++) first = `(${i}, ${j}) = ${v}: rgb(${pic.data.slice(at, at + 3)}) instead of rgb(${want})`;
      }
    }));
    if (bad) wrong.push(`output[${pic.index}]: ${bad} pixels wrong, first ${first}`);
  }
  return wrong;
}

test('every output picture shows PyTorch\'s output in its colours, after an edit of one channel and one that rescales them all', { timeout: 180_000 }, async (t) => {
  const path = writePng('edited.png', 40, 30, 7);
  await s.withApp(t, async ({ page }) => {
    await openPicture(page, path, { maxSide: 64 });
    // Sobel x on each channel (groups = 3): three signed output pictures.
    await page.getByRole('button', { name: 'Sobel x', exact: true }).click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="out-picture"]').length === 3);
    // The scale leaves out the border that reads zero padding (the default).
    assert.equal(await byTestId(page, 'scale-unpadded').isChecked(), true);
    assert.match(await byTestId(page, 'picture-legend').last().innerText(), /scale from the cells that read no padding/);
    const check = async (what, unpadded = true) => {
      const scene = await sharedScene(page);
      const ref = reference(path, 64, false, scene);
      assert.deepEqual(await wrongPictures(page, ref.output, scene, unpadded), [], what);
      return ref;
    };
    const sobel = await check('Sobel x');
    const paints = () => byTestId(page, 'out-picture').evaluateAll((cs) => cs.map((c) => c.dataset.paints));
    const typeInto = async (o, typed) => {
      const before = await paints();
      await page.locator(`input[aria-label="weight[${o}, 0] row 1 column 1"]`).fill(typed);
      await page.waitForFunction(([o, b]) => document.querySelectorAll('[data-testid="out-picture"]')[o].dataset.paints !== b, [o, before[o]]);
      await page.waitForTimeout(100);
      await check(`after typing ${typed} into weight[${o}, 0]`);
      return (await paints()).map((a, k) => a !== before[k]);
    };
    // A tiny change to the channel that is furthest from the scale's end:
    // its picture changes, the scale does not, the others stay as drawn.
    const peak = sobel.output[0].map((plane) => Math.max(...plane.flat().map(Math.abs)));
    const quiet = peak.indexOf(Math.min(...peak));
    assert.ok(Math.max(...peak) - peak[quiet] > 0.01, `channel peaks ${peak}`);
    assert.deepEqual(await typeInto(quiet, '0.001'), peak.map((_, o) => o === quiet), 'only the edited channel is repainted');
    // A change that moves the scale: every picture is repainted, right.
    assert.deepEqual(await typeInto(0, '40'), peak.map(() => true), 'every picture follows the new scale');
    await screenshot(page, 'image-edited');
    // And with the border in the scale, as it was: the whole output's range.
    await byTestId(page, 'scale-unpadded').uncheck();
    await page.waitForTimeout(100);
    await check('with the border in the scale', false);
    // ?count-paints: each canvas counts its repaints (data-paints).
  }, { path: '?count-paints' });
});

test('a file that is not a picture is refused with a message, and nothing is lost', { timeout: 60_000 }, async (t) => {
  const bad = join(dir, 'broken.png');
  writeFileSync(bad, Buffer.from('this is not a PNG at all'));
  await s.withApp(t, async ({ page }) => {
    const before = await outCells(page);
    await byTestId(page, 'image-file').setInputFiles(bad);
    await byTestId(page, 'notice').waitFor();
    assert.match(await byTestId(page, 'notice').innerText(), /broken\.png could not be loaded as a picture.*Nothing was changed/);
    assert.deepEqual(await outCells(page), before);
  });
});

test('samples, the lecture\'s patterns, a drop and a paste all become the input', { timeout: 180_000 }, async (t) => {
  const path = writePng('dropped.png', 20, 18, 5);
  const bytes = [...png(20, 18, pixels(20, 18, 5))];
  await s.withApp(t, async ({ page }) => {
    await byTestId(page, 'sample-chelsea').click();
    await page.getByText(/chelsea\.png: \d+x\d+ pixels/).waitFor();
    // The pictures come from a chunk of their own and may follow the text.
    await byTestId(page, 'out-picture').first().waitFor();
    assert.ok((await byTestId(page, 'out-picture').count()) >= 1);
    await screenshot(page, 'image-sample');

    await page.locator('section[aria-label="Picture"]').getByRole('button', { name: 'Step edge' }).click();
    await page.getByText(/step-edge\.png: 64x64 pixels/).waitFor();

    // A drop on the stage.
    await page.evaluate((b) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(b)], 'dropped.png', { type: 'image/png' }));
      const target = document.querySelector('.picture');
      target.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
      target.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, bytes);
    await page.getByText(/dropped\.png: 20x18 pixels/).waitFor();
    const dropped = await sharedScene(page);
    assert.deepEqual(inputOf(dropped), reference(path, 128, false, dropped).input);

    // A paste anywhere on the page.
    await page.evaluate((b) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(b)], 'image.png', { type: 'image/png' }));
      document.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
    }, bytes);
    await page.getByText(/pasted\.png: 20x18 pixels/).waitFor();
  });
});

test('an image scene survives its share link and a reload', { timeout: 120_000 }, async (t) => {
  const path = writePng('link.png', 40, 30, 9);
  let fragment;
  let expected;
  await s.withApp(t, async ({ page }) => {
    await openPicture(page, path);
    await byTestId(page, 'share').click();
    const url = await byTestId(page, 'share-url').inputValue();
    fragment = url.slice(url.indexOf('#'));
    expected = await sharedScene(page);
  });
  await s.withApp(
    t,
    async ({ page }) => {
      await byTestId(page, 'image-info').waitFor();
      assert.match(await byTestId(page, 'image-info').innerText(), /link\.png: 40x30 pixels/);
      const again = await sharedScene(page);
      assert.deepEqual(again.input, expected.input);
      assert.deepEqual(again.image, expected.image);
      await page.reload();
      await byTestId(page, 'image-info').waitFor();
      assert.deepEqual((await sharedScene(page)).input, expected.input);
    },
    { path: fragment },
  );
});

/**
 * Real PyTorch: the picture at `path` (pipeline as above) through the stack
 * scene's layers as nn.Sequential; the shapes of every level, and the
 * input region that output[0, 0, i, j] of the last layer depends on (the
 * nonzero rows and columns of its gradient with every weight set to 1, as
 * ConvLab's receptive field counts paths).
 */
function stackReference(path, scene, [i, j]) {
  const program = `
import json, sys
import numpy as np
import torch
import torch.nn as nn
from PIL import Image
data = json.loads(sys.stdin.read())
a = np.asarray(Image.open(data['path']).convert('RGB'))
h, w = a.shape[:2]
f = max(1, -(-max(h, w) // 128))
H, W = h // f, w // f
s = a[:H * f, :W * f].astype(np.int64).reshape(H, f, W, f, 3).sum(axis=(1, 3))
a = ((s + f * f // 2) // (f * f)).astype(np.uint8)
x = torch.from_numpy(np.ascontiguousarray(a)).permute(2, 0, 1).float().div(255).unsqueeze(0).double()
layers = []
for l in data['scene']['layers']:
    wt = torch.tensor(l['weight'], dtype=torch.float64)
    pad = l.get('padding', [0, 0])
    conv = nn.Conv2d(wt.shape[1], wt.shape[0], tuple(wt.shape[2:]), padding=pad if isinstance(pad, str) else tuple(pad), bias=False, dtype=torch.float64)
    with torch.no_grad():
        conv.weight.fill_(1.0)
    layers.append(conv)
model = nn.Sequential(*layers)
x.requires_grad_(True)
levels = [list(x.shape)]
y = x
for m in model:
    y = m(y)
    levels.append(list(y.shape))
y[0, 0, data['i'], data['j']].backward()
g = x.grad[0].abs().sum(0)
rows = torch.nonzero(g.sum(1)).flatten().tolist()
cols = torch.nonzero(g.sum(0)).flatten().tolist()
print(json.dumps({'levels': levels, 'rows': [rows[0], rows[-1]], 'cols': [cols[0], cols[-1]]}))
`;
  return JSON.parse(
    execFileSync(TORCH_PYTHON, ['-c', program], { input: JSON.stringify({ path, scene, i, j }), encoding: 'utf8', maxBuffer: 1 << 26 }),
  );
}

test('a picture through a stack: shapes and the receptive field of a clicked pixel as PyTorch computes them', { timeout: 180_000 }, async (t) => {
  const path = writePng('stack.png', 40, 31, 21);
  await s.withApp(t, async ({ page }) => {
    await openPicture(page, path);
    await byTestId(page, 'photo-stack-depth').selectOption('3');
    await byTestId(page, 'photo-stack').click();
    await byTestId(page, 'stack-view').waitFor();
    // 40x31, three valid 3x3 layers: 34x25, and the panel says so.
    await byTestId(page, 'photo-stack-shrink').waitFor();
    assert.match(await byTestId(page, 'photo-stack-shrink').innerText(), /40x31 picture is a 34x25 map/);
    const scene = await sharedScene(page);
    assert.equal(scene.op, 'torch.sequential');
    // The top level is a picture; click its pixel (row 10, column 20).
    const top = byTestId(page, 'out-picture').first();
    const box = await top.boundingBox();
    await top.click({ position: { x: ((20 + 0.5) / 34) * box.width, y: ((10 + 0.5) / 25) * box.height } });
    await byTestId(page, 'rf-cell').waitFor();
    assert.match(await byTestId(page, 'rf-cell').innerText(), /layer 2 output\[0, 0, 10, 20\]/);
    const ref = stackReference(path, scene, [10, 20]);
    const shapes = await byTestId(page, 'level-shape').allTextContents();
    assert.deepEqual(shapes, ref.levels.map(([n, c, h, w]) => `N=${n} \u00b7 C=${c} \u00b7 H=${h} \u00b7 W=${w}`));
    const span = await page.locator('[data-testid="receptive-field"] .rf__span').innerText();
    // The count is per channel, and says so: the first layer reads every channel.
    const [fh, fw] = [ref.rows[1] - ref.rows[0] + 1, ref.cols[1] - ref.cols[0] + 1];
    assert.equal(scene.layers[0].groups ?? 1, 1, 'the first layer mixes every channel');
    assert.equal(span, `On the input it covers rows ${ref.rows[0]} to ${ref.rows[1]} and columns ${ref.cols[0]} to ${ref.cols[1]}: ${fh}x${fw} = ${fh * fw} positions in each of the input's ${ref.levels[0][1]} channels.`);
    // The same rectangle is drawn over the photo.
    const drawn = await page.locator('[data-testid="stack-picture"][data-level="0"]').first().evaluate((c) => {
      const f = c.parentElement.querySelector('.pic__field');
      const v = (k) => Number(f.style.getPropertyValue(k));
      return getComputedStyle(f).display === 'none' ? null : [v('--wy'), v('--wx'), v('--wh'), v('--ww')];
    });
    assert.deepEqual(drawn, [ref.rows[0], ref.cols[0], ref.rows[1] - ref.rows[0] + 1, ref.cols[1] - ref.cols[0] + 1]);
    await screenshot(page, 'image-stack');
  });
});

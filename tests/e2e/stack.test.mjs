// Layer stacks in the browser: stacks opened from share links show the last
// layer's output, the border map of every layer and, after a click on a top
// cell, the input's path counts exactly as the oracle's PyTorch run says; a
// refused stack names its layer and PyTorch's message; every section-10
// lesson loads; a stack survives a share link, a JSON export/import and a
// reload; after an edit every level it reaches is redrawn as PyTorch
// computes it, and only those; and one typed value is timed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFileSync, readFileSync, mkdirSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { homedir } from 'node:os';
import { startSession, loadOracle, outCells, byTestId, compareCells, screenshot, screenPixels, ROOT, assertNoProblems } from './harness.mjs';
import { sceneFragment } from './reference.mjs';

const ORACLE = join(ROOT, 'tests', 'oracle', 'stack_cases.json');
const TORCH_PYTHON =
  process.env.CONVLAB_TORCH_PYTHON ?? join(homedir(), '.cache', 'convlab', 'torch-venv', 'bin', 'python');

/**
 * Every level of `nn.Sequential` of the scene's layers (the input, then each
 * layer's output), run by real PyTorch (float64), and each layer's border
 * map as the oracle defines it: m_0 = 0 on the input, then
 * m_l = conv2d(pad(m_{l-1}) with 1 in the padding, a kernel of ones, the
 * layer's stride and dilation) > 0 (padding='same' splits as PyTorch does).
 */
function torchLevels(sc) {
  const program = `
import json, sys
import torch
import torch.nn as nn
import torch.nn.functional as F
d = json.loads(sys.stdin.read())
torch.set_default_dtype(torch.float64)
x = torch.tensor(d['input'], dtype=torch.float64)
levels = [x.tolist()]
m = torch.zeros(1, 1, x.shape[2], x.shape[3])
borders = []
with torch.no_grad():
    for l in d['layers']:
        w = torch.tensor(l['weight'], dtype=torch.float64)
        stride, dilation = tuple(l.get('stride', [1, 1])), tuple(l.get('dilation', [1, 1]))
        pad = l['padding'] if isinstance(l['padding'], str) else tuple(l['padding'])
        conv = nn.Conv2d(w.shape[1] * l.get('groups', 1), w.shape[0], tuple(w.shape[2:]), stride=stride, padding=pad,
                         dilation=dilation, groups=l.get('groups', 1), bias=l.get('bias') is not None,
                         padding_mode=l.get('padding_mode', 'zeros'))
        conv.weight.copy_(w)
        if l.get('bias') is not None:
            conv.bias.copy_(torch.tensor(l['bias'], dtype=torch.float64))
        x = conv(x)
        levels.append(x.tolist())
        kh, kw = w.shape[2], w.shape[3]
        if pad == 'valid':
            sides = (0, 0, 0, 0)
        elif pad == 'same':
            th, tw = dilation[0] * (kh - 1), dilation[1] * (kw - 1)
            sides = (tw // 2, tw - tw // 2, th // 2, th - th // 2)
        else:
            sides = (pad[1], pad[1], pad[0], pad[0])
        m = (F.conv2d(F.pad(m, sides, value=1.0), torch.ones(1, 1, kh, kw), stride=stride, dilation=dilation) > 0).double()
        borders.append(m[0, 0].int().tolist())
print(json.dumps({'levels': levels, 'borders': borders}))
`;
  return JSON.parse(execFileSync(TORCH_PYTHON, ['-c', program], { input: JSON.stringify(sc), encoding: 'utf8' }));
}
/** The output of `nn.Sequential` of the scene's layers, run by real PyTorch (float64). */
const torchSequential = (sc) => torchLevels(sc).levels.at(-1);
const cases = loadOracle(ORACLE).cases;
const valid = cases.filter((c) => c.expected);
const refused = cases.filter((c) => c.error);
const scene = (c) => ({ op: c.op, input: c.input, layers: c.layers });
const link = (c) => sceneFragment(scene(c));

/** Every number of a nested array as Map("i0,i1,...") -> value, with a prefix. */
function flat(v, prefix = []) {
  const out = new Map();
  const walk = (x, idx) => (Array.isArray(x) ? x.forEach((y, k) => walk(y, [...idx, k])) : out.set(idx.join(','), x));
  walk(v, prefix);
  return out;
}

let s;
before(async () => {
  s = await startSession();
});
after(async () => {
  await s?.close();
});

// The named cases, then random ones up to a dozen in all (each is a page load).
const picked = [
  ...valid.filter((c) => !c.name.startsWith('stack-random')),
  ...valid.filter((c) => c.name.startsWith('stack-random')).slice(0, 8),
];

for (const c of picked) {
  test(`stack ${c.name}: output, border maps and receptive fields as PyTorch computes them`, { timeout: 120_000 }, async (t) => {
    await s.withApp(t, async ({ page }) => {
      await byTestId(page, 'stack-view').waitFor();
      assert.equal(await byTestId(page, 'scene-error').count(), 0);
      // The last layer's output.
      assert.deepEqual(compareCells(await outCells(page), flat(c.expected.output)), []);
      // Shapes, level by level.
      const shapes = await byTestId(page, 'level-shape').allTextContents();
      assert.deepEqual(
        shapes,
        c.expected.shapes.map(([n, ch, h, w]) => `N=${n} \u00b7 C=${ch} \u00b7 H=${h} \u00b7 W=${w}`),
      );
      // Border maps: every cell of every channel of layer l.
      const cells = await page.locator('[data-testid="stack-cell"]').evaluateAll((els) =>
        els.map((e) => [e.getAttribute('data-layer'), e.getAttribute('data-index'), e.getAttribute('data-border')]),
      );
      const layers = c.expected.border.length;
      let checked = 0;
      for (const [layer, index, border] of cells) {
        const [, , i, j] = index.split(',').map(Number);
        const want = c.expected.border[Number(layer)][i][j];
        assert.equal(border, String(want), `layer ${layer} cell ${index}`);
        checked++;
      }
      const expectedCount = c.expected.shapes.slice(1).reduce((a, [n, ch, h, w]) => a + n * ch * h * w, 0);
      assert.equal(checked, expectedCount, `${layers} layers' cells`);
      // Receptive fields of the listed top cells: click, read the input's paths.
      for (const rf of c.expected.receptive_fields ?? []) {
        const [i, j] = rf.cell;
        await page.locator(`[data-testid="out-cell"][data-index="0,0,${i},${j}"]`).click();
        await byTestId(page, 'rf-cell').waitFor();
        const paths = await page.locator('[data-testid="stack-input-cell"]').evaluateAll((els) =>
          els.filter((e) => e.getAttribute('data-index').startsWith('0,0,')).map((e) => [e.getAttribute('data-index'), e.getAttribute('data-paths')]),
        );
        const want = flat(rf.paths, [0, 0]);
        assert.equal(paths.length, want.size);
        for (const [index, p] of paths) assert.equal(p, String(want.get(index)), `cell ${rf.cell} input ${index}`);
        // Clicking the picked cell again clears the pick.
        await page.locator(`[data-testid="out-cell"][data-index="0,0,${i},${j}"]`).click();
        await byTestId(page, 'rf-cell').waitFor({ state: 'detached' });
      }
    }, { path: link(c) });
  });
}

for (const c of refused.slice(0, 6)) {
  test(`refused stack ${c.name}: names layer ${c.error_layer} and PyTorch's message`, async (t) => {
    await s.withApp(t, async ({ page }) => {
      const box = byTestId(page, 'scene-error');
      await box.waitFor();
      assert.equal(await box.getAttribute('data-layer'), String(c.error_layer));
      const text = await box.textContent();
      assert.ok(text.includes(c.error), `${text}\n  should quote: ${c.error}`);
      assert.ok(text.includes(`Layer ${c.error_layer}`), text);
    }, { path: link(c) });
  });
}

const LESSONS = ['Three valid passes', 'A fourth valid pass is refused', 'Four same passes', 'reflect instead of zeros', 'The same with zeros', 'Dilations 1, 2, 4', 'A small VGG-like tower'];

test('every section-10 lesson loads and shows its stack', { timeout: 120_000 }, async (t) => {
  await s.withApp(t, async ({ page }) => {
    const select = byTestId(page, 'lesson-select');
    const options = await select.locator('option').allTextContents();
    for (const title of LESSONS) {
      const k = options.findIndex((o) => o.startsWith('10.') && o.endsWith(title));
      assert.ok(k > 0, `lesson ${title} in ${options.join(' | ')}`);
      await select.selectOption({ index: k });
      await byTestId(page, 'stack-view').waitFor();
      assert.ok((await byTestId(page, 'lesson-title').textContent()).includes(title));
      const levels = await byTestId(page, 'stack-level').count();
      assert.ok(levels >= 4, `${title}: ${levels} levels`);
      const refusedHere = title.includes('refused');
      assert.equal(await byTestId(page, 'scene-error').count(), refusedHere ? 1 : 0, title);
      if (title === 'Four same passes') {
        const sentences = await byTestId(page, 'border-sentence').allTextContents();
        assert.ok(sentences[3].includes('64 of 64 positions'), sentences.join(' | '));
      }
    }
  });
});

test('a stack round-trips through a share link, a JSON export/import and a reload', { timeout: 120_000 }, async (t) => {
  const c = valid.find((x) => x.name === 'stack-vgg-like-16');
  const want = flat(c.expected.output);
  await s.withApp(t, async ({ page }) => {
    assert.deepEqual(compareCells(await outCells(page), want), []);
    // Share link.
    await byTestId(page, 'share').click();
    const url = await byTestId(page, 'share-url').inputValue();
    const fragment = url.slice(url.indexOf('#'));
    const again = await s.openApp({ path: fragment, name: 'stack-shared' });
    try {
      assert.deepEqual(compareCells(await outCells(again.page), want), []);
      assertNoProblems(again);
    } finally {
      await again.close();
    }
    // Export, then import into the default scene.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export JSON' }).click()]);
    const dir = join(ROOT, 'target', 'e2e-downloads');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'stack.json');
    await download.saveAs(file);
    const json = JSON.parse(readFileSync(file, 'utf8'));
    assert.equal(json.op, 'torch.sequential');
    await page.getByRole('button', { name: 'Reset' }).click();
    await byTestId(page, 'stack-view').waitFor({ state: 'detached' });
    await byTestId(page, 'import').setInputFiles(file);
    await byTestId(page, 'stack-view').waitFor();
    assert.deepEqual(compareCells(await outCells(page), want), []);
    // Autosave: a reload brings it back.
    await page.waitForTimeout(1200);
    await page.evaluate(() => window.dispatchEvent(new Event('pagehide')));
    await page.reload();
    await byTestId(page, 'stack-view').waitFor();
    assert.deepEqual(compareCells(await outCells(page), want), []);
  }, { path: link(c) });
});

test('Play and Step walk the stack layer by layer', async (t) => {
  const c = valid.find((x) => x.name === 'stack-step-edge-valid-x3');
  await s.withApp(t, async ({ page }) => {
    const where = byTestId(page, 'stack-where');
    assert.match(await where.textContent(), /^Layer 0 slides over the input and writes its output\[0, 0, 0, 0\]/);
    // Layer 0 has 36 frames (6x6): the 37th is layer 1's first.
    await page.getByRole('button', { name: 'Step forward' }).click();
    assert.match(await where.textContent(), /output\[0, 0, 0, 1\]/);
    const pos = byTestId(page, 'frame-pos');
    assert.equal((await pos.textContent()).trim(), `2 / ${36 + 16 + 4}`);
    await page.locator('input[type="range"]').first().fill('36');
    assert.match(await where.textContent(), /^Layer 1 slides over layer 0's output/);
    assert.equal(await byTestId(page, 'arith-result').count(), 1);
    await screenshot(page, 'stack-step-layer1');
  }, { path: link(c) });
});

test('Hide the answer blanks what the stack has not computed yet, level by level, as the steps go', { timeout: 60_000 }, async (t) => {
  const c = valid.find((x) => x.name === 'stack-step-edge-valid-x3');
  await s.withApp(t, async ({ page }) => {
    // Per level (1 = layer 0's output): how many cells show a number, and
    // the colours of the blank ones.
    const levels = () =>
      page.locator('[data-testid="stack-cell"]').evaluateAll((els) => {
        const out = {};
        for (const e of els) {
          const l = (out[e.getAttribute('data-layer')] ??= { shown: 0, blank: 0, colours: new Set() });
          if (e.textContent.trim() === '') {
            l.blank++;
            l.colours.add(getComputedStyle(e).backgroundColor);
          } else l.shown++;
        }
        return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, [v.shown, v.blank, v.colours.size]]));
      });
    const input = () => page.locator('[data-testid="stack-input-cell"]').evaluateAll((els) => els.filter((e) => e.textContent.trim() !== '').length);
    assert.deepEqual(await levels(), { 0: [36, 0, 0], 1: [16, 0, 0], 2: [4, 0, 0] }, 'every answer shows');
    await byTestId(page, 'hide-answer').check();
    // Step 1: layer 0 has written its first cell, nothing else.
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="stack-cell"][data-layer="2"]')].every((e) => e.textContent.trim() === ''));
    assert.deepEqual(await levels(), { 0: [1, 35, 1], 1: [0, 16, 1], 2: [0, 4, 1] });
    assert.equal(await input(), 64, 'the input is never hidden');
    // Step 41 (index 40): layer 0 done (36 frames), layer 1's fifth cell.
    await page.locator('input[type="range"]').first().fill('40');
    await page.waitForFunction(() => document.querySelector('[data-testid="frame-pos"]').textContent.trim() === '41 / 56');
    assert.deepEqual(await levels(), { 0: [36, 0, 0], 1: [5, 11, 1], 2: [0, 4, 1] });
    await screenshot(page, 'stack-hidden-answer-41');
    // The last step shows every answer: PyTorch's output.
    await page.getByRole('button', { name: 'Last' }).click();
    await page.waitForFunction(() => document.querySelector('[data-testid="frame-pos"]').textContent.trim() === '56 / 56');
    assert.deepEqual(await levels(), { 0: [36, 0, 0], 1: [16, 0, 0], 2: [4, 0, 0] });
    assert.deepEqual(compareCells(await outCells(page), flat(c.expected.output)), []);
  }, { path: link(c) });
});

test('screens at 1280x800 and classroom 1920x1080', { timeout: 120_000 }, async (t) => {
  const x3 = valid.find((x) => x.name === 'stack-step-edge-valid-x3');
  await s.withApp(t, async ({ page }) => {
    await page.locator('[data-testid="out-cell"][data-index="0,0,1,0"]').click();
    await page.locator('.main').evaluate((m) => m.scrollTo(0, 0));
    await screenshot(page, 'stack-paths-1280');
  }, { path: link(x3) });
  const c = valid.find((x) => x.name === 'stack-vgg-like-16');
  await s.withApp(t, async ({ page }) => {
    await page.locator('[data-testid="out-cell"][data-index="0,0,3,3"]').click();
    await screenshot(page, 'stack-1280');
  }, { path: link(c) });
  await s.withApp(t, async ({ page }) => {
    await page.getByRole('checkbox', { name: 'Classroom' }).check();
    await page.locator('[data-testid="out-cell"][data-index="0,0,3,3"]').click();
    await screenshot(page, 'stack-classroom-1920');
    // No text under 16 px in the stack view (heatmap cells carry none).
    const small = await page.locator('[data-testid="stack-view"] *').evaluateAll((els) =>
      els
        .filter((e) => [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()))
        .filter((e) => e.getBoundingClientRect().width > 0)
        .map((e) => [e.tagName + '.' + e.className, parseFloat(getComputedStyle(e).fontSize), e.textContent.trim().slice(0, 30)])
        .filter(([, px]) => px < 16),
    );
    assert.deepEqual(small, []);
  }, { path: link(c), width: 1920, height: 1080 });
});

test('typing one input value repaints a 4-layer stack on 1x3x32x32 quickly (and 64x64 via a weight)', { timeout: 300_000 }, async (t) => {
  const layer = (cin, cout) => ({
    weight: Array.from({ length: cout }, (_, o) => Array.from({ length: cin }, (_, ci) => [[0.1, 0, -0.1], [0.2, (o + ci) % 3, -0.2], [0.1, 0, -0.1]])),
    padding: 'same',
  });
  const make = (side) => ({
    op: 'torch.sequential',
    input: [Array.from({ length: 3 }, (_, c) => Array.from({ length: side }, (_, i) => Array.from({ length: side }, (_, j) => ((i * 7 + j * 3 + c) % 9) - 4)))],
    layers: [layer(3, 4), layer(4, 4), layer(4, 4), layer(4, 4)],
  });
  const timeEdits = async (page, selector, n = 12) => {
    const times = [];
    for (let k = 0; k < n; k++) {
      const field = page.locator(selector).nth(k % 5);
      await field.focus();
      const ms = await field.evaluate(
        (el, v) =>
          new Promise((resolve) => {
            const t0 = performance.now();
            el.value = String(v);
            el.dispatchEvent(new Event('input', { bubbles: true }));
            requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0), 0));
          }),
        (k % 7) - 3,
      );
      times.push(ms);
      await page.waitForTimeout(50);
    }
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)];
  };
  const results = {};
  for (const side of [32, 64]) {
    await s.withApp(t, async ({ page }) => {
      await byTestId(page, 'stack-view').waitFor();
      if (side > 32) await byTestId(page, 'layer-0-weights').locator('summary').click();
      const sel = side <= 32 ? '.panel[aria-label="Input"] input.editor__cell' : '[data-testid="layer-0-weights"] input.editor__cell';
      results[side] = await timeEdits(page, sel);
    }, { path: sceneFragment(make(side)), width: 1280, height: 800 });
  }
  // For scale: the same input edit in a single conv2d (the lab view).
  const single = make(32);
  const conv = { op: 'torch.conv2d', input: single.input, weight: single.layers[0].weight, padding: 'same' };
  await s.withApp(t, async ({ page }) => {
    results.conv32 = await timeEdits(page, '.panel[aria-label="Input"] input.editor__cell');
  }, { path: sceneFragment(conv) });
  t.diagnostic(`median input-to-paint: stack 1x3x32x32 input edit ${results[32].toFixed(1)} ms; stack 1x3x64x64 layer-0 weight edit (every cell changes) ${results[64].toFixed(1)} ms; single conv2d 1x3x32x32 input edit ${results.conv32.toFixed(1)} ms`);
  writeFileSync(join(ROOT, 'target', 'stack-perf.json'), JSON.stringify(results));
});

test('the layer list adds, removes and reconfigures layers', { timeout: 120_000 }, async (t) => {
  const c = valid.find((x) => x.name === 'stack-step-edge-valid-x3');
  await s.withApp(t, async ({ page }) => {
    const shapes = () => byTestId(page, 'level-shape').allTextContents();
    await byTestId(page, 'layer-add').click();
    // A fourth valid 3x3 layer on 2x2: PyTorch refuses layer 3, as the oracle's valid-x4 case says.
    const refusedCase = refused.find((x) => x.name === 'stack-step-edge-valid-x4');
    const box = byTestId(page, 'scene-error');
    await box.waitFor();
    assert.equal(await box.getAttribute('data-layer'), '3');
    assert.ok((await box.textContent()).includes(refusedCase.error));
    await byTestId(page, 'layer-3-remove').click();
    await box.waitFor({ state: 'detached' });
    assert.equal((await shapes()).length, 4);
    // padding='same' on layer 0 keeps 8x8 there.
    await byTestId(page, 'layer-0-padding').selectOption('same');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="level-shape"]')[1]?.textContent.endsWith('H=8 \u00b7 W=8'));
    // 'explicit' after 'same' keeps what 'same' padded, (1, 1) for a 3x3
    // kernel (the lab's picker does the same): the level stays 8x8.
    await byTestId(page, 'layer-0-padding').selectOption('explicit');
    await page.waitForFunction(() => document.querySelector('[data-testid="layer-0-pad-H"]')?.value === '1');
    assert.equal(await byTestId(page, 'layer-0-pad-W').inputValue(), '1');
    assert.ok((await shapes())[1].endsWith('H=8 \u00b7 W=8'), (await shapes())[1]);
    // From 'valid', explicit is (0, 0), and the level is 6x6 again.
    await byTestId(page, 'layer-0-padding').selectOption('valid');
    await byTestId(page, 'layer-0-padding').selectOption('explicit');
    await page.waitForFunction(() => document.querySelector('[data-testid="layer-0-pad-H"]')?.value === '0');
    assert.equal(await byTestId(page, 'layer-0-pad-W').inputValue(), '0');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="level-shape"]')[1]?.textContent.endsWith('H=6 \u00b7 W=6'));
    await byTestId(page, 'layer-0-padding').selectOption('same');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="level-shape"]')[1]?.textContent.endsWith('H=8 \u00b7 W=8'));
    // Two output channels on the last layer: two grids of out-cells.
    const out = page.locator('[data-testid="layer-2-out-channels"]');
    await out.fill('2');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="out-cell"][data-index^="0,1,"]').length > 0);
    await byTestId(page, 'layer-0-duplicate').click();
    assert.equal((await shapes()).length, 5);
  }, { path: link(c) });
});

test("any layer's weight and bias are typed value by value, and the output is nn.Sequential's", { timeout: 120_000 }, async (t) => {
  assert.ok(existsSync(TORCH_PYTHON), `no PyTorch python at ${TORCH_PYTHON} (scripts/test.sh installs it)`);
  const grid = (o, c, k, f) => Array.from({ length: o }, (_, a) => Array.from({ length: c }, (_, b) => Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => f(a, b, i, j)))));
  const sc = {
    op: 'torch.sequential',
    input: grid(1, 2, 6, (_, c, i, j) => ((i * 5 + j * 3 + c * 7) % 9) - 4),
    layers: [
      { weight: grid(3, 2, 3, (a, b, i, j) => ((a + b + i * j) % 3) - 1), bias: [0.5, -1, 2], padding: [1, 1] },
      { weight: grid(2, 3, 3, (a, b, i, j) => ((a * 2 + b + i + j) % 4) - 2), bias: null, padding: 'valid' },
      { weight: grid(2, 2, 2, (a, b, i, j) => (a === b ? 1 : 0) + i - j), bias: [0, 0], padding: [0, 0], padding_mode: 'zeros' },
    ],
  };
  await s.withApp(t, async ({ page }) => {
    await byTestId(page, 'stack-view').waitFor();
    const before = new Map((await outCells(page)).map((c) => [c.index, c.value]));
    // Layer 1's weight: a half-typed value changes nothing, then a number does.
    await byTestId(page, 'layer-1-weights').locator('summary').click();
    const w = page.getByLabel('layer 1 weight[1, 2] row 0 column 2', { exact: true });
    await w.fill('-');
    assert.deepEqual(compareCells(await outCells(page), before), []);
    await w.fill('2.5');
    // Layer 2's bias, committed with Enter.
    await byTestId(page, 'layer-2-weights').locator('summary').click();
    const b = page.getByLabel('layer 2 bias 1', { exact: true });
    await b.fill('-3');
    await b.press('Enter');
    sc.layers[1].weight[1][2][0][2] = 2.5;
    sc.layers[2].bias[1] = -3;
    const expected = flat(torchSequential(sc));
    for (let k = 0; k < 50 && compareCells(await outCells(page), expected).length; k++) await page.waitForTimeout(50);
    assert.deepEqual(compareCells(await outCells(page), expected), []);
    // Both edits moved the output (the test would notice them missing).
    const unedited = [...before].filter(([k, v]) => v !== expected.get(k));
    assert.ok(unedited.length > 0);
  }, { path: sceneFragment(sc), width: 1280, height: 800 });
});

// After an edit, every level on screen is what PyTorch computes for the
// edited stack: a weight typed into the middle layer, a typed input value, a
// changed padding (the border maps and their sentences follow the new
// geometry). Drawn as pictures, an edit in layer l repaints only the levels
// above it: the input and layer l's own input keep their pictures.
// A stack grid's colours, as src/core/present/colour.rs defines them (stack_rgba):
// opaque over white; white at zero; else orange (positive) or blue
// (negative) at alpha 0.10 + 0.52 s / 11, s = round(11 |v| / scale), the
// scale the level's largest magnitude rounded up to a power of two; with a
// picked cell, green (20, 150, 90) at alpha (3 + s) / 20, s the cell's path
// count in 11 steps of the level's largest, and white where no path reaches.
function stackColour(v, scale, paths, maxPaths) {
  const over = (rgb, a) => rgb.map((c) => Math.round(c * a + 255 * (1 - a)));
  if (paths !== undefined) return paths === 0 ? [255, 255, 255] : over([20, 150, 90], (3 + Math.round((11 * paths) / Math.max(1, maxPaths))) / 20);
  if (!Number.isFinite(v) || v === 0) return [255, 255, 255];
  const s = Math.round(11 * Math.min(1, Math.abs(v) / scale));
  return over(v > 0 ? [230, 120, 20] : [40, 100, 220], 0.1 + (0.52 * s) / 11);
}
const levelScale = (values) => {
  const m = Math.max(...values.filter(Number.isFinite).map(Math.abs));
  return m > 0 ? 2 ** Math.ceil(Math.log2(m)) : 1;
};
/**
 * Every stack cell's colour (its pixel of the canvas behind its grid)
 * against stackColour of PyTorch's value (`levels`, one nested array per
 * level) or of its path count; and what the screen shows inside the cells
 * of the levels' first grids that are drawn with a ring of invented padding
 * around them and are not marked as touching it themselves: their colour,
 * with no hatching of the ring showing through.
 */
async function wrongStackColours(page, levels) {
  const cells = await page.locator('[data-testid="stack-level"]').evaluateAll((els) => els.flatMap((lv) => [...lv.querySelectorAll('.plane__grid')].flatMap((grid) => {
    const canvas = grid.querySelector('canvas.stack-heat');
    const data = canvas?.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    return [...grid.querySelector('.plane__cells').children].map((el, q) => {
      const inner = el.querySelector('[data-index]') ?? el;
      return { level: Number(lv.dataset.level), index: inner.dataset.index, paths: inner.dataset.paths === undefined ? undefined : Number(inner.dataset.paths), rgba: data ? [...data.slice(4 * q, 4 * q + 4)] : null };
    });
  })));
  const wrong = [];
  const scales = levels.map((lv) => levelScale([...flat(lv).values()]));
  const values = levels.map((lv) => flat(lv));
  const maxPaths = {};
  for (const c of cells) if (c.paths !== undefined) maxPaths[c.level] = Math.max(maxPaths[c.level] ?? 0, c.paths);
  for (const c of cells) {
    const v = values[c.level].get(c.index);
    const want = stackColour(v, scales[c.level], c.paths, maxPaths[c.level]);
    if (!c.rgba || c.rgba[3] !== 255 || want.some((w, q) => Math.abs(w - c.rgba[q]) > 1)) wrong.push(`level ${c.level} [${c.index}] = ${v}${c.paths === undefined ? '' : `, ${c.paths} paths`}: rgba(${c.rgba}) instead of rgb(${want})`);
  }
  // On screen: four points inside each such cell (one on each diagonal of
  // the ring's 4px hatching), away from its number
  // and its borders, not under the kernel window or the cursor.
  const spots = await page.evaluate(async () => {
    document.querySelector('[data-testid="stack-level"] .plane__grid[data-ring]')?.scrollIntoView({ block: 'center' });
    await new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok)));
    const covers = [...document.querySelectorAll('.stack-plane .window, .stack-plane .cursor')].map((e) => e.getBoundingClientRect()).filter((r) => r.width > 0);
    return [...document.querySelectorAll('[data-testid="stack-level"] .plane__grid[data-ring]')].flatMap((grid) => {
      const lv = grid.closest('[data-testid="stack-level"]');
      if (grid !== lv.querySelector('.plane__grid')) return [];
      return [...grid.querySelector('.plane__cells').children].flatMap((el) => {
        const inner = el.querySelector('[data-index]') ?? el;
        if (inner.dataset.border === '1') return [];
        const r = el.getBoundingClientRect();
        const m = 6;
        if (covers.some((c) => r.left < c.right + m && r.right > c.left - m && r.top < c.bottom + m && r.bottom > c.top - m)) return [];
        if (r.top < 0 || r.bottom > innerHeight || r.left < 0 || r.right > innerWidth || r.width < 10) return [];
        const paths = inner.dataset.paths === undefined ? undefined : Number(inner.dataset.paths);
        return [[2, 2], [3, 2], [3, 3], [4, 3]].map(([dx, dy]) => ({ level: Number(lv.dataset.level), index: inner.dataset.index, paths, at: [r.left + dx, r.top + dy] }));
      });
    });
  });
  const screen = await screenPixels(page, spots.map((p) => p.at));
  spots.forEach((p, k) => {
    const want = stackColour(values[p.level].get(p.index), scales[p.level], p.paths, maxPaths[p.level]);
    if (want.some((w, q) => Math.abs(w - screen[k][q]) > 3)) wrong.push(`on screen, level ${p.level} [${p.index}]: rgb(${screen[k]}) instead of rgb(${want})`);
  });
  if (spots.length === 0) wrong.push('no cell inside a ring on screen');
  return wrong;
}

test('an edit redraws every level it reaches, as PyTorch computes it, and only those', { timeout: 180_000 }, async (t) => {
  assert.ok(existsSync(TORCH_PYTHON), `no PyTorch python at ${TORCH_PYTHON} (scripts/test.sh installs it)`);
  const grid = (o, c, k, f) => Array.from({ length: o }, (_, a) => Array.from({ length: c }, (_, b) => Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => f(a, b, i, j)))));
  const make = (side) => ({
    op: 'torch.sequential',
    input: grid(1, 2, side, (_, c, i, j) => ((i * 5 + j * 3 + c * 7) % 9) - 4),
    layers: [
      { weight: grid(3, 2, 3, (a, b, i, j) => ((a + b + i * j) % 3) - 1), bias: [0.5, -1, 2], padding: [1, 1] },
      { weight: grid(2, 3, 3, (a, b, i, j) => ((a * 2 + b + i + j) % 4) - 2), bias: null, padding: [1, 1] },
      { weight: grid(2, 2, 3, (a, b, i, j) => (a === b ? 1 : 0) + i - j), bias: null, padding: 'valid' },
    ],
  });
  // Number grids: values of every level, border maps and their sentences.
  const sc = make(6);
  const check = async (page, what) => {
    const want = torchLevels(sc);
    const expected = new Map();
    want.levels.forEach((lv, k) => flat(lv).forEach((v, idx) => expected.set(`${k}:${idx}`, v)));
    let shown = [];
    for (let tries = 0; tries < 50; tries++) {
      shown = await page.locator('[data-testid="stack-level"]').evaluateAll((levels) =>
        levels.flatMap((lv) => [...lv.querySelectorAll('[data-testid="stack-input-cell"], [data-testid="stack-cell"]')].map((e) => ({
          key: `${lv.dataset.level}:${e.dataset.index}`, value: Number(e.closest('[data-value]')?.dataset.value), border: e.dataset.border ?? null,
        }))),
      );
      if (shown.every((c) => c.value === expected.get(c.key)) && shown.length === expected.size) break;
      await page.waitForTimeout(50);
    }
    assert.equal(shown.length, expected.size, `${what}: every value of every level is drawn`);
    const wrong = shown.filter((c) => c.value !== expected.get(c.key));
    assert.deepEqual(wrong.slice(0, 5), [], `${what}: values`);
    const borders = shown.filter((c) => !c.key.startsWith('0:'));
    for (const c of borders) {
      const [k, idx] = c.key.split(':');
      const [, , i, j] = idx.split(',').map(Number);
      assert.equal(c.border, String(want.borders[Number(k) - 1][i][j]), `${what}: border of level ${k} cell ${idx}`);
    }
    assert.deepEqual((await wrongStackColours(page, want.levels)).slice(0, 5), [], `${what}: colours`);
    // The grids drawn with numbers: each cell's number is its value to the
    // 3 significant digits a cell has room for (not a value from before).
    const texts = await page.locator('[data-testid="stack-level"]').evaluateAll((levels) =>
      levels.flatMap((lv) => [...lv.querySelectorAll('.plane__grid:not(.stack-grid--heat) [data-testid="stack-input-cell"], .plane__grid:not(.stack-grid--heat) [data-testid="stack-cell"]')]
        .map((e) => ({ key: `${lv.dataset.level}:${e.dataset.index}`, text: e.textContent }))),
    );
    assert.ok(texts.length >= 36, `${what}: number grids drawn (${texts.length} cells)`);
    const misread = texts.filter(({ key, text }) => {
      const v = expected.get(key);
      const tol = v === 0 ? 0 : 0.5 * 10 ** (Math.floor(Math.log10(Math.abs(v))) - 2);
      return !(Math.abs(Number(text) - v) <= tol);
    });
    assert.deepEqual(misread.slice(0, 5), [], `${what}: numbers`);
    const sentences = await byTestId(page, 'border-sentence').allTextContents();
    assert.equal(sentences.length, sc.layers.length);
    sentences.forEach((text, l) => {
      const m = want.borders[l];
      const touched = m.flat().reduce((a, b) => a + b, 0);
      assert.ok(text.includes(`${touched} of ${m.length * m[0].length} positions`), `${what}: layer ${l}: ${text}`);
    });
  };
  await s.withApp(t, async ({ page }) => {
    await byTestId(page, 'stack-view').waitFor();
    await check(page, 'as opened');
    await byTestId(page, 'layer-1-weights').locator('summary').click();
    await page.getByLabel('layer 1 weight[1, 2] row 0 column 2', { exact: true }).fill('2.5');
    sc.layers[1].weight[1][2][0][2] = 2.5;
    await check(page, 'a weight of layer 1');
    await page.getByLabel('input[0, 1] row 3 column 4', { exact: true }).fill('-7');
    sc.input[0][1][3][4] = -7;
    await check(page, 'an input value');
    // Layer 0 stops padding its columns: its output, and everything above, narrows.
    await byTestId(page, 'layer-0-pad-W').fill('0');
    sc.layers[0].padding = [1, 0];
    await check(page, 'layer 0 padding (1, 0)');
    // A picked output cell: the levels below it coloured by path count.
    await page.locator('[data-testid="out-cell"][data-index="0,1,1,1"]').click();
    await page.locator('[data-testid="stack-input-cell"][data-paths]').first().waitFor({ state: 'attached' });
    assert.deepEqual((await wrongStackColours(page, torchLevels(sc).levels)).slice(0, 5), [], 'picked cell: colours');
  }, { path: sceneFragment(sc), width: 1280, height: 800 });

  // Pictures (40x40): count each canvas's repaints around one weight edit of layer 1.
  const big = make(40);
  await s.withApp(t, async ({ page }) => {
    await byTestId(page, 'stack-view').waitFor();
    // One picture per channel of each level: 2 + 3 + 2 + 2.
    const paints = () => page.locator('canvas[data-level][data-paints]').evaluateAll((els) =>
      Object.fromEntries(els.map((e) => [`${e.dataset.level}:${e.dataset.index}`, Number(e.dataset.paints)])));
    await page.waitForFunction(() => document.querySelectorAll('canvas[data-level][data-paints]').length === 9);
    const before = await paints();
    await byTestId(page, 'layer-1-weights').locator('summary').click();
    await page.getByLabel('layer 1 weight[1, 2] row 0 column 2', { exact: true }).fill('2.5');
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="out-picture"][data-index="0,0"]')?.dataset.paints) > 1);
    await page.waitForTimeout(300);
    const after = await paints();
    for (const [key, n] of Object.entries(before)) {
      const level = Number(key.split(':')[0]);
      if (level >= 2) assert.ok(after[key] > n, `level ${level} (${key}) is repainted`);
      else assert.equal(after[key], n, `level ${level} (${key}) keeps its picture`);
    }
  }, { path: '?count-paints' + sceneFragment(big), width: 1280, height: 800 });
});

// The invented border each layer adds around the level it reads: a hatched
// ring of exactly its padding (checked against the oracle's shapes through
// PyTorch's output-size rule), none for a layer that does not pad, and the
// kernel window of step 1 starting at the ring's corner.
const padded = picked.filter((c) => c.layers.some((l) => l.padding !== 'valid' && JSON.stringify(l.padding) !== '[0,0]')).slice(0, 4);
for (const c of [valid.find((x) => x.name === 'stack-step-edge-valid-x3'), ...padded]) {
  test(`stack ${c.name}: each level shows the ring of padding the next layer invents`, { timeout: 120_000 }, async (t) => {
    await s.withApp(t, async ({ page }) => {
      await byTestId(page, 'stack-view').waitFor();
      const shapes = c.expected.shapes;
      let rings = 0;
      for (let k = 0; k < c.layers.length; k++) {
        const level = page.locator(`[data-testid="stack-level"][data-level="${k}"]`);
        const grid = level.locator('.plane__grid').first();
        // The padding (drawn as a ring around the grid unless the ring would
        // cost the cells their numbers).
        const ring = await level.getAttribute('data-pads');
        const drawn = await grid.getAttribute('data-ring');
        assert.ok(drawn === null || drawn === ring, `level ${k}: ring ${drawn}, padding ${ring}`);
        const layer = c.layers[k];
        const w = flat(layer.weight);
        const [kh, kw] = [Math.max(...[...w.keys()].map((x) => +x.split(',')[2])) + 1, Math.max(...[...w.keys()].map((x) => +x.split(',')[3])) + 1];
        const [sh, sw] = layer.stride ?? [1, 1];
        const [dh, dw] = layer.dilation ?? [1, 1];
        const [, , h, wd] = shapes[k];
        const [, , ho, wo] = shapes[k + 1];
        if (ring === null) {
          // No ring: the layer reads only real pixels (PyTorch's size rule with no padding).
          assert.equal(ho, Math.floor((h - dh * (kh - 1) - 1) / sh) + 1, `level ${k}`);
          assert.equal(wo, Math.floor((wd - dw * (kw - 1) - 1) / sw) + 1, `level ${k}`);
          assert.equal(await level.getByTestId('ring-sentence').count(), 0);
          continue;
        }
        const [top, bottom, left, right] = ring.split(',').map(Number);
        assert.equal(ho, Math.floor((h + top + bottom - dh * (kh - 1) - 1) / sh) + 1, `level ${k} ring ${ring}`);
        assert.equal(wo, Math.floor((wd + left + right - dw * (kw - 1) - 1) / sw) + 1, `level ${k} ring ${ring}`);
        if (Array.isArray(layer.padding)) assert.deepEqual([top, bottom, left, right], [layer.padding[0], layer.padding[0], layer.padding[1], layer.padding[1]]);
        const words = await level.getByTestId('ring-sentence').textContent();
        const sides = top === bottom && top === left && top === right ? `${top} on every side` : `${top} above, ${bottom} below, ${left} left, ${right} right`;
        assert.ok(words.includes(sides), words);
        assert.equal(words.includes('hatched ring'), drawn !== null, words);
        assert.ok(words.includes(layer.padding_mode && layer.padding_mode !== 'zeros' ? layer.padding_mode : 'zeros'), words);
        if (drawn !== null) rings++;
        if (k === 0 && drawn !== null) {
          // Step 1: the window's top-left corner is the ring's.
          const g = await grid.boundingBox();
          const win = await grid.locator('.window').boundingBox();
          assert.ok(Math.abs(win.x - g.x) <= 2 && Math.abs(win.y - g.y) <= 2, `window at ${win.x},${win.y}, ring at ${g.x},${g.y}`);
        }
      }
      // A padded stack draws its rings (at least around the input's small numbers).
      assert.equal(rings > 0, c.layers.some((l) => l.padding !== 'valid' && JSON.stringify(l.padding) !== '[0,0]'));
    }, { path: link(c) });
  });
}

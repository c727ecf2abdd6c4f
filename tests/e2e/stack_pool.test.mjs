// Pool layers in the stack view, in the browser: a stack of MaxPool2d
// (ceil_mode) and AvgPool2d (padding, count_include_pad=False) opened from
// a share link shows every level as real PyTorch computes it; the cells
// only ceil_mode's last window reaches are drawn apart from the padding;
// stepping through a max pool names and marks the picked cell, whose value
// is PyTorch's output, and through an average pool its sum and divisor,
// whose quotient is PyTorch's output; the layer list adds a pool and
// changes its kind and ceil_mode, and the output follows PyTorch.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { homedir } from 'node:os';
import { startSession, outCells, byTestId, compareCells, screenshot } from './harness.mjs';
import { sceneFragment } from './reference.mjs';

const TORCH_PYTHON =
  process.env.CONVLAB_TORCH_PYTHON ?? join(homedir(), '.cache', 'convlab', 'torch-venv', 'bin', 'python');

/** Every level of the stack of pools, run by real PyTorch (float64). */
function torchLevels(sc) {
  const program = `
import json, sys
import torch
import torch.nn as nn
d = json.loads(sys.stdin.read())
x = torch.tensor(d['input'], dtype=torch.float64)
levels = [x.tolist()]
for l in d['layers']:
    k, s = tuple(l['kernel_size']), tuple(l.get('stride', l['kernel_size']))
    p, ceil = tuple(l.get('padding', [0, 0])), l.get('ceil_mode', False)
    if l['pool'] == 'max':
        m = nn.MaxPool2d(k, s, p, tuple(l.get('dilation', [1, 1])), ceil_mode=ceil)
    else:
        m = nn.AvgPool2d(k, s, p, ceil_mode=ceil, count_include_pad=l.get('count_include_pad', True),
                         divisor_override=l.get('divisor_override'))
    x = m(x)
    levels.append(x.tolist())
print(json.dumps(levels))
`;
  return JSON.parse(execFileSync(TORCH_PYTHON, ['-c', program], { input: JSON.stringify(sc), encoding: 'utf8' }));
}

/** Every number of a nested array as Map("i0,i1,...") -> value. */
function flat(v) {
  const out = new Map();
  const walk = (x, idx) => (Array.isArray(x) ? x.forEach((y, k) => walk(y, [...idx, k])) : out.set(idx.join(','), x));
  walk(v, []);
  return out;
}

const input = [[Array.from({ length: 5 }, (_, i) => Array.from({ length: 5 }, (_, j) => ((3 * i + 5 * j) % 9) - 4))]];
const SCENE = {
  op: 'torch.sequential',
  input,
  layers: [
    { pool: 'max', kernel_size: [2, 2], padding: [0, 0], ceil_mode: true },
    { pool: 'avg', kernel_size: [2, 2], stride: [1, 1], padding: [1, 1], ceil_mode: false, count_include_pad: false },
  ],
};

let s;
before(async () => {
  s = await startSession();
});
after(async () => {
  await s?.close();
});

/** The output's disagreements with `want`, once the page has caught up (or after 10 s). */
async function settled(page, want) {
  let diffs = [];
  for (let k = 0; k < 100; k++) {
    diffs = compareCells(await outCells(page), want);
    if (diffs.length === 0) break;
    await page.waitForTimeout(100);
  }
  return diffs;
}

/** Moves the player to global step `g`. */
async function seek(page, g) {
  await page.locator('input[type="range"]').first().fill(String(g));
  await page.waitForFunction((want) => {
    const pos = document.querySelector('[data-testid="frame-pos"]')?.textContent.trim() ?? '';
    return pos.startsWith(`${want + 1} /`);
  }, g);
}

test('a stack of pools shows every level as PyTorch computes it, with the pick, the divisor and ceil_mode cells', { timeout: 180_000 }, async (t) => {
  const levels = torchLevels(SCENE);
  const [x, pooled, out] = levels.map((l) => l[0][0]);
  await s.withApp(t, async ({ page }) => {
    await byTestId(page, 'stack-view').waitFor();
    assert.equal(await byTestId(page, 'scene-error').count(), 0);
    assert.deepEqual(compareCells(await outCells(page), flat(levels[2])), []);
    const shapes = await byTestId(page, 'level-shape').allTextContents();
    assert.deepEqual(shapes, levels.map((l) => `N=1 \u00b7 C=1 \u00b7 H=${l[0][0].length} \u00b7 W=${l[0][0][0].length}`));
    // Layer 0: ceil_mode's last window (rows and columns 4..5 of a 5x5
    // input) reaches one row and one column past it, where nothing is.
    const lastEnd = (pooled.length - 1) * 2 + 2;
    const past = lastEnd - 5;
    assert.equal(past, 1);
    const grid0 = page.locator('[data-testid="stack-level"][data-level="0"] [data-ring]').first();
    assert.equal(await grid0.getAttribute('data-ring'), `0,${past},0,${past}`);
    assert.equal(await grid0.getAttribute('data-ceil'), `${past},${past}`);
    assert.match(await page.locator('[data-testid="stack-level"][data-level="0"] [data-testid="ring-sentence"]').textContent(), /ceil_mode/);
    // Every max-pool frame: the picked cell lies in the window and holds PyTorch's output.
    const rows = pooled.length, cols = pooled[0].length;
    for (let g = 0; g < rows * cols; g++) {
      await seek(page, g);
      const [i, j] = [Math.floor(g / cols), g % cols];
      const panel = byTestId(page, 'pool-arithmetic');
      assert.equal(await panel.getAttribute('data-kind'), 'max');
      const [y, xx] = (await panel.getAttribute('data-picked')).split(',').map(Number);
      assert.ok(y >= 2 * i && y < 2 * i + 2 && xx >= 2 * j && xx < 2 * j + 2, `frame ${g} picked ${y},${xx}`);
      assert.equal(x[y][xx], pooled[i][j], `frame ${g}`);
      assert.equal(await grid0.locator('[data-testid="pool-pick"]').getAttribute('data-picked'), `${y},${xx}`);
      if (i === rows - 1 || j === cols - 1) {
        const lines = await byTestId(page, 'pool-line').allTextContents();
        assert.ok(lines.some((l) => l.includes("only ceil_mode's last window reaches")), lines.join('\n'));
      }
    }
    await screenshot(page, 'stack-pool-max');
    // Every average-pool frame: sum / divisor is PyTorch's output, and the
    // divisor counts the real cells (count_include_pad=False).
    for (let g = 0; g < out.length * out[0].length; g++) {
      await seek(page, rows * cols + g);
      const [i, j] = [Math.floor(g / out[0].length), g % out[0].length];
      const panel = byTestId(page, 'pool-arithmetic');
      assert.equal(await panel.getAttribute('data-kind'), 'avg');
      const sum = Number(await panel.getAttribute('data-sum'));
      const divisor = Number(await panel.getAttribute('data-divisor'));
      const real = [i - 1, i].filter((r) => r >= 0 && r < rows).length * [j - 1, j].filter((c) => c >= 0 && c < cols).length;
      assert.equal(divisor, real, `frame ${g}`);
      assert.ok(Math.abs(sum / divisor - out[i][j]) <= 1e-9 * (1 + Math.abs(out[i][j])), `frame ${g}: ${sum} / ${divisor} vs ${out[i][j]}`);
    }
    await screenshot(page, 'stack-pool-avg');
  }, { path: sceneFragment(SCENE) });
});

test('the layer list adds a pool and changes its kind and ceil_mode', { timeout: 120_000 }, async (t) => {
  await s.withApp(t, async ({ page }) => {
    await byTestId(page, 'stack-view').waitFor();
    await byTestId(page, 'layer-add-maxpool2d').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="layer-card"]').length === 3);
    const card = page.locator('[data-testid="layer-card"][data-layer="2"]');
    assert.equal(await card.getAttribute('data-kind'), 'MaxPool2d');
    // A pool has no weight to edit.
    assert.equal(await byTestId(page, 'layer-2-out-channels').count(), 0);
    const third = { pool: 'max', kernel_size: [2, 2] };
    let levels = torchLevels({ ...SCENE, layers: [...SCENE.layers, third] });
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="level-shape"]').length === 4);
    assert.deepEqual(await settled(page, flat(levels[3])), []);
    await byTestId(page, 'layer-2-pool-kind').selectOption('AvgPool2d');
    await byTestId(page, 'layer-2-ceil-mode').check();
    await byTestId(page, 'layer-2-count-include-pad').waitFor();
    levels = torchLevels({ ...SCENE, layers: [...SCENE.layers, { pool: 'avg', kernel_size: [2, 2], ceil_mode: true }] });
    assert.deepEqual(await settled(page, flat(levels[3])), []);
    assert.equal(await card.getAttribute('data-kind'), 'AvgPool2d');
  }, { path: sceneFragment(SCENE) });
});

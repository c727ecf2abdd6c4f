// Figures: on the lab (with Hide the answer too), the compare view, a layer
// stack, the scatter and matrix views and the network page, "SVG" downloads an SVG whose numbers (parsed
// by the page's own DOMParser) are the out-cells' text on screen and whose
// caption names the op; "PNG 2x" downloads a PNG twice the SVG's size. A
// refused scene's figure says PyTorch refuses it, and the practice page's
// buttons are disabled with the reason.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { startSession, byTestId, outCells, screenshot } from './harness.mjs';
import { sceneFragment } from './reference.mjs';

let session;
before(async () => {
  session = await startSession();
});
after(async () => {
  await session?.close();
});

const CONV = {
  op: 'torch.conv2d',
  input: [[[[1, 2, 3, 4, 5], [6, 7, 8, 9, 10], [0.5, -1.25, 2, 0, 3], [1, 1, 1, 1, 1], [2, 0, -2, 0, 2]],
    [[0, 1, 0, 1, 0], [1, 0, 1, 0, 1], [2, 2, 2, 2, 2], [-1, -1, -1, -1, -1], [0.25, 0.5, 0.75, 1, 1.25]]]],
  weight: [[[[1, 0, -1], [2, 0, -2], [1, 0, -1]], [[0.5, 0, 0], [0, 0.5, 0], [0, 0, 0.5]]],
    [[[0.1, 0.2, 0.3], [0, 0, 0], [-0.3, -0.2, -0.1]], [[1, 1, 1], [1, 1, 1], [1, 1, 1]]]],
  bias: [0.5, -1], stride: [2, 2], padding: [1, 1], dilation: [1, 1], groups: 1, padding_mode: 'zeros',
};

const STACK = {
  op: 'torch.sequential',
  input: [[[[1, 2, 3, 4, 5, 6], [6, 5, 4, 3, 2, 1], [0, 1, 0, 1, 0, 1], [2, 2, 2, 2, 2, 2], [1, 0, -1, 0, 1, 0], [3, 1, 4, 1, 5, 9]]]],
  layers: [
    { weight: [[[[1, 0], [0, -1]]], [[[0.5, 0.5], [0.5, 0.5]]]], bias: [0.1, 0], stride: [1, 1], padding: [1, 1], dilation: [1, 1], groups: 1, padding_mode: 'zeros' },
    { pool: 'max', kernel_size: [2, 2] },
  ],
};

/** Clicks `testid` and returns the download: its name and bytes. */
async function download(page, testid) {
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 15_000 }), byTestId(page, testid).click()]);
  const path = await dl.path();
  assert.ok(path, `${testid}: the download finished`);
  return { name: dl.suggestedFilename(), bytes: await readFile(path) };
}

/**
 * The SVG as the page's DOMParser reads it: its size, the numbers of
 * `role` by data-index, the caption's lines, and every text.
 */
async function parseSvg(page, svg, role = 'output') {
  return page.evaluate(
    ({ svg, role }) => {
      const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
      if (doc.querySelector('parsererror')) return { error: doc.querySelector('parsererror').textContent };
      const root = doc.documentElement;
      const numbers = {};
      for (const t of doc.querySelectorAll(`text[data-role="${role}"]`)) numbers[t.getAttribute('data-index')] = t.textContent;
      return {
        tag: root.tagName,
        width: Number(root.getAttribute('width')),
        height: Number(root.getAttribute('height')),
        numbers,
        caption: [...doc.querySelectorAll('[data-caption]')].map((t) => t.textContent),
        texts: [...doc.querySelectorAll('text')].map((t) => t.textContent),
        layerShapes: [...doc.querySelectorAll('text[data-role="layer"][data-col="2"]')].map((t) => t.textContent),
      };
    },
    { svg, role },
  );
}

/** Width and height from a PNG's IHDR. */
function pngSize(bytes) {
  assert.equal(bytes.subarray(0, 8).toString('latin1'), '\x89PNG\r\n\x1a\n', 'a PNG signature');
  assert.equal(bytes.subarray(12, 16).toString('latin1'), 'IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/**
 * Saves the figure as SVG and PNG; checks that the SVG parses, that its
 * numbers are the out-cells' text on screen (every cell that shows one;
 * `exact`: and no others), and that the PNG is twice its size. Returns
 * the parsed SVG.
 */
async function checkFigure(page, name, { exact = false } = {}) {
  const svg = await download(page, 'figure-svg');
  assert.equal(svg.name, `convlab-${name}.svg`);
  const fig = await parseSvg(page, svg.bytes.toString('utf8'));
  assert.equal(fig.error, undefined, `the SVG parses: ${fig.error}`);
  assert.equal(fig.tag, 'svg');
  const cells = await outCells(page);
  const shown = cells.filter((c) => c.text !== '');
  assert.ok(shown.length > 0, 'the screen shows numbers to compare with');
  for (const c of shown) assert.equal(fig.numbers[c.index], c.text, `output ${c.index}: the screen shows ${c.text}, the figure ${fig.numbers[c.index]}`);
  const onScreen = new Set(cells.map((c) => c.index));
  for (const idx of Object.keys(fig.numbers)) assert.ok(onScreen.has(idx), `the figure's output ${idx} is on screen`);
  if (exact) assert.deepEqual(Object.keys(fig.numbers).sort(), shown.map((c) => c.index).sort(), 'the figure shows the numbers the screen shows, and only those');
  const png = await download(page, 'figure-png');
  assert.equal(png.name, `convlab-${name}.png`);
  assert.deepEqual(pngSize(png.bytes), { width: 2 * fig.width, height: 2 * fig.height }, 'the PNG is twice the SVG');
  return fig;
}

test('the lab: the figure has the numbers on screen and the call; Hide the answer blanks the same cells', { timeout: 90_000 }, async (t) => {
  await session.withApp(
    t,
    async ({ page }) => {
      await byTestId(page, 'out-cell').first().waitFor();
      const fig = await checkFigure(page, 'lab', { exact: true });
      assert.equal(fig.caption[0], 'F.conv2d(input, weight, bias, stride=(2, 2), padding=(1, 1))');
      assert.ok(fig.texts.includes('input[0, 1] padded') && fig.texts.includes('weight[1, 1]'), 'the planes are titled as on the page');
      // Hide the answer, at frame 3: the cells not reached are blank in both.
      await byTestId(page, 'hide-answer').check();
      // Each frame steps through its 2 input channels.
      const forward = page.getByRole('button', { name: 'Step forward', exact: true });
      const pos = byTestId(page, 'frame-pos');
      for (let k = 0; k < 8 && !(await pos.textContent()).startsWith('3 /'); k++) await forward.click();
      assert.match(await pos.textContent(), /^3 \/ 18$/);
      const count = () => page.evaluate(() => [...document.querySelectorAll('[data-testid="out-cell"]')].filter((e) => e.textContent.trim() !== '').length);
      await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="out-cell"]')].filter((e) => e.textContent.trim() !== '').length === 3, null, { timeout: 5000 }).catch(async () => {
        assert.fail(`3 answers shown at frame 3, not ${await count()} (${await byTestId(page, 'frame-pos').textContent()})`);
      });
      const hidden = await checkFigure(page, 'lab', { exact: true });
      assert.equal(Object.keys(hidden.numbers).length, 3);
      await screenshot(page, 'figure-lab');
    },
    { path: sceneFragment(CONV) },
  );
});

test('the compare view: the scene own side is the out-cells, and the caption names the op', { timeout: 90_000 }, async (t) => {
  const scipy = { op: 'scipy.convolve2d', in1: [[1, 2, 0, 3], [0, 3, 1, 1], [4, 0, 2, -1]], in2: [[1, 2], [0, -1]], mode: 'full', boundary: 'fill', fillvalue: 0, view: 'compare' };
  await session.withApp(
    t,
    async ({ page }) => {
      await byTestId(page, 'compare').waitFor();
      await byTestId(page, 'out-cell').first().waitFor();
      const fig = await checkFigure(page, 'compare', { exact: true });
      assert.equal(fig.caption[0], "scipy.signal.convolve2d(in1, in2, mode='full')");
      assert.ok(fig.texts.includes('True convolution: scipy.signal.convolve2d'));
      assert.ok(fig.texts.includes('Cross-correlation: scipy.signal.correlate2d'));
      // The other side's numbers are the compare cells on screen.
      const other = await page.evaluate(() => Object.fromEntries([...document.querySelectorAll('[data-testid="compare-cell"]')].map((e) => [e.dataset.index, e.textContent.trim()])));
      const svg = await download(page, 'figure-svg');
      const side = await parseSvg(page, svg.bytes.toString('utf8'), 'compare');
      assert.deepEqual(side.numbers, other);
    },
    { path: sceneFragment(scipy) },
  );
});

test('a layer stack: its last level is the out-cells, and the caption is the model', { timeout: 90_000 }, async (t) => {
  await session.withApp(
    t,
    async ({ page }) => {
      await byTestId(page, 'stack-view').waitFor();
      await byTestId(page, 'out-cell').first().waitFor();
      const fig = await checkFigure(page, 'stack');
      assert.equal(fig.caption[0], 'nn.Sequential(');
      assert.ok(fig.caption.some((l) => l.startsWith('  (1): MaxPool2d(')), fig.caption.join('\n'));
      // Every value of the last level: 2 channels of 3x3.
      assert.equal(Object.keys(fig.numbers).length, 18);
    },
    { path: sceneFragment(STACK) },
  );
});

test('the scatter view: the running output after the stamp is the scatter cells on screen', { timeout: 90_000 }, async (t) => {
  const transpose = {
    op: 'torch.conv_transpose2d', input: [[[[1, 2], [3, 4]]]], weight: [[[[1, -1, 2], [0.5, 2, 0], [1, 1, 1]]]], bias: null,
    stride: [2, 2], padding: [1, 1], output_padding: [0, 0], dilation: [1, 1], groups: 1, view: 'scatter', step: 2,
  };
  await session.withApp(
    t,
    async ({ page }) => {
      await byTestId(page, 'scatter-cell').first().waitFor();
      const svg = await download(page, 'figure-svg');
      assert.equal(svg.name, 'convlab-scatter.svg');
      const fig = await parseSvg(page, svg.bytes.toString('utf8'), 'scatter');
      assert.equal(fig.error, undefined);
      const cells = await byTestId(page, 'scatter-cell').evaluateAll((els) => Object.fromEntries(els.map((e) => [e.dataset.index, e.querySelector('.cell__v').textContent.trim()])));
      assert.equal(Object.keys(cells).length, 9);
      assert.deepEqual(fig.numbers, cells);
      const head = (await byTestId(page, 'scatter-head').textContent()).trim();
      assert.ok(head.startsWith('Stamp 3 of 4: input[0, 0, 1, 0] = 3'), head);
      assert.ok(fig.caption.some((l) => l.startsWith('Stamp 3 of 4: input[0, 0, 1, 0] = 3 times weight[0, :, :, :]')), fig.caption.join('\n'));
      assert.equal(fig.caption[0], 'F.conv_transpose2d(input, weight, stride=(2, 2), padding=(1, 1))');
      const png = await download(page, 'figure-png');
      assert.deepEqual(pngSize(png.bytes), { width: 2 * fig.width, height: 2 * fig.height });
    },
    { path: sceneFragment(transpose) },
  );
});

test('the matrix view: the matrix, the input column and the product are those on screen', { timeout: 90_000 }, async (t) => {
  const scene = {
    op: 'torch.conv2d', input: [[[[1, 2, 3], [4, 5, 6], [7, 8, 9]], [[1, 0, 0], [0, 1, 0], [0, 0, 1]]]],
    weight: [[[[1, 2], [3, 4]], [[-1, 0], [0, 1]]]], bias: [0.5], stride: [1, 1], padding: [0, 0], dilation: [1, 1], groups: 1,
    padding_mode: 'zeros', view: 'matrix', step: 1,
  };
  await session.withApp(
    t,
    async ({ page }) => {
      await byTestId(page, 'matrix').waitFor();
      const column = (id) => byTestId(page, id).evaluateAll((els) => els.map((e) => e.textContent.trim()));
      const svg = await download(page, 'figure-svg');
      assert.equal(svg.name, 'convlab-matrix.svg');
      const text = svg.bytes.toString('utf8');
      const byIndex = (numbers) => Object.entries(numbers).sort((a, b) => Number(a[0].split(',')[2]) - Number(b[0].split(',')[2])).map(([, v]) => v);
      for (const [role, id] of [['product', 'matrix-product'], ['x', 'matrix-x'], ['output', 'matrix-out']]) {
        const fig = await parseSvg(page, text, role);
        assert.equal(fig.error, undefined);
        assert.deepEqual(byIndex(fig.numbers), await column(id), `${role} is ${id} on screen`);
      }
      // The matrix's non-zero entries, and the ones this step uses.
      const fig = await parseSvg(page, text, 'matrix');
      const entries = await page.evaluate(() => [...document.querySelectorAll('.mx-cell')].map((e) => e.textContent.trim()).filter((s) => s !== ''));
      assert.deepEqual(Object.values(fig.numbers), entries);
      assert.match(fig.caption.join('\n'), /vec\(output\[0, 0\]\) = C · vec\(input\[0, \d\]\)/);
      const png = await download(page, 'figure-png');
      assert.deepEqual(pngSize(png.bytes), { width: 2 * fig.width, height: 2 * fig.height });
    },
    { path: sceneFragment(scene) },
  );
});

test('the network page: the table has the layers and shapes on screen, the caption the input shape', { timeout: 90_000 }, async (t) => {
  await session.withApp(t, async ({ page }) => {
    await byTestId(page, 'model-open').click();
    await byTestId(page, 'net-table').waitFor();
    const svg = await download(page, 'figure-svg');
    assert.equal(svg.name, 'convlab-network.svg');
    const fig = await parseSvg(page, svg.bytes.toString('utf8'));
    assert.equal(fig.error, undefined);
    const rows = await byTestId(page, 'model-layer').evaluateAll((els) => els.map((e) => `(${e.dataset.shape.split(',').join(', ')})`));
    assert.ok(rows.length > 3);
    assert.deepEqual(fig.layerShapes, rows);
    const shape = await byTestId(page, 'model-input-shape').inputValue();
    assert.match(fig.caption[0], /^Input shape: \(\d+(, \d+)*\)$/);
    assert.equal(fig.caption[0].replace(/\s/g, ''), `Inputshape:${shape.replace(/\s/g, '')}`);
    const png = await download(page, 'figure-png');
    assert.deepEqual(pngSize(png.bytes), { width: 2 * fig.width, height: 2 * fig.height });
  });
});

test('a refused scene: the figure says PyTorch refuses it; the practice page has no figure', { timeout: 90_000 }, async (t) => {
  const refused = { ...CONV, groups: 2, input: [[[[1]], [[2]], [[3]]]], weight: [[[[1]]], [[[1]]]], bias: null };
  await session.withApp(
    t,
    async ({ page }) => {
      await byTestId(page, 'figure-svg').waitFor();
      const svg = await download(page, 'figure-svg');
      const fig = await parseSvg(page, svg.bytes.toString('utf8'));
      assert.equal(fig.error, undefined);
      assert.deepEqual(fig.numbers, {});
      assert.ok(fig.texts.some((s) => s.startsWith('PyTorch refuses this')), fig.texts.join(' | '));
      assert.equal(fig.caption[0], 'F.conv2d(input, weight, stride=(2, 2), padding=(1, 1), groups=2)');
      await byTestId(page, 'practice-open').click();
      for (const id of ['figure-svg', 'figure-png']) {
        await page.waitForFunction((id) => document.querySelector(`[data-testid="${id}"]`)?.disabled, id);
        assert.match(await byTestId(page, id).getAttribute('title'), /practice page has no figure/);
      }
    },
    { path: sceneFragment(refused) },
  );
});

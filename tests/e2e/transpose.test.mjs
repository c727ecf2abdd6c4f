// The transposed convolution (torch.conv_transpose2d) in the built app:
// share links, the gather and scatter views, the matrix view, PyTorch's
// refusals, "Go back up to the input size" and section 9 of the lessons, all against
// real PyTorch's numbers from tests/oracle/transpose_cases.json.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { startSession, screenshot, outCells, byTestId, oracleCase, expectedCells, compareCells, ROOT } from './harness.mjs';
import { sceneFragment } from './reference.mjs';
import { runHands } from './hands.mjs';
import { loadOracle, assertNoProblems } from './harness.mjs';

const TRANSPOSE = resolve(ROOT, 'tests/oracle/transpose_cases.json');
const kase = (name) => oracleCase(name, TRANSPOSE);
const link = (name, extra = {}) => {
  const { name: _n, expected: _e, error: _r, ...scene } = kase(name);
  return sceneFragment({ ...scene, ...extra });
};

let session;
before(async () => {
  session = await startSession();
});
after(async () => {
  await session?.close();
});

const CASES = [
  'transpose-2x2-to-4x4',
  'transpose-stride-2-padding-1-output-padding-1',
  'transpose-upsample-k4-s2-p1',
  'transpose-output-size-7',
  'transpose-groups-2',
  'transpose-dilation-2',
  'transpose-random-10',
  'transpose-random-41',
];

test('a transposed scene opened from a share link shows PyTorch\'s values', { timeout: 180_000 }, async (t) => {
  for (const name of CASES) {
    await session.withApp(t, async ({ page }) => {
      await page.locator('[data-testid="out-cell"]').first().waitFor({ state: 'attached' });
      assert.deepEqual(compareCells(await outCells(page), expectedCells(kase(name))), [], name);
      assert.equal(await byTestId(page, 'scene-error').count(), 0, name);
      assert.equal(await byTestId(page, 'notice').count(), 0, name);
      if (name === 'transpose-output-size-7') {
        const range = await byTestId(page, 'size-range').textContent();
        assert.match(range, /H_out may be 7 to 9/, range);
      }
    }, { path: link(name) });
  }
});

test('the scatter view, stamped to the end, equals the gather view\'s output', { timeout: 180_000 }, async (t) => {
  for (const name of ['transpose-stride-2', 'transpose-stride-2-padding-1-output-padding-1', 'transpose-groups-2', 'transpose-random-41']) {
    await session.withApp(t, async ({ page }) => {
      await page.locator('[data-testid="out-cell"]').first().waitFor({ state: 'attached' });
      const gather = await outCells(page);
      await byTestId(page, 'framing-scatter').click();
      await page.getByRole('button', { name: 'Last', exact: true }).click();
      await byTestId(page, 'scatter-cell').first().waitFor();
      // The last stamp completes the last image's last group: those canvases.
      const shown = await outCells(page, 'scatter-cell');
      assert.ok(shown.length > 0);
      const byIndex = new Map(gather.map((c) => [c.index, c.value]));
      assert.deepEqual(compareCells(shown, new Map(shown.map((c) => [c.index, byIndex.get(c.index)]))), [], name);
      assert.deepEqual(compareCells(shown, new Map([...expectedCells(kase(name))].filter(([k]) => shown.some((c) => c.index === k)))), [], name);
      if (name === 'transpose-stride-2') {
        // k=3, stride 2: the centre gets four stamps, the middle row and column two, the rest one.
        const hits = await byTestId(page, 'scatter-cell').evaluateAll((els) => els.map((e) => e.getAttribute('data-hits')).join(''));
        assert.equal(hits, '1121111211224221121111211');
        await screenshot(page, 'transpose-scatter-1280');
      }
      // Back to gather: the same out-cells.
      await byTestId(page, 'framing-gather').click();
      await page.locator('[data-testid="out-cell"]').first().waitFor({ state: 'attached' });
      assert.deepEqual(compareCells(await outCells(page), expectedCells(kase(name))), [], name);
    }, { path: link(name) });
  }
});

test('switching views keeps the position: the stamp that completes the clicked cell', { timeout: 90_000 }, async (t) => {
  await session.withApp(t, async ({ page }) => {
    const want = expectedCells(kase('transpose-stride-2'));
    for (const index of ['0,0,1,1', '0,0,2,2', '0,0,4,0']) {
      await byTestId(page, 'framing-gather').click();
      await page.locator(`[data-testid="out-cell"][data-index="${index}"]`).click();
      await byTestId(page, 'framing-scatter').click();
      const cell = page.locator(`[data-testid="scatter-cell"][data-index="${index}"]`);
      // After the stamp the view lands on, the clicked cell holds its final value.
      assert.equal(Number(await cell.getAttribute('data-value')), want.get(index), index);
    }
  }, { path: link('transpose-stride-2') });
});

test('the matrix view\'s product is the output', { timeout: 120_000 }, async (t) => {
  for (const name of ['transpose-2x2-to-4x4', 'transpose-stride-2-padding-1-output-padding-1', 'transpose-dilation-2']) {
    await session.withApp(t, async ({ page }) => {
      await byTestId(page, 'matrix-toggle').click();
      await byTestId(page, 'matrix').waitFor();
      const product = await outCells(page, 'matrix-product');
      const expected = [...expectedCells(kase(name)).values()];
      assert.equal(product.length, expected.length, name);
      product.forEach((c, k) => assert.ok(Math.abs(c.value - expected[k]) < 1e-9, `${name} row ${k}: ${c.raw} vs ${expected[k]}`));
      assert.ok((await byTestId(page, 'matrix-used').count()) > 0, 'the current tap is highlighted');
      if (name === 'transpose-2x2-to-4x4') await screenshot(page, 'transpose-matrix-1280');
    }, { path: link(name) });
  }
  // conv2d too: its C times the input is its output.
  await session.withApp(t, async ({ page }) => {
    await byTestId(page, 'matrix-toggle').click();
    // The matrix view comes in a chunk of its own: wait for its product.
    await byTestId(page, 'matrix-product').first().waitFor();
    const product = await outCells(page, 'matrix-product');
    const cells = await outCells(page);
    assert.deepEqual(product.map((c) => c.raw), cells.map((c) => c.raw));
  }, { path: sceneFragment({ ...oracleCase('lecture-xcorr-test'), name: undefined, expected: undefined }) });
});

test('output_padding that is not smaller than stride or dilation shows PyTorch\'s message', { timeout: 90_000 }, async (t) => {
  await session.withApp(t, async ({ page }) => {
    const err = await byTestId(page, 'scene-error').textContent();
    assert.ok(err.includes(kase('transpose-output-padding-too-large').error.trim()), err);
  }, { path: link('transpose-output-padding-too-large') });
  // Typed by hand: stride 2, output_padding 2 is refused; 1 is fine.
  await session.withApp(t, async ({ page }) => {
    await byTestId(page, 't-outpad-h').fill('2');
    const err = await byTestId(page, 'scene-error').textContent();
    assert.match(err, /output padding must be smaller than either stride or dilation, but got output_padding_height: 2 output_padding_width: 0/);
    await screenshot(page, 'transpose-refusal-1280');
    await byTestId(page, 't-outpad-h').fill('1');
    await byTestId(page, 'scene-error').waitFor({ state: 'detached' });
    assert.equal((await outCells(page)).length, 6 * 5);
  }, { path: link('transpose-stride-2') });
});

test('a transposed scene round-trips through a share link and survives a reload', { timeout: 90_000 }, async (t) => {
  let url;
  let sent;
  await session.withApp(t, async ({ page }) => {
    await byTestId(page, 'framing-scatter').click();
    for (let k = 0; k < 3; k++) await page.getByRole('button', { name: 'Step forward', exact: true }).click();
    sent = { pos: await byTestId(page, 'frame-pos').textContent(), cells: await outCells(page, 'scatter-cell') };
    await byTestId(page, 'share').click();
    url = await byTestId(page, 'share-url').inputValue();
    await page.reload();
    await byTestId(page, 'scatter-cell').first().waitFor();
    assert.equal(await byTestId(page, 'frame-pos').textContent(), sent.pos, 'autosave keeps the stamp');
  }, { path: link('transpose-random-41') });
  await session.withApp(t, async ({ page }) => {
    await byTestId(page, 'scatter-cell').first().waitFor();
    assert.equal(await byTestId(page, 'frame-pos').textContent(), sent.pos);
    assert.deepEqual((await outCells(page, 'scatter-cell')).map((c) => c.raw), sent.cells.map((c) => c.raw));
    await byTestId(page, 'framing-gather').click();
    assert.deepEqual(compareCells(await outCells(page), expectedCells(kase('transpose-random-41'))), []);
  }, { path: new URL(url).hash });
});

test('Go back up to the input size loads the ConvTranspose2d that restores a conv2d\'s input size', { timeout: 90_000 }, async (t) => {
  const scene = { ...oracleCase('torch-random-115'), name: undefined, expected: undefined };
  await session.withApp(t, async ({ page }) => {
    await byTestId(page, 'undo-shape').click();
    const note = await byTestId(page, 'undo-note').textContent();
    assert.match(note, /back to a 9x9 shape/);
    assert.match(note, /every H from 8 to 9/);
    const out = await byTestId(page, 'shape').evaluateAll((els) => els.map((e) => [e.getAttribute('data-tensor'), e.getAttribute('data-shape')]));
    assert.deepEqual(out.find(([n]) => n === 'output'), ['output', '(1, 2, 9, 9)']);
    assert.equal(await byTestId(page, 'scene-error').count(), 0);
    await screenshot(page, 'transpose-undo-1280');
  }, { path: sceneFragment(scene) });
});

test('each lesson of section 9 loads, with PyTorch\'s numbers or PyTorch\'s refusal', { timeout: 180_000 }, async (t) => {
  const lessons = {
    'Going back up: 2x2 to 4x4': 'transpose-2x2-to-4x4',
    'The same map as a matrix': 'transpose-2x2-to-4x4',
    'Stamps that overlap': 'transpose-stride-2',
    'Doubling the size: k=4, s=2, p=1': 'transpose-upsample-k4-s2-p1',
    'output_padding picks the size': 'transpose-stride-2-padding-1-output-padding-1',
    'When output_padding is refused': 'transpose-output-padding-too-large',
  };
  await session.withApp(t, async ({ page }) => {
    const select = byTestId(page, 'lesson-select');
    const options = await select.locator('option').allTextContents();
    for (const [title, name] of Object.entries(lessons)) {
      const k = options.findIndex((o) => o.startsWith('9.') && o.endsWith(title));
      assert.ok(k > 0, `lesson ${title} in ${options.join(' | ')}`);
      await select.selectOption({ index: k });
      assert.match(await byTestId(page, 'lesson-title').textContent(), new RegExp(`Section 9: `));
      const c = kase(name);
      if (c.error) {
        assert.ok((await byTestId(page, 'scene-error').textContent()).includes(c.error.trim()), title);
        continue;
      }
      assert.equal(await byTestId(page, 'scene-error').count(), 0, title);
      if (await byTestId(page, 'scatter').count()) {
        await page.getByRole('button', { name: 'Last', exact: true }).click();
        const shown = await outCells(page, 'scatter-cell');
        assert.deepEqual(compareCells(shown, expectedCells(c)), [], title);
        await screenshot(page, `lesson-${name}-scatter`);
      } else {
        assert.deepEqual(compareCells(await outCells(page), expectedCells(c)), [], title);
      }
      if (title === 'The same map as a matrix') assert.equal(await byTestId(page, 'matrix').count(), 1);
    }
  });
});

test('classroom mode at 1920x1080: the views stay legible', { timeout: 120_000 }, async (t) => {
  await session.withApp(t, async ({ page }) => {
    await page.keyboard.press('k');
    await screenshot(page, 'transpose-gather-classroom');
    await byTestId(page, 'framing-scatter').click();
    await page.getByRole('button', { name: 'Step forward', exact: true }).click();
    await screenshot(page, 'transpose-scatter-classroom');
    await byTestId(page, 'matrix-toggle').click();
    await screenshot(page, 'transpose-matrix-classroom');
    // No text under 16 px in the transposed views.
    const small = await page.evaluate(() => {
      const out = [];
      for (const el of document.querySelectorAll('.scatter *, .matrix *, .tview *')) {
        if (!el.childNodes.length || ![...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())) continue;
        const st = getComputedStyle(el);
        if (st.visibility === 'hidden' || st.display === 'none') continue;
        const px = parseFloat(st.fontSize);
        if (px < 16) out.push(`${el.className}: ${px}px "${el.textContent.trim().slice(0, 30)}"`);
      }
      return out;
    });
    assert.deepEqual(small, []);
  }, { width: 1920, height: 1080, path: link('transpose-stride-2-padding-1-output-padding-1') });
});

test('opening Compare from the scatter view goes back to gather frames', { timeout: 60_000 }, async (t) => {
  await session.withApp(t, async ({ page }) => {
    await byTestId(page, 'framing-scatter').click();
    assert.equal(await byTestId(page, 'frame-pos').textContent(), '1 / 4');
    await page.getByRole('button', { name: 'Step forward', exact: true }).click();
    await page.getByRole('button', { name: 'Compare', exact: true }).click();
    await page.waitForFunction(() => document.querySelector('[data-testid="frame-pos"]')?.textContent.endsWith('/ 25'));
    await page.getByRole('button', { name: 'Lab', exact: true }).click();
    await page.locator('[data-testid="out-cell"]').first().waitFor({ state: 'attached' });
    assert.equal(await byTestId(page, 'framing-gather').getAttribute('aria-pressed'), 'true');
  }, { path: link('transpose-stride-2') });
});

test('random hands starting from a transposed scene in the scatter view: no panic, consistent screen', { timeout: 300_000 }, async (t) => {
  for (const [seed, name] of [[11, 'transpose-random-41'], [12, 'transpose-stride-2-padding-1-output-padding-1']]) {
    const app = await session.openApp({ name: `transpose-hands-${seed}`, path: link(name, { view: 'scatter' }) });
    try {
      await byTestId(app.page, 'scatter-cell').first().waitFor();
      const log = await runHands(app, { seed, actions: 150, oracle: loadOracle(), baseUrl: session.url });
      assert.equal(log.length, 150);
      assertNoProblems(app);
    } catch (err) {
      await screenshot(app.page, `transpose-hands-${seed}-failed`).catch(() => {});
      throw err;
    } finally {
      await app.close();
    }
  }
});

test('output_size picks the output padding, within the range PyTorch allows', { timeout: 60_000 }, async (t) => {
  await session.withApp(t, async ({ page }) => {
    await byTestId(page, 'output-size-on').check();
    await byTestId(page, 'output-size-0').fill('6');
    await byTestId(page, 'output-size-1').fill('6');
    // The same as output_padding=1: PyTorch's case with those settings.
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="out-cell"]').length === 36);
    assert.deepEqual(compareCells(await outCells(page), expectedCells(kase('transpose-stride-2-padding-1-output-padding-1'))), []);
    assert.match(await byTestId(page, 'size-range').textContent(), /H_out may be 5 to 6 \(output_size\); now 6, so output_padding = 6 - 5 = 1, chosen by output_size/);
    await byTestId(page, 'output-size-0').fill('8');
    assert.match(await byTestId(page, 'scene-error').textContent(), /requested an output size of \[8, 6\], but valid sizes range from \[5, 5\] to \[6, 6\]/);
  }, { path: link('transpose-stride-2-padding-1') });
});

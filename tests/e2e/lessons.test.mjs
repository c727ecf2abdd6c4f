// Lessons, share links (good and broken), saving, code export and the
// classroom switches, driven as a teacher or a student would.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSession, screenshot, outCells, byTestId, oracleCase, expectedCells, compareCells, APP, heatPixels } from './harness.mjs';
import { scipyCells, runPrinted, python } from './reference.mjs';

let session;
before(async () => {
  session = await startSession();
});
after(async () => {
  await session?.close();
});

const pickLesson = async (page, id) => {
  const select = byTestId(page, 'lesson-select');
  const options = await select.locator('option').allTextContents();
  const k = options.findIndex((o) => o.includes(id));
  assert.ok(k > 0, `lesson "${id}" in ${options.join(' | ')}`);
  await select.selectOption({ index: k });
  await byTestId(page, 'lesson-title').waitFor();
  // Whole: a view from a chunk (a stack, pictures) is drawn.
  await page.locator(APP).waitFor();
};

test('every lesson step loads and shows the lecture\'s numbers', { timeout: 180_000 }, async (t) => {
  const oracle = (name) => expectedCells(oracleCase(name));
  const step = oracleCase('lecture-step-edge-convolve-valid');
  const sixBySix = python(`result = sig.convolve2d(np.array(data['in1']), np.array(data['in2']), mode='valid').tolist()`, step);
  const checks = {
    'Convolution by definition': oracle('lecture-step-edge-convolve-valid'),
    'Each pass shrinks the picture': scipyCells('convolve2d', sixBySix, step.in2, 'valid'),
    "SciPy's modes: same": scipyCells('convolve2d', step.in1, step.in2, 'same', 'fill'),
    "SciPy's modes: full, mirrored": oracle('lecture-step-edge-convolve-full-symm'),
    "PyTorch's input and kernel specs": oracle('lecture-step-edge-torch'),
    'F.conv2d on the step edge': oracle('lecture-step-edge-torch'),
    'nn.Conv2d with our own kernel': oracle('lecture-step-edge-torch'),
    'Convolution or cross-correlation?': oracle('lecture-xcorr-test'),
    'Two channels into three': oracle('lecture-two-channel-to-three'),
    'groups=4 with 4 in and 4 out': oracle('lecture-groups-4-depthwise'),
    'groups=2 with 4 in and 4 out': oracle('lecture-groups-2'),
  };
  await session.withApp(t, async ({ page }) => {
    const select = byTestId(page, 'lesson-select');
    const titles = (await select.locator('option').allTextContents()).slice(1);
    assert.ok(titles.length >= 15, `${titles.length} lesson steps`);
    for (let k = 0; k < titles.length; k++) {
      await select.selectOption({ index: k + 1 });
      await page.locator(APP).waitFor();
      const title = await byTestId(page, 'lesson-title').textContent();
      const name = Object.keys(checks).find((n) => title.endsWith(n));
      if (name) {
        assert.deepEqual(compareCells(await outCells(page), checks[name]), [], `lesson "${title}"`);
      }
      if (title.endsWith('When output_padding is refused')) {
        // Section 9's refusal: checked with PyTorch's message in transpose.test.mjs.
        assert.equal(await byTestId(page, 'scene-error').count(), 1, title);
      } else if (title.endsWith('groups=2 with 2 in and 3 out')) {
        const err = await byTestId(page, 'scene-error').textContent();
        assert.ok(err.includes(oracleCase('lecture-groups-2-3-illegal').error), err);
      } else if (title.endsWith('A fourth valid pass is refused')) {
        // Section 10: PyTorch refuses the stack's layer 3.
        const err = byTestId(page, 'scene-error');
        assert.equal(await err.getAttribute('data-layer'), '3');
      } else {
        assert.equal(await byTestId(page, 'scene-error').count(), 0, `lesson "${title}" is valid`);
      }
      if (title.includes('Squeeze')) {
        await page.getByRole('combobox', { name: 'tensor' }).selectOption({ index: 1 });
        await byTestId(page, 'squeeze-axis').fill('1');
        assert.equal(await byTestId(page, 'squeeze-shape').textContent(), 'torch.Size([2, 1, 3, 4])');
        await byTestId(page, 'squeeze-axis').fill('4');
        assert.match(await byTestId(page, 'squeeze-error').textContent(), /Dimension out of range \(expected to be in range of \[-4, 3\], but got 4\)/);
      }
      if (title.includes('Two channels into one')) {
        const int8 = await byTestId(page, 'int8-view').locator('tr').first().locator('td').allTextContents();
        // The lecture prints 0 0 -1 0 5 0 for these weights.
        assert.deepEqual(int8.map(Number), [0, 0, -1, 0, 5, 0]);
      }
    }
    await screenshot(page, 'lesson-last');
  });
});

test('a share link reproduces exactly what the sender saw, step included', { timeout: 90_000 }, async (t) => {
  let url;
  let sent;
  await session.withApp(t, async ({ page }) => {
    await pickLesson(page, 'groups=2 with 4 in and 4 out');
    for (let k = 0; k < 5; k++) await page.getByRole('button', { name: 'Step forward', exact: true }).click();
    await page.locator('input[aria-label="input[0, 1] row 2 column 3"]').fill('9');
    await byTestId(page, 'share').click();
    url = await byTestId(page, 'share-url').inputValue();
    assert.match(url, /#scene=[A-Za-z0-9_-]+$/);
    sent = { cells: await outCells(page), pos: await byTestId(page, 'frame-pos').textContent() };
  });
  await session.withApp(t, async ({ page }) => {
    await page.locator('[data-testid="out-cell"]').first().waitFor({ state: 'attached' });
    const got = await outCells(page);
    assert.deepEqual(got.map((c) => [c.index, c.raw]), sent.cells.map((c) => [c.index, c.raw]));
    assert.equal(await byTestId(page, 'frame-pos').textContent(), sent.pos);
    assert.equal(await page.locator('input[aria-label="input[0, 1] row 2 column 3"]').inputValue(), '9');
    assert.equal(await byTestId(page, 'notice').count(), 0);
  }, { path: new URL(url).hash });
});

test('broken, truncated and tampered links show a message and open the default scene', { timeout: 120_000 }, async (t) => {
  const good = Buffer.from(JSON.stringify({ ...oracleCase('lecture-xcorr-test'), name: undefined, expected: undefined })).toString('base64url');
  const links = {
    'bad characters': '#scene=%%%not*base64!!',
    truncated: '#scene=' + good.slice(0, good.length - 41),
    'cut mid-character': '#scene=' + good.slice(0, 4 * 20 + 1),
    tampered: '#scene=' + Buffer.from('{"op":"torch.conv2d","input":[[[[1,2]]]],"weight":"oops"}').toString('base64url'),
    'not JSON': '#scene=' + Buffer.from('hello teacher').toString('base64url'),
    empty: '#scene=',
  };
  const first = expectedCells(oracleCase('lecture-step-edge-convolve-valid'));
  for (const [what, frag] of Object.entries(links)) {
    await session.withApp(t, async ({ page }) => {
      const notice = byTestId(page, 'notice');
      await notice.waitFor({ state: 'visible' });
      assert.match(await notice.textContent(), /share link could not be opened/, what);
      assert.deepEqual(compareCells(await outCells(page), first), [], what);
      if (what === 'tampered') await screenshot(page, 'broken-link');
    }, { path: frag });
  }
});

test('the scene survives a reload, and Reset goes back to the first example', { timeout: 90_000 }, async (t) => {
  await session.withApp(t, async ({ page }) => {
    await page.locator('input[aria-label="in1 row 1 column 1"]').fill('-3');
    await page.getByRole('button', { name: 'Step forward', exact: true }).click();
    await page.reload();
    await page.locator(APP).waitFor();
    assert.equal(await page.locator('input[aria-label="in1 row 1 column 1"]').inputValue(), '-3');
    assert.equal(await byTestId(page, 'frame-pos').textContent(), '2 / 36');
    await page.getByRole('button', { name: 'Reset', exact: true }).click();
    assert.deepEqual(compareCells(await outCells(page), expectedCells(oracleCase('lecture-step-edge-convolve-valid'))), []);
  });
});

test('the exported code, run by real NumPy and SciPy, prints the numbers on screen', { timeout: 120_000 }, async (t) => {
  await session.withApp(t, async ({ page }) => {
    // Open both code panels, as a person would to read them.
    await page.locator('summary', { hasText: 'PyTorch code' }).click();
    await page.locator('summary', { hasText: 'SciPy / NumPy code' }).click();
    for (const lesson of ['SciPy\'s modes: same', 'groups=2 with 4 in and 4 out', 'Two channels into three']) {
      await pickLesson(page, lesson);
      const screen = (await outCells(page)).map((c) => c.value);
      const scipy = await byTestId(page, 'code-scipy').textContent();
      const printed = runPrinted(scipy);
      assert.ok(printed.length >= 1, 'the code prints its output');
      for (const p of printed) assert.deepEqual(p.flat(3).map((v) => Math.round(v * 1e9) / 1e9), screen.map((v) => Math.round(v * 1e9) / 1e9), lesson);
      const torch = await byTestId(page, 'code-pytorch').textContent();
      assert.match(torch, /output = /);
      assert.match(torch, lesson.includes('SciPy') ? /F\.conv2d\(x, k\)/ : /F\.conv2d\(input, weight, bias/);
    }
  });
});

test('classroom: hide the answer, shortcuts overlay, large type', { timeout: 90_000 }, async (t) => {
  await session.withApp(t, async ({ page }) => {
    const heatBefore = (await heatPixels(page)).map((c) => c.rgba.join(','));
    await byTestId(page, 'hide-answer').check();
    await page.getByRole('button', { name: 'Step forward', exact: true }).click();
    const texts = await byTestId(page, 'out-cell').allTextContents();
    assert.deepEqual(texts.slice(0, 2), ['0', '0']);
    assert.ok(texts.slice(2).every((s) => s === ''), 'cells the kernel has not reached are blank');
    const colours = (await heatPixels(page)).map((c) => c.rgba.join(','));
    assert.equal(colours.length, texts.length);
    assert.ok(colours.slice(2).every((c) => c === '255,255,255,255'), 'and uncoloured, so the colour gives nothing away');
    assert.ok(colours.slice(2).some((c, k) => c !== heatBefore[k + 2]), 'cells that had a colour lost it');
    await page.locator('body').press('?');
    await byTestId(page, 'shortcuts').waitFor({ state: 'visible' });
    await screenshot(page, 'shortcuts');
    await page.keyboard.press('Escape');
    await byTestId(page, 'shortcuts').waitFor({ state: 'detached' });
    await page.getByRole('checkbox', { name: 'Classroom' }).check();
    assert.equal(await page.locator('.app--classroom').count(), 1);
    await screenshot(page, 'classroom');
  });
});

test('Import JSON opens a scene file, and refuses a broken one with a message', { timeout: 90_000 }, async (t) => {
  const { writeFileSync, mkdtempSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'convlab-'));
  const groups = { ...oracleCase('lecture-groups-4-depthwise') };
  const good = join(dir, 'good.json');
  writeFileSync(good, JSON.stringify(groups)); // an oracle case is a scene; name and expected are ignored
  const bad = join(dir, 'bad.json');
  writeFileSync(bad, '{"op": "torch.conv2d", "input": [[[[1, 2], [3]]]]');
  await session.withApp(t, async ({ page }) => {
    await byTestId(page, 'import').setInputFiles(bad);
    await byTestId(page, 'notice').waitFor({ state: 'visible' });
    assert.match(await byTestId(page, 'notice').textContent(), /not a ConvLab scene/);
    assert.deepEqual(compareCells(await outCells(page), expectedCells(oracleCase('lecture-step-edge-convolve-valid'))), []);
    await byTestId(page, 'import').setInputFiles(good);
    await page.locator('[data-index="0,3,3,3"]').waitFor({ state: 'attached' });
    assert.deepEqual(compareCells(await outCells(page), expectedCells(groups)), []);
    assert.equal(await byTestId(page, 'notice').count(), 0);
  });
});

test('an oversized grid size is refused in the field, and nothing typed is lost', { timeout: 60_000 }, async (t) => {
  await session.withApp(t, async ({ page }) => {
    const h = page.getByRole('textbox', { name: 'H', exact: true });
    await h.fill('500');
    assert.match(await page.locator('.field--pending .field__hint').textContent(), /1 to 32/);
    assert.equal(await byTestId(page, 'out-cell').count(), 36, 'the grid keeps its size');
    await h.fill('10');
    await page.locator('[data-index="0,0,7,5"]').waitFor({ state: 'attached' });
    assert.equal(await byTestId(page, 'out-cell').count(), 48);
    assert.equal(await page.locator('input[aria-label="in1 row 0 column 0"]').inputValue(), '4', 'old values kept');
  });
});

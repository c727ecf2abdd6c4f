// A whole lesson on a touch phone (412x823): the menu to reach it, a swipe
// to step, the kernel's editor opened as a sheet under the output, a
// negative value typed with the ± key (a phone keypad may have no minus),
// and the output read without leaving it: SciPy's numbers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSession, screenshot, byTestId, outCells } from './harness.mjs';
import { scipyCells } from './reference.mjs';

let session;
before(async () => {
  session = await startSession();
});
after(async () => {
  await session?.close();
});

/** A finger swiping `dx` px sideways across the middle of `locator`. */
async function swipe(page, locator, dx) {
  await locator.scrollIntoViewIfNeeded();
  const box = await locator.boundingBox();
  const { height } = page.viewportSize();
  // Where the grids are on screen.
  const y = Math.min(Math.max(box.y, 0) + 80, height - 40);
  const x0 = box.x + box.width / 2 - dx / 2;
  const cdp = await page.context().newCDPSession(page);
  const at = (x) => [{ x, y, id: 1 }];
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: at(x0) });
  for (let k = 1; k <= 6; k++) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: at(x0 + (dx * k) / 6) });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
}

const grid = async (page, label) =>
  page.$$eval(`input.editor__cell[aria-label^="${label} row "]`, (els) => {
    const rows = [];
    for (const e of els) {
      const [, i, j] = e.getAttribute('aria-label').match(/row (\d+) column (\d+)/).map(Number);
      (rows[i] ??= [])[j] = Number(e.value.replace('\u2212', '-'));
    }
    return rows;
  });

test('a lesson on a touch phone: menu, swipe to step, a negative kernel value typed under the output, SciPy\'s result', { timeout: 120_000 }, async (t) => {
  await session.withApp(t, async ({ page }) => {
    // The header is one menu; the lesson picker is in it.
    assert.equal(await byTestId(page, 'lesson-select').isVisible(), false, 'folded into the menu');
    await byTestId(page, 'menu').tap();
    const select = byTestId(page, 'lesson-select');
    const options = await select.locator('option').allTextContents();
    await select.selectOption({ index: options.findIndex((o) => o.endsWith('Convolution by definition')) });
    await byTestId(page, 'lesson-title').waitFor();
    // The menu folds by itself once the lesson is picked.
    await page.waitForFunction(() => document.querySelector('[data-testid="menu"]').getAttribute('aria-expanded') === 'false');
    assert.equal(await byTestId(page, 'lesson-select').isVisible(), false, 'folded again');
    assert.equal(await byTestId(page, 'lesson-next').isVisible(), true, 'a lesson keeps Next in reach');
    const header = await page.locator('header.top').boundingBox();
    assert.ok(header.height <= 160, `the folded header is ${header.height} px tall`);

    // A swipe to the left steps forward, one to the right back.
    const pos = async () => (await byTestId(page, 'frame-pos').textContent()).trim();
    assert.equal(await pos(), '1 / 36');
    await swipe(page, page.locator('.flow'), -140);
    await page.waitForFunction(() => document.querySelector('[data-testid="frame-pos"]').textContent.trim() === '2 / 36');
    await swipe(page, page.locator('.flow'), -140);
    await page.waitForFunction(() => document.querySelector('[data-testid="frame-pos"]').textContent.trim() === '3 / 36');
    await swipe(page, page.locator('.flow'), 140);
    await page.waitForFunction(() => document.querySelector('[data-testid="frame-pos"]').textContent.trim() === '2 / 36');

    // A finger lifts before the next tap (Chrome takes a tap within a
    // moment of a swipe as part of that gesture: no click).
    await page.waitForTimeout(1000);
    // The output in view, then the kernel's editor opens under it.
    const out = page.locator('[data-testid="out-cell"][data-index="0,0,0,3"]');
    await out.scrollIntoViewIfNeeded();
    await page.evaluate(() => document.querySelector('.outputs').scrollIntoView({ block: 'start' }));
    await byTestId(page, 'edit-kernel').tap();
    const sheet = byTestId(page, 'kernel-panel');
    await page.waitForFunction(() => getComputedStyle(document.querySelector('[data-testid="kernel-panel"]')).position === 'fixed');
    const cell = page.locator('input.editor__cell[aria-label="in2 row 0 column 0"]');
    // Taps where the finger is (a locator's tap would scroll the page to
    // the panel's place in the document first; the sheet is fixed).
    const tapOn = async (loc) => {
      const b = await loc.boundingBox();
      await page.touchscreen.tap(b.x + b.width / 2, b.y + b.height / 2);
    };
    await tapOn(cell);
    await page.keyboard.press('Control+a');
    await page.keyboard.type('3');
    await tapOn(sheet.locator('[data-testid="negate"]').first());
    await page.waitForFunction(() => document.querySelector('input.editor__cell[aria-label="in2 row 0 column 0"]').value === '-3');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'in2 row 0 column 0', 'the cell keeps the focus');
    await screenshot(page, 'touch-kernel-sheet');

    // Nothing scrolled away: the output is on screen, above the sheet.
    const viewport = page.viewportSize();
    const o = await out.boundingBox();
    const s = await sheet.boundingBox();
    assert.ok(o.y >= 0 && o.y + o.height <= s.y, `output cell at y ${o.y}..${o.y + o.height}, the sheet from ${s.y}`);
    assert.ok(s.y + s.height <= viewport.height + 1 && s.y > viewport.height * 0.4, `sheet at ${s.y}..${s.y + s.height}`);

    // The output is SciPy's for the kernel as edited.
    const [in1, in2] = [await grid(page, 'in1'), await grid(page, 'in2')];
    assert.equal(in2[0][0], -3);
    const expected = scipyCells('convolve2d', in1, in2, 'valid');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="out-cell"]').length === 36);
    const cells = await outCells(page);
    for (const c of cells) assert.equal(c.value, expected.get(c.index), `output ${c.index}`);
    t.diagnostic(`${cells.length} output cells equal SciPy's after typing -3 with the ± key`);
    await tapOn(byTestId(page, 'sheet-close'));
    await page.waitForFunction(() => getComputedStyle(document.querySelector('[data-testid="kernel-panel"]')).position !== 'fixed');
  }, { width: 412, height: 823, touch: true });
});

/** Where every number of the stage and the output is drawn, and how big,
 * after two frames. */
const drawnNumbers = async (page) => {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));
  return page.$$eval('.stage .cell > .cell__v, [data-testid="out-cell"] > .cell__v', (els) =>
    els.map((e) => {
      const b = e.getBoundingClientRect();
      const shown = getComputedStyle(e).display !== 'none' && b.width > 0;
      return { shown, top: b.top, bottom: b.bottom, left: b.left, right: b.right, font: parseFloat(getComputedStyle(e).fontSize), text: e.textContent.trim() };
    }));
};

test('a phone\'s first screen holds the stage, the output and the player; a 16x16 input stacks and keeps its numbers', { timeout: 120_000 }, async (t) => {
  await session.withApp(t, async ({ page }) => {
    const { width, height } = page.viewportSize();
    const flowIsRow = () => page.evaluate(() => getComputedStyle(document.querySelector('.flow')).flexDirection === 'row');
    // The step edge: 8x8 in, 6x6 out, side by side with the arrow between.
    await page.waitForFunction(() => document.querySelector('.flow')?.classList.contains('flow--row'));
    assert.equal(await flowIsRow(), true);
    assert.equal(await page.evaluate(() => window.scrollY), 0);
    const first = await drawnNumbers(page);
    assert.equal(first.length, 64 + 36);
    for (const n of first) {
      assert.ok(n.shown && n.text !== '', `a number is drawn: ${JSON.stringify(n)}`);
      assert.ok(n.top >= 0 && n.bottom <= height && n.left >= 0 && n.right <= width, `on the first screen: ${JSON.stringify(n)}`);
      assert.ok(n.font >= 11, `legible: ${n.font} px`);
    }
    for (const id of ['play', 'announce', 'frame-pos', 'edit-kernel']) {
      const b = await byTestId(page, id).boundingBox();
      assert.ok(b && b.y >= 0 && b.y + b.height <= height, `${id} on the first screen: ${JSON.stringify(b)}`);
    }
    await screenshot(page, 'touch-first-screen');
    t.diagnostic(`first screen: ${first.length} numbers and the player within ${width}x${height}`);

    // A 16x16 input (14x14 out) is too wide for one row: stacked, each grid
    // the width of the screen, every number still drawn.
    for (const name of ['H', 'W']) await page.getByRole('textbox', { name, exact: true }).fill('16');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="out-cell"]').length === 196);
    await page.waitForFunction(() => !document.querySelector('.flow').classList.contains('flow--row'));
    await page.waitForFunction(() => !document.querySelector('.stage__planes--heat, .outputs__grids--heat-cur'), null, { timeout: 5000 });
    assert.equal(await flowIsRow(), false);
    // Back from the size fields to the grids (off screen they are not laid
    // out: content-visibility).
    await page.evaluate(() => document.querySelector('.flow').scrollIntoView({ block: 'start' }));
    const big = await drawnNumbers(page);
    assert.equal(big.length, 256 + 196);
    for (const n of big) {
      assert.ok(n.shown && n.text !== '', `a number is drawn: ${JSON.stringify(n)}`);
      assert.ok(n.left >= 0 && n.right <= width, `within the screen's width: ${JSON.stringify(n)}`);
      assert.ok(n.font >= 11, `legible: ${n.font} px`);
    }
    await screenshot(page, 'touch-16x16');
    t.diagnostic(`16x16: ${big.length} numbers drawn within ${width} px, stacked`);

    // Back to 8x8: side by side again, the old values kept.
    for (const name of ['H', 'W']) await page.getByRole('textbox', { name, exact: true }).fill('8');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="out-cell"]').length === 36);
    await page.waitForFunction(() => document.querySelector('.flow').classList.contains('flow--row'));
    assert.equal(await page.locator('input[aria-label="in1 row 0 column 0"]').inputValue(), '4');

    // Classroom mode on a phone: the page keeps its one column, the grids
    // (now 1.6x) stack and stay within the screen.
    await page.evaluate(() => document.activeElement?.blur());
    await page.locator('body').press('k');
    await page.waitForFunction(() => document.querySelector('.app').classList.contains('app--classroom'));
    await page.waitForFunction(() => !document.querySelector('.flow').classList.contains('flow--row'));
    const main = await page.locator('main.main').boundingBox();
    assert.ok(main.width >= width - 1, `the page's column is ${main.width} px wide`);
    await page.evaluate(() => document.querySelector('.flow').scrollIntoView({ block: 'start' }));
    const classroom = await drawnNumbers(page);
    assert.equal(classroom.length, 64 + 36);
    for (const n of classroom) assert.ok(n.shown && n.left >= 0 && n.right <= width && n.font >= 16, `classroom: ${JSON.stringify(n)}`);
    await screenshot(page, 'touch-classroom');
  }, { width: 412, height: 823, touch: true });
});

test('a tablet in landscape (1024x768, touch) keeps the lab side by side, every number on screen', { timeout: 60_000 }, async (t) => {
  await session.withApp(t, async ({ page }) => {
    const { width } = page.viewportSize();
    const stage = await byTestId(page, 'stage').boundingBox();
    const out = await page.locator('.outputs').boundingBox();
    assert.ok(out.x >= stage.x + stage.width, `the output (x ${out.x}) right of the stage (to ${stage.x + stage.width})`);
    assert.ok(out.y < stage.y + stage.height, 'side by side, not below');
    const numbers = await drawnNumbers(page);
    assert.equal(numbers.length, 64 + 36);
    for (const n of numbers) assert.ok(n.shown && n.left >= 0 && n.right <= width && n.font >= 11, JSON.stringify(n));
    t.diagnostic(`stage ${Math.round(stage.width)} px and output ${Math.round(out.width)} px side by side in ${width} px`);
  }, { width: 1024, height: 768, touch: true });
});

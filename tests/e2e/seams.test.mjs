// Issue 28, "no seams in a lesson": each finding a user made, reproduced
// as they made it, and what the page does now.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSession, screenshot, outCells, byTestId, APP, oracleCase, expectedCells, compareCells } from './harness.mjs';
import { sceneFragment } from './reference.mjs';

let session;
before(async () => {
  session = await startSession();
});
after(async () => {
  await session?.close();
});

/** Every cell of an editor grid (`in1`, `in2`, ...) as rows of its text. */
async function grid(page, label) {
  return page.evaluate((label) => {
    const rows = [];
    for (const el of document.querySelectorAll(`input[aria-label^="${label} row "]`)) {
      const m = el.getAttribute('aria-label').match(/row (\d+) column (\d+)$/);
      if (!m || el.getAttribute('aria-label') !== `${label} row ${m[1]} column ${m[2]}`) continue;
      (rows[+m[1]] ??= [])[+m[2]] = el.value;
    }
    return rows;
  }, label);
}

const values = async (page) => (await outCells(page)).map((c) => `${c.index}=${c.raw}`).join(' ');

async function typeInto(page, testid, text) {
  const field = byTestId(page, testid);
  await field.click();
  await field.selectText();
  // A person types one key at a time.
  await page.keyboard.type(text, { delay: 120 });
}

const pickLesson = async (page, title) => {
  const select = byTestId(page, 'lesson-select');
  const options = await select.locator('option').allTextContents();
  const k = options.findIndex((o) => o.endsWith(title));
  assert.ok(k > 0, `lesson "${title}" in ${options.join(' | ')}`);
  await select.selectOption({ index: k });
  await byTestId(page, 'lesson-title').waitFor();
  await page.locator(APP).waitFor();
};

test('typing 12 into W keeps the step edge: no size of 1 on the way, and shrinking keeps what it cut', { timeout: 90_000 }, async (t) => {
  await session.withApp(t, async ({ page }) => {
    const before = await grid(page, 'in1');
    assert.equal(before[0].length, 8, 'the step edge is 8 wide');
    await typeInto(page, 'dim-W', '12');
    await page.keyboard.press('Enter');
    await page.locator('input[aria-label="in1 row 0 column 11"]').waitFor();
    const grown = await grid(page, 'in1');
    for (let i = 0; i < before.length; i++) {
      assert.deepEqual(grown[i].slice(0, 8), before[i], `row ${i}: the values typed before are kept`);
      assert.deepEqual(grown[i].slice(8), ['0', '0', '0', '0'], `row ${i}: new columns are zeros`);
    }
    // Shrink to 2 on purpose, then grow back: the cut columns come back.
    await typeInto(page, 'dim-W', '2');
    await page.keyboard.press('Enter');
    await page.locator('input[aria-label="in1 row 0 column 2"]').waitFor({ state: 'detached' });
    await typeInto(page, 'dim-W', '8');
    await page.keyboard.press('Tab');
    await page.locator('input[aria-label="in1 row 0 column 7"]').waitFor();
    assert.deepEqual(await grid(page, 'in1'), before, 'growing back restores the cut values');
    await screenshot(page, 'seams-size-typed');
  });
});

test('a size applies after a pause too, without Enter', { timeout: 60_000 }, async (t) => {
  await session.withApp(t, async ({ page }) => {
    await typeInto(page, 'dim-H', '9');
    // No Enter, no blur: the pause applies it.
    await page.locator('input[aria-label="in1 row 8 column 0"]').waitFor({ timeout: 5_000 });
    assert.equal(await byTestId(page, 'dim-H').inputValue(), '9');
  });
});

test('undo and redo take back an edit, with keys and buttons, and the output follows', { timeout: 90_000 }, async (t) => {
  await session.withApp(t, async ({ page }) => {
    const out0 = await values(page);
    const k = page.locator('input[aria-label="in2 row 0 column 0"]');
    const was = await k.inputValue();
    await k.click();
    await page.keyboard.type('25', { delay: 60 });
    await page.keyboard.press('Tab');
    await page.waitForFunction(
      (o0) => [...document.querySelectorAll('[data-testid="out-cell"]')].map((c) => `${c.getAttribute('data-index')}=${c.getAttribute('data-value')}`).join(' ') !== o0,
      out0,
    );
    const out1 = await values(page);
    assert.notEqual(out1, out0, 'the edit changed the output');
    await page.keyboard.press('Control+z');
    await page.waitForFunction((was) => document.querySelector('input[aria-label="in2 row 0 column 0"]').value === was, was);
    assert.equal(await values(page), out0, 'undo brings the output back');
    // The keystrokes of one number undo as one: nothing is left to undo.
    assert.equal(await byTestId(page, 'undo').isDisabled(), true);
    await byTestId(page, 'redo').click();
    await page.waitForFunction(() => document.querySelector('input[aria-label="in2 row 0 column 0"]').value === '25');
    assert.equal(await values(page), out1, 'redo brings the edit back');
    await page.keyboard.press('Control+Shift+z');
    assert.equal(await byTestId(page, 'redo').isDisabled(), true, 'nothing more to redo');
  });
});

test('a lesson over ones own scene can be undone, and free play goes back to it', { timeout: 90_000 }, async (t) => {
  await session.withApp(t, async ({ page }) => {
    const cell = page.locator('input[aria-label="in1 row 0 column 0"]');
    await cell.fill('7');
    await cell.press('Tab');
    const mine = await grid(page, 'in1');
    await pickLesson(page, 'Convolution or cross-correlation?');
    await pickLesson(page, 'Two channels into one');
    // Free play: the person's own scene, not the lesson's.
    await byTestId(page, 'lesson-select').selectOption({ index: 0 });
    await page.waitForFunction(() => document.querySelector('input[aria-label="in1 row 0 column 0"]')?.value === '7');
    assert.deepEqual(await grid(page, 'in1'), mine);
    assert.equal(await byTestId(page, 'lesson').count(), 0, 'no lesson text over ones own scene');
    // Undo walks back through the lessons, then to the scene before them.
    await byTestId(page, 'undo').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="lesson-title"]')?.textContent.endsWith('Two channels into one'));
    await byTestId(page, 'undo').click();
    await byTestId(page, 'undo').click();
    await page.waitForFunction(() => !document.querySelector('[data-testid="lesson"]'));
    await page.waitForFunction(() => document.querySelector('input[aria-label="in1 row 0 column 0"]')?.value === '7');
    assert.deepEqual(await grid(page, 'in1'), mine);
  });
});

test('a lesson whose scene was edited says so, and restores it', { timeout: 90_000 }, async (t) => {
  await session.withApp(t, async ({ page }) => {
    await pickLesson(page, 'Convolution by definition');
    assert.equal(await byTestId(page, 'lesson-stale').count(), 0);
    const before = await grid(page, 'in1');
    const cell = page.locator('input[aria-label="in1 row 0 column 0"]');
    await cell.fill('20');
    await cell.press('Tab');
    await byTestId(page, 'lesson-stale').waitFor();
    assert.match(await byTestId(page, 'lesson-stale').textContent(), /you changed this scene/i);
    await screenshot(page, 'seams-lesson-stale');
    await byTestId(page, 'lesson-restore').click();
    await byTestId(page, 'lesson-stale').waitFor({ state: 'detached' });
    assert.deepEqual(await grid(page, 'in1'), before);
  });
});

test('lesson 7.10 says which is mirrored as the numbers show, and hides them with the answer', { timeout: 90_000 }, async (t) => {
  await session.withApp(t, async ({ page }) => {
    await byTestId(page, 'hide-answer').check();
    await pickLesson(page, 'Convolution or cross-correlation?');
    const text = async () => (await byTestId(page, 'lesson').textContent()).replace(/\s+/g, ' ');
    assert.doesNotMatch(await text(), /9, 6, 3/, 'no output quoted while the answer is hidden');
    assert.doesNotMatch(await byTestId(page, 'compare-diff').textContent(), /differ in \d/, 'no difference count while hidden');
    await screenshot(page, 'seams-xcorr-hidden');
    await page.locator('body').press('End');
    await page.waitForFunction(() => /9, 6, 3/.test(document.querySelector('[data-testid="lesson"]').textContent));
    const words = await text();
    // The cross-correlation mirrors the kernel [1 2 3]: [.., 9, 6, 3, ..].
    assert.match(words, /cross-correlation copies it mirrored: \[0, 0, 9, 6, 3, 0\]/i, words);
    assert.match(words, /true convolution copies the kernel as it is: \[0, 0, 3, 6, 9, 0\]/i, words);
    // And the page shows it: the cross-correlation's row has 9 before 3.
    const row = await page.$$eval('[data-testid="compare-unflipped"] .out-cell[data-index^="0,0,0,"]', (els) =>
      els.map((e) => Number(e.getAttribute('data-value'))),
    );
    assert.ok(row.length > 0, 'the cross-correlation side has cells');
    const nonzero = row.filter((v) => v !== 0);
    assert.deepEqual(nonzero, [9, 6, 3], `cross-correlation row ${row}`);
    assert.match(await byTestId(page, 'compare-diff').textContent(), /differ in \d+ of \d+ cells/);
    await screenshot(page, 'seams-xcorr-revealed');
  });
});

test('a share link opens as it was shared: lesson, frame, classroom, hidden answers and its title', { timeout: 120_000 }, async (t) => {
  let url;
  await session.withApp(t, async ({ page }) => {
    await pickLesson(page, 'Convolution or cross-correlation?');
    await byTestId(page, 'hide-answer').check();
    await page.locator('body').press('k'); // classroom
    for (let k = 0; k < 3; k++) await page.locator('body').press('ArrowRight');
    await byTestId(page, 'share').click();
    await byTestId(page, 'share-title').fill('Week 3: which one flips?');
    await byTestId(page, 'share-title').press('Enter');
    await page.waitForFunction(() => {
      const u = document.querySelector('[data-testid="share-url"]')?.value ?? '';
      const data = u.split('#scene=')[1];
      if (!data) return false;
      const json = atob(data.replace(/-/g, '+').replace(/_/g, '/'));
      return json.includes('Week 3: which one flips?');
    });
    url = await byTestId(page, 'share-url').inputValue();
    assert.equal(await byTestId(page, 'frame-pos').textContent().then((s) => s.trim().length > 0), true);
  });
  const fragment = url.slice(url.indexOf('#'));
  await session.withApp(t, async ({ page }) => {
    await byTestId(page, 'lesson-title').waitFor();
    assert.match(await byTestId(page, 'lesson-title').textContent(), /Convolution or cross-correlation\?/);
    assert.equal(await byTestId(page, 'hide-answer').isChecked(), true, 'Hide the answer is on');
    assert.match(await page.locator('[data-testid="app"]').getAttribute('class'), /app--classroom/);
    assert.match((await byTestId(page, 'frame-pos').textContent()).trim(), /^4 \//, 'the fourth frame');
    assert.doesNotMatch(await byTestId(page, 'lesson').textContent(), /9, 6, 3/, 'the answer stays hidden');
    // The title the teacher gave the link shows once the lesson is left.
    await byTestId(page, 'lesson-select').selectOption({ index: 0 });
    await byTestId(page, 'scene-title').waitFor();
    assert.equal(await byTestId(page, 'scene-title').textContent(), 'Week 3: which one flips?');
    await screenshot(page, 'seams-link-opened');
  }, { path: `/${fragment}`, width: 1920, height: 1080 });
});

test('classroom at 1920x1080: the step\'s sum of products is on the first screen', { timeout: 60_000 }, async (t) => {
  await session.withApp(t, async ({ page }) => {
    await page.locator('body').press('k');
    await page.locator('[data-testid="app"].app--classroom').waitFor();
    await page.locator('body').press('ArrowRight');
    const line = byTestId(page, 'sum-line');
    await line.waitFor();
    const box = await line.boundingBox();
    assert.ok(box && box.y + box.height <= 1080, `the sum ends at ${box && box.y + box.height}px`);
    // The sum is the engine's: the output cell it names holds its result.
    const text = await line.innerText();
    const m = text.match(/^output\[(\d+), (\d+)\]: .*= (-?[\d.e-]+)$/s);
    assert.ok(m, text);
    const cell = (await outCells(page)).find((c) => c.index === `0,0,${m[1]},${m[2]}`);
    assert.equal(cell.value, Number(m[3]), text);
    await screenshot(page, 'seams-classroom-sum');
  }, { width: 1920, height: 1080 });
});

test('the keyboard reaches the arithmetic: the grid is one tab stop, arrows move inside it, a skip button, PageDown scrolls', { timeout: 60_000 }, async (t) => {
  await session.withApp(t, async ({ page }) => {
    const first = page.locator('[data-testid="out-cell"][data-index="0,0,0,0"]');
    await first.focus();
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('data-index')), '0,0,0,1');
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('data-index')), '0,0,1,1');
    // One Tab leaves the grid (it had 36 stops).
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => Boolean(document.activeElement.closest('.player'))), true, 'Tab goes on to the player');
    // Shift+Tab comes back to the cell last visited.
    await page.keyboard.press('Shift+Tab');
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('data-index')), '0,0,1,1');
    // The skip button takes the keyboard past the grids to the arithmetic.
    await byTestId(page, 'skip-to-arithmetic').focus();
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'arithmetic');
    // With nothing focused, PageDown and the arrows scroll the main pane.
    await page.evaluate(() => { document.activeElement.blur(); document.querySelector('.main').scrollTop = 0; });
    await page.keyboard.press('PageDown');
    await page.waitForFunction(() => document.querySelector('.main').scrollTop > 100);
    const down = await page.evaluate(() => document.querySelector('.main').scrollTop);
    await page.keyboard.press('ArrowUp');
    await page.waitForFunction((d) => document.querySelector('.main').scrollTop < d, down);
  });
});

test('sums read to the digits a person checks, exact on hover; compare shows both sides\' sums', { timeout: 60_000 }, async (t) => {
  // 0.1 + 0.2 in float64 is 0.30000000000000004.
  const scene = { op: 'torch.conv2d', input: [[[[0.1, 0.2]]]], weight: [[[[1, 1]]]], bias: null, stride: [1, 1], padding: [0, 0], dilation: [1, 1], groups: 1, padding_mode: 'zeros' };
  await session.withApp(t, async ({ page }) => {
    const result = byTestId(page, 'arith-result');
    await result.waitFor();
    assert.equal((await result.innerText()).trim(), '\u2248 0.3');
    assert.equal(await result.getAttribute('title'), 'exactly 0.30000000000000004');
    const [cell] = await outCells(page);
    assert.equal(cell.raw, '0.30000000000000004', 'the cell keeps the exact value');
    await page.locator('body').press('c');
    await byTestId(page, 'compare').waitFor();
    const sums = await byTestId(page, 'compare-sum').allInnerTexts();
    assert.equal(sums.length, 2, 'one sum per side');
    // The flipped kernel [1, 1] is the same: both sides sum 0.1 and 0.2.
    for (const s of sums) assert.match(s, /0\.1\u00d71 \+ 0\.2\u00d71\s*\u2248 0\.3/, s);
  }, { path: `/${sceneFragment(scene)}` });
});

test('a stack says padding=same as PyTorch prints it, with no raw backticks, and the arithmetic follows a picked cell', { timeout: 90_000 }, async (t) => {
  await session.withApp(t, async ({ page }) => {
    await pickLesson(page, 'Four same passes');
    await byTestId(page, 'stack-view').waitFor();
    const titles = await page.locator('.level__title').allInnerTexts();
    assert.ok(titles.some((x) => /^Layer 0: Conv2d\(.*padding=same/.test(x)), titles.join(' | '));
    const sentences = await byTestId(page, 'border-sentence').allInnerTexts();
    assert.ok(sentences.length > 0);
    for (const s of sentences) assert.doesNotMatch(s, /`/, s);
    // Pick a cell of layer 1: the arithmetic shows the sum that computes it.
    const cell = page.locator('[data-testid="stack-cell"][data-layer="1"][data-index="0,0,2,3"]');
    await cell.click();
    await byTestId(page, 'rf-cell').waitFor();
    await page.waitForFunction(() => /output\[0, 0, 2, 3\]/.test(document.querySelector('.arith__head')?.textContent ?? ''));
    const value = await cell.getAttribute('data-value');
    assert.match(await byTestId(page, 'arith-result').innerText(), new RegExp(`${value.replace('.', '\\.').replace('-', '\\-')}$`));
  });
});

test('loading a photo says what it set, and why', { timeout: 60_000 }, async (t) => {
  await session.withApp(t, async ({ page }) => {
    await byTestId(page, 'sample-chelsea').click();
    await byTestId(page, 'notice').waitFor();
    const said = await byTestId(page, 'notice').innerText();
    assert.match(said, /Sobel x on each of its 3 channels \(groups=3, one filter per channel\) with padding=1/, said);
    // What it says is the scene: groups 3, padding 1.
    assert.equal(await page.getByRole('textbox', { name: 'groups', exact: true }).inputValue(), '3');
  });
});

test('why 15 and not 16: the floor, the rows never read and what padding would give, next to the shape; the transposed action says what it does', { timeout: 60_000 }, async (t) => {
  const scene = {
    op: 'torch.conv2d', input: [[Array.from({ length: 32 }, (_, i) => Array.from({ length: 8 }, (_, j) => (i + j) % 3))]],
    weight: [[[[1, 0, -1], [1, 0, -1], [1, 0, -1]]]], bias: null, stride: [2, 1], padding: [0, 0], dilation: [1, 1], groups: 1, padding_mode: 'zeros',
  };
  await session.withApp(t, async ({ page }) => {
    await page.locator('[data-testid="shape"][data-tensor="output"]').waitFor();
    assert.equal(await page.locator('[data-testid="shape"][data-tensor="output"]').getAttribute('data-shape'), '(1, 1, 15, 6)');
    const why = byTestId(page, 'why-size');
    await why.locator('summary').click();
    await why.locator('.why__axis').first().waitFor();
    const h = await why.locator('.why__axis').first().innerText();
    assert.match(h, /15 places in the 32 padded rows/, h);
    assert.match(h, /the last row is never read/, h);
    assert.match(h, /With padding=1 it would be (\d+)/, h);
    // And it would: set padding 1 and the output has 16 rows.
    const pad = page.getByRole('textbox', { name: 'pad H', exact: true });
    await pad.fill('1');
    await pad.press('Enter');
    await page.waitForFunction(() => document.querySelector('[data-testid="shape"][data-tensor="output"]')?.getAttribute('data-shape') === '(1, 1, 16, 6)');
    // The action that builds a ConvTranspose2d says what it does.
    assert.equal(await byTestId(page, 'undo-shape').innerText(), 'Go back up to the input size (ConvTranspose2d)');
    await screenshot(page, 'seams-why-size');
  }, { path: `/${sceneFragment(scene)}` });
});

test('ask before each reveal: playing stops before each output value is written, R reveals it and plays on', { timeout: 90_000 }, async (t) => {
  await session.withApp(t, async ({ page }) => {
    await page.locator('body').press('k'); // classroom
    await byTestId(page, 'ask-reveal').check();
    assert.equal(await byTestId(page, 'hide-answer').isChecked(), true, 'asking hides the answer');
    const asked = async () => {
      await byTestId(page, 'reveal').waitFor();
      const q = await byTestId(page, 'ask-question').innerText();
      const m = q.match(/What is output\[(\d+), (\d+)\]\?/);
      assert.ok(m, q);
      return `0,0,${m[1]},${m[2]}`;
    };
    const cell = (index) => page.locator(`[data-testid="out-cell"][data-index="${index}"]`);
    await page.evaluate(() => document.activeElement?.blur());
    const seen = [];
    // Turned on, the frame on screen asks first; after its reveal, Play
    // steps on, and each frame asks in turn and plays on once revealed.
    for (let round = 0; round < 3; round++) {
      if (round === 1) {
        assert.equal((await byTestId(page, 'play').textContent()).trim(), 'Play', 'a reveal while paused stays paused');
        await page.locator('body').press(' ');
      }
      const index = await asked();
      assert.ok(!seen.includes(index), `a new cell each time: ${seen} then ${index}`);
      seen.push(index);
      // The cell asked about is blank, and no sum on screen gives it away.
      assert.equal((await cell(index).textContent()).trim(), '', `${index} is blank while asked`);
      assert.equal((await byTestId(page, 'sum-line').innerText()).trim().endsWith('= ?'), true, await byTestId(page, 'sum-line').innerText());
      const pos = await byTestId(page, 'frame-pos').textContent();
      await page.waitForTimeout(600);
      assert.equal(await byTestId(page, 'frame-pos').textContent(), pos, 'the animation waits for the reveal');
      if (round === 0) await screenshot(page, 'seams-ask-before-reveal');
      // R writes the value: the engine's, as the cell's data-value has it.
      await page.locator('body').press('r');
      await page.waitForFunction((i) => document.querySelector(`[data-testid="out-cell"][data-index="${i}"]`)?.textContent.trim() !== '', index);
      const value = Number(await cell(index).getAttribute('data-value'));
      assert.equal(Number((await cell(index).textContent()).replace('\u2212', '-')), value, `${index} shows its value`);
    }
    // Hide the answer off: no more asking.
    await byTestId(page, 'hide-answer').uncheck();
    assert.equal(await byTestId(page, 'ask-reveal').isChecked(), false);
    await page.waitForFunction(() => !document.querySelector('[data-testid="reveal"]'));
  }, { width: 1920, height: 1080 });
});

test('a screen reader hears a step on demand (A or Say this step), not on every step; reduced motion plays nothing by itself', { timeout: 60_000 }, async (t) => {
  await session.withApp(t, async ({ page }) => {
    // On a fresh page the first Tab reaches "Skip to the player", which lands on its first button.
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'skip-to-player');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent.trim()), 'First');
    assert.equal(await page.evaluate(() => document.activeElement?.closest('[role="toolbar"]')?.getAttribute('aria-label')), 'Animation');
    assert.equal(await page.getByRole('button', { name: 'Step forward' }).getAttribute('aria-keyshortcuts'), 'ArrowRight');
    assert.equal(await byTestId(page, 'announce').getAttribute('aria-keyshortcuts'), 'A');

    // A grid says its shape; a cell its index and value.
    assert.equal(await page.getByRole('figure', { name: 'output, a grid of 6 rows by 6 columns' }).count(), 1);
    assert.equal(await page.getByRole('figure', { name: 'padded input, a grid of 8 rows by 8 columns' }).count(), 1);
    assert.equal(await page.locator('[data-testid="out-cell"][data-index="0,0,0,2"]').getAttribute('aria-label'), 'output 0,0,0,2 = 9');
    // What is said, without the zero-width space every other announcement
    // ends in (Orca does not repeat live text equal to the last it said).
    const said = async () => (await page.locator('#announcer').textContent()).replace(/\u200b/g, '');
    assert.equal(await page.locator('#announcer').getAttribute('aria-live'), 'polite');
    await page.locator('body').press('ArrowRight');
    await page.locator('body').press('ArrowRight');
    assert.equal(await said(), '', 'stepping says nothing by itself');
    await page.locator('body').press('a');
    await page.waitForFunction(() => document.querySelector('#announcer').textContent !== '');
    const words = await said();
    const m = words.match(/^Step 3 of 36\. output\[(\d+), (\d+)\]: .* = (-?[\d.]+)\.$/);
    assert.ok(m, words);
    const cell = (await outCells(page)).find((c) => c.index === `0,0,${m[1]},${m[2]}`);
    assert.equal(cell.value, Number(m[3]), `${words} vs the cell's ${cell.value}`);
    // The same words asked for again are said again: the region is emptied,
    // then filled (Orca said nothing when that took 50 ms).
    await page.evaluate(() => {
      window.__said = [];
      new MutationObserver(() => window.__said.push(document.querySelector('#announcer').textContent)).observe(document.querySelector('#announcer'), { childList: true, characterData: true, subtree: true });
    });
    const first = await page.locator('#announcer').textContent();
    await byTestId(page, 'announce').click();
    await page.waitForFunction((w) => window.__said.length >= 2 && window.__said.at(-1).replace(/\u200b/g, '') === w, words);
    const again = await page.evaluate(() => window.__said);
    assert.deepEqual(again.map((x) => x.replace(/\u200b/g, '')), ['', words]);
    assert.notEqual(again[1], first, 'the same words are not the same live text twice in a row');

    // A new lesson is said once, with where it is in the course.
    await pickLesson(page, 'Convolution or cross-correlation?');
    await page.waitForFunction(() => /^Lesson 7\.\d+ of \d+: Convolution or cross-correlation\?$/.test(document.querySelector('#announcer').textContent.replace(/\u200b/g, '')));
    // Compare: each side is a region named by its operation.
    await byTestId(page, 'compare').waitFor();
    assert.equal(await page.getByRole('region', { name: /^True convolution/ }).count(), 1);
    assert.equal(await page.getByRole('region', { name: /^Cross-correlation/ }).count(), 1);
  });
  await session.withApp(t, async ({ page }) => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await pickLesson(page, 'Convolution or cross-correlation?');
    await page.waitForTimeout(800);
    const running = await page.evaluate(() => document.getAnimations().filter((a) => a.playState === 'running').length);
    assert.equal(running, 0, 'the flip is shown without an animation');
    assert.match((await byTestId(page, 'frame-pos').textContent()).trim(), /^1 \//, 'nothing plays by itself');
  });
});

test('an embed link shows the stage, the output and the player only, with the oracle\'s numbers, and leaves the saved scene alone', { timeout: 90_000 }, async (t) => {
  let src;
  let link;
  await session.withApp(t, async ({ page }) => {
    await byTestId(page, 'share').click();
    link = await byTestId(page, 'share-url').inputValue();
    const html = await byTestId(page, 'share-embed').inputValue();
    const m = html.match(/^<iframe src="([^"]+)" title="[^"]*" width="\d+" height="\d+"/);
    assert.ok(m, html);
    src = m[1].replace(/&amp;/g, '&');
    assert.equal(src, link.replace('#', '?embed#'), 'the share link with ?embed');
  });
  const path = src.slice(src.indexOf('?'));
  await session.withApp(t, async ({ page }) => {
    await page.locator('[data-testid="out-cell"]').first().waitFor({ state: 'attached' });
    for (const gone of ['header.top', 'aside.side', '[data-testid="lesson"]', 'section.codes']) {
      assert.equal(await page.locator(gone).isVisible(), false, `${gone} is not in an embed`);
    }
    assert.equal(await byTestId(page, 'play').isVisible(), true, 'the player is');
    const expected = expectedCells(oracleCase('lecture-step-edge-convolve-valid'));
    assert.deepEqual(compareCells(await outCells(page), expected), []);
    // The embed never writes the person's saved scene.
    await page.locator('body').press('ArrowRight');
    await page.waitForTimeout(400);
    assert.equal(await page.evaluate(() => localStorage.getItem('convlab.scene')), null);
    assert.match(await byTestId(page, 'embed-open').getAttribute('href'), /#scene=/);
    await screenshot(page, 'embed-760x620');
  }, { path, width: 760, height: 620 });
});

// The page never dies: the reported freeze (type a value, then switch the
// operation or pick a lesson), a refused link with no picture to keep, and
// the last-resort guard that shows when a panic slips through anyway.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSession, byTestId, outCells, loadOracle, screenshot, APP } from './harness.mjs';
import { sceneFragment } from './reference.mjs';

let session;
before(async () => {
  session = await startSession();
});
after(async () => {
  await session?.close();
});

const cellInput = (page, label, i, j) => page.getByRole('textbox', { name: `${label} row ${i} column ${j}`, exact: true });

for (const text of ['7', 'abc', '-']) {
  test(`regression: type ${JSON.stringify(text)} into a cell, then switch the operation and pick lessons`, { timeout: 90_000 }, async (t) => {
    await session.withApp(t, async ({ page, problems }) => {
      await byTestId(page, 'op-select').selectOption('torch.conv2d');
      const cell = cellInput(page, 'input[0, 0]', 1, 1);
      await cell.click();
      await page.keyboard.type(text);
      // Still typing (focus in the cell) when the scene is replaced.
      await byTestId(page, 'op-select').selectOption('scipy.correlate2d');
      assert.deepEqual(problems, []);
      await cellInput(page, 'in1', 0, 1).click();
      await page.keyboard.type(text);
      await byTestId(page, 'lesson-select').selectOption('3');
      await byTestId(page, 'lesson-title').waitFor();
      await page.getByRole('textbox').first().click();
      await page.keyboard.type(text);
      await byTestId(page, 'lesson-select').selectOption('10');
      // The page still answers: a step moves the frame counter.
      const before = await byTestId(page, 'frame-pos').textContent();
      // Click on the lesson's text (out of any field), as a person would, then End.
      await byTestId(page, 'lesson-title').click();
      await page.keyboard.press('End');
      await page.waitForFunction((b) => document.querySelector('[data-testid="frame-pos"]').textContent !== b, before);
      assert.ok((await outCells(page)).length > 0);
    });
  });
}

test('a link to a refused scene says so, with no picture to keep and no frames', { timeout: 60_000 }, async (t) => {
  const base = loadOracle().cases.find((c) => c.op === 'torch.conv2d' && c.expected && Array.isArray(c.padding) && c.groups === 1 && c.padding_mode === 'zeros');
  const kase = { ...base, stride: [0, 1] };
  await session.withApp(
    t,
    async ({ page }) => {
      const err = byTestId(page, 'scene-error');
      await err.waitFor({ state: 'visible' });
      const text = await err.textContent();
      assert.match(text, /PyTorch would say: non-positive stride is not supported/);
      assert.match(text, /no valid picture to show yet/);
      assert.doesNotMatch(text, /kept below/);
      assert.equal((await byTestId(page, 'frame-pos').textContent()).trim(), 'no frames');
      // Playing with nothing to play does nothing, and fixing the stride brings the picture.
      await page.locator('body').press('Space');
      await page.getByRole('textbox', { name: 'stride H', exact: true }).fill('1');
      await page.getByRole('textbox', { name: 'stride W', exact: true }).fill('1');
      await byTestId(page, 'scene-error').waitFor({ state: 'detached' });
      assert.ok((await outCells(page)).length > 0);
      assert.match(await byTestId(page, 'frame-pos').textContent(), /^1 \/ \d+$/);
    },
    { path: sceneFragment(kase) },
  );
});

test('the guard: a panic shows the overlay, and Reload brings the saved scene back', { timeout: 90_000 }, async (t) => {
  const app = await session.openApp({ name: 'guard' });
  const { page, problems } = app;
  try {
    // An edit, autosaved.
    const cell = cellInput(page, 'in1', 0, 0);
    await cell.click();
    await page.keyboard.type('42');
    await page.keyboard.press('Tab');
    await page.waitForFunction(() => document.querySelector('[data-index="0,0,0,0"]')?.getAttribute('data-value') !== '0');
    const wanted = (await outCells(page)).map((c) => [c.index, c.raw]);
    // The self-test query panics on purpose once the app is up.
    await page.goto(new URL('?selftest=panic', session.url).href);
    const overlay = byTestId(page, 'crash');
    await overlay.waitFor({ state: 'visible', timeout: 20_000 });
    assert.match(await overlay.textContent(), /ConvLab hit a bug/);
    assert.match(await overlay.textContent(), /Your scene is saved/);
    assert.match(await byTestId(page, 'crash-message').textContent(), /self-test: a deliberate panic/);
    assert.equal(await byTestId(page, 'crash-message').isVisible(), false, 'the message starts collapsed');
    assert.ok(problems.some((p) => /panicked/.test(p)), 'the panic was logged for the console');
    await screenshot(page, 'guard-overlay');
    problems.length = 0;
    await byTestId(page, 'crash-reload').click();
    await page.locator(APP).waitFor({ state: 'visible' });
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="out-cell"]').length > 0);
    assert.equal(new URL(page.url()).search, '', 'Reload leaves the self-test query behind');
    assert.equal(await byTestId(page, 'crash').count(), 0);
    assert.deepEqual((await outCells(page)).map((c) => [c.index, c.raw]), wanted, 'the saved scene is back');
    assert.deepEqual(problems, []);
  } finally {
    await app.close();
  }
});

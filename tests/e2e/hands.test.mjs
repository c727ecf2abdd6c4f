// Random hands in the browser: seeded sequences of typing, selects, buttons,
// checkboxes, sliders, shortcut keys, lessons, links and broken files, with
// no panic, no console error and a consistent screen after every action.
//
// HANDS_SEEDS (default 1,2,3,4,5) and HANDS_ACTIONS (default 300) set the
// run; scripts/soak.sh runs a long one.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSession, loadOracle, assertNoProblems, screenshot, byTestId, outCells } from './harness.mjs';
import { runHands } from './hands.mjs';

const SEEDS = (process.env.HANDS_SEEDS ?? '1,2,3,4,5').split(',').map(Number);
const ACTIONS = Number(process.env.HANDS_ACTIONS ?? 300);

let s;
before(async () => {
  s = await startSession();
});
after(async () => {
  await s?.close();
});

for (const seed of SEEDS) {
  test(`random hands, seed ${seed}: ${ACTIONS} actions, no panic, consistent screen, nothing lost on reload`, async (t) => {
    const app = await s.openApp({ name: `hands-${seed}` });
    try {
      const started = Date.now();
      const log = await runHands(app, { seed, actions: ACTIONS, oracle: loadOracle(), baseUrl: s.url });
      assert.equal(log.length, ACTIONS);
      assertNoProblems(app);
      // Nothing lost: after a reload the autosaved scene is back, on the same frame.
      const { page } = app;
      await page.locator('body').press('Escape');
      await page.evaluate(() => document.activeElement?.blur());
      if ((await byTestId(page, 'play').textContent()).trim() === 'Pause') await byTestId(page, 'play').click();
      await page.waitForTimeout(50);
      const before = { cells: await outCells(page), pos: await byTestId(page, 'frame-pos').textContent() };
      await page.reload();
      await page.locator('[data-testid="app"]').waitFor({ state: 'visible' });
      const afterReload = { cells: await outCells(page), pos: await byTestId(page, 'frame-pos').textContent() };
      assert.deepEqual(afterReload.cells.map((c) => [c.index, c.raw]), before.cells.map((c) => [c.index, c.raw]), 'the output after a reload differs');
      assert.equal(afterReload.pos, before.pos, 'the frame after a reload differs');
      assertNoProblems(app);
      t.diagnostic(`seed ${seed}: ${ACTIONS} actions in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    } catch (err) {
      await screenshot(app.page, `hands-${seed}-failed`).catch(() => {});
      throw err;
    } finally {
      await app.close();
    }
  });
}

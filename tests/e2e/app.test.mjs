// The app mounts in Chromium, and what it shows agrees with the oracle.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { startSession, screenshot, outCells, oracleCase, expectedCells, compareCells } from './harness.mjs';

let session;
before(async () => {
  session = await startSession();
});
after(async () => {
  await session?.close();
});

test('the app mounts and shows its title', { timeout: 60_000 }, async (t) => {
  await session.withApp(t, async ({ page }) => {
    assert.equal(await page.title(), 'ConvLab');
    await page.locator('h1', { hasText: 'ConvLab' }).first().waitFor({ state: 'visible' });
    const file = await screenshot(page, 'app-1280x800');
    assert.ok(statSync(file).size > 0, `${file} is empty`);
  });
});

test('the first scene shows SciPy convolve2d of the step edge (lecture-step-edge-convolve-valid)', { timeout: 60_000 }, async (t) => {
  const expected = expectedCells(oracleCase('lecture-step-edge-convolve-valid'));
  await session.withApp(t, async ({ page }) => {
    await page.locator('[data-testid="out-cell"]').first().waitFor({ state: 'attached', timeout: 10_000 });
    const cells = await outCells(page);
    assert.equal(cells.length, expected.size, 'number of output cells');
    assert.deepEqual(compareCells(cells, expected), []);
  });
});

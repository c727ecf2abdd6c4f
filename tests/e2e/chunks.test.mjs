// Code splitting (src/ui/shell/chunk.rs): the first screen needs only the main
// module; the other views' chunks are fetched once the page is whole, and a
// chunk that does not arrive is a message, never a dead page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSession, panics, APP, byTestId, screenshot, loadOracle, assertNoProblems } from './harness.mjs';
import { runHands } from './hands.mjs';

let session;
before(async () => {
  session = await startSession();
});
after(async () => {
  await session?.close();
});

const isChunk = (url) => /\/(split_[a-z_]+|chunk_\d+)\.wasm$/.test(url);

test('the first screen fetches no chunk; every chunk arrives after the page is whole', { timeout: 60_000 }, async () => {
  const app = await session.openApp({ mounted: false, name: 'chunks-first-load' });
  try {
    const { page } = app;
    // When data-ready appeared, in the page's clock.
    await page.addInitScript(() => {
      new MutationObserver(() => {
        const root = document.querySelector('[data-testid="app"][data-ready]');
        if (root && window.__readyAt === undefined) window.__readyAt = performance.now();
      }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-ready'] });
    });
    await page.reload();
    await page.locator(APP).waitFor({ timeout: 20_000 });
    // The background fetch of every chunk (prefetch) after the page is whole.
    await page.waitForFunction(
      () => performance.getEntriesByType('resource').filter((e) => /\/split_[a-z_]+\.wasm$/.test(e.name) && e.responseEnd > 0).length >= 9,
      null,
      { timeout: 20_000 },
    );
    const { readyAt, entries } = await page.evaluate(() => ({
      readyAt: window.__readyAt,
      entries: performance.getEntriesByType('resource').map((e) => ({ name: e.name, start: e.startTime })),
    }));
    assert.ok(readyAt > 0, 'the page became whole');
    const main = entries.filter((e) => /\/convlab_bg\.wasm$/.test(e.name));
    assert.equal(main.length, 1, 'the main module is fetched once');
    const chunks = entries.filter((e) => isChunk(e.name));
    const names = chunks.map((e) => e.name.replace(/.*\//, '')).sort();
    for (const want of ['split_code.wasm', 'split_compare.wasm', 'split_extras.wasm', 'split_figure.wasm', 'split_network.wasm', 'split_picture.wasm', 'split_practice.wasm', 'split_stack.wasm', 'split_transpose.wasm']) {
      assert.ok(names.includes(want), `${want} was fetched in the background (got ${names.join(', ')})`);
    }
    const early = chunks.filter((e) => e.start < readyAt);
    assert.deepEqual(early.map((e) => e.name), [], 'no chunk is fetched before the first screen is whole');
    assert.deepEqual(app.problems, []);
  } finally {
    await app.close();
  }
});

test('a view whose chunk does not arrive says so; the work is kept, and a later try loads it', { timeout: 60_000 }, async () => {
  // No service worker: page.route() below must see every request.
  const app = await session.openApp({ mounted: false, name: 'chunks-offline', serviceWorkers: 'block' });
  try {
    const { page } = app;
    let offline = true;
    await page.route('**/split_compare.wasm', (route) => (offline ? route.abort() : route.continue()));
    await page.reload();
    await page.locator(APP).waitFor({ timeout: 20_000 });
    // An edit before the view is asked for: it must survive.
    const cell = page.locator('input[aria-label="in1 row 1 column 1"]');
    await cell.fill('7');
    await cell.press('Enter');
    await page.getByRole('button', { name: 'Compare', exact: true }).click();
    const failed = byTestId(page, 'chunk-failed');
    await failed.waitFor({ timeout: 10_000 });
    assert.match(await failed.textContent(), /could not be loaded.*Your work is kept/);
    await screenshot(page, 'chunk-failed');
    assert.deepEqual(panics(app.problems), [], 'no panic');
    // Only the failed fetch itself is reported.
    for (const p of app.problems) assert.match(p, /Failed to load resource|split_compare|TypeError|network/i, p);
    // Back online: the next time the view is asked for, it loads.
    offline = false;
    app.problems.length = 0;
    await page.getByRole('button', { name: 'Lab', exact: true }).click();
    assert.equal(await page.locator('input[aria-label="in1 row 1 column 1"]').inputValue(), '7', 'the edit is kept');
    await page.getByRole('button', { name: 'Compare', exact: true }).click();
    await byTestId(page, 'compare').waitFor({ timeout: 10_000 });
    assert.equal(await byTestId(page, 'chunk-failed').count(), 0);
    await page.locator(APP).waitFor({ timeout: 10_000 });
    assert.deepEqual(app.problems, []);
  } finally {
    await app.close();
  }
});

test('random hands while every chunk takes a second to arrive: no panic, consistent screen', { timeout: 240_000 }, async () => {
  // No service worker: page.route() below must see every request.
  const app = await session.openApp({ mounted: false, name: 'chunks-slow-hands', serviceWorkers: 'block' });
  try {
    const { page } = app;
    // Views are asked for while their chunk is still on its way, and taken
    // away again before it arrives.
    await page.route(/\/(split_[a-z_]+|chunk_\d+)\.wasm$/, async (route) => {
      await new Promise((ok) => setTimeout(ok, 1000));
      await route.continue().catch(() => {});
    });
    await page.reload();
    await page.locator(APP).waitFor({ timeout: 20_000 });
    const log = await runHands(app, { seed: 41, actions: 150, oracle: loadOracle(), baseUrl: session.url });
    assert.equal(log.length, 150);
    assertNoProblems(app);
  } finally {
    await app.close();
  }
});

// The app mounts in Chromium, and what it shows agrees with the oracle.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { startSession, screenshot, outCells, oracleCase, expectedCells, compareCells, waitForApp, assertNoProblems } from './harness.mjs';

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

test('while the engine loads the page says what ConvLab is; the app then replaces it, whole', { timeout: 60_000 }, async () => {
  // No service worker: page.route() below must see every request.
  const app = await session.openApp({ mounted: false, name: 'shell', serviceWorkers: 'block' });
  try {
    const { page } = app;
    // Hold the WebAssembly until the first screen has been looked at.
    let release;
    const held = new Promise((ok) => (release = ok));
    await page.route('**/*.wasm', async (route) => {
      await held;
      await route.continue();
    });
    const reload = page.reload();
    const lead = page.locator('#shell .shell__lead');
    await lead.waitFor({ state: 'visible', timeout: 10_000 });
    assert.match(await lead.textContent(), /PyTorch's conv2d/);
    assert.match(await page.locator('#shell [role="status"]').textContent(), /Loading the convolution engine/);
    assert.equal(await page.locator('[data-testid="app"]').count(), 0, 'no app before its engine');
    release();
    await reload;
    await page.locator('[data-testid="app"][data-ready]').waitFor({ timeout: 20_000 });
    assert.equal(await page.locator('#shell').count(), 0, 'the loading page is gone');
    // Whole: the parts built in later tasks are there.
    for (const part of ['in1 row 1 column 1', 'in2 row 1 column 1']) assert.equal(await page.locator(`input[aria-label="${part}"]`).count(), 1, part);
    assert.ok((await page.locator('.info').count()) === 1, 'the arithmetic and shapes');
    assert.deepEqual(app.problems, []);
  } finally {
    await app.close();
  }
});

test('an engine that cannot be fetched is said on the page, not a page stuck on "Loading"', { timeout: 60_000 }, async () => {
  // No service worker: page.route() below must see every request.
  const app = await session.openApp({ mounted: false, name: 'no-engine', serviceWorkers: 'block' });
  try {
    const { page } = app;
    await page.route('**/convlab_bg.wasm', (route) => route.abort());
    await page.reload();
    const status = page.locator('#shell [role="status"]');
    await page.waitForFunction(() => /could not be loaded/.test(document.querySelector('#shell [role="status"]')?.textContent ?? ''), null, { timeout: 20_000 });
    assert.match(await status.textContent(), /The convolution engine could not be loaded .*Reload the page to try again\./);
    assert.match(await page.locator('#shell .shell__lead').textContent(), /PyTorch's conv2d/, 'what ConvLab is stays');
    assert.equal(await page.locator('[data-testid="app"]').count(), 0);
  } finally {
    await app.close();
  }
});

// The page is built a part a task (src/ui/shell/later.rs). Every part arrives below
// what is on screen, so nothing drawn moves. A slowed CPU (4x, as Lighthouse's
// phone) lets frames be drawn between the parts, where a shift would show.
for (const [width, height] of [[412, 823], [1280, 800]]) {
  test(`nothing on screen moves while the page is built (${width}x${height}, CPU slowed 4x)`, { timeout: 90_000 }, async () => {
    const app = await session.openApp({ width, height, mounted: false, name: `shifts-${width}` });
    try {
      const { page, context } = app;
      const cdp = await context.newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
      await page.addInitScript(() => {
        window.__shifts = [];
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) {
            const what = e.sources.map((s) => (s.node?.nodeType === 1 ? `${s.node.tagName.toLowerCase()}.${[...s.node.classList].join('.')}` : String(s.node?.nodeName)));
            window.__shifts.push(`${e.value.toFixed(4)} at ${Math.round(e.startTime)} ms: ${what.join(', ')}`);
          }
        }).observe({ type: 'layout-shift', buffered: true });
      });
      await page.reload();
      await waitForApp(page, app.problems);
      // The frames after the last part.
      await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
      assert.deepEqual(await page.evaluate(() => window.__shifts), []);
      assert.ok((await page.locator('.side input').count()) > 0 && (await page.locator('.info').count()) === 1, 'the page is whole');
      assertNoProblems(app);
    } finally {
      await app.close();
    }
  });
}

test('the first scene shows SciPy convolve2d of the step edge (lecture-step-edge-convolve-valid)', { timeout: 60_000 }, async (t) => {
  const expected = expectedCells(oracleCase('lecture-step-edge-convolve-valid'));
  await session.withApp(t, async ({ page }) => {
    await page.locator('[data-testid="out-cell"]').first().waitFor({ state: 'attached', timeout: 10_000 });
    const cells = await outCells(page);
    assert.equal(cells.length, expected.size, 'number of output cells');
    assert.deepEqual(compareCells(cells, expected), []);
  });
});

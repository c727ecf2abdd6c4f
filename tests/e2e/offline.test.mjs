// Offline and installable (assets/sw.js, scripts/build_sw.sh, index.html):
// once the service worker has kept the build, every view works with the
// network gone; a newer build waits until the person clicks "Reload", and
// until then the page keeps getting the old build's files.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { startSession, waitForApp, assertNoProblems, byTestId, outCells, screenshot, APP, DIST, ROOT } from './harness.mjs';

let session;
before(async () => {
  session = await startSession();
});
after(async () => {
  await session?.close();
});

/** Every file of a build but sw.js, as paths relative to it. */
function buildFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else out.push(relative(dir, join(d, e.name)).split('\\').join('/'));
    }
  };
  walk(dir);
  return out.filter((f) => f !== 'sw.js').sort();
}

/** The page's service-worker caches: { name: [paths relative to the page] }. */
const cachesOf = (page) =>
  page.evaluate(async () => {
    const out = {};
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      out[name] = (await cache.keys()).map((r) => r.url.slice(new URL('./', location.href).href.length)).sort();
    }
    return out;
  });

/** Waits until the service worker controls the page (reloading once if the
 *  worker arrived after the page did) and returns its cache's name. */
async function controlled(app) {
  const { page } = app;
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  if (!(await page.evaluate(() => Boolean(navigator.serviceWorker.controller)))) {
    await page.reload();
    await waitForApp(page, app.problems);
  }
  assert.ok(await page.evaluate(() => Boolean(navigator.serviceWorker.controller)), 'the service worker controls the page');
  const names = Object.keys(await cachesOf(page));
  assert.equal(names.length, 1, `one cache: ${names.join(', ')}`);
  assert.match(names[0], /^convlab-[0-9a-f]{16}$/);
  return names[0];
}

/** Loads `path` (relative to the server) afresh, the network gone. */
async function offlineGoto(app, path = '') {
  await app.page.goto('about:blank');
  await app.page.goto(new URL(path, session.url).href);
  await waitForApp(app.page, app.problems);
  assert.ok(await app.page.evaluate(() => Boolean(navigator.serviceWorker.controller)), 'served by the worker');
}

test('the manifest makes ConvLab installable: name, start_url, standalone, icons of 192 and 512 pixels', { timeout: 60_000 }, async (t) => {
  await session.withApp(t, async ({ page, context }) => {
    // Chromium's own verdict, once the worker is there. A test browser is
    // a private window, where nothing is installed: that reason alone may stay.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    const cdp = await context.newCDPSession(page);
    assert.deepEqual((await cdp.send('Page.getAppManifest')).errors, [], 'the manifest parses');
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    assert.deepEqual(installabilityErrors.filter((e) => e.errorId !== 'in-incognito'), [], 'Chromium would install it');
    const href = await page.locator('link[rel="manifest"]').getAttribute('href');
    const url = new URL(href, page.url()).href;
    const res = await page.request.get(url);
    assert.equal(res.status(), 200, url);
    const m = await res.json();
    assert.equal(m.name, 'ConvLab');
    assert.equal(m.start_url, './');
    assert.equal(m.display, 'standalone');
    assert.match(m.theme_color, /^#[0-9a-f]{6}$/i);
    assert.equal(await page.locator('meta[name="theme-color"]').getAttribute('content'), m.theme_color);
    for (const size of [192, 512]) {
      const icon = m.icons.find((i) => i.sizes === `${size}x${size}`);
      assert.ok(icon, `an icon of ${size}x${size}`);
      const png = await (await page.request.get(new URL(icon.src, url).href)).body();
      assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG', icon.src);
      assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [size, size], `${icon.src} is ${size}x${size}`);
    }
  });
});

test('the first screen waits for none of it: offline.js, which registers the worker, comes after the page is whole', { timeout: 60_000 }, async () => {
  const app = await session.openApp({ mounted: false, name: 'offline-first-load' });
  try {
    const { page } = app;
    await page.addInitScript(() => {
      new MutationObserver(() => {
        if (window.__readyAt === undefined && document.querySelector('[data-testid="app"][data-ready]')) window.__readyAt = performance.now();
      }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-ready'] });
    });
    await page.reload();
    await waitForApp(page, app.problems);
    await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => /\/offline\.js$/.test(e.name)), null, { timeout: 20_000 });
    const { readyAt, entries } = await page.evaluate(() => ({
      readyAt: window.__readyAt,
      entries: performance.getEntriesByType('resource').map((e) => ({ name: e.name, start: e.startTime })),
    }));
    const offline = entries.filter((e) => /\/offline\.js$/.test(e.name));
    assert.equal(offline.length, 1);
    assert.ok(offline[0].start >= readyAt, `offline.js at ${offline[0].start} ms, the page whole at ${readyAt} ms`);
    for (const e of entries) assert.ok(!/\/(sw\.js|manifest\.webmanifest|icon-\d+\.png)$/.test(e.name) || e.start >= readyAt, `${e.name} before the page was whole`);
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    assertNoProblems(app);
  } finally {
    await app.close();
  }
});

test('offline, every view works: lab, compare, network, practice, a stack, a transposed scatter, a sample photo, links', { timeout: 180_000 }, async (t) => {
  await session.withApp(t, async (app) => {
    const { page, context } = app;
    // A request that fails, other than one a navigation away cut short.
    page.on('requestfailed', (r) => {
      if (r.failure()?.errorText !== 'net::ERR_ABORTED') app.problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`);
    });
    const cache = await controlled(app);
    // The worker keeps every file of the build, no more, no less.
    assert.deepEqual((await cachesOf(page))[cache], buildFiles(DIST), 'the cache holds every file of dist/');
    const sw = readFileSync(join(DIST, 'sw.js'), 'utf8');
    assert.equal(cache, `convlab-${sw.match(/const VERSION = "([0-9a-f]+)"/)[1]}`);

    await context.setOffline(true);
    // A file the worker does not keep cannot be fetched now.
    assert.equal(await page.evaluate(() => fetch(`not-kept-${Date.now()}`).then(() => 'online', () => 'offline')), 'offline', 'the network is gone');
    app.problems.length = 0; // that refused request
    await page.reload();
    await waitForApp(page, app.problems);

    // The lab: step the player, edit a kernel value and see the output follow.
    const pos = byTestId(page, 'frame-pos');
    const [, total] = (await pos.textContent()).match(/^1 \/ (\d+)$/);
    await page.getByRole('button', { name: 'Step forward', exact: true }).click();
    assert.equal(await pos.textContent(), `2 / ${total}`);
    const before = (await outCells(page)).map((c) => c.raw).join(' ');
    const kernel = page.locator('input[aria-label="in2 row 1 column 1"]');
    const was = Number(await kernel.inputValue());
    await kernel.fill(String(was + 3));
    await kernel.press('Enter');
    await page.waitForFunction((b) => [...document.querySelectorAll('[data-testid="out-cell"]')].map((e) => e.dataset.value).join(' ') !== b, before);

    // Compare (a chunk of its own).
    await page.getByRole('button', { name: 'Compare', exact: true }).click();
    await byTestId(page, 'compare').waitFor({ timeout: 10_000 });
    assert.equal(await byTestId(page, 'chunk-failed').count(), 0);
    await page.getByRole('button', { name: 'Lab', exact: true }).click();

    // A share link (#scene=) made here opens, offline, with the edit.
    await byTestId(page, 'share').click();
    const link = await byTestId(page, 'share-url').inputValue();
    const fragment = link.slice(link.indexOf('#'));
    assert.match(fragment, /^#scene=/);
    await offlineGoto(app, fragment);
    assert.equal(Number(await page.locator('input[aria-label="in2 row 1 column 1"]').inputValue()), was + 3, 'the link carries the edit');

    // The network page: the model table.
    await byTestId(page, 'model-open').click();
    await byTestId(page, 'network').waitFor({ timeout: 10_000 });
    await byTestId(page, 'model-layer').first().waitFor({ timeout: 10_000 });
    assert.ok((await byTestId(page, 'model-layer').count()) >= 1);
    assert.match(await byTestId(page, 'net-total').innerText(), /^\d+$/);

    // Practice, from a #practice= link: an exercise, an answer checked.
    await offlineGoto(app, '#practice=4242.value');
    await byTestId(page, 'exercise').waitFor({ timeout: 10_000 });
    assert.equal(await byTestId(page, 'exercise').getAttribute('data-kind'), 'value');
    await byTestId(page, 'answer').fill('0');
    await byTestId(page, 'answer').press('Enter');
    await byTestId(page, 'verdict').waitFor({ timeout: 10_000 });
    assert.match(await byTestId(page, 'verdict').getAttribute('data-correct'), /^(true|false)$/);

    // A stack (section 10) and a transposed convolution as a scatter (section 9).
    await offlineGoto(app);
    await page.getByRole('button', { name: 'Lab', exact: true }).click();
    const select = byTestId(page, 'lesson-select');
    const options = await select.locator('option').allTextContents();
    const stack = options.findIndex((o) => o.startsWith('10.') && o.endsWith('A small VGG-like tower'));
    assert.ok(stack > 0, options.join(' | '));
    await select.selectOption({ index: stack });
    await byTestId(page, 'stack-view').waitFor({ timeout: 10_000 });
    assert.ok((await byTestId(page, 'stack-level').count()) >= 4);
    const scatter = options.findIndex((o) => o.startsWith('9.') && o.endsWith('Stamps that overlap'));
    assert.ok(scatter > 0, options.join(' | '));
    await select.selectOption({ index: scatter });
    await byTestId(page, 'framing-scatter').click();
    await page.getByRole('button', { name: 'Last', exact: true }).click();
    const stamped = await outCells(page, 'scatter-cell');
    assert.ok(stamped.length > 0 && stamped.every((c) => Number.isFinite(c.value)), 'the scatter view shows its output');

    // A bundled photo (samples/, fetched when picked).
    await select.selectOption({ index: 0 });
    await page.getByRole('button', { name: 'Lab', exact: true }).click();
    await byTestId(page, 'sample-chelsea').click();
    await page.getByText(/chelsea\.png: \d+x\d+ pixels/).waitFor({ timeout: 10_000 });
    await byTestId(page, 'out-picture').first().waitFor({ timeout: 10_000 });
    await screenshot(page, 'offline-sample');

    assert.equal(await byTestId(page, 'chunk-failed').count(), 0, 'every chunk came from the cache');
    assertNoProblems(app);
    await context.setOffline(false);
  });
});

test('a new build waits for "Reload": the old files until then, the new ones and only its cache after', { timeout: 120_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'convlab-update-'));
  cpSync(DIST, dir, { recursive: true });
  const copy = await startSession({ dir });
  try {
    await copy.withApp(t, async (app) => {
      const { page } = app;
      const description = () => page.locator('meta[name="description"]').getAttribute('content');
      const old = await controlled(app);
      const was = await description();
      assert.equal(await byTestId(page, 'update-ready').count(), 0, 'no notice without a new version');

      // The next build: index.html says something new; sw.js is written again.
      const index = join(dir, 'index.html');
      writeFileSync(index, readFileSync(index, 'utf8').replace(`content="${was}"`, `content="${was} (the next build)"`));
      execFileSync('bash', [join(ROOT, 'scripts/build_sw.sh'), dir], { stdio: 'pipe' });
      const next = `convlab-${readFileSync(join(dir, 'sw.js'), 'utf8').match(/const VERSION = "([0-9a-f]+)"/)[1]}`;
      assert.notEqual(next, old, 'a new version');

      await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.update()));
      const notice = byTestId(page, 'update-ready');
      await notice.waitFor({ timeout: 20_000 });
      assert.equal(await notice.getAttribute('role'), 'status');
      assert.match(await notice.innerText(), /A new version of ConvLab is ready/);
      const [noticePx, bodyPx] = await page.evaluate(() => [
        parseFloat(getComputedStyle(document.querySelector('[data-testid="update-ready"]')).fontSize),
        parseFloat(getComputedStyle(document.body).fontSize),
      ]);
      assert.ok(noticePx >= bodyPx, `the notice's text (${noticePx}px) is at least the body's (${bodyPx}px)`);
      await screenshot(page, 'offline-update-ready');
      assert.deepEqual(Object.keys(await cachesOf(page)).sort(), [old, next].sort(), 'the new version is kept next to the old');

      // Until Reload is clicked the old build's files are served, even on a reload.
      const served = () => page.evaluate(() => fetch('index.html').then((r) => r.text()));
      assert.ok(!(await served()).includes('(the next build)'), 'index.html is still the old one');
      await page.reload();
      await waitForApp(page, app.problems);
      assert.equal(await description(), was, 'a reload still shows the old build');
      await notice.waitFor({ timeout: 10_000 });

      // Reload: the new build, and only its cache.
      await Promise.all([page.waitForEvent('load', { timeout: 20_000 }), byTestId(page, 'update-reload').click()]);
      await waitForApp(page, app.problems);
      assert.equal(await description(), `${was} (the next build)`);
      assert.ok((await served()).includes('(the next build)'));
      assert.deepEqual(Object.keys(await cachesOf(page)), [next], 'only the new version\'s cache is left');
      assert.equal(await byTestId(page, 'update-ready').count(), 0);
      assertNoProblems(app);
    });
  } finally {
    await copy.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

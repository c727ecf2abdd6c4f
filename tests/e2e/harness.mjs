// Browser-test harness: serves dist/ on a free loopback port, drives Debian's
// Chromium headless through playwright-core, and reads the app's screen.
//
//   const s = await startSession();          // in before()
//   await s.withApp(t, async ({ page }) => { ... });
//   await s.close();                          // in after()
//
// withApp fails the test on any page error or console error (a wasm panic
// shows as both) and on any request that leaves loopback, and saves a
// screenshot under target/e2e-screenshots/ when the test fails.
//
// Environment: CONVLAB_DIST (default dist/), CONVLAB_ORACLE (default
// tests/oracle/conv_cases.json), CONVLAB_CHROMIUM (default
// /usr/bin/chromium).

import { createServer } from 'node:http';
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const DIST = resolve(ROOT, process.env.CONVLAB_DIST ?? 'dist');
export const ORACLE = resolve(ROOT, process.env.CONVLAB_ORACLE ?? 'tests/oracle/conv_cases.json');
export const CHROMIUM = process.env.CONVLAB_CHROMIUM ?? '/usr/bin/chromium';
export const SCREENSHOTS = join(ROOT, 'target', 'e2e-screenshots');

/** The app's root once Leptos has mounted it and built every part it defers
 *  to a later task (src/ui/shell/later.rs). */
export const APP = '[data-testid="app"][data-ready]';
const MOUNT_TIMEOUT_MS = 20_000;

// Headless Chromium as root, on a machine with no way out: no sandbox, no GPU,
// and none of Chromium's own calls home.
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

// ---------------------------------------------------------------- server

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/** Serves the files under `dir` on 127.0.0.1, on a port the OS picks. */
export async function serveDir(dir = DIST) {
  const root = resolve(dir);
  if (!existsSync(join(root, 'index.html'))) {
    throw new Error(`${join(root, 'index.html')} is missing: run \`trunk build --release\` first`);
  }
  const server = createServer(async (req, res) => {
    const send = (status, type, body) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, MIME['.txt'], 'method not allowed\n');
    let file;
    try {
      file = resolve(root, '.' + decodeURIComponent(new URL(req.url, 'http://x').pathname));
    } catch {
      return send(400, MIME['.txt'], 'bad request\n');
    }
    if (file !== root && !file.startsWith(root + sep)) return send(403, MIME['.txt'], 'forbidden\n');
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      send(200, MIME[extname(file).toLowerCase()] ?? 'application/octet-stream', body);
    } catch {
      send(404, MIME['.txt'], 'not found\n');
    }
  });
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', ok);
  });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise((ok) => {
        server.closeAllConnections?.();
        server.close(() => ok());
      }),
  };
}

// ---------------------------------------------------------------- browser

/** Headless Chromium; playwright gives each launch a fresh temporary profile. */
export async function launchChromium() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM}: install the Debian packages chromium and chromium-driver`);
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

const isLoopback = (url) => ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);

/**
 * The server and the browser for one test file. `openApp` gives a fresh
 * browser context (no stored state) at the given size, with the app mounted.
 * `dir`: the build to serve (default DIST).
 */
export async function startSession({ dir = DIST } = {}) {
  const server = await serveDir(dir);
  let browser;
  try {
    browser = await launchChromium();
  } catch (err) {
    await server.close();
    throw err;
  }

  async function openApp({ width = 1280, height = 800, path = '', mounted = true, name = 'open-app', touch = false, serviceWorkers = 'allow' } = {}) {
    // `touch`: a phone or tablet (touch events, coarse pointer, no hover).
    // `serviceWorkers: 'block'`: no service worker (sw.js) is registered. A
    // request the worker answers from its cache is never seen by
    // page.route(), so a test that holds or fails requests there blocks it.
    const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1, hasTouch: touch, isMobile: touch, serviceWorkers });
    const problems = [];
    await context.route(
      (url) => !isLoopback(url),
      (route) => {
        problems.push(`request outside loopback: ${route.request().url()}`);
        return route.abort();
      },
    );
    const page = await context.newPage();
    page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console.error: ${msg.text()}`);
    });
    page.on('crash', () => problems.push('page crashed'));
    const app = { page, context, problems, close: () => context.close() };
    try {
      await page.goto(new URL(path, server.url).href);
      if (mounted) await waitForApp(page, problems);
    } catch (err) {
      await screenshot(page, `${name}-failed`).catch(() => {});
      await context.close();
      throw err;
    }
    return app;
  }

  /**
   * Runs `fn(app)` on a freshly opened app, then fails if the page logged an
   * error or panicked. On failure saves target/e2e-screenshots/<test>-failed.png.
   * `options`: width, height (default 1280x800), path (relative to the server,
   * e.g. '#scene=...': open a share link this way, since a page.goto() that
   * changes only the fragment of the open page does not reload it).
   */
  async function withApp(t, fn, options = {}) {
    const name = slug(t?.name ?? 'test');
    const app = await openApp({ name, ...options });
    try {
      await fn(app);
      assertNoProblems(app);
    } catch (err) {
      await screenshot(app.page, `${name}-failed`).catch(() => {});
      throw err;
    } finally {
      await app.close();
    }
  }

  return {
    url: server.url,
    browser,
    openApp,
    withApp,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/** Waits until Leptos has mounted the app; the error names what the page logged. */
export async function waitForApp(page, problems = []) {
  try {
    await page.locator(APP).waitFor({ state: 'visible', timeout: MOUNT_TIMEOUT_MS });
  } catch (err) {
    throw new Error(`the app did not mount: ${err.message}\n${problems.join('\n')}`);
  }
}

/** Messages that show a Rust panic (console_error_panic_hook's, or the trap). */
export const panics = (problems) => problems.filter((p) => /panicked|unreachable/i.test(p));

export function assertNoProblems(app) {
  const panicked = panics(app.problems);
  assert.deepEqual(panicked, [], `the app panicked:\n${panicked.join('\n')}`);
  assert.deepEqual(app.problems, [], `the page reported errors:\n${app.problems.join('\n')}`);
}

const slug = (s) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'test';

/** Saves the viewport as target/e2e-screenshots/NAME.png and returns the path. */
export async function screenshot(page, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${slug(name)}.png`);
  await page.screenshot({ path, animations: 'disabled' });
  return path;
}

// ---------------------------------------------------------------- page objects

export const byTestId = (page, id) => page.locator(`[data-testid="${id}"]`);

/** A number as Rust's `{}` prints an f64 ("9", "-0.5", "NaN", "inf", "-inf"). */
export function parseRustF64(s) {
  if (s === 'inf') return Infinity;
  if (s === '-inf') return -Infinity;
  if (s === 'NaN') return NaN;
  return s === null || s.trim() === '' ? NaN : Number(s);
}

/**
 * The output cells on screen: [{ index: "n,c,i,j", value, raw, text }], in
 * document order. `value` is data-value parsed; `text` is what is shown.
 */
export async function outCells(page, testid = 'out-cell') {
  const cells = await byTestId(page, testid).evaluateAll((els) =>
    els.map((e) => ({
      index: e.getAttribute('data-index'),
      raw: e.getAttribute('data-value'),
      text: e.textContent.trim(),
    })),
  );
  return cells.map((c) => ({ ...c, value: parseRustF64(c.raw) }));
}

/**
 * The colour each cell matching `cells` (a selector; output cells by
 * default) is painted with: its pixel of the canvas behind its grid
 * (`.plane__heat`, one pixel per cell, scaled up).
 * [{ index, raw, title, rgba: [r, g, b, a 0..255] }]; a cell with no canvas
 * behind it has `rgba: null`.
 */
export async function heatPixels(page, cells = '[data-testid="out-cell"]') {
  return page.evaluate((selector) => {
    const out = [];
    for (const grid of document.querySelectorAll('.plane__grid')) {
      const cells = grid.querySelector('.plane__cells')?.children ?? [];
      const canvas = grid.querySelector('canvas.plane__heat');
      const data = canvas ? canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data : null;
      [...cells].forEach((el, k) => {
        if (!el.matches(selector)) return;
        out.push({ index: el.dataset.index, raw: el.dataset.value, title: el.title, rgba: data ? [...data.slice(4 * k, 4 * k + 4)] : null });
      });
    }
    return out;
  }, cells);
}

/**
 * What the screen shows at viewport points [[x, y], ...]: [r, g, b] each,
 * read from a screenshot (decoded by the page itself).
 */
export async function screenPixels(page, points) {
  const png = (await page.screenshot({ animations: 'disabled' })).toString('base64');
  return page.evaluate(async ({ png, points }) => {
    const blob = new Blob([Uint8Array.from(atob(png), (c) => c.charCodeAt(0))], { type: 'image/png' });
    const bitmap = await createImageBitmap(blob);
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d');
    ctx.drawImage(bitmap, 0, 0);
    const data = ctx.getImageData(0, 0, bitmap.width, bitmap.height).data;
    return points.map(([x, y]) => {
      const at = 4 * (Math.floor(y) * bitmap.width + Math.floor(x));
      return [data[at], data[at + 1], data[at + 2]];
    });
  }, { png, points });
}

// ---------------------------------------------------------------- oracle

let oracleCache;
export function loadOracle(path = ORACLE) {
  if (path === ORACLE && oracleCache) return oracleCache;
  const data = JSON.parse(readFileSync(path, 'utf8'));
  if (path === ORACLE) oracleCache = data;
  return data;
}

export function oracleCase(name, path = ORACLE) {
  const found = loadOracle(path).cases.find((c) => c.name === name);
  if (!found) throw new Error(`no case named ${name} in ${path}`);
  return found;
}

/**
 * The case's expected output as Map("n,c,i,j" -> number): PyTorch outputs
 * (conv2d, conv_transpose2d) are [N][C][H][W]; SciPy's 2-D outputs are indexed "0,0,i,j".
 */
export function expectedCells(kase) {
  if (!('expected' in kase)) throw new Error(`case ${kase.name} has no expected output (error: ${kase.error})`);
  const out = new Map();
  const walk = (v, idx) => {
    if (Array.isArray(v)) v.forEach((x, k) => walk(x, [...idx, k]));
    else out.set(idx.join(','), v);
  };
  walk(kase.expected, []);
  const rank = kase.op === 'torch.conv2d' || kase.op === 'torch.conv_transpose2d' ? 4 : 2;
  if (rank === 4) return out;
  return new Map([...out].map(([k, v]) => [`0,0,${k}`, v]));
}

export const approxEqual = (a, e, tol = 1e-9) =>
  Object.is(a, e) || (Number.isNaN(a) && Number.isNaN(e)) || Math.abs(a - e) <= tol * Math.max(1, Math.abs(e));

/** Differences between cells on screen and expected values; [] when they agree. */
export function compareCells(cells, expected, tol = 1e-9) {
  const diffs = [];
  const seen = new Set();
  for (const { index, value, raw } of cells) {
    if (seen.has(index)) diffs.push(`${index}: shown twice`);
    seen.add(index);
    if (!expected.has(index)) diffs.push(`${index}: not expected (shows ${raw})`);
    else if (!approxEqual(value, expected.get(index), tol)) diffs.push(`${index}: shows ${raw}, expected ${expected.get(index)}`);
  }
  for (const index of expected.keys()) if (!seen.has(index)) diffs.push(`${index}: missing`);
  return diffs;
}

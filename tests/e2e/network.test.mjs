// "Your network" (issue 29) as a person uses it: pick a known
// architecture, paste a model that breaks and apply the fix, see what a
// pixel sees, open a run of layers in the stack view, type junk. Every
// expected shape, parameter count, message and field is PyTorch's, from
// tests/oracle/model_cases.json.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSession, screenshot, byTestId, ROOT, APP } from './harness.mjs';

let session;
before(async () => {
  session = await startSession();
});
after(async () => {
  await session?.close();
});

const models = JSON.parse(readFileSync(join(ROOT, 'tests/oracle/model_cases.json'), 'utf8')).cases;
const kase = (name) => models.find((c) => c.name === name);
const tuple = (xs) => `(${xs.join(', ')})`; // as a person types a shape

async function openNetwork(page) {
  await byTestId(page, 'model-open').click();
  await byTestId(page, 'network').waitFor();
}

async function paste(page, text, shape) {
  await byTestId(page, 'model-text').fill(text);
  await byTestId(page, 'model-input-shape').fill(tuple(shape));
}

const rows = (page) =>
  byTestId(page, 'model-layer').evaluateAll((rs) => rs.map((r) => ({ path: r.dataset.path, kind: r.dataset.kind, shape: r.dataset.shape, params: Number(r.dataset.params) })));

test('a known architecture: every layer\'s shape and parameters, the total and the field are PyTorch\'s', { timeout: 90_000 }, async (t) => {
  await session.withApp(t, async ({ page }) => {
    await openNetwork(page);
    for (const name of ['model-0-lenet5', 'model-2-vgg16-features', 'model-4-resnet18-stem', 'model-6-dcgan-generator']) {
      const c = kase(name);
      await paste(page, c.text, c.input_shape);
      await page.waitForFunction((n) => document.querySelectorAll('[data-testid="model-layer"]').length === n, c.expected.layers.length);
      assert.deepEqual(await rows(page), c.expected.layers.map((l) => ({ path: l.path, kind: l.kind, shape: l.shape.join(','), params: l.params })), name);
      assert.equal(await byTestId(page, 'net-total').innerText(), String(c.expected.params), name);
      // What the centre pixel of the last spatial layer sees.
      const last = c.expected.layers.map((l) => l.shape.length).lastIndexOf(4);
      await byTestId(page, 'model-layer').nth(last).getByTestId('net-see').click();
      const f = c.expected.receptive_field;
      const rf = byTestId(page, 'model-rf');
      await rf.waitFor();
      assert.equal(await rf.getAttribute('data-cell'), f.cell.join(','), name);
      assert.equal(await rf.getAttribute('data-rows'), f.rows.join(','), name);
      assert.equal(await rf.getAttribute('data-cols'), f.cols.join(','), name);
    }
    await screenshot(page, 'network-table');
  });
});

test('a model that breaks: PyTorch\'s message where it stops, the shapes that met, and a fix that works', { timeout: 90_000 }, async (t) => {
  await session.withApp(t, async ({ page }) => {
    await openNetwork(page);
    for (const c of models.filter((m) => m.error).slice(0, 6)) {
      await paste(page, c.text, c.input_shape);
      const br = byTestId(page, 'model-error');
      await br.waitFor();
      assert.equal(await br.getAttribute('data-layer'), c.error.layer, c.name);
      assert.equal(await br.getAttribute('data-kind'), c.error.kind, c.name);
      assert.equal(await byTestId(page, 'net-message').innerText(), c.error.message, c.name);
    }
    // The first mistake (a Conv2d fed 16 channels where it expects 32): the fix runs.
    const c = kase('model-8-mistake-in-channels');
    await paste(page, c.text, c.input_shape);
    await byTestId(page, 'net-fix').waitFor();
    assert.match(await byTestId(page, 'net-fix-text').innerText(), /^Fix: /);
    await screenshot(page, 'network-break');
    await byTestId(page, 'net-fix').click();
    await byTestId(page, 'model-error').waitFor({ state: 'detached' });
    assert.ok((await rows(page)).length >= 3, 'every layer runs after the fix');
  });
});

test('junk typed into the model never loses the text and says what is wrong; a reload keeps it', { timeout: 90_000 }, async (t) => {
  const app = await session.openApp({ name: 'network-junk' });
  try {
    const { page } = app;
    await openNetwork(page);
    const junk = 'nn.Sequential(nn.Conv2d(3, 16, 3, padding=1), nn.ReLU(), nn.Conv2d(16,';
    await byTestId(page, 'model-text').fill('');
    await byTestId(page, 'model-text').pressSequentially(junk, { delay: 5 });
    const err = byTestId(page, 'model-parse-error');
    await err.waitFor();
    assert.ok(Number(await err.getAttribute('data-line')) >= 1 && Number(await err.getAttribute('data-column')) >= 1, 'it says where');
    assert.equal(await byTestId(page, 'model-text').inputValue(), junk);
    await byTestId(page, 'model-input-shape').fill('(1, 3, 32, -');
    await byTestId(page, 'net-shape-error').waitFor();
    await page.reload();
    await page.locator(APP).waitFor();
    await openNetwork(page);
    assert.equal(await byTestId(page, 'model-text').inputValue(), junk, 'the text survives a reload');
    assert.deepEqual(app.problems, []);
  } finally {
    await app.close();
  }
});

test('a run of conv and pool layers opens in the stack view with the table\'s shapes', { timeout: 90_000 }, async (t) => {
  await session.withApp(t, async ({ page }) => {
    await openNetwork(page);
    const c = kase('model-1-lenet5-mnist');
    await paste(page, c.text, c.input_shape);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="model-layer"]').length > 3);
    await byTestId(page, 'net-open-stack').first().click();
    await byTestId(page, 'stack-view').waitFor();
    const shapes = await byTestId(page, 'level-shape').allInnerTexts();
    // Every Conv2d and pool up to the Flatten is a level, both AvgPool2d
    // included, with the oracle's shapes (the Tanh layers keep the shape).
    const run = [];
    for (const l of c.expected.layers) {
      if (l.kind === 'Flatten') break;
      if (['Conv2d', 'MaxPool2d', 'AvgPool2d'].includes(l.kind)) run.push(l);
    }
    assert.equal(run.filter((l) => l.kind === 'AvgPool2d').length, 2);
    assert.deepEqual(
      shapes.slice(1),
      run.map(({ shape: [n, ch, h, w] }) => `N=${n} \u00b7 C=${ch} \u00b7 H=${h} \u00b7 W=${w}`),
    );
    assert.match(await byTestId(page, 'notice').innerText(), /of your network/);
  });
});

test('a share link made on the network page carries the model text and the input shape', { timeout: 90_000 }, async (t) => {
  const c = kase('model-9-mistake-linear-size');
  let url;
  await session.withApp(t, async ({ page }) => {
    await openNetwork(page);
    await paste(page, c.text, c.input_shape);
    await byTestId(page, 'model-error').waitFor();
    await byTestId(page, 'share').click();
    url = await byTestId(page, 'share-url').inputValue();
  });
  await session.withApp(t, async ({ page }) => {
    await byTestId(page, 'network').waitFor();
    assert.equal(await byTestId(page, 'model-text').inputValue(), c.text);
    assert.equal(await byTestId(page, 'model-input-shape').inputValue(), tuple(c.input_shape));
    assert.equal(await byTestId(page, 'model-error').getAttribute('data-layer'), c.error.layer);
  }, { path: `/${url.slice(url.indexOf('#'))}` });
});

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

// A stack case of tests/oracle/stack_cases.json as the nn.Sequential it
// describes (as tests/network.rs writes it).
const stackCases = JSON.parse(readFileSync(join(ROOT, 'tests/oracle/stack_cases.json'), 'utf8')).cases.filter((c) => c.expected && typeof c.expected === 'object');
const dims = (a) => (Array.isArray(a) ? [a.length, ...dims(a[0])] : []);
function stackSource(c) {
  const pair = (v) => `(${v[0]}, ${v[1]})`;
  const layers = c.layers.map((l) => {
    const [o, cg, kh, kw] = dims(l.weight);
    const padding = typeof l.padding === 'string' ? `'${l.padding}'` : pair(l.padding);
    return `nn.Conv2d(${cg * l.groups}, ${o}, (${kh}, ${kw}), stride=${pair(l.stride)}, padding=${padding}, dilation=${pair(l.dilation)}, groups=${l.groups}, bias=${l.bias === null ? 'False' : 'True'}, padding_mode='${l.padding_mode ?? 'zeros'}')`;
  });
  return `nn.Sequential(${layers.join(', ')})`;
}
// "0-1,5-6" -> a set of indices.
const expand = (runs) => new Set((runs || '').split(',').filter(Boolean).flatMap((r) => { const [a, b] = r.split('-').map(Number); return Array.from({ length: b - a + 1 }, (_, k) => a + k); }));

test('what a pixel sees: the border map of every layer is PyTorch\'s, cells picked by click and keys, over a photo', { timeout: 150_000 }, async (t) => {
  await session.withApp(t, async ({ page }) => {
    await openNetwork(page);
    // Cases whose borders are neither empty nor everything, padding modes mixed.
    const picked = stackCases.filter((c) => c.expected.border.some((m) => m.flat().some((v) => v > 0) && m.flat().some((v) => v === 0))).slice(0, 8);
    assert.ok(picked.length >= 5, `${picked.length} cases`);
    let cells = 0;
    for (const c of picked) {
      await paste(page, stackSource(c), dims(c.input));
      await page.waitForFunction((n) => document.querySelectorAll('[data-testid="model-layer"]').length === n, c.layers.length);
      await byTestId(page, 'model-layer').nth(c.layers.length - 1).getByTestId('net-see').click();
      const maps = byTestId(page, 'net-border-layer');
      await page.waitForFunction((n) => document.querySelectorAll('[data-testid="net-border-layer"]').length === n, c.layers.length);
      for (let k = 0; k < c.layers.length; k++) {
        const want = c.expected.border[k];
        const count = want.flat().filter((v) => v > 0).length;
        assert.equal(Number(await maps.nth(k).getAttribute('data-border')), count, `${c.name} layer ${k}`);
        assert.equal(Number(await maps.nth(k).getAttribute('data-total')), want.flat().length, `${c.name} layer ${k}`);
        await maps.nth(k).click();
        const out = byTestId(page, 'net-field-out');
        await page.waitForFunction((kk) => document.querySelector('[data-testid="model-rf"] h3')?.textContent.endsWith(`layer ${kk} sees`), String(k));
        const [rows, cols] = [expand(await out.getAttribute('data-border-rows')), expand(await out.getAttribute('data-border-cols'))];
        want.forEach((line, i) => line.forEach((v, j) => {
          assert.equal(rows.has(i) || cols.has(j), v > 0, `${c.name} layer ${k} cell ${i},${j}`);
          cells += 1;
        }));
      }
    }
    console.log(`# ${picked.length} models, ${cells} border cells compared with PyTorch's`);
    // Click a cell of the output map: it is picked; the arrow keys move it.
    const out = byTestId(page, 'net-field-out');
    const rf = byTestId(page, 'model-rf');
    const [ho, wo] = (await out.getAttribute('viewBox')).split(' ').slice(2).map(Number).reverse();
    const box = await out.boundingBox();
    const scale = Math.min(box.width / wo, box.height / ho);
    const x0 = box.x + (box.width - scale * wo) / 2;
    const y0 = box.y + (box.height - scale * ho) / 2;
    await page.mouse.click(x0 + scale * 1.5, y0 + scale * 0.5);
    await page.waitForFunction(() => document.querySelector('[data-testid="model-rf"]')?.dataset.cell === '0,1');
    await out.focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => document.querySelector('[data-testid="model-rf"]')?.dataset.cell === '1,2');
    assert.equal(await byTestId(page, 'net-cell-row').inputValue(), '1');
    // Over a photo: the bundled sample is fetched and drawn under the field.
    const fetched = page.waitForResponse((r) => r.url().endsWith('samples/chelsea.png'));
    await byTestId(page, 'net-field-photo').selectOption('chelsea.png');
    assert.equal((await fetched).status(), 200);
    assert.equal(await rf.locator('image').getAttribute('href'), 'samples/chelsea.png');
    await screenshot(page, 'network-field');
  });
});

test('section 11: a lesson opens its model on the network page, its words quote PyTorch\'s numbers, an edit marks them stale', { timeout: 120_000 }, async (t) => {
  await session.withApp(t, async ({ page }) => {
    const select = byTestId(page, 'lesson-select');
    const options = await select.locator('option').allTextContents();
    const open = async (title) => {
      const k = options.findIndex((o) => o.endsWith(title));
      assert.ok(k > 0, `lesson "${title}" in ${options.join(' | ')}`);
      await select.selectOption({ index: k });
      await byTestId(page, 'network').waitFor();
      await page.waitForFunction((w) => document.querySelector('[data-testid="lesson-title"]')?.textContent.endsWith(w), title);
    };
    const lesson = () => byTestId(page, 'lesson').innerText();
    // The ResNet stem: 224 -> 112 -> 56, PyTorch's shapes in the table and in the words.
    await open('The ResNet stem');
    const stem = kase('model-4-resnet18-stem');
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="model-layer"]').length === n, stem.expected.layers.length);
    assert.deepEqual(await rows(page), stem.expected.layers.map((l) => ({ path: l.path, kind: l.kind, shape: l.shape.join(','), params: l.params })));
    const words = await lesson();
    assert.ok(words.includes(tuple(stem.expected.layers[3].shape)), words);
    assert.ok(words.includes(tuple(stem.expected.layers[2].shape)), words);
    await screenshot(page, 'network-lesson-stem');
    // A Linear sized for another input: PyTorch's own message, quoted.
    await open('A Linear sized for another input');
    const lin = kase('model-9-mistake-linear-size');
    await byTestId(page, 'model-error').waitFor();
    assert.ok((await lesson()).includes(lin.error.message), await lesson());
    // Depthwise: the parameter counts in the words are the table's (PyTorch's).
    await open('Depthwise-separable blocks');
    const mob = kase('model-5-mobilenet-v1-start');
    const dw = await lesson();
    for (const k of [3, 6]) assert.ok(dw.includes(`${mob.expected.layers[k].params} parameters`) || dw.includes(`${mob.expected.layers[k].params} (`), `layer ${k}: ${dw}`);
    // Typing into the model: the words no longer describe it, and say so; restore brings it back.
    await byTestId(page, 'model-text').press('End');
    await byTestId(page, 'model-text').pressSequentially('\n# mine', { delay: 5 });
    await byTestId(page, 'lesson-stale').waitFor();
    await byTestId(page, 'lesson-restore').click();
    await byTestId(page, 'lesson-stale').waitFor({ state: 'detached' });
    assert.equal(await byTestId(page, 'model-text').inputValue(), mob.text);
    // A network lesson's words are not shown over the lab, nor a lab lesson's over the network page.
    await page.getByRole('button', { name: 'Lab', exact: true }).click();
    await byTestId(page, 'lesson').waitFor({ state: 'detached' });
  });
});

test('Copy the table puts PyTorch\'s numbers on the clipboard as text, and the export is the script that prints it', { timeout: 90_000 }, async (t) => {
  await session.withApp(t, async ({ page }) => {
    await openNetwork(page);
    const c = kase('model-0-lenet5');
    await paste(page, c.text, c.input_shape);
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="model-layer"]').length === n, c.expected.layers.length);
    await page.evaluate(() => {
      window.__copied = null;
      navigator.clipboard.writeText = async (text) => { window.__copied = text; };
    });
    await byTestId(page, 'net-copy-table').click();
    const text = await page.waitForFunction(() => window.__copied).then((h) => h.jsonValue());
    const lines = text.split('\n');
    for (const l of c.expected.layers) {
      const row = lines.find((x) => x.trim().split(/\s+/)[0] === l.path);
      assert.ok(row, `no row ${l.path} in\n${text}`);
      assert.ok(row.includes(l.kind) && row.includes(`[${l.shape.join(', ')}]`) && row.split(/\s+/).includes(String(l.params)), `${row}`);
    }
    assert.ok(lines.includes(`Total params: ${c.expected.params}`), text);
    await byTestId(page, 'notice').waitFor();
    const code = await byTestId(page, 'net-code').textContent();
    assert.match(code, /register_forward_hook/);
    assert.match(code, /INPUT_SHAPE = [[(]1, 1, 32, 32[)\]]/);
  });
});

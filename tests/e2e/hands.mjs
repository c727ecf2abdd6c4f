// Random hands: seeded sequences of what a person does to the page, with a
// check after every action that the page is alive and consistent.
//
//   const log = await runHands(app, { seed: 7, actions: 300 });
//
// Each action picks, with a seeded PRNG, one of the visible controls the page
// has at that moment (text fields, selects, buttons, checkboxes, sliders, the
// file input) or a shortcut key, and does what a person would: types a
// number, a half-typed number or nonsense character by character, picks an
// option, clicks, drags, presses a key, imports a broken file. Buttons that
// leave the page are left alone. The same seed gives the same actions, so a
// failure is replayed by its seed; the error lists the actions.

import { png, pixels } from './png.mjs';
import { APP } from './harness.mjs';
import { readFileSync } from 'node:fs';

/** mulberry32: a small seeded PRNG, the same on every machine. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// What people type: numbers, numbers on their way, and things that are not.
const TEXTS = [
  '0', '1', '2', '3', '-1', '-2', '5', '9', '10', '0.5', '-0.25', '1.5', '3.14159', '0.1234567',
  '100', '-100', '255', '1e3', '1e-5', '-0', ' 3 ', '7',
  '-', '1.', '', '.', '-.', '1e', '1e-', '+',
  '1e308', '-1e308', '1e309', 'NaN', 'inf', 'abc', 'x1', '1,5', '½', '0x10',
  '64', '99', '1000', '-7', '4', '6', '8', '33',
];
// Models a person pastes into "Your network": huge, wide, half-typed,
// unicode and plain junk. Each must get a table or a message, and the text
// must stay exactly as pasted.
const deep = (n) => `nn.Sequential(\n${Array.from({ length: n }, (_, k) => (k % 2 ? '    nn.ReLU(),' : '    nn.Conv2d(8, 8, 3, padding=1),')).join('\n')}\n)`;
const MODELS = [
  { what: '1,000 layers', text: deep(1000), shape: '(1, 8, 32, 32)' },
  { what: '1,000 layers on 224x224', text: deep(1000), shape: '(1, 8, 224, 224)' },
  { what: 'a 10,000-channel conv', text: 'nn.Sequential(nn.Conv2d(3, 10000, 3, padding=1), nn.ReLU(), nn.Conv2d(10000, 10000, 3), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(10000, 1000))', shape: '(1, 3, 224, 224)' },
  { what: 'a 10,000-channel conv on a huge input', text: 'nn.Sequential(nn.Conv2d(3, 10000, 3))', shape: '(64, 3, 4096, 4096)' },
  { what: 'unicode names and quotes', text: 'nn.Sequential(nn.Conv2d(3, 16, 3), nn.ReLU(), nn.Ünïcødé(), nn.Conv2d(16, 8, 3, padding=’same’))  # 漢字 🙂', shape: '(1, 3, 32, 32)' },
  { what: 'unicode minus and digits', text: 'nn.Sequential(nn.Conv2d(3, 16, −3), nn.MaxPool2d(２))', shape: '(1, 3, ３２, 32)' },
  { what: 'half-typed', text: 'nn.Sequential(nn.Conv2d(3, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(kernel_size=', shape: '(1, 3, 32' },
  { what: 'a repr cut off', text: 'Sequential(\n  (0): Conv2d(3, 64, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))\n  (1): ReLU(inplace=True)\n  (2): MaxPool2d(kernel_size=2, stri', shape: '(1, 3, 224, 224)' },
  { what: 'nested deeply', text: `${'nn.Sequential('.repeat(200)}nn.ReLU()${')'.repeat(200)}`, shape: '(1, 3, 8, 8)' },
  { what: 'huge numbers', text: 'nn.Sequential(nn.Conv2d(3, 99999999999999999999, 3), nn.MaxPool2d(18446744073709551617))', shape: '(1, 3, 1e9, -5)' },
  { what: 'junk', text: ')(*&^%$#@!{}[]', shape: 'junk' },
];

/** Pastes one of MODELS into the network page, as a person pastes (fill, not keys). */
async function pasteModel(page, pick) {
  const m = pick(MODELS);
  const text = page.locator('[data-testid="model-text"]');
  const shape = page.locator('[data-testid="model-input-shape"]');
  try {
    await text.fill(m.text, { timeout: 2000 });
    await shape.fill(m.shape, { timeout: 2000 });
  } catch (err) {
    return `paste ${m.what} (missed: ${err.message.split('\n')[0].slice(0, 80)})`;
  }
  await page.locator('[data-testid="net-table"], [data-testid="model-parse-error"], [data-testid="net-shape-error"]').first().waitFor({ timeout: 10_000 });
  const [t, sh] = [await text.inputValue(), await shape.inputValue()];
  if (t !== m.text || sh !== m.shape) return `LOST: pasted ${m.what}, the fields now read ${JSON.stringify(t.slice(0, 60))} and ${JSON.stringify(sh)}`;
  return `paste ${m.what} into the model (${m.text.length} characters), shape ${m.shape}`;
}

// Answers a student types into an exercise: right-looking, half-typed, junk.
const ANSWERS = [
  '1, 16, 15, 15', '(1, 3, 4, 4)', 'torch.Size([1, 2, 5, 5])', '-3', '\u22123', '2.5', '0', '1, 0', 'impossible', 'Impossible.',
  '1,', '4 \u00d7', '(0, 0, 1, 1), (0, 0, 1, 2)', '0, 1', '5, 2', 'layer 3', '', '   ', 'abc', '1e', '1e999', 'NaN',
  '\u00bd', '3 4', '\u{1F600}', '9'.repeat(300), 'ph=1, pw=', ';;;', '[[1, 2], [3',
];

/**
 * Types one of ANSWERS into the exercise, then Check or Enter; the verdict
 * shows and the text typed stays. Returns what it did, or a line starting
 * with LOST when the text changed.
 */
async function answerExercise(page, pick, rnd) {
  const text = pick(ANSWERS);
  const field = page.locator('[data-testid="answer"]');
  const how = rnd() < 0.5 ? 'Enter' : 'Check';
  try {
    await field.fill(text, { timeout: 1000 });
    if (how === 'Enter') await field.press('Enter');
    else await page.locator('[data-testid="check"]').click({ timeout: 1000 });
  } catch (err) {
    return `answer ${JSON.stringify(text)} (missed: ${err.message.split('\n')[0].slice(0, 80)})`;
  }
  await page.locator('[data-testid="verdict"]').waitFor({ timeout: 5000 });
  const now = await field.inputValue();
  if (now !== text) return `LOST: answered ${JSON.stringify(text)}, the field now reads ${JSON.stringify(now)}`;
  const verdict = await page.locator('[data-testid="verdict"]').getAttribute('data-correct');
  return `answer ${JSON.stringify(text)} with ${how}: ${verdict === null ? 'not an answer yet' : verdict === 'true' ? 'right' : 'wrong'}`;
}

// Keys a person presses on the page (the app's shortcuts and then some).
const KEYS = [' ', 'ArrowRight', 'ArrowLeft', 'Home', 'End', '?', 'c', 'h', 'k', 'r', 'n', 'b', 'f', 'Escape', 'Tab', 'Enter', 'x'];
// Keys pressed inside a text field after typing.
const FIELD_KEYS = ['Tab', 'Enter', 'Escape', 'ArrowDown', 'ArrowUp', 'ArrowLeft', 'ArrowRight', 'Backspace'];
// Buttons that leave the page or only open the OS (none today; kept explicit).
const LEAVES_PAGE = /^$/;

/** Broken, odd and valid files for the import field. */
function importFiles(oracleCases) {
  const good = oracleCases.find((c) => c.op === 'torch.conv2d' && c.expected);
  const refused = oracleCases.find((c) => c.op === 'torch.conv2d' && c.error);
  return [
    { name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"op": "torch.conv2d", "input": [[[[1, 2') },
    { name: 'empty.json', mimeType: 'application/json', buffer: Buffer.from('') },
    { name: 'not-a-scene.json', mimeType: 'application/json', buffer: Buffer.from('{"hello": "world"}') },
    { name: 'binary.json', mimeType: 'application/json', buffer: Buffer.from([0xff, 0xfe, 0x00, 0x81, 0x9c]) },
    { name: 'ragged.json', mimeType: 'application/json', buffer: Buffer.from('{"op":"torch.conv2d","input":[[[[1,2],[3]]]],"weight":[[[[1]]]]}') },
    { name: 'huge.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ op: 'scipy.correlate2d', in1: Array.from({ length: 300 }, () => Array(300).fill(1)), in2: [[1]] })) },
    { name: 'good.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(good)) },
    { name: 'refused.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(refused)) },
  ];
}

/** Pictures for the picture input: small, large, odd, one that is not a PNG at all. */
const pictureFiles = [
  { name: 'tiny.png', mimeType: 'image/png', buffer: png(5, 4, pixels(5, 4, 1)) },
  { name: 'photo.png', mimeType: 'image/png', buffer: png(240, 170, pixels(240, 170, 2)) },
  { name: 'strip.png', mimeType: 'image/png', buffer: png(400, 1, pixels(400, 1, 3)) },
  { name: 'broken.png', mimeType: 'image/png', buffer: Buffer.from('not a picture') },
  { name: 'cut.png', mimeType: 'image/png', buffer: png(30, 30, pixels(30, 30, 4)).subarray(0, 60) },
];

/** Share-link fragments, broken and good. */
function links(oracleCases) {
  const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const good = oracleCases.find((c) => c.op === 'scipy.convolve2d' && c.expected);
  const refused = oracleCases.find((c) => c.op === 'torch.conv2d' && c.error);
  return ['#scene=', '#scene=%%%', `#scene=${b64(good).slice(0, 20)}`, `#scene=${b64(good)}`, `#scene=${b64(refused)}`, '#scene=e30', '#nothing'];
}

/**
 * Tags every visible, enabled control with data-hands and describes it.
 * Returns [{ id, kind, name, options?, min?, max? }].
 */
async function controls(page) {
  return page.evaluate(() => {
    const out = [];
    const visible = (el) => {
      if (el.type === 'file') return el.closest('label')?.checkVisibility() ?? false;
      return el.checkVisibility({ visibilityProperty: true });
    };
    const name = (el) =>
      el.getAttribute('aria-label') || el.getAttribute('data-testid') || el.textContent.trim().slice(0, 40) || el.closest('label')?.textContent.trim().slice(0, 40) || el.tagName;
    for (const el of document.querySelectorAll('[data-hands]')) el.removeAttribute('data-hands');
    let k = 0;
    for (const el of document.querySelectorAll('input, select, textarea, button:not([data-testid="out-cell"]), summary')) {
      if (el.disabled || !visible(el)) continue;
      let kind;
      if (el.tagName === 'SELECT') kind = 'select';
      else if (el.tagName === 'BUTTON' || el.tagName === 'SUMMARY') kind = 'button';
      else {
        const t = el.type;
        if (t === 'checkbox' || t === 'radio') kind = 'check';
        else if (t === 'range') kind = 'range';
        else if (t === 'file') kind = 'file';
        else if (el.readOnly) kind = 'button';
        else kind = 'text';
      }
      const id = String(k++);
      el.setAttribute('data-hands', id);
      const c = { id, kind, name: name(el), type: el.type };
      if (kind === 'select') c.options = [...el.options].map((o) => o.value);
      if (kind === 'range') Object.assign(c, { min: Number(el.min || 0), max: Number(el.max || 100) });
      out.push(c);
    }
    // Output cells (there may be thousands): one entry; the cell is drawn at random when picked.
    const cells = document.querySelectorAll('[data-testid="out-cell"]').length;
    if (cells > 0) out.push({ id: null, kind: 'cell', name: 'an output cell', count: cells });
    const pictures = document.querySelectorAll('[data-testid="out-picture"]').length;
    if (pictures > 0) out.push({ id: null, kind: 'picture', name: 'an output picture', count: pictures });
    return out;
  });
}

/** What the screen says, for the consistency check. */
async function screenState(page) {
  return page.evaluate(() => {
    const q = (s) => document.querySelector(s);
    const shown = (el) => !!el && el.getBoundingClientRect().height > 0;
    return {
      crashed: !!q('[data-testid="crash"]'),
      app: !!q('[data-testid="app"]'),
      error: shown(q('[data-testid="scene-error"]')),
      // The scatter view of a transposed convolution draws the output as it stamps.
      cells: document.querySelectorAll('[data-testid="out-cell"], [data-testid="scatter-cell"]').length,
      // A photo larger than 16 pixels a side, or a large output, is drawn as pictures.
      pictures: document.querySelectorAll('[data-testid="out-picture"]').length,
      outputs: (document.querySelector('.outputs') ?? document.querySelector('.picture'))?.outerHTML.slice(0, 300) ?? null,
      tooLarge: !!q('[data-testid="output-too-large"], [data-testid="scatter-too-large"]'),
      pos: q('[data-testid="frame-pos"]')?.textContent.trim() ?? null,
      // "Your network": its table, or a message why there is none.
      network: !!q('[data-testid="network"]'),
      // Practice: an exercise with its answer field, always.
      practice: !!q('[data-testid="practice"]'),
      exercise: !!q('[data-testid="exercise"] [data-testid="answer"]'),
      netShown: !!q('[data-testid="net-table"], [data-testid="model-parse-error"], [data-testid="net-shape-error"]'),
    };
  });
}

/** Throws with a reason when the screen is not consistent. */
function checkScreen(s) {
  if (s.crashed) throw new Error('the crash overlay is showing');
  if (!s.app) throw new Error('the app is gone');
  if (s.practice) {
    if (!s.exercise) throw new Error('the practice page shows no exercise to answer');
    return;
  }
  if (s.network) {
    if (!s.netShown) throw new Error('the network view shows neither a layer table nor why not');
    return;
  }
  if (!s.error && s.cells === 0 && s.pictures === 0 && !s.tooLarge) throw new Error('neither an error, nor output cells or pictures, nor a note that the output is too large');
  if (s.pos === null) throw new Error('no frame counter');
  const m = /^(\d+) \/ (\d+)$/.exec(s.pos);
  if (m) {
    const [k, n] = [Number(m[1]), Number(m[2])];
    if (!(k >= 1 && k <= n)) throw new Error(`frame counter out of range: ${s.pos}`);
  } else if (s.pos !== 'no frames' || !s.error) {
    throw new Error(`frame counter reads "${s.pos}"`);
  }
}

const nextFrame = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));

/** Every editor cell's text, by its accessible name. */
const editorValues = (page) =>
  page.$$eval('input.editor__cell', (els) => Object.fromEntries(els.map((e) => [e.getAttribute('aria-label'), e.value])));

/**
 * Types a two-digit size (10 to 16) into a size field on screen, one key
 * every 90 ms, then Enter; returns what it did, or a line starting with LOST
 * when a grid value that still has its cell changed.
 */
async function typeSize(page, rnd, pick) {
  const fields = await page.$$eval('input[data-testid^="dim-"]', (els) =>
    els.filter((e) => e.offsetParent !== null).map((e) => e.getAttribute('data-testid')),
  );
  const sized = fields.filter((f) => /^dim-(H|W)$/.test(f));
  if (sized.length === 0) return 'look for a size field (none on screen)';
  const id = pick(sized);
  const size = String(10 + Math.floor(rnd() * 7));
  const before = await editorValues(page);
  const field = page.locator(`[data-testid="${id}"]`);
  try {
    await field.click({ timeout: 400 });
  } catch {
    return `type ${size} into ${id} (missed: covered)`;
  }
  await field.press('Control+a').catch(() => {});
  await field.pressSequentially(size, { delay: 90 });
  await field.press('Enter');
  await nextFrame(page);
  const after = await editorValues(page);
  // A number reads the same however it was typed (" 3 " is 3); any other
  // text (half-typed, not a number yet) must come back exactly as typed.
  const decimal = /^\s*[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?\s*$/i;
  const same = (a, b) => (decimal.test(a) && decimal.test(b) ? Number(a) === Number(b) : a === b);
  const real = Object.entries(before).filter(([k, v]) => k in after && !same(v, after[k]));
  if (real.length > 0) {
    return `LOST after typing ${size} into ${id}: ${real.slice(0, 4).map(([k, v]) => `${k} was ${v}, now ${after[k]}`).join('; ')}`;
  }
  return `type ${size} into ${id} digit by digit, then Enter (${Object.keys(before).length} grid values kept)`;
}

/**
 * Runs `actions` seeded actions on an open app ({ page, problems } from the
 * harness). Returns the action log. Throws, with the seed and the log, at the
 * first panic, console error or inconsistent screen.
 */
export async function runHands(app, { seed, actions, oracle, baseUrl, onAction, network = 0, practice = 0 }) {
  const { page, problems } = app;
  const rnd = prng(seed);
  const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
  const files = importFiles(oracle.cases);
  const frags = links(oracle.cases);
  const log = [];
  const fail = (why) => {
    const tail = log.slice(-40).map((l, i) => `  ${log.length - Math.min(40, log.length) + i + 1}. ${l}`).join('\n');
    return new Error(`random hands, seed ${seed}, after ${log.length} actions: ${why}\nlast actions:\n${tail}\nreplay: HANDS_SEEDS=${seed} HANDS_ACTIONS=${log.length} node --test hands.test.mjs`);
  };
  for (let a = 0; a < actions; a++) {
    const r = rnd();
    let what;
    if (r < 0.1) {
      const key = pick(KEYS);
      what = `press ${JSON.stringify(key)} on the page`;
      await page.locator('body').press(key === ' ' ? 'Space' : key).catch(() => {});
      // Leave the shortcut overlay and other focus where they are: a person would too.
    } else if (r < 0.11 && baseUrl) {
      const frag = pick(frags);
      what = `open the link ${frag.slice(0, 40)}`;
      // As a link opens in a new tab: a page load, not a hash change.
      await page.goto('about:blank');
      await page.goto(new URL(frag, baseUrl).href);
      await page.locator(APP).waitFor({ state: 'visible', timeout: 4000 });
    } else if (practice > 0 && r < 0.14 + practice && (await page.locator('[data-testid="answer"]').count()) > 0) {
      what = await answerExercise(page, pick, rnd);
      if (what.startsWith('LOST')) throw fail(what);
    } else if (practice > 0 && r < 0.14 + 1.5 * practice) {
      // `practice`: a student keeps going back to the exercises.
      what = 'go back to Practice';
      await page.locator('[data-testid="practice-open"]').click({ timeout: 400 }).catch(() => { what += ' (missed)'; });
    } else if (r < 0.14 + network && (await page.locator('[data-testid="model-text"]').count()) > 0) {
      what = await pasteModel(page, pick);
      if (what.startsWith('LOST')) throw fail(what);
    } else if (network > 0 && r < 0.14 + 2 * network) {
      // `network`: a person working on their model keeps going back to it.
      what = 'go back to "Your network"';
      await page.locator('[data-testid="model-open"]').click({ timeout: 400 }).catch(() => { what += ' (missed)'; });
    } else if (r < 0.16 + 2 * network) {
      // A size typed digit by digit, as a person types it, then Enter: no
      // value typed into any grid is lost on the way.
      what = await typeSize(page, rnd, pick);
      if (what.startsWith('LOST')) throw fail(what);
    } else {
      const all = await controls(page);
      const usable = all.filter((c) => !(c.kind === 'button' && LEAVES_PAGE.test(c.name)) && (c.kind !== 'file' || rnd() < 0.3));
      if (usable.length === 0) throw fail('no control on screen');
      const c = pick(usable);
      const el = c.kind === 'cell'
        ? page.locator('[data-testid="out-cell"]').nth(Math.floor(rnd() * c.count))
        : page.locator(`[data-hands="${c.id}"]`);
      try {
      switch (c.kind) {
        case 'text': {
          const text = pick(TEXTS);
          const how = rnd();
          // A number field takes keys one by one (the browser drops what is not
          // part of a number); playwright's fill() refuses text there.
          if (how < 0.5 || c.type === 'number') {
            what = `type ${JSON.stringify(text)} into "${c.name}"`;
            await el.click({ timeout: 400 }).catch(() => el.focus());
            await el.press('Control+a').catch(() => {});
            await el.pressSequentially(text, { delay: 0 });
          } else {
            what = `fill "${c.name}" with ${JSON.stringify(text)}`;
            await el.fill(text, { timeout: 400 });
          }
          if (rnd() < 0.4) {
            const key = pick(FIELD_KEYS);
            what += `, then ${key}`;
            await el.press(key).catch(() => {});
          }
          break;
        }
        case 'select': {
          const v = pick(c.options);
          what = `pick ${JSON.stringify(v)} in "${c.name}"`;
          await el.selectOption(v, { timeout: 400 });
          break;
        }
        case 'check':
          what = `toggle "${c.name}"`;
          await el.click({ timeout: 400 });
          break;
        case 'range': {
          const v = c.min + Math.floor(rnd() * (c.max - c.min + 1));
          what = `drag "${c.name}" to ${v}`;
          await el.evaluate((e, v) => {
            e.value = String(v);
            e.dispatchEvent(new Event('input', { bubbles: true }));
            e.dispatchEvent(new Event('change', { bubbles: true }));
          }, v);
          break;
        }
        case 'file': {
          // The picture input gets pictures (good, large, broken) and now and then a scene file.
          const f = /image/i.test(c.name) && rnd() < 0.8 ? pick(pictureFiles) : pick(files);
          what = `import the file ${f.name}`;
          await el.setInputFiles(f);
          break;
        }
        case 'picture': {
          const pic = page.locator('[data-testid="out-picture"]').nth(Math.floor(rnd() * c.count));
          const box = await pic.boundingBox();
          const at = box ? { x: rnd() * box.width, y: rnd() * box.height } : undefined;
          what = `click an output picture at ${at ? `${at.x.toFixed(0)},${at.y.toFixed(0)}` : 'its centre'}`;
          await pic.click({ timeout: 400, position: at });
          break;
        }
        case 'cell':
        case 'button':
          what = `click "${c.name}"`;
          await el.click({ timeout: 400 });
          break;
        default:
          throw fail(`unknown control kind ${c.kind}`);
      }
      } catch (err) {
        // Covered by an overlay, or gone since it was listed: a person's
        // click would miss too. The checks below still run.
        if (!/Timeout|not attached|detached|not visible|intercepts pointer/i.test(err.message)) throw err;
        what = `${what ?? `use "${c.name}"`} (missed: ${err.message.split('\n')[0].slice(0, 80)})`;
      }
    }
    log.push(what);
    onAction?.(what);
    try {
      await nextFrame(page);
    } catch (err) {
      throw fail(`the page stopped answering: ${err.message}\n${problems.join('\n')}`);
    }
    if (problems.length) throw fail(`the page reported:\n${problems.join('\n')}`);
    try {
      // A view whose chunk is on its way says "Loading this view…" and the
      // page is not whole (no data-ready) until it is drawn: wait for that.
      await page.locator('[data-testid="app"][data-ready]').waitFor({ timeout: 15_000 });
    } catch (err) {
      throw fail(`the page did not become whole again (a view's chunk never arrived?): ${err.message.split('\n')[0]}\n${problems.join('\n')}`);
    }
    if (problems.length) throw fail(`the page reported:\n${problems.join('\n')}`);
    const state = await screenState(page);
    try {
      checkScreen(state);
    } catch (err) {
      throw fail(`${err.message}\nscreen: ${JSON.stringify(state)}`);
    }
  }
  return log;
}

/**
 * What a reload must bring back: every field and grid value (except a
 * half-typed one, which is not a value yet), every select, the refusal if
 * any, and the output cells when the scene is valid (a refused scene shows
 * the last valid picture only until the page is reloaded).
 */
export async function sceneView(page) {
  // A stack layer's weight editors are built only while its card is open, and
  // a reload closes them: open them all, so their values are compared too.
  await page.evaluate(async () => {
    const closed = [...document.querySelectorAll('details.layer__weights:not([open])')];
    for (const d of closed) d.open = true;
    if (closed.length) await new Promise((r) => setTimeout(() => requestAnimationFrame(() => requestAnimationFrame(r)), 0));
  });
  return page.evaluate(() => {
    const fields = {};
    for (const el of document.querySelectorAll('.side input[type="text"], .side select, [data-testid="op-select"]')) {
      if (el.classList.contains('editor__cell--pending') || el.closest('.field--pending')) continue;
      // A number is compared as a number: '1e3' typed is 1000 shown.
      const n = el.tagName === 'INPUT' && el.value.trim() !== '' ? Number(el.value) : NaN;
      fields[el.getAttribute('aria-label') ?? el.className] = Number.isNaN(n) ? el.value : n === 0 ? 0 : n;
    }
    const error = document.querySelector('[data-testid="scene-error"] .error__rule')?.textContent ?? null;
    const cells = error ? [] : [...document.querySelectorAll('[data-testid="out-cell"]')].map((e) => [e.dataset.index, e.dataset.value]);
    const pos = document.querySelector('[data-testid="frame-pos"]')?.textContent;
    // A stack's levels as drawn: heading, shape, the border and ring
    // sentences and every value. An edit updates them in place; the same
    // scene opened afresh must draw the same.
    const levels = error ? [] : [...document.querySelectorAll('[data-testid="stack-level"]')].map((l) => ({
      level: l.dataset.level,
      head: l.querySelector('.level__head')?.textContent ?? '',
      sentences: [...l.querySelectorAll('[data-testid="border-sentence"], [data-testid="ring-sentence"]')].map((e) => e.textContent),
      values: [...l.querySelectorAll('[data-value]')].map((e) => e.dataset.value).join(' '),
    }));
    return { fields, error, cells, pos: error ? null : pos, levels };
  });
}

export const loadCases = (path) => JSON.parse(readFileSync(path, 'utf8'));

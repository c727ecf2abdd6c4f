// Practice (issue 30) as a student uses it: for every kind of exercise, the
// answer PyTorch or SciPy computes from the exercise's own scene
// (data-scene) is accepted, the answer a named mistake gives is refused and
// the verdict names that mistake, three right in a row master the kind, and
// junk is "not an answer yet" with the text kept. Teacher links give
// everyone the same set; a broken one says so.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { startSession, screenshot, byTestId, ROOT, APP } from './harness.mjs';

let session;
before(async () => {
  session = await startSession();
});
after(async () => {
  await session?.close();
});

const KINDS = ['shape', 'value', 'sources', 'weight-shape', 'transpose-size', 'output-padding', 'receptive-field', 'model-break'];
const PER_KIND = 5; // levels 0 to 4
const LOOK_AHEAD = 12; // exercises read per kind, to find one a mistake changes
const SEED = 4242;
const TORCH = process.env.CONVLAB_TORCH_PYTHON ?? join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'convlab/torch-venv/bin/python');

const decode = (frag) => JSON.parse(Buffer.from(frag.replace(/^#scene=/, ''), 'base64url').toString('utf8'));

/** The answers PyTorch and SciPy give (tests/e2e/practice_reference.py). */
function reference(exercises) {
  const out = execFileSync(TORCH, [join(ROOT, 'tests/e2e/practice_reference.py')], { input: JSON.stringify(exercises), encoding: 'utf8', maxBuffer: 1 << 26 });
  return JSON.parse(out);
}

async function openSet(page, kind) {
  await page.goto('about:blank');
  await page.goto(new URL(`#practice=${SEED}.${kind}`, session.url).href);
  await page.locator(APP).waitFor();
  await byTestId(page, 'exercise').waitFor();
}

async function current(page, n) {
  const ex = byTestId(page, 'exercise');
  await page.waitForFunction((k) => document.querySelector('[data-testid="exercise"]')?.getAttribute('aria-label') === `Exercise ${k}`, n);
  const cell = await ex.getAttribute('data-cell');
  return {
    kind: await ex.getAttribute('data-kind'),
    scene: decode(await ex.getAttribute('data-scene')),
    cell: cell ? cell.split(',').map(Number) : null,
    question: await byTestId(page, 'exercise-question').textContent(),
  };
}

async function answer(page, text) {
  await byTestId(page, 'answer').fill(text);
  await byTestId(page, 'answer').press('Enter');
  const v = byTestId(page, 'verdict');
  await v.waitFor();
  return { correct: await v.getAttribute('data-correct'), mistake: await v.getAttribute('data-mistake'), text: await v.innerText() };
}

test('every kind: PyTorch\'s answer is accepted, a mistake\'s is refused and named, three right in a row master it', { timeout: 600_000 }, async (t) => {
  const seen = [];
  await session.withApp(t, async ({ page }) => {
    for (const kind of KINDS) {
      await openSet(page, kind);
      for (let i = 0; i < LOOK_AHEAD; i++) {
        const ex = await current(page, i + 1);
        assert.equal(ex.kind, kind);
        seen.push(ex);
        await byTestId(page, 'next-exercise').click();
      }
    }
  });
  const answers = reference(seen);
  let accepted = 0;
  let named = 0;
  await session.withApp(t, async ({ page }) => {
    for (const kind of KINDS) {
      await openSet(page, kind);
      let streak = 0;
      let mastered = false;
      const first = KINDS.indexOf(kind) * LOOK_AHEAD;
      // The first PER_KIND exercises, and on to the first a mistake changes.
      const wrongAt = answers.slice(first, first + LOOK_AHEAD).findIndex((a) => a.wrong);
      const count = Math.max(PER_KIND, wrongAt + 1);
      for (let i = 0; i < count; i++) {
        const k = first + i;
        const ex = await current(page, i + 1);
        // Everyone with the link gets the same exercise.
        assert.deepEqual(ex.scene, seen[k].scene, `${kind} ${i}: the same exercise again`);
        const ref = answers[k];
        if (ref.wrong) {
          const v = await answer(page, ref.wrong);
          assert.equal(v.correct, 'false', `${kind} ${i}: ${ref.wrong} was taken: ${v.text}`);
          assert.ok(v.mistake, `${kind} ${i}: no mistake named for ${ref.wrong}: ${v.text}`);
          assert.ok(v.text.includes(ref.phrase), `${kind} ${i}: ${ref.wrong} should be named "${ref.phrase}": ${v.text}`);
          named += 1;
          streak = 0;
        }
        const v = await answer(page, ref.right);
        assert.equal(v.correct, 'true', `${kind} ${i}: PyTorch's ${ref.right} refused: ${v.text}\n${ex.question}`);
        accepted += 1;
        streak += 1;
        mastered ||= streak >= 3;
        if (i === 0) await screenshot(page, `practice-${kind}`);
        await byTestId(page, 'next-exercise').click();
      }
      assert.equal(await byTestId(page, `mastery-${kind}`).getAttribute('data-mastered'), String(mastered), `${kind} mastery`);
    }
  });
  t.diagnostic(`${accepted} right answers from PyTorch/SciPy accepted, ${named} mistakes' answers refused with the mistake named, over ${KINDS.length} kinds`);
  assert.ok(accepted >= KINDS.length * PER_KIND);
  assert.ok(named >= KINDS.length, `only ${named} mistakes named`);
  for (const kind of KINDS) assert.ok(seen.some((e, k) => e.kind === kind && answers[k].wrong), `no mistake among ${LOOK_AHEAD} ${kind} exercises`);
});

test('junk and half-typed answers are not answers yet, keep the text, and do not count; Show me opens the lab at the cell', { timeout: 120_000 }, async (t) => {
  await session.withApp(t, async ({ page }) => {
    await openSet(page, 'value');
    const ex = await current(page, 1);
    for (const junk of ['', '1,', 'abc', '−', '3 4', '1e', '½']) {
      await byTestId(page, 'answer').fill(junk);
      await byTestId(page, 'check').click();
      const v = byTestId(page, 'verdict');
      await v.waitFor();
      assert.equal(await v.getAttribute('data-correct'), null, `"${junk}" was judged: ${await v.innerText()}`);
      assert.equal(await byTestId(page, 'answer').inputValue(), junk, 'the text typed stays');
    }
    assert.match(await byTestId(page, 'mastery-value').innerText(), /0 of 0 right/);
    // Switching kinds mid-answer: a new exercise, no crash.
    await byTestId(page, 'answer').fill('12');
    await byTestId(page, 'practice-kind').selectOption('shape');
    await page.waitForFunction(() => document.querySelector('[data-testid="exercise"]')?.dataset.kind === 'shape');
    await byTestId(page, 'practice-kind').selectOption('value');
    // Show me: the lab at the frame that writes the cell asked about, whose value is PyTorch's.
    const again = await current(page, 1);
    assert.deepEqual(again.scene, ex.scene);
    const [ref] = reference([again]);
    await answer(page, ref.right);
    await byTestId(page, 'show-me').click();
    const cell = page.locator(`[data-testid="out-cell"][data-index="${again.cell.join(',')}"]`);
    await cell.waitFor();
    assert.equal(Number(await cell.getAttribute('data-value')), Number(ref.right));
  });
});

test('a teacher\'s link gives everyone the same set; a broken one says so and still offers exercises', { timeout: 120_000 }, async (t) => {
  let link;
  let first;
  await session.withApp(t, async ({ page }) => {
    await byTestId(page, 'practice-open').click();
    await byTestId(page, 'practice-kind').selectOption('transpose-size');
    first = await current(page, 1);
    link = await byTestId(page, 'practice-link').inputValue();
    assert.match(link, /#practice=\d+\.transpose-size$/);
  });
  await session.withApp(t, async ({ page }) => {
    await page.goto(link);
    await page.locator(APP).waitFor();
    const ex = await current(page, 1);
    assert.deepEqual(ex.scene, first.scene, 'the link opens the same exercise');
    assert.equal(ex.question, first.question);
    for (const broken of ['#practice=12.nonsense', '#practice=abc.all', '#practice=1.shape.9']) {
      await page.goto('about:blank');
      await page.goto(new URL(broken, session.url).href);
      await page.locator(APP).waitFor();
      await byTestId(page, 'practice-link-error').waitFor();
      await byTestId(page, 'exercise').waitFor();
    }
    await screenshot(page, 'practice-broken-link');
  });
});

test('each lesson section offers its own practice: section 9 opens transposed-convolution exercises', { timeout: 120_000 }, async (t) => {
  await session.withApp(t, async ({ page }) => {
    const select = byTestId(page, 'lesson-select');
    const options = await select.locator('option').allTextContents();
    const sections = new Map();
    options.forEach((o, k) => {
      const m = o.match(/^(\d+)\./);
      if (m && !sections.has(m[1])) sections.set(m[1], k);
    });
    assert.ok(sections.size >= 11, `sections in the picker: ${[...sections.keys()]}`);
    const offered = [];
    for (const [section, k] of sections) {
      await select.selectOption({ index: k });
      await byTestId(page, 'lesson-title').waitFor();
      const button = byTestId(page, 'lesson-practice');
      await button.waitFor();
      offered.push(`${section}: ${await button.getAttribute('data-kinds')}`);
    }
    t.diagnostic(offered.join('; '));
    await select.selectOption({ index: sections.get('9') });
    await byTestId(page, 'lesson-practice').click();
    const kinds = new Set();
    for (let i = 1; i <= 4; i++) {
      const ex = await current(page, i);
      kinds.add(ex.kind);
      await byTestId(page, 'next-exercise').click();
    }
    assert.deepEqual([...kinds].sort(), ['output-padding', 'transpose-size']);
    assert.equal(await byTestId(page, 'practice-kind').inputValue(), 'transpose-size,output-padding');
    assert.match(await byTestId(page, 'practice-link').inputValue(), /#practice=\d+\.transpose-size,output-padding$/);
  });
});

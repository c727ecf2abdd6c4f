// Random hands in the browser: seeded sequences of typing, selects, buttons,
// checkboxes, sliders, shortcut keys, lessons, links and broken files, with
// no panic, no console error and a consistent screen after every action.
//
// HANDS_SEEDS (default 1,2,3,4,5) and HANDS_ACTIONS (default 300) set the
// run, HANDS_LESSON (a lesson title, e.g. "Four same passes") where it starts; scripts/soak.sh runs a long one.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSession, loadOracle, assertNoProblems, screenshot, byTestId, APP } from './harness.mjs';
import { runHands, sceneView } from './hands.mjs';

const SEEDS = (process.env.HANDS_SEEDS ?? '1,2,3,4,5').split(',').map(Number);
const ACTIONS = Number(process.env.HANDS_ACTIONS ?? 300);
const LESSON = process.env.HANDS_LESSON ?? '';

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
      // HANDS_LESSON: start from the lesson step whose title contains it.
      if (LESSON) {
        const select = byTestId(app.page, 'lesson-select');
        const options = await select.locator('option').allTextContents();
        const k = options.findIndex((o) => o.includes(LESSON));
        assert.ok(k > 0, `no lesson "${LESSON}"`);
        await select.selectOption({ index: k });
      }
      const started = Date.now();
      const log = await runHands(app, { seed, actions: ACTIONS, oracle: loadOracle(), baseUrl: s.url });
      assert.equal(log.length, ACTIONS);
      assertNoProblems(app);
      // Nothing lost: after a reload the autosaved scene is back, on the same frame.
      const { page } = app;
      await page.locator('body').press('Escape');
      await page.evaluate(() => document.activeElement?.blur());
      // The network and practice pages have no player.
      const play = byTestId(page, 'play');
      if ((await play.count()) > 0 && (await play.textContent()).trim() === 'Pause') await play.click();
      await page.waitForTimeout(50);
      const before = await sceneView(page);
      await page.reload();
      await page.locator(APP).waitFor({ state: 'visible' });
      const afterReload = await sceneView(page);
      // Fields half-typed before the reload were not values yet: after it they
      // show the value in effect, so only the others are compared.
      for (const key of Object.keys(afterReload.fields)) if (!(key in before.fields)) delete afterReload.fields[key];
      assert.deepEqual(afterReload, before, 'the scene after a reload differs');
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

// The network page under random hands: it starts there, and pastes of huge
// models (1,000 layers, 10,000 channels), unicode and junk come in among
// the other actions. Text pasted stays as pasted; every paste gets a table
// or a message; no panic.
test('random hands on the network page, seed 11: 150 actions, huge and broken models pasted, nothing lost', async (t) => {
  const app = await s.openApp({ name: 'hands-network' });
  try {
    await byTestId(app.page, 'model-open').click();
    await byTestId(app.page, 'network').waitFor();
    const log = await runHands(app, { seed: 11, actions: 150, oracle: loadOracle(), baseUrl: s.url, network: 0.15 });
    assert.equal(log.length, 150);
    const pastes = log.filter((l) => l.startsWith('paste ')).length;
    assert.ok(pastes >= 3, `only ${pastes} models pasted:\n${log.join('\n')}`);
    assertNoProblems(app);
    t.diagnostic(`${pastes} models pasted among 150 actions`);
  } catch (err) {
    await screenshot(app.page, 'hands-network-failed').catch(() => {});
    throw err;
  } finally {
    await app.close();
  }
});

// The practice page under random hands: it starts there and keeps coming
// back; answers (right-looking, half-typed, junk, huge) are typed and
// checked among the other actions (kinds switched, cells clicked, Next,
// Show me). Each answer's text stays as typed and gets a verdict; no panic.
test('random hands on the practice page, seed 12: 150 actions, answers typed and checked, nothing lost', async (t) => {
  const app = await s.openApp({ name: 'hands-practice' });
  try {
    await byTestId(app.page, 'practice-open').click();
    await byTestId(app.page, 'exercise').waitFor();
    const log = await runHands(app, { seed: 12, actions: 150, oracle: loadOracle(), baseUrl: s.url, practice: 0.25 });
    assert.equal(log.length, 150);
    const answered = log.filter((l) => l.startsWith('answer ') && !l.includes('(missed')).length;
    assert.ok(answered >= 10, `only ${answered} answers checked:\n${log.join('\n')}`);
    assertNoProblems(app);
    t.diagnostic(`${answered} answers typed and checked among 150 actions`);
  } catch (err) {
    await screenshot(app.page, 'hands-practice-failed').catch(() => {});
    throw err;
  } finally {
    await app.close();
  }
});

// A phone in a student's hand (412x823, touch): the menu folded and
// unfolded, the kernel's sheet opened and closed, sizes typed, the ± key,
// among the other actions. No panic, and nothing lost on reload.
test('random hands on a touch phone, seed 13: 150 actions, no panic, nothing lost on reload', async (t) => {
  const app = await s.openApp({ name: 'hands-phone', width: 412, height: 823, touch: true });
  try {
    const { page } = app;
    const log = await runHands(app, { seed: 13, actions: 150, oracle: loadOracle(), baseUrl: s.url });
    assert.equal(log.length, 150);
    const touched = log.filter((l) => /Menu|Close menu|Edit the kernel|Close the kernel editor|Done|\u00b1/.test(l)).length;
    assert.ok(touched >= 3, `only ${touched} phone controls used:\n${log.join('\n')}`);
    assertNoProblems(app);
    await page.locator('body').press('Escape');
    await page.evaluate(() => document.activeElement?.blur());
    const play = byTestId(page, 'play');
    if ((await play.count()) > 0 && (await play.textContent()).trim() === 'Pause') await play.click();
    await page.waitForTimeout(50);
    const before = await sceneView(page);
    await page.reload();
    await page.locator(APP).waitFor({ state: 'visible' });
    const afterReload = await sceneView(page);
    for (const key of Object.keys(afterReload.fields)) if (!(key in before.fields)) delete afterReload.fields[key];
    assert.deepEqual(afterReload, before, 'the scene after a reload differs');
    assertNoProblems(app);
    t.diagnostic(`${touched} uses of the phone's own controls among 150 actions`);
  } catch (err) {
    await screenshot(app.page, 'hands-phone-failed').catch(() => {});
    throw err;
  } finally {
    await app.close();
  }
});

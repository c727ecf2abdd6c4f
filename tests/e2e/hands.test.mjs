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

/** Nothing lost: after a reload the autosaved scene is back, on the same frame. */
async function reloadKeepsScene(app) {
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
}

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
      await reloadKeepsScene(app);
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

// A phone in a student's hand (412x823, touch): seeded random hands in five
// rounds of 30 actions, and between rounds the phone's own moves (the menu
// unfolded and folded, the kernel's sheet opened, the ± key, Done, a
// swipe over the grids), each taken only if it is on screen. No panic, and
// nothing lost on reload.
test('random hands on a touch phone, seeds 1300-1304: 150 actions and the phone\'s own moves, no panic, nothing lost on reload', async (t) => {
  const app = await s.openApp({ name: 'hands-phone', width: 412, height: 823, touch: true });
  try {
    const { page } = app;
    let actions = 0;
    let moves = 0;
    const tap = async (id) => {
      const el = byTestId(page, id).first();
      if (!(await el.isVisible().catch(() => false))) return false;
      const b = await el.boundingBox().catch(() => null);
      if (!b || b.y < 0 || b.y + b.height > 823) await el.scrollIntoViewIfNeeded().catch(() => {});
      const box = await el.boundingBox().catch(() => null);
      if (!box) return false;
      await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2);
      await page.waitForTimeout(50);
      moves++;
      return true;
    };
    const swipe = async (dx) => {
      const flow = page.locator('.flow');
      if (!(await flow.isVisible().catch(() => false))) return;
      await flow.scrollIntoViewIfNeeded().catch(() => {});
      const b = await flow.boundingBox().catch(() => null);
      if (!b) return;
      const y = Math.min(Math.max(b.y, 0) + 60, 780);
      const x0 = b.x + b.width / 2 - dx / 2;
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: x0, y, id: 1 }] });
      for (let k = 1; k <= 4; k++) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: x0 + (dx * k) / 4, y, id: 1 }] });
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
      await cdp.detach();
      moves++;
    };
    for (let round = 0; round < 5; round++) {
      const log = await runHands(app, { seed: 1300 + round, actions: 30, oracle: loadOracle(), baseUrl: s.url });
      actions += log.length;
      // The phone's own moves.
      await page.locator('body').press('Escape').catch(() => {});
      if (await tap('menu')) await tap('menu');
      if (await tap('edit-kernel')) {
        const cell = page.locator('.panel--kernel input.editor__cell').first();
        if (await cell.isVisible().catch(() => false)) {
          const b = await cell.boundingBox();
          await page.touchscreen.tap(b.x + b.width / 2, b.y + b.height / 2);
          await tap('negate');
        }
        await tap('sheet-close');
      }
      await swipe(round % 2 ? 120 : -120);
      assertNoProblems(app);
    }
    assert.equal(actions, 150);
    assert.ok(moves >= 10, `only ${moves} of the phone's own moves were on screen`);
    await reloadKeepsScene(app);
    t.diagnostic(`${actions} random actions and ${moves} of the phone's own moves`);
  } catch (err) {
    await screenshot(app.page, 'hands-phone-failed').catch(() => {});
    throw err;
  } finally {
    await app.close();
  }
});

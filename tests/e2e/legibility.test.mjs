// Legibility, measured on screen at 1280x800 and in classroom mode at
// 1920x1080: every lesson step, the compare view and scenes with long
// numbers. Text on screen no smaller than 11 px (16 px in classroom mode),
// nothing spilling out, cut off or running into other text, the focal numbers
// twice the body text in classroom mode, the stage in the first view, and no
// axe-core violation. Screenshots go to target/e2e-screenshots/legibility-*.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSession, screenshot, byTestId, waitForApp, launchChromium } from './harness.mjs';
import { sceneFragment } from './reference.mjs';
import { measureScreen, runAxe, settle, ledger } from './legibility.mjs';

let session;
before(async () => {
  session = await startSession();
});
after(async () => {
  await session?.close();
});

// Deterministic "random normal" numbers with 4 significant digits (-1.784, 0.7053).
function normals(seed) {
  let s = seed >>> 0;
  const uniform = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return (scale = 1) => Number((scale * Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform())).toPrecision(4));
}
const tensor = (shape, value) => (shape.length ? Array.from({ length: shape[0] }, () => tensor(shape.slice(1), value)) : value());
const conv = (input, weight, bias, extra = {}) => ({
  op: 'torch.conv2d', input, weight, bias, stride: [1, 1], padding: [1, 1], dilation: [1, 1], groups: 1, padding_mode: 'zeros', ...extra,
});

const n = normals(20240611);
const FLOAT = conv(tensor([1, 2, 6, 6], n), tensor([3, 2, 3, 3], () => n(0.5)), tensor([3], n), { title: 'floats, 4 significant digits' });
const h = normals(7);
const HUNDREDS = conv(
  tensor([1, 1, 6, 6], () => Number((h(300)).toFixed(1))),
  tensor([2, 1, 3, 3], () => Math.round(h(2) * 2) / 2),
  [100.5, -456],
  { title: 'values in the hundreds' },
);
const g = normals(99);
const GROUPS = conv(tensor([2, 4, 5, 5], () => Math.round(g(4))), tensor([4, 2, 3, 3], () => Math.round(g(2))), [1, -2, 0.5, 3], { groups: 2, title: 'groups=2, batch 2' });
const s = normals(5);
const SYMM = { op: 'scipy.convolve2d', in1: tensor([7, 7], s), in2: tensor([3, 3], s), mode: 'same', boundary: 'symm', fillvalue: 0, title: "SciPy's same with symm" };
const LINKS = {
  float: FLOAT,
  'float-compare': { ...FLOAT, view: 'compare' },
  hundreds: HUNDREDS,
  'groups2-batch2': GROUPS,
  'scipy-same-symm': SYMM,
};

const SIZES = [
  { label: '1280x800', width: 1280, height: 800, classroom: false, minPx: 11, stage: true },
  { label: '1920x1080 classroom', width: 1920, height: 1080, classroom: true, minPx: 16, focalRatio: 2 },
];

for (const size of SIZES) {
  test(`legibility at ${size.label}: every lesson step, the compare view, long numbers`, { timeout: 240_000 }, async (t) => {
    const book = ledger(size);
    const tag = `legibility-${size.width}x${size.height}`;
    const classroom = async (page) => {
      if (size.classroom) await page.getByRole('checkbox', { name: 'Classroom', exact: true }).check();
    };
    const take = async (page, name, { axe = false, stageGoal = false } = {}) => {
      const t0 = Date.now();
      await settle(page);
      const t1 = Date.now();
      const m = await measureScreen(page);
      const t2 = Date.now();
      book.add(name, m, axe ? await runAxe(page) : null, { stageGoal });
      const t3 = Date.now();
      await screenshot(page, `${tag}-${name}`);
      if (process.env.LEGIBILITY_TIMES) console.log(`# ${name}: settle ${t1 - t0} measure ${t2 - t1} axe ${t3 - t2} shot ${Date.now() - t3} ms`);
    };
    await session.withApp(
      t,
      async ({ page, problems }) => {
        await classroom(page);
        await take(page, 'default', { axe: true, stageGoal: size.stage });
        await page.getByRole('button', { name: 'Compare', exact: true }).click();
        await byTestId(page, 'compare').waitFor();
        await take(page, 'compare', { axe: true });
        await page.getByRole('button', { name: 'Lab', exact: true }).click();

        const select = byTestId(page, 'lesson-select');
        const values = (await select.locator('option').evaluateAll((os) => os.map((o) => o.value))).filter((v) => v !== '');
        assert.ok(values.length >= 17, `${values.length} lesson steps`);
        for (const k of values) {
          await select.selectOption(k);
          await byTestId(page, 'lesson-title').waitFor();
          await take(page, `lesson-${k}`, { axe: true, stageGoal: size.stage });
        }

        for (const [name, scene] of Object.entries(LINKS)) {
          await page.goto('about:blank');
          await page.goto(new URL(sceneFragment(scene), session.url).href);
          await waitForApp(page, problems);
          await page.locator('[data-testid="out-cell"]').first().waitFor({ state: 'attached' });
          await classroom(page);
          if (scene.view === 'compare') await byTestId(page, 'compare').waitFor();
          await take(page, name, { axe: scene.view === 'compare' });
        }
      },
      { width: size.width, height: size.height },
    );
    const { summary, problems } = book.verdict();
    console.log(`# ${summary}`);
    assert.ok(problems.length === 0, `${summary}\n${problems.join('\n')}`);
  });
}

// Legibility, measured on screen at 1280x800 and in classroom mode at
// 1920x1080: every lesson step, the compare view, scenes with long
// numbers and pictures. Text on screen no smaller than 11 px (16 px in classroom mode),
// nothing spilling out, cut off or running into other text, the focal numbers
// twice the body text in classroom mode, the stage in the first view, and no
// axe-core violation. Screenshots go to target/e2e-screenshots/legibility-*.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSession, screenshot, byTestId, waitForApp } from './harness.mjs';
import { sceneFragment } from './reference.mjs';
import { measureScreen, measureTargets, runAxe, settle } from './legibility.mjs';

let session;
before(async () => {
  session = await startSession();
});
after(async () => {
  await session?.close();
});

// A page whose every text box is known, to show that the measuring sees what
// the eye sees: sizes through transform, zoom, display: contents and SVG; no
// hidden, visually hidden or collapsed text; each kind of overflow once,
// including a number leaving a size-contained box and text cut by paint
// containment.
const FIXTURE = `<!doctype html><html><head><style>
body { margin: 0; font: 16px sans-serif; } .abs { position: absolute; margin: 0; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
</style></head><body><div data-testid="app">
<noscript>needs script</noscript><span class="sr">visually hidden</span>
<p class="abs" style="top:0;left:0">plain</p>
<div class="abs" style="top:30px;left:0;transform:scale(0.5);transform-origin:0 0"><span style="font-size:20px">half</span></div>
<div class="abs" style="top:60px;left:300px;zoom:0.5"><span style="font-size:20px">zoomed</span></div>
<div class="abs" style="top:90px;left:0;font-size:12px"><span style="display:contents">contents</span></div>
<details class="abs" style="top:120px;left:0"><summary>summary</summary><p>collapsed</p></details>
<span class="abs" style="top:150px;left:0;visibility:hidden">invisible</span><span class="abs" style="top:150px;left:100px;opacity:0">transparent</span>
<div id="cut" class="abs" style="top:180px;left:0;width:40px;overflow:hidden;white-space:nowrap">cut off at the edge</div>
<div id="cell" class="abs" style="top:210px;left:0;width:30px;border:1px solid #000;white-space:nowrap"><span>1.784</span></div>
<span class="abs" style="top:240px;left:0">AAAA</span><span class="abs" style="top:242px;left:10px">BBBB</span>
<div class="abs" style="top:270px;left:0;line-height:1"><div>line one</div><div>line two</div></div>
<input id="field" class="abs" style="top:310px;left:0;width:40px" value="-0.0734567">
<select id="narrow" class="abs" style="top:340px;left:0;width:50px"><option>a long option</option></select>
<select class="abs" style="top:340px;left:100px"><option>short</option><option>a long option</option></select>
<svg class="abs" style="top:370px;left:0" width="100" height="20" viewBox="0 0 200 40"><text x="0" y="30" font-size="20">svg</text></svg>
<div class="abs" style="top:400px;left:0;height:30px;overflow:auto"><p>scrolled 1</p><p>scrolled 2</p><p>scrolled 3</p></div>
<span class="abs" style="top:440px;left:0;font-size:5px">tiny</span>
<div class="abs" style="top:470px;left:0;width:30px;height:20px;border:1px solid #000"><span id="num" style="position:absolute;inset:0;contain:size layout;white-space:nowrap">-12.345</span></div>
<div id="painted" class="abs" style="top:500px;left:0;width:40px;contain:paint;white-space:nowrap">painted past the edge</div>
</div></body></html>`;

test('the measuring sees what the eye sees (a page of known text boxes)', { timeout: 30_000 }, async () => {
  const page = await session.browser.newPage({ viewport: { width: 800, height: 600 } });
  try {
    await page.setContent(FIXTURE);
    const m = await measureScreen(page);
    const sizes = Object.fromEntries(m.texts.map((t) => [t.text, t.size]));
    assert.deepEqual(
      { plain: sizes.plain, half: sizes.half, zoomed: sizes.zoomed, contents: sizes.contents, summary: sizes.summary, svg: sizes.svg, tiny: sizes.tiny },
      { plain: 16, half: 10, zoomed: 10, contents: 12, summary: 16, svg: 10, tiny: 5 },
    );
    for (const hidden of ['needs script', 'visually hidden', 'collapsed', 'invisible', 'transparent']) assert.ok(!m.texts.some((t) => t.text.includes(hidden)), hidden);
    assert.equal(m.texts.length, 21, m.texts.map((t) => t.text).join(' | '));
    assert.deepEqual(
      m.findings.map((f) => `${f.kind} ${f.where.split(' > ').at(-1)} ${f.text}`),
      [
        'clipped div#cut.abs cut off at the edge', 'spills div#cell.abs 1.784', 'spills span#num -12.345',
        'clipped div#painted.abs painted past the edge', 'clipped input#field.abs -0.0734567', 'clipped select#narrow.abs a long option',
      ],
    );
    assert.deepEqual(m.overlaps.map((o) => `${o.a.text} ${o.b.text}`), ['AAAA BBBB']);
  } finally {
    await page.close();
  }
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
const sy = normals(5);
const SYMM = { op: 'scipy.convolve2d', in1: tensor([7, 7], sy), in2: tensor([3, 3], sy), mode: 'same', boundary: 'symm', fillvalue: 0, title: "SciPy's same with symm" };
// A 48x48 RGB picture (ToTensor's values, byte / 255 in float32) drawn as
// pictures: Sobel x on each channel, and 16 filters into 16 channels.
const byte = (c, i, j) => Math.fround((((i - 24) ** 2 + (j - 24) ** 2 < 300 ? 220 : 40) + ((i * 3 + j * 5 + c * 40) % 30)) / 255);
const PHOTO_INPUT = [[0, 1, 2].map((c) => Array.from({ length: 48 }, (_, i) => Array.from({ length: 48 }, (_, j) => byte(c, i, j))))];
const SOBEL = [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]];
const PHOTO = conv(PHOTO_INPUT, [[SOBEL], [SOBEL], [SOBEL]], null, {
  groups: 3, title: 'a picture, Sobel x per channel', image: { name: 'disc.png', source: [48, 48], factor: 1, gray: false },
});
const p16 = normals(16);
const PHOTO16 = conv(PHOTO_INPUT, tensor([16, 3, 3, 3], () => p16(0.5)), null, {
  title: 'a picture through 16 filters', image: { name: 'disc.png', source: [48, 48], factor: 1, gray: false },
});
const LINKS = {
  photo: PHOTO,
  'photo-16': PHOTO16,
  float: FLOAT,
  'float-compare': { ...FLOAT, view: 'compare' },
  hundreds: HUNDREDS,
  'groups2-batch2': GROUPS,
  'scipy-same-symm': SYMM,
};

const SIZES = [
  { label: '1280x800', width: 1280, height: 800, classroom: false, minPx: 11, stage: true },
  { label: '1920x1080 classroom', width: 1920, height: 1080, classroom: true, minPx: 16, focalRatio: 2 },
  // Touch: a phone (the menu opened to reach the lessons) and a tablet, with
  // tap targets of 44 px (WCAG 2.5.5, Apple's HIG).
  { label: '1024x768 tablet (touch)', width: 1024, height: 768, classroom: false, minPx: 11, touch: true, tap: 44 },
  { label: '412x823 phone (touch)', width: 412, height: 823, classroom: false, minPx: 11, touch: true, tap: 44 },
];

for (const size of SIZES) {
  test(`legibility at ${size.label}: every lesson step, the compare view, long numbers`, { timeout: 240_000 }, async (t) => {
    const book = ledger(size);
    const tag = `legibility-${size.width}x${size.height}`;
    const classroom = async (page) => {
      if (size.classroom) await page.getByRole('checkbox', { name: 'Classroom', exact: true }).check();
    };
    const take = async (page, name, { axe = false, stageGoal = false } = {}) => {
      await settle(page);
      const m = await measureScreen(page);
      if (size.tap) m.targets = await measureTargets(page, size.tap);
      book.add(name, m, axe ? await runAxe(page) : null, { stageGoal });
      await screenshot(page, `${tag}-${name}`);
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

        // A phone folds the lesson picker into the menu.
        const openMenu = async () => {
          if ((await byTestId(page, 'menu').isVisible()) && (await byTestId(page, 'menu').getAttribute('aria-expanded')) !== 'true') await byTestId(page, 'menu').click();
        };
        await openMenu();
        const select = byTestId(page, 'lesson-select');
        const steps = (await select.locator('option').evaluateAll((os) => os.map((o) => [o.value, o.textContent]))).filter(([v]) => v !== '');
        assert.ok(steps.length >= 17, `${steps.length} lesson steps`);
        for (const [k, label] of steps) {
          // Picking a lesson folds the menu again: open it for each.
          await openMenu();
          await select.selectOption(k);
          // The step's title ("Section 1: Each pass ...") ends with the option's words.
          const words = label.replace(/^[\d.]+\s+/, '').trim();
          await page.waitForFunction((w) => document.querySelector('[data-testid="lesson-title"]')?.textContent.trim().endsWith(w), words);
          // Section 11 is on the network page: no stage there.
          const onNetwork = (await byTestId(page, 'network').count()) > 0;
          await take(page, `lesson-${k}`, { axe: true, stageGoal: size.stage && !onNetwork });
        }

        // Your network: the layer table and what a pixel sees, with the
        // border maps layer by layer.
        await byTestId(page, 'model-open').click();
        await byTestId(page, 'network').waitFor();
        await byTestId(page, 'net-see').last().click();
        await byTestId(page, 'net-border-layer').first().waitFor();
        await take(page, 'network', { axe: true });

        // Practice: each kind, with an answer checked (its verdict shown).
        for (const kind of ['shape', 'value', 'sources', 'weight-shape', 'transpose-size', 'output-padding', 'receptive-field', 'model-break']) {
          await page.goto('about:blank');
          await page.goto(new URL(`#practice=77.${kind}.3`, session.url).href);
          await waitForApp(page, problems);
          await byTestId(page, 'exercise').waitFor();
          await classroom(page);
          await byTestId(page, 'answer').fill('1, 2');
          await byTestId(page, 'answer').press('Enter');
          await byTestId(page, 'verdict').waitFor();
          await take(page, `practice-${kind}`, { axe: true });
        }

        for (const [name, scene] of Object.entries(LINKS)) {
          await page.goto('about:blank');
          await page.goto(new URL(sceneFragment(scene), session.url).href);
          await waitForApp(page, problems);
          const picture = 'image' in scene;
          await page.locator(picture ? '[data-testid="out-picture"]' : '[data-testid="out-cell"]').first().waitFor({ state: 'attached' });
          await classroom(page);
          if (scene.view === 'compare') await byTestId(page, 'compare').waitFor();
          await take(page, name, { axe: scene.view === 'compare' || picture, stageGoal: picture && size.stage });
        }
      },
      { width: size.width, height: size.height, touch: !!size.touch },
    );
    const { summary, problems } = book.verdict();
    console.log(`# ${summary}`);
    assert.ok(problems.length === 0, `${summary}\n${problems.join('\n')}`);
  });
}

// ---------------------------------------------------------------- the verdict

/**
 * Collects measured screens against goals { label, minPx, focalRatio, stage }
 * and gives one summary line and, when a goal is missed, the worst offenders.
 */
function ledger(goals) {
  const screens = [];
  return {
    add(name, m, axe = null, { stageGoal = false } = {}) {
      screens.push({ name, m, axe, stageGoal });
    },
    verdict: () => verdict(goals, screens),
  };
}

const groupBy = (items, key) => {
  const groups = new Map();
  for (const it of items) {
    const k = key(it);
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k).push(it);
  }
  return [...groups.values()];
};
const screensOf = (items) => {
  const names = [...new Set(items.map((i) => i.screen))];
  return names.length > 3 ? `${names.length} screens, e.g. ${names.slice(0, 3).join(', ')}` : names.join(', ');
};

function verdict(goals, screens) {
  const all = (pick) => screens.flatMap((s) => pick(s).map((x) => ({ ...x, screen: s.name })));
  const texts = all((s) => s.m.texts);
  const smallest = texts.reduce((a, b) => (b.size < a.size ? b : a), texts[0] ?? { size: NaN, text: '', where: '' });
  const small = texts.filter((t) => t.size < goals.minPx - 0.05);
  const findings = all((s) => s.m.findings);
  const overlaps = all((s) => s.m.overlaps);
  const axe = all((s) => s.axe ?? []);
  const problems = [];

  const smallGroups = groupBy(small, (t) => `${t.where}|${t.size.toFixed(1)}`).sort((a, b) => a[0].size - b[0].size || b.length - a.length);
  if (smallGroups.length) {
    problems.push(`text smaller than ${goals.minPx} px (${small.length} boxes in ${smallGroups.length} places; the worst 15):`);
    for (const g of smallGroups.slice(0, 15)) problems.push(`  ${g[0].size.toFixed(1)} px  ${JSON.stringify(g[0].text)}  at ${g[0].where}  (x${g.length}, ${screensOf(g)})`);
  }
  for (const g of groupBy(findings, (f) => f.kind)) {
    const places = groupBy(g, (f) => f.where);
    problems.push(`${g[0].kind}: ${g.length} findings on the screens, in ${places.length} places:`);
    for (const p of places.slice(0, 12)) problems.push(`  ${p[0].where}  ${JSON.stringify(p[0].text)}: ${p[0].by}  (${screensOf(p)})`);
  }
  if (overlaps.length) {
    const places = groupBy(overlaps, (o) => `${o.a.where}|${o.b.where}`).sort((a, b) => b.length - a.length);
    problems.push(`text running into text (${overlaps.length} pairs, ${places.length} kinds):`);
    for (const p of places.slice(0, 12)) problems.push(`  ${JSON.stringify(p[0].a.text)} at ${p[0].a.where}  into  ${JSON.stringify(p[0].b.text)} at ${p[0].b.where}, by ${p[0].by}  (x${p.length}, ${screensOf(p)})`);
  }
  if (goals.focalRatio) {
    const weak = screens.flatMap((s) => s.m.focal.filter((f) => f.size < goals.focalRatio * s.m.bodyPx - 0.05).map((f) => ({ ...f, body: s.m.bodyPx, screen: s.name })));
    for (const g of groupBy(weak, (f) => `${f.where}|${f.size}`).slice(0, 8)) {
      problems.push(`focal number ${JSON.stringify(g[0].text)} at ${g[0].where} is ${g[0].size.toFixed(1)} px, under ${goals.focalRatio} x the ${g[0].body.toFixed(1)} px body text (${screensOf(g)})`);
    }
    const unmarked = screens.filter((s) => s.m.stage?.grid && !s.m.focal.length).map((s) => s.name);
    if (unmarked.length) problems.push(`no .focal numbers marked on ${unmarked.length} screens with an output: ${unmarked.join(', ')}`);
  }
  for (const s of screens.filter((s) => s.stageGoal)) {
    const st = s.m.stage;
    if (!st) problems.push(`${s.name}: no [data-testid="stage"] (nor compare view)`);
    else if (st.top < 0 || st.top >= s.m.viewport.height) problems.push(`${s.name}: ${st.what} starts at y=${st.top.toFixed(0)}, outside the first ${s.m.viewport.height} px`);
    else if (st.grid && !st.gridInView) problems.push(`${s.name}: the first output grid (${st.grid.where}) spans y ${st.grid.top.toFixed(0)}..${st.grid.bottom.toFixed(0)}, x ${st.grid.left.toFixed(0)}..${st.grid.right.toFixed(0)}: not all inside the first view`);
  }
  if (goals.tap) {
    const tiny = all((s) => s.m.targets ?? []);
    const places = groupBy(tiny, (t) => t.where);
    if (places.length) problems.push(`tap targets under ${goals.tap} px (${tiny.length} on the screens, in ${places.length} places):`);
    for (const p of places.slice(0, 20)) problems.push(`  ${p[0].where} ${JSON.stringify(p[0].text)}: ${p[0].w}x${p[0].h} px  (${screensOf(p)})`);
  }
  for (const g of groupBy(axe, (v) => v.id)) {
    problems.push(`axe ${g[0].id} (${g[0].impact}): ${g[0].help}; ${g.reduce((n, v) => n + v.count, 0)} nodes on ${screensOf(g)}; e.g. ${[...new Set(g.flatMap((v) => v.targets))].slice(0, 4).join(' | ')}`);
  }

  const axeScreens = screens.filter((s) => s.axe).length;
  const focal = screens.flatMap((s) => s.m.focal.map((f) => f.size / s.m.bodyPx));
  const focalNote = goals.focalRatio ? `, focal numbers at least ${focal.length ? Math.min(...focal).toFixed(2) : '-'} x the body text` : '';
  const summary =
    `legibility ${goals.label}: ${texts.length} text boxes on ${screens.length} screens, ` +
    `smallest ${smallest.size.toFixed(1)} px (${JSON.stringify(smallest.text)} at ${smallest.where}), ` +
    `${findings.length} overflows, ${overlaps.length} overlaps${focalNote}, axe ${axe.length} violations on ${axeScreens} screens`;
  return { summary, problems };
}

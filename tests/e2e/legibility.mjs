// Legibility measured on screen: every visible text box with its font size as
// rendered (computed size x CSS transforms x CSS zoom), text that spills out
// of its box or is clipped, text that runs into other text, the focal numbers
// of classroom mode, where the stage sits, and axe-core's violations.
//
//   const screen = await measureScreen(page);   // one screen, as it is now
//   const violations = await runAxe(page);
import { createRequire } from 'node:module';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/**
 * Waits until the page has settled: fonts loaded, finite animations and
 * transitions run to their end (finished at once, so that nothing is measured
 * mid-flight), two frames painted.
 */
export async function settle(page) {
  await page.evaluate(async () => {
    await document.fonts.ready;
    for (const a of document.getAnimations()) {
      if (a.effect?.getComputedTiming().endTime !== Infinity) a.finish();
    }
    await new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok)));
  });
}

/** Measures the screen as it is now; see `measureInPage` for what comes back. */
export function measureScreen(page) {
  return page.evaluate(measureInPage);
}

/**
 * Tap targets smaller than `min` CSS px either way, on screen now:
 * [{ where, text, w, h }]. A control inside a label counts the label (the
 * whole label takes the tap); the cells of a picture's or an output's grid
 * are not counted (a 16x16 grid cannot have 44 px cells on a phone: it is
 * read by pinch-zoom), the grid editors' cells are.
 */
export function measureTargets(page, min) {
  return page.evaluate((min) => {
    const where = (el) => {
      const parts = [];
      for (let e = el; e && e !== document.body && parts.length < 3; e = e.parentElement) {
        const id = e.getAttribute('data-testid');
        parts.unshift(id ? `${e.localName}[data-testid="${id}"]` : `${e.localName}${[...e.classList].slice(0, 2).map((c) => `.${c}`).join('')}`);
      }
      return parts.join(' > ');
    };
    const out = [];
    const seen = new Set();
    for (let el of document.querySelectorAll('button, a[href], input:not([type=hidden]), select, textarea, summary, [role="button"]')) {
      if (el.closest('.plane__cells, template, [aria-hidden="true"]')) continue;
      const label = el.closest('label');
      if (label && el.localName === 'input' && el.type !== 'text') el = label;
      if (seen.has(el)) continue;
      seen.add(el);
      const s = getComputedStyle(el);
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || s.visibility === 'hidden' || (el.localName === 'input' && el.type === 'file')) continue;
      // Visually hidden until a keyboard focuses it (a skip button): not on screen to tap.
      if (/^rect\(0(px)?,? 0(px)?,? 0(px)?,? 0(px)?\)$/.test(s.clip)) continue;
      if (r.bottom < 0 || r.right < 0 || r.left > innerWidth) continue;
      if (r.width < min - 0.5 || r.height < min - 0.5) out.push({ where: where(el), text: (el.textContent || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 30), w: Math.round(r.width), h: Math.round(r.height) });
    }
    return out;
  }, min);
}

/** axe-core's violations on the whole document: [{ id, impact, help, count, targets }]. */
export async function runAxe(page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      count: v.nodes.length,
      targets: v.nodes.slice(0, 4).map((n) => n.target.join(' ')),
    }));
  });
}

// Runs inside the page, self-contained (page.evaluate serialises it).
function measureInPage() {
  const styles = new Map();
  const cs = (el) => {
    let s = styles.get(el);
    if (!s) styles.set(el, (s = getComputedStyle(el)));
    return s;
  };
  const parentOf = (el) => el.parentElement ?? (el.parentNode instanceof ShadowRoot ? el.parentNode.host : null);
  const rects = new Map();
  const rectOf = (el) => {
    let r = rects.get(el);
    if (!r) rects.set(el, (r = el.getBoundingClientRect()));
    return r;
  };
  // The nearest element that has a box of its own (display: contents has none).
  const boxed = (el) => {
    while (el && cs(el).display === 'contents') el = parentOf(el);
    return el;
  };

  // Accumulated scale of CSS transforms and the `scale` property (zoom apart).
  const scales = new Map();
  const scaleOf = (el) => {
    if (!el) return 1;
    if (scales.has(el)) return scales.get(el);
    const s = cs(el);
    let k = 1;
    const transforms = !(s.display === 'inline' || s.display === 'contents') || el instanceof SVGElement;
    if (transforms && s.transform && s.transform !== 'none') {
      const m = new DOMMatrixReadOnly(s.transform);
      k *= Math.sqrt(Math.abs(m.a * m.d - m.b * m.c));
    }
    if (transforms && s.scale && s.scale !== 'none') {
      const [x, y = x] = s.scale.split(/\s+/).map(parseFloat);
      k *= Math.sqrt(Math.abs(x * y));
    }
    k *= scaleOf(parentOf(el));
    scales.set(el, k);
    return k;
  };
  const zoomOf = (el) => (typeof el.currentCSSZoom === 'number' ? el.currentCSSZoom : 1);
  // Font size on screen of text whose style comes from `el`.
  const screenSize = (el, pseudo) => {
    const px = parseFloat(pseudo ? getComputedStyle(el, pseudo).fontSize : cs(el).fontSize);
    if (el instanceof SVGElement && el.ownerSVGElement) {
      const m = el.getCTM();
      let outer = el.ownerSVGElement;
      while (outer.ownerSVGElement) outer = outer.ownerSVGElement;
      const k = m ? Math.sqrt(Math.abs(m.a * m.d - m.b * m.c)) : 1;
      return px * k * scaleOf(outer) * zoomOf(outer);
    }
    return px * scaleOf(boxed(el)) * zoomOf(el);
  };

  const describe = (e) => {
    let d = e.localName;
    if (e.id) d += `#${e.id}`;
    if (e.dataset?.testid) d += `[data-testid="${e.dataset.testid}"]`;
    for (const c of e.classList) d += `.${c}`;
    return d;
  };
  const where = (el) => {
    const parts = [];
    let e = el;
    for (let depth = 0; e && e !== document.body && depth < 4; depth++) {
      parts.unshift(describe(e));
      if (e.id || e.dataset?.testid) return parts.join(' > ');
      e = parentOf(e);
    }
    const anchor = e?.closest?.('[data-testid], [id]');
    if (anchor && anchor !== document.body) parts.unshift(`${describe(anchor)} …`);
    return parts.join(' > ');
  };

  const overflowKind = (v) => (v === 'hidden' || v === 'clip' ? 'clip' : v === 'auto' || v === 'scroll' ? 'scroll' : 'visible');
  // content-visibility: auto (and hidden) brings paint containment too.
  const paintContained = (s) => /\b(strict|content|paint)\b/.test(s.contain) || s.contentVisibility !== 'visible';
  const sizeContained = (s) => /\b(strict|size)\b/.test(s.contain);
  // Visually hidden on purpose (the sr-only pattern): clip, clip-path inset(50%), or a 1px clipping box.
  const srOnly = (el) => {
    for (let e = el; e && e !== document.documentElement; e = parentOf(e)) {
      const s = cs(e);
      if ((s.position === 'absolute' || s.position === 'fixed') && s.clip && s.clip !== 'auto') return true;
      if (/inset\(50%/.test(s.clipPath)) return true;
      if (s.display !== 'contents' && (overflowKind(s.overflowX) !== 'visible' || overflowKind(s.overflowY) !== 'visible')) {
        const r = rectOf(e);
        if (r.width <= 1.5 || r.height <= 1.5) return true;
      }
    }
    return false;
  };
  const shown = (el) => {
    const box = boxed(el);
    if (!box || !box.checkVisibility({ opacityProperty: true, visibilityProperty: true, contentVisibilityAuto: true })) return false;
    if (cs(el).visibility !== 'visible') return false;
    const closed = el.closest('details:not([open])');
    if (closed && !el.closest('summary')) return false;
    return !srOnly(box);
  };
  const visibleEdge = (s) =>
    (s.backgroundColor !== 'rgba(0, 0, 0, 0)' && s.backgroundColor !== 'transparent') ||
    ['Top', 'Right', 'Bottom', 'Left'].some((side) => parseFloat(s[`border${side}Width`]) > 0 && s[`border${side}Style`] !== 'none' && !/rgba\(.*, 0\)$/.test(s[`border${side}Color`]));
  const paddingBox = (e) => {
    const r = rectOf(e);
    const s = cs(e);
    const k = e.offsetWidth ? r.width / e.offsetWidth : 1;
    const bl = parseFloat(s.borderLeftWidth) * k;
    const bt = parseFloat(s.borderTopWidth) * k;
    return { left: r.left + bl, top: r.top + bt, right: r.right - parseFloat(s.borderRightWidth) * k, bottom: r.bottom - parseFloat(s.borderBottomWidth) * k };
  };

  const boxes = []; // text boxes: { el, text, size, rects, scroller }
  const findings = []; // overflow findings: { kind, where, text, by }
  const flaggedAt = new Map(); // element -> Map(kind -> finding)
  const flag = (kind, el, text, by) => {
    let kinds = flaggedAt.get(el);
    if (!kinds) flaggedAt.set(el, (kinds = new Map()));
    const seen = kinds.get(kind);
    if (seen) return void seen.count++;
    const f = { kind, where: where(el), text: text.slice(0, 40), by, count: 1 };
    kinds.set(kind, f);
    findings.push(f);
  };
  const nearestScroller = (el) => {
    for (let e = parentOf(el); e && e !== document.documentElement; e = parentOf(e)) {
      const s = cs(e);
      if (overflowKind(s.overflowX) === 'scroll' || overflowKind(s.overflowY) === 'scroll') return e;
    }
    return null;
  };

  // Text that leaves the boxes around it. Walks up from the text's nearest
  // block: an in-flow box with a visible edge that the text leaves is a spill,
  // any box that clips it cuts it off; a scroll container (the user can scroll
  // to it) ends the walk, and above an absolutely placed box only clipping counts.
  const checkContainment = (el, text, textRects, fontPx) => {
    const tolY = Math.max(1, 0.25 * fontPx);
    let clipOnly = false;
    let e = boxed(el);
    while (e && cs(e).display === 'inline') e = parentOf(e);
    for (; e && e !== document.body && e !== document.documentElement; e = parentOf(e)) {
      const s = cs(e);
      if (s.display === 'contents' || s.display === 'inline') continue;
      // Paint containment clips like overflow: clip (its computed overflow
      // stays visible); a size-contained box does not grow with its text, so
      // text that leaves it spills even where the box has no edge of its own.
      const painted = paintContained(s);
      const kind = (v) => (painted && overflowKind(v) === 'visible' ? 'clip' : overflowKind(v));
      const ox = kind(s.overflowX);
      const oy = kind(s.overflowY);
      const b = paddingBox(e);
      const outX = textRects.some((r) => r.left < b.left - 1 || r.right > b.right + 1);
      const outY = textRects.some((r) => r.top < b.top - tolY || r.bottom > b.bottom + tolY);
      if ((outX && ox === 'clip') || (outY && oy === 'clip')) flag('clipped', e, text, `overflow ${s.overflowX}/${s.overflowY}, contain: ${s.contain}, box ${describe(e)}`);
      else if (!clipOnly && ((outX && ox === 'visible') || (outY && oy === 'visible')) && (visibleEdge(s) || sizeContained(s))) flag('spills', e, text, `out of ${describe(e)}`);
      if (ox === 'scroll' || oy === 'scroll') return;
      if (s.position === 'absolute' || s.position === 'fixed') clipOnly = true;
    }
  };
  // The element that holds text directly, cut off inside itself (ellipsis, fixed size, or its own scrollbar).
  const ownChecked = new Set();
  const checkOwnOverflow = (el, text) => {
    let e = boxed(el);
    while (e && cs(e).display === 'inline') e = parentOf(e);
    if (!e || ownChecked.has(e)) return;
    ownChecked.add(e);
    const s = cs(e);
    const ox = overflowKind(s.overflowX);
    const oy = overflowKind(s.overflowY);
    const wide = e.scrollWidth > e.clientWidth + 1 && ox !== 'visible';
    const tall = e.scrollHeight > e.clientHeight + 1 && oy !== 'visible';
    if ((wide || tall) && !flaggedAt.get(e)?.size) {
      const kind = (wide ? ox : oy) === 'clip' ? 'clipped' : 'scrolls';
      flag(kind, e, text, `content ${e.scrollWidth}x${e.scrollHeight} px in ${e.clientWidth}x${e.clientHeight}, overflow ${s.overflowX}/${s.overflowY}`);
    }
  };

  // 1. Text nodes.
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.data.replace(/\s+/g, ' ').trim();
    if (!text) continue;
    const el = node.parentElement;
    // Options (of closed selects, measured on the select below), tooltips' <title>, and what is never drawn.
    if (!el || el.closest('script, style, template, noscript, select, datalist, textarea, title')) continue;
    if (!shown(el)) continue;
    range.selectNodeContents(node);
    const textRects = [...range.getClientRects()].filter((r) => r.width > 0.5 && r.height > 0.5);
    if (!textRects.length) continue;
    const size = screenSize(el);
    boxes.push({ el, text, size, rects: textRects, scroller: nearestScroller(el) });
    checkContainment(el, text, textRects, size);
    checkOwnOverflow(el, text);
  }

  // 2. Text drawn by ::before / ::after.
  for (const el of document.body.querySelectorAll('*')) {
    for (const pseudo of ['::before', '::after']) {
      const p = getComputedStyle(el, pseudo);
      const m = /^"(.*)"$/.exec(p.content);
      if (!m || !m[1].trim() || p.display === 'none') continue;
      if (!shown(el)) continue;
      boxes.push({ el, text: `${m[1].trim()} (${pseudo})`, size: screenSize(el, pseudo), rects: [], scroller: null });
    }
  }

  // 3. Text of form controls, measured on the control.
  const canvas = document.createElement('canvas').getContext('2d');
  const textWidth = (el, text) => {
    const s = cs(el);
    canvas.font = `${s.fontStyle} ${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
    return canvas.measureText(text).width * scaleOf(boxed(el)) * zoomOf(el);
  };
  const textTypes = new Set(['text', 'search', 'email', 'url', 'tel', 'password', 'number', 'button', 'submit', 'reset', '']);
  for (const c of document.body.querySelectorAll('input, select, textarea')) {
    if (c.closest('template, noscript') || !shown(c)) continue;
    let text;
    if (c.localName === 'select') text = c.selectedOptions[0]?.textContent.trim() ?? '';
    else if (c.localName === 'textarea' || textTypes.has(c.type)) text = c.value || c.placeholder || '';
    else if (c.type === 'file') text = 'Choose file';
    if (!text) continue;
    const size = c.value || c.localName === 'select' || c.type === 'file' ? screenSize(c) : screenSize(c, '::placeholder');
    const pad = paddingBox(c);
    const s = cs(c);
    const k = scaleOf(boxed(c)) * zoomOf(c);
    const content = { left: pad.left + parseFloat(s.paddingLeft) * k, right: pad.right - parseFloat(s.paddingRight) * k, top: pad.top + parseFloat(s.paddingTop) * k, bottom: pad.bottom - parseFloat(s.paddingBottom) * k };
    const lineWidth = c.localName === 'textarea' ? Math.max(...text.split('\n').map((line) => textWidth(c, line))) : textWidth(c, text);
    const w = Math.min(lineWidth, content.right - content.left);
    const align = s.textAlign;
    const left = align === 'center' ? (content.left + content.right - w) / 2 : align === 'right' || align === 'end' ? content.right - w : content.left;
    const rect = { left, right: left + w, top: content.top, bottom: content.bottom, width: w, height: content.bottom - content.top };
    boxes.push({ el: c, text: `${text} (${c.localName === 'select' ? 'select' : 'value'})`, size, rects: c.type === 'file' ? [] : [rect], scroller: nearestScroller(c) });
    if (c.localName === 'select') {
      // A select narrower than it would be with only its selected option cuts that option's text.
      const probe = c.cloneNode(false);
      probe.append(new Option(text));
      Object.assign(probe.style, { position: 'absolute', visibility: 'hidden', width: 'auto', minWidth: '0', maxWidth: 'none', flex: 'none' });
      parentOf(c).append(probe);
      const need = probe.getBoundingClientRect().width;
      probe.remove();
      if (rectOf(c).width < need - 1) flag('clipped', c, text, `select is ${rectOf(c).width.toFixed(0)} px wide, its selected text needs ${need.toFixed(0)} px`);
    } else if (c.localName === 'textarea') {
      // A textarea is read line by line. One that wraps (the default) clips
      // nothing unless it scrolls sideways; one that does not wrap clips its
      // longest line.
      const wraps = c.wrap !== 'off' && !['pre', 'nowrap'].includes(s.whiteSpace);
      const longest = Math.max(...text.split('\n').map((line) => textWidth(c, line)));
      if (c.scrollWidth > c.clientWidth + 1 || (!wraps && longest > content.right - content.left + 1)) {
        flag('clipped', c, text, `its longest line needs ${longest.toFixed(0)} px, the field shows ${(content.right - content.left).toFixed(0)} px`);
      }
    } else if (c.type !== 'file' && (c.scrollWidth > c.clientWidth + 1 || textWidth(c, text) > content.right - content.left + 1)) {
      flag('clipped', c, text, `value needs ${textWidth(c, text).toFixed(0)} px, the field shows ${(content.right - content.left).toFixed(0)} px`);
    }
  }

  // 4. Text running into other text: rects of two different text boxes that
  // intersect by more than 2 px both ways (the top and bottom 15% of a line
  // box are the font's ascent and descent room, not ink). Boxes under different
  // scroll containers are compared where they are visible.
  const visiblePart = (r, scroller) => {
    let { left, right, top, bottom } = r;
    for (let e = scroller; e; e = nearestScroller(e)) {
      const b = paddingBox(e);
      left = Math.max(left, b.left);
      right = Math.min(right, b.right);
      top = Math.max(top, b.top);
      bottom = Math.min(bottom, b.bottom);
    }
    return right > left && bottom > top ? { left, right, top, bottom } : null;
  };
  const ink = [];
  boxes.forEach((b, i) =>
    b.rects.forEach((r) => {
      const inset = 0.15 * (r.bottom - r.top);
      ink.push({ i, scroller: b.scroller, left: r.left, right: r.right, top: r.top + inset, bottom: r.bottom - inset });
    }),
  );
  ink.sort((a, b) => a.left - b.left);
  const overlaps = [];
  const seenPairs = new Set();
  for (let a = 0; a < ink.length; a++) {
    for (let b = a + 1; b < ink.length && ink[b].left < ink[a].right - 2; b++) {
      if (ink[a].i === ink[b].i) continue;
      const same = ink[a].scroller === ink[b].scroller;
      const p = same ? ink[a] : visiblePart(ink[a], ink[a].scroller);
      const q = same ? ink[b] : visiblePart(ink[b], ink[b].scroller);
      if (!p || !q) continue;
      const dx = Math.min(p.right, q.right) - Math.max(p.left, q.left);
      const dy = Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top);
      const key = `${Math.min(ink[a].i, ink[b].i)},${Math.max(ink[a].i, ink[b].i)}`;
      if (dx > 2 && dy > 2 && !seenPairs.has(key)) {
        seenPairs.add(key);
        const [x, y] = [boxes[ink[a].i], boxes[ink[b].i]];
        overlaps.push({ a: { where: where(x.el), text: x.text.slice(0, 30) }, b: { where: where(y.el), text: y.text.slice(0, 30) }, by: `${dx.toFixed(1)}x${dy.toFixed(1)} px` });
      }
    }
  }

  // 5. The focal numbers against the app's body text.
  const app = document.querySelector('[data-testid="app"]') ?? document.body;
  const bodyPx = screenSize(app);
  const focal = [...document.querySelectorAll('.focal')]
    .map((el) => ({ el, sizes: boxes.filter((b) => b.el === el || el.contains(b.el)).map((b) => b.size) }))
    .filter((f) => f.sizes.length)
    .map((f) => ({ where: where(f.el), text: f.el.textContent.trim().slice(0, 30), size: Math.min(...f.sizes) }));

  // 6. The stage (or the compare view a lesson opens) and the first output
  // grid, without scrolling.
  const vw = document.documentElement.clientWidth;
  const vh = document.documentElement.clientHeight;
  // A transposed convolution's scatter view draws the output as it stamps.
  // A layer stack's view: its first layer's output is the grid to see.
  const stackView = document.querySelector('[data-testid="stack-view"]');
  const stageEl = document.querySelector('[data-testid="stage"]') ?? document.querySelector('[data-testid="compare"]') ?? document.querySelector('[data-testid="scatter"]') ?? stackView;
  const cellId = stackView ? 'stack-cell' : document.querySelector('[data-testid="out-cell"]') ? 'out-cell' : 'scatter-cell';
  const cell = document.querySelector(`[data-testid="${cellId}"]`);
  let stage = null;
  if (stageEl) {
    const cells = cell ? [...cell.parentElement.children].filter((c) => c.matches(`[data-testid="${cellId}"]`)).map((c) => c.getBoundingClientRect()) : [];
    const g = cells.length
      ? { top: Math.min(...cells.map((r) => r.top)), bottom: Math.max(...cells.map((r) => r.bottom)), left: Math.min(...cells.map((r) => r.left)), right: Math.max(...cells.map((r) => r.right)) }
      : null;
    let inView = !!g && g.top >= -1 && g.left >= -1 && g.bottom <= vh + 1 && g.right <= vw + 1;
    for (let e = cell && parentOf(cell); inView && e && e !== document.documentElement; e = parentOf(e)) {
      const s = cs(e);
      if (s.display === 'contents' || (overflowKind(s.overflowX) === 'visible' && overflowKind(s.overflowY) === 'visible')) continue;
      const b = paddingBox(e);
      if (g.top < b.top - 1 || g.bottom > b.bottom + 1 || g.left < b.left - 1 || g.right > b.right + 1) inView = false;
    }
    stage = {
      what: describe(stageEl),
      top: rectOf(stageEl).top + window.scrollY,
      grid: g && { where: where(cell.parentElement), ...g },
      gridInView: inView,
    };
  }

  const pageWide = document.documentElement.scrollWidth > vw + 1;
  if (pageWide) findings.push({ kind: 'page scrolls sideways', where: 'html', text: '', by: `document ${document.documentElement.scrollWidth} px wide in a ${vw} px viewport`, count: 1 });
  return {
    viewport: { width: vw, height: vh },
    bodyPx,
    texts: boxes.map((b) => ({ where: where(b.el), text: b.text.slice(0, 30), size: Math.round(b.size * 100) / 100 })),
    findings,
    overlaps,
    focal,
    stage,
    classroom: !!document.querySelector('.app--classroom'),
  };
}

// Screenshots of the views a person looks at, at 1280x800, in classroom
// mode at 1920x1080 and at 412x823, for a person to look at:
//   node look.mjs   (writes target/e2e-screenshots/look-*.png)
import { startSession, screenshot, byTestId } from './harness.mjs';

const sizes = [
  { name: 'laptop', width: 1280, height: 800, classroom: false },
  { name: 'classroom', width: 1920, height: 1080, classroom: true },
  { name: 'phone', width: 412, height: 823, classroom: false, touch: true },
  { name: 'tablet', width: 1024, height: 768, classroom: false, touch: true },
];
const session = await startSession();
try {
  for (const s of sizes) {
    const app = await session.openApp({ width: s.width, height: s.height, name: `look-${s.name}`, touch: !!s.touch });
    const { page } = app;
    if (s.classroom) await page.locator('body').press('k');
    await screenshot(page, `look-${s.name}-lab`);
    // A phone keeps the lesson picker in the menu.
    if (await byTestId(page, 'menu').isVisible()) await byTestId(page, 'menu').click();
    const select = byTestId(page, 'lesson-select');
    const options = await select.locator('option').allTextContents();
    await select.selectOption({ index: options.findIndex((o) => o.endsWith('Convolution or cross-correlation?')) });
    await byTestId(page, 'lesson-title').waitFor();
    await screenshot(page, `look-${s.name}-xcorr`);
    await byTestId(page, 'model-open').click();
    await byTestId(page, 'net-table').waitFor();
    await screenshot(page, `look-${s.name}-network`);
    await byTestId(page, 'practice-open').click();
    await byTestId(page, 'exercise').waitFor();
    await screenshot(page, `look-${s.name}-practice`);
    await app.close();
  }
} finally {
  await session.close();
}

import { AxeBuilder } from '@axe-core/playwright';
import { startServer, launchBrowser } from './lib.mjs';
const server = await startServer('/tmp/theme-out');
const browser = await launchBrowser();
const context = await browser.newContext();
const page = await context.newPage();
for (const u of ['/', '/get-help/', '/ar/treatment/', '/sitemap/']) {
  let t0 = Date.now();
  await page.goto(server.origin + u);
  let t1 = Date.now();
  const r = await new AxeBuilder({ page }).withTags(['wcag2a','wcag2aa','wcag21a','wcag21aa','wcag22aa','best-practice']).analyze();
  let t2 = Date.now();
  const r2 = await new AxeBuilder({ page }).withTags(['wcag2a','wcag2aa','wcag21a','wcag21aa','wcag22aa','best-practice']).disableRules(['color-contrast']).analyze();
  let t3 = Date.now();
  console.log(u, 'goto', t1-t0, 'axe', t2-t1, 'no-contrast', t3-t2, r.violations.length, JSON.stringify(r.toolOptions?.runOnly));
}
await browser.close(); await server.close();

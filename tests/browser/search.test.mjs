// Search: typing into the search box finds pages in Spanish (without accents) and Arabic,
// marks the match, announces the count, and says it needs JavaScript when it is off.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  SITE_DIR, openSite, closeSite,
} from './lib.mjs';

let browser, server;

before(async () => {
  ({ server, browser } = await openSite());
});
after(() => closeSite({ browser, server }));

const CASES = [
  // Spanish without the accent of "recuperación"; Arabic "trafficking".
  { locale: 'es', query: 'recuperacion', mark: /recuperaci[oó]n/i },
  { locale: 'ar', query: 'الاتجار', mark: /الاتجار/ },
];

for (const c of CASES) {
  test(`search in ${c.locale} finds pages as the visitor types`, async (t) => {
    if (!existsSync(path.join(SITE_DIR, c.locale, 'search', 'index.html'))) {
      t.skip(`this site has no /${c.locale}/search/`);
      return;
    }
    const page = await browser.newPage();
    const external = [];
    page.on('request', (r) => { if (!r.url().startsWith(server.origin)) external.push(r.url()); });
    await page.goto(`${server.origin}/${c.locale}/search/`);
    const box = page.getByRole('searchbox');
    await box.focus();
    await page.keyboard.type(c.query, { delay: 20 });
    const results = page.locator('[data-search-results] li');
    await results.first().waitFor({ timeout: 10000 });
    const count = await results.count();
    assert.ok(count >= 1, 'at least one result');
    const status = (await page.locator('[data-search-status]').textContent()).trim();
    assert.ok(status.length > 0, 'the number of results is announced');
    assert.equal(await page.locator('[data-search-status]').getAttribute('role'), 'status');
    const marks = await page.locator('[data-search-results] mark').allTextContents();
    assert.ok(marks.some((m) => c.mark.test(m)), `a match is marked: ${marks.join(', ')}`);
    // Results are links a keyboard reaches from the box.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement.closest('[data-search-results]') !== null);
    assert.ok(focused, 'Tab moves from the search box to the results');
    const href = await results.first().locator('a').getAttribute('href');
    assert.ok(href.startsWith(`/${c.locale}/`), `results stay in the locale: ${href}`);
    assert.deepEqual(external, [], 'searching contacts no other origin');
    await page.close();
  });
}

test('without JavaScript the search page points to the site map', async (t) => {
  if (!existsSync(path.join(SITE_DIR, 'es', 'search', 'index.html'))) {
    t.skip('this site has no /es/search/');
    return;
  }
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${server.origin}/es/search/`);
  assert.equal(await page.locator('form[role=search]').isVisible(), false, 'the box is hidden without JavaScript');
  const note = page.locator('[data-search-nojs]');
  assert.ok(await note.isVisible());
  assert.equal(await note.locator('a').getAttribute('href'), '/es/sitemap/');
  await context.close();
});

// Light by default: on a 360 px phone screen, every image of a page loads its smallest srcset
// candidate and nothing larger (not the original, not a wider candidate). Runs over the pages of
// HAVEN_SITE_DIR that have srcset candidates (tests/images.rs builds such a site); a site
// without any (the flagship today) has nothing to check here.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { SITE_DIR, contentPages, openSite, closeSite } from './lib.mjs';

let browser, server;

before(async () => {
  ({ server, browser } = await openSite());
});
after(() => closeSite({ browser, server }));

/** The smallest candidate of each srcset on the page (the first: Haven lists them smallest first). */
function smallestCandidates(html) {
  const out = [];
  for (const m of html.matchAll(/\ssrcset="([^"]+)"/g)) {
    out.push(m[1].split(',')[0].trim().split(/\s+/)[0]);
  }
  return out;
}

test('a 360 px screen loads only the smallest candidate of every image', async (t) => {
  const pages = contentPages(SITE_DIR).filter((p) => readFileSync(p.file, 'utf8').includes(' srcset="'));
  if (pages.length === 0) {
    t.skip('no page of this site has srcset candidates');
    return;
  }
  const context = await browser.newContext({ viewport: { width: 360, height: 640 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  for (const p of pages) {
    const wanted = new Set(smallestCandidates(readFileSync(p.file, 'utf8')));
    const images = [];
    const listener = (r) => { if (r.resourceType() === 'image') images.push(new URL(r.url()).pathname); };
    page.on('request', listener);
    await page.goto(server.origin + p.urlPath, { waitUntil: 'load' });
    // Scroll through the page so lazy images load too.
    await page.evaluate(async () => {
      for (let y = 0; y < document.body.scrollHeight; y += 300) {
        window.scrollTo(0, y);
        await new Promise((r) => setTimeout(r, 50));
      }
    });
    await page.waitForLoadState('networkidle');
    page.off('request', listener);
    const loaded = await page.evaluate(() => [...document.images].map((i) => new URL(i.currentSrc, location.href).pathname));
    assert.ok(images.length > 0, `${p.urlPath} loaded no image`);
    for (const url of images) {
      assert.ok(wanted.has(url), `${p.urlPath} loaded ${url}, not one of the smallest candidates ${[...wanted].join(', ')}`);
    }
    for (const url of loaded) {
      assert.ok(wanted.has(url), `${p.urlPath} shows ${url}, not a smallest candidate`);
    }
    assert.equal(new Set(loaded).size, wanted.size, `${p.urlPath}: every image shows its smallest candidate (${loaded.join(', ')})`);
  }
  await context.close();
});

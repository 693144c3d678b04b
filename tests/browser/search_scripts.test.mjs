// Search in 14 scripts over the tests/fixtures/search_scripts site (built by
// tests/search_scripts.rs, given in HAVEN_SEARCH_SITE_DIR): each query finds exactly its pages
// (recall and precision 100%), the search page fetches no index before it is used, excerpts keep
// table cells apart and mark the match, and query latency is printed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser } from './lib.mjs';

const DIR = process.env.HAVEN_SEARCH_SITE_DIR || '';
let browser, server;

before(async () => {
  if (!DIR) return;
  server = await startServer(DIR);
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await server?.close(); });

// [locale prefix, query, the pages it must find]
const CASES = [
  ['', 'cafe', ['/latin/']], ['', 'NAIVE', ['/latin/']], ['', 'final', ['/latin/']], ['', 'strasse', ['/latin/']],
  ['', 'zanzibar', ['/long/', '/table/']], ['', 'lighthouse', ['/table/']], ['', 'harbour house', ['/table/']],
  ['', "пам'ять", ['/cyrillic/']], ['', 'м’який', ['/cyrillic/']],
  ['', 'ΠΡΟΣΤΑΣΙΑΣ', ['/greek/']], ['', 'θυματων', ['/greek/']],
  ['', 'שלום', ['/hebrew/']], ['', 'ועזרה', ['/hebrew/']],
  ['', 'दवाओं', ['/hindi/']], ['', 'मुक्ति', ['/hindi/']],
  ['', 'মাদকাসক্তি', ['/bengali/']], ['', 'মুক্তি', ['/bengali/']],
  ['', 'ยาเสพติด', ['/thai/']], ['', 'สุขภาพ', ['/thai/']],
  ['', '覚醒剤', ['/japanese/']], ['', 'サポート', ['/japanese/']],
  ['', '마약', ['/korean/']], ['', '치료', ['/korean/']],
  ['ar/', 'مخدرات', ['/ar/drugs/', '/ar/drugs2/']], ['ar/', 'المخدرات', ['/ar/drugs/', '/ar/drugs2/']],
  ['ar/', 'العلاج', ['/ar/drugs/']], ['ar/', 'كمك', ['/ar/persian/']], ['ar/', 'کمک', ['/ar/persian/']],
  ['ar/', 'ميخواهم', ['/ar/persian/']], ['ar/', 'قربانيان', ['/ar/persian/']], ['ar/', 'منشیات', ['/ar/urdu/']],
  ['zh-Hans/', '毒品', ['/zh-Hans/drugs/']], ['zh-Hans/', '剥削', ['/zh-Hans/exploit/']],
  ['zh-Hans/', '毒', ['/zh-Hans/drugs/']], ['zh-Hans/', '贩卖人口', ['/zh-Hans/exploit/']],
  ['', 'nowhere', []],
];

async function ask(page, q) {
  const started = Date.now();
  await page.getByRole('searchbox').fill(q);
  await page.waitForFunction((query) => document.querySelector('[data-search-results]').getAttribute('data-query') === query, q, { timeout: 10000 });
  const ms = Date.now() - started;
  const hrefs = await page.locator('[data-search-results] li > a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  return { hrefs: hrefs.sort(), ms };
}

test('every query finds exactly its pages, in every script', async (t) => {
  if (!DIR) { t.skip('HAVEN_SEARCH_SITE_DIR is not set (tests/search_scripts.rs sets it)'); return; }
  const latencies = [];
  const byLocale = new Map();
  for (const c of CASES) byLocale.set(c[0], [...(byLocale.get(c[0]) || []), c]);
  for (const [prefix, cases] of byLocale) {
    const page = await browser.newPage();
    const requests = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`${server.origin}/${prefix}search/`);
    await page.waitForLoadState('load');
    assert.deepEqual(requests.filter((u) => /\/search\/[^/]+\.json$/.test(u)), [], 'the first paint fetches no index');
    for (const [, q, want] of cases) {
      const { hrefs, ms } = await ask(page, q);
      latencies.push(ms);
      assert.deepEqual(hrefs, [...want].sort(), `query ${q} in /${prefix}`);
    }
    assert.ok(requests.every((u) => u.startsWith(server.origin)), 'searching contacts no other origin');
    await page.close();
  }
  latencies.sort((a, b) => a - b);
  console.log(`search latency in Chromium (fill to results, 150 ms debounce included): median ${latencies[latencies.length >> 1]} ms, max ${latencies[latencies.length - 1]} ms over ${latencies.length} queries`);
});

test('excerpts keep table cells apart and mark the match; Tab reaches the results', async (t) => {
  if (!DIR) { t.skip('HAVEN_SEARCH_SITE_DIR is not set'); return; }
  const page = await browser.newPage();
  await page.goto(`${server.origin}/search/`);
  const box = page.getByRole('searchbox');
  await box.focus();
  await page.keyboard.type('zanzibar', { delay: 20 });
  const excerpt = page.locator('[data-search-results] li:has(a[href="/table/"]) p');
  await page.waitForFunction(() => {
    const p = document.querySelector('[data-search-results] a[href="/table/"]')?.parentElement.querySelector('p');
    return p && p.querySelector('mark');
  }, null, { timeout: 10000 });
  assert.equal((await excerpt.textContent()).trim(), 'Zanzibar line', 'the cell alone, not the row run together');
  assert.equal(await excerpt.locator('mark').textContent(), 'Zanzibar');
  assert.ok((await page.locator('[data-search-status]').textContent()).includes('2'), 'the count is announced');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  assert.ok(await page.evaluate(() => document.activeElement.closest('[data-search-results]') !== null), 'Tab moves to the results');
  await page.close();
});

// A site published below a path (base_url "https://org.github.io/site"), previewed by
// `haven serve --base-url http://127.0.0.1:<port>/site`: styles and scripts load, internal links
// resolve (no 404 in the network log), and the quick exit works by click and by Shift x3.
// tests/browser.rs gives HAVEN_BIN and HAVEN_SUBPATH_SITE (tests/fixtures/pub_subpath, its exit
// pointed at HAVEN_EXIT_URL); without them these tests are skipped.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { launchBrowser, routeOutside } from './lib.mjs';

const BIN = process.env.HAVEN_BIN;
const SITE = process.env.HAVEN_SUBPATH_SITE;
const skip = !BIN || !SITE ? 'HAVEN_BIN and HAVEN_SUBPATH_SITE are not set (tests/browser.rs sets them)' : false;
const BAR_LINK = 'a[data-exit-link]:not(.skip-link)';
let serve, origin, browser;

before(async () => {
  if (skip) return;
  serve = spawn(BIN, ['serve', '--root', SITE, '--port', '0', '--base-url', 'http://127.0.0.1:1111/site'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const line = await new Promise((resolve, reject) => {
    const rl = createInterface({ input: serve.stdout });
    rl.once('line', resolve);
    serve.once('exit', (code) => reject(new Error(`haven serve exited with ${code}`)));
    setTimeout(() => reject(new Error('haven serve printed no address in 60 s')), 60000);
  });
  const m = /(http:\/\/127\.0\.0\.1:\d+)\/site\//.exec(line);
  assert.ok(m, `serve printed its address below /site/: ${line}`);
  origin = m[1];
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  serve?.kill();
});

/** A fresh page on `path` with every response recorded; other origins get a neutral page. */
async function open(path) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await routeOutside(context, origin);
  const page = await context.newPage();
  const responses = [];
  page.on('response', (r) => responses.push({ url: r.url(), status: r.status() }));
  await page.goto(origin + path);
  await page.waitForLoadState('load');
  return { context, page, responses };
}

test('styles and scripts load below /site/', { skip }, async () => {
  const { context, page, responses } = await open('/site/sinais-de-alerta/');
  const css = responses.find((r) => r.url === `${origin}/site/css/haven.css`);
  const js = responses.find((r) => r.url === `${origin}/site/js/haven.js`);
  assert.equal(css?.status, 200, 'the stylesheet is fetched below /site/');
  assert.equal(js?.status, 200, 'the script is fetched below /site/');
  const styled = await page.locator(BAR_LINK).evaluate((a) => getComputedStyle(a.closest('[data-exit]') || a).position);
  const sheets = await page.evaluate(() => [...document.styleSheets].reduce((n, s) => n + s.cssRules.length, 0));
  assert.ok(sheets > 10, `the stylesheet applies (${sheets} rules)`);
  // The same element without the site's stylesheet.
  await page.evaluate(() => document.querySelectorAll('link[rel=stylesheet]').forEach((l) => l.remove()));
  const unstyled = await page.locator(BAR_LINK).evaluate((a) => getComputedStyle(a.closest('[data-exit]') || a).position);
  assert.notEqual(styled, unstyled, `the exit bar is positioned by the stylesheet (${styled} vs ${unstyled})`);
  await context.close();
});

test('internal links resolve: no 404 in the network log', { skip }, async () => {
  const { context, page, responses } = await open('/site/');
  const links = await page.locator('a[href]').evaluateAll((as) => as.map((a) => a.href));
  const internal = [...new Set(links.map((h) => h.split('#')[0]).filter((h) => h.startsWith(origin + '/')))];
  assert.ok(internal.length >= 5, `the home page links to pages of the site: ${internal}`);
  for (const url of internal) {
    assert.ok(new URL(url).pathname.startsWith('/site/'), `${url} is below /site/`);
    await page.goto(url);
  }
  const bad = responses.filter((r) => r.url.startsWith(origin) && r.status >= 400);
  assert.deepEqual(bad, [], 'no request of the site failed');
  await context.close();
});

test('the quick exit leaves by click and by Shift pressed three times', { skip }, async () => {
  for (const how of ['click', 'shift']) {
    const { context, page } = await open('/site/guides/a/');
    const href = await page.locator(BAR_LINK).getAttribute('href');
    assert.ok(href && !href.startsWith(origin), `the exit leads off the site: ${href}`);
    if (how === 'click') await page.locator(BAR_LINK).click();
    else for (let i = 0; i < 3; i++) await page.keyboard.press('Shift');
    await page.waitForURL((u) => u.href === new URL(href).href, { timeout: 5000 });
    await page.locator('#neutral').waitFor({ timeout: 5000 });
    await context.close();
  }
});

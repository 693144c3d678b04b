// Keyboard: Tab order, visible focus, and focus never hidden under the sticky exit bar (WCAG 2.4.11).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  SITE_DIR, contentPages, findRtlPrefix, routeOutside, openSite, closeSite,
} from './lib.mjs';

let HOME = '/';
let browser, server;

before(async () => {
  ({ home: HOME, server, browser } = await openSite());
});
after(() => closeSite({ browser, server }));

/** Describe document.activeElement: where it is, what landmark it is in, how its focus looks. */
function focusInfo() {
  const a = document.activeElement;
  if (!a || a === document.body) return null;
  const cs = getComputedStyle(a);
  const r = a.getBoundingClientRect();
  const bar = document.querySelector('[data-exit]');
  const b = bar.getBoundingClientRect();
  const region = a.matches('a[data-exit-link]') ? 'exit'
    : a.getAttribute('href') === '#main' ? 'skip'
    : a.closest('nav') ? 'nav:' + (a.closest('nav').getAttribute('aria-label') || '')
    : a.closest('main') ? 'main' : a.closest('header') ? 'header' : a.closest('aside') ? 'aside'
    : a.closest('footer') ? 'footer' : 'other';
  return {
    tag: a.tagName.toLowerCase(), text: (a.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 40),
    href: a.getAttribute('href'), region, inNavLang: !!a.closest('nav') && !!a.closest('nav').querySelector('[hreflang]'),
    outlineStyle: cs.outlineStyle, outlineWidth: parseFloat(cs.outlineWidth) || 0, boxShadow: cs.boxShadow,
    top: r.top, bottom: r.bottom, height: r.height, barBottom: b.bottom, barTop: b.top,
    inBar: bar.contains(a), beforeBar: !!(bar.compareDocumentPosition(a) & Node.DOCUMENT_POSITION_PRECEDING),
    vh: innerHeight,
  };
}

const visibleFocus = (f) =>
  (f.outlineStyle !== 'none' && f.outlineWidth >= 2) || (f.boxShadow && f.boxShadow !== 'none');

async function tabThrough(page, { key = 'Tab', max = 200 } = {}) {
  const seen = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(key);
    const f = await page.evaluate(focusInfo);
    if (!f) break;
    if (seen.length && f.href === seen[0].href && f.text === seen[0].text && f.top === seen[0].top && i > 2) break;
    seen.push(f);
  }
  return seen;
}

test('Tab order: exit link, skip link, exit button, then header navigation and languages', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await routeOutside(context, server.origin);
  const page = await context.newPage();
  await page.goto(server.origin + HOME);
  const order = await tabThrough(page, { max: 40 });
  assert.ok(order.length > 5, 'several focus stops');
  assert.equal(order[0].region, 'exit', `1st stop is the exit link: ${JSON.stringify(order[0])}`);
  assert.equal(order[1].region, 'skip', `2nd stop is the skip link: ${JSON.stringify(order[1])}`);
  const idx = (pred) => order.findIndex(pred);
  const exitButton = order.findIndex((f, i) => i > 1 && f.region === 'exit');
  const firstNav = idx((f) => f.region.startsWith('nav:') && !f.inNavLang);
  const firstLang = idx((f) => f.inNavLang);
  const firstMain = idx((f) => f.region === 'main');
  assert.ok(exitButton > 1, 'the exit button comes after the skip links');
  const menuLinks = await page.locator('header nav:not(.languages) li a').count();
  if (menuLinks > 0) assert.ok(firstNav > exitButton, 'the main menu comes after the exit controls');
  assert.ok(firstLang > exitButton, 'the language switcher comes after the exit controls');
  if (firstMain >= 0) {
    assert.ok((menuLinks === 0 || firstNav < firstMain) && firstLang < firstMain, 'navigation comes before the main content');
  }
  await context.close();
});

for (const viewport of [{ width: 1280, height: 720 }, { width: 360, height: 640 }]) {
  test(`every focus stop is visibly focused and not under the sticky exit bar (${viewport.width}px, Tab and Shift+Tab)`, async () => {
    const pages = contentPages(SITE_DIR);
    const picks = [pages[0], pages[1]].filter(Boolean).map((p) => p.urlPath);
    const rtl = findRtlPrefix(SITE_DIR);
    if (rtl && viewport.width < 400) picks.push(pages.find((p) => p.urlPath.startsWith(rtl))?.urlPath || rtl);
    const context = await browser.newContext({ viewport });
    await routeOutside(context, server.origin);
    const problems = [];
    for (const url of picks) {
      const page = await context.newPage();
      await page.goto(server.origin + url);
      const forward = await tabThrough(page);
      // Backwards from the end of the page: this is where a sticky bar hides focus.
      const backward = await tabThrough(page, { key: 'Shift+Tab' });
      for (const [dir, stops] of [['Tab', forward], ['Shift+Tab', backward]]) {
        for (const f of stops) {
          const name = `${url} ${dir} <${f.tag}> "${f.text}"`;
          if (!visibleFocus(f)) problems.push(`${name}: no visible focus indicator (outline ${f.outlineStyle} ${f.outlineWidth}px, box-shadow ${f.boxShadow})`);
          if (f.inBar || f.beforeBar) continue;
          if (f.top < f.barBottom - 0.5) problems.push(`${name}: top ${f.top.toFixed(1)} is under the exit bar (bottom ${f.barBottom.toFixed(1)})`);
          if (f.bottom > f.vh + 0.5 && f.height < f.vh) problems.push(`${name}: below the viewport (${f.bottom.toFixed(1)} > ${f.vh})`);
        }
      }
      assert.ok(forward.length > 5, `${url}: Tab reached several elements`);
      await page.close();
    }
    await context.close();
    assert.deepEqual(problems, [], problems.join('\n'));
  });
}

test('the skip link moves focus to the main content', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.origin + HOME);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  assert.ok(page.url().endsWith('#main'));
  await page.keyboard.press('Tab');
  const f = await page.evaluate(focusInfo);
  assert.ok(f && (f.region === 'main' || f.region === 'aside' || f.region === 'footer'), `after the skip link, Tab goes into main: ${JSON.stringify(f)}`);
  await context.close();
});

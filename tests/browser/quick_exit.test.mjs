// Quick exit ("Exit this page"): the button, the Shift shortcut, history, no-JS, language, sticky.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  SITE_DIR, contentPages, findRtlPrefix, routeOutside, START_URL, openSite, closeSite,
} from './lib.mjs';

let HOME = '/';
let browser, server, longPage, rtlPrefix;
// The sticky button: the last exit link (the first one is the skip-link-style exit link).
const BAR_LINK = 'a[data-exit-link]:not(.skip-link)';

before(async () => {
  ({ home: HOME, server, browser } = await openSite());
  longPage = contentPages(SITE_DIR)[0].urlPath;
  rtlPrefix = findRtlPrefix(SITE_DIR);
});
after(() => closeSite({ browser, server }));

/** A fresh context and page on `urlPath`; optionally a neutral START_URL first in history. */
async function open(urlPath, { js = true, start = false, delay = 0, clock = false, viewport } = {}) {
  const context = await browser.newContext({ javaScriptEnabled: js, viewport: viewport || { width: 1280, height: 800 } });
  await routeOutside(context, server.origin, { delay });
  const page = await context.newPage();
  if (clock) await page.clock.install();
  if (start) await page.goto(START_URL);
  await page.goto(server.origin + urlPath);
  const href = await page.locator(BAR_LINK).getAttribute('href');
  assert.ok(href, 'the exit link has an href');
  return { context, page, href };
}

async function expectLeft(page, href) {
  await page.waitForURL((u) => u.href === new URL(href).href, { timeout: 5000 });
  await page.locator('#neutral').waitFor({ timeout: 5000 });
}

async function statusText(page) {
  return (await page.locator('[data-exit] [role="status"]').textContent()).trim();
}

async function texts(page) {
  return page.locator('[data-exit]').evaluate((el) => ({
    press2: el.getAttribute('data-exit-press-two'), press1: el.getAttribute('data-exit-press-one'),
    expired: el.getAttribute('data-exit-expired'),
    lang: document.documentElement.lang, dir: document.documentElement.dir,
  }));
}

test('the exit link is the first focusable element and both exit links are real links', async () => {
  const { context, page, href } = await open(HOME);
  await page.keyboard.press('Tab');
  const first = await page.evaluate(() => {
    const a = document.activeElement;
    const r = a.getBoundingClientRect();
    return { exit: a.hasAttribute('data-exit-link'), href: a.getAttribute('href'), w: r.width, h: r.height };
  });
  assert.ok(first.exit, 'first Tab stop is an exit link');
  assert.equal(first.href, href);
  assert.ok(first.w >= 24 && first.h >= 24, `focused exit skip link is visible (${first.w}x${first.h})`);
  const links = await page.locator('a[data-exit-link]').evaluateAll((as) => as.map((a) => ({ href: a.getAttribute('href'), rel: a.rel })));
  assert.ok(links.length >= 2);
  for (const l of links) {
    assert.equal(l.href, href);
    assert.match(l.rel, /nofollow/);
    assert.match(l.rel, /noreferrer/);
  }
  const name = await page.locator(BAR_LINK).evaluate((a) => a.textContent.replace(/\s+/g, ' ').trim());
  const hidden = await page.locator(`${BAR_LINK} .visually-hidden`).count();
  assert.ok(hidden >= 1, `the button has a visually hidden prefix ("${name}")`);
  await context.close();
});

test('clicking the button leaves, and Back does not show the page', async () => {
  const { context, page, href } = await open(longPage, { start: true });
  await page.locator(BAR_LINK).click();
  await expectLeft(page, href);
  await page.goBack().catch(() => {});
  await page.waitForLoadState();
  const url = page.url();
  if (url.startsWith(server.origin)) {
    assert.equal(await page.locator('main').isVisible(), false, `Back showed the campaign page ${url}`);
  } else {
    assert.equal(url, START_URL, 'Back goes to the page before the campaign page');
    assert.equal(await page.locator('main#main').count(), 0);
  }
  await context.close();
});

test('while leaving, the content is covered at once by a plain role=alert screen', async () => {
  const { context, page, href } = await open(longPage, { delay: 800 });
  // Click from inside the page and look in the same task: Playwright's own locators would wait
  // for the pending navigation to finish first.
  const during = await page.evaluate((sel) => {
    document.querySelector(sel).click();
    const alert = document.querySelector('[role="alert"]');
    const visible = (el) => !!el && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
    const shown = [...document.body.children].filter((el) => visible(el) && !el.contains(alert));
    return {
      alert: alert && alert.textContent, alertShown: visible(alert), stillShown: shown.map((el) => el.outerHTML.slice(0, 80)),
      loading: document.querySelector('[data-exit]').getAttribute('data-exit-loading'), title: document.title,
    };
  }, BAR_LINK);
  assert.ok(during.alertShown, 'a role=alert cover is shown at once');
  assert.equal(during.alert, during.loading);
  assert.equal(during.title, during.loading, 'the tab title is neutral while leaving');
  assert.deepEqual(during.stillShown, [], 'nothing of the page is left visible');
  await expectLeft(page, href);
  await context.close();
});

test('Enter on the focused exit link leaves', async () => {
  const { context, page, href } = await open(HOME);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expectLeft(page, href);
  await context.close();
});

test('pressing Shift three times leaves; Back does not return to the page', async () => {
  const { context, page, href } = await open(longPage, { start: true });
  for (let i = 0; i < 3; i++) await page.keyboard.press('Shift');
  await expectLeft(page, href);
  await page.goBack().catch(() => {});
  await page.waitForLoadState();
  if (page.url().startsWith(server.origin)) {
    assert.equal(await page.locator('main').isVisible(), false);
  }
  await context.close();
});

test('without JavaScript, clicking the exit link still leaves', async () => {
  const { context, page, href } = await open(longPage, { js: false });
  await page.locator(BAR_LINK).click();
  await expectLeft(page, href);
  await context.close();
});

async function checkAnnouncements(urlPath) {
  const { context, page } = await open(urlPath, { clock: true });
  const t = await texts(page);
  assert.ok(t.press2 && t.press1 && t.expired, 'data-exit-* texts present');
  assert.equal(await statusText(page), '');
  await page.keyboard.press('Shift');
  assert.equal(await statusText(page), t.press2);
  assert.equal(await page.locator('[data-exit] .is-on').count(), 1, 'one indicator filled');
  await page.keyboard.press('Shift');
  assert.equal(await statusText(page), t.press1);
  assert.equal(await page.locator('[data-exit] .is-on').count(), 2, 'two indicators filled');
  await page.clock.runFor(5100);
  assert.equal(await statusText(page), t.expired);
  assert.equal(await page.locator('[data-exit] .is-on').count(), 0, 'indicators cleared on timeout');
  // After the timeout the count starts again: one more press must not leave.
  await page.keyboard.press('Shift');
  assert.equal(await statusText(page), t.press2);
  assert.ok(page.url().startsWith(server.origin));
  await context.close();
  return t;
}

test('Shift announcements and timeout, in the page language (English and RTL)', async (t) => {
  const en = await checkAnnouncements(HOME);
  assert.match(en.press2, /2/);
  if (!rtlPrefix) {
    t.diagnostic('no RTL locale (e.g. /ar/) in this build: RTL announcement check skipped');
    return;
  }
  const ar = await checkAnnouncements(rtlPrefix);
  assert.equal(ar.dir, 'rtl');
  assert.notEqual(ar.lang, en.lang);
  for (const k of ['press2', 'press1', 'expired']) {
    assert.notEqual(ar[k], en[k], `${rtlPrefix} ${k} is translated, not English: "${ar[k]}"`);
  }
  if (/^ar/.test(ar.lang)) assert.match(ar.press2, /[\u0600-\u06FF]/, 'Arabic text');
});

test('Shift used as a modifier (Shift+A) does not count, and other keys reset the count', async () => {
  const { context, page } = await open(HOME);
  const t = await texts(page);
  const shiftA = async () => {
    await page.keyboard.down('Shift');
    await page.keyboard.press('KeyA');
    await page.keyboard.up('Shift');
  };
  for (let i = 0; i < 3; i++) await shiftA();
  assert.equal(await statusText(page), '', 'Shift+A is not counted');
  await page.keyboard.press('Shift');
  await page.keyboard.press('Shift');
  assert.equal(await statusText(page), t.press1);
  await shiftA(); // resets
  assert.equal(await page.locator('[data-exit] .is-on').count(), 0, 'count reset by Shift+A');
  await page.keyboard.press('Shift');
  assert.equal(await statusText(page), t.press2, 'counting starts again from one');
  await page.keyboard.press('KeyX'); // any other key resets
  await page.keyboard.press('Shift');
  await page.keyboard.press('Shift');
  await page.waitForTimeout(300);
  assert.ok(page.url().startsWith(server.origin), 'did not leave after a reset');
  assert.equal(await statusText(page), t.press1);
  await context.close();
});

test('the sticky exit button stays in view after scrolling, and is at least 44x44 px', async () => {
  for (const viewport of [{ width: 360, height: 640 }, { width: 1280, height: 800 }]) {
    const { context, page } = await open(longPage, { viewport });
    // A short page cannot scroll: lengthen it (CSSOM, allowed by the CSP) so stickiness is tested.
    await page.evaluate(() => {
      if (document.documentElement.scrollHeight < innerHeight * 2) {
        const pad = document.createElement('div');
        pad.style.blockSize = `${innerHeight * 3}px`;
        document.querySelector('main').appendChild(pad);
      }
    });
    const box = () => page.locator(BAR_LINK).evaluate((a) => {
      const r = a.getBoundingClientRect();
      return { top: r.top, bottom: r.bottom, w: r.width, h: r.height, vh: innerHeight, sy: scrollY };
    });
    for (const y of [400, 99999]) {
      await page.evaluate((y) => window.scrollTo(0, y), y);
      const b = await box();
      assert.ok(b.sy > 0, `page scrolled (${viewport.width}px)`);
      assert.ok(b.top >= 0 && b.bottom <= b.vh, `exit button in view at scrollY=${b.sy} (${viewport.width}px): ${JSON.stringify(b)}`);
      assert.ok(b.w >= 44 && b.h >= 44, `exit button at least 44x44: ${b.w}x${b.h}`);
    }
    await context.close();
  }
});

test('restored from the back/forward cache after an exit, the page stays covered until the visitor chooses', async () => {
  const context = await browser.newContext();
  // Cancel the exit navigation (no error page), then fire a persisted pageshow as the bfcache does.
  await context.route((u) => u.origin !== server.origin, (route) => route.abort('aborted'));
  const page = await context.newPage();
  await page.goto(server.origin + HOME);
  const title = await page.title();
  assert.ok(await page.evaluate((sel) => { document.querySelector(sel).click(); return !!document.querySelector('.exit-cover'); }, BAR_LINK), 'cover shown');
  await page.waitForTimeout(200);
  assert.ok(page.url().startsWith(server.origin));
  await page.evaluate(() => window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true })));
  assert.equal(await page.locator('main').isVisible(), false, 'content still hidden');
  assert.notEqual(await page.title(), title, 'title is neutral while covered');
  const button = page.locator('.exit-cover button');
  await button.waitFor();
  assert.ok((await button.textContent()).trim().length > 0);
  await button.click();
  assert.equal(await page.locator('main').isVisible(), true, 'content shown again on request');
  assert.equal(await page.title(), title);
  await context.close();
});

// Accessibility: axe-core on every HTML page of the built site, and reflow at 320 CSS px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import {
  SITE_DIR, listHtmlPages, contentPages, isRedirectPage, findRtlPrefix, openSite, closeSite,
} from './lib.mjs';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
const CONCURRENCY = 2;
let HOME = '/';
let browser, server;

before(async () => {
  ({ home: HOME, server, browser } = await openSite());
});
after(() => closeSite({ browser, server }));

/** Run axe on every page in one colour scheme; returns "page [scheme] rule: help — where" lines. */
async function axeAll(pages, colorScheme, configure) {
  const report = [];
  const context = await browser.newContext({ colorScheme, viewport: { width: 1280, height: 900 } });
  // Pages that only redirect (the root language chooser) are checked as they are, without following.
  await context.route((u) => u.origin === server.origin, async (route) => {
    const { pathname } = new URL(route.request().url());
    const p = pages.find((x) => x.urlPath === pathname);
    if (p && isRedirectPage(p.file) && route.request().isNavigationRequest()) {
      const html = readFileSync(p.file, 'utf8').replace(/<meta[^>]+http-equiv=["']?refresh[^>]*>/i, '');
      return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
    }
    return route.fallback();
  });
  const queue = [...pages];
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, queue.length) }, async () => {
    const page = await context.newPage();
    while (queue.length) {
      const p = queue.shift();
      try {
        await page.goto(server.origin + p.urlPath, { waitUntil: 'load' });
        const res = await configure(new AxeBuilder({ page })).analyze();
        for (const v of res.violations) {
          const where = v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ');
          report.push(`${p.urlPath} [${colorScheme}] ${v.id} (${v.impact}): ${v.help} — ${where}`);
        }
      } catch (e) {
        report.push(`${p.urlPath} [${colorScheme}] could not be checked: ${e.message.split('\n')[0]}`);
      }
    }
    await page.close();
  }));
  await context.close();
  return report.sort();
}

test('axe: no violations on any page (WCAG 2.2 A/AA and best practice)', async (t) => {
  const pages = listHtmlPages(SITE_DIR);
  assert.ok(pages.length > 0, 'the site has HTML pages');
  const report = await axeAll(pages, 'light', (axe) => axe.withTags(TAGS));
  t.diagnostic(`${pages.length} pages checked`);
  assert.equal(report.length, 0, `axe violations:\n${report.join('\n')}`);
});

test('axe: colour contrast also holds in the dark colour scheme', async () => {
  const pages = listHtmlPages(SITE_DIR);
  const report = await axeAll(pages, 'dark', (axe) => axe.withRules(['color-contrast', 'link-in-text-block']));
  assert.equal(report.length, 0, `axe violations:\n${report.join('\n')}`);
});

test('no horizontal scrolling at 320 CSS px (reflow, WCAG 1.4.10)', async () => {
  const all = contentPages(SITE_DIR);
  const picks = new Map();
  const add = (p) => p && picks.set(p.urlPath, p);
  add(all.find((p) => p.urlPath === HOME));
  all.slice(0, 3).forEach(add); // the longest pages
  for (const p of all.filter((p) => /help/.test(p.urlPath)).slice(0, 2)) add(p);
  add(all.find((p) => /sitemap/.test(p.urlPath)));
  const rtl = findRtlPrefix(SITE_DIR);
  if (rtl) add(all.find((p) => p.urlPath === rtl) || all.find((p) => p.urlPath.startsWith(rtl)));
  const context = await browser.newContext({ viewport: { width: 320, height: 640 } });
  const problems = [];
  for (const p of picks.values()) {
    const page = await context.newPage();
    await page.goto(server.origin + p.urlPath);
    const m = await page.evaluate(() => {
      const vw = document.documentElement.clientWidth;
      const wide = [...document.querySelectorAll('body *')]
        .filter((el) => { const r = el.getBoundingClientRect(); return r.width > 0 && (r.right > vw + 1 || r.left < -1); })
        .slice(0, 3).map((el) => el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ')[0] : ''));
      return { sw: document.documentElement.scrollWidth, wide };
    });
    if (m.sw > 320) problems.push(`${p.urlPath}: scrollWidth ${m.sw} (${m.wide.join(', ')})`);
    await page.close();
  }
  await context.close();
  assert.deepEqual(problems, [], problems.join('\n'));
});

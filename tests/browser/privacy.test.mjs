// Privacy: nothing leaves the site's origin, nothing is stored, no service worker, no CSP violations.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  SITE_DIR, contentPages, findRtlPrefix, openSite, closeSite,
} from './lib.mjs';

let HOME = '/';
let browser, server;

before(async () => {
  ({ home: HOME, server, browser } = await openSite());
});
after(() => closeSite({ browser, server }));

test('pages request only their own origin and store nothing, even after interaction', async () => {
  const all = contentPages(SITE_DIR);
  const picks = new Set([HOME, all[0].urlPath, all[all.length - 1].urlPath]);
  const help = all.find((p) => /help/.test(p.urlPath));
  if (help) picks.add(help.urlPath);
  const rtl = findRtlPrefix(SITE_DIR);
  if (rtl) picks.add(rtl);
  picks.add('/this-page-does-not-exist/');

  const context = await browser.newContext();
  const requests = [];
  const problems = [];
  // Block anything that would leave, so a leak is reported and not attempted.
  await context.route((u) => u.origin !== server.origin, (route) => route.abort('blockedbyclient'));
  await context.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const page = await context.newPage();
  page.on('request', (r) => requests.push({ url: r.url(), from: page.url() }));
  page.on('console', (m) => { if (/Content Security Policy|Refused to/i.test(m.text())) problems.push(`console: ${m.text()}`); });

  for (const url of picks) {
    await page.goto(server.origin + url);
    // Interact: keyboard, one Shift press (not three), open any <details>, scroll.
    for (let i = 0; i < 5; i++) await page.keyboard.press('Tab');
    await page.keyboard.press('Shift');
    await page.evaluate(() => { document.querySelectorAll('details').forEach((d) => { d.open = true; }); window.scrollTo(0, document.body.scrollHeight); });
    await page.waitForTimeout(100);
    const state = await page.evaluate(async () => ({
      cookie: document.cookie,
      local: localStorage.length,
      session: sessionStorage.length,
      sw: navigator.serviceWorker ? (await navigator.serviceWorker.getRegistrations()).length : 0,
      caches: typeof caches !== 'undefined' ? (await caches.keys()).length : 0,
      indexedDB: indexedDB.databases ? (await indexedDB.databases()).length : 0,
      csp: window.__csp,
      cspMeta: !!document.querySelector('meta[http-equiv="Content-Security-Policy"]'),
      referrer: document.querySelector('meta[name="referrer"]')?.content,
      inlineStyle: document.querySelectorAll('[style]').length,
      inlineScript: [...document.scripts].filter((s) => !s.src).length,
    }));
    if (state.cookie !== '') problems.push(`${url}: document.cookie = ${JSON.stringify(state.cookie)}`);
    if (state.local || state.session) problems.push(`${url}: storage used (local ${state.local}, session ${state.session})`);
    if (state.sw) problems.push(`${url}: ${state.sw} service worker registration(s)`);
    if (state.caches || state.indexedDB) problems.push(`${url}: Cache Storage ${state.caches}, IndexedDB ${state.indexedDB}`);
    if (state.csp.length) problems.push(`${url}: CSP violations: ${state.csp.join('; ')}`);
    if (!state.cspMeta) problems.push(`${url}: no Content-Security-Policy meta tag`);
    if (state.referrer !== 'no-referrer') problems.push(`${url}: referrer policy is ${state.referrer}`);
    if (state.inlineStyle || state.inlineScript) problems.push(`${url}: ${state.inlineStyle} inline style attribute(s), ${state.inlineScript} inline script(s)`);
  }
  const cookies = await context.cookies();
  if (cookies.length) problems.push(`cookies set: ${cookies.map((c) => c.name).join(', ')}`);
  for (const r of requests) {
    if (new URL(r.url).origin !== server.origin) problems.push(`request to another origin: ${r.url} (from ${r.from})`);
  }
  await context.close();
  assert.ok(requests.length >= picks.size, 'requests were recorded');
  assert.deepEqual(problems, [], problems.join('\n'));
});

// Shared helpers for Haven's browser tests (not a test file itself).
// The tests run against a site built by `haven build`, given in env HAVEN_SITE_DIR.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const SITE_DIR = process.env.HAVEN_SITE_DIR ? path.resolve(process.env.HAVEN_SITE_DIR) : '';

export function requireSiteDir() {
  if (!SITE_DIR) throw new Error('HAVEN_SITE_DIR is not set: point it at a site built by `haven build`.');
  if (!existsSync(path.join(SITE_DIR, 'index.html'))) {
    throw new Error(`HAVEN_SITE_DIR=${SITE_DIR} has no index.html: is it a built site?`);
  }
  return SITE_DIR;
}

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json', '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.webp': 'image/webp', '.avif': 'image/avif',
  '.ico': 'image/x-icon', '.woff2': 'font/woff2', '.webmanifest': 'application/manifest+json',
};

/** Serve `dir` on 127.0.0.1 on a random port: index.html for folders, the nearest 404.html
 *  (the locale's own, e.g. /ar/404.html, else /404.html, else the default locale's) with
 *  status 404 for missing files. */
export async function startServer(dir) {
  const root = path.resolve(dir);
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url, 'http://x');
      let rel = decodeURIComponent(url.pathname);
      let file = path.resolve(root, '.' + rel);
      if (file !== root && !file.startsWith(root + path.sep)) throw Object.assign(new Error('outside'), { code: 'ENOENT' });
      let st = await stat(file).catch(() => null);
      if (st && st.isDirectory()) {
        if (!rel.endsWith('/')) {
          res.writeHead(301, { Location: rel + '/' + url.search });
          res.end();
          return;
        }
        file = path.join(file, 'index.html');
        st = await stat(file).catch(() => null);
      }
      if (!st || !st.isFile()) {
        const locale = rel.split('/')[1];
        const candidates = [path.join(root, locale || '', '404.html'), path.join(root, '404.html'),
          path.join(root, homePath(root), '404.html')];
        const nf = candidates.find((c) => c.startsWith(root) && existsSync(c));
        res.writeHead(404, { 'Content-Type': TYPES['.html'] });
        res.end(nf ? await readFile(nf) : 'Not found');
        return;
      }
      const type = TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
      res.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-store' });
      res.end(await readFile(file));
    } catch (e) {
      res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(String(e));
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(resolve); }),
  };
}

export const CHROMIUM_ARGS = [
  '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export async function launchBrowser() {
  const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!existsSync(executablePath)) throw new Error(`Chromium not found at ${executablePath} (set CHROMIUM_PATH)`);
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
}

/** Every .html file of the built site as {file, urlPath}, sorted; folders' index.html map to "/dir/". */
export function listHtmlPages(dir) {
  const root = path.resolve(dir);
  const out = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && e.name.endsWith('.html')) {
        let rel = '/' + path.relative(root, p).split(path.sep).join('/');
        if (rel.endsWith('/index.html')) rel = rel.slice(0, -'index.html'.length);
        out.push({ file: p, urlPath: rel });
      }
    }
  };
  walk(root);
  return out.sort((a, b) => a.urlPath.localeCompare(b.urlPath));
}

/** True for a page that only redirects (the root language chooser with a meta refresh). */
export function isRedirectPage(file) {
  return /<meta[^>]+http-equiv=["']?refresh/i.test(readFileSync(file, 'utf8'));
}

/** The default locale's home page: "/" unless "/" only redirects (default locale under /en/). */
export function homePath(dir) {
  const html = readFileSync(path.join(dir, 'index.html'), 'utf8');
  const m = /<meta[^>]+http-equiv=["']?refresh["']?[^>]+content=["'][^"']*url=([^"'>\s]+)/i.exec(html);
  return m ? m[1] : '/';
}

/** Content pages (not 404, not redirect pages), the longest first: good candidates for scrolling tests. */
export function contentPages(dir) {
  return listHtmlPages(dir)
    .filter((p) => !p.urlPath.endsWith('404.html') && !isRedirectPage(p.file))
    .map((p) => ({ ...p, size: readFileSync(p.file, 'utf8').length }))
    .sort((a, b) => b.size - a.size);
}

/** The locale prefix of a page under /<code>/ whose <html dir> is rtl, or '' if the site has none. */
export function findRtlPrefix(dir) {
  for (const p of listHtmlPages(dir)) {
    if (p.urlPath.endsWith('404.html') || isRedirectPage(p.file)) continue;
    const head = readFileSync(p.file, 'utf8').slice(0, 400);
    const m = /<html[^>]*\bdir="rtl"/i.test(head) && /^\/([a-z]{2,3}(?:-[A-Za-z0-9]+)?)\//.exec(p.urlPath);
    if (m) return '/' + m[1] + '/';
  }
  return '';
}

export const NEUTRAL_HTML = '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Weather</title></head>'
  + '<body><h1 id="neutral">Neutral page</h1><p>Weather forecast.</p></body></html>';

/** Answer every request that leaves the site's origin with a local neutral page: the quick-exit
 *  destination (whatever the site was built with: https://neutral.example/weather, or a real neutral
 *  site such as https://www.bbc.co.uk/weather) and START_URL, the history entry before the
 *  campaign page. The network is closed, so nothing real is fetched. `delay` holds the answer
 *  back (ms) so a test can look at the page while it is leaving. */
export async function routeOutside(context, siteOrigin, { delay = 0 } = {}) {
  await context.route((u) => u.origin !== siteOrigin, async (route) => {
    if (delay) await new Promise((r) => setTimeout(r, delay));
    await route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: NEUTRAL_HTML })
      .catch(() => {});
  });
}

export const START_URL = 'http://start.invalid/';

/** Serves the built site and starts Chromium: what every test file needs before its tests. */
export async function openSite() {
  requireSiteDir();
  return { home: homePath(SITE_DIR), server: await startServer(SITE_DIR), browser: await launchBrowser() };
}

/** Closes what `openSite` opened (either may be missing when `before` failed). */
export async function closeSite({ browser, server }) {
  await browser?.close();
  await server?.close();
}

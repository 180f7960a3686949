// A small static HTTP server on 127.0.0.1 for `make run`, the browser tests
// and the benchmark. Pages are served as they are; a request with
// `?csp=strict` gets the page with `Content-Security-Policy: default-src 'self'`
// and without its inline scripts and styles, so that any CSP violation seen
// on it can only come from the extension.
//
//   node tools/serve.mjs [DIR] [--port N]      (default: www/, a free port)
//
// `mounts` serve other folders under a path prefix: the playground (www/)
// reads its demo pages from tests/fixtures/ and its engine from the
// `make wasm-reader` build (the reader view's engine, which has the playground's export too), neither copied into www/.

import { extname, join, normalize, resolve, sep } from 'node:path';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { readFile } from 'node:fs/promises';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  // instantiateStreaming, which the wasm-bindgen glue tries first, needs this type.
  '.wasm': 'application/wasm',
};

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** What the playground needs beside www/: the demo pages and its engine. */
export const PLAYGROUND_MOUNTS = {
  '/fixtures/': join(ROOT, 'tests', 'fixtures'),
  '/pkg/': join(ROOT, 'target', 'wasm-reader-pkg'),
};

export const STRICT_CSP = "default-src 'self'";

/** Image types a page may ask for; a saved page's images are mostly not saved with it. */
const IMAGE_TYPES = new Set(['.avif', '.gif', '.ico', '.jpeg', '.jpg', '.png', '.svg', '.webp']);
/**
 * What a missing image gets: an SVG with no size of its own, so the image
 * keeps the box its attributes give it. A 404 instead turns into a broken
 * image whose box follows its alt text, and the page moves whenever that
 * failure lands (after or before the first paint): noise in the layout-shift
 * tests, which measure Épure's own movement.
 */
const STAND_IN_IMAGE = '<svg xmlns="http://www.w3.org/2000/svg"/>';

/** The page without what `default-src 'self'` blocks by design: inline scripts, styles and style attributes. */
export function withoutInlineCode(html) {
  return html
    .replace(/<script\b(?![^>]*\bsrc=)(?![^>]*type="(?:application\/ld\+json|text\/plain)")[^>]*>[\s\S]*?<\/script>/gi, '')
    .replace(/<style\b[^>]*>[\s\S]*?<\/style>/gi, '')
    .replace(/\sstyle="[^"]*"/gi, '')
    .replace(/\son[a-z]+="[^"]*"/gi, '');
}

/** The folder and the path inside it that serve `pathname`: the first mount whose prefix matches, else `root`. */
function locate(root, mounts, pathname) {
  for (const [prefix, dir] of Object.entries(mounts)) {
    if (pathname.startsWith(prefix)) return { base: resolve(dir), rest: pathname.slice(prefix.length - 1) };
  }
  return { base: resolve(root), rest: pathname };
}

/**
 * Starts serving `root` (and `mounts`: `{ '/prefix/': dir }`) on a loopback
 * `host` (another one than 127.0.0.1 is another site, for tests that need
 * two); resolves to `{ url, close() }`.
 */
export function serve(root, { port = 0, mounts = {}, host = '127.0.0.1' } = {}) {
  if (!host.startsWith('127.')) throw new Error(`serve: ${host} is not a loopback address`);
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url, 'http://127.0.0.1');
      const { base, rest } = locate(root, mounts, url.pathname);
      let path = normalize(join(base, decodeURIComponent(rest)));
      if (path !== base && !path.startsWith(base + sep)) throw new Error('outside the served folder');
      if (url.pathname.endsWith('/')) path = join(path, 'index.html');
      let body = await readFile(path);
      const headers = { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream', 'cache-control': 'no-store' };
      if (url.searchParams.get('csp') === 'strict' && extname(path) === '.html') {
        headers['content-security-policy'] = STRICT_CSP;
        body = withoutInlineCode(body.toString('utf8'));
      }
      res.writeHead(200, headers).end(body);
    } catch (error) {
      if (error.code === 'ENOENT' && IMAGE_TYPES.has(extname(req.url.split('?')[0]))) {
        res.writeHead(200, { 'content-type': TYPES['.svg'], 'cache-control': 'no-store' }).end(STAND_IN_IMAGE);
        return;
      }
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
      const { port: actual } = server.address();
      // Closing drops the browser's kept-alive sockets too: Chromium holds a
      // preconnected one that `close` alone would wait on for ~100 s.
      const close = () =>
        new Promise((ok) => {
          server.close(ok);
          server.closeAllConnections();
        });
      done({ url: `http://${host}:${actual}`, close });
    });
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values, positionals } = parseArgs({ options: { port: { type: 'string', default: '0' } }, allowPositionals: true });
  const root = positionals[0] ?? 'www';
  const mounts = positionals[0] ? {} : PLAYGROUND_MOUNTS;
  const { url } = await serve(root, { port: Number(values.port), mounts });
  console.log(url);
}

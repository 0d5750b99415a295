// A static file server on loopback for the browser tests. It serves `.wasm`
// with the MIME type streaming compilation needs, and optional extra headers
// (COOP/COEP for cross-origin isolation).
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
  '.png': 'image/png',
};

/**
 * Serves `dir` on 127.0.0.1 at a free port; resolves to `{ url, close }`. `mounts` maps
 * URL prefixes to other folders or files (`{ '/pkg/': '/abs/dir/', '/checks.js': '/abs/file.js' }`),
 * so a page can be served with files from elsewhere beside it, as its app would have them.
 */
export function serve(dir, headers = {}, mounts = {}) {
  const server = createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const mount = Object.keys(mounts).find((prefix) => pathname.startsWith(prefix));
    const base = mount ? mounts[mount] : dir;
    const rest = mount ? pathname.slice(mount.length) : pathname;
    const path = normalize(rest ? join(base, rest) : base);
    let file = path;
    try {
      if (
        !path.startsWith(normalize(base.endsWith(sep) ? base : base + sep)) &&
        path !== normalize(base)
      )
        throw new Error('outside');
      if (statSync(file).isDirectory()) file = join(file, 'index.html');
      statSync(file);
    } catch {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, {
      'content-type': types[extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
      ...headers,
    });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () => new Promise((r) => server.close(r)),
      });
    });
  });
}

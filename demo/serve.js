// @ts-check
// `npm start`: one port serving the demo page, the built bundle and the mock stream together.
// `/` is demo/index.html; `/demo/**` and `/dist/**` are files of the repository; the rest is the mock.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startMockStream } from './mock-stream/server.js';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const STATIC_PREFIXES = ['/demo/', '/dist/'];

/** @type {Record<string, string>} */
export const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/**
 * The file a URL path names, or null when it is not served (outside /demo and /dist, or escaping the repo).
 * @param {string} urlPath the path part of the request URL, still percent-encoded
 * @param {string} [root]
 */
export function staticFilePath(urlPath, root = REPO_ROOT) {
  let path;
  try {
    path = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (path === '/' || path === '/index.html') return join(root, 'demo', 'index.html');
  if (!STATIC_PREFIXES.some((prefix) => path.startsWith(prefix)) || path.includes('\0')) return null;
  const file = resolve(root, `.${path}`);
  // `..` segments (also percent-encoded ones) must not lead out of the served folders.
  return STATIC_PREFIXES.some((prefix) => file.startsWith(join(root, prefix))) ? file : null;
}

/**
 * Starts the demo server.
 * @param {{ port?: number, host?: string }} [options]
 */
export async function startDemoServer({ port = 8000, host = '127.0.0.1' } = {}) {
  return startMockStream({
    port,
    host,
    onRequest(req, res) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return false;
      const file = staticFilePath(new URL(req.url ?? '/', 'http://demo').pathname);
      if (!file) return false;
      sendFile(file, req.method === 'HEAD', res);
      return true;
    },
  });
}

/**
 * @param {string} file @param {boolean} headOnly @param {import('node:http').ServerResponse} res
 */
async function sendFile(file, headOnly, res) {
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found');
    return;
  }
  res.writeHead(200, {
    'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'Content-Length': info.size,
    'Cache-Control': 'no-cache',
  });
  if (headOnly) res.end();
  else createReadStream(file).pipe(res);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const port = Number(process.env.PORT ?? 8000);
  const server = await startDemoServer({ port, host: process.env.HOST ?? '127.0.0.1' });
  console.log(`preview-overlay demo: http://localhost:${server.port}/`);
  const stop = () => server.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

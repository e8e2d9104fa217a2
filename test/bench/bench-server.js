// @ts-check
// The bench's one server: the mock stream, plus the bench page (`/bench/*`, files of test/bench) and the
// built bundle (`/dist/*`) through the mock's onRequest hook, so page and sockets share one origin.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startMockStream } from '../../demo/mock-stream/server.js';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const DIST_DIR = resolve(BENCH_DIR, '../../dist');

/** @type {Record<string, string>} */
const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/**
 * The file a request path names, or null. Only plain file names directly in test/bench or dist.
 * @param {string} path
 */
function servedFile(path) {
  const match = /^\/(bench|dist)\/([\w.-]+)$/.exec(path);
  if (!match || match[2]?.startsWith('.')) return null;
  const name = /** @type {string} */ (match[2]);
  if (!(extname(name) in CONTENT_TYPES)) return null;
  return join(match[1] === 'bench' ? BENCH_DIR : DIST_DIR, name);
}

/** Starts the mock stream with the bench's static files on the same port. */
export function startBenchServer() {
  return startMockStream({
    quiet: true,
    // The burst scenario stalls its job's sockets after the burst; a stalled socket is not ended while
    // the client still reads what was sent before.
    heartbeatMs: 600_000,
    onRequest(req, res) {
      if (req.method !== 'GET') return false;
      const file = servedFile(new URL(req.url ?? '/', 'http://bench').pathname);
      if (!file) return false;
      stat(file).then(
        (info) => {
          res.writeHead(200, { 'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', 'Content-Length': info.size, 'Cache-Control': 'no-store' });
          createReadStream(file).pipe(res);
        },
        () => res.writeHead(404).end('not found'),
      );
      return true;
    },
  });
}

// Previews by reference: the download in the worker, against a real local HTTP server. Errors are
// values with a sentence (HTTP status, network, timeout, size), a superseded download is aborted, and
// no error quotes the URL's query string (a pre-signed URL's signature).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fetchPreviewBytes, PreviewFetchAborted, PreviewFetchError } from '../../src/stream/preview-fetch.ts';

const BYTES = Buffer.from(Array.from({ length: 5000 }, (_, i) => i % 251));
let server: Server;
let base = '';
const hanging = new Set<ServerResponse>();

before(async () => {
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/bytes') return void res.writeHead(200, { 'Content-Length': BYTES.length }).end(BYTES);
    if (path === '/chunked') {
      // No Content-Length: the limit can only be checked while streaming.
      res.writeHead(200);
      res.write(BYTES.subarray(0, 2500));
      return void setTimeout(() => res.end(BYTES.subarray(2500)), 20);
    }
    if (path === '/stall') {
      hanging.add(res);
      res.writeHead(200, { 'Content-Length': BYTES.length });
      return void res.write(BYTES.subarray(0, 100));
    }
    res.writeHead(404, 'Not Found').end('no such preview');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  for (const res of hanging) res.destroy();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const options = () => ({ base, maxBytes: 1 << 20, timeoutMs: 5_000 });
async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  return assert.fail('expected the download to fail');
}

describe('fetchPreviewBytes', () => {
  it('downloads the bytes, absolute or relative to the server', async () => {
    assert.deepEqual(Buffer.from(await fetchPreviewBytes(`${base}/bytes?X-Amz-Signature=abc`, options())), BYTES);
    assert.deepEqual(Buffer.from(await fetchPreviewBytes('/chunked', options())), BYTES);
  });

  it('turns an HTTP error into a fetch error naming the status, without the query string', async () => {
    const error = await failure(fetchPreviewBytes(`${base}/missing?X-Amz-Signature=s3cr3t`, options()));
    assert.ok(error instanceof PreviewFetchError);
    assert.equal(error.code, 'fetch');
    assert.match(error.message, /HTTP 404 Not Found/);
    assert.ok(!error.message.includes('s3cr3t'));
  });

  it('turns a refused connection into a fetch error', async () => {
    const error = await failure(fetchPreviewBytes('http://127.0.0.1:9/preview', options()));
    assert.ok(error instanceof PreviewFetchError && error.code === 'fetch');
    assert.match(error.message, /network error/);
  });

  it('gives up after the timeout, even once the headers have come', async () => {
    const error = await failure(fetchPreviewBytes('/stall', { ...options(), timeoutMs: 300 }));
    assert.ok(error instanceof PreviewFetchError && error.code === 'fetch');
    assert.match(error.message, /did not arrive within 0.3 s/);
  });

  it('refuses by Content-Length before reading, and while streaming when there is none', async () => {
    const declared = await failure(fetchPreviewBytes('/bytes', { ...options(), maxBytes: 4999 }));
    assert.ok(declared instanceof PreviewFetchError && declared.code === 'size');
    assert.match(declared.message, /is 5000 bytes, more than 4999/);
    const streamed = await failure(fetchPreviewBytes('/chunked', { ...options(), maxBytes: 4999 }));
    assert.ok(streamed instanceof PreviewFetchError && streamed.code === 'size');
    assert.match(streamed.message, /is more than 4999/);
  });

  it('stops at once when its signal aborts (a newer preview won), as an abort, not an error', async () => {
    const controller = new AbortController();
    const download = fetchPreviewBytes('/stall', { ...options(), signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const error = await failure(download);
    assert.ok(error instanceof PreviewFetchAborted, String(error));
  });
});

// Previews by reference: the download in the worker, against a real local HTTP server. Errors are
// values with a sentence (HTTP status, network, timeout, size), a superseded download is aborted, and
// no error quotes the URL's query string (a pre-signed URL's signature).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ArrivedPreview, PreviewDecoder } from '../../src/stream/preview-decoder.ts';
import { fetchPreviewBytes, PreviewFetchAborted, PreviewFetchError } from '../../src/stream/preview-fetch.ts';
import type { StreamEvent } from '../../src/stream/stream-types.ts';
import { refuseUnparsed } from './preview-arrivals.ts';

const BYTES = Buffer.from(Array.from({ length: 5000 }, (_, i) => i % 251));
let server: Server;
let base = '';
const hanging = new Set<ServerResponse>();
/** Paths requested, and downloads the client gave up (the connection closed before the response ended). */
const requested: string[] = [];
const abandoned: string[] = [];

before(async () => {
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    requested.push(path);
    res.on('close', () => {
      if (!res.writableFinished) abandoned.push(path);
    });
    if (path === '/volume') return void res.writeHead(200).end(Buffer.from([0, 1, 2, 1, 0, 2, 1, 1]));
    if (path === '/redirect') return void res.writeHead(302, { Location: '/gone?X-Amz-Signature=s3cr3t' }).end();
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

  it('follows a redirect and names where it landed; quotes a long path shortened', async () => {
    const redirected = await failure(fetchPreviewBytes(`${base}/redirect`, options()));
    assert.equal(redirected.message, `The preview at ${base}/redirect (redirected to ${base}/gone) could not be fetched: HTTP 404 Not Found.`);
    const long = await failure(fetchPreviewBytes(`/${'segment/'.repeat(100)}token-abcdef`, options()));
    assert.match(long.message, new RegExp(`^The preview at ${base}/segment/.*….*/token-abcdef could not be fetched: HTTP 404`));
    assert.ok(long.message.length < 200, `${long.message.length} characters`);
    assert.ok(requested.includes('/redirect'));
  });

  it('refuses a URL that leaves the server or carries credentials, before any request', async () => {
    const before = requested.length;
    for (const url of ['/\\evil.example/x', `http://user:pw@127.0.0.1:1/x`, 'javascript:alert(1)']) {
      const error = await failure(fetchPreviewBytes(url, options()));
      assert.ok(error instanceof PreviewFetchError && error.code === 'fetch', url);
      assert.match(error.message, /not an http\(s\) URL or a path on the server/);
    }
    assert.equal(requested.length, before);
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

describe('PreviewDecoder: previews by URL', () => {
  const byUrl = (order: number, url: string): ArrivedPreview => ({
    header: { shape: [2, 2, 2], dtype: 'uint8', spacing: [1, 1, 1], compression: 'none', payload: { encoding: 'url', url }, previewId: order, final: false },
    body: undefined,
    sentAt: undefined,
    receivedAt: 0,
    messageBytes: 100,
    parseMs: 0,
    baseUrl: base,
  });
  const inline = (order: number): ArrivedPreview => ({
    ...byUrl(order, ''),
    header: { ...byUrl(order, '').header, payload: { encoding: 'base64', text: Buffer.from([1, 1, 1, 1, 1, 1, 1, 1]).toString('base64') } },
  });
  function decoder(timeoutMs = 5_000) {
    const events: StreamEvent[] = [];
    const options = () => ({ maxVoxels: 1000, maxInflatedBytes: 1e6, maxFetchBytes: 1e6, fetchTimeoutMs: timeoutMs, maxFaces: 1e6, brickSize: 32 });
    return { events, decoder: new PreviewDecoder((event) => events.push(event), refuseUnparsed, options) };
  }
  const until = async (condition: () => boolean) => {
    for (let i = 0; i < 2000 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 1));
    assert.ok(condition(), 'condition not reached');
  };

  it('downloads the bytes of a preview by URL and decodes them like inline bytes', async () => {
    const { events, decoder: d } = decoder();
    d.submit('a', byUrl(1, '/volume'));
    await d.whenIdle('a');
    const shown = events.find((event) => event.kind === 'preview');
    assert.ok(shown && shown.kind === 'preview');
    assert.deepEqual([...shown.volume.labelIds].sort(), [0, 1, 2], "the ids of the downloaded bytes");
  });

  it('aborts a download in progress when a newer preview arrives, silently, and shows the newer one', async () => {
    const { events, decoder: d } = decoder();
    const stalls = () => requested.filter((path) => path === '/stall').length;
    const stalled = stalls();
    d.submit('a', byUrl(1, '/stall'));
    await until(() => stalls() > stalled);
    const before = abandoned.length;
    d.submit('a', inline(2));
    await d.whenIdle('a');
    assert.deepEqual(events.map((event) => event.kind === 'preview' ? event.previewId : event.kind), [2], 'no error for the aborted download');
    await until(() => abandoned.length > before);
    assert.equal(abandoned.at(-1), '/stall', 'the server saw the download abandoned');
  });

  it('never downloads a preview superseded while it waited (latest-wins before the download)', async () => {
    const { events, decoder: d } = decoder();
    const count = requested.length;
    d.submit('a', inline(1));
    d.submit('a', byUrl(2, '/volume?never'));
    d.submit('a', inline(3));
    await d.whenIdle('a');
    // All three arrived within the decoder's settle window: only the newest is decoded.
    assert.deepEqual(events.map((event) => event.kind === 'preview' ? event.previewId : event.kind), [3]);
    assert.equal(requested.length, count, 'preview 2 was never fetched');
  });

  it('reports a 404 and a timeout as fetch errors of the job, then goes on', async () => {
    const { events, decoder: d } = decoder(300);
    d.submit('a', byUrl(1, '/missing'));
    await d.whenIdle('a');
    d.submit('a', byUrl(2, '/stall'));
    await d.whenIdle('a');
    d.submit('a', byUrl(3, '/volume'));
    await d.whenIdle('a');
    assert.deepEqual(events.map((event) => (event.kind === 'error' ? `${event.code}: ${event.message}` : event.kind)), [
      `fetch: The preview at ${base}/missing could not be fetched: HTTP 404 Not Found.`,
      `fetch: The preview at ${base}/stall did not arrive within 0.3 s.`,
      'preview',
    ]);
  });
});

// The mock speaks the family's other servers: `encoding: msgpack` (gzip above 1 KB, the mask as bin
// bytes) and `style: apigateway` (routes by `action`, the gateway's error frame, 1009 over 128 KB,
// previews by URL from its own HTTP server or in chunks, connections closed after `maxConnectionS`).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseJobOptions } from '../../demo/mock-stream/job-options.js';
import { labelBytes } from '../../demo/mock-stream/preview-encoding.js';
import { syntheticLabels } from '../../demo/mock-stream/synthetic-volume.js';
import { mockStreamSuite } from './mock-stream-suite.ts';

const suite = mockStreamSuite({ hz: 20, previews: 3 });
const { connect } = suite;
const KB128 = 128 * 1024;

describe('mock stream: encoding msgpack', () => {
  it('sends every message as binary msgpack, gzip-compressed only above 1 KB, the mask as bin bytes', async () => {
    const socket = await connect('/ws/jobs/mp-1?encoding=msgpack&shape=8,16,16&seed=7');
    await socket.waitForType('completed');
    assert.ok(socket.messages.every((m) => m.binary), 'no text frames');
    const progress = socket.ofType('progress');
    assert.ok(progress.length > 0 && progress.every((m) => m.format === 'msgpack'), 'small messages are plain msgpack');
    const previews = socket.ofType('preview');
    assert.deepEqual(previews.map((m) => m.format), ['gzip', 'gzip', 'gzip'], 'a 2 KB preview is gzipped');
    const expected = labelBytes(syntheticLabels({ shape: [8, 16, 16], labels: 4, step: 0, steps: 3, seed: 7 }), 'uint8');
    assert.deepEqual(previews[0]!.bytes, expected);
    assert.ok(previews[0]!.size < expected.length, 'compressed on the wire');
  });
});

describe('mock stream: style apigateway', () => {
  it('routes client messages by action; anything else gets the gateway error frame', async () => {
    const socket = await connect('/ws/jobs/gw-route?style=apigateway&hz=2&previews=20');
    await socket.waitForType('connected');
    const from = socket.messages.length;
    socket.send({ action: 'ping' });
    await socket.waitForType('pong', { from });
    for (const message of [{ type: 'ping' }, { action: 'dance' }]) {
      const at = socket.messages.length;
      socket.send(message);
      const answer = await socket.waitFor((m) => m.json?.message === 'Forbidden', { from: at });
      assert.deepEqual(Object.keys(answer.json ?? {}).sort(), ['connectionId', 'message', 'requestId']);
    }
    const at = socket.messages.length;
    socket.sendText('not json');
    await socket.waitFor((m) => m.json?.message === 'Forbidden', { from: at });
    socket.send({ action: 'cancel_job', job_id: 'gw-route' });
    await socket.waitForType('job_cancelled');
  });

  it('sends previews by URL, served from its own HTTP server with CORS; its messages are the flat style', async () => {
    const socket = await connect('/ws/jobs/gw-url?style=apigateway&shape=64,64,64&compression=gzip');
    await socket.waitForType('job_complete');
    const previews = socket.ofType('preview');
    assert.equal(previews.length, 3);
    assert.ok(socket.ofType('progress_update').length > 0);
    for (const preview of previews) {
      assert.equal(preview.json?.data.payload, undefined);
      assert.ok(preview.size < KB128);
    }
    const url = String(previews[2]!.json?.data.url);
    assert.ok(url.startsWith(`${suite.mock.httpUrl}/previews/gw-url/`), url);
    const response = await fetch(url, { headers: { Origin: 'http://elsewhere.test' } });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
    assert.equal(previews[2]!.json?.data.compression, 'gzip');
    assert.equal((await fetch(`${suite.mock.httpUrl}/previews/%E0%A4%A/1`)).status, 400, 'a bad escape is the client\'s error');
    const { gunzipSync } = await import('node:zlib');
    assert.equal(gunzipSync(Buffer.from(await response.arrayBuffer())).length, 64 ** 3);
  });

  it('with chunked=1 sends each preview in chunks of at most 128 KB that join to its base64', async () => {
    const socket = await connect('/ws/jobs/gw-chunks?style=apigateway&chunked=1&shape=64,64,64&previews=1&seed=3');
    await socket.waitForType('job_complete');
    const chunks = socket.ofType('preview');
    assert.ok(chunks.length >= 3, `${chunks.length} chunks`);
    assert.ok(chunks.every((m) => m.size <= KB128));
    assert.deepEqual(chunks.map((m) => m.json?.data.chunk), chunks.map((_, i) => i));
    assert.ok(chunks.every((m) => m.json?.data.chunks === chunks.length && m.json?.data.preview_id === 1));
    const joined = Buffer.from(chunks.map((m) => m.json?.data.payload).join(''), 'base64');
    assert.deepEqual(joined, labelBytes(syntheticLabels({ shape: [64, 64, 64], labels: 4, step: 0, steps: 1, seed: 3 }), 'uint8'));
  });

  it('closes with 1009 instead of sending a message over 128 KB', { timeout: 10_000 }, async () => {
    const socket = await connect('/ws/jobs/gw-big?style=apigateway&fault=oversize&faultAt=1&oversizeBytes=200000');
    assert.equal((await socket.closed).code, 1009);
  });

  it('url404 and urlstall: a preview URL that answers 404, and one whose download never ends', async () => {
    const missing = await connect('/ws/jobs/gw-404?style=apigateway&fault=url404&faultAt=1&previews=1');
    const url404 = String((await missing.waitForType('preview')).json?.data.url);
    assert.equal((await fetch(url404)).status, 404);
    const stalled = await connect('/ws/jobs/gw-stall?style=apigateway&fault=urlstall&faultAt=1&previews=1');
    const urlStall = String((await stalled.waitForType('preview')).json?.data.url);
    const controller = new AbortController();
    const response = await fetch(urlStall, { signal: controller.signal });
    assert.equal(response.status, 200);
    const reader = response.body!.getReader();
    const first = await reader.read();
    assert.ok(first.value && first.value.length < Number(response.headers.get('content-length')));
    const next = reader.read();
    const winner = await Promise.race([next.then(() => 'data'), new Promise((resolve) => setTimeout(resolve, 300, 'stalled'))]);
    assert.equal(winner, 'stalled');
    controller.abort();
    await next.catch(() => undefined);
  });

  it('chunkdrop: the second chunk of preview faultAt is never sent, the other previews are whole', async () => {
    const socket = await connect('/ws/jobs/gw-chunkdrop?style=apigateway&chunked=1&shape=64,64,64&previews=2&fault=chunkdrop&faultAt=1');
    await socket.waitForType('job_complete');
    const of = (id: number) => socket.ofType('preview').filter((m) => m.json?.data.preview_id === id).map((m) => m.json?.data.chunk);
    const count = Number(socket.ofType('preview')[0]!.json?.data.chunks);
    assert.ok(count >= 3);
    assert.deepEqual(of(1), Array.from({ length: count }, (_, i) => i).filter((i) => i !== 1));
    assert.deepEqual(of(2), Array.from({ length: count }, (_, i) => i));
    assert.throws(() => parseJobOptions({ fault: 'chunkdrop' }), /needs style apigateway with chunked/);
  });

  it('closebeforeend: every watcher is closed (1001) before job_complete, which request_status then brings', { timeout: 10_000 }, async () => {
    const socket = await connect('/ws/jobs/gw-gap?style=apigateway&fault=closebeforeend&hz=20&previews=2');
    assert.equal((await socket.closed).code, 1001);
    assert.equal(socket.ofType('job_complete').length, 0, 'the end was not sent to it');
    const again = await connect('/ws/jobs/gw-gap');
    again.send({ action: 'request_status', job_id: 'gw-gap' });
    await again.waitForType('job_complete');
  });

  it('closes every connection with 1001 after maxConnectionS; the job runs on for the next one', { timeout: 10_000 }, async () => {
    const began = Date.now();
    const socket = await connect('/ws/jobs/gw-cap?style=apigateway&maxConnectionS=0.5&hz=4&previews=8');
    assert.deepEqual(await socket.closed, { code: 1001, reason: 'Going away' });
    assert.ok(Date.now() - began >= 450);
    const again = await connect('/ws/jobs/gw-cap?maxConnectionS=0.5');
    assert.equal((await again.closed).code, 1001);
  });
});

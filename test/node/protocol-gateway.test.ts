// What API-Gateway-style servers need of the protocol layer: the client message key (`action`), the
// gateway's error frame recognised as such, and previews by URL or in chunks.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { clientMessageText } from '../../src/protocol/client-message-key.ts';
import { parseServerMessage } from '../../src/protocol/index.ts';

const preview = (data: Record<string, unknown>) =>
  JSON.stringify({ type: 'preview', job_id: 'j', data: { shape: [2, 3, 4], dtype: 'uint8', preview_id: 4, ...data } });
function header(data: Record<string, unknown>) {
  const result = parseServerMessage(preview(data));
  assert.ok(result.ok && result.message.kind === 'preview', result.ok ? '' : result.error.message);
  return result.message.header;
}
function rejection(data: Record<string, unknown>) {
  const result = parseServerMessage(preview(data));
  return result.ok ? assert.fail('expected a rejection') : result.error;
}

describe('clientMessageText: the client message key', () => {
  it('sends every message kind under `type` by default', () => {
    assert.equal(clientMessageText({ type: 'ping' }), '{"type":"ping"}');
    assert.equal(clientMessageText({ type: 'subscribe', job_id: 'a' }), '{"type":"subscribe","job_id":"a"}');
  });

  it('sends every message kind under `action` for a gateway-routed server, and no `type`', () => {
    const messages = [
      { type: 'ping' },
      { type: 'subscribe', job_id: 'a' },
      { type: 'cancel_job', job_id: 'a' },
      { type: 'request_status', job_id: 'a' },
    ] as const;
    assert.deepEqual(messages.map((m) => JSON.parse(clientMessageText(m, 'action'))), [
      { action: 'ping' },
      { action: 'subscribe', job_id: 'a' },
      { action: 'cancel_job', job_id: 'a' },
      { action: 'request_status', job_id: 'a' },
    ]);
  });

  it('keeps `type` when the key is not a usable name', () => {
    for (const key of ['', 'a b', '__proto__"', 'x'.repeat(65)]) assert.equal(clientMessageText({ type: 'ping' }, key), '{"type":"ping"}', key);
  });
});

describe('parseServerMessage: the gateway error frame', () => {
  it('recognises {message, connectionId, requestId} as a gateway error, not a schema error', () => {
    const result = parseServerMessage('{"message": "Forbidden", "connectionId":"L0SM9cOFvHcCIhw=", "requestId":"L0SNDEXAvHcFmZw="}');
    assert.deepEqual(result, { ok: true, message: { kind: 'gateway-error', message: 'Forbidden', connectionId: 'L0SM9cOFvHcCIhw=', requestId: 'L0SNDEXAvHcFmZw=' } });
    const internal = parseServerMessage('{"message": "Internal server error", "connectionId":"c", "requestId":"r"}');
    assert.equal(internal.ok && internal.message.kind, 'gateway-error');
  });

  it('still rejects a bare {message} (no gateway ids) as a message without a type', () => {
    const result = parseServerMessage('{"message": "Forbidden"}');
    assert.deepEqual(result.ok ? undefined : [result.error.rule, result.error.field], ['schema', 'type']);
  });
});

describe('parseServerMessage: previews by reference and in chunks', () => {
  it('takes a url instead of a payload, absolute http(s) or a path on the server', () => {
    assert.deepEqual(header({ url: 'https://bucket.s3.amazonaws.com/p/4.bin?X-Amz-Signature=abc' }).payload, {
      encoding: 'url',
      url: 'https://bucket.s3.amazonaws.com/p/4.bin?X-Amz-Signature=abc',
    });
    assert.deepEqual(header({ url: '/previews/j/4', compression: 'gzip' }).payload, { encoding: 'url', url: '/previews/j/4' });
  });

  it('refuses a url that is no http(s) URL or server path, under the payload rule', () => {
    const hidden = ['/\\evil.example/x', '/\t/evil.example/x', 'https://user:pass@bucket.example/x', 'http://token@bucket.example/x', '/\\user:pw@evil.example/x'];
    for (const url of ['javascript:alert(1)', 'data:,x', 'file:///etc/passwd', '//evil/x', 'previews/4', 'http:/x', ...hidden]) {
      const error = rejection({ url });
      assert.deepEqual([error.rule, error.field], ['payload', 'data.url'], url);
    }
    assert.equal(rejection({ url: 5 }).field, 'data.url');
  });

  it('prefers an inline payload over a url, and still wants one of them', () => {
    assert.equal(header({ url: '/p', payload: 'AAAA' }).payload.encoding, 'base64');
    assert.match(rejection({}).message, /base64, or a url/);
  });

  it('reads chunk/chunks into the header, the payload being that chunk\'s part', () => {
    const h = header({ chunk: 1, chunks: 3, payload: 'AAAA' });
    assert.deepEqual(h.chunk, { index: 1, count: 3 });
    assert.deepEqual(h.payload, { encoding: 'base64', text: 'AAAA' });
    assert.equal(header({ payload: 'AAAA' }).chunk, undefined);
  });

  it('refuses chunks without their total, out of range, too many, or without a preview_id', () => {
    assert.equal(rejection({ chunk: 0, payload: 'AAAA' }).field, 'data.chunks');
    assert.equal(rejection({ chunks: 2, payload: 'AAAA' }).field, 'data.chunk');
    assert.match(rejection({ chunk: 3, chunks: 3, payload: 'AAAA' }).message, /out of range/);
    assert.equal(rejection({ chunk: 0, chunks: 5000, payload: 'AAAA' }).field, 'data.chunks');
    assert.equal(rejection({ chunk: 0, chunks: 2, payload: 'AAAA', preview_id: null }).field, 'data.preview_id');
  });
});

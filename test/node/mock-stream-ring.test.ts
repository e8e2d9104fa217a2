// The mock's frame ring: frames encoded once and replayed with fresh ids and timestamps, byte for byte
// what the mock would have encoded itself, and sent in two fragments that arrive as one message.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildFrameRing, fillFrame, prepareFrame } from '../../demo/mock-stream/frame-ring.js';
import { buildPreviewFrame } from '../../demo/mock-stream/preview-frames.js';
import type { Frame } from '../../demo/mock-stream/preview-frames.js';
import { parseJobOptions } from '../../demo/mock-stream/job-options.js';
import { JobMessages } from '../../demo/mock-stream/wire-messages.js';
import { mockStreamSuite } from './mock-stream-suite.ts';
import { gunzipSync } from 'node:zlib';
import { decode } from '@msgpack/msgpack';
import { readBinaryMessage } from '../../src/stream/binary-message.ts';

/** What a client receives: the fragments joined. */
const wire = (frame: Frame) => Buffer.concat([frame.data, frame.tail ?? Buffer.alloc(0)]);

/** A binary frame's JSON header and its bytes. */
function splitBinary(bytes: Buffer) {
  const length = bytes.readUInt32LE(0);
  return { header: JSON.parse(bytes.subarray(4, 4 + length).toString('utf8')), body: bytes.subarray(4 + length) };
}

describe('frame ring', () => {
  const values = { jobId: 'job-7', previewId: 12345, timestamp: '2026-12-02T04:05:06.123456', sentAtMs: 1_764_648_306_123 };
  /** The frame the mock would encode itself with those values. */
  const fresh = (options: Record<string, unknown>) => {
    const messages = new JobMessages('enveloped', values.jobId);
    messages.timestamp = () => values.timestamp;
    const now = Date.now;
    Date.now = () => values.sentAtMs;
    try {
      return buildPreviewFrame({ options: parseJobOptions({ previews: 20, ...options }), messages, seed: 3, previewId: 2 });
    } finally {
      Date.now = now;
    }
  };
  const prepared = (options: Record<string, unknown>) => {
    const ring = buildFrameRing({ options: parseJobOptions({ previews: 20, ...options }), seed: 3, size: 2 });
    return ring.cycle[1]!;
  };

  it('fills a base64 JSON frame to exactly the text the mock would send, with a small head', () => {
    const options = { shape: '16,24,32' };
    const filled = fillFrame(prepared(options), values);
    const expected = JSON.parse(fresh(options).data.toString('utf8'));
    expected.data.preview_id = values.previewId;
    assert.deepEqual(JSON.parse(wire(filled).toString('utf8')), expected);
    assert.ok(filled.data.length < 600, `head of ${filled.data.length} bytes`);
    assert.equal(filled.binary, false);
  });

  it('fills a binary gzip frame: header length rewritten, body untouched', () => {
    const options = { shape: '16,24,32', encoding: 'binary', compression: 'gzip' };
    const filled = fillFrame(prepared(options), values);
    const got = splitBinary(wire(filled));
    const want = splitBinary(fresh(options).data);
    want.header.data.preview_id = values.previewId;
    assert.deepEqual(got.header, want.header);
    assert.ok(got.body.equals(want.body));
    assert.equal(filled.binary, true);
  });

  it("fills a msgpack + gzip frame (the family service's form): one gzip stream with the fresh fields last, the mask deflated once", async () => {
    const options = { shape: '16,24,32', encoding: 'msgpack' };
    const ring = buildFrameRing({ options: parseJobOptions({ previews: 20, ...options }), seed: 3, size: 2 });
    const filled = fillFrame(ring.cycle[1]!, values);
    const got = decode(gunzipSync(wire(filled))) as Record<string, unknown>;
    const want = decode(gunzipSync(fresh(options).data)) as Record<string, unknown>;
    (want.data as Record<string, unknown>).preview_id = values.previewId;
    assert.deepEqual(got, want);
    assert.equal(filled.data, ring.cycle[1]!.kind === 'msgpack' && ring.cycle[1]!.head, 'the deflated mask is sent as it was prepared');
    assert.ok(filled.tail!.length < 200, `fresh tail of ${filled.tail!.length} bytes`);
    // The widget's own reader (DecompressionStream, which checks the CRC and the length) takes it whole.
    const bytes = wire(filled);
    const read = await readBinaryMessage(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length), { format: 'auto', maxBytes: 1e8 });
    assert.ok(read.ok, JSON.stringify(!read.ok && read.error));
    assert.equal(read.message.jobId, values.jobId);
    assert.equal(read.body?.length, 16 * 24 * 32);
  });

  it('leaves a string preview id as it was built', () => {
    const frame = fresh({ shape: '4,4,4' });
    const text = frame.data.toString('utf8').replace('"preview_id":2', '"preview_id":"final"');
    const filled = fillFrame(prepareFrame({ data: Buffer.from(text), binary: false }), values);
    assert.equal(JSON.parse(wire(filled).toString('utf8')).data.preview_id, 'final');
  });

  describe('replayed by a job', () => {
    const suite = mockStreamSuite();

    it('sends the ring with fresh ids and times, the last preview from `last`, and counts no encoding', async () => {
      const options = parseJobOptions({ shape: '8,16,16', previews: 5, hz: 20 });
      const last = parseJobOptions({ shape: '16,32,32', dtype: 'float32', labels: 1, previews: 5 });
      const ring = buildFrameRing({ options, seed: 9, size: 2, last });
      const response = await fetch(`${suite.mock.httpUrl}/jobs`, {
        method: 'POST', body: JSON.stringify({ job_id: 'ring-job', shape: '8,16,16', previews: 5, hz: 20, startOn: 'watch' }),
      });
      assert.equal(response.status, 201);
      assert.equal(suite.mock.replay('ring-job', ring), true);
      const encodedBefore = suite.mock.stats().previewsEncoded;
      const socket = await suite.connect('/ws/jobs/ring-job');
      await socket.waitForType('completed', { timeoutMs: 5000 });
      const previews = socket.ofType('preview').map((m) => m.json!);
      assert.deepEqual(previews.map((p) => p.data.preview_id), [1, 2, 3, 4, 5]);
      assert.ok(previews.every((p) => p.job_id === 'ring-job' && p.timestamp === p.data.timestamp));
      const sent = previews.map((p) => p.data.sent_at_ms as number);
      assert.ok(sent.every((t, i) => i === 0 || t > sent[i - 1]!), `sent_at_ms ${sent}`);
      // Preview 3 replays frame 1 of the ring; 5 (the last) is the other grid.
      assert.equal(previews[2]!.data.payload, previews[0]!.data.payload);
      assert.notEqual(previews[1]!.data.payload, previews[0]!.data.payload);
      assert.deepEqual(previews.map((p) => p.data.dtype), ['uint8', 'uint8', 'uint8', 'uint8', 'float32']);
      assert.deepEqual(previews[4]!.data.shape, [16, 32, 32]);
      assert.equal(suite.mock.stats().previewsEncoded, encodedBefore);
    });
  });
});

// The family's msgpack frames: telling them from this widget's own binary frame (and gzip by its magic
// bytes), decoding them with the same validation as JSON, and a preview's mask as msgpack bin bytes.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { encode } from '@msgpack/msgpack';
import { binaryKind } from '../../src/protocol/binary-format.ts';
import { parseMsgpackMessage } from '../../src/protocol/msgpack-message.ts';
import { readBinaryMessage, type BinaryRead } from '../../src/stream/binary-message.ts';
import { binaryPreviewFrame } from '../../demo/mock-stream/preview-encoding.js';

const voxels = Uint8Array.from({ length: 2 * 3 * 4 }, (_, i) => i % 3);
const preview = (payload: unknown, extra: Record<string, unknown> = {}) => ({
  type: 'preview',
  job_id: 'j1',
  timestamp: '2026-12-02T04:00:00.000001',
  data: { shape: [2, 3, 4], dtype: 'uint8', scale: [1, 1, 1], preview_id: 3, payload, ...extra },
});
const packed = (value: unknown) => {
  const bytes = encode(value);
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
};
const gzipped = (value: unknown) => {
  const bytes = gzipSync(encode(value));
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
};
const ownFrame = (header: Record<string, unknown>, body: Uint8Array) => {
  const frame = binaryPreviewFrame(JSON.stringify(header), body);
  return frame.buffer.slice(frame.byteOffset, frame.byteOffset + frame.byteLength) as ArrayBuffer;
};
const options = { format: 'auto' as const, maxBytes: 1 << 20 };
async function read(buffer: ArrayBuffer, format: 'auto' | 'frame' | 'msgpack' = 'auto'): Promise<BinaryRead> {
  return readBinaryMessage(buffer, { ...options, format });
}

describe('binaryKind: which binary form a message is', () => {
  it('reads gzip by its magic bytes, this widget frame by its header, msgpack by its map marker', () => {
    const { data: _data, ...header } = preview(undefined);
    assert.equal(binaryKind(new Uint8Array(gzipped({ type: 'pong' }))), 'gzip');
    assert.equal(binaryKind(new Uint8Array(ownFrame({ ...header, data: {} }, voxels))), 'frame');
    assert.equal(binaryKind(new Uint8Array(packed({ type: 'pong' }))), 'msgpack');
    assert.equal(binaryKind(new Uint8Array(packed(Array.from({ length: 20 }, (_, i) => ({ [`k${i}`]: i }))))), 'unknown', 'an array is no message');
    assert.equal(binaryKind(new Uint8Array([1, 2, 3])), 'unknown');
  });

  it('a frame whose header length starts like a msgpack map is still a frame (byte 4 is "{")', () => {
    const base = { type: 'preview', job_id: 'j', pad: '', data: { shape: [2, 3, 4], dtype: 'uint8' } };
    const header = { ...base, pad: 'x'.repeat(0x85 - JSON.stringify(base).length) };
    const frame = new Uint8Array(ownFrame(header, voxels));
    assert.ok(frame[0]! >= 0x80 && frame[0]! <= 0x8f, `header length byte ${frame[0]} looks like a fixmap`);
    assert.equal(binaryKind(frame), 'frame');
  });

  it('binary-format forces one reading: frame never inflates, msgpack still unwraps gzip', () => {
    const gz = new Uint8Array(gzipped({ type: 'pong' }));
    assert.equal(binaryKind(gz, 'frame'), 'frame');
    assert.equal(binaryKind(gz, 'msgpack'), 'gzip');
    assert.equal(binaryKind(new Uint8Array([1, 2, 3]), 'msgpack'), 'msgpack');
  });
});

describe('parseMsgpackMessage: the same messages as JSON', () => {
  it('reads a progress message into the same event as its JSON twin', () => {
    const message = { type: 'progress', job_id: 'j1', timestamp: '2026-12-02T04:00:00', data: { progress: 0.25 } };
    const { result } = parseMsgpackMessage(encode(message));
    assert.deepEqual(result, { ok: true, message: { kind: 'progress', jobId: 'j1', sentAt: result.ok ? result.message.sentAt : 0, progress: 0.25 } });
  });

  it('takes a preview mask as bin bytes: the body is the bytes themselves, the payload reads as binary', () => {
    const bytes = encode(preview(voxels));
    const { result, body } = parseMsgpackMessage(bytes);
    assert.ok(result.ok && result.message.kind === 'preview');
    assert.deepEqual(result.message.header.payload, { encoding: 'binary' });
    assert.deepEqual([...body!], [...voxels]);
    assert.equal(body!.buffer, bytes.buffer, 'a view into the message, not a copy');
  });

  it('takes a preview mask as a base64 string too', () => {
    const { result, body } = parseMsgpackMessage(encode(preview(Buffer.from(voxels).toString('base64'))));
    assert.ok(result.ok && result.message.kind === 'preview');
    assert.deepEqual(result.message.header.payload, { encoding: 'base64', text: Buffer.from(voxels).toString('base64') });
    assert.equal(body, undefined);
  });

  it('validates after decoding: a bad dtype, a payload of the wrong kind, a missing type', () => {
    const dtype = parseMsgpackMessage(encode(preview(voxels, { dtype: 'complex64' }))).result;
    assert.deepEqual(dtype.ok ? undefined : [dtype.error.rule, dtype.error.field, dtype.error.jobId], ['dtype', 'data.dtype', 'j1']);
    const payload = parseMsgpackMessage(encode(preview(42))).result;
    assert.equal(payload.ok ? undefined : payload.error.rule, 'payload');
    const untyped = parseMsgpackMessage(encode({ job_id: 'j1' })).result;
    assert.equal(untyped.ok ? undefined : untyped.error.field, 'type');
  });

  it('reports bytes that are not msgpack, and a __proto__ key, under the msgpack rule', () => {
    for (const bytes of [new Uint8Array([0x82, 0xa1]), new Uint8Array([0xc1]), new Uint8Array([0x81, 0xa9, ...Buffer.from('__proto__'), 0x01])]) {
      const { result } = parseMsgpackMessage(bytes);
      assert.equal(result.ok ? undefined : result.error.rule, 'msgpack', Buffer.from(bytes).toString('hex'));
    }
  });
});

describe('readBinaryMessage: one door for every binary message', () => {
  it('reads a gzip-compressed msgpack preview (the service gzips above 1 KB) asynchronously', async () => {
    const big = Uint8Array.from({ length: 4 * 16 * 32 }, (_, i) => i % 5);
    const message = preview(big, { shape: [4, 16, 32] });
    const pending = readBinaryMessage(gzipped(message), options);
    assert.ok(pending instanceof Promise, 'inflating takes a promise');
    const result = await pending;
    assert.ok(result.ok && result.message.kind === 'preview');
    assert.deepEqual([...result.body!], [...big]);
  });

  it('reads msgpack and this widget frame synchronously', () => {
    assert.ok(!(readBinaryMessage(packed({ type: 'pong' }), options) instanceof Promise));
    const { data: _data, ...header } = preview(undefined);
    const own = readBinaryMessage(ownFrame({ ...header, data: { shape: [2, 3, 4], dtype: 'uint8' } }, voxels), options);
    assert.ok(!(own instanceof Promise) && own.ok && own.message.kind === 'preview');
    assert.deepEqual([...own.body!], [...voxels]);
  });

  it('checks the inflated size against the limit: a small gzip that inflates past it is a size error', async () => {
    const bomb = { type: 'progress', data: { progress: 0.5, message: 'x'.repeat(2_000_000) } };
    const result = await read(gzipped(bomb));
    assert.equal(result.ok, false);
    assert.equal(result.ok ? undefined : result.error.code, 'size');
    const fits = await readBinaryMessage(gzipped(bomb), { ...options, maxBytes: 3_000_000 });
    assert.equal(fits.ok, true);
  });

  it('reports gzip that is not gzip, and bytes of neither form, as errors with a sentence', async () => {
    const broken = await read(new Uint8Array([0x1f, 0x8b, 1, 2, 3, 4]).buffer);
    assert.equal(broken.ok ? undefined : broken.error.code, 'compression');
    assert.match(broken.ok ? '' : broken.error.message, /^The message is not valid gzip data/, 'named as a message, not a preview payload');
    const neither = await read(new Uint8Array([1, 2, 3, 4, 5, 6]).buffer);
    assert.match(neither.ok ? '' : neither.error.message, /starting with 01 02 03 04 is neither/);
  });

  it('forced to frame, a msgpack message is read as a frame (and fails as one); forced to msgpack, it is read', async () => {
    const forcedFrame = await read(packed({ type: 'pong' }), 'frame');
    assert.equal(forcedFrame.ok ? undefined : forcedFrame.error.code, 'payload');
    const forcedMsgpack = await read(packed({ type: 'pong' }), 'msgpack');
    assert.deepEqual(forcedMsgpack.ok && forcedMsgpack.message.kind, 'heartbeat');
  });
});

describe('hostile msgpack: declared sizes are checked before the decoder allocates', () => {
  /** `{"a": [[[…` — array16 headers of 65 535 items each, nested: 3 bytes per header. */
  const arrayBomb = (headers: number) => {
    const bytes = new Uint8Array(3 + 3 * headers);
    bytes.set([0x81, 0xa1, 0x61]);
    for (let i = 0; i < headers; i += 1) bytes.set([0xdc, 0xff, 0xff], 3 + 3 * i);
    return bytes;
  };

  it('a chain of array16 headers (6 KB) is a msgpack error, not a gigabyte of heap', async () => {
    const bomb = arrayBomb(2000);
    const before = process.memoryUsage().heapUsed;
    const result = await read(bomb.buffer);
    assert.equal(result.ok ? undefined : result.error.code, 'msgpack');
    assert.match(result.ok ? '' : result.error.message, /declares 65535 items, more than/);
    assert.ok(process.memoryUsage().heapUsed - before < 64 << 20, 'the heap did not grow');
  });

  it('the same bomb gzipped (68 bytes, 30 KB inflated) is a msgpack error too', async () => {
    const gz = gzipSync(arrayBomb(10_000), { level: 9 });
    assert.ok(gz.byteLength < 100, `${gz.byteLength} bytes on the wire`);
    const result = await read(gz.buffer.slice(gz.byteOffset, gz.byteOffset + gz.byteLength) as ArrayBuffer);
    assert.equal(result.ok ? undefined : result.error.code, 'msgpack');
  });

  it('nesting deeper than 32 levels is refused, even when every count fits', () => {
    const deep = new Uint8Array([0x81, 0xa1, 0x61, ...new Array<number>(40).fill(0x91), 0x01]);
    const { result } = parseMsgpackMessage(deep);
    assert.match(result.ok ? '' : result.error.message, /deeper than 32 levels/);
    const shallow = new Uint8Array([0x82, 0xa4, ...Buffer.from('type'), 0xa4, ...Buffer.from('pong'), 0xa1, 0x61, ...new Array<number>(20).fill(0x91), 0x01]);
    assert.equal(parseMsgpackMessage(shallow).result.ok, true, '20 levels are fine');
  });

  it('an extension other than Timestamp is refused; a large bin mask and a long string pass', () => {
    const ext = parseMsgpackMessage(new Uint8Array([0x81, 0xa1, 0x61, 0xd4, 0x05, 0x00])).result;
    assert.match(ext.ok ? '' : ext.error.message, /extension of type 5/);
    const mask = new Uint8Array(64 * 64 * 64).fill(1);
    const big = parseMsgpackMessage(encode(preview(mask, { shape: [64, 64, 64], note: 'n'.repeat(100_000) })));
    assert.ok(big.result.ok && big.body?.byteLength === mask.byteLength);
  });
});

describe('msgpack Timestamp extension', () => {
  it('a message and a preview timestamped with the Timestamp extension carry that time', () => {
    const at = new Date(Date.UTC(2026, 11, 2, 4, 0, 0, 250));
    const { result } = parseMsgpackMessage(encode({ ...preview(voxels), timestamp: at }));
    assert.ok(result.ok && result.message.kind === 'preview');
    assert.equal(result.message.sentAt, at.getTime());
    assert.equal(result.message.header.sentAt, at.getTime());
    const own = parseMsgpackMessage(encode(preview(voxels, { timestamp: new Date(at.getTime() + 5) }))).result;
    assert.equal(own.ok && own.message.kind === 'preview' ? own.message.header.sentAt : undefined, at.getTime() + 5);
  });
});

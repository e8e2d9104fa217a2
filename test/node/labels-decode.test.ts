// Spec of the byte-level decoding of a preview: base64, inflate, binary frames, dtype → label ids.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { deflateSync, gzipSync } from 'node:zlib';
import { decodeBase64, decodeBase64Portable } from '../../src/labels/base64.ts';
import { ScratchMemory } from '../../src/labels/scratch-memory.ts';
import { splitBinaryFrame } from '../../src/labels/binary-frame.ts';
import { LabelDecodeError } from '../../src/labels/decode-error.ts';
import { labelIdsOf, roundHalfToEven, toLabelIds } from '../../src/labels/dtype.ts';
import { inflate, InflateLimitError } from '../../src/labels/inflate.ts';
import type { Shape3 } from '../../src/labels/label-volume.ts';
import { randomBytes } from '../fixtures/random-bytes.ts';

function isDecodeError(rule: LabelDecodeError['rule'], pattern?: RegExp) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof LabelDecodeError, `expected a LabelDecodeError, got ${String(error)}`);
    assert.equal(error.rule, rule);
    if (pattern) assert.match(error.message, pattern);
    return true;
  };
}

describe('decodeBase64', () => {
  it('decodes padded and unpadded-length groups', () => {
    assert.deepEqual([...decodeBase64('TWFu')], [77, 97, 110]);
    assert.deepEqual([...decodeBase64('TWE=')], [77, 97]);
    assert.deepEqual([...decodeBase64('TQ==')], [77]);
    assert.equal(decodeBase64('').length, 0);
  });

  it('the fallback decoder equals Buffer.from(s, "base64") on random data of every tail length', () => {
    for (let length = 0; length < 200; length++) {
      const text = Buffer.from(randomBytes(length, length + 1)).toString('base64');
      assert.deepEqual(decodeBase64Portable(text), new Uint8Array(Buffer.from(text, 'base64')), `length ${length}`);
    }
    const big = Buffer.from(randomBytes(1 << 20, 42)).toString('base64');
    assert.ok(Buffer.from(decodeBase64Portable(big)).equals(Buffer.from(big, 'base64')));
  });

  it('ignores ASCII whitespace, as Uint8Array.fromBase64 does', () => {
    assert.deepEqual([...decodeBase64Portable('TW Fu\nTQ\r\n==')], [77, 97, 110, 77]);
  });

  it('rejects a character outside the alphabet and says where it is', () => {
    assert.throws(() => decodeBase64Portable('TWFuTW*u'), isDecodeError('payload', /"\*" at offset 6/));
    assert.throws(() => decodeBase64Portable('TWFu-_Fu'), isDecodeError('payload', /"-" at offset 4/)); // base64url is not accepted
    assert.throws(() => decodeBase64Portable('TWFuTWĀu'), isDecodeError('payload', /offset 6/));
  });

  it('rejects truncated text (length not a multiple of 4)', () => {
    const text = Buffer.from(randomBytes(30, 7)).toString('base64');
    assert.throws(() => decodeBase64Portable(text.slice(0, -1)), isDecodeError('payload', /not a multiple of 4/));
    assert.throws(() => decodeBase64Portable('TWE'), isDecodeError('payload'));
  });

  it('rejects padding in the middle, excess padding and non-zero padding bits', () => {
    assert.throws(() => decodeBase64Portable('TQ==TWFu'), isDecodeError('payload'));
    assert.throws(() => decodeBase64Portable('T==='), isDecodeError('payload'));
    assert.throws(() => decodeBase64Portable('===='), isDecodeError('payload'));
    assert.throws(() => decodeBase64Portable('TR=='), isDecodeError('payload', /padding bits/)); // 'R' leaves bits set
    assert.throws(() => decodeBase64Portable('TWF='), isDecodeError('payload', /padding bits/));
  });

  it('uses the native Uint8Array.fromBase64 when the platform has one, and wraps its errors', () => {
    const host = Uint8Array as unknown as { fromBase64?: unknown };
    const had = Object.hasOwn(Uint8Array, 'fromBase64');
    const original = host.fromBase64;
    const calls: unknown[][] = [];
    host.fromBase64 = (...args: unknown[]) => {
      calls.push(args);
      if (args[0] === 'bad*') throw new SyntaxError('invalid');
      return new Uint8Array([1, 2, 3]);
    };
    try {
      assert.deepEqual([...decodeBase64('AQID')], [1, 2, 3]);
      assert.deepEqual(calls[0], ['AQID', { lastChunkHandling: 'strict' }]);
      assert.throws(() => decodeBase64('bad*'), isDecodeError('payload', /"\*" at offset 3/));
    } finally {
      if (had) host.fromBase64 = original;
      else delete host.fromBase64;
    }
  });
});

/** What a decode did: its bytes, or its error's rule and sentence. */
function decodeOutcome(decode: () => Uint8Array): { bytes: number[] } | { error: string } {
  try {
    return { bytes: [...decode()] };
  } catch (error) {
    return { error: error instanceof LabelDecodeError ? `${error.rule}: ${error.message}` : String(error) };
  }
}

/** Valid texts of every tail length and size, and texts broken every way the decoder checks. */
function base64Cases(): string[] {
  const valid = [0, 1, 2, 3, 4, 5, 30, 299, 1000, 20_000, 7].map((length) => Buffer.from(randomBytes(length, length + 3)).toString('base64'));
  const broken = ['TW Fu\nTQ\r\n==', ' TWFu', 'TWFu\t', 'TWFuTW*u', 'TWFu-_Fu', 'TWFuTWĀu', 'TWE', 'TQ==TWFu', 'T===', '====', 'TR==', 'TWF=', 'TWFu=', '=TWF'];
  const rand = randomBytes(400, 99);
  const mutated = Array.from({ length: 40 }, (_, i) => {
    const text = valid[8]!;
    const at = (rand[i]! * 4) % text.length;
    return text.slice(0, at) + ' *=\n-ĀQ'[rand[i + 40]! % 8] + text.slice(at + (rand[i + 80]! % 2));
  });
  return [...valid, ...broken, ...mutated];
}

describe('decodeBase64 into a scratch buffer', () => {
  it('gives the bytes and errors of a fresh decode, over one scratch reused at growing and shrinking sizes', () => {
    const scratch = new ScratchMemory();
    for (const text of base64Cases()) {
      const fresh = decodeOutcome(() => decodeBase64Portable(text));
      assert.deepEqual(decodeOutcome(() => decodeBase64(text, scratch)), fresh, JSON.stringify(text.slice(0, 40)));
    }
  });

  it('writes into the scratch instead of new memory, growing it only when a payload is bigger', () => {
    const scratch = new ScratchMemory();
    const big = decodeBase64(Buffer.from(randomBytes(3000, 1)).toString('base64'), scratch);
    const kept = scratch.buffer('payload', 0);
    assert.equal(big.buffer, kept);
    const small = decodeBase64(Buffer.from(randomBytes(300, 2)).toString('base64'), scratch);
    assert.equal(small.buffer, kept, 'a smaller payload reuses the buffer');
    assert.deepEqual(small, new Uint8Array(randomBytes(300, 2)));
    decodeBase64(Buffer.from(randomBytes(4000, 3)).toString('base64'), scratch);
    assert.ok(scratch.buffer('payload', 0).byteLength >= 4000, 'grown for a bigger one');
  });

  it("uses the platform's setFromBase64 with a scratch, and never returns a partial decode", () => {
    const proto = Uint8Array.prototype as unknown as { setFromBase64?: unknown };
    const host = Uint8Array as unknown as { fromBase64?: unknown };
    const had = [Object.hasOwn(Uint8Array.prototype, 'setFromBase64'), Object.hasOwn(Uint8Array, 'fromBase64')];
    const originals = [proto.setFromBase64, host.fromBase64];
    let stopShort = false;
    proto.setFromBase64 = function (this: Uint8Array, text: string) {
      const bytes = decodeBase64Portable(text);
      const written = stopShort ? bytes.length - 1 : bytes.length;
      this.set(bytes.subarray(0, written));
      return { read: stopShort ? text.length - 4 : text.length, written };
    };
    host.fromBase64 = (text: string) => decodeBase64Portable(text);
    try {
      const scratch = new ScratchMemory();
      const text = Buffer.from(randomBytes(601, 5)).toString('base64');
      const bytes = decodeBase64(text, scratch);
      assert.deepEqual(bytes, new Uint8Array(randomBytes(601, 5)));
      assert.equal(bytes.buffer, scratch.buffer('payload', 0), 'decoded into the scratch');
      stopShort = true;
      assert.deepEqual(decodeBase64(text, scratch), new Uint8Array(randomBytes(601, 5)), 'a short read falls back to a whole decode');
    } finally {
      if (had[0]) proto.setFromBase64 = originals[0];
      else delete proto.setFromBase64;
      if (had[1]) host.fromBase64 = originals[1];
      else delete host.fromBase64;
    }
  });
});

describe('inflate', () => {
  const raw = randomBytes(50_000, 3).map((v) => v & 7); // compressible

  it('inflates gzip made by node:zlib', async () => {
    assert.deepEqual(await inflate(gzipSync(raw), 'gzip'), raw);
  });

  it("inflates 'deflate' = the zlib format (zlib.compress / deflateSync)", async () => {
    assert.deepEqual(await inflate(deflateSync(raw), 'deflate'), raw);
  });

  it('returns a tight buffer of its own, safe to transfer', async () => {
    const out = await inflate(gzipSync(raw), 'gzip');
    assert.equal(out.byteOffset, 0);
    assert.equal(out.buffer.byteLength, raw.length);
  });

  it('rejects corrupt, truncated or mislabelled input with rule "compression"', async () => {
    const gz = gzipSync(raw);
    await assert.rejects(inflate(new Uint8Array([1, 2, 3, 4, 5]), 'gzip'), isDecodeError('compression', /not valid gzip/));
    await assert.rejects(inflate(gz.subarray(0, gz.length - 12), 'gzip'), isDecodeError('compression'));
    await assert.rejects(inflate(gz, 'deflate'), isDecodeError('compression', /not valid deflate/));
    await assert.rejects(inflate(deflateSync(raw), 'gzip'), isDecodeError('compression'));
  });

  it('stops a decompression bomb at maxBytes', async () => {
    const bomb = gzipSync(new Uint8Array(64 * 1024 * 1024)); // ~64 KB that would inflate to 64 MB
    await assert.rejects(inflate(bomb, 'gzip', 1_000_000), (error: unknown) => {
      assert.ok(error instanceof InflateLimitError);
      assert.equal(error.rule, 'compression');
      assert.equal(error.limit, 1_000_000);
      assert.match(error.message, /more than 1000000 bytes/);
      return true;
    });
  });

  it('accepts output of exactly maxBytes', async () => {
    assert.equal((await inflate(gzipSync(raw), 'gzip', raw.length)).length, raw.length);
  });
});

describe('splitBinaryFrame', () => {
  function frame(header: string, body: Uint8Array, declared?: number): ArrayBuffer {
    const json = new TextEncoder().encode(header);
    const out = new Uint8Array(4 + json.length + body.length);
    new DataView(out.buffer).setUint32(0, declared ?? json.length, true);
    out.set(json, 4);
    out.set(body, 4 + json.length);
    return out.buffer;
  }

  it('splits header text (UTF-8) from the body, without copying the body', () => {
    const buffer = frame('{"type":"preview","job_id":"é"}', new Uint8Array([9, 8, 7]));
    const { headerText, body } = splitBinaryFrame(buffer);
    assert.equal(headerText, '{"type":"preview","job_id":"é"}');
    assert.deepEqual([...body], [9, 8, 7]);
    assert.equal(body.buffer, buffer);
  });

  it('accepts a view (a Node Buffer at an offset) as well as an ArrayBuffer', () => {
    const inner = new Uint8Array(frame('{}', new Uint8Array([5])));
    const padded = new Uint8Array(inner.length + 3);
    padded.set(inner, 3);
    const { headerText, body } = splitBinaryFrame(padded.subarray(3));
    assert.equal(headerText, '{}');
    assert.deepEqual([...body], [5]);
  });

  it('rejects a header length larger than the frame', () => {
    assert.throws(() => splitBinaryFrame(frame('{}', new Uint8Array(3), 6)), isDecodeError('payload', /6-byte header but only 5 bytes/));
  });

  it('rejects a frame shorter than its length field, and a header that is not UTF-8', () => {
    assert.throws(() => splitBinaryFrame(new ArrayBuffer(3)), isDecodeError('payload'));
    const bad = new Uint8Array(frame('ab', new Uint8Array(0)));
    bad[4] = 0xff;
    assert.throws(() => splitBinaryFrame(bad.buffer), isDecodeError('payload', /UTF-8/));
  });
});

describe('toLabelIds', () => {
  const shape: Shape3 = [3, 4, 5]; // non-cubic: z=3, y=4, x=5 → 60 voxels, x fastest
  const at = (z: number, y: number, x: number) => (z * 4 + y) * 5 + x;
  const probes = [at(0, 0, 1), at(1, 2, 3), at(2, 3, 4), at(2, 0, 0)];

  /** Little-endian bytes with `set(view, byteOffset, value)` called per voxel. */
  function encode(itemSize: number, value: (i: number) => number | bigint, set: (v: DataView, o: number, x: never) => void, offset = 0): Uint8Array {
    const buffer = new ArrayBuffer(offset + 60 * itemSize);
    const view = new DataView(buffer, offset);
    for (let i = 0; i < 60; i++) set(view, i * itemSize, value(i) as never);
    return new Uint8Array(buffer, offset);
  }

  const intCases = [
    { dtype: 'uint8', size: 1, value: (i: number) => (i * 37) % 256, set: (v: DataView, o: number, x: number) => v.setUint8(o, x), kind: Uint8Array },
    { dtype: 'int8', size: 1, value: (i: number) => (i % 2 ? -i : i), set: (v: DataView, o: number, x: number) => v.setInt8(o, x), kind: Int8Array },
    { dtype: 'uint16', size: 2, value: (i: number) => 1000 * i + 7, set: (v: DataView, o: number, x: number) => v.setUint16(o, x, true), kind: Uint16Array },
    { dtype: 'int16', size: 2, value: (i: number) => -300 * i, set: (v: DataView, o: number, x: number) => v.setInt16(o, x, true), kind: Int16Array },
    { dtype: 'uint32', size: 4, value: (i: number) => 4_000_000_000 + i, set: (v: DataView, o: number, x: number) => v.setUint32(o, x, true), kind: Uint32Array },
    { dtype: 'int32', size: 4, value: (i: number) => -2_000_000_000 + i, set: (v: DataView, o: number, x: number) => v.setInt32(o, x, true), kind: Int32Array },
  ] as const;

  for (const c of intCases) {
    it(`${c.dtype}: reads the value of voxel (z, y, x) at index (z·4 + y)·5 + x, as a zero-copy view`, () => {
      const bytes = encode(c.size, c.value, c.set as never);
      const ids = toLabelIds(bytes, c.dtype, shape);
      assert.ok(ids instanceof c.kind);
      assert.equal(ids.length, 60);
      for (const i of probes) assert.equal(ids[i], c.value(i), `voxel ${i}`);
      assert.equal(ids.buffer, bytes.buffer, 'a view, not a copy');
    });
  }

  it('copies when the byte offset is not aligned to the item size, values unchanged', () => {
    const bytes = encode(2, (i) => 1000 * i + 7, (v, o, x: number) => v.setUint16(o, x, true), 1);
    const ids = toLabelIds(bytes, 'uint16', shape);
    assert.notEqual(ids.buffer, bytes.buffer);
    for (const i of probes) assert.equal(ids[i], 1000 * i + 7);
  });

  it('bool: 0 → 0, any non-zero byte → 1', () => {
    const bytes = encode(1, (i) => (i % 3 === 0 ? 0 : i % 3 === 1 ? 1 : 255), (v, o, x: number) => v.setUint8(o, x));
    const ids = toLabelIds(bytes, 'bool', shape);
    assert.ok(ids instanceof Uint8Array);
    for (let i = 0; i < 60; i++) assert.equal(ids[i], i % 3 === 0 ? 0 : 1);
  });

  it('float32: ids rounded half to even like NumPy (2.5 → 2, 3.5 → 4, -1.5 → -2), NaN → background 0, and says so', () => {
    const values = [0, 1, 0.4, 0.6, 2.5, -1.5, 7.49, Number.NaN, -0, 3.5, 0.5];
    const bytes = encode(4, (i) => values[i % values.length]!, (v, o, x: number) => v.setFloat32(o, x, true));
    const { ids, rounded } = labelIdsOf(bytes, 'float32', shape);
    const expected = [0, 1, 0, 1, 2, -2, 7, 0, 0, 4, 0];
    for (let i = 0; i < 60; i++) assert.equal(ids[i], expected[i % expected.length], `voxel ${i}`);
    assert.ok(ids instanceof Int32Array, 'narrowest integer array holding -2..7');
    assert.equal(rounded, true, 'a probability map is reported as rounded');
  });

  it('float32: a 0.0/1.0 mask (what CryoMamba sends) is not reported as rounded', () => {
    const bytes = encode(4, (i) => (i % 5 === 0 ? 1 : 0), (v, o, x: number) => v.setFloat32(o, x, true));
    assert.equal(labelIdsOf(bytes, 'float32', shape).rounded, false);
    assert.equal(labelIdsOf(bytes, 'float32', shape).ids[5], 1);
  });

  it('roundHalfToEven matches NumPy rint on halves and non-halves', () => {
    const cases: Array<[number, number]> = [[0.5, 0], [1.5, 2], [2.5, 2], [-0.5, -0], [-2.5, -2], [-3.5, -4], [2.4999, 2], [2.5001, 3], [7, 7]];
    for (const [value, want] of cases) assert.equal(roundHalfToEven(value), want, String(value));
  });

  it('float32 0/1 masks come back as a Uint8Array (fast downstream)', () => {
    const bytes = encode(4, (i) => i % 2, (v, o, x: number) => v.setFloat32(o, x, true));
    const ids = toLabelIds(bytes, 'float32', shape);
    assert.ok(ids instanceof Uint8Array);
    assert.equal(ids[at(1, 2, 3)], at(1, 2, 3) % 2);
  });

  it('float64: exact large integer ids', () => {
    const bytes = encode(8, (i) => 2 ** 40 + i, (v, o, x: number) => v.setFloat64(o, x, true));
    const ids = toLabelIds(bytes, 'float64', shape);
    for (const i of probes) assert.equal(ids[i], 2 ** 40 + i);
  });

  it('floats: ±Infinity is an error, not an id', () => {
    const bytes = encode(4, (i) => (i === 33 ? Number.NEGATIVE_INFINITY : 1), (v, o, x: number) => v.setFloat32(o, x, true));
    assert.throws(() => toLabelIds(bytes, 'float32', shape), isDecodeError('labels', /-Infinity at voxel 33/));
  });

  it('uint64 / int64: exact ids up to 2^53', () => {
    const u = encode(8, (i) => (i === 59 ? 2n ** 53n : BigInt(i)), (v, o, x: bigint) => v.setBigUint64(o, x, true));
    const uids = toLabelIds(u, 'uint64', shape);
    assert.equal(uids[59], 2 ** 53);
    assert.equal(uids[at(1, 2, 3)], 33);
    const s = encode(8, (i) => (i === 1 ? -(2n ** 53n) : i === 33 ? -5n : BigInt(i) * 2n ** 32n), (v, o, x: bigint) => v.setBigInt64(o, x, true));
    const sids = toLabelIds(s, 'int64', shape);
    assert.equal(sids[1], -(2 ** 53));
    assert.equal(sids[33], -5);
    assert.equal(sids[59], 59 * 2 ** 32);
  });

  it('uint64 / int64 of small ids are narrowed to a small integer array', () => {
    const u = encode(8, (i) => BigInt(i % 4), (v, o, x: bigint) => v.setBigUint64(o, x, true));
    const ids = toLabelIds(u, 'uint64', shape);
    assert.ok(ids instanceof Uint8Array);
    assert.equal(ids[at(1, 2, 3)], 1);
  });

  it('uint64 / int64 ids beyond 2^53 are rejected with the exact id, never truncated', () => {
    const u = encode(8, (i) => (i === 33 ? 2n ** 53n + 1n : 1n), (v, o, x: bigint) => v.setBigUint64(o, x, true));
    assert.throws(() => toLabelIds(u, 'uint64', shape), isDecodeError('labels', /label id 9007199254740993 at voxel 33 exceeds 2\^53/));
    const big = encode(8, (i) => (i === 2 ? 2n ** 64n - 1n : 1n), (v, o, x: bigint) => v.setBigUint64(o, x, true));
    assert.throws(() => toLabelIds(big, 'uint64', shape), isDecodeError('labels', /18446744073709551615/));
    const s = encode(8, (i) => (i === 4 ? -(2n ** 53n) - 1n : 1n), (v, o, x: bigint) => v.setBigInt64(o, x, true));
    assert.throws(() => toLabelIds(s, 'int64', shape), isDecodeError('labels', /-9007199254740993/));
  });

  it('a byte length that is not prod(shape) × itemsize is an error that says both numbers', () => {
    assert.throws(
      () => toLabelIds(new Uint8Array(1000), 'uint16', [40, 64, 96]),
      isDecodeError('length', /^Preview payload has 1000 bytes but shape \[40,64,96\] × uint16 needs 491520\.$/),
    );
    assert.throws(() => toLabelIds(new Uint8Array(61), 'uint8', shape), isDecodeError('length'));
  });
});

// An unknown dtype never reaches toLabelIds: it takes a Dtype, and the protocol's schema (built from
// DTYPES) rejects any other name first (protocol-preview.test.ts). `npm run typecheck` holds this line.
// @ts-expect-error 'complex64' is not a Dtype
const unknownDtype: Parameters<typeof toLabelIds>[1] = 'complex64';
void unknownDtype;

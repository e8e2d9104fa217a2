// The mock stream's pure parts: the synthetic segmentation, its probe voxels, the dtype bytes, the
// binary frame layout and the option parser. No sockets here.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync, inflateSync } from 'node:zlib';
import { patternLabels } from '../../demo/mock-stream/pattern-volume.js';
import { labelProbes, seedFromJobId, syntheticLabels } from '../../demo/mock-stream/synthetic-volume.js';
import { syntheticTomogram } from '../../demo/mock-stream/synthetic-tomogram.js';
import type { Shape3 } from '../../demo/mock-stream/synthetic-volume.js';
import { binaryPreviewFrame, compressBytes, DTYPES, labelBytes } from '../../demo/mock-stream/preview-encoding.js';
import type { Dtype } from '../../demo/mock-stream/preview-encoding.js';
import { DEFAULT_JOB_OPTIONS, parseJobOptions } from '../../demo/mock-stream/job-options.js';

const at = (ids: Uint32Array, [Z, Y, X]: Shape3, [z, y, x]: Shape3) => {
  assert.ok(z < Z && y < Y && x < X);
  return ids[(z * Y + y) * X + x];
};

function labelCounts(ids: Uint32Array) {
  const counts = new Map<number, number>();
  for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
}

describe('syntheticLabels', () => {
  const shape: Shape3 = [40, 64, 96];

  it('is a pure function of its inputs', () => {
    const a = syntheticLabels({ shape, labels: 4, step: 3, steps: 10, seed: 7 });
    const b = syntheticLabels({ shape, labels: 4, step: 3, steps: 10, seed: 7 });
    assert.deepEqual(a, b);
    assert.equal(a.length, 40 * 64 * 96);
  });

  it('draws a different scene per seed, but keeps label 1 where the probe says', () => {
    const a = syntheticLabels({ shape, step: 9, steps: 10, seed: seedFromJobId('job-a') });
    const b = syntheticLabels({ shape, step: 9, steps: 10, seed: seedFromJobId('job-b') });
    assert.notDeepEqual(a, b);
    assert.equal(at(a, shape, labelProbes(shape).label1), 1);
    assert.equal(at(b, shape, labelProbes(shape).label1), 1);
  });

  it('documents the probe voxels of the default shape', () => {
    assert.deepEqual(labelProbes(shape), { background: [0, 0, 0], label1: [20, 19, 24] });
  });

  for (const probeShape of [[2, 2, 2], [3, 5, 7], [40, 64, 96], [64, 32, 16], [33, 33, 33]] as Shape3[]) {
    it(`holds 0 at the background probe and 1 at the label-1 probe in every step of ${probeShape}`, () => {
      const { background, label1 } = labelProbes(probeShape);
      for (let step = 0; step < 6; step++) {
        const ids = syntheticLabels({ shape: probeShape, labels: 9, step, steps: 6, seed: step * 977 });
        assert.equal(at(ids, probeShape, background), 0);
        assert.equal(at(ids, probeShape, label1), 1);
      }
    });
  }

  it('never draws in the x = 0 plane', () => {
    const ids = syntheticLabels({ shape, labels: 20, step: 9, steps: 10, seed: 3 });
    for (let z = 0; z < 40; z++) for (let y = 0; y < 64; y++) assert.equal(at(ids, shape, [z, y, 0]), 0);
  });

  it('grows: every object keeps or gains voxels from one step to the next, and the total grows', () => {
    let previous = new Map<number, number>();
    let previousTotal = 0;
    for (let step = 0; step < 5; step++) {
      const counts = labelCounts(syntheticLabels({ shape, labels: 4, step, steps: 5, seed: 11 }));
      for (const label of [1, 2, 3, 4]) assert.ok((counts.get(label) ?? 0) >= (previous.get(label) ?? 0), `label ${label} at step ${step}`);
      const total = ids4Total(counts);
      assert.ok(total > previousTotal, `total at step ${step}`);
      [previous, previousTotal] = [counts, total];
    }
  });

  it('uses exactly the ids 0..labels', () => {
    for (const labels of [1, 3, 4, 12]) {
      const ids = new Set(syntheticLabels({ shape, labels, step: 9, steps: 10, seed: 5 }));
      assert.deepEqual([...ids].sort((a, b) => a - b), Array.from({ length: labels + 1 }, (_, i) => i));
    }
  });

  it('lays the objects out along the named axes ([z, y, x], x fastest)', () => {
    const ids = syntheticLabels({ shape, labels: 4, step: 9, steps: 10, seed: 1 });
    const extent = (label: number) => {
      const min = [Infinity, Infinity, Infinity];
      const max = [-1, -1, -1];
      const sum = [0, 0, 0];
      let n = 0;
      ids.forEach((id, i) => {
        if (id !== label) return;
        const p = [Math.floor(i / (64 * 96)), Math.floor(i / 96) % 64, i % 96];
        p.forEach((v, axis) => { min[axis] = Math.min(min[axis]!, v); max[axis] = Math.max(max[axis]!, v); sum[axis]! += v; });
        n++;
      });
      return { size: max.map((v, axis) => v - min[axis]! + 1), mean: sum.map((v) => v / n) };
    };
    // The membrane is a sheet near the top of z, spreading over x and y.
    const membrane = extent(2);
    assert.ok(membrane.mean[0]! > 0.65 * 40, `membrane mean z ${membrane.mean[0]}`);
    assert.ok(membrane.size[2]! > 0.8 * 96 && membrane.size[1]! > 0.7 * 64);
    // The filament runs along x.
    const filament = extent(4);
    assert.ok(filament.size[2]! > 0.7 * 96 && filament.size[2]! > 3 * filament.size[0]!);
  });
});

function ids4Total(counts: Map<number, number>) {
  return [1, 2, 3, 4].reduce((sum, label) => sum + (counts.get(label) ?? 0), 0);
}

describe('labelBytes', () => {
  const ids = Uint32Array.from([0, 1, 2, 3, 4, 255, 0, 1]);
  const read: Record<Dtype, (b: Buffer, i: number) => number> = {
    bool: (b, i) => b.readUInt8(i),
    uint8: (b, i) => b.readUInt8(i),
    int8: (b, i) => b.readInt8(i),
    uint16: (b, i) => b.readUInt16LE(i * 2),
    int16: (b, i) => b.readInt16LE(i * 2),
    uint32: (b, i) => b.readUInt32LE(i * 4),
    int32: (b, i) => b.readInt32LE(i * 4),
    uint64: (b, i) => Number(b.readBigUInt64LE(i * 8)),
    int64: (b, i) => Number(b.readBigInt64LE(i * 8)),
    float32: (b, i) => b.readFloatLE(i * 4),
    float64: (b, i) => b.readDoubleLE(i * 8),
  };
  for (const dtype of Object.keys(DTYPES) as Dtype[]) {
    it(`writes ${dtype} little-endian with itemsize ${DTYPES[dtype].itemsize}`, () => {
      const source = dtype === 'int8' ? ids.map((id) => Math.min(id, 127)) : ids;
      const bytes = labelBytes(source, dtype);
      assert.equal(bytes.length, source.length * DTYPES[dtype].itemsize);
      const values = Array.from(source, (_, i) => read[dtype](bytes, i));
      assert.deepEqual(values, Array.from(source, (id) => (dtype === 'bool' ? Number(id > 0) : id)));
    });
  }
});

describe('compressBytes and binaryPreviewFrame', () => {
  const raw = Buffer.from(labelBytes(syntheticLabels({ shape: [8, 8, 8], step: 0, steps: 1 }), 'uint8'));

  it('compresses to gzip and zlib-wrapped deflate streams', () => {
    assert.deepEqual(gunzipSync(compressBytes(raw, 'gzip')), raw);
    assert.deepEqual(inflateSync(compressBytes(raw, 'deflate')), raw);
    assert.equal(compressBytes(raw, 'none'), raw);
  });

  it('frames a binary preview as LE header length, JSON header, raw bytes', () => {
    const header = JSON.stringify({ type: 'preview', data: { shape: [8, 8, 8] } });
    const frame = binaryPreviewFrame(header, raw);
    const length = frame.readUInt32LE(0);
    assert.equal(length, Buffer.byteLength(header));
    assert.equal(frame.subarray(4, 4 + length).toString(), header);
    assert.deepEqual(frame.subarray(4 + length), raw);
  });
});

describe('parseJobOptions', () => {
  it('parses query-string values over the defaults', () => {
    const options = parseJobOptions({ hz: '2.5', shape: '8,16,32', dtype: 'int16', previews: '3', original: '2', token: 'x', _cache: '1' });
    assert.equal(options.hz, 2.5);
    assert.deepEqual(options.shape, [8, 16, 32]);
    assert.deepEqual(options.original, [16, 32, 64]);
    assert.equal(options.dtype, 'int16');
    assert.equal(options.labels, DEFAULT_JOB_OPTIONS.labels);
  });

  it('rejects unknown options, bad values and labels that do not fit the dtype', () => {
    assert.throws(() => parseJobOptions({ hZ: '2' }), /unknown option "hZ"/);
    assert.throws(() => parseJobOptions({ shape: 'abc' }), /shape/);
    assert.throws(() => parseJobOptions({ dtype: 'complex64' }), /dtype/);
    assert.throws(() => parseJobOptions({ fault: 'explode' }), /fault/);
    assert.throws(() => parseJobOptions({ dtype: 'int8', labels: 200 }), /do not fit/);
  });
});

describe('syntheticTomogram', () => {
  it('is the fully grown segmentation of its seed as dark, noisy objects on a lighter background', () => {
    const shape: Shape3 = [20, 32, 48];
    const tomogram = syntheticTomogram({ shape, labels: 4, seed: 3 });
    assert.deepEqual(tomogram, syntheticTomogram({ shape, labels: 4, seed: 3 }), 'a pure function');
    assert.equal(tomogram.length, 20 * 32 * 48);
    const ids = syntheticLabels({ shape, labels: 4, step: 0, steps: 1, seed: 3 });
    const mean = (inside: boolean) => {
      let [sum, n] = [0, 0];
      ids.forEach((id, i) => (id !== 0) === inside && ((sum += tomogram[i]!), (n += 1)));
      return sum / n;
    };
    assert.ok(mean(false) - mean(true) > 50, `objects ${mean(true)} darker than background ${mean(false)}`);
    assert.ok(new Set(tomogram).size > 60, 'noisy, not two flat tones');
    assert.notDeepEqual(tomogram, syntheticTomogram({ shape, labels: 4, seed: 4 }), 'another seed, another scene');
  });
});

describe('patternLabels (worst cases for the 3D surface)', () => {
  const shape: [number, number, number] = [8, 12, 16];
  it('noise: ids 0..labels, a new draw each preview', () => {
    const a = patternLabels({ pattern: 'noise', shape, labels: 1, step: 0, steps: 10, seed: 1 });
    const b = patternLabels({ pattern: 'noise', shape, labels: 1, step: 1, steps: 10, seed: 1 });
    const ones = a.reduce((n, v) => n + v, 0);
    assert.ok(a.every((v) => v <= 1));
    assert.ok(ones > a.length * 0.4 && ones < a.length * 0.6, `about half are 1: ${ones}/${a.length}`);
    assert.notDeepEqual(a, b);
  });
  it('checkerboard: neighbours differ, and every voxel flips between previews', () => {
    const a = patternLabels({ pattern: 'checkerboard', shape, labels: 1, step: 0, steps: 10, seed: 1 });
    const b = patternLabels({ pattern: 'checkerboard', shape, labels: 1, step: 1, steps: 10, seed: 1 });
    assert.equal(a[0], 0);
    assert.equal(a[1], 1);
    assert.equal(a[16], 1);
    assert.ok(a.every((v, i) => v + b[i]! === 1));
  });
  it('scattered: ids 1..labels on single voxels, moved each preview', () => {
    const big: [number, number, number] = [32, 48, 64];
    const a = patternLabels({ pattern: 'scattered', shape: big, labels: 3000, step: 0, steps: 10, seed: 1 });
    const b = patternLabels({ pattern: 'scattered', shape: big, labels: 3000, step: 1, steps: 10, seed: 1 });
    const ids = new Set(a.filter((v) => v !== 0));
    assert.ok(ids.size > 2900, `nearly every id kept its own voxel: ${ids.size}`);
    assert.ok(Math.max(...ids) <= 3000);
    assert.notDeepEqual(a, b);
  });
  it('corner: the first preview\'s objects, fixed, and a cube of id 1 at (1, 1, 1) one voxel wider each preview', () => {
    const big: [number, number, number] = [32, 32, 32];
    const at = (x: number, y: number, z: number) => (z * 32 + y) * 32 + x;
    const objects = syntheticLabels({ shape: big, labels: 4, step: 0, steps: 10, seed: 3 });
    const [a, b] = [0, 1].map((step) => patternLabels({ pattern: 'corner', shape: big, labels: 4, step, steps: 10, seed: 3 }));
    assert.equal(a![at(2, 2, 2)], 1);
    assert.equal(a![at(3, 3, 3)], objects[at(3, 3, 3)], 'the cube is 2 voxels wide at step 0');
    assert.equal(b![at(3, 3, 3)], 1);
    const differing = [...a!.keys()].filter((i) => a![i] !== b![i]);
    assert.ok(differing.length > 0 && differing.every((i) => i % 32 < 4 && Math.floor(i / 32) % 32 < 4 && Math.floor(i / 1024) < 4), 'only voxels of the corner change');
    assert.ok([...b!.keys()].every((i) => b![i] === objects[i] || b![i] === 1), 'elsewhere, the objects');
  });
  it('objects is the synthetic segmentation', () => {
    assert.deepEqual(
      patternLabels({ pattern: 'objects', shape, labels: 4, step: 2, steps: 10, seed: 5 }),
      syntheticLabels({ shape, labels: 4, step: 2, steps: 10, seed: 5 }),
    );
  });
});

// Spec of the voxel-level steps: max-downsampling to a budget, the job's dense label index, changed region.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { changedRegion, emptyVoxelBox, isEmptyVoxelBox } from '../../src/labels/changed-region.ts';
import { LabelDecodeError } from '../../src/labels/decode-error.ts';
import { createLabelIndex, densify } from '../../src/labels/dense-labels.ts';
import { downsampleFactor, downsampleLabels, downsampledShape, maxPoolBlocks, poolLabels } from '../../src/labels/downsample.ts';
import type { LabelIds } from '../../src/labels/dtype.ts';
import type { Shape3 } from '../../src/labels/label-volume.ts';
import { ScratchMemory } from '../../src/labels/scratch-memory.ts';
import { unaligned } from '../fixtures/unaligned.ts';
import { mulberry32 as random } from '../fixtures/random-bytes.ts';
import { syntheticLabels } from '../../demo/mock-stream/synthetic-volume.js';

describe('downsampleLabels', () => {
  it('picks the smallest integer factor whose ceil-shape fits the budget', () => {
    assert.equal(downsampleFactor([3, 4, 5], 60), 1);
    assert.equal(downsampleFactor([3, 4, 5], 59), 2); // [2,2,3] = 12
    assert.equal(downsampleFactor([256, 256, 256], 128 ** 3), 2);
    assert.equal(downsampleFactor([256, 256, 256], 128 ** 3 - 1), 3); // [86,86,86]
    assert.equal(downsampleFactor([100, 1, 1], 10), 10);
    assert.equal(downsampleFactor([100, 1, 1], 9), 12); // ceil(100/11) = 10 > 9
    assert.equal(downsampleFactor([7, 7, 7], 1), 7);
  });

  it('with factor 1 returns the very same array (no copy)', () => {
    const ids = new Uint16Array(60);
    const out = downsampleLabels(ids, [3, 4, 5], 1000);
    assert.equal(out.ids, ids);
    assert.equal(out.factor, 1);
    assert.deepEqual(out.shape, [3, 4, 5]);
  });

  it('keeps the largest label of each block, with partial blocks at the edges', () => {
    // [z=3, y=4, x=5], f = 2 → [2, 2, 3]; a single label 9 at (z=2, y=3, x=4) lands in the last corner block.
    const ids = new Uint8Array(60);
    ids[(2 * 4 + 3) * 5 + 4] = 9;
    ids[(0 * 4 + 1) * 5 + 1] = 4; // block (0,0,0)
    ids[(1 * 4 + 0) * 5 + 0] = 3; // block (0,0,0) too: max is 4
    const out = downsampleLabels(ids, [3, 4, 5], 12);
    assert.equal(out.factor, 2);
    assert.deepEqual(out.shape, [2, 2, 3]);
    const expected = new Uint8Array(12);
    expected[0] = 4;
    expected[(1 * 2 + 1) * 3 + 2] = 9;
    assert.deepEqual(out.ids, expected);
  });

  it('property: every output voxel is the max of its input block, a value present there (random volumes, every kind)', () => {
    const next = random(11);
    const kinds = [Uint8Array, Int8Array, Uint16Array, Int16Array, Uint32Array, Int32Array, Float64Array] as const;
    for (let trial = 0; trial < 60; trial++) {
      const shape: Shape3 = [1 + Math.floor(next() * 9), 1 + Math.floor(next() * 9), 1 + Math.floor(next() * 9)];
      const [nz, ny, nx] = shape;
      const kind = kinds[trial % kinds.length]!;
      const ids: LabelIds = new kind(nz * ny * nx);
      const sparse = next() < 0.5;
      for (let i = 0; i < ids.length; i++) {
        ids[i] = sparse && next() < 0.9 ? 0 : Math.floor(next() * 100) - (kind === Int8Array || kind === Int16Array || kind === Int32Array ? 50 : 0);
      }
      const maxVoxels = 1 + Math.floor(next() * ids.length);
      const { ids: out, shape: [mz, my, mx], factor: f } = downsampleLabels(ids, shape, maxVoxels);
      assert.ok(mz * my * mx <= maxVoxels);
      assert.ok(out instanceof kind, 'same id kind as the input');
      for (let oz = 0; oz < mz; oz++) for (let oy = 0; oy < my; oy++) for (let ox = 0; ox < mx; ox++) {
        const block: number[] = [];
        for (let z = oz * f; z < Math.min(nz, oz * f + f); z++) for (let y = oy * f; y < Math.min(ny, oy * f + f); y++) for (let x = ox * f; x < Math.min(nx, ox * f + f); x++) {
          block.push(ids[(z * ny + y) * nx + x]!);
        }
        const value = out[(oz * my + oy) * mx + ox]!;
        assert.ok(block.includes(value), `trial ${trial}: ${value} not in its block`);
        assert.equal(value, Math.max(...block), `trial ${trial}`);
      }
    }
  });

  it('reduces 256³ uint8 to 128³ keeping each block max', () => {
    const n = 256;
    const ids = new Uint8Array(n ** 3);
    for (let i = 0; i < ids.length; i += 97) ids[i] = i & 0xff;
    const out = downsampleLabels(ids, [n, n, n], 128 ** 3);
    assert.equal(out.ids.length, 128 ** 3);
    assert.equal(out.factor, 2);
    for (const [z, y, x] of [[0, 0, 0], [10, 20, 30], [127, 127, 127], [64, 3, 99]] as const) {
      let max = 0;
      for (let dz = 0; dz < 2; dz++) for (let dy = 0; dy < 2; dy++) for (let dx = 0; dx < 2; dx++) {
        max = Math.max(max, ids[((2 * z + dz) * n + 2 * y + dy) * n + 2 * x + dx]!);
      }
      assert.equal(out.ids[(z * 128 + y) * 128 + x], max);
    }
  });
});

describe('downsampling by 2 (the fast path of 256³ → 128³)', () => {
  const kinds = [Uint8Array, Uint8Array, Int8Array, Uint16Array, Int16Array, Uint32Array, Int32Array, Float64Array] as const;

  /** The general block pooling, the reference the factor-2 path must agree with. */
  function reference(ids: LabelIds, shape: Shape3): LabelIds {
    const outShape = downsampledShape(shape, 2);
    const out = new (ids.constructor as new (n: number) => LabelIds)(outShape[0] * outShape[1] * outShape[2]);
    maxPoolBlocks(ids, shape, out, outShape, 2);
    return out;
  }

  /** Runs along x of one value, mostly background, as label volumes are; `offset` shifts the array in its buffer. */
  function labelRuns(kind: (typeof kinds)[number], length: number, next: () => number, offset: number): LabelIds {
    const signed = kind === Int8Array || kind === Int16Array || kind === Int32Array;
    const buffer = new ArrayBuffer((length + offset) * kind.BYTES_PER_ELEMENT);
    const ids = new kind(buffer, offset * kind.BYTES_PER_ELEMENT, length);
    for (let i = 0; i < length; ) {
      const value = next() < 0.6 ? 0 : Math.floor(next() * 120) - (signed ? 60 : 0);
      const run = 1 + Math.floor(next() * 9);
      for (let k = 0; k < run && i < length; k++) ids[i++] = value;
    }
    return ids;
  }

  it('agrees with the general pooling on random runs of every id kind, aligned or not', () => {
    const next = random(14);
    const shapes: Shape3[] = [[2, 2, 4], [4, 6, 8], [6, 4, 12], [2, 2, 2], [4, 2, 6], [8, 8, 16]];
    for (let trial = 0; trial < 400; trial++) {
      const shape = shapes[trial % shapes.length]!;
      const kind = kinds[trial % kinds.length]!;
      const ids = labelRuns(kind, shape[0] * shape[1] * shape[2], next, trial % 3 === 0 ? 1 : 0);
      assert.deepEqual(poolLabels(ids, shape, 2).ids, reference(ids, shape), `trial ${trial}, ${kind.name} ${shape}`);
    }
  });

  it('agrees on uniform blocks with one voxel raised, at each of the 8 places of a block', () => {
    const shape: Shape3 = [2, 2, 8];
    for (const kind of [Uint8Array, Uint16Array]) {
      for (let place = 0; place < 8; place++) {
        for (const base of [0, 3]) {
          const ids = new kind(32).fill(base);
          const [dz, dy, dx] = [place >> 2, (place >> 1) & 1, place & 1];
          for (const x0 of [0, 2, 4, 6]) ids[(dz * 2 + dy) * 8 + x0 + dx] = base + 1 + x0;
          assert.deepEqual(poolLabels(ids, shape, 2).ids, reference(ids, shape), `${kind.name} place ${place} base ${base}`);
        }
      }
      // Every block uniform, its neighbour along x another label.
      const stripes = new kind(4 * 4 * 8).map((_, i) => 1 + ((i % 8) >> 1));
      assert.deepEqual(poolLabels(stripes, [4, 4, 8], 2).ids, new kind(16).map((_, i) => 1 + (i % 4)));
    }
  });

  it('writes into the scratch when given one, reused (stale contents and all) for the next volume', () => {
    const next = random(3);
    const scratch = new ScratchMemory();
    const shape: Shape3 = [8, 8, 16];
    const first = downsampleLabels(labelRuns(Uint8Array, 1024, next, 0), shape, 128);
    for (let round = 0; round < 3; round++) {
      const ids = labelRuns(Uint8Array, 1024, next, 0);
      const out = downsampleLabels(ids, shape, 128, scratch);
      assert.equal(out.ids.buffer, scratch.buffer('downsampled', 0), 'a view of the scratch');
      assert.deepEqual(out.ids, reference(ids, shape));
    }
    assert.notEqual(first.ids.buffer, scratch.buffer('downsampled', 0));
  });
});

describe('densify (the job label index)', () => {
  it('passes over background words and gives what a voxel-by-voxel densify gives, also when recycling', () => {
    const next = random(8);
    for (let trial = 0; trial < 150; trial++) {
      const length = 4 * (5 + Math.floor(next() * 40)) + (trial % 3 === 0 ? 2 : 0);
      const wide = trial % 2 === 1;
      const ids = wide ? new Uint16Array(length) : new Uint8Array(length);
      const density = [0.03, 0.3, 0.9][trial % 3]!;
      for (let i = 0; i < length; i++) if (next() < density) ids[i] = 1 + Math.floor(next() * (wide ? 3000 : 200));
      // A job index already holding some ids, or full (so ids absent from this preview are recycled).
      let index = createLabelIndex();
      if (trial % 5 === 1) index = densify(Uint16Array.from({ length: 300 }, (_, i) => i * 7), index).index;
      if (trial % 5 === 2) index = densify(Uint16Array.from({ length: 65535 }, (_, i) => 1 + i), index).index;
      // Int16 ids take the voxel-by-voxel path: the same ids, the same answer.
      const reference = densify(Int16Array.from(ids), index);
      assert.deepEqual(densify(ids, index), reference, `trial ${trial}`);
    }
  });


  it('copies ids that are their own dense indices, and maps them when one is not (against the voxel-by-voxel path)', () => {
    const shape: Shape3 = [12, 16, 20];
    const objects = (step: number) => syntheticLabels({ shape, labels: 4, step, steps: 6, seed: 3 });
    const noise = (seed: number, top: number) => {
      const next = random(seed);
      return Uint32Array.from({ length: 12 * 16 * 20 }, () => (next() < 0.6 ? 0 : 1 + Math.floor(next() * top)));
    };
    const cases: Array<{ name: string; ids: Uint32Array; before?: number[] }> = [
      { name: 'objects 1…4, fresh index (ids are their indices)', ids: objects(3) },
      { name: 'objects 1…4 after a preview that held them', ids: objects(4), before: [0, 1, 2, 3, 4] },
      { name: 'objects after a preview holding only 2 and 4 (4 is index 2)', ids: objects(4), before: [0, 2, 4] },
      { name: 'noise 1…200, fresh index', ids: noise(11, 200) },
      { name: 'noise 1…200 after ids 7 and 9', ids: noise(12, 200), before: [0, 9, 7] },
      { name: 'noise 1…1000 (16-bit ids)', ids: noise(13, 1000) },
    ];
    for (const { name, ids, before } of cases) {
      const index = before ? densify(Uint16Array.from(before), createLabelIndex()).index : createLabelIndex();
      const reference = densify(Int32Array.from(ids), index);
      for (const kind of [Uint8Array, Uint16Array]) {
        if (kind === Uint8Array && ids.some((id) => id > 255)) continue;
        const got = densify(kind.from(ids), index);
        assert.deepEqual(got, reference, `${name}, ${kind.name}`);
      }
    }
  });

  it('maps background to 0 and new ids to the next indices, ascending within a preview', () => {
    const { labels, index, counts } = densify(new Uint8Array([0, 5, 3, 5, 0, 0]), createLabelIndex());
    assert.deepEqual([...labels], [0, 2, 1, 2, 0, 0]);
    assert.deepEqual(index.ids, [0, 3, 5]);
    assert.deepEqual([...counts], [3, 1, 2]);
  });

  it('keeps every id at its index in later previews of the job (stable colors and diffs)', () => {
    const first = densify(new Uint16Array([0, 500, 30, 500]), createLabelIndex());
    const second = densify(new Uint16Array([700, 500, 1, 0]), first.index);
    assert.deepEqual(second.index.ids, [0, 30, 500, 1, 700]);
    assert.deepEqual([...second.labels], [4, 2, 3, 0]);
    assert.deepEqual([...second.counts], [1, 0, 1, 1, 1], 'an id absent from this preview keeps its slot with count 0');
    assert.deepEqual(first.index.ids, [0, 30, 500], 'the earlier index is not mutated');
    const third = densify(new Uint16Array([30, 30]), second.index);
    assert.equal(third.index, second.index, 'no new id: the same index object');
  });

  it('gives the same result on the lookup-table and the Map paths', () => {
    const next = random(5);
    const values = Array.from({ length: 5000 }, () => (next() < 0.7 ? 0 : Math.floor(next() * 200)));
    const viaTable = densify(new Uint8Array(values), createLabelIndex());
    for (const kind of [Uint32Array, Int32Array, Float64Array, Uint16Array, Int16Array]) {
      const other = densify(new kind(values), createLabelIndex());
      assert.deepEqual(other.index.ids, viaTable.index.ids, kind.name);
      assert.deepEqual(other.labels, viaTable.labels, kind.name);
      assert.deepEqual(other.counts, viaTable.counts, kind.name);
    }
  });

  it('handles negative ids (int8/int16) as ordinary labels', () => {
    const { labels, index } = densify(new Int8Array([0, -1, 3, -128, -1]), createLabelIndex());
    assert.deepEqual(index.ids, [0, -128, -1, 3]);
    assert.deepEqual([...labels], [0, 2, 3, 1, 2]);
  });

  it('outputs Uint8Array up to 256 index entries, Uint16Array past them, and stays Uint16 for the job', () => {
    const upTo255 = Uint16Array.from({ length: 256 }, (_, i) => i); // 0..255: 256 entries
    const small = densify(upTo255, createLabelIndex());
    assert.ok(small.labels instanceof Uint8Array);
    assert.equal(small.labels[255], 255);
    const more = densify(new Uint16Array([1000, 1]), small.index);
    assert.ok(more.labels instanceof Uint16Array);
    assert.deepEqual([...more.labels], [256, 1]);
    const later = densify(new Uint16Array([1, 2]), more.index);
    assert.ok(later.labels instanceof Uint16Array);
  });

  it('refuses one preview holding more than 65535 labels with rule "labels"', () => {
    const many = Uint32Array.from({ length: 70_000 }, (_, i) => i);
    assert.throws(() => densify(many, createLabelIndex()), (error: unknown) => error instanceof LabelDecodeError && error.rule === 'labels' && /This preview holds 69999 distinct labels/.test(error.message));
    const exactly = Uint32Array.from({ length: 65_536 }, (_, i) => i);
    assert.equal(densify(exactly, createLabelIndex()).labels[65_535], 65_535);
  });
});

describe('dense labels of a server that renumbers its instances in every preview', () => {
  const PER_PREVIEW = 3072;
  /** Preview k: background and 3072 instances numbered from k·3072 + 1, each a run of 4 voxels. */
  function renumbered(k: number, kind: typeof Uint32Array | typeof Float64Array = Uint32Array) {
    const ids = new kind(PER_PREVIEW * 5);
    for (let i = 0; i < PER_PREVIEW; i++) ids.fill(k * PER_PREVIEW + i + 1, i * 5 + 1, i * 5 + 5);
    return ids;
  }

  for (const kind of [Uint32Array, Float64Array]) {
    it(`never fails (${kind.name}): 40 previews of 3072 new ids each, past the 22nd where a per-job cap broke`, () => {
      let index = createLabelIndex();
      for (let k = 0; k < 40; k++) {
        const ids = renumbered(k, kind);
        const result = densify(ids, index);
        index = result.index;
        assert.ok(index.ids.length <= 65_536, `preview ${k}: the index stays within Uint16`);
        for (let i = 0; i < ids.length; i += 97) {
          assert.equal(index.ids[result.labels[i]!], ids[i], `preview ${k}, voxel ${i}: the dense index maps back to the original id`);
        }
        assert.equal(result.counts[index.denseOf.get(k * PER_PREVIEW + 1)!], 4, `preview ${k}: counts are per original id`);
        assert.equal(result.recycled, k >= 21, `preview ${k}: indices are recycled only once the index is full`);
      }
    });
  }

  it('recycles only ids this preview does not hold: ids still present keep their index', () => {
    let index = createLabelIndex();
    index = densify(Uint32Array.from({ length: 65_535 }, (_, i) => i + 1), index).index;
    const kept = index.denseOf.get(7)!;
    const result = densify(new Uint32Array([0, 7, 100_000, 100_001]), index);
    assert.equal(result.recycled, true);
    assert.equal(result.index.denseOf.get(7), kept, 'id 7 is still here and keeps its index');
    assert.equal(result.index.ids[result.labels[2]!], 100_000);
    assert.notEqual(result.labels[2], kept);
    assert.equal(result.index.denseOf.has(1), false, 'an id no longer present gave its index away');
  });
});

describe('changedRegion', () => {
  it('compares rows a word at a time and finds the box a voxel-by-voxel comparison finds', () => {
    const next = random(5);
    const shapes: Shape3[] = [[4, 5, 8], [3, 4, 12], [2, 3, 16], [5, 6, 4]];
    for (let trial = 0; trial < 200; trial++) {
      const shape = shapes[trial % shapes.length]!;
      const n = shape[0] * shape[1] * shape[2];
      const before = trial % 2 === 0 ? new Uint8Array(n) : new Uint16Array(n);
      for (let i = 0; i < n; i++) if (next() < 0.3) before[i] = 1 + Math.floor(next() * 5);
      const after = before.slice();
      // One to a few changed voxels, anywhere in a word; sometimes none.
      for (let k = Math.floor(next() * 4); k > 0; k--) after[Math.floor(next() * n)] = 7;
      const expected = changedRegion(unaligned(before), unaligned(after), shape);
      assert.deepEqual(changedRegion(before, after, shape), expected, `trial ${trial}`);
    }
  });

  const shape: Shape3 = [3, 4, 5];
  const at = (z: number, y: number, x: number) => (z * 4 + y) * 5 + x;

  it('is null (everything changed) without a previous preview or when the shape changed', () => {
    const labels = new Uint8Array(60);
    assert.equal(changedRegion(null, labels, shape), null);
    assert.equal(changedRegion(new Uint8Array(60), labels, shape, [5, 4, 3]), null);
    assert.equal(changedRegion(new Uint8Array(30), labels, shape), null);
  });

  it('is the empty box when nothing changed', () => {
    const box = changedRegion(new Uint8Array(60).fill(2), new Uint16Array(60).fill(2), shape);
    assert.deepEqual(box, emptyVoxelBox());
    assert.ok(box && isEmptyVoxelBox(box));
  });

  it('is the [x, y, z] bounding box (max exclusive) of the changed voxels', () => {
    const before = new Uint8Array(60);
    const after = new Uint8Array(60);
    after[at(1, 2, 3)] = 1;
    after[at(2, 0, 1)] = 2;
    const box = changedRegion(before, after, shape);
    assert.deepEqual(box, { min: [1, 0, 1], max: [4, 3, 3] });
    assert.ok(box && !isEmptyVoxelBox(box));
    const single = new Uint8Array(60);
    single[at(0, 3, 4)] = 7;
    assert.deepEqual(changedRegion(before, single, shape), { min: [4, 3, 0], max: [5, 4, 1] });
  });
});

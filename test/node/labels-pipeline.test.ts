// Spec of decodePreview: payload bytes of one preview → a complete LabelVolume, and the job state it carries on.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { deflateSync, gzipSync } from 'node:zlib';
import { decodeBase64 } from '../../src/labels/base64.ts';
import { LabelDecodeError } from '../../src/labels/decode-error.ts';
import { createPreviewDecodeState, decodePreview } from '../../src/labels/decode-preview.ts';
import type { PreviewHeaderLike } from '../../src/labels/decode-preview.ts';
import type { LabelVolume, Shape3 } from '../../src/labels/label-volume.ts';
import { ScratchMemory } from '../../src/labels/scratch-memory.ts';
import { syntheticLabels } from '../../demo/mock-stream/synthetic-volume.js';

const shape: Shape3 = [4, 6, 8]; // z, y, x
const at = (z: number, y: number, x: number) => (z * 6 + y) * 8 + x;
const surfaceBudget = { maxFaces: 1_000_000, brickSize: 32 };
const roomy = { maxVoxels: 1_000_000, maxInflatedBytes: 10_000_000, ...surfaceBudget };

/** The quads' labels and the points of every brick of a preview's surface, concatenated. */
const cellLabels = (volume: LabelVolume) => volume.surface.bricks.flatMap((brick) => [...brick.cellLabels]);
const points = (volume: LabelVolume) => volume.surface.bricks.flatMap((brick) => [...brick.points]);

/** A uint16 volume: label 1000 in the corner block z<2,y<3,x<4, label 7 at one voxel, background elsewhere. */
function volume16(): Uint16Array {
  const ids = new Uint16Array(4 * 6 * 8);
  for (let z = 0; z < 2; z++) for (let y = 0; y < 3; y++) for (let x = 0; x < 4; x++) ids[at(z, y, x)] = 1000;
  ids[at(3, 5, 7)] = 7;
  return ids;
}

function header(overrides: Partial<PreviewHeaderLike> = {}): PreviewHeaderLike {
  return { shape, dtype: 'uint16', spacing: [1, 2, 3], compression: 'none', ...overrides };
}

const bytesOf = (ids: Uint16Array) => new Uint8Array(ids.buffer.slice(0));

function rejectsWith(rule: LabelDecodeError['rule'], pattern: RegExp) {
  return (error: unknown) => error instanceof LabelDecodeError && error.rule === rule && pattern.test(error.message);
}

describe('decodePreview', () => {
  it('fills every field of the LabelVolume from a base64 uint16 payload', async () => {
    const text = Buffer.from(volume16().buffer).toString('base64');
    const { volume } = await decodePreview({ header: header(), bytes: decodeBase64(text) }, createPreviewDecodeState(), roomy);
    assert.deepEqual(volume.shape, [4, 6, 8]);
    assert.deepEqual(volume.sourceShape, [4, 6, 8]);
    assert.equal(volume.downsampleFactor, 1);
    assert.deepEqual(volume.spacing, [1, 2, 3]);
    assert.deepEqual(volume.origin, [0, 0, 0]);
    assert.deepEqual([...volume.labelIds], [0, 7, 1000], 'new ids ascending');
    assert.ok(volume.labels instanceof Uint8Array);
    assert.equal(volume.labels[at(1, 2, 3)], 2);
    assert.equal(volume.labels[at(3, 5, 7)], 1);
    assert.equal(volume.labels[at(3, 0, 0)], 0);
    assert.deepEqual([...volume.labelCounts], [192 - 25, 1, 24]);
    assert.equal(volume.changed, null, 'the first preview changes everything');
    assert.equal(cellLabels(volume).filter((l) => l === 1).length, 6);
    assert.equal(cellLabels(volume).filter((l) => l === 2).length, 6, 'the box of label 2: one merged quad per side (greedy-faces.ts)');
    assert.ok(Math.max(...points(volume).filter((_, i) => i % 3 === 2)) === 3 * 3.5, 'z faces scaled by spacing');
  });

  it('times every stage, each within the call', async () => {
    // Big enough that every stage does measurable work: a gzip payload, a downsample, many faces.
    const big: Shape3 = [48, 48, 48];
    const ids = Uint16Array.from({ length: big[0] * big[1] * big[2] }, (_, i) => (i * 2654435761) % 7);
    const began = performance.now();
    const { timings } = await decodePreview(
      { header: header({ shape: big, compression: 'gzip' }), bytes: gzipSync(bytesOf(ids)) },
      createPreviewDecodeState(),
      { ...roomy, maxVoxels: 24 ** 3 },
    );
    const wall = performance.now() - began;
    const stages = timings;
    assert.deepEqual(Object.keys(stages).sort(), ['changedMs', 'convertMs', 'densifyMs', 'downsampleMs', 'inflateMs', 'surfaceMs']);
    for (const [stage, ms] of Object.entries(stages)) assert.ok(Number.isFinite(ms) && ms >= 0, `${stage}: ${ms} ms`);
    const sum = Object.values(stages).reduce((a, b) => a + b, 0);
    assert.ok(sum <= wall, `the stages' ${sum} ms fit in the call's ${wall} ms`);
    for (const stage of ['inflateMs', 'surfaceMs'] as const) assert.ok(timings[stage] > 0, `${stage} is measured, not zero`);
  });

  it('keeps dense indices stable and reports the changed box on the next preview', async () => {
    const first = await decodePreview({ header: header(), bytes: bytesOf(volume16()) }, createPreviewDecodeState(), roomy);
    const ids = volume16();
    ids[at(2, 1, 5)] = 3; // a new label
    ids[at(0, 0, 0)] = 0; // a removed voxel
    const second = await decodePreview({ header: header(), bytes: bytesOf(ids) }, first.state, roomy);
    assert.deepEqual([...second.volume.labelIds], [0, 7, 1000, 3], 'old ids keep their index, new ones append');
    assert.equal(second.volume.labels[at(1, 2, 3)], 2);
    assert.equal(second.volume.labels[at(2, 1, 5)], 3);
    assert.deepEqual(second.volume.changed, { min: [0, 0, 0], max: [6, 2, 3] });
    const third = await decodePreview({ header: header(), bytes: bytesOf(ids) }, second.state, roomy);
    assert.deepEqual(third.volume.changed, { min: [0, 0, 0], max: [0, 0, 0] }, 'nothing changed: the empty box');
    assert.deepEqual([first.changes, second.changes, third.changes], [{ added: 25, removed: 0 }, { added: 1, removed: 1 }, { added: 0, removed: 0 }]);
  });

  it('counts the voxels a preview added and removed, by original id, also onto a finer final grid', async () => {
    const first = await decodePreview({ header: header(), bytes: bytesOf(volume16()) }, createPreviewDecodeState(), roomy);
    const moved = new Uint16Array(4 * 6 * 8);
    for (let z = 0; z < 2; z++) for (let y = 0; y < 3; y++) for (let x = 2; x < 6; x++) moved[at(z, y, x)] = 1000; // 2 of 4 columns shared
    const second = await decodePreview({ header: header(), bytes: bytesOf(moved) }, first.state, roomy);
    assert.deepEqual(second.changes, { added: 12, removed: 13 }, 'the block moved by two columns; label 7 gone');
    // The same block on a grid twice as fine per axis (half the spacing), drawn on the fine voxels whose
    // nearest coarse voxel centre is in it: nothing changed.
    const fine = new Uint16Array(8 * 12 * 16);
    for (let z = 0; z < 3; z++) for (let y = 0; y < 5; y++) for (let x = 3; x < 11; x++) fine[(z * 12 + y) * 16 + x] = 1000;
    const finer = header({ shape: [8, 12, 16], spacing: [0.5, 1, 1.5] });
    const third = await decodePreview({ header: finer, bytes: bytesOf(fine) }, second.state, roomy);
    assert.deepEqual(third.changes, { added: 0, removed: 0 });
  });

  it('still diffs correctly after the previous volume was transferred away', async () => {
    const first = await decodePreview({ header: header(), bytes: bytesOf(volume16()) }, createPreviewDecodeState(), roomy);
    structuredClone(first.volume, { transfer: [first.volume.labels.buffer as ArrayBuffer] });
    assert.equal(first.volume.labels.length, 0, 'detached by the transfer');
    const ids = volume16();
    ids[at(3, 4, 6)] = 7;
    const second = await decodePreview({ header: header(), bytes: bytesOf(ids) }, first.state, roomy);
    assert.deepEqual(second.volume.changed, { min: [6, 4, 3], max: [7, 5, 4] });
  });

  it('does not mutate the state it is given', async () => {
    const state = createPreviewDecodeState();
    await decodePreview({ header: header(), bytes: bytesOf(volume16()) }, state, roomy);
    assert.deepEqual(state.index.ids, [0]);
    assert.equal(state.previous, null);
  });

  it('keeps nothing of its input bytes (a job decodes every payload into one reused buffer)', async () => {
    const uint8 = new Uint8Array(volume16().map((id) => id % 251));
    const cases = [
      { dtype: 'uint16', bytesOf: () => bytesOf(volume16()) },
      { dtype: 'uint8', bytesOf: () => uint8.slice() },
      { dtype: 'bool', bytesOf: () => uint8.map((v) => +(v !== 0)) },
      { dtype: 'int16', bytesOf: () => bytesOf(volume16()) },
      { dtype: 'uint32', bytesOf: () => new Uint8Array(Uint32Array.from(volume16()).buffer) },
      { dtype: 'float32', bytesOf: () => new Uint8Array(Float32Array.from(volume16()).buffer) },
    ] as const;
    for (const { dtype, bytesOf } of cases) {
      for (const maxVoxels of [roomy.maxVoxels, 24]) {
        const bytes = bytesOf();
        const { volume, state } = await decodePreview({ header: header({ dtype }), bytes }, createPreviewDecodeState(), { ...roomy, maxVoxels });
        const before = structuredClone({ volume, previous: state.previous });
        bytes.fill(0x5a);
        assert.deepEqual({ volume, previous: state.previous }, before, `${dtype}, at most ${maxVoxels} voxels`);
      }
    }
  });

  it("keeps the surface builders' memory in the job's scratch for its next previews, and builds what fresh memory builds", async () => {
    const objects: Shape3 = [24, 32, 40];
    const budget = { maxVoxels: 1_000_000, maxInflatedBytes: 10_000_000, maxFaces: 1_000_000, brickSize: 16 };
    const scratch = new ScratchMemory();
    let reused = createPreviewDecodeState();
    let fresh = createPreviewDecodeState();
    let kept: unknown;
    for (let step = 0; step < 5; step++) {
      const ids = syntheticLabels({ shape: objects, labels: 4, step, steps: 5, seed: 9 });
      const input = { header: header({ shape: objects, dtype: 'uint8' }), bytes: Uint8Array.from(ids) };
      // Each mode in turn: voxel faces and smooth surfaces share one kept scratch.
      const options = { ...budget, surface: step === 3 ? ('smooth' as const) : ('voxel' as const) };
      const withScratch = await decodePreview(input, reused, options, scratch);
      const without = await decodePreview(input, fresh, options);
      assert.deepEqual(withScratch.volume, without.volume, `step ${step}`);
      reused = withScratch.state;
      fresh = without.state;
      if (step === 0) kept = scratch.keep('bricks', () => assert.fail('the first decode keeps one'));
      assert.equal(scratch.keep('bricks', () => assert.fail(`made again at step ${step}`)), kept, `step ${step}: the same memory`);
    }
  });

  it("keeps each preview's labels for the next in two buffers taking turns, never over the state it was given", async () => {
    const shape: Shape3 = [16, 24, 32];
    const scratch = new ScratchMemory();
    const input = (step: number) => ({ header: header({ shape, dtype: 'uint8' }), bytes: Uint8Array.from(syntheticLabels({ shape, labels: 3, step, steps: 4, seed: 5 })) });
    const first = await decodePreview(input(0), createPreviewDecodeState(), roomy, scratch);
    const kept = first.state.previous!.labels.slice();
    const second = await decodePreview(input(1), first.state, roomy, scratch);
    assert.deepEqual(first.state.previous!.labels, kept, 'the state given to a decode is not written over');
    assert.deepEqual(second.state.previous!.labels, second.volume.labels, 'the state returned holds the labels just decoded');
    assert.notEqual(second.state.previous!.labels.buffer, first.state.previous!.labels.buffer);
    const third = await decodePreview(input(2), second.state, roomy, scratch);
    assert.equal(third.state.previous!.labels.buffer, first.state.previous!.labels.buffer, 'the copy before last is reused, not new memory');
    assert.deepEqual(third.state.previous!.labels, third.volume.labels);
  });

  for (const [compression, compress] of [['gzip', gzipSync], ['deflate', deflateSync]] as const) {
    it(`inflates a ${compression} payload to the same labels`, async () => {
      const plain = await decodePreview({ header: header(), bytes: bytesOf(volume16()) }, createPreviewDecodeState(), roomy);
      const packed = await decodePreview({ header: header({ compression }), bytes: compress(bytesOf(volume16())) }, createPreviewDecodeState(), roomy);
      assert.deepEqual(packed.volume.labels, plain.volume.labels);
      assert.deepEqual(packed.volume.labelIds, plain.volume.labelIds);
    });
  }

  it('downsamples to the voxel budget: factor, shape, spacing × factor, block-centred origin', async () => {
    const { volume } = await decodePreview({ header: header(), bytes: bytesOf(volume16()) }, createPreviewDecodeState(), { ...roomy, maxVoxels: 24 });
    assert.equal(volume.downsampleFactor, 2);
    assert.deepEqual(volume.shape, [2, 3, 4]);
    assert.deepEqual(volume.sourceShape, [4, 6, 8]);
    assert.deepEqual(volume.spacing, [2, 4, 6]);
    assert.deepEqual(volume.origin, [0.5, 1, 1.5]);
    assert.equal(volume.labels.length, 24);
    const dense7 = [...volume.labelIds].indexOf(7);
    assert.equal(volume.labels[(1 * 3 + 2) * 4 + 3], dense7, 'the lone voxel survives in its block');
    // The surface hugs the source voxels it covers: the last block ends at source voxel 7's far face (x = 7.5).
    const xs = points(volume).filter((_, i) => i % 3 === 0);
    assert.equal(Math.max(...xs), 7.5);
    assert.equal(Math.min(...xs), -0.5);
  });

  it('turns a float32 0/1 mask into labels 0/1', async () => {
    const mask = new Float32Array(4 * 6 * 8);
    mask[at(1, 1, 1)] = 1;
    const { volume } = await decodePreview({ header: header({ dtype: 'float32' }), bytes: new Uint8Array(mask.buffer) }, createPreviewDecodeState(), roomy);
    assert.deepEqual([...volume.labelIds], [0, 1]);
    assert.equal(volume.labels[at(1, 1, 1)], 1);
    assert.equal(volume.labelCounts[1], 1);
  });

  it('rejects a payload of the wrong length with the length sentence', async () => {
    await assert.rejects(
      decodePreview({ header: header(), bytes: new Uint8Array(100) }, createPreviewDecodeState(), roomy),
      rejectsWith('length', /^Preview payload has 100 bytes but shape \[4,6,8\] × uint16 needs 384\.$/),
    );
  });

  it('rejects a compressed payload that inflates past the size its shape needs as a length error', async () => {
    await assert.rejects(
      decodePreview({ header: header({ compression: 'gzip' }), bytes: gzipSync(new Uint8Array(100_000)) }, createPreviewDecodeState(), roomy),
      rejectsWith('length', /inflates to more than 384 bytes but shape \[4,6,8\] × uint16 needs 384/),
    );
  });

  it('stops at maxInflatedBytes when that is below what the shape needs (decompression-bomb guard)', async () => {
    const big: PreviewHeaderLike = header({ shape: [256, 256, 256], dtype: 'uint8', compression: 'gzip' });
    await assert.rejects(
      decodePreview({ header: big, bytes: gzipSync(new Uint8Array(256 ** 3)) }, createPreviewDecodeState(), { maxVoxels: 1e6, maxInflatedBytes: 1_000_000, ...surfaceBudget }),
      rejectsWith('compression', /more than 1000000 bytes/),
    );
  });

  // A bad shape, spacing or dtype never gets here: the protocol's schema refuses it (protocol-preview.test.ts).
  it('rejects corrupt compressed data with a sentence', async () => {
    await assert.rejects(decodePreview({ header: header({ compression: 'deflate' }), bytes: new Uint8Array([1, 2, 3]) }, createPreviewDecodeState(), roomy), rejectsWith('compression', /not valid deflate/));
  });
});

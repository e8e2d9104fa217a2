// A job's preview history (labels/preview-history.ts): run-length storage of the dense ids, their
// checksum, the byte budget (oldest first; never the newest nor a final preview) and the volume given back.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { syntheticLabels } from '../../demo/mock-stream/synthetic-volume.js';
import { createPreviewDecodeState, decodePreview, type PreviewDecodeState } from '../../src/labels/decode-preview.ts';
import { decodeLabelRuns, encodeLabelRuns, labelChecksum } from '../../src/labels/label-runs.ts';
import type { LabelVolume, Shape3 } from '../../src/labels/label-volume.ts';
import { historyEntry, PreviewHistory, storedLabels, storePreview } from '../../src/labels/preview-history.ts';
import { restoreVolume } from '../../src/labels/stored-preview.ts';
import { mulberry32 } from '../fixtures/random-bytes.ts';
import { unaligned } from '../fixtures/unaligned.ts';

const budget = { maxVoxels: 1 << 20, maxInflatedBytes: 1 << 26, maxFaces: 1_000_000, brickSize: 16 };
const shape: Shape3 = [24, 32, 40];

/** The job's previews as the worker decodes them: the mock's growing objects, `steps` of them. */
async function* previews(steps: number, labels = 8): AsyncGenerator<LabelVolume> {
  let state: PreviewDecodeState = createPreviewDecodeState();
  for (let step = 0; step < steps; step++) {
    const ids = syntheticLabels({ shape, labels, step: step % 40, steps: 40, seed: 11 }) as Uint32Array;
    const decoded = await decodePreview({ header: { shape, dtype: 'uint32', spacing: [1, 1, 2], compression: 'none' }, bytes: new Uint8Array(ids.buffer) }, state, budget);
    state = decoded.state;
    yield decoded.volume;
  }
}

describe('label runs', () => {
  it('give back exactly the ids, 8- and 16-bit, long runs and big ids included', () => {
    const small = new Uint8Array(70_000);
    small.fill(200, 10, 60_000); // a run needing a 3-byte length, an id needing 2 bytes
    for (let i = 60_000; i < 70_000; i++) small[i] = i % 7; // runs of one
    const wide = new Uint16Array(5000).map((_, i) => (i < 300 ? 0 : i < 301 ? 65535 : Math.floor(i / 100) * 300));
    for (const labels of [small, wide, new Uint8Array(0)]) {
      const runs = encodeLabelRuns(labels);
      const back = decodeLabelRuns(runs);
      assert.equal(back.constructor, labels.constructor);
      assert.deepEqual(back, labels);
    }
    assert.ok(encodeLabelRuns(small).bytes.byteLength < 70_000 / 3, 'runs are much smaller than the ids');
  });

  it('read words of one id at a time and give the runs and checksum of a voxel-by-voxel pass', () => {
    /** FNV-1a over each id's two bytes, voxel by voxel: the definition. */
    const fnv = (labels: ArrayLike<number>) => {
      let hash = 0x811c9dc5;
      for (let i = 0; i < labels.length; i++) for (const byte of [labels[i]! & 0xff, labels[i]! >>> 8]) hash = Math.imul(hash ^ byte, 0x01000193);
      return hash >>> 0;
    };
    const next = mulberry32(17);
    for (let trial = 0; trial < 80; trial++) {
      const length = 40 + Math.floor(next() * 3000);
      const wide = trial % 2 === 1;
      const labels = wide ? new Uint16Array(length) : new Uint8Array(length);
      // Runs of random lengths (long background stretches, runs of one), ids of one and two bytes.
      for (let i = 0; i < length; ) {
        const run = 1 + Math.floor(next() * [3, 40, 400][trial % 3]!);
        labels.fill(next() < 0.6 ? 0 : Math.floor(next() * (wide ? 65536 : 256)), i, i + run);
        i += run;
      }
      const plain = unaligned(labels);
      assert.deepEqual(encodeLabelRuns(labels), encodeLabelRuns(plain), `trial ${trial}: runs`);
      assert.deepEqual(decodeLabelRuns(encodeLabelRuns(labels)), labels, `trial ${trial}: back`);
      assert.equal(labelChecksum(labels), fnv(labels), `trial ${trial}: checksum`);
      assert.equal(labelChecksum(plain), fnv(labels), `trial ${trial}: checksum voxel by voxel`);
    }
  });

  it('refuse runs that do not cover the volume', () => {
    const runs = encodeLabelRuns(new Uint8Array(100).fill(3));
    assert.throws(() => decodeLabelRuns({ ...runs, length: 101 }), /cover 100 voxels, not 101/);
    assert.throws(() => decodeLabelRuns({ ...runs, length: 99 }), /not 99/);
  });

  it('checksum the ids, not the array kind, and see one changed voxel', () => {
    const ids = [0, 3, 3, 3, 9, 0, 0, 1];
    assert.equal(labelChecksum(Uint8Array.from(ids)), labelChecksum(Uint16Array.from(ids)));
    const changed = Uint8Array.from(ids);
    changed[4] = 8;
    assert.notEqual(labelChecksum(changed), labelChecksum(Uint8Array.from(ids)));
    assert.notEqual(labelChecksum(Uint16Array.from([256])), labelChecksum(Uint16Array.from([1])));
  });
});

describe('PreviewHistory', () => {
  it('keeps 300 previews within its budget, dropping the oldest first', async () => {
    // Room for about a dozen of these previews.
    const perPreview = storePreview((await previews(20).next()).value as LabelVolume, { previewId: 0, receivedAt: 0, final: false }).bytes;
    const history = new PreviewHistory(perPreview * 12);
    let n = 0;
    let dropped = 0;
    for await (const volume of previews(300)) {
      n++;
      const before = history.entries('a').length;
      history.record('a', volume, { previewId: n, final: false, receivedAt: n });
      const entries = history.entries('a');
      if (entries.length <= before) dropped++;
      assert.ok(history.bytes('a') <= history.budgetBytes, `preview ${n}: ${history.bytes('a')} bytes > ${history.budgetBytes}`);
      assert.equal(history.bytes('a'), entries.reduce((sum, stored) => sum + stored.bytes, 0));
      // What is kept is always the newest previews, in order: the ones that went were the oldest.
      const ids = entries.map((stored) => stored.previewId);
      assert.deepEqual(ids, Array.from({ length: ids.length }, (_, i) => n - ids.length + 1 + i));
    }
    assert.ok(dropped > 250, `previews were dropped (${dropped})`);
    assert.ok(history.entries('a').length >= 6, 'and the budget still holds several');
  });

  it('gives back exactly the ids that arrived (the checksum computed on arrival equals the decoded one)', async () => {
    const history = new PreviewHistory(1 << 30);
    const arrived = new Map<number, { labels: LabelVolume['labels']; volume: LabelVolume }>();
    let n = 0;
    for await (const volume of previews(30, 40)) {
      n++;
      arrived.set(n, { labels: volume.labels.slice(), volume });
      history.record('a', volume, { previewId: n, final: false, receivedAt: n });
    }
    for (const stored of history.entries('a')) {
      const { labels, volume } = arrived.get(stored.previewId as number)!;
      assert.equal(stored.checksum, labelChecksum(labels));
      const back = storedLabels(stored);
      assert.deepEqual(back, labels);
      assert.equal(labelChecksum(back), stored.checksum);
      const restored = restoreVolume(stored, budget);
      assert.deepEqual(restored.labels, labels);
      assert.deepEqual([restored.shape, restored.spacing, restored.origin], [volume.shape, volume.spacing, volume.origin]);
      assert.deepEqual(restored.labelIds, volume.labelIds);
      assert.deepEqual(restored.labelCounts, volume.labelCounts);
      assert.equal(restored.surface.complete, true);
      assert.equal(restored.surface.faces, volume.surface.faces);
      assert.equal(restored.changed, null);
    }
    const entry = historyEntry(history.entries('a')[4]!);
    assert.deepEqual(Object.keys(entry).sort(), ['bytes', 'labelCounts', 'previewId', 'receivedAt']);
    assert.deepEqual(JSON.parse(JSON.stringify(entry)), entry);
    const counted = [...arrived.get(5)!.volume.labelIds].reduce((sum, id, dense) => sum + (id === 0 ? 0 : arrived.get(5)!.volume.labelCounts[dense]!), 0);
    assert.equal(Object.values(entry.labelCounts).reduce((a, b) => a + b, 0), counted);
  });

  it('refuses a stored preview whose ids no longer match their checksum', async () => {
    const volume = (await previews(3).next()).value as LabelVolume;
    const stored = storePreview(volume, { previewId: 1, receivedAt: 0, final: false });
    const bytes = stored.runs.bytes.slice();
    bytes[0] = (bytes[0]! + 1) % 128; // another id for the first run
    assert.throws(() => storedLabels({ ...stored, runs: { ...stored.runs, bytes } }), /corrupt/);
  });

  it('never drops a final preview nor the newest one, whatever the budget', async () => {
    const history = new PreviewHistory(0);
    let n = 0;
    for await (const volume of previews(40)) {
      n++;
      history.record('a', volume, { previewId: n === 10 ? 'final' : n, final: n === 10, receivedAt: n });
      const ids = history.entries('a').map((stored) => stored.previewId);
      assert.deepEqual(ids, n < 10 ? [n] : n === 10 ? ['final'] : ['final', n]);
    }
  });

  it('numbers previews without an id by arrival, finds the newest of a repeated id, and forgets a job', async () => {
    const history = new PreviewHistory(1 << 30);
    const ids = [undefined, 1, undefined, 1];
    let n = 0;
    for await (const volume of previews(4)) history.record('a', volume, { previewId: ids[n], final: false, receivedAt: ++n });
    assert.deepEqual(history.entries('a').map((stored) => stored.previewId), [1, 1, 3, 1]);
    assert.equal(history.find('a', 1)?.receivedAt, 4);
    assert.equal(history.find('b', 1), undefined);
    history.forget('a');
    assert.deepEqual(history.entries('a'), []);
    assert.equal(history.bytes('a'), 0);
  });

  it('drops the oldest when its budget shrinks, and says which jobs lost previews', async () => {
    const history = new PreviewHistory(1 << 30);
    let n = 0;
    for await (const volume of previews(10)) {
      n++;
      history.record('a', volume, { previewId: n, final: false, receivedAt: n });
      if (n <= 2) history.record('b', volume, { previewId: n, final: false, receivedAt: n });
    }
    const keep = history.entries('a').slice(-3).reduce((sum, stored) => sum + stored.bytes, 0);
    assert.deepEqual(history.setBudget(keep + 1), ['a']);
    assert.deepEqual(history.entries('a').map((stored) => stored.previewId), [8, 9, 10]);
    assert.equal(history.entries('b').length, 2);
  });
});

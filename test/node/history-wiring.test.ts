// The history between the worker and the element: the backend's store and its answers (a `history`
// event per stored preview, a `restored` event with the volume asked for), each job's share of the
// budget, and what the element's view and the public `job-history` event make of them.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyStreamEvent, createJobView } from '../../src/job-view.ts';
import { createPreviewDecodeState, decodePreview } from '../../src/labels/decode-preview.ts';
import { labelChecksum } from '../../src/labels/label-runs.ts';
import type { LabelVolume } from '../../src/labels/label-volume.ts';
import { DEFAULT_HISTORY_BYTES, historyShare } from '../../src/labels/preview-history.ts';
import { overlayEvent } from '../../src/overlay-events.ts';
import { JobHistoryBackend } from '../../src/stream/job-history.backend.ts';
import type { StreamEvent } from '../../src/stream/stream-types.ts';

const surface = { maxFaces: 100_000, brickSize: 8 };

/** Three previews of a growing cube in a 16³ volume, as the worker's decoder hands them on. */
async function cubes(): Promise<Array<Extract<StreamEvent, { kind: 'preview' }>>> {
  let state = createPreviewDecodeState();
  const events: Array<Extract<StreamEvent, { kind: 'preview' }>> = [];
  for (const size of [2, 4, 6]) {
    const ids = new Uint8Array(16 ** 3);
    for (let z = 0; z < size; z++) for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) ids[(z * 16 + y) * 16 + x] = 3;
    const decoded = await decodePreview({ header: { shape: [16, 16, 16], dtype: 'uint8', spacing: [1, 1, 1], compression: 'none' }, bytes: ids }, state, { maxVoxels: 1 << 20, maxInflatedBytes: 1 << 20, ...surface });
    state = decoded.state;
    const timings = { parseMs: 0, base64Ms: 0, ...decoded.timings };
    events.push({ kind: 'preview', jobId: 'a', previewId: size, final: false, volume: decoded.volume, decodeMs: 0, timings, sentAt: undefined, messageBytes: 0, changes: decoded.changes });
  }
  return events;
}

describe('JobHistoryBackend', () => {
  it('stores each preview with a history event, and gives back any of them whole, or says why not', async () => {
    const backend = new JobHistoryBackend(() => surface);
    const checksums: number[] = [];
    for (const event of await cubes()) {
      checksums.push(labelChecksum(event.volume.labels));
      assert.deepEqual(backend.record(event), { kind: 'history', jobId: 'a', previewIds: [2, 4, 6].filter((id) => id <= (event.previewId as number)), bytes: backend.list('a').reduce((sum, entry) => sum + entry.bytes, 0) });
    }
    const back = backend.restore('a', 7, 4);
    assert.equal(back.request, 7);
    assert.equal(back.live, false);
    assert.equal(back.previewId, 4);
    assert.equal(labelChecksum(back.volume!.labels), checksums[1]);
    assert.equal(back.volume!.labelCounts[1], 64);
    const newest = backend.restore('a', 8, null);
    assert.deepEqual([newest.live, newest.previewId, labelChecksum(newest.volume!.labels)], [true, 6, checksums[2]]);
    assert.match(backend.restore('a', 9, 5).reason ?? '', /no stored preview 5/);
    assert.equal(backend.restore('a', 9, 5).volume, undefined);
    assert.deepEqual(backend.list('a').map((entry) => [entry.previewId, entry.labelCounts]), [[2, { 3: 8 }], [4, { 3: 64 }], [6, { 3: 216 }]]);
  });

  it('keeps nothing at 0 bytes, and tells the jobs that lost their previews', async () => {
    const backend = new JobHistoryBackend(() => surface);
    const [first, second] = await cubes();
    backend.record(first!);
    assert.deepEqual(backend.configure(0), [{ kind: 'history', jobId: 'a', previewIds: [], bytes: 0 }]);
    assert.equal(backend.record(second!), undefined);
    assert.deepEqual(backend.list('a'), []);
    assert.match(backend.restore('a', 1, null).reason ?? '', /no stored preview/);
  });
});

describe('history budget per job', () => {
  it('is an equal share of history-bytes; not a number is the default, below 0 is none', () => {
    assert.equal(historyShare(64 * 2 ** 20, 4), 16 * 2 ** 20);
    assert.equal(historyShare(1000, 3), 333);
    assert.equal(historyShare(1000, 0), 1000);
    assert.equal(historyShare(Number.NaN, 2), DEFAULT_HISTORY_BYTES / 2);
    assert.equal(historyShare(-5, 2), 0);
  });
});

describe('job-history', () => {
  it('follows the stored previews and the preview shown, as plain data', async () => {
    const [preview] = await cubes();
    let view = applyStreamEvent(createJobView('a', 1), { kind: 'history', jobId: 'a', previewIds: [2, 'final'], bytes: 900 });
    const announced = (event: StreamEvent) => overlayEvent(event, (view = applyStreamEvent(view, event)), { mainThreadMs: 0, now: 0 });
    assert.deepEqual(announced({ kind: 'history', jobId: 'a', previewIds: [2, 4], bytes: 1000 }), {
      type: 'job-history',
      detail: { jobId: 'a', previewIds: [2, 4], bytes: 1000, showing: 'live' },
    });
    const volume: LabelVolume = preview!.volume;
    assert.deepEqual(announced({ kind: 'restored', jobId: 'a', request: 1, live: false, previewId: 2, volume }).detail, { jobId: 'a', previewIds: [2, 4], bytes: 1000, showing: 2 });
    // An answer without a volume changes nothing.
    assert.deepEqual(announced({ kind: 'restored', jobId: 'a', request: 2, live: false, previewId: 4, reason: 'gone' }).detail, { jobId: 'a', previewIds: [2, 4], bytes: 1000, showing: 2 });
    const live = announced({ kind: 'restored', jobId: 'a', request: 3, live: true, previewId: 4, volume });
    assert.deepEqual(JSON.parse(JSON.stringify(live.detail)), { jobId: 'a', previewIds: [2, 4], bytes: 1000, showing: 'live' });
  });
});

// How the element's model of a job follows the stream's events (src/job-view.ts), and which public
// event each stream event becomes (src/overlay-events.ts).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyStreamEvent, createJobView, jobState, layerInfo } from '../../src/job-view.ts';
import type { LabelVolume } from '../../src/labels/label-volume.ts';
import { drawnDetail, overlayEvent } from '../../src/overlay-events.ts';

/** A small decoded preview of job 'a': label 7 on 4 of its 24 voxels. */
function previewVolume(): LabelVolume {
  return {
    shape: [2, 3, 4], spacing: [2, 2, 2], sourceShape: [4, 6, 8], downsampleFactor: 2,
    labels: new Uint8Array(24), labelIds: new Float64Array([0, 7]), labelCounts: new Float64Array([20, 4]),
    surface: { factor: 1, exactFaces: 120, maxFaces: 200_000 },
  } as unknown as LabelVolume;
}

const TIMINGS = { parseMs: 1, base64Ms: 2, inflateMs: 0, convertMs: 3, downsampleMs: 4, densifyMs: 5, changedMs: 6, surfaceMs: 7 };

function previewEvent(previewId: number) {
  return { kind: 'preview', jobId: 'a', previewId, final: false, volume: previewVolume(), decodeMs: 12, timings: TIMINGS, sentAt: 1_000, messageBytes: 100 } as const;
}

/** Label counts as a plain { id: count } object, whichever container the view or event keeps them in. */
function plainCounts(counts: ReadonlyMap<number, number> | Readonly<Record<number, number>>): Record<number, number> {
  return counts instanceof Map ? Object.fromEntries(counts) : { ...counts };
}

describe('JobView', () => {
  it('says the connection state until the socket is open, then the server’s lifecycle, then the terminal state', () => {
    let view = createJobView('a', 0.8);
    assert.equal(jobState(view), 'connecting');
    view = applyStreamEvent(view, { kind: 'state', jobId: 'a', state: 'open', attempt: 1 });
    assert.equal(jobState(view), 'waiting', 'open, but nothing about the job yet (a server that does not replay)');
    view = applyStreamEvent(view, { kind: 'lifecycle', jobId: 'a', state: 'running' });
    assert.equal(jobState(view), 'running');
    view = applyStreamEvent(view, { kind: 'state', jobId: 'a', state: 'reconnecting', attempt: 2, reason: 'down' });
    assert.equal(jobState(view), 'reconnecting');
    assert.equal(view.reason, 'down');
    view = applyStreamEvent(view, { kind: 'completed', jobId: 'a' });
    view = applyStreamEvent(view, { kind: 'state', jobId: 'a', state: 'closed', attempt: 2 });
    assert.equal(jobState(view), 'completed', 'the socket closing after completion does not hide it');
    assert.equal(view.progress, 1);
  });

  it('says running for a late join that brings progress without a lifecycle', () => {
    let view = applyStreamEvent(createJobView('a', 1), { kind: 'state', jobId: 'a', state: 'open', attempt: 1 });
    view = applyStreamEvent(view, { kind: 'progress', jobId: 'a', progress: 0.3 });
    assert.equal(jobState(view), 'running');
  });

  it('says "cancel requested" after an acknowledged cancel while data goes on, until a terminal event wins', () => {
    let view = applyStreamEvent(createJobView('a', 1), { kind: 'state', jobId: 'a', state: 'open', attempt: 1 });
    view = applyStreamEvent(view, { kind: 'lifecycle', jobId: 'a', state: 'running' });
    view = applyStreamEvent(view, { kind: 'lifecycle', jobId: 'a', state: 'cancel requested' });
    view = applyStreamEvent(view, { kind: 'progress', jobId: 'a', progress: 0.9 });
    view = applyStreamEvent(view, { kind: 'lifecycle', jobId: 'a', state: 'running' });
    assert.equal(jobState(view), 'cancel requested');
    view = applyStreamEvent(view, { kind: 'completed', jobId: 'a' });
    assert.equal(jobState(view), 'completed');
  });

  it('ignores a refused connection\'s late failure once a new token restarted the job', () => {
    let view = applyStreamEvent(createJobView('a', 1), { kind: 'state', jobId: 'a', state: 'failed', attempt: 1, code: 4001, reason: 'unauthorized' });
    assert.equal(applyStreamEvent(view, { kind: 'failed', jobId: 'a', code: 'close-4001', message: 'unauthorized', retryable: false }).terminal, 'failed');
    view = createJobView('a', 1); // what the element makes of it when the token changes
    view = applyStreamEvent(view, { kind: 'failed', jobId: 'a', code: 'close-4001', message: 'unauthorized', retryable: false });
    assert.equal(jobState(view), 'connecting');
    assert.equal(applyStreamEvent(view, { kind: 'failed', jobId: 'a', code: 'CUDA_OOM', message: 'oom', retryable: true }).terminal, 'failed', 'a server\'s job_failed always counts');
  });

  it('keeps the latest error visible and counts bad messages, even after good previews', () => {
    let view = createJobView('a', 1);
    view = applyStreamEvent(view, previewEvent(1));
    view = applyStreamEvent(view, { kind: 'error', jobId: 'a', code: 'length', message: 'bad length' });
    view = applyStreamEvent(view, previewEvent(2));
    view = applyStreamEvent(view, { kind: 'error', jobId: 'a', code: 'json', message: 'bad json' });
    view = applyStreamEvent(view, previewEvent(3));
    view = applyStreamEvent(view, previewEvent(4));
    assert.deepEqual([view.previewId, view.previews], [4, 4], 'the good previews were applied');
    assert.deepEqual(plainCounts(view.labelCounts), { 7: 4 });
    assert.equal(view.error, 'bad json');
    assert.equal(view.errors, 2);
  });

  it('keeps stage and message across progress events that omit them', () => {
    let view = createJobView('a', 1);
    view = applyStreamEvent(view, { kind: 'progress', jobId: 'a', progress: 0.2, stage: 'stage_1', message: 'Detecting' });
    view = applyStreamEvent(view, { kind: 'progress', jobId: 'a', progress: 0.4 });
    assert.deepEqual([view.progress, view.stage, view.message], [0.4, 'stage_1', 'Detecting']);
  });
});

describe('overlayEvent', () => {
  it('turns a decoded preview into job-preview with the job’s counts, the latency from the server’s clock and the main-thread time of accepting it', () => {
    const event = previewEvent(3);
    const view = applyStreamEvent(createJobView('a', 1), event);
    const announced = overlayEvent(event, view, { mainThreadMs: 0.4, now: 1_250 });
    assert.equal(announced.type, 'job-preview');
    const { labelCounts, ...rest } = announced.detail as Extract<typeof announced, { type: 'job-preview' }>['detail'];
    assert.deepEqual(plainCounts(labelCounts), { 7: 4 });
    assert.deepEqual(rest, {
      jobId: 'a', previewId: 3, final: false, shape: [2, 3, 4], spacing: [2, 2, 2], sourceShape: [4, 6, 8], downsampleFactor: 2,
      messageBytes: 100, decodeMs: 12, timings: TIMINGS, latencyMs: 250, mainThreadMs: 0.4,
    });
  });

  it('gives job-preview and layer() their own arrays: a host mutating one changes neither the view nor a later layer()', () => {
    const event = previewEvent(3);
    const view = applyStreamEvent(createJobView('a', 1), event);
    const announced = overlayEvent(event, view, { mainThreadMs: 0, now: 1_250 });
    const detail = announced.detail as Extract<typeof announced, { type: 'job-preview' }>['detail'];
    const layer = layerInfo(view);
    for (const held of [detail, layer] as Array<{ shape?: number[]; spacing?: number[]; sourceShape?: number[] }>) {
      held.shape?.fill(99);
      held.spacing?.fill(99);
      held.sourceShape?.fill(99);
    }
    assert.deepEqual([view.shape, view.spacing, view.sourceShape], [[2, 3, 4], [2, 2, 2], [4, 6, 8]]);
    const later = layerInfo(view);
    assert.deepEqual([later.shape, later.spacing, later.sourceShape], [[2, 3, 4], [2, 2, 2], [4, 6, 8]]);
    assert.deepEqual([event.volume.shape, event.volume.spacing, event.volume.sourceShape], [[2, 3, 4], [2, 2, 2], [4, 6, 8]], 'nor the decoded volume the scene draws');
  });

  it('reports a cancelled job as job-failed with code "cancelled", and the server’s lifecycle as job-lifecycle', () => {
    const view = createJobView('a', 1);
    assert.deepEqual(overlayEvent({ kind: 'cancelled', jobId: 'a' }, view, { mainThreadMs: 0, now: 0 }), {
      type: 'job-failed', detail: { jobId: 'a', code: 'cancelled', message: 'The job was cancelled.', retryable: false },
    });
    assert.deepEqual(overlayEvent({ kind: 'lifecycle', jobId: 'a', state: 'running' }, view, { mainThreadMs: 0, now: 0 }), {
      type: 'job-lifecycle', detail: { jobId: 'a', state: 'running' },
    });
  });

  it('job-drawn: the latency runs from the server’s timestamp to the frame that showed the preview', () => {
    assert.deepEqual(drawnDetail('a', { previewId: 4, sentAt: 1_000 }, { mainThreadMs: 3.5, now: 1_180 }), {
      jobId: 'a', previewId: 4, drawnLatencyMs: 180, mainThreadMs: 3.5,
    });
    assert.equal(drawnDetail('a', { previewId: 4, sentAt: undefined }, { mainThreadMs: 1, now: 5 }).drawnLatencyMs, undefined);
  });
});

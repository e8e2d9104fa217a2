// What the element hands its stream session: attributes over `streamOptions`, and the budgets over all
// its jobs divided into each job's share, whatever worker each job lands in.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { faceShare } from '../../src/labels/surface-budget.ts';
import { streamSettings, type StreamAttributes } from '../../src/stream-settings.ts';

function host(overrides: Partial<StreamAttributes> = {}): StreamAttributes {
  return {
    server: 'ws://127.0.0.1:1',
    urlTemplate: '{server}/ws/jobs/{job_id}',
    statusUrlTemplate: '',
    cancelUrlTemplate: '',
    token: '',
    maxVoxels: 128 ** 3,
    noWorker: false,
    jobs: ['a'],
    maxMessageBytes: 0,
    binaryFormat: '',
    clientMessageKey: '',
    streamOptions: {},
    historyBytes: 64 * 2 ** 20,
    surface: '',
    ...overrides,
  };
}

describe('faceShare', () => {
  it('is the per-layer budget, or less: the total divided among the jobs, at least one face', () => {
    assert.equal(faceShare(200_000, 500_000, 1), 200_000);
    assert.equal(faceShare(200_000, 500_000, 4), 125_000);
    assert.equal(faceShare(200_000, 500_000, 0), 200_000);
    assert.equal(faceShare(200_000, 10, 100), 1);
  });
});

describe('streamSettings', () => {
  it('gives every job its share of the total faces, counted over all the element’s jobs', () => {
    const jobs = Array.from({ length: 8 }, (_, i) => `job-${i}`);
    assert.equal(streamSettings(host({ jobs })).options.maxFaces, 62_500);
    assert.equal(streamSettings(host({ jobs: ['a', 'b'] })).options.maxFaces, 200_000);
    assert.equal(streamSettings(host({ jobs, streamOptions: { maxTotalFaces: 80_000 } })).options.maxFaces, 10_000);
    assert.equal(streamSettings(host({ jobs: ['a'], streamOptions: { maxFaces: 5_000 } })).options.maxFaces, 5_000);
  });

  it('divides the history among the jobs and keeps the attributes over streamOptions', () => {
    const settings = streamSettings(host({ jobs: ['a', 'b', 'c', 'd'], historyBytes: 4000, token: 't', streamOptions: { token: 'old', heartbeatIntervalMs: 5 } }));
    assert.equal(settings.options.historyBytes, 1000);
    assert.equal(settings.options.token, 't');
    assert.equal(settings.options.heartbeatIntervalMs, 5);
    assert.equal(settings.worker, true);
  });
});

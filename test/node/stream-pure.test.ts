// The pure parts of the stream layer: socket URLs, reconnect policy, the outbound queue and event
// batching (progress coalescing). The sockets themselves are tested in Chromium against the mock stream.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EventOutbox } from '../../src/stream/event-outbox.ts';
import { isMultiplexed, jobSocketUrl } from '../../src/stream/job-url.ts';
import { OutboundQueue, catchUpMessages } from '../../src/stream/outbound-queue.ts';
import { PreviewDecoder } from '../../src/stream/preview-decoder.ts';
import { MAX_UNKNOWN_TYPES_REPORTED, unknownTypeReport } from '../../src/stream/unknown-types.ts';
import { DEFAULT_STREAM_OPTIONS, resolveStreamOptions } from '../../src/stream/stream-options.ts';
import type { StreamEvent } from '../../src/stream/stream-types.ts';
import { refuseUnparsed } from './preview-arrivals.ts';

describe('jobSocketUrl', () => {
  it('fills the default template and turns http(s) into ws(s)', () => {
    assert.equal(jobSocketUrl('{server}/ws/jobs/{job}', 'http://host:8000/', 'a1', ''), 'ws://host:8000/ws/jobs/a1');
    assert.equal(jobSocketUrl('{server}/ws/jobs/{job}', 'https://host', 'a1', ''), 'wss://host/ws/jobs/a1');
  });

  it('escapes the job id and adds the token as a query parameter, also after an existing query', () => {
    assert.equal(jobSocketUrl('{server}/api/v2/stream/{job}?x=1', 'ws://h', 'a b/c', 's3cr&t'), 'ws://h/api/v2/stream/a%20b%2Fc?x=1&token=s3cr%26t');
  });

  it('knows a template without {job} is multiplexed', () => {
    assert.equal(isMultiplexed('{server}/ws'), true);
    assert.equal(isMultiplexed('{server}/ws/jobs/{job}'), false);
    assert.equal(jobSocketUrl('{server}/ws', 'ws://h', undefined, ''), 'ws://h/ws');
  });

});

describe('OutboundQueue', () => {
  it('keeps cancel_job, collapses duplicate request_status and never queues pings', () => {
    const queue = new OutboundQueue();
    queue.push({ type: 'ping' });
    queue.push({ type: 'request_status', job_id: 'a' });
    queue.push({ type: 'cancel_job', job_id: 'a' });
    queue.push({ type: 'request_status', job_id: 'a' });
    queue.push({ type: 'request_status', job_id: 'b' });
    assert.deepEqual(queue.drain(), [
      { type: 'request_status', job_id: 'a' },
      { type: 'cancel_job', job_id: 'a' },
      { type: 'request_status', job_id: 'b' },
    ]);
    assert.equal(queue.size, 0);
  });

  it('catches up with subscriptions first (multiplexed), then status requests', () => {
    assert.deepEqual(catchUpMessages(['a', 'b'], true), [
      { type: 'subscribe', job_id: 'a' },
      { type: 'subscribe', job_id: 'b' },
      { type: 'request_status', job_id: 'a' },
      { type: 'request_status', job_id: 'b' },
    ]);
    assert.deepEqual(catchUpMessages(['a'], false), [{ type: 'request_status', job_id: 'a' }]);
  });
});

describe('EventOutbox', () => {
  it('coalesces progress per job to the newest and flushes other events at once, in order', (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const batches: StreamEvent[][] = [];
    const outbox = new EventOutbox((events) => batches.push(events), 20);
    for (let i = 0; i <= 100; i++) outbox.push({ kind: 'progress', jobId: 'a', progress: i / 100 });
    outbox.push({ kind: 'progress', jobId: 'b', progress: 0.3 });
    t.mock.timers.tick(19);
    assert.equal(batches.length, 0, 'progress waits for the interval');
    t.mock.timers.tick(1);
    assert.deepEqual(batches, [[
      { kind: 'progress', jobId: 'a', progress: 1 },
      { kind: 'progress', jobId: 'b', progress: 0.3 },
    ]]);
    outbox.push({ kind: 'progress', jobId: 'a', progress: 0.5 });
    outbox.push({ kind: 'completed', jobId: 'a' });
    assert.deepEqual(batches[1], [{ kind: 'progress', jobId: 'a', progress: 0.5 }, { kind: 'completed', jobId: 'a' }]);
  });
});

describe('PreviewDecoder', () => {
  const preview = (previewId: number) => ({
    header: {
      shape: [1, 2, 2] as [number, number, number],
      dtype: 'uint8' as const,
      spacing: [1, 1, 1] as [number, number, number],
      compression: 'none' as const,
      payload: { encoding: 'base64' as const, text: Buffer.from([0, 1, 1, previewId % 256]).toString('base64') },
      previewId,
      final: false,
    },
    body: undefined,
    sentAt: undefined,
    receivedAt: 0,
    messageBytes: 100,
  });

  it('drops a preview older than one already accepted, until the order restarts after a reconnect', async () => {
    const shown: Array<number | string | undefined> = [];
    const decoder = new PreviewDecoder((event) => event.kind === 'preview' && shown.push(event.previewId), refuseUnparsed, () => ({ maxVoxels: 1000, maxInflatedBytes: 1e6, maxFetchBytes: 1e6, fetchTimeoutMs: 5000, maxFaces: 1e6, brickSize: 32 }));
    decoder.submit('a', preview(5) as never);
    await decoder.whenIdle('a');
    decoder.submit('a', preview(3) as never);
    await decoder.whenIdle('a');
    assert.deepEqual(shown, [5], 'preview 3 is older than 5');
    decoder.restartOrder('a');
    decoder.submit('a', preview(1) as never);
    await decoder.whenIdle('a');
    assert.deepEqual(shown, [5, 1], 'a restarted server numbers from 1 again');
  });
});

describe('PreviewDecoder: what it says about a job', () => {
  const floats = (values: number[]) => {
    const bytes = new Uint8Array(values.length * 4);
    const view = new DataView(bytes.buffer);
    values.forEach((v, i) => view.setFloat32(i * 4, v, true));
    return Buffer.from(bytes).toString('base64');
  };
  const preview = (previewId: number | string, values: number[], final = false) => ({
    header: {
      shape: [1, 2, 2] as [number, number, number],
      dtype: 'float32' as const,
      spacing: [1, 1, 1] as [number, number, number],
      compression: 'none' as const,
      payload: { encoding: 'base64' as const, text: floats(values) },
      previewId,
      final,
    },
    body: undefined,
    sentAt: undefined,
    receivedAt: 0,
    messageBytes: 100,
  });

  async function feed(previews: Array<ReturnType<typeof preview>>) {
    const events: StreamEvent[] = [];
    const decoder = new PreviewDecoder((event) => events.push(event), refuseUnparsed, () => ({ maxVoxels: 1000, maxInflatedBytes: 1e6, maxFetchBytes: 1e6, fetchTimeoutMs: 5000, maxFaces: 1e6, brickSize: 32 }));
    for (const p of previews) {
      decoder.submit('a', p as never);
      await decoder.whenIdle('a');
    }
    return events;
  }

  it('reports rounded float labels once per job, with the rule, and still shows every preview', async () => {
    const events = await feed([preview(1, [0, 0.4, 0.6, 2.5]), preview(2, [0, 0.7, 0.2, 1])]);
    const errors = events.filter((e) => e.kind === 'error');
    assert.equal(errors.length, 1);
    assert.match(errors[0]!.kind === 'error' ? errors[0]!.message : '', /rounded to label ids.*halves round to even/);
    assert.equal(events.filter((e) => e.kind === 'preview').length, 2);
  });

  it('says nothing about a 0.0/1.0 float mask', async () => {
    const events = await feed([preview(0, [0, 1, 1, 0])]);
    assert.deepEqual(events.map((e) => e.kind), ['preview']);
  });

  it('reports an order reset once as a job-error with code "order"; the final preview carries final: true', async () => {
    const events = await feed([preview(1, [0, 1, 0, 1]), preview(2 ** 53 - 1, [1, 1, 0, 1]), preview(2, [0, 0, 0, 1]), preview('final', [1, 1, 1, 1], true), preview(3, [0, 0, 0, 0])]);
    const errors = events.filter((e) => e.kind === 'error');
    assert.deepEqual(errors.map((e) => e.kind === 'error' && e.code), ['order']);
    const shown = events.flatMap((e) => (e.kind === 'preview' ? [[e.previewId, e.final]] : []));
    assert.deepEqual(shown, [[1, false], [2 ** 53 - 1, false], [2, false], ['final', true]]);
  });
});

describe('unknownTypeReport', () => {
  it('says an unknown or case-different type once per job, with the type it likely means', () => {
    const reported = new Set<string>();
    assert.match(unknownTypeReport(reported, 'Preview', 'preview') ?? '', /"Preview" were ignored: types are case-sensitive \(did the server mean "preview"\?\)/);
    assert.equal(unknownTypeReport(reported, 'Preview', 'preview'), undefined, 'once per type');
    assert.match(unknownTypeReport(reported, 'job_metrics', undefined) ?? '', /"job_metrics" are not understood/);
    assert.match(unknownTypeReport(new Set(), 'Preview', 'preview') ?? '', /Preview/, 'another job hears it too');
  });

  it(`stops after ${MAX_UNKNOWN_TYPES_REPORTED} types, so a server inventing types cannot flood the host`, () => {
    const reported = new Set<string>();
    const said = Array.from({ length: 100 }, (_, i) => unknownTypeReport(reported, `t${i}`, undefined)).filter(Boolean);
    assert.equal(said.length, MAX_UNKNOWN_TYPES_REPORTED);
  });
});

describe('resolveStreamOptions', () => {
  it('merges over the defaults; a preview timeout that is no positive number keeps its default, others are clamped', () => {
    assert.deepEqual(resolveStreamOptions({}), DEFAULT_STREAM_OPTIONS);
    for (const bad of [Number.NaN, 0, -1, Number.NEGATIVE_INFINITY]) {
      const options = resolveStreamOptions({ previewFetchTimeoutMs: bad, chunkTimeoutMs: bad });
      assert.deepEqual([options.previewFetchTimeoutMs, options.chunkTimeoutMs], [30_000, 15_000], String(bad));
    }
    const clamped = resolveStreamOptions({ previewFetchTimeoutMs: 1, chunkTimeoutMs: Number.POSITIVE_INFINITY });
    assert.deepEqual([clamped.previewFetchTimeoutMs, clamped.chunkTimeoutMs], [50, 600_000]);
    assert.equal(resolveStreamOptions({ chunkTimeoutMs: 300, server: 'ws://x' }).chunkTimeoutMs, 300);
  });
});

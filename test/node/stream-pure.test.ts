// The pure parts of the stream layer: socket URLs, reconnect policy, the outbound queue and event
// batching (progress coalescing). The sockets themselves are tested in Chromium against the mock stream.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EventOutbox } from '../../src/stream/event-outbox.ts';
import { isMultiplexed, jobSocketUrl } from '../../src/stream/job-url.ts';
import { OutboundQueue, catchUpMessages } from '../../src/stream/outbound-queue.ts';
import { PreviewDecoder, type ReadPreview } from '../../src/stream/preview-decoder.ts';
import type { StreamEvent } from '../../src/stream/stream-types.ts';
import { parsedPreview } from './preview-arrivals.ts';

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
  const options = () => ({ maxVoxels: 1000, maxInflatedBytes: 1e6 });
  const refuseText: ReadPreview = () => undefined;

  it('drops a preview older than one already accepted, until the order restarts after a reconnect', async () => {
    const shown: Array<number | undefined> = [];
    const decoder = new PreviewDecoder((event) => event.kind === 'preview' && shown.push(event.previewId), refuseText, options);
    decoder.submit('a', parsedPreview(5));
    await decoder.whenIdle('a');
    decoder.submit('a', parsedPreview(3));
    await decoder.whenIdle('a');
    assert.deepEqual(shown, [5], 'preview 3 is older than 5');
    decoder.restartOrder('a');
    decoder.submit('a', parsedPreview(1));
    await decoder.whenIdle('a');
    assert.deepEqual(shown, [5, 1], 'a restarted server numbers from 1 again');
  });
});

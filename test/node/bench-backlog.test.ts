// The bench's backlog detector (test/bench/backlog.js): drawn latency per 10 s bucket, and the flag
// for a client whose latency grows over the stream.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { backlog, worstJobBacklog } from '../../test/bench/backlog.js';

/** One preview a second for `seconds`, drawn `latency(t)` ms after it was sent. */
const stream = (seconds: number, latency: (t: number) => number) =>
  Array.from({ length: seconds }, (_, i) => ({ t: 1000 + i * 1000, drawnLatencyMs: latency(i) }));
const window = { start: 1000, durationMs: 60_000, bucketMs: 10_000, factor: 1.5 };

describe('bench backlog detector', () => {
  it('keeps a steady client unflagged, with one p50 per 10 s', () => {
    const result = backlog(stream(60, (t) => 100 + (t % 3)), window);
    assert.equal(result.buckets.length, 6);
    assert.deepEqual(result.buckets.map((b) => b.n), [10, 10, 10, 10, 10, 10]);
    assert.equal(result.backsUp, false);
  });

  it('flags a client whose last bucket is more than 1.5× its first', () => {
    const result = backlog(stream(60, (t) => 100 + 20 * t), window);
    assert.equal(result.firstP50, 180);
    assert.equal(result.lastP50, 1180);
    assert.equal(result.backsUp, true);
  });

  it('does not flag growth of exactly 1.5×, and cannot judge a single bucket', () => {
    const steps = backlog(stream(60, (t) => (t < 50 ? 100 : 150)), window);
    assert.equal(steps.growth, 1.5);
    assert.equal(steps.backsUp, false);
    const short = backlog(stream(8, () => 100), { ...window, durationMs: 8000 });
    assert.equal(short.backsUp, null);
  });

  it('leaves undrawn previews out and merges a short last bucket into the one before', () => {
    const previews = [...stream(64, () => 100), { t: 30_000, drawnLatencyMs: null }];
    const result = backlog(previews, { ...window, durationMs: 64_000 });
    assert.equal(result.buckets.length, 6);
    assert.equal(result.buckets[5]!.n, 14);
  });

  it('finds one job falling behind that the pooled buckets hide among three that keep up', () => {
    const steady = (jobId: string) => stream(60, () => 100).map((p) => ({ ...p, jobId }));
    const behind = stream(60, (t) => 200 + 100 * t).filter((_, i) => i % 4 === 0).map((p) => ({ ...p, jobId: 'slow' }));
    const all = [...steady('a'), ...steady('b'), ...steady('c'), ...behind];
    assert.equal(backlog(all, window).backsUp, false, 'pooled: the steady jobs set every p50');
    const worst = worstJobBacklog(all, window);
    assert.equal(worst?.jobId, 'slow');
    assert.equal(worst?.backsUp, true);
    assert.equal(worstJobBacklog(steady('a'), window)?.backsUp, false);
  });
});

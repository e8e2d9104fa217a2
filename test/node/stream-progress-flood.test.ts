// A progress flood, on the worker's side: a flood's progress frames are coalesced per job before their
// parse, yet the newest value and every other message arrive, in order.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { triageTextFrame } from '../../src/stream/frame-triage.ts';
import { FrameReader, type FrameSink } from '../../src/stream/frame-reader.ts';
import { ProgressSlots, PROGRESS_INTERVAL_MS } from '../../src/stream/progress-slots.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const progress = (jobId: string, value: number) => JSON.stringify({ type: 'progress', job_id: jobId, data: { progress: value, stage: 'inference' } });

describe('ProgressSlots', () => {
  it('reads a job’s progress at once when none was read within the interval, else holds the newest', () => {
    const slots = new ProgressSlots(50);
    assert.equal(slots.offer({ jobId: 'a', text: 'a1', receivedAt: 0 }), 'read');
    assert.equal(slots.offer({ jobId: 'b', text: 'b1', receivedAt: 1 }), 'read', 'each job its own interval');
    assert.equal(slots.offer({ jobId: 'a', text: 'a2', receivedAt: 10 }), 'held');
    assert.equal(slots.offer({ jobId: 'a', text: 'a3', receivedAt: 20 }), 'held');
    assert.equal(slots.dueInMs(20), 30);
    assert.deepEqual(slots.take(25).map((frame) => frame.text), ['a3'], 'only the newest waited');
    assert.equal(slots.holding, false);
    assert.equal(slots.offer({ jobId: 'a', text: 'a4', receivedAt: 60 }), 'held', 'the interval counts from the last read');
    assert.equal(slots.offer({ jobId: 'a', text: 'a5', receivedAt: 80 }), 'held', 'a held frame is never overtaken by a read one');
  });
});

describe('triageTextFrame: progress', () => {
  it('sends a small progress frame of each progress type to its slot lane, and anything unsure to be read at once', () => {
    assert.deepEqual(triageTextFrame(progress('a', 0.5), false), { lane: 'progress', jobId: 'a' });
    assert.deepEqual(triageTextFrame('{"type":"progress_update","progress":50}', false), { lane: 'progress', jobId: undefined });
    assert.deepEqual(triageTextFrame('{"type":"processing_progress","job_id":"a","progress":5}', false), { lane: 'progress', jobId: 'a' });
    assert.deepEqual(triageTextFrame('{"data":{"progress":1},"type":"progress"}', false), { lane: 'small' });
    assert.deepEqual(triageTextFrame('{"type":"job_completed","job_id":"a"}', false), { lane: 'small' });
  });
});

describe('FrameReader: a progress flood', () => {
  function reader(jobIds: string[], multiplexed = false) {
    const source = { jobIds: new Set(jobIds), multiplexed };
    const seen: string[] = [];
    const sink: FrameSink<typeof source> = {
      message: (_source, message) => seen.push(message.kind === 'progress' ? `${message.jobId} progress ${message.progress}` : `${message.jobId} ${message.kind}`),
      unparsed: (_source, jobId) => seen.push(`slotted ${jobId}`),
      error: (jobId, error) => seen.push(`error ${jobId} ${error.code}`),
    };
    return { frames: new FrameReader(() => ({ binaryFormat: 'auto', maxMessageBytes: 1e8 }), sink), source, seen };
  }

  it('parses a few of a flood’s progress frames, the newest before the job’s next message, and keeps every other message in order', () => {
    const { frames, source, seen } = reader(['a']);
    for (let i = 1; i <= 1000; i++) frames.text(source, progress('a', i / 1000));
    frames.text(source, '{"type":"job_started","job_id":"a"}');
    for (let i = 1; i <= 500; i++) frames.text(source, progress('a', i / 1000));
    frames.text(source, '{"type":"job_completed","job_id":"a","data":{}}');
    assert.deepEqual(seen, ['a progress 0.001', 'a progress 1', 'a lifecycle', 'a progress 0.5', 'a completed']);
  });

  it('reads the newest held progress once the interval has passed, with no other message to push it', async () => {
    const { frames, source, seen } = reader(['a']);
    for (let i = 1; i <= 100; i++) frames.text(source, progress('a', i / 100));
    assert.deepEqual(seen, ['a progress 0.01']);
    await sleep(PROGRESS_INTERVAL_MS + 30);
    assert.deepEqual(seen, ['a progress 0.01', 'a progress 1']);
  });

  it('on a multiplexed socket, coalesces each job apart, and reads at once a progress frame that names no job (the backend cannot route it)', () => {
    const { frames, source, seen } = reader(['a', 'b'], true);
    for (let i = 1; i <= 10; i++) {
      frames.text(source, progress('a', i / 10));
      frames.text(source, progress('b', i / 100));
    }
    frames.text(source, '{"type":"progress","data":{"progress":0.5}}');
    assert.deepEqual(seen, ['a progress 0.1', 'b progress 0.01', 'a progress 1', 'b progress 0.1', 'undefined progress 0.5']);
  });
});

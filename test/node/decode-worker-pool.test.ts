// The decode workers of one job worker: each job of a multiplexed socket on a decode worker of its own
// up to the limit, kept there (its decode state lives there) until forgotten. Decode workers are fakes
// that record what they are asked (the real ones are tested in Chromium: latency.test.ts).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ScratchMemory } from '../../src/labels/scratch-memory.ts';
import type { DecodePipeline, PipelineResult } from '../../src/stream/decode-pipeline.ts';
import { decodeWorkerLimit, DecodeWorkerPool } from '../../src/stream/decode-worker-pool.ts';
import { resolveStreamOptions } from '../../src/stream/stream-options.ts';

function fakePipelines() {
  const logs: string[][] = [];
  const start = (): DecodePipeline => {
    const log: string[] = [];
    logs.push(log);
    return {
      decode: async (jobId) => {
        log.push(`decode ${jobId}`);
        return {} as PipelineResult;
      },
      forget: (jobId) => void log.push(`forget ${jobId}`),
    };
  };
  return { logs, start };
}

const input = { header: { shape: [1, 1, 1] as [number, number, number], dtype: 'uint8' as const, spacing: [1, 1, 1] as [number, number, number], compression: 'none' as const }, bytes: new Uint8Array(1) };
const decode = (pool: DecodeWorkerPool, jobId: string) => pool.decode(jobId, input, { maxVoxels: 1, maxInflatedBytes: 1, maxFaces: 1, brickSize: 1 }, new ScratchMemory());

describe('DecodeWorkerPool', () => {
  it('gives each job a decode worker of its own up to the limit, keeps it there, and frees it when forgotten', async () => {
    const { logs, start } = fakePipelines();
    const pool = new DecodeWorkerPool(start);
    pool.setLimit(2);
    for (const job of ['a', 'b', 'a', 'c', 'b']) await decode(pool, job);
    assert.deepEqual(logs, [
      ['decode a', 'decode a', 'decode c'],
      ['decode b', 'decode b'],
    ]);
    pool.forget('b');
    await decode(pool, 'd');
    assert.deepEqual(logs[1], ['decode b', 'decode b', 'forget b', 'decode d'], 'the worker b left takes the next job');
  });

  it('keeps every job on one decode worker at the default limit', async () => {
    const { logs, start } = fakePipelines();
    const pool = new DecodeWorkerPool(start);
    for (const job of ['a', 'b', 'c']) await decode(pool, job);
    assert.deepEqual(logs, [['decode a', 'decode b', 'decode c']]);
  });

  it('gives new jobs only to the workers within a lowered limit; placed jobs stay', async () => {
    const { logs, start } = fakePipelines();
    const pool = new DecodeWorkerPool(start);
    pool.setLimit(3);
    for (const job of ['a', 'b', 'c']) await decode(pool, job);
    pool.setLimit(1);
    pool.forget('b');
    for (const job of ['d', 'c']) await decode(pool, job);
    assert.deepEqual(logs, [['decode a', 'decode d'], ['decode b', 'forget b'], ['decode c', 'decode c']]);
  });
});

describe('decodeWorkerLimit', () => {
  it('spreads decodes only where a multiplexed socket keeps the jobs in one job worker', () => {
    assert.equal(decodeWorkerLimit(resolveStreamOptions({ urlTemplate: '{server}/ws' }), 8), 7);
    assert.equal(decodeWorkerLimit(resolveStreamOptions({ urlTemplate: '{server}/ws', workers: 3 }), 2), 3);
    assert.equal(decodeWorkerLimit(resolveStreamOptions({ workers: 4 }), 8), 1);
  });
});

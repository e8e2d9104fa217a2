// The decode worker's plumbing that runs without a browser: a job's payload buffer lent out and given
// back (scratch-memory.ts), and the pipeline keeping each job's decode state between its previews.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ScratchMemory } from '../../src/labels/scratch-memory.ts';
import type { PreviewHeaderLike } from '../../src/labels/decode-preview.ts';
import { pipelineHeader, PipelineStates } from '../../src/stream/decode-pipeline.ts';

const options = { maxVoxels: 1_000_000, maxInflatedBytes: 1_000_000, maxFaces: 1_000_000, brickSize: 32 };
const header: PreviewHeaderLike = { shape: [2, 3, 4], dtype: 'uint8', spacing: [1, 1, 1], compression: 'none' };

describe('ScratchMemory.lend / giveBack', () => {
  it('lends the payload buffer the bytes lie in, out of reach until given back', () => {
    const scratch = new ScratchMemory();
    const buffer = scratch.buffer('payload', 16);
    const bytes = new Uint8Array(buffer, 0, 10).fill(7);
    assert.equal(scratch.lend('payload', bytes), buffer, 'the very buffer the bytes lie in');
    scratch.giveBack('payload', buffer);
    assert.equal(scratch.buffer('payload', 8), buffer, 'given back: reused');
    scratch.lend('payload', bytes);
    assert.notEqual(scratch.buffer('payload', 8), buffer, 'lent out: a use meanwhile gets another buffer');
  });

  it('copies bytes from elsewhere into its buffer, and keeps the bigger buffer of two', () => {
    const scratch = new ScratchMemory();
    const big = scratch.buffer('payload', 64);
    const lent = scratch.lend('payload', new Uint8Array([1, 2, 3]));
    assert.equal(lent, big, 'the job’s own buffer, reused');
    assert.deepEqual([...new Uint8Array(lent, 0, 3)], [1, 2, 3]);
    const small = scratch.buffer('payload', 8);
    scratch.giveBack('payload', lent);
    assert.equal(scratch.buffer('payload', 1), big, 'the bigger one kept');
    assert.notEqual(small, big);
  });
});

describe('PipelineStates', () => {
  it('carries each job’s decode state to its next preview, and forgets it', async () => {
    const pipelines = new PipelineStates();
    const scratch = new ScratchMemory();
    const bytes = new Uint8Array(24).fill(0);
    bytes.fill(3, 0, 6);
    const decode = (jobId: string) => pipelines.decode(jobId, { header, bytes }, options, scratch);
    assert.deepEqual((await decode('a')).changes, { added: 6, removed: 0 }, 'first preview: all added');
    assert.deepEqual((await decode('a')).changes, { added: 0, removed: 0 }, 'the same again: nothing changed');
    assert.deepEqual((await decode('b')).changes, { added: 6, removed: 0 }, 'another job: its own state');
    pipelines.forget('a');
    assert.deepEqual((await decode('a')).changes, { added: 6, removed: 0 }, 'forgotten: first preview again');
  });

  it('sends the decode worker only what the pipeline reads of a header (not its payload text)', () => {
    const full = { ...header, payload: { encoding: 'base64', text: 'AAAA' }, previewId: 3 };
    assert.deepEqual(pipelineHeader(full), header);
  });
});

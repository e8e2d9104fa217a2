// Chunked previews put back together: in order, out of order, missing (dropped with one error after the
// timeout), superseded by a newer preview, and never holding more than the size limit.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ChunkAssembler, type ChunkOutcome, type ChunkPart } from '../../src/stream/chunk-assembler.ts';
import { ChunkedPreviews } from '../../src/stream/chunked-previews.ts';
import type { ArrivedPreview } from '../../src/stream/preview-decoder.ts';
import { waitFor } from './wait-for.ts';

const TEXT = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=';
/** `text` cut into `count` parts of nearly equal length (not on base64 quantum boundaries). */
const split = (text: string, count: number): string[] => {
  const size = Math.ceil(text.length / count);
  return Array.from({ length: count }, (_, i) => text.slice(i * size, (i + 1) * size));
};

function assembler(maxBytes = 1_000, timeoutMs = 5_000) {
  return new ChunkAssembler(() => ({ maxBytes, timeoutMs }));
}
/** As normalize-preview.ts reads it, the id "final" makes a preview final. */
const add = (a: ChunkAssembler, id: number | string, index: number, count: number, part: ChunkPart, now = 0, job = 'j', final = id === 'final') =>
  a.add(job, { id, final, index, count, part, messageBytes: 100 }, now);
const completed = (outcome: ChunkOutcome) => (outcome.kind === 'complete' ? outcome.payload : assert.fail(`${outcome.kind}`));

describe('ChunkAssembler', () => {
  it('joins base64 parts that arrive in order, and only after the last one', () => {
    const a = assembler();
    const parts = split(TEXT, 5);
    const outcomes = parts.map((text, i) => add(a, 7, i, 5, { text }));
    assert.deepEqual(outcomes.slice(0, 4).map((o) => o.kind), ['pending', 'pending', 'pending', 'pending']);
    assert.deepEqual(completed(outcomes[4]!), { text: TEXT });
    assert.equal(a.nextDeadline(), undefined, 'nothing left in memory');
  });

  it('joins parts that arrive out of order, by their index', () => {
    const a = assembler();
    const parts = split(TEXT, 4);
    const order = [2, 0, 3, 1];
    const outcomes = order.map((i) => add(a, 1, i, 4, { text: parts[i]! }));
    assert.deepEqual(completed(outcomes[3]!), { text: TEXT });
  });

  it('joins byte parts (msgpack bin, binary frames) into one buffer', () => {
    const a = assembler();
    add(a, 1, 1, 2, { bytes: Uint8Array.of(4, 5, 6) });
    const joined = completed(add(a, 1, 0, 2, { bytes: Uint8Array.of(1, 2, 3) }));
    assert.deepEqual('bytes' in joined && [...joined.bytes], [1, 2, 3, 4, 5, 6]);
  });

  it('drops a preview whose chunks do not all arrive in time with one error, and its late chunks silently', () => {
    const a = assembler(1_000, 5_000);
    add(a, 3, 0, 3, { text: 'AAAA' }, 1_000);
    add(a, 3, 2, 3, { text: 'AAAA' }, 2_000);
    assert.equal(a.nextDeadline(), 6_000, 'the time runs from the first chunk');
    assert.deepEqual(a.expire(5_999), []);
    assert.deepEqual(a.expire(6_000), [{ jobId: 'j', id: 3, message: 'Preview 3 was dropped: 2 of its 3 chunks arrived within 5 s.' }]);
    assert.deepEqual(a.expire(60_000), [], 'one error, not one per sweep');
    assert.equal(add(a, 3, 1, 3, { text: 'AAAA' }, 6_500).kind, 'stale');
    assert.deepEqual(completed(add(a, 4, 0, 1, { text: 'AAAA' }, 7_000)), { text: 'AAAA' }, 'the next preview is assembled as usual');
  });

  it('abandons an incomplete preview silently when a newer chunked preview begins', () => {
    const a = assembler();
    add(a, 1, 0, 2, { text: 'AAAA' });
    assert.equal(add(a, 2, 0, 2, { text: 'BBBB' }).kind, 'pending');
    assert.equal(add(a, 1, 1, 2, { text: 'AAAA' }).kind, 'stale', 'the older preview is gone');
    assert.deepEqual(completed(add(a, 2, 1, 2, { text: 'CCCC' })), { text: 'BBBBCCCC' });
    assert.deepEqual(a.expire(Number.MAX_SAFE_INTEGER), [], 'no error for the abandoned one');
  });

  it('abandons an incomplete preview when a newer whole preview arrives, keeps it for an older one', () => {
    const a = assembler();
    add(a, 5, 0, 2, { text: 'AAAA' });
    a.supersede('j', 4, false);
    assert.equal(add(a, 5, 1, 2, { text: 'AAAA' }).kind, 'complete', 'an older whole preview changes nothing');
    add(a, 6, 0, 2, { text: 'AAAA' });
    a.supersede('j', 7, false);
    assert.equal(add(a, 6, 1, 2, { text: 'AAAA' }).kind, 'stale');
    assert.equal(a.nextDeadline(), undefined);
  });

  it('assembles a preview with a text id ("final"); a different id abandons it, its late chunks are stale', () => {
    const a = assembler();
    add(a, 7, 0, 2, { text: 'AAAA' });
    assert.equal(add(a, 'final', 0, 2, { text: 'BBBB' }).kind, 'pending', 'a text id is not older than a number');
    assert.equal(add(a, 7, 1, 2, { text: 'AAAA' }).kind, 'stale', 'the numbered preview was abandoned');
    assert.deepEqual(completed(add(a, 'final', 1, 2, { text: 'CCCC' })), { text: 'BBBBCCCC' });
    assert.equal(add(a, 'final', 1, 2, { text: 'CCCC' }).kind, 'stale', 'a repeated chunk of a finished text id');
    add(a, 'named', 0, 2, { text: 'AAAA' }, 0, 'k');
    a.supersede('k', undefined, false);
    assert.equal(add(a, 'named', 1, 2, { text: 'AAAA' }, 0, 'k').kind, 'stale', 'a whole preview without an id supersedes it');
  });

  it('a final preview in chunks is only abandoned by another final: streaming chunks and previews meanwhile are stale', () => {
    const a = assembler();
    add(a, 'final', 0, 3, { text: 'AAAA' });
    assert.equal(add(a, 12, 0, 1, { text: 'ZZZZ' }).kind, 'stale', 'a streaming chunk, even a numbered one');
    a.supersede('j', 13, false);
    assert.equal(add(a, 'final', 1, 3, { text: 'BBBB' }).kind, 'pending', 'a whole streaming preview did not abandon it');
    assert.deepEqual(completed(add(a, 'final', 2, 3, { text: 'CCCC' })), { text: 'AAAABBBBCCCC' });
    // A final numbered below the streaming previews already seen is still a final: not stale.
    add(a, 20, 0, 2, { text: 'AAAA' }, 0, 'k');
    assert.equal(add(a, 3, 0, 2, { text: 'FFFF' }, 0, 'k', true).kind, 'pending', 'is_final with a low id abandons streaming 20');
    assert.equal(add(a, 20, 1, 2, { text: 'AAAA' }, 0, 'k').kind, 'stale');
    assert.deepEqual(completed(add(a, 3, 1, 2, { text: 'GGGG' }, 0, 'k')), { text: 'FFFFGGGG' }, 'is_final on its first chunk only');
    // Another final abandons one being assembled; a whole final too.
    add(a, 'final', 0, 2, { text: 'AAAA' }, 0, 'm');
    assert.equal(add(a, 'final-2', 0, 2, { text: 'BBBB' }, 0, 'm', true).kind, 'pending');
    assert.equal(add(a, 'final', 1, 2, { text: 'AAAA' }, 0, 'm').kind, 'stale');
    a.supersede('m', undefined, true);
    assert.equal(add(a, 'final-2', 1, 2, { text: 'BBBB' }, 0, 'm', true).kind, 'stale');
  });

  it('keeps memory bounded: one preview per job, and its parts never past maxBytes', () => {
    const a = assembler(10);
    assert.equal(add(a, 1, 0, 3, { text: '12345678' }).kind, 'pending');
    const over = add(a, 1, 1, 3, { text: '123' });
    assert.equal(over.kind, 'error');
    assert.match(over.kind === 'error' ? over.message : '', /more than 10 bytes/);
    assert.equal(add(a, 1, 2, 3, { text: '1' }).kind, 'stale', 'the rest of a dropped preview is not kept');
    assert.equal(a.nextDeadline(), undefined);
  });

  it('drops a preview whose chunks disagree on their number or mix text and bytes; ignores a repeated chunk', () => {
    const a = assembler();
    add(a, 1, 0, 3, { text: 'AAAA' });
    assert.equal(add(a, 1, 1, 4, { text: 'AAAA' }).kind, 'error');
    add(a, 2, 0, 2, { text: 'AAAA' });
    assert.equal(add(a, 2, 1, 2, { bytes: Uint8Array.of(1) }).kind, 'error');
    add(a, 3, 0, 2, { text: 'AAAA' });
    assert.equal(add(a, 3, 0, 2, { text: 'ZZZZ' }).kind, 'pending');
    assert.deepEqual(completed(add(a, 3, 1, 2, { text: 'BBBB' })), { text: 'AAAABBBB' });
  });

  it('keeps jobs apart, and starts over after restartOrder (a restarted server numbers from 1 again)', () => {
    const a = assembler();
    add(a, 9, 0, 2, { text: 'AAAA' }, 0, 'a');
    assert.deepEqual(completed(add(a, 1, 0, 1, { text: 'BBBB' }, 0, 'b')), { text: 'BBBB' });
    completed(add(a, 9, 1, 2, { text: 'AAAA' }, 0, 'a'));
    assert.equal(add(a, 1, 0, 1, { text: 'CCCC' }, 0, 'a').kind, 'stale');
    a.restartOrder('a');
    assert.deepEqual(completed(add(a, 1, 0, 1, { text: 'CCCC' }, 0, 'a')), { text: 'CCCC' });
  });
});

describe('ChunkedPreviews: the clock and the hand-over', () => {
  /** A text-frame preview message of 2×2×2 uint8: whole, or chunk `index` of `count`. */
  const arrived = (previewId: number, text: string, chunk?: { index: number; count: number }): ArrivedPreview => ({
    header: {
      shape: [2, 2, 2],
      dtype: 'uint8',
      spacing: [1, 1, 1],
      compression: 'none',
      final: false,
      previewId,
      payload: { encoding: 'base64', text },
      ...(chunk && { chunk }),
    },
    body: undefined,
    sentAt: undefined,
    receivedAt: 0,
    messageBytes: 1000 + (chunk?.index ?? 0),
    parseMs: 0,
  });
  function chunked(timeoutMs: number) {
    const previews: Array<{ jobId: string; preview: ArrivedPreview }> = [];
    const dropped: Array<{ jobId: string; message: string }> = [];
    const chunks = new ChunkedPreviews(() => ({ maxBytes: 1_000, timeoutMs }), {
      preview: (jobId, preview) => previews.push({ jobId, preview }),
      dropped: (jobId, message) => dropped.push({ jobId, message }),
    });
    return { chunks, previews, dropped };
  }

  it('a preview missing a chunk is dropped by the timer with exactly one error; later previews pass', async () => {
    const { chunks, previews, dropped } = chunked(40);
    try {
      chunks.arrived('j', arrived(1, 'AAAA', { index: 0, count: 3 }));
      chunks.arrived('j', arrived(1, 'AAAA', { index: 2, count: 3 }));
      assert.equal(dropped.length, 0, 'not before its time');
      await waitFor(() => dropped.length > 0, 'the chunk timer');
      assert.deepEqual(dropped, [{ jobId: 'j', message: 'Preview 1 was dropped: 2 of its 3 chunks arrived within 0.04 s.' }]);
      chunks.arrived('j', arrived(1, 'AAAA', { index: 1, count: 3 }));
      chunks.arrived('j', arrived(2, 'AAAAAAAAAAA='));
      chunks.arrived('j', arrived(3, 'AAAAAA', { index: 0, count: 2 }));
      chunks.arrived('j', arrived(3, 'AAAAAA==', { index: 1, count: 2 }));
      assert.deepEqual(previews.map(({ preview }) => preview.header.previewId), [2, 3], 'the late chunk of 1 is stale');
      assert.equal(dropped.length, 1, 'still one error');
    } finally {
      chunks.dispose();
    }
  });

  it('hands a complete preview over whole: the parts joined, no chunk field, the size of all its messages', () => {
    const { chunks, previews } = chunked(5_000);
    try {
      chunks.arrived('j', arrived(4, 'AAAAAA==', { index: 1, count: 2 }));
      chunks.arrived('j', arrived(4, 'AAAAAA', { index: 0, count: 2 }));
      const [whole] = previews;
      assert.deepEqual(whole?.preview.header.payload, { encoding: 'base64', text: 'AAAAAAAAAAAA==' });
      assert.equal(whole?.preview.header.chunk, undefined);
      assert.equal(whole?.preview.messageBytes, 1001 + 1000, 'both messages counted, not the last one only');
    } finally {
      chunks.dispose();
    }
  });
});

// Frame triage and the newest-preview slot: which frames are parsed at once, which wait unparsed, and
// that a burst of previews costs one parse and one decode, with every other message kept.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { encode } from '@msgpack/msgpack';
import { mayBeFinalOrChunk, peekEnvelope, triageBinaryFrame, triageTextFrame, TRIAGE_LIMITS } from '../../src/stream/frame-triage.ts';
import { FrameReader, type FrameSink } from '../../src/stream/frame-reader.ts';
import { ALONE_AFTER_MS, DECODE_SETTLE, FLOOD_SETTLE, PreviewDecoder, settleDelayMs, settleFor, type ReadPreview } from '../../src/stream/preview-decoder.ts';
import { PipelineStates } from '../../src/stream/decode-pipeline.ts';
import { parseServerMessage } from '../../src/protocol/parse-server-message.ts';
import { LONG_STRING_CHARS, longStringAt } from '../../src/protocol/json-long-string.ts';
import type { StreamEvent } from '../../src/stream/stream-types.ts';
import { parsedPreview, previewText, refuseUnparsed, textPreview } from './preview-arrivals.ts';

describe('peekEnvelope', () => {
  it('reads the top-level type and job_id before the data, without reading the rest', () => {
    const text = `{ "type" : "preview", "job_id": "j-1", "timestamp": "2025", "n": 3, "data": {"type": "x"` + ' broken';
    assert.deepEqual(peekEnvelope(text, 1024), { type: 'preview', jobId: 'j-1' });
  });

  it('stops at the first nested value: a type after it is unknown', () => {
    assert.deepEqual(peekEnvelope('{"data":{"type":"preview"},"type":"job_completed"}', 1024), { type: undefined, jobId: undefined });
    assert.deepEqual(peekEnvelope('{"type":"preview","data":{"job_id":"other"},"job_id":"a"}', 1024), { type: 'preview', jobId: undefined });
  });

  it('is unsure of escapes, repeated keys, non-string types and anything past its bound', () => {
    assert.equal(peekEnvelope('{"type":"pr\\u0065view"}', 1024).type, undefined);
    assert.equal(peekEnvelope('{"t\\u0079pe":"job_completed","type":"preview"}', 1024).type, undefined);
    assert.deepEqual(peekEnvelope('{"type":"preview","type":"job_completed","job_id":"a"}', 1024), { type: undefined, jobId: undefined });
    assert.equal(peekEnvelope('{"type":7}', 1024).type, undefined);
    assert.equal(peekEnvelope(`{"pad":"${'x'.repeat(2000)}","type":"preview"}`, 1024).type, undefined);
    assert.equal(peekEnvelope('["type","preview"]', 1024).type, undefined);
  });
});

describe('triageTextFrame', () => {
  const big = (head: string) => head + ' '.repeat(TRIAGE_LIMITS.smallFrameChars) + '}';

  it('parses small frames at once, whatever they say', () => {
    assert.deepEqual(triageTextFrame('{"type":"preview","job_id":"a","data":{}}', false), { lane: 'small' });
  });

  it('slots a big frame only when the peek says preview', () => {
    assert.deepEqual(triageTextFrame(big('{"type":"preview","job_id":"a","data":{}'), false), { lane: 'preview', jobId: 'a' });
    assert.deepEqual(triageTextFrame(big('{"type":"job_completed","job_id":"a","data":{}'), false), { lane: 'small' });
    assert.deepEqual(triageTextFrame(big('{"data":{},"type":"preview"'), false), { lane: 'small' });
  });

  it('on a multiplexed socket, slots a preview only when the peek found its job', () => {
    assert.deepEqual(triageTextFrame(big('{"type":"preview","data":{},"job_id":"a"'), true), { lane: 'small' });
    assert.deepEqual(triageTextFrame(big('{"type":"preview","data":{},"job_id":"a"'), false), { lane: 'preview', jobId: undefined });
  });

  it('parses at once a big preview that may be final or a chunk (a scan for the keys, escapes count as may-be)', () => {
    const streaming = previewText('a', 3);
    assert.deepEqual(triageTextFrame(streaming.replace('"method"', '"is_final":false,"method"'), false), { lane: 'preview', jobId: 'a' });
    assert.deepEqual(triageTextFrame(streaming.replace('"method"', '"is_final" : true,"method"'), false), { lane: 'small' });
    assert.deepEqual(triageTextFrame(streaming.replace('"preview_id":3', '"preview_id":" Final "'), false), { lane: 'small' });
    assert.deepEqual(triageTextFrame(streaming.replace('"preview_id":3', '"preview_id":"3"'), false), { lane: 'preview', jobId: 'a' });
    assert.deepEqual(triageTextFrame(streaming.replace('"method"', '"chunk":0,"chunks":2,"method"'), false), { lane: 'small' });
    assert.equal(mayBeFinalOrChunk(streaming.replace('"method"', '"is_fin\\u0061l":true,"method"')), true);
    assert.equal(mayBeFinalOrChunk(streaming), false);
  });

  it('searches only around a long payload, and agrees with a search of the whole text', () => {
    // The straightforward scan: every key searched in the whole text.
    const wholeScan = (text: string) =>
      text.includes('\\') ||
      text.includes('"chunk') ||
      [['"is_final"', /^"is_final"\s*:\s*true/], ['"preview_id"', /^"preview_id"\s*:\s*"\s*final\s*"/i]].some(([key, pattern]) => {
        for (let at = text.indexOf(key as string); at >= 0; at = text.indexOf(key as string, at + 1)) if ((pattern as RegExp).test(text.slice(at, at + 64))) return true;
        return false;
      });
    const payload = 'QUJD'.repeat(LONG_STRING_CHARS / 4 + 10);
    const snippets = ['"is_final":true,', '"is_final" :\n true,', '"is_final":false,', '"preview_id":"final",', '"preview_id": " FINAL ",', '"preview_id":3,', '"chunk":1,', '"chunks":2,', '"x":"\\u0041",', '"y":"a\u0001",', ''];
    const places = ['before', 'after', 'payload start', 'payload end'] as const;
    let agreed = 0;
    let long = 0;
    for (const snippet of snippets) {
      for (const place of places) {
        const body = place === 'payload start' ? snippet.replace(/[",:]/g, '') + payload : place === 'payload end' ? payload + snippet.replace(/[",:]/g, '') : payload;
        const text = `{"type":"preview","job_id":"a",${place === 'before' ? snippet : ''}"data":{"payload":"${body}",${place === 'after' ? snippet : ''}"dtype":"uint8"}}`;
        if (longStringAt(text)) long++;
        assert.equal(mayBeFinalOrChunk(text), wholeScan(text), `${JSON.stringify(snippet)} ${place}`);
        agreed++;
      }
    }
    // The key right at the payload's opening quote, and a control character that keeps the whole text searched.
    for (const text of [`{"data":{"p":"chunk${payload}"}}`, `{"data":{"p":"is_final${payload}"}}`, `{"a":"${payload}\u0001","is_final":true}`]) {
      assert.equal(mayBeFinalOrChunk(text), wholeScan(text), text.slice(0, 30));
    }
    assert.equal(mayBeFinalOrChunk(`{"data":{"p":"chunk${payload}"}}`), true);
    assert.ok(long > agreed / 2, `the long payload was cut out in ${long} of ${agreed} texts`);
  });

  it('agrees with the full parse on a real preview frame', () => {
    const text = previewText('job-7', 3);
    const parsed = parseServerMessage(text);
    assert.ok(parsed.ok && parsed.message.kind === 'preview');
    assert.deepEqual(triageTextFrame(text, true), { lane: 'preview', jobId: 'job-7' });
  });
});

describe('triageBinaryFrame', () => {
  const payload = 'A'.repeat(TRIAGE_LIMITS.smallFrameChars);
  const msgpack = (data: Record<string, unknown>, envelope: Record<string, unknown> = {}) =>
    encode({ type: 'preview', job_id: 'a', ...envelope, data: { shape: [1, 2, 2], dtype: 'uint8', preview_id: 3, ...data } });

  it('slots a big msgpack streaming preview whose payload is text (its decode is the expensive part)', () => {
    assert.deepEqual(triageBinaryFrame(msgpack({ payload }), 'auto', true), { lane: 'preview', jobId: 'a' });
    assert.deepEqual(triageBinaryFrame(msgpack({ payload, is_final: false, scale: [1.5, 1, 1] }), 'auto', true), { lane: 'preview', jobId: 'a' });
  });

  it('reads at once a bin payload (a view: cheap), a final, a chunk, another type, a small one, and anything the walk cannot follow', () => {
    const small = { lane: 'small' };
    assert.deepEqual(triageBinaryFrame(msgpack({ payload: new Uint8Array(TRIAGE_LIMITS.smallFrameChars) }), 'auto', true), small);
    assert.deepEqual(triageBinaryFrame(msgpack({ payload, is_final: true }), 'auto', true), small);
    assert.deepEqual(triageBinaryFrame(msgpack({ payload, preview_id: 'final' }), 'auto', true), small);
    assert.deepEqual(triageBinaryFrame(msgpack({ payload, chunk: 0, chunks: 2 }), 'auto', true), small);
    assert.deepEqual(triageBinaryFrame(msgpack({ payload }, { type: 'job_completed' }), 'auto', true), small);
    assert.deepEqual(triageBinaryFrame(msgpack({ payload: 'AAAA' }), 'auto', true), small);
    assert.deepEqual(triageBinaryFrame(msgpack({ payload }, { job_id: undefined }), 'auto', true), small, 'multiplexed: must name its job');
    const cut = msgpack({ payload });
    assert.deepEqual(triageBinaryFrame(cut.subarray(0, cut.length - 10), 'auto', true), small, 'truncated');
  });
});

describe('FrameReader', () => {
  const source = { jobIds: new Set(['a']), multiplexed: false };
  function reader() {
    const seen: string[] = [];
    const slotted: Array<string | Uint8Array> = [];
    const sink: FrameSink<typeof source> = {
      message: (_source, message) => seen.push(message.kind === 'preview' ? `preview ${String(message.header.previewId)}` : message.kind),
      unparsed: (_source, jobId, preview) => {
        seen.push(`slotted ${jobId}`);
        slotted.push(preview.wire);
      },
      error: (jobId, error) => seen.push(`error ${jobId} ${error.code}`),
    };
    return { frames: new FrameReader(() => ({ binaryFormat: 'auto', maxMessageBytes: 1e8 }), sink), seen, slotted };
  }
  const payload = Buffer.from(new Uint8Array(TRIAGE_LIMITS.smallFrameChars).fill(1)).toString('base64');
  const packed = (data: Record<string, unknown>, type = 'preview') =>
    encode({ type, job_id: 'a', data: { shape: [1, 2, 2], dtype: 'uint8', preview_id: 3, ...data } }).slice().buffer;

  it('slots a big msgpack streaming preview unparsed, and reads it (validated) when it is used', () => {
    const { frames, seen, slotted } = reader();
    frames.binary(source, packed({ shape: [1, 1, TRIAGE_LIMITS.smallFrameChars], payload }));
    assert.deepEqual(seen, ['slotted a']);
    const read = frames.readSlotted('a', slotted[0]!);
    assert.equal(read?.header.previewId, 3);
    assert.equal(read?.header.payload.encoding, 'base64');
  });

  it('reads a final msgpack preview and a small frame at once, in order, then slots a big text preview', () => {
    const { frames, seen } = reader();
    frames.binary(source, packed({ shape: [1, 1, TRIAGE_LIMITS.smallFrameChars], payload, preview_id: 'final' }));
    frames.text(source, '{"type":"progress","job_id":"a","data":{"progress":42,"stage":"inference"}}');
    frames.text(source, previewText('a', 4));
    assert.deepEqual(seen, ['preview final', 'progress', 'slotted a']);
  });

  it('refuses a slotted message whose full parse is not a preview of this job, as a job error', () => {
    const { frames, seen } = reader();
    assert.equal(frames.readSlotted('a', '{"type":"preview","job_id":"a","type":"job_completed"}'), undefined);
    assert.deepEqual(seen, ['error a schema']);
  });
});

describe('settleDelayMs', () => {
  const { quietMs, maxWaitMs } = DECODE_SETTLE;

  it('holds a decode until the job’s previews have paused for the quiet window', () => {
    assert.equal(settleDelayMs(1000, 1000, 1000), quietMs);
    assert.equal(settleDelayMs(1004, 1000, 1000), quietMs - 4);
    assert.equal(settleDelayMs(1000 + quietMs, 1000, 1000), 0);
  });

  it('never holds it longer than the most wait, however fast previews keep coming', () => {
    assert.equal(settleDelayMs(1000 + maxWaitMs - 2, 1000 + maxWaitMs - 2, 1000), 2);
    assert.equal(settleDelayMs(1000 + maxWaitMs, 1000 + maxWaitMs, 1000), 0);
  });
});

describe('settleFor', () => {
  it('lets a preview that came alone start at once, one close behind another wait for quiet, a flood for a long pause', () => {
    assert.equal(settleDelayMs(1000, 1000, 1000, settleFor(1, 500)), 0, 'a stream at 2 Hz');
    assert.equal(settleDelayMs(1000, 1000, 1000, settleFor(1, ALONE_AFTER_MS)), 0);
    assert.equal(settleFor(1, ALONE_AFTER_MS - 1), DECODE_SETTLE, 'the second of a burst');
    assert.equal(settleFor(2, 500), DECODE_SETTLE, 'two since the decode started');
    assert.equal(settleFor(FLOOD_SETTLE.arrivals, 500), FLOOD_SETTLE);
    assert.equal(settleFor(1, Number.POSITIVE_INFINITY).quietMs, 0, 'the job’s first preview');
  });
});

describe('PreviewDecoder: the newest-preview slot', () => {
  const options = () => ({ maxVoxels: 1000, maxInflatedBytes: 1e6, maxFetchBytes: 1e6, fetchTimeoutMs: 5000, maxFaces: 1e6, brickSize: 32 });

  /** A decoder whose slotted texts are parsed for real, counting every parse. */
  function countingDecoder() {
    const events: StreamEvent[] = [];
    const parsedIds: number[] = [];
    const read: ReadPreview = (_jobId, wire) => {
      const parsed = parseServerMessage(String(wire));
      if (!parsed.ok || parsed.message.kind !== 'preview') return undefined;
      parsedIds.push(Number(parsed.message.header.previewId));
      return { header: parsed.message.header, body: undefined, sentAt: undefined };
    };
    const decoder = new PreviewDecoder((event) => events.push(event), read, options);
    const shown = () => events.flatMap((event) => (event.kind === 'preview' ? [`${event.jobId}:${event.previewId}`] : []));
    return { decoder, events, parsedIds, shown };
  }

  it('decodes only the newest of a burst that arrived together, and parses nothing else', async () => {
    const { decoder, parsedIds, shown } = countingDecoder();
    for (let id = 1; id <= 40; id++) decoder.submitUnparsed('a', textPreview('a', id));
    await decoder.whenIdle('a');
    assert.deepEqual(shown(), ['a:40']);
    assert.deepEqual(parsedIds, [40], 'superseded previews are never parsed');
  });

  it('decodes a few of a flood that keeps arriving for a second, not one per decode time', async () => {
    // Each decode takes 40 ms; a preview comes every 8 ms for 1.2 s (150 previews), as Chromium hands a
    // burst over. Without the flood settle it decoded one per ≈ 50 ms (≈ 24); with it, the first, one
    // after a second of flooding, and the newest once the previews pause.
    const slow = new PipelineStates();
    const decode = slow.decode.bind(slow);
    slow.decode = async (...args) => {
      await new Promise((resolve) => setTimeout(resolve, 40));
      return decode(...args);
    };
    const events: StreamEvent[] = [];
    const decoder = new PreviewDecoder((event) => events.push(event), refuseUnparsed, options, slow);
    for (let id = 1; id <= 150; id++) {
      decoder.submit('a', parsedPreview(id));
      await new Promise((resolve) => setTimeout(resolve, 8));
    }
    await decoder.whenIdle('a');
    const shown = events.flatMap((event) => (event.kind === 'preview' ? [event.previewId] : []));
    assert.equal(shown.at(-1), 150, 'the newest is shown');
    assert.ok(shown.length <= 4, `decoded ${shown.length}: ${shown.join(',')}`);
    assert.ok(FLOOD_SETTLE.maxWaitMs < 1200, 'the test floods for longer than the most wait');
  });

  it('starts a lone preview’s decode before the quiet window would end, and holds two that came together for it', async () => {
    // Ordered by timers, not timed: the decoder's task turn (a 0 ms timer) fires before a timer set after
    // it for half the quiet window, and its quiet window (10 ms) after that one.
    let started = 0;
    const watched = new PipelineStates();
    const decode = watched.decode.bind(watched);
    watched.decode = (...args) => {
      started += 1;
      return decode(...args);
    };
    const decoder = new PreviewDecoder(() => undefined, refuseUnparsed, options, watched);
    const halfQuiet = () => new Promise((resolve) => setTimeout(resolve, DECODE_SETTLE.quietMs / 2));
    decoder.submit('alone', parsedPreview(1));
    await halfQuiet();
    assert.equal(started, 1, 'a lone preview is not held for the quiet window');
    decoder.submit('pair', parsedPreview(1));
    decoder.submit('pair', parsedPreview(2));
    await halfQuiet();
    assert.equal(started, 1, 'two together wait for the quiet window');
    await decoder.whenIdle('pair');
    assert.equal(started, 2, 'then only the newer is decoded');
  });

  it('decodes each preview of a stream slower than its decodes, however they clump', async () => {
    const { decoder, shown } = countingDecoder();
    for (let id = 1; id <= 6; id++) {
      // Two at once, then a pause: never three since a decode started.
      decoder.submit('a', parsedPreview(2 * id - 1));
      decoder.submit('a', parsedPreview(2 * id));
      await new Promise((resolve) => setTimeout(resolve, 60));
    }
    await decoder.whenIdle('a');
    assert.deepEqual(shown(), [2, 4, 6, 8, 10, 12].map((id) => `a:${id}`));
  });

  it('decodes a preview that waits when the job finishes (whenIdle covers the slot)', async () => {
    const { decoder, shown } = countingDecoder();
    decoder.submitUnparsed('a', textPreview('a', 1));
    let idle = false;
    const done = decoder.whenIdle('a').then(() => (idle = true));
    assert.equal(idle, false);
    await done;
    assert.deepEqual(shown(), ['a:1']);
  });

  it('keeps each job its own slot', async () => {
    const { decoder, shown } = countingDecoder();
    decoder.submitUnparsed('a', textPreview('a', 1));
    decoder.submitUnparsed('b', textPreview('b', 1));
    decoder.submitUnparsed('a', textPreview('a', 2));
    await Promise.all([decoder.whenIdle('a'), decoder.whenIdle('b')]);
    assert.deepEqual(shown().sort(), ['a:2', 'b:1']);
  });

  it('lets a slotted text preview replace a parsed one, and drops a slotted one older than what was shown', async () => {
    const { decoder, shown } = countingDecoder();
    decoder.submit('a', parsedPreview(1));
    decoder.submitUnparsed('a', textPreview('a', 2));
    await decoder.whenIdle('a');
    decoder.submitUnparsed('a', textPreview('a', 1));
    await decoder.whenIdle('a');
    assert.deepEqual(shown(), ['a:2']);
  });

  it('reports nothing itself for a slotted text its reader refused, and goes on', async () => {
    const { decoder, shown, events } = countingDecoder();
    decoder.submitUnparsed('a', { wire: '{"type":"preview"', receivedAt: 0, messageBytes: 17 });
    await decoder.whenIdle('a');
    decoder.submitUnparsed('a', textPreview('a', 4));
    await decoder.whenIdle('a');
    assert.deepEqual(shown(), ['a:4']);
    assert.equal(events.length, 1);
  });

  it('never lets a later streaming preview replace a final one, waiting or shown', async () => {
    const { decoder, shown } = countingDecoder();
    decoder.submit('a', parsedPreview(1, true));
    decoder.submitUnparsed('a', textPreview('a', 2));
    await decoder.whenIdle('a');
    decoder.submitUnparsed('a', textPreview('a', 3));
    await decoder.whenIdle('a');
    assert.deepEqual(shown(), ['a:final']);
  });
});

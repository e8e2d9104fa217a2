// @ts-check
// Prepared preview frames, replayed: every frame of a stream is encoded once, ahead of time, and each
// send only fills its few changing fields (job id, preview id, timestamps) into a small head. The big
// rest of the frame (the payload) is sent as it is, as the last fragment of the same WebSocket message,
// so a replayed 22 MB preview costs the server a few hundred bytes of work: the benchmark's quiet server.
// A msgpack + gzip preview (the family's service) is prepared its own way: msgpack-ring.js.
import { gunzipSync } from 'node:zlib';
import { decode } from '@msgpack/msgpack';
import { fillMsgpackFrame, prepareMsgpackFrame } from './msgpack-ring.js';
import { buildPreviewFrame } from './preview-frames.js';

/**
 * @typedef {import('./preview-frames.js').Frame} Frame
 * @typedef {import('./job-options.js').JobOptions} JobOptions
 * @typedef {import('./wire-messages.js').JobMessages} JobMessages
 * @typedef {'jobId' | 'timestamp' | 'previewId' | 'sentAtMs'} SlotName
 * @typedef {{ jobId: string, previewId: number, timestamp: string, sentAtMs: number }} SlotValues
 * @typedef {{ kind: 'slots', binary: boolean, chunks: Buffer[], slots: SlotName[], tail: Buffer }} PreparedSlotFrame
 *   `chunks[i]`, slot `i`, `chunks[i + 1]` … make the head (the JSON text, or a binary frame's header);
 *   `tail` is everything after the last slot, sent untouched.
 * @typedef {import('./msgpack-ring.js').PreparedMsgpackFrame} PreparedMsgpackFrame
 * @typedef {PreparedSlotFrame | PreparedMsgpackFrame} PreparedFrame
 */

/** Placeholders written where a string field changes per send; chosen so no JSON escaping touches them. */
const JOB_ID_MARK = '@@ring-job-id@@';
const TIMESTAMP_MARK = '@@ring-timestamp@@';

/** Numeric fields whose digits change per send: the JSON key, and its slot. */
const NUMBER_SLOTS = /** @type {const} */ ([['"preview_id":', 'previewId'], ['"sent_at_ms":', 'sentAtMs']]);

/**
 * Cuts a frame built with the placeholders (and any numeric `preview_id` / `sent_at_ms`) into a
 * prepared frame. A non-numeric `preview_id` (a string id) stays as it was built.
 * @param {Frame} frame
 * @returns {PreparedSlotFrame}
 */
export function prepareFrame(frame) {
  const headerStart = frame.binary ? 4 : 0;
  const headerEnd = frame.binary ? 4 + frame.data.readUInt32LE(0) : frame.data.length;
  const header = frame.data.subarray(headerStart, headerEnd);
  /** @type {Array<{ start: number, end: number, slot: SlotName }>} */
  const found = [];
  for (const [mark, slot] of /** @type {const} */ ([[`"${JOB_ID_MARK}"`, 'jobId'], [`"${TIMESTAMP_MARK}"`, 'timestamp']])) {
    for (let at = header.indexOf(mark); at !== -1; at = header.indexOf(mark, at + mark.length)) {
      found.push({ start: at, end: at + mark.length, slot });
    }
  }
  for (const [key, slot] of NUMBER_SLOTS) {
    const at = header.indexOf(key);
    if (at === -1) continue;
    let end = at + key.length;
    while (end < header.length && /** @type {number} */ (header[end]) >= 0x30 && /** @type {number} */ (header[end]) <= 0x39) end++;
    if (end > at + key.length) found.push({ start: at + key.length, end, slot });
  }
  found.sort((a, b) => a.start - b.start);
  const lastEnd = found.length ? /** @type {{ end: number }} */ (found[found.length - 1]).end : 0;
  // The head of a binary frame is its whole header (its length is rewritten per send); of a text frame,
  // the text up to the last slot.
  const headEnd = frame.binary ? header.length : lastEnd;
  /** @type {Buffer[]} */
  const chunks = [];
  let from = 0;
  for (const { start, end } of found) {
    chunks.push(Buffer.from(header.subarray(from, start)));
    from = end;
  }
  chunks.push(Buffer.from(header.subarray(from, headEnd)));
  const tail = frame.binary ? frame.data.subarray(headerEnd) : frame.data.subarray(headEnd);
  return { kind: 'slots', binary: frame.binary, chunks, slots: found.map((f) => f.slot), tail };
}

/**
 * The frame to send: a fresh head with the values filled in, and the prepared tail.
 * @param {PreparedFrame} prepared @param {SlotValues} values
 * @returns {Frame}
 */
export function fillFrame(prepared, values) {
  if (prepared.kind === 'msgpack') return fillMsgpackFrame(prepared, values);
  /** @type {Buffer[]} */
  const parts = [];
  prepared.chunks.forEach((chunk, i) => {
    parts.push(chunk);
    const slot = prepared.slots[i];
    if (slot === undefined) return;
    const value = values[slot];
    parts.push(Buffer.from(typeof value === 'string' ? JSON.stringify(value) : String(value), 'utf8'));
  });
  let head = Buffer.concat(parts);
  if (prepared.binary) {
    const length = Buffer.allocUnsafe(4);
    length.writeUInt32LE(head.length, 0);
    head = Buffer.concat([length, head]);
  }
  return { data: head, tail: prepared.tail, binary: prepared.binary };
}

/**
 * Frames of one job's stream, encoded before it runs: preview k sends `cycle[(k - 1) % cycle.length]`,
 * except the job's last preview, which sends `last` when there is one.
 */
export class FrameRing {
  /** @param {PreparedFrame[]} cycle @param {PreparedFrame | null} [last] */
  constructor(cycle, last = null) {
    if (cycle.length === 0) throw new Error('a frame ring needs at least one frame');
    this.cycle = cycle;
    this.last = last;
  }

  /**
   * @param {number} previewId 1-based @param {boolean} isLast whether it is the job's last preview
   * @param {Omit<SlotValues, 'previewId'>} values
   */
  frame(previewId, isLast, values) {
    const prepared = isLast && this.last ? this.last : /** @type {PreparedFrame} */ (this.cycle[(previewId - 1) % this.cycle.length]);
    return fillFrame(prepared, { ...values, previewId });
  }

  /** Bytes held (what the ring costs in memory). */
  get bytes() {
    const size = (/** @type {PreparedFrame} */ f) => (f.kind === 'msgpack' ? f.head.length : f.tail.length + f.chunks.reduce((m, c) => m + c.length, 0));
    return [...this.cycle, ...(this.last ? [this.last] : [])].reduce((n, f) => n + size(f), 0);
  }
}

/**
 * Encodes frames of a job with `options` (as buildPreviewFrame would send previews firstId..firstId+size-1,
 * i.e. those steps of the job's growth) into a ring; `last`, when given, is the options of the job's last
 * preview (another grid or dtype). Any job can replay the ring: the job id is a slot too.
 * @param {{ options: JobOptions, seed: number, size: number, firstId?: number, last?: JobOptions | null }} spec
 */
export function buildFrameRing({ options, seed, size, firstId = 1, last = null }) {
  const messages = { jobId: JOB_ID_MARK, timestamp: () => TIMESTAMP_MARK };
  const prepare = (/** @type {JobOptions} */ o, /** @type {number} */ previewId) => {
    const frame = buildPreviewFrame({ options: o, messages: /** @type {JobMessages} */ (/** @type {unknown} */ (messages)), seed, previewId });
    return o.encoding === 'msgpack' ? prepareMsgpackFrame(readMsgpack(frame.data)) : prepareFrame(frame);
  };
  const cycle = [];
  for (let k = firstId; k < firstId + size; k++) cycle.push(prepare(options, k));
  return new FrameRing(cycle, last ? prepare(last, last.previews) : null);
}

/** A msgpack frame back to its message (gzip-compressed or not). @param {Buffer} data @returns {Record<string, unknown>} */
function readMsgpack(data) {
  const gzipped = data[0] === 0x1f && data[1] === 0x8b;
  return /** @type {Record<string, unknown>} */ (decode(gzipped ? gunzipSync(data) : data));
}

// Frame triage (worker side, pure): decides, before any parse, which lane a frame takes. Small frames
// (progress, lifecycle, terminal, errors) are parsed and delivered at once, in order. A big frame that
// says it is a streaming `preview` waits, unparsed, in its job's newest-preview slot, where a newer one
// may replace it: a superseded preview then costs no parse. A preview that may be final or a chunk is
// parsed at once (a final must outrank later streaming previews; chunks are all needed). Unsure means
// small: a full parse in order is always correct, only slower.
// Binary frames: this widget's own frame has a small JSON header and is cheap to read; msgpack is
// peeked (msgpack-peek.ts) and only a text payload is worth slotting (a bin payload is a view, cheap);
// gzip cannot be peeked without inflating, and a large gzip message is not surely a preview, so it is
// inflated and parsed in order.
import { binaryKind, type BinaryFormat } from '../protocol/binary-format.ts';
import { longStringAt } from '../protocol/json-long-string.ts';
import { peekMsgpackEnvelope } from './msgpack-peek.ts';

/** When a text frame is big enough to be worth a peek, and how far the peek may read. */
export interface TriageLimits {
  /** Text frames shorter than this (characters) are always parsed at once. */
  smallFrameChars: number;
  /** The peek reads at most this many characters from the start of the frame. */
  peekChars: number;
}

export const TRIAGE_LIMITS: TriageLimits = {
  // A progress or lifecycle message is a few hundred characters; a CryoMamba streaming preview 137 k.
  smallFrameChars: 16 * 1024,
  // The envelope's `type` and `job_id` come before `data` in every server seen: well inside 1 k.
  peekChars: 1024,
};

export type FrameLane =
  | { lane: 'small' }
  /** `jobId` is the envelope's top-level `job_id` when the peek saw it before any nested value. */
  | { lane: 'preview'; jobId: string | undefined };

/** What a peek found at the top level of a JSON object: plain strings only (an escape means unsure). */
export interface PeekedEnvelope {
  type: string | undefined;
  jobId: string | undefined;
}

/**
 * The lane of a text frame. `needJobId`: the socket is multiplexed, so a preview must name its job in
 * the peek to get a slot (otherwise it is parsed at once, like any frame the peek is unsure of).
 */
export function triageTextFrame(text: string, needJobId: boolean, limits: TriageLimits = TRIAGE_LIMITS): FrameLane {
  if (text.length < limits.smallFrameChars) return { lane: 'small' };
  const peeked = peekEnvelope(text, limits.peekChars);
  if (peeked.type !== 'preview') return { lane: 'small' };
  if (needJobId && peeked.jobId === undefined) return { lane: 'small' };
  if (mayBeFinalOrChunk(text)) return { lane: 'small' };
  return { lane: 'preview', jobId: peeked.jobId };
}

/** The lane of a binary frame: only a big msgpack streaming preview with a text payload waits unparsed. */
export function triageBinaryFrame(bytes: Uint8Array, format: BinaryFormat, needJobId: boolean, limits: TriageLimits = TRIAGE_LIMITS): FrameLane {
  if (bytes.length < limits.smallFrameChars || binaryKind(bytes, format) !== 'msgpack') return { lane: 'small' };
  const peeked = peekMsgpackEnvelope(bytes);
  if (!peeked || peeked.type !== 'preview' || peeked.payload !== 'str' || peeked.final || peeked.chunked) return { lane: 'small' };
  if (needJobId && peeked.jobId === undefined) return { lane: 'small' };
  return { lane: 'preview', jobId: peeked.jobId };
}

const FINAL_FLAG = /^"is_final"\s*:\s*true/;
const FINAL_ID = /^"preview_id"\s*:\s*"\s*final\s*"/i;

/**
 * Whether a preview's text may be final (`"is_final": true`, `"preview_id": "final"`) or a chunk, by a
 * scan for those keys (native indexOf, against ≈ 160 ms for a 22 MB JSON.parse). Base64 holds no quote,
 * so the keys can only be keys; an escape anywhere could spell a key otherwise, so it counts as "may be".
 * Only the text around the long string (the payload) is searched: a key starts with a quote, and the
 * long string holds none, so a key can only begin at its opening quote (searched: the first characters
 * after it are kept) or after it. One 22 MB scan instead of four.
 */
export function mayBeFinalOrChunk(text: string): boolean {
  if (text.includes('\\')) return true;
  const long = longStringAt(text);
  const parts = long ? [text.slice(0, Math.min(long.end, long.start + KEY_WINDOW)), text.slice(long.end)] : [text];
  return parts.some((part) => part.includes('"chunk') || keyMatches(part, '"is_final"', FINAL_FLAG) || keyMatches(part, '"preview_id"', FINAL_ID));
}

/** How many characters after a key's start the key patterns read. */
const KEY_WINDOW = 64;

function keyMatches(text: string, key: string, pattern: RegExp): boolean {
  for (let at = text.indexOf(key); at >= 0; at = text.indexOf(key, at + key.length)) {
    if (pattern.test(text.slice(at, at + KEY_WINDOW))) return true;
  }
  return false;
}

const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Reads the top-level `type` and `job_id` string values of a JSON object from its first `maxChars`
 * characters, without parsing the rest. It stops at the first nested object or array value (what
 * follows it is unknown without scanning it) and at anything it does not expect.
 */
export function peekEnvelope(text: string, maxChars: number): PeekedEnvelope {
  const found: PeekedEnvelope = { type: undefined, jobId: undefined };
  const end = Math.min(text.length, maxChars);
  let at = skipWhitespace(text, 0, end);
  if (text.charCodeAt(at) !== 0x7b /* { */) return found;
  at += 1;
  for (;;) {
    at = skipWhitespace(text, at, end);
    const key = readPlainString(text, at, end);
    if (!key) return found;
    at = skipWhitespace(text, key.next, end);
    if (text.charCodeAt(at) !== 0x3a /* : */) return found;
    at = skipWhitespace(text, at + 1, end);
    if (at >= end) return found;
    const first = text.charCodeAt(at);
    if (first === QUOTE) {
      const value = readPlainString(text, at, end);
      if (!value) return found;
      // A repeated key: JSON.parse keeps the last one, which may lie past the peek. Unsure.
      if ((key.value === 'type' && found.type !== undefined) || (key.value === 'job_id' && found.jobId !== undefined)) {
        return { type: undefined, jobId: undefined };
      }
      if (key.value === 'type') found.type = value.value;
      if (key.value === 'job_id') found.jobId = value.value;
      at = value.next;
    } else if (first === 0x7b || first === 0x5b /* { [ */) {
      return found;
    } else {
      // A number, true, false or null: up to the next comma or brace.
      while (at < end && text.charCodeAt(at) !== 0x2c && text.charCodeAt(at) !== 0x7d) at += 1;
      if (key.value === 'type' || key.value === 'job_id') return { type: undefined, jobId: undefined };
    }
    at = skipWhitespace(text, at, end);
    if (found.type !== undefined && found.jobId !== undefined) return found;
    if (text.charCodeAt(at) !== 0x2c /* , */) return found;
    at += 1;
  }
}

function skipWhitespace(text: string, at: number, end: number): number {
  while (at < end && WHITESPACE.has(text.charCodeAt(at))) at += 1;
  return at;
}

/** A string literal at `at` with no escape in it, or undefined (an escape, or the peek's end, first). */
function readPlainString(text: string, at: number, end: number): { value: string; next: number } | undefined {
  if (text.charCodeAt(at) !== QUOTE) return undefined;
  const close = text.indexOf('"', at + 1);
  if (close < 0 || close >= end) return undefined;
  const value = text.slice(at + 1, close);
  if (value.includes(String.fromCharCode(BACKSLASH))) return undefined;
  return { value, next: close + 1 };
}

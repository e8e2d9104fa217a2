// Frame triage (worker side, pure): decides, before any JSON.parse, which lane a text frame takes.
// Small frames (progress, lifecycle, terminal, errors) are parsed and delivered at once, in order. A
// big frame that says it is a `preview` waits, unparsed, in its job's newest-preview slot, where a newer
// one may replace it: a superseded preview then costs no parse. Unsure means small: a full parse in
// order is always correct, only slower.

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
  return { lane: 'preview', jobId: peeked.jobId };
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

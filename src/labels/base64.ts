// Standard base64 text → bytes. Uses the platform's Uint8Array.fromBase64 where it exists (Chromium),
// else a table decoder of our own; both are strict (padding required, no stray bits) and ignore ASCII whitespace.
// A preview's bytes can be written into its job's scratch memory: 16 MB of fresh memory per 256³
// preview cost more in page faults than the decode itself (Chromium: fromBase64 100–500 ms on a loaded
// 2-core machine, setFromBase64 into a buffer already written ≈ 2 ms).
import { LabelDecodeError } from './decode-error.ts';
import type { ScratchMemory } from './scratch-memory.ts';

type FromBase64 = (text: string, options: { lastChunkHandling: 'strict' }) => Uint8Array;
type SetFromBase64 = (this: Uint8Array, text: string, options: { lastChunkHandling: 'strict' }) => { read: number; written: number };

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const INVALID = 0xff;
/** char code (< 256) → 6-bit value, INVALID for everything outside the alphabet (including '='). */
const SEXTET = new Uint8Array(256).fill(INVALID);
for (let i = 0; i < ALPHABET.length; i++) SEXTET[ALPHABET.charCodeAt(i)] = i;

// The set fromBase64 skips (the "forgiving-base64" ASCII whitespace).
const WHITESPACE = /[\t\n\f\r ]/;
const WHITESPACE_ALL = /[\t\n\f\r ]+/g;

/** `length` bytes to decode into: the scratch's payload buffer, else new. */
function outputBytes(length: number, scratch: ScratchMemory | undefined): Uint8Array {
  return scratch ? new Uint8Array(scratch.buffer('payload', length), 0, length) : new Uint8Array(length);
}

/**
 * Decodes standard base64 (RFC 4648 alphabet, padded). Throws LabelDecodeError('payload') on bad input.
 * With `scratch`, the bytes are a view of its payload buffer (valid until its next use) instead of a new array.
 */
export function decodeBase64(text: string, scratch?: ScratchMemory): Uint8Array {
  // Looked up per call (not at load) so a platform or test that adds them later is honoured.
  const native = (Uint8Array as unknown as { fromBase64?: FromBase64 }).fromBase64;
  const nativeInto = (Uint8Array.prototype as unknown as { setFromBase64?: SetFromBase64 }).setFromBase64;
  if (typeof native !== 'function' || (scratch && typeof nativeInto !== 'function')) return decodeBase64Portable(text, scratch);
  try {
    if (!scratch) return native.call(Uint8Array, text, { lastChunkHandling: 'strict' });
    // No valid text decodes to more bytes than this (whitespace only makes it fewer).
    const out = outputBytes(Math.floor(text.length / 4) * 3, scratch);
    const { read, written } = nativeInto!.call(out, text, { lastChunkHandling: 'strict' });
    if (read === text.length) return out.subarray(0, written);
    // Unreachable (the buffer holds the longest result), but never return a partial decode.
    return native.call(Uint8Array, text, { lastChunkHandling: 'strict' });
  } catch (cause) {
    // The native error says only "invalid character"; our decoder says where and why.
    const reason = decodeStrict(text.replace(WHITESPACE_ALL, ''));
    const detail = typeof reason === 'string' ? reason : 'it was rejected by the platform decoder';
    throw new LabelDecodeError('payload', `Preview payload is not valid base64: ${detail}.`, { cause });
  }
}

/** The fallback decoder, exported for tests; same contract as decodeBase64. */
export function decodeBase64Portable(text: string, scratch?: ScratchMemory): Uint8Array {
  let result = decodeStrict(text, scratch);
  // Whitespace is rare on the wire, so strip it only after the fast path has failed.
  if (typeof result === 'string' && WHITESPACE.test(text)) result = decodeStrict(text.replace(WHITESPACE_ALL, ''), scratch);
  if (typeof result === 'string') throw new LabelDecodeError('payload', `Preview payload is not valid base64: ${result}.`);
  return result;
}

/** Decoded bytes, or the reason (a sentence fragment) the text is not strict base64. */
function decodeStrict(s: string, scratch?: ScratchMemory): Uint8Array | string {
  const n = s.length;
  if (n % 4 !== 0) return `its length ${n} is not a multiple of 4 (truncated or unpadded)`;
  if (n === 0) return new Uint8Array(0);
  const pad = s.charCodeAt(n - 1) !== 61 ? 0 : s.charCodeAt(n - 2) !== 61 ? 1 : 2;
  const length = (n / 4) * 3 - pad;
  const out = outputBytes(length, scratch);
  const bodyEnd = pad === 0 ? n : n - 4;
  const table = SEXTET;
  let o = 0;
  for (let i = 0; i < bodyEnd; i += 4) {
    const c0 = s.charCodeAt(i), c1 = s.charCodeAt(i + 1), c2 = s.charCodeAt(i + 2), c3 = s.charCodeAt(i + 3);
    if ((c0 | c1 | c2 | c3) > 0xff) return badCharacter(s, i);
    const a = table[c0]!, b = table[c1]!, c = table[c2]!, d = table[c3]!;
    if (((a | b | c | d) & 0xc0) !== 0) return badCharacter(s, i); // INVALID has the top bits set
    out[o] = (a << 2) | (b >> 4);
    out[o + 1] = ((b & 0x0f) << 4) | (c >> 2);
    out[o + 2] = ((c & 0x03) << 6) | d;
    o += 3;
  }
  if (pad === 0) return out;
  const c0 = s.charCodeAt(bodyEnd), c1 = s.charCodeAt(bodyEnd + 1), c2 = s.charCodeAt(bodyEnd + 2);
  const a = sextet(c0), b = sextet(c1), c = pad === 1 ? sextet(c2) : 0;
  if (a === INVALID || b === INVALID || c === INVALID) return badCharacter(s, bodyEnd);
  // Strict: the bits after the last whole byte must be zero, or two texts would decode to the same bytes.
  if (pad === 2 ? (b & 0x0f) !== 0 : (c & 0x03) !== 0) return `its last group "${s.slice(bodyEnd)}" has non-zero padding bits`;
  out[o] = (a << 2) | (b >> 4);
  if (pad === 1) out[o + 1] = ((b & 0x0f) << 4) | (c >> 2);
  return out;
}

function sextet(code: number): number {
  return code > 0xff ? INVALID : SEXTET[code]!;
}

function badCharacter(s: string, groupStart: number): string {
  let at = groupStart;
  while (at < s.length && sextet(s.charCodeAt(at)) !== INVALID) at++;
  const shown = at < s.length ? JSON.stringify(s[at]) : 'end of text';
  return `unexpected character ${shown} at offset ${at}`;
}

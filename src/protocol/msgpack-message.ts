// A msgpack-encoded server message (the family's real-time service: `msgpack.packb(message)`) to the
// same JobMessage a JSON text would give, through the same validation. A preview's mask may come as
// msgpack `bin` bytes instead of base64 text: those bytes are handed back as the body, like the bytes
// after the header of this widget's own binary frame, without a copy. The headers are walked first
// (msgpack-scan.ts): the decoder alone would allocate whatever counts a hostile message declares.

import { decode, type DecoderOptions } from '@msgpack/msgpack';
import { kindOf } from './explain-issue.ts';
import { boundText } from './limits.ts';
import { msgpackScanProblem } from './msgpack-scan.ts';
import { type ParseOptions, type ParseResult, parseServerValue } from './parse-server-message.ts';

export type MsgpackParse = { result: ParseResult; body?: Uint8Array };

export function parseMsgpackMessage(bytes: Uint8Array, options: Omit<ParseOptions, 'frame'> = {}): MsgpackParse {
  const problem = msgpackScanProblem(bytes);
  if (problem) return notMsgpack(problem);
  let value: unknown;
  try {
    // The decoder refuses `__proto__` keys and non-string, non-number map keys by itself.
    value = decode(bytes, decoderLimits(bytes));
  } catch (error) {
    return notMsgpack(error instanceof Error ? boundText(error.message, 200) : 'unreadable');
  }
  const data = previewData(value);
  if (data && data.payload instanceof Uint8Array) {
    const { payload, ...rest } = data;
    const message = { ...(value as Record<string, unknown>), data: rest };
    return { result: parseServerValue(message, { ...options, frame: 'binary' }), body: payload };
  }
  if (data && data.payload !== undefined && data.payload !== null && typeof data.payload !== 'string') {
    const field = 'data.payload';
    return {
      result: { ok: false, error: { rule: 'payload', field, message: `Preview payload must be msgpack bin bytes or a base64 string, not ${kindOf(data.payload)}.` } },
    };
  }
  return { result: parseServerValue(value, { ...options, frame: 'text' }) };
}

/** No job message holds a longer list or more keys; the scan already bounds them by the bytes. */
const MAX_CONTAINER_LENGTH = 4096;

/**
 * A second fence behind the scan. Strings and `bin` (a preview's whole mask) may be as long as the
 * message itself, which the size limit already bounds; an extension is only a Timestamp (at most 12 bytes).
 */
function decoderLimits(bytes: Uint8Array): DecoderOptions {
  return {
    maxArrayLength: MAX_CONTAINER_LENGTH,
    maxMapLength: MAX_CONTAINER_LENGTH,
    maxStrLength: bytes.byteLength,
    maxBinLength: bytes.byteLength,
    maxExtLength: 12,
  };
}

function notMsgpack(reason: string): MsgpackParse {
  return { result: { ok: false, error: { rule: 'msgpack', message: `The server sent a binary message that is not valid msgpack (${reason}).` } } };
}

/** The `data` of a preview message, when `value` is one. */
function previewData(value: unknown): Record<string, unknown> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const message = value as Record<string, unknown>;
  const data = message.data;
  if (message.type !== 'preview' || typeof data !== 'object' || data === null || Array.isArray(data)) return undefined;
  return data as Record<string, unknown>;
}

// A binary WebSocket message to a JobMessage (worker side): this widget's own frame, msgpack, or
// gzip-compressed msgpack, told apart by the rule in protocol/binary-format.ts unless `binary-format`
// forces one. Synchronous unless the message must be inflated first.
import { splitBinaryFrame } from '../labels/binary-frame.ts';
import { LabelDecodeError } from '../labels/decode-error.ts';
import { inflate, InflateLimitError } from '../labels/inflate.ts';
import { binaryKind, type BinaryFormat } from '../protocol/binary-format.ts';
import type { JobMessage } from '../protocol/job-message.ts';
import { parseMsgpackMessage } from '../protocol/msgpack-message.ts';
import { parseServerMessage, type ParseResult } from '../protocol/parse-server-message.ts';
import type { ProtocolError } from '../protocol/protocol-error.ts';
import type { StreamErrorCode } from './stream-types.ts';

/** A ProtocolError, or a decoding rule (`compression`), under the stream's error code. */
export type BinaryReadError = Omit<ProtocolError, 'rule'> & { code: StreamErrorCode };

export type BinaryRead =
  | { ok: true; message: JobMessage; body: Uint8Array | undefined }
  | { ok: false; error: BinaryReadError };

export interface BinaryReadOptions {
  format: BinaryFormat;
  /** The most bytes a gzip-compressed message may inflate to. */
  maxBytes: number;
}

export function readBinaryMessage(buffer: ArrayBuffer, { format, maxBytes }: BinaryReadOptions): BinaryRead | Promise<BinaryRead> {
  const bytes = new Uint8Array(buffer);
  switch (binaryKind(bytes, format)) {
    case 'frame':
      return readFrame(bytes);
    case 'msgpack':
      return readMsgpack(bytes);
    case 'gzip':
      return readGzip(bytes, maxBytes);
    case 'unknown': {
      const start = [...bytes.subarray(0, 4)].map((byte) => byte.toString(16).padStart(2, '0')).join(' ');
      return failed('payload', `A binary message starting with ${start || 'nothing'} is neither this widget's binary frame nor msgpack; set binary-format to force one reading.`);
    }
  }
}

function readFrame(bytes: Uint8Array): BinaryRead {
  let frame: ReturnType<typeof splitBinaryFrame>;
  try {
    frame = splitBinaryFrame(bytes);
  } catch (error) {
    return failed('payload', error instanceof LabelDecodeError ? error.message : 'A binary frame could not be read.');
  }
  return fromParse(parseServerMessage(frame.headerText, { frame: 'binary' }), frame.body);
}

function readMsgpack(bytes: Uint8Array): BinaryRead {
  const { result, body } = parseMsgpackMessage(bytes);
  return fromParse(result, body);
}

async function readGzip(bytes: Uint8Array, maxBytes: number): Promise<BinaryRead> {
  let inflated: Uint8Array;
  try {
    inflated = await inflate(bytes, 'gzip', maxBytes, 'message');
  } catch (error) {
    if (error instanceof InflateLimitError) {
      return failed('size', `A gzip-compressed message inflates to more than ${maxBytes} bytes, the limit; it was dropped.`);
    }
    return failed('compression', error instanceof Error ? error.message : 'A gzip-compressed message could not be inflated.');
  }
  return readMsgpack(inflated);
}

function fromParse(result: ParseResult, body: Uint8Array | undefined): BinaryRead {
  return result.ok ? { ok: true, message: result.message, body } : { ok: false, error: readError(result) };
}

/** A failed parse as the error a stream reports (text frames' too). */
export function readError(result: Extract<ParseResult, { ok: false }>): BinaryReadError {
  const { rule, message, field, jobId } = result.error;
  const error: BinaryReadError = { code: rule, message };
  if (field !== undefined) error.field = field;
  if (jobId !== undefined) error.jobId = jobId;
  return error;
}

function failed(code: StreamErrorCode, message: string): BinaryRead {
  return { ok: false, error: { code, message } };
}

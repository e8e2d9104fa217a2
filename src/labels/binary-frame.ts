// A binary preview frame: 4-byte little-endian header length N, N bytes of UTF-8 JSON, then the raw payload.
import { LabelDecodeError } from './decode-error.ts';

const HEADER_LENGTH_BYTES = 4;
const utf8 = new TextDecoder('utf-8', { fatal: true });

export interface BinaryFrame {
  /** The JSON header, still text: the protocol layer parses and validates it. */
  headerText: string;
  /** The payload bytes, a view into the frame (no copy). */
  body: Uint8Array;
}

export function splitBinaryFrame(frame: ArrayBuffer | ArrayBufferView): BinaryFrame {
  const bytes = frame instanceof ArrayBuffer
    ? new Uint8Array(frame)
    : new Uint8Array(frame.buffer, frame.byteOffset, frame.byteLength);
  if (bytes.byteLength < HEADER_LENGTH_BYTES) {
    throw new LabelDecodeError('payload', `Binary preview frame has ${bytes.byteLength} bytes, too few for its 4-byte header length.`);
  }
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, HEADER_LENGTH_BYTES).getUint32(0, true);
  const available = bytes.byteLength - HEADER_LENGTH_BYTES;
  if (headerLength > available) {
    throw new LabelDecodeError('payload', `Binary preview frame declares a ${headerLength}-byte header but only ${available} bytes follow.`);
  }
  let headerText: string;
  try {
    headerText = utf8.decode(bytes.subarray(HEADER_LENGTH_BYTES, HEADER_LENGTH_BYTES + headerLength));
  } catch (cause) {
    throw new LabelDecodeError('payload', 'Binary preview frame header is not valid UTF-8.', { cause });
  }
  return { headerText, body: bytes.subarray(HEADER_LENGTH_BYTES + headerLength) };
}

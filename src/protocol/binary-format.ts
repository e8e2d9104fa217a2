// Which of the two binary wire forms a binary WebSocket message is. This widget's own frame is
// `[u32 LE header length N][N bytes of JSON][raw bytes]`; the family's real-time service sends every
// message as msgpack, gzip-compressed as a whole when it is over 1 KB. The rule, in this order:
//
//   1. starts with the gzip magic bytes 1f 8b        → gzip, holding msgpack
//   2. byte 4 is `{` and N fits inside the message    → this widget's frame
//   3. starts with a msgpack map (80–8f, de, df)      → msgpack
//   4. anything else                                  → neither: an error
//
// Rule 1 could only misread a frame whose JSON header is 35 615 bytes or longer (N = 0x…8b1f). Rule 2
// takes a msgpack map for a frame only when the u32 its first four bytes spell fits inside the message
// (and byte 4 is `{`): a string first key puts a0–bf or d9–db in byte 1, so N is at least 40 960 and,
// with the key's characters in bytes 2–3, usually hundreds of megabytes — longer than the message. So
// only a map with a non-string first key or an unusually long message could be misread; `binary-format`
// forces one reading anyway.

export const BINARY_FORMATS = ['auto', 'frame', 'msgpack'] as const;

/** What the element's `binary-format` attribute says: detect, or force one reading. */
export type BinaryFormat = (typeof BINARY_FORMATS)[number];

export type BinaryKind = 'frame' | 'msgpack' | 'gzip' | 'unknown';

const GZIP_MAGIC = [0x1f, 0x8b] as const;
const OPEN_BRACE = 0x7b;

export function isBinaryFormat(value: string): value is BinaryFormat {
  return (BINARY_FORMATS as readonly string[]).includes(value);
}

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1];
}

/** The reading of a binary message; `forced` 'msgpack' still looks for gzip, which wraps msgpack. */
export function binaryKind(bytes: Uint8Array, forced: BinaryFormat = 'auto'): BinaryKind {
  if (forced === 'frame') return 'frame';
  if (isGzip(bytes)) return 'gzip';
  if (forced === 'msgpack') return 'msgpack';
  if (looksLikeFrame(bytes)) return 'frame';
  if (isMsgpackMap(bytes[0])) return 'msgpack';
  return 'unknown';
}

function looksLikeFrame(bytes: Uint8Array): boolean {
  if (bytes.length < 5 || bytes[4] !== OPEN_BRACE) return false;
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true);
  return headerLength <= bytes.length - 4;
}

function isMsgpackMap(first: number | undefined): boolean {
  return first !== undefined && ((first >= 0x80 && first <= 0x8f) || first === 0xde || first === 0xdf);
}

// @ts-check
// How a message goes on the wire: JSON text, or (`encoding: msgpack`) a binary msgpack message
// gzip-compressed as a whole when it is over 1 KB, as the family's real-time service sends every
// message (`msgpack.packb`, then `gzip.compress` above 1 024 bytes). A preview's mask is then msgpack
// `bin` bytes, not base64.
import { gzipSync } from 'node:zlib';
import { encode } from '@msgpack/msgpack';

/** The service's threshold: messages longer than this are gzip-compressed. */
export const MSGPACK_GZIP_ABOVE_BYTES = 1024;

/**
 * @typedef {{ data: Buffer, binary: boolean }} Frame
 * @typedef {Record<string, unknown>} WireMessage
 */

/**
 * @param {WireMessage} message
 * @returns {Frame}
 */
export function msgpackFrame(message) {
  const packed = encode(message);
  const bytes = packed.length > MSGPACK_GZIP_ABOVE_BYTES ? gzipSync(packed, { level: 1 }) : packed;
  return { data: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), binary: true };
}

/**
 * A message in the job's encoding; `json` is its JSON text when the caller already has it (hostile keys).
 * @param {WireMessage} message @param {'base64' | 'binary' | 'msgpack'} encoding @param {string} [json]
 * @returns {Frame}
 */
export function messageFrame(message, encoding, json) {
  if (encoding === 'msgpack') return msgpackFrame(message);
  return { data: Buffer.from(json ?? JSON.stringify(message)), binary: false };
}

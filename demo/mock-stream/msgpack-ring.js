// @ts-check
// A msgpack + gzip preview prepared for replay (frame-ring.js, the benchmark's quiet server). The family's
// service gzips each whole message, so no field can be patched inside the compressed bytes. Instead the
// fields that change per send (job id, preview id, timestamps) go to the end of the message: everything
// before them, the mask's megabytes, is deflated once and ends on a sync flush (byte-aligned, not final);
// each send appends one stored (uncompressed) final block with the fresh fields, then the gzip trailer
// (the CRC-32 chained on from the prefix's, and the length). Any gzip reader inflates it as one message,
// and msgpack does not care in which order a map's keys come.
import { constants, crc32, deflateRawSync } from 'node:zlib';
import { encode } from '@msgpack/msgpack';

/**
 * @typedef {{ kind: 'msgpack', binary: true, head: Buffer, crc: number, length: number, previewId?: string }} PreparedMsgpackFrame
 *   `head`: the gzip header and the deflated prefix, sent as it is; `crc`, `length`: of the prefix;
 *   `previewId`: a string id (`"final"`), kept instead of the send's number
 * @typedef {{ jobId: string, previewId: number | string, timestamp: string, sentAtMs: number }} MsgpackSlotValues
 */

/** gzip member header: magic, deflate, no flags, no mtime, no extra flags, OS unknown. */
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
/** A stored block holds at most this many bytes; the fresh fields are far fewer. */
const STORED_BLOCK_MAX = 0xffff;

/**
 * @param {Record<string, unknown>} envelope a preview message (`data.payload` as bytes)
 * @returns {PreparedMsgpackFrame}
 */
export function prepareMsgpackFrame(envelope) {
  const { job_id: _jobId, timestamp: _timestamp, data, ...envelopeRest } = envelope;
  const { preview_id: previewId, timestamp: _dataTimestamp, sent_at_ms: _sentAt, ...dataRest } = /** @type {Record<string, unknown>} */ (data);
  // The envelope's and its data's constant entries, then the data's three fresh ones and the envelope's two.
  const prefix = Buffer.concat([
    mapHeader(Object.keys(envelopeRest).length + 3),
    ...pairs(Object.entries(envelopeRest)),
    Buffer.from(encode('data')),
    mapHeader(Object.keys(dataRest).length + 3),
    ...pairs(Object.entries(dataRest)),
  ]);
  const deflated = deflateRawSync(prefix, { level: 9, finishFlush: constants.Z_SYNC_FLUSH });
  const head = Buffer.concat([GZIP_HEADER, deflated]);
  return { kind: 'msgpack', binary: true, head, crc: crc32(prefix), length: prefix.length, ...(typeof previewId === 'string' ? { previewId } : {}) };
}

/**
 * The frame to send: the prepared head, and a tail of the fresh fields and the trailer.
 * @param {PreparedMsgpackFrame} prepared @param {MsgpackSlotValues} values
 * @returns {{ data: Buffer, tail: Buffer, binary: true }}
 */
export function fillMsgpackFrame(prepared, { jobId, previewId, timestamp, sentAtMs }) {
  const fresh = Buffer.concat(pairs([
    ['preview_id', prepared.previewId ?? previewId], ['timestamp', timestamp], ['sent_at_ms', sentAtMs], // the data's
    ['job_id', jobId], ['timestamp', timestamp], // the envelope's
  ]));
  if (fresh.length > STORED_BLOCK_MAX) throw new Error('the fresh fields of a prepared msgpack frame outgrew one stored block');
  const block = Buffer.alloc(5);
  block[0] = 1; // BFINAL = 1, BTYPE = 00 (stored); the rest of the byte is padding.
  block.writeUInt16LE(fresh.length, 1);
  block.writeUInt16LE(~fresh.length & 0xffff, 3);
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc32(fresh, prepared.crc), 0);
  trailer.writeUInt32LE((prepared.length + fresh.length) >>> 0, 4);
  return { data: prepared.head, tail: Buffer.concat([block, fresh, trailer]), binary: true };
}

/** msgpack map header for `count` entries. @param {number} count */
function mapHeader(count) {
  if (count < 16) return Buffer.from([0x80 | count]);
  const header = Buffer.alloc(3);
  header[0] = 0xde;
  header.writeUInt16BE(count, 1);
  return header;
}

/** Each key and value, msgpack-encoded one after the other. @param {Array<[string, unknown]>} entries */
function pairs(entries) {
  return entries.flatMap(([key, value]) => [Buffer.from(encode(key)), Buffer.from(encode(value))]);
}

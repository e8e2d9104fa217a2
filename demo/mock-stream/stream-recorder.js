// @ts-check
// A Node client of the mock stream that records every message of one socket (binary preview frames split
// into their JSON header and raw bytes; msgpack messages decoded, a preview's `bin` mask as the bytes).
// The Node tests and the benchmark drive the mock with it.
import { gunzipSync } from 'node:zlib';
import { decode } from '@msgpack/msgpack';
import WebSocket from 'ws';

/**
 * Wire JSON is whatever the server sent, so it is typed loosely on purpose: tests check its shape.
 * @typedef {{ [key: string]: any }} WireJson
 * @typedef {{
 *   json: WireJson | null, type: string | null, text: string | null, binary: boolean,
 *   bytes: Buffer | null, size: number, receivedAt: number, format: 'text' | 'frame' | 'msgpack' | 'gzip',
 * }} RecordedMessage
 *   json: the parsed message (for a binary frame, its header; for msgpack, the decoded message) or null
 *   when it is neither; format: how it came (gzip: gzip-compressed msgpack);
 *   text: the text frame as sent; bytes: the raw bytes after a binary frame's header.
 * @typedef {{ code: number, reason: string }} CloseInfo
 */

export class StreamRecorder {
  /**
   * Connects and resolves once the socket is open; rejects when the server refuses the upgrade.
   * @param {string} url
   * @param {{ timeoutMs?: number }} [options]
   * @returns {Promise<StreamRecorder>}
   */
  static open(url, { timeoutMs = 10_000 } = {}) {
    const ws = new WebSocket(url);
    const recorder = new StreamRecorder(ws);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no open within ${timeoutMs} ms: ${url}`)), timeoutMs);
      ws.once('open', () => { clearTimeout(timer); resolve(recorder); });
      ws.once('error', (error) => { clearTimeout(timer); reject(error); });
    });
  }

  /** @param {WebSocket} ws */
  constructor(ws) {
    this.ws = ws;
    /** @type {RecordedMessage[]} */
    this.messages = [];
    /** @type {CloseInfo | null} */
    this.closeInfo = null;
    /** @type {Set<() => void>} */
    this.listeners = new Set();
    /** @type {Promise<CloseInfo>} */
    this.closed = new Promise((resolve) => {
      ws.on('close', (code, reason) => {
        this.closeInfo = { code, reason: reason.toString() };
        resolve(this.closeInfo);
        for (const listener of this.listeners) listener();
      });
    });
    ws.on('error', () => {});
    ws.on('message', (data, isBinary) => {
      this.messages.push(record(/** @type {Buffer} */ (data), isBinary));
      for (const listener of this.listeners) listener();
    });
  }

  /** @param {string} type */
  ofType(type) {
    return this.messages.filter((message) => message.type === type);
  }

  /**
   * The first recorded message (from index `from`) that matches, waiting for it if needed.
   * @param {(message: RecordedMessage) => boolean} predicate
   * @param {{ timeoutMs?: number, from?: number }} [options]
   * @returns {Promise<RecordedMessage>}
   */
  waitFor(predicate, { timeoutMs = 10_000, from = 0 } = {}) {
    return new Promise((resolve, reject) => {
      let checked = from;
      const check = () => {
        for (; checked < this.messages.length; checked++) {
          const message = /** @type {RecordedMessage} */ (this.messages[checked]);
          if (predicate(message)) return done(() => resolve(message));
        }
        if (this.closeInfo) done(() => reject(new Error(`socket closed (${this.closeInfo?.code}) before the awaited message`)));
      };
      const timer = setTimeout(() => done(() => reject(new Error(`awaited message not received within ${timeoutMs} ms`))), timeoutMs);
      /** @param {() => void} settle */
      const done = (settle) => {
        clearTimeout(timer);
        this.listeners.delete(check);
        settle();
      };
      this.listeners.add(check);
      check();
    });
  }

  /** @param {string} type @param {{ timeoutMs?: number, from?: number }} [options] */
  waitForType(type, options) {
    return this.waitFor((message) => message.type === type, options);
  }

  /** @param {Record<string, unknown>} message */
  send(message) {
    this.ws.send(JSON.stringify(message));
  }

  /** Sends text as it is (not necessarily JSON). @param {string} text */
  sendText(text) {
    this.ws.send(text);
  }

  /** Drops the connection without a closing handshake (which a stalled server would never finish). */
  terminate() {
    this.ws.terminate();
    return this.closed;
  }

  /** Closes (if still open) and resolves when the socket is closed. */
  close() {
    if (this.ws.readyState === WebSocket.CONNECTING || this.ws.readyState === WebSocket.OPEN) this.ws.close();
    return this.closed;
  }
}

/**
 * @param {Buffer} data @param {boolean} binary
 * @returns {RecordedMessage}
 */
function record(data, binary) {
  const receivedAt = Date.now();
  const gzip = binary && data[0] === 0x1f && data[1] === 0x8b;
  if (gzip || (binary && data.length > 0 && data[4] !== 0x7b)) return recordMsgpack(gzip ? gunzipSync(data) : data, gzip, data.length, receivedAt);
  if (binary) {
    const headerLength = data.length >= 4 ? data.readUInt32LE(0) : 0;
    const json = parse(data.subarray(4, 4 + headerLength).toString('utf8'));
    const bytes = data.subarray(4 + headerLength);
    return { json, type: typeOf(json), text: null, binary, bytes, size: data.length, receivedAt, format: 'frame' };
  }
  const text = data.toString('utf8');
  const json = parse(text);
  return { json, type: typeOf(json), text, binary, bytes: null, size: data.length, receivedAt, format: 'text' };
}

/**
 * @param {Buffer} packed @param {boolean} gzip @param {number} size @param {number} receivedAt
 * @returns {RecordedMessage}
 */
function recordMsgpack(packed, gzip, size, receivedAt) {
  /** @type {WireJson | null} */
  let json = null;
  try {
    const value = decode(packed);
    if (typeof value === 'object' && value !== null) json = /** @type {WireJson} */ (value);
  } catch {
    // recorded as not decodable: json stays null
  }
  const payload = json?.data?.payload;
  const bytes = payload instanceof Uint8Array ? Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength) : null;
  return { json, type: typeOf(json), text: null, binary: true, bytes, size, receivedAt, format: gzip ? 'gzip' : 'msgpack' };
}

/** @param {string} text @returns {WireJson | null} */
function parse(text) {
  try {
    const value = JSON.parse(text);
    return typeof value === 'object' && value !== null ? value : null;
  } catch {
    return null;
  }
}

/** @param {WireJson | null} json */
function typeOf(json) {
  return json && typeof json.type === 'string' ? json.type : null;
}

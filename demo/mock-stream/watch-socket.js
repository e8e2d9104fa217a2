// @ts-check
// One client socket of the mock stream: which jobs it watches, whether a `stall` fault froze it, and
// the server-wide send counters. Jobs talk to sockets only through this.

/**
 * @typedef {import('./preview-frames.js').Frame} Frame
 * @typedef {{ connections: number, refused: number, unauthorized: number, messagesSent: number,
 *   bytesSent: number, previewsEncoded: number, encodeMs: number }} ServerCounters
 */

export class WatchSocket {
  /**
   * @param {import('ws').WebSocket} ws
   * @param {ServerCounters} counters
   * @param {{ multiplexed: boolean, query: URLSearchParams, token?: string | null }} info
   */
  constructor(ws, counters, { multiplexed, query, token = null }) {
    this.ws = ws;
    this.counters = counters;
    this.multiplexed = multiplexed;
    /** The options part of the URL: the options of jobs this socket creates. */
    this.query = query;
    /** The `?token=` the socket came with (checked against a job's `requireToken`). */
    this.token = token;
    /** @type {Set<string>} */
    this.jobIds = new Set();
    this.alive = true;
    this.stalled = false;
    this.dropping = false;
    ws.on('pong', () => { this.alive = true; });
  }

  get open() {
    return this.ws.readyState === this.ws.OPEN && !this.stalled && !this.dropping;
  }

  /** @param {Frame} frame @returns {boolean} whether it was sent */
  send(frame) {
    if (!this.open) return false;
    if (frame.tail) {
      // One message in two fragments: the prepared tail of a replayed frame is sent without a copy.
      this.ws.send(frame.data, { binary: frame.binary, fin: false });
      this.ws.send(frame.tail, { binary: frame.binary, fin: true });
    } else {
      this.ws.send(frame.data, { binary: frame.binary });
    }
    this.counters.messagesSent++;
    this.counters.bytesSent += frame.data.length + (frame.tail?.length ?? 0);
    return true;
  }

  /** @param {Record<string, unknown>} message */
  sendJson(message) {
    return this.send({ data: Buffer.from(JSON.stringify(message)), binary: false });
  }

  /** From now on nothing is sent and nothing is read: not even ws pings get their pong. */
  stall() {
    this.stalled = true;
    this.ws.pause();
  }

  /** @param {number} code @param {string} reason */
  close(code, reason) {
    // Close reasons are limited to 123 bytes by the protocol.
    let short = reason;
    while (Buffer.byteLength(short) > 123) short = short.slice(0, -1);
    this.ws.close(code, short);
  }

  terminate() {
    this.ws.terminate();
  }

  /**
   * The `drop` fault: nothing more is sent, and the connection dies without a closing handshake (1006)
   * once what was already sent has left the process, so the client gets every message up to the fault
   * however slowly it reads (a bare terminate would discard a half-written preview).
   */
  drop() {
    this.dropping = true;
    const whenFlushed = () => {
      if (this.ws.bufferedAmount === 0 || this.ws.readyState !== this.ws.OPEN) this.ws.terminate();
      else setTimeout(whenFlushed, 5);
    };
    whenFlushed();
  }
}

// @ts-check
// One synthetic job as server state: it advances on the server's clock whether or not anyone watches,
// broadcasts lifecycle, progress and previews to whoever watches now, and injects its fault once.
import { gatewaySend } from './gateway.js';
import { buildPreviewFrames, HOSTILE_TEXT, hostileKeys, malformedJsonFrame, rawFrame } from './preview-frames.js';
import { seedFromJobId } from './synthetic-volume.js';
import { messageFrame } from './wire-encoding.js';
import { JobMessages } from './wire-messages.js';

/**
 * @typedef {'queued' | 'running' | 'completed' | 'failed' | 'cancelled' | 'rejected'} JobState
 * @typedef {import('./job-options.js').JobOptions} JobOptions
 * @typedef {import('./watch-socket.js').WatchSocket} WatchSocket
 * @typedef {import('./watch-socket.js').ServerCounters} ServerCounters
 * @typedef {import('./wire-messages.js').WireMessage} WireMessage
 * @typedef {import('./preview-frames.js').Frame} Frame
 * @typedef {import('./preview-store.js').PreviewStore} PreviewStore
 */

/** Job ids the real server accepts; a socket for any other id is closed with 4000. */
export const JOB_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

const FINAL_STATES = new Set(['completed', 'failed', 'cancelled', 'rejected']);

export class MockJob {
  /**
   * @param {string} id
   * @param {JobOptions} options
   * @param {{ counters: ServerCounters, log: (line: string) => void, previews?: PreviewStore, httpUrl?: string }} server
   *   previews, httpUrl: where previews sent by URL are kept, and the address their URLs start with
   */
  constructor(id, options, { counters, log, previews, httpUrl = '' }) {
    this.id = id;
    this.options = options;
    this.counters = counters;
    this.log = log;
    this.seed = options.seed ?? seedFromJobId(id);
    this.previews = previews;
    this.httpUrl = httpUrl;
    // CryoMambaJob writes its own messages; the enveloped ones are its closest kin. An API-Gateway
    // progress socket speaks the flat, progress-update style.
    this.messages = new JobMessages(options.style === 'flat' || options.style === 'apigateway' ? 'flat' : 'enveloped', id);
    /** @type {JobState} */
    this.state = 'queued';
    this.progress = 0;
    this.previewsSent = 0;
    this.createdAt = Date.now();
    /** When the clock started (`startOn: 'watch'` jobs start after they are made), plus `queueMs`. */
    this.startedAt = this.createdAt + options.queueMs;
    this.clockStarted = false;
    /** Per-job counters: sockets that watched it, messages sent to them. */
    this.stats = { connections: 0, sent: 0 };
    /** @type {Set<WatchSocket>} */
    this.watchers = new Set();
    /** @type {WireMessage | null} the terminal message, resent on request_status */
    this.terminal = null;
    this.rejectReason = '';
    this.faultDone = false;
    /** @type {Set<NodeJS.Timeout>} */
    this.timers = new Set();
    /** @type {import('./frame-ring.js').FrameRing | null} prepared frames sent in place of freshly encoded ones */
    this.replay = null;
  }

  get finished() {
    return FINAL_STATES.has(this.state);
  }

  /** Announces the job and starts its clock. Attach the first watcher before, so it sees the lifecycle. */
  start() {
    this.clockStarted = true;
    this.startedAt = Date.now() + this.options.queueMs;
    this.broadcastJson(this.messages.lifecycle('job_created', 'queued'));
    this.broadcastJson(this.messages.lifecycle('job_enqueued', 'queued'));
    const run = () => {
      this.state = 'running';
      this.broadcastJson(this.messages.lifecycle('job_started', 'running'));
      this.scheduleTick(1);
    };
    if (this.options.queueMs > 0) this.after(this.options.queueMs, run);
    else run();
  }

  /**
   * A new watcher gets only what happens from now on, like from the real server: no replay of the last
   * preview; it catches up with request_status.
   * @param {WatchSocket} socket
   */
  attach(socket) {
    this.watchers.add(socket);
    socket.jobIds.add(this.id);
    this.stats.connections++;
  }

  /** @param {WatchSocket} socket */
  detach(socket) {
    this.watchers.delete(socket);
    socket.jobIds.delete(this.id);
  }

  /**
   * Answers request_status: the terminal message, or the live state and the last progress.
   * @param {WatchSocket} socket
   */
  sendStatus(socket) {
    if (this.state === 'rejected') return socket.close(4000, this.rejectReason);
    if (this.terminal) return this.sendTo(socket, this.terminal);
    const live = this.state === 'running'
      ? this.messages.lifecycle('job_started', 'running')
      : this.messages.lifecycle('job_enqueued', 'queued');
    if (live) this.sendTo(socket, live);
    this.sendTo(socket, this.progressMessage(this.previewsSent));
  }

  /** The first message a new watcher gets. @returns {WireMessage} */
  connectedMessage() {
    return this.messages.connected();
  }

  /** What `GET /jobs/{id}` answers. @returns {Record<string, unknown>} */
  record() {
    return this.snapshot();
  }

  /** @returns {boolean} false when the job had already finished */
  cancel() {
    if (this.finished) return false;
    this.finish('cancelled', this.messages.cancelled());
    return true;
  }

  snapshot() {
    return {
      job_id: this.id,
      state: this.state,
      progress: this.progress,
      previews_sent: this.previewsSent,
      previews_total: this.options.previews,
      created_at: new Date(this.createdAt).toISOString(),
      watchers: this.watchers.size,
      options: { ...this.options, requireToken: this.options.requireToken && '***' },
    };
  }

  /** Stops the clock without telling anyone (server reset or shutdown). */
  dispose() {
    this.stopClock();
    this.watchers.clear();
    this.previews?.forget(this.id);
  }

  stopClock() {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  /** @param {number} index 1-based preview index */
  scheduleTick(index) {
    // Aim at an absolute time so that timer lateness does not accumulate over a long job.
    const due = this.startedAt + (index * 1000) / this.options.hz;
    this.after(Math.max(0, due - Date.now()), () => this.tick(index));
  }

  /** @param {number} index */
  tick(index) {
    const { fault, faultAt, previews } = this.options;
    const faulty = fault !== 'none' && !this.faultDone && index === faultAt;
    if (faulty) {
      this.faultDone = true;
      this.log(`job ${this.id}: fault ${fault} at preview ${index}`);
      if (fault === 'drop') for (const socket of this.watchers) socket.drop();
      if (fault === 'stall') for (const socket of this.watchers) socket.stall();
      if (fault === 'flood') this.startFlood();
      if (fault === 'burst') return this.startBurst(index);
      if (fault === 'close4000') return this.reject('Invalid job id');
      if (fault === 'fail') {
        return this.finish('failed', this.messages.failed({
          code: 'SEGMENTATION_FAILED', message: `Segmentation failed at preview ${index}`, retryable: false,
        }));
      }
    }
    const hostile = faulty && fault === 'hostile';
    this.progress = index / previews;
    this.broadcastJson(this.progressMessage(index, hostile), hostile);
    if (hostile) this.broadcastJson({ ...this.messages.error(HOSTILE_TEXT, HOSTILE_TEXT), message: HOSTILE_TEXT }, true);
    if (index === Math.ceil(previews / 2)) this.broadcastJson(this.messages.stageComplete('stage_1', { previews: index }));
    const frames = [this.previewFrame(index, faulty ? fault : 'none')].flat();
    // The second chunk of the preview is lost on the way (its first one is sent, so it was begun).
    if (faulty && fault === 'chunkdrop') frames.splice(1, 1);
    this.broadcast(frames);
    if (faulty && fault === 'raw' && this.options.rawAfter) this.broadcast({ data: Buffer.from(this.options.rawAfter), binary: false });
    this.previewsSent = index;
    if (index < previews) return this.scheduleTick(index + 1);
    // The job ends while nobody is connected: a watcher learns it only by asking (request_status).
    if (fault === 'closebeforeend') for (const socket of [...this.watchers]) this.closeWatcher(socket, 1001, 'Going away');
    const [z, y, x] = this.options.shape;
    this.finish('completed', this.messages.completed({ previews, shape: [z, y, x], labels: this.options.labels }));
  }

  /** @param {number} index @param {string} fault */
  previewFrame(index, fault) {
    if (fault === 'malformed-json') return malformedJsonFrame(this.id);
    if (fault === 'raw') return rawFrame(this.options);
    const variant = /** @type {const} */ (['schema', 'length', 'dtype', 'oversize', 'hostile']).find((v) => v === fault) ?? 'normal';
    if (this.replay && variant === 'normal') {
      const now = Date.now();
      return this.replay.frame(index, index === this.options.previews, { jobId: this.id, timestamp: this.messages.timestamp(now), sentAtMs: now });
    }
    const began = performance.now();
    const publish = (/** @type {Buffer} */ bytes) => this.publishPreview(index, bytes, fault);
    const frame = buildPreviewFrames({ options: this.options, messages: this.messages, seed: this.seed, previewId: index, variant, publish });
    this.counters.previewsEncoded++;
    this.counters.encodeMs += performance.now() - began;
    return frame;
  }

  /**
   * Keeps a preview's bytes for download and returns its URL; the `url404` and `urlstall` faults give a
   * URL that answers 404, or whose download stalls after its headers.
   * @param {number} index @param {Buffer} bytes @param {string} fault
   */
  publishPreview(index, bytes, fault) {
    if (!this.previews) throw new Error('previews by URL need the server\'s preview store');
    const path = this.previews.publish(this.id, index, bytes);
    if (fault === 'url404') return `${this.httpUrl}${path}-missing`;
    if (fault === 'urlstall') return `${this.httpUrl}${path}?stall=1`;
    return `${this.httpUrl}${path}`;
  }

  /** @param {number} index previews done @param {boolean} [hostile] */
  progressMessage(index, hostile = false) {
    const { previews, hz } = this.options;
    const message = this.messages.progress(index / previews, {
      stage: hostile ? HOSTILE_TEXT : index <= Math.ceil(previews / 2) ? 'stage_1' : 'stage_2',
      etaSeconds: Math.round(((previews - index) / hz) * 10) / 10,
      message: hostile ? HOSTILE_TEXT : `Segmenting: preview ${index} of ${previews}`,
    });
    if (hostile && this.options.style === 'enveloped') message.message = HOSTILE_TEXT;
    return message;
  }

  /** Sends progress messages at floodRate per second for floodSeconds, beside the normal stream. */
  startFlood() {
    const { floodRate, floodSeconds } = this.options;
    const began = Date.now();
    let sent = 0;
    const timer = setInterval(() => {
      const elapsed = Math.min(Date.now() - began, floodSeconds * 1000);
      const frame = this.frame(this.progressMessage(this.previewsSent));
      for (const due = Math.floor((floodRate * elapsed) / 1000); sent < due; sent++) this.broadcast(frame);
      if (elapsed >= floodSeconds * 1000) {
        clearInterval(timer);
        this.timers.delete(timer);
      }
    }, 10);
    this.timers.add(timer);
  }

  /**
   * The `burst` fault: previews `first`… encoded beforehand, then sent (each after its progress) evenly
   * within `burstMs`; a terminal message in the middle or at the end, as `burstTerminal` says.
   * @param {number} first
   */
  startBurst(first) {
    const { burstCount, burstMs, burstTerminal, previews } = this.options;
    const frames = Array.from({ length: burstCount }, (_, k) => this.previewFrame(first + k, 'none'));
    const middle = Math.ceil(burstCount / 2) - 1;
    /** @param {number} k */
    const send = (k) => {
      const index = first + k;
      this.progress = Math.min(1, index / previews);
      this.broadcastJson(this.progressMessage(index));
      this.broadcast(/** @type {Frame} */ (frames[k]));
      this.previewsSent = index;
      if (k === middle && burstTerminal === 'middle') {
        this.terminal = this.messages.failed({ code: 'BURST_FAILED', message: `Failed after preview ${index}`, retryable: false });
        this.state = 'failed';
        this.broadcastJson(this.terminal);
      }
      if (k + 1 < burstCount) return this.after(((k + 1) * burstMs) / Math.max(1, burstCount - 1) - (Date.now() - began), () => send(k + 1));
      if (burstTerminal === 'end') return this.finish('completed', this.messages.completed({ previews: index, burst: burstCount }));
      if (burstTerminal === 'none' && index < previews) this.scheduleTick(index + 1);
    };
    const began = Date.now();
    send(0);
  }

  /** @param {JobState} state @param {WireMessage} message */
  finish(state, message) {
    this.stopClock();
    this.state = state;
    this.terminal = message;
    this.log(`job ${this.id}: ${state}`);
    this.broadcastJson(message);
  }

  /**
   * Like the real server on a bad job id: close every watcher with 4000, and every later one too.
   * @param {string} reason
   */
  reject(reason) {
    this.stopClock();
    this.state = 'rejected';
    this.rejectReason = reason;
    for (const socket of this.watchers) socket.close(4000, reason);
  }

  /**
   * Closes a watcher's socket and stops sending to it at once (its close event comes later).
   * @param {WatchSocket} socket @param {number} code @param {string} reason
   */
  closeWatcher(socket, code, reason) {
    socket.close(code, reason);
    this.detach(socket);
  }

  /** @param {WireMessage | null} message @param {boolean} [hostile] */
  broadcastJson(message, hostile = false) {
    if (message) this.broadcast(this.frame(message, hostile));
  }

  /** @param {Frame | Frame[]} frames */
  broadcast(frames) {
    for (const frame of [frames].flat()) for (const socket of this.watchers) if (this.deliver(socket, frame)) this.stats.sent++;
  }

  /** @param {WatchSocket} socket @param {WireMessage} message */
  sendTo(socket, message) {
    if (this.deliver(socket, this.frame(message))) this.stats.sent++;
  }

  /** @param {WatchSocket} socket @param {Frame} frame */
  deliver(socket, frame) {
    return this.options.style === 'apigateway' ? gatewaySend(socket, frame) : socket.send(frame);
  }

  /** A message in the job's encoding. @param {WireMessage} message @param {boolean} [hostile] */
  frame(message, hostile = false) {
    if (this.options.encoding === 'msgpack') return messageFrame(message, 'msgpack');
    return jsonFrame(message, hostile);
  }

  /** @param {number} ms @param {() => void} fn */
  after(ms, fn) {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    this.timers.add(timer);
  }
}

/** @param {WireMessage} message @param {boolean} [hostile] @returns {Frame} */
function jsonFrame(message, hostile = false) {
  return { data: Buffer.from(hostileKeys(JSON.stringify(message), hostile ? 'hostile' : 'normal')), binary: false };
}

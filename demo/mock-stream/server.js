// @ts-check
// The mock stream server: one HTTP server carrying the job sockets (`/ws/jobs/{id}`, multiplexed `/ws`),
// the REST subset and the `/__mock` control surface. `startMockStream` is the whole public API.
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';
import { connectionCap, routeClientMessage } from './gateway-server.js';
import { handleHttp } from './http-routes.js';
import { DEFAULT_JOB_OPTIONS, parseJobOptions } from './job-options.js';
import { CryoMambaJob } from './cryomamba-job.js';
import { JOB_ID_PATTERN, MockJob } from './mock-job.js';
import { PreviewStore } from './preview-store.js';
import { WatchSocket } from './watch-socket.js';
import { pythonTimestamp } from './wire-messages.js';

export { JOB_ID_PATTERN };

/**
 * @typedef {import('node:http').IncomingMessage} IncomingMessage
 * @typedef {import('node:http').ServerResponse} ServerResponse
 * @typedef {import('./job-options.js').JobOptions} JobOptions
 * @typedef {{
 *   port?: number, host?: string, token?: string, quiet?: boolean, defaults?: Record<string, unknown>,
 *   onRequest?: (req: IncomingMessage, res: ServerResponse) => boolean,
 *   log?: (line: string) => void, heartbeatMs?: number,
 * }} MockStreamOptions
 *   `defaults`: job options (see job-options.js) for jobs that do not set them; `onRequest`: gets every
 *   HTTP request the mock does not route itself and returns true when it answers it; `log`: where log lines
 *   go (console.log), always with the token masked; `heartbeatMs`: ws ping period (10 s).
 * @typedef {{ connections: number, refused: number, unauthorized: number, messagesSent: number,
 *   bytesSent: number, previewsEncoded: number, encodeMs: number, down: boolean, jobs: number, openSockets: number,
 *   perJob: Record<string, { connections: number, sent: number, state: string, previewsSent: number }> }} MockStats
 * @typedef {{
 *   port: number, httpUrl: string, wsUrl: string, close(): Promise<void>, goDown(): Promise<void>,
 *   goUp(): Promise<void>, reset(): Promise<void>, stats(): MockStats,
 *   replay(jobId: string, ring: import('./frame-ring.js').FrameRing): boolean,
 * }} MockStream
 *   `replay`: the job sends the ring's prepared frames instead of encoding each preview (false: no such job)
 */

/**
 * Starts the mock stream and resolves once it listens.
 * @param {MockStreamOptions} [options]
 * @returns {Promise<MockStream>}
 */
export async function startMockStream(options = {}) {
  const mock = new MockStreamServer(options);
  await mock.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  const address = /** @type {import('node:net').AddressInfo} */ (mock.http.address());
  const host = urlHost(options.host ?? '127.0.0.1');
  mock.httpUrl = `http://${host}:${address.port}`;
  return {
    port: address.port,
    httpUrl: `http://${host}:${address.port}`,
    wsUrl: `ws://${host}:${address.port}`,
    close: () => mock.close(),
    goDown: () => mock.goDown(),
    goUp: async () => mock.goUp(),
    reset: async () => mock.reset(),
    stats: () => mock.stats(),
    replay: (jobId, ring) => {
      const job = mock.jobs.get(jobId);
      if (job) job.replay = ring;
      return Boolean(job);
    },
  };
}

export class MockStreamServer {
  /** @param {MockStreamOptions} options */
  constructor({ token, quiet = false, defaults = {}, onRequest, log = console.log, heartbeatMs = 10_000 }) {
    this.token = token || undefined;
    this.onRequest = onRequest;
    /** @type {Readonly<JobOptions>} */
    this.defaults = parseJobOptions(defaults, DEFAULT_JOB_OPTIONS);
    this.writeLog = quiet ? () => {} : log;
    /** @type {Map<string, MockJob>} */
    this.jobs = new Map();
    /** @type {Set<WatchSocket>} */
    this.sockets = new Set();
    this.down = false;
    this.counters = freshCounters();
    /** @type {Set<NodeJS.Timeout>} */
    this.timers = new Set();
    /** The bytes of previews sent by URL (`style: apigateway`), served at /previews/… */
    this.previews = new PreviewStore();
    /** This server's HTTP address, the start of those URLs (set once it listens). */
    this.httpUrl = '';
    this.wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
    this.http = createServer((req, res) => {
      handleHttp(this, req, res).catch((error) => {
        this.log(`http ${req.method} ${req.url}: ${error}`);
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
    });
    this.http.on('upgrade', (req, socket, head) => this.upgrade(req, /** @type {import('node:net').Socket} */ (socket), head));
    const heartbeat = setInterval(() => this.heartbeat(), heartbeatMs);
    this.timers.add(heartbeat);
  }

  /** @param {number} port @param {string} host */
  listen(port, host) {
    return /** @type {Promise<void>} */ (new Promise((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(port, host, () => {
        this.http.off('error', reject);
        resolve();
      });
    }));
  }

  /** Every log line passes here, so the token never reaches a log. @param {string} line */
  log(line) {
    let masked = line.replace(/([?&]token=)[^&\s]*/g, '$1***');
    if (this.token) masked = masked.split(this.token).join('***');
    this.writeLog(`[mock-stream] ${masked}`);
  }

  /**
   * Creates a job without starting its clock (attach the first watcher, then `job.start()`).
   * @param {string} id @param {Record<string, unknown>} rawOptions
   */
  createJob(id, rawOptions) {
    const options = parseJobOptions(rawOptions, this.defaults);
    const Job = options.style === 'cryomamba' ? CryoMambaJob : MockJob;
    const job = new Job(id, options, {
      counters: this.counters, log: (line) => this.log(line), previews: this.previews, httpUrl: this.httpUrl,
    });
    this.jobs.set(id, job);
    this.log(`job ${id}: created (${job.options.style}, ${job.options.encoding}, ${job.options.dtype} ${job.options.shape.join('x')}, fault ${job.options.fault})`);
    return job;
  }

  /**
   * @param {IncomingMessage} req @param {import('node:net').Socket} socket @param {Buffer} head
   */
  upgrade(req, socket, head) {
    if (this.down) {
      this.counters.refused++;
      socket.destroy();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://mock');
    const match = /^\/ws\/jobs\/([^/]*)$/.exec(url.pathname);
    if (!match && url.pathname !== '/ws') {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      this.counters.connections++;
      const query = new URLSearchParams(url.searchParams);
      query.delete('token');
      const watcher = new WatchSocket(ws, this.counters, { multiplexed: !match, query, token: url.searchParams.get('token') });
      this.sockets.add(watcher);
      const cap = connectionCap(watcher, query, match ? this.jobs.get(decodeId(match[1] ?? ''))?.options : undefined, this.defaults);
      ws.on('close', (code) => {
        clearTimeout(cap);
        this.sockets.delete(watcher);
        for (const id of watcher.jobIds) this.jobs.get(id)?.detach(watcher);
        this.log(`socket ${url.pathname} closed ${code}`);
      });
      ws.on('error', () => {});
      this.log(`socket ${url.pathname}${url.search} opened`);
      if (this.token && url.searchParams.get('token') !== this.token) {
        this.counters.unauthorized++;
        watcher.close(4001, 'unauthorized');
        return;
      }
      const jobId = match ? decodeId(match[1] ?? '') : null;
      ws.on('message', (data, isBinary) => this.clientMessage(watcher, jobId, data, isBinary));
      if (jobId !== null) this.watch(watcher, jobId, true);
    });
  }

  /**
   * Attaches a socket to a job, creating the job (with the socket's query options) on first sight.
   * @param {WatchSocket} socket @param {string} id @param {boolean} closeOnError per-job sockets close, multiplexed ones get an error
   */
  watch(socket, id, closeOnError) {
    const refuse = (/** @type {string} */ reason) => {
      if (closeOnError) socket.close(4000, reason);
      else socket.sendJson({ type: 'error', job_id: id, data: { message: reason, code: 'invalid_job' }, timestamp: pythonTimestamp() });
    };
    // The real CryoMamba server's words for it; the other styles keep theirs.
    if (!JOB_ID_PATTERN.test(id)) return refuse(socket.query.get('style') === 'cryomamba' ? 'Invalid job_id format' : 'Invalid job id');
    let job = this.jobs.get(id);
    const created = !job;
    if (!job) {
      try {
        job = this.createJob(id, Object.fromEntries(socket.query));
      } catch (error) {
        return refuse(`Invalid options: ${error instanceof Error ? error.message : error}`);
      }
    }
    if (job.options.requireToken && socket.token !== job.options.requireToken) {
      this.counters.unauthorized++;
      // A socket-made job runs whether or not its creator may watch; a `startOn: 'watch'` job waits for one who may.
      if (created && job.options.startOn === 'create') job.start();
      if (closeOnError) return socket.close(4001, 'unauthorized');
      return void socket.sendJson({ type: 'error', job_id: id, data: { message: 'unauthorized', code: 'unauthorized' }, timestamp: pythonTimestamp() });
    }
    if (job.state === 'rejected') return refuse(job.rejectReason);
    job.sendTo(socket, job.connectedMessage());
    job.attach(socket);
    if (!job.clockStarted) job.start();
  }

  /**
   * @param {WatchSocket} socket @param {string | null} socketJobId null on the multiplexed endpoint
   * @param {import('ws').RawData} data @param {boolean} isBinary
   */
  clientMessage(socket, socketJobId, data, isBinary) {
    const routed = routeClientMessage(this, socket, socketJobId, data, isBinary);
    if (routed === null) return;
    /** @type {Record<string, unknown>} */
    let message;
    const socketJob = socketJobId === null ? undefined : this.jobs.get(socketJobId);
    // CryoMamba answers `ping` and nothing else: malformed JSON, `request_status`, `cancel_job` are ignored.
    const silent = socketJob instanceof CryoMambaJob;
    try {
      message = routed ?? (isBinary ? {} : JSON.parse(data.toString()));
      if (typeof message !== 'object' || message === null) throw new Error('not an object');
    } catch {
      if (!silent) socket.sendJson({ type: 'error', data: { message: 'Invalid JSON', code: 'bad_request' }, timestamp: pythonTimestamp() });
      return;
    }
    const id = typeof message.job_id === 'string' ? message.job_id : socketJobId;
    const job = id === null ? undefined : this.jobs.get(id);
    if (silent && message.type !== 'ping') return;
    const reply = (/** @type {string} */ text, /** @type {string} */ code) =>
      socket.sendJson({ type: 'error', job_id: id, data: { message: text, code }, timestamp: pythonTimestamp() });
    if (job?.options.requireToken && socket.token !== job.options.requireToken && message.type !== 'subscribe') {
      return void reply('unauthorized', 'unauthorized');
    }
    // Lenient outside the gateway style: a client sending its kind under `action` is understood too.
    switch (message.type ?? message.action) {
      case 'ping':
        socket.sendJson(job ? job.messages.pong() : { type: 'pong', timestamp: pythonTimestamp() });
        return;
      case 'subscribe':
        if (socketJobId === null && id !== null && !socket.jobIds.has(id)) this.watch(socket, id, false);
        return;
      case 'unsubscribe':
        job?.detach(socket);
        return;
      case 'request_status':
        return job ? job.sendStatus(socket) : reply('Unknown job', 'not_found');
      case 'cancel_job':
        if (!job) return reply('Unknown job', 'not_found');
        if (!job.cancel()) reply(`Job is already ${job.state}`, 'not_cancellable');
        return;
      default:
        reply(`Unknown message type ${JSON.stringify(message.type)}`, 'bad_request');
    }
  }

  heartbeat() {
    for (const socket of this.sockets) {
      if (!socket.alive) {
        socket.terminate();
        continue;
      }
      socket.alive = false;
      socket.ws.ping();
    }
  }

  /** Simulates a crash: every socket dies, new ones are refused; jobs keep running. */
  async goDown() {
    this.down = true;
    this.log('down: terminating every socket, refusing new ones');
    const closed = [...this.sockets].map((socket) => new Promise((resolve) => {
      socket.ws.once('close', resolve);
      socket.terminate();
    }));
    await Promise.all(closed);
  }

  goUp() {
    this.down = false;
    this.log('up: accepting sockets again');
  }

  /** @param {number} downMs */
  async restart(downMs) {
    await this.goDown();
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.goUp();
    }, downMs);
    this.timers.add(timer);
  }

  /** Forgets every job and counter; open sockets are closed with 1012 (service restart). */
  reset() {
    for (const job of this.jobs.values()) job.dispose();
    this.jobs.clear();
    for (const socket of this.sockets) socket.close(1012, 'mock reset');
    this.counters = Object.assign(this.counters, freshCounters());
    this.down = false;
    this.log('reset');
  }

  /** @returns {MockStats} */
  stats() {
    /** @type {MockStats['perJob']} */
    const perJob = {};
    for (const [id, job] of this.jobs) perJob[id] = { ...job.stats, state: job.state, previewsSent: job.previewsSent };
    return { ...this.counters, down: this.down, jobs: this.jobs.size, openSockets: this.sockets.size, perJob };
  }

  async close() {
    for (const timer of this.timers) clearTimeout(timer);
    this.previews.close();
    for (const job of this.jobs.values()) job.dispose();
    for (const socket of this.sockets) socket.terminate();
    this.wss.close();
    await new Promise((resolve) => {
      this.http.close(resolve);
      this.http.closeAllConnections();
    });
  }
}

/** @returns {import('./watch-socket.js').ServerCounters} */
function freshCounters() {
  return { connections: 0, refused: 0, unauthorized: 0, messagesSent: 0, bytesSent: 0, previewsEncoded: 0, encodeMs: 0 };
}

/**
 * A path segment as the id it spells; undecodable escapes are left as they are (and then fail the pattern).
 * @param {string} segment
 */
function decodeId(segment) {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** @param {string} host */
function urlHost(host) {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

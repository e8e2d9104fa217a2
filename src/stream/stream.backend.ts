// The job streams (worker side): owns every socket, turns wire messages into typed events, decodes
// previews off the main thread and hands the volumes over by transfer. Runs in the job worker, or on
// the main thread behind a MessageChannel when no worker can start (a strict CSP). Frames are read by
// frame-reader.ts (big streaming previews wait unparsed in their job's slot); previews may come whole,
// by URL or in chunks.
import { transfer } from 'comlink';
import type { HistoryEntry } from '../labels/preview-history.ts';
import type { SurfaceBudget } from '../labels/surface-bricks.ts';
import type { ClientMessage } from '../protocol/client-messages.ts';
import type { JobMessage } from '../protocol/job-message.ts';
import { ChunkedPreviews } from './chunked-previews.ts';
import { EventOutbox } from './event-outbox.ts';
import { type Arrival, FrameReader } from './frame-reader.ts';
import { GatewayReports } from './gateway-reports.ts';
import { JobHistoryBackend } from './job-history.backend.ts';
import { requestJobCancel } from './job-rest.ts';
import { JobSocket } from './job-socket.ts';
import { isMultiplexed, jobSocketUrl } from './job-url.ts';
import { type ArrivedPreview, PreviewDecoder } from './preview-decoder.ts';
import { type DecodePipeline, PipelineStates } from './decode-pipeline.ts';
import { connectionPolicy, MESSAGE_TOO_BIG_CLOSE, resetsOnOpen } from './reconnect-policy.ts';
import { StatusWatch } from './status-watch.ts';
import { unknownTypeReport } from './unknown-types.ts';
import { DEFAULT_STREAM_OPTIONS, resolveStreamOptions } from './stream-options.ts';
import { CANCEL_REQUESTED, type ConnectionState, type JobStreamApi, type StreamEvent, type StreamListener, type StreamOptions } from './stream-types.ts';

export class JobStreamBackend implements JobStreamApi {
  #options: StreamOptions = { ...DEFAULT_STREAM_OPTIONS };
  #listener: StreamListener | undefined;
  readonly #sockets = new Map<string, JobSocket>();
  readonly #socketOf = new Map<string, JobSocket>();
  /** A job's terminal event: pending (waiting for its last preview, or a cancel's grace) or emitted. */
  readonly #finished = new Map<string, Terminal>();
  /** The last lifecycle state said per job: a status poll repeating it says nothing new. */
  readonly #lifecycle = new Map<string, string>();
  readonly #status = new StatusWatch({
    options: () => this.#options,
    wanted: (jobId) => this.#socketOf.get(jobId)?.open === true && !this.#finished.has(jobId),
    jobIds: () => this.#socketOf.keys(),
    apply: (jobId, messages) => this.#applyStatus(jobId, messages),
    fail: (jobId, message) => this.#emit({ kind: 'error', jobId, code: 'status', message }),
  });
  readonly #progress = new Map<string, number>();
  /** Per job, the unknown message types already reported (each is said once). */
  readonly #unknownTypes = new Map<string, Set<string>>();
  readonly #outbox = new EventOutbox((events, buffers) => {
    const listener = this.#listener;
    if (!listener) return;
    // Through Comlink the listener is a proxy whose call returns a promise; a closed page rejects it.
    const result: unknown = listener(transfer(events, buffers));
    if (result instanceof Promise) result.catch(() => undefined);
  });
  readonly #frames: FrameReader<JobSocket> = new FrameReader<JobSocket>(() => this.#options, {
    message: (source, message, arrival) => this.#arrived(source, message, arrival),
    unparsed: (source, jobId, preview) => {
      if (this.#accepting(jobId, 'preview')) this.#decoder.submitUnparsed(jobId, { ...preview, baseUrl: source.httpBase });
    },
    error: (jobId, { code, message, field }) => this.#emit({ kind: 'error', jobId, code, message, field }),
  });
  /** Each job's stored previews (job-history.backend.ts); a preview is stored before its buffers are transferred. */
  readonly #history = new JobHistoryBackend(() => this.#surfaceBudget());
  readonly #decoder: PreviewDecoder;
  readonly #chunks = new ChunkedPreviews(() => ({ maxBytes: this.#options.maxMessageBytes, timeoutMs: this.#options.chunkTimeoutMs }), {
    preview: (jobId, preview) => this.#decoder.submit(jobId, preview),
    dropped: (jobId, message) => {
      if (this.#socketOf.has(jobId)) this.#emit({ kind: 'error', jobId, code: 'chunks', message });
    },
  });
  /** Jobs already told that their server closed instead of sending a message too big for it (told once). */
  readonly #toldTooBig = new Set<string>();
  /** Which gateway error frames are said, and how often. */
  readonly #gateway = new GatewayReports();

  constructor(pipeline: DecodePipeline = new PipelineStates()) {
    this.#decoder = new PreviewDecoder(
      (event) => {
        const stored = event.kind === 'preview' ? this.#history.record(event) : undefined;
        this.#outbox.push(event);
        if (stored) this.#outbox.push(stored);
      },
      (jobId, wire) => this.#frames.readSlotted(jobId, wire),
      () => ({
        maxVoxels: this.#options.maxVoxels,
        maxInflatedBytes: this.#options.maxMessageBytes * 4,
        ...this.#surfaceBudget(),
        maxFetchBytes: this.#options.maxMessageBytes,
        fetchTimeoutMs: this.#options.previewFetchTimeoutMs,
      }),
      pipeline,
    );
  }

  async ready(): Promise<true> {
    return true;
  }

  listen(listener: StreamListener): void {
    this.#listener = listener;
  }

  /**
   * Replaces the options: what is not given is the default again. Size limits, heartbeat and the
   * voxel budget apply to open sockets at once; server, template, token and backoff to sockets opened
   * from now on.
   */
  configure(options: Partial<StreamOptions>): void {
    this.#options = resolveStreamOptions(options);
    this.#gateway.reset();
    if (this.#socketOf.size > 0) this.#status.start();
    for (const event of this.#history.configure(this.#options.historyBytes)) this.#emit(event);
  }

  /** Closes every socket for good (the main-thread fallback's teardown; a worker is just terminated). */
  dispose(): void {
    for (const jobId of [...this.#socketOf.keys()]) this.close(jobId);
    this.#chunks.dispose();
    this.#status.stop();
    this.#listener = undefined;
  }

  open(jobId: string): void {
    if (this.#socketOf.has(jobId)) return;
    this.#finished.delete(jobId);
    if (this.#socketOf.size === 0) this.#status.start();
    const { urlTemplate, server, token } = this.#options;
    const multiplexed = isMultiplexed(urlTemplate);
    let url: string;
    try {
      url = jobSocketUrl(urlTemplate, server, multiplexed ? undefined : jobId, token);
    } catch {
      this.#emit({ kind: 'state', jobId, state: 'failed', attempt: 0, reason: `The server URL "${server}" is not valid.` });
      return;
    }
    const shared = multiplexed ? this.#sockets.get(url) : undefined;
    if (shared && !shared.closed) {
      shared.addJob(jobId);
      this.#socketOf.set(jobId, shared);
      this.#emit({ kind: 'state', jobId, state: shared.open ? 'open' : 'connecting', attempt: Math.max(1, shared.attempts) });
      return;
    }
    // State changes and refusals take their turn among the frames: none overtakes a message still inflating.
    const socket: JobSocket = new JobSocket(url, [jobId], multiplexed, () => this.#options, {
      state: (state, detail) => this.#frames.inTurn(socket, () => this.#socketState(socket, state, detail)),
      text: (text) => this.#frames.text(socket, text),
      binary: (buffer) => this.#frames.binary(socket, buffer),
      tooLarge: (bytes) =>
        this.#frames.inTurn(socket, () =>
          this.#emitEach(socket, {
            code: 'size',
            message: `A message of ${bytes} bytes exceeds the limit of ${this.#options.maxMessageBytes} bytes and was dropped unread.`,
          }),
        ),
    });
    this.#sockets.set(url, socket);
    this.#socketOf.set(jobId, socket);
    this.#emit({ kind: 'state', jobId, state: 'connecting', attempt: 1 });
  }

  close(jobId: string): void {
    const socket = this.#socketOf.get(jobId);
    this.#socketOf.delete(jobId);
    this.#decoder.forget(jobId);
    this.#history.forget(jobId);
    this.#chunks.forget(jobId);
    this.#gateway.forget(jobId);
    this.#toldTooBig.delete(jobId);
    this.#progress.delete(jobId);
    this.#unknownTypes.delete(jobId);
    this.#status.forget(jobId);
    this.#lifecycle.delete(jobId);
    if (this.#socketOf.size === 0) this.#status.stop();
    if (!socket) return;
    socket.removeJob(jobId);
    if (socket.jobIds.size === 0) {
      socket.close();
      for (const [url, candidate] of this.#sockets) if (candidate === socket) this.#sockets.delete(url);
    }
  }

  send(jobId: string, message: ClientMessage): void {
    this.#socketOf.get(jobId)?.send(message);
  }

  cancel(jobId: string): void {
    this.send(jobId, { type: 'cancel_job', job_id: jobId });
    void requestJobCancel(jobId, this.#options).then((result) => {
      if (result && !result.ok && this.#socketOf.has(jobId)) this.#emit({ kind: 'error', jobId, code: 'status', message: result.message });
    });
  }

  history(jobId: string): HistoryEntry[] {
    return this.#history.list(jobId);
  }

  restore(jobId: string, request: number, previewId: number | string | null): void {
    this.#emit(this.#history.restore(jobId, request, previewId));
  }

  /** A layer's surface budget (`maxFaces` is already the job's share of the total: stream-settings.ts). */
  #surfaceBudget(): SurfaceBudget {
    const { maxFaces, brickSize, surface } = this.#options;
    return { maxFaces: Math.max(1, maxFaces), brickSize, surface };
  }

  #emit(event: StreamEvent): void {
    this.#outbox.push(event);
  }

  #emitEach(socket: JobSocket, error: { code: Extract<StreamEvent, { kind: 'error' }>['code']; message: string; field?: string }): void {
    for (const jobId of socket.jobIds) this.#emit({ kind: 'error', jobId, ...error });
  }

  #socketState(socket: JobSocket, state: ConnectionState, detail: { attempt: number; reason?: string; code?: number }): void {
    for (const jobId of socket.jobIds) {
      // A finished job's socket closes because we closed it: that is not news to the host.
      if (this.#finished.has(jobId) && state !== 'closed') continue;
      for (const reset of resetsOnOpen(connectionPolicy(this.#options), state, detail.attempt)) {
        if (reset !== 'preview-order') continue;
        this.#decoder.restartOrder(jobId);
        this.#chunks.restartOrder(jobId);
      }
      this.#emit({ kind: 'state', jobId, state, ...detail });
      if (state === 'reconnecting' && detail.code === MESSAGE_TOO_BIG_CLOSE) this.#tellTooBig(jobId);
      // A server that does not replay says nothing about a job that is already done: ask.
      if (state === 'open') this.#status.opened(jobId);
      if (state === 'failed') {
        this.#finish(jobId, {
          kind: 'failed',
          jobId,
          code: detail.code === undefined ? 'closed' : `close-${detail.code}`,
          message: detail.reason ?? 'The server closed the connection for good.',
          retryable: false,
        });
      }
    }
  }

  #arrived(socket: JobSocket, message: JobMessage, arrival: Arrival): void {
    if (message.kind === 'gateway-error') return this.#gatewayAnswered(socket, message.message);
    const jobId = this.#route(socket, message);
    if (jobId) this.#dispatch(jobId, message, { ...arrival, baseUrl: socket.httpBase });
  }

  /** A gateway's error frame: no route (said once per job), or the server failing (said now and then). */
  #gatewayAnswered(socket: JobSocket, answer: string): void {
    const context = { sent: socket.lastSent, key: this.#options.clientMessageKey, now: performance.now() };
    for (const report of this.#gateway.answer(socket.jobIds, answer, context)) this.#emit({ kind: 'error', ...report });
  }

  /** A 1009 close is retried like any other, but what the server could not send is lost: say why, once. */
  #tellTooBig(jobId: string): void {
    if (this.#toldTooBig.has(jobId)) return;
    this.#toldTooBig.add(jobId);
    this.#emit({
      kind: 'error',
      jobId,
      code: 'size',
      message: 'The server closed the connection (1009) instead of sending a message too big for it, e.g. a preview over an API Gateway\'s 128 KB; that message is lost, the widget reconnects.',
    });
  }

  /** The job a message belongs to, or undefined (with an error event) when it names another job. */
  #route(socket: JobSocket, message: JobMessage): string | undefined {
    const named = message.jobId;
    if (named !== undefined && socket.jobIds.has(named)) return named;
    if (socket.multiplexed) return undefined;
    const [own] = socket.jobIds;
    if (own === undefined) return undefined;
    if (named === undefined) return own;
    this.#emit({
      kind: 'error',
      jobId: own,
      code: 'job-id',
      message: `A message for job "${named.slice(0, 80)}" arrived on the socket of job "${own}" and was ignored.`,
      field: 'job_id',
    });
    return undefined;
  }

  #dispatch(jobId: string, message: JobMessage, arrival: Omit<ArrivedPreview, 'header' | 'sentAt'>): void {
    if (message.kind === 'heartbeat' || !this.#accepting(jobId, message.kind)) return;
    switch (message.kind) {
      case 'connected':
        return;
      case 'ignored':
        this.#reportUnknownType(jobId, message.type, message.sameAs);
        return;
      case 'lifecycle':
        this.#emitLifecycle(jobId, message.state);
        return;
      case 'progress': {
        // Only the progress fields: the envelope (`sentAt`, the wire `jobId`) is not part of the event.
        const { kind, jobId: _named, sentAt: _sentAt, ...progress } = message;
        this.#progress.set(jobId, progress.progress);
        this.#emit({ kind, jobId, ...progress });
        return;
      }
      case 'stage-complete':
        this.#emit({ kind: 'progress', jobId, progress: this.#progress.get(jobId) ?? 0, stage: message.stage, message: `${message.stage} complete` });
        return;
      case 'preview':
        this.#chunks.arrived(jobId, { ...arrival, header: message.header, sentAt: message.sentAt });
        return;
      case 'gateway-error':
        return;
      case 'server-error':
        this.#emit({ kind: 'error', jobId, code: 'server', message: message.message });
        return;
      case 'completed':
        this.#finish(jobId, { kind: 'completed', jobId, results: message.results });
        return;
      case 'failed':
        this.#finish(jobId, { kind: 'failed', jobId, code: message.code, message: message.message, retryable: message.retryable });
        return;
      case 'cancelled':
        // CryoMamba's REST cancel says `job_cancelled` with `state: "running"` and goes on.
        if (message.requested) this.#emitLifecycle(jobId, CANCEL_REQUESTED);
        else this.#finish(jobId, { kind: 'cancelled', jobId }, true);
        return;
    }
  }

  /** Whether a job still takes a message of this kind (heard: it counts as a sign of life). */
  #accepting(jobId: string, kind: JobMessage['kind']): boolean {
    this.#status.heard(jobId);
    const terminal = this.#finished.get(jobId);
    if (!terminal) return true;
    if (!terminal.revocable || terminal.emitted || !JOB_DATA.has(kind)) return false;
    // More of the job after its `job_cancelled`: the cancel was only a request, and the job goes on.
    this.#finished.delete(jobId);
    this.#emitLifecycle(jobId, CANCEL_REQUESTED);
    return true;
  }

  #emitLifecycle(jobId: string, state: string): void {
    this.#lifecycle.set(jobId, state);
    this.#emit({ kind: 'lifecycle', jobId, state });
  }

  /** A REST status applied like socket messages; a poll that repeats the known state is not news. */
  #applyStatus(jobId: string, messages: JobMessage[]): void {
    for (const message of messages) {
      const known = this.#lifecycle.get(jobId);
      // Nor may a poll's `running` hide a `cancel requested`.
      if (message.kind === 'lifecycle' && (message.state === known || known === CANCEL_REQUESTED)) continue;
      this.#dispatch(jobId, message, { body: undefined, receivedAt: performance.now(), messageBytes: 0, parseMs: 0 });
    }
  }

  #reportUnknownType(jobId: string, type: string, sameAs: string | undefined): void {
    const reported = this.#unknownTypes.get(jobId) ?? new Set<string>();
    this.#unknownTypes.set(jobId, reported);
    const message = unknownTypeReport(reported, type, sameAs);
    if (message) this.#emit({ kind: 'error', jobId, code: 'schema', field: 'type', message });
  }

  /**
   * A terminal event follows the job's last preview. A `job_cancelled` is `revocable`: more data for the
   * job within the grace period makes it a mere request. Then, once trailing messages have had their
   * grace, the job's own socket is closed (CryoMamba never closes it).
   */
  #finish(jobId: string, event: StreamEvent, revocable = false): void {
    const terminal: Terminal = { revocable, emitted: false };
    this.#finished.set(jobId, terminal);
    const grace = this.#options.terminalGraceMs;
    void this.#decoder.whenIdle(jobId).then(async () => {
      if (revocable) await delay(grace);
      if (this.#finished.get(jobId) !== terminal) return;
      terminal.emitted = true;
      this.#emit(event);
      await delay(revocable ? 0 : grace);
      const socket = this.#socketOf.get(jobId);
      if (this.#finished.get(jobId) === terminal && socket && socket.jobIds.size === 1) socket.close('job finished');
    });
  }
}

interface Terminal {
  /** A cancel that later job data may turn into a request. */
  revocable: boolean;
  emitted: boolean;
}

/** Messages that show a job is still going. */
const JOB_DATA: ReadonlySet<JobMessage['kind']> = new Set(['lifecycle', 'progress', 'stage-complete', 'preview', 'completed', 'failed']);

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

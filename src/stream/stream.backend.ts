// The job streams (worker side): owns every socket, turns wire messages into typed events, decodes
// previews off the main thread and hands the volumes over by transfer. Runs in the job worker, or on
// the main thread behind a MessageChannel when no worker can start (a strict CSP).
import { transfer } from 'comlink';
import { splitBinaryFrame } from '../labels/binary-frame.ts';
import { LabelDecodeError } from '../labels/decode-error.ts';
import type { ClientMessage } from '../protocol/client-messages.ts';
import type { JobMessage } from '../protocol/job-message.ts';
import { parseServerMessage } from '../protocol/parse-server-message.ts';
import { EventOutbox } from './event-outbox.ts';
import { triageTextFrame } from './frame-triage.ts';
import { JobSocket } from './job-socket.ts';
import { isMultiplexed, jobSocketUrl } from './job-url.ts';
import { PreviewDecoder, type ParsedPreview } from './preview-decoder.ts';
import { connectionPolicy, resetsOnOpen } from './reconnect-policy.ts';
import { DEFAULT_STREAM_OPTIONS } from './stream-options.ts';
import type { ConnectionState, JobStreamApi, StreamEvent, StreamListener, StreamOptions } from './stream-types.ts';

export class JobStreamBackend implements JobStreamApi {
  #options: StreamOptions = { ...DEFAULT_STREAM_OPTIONS };
  #listener: StreamListener | undefined;
  readonly #sockets = new Map<string, JobSocket>();
  readonly #socketOf = new Map<string, JobSocket>();
  readonly #finished = new Set<string>();
  readonly #progress = new Map<string, number>();
  readonly #outbox = new EventOutbox((events, buffers) => {
    const listener = this.#listener;
    if (!listener) return;
    // Through Comlink the listener is a proxy whose call returns a promise; a closed page rejects it.
    const result: unknown = listener(transfer(events, buffers));
    if (result instanceof Promise) result.catch(() => undefined);
  });
  readonly #decoder = new PreviewDecoder(
    (event) => this.#outbox.push(event),
    (jobId, text) => this.#readSlotted(jobId, text),
    () => ({ maxVoxels: this.#options.maxVoxels, maxInflatedBytes: this.#options.maxMessageBytes * 4 }),
  );

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
    this.#options = { ...DEFAULT_STREAM_OPTIONS, ...options };
  }

  /** Closes every socket for good (the main-thread fallback's teardown; a worker is just terminated). */
  dispose(): void {
    for (const jobId of [...this.#socketOf.keys()]) this.close(jobId);
    this.#listener = undefined;
  }

  open(jobId: string): void {
    if (this.#socketOf.has(jobId)) return;
    this.#finished.delete(jobId);
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
    const socket: JobSocket = new JobSocket(url, [jobId], multiplexed, () => this.#options, {
      state: (state, detail) => this.#socketState(socket, state, detail),
      text: (text) => this.#text(socket, text, multiplexed),
      binary: (buffer) => this.#binary(socket, buffer, multiplexed),
      tooLarge: (bytes) =>
        this.#emitEach(socket, {
          code: 'size',
          message: `A message of ${bytes} bytes exceeds the limit of ${this.#options.maxMessageBytes} bytes and was dropped unread.`,
        }),
    });
    this.#sockets.set(url, socket);
    this.#socketOf.set(jobId, socket);
    this.#emit({ kind: 'state', jobId, state: 'connecting', attempt: 1 });
  }

  close(jobId: string): void {
    const socket = this.#socketOf.get(jobId);
    this.#socketOf.delete(jobId);
    this.#decoder.forget(jobId);
    this.#progress.delete(jobId);
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
        if (reset === 'preview-order') this.#decoder.restartOrder(jobId);
      }
      this.#emit({ kind: 'state', jobId, state, ...detail });
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

  #text(socket: JobSocket, text: string, multiplexed: boolean): void {
    const receivedAt = performance.now();
    const lane = triageTextFrame(text, multiplexed);
    if (lane.lane === 'preview') {
      // Unparsed: it waits in its job's slot, where a newer preview may replace it before it costs a parse.
      const jobId = this.#slotJob(socket, lane.jobId, multiplexed);
      if (jobId !== undefined) {
        if (!this.#finished.has(jobId)) this.#decoder.submit(jobId, { form: 'text', text, receivedAt, messageBytes: text.length, parseMs: 0 });
        return;
      }
    }
    const parsed = parseServerMessage(text, { frame: 'text' });
    const parseMs = performance.now() - receivedAt;
    if (!parsed.ok) {
      const target = parsed.error.jobId && socket.jobIds.has(parsed.error.jobId) ? [parsed.error.jobId] : [...socket.jobIds];
      for (const jobId of target) {
        this.#emit({ kind: 'error', jobId, code: parsed.error.rule, message: parsed.error.message, field: parsed.error.field });
      }
      return;
    }
    const jobId = this.#route(socket, parsed.message, multiplexed);
    if (jobId) this.#dispatch(jobId, parsed.message, { body: undefined, receivedAt, messageBytes: text.length, parseMs });
  }

  /**
   * The job whose slot a peeked preview may wait in: the job it names on its own socket, or the socket's
   * one job when it names none. Anything else (another job's id) is parsed at once, and routed or reported.
   */
  #slotJob(socket: JobSocket, named: string | undefined, multiplexed: boolean): string | undefined {
    if (named !== undefined) return socket.jobIds.has(named) ? named : undefined;
    if (multiplexed || socket.jobIds.size !== 1) return undefined;
    const [own] = socket.jobIds;
    return own;
  }

  /**
   * Parses a slotted preview as it is about to be decoded. The peek read the first top-level `type` and
   * `job_id`; a message whose parse disagrees (a repeated key) is refused rather than used as something else.
   */
  #readSlotted(jobId: string, text: string): ParsedPreview | undefined {
    const parsed = parseServerMessage(text, { frame: 'text' });
    if (!parsed.ok) {
      this.#emit({ kind: 'error', jobId, code: parsed.error.rule, message: parsed.error.message, field: parsed.error.field });
      return undefined;
    }
    const { message } = parsed;
    if (message.kind !== 'preview' || (message.jobId !== undefined && message.jobId !== jobId)) {
      this.#emit({
        kind: 'error',
        jobId,
        code: 'schema',
        field: message.jobId !== undefined && message.jobId !== jobId ? 'job_id' : 'type',
        message: 'A message began as a preview for this job but its repeated "type" or "job_id" said otherwise; it was ignored.',
      });
      return undefined;
    }
    return { header: message.header, body: undefined, sentAt: message.sentAt };
  }

  #binary(socket: JobSocket, buffer: ArrayBuffer, multiplexed: boolean): void {
    const receivedAt = performance.now();
    let frame: ReturnType<typeof splitBinaryFrame>;
    try {
      frame = splitBinaryFrame(buffer);
    } catch (error) {
      const message = error instanceof LabelDecodeError ? error.message : 'A binary frame could not be read.';
      this.#emitEach(socket, { code: 'payload', message });
      return;
    }
    const parsed = parseServerMessage(frame.headerText, { frame: 'binary' });
    const parseMs = performance.now() - receivedAt;
    if (!parsed.ok) {
      this.#emitEach(socket, { code: parsed.error.rule, message: parsed.error.message, field: parsed.error.field });
      return;
    }
    const jobId = this.#route(socket, parsed.message, multiplexed);
    if (jobId) this.#dispatch(jobId, parsed.message, { body: frame.body, receivedAt, messageBytes: buffer.byteLength, parseMs });
  }

  /** The job a message belongs to, or undefined (with an error event) when it names another job. */
  #route(socket: JobSocket, message: JobMessage, multiplexed: boolean): string | undefined {
    const named = message.jobId;
    if (named !== undefined && socket.jobIds.has(named)) return named;
    if (multiplexed) return undefined;
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

  #dispatch(jobId: string, message: JobMessage, arrival: { body: Uint8Array | undefined; receivedAt: number; messageBytes: number; parseMs: number }): void {
    if (this.#finished.has(jobId) && message.kind !== 'heartbeat') return;
    switch (message.kind) {
      case 'connected':
      case 'heartbeat':
      case 'ignored':
        return;
      case 'lifecycle':
        this.#emit({ kind: 'lifecycle', jobId, state: message.state });
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
        this.#decoder.submit(jobId, { form: 'parsed', ...arrival, header: message.header, sentAt: message.sentAt });
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
        this.#finish(jobId, { kind: 'cancelled', jobId });
        return;
    }
  }

  /** A terminal event follows the job's last preview, then its own socket closes for good. */
  #finish(jobId: string, event: StreamEvent): void {
    this.#finished.add(jobId);
    void this.#decoder.whenIdle(jobId).then(() => {
      this.#emit(event);
      const socket = this.#socketOf.get(jobId);
      if (socket && socket.jobIds.size === 1) socket.close('job finished');
    });
  }
}

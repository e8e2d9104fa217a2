// The element's job streams, as a Lit controller. While the element is in the page and has a server,
// one stream session runs (a worker, or the main-thread fallback) and its open jobs follow `jobs`;
// leaving the page, or switching between worker and main thread, ends the session.
//
// Races are settled by ownership rather than by counting: the only wait is the session's start, and a
// session that was ended meanwhile disposes the client it gets and never speaks to the element again.
// Everything else is a reconciliation run after each update: compare what the element wants with what
// the session has, send the difference (in order: Comlink delivers calls to the backend as sent).
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { startJobStream, type JobStreamClient, type StreamMode } from './stream/stream.frontend.ts';
import type { StreamListener } from './stream/stream-types.ts';
import type { HistoryEntry } from './labels/preview-history.ts';
import type { ClientMessage } from './protocol/client-messages.ts';
import type { StreamSettings } from './stream-settings.ts';

/** How a session starts its client: `startJobStream`, or a test's wrapper around it. */
export type StreamStarter = typeof startJobStream;

/** One start of the streams, from `startJobStream` to `end()`. */
class StreamSession {
  client: JobStreamClient | undefined;
  /** Why the start failed; the session is then dead and is replaced on the next change of settings. */
  error: string | undefined;
  ended = false;
  readonly #open = new Set<string>();
  #configured: string | undefined;
  #connection: string | undefined;

  constructor(
    readonly worker: boolean,
    /** The settings it started with (JSON): a failed start is retried only once they change. */
    readonly startedWith: string,
    start: StreamStarter,
    listener: StreamListener,
    onStarted: () => void,
  ) {
    const ownEvents: StreamListener = (events) => {
      if (!this.ended) listener(events);
    };
    start(ownEvents, { worker }).then(
      (client) => {
        if (this.ended) return client.dispose();
        this.client = client;
        onStarted();
      },
      (error: unknown) => {
        // Nothing may throw out of the element: the status line says it instead.
        this.error = error instanceof Error ? error.message : String(error);
        if (!this.ended) onStarted();
      },
    );
  }

  /** Sends what differs between the backend's state and the wanted one; before the start, nothing. */
  apply(options: StreamSettings['options'], jobs: readonly string[]): void {
    const api = this.client?.api;
    if (!api) return;
    const configured = JSON.stringify(options);
    if (configured !== this.#configured) {
      this.#configured = configured;
      void api.configure(options);
      // Server, template and token only reach sockets opened after `configure`: reopen every job.
      const connection = JSON.stringify([options.server, options.urlTemplate, options.token]);
      if (this.#connection !== undefined && connection !== this.#connection) this.#closeAll(api);
      this.#connection = connection;
    }
    const wanted = new Set(jobs);
    for (const id of this.#open) {
      if (wanted.has(id)) continue;
      this.#open.delete(id);
      void api.close(id);
    }
    for (const id of wanted) {
      if (this.#open.has(id)) continue;
      this.#open.add(id);
      void api.open(id);
    }
  }

  send(jobId: string, message: ClientMessage): void {
    void this.client?.api.send(jobId, message);
  }

  cancel(jobId: string): void {
    void this.client?.api.cancel(jobId);
  }

  /** Idempotent; disposing the client closes its sockets (a worker is terminated with them). */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.client?.dispose();
  }

  #closeAll(api: JobStreamClient['api']): void {
    for (const id of this.#open) void api.close(id);
    this.#open.clear();
  }
}

export class StreamController implements ReactiveController {
  #session: StreamSession | undefined;
  #connected = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    /** What the element wants, read after every update. */
    private readonly settings: () => StreamSettings,
    /** Receives the events of the current session only. */
    private readonly listener: StreamListener,
    private readonly start: StreamStarter = startJobStream,
  ) {
    host.addController(this);
  }

  /** Where the streams run, once started. */
  get mode(): StreamMode | undefined {
    return this.#session?.client?.mode;
  }

  /** Why the worker is not used, in the main-thread mode. */
  get reason(): string | undefined {
    return this.#session?.client?.reason;
  }

  /** Why the streams could not start, if they could not. */
  get error(): string | undefined {
    return this.#session?.error;
  }

  /** The panel's status line: where the streams run, or why they do not. */
  status(jobs: number): string {
    const { mode, reason, error } = this;
    if (error && !mode) return `the job streams could not start: ${error}`;
    if (mode === 'main-thread') return `degraded: no worker (${reason ?? 'unavailable'})`;
    if (mode === 'worker') {
      const workers = this.#session?.client?.workers ?? 1;
      return `${jobs} job${jobs === 1 ? '' : 's'} · decoding in ${workers === 1 ? 'a worker' : `${workers} workers`}`;
    }
    return 'starting…';
  }

  /** Sends a message on a job's socket; dropped before the start and when the job is not open. */
  send(jobId: string, message: ClientMessage): void {
    this.#session?.send(jobId, message);
  }

  /** Cancels a job: `cancel_job` on its socket, and DELETE on the cancel URL when one is set. */
  cancel(jobId: string): void {
    this.#session?.cancel(jobId);
  }

  /** A job's stored previews, from its worker ([] before the start). */
  history(jobId: string): Promise<HistoryEntry[]> {
    return this.#session?.client?.api.history(jobId) ?? Promise.resolve([]);
  }

  /** Asks for a stored preview (null: the newest), answered by a `restored` event; false: no session to ask. */
  restore(jobId: string, request: number, previewId: number | string | null): boolean {
    const api = this.#session?.client?.api;
    if (api) void api.restore(jobId, request, previewId);
    return api !== undefined;
  }

  hostConnected(): void {
    this.#connected = true;
    // A moved element is reconnected without any property change: ask for the update that restarts it.
    this.host.requestUpdate();
  }

  hostUpdated(): void {
    if (!this.#connected) return;
    const { worker, jobs, options } = this.settings();
    const key = JSON.stringify({ worker, options });
    const session = this.#session;
    if (session && (session.worker !== worker || (session.error !== undefined && session.startedWith !== key))) this.#end();
    if (!this.#session && options.server) {
      this.#session = new StreamSession(worker, key, this.start, this.listener, () => this.host.requestUpdate());
    }
    this.#session?.apply(options, options.server ? jobs : []);
  }

  hostDisconnected(): void {
    this.#connected = false;
    this.#end();
  }

  #end(): void {
    this.#session?.end();
    this.#session = undefined;
  }
}

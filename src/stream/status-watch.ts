// When to ask a job's REST status (worker side): whenever its socket (re)opens, and whenever it has
// been silent for `statusSilenceMs`. A server that does not replay (CryoMamba) says nothing on the
// socket about a job that already finished; its status answer does.
import type { JobMessage } from '../protocol/job-message.ts';
import { fetchJobStatus } from './job-rest.ts';
import type { StreamOptions } from './stream-types.ts';

export interface StatusWatchHost {
  options(): StreamOptions;
  /** The job's socket is open and the job not finished: its status is worth asking. */
  wanted(jobId: string): boolean;
  /** The job ids with a socket. */
  jobIds(): Iterable<string>;
  apply(jobId: string, messages: JobMessage[]): void;
  fail(jobId: string, message: string): void;
}

export class StatusWatch {
  readonly #host: StatusWatchHost;
  /** When each job last brought a job message (or had its status fetched). */
  readonly #lastHeard = new Map<string, number>();
  readonly #inFlight = new Set<string>();
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(host: StatusWatchHost) {
    this.#host = host;
  }

  /** A job message arrived: the job is not silent. */
  heard(jobId: string): void {
    this.#lastHeard.set(jobId, Date.now());
  }

  /** The job's socket (re)opened: ask now. */
  opened(jobId: string): void {
    this.heard(jobId);
    void this.#fetch(jobId);
  }

  forget(jobId: string): void {
    this.#lastHeard.delete(jobId);
  }

  /** Watches for silence while a status URL is set (call again after the options change). */
  start(): void {
    this.stop();
    const { statusUrlTemplate, statusSilenceMs } = this.#host.options();
    if (!statusUrlTemplate) return;
    this.#timer = setInterval(() => {
      const now = Date.now();
      const silence = this.#host.options().statusSilenceMs;
      for (const jobId of this.#host.jobIds()) {
        if (now - (this.#lastHeard.get(jobId) ?? now) >= silence) void this.#fetch(jobId);
      }
    }, Math.max(250, statusSilenceMs / 4));
  }

  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  async #fetch(jobId: string): Promise<void> {
    if (!this.#host.options().statusUrlTemplate || this.#inFlight.has(jobId) || !this.#host.wanted(jobId)) return;
    this.#inFlight.add(jobId);
    const result = await fetchJobStatus(jobId, this.#host.options());
    this.#inFlight.delete(jobId);
    if (!result || !this.#host.wanted(jobId)) return;
    this.heard(jobId);
    if (result.ok) this.#host.apply(jobId, result.messages);
    else this.#host.fail(jobId, result.message);
  }
}

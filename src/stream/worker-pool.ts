// The job workers (main-thread side): a worker per job, up to a limit, each job on the least-loaded
// worker, so a job that floods or sends a huge preview stalls only its own worker. Jobs that share a
// multiplexed socket share its worker (the socket lives in one worker). Starting a worker is the
// frontend's business (stream.frontend.ts); this file only decides where each job goes and keeps the
// commands to each worker in order.
import type { ClientMessage } from '../protocol/client-messages.ts';
import { isMultiplexed, jobSocketUrl } from './job-url.ts';
import { DEFAULT_STREAM_OPTIONS } from './stream-options.ts';
import type { JobStreamApi, StreamOptions } from './stream-types.ts';

/** The commands the main thread sends to the streams; each resolves once delivered. */
export type JobStreamCommands = {
  [K in 'configure' | 'open' | 'close' | 'send' | 'cancel' | 'restore']: (...args: Parameters<JobStreamApi[K]>) => Promise<void>;
} & {
  /** A job's stored previews, from the worker that holds them ([] for a job not open). */
  history(...args: Parameters<JobStreamApi['history']>): Promise<ReturnType<JobStreamApi['history']>>;
};

/** A started worker: its commands (already listening to events) and how to end it. */
export interface PoolWorker {
  api: JobStreamCommands;
  dispose(): void;
}

/** Starts one more worker, listening; the pool configures it. */
export type SpawnWorker = () => Promise<PoolWorker>;

/** `workers` as the options give it: 0 means one fewer than the cores, at least one. */
export function workerLimit(workers: number, cores: number | undefined): number {
  if (workers >= 1) return Math.floor(workers);
  return Math.max(1, (cores ?? 2) - 1);
}

/**
 * Where a new job goes, from the jobs each worker holds: the least-loaded worker, or `'new'` when every
 * worker already has a job and the limit allows another.
 */
export function chooseWorker(loads: readonly number[], limit: number): number | 'new' {
  if (loads.length === 0) return 'new';
  let least = 0;
  for (let i = 1; i < loads.length; i++) if (loads[i]! < loads[least]!) least = i;
  return loads[least]! > 0 && loads.length < limit ? 'new' : least;
}

interface Member {
  /** Every command to this worker goes through this chain: Comlink then delivers them in order. */
  ready: Promise<JobStreamCommands | undefined>;
  jobs: Set<string>;
  /** The multiplexed socket its jobs share, if they do. */
  sharedSocket?: string;
  dispose(): void;
}

export class WorkerPool implements JobStreamCommands {
  readonly #members: Member[] = [];
  /** The worker a job was last given: a reopened job returns there, so its old events cannot trail its new ones. */
  readonly #home = new Map<string, Member>();
  readonly #spawn: SpawnWorker;
  readonly #cores: number | undefined;
  #options: Partial<StreamOptions> = {};
  #disposed = false;

  constructor(first: PoolWorker, spawn: SpawnWorker, cores: number | undefined) {
    this.#members.push({ ready: Promise.resolve(first.api), jobs: new Set(), dispose: () => first.dispose() });
    this.#spawn = spawn;
    this.#cores = cores;
  }

  /** Workers started so far. */
  get size(): number {
    return this.#members.length;
  }

  async configure(options: Partial<StreamOptions>): Promise<void> {
    this.#options = options;
    await Promise.all(this.#members.map((member) => this.#command(member, (api) => api.configure(options))));
  }

  async open(jobId: string): Promise<void> {
    const member = this.#home.get(jobId) ?? this.#place();
    member.jobs.add(jobId);
    this.#home.set(jobId, member);
    await this.#command(member, (api) => api.open(jobId));
  }

  async close(jobId: string): Promise<void> {
    const member = this.#home.get(jobId);
    if (!member) return;
    member.jobs.delete(jobId);
    await this.#command(member, (api) => api.close(jobId));
  }

  async send(jobId: string, message: ClientMessage): Promise<void> {
    const member = this.#home.get(jobId);
    if (member?.jobs.has(jobId)) await this.#command(member, (api) => api.send(jobId, message));
  }

  async cancel(jobId: string): Promise<void> {
    const member = this.#home.get(jobId);
    if (member?.jobs.has(jobId)) await this.#command(member, (api) => api.cancel(jobId));
  }

  async restore(jobId: string, request: number, previewId: number | string | null): Promise<void> {
    const member = this.#home.get(jobId);
    if (member?.jobs.has(jobId)) await this.#command(member, (api) => api.restore(jobId, request, previewId));
  }

  async history(jobId: string): Promise<ReturnType<JobStreamApi['history']>> {
    const member = this.#home.get(jobId);
    return (member?.jobs.has(jobId) && (await this.#command(member, (api) => api.history(jobId)))) || [];
  }

  dispose(): void {
    this.#disposed = true;
    for (const member of this.#members) member.dispose();
  }

  #place(): Member {
    const socket = this.#sharedSocket();
    if (socket !== undefined) {
      const sharing = this.#members.find((member) => member.jobs.size > 0 && member.sharedSocket === socket);
      if (sharing) return sharing;
    }
    const limit = workerLimit(this.#options.workers ?? DEFAULT_STREAM_OPTIONS.workers, this.#cores);
    const choice = chooseWorker(this.#members.map((member) => member.jobs.size), limit);
    const member = choice === 'new' ? this.#start() : this.#members[choice]!;
    member.sharedSocket = socket;
    return member;
  }

  /** The multiplexed socket URL jobs use now, or undefined when each job gets a socket of its own. */
  #sharedSocket(): string | undefined {
    const { urlTemplate = DEFAULT_STREAM_OPTIONS.urlTemplate, server = '', token = '' } = this.#options;
    if (!isMultiplexed(urlTemplate)) return undefined;
    try {
      return jobSocketUrl(urlTemplate, server, undefined, token);
    } catch {
      return undefined;
    }
  }

  #start(): Member {
    let started: PoolWorker | undefined;
    const options = this.#options;
    // A worker that never starts resolves to undefined; its jobs then go to the first worker.
    const member: Member = {
      ready: this.#spawn().then(
        async (worker) => {
          started = worker;
          if (this.#disposed) {
            worker.dispose();
            return undefined;
          }
          await worker.api.configure(options);
          return worker.api;
        },
        () => undefined,
      ),
      jobs: new Set(),
      dispose: () => started?.dispose(),
    };
    this.#members.push(member);
    return member;
  }

  /**
   * Runs a command once the worker is up: every command waits on the same promise, so they reach the
   * worker in the order they were given. A worker that could not start hands its jobs to the first
   * worker, which always started (it proved that workers are allowed here).
   */
  async #command<T>(member: Member, run: (api: JobStreamCommands) => Promise<T>): Promise<T | undefined> {
    const api = (await member.ready) ?? (await this.#members[0]!.ready);
    return api ? run(api) : undefined;
  }
}

// The job streams (main-thread side): starts the job workers from a Blob URL and talks to them through
// Comlink, a job per worker up to a limit (worker-pool.ts). Where a worker cannot start (a
// Content-Security-Policy without `worker-src blob:`), the same backend runs on the main thread behind
// a MessageChannel, and the mode says so.
import { expose, proxy, wrap } from 'comlink';
import workerSource from 'job-worker-source/inline';
import { WorkerPool, type JobStreamCommands, type PoolWorker } from './worker-pool.ts';
import type { JobStreamApi, StreamListener } from './stream-types.ts';

export type StreamMode = 'worker' | 'main-thread';

export interface JobStreamClient {
  api: JobStreamCommands;
  mode: StreamMode;
  /** Why the worker could not be used, when `mode` is 'main-thread'. */
  reason?: string;
  /** Workers started so far (0 on the main thread). */
  readonly workers: number;
  dispose(): void;
}

const WORKER_START_TIMEOUT_MS = 10_000;

/** Starts one job worker and subscribes `listener` to its events. */
async function startWorker(listener: StreamListener): Promise<PoolWorker> {
  const url = URL.createObjectURL(new Blob([workerSource], { type: 'text/javascript' }));
  let worker: Worker;
  try {
    worker = new Worker(url, { name: 'preview-overlay jobs' });
  } catch (error) {
    URL.revokeObjectURL(url);
    throw error;
  }
  const api = wrap<JobStreamApi>(worker);
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the worker did not start')), WORKER_START_TIMEOUT_MS);
      worker.addEventListener('error', (event) => {
        clearTimeout(timer);
        event.preventDefault();
        reject(new Error(event.message || 'the worker failed to load'));
      }, { once: true });
      api.ready().then(() => {
        clearTimeout(timer);
        resolve();
      }, reject);
    });
    await api.listen(proxy(listener));
  } catch (error) {
    worker.terminate();
    throw error;
  } finally {
    URL.revokeObjectURL(url);
  }
  return { api, dispose: () => worker.terminate() };
}

async function startWorkers(listener: StreamListener): Promise<JobStreamClient> {
  // The first worker proves that workers may start here; the others start as jobs need them.
  const pool = new WorkerPool(await startWorker(listener), () => startWorker(listener), navigator.hardwareConcurrency);
  return {
    api: pool,
    mode: 'worker',
    get workers() {
      return pool.size;
    },
    dispose: () => pool.dispose(),
  };
}

async function startOnMainThread(listener: StreamListener, reason: string): Promise<JobStreamClient> {
  const { JobStreamBackend } = await import('./stream.backend.ts');
  const channel = new MessageChannel();
  const backend = new JobStreamBackend();
  expose(backend, channel.port1);
  const api = wrap<JobStreamApi>(channel.port2);
  const dispose = () => {
    // Directly, not through the channel: a message posted now would never be read.
    backend.dispose();
    channel.port1.close();
    channel.port2.close();
  };
  try {
    await api.listen(proxy(listener));
  } catch (error) {
    dispose();
    throw error;
  }
  return { api, mode: 'main-thread', reason, workers: 0, dispose };
}

/** Starts the job streams and subscribes `listener` to their events. */
export async function startJobStream(listener: StreamListener, { worker = true }: { worker?: boolean } = {}): Promise<JobStreamClient> {
  if (!worker) return startOnMainThread(listener, 'workers disabled');
  try {
    return await startWorkers(listener);
  } catch (error) {
    return startOnMainThread(listener, error instanceof Error ? error.message : String(error));
  }
}

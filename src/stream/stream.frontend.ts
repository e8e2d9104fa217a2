// The job streams (main-thread side): starts the job worker from a Blob URL and talks to it through
// Comlink. Where a worker cannot start (a Content-Security-Policy without `worker-src blob:`), the same
// backend runs on the main thread behind a MessageChannel, and the mode says so.
import { expose, proxy, wrap, type Remote } from 'comlink';
import workerSource from 'job-worker-source/inline';
import type { JobStreamApi, StreamListener } from './stream-types.ts';

export type StreamMode = 'worker' | 'main-thread';

export interface JobStreamClient {
  api: Remote<JobStreamApi>;
  mode: StreamMode;
  /** Why the worker could not be used, when `mode` is 'main-thread'. */
  reason?: string;
  dispose(): void;
}

const WORKER_START_TIMEOUT_MS = 10_000;

async function startWorker(): Promise<JobStreamClient> {
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
  } catch (error) {
    worker.terminate();
    throw error;
  } finally {
    URL.revokeObjectURL(url);
  }
  return { api, mode: 'worker', dispose: () => worker.terminate() };
}

async function startOnMainThread(reason: string): Promise<JobStreamClient> {
  const { JobStreamBackend } = await import('./stream.backend.ts');
  const channel = new MessageChannel();
  const backend = new JobStreamBackend();
  expose(backend, channel.port1);
  const api = wrap<JobStreamApi>(channel.port2);
  return {
    api,
    mode: 'main-thread',
    reason,
    dispose: () => {
      // Directly, not through the channel: a message posted now would never be read.
      backend.dispose();
      channel.port1.close();
      channel.port2.close();
    },
  };
}

/** Starts the job streams and subscribes `listener` to their events. */
export async function startJobStream(listener: StreamListener, { worker = true }: { worker?: boolean } = {}): Promise<JobStreamClient> {
  let client: JobStreamClient;
  if (!worker) {
    client = await startOnMainThread('workers disabled');
  } else {
    try {
      client = await startWorker();
    } catch (error) {
      client = await startOnMainThread(error instanceof Error ? error.message : String(error));
    }
  }
  try {
    await client.api.listen(proxy(listener));
  } catch (error) {
    client.dispose();
    throw error;
  }
  return client;
}

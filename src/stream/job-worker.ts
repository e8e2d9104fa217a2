// The job worker's entry: exposes the job streams to the main thread through Comlink, and starts the
// nested decode workers that run the label pipeline for them (decode-worker-client.ts): one, or one per
// job of a multiplexed socket up to the limit (decode-worker-pool.ts), as each configure says.
import { expose } from 'comlink';
import decodeWorkerSource from 'decode-worker-source/inline';
import { DecodeWorkerPipeline } from './decode-worker-client.ts';
import { decodeWorkerLimit, DecodeWorkerPool } from './decode-worker-pool.ts';
import { resolveStreamOptions } from './stream-options.ts';
import type { StreamOptions } from './stream-types.ts';
import { JobStreamBackend } from './stream.backend.ts';

const decoders = new DecodeWorkerPool(() => new DecodeWorkerPipeline(decodeWorkerSource));

/** The streams of this job worker, whose options also say over how many decode workers its jobs spread. */
class JobWorkerStreams extends JobStreamBackend {
  override configure(options: Partial<StreamOptions>): void {
    super.configure(options);
    decoders.setLimit(decodeWorkerLimit(resolveStreamOptions(options), navigator.hardwareConcurrency));
  }
}

expose(new JobWorkerStreams(decoders));

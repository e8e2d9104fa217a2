// The job worker's entry: exposes the job streams to the main thread through Comlink, and starts the
// nested decode workers that run the label pipeline for them (decode-worker-client.ts): one, or one per
// job of a multiplexed socket up to the limit (decode-worker-pool.ts).
import { expose } from 'comlink';
import decodeWorkerSource from 'decode-worker-source/inline';
import { DecodeWorkerPipeline } from './decode-worker-client.ts';
import { DecodeWorkerPool } from './decode-worker-pool.ts';
import { JobStreamBackend } from './stream.backend.ts';

expose(new JobStreamBackend(new DecodeWorkerPool(() => new DecodeWorkerPipeline(decodeWorkerSource))));

// The job worker's entry: exposes the job streams to the main thread through Comlink, and starts the
// nested decode worker that runs the label pipeline for them (decode-worker-client.ts).
import { expose } from 'comlink';
import decodeWorkerSource from 'decode-worker-source/inline';
import { DecodeWorkerPipeline } from './decode-worker-client.ts';
import { JobStreamBackend } from './stream.backend.ts';

expose(new JobStreamBackend(new DecodeWorkerPipeline(decodeWorkerSource)));

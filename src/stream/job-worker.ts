// The job worker's entry: exposes the job streams to the main thread through Comlink.
import { expose } from 'comlink';
import { JobStreamBackend } from './stream.backend.ts';

expose(new JobStreamBackend());

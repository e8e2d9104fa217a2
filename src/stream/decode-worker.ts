// The decode worker's entry, nested in a job worker (one, or one per job of a multiplexed socket up to
// the limit: decode-worker-pool.ts): runs the label pipeline on the
// payloads its job worker hands over, keeping each job's decode state and working memory, and gives back
// each payload buffer with the decoded volume. Built and inlined into the job worker (rollup.config.mjs).
import { LabelDecodeError } from '../labels/decode-error.ts';
import { ScratchMemory } from '../labels/scratch-memory.ts';
import { PipelineStates } from './decode-pipeline.ts';
import type { DecodeReply, DecodeRequest } from './decode-worker-messages.ts';
import { volumeBuffers } from './event-outbox.ts';

const scope = globalThis as unknown as {
  postMessage(reply: DecodeReply, transfer: Transferable[]): void;
  onmessage: ((event: MessageEvent<DecodeRequest>) => void) | null;
};
const pipelines = new PipelineStates();
const scratches = new Map<string, ScratchMemory>();

scope.onmessage = ({ data: request }) => {
  if (request.kind === 'forget') {
    pipelines.forget(request.jobId);
    scratches.delete(request.jobId);
    return;
  }
  void decode(request);
};
scope.postMessage({ kind: 'ready' }, []);

async function decode({ id, jobId, header, buffer, length, options }: Extract<DecodeRequest, { kind: 'decode' }>): Promise<void> {
  let scratch = scratches.get(jobId);
  if (!scratch) scratches.set(jobId, (scratch = new ScratchMemory()));
  const started = performance.now();
  try {
    const result = await pipelines.decode(jobId, { header, bytes: new Uint8Array(buffer, 0, length) }, options, scratch);
    const pipelineMs = performance.now() - started;
    // A result that cannot be posted is answered as a failure below: every request gets its answer.
    scope.postMessage({ kind: 'decoded', id, buffer, result, pipelineMs }, [buffer, ...volumeBuffers(result.volume)]);
  } catch (error) {
    const rule = error instanceof LabelDecodeError ? error.rule : undefined;
    const message = error instanceof Error ? error.message : String(error);
    scope.postMessage({ kind: 'failed', id, buffer, rule, message }, [buffer]);
  }
}

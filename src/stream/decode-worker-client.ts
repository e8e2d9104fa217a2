// The job worker's side of its nested decode worker (decode-worker.ts). The job worker only reads its
// sockets, triages, parses the previews it uses and base64-decodes their payloads into each job's
// payload buffer; the rest of the pipeline runs in the decode worker. So the job worker is idle while
// a preview is decoded: Chromium hands a worker its socket's messages only while the worker is idle, so
// the next previews keep arriving, and latest wins among them before any is decoded.
// Until the decode worker has said it is ready, decodes wait; one that cannot start (or stops) leaves
// the decoding to this thread (PipelineStates), as before.
import { LabelDecodeError } from '../labels/decode-error.ts';
import type { PreviewDecodeOptions } from '../labels/decode-preview.ts';
import type { ScratchMemory } from '../labels/scratch-memory.ts';
import { pipelineHeader, PipelineStates, type DecodePipeline, type PipelineInput, type PipelineResult } from './decode-pipeline.ts';
import type { DecodeReply, DecodeRequest } from './decode-worker-messages.ts';

const START_TIMEOUT_MS = 10_000;

interface Pending {
  resolve(result: PipelineResult): void;
  reject(error: Error): void;
  scratch: ScratchMemory;
  sentAt: number;
}

export class DecodeWorkerPipeline implements DecodePipeline {
  readonly #local = new PipelineStates();
  readonly #pending = new Map<number, Pending>();
  #worker: Worker | undefined;
  /** Resolves once the decode worker listens (true) or could not start (false). */
  readonly #started: Promise<boolean>;
  #nextId = 1;

  /** `source`: the decode worker's bundled script, started from a Blob URL. */
  constructor(source: string) {
    this.#started = new Promise<boolean>((resolve) => {
      let url: string | undefined;
      try {
        url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
        this.#worker = new Worker(url, { name: 'preview-overlay decode' });
      } catch {
        if (url) URL.revokeObjectURL(url);
        resolve(false);
        return;
      }
      const timer = setTimeout(() => this.#stop('the decode worker did not start', resolve), START_TIMEOUT_MS);
      this.#worker.addEventListener('message', ({ data }: MessageEvent<DecodeReply>) => {
        if (data.kind !== 'ready') return this.#answered(data);
        clearTimeout(timer);
        URL.revokeObjectURL(url!);
        resolve(true);
      });
      // An error there is its own: it must not surface as the job worker's (nor the page's) uncaught error.
      this.#worker.addEventListener('error', (event) => {
        event.preventDefault();
        clearTimeout(timer);
        URL.revokeObjectURL(url!);
        this.#stop(`the decode worker stopped: ${event.message || 'it failed to load'}`, resolve);
      });
      this.#worker.addEventListener('messageerror', () => this.#stop('the decode worker sent a message that could not be read', resolve));
    });
  }

  async decode(jobId: string, input: PipelineInput, options: PreviewDecodeOptions, scratch: ScratchMemory): Promise<PipelineResult> {
    const worker = (await this.#started) ? this.#worker : undefined;
    if (!worker) return this.#local.decode(jobId, input, options, scratch);
    const id = this.#nextId++;
    const buffer = scratch.lend('payload', input.bytes);
    return new Promise<PipelineResult>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, scratch, sentAt: performance.now() });
      const request: DecodeRequest = { kind: 'decode', id, jobId, header: pipelineHeader(input.header), buffer, length: input.bytes.byteLength, options };
      try {
        worker.postMessage(request, [buffer]);
      } catch (error) {
        // Not sent (an option that cannot be cloned): the buffer is still here.
        this.#pending.delete(id);
        scratch.giveBack('payload', buffer);
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }

  forget(jobId: string): void {
    this.#local.forget(jobId);
    const request: DecodeRequest = { kind: 'forget', jobId };
    this.#worker?.postMessage(request);
  }

  #answered(reply: Exclude<DecodeReply, { kind: 'ready' }>): void {
    const pending = this.#pending.get(reply.id);
    if (!pending) return;
    this.#pending.delete(reply.id);
    pending.scratch.giveBack('payload', reply.buffer);
    if (reply.kind === 'failed') {
      pending.reject(reply.rule ? new LabelDecodeError(reply.rule, reply.message) : new Error(reply.message));
      return;
    }
    const handoffMs = Math.max(0, performance.now() - pending.sentAt - reply.pipelineMs);
    pending.resolve({ ...reply.result, handoffMs });
  }

  /** The decode worker is gone: what it was decoding fails, and this thread decodes from now on. */
  #stop(reason: string, started: (ok: boolean) => void): void {
    this.#worker?.terminate();
    this.#worker = undefined;
    started(false);
    for (const pending of this.#pending.values()) pending.reject(new Error(reason));
    this.#pending.clear();
  }
}

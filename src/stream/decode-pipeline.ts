// The label pipeline as the stream's decoder uses it: payload bytes in, a decoded volume out, with each
// job's decode state (label index, previous preview, surface) kept where the pipeline runs. It runs on
// the thread that reads the socket (PipelineStates: the main-thread fallback, or a job worker whose
// decode worker could not start), or in one of the job worker's nested decode workers
// (decode-worker-client.ts, decode-worker-pool.ts), so that the socket's thread stays idle and keeps
// reading while a preview is decoded.
import { createPreviewDecodeState, decodePreview, type DecodedPreview, type PreviewDecodeOptions, type PreviewDecodeState, type PreviewHeaderLike } from '../labels/decode-preview.ts';
import type { ScratchMemory } from '../labels/scratch-memory.ts';

export interface PipelineInput {
  header: PreviewHeaderLike;
  bytes: Uint8Array;
}

/** A decoded preview; `handoffMs` is the time it spent travelling to another thread and back, when it did. */
export type PipelineResult = Omit<DecodedPreview, 'state'> & { handoffMs?: number };

export interface DecodePipeline {
  /**
   * Decodes one preview of `jobId` (one at a time per job). `scratch` is the job's working memory on
   * the reading thread; `input.bytes` may be lent from its payload buffer (and is given back).
   * Throws LabelDecodeError on bad input.
   */
  decode(jobId: string, input: PipelineInput, options: PreviewDecodeOptions, scratch: ScratchMemory): Promise<PipelineResult>;
  /** Drops the job's decode state: its next preview is decoded as its first. */
  forget(jobId: string): void;
}

/** Only what the pipeline reads from a header: a preview's header also holds its 22 MB base64 text. */
export function pipelineHeader({ shape, dtype, spacing, compression }: PreviewHeaderLike): PreviewHeaderLike {
  return { shape, dtype, spacing, compression };
}

/** The pipeline on this thread, each job's decode state kept between its previews. */
export class PipelineStates implements DecodePipeline {
  readonly #states = new Map<string, { state: PreviewDecodeState }>();

  async decode(jobId: string, input: PipelineInput, options: PreviewDecodeOptions, scratch: ScratchMemory): Promise<PipelineResult> {
    let job = this.#states.get(jobId);
    if (!job) this.#states.set(jobId, (job = { state: createPreviewDecodeState() }));
    const { state, ...result } = await decodePreview(input, job.state, options, scratch);
    job.state = state;
    return result;
  }

  forget(jobId: string): void {
    this.#states.delete(jobId);
  }
}

// Latest-wins decoding per job (worker side): at most one decode running and one waiting per job; a
// newer preview replaces the waiting one; a preview older than one already accepted is dropped.
// Memory stays bounded by jobs × (running + waiting + the previous volume kept for change detection).
import { decodeBase64 } from '../labels/base64.ts';
import { createPreviewDecodeState, decodePreview, type PreviewDecodeOptions, type PreviewDecodeState } from '../labels/decode-preview.ts';
import { LabelDecodeError } from '../labels/decode-error.ts';
import type { PreviewHeader } from '../protocol/job-message.ts';
import type { StreamEvent } from './stream-types.ts';

export interface ArrivedPreview {
  header: PreviewHeader;
  /** Raw bytes of a binary frame; for a text frame the base64 text is in the header's payload. */
  body: Uint8Array | undefined;
  sentAt: number | undefined;
  receivedAt: number;
  messageBytes: number;
}

type Emit = (event: StreamEvent) => void;

interface JobDecodes {
  running: boolean;
  waiting: ArrivedPreview | undefined;
  newestOrder: number;
  state: PreviewDecodeState;
  idle: Array<() => void>;
}

export class PreviewDecoder {
  readonly #jobs = new Map<string, JobDecodes>();
  readonly #emit: Emit;
  readonly #options: () => PreviewDecodeOptions;

  constructor(emit: Emit, options: () => PreviewDecodeOptions) {
    this.#emit = emit;
    this.#options = options;
  }

  submit(jobId: string, preview: ArrivedPreview): void {
    const job = this.#job(jobId);
    // 0 means the server gave nothing to order by: accept every such preview.
    const order = preview.header.order;
    if (order !== 0) {
      if (order <= job.newestOrder) {
        return;
      }
      job.newestOrder = order;
    }
    if (job.running) {
      job.waiting = preview;
      return;
    }
    void this.#run(jobId, job, preview);
  }

  /** Resolves when the job has nothing running or waiting (so a terminal event follows its last preview). */
  whenIdle(jobId: string): Promise<void> {
    const job = this.#jobs.get(jobId);
    if (!job || (!job.running && !job.waiting)) return Promise.resolve();
    return new Promise((resolve) => job.idle.push(resolve));
  }

  /**
   * Forgets the newest order seen, keeping the decode state: after a reconnect a server that restarted
   * may number its previews from 1 again, and those must not all be dropped as "older".
   */
  restartOrder(jobId: string): void {
    const job = this.#jobs.get(jobId);
    if (job) job.newestOrder = -Infinity;
  }

  forget(jobId: string): void {
    const job = this.#jobs.get(jobId);
    this.#jobs.delete(jobId);
    job?.idle.forEach((resolve) => resolve());
  }

  #job(jobId: string): JobDecodes {
    let job = this.#jobs.get(jobId);
    if (!job) {
      job = { running: false, waiting: undefined, newestOrder: -Infinity, state: createPreviewDecodeState(), idle: [] };
      this.#jobs.set(jobId, job);
    }
    return job;
  }

  async #run(jobId: string, job: JobDecodes, preview: ArrivedPreview): Promise<void> {
    job.running = true;
    let next: ArrivedPreview | undefined = preview;
    while (next) {
      await this.#decodeOne(jobId, job, next);
      if (this.#jobs.get(jobId) !== job) return;
      next = job.waiting;
      job.waiting = undefined;
    }
    job.running = false;
    const idle = job.idle.splice(0);
    idle.forEach((resolve) => resolve());
  }

  async #decodeOne(jobId: string, job: JobDecodes, preview: ArrivedPreview): Promise<void> {
    const { header } = preview;
    try {
      const bytes = header.payload.encoding === 'base64' ? decodeBase64(header.payload.text) : preview.body;
      if (!bytes) throw new LabelDecodeError('payload', 'A binary preview arrived without its bytes.');
      const { volume, state } = await decodePreview({ header, bytes }, job.state, this.#options());
      if (this.#jobs.get(jobId) !== job) return;
      job.state = state;
      this.#emit({
        kind: 'preview',
        jobId,
        previewId: header.previewId,
        volume,
        decodeMs: performance.now() - preview.receivedAt,
        sentAt: preview.sentAt,
        messageBytes: preview.messageBytes,
      });
    } catch (error) {
      if (error instanceof LabelDecodeError) {
        this.#emit({ kind: 'error', jobId, code: error.rule, message: error.message });
      } else {
        const message = error instanceof Error ? error.message : String(error);
        this.#emit({ kind: 'error', jobId, code: 'payload', message: `The preview could not be decoded: ${message}` });
      }
    }
  }
}

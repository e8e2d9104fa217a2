// Latest-wins decoding per job (worker side): at most one decode running and one waiting per job; a
// newer preview replaces the waiting one; which previews are older is preview-order.ts's rule.
// Memory stays bounded by jobs × (running + waiting + the previous volume kept for change detection).
// A preview by URL is downloaded when its turn comes, so latest-wins applies before the download; a
// newer preview aborts a download in progress.
import { decodeBase64 } from '../labels/base64.ts';
import { createPreviewDecodeState, decodePreview, type PreviewDecodeOptions, type PreviewDecodeState } from '../labels/decode-preview.ts';
import { LabelDecodeError } from '../labels/decode-error.ts';
import type { PreviewHeader } from '../protocol/job-message.ts';
import { fetchPreviewBytes, PreviewFetchAborted, PreviewFetchError } from './preview-fetch.ts';
import { createPreviewOrder, orderPreview, PREVIEW_ORDER_LIMITS, restartPreviewOrder, type PreviewOrder } from './preview-order.ts';
import type { StreamEvent } from './stream-types.ts';

export interface ArrivedPreview {
  header: PreviewHeader;
  /** Raw bytes of a binary frame; for a text frame the base64 text is in the header's payload. */
  body: Uint8Array | undefined;
  sentAt: number | undefined;
  receivedAt: number;
  /** Size of the message as received, in bytes (text length for text frames). */
  messageBytes: number;
  /** Time spent parsing and validating the message before it reached the decoder. */
  parseMs: number;
  /** The server's http(s) address: a relative preview URL is fetched from there. */
  baseUrl?: string;
}

export interface PreviewDecoderOptions extends PreviewDecodeOptions {
  /** The most bytes a preview by URL may download. */
  maxFetchBytes: number;
  fetchTimeoutMs: number;
}

type Emit = (event: StreamEvent) => void;

const ROUNDED_SENTENCE =
  'Preview values were rounded to label ids: the server sent floats that are not whole numbers (a probability map?); halves round to even, as NumPy does.';

interface JobDecodes {
  running: boolean;
  waiting: ArrivedPreview | undefined;
  /** Aborts the running preview's download, when it is one. */
  download: AbortController | undefined;
  order: PreviewOrder;
  state: PreviewDecodeState;
  /** Non-integer float labels were rounded and that was said (once per job). */
  roundingReported: boolean;
  idle: Array<() => void>;
}

export class PreviewDecoder {
  readonly #jobs = new Map<string, JobDecodes>();
  readonly #emit: Emit;
  readonly #options: () => PreviewDecoderOptions;

  constructor(emit: Emit, options: () => PreviewDecoderOptions) {
    this.#emit = emit;
    this.#options = options;
  }

  submit(jobId: string, preview: ArrivedPreview): void {
    const job = this.#job(jobId);
    const { previewId, final, sentAt } = preview.header;
    const decision = orderPreview(job.order, { previewId, final, sentAt }, Date.now());
    job.order = decision.order;
    if (decision.reset) this.#emit({ kind: 'error', jobId, code: 'order', message: decision.reset });
    if (!decision.show) return;
    if (job.running) {
      job.waiting = preview;
      // The running download is of an older preview: it would only be thrown away after arriving.
      job.download?.abort();
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
    if (job) job.order = restartPreviewOrder(job.order);
  }

  forget(jobId: string): void {
    const job = this.#jobs.get(jobId);
    this.#jobs.delete(jobId);
    job?.download?.abort();
    job?.idle.forEach((resolve) => resolve());
  }

  #job(jobId: string): JobDecodes {
    let job = this.#jobs.get(jobId);
    if (!job) {
      job = {
        running: false,
        waiting: undefined,
        download: undefined,
        order: createPreviewOrder(),
        state: createPreviewDecodeState(),
        roundingReported: false,
        idle: [],
      };
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
      const base64Start = performance.now();
      const bytes = await this.#bytes(job, preview);
      // A download is not base64 work: only inline text counts here.
      const base64Ms = header.payload.encoding === 'base64' ? performance.now() - base64Start : 0;
      if (!bytes) throw new LabelDecodeError('payload', 'A binary preview arrived without its bytes.');
      const { volume, state, timings, rounded } = await decodePreview({ header, bytes }, job.state, this.#options());
      if (this.#jobs.get(jobId) !== job) return;
      job.state = state;
      if (rounded && !job.roundingReported) {
        job.roundingReported = true;
        this.#emit({ kind: 'error', jobId, code: 'labels', message: ROUNDED_SENTENCE });
      }
      // A clock far ahead of ours would make a negative latency; such a time says nothing.
      const sentAt = preview.sentAt !== undefined && preview.sentAt - Date.now() <= PREVIEW_ORDER_LIMITS.maxFutureMs ? preview.sentAt : undefined;
      this.#emit({
        kind: 'preview',
        jobId,
        previewId: header.previewId,
        final: header.final,
        volume,
        decodeMs: performance.now() - preview.receivedAt,
        timings: { parseMs: preview.parseMs, base64Ms, ...timings },
        sentAt,
        messageBytes: preview.messageBytes,
      });
    } catch (error) {
      if (error instanceof PreviewFetchAborted) return;
      if (error instanceof PreviewFetchError) {
        this.#emit({ kind: 'error', jobId, code: error.code, message: error.message, field: 'data.url' });
      } else if (error instanceof LabelDecodeError) {
        this.#emit({ kind: 'error', jobId, code: error.rule, message: error.message });
      } else {
        const message = error instanceof Error ? error.message : String(error);
        this.#emit({ kind: 'error', jobId, code: 'payload', message: `The preview could not be decoded: ${message}` });
      }
    }
  }

  /** The payload bytes: decoded from base64, the frame's body, or downloaded (abortably) from the URL. */
  async #bytes(job: JobDecodes, preview: ArrivedPreview): Promise<Uint8Array | undefined> {
    const { payload } = preview.header;
    if (payload.encoding === 'base64') return decodeBase64(payload.text);
    if (payload.encoding === 'binary') return preview.body;
    const { maxFetchBytes, fetchTimeoutMs } = this.#options();
    const download = new AbortController();
    job.download = download;
    try {
      return await fetchPreviewBytes(payload.url, { base: preview.baseUrl ?? '', maxBytes: maxFetchBytes, timeoutMs: fetchTimeoutMs, signal: download.signal });
    } finally {
      if (job.download === download) job.download = undefined;
    }
  }
}
